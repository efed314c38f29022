//! What the routes of every record kind share: the wire forms of the domain's enumerations.

use crm_domain::RecordKind;

/// The wire form of a record kind.
pub fn wire_kind(kind: RecordKind) -> crm_api_types::RecordKind {
    match kind {
        RecordKind::Contact => crm_api_types::RecordKind::Contact,
    }
}

/// The wire form of a contact's kind.
pub fn wire_contact_kind(kind: crm_domain::contact::ContactKind) -> crm_api_types::ContactKind {
    match kind {
        crm_domain::contact::ContactKind::Person => crm_api_types::ContactKind::Person,
        crm_domain::contact::ContactKind::Company => crm_api_types::ContactKind::Company,
    }
}

/// The wire form of an access level.
pub fn wire_access(access: crm_domain::Access) -> crm_api_types::AccessLevel {
    match access {
        crm_domain::Access::Private => crm_api_types::AccessLevel::Private,
        crm_domain::Access::SharedRead => crm_api_types::AccessLevel::SharedRead,
        crm_domain::Access::SharedWrite => crm_api_types::AccessLevel::SharedWrite,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api_types as wire;
    use crm_domain::contact::{ContactKind, DetailKind};
    use crm_domain::custom_fields::{FieldOwner, FieldType};
    use crm_domain::Access;

    #[test]
    fn the_wire_enums_list_exactly_what_the_domain_accepts() {
        assert_eq!(
            wire::RecordKind::NAMES,
            RecordKind::ALL.map(RecordKind::as_str)
        );
        for kind in RecordKind::ALL {
            assert_eq!(wire_kind(kind).as_str(), kind.as_str());
        }
        assert_eq!(wire::AccessLevel::NAMES, Access::ALL.map(Access::as_str));
        assert_eq!(
            wire::FieldType::NAMES,
            FieldType::ALL.map(FieldType::as_str)
        );
        assert_eq!(
            wire::DetailKind::NAMES,
            DetailKind::ALL.map(DetailKind::as_str)
        );
        assert_eq!(
            wire::CustomFieldKind::NAMES,
            FieldOwner::ALL.map(FieldOwner::as_str)
        );
        let kinds: Vec<&str> = wire::ContactKind::NAMES
            .iter()
            .map(|k| ContactKind::parse("kind", k).map(ContactKind::as_str))
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(kinds, wire::ContactKind::NAMES);
        for kind in ContactKind::ALL {
            assert_eq!(wire_contact_kind(kind).as_str(), kind.as_str());
        }
        for access in Access::ALL {
            assert_eq!(wire_access(access).as_str(), access.as_str());
        }
    }

    #[test]
    fn wire_names_are_what_serde_writes() {
        for level in wire::AccessLevel::ALL {
            assert_eq!(
                serde_json::to_value(level).ok(),
                Some(level.as_str().into())
            );
        }
        for t in wire::FieldType::ALL {
            assert_eq!(serde_json::to_value(t).ok(), Some(t.as_str().into()));
        }
    }
}
