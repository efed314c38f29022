//! Translation of the task codes of the API: reminders, category icons, sort orders, status
//! and deadline filters.

use crm_api_types::ReminderName;

use super::TaskText;

/// Reminders in the order the form offers them, with their API code.
pub const REMINDERS: [(ReminderName, &str, TaskText); 7] = [
    (ReminderName::Never, "never", TaskText::RemindNever),
    (ReminderName::Minutes5, "5m", TaskText::Remind5m),
    (ReminderName::Minutes15, "15m", TaskText::Remind15m),
    (ReminderName::Minutes30, "30m", TaskText::Remind30m),
    (ReminderName::Hour1, "1h", TaskText::Remind1h),
    (ReminderName::Hours2, "2h", TaskText::Remind2h),
    (ReminderName::Day1, "1d", TaskText::Remind1d),
];

/// The API code of a reminder (`1d` …).
pub fn reminder_code(reminder: ReminderName) -> &'static str {
    REMINDERS
        .iter()
        .find(|(r, _, _)| *r == reminder)
        .map_or("1d", |(_, code, _)| code)
}

/// The reminder of an API code; the default (`1d`) for unknown codes.
pub fn reminder_from_code(code: &str) -> ReminderName {
    REMINDERS
        .iter()
        .find(|(_, c, _)| *c == code)
        .map_or_else(ReminderName::default, |(r, _, _)| *r)
}

/// The name of a reminder.
pub fn reminder_text(reminder: ReminderName) -> TaskText {
    REMINDERS
        .iter()
        .find(|(r, _, _)| *r == reminder)
        .map_or(TaskText::Remind1d, |(_, _, text)| *text)
}

/// Icons of task categories: API name, the symbol shown and its name. Symbols from the Basic
/// Multilingual Plane that common text fonts (DejaVu, Segoe UI Symbol) have, each followed by
/// U+FE0E so that they stay text glyphs (tinted with the category colour), not colour emoji.
pub const TASK_ICONS: [(&str, &str, TaskText); 12] = [
    ("phone", "\u{260e}\u{fe0e}", TaskText::IconPhone),
    ("deal", "\u{270d}\u{fe0e}", TaskText::IconDeal),
    ("demo", "\u{25b6}\u{fe0e}", TaskText::IconDemo),
    ("email", "\u{2709}\u{fe0e}", TaskText::IconEmail),
    ("fax", "\u{213b}", TaskText::IconFax),
    ("control", "\u{2714}\u{fe0e}", TaskText::IconControl),
    ("lunch", "\u{2615}\u{fe0e}", TaskText::IconLunch),
    ("meeting", "\u{26ad}", TaskText::IconMeeting),
    ("note", "\u{270e}\u{fe0e}", TaskText::IconNote),
    ("delivery", "\u{2708}\u{fe0e}", TaskText::IconDelivery),
    ("social", "\u{263a}\u{fe0e}", TaskText::IconSocial),
    ("thanks", "\u{2665}\u{fe0e}", TaskText::IconThanks),
];

/// The symbol of a category icon, if the name is known.
pub fn icon_symbol(icon: &str) -> Option<&'static str> {
    TASK_ICONS
        .iter()
        .find(|(name, _, _)| *name == icon)
        .map(|(_, symbol, _)| *symbol)
}

/// The name of a category icon, if known.
pub fn icon_text(icon: &str) -> Option<TaskText> {
    TASK_ICONS
        .iter()
        .find(|(name, _, _)| *name == icon)
        .map(|(_, _, text)| *text)
}

/// Sort orders of the tasks list; the first is the server's default.
pub const TASK_SORTS: [(&str, TaskText); 6] = [
    ("deadline", TaskText::SortDeadlineAsc),
    ("-deadline", TaskText::SortDeadlineDesc),
    ("title", TaskText::SortTitleAsc),
    ("-title", TaskText::SortTitleDesc),
    ("category", TaskText::SortCategoryAsc),
    ("-category", TaskText::SortCategoryDesc),
];

/// Status filters; the first is the server's default.
pub const TASK_STATUSES: [(&str, TaskText); 3] = [
    ("open", TaskText::StatusOpen),
    ("closed", TaskText::StatusClosed),
    ("all", TaskText::StatusAll),
];

/// Deadline filters the server knows by name (a date range is the other choice).
pub const TASK_DUES: [(&str, TaskText); 3] = [
    ("overdue", TaskText::DueOverdue),
    ("today", TaskText::DueToday),
    ("this_week", TaskText::DueThisWeek),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_codes_match_the_api_spelling() {
        for (reminder, code, _) in REMINDERS {
            let json = serde_json::to_value(reminder).unwrap_or_default();
            assert_eq!(json.as_str(), Some(code));
            assert_eq!(reminder_from_code(code), reminder);
            assert_eq!(reminder_code(reminder), code);
        }
        assert_eq!(reminder_from_code("weird"), ReminderName::Day1);
    }

    #[test]
    fn every_icon_the_api_names_has_a_symbol_and_a_name() {
        for icon in [
            "phone", "deal", "demo", "email", "fax", "control", "lunch", "meeting", "note",
            "delivery", "social", "thanks",
        ] {
            assert!(icon_symbol(icon).is_some(), "{icon}");
            assert!(icon_text(icon).is_some(), "{icon}");
        }
        assert_eq!(icon_symbol("unknown"), None);
    }
}
