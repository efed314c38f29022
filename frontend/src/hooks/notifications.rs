//! A hook for the signed-in user's notifications: the unread count and the newest ones,
//! kept up to date by the live stream, and marking them read.

use std::cell::Cell;
use std::rc::Rc;

use crm_api_types::{
    MarkNotificationsReadRequest, NotificationQueryParams, NotificationResponse, Page,
    UnreadCountResponse,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::notification_stream::NotificationStream;
use crate::services::{api, with_query, ApiError};

/// Notifications shown in the bell's list.
const SHOWN: u32 = 20;

/// What [`use_notifications`] offers.
#[derive(Clone, PartialEq)]
pub struct Notifications {
    /// Unread notifications of the user.
    pub unread: i64,
    /// The live stream has opened and the count was taken since.
    pub live: bool,
    /// The newest notifications, once the list was asked for.
    pub items: Option<Rc<Vec<NotificationResponse>>>,
    /// Why the last call failed.
    pub error: Option<ApiError>,
    /// Loads the newest notifications.
    pub load: Callback<()>,
    /// Marks these notifications read (`None`: all).
    pub mark_read: Callback<Option<Vec<i64>>>,
}

#[derive(Clone, PartialEq, Default)]
struct State {
    unread: i64,
    live: bool,
    items: Option<Rc<Vec<NotificationResponse>>>,
    error: Option<ApiError>,
}

enum Action {
    Counted { unread: i64, live: bool },
    Listed(Vec<NotificationResponse>),
    Arrived(NotificationResponse),
    Read { ids: Option<Vec<i64>>, unread: i64 },
    Failed(ApiError),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Counted { unread, live } => {
                next.unread = unread;
                next.live |= live;
            }
            Action::Listed(items) => {
                next.items = Some(Rc::new(items));
                next.error = None;
            }
            Action::Arrived(notification) => {
                let known = self
                    .items
                    .as_ref()
                    .is_some_and(|items| items.iter().any(|n| n.id == notification.id));
                if known {
                    return self;
                }
                if !notification.read {
                    next.unread += 1;
                }
                if let Some(items) = &self.items {
                    let mut items = (**items).clone();
                    items.insert(0, notification);
                    items.truncate(SHOWN as usize);
                    next.items = Some(Rc::new(items));
                }
            }
            Action::Read { ids, unread } => {
                next.unread = unread;
                next.error = None;
                if let Some(items) = &self.items {
                    let items = items
                        .iter()
                        .cloned()
                        .map(|mut n| {
                            if ids.as_ref().is_none_or(|ids| ids.contains(&n.id)) {
                                n.read = true;
                            }
                            n
                        })
                        .collect();
                    next.items = Some(Rc::new(items));
                }
            }
            Action::Failed(error) => next.error = Some(error),
        }
        Rc::new(next)
    }
}

/// The unread count: the total of the unread list.
async fn count_unread() -> Result<i64, ApiError> {
    let query = NotificationQueryParams {
        unread: Some(true),
        limit: Some(1),
        ..Default::default()
    };
    let page: Page<NotificationResponse> = api::get(&with_query("/notifications", &query)).await?;
    Ok(page.total)
}

async fn newest() -> Result<Vec<NotificationResponse>, ApiError> {
    let query = NotificationQueryParams {
        limit: Some(SHOWN),
        ..Default::default()
    };
    let page: Page<NotificationResponse> = api::get(&with_query("/notifications", &query)).await?;
    Ok(page.items)
}

/// Counts the unread notifications again (`live`: after the stream opened), and reloads the
/// list when it is shown.
fn refresh(dispatcher: UseReducerDispatcher<State>, with_list: bool, live: bool) {
    spawn_local(async move {
        match count_unread().await {
            Ok(unread) => dispatcher.dispatch(Action::Counted { unread, live }),
            Err(error) => dispatcher.dispatch(Action::Failed(error)),
        }
        if with_list {
            match newest().await {
                Ok(items) => dispatcher.dispatch(Action::Listed(items)),
                Err(error) => dispatcher.dispatch(Action::Failed(error)),
            }
        }
    });
}

/// Properties of [`NotificationsProvider`].
#[derive(Properties, PartialEq)]
pub struct NotificationsProviderProps {
    /// The part of the page that shows notifications.
    pub children: Html,
}

/// Keeps the signed-in user's notifications live (one stream) for everything inside it: the
/// bell and the home page read the same count and list through [`use_notifications`].
#[component]
pub fn NotificationsProvider(props: &NotificationsProviderProps) -> Html {
    let notifications = use_live_notifications();
    html! {
        <ContextProvider<Notifications> context={notifications}>
            { props.children.clone() }
        </ContextProvider<Notifications>>
    }
}

/// The notifications of the enclosing [`NotificationsProvider`] (`None` outside one: a user
/// without CRM access).
#[hook]
pub fn use_notifications() -> Option<Notifications> {
    use_context::<Notifications>()
}

/// The user's notifications, live from the moment the component mounts until it unmounts.
#[hook]
fn use_live_notifications() -> Notifications {
    let state = use_reducer(State::default);
    // Whether the list was asked for, so that a reconnection refreshes it too.
    let listed = use_mut_ref(|| false);
    {
        let (dispatcher, listed) = (state.dispatcher(), listed.clone());
        use_effect_with((), move |_| {
            // The count is taken when the stream opens, which also happens at first. Only
            // when the stream cannot be had is it taken without it, once, as a fallback.
            let counted = Rc::new(Cell::new(false));
            let arrived = {
                let dispatcher = dispatcher.clone();
                Callback::from(move |n| dispatcher.dispatch(Action::Arrived(n)))
            };
            let opened = {
                let (dispatcher, counted) = (dispatcher.clone(), counted.clone());
                // Whatever came while the stream was down is counted again.
                Callback::from(move |()| {
                    counted.set(true);
                    refresh(dispatcher.clone(), *listed.borrow(), true);
                })
            };
            let failed = Callback::from(move |()| {
                if !counted.replace(true) {
                    refresh(dispatcher.clone(), false, false);
                }
            });
            let stream = NotificationStream::start(arrived, opened, failed);
            move || drop(stream)
        });
    }
    let load = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| {
            *listed.borrow_mut() = true;
            refresh(dispatcher.clone(), true, false);
        })
    };
    let mark_read = {
        let dispatcher = state.dispatcher();
        Callback::from(move |ids: Option<Vec<i64>>| {
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                let request = MarkNotificationsReadRequest { ids: ids.clone() };
                match api::post::<_, UnreadCountResponse>("/notifications/read", &request).await {
                    Ok(answer) => dispatcher.dispatch(Action::Read {
                        ids,
                        unread: answer.unread,
                    }),
                    Err(error) => dispatcher.dispatch(Action::Failed(error)),
                }
            });
        })
    };
    Notifications {
        unread: state.unread,
        live: state.live,
        items: state.items.clone(),
        error: state.error.clone(),
        load,
        mark_read,
    }
}
