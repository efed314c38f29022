//! The catalog of products and services: title, SKU, price and currency, default taxes and
//! an optional stock count.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::{DbConnection, MultiBackend};
use crate::error::{StoreError, StoreResult};
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::schema::{products, taxes};
use crate::users::{int_after, text_after, time_after};

/// A stored product.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct ProductRow {
    pub id: i64,
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub description: String,
    pub sku: String,
    /// Stored money units of `currency`.
    pub price: i64,
    pub currency: String,
    pub tax1_id: Option<i64>,
    pub tax2_id: Option<i64>,
    pub track_stock: bool,
    /// Thousandths.
    pub stock: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

impl ProductRow {
    /// The default taxes, in order.
    pub fn tax_ids(&self) -> Vec<i64> {
        self.tax1_id.into_iter().chain(self.tax2_id).collect()
    }
}

/// A product's fields to store; `None` leaves one as it is.
#[derive(Debug, Clone, Default)]
pub struct ProductChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sku: Option<String>,
    pub price: Option<i64>,
    pub currency: Option<String>,
    /// At most two, checked by the caller.
    pub tax_ids: Option<Vec<i64>>,
    pub track_stock: Option<bool>,
    pub stock: Option<i64>,
}

fn sku_taken(e: diesel::result::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::Conflict("sku".into()),
        other => other,
    }
}

fn search_text(title: &str, sku: &str) -> String {
    format!("{} {}", title.to_lowercase(), sku.to_lowercase())
}

/// `MissingReference("tax_ids")` unless each id is a tax of the portal.
fn check_taxes(conn: &mut DbConnection, portal_id: i64, ids: &[i64]) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let found: i64 = taxes::table
        .filter(taxes::portal_id.eq(portal_id))
        .filter(taxes::id.eq_any(ids))
        .count()
        .get_result(conn)?;
    if usize::try_from(found).ok() != Some(ids.len()) {
        return Err(StoreError::MissingReference("tax_ids".into()));
    }
    Ok(())
}

/// A product of the portal.
pub fn get(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<ProductRow> {
    Ok(products::table
        .filter(products::portal_id.eq(portal_id))
        .filter(products::id.eq(id))
        .select(ProductRow::as_select())
        .first(conn)?)
}

/// Products of the portal by id (those that exist).
pub fn by_ids(
    conn: &mut DbConnection,
    portal_id: i64,
    ids: &[i64],
) -> StoreResult<Vec<ProductRow>> {
    Ok(products::table
        .filter(products::portal_id.eq(portal_id))
        .filter(products::id.eq_any(ids))
        .select(ProductRow::as_select())
        .load(conn)?)
}

/// Stores a new product (`title`, `price` and `currency` given); `Conflict("sku")` when the
/// SKU is taken, `MissingReference("tax_ids")` for a tax of no portal's.
pub fn add(
    conn: &mut DbConnection,
    portal_id: i64,
    by: i64,
    c: &ProductChanges,
    now: NaiveDateTime,
) -> StoreResult<ProductRow> {
    conn.transaction(|conn| {
        let tax_ids = c.tax_ids.clone().unwrap_or_default();
        check_taxes(conn, portal_id, &tax_ids)?;
        let title = c.title.clone().unwrap_or_default();
        let sku = c.sku.clone().unwrap_or_default();
        let id: i64 = diesel::insert_into(products::table)
            .values((
                products::portal_id.eq(portal_id),
                products::sort_title.eq(title.to_lowercase()),
                products::search_text.eq(search_text(&title, &sku)),
                products::title.eq(title),
                products::description.eq(c.description.clone().unwrap_or_default()),
                products::sku.eq(sku),
                products::price.eq(c.price.unwrap_or_default()),
                products::currency.eq(c.currency.clone().unwrap_or_default()),
                products::tax1_id.eq(tax_ids.first().copied()),
                products::tax2_id.eq(tax_ids.get(1).copied()),
                products::track_stock.eq(c.track_stock.unwrap_or(false)),
                products::stock.eq(c.stock.unwrap_or(0)),
                products::created_by.eq(by),
                products::created_at.eq(now),
                products::updated_at.eq(now),
                products::version.eq(1),
            ))
            .returning(products::id)
            .get_result(conn)
            .map_err(sku_taken)?;
        get(conn, portal_id, id)
    })
}

/// Changes a product made from `expected_version`: `StaleVersion` when it changed since,
/// `Conflict("sku")` when the new SKU is taken.
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    c: &ProductChanges,
    now: NaiveDateTime,
) -> StoreResult<ProductRow> {
    conn.transaction(|conn| {
        let current = get(conn, portal_id, id)?;
        if current.version != expected_version {
            return Err(StoreError::StaleVersion);
        }
        let tax_ids = c.tax_ids.clone().unwrap_or_else(|| current.tax_ids());
        check_taxes(conn, portal_id, &tax_ids)?;
        let title = c.title.clone().unwrap_or(current.title);
        let sku = c.sku.clone().unwrap_or(current.sku);
        let n = diesel::update(
            products::table
                .filter(products::portal_id.eq(portal_id))
                .filter(products::id.eq(id))
                .filter(products::version.eq(expected_version)),
        )
        .set((
            products::sort_title.eq(title.to_lowercase()),
            products::search_text.eq(search_text(&title, &sku)),
            products::title.eq(title),
            products::description.eq(c.description.clone().unwrap_or(current.description)),
            products::sku.eq(sku),
            products::price.eq(c.price.unwrap_or(current.price)),
            products::currency.eq(c.currency.clone().unwrap_or(current.currency)),
            products::tax1_id.eq(tax_ids.first().copied()),
            products::tax2_id.eq(tax_ids.get(1).copied()),
            products::track_stock.eq(c.track_stock.unwrap_or(current.track_stock)),
            products::stock.eq(c.stock.unwrap_or(current.stock)),
            products::updated_at.eq(now),
            products::version.eq(products::version + 1),
        ))
        .execute(conn)
        .map_err(sku_taken)?;
        if n == 0 {
            return Err(StoreError::StaleVersion);
        }
        get(conn, portal_id, id)
    })
}

