//! Stored contacts to response DTOs.

use crm_api_types::{ContactDetailResponse, ContactRef, ContactResponse, DuplicateCandidate};
use crm_domain::Viewer;
use crm_persistence::contacts::{ContactRecord, DuplicateMatch};

use crate::routes::records::{wire_access, wire_contact_kind};
use crate::routes::views::utc;

pub use crate::app::contacts::can_edit;

/// A contact as the viewer sees it.
pub fn contact(r: ContactRecord, viewer: Viewer) -> ContactResponse {
    let can_edit = can_edit(&r, viewer);
    let c = r.contact;
    let person = c.kind.0 == crm_domain::contact::ContactKind::Person;
    ContactResponse {
        id: c.id,
        display_name: c.display_name,
        first_name: person.then_some(c.first_name),
        last_name: person.then_some(c.last_name),
        name: (!person).then_some(c.company_name),
        kind: wire_contact_kind(c.kind.0),
        job_title: c.job_title,
        notes: c.notes,
        industry: c.industry,
        company: r.company.map(|(id, kind, display_name)| ContactRef {
            id,
            kind: wire_contact_kind(kind),
            display_name,
        }),
        type_id: c.type_id,
        temperature_id: c.temperature_id,
        currency: c.currency,
        access: wire_access(c.access.0),
        manager_ids: r.manager_ids,
        tags: r.tags,
        details: r
            .details
            .into_iter()
            .map(|d| ContactDetailResponse {
                id: d.id,
                kind: d.kind,
                category: d.category,
                value: d.value,
                normalized: d.normalized,
                network: d.network,
                is_primary: d.is_primary,
                street: d.street,
                city: d.city,
                region: d.region,
                postcode: d.postcode,
                country: d.country,
            })
            .collect(),
        custom_fields: r
            .custom_values
            .into_iter()
            .map(crate::routes::records::wire_custom_value)
            .collect(),
        can_edit,
        // Keyed by the photo's file, which changes only with the photo, so browsers cache it.
        photo_url: c
            .photo_file_id
            .map(|f| format!("/api/v1/contacts/{}/photo?v={f}", c.id)),
        people_count: r.people_count,
        created_at: utc(c.created_at),
        created_by: c.created_by,
        updated_at: utc(c.updated_at),
        updated_by: c.updated_by,
        last_activity_at: utc(c.last_activity_at),
        version: c.version,
    }
}

/// A duplicate candidate.
pub fn duplicate(m: DuplicateMatch) -> DuplicateCandidate {
    DuplicateCandidate {
        contact: ContactRef {
            id: m.id,
            kind: wire_contact_kind(m.kind),
            display_name: m.display_name,
        },
        matched_on: m.matched_on,
        value: m.value,
    }
}
