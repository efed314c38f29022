//! `PATCH /contacts/{id}`.

use actix_web::{patch, web, HttpRequest, HttpResponse};
use crm_api_types::{ContactResponse, Problem, UpdateContactRequest};
use crm_domain::contact::ContactKind;
use crm_domain::{ApiScope, BoundedText, Validator};
use crm_persistence::contacts::ContactChanges;

use super::{input, view};
use crate::app::contacts::ContactEdit;
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::db;
use crate::error::ApiResult;
use crate::extract::Json;
use crate::state::AppState;
use crate::versioning::{etag, precondition};

/// `0` clears an optional link.
fn link(value: Option<i64>) -> Option<Option<i64>> {
    value.map(|v| (v != 0).then_some(v))
}

/// Changes a contact the caller may edit; lists given replace the current ones.
#[utoipa::path(tag = "contacts", params(("id" = i64, Path, description = "Contact id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = UpdateContactRequest, responses(
        (status = 200, body = ContactResponse, headers(("ETag" = String))),
        (status = 403, description = "Read-only for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/contacts/{id}")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id(), contact_id = *id))]
pub async fn update_contact(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<UpdateContactRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let viewer = p.viewer();
    let (portal_id, id) = (p.portal_id(), id.into_inner());
    let b = body.into_inner();
    crate::extract::check_ids("manager_ids", b.manager_ids.as_deref(), 100)?;
    if b.custom_fields.as_ref().is_some_and(|c| c.len() > 200) {
        return Err(crate::error::ApiError::field(
            "custom_fields",
            "too_many",
            "at most 200 values",
        ));
    }
    let current = db::run(&state.pool, move |conn| {
        super::editable(conn, portal_id, viewer, id)
    })
    .await?;
    let expected = precondition(&req, b.version)?.resolve(current.contact.version);
    let kind = current.contact.kind.0;
    let c = &current.contact;

    let mut v = Validator::new();
    let mut changes = ContactChanges::default();
    let name = |v: &mut Validator, field: &str, value: Option<&String>, max_company: bool| {
        value.and_then(|n| {
            if max_company {
                v.check(BoundedText::<200>::parse(field, n))
                    .map(BoundedText::into_inner)
            } else {
                v.check(BoundedText::<100>::parse(field, n))
                    .map(BoundedText::into_inner)
            }
        })
    };
    match kind {
        ContactKind::Person => {
            changes.first_name = name(&mut v, "first_name", b.first_name.as_ref(), false);
            changes.last_name = name(&mut v, "last_name", b.last_name.as_ref(), false);
            if b.name.is_some() {
                v.push(crm_domain::FieldError::new(
                    "name",
                    "not_allowed",
                    "persons have first and last names",
                ));
            }
        }
        ContactKind::Company => {
            changes.company_name = name(&mut v, "name", b.name.as_ref(), true);
            if b.first_name.is_some() || b.last_name.is_some() {
                v.push(crm_domain::FieldError::new(
                    "first_name",
                    "not_allowed",
                    "companies have a name",
                ));
            }
            if b.company_id.is_some_and(|c| c != 0) {
                v.push(crm_domain::FieldError::new(
                    "company_id",
                    "not_allowed",
                    "companies do not belong to companies",
                ));
            }
        }
    }
    if changes.first_name.is_some() || changes.last_name.is_some() || changes.company_name.is_some()
    {
        let display = input::display_name(
            kind,
            changes.first_name.as_deref().unwrap_or(&c.first_name),
            changes.last_name.as_deref().unwrap_or(&c.last_name),
            changes.company_name.as_deref().unwrap_or(&c.company_name),
        );
        changes.sort_name = Some(display.to_lowercase());
        changes.display_name = Some(display);
    }
    if b.job_title.is_some() {
        changes.job_title = input::text::<200>(&mut v, "job_title", b.job_title.as_deref());
    }
    if b.industry.is_some() {
        changes.industry = input::text::<200>(&mut v, "industry", b.industry.as_deref());
    }
    if b.notes.is_some() {
        changes.notes = input::notes(&mut v, b.notes.as_deref());
    }
    changes.currency = input::currency(&mut v, b.currency.as_deref());
    changes.access = input::access(&mut v, b.access.as_deref()).map(|a| a.as_str().to_owned());
    changes.company_id = link(b.company_id);
    changes.type_id = link(b.type_id);
    changes.temperature_id = link(b.temperature_id);
    let tags = b.tags.as_deref().and_then(|t| input::tags(&mut v, t));
    let phone_country = b
        .phone_country
        .clone()
        .or_else(|| input::default_phone_country(&p.portal.locale).map(str::to_owned));
    let details = b
        .details
        .as_deref()
        .and_then(|d| input::details(&mut v, d, phone_country.as_deref()));
    if b.manager_ids.as_ref().is_some_and(Vec::is_empty) {
        v.push(crm_domain::FieldError::new(
            "manager_ids",
            "required",
            "at least one manager",
        ));
    }
    v.finish()?;
    let mut wanted_managers = b
        .manager_ids
        .clone()
        .unwrap_or_else(|| current.manager_ids.clone());
    wanted_managers.sort_unstable();
    wanted_managers.dedup();
    let mut managers_now = current.manager_ids.clone();
    managers_now.sort_unstable();
    let resharing = changes
        .access
        .as_deref()
        .is_some_and(|a| a != current.contact.access.0.as_str())
        || wanted_managers != managers_now;
    if resharing && !app::contacts::can_share(&current, viewer) {
        return Err(crate::error::ApiError::forbidden(
            "not_a_manager",
            "Only its managers and CRM admins change who sees this contact.",
        ));
    }
    let edit = ContactEdit {
        changes,
        kind,
        managers: b.manager_ids,
        tags,
        details,
        custom: b.custom_fields.clone(),
        managers_before: current.manager_ids.clone(),
        name_before: current.contact.display_name.clone(),
    };
    let actor = Actor::of(p);
    let body = app::write(&state, move |tx| {
        tx.unless_unchanged(
            |conn| {
                Ok(view::contact(
                    super::saved(conn, portal_id, viewer, id)?,
                    viewer,
                ))
            },
            |tx| app::contacts::update(tx, &actor, id, expected, edit),
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}
