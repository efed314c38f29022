//! `POST /deals/bulk-actions`: move to a stage, reassign, tag, untag or delete many deals.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{DealBulkAction, DealBulkFailure, DealBulkRequest, DealBulkResponse, Problem};
use crm_domain::{ApiScope, FieldError, Validator};

use crate::app::deals::{self as use_case, BulkChange};
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;

/// Most deals per request.
const MAX_IDS: usize = 1000;

fn required(v: &mut Validator, field: &'static str, value: Option<i64>, what: &'static str) {
    if value.is_none() {
        v.push(FieldError::new(field, "required", what));
    }
}

fn parse(b: &DealBulkRequest) -> Result<BulkChange, ApiError> {
    let mut v = Validator::new();
    if b.ids.is_empty() || b.ids.len() > MAX_IDS {
        v.push(FieldError::new(
            "ids",
            "out_of_range",
            "between 1 and 1000 ids",
        ));
    }
    let chosen = DealBulkAction::ALL
        .iter()
        .copied()
        .find(|a| a.as_str() == b.action);
    let change = match chosen {
        Some(DealBulkAction::SetStage) => {
            required(&mut v, "stage_id", b.stage_id, "name the stage");
            b.stage_id.map(BulkChange::Stage)
        }
        Some(DealBulkAction::Reassign) => {
            required(
                &mut v,
                "responsible_id",
                b.responsible_id,
                "name the new responsible user",
            );
            b.responsible_id.map(BulkChange::Reassign)
        }
        Some(chosen @ (DealBulkAction::AddTags | DealBulkAction::RemoveTags)) => {
            let names =
                crate::routes::records::tag_names(&mut v, b.tags.as_deref().unwrap_or_default())
                    .unwrap_or_default();
            if names.is_empty() {
                v.push(FieldError::new("tags", "required", "name at least one tag"));
            }
            Some(BulkChange::Tags {
                names,
                add: chosen == DealBulkAction::AddTags,
            })
        }
        Some(DealBulkAction::Delete) => Some(BulkChange::Delete),
        None => {
            v.push(FieldError::new(
                "action",
                "invalid_value",
                "must be set_stage, reassign, add_tags, remove_tags or delete",
            ));
            None
        }
    };
    v.finish()?;
    change.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("validator passed without an action")))
}

/// Applies one action to many deals in one transaction, each as its single action would: a
/// stage change takes the stage's probability and close date and is recorded in the stage
/// history, a new responsible user is told of each deal, a deletion takes the deal's tasks,
/// history and links. Deals the caller cannot see or change are skipped and listed in
/// `failed`; a deal already as asked counts as done and keeps its version.
#[utoipa::path(tag = "deals", request_body = DealBulkRequest, responses(
    (status = 200, body = DealBulkResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/deals/bulk-actions")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn bulk_change_deals(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<DealBulkRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let b = body.into_inner();
    let change = parse(&b)?;
    let actor = Actor::of(&user.0);
    let (out, keys) = app::write(&state, move |tx| {
        use_case::bulk(tx, &actor, &b.ids, &change)
    })
    .await?;
    crate::storage::remove_all(state.files.as_ref(), keys).await;
    Ok(HttpResponse::Ok().json(DealBulkResponse {
        done: out.done,
        failed: out
            .failed
            .into_iter()
            .map(|(id, code)| DealBulkFailure {
                id,
                code: code.into(),
            })
            .collect(),
    }))
}