/// Adds `delta` thousandths to the stock of each tracked product of `changes` (a negative
/// delta takes stock), in one statement per product so that concurrent changes add up, and
/// in product order so that two of them never wait on each other's rows.
pub fn adjust_stock(
    conn: &mut DbConnection,
    portal_id: i64,
    changes: &[(i64, i64)],
    now: NaiveDateTime,
) -> StoreResult<()> {
    let mut merged: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for (id, delta) in changes {
        *merged.entry(*id).or_default() += delta;
    }
    for (id, delta) in merged {
        diesel::update(
            products::table
                .filter(products::portal_id.eq(portal_id))
                .filter(products::id.eq(id))
                .filter(products::track_stock.eq(true)),
        )
        .set((
            products::stock.eq(products::stock + delta),
            products::updated_at.eq(now),
            products::version.eq(products::version + 1),
        ))
        .execute(conn)?;
    }
    Ok(())
}

/// Deletes a product of the portal; `Conflict("in_use")` while an invoice line is of it.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<()> {
    conn.transaction(|conn| {
        get(conn, portal_id, id)?;
        if crate::invoices::uses_product(conn, portal_id, id)? {
            return Err(StoreError::Conflict("in_use".into()));
        }
        diesel::delete(
            products::table
                .filter(products::portal_id.eq(portal_id))
                .filter(products::id.eq(id)),
        )
        .execute(conn)
        .map_err(|e| match StoreError::from(e) {
            StoreError::MissingReference(_) => StoreError::Conflict("in_use".into()),
            other => other,
        })?;
        Ok(())
    })
}

/// Whether a product of the portal names the tax as a default tax.
pub fn uses_tax(conn: &mut DbConnection, portal_id: i64, tax_id: i64) -> StoreResult<bool> {
    let n: i64 = products::table
        .filter(products::portal_id.eq(portal_id))
        .filter(
            products::tax1_id
                .eq(tax_id)
                .or(products::tax2_id.eq(tax_id)),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// How a product list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductSort {
    Title,
    Created,
    Price,
}

/// Which products a list shows.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    /// Each word in the title or SKU.
    pub q: Option<String>,
    pub currency: Option<String>,
    pub track_stock: Option<bool>,
    /// Tracked products with stock above 0 (`true`) or at most 0 (`false`).
    pub in_stock: Option<bool>,
}

fn filtered<'a>(portal_id: i64, f: &ProductFilter) -> products::BoxedQuery<'a, MultiBackend> {
    let mut q = products::table
        .filter(products::portal_id.eq(portal_id))
        .into_boxed();
    if let Some(c) = &f.currency {
        q = q.filter(products::currency.eq(c.clone()));
    }
    if let Some(t) = f.track_stock {
        q = q.filter(products::track_stock.eq(t));
    }
    match f.in_stock {
        Some(true) => {
            q = q
                .filter(products::track_stock.eq(true))
                .filter(products::stock.gt(0));
        }
        Some(false) => {
            q = q
                .filter(products::track_stock.eq(true))
                .filter(products::stock.le(0));
        }
        None => {}
    }
    if let Some(text) = &f.q {
        for word in text.split_whitespace() {
            q = q.filter(
                products::search_text
                    .like(contains_pattern(&word.to_lowercase()))
                    .escape('\\'),
            );
        }
    }
    q
}

/// A page of the portal's products matching `filter`, with the count of all.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    filter: &ProductFilter,
    page: &PageRequest<ProductSort>,
) -> StoreResult<PageResult<ProductRow>> {
    let (total, total_capped) =
        crate::keyset::count_capped(conn, filtered(portal_id, filter).select(products::id))?;
    let dir = page.sort.direction;
    let q = filtered(portal_id, filter).select(ProductRow::as_select());
    let rows: Vec<ProductRow> = match page.sort.field {
        ProductSort::Title => {
            let after = text_after(&page.after)?;
            crate::keyset!(q, products::sort_title, products::id, dir, after)
        }
        ProductSort::Created => {
            let after = time_after(&page.after)?;
            crate::keyset!(q, products::created_at, products::id, dir, after)
        }
        ProductSort::Price => {
            let after = int_after(&page.after)?;
            crate::keyset!(q, products::price, products::id, dir, after)
        }
    }
    .limit(page.limit + 1)
    .load(conn)?;
    let sort = page.sort.field;
    let mut result = PageResult::from_probe(rows, page.limit, total, |p| After {
        value: match sort {
            ProductSort::Title => KeyValue::Text(p.sort_title.clone()),
            ProductSort::Created => KeyValue::Time(p.created_at),
            ProductSort::Price => KeyValue::Int(p.price),
        },
        id: p.id,
    });
    result.total_capped = total_capped;
    Ok(result)
}
