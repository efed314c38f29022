//! The authenticated caller, extracted from `Authorization: Bearer …` on every protected route.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use crm_domain::{ApiScope, Role, ScopeSet};
use crm_persistence::portals::PortalRow;
use crm_persistence::users::UserRow;
use crm_persistence::{api_tokens, portals, users};
use futures_util::future::LocalBoxFuture;

use super::secret::{digest, API_TOKEN_PREFIX};
use crate::db;
use crate::error::ApiError;
use crate::state::{now, AppState};

/// How the caller authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMethod {
    /// A login access token of a session (with its refresh-token family).
    Session { family: String },
    /// A personal API token.
    ApiToken { id: i64 },
}

/// The caller: an active user of a portal, with the scopes of their credential.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The user as stored.
    pub user: UserRow,
    /// Their portal.
    pub portal: PortalRow,
    /// Their role.
    pub role: Role,
    /// Scopes of the credential.
    pub scopes: ScopeSet,
    /// Session or API token.
    pub method: AuthMethod,
}

impl Principal {
    /// The caller's portal id.
    pub fn portal_id(&self) -> i64 {
        self.portal.id
    }

    /// The caller's user id.
    pub fn user_id(&self) -> i64 {
        self.user.id
    }

    /// Requires a scope of the credential (API tokens may be limited to reading).
    pub fn require(&self, scope: ApiScope) -> Result<(), ApiError> {
        if self.scopes.allows(scope) {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "insufficient_scope",
                format!("This token lacks the `{}` scope.", scope.as_str()),
            ))
        }
    }

    /// Requires a portal owner or admin acting with the `admin` scope.
    pub fn require_portal_admin(&self) -> Result<(), ApiError> {
        if !self.role.is_portal_admin() {
            return Err(ApiError::forbidden(
                "forbidden",
                "Only portal owners and admins may do this.",
            ));
        }
        self.require(ApiScope::Admin)
    }
}

impl Principal {
    /// Requires a CRM administrator acting with the `admin` scope.
    pub fn require_crm_admin(&self) -> Result<(), ApiError> {
        if !self.role.is_crm_admin() {
            return Err(ApiError::forbidden(
                "forbidden",
                "Only CRM administrators may do this.",
            ));
        }
        self.require(ApiScope::Admin)
    }

    /// The caller as a viewer of CRM records.
    pub fn viewer(&self) -> crm_domain::Viewer {
        crm_domain::Viewer::new(crm_domain::UserId(self.user.id), self.role)
    }
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthorized("unauthorized", "Send `Authorization: Bearer <token>`.")
    })?;
    let text = value.to_str().map_err(|_| {
        ApiError::unauthorized("invalid_token", "The Authorization header is unreadable.")
    })?;
    let (scheme, token) = text
        .split_once(' ')
        .ok_or_else(|| ApiError::unauthorized("invalid_token", "Use the Bearer scheme."))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::unauthorized(
            "invalid_token",
            "Use the Bearer scheme.",
        ));
    }
    Ok(token.trim().to_owned())
}

fn invalid_token() -> ApiError {
    ApiError::unauthorized("invalid_token", "The token is invalid, expired or revoked.")
}

/// A bearer credential whose signature is checked but whose user is not loaded yet: what the
/// extractors [`Principal`] and [`CrmUser`] start from. Private to this module, so that those
/// extractors are the one way handlers learn their caller.
/// A token seen a moment ago brings its caller as then loaded ([`Callers`]), and needs no query
/// at all.
#[derive(Debug)]
struct Credential {
    proof: Proof,
    /// Where to keep the caller once loaded: the token's digest, and the pool's count of writes
    /// this process made ([`crm_persistence::DbPool::writes`]) before the load. Not
    /// for event-stream tickets.
    keep: Option<Keep>,
}

#[derive(Debug)]
enum Proof {
    /// A verified session token (an access token or an event-stream ticket).
    Session(crate::auth::jwt::Claims),
    /// The digest of a personal API token.
    ApiToken(String),
    /// The caller loaded for this very token a moment ago.
    Known(Caller),
}

struct Keep {
    callers: std::sync::Arc<Callers>,
    /// The digest of the token.
    key: String,
    writes: u64,
    read_at: std::time::Instant,
}

impl std::fmt::Debug for Keep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keep")
            .field("writes", &self.writes)
            .finish_non_exhaustive()
    }
}

