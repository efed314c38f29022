//! Projects: the work a won deal turns into, with a manager, a team and a deadline.

use crate::error::DomainError;

/// Where a project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProjectStatus {
    /// Being worked on.
    Open,
    /// On hold.
    Paused,
    /// Done with.
    Closed,
}

impl ProjectStatus {
    /// Every status.
    pub const ALL: [ProjectStatus; 3] = [Self::Open, Self::Paused, Self::Closed];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Paused => "paused",
            Self::Closed => "closed",
        }
    }

    /// The status of a stored name, if it is one.
    pub fn from_stored(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::from_stored(input.trim()).ok_or_else(|| {
            DomainError::field(field, "invalid_value", "must be open, paused or closed")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_from_their_names() {
        for s in ProjectStatus::ALL {
            assert_eq!(ProjectStatus::parse("status", s.as_str()).unwrap(), s);
        }
        assert_eq!(
            ProjectStatus::parse("status", "done").unwrap_err().fields()[0].field,
            "status"
        );
    }
}
