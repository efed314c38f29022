//! A hook for the keyset-paged lists of the API: first page on filter change, "load more".

use std::rc::Rc;

use crm_api_types::{Page, DEFAULT_LIMIT, MAX_LIMIT};
use serde::de::DeserializeOwned;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::api::{get, with_cursor};
use crate::services::ApiError;

/// The records loaded so far and how to get more.
#[derive(Clone, PartialEq)]
pub struct PagedList<T: PartialEq> {
    /// Records of all pages loaded so far.
    pub items: Rc<Vec<T>>,
    /// Records matching the filters, over all pages.
    pub total: i64,
    /// More records match than `total` (the server stopped counting).
    pub total_capped: bool,
    /// Whether there is a next page.
    pub has_more: bool,
    /// A page is loading.
    pub loading: bool,
    /// The rows shown are those of the previous filters while the first page of the new ones
    /// loads (to be shown as out of date, not removed).
    pub stale: bool,
    /// Why the last page failed to load.
    pub error: Option<ApiError>,
    /// Loads the next page.
    pub load_more: Callback<()>,
    /// Starts again from the first page.
    pub reload: Callback<()>,
}

#[derive(Clone, PartialEq)]
struct ListState<T> {
    generation: u32,
    items: Rc<Vec<T>>,
    next_cursor: Option<String>,
    total: i64,
    total_capped: bool,
    loading: bool,
    stale: bool,
    error: Option<ApiError>,
}

enum ListAction<T> {
    Start(u32),
    More,
    Loaded {
        generation: u32,
        page: Page<T>,
        append: bool,
    },
    Failed {
        generation: u32,
        error: ApiError,
    },
}

impl<T: Clone> Reducible for ListState<T> {
    type Action = ListAction<T>;

    fn reduce(self: Rc<Self>, action: ListAction<T>) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ListAction::Start(generation) => {
                next.generation = generation;
                next.loading = true;
                next.stale = !self.items.is_empty();
                next.error = None;
            }
            ListAction::More => {
                next.loading = true;
                next.error = None;
            }
            ListAction::Loaded { generation, .. } | ListAction::Failed { generation, .. }
                if generation != self.generation =>
            {
                return self;
            }
            ListAction::Loaded { page, append, .. } => {
                let mut items = if append {
                    (*self.items).clone()
                } else {
                    Vec::new()
                };
                items.extend(page.items);
                next.items = Rc::new(items);
                next.next_cursor = page.next_cursor;
                next.total = page.total;
                next.total_capped = page.total_capped;
                next.loading = false;
                next.stale = false;
            }
            ListAction::Failed { error, .. } => {
                next.error = Some(error);
                next.loading = false;
                next.stale = false;
            }
        }
        Rc::new(next)
    }
}

/// Loads `path` (a list endpoint with its filters in the query string) page by page.
/// Changing `path` starts again from the first page.
#[hook]
pub fn use_paged_list<T>(path: String) -> PagedList<T>
where
    T: Clone + PartialEq + DeserializeOwned + 'static,
{
    use_paged_list_keeping(path, None)
}

/// [`use_paged_list`] whose first page (on a new `path` or a reload) holds `rows` rows when more
/// than a page (up to [`MAX_LIMIT`]): the rows the reader had loaded before leaving the list.
#[hook]
pub fn use_paged_list_keeping<T>(path: String, rows: Option<u32>) -> PagedList<T>
where
    T: Clone + PartialEq + DeserializeOwned + 'static,
{
    // Read when a first page is fetched, not a reason to fetch one.
    let keep = use_mut_ref(|| None::<u32>);
    *keep.borrow_mut() = rows;
    let state = use_reducer(|| ListState::<T> {
        generation: 0,
        items: Rc::new(Vec::new()),
        next_cursor: None,
        total: 0,
        total_capped: false,
        loading: true,
        stale: false,
        error: None,
    });
    let reloads = use_state(|| 0u32);
    {
        let dispatcher = state.dispatcher();
        let generation = state.generation;
        use_effect_with((path.clone(), *reloads), move |(path, _)| {
            let generation = generation.wrapping_add(1);
            dispatcher.dispatch(ListAction::Start(generation));
            let first = match *keep.borrow() {
                Some(rows) if rows > DEFAULT_LIMIT => with_limit(path, rows.min(MAX_LIMIT)),
                _ => path.clone(),
            };
            fetch(dispatcher, first, generation, false);
        });
    }
    let load_more = {
        let dispatcher = state.dispatcher();
        let cursor = state.next_cursor.clone();
        let generation = state.generation;
        let busy = state.loading;
        Callback::from(move |()| {
            if let (Some(cursor), false) = (cursor.as_deref(), busy) {
                dispatcher.dispatch(ListAction::More);
                fetch(
                    dispatcher.clone(),
                    with_cursor(&path, Some(cursor)),
                    generation,
                    true,
                );
            }
        })
    };
    let reload = Callback::from(move |()| reloads.set(reloads.wrapping_add(1)));
    PagedList {
        items: state.items.clone(),
        total: state.total,
        total_capped: state.total_capped,
        has_more: state.next_cursor.is_some(),
        loading: state.loading,
        stale: state.stale,
        error: state.error.clone(),
        load_more,
        reload,
    }
}

/// `path` (which may already have a query string) with `limit=` added.
fn with_limit(path: &str, limit: u32) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}limit={limit}")
}

fn fetch<T>(
    dispatcher: UseReducerDispatcher<ListState<T>>,
    path: String,
    generation: u32,
    append: bool,
) where
    T: Clone + DeserializeOwned + 'static,
{
    spawn_local(async move {
        dispatcher.dispatch(match get::<Page<T>>(&path).await {
            Ok(page) => ListAction::Loaded {
                generation,
                page,
                append,
            },
            Err(error) => ListAction::Failed { generation, error },
        });
    });
}
