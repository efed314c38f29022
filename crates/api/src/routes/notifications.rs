//! `/notifications`: the caller's in-app notifications, and a server-sent event stream that
//! pushes new ones. The stream polls the database every few seconds, so notifications stored
//! by another server process arrive too; this process's own wake the stream at once.

use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use crm_api_types::{
    MarkNotificationsReadRequest, NotificationQueryParams, NotificationResponse, Page,
    StreamQueryParams, StreamTicketResponse, UnreadCountResponse,
};
use crm_domain::ApiScope;
use crm_persistence::notifications::{self, NotificationRow};
use crm_persistence::KeyValue;
use tokio::sync::broadcast::error::RecvError;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::jwt::Claims;
use crate::auth::{AuthMethod, CrmUser, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::views::utc;
use crate::state::{now, AppState};

/// Mounts `/notifications`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_notifications)
        .service(mark_read)
        .service(stream_ticket)
        .service(stream);
}

/// Seconds a stream ticket stays usable.
const TICKET_TTL: i64 = 60;
/// How often a stream looks for notifications stored by other processes.
const POLL: Duration = Duration::from_secs(2);
/// How often a quiet stream sends a comment so proxies keep it open.
const KEEPALIVE: Duration = Duration::from_secs(15);

fn view(n: NotificationRow) -> NotificationResponse {
    NotificationResponse {
        id: n.id,
        kind: n.kind,
        params: serde_json::from_str(&n.params).unwrap_or(serde_json::Value::Null),
        read: n.read_at.is_some(),
        created_at: utc(n.created_at),
    }
}

