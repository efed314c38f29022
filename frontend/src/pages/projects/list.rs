//! The projects list: search, status, manager, "I am on the team", deadline and order in the
//! URL.

use crm_api_types::{ProjectQueryParams, ProjectResponse, ProjectStatus};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::status_text;
use crate::app::Route;
use crate::components::{LoadMore, ProblemBanner, SearchBox, SkeletonTable};
use crate::hooks::{
    loaded_rows, open_row, use_load, use_paged_list_keeping, use_rows_in_url, use_scroll_to_row,
    use_session, use_url_list, PortalUsers,
};
use crate::i18n::{Lang, ProjectText};
use crate::services::{format, with_query};

/// Open projects first: what a team works on.
fn open_ones() -> ProjectQueryParams {
    ProjectQueryParams {
        status: Some(ProjectStatus::Open),
        ..ProjectQueryParams::default()
    }
}

/// The projects list page.
#[component]
pub fn ProjectsPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let me = session.me().map(|m| m.user.id);
    let url = use_url_list(open_ones);
    let query = url.query.clone();
    let list = use_paged_list_keeping::<ProjectResponse>(with_query("/projects", &query), url.rows);
    use_rows_in_url(&url, list.items.len());
    use_scroll_to_row("project-row", url.at);
    let users = use_load((), |()| PortalUsers::load());
    let users = users.data.clone().unwrap_or_default();

    // Each filter sets one field of the query and starts from the first page.
    let on_search = url.setter(|q, v| q.q = (!v.trim().is_empty()).then_some(v));
    let on_status = url.select_setter(|q, v| {
        q.status = ProjectStatus::ALL.iter().copied().find(|s| s.as_str() == v)
    });
    let on_manager = url.select_setter(|q, v| q.manager_id = v.parse().ok());
    let on_sort = url.select_setter(|q, v| q.sort = (!v.is_empty()).then_some(v));
    let on_deadline = url
        .setter(|q, v| q.deadline_before = (!v.is_empty()).then_some(v))
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    let on_mine = url
        .setter(|q, v| q.member_id = v.parse().ok())
        .reform(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            if on {
                me.map(|m| m.to_string()).unwrap_or_default()
            } else {
                String::new()
            }
        });

    let shown = loaded_rows(list.items.len());
    let rows = list.items.iter().map(|p| {
        let open = open_row(
            &url.set_place,
            shown,
            p.id,
            Route::Project { id: p.id },
            navigator.clone(),
        );
        row(p, lang, &users, open)
    });
    let status = query.status.map(|s| s.as_str()).unwrap_or_default();
    let statuses = ProjectStatus::ALL.iter().map(|s| {
        html! { <option value={s.as_str()} selected={status == s.as_str()}>{ status_text(*s).tr(lang) }</option> }
    });
    let managers = users.iter().filter(|u| u.active).map(|u| {
        html! { <option value={u.id.to_string()} selected={query.manager_id == Some(u.id)}>{ u.name.clone() }</option> }
    });
    let sort = query.sort.clone().unwrap_or_default();
    let sorts = [
        ("", ProjectText::SortNewest),
        ("created_at", ProjectText::SortOldest),
        ("title", ProjectText::SortTitle),
    ]
    .into_iter()
    .map(|(value, label)| {
        html! { <option value={value} selected={sort == value}>{ label.tr(lang) }</option> }
    });
    let mine = me.is_some() && query.member_id == me;

    html! {
        <>
            <nav class="tabs">
                <span class="spacer"></span>
                <Link<Route> to={Route::ProjectNew} classes="button primary">
                    <span data-testid="project-new-button">{ ProjectText::NewProject.tr(lang) }</span>
                </Link<Route>>
            </nav>
            <div class="filters" data-testid="project-filters">
                <SearchBox value={query.q.clone().unwrap_or_default()} label={ProjectText::Search.tr(lang)}
                    onsearch={on_search} testid="projects-search" />
                <select aria-label={ProjectText::Status.tr(lang)} onchange={on_status} data-testid="projects-status">
                    { for statuses }
                    <option value="" selected={status.is_empty()}>{ ProjectText::AnyStatus.tr(lang) }</option>
                </select>
                <select aria-label={ProjectText::Manager.tr(lang)} onchange={on_manager} data-testid="projects-manager">
                    <option value="" selected={query.manager_id.is_none()}>{ ProjectText::AnyManager.tr(lang) }</option>
                    { for managers }
                </select>
                <label class="inline-check">
                    <input type="checkbox" checked={mine} onchange={on_mine} data-testid="projects-mine" />
                    { ProjectText::OnlyMine.tr(lang) }
                </label>
                <input type="date" aria-label={ProjectText::DeadlineBefore.tr(lang)} title={ProjectText::DeadlineBefore.tr(lang)}
                    value={query.deadline_before.clone().unwrap_or_default()} onchange={on_deadline}
                    data-testid="projects-deadline" />
                <select aria-label={ProjectText::Sort.tr(lang)} onchange={on_sort} data-testid="projects-sort">
                    { for sorts }
                </select>
            </div>
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if !list.items.is_empty() {
                <div class="table-wrap">
                    <table class={classes!("table", "projects-table", list.stale.then_some("stale"))} data-testid="projects-table">
                        <thead>
                            <tr>
                                <th>{ ProjectText::ProjectTitle.tr(lang) }</th>
                                <th>{ ProjectText::Status.tr(lang) }</th>
                                <th>{ ProjectText::Manager.tr(lang) }</th>
                                <th>{ ProjectText::Deadline.tr(lang) }</th>
                                <th class="num">{ ProjectText::Team.tr(lang) }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            } else if !list.loading && list.error.is_none() {
                <p class="muted" data-testid="projects-empty">{ ProjectText::NoProjects.tr(lang) }</p>
            }
            if list.loading && list.items.is_empty() {
                <SkeletonTable columns={5} />
            }
            <LoadMore shown={list.items.len()} total={list.total} total_capped={list.total_capped}
                has_more={list.has_more} loading={list.loading} on_more={list.load_more.clone()} />
        </>
    }
}

fn row(p: &ProjectResponse, lang: Lang, users: &PortalUsers, open: Callback<MouseEvent>) -> Html {
    html! {
        <tr data-testid="project-row" data-id={p.id.to_string()}>
            <td>
                <a href={format!("/projects/{}", p.id)} onclick={open} data-testid="project-link">{ p.title.clone() }</a>
                if p.restricted {
                    { " " }<span class="badge" data-testid="project-restricted">{ ProjectText::RestrictedBadge.tr(lang) }</span>
                }
            </td>
            <td class="nowrap">{ status_text(p.status).tr(lang) }</td>
            <td>{ users.name(p.manager_id) }</td>
            <td class="nowrap">{ p.deadline.map(|d| format::date(d, lang)).unwrap_or_default() }</td>
            <td class="num">{ format::count(p.member_ids.len() as i64, lang) }</td>
        </tr>
    }
}
