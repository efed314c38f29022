//! `/pipelines`: pipelines and their stages (CRM admins change them, every CRM user reads).

use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use crm_api_types::{
    CreatePipelineRequest, MovedResponse, PipelineResponse, PipelinesResponse, Problem,
    ReorderRequest, StageRequest, StageResponse, UpdatePipelineRequest,
};
use crm_domain::deal::{self, StageStatus};
use crm_domain::{ApiScope, BoundedText, Validator};
use crm_persistence::deals::pipelines::{self, Pipeline, StageChanges, StageRow};
use crm_persistence::stored::Stored;
use crm_persistence::StoreError;
use serde::Deserialize;

use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::routes::records::wire_stage_status;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// The wire form of a stage.
pub fn stage_view(s: StageRow) -> StageResponse {
    StageResponse {
        id: s.id,
        pipeline_id: s.pipeline_id,
        name: s.name,
        description: s.description,
        color: s.color,
        probability: s.probability,
        status: wire_stage_status(s.status.0),
        version: s.version,
    }
}

fn view(p: Pipeline) -> PipelineResponse {
    PipelineResponse {
        id: p.pipeline.id,
        name: p.pipeline.name,
        version: p.pipeline.version,
        stages: p.stages.into_iter().map(stage_view).collect(),
    }
}

fn name_taken(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(what) if what == "name" => {
            ApiError::conflict("name_taken", "name", "is already taken")
        }
        StoreError::Conflict(what) if what == "in_use" => ApiError::conflict(
            "in_use",
            "move_to",
            "deals are in it: name where they move with move_to",
        ),
        StoreError::Conflict(what) if what == "last_stage" || what == "last_pipeline" => {
            ApiError::conflict("last_one", "id", "the last one cannot be deleted")
        }
        other => other.into(),
    }
}

fn admin(user: &CrmUser) -> Result<(), ApiError> {
    user.0.require_crm_admin()
}

/// The portal's language, for what is seeded in it.
pub fn portal_locale(user: &CrmUser) -> crm_domain::Locale {
    crm_domain::Locale::parse("locale", &user.0.portal.locale).unwrap_or(crm_domain::Locale::En)
}

