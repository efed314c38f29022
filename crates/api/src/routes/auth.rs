//! `POST /auth/login`, `/auth/refresh`, `/auth/logout`: sessions with short-lived access
//! tokens and single-use, rotating refresh tokens. Failed logins are throttled per e-mail and
//! per client address, in the database so the limit holds across server processes.

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDateTime};
use crm_api_types::{LoginRequest, LogoutRequest, Problem, RefreshRequest, TokenResponse};
use crm_domain::{ApiScope, EmailAddress, TimeZoneName};
use crm_persistence::refresh_tokens::{NewRefreshToken, Redemption};
use crm_persistence::{login_failures, refresh_tokens, users, DbConnection};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::jwt::Claims;
use crate::auth::secret::{digest, new_token, random_bytes, REFRESH_TOKEN_PREFIX};
use crate::auth::{password, AuthMethod, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::{now, AppState};

/// Mounts the auth routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login).service(refresh).service(logout);
}

/// Failures from one client address tolerated per window, across all e-mails, for each one
/// tolerated for one e-mail from it.
const ADDRESS_FACTOR: i64 = 10;

/// Signs in with e-mail and password.
#[utoipa::path(tag = "auth", security(()), request_body = LoginRequest, responses(
    (status = 200, body = TokenResponse),
    (status = 401, description = "Wrong e-mail or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, or `portal_id` needed", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many failed attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/login")]
#[tracing::instrument(skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let email = EmailAddress::parse(&body.email)?;
    let browser_zone = body
        .time_zone
        .as_deref()
        .map(|tz| TimeZoneName::parse("time_zone", tz))
        .transpose()?;
    let address = state
        .auth
        .client_address(&req)
        .map(|a| a.to_string())
        .unwrap_or_default();
    // Failures count per e-mail and address, and per address across e-mails: a wrong
    // password slows that address down without locking the account for everyone else.
    let email_key = format!("email:{}|ip:{address}", email.as_ref());
    let address_key = format!("ip:{address}");
    let keys = (email_key.clone(), address_key.clone());
    let st = state.clone();
    let throttled = move |conn: &mut DbConnection| -> Result<(), ApiError> {
        let now = now();
        let since = now - Duration::seconds(st.auth.login_window);
        let (max, window) = (st.auth.login_max_failures, st.auth.login_window);
        throttle(conn, &keys.0, max, since, window, now)?;
        throttle(conn, &keys.1, max * ADDRESS_FACTOR, since, window, now)
    };
    // Reads first; the slow password checks run outside any transaction, so that they hold
    // no database lock.
    let check = throttled.clone();
    let wanted = body.portal_id;
    let address_of = email.clone();
    let candidates = db::run(&state.pool, move |conn| {
        check(conn)?;
        Ok(users::find_active_by_email(conn, address_of.as_ref())?
            .into_iter()
            .filter(|u| wanted.is_none_or(|p| p == u.portal_id))
            .collect::<Vec<_>>())
    })
    .await?;
    let password = body.password;
    let matching = web::block(move || {
        if candidates.is_empty() {
            password::verify(&password, password::dummy_hash());
        }
        candidates
            .into_iter()
            .filter(|u| password::verify(&password, &u.password_hash))
            .map(|u| (u.portal_id, u.id))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?;
    let st = state.clone();
    let tokens = db::write(&state.pool, move |conn| {
        let now = now();
        // Failures recorded meanwhile by concurrent attempts count too.
        throttled(conn)?;
        // Failures are recorded even though the answer is an error: the outcome travels
        // inside `Ok` so that the transaction commits.
        let outcome = match matching.as_slice() {
            [] => {
                login_failures::record(conn, &email_key, now)?;
                login_failures::record(conn, &address_key, now)?;
                Err(ApiError::unauthorized(
                    "invalid_credentials",
                    "The e-mail or password is wrong.",
                ))
            }
            [(portal_id, user_id)] => {
                login_failures::clear(conn, &email_key)?;
                users::touch_login(conn, *user_id, now)?;
                if let Some(tz) = &browser_zone {
                    users::adopt_time_zone(conn, *user_id, tz.name(), now)?;
                }
                let family = random_bytes(16)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>();
                issue(conn, &st, *portal_id, *user_id, &family, now)
            }
            _ => Err(ApiError::field(
                "portal_id",
                "required",
                "this e-mail and password open several portals; choose one",
            )),
        };
        Ok(outcome)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(tokens))
}

fn throttle(
    conn: &mut DbConnection,
    key: &str,
    max: i64,
    since: NaiveDateTime,
    window: i64,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let (count, oldest) = login_failures::recent(conn, key, since)?;
    if count >= max {
        let retry = oldest.map_or(window, |t| {
            (t + Duration::seconds(window) - now).num_seconds() + 1
        });
        return Err(ApiError::TooManyRequests {
            retry_after_secs: retry.max(1),
        });
    }
    Ok(())
}

/// Stores a new refresh token of `family` and signs an access token.
fn issue(
    conn: &mut DbConnection,
    state: &AppState,
    portal_id: i64,
    user_id: i64,
    family: &str,
    now: NaiveDateTime,
) -> Result<TokenResponse, ApiError> {
    let refresh_secret = new_token(REFRESH_TOKEN_PREFIX);
    refresh_tokens::insert(
        conn,
        &NewRefreshToken {
            portal_id,
            user_id,
            family_id: family,
            token_hash: &digest(&refresh_secret),
            expires_at: now + Duration::seconds(state.auth.refresh_ttl),
            created_at: now,
        },
    )?;
    let iat = now.and_utc().timestamp();
    let access = state.jwt.sign(&Claims {
        sub: user_id.to_string(),
        pid: portal_id,
        iat,
        exp: iat + state.auth.access_ttl,
        fam: family.to_owned(),
        typ: None,
    })?;
    Ok(TokenResponse {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: state.auth.access_ttl,
        refresh_token: refresh_secret,
        refresh_expires_in: state.auth.refresh_ttl,
    })
}

/// Exchanges a refresh token for new tokens. Each refresh token works once; presenting one
/// again revokes the whole session (401 `token_reused`), except within a few seconds of its
/// use (two tabs refreshing at once), which yields another token of the same session.
#[utoipa::path(tag = "auth", security(()), request_body = RefreshRequest, responses(
    (status = 200, body = TokenResponse),
    (status = 401, description = "Invalid, expired, revoked or reused token", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let hash = digest(body.refresh_token.trim());
    let st = state.clone();
    let tokens = db::write(&state.pool, move |conn| {
        let now = now();
        // A reused token revokes its family: that must commit although the answer is 401.
        let grace = chrono::Duration::seconds(st.auth.refresh_reuse_grace);
        let outcome = match refresh_tokens::redeem(conn, &hash, now, grace)? {
            Redemption::Redeemed(row) | Redemption::JustUsed(row) => {
                let user = users::find(conn, row.portal_id, row.user_id).map_err(|_| {
                    ApiError::unauthorized(
                        "invalid_token",
                        "The refresh token is invalid or expired.",
                    )
                })?;
                if !user.active {
                    return Err(ApiError::unauthorized(
                        "account_disabled",
                        "This account is deactivated.",
                    ));
                }
                issue(conn, &st, row.portal_id, row.user_id, &row.family_id, now)
            }
            Redemption::Reused => {
                tracing::warn!("a used refresh token was presented again; its session is revoked");
                Err(ApiError::unauthorized(
                    "token_reused",
                    "This refresh token was already used; sign in again.",
                ))
            }
            Redemption::Invalid => Err(ApiError::unauthorized(
                "invalid_token",
                "The refresh token is invalid or expired.",
            )),
        };
        Ok(outcome)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(tokens))
}

/// Ends the current session (or the one of `refresh_token`, or with `all_sessions` every
/// session of the caller). Access tokens of an ended session stop working at once.
#[utoipa::path(tag = "auth", request_body = LogoutRequest, responses(
    (status = 204, description = "Signed out"),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "`all_sessions` from a token without the `write` scope", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/logout")]
#[tracing::instrument(skip_all, fields(user_id = principal.user_id()))]
pub async fn logout(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<LogoutRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let user_id = principal.user_id();
    let session = matches!(principal.method, AuthMethod::Session { .. });
    if body.all_sessions && !session {
        // Signing everyone out is a change: a read-only token may not.
        principal.require(ApiScope::Write)?;
    }
    if body.api_tokens && !(body.all_sessions && session) {
        return Err(ApiError::field(
            "api_tokens",
            "not_allowed",
            "needs all_sessions, from a signed-in session",
        ));
    }
    db::write(&state.pool, move |conn| {
        let now = now();
        if body.all_sessions {
            refresh_tokens::revoke_all_for_user(conn, user_id, now)?;
            if body.api_tokens {
                crm_persistence::api_tokens::revoke_all_for_user(conn, user_id, now)?;
            }
            return Ok(());
        }
        let family = match (&body.refresh_token, &principal.method) {
            (Some(token), _) => refresh_tokens::family_of(conn, user_id, &digest(token.trim()))?,
            (None, AuthMethod::Session { family }) => Some(family.clone()),
            (None, AuthMethod::ApiToken { .. }) => None,
        };
        if let Some(family) = family {
            refresh_tokens::revoke_family(conn, &family, now)?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
