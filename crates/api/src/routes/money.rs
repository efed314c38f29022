//! `/currencies`, `/settings/billing`, `/exchange-rates`, `/settings/taxes` and
//! `/settings/organisation`: the ISO 4217 list, the portal's default currency, its dated
//! exchange rates, its taxes and the organisation it invoices as.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use crm_api_types::{
    BillingSettingsResponse, CurrenciesResponse, CurrencyResponse, ExchangeRatePage,
    ExchangeRateQueryParams, ExchangeRateRequest, ExchangeRateResponse, OrganisationResponse,
    Problem, TaxRequest, TaxResponse, TaxesResponse, UpdateBillingSettingsRequest,
    UpdateOrganisationRequest,
};
use crm_domain::deal::Currency;
use crm_domain::money::{Rate, TaxRate};
use crm_domain::{ApiScope, BoundedText, FieldError, Validator};
use crm_persistence::money::{
    self as store, NewRate, OrganisationChanges, OrganisationRow, RateFilter, RateRow, TaxChanges,
    TaxRow,
};
use crm_persistence::{After, KeyValue, StoreError};
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

/// Mounts the currency and rate routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_currencies)
        .service(get_billing_settings)
        .service(update_billing_settings)
        .service(list_rates)
        .service(add_rate)
        .service(delete_rate)
        .service(list_taxes)
        .service(add_tax)
        .service(update_tax)
        .service(delete_tax)
        .service(get_organisation)
        .service(update_organisation)
        .service(put_logo)
        .service(get_logo)
        .service(delete_logo);
}

const RATES: &str = "exchange_rates";
const RATE_ORDER: &str = "-valid_from";

fn currency(v: &mut Validator, field: &str, code: &str) -> Option<Currency> {
    v.check(Currency::parse(field, code))
}

fn rate_view(r: RateRow) -> ExchangeRateResponse {
    ExchangeRateResponse {
        id: r.id,
        from: r.from_currency,
        to: r.to_currency,
        rate: Rate::from_stored(&r.rate).map_or(r.rate, |rate| rate.to_string()),
        valid_from: r.valid_from,
        source: r.source,
        created_by: r.created_by,
        created_at: utc(r.created_at),
    }
}

