//! One editable list: its items in order, moving them, and adding new ones.

use crm_api_types::{
    CreateListItemRequest, ListItemResponse, ListItemsResponse, ReorderListRequest,
};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::icon_select::IconSelect;
use super::item_row::ItemRow;
use crate::components::{FieldErrors, Loading, ProblemBanner};
use crate::hooks::{load_list, use_load, use_session};
use crate::i18n::{SettingsText, Text};
use crate::services::{api, ApiError};

/// Colour of new temperatures and task categories until one is chosen.
pub const DEFAULT_COLOR: &str = "#9aa5b1";

/// Properties of [`ListEditor`].
#[derive(Properties, PartialEq)]
pub struct ListEditorProps {
    /// `contact_types`, `temperatures`, `history_categories` or `task_categories`.
    pub list: AttrValue,
    /// Heading.
    pub title: SettingsText,
}

/// `ids` with the item at `index` swapped with its neighbour above (`up`) or below;
/// `None` at the ends.
pub(crate) fn moved(ids: &[i64], index: usize, up: bool) -> Option<Vec<i64>> {
    let other = if up { index.checked_sub(1)? } else { index + 1 };
    let mut next = ids.to_vec();
    (other < next.len()).then(|| {
        next.swap(index, other);
        next
    })
}

/// A card with the items of one list.
#[component]
pub fn ListEditor(props: &ListEditorProps) -> Html {
    let session = use_session();
    let items = use_load(
        props.list.clone(),
        |list| async move { load_list(&list).await },
    );
    let error = use_state(|| None::<ApiError>);
    let new_title = use_state(String::new);
    let new_color = use_state(|| DEFAULT_COLOR.to_owned());
    let new_icon = use_state(String::new);
    let busy = use_state(|| false);
    let with_color = props.list == "temperatures" || props.list == "task_categories";
    let with_icon = props.list == "task_categories";
    let list = props.list.to_string();

    let Some(current) = items.data.clone() else {
        return match items.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={items.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };
    let on_error = {
        let error = error.clone();
        Callback::from(move |e| error.set(Some(e)))
    };
    let on_changed = {
        let (error, reload) = (error.clone(), items.reload.clone());
        Callback::from(move |()| {
            error.set(None);
            reload.emit(());
        })
    };
    let ids: Vec<i64> = current.iter().map(|i| i.id).collect();
    let on_move = {
        let (error, replace, list) = (error.clone(), items.replace.clone(), list.clone());
        Callback::from(move |(index, up): (usize, bool)| {
            let Some(ids) = moved(&ids, index, up) else {
                return;
            };
            let (error, replace, path) = (
                error.clone(),
                replace.clone(),
                format!("/settings/lists/{list}/order"),
            );
            spawn_local(async move {
                match api::put::<_, ListItemsResponse>(&path, &ReorderListRequest { ids }).await {
                    Ok(answer) => {
                        error.set(None);
                        replace.emit(answer.items);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let onsubmit = {
        let (error, new_title, new_color, new_icon, busy, reload) = (
            error.clone(),
            new_title.clone(),
            new_color.clone(),
            new_icon.clone(),
            busy.clone(),
            items.reload.clone(),
        );
        let path = format!("/settings/lists/{list}");
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = CreateListItemRequest {
                title: new_title.trim().to_owned(),
                color: with_color.then(|| (*new_color).clone()),
                icon: (with_icon && !new_icon.is_empty()).then(|| (*new_icon).clone()),
            };
            busy.set(true);
            let (error, new_title, new_color, new_icon, busy, reload, path) = (
                error.clone(),
                new_title.clone(),
                new_color.clone(),
                new_icon.clone(),
                busy.clone(),
                reload.clone(),
                path.clone(),
            );
            spawn_local(async move {
                let result = api::post::<_, ListItemResponse>(&path, &request).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        error.set(None);
                        new_title.set(String::new());
                        new_color.set(DEFAULT_COLOR.to_owned());
                        new_icon.set(String::new());
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let set_icon = {
        let new_icon = new_icon.clone();
        Callback::from(move |icon: String| new_icon.set(icon))
    };
    let count = current.len();
    let err = (*error).clone();

    html! {
        <section class="card list-editor" data-testid={format!("list-{list}")}>
            <h2>{ session.t(props.title) }</h2>
            if let Some(error) = err.clone() {
                <ProblemBanner {error} on_reload={items.reload.clone()} />
            }
            if current.is_empty() {
                <p class="muted">{ session.t(Text::EmptyList) }</p>
            } else {
                <ul class="list-items">
                    { for current.iter().enumerate().map(|(index, item)| html! {
                        <ItemRow key={item.id} item={item.clone()} siblings={current.clone()} {index}
                            last={index + 1 == count} {with_color} {with_icon} on_move={on_move.clone()}
                            on_changed={on_changed.clone()} on_error={on_error.clone()} />
                    }) }
                </ul>
            }
            <form class="inline-form" {onsubmit} novalidate=true>
                <input type="text" value={(*new_title).clone()} oninput={input(&new_title)} maxlength="100"
                    placeholder={session.t(SettingsText::NewItem)} aria-label={session.t(SettingsText::NewItem)}
                    data-testid="list-new-title" />
                if with_color {
                    <input type="color" value={(*new_color).clone()} oninput={input(&new_color)}
                        aria-label={session.t(SettingsText::Color)} data-testid="list-new-color" />
                }
                if with_icon {
                    <IconSelect value={(*new_icon).clone()} onchange={set_icon} testid="list-new-icon" />
                }
                <button type="submit" class="button" data-testid="list-add" disabled={*busy || new_title.trim().is_empty()}>
                    { session.t(SettingsText::Add) }
                </button>
            </form>
            <FieldErrors error={err.clone()} field="title" />
            <FieldErrors error={err.clone()} field="color" />
            <FieldErrors error={err} field="icon" />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_swaps_with_the_neighbour_and_stops_at_the_ends() {
        assert_eq!(moved(&[1, 2, 3], 1, true), Some(vec![2, 1, 3]));
        assert_eq!(moved(&[1, 2, 3], 1, false), Some(vec![1, 3, 2]));
        assert_eq!(moved(&[1, 2, 3], 0, true), None);
        assert_eq!(moved(&[1, 2, 3], 2, false), None);
    }
}
