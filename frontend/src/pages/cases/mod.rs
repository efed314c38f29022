//! The cases pages: the list (closed or reopened with one tick), the form and the page of one
//! case.

mod form;
mod list;
mod view;

pub use form::CaseFormPage;
pub use list::CasesPage;
pub use view::{participants, CasePage, CaseTab};

use crm_api_types::{CaseRequest, CaseResponse};

use crate::services::{api, ApiError};

/// Closes or reopens a case made from the version shown.
pub async fn set_closed(case: &CaseResponse, closed: bool) -> Result<CaseResponse, ApiError> {
    let body = CaseRequest {
        closed: Some(closed),
        version: Some(case.version),
        ..CaseRequest::default()
    };
    api::patch(&format!("/cases/{}", case.id), &body).await
}
