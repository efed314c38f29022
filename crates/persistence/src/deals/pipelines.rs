//! Pipelines and their stages (admin lists). A stage in use is deleted only with a stage its
//! deals move to; a pipeline only with a pipeline its deals move to.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crm_domain::deal::{SeedStage, StageStatus};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{deal_stages, deals, pipelines};
use crate::stored::Stored;

/// A stored pipeline.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pipelines)]
pub struct PipelineRow {
    pub id: i64,
    pub portal_id: i64,
    pub name: String,
    pub sort_name: String,
    pub position: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A stored stage.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deal_stages)]
pub struct StageRow {
    pub id: i64,
    pub portal_id: i64,
    pub pipeline_id: i64,
    pub name: String,
    pub sort_name: String,
    pub description: String,
    pub color: String,
    pub probability: i32,
    pub status: Stored<StageStatus>,
    pub position: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A pipeline with its stages in order.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub pipeline: PipelineRow,
    pub stages: Vec<StageRow>,
}

/// What a stage is made of.
#[derive(Debug, Clone, Default, AsChangeset, Insertable)]
#[diesel(table_name = deal_stages)]
pub struct StageChanges {
    pub name: Option<String>,
    pub sort_name: Option<String>,
    pub description: Option<String>,
    pub color: Option<String>,
    pub probability: Option<i32>,
    pub status: Option<Stored<StageStatus>>,
}

fn conflict(e: StoreError) -> StoreError {
    match e {
        StoreError::Conflict(_) => StoreError::Conflict("name".into()),
        other => other,
    }
}

/// Every pipeline of the portal with its stages, in order.
pub fn all(conn: &mut DbConnection, portal_id: i64) -> StoreResult<Vec<Pipeline>> {
    let rows: Vec<PipelineRow> = pipelines::table
        .filter(pipelines::portal_id.eq(portal_id))
        .order((pipelines::position, pipelines::id))
        .select(PipelineRow::as_select())
        .load(conn)?;
    let mut stages: Vec<StageRow> = deal_stages::table
        .filter(deal_stages::portal_id.eq(portal_id))
        .order((deal_stages::position, deal_stages::id))
        .select(StageRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|pipeline| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut stages)
                .into_iter()
                .partition(|s| s.pipeline_id == pipeline.id);
            stages = rest;
            Pipeline {
                pipeline,
                stages: mine,
            }
        })
        .collect())
}

/// A pipeline of the portal with its stages.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<Pipeline> {
    let pipeline: PipelineRow = pipelines::table
        .filter(pipelines::portal_id.eq(portal_id))
        .filter(pipelines::id.eq(id))
        .select(PipelineRow::as_select())
        .first(conn)?;
    let stages = deal_stages::table
        .filter(deal_stages::portal_id.eq(portal_id))
        .filter(deal_stages::pipeline_id.eq(id))
        .order((deal_stages::position, deal_stages::id))
        .select(StageRow::as_select())
        .load(conn)?;
    Ok(Pipeline { pipeline, stages })
}

