//! Values read from the database and kept for a short while, so that asking again does not
//! read them again. A value is used until this process ends a write transaction that may change
//! it (a write count of the pool changes) and for a few seconds at most, for writes of other
//! processes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Values kept at most; the stale ones are dropped when there would be more, and all of them
/// if none is stale.
const MAX_KEPT: usize = 10_000;
/// Longest key kept, in bytes (values of longer keys are read every time).
const MAX_KEY: usize = 1_024;

#[derive(Debug)]
struct Kept<V> {
    writes: u64,
    at: Instant,
    value: V,
}

/// Values by key. The key must name everything the value depends on.
#[derive(Debug)]
pub struct Fresh<V> {
    kept: Mutex<HashMap<String, Kept<V>>>,
    fresh_for: Duration,
}

impl<V: Clone> Fresh<V> {
    /// Keeps values for `fresh_for` at most.
    pub fn new(fresh_for: Duration) -> Self {
        Self {
            kept: Mutex::default(),
            fresh_for,
        }
    }

    /// The value kept for `key`, if read after the write count `writes` last changed and not
    /// long ago.
    pub fn get(&self, key: &str, writes: u64) -> Option<V> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(key)
            .filter(|k| k.writes == writes && k.at.elapsed() < self.fresh_for)
            .map(|k| k.value.clone())
    }

    /// Keeps a value read by a read that began at `read_at`, when the write count was `writes`.
    pub fn put(&self, key: String, writes: u64, read_at: Instant, value: V) {
        if key.len() > MAX_KEY {
            return;
        }
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= MAX_KEPT {
            kept.retain(|_, k| k.writes == writes && k.at.elapsed() < self.fresh_for);
        }
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(
            key,
            Kept {
                writes,
                at: read_at,
                value,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_kept_until_a_write_or_its_time() {
        let kept = Fresh::new(Duration::from_secs(60));
        assert_eq!(kept.get("k", 1), None);
        kept.put("k".into(), 1, Instant::now(), 42);
        assert_eq!(kept.get("k", 1), Some(42));
        assert_eq!(kept.get("other", 1), None);
        assert_eq!(kept.get("k", 2), None);
        kept.put("x".repeat(MAX_KEY + 1), 1, Instant::now(), 1);
        assert_eq!(kept.get(&"x".repeat(MAX_KEY + 1), 1), None);
        let brief = Fresh::new(Duration::from_secs(1));
        brief.put("k".into(), 1, Instant::now() - Duration::from_secs(2), 42);
        assert_eq!(brief.get("k", 1), None);
    }
}
