//! Contacts with everything attached to them, in one statement: the lists come back as JSON
//! arrays built by the database, so loading a contact or a page of them is one round trip
//! rather than one per list.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::LazyLock;

use diesel::backend::Backend;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, HasSqlType, Nullable, Text};
use serde::Deserialize;

use super::{ContactRecord, ContactRow, DetailRow};
use crate::connection::{on_backend, DbConnection};
use crate::custom_fields::ValueRow;
use crate::error::StoreResult;
use crate::records::access::{self, Piece};
use crate::stored::Stored;
use crm_domain::contact::ContactKind;
use crm_domain::{RecordKind, Viewer};

/// The columns of [`ContactRow`], in the order of its fields: the row is read by position.
const CONTACT_COLUMNS: &str = "c.id, c.portal_id, c.kind, c.first_name, c.last_name, \
     c.company_name, c.display_name, c.sort_name, c.search_key, c.job_title, c.notes, c.industry, \
     c.company_id, c.type_id, c.temperature_id, c.currency, c.access, c.created_by, c.updated_by, \
     c.created_at, c.updated_at, c.last_activity_at, c.version, c.photo_file_id";

/// The statement for one dialect. Placeholders: `$1` portal, `$2` the contact (or with
/// `many`, the contacts: a JSON array on SQLite, an array literal on PostgreSQL), `$3` whether
/// the viewer sees every contact, `$4` the viewer. `visible(x)` is the rule of [`super::visible`].
fn statement(postgres: bool, many: bool) -> String {
    // Unordered: an ordered aggregate costs SQLite a sorter for each one, and the lists are
    // short, so they are put in order in [`record`].
    let agg = |expr: &str| {
        if postgres {
            format!("COALESCE(json_agg({expr}), '[]')::text")
        } else {
            format!("json_group_array({expr})")
        }
    };
    let array = if postgres {
        "json_build_array"
    } else {
        "json_array"
    };
    let text = if postgres { "::text" } else { "" };
    // PostgreSQL plans a prepared statement anew for each run while a plan for its values
    // looks cheaper than one for any values; given `$3` as a value, the plan of a viewer who
    // sees everything leaves the managers out and always does. As a subquery, `$3` is no value
    // to plan with: after a few runs PostgreSQL keeps one plan, which skips planning (0.2–0.3
    // ms, several times the cost of running the statement).
    let sees_all = if postgres { "(SELECT $3)" } else { "$3" };
    let visible = |x: &str| {
        access::render(&access::record_rule(RecordKind::Contact, x), |p| match p {
            Piece::Portal => "$1".to_owned(),
            Piece::SeesAll => sees_all.to_owned(),
            Piece::Viewer => "$4".to_owned(),
            Piece::Sql(s) => s.clone(),
        })
    };
    let managers = agg("m.user_id");
    let tags = agg(&format!("{array}(t.name_key, t.name)"));
    let details = agg(&format!(
        "{array}(d.id, d.kind, d.category, d.value, d.normalized, d.network, d.is_primary, \
             d.position, d.street, d.city, d.region, d.postcode, d.country)"
    ));
    let values = agg(&format!(
        "{array}(v.field_id, v.value_text, v.value_key, v.value_number, v.value_bool, \
             v.value_option)"
    ));
    let chosen = match (many, postgres) {
        (false, _) => "c.id = $2",
        (true, false) => "c.id IN (SELECT value FROM json_each($2))",
        (true, true) => "c.id = ANY($2::bigint[])",
    };
    format!(
        "SELECT {columns}, \
         (SELECT {managers} FROM record_members m \
          WHERE m.portal_id = $1 AND m.record_kind = '{kind}' AND m.record_id = c.id) AS managers_json, \
         (SELECT {tags} FROM record_tags ct JOIN tags t ON t.id = ct.tag_id \
          WHERE ct.portal_id = $1 AND ct.record_kind = '{kind}' AND ct.record_id = c.id) AS tags_json, \
         (SELECT {details} FROM contact_details d \
          WHERE d.contact_id = c.id AND d.portal_id = $1) AS details_json, \
         (SELECT {values} FROM custom_values v \
          WHERE v.portal_id = $1 AND v.record_kind = '{kind}' AND v.record_id = c.id) AS values_json, \
         (SELECT {array}(co.id, co.kind, co.display_name){text} FROM contacts co \
          WHERE co.id = c.company_id AND co.portal_id = $1 AND {company_visible}) AS company_json, \
         CASE WHEN c.kind = 'company' THEN (SELECT COUNT(*) FROM contacts p{by_company} \
          WHERE p.portal_id = $1 AND p.company_id = c.id AND {people_visible}) END AS people_count \
         FROM contacts c WHERE c.portal_id = $1 AND {chosen} AND {contact_visible}",
        columns = CONTACT_COLUMNS,
        kind = RecordKind::Contact.as_str(),
        company_visible = visible("co"),
        people_visible = visible("p"),
        // SQLite's statistics count the persons without a company as persons of one company;
        // when few persons have a company it would scan every contact for each company.
        by_company = if postgres {
            ""
        } else {
            " INDEXED BY contacts_portal_company"
        },
        contact_visible = visible("c"),
    )
}

