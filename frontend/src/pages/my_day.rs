//! "My day", the home page of a CRM user: the tasks overdue and due today, the contacts with
//! the latest activity and those opened lately, and the unread notifications; each card leads
//! to the full list it is taken from.

use chrono::Datelike;
use crm_api_types::{ContactQueryParams, ContactResponse, Page, TaskQueryParams, TaskResponse};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{moment, route_of, ProblemBanner};
use crate::hooks::{use_load, use_notifications, use_session};
use crate::i18n::{describe_notification, fill, DayText, Lang, NotificationText};
use crate::services::{api, format, recent, with_query};

/// Rows a card shows.
const SHOWN: u32 = 5;

/// Properties of [`MyDay`].
#[derive(Properties, PartialEq)]
pub struct MyDayProps {
    /// The CRM sections the user has.
    pub sections: Vec<String>,
}

/// The cards of "my day" the user's sections allow.
#[component]
pub fn MyDay(props: &MyDayProps) -> Html {
    let has = |section: &str| props.sections.iter().any(|s| s == section);
    html! {
        <div class="my-day" data-testid="my-day">
            if has("tasks") {
                <TasksCard due="overdue" />
                <TasksCard due="today" />
            }
            if has("contacts") {
                <ActiveContactsCard />
                <ViewedContactsCard />
            }
            <UnreadCard />
        </div>
    }
}

/// A card: its title (with the number of matching records, when known), body and the link
/// to the full list.
fn card(
    testid: &'static str,
    title: &str,
    count: Option<i64>,
    body: Html,
    more: Html,
    lang: Lang,
) -> Html {
    html! {
        <section class="card day-card" data-testid={testid}>
            <h2>
                { title }
                if let Some(n) = count {
                    { " " }<span class="day-count" data-testid="day-count" data-count={n.to_string()}>{ format::count(n, lang) }</span>
                }
            </h2>
            { body }
            { more }
        </section>
    }
}

/// Properties of [`TasksCard`].
#[derive(Properties, PartialEq)]
struct TasksCardProps {
    /// `overdue` or `today`.
    due: AttrValue,
}

/// The user's open tasks overdue or due today, soonest first.
#[component]
fn TasksCard(props: &TasksCardProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let filter = TaskQueryParams {
        mine: Some(true),
        due: Some(props.due.to_string()),
        ..Default::default()
    };
    let tasks = use_load(filter.clone(), |filter| async move {
        let query = TaskQueryParams {
            limit: Some(SHOWN),
            ..filter
        };
        api::get::<Page<TaskResponse>>(&with_query("/tasks", &query)).await
    });
    let overdue = props.due == "overdue";
    let (testid, title, empty) = if overdue {
        ("day-overdue", DayText::Overdue, DayText::NothingOverdue)
    } else {
        ("day-today", DayText::DueToday, DayText::NothingToday)
    };
    let this_year = session.today().year();
    let body = match (&tasks.data, &tasks.error) {
        (_, Some(error)) => {
            html! { <ProblemBanner error={error.clone()} on_reload={tasks.reload.clone()} /> }
        }
        (None, None) => html! { <p class="muted">{ crate::i18n::Text::Loading.tr(lang) }</p> },
        (Some(page), None) if page.items.is_empty() => {
            html! { <p class="muted">{ empty.tr(lang) }</p> }
        }
        (Some(page), None) => html! {
            <ul class="day-items">
                { for page.items.iter().map(|task| html! {
                    <li key={task.id} data-testid="day-task">
                        <Link<Route> to={Route::Task { id: task.id }}>{ &task.title }</Link<Route>>
                        <span class={classes!("muted", "small", "nowrap", task.overdue.then_some("late"))}>
                            { format::deadline(&task.deadline_local, lang, this_year) }
                        </span>
                        if let Some(name) = &task.contact_name {
                            <span class="muted small">{ name }</span>
                        }
                    </li>
                }) }
            </ul>
        },
    };
    let total = tasks.data.as_ref().map(|page| page.total);
    let more = show_all(total, lang, |text| {
        html! {
            <p class="day-more" data-testid="day-show-all">
                <Link<Route, TaskQueryParams> to={Route::Tasks} query={Some(filter.clone())}>
                    { text }
                </Link<Route, TaskQueryParams>>
            </p>
        }
    });
    card(testid, title.tr(lang), total, body, more, lang)
}

/// The "show all (N)" link of a card, once its total is known.
fn show_all(total: Option<i64>, lang: Lang, link: impl Fn(String) -> Html) -> Html {
    match total {
        Some(n) if n > 0 => link(fill(
            DayText::ShowAll.tr(lang),
            &[("n", &format::count(n, lang))],
        )),
        _ => html! {},
    }
}

