//! Translation of the contact codes of the API: kinds, access levels, kinds and categories of
//! contact details, social networks, sort orders and reasons of failed bulk actions.

use super::{ContactText, Lang};

/// Access levels, from the most to the least restrictive.
pub const ACCESS_LEVELS: &[&str] = crm_api_types::AccessLevel::NAMES;

/// Kinds of contact details, in the order the form offers them.
pub const DETAIL_KINDS: &[&str] = crm_api_types::DetailKind::NAMES;

/// Social networks a `social` detail may name.
pub const NETWORKS: [&str; 11] = [
    "telegram",
    "whatsapp",
    "vk",
    "facebook",
    "linkedin",
    "twitter",
    "instagram",
    "skype",
    "youtube",
    "github",
    "other",
];

/// Sort orders of the contacts list; the first is the server's default.
pub const SORTS: [&str; 8] = [
    "name",
    "-name",
    "-created_at",
    "created_at",
    "-last_activity",
    "last_activity",
    "type",
    "-type",
];

/// `person` or `company`.
pub fn kind_text(kind: &str) -> ContactText {
    if kind == "company" {
        ContactText::KindCompany
    } else {
        ContactText::KindPerson
    }
}

/// The name of an access level.
pub fn access_text(access: &str) -> Option<ContactText> {
    Some(match access {
        "private" => ContactText::AccessPrivate,
        "shared_read" => ContactText::AccessSharedRead,
        "shared_write" => ContactText::AccessSharedWrite,
        _ => return None,
    })
}

/// The name of a kind of contact detail.
pub fn detail_kind_text(kind: &str) -> Option<ContactText> {
    Some(match kind {
        "email" => ContactText::DetailEmail,
        "phone" => ContactText::DetailPhone,
        "website" => ContactText::DetailWebsite,
        "social" => ContactText::DetailSocial,
        "address" => ContactText::DetailAddress,
        _ => return None,
    })
}

/// Categories a kind of detail allows; the first is the default.
pub fn categories_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "phone" => &["mobile", "work", "home", "direct", "fax", "other"],
        "address" => &["work", "office", "postal", "billing", "home", "other"],
        _ => &["work", "home", "other"],
    }
}

/// The name of a detail category.
pub fn category_text(category: &str) -> Option<ContactText> {
    Some(match category {
        "home" => ContactText::CatHome,
        "work" => ContactText::CatWork,
        "mobile" => ContactText::CatMobile,
        "fax" => ContactText::CatFax,
        "direct" => ContactText::CatDirect,
        "other" => ContactText::CatOther,
        "postal" => ContactText::CatPostal,
        "office" => ContactText::CatOffice,
        "billing" => ContactText::CatBilling,
        _ => return None,
    })
}

/// The name of a social network. Brand names are not translated.
pub fn network_name(network: &str, lang: Lang) -> String {
    match network {
        "other" => ContactText::NetworkOther.tr(lang).to_owned(),
        "telegram" => "Telegram".to_owned(),
        "whatsapp" => "WhatsApp".to_owned(),
        "vk" => "VK".to_owned(),
        "facebook" => "Facebook".to_owned(),
        "linkedin" => "LinkedIn".to_owned(),
        "twitter" => "X (Twitter)".to_owned(),
        "instagram" => "Instagram".to_owned(),
        "skype" => "Skype".to_owned(),
        "youtube" => "YouTube".to_owned(),
        "github" => "GitHub".to_owned(),
        other => other.to_owned(),
    }
}

/// The name of a sort order.
pub fn sort_text(sort: &str) -> Option<ContactText> {
    Some(match sort {
        "name" => ContactText::SortNameAsc,
        "-name" => ContactText::SortNameDesc,
        "-created_at" => ContactText::SortCreatedDesc,
        "created_at" => ContactText::SortCreatedAsc,
        "-last_activity" => ContactText::SortActivityDesc,
        "last_activity" => ContactText::SortActivityAsc,
        "type" => ContactText::SortTypeAsc,
        "-type" => ContactText::SortTypeDesc,
        _ => return None,
    })
}

/// Why a bulk action skipped a contact; `None` for codes the SPA does not know.
fn bulk_failure_text(code: &str) -> Option<ContactText> {
    Some(match code {
        "not_found" => ContactText::FailNotFound,
        "forbidden" => ContactText::FailForbidden,
        "in_use" => ContactText::FailInUse,
        "too_many_tags" => ContactText::FailTooManyTags,
        _ => return None,
    })
}

/// Why a bulk action (on contacts or making their tasks) skipped a contact, in `lang`; a
/// general "could not be changed" for codes the SPA does not know, never the raw code.
pub fn bulk_failure_message(code: &str, lang: Lang) -> String {
    bulk_failure_text(code)
        .unwrap_or(ContactText::FailOther)
        .tr(lang)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_of_the_api_has_a_name() {
        assert!(ACCESS_LEVELS.iter().all(|a| access_text(a).is_some()));
        assert!(DETAIL_KINDS.iter().all(|k| detail_kind_text(k).is_some()));
        assert!(SORTS.iter().all(|s| sort_text(s).is_some()));
        for kind in DETAIL_KINDS {
            assert!(categories_of(kind)
                .iter()
                .all(|c| category_text(c).is_some()));
        }
        for code in ["not_found", "forbidden", "in_use", "too_many_tags"] {
            assert!(bulk_failure_text(code).is_some(), "{code}");
        }
    }

    #[test]
    fn unknown_bulk_failures_get_a_general_reason_not_the_code() {
        assert_eq!(bulk_failure_message("forbidden", Lang::En), "read-only");
        assert_eq!(
            bulk_failure_message("brand_new_code", Lang::Ru),
            "не удалось изменить"
        );
        assert_eq!(
            bulk_failure_message("brand_new_code", Lang::En),
            "could not be changed"
        );
    }

    #[test]
    fn phones_default_to_mobile_and_the_rest_to_work() {
        assert_eq!(categories_of("phone")[0], "mobile");
        assert_eq!(categories_of("address")[0], "work");
        assert_eq!(categories_of("email")[0], "work");
    }

    #[test]
    fn only_other_network_is_translated() {
        assert_eq!(network_name("other", Lang::Ru), "Другая");
        assert_eq!(network_name("telegram", Lang::Ru), "Telegram");
    }
}
