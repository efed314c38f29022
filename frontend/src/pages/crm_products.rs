//! The catalog of products and services (CRM admins): searched, filtered by stock and sorted
//! with the state in the URL; added, changed and deleted here.

use std::rc::Rc;

use crm_api_types::{
    CurrenciesResponse, ProductQueryParams, ProductRequest, ProductResponse, TaxResponse,
    TaxesResponse,
};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{
    LoadMore, ProblemBanner, SearchBox, SelectField, SelectOption, SkeletonTable, TextAreaField,
    TextField,
};
use crate::hooks::{
    field_setter, use_load, use_paged_list_keeping, use_rows_in_url, use_session, use_url_list,
};
use crate::i18n::{fill, ContactText, SettingsText, Text};
use crate::pages::crm_currencies::delete_confirmed;
use crate::pages::deals::money;
use crate::services::{api, browser, format, with_query, ApiError};

/// What the form needs besides the product: the currencies and the taxes to pick from.
#[derive(Clone, PartialEq)]
struct Choices {
    currencies: Rc<CurrenciesResponse>,
    taxes: Rc<Vec<TaxResponse>>,
}

async fn load_choices() -> Result<Choices, ApiError> {
    let currencies = api::get::<CurrenciesResponse>("/currencies").await?;
    let taxes = api::get::<TaxesResponse>("/settings/taxes").await?;
    Ok(Choices {
        currencies: Rc::new(currencies),
        taxes: Rc::new(taxes.items),
    })
}

/// A new product as the form starts it: the default currency, no stock counted.
fn blank(choices: Option<&Choices>) -> ProductRequest {
    ProductRequest {
        currency: choices.map(|c| c.currencies.default_currency.clone()),
        ..ProductRequest::default()
    }
}

/// The form's fields for a stored product.
fn draft_of(p: &ProductResponse) -> ProductRequest {
    ProductRequest {
        title: Some(p.title.clone()),
        description: Some(p.description.clone()),
        sku: Some(p.sku.clone()),
        price: Some(p.price.clone()),
        currency: Some(p.currency.clone()),
        tax_ids: Some(p.tax_ids.clone()),
        track_stock: Some(p.track_stock),
        stock: p.stock.clone(),
        version: Some(p.version),
    }
}

/// The stock filter's choice as it is in the query.
fn stock_choice(q: &ProductQueryParams) -> &'static str {
    match (q.track_stock, q.in_stock) {
        (_, Some(true)) => "in",
        (_, Some(false)) => "out",
        (Some(true), None) => "counted",
        _ => "",
    }
}

