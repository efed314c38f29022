//! Stored rows to response DTOs.

use chrono::{DateTime, NaiveDateTime, Utc};
use crm_api_types::{ApiTokenResponse, GroupResponse, PortalResponse, UserResponse};
use crm_domain::ScopeSet;
use crm_persistence::api_tokens::ApiTokenRow;
use crm_persistence::groups::GroupWithMembers;
use crm_persistence::portals::PortalRow;
use crm_persistence::users::{UserRow, UserWithGroups};

/// A stored UTC time as an RFC 3339 time.
pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A portal.
pub fn portal(p: &PortalRow) -> PortalResponse {
    PortalResponse {
        id: p.id,
        name: p.name.clone(),
        crm_enabled: p.crm_enabled,
        locale: p.locale.clone(),
    }
}

/// A user with groups.
pub fn user(u: &UserRow, group_ids: Vec<i64>) -> UserResponse {
    UserResponse {
        id: u.id,
        email: u.email.clone(),
        name: u.name.clone(),
        locale: u.locale.clone(),
        time_zone: u.time_zone.clone(),
        role: u.role.clone(),
        active: u.active,
        group_ids,
        last_login_at: u.last_login_at.map(utc),
        created_at: utc(u.created_at),
        updated_at: utc(u.updated_at),
        version: u.version,
    }
}

/// A user loaded with groups.
pub fn user_with_groups(u: UserWithGroups) -> UserResponse {
    user(&u.user, u.group_ids)
}

/// A user as a no-op check compares them ([`crate::app::keep_if_changed`]): what the API
/// shows, and the stored facts it does not show (a new password, a chosen time zone).
#[derive(serde::Serialize)]
pub struct ComparedUser {
    #[serde(flatten)]
    pub user: UserResponse,
    password_hash: String,
    time_zone_chosen: bool,
}

/// A user loaded with groups, for a no-op check.
pub fn compared_user(u: UserWithGroups) -> ComparedUser {
    ComparedUser {
        password_hash: u.user.password_hash.clone(),
        time_zone_chosen: u.user.time_zone_chosen,
        user: user_with_groups(u),
    }
}

/// A group.
pub fn group(g: GroupWithMembers) -> GroupResponse {
    GroupResponse {
        id: g.group.id,
        name: g.group.name,
        description: g.group.description,
        member_ids: g.member_ids,
        created_at: utc(g.group.created_at),
        updated_at: utc(g.group.updated_at),
        version: g.group.version,
    }
}

/// An API token, without secret.
pub fn api_token(t: &ApiTokenRow) -> ApiTokenResponse {
    ApiTokenResponse {
        id: t.id,
        name: t.name.clone(),
        scopes: ScopeSet::from_stored(&t.scopes)
            .scopes()
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        prefix: t.prefix.clone(),
        created_at: utc(t.created_at),
        last_used_at: t.last_used_at.map(utc),
        expires_at: t.expires_at.map(utc),
    }
}
