//! The tags of contacts (CRM admins): rename, merge into another, delete, delete the unused.

mod tag_row;

use crm_api_types::{DeletedCountResponse, TagListResponse, TagQueryParams};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{Loading, Notice, ProblemBanner};
use crate::hooks::{use_load, use_session};
use crate::i18n::{fill, SettingsText, Text};
use crate::services::{api, browser, with_query, ApiError};
use tag_row::TagRow;

/// The tags page.
#[component]
pub fn CrmTagsPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let needle = use_state(String::new);
    let tags = use_load((*needle).clone(), |q| async move {
        let query = TagQueryParams {
            kind: Some("contact".to_owned()),
            q: Some(q.trim().to_owned()).filter(|q| !q.is_empty()),
        };
        api::get::<TagListResponse>(&with_query("/tags", &query))
            .await
            .map(|answer| answer.items)
    });
    let error = use_state(|| None::<ApiError>);
    let notice = use_state(|| None::<String>);

    let on_search = {
        let needle = needle.clone();
        Callback::from(move |e: Event| {
            needle.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_changed = {
        let (error, reload) = (error.clone(), tags.reload.clone());
        Callback::from(move |()| {
            error.set(None);
            reload.emit(());
        })
    };
    let on_error = {
        let error = error.clone();
        Callback::from(move |e| error.set(Some(e)))
    };
    let delete_unused = {
        let (error, notice, reload) = (error.clone(), notice.clone(), tags.reload.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(SettingsText::ConfirmDeleteUnused.tr(lang)) {
                return;
            }
            let (error, notice, reload) = (error.clone(), notice.clone(), reload.clone());
            spawn_local(async move {
                let result = api::request::<(), DeletedCountResponse>(
                    api::Method::DELETE,
                    "/tags/unused?kind=contact",
                    None,
                )
                .await;
                match result {
                    Ok(answer) => {
                        error.set(None);
                        let count = answer.deleted.to_string();
                        notice.set(Some(fill(
                            SettingsText::UnusedDeleted.tr(lang),
                            &[("n", &count)],
                        )));
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let all = tags.data.clone().unwrap_or_default();

    html! {
        <>
            <p class="muted">{ SettingsText::TagsIntro.tr(lang) }</p>
            <div class="toolbar">
                <input type="search" class="search" placeholder={Text::FindPlaceholder.tr(lang)}
                    aria-label={Text::Search.tr(lang)} onchange={on_search} data-testid="tags-search" />
                <span class="spacer"></span>
                <button type="button" class="button danger" data-testid="tags-delete-unused" onclick={delete_unused}>
                    { SettingsText::DeleteUnused.tr(lang) }
                </button>
            </div>
            if let Some(text) = (*notice).clone() {
                <Notice {text} />
            }
            if let Some(error) = (*error).clone().or(tags.error.clone()) {
                <ProblemBanner {error} on_reload={tags.reload.clone()} />
            }
            if tags.data.is_none() && tags.loading {
                <Loading />
            } else if all.is_empty() {
                <p class="muted">{ SettingsText::NoTags.tr(lang) }</p>
            } else {
                <div class="table-wrap">
                    <table class="table" data-testid="tags-table">
                        <thead><tr>
                            <th>{ SettingsText::TagName.tr(lang) }</th>
                            <th class="num">{ SettingsText::Uses.tr(lang) }</th>
                            <th>{ SettingsText::MergeInto.tr(lang) }</th>
                            <th></th>
                        </tr></thead>
                        <tbody>
                            { for all.iter().map(|tag| html! {
                                <TagRow key={tag.id} tag={tag.clone()} others={all.clone()}
                                    on_changed={on_changed.clone()} on_error={on_error.clone()} />
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </>
    }
}
