//! History of records: `GET/POST /contacts/{id}/history`, `PATCH/DELETE /history/{id}`.
//! Whoever sees a record reads and adds to its history; the author and CRM admins change
//! or delete an entry.

use std::collections::HashMap;

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use crm_api_types::{
    CreateHistoryEntryRequest, HistoryEntryResponse, HistoryQueryParams, Page, Problem,
    UpdateHistoryEntryRequest,
};
use crm_domain::{ApiScope, BoundedText, FieldError, Validator};
use crm_domain::{RecordKind, RecordRef, Viewer};
use crm_persistence::history::{self, EntryChanges, HistoryEntry, HistoryFilter, NewEntry};
use crm_persistence::{contacts, records};
use crm_persistence::{list_items, DbConnection, PageRequest, SortDirection, SortKey, StoreError};
use utoipa_actix_web::service_config::ServiceConfig;

use super::files;
use crate::app::keep_if_changed;
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::views::utc;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// The history routes of one record kind, `GET` and `POST` on `$path` (with `{id}` the
/// record): two handlers that pass the record on to [`list_history`] and [`add_history`].
macro_rules! record_history_routes {
    ($kind:expr, $path:literal, $id_doc:literal, $list_doc:literal, $add_doc:literal, $list:ident, $add:ident) => {
        #[doc = $list_doc]
        #[utoipa::path(tag = "history", summary = $list_doc, params(("id" = i64, Path, description = $id_doc), HistoryQueryParams), responses(
            (status = 200, body = Page<HistoryEntryResponse>),
            (status = 404, body = Problem, content_type = "application/problem+json"),
        ))]
        #[get($path)]
        pub async fn $list(
            state: web::Data<AppState>,
            user: CrmUser,
            id: web::Path<i64>,
            query: Query<HistoryQueryParams>,
        ) -> ApiResult<HttpResponse> {
            let record = RecordRef { kind: $kind, id: id.into_inner() };
            list_history(state, user, record, query).await
        }

        #[doc = $add_doc]
        #[utoipa::path(tag = "history", summary = $add_doc, params(("id" = i64, Path, description = $id_doc)), request_body = CreateHistoryEntryRequest, responses(
            (status = 201, body = HistoryEntryResponse),
            (status = 404, body = Problem, content_type = "application/problem+json"),
        ))]
        #[post($path)]
        pub async fn $add(
            state: web::Data<AppState>,
            user: CrmUser,
            id: web::Path<i64>,
            body: Json<CreateHistoryEntryRequest>,
        ) -> ApiResult<HttpResponse> {
            let record = RecordRef { kind: $kind, id: id.into_inner() };
            add_history(state, user, record, body).await
        }
    };
}

record_history_routes!(
    RecordKind::Contact,
    "/contacts/{id}/history",
    "Contact id",
    "A contact's history, newest first.",
    "Adds an entry to a contact's history, with files uploaded before.",
    list_contact_history,
    add_contact_history
);

record_history_routes!(
    RecordKind::Deal,
    "/deals/{id}/history",
    "Deal id",
    "A deal's history, newest first.",
    "Adds an entry to a deal's history, with files uploaded before.",
    list_deal_history,
    add_deal_history
);

record_history_routes!(
    RecordKind::Case,
    "/cases/{id}/history",
    "Case id",
    "A case's history, newest first.",
    "Adds an entry to a case's history, with files uploaded before.",
    list_case_history,
    add_case_history
);

record_history_routes!(
    RecordKind::Project,
    "/projects/{id}/history",
    "Project id",
    "A project's history, newest first.",
    "Adds an entry to a project's history, with files uploaded before.",
    list_project_history,
    add_project_history
);

record_history_routes!(
    RecordKind::Invoice,
    "/invoices/{id}/history",
    "Invoice id",
    "An invoice's history, newest first: its status moves and notes.",
    "Adds an entry to an invoice's history, with files uploaded before.",
    list_invoice_history,
    add_invoice_history
);

/// Mounts the history routes: one pair per record kind, and the entries themselves.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_contact_history)
        .service(add_contact_history)
        .service(list_deal_history)
        .service(add_deal_history)
        .service(list_case_history)
        .service(add_case_history)
        .service(list_project_history)
        .service(add_project_history)
        .service(list_invoice_history)
        .service(add_invoice_history)
        .service(update_entry)
        .service(delete_entry);
}

/// Longest entry text.
const MAX_CONTENT: usize = 65_000;
/// Most files on one entry.
const MAX_FILES: usize = 100;

