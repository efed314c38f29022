//! The app root, the one `Routable` enum of the SPA, and the `switch` that renders a page
//! for each route.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{AppFrame, FullExport, Loading};
use crate::hooks::{use_session, Phase, SessionProvider};
use crate::i18n::{
    section_text, CaseText, ContactText, CustomFieldText, DealText, InvoiceText, Label,
    ProjectText, SettingsText, TaskText, Text,
};
use crate::pages::{
    ApiTokensPage, CaseFormPage, CasePage, CaseTab, CasesPage, ContactFormPage, ContactPage,
    ContactTab, ContactsPage, CrmCurrenciesPage, CrmCustomFieldsPage, CrmListsPage,
    CrmPipelinesPage, CrmProductsPage, CrmSectionPage, CrmSettingsPage, CrmTagsPage, DealBoardPage,
    DealFormPage, DealPage, DealTab, DealsPage, GroupEditPage, GroupsPage, HomePage,
    InvoiceFormPage, InvoicePage, InvoicesPage, LoginPage, NotFoundPage, ProfilePage,
    ProjectFormPage, ProjectPage, ProjectTab, ProjectsPage, TaskPage, TasksPage, UserEditPage,
    UsersPage,
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
    /// The list of contacts.
    #[at("/contacts")]
    Contacts,
    /// A new person.
    #[at("/contacts/new/person")]
    PersonNew,
    /// A new company.
    #[at("/contacts/new/company")]
    CompanyNew,
    /// One contact: its profile.
    #[at("/contacts/:id")]
    Contact { id: i64 },
    /// The history of a contact.
    #[at("/contacts/:id/history")]
    ContactHistory { id: i64 },
    /// The people of a company.
    #[at("/contacts/:id/people")]
    ContactPeople { id: i64 },
    /// The tasks about a contact.
    #[at("/contacts/:id/tasks")]
    ContactTasks { id: i64 },
    /// The files of a contact's history.
    #[at("/contacts/:id/files")]
    ContactFiles { id: i64 },
    /// The deals a contact is in.
    #[at("/contacts/:id/deals")]
    ContactDeals { id: i64 },
    /// The cases a contact takes part in.
    #[at("/contacts/:id/cases")]
    ContactCases { id: i64 },
    /// The invoices of a contact.
    #[at("/contacts/:id/invoices")]
    ContactInvoices { id: i64 },
    /// Changing a contact.
    #[at("/contacts/:id/edit")]
    ContactEdit { id: i64 },
    /// The user's tasks, or everyone's.
    #[at("/tasks")]
    Tasks,
    /// A new task.
    #[at("/tasks/new")]
    TaskNew,
    /// One task.
    #[at("/tasks/:id")]
    Task { id: i64 },
    /// The deals: a list, or the board of a pipeline.
    #[at("/deals")]
    Deals,
    /// A new deal.
    #[at("/deals/new")]
    DealNew,
    /// One deal.
    #[at("/deals/:id")]
    Deal { id: i64 },
    /// The contacts of a deal.
    #[at("/deals/:id/contacts")]
    DealContacts { id: i64 },
    /// The tasks about a deal.
    #[at("/deals/:id/tasks")]
    DealTasks { id: i64 },
    /// The history of a deal.
    #[at("/deals/:id/history")]
    DealHistory { id: i64 },
    /// The files of a deal's history.
    #[at("/deals/:id/files")]
    DealFiles { id: i64 },
    /// The projects of a deal.
    #[at("/deals/:id/projects")]
    DealProjects { id: i64 },
    /// The invoices for a deal.
    #[at("/deals/:id/invoices")]
    DealInvoices { id: i64 },
    /// The invoices list.
    #[at("/invoices")]
    Invoices,
    /// A new invoice (`?client=` for a contact's).
    #[at("/invoices/new")]
    InvoiceNew,
    /// One invoice.
    #[at("/invoices/:id")]
    Invoice { id: i64 },
    /// Changing a draft invoice.
    #[at("/invoices/:id/edit")]
    InvoiceEdit { id: i64 },
    /// Changing a deal.
    #[at("/deals/:id/edit")]
    DealEdit { id: i64 },
    /// The board of a pipeline.
    #[at("/pipelines/:id/board")]
    DealBoard { id: i64 },
    /// The cases.
    #[at("/cases")]
    Cases,
    /// A new case.
    #[at("/cases/new")]
    CaseNew,
    /// One case.
    #[at("/cases/:id")]
    Case { id: i64 },
    /// The tasks about a case.
    #[at("/cases/:id/tasks")]
    CaseTasks { id: i64 },
    /// The history of a case.
    #[at("/cases/:id/history")]
    CaseHistory { id: i64 },
    /// The files of a case's history.
    #[at("/cases/:id/files")]
    CaseFiles { id: i64 },
    /// Changing a case.
    #[at("/cases/:id/edit")]
    CaseEdit { id: i64 },
    /// The projects.
    #[at("/projects")]
    Projects,
    /// A new project (from a deal with `?deal=`).
    #[at("/projects/new")]
    ProjectNew,
    /// One project.
    #[at("/projects/:id")]
    Project { id: i64 },
    /// The tasks about a project.
    #[at("/projects/:id/tasks")]
    ProjectTasks { id: i64 },
    /// The history of a project.
    #[at("/projects/:id/history")]
    ProjectHistory { id: i64 },
    /// The files of a project's history.
    #[at("/projects/:id/files")]
    ProjectFiles { id: i64 },
    /// Changing a project.
    #[at("/projects/:id/edit")]
    ProjectEdit { id: i64 },
    /// The lists of the CRM: contact types, temperatures … (CRM admins).
    #[at("/settings/lists")]
    CrmLists,
    /// The pipelines of the deals and their stages (CRM admins).
    #[at("/settings/pipelines")]
    CrmPipelines,
    /// The default currency and the exchange rates (CRM admins).
    #[at("/settings/currencies")]
    CrmCurrencies,
    /// The catalog of products and services (CRM admins).
    #[at("/settings/products")]
    CrmProducts,
    /// Every record as a ZIP of CSV files (CRM admins).
    #[at("/settings/export")]
    CrmExport,
    /// The tags of contacts (CRM admins).
    #[at("/settings/tags")]
    CrmTags,
    /// The custom fields of persons and companies (CRM admins).
    #[at("/settings/custom-fields")]
    CrmCustomFields,
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
    pub fn title(&self) -> Label {
        match self {
            Route::Home => Text::NavHome.into(),
            Route::Login => Text::TitleLogin.into(),
            Route::CrmSection { section } => {
                section_text(section).unwrap_or(Text::NavCrmSections).into()
            }
            Route::Contacts => Text::SectionContacts.into(),
            Route::PersonNew => ContactText::NewPerson.into(),
            Route::CompanyNew => ContactText::NewCompany.into(),
            Route::Contact { .. }
            | Route::ContactHistory { .. }
            | Route::ContactPeople { .. }
            | Route::ContactTasks { .. }
            | Route::ContactDeals { .. }
            | Route::ContactCases { .. }
            | Route::ContactInvoices { .. }
            | Route::ContactFiles { .. } => ContactText::TitleContact.into(),
            Route::ContactEdit { .. } => ContactText::TitleContactEdit.into(),
            Route::Tasks | Route::TaskNew => Text::SectionTasks.into(),
            Route::Task { .. } => TaskText::TitleTask.into(),
            Route::Deals | Route::DealBoard { .. } => Text::SectionDeals.into(),
            Route::DealNew => DealText::NewDeal.into(),
            Route::Deal { .. }
            | Route::DealHistory { .. }
            | Route::DealFiles { .. }
            | Route::DealProjects { .. }
            | Route::DealInvoices { .. }
            | Route::DealTasks { .. }
            | Route::DealContacts { .. } => DealText::TitleDeal.into(),
            Route::DealEdit { .. } => DealText::EditDeal.into(),
            Route::Invoices => InvoiceText::Invoices.into(),
            Route::InvoiceNew => InvoiceText::NewInvoice.into(),
            Route::Invoice { .. } => InvoiceText::TitleInvoice.into(),
            Route::InvoiceEdit { .. } => InvoiceText::EditInvoice.into(),
            Route::Cases => Text::SectionCases.into(),
            Route::CaseNew => CaseText::NewCase.into(),
            Route::Case { .. }
            | Route::CaseHistory { .. }
            | Route::CaseFiles { .. }
            | Route::CaseTasks { .. } => CaseText::TitleCase.into(),
            Route::CaseEdit { .. } => CaseText::EditCase.into(),
            Route::Projects => Text::SectionProjects.into(),
            Route::ProjectNew => ProjectText::NewProject.into(),
            Route::Project { .. }
            | Route::ProjectHistory { .. }
            | Route::ProjectFiles { .. }
            | Route::ProjectTasks { .. } => ProjectText::TitleProject.into(),
            Route::ProjectEdit { .. } => ProjectText::EditProject.into(),
            Route::CrmLists => SettingsText::Lists.into(),
            Route::CrmTags => SettingsText::Tags.into(),
            Route::CrmPipelines => DealText::Pipelines.into(),
            Route::CrmCurrencies => SettingsText::Currencies.into(),
            Route::CrmProducts => SettingsText::Products.into(),
            Route::CrmExport => Text::FullExport.into(),
            Route::CrmCustomFields => CustomFieldText::CustomFields.into(),
            Route::Users => Text::Users.into(),
            Route::UserNew => Text::TitleUserNew.into(),
            Route::UserEdit { .. } => Text::TitleUserEdit.into(),
            Route::Groups => Text::Groups.into(),
            Route::GroupNew => Text::TitleGroupNew.into(),
            Route::GroupEdit { .. } => Text::TitleGroupEdit.into(),
            Route::ApiTokens => Text::ApiTokens.into(),
            Route::ApiTokenNew => Text::TitleApiTokenNew.into(),
            Route::CrmSettings => Text::CrmSettings.into(),
            Route::Profile => Text::Profile.into(),
            Route::NotFound => Text::TitleNotFound.into(),
        }
    }

    /// Where the menu entry of a CRM section leads: its own pages once the SPA has them.
    pub fn for_section(section: &str) -> Route {
        match section {
            "contacts" => Route::Contacts,
            "tasks" => Route::Tasks,
            "deals" => Route::Deals,
            "invoices" => Route::Invoices,
            "cases" => Route::Cases,
            "projects" => Route::Projects,
            _ => Route::CrmSection {
                section: section.to_owned(),
            },
        }
    }

    /// Whether only CRM administrators may open the page.
    pub fn crm_admin_only(&self) -> bool {
        matches!(
            self,
            Route::CrmLists
                | Route::CrmTags
                | Route::CrmCustomFields
                | Route::CrmPipelines
                | Route::CrmCurrencies
                | Route::CrmProducts
                | Route::CrmExport
        )
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
        (Phase::SignedIn, _) if route.crm_admin_only() && session.crm().is_none() => {
            html! { <AppFrame><Loading /></AppFrame> }
        }
        (Phase::SignedIn, _) if route.crm_admin_only() && !session.is_crm_admin() => {
            html! { <AppFrame><NotFoundPage /></AppFrame> }
        }
        (Phase::SignedIn, _) => html! { <AppFrame>{ page(route) }</AppFrame> },
    }
}

