//! Private iCalendar feeds: each user may make a secret URL that calendar apps subscribe to,
//! listing the open tasks they are responsible for. Making a new URL or revoking it ends the
//! old one at once.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::Duration;
use crm_api_types::{CalendarFeedResponse, Problem};
use crm_domain::{ApiScope, Role};
use crm_persistence::{calendar_feeds, portals, tasks, users};
use icalendar::{Calendar, Component as _, Event, EventLike as _};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::secret;
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::routes::views::utc;
use crate::state::{now, AppState};

/// Mounts the feed settings and the public feed.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_feed)
        .service(create_feed)
        .service(revoke_feed)
        .service(public_feed);
}

/// Prefix of feed secrets.
const FEED_PREFIX: &str = "crm_cal_";
/// Tasks whose deadline passed longer ago than this are left out of feeds.
const PAST_DAYS: i64 = 30;
/// Most events in one feed.
const MAX_EVENTS: i64 = 2000;

/// Whether the caller has a feed URL.
#[utoipa::path(tag = "calendar", responses((status = 200, body = CalendarFeedResponse)))]
#[get("/me/calendar-feed")]
pub async fn get_feed(state: web::Data<AppState>, user: CrmUser) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let user_id = user.0.user_id();
    let feed = db::run(&state.pool, move |conn| {
        Ok(calendar_feeds::find(conn, user_id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(CalendarFeedResponse {
        active: feed.is_some(),
        created_at: feed.map(|f| utc(f.created_at)),
        url: None,
    }))
}

/// Makes a new private feed URL (shown only in this answer), replacing any earlier one.
#[utoipa::path(tag = "calendar", responses((status = 201, body = CalendarFeedResponse)))]
#[post("/me/calendar-feed")]
pub async fn create_feed(state: web::Data<AppState>, user: CrmUser) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let (portal_id, user_id) = (user.0.portal_id(), user.0.user_id());
    let token = secret::new_token(FEED_PREFIX);
    let hash = secret::digest(&token);
    let at = now();
    db::write(&state.pool, move |conn| {
        Ok(calendar_feeds::replace(
            conn, portal_id, user_id, &hash, at,
        )?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(CalendarFeedResponse {
            active: true,
            created_at: Some(utc(at)),
            url: Some(format!(
                "{}/api/v1/public/calendar/{token}.ics",
                state.public_url
            )),
        }))
}

/// Ends the caller's feed URL.
#[utoipa::path(tag = "calendar", responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[delete("/me/calendar-feed")]
pub async fn revoke_feed(state: web::Data<AppState>, user: CrmUser) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let user_id = user.0.user_id();
    let found = db::write(&state.pool, move |conn| {
        Ok(calendar_feeds::revoke(conn, user_id)?)
    })
    .await?;
    if !found {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// The open tasks of the feed's owner as an iCalendar document (`text/calendar`). The secret
/// in the path is the credential; unknown, revoked or no longer allowed feeds answer 404.
#[utoipa::path(tag = "calendar", security(()), params(("file" = String, Path, description = "The feed secret followed by `.ics`")), responses(
    (status = 200, description = "iCalendar document", content_type = "text/calendar"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/calendar/{file}")]
pub async fn public_feed(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let file = file.into_inner();
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    if !token.starts_with(FEED_PREFIX) {
        return Err(ApiError::NotFound);
    }
    let hash = secret::digest(token);
    let base = state.public_url.clone();
    let found = db::run(&state.pool, move |conn| {
        let Some(feed) = calendar_feeds::find_by_hash(conn, &hash)? else {
            return Ok(None);
        };
        let user = users::find(conn, feed.portal_id, feed.user_id)?;
        let portal = portals::find(conn, feed.portal_id)?;
        let role = Role::parse("role", &user.role)?;
        let granted = portals::has_crm_grant(conn, portal.id, user.id)?;
        let allowed = user.active
            && portal.crm_enabled
            && crm_domain::access::has_crm_access(role, portal.crm_open_to_all, granted);
        if !allowed {
            return Ok(None);
        }
        let rows = tasks::open_for_user(
            conn,
            portal.id,
            user.id,
            now() - Duration::days(PAST_DAYS),
            MAX_EVENTS,
        )?;
        Ok(Some((portal.name, rows)))
    })
    .await?;
    let Some((portal_name, rows)) = found else {
        return Err(ApiError::NotFound);
    };
    let mut cal = Calendar::new();
    cal.name(&portal_name).ttl(&Duration::minutes(15));
    let stamp = utc(now());
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or("crm")
        .split(['/', ':'])
        .next()
        .unwrap_or("crm")
        .to_owned();
    for t in rows {
        let start = utc(t.deadline);
        cal.push(
            Event::new()
                .uid(&format!("task-{}@{host}", t.id))
                .summary(&t.title)
                .description(&t.description)
                .url(&format!("{base}/tasks/{}", t.id))
                .timestamp(stamp)
                .starts(start)
                .ends(start + Duration::minutes(30))
                .done(),
        );
    }
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "private, no-store"))
        .body(cal.done().to_string()))
}
