//! The bell in the top bar: the unread count, updated live, and a list of the newest
//! notifications that link to what they are about.

use crm_api_types::NotificationResponse;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::{use_notifications, use_session};
use crate::i18n::{describe_notification, fill, Lang, NotificationTarget, NotificationText, Text};
use crate::services::format;

/// The count shown on the bell: up to 99, then "99+".
fn badge_text(unread: i64) -> String {
    if unread > 99 {
        "99+".to_owned()
    } else {
        unread.to_string()
    }
}

/// An RFC 3339 timestamp of a notification's params, for the reader.
pub fn moment(at: &str, lang: Lang) -> String {
    chrono::DateTime::parse_from_rfc3339(at).map_or_else(
        |_| at.to_owned(),
        |at| format::date_time(&at.to_utc(), lang),
    )
}

/// Where a notification leads.
pub fn route_of(target: NotificationTarget) -> Route {
    match target {
        NotificationTarget::Contact(id) => Route::Contact { id },
        NotificationTarget::Task(id) => Route::Task { id },
        NotificationTarget::MyTasks => Route::Tasks,
        NotificationTarget::Deal(id) => Route::Deal { id },
        NotificationTarget::Case(id) => Route::Case { id },
        NotificationTarget::Project(id) => Route::Project { id },
    }
}

/// One notification of the list.
fn item(
    notification: &NotificationResponse,
    lang: Lang,
    on_open: Callback<(i64, Option<Route>)>,
    on_read: Callback<i64>,
) -> Html {
    let (text, target) = describe_notification(notification, lang, &|at| moment(at, lang));
    let id = notification.id;
    let route = target.map(route_of);
    let open = on_open.reform(move |_: MouseEvent| (id, route.clone()));
    let read = on_read.reform(move |_: MouseEvent| id);
    html! {
        <li key={id} class={classes!("notification", (!notification.read).then_some("unread"))}
            data-testid="notification-item" data-read={notification.read.to_string()}>
            <button type="button" class="notification-text" onclick={open} data-testid="notification-open">
                <span>{ text }</span>
                <span class="muted small">{ format::date_time(&notification.created_at, lang) }</span>
            </button>
            if !notification.read {
                <button type="button" class="link-button small" onclick={read}
                    data-testid="notification-mark-read">
                    { NotificationText::MarkRead.tr(lang) }
                </button>
            }
        </li>
    }
}

/// The notification bell with its dropdown.
#[component]
pub fn NotificationBell() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let open = use_state(|| false);
    let Some(notifications) = use_notifications() else {
        return html! {};
    };

    let toggle = {
        let (open, load) = (open.clone(), notifications.load.clone());
        Callback::from(move |_: MouseEvent| {
            if !*open {
                load.emit(());
            }
            open.set(!*open);
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let on_read = notifications.mark_read.reform(|id: i64| Some(vec![id]));
    let on_open = {
        let (open, mark_read, items) = (
            open.clone(),
            notifications.mark_read.clone(),
            notifications.items.clone(),
        );
        Callback::from(move |(id, route): (i64, Option<Route>)| {
            let unread = items
                .as_ref()
                .is_some_and(|items| items.iter().any(|n| n.id == id && !n.read));
            if unread {
                mark_read.emit(Some(vec![id]));
            }
            if let (Some(route), Some(navigator)) = (route, &navigator) {
                open.set(false);
                navigator.push(&route);
            }
        })
    };
    let mark_all = notifications.mark_read.reform(|_: MouseEvent| None);
    let unread = notifications.unread;
    let title = if unread > 0 {
        fill(
            NotificationText::UnreadCount.tr(lang),
            &[("n", &unread.to_string())],
        )
    } else {
        NotificationText::Notifications.tr(lang).to_owned()
    };

    let list = match &notifications.items {
        None => html! { <p class="muted">{ Text::Loading.tr(lang) }</p> },
        Some(items) if items.is_empty() => html! {
            <p class="muted" data-testid="notifications-empty">
                { NotificationText::NoNotifications.tr(lang) }
            </p>
        },
        Some(items) => html! {
            <ul class="notification-items">
                { for items.iter().map(|n| item(n, lang, on_open.clone(), on_read.clone())) }
            </ul>
        },
    };

    html! {
        <div class="notification-menu">
            <button type="button" class="bell" data-testid="notification-bell"
                data-live={notifications.live.to_string()} title={title.clone()} aria-label={title}
                aria-haspopup="true" aria-expanded={open.to_string()} onclick={toggle}>
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
                    stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                    <path d="M18 8A6 6 0 0 0 6 8c0 7-3 9-3 9h18s-3-2-3-9" />
                    <path d="M13.73 21a2 2 0 0 1-3.46 0" />
                </svg>
                if unread > 0 {
                    <span class="bell-count" data-testid="notification-count">{ badge_text(unread) }</span>
                }
            </button>
            if *open {
                <div class="menu-backdrop" onclick={close}></div>
                <div class="dropdown notification-panel" data-testid="notification-list">
                    <div class="notification-head">
                        <strong>{ NotificationText::Notifications.tr(lang) }</strong>
                        if unread > 0 {
                            <button type="button" class="link-button small" onclick={mark_all}
                                data-testid="notifications-mark-all">
                                { NotificationText::MarkAllRead.tr(lang) }
                            </button>
                        }
                    </div>
                    if let Some(error) = &notifications.error {
                        <p class="field-error">{ error.message(lang) }</p>
                    }
                    { list }
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_counts_are_capped() {
        assert_eq!(badge_text(7), "7");
        assert_eq!(badge_text(100), "99+");
    }
}
