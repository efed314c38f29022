//! Totals of list queries, kept so that asking for the same list again (the next page, a
//! refresh) does not count every match again. A total is used until this process ends a write
//! transaction, and for a few seconds at most, for writes of other processes.

use std::time::Duration;

use crate::fresh::Fresh;

/// A counted total: `(count, capped)` as [`crm_persistence::keyset::count_capped`] returns.
pub type Total = (i64, bool);

/// Totals by list key. The key must name everything the count depends on: the portal, the
/// viewer and their rights, and the filters.
pub type ListTotals = Fresh<Total>;

/// The count and the totals per currency of an invoices list, by list key.
pub type InvoiceTotals = Fresh<crm_persistence::invoices::ListSummary>;

/// Totals, each used for 5 seconds at most.
pub fn list_totals<V: Clone>() -> Fresh<V> {
    Fresh::new(Duration::from_secs(5))
}

/// The key of an invoices list's count and totals: the portal, the viewer and the filters
/// (the day that makes an invoice overdue among them).
pub fn invoices_key(
    portal_id: i64,
    viewer: crm_domain::Viewer,
    filter: &crm_persistence::invoices::InvoiceFilter,
) -> String {
    format!(
        "invoices {portal_id} {} {} {filter:?}",
        viewer.user_id.get(),
        viewer.is_crm_admin
    )
}

/// The key of a contacts list's total: the portal, the viewer and the filters. The trigrams
/// chosen for a text search are left out: they change what is looked up, not what is found.
pub fn contacts_key(
    portal_id: i64,
    viewer: crm_domain::Viewer,
    filter: &crm_persistence::contacts::ContactFilter,
) -> String {
    let filter = crm_persistence::contacts::ContactFilter {
        text_trigrams: Vec::new(),
        ..filter.clone()
    };
    format!(
        "contacts {portal_id} {} {} {filter:?}",
        viewer.user_id.get(),
        viewer.is_crm_admin
    )
}