/// A caller loaded for a token, kept for [`CALLER_FRESH_FOR`] and until this process ends any
/// write ([`crate::db::write`]): a logout, a deactivation or a changed grant of this process is
/// seen at once, one of another server within a second.
#[derive(Debug, Clone)]
pub struct Caller {
    principal: std::sync::Arc<Principal>,
    /// Whether the caller passed the check of [`CrmUser`].
    crm_user: bool,
    /// When the token stops working, if it does.
    valid_until: Option<chrono::NaiveDateTime>,
}

/// Callers by the digest of their bearer token.
pub type Callers = crate::fresh::Fresh<Caller>;

/// How long a loaded caller is used when this process changes no caller.
pub const CALLER_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(1);

impl Credential {
    /// Checks what can be checked without the database: the JWT signature and expiry. A token
    /// whose caller was loaded a moment ago is known at once.
    fn parse(state: &AppState, token: &str) -> Result<Self, ApiError> {
        let (writes, read_at) = (state.pool.writes(), std::time::Instant::now());
        // Kept by digest, as API tokens are stored: the tokens themselves are not kept.
        let key = digest(token);
        if let Some(caller) = state.callers.get(&key, writes) {
            if caller.valid_until.is_none_or(|until| now() < until) {
                return Ok(Self {
                    proof: Proof::Known(caller),
                    keep: None,
                });
            }
        }
        let proof = if token.starts_with(API_TOKEN_PREFIX) {
            Proof::ApiToken(key.clone())
        } else {
            let claims = state.jwt.verify(token).ok_or_else(invalid_token)?;
            if claims.typ.is_some() {
                return Err(invalid_token());
            }
            Proof::Session(claims)
        };
        Ok(Self {
            proof,
            keep: Some(Keep {
                callers: state.callers.clone(),
                key,
                writes,
                read_at,
            }),
        })
    }

    /// A verified event-stream ticket, whose caller is loaded each time.
    fn ticket(claims: crate::auth::jwt::Claims) -> Self {
        Self {
            proof: Proof::Session(claims),
            keep: None,
        }
    }

    /// The principal: the token or session is live and the user active.
    fn principal(self, conn: &mut crm_persistence::DbConnection) -> Result<Principal, ApiError> {
        let (principal, valid_until) = self.proof.load(conn)?;
        if let Some(keep) = self.keep {
            keep.put(&principal, false, valid_until);
        }
        Ok(principal)
    }

    /// The principal, when loaded a moment ago.
    fn known_principal(&self) -> Option<Principal> {
        match &self.proof {
            Proof::Known(caller) => Some(Principal::clone(&caller.principal)),
            _ => None,
        }
    }

    /// The caller as a user of the CRM module, when it passed that check a moment ago.
    fn known_crm_user(&self) -> Option<CrmUser> {
        match &self.proof {
            Proof::Known(caller) if caller.crm_user => {
                Some(CrmUser(Principal::clone(&caller.principal)))
            }
            _ => None,
        }
    }

    /// The caller as a user of the CRM module (see [`CrmUser`]).
    fn crm_user(self, conn: &mut crm_persistence::DbConnection) -> Result<CrmUser, ApiError> {
        if let Some(user) = self.known_crm_user() {
            return Ok(user);
        }
        let (principal, valid_until) = self.proof.load(conn)?;
        if !CrmUser::allowed_without_grant(&principal)? {
            let granted = portals::has_crm_grant(conn, principal.portal_id(), principal.user_id())?;
            CrmUser::require_grant(granted)?;
        }
        if let Some(keep) = self.keep {
            keep.put(&principal, true, valid_until);
        }
        Ok(CrmUser(principal))
    }
}

impl Proof {
    /// The principal, and when its token stops working, if it does.
    fn load(
        self,
        conn: &mut crm_persistence::DbConnection,
    ) -> Result<(Principal, Option<chrono::NaiveDateTime>), ApiError> {
        match self {
            Self::Known(caller) => Ok((
                std::sync::Arc::unwrap_or_clone(caller.principal),
                caller.valid_until,
            )),
            Self::ApiToken(hash) => {
                let now = now();
                let row = api_tokens::find_usable(conn, &hash, now)?.ok_or_else(invalid_token)?;
                let found = users::find_with_portal(conn, row.portal_id, row.user_id);
                let principal = load(
                    found,
                    ScopeSet::from_stored(&row.scopes),
                    AuthMethod::ApiToken { id: row.id },
                )?;
                api_tokens::touch(conn, &row, now)?;
                Ok((principal, row.expires_at))
            }
            Self::Session(claims) => {
                let user_id: i64 = claims.sub.parse().map_err(|_| invalid_token())?;
                let found =
                    users::find_with_portal_in_family(conn, claims.pid, user_id, &claims.fam);
                let principal = load(
                    found,
                    ScopeSet::full(),
                    AuthMethod::Session { family: claims.fam },
                )?;
                let until = chrono::DateTime::from_timestamp(
                    claims.exp.saturating_add(crate::auth::jwt::LEEWAY),
                    0,
                )
                .map(|t| t.naive_utc());
                Ok((principal, Some(until.ok_or_else(invalid_token)?)))
            }
        }
    }
}