/// The products and services page.
#[component]
pub fn CrmProductsPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let url = use_url_list(ProductQueryParams::default);
    let query = url.query.clone();
    let list = use_paged_list_keeping::<ProductResponse>(with_query("/products", &query), url.rows);
    use_rows_in_url(&url, list.items.len());
    let choices = use_load((), |()| load_choices());
    let editing = use_state(|| None::<ProductResponse>);
    let error = use_state(|| None::<ApiError>);

    let on_search = url.setter(|q, v| q.q = (!v.trim().is_empty()).then_some(v));
    let on_stock = url.select_setter(|q, v| {
        (q.track_stock, q.in_stock) = match v.as_str() {
            "counted" => (Some(true), None),
            "in" => (None, Some(true)),
            "out" => (None, Some(false)),
            _ => (None, None),
        };
    });
    let on_sort = url.select_setter(|q, v| q.sort = (!v.is_empty()).then_some(v));

    let tax_names = {
        let taxes = choices.data.as_ref().map(|c| c.taxes.clone());
        move |ids: &[i64]| -> String {
            let taxes = taxes.clone().unwrap_or_default();
            ids.iter()
                .map(|id| {
                    taxes.iter().find(|t| t.id == *id).map_or_else(
                        || format!("#{id}"),
                        |t| format!("{} {} %", t.name, format::number(&t.rate, lang)),
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let edit = {
        let editing = editing.clone();
        Callback::from(move |p: ProductResponse| {
            editing.set(Some(p));
            browser::scroll_into_view("product-form");
        })
    };
    let remove = {
        let (error, reload) = (error.clone(), list.reload.clone());
        Callback::from(move |p: ProductResponse| {
            let question = fill(
                SettingsText::ConfirmDeleteProduct.tr(lang),
                &[("name", &p.title)],
            );
            delete_confirmed(&question, format!("/products/{}", p.id), &error, &reload);
        })
    };
    let rows = list.items.iter().map(|p| {
        let on_edit = edit.reform({
            let p = p.clone();
            move |_: MouseEvent| p.clone()
        });
        let on_delete = remove.reform({
            let p = p.clone();
            move |_: MouseEvent| p.clone()
        });
        let stock = p.stock.as_deref().map_or_else(
            || SettingsText::NotCounted.tr(lang).to_owned(),
            |s| format::number(s, lang),
        );
        html! {
            <tr data-testid="product-row" data-id={p.id.to_string()}>
                <td>
                    <span data-testid="product-title">{ p.title.clone() }</span>
                    if !p.description.is_empty() {
                        <div class="muted small">{ p.description.clone() }</div>
                    }
                </td>
                <td class="nowrap">{ p.sku.clone() }</td>
                <td class="num nowrap" data-testid="product-price">{ money(&p.price, &p.currency, lang) }</td>
                <td>{ tax_names(&p.tax_ids) }</td>
                <td class={classes!("num", "nowrap", p.stock.is_none().then_some("muted"))} data-testid="product-stock">{ stock }</td>
                <td class="actions nowrap">
                    <button type="button" class="link-button" data-testid="product-edit" onclick={on_edit}>{ ContactText::Edit.tr(lang) }</button>
                    { " " }
                    <button type="button" class="link-button danger" data-testid="product-delete" onclick={on_delete}>{ Text::Delete.tr(lang) }</button>
                </td>
            </tr>
        }
    });
    let stock = stock_choice(&query);
    let stocks = [
        ("", SettingsText::AnyStock),
        ("counted", SettingsText::Counted),
        ("in", SettingsText::InStock),
        ("out", SettingsText::OutOfStock),
    ]
    .into_iter()
    .map(|(value, label)| {
        html! { <option value={value} selected={stock == value}>{ label.tr(lang) }</option> }
    });
    let sort = query.sort.clone().unwrap_or_default();
    let sorts = [
        ("", SettingsText::SortByTitle),
        ("-created_at", SettingsText::SortNewestProducts),
        ("price", SettingsText::SortCheapest),
        ("-price", SettingsText::SortDearest),
    ]
    .into_iter()
    .map(|(value, label)| {
        html! { <option value={value} selected={sort == value}>{ label.tr(lang) }</option> }
    });
    let on_saved = {
        let (editing, reload) = (editing.clone(), list.reload.clone());
        Callback::from(move |()| {
            editing.set(None);
            reload.emit(());
        })
    };
    let on_cancel = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(None))
    };

    html! {
        <>
            <p class="muted">{ SettingsText::ProductsIntro.tr(lang) }</p>
            <div class="filters" data-testid="product-filters">
                <SearchBox value={query.q.clone().unwrap_or_default()} label={SettingsText::SearchProducts.tr(lang)}
                    onsearch={on_search} testid="products-search" />
                <select aria-label={SettingsText::Stock.tr(lang)} onchange={on_stock} data-testid="products-stock">
                    { for stocks }
                </select>
                <select aria-label={SettingsText::SortOrder.tr(lang)} onchange={on_sort} data-testid="products-sort">
                    { for sorts }
                </select>
            </div>
            if let Some(error) = list.error.clone().or_else(|| (*error).clone()) {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if !list.items.is_empty() {
                <div class="table-wrap">
                    <table class={classes!("table", list.stale.then_some("stale"))} data-testid="products-table">
                        <thead>
                            <tr>
                                <th>{ SettingsText::ProductTitle.tr(lang) }</th>
                                <th>{ SettingsText::Sku.tr(lang) }</th>
                                <th class="num">{ SettingsText::Price.tr(lang) }</th>
                                <th>{ SettingsText::DefaultTaxes.tr(lang) }</th>
                                <th class="num">{ SettingsText::Stock.tr(lang) }</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            } else if !list.loading && list.error.is_none() {
                <p class="muted" data-testid="products-empty">{ SettingsText::NoProducts.tr(lang) }</p>
            }
            if list.loading && list.items.is_empty() {
                <SkeletonTable columns={5} />
            }
            <LoadMore shown={list.items.len()} total={list.total} total_capped={list.total_capped}
                has_more={list.has_more} loading={list.loading} on_more={list.load_more.clone()} />
            if let Some(choices) = choices.data.clone() {
                <ProductForm key={editing.as_ref().map_or(0, |p| p.id)} product={(*editing).clone()}
                    {choices} {on_saved} {on_cancel} />
            }
        </>
    }
}

/// Properties of [`ProductForm`].
#[derive(Properties, PartialEq)]
struct ProductFormProps {
    /// The product being changed, else a new one.
    product: Option<ProductResponse>,
    choices: Choices,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

/// The form adding a product, or changing the one given.
#[component]
fn ProductForm(props: &ProductFormProps) -> Html {
    let lang = use_session().lang();
    let draft = use_state(|| {
        props
            .product
            .as_ref()
            .map_or_else(|| blank(Some(&props.choices)), draft_of)
    });
    let error = use_state(|| None::<ApiError>);
    let set = |apply: fn(&mut ProductRequest, String)| field_setter(&draft, apply);
    let set_tax = |slot: usize| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            let mut ids = next.tax_ids.clone().unwrap_or_default();
            let chosen = value.parse::<i64>().ok();
            match (chosen, slot < ids.len()) {
                (Some(id), true) => ids[slot] = id,
                (Some(id), false) => ids.push(id),
                (None, true) => {
                    ids.remove(slot);
                }
                (None, false) => {}
            }
            next.tax_ids = Some(ids);
            draft.set(next);
        })
    };
    let on_track = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            next.track_stock = Some(on);
            if on && next.stock.is_none() {
                next.stock = Some("0".into());
            }
            draft.set(next);
        })
    };
    let save = {
        let (draft, error, on_saved) = (draft.clone(), error.clone(), props.on_saved.clone());
        let id = props.product.as_ref().map(|p| p.id);
        let loaded_stock = props.product.as_ref().and_then(|p| p.stock.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut body = (*draft).clone();
            // Invoices move the stock: only a count typed here sets it.
            if body.track_stock != Some(true) || body.stock == loaded_stock {
                body.stock = None;
            }
            let (draft, error, on_saved) = (draft.clone(), error.clone(), on_saved.clone());
            spawn_local(async move {
                let saved = match id {
                    Some(id) => {
                        api::patch::<_, ProductResponse>(&format!("/products/{id}"), &body).await
                    }
                    None => api::post::<_, ProductResponse>("/products", &body).await,
                };
                match saved {
                    Ok(_) => {
                        error.set(None);
                        draft.set(ProductRequest {
                            currency: body.currency,
                            ..ProductRequest::default()
                        });
                        on_saved.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let currencies: Vec<SelectOption> = props
        .choices
        .currencies
        .items
        .iter()
        .map(|c| SelectOption::new(c.code.clone(), c.code.clone()))
        .collect();
    let tax_options: Vec<SelectOption> =
        std::iter::once(SelectOption::new("", SettingsText::NoTax.tr(lang)))
            .chain(props.choices.taxes.iter().map(|t| {
                SelectOption::new(
                    t.id.to_string(),
                    format!("{} — {} %", t.name, format::number(&t.rate, lang)),
                )
            }))
            .collect();
    let ids = draft.tax_ids.clone().unwrap_or_default();
    let tax_value =
        |slot: usize| AttrValue::from(ids.get(slot).map(ToString::to_string).unwrap_or_default());
    let text = |v: &Option<String>| AttrValue::from(v.clone().unwrap_or_default());
    let tracked = draft.track_stock == Some(true);
    let heading = props.product.as_ref().map_or_else(
        || SettingsText::AddProduct.tr(lang).to_owned(),
        |p| fill(SettingsText::EditProduct.tr(lang), &[("name", &p.title)]),
    );

    html! {
        <section class="card" id="product-form" data-testid="product-form">
            <h2>{ heading }</h2>
            <form onsubmit={save} novalidate=true>
                if let Some(error) = (*error).clone() {
                    <ProblemBanner {error} />
                }
                <TextField label={SettingsText::ProductTitle} name="title" value={text(&draft.title)}
                    oninput={set(|d, v| d.title = Some(v))} error={(*error).clone()} testid="product-title-input" required=true />
                <TextField label={SettingsText::Sku} name="sku" value={text(&draft.sku)}
                    oninput={set(|d, v| d.sku = Some(v))} error={(*error).clone()} testid="product-sku" />
                <div class="field-row">
                    <TextField label={SettingsText::Price} name="price" value={text(&draft.price)} input_type="text"
                        oninput={set(|d, v| d.price = Some(v))} error={(*error).clone()} testid="product-price-input" required=true />
                    <SelectField label={SettingsText::Currency} name="currency" options={currencies}
                        value={text(&draft.currency)} onchange={set(|d, v| d.currency = Some(v))}
                        error={(*error).clone()} testid="product-currency" />
                </div>
                <div class="field-row">
                    <SelectField label={SettingsText::FirstTax} name="tax_ids" options={tax_options.clone()}
                        value={tax_value(0)} onchange={set_tax(0)} error={(*error).clone()} testid="product-tax-1" />
                    if !ids.is_empty() {
                        <SelectField label={SettingsText::SecondTax} name="tax_ids[1]" options={tax_options}
                            value={tax_value(1)} onchange={set_tax(1)} testid="product-tax-2" />
                    }
                </div>
                <label class="inline-check" title={SettingsText::TrackStockHint.tr(lang)}>
                    <input type="checkbox" checked={tracked} onchange={on_track} data-testid="product-track-stock" />
                    { SettingsText::TrackStock.tr(lang) }
                </label>
                if tracked {
                    <TextField label={SettingsText::Stock} name="stock" value={text(&draft.stock)}
                        oninput={set(|d, v| d.stock = Some(v))} error={(*error).clone()} testid="product-stock-input"
                        hint={SettingsText::TrackStockHint} />
                }
                <TextAreaField label={SettingsText::TaxDescription} name="description" value={text(&draft.description)}
                    oninput={set(|d, v| d.description = Some(v))} error={(*error).clone()} testid="product-description" />
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="product-save">
                        { if props.product.is_some() { Text::Save.tr(lang) } else { SettingsText::AddProduct.tr(lang) } }
                    </button>
                    if props.product.is_some() {
                        <button type="button" class="link-button" onclick={cancel}>{ Text::Cancel.tr(lang) }</button>
                    }
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stock_filter_reads_back_from_the_query() {
        let q = |track, stock| ProductQueryParams {
            track_stock: track,
            in_stock: stock,
            ..ProductQueryParams::default()
        };
        assert_eq!(stock_choice(&q(None, None)), "");
        assert_eq!(stock_choice(&q(Some(true), None)), "counted");
        assert_eq!(stock_choice(&q(None, Some(true))), "in");
        assert_eq!(stock_choice(&q(None, Some(false))), "out");
    }

    #[test]
    fn a_stored_product_fills_the_form_with_its_version() {
        let p = ProductResponse {
            id: 3,
            title: "Mouse".into(),
            description: String::new(),
            sku: "MS-1".into(),
            price: "12.5".into(),
            currency: "EUR".into(),
            tax_ids: vec![4],
            track_stock: true,
            stock: Some("2".into()),
            created_by: 1,
            created_at: chrono::DateTime::default(),
            updated_at: chrono::DateTime::default(),
            version: 7,
        };
        let d = draft_of(&p);
        assert_eq!(d.version, Some(7));
        assert_eq!(d.tax_ids, Some(vec![4]));
        assert_eq!(d.stock.as_deref(), Some("2"));
        assert_eq!(blank(None).currency, None);
    }
}
