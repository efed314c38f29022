//! `/invoices` and `/settings/invoices`: invoices with their lines and totals, their status
//! moves, payments, duplicates, and how the portal numbers them; the client's link in
//! [`public`].

pub mod public;

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use crm_api_types::{
    DuplicateInvoiceRequest, InvoiceConvertedTotal, InvoiceCurrencyTotal, InvoiceLanguage,
    InvoiceLineRequest, InvoicePage, InvoicePaymentRequest, InvoicePaymentResponse,
    InvoicePaymentsResponse, InvoiceQueryParams, InvoiceRequest, InvoiceResponse,
    InvoiceSettingsResponse, InvoiceStatus as WireStatus, InvoiceStatusRequest, PaymentMethod,
    Problem, SendInvoiceRequest, SendInvoiceResponse, UpdateInvoiceSettingsRequest,
};
use crm_domain::deal::Currency;
use crm_domain::invoice::{self, InvoiceStatus, Quantity, MAX_DUE_DAYS};
use crm_domain::money::{Percent, Rate};
use crm_domain::{ApiScope, BoundedText, FieldError, Locale, TimeZoneName, Validator};
use crm_persistence::invoices::{
    self as store, InvoiceFilter, InvoiceSort, NewPayment, PaymentRow, RateGroup, SettingsRow,
};
use crm_persistence::PageRequest;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::invoice_view::{amount, names, one, view};
use crate::app::invoices::{self as use_case, Context, Due, InvoiceInput, LineInput};
use crate::app::money::default_currency;
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::deals::pipelines::portal_locale;
use crate::routes::views::utc;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// Mounts the invoice routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_invoices)
        .service(create_invoice)
        .service(get_invoice)
        .service(update_invoice)
        .service(delete_invoice)
        .service(set_invoice_status)
        .service(duplicate_invoice)
        .service(get_invoice_pdf)
        .service(send_invoice)
        .service(list_payments)
        .service(add_payment)
        .service(delete_payment)
        .service(get_invoice_settings)
        .service(update_invoice_settings);
    public::configure(cfg);
}

const LIST: &str = "invoices";

const SORTS: &[(&str, InvoiceSort)] = &[
    ("number", InvoiceSort::Number),
    ("issue_date", InvoiceSort::IssueDate),
    ("due_date", InvoiceSort::DueDate),
    ("total", InvoiceSort::Total),
    ("created_at", InvoiceSort::Created),
];

fn domain_status(s: WireStatus) -> InvoiceStatus {
    match s {
        WireStatus::Draft => InvoiceStatus::Draft,
        WireStatus::Sent => InvoiceStatus::Sent,
        WireStatus::Paid => InvoiceStatus::Paid,
        WireStatus::Rejected => InvoiceStatus::Rejected,
    }
}

/// Today in the caller's time zone.
pub fn today_of(user: &CrmUser) -> NaiveDate {
    let tz = TimeZoneName::tz_or_utc(&user.0.user.time_zone);
    now().and_utc().with_timezone(&tz).date_naive()
}

fn context(user: &CrmUser) -> Context {
    Context {
        today: today_of(user),
        language: Locale::parse("locale", &user.0.user.locale).unwrap_or(Locale::En),
        portal_locale: portal_locale(user),
    }
}

/// A text field of at most `MAX` characters, empty allowed.
fn text<const MAX: usize>(v: &mut Validator, field: &str, value: Option<&str>) -> Option<String> {
    value.and_then(|t| {
        v.check(BoundedText::<MAX>::parse_optional(field, Some(t)))
            .map(|t| t.map(BoundedText::into_inner).unwrap_or_default())
    })
}

