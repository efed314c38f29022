//! Admin-editable lists and their seed items in the portal's language.

use crate::error::DomainError;
use crate::user::Locale;

/// Lists an admin edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// Contact types (Client, Supplier …).
    ContactTypes,
    /// Contact temperatures (Cold, Warm, Hot) with colours.
    Temperatures,
    /// Categories of history entries.
    HistoryCategories,
}

impl ListKind {
    /// Every list.
    pub const ALL: [ListKind; 3] = [
        Self::ContactTypes,
        Self::Temperatures,
        Self::HistoryCategories,
    ];

    /// Parses the path name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == input)
            .ok_or_else(|| {
                DomainError::field(
                    field,
                    "invalid_value",
                    "must be contact_types, temperatures or history_categories",
                )
            })
    }

    /// Path and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ContactTypes => "contact_types",
            Self::Temperatures => "temperatures",
            Self::HistoryCategories => "history_categories",
        }
    }

    /// Whether items carry a colour.
    pub fn has_color(self) -> bool {
        self == Self::Temperatures
    }

    /// Seed items `(title, colour)` for a new portal.
    pub fn seed(self, locale: Locale) -> &'static [(&'static str, Option<&'static str>)] {
        match (self, locale) {
            (Self::ContactTypes, Locale::Ru) => &[
                ("Клиент", None),
                ("Поставщик", None),
                ("Партнер", None),
                ("Конкурент", None),
            ],
            (Self::ContactTypes, Locale::En) => &[
                ("Client", None),
                ("Supplier", None),
                ("Partner", None),
                ("Competitor", None),
            ],
            (Self::Temperatures, Locale::Ru) => &[
                ("Холодный", Some("#8a98d8")),
                ("Теплый", Some("#ffd267")),
                ("Горячий", Some("#df7895")),
            ],
            (Self::Temperatures, Locale::En) => &[
                ("Cold", Some("#8a98d8")),
                ("Warm", Some("#ffd267")),
                ("Hot", Some("#df7895")),
            ],
            (Self::HistoryCategories, Locale::Ru) => &[
                ("Заметка", None),
                ("Электронное письмо", None),
                ("Телефонный звонок", None),
                ("Встреча", None),
            ],
            (Self::HistoryCategories, Locale::En) => &[
                ("Note", None),
                ("Email", None),
                ("Phone call", None),
                ("Appointment", None),
            ],
        }
    }
}

/// Seed contact tags for a new portal.
pub fn seed_contact_tags(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::Ru => &["Лид", "Клиент", "Поставщик", "Сотрудник"],
        Locale::En => &["Lead", "Customer", "Supplier", "Staff"],
    }
}

/// Record kinds that carry tags.
pub const TAG_KINDS: &[&str] = &["contact"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_seeded_in_both_languages_with_the_same_size() {
        for kind in ListKind::ALL {
            assert_eq!(kind.seed(Locale::Ru).len(), kind.seed(Locale::En).len());
            assert!(!kind.seed(Locale::Ru).is_empty());
            assert_eq!(ListKind::parse("list", kind.as_str()).unwrap(), kind);
            let coloured = kind.seed(Locale::En).iter().all(|(_, c)| c.is_some());
            assert_eq!(coloured, kind.has_color());
        }
    }
}
