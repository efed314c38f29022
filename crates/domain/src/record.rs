//! The record model: the kinds of CRM records, who is looking at them, and the one access
//! rule every read, list, search, count and notification of a kind follows.
//!
//! Tags, custom fields, history entries with files, members (a contact's managers, a deal's
//! restricted users) and the tasks about a record are stored once for every kind and reached
//! through a [`RecordRef`]. A new kind is a variant here; the compiler then lists every place
//! that has to say something about it.

use crate::error::DomainError;
use crate::ids::UserId;
use crate::Role;

/// A kind of CRM record. Invoices and calls join as their capabilities are built; their wire
/// names (`invoice`, `call`) are reserved for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    /// A person or a company.
    Contact,
    /// A deal (an opportunity): open to every CRM user, or restricted to its members.
    Deal,
    /// A case (an event with a group of clients): open to every CRM user, or restricted to
    /// its members.
    Case,
    /// A project: open to every CRM user, or restricted to its team (its members).
    Project,
    /// An invoice: seen by whoever created it or may see its client or deal; changed by its
    /// creator.
    Invoice,
}

impl RecordKind {
    /// Every kind.
    pub const ALL: [RecordKind; 5] = [
        Self::Contact,
        Self::Deal,
        Self::Case,
        Self::Project,
        Self::Invoice,
    ];

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Deal => "deal",
            Self::Case => "case",
            Self::Project => "project",
            Self::Invoice => "invoice",
        }
    }

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::from_stored(input.trim()).ok_or_else(|| {
            DomainError::field(
                field,
                "invalid_value",
                "must be contact, deal, case, project or invoice",
            )
        })
    }

    /// The kind of a stored name, if it is one.
    pub fn from_stored(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether records of this kind carry tags.
    pub fn has_tags(self) -> bool {
        match self {
            Self::Contact | Self::Deal | Self::Case => true,
            Self::Project | Self::Invoice => false,
        }
    }

    /// Whether its members are told whenever they join, not only when it is restricted to
    /// them (a project's team).
    pub fn members_always_told(self) -> bool {
        match self {
            Self::Contact | Self::Deal | Self::Case | Self::Invoice => false,
            Self::Project => true,
        }
    }

    /// The rule that decides who may see and change records of this kind.
    pub fn rule(self) -> AccessRule {
        match self {
            Self::Contact | Self::Deal | Self::Case | Self::Project => AccessRule::MembersOrShared,
            Self::Invoice => AccessRule::ThroughClient,
        }
    }
}

/// One record of some kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    /// Its kind.
    pub kind: RecordKind,
    /// Its id within the kind.
    pub id: i64,
}

impl RecordRef {
    /// A contact.
    pub fn contact(id: i64) -> Self {
        Self {
            kind: RecordKind::Contact,
            id,
        }
    }

    /// A deal.
    pub fn deal(id: i64) -> Self {
        Self {
            kind: RecordKind::Deal,
            id,
        }
    }

    /// A case.
    pub fn case(id: i64) -> Self {
        Self {
            kind: RecordKind::Case,
            id,
        }
    }

    /// A project.
    pub fn project(id: i64) -> Self {
        Self {
            kind: RecordKind::Project,
            id,
        }
    }

    /// An invoice.
    pub fn invoice(id: i64) -> Self {
        Self {
            kind: RecordKind::Invoice,
            id,
        }
    }
}

/// Who is looking at records: what they may see depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Viewer {
    /// The user.
    pub user_id: UserId,
    /// CRM admins see and change every record.
    pub is_crm_admin: bool,
}

impl Viewer {
    /// A viewer with the given role.
    pub fn new(user_id: UserId, role: Role) -> Self {
        Self {
            user_id,
            is_crm_admin: role.is_crm_admin(),
        }
    }
}

/// Who may see and change a record besides its members and CRM admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Members and CRM admins only.
    Private,
    /// Every CRM user may read it.
    SharedRead,
    /// Every CRM user may read and change it.
    SharedWrite,
}

impl Access {
    /// Every level.
    pub const ALL: [Access; 3] = [Self::Private, Self::SharedRead, Self::SharedWrite];

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::from_stored(input.trim()).ok_or_else(|| {
            DomainError::field(
                field,
                "invalid_value",
                "must be private, shared_read or shared_write",
            )
        })
    }

    /// The level of a stored name, if it is one.
    pub fn from_stored(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::SharedRead => "shared_read",
            Self::SharedWrite => "shared_write",
        }
    }
}

/// The access rules records follow. Each kind names one ([`RecordKind::rule`]); the storage
/// layer turns each into SQL in one place, and a property test holds the two to agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessRule {
    /// A record has an [`Access`] level and members: CRM admins and members see and change
    /// it, everyone else as its level allows.
    MembersOrShared,
    /// A record stands with the client (a contact) and the deal it is for: CRM admins and its
    /// creator see and change it; whoever may see its client or its deal sees it too. Its
    /// [`Standing`] comes from [`Standing::through_client`].
    ThroughClient,
}

