//! The one-time display of a new API token's secret.

use crm_api_types::CreatedApiTokenResponse;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{fill, Text};
use crate::services::browser;

/// Properties of [`TokenSecret`].
#[derive(Properties, PartialEq)]
pub struct TokenSecretProps {
    /// The token just created, with its secret.
    pub created: CreatedApiTokenResponse,
    /// The user has taken the secret.
    pub on_done: Callback<()>,
}

/// Whether copying worked.
#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Shows the secret once, with a copy button and a warning that it won't be shown again.
#[component]
pub fn TokenSecret(props: &TokenSecretProps) -> Html {
    let session = use_session();
    let copy_state = use_state(|| CopyState::Idle);
    let secret = props.created.secret.clone();
    let on_copy = {
        let (copy_state, secret) = (copy_state.clone(), secret.clone());
        Callback::from(move |_: MouseEvent| {
            let (copy_state, secret) = (copy_state.clone(), secret.clone());
            spawn_local(async move {
                let copied = browser::copy_to_clipboard(&secret).await;
                copy_state.set(if copied {
                    CopyState::Copied
                } else {
                    CopyState::Failed
                });
            });
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    let on_done = props.on_done.reform(|_: MouseEvent| ());
    html! {
        <section class="card secret-card" data-testid="token-secret">
            <h2>{ fill(session.t(Text::TokenCreated), &[("name", &props.created.token.name)]) }</h2>
            <div class="banner banner-warn" role="alert">
                <p class="banner-text">{ session.t(Text::TokenSecretWarning) }</p>
            </div>
            <div class="field">
                <label for="token-secret">{ session.t(Text::Secret) }</label>
                <div class="copy-row">
                    <input id="token-secret" class="mono" type="text" readonly=true value={secret}
                        onfocus={select_all} data-testid="token-secret-value" />
                    <button type="button" class="button" onclick={on_copy} data-testid="token-copy">
                        { session.t(if *copy_state == CopyState::Copied { Text::Copied } else { Text::Copy }) }
                    </button>
                </div>
                if *copy_state == CopyState::Failed {
                    <p class="field-error">{ session.t(Text::CopyFailed) }</p>
                }
            </div>
            <div class="form-actions">
                <button type="button" class="button primary" onclick={on_done}>{ session.t(Text::Done) }</button>
            </div>
        </section>
    }
}
