//! A hook that loads what contact pages offer as choices and use to show ids as names:
//! contact types, temperatures, users, contact tags and the custom fields of both kinds.

use std::rc::Rc;

use crm_api_types::{
    CustomFieldListResponse, CustomFieldResponse, ListItemResponse, ListItemsResponse,
    TagListResponse, TagResponse,
};
use futures::future::{join, join4};
use yew::prelude::*;

use super::load::Loaded;
use super::{use_load, PortalUsers};
use crate::services::{api, ApiError};

/// Lists, users and tags for pickers and for naming ids.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContactChoices {
    /// Contact types, in order.
    pub types: Vec<ListItemResponse>,
    /// Temperatures, in order, with their colours.
    pub temperatures: Vec<ListItemResponse>,
    /// Users of the portal (managers, authors); task panels of contact pages share them.
    pub users: PortalUsers,
    /// Contact tags, by name.
    pub tags: Vec<TagResponse>,
    /// Custom fields of persons, then of companies, each kind in its order.
    pub fields: Vec<CustomFieldResponse>,
}

impl ContactChoices {
    /// A contact type by id.
    pub fn contact_type(&self, id: Option<i64>) -> Option<&ListItemResponse> {
        id.and_then(|id| self.types.iter().find(|t| t.id == id))
    }

    /// The custom fields of `kind` (`person` or `company`), in order.
    pub fn fields_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a CustomFieldResponse> {
        self.fields.iter().filter(move |f| f.record_kind == kind)
    }

    /// A temperature by id.
    pub fn temperature(&self, id: Option<i64>) -> Option<&ListItemResponse> {
        id.and_then(|id| self.temperatures.iter().find(|t| t.id == id))
    }
}

/// Loads the items of one CRM list.
pub async fn load_list(list: &str) -> Result<Vec<ListItemResponse>, ApiError> {
    api::get::<ListItemsResponse>(&format!("/settings/lists/{list}"))
        .await
        .map(|answer| answer.items)
}

/// Loads the custom fields of a record kind, in order.
pub async fn load_fields(kind: &str) -> Result<Vec<CustomFieldResponse>, ApiError> {
    api::get::<CustomFieldListResponse>(&format!("/settings/custom-fields?record_kind={kind}"))
        .await
        .map(|answer| answer.items)
}

async fn load_choices() -> Result<Rc<ContactChoices>, ApiError> {
    let ((types, temperatures, users, tags), (people, companies)) = join(
        join4(
            load_list("contact_types"),
            load_list("temperatures"),
            PortalUsers::load(),
            api::get::<TagListResponse>("/tags?kind=contact"),
        ),
        join(load_fields("person"), load_fields("company")),
    )
    .await;
    Ok(Rc::new(ContactChoices {
        types: types?,
        temperatures: temperatures?,
        users: users?,
        // Tags only feed suggestions and a filter; the pages work without them.
        tags: tags.map(|t| t.items).unwrap_or_default(),
        // Without custom fields the pages still work, just without those inputs.
        fields: people
            .unwrap_or_default()
            .into_iter()
            .chain(companies.unwrap_or_default())
            .collect(),
    }))
}

/// Loads the [`ContactChoices`] once per page.
#[hook]
pub fn use_contact_choices() -> Loaded<Rc<ContactChoices>> {
    use_load((), |()| load_choices())
}
