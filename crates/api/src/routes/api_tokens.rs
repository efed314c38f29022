//! `/api-tokens`: the caller's personal API tokens for integrations. The secret is shown once
//! at creation and stored only as a digest.

use actix_web::{delete, get, post, web, HttpResponse};
use crm_api_types::{
    ApiTokenQueryParams, ApiTokenResponse, CreateApiTokenRequest, CreatedApiTokenResponse, Page,
    Problem,
};
use crm_domain::{ApiScope, BoundedText, ScopeSet, Validator};
use crm_persistence::api_tokens::{self, NewApiToken};
use crm_persistence::KeyValue;
use utoipa_actix_web::service_config::ServiceConfig;

use super::views;
use crate::auth::secret::{digest, new_token, API_TOKEN_PREFIX};
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::state::{now, AppState};

/// Mounts `/api-tokens`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_tokens)
        .service(create_token)
        .service(revoke_token);
}

/// Lists the caller's live tokens, newest first, without secrets.
#[utoipa::path(tag = "api-tokens", params(ApiTokenQueryParams), responses(
    (status = 200, body = Page<ApiTokenResponse>),
))]
#[get("/api-tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    principal: Principal,
    query: Query<ApiTokenQueryParams>,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let before = match pagination::decode_cursor(q.cursor.as_deref(), "api-tokens", "-id")? {
        Some(a) => match a.value {
            KeyValue::Int(id) => Some(id),
            _ => {
                return Err(ApiError::field(
                    "cursor",
                    "invalid_cursor",
                    "is not a cursor of this list",
                ))
            }
        },
        None => None,
    };
    let (portal_id, user_id) = (principal.portal_id(), principal.user_id());
    let page = db::run(&state.pool, move |conn| {
        Ok(api_tokens::list_for_user(
            conn, portal_id, user_id, before, limit,
        )?)
    })
    .await?;
    Ok(
        HttpResponse::Ok().json(pagination::page(page, "api-tokens", "-id", |r| {
            views::api_token(&r)
        })),
    )
}

/// Creates a token. Its scopes cannot exceed those of the credential that creates it.
#[utoipa::path(tag = "api-tokens", request_body = CreateApiTokenRequest, responses(
    (status = 201, body = CreatedApiTokenResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/api-tokens")]
#[tracing::instrument(skip_all, fields(user_id = principal.user_id()))]
pub async fn create_token(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateApiTokenRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Write)?;
    // A token minted by a token would outlive its parent's expiry and revocation.
    if matches!(principal.method, crate::auth::AuthMethod::ApiToken { .. }) {
        return Err(ApiError::forbidden(
            "session_required",
            "Create API tokens from a signed-in session.",
        ));
    }
    let body = body.into_inner();
    let mut v = Validator::new();
    let name = v.check(BoundedText::<100>::parse("name", &body.name));
    let scopes = v.check(ScopeSet::parse("scopes", &body.scopes));
    if body
        .expires_at
        .is_some_and(|t| chrono::Datelike::year(&t) > 9999)
    {
        v.push(crm_domain::FieldError::new(
            "expires_at",
            "out_of_range",
            "must be before the year 10000",
        ));
    } else if body.expires_at.is_some_and(|t| t <= chrono::Utc::now()) {
        v.push(crm_domain::FieldError::new(
            "expires_at",
            "in_past",
            "must be in the future",
        ));
    }
    v.finish()?;
    let (Some(name), Some(scopes)) = (name, scopes) else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "validator passed with a missing value"
        )));
    };
    if let Some(strongest) = scopes.scopes().last() {
        principal.require(*strongest)?;
    }
    let secret = new_token(API_TOKEN_PREFIX);
    let prefix: String = secret.chars().take(API_TOKEN_PREFIX.len() + 4).collect();
    let hash = digest(&secret);
    let (portal_id, user_id) = (principal.portal_id(), principal.user_id());
    let expires_at = body.expires_at.map(|t| t.naive_utc());
    let row = db::write(&state.pool, move |conn| {
        Ok(api_tokens::create(
            conn,
            &NewApiToken {
                portal_id,
                user_id,
                name: name.as_ref(),
                scopes: &scopes.to_stored(),
                prefix: &prefix,
                token_hash: &hash,
                expires_at,
                created_at: now(),
            },
        )?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(CreatedApiTokenResponse {
            token: views::api_token(&row),
            secret,
        }))
}

/// Revokes one of the caller's tokens; it stops working at once.
#[utoipa::path(tag = "api-tokens", params(("id" = i64, Path, description = "Token id")), responses(
    (status = 204, description = "Revoked"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/api-tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Write)?;
    let (portal_id, user_id, id) = (principal.portal_id(), principal.user_id(), id.into_inner());
    db::write(&state.pool, move |conn| {
        Ok(api_tokens::revoke(conn, portal_id, user_id, id, now())?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
