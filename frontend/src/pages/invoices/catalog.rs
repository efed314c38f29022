//! Finding a product or service of the catalog for an invoice line by words of its title or
//! SKU, as you type.

use crm_api_types::{Page, ProductQueryParams, ProductResponse};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::ProblemBanner;
use crate::hooks::{use_load, use_session};
use crate::i18n::{InvoiceText, Text};
use crate::pages::deals::money;
use crate::services::{api, with_query};

/// Products offered at most.
const OFFERED: u32 = 8;

/// Properties of [`CatalogPicker`].
#[derive(Properties, PartialEq)]
pub struct CatalogPickerProps {
    /// Called with the chosen product.
    pub onpick: Callback<ProductResponse>,
}

/// A search box over the catalog, with the products found (title, SKU, price) to click.
#[component]
pub fn CatalogPicker(props: &CatalogPickerProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let words = use_state(String::new);
    let found = use_load((*words).clone(), |words| async move {
        let words = words.trim().to_owned();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let query = ProductQueryParams {
            q: Some(words),
            limit: Some(OFFERED),
            ..ProductQueryParams::default()
        };
        let page = api::get::<Page<ProductResponse>>(&with_query("/products", &query)).await?;
        Ok(page.items)
    });
    let on_words = {
        let words = words.clone();
        Callback::from(move |e: InputEvent| {
            words.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let products = found.data.clone().unwrap_or_default();
    let offer = |p: &ProductResponse| {
        let pick = {
            let (p, onpick, words) = (p.clone(), props.onpick.clone(), words.clone());
            Callback::from(move |_: MouseEvent| {
                words.set(String::new());
                onpick.emit(p.clone());
            })
        };
        let sku = (!p.sku.is_empty()).then(|| format!(" · {}", p.sku));
        html! {
            <li>
                <button type="button" class="menu-item" onclick={pick} data-testid="catalog-match">
                    { p.title.clone() }
                    <span class="muted">{ sku }{ format!(" · {}", money(&p.price, &p.currency, lang)) }</span>
                </button>
            </li>
        }
    };
    let label = InvoiceText::FindInCatalog.tr(lang);
    html! {
        <div class="contact-picker">
            <input type="search" value={(*words).clone()} oninput={on_words} autocomplete="off"
                placeholder={label} aria-label={label} data-testid="line-product" />
            if let Some(error) = found.error.clone() {
                <ProblemBanner {error} />
            }
            if products.is_empty() && !found.loading && !words.trim().is_empty() {
                <p class="muted">{ session.t(Text::NothingFound) }</p>
            }
            if !products.is_empty() {
                <ul class="picker-matches">{ for products.iter().map(offer) }</ul>
            }
        </div>
    }
}
