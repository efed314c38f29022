//! Running a bulk action, and what it did: how many records were changed, and each one
//! skipped with the reason.

use serde::de::DeserializeOwned;
use serde::Serialize;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{bulk_failure_message, fill, ContactText, Lang, Text};
use crate::services::{api, format, ApiError};

/// Posts a bulk action's `request` to `path`: `busy` while it runs, then `on_done` with the
/// answer, or the failure in `error`.
pub fn send_bulk<Q, A>(
    path: &'static str,
    request: Q,
    busy: &UseStateHandle<bool>,
    error: &UseStateHandle<Option<ApiError>>,
    on_done: &Callback<A>,
) where
    Q: Serialize + 'static,
    A: DeserializeOwned + 'static,
{
    busy.set(true);
    let (error, busy, on_done) = (error.clone(), busy.clone(), on_done.clone());
    spawn_local(async move {
        let result = api::post::<_, A>(path, &request).await;
        busy.set(false);
        match result {
            Ok(answer) => {
                error.set(None);
                on_done.emit(answer);
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

/// What a bulk action did, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOutcome {
    /// Records changed.
    pub done: usize,
    /// Name and translated reason of each record skipped.
    pub failed: Vec<(String, String)>,
}

impl BulkOutcome {
    /// The outcome of `done` records changed and `failed` (id, code) skipped; `name` names a
    /// record by id when the list has it.
    pub fn new(
        done: usize,
        failed: impl IntoIterator<Item = (i64, String)>,
        name: impl Fn(i64) -> Option<String>,
        lang: Lang,
    ) -> Self {
        let failed = failed
            .into_iter()
            .map(|(id, code)| {
                let name = name(id).unwrap_or_else(|| format!("#{id}"));
                (name, bulk_failure_message(&code, lang))
            })
            .collect();
        Self { done, failed }
    }
}

/// Properties of [`BulkOutcomeBanner`].
#[derive(Properties, PartialEq)]
pub struct BulkOutcomeBannerProps {
    /// What was done.
    pub outcome: BulkOutcome,
    /// Hides the banner.
    pub on_dismiss: Callback<()>,
}

/// The banner after a bulk action.
#[component]
pub fn BulkOutcomeBanner(props: &BulkOutcomeBannerProps) -> Html {
    let lang = use_session().lang();
    let outcome = &props.outcome;
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("banner", if outcome.failed.is_empty() { "banner-ok" } else { "banner-warn" })}
            role="status" data-testid="bulk-outcome">
            <p class="banner-text">{ fill(ContactText::BulkDone.tr(lang), &[("n", &format::count(i64::try_from(outcome.done).unwrap_or(i64::MAX), lang))]) }
                if !outcome.failed.is_empty() {
                    { " " }{ fill(ContactText::BulkFailed.tr(lang), &[("n", &outcome.failed.len().to_string())]) }
                }
            </p>
            if !outcome.failed.is_empty() {
                <ul>{ for outcome.failed.iter().map(|(name, why)| html! { <li>{ format!("{name}: {why}") }</li> }) }</ul>
            }
            <div class="banner-actions">
                <button type="button" class="link-button" onclick={dismiss}>{ Text::Dismiss.tr(lang) }</button>
            </div>
        </div>
    }
}

/// Properties of [`BulkPanel`].
#[derive(Properties, PartialEq)]
pub struct BulkPanelProps {
    /// Prefix of the `data-testid`s: the panel's is `{testid}-bar`, the apply button's
    /// `{testid}-apply`.
    pub testid: AttrValue,
    /// How many are selected, already said.
    pub count: AttrValue,
    /// Why the last action failed.
    #[prop_or_default]
    pub error: Option<ApiError>,
    /// What the chosen action still needs, already said.
    #[prop_or_default]
    pub missing: Option<AttrValue>,
    /// The action deletes (a red button).
    #[prop_or_default]
    pub deleting: bool,
    /// An action is running.
    #[prop_or_default]
    pub busy: bool,
    /// Runs the action.
    pub on_apply: Callback<MouseEvent>,
    /// Clears the selection.
    pub on_clear: Callback<()>,
    /// The action's fields.
    #[prop_or_default]
    pub children: Html,
}

/// The bar at the bottom of a list while rows are selected: the count, the action's fields,
/// Apply and "clear selection".
#[component]
pub fn BulkPanel(props: &BulkPanelProps) -> Html {
    let lang = use_session().lang();
    html! {
        <section class="card bulk-bar" data-testid={format!("{}-bar", props.testid)} aria-label={props.count.clone()}>
            <p class="bulk-count"><strong>{ props.count.clone() }</strong></p>
            if let Some(error) = props.error.clone() {
                <crate::components::ProblemBanner {error} />
            }
            <div class="bulk-fields">{ props.children.clone() }</div>
            if let Some(text) = props.missing.clone() {
                <p class="field-error" role="alert">{ text }</p>
            }
            <div class="form-actions">
                <button type="button" class={classes!("button", if props.deleting { "danger" } else { "primary" })}
                    data-testid={format!("{}-apply", props.testid)}
                    disabled={props.busy} onclick={props.on_apply.clone()}>
                    { ContactText::Apply.tr(lang) }
                </button>
                <button type="button" class="link-button" onclick={props.on_clear.reform(|_: MouseEvent| ())}>
                    { ContactText::ClearSelection.tr(lang) }
                </button>
            </div>
        </section>
    }
}
