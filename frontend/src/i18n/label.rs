//! [`Label`]: a translated string from any of the tables, for component properties.

use yew::html::IntoPropValue;

use super::{
    CaseText, ContactText, CustomFieldText, DealText, HistoryText, InvoiceText, Lang,
    NotificationText, ProjectText, SettingsText, TaskText, Text, Translate,
};

/// A key of any translation table. Components take a `Label` so that each page can keep its
/// strings in its own table; a key of any table converts into it implicitly in `html!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// A string of the shell and the admin pages.
    Text(Text),
    /// A string of the contacts pages.
    Contact(ContactText),
    /// A string of the CRM lists and tags pages.
    Settings(SettingsText),
    /// A string of the history tab and the contact photo.
    History(HistoryText),
    /// A string of the notification bell.
    Notification(NotificationText),
    /// A string about custom fields.
    CustomField(CustomFieldText),
    /// A string about tasks.
    Task(TaskText),
    /// A string about deals.
    Deal(DealText),
    /// A string about cases.
    Case(CaseText),
    /// A string about projects.
    Project(ProjectText),
    /// A string about invoices.
    Invoice(InvoiceText),
}

impl Translate for Label {
    fn tr(self, lang: Lang) -> &'static str {
        match self {
            Label::Text(text) => text.tr(lang),
            Label::Contact(text) => text.tr(lang),
            Label::Settings(text) => text.tr(lang),
            Label::History(text) => text.tr(lang),
            Label::Notification(text) => text.tr(lang),
            Label::CustomField(text) => text.tr(lang),
            Label::Task(text) => text.tr(lang),
            Label::Deal(text) => text.tr(lang),
            Label::Case(text) => text.tr(lang),
            Label::Project(text) => text.tr(lang),
            Label::Invoice(text) => text.tr(lang),
        }
    }
}

/// Conversions of each table's keys into [`Label`], also for optional properties
/// (`hint={Text::X}`; `Option<Text>` cannot convert: both types are foreign to `IntoPropValue`).
macro_rules! label_from {
    ($($table:ident => $variant:ident),* $(,)?) => {
        $(
            impl From<$table> for Label {
                fn from(text: $table) -> Self {
                    Label::$variant(text)
                }
            }

            impl IntoPropValue<Label> for $table {
                fn into_prop_value(self) -> Label {
                    Label::$variant(self)
                }
            }

            impl IntoPropValue<Option<Label>> for $table {
                fn into_prop_value(self) -> Option<Label> {
                    Some(Label::$variant(self))
                }
            }
        )*
    };
}

label_from!(
    Text => Text,
    ContactText => Contact,
    SettingsText => Settings,
    HistoryText => History,
    NotificationText => Notification,
    CustomFieldText => CustomField,
    TaskText => Task,
    DealText => Deal,
    CaseText => Case,
    ProjectText => Project,
    InvoiceText => Invoice,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_says_what_its_key_says() {
        let label: Label = ContactText::KindCompany.into();
        assert_eq!(label.tr(Lang::En), ContactText::KindCompany.tr(Lang::En));
        assert_eq!(Label::from(Text::Save).tr(Lang::Ru), "Сохранить");
    }
}
