//! The user's own profile: name, time zone, password and the calendar feed of tasks.

use crm_api_types::{MeResponse, UpdateMeRequest};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::calendar_feed::CalendarFeed;
use crate::components::{CheckField, Loading, Notice, ProblemBanner, TextField, TimeZoneList};
use crate::hooks::use_session;
use crate::i18n::{role_text, Text};
use crate::services::{api, ApiError};

/// The profile page.
#[component]
pub fn ProfilePage() -> Html {
    let session = use_session();
    let me = session.me().cloned();
    let name = use_state(|| me.as_ref().map(|m| m.user.name.clone()).unwrap_or_default());
    let time_zone = use_state(|| {
        me.as_ref()
            .map(|m| m.user.time_zone.clone())
            .unwrap_or_default()
    });
    let current_password = use_state(String::new);
    let new_password = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let notice = use_state(|| None::<Text>);
    let busy = use_state(|| false);
    let with_tokens = use_state(|| false);
    let Some(me) = me else {
        return html! { <Loading /> };
    };

    let save = |make: Box<dyn Fn() -> UpdateMeRequest>, done: Text| {
        let (session, error, notice, busy) =
            (session.clone(), error.clone(), notice.clone(), busy.clone());
        let (current_password, new_password) = (current_password.clone(), new_password.clone());
        let version = me.user.version;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let change = UpdateMeRequest {
                version: Some(version),
                ..make()
            };
            let (session, error, notice, busy) =
                (session.clone(), error.clone(), notice.clone(), busy.clone());
            let (current_password, new_password) = (current_password.clone(), new_password.clone());
            busy.set(true);
            notice.set(None);
            spawn_local(async move {
                let result = api::patch::<_, MeResponse>("/me", &change).await;
                busy.set(false);
                match result {
                    Ok(me) => {
                        session.update_me(me);
                        error.set(None);
                        notice.set(Some(done));
                        current_password.set(String::new());
                        new_password.set(String::new());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_profile = {
        let (name, time_zone) = (name.clone(), time_zone.clone());
        save(
            Box::new(move || UpdateMeRequest {
                name: Some(name.trim().to_owned()),
                time_zone: Some(time_zone.trim().to_owned()),
                ..Default::default()
            }),
            Text::Saved,
        )
    };
    let on_password = {
        let (current_password, new_password) = (current_password.clone(), new_password.clone());
        save(
            Box::new(move || UpdateMeRequest {
                current_password: Some((*current_password).clone()),
                new_password: Some((*new_password).clone()),
                ..Default::default()
            }),
            Text::PasswordChanged,
        )
    };
    let reload = {
        let (session, name, time_zone, error) = (
            session.clone(),
            name.clone(),
            time_zone.clone(),
            error.clone(),
        );
        Callback::from(move |()| {
            let (session, name, time_zone, error) = (
                session.clone(),
                name.clone(),
                time_zone.clone(),
                error.clone(),
            );
            spawn_local(async move {
                if let Ok(me) = api::get::<MeResponse>("/me").await {
                    name.set(me.user.name.clone());
                    time_zone.set(me.user.time_zone.clone());
                    error.set(None);
                    session.update_me(me);
                }
            });
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };
    let on_with_tokens = {
        let with_tokens = with_tokens.clone();
        Callback::from(move |on: bool| with_tokens.set(on))
    };
    let everywhere = {
        let (session, with_tokens) = (session.clone(), with_tokens.clone());
        Callback::from(move |_: MouseEvent| session.logout_everywhere(*with_tokens))
    };
    let err = (*error).clone();
    let role =
        role_text(&me.user.role).map_or_else(|| me.user.role.clone(), |t| session.t(t).to_owned());

    html! {
        <>
            if let Some(error) = err.clone() {
                <ProblemBanner {error} on_reload={reload} />
            }
            if let Some(done) = *notice {
                <Notice text={session.t(done)} />
            }
            <form class="card form" onsubmit={on_profile} novalidate=true data-testid="profile-form">
                <dl class="facts">
                    <dt>{ session.t(Text::Email) }</dt><dd>{ me.user.email.clone() }</dd>
                    <dt>{ session.t(Text::Portal) }</dt><dd>{ me.portal.name.clone() }</dd>
                    <dt>{ session.t(Text::Role) }</dt><dd>{ role }</dd>
                </dl>
                <TextField label={Text::Name} name="name" value={(*name).clone()} oninput={set(&name)}
                    error={err.clone()} autocomplete="name" required=true />
                <TextField label={Text::TimeZone} name="time_zone" value={(*time_zone).clone()}
                    oninput={set(&time_zone)} error={err.clone()} list="time-zones" />
                <TimeZoneList id="time-zones" />
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled={*busy}>{ session.t(Text::Save) }</button>
                </div>
            </form>
            <form class="card form" onsubmit={on_password} novalidate=true>
                <h2>{ session.t(Text::ChangePassword) }</h2>
                <TextField label={Text::CurrentPassword} name="current_password" input_type="password"
                    value={(*current_password).clone()} oninput={set(&current_password)} error={err.clone()}
                    autocomplete="current-password" required=true />
                <TextField label={Text::NewPassword} name="new_password" input_type="password"
                    value={(*new_password).clone()} oninput={set(&new_password)} error={err}
                    autocomplete="new-password" hint={Text::PasswordHintNew} required=true />
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled={*busy}>{ session.t(Text::ChangePassword) }</button>
                </div>
            </form>
            if session.has_section("tasks") {
                <CalendarFeed />
            }
            <section class="card form" data-testid="sign-out-everywhere">
                <h2>{ session.t(Text::SignOutEverywhere) }</h2>
                <CheckField label={Text::SignOutEverywhereWithTokens} name="api_tokens"
                    checked={*with_tokens} onchange={on_with_tokens} />
                <div class="form-actions">
                    <button type="button" class="button" onclick={everywhere}>
                        { session.t(Text::SignOutEverywhere) }
                    </button>
                </div>
            </section>
        </>
    }
}
