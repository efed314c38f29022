//! Translation of machine codes sent by the server: problem codes, field error codes,
//! role names and CRM section names.

use crm_api_types::FieldProblem;

use super::{Lang, Message, Text};

/// The message for a problem `code`, if it is one the SPA knows.
pub fn problem_message(code: &str) -> Option<Message> {
    Some(match code {
        "network_error" => Message::NetworkError,
        "invalid_credentials" => Message::InvalidCredentials,
        "too_many_attempts" => Message::TooManyAttempts,
        "rate_limited" | "too_many_requests" => Message::RateLimited,
        "unauthorized"
        | "unauthenticated"
        | "invalid_token"
        | "token_expired"
        | "invalid_refresh_token"
        | "refresh_token_reused"
        | "token_reused" => Message::Unauthorized,
        "session_required" => Message::SessionRequired,
        "last_item" => Message::LastItem,
        "malformed_json"
        | "malformed_multipart"
        | "unreadable_body"
        | "unsupported_media_type"
        | "method_not_allowed" => Message::BadRequest,
        "forbidden" | "insufficient_scope" | "admin_required" => Message::Forbidden,
        "not_found" => Message::NotFound,
        "version_mismatch" | "precondition_failed" | "precondition_required" => {
            Message::VersionMismatch
        }
        "validation_failed" | "invalid_request" | "bad_request" | "invalid_json"
        | "invalid_query" | "invalid_cursor" => Message::ValidationFailed,
        "conflict" | "already_exists" | "duplicate" | "email_taken" | "name_taken"
        | "sku_taken" => Message::Conflict,
        "crm_disabled" => Message::CrmDisabled,
        "crm_access_denied" => Message::CrmAccessDenied,
        "wrong_password" | "invalid_current_password" => Message::WrongCurrentPassword,
        "account_disabled" | "account_inactive" | "user_inactive" => Message::AccountInactive,
        "last_owner" | "owner_required" => Message::LastOwner,
        "payload_too_large" => Message::PayloadTooLarge,
        "possible_duplicates" => Message::PossibleDuplicates,
        "in_use" => Message::InUse,
        "type_frozen" => Message::TypeFrozen,
        "internal_error" | "internal" | "service_unavailable" => Message::ServerError,
        _ => return None,
    })
}

/// The message for an invalid field. The server's English text stands in for codes the SPA
/// does not know, in English only; Russian gets the general "invalid value".
pub fn field_message(problem: &FieldProblem, lang: Lang) -> String {
    let message = match problem.code.as_str() {
        "required" | "missing" | "empty" | "blank" => Message::FieldRequired,
        "invalid_email" => Message::FieldInvalidEmail,
        "too_long" => Message::FieldTooLong,
        "too_short" => Message::FieldTooShort,
        "taken" | "duplicate" | "already_exists" | "not_unique" | "unique" | "email_taken"
        | "name_taken" | "sku_taken" | "conflict" => Message::FieldTaken,
        "weak_password" | "invalid_password" | "password_length" => Message::FieldWeakPassword,
        "invalid_time_zone" | "unknown_time_zone" => Message::FieldInvalidTimeZone,
        "invalid_locale" | "unsupported_locale" => Message::FieldInvalidLocale,
        "invalid_role" | "unknown_role" => Message::FieldInvalidRole,
        "invalid_scope" | "unknown_scope" => Message::FieldInvalidScope,
        "unknown_user" | "user_not_found" => Message::FieldUnknownUser,
        "unknown_group" | "group_not_found" => Message::FieldUnknownGroup,
        "in_past" | "must_be_future" => Message::FieldInPast,
        "out_of_range" => Message::FieldOutOfRange,
        "too_many" => Message::FieldTooMany,
        "wrong_password" | "invalid_current_password" | "invalid_credentials" => {
            Message::WrongCurrentPassword
        }
        "not_allowed" => Message::FieldNotAllowed,
        "invalid_phone" => Message::FieldInvalidPhone,
        "invalid_url" | "invalid_website" => Message::FieldInvalidUrl,
        "invalid_currency" | "unknown_currency" => Message::FieldInvalidCurrency,
        "invalid_color" | "invalid_colour" => Message::FieldInvalidColor,
        "unknown_contact" | "contact_not_found" => Message::FieldUnknownContact,
        "invalid_date" | "invalid_datetime" => Message::FieldInvalidDate,
        "unknown_list_item" | "unknown_item" | "list_item_not_found" => {
            Message::FieldUnknownListItem
        }
        "last_owner" => Message::LastOwner,
        "invalid_image" => Message::FieldInvalidImage,
        "file_type_not_allowed" => Message::FieldFileTypeNotAllowed,
        "not_found" => Message::FieldNotFound,
        "too_precise" => Message::FieldTooPrecise,
        "kind_mismatch" => Message::FieldKindMismatch,
        "type_frozen" => Message::FieldTypeFrozen,
        "in_use" => Message::FieldInUse,
        "invalid" | "invalid_characters" | "invalid_value" | "invalid_type" | "invalid_format" => {
            if problem.message.is_empty() || lang == Lang::Ru {
                Message::FieldInvalid
            } else {
                return problem.message.clone();
            }
        }
        _ if lang == Lang::En && !problem.message.is_empty() => return problem.message.clone(),
        _ => Message::FieldInvalid,
    };
    message.tr(lang).to_owned()
}

