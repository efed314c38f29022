//! The contacts list: search and filters, sort, paging, selection and bulk actions.

use std::rc::Rc;

use crm_api_types::{
    ContactBulkResponse, ContactDetailResponse, ContactQueryParams, ContactResponse, ExportKind,
};
use yew::prelude::*;
use yew_router::prelude::*;

use super::bulk::BulkBar;
use super::filters::ContactFilters;
use crate::app::Route;
use crate::components::{
    filter_of, AccessBadge, BulkOutcome, BulkOutcomeBanner, ColorDot, ExportMenu, LoadMore,
    ProblemBanner, SkeletonRows, SkeletonTable,
};
use crate::hooks::{
    loaded_rows, open_row, use_contact_choices, use_paged_list_keeping, use_rows_in_url,
    use_scroll_to_row, use_selection, use_session, use_url_list, ContactChoices,
};
use crate::i18n::{fill, kind_text, ContactText, Lang, Text, SORTS};
use crate::services::{format, with_query};

/// The primary detail of `kind` (else the first one) of a contact.
fn primary_detail<'a>(
    contact: &'a ContactResponse,
    kind: &str,
) -> Option<&'a ContactDetailResponse> {
    let mut of_kind = contact.details.iter().filter(|d| d.kind == kind);
    let first = of_kind.clone().next();
    of_kind.find(|d| d.is_primary).or(first)
}

/// One row of the table; `open` opens a contact of the list (recording the row in the URL).
fn row(
    contact: &ContactResponse,
    choices: &ContactChoices,
    checked: bool,
    on_toggle: Callback<Event>,
    open: &dyn Fn(i64) -> Callback<MouseEvent>,
    lang: Lang,
) -> Html {
    let temperature = choices.temperature(contact.temperature_id);
    let select_label = fill(
        ContactText::SelectRow.tr(lang),
        &[("name", &contact.display_name)],
    );
    let kind_and_type = std::iter::once(kind_text(contact.kind.as_str()).tr(lang).to_owned())
        .chain(
            choices
                .contact_type(contact.type_id)
                .map(|t| t.title.clone()),
        )
        .chain((!contact.job_title.is_empty()).then(|| contact.job_title.clone()))
        .collect::<Vec<_>>()
        .join(" · ");
    let email = primary_detail(contact, "email");
    let phone = primary_detail(contact, "phone");
    html! {
        <tr key={contact.id} data-testid="contact-row" data-id={contact.id.to_string()}>
            <td class="check-cell">
                <input type="checkbox" {checked} onchange={on_toggle} aria-label={select_label}
                    data-testid="contact-select" />
            </td>
            <td data-label={Text::Name.tr(lang)} class="name-cell">
                <a href={Route::Contact { id: contact.id }.to_path()} onclick={open(contact.id)}>
                    <span data-testid="contact-link">{ contact.display_name.clone() }</span>
                </a>
                <div class="muted small nowrap-line">
                    <AccessBadge access={contact.access.as_str()} />{ " " }{ kind_and_type }
                </div>
            </td>
            <td data-label={ContactText::Company.tr(lang)}>
                if let Some(company) = &contact.company {
                    <Link<Route> to={Route::Contact { id: company.id }}>{ company.display_name.clone() }</Link<Route>>
                }
            </td>
            <td data-label={ContactText::DetailEmail.tr(lang)} class="nowrap">
                if let Some(email) = email {
                    <a href={format!("mailto:{}", email.value)} data-testid="contact-email">{ email.value.clone() }</a>
                }
            </td>
            <td data-label={ContactText::DetailPhone.tr(lang)} class="nowrap">
                if let Some(phone) = phone {
                    <a href={format!("tel:{}", if phone.normalized.is_empty() { &phone.value } else { &phone.normalized })}
                        data-testid="contact-phone">{ phone.value.clone() }</a>
                }
            </td>
            <td data-label={ContactText::Temperature.tr(lang)} class="nowrap">
                if let Some(t) = temperature {
                    <ColorDot color={t.color.clone().map(AttrValue::from)} />{ format!(" {}", t.title) }
                }
            </td>
            <td data-label={ContactText::Tags.tr(lang)}>
                { for contact.tags.iter().map(|t| html! { <span class="tag">{ t.clone() }</span> }) }
            </td>
            <td data-label={ContactText::LastActivity.tr(lang)} class="nowrap">{ format::date_time(&contact.last_activity_at, lang) }</td>
        </tr>
    }
}