/// A stage of the portal.
pub fn stage(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<StageRow> {
    Ok(deal_stages::table
        .filter(deal_stages::portal_id.eq(portal_id))
        .filter(deal_stages::id.eq(id))
        .select(StageRow::as_select())
        .first(conn)?)
}

/// The first pipeline of the portal (where deals go when none is named).
pub fn first(conn: &mut DbConnection, portal_id: i64) -> StoreResult<Option<Pipeline>> {
    let id: Option<i64> = pipelines::table
        .filter(pipelines::portal_id.eq(portal_id))
        .order((pipelines::position, pipelines::id))
        .select(pipelines::id)
        .first(conn)
        .optional()?;
    id.map(|id| find(conn, portal_id, id)).transpose()
}

/// Adds a pipeline at the end, with `stages` in order.
pub fn create(
    conn: &mut DbConnection,
    portal_id: i64,
    name: &str,
    stages: &[SeedStage],
    now: NaiveDateTime,
) -> StoreResult<Pipeline> {
    conn.transaction(|conn| {
        let position: Option<i64> = pipelines::table
            .filter(pipelines::portal_id.eq(portal_id))
            .select(diesel::dsl::max(pipelines::position))
            .first(conn)?;
        let id: i64 = diesel::insert_into(pipelines::table)
            .values((
                pipelines::portal_id.eq(portal_id),
                pipelines::name.eq(name),
                pipelines::sort_name.eq(name.to_lowercase()),
                pipelines::position.eq(position.unwrap_or(0) + 1),
                pipelines::created_at.eq(now),
                pipelines::updated_at.eq(now),
                pipelines::version.eq(1),
            ))
            .returning(pipelines::id)
            .get_result(conn)
            .map_err(|e| conflict(e.into()))?;
        for s in stages {
            add_stage(
                conn,
                portal_id,
                id,
                &StageChanges {
                    name: Some(s.name.into()),
                    sort_name: Some(s.name.to_lowercase()),
                    description: Some(String::new()),
                    color: Some(s.color.into()),
                    probability: Some(s.probability),
                    status: Some(Stored(s.status)),
                },
                now,
            )?;
        }
        find(conn, portal_id, id)
    })
}

/// Renames a pipeline made from `expected_version`.
pub fn rename(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    name: &str,
    now: NaiveDateTime,
) -> StoreResult<Pipeline> {
    let n = diesel::update(
        pipelines::table
            .filter(pipelines::portal_id.eq(portal_id))
            .filter(pipelines::id.eq(id))
            .filter(pipelines::version.eq(expected_version)),
    )
    .set((
        pipelines::name.eq(name),
        pipelines::sort_name.eq(name.to_lowercase()),
        pipelines::updated_at.eq(now),
        pipelines::version.eq(pipelines::version + 1),
    ))
    .execute(conn)
    .map_err(|e| conflict(e.into()))?;
    if n == 0 {
        find(conn, portal_id, id)?;
        return Err(StoreError::StaleVersion);
    }
    find(conn, portal_id, id)
}

/// Puts pipelines (or the stages of one, with `stages_of`) in the order of `ids`, which must
/// name each exactly once.
pub fn reorder(
    conn: &mut DbConnection,
    portal_id: i64,
    stages_of: Option<i64>,
    ids: &[i64],
    now: NaiveDateTime,
) -> StoreResult<()> {
    conn.transaction(|conn| {
        let mut current: Vec<i64> = match stages_of {
            None => pipelines::table
                .filter(pipelines::portal_id.eq(portal_id))
                .select(pipelines::id)
                .load(conn)?,
            Some(p) => {
                find(conn, portal_id, p)?;
                deal_stages::table
                    .filter(deal_stages::portal_id.eq(portal_id))
                    .filter(deal_stages::pipeline_id.eq(p))
                    .select(deal_stages::id)
                    .load(conn)?
            }
        };
        let mut wanted = ids.to_vec();
        current.sort_unstable();
        wanted.sort_unstable();
        if current != wanted {
            return Err(StoreError::Invalid("ids".into()));
        }
        for (i, id) in ids.iter().enumerate() {
            let position = i64::try_from(i).unwrap_or(i64::MAX) + 1;
            match stages_of {
                None => diesel::update(pipelines::table.filter(pipelines::id.eq(id)))
                    .set((
                        pipelines::position.eq(position),
                        pipelines::updated_at.eq(now),
                    ))
                    .execute(conn)?,
                Some(_) => diesel::update(deal_stages::table.filter(deal_stages::id.eq(id)))
                    .set((
                        deal_stages::position.eq(position),
                        deal_stages::updated_at.eq(now),
                    ))
                    .execute(conn)?,
            };
        }
        Ok(())
    })
}

/// Deletes a pipeline, moving its deals to `target` first (each into the target's stage at
/// the same place in the order, or its last stage); `None` only for a pipeline without deals.
/// The portal keeps at least one pipeline.
pub fn delete(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    target: Option<i64>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    conn.transaction(|conn| {
        let doomed = find(conn, portal_id, id)?;
        let count: i64 = pipelines::table
            .filter(pipelines::portal_id.eq(portal_id))
            .count()
            .get_result(conn)?;
        if count <= 1 {
            return Err(StoreError::Conflict("last_pipeline".into()));
        }
        let in_use = deals_in_pipeline(conn, portal_id, id)?;
        let mut moved = 0;
        if in_use > 0 {
            let target = match target {
                Some(t) if t != id => find(conn, portal_id, t)
                    .map_err(|_| StoreError::MissingReference("move_to".into()))?,
                _ => return Err(StoreError::Conflict("in_use".into())),
            };
            let Some(last) = target.stages.last() else {
                return Err(StoreError::MissingReference("move_to".into()));
            };
            for (i, from) in doomed.stages.iter().enumerate() {
                let to = target.stages.get(i).unwrap_or(last);
                moved += move_deals(conn, portal_id, from.id, to, by, now)?;
            }
        }
        diesel::delete(pipelines::table.filter(pipelines::id.eq(id))).execute(conn)?;
        Ok(moved)
    })
}

fn deals_in_pipeline(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<i64> {
    Ok(deals::table
        .filter(deals::portal_id.eq(portal_id))
        .filter(deals::pipeline_id.eq(id))
        .count()
        .get_result(conn)?)
}

fn deals_in_stage(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<i64> {
    Ok(deals::table
        .filter(deals::portal_id.eq(portal_id))
        .filter(deals::stage_id.eq(id))
        .count()
        .get_result(conn)?)
}

/// Moves every deal of stage `from` into `to` (another pipeline's, possibly), taking its
/// probability and close date as a stage change does; the moves are in the stage history as
/// made by `by`.
fn move_deals(
    conn: &mut DbConnection,
    portal_id: i64,
    from: i64,
    to: &StageRow,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    let ids: Vec<i64> = deals::table
        .filter(deals::portal_id.eq(portal_id))
        .filter(deals::stage_id.eq(from))
        .select(deals::id)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    super::stage_changes::record_many(conn, portal_id, &ids, Some(from), to, by, now)?;
    let today = now.date();
    let closed = to.status.0.is_closed();
    diesel::update(
        deals::table
            .filter(deals::portal_id.eq(portal_id))
            .filter(deals::id.eq_any(&ids)),
    )
    .set((
        deals::stage_id.eq(to.id),
        deals::pipeline_id.eq(to.pipeline_id),
        deals::probability.eq(to.probability),
        deals::updated_by.eq(by),
        deals::updated_at.eq(now),
        deals::version.eq(deals::version + 1),
    ))
    .execute(conn)?;
    // A close date is set where missing in a closed stage, cleared in an open one.
    let scope = deals::table
        .filter(deals::portal_id.eq(portal_id))
        .filter(deals::id.eq_any(&ids));
    if closed {
        diesel::update(scope.filter(deals::actual_close_on.is_null()))
            .set(deals::actual_close_on.eq(Some(today)))
            .execute(conn)?;
    } else {
        diesel::update(scope)
            .set(deals::actual_close_on.eq(None::<chrono::NaiveDate>))
            .execute(conn)?;
    }
    Ok(i64::try_from(ids.len()).unwrap_or(i64::MAX))
}

/// Adds a stage at the end of a pipeline.
pub fn add_stage(
    conn: &mut DbConnection,
    portal_id: i64,
    pipeline_id: i64,
    stage: &StageChanges,
    now: NaiveDateTime,
) -> StoreResult<StageRow> {
    let position: Option<i64> = deal_stages::table
        .filter(deal_stages::portal_id.eq(portal_id))
        .filter(deal_stages::pipeline_id.eq(pipeline_id))
        .select(diesel::dsl::max(deal_stages::position))
        .first(conn)?;
    let id: i64 = diesel::insert_into(deal_stages::table)
        .values((
            deal_stages::portal_id.eq(portal_id),
            deal_stages::pipeline_id.eq(pipeline_id),
            stage,
            deal_stages::position.eq(position.unwrap_or(0) + 1),
            deal_stages::created_at.eq(now),
            deal_stages::updated_at.eq(now),
            deal_stages::version.eq(1),
        ))
        .returning(deal_stages::id)
        .get_result(conn)
        .map_err(|e| conflict(e.into()))?;
    self::stage(conn, portal_id, id)
}

/// Changes a stage made from `expected_version`. Deals in it keep their probability: a
/// stage's probability is where a deal entering it starts.
pub fn update_stage(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &StageChanges,
    now: NaiveDateTime,
) -> StoreResult<StageRow> {
    let n = diesel::update(
        deal_stages::table
            .filter(deal_stages::portal_id.eq(portal_id))
            .filter(deal_stages::id.eq(id))
            .filter(deal_stages::version.eq(expected_version)),
    )
    .set((
        changes,
        deal_stages::updated_at.eq(now),
        deal_stages::version.eq(deal_stages::version + 1),
    ))
    .execute(conn)
    .map_err(|e| conflict(e.into()))?;
    if n == 0 {
        stage(conn, portal_id, id)?;
        return Err(StoreError::StaleVersion);
    }
    stage(conn, portal_id, id)
}

/// Deletes a stage, moving its deals to `target` (a stage of any pipeline) first; `None`
/// only for a stage without deals. A pipeline keeps at least one stage. Returns how many
/// deals moved.
pub fn delete_stage(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    target: Option<i64>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    conn.transaction(|conn| {
        let doomed = stage(conn, portal_id, id)?;
        let siblings: i64 = deal_stages::table
            .filter(deal_stages::portal_id.eq(portal_id))
            .filter(deal_stages::pipeline_id.eq(doomed.pipeline_id))
            .count()
            .get_result(conn)?;
        if siblings <= 1 {
            return Err(StoreError::Conflict("last_stage".into()));
        }
        let mut moved = 0;
        if deals_in_stage(conn, portal_id, id)? > 0 {
            let to = match target {
                Some(t) if t != id => stage(conn, portal_id, t)
                    .map_err(|_| StoreError::MissingReference("move_to".into()))?,
                _ => return Err(StoreError::Conflict("in_use".into())),
            };
            moved = move_deals(conn, portal_id, id, &to, by, now)?;
        }
        diesel::delete(deal_stages::table.filter(deal_stages::id.eq(id))).execute(conn)?;
        Ok(moved)
    })
}