fn view(e: HistoryEntry, viewer: Viewer) -> HistoryEntryResponse {
    HistoryEntryResponse {
        can_edit: viewer.is_crm_admin || e.entry.author_id == viewer.user_id.get(),
        id: e.entry.id,
        record_kind: super::records::wire_kind(e.entry.record_kind.0),
        record_id: e.entry.record_id,
        record_name: None,
        category_id: e.entry.category_id,
        content: e.entry.content,
        event: e.entry.event,
        task_id: e.entry.task_id,
        author_id: e.entry.author_id,
        happened_at: utc(e.entry.happened_at),
        files: e.files.iter().map(files::view).collect(),
        created_at: utc(e.entry.created_at),
        updated_at: utc(e.entry.updated_at),
        version: e.entry.version,
    }
}

fn check_category(
    conn: &mut DbConnection,
    portal_id: i64,
    id: Option<i64>,
) -> Result<(), ApiError> {
    match id {
        Some(c) if !list_items::exists(conn, portal_id, "history_categories", c)? => Err(
            ApiError::field("category_id", "not_found", "is not a history category"),
        ),
        _ => Ok(()),
    }
}

fn files_error(e: StoreError) -> ApiError {
    match e {
        StoreError::MissingReference(f) => ApiError::field(
            f,
            "not_found",
            "must be files you uploaded that no entry carries yet",
        ),
        other => other.into(),
    }
}

/// A record's history, newest first.
async fn list_history(
    state: web::Data<AppState>,
    user: CrmUser,
    record: RecordRef,
    query: Query<HistoryQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let with_people = q.include_people == Some(true);
    let filter = HistoryFilter {
        category_id: q.category_id,
        author_id: q.author_id,
        with_files: q.with_files == Some(true),
    };
    // Each selection is a list of its own: a cursor of one does not page another.
    let list = format!(
        "{}/{}/history{}{}",
        record.kind.as_str(),
        record.id,
        if with_people { "+people" } else { "" },
        if filter.with_files { "+files" } else { "" },
    );
    let after = pagination::decode_cursor(q.cursor.as_deref(), &list, "-happened_at")?;
    let viewer = user.0.viewer();
    let portal_id = user.0.portal_id();
    let (page, names) = db::run(&state.pool, move |conn| {
        if !records::is_visible(conn, portal_id, viewer, record)? {
            return Err(ApiError::NotFound);
        }
        let mut ids = vec![record.id];
        if with_people && record.kind == RecordKind::Contact {
            ids.extend(contacts::visible_people_of(
                conn, portal_id, viewer, record.id,
            )?);
        }
        let sort = SortKey {
            field: (),
            direction: SortDirection::Desc,
        };
        let page = history::list(
            conn,
            portal_id,
            record.kind,
            &ids,
            &filter,
            &PageRequest { sort, after, limit },
        )?;
        let names = if ids.len() > 1 {
            let shown: Vec<i64> = page.rows.iter().map(|e| e.entry.record_id).collect();
            crm_persistence::records::visible_names(
                conn,
                portal_id,
                viewer,
                crm_domain::RecordKind::Contact,
                &shown,
            )?
        } else {
            HashMap::new()
        };
        Ok((page, names))
    })
    .await?;
    Ok(
        HttpResponse::Ok().json(pagination::page(page, &list, "-happened_at", |e| {
            let name = names.get(&e.entry.record_id).cloned();
            HistoryEntryResponse {
                record_name: name,
                ..view(e, viewer)
            }
        })),
    )
}

fn content(v: &mut Validator, text: &str) -> Option<String> {
    v.check(BoundedText::<MAX_CONTENT>::parse("content", text))
        .map(BoundedText::into_inner)
}

fn happened(t: Option<DateTime<Utc>>) -> chrono::NaiveDateTime {
    t.map_or_else(now, |t| t.naive_utc())
}

/// Dates outside 1900–9999 are typing slips, and PostgreSQL refuses far ones.
fn check_date(v: &mut Validator, t: Option<DateTime<Utc>>) {
    if t.is_some_and(|t| !(1900..=9999).contains(&chrono::Datelike::year(&t))) {
        v.push(FieldError::new(
            "happened_at",
            "out_of_range",
            "must be between the years 1900 and 9999",
        ));
    }
}

