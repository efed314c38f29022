//! Labelled form inputs that show the server's complaints about their field.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{field_message, Label};
use crate::services::ApiError;

/// Properties of [`FieldErrors`].
#[derive(Properties, PartialEq)]
pub struct FieldErrorsProps {
    /// The failed save, if any.
    pub error: Option<ApiError>,
    /// The field name as the API spells it.
    pub field: AttrValue,
    /// Only errors of exactly this field, not of its items (`field[3]`, `field.sub`).
    #[prop_or_default]
    pub exact: bool,
}

/// The translated messages for one invalid field.
#[component]
pub fn FieldErrors(props: &FieldErrorsProps) -> Html {
    let session = use_session();
    let messages = props
        .error
        .as_ref()
        .map(|e| {
            if props.exact {
                e.errors
                    .iter()
                    .filter(|p| p.field == *props.field)
                    .map(|p| field_message(p, session.lang()))
                    .collect()
            } else {
                e.field_messages(&props.field, session.lang())
            }
        })
        .unwrap_or_default();
    html! {
        { for messages.into_iter().map(|m| html! { <p class="field-error" role="alert">{ m }</p> }) }
    }
}

/// Properties of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// Label.
    pub label: Label,
    /// The field name as the API spells it; also the element id.
    pub name: AttrValue,
    /// Current value.
    pub value: AttrValue,
    /// Called with the new value on every keystroke.
    pub oninput: Callback<String>,
    /// `text`, `email`, `password`, `date` …
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    /// The failed save whose field errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
    /// Hint below the input.
    #[prop_or_default]
    pub hint: Option<Label>,
    /// `autocomplete` attribute.
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// Id of a `<datalist>` with suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    /// `data-testid` of the input.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// The browser refuses to submit while empty.
    #[prop_or_default]
    pub required: bool,
    /// `maxlength` attribute.
    #[prop_or_default]
    pub maxlength: Option<AttrValue>,
}

/// A labelled `<input>`.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let session = use_session();
    let id = format!("f-{}", props.name);
    let invalid = props
        .error
        .as_ref()
        .is_some_and(|e| e.field_problems(&props.name).next().is_some());
    let oninput = props.oninput.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.value()
    });
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ session.t(props.label) }</label>
            <input id={id} name={props.name.clone()} type={props.input_type.clone()}
                value={props.value.clone()} {oninput} required={props.required}
                autocomplete={props.autocomplete.clone()} list={props.list.clone()}
                maxlength={props.maxlength.clone()}
                data-testid={props.testid.clone()} aria-invalid={invalid.to_string()} />
            if let Some(hint) = props.hint {
                <p class="hint">{ session.t(hint) }</p>
            }
            <FieldErrors error={props.error.clone()} field={props.name.clone()} />
        </div>
    }
}

/// Properties of [`CheckField`].
#[derive(Properties, PartialEq)]
pub struct CheckFieldProps {
    /// Label.
    pub label: Label,
    /// The field name as the API spells it; also the element id.
    pub name: AttrValue,
    /// Whether it is ticked.
    pub checked: bool,
    /// Called with the new state.
    pub onchange: Callback<bool>,
    /// Hint below the checkbox.
    #[prop_or_default]
    pub hint: Option<Label>,
    /// The failed save whose field errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
}

/// A labelled checkbox.
#[component]
pub fn CheckField(props: &CheckFieldProps) -> Html {
    let session = use_session();
    let id = format!("f-{}", props.name);
    let onchange = props.onchange.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    html! {
        <div class="field check">
            <input id={id.clone()} type="checkbox" checked={props.checked} {onchange} />
            <label for={id}>{ session.t(props.label) }</label>
            if let Some(hint) = props.hint {
                <p class="hint">{ session.t(hint) }</p>
            }
            <FieldErrors error={props.error.clone()} field={props.name.clone()} />
        </div>
    }
}

/// Properties of [`TextAreaField`].
#[derive(Properties, PartialEq)]
pub struct TextAreaFieldProps {
    /// Label.
    pub label: Label,
    /// The field name as the API spells it; also the element id.
    pub name: AttrValue,
    /// Current value.
    pub value: AttrValue,
    /// Called with the new value on every keystroke.
    pub oninput: Callback<String>,
    /// The failed save whose field errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
    /// `data-testid` of the text area.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A labelled `<textarea>` for longer text.
#[component]
pub fn TextAreaField(props: &TextAreaFieldProps) -> Html {
    let session = use_session();
    let id = format!("f-{}", props.name);
    let invalid = props
        .error
        .as_ref()
        .is_some_and(|e| e.field_problems(&props.name).next().is_some());
    let oninput = props.oninput.reform(|e: InputEvent| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        area.value()
    });
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{ session.t(props.label) }</label>
            <textarea id={id} name={props.name.clone()} rows="4" value={props.value.clone()} {oninput}
                data-testid={props.testid.clone()} aria-invalid={invalid.to_string()} />
            <FieldErrors error={props.error.clone()} field={props.name.clone()} />
        </div>
    }
}