fn line_input(v: &mut Validator, i: usize, l: &InvoiceLineRequest) -> LineInput {
    let field = |name: &str| format!("lines[{i}].{name}");
    let quantity = match l.quantity.as_deref() {
        Some(q) => v
            .check(Quantity::parse(&field("quantity"), q))
            .unwrap_or_default(),
        None => Quantity::from_thousandths(1000),
    };
    let price = l
        .price
        .as_deref()
        .and_then(|p| v.check(invoice::price(&field("price"), p)));
    let discount = l
        .discount
        .as_deref()
        .and_then(|d| v.check(Percent::parse(&field("discount"), d)))
        .unwrap_or_default();
    if let Some(ids) = &l.tax_ids {
        v.check(invoice::check_taxes(&field("tax_ids"), ids));
    }
    let description =
        text::<1000>(v, &field("description"), l.description.as_deref()).filter(|d| !d.is_empty());
    LineInput {
        product_id: l.product_id,
        description,
        quantity,
        price,
        discount,
        tax_ids: l.tax_ids.clone(),
    }
}

/// The checked fields of a request.
/// An invoice number as typed: 1–50 characters.
fn number(text: &str) -> Result<String, crm_domain::DomainError> {
    BoundedText::<50>::parse("number", text).map(BoundedText::into_inner)
}

fn input(b: InvoiceRequest) -> Result<InvoiceInput, ApiError> {
    let mut v = Validator::new();
    let number = b.number.as_deref().and_then(|n| v.check(number(n)));
    let due = match (b.due_date, b.due_days) {
        (Some(_), Some(_)) => {
            v.push(FieldError::new(
                "due_days",
                "not_allowed",
                "give either due_date or due_days",
            ));
            None
        }
        (Some(d), None) => Some(Due::On(d)),
        (None, Some(days)) if (0..=MAX_DUE_DAYS).contains(&days) => Some(Due::After(days)),
        (None, Some(_)) => {
            v.push(FieldError::new(
                "due_days",
                "out_of_range",
                format!("must be between 0 and {MAX_DUE_DAYS}"),
            ));
            None
        }
        (None, None) => None,
    };
    let currency = b
        .currency
        .as_deref()
        .and_then(|c| v.check(Currency::parse("currency", c)));
    let exchange_rate = b
        .exchange_rate
        .as_deref()
        .and_then(|r| v.check(Rate::parse("exchange_rate", r)));
    let billing_address = text::<1000>(&mut v, "billing_address", b.billing_address.as_deref());
    let delivery_address = text::<1000>(&mut v, "delivery_address", b.delivery_address.as_deref());
    let purchase_order = text::<100>(&mut v, "purchase_order", b.purchase_order.as_deref());
    let terms = text::<5000>(&mut v, "terms", b.terms.as_deref());
    let notes = text::<5000>(&mut v, "notes", b.notes.as_deref());
    let lines = b.lines.as_ref().map(|lines| {
        if lines.len() > 500 {
            v.push(FieldError::new("lines", "too_many", "at most 500 lines"));
        }
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| line_input(&mut v, i, l))
            .collect()
    });
    v.finish()?;
    Ok(InvoiceInput {
        number,
        issue_date: b.issue_date,
        due,
        client_id: b.client_id,
        billing_address,
        consignee_id: b.consignee_id.map(|c| (c != 0).then_some(c)),
        delivery_address,
        deal_id: b.deal_id.map(|d| (d != 0).then_some(d)),
        language: b.language.map(|l| match l {
            InvoiceLanguage::Ru => Locale::Ru,
            InvoiceLanguage::En => Locale::En,
        }),
        currency,
        exchange_rate,
        purchase_order,
        terms,
        notes,
        lines,
    })
}

/// Splits `status=sent,paid` into stored names.
fn statuses(text: Option<&str>) -> Result<Vec<String>, ApiError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(|s| {
            InvoiceStatus::from_stored(s.trim())
                .map(|s| s.as_str().to_owned())
                .ok_or_else(|| {
                    ApiError::field(
                        "status",
                        "invalid_value",
                        "must be draft, sent, paid or rejected (comma-separated)",
                    )
                })
        })
        .collect()
}

