//! `/settings/custom-fields`: custom fields of persons and companies. CRM users read them;
//! CRM admins define them. A field's type is frozen once it has values; select options keep
//! their ids when renamed, and an option in use cannot be removed.

use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use crm_api_types::{
    CreateCustomFieldRequest, CustomFieldListResponse, CustomFieldOption, CustomFieldQueryParams,
    CustomFieldResponse, Problem, ReorderCustomFieldsRequest, UpdateCustomFieldRequest,
};
use crm_domain::custom_fields::{FieldOwner, FieldType};
use crm_domain::{ApiScope, BoundedText, FieldError, Validator};
use crm_persistence::custom_fields::{self as store, FieldChanges, FieldRow};
use crm_persistence::{DbConnection, StoreError};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::records::options;
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// Mounts `/settings/custom-fields`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_custom_fields)
        .service(create)
        .service(reorder_custom_fields)
        .service(update)
        .service(remove);
}

/// A field as the API shows it; value counts (one query each) only for CRM admins.
fn view(
    conn: &mut DbConnection,
    row: FieldRow,
    admin: bool,
) -> Result<CustomFieldResponse, ApiError> {
    let value_count = if admin {
        Some(store::value_count(conn, row.id)?)
    } else {
        None
    };
    Ok(CustomFieldResponse {
        options: options(&row),
        id: row.id,
        record_kind: row.record_kind.0.as_str().to_owned(),
        label: row.label,
        field_type: row.field_type,
        position: row.position,
        value_count,
        version: row.version,
    })
}

fn record_kind(input: &str) -> Result<FieldOwner, ApiError> {
    Ok(FieldOwner::parse("record_kind", input)?)
}

fn option_labels(v: &mut Validator, labels: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        if let Some(t) = v.check(BoundedText::<100>::parse(&format!("options[{i}]"), l)) {
            if out
                .iter()
                .any(|o| o.to_lowercase() == t.as_ref().to_lowercase())
            {
                v.push(FieldError::new(
                    format!("options[{i}]"),
                    "duplicate",
                    "repeats another option",
                ));
            }
            out.push(t.into_inner());
        }
    }
    out
}

/// The fields of a kind, in order.
#[utoipa::path(tag = "custom-fields", params(CustomFieldQueryParams), responses((status = 200, body = CustomFieldListResponse)))]
#[get("/settings/custom-fields")]
pub async fn list_custom_fields(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<CustomFieldQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let query = query.into_inner()?;
    let kind = record_kind(&query.record_kind)?;
    let portal_id = user.0.portal_id();
    let admin = user.0.role.is_crm_admin();
    let items = db::run(&state.pool, move |conn| {
        let rows = store::list(conn, portal_id, kind)?;
        rows.into_iter()
            .map(|r| view(conn, r, admin))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(CustomFieldListResponse { items }))
}

/// Adds a field at the end of its kind's list (CRM admins).
#[utoipa::path(tag = "custom-fields", request_body = CreateCustomFieldRequest, responses((status = 201, body = CustomFieldResponse)))]
#[post("/settings/custom-fields")]
pub async fn create(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<CreateCustomFieldRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let b = body.into_inner();
    let kind = record_kind(&b.record_kind)?;
    let mut v = Validator::new();
    let label = v.check(BoundedText::<100>::parse("label", &b.label));
    let ty = v.check(FieldType::parse("field_type", &b.field_type));
    let labels = option_labels(&mut v, b.options.as_deref().unwrap_or_default());
    match ty {
        Some(FieldType::Select) if labels.is_empty() => v.push(FieldError::new(
            "options",
            "required",
            "a list needs options",
        )),
        Some(t) if t != FieldType::Select && !labels.is_empty() => {
            v.push(FieldError::new(
                "options",
                "not_allowed",
                "only select fields have options",
            ));
        }
        _ => {}
    }
    v.finish()?;
    let (Some(label), Some(ty)) = (label, ty) else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "validator passed with a missing value"
        )));
    };
    let opts: Vec<CustomFieldOption> = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| CustomFieldOption {
            id: i64::try_from(i).unwrap_or(0) + 1,
            label,
        })
        .collect();
    let next = i64::try_from(opts.len()).unwrap_or(0) + 1;
    let json = serde_json::to_string(&opts).map_err(|e| ApiError::Internal(e.into()))?;
    let portal_id = user.0.portal_id();
    let field = db::write(&state.pool, move |conn| {
        let row = store::create(
            conn,
            portal_id,
            kind,
            label.as_ref(),
            ty.as_str(),
            &json,
            next,
            now(),
        )?;
        view(conn, row, true)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(field.version)))
        .json(field))
}

/// Renames a field, changes its type (while it has no values) or its options (CRM admins).
#[utoipa::path(tag = "custom-fields", params(("id" = i64, Path, description = "Field id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")), request_body = UpdateCustomFieldRequest,
    responses((status = 200, body = CustomFieldResponse), (status = 409, description = "`type_frozen` or `in_use`", body = Problem, content_type = "application/problem+json")))]
