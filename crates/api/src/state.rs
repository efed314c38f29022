//! State shared by every request: the pool, signing keys and auth settings.

use chrono::{NaiveDateTime, SubsecRound, Utc};
use crm_persistence::DbPool;

use crate::auth::jwt::JwtKeys;

/// Limits and lifetimes of authentication.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Access token lifetime in seconds.
    pub access_ttl: i64,
    /// Refresh token lifetime in seconds.
    pub refresh_ttl: i64,
    /// Seconds during which a just-used refresh token still works once more (concurrent tabs).
    pub refresh_reuse_grace: i64,
    /// Failures per e-mail within the window before 429.
    pub login_max_failures: i64,
    /// Failure window in seconds.
    pub login_window: i64,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl AuthSettings {
    /// The client's address: the peer's, or when the peer is a trusted proxy the nearest
    /// address in `X-Forwarded-For` that is not one of the trusted proxies.
    pub fn client_address(&self, req: &actix_web::HttpRequest) -> Option<std::net::IpAddr> {
        let peer = req.peer_addr()?.ip();
        let trusted = |ip: &std::net::IpAddr| self.trusted_proxies.iter().any(|n| n.contains(ip));
        if !trusted(&peer) {
            return Some(peer);
        }
        let mut client = peer;
        for value in req.headers().get_all("x-forwarded-for").rev() {
            let Ok(text) = value.to_str() else { break };
            for hop in text.rsplit(',') {
                let Ok(ip) = hop.trim().parse::<std::net::IpAddr>() else {
                    return Some(client);
                };
                client = ip;
                if !trusted(&ip) {
                    return Some(ip);
                }
            }
        }
        Some(client)
    }
}

/// Application state behind `web::Data`.
pub struct AppState {
    /// Database pool.
    pub pool: DbPool,
    /// The time of business rules.
    pub clock: Clock,
    /// JWT signing and verification keys.
    pub jwt: JwtKeys,
    /// Auth settings.
    pub auth: AuthSettings,
    /// Where file bytes live.
    pub files: std::sync::Arc<dyn crate::storage::FileStore>,
    /// Largest upload accepted, in bytes.
    pub max_upload_bytes: usize,
    /// Wakes this process's event streams when it stores notifications for a user id.
    pub notifications: tokio::sync::broadcast::Sender<i64>,
    /// Turns true when the server is stopping, so that event streams end.
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Sends e-mail, when SMTP is configured.
    pub mailer: Option<std::sync::Arc<crate::mail::Mailer>>,
    /// Address users reach the server at, for links in e-mails and calendar feeds.
    pub public_url: String,
    /// Wakes this process's job workers when a job is queued.
    pub jobs_queued: std::sync::Arc<tokio::sync::Notify>,
    /// How common each trigram of the contacts search index is, read again every few minutes.
    pub trigram_counts:
        std::sync::Arc<std::sync::RwLock<std::sync::Arc<crm_persistence::contacts::TrigramCounts>>>,
    /// Totals of lists asked for again.
    pub list_totals: std::sync::Arc<crate::totals::ListTotals>,
    /// Counts and totals of invoices lists asked for again.
    pub invoice_totals: std::sync::Arc<crate::totals::InvoiceTotals>,
    /// Callers loaded for bearer tokens a moment ago.
    pub callers: std::sync::Arc<crate::auth::principal::Callers>,
    /// Requests to the public links per client address.
    pub public_limiter: std::sync::Arc<governor::DefaultKeyedRateLimiter<std::net::IpAddr>>,
}

impl AppState {
    /// The latest trigram counts of the contacts search index.
    pub fn trigram_counts(&self) -> std::sync::Arc<crm_persistence::contacts::TrigramCounts> {
        self.trigram_counts
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// The time of the CRM's business rules (deadlines, reminders, overdue tasks): the system clock,
/// or one a test moves forward instead of sleeping. Shared by every clone, so that several
/// server processes of one test agree on it. Sessions, tokens and job leases keep to the
/// system clock ([`now`]).
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// How far ahead of the system clock, in microseconds.
    ahead_micros: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

impl Clock {
    /// The current time, at the precision of [`now`].
    pub fn now(&self) -> NaiveDateTime {
        let ahead = self.ahead_micros.load(std::sync::atomic::Ordering::Acquire);
        now() + chrono::Duration::microseconds(ahead)
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: chrono::Duration) {
        let micros = by.num_microseconds().unwrap_or(i64::MAX);
        self.ahead_micros
            .fetch_add(micros, std::sync::atomic::Ordering::AcqRel);
    }
}

/// Current UTC time at microsecond precision, the finest both databases keep.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}