/// A column header that sorts by `asc` (or `desc`, its reverse): the first click sorts by
/// `first`, the next reverses.
fn sort_header(
    label: &str,
    (asc, desc, first): (&'static str, &'static str, &'static str),
    query: &ContactQueryParams,
    on_sort: &Callback<Option<String>>,
) -> Html {
    let current = query.sort.as_deref().unwrap_or(SORTS[0]);
    let (aria, next) = if current == asc {
        ("ascending", desc)
    } else if current == desc {
        ("descending", asc)
    } else {
        ("none", first)
    };
    let onclick = {
        let on_sort = on_sort.clone();
        Callback::from(move |_: MouseEvent| {
            on_sort.emit((next != SORTS[0]).then(|| next.to_owned()));
        })
    };
    let arrow = match aria {
        "ascending" => " ↑",
        "descending" => " ↓",
        _ => "",
    };
    html! {
        <th aria-sort={aria}>
            <button type="button" class="sort-button" data-testid={format!("sort-by-{asc}")} {onclick}>
                { label.to_owned() }{ arrow }
            </button>
        </th>
    }
}

/// The contacts page.
#[component]
pub fn ContactsPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let url = use_url_list(ContactQueryParams::default);
    let query = &url.query;
    let list = use_paged_list_keeping::<ContactResponse>(with_query("/contacts", query), url.rows);
    let choices = use_contact_choices();
    let selected = use_selection(query);
    let outcome = use_state(|| None::<BulkOutcome>);
    // Every contact matching is selected, not only the rows shown.
    let matching = use_state(|| false);
    {
        let matching = matching.clone();
        use_effect_with(selected.ids.clone(), move |_| matching.set(false));
    }
    use_rows_in_url(&url, list.items.len());
    use_scroll_to_row("contact-row", url.at);
    let on_query = url.set_query.clone();
    let on_sort = {
        let (query, set_query) = (query.clone(), url.set_query.clone());
        Callback::from(move |sort: Option<String>| {
            set_query.emit(ContactQueryParams {
                sort,
                cursor: None,
                ..query.clone()
            });
        })
    };
    let rows = loaded_rows(list.items.len());
    let open = |id: i64| {
        open_row(
            &url.set_place,
            rows,
            id,
            Route::Contact { id },
            navigator.clone(),
        )
    };
    let Some(lists) = choices.data.clone() else {
        return match choices.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={choices.reload.clone()} /> },
            None => html! { <SkeletonTable columns={8} /> },
        };
    };
    let toggle = |id: i64| selected.toggle.reform(move |_: Event| id);
    let shown: Vec<i64> = list.items.iter().map(|c| c.id).collect();
    let all_checked = selected.has_all(&shown);
    let toggle_all = selected.toggle_all.reform(move |_: Event| shown.clone());
    let on_done = {
        let (clear, outcome, items) = (
            selected.clear.clone(),
            outcome.clone(),
            Rc::clone(&list.items),
        );
        let (reload, reload_choices) = (list.reload.clone(), choices.reload.clone());
        Callback::from(move |answer: ContactBulkResponse| {
            let failed = answer.failed.into_iter().map(|f| (f.id, f.code));
            let name = |id| {
                items
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.display_name.clone())
            };
            outcome.set(Some(BulkOutcome::new(
                answer.done.len(),
                failed,
                name,
                lang,
            )));
            clear.emit(());
            reload.emit(());
            // New tags become filter choices.
            reload_choices.emit(());
        })
    };
    let dismiss = {
        let outcome = outcome.clone();
        Callback::from(move |()| outcome.set(None))
    };
    let on_job_done = {
        let (clear, outcome, items) = (
            selected.clear.clone(),
            outcome.clone(),
            Rc::clone(&list.items),
        );
        let (reload, reload_choices) = (list.reload.clone(), choices.reload.clone());
        Callback::from(move |(done, failed): (usize, Vec<(i64, String)>)| {
            let name = |id| {
                items
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.display_name.clone())
            };
            outcome.set(Some(BulkOutcome::new(done, failed, name, lang)));
            clear.emit(());
            reload.emit(());
            reload_choices.emit(());
        })
    };
    let on_matching = {
        let matching = matching.clone();
        Callback::from(move |all| matching.set(all))
    };
    let more_match = list.total > i64::try_from(list.items.len()).unwrap_or(i64::MAX);
    let offer_matching = (all_checked && more_match).then_some(list.total);

    html! {
        <>
            <ContactFilters query={query.clone()} onchange={on_query} choices={Rc::clone(&lists)} />
            <div class="toolbar">
                <span class="spacer"></span>
                <ExportMenu kind={ExportKind::Contacts} filter={filter_of(&query)} />
                <Link<Route> to={Route::PersonNew} classes="button primary">{ ContactText::NewPerson.tr(lang) }</Link<Route>>
                <Link<Route> to={Route::CompanyNew} classes="button">{ ContactText::NewCompany.tr(lang) }</Link<Route>>
            </div>
            if let Some(outcome) = (*outcome).clone() {
                <BulkOutcomeBanner {outcome} on_dismiss={dismiss} />
            }
            if !selected.ids.is_empty() {
                <BulkBar selected={selected.to_vec()} choices={Rc::clone(&lists)}
                    {on_done} on_clear={selected.clear.clone()} filter={query.clone()}
                    matching={(*matching && offer_matching.is_some()).then_some(list.total)}
                    {offer_matching} {on_matching} {on_job_done} />
            }
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            <div class={classes!("table-wrap", list.stale.then_some("stale"))} aria-busy={list.loading.to_string()}>
                <table class="table" data-testid="contacts-table">
                    <thead><tr>
                        <th class="check-cell">
                            <input type="checkbox" checked={all_checked} onchange={toggle_all}
                                aria-label={ContactText::SelectAll.tr(lang)} data-testid="contacts-select-all" />
                        </th>
                        { sort_header(Text::Name.tr(lang), ("name", "-name", "name"), query, &on_sort) }
                        <th>{ ContactText::Company.tr(lang) }</th>
                        <th>{ ContactText::DetailEmail.tr(lang) }</th>
                        <th>{ ContactText::DetailPhone.tr(lang) }</th>
                        <th>{ ContactText::Temperature.tr(lang) }</th>
                        <th>{ ContactText::Tags.tr(lang) }</th>
                        { sort_header(ContactText::LastActivity.tr(lang),
                            ("last_activity", "-last_activity", "-last_activity"), query, &on_sort) }
                    </tr></thead>
                    <tbody>
                        { for list.items.iter().map(|c| row(c, &lists, selected.has(c.id), toggle(c.id), &open, lang)) }
                        if list.loading && list.items.is_empty() {
                            <SkeletonRows columns={8} />
                        }
                    </tbody>
                </table>
            </div>
            if list.items.is_empty() && !list.loading && list.error.is_none() {
                <p class="muted" data-testid="contacts-empty">{ Text::NothingFound.tr(lang) }</p>
            }
            <LoadMore shown={list.items.len()} total={list.total} total_capped={list.total_capped} has_more={list.has_more}
                loading={list.loading} on_more={list.load_more.clone()} />
        </>
    }
}
