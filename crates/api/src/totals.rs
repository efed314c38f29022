//! Totals of list queries, kept so that asking for the same list again (the next page, a
//! refresh) does not count every match again. A total is used until this process ends a write
//! transaction, and for a few seconds at most, for writes of other processes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a total is used when this process writes nothing.
const FRESH_FOR: Duration = Duration::from_secs(5);
/// Totals kept at most; the stale ones are dropped when there would be more, and all of them
/// if none is stale.
const MAX_KEPT: usize = 10_000;
/// Longest key kept, in bytes (longer filters are counted every time).
const MAX_KEY: usize = 1_024;

/// A counted total: `(count, capped)` as [`crm_persistence::keyset::count_capped`] returns.
pub type Total = (i64, bool);

#[derive(Debug, Clone, Copy)]
struct Kept {
    writes: u64,
    at: Instant,
    total: Total,
}

/// Totals by list key. The key must name everything the count depends on: the portal, the
/// viewer and their rights, and the filters.
#[derive(Debug, Default)]
pub struct ListTotals {
    kept: Mutex<HashMap<String, Kept>>,
}

impl ListTotals {
    /// The total kept for `key`, if counted after the write count `writes` last changed and
    /// not long ago.
    pub fn get(&self, key: &str, writes: u64) -> Option<Total> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(key)
            .filter(|k| k.writes == writes && k.at.elapsed() < FRESH_FOR)
            .map(|k| k.total)
    }

    /// Keeps a total counted by a read that began when the write count was `writes`.
    pub fn put(&self, key: String, writes: u64, total: Total) {
        if key.len() > MAX_KEY {
            return;
        }
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= MAX_KEPT {
            kept.retain(|_, k| k.writes == writes && k.at.elapsed() < FRESH_FOR);
        }
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(
            key,
            Kept {
                writes,
                at: Instant::now(),
                total,
            },
        );
    }
}

/// The key of a contacts list's total: the portal, the viewer and the filters. The trigrams
/// chosen for a text search are left out: they change what is looked up, not what is found.
pub fn contacts_key(
    portal_id: i64,
    viewer: crm_persistence::contacts::Viewer,
    filter: &crm_persistence::contacts::ContactFilter,
) -> String {
    let filter = crm_persistence::contacts::ContactFilter {
        text_trigrams: Vec::new(),
        ..filter.clone()
    };
    format!(
        "contacts {portal_id} {} {} {filter:?}",
        viewer.user_id, viewer.is_crm_admin
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_is_kept_until_a_write() {
        let totals = ListTotals::default();
        assert_eq!(totals.get("k", 1), None);
        totals.put("k".into(), 1, (42, false));
        assert_eq!(totals.get("k", 1), Some((42, false)));
        assert_eq!(totals.get("other", 1), None);
        assert_eq!(totals.get("k", 2), None);
        totals.put("x".repeat(MAX_KEY + 1), 1, (1, false));
        assert_eq!(totals.get(&"x".repeat(MAX_KEY + 1), 1), None);
    }
}
