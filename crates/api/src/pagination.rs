//! List conventions: `limit`, opaque `cursor`, `sort` with `-` for descending.
//! A cursor is base64url JSON of the sort it was made for, the last sort value and the last id;
//! it is refused when used with another sort.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::NaiveDateTime;
use crm_api_types::{DEFAULT_LIMIT, MAX_LIMIT};
use crm_persistence::{After, KeyValue, SortDirection, SortKey};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// Checks `limit` (1–200, default 50).
pub fn limit(limit: Option<u32>) -> Result<i64, ApiError> {
    match limit {
        None => Ok(i64::from(DEFAULT_LIMIT)),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(i64::from(n)),
        Some(_) => Err(ApiError::field(
            "limit",
            "out_of_range",
            "must be between 1 and 200",
        )),
    }
}

/// Parses `sort` against the list's allowed fields.
pub fn sort<F: Copy>(
    input: Option<&str>,
    allowed: &[(&str, F)],
    default: F,
) -> Result<SortKey<F>, ApiError> {
    let Some(text) = input.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(SortKey {
            field: default,
            direction: SortDirection::Asc,
        });
    };
    let (direction, name) = match text.strip_prefix('-') {
        Some(rest) => (SortDirection::Desc, rest),
        None => (SortDirection::Asc, text.strip_prefix('+').unwrap_or(text)),
    };
    allowed
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, field)| SortKey {
            field: *field,
            direction,
        })
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
            ApiError::field(
                "sort",
                "invalid_value",
                format!("must be one of {}", names.join(", ")),
            )
        })
}

/// Name of a sort for cursors (`name`, `-created_at`).
pub fn sort_label<F: Copy + PartialEq>(key: &SortKey<F>, allowed: &[(&str, F)]) -> String {
    let name = allowed
        .iter()
        .find(|(_, f)| *f == key.field)
        .map_or("", |(n, _)| *n);
    match key.direction {
        SortDirection::Asc => name.to_owned(),
        SortDirection::Desc => format!("-{name}"),
    }
}

#[derive(Serialize, Deserialize)]
struct CursorBody {
    /// The list, so that a cursor of one list is refused by another.
    l: String,
    s: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    n: Option<i64>,
    i: i64,
}

/// Encodes the position after the last row of a page.
pub fn encode_cursor(list: &str, sort: &str, after: &After) -> String {
    let mut body = CursorBody {
        l: list.to_owned(),
        s: sort.to_owned(),
        t: None,
        d: None,
        n: None,
        i: after.id,
    };
    match &after.value {
        KeyValue::Text(t) => body.t = Some(t.clone()),
        KeyValue::Time(d) => body.d = Some(d.format(TIME_FORMAT).to_string()),
        KeyValue::Int(n) => body.n = Some(*n),
    }
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&body).unwrap_or_default())
}

/// Decodes a cursor made for `list` in the order `sort`; one of another list or order is refused.
pub fn decode_cursor(
    cursor: Option<&str>,
    list: &str,
    sort: &str,
) -> Result<Option<After>, ApiError> {
    let Some(cursor) = cursor.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::field(
            "cursor",
            "invalid_cursor",
            "is not a cursor of this list and sort",
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let body: CursorBody = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if body.l != list || body.s != sort {
        return Err(invalid());
    }
    let value = match (body.t, body.d, body.n) {
        (Some(t), None, None) => KeyValue::Text(t),
        (None, Some(d), None) => {
            KeyValue::Time(NaiveDateTime::parse_from_str(&d, TIME_FORMAT).map_err(|_| invalid())?)
        }
        (None, None, Some(n)) => KeyValue::Int(n),
        _ => return Err(invalid()),
    };
    Ok(Some(After { value, id: body.i }))
}

/// The answer of a list: a page of rows mapped to DTOs, with the cursor of the next page.
pub fn page<R, T>(
    result: crm_persistence::PageResult<R>,
    list: &str,
    sort_label: &str,
    view: impl FnMut(R) -> T,
) -> crm_api_types::Page<T> {
    crm_api_types::Page {
        next_cursor: result
            .next
            .as_ref()
            .map(|a| encode_cursor(list, sort_label, a)),
        total: result.total,
        total_capped: result.total_capped,
        items: result.rows.into_iter().map(view).collect(),
    }
}

/// Lower-cased search text, or `None` when blank; at most 200 characters.
pub fn search_text(q: Option<&str>) -> Result<Option<String>, ApiError> {
    match q.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.chars().count() > 200 => Err(ApiError::field(
            "q",
            "too_long",
            "must be at most 200 characters",
        )),
        Some(s) if s.chars().any(char::is_control) => Err(ApiError::field(
            "q",
            "invalid_value",
            "must not contain control characters",
        )),
        Some(s) => Ok(Some(s.to_lowercase())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum F {
        Name,
        Created,
    }
    const ALLOWED: &[(&str, F)] = &[("name", F::Name), ("created_at", F::Created)];

    #[test]
    fn sort_parses_direction_and_refuses_unknown_fields() {
        let k = sort(Some("-created_at"), ALLOWED, F::Name).unwrap();
        assert_eq!((k.field, k.direction), (F::Created, SortDirection::Desc));
        assert_eq!(sort_label(&k, ALLOWED), "-created_at");
        assert!(sort(Some("password_hash"), ALLOWED, F::Name).is_err());
        assert_eq!(sort(None, ALLOWED, F::Name).unwrap().field, F::Name);
    }

    #[test]
    fn cursor_round_trips_and_is_bound_to_its_sort() {
        let after = After {
            value: KeyValue::Text("иванов".into()),
            id: 42,
        };
        let c = encode_cursor("contacts", "name", &after);
        assert_eq!(
            decode_cursor(Some(&c), "contacts", "name").unwrap(),
            Some(after)
        );
        assert!(decode_cursor(Some(&c), "contacts", "-name").is_err());
        assert!(decode_cursor(Some(&c), "users", "name").is_err());
        assert!(decode_cursor(Some("garbage!"), "contacts", "name").is_err());
    }

    #[test]
    fn time_cursor_keeps_fractions() {
        let t = NaiveDateTime::parse_from_str("2026-11-27T10:11:12.123456", TIME_FORMAT).unwrap();
        let after = After {
            value: KeyValue::Time(t),
            id: 1,
        };
        let c = encode_cursor("tasks", "created_at", &after);
        assert_eq!(
            decode_cursor(Some(&c), "tasks", "created_at").unwrap(),
            Some(after)
        );
    }

    #[test]
    fn limit_is_bounded() {
        assert_eq!(limit(None).unwrap(), 50);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(201)).is_err());
    }
}