/// The caller's notifications, newest first.
#[utoipa::path(tag = "notifications", params(NotificationQueryParams), responses((status = 200, body = Page<NotificationResponse>)))]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<NotificationQueryParams>,
) -> ApiResult<HttpResponse> {
    // Every notification is about a CRM record: only CRM users read them.
    let p = user.0;
    p.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let before = match pagination::decode_cursor(q.cursor.as_deref(), "notifications", "-id")?
        .map(|a| a.value)
    {
        Some(KeyValue::Int(id)) => Some(id),
        Some(_) => {
            return Err(ApiError::field(
                "cursor",
                "invalid_cursor",
                "is not a cursor of this list",
            ))
        }
        None => None,
    };
    let (portal_id, user_id) = (p.portal_id(), p.user_id());
    let unread = q.unread.unwrap_or(false);
    let page = db::run(&state.pool, move |conn| {
        Ok(notifications::list(
            conn, portal_id, user_id, unread, before, limit,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(pagination::page(page, "notifications", "-id", view)))
}

/// Marks notifications read; answers how many stay unread.
#[utoipa::path(tag = "notifications", request_body = MarkNotificationsReadRequest, responses((status = 200, body = UnreadCountResponse)))]
#[post("/notifications/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<MarkNotificationsReadRequest>,
) -> ApiResult<HttpResponse> {
    let p = user.0;
    p.require(ApiScope::Write)?;
    let (portal_id, user_id) = (p.portal_id(), p.user_id());
    let ids = body.into_inner().ids;
    crate::extract::check_ids("ids", ids.as_deref(), 1000)?;
    let unread = db::write(&state.pool, move |conn| {
        notifications::mark_read(conn, portal_id, user_id, ids.as_deref(), now())?;
        Ok(notifications::unread_count(conn, portal_id, user_id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(UnreadCountResponse { unread }))
}

/// A one-minute ticket to open the event stream from a browser.
#[utoipa::path(tag = "notifications", responses((status = 200, body = StreamTicketResponse)))]
#[post("/notifications/stream-ticket")]
pub async fn stream_ticket(state: web::Data<AppState>, user: CrmUser) -> ApiResult<HttpResponse> {
    let p = user.0;
    p.require(ApiScope::Read)?;
    let AuthMethod::Session { family } = &p.method else {
        return Err(ApiError::forbidden(
            "forbidden",
            "API tokens open the stream with the Bearer header.",
        ));
    };
    let iat = chrono::Utc::now().timestamp();
    let signed = state.jwt.sign(&Claims {
        sub: p.user_id().to_string(),
        pid: p.portal_id(),
        iat,
        exp: iat + TICKET_TTL,
        fam: family.clone(),
        typ: Some("sse".into()),
    })?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(StreamTicketResponse {
            ticket: signed,
            expires_in: TICKET_TTL,
        }))
}

pub(crate) async fn stream_principal(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    ticket: Option<String>,
) -> Result<Principal, ApiError> {
    if let Some(t) = ticket {
        let claims = state
            .jwt
            .verify(&t)
            .filter(|c| c.typ.as_deref() == Some("sse"));
        let claims = claims.ok_or_else(|| {
            ApiError::unauthorized("invalid_token", "The stream ticket is invalid or expired.")
        })?;
        return crate::auth::principal::session(state, claims).await;
    }
    let mut payload = actix_web::dev::Payload::None;
    <Principal as actix_web::FromRequest>::from_request(req, &mut payload).await
}

/// Whether the session or API token that opened a stream still works.
pub(crate) fn still_valid(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    user_id: i64,
    credential: &AuthMethod,
) -> Result<bool, ApiError> {
    let user_active =
        crm_persistence::users::find(conn, portal_id, user_id).is_ok_and(|u| u.active);
    Ok(user_active
        && match credential {
            AuthMethod::Session { family } => {
                crm_persistence::refresh_tokens::family_is_live(conn, family)?
            }
            AuthMethod::ApiToken { id } => crm_persistence::api_tokens::is_live(conn, *id, now())?,
        })
}

/// New notifications as server-sent events (`event: notification`, `id:` the notification
/// id; send `Last-Event-ID` to resume). Authenticate with a Bearer token or a `ticket`.
#[utoipa::path(tag = "notifications", params(StreamQueryParams), responses((status = 200, description = "An event stream", content_type = "text/event-stream")))]
#[get("/notifications/stream")]
pub async fn stream(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: Query<StreamQueryParams>,
) -> ApiResult<HttpResponse> {
    let p = stream_principal(&state, &req, query.into_inner()?.ticket).await?;
    let p = CrmUser::check(&state, p).await?.0;
    p.require(ApiScope::Read)?;
    let (portal_id, user_id) = (p.portal_id(), p.user_id());
    let credential = p.method.clone();
    let resume = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    let last = match resume {
        Some(id) => id,
        None => {
            db::run(&state.pool, move |conn| {
                Ok(notifications::last_id(conn, portal_id, user_id)?)
            })
            .await?
        }
    };
    let rx = state.notifications.subscribe();
    let stopping = state.stopping.clone();
    let events = futures_util::stream::unfold(
        (state, rx, last, true, stopping, credential),
        move |(state, mut rx, mut last, first, mut stopping, credential)| async move {
            if first {
                // Opens the stream at once and tells EventSource how soon to reconnect.
                return Some((
                    Ok::<_, actix_web::Error>(Bytes::from_static(b"retry: 3000\n\n")),
                    (state, rx, last, false, stopping, credential),
                ));
            }
            let mut quiet = Duration::ZERO;
            // One deadline across wake-ups for other users, so that they cannot keep
            // postponing the poll and the keepalive.
            let mut deadline = tokio::time::Instant::now() + POLL;
            loop {
                if *stopping.borrow() {
                    return None;
                }
                tokio::select! {
                    // A closed channel (no stop signal in this process, e.g. tests) disables this arm.
                    Ok(()) = stopping.changed() => {
                        if *stopping.borrow() {
                            return None;
                        }
                        continue;
                    }
                    woke = rx.recv() => match woke {
                        Ok(u) if u != user_id => continue,
                        Err(RecvError::Closed) => return None,
                        _ => {}
                    },
                    () = tokio::time::sleep_until(deadline) => {
                        quiet += POLL;
                        deadline = tokio::time::Instant::now() + POLL;
                    }
                }
                let after = last;
                let cred = credential.clone();
                let fresh = db::run(&state.pool, move |conn| {
                    // The stream lives as long as its credential: logout, revocation or
                    // deactivation end it at the next poll.
                    if !still_valid(conn, portal_id, user_id, &cred)? {
                        return Ok(None);
                    }
                    Ok(Some(notifications::newer_than(
                        conn, portal_id, user_id, after,
                    )?))
                })
                .await;
                let fresh = match fresh {
                    Ok(Some(f)) => f,
                    Ok(None) => return None,
                    Err(e) => {
                        tracing::warn!(error = %e, "notification stream query failed");
                        Vec::new()
                    }
                };
                if let Some(newest) = fresh.last() {
                    last = newest.id;
                    let mut text = String::new();
                    for n in fresh {
                        let id = n.id;
                        let data = serde_json::to_string(&view(n)).unwrap_or_default();
                        text.push_str(&format!("id: {id}\nevent: notification\ndata: {data}\n\n"));
                    }
                    return Some((
                        Ok(Bytes::from(text)),
                        (state, rx, last, false, stopping, credential),
                    ));
                }
                if quiet >= KEEPALIVE {
                    return Some((
                        Ok(Bytes::from_static(b": keepalive\n\n")),
                        (state, rx, last, false, stopping, credential),
                    ));
                }
            }
        },
    );
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events))
}
