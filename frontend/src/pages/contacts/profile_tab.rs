//! Everything about a contact on one card: fields, details, tags, managers, custom fields
//! and when it was created and changed.

use std::rc::Rc;

use crm_api_types::{ContactDetailResponse, ContactResponse};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::records::custom_facts;
use crate::components::{AccessBadge, ColorDot};
use crate::hooks::{use_session, ContactChoices};
use crate::i18n::{category_text, detail_kind_text, kind_text, network_name, ContactText, Lang};
use crate::services::format;

/// Properties of [`ProfileFacts`].
#[derive(Properties, PartialEq)]
pub struct ProfileFactsProps {
    /// The contact.
    pub contact: ContactResponse,
    /// Lists and users, to show names for ids.
    pub choices: Rc<ContactChoices>,
}

/// A link for details that have one (`mailto:`, `tel:`, websites); plain text otherwise.
fn detail_value(detail: &ContactDetailResponse) -> Html {
    let href = match detail.kind.as_str() {
        "email" => Some(format!("mailto:{}", detail.normalized)),
        "phone" => Some(format!("tel:{}", detail.normalized)),
        "website" if detail.value.starts_with("http") => Some(detail.value.clone()),
        "website" => Some(format!("https://{}", detail.normalized)),
        _ => None,
    };
    match href {
        Some(href) => html! { <a {href} rel="noopener noreferrer">{ detail.value.clone() }</a> },
        None => html! { { detail.value.clone() } },
    }
}

/// One line of the details list: kind, category (or network), value, primary marker.
fn detail_line(detail: &ContactDetailResponse, lang: Lang) -> Html {
    let kind = detail_kind_text(&detail.kind)
        .map_or_else(|| detail.kind.clone(), |t| t.tr(lang).to_owned());
    let sort = match &detail.network {
        Some(network) => network_name(network, lang),
        None => category_text(&detail.category)
            .map_or_else(|| detail.category.clone(), |t| t.tr(lang).to_owned()),
    };
    html! {
        <li data-testid="contact-detail" data-kind={detail.kind.clone()}>
            <span class="muted">{ format!("{kind} ({sort}): ") }</span>
            { detail_value(detail) }
            if detail.is_primary {
                <span class="badge badge-off">{ ContactText::Primary.tr(lang) }</span>
            }
        </li>
    }
}

/// The profile of a contact as a list of facts; empty fields are left out.
#[component]
pub fn ProfileFacts(props: &ProfileFactsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let c = &props.contact;
    let choices = &props.choices;
    let fact = |label: ContactText, value: Html| {
        html! { <><dt>{ label.tr(lang) }</dt><dd>{ value }</dd></> }
    };
    let text_fact = |label: ContactText, value: &str| {
        (!value.trim().is_empty()).then(|| fact(label, html! { { value.to_owned() } }))
    };
    let at_by = |at, by| {
        format!(
            "{} · {}",
            format::date_time(at, lang),
            choices.users.name(by)
        )
    };
    let managers: Vec<String> = c
        .manager_ids
        .iter()
        .map(|id| choices.users.name(*id))
        .collect();

    html! {
        <dl class="facts" data-testid="contact-profile">
            { fact(ContactText::Kind, html! { { kind_text(c.kind.as_str()).tr(lang) } }) }
            if let Some(company) = &c.company {
                { fact(ContactText::Company, html! {
                    <Link<Route> to={Route::Contact { id: company.id }}>{ company.display_name.clone() }</Link<Route>>
                }) }
            }
            { text_fact(ContactText::JobTitle, &c.job_title) }
            if let Some(t) = choices.contact_type(c.type_id) {
                { fact(ContactText::Type, html! { { t.title.clone() } }) }
            }
            if let Some(t) = choices.temperature(c.temperature_id) {
                { fact(ContactText::Temperature, html! {
                    <><ColorDot color={t.color.clone().map(AttrValue::from)} />{ format!(" {}", t.title) }</>
                }) }
            }
            { text_fact(ContactText::Currency, c.currency.as_deref().unwrap_or_default()) }
            { text_fact(ContactText::Industry, &c.industry) }
            { fact(ContactText::Access, html! { <AccessBadge access={c.access.as_str()} /> }) }
            { fact(ContactText::Managers, html! { { managers.join(", ") } }) }
            if !c.tags.is_empty() {
                { fact(ContactText::Tags, html! {
                    <span data-testid="contact-tags-view">
                        { for c.tags.iter().map(|t| html! { <span class="tag">{ t.clone() }</span> }) }
                    </span>
                }) }
            }
            { fact(ContactText::Details, if c.details.is_empty() {
                html! { <span class="muted">{ ContactText::NoDetails.tr(lang) }</span> }
            } else {
                html! { <ul class="detail-list">{ for c.details.iter().map(|d| detail_line(d, lang)) }</ul> }
            }) }
            if !c.notes.trim().is_empty() {
                { fact(ContactText::Notes, html! { <p class="notes">{ c.notes.clone() }</p> }) }
            }
            { custom_facts(choices.fields_of(c.kind.as_str()), &c.custom_fields, lang) }
            if let Some(count) = c.people_count {
                { fact(ContactText::TabPeople, html! { { count } }) }
            }
            { fact(ContactText::CreatedAtBy, html! { { at_by(&c.created_at, c.created_by) } }) }
            { fact(ContactText::UpdatedAtBy, html! { { at_by(&c.updated_at, c.updated_by) } }) }
            { fact(ContactText::LastActivity, html! { { format::date_time(&c.last_activity_at, lang) } }) }
        </dl>
    }
}
