//! Free-text tags shown as chips: type a tag and press Enter, click × to remove one.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::FieldErrors;
use crate::hooks::use_session;
use crate::i18n::{fill, ContactText, Label};
use crate::services::ApiError;

/// Properties of [`TagInput`].
#[derive(Properties, PartialEq)]
pub struct TagInputProps {
    /// Label.
    pub label: Label,
    /// The field name as the API spells it; also the element id.
    pub name: AttrValue,
    /// The tags now.
    pub tags: Vec<String>,
    /// Known tags, offered as suggestions.
    #[prop_or_default]
    pub suggestions: Vec<String>,
    /// Called with the new list of tags.
    pub onchange: Callback<Vec<String>>,
    /// The failed save whose field errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
    /// `data-testid` of the text input.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// `tags` with `typed` added, unless it is blank or already there (case-insensitively).
fn with_tag(tags: &[String], typed: &str) -> Vec<String> {
    let tag = typed.trim();
    let mut next = tags.to_vec();
    if !tag.is_empty() && !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
        next.push(tag.to_owned());
    }
    next
}

/// Chips of the current tags and an input for more.
#[component]
pub fn TagInput(props: &TagInputProps) -> Html {
    let session = use_session();
    let typed = use_state(String::new);
    let id = format!("f-{}", props.name);
    let list_id = format!("{id}-suggestions");

    let add = {
        let (typed, tags, onchange) = (typed.clone(), props.tags.clone(), props.onchange.clone());
        move |value: String| {
            let next = with_tag(&tags, &value);
            if next.len() != tags.len() {
                onchange.emit(next);
            }
            typed.set(String::new());
        }
    };
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            typed.set(input.value());
        })
    };
    let onkeydown = {
        let add = add.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == "," {
                // Enter would otherwise submit the surrounding form.
                e.prevent_default();
                let input: HtmlInputElement = e.target_unchecked_into();
                add(input.value());
            }
        })
    };
    // Leaving the input keeps what was typed, so that Save does not lose it.
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        add(input.value());
    });
    let chips = props.tags.iter().map(|tag| {
        let remove = {
            let (tags, tag, onchange) = (props.tags.clone(), tag.clone(), props.onchange.clone());
            Callback::from(move |_: MouseEvent| {
                onchange.emit(tags.iter().filter(|t| **t != tag).cloned().collect());
            })
        };
        let remove_label = fill(session.t(ContactText::RemoveTag), &[("name", tag)]);
        html! {
            <li class="chip" data-testid="tag-chip">
                <span>{ tag.clone() }</span>
                <button type="button" class="chip-remove" aria-label={remove_label.clone()}
                    title={remove_label} onclick={remove}>{ "×" }</button>
            </li>
        }
    });
    html! {
        <div class="field">
            <label for={id.clone()}>{ session.t(props.label) }</label>
            <div class="tag-input">
                <ul class="chips">{ for chips }</ul>
                <input id={id} type="text" value={(*typed).clone()} {oninput} {onkeydown} {onchange}
                    list={list_id.clone()} maxlength="50" autocomplete="off"
                    placeholder={session.t(ContactText::AddTag)} data-testid={props.testid.clone()} />
            </div>
            <datalist id={list_id}>
                { for props.suggestions.iter().map(|s| html! { <option value={s.clone()} /> }) }
            </datalist>
            <p class="hint">{ session.t(ContactText::TagsHint) }</p>
            <FieldErrors error={props.error.clone()} field={props.name.clone()} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_added_once_whatever_its_case() {
        let tags = vec!["VIP".to_owned()];
        assert_eq!(with_tag(&tags, " vip "), tags);
        assert_eq!(with_tag(&tags, "  "), tags);
        assert_eq!(with_tag(&tags, " Partner "), vec!["VIP", "Partner"]);
    }
}
