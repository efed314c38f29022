//! Who may use the CRM module, and whether it is switched on.

use crm_api_types::{CrmSettingsResponse, GroupResponse, UpdateCrmSettingsRequest, UserResponse};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{CheckField, IdPicker, Loading, Notice, PickerOption, ProblemBanner};
use crate::hooks::{use_load, use_session};
use crate::i18n::Text;
use crate::services::{api, ApiError};

/// The editable settings.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    enabled: bool,
    open_to_all: bool,
    user_ids: Vec<i64>,
    group_ids: Vec<i64>,
}

impl Draft {
    fn from_settings(settings: &CrmSettingsResponse) -> Self {
        Self {
            enabled: settings.enabled,
            open_to_all: settings.open_to_all,
            user_ids: settings.user_ids.clone(),
            group_ids: settings.group_ids.clone(),
        }
    }

    fn changes_to(&self, old: &CrmSettingsResponse) -> UpdateCrmSettingsRequest {
        UpdateCrmSettingsRequest {
            enabled: (self.enabled != old.enabled).then_some(self.enabled),
            open_to_all: (self.open_to_all != old.open_to_all).then_some(self.open_to_all),
            user_ids: (self.user_ids != old.user_ids).then(|| self.user_ids.clone()),
            group_ids: (self.group_ids != old.group_ids).then(|| self.group_ids.clone()),
            version: Some(old.version),
        }
    }
}

/// The CRM settings page (admins).
#[component]
pub fn CrmSettingsPage() -> Html {
    let session = use_session();
    let settings = use_load((), |()| api::get::<CrmSettingsResponse>("/settings/crm"));
    let users = use_load((), |()| api::get_all::<UserResponse>("/users?limit=200"));
    let groups = use_load((), |()| api::get_all::<GroupResponse>("/groups?limit=200"));
    let draft = use_state(Draft::default);
    let error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);
    let busy = use_state(|| false);
    {
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(settings.data.clone(), move |loaded| {
            if let Some(settings) = loaded {
                draft.set(Draft::from_settings(settings));
                error.set(None);
            }
        });
    }
    if let Some(load_error) = settings.error.clone() {
        return html! { <ProblemBanner error={load_error} on_reload={settings.reload.clone()} /> };
    }
    let Some(original) = settings.data.clone() else {
        return html! { <Loading /> };
    };

    let onsubmit = {
        let (draft, error, saved, busy) =
            (draft.clone(), error.clone(), saved.clone(), busy.clone());
        let (replace, session) = (settings.replace.clone(), session.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            saved.set(false);
            let change = draft.changes_to(&original);
            let (error, saved, busy, replace, session) = (
                error.clone(),
                saved.clone(),
                busy.clone(),
                replace.clone(),
                session.clone(),
            );
            spawn_local(async move {
                let result = api::patch::<_, CrmSettingsResponse>("/settings/crm", &change).await;
                busy.set(false);
                match result {
                    Ok(settings) => {
                        replace.emit(settings);
                        saved.set(true);
                        session.reload_crm();
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let toggle = |apply: fn(&mut Draft, bool)| {
        let draft = draft.clone();
        Callback::from(move |value: bool| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let choose = |apply: fn(&mut Draft, Vec<i64>)| {
        let draft = draft.clone();
        Callback::from(move |ids: Vec<i64>| {
            let mut next = (*draft).clone();
            apply(&mut next, ids);
            draft.set(next);
        })
    };
    let user_options: Vec<PickerOption> = users
        .data
        .iter()
        .flatten()
        .map(|u| PickerOption {
            id: u.id,
            label: u.name.clone(),
            detail: u.email.clone(),
        })
        .collect();
    let group_options: Vec<PickerOption> = groups
        .data
        .iter()
        .flatten()
        .map(|g| PickerOption {
            id: g.id,
            label: g.name.clone(),
            detail: String::new(),
        })
        .collect();
    let err = (*error).clone();

    html! {
        <form class="card form" {onsubmit} novalidate=true data-testid="crm-settings">
            if let Some(error) = err.clone() {
                <ProblemBanner {error} on_reload={settings.reload.clone()} />
            }
            if *saved {
                <Notice text={session.t(Text::Saved)} />
            }
            <CheckField label={Text::CrmEnabled} name="enabled" checked={draft.enabled}
                onchange={toggle(|d, v| d.enabled = v)} hint={Text::CrmEnabledHint} error={err.clone()} />
            <CheckField label={Text::CrmOpenToAll} name="open_to_all" checked={draft.open_to_all}
                onchange={toggle(|d, v| d.open_to_all = v)} hint={Text::CrmAccessHint} error={err.clone()} />
            if !draft.open_to_all {
                <IdPicker label={Text::CrmGrantedUsers} name="user_ids" options={user_options}
                    selected={draft.user_ids.clone()} onchange={choose(|d, ids| d.user_ids = ids)} error={err.clone()} />
                <IdPicker label={Text::CrmGrantedGroups} name="group_ids" options={group_options}
                    selected={draft.group_ids.clone()} onchange={choose(|d, ids| d.group_ids = ids)} error={err} />
            }
            <div class="form-actions">
                <button type="submit" class="button primary" disabled={*busy}>
                    { session.t(if *busy { Text::Saving } else { Text::Save }) }
                </button>
            </div>
        </form>
    }
}