impl Keep {
    /// Keeps the loaded caller; `crm_user` when it passed the check of [`CrmUser`].
    fn put(
        self,
        principal: &Principal,
        crm_user: bool,
        valid_until: Option<chrono::NaiveDateTime>,
    ) {
        let caller = Caller {
            principal: std::sync::Arc::new(principal.clone()),
            crm_user,
            valid_until,
        };
        self.callers
            .put(self.key, self.writes, self.read_at, caller);
    }
}

impl FromRequest for Credential {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>();
        std::future::ready(match state {
            Some(state) => bearer(req).and_then(|token| Credential::parse(state, &token)),
            None => Err(ApiError::Internal(anyhow::anyhow!(
                "application state missing"
            ))),
        })
    }
}

/// Resolves a bearer token to a principal.
pub async fn authenticate(
    state: &web::Data<AppState>,
    token: String,
) -> Result<Principal, ApiError> {
    let credential = Credential::parse(state, &token)?;
    match credential.known_principal() {
        Some(principal) => Ok(principal),
        None => db::run(&state.pool, move |conn| credential.principal(conn)).await,
    }
}

/// The principal of a verified session token (an access token or an event-stream ticket).
pub async fn session(
    state: &web::Data<AppState>,
    claims: crate::auth::jwt::Claims,
) -> Result<Principal, ApiError> {
    db::run(&state.pool, move |conn| {
        Credential::ticket(claims).principal(conn)
    })
    .await
}

/// The principal of a user loaded for a credential (`NotFound`: the credential is not valid).
fn load(
    found: Result<(UserRow, PortalRow), crm_persistence::StoreError>,
    scopes: ScopeSet,
    method: AuthMethod,
) -> Result<Principal, ApiError> {
    let (user, portal) = found.map_err(|e| match e {
        crm_persistence::StoreError::NotFound => invalid_token(),
        other => other.into(),
    })?;
    if !user.active {
        return Err(ApiError::unauthorized(
            "account_disabled",
            "This account is deactivated.",
        ));
    }
    let role = Role::parse("role", &user.role)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored role: {e}")))?;
    Ok(Principal {
        user,
        portal,
        role,
        scopes,
        method,
    })
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?;
            authenticate(&state, token?).await
        })
    }
}

/// A caller allowed to work in the CRM module: the module is on for the portal and the user
/// is a CRM admin, or the module is open to all, or access was granted to them or a group of theirs.
#[derive(Debug, Clone)]
pub struct CrmUser(pub Principal);

impl CrmUser {
    /// Checks that the principal may work in the CRM module (403 otherwise).
    pub async fn check(
        state: &web::Data<AppState>,
        principal: Principal,
    ) -> Result<Self, ApiError> {
        if !Self::allowed_without_grant(&principal)? {
            let (portal_id, user_id) = (principal.portal_id(), principal.user_id());
            let granted = db::run(&state.pool, move |conn| {
                Ok(portals::has_crm_grant(conn, portal_id, user_id)?)
            })
            .await?;
            Self::require_grant(granted)?;
        }
        Ok(CrmUser(principal))
    }

    /// Whether the principal may work in the CRM without a grant: refused when the
    /// module is off, allowed (`true`) for CRM admins or when the module is open to all.
    fn allowed_without_grant(principal: &Principal) -> Result<bool, ApiError> {
        if !principal.portal.crm_enabled {
            return Err(ApiError::forbidden(
                "crm_disabled",
                "The CRM module is switched off for this portal.",
            ));
        }
        Ok(principal.role.is_crm_admin() || principal.portal.crm_open_to_all)
    }

    fn require_grant(granted: bool) -> Result<(), ApiError> {
        if granted {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "crm_access_denied",
                "You have no access to the CRM module.",
            ))
        }
    }
}

impl FromRequest for CrmUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    /// The caller and their CRM grant are loaded in one trip through the blocking pool.
    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let credential = Credential::from_request(req, payload).into_inner();
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?;
            let credential = credential?;
            match credential.known_crm_user() {
                Some(user) => Ok(user),
                None => db::run(&state.pool, move |conn| credential.crm_user(conn)).await,
            }
        })
    }
}
