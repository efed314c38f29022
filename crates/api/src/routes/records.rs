//! What the routes of every record kind share: the wire forms of the domain's enumerations.

use crm_domain::RecordKind;

/// The wire form of a record kind.
pub fn wire_kind(kind: RecordKind) -> crm_api_types::RecordKind {
    match kind {
        RecordKind::Contact => crm_api_types::RecordKind::Contact,
        RecordKind::Deal => crm_api_types::RecordKind::Deal,
        RecordKind::Case => crm_api_types::RecordKind::Case,
        RecordKind::Project => crm_api_types::RecordKind::Project,
        RecordKind::Invoice => crm_api_types::RecordKind::Invoice,
    }
}

/// Tag names of any record kind: trimmed, 1–50 characters, no repeats (case-insensitive), at most 50.
pub fn tag_names(v: &mut crm_domain::Validator, names: &[String]) -> Option<Vec<String>> {
    if names.len() > crm_domain::contact::MAX_TAGS {
        v.push(crm_domain::FieldError::new(
            "tags",
            "too_many",
            "at most 50 tags",
        ));
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(t) = v.check(crm_domain::BoundedText::<50>::parse(
            &format!("tags[{i}]"),
            n,
        )) {
            if !out
                .iter()
                .any(|o| o.to_lowercase() == t.as_ref().to_lowercase())
            {
                out.push(t.into_inner());
            }
        }
    }
    Some(out)
}

/// The wire form of a stored custom value: an option id, a boolean, or the text (numbers and
/// dates as written).
pub fn wire_custom_value(
    v: crm_persistence::custom_fields::ValueRow,
) -> crm_api_types::CustomValue {
    crm_api_types::CustomValue {
        field_id: v.field_id,
        value: match (v.value_option, v.value_bool, v.value_text) {
            (Some(o), _, _) => serde_json::json!(o),
            (_, Some(b), _) => serde_json::json!(b),
            (_, _, Some(text)) => serde_json::json!(text),
            _ => serde_json::Value::Null,
        },
    }
}

/// A day sent as `YYYY-MM-DD` (an empty string clears it: `Some(None)`); a bad one is recorded
/// in `v` under `field`.
pub fn optional_day(
    v: &mut crm_domain::Validator,
    field: &str,
    text: Option<&str>,
) -> Option<Option<chrono::NaiveDate>> {
    match text.map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(text) => match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => Some(Some(d)),
            Err(_) => {
                v.push(crm_domain::FieldError::new(
                    field,
                    "invalid_value",
                    "must be a date YYYY-MM-DD",
                ));
                None
            }
        },
    }
}

/// The wire form of a project's status.
pub fn wire_project_status(s: crm_domain::project::ProjectStatus) -> crm_api_types::ProjectStatus {
    use crm_domain::project::ProjectStatus as S;
    match s {
        S::Open => crm_api_types::ProjectStatus::Open,
        S::Paused => crm_api_types::ProjectStatus::Paused,
        S::Closed => crm_api_types::ProjectStatus::Closed,
    }
}

/// The domain form of a project's status.
pub fn project_status(s: crm_api_types::ProjectStatus) -> crm_domain::project::ProjectStatus {
    use crm_api_types::ProjectStatus as S;
    match s {
        S::Open => crm_domain::project::ProjectStatus::Open,
        S::Paused => crm_domain::project::ProjectStatus::Paused,
        S::Closed => crm_domain::project::ProjectStatus::Closed,
    }
}

/// The wire form of a stage's status.
pub fn wire_stage_status(s: crm_domain::deal::StageStatus) -> crm_api_types::StageStatus {
    use crm_domain::deal::StageStatus as S;
    match s {
        S::Open => crm_api_types::StageStatus::Open,
        S::Won => crm_api_types::StageStatus::Won,
        S::Lost => crm_api_types::StageStatus::Lost,
    }
}

