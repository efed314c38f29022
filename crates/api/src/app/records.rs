//! What use cases of every record kind share: custom values checked against their fields and
//! stored on a record; the standing of a record for the access rule; members of restricted
//! records and the notice they get; the contacts a record involves, checked.

use crm_api_types::CustomFieldOption;
use crm_domain::custom_fields::FieldOwner;
use crm_domain::record::Standing;
use crm_domain::{Access, FieldError, RecordKind, RecordRef, Validator, Viewer};
use crm_persistence::custom_fields::{FieldRow, ValueRow};
use crm_persistence::DbConnection;

use super::{Actor, Event, Tx};
use crate::error::ApiError;

/// A checked custom value: the field, and its value (`None` clears it).
pub type CheckedValue = (i64, Option<ValueRow>);

/// The options of a select field.
pub fn options(row: &FieldRow) -> Vec<CustomFieldOption> {
    serde_json::from_str(&row.options).unwrap_or_default()
}

/// Checks custom values of a record against the fields of `owner` (a contact's: its
/// person's or company's fields); `None` clears a field. Runs inside the write, where the
/// fields are read. Errors name `custom_fields[i]…`.
pub fn custom_values(
    conn: &mut DbConnection,
    portal_id: i64,
    owner: FieldOwner,
    inputs: &[crm_api_types::CustomValue],
) -> Result<Vec<CheckedValue>, ApiError> {
    use crm_domain::custom_fields::{parse_value, CustomValue as Typed, FieldType, RawValue};
    if inputs.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = inputs.iter().map(|i| i.field_id).collect();
    let fields = crm_persistence::custom_fields::find_many(conn, portal_id, &ids)?;
    let mut v = Validator::new();
    let mut out = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let at = format!("custom_fields[{i}]");
        let Some(field) = fields
            .iter()
            .find(|f| f.id == input.field_id && f.record_kind.0 == owner)
        else {
            v.push(FieldError::new(
                format!("{at}.field_id"),
                "not_found",
                "is not a custom field of this kind of record",
            ));
            continue;
        };
        if out.iter().any(|(f, _)| *f == field.id) {
            v.push(FieldError::new(
                format!("{at}.field_id"),
                "duplicate",
                "names a field twice",
            ));
            continue;
        }
        let Ok(ty) = FieldType::parse("field_type", &field.field_type) else {
            continue;
        };
        let raw = match &input.value {
            serde_json::Value::Null => {
                out.push((field.id, None));
                continue;
            }
            serde_json::Value::String(s) => RawValue::Str(s),
            serde_json::Value::Number(n) => RawValue::Num(n.to_string()),
            serde_json::Value::Bool(b) => RawValue::Bool(*b),
            _ => {
                v.push(FieldError::new(
                    format!("{at}.value"),
                    "invalid_type",
                    "must be a string, number, boolean or null",
                ));
                continue;
            }
        };
        let option_ids: Vec<i64> = options(field).iter().map(|o| o.id).collect();
        let Some(typed) = v.check(parse_value(&format!("{at}.value"), ty, &raw, &option_ids))
        else {
            continue;
        };
        let mut row = ValueRow::empty(portal_id, field.id, owner.record_kind());
        match typed {
            Typed::Text(t) => {
                row.value_key = Some(t.to_lowercase());
                row.value_text = Some(t);
            }
            Typed::Option(o) => row.value_option = Some(o),
            Typed::Bool(b) => row.value_bool = Some(b),
            Typed::Date(d) => row.value_text = Some(d.format("%Y-%m-%d").to_string()),
            Typed::Number { scaled, text } => {
                row.value_number = Some(scaled);
                row.value_text = Some(text);
            }
        }
        out.push((field.id, Some(row)));
    }
    v.finish()?;
    Ok(out)
}

/// Stores checked custom values on a record.
pub fn store_custom_values(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    values: Vec<CheckedValue>,
) -> Result<(), ApiError> {
    let (ids, rows): (Vec<i64>, Vec<Option<_>>) = values
        .into_iter()
        .map(|(f, r)| {
            (
                f,
                r.map(|mut r| {
                    r.record_id = record.id;
                    r
                }),
            )
        })
        .unzip();
    crm_persistence::custom_fields::set_values(conn, portal_id, record, &ids, &rows)?;
    Ok(())
}

/// What the access rule needs of a record with this access level and these members.
pub fn standing(access: Access, member_ids: &[i64], viewer: Viewer) -> Standing {
    Standing {
        access,
        is_member: member_ids.contains(&viewer.user_id.get()),
    }
}