/// Sums per currency, and in the default currency at each invoice's own rate.
fn page_totals(
    groups: &[RateGroup],
    default: Currency,
) -> (Vec<InvoiceCurrencyTotal>, InvoiceConvertedTotal) {
    let mut per: Vec<(String, i64, i64)> = Vec::new();
    let mut converted = (0_i64, 0_i64);
    let mut missing: Vec<String> = Vec::new();
    let base = default.code();
    for g in groups {
        match per.iter_mut().find(|p| p.0 == g.currency) {
            Some(p) => {
                p.1 += g.count;
                p.2 = p.2.saturating_add(g.total);
            }
            None => per.push((g.currency.clone(), g.count, g.total)),
        }
        let in_base = if g.currency == base {
            Some(g.total)
        } else if g.base_currency == base {
            g.exchange_rate
                .as_deref()
                .and_then(Rate::from_stored)
                .and_then(|r| crm_domain::money::convert(g.total, r.value(), default))
        } else {
            None
        };
        match in_base.and_then(|v| converted.1.checked_add(v)) {
            Some(sum) => {
                converted.0 += g.count;
                converted.1 = sum;
            }
            None if !missing.contains(&g.currency) => missing.push(g.currency.clone()),
            None => {}
        }
    }
    (
        per.into_iter()
            .map(|(currency, count, total)| InvoiceCurrencyTotal {
                total: amount(total, &currency),
                currency,
                count,
            })
            .collect(),
        InvoiceConvertedTotal {
            total: amount(converted.1, &base),
            currency: base,
            count: converted.0,
            missing_rates: missing,
        },
    )
}

/// The sort `q` asks for: newest first unless given.
fn sort_of(q: &InvoiceQueryParams) -> ApiResult<crm_persistence::SortKey<InvoiceSort>> {
    let mut sort = pagination::sort(q.sort.as_deref(), SORTS, InvoiceSort::IssueDate)?;
    if q.sort.is_none() {
        sort.direction = crm_persistence::SortDirection::Desc;
    }
    Ok(sort)
}

/// Checks the list parameters of `q` other than paging; `today` decides what is overdue.
pub(crate) fn list_query(
    q: &InvoiceQueryParams,
    today: NaiveDate,
) -> ApiResult<(crm_persistence::SortKey<InvoiceSort>, InvoiceFilter)> {
    let sort = sort_of(q)?;
    let mut v = Validator::new();
    let currency = q
        .currency
        .as_deref()
        .and_then(|c| v.check(Currency::parse("currency", c)))
        .map(Currency::code);
    v.finish()?;
    let filter = InvoiceFilter {
        statuses: statuses(q.status.as_deref())?,
        client_id: q.client_id,
        contact_id: q.contact_id,
        deal_id: q.deal_id,
        currency,
        issued_from: q.issued_from,
        issued_to: q.issued_to,
        due_from: q.due_from,
        due_to: q.due_to,
        overdue_on: q.overdue.filter(|o| *o).map(|_| today),
        q: pagination::search_text(q.q.as_deref())?,
    };
    Ok((sort, filter))
}

/// A page of the invoices `filter` matches for the viewer, as the API shows them on `today`:
/// what an export reads.
pub(crate) fn export_page(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    viewer: crm_domain::Viewer,
    (sort, filter): &(crm_persistence::SortKey<InvoiceSort>, InvoiceFilter),
    after: Option<crm_persistence::After>,
    limit: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<InvoiceResponse>, Option<crm_persistence::After>)> {
    // The list's totals are not needed: a summary stands in for them.
    let skip = store::ListSummary {
        total: 0,
        total_capped: false,
        groups: Vec::new(),
    };
    let page = PageRequest {
        sort: *sort,
        after,
        limit,
    };
    let (result, _) = store::list(conn, portal_id, viewer, filter, &page, Some(skip))?;
    let records = store::with_lines(conn, result.rows)?;
    let n = names(conn, portal_id, viewer, &records)?;
    Ok((
        records.into_iter().map(|r| view(r, &n, today)).collect(),
        result.next,
    ))
}

/// Invoices the caller may see (their creator, CRM admins, and whoever may see the client or
/// the deal), with the totals of all that match, per currency and in the default currency.
#[utoipa::path(tag = "invoices", params(InvoiceQueryParams), responses(
    (status = 200, body = InvoicePage),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/invoices")]
