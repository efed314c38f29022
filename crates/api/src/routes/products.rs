//! `/products`: the catalog of products and services. Every CRM user reads it; CRM
//! administrators change it.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use crm_api_types::{Page, Problem, ProductQueryParams, ProductRequest, ProductResponse};
use crm_domain::deal::{self, Currency};
use crm_domain::invoice::{self, Quantity};
use crm_domain::{ApiScope, BoundedText, FieldError, Validator};
use crm_persistence::products::{
    self as store, ProductChanges, ProductFilter, ProductRow, ProductSort,
};
use crm_persistence::{PageRequest, StoreError};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::money::default_currency;
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::deals::pipelines::portal_locale;
use crate::routes::views::utc;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// Mounts the product routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_products)
        .service(create_product)
        .service(get_product)
        .service(update_product)
        .service(delete_product);
}

const LIST: &str = "products";

const SORTS: &[(&str, ProductSort)] = &[
    ("title", ProductSort::Title),
    ("created_at", ProductSort::Created),
    ("price", ProductSort::Price),
];

/// A product as the API shows it.
pub fn view(p: ProductRow) -> ProductResponse {
    ProductResponse {
        id: p.id,
        tax_ids: p.tax_ids(),
        title: p.title,
        description: p.description,
        sku: p.sku,
        price: deal::from_stored(p.price).to_string(),
        currency: p.currency,
        track_stock: p.track_stock,
        stock: p
            .track_stock
            .then(|| Quantity::from_thousandths(p.stock).to_string()),
        created_by: p.created_by,
        created_at: utc(p.created_at),
        updated_at: utc(p.updated_at),
        version: p.version,
    }
}

/// The checked fields of a product request; `creating` requires the title and price.
fn changes(b: &ProductRequest, creating: bool) -> Result<ProductChanges, ApiError> {
    let mut v = Validator::new();
    let title = match b.title.as_deref() {
        Some(t) => v
            .check(BoundedText::<255>::parse("title", t))
            .map(BoundedText::into_inner),
        None if creating => {
            v.push(FieldError::new("title", "required", "is required"));
            None
        }
        None => None,
    };
    let description = b.description.as_deref().and_then(|d| {
        v.check(BoundedText::<10000>::parse_optional("description", Some(d)))
            .map(|d| d.map(BoundedText::into_inner).unwrap_or_default())
    });
    let sku = b.sku.as_deref().and_then(|s| {
        v.check(BoundedText::<100>::parse_optional("sku", Some(s)))
            .map(|s| s.map(BoundedText::into_inner).unwrap_or_default())
    });
    let price = match b.price.as_deref() {
        Some(p) => v.check(invoice::price("price", p)),
        None if creating => {
            v.push(FieldError::new("price", "required", "is required"));
            None
        }
        None => None,
    };
    let currency = b
        .currency
        .as_deref()
        .and_then(|c| v.check(Currency::parse("currency", c)))
        .map(Currency::code);
    let tax_ids = b.tax_ids.clone().and_then(|ids| {
        v.check(invoice::check_taxes("tax_ids", &ids))?;
        Some(ids)
    });
    let stock = b
        .stock
        .as_deref()
        .and_then(|s| v.check(Quantity::parse("stock", s)))
        .map(Quantity::thousandths);
    v.finish()?;
    Ok(ProductChanges {
        title,
        description,
        sku,
        price,
        currency,
        tax_ids,
        track_stock: b.track_stock,
        stock,
    })
}

fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(_) => {
            ApiError::conflict("sku_taken", "sku", "a product with this SKU exists")
        }
        StoreError::MissingReference(_) => {
            ApiError::field("tax_ids", "not_found", "names a tax that does not exist")
        }
        other => other.into(),
    }
}

/// The catalog, by title unless sorted otherwise.
#[utoipa::path(tag = "products", params(ProductQueryParams), responses(
    (status = 200, body = Page<ProductResponse>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/products")]
pub async fn list_products(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<ProductQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let sort = pagination::sort(q.sort.as_deref(), SORTS, ProductSort::Title)?;
    let label = pagination::sort_label(&sort, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), LIST, &label)?;
    let mut v = Validator::new();
    let currency = q
        .currency
        .as_deref()
        .and_then(|c| v.check(Currency::parse("currency", c)))
        .map(Currency::code);
    v.finish()?;
    let filter = ProductFilter {
        q: pagination::search_text(q.q.as_deref())?,
        currency,
        track_stock: q.track_stock,
        in_stock: q.in_stock,
    };
    let portal_id = user.0.portal_id();
    let page = PageRequest { sort, after, limit };
    let result = db::run(&state.pool, move |conn| {
        Ok(store::list(conn, portal_id, &filter, &page)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page {
        next_cursor: result
            .next
            .as_ref()
            .map(|a| pagination::encode_cursor(LIST, &label, a)),
        total: result.total,
        total_capped: result.total_capped,
        items: result.rows.into_iter().map(view).collect(),
    }))
}

/// Adds a product (CRM administrators); priced in the portal's default currency unless
/// another is named.
#[utoipa::path(tag = "products", request_body = ProductRequest, responses(
    (status = 201, body = ProductResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/products")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn create_product(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<ProductRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let mut c = changes(&body, true)?;
    let (portal_id, locale, by) = (user.0.portal_id(), portal_locale(&user), user.0.user.id);
    let row = db::write(&state.pool, move |conn| {
        if c.currency.is_none() {
            c.currency = Some(default_currency(conn, portal_id, locale)?.0.code());
        }
        store::add(conn, portal_id, by, &c, now()).map_err(store_error)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(row.version)))
        .json(view(row)))
}

/// A product of the catalog.
#[utoipa::path(tag = "products", params(("id" = i64, Path, description = "Product id")), responses(
    (status = 200, body = ProductResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/products/{id}")]
pub async fn get_product(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let row = db::run(&state.pool, move |conn| {
        Ok(store::get(conn, portal_id, id)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(view(row)))
}

/// Changes a product made from the version given by `If-Match` or `version` (CRM
/// administrators). Invoices already written keep the lines they have.
#[utoipa::path(tag = "products", request_body = ProductRequest,
    params(("id" = i64, Path, description = "Product id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = ProductResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/products/{id}")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn update_product(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<ProductRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let pre = precondition(&req, body.version)?;
    let c = changes(&body, false)?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let row = db::write(&state.pool, move |conn| {
        let current = store::get(conn, portal_id, id)?;
        let expected = pre.resolve(current.version);
        store::update(conn, portal_id, id, expected, &c, now()).map_err(store_error)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(view(row)))
}

/// Deletes a product (CRM administrators); refused with `in_use` while an invoice line is of
/// it.
#[utoipa::path(tag = "products", params(("id" = i64, Path, description = "Product id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`in_use`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/products/{id}")]
pub async fn delete_product(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    db::write(&state.pool, move |conn| {
        store::delete(conn, portal_id, id).map_err(|e| match e {
            StoreError::Conflict(_) => {
                ApiError::conflict("in_use", "id", "an invoice line is of this product")
            }
            other => other.into(),
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
