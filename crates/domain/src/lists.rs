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
    /// Categories of tasks, with icons and colours.
    TaskCategories,
}

/// Icons a task category may carry.
pub const TASK_ICONS: [&str; 12] = [
    "phone", "deal", "demo", "email", "fax", "control", "lunch", "meeting", "note", "delivery",
    "social", "thanks",
];

impl ListKind {
    /// Every list.
    pub const ALL: [ListKind; 4] = [
        Self::ContactTypes,
        Self::Temperatures,
        Self::HistoryCategories,
        Self::TaskCategories,
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
                    "must be contact_types, temperatures, history_categories or task_categories",
                )
            })
    }

    /// Path and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ContactTypes => "contact_types",
            Self::Temperatures => "temperatures",
            Self::HistoryCategories => "history_categories",
            Self::TaskCategories => "task_categories",
        }
    }

    /// Whether items carry a colour.
    pub fn has_color(self) -> bool {
        matches!(self, Self::Temperatures | Self::TaskCategories)
    }

    /// Whether items carry an icon (one of [`TASK_ICONS`]).
    pub fn has_icon(self) -> bool {
        self == Self::TaskCategories
    }

    /// Icons of the seed items, in the order of [`ListKind::seed`] (empty when none).
    pub fn seed_icons(self) -> &'static [&'static str] {
        match self {
            Self::TaskCategories => &TASK_ICONS,
            _ => &[],
        }
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
            (Self::TaskCategories, Locale::Ru) => &[
                ("Звонок", Some("#6bbd72")),
                ("Сделка", Some("#f48454")),
                ("Демонстрация", Some("#b58fd6")),
                ("Электронное письмо", Some("#5fa8d3")),
                ("Факс", Some("#8a98d8")),
                ("Контроль исполнения", Some("#df7895")),
                ("Обед", Some("#ffb45e")),
                ("Встреча", Some("#d28cc8")),
                ("Заметка", Some("#a0a4ab")),
                ("Доставка", Some("#ffd267")),
                ("Социальные сети", Some("#4fb3bf")),
                ("Благодарность", Some("#e795c1")),
            ],
            (Self::TaskCategories, Locale::En) => &[
                ("Phone call", Some("#6bbd72")),
                ("Opportunity", Some("#f48454")),
                ("Demo", Some("#b58fd6")),
                ("Email", Some("#5fa8d3")),
                ("Fax", Some("#8a98d8")),
                ("Execution control", Some("#df7895")),
                ("Lunch", Some("#ffb45e")),
                ("Appointment", Some("#d28cc8")),
                ("Note", Some("#a0a4ab")),
                ("Delivery", Some("#ffd267")),
                ("Social networks", Some("#4fb3bf")),
                ("Expression of gratitude", Some("#e795c1")),
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
            let icons = kind.seed_icons();
            assert!(icons.is_empty() || icons.len() == kind.seed(Locale::En).len());
            assert_eq!(!icons.is_empty(), kind.has_icon());
        }
    }
}
