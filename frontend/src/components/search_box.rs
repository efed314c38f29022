//! A search field that searches as the user types: the text is sent once typing pauses
//! (300 ms), or at once on Enter; a text set from outside (a cleared filter, Back) shows.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Pause in typing after which the text is searched for.
const PAUSE_MS: u32 = 300;

/// Properties of [`SearchBox`].
#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    /// The text searched for now.
    pub value: AttrValue,
    /// Called with the trimmed text to search for, once per change.
    pub onsearch: Callback<String>,
    /// Placeholder and accessible name.
    pub label: AttrValue,
    /// `data-testid` of the input.
    pub testid: AttrValue,
}

/// The search field of a list.
#[component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let text = use_state(|| props.value.to_string());
    let timer = use_mut_ref(|| None::<Timeout>);
    // What was last sent, so that a pause after Enter does not send the same text again.
    let sent = use_mut_ref(|| props.value.trim().to_owned());
    {
        let (text, sent, timer) = (text.clone(), sent.clone(), timer.clone());
        use_effect_with(props.value.clone(), move |value| {
            if value.trim() != sent.borrow().as_str() {
                timer.borrow_mut().take();
                *sent.borrow_mut() = value.trim().to_owned();
                text.set(value.to_string());
            }
        });
    }
    let send = {
        let (sent, onsearch) = (sent.clone(), props.onsearch.clone());
        move |value: &str| {
            let value = value.trim().to_owned();
            if *sent.borrow() != value {
                sent.borrow_mut().clone_from(&value);
                onsearch.emit(value);
            }
        }
    };
    let oninput = {
        let (text, timer, send) = (text.clone(), timer.clone(), send.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let value = input.value();
            text.set(value.clone());
            let send = send.clone();
            // Replacing the timer cancels the one of the previous keystroke.
            *timer.borrow_mut() = Some(Timeout::new(PAUSE_MS, move || send(&value)));
        })
    };
    let onkeydown = {
        let (text, timer) = (text.clone(), timer.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                timer.borrow_mut().take();
                send(&text);
            }
        })
    };
    html! {
        <input type="search" class="search" data-testid={props.testid.clone()}
            placeholder={props.label.clone()} aria-label={props.label.clone()}
            value={(*text).clone()} {oninput} {onkeydown} />
    }
}
