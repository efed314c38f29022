//! `POST /contacts/merge`.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{MergeContactsRequest, MergeContactsResponse, Problem};
use crm_domain::ApiScope;

use super::view;
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;

/// Merges `source_id` into `target_id`: details, tags, managers, people and references move,
/// empty fields are filled, then the source is deleted. Both must be contacts of the same kind
/// that the caller may change. `dry_run` shows the result without changing anything.
#[utoipa::path(tag = "contacts", request_body = MergeContactsRequest, responses(
    (status = 200, body = MergeContactsResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[post("/contacts/merge")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn merge(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<MergeContactsRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let b = body.into_inner();
    if b.target_id == b.source_id {
        return Err(ApiError::field(
            "source_id",
            "invalid_value",
            "must differ from target_id",
        ));
    }
    let viewer = p.viewer();
    let actor = Actor::of(p);
    let record = app::write(&state, move |tx| {
        app::contacts::merge(tx, &actor, b.target_id, b.source_id, b.dry_run)
    })
    .await?;
    let (record, removed) = record;
    crate::storage::remove_all(state.files.as_ref(), removed).await;
    Ok(HttpResponse::Ok().json(MergeContactsResponse {
        contact: view::contact(record, viewer),
        applied: !b.dry_run,
    }))
}
