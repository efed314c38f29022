//! A hook that loads one value from the API whenever its inputs change.

use std::future::Future;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::ApiError;

/// What [`use_load`] has so far.
#[derive(Clone, PartialEq)]
pub struct Loaded<R: PartialEq> {
    /// The value, once loaded (kept while reloading).
    pub data: Option<R>,
    /// Why the last load failed.
    pub error: Option<ApiError>,
    /// A load is running.
    pub loading: bool,
    /// Loads again.
    pub reload: Callback<()>,
    /// Replaces the value, e.g. with what a save returned.
    pub replace: Callback<R>,
}

#[derive(Clone, PartialEq)]
struct LoadState<R> {
    data: Option<R>,
    error: Option<ApiError>,
    loading: bool,
}

/// Runs `load(inputs)` on first render and whenever `inputs` change or `reload` is called.
/// Answers to superseded loads are dropped.
#[hook]
pub fn use_load<D, R, F, Fut>(inputs: D, load: F) -> Loaded<R>
where
    D: PartialEq + Clone + 'static,
    R: Clone + PartialEq + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<R, ApiError>> + 'static,
{
    let state = use_state(|| LoadState {
        data: None,
        error: None,
        loading: true,
    });
    let reloads = use_state(|| 0u32);
    let generation = use_mut_ref(|| 0u32);
    {
        let state = state.clone();
        let generation = generation.clone();
        use_effect_with((inputs, *reloads), move |(inputs, _)| {
            let mine = {
                let mut current = generation.borrow_mut();
                *current += 1;
                *current
            };
            state.set(LoadState {
                data: state.data.clone(),
                error: None,
                loading: true,
            });
            let future = load(inputs.clone());
            spawn_local(async move {
                let result = future.await;
                if *generation.borrow() != mine {
                    return;
                }
                state.set(match result {
                    Ok(data) => LoadState {
                        data: Some(data),
                        error: None,
                        loading: false,
                    },
                    Err(error) => LoadState {
                        data: None,
                        error: Some(error),
                        loading: false,
                    },
                });
            });
        });
    }
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |()| reloads.set(reloads.wrapping_add(1)))
    };
    let replace = {
        let state = state.clone();
        Callback::from(move |data| {
            state.set(LoadState {
                data: Some(data),
                error: None,
                loading: false,
            })
        })
    };
    Loaded {
        data: state.data.clone(),
        error: state.error.clone(),
        loading: state.loading,
        reload,
        replace,
    }
}
