//! A list's filters and the reader's place in it, kept in the page's URL: the filters as the
//! API's own query parameters, `rows` (how many rows are loaded) and `at` (the row last opened).
//! So Back from a record returns to the same list at the same row, and a filtered list can be
//! bookmarked and shared.

use serde::de::DeserializeOwned;
use serde::Serialize;
use yew::prelude::*;
use yew_router::prelude::*;

use crm_api_types::DEFAULT_LIMIT;

use crate::app::Route;

/// The URL parameter of the number of rows loaded.
const ROWS: &str = "rows";
/// The URL parameter of the row last opened.
const AT: &str = "at";

/// A list's state as its URL holds it.
#[derive(Clone, PartialEq)]
pub struct UrlList<Q: PartialEq> {
    /// The filters, sort and search; `initial` when the URL has none (or unreadable ones).
    pub query: Q,
    /// Rows loaded when the URL was written (more than the first page).
    pub rows: Option<u32>,
    /// The id of the row last opened, to scroll back to.
    pub at: Option<i64>,
    /// New filters: the URL gets them, and the place (rows, row) starts again.
    pub set_query: Callback<Q>,
    /// The reader's place in the same list.
    pub set_place: Callback<(Option<u32>, Option<i64>)>,
}

/// Reads the list state of the current route's URL, and writes it (replacing the history
/// entry, so Back leaves the list rather than undoing a filter).
#[hook]
pub fn use_url_list<Q>(initial: fn() -> Q) -> UrlList<Q>
where
    Q: Serialize + DeserializeOwned + Clone + PartialEq + 'static,
{
    let location = use_location();
    let route = use_route::<Route>();
    let navigator = use_navigator();
    let (query, rows, at) = read(location.as_ref().map_or("", |l| l.query_str()), initial);
    let write = move |query: &Q, rows: Option<u32>, at: Option<i64>| {
        let (Some(navigator), Some(route)) = (&navigator, &route) else {
            return;
        };
        let mut pairs = pairs_of(query);
        pairs.extend(rows.map(|n| (ROWS.to_owned(), n.to_string())));
        pairs.extend(at.map(|id| (AT.to_owned(), id.to_string())));
        let _ignored = navigator.replace_with_query(route, &pairs);
    };
    let set_query = {
        let write = write.clone();
        Callback::from(move |next: Q| write(&next, None, None))
    };
    let set_place = {
        let query = query.clone();
        Callback::from(move |(rows, at): (Option<u32>, Option<i64>)| write(&query, rows, at))
    };
    UrlList {
        query,
        rows,
        at,
        set_query,
        set_place,
    }
}

impl<Q: Clone + PartialEq + 'static> UrlList<Q> {
    /// A callback that sets one field of the query from a text with `apply`, and starts the
    /// list again.
    pub fn setter(&self, apply: fn(&mut Q, String)) -> Callback<String> {
        let (query, set) = (self.query.clone(), self.set_query.clone());
        Callback::from(move |value: String| {
            let mut next = query.clone();
            apply(&mut next, value);
            set.emit(next);
        })
    }

    /// [`UrlList::setter`] for a `<select>`'s change.
    pub fn select_setter(&self, apply: fn(&mut Q, String)) -> Callback<Event> {
        self.setter(apply).reform(|e: Event| {
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
        })
    }
}

/// The parameters of `query` as name–value pairs.
fn pairs_of<Q: Serialize>(query: &Q) -> Vec<(String, String)> {
    serde_urlencoded::to_string(query)
        .ok()
        .and_then(|s| serde_urlencoded::from_str(&s).ok())
        .unwrap_or_default()
}

/// The filters, rows and row of a query string (with or without its `?`).
fn read<Q: DeserializeOwned>(query_str: &str, initial: fn() -> Q) -> (Q, Option<u32>, Option<i64>) {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query_str.trim_start_matches('?')).unwrap_or_default();
    let (mut rows, mut at, mut rest) = (None, None, Vec::new());
    for (name, value) in pairs {
        match name.as_str() {
            ROWS => rows = value.parse().ok(),
            AT => at = value.parse().ok(),
            // A page position belongs to the list as loaded, never to its filters.
            "cursor" => {}
            _ => rest.push((name, value)),
        }
    }
    let query = if rest.is_empty() {
        initial()
    } else {
        serde_urlencoded::to_string(&rest)
            .ok()
            .and_then(|s| serde_urlencoded::from_str(&s).ok())
            .unwrap_or_else(initial)
    };
    (query, rows, at)
}