/// The contacts with the latest activity the user may see.
#[component]
fn ActiveContactsCard() -> Html {
    let session = use_session();
    let lang = session.lang();
    let filter = ContactQueryParams {
        sort: Some("-last_activity".to_owned()),
        ..Default::default()
    };
    let contacts = use_load(filter.clone(), |filter| async move {
        let query = ContactQueryParams {
            limit: Some(SHOWN),
            ..filter
        };
        api::get::<Page<ContactResponse>>(&with_query("/contacts", &query)).await
    });
    let body = match (&contacts.data, &contacts.error) {
        (_, Some(error)) => {
            html! { <ProblemBanner error={error.clone()} on_reload={contacts.reload.clone()} /> }
        }
        (None, None) => html! { <p class="muted">{ crate::i18n::Text::Loading.tr(lang) }</p> },
        (Some(page), None) if page.items.is_empty() => {
            html! { <p class="muted">{ DayText::NoContacts.tr(lang) }</p> }
        }
        (Some(page), None) => html! {
            <ul class="day-items">
                { for page.items.iter().map(|contact| html! {
                    <li key={contact.id} data-testid="day-contact">
                        <Link<Route> to={Route::Contact { id: contact.id }}>{ &contact.display_name }</Link<Route>>
                        <span class="muted small nowrap">{ format::date_time(&contact.last_activity_at, lang) }</span>
                    </li>
                }) }
            </ul>
        },
    };
    let more = if contacts
        .data
        .as_ref()
        .is_some_and(|page| !page.items.is_empty())
    {
        html! {
            <p class="day-more" data-testid="day-show-all">
                <Link<Route, ContactQueryParams> to={Route::Contacts} query={Some(filter)}>
                    { DayText::AllContacts.tr(lang) }
                </Link<Route, ContactQueryParams>>
            </p>
        }
    } else {
        html! {}
    };
    card(
        "day-changed",
        DayText::Changed.tr(lang),
        None,
        body,
        more,
        lang,
    )
}

/// The contacts the user opened lately in this browser.
#[component]
fn ViewedContactsCard() -> Html {
    let session = use_session();
    let lang = session.lang();
    let viewed = session
        .me()
        .map(|me| recent::recent_contacts(me.user.id))
        .unwrap_or_default();
    let body = if viewed.is_empty() {
        html! { <p class="muted">{ DayText::NoneViewed.tr(lang) }</p> }
    } else {
        html! {
            <ul class="day-items">
                { for viewed.iter().take(SHOWN as usize).map(|contact| html! {
                    <li key={contact.id} data-testid="day-viewed-contact">
                        <Link<Route> to={Route::Contact { id: contact.id }}>{ &contact.name }</Link<Route>>
                    </li>
                }) }
            </ul>
        }
    };
    card(
        "day-viewed",
        DayText::Viewed.tr(lang),
        None,
        body,
        html! {},
        lang,
    )
}

/// The user's unread notifications, live; opening one marks it read.
#[component]
fn UnreadCard() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let notifications = use_notifications();
    {
        let load = notifications.as_ref().map(|n| n.load.clone());
        use_effect_with((), move |()| {
            if let Some(load) = load {
                load.emit(());
            }
        });
    }
    let Some(notifications) = notifications else {
        return html! {};
    };
    let unread: Vec<_> = notifications
        .items
        .iter()
        .flat_map(|items| items.iter())
        .filter(|n| !n.read)
        .take(SHOWN as usize)
        .cloned()
        .collect();
    let body = match &notifications.items {
        None => html! { <p class="muted">{ crate::i18n::Text::Loading.tr(lang) }</p> },
        Some(_) if unread.is_empty() => {
            html! { <p class="muted">{ DayText::AllRead.tr(lang) }</p> }
        }
        Some(_) => html! {
            <ul class="day-items">
                { for unread.iter().map(|n| {
                    let (text, target) = describe_notification(n, lang, &|at| moment(at, lang));
                    let (id, mark_read, navigator) = (n.id, notifications.mark_read.clone(), navigator.clone());
                    let route = target.map(route_of);
                    let open = Callback::from(move |_: MouseEvent| {
                        mark_read.emit(Some(vec![id]));
                        if let (Some(route), Some(navigator)) = (&route, &navigator) {
                            navigator.push(route);
                        }
                    });
                    html! {
                        <li key={id} data-testid="day-notification">
                            <button type="button" class="link-button" onclick={open}>{ text }</button>
                            <span class="muted small nowrap">{ format::date_time(&n.created_at, lang) }</span>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    let more = if notifications.unread > 0 {
        html! {
            <button type="button" class="link-button day-more" data-testid="day-mark-all-read"
                onclick={notifications.mark_read.reform(|_: MouseEvent| None)}>
                { NotificationText::MarkAllRead.tr(lang) }
            </button>
        }
    } else {
        html! {}
    };
    let count = Some(notifications.unread).filter(|n| *n > 0);
    card(
        "day-unread",
        DayText::Unread.tr(lang),
        count,
        body,
        more,
        lang,
    )
}
