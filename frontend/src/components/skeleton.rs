//! Placeholder rows shown while a list's first page loads, so that the page keeps its shape
//! instead of showing a blank area that jumps when the rows arrive.

use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::Text;

/// Properties of [`SkeletonRows`] and [`SkeletonTable`].
#[derive(Properties, PartialEq)]
pub struct SkeletonProps {
    /// Columns of the table.
    pub columns: usize,
    /// Rows to show.
    #[prop_or(8)]
    pub rows: usize,
}

/// Placeholder rows for a table's body.
#[component]
pub fn SkeletonRows(props: &SkeletonProps) -> Html {
    html! {
        { for (0..props.rows).map(|row| html! {
            <tr class="skeleton-row" aria-hidden="true" data-testid="skeleton-row">
                { for (0..props.columns).map(|column| html! {
                    <td><span class={classes!("skeleton", ((row + column) % 3 == 1).then_some("short"))}></span></td>
                }) }
            </tr>
        }) }
    }
}

/// A table of placeholder rows, for a list whose page is not ready yet.
#[component]
pub fn SkeletonTable(props: &SkeletonProps) -> Html {
    let session = use_session();
    html! {
        <div class="table-wrap" aria-busy="true">
            <span class="visually-hidden" role="status">{ session.t(Text::Loading) }</span>
            <table class="table">
                <tbody><SkeletonRows columns={props.columns} rows={props.rows} /></tbody>
            </table>
        </div>
    }
}
