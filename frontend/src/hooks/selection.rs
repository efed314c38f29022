//! The rows a list has selected for a bulk action: cleared when the list's filters change.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

/// What [`use_selection`] offers.
#[derive(Clone, PartialEq)]
pub struct Selection {
    /// The ids selected.
    pub ids: Rc<BTreeSet<i64>>,
    /// Selects an id, or unselects it when selected.
    pub toggle: Callback<i64>,
    /// Selects every id given, or (when all are selected already) none.
    pub toggle_all: Callback<Vec<i64>>,
    /// Unselects everything.
    pub clear: Callback<()>,
}

impl Selection {
    /// Whether `id` is selected.
    pub fn has(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }

    /// Whether every one of `ids` (at least one) is selected.
    pub fn has_all(&self, ids: &[i64]) -> bool {
        !ids.is_empty() && ids.iter().all(|id| self.ids.contains(id))
    }

    /// The selected ids, in order.
    pub fn to_vec(&self) -> Vec<i64> {
        self.ids.iter().copied().collect()
    }
}

/// A selection that starts empty again whenever `filters` change.
#[hook]
pub fn use_selection<F: PartialEq + Clone + 'static>(filters: &F) -> Selection {
    let ids = use_state(|| Rc::new(BTreeSet::<i64>::new()));
    {
        let ids = ids.clone();
        use_effect_with(filters.clone(), move |_| ids.set(Rc::default()));
    }
    let toggle = {
        let ids = ids.clone();
        Callback::from(move |id: i64| {
            let mut next = (**ids).clone();
            if !next.remove(&id) {
                next.insert(id);
            }
            ids.set(Rc::new(next));
        })
    };
    let toggle_all = {
        let ids = ids.clone();
        Callback::from(move |shown: Vec<i64>| {
            let all = !shown.is_empty() && shown.iter().all(|id| ids.contains(id));
            ids.set(Rc::new(if all {
                BTreeSet::new()
            } else {
                shown.into_iter().collect()
            }));
        })
    };
    let clear = {
        let ids = ids.clone();
        Callback::from(move |()| ids.set(Rc::default()))
    };
    Selection {
        ids: (*ids).clone(),
        toggle,
        toggle_all,
        clear,
    }
}
