//! A labelled `<select>` that shows the server's complaints about its field.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::FieldErrors;
use crate::hooks::use_session;
use crate::i18n::Label;
use crate::services::ApiError;

/// One choice of a [`SelectField`].
#[derive(Clone, PartialEq)]
pub struct SelectOption {
    /// The value sent to the API (empty for "none").
    pub value: String,
    /// What to show, already translated.
    pub label: String,
}

impl SelectOption {
    /// A choice with its value and shown text.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// Properties of [`SelectField`].
#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    /// Label.
    pub label: Label,
    /// The field name as the API spells it; also the element id.
    pub name: AttrValue,
    /// The choices, in order.
    pub options: Vec<SelectOption>,
    /// The chosen value.
    pub value: AttrValue,
    /// Called with the newly chosen value.
    pub onchange: Callback<String>,
    /// The failed save whose field errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
    /// Hint below the select.
    #[prop_or_default]
    pub hint: Option<Label>,
    /// `data-testid` of the select.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A labelled `<select>`.
#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let session = use_session();
    let id = format!("f-{}", props.name);
    let invalid = props
        .error
        .as_ref()
        .is_some_and(|e| e.field_problems(&props.name).next().is_some());
    let onchange = props.onchange.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ session.t(props.label) }</label>
            <select id={id} name={props.name.clone()} {onchange} data-testid={props.testid.clone()}
                aria-invalid={invalid.to_string()}>
                { for props.options.iter().map(|o| html! {
                    <option value={o.value.clone()} selected={*props.value == *o.value}>{ o.label.clone() }</option>
                }) }
            </select>
            if let Some(hint) = props.hint {
                <p class="hint">{ session.t(hint) }</p>
            }
            <FieldErrors error={props.error.clone()} field={props.name.clone()} />
        </div>
    }
}
