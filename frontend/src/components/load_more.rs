//! The "load more" footer of paged lists.

use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{fill, Text};
use crate::services::format;

/// Properties of [`LoadMore`].
#[derive(Properties, PartialEq)]
pub struct LoadMoreProps {
    /// Records shown.
    pub shown: usize,
    /// Records in total.
    pub total: i64,
    /// More records than `total` (the server stopped counting there).
    #[prop_or_default]
    pub total_capped: bool,
    /// Whether there is another page.
    pub has_more: bool,
    /// A page is loading.
    pub loading: bool,
    /// Loads the next page.
    pub on_more: Callback<()>,
}

/// "Showing 50 of 120" and a "Load more" button while there are more pages.
#[component]
pub fn LoadMore(props: &LoadMoreProps) -> Html {
    let session = use_session();
    let summary = fill(
        session.t(if props.total_capped {
            Text::ShownOfMoreThan
        } else {
            Text::ShownOfTotal
        }),
        &[
            (
                "shown",
                &format::count(
                    i64::try_from(props.shown).unwrap_or(i64::MAX),
                    session.lang(),
                ),
            ),
            ("total", &format::count(props.total, session.lang())),
        ],
    );
    let onclick = props.on_more.reform(|_: MouseEvent| ());
    html! {
        <div class="load-more">
            <span class="muted">{ summary }</span>
            if props.has_more {
                <button type="button" class="button" data-testid="load-more"
                    disabled={props.loading} {onclick}>
                    { session.t(if props.loading { Text::Loading } else { Text::LoadMore }) }
                </button>
            }
        </div>
    }
}
