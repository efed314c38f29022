//! The client's link to an invoice: made (and made again, which revokes the old one) and
//! revoked by whoever may change the invoice; opened without an account at
//! `/public/invoices/{token}`, limited per client address. Only a digest of the secret is
//! stored.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use crm_api_types::{InvoiceSeller, Problem, PublicInvoiceResponse, PublicLinkResponse};
use crm_domain::invoice::InvoiceStatus;
use crm_persistence::invoices as store;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{amount, lines_view, wire_language, wire_status};
use crate::app::invoices::can_edit;
use crate::auth::{secret, CrmUser};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::routes::views::utc;
use crate::state::{now, AppState};

/// What every client link starts with.
const LINK_PREFIX: &str = "crm_inv_";

/// Mounts the client link routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_link)
        .service(revoke_link)
        .service(public_invoice);
}

/// The invoice the caller may see and change, else 404 or 403.
fn manageable(
    conn: &mut crm_persistence::DbConnection,
    user: &crate::auth::Principal,
    id: i64,
) -> Result<(), ApiError> {
    let (portal_id, viewer) = (user.portal_id(), user.viewer());
    let found = store::find_visible(conn, portal_id, viewer, id)?;
    if !can_edit(conn, portal_id, viewer, &found.invoice)? {
        return Err(ApiError::forbidden(
            "forbidden",
            "only its creator or a CRM administrator may share this invoice",
        ));
    }
    Ok(())
}

/// Makes a new client link for the invoice (its creator or a CRM admin); the link made before
/// stops working. The address is shown this once.
#[utoipa::path(tag = "invoices", params(("id" = i64, Path, description = "Invoice id")), responses(
    (status = 201, body = PublicLinkResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[post("/invoices/{id}/public-link")]
pub async fn create_link(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(crm_domain::ApiScope::Write)?;
    let token = secret::new_token(LINK_PREFIX);
    let hash = secret::digest(&token);
    let id = id.into_inner();
    let at = now();
    let principal = user.0.clone();
    db::write(&state.pool, move |conn| {
        manageable(conn, &principal, id)?;
        Ok(store::set_public_link(
            conn,
            principal.portal_id(),
            id,
            Some(&hash),
            at,
        )?)
    })
    .await?;
    Ok(HttpResponse::Created().json(PublicLinkResponse {
        url: format!("{}/api/v1/public/invoices/{token}", state.public_url),
        since: utc(at),
    }))
}

/// Revokes the invoice's client link.
#[utoipa::path(tag = "invoices", params(("id" = i64, Path, description = "Invoice id")), responses(
    (status = 204, description = "Revoked"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/invoices/{id}/public-link")]
pub async fn revoke_link(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(crm_domain::ApiScope::Write)?;
    let id = id.into_inner();
    let principal = user.0.clone();
    db::write(&state.pool, move |conn| {
        manageable(conn, &principal, id)?;
        Ok(store::set_public_link(
            conn,
            principal.portal_id(),
            id,
            None,
            now(),
        )?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// An invoice as its client sees it, at the link they were sent (no account needed). Unknown
/// and revoked links answer 404; too many requests from one address 429.
#[utoipa::path(tag = "invoices", security(()), params(("token" = String, Path, description = "The secret of the link")), responses(
    (status = 200, body = PublicInvoiceResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 429, body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/invoices/{token}")]
pub async fn public_invoice(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    if let Some(address) = state.auth.client_address(&req) {
        if state.public_limiter.check_key(&address).is_err() {
            return Err(ApiError::TooManyRequests {
                retry_after_secs: 60,
            });
        }
    }
    let token = token.into_inner();
    if !token.starts_with(LINK_PREFIX) {
        return Err(ApiError::NotFound);
    }
    let hash = secret::digest(&token);
    let body = db::run(&state.pool, move |conn| {
        let Some(r) = store::find_by_public_hash(conn, &hash)? else {
            return Err(ApiError::NotFound);
        };
        let portal_id = r.invoice.portal_id;
        let org = crm_persistence::money::organisation(conn, portal_id)?;
        let client =
            crm_persistence::contacts::display_name(conn, portal_id, r.invoice.fields.client_id)?;
        let taxes = crm_persistence::money::taxes_of(conn, portal_id)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let f = &r.invoice.fields;
        let cur = f.currency.as_str();
        let (lines, taxes) = lines_view(&r.lines, cur, &taxes);
        Ok(PublicInvoiceResponse {
            number: f.number.clone(),
            status: wire_status(
                InvoiceStatus::from_stored(&r.invoice.status).unwrap_or(InvoiceStatus::Draft),
            ),
            issue_date: f.issue_date,
            due_date: f.due_date,
            language: wire_language(&f.language),
            seller: InvoiceSeller {
                name: org.name,
                address: org.address,
                tax_id: org.tax_id,
                bank_details: org.bank_details,
            },
            client_name: client.unwrap_or_default(),
            billing_address: f.billing_address.clone(),
            delivery_address: f.delivery_address.clone(),
            purchase_order: f.purchase_order.clone(),
            currency: f.currency.clone(),
            lines,
            subtotal: amount(f.subtotal, cur),
            discount: amount(f.discount, cur),
            taxes,
            tax: amount(f.tax, cur),
            total: amount(f.total, cur),
            paid: amount(r.paid, cur),
            balance: amount(f.total - r.paid, cur),
            terms: f.terms.clone(),
            notes: f.notes.clone(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(body))
}