/// The rows to record for `shown` loaded rows: none while only the first page is.
pub fn loaded_rows(shown: usize) -> Option<u32> {
    u32::try_from(shown).ok().filter(|n| *n > DEFAULT_LIMIT)
}

/// Records in the URL how many rows are loaded, once more than the first page are.
#[hook]
pub fn use_rows_in_url<Q: Clone + PartialEq + 'static>(url: &UrlList<Q>, shown: usize) {
    let (set_place, recorded, at) = (url.set_place.clone(), url.rows, url.at);
    use_effect_with(shown, move |shown| {
        let rows = loaded_rows(*shown);
        if rows.is_some() && rows != recorded {
            set_place.emit((rows, at));
        }
    });
}

/// Scrolls the row with `data-id="{at}"` among the `row_testid` rows into view, once, as soon
/// as a render shows it (the rows and the page around them may arrive in any order).
#[hook]
pub fn use_scroll_to_row(row_testid: &'static str, at: Option<i64>) {
    let done = use_mut_ref(|| false);
    use_effect(move || {
        let Some(at) = at else { return };
        if *done.borrow() {
            return;
        }
        let row = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            d.query_selector(&format!("[data-testid=\"{row_testid}\"][data-id=\"{at}\"]"))
                .ok()
                .flatten()
        });
        if let Some(row) = row {
            row.scroll_into_view_with_bool(false);
            *done.borrow_mut() = true;
        }
    });
}

/// Whether a click on a link is a plain left click, not one that opens a new tab or window.
pub fn is_plain_click(e: &MouseEvent) -> bool {
    e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key())
}

/// An `onclick` for a link to a record of a list: records the row in the list's URL first, so
/// Back returns to it, then opens the record. A click that opens a new tab is left alone.
pub fn open_row(
    place: &Callback<(Option<u32>, Option<i64>)>,
    rows: Option<u32>,
    id: i64,
    to: Route,
    navigator: Option<Navigator>,
) -> Callback<MouseEvent> {
    let place = place.clone();
    Callback::from(move |e: MouseEvent| {
        if !is_plain_click(&e) {
            return;
        }
        let Some(navigator) = &navigator else { return };
        e.prevent_default();
        place.emit((rows, Some(id)));
        navigator.push(&to);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api_types::TaskQueryParams;

    fn mine() -> TaskQueryParams {
        TaskQueryParams {
            mine: Some(true),
            ..Default::default()
        }
    }

    #[test]
    fn the_place_is_read_apart_from_the_filters() {
        let (query, rows, at) = read::<TaskQueryParams>("?q=call&mine=false&rows=120&at=7", mine);
        assert_eq!(query.q.as_deref(), Some("call"));
        assert_eq!(query.mine, Some(false));
        assert_eq!((rows, at), (Some(120), Some(7)));
    }

    #[test]
    fn a_cursor_in_the_url_is_not_a_filter() {
        let (query, _, _) = read::<TaskQueryParams>("?q=call&cursor=abc", mine);
        assert_eq!(query.cursor, None);
        assert_eq!(query.q.as_deref(), Some("call"));
    }

    #[test]
    fn no_or_unreadable_filters_give_the_initial_ones() {
        assert_eq!(read::<TaskQueryParams>("", mine).0, mine());
        assert_eq!(read::<TaskQueryParams>("?rows=100", mine).0, mine());
        assert_eq!(read::<TaskQueryParams>("?nonsense=1", mine).0, mine());
    }

    #[test]
    fn filters_round_trip_through_their_pairs() {
        let query = TaskQueryParams {
            q: Some("a & b=c".into()),
            mine: Some(false),
            ..Default::default()
        };
        let text = serde_urlencoded::to_string(pairs_of(&query)).unwrap_or_default();
        assert_eq!(read::<TaskQueryParams>(&text, mine).0, query);
    }
}