#[patch("/settings/custom-fields/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<UpdateCustomFieldRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let b = body.into_inner();
    let mut v = Validator::new();
    let label = b
        .label
        .as_deref()
        .and_then(|l| v.check(BoundedText::<100>::parse("label", l)));
    let ty = b
        .field_type
        .as_deref()
        .and_then(|t| v.check(FieldType::parse("field_type", t)));
    let labels: Option<Vec<String>> = b.options.as_ref().map(|o| {
        option_labels(
            &mut v,
            &o.iter().map(|i| i.label.clone()).collect::<Vec<_>>(),
        )
    });
    v.finish()?;
    let pre = precondition(&req, b.version)?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let inputs = b.options;
    let field = db::write(&state.pool, move |conn| {
        let current = store::find(conn, portal_id, id)?;
        let expected = pre.resolve(current.version);
        let values = store::value_count(conn, id)?;
        let current_type = FieldType::parse("field_type", &current.field_type)?;
        let new_type = ty.unwrap_or(current_type);
        if new_type != current_type && values > 0 {
            return Err(ApiError::conflict(
                "type_frozen",
                "field_type",
                "the field has values; its type cannot change",
            ));
        }
        let mut changes = FieldChanges {
            label: label.map(BoundedText::into_inner),
            field_type: ty.map(|t| t.as_str().to_owned()),
            ..FieldChanges::default()
        };
        if inputs.is_none() && new_type != current_type {
            if new_type == FieldType::Select && options(&current).is_empty() {
                return Err(ApiError::field(
                    "options",
                    "required",
                    "a list needs options",
                ));
            }
            if current_type == FieldType::Select {
                // Options mean nothing to the new type.
                changes.options = Some("[]".into());
            }
        }
        if let (Some(inputs), Some(labels)) = (inputs, labels) {
            if new_type != FieldType::Select && !inputs.is_empty() {
                return Err(ApiError::field(
                    "options",
                    "not_allowed",
                    "only select fields have options",
                ));
            }
            let old = options(&current);
            let mut next = current.next_option_id;
            let mut kept = Vec::new();
            for (i, (input, label)) in inputs.iter().zip(labels).enumerate() {
                if input.id.is_some()
                    && kept
                        .iter()
                        .any(|k: &CustomFieldOption| Some(k.id) == input.id)
                {
                    return Err(ApiError::field(
                        format!("options[{i}].id"),
                        "duplicate",
                        "names an option twice",
                    ));
                }
                let oid = match input.id {
                    Some(oid) if old.iter().any(|o| o.id == oid) => oid,
                    Some(_) => {
                        return Err(ApiError::field(
                            format!("options[{i}].id"),
                            "not_found",
                            "is not an option of this field",
                        ))
                    }
                    None => {
                        next += 1;
                        next - 1
                    }
                };
                kept.push(CustomFieldOption { id: oid, label });
            }
            for gone in old.iter().filter(|o| !kept.iter().any(|k| k.id == o.id)) {
                if store::option_use(conn, id, gone.id)? > 0 {
                    return Err(ApiError::conflict(
                        "in_use",
                        "options",
                        format!("option «{}» is used by records", gone.label),
                    ));
                }
            }
            if new_type == FieldType::Select && kept.is_empty() {
                return Err(ApiError::field(
                    "options",
                    "required",
                    "a list needs options",
                ));
            }
            changes.options =
                Some(serde_json::to_string(&kept).map_err(|e| ApiError::Internal(e.into()))?);
            changes.next_option_id = Some(next);
        }
        let row = store::update(conn, portal_id, id, expected, &changes, now())?;
        view(conn, row, true)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(field.version)))
        .json(field))
}

/// Deletes a field and every value of it (CRM admins).
#[utoipa::path(tag = "custom-fields", params(("id" = i64, Path, description = "Field id")), responses((status = 204, description = "Deleted")))]
#[delete("/settings/custom-fields/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    db::write(&state.pool, move |conn| {
        Ok(store::delete(conn, portal_id, id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Reorders a kind's fields (CRM admins).
#[utoipa::path(tag = "custom-fields", request_body = ReorderCustomFieldsRequest, responses((status = 200, body = CustomFieldListResponse)))]
#[put("/settings/custom-fields/order")]
pub async fn reorder_custom_fields(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<ReorderCustomFieldsRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let b = body.into_inner();
    let kind = record_kind(&b.record_kind)?;
    let portal_id = user.0.portal_id();
    let items = db::write(&state.pool, move |conn| {
        store::reorder(conn, portal_id, kind, &b.ids).map_err(|e| match e {
            StoreError::MissingReference(_) => ApiError::field(
                "ids",
                "invalid_value",
                "must name every field of the kind once",
            ),
            other => other.into(),
        })?;
        let rows = store::list(conn, portal_id, kind)?;
        rows.into_iter()
            .map(|r| view(conn, r, true))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(CustomFieldListResponse { items }))
}
