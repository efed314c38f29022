//! The app root, the one `Routable` enum of the SPA, and the `switch` that renders a page
//! for each route.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{AppFrame, Loading};
use crate::hooks::{use_session, Phase, SessionProvider};
use crate::i18n::{section_text, Text};
use crate::pages::{
    ApiTokensPage, CrmSectionPage, CrmSettingsPage, GroupEditPage, GroupsPage, HomePage, LoginPage,
    NotFoundPage, ProfilePage, UserEditPage, UsersPage,
};

/// Every page of the SPA. The server answers these paths with `index.html`.
#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    /// The start page.
    #[at("/")]
    Home,
    /// Sign-in.
    #[at("/login")]
    Login,
    /// A CRM section (contacts, tasks …).
    #[at("/crm/:section")]
    CrmSection { section: String },
    /// The list of users (admins).
    #[at("/users")]
    Users,
    /// A new user (admins).
    #[at("/users/new")]
    UserNew,
    /// One user (admins).
    #[at("/users/:id")]
    UserEdit { id: i64 },
    /// The list of groups (admins).
    #[at("/groups")]
    Groups,
    /// A new group (admins).
    #[at("/groups/new")]
    GroupNew,
    /// One group (admins).
    #[at("/groups/:id")]
    GroupEdit { id: i64 },
    /// The user's API tokens.
    #[at("/api-tokens")]
    ApiTokens,
    /// A new API token.
    #[at("/api-tokens/new")]
    ApiTokenNew,
    /// Who may use the CRM module (admins).
    #[at("/settings/crm")]
    CrmSettings,
    /// The user's own profile.
    #[at("/profile")]
    Profile,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// The heading of the page.
    pub fn title(&self) -> Text {
        match self {
            Route::Home => Text::NavHome,
            Route::Login => Text::TitleLogin,
            Route::CrmSection { section } => section_text(section).unwrap_or(Text::NavCrmSections),
            Route::Users => Text::Users,
            Route::UserNew => Text::TitleUserNew,
            Route::UserEdit { .. } => Text::TitleUserEdit,
            Route::Groups => Text::Groups,
            Route::GroupNew => Text::TitleGroupNew,
            Route::GroupEdit { .. } => Text::TitleGroupEdit,
            Route::ApiTokens => Text::ApiTokens,
            Route::ApiTokenNew => Text::TitleApiTokenNew,
            Route::CrmSettings => Text::CrmSettings,
            Route::Profile => Text::Profile,
            Route::NotFound => Text::TitleNotFound,
        }
    }

    /// Whether only portal administrators may open the page.
    pub fn admin_only(&self) -> bool {
        matches!(
            self,
            Route::Users
                | Route::UserNew
                | Route::UserEdit { .. }
                | Route::Groups
                | Route::GroupNew
                | Route::GroupEdit { .. }
                | Route::CrmSettings
        )
    }
}

/// The root component: session, router and pages.
#[component]
pub fn App() -> Html {
    html! {
        <SessionProvider>
            <BrowserRouter>
                <Switch<Route> render={switch} />
            </BrowserRouter>
        </SessionProvider>
    }
}

fn switch(route: Route) -> Html {
    html! { <Guard {route} /> }
}

/// Properties of [`Guard`].
#[derive(Properties, PartialEq)]
struct GuardProps {
    route: Route,
}

/// Sends signed-out visitors to the login page and renders the other pages in the frame.
#[component]
fn Guard(props: &GuardProps) -> Html {
    let session = use_session();
    let route = props.route.clone();
    match (session.phase(), &route) {
        (Phase::Starting, _) => html! { <Loading full_page=true /> },
        (_, Route::Login) => html! { <LoginPage /> },
        (Phase::SignedOut, _) => html! { <Redirect<Route> to={Route::Login} /> },
        (Phase::SignedIn, _) if route.admin_only() && !session.is_admin() => {
            html! { <AppFrame><NotFoundPage /></AppFrame> }
        }
        (Phase::SignedIn, _) => html! { <AppFrame>{ page(route) }</AppFrame> },
    }
}

fn page(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::CrmSection { section } => html! { <CrmSectionPage {section} /> },
        Route::Users => html! { <UsersPage /> },
        Route::UserNew => html! { <UserEditPage id={None::<i64>} /> },
        Route::UserEdit { id } => html! { <UserEditPage id={Some(id)} /> },
        Route::Groups => html! { <GroupsPage /> },
        Route::GroupNew => html! { <GroupEditPage id={None::<i64>} /> },
        Route::GroupEdit { id } => html! { <GroupEditPage id={Some(id)} /> },
        Route::ApiTokens => html! { <ApiTokensPage creating=false /> },
        Route::ApiTokenNew => html! { <ApiTokensPage creating=true /> },
        Route::CrmSettings => html! { <CrmSettingsPage /> },
        Route::Profile => html! { <ProfilePage /> },
        Route::Login | Route::NotFound => html! { <NotFoundPage /> },
    }
}
