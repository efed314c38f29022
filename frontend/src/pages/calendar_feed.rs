//! The user's private calendar feed of open tasks (on the profile page): make a link, see it
//! once to copy it into a calendar app, replace or revoke it.

use crm_api_types::CalendarFeedResponse;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{CopyField, Loading, Notice, ProblemBanner};
use crate::hooks::{use_load, use_session};
use crate::i18n::{fill, TaskText};
use crate::services::api::{self, Method};
use crate::services::{browser, format, ApiError};

/// Where the feed lives in the API.
const FEED: &str = "/me/calendar-feed";

/// The calendar feed card.
#[component]
pub fn CalendarFeed() -> Html {
    let session = use_session();
    let lang = session.lang();
    let feed = use_load((), |()| api::get::<CalendarFeedResponse>(FEED));
    // The link just made: shown once.
    let made = use_state(|| None::<String>);
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
        let (made, revoked, error, busy, replace) = (
            made.clone(),
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
            let (made, revoked, error, busy, replace) = (
                made.clone(),
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
                <CopyField label={TaskText::FeedUrl} id="calendar-feed-url" value={url}
                    testid="calendar-feed-url" copy_testid="calendar-feed-copy" />
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
