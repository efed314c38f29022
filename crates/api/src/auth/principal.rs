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
    pub fn viewer(&self) -> crm_persistence::contacts::Viewer {
        crm_persistence::contacts::Viewer {
            user_id: self.user.id,
            is_crm_admin: self.role.is_crm_admin(),
        }
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

/// A bearer credential whose signature is checked but whose user is not loaded yet. Handlers
/// that go to the database anyway load the caller there ([`Credential::crm_user`]), in the
/// same trip through the blocking pool as their own queries.
#[derive(Debug)]
pub enum Credential {
    /// A verified session token (an access token or an event-stream ticket).
    Session(crate::auth::jwt::Claims),
    /// The digest of a personal API token.
    ApiToken(String),
}

impl Credential {
    /// Checks what can be checked without the database: the JWT signature and expiry.
    pub fn parse(state: &AppState, token: &str) -> Result<Self, ApiError> {
        if token.starts_with(API_TOKEN_PREFIX) {
            return Ok(Self::ApiToken(digest(token)));
        }
        let claims = state.jwt.verify(token).ok_or_else(invalid_token)?;
        if claims.typ.is_some() {
            return Err(invalid_token());
        }
        Ok(Self::Session(claims))
    }

    /// The principal: the token or session is live and the user active.
    pub fn principal(
        self,
        conn: &mut crm_persistence::DbConnection,
    ) -> Result<Principal, ApiError> {
        match self {
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
                Ok(principal)
            }
            Self::Session(claims) => {
                let user_id: i64 = claims.sub.parse().map_err(|_| invalid_token())?;
                let found =
                    users::find_with_portal_in_family(conn, claims.pid, user_id, &claims.fam);
                load(
                    found,
                    ScopeSet::full(),
                    AuthMethod::Session { family: claims.fam },
                )
            }
        }
    }

    /// The caller as a user of the CRM module (see [`CrmUser`]).
    pub fn crm_user(self, conn: &mut crm_persistence::DbConnection) -> Result<CrmUser, ApiError> {
        let principal = self.principal(conn)?;
        if !CrmUser::allowed_without_grant(&principal)? {
            let granted = portals::has_crm_grant(conn, principal.portal_id(), principal.user_id())?;
            CrmUser::require_grant(granted)?;
        }
        Ok(CrmUser(principal))
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
    db::run(&state.pool, move |conn| credential.principal(conn)).await
}

/// The principal of a verified session token (an access token or an event-stream ticket).
pub async fn session(
    state: &web::Data<AppState>,
    claims: crate::auth::jwt::Claims,
) -> Result<Principal, ApiError> {
    db::run(&state.pool, move |conn| {
        Credential::Session(claims).principal(conn)
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
            let credential = credential?;
            let state = state
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?;
            db::run(&state.pool, move |conn| credential.crm_user(conn)).await
        })
    }
}
