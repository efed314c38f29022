//! The page of one project: its status (changed in one step), manager, team, deadline, the
//! deal it came from and the contacts it serves; tabs for its history and files; edit and
//! delete for those who may.

use crm_api_types::{
    DealResponse, ProjectRequest, ProjectResponse, ProjectStatus, RecordKind, RecordRef,
};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::status_text;
use crate::app::Route;
use crate::components::records::{FilesTab, HistoryTab};
use crate::components::{use_record_title, Loading, Notice, ProblemBanner};
use crate::hooks::{use_contact_choices, use_load, use_session, PortalUsers};
use crate::i18n::{fill, Label, ProjectText, TaskText, Text};
use crate::pages::cases::participants;
use crate::pages::tasks::{About, RecordTasksTab};
use crate::services::{api, browser, format, ApiError};

/// The tabs of a project page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectTab {
    /// What the project is.
    Profile,
    /// Its history.
    History,
    /// The files of its history.
    Files,
    /// The tasks about it.
    Tasks,
}

/// Properties of [`ProjectPage`].
#[derive(Properties, PartialEq)]
pub struct ProjectPageProps {
    /// The project.
    pub id: i64,
    /// The tab shown.
    pub tab: ProjectTab,
}

/// The title of a deal the reader may see.
pub async fn deal_title(id: Option<i64>) -> Result<Option<(i64, String)>, ApiError> {
    match id {
        Some(id) => Ok(api::get::<DealResponse>(&format!("/deals/{id}"))
            .await
            .ok()
            .map(|d| (d.id, d.title))),
        None => Ok(None),
    }
}

