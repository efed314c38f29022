//! The OpenAPI document, collected from the registered handlers by `utoipa-actix-web`.

use actix_web::dev::{ServiceFactory, ServiceRequest};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt as _, UtoipaApp};

use crate::routes;

/// Static parts of the document: info, security scheme, tags.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "CRM API",
        description = "REST API of the CRM. JSON with snake_case fields; errors are \
            `application/problem+json` (RFC 9457) with a stable `code`; lists use `limit` and an \
            opaque `cursor`; updates need the record's `version` (`If-Match` or a `version` field). \
            Authenticate with `Authorization: Bearer` and a login access token or a personal API token.",
        license(name = "AGPL-3.0-or-later")
    ),
    servers((url = "/", description = "This server")),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    components(schemas(crm_api_types::Problem, crm_api_types::FieldProblem, crm_api_types::ExportResult)),
    tags(
        (name = "auth", description = "Sign in, refresh, sign out"),
        (name = "me", description = "The current user"),
        (name = "crm", description = "The CRM module"),
        (name = "users", description = "People of the portal"),
        (name = "groups", description = "Groups of users"),
        (name = "api-tokens", description = "Personal API tokens"),
        (name = "settings", description = "Portal settings"),
        (name = "contacts", description = "Persons and companies"),
        (name = "lists", description = "Admin-editable lists"),
        (name = "tags", description = "Tags of records"),
        (name = "custom-fields", description = "Custom fields of records"),
        (name = "history", description = "History of records"),
        (name = "files", description = "Stored files"),
        (name = "notifications", description = "In-app notifications"),
        (name = "tasks", description = "Tasks with deadlines and reminders"),
        (name = "deals", description = "Deals in pipelines of stages, with budgets and stage history"),
        (name = "cases", description = "Cases: events with a group of clients, open or closed"),
        (name = "projects", description = "Projects: the work deals turn into, with a manager, a team and a deadline"),
        (name = "invoices", description = "Invoices with their lines, taxes and totals, numbered and moved through their statuses"),
        (name = "products", description = "The catalog of products and services invoices are made of"),
        (name = "jobs", description = "Background jobs and their progress"),
        (name = "exports", description = "Filtered lists written to CSV and XLSX files"),
        (name = "calendar", description = "Private iCalendar feeds of tasks"),
        (name = "health", description = "Probes"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A login access token (JWT) or a personal API token (`crm_pat_…`)",
                    ))
                    .build(),
            ),
        );
    }
}

/// Mounts every documented route: `/api/v1/…` and the health probes.
pub fn mount<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.openapi(ApiDoc::openapi())
        .service(
            scope::scope("/api/v1")
                .configure(routes::configure_api)
                .default_service(actix_web::web::to(routes::not_found)),
        )
        .service(routes::health::live)
        .service(routes::health::ready)
}

/// The document as served at `/api/v1/openapi.json` and committed as `openapi/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = mount(actix_web::App::new().into_utoipa_app()).split_for_parts();
    add_common_responses(&mut doc);
    doc
}

/// Answers every operation can give, documented once here rather than on each handler:
/// 401/403 on protected operations, 422 where the request has parameters or a body.
fn add_common_responses(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{Parameter, ParameterIn};
    for item in doc.paths.paths.values_mut() {
        // `If-Match` is an optional plain string; only operations that read it answer 412/428.
        let conditional_ops = [&mut item.patch, &mut item.post, &mut item.put];
        for op in conditional_ops.into_iter().flatten() {
            let mut conditional = false;
            for p in op.parameters.iter_mut().flatten() {
                if p.parameter_in == ParameterIn::Header && p.name == "If-Match" {
                    *p = Parameter::builder()
                        .name("If-Match")
                        .parameter_in(ParameterIn::Header)
                        .required(utoipa::openapi::Required::False)
                        .description(p.description.clone())
                        .schema(Some(utoipa::openapi::schema::Object::with_type(
                            utoipa::openapi::schema::Type::String,
                        )))
                        .build();
                    conditional = true;
                }
            }
            if conditional {
                let responses = &mut op.responses.responses;
                responses.entry("412".into()).or_insert_with(|| {
                    problem("Changed by someone else since the version sent (`version_mismatch`)")
                });
                responses
                    .entry("428".into())
                    .or_insert_with(|| problem("Neither `If-Match` nor `version` was sent"));
            }
        }
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in operations.into_iter().flatten() {
            let public = op.security.as_ref().is_some_and(|reqs| {
                reqs.iter()
                    .any(|r| serde_json::to_value(r).is_ok_and(|v| v == serde_json::json!({})))
            });
            let has_input =
                op.request_body.is_some() || op.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let addresses_one = op
                .parameters
                .iter()
                .flatten()
                .any(|p| p.parameter_in == ParameterIn::Path);
            let responses = &mut op.responses.responses;
            if addresses_one {
                responses.entry("404".into()).or_insert_with(|| {
                    problem("No such resource, or not one the caller may see (`not_found`)")
                });
            }
            if !public {
                responses
                    .entry("401".into())
                    .or_insert_with(|| problem("Missing, invalid, expired or revoked credentials"));
                responses
                    .entry("403".into())
                    .or_insert_with(|| problem("Not allowed for this role or token scope"));
            }
            if has_input {
                responses
                    .entry("422".into())
                    .or_insert_with(|| problem("Invalid fields or parameters"));
            }
            if op.request_body.is_some() {
                responses
                    .entry("400".into())
                    .or_insert_with(|| problem("The body cannot be read"));
                responses
                    .entry("413".into())
                    .or_insert_with(|| problem("Body too large"));
                responses.entry("415".into()).or_insert_with(|| {
                    problem("The body is not of the media type the operation reads")
                });
            }
        }
    }
}

fn problem(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

/// The document as pretty JSON with a trailing newline.
pub fn document_json() -> anyhow::Result<String> {
    Ok(format!("{}\n", document().to_pretty_json()?))
}