/// Every pipeline with its stages, in order.
#[utoipa::path(tag = "deals", responses(
    (status = 200, body = PipelinesResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/pipelines")]
pub async fn list_pipelines(state: web::Data<AppState>, user: CrmUser) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let portal_id = user.0.portal_id();
    let items = db::run(&state.pool, move |conn| {
        Ok(pipelines::all(conn, portal_id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(PipelinesResponse {
        items: items.into_iter().map(view).collect(),
    }))
}

/// Adds a pipeline, with a copy of the first pipeline's stages (CRM admins).
#[utoipa::path(tag = "deals", request_body = CreatePipelineRequest, responses(
    (status = 201, body = PipelineResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/pipelines")]
pub async fn create_pipeline(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<CreatePipelineRequest>,
) -> ApiResult<HttpResponse> {
    admin(&user)?;
    let name = BoundedText::<100>::parse("name", &body.name)?.into_inner();
    let (portal_id, locale) = (user.0.portal_id(), portal_locale(&user));
    let p = db::write(&state.pool, move |conn| {
        let first = pipelines::first(conn, portal_id)?;
        let created = pipelines::create(conn, portal_id, &name, &[], now()).map_err(name_taken)?;
        let source: Vec<StageRow> = match first {
            Some(f) => f.stages,
            None => Vec::new(),
        };
        if source.is_empty() {
            for s in deal::seed_stages(locale) {
                pipelines::add_stage(
                    conn,
                    portal_id,
                    created.pipeline.id,
                    &seed_changes(&s),
                    now(),
                )?;
            }
        }
        for s in source {
            pipelines::add_stage(
                conn,
                portal_id,
                created.pipeline.id,
                &StageChanges {
                    name: Some(s.name),
                    sort_name: Some(s.sort_name),
                    description: Some(s.description),
                    color: Some(s.color),
                    probability: Some(s.probability),
                    status: Some(s.status),
                },
                now(),
            )?;
        }
        Ok(pipelines::find(conn, portal_id, created.pipeline.id)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(view(p)))
}

/// The stage columns of a seed stage.
pub fn seed_changes(s: &deal::SeedStage) -> StageChanges {
    StageChanges {
        name: Some(s.name.into()),
        sort_name: Some(s.name.to_lowercase()),
        description: Some(String::new()),
        color: Some(s.color.into()),
        probability: Some(s.probability),
        status: Some(Stored(s.status)),
    }
}

/// Renames a pipeline (CRM admins).
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Pipeline id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = UpdatePipelineRequest, responses(
    (status = 200, body = PipelineResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 412, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/pipelines/{id}")]
pub async fn update_pipeline(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<UpdatePipelineRequest>,
) -> ApiResult<HttpResponse> {
    admin(&user)?;
    let name = BoundedText::<100>::parse("name", &body.name)?.into_inner();
    let pre = precondition(&req, body.version)?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let p = db::write(&state.pool, move |conn| {
        let current = pipelines::find(conn, portal_id, id)?;
        if current.pipeline.name == name {
            if pre.resolve(current.pipeline.version) != current.pipeline.version {
                return Err(ApiError::VersionMismatch);
            }
            return Ok(current);
        }
        let expected = pre.resolve(current.pipeline.version);
        pipelines::rename(conn, portal_id, id, expected, &name, now()).map_err(name_taken)
    })
    .await?;
    let body = view(p);
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Where the deals of a deleted pipeline or stage go.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MoveToParams {
    /// The pipeline (for a pipeline) or stage (for a stage) its deals move to; needed when
    /// it has deals.
    pub move_to: Option<i64>,
}

/// Deletes a pipeline, moving its deals into `move_to` first (CRM admins).
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Pipeline id"), MoveToParams), responses(
    (status = 200, body = MovedResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/pipelines/{id}")]
pub async fn delete_pipeline(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    query: Query<MoveToParams>,
) -> ApiResult<HttpResponse> {
    admin(&user)?;
    let to = query.into_inner()?.move_to;
    let (portal_id, id, by) = (user.0.portal_id(), id.into_inner(), user.0.user_id());
    let moved = db::write(&state.pool, move |conn| {
        pipelines::delete(conn, portal_id, id, to, by, now()).map_err(name_taken)
    })
    .await?;
    Ok(HttpResponse::Ok().json(MovedResponse { moved }))
}

/// Puts the pipelines in a new order (CRM admins).
#[utoipa::path(tag = "deals", request_body = ReorderRequest, responses(
    (status = 204, description = "Reordered"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[put("/pipelines/order")]
pub async fn reorder_pipelines(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<ReorderRequest>,
) -> ApiResult<HttpResponse> {
    admin(&user)?;
    crate::extract::check_ids("ids", Some(&body.ids), 1000)?;
    let portal_id = user.0.portal_id();
    let ids = body.into_inner().ids;
    db::write(&state.pool, move |conn| {
        Ok(pipelines::reorder(conn, portal_id, None, &ids, now())?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Puts a pipeline's stages in a new order (CRM admins).
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Pipeline id")), request_body = ReorderRequest, responses(
    (status = 204, description = "Reordered"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[put("/pipelines/{id}/stages/order")]
pub async fn reorder_stages(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<ReorderRequest>,
) -> ApiResult<HttpResponse> {
    admin(&user)?;
    crate::extract::check_ids("ids", Some(&body.ids), 1000)?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let ids = body.into_inner().ids;
    db::write(&state.pool, move |conn| {
        Ok(pipelines::reorder(conn, portal_id, Some(id), &ids, now())?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn stage_changes(b: &StageRequest, creating: bool) -> Result<StageChanges, ApiError> {
    let mut v = Validator::new();
    let mut c = StageChanges::default();
    match b.name.as_deref() {
        Some(n) => {
            if let Some(n) = v.check(BoundedText::<100>::parse("name", n)) {
                c.sort_name = Some(n.as_ref().to_lowercase());
                c.name = Some(n.into_inner());
            }
        }
        None if creating => v.push(crm_domain::FieldError::new(
            "name",
            "required",
            "is required",
        )),
        None => {}
    }
    if let Some(d) = &b.description {
        c.description = v
            .check(BoundedText::<2000>::parse_optional("description", Some(d)))
            .map(|d| d.map(BoundedText::into_inner).unwrap_or_default());
    } else if creating {
        c.description = Some(String::new());
    }
    match &b.color {
        Some(col) => c.color = v.check(deal::color("color", col)),
        None if creating => c.color = Some("#b0b8c4".into()),
        None => {}
    }
    match b.probability {
        Some(p) => c.probability = v.check(deal::probability("probability", p)),
        None if creating => v.push(crm_domain::FieldError::new(
            "probability",
            "required",
            "is required",
        )),
        None => {}
    }
    c.status = match b.status {
        Some(s) => v
            .check(StageStatus::parse("status", s.as_str()))
            .map(Stored),
        None if creating => Some(Stored(StageStatus::Open)),
        None => None,
    };
    v.finish()?;
    Ok(c)
}

/// Adds a stage at the end of a pipeline (CRM admins).
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Pipeline id")), request_body = StageRequest, responses(
    (status = 201, body = StageResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/pipelines/{id}/stages")]
pub async fn add_stage(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<StageRequest>,
) -> ApiResult<HttpResponse> {
    admin(&user)?;
    let changes = stage_changes(&body, true)?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let s = db::write(&state.pool, move |conn| {
        pipelines::find(conn, portal_id, id)?;
        pipelines::add_stage(conn, portal_id, id, &changes, now()).map_err(name_taken)
    })
    .await?;
    Ok(HttpResponse::Created().json(stage_view(s)))
}

/// Changes a stage (CRM admins). Deals in it keep their probability.
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Pipeline id"), ("stage_id" = i64, Path, description = "Stage id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = StageRequest, responses(
    (status = 200, body = StageResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 412, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/pipelines/{id}/stages/{stage_id}")]
pub async fn update_stage(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    path: web::Path<(i64, i64)>,
    body: Json<StageRequest>,
) -> ApiResult<HttpResponse> {
    admin(&user)?;
    let changes = stage_changes(&body, false)?;
    let pre = precondition(&req, body.version)?;
    let portal_id = user.0.portal_id();
    let (pipeline_id, stage_id) = path.into_inner();
    let (body, _) = db::write(&state.pool, move |conn| {
        let current = pipelines::stage(conn, portal_id, stage_id)?;
        if current.pipeline_id != pipeline_id {
            return Err(ApiError::NotFound);
        }
        let expected = pre.resolve(current.version);
        crate::app::keep_if_changed(
            conn,
            |conn| Ok(stage_view(pipelines::stage(conn, portal_id, stage_id)?)),
            |conn| {
                pipelines::update_stage(conn, portal_id, stage_id, expected, &changes, now())
                    .map(drop)
                    .map_err(name_taken)
            },
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Deletes a stage, moving its deals into stage `move_to` first (CRM admins).
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Pipeline id"), ("stage_id" = i64, Path, description = "Stage id"), MoveToParams), responses(
    (status = 200, body = MovedResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/pipelines/{id}/stages/{stage_id}")]
pub async fn delete_stage(
    state: web::Data<AppState>,
    user: CrmUser,
    path: web::Path<(i64, i64)>,
    query: Query<MoveToParams>,
) -> ApiResult<HttpResponse> {
    admin(&user)?;
    let portal_id = user.0.portal_id();
    let (pipeline_id, stage_id) = path.into_inner();
    let to = query.into_inner()?.move_to;
    let by = user.0.user_id();
    let moved = db::write(&state.pool, move |conn| {
        let current = pipelines::stage(conn, portal_id, stage_id)?;
        if current.pipeline_id != pipeline_id {
            return Err(ApiError::NotFound);
        }
        pipelines::delete_stage(conn, portal_id, stage_id, to, by, now()).map_err(name_taken)
    })
    .await?;
    Ok(HttpResponse::Ok().json(MovedResponse { moved }))
}
