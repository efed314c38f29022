//! The error type of every API call, built from the `application/problem+json` body.

use crm_api_types::{DuplicateCandidate, FieldProblem, Problem};

use crate::i18n::{field_message, fill, problem_message, Lang, Message, Text};

/// A failed API call. `Clone + PartialEq` so that components can keep it in state and props.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when the server could not be reached.
    pub status: u16,
    /// Stable machine code from the problem body (`version_mismatch` …).
    pub code: String,
    /// The server's English explanation, shown when the code is unknown to the SPA.
    pub detail: Option<String>,
    /// Invalid fields.
    pub errors: Vec<FieldProblem>,
    /// Seconds to wait, from the `Retry-After` header.
    pub retry_after: Option<u64>,
    /// Request id, to quote when reporting a problem.
    pub request_id: Option<String>,
    /// Similar visible contacts, for `possible_duplicates`.
    pub duplicates: Vec<DuplicateCandidate>,
}

impl ApiError {
    /// The server could not be reached or the answer could not be read.
    pub fn network(detail: impl Into<String>) -> Self {
        Self::bare(0, "network_error", Some(detail.into()))
    }

    /// An answer that is not a problem document (a proxy's error page, bad JSON …).
    pub fn unexpected(status: u16, detail: impl Into<String>) -> Self {
        Self::bare(status, "unexpected_response", Some(detail.into()))
    }

    /// No session: there is no token to send or it could not be renewed.
    pub fn unauthorized() -> Self {
        Self::bare(401, "unauthorized", None)
    }

    /// An error found by the SPA itself (a file too large to send …), with the API's code.
    pub fn local(status: u16, code: &str) -> Self {
        Self::bare(status, code, None)
    }

    fn bare(status: u16, code: &str, detail: Option<String>) -> Self {
        Self {
            status,
            code: code.to_owned(),
            detail,
            errors: Vec::new(),
            retry_after: None,
            request_id: None,
            duplicates: Vec::new(),
        }
    }

    /// Builds the error from a problem body and the `Retry-After` header.
    pub fn from_problem(problem: Problem, retry_after: Option<u64>) -> Self {
        Self {
            status: problem.status,
            code: problem.code,
            detail: problem
                .detail
                .or(Some(problem.title))
                .filter(|d| !d.is_empty()),
            errors: problem.errors,
            retry_after,
            request_id: problem.request_id,
            duplicates: problem.duplicates,
        }
    }

    /// Someone else changed the record since it was loaded (412 `version_mismatch`).
    pub fn is_version_mismatch(&self) -> bool {
        self.code == "version_mismatch" || self.status == 412
    }

    /// The server refused to create a contact because similar ones exist; they are in
    /// `duplicates` (409 `possible_duplicates`).
    pub fn is_possible_duplicates(&self) -> bool {
        self.code == "possible_duplicates"
    }

    /// The invalid-field entries for `field` (also `field[3]` and `field.sub`).
    pub fn field_problems<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a FieldProblem> {
        self.errors.iter().filter(move |p| {
            p.field == field
                || p.field
                    .strip_prefix(field)
                    .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
        })
    }

    /// Translated messages for the invalid `field`.
    pub fn field_messages(&self, field: &str, lang: Lang) -> Vec<String> {
        self.field_problems(field)
            .map(|p| field_message(p, lang))
            .collect()
    }

    /// The translated message; the server's `detail` when the code is unknown.
    pub fn message(&self, lang: Lang) -> String {
        let mut text = match problem_message(&self.code) {
            Some(message) => message.tr(lang).to_owned(),
            None if self.status == 401 => Message::Unauthorized.tr(lang).to_owned(),
            None if self.status == 403 => Message::Forbidden.tr(lang).to_owned(),
            None if self.status == 404 => Message::NotFound.tr(lang).to_owned(),
            None => match &self.detail {
                Some(detail) => detail.clone(),
                None if self.status >= 500 => Message::ServerError.tr(lang).to_owned(),
                None => Message::Unexpected.tr(lang).to_owned(),
            },
        };
        if let Some(seconds) = self.retry_after {
            text.push(' ');
            text.push_str(&fill(
                Text::RetryAfter.tr(lang),
                &[("n", &seconds.to_string())],
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(code: &str, status: u16) -> Problem {
        Problem {
            type_uri: format!("urn:crm:problem:{code}"),
            title: "Title".into(),
            status,
            detail: Some("Detail from the server".into()),
            code: code.into(),
            request_id: None,
            errors: vec![FieldProblem {
                field: "scopes[1]".into(),
                code: "invalid_scope".into(),
                message: "bad scope".into(),
            }],
            duplicates: Vec::new(),
        }
    }

    #[test]
    fn known_codes_are_translated() {
        let error = ApiError::from_problem(problem("version_mismatch", 412), None);
        assert!(error.is_version_mismatch());
        assert!(error.message(Lang::Ru).starts_with("Эту запись изменил"));
    }

    #[test]
    fn unknown_codes_fall_back_to_the_detail() {
        let error = ApiError::from_problem(problem("brand_new_code", 400), None);
        assert_eq!(error.message(Lang::Ru), "Detail from the server");
    }

    #[test]
    fn retry_after_is_appended() {
        let error = ApiError::from_problem(problem("too_many_attempts", 429), Some(30));
        assert_eq!(
            error.message(Lang::En),
            "Too many sign-in attempts. Try again in 30 s."
        );
    }

    #[test]
    fn indexed_fields_belong_to_their_list() {
        let error = ApiError::from_problem(problem("validation_failed", 422), None);
        assert_eq!(
            error.field_messages("scopes", Lang::En),
            vec!["Unknown scope."]
        );
        assert!(error.field_messages("scope", Lang::En).is_empty());
    }
}