/// Every active ISO 4217 currency with its minor unit, and the portal's default currency.
#[utoipa::path(tag = "settings", responses(
    (status = 200, body = CurrenciesResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/currencies")]
pub async fn list_currencies(state: web::Data<AppState>, user: CrmUser) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let (portal_id, locale) = (user.0.portal_id(), portal_locale(&user));
    let (default, _) = db::run(&state.pool, move |conn| {
        default_currency(conn, portal_id, locale)
    })
    .await?;
    let items = Currency::all()
        .into_iter()
        .map(|c| CurrencyResponse {
            code: c.code(),
            name: c.name(),
            minor_units: c.exponent(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(CurrenciesResponse {
        default_currency: default.code(),
        items,
    }))
}

fn settings_answer(currency: Currency, version: i64) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", etag(version)))
        .json(BillingSettingsResponse {
            default_currency: currency.code(),
            version,
        })
}

/// The portal's money settings.
#[utoipa::path(tag = "settings", responses(
    (status = 200, body = BillingSettingsResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/settings/billing")]
pub async fn get_billing_settings(
    state: web::Data<AppState>,
    user: CrmUser,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let (portal_id, locale) = (user.0.portal_id(), portal_locale(&user));
    let (currency, version) = db::run(&state.pool, move |conn| {
        default_currency(conn, portal_id, locale)
    })
    .await?;
    Ok(settings_answer(currency, version))
}

/// Changes the portal's money settings (CRM administrators). Totals already shown are not
/// stored, so the next ones use the new default currency.
#[utoipa::path(tag = "settings", request_body = UpdateBillingSettingsRequest,
    params(("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = BillingSettingsResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/settings/billing")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn update_billing_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    body: Json<UpdateBillingSettingsRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let body = body.into_inner();
    let pre = precondition(&req, body.version)?;
    let mut v = Validator::new();
    let wanted = body
        .default_currency
        .as_deref()
        .and_then(|c| currency(&mut v, "default_currency", c));
    v.finish()?;
    let (portal_id, locale, by) = (user.0.portal_id(), portal_locale(&user), user.0.user.id);
    let (currency, version) = db::write(&state.pool, move |conn| {
        let (current, version) = default_currency(conn, portal_id, locale)?;
        let expected = pre.resolve(version);
        if expected != version {
            return Err(ApiError::VersionMismatch);
        }
        match wanted {
            Some(c) if c != current => {
                let row =
                    store::set_default_currency(conn, portal_id, expected, &c.code(), by, now())?;
                Ok((c, row.version))
            }
            _ => Ok((current, version)),
        }
    })
    .await?;
    Ok(settings_answer(currency, version))
}

/// Exchange rates, newest first; with `from`, `to`, `on` and `limit=1`, the one valid on a day.
#[utoipa::path(tag = "settings", params(ExchangeRateQueryParams), responses(
    (status = 200, body = ExchangeRatePage),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/exchange-rates")]
pub async fn list_rates(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<ExchangeRateQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let mut v = Validator::new();
    let from = q.from.as_deref().and_then(|c| currency(&mut v, "from", c));
    let to = q.to.as_deref().and_then(|c| currency(&mut v, "to", c));
    v.finish()?;
    let after = match pagination::decode_cursor(q.cursor.as_deref(), RATES, RATE_ORDER)? {
        Some(After {
            value: KeyValue::Text(day),
            id,
        }) => Some((
            NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| {
                ApiError::field("cursor", "invalid_cursor", "is not a cursor of this list")
            })?,
            id,
        )),
        Some(_) => {
            return Err(ApiError::field(
                "cursor",
                "invalid_cursor",
                "is not a cursor of this list",
            ))
        }
        None => None,
    };
    let filter = RateFilter {
        from: from.map(Currency::code),
        to: to.map(Currency::code),
        on_or_before: q.on,
    };
    let portal_id = user.0.portal_id();
    let (rows, more) = db::run(&state.pool, move |conn| {
        Ok(store::rates(conn, portal_id, &filter, after, limit)?)
    })
    .await?;
    let next_cursor = rows.last().filter(|_| more).map(|last| {
        let after = After {
            value: KeyValue::Text(last.valid_from.format("%Y-%m-%d").to_string()),
            id: last.id,
        };
        pagination::encode_cursor(RATES, RATE_ORDER, &after)
    });
    Ok(HttpResponse::Ok().json(ExchangeRatePage {
        items: rows.into_iter().map(rate_view).collect(),
        next_cursor,
    }))
}

/// Enters an exchange rate valid from a day (CRM administrators); the rates before it stay
/// as history. A pair has one rate per day: delete the old one to correct it.
#[utoipa::path(tag = "settings", request_body = ExchangeRateRequest, responses(
    (status = 201, body = ExchangeRateResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/exchange-rates")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn add_rate(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<ExchangeRateRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let b = body.into_inner();
    let mut v = Validator::new();
    let from = currency(&mut v, "from", &b.from);
    let to = currency(&mut v, "to", &b.to);
    let rate = v.check(Rate::parse("rate", &b.rate));
    if from.is_some() && from == to {
        v.push(FieldError::new(
            "to",
            "invalid_value",
            "must differ from `from`",
        ));
    }
    v.finish()?;
    let (Some(from), Some(to), Some(rate)) = (from, to, rate) else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "validator passed without values"
        )));
    };
    let at = now();
    let new = NewRate {
        portal_id: user.0.portal_id(),
        from_currency: from.code(),
        to_currency: to.code(),
        rate: rate.to_string(),
        valid_from: b.valid_from.unwrap_or(at.date()),
        source: "manual".to_owned(),
        created_by: Some(user.0.user.id),
        created_at: at,
    };
    let row = db::write(&state.pool, move |conn| {
        store::add_rate(conn, &new).map_err(|e| match e {
            StoreError::Conflict(_) => ApiError::conflict(
                "rate_exists",
                "valid_from",
                "the pair has a rate from this day already",
            ),
            other => other.into(),
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(rate_view(row)))
}

/// Deletes an exchange rate (CRM administrators); the one before it is valid again.
#[utoipa::path(tag = "settings", params(("id" = i64, Path, description = "Rate id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/exchange-rates/{id}")]
pub async fn delete_rate(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    admin_delete(&state, &user, id.into_inner(), store::delete_rate).await
}

fn tax_view(t: TaxRow) -> TaxResponse {
    TaxResponse {
        id: t.id,
        name: t.name,
        rate: TaxRate::from_stored(&t.rate).map_or(t.rate, |r| r.to_string()),
        description: t.description,
        version: t.version,
        created_at: utc(t.created_at),
        updated_at: utc(t.updated_at),
    }
}

/// The checked fields of a tax request; `creating` requires the name and rate.
fn tax_changes(b: &TaxRequest, creating: bool) -> Result<TaxChanges, ApiError> {
    let mut v = Validator::new();
    let name = b
        .name
        .as_deref()
        .and_then(|n| v.check(BoundedText::<100>::parse("name", n)))
        .map(BoundedText::into_inner);
    let rate = b
        .rate
        .as_deref()
        .and_then(|r| v.check(TaxRate::parse("rate", r)))
        .map(|r| r.to_string());
    let description = b.description.as_deref().and_then(|d| {
        if d.chars().count() > 1000 {
            v.push(FieldError::new(
                "description",
                "too_long",
                "must be at most 1000 characters",
            ));
            None
        } else {
            Some(d.trim().to_owned())
        }
    });
    if creating {
        for (field, given) in [("name", b.name.is_some()), ("rate", b.rate.is_some())] {
            if !given {
                v.push(FieldError::new(field, "required", "is required"));
            }
        }
    }
    v.finish()?;
    Ok(TaxChanges {
        name,
        rate,
        description,
    })
}

fn tax_store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(_) => {
            ApiError::conflict("name_taken", "name", "a tax with this name exists")
        }
        other => other.into(),
    }
}

