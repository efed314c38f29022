//! The client's link to an invoice: made (and made again, which revokes the old one) and
//! revoked by whoever may change the invoice; opened without an account at
//! `/public/invoices/{token}`, limited per client address. Only a digest of the secret is
//! stored.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use crm_api_types::{InvoiceSeller, Problem, PublicInvoiceResponse, PublicLinkResponse};
use crm_persistence::invoices as store;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::invoice_view::{issued_by, one};
use crate::app::invoices::can_edit;
use crate::auth::{secret, CrmUser};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::routes::views::utc;
use crate::state::{now, AppState};

/// What every client link starts with.
const LINK_PREFIX: &str = "crm_inv_";

/// The digest of a link's secret, once the caller's address is within its limit; 404 for
/// what cannot be a link.
fn link_digest(state: &AppState, req: &HttpRequest, token: &str) -> Result<String, ApiError> {
    if let Some(address) = state.auth.client_address(req) {
        if state.public_limiter.check_key(&address).is_err() {
            return Err(ApiError::TooManyRequests {
                retry_after_secs: 60,
            });
        }
    }
    if !token.starts_with(LINK_PREFIX) {
        return Err(ApiError::NotFound);
    }
    Ok(secret::digest(token))
}

/// Where the client opens the link with secret `token`.
fn link_url(state: &AppState, token: &str) -> String {
    format!("{}/api/v1/public/invoices/{token}", state.public_url)
}

/// The invoice a link's digest names, while its portal has the CRM on (404 otherwise).
fn linked(
    conn: &mut crm_persistence::DbConnection,
    hash: &str,
) -> Result<store::InvoiceRecord, ApiError> {
    let Some(r) = store::find_by_public_hash(conn, hash)? else {
        return Err(ApiError::NotFound);
    };
    if !crm_persistence::portals::find(conn, r.invoice.portal_id)?.crm_enabled {
        return Err(ApiError::NotFound);
    }
    Ok(r)
}

/// Who the client's link shows the invoice as: the document as issued, with every name it
/// holds, not as one user may see it.
fn issuer(invoice: &store::InvoiceRow) -> crm_domain::Viewer {
    crm_domain::Viewer {
        user_id: crm_domain::UserId(invoice.created_by),
        is_crm_admin: true,
    }
}

/// Mounts the client link routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_link)
        .service(revoke_link)
        .service(public_invoice)
        .service(public_invoice_pdf);
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
    let url = link_url(&state, &token);
    Ok(HttpResponse::Created().json(PublicLinkResponse {
        pdf_url: format!("{url}/pdf"),
        url,
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

/// The invoice at the client's link, as asked for.
enum Shown {
    Json(Box<PublicInvoiceResponse>),
    Page(String),
}

/// Whether the caller asks for a web page (a browser opening the link) rather than JSON.
fn wants_page(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.to_ascii_lowercase().contains("text/html"))
}

/// An invoice as its client sees it, at the link they were sent (no account needed): a web
/// page in the invoice's language with a link to its PDF when the caller accepts `text/html`
/// (a browser), else JSON. Unknown and revoked links, and all while the portal has the CRM
/// off, answer 404; too many requests from one address 429.
#[utoipa::path(tag = "invoices", security(()), params(("token" = String, Path, description = "The secret of the link")), responses(
    (status = 200, description = "The invoice", content(
        (PublicInvoiceResponse = "application/json"),
        (String = "text/html"),
    )),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 429, body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/invoices/{token}")]
pub async fn public_invoice(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let hash = link_digest(&state, &req, &token)?;
    let page = wants_page(&req);
    let pdf_url = format!("{}/pdf?download=true", link_url(&state, &token));
    let body = db::run(&state.pool, move |conn| {
        let r = linked(conn, &hash)?;
        let portal_id = r.invoice.portal_id;
        let org = crm_persistence::money::organisation(conn, portal_id)?;
        let i = one(
            conn,
            portal_id,
            issuer(&r.invoice),
            r.invoice.id,
            now().date(),
        )?;
        if page {
            let html = crm_documents::invoice_html(&i, &issued_by(org, None), &pdf_url);
            return Ok(Shown::Page(html));
        }
        Ok(Shown::Json(Box::new(PublicInvoiceResponse {
            number: i.number,
            status: i.status,
            issue_date: i.issue_date,
            due_date: i.due_date,
            language: i.language,
            seller: InvoiceSeller {
                name: org.name,
                address: org.address,
                tax_id: org.tax_id,
                bank_details: org.bank_details,
            },
            client_name: i.client_name.unwrap_or_default(),
            billing_address: i.billing_address,
            delivery_address: i.delivery_address,
            purchase_order: i.purchase_order,
            currency: i.currency,
            lines: i.lines,
            subtotal: i.subtotal,
            discount: i.discount,
            taxes: i.taxes,
            tax: i.tax,
            total: i.total,
            paid: i.paid,
            balance: i.balance,
            terms: i.terms,
            notes: i.notes,
        })))
    })
    .await?;
    let mut answer = HttpResponse::Ok();
    answer
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Vary", "Accept"));
    Ok(match body {
        Shown::Json(json) => answer.json(json),
        Shown::Page(html) => answer.content_type("text/html; charset=utf-8").body(html),
    })
}

/// The invoice at the client's link as its PDF, the document it was issued as: everything the
/// invoice names is printed. Unknown and revoked links, and all while the portal has the CRM
/// off, answer 404; too many requests from one address 429.
#[utoipa::path(tag = "invoices", security(()), params(
        ("token" = String, Path, description = "The secret of the link"),
        ("download" = Option<bool>, Query, description = "Ask the browser to save the file instead of showing it"),
    ), responses(
    (status = 200, description = "The PDF", content_type = "application/pdf"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 429, body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/invoices/{token}/pdf")]
pub async fn public_invoice_pdf(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    query: crate::extract::Query<super::PdfQuery>,
) -> ApiResult<HttpResponse> {
    let download = query.into_inner()?.download.unwrap_or(false);
    let hash = link_digest(&state, &req, &token)?;
    let (portal_id, id, issuer) = db::run(&state.pool, move |conn| {
        let r = linked(conn, &hash)?;
        Ok((r.invoice.portal_id, r.invoice.id, issuer(&r.invoice)))
    })
    .await?;
    let pdf = crate::app::invoice_view::pdf(&state, portal_id, issuer, id).await?;
    Ok(super::pdf_answer(pdf, download))
}
