//! The domain's access rules ([`crm_domain::record::AccessRule`], the task rule) written as SQL,
//! once: every query that shows records, tasks or what hangs off them takes its filter from
//! here, and a property test holds the SQL to the domain's answers.

use diesel::backend::Backend;
use diesel::expression::{is_aggregate, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, HasSqlType};

use crm_domain::record::AccessRule;
use crm_domain::{Access, RecordKind, Viewer};

/// A piece of a rule's SQL: text, or a value the statement binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// SQL text.
    Sql(String),
    /// The portal.
    Portal,
    /// The viewer's user id.
    Viewer,
    /// Whether the viewer sees every record (a CRM admin).
    SeesAll,
}

/// The table that holds records of `kind`; its rows have `portal_id`, `id` and what the kind's
/// rule reads.
pub fn table_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Contact => "contacts",
        RecordKind::Deal => "deals",
        RecordKind::Case => "cases",
        RecordKind::Project => "projects",
        RecordKind::Invoice => "invoices",
    }
}

/// Whether the viewer may see the row `alias` of `kind`'s table.
pub fn record_rule(kind: RecordKind, alias: &str) -> Vec<Piece> {
    match kind.rule() {
        AccessRule::MembersOrShared => vec![
            Piece::Sql("(".into()),
            Piece::SeesAll,
            Piece::Sql(format!(
                " OR {alias}.access <> '{private}' OR EXISTS (SELECT 1 FROM record_members vm \
                 WHERE vm.portal_id = ",
                private = Access::Private.as_str()
            )),
            Piece::Portal,
            Piece::Sql(format!(
                " AND vm.record_kind = '{kind}' AND vm.record_id = {alias}.id AND vm.user_id = ",
                kind = kind.as_str()
            )),
            Piece::Viewer,
            Piece::Sql("))".into()),
        ],
        AccessRule::ThroughClient => {
            let mut pieces = vec![
                Piece::Sql("(".into()),
                Piece::SeesAll,
                Piece::Sql(format!(" OR {alias}.created_by = ")),
                Piece::Viewer,
            ];
            for (kind, column, inner) in [
                (RecordKind::Contact, "client_id", "tc"),
                (RecordKind::Deal, "deal_id", "td"),
            ] {
                pieces.push(Piece::Sql(format!(
                    " OR EXISTS (SELECT 1 FROM {table} {inner} WHERE {inner}.portal_id = ",
                    table = table_of(kind)
                )));
                pieces.push(Piece::Portal);
                pieces.push(Piece::Sql(format!(
                    " AND {inner}.id = {alias}.{column} AND "
                )));
                pieces.extend(record_rule(kind, inner));
                pieces.push(Piece::Sql(")".into()));
            }
            pieces.push(Piece::Sql(")".into()));
            pieces
        }
    }
}

/// Whether the viewer may see the record that `kind_column` and `id_column` point at (true when
/// they are NULL): the record's kind, then that kind's rule.
pub fn about_rule(kind_column: &str, id_column: &str) -> Vec<Piece> {
    let mut pieces = vec![Piece::Sql(format!("({kind_column} IS NULL"))];
    for kind in RecordKind::ALL {
        pieces.push(Piece::Sql(format!(
            " OR ({kind_column} = '{name}' AND EXISTS (SELECT 1 FROM {table} r \
             WHERE r.portal_id = ",
            name = kind.as_str(),
            table = table_of(kind),
        )));
        pieces.push(Piece::Portal);
        pieces.push(Piece::Sql(format!(" AND r.id = {id_column} AND ")));
        pieces.extend(record_rule(kind, "r"));
        pieces.push(Piece::Sql("))".into()));
    }
    pieces.push(Piece::Sql(")".into()));
    pieces
}

/// Whether the viewer may see the task row `alias` ([`crm_domain::record::can_view_task`]).
pub fn task_rule(alias: &str) -> Vec<Piece> {
    let mut pieces = vec![
        Piece::Sql("(".into()),
        Piece::SeesAll,
        Piece::Sql(format!(" OR {alias}.responsible_id = ")),
        Piece::Viewer,
        Piece::Sql(format!(" OR {alias}.created_by = ")),
        Piece::Viewer,
        Piece::Sql(" OR ".into()),
    ];
    pieces.extend(about_rule(
        &format!("{alias}.about_kind"),
        &format!("{alias}.about_id"),
    ));
    pieces.push(Piece::Sql(")".into()));
    pieces
}

/// Writes `pieces` as text, with `bind` choosing what stands for each value.
pub fn render(pieces: &[Piece], bind: impl Fn(&Piece) -> String) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Sql(s) => s.clone(),
            other => bind(other),
        })
        .collect()
}

/// A rule as a boolean diesel expression with its values bound, to put in `.filter(..)`.
#[derive(Debug, Clone)]
pub struct RuleFilter {
    pieces: Vec<Piece>,
    portal_id: i64,
    viewer: i64,
    sees_all: bool,
}

impl RuleFilter {
    /// `pieces` for this portal and viewer.
    pub fn new(pieces: Vec<Piece>, portal_id: i64, viewer: Viewer) -> Self {
        Self {
            pieces,
            portal_id,
            viewer: viewer.user_id.get(),
            sees_all: viewer.is_crm_admin,
        }
    }

    /// The filter a query of what the viewer may see needs: none for a viewer who sees
    /// everything, so that the planner is not left a `$n OR …` to reason about.
    pub fn unless_sees_all(pieces: Vec<Piece>, portal_id: i64, viewer: Viewer) -> Option<Self> {
        (!viewer.is_crm_admin).then(|| Self::new(pieces, portal_id, viewer))
    }
}

impl Expression for RuleFilter {
    type SqlType = Bool;
}

impl<QS> AppearsOnTable<QS> for RuleFilter {}

impl<QS> SelectableExpression<QS> for RuleFilter {}

impl ValidGrouping<()> for RuleFilter {
    type IsAggregate = is_aggregate::Never;
}

impl QueryId for RuleFilter {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB> QueryFragment<DB> for RuleFilter
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Bool>,
    i64: ToSql<BigInt, DB>,
    bool: ToSql<Bool, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Sql(s) => out.push_sql(s),
                Piece::Portal => out.push_bind_param::<BigInt, _>(&self.portal_id)?,
                Piece::Viewer => out.push_bind_param::<BigInt, _>(&self.viewer)?,
                Piece::SeesAll => out.push_bind_param::<Bool, _>(&self.sees_all)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_of_a_rule_is_a_bind_not_text() {
        let sql = render(&task_rule("t"), |p| format!("<{p:?}>"));
        assert!(sql.contains("t.responsible_id = <Viewer>"), "{sql}");
        assert!(sql.contains("r.portal_id = <Portal>"), "{sql}");
        assert!(sql.contains("(<SeesAll> OR r.access <> 'private'"), "{sql}");
        assert_eq!(sql.matches('(').count(), sql.matches(')').count());
    }
}
