//! Creating a user, or changing one (role, status, password, groups).

use crm_api_types::{CreateUserRequest, GroupResponse, UpdateUserRequest, UserResponse};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{
    CheckField, IdPicker, Loading, Notice, PickerOption, ProblemBanner, TextField, TimeZoneList,
};
use crate::hooks::{use_load, use_session};
use crate::i18n::{role_text, Lang, Text};
use crate::services::{api, ApiError};

/// Roles an administrator may give; `owner` is shown only for the owner.
const ROLES: &[&str] = &["crm_user", "crm_admin", "portal_admin"];

/// The editable fields of a user.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    email: String,
    name: String,
    password: String,
    locale: String,
    time_zone: String,
    role: String,
    active: bool,
    group_ids: Vec<i64>,
    /// With a new password, revoke the user's API tokens too.
    revoke_api_tokens: bool,
}

impl Draft {
    fn new_user(lang: Lang) -> Self {
        Self {
            locale: lang.code().to_owned(),
            time_zone: "UTC".to_owned(),
            role: "crm_user".to_owned(),
            active: true,
            ..Self::default()
        }
    }

    fn from_user(user: &UserResponse) -> Self {
        Self {
            email: user.email.clone(),
            name: user.name.clone(),
            password: String::new(),
            locale: user.locale.clone(),
            time_zone: user.time_zone.clone(),
            role: user.role.clone(),
            active: user.active,
            group_ids: user.group_ids.clone(),
            revoke_api_tokens: false,
        }
    }

    /// Only what changed, so that untouched fields are never sent.
    fn changes_to(&self, user: &UserResponse) -> UpdateUserRequest {
        let changed = |new: &String, old: &String| (new != old).then(|| new.clone());
        UpdateUserRequest {
            email: changed(&self.email, &user.email),
            name: changed(&self.name, &user.name),
            locale: changed(&self.locale, &user.locale),
            time_zone: changed(&self.time_zone, &user.time_zone),
            role: changed(&self.role, &user.role),
            active: (self.active != user.active).then_some(self.active),
            password: (!self.password.is_empty()).then(|| self.password.clone()),
            group_ids: (self.group_ids != user.group_ids).then(|| self.group_ids.clone()),
            revoke_api_tokens: (!self.password.is_empty() && self.revoke_api_tokens)
                .then_some(true),
            version: Some(user.version),
        }
    }

    fn to_create(&self) -> CreateUserRequest {
        CreateUserRequest {
            email: self.email.trim().to_owned(),
            name: self.name.trim().to_owned(),
            password: self.password.clone(),
            locale: Some(self.locale.clone()),
            time_zone: Some(self.time_zone.trim().to_owned()).filter(|tz| !tz.is_empty()),
            role: Some(self.role.clone()),
            group_ids: Some(self.group_ids.clone()),
        }
    }
}

/// Properties of [`UserEditPage`].
#[derive(Properties, PartialEq)]
pub struct UserEditPageProps {
    /// The user to change; `None` to create one.
    pub id: Option<i64>,
}