/// What a placeholder of [`statement`] stands for.
#[derive(Debug, Clone, Copy)]
enum Param {
    Portal,
    Contact,
    Ids,
    SeesAll,
    Viewer,
}

/// [`statement`] cut at its placeholders, each of which gets a bind of its own: diesel then
/// writes the placeholders of the dialect, and prepares the statement once per connection.
#[derive(Debug)]
struct Template {
    pieces: Vec<(String, Param)>,
    tail: String,
}

impl Template {
    fn new(postgres: bool, many: bool) -> Self {
        let sql = statement(postgres, many);
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            let param = match (c, chars.peek()) {
                ('$', Some('1')) => Some(Param::Portal),
                ('$', Some('2')) if many => Some(Param::Ids),
                ('$', Some('2')) => Some(Param::Contact),
                ('$', Some('3')) => Some(Param::SeesAll),
                ('$', Some('4')) => Some(Param::Viewer),
                _ => None,
            };
            match param {
                Some(param) => {
                    chars.next();
                    pieces.push((std::mem::take(&mut text), param));
                }
                None => text.push(c),
            }
        }
        Self { pieces, tail: text }
    }
}

/// Which contacts a statement loads: one (`c.id = $2`) or many (a list in `$2`). The kind
/// chooses the SQL, and tells the statements apart in the cache of prepared statements.
trait Kind: 'static {
    fn templates() -> &'static Templates;
}

/// One contact: [`Kind`].
#[derive(Debug, Clone, Copy)]
struct One;
/// Many contacts: [`Kind`].
#[derive(Debug, Clone, Copy)]
struct Many;

impl Kind for One {
    fn templates() -> &'static Templates {
        &ONE
    }
}

impl Kind for Many {
    fn templates() -> &'static Templates {
        &MANY
    }
}

/// The templates of one kind of statement, by dialect.
struct Templates {
    sqlite: LazyLock<Template>,
    postgres: LazyLock<Template>,
}

static ONE: Templates = Templates {
    sqlite: LazyLock::new(|| Template::new(false, false)),
    postgres: LazyLock::new(|| Template::new(true, false)),
};
static MANY: Templates = Templates {
    sqlite: LazyLock::new(|| Template::new(false, true)),
    postgres: LazyLock::new(|| Template::new(true, true)),
};

/// The statement of kind `M` with its parameters.
#[derive(Debug, Clone)]
struct Records<M> {
    postgres: bool,
    portal_id: i64,
    id: i64,
    ids: String,
    sees_all: bool,
    viewer: i64,
    kind: PhantomData<M>,
}

impl<M: Kind> Records<M> {
    fn template(&self) -> &'static Template {
        let templates = M::templates();
        if self.postgres {
            &templates.postgres
        } else {
            &templates.sqlite
        }
    }
}

/// The SQL text depends on `M` and the dialect only, and a connection has one dialect.
impl<M: Kind> QueryId for Records<M> {
    type QueryId = Self;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<M> Query for Records<M> {
    type SqlType = (
        crate::schema::contacts::SqlType,
        Text,
        Text,
        Text,
        Text,
        Nullable<Text>,
        Nullable<BigInt>,
    );
}

impl<M, Conn> RunQueryDsl<Conn> for Records<M> {}

impl<M: Kind, DB> QueryFragment<DB> for Records<M>
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Bool> + HasSqlType<Text>,
    i64: ToSql<BigInt, DB>,
    bool: ToSql<Bool, DB>,
    String: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let template = self.template();
        for (sql, param) in &template.pieces {
            out.push_sql(sql);
            match param {
                Param::Portal => out.push_bind_param::<BigInt, _>(&self.portal_id)?,
                Param::Contact => out.push_bind_param::<BigInt, _>(&self.id)?,
                Param::Ids => out.push_bind_param::<Text, _>(&self.ids)?,
                Param::SeesAll => out.push_bind_param::<Bool, _>(&self.sees_all)?,
                Param::Viewer => out.push_bind_param::<BigInt, _>(&self.viewer)?,
            }
        }
        out.push_sql(&template.tail);
        Ok(())
    }
}

/// A row of [`statement`], read by position.
#[derive(Queryable)]
struct Row {
    contact: ContactRow,
    managers_json: String,
    tags_json: String,
    details_json: String,
    values_json: String,
    company_json: Option<String>,
    people_count: Option<i64>,
}

/// A boolean as JSON gives it: `true`/`false` from PostgreSQL, `1`/`0` from SQLite.
#[derive(Debug, Clone, Copy)]
struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Taken as it comes: an untagged enum would build an error for each `1`/`0` first.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Flag;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a boolean, 1 or 0")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Flag, E> {
                Ok(Flag(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Flag, E> {
                Ok(Flag(i != 0))
            }
            fn visit_u64<E>(self, i: u64) -> Result<Flag, E> {
                Ok(Flag(i != 0))
            }
        }
        d.deserialize_any(Visitor)
    }
}

type DetailJson = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Flag,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

type ValueJson = (
    i64,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<Flag>,
    Option<i64>,
);