/// What the rule needs to know of one record and the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The record's access level.
    pub access: Access,
    /// Whether the viewer is one of its members.
    pub is_member: bool,
}

impl Standing {
    /// The standing of a record under [`AccessRule::ThroughClient`]: its creator is its one
    /// member, and it is shared for reading with whoever may see its client or its deal.
    pub fn through_client(is_creator: bool, client_or_deal_visible: bool) -> Self {
        Self {
            access: if client_or_deal_visible {
                Access::SharedRead
            } else {
                Access::Private
            },
            is_member: is_creator,
        }
    }
}

impl AccessRule {
    /// Whether the viewer may see a record of this standing.
    pub fn can_view(self, viewer: Viewer, record: Standing) -> bool {
        match self {
            Self::MembersOrShared | Self::ThroughClient => {
                viewer.is_crm_admin || record.is_member || record.access != Access::Private
            }
        }
    }

    /// Whether the viewer may change a record of this standing.
    pub fn can_edit(self, viewer: Viewer, record: Standing) -> bool {
        match self {
            Self::MembersOrShared | Self::ThroughClient => {
                viewer.is_crm_admin || record.is_member || record.access == Access::SharedWrite
            }
        }
    }

    /// Whether the viewer may change who sees a record (its access level and members): CRM
    /// admins and members only, so that whoever may edit a shared record cannot lock its
    /// members out.
    pub fn can_share(self, viewer: Viewer, record: Standing) -> bool {
        match self {
            Self::MembersOrShared | Self::ThroughClient => viewer.is_crm_admin || record.is_member,
        }
    }
}

/// What the task rule needs to know of one task and the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskStanding {
    /// The viewer is responsible for it.
    pub is_responsible: bool,
    /// The viewer created it.
    pub is_creator: bool,
    /// Whether the viewer may see the record it is about (`None`: about no record).
    pub about_visible: Option<bool>,
}

/// Who may see a task: CRM admins, its responsible user and its creator always; everyone
/// else when it is about no record or about a record they may see.
pub fn can_view_task(viewer: Viewer, task: TaskStanding) -> bool {
    viewer.is_crm_admin
        || task.is_responsible
        || task.is_creator
        || task.about_visible.unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(admin: bool) -> Viewer {
        Viewer {
            user_id: UserId(1),
            is_crm_admin: admin,
        }
    }

    fn standing(access: Access, is_member: bool) -> Standing {
        Standing { access, is_member }
    }

    #[test]
    fn private_records_are_seen_by_members_and_admins_only() {
        let rule = RecordKind::Contact.rule();
        assert!(!rule.can_view(viewer(false), standing(Access::Private, false)));
        assert!(rule.can_view(viewer(false), standing(Access::Private, true)));
        assert!(rule.can_view(viewer(true), standing(Access::Private, false)));
        assert!(rule.can_view(viewer(false), standing(Access::SharedRead, false)));
    }

    #[test]
    fn shared_read_records_are_changed_by_members_and_admins_only() {
        let rule = RecordKind::Contact.rule();
        assert!(!rule.can_edit(viewer(false), standing(Access::SharedRead, false)));
        assert!(rule.can_edit(viewer(false), standing(Access::SharedWrite, false)));
        assert!(rule.can_edit(viewer(false), standing(Access::SharedRead, true)));
        assert!(!rule.can_share(viewer(false), standing(Access::SharedWrite, false)));
        assert!(rule.can_share(viewer(false), standing(Access::Private, true)));
        assert!(rule.can_share(viewer(true), standing(Access::SharedWrite, false)));
    }

    #[test]
    fn an_invoice_is_seen_through_its_client_and_changed_by_its_creator() {
        let rule = RecordKind::Invoice.rule();
        let seen = Standing::through_client(false, true);
        assert!(rule.can_view(viewer(false), seen));
        assert!(!rule.can_edit(viewer(false), seen));
        let hidden = Standing::through_client(false, false);
        assert!(!rule.can_view(viewer(false), hidden));
        assert!(rule.can_edit(viewer(true), hidden));
        let mine = Standing::through_client(true, false);
        assert!(rule.can_view(viewer(false), mine) && rule.can_edit(viewer(false), mine));
    }

    #[test]
    fn a_task_about_a_hidden_record_is_seen_by_its_people_only() {
        let hidden = TaskStanding {
            is_responsible: false,
            is_creator: false,
            about_visible: Some(false),
        };
        assert!(!can_view_task(viewer(false), hidden));
        assert!(can_view_task(viewer(true), hidden));
        assert!(can_view_task(
            viewer(false),
            TaskStanding {
                is_creator: true,
                ..hidden
            }
        ));
        assert!(can_view_task(
            viewer(false),
            TaskStanding {
                about_visible: None,
                ..hidden
            }
        ));
    }

    #[test]
    fn kinds_and_levels_read_back_from_their_stored_names() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::from_stored(k.as_str()), Some(k));
        }
        for a in Access::ALL {
            assert_eq!(Access::from_stored(a.as_str()), Some(a));
        }
        assert_eq!(
            RecordKind::parse("kind", "invoices").unwrap_err().fields()[0].field,
            "kind"
        );
    }
}
