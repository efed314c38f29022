//! `POST /contacts`.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{ContactResponse, CreateContactRequest, Problem};
use crm_domain::contact::{ContactKind, ContactNames};
use crm_domain::Access;
use crm_domain::{ApiScope, Validator};
use crm_persistence::contacts::NewContact;

use super::{input, view};
use crate::app::contacts::{ContactDraft, CreateOutcome};
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::{now, AppState};
use crate::versioning::etag;

/// Creates a person or a company. When a contact the caller can see has one of its e-mails or
/// phones, answers 409 `possible_duplicates` listing them, unless `allow_duplicates` is set.
#[utoipa::path(tag = "contacts", request_body = CreateContactRequest, responses(
    (status = 201, body = ContactResponse, headers(("Location" = String), ("ETag" = String))),
    (status = 409, description = "`possible_duplicates`, with `duplicates`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/contacts")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn create_contact(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<CreateContactRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let b = body.into_inner();
    crate::extract::check_ids("manager_ids", b.manager_ids.as_deref(), 100)?;
    if b.custom_fields.as_ref().is_some_and(|c| c.len() > 200) {
        return Err(crate::error::ApiError::field(
            "custom_fields",
            "too_many",
            "at most 200 values",
        ));
    }
    let mut v = Validator::new();
    let kind = input::kind(&mut v, &b.kind);
    let names = kind.and_then(|k| {
        v.check(ContactNames::parse(
            k,
            b.first_name.as_deref(),
            b.last_name.as_deref(),
            b.name.as_deref(),
        ))
    });
    let job_title = input::text::<200>(&mut v, "job_title", b.job_title.as_deref());
    let industry = input::text::<200>(&mut v, "industry", b.industry.as_deref());
    let notes = input::notes(&mut v, b.notes.as_deref());
    let currency = input::currency(&mut v, b.currency.as_deref()).flatten();
    let access = input::access(&mut v, b.access.as_deref()).unwrap_or(Access::Private);
    let tags = input::tags(&mut v, b.tags.as_deref().unwrap_or_default());
    let phone_country = b
        .phone_country
        .clone()
        .or_else(|| input::default_phone_country(&p.portal.locale).map(str::to_owned));
    let details = input::details(
        &mut v,
        b.details.as_deref().unwrap_or_default(),
        phone_country.as_deref(),
    );
    if kind == Some(ContactKind::Company) && b.company_id.is_some() {
        v.push(crm_domain::FieldError::new(
            "company_id",
            "not_allowed",
            "companies do not belong to companies",
        ));
    }
    let manager_ids = b.manager_ids.clone().unwrap_or_else(|| vec![p.user_id()]);
    if manager_ids.is_empty() {
        v.push(crm_domain::FieldError::new(
            "manager_ids",
            "required",
            "at least one manager",
        ));
    }
    v.finish()?;
    let (
        Some(kind),
        Some(names),
        Some(job_title),
        Some(industry),
        Some(notes),
        Some(tags),
        Some(details),
    ) = (kind, names, job_title, industry, notes, tags, details)
    else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "validator passed with a missing value"
        )));
    };
    let viewer = p.viewer();
    let new = NewContact {
        portal_id: p.portal_id(),
        kind: kind.as_str().to_owned(),
        display_name: names.display_name(kind),
        first_name: names.first_name,
        last_name: names.last_name,
        company_name: names.company_name,
        job_title,
        notes,
        industry,
        company_id: b.company_id,
        type_id: b.type_id,
        temperature_id: b.temperature_id,
        currency,
        access: access.as_str().to_owned(),
        created_by: p.user_id(),
        now: now(),
    };
    let draft = ContactDraft {
        new,
        kind,
        manager_ids,
        tags,
        details,
        custom: b.custom_fields.clone().unwrap_or_default(),
        allow_duplicates: b.allow_duplicates,
    };
    let actor = Actor::of(p);
    let record = app::write(&state, move |tx| {
        let portal_id = actor.portal_id;
        match app::contacts::create(tx, &actor, draft)? {
            CreateOutcome::Contact(id) => Ok(super::saved(tx.conn, portal_id, viewer, id)?),
            CreateOutcome::Duplicates(found) => Err(ApiError::Duplicates(
                found.into_iter().map(view::duplicate).collect(),
            )),
        }
    })
    .await?;
    let body = view::contact(record, viewer);
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/contacts/{}", body.id)))
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}
