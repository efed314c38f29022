//! The page of one case: its participants, state (closed or reopened in one step), tags and
//! access; tabs for its history and files; edit and delete for those who may.

use crm_api_types::{CaseResponse, ContactResponse, RecordKind, RecordRef};
use futures::future::join_all;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::records::{custom_facts, FilesTab, HistoryTab};
use crate::components::{use_record_title, Loading, Notice, ProblemBanner};
use crate::hooks::{load_fields, use_contact_choices, use_load, use_session};
use crate::i18n::{fill, CaseText, Label, TaskText, Text};
use crate::pages::tasks::{About, RecordTasksTab};
use crate::services::{api, browser, format, ApiError};

/// The tabs of a case page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseTab {
    /// What the case is.
    Profile,
    /// Its history.
    History,
    /// The files of its history.
    Files,
    /// The tasks about it.
    Tasks,
}

/// Properties of [`CasePage`].
#[derive(Properties, PartialEq)]
pub struct CasePageProps {
    /// The case.
    pub id: i64,
    /// The tab shown.
    pub tab: CaseTab,
}

/// The participants of a case, by name (those the reader may see).
pub async fn participants(ids: Vec<i64>) -> Result<Vec<(i64, String)>, ApiError> {
    let paths: Vec<String> = ids.iter().map(|id| format!("/contacts/{id}")).collect();
    let found = join_all(paths.iter().map(|p| api::get::<ContactResponse>(p))).await;
    Ok(found
        .into_iter()
        .filter_map(Result::ok)
        .map(|c| (c.id, c.display_name))
        .collect())
}

/// The case page.
#[component]
pub fn CasePage(props: &CasePageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let case = use_load(props.id, |id| async move {
        api::get::<CaseResponse>(&format!("/cases/{id}")).await
    });
    use_record_title(case.data.as_ref().map(|c| c.title.clone()));
    let people = use_load(
        case.data.as_ref().map(|c| c.contact_ids.clone()),
        |ids| async move { participants(ids.unwrap_or_default()).await },
    );
    let contacts = use_contact_choices();
    let fields = use_load((), |()| load_fields("case"));
    let error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);

    if let Some(e) = case.error.clone() {
        return html! { <ProblemBanner error={e} on_reload={case.reload.clone()} /> };
    }
    let Some(c) = case.data.clone() else {
        return html! { <Loading /> };
    };

    let on_toggle = {
        let (replace, error, saved, c) = (
            case.replace.clone(),
            error.clone(),
            saved.clone(),
            c.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (replace, error, saved, c) =
                (replace.clone(), error.clone(), saved.clone(), c.clone());
            spawn_local(async move {
                match super::set_closed(&c, !c.closed).await {
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
            (c.id, c.title.clone(), error.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(&fill(
                CaseText::ConfirmDelete.tr(lang),
                &[("title", &title)],
            )) {
                return;
            }
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match api::delete(&format!("/cases/{id}")).await {
                    Ok(()) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Cases);
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let tab_link = |tab: CaseTab, route: Route, label: Label, testid: &str| {
        let active = props.tab == tab;
        html! {
            <Link<Route> to={route} classes={classes!("tab", active.then_some("active"))}>
                <span data-testid={testid.to_owned()} aria-current={active.then_some("page")}>{ session.t(label) }</span>
            </Link<Route>>
        }
    };
    let record = RecordRef {
        kind: RecordKind::Case,
        id: c.id,
    };
    let people_list = match people.data.as_ref() {
        Some(list) if list.is_empty() => {
            html! { <p class="muted">{ CaseText::NoParticipants.tr(lang) }</p> }
        }
        Some(list) => {
            let items = list.iter().map(|(id, name)| {
                html! {
                    <li data-testid="case-participant">
                        <Link<Route> to={Route::Contact { id: *id }}>{ name.clone() }</Link<Route>>
                    </li>
                }
            });
            html! { <ul class="plain-list">{ for items }</ul> }
        }
        None => html! { <Loading /> },
    };

    html! {
        <>
            <section class="card contact-header" data-testid="case-page">
                <div class="contact-title">
                    <h2 data-testid="case-heading">{ c.title.clone() }</h2>
                    <span class="badge" data-testid="case-state">
                        { if c.closed { CaseText::Closed.tr(lang) } else { CaseText::Open.tr(lang) } }
                    </span>
                    if c.restricted {
                        <span class="badge badge-off" data-testid="case-restricted">{ CaseText::RestrictedBadge.tr(lang) }</span>
                    }
                </div>
                <div class="actions">
                    <Link<Route> to={Route::Cases} classes="button">{ CaseText::ToCases.tr(lang) }</Link<Route>>
                    <button type="button" class="button" data-testid="case-toggle" onclick={on_toggle}>
                        { if c.closed { CaseText::ReopenCase.tr(lang) } else { CaseText::CloseCase.tr(lang) } }
                    </button>
                    <Link<Route> to={Route::CaseEdit { id: c.id }} classes="button primary">
                        <span data-testid="case-edit">{ CaseText::Edit.tr(lang) }</span>
                    </Link<Route>>
                    <button type="button" class="button danger" data-testid="case-delete" onclick={on_delete}>
                        { Text::Delete.tr(lang) }
                    </button>
                </div>
            </section>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} on_reload={case.reload.clone()} />
            }
            if *saved {
                <Notice text={CaseText::Saved.tr(lang)} />
            }
            <nav class="tabs">
                { tab_link(CaseTab::Profile, Route::Case { id: c.id }, CaseText::TabProfile.into(), "tab-profile") }
                { tab_link(CaseTab::Tasks, Route::CaseTasks { id: c.id }, TaskText::TabTasks.into(), "tab-tasks") }
                { tab_link(CaseTab::History, Route::CaseHistory { id: c.id }, CaseText::TabHistory.into(), "tab-history") }
                { tab_link(CaseTab::Files, Route::CaseFiles { id: c.id }, CaseText::TabFiles.into(), "tab-files") }
            </nav>
            if props.tab == CaseTab::Profile {
                <section class="card">
                    <h3>{ CaseText::Participants.tr(lang) }</h3>
                    { people_list }
                    if let Some(fields) = fields.data.as_ref() {
                        { custom_facts(fields.iter(), &c.custom_fields, lang) }
                    }
                    <dl class="facts">
                        <div class="fact">
                            <dt>{ CaseText::CreatedOn.tr(lang) }</dt>
                            <dd>{ format::date_time(&c.created_at, lang) }</dd>
                        </div>
                        if let Some(at) = c.closed_at {
                            <div class="fact">
                                <dt>{ CaseText::ClosedOn.tr(lang) }</dt>
                                <dd data-testid="case-closed-at">{ format::date_time(&at, lang) }</dd>
                            </div>
                        }
                    </dl>
                </section>
            } else if props.tab == CaseTab::Tasks {
                <RecordTasksTab about={About { kind: RecordKind::Case, id: c.id, name: Some(c.title.clone()) }} />
            } else if let Some(lists) = contacts.data.clone() {
                if props.tab == CaseTab::History {
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
