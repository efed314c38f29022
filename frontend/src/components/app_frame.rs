//! The frame around every signed-in page: sidebar, top bar and content.

use yew::prelude::*;
use yew_router::prelude::*;

use super::{Sidebar, TopBar};
use crate::app::Route;
use crate::hooks::{use_session, NotificationsProvider};
use crate::services::browser;

/// Lets a record's page name the record in the browser tab's title.
#[derive(Clone, PartialEq)]
struct RecordTitle(Callback<(Route, Option<String>)>);

/// Names the record a page shows (once loaded) in the browser tab's title, before the page's
/// own title: "Anna Petrova · Contact · CRM". The name holds only on the route that set it.
#[hook]
pub fn use_record_title(name: Option<String>) {
    let context = use_context::<RecordTitle>();
    let route = use_route::<Route>();
    use_effect_with((route, name), move |(route, name)| {
        if let (Some(context), Some(route)) = (context, route) {
            context.0.emit((route.clone(), name.clone()));
        }
    });
}

/// Properties of [`AppFrame`].
#[derive(Properties, PartialEq)]
pub struct AppFrameProps {
    /// The page.
    pub children: Html,
}

/// Lays out the sidebar (behind a menu button on narrow screens), the top bar and the page.
#[component]
pub fn AppFrame(props: &AppFrameProps) -> Html {
    let session = use_session();
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    let sidebar_open = use_state(|| false);
    let named = use_state(|| None::<(Route, String)>);
    let record_title = {
        let named = named.clone();
        use_memo((), move |()| {
            RecordTitle(Callback::from(
                move |(route, name): (Route, Option<String>)| {
                    named.set(name.map(|name| (route, name)));
                },
            ))
        })
    };

    {
        // Following a link closes the sidebar on phones.
        let sidebar_open = sidebar_open.clone();
        use_effect_with(route.clone(), move |_| sidebar_open.set(false));
    }
    {
        let page = format!(
            "{} · {}",
            session.t(route.title()),
            session.t(crate::i18n::Text::AppName)
        );
        let title = match &*named {
            Some((at, name)) if *at == route => format!("{name} · {page}"),
            _ => page,
        };
        use_effect_with(title, |title| browser::set_document_title(title));
    }

    let toggle = {
        let sidebar_open = sidebar_open.clone();
        Callback::from(move |()| sidebar_open.set(!*sidebar_open))
    };
    let close = {
        let sidebar_open = sidebar_open.clone();
        Callback::from(move |_: MouseEvent| sidebar_open.set(false))
    };

    let main = html! {
        <>
            <TopBar title={route.title()} on_menu={toggle} menu_open={*sidebar_open} />
            <ContextProvider<RecordTitle> context={(*record_title).clone()}>
                <main class="content">{ props.children.clone() }</main>
            </ContextProvider<RecordTitle>>
        </>
    };
    html! {
        <div class={classes!("frame", sidebar_open.then_some("sidebar-open"))}>
            <Sidebar />
            <div class="sidebar-backdrop" onclick={close} aria-hidden="true"></div>
            <div class="main">
                if session.me().is_some_and(|m| m.crm_access) {
                    <NotificationsProvider>{ main }</NotificationsProvider>
                } else {
                    { main }
                }
            </div>
        </div>
    }
}