/// `ids` with `always` (whoever restricts a record, its responsible user), each once.
pub fn members_with(ids: &[i64], always: &[i64]) -> Vec<i64> {
    let mut ids = ids.to_vec();
    for user in always {
        if !ids.contains(user) {
            ids.push(*user);
        }
    }
    ids
}

/// The error of a write that linked a contact or user that is not there: the contacts under
/// `contacts_field`, users under `member_ids`.
pub fn links_error(e: crm_persistence::StoreError, contacts_field: &str) -> ApiError {
    match e {
        crm_persistence::StoreError::MissingReference(f) if f == "contact_ids" => ApiError::field(
            contacts_field,
            "not_found",
            "names a contact that does not exist",
        ),
        crm_persistence::StoreError::MissingReference(f) if f == "manager_ids" => ApiError::field(
            "member_ids",
            "not_found",
            "names a user who is not a CRM user",
        ),
        other => other.into(),
    }
}

/// Checks that the actor may see the contacts a record names (errors name `field`).
pub fn check_contacts(
    conn: &mut DbConnection,
    actor: &Actor,
    field: &str,
    ids: &[i64],
) -> Result<(), ApiError> {
    let visible = crm_persistence::records::visible_ids(
        conn,
        actor.portal_id,
        actor.viewer(),
        RecordKind::Contact,
        ids,
    )?;
    if visible.len() != crm_persistence::portals::dedup(ids).len() {
        return Err(ApiError::field(
            field,
            "not_found",
            "names a contact that does not exist",
        ));
    }
    Ok(())
}

/// Tells the users a restricted record was just opened to: its members now that were not
/// members of it restricted `before` (`None`: a new record), except `skip` (told otherwise).
/// Members of a kind whose members are always told (a project's team) are told whenever they
/// join.
pub fn announce_members(
    tx: &mut Tx<'_>,
    actor: &Actor,
    record: RecordRef,
    name: &str,
    before: Option<(Access, &[i64])>,
    after: (Access, &[i64]),
    skip: Option<i64>,
) {
    let always = record.kind.members_always_told();
    if after.0 != Access::Private && !always {
        return;
    }
    let had: &[i64] = match before {
        Some((access, members)) if access == Access::Private || always => members,
        _ => &[],
    };
    let added: Vec<i64> = after
        .1
        .iter()
        .copied()
        .filter(|u| !had.contains(u) && Some(*u) != skip)
        .collect();
    if !added.is_empty() {
        tx.emit(
            actor.portal_id,
            Event::MembersAdded {
                record,
                name: name.to_owned(),
                users: added,
                by: actor.by(),
            },
        );
    }
}

/// Stores the tags (replacing the record's, when given) and the custom values of `owner`'s
/// fields on a record, checked in this write.
pub fn store_tags_and_values(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    owner: FieldOwner,
    tags: Option<&[String]>,
    custom: &[crm_api_types::CustomValue],
    now: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    if let Some(names) = tags {
        crm_persistence::tags::replace_on(conn, portal_id, record, names, now)?;
    }
    let values = custom_values(conn, portal_id, owner, custom)?;
    store_custom_values(conn, portal_id, record, values)
}

/// Refuses (403, `message`) unless the viewer may change a record of `kind` with this access
/// level and these members.
pub fn require_edit(
    kind: RecordKind,
    access: Access,
    member_ids: &[i64],
    viewer: Viewer,
    message: &'static str,
) -> Result<(), ApiError> {
    if kind
        .rule()
        .can_edit(viewer, standing(access, member_ids, viewer))
    {
        Ok(())
    } else {
        Err(ApiError::forbidden("forbidden", message))
    }
}

/// What a bulk action did: the records changed (or already as asked) and those skipped, with
/// why.
#[derive(Debug, Default)]
pub struct BulkOutcome {
    pub done: Vec<i64>,
    pub failed: Vec<(i64, &'static str)>,
}

impl BulkOutcome {
    /// Counts the action on record `id`: done, skipped with the code it gave, or skipped as
    /// `not_found`, `forbidden` or `in_use`; any other error ends the whole action.
    pub fn tally(
        &mut self,
        id: i64,
        done: Result<Option<&'static str>, ApiError>,
    ) -> Result<(), ApiError> {
        match done {
            Ok(None) => self.done.push(id),
            Ok(Some(code)) => self.failed.push((id, code)),
            Err(ApiError::NotFound) => self.failed.push((id, "not_found")),
            Err(ApiError::Forbidden { .. }) => self.failed.push((id, "forbidden")),
            Err(ApiError::Conflict { code: "in_use", .. }) => self.failed.push((id, "in_use")),
            Err(e) => return Err(e),
        }
        Ok(())
    }
}
