//! `POST /contacts/bulk`: tag, untag, set access, set managers or delete many contacts.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{BulkFailure, ContactBulkAction, ContactBulkRequest, ContactBulkResponse};
use crm_domain::{ApiScope, Validator};
use crm_persistence::contacts;

use super::{input, view};
use crate::app::contacts::bulk_managers_added;
use crate::app::{self, Actor, Event};
use crate::auth::CrmUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::{now, AppState};

/// Most contacts per bulk request.
const MAX_IDS: usize = 1000;

enum Action {
    Tags { names: Vec<String>, add: bool },
    Access(String),
    Managers(Vec<i64>),
    Delete,
}

fn parse(b: &ContactBulkRequest) -> Result<Action, ApiError> {
    let mut v = Validator::new();
    if b.ids.is_empty() || b.ids.len() > MAX_IDS {
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
            Some(Action::Tags {
                names,
                add: chosen == ContactBulkAction::AddTags,
            })
        }
        Some(ContactBulkAction::SetAccess) => {
            let a = input::access(&mut v, Some(b.access.as_deref().unwrap_or_default()));
            a.map(|a| Action::Access(a.as_str().to_owned()))
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
            Some(Action::Managers(m))
        }
        Some(ContactBulkAction::Delete) => Some(Action::Delete),
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
    let action = parse(&b)?;
    let viewer = p.viewer();
    let (portal_id, by) = (p.portal_id(), p.user_id());
    let ids = crm_persistence::portals::dedup(&b.ids);
    let actor = Actor::of(p);
    let result = crate::app::write(&state, move |tx| {
        let conn = &mut *tx.conn;
        let mut done = Vec::new();
        let mut failed = Vec::new();
        let mut removed = Vec::new();
        let mut pending: Vec<(i64, String, Vec<i64>)> = Vec::new();
        for id in ids {
            let found = contacts::find_visible(conn, portal_id, viewer, id);
            if let (Ok(r), Action::Managers(m)) = (&found, &action) {
                if view::can_edit(r, viewer) {
                    let added: Vec<i64> = m
                        .iter()
                        .copied()
                        .filter(|u| !r.manager_ids.contains(u))
                        .collect();
                    pending.push((id, r.contact.display_name.clone(), added));
                }
            }
            let code = match found {
                Err(crm_persistence::StoreError::NotFound) => Some("not_found"),
                Err(e) => return Err(e.into()),
                Ok(r) if !view::can_edit(&r, viewer) => Some("forbidden"),
                Ok(_)
                    if matches!(action, Action::Delete)
                        && contacts::is_referenced(conn, portal_id, id)? =>
                {
                    Some("in_use")
                }
                Ok(_) => None,
            };
            match code {
                Some(code) => failed.push(BulkFailure {
                    id,
                    code: code.into(),
                }),
                None => done.push(id),
            }
        }
        let now = now();
        match &action {
            Action::Tags { names, add } => {
                let too_many = contacts::bulk_tags(
                    conn,
                    portal_id,
                    &done,
                    names,
                    *add,
                    input::MAX_TAGS,
                    by,
                    now,
                )?;
                done.retain(|id| !too_many.contains(id));
                failed.extend(too_many.into_iter().map(|id| BulkFailure {
                    id,
                    code: "too_many_tags".into(),
                }));
            }
            Action::Access(a) => contacts::bulk_access(conn, portal_id, &done, a, by, now)?,
            Action::Managers(m) => contacts::bulk_managers(conn, portal_id, &done, m, by, now)?,
            Action::Delete => removed = app::contacts::delete(tx, &actor, &done)?,
        }
        for (id, name, added) in pending {
            tx.emit(portal_id, bulk_managers_added(&actor, id, &name, &added));
        }
        if !matches!(action, Action::Delete) {
            for id in &done {
                let record = crm_domain::RecordRef::contact(*id);
                tx.emit(
                    portal_id,
                    Event::Changed {
                        record,
                        by: actor.by(),
                    },
                );
            }
        }
        Ok((ContactBulkResponse { done, failed }, removed))
    })
    .await?;
    let (result, removed) = result;
    crate::storage::remove_all(state.files.as_ref(), removed).await;
    Ok(HttpResponse::Ok().json(result))
}
