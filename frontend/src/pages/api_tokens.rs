//! The user's personal API tokens: list, create, revoke.

use chrono::{NaiveDate, NaiveTime};
use crm_api_types::{ApiTokenResponse, CreateApiTokenRequest, CreatedApiTokenResponse};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::api_token_secret::TokenSecret;
use crate::app::Route;
use crate::components::{IdPicker, LoadMore, Notice, PickerOption, ProblemBanner, TextField};
use crate::hooks::{use_paged_list, use_session};
use crate::i18n::{fill, scope_text, Text};
use crate::services::{api, browser, format, ApiError};

/// Scopes in the order they are offered; picker ids are indexes into this list.
const SCOPES: [&str; 3] = ["read", "write", "admin"];

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
    let scopes = use_state(|| vec![0_i64]);
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
        let (name, scopes, valid_until, created, error) = (
            name.clone(),
            scopes.clone(),
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
                scopes: scopes
                    .iter()
                    .filter_map(|i| usize::try_from(*i).ok().and_then(|i| SCOPES.get(i)))
                    .map(|s| (*s).to_owned())
                    .collect(),
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
    let scope_options: Vec<PickerOption> = SCOPES
        .iter()
        .zip(0_i64..)
        .filter(|(scope, _)| **scope != "admin" || session.is_admin())
        .map(|(scope, id)| PickerOption {
            id,
            label: scope_text(scope).map_or_else(|| (*scope).to_owned(), |t| t.tr(lang).to_owned()),
            detail: (*scope).to_owned(),
        })
        .collect();
    let scope_names = |token: &ApiTokenResponse| {
        token
            .scopes
            .iter()
            .map(|s| scope_text(s).map_or(s.as_str(), |t| t.tr(lang)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let err = (*error).clone();
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };
    let on_scopes = {
        let scopes = scopes.clone();
        Callback::from(move |chosen| scopes.set(chosen))
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
                    <IdPicker label={Text::Scopes} name="scopes" options={scope_options}
                        selected={(*scopes).clone()} onchange={on_scopes} error={err.clone()} />
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
                            <th>{ session.t(Text::Scopes) }</th>
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
                                    <td data-label={session.t(Text::Scopes)}>{ scope_names(token) }</td>
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
