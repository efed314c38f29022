//! Roles, API token scopes and the rules that follow from them.

use crate::error::DomainError;

/// A user's role in a portal. Portal owners and admins administer the portal and are CRM
/// administrators; CRM admins administer the CRM module; CRM users work in it when granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Created the portal; cannot be removed by admins.
    Owner,
    /// Manages users, groups and module access.
    PortalAdmin,
    /// Manages the CRM module's settings and sees every CRM record.
    CrmAdmin,
    /// Works in the CRM when the portal grants access.
    CrmUser,
}

impl Role {
    /// Every role, strongest first.
    pub const ALL: [Role; 4] = [
        Role::Owner,
        Role::PortalAdmin,
        Role::CrmAdmin,
        Role::CrmUser,
    ];

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == input.trim())
            .ok_or_else(|| {
                DomainError::field(
                    field,
                    "invalid_role",
                    "must be one of owner, portal_admin, crm_admin, crm_user",
                )
            })
    }

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::PortalAdmin => "portal_admin",
            Self::CrmAdmin => "crm_admin",
            Self::CrmUser => "crm_user",
        }
    }

    /// May manage users, groups and portal settings.
    pub fn is_portal_admin(self) -> bool {
        matches!(self, Self::Owner | Self::PortalAdmin)
    }

    /// Administers the CRM module and sees every CRM record.
    pub fn is_crm_admin(self) -> bool {
        matches!(self, Self::Owner | Self::PortalAdmin | Self::CrmAdmin)
    }

    /// Whether `self` may give `target` to someone, or change a user who has `target` now.
    /// Only owners hand out or touch ownership; admins manage every other role.
    pub fn may_manage(self, target: Role) -> bool {
        match self {
            Self::Owner => true,
            Self::PortalAdmin => target != Self::Owner,
            Self::CrmAdmin | Self::CrmUser => false,
        }
    }
}

/// Whether a user may work in the CRM module, given the portal's settings.
pub fn has_crm_access(role: Role, open_to_all: bool, granted: bool) -> bool {
    role.is_crm_admin() || open_to_all || granted
}

/// What a personal API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApiScope {
    /// Read records.
    Read,
    /// Create, change and delete records (implies read).
    Write,
    /// Administer users, groups and settings, within the owner's role (implies write).
    Admin,
}

impl ApiScope {
    /// Every scope, weakest first.
    pub const ALL: [ApiScope; 3] = [ApiScope::Read, ApiScope::Write, ApiScope::Admin];

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == input.trim())
            .ok_or_else(|| {
                DomainError::field(field, "invalid_scope", "must be read, write or admin")
            })
    }

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
        }
    }
}

/// A set of scopes; a stronger scope implies the weaker ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScopeSet {
    strongest: Option<ApiScope>,
}

impl ScopeSet {
    /// Every scope: what an interactive session has.
    pub fn full() -> Self {
        Self {
            strongest: Some(ApiScope::Admin),
        }
    }

    /// Parses a list of scope names; at least one is required. Errors name `field[i]`.
    pub fn parse(field: &str, names: &[String]) -> Result<Self, DomainError> {
        if names.is_empty() {
            return Err(DomainError::field(
                field,
                "required",
                "at least one scope is required",
            ));
        }
        let mut strongest = None;
        for (i, name) in names.iter().enumerate() {
            let scope = ApiScope::parse(&format!("{field}[{i}]"), name)?;
            strongest = strongest.max(Some(scope));
        }
        Ok(Self { strongest })
    }

    /// Parses the stored form (comma-separated).
    pub fn from_stored(value: &str) -> Self {
        let strongest = value
            .split(',')
            .filter_map(|s| ApiScope::parse("scopes", s).ok())
            .max();
        Self { strongest }
    }

    /// Whether `scope` is allowed.
    pub fn allows(self, scope: ApiScope) -> bool {
        self.strongest.is_some_and(|s| s >= scope)
    }

    /// Every scope allowed, weakest first.
    pub fn scopes(self) -> Vec<ApiScope> {
        ApiScope::ALL
            .into_iter()
            .filter(|s| self.allows(*s))
            .collect()
    }

    /// The stored form.
    pub fn to_stored(self) -> String {
        self.scopes()
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_cannot_touch_owners_but_owners_can() {
        assert!(!Role::PortalAdmin.may_manage(Role::Owner));
        assert!(Role::PortalAdmin.may_manage(Role::CrmAdmin));
        assert!(Role::Owner.may_manage(Role::Owner));
        assert!(!Role::CrmAdmin.may_manage(Role::CrmUser));
    }

    #[test]
    fn crm_admins_always_have_crm_access_users_need_a_grant() {
        assert!(has_crm_access(Role::CrmAdmin, false, false));
        assert!(!has_crm_access(Role::CrmUser, false, false));
        assert!(has_crm_access(Role::CrmUser, false, true));
        assert!(has_crm_access(Role::CrmUser, true, false));
    }

    #[test]
    fn write_scope_implies_read_but_not_admin() {
        let s = ScopeSet::parse("scopes", &["write".into()]).unwrap();
        assert!(s.allows(ApiScope::Read));
        assert!(s.allows(ApiScope::Write));
        assert!(!s.allows(ApiScope::Admin));
        assert_eq!(s.to_stored(), "read,write");
        assert_eq!(ScopeSet::from_stored(&s.to_stored()), s);
    }

    #[test]
    fn unknown_scope_names_its_position() {
        let err = ScopeSet::parse("scopes", &["read".into(), "root".into()]).unwrap_err();
        assert_eq!(err.fields()[0].field, "scopes[1]");
    }

    #[test]
    fn empty_scope_list_is_refused() {
        assert_eq!(
            ScopeSet::parse("scopes", &[]).unwrap_err().fields()[0].code,
            "required"
        );
    }
}
