//! The projects pages: the list with its filters, the form (filled from a deal with `?deal=`),
//! the page of one project, and the projects tab of a deal.

mod form;
mod list;
mod view;

pub use form::ProjectFormPage;
pub use list::ProjectsPage;
pub use view::{ProjectPage, ProjectTab};

use crm_api_types::{ProjectQueryParams, ProjectResponse, ProjectStatus};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::{use_paged_list, use_session};
use crate::i18n::{Lang, ProjectText};
use crate::pages::contacts::records_table;
use crate::services::{format, with_query};

/// What a project status is called.
pub fn status_text(status: ProjectStatus) -> ProjectText {
    match status {
        ProjectStatus::Open => ProjectText::StatusOpen,
        ProjectStatus::Paused => ProjectText::StatusPaused,
        ProjectStatus::Closed => ProjectText::StatusClosed,
    }
}

/// The query of a new project for a deal.
#[derive(Clone, PartialEq, serde::Serialize)]
pub struct ForDeal {
    /// The deal.
    pub deal: i64,
}

/// Properties of [`DealProjectsTab`].
#[derive(Properties, PartialEq)]
pub struct DealProjectsProps {
    /// The deal.
    pub deal_id: i64,
}

/// The projects tab of a deal: its projects the reader may see, and "Create project".
#[component]
pub fn DealProjectsTab(props: &DealProjectsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let query = ProjectQueryParams {
        deal_id: Some(props.deal_id),
        ..ProjectQueryParams::default()
    };
    let list = use_paged_list::<ProjectResponse>(with_query("/projects", &query));
    let rows = list.items.iter().map(|p| tab_row(p, lang));
    let heads = html! {
        <>
            <th>{ ProjectText::ProjectTitle.tr(lang) }</th>
            <th>{ ProjectText::Status.tr(lang) }</th>
            <th>{ ProjectText::Deadline.tr(lang) }</th>
        </>
    };
    html! {
        <section class="card" data-testid="deal-projects">
            <div class="actions">
                <Link<Route, ForDeal> to={Route::ProjectNew} query={Some(ForDeal { deal: props.deal_id })} classes="button">
                    <span data-testid="deal-project-new">{ ProjectText::CreateFromDeal.tr(lang) }</span>
                </Link<Route, ForDeal>>
            </div>
            { records_table(&list, "deal-projects-table", heads, rows.collect(), ProjectText::NoProjects.tr(lang)) }
        </section>
    }
}

fn tab_row(p: &ProjectResponse, lang: Lang) -> Html {
    html! {
        <tr data-testid="deal-project">
            <td><Link<Route> to={Route::Project { id: p.id }}>{ p.title.clone() }</Link<Route>></td>
            <td>{ status_text(p.status).tr(lang) }</td>
            <td class="nowrap">{ p.deadline.map(|d| format::date(d, lang)).unwrap_or_default() }</td>
        </tr>
    }
}
