//! The user's private calendar feed of open tasks (on the profile page): make a link, see it
//! once to copy it into a calendar app, replace or revoke it.

use crm_api_types::CalendarFeedResponse;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{Loading, Notice, ProblemBanner};
use crate::hooks::{use_load, use_session};
use crate::i18n::{fill, TaskText, Text};
use crate::services::api::{self, Method};
use crate::services::{browser, format, ApiError};

/// Where the feed lives in the API.
const FEED: &str = "/me/calendar-feed";

/// Whether copying the link worked.
#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// The calendar feed card.
#[component]
pub fn CalendarFeed() -> Html {
    let session = use_session();
    let lang = session.lang();
    let feed = use_load((), |()| api::get::<CalendarFeedResponse>(FEED));
    // The link just made: shown once.
    let made = use_state(|| None::<String>);
    let copy_state = use_state(|| CopyState::Idle);
    let revoked = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);

    let Some(current) = feed.data.clone() else {
        return match feed.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={feed.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };
    let on_make = {
        let (made, copy_state, revoked, error, busy, replace) = (
            made.clone(),
            copy_state.clone(),
            revoked.clone(),
            error.clone(),
            busy.clone(),
            feed.replace.clone(),
        );
        let active = current.active;
        Callback::from(move |_: MouseEvent| {
            if active && !browser::confirm(TaskText::ConfirmReplaceFeed.tr(lang)) {
                return;
            }
            busy.set(true);
            let (made, copy_state, revoked, error, busy, replace) = (
                made.clone(),
                copy_state.clone(),
                revoked.clone(),
                error.clone(),
                busy.clone(),
                replace.clone(),
            );
            spawn_local(async move {
                let result =
                    api::request::<(), CalendarFeedResponse>(Method::POST, FEED, None).await;
                busy.set(false);
                match result {
                    Ok(answer) => {
                        error.set(None);
                        revoked.set(false);
                        copy_state.set(CopyState::Idle);
                        made.set(answer.url.clone());
                        replace.emit(CalendarFeedResponse {
                            url: None,
                            ..answer
                        });
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_revoke = {
        let (made, revoked, error, reload) = (
            made.clone(),
            revoked.clone(),
            error.clone(),
            feed.reload.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(TaskText::ConfirmRevokeFeed.tr(lang)) {
                return;
            }
            let (made, revoked, error, reload) =
                (made.clone(), revoked.clone(), error.clone(), reload.clone());
            spawn_local(async move {
                match api::delete(FEED).await {
                    Ok(()) => {
                        error.set(None);
                        made.set(None);
                        revoked.set(true);
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_copy = {
        let (copy_state, url) = (copy_state.clone(), (*made).clone().unwrap_or_default());
        Callback::from(move |_: MouseEvent| {
            let (copy_state, url) = (copy_state.clone(), url.clone());
            spawn_local(async move {
                let copied = browser::copy_to_clipboard(&url).await;
                copy_state.set(if copied {
                    CopyState::Copied
                } else {
                    CopyState::Failed
                });
            });
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .select();
    });
    let status = match (current.active, current.created_at) {
        (true, Some(at)) => fill(
            TaskText::CalendarFeedActive.tr(lang),
            &[("date", &format::date_time(&at, lang))],
        ),
        (true, None) => String::new(),
        (false, _) => TaskText::CalendarFeedNone.tr(lang).to_owned(),
    };

    html! {
        <section class="card form" data-testid="calendar-feed" data-active={current.active.to_string()}>
            <h2>{ TaskText::CalendarFeed.tr(lang) }</h2>
            <p class="muted">{ TaskText::CalendarFeedIntro.tr(lang) }</p>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} on_reload={feed.reload.clone()} />
            }
            if *revoked {
                <Notice text={TaskText::FeedRevoked.tr(lang)} />
            }
            if let Some(url) = (*made).clone() {
                <div class="banner banner-warn" role="alert">
                    <p class="banner-text">{ TaskText::FeedShownOnce.tr(lang) }</p>
                </div>
                <div class="field">
                    <label for="calendar-feed-url">{ TaskText::FeedUrl.tr(lang) }</label>
                    <div class="copy-row">
                        <input id="calendar-feed-url" class="mono" type="text" readonly=true value={url}
                            onfocus={select_all} data-testid="calendar-feed-url" />
                        <button type="button" class="button" onclick={on_copy} data-testid="calendar-feed-copy">
                            { if *copy_state == CopyState::Copied { Text::Copied.tr(lang) } else { Text::Copy.tr(lang) } }
                        </button>
                    </div>
                    if *copy_state == CopyState::Failed {
                        <p class="field-error">{ Text::CopyFailed.tr(lang) }</p>
                    }
                </div>
            }
            <p data-testid="calendar-feed-status">{ status }</p>
            <div class="form-actions">
                <button type="button" class="button primary" disabled={*busy} onclick={on_make}
                    data-testid="calendar-feed-create">
                    { if current.active { TaskText::CalendarFeedReplace.tr(lang) } else { TaskText::CalendarFeedCreate.tr(lang) } }
                </button>
                if current.active {
                    <button type="button" class="button danger" onclick={on_revoke} data-testid="calendar-feed-revoke">
                        { TaskText::CalendarFeedRevoke.tr(lang) }
                    </button>
                }
            </div>
        </section>
    }
}
