//! One item of an editable list: rename, recolour, change its icon, move, delete (with a
//! replacement when in use).

use crm_api_types::{DeleteListItemParams, ListItemResponse, UpdateListItemRequest};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::editor::DEFAULT_COLOR;
use super::icon_select::IconSelect;
use crate::components::{is_hex_color, ColorDot};
use crate::hooks::use_session;
use crate::i18n::{fill, SettingsText, Text};
use crate::services::{api, browser, format, with_query, ApiError};

/// Properties of [`ItemRow`].
#[derive(Properties, PartialEq)]
pub struct ItemRowProps {
    /// The item.
    pub item: ListItemResponse,
    /// Every item of the list (replacement choices).
    pub siblings: Vec<ListItemResponse>,
    /// Position in the list.
    pub index: usize,
    /// Whether it is the last item.
    pub last: bool,
    /// Whether items have a colour (temperatures, task categories).
    pub with_color: bool,
    /// Whether items have an icon (task categories).
    #[prop_or_default]
    pub with_icon: bool,
    /// Moves the item at the index up (`true`) or down.
    pub on_move: Callback<(usize, bool)>,
    /// Called after the item changed or went.
    pub on_changed: Callback<()>,
    /// Called when a change failed.
    pub on_error: Callback<ApiError>,
}

/// The item's colour for the colour input.
fn color_of(item: &ListItemResponse) -> String {
    item.color
        .clone()
        .filter(|c| is_hex_color(c))
        .unwrap_or_else(|| DEFAULT_COLOR.to_owned())
}

/// Runs `call`, then reports success or the error.
fn run<F>(call: F, on_changed: Callback<()>, on_error: Callback<ApiError>)
where
    F: std::future::Future<Output = Result<(), ApiError>> + 'static,
{
    spawn_local(async move {
        match call.await {
            Ok(()) => on_changed.emit(()),
            Err(e) => on_error.emit(e),
        }
    });
}

/// Deletes the item at `path`, moving its records to `replace_with`.
async fn delete_item(path: String, replace_with: Option<i64>) -> Result<(), ApiError> {
    api::delete(&with_query(&path, &DeleteListItemParams { replace_with })).await
}