/// The portal's taxes, by name.
#[utoipa::path(tag = "settings", responses(
    (status = 200, body = TaxesResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/settings/taxes")]
pub async fn list_taxes(state: web::Data<AppState>, user: CrmUser) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let portal_id = user.0.portal_id();
    let rows = db::run(&state.pool, move |conn| {
        Ok(store::taxes_of(conn, portal_id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(TaxesResponse {
        items: rows.into_iter().map(tax_view).collect(),
    }))
}

/// Adds a tax (CRM administrators).
#[utoipa::path(tag = "settings", request_body = TaxRequest, responses(
    (status = 201, body = TaxResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/settings/taxes")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn add_tax(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<TaxRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let changes = tax_changes(&body, true)?;
    let portal_id = user.0.portal_id();
    let row = db::write(&state.pool, move |conn| {
        store::add_tax(conn, portal_id, &changes, now()).map_err(tax_store_error)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(row.version)))
        .json(tax_view(row)))
}

/// Changes a tax made from the version given by `If-Match` or `version` (CRM
/// administrators).
#[utoipa::path(tag = "settings", request_body = TaxRequest,
    params(("id" = i64, Path, description = "Tax id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = TaxResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/settings/taxes/{id}")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn update_tax(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<TaxRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let pre = precondition(&req, body.version)?;
    let changes = tax_changes(&body, false)?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let row = db::write(&state.pool, move |conn| {
        let current = store::tax(conn, portal_id, id)?;
        let expected = pre.resolve(current.version);
        store::update_tax(conn, portal_id, id, expected, &changes, now()).map_err(tax_store_error)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(tax_view(row)))
}

/// Deletes a tax (CRM administrators); refused with `in_use` while a product or an invoice
/// line names it.
#[utoipa::path(tag = "settings", params(("id" = i64, Path, description = "Tax id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`in_use`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/settings/taxes/{id}")]
pub async fn delete_tax(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    db::write(&state.pool, move |conn| {
        store::delete_tax(conn, portal_id, id).map_err(|e| match e {
            StoreError::Conflict(_) => {
                ApiError::conflict("in_use", "id", "the tax is used by products or invoices")
            }
            other => other.into(),
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Deletes row `id` of the caller's portal with `delete` (CRM administrators): 204, or 404.
async fn admin_delete(
    state: &AppState,
    user: &CrmUser,
    id: i64,
    delete: fn(&mut crm_persistence::DbConnection, i64, i64) -> Result<(), StoreError>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let portal_id = user.0.portal_id();
    db::write(&state.pool, move |conn| Ok(delete(conn, portal_id, id)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn organisation_answer(o: OrganisationRow) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", etag(o.version)))
        .json(OrganisationResponse {
            name: o.name,
            address: o.address,
            tax_id: o.tax_id,
            bank_details: o.bank_details,
            // Keyed by the logo's file, which changes only with the logo.
            logo_url: o
                .logo_file_id
                .map(|f| format!("/api/v1/settings/organisation/logo?v={f}")),
            version: o.version,
        })
}

/// Text of at most `max` characters, trimmed; control characters other than line breaks
/// and tabs are refused.
fn text_field(
    v: &mut Validator,
    field: &'static str,
    text: Option<&str>,
    max: usize,
) -> Option<String> {
    let text = text?.trim();
    if text.chars().count() > max {
        v.push(FieldError::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
        return None;
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        v.push(FieldError::new(
            field,
            "invalid_value",
            "must not contain control characters",
        ));
        return None;
    }
    Some(text.to_owned())
}

/// The organisation the portal invoices as.
#[utoipa::path(tag = "settings", responses(
    (status = 200, body = OrganisationResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/settings/organisation")]
pub async fn get_organisation(
    state: web::Data<AppState>,
    user: CrmUser,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let portal_id = user.0.portal_id();
    let row = db::run(&state.pool, move |conn| {
        Ok(store::organisation(conn, portal_id)?)
    })
    .await?;
    Ok(organisation_answer(row))
}

/// Changes the organisation profile made from the version given by `If-Match` or `version`
/// (CRM administrators).
#[utoipa::path(tag = "settings", request_body = UpdateOrganisationRequest,
    params(("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = OrganisationResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/settings/organisation")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn update_organisation(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    body: Json<UpdateOrganisationRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let pre = precondition(&req, body.version)?;
    let mut v = Validator::new();
    let changes = OrganisationChanges {
        name: text_field(&mut v, "name", body.name.as_deref(), 200),
        address: text_field(&mut v, "address", body.address.as_deref(), 1000),
        tax_id: text_field(&mut v, "tax_id", body.tax_id.as_deref(), 50),
        bank_details: text_field(&mut v, "bank_details", body.bank_details.as_deref(), 1000),
    };
    v.finish()?;
    let (portal_id, by) = (user.0.portal_id(), user.0.user.id);
    let row = db::write(&state.pool, move |conn| {
        let current = store::organisation(conn, portal_id)?;
        let expected = pre.resolve(current.version);
        Ok(store::update_organisation(
            conn,
            portal_id,
            expected,
            &changes,
            by,
            now(),
        )?)
    })
    .await?;
    Ok(organisation_answer(row))
}

/// Sets the organisation's logo (form field `file`; CRM administrators): JPEG, PNG, WebP or
/// GIF, checked, turned upright and scaled as a contact photo is.
#[utoipa::path(tag = "settings",
    request_body(content = crate::routes::contacts::photo::PhotoForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, body = OrganisationResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[put("/settings/organisation/logo")]
pub async fn put_logo(
    state: web::Data<AppState>,
    user: CrmUser,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    use crate::routes::contacts::photo;
    user.0.require_crm_admin()?;
    let (portal_id, by) = (user.0.portal_id(), user.0.user.id);
    let raw = crate::routes::files::read_upload(form, photo::MAX_PHOTO_BYTES)
        .await?
        .bytes;
    let (bytes, mime) = web::block(move || photo::process(&raw))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))??;
    let stored = crate::routes::files::Stored::put(&state, portal_id, bytes).await?;
    let key = stored.key.clone();
    let result = db::write(&state.pool, move |conn| {
        let file = stored.record(conn, portal_id, "logo", mime, by)?;
        let old = store::set_logo(conn, portal_id, Some(file.id), by, now())?;
        Ok((store::organisation(conn, portal_id)?, old))
    })
    .await;
    match result {
        Ok((row, old)) => {
            crate::storage::remove_all(state.files.as_ref(), old.into_iter().collect()).await;
            Ok(organisation_answer(row))
        }
        Err(e) => {
            crate::storage::remove_all(state.files.as_ref(), vec![key]).await;
            Err(e)
        }
    }
}

/// The organisation's logo, cached by the browser and revalidated by its digest.
#[utoipa::path(tag = "settings", responses(
    (status = 200, description = "The image", content_type = "image/*"),
    (status = 304, description = "Not modified"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/settings/organisation/logo")]
pub async fn get_logo(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
) -> ApiResult<HttpResponse> {
    use crate::routes::files::{fresh_bytes, not_modified};
    user.0.require(ApiScope::Read)?;
    let portal_id = user.0.portal_id();
    let file = db::run(&state.pool, move |conn| {
        let id = store::organisation(conn, portal_id)?
            .logo_file_id
            .ok_or(ApiError::NotFound)?;
        Ok(crm_persistence::files::find(conn, portal_id, id)?)
    })
    .await?;
    let Some(bytes) = fresh_bytes(&state, &req, &file).await? else {
        return Ok(not_modified(&file));
    };
    Ok(HttpResponse::Ok()
        .content_type(file.content_type)
        .insert_header(("ETag", format!("\"{}\"", file.sha256)))
        .insert_header((header::CACHE_CONTROL, "private, max-age=300"))
        .body(bytes))
}

/// Removes the organisation's logo (CRM administrators).
#[utoipa::path(tag = "settings", responses(
    (status = 204, description = "Removed"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/settings/organisation/logo")]
pub async fn delete_logo(state: web::Data<AppState>, user: CrmUser) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let (portal_id, by) = (user.0.portal_id(), user.0.user.id);
    let old = db::write(&state.pool, move |conn| {
        Ok(store::set_logo(conn, portal_id, None, by, now())?)
    })
    .await?;
    crate::storage::remove_all(state.files.as_ref(), old.into_iter().collect()).await;
    Ok(HttpResponse::NoContent().finish())
}