fn page(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::CrmSection { section } => match Route::for_section(&section) {
            Route::CrmSection { section } => html! { <CrmSectionPage {section} /> },
            own => html! { <Redirect<Route> to={own} /> },
        },
        Route::Contacts => html! { <ContactsPage /> },
        Route::PersonNew => html! { <ContactFormPage kind="person" id={None::<i64>} /> },
        Route::CompanyNew => html! { <ContactFormPage kind="company" id={None::<i64>} /> },
        Route::Contact { id } => html! { <ContactPage {id} tab={ContactTab::Profile} /> },
        Route::ContactHistory { id } => html! { <ContactPage {id} tab={ContactTab::History} /> },
        Route::ContactPeople { id } => html! { <ContactPage {id} tab={ContactTab::People} /> },
        Route::ContactTasks { id } => html! { <ContactPage {id} tab={ContactTab::Tasks} /> },
        Route::ContactDeals { id } => html! { <ContactPage {id} tab={ContactTab::Deals} /> },
        Route::ContactCases { id } => html! { <ContactPage {id} tab={ContactTab::Cases} /> },
        Route::ContactInvoices { id } => html! { <ContactPage {id} tab={ContactTab::Invoices} /> },
        Route::ContactFiles { id } => html! { <ContactPage {id} tab={ContactTab::Files} /> },
        Route::ContactEdit { id } => html! { <ContactFormPage kind="" id={Some(id)} /> },
        Route::Tasks => html! { <TasksPage creating=false /> },
        Route::TaskNew => html! { <TasksPage creating=true /> },
        Route::Task { id } => html! { <TaskPage {id} /> },
        Route::Deals => html! { <DealsPage /> },
        Route::DealBoard { id } => html! { <DealBoardPage {id} /> },
        Route::DealNew => html! { <DealFormPage id={None::<i64>} /> },
        Route::Deal { id } => html! { <DealPage {id} tab={DealTab::Profile} /> },
        Route::DealContacts { id } => html! { <DealPage {id} tab={DealTab::Contacts} /> },
        Route::DealTasks { id } => html! { <DealPage {id} tab={DealTab::Tasks} /> },
        Route::DealHistory { id } => html! { <DealPage {id} tab={DealTab::History} /> },
        Route::DealFiles { id } => html! { <DealPage {id} tab={DealTab::Files} /> },
        Route::DealProjects { id } => html! { <DealPage {id} tab={DealTab::Projects} /> },
        Route::DealInvoices { id } => html! { <DealPage {id} tab={DealTab::Invoices} /> },
        Route::DealEdit { id } => html! { <DealFormPage id={Some(id)} /> },
        Route::Invoices => html! { <InvoicesPage /> },
        Route::InvoiceNew => html! { <InvoiceFormPage id={None::<i64>} /> },
        Route::Invoice { id } => html! { <InvoicePage {id} /> },
        Route::InvoiceEdit { id } => html! { <InvoiceFormPage id={Some(id)} /> },
        Route::Cases => html! { <CasesPage /> },
        Route::CaseNew => html! { <CaseFormPage id={None::<i64>} /> },
        Route::Case { id } => html! { <CasePage {id} tab={CaseTab::Profile} /> },
        Route::CaseTasks { id } => html! { <CasePage {id} tab={CaseTab::Tasks} /> },
        Route::CaseHistory { id } => html! { <CasePage {id} tab={CaseTab::History} /> },
        Route::CaseFiles { id } => html! { <CasePage {id} tab={CaseTab::Files} /> },
        Route::CaseEdit { id } => html! { <CaseFormPage id={Some(id)} /> },
        Route::Projects => html! { <ProjectsPage /> },
        Route::ProjectNew => html! { <ProjectFormPage id={None::<i64>} /> },
        Route::Project { id } => html! { <ProjectPage {id} tab={ProjectTab::Profile} /> },
        Route::ProjectTasks { id } => html! { <ProjectPage {id} tab={ProjectTab::Tasks} /> },
        Route::ProjectHistory { id } => html! { <ProjectPage {id} tab={ProjectTab::History} /> },
        Route::ProjectFiles { id } => html! { <ProjectPage {id} tab={ProjectTab::Files} /> },
        Route::ProjectEdit { id } => html! { <ProjectFormPage id={Some(id)} /> },
        Route::CrmLists => html! { <CrmListsPage /> },
        Route::CrmTags => html! { <CrmTagsPage /> },
        Route::CrmPipelines => html! { <CrmPipelinesPage /> },
        Route::CrmCurrencies => html! { <CrmCurrenciesPage /> },
        Route::CrmProducts => html! { <CrmProductsPage /> },
        Route::CrmExport => html! { <FullExport /> },
        Route::CrmCustomFields => html! { <CrmCustomFieldsPage /> },
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
