//! Every stage a deal entered, when and by whom: what the funnel and forecast reports read.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::{insert_in_batches, DbConnection};
use crate::error::StoreResult;
use crate::schema::deal_stage_changes;

use super::pipelines::StageRow;

/// A stored stage change.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deal_stage_changes)]
pub struct StageChangeRow {
    pub id: i64,
    pub portal_id: i64,
    pub deal_id: i64,
    pub from_stage_id: Option<i64>,
    pub to_stage_id: Option<i64>,
    pub probability: i32,
    pub changed_by: i64,
    pub changed_at: NaiveDateTime,
}

/// Records that the deals `ids` entered `to` from `from` (`None`: they were created in it),
/// moved by `by`.
pub fn record_many(
    conn: &mut DbConnection,
    portal_id: i64,
    ids: &[i64],
    from: Option<i64>,
    to: &StageRow,
    by: i64,
    at: NaiveDateTime,
) -> StoreResult<()> {
    let rows: Vec<_> = ids
        .iter()
        .map(|deal| {
            (
                deal_stage_changes::portal_id.eq(portal_id),
                deal_stage_changes::deal_id.eq(*deal),
                deal_stage_changes::from_stage_id.eq(from),
                deal_stage_changes::to_stage_id.eq(Some(to.id)),
                deal_stage_changes::probability.eq(to.probability),
                deal_stage_changes::changed_by.eq(by),
                deal_stage_changes::changed_at.eq(at),
            )
        })
        .collect();
    insert_in_batches!(conn, deal_stage_changes::table, rows);
    Ok(())
}

/// Records one deal's stage change.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut DbConnection,
    portal_id: i64,
    deal_id: i64,
    from: Option<i64>,
    to: i64,
    probability: i32,
    by: i64,
    at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(deal_stage_changes::table)
        .values((
            deal_stage_changes::portal_id.eq(portal_id),
            deal_stage_changes::deal_id.eq(deal_id),
            deal_stage_changes::from_stage_id.eq(from),
            deal_stage_changes::to_stage_id.eq(Some(to)),
            deal_stage_changes::probability.eq(probability),
            deal_stage_changes::changed_by.eq(by),
            deal_stage_changes::changed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// A deal's stage changes, oldest first.
pub fn of(
    conn: &mut DbConnection,
    portal_id: i64,
    deal_id: i64,
) -> StoreResult<Vec<StageChangeRow>> {
    Ok(deal_stage_changes::table
        .filter(deal_stage_changes::portal_id.eq(portal_id))
        .filter(deal_stage_changes::deal_id.eq(deal_id))
        .order((deal_stage_changes::changed_at, deal_stage_changes::id))
        .select(StageChangeRow::as_select())
        .load(conn)?)
}
