//! Validation errors that name the offending field.

use std::fmt;

/// One invalid field: its name in the request, a stable machine code and a human message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Field name as it appears in the request body or query (`email`, `scopes[1]`).
    pub field: String,
    /// Stable machine code (`required`, `invalid_email`, `too_long` …).
    pub code: &'static str,
    /// English explanation for logs and integrators; the SPA translates by `code`.
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// A rule of the domain was broken by the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// One or more fields are invalid.
    #[error("invalid input: {}", DisplayFields(.0))]
    Invalid(Vec<FieldError>),
}

impl DomainError {
    /// A single invalid field.
    pub fn field(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, message)])
    }

    /// The field errors carried by this error.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::Invalid(fields) => fields,
        }
    }

    /// Renames the field of every error, for values parsed under another name.
    #[must_use]
    pub fn at(self, field: &str) -> Self {
        match self {
            Self::Invalid(fields) => Self::Invalid(
                fields
                    .into_iter()
                    .map(|mut f| {
                        f.field = field.to_owned();
                        f
                    })
                    .collect(),
            ),
        }
    }
}

struct DisplayFields<'a>(&'a [FieldError]);

impl fmt::Display for DisplayFields<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

/// Collects field errors from several parses so a request reports all of them at once.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value, or records the error and returns `None`.
    pub fn check<T>(&mut self, result: Result<T, DomainError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(DomainError::Invalid(mut fields)) => {
                self.errors.append(&mut fields);
                None
            }
        }
    }

    /// Records an error directly.
    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// `Ok(())` when nothing was recorded.
    pub fn finish(self) -> Result<(), DomainError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validator_reports_every_failed_field() {
        let mut v = Validator::new();
        assert_eq!(
            v.check::<u8>(Err(DomainError::field("a", "required", "a is required"))),
            None
        );
        assert_eq!(v.check(Ok(3)), Some(3));
        v.push(FieldError::new("b", "too_long", "b is too long"));
        let err = v.finish().unwrap_err();
        let names: Vec<_> = err.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn at_renames_the_field() {
        let err = DomainError::field("email", "invalid_email", "bad").at("members[0]");
        assert_eq!(err.fields()[0].field, "members[0]");
    }
}