/// A row of the list editor.
#[component]
pub fn ItemRow(props: &ItemRowProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let item = &props.item;
    let title = use_state(|| item.title.clone());
    let color = use_state(|| color_of(item));
    let icon = use_state(|| item.icon.clone().unwrap_or_default());
    let replacing = use_state(|| false);
    let replacement = use_state(|| None::<i64>);
    {
        let (title, color, icon, replacing) = (
            title.clone(),
            color.clone(),
            icon.clone(),
            replacing.clone(),
        );
        use_effect_with(item.clone(), move |item| {
            title.set(item.title.clone());
            color.set(color_of(item));
            icon.set(item.icon.clone().unwrap_or_default());
            replacing.set(false);
        });
    }
    let path = format!("/settings/lists/{}/{}", item.list, item.id);
    let changed_title = title.trim() != item.title;
    let changed_color = props.with_color && *color != color_of(item);
    let changed_icon = props.with_icon && *icon != item.icon.clone().unwrap_or_default();

    let on_save = {
        let (path, title, color, icon, version) = (
            path.clone(),
            title.clone(),
            color.clone(),
            icon.clone(),
            item.version,
        );
        let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            let change = UpdateListItemRequest {
                title: changed_title.then(|| title.trim().to_owned()),
                color: changed_color.then(|| (*color).clone()),
                // Empty clears the icon.
                icon: changed_icon.then(|| (*icon).clone()),
                version: Some(version),
            };
            let path = path.clone();
            let call = async move {
                api::patch::<_, ListItemResponse>(&path, &change)
                    .await
                    .map(|_| ())
            };
            run(call, on_changed.clone(), on_error.clone());
        })
    };
    let on_delete = {
        let (item, replacing, path) = (item.clone(), replacing.clone(), path.clone());
        let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            if item.usage_count.unwrap_or_default() > 0 {
                return replacing.set(true);
            }
            if !browser::confirm(&fill(
                SettingsText::ConfirmDeleteItem.tr(lang),
                &[("name", &item.title)],
            )) {
                return;
            }
            let (replacing, on_changed, on_error) =
                (replacing.clone(), on_changed.clone(), on_error.clone());
            let call = delete_item(path.clone(), None);
            spawn_local(async move {
                match call.await {
                    Ok(()) => on_changed.emit(()),
                    // Someone started using it meanwhile: ask for a replacement.
                    Err(e) if e.code == "in_use" => replacing.set(true),
                    Err(e) => on_error.emit(e),
                }
            });
        })
    };
    let on_replace = {
        let replacement = *replacement;
        let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            if replacement.is_some() {
                run(
                    delete_item(path.clone(), replacement),
                    on_changed.clone(),
                    on_error.clone(),
                );
            }
        })
    };
    let on_title = {
        let title = title.clone();
        Callback::from(move |e: InputEvent| {
            title.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_color = {
        let color = color.clone();
        Callback::from(move |e: InputEvent| {
            color.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_replacement = {
        let replacement = replacement.clone();
        Callback::from(move |e: Event| {
            replacement.set(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .ok(),
            )
        })
    };
    let on_icon = {
        let icon = icon.clone();
        Callback::from(move |value: String| icon.set(value))
    };
    let index = props.index;
    let move_up = props.on_move.reform(move |_: MouseEvent| (index, true));
    let move_down = props.on_move.reform(move |_: MouseEvent| (index, false));
    let uses = format!(
        "{}: {}",
        SettingsText::Uses.tr(lang),
        item.usage_count.unwrap_or_default()
    );

    html! {
        <li class="list-item" data-testid="list-item">
            if props.with_color {
                <ColorDot color={Some(AttrValue::from((*color).clone()))} />
                <input type="color" value={(*color).clone()} oninput={on_color}
                    aria-label={SettingsText::Color.tr(lang)} data-testid="list-item-color" />
            }
            if props.with_icon {
                <IconSelect value={(*icon).clone()} onchange={on_icon} testid="list-item-icon" />
            }
            <input type="text" value={(*title).clone()} oninput={on_title} maxlength="100"
                aria-label={SettingsText::ItemTitle.tr(lang)} data-testid="list-item-title" />
            if changed_title || changed_color || changed_icon {
                <button type="button" class="button small primary" data-testid="list-item-save" onclick={on_save}>
                    { Text::Save.tr(lang) }
                </button>
            }
            <span class="muted small">{ uses }</span>
            <span class="spacer"></span>
            <button type="button" class="button small" disabled={props.index == 0} onclick={move_up}
                title={SettingsText::MoveUp.tr(lang)} aria-label={SettingsText::MoveUp.tr(lang)}
                data-testid="list-item-up">{ "↑" }</button>
            <button type="button" class="button small" disabled={props.last} onclick={move_down}
                title={SettingsText::MoveDown.tr(lang)} aria-label={SettingsText::MoveDown.tr(lang)}
                data-testid="list-item-down">{ "↓" }</button>
            <button type="button" class="button small danger" onclick={on_delete} data-testid="list-item-delete">
                { Text::Delete.tr(lang) }
            </button>
            if *replacing {
                <div class="replace-box" data-testid="list-replace">
                    <p>{ fill(SettingsText::ItemInUse.tr(lang),
                        &[("name", &item.title), ("n", &format::count(item.usage_count.unwrap_or_default(), lang))]) }</p>
                    <select onchange={on_replacement} aria-label={SettingsText::ChooseReplacement.tr(lang)}
                        data-testid="list-replacement">
                        <option value="" selected={replacement.is_none()}>{ SettingsText::ChooseReplacement.tr(lang) }</option>
                        { for props.siblings.iter().filter(|s| s.id != item.id).map(|s| html! {
                            <option value={s.id.to_string()} selected={*replacement == Some(s.id)}>{ s.title.clone() }</option>
                        }) }
                    </select>
                    <button type="button" class="button small danger" disabled={replacement.is_none()}
                        onclick={on_replace} data-testid="list-replace-delete">
                        { SettingsText::ReplaceAndDelete.tr(lang) }
                    </button>
                </div>
            }
        </li>
    }
}