/// The wire form of a budget type.
pub fn wire_bid_type(t: crm_domain::deal::BidType) -> crm_api_types::BidType {
    use crm_domain::deal::BidType as B;
    match t {
        B::Fixed => crm_api_types::BidType::Fixed,
        B::PerHour => crm_api_types::BidType::PerHour,
        B::PerDay => crm_api_types::BidType::PerDay,
        B::PerWeek => crm_api_types::BidType::PerWeek,
        B::PerMonth => crm_api_types::BidType::PerMonth,
        B::PerYear => crm_api_types::BidType::PerYear,
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

/// The typed filter of a list's custom field and value, if it has one.
pub fn typed_custom(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    kind: RecordKind,
    custom: Option<&(i64, String)>,
) -> Result<Option<(i64, crm_persistence::custom_fields::CustomFilter)>, crate::error::ApiError> {
    custom
        .map(|(field, value)| Ok((*field, custom_filter(conn, portal_id, kind, *field, value)?)))
        .transpose()
}

/// How a list's `custom_value` is matched, by the type of `custom_field`, a field of the
/// records of `kind` (refused otherwise).
pub fn custom_filter(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    kind: RecordKind,
    field_id: i64,
    value: &str,
) -> Result<crm_persistence::custom_fields::CustomFilter, crate::error::ApiError> {
    use crm_domain::custom_fields::{parse_value, CustomValue, FieldType, RawValue};
    use crm_persistence::custom_fields::CustomFilter;
    let field = crm_persistence::custom_fields::find(conn, portal_id, field_id)
        .ok()
        .filter(|f| f.record_kind.0.record_kind() == kind)
        .ok_or_else(|| {
            crate::error::ApiError::field(
                "custom_field",
                "not_found",
                "is not a custom field of this kind of record",
            )
        })?;
    let ty = FieldType::parse("custom_field", &field.field_type)?;
    if matches!(ty, FieldType::Text | FieldType::TextArea) {
        return Ok(CustomFilter::Contains(value.trim().to_lowercase()));
    }
    let raw = match ty {
        FieldType::Checkbox => RawValue::Bool(value.trim() == "true"),
        FieldType::Select | FieldType::Number => RawValue::Num(value.trim().to_owned()),
        _ => RawValue::Str(value),
    };
    let options: Vec<i64> = crate::app::records::options(&field)
        .iter()
        .map(|o| o.id)
        .collect();
    Ok(match parse_value("custom_value", ty, &raw, &options)? {
        CustomValue::Option(o) => CustomFilter::Option(o),
        CustomValue::Bool(b) => CustomFilter::Bool(b),
        CustomValue::Number { scaled, .. } => CustomFilter::Number(scaled),
        CustomValue::Date(d) => CustomFilter::Text(d.format("%Y-%m-%d").to_string()),
        CustomValue::Text(t) => CustomFilter::Contains(t.to_lowercase()),
    })
}

/// A list's `custom_field` and `custom_value`, which come together or not at all.
pub fn custom_pair(
    field: Option<i64>,
    value: Option<String>,
) -> Result<Option<(i64, String)>, crate::error::ApiError> {
    match (field, value) {
        (None, None) => Ok(None),
        (Some(field), Some(value)) => Ok(Some((field, value))),
        (Some(_), None) => Err(crate::error::ApiError::field(
            "custom_value",
            "required",
            "needed with custom_field",
        )),
        (None, Some(_)) => Err(crate::error::ApiError::field(
            "custom_field",
            "required",
            "needed with custom_value",
        )),
    }
}

/// Those of the contacts the records of a page involve that the viewer may see (one
/// statement for the whole page), to leave the others out of each record.
pub fn seen_contacts<'a>(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    viewer: crm_domain::Viewer,
    ids: impl Iterator<Item = &'a Vec<i64>>,
) -> Result<Vec<i64>, crate::error::ApiError> {
    let all: Vec<i64> = ids.flatten().copied().collect();
    Ok(crm_persistence::records::visible_ids(
        conn,
        portal_id,
        viewer,
        RecordKind::Contact,
        &all,
    )?)
}

/// `ids` without those not in `seen`.
pub fn only_seen(ids: &[i64], seen: &[i64]) -> Vec<i64> {
    ids.iter().copied().filter(|id| seen.contains(id)).collect()
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
        use crm_domain::deal::{BidType, StageStatus};
        assert_eq!(
            wire::StageStatus::NAMES,
            StageStatus::ALL.map(StageStatus::as_str)
        );
        assert_eq!(wire::BidType::NAMES, BidType::ALL.map(BidType::as_str));
        for s in StageStatus::ALL {
            assert_eq!(wire_stage_status(s).as_str(), s.as_str());
        }
        for t in BidType::ALL {
            assert_eq!(wire_bid_type(t).as_str(), t.as_str());
        }
        use crm_domain::project::ProjectStatus;
        assert_eq!(
            wire::ProjectStatus::NAMES,
            ProjectStatus::ALL.map(ProjectStatus::as_str)
        );
        for s in ProjectStatus::ALL {
            assert_eq!(wire_project_status(s).as_str(), s.as_str());
            assert_eq!(project_status(wire_project_status(s)), s);
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
