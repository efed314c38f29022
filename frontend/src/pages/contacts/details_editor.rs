//! The repeatable contact details of the contact form: e-mails, phones, websites, social
//! profiles and postal addresses, each with its category and primary flag.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::draft::DetailDraft;
use crate::components::FieldErrors;
use crate::hooks::use_session;
use crate::i18n::{
    categories_of, category_text, detail_kind_text, network_name, ContactText, DETAIL_KINDS,
    NETWORKS,
};
use crate::services::ApiError;

/// Properties of [`DetailsEditor`].
#[derive(Properties, PartialEq)]
pub struct DetailsEditorProps {
    /// The details now.
    pub details: Vec<DetailDraft>,
    /// Called with the changed list.
    pub onchange: Callback<Vec<DetailDraft>>,
    /// The failed save whose `details[i]…` errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
}

/// A field setter of a detail.
type Setter = fn(&mut DetailDraft, String);

/// One row per detail and a button per kind to add one.
#[component]
pub fn DetailsEditor(props: &DetailsEditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let details = &props.details;

    // Changes detail `index` with `apply`; choosing a primary clears the others of its kind.
    let change = |index: usize, apply: Setter| {
        let (details, onchange) = (details.clone(), props.onchange.clone());
        Callback::from(move |value: String| {
            let mut next = details.clone();
            if let Some(detail) = next.get_mut(index) {
                apply(detail, value);
            }
            onchange.emit(next);
        })
    };
    let text_input = |index: usize, value: &str, label: ContactText, kind: &str, apply: Setter| {
        let input_type = match kind {
            "email" => "email",
            "phone" => "tel",
            "website" => "url",
            _ => "text",
        };
        let oninput = change(index, apply)
            .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <input type={input_type} value={value.to_owned()} {oninput} placeholder={label.tr(lang)}
                aria-label={label.tr(lang)} data-testid={format!("detail-{kind}-{index}")} />
        }
    };
    let select = |index: usize,
                  value: &str,
                  label: ContactText,
                  options: Vec<(String, String)>,
                  apply: Setter| {
        let onchange = change(index, apply)
            .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
        html! {
            <select aria-label={label.tr(lang)} {onchange}>
                { for options.into_iter().map(|(code, name)| html! {
                    <option value={code.clone()} selected={code == value}>{ name }</option>
                }) }
            </select>
        }
    };

    let rows = details.iter().enumerate().map(|(index, detail)| {
        let kind_label = detail_kind_text(&detail.kind)
            .map_or_else(|| detail.kind.clone(), |t| t.tr(lang).to_owned());
        let categories: Vec<(String, String)> = categories_of(&detail.kind)
            .iter()
            .map(|c| ((*c).to_owned(), category_text(c).map_or(*c, |t| t.tr(lang)).to_owned()))
            .collect();
        let networks: Vec<(String, String)> = NETWORKS
            .iter()
            .map(|n| ((*n).to_owned(), network_name(n, lang)))
            .collect();
        let on_primary = {
            let (details, onchange) = (details.clone(), props.onchange.clone());
            Callback::from(move |_: Event| {
                let mut next = details.clone();
                let kind = next[index].kind.clone();
                let now = !next[index].is_primary;
                for (i, d) in next.iter_mut().enumerate() {
                    if d.kind == kind {
                        d.is_primary = if i == index { now } else { false };
                    }
                }
                onchange.emit(next);
            })
        };
        let on_remove = {
            let (details, onchange) = (details.clone(), props.onchange.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = details.clone();
                next.remove(index);
                onchange.emit(next);
            })
        };
        let primary_id = format!("detail-primary-{index}");
        html! {
            <li class="detail-row" data-testid="detail-row" data-kind={detail.kind.clone()}>
                <span class="detail-kind">{ kind_label }</span>
                { select(index, &detail.category, ContactText::Category, categories, |d, v| d.category = v) }
                if detail.kind == "social" {
                    { select(index, &detail.network, ContactText::Network, networks, |d, v| d.network = v) }
                }
                if detail.kind == "address" {
                    <div class="address-fields">
                        { text_input(index, &detail.street, ContactText::Street, "street", |d, v| d.street = v) }
                        { text_input(index, &detail.city, ContactText::City, "city", |d, v| d.city = v) }
                        { text_input(index, &detail.region, ContactText::Region, "region", |d, v| d.region = v) }
                        { text_input(index, &detail.postcode, ContactText::Postcode, "postcode", |d, v| d.postcode = v) }
                        { text_input(index, &detail.country, ContactText::Country, "country", |d, v| d.country = v) }
                    </div>
                } else {
                    { text_input(index, &detail.value, detail_kind_text(&detail.kind).unwrap_or(ContactText::Details),
                        &detail.kind, |d, v| d.value = v) }
                }
                <span class="detail-primary">
                    <input type="checkbox" id={primary_id.clone()} checked={detail.is_primary} onchange={on_primary} />
                    <label for={primary_id}>{ ContactText::Primary.tr(lang) }</label>
                </span>
                <button type="button" class="button small" onclick={on_remove}>{ ContactText::RemoveDetail.tr(lang) }</button>
                <div class="detail-errors">
                    <FieldErrors error={props.error.clone()} field={format!("details[{index}]")} />
                </div>
            </li>
        }
    });

    let add_buttons = DETAIL_KINDS.iter().map(|kind| {
        let (details, onchange) = (details.clone(), props.onchange.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let first = !details.iter().any(|d| d.kind == *kind);
            let mut next = details.clone();
            next.push(DetailDraft::new(kind, first));
            onchange.emit(next);
        });
        let label = detail_kind_text(kind).map_or(*kind, |t| t.tr(lang));
        html! {
            <button type="button" class="button small" data-testid={format!("detail-add-{kind}")} {onclick}>
                { format!("+ {label}") }
            </button>
        }
    });

    html! {
        <fieldset class="picker details-editor">
            <legend>{ ContactText::Details.tr(lang) }</legend>
            if !details.is_empty() {
                <ul class="detail-rows">{ for rows }</ul>
            }
            <FieldErrors error={props.error.clone()} field="details" exact=true />
            <div class="actions">
                <span class="muted">{ ContactText::AddDetail.tr(lang) }</span>
                { for add_buttons }
            </div>
        </fieldset>
    }
}
