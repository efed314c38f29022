//! The user's personal API tokens: list, create, revoke.

use chrono::{NaiveDate, NaiveTime};
use crm_api_types::{ApiTokenResponse, CreateApiTokenRequest, CreatedApiTokenResponse};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::api_token_secret::TokenSecret;
use crate::app::Route;
use crate::components::{LoadMore, Notice, ProblemBanner, SelectField, SelectOption, TextField};
use crate::hooks::{use_paged_list, use_session};
use crate::i18n::{fill, Text};
use crate::services::{api, browser, format, ApiError};

/// What a token may do, weakest first: each scope includes the ones before it.
const LEVELS: [(&str, Text); 3] = [
    ("read", Text::TokenReadOnly),
    ("write", Text::TokenReadWrite),
    ("admin", Text::TokenAdmin),
];

/// What a token with `scopes` may do, in `lang`: the strongest scope's level.
fn level_text(scopes: &[String], lang: crate::i18n::Lang) -> String {
    LEVELS
        .iter()
        .rev()
        .find(|(scope, _)| scopes.iter().any(|s| s == scope))
        .map_or_else(|| scopes.join(", "), |(_, text)| text.tr(lang).to_owned())
}

/// Properties of [`ApiTokensPage`].
#[derive(Properties, PartialEq)]
pub struct ApiTokensPageProps {
    /// Show the form for a new token.
    pub creating: bool,
}

/// The API tokens page.
#[component]
pub fn ApiTokensPage(props: &ApiTokensPageProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let list = use_paged_list::<ApiTokenResponse>("/api-tokens".to_owned());
    let name = use_state(String::new);
    let scope = use_state(|| LEVELS[0].0.to_owned());
    let valid_until = use_state(String::new);
    let created = use_state(|| None::<CreatedApiTokenResponse>);
    let error = use_state(|| None::<ApiError>);
    let revoked = use_state(|| false);
    let lang = session.lang();

    let go_to_list = {
        let (navigator, created) = (navigator.clone(), created.clone());
        Callback::from(move |()| {
            created.set(None);
            if let Some(navigator) = &navigator {
                navigator.push(&Route::ApiTokens);
            }
        })
    };
    let onsubmit = {
        let (name, scope, valid_until, created, error) = (
            name.clone(),
            scope.clone(),
            valid_until.clone(),
            created.clone(),
            error.clone(),
        );
        let reload = list.reload.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let expires_at = NaiveDate::parse_from_str(valid_until.trim(), "%Y-%m-%d")
                .ok()
                .map(|day| day.and_time(NaiveTime::MIN).and_utc() + chrono::Duration::days(1));
            let request = CreateApiTokenRequest {
                name: name.trim().to_owned(),
                scopes: vec![(*scope).clone()],
                expires_at,
            };
            let (name, created, error, reload) =
                (name.clone(), created.clone(), error.clone(), reload.clone());
            spawn_local(async move {
                match api::post::<_, CreatedApiTokenResponse>("/api-tokens", &request).await {
                    Ok(token) => {
                        error.set(None);
                        name.set(String::new());
                        created.set(Some(token));
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let revoke = |token: &ApiTokenResponse| {
        let (id, token_name) = (token.id, token.name.clone());
        let (error, revoked, reload) = (error.clone(), revoked.clone(), list.reload.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(&fill(
                Text::ConfirmRevokeToken.tr(lang),
                &[("name", &token_name)],
            )) {
                return;
            }
            let (error, revoked, reload) = (error.clone(), revoked.clone(), reload.clone());
            spawn_local(async move {
                match api::delete(&format!("/api-tokens/{id}")).await {
                    Ok(()) => {
                        revoked.set(true);
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let scope_options: Vec<SelectOption> = LEVELS
        .iter()
        .filter(|(scope, _)| *scope != "admin" || session.is_admin())
        .map(|(scope, text)| SelectOption::new(*scope, text.tr(lang)))
        .collect();
    let err = (*error).clone();
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };
    let cancel = go_to_list.reform(|_: MouseEvent| ());
    let dismiss = {
        let error = error.clone();
        Callback::from(move |()| error.set(None))
    };

    html! {
        <>
            <p class="muted">{ session.t(Text::ApiTokensIntro) }</p>
            if let Some(error) = err.clone() {
                <ProblemBanner {error} on_dismiss={dismiss} />
            }
            if *revoked {
                <Notice text={session.t(Text::TokenRevoked)} />
            }
            if let Some(token) = (*created).clone() {
                <TokenSecret created={token} on_done={go_to_list.clone()} />
            } else if props.creating {
                <form class="card form" {onsubmit} novalidate=true data-testid="token-form">
                    <TextField label={Text::Name} name="name" value={(*name).clone()} required=true
                        oninput={set(&name)} error={err.clone()} autocomplete="off" />
                    <SelectField label={Text::TokenMay} name="scopes" options={scope_options}
                        value={(*scope).clone()} onchange={set(&scope)} error={err.clone()}
                        hint={Text::TokenMayHint} testid="token-scope" />
                    <TextField label={Text::ValidUntil} name="expires_at" input_type="date"
                        value={(*valid_until).clone()} oninput={set(&valid_until)} error={err} />
                    <div class="form-actions">
                        <button type="submit" class="button primary">{ session.t(Text::NewApiToken) }</button>
                        <button type="button" class="button" onclick={cancel}>{ session.t(Text::Cancel) }</button>
                    </div>
                </form>
            } else {
                <div class="toolbar">
                    <span class="spacer"></span>
                    <Link<Route> to={Route::ApiTokenNew} classes="button primary">{ session.t(Text::NewApiToken) }</Link<Route>>
                </div>
            }
            if list.items.is_empty() && !list.loading && list.error.is_none() {
                <p class="muted">{ session.t(Text::NoApiTokens) }</p>
            } else {
                <div class="table-wrap">
                    <table class="table" data-testid="tokens-table">
                        <thead><tr>
                            <th>{ session.t(Text::Name) }</th>
                            <th>{ session.t(Text::Prefix) }</th>
                            <th>{ session.t(Text::TokenMay) }</th>
                            <th>{ session.t(Text::Created) }</th>
                            <th>{ session.t(Text::LastUsed) }</th>
                            <th>{ session.t(Text::Expires) }</th>
                            <th></th>
                        </tr></thead>
                        <tbody>
                            { for list.items.iter().map(|token| html! {
                                <tr key={token.id}>
                                    <td data-label={session.t(Text::Name)}>{ token.name.clone() }</td>
                                    <td data-label={session.t(Text::Prefix)} class="mono">{ format!("{}…", token.prefix) }</td>
                                    <td data-label={session.t(Text::TokenMay)}>{ level_text(&token.scopes, lang) }</td>
                                    <td data-label={session.t(Text::Created)}>{ format::date_time(&token.created_at, lang) }</td>
                                    <td data-label={session.t(Text::LastUsed)}>
                                        { token.last_used_at.as_ref().map_or_else(|| session.t(Text::Never).to_owned(), |at| format::date_time(at, lang)) }
                                    </td>
                                    <td data-label={session.t(Text::Expires)}>
                                        { token.expires_at.as_ref().map_or_else(|| session.t(Text::NoExpiry).to_owned(), |at| format::date_time(at, lang)) }
                                    </td>
                                    <td><button type="button" class="button danger small" onclick={revoke(token)}>
                                        { session.t(Text::Revoke) }
                                    </button></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            <LoadMore shown={list.items.len()} total={list.total} has_more={list.has_more}
                loading={list.loading} on_more={list.load_more.clone()} />
        </>
    }
}
