//! Creating, changing or deleting a group of users.

use crm_api_types::{CreateGroupRequest, GroupResponse, UpdateGroupRequest, UserResponse};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{IdPicker, Loading, Notice, PickerOption, ProblemBanner, TextField};
use crate::hooks::{use_load, use_session};
use crate::i18n::{fill, Text};
use crate::services::{api, browser, ApiError};

/// The editable fields of a group.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    name: String,
    description: String,
    member_ids: Vec<i64>,
}

impl Draft {
    fn from_group(group: &GroupResponse) -> Self {
        Self {
            name: group.name.clone(),
            description: group.description.clone(),
            member_ids: group.member_ids.clone(),
        }
    }
}

/// Properties of [`GroupEditPage`].
#[derive(Properties, PartialEq)]
pub struct GroupEditPageProps {
    /// The group to change; `None` to create one.
    pub id: Option<i64>,
}

/// The group form.
#[component]
pub fn GroupEditPage(props: &GroupEditPageProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let group = use_load(props.id, |id| async move {
        match id {
            Some(id) => api::get::<GroupResponse>(&format!("/groups/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    let users = use_load((), |()| api::get_all::<UserResponse>("/users?limit=200"));
    let draft = use_state(Draft::default);
    let error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);
    let busy = use_state(|| false);
    {
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(group.data.clone(), move |loaded| {
            if let Some(Some(group)) = loaded {
                draft.set(Draft::from_group(group));
                error.set(None);
            }
        });
    }

    if let Some(load_error) = group.error.clone() {
        return html! { <ProblemBanner error={load_error} on_reload={group.reload.clone()} /> };
    }
    let original = group.data.clone().flatten();
    if props.id.is_some() && original.is_none() {
        return html! { <Loading /> };
    }

    let go_to_list = {
        let navigator = navigator.clone();
        move || {
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Groups);
            }
        }
    };
    let onsubmit = {
        let (draft, error, saved, busy) =
            (draft.clone(), error.clone(), saved.clone(), busy.clone());
        let (original, replace, go_to_list) =
            (original.clone(), group.replace.clone(), go_to_list.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            saved.set(false);
            let (d, error, saved, busy) =
                ((*draft).clone(), error.clone(), saved.clone(), busy.clone());
            let (original, replace, go_to_list) =
                (original.clone(), replace.clone(), go_to_list.clone());
            spawn_local(async move {
                let result = match &original {
                    Some(group) => {
                        let change = UpdateGroupRequest {
                            name: (d.name != group.name).then(|| d.name.trim().to_owned()),
                            description: (d.description != group.description)
                                .then(|| d.description.clone()),
                            member_ids: (d.member_ids != group.member_ids)
                                .then(|| d.member_ids.clone()),
                            version: Some(group.version),
                        };
                        api::patch::<_, GroupResponse>(&format!("/groups/{}", group.id), &change)
                            .await
                    }
                    None => {
                        let new = CreateGroupRequest {
                            name: d.name.trim().to_owned(),
                            description: Some(d.description.clone()).filter(|s| !s.is_empty()),
                            member_ids: Some(d.member_ids.clone()),
                        };
                        api::post::<_, GroupResponse>("/groups", &new).await
                    }
                };
                busy.set(false);
                match (result, original.is_some()) {
                    (Ok(group), true) => {
                        replace.emit(Some(group));
                        saved.set(true);
                    }
                    (Ok(_), false) => go_to_list(),
                    (Err(e), _) => error.set(Some(e)),
                }
            });
        })
    };
    let on_delete = original.as_ref().map(|group| {
        let (group, error, lang) = (group.clone(), error.clone(), session.lang());
        Callback::from(move |_: MouseEvent| {
            let question = fill(Text::ConfirmDeleteGroup.tr(lang), &[("name", &group.name)]);
            if !browser::confirm(&question) {
                return;
            }
            let (id, error, go_to_list) = (group.id, error.clone(), go_to_list.clone());
            spawn_local(async move {
                match api::delete(&format!("/groups/{id}")).await {
                    Ok(()) => go_to_list(),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    });
    let update = |apply: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let on_members = {
        let draft = draft.clone();
        Callback::from(move |member_ids| {
            draft.set(Draft {
                member_ids,
                ..(*draft).clone()
            })
        })
    };
    let member_options: Vec<PickerOption> = users
        .data
        .iter()
        .flatten()
        .map(|u| PickerOption {
            id: u.id,
            label: u.name.clone(),
            detail: u.email.clone(),
        })
        .collect();
    let err = (*error).clone();

    html! {
        <form class="card form" {onsubmit} novalidate=true>
            if let Some(error) = err.clone() {
                <ProblemBanner {error} on_reload={original.is_some().then(|| group.reload.clone())} />
            }
            if *saved {
                <Notice text={session.t(Text::Saved)} />
            }
            <TextField label={Text::Title} name="name" value={draft.name.clone()} required=true
                oninput={update(|d, v| d.name = v)} error={err.clone()} autocomplete="off" />
            <TextField label={Text::Description} name="description" value={draft.description.clone()}
                oninput={update(|d, v| d.description = v)} error={err.clone()} autocomplete="off" />
            <IdPicker label={Text::Members} name="member_ids" options={member_options}
                selected={draft.member_ids.clone()} onchange={on_members} error={err} />
            <div class="form-actions">
                <button type="submit" class="button primary" disabled={*busy}>
                    { session.t(if *busy { Text::Saving } else { Text::Save }) }
                </button>
                <Link<Route> to={Route::Groups} classes="button">{ session.t(Text::Cancel) }</Link<Route>>
                if let Some(onclick) = on_delete {
                    <span class="spacer"></span>
                    <button type="button" class="button danger" {onclick}>{ session.t(Text::Delete) }</button>
                }
            </div>
        </form>
    }
}
