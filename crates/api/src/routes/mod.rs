//! The routing table: every resource module's `configure`, mounted under `/api/v1`.

pub mod api_tokens;
pub mod auth;
pub mod calendar;
pub mod cases;
pub mod contacts;
pub mod crm;
pub mod custom_fields;
pub mod deals;
pub mod exports;
pub mod files;
pub mod groups;
pub mod health;
pub mod history;
pub mod invoices;
pub mod jobs;
pub mod lists;
pub mod me;
pub mod money;
pub mod notifications;
pub mod products;
pub mod projects;
pub mod records;
pub mod settings;
pub mod tags;
pub mod tasks;
pub mod users;
pub mod views;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts every `/api/v1` resource. A request is matched against the resources in this order,
/// and a path with a parameter costs a regular expression each: the records, asked for most,
/// come first.
pub fn configure_api(cfg: &mut ServiceConfig) {
    contacts::configure(cfg);
    tasks::configure(cfg);
    deals::configure(cfg);
    cases::configure(cfg);
    projects::configure(cfg);
    history::configure(cfg);
    auth::configure(cfg);
    me::configure(cfg);
    crm::configure(cfg);
    users::configure(cfg);
    groups::configure(cfg);
    api_tokens::configure(cfg);
    settings::configure(cfg);
    lists::configure(cfg);
    tags::configure(cfg);
    custom_fields::configure(cfg);
    files::configure(cfg);
    notifications::configure(cfg);
    jobs::configure(cfg);
    exports::configure(cfg);
    calendar::configure(cfg);
    money::configure(cfg);
    products::configure(cfg);
    invoices::configure(cfg);
}

/// Unknown API paths answer a 404 problem rather than the SPA; a known path asked with a
/// method it does not have answers 405 with the methods it has.
pub async fn not_found(
    req: actix_web::HttpRequest,
) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
    let allowed = allowed_methods(req.path());
    if allowed.is_empty() {
        return Err(crate::error::ApiError::NotFound);
    }
    Err(crate::error::ApiError::MethodNotAllowed {
        allow: allowed.join(", "),
    })
}

/// The methods the OpenAPI document lists for the paths matching `path`.
fn allowed_methods(path: &str) -> Vec<&'static str> {
    use actix_web::dev::ResourceDef;
    static ROUTES: std::sync::LazyLock<Vec<(ResourceDef, Vec<&'static str>)>> =
        std::sync::LazyLock::new(|| {
            crate::openapi::document()
                .paths
                .paths
                .iter()
                .map(|(template, item)| {
                    let methods = [
                        ("GET", item.get.is_some()),
                        ("POST", item.post.is_some()),
                        ("PUT", item.put.is_some()),
                        ("PATCH", item.patch.is_some()),
                        ("DELETE", item.delete.is_some()),
                    ];
                    let present = methods.iter().filter(|m| m.1).map(|m| m.0).collect();
                    (ResourceDef::new(template.as_str()), present)
                })
                .collect()
        });
    let mut allowed: Vec<&'static str> = ROUTES
        .iter()
        .filter(|(def, _)| def.is_match(path))
        .flat_map(|(_, methods)| methods.iter().copied())
        .collect();
    let order = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    allowed.sort_by_key(|m| order.iter().position(|o| o == m));
    allowed.dedup();
    allowed
}