fn parse<T: serde::de::DeserializeOwned>(column: &str, json: &str) -> StoreResult<T> {
    serde_json::from_str(json).map_err(|e| {
        crate::StoreError::Other(
            anyhow::Error::new(e).context(format!("decoding {column} of a contact")),
        )
    })
}

/// Runs `query` and turns its rows into records.
fn run<M: Kind>(conn: &mut DbConnection, query: Records<M>) -> StoreResult<Vec<ContactRecord>> {
    let rows: Vec<Row> = on_backend!(conn, |c| query.load(c))?;
    rows.into_iter().map(record).collect()
}

/// The contact if the viewer may see it, with managers, tags, details, company, people count
/// and custom values (`None` otherwise).
pub(super) fn find(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> StoreResult<Option<ContactRecord>> {
    let records = run(
        conn,
        Records::<One> {
            postgres: conn.backend() == crate::Backend::Postgres,
            portal_id,
            id,
            ids: String::new(),
            sees_all: viewer.is_crm_admin,
            viewer: viewer.user_id.get(),
            kind: PhantomData,
        },
    )?;
    Ok(records.into_iter().next())
}

/// Those of the contacts the viewer may see, loaded as [`find`] does, in the order of `ids`.
pub(super) fn load(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    ids: &[i64],
) -> StoreResult<Vec<ContactRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let ids_param = match conn {
        DbConnection::Sqlite(_) => format!("[{list}]"),
        DbConnection::Postgresql(_) => format!("{{{list}}}"),
    };
    let mut by_id: HashMap<i64, ContactRecord> = run(
        conn,
        Records::<Many> {
            postgres: conn.backend() == crate::Backend::Postgres,
            portal_id,
            id: 0,
            ids: ids_param,
            sees_all: viewer.is_crm_admin,
            viewer: viewer.user_id.get(),
            kind: PhantomData,
        },
    )?
    .into_iter()
    .map(|r| (r.contact.id, r))
    .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// A person's company as the statement gives it: `[id, kind, display_name]`.
fn company(json: &str) -> StoreResult<(i64, ContactKind, String)> {
    let (id, kind, name): (i64, String, String) = parse("company", json)?;
    let kind = ContactKind::from_stored(&kind).ok_or_else(|| {
        crate::StoreError::Other(anyhow::anyhow!(
            "unknown contact kind {kind:?} of a company"
        ))
    })?;
    Ok((id, kind, name))
}

fn record(row: Row) -> StoreResult<ContactRecord> {
    let (portal_id, id) = (row.contact.portal_id, row.contact.id);
    let mut managers: Vec<i64> = parse("managers", &row.managers_json)?;
    managers.sort_unstable();
    let mut tags: Vec<(String, String)> = parse("tags", &row.tags_json)?;
    tags.sort_unstable();
    let mut details: Vec<DetailJson> = parse("details", &row.details_json)?;
    details.sort_unstable_by_key(|d| (d.7, d.0));
    let mut values: Vec<ValueJson> = parse("custom values", &row.values_json)?;
    values.sort_unstable_by_key(|v| v.0);
    Ok(ContactRecord {
        manager_ids: managers,
        tags: tags.into_iter().map(|(_, name)| name).collect(),
        details: details
            .into_iter()
            .map(|d| DetailRow {
                id: d.0,
                portal_id,
                contact_id: id,
                kind: d.1,
                category: d.2,
                value: d.3,
                normalized: d.4,
                network: d.5,
                is_primary: d.6 .0,
                position: d.7,
                street: d.8,
                city: d.9,
                region: d.10,
                postcode: d.11,
                country: d.12,
            })
            .collect(),
        company: row.company_json.as_deref().map(company).transpose()?,
        people_count: row.people_count,
        custom_values: values
            .into_iter()
            .map(|v| ValueRow {
                portal_id,
                field_id: v.0,
                record_kind: Stored(RecordKind::Contact),
                record_id: id,
                value_text: v.1,
                value_key: v.2,
                value_number: v.3,
                value_bool: v.4.map(|f| f.0),
                value_option: v.5,
            })
            .collect(),
        contact: row.contact,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_gets_one_bind() {
        for postgres in [false, true] {
            for many in [false, true] {
                let sql = statement(postgres, many);
                let template = Template::new(postgres, many);
                assert_eq!(template.pieces.len(), sql.matches('$').count());
                assert!(template.pieces.iter().all(|(text, _)| !text.contains('$')));
                assert!(!template.tail.contains('$'));
                let ids = template
                    .pieces
                    .iter()
                    .filter(|(_, p)| matches!(p, Param::Ids))
                    .count();
                assert_eq!(ids > 0, many);
            }
        }
    }

    #[test]
    fn a_flag_reads_true_false_one_and_zero() {
        let flags: Vec<Flag> = serde_json::from_str("[true, false, 1, 0]").unwrap();
        let flags: Vec<bool> = flags.into_iter().map(|f| f.0).collect();
        assert_eq!(flags, [true, false, true, false]);
        assert!(serde_json::from_str::<Flag>("\"yes\"").is_err());
    }
}
