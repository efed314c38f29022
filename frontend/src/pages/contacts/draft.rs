//! The editable state of the contact form and how it becomes a create or update request.

use crm_api_types::{
    ContactDetailInput, ContactDetailResponse, ContactRef, ContactResponse, CreateContactRequest,
    UpdateContactRequest,
};

use crate::components::records::custom_values::{self, CustomValues};
use crate::i18n::categories_of;

/// One contact detail as the form holds it (empty strings for absent values).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DetailDraft {
    /// `email`, `phone`, `website`, `social` or `address`.
    pub kind: String,
    /// Category (`work`, `mobile` …).
    pub category: String,
    /// The address, number, URL or profile (not for postal addresses).
    pub value: String,
    /// Social network (`social` only).
    pub network: String,
    /// The primary detail of its kind.
    pub is_primary: bool,
    /// Street and house (addresses).
    pub street: String,
    /// City (addresses).
    pub city: String,
    /// Region (addresses).
    pub region: String,
    /// Postcode (addresses).
    pub postcode: String,
    /// Country (addresses).
    pub country: String,
}

/// `Some(trimmed)` unless blank.
fn non_blank(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

impl DetailDraft {
    /// An empty detail of `kind` with the default category; primary when it is the first of
    /// its kind (`first`).
    pub fn new(kind: &str, first: bool) -> Self {
        Self {
            kind: kind.to_owned(),
            category: categories_of(kind)[0].to_owned(),
            network: if kind == "social" { "telegram" } else { "" }.to_owned(),
            is_primary: first,
            ..Self::default()
        }
    }

    /// Whether nothing was typed into it (an open field left empty).
    pub fn is_blank(&self) -> bool {
        [
            &self.value,
            &self.street,
            &self.city,
            &self.region,
            &self.postcode,
            &self.country,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// The detail as stored.
    pub fn from_response(detail: &ContactDetailResponse) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let is_address = detail.kind == "address";
        Self {
            kind: detail.kind.clone(),
            category: detail.category.clone(),
            // For addresses `value` is a summary the server writes from the fields.
            value: if is_address {
                String::new()
            } else {
                detail.value.clone()
            },
            network: text(&detail.network),
            is_primary: detail.is_primary,
            street: text(&detail.street),
            city: text(&detail.city),
            region: text(&detail.region),
            postcode: text(&detail.postcode),
            country: text(&detail.country),
        }
    }

    /// The detail as sent.
    pub fn to_input(&self) -> ContactDetailInput {
        let is_address = self.kind == "address";
        let address = |v: &str| if is_address { non_blank(v) } else { None };
        ContactDetailInput {
            kind: self.kind.clone(),
            category: non_blank(&self.category),
            value: if is_address {
                None
            } else {
                Some(self.value.trim().to_owned())
            },
            network: if self.kind == "social" {
                non_blank(&self.network)
            } else {
                None
            },
            is_primary: self.is_primary,
            street: address(&self.street),
            city: address(&self.city),
            region: address(&self.region),
            postcode: address(&self.postcode),
            country: address(&self.country),
        }
    }
}

/// Everything the contact form edits.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContactDraft {
    /// `person` or `company`.
    pub kind: String,
    /// First name (persons).
    pub first_name: String,
    /// Last name (persons).
    pub last_name: String,
    /// Name (companies).
    pub name: String,
    /// Job title (persons).
    pub job_title: String,
    /// The company of a person.
    pub company: Option<ContactRef>,
    /// Contact type.
    pub type_id: Option<i64>,
    /// Temperature.
    pub temperature_id: Option<i64>,
    /// ISO 4217 code.
    pub currency: String,
    /// Industry.
    pub industry: String,
    /// Notes.
    pub notes: String,
    /// Tag names.
    pub tags: Vec<String>,
    /// Manager user ids.
    pub manager_ids: Vec<i64>,
    /// `private`, `shared_read` or `shared_write`.
    pub access: String,
    /// Contact details in order.
    pub details: Vec<DetailDraft>,
    /// Values of custom fields by field id.
    pub custom_fields: CustomValues,
}

impl ContactDraft {
    /// A new private contact of `kind`, managed by `me`, with an e-mail and a phone field open.
    pub fn new(kind: &str, me: Option<i64>) -> Self {
        Self {
            kind: kind.to_owned(),
            access: "private".to_owned(),
            manager_ids: me.into_iter().collect(),
            details: vec![
                DetailDraft::new("email", true),
                DetailDraft::new("phone", true),
            ],
            ..Self::default()
        }
    }

    /// The next contact after this one was saved ("Save and create another"): a new one of
    /// the same kind in the same context (company, type, temperature, access, managers, tags).
    pub fn another_like(&self, me: Option<i64>) -> Self {
        Self {
            company: self.company.clone(),
            type_id: self.type_id,
            temperature_id: self.temperature_id,
            access: self.access.clone(),
            manager_ids: self.manager_ids.clone(),
            tags: self.tags.clone(),
            ..Self::new(&self.kind, me)
        }
    }

    /// The draft without the detail fields left empty (not sent, so that the server's errors
    /// name the rows the form shows).
    pub fn without_blank_details(&self) -> Self {
        Self {
            details: self
                .details
                .iter()
                .filter(|d| !d.is_blank())
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// Whether this is a person (else a company).
    pub fn is_person(&self) -> bool {
        self.kind == "person"
    }

    /// The form filled with a stored contact.
    pub fn from_contact(contact: &ContactResponse) -> Self {
        Self {
            kind: contact.kind.as_str().to_owned(),
            first_name: contact.first_name.clone().unwrap_or_default(),
            last_name: contact.last_name.clone().unwrap_or_default(),
            name: contact.name.clone().unwrap_or_default(),
            job_title: contact.job_title.clone(),
            company: contact.company.clone(),
            type_id: contact.type_id,
            temperature_id: contact.temperature_id,
            currency: contact.currency.clone().unwrap_or_default(),
            industry: contact.industry.clone(),
            notes: contact.notes.clone(),
            tags: contact.tags.clone(),
            manager_ids: contact.manager_ids.clone(),
            access: contact.access.as_str().to_owned(),
            details: contact
                .details
                .iter()
                .map(DetailDraft::from_response)
                .collect(),
            custom_fields: custom_values::from_contact(&contact.custom_fields),
        }
    }

    fn detail_inputs(&self) -> Vec<ContactDetailInput> {
        self.details.iter().map(DetailDraft::to_input).collect()
    }

    /// The request that creates this contact.
    pub fn to_create(&self, allow_duplicates: bool) -> CreateContactRequest {
        let person = self.is_person();
        let only_person = |v: &str| if person { non_blank(v) } else { None };
        CreateContactRequest {
            kind: self.kind.clone(),
            // Required names are sent even when blank so that the server names the field.
            first_name: person.then(|| self.first_name.trim().to_owned()),
            last_name: person.then(|| self.last_name.trim().to_owned()),
            name: (!person).then(|| self.name.trim().to_owned()),
            job_title: only_person(&self.job_title),
            notes: non_blank(&self.notes),
            industry: non_blank(&self.industry),
            company_id: self.company.as_ref().filter(|_| person).map(|c| c.id),
            type_id: self.type_id,
            temperature_id: self.temperature_id,
            currency: non_blank(&self.currency).map(|c| c.to_uppercase()),
            access: Some(self.access.clone()),
            manager_ids: (!self.manager_ids.is_empty()).then(|| self.manager_ids.clone()),
            tags: (!self.tags.is_empty()).then(|| self.tags.clone()),
            details: (!self.details.is_empty()).then(|| self.detail_inputs()),
            phone_country: None,
            custom_fields: custom_values::for_create(&self.custom_fields),
            allow_duplicates,
        }
    }

    /// Only what changed since `old` was loaded, with its version.
    pub fn changes_to(&self, old: &ContactResponse) -> UpdateContactRequest {
        let before = Self::from_contact(old);
        let text = |new: &String, old: &String| (new.trim() != old).then(|| new.trim().to_owned());
        let link = |new: Option<i64>, old: Option<i64>| (new != old).then(|| new.unwrap_or(0));
        let mut managers = self.manager_ids.clone();
        let mut old_managers = before.manager_ids.clone();
        managers.sort_unstable();
        old_managers.sort_unstable();
        UpdateContactRequest {
            first_name: text(&self.first_name, &before.first_name),
            last_name: text(&self.last_name, &before.last_name),
            name: text(&self.name, &before.name),
            job_title: text(&self.job_title, &before.job_title),
            notes: text(&self.notes, &before.notes),
            industry: text(&self.industry, &before.industry),
            company_id: link(
                self.company.as_ref().map(|c| c.id),
                before.company.as_ref().map(|c| c.id),
            ),
            type_id: link(self.type_id, before.type_id),
            temperature_id: link(self.temperature_id, before.temperature_id),
            currency: text(&self.currency.to_uppercase(), &before.currency),
            access: (self.access != before.access).then(|| self.access.clone()),
            manager_ids: (managers != old_managers).then(|| self.manager_ids.clone()),
            tags: (self.tags != before.tags).then(|| self.tags.clone()),
            details: (self.detail_inputs() != before.detail_inputs()).then(|| self.detail_inputs()),
            phone_country: None,
            custom_fields: custom_values::changes(&self.custom_fields, &before.custom_fields),
            version: Some(old.version),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn stored_person() -> ContactResponse {
        ContactResponse {
            id: 7,
            kind: crm_api_types::ContactKind::Person,
            display_name: "Анна Петрова".into(),
            first_name: Some("Анна".into()),
            last_name: Some("Петрова".into()),
            name: None,
            job_title: "CEO".into(),
            notes: String::new(),
            industry: String::new(),
            company: Some(ContactRef {
                id: 3,
                kind: crm_api_types::ContactKind::Company,
                display_name: "ООО Ромашка".into(),
            }),
            type_id: Some(11),
            temperature_id: None,
            currency: None,
            access: crm_api_types::AccessLevel::Private,
            manager_ids: vec![2, 1],
            tags: vec!["VIP".into()],
            details: vec![ContactDetailResponse {
                id: 5,
                kind: "email".into(),
                category: "work".into(),
                value: "anna@example.com".into(),
                normalized: "anna@example.com".into(),
                network: None,
                is_primary: true,
                street: None,
                city: None,
                region: None,
                postcode: None,
                country: None,
            }],
            custom_fields: Vec::new(),
            can_edit: true,
            photo_url: None,
            people_count: None,
            created_at: Utc::now(),
            created_by: 1,
            updated_at: Utc::now(),
            updated_by: 1,
            last_activity_at: Utc::now(),
            version: 4,
        }
    }

    #[test]
    fn a_new_contact_is_private_and_managed_by_its_creator() {
        let request = ContactDraft::new("company", Some(9)).to_create(false);
        assert_eq!(request.access.as_deref(), Some("private"));
        assert_eq!(request.manager_ids, Some(vec![9]));
        assert_eq!(request.name.as_deref(), Some(""));
        assert!(request.first_name.is_none() && request.company_id.is_none());
    }

    #[test]
    fn an_untouched_contact_sends_only_its_version() {
        let stored = stored_person();
        let mut draft = ContactDraft::from_contact(&stored);
        draft.manager_ids = vec![1, 2];
        let change = draft.changes_to(&stored);
        assert_eq!(
            change,
            UpdateContactRequest {
                version: Some(4),
                ..Default::default()
            }
        );
    }

    #[test]
    fn removed_links_are_sent_as_zero() {
        let stored = stored_person();
        let mut draft = ContactDraft::from_contact(&stored);
        draft.company = None;
        draft.type_id = None;
        let change = draft.changes_to(&stored);
        assert_eq!(change.company_id, Some(0));
        assert_eq!(change.type_id, Some(0));
        assert_eq!(change.temperature_id, None);
    }

    #[test]
    fn addresses_send_their_fields_and_no_value() {
        let mut address = DetailDraft::new("address", true);
        address.city = " Казань ".into();
        address.value = "ignored".into();
        let input = address.to_input();
        assert_eq!(input.city.as_deref(), Some("Казань"));
        assert_eq!(input.value, None);
        assert_eq!(input.street, None);
        assert_eq!(input.category.as_deref(), Some("work"));
    }

    #[test]
    fn changed_details_replace_the_list() {
        let stored = stored_person();
        let mut draft = ContactDraft::from_contact(&stored);
        draft.details.push(DetailDraft::new("phone", true));
        let details = draft.changes_to(&stored).details.unwrap_or_default();
        assert_eq!(details.len(), 2);
        assert_eq!(details[1].category.as_deref(), Some("mobile"));
    }
}
