//! One custom field in the admin list: its label, type and use; move, change or delete it.

use crm_api_types::CustomFieldResponse;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::field_editor::FieldEditor;
use crate::hooks::use_session;
use crate::i18n::{field_type_text, fill, CustomFieldText, SettingsText, Text};
use crate::services::{api, browser, format, ApiError};

/// Properties of [`FieldRow`].
#[derive(Properties, PartialEq)]
pub struct FieldRowProps {
    /// The field.
    pub field: CustomFieldResponse,
    /// Position in the list.
    pub index: usize,
    /// Whether it is the last field.
    pub last: bool,
    /// Moves the field at the index up (`true`) or down.
    pub on_move: Callback<(usize, bool)>,
    /// Called after the field changed or went.
    pub on_changed: Callback<()>,
    /// Called when deleting failed.
    pub on_error: Callback<ApiError>,
}

/// A row of the custom fields list, or the field's form while it is being changed.
#[component]
pub fn FieldRow(props: &FieldRowProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let editing = use_state(|| false);
    let field = &props.field;

    if *editing {
        let on_saved = {
            let (editing, on_changed) = (editing.clone(), props.on_changed.clone());
            Callback::from(move |_| {
                editing.set(false);
                on_changed.emit(());
            })
        };
        let on_cancel = {
            let editing = editing.clone();
            Callback::from(move |()| editing.set(false))
        };
        return html! {
            <li class="list-item editing" data-testid="custom-field-row">
                <FieldEditor record_kind={field.record_kind.clone()} field={Some(field.clone())}
                    {on_saved} on_cancel={Some(on_cancel)} />
            </li>
        };
    }

    let edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(true))
    };
    let delete = {
        let field = field.clone();
        let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            let question = fill(
                CustomFieldText::ConfirmDeleteField.tr(lang),
                &[
                    ("name", &field.label),
                    ("n", &field.value_count.unwrap_or_default().to_string()),
                ],
            );
            if !browser::confirm(&question) {
                return;
            }
            let (id, on_changed, on_error) = (field.id, on_changed.clone(), on_error.clone());
            spawn_local(async move {
                match api::delete(&format!("/settings/custom-fields/{id}")).await {
                    Ok(()) => on_changed.emit(()),
                    Err(e) => on_error.emit(e),
                }
            });
        })
    };
    let index = props.index;
    let move_up = props.on_move.reform(move |_: MouseEvent| (index, true));
    let move_down = props.on_move.reform(move |_: MouseEvent| (index, false));
    let heading = field.field_type == "heading";
    let type_name =
        field_type_text(&field.field_type).map_or(field.field_type.as_str(), |t| t.tr(lang));

    html! {
        <li class={classes!("list-item", heading.then_some("field-heading"))} data-testid="custom-field-row"
            data-id={field.id.to_string()}>
            <strong data-testid="custom-field-name">{ field.label.clone() }</strong>
            <span class="badge badge-off">{ type_name }</span>
            if field.field_type == "select" {
                <span class="muted small">
                    { field.options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>().join(", ") }
                </span>
            }
            if !heading {
                <span class="muted small">
                    { fill(CustomFieldText::Values.tr(lang), &[("n", &format::count(field.value_count.unwrap_or_default(), lang))]) }
                </span>
            }
            <span class="spacer"></span>
            <button type="button" class="button small" disabled={props.index == 0} onclick={move_up}
                title={SettingsText::MoveUp.tr(lang)} aria-label={SettingsText::MoveUp.tr(lang)}
                data-testid="custom-field-up">{ "↑" }</button>
            <button type="button" class="button small" disabled={props.last} onclick={move_down}
                title={SettingsText::MoveDown.tr(lang)} aria-label={SettingsText::MoveDown.tr(lang)}
                data-testid="custom-field-down">{ "↓" }</button>
            <button type="button" class="button small" onclick={edit} data-testid="custom-field-edit">
                { CustomFieldText::Edit.tr(lang) }
            </button>
            <button type="button" class="button small danger" onclick={delete} data-testid="custom-field-delete">
                { Text::Delete.tr(lang) }
            </button>
        </li>
    }
}