/// The user form.
#[component]
pub fn UserEditPage(props: &UserEditPageProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let user = use_load(props.id, |id| async move {
        match id {
            Some(id) => api::get::<UserResponse>(&format!("/users/{id}"))
                .await
                .map(Some),
            None => Ok(None),
        }
    });
    let groups = use_load((), |()| api::get_all::<GroupResponse>("/groups?limit=200"));
    let draft = use_state(|| Draft::new_user(session.lang()));
    let error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);
    let busy = use_state(|| false);
    {
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(user.data.clone(), move |loaded| {
            if let Some(Some(user)) = loaded {
                draft.set(Draft::from_user(user));
                error.set(None);
            }
        });
    }

    if let Some(load_error) = user.error.clone() {
        return html! { <ProblemBanner error={load_error} on_reload={user.reload.clone()} /> };
    }
    let original = user.data.clone().flatten();
    if props.id.is_some() && original.is_none() {
        return html! { <Loading /> };
    }

    let onsubmit = {
        let (draft, error, saved, busy) =
            (draft.clone(), error.clone(), saved.clone(), busy.clone());
        let (original, replace) = (original.clone(), user.replace.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            saved.set(false);
            let (draft_now, error, saved, busy) =
                ((*draft).clone(), error.clone(), saved.clone(), busy.clone());
            let (original, replace, navigator) =
                (original.clone(), replace.clone(), navigator.clone());
            spawn_local(async move {
                let result = match &original {
                    Some(user) => {
                        let path = format!("/users/{}", user.id);
                        api::patch::<_, UserResponse>(&path, &draft_now.changes_to(user)).await
                    }
                    None => api::post::<_, UserResponse>("/users", &draft_now.to_create()).await,
                };
                busy.set(false);
                match (result, original.is_some()) {
                    (Ok(user), true) => {
                        replace.emit(Some(user));
                        saved.set(true);
                    }
                    (Ok(_), false) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Users);
                        }
                    }
                    (Err(e), _) => error.set(Some(e)),
                }
            });
        })
    };
    let update = |apply: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let on_revoke = {
        let draft = draft.clone();
        Callback::from(move |revoke_api_tokens| {
            draft.set(Draft {
                revoke_api_tokens,
                ..(*draft).clone()
            })
        })
    };
    let on_active = {
        let draft = draft.clone();
        Callback::from(move |active| {
            draft.set(Draft {
                active,
                ..(*draft).clone()
            })
        })
    };
    let on_groups = {
        let draft = draft.clone();
        Callback::from(move |group_ids| {
            draft.set(Draft {
                group_ids,
                ..(*draft).clone()
            })
        })
    };
    let on_select = |apply: fn(&mut Draft, String)| {
        update(apply).reform(|e: Event| {
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
        })
    };
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
    let is_owner = draft.role == "owner";
    // Nobody may change their own role or deactivate themselves.
    let is_self = original
        .as_ref()
        .zip(session.me())
        .is_some_and(|(u, me)| u.id == me.user.id);
    let err = (*error).clone();
    let reload = user.reload.clone();
    let lang = session.lang();

    html! {
        <form class="card form" {onsubmit} novalidate=true>
            if let Some(error) = err.clone() {
                <ProblemBanner {error} on_reload={original.is_some().then_some(reload)} />
            }
            if *saved {
                <Notice text={session.t(Text::Saved)} />
            }
            <TextField label={Text::Name} name="name" value={draft.name.clone()} required=true
                oninput={update(|d, v| d.name = v)} error={err.clone()} autocomplete="off" />
            <TextField label={Text::Email} name="email" input_type="email" value={draft.email.clone()}
                required=true oninput={update(|d, v| d.email = v)} error={err.clone()} autocomplete="off" />
            <TextField label={if original.is_some() { Text::NewPassword } else { Text::Password }}
                name="password" input_type="password" value={draft.password.clone()}
                required={original.is_none()} oninput={update(|d, v| d.password = v)} error={err.clone()}
                hint={if original.is_some() { Text::PasswordHintEdit } else { Text::PasswordHintNew }}
                autocomplete="new-password" />
            if original.is_some() && !draft.password.is_empty() {
                <CheckField label={Text::RevokeApiTokens} name="revoke_api_tokens"
                    checked={draft.revoke_api_tokens} onchange={on_revoke} error={err.clone()} />
            }
            <div class="field">
                <label for="f-role">{ session.t(Text::Role) }</label>
                <select id="f-role" disabled={is_owner || is_self} onchange={on_select(|d, v| d.role = v)}>
                    { for ROLES.iter().copied().chain(is_owner.then_some("owner")).map(|role| html! {
                        <option value={role} selected={draft.role == role}>
                            { role_text(role).map_or(role, |t| t.tr(lang)) }
                        </option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="f-locale">{ session.t(Text::Language) }</label>
                <select id="f-locale" onchange={on_select(|d, v| d.locale = v)}>
                    { for Lang::ALL.iter().map(|l| html! {
                        <option value={l.code()} selected={draft.locale == l.code()}>{ l.native_name() }</option>
                    }) }
                </select>
            </div>
            <TextField label={Text::TimeZone} name="time_zone" value={draft.time_zone.clone()}
                oninput={update(|d, v| d.time_zone = v)} error={err.clone()} list="time-zones" />
            <TimeZoneList id="time-zones" />
            if original.is_some() && !is_owner && !is_self {
                <CheckField label={Text::AccountActive} name="active" checked={draft.active}
                    onchange={on_active} hint={Text::AccountActiveHint} error={err.clone()} />
            }
            <IdPicker label={Text::Groups} name="group_ids" options={group_options}
                selected={draft.group_ids.clone()} onchange={on_groups} error={err} />
            <div class="form-actions">
                <button type="submit" class="button primary" disabled={*busy}>
                    { session.t(if *busy { Text::Saving } else { Text::Save }) }
                </button>
                <Link<Route> to={Route::Users} classes="button">{ session.t(Text::Cancel) }</Link<Route>>
            </div>
        </form>
    }
}
