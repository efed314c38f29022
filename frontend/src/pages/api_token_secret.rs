//! The one-time display of a new API token's secret.

use crm_api_types::CreatedApiTokenResponse;
use yew::prelude::*;

use crate::components::CopyField;
use crate::hooks::use_session;
use crate::i18n::{fill, Text};

/// Properties of [`TokenSecret`].
#[derive(Properties, PartialEq)]
pub struct TokenSecretProps {
    /// The token just created, with its secret.
    pub created: CreatedApiTokenResponse,
    /// The user has taken the secret.
    pub on_done: Callback<()>,
}

/// Shows the secret once, with a copy button and a warning that it won't be shown again.
#[component]
pub fn TokenSecret(props: &TokenSecretProps) -> Html {
    let session = use_session();
    let on_done = props.on_done.reform(|_: MouseEvent| ());
    html! {
        <section class="card secret-card" data-testid="token-secret">
            <h2>{ fill(session.t(Text::TokenCreated), &[("name", &props.created.token.name)]) }</h2>
            <div class="banner banner-warn" role="alert">
                <p class="banner-text">{ session.t(Text::TokenSecretWarning) }</p>
            </div>
            <CopyField label={Text::Secret} id="token-secret" value={props.created.secret.clone()}
                testid="token-secret-value" copy_testid="token-copy" />
            <div class="form-actions">
                <button type="button" class="button primary" onclick={on_done}>{ session.t(Text::Done) }</button>
            </div>
        </section>
    }
}
