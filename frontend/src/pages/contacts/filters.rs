//! The toolbar of the contacts list: search, filters (also by a custom field) and sort order.

use std::rc::Rc;

use chrono::NaiveDate;
use crm_api_types::{ContactQueryParams, ListItemResponse};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::components::records::{CustomFieldFilter, CustomFilter};
use crate::components::SearchBox;
use crate::hooks::{use_session, ContactChoices};
use crate::i18n::{access_text, fill, sort_text, ContactText, ACCESS_LEVELS, SORTS};

/// Properties of [`ContactFilters`].
#[derive(Properties, PartialEq)]
pub struct ContactFiltersProps {
    /// The filters now.
    pub query: ContactQueryParams,
    /// Called with the changed filters.
    pub onchange: Callback<ContactQueryParams>,
    /// Lists, users and tags to filter by.
    pub choices: Rc<ContactChoices>,
}

/// A callback that applies `apply` to a copy of `query` with the new value and emits it.
fn setter(
    query: &ContactQueryParams,
    onchange: &Callback<ContactQueryParams>,
    apply: fn(&mut ContactQueryParams, String),
) -> Callback<Event> {
    let (query, onchange) = (query.clone(), onchange.clone());
    Callback::from(move |e: Event| {
        // Both `<select>` and `<input>` elements have a `value` property.
        let value = e
            .target()
            .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let mut next = query.clone();
        apply(&mut next, value.trim().to_owned());
        // Another filter means another first page.
        next.cursor = None;
        onchange.emit(next);
    })
}

