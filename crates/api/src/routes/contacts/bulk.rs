//! `POST /contacts/bulk`: tag, untag, set access, set managers or delete many contacts;
//! `POST /contacts/bulk-matching`: the same on every contact a list's filters match, as a job.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{
    BulkFailure, ContactBulkAction, ContactBulkMatchingRequest, ContactBulkRequest,
    ContactBulkResponse, JobResponse, Problem,
};
use crm_domain::{ApiScope, Validator};

use super::input;
use crate::app::contacts::{BulkChange, BulkContacts};
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::queue::BackgroundJob;
use crate::state::AppState;

/// Most contacts per bulk request.
const MAX_IDS: usize = 1000;

/// The change of a bulk request without ids (that of `bulk-matching`).
fn parse_action(b: &ContactBulkRequest) -> Result<BulkChange, ApiError> {
    check(b, false)
}

fn parse(b: &ContactBulkRequest) -> Result<BulkChange, ApiError> {
    check(b, true)
}

fn check(b: &ContactBulkRequest, with_ids: bool) -> Result<BulkChange, ApiError> {
    let mut v = Validator::new();
    if with_ids && (b.ids.is_empty() || b.ids.len() > MAX_IDS) {
        v.push(crm_domain::FieldError::new(
            "ids",
            "out_of_range",
            "between 1 and 1000 ids",
        ));
    }
    let chosen = ContactBulkAction::ALL
        .iter()
        .copied()
        .find(|a| a.as_str() == b.action);
    let action = match chosen {
        Some(chosen @ (ContactBulkAction::AddTags | ContactBulkAction::RemoveTags)) => {
            let names =
                input::tags(&mut v, b.tags.as_deref().unwrap_or_default()).unwrap_or_default();
            if names.is_empty() {
                v.push(crm_domain::FieldError::new(
                    "tags",
                    "required",
                    "name at least one tag",
                ));
            }
            Some(BulkChange::Tags {
                names,
                add: chosen == ContactBulkAction::AddTags,
            })
        }
        Some(ContactBulkAction::SetAccess) => {
            let a = input::access(&mut v, Some(b.access.as_deref().unwrap_or_default()));
            a.map(BulkChange::Access)
        }
        Some(ContactBulkAction::SetManagers) => {
            let m = b.manager_ids.clone().unwrap_or_default();
            if m.len() > 100 {
                v.push(crm_domain::FieldError::new(
                    "manager_ids",
                    "too_many",
                    "at most 100 ids",
                ));
            }
            if m.is_empty() {
                v.push(crm_domain::FieldError::new(
                    "manager_ids",
                    "required",
                    "at least one manager",
                ));
            }
            Some(BulkChange::Managers(m))
        }
        Some(ContactBulkAction::Delete) => Some(BulkChange::Delete),
        None => {
            v.push(crm_domain::FieldError::new(
                "action",
                "invalid_value",
                "must be add_tags, remove_tags, set_access, set_managers or delete",
            ));
            None
        }
    };
    v.finish()?;
    action.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("validator passed without an action")))
}

/// Applies one action to many contacts in one transaction. Contacts the caller cannot see or
/// change, or (for delete) that an invoice refers to, are skipped and listed in `failed`.
#[utoipa::path(tag = "contacts", request_body = ContactBulkRequest, responses((status = 200, body = ContactBulkResponse)))]
#[post("/contacts/bulk")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn bulk(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<ContactBulkRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let b = body.into_inner();
    let change = parse(&b)?;
    let actor = Actor::of(p);
    let out = app::write(&state, move |tx| {
        app::contacts::bulk(tx, &actor, &b.ids, &change)
    })
    .await?;
    crate::storage::remove_all(state.files.as_ref(), out.removed).await;
    let failed = out
        .failed
        .into_iter()
        .map(|(id, code)| BulkFailure {
            id,
            code: code.into(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(ContactBulkResponse {
        done: out.done,
        failed,
    }))
}

/// Most contacts a `bulk-matching` request acts on.
const MAX_MATCHING: usize = 50_000;

/// Applies one action to every contact the filters of `GET /contacts` match for the caller
/// when asked, as a background job: follow it at `/jobs/{id}`. Its result is
/// `{"done": n, "failed": [{"id", "code"}], "failed_count": n}`, skipping as `/contacts/bulk`
/// does.
#[utoipa::path(tag = "contacts", request_body = ContactBulkMatchingRequest, responses(
    (status = 202, body = JobResponse, headers(("Location" = String))),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/contacts/bulk-matching")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn bulk_matching(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<ContactBulkMatchingRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let b = body.into_inner();
    let change = parse_action(&b.on(Vec::new()))?;
    let (portal_id, viewer, user_id) = (p.portal_id(), p.viewer(), p.user_id());
    let phone_country = input::default_phone_country(&p.portal.locale);
    let counts = state.trigram_counts();
    let actor = Actor::of(p);
    let job = app::write(&state, move |tx| {
        let contact_ids = super::list::matching_ids(
            tx.conn,
            portal_id,
            viewer,
            b.filter,
            &counts,
            phone_country,
            MAX_MATCHING,
        )?;
        let job = BulkContacts {
            actor,
            contact_ids,
            change,
        };
        let id = job.enqueue(tx.conn, portal_id, Some(user_id))?;
        Ok(crm_persistence::jobs::find(tx.conn, portal_id, id)?)
    })
    .await?;
    state.jobs_queued.notify_waiters();
    Ok(crate::routes::jobs::accepted(job))
}