/// The name of a role (`owner`, `portal_admin`, `crm_admin`, `crm_user`).
pub fn role_text(role: &str) -> Option<Text> {
    Some(match role {
        "owner" => Text::RoleOwner,
        "portal_admin" => Text::RolePortalAdmin,
        "crm_admin" => Text::RoleCrmAdmin,
        "crm_user" => Text::RoleCrmUser,
        _ => return None,
    })
}

/// The menu name of a CRM section (`contacts`, `tasks` …).
pub fn section_text(section: &str) -> Option<Text> {
    Some(match section {
        "contacts" => Text::SectionContacts,
        "tasks" => Text::SectionTasks,
        "deals" => Text::SectionDeals,
        "invoices" => Text::SectionInvoices,
        "cases" => Text::SectionCases,
        "projects" => Text::SectionProjects,
        "reports" => Text::SectionReports,
        "voip" => Text::SectionVoip,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_codes_of_files_and_custom_fields_are_translated() {
        for code in [
            "invalid_phone",
            "invalid_url",
            "invalid_currency",
            "invalid_color",
            "invalid_image",
            "file_type_not_allowed",
            "not_found",
            "too_precise",
            "in_past",
            "kind_mismatch",
            "type_frozen",
            "in_use",
            "too_many",
            "out_of_range",
            "invalid_date",
        ] {
            let problem = FieldProblem {
                field: "x".into(),
                code: code.into(),
                message: "server text".into(),
            };
            assert_ne!(field_message(&problem, Lang::En), "server text", "{code}");
        }
    }

    #[test]
    fn every_problem_code_the_server_sends_is_translated() {
        for code in [
            "validation_failed",
            "malformed_json",
            "malformed_multipart",
            "unreadable_body",
            "unauthorized",
            "invalid_token",
            "token_reused",
            "account_disabled",
            "invalid_credentials",
            "forbidden",
            "insufficient_scope",
            "session_required",
            "crm_disabled",
            "crm_access_denied",
            "not_found",
            "method_not_allowed",
            "conflict",
            "email_taken",
            "name_taken",
            "last_owner",
            "in_use",
            "last_item",
            "type_frozen",
            "possible_duplicates",
            "version_mismatch",
            "precondition_required",
            "payload_too_large",
            "unsupported_media_type",
            "too_many_attempts",
            "service_unavailable",
            "internal_error",
        ] {
            assert!(problem_message(code).is_some(), "{code}");
        }
    }

    #[test]
    fn every_planned_section_has_a_name() {
        for section in [
            "contacts", "tasks", "deals", "invoices", "cases", "reports", "voip",
        ] {
            assert!(section_text(section).is_some(), "{section}");
        }
    }

    #[test]
    fn every_role_has_a_name() {
        for role in ["owner", "portal_admin", "crm_admin", "crm_user"] {
            assert!(role_text(role).is_some(), "{role}");
        }
    }

    #[test]
    fn unknown_field_codes_fall_back_to_the_server_message_in_english() {
        let problem = FieldProblem {
            field: "x".into(),
            code: "something_new".into(),
            message: "Server says no".into(),
        };
        assert_eq!(field_message(&problem, Lang::En), "Server says no");
    }

    #[test]
    fn unknown_field_codes_are_never_english_for_russian_users() {
        let problem = FieldProblem {
            field: "x".into(),
            code: "something_new".into(),
            message: "Server says no".into(),
        };
        assert_eq!(
            field_message(&problem, Lang::Ru),
            Message::FieldInvalid.tr(Lang::Ru)
        );
    }

    #[test]
    fn known_field_codes_are_translated() {
        let problem = FieldProblem {
            field: "email".into(),
            code: "invalid_email".into(),
            message: "bad".into(),
        };
        assert_eq!(
            field_message(&problem, Lang::Ru),
            "Некорректный адрес эл. почты."
        );
    }

    #[test]
    fn documented_problem_codes_are_translated() {
        for code in [
            "invalid_credentials",
            "too_many_attempts",
            "version_mismatch",
            "crm_disabled",
            "crm_access_denied",
            "validation_failed",
            "not_found",
            "possible_duplicates",
            "in_use",
            "type_frozen",
            "payload_too_large",
        ] {
            assert!(problem_message(code).is_some(), "{code}");
        }
    }
}