/// `Some(value)` unless empty.
fn given(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// Search box, filter selects, created range and sort order.
#[component]
pub fn ContactFilters(props: &ContactFiltersProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let query = &props.query;
    let on = |apply| setter(query, &props.onchange, apply);
    let select = |label: ContactText,
                  testid: &str,
                  value: String,
                  options: Vec<(String, String)>,
                  apply| {
        html! {
            <select aria-label={label.tr(lang)} data-testid={testid.to_owned()} onchange={on(apply)}>
                { for options.into_iter().map(|(code, name)| html! {
                    <option value={code.clone()} selected={code == value}>{ name }</option>
                }) }
            </select>
        }
    };
    let with_any = |any: ContactText, rest: Vec<(String, String)>| {
        std::iter::once((String::new(), any.tr(lang).to_owned()))
            .chain(rest)
            .collect::<Vec<_>>()
    };
    let items = |items: &[ListItemResponse]| {
        items
            .iter()
            .map(|i| (i.id.to_string(), i.title.clone()))
            .collect::<Vec<_>>()
    };
    let id_text = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    let date_text = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let choices = &props.choices;
    let kinds = vec![
        (
            "person".to_owned(),
            ContactText::OnlyPeople.tr(lang).to_owned(),
        ),
        (
            "company".to_owned(),
            ContactText::OnlyCompanies.tr(lang).to_owned(),
        ),
    ];
    let tags = choices
        .tags
        .iter()
        .map(|t| (t.name.clone(), t.name.clone()))
        .collect();
    let managers = choices
        .users
        .iter()
        .map(|u| (u.id.to_string(), u.name.clone()))
        .collect();
    // Fields of the kind shown, or of both kinds when every contact is.
    let custom_fields: Vec<_> = choices
        .fields
        .iter()
        .filter(|f| query.kind.as_ref().is_none_or(|k| *k == f.record_kind))
        .cloned()
        .collect();
    let custom_filter = CustomFilter {
        field: query.custom_field,
        value: query.custom_value.clone().unwrap_or_default(),
    };
    let on_custom = {
        let (query, onchange) = (query.clone(), props.onchange.clone());
        Callback::from(move |filter: CustomFilter| {
            let mut next = query.clone();
            next.custom_value = filter.field.map(|_| filter.value);
            next.custom_field = filter.field;
            next.cursor = None;
            onchange.emit(next);
        })
    };
    let deal_choices = vec![
        (
            "true".to_owned(),
            ContactText::WithDeals.tr(lang).to_owned(),
        ),
        (
            "false".to_owned(),
            ContactText::WithoutDeals.tr(lang).to_owned(),
        ),
    ];
    let access = ACCESS_LEVELS
        .iter()
        .map(|a| {
            (
                (*a).to_owned(),
                access_text(a).map_or(*a, |t| t.tr(lang)).to_owned(),
            )
        })
        .collect();
    let standard_sorts: Vec<(String, String)> = SORTS
        .iter()
        .map(|s| {
            (
                (*s).to_owned(),
                sort_text(s).map_or(*s, |t| t.tr(lang)).to_owned(),
            )
        })
        .collect();
    // Each custom field with values of the kind shown sorts both ways.
    let mut field_sorts = Vec::new();
    for f in custom_fields.iter().filter(|f| f.field_type != "heading") {
        for (prefix, text) in [
            ("", ContactText::SortFieldAsc),
            ("-", ContactText::SortFieldDesc),
        ] {
            field_sorts.push((
                format!("{prefix}custom:{}", f.id),
                fill(text.tr(lang), &[("field", &f.label)]),
            ));
        }
    }
    let sort_value = query.sort.clone().unwrap_or_else(|| SORTS[0].to_owned());
    let sort_options = |options: &[(String, String)]| {
        options
            .iter()
            .map(|(code, name)| {
                html! { <option value={code.clone()} selected={*code == sort_value}>{ name.clone() }</option> }
            })
            .collect::<Html>()
    };
    let sort_select = html! {
        <select aria-label={ContactText::Sort.tr(lang)} data-testid="contacts-sort"
            onchange={on(|q, v| q.sort = (v != SORTS[0]).then_some(v))}>
            <optgroup label={ContactText::SortStandard.tr(lang)}>{ sort_options(&standard_sorts) }</optgroup>
            if !field_sorts.is_empty() {
                <optgroup label={ContactText::SortCustom.tr(lang)}>{ sort_options(&field_sorts) }</optgroup>
            }
        </select>
    };
    // Filters behind "More filters", and how many of them are set.
    let more_set = [
        query.type_id.is_some(),
        query.temperature_id.is_some(),
        query.access.is_some(),
        query.has_deals.is_some(),
        query.custom_field.is_some(),
        query.created_from.is_some() || query.created_to.is_some(),
    ]
    .into_iter()
    .filter(|set| *set)
    .count();
    let more_label = if more_set == 0 {
        ContactText::MoreFilters.tr(lang).to_owned()
    } else {
        fill(
            ContactText::MoreFiltersSet.tr(lang),
            &[("n", &more_set.to_string())],
        )
    };
    let on_search = {
        let (query, onchange) = (query.clone(), props.onchange.clone());
        Callback::from(move |text: String| {
            onchange.emit(ContactQueryParams {
                q: given(text),
                cursor: None,
                ..query.clone()
            });
        })
    };
    let clear = {
        let onchange = props.onchange.clone();
        Callback::from(move |_: MouseEvent| onchange.emit(ContactQueryParams::default()))
    };
    let filtered = *query != ContactQueryParams::default();

    html! {
        <div class="filters-block">
            <div class="toolbar filters">
                <SearchBox testid="contacts-search" label={ContactText::SearchPlaceholder.tr(lang)}
                    value={query.q.clone().unwrap_or_default()} onsearch={on_search} />
                { select(ContactText::Kind, "filter-kind", query.kind.clone().unwrap_or_default(),
                    with_any(ContactText::AnyKind, kinds), |q, v| q.kind = given(v)) }
                { select(ContactText::Tags, "filter-tag", query.tag.clone().unwrap_or_default(),
                    with_any(ContactText::AnyTag, tags), |q, v| q.tag = given(v)) }
                { select(ContactText::Managers, "filter-manager", id_text(query.manager_id),
                    with_any(ContactText::AnyManager, managers), |q, v| q.manager_id = v.parse().ok()) }
                { sort_select }
                if filtered {
                    <button type="button" class="link-button" data-testid="filters-clear" onclick={clear}>
                        { ContactText::ClearFilters.tr(lang) }
                    </button>
                }
            </div>
            <details class="more-filters" open={more_set > 0} data-testid="more-filters">
                <summary data-testid="more-filters-summary">{ more_label }</summary>
                <div class="toolbar filters">
                    { select(ContactText::Type, "filter-type", id_text(query.type_id),
                        with_any(ContactText::AnyType, items(&choices.types)), |q, v| q.type_id = v.parse().ok()) }
                    { select(ContactText::Temperature, "filter-temperature", id_text(query.temperature_id),
                        with_any(ContactText::AnyTemperature, items(&choices.temperatures)),
                        |q, v| q.temperature_id = v.parse().ok()) }
                    { select(ContactText::Access, "filter-access", query.access.clone().unwrap_or_default(),
                        with_any(ContactText::AnyAccess, access), |q, v| q.access = given(v)) }
                    if session.has_section("deals") {
                        { select(ContactText::Deals, "filter-has-deals",
                            query.has_deals.map(|h| h.to_string()).unwrap_or_default(),
                            with_any(ContactText::AnyDeals, deal_choices), |q, v| q.has_deals = v.parse().ok()) }
                    }
                    <CustomFieldFilter fields={custom_fields} with_owner={query.kind.is_none()}
                        filter={custom_filter} cleared={*query == ContactQueryParams::default()}
                        onchange={on_custom} />
                    <label class="inline-field">
                        <span>{ ContactText::CreatedFrom.tr(lang) }</span>
                        <input type="date" data-testid="filter-created-from" value={date_text(query.created_from)}
                            onchange={on(|q, v| q.created_from = v.parse().ok())} />
                    </label>
                    <label class="inline-field">
                        <span>{ ContactText::CreatedTo.tr(lang) }</span>
                        <input type="date" data-testid="filter-created-to" value={date_text(query.created_to)}
                            onchange={on(|q, v| q.created_to = v.parse().ok())} />
                    </label>
                </div>
            </details>
        </div>
    }
}
