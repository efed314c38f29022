//! The sign-in page.

use crm_api_types::{LoginRequest, MeResponse};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{LangSwitch, ProblemBanner, TextField};
use crate::hooks::{use_session, Phase};
use crate::i18n::Text;
use crate::services::{api, auth, browser, ApiError};

/// E-mail and password, a language switch, and the reason a sign-in failed.
#[component]
pub fn LoginPage() -> Html {
    let session = use_session();
    let email = use_state(String::new);
    let password = use_state(String::new);
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiError>);

    {
        let title = format!(
            "{} · {}",
            session.t(Text::TitleLogin),
            session.t(Text::AppName)
        );
        use_effect_with(title, |title| browser::set_document_title(title));
    }
    if session.phase() == Phase::SignedIn {
        return html! { <Redirect<Route> to={Route::Home} /> };
    }

    let onsubmit = {
        let (session, email, password, busy, error) = (
            session.clone(),
            email.clone(),
            password.clone(),
            busy.clone(),
            error.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let credentials = LoginRequest {
                email: email.trim().to_owned(),
                password: (*password).clone(),
                portal_id: None,
                time_zone: crate::services::clock::browser_zone(),
            };
            let (session, busy, error) = (session.clone(), busy.clone(), error.clone());
            spawn_local(async move {
                let result = match auth::login(&credentials).await {
                    Ok(()) => api::get::<MeResponse>("/me").await,
                    Err(e) => Err(e),
                };
                busy.set(false);
                match result {
                    Ok(me) => session.signed_in(me),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };

    html! {
        <div class="login-page">
            <div class="login-lang"><LangSwitch /></div>
            <form class="card login-card" {onsubmit} novalidate=true>
                <div class="brand login-brand">
                    <span class="brand-mark" aria-hidden="true">{ "◆" }</span>
                    <span class="brand-name">{ session.t(Text::AppName) }</span>
                </div>
                <h1 class="page-title" data-testid="page-title">{ session.t(Text::TitleLogin) }</h1>
                if let Some(error) = (*error).clone() {
                    <ProblemBanner {error} />
                }
                <TextField label={Text::Email} name="email" input_type="email" value={(*email).clone()}
                    oninput={set(&email)} autocomplete="username" testid="login-email" required=true
                    error={(*error).clone()} />
                <TextField label={Text::Password} name="password" input_type="password"
                    value={(*password).clone()} oninput={set(&password)} autocomplete="current-password"
                    testid="login-password" required=true error={(*error).clone()} />
                <button type="submit" class="button primary wide" data-testid="login-submit" disabled={*busy}>
                    { session.t(if *busy { Text::SigningIn } else { Text::SignIn }) }
                </button>
            </form>
        </div>
    }
}