/// Adds an entry to a record's history, with files uploaded before.
async fn add_history(
    state: web::Data<AppState>,
    user: CrmUser,
    record: RecordRef,
    body: Json<CreateHistoryEntryRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let b = body.into_inner();
    crate::extract::check_ids("file_ids", b.file_ids.as_deref(), MAX_FILES)?;
    let mut v = Validator::new();
    let text = content(&mut v, &b.content);
    check_date(&mut v, b.happened_at);
    v.finish()?;
    let viewer = user.0.viewer();
    let portal_id = user.0.portal_id();
    let new = NewEntry {
        portal_id,
        record_kind: record.kind,
        record_id: record.id,
        category_id: b.category_id,
        content: text.unwrap_or_default(),
        author_id: viewer.user_id.get(),
        happened_at: happened(b.happened_at),
        now: now(),
        event: None,
        task_id: None,
    };
    let file_ids = b.file_ids.unwrap_or_default();
    let entry = db::write(&state.pool, move |conn| {
        if !records::is_visible(conn, portal_id, viewer, record)? {
            return Err(ApiError::NotFound);
        }
        check_category(conn, portal_id, new.category_id)?;
        let entry = history::create(conn, &new, &file_ids).map_err(files_error)?;
        crm_persistence::records::touch_activity(conn, portal_id, record, new.now)?;
        Ok(entry)
    })
    .await?;
    let body = view(entry, viewer);
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Loads an entry the viewer may change: its record must be visible, and they must be its
/// author or a CRM admin.
fn editable(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> Result<HistoryEntry, ApiError> {
    let entry = history::find(conn, portal_id, id)?;
    let record = RecordRef {
        kind: entry.entry.record_kind.0,
        id: entry.entry.record_id,
    };
    if !records::is_visible(conn, portal_id, viewer, record)? {
        return Err(ApiError::NotFound);
    }
    if !(viewer.is_crm_admin || entry.entry.author_id == viewer.user_id.get()) {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only the author or a CRM admin may change this entry.",
        ));
    }
    Ok(entry)
}

/// Changes an entry (its author or a CRM admin).
#[utoipa::path(tag = "history", params(("id" = i64, Path, description = "Entry id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = UpdateHistoryEntryRequest, responses((status = 200, body = HistoryEntryResponse)))]
#[patch("/history/{id}")]
pub async fn update_entry(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<UpdateHistoryEntryRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let b = body.into_inner();
    let mut v = Validator::new();
    let mut changes = EntryChanges {
        category_id: b.category_id.map(|c| (c != 0).then_some(c)),
        happened_at: b.happened_at.map(|t| t.naive_utc()),
        ..EntryChanges::default()
    };
    if let Some(text) = &b.content {
        changes.content = content(&mut v, text);
    }
    check_date(&mut v, b.happened_at);
    v.finish()?;
    crate::extract::check_ids("file_ids", b.file_ids.as_deref(), MAX_FILES)?;
    let viewer = user.0.viewer();
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let header_version = precondition(&req, b.version)?;
    let file_ids = b.file_ids;
    let by = user.0.user_id();
    let (body, removed) = db::write(&state.pool, move |conn| {
        let current = editable(conn, portal_id, viewer, id)?;
        check_category(conn, portal_id, changes.category_id.flatten())?;
        let expected = header_version.resolve(current.entry.version);
        let mut removed = Vec::new();
        let (body, changed) = keep_if_changed(
            conn,
            |conn| Ok(view(history::find(conn, portal_id, id)?, viewer)),
            |conn| {
                let (_, keys) = history::update(
                    conn,
                    portal_id,
                    id,
                    expected,
                    &changes,
                    file_ids.as_deref(),
                    by,
                    now(),
                )
                .map_err(files_error)?;
                removed = keys;
                Ok(())
            },
        )?;
        Ok((body, if changed { removed } else { Vec::new() }))
    })
    .await?;
    crate::storage::remove_all(state.files.as_ref(), removed).await;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Deletes an entry and its files (its author or a CRM admin).
#[utoipa::path(tag = "history", params(("id" = i64, Path, description = "Entry id")), responses((status = 204, description = "Deleted")))]
#[delete("/history/{id}")]
pub async fn delete_entry(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let viewer = user.0.viewer();
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let removed = db::write(&state.pool, move |conn| {
        editable(conn, portal_id, viewer, id)?;
        Ok(history::delete(conn, portal_id, id)?)
    })
    .await?;
    crate::storage::remove_all(state.files.as_ref(), removed).await;
    Ok(HttpResponse::NoContent().finish())
}