/// The project page.
#[component]
pub fn ProjectPage(props: &ProjectPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let project = use_load(props.id, |id| async move {
        api::get::<ProjectResponse>(&format!("/projects/{id}")).await
    });
    use_record_title(project.data.as_ref().map(|p| p.title.clone()));
    let people = use_load(
        project.data.as_ref().map(|p| p.contact_ids.clone()),
        |ids| async move { participants(ids.unwrap_or_default()).await },
    );
    let deal = use_load(project.data.as_ref().and_then(|p| p.deal_id), deal_title);
    let users = use_load((), |()| PortalUsers::load());
    let contacts = use_contact_choices();
    let error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);

    if let Some(e) = project.error.clone() {
        return html! { <ProblemBanner error={e} on_reload={project.reload.clone()} /> };
    }
    let Some(p) = project.data.clone() else {
        return html! { <Loading /> };
    };
    let users = users.data.clone().unwrap_or_default();

    let on_status = {
        let (replace, error, saved, p) = (
            project.replace.clone(),
            error.clone(),
            saved.clone(),
            p.clone(),
        );
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let Some(status) = ProjectStatus::ALL
                .iter()
                .copied()
                .find(|s| s.as_str() == value)
            else {
                return;
            };
            let body = ProjectRequest {
                status: Some(status),
                version: Some(p.version),
                ..ProjectRequest::default()
            };
            let (replace, error, saved, id) = (replace.clone(), error.clone(), saved.clone(), p.id);
            spawn_local(async move {
                match api::patch::<_, ProjectResponse>(&format!("/projects/{id}"), &body).await {
                    Ok(next) => {
                        error.set(None);
                        saved.set(true);
                        replace.emit(next);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_delete = {
        let (id, title, error, navigator) =
            (p.id, p.title.clone(), error.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(&fill(
                ProjectText::ConfirmDelete.tr(lang),
                &[("title", &title)],
            )) {
                return;
            }
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match api::delete(&format!("/projects/{id}")).await {
                    Ok(()) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Projects);
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let tab_link = |tab: ProjectTab, route: Route, label: Label, testid: &str| {
        let active = props.tab == tab;
        html! {
            <Link<Route> to={route} classes={classes!("tab", active.then_some("active"))}>
                <span data-testid={testid.to_owned()} aria-current={active.then_some("page")}>{ session.t(label) }</span>
            </Link<Route>>
        }
    };
    let record = RecordRef {
        kind: RecordKind::Project,
        id: p.id,
    };
    let statuses = ProjectStatus::ALL.iter().map(|s| {
        html! { <option value={s.as_str()} selected={p.status == *s}>{ status_text(*s).tr(lang) }</option> }
    });
    let team = p
        .member_ids
        .iter()
        .map(|id| users.name(*id))
        .collect::<Vec<_>>()
        .join(", ");
    let people_list = match people.data.as_ref() {
        Some(list) if list.is_empty() => {
            html! { <p class="muted">{ ProjectText::NoContacts.tr(lang) }</p> }
        }
        Some(list) => {
            let items = list.iter().map(|(id, name)| {
                html! {
                    <li data-testid="project-contact">
                        <Link<Route> to={Route::Contact { id: *id }}>{ name.clone() }</Link<Route>>
                    </li>
                }
            });
            html! { <ul class="plain-list">{ for items }</ul> }
        }
        None => html! { <Loading /> },
    };
    let fact = |label: ProjectText, value: Html, testid: &str| {
        html! {
            <div class="fact">
                <dt>{ label.tr(lang) }</dt>
                <dd data-testid={testid.to_owned()}>{ value }</dd>
            </div>
        }
    };

    html! {
        <>
            <section class="card contact-header" data-testid="project-page">
                <div class="contact-title">
                    <h2 data-testid="project-heading">{ p.title.clone() }</h2>
                    <span class="badge" data-testid="project-status">{ status_text(p.status).tr(lang) }</span>
                    if p.restricted {
                        <span class="badge badge-off" data-testid="project-restricted">{ ProjectText::RestrictedBadge.tr(lang) }</span>
                    }
                </div>
                <div class="actions">
                    <Link<Route> to={Route::Projects} classes="button">{ ProjectText::ToProjects.tr(lang) }</Link<Route>>
                    <Link<Route> to={Route::ProjectEdit { id: p.id }} classes="button primary">
                        <span data-testid="project-edit">{ ProjectText::Edit.tr(lang) }</span>
                    </Link<Route>>
                    <button type="button" class="button danger" data-testid="project-delete" onclick={on_delete}>
                        { Text::Delete.tr(lang) }
                    </button>
                </div>
            </section>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} on_reload={project.reload.clone()} />
            }
            if *saved {
                <Notice text={ProjectText::Saved.tr(lang)} />
            }
            <nav class="tabs">
                { tab_link(ProjectTab::Profile, Route::Project { id: p.id }, ProjectText::TabProfile.into(), "tab-profile") }
                { tab_link(ProjectTab::Tasks, Route::ProjectTasks { id: p.id }, TaskText::TabTasks.into(), "tab-tasks") }
                { tab_link(ProjectTab::History, Route::ProjectHistory { id: p.id }, ProjectText::TabHistory.into(), "tab-history") }
                { tab_link(ProjectTab::Files, Route::ProjectFiles { id: p.id }, ProjectText::TabFiles.into(), "tab-files") }
            </nav>
            if props.tab == ProjectTab::Profile {
                <section class="card">
                    <div class="field">
                        <label for="f-project-status">{ ProjectText::Status.tr(lang) }</label>
                        <select id="f-project-status" onchange={on_status} data-testid="project-status-select">
                            { for statuses }
                        </select>
                    </div>
                    <dl class="facts">
                        { fact(ProjectText::Manager, html! { users.name(p.manager_id) }, "project-manager") }
                        { fact(ProjectText::Team, html! { team }, "project-team") }
                        if let Some(day) = p.deadline {
                            { fact(ProjectText::Deadline, html! { format::date(day, lang) }, "project-deadline") }
                        }
                        if let Some(Some((id, title))) = deal.data.clone() {
                            { fact(ProjectText::Deal, html! {
                                <Link<Route> to={Route::Deal { id }}>{ title }</Link<Route>>
                            }, "project-deal") }
                        }
                        { fact(ProjectText::CreatedOn, html! { format::date_time(&p.created_at, lang) }, "project-created") }
                    </dl>
                    if !p.description.is_empty() {
                        <p class="notes">{ p.description.clone() }</p>
                    }
                    <h3>{ ProjectText::Contacts.tr(lang) }</h3>
                    { people_list }
                </section>
            } else if props.tab == ProjectTab::Tasks {
                <RecordTasksTab about={About { kind: RecordKind::Project, id: p.id, name: Some(p.title.clone()) }} />
            } else if let Some(lists) = contacts.data.clone() {
                if props.tab == ProjectTab::History {
                    <HistoryTab {record} choices={lists} />
                } else {
                    <FilesTab {record} choices={lists} />
                }
            } else {
                <Loading />
            }
        </>
    }
}
