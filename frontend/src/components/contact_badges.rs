//! Small markers of contacts: the access badge and the temperature colour dot.

use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::access_text;

/// Properties of [`AccessBadge`].
#[derive(Properties, PartialEq)]
pub struct AccessBadgeProps {
    /// `private`, `shared_read` or `shared_write`.
    pub access: AttrValue,
}

/// "Private" in grey or "Shared, …" in colour, so that shared contacts stand out.
#[component]
pub fn AccessBadge(props: &AccessBadgeProps) -> Html {
    let session = use_session();
    let label = access_text(&props.access)
        .map_or_else(|| props.access.to_string(), |t| session.t(t).to_owned());
    let class = match props.access.as_str() {
        "private" => "badge badge-private",
        "shared_write" => "badge badge-shared-write",
        _ => "badge badge-shared",
    };
    html! {
        <span class={class} data-testid="access-badge" data-access={props.access.clone()}>
            { label }
        </span>
    }
}

/// Properties of [`ColorDot`].
#[derive(Properties, PartialEq)]
pub struct ColorDotProps {
    /// `#rrggbb`; a grey dot when absent or malformed.
    pub color: Option<AttrValue>,
}

/// A round colour marker (temperatures).
#[component]
pub fn ColorDot(props: &ColorDotProps) -> Html {
    let color = props
        .color
        .as_deref()
        .filter(|c| is_hex_color(c))
        .unwrap_or("#c0c6d0");
    html! { <span class="color-dot" style={format!("background:{color}")} aria-hidden="true"></span> }
}

/// Whether `value` is `#rrggbb`; only such values reach a `style` attribute.
pub fn is_hex_color(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hex_colours_are_accepted() {
        assert!(is_hex_color("#a0B1c2"));
        assert!(!is_hex_color("red"));
        assert!(!is_hex_color("#12345"));
        assert!(!is_hex_color("#12345g"));
    }
}
