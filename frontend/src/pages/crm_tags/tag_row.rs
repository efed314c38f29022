//! One tag in the tags table: rename it, merge it into another, delete it.

use crm_api_types::{MergeTagRequest, RenameTagRequest, TagResponse};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{fill, SettingsText, Text};
use crate::services::{api, browser, ApiError};

/// Properties of [`TagRow`].
#[derive(Properties, PartialEq)]
pub struct TagRowProps {
    /// The tag.
    pub tag: TagResponse,
    /// Every tag shown (merge targets).
    pub others: Vec<TagResponse>,
    /// Called after the tag changed or went.
    pub on_changed: Callback<()>,
    /// Called when a change failed.
    pub on_error: Callback<ApiError>,
}

/// Runs `call`, then reports success or the error.
fn run<F, R>(call: F, on_changed: Callback<()>, on_error: Callback<ApiError>)
where
    F: std::future::Future<Output = Result<R, ApiError>> + 'static,
{
    spawn_local(async move {
        match call.await {
            Ok(_) => on_changed.emit(()),
            Err(e) => on_error.emit(e),
        }
    });
}

/// A row of the tags table.
#[component]
pub fn TagRow(props: &TagRowProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let tag = &props.tag;
    let name = use_state(|| tag.name.clone());
    let into = use_state(|| None::<i64>);
    {
        let (name, into) = (name.clone(), into.clone());
        use_effect_with(tag.clone(), move |tag| {
            name.set(tag.name.clone());
            into.set(None);
        });
    }
    let renamed = name.trim() != tag.name && !name.trim().is_empty();
    let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());

    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_rename = {
        let (id, name, on_changed, on_error) =
            (tag.id, name.clone(), on_changed.clone(), on_error.clone());
        Callback::from(move |_: MouseEvent| {
            let request = RenameTagRequest {
                name: name.trim().to_owned(),
            };
            let call =
                async move { api::patch::<_, TagResponse>(&format!("/tags/{id}"), &request).await };
            run(call, on_changed.clone(), on_error.clone());
        })
    };
    let on_into = {
        let into = into.clone();
        Callback::from(move |e: Event| {
            into.set(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .ok(),
            )
        })
    };
    let on_merge = {
        let (tag, others, into) = (tag.clone(), props.others.clone(), *into);
        let (on_changed, on_error) = (on_changed.clone(), on_error.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(target) = into.and_then(|id| others.iter().find(|t| t.id == id)) else {
                return;
            };
            let question = fill(
                SettingsText::ConfirmMergeTag.tr(lang),
                &[("name", &tag.name), ("into", &target.name)],
            );
            if !browser::confirm(&question) {
                return;
            }
            let (id, request) = (tag.id, MergeTagRequest { into_id: target.id });
            let call = async move {
                api::post::<_, TagResponse>(&format!("/tags/{id}/merge"), &request).await
            };
            run(call, on_changed.clone(), on_error.clone());
        })
    };
    let on_delete = {
        let tag = tag.clone();
        Callback::from(move |_: MouseEvent| {
            let count = tag.usage_count.unwrap_or_default().to_string();
            let question = fill(
                SettingsText::ConfirmDeleteTag.tr(lang),
                &[("name", &tag.name), ("n", &count)],
            );
            if !browser::confirm(&question) {
                return;
            }
            let id = tag.id;
            run(
                async move { api::delete(&format!("/tags/{id}")).await },
                on_changed.clone(),
                on_error.clone(),
            );
        })
    };

    html! {
        <tr data-testid="tag-row">
            <td data-label={SettingsText::TagName.tr(lang)}>
                <span class="inline-edit">
                    <input type="text" value={(*name).clone()} oninput={on_name} maxlength="50"
                        aria-label={SettingsText::TagName.tr(lang)} data-testid="tag-name" />
                    if renamed {
                        <button type="button" class="button small primary" data-testid="tag-rename" onclick={on_rename}>
                            { SettingsText::Rename.tr(lang) }
                        </button>
                    }
                </span>
            </td>
            <td class="num" data-label={SettingsText::Uses.tr(lang)}>{ tag.usage_count.unwrap_or_default() }</td>
            <td data-label={SettingsText::MergeInto.tr(lang)}>
                <span class="inline-edit">
                    <select onchange={on_into} aria-label={SettingsText::MergeInto.tr(lang)} data-testid="tag-merge-into">
                        <option value="" selected={into.is_none()}>{ SettingsText::MergeInto.tr(lang) }</option>
                        { for props.others.iter().filter(|t| t.id != tag.id).map(|t| html! {
                            <option value={t.id.to_string()} selected={*into == Some(t.id)}>{ t.name.clone() }</option>
                        }) }
                    </select>
                    <button type="button" class="button small" disabled={into.is_none()} onclick={on_merge}
                        data-testid="tag-merge">{ SettingsText::MergeTag.tr(lang) }</button>
                </span>
            </td>
            <td class="num">
                <button type="button" class="button small danger" onclick={on_delete} data-testid="tag-delete">
                    { Text::Delete.tr(lang) }
                </button>
            </td>
        </tr>
    }
}
