//! A task category as rows and pickers show it: its icon (or colour dot) and title.

use crm_api_types::ListItemResponse;
use yew::prelude::*;

use super::{is_hex_color, ColorDot};
use crate::hooks::use_session;
use crate::i18n::{icon_symbol, icon_text};

/// Properties of [`CategoryIcon`].
#[derive(Properties, PartialEq)]
pub struct CategoryIconProps {
    /// Icon name (`phone` …); a colour dot when absent or unknown.
    pub icon: Option<AttrValue>,
    /// Colour as `#rrggbb`, if any.
    pub color: Option<AttrValue>,
}

/// The small symbol of a task category, tinted with its colour.
#[component]
pub fn CategoryIcon(props: &CategoryIconProps) -> Html {
    let session = use_session();
    let color = props.color.as_deref().filter(|c| is_hex_color(c));
    let known = props
        .icon
        .as_deref()
        .and_then(|icon| Some((icon, icon_symbol(icon)?, icon_text(icon)?)));
    let Some((icon, symbol, name)) = known else {
        return html! { <ColorDot color={color.map(|c| AttrValue::from(c.to_owned()))} /> };
    };
    // Only `#rrggbb` reaches the style attribute; `1f` adds a light alpha for the fill.
    let style = color.map(|c| format!("border-color:{c};background:{c}1f"));
    html! {
        <span class="category-icon" {style} role="img" aria-label={session.t(name)}
            title={session.t(name)} data-icon={icon.to_owned()}>{ symbol }</span>
    }
}

/// Properties of [`CategoryBadge`].
#[derive(Properties, PartialEq)]
pub struct CategoryBadgeProps {
    /// The category (an item of the list `task_categories`).
    pub category: ListItemResponse,
}

/// Icon and title of a task category.
#[component]
pub fn CategoryBadge(props: &CategoryBadgeProps) -> Html {
    let category = &props.category;
    html! {
        <span class="task-category" data-testid="task-category">
            <CategoryIcon icon={category.icon.clone().map(AttrValue::from)}
                color={category.color.clone().map(AttrValue::from)} />
            <span>{ category.title.clone() }</span>
        </span>
    }
}
