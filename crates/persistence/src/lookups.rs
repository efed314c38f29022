//! The names a portal's records refer to by id (users, list items, tags, stages), read once
//! for work that shows many records, such as an export.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{deal_stages, list_items, pipelines, tags, users};

/// Names by id.
#[derive(Debug, Default)]
pub struct Lookups {
    /// Users' names.
    pub users: HashMap<i64, String>,
    /// Titles of list items (contact types, temperatures, task categories …).
    pub list_items: HashMap<i64, String>,
    /// Tag names.
    pub tags: HashMap<i64, String>,
    /// Per deal stage, its pipeline's name and its own.
    pub stages: HashMap<i64, (String, String)>,
}

/// Every name of the portal that its records may refer to. None of them is private: users,
/// lists, tags and pipelines are shown to every user of the portal.
pub fn load(conn: &mut DbConnection, portal_id: i64) -> StoreResult<Lookups> {
    let users: Vec<(i64, String)> = users::table
        .filter(users::portal_id.eq(portal_id))
        .select((users::id, users::name))
        .load(conn)?;
    let items: Vec<(i64, String)> = list_items::table
        .filter(list_items::portal_id.eq(portal_id))
        .select((list_items::id, list_items::title))
        .load(conn)?;
    let tags: Vec<(i64, String)> = tags::table
        .filter(tags::portal_id.eq(portal_id))
        .select((tags::id, tags::name))
        .load(conn)?;
    let stages: Vec<(i64, String, String)> = deal_stages::table
        .inner_join(pipelines::table)
        .filter(deal_stages::portal_id.eq(portal_id))
        .select((deal_stages::id, pipelines::name, deal_stages::name))
        .load(conn)?;
    Ok(Lookups {
        users: users.into_iter().collect(),
        list_items: items.into_iter().collect(),
        tags: tags.into_iter().collect(),
        stages: stages
            .into_iter()
            .map(|(id, pipeline, stage)| (id, (pipeline, stage)))
            .collect(),
    })
}