pub async fn list_invoices(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<InvoiceQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let today = today_of(&user);
    let label = pagination::sort_label(&sort_of(&q)?, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), LIST, &label)?;
    let (sort, filter) = list_query(&q, today)?;
    let (portal_id, viewer, locale) = (user.0.portal_id(), user.0.viewer(), portal_locale(&user));
    let page = PageRequest { sort, after, limit };
    // Taken before anything is read: a write that ends later makes the summary read here stale.
    let (writes, read_at) = (state.pool.writes(), std::time::Instant::now());
    let summaries = state.invoice_totals.clone();
    let body = db::run(&state.pool, move |conn| {
        let key = crate::totals::invoices_key(portal_id, viewer, &filter);
        let known = summaries.get(&key, writes);
        let fresh = known.is_none();
        let (result, summary) = store::list(conn, portal_id, viewer, &filter, &page, known)?;
        let records = store::with_lines(conn, result.rows)?;
        let n = names(conn, portal_id, viewer, &records)?;
        let (default, _) = default_currency(conn, portal_id, locale)?;
        let (totals, converted) = page_totals(&summary.groups, default);
        if fresh {
            summaries.put(key, writes, read_at, summary);
        }
        Ok(InvoicePage {
            next_cursor: result
                .next
                .as_ref()
                .map(|a| pagination::encode_cursor(LIST, &label, a)),
            total: result.total,
            total_capped: result.total_capped,
            items: records.into_iter().map(|r| view(r, &n, today)).collect(),
            totals,
            converted,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Creates a draft invoice. What is not given comes from the client (billing address,
/// currency), the catalog (line titles, prices, taxes), the rates (the exchange rate on the
/// issue date) and the invoice settings (number, payment terms, notes).
#[utoipa::path(tag = "invoices", request_body = InvoiceRequest, responses(
    (status = 201, body = InvoiceResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/invoices")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn create_invoice(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<InvoiceRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let input = input(body.into_inner())?;
    let (actor, ctx) = (Actor::of(&user.0), context(&user));
    let body = app::write(&state, move |tx| {
        let id = use_case::create(tx, &actor, ctx, input)?;
        one(tx.conn, actor.portal_id, actor.viewer(), id, ctx.today)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// An invoice the caller may see.
#[utoipa::path(tag = "invoices", params(("id" = i64, Path, description = "Invoice id")), responses(
    (status = 200, body = InvoiceResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/invoices/{id}")]
pub async fn get_invoice(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let (portal_id, viewer, id, today) = (
        user.0.portal_id(),
        user.0.viewer(),
        id.into_inner(),
        today_of(&user),
    );
    let body = db::run(&state.pool, move |conn| {
        one(conn, portal_id, viewer, id, today)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Changes a draft made from the version given by `If-Match` or `version` (its creator or a
/// CRM admin); `lines`, when given, replace them all. Amounts are computed again.
#[utoipa::path(tag = "invoices", request_body = InvoiceRequest,
    params(("id" = i64, Path, description = "Invoice id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = InvoiceResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_draft` or `number_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/invoices/{id}")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn update_invoice(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<InvoiceRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let b = body.into_inner();
    let pre = precondition(&req, b.version)?;
    let input = input(b)?;
    let (actor, ctx, id) = (Actor::of(&user.0), context(&user), id.into_inner());
    let body = app::write(&state, move |tx| {
        let (portal_id, viewer, today) = (actor.portal_id, actor.viewer(), ctx.today);
        tx.unless_unchanged(
            |conn| one(conn, portal_id, viewer, id, today),
            |tx| use_case::update(tx, &actor, ctx, id, pre, input),
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Moves an invoice to another status: draft → sent → paid or rejected, rejected → draft,
/// paid → sent. Any other move is refused with `invalid_transition`, naming the allowed ones.
#[utoipa::path(tag = "invoices", request_body = InvoiceStatusRequest,
    params(("id" = i64, Path, description = "Invoice id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = InvoiceResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[post("/invoices/{id}/status")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn set_invoice_status(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<InvoiceStatusRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let b = body.into_inner();
    let pre = precondition(&req, b.version)?;
    let to = domain_status(b.status);
    let (actor, today, id) = (Actor::of(&user.0), today_of(&user), id.into_inner());
    let body = app::write(&state, move |tx| {
        use_case::set_status(tx, &actor, id, pre, to)?;
        one(tx.conn, actor.portal_id, actor.viewer(), id, today)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// An invoice the caller may see as a PDF in its language (organisation and logo, client,
/// lines, taxes and totals), shown in the browser or, with `download=true`, saved as a file.
#[utoipa::path(tag = "invoices", params(
        ("id" = i64, Path, description = "Invoice id"),
        ("download" = Option<bool>, Query, description = "Ask the browser to save the file instead of showing it"),
    ), responses(
    (status = 200, description = "The PDF", content_type = "application/pdf"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/invoices/{id}/pdf")]
pub async fn get_invoice_pdf(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    query: Query<PdfQuery>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let download = query.into_inner()?.download.unwrap_or(false);
    let pdf =
        crate::app::invoice_view::pdf(&state, user.0.portal_id(), user.0.viewer(), id.into_inner())
            .await?;
    Ok(pdf_answer(pdf, download))
}

/// Whether a PDF is to be saved rather than shown.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PdfQuery {
    pub download: Option<bool>,
}

/// A PDF answered with its file name; never cached by shared caches.
pub fn pdf_answer(pdf: crate::app::invoice_view::InvoicePdf, download: bool) -> HttpResponse {
    use actix_web::http::header::{
        Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
    };
    let disposition = ContentDisposition {
        disposition: if download {
            DispositionType::Attachment
        } else {
            DispositionType::Inline
        },
        parameters: vec![
            DispositionParam::Filename(pdf.file_name.clone()),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: pdf.file_name.into_bytes(),
            }),
        ],
    };
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(disposition)
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(pdf.bytes)
}

/// E-mails an invoice to its client with the PDF attached and the notes in the text (its
/// creator or a CRM admin), through the mail server as a job; a draft is marked sent.
#[utoipa::path(tag = "invoices", request_body = SendInvoiceRequest,
    params(("id" = i64, Path, description = "Invoice id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 202, body = SendInvoiceResponse),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invoice_rejected`, or `mail_not_configured` when the server has no SMTP server", body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Also `to` required when the client has no e-mail, or the draft cannot be sent", body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[post("/invoices/{id}/send")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn send_invoice(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<SendInvoiceRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let Some(mailer) = state.mailer.as_ref() else {
        return Err(ApiError::conflict(
            "mail_not_configured",
            "to",
            "this server has no mail server to send through (CRM_SMTP_HOST)",
        ));
    };
    let b = body.into_inner();
    let pre = precondition(&req, b.version)?;
    let mut v = Validator::new();
    let mailing = use_case::Mailing {
        to: text::<254>(&mut v, "to", b.to.as_deref()),
        subject: text::<200>(&mut v, "subject", b.subject.as_deref()),
        message: text::<10_000>(&mut v, "message", b.message.as_deref()),
    };
    v.finish()?;
    let message_id = mailer.message_id();
    let (actor, today, id) = (Actor::of(&user.0), today_of(&user), id.into_inner());
    let (job_id, to, invoice) = app::write(&state, move |tx| {
        let (job_id, to) = use_case::send(tx, &actor, id, pre, mailing, message_id)?;
        Ok((
            job_id,
            to,
            one(tx.conn, actor.portal_id, actor.viewer(), id, today)?,
        ))
    })
    .await?;
    state.jobs_queued.notify_waiters();
    Ok(HttpResponse::Accepted()
        .insert_header(("ETag", etag(invoice.version)))
        .json(SendInvoiceResponse {
            job_id,
            to,
            invoice,
        }))
}

/// A new draft copied from an invoice the caller may see: the same client, lines and terms,
/// issued today, with the number given or else the next one.
#[utoipa::path(tag = "invoices", params(("id" = i64, Path, description = "Invoice id")),
    request_body(content = DuplicateInvoiceRequest, description = "May be left out"), responses(
    (status = 201, body = InvoiceResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`number_taken`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Also `number` required while automatic numbering is off", body = Problem, content_type = "application/problem+json"),
))]
#[post("/invoices/{id}/duplicate")]
pub async fn duplicate_invoice(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<DuplicateInvoiceRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let (actor, ctx, id) = (Actor::of(&user.0), context(&user), id.into_inner());
    let number = body
        .into_inner()
        .number
        .as_deref()
        .map(number)
        .transpose()?;
    let body = app::write(&state, move |tx| {
        let copy = use_case::duplicate(tx, &actor, ctx, id, number)?;
        one(tx.conn, actor.portal_id, actor.viewer(), copy, ctx.today)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Deletes a draft invoice (its creator or a CRM admin); others are refused with `not_draft`.
#[utoipa::path(tag = "invoices", params(("id" = i64, Path, description = "Invoice id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`not_draft`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/invoices/{id}")]
pub async fn delete_invoice(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let (actor, id) = (Actor::of(&user.0), id.into_inner());
    let keys = app::write(&state, move |tx| use_case::delete(tx, &actor, id)).await?;
    crate::storage::remove_all(state.files.as_ref(), keys).await;
    Ok(HttpResponse::NoContent().finish())
}

fn wire_method(m: &str) -> PaymentMethod {
    PaymentMethod::ALL
        .iter()
        .copied()
        .find(|x| x.as_str() == m)
        .unwrap_or(PaymentMethod::Other)
}

fn payment_view(p: PaymentRow, currency: &str) -> InvoicePaymentResponse {
    InvoicePaymentResponse {
        id: p.id,
        paid_on: p.paid_on,
        amount: amount(p.amount, currency),
        method: wire_method(&p.method),
        note: p.note,
        created_by: p.created_by,
        created_at: utc(p.created_at),
    }
}

/// The payments of an invoice the caller may see, oldest first.
#[utoipa::path(tag = "invoices", params(("id" = i64, Path, description = "Invoice id")), responses(
    (status = 200, body = InvoicePaymentsResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/invoices/{id}/payments")]
pub async fn list_payments(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let (portal_id, viewer, id) = (user.0.portal_id(), user.0.viewer(), id.into_inner());
    let body = db::run(&state.pool, move |conn| {
        let invoice = store::find_visible(conn, portal_id, viewer, id)?;
        let currency = invoice.invoice.fields.currency;
        Ok(InvoicePaymentsResponse {
            items: store::payments(conn, portal_id, id)?
                .into_iter()
                .map(|p| payment_view(p, &currency))
                .collect(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Records a payment against a sent invoice (its creator or a CRM admin): above 0 and at
/// most the balance. The payment that settles the balance marks the invoice paid.
#[utoipa::path(tag = "invoices", params(("id" = i64, Path, description = "Invoice id")),
    request_body = InvoicePaymentRequest, responses(
    (status = 201, body = InvoicePaymentResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`not_sent`", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Another change of the invoice got in first", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/invoices/{id}/payments")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn add_payment(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<InvoicePaymentRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let b = body.into_inner();
    let mut v = Validator::new();
    let units = v.check(invoice::price("amount", &b.amount));
    let note = text::<500>(&mut v, "note", b.note.as_deref()).unwrap_or_default();
    v.finish()?;
    let payment = NewPayment {
        paid_on: b.paid_on.unwrap_or_else(|| today_of(&user)),
        amount: units.unwrap_or(0),
        method: b
            .method
            .unwrap_or(PaymentMethod::BankTransfer)
            .as_str()
            .to_owned(),
        note,
    };
    let (actor, id) = (Actor::of(&user.0), id.into_inner());
    let body = app::write(&state, move |tx| {
        let row = use_case::add_payment(tx, &actor, id, payment)?;
        let currency = store::find(tx.conn, actor.portal_id, id)?
            .invoice
            .fields
            .currency;
        Ok(payment_view(row, &currency))
    })
    .await?;
    Ok(HttpResponse::Created().json(body))
}

/// Deletes a payment (the invoice's creator or a CRM admin); a paid invoice it settled goes
/// back to sent.
#[utoipa::path(tag = "invoices", params(("id" = i64, Path, description = "Invoice id"), ("payment_id" = i64, Path, description = "Payment id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Another change of the invoice got in first", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/invoices/{id}/payments/{payment_id}")]
pub async fn delete_payment(
    state: web::Data<AppState>,
    user: CrmUser,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let (id, payment_id) = path.into_inner();
    let actor = Actor::of(&user.0);
    app::write(&state, move |tx| {
        use_case::delete_payment(tx, &actor, id, payment_id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn settings_view(s: &SettingsRow) -> InvoiceSettingsResponse {
    let width = usize::try_from(s.number_width).unwrap_or(7);
    InvoiceSettingsResponse {
        auto_numbering: s.auto_numbering,
        prefix: s.prefix.clone(),
        next_number: format!("{:0width$}", s.next_number),
        next_invoice_number: invoice::format_number(&s.prefix, s.next_number, width),
        due_days: s.due_days,
        terms: s.terms.clone(),
        notes: s.notes.clone(),
        version: s.version,
    }
}

fn settings_answer(s: &SettingsRow) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", etag(s.version)))
        .json(settings_view(s))
}

/// How the portal numbers its invoices, and the payment terms and notes a new one gets.
#[utoipa::path(tag = "settings", responses(
    (status = 200, body = InvoiceSettingsResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/settings/invoices")]
pub async fn get_invoice_settings(
    state: web::Data<AppState>,
    user: CrmUser,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let portal_id = user.0.portal_id();
    let s = db::run(&state.pool, move |conn| {
        Ok(store::settings(conn, portal_id, now())?)
    })
    .await?;
    Ok(settings_answer(&s))
}

/// Changes the invoice settings (CRM administrators). A next number below one already used
/// is allowed: numbers taken are skipped.
#[utoipa::path(tag = "settings", request_body = UpdateInvoiceSettingsRequest,
    params(("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = InvoiceSettingsResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/settings/invoices")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn update_invoice_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    body: Json<UpdateInvoiceSettingsRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let b = body.into_inner();
    let pre = precondition(&req, b.version)?;
    let mut v = Validator::new();
    let prefix = b.prefix.as_deref().and_then(|p| {
        let p = p.trim();
        if p.chars().count() > 20 || p.chars().any(char::is_control) {
            v.push(FieldError::new(
                "prefix",
                "invalid_value",
                "must be at most 20 characters, without control characters",
            ));
            None
        } else {
            Some(p.to_owned())
        }
    });
    let next = b.next_number.as_deref().and_then(|n| {
        let n = n.trim();
        match n.parse::<i64>() {
            Ok(value) if (1..=15).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()) => {
                Some((value, i32::try_from(n.len()).unwrap_or(7)))
            }
            _ => {
                v.push(FieldError::new(
                    "next_number",
                    "invalid_value",
                    "must be 1 to 15 digits, like 0000001",
                ));
                None
            }
        }
    });
    if let Some(d) = b.due_days {
        if !(0..=MAX_DUE_DAYS).contains(&d) {
            v.push(FieldError::new(
                "due_days",
                "out_of_range",
                format!("must be between 0 and {MAX_DUE_DAYS}"),
            ));
        }
    }
    let terms = text::<5000>(&mut v, "terms", b.terms.as_deref());
    let notes = text::<5000>(&mut v, "notes", b.notes.as_deref());
    v.finish()?;
    let (portal_id, by) = (user.0.portal_id(), user.0.user.id);
    let s = db::write(&state.pool, move |conn| {
        let at = now();
        let current = store::settings(conn, portal_id, at)?;
        let expected = pre.resolve(current.version);
        if expected != current.version {
            return Err(ApiError::VersionMismatch);
        }
        let mut next_row = current.clone();
        if let Some(a) = b.auto_numbering {
            next_row.auto_numbering = a;
        }
        if let Some(p) = prefix {
            next_row.prefix = p;
        }
        if let Some((value, width)) = next {
            next_row.next_number = value;
            next_row.number_width = width;
        }
        if let Some(d) = b.due_days {
            next_row.due_days = d;
        }
        if let Some(t) = terms {
            next_row.terms = t;
        }
        if let Some(n) = notes {
            next_row.notes = n;
        }
        if next_row == current {
            return Ok(current);
        }
        Ok(store::update_settings(conn, &next_row, expected, by, at)?)
    })
    .await?;
    Ok(settings_answer(&s))
}
