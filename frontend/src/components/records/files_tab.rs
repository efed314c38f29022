//! The files tab of a record: every file attached to its history (and, for a company, to its
//! people's), with who added it and when, newest first.

use std::rc::Rc;

use crm_api_types::{HistoryEntryResponse, HistoryQueryParams, RecordRef};
use yew::prelude::*;
use yew_router::prelude::*;

use super::attachments::{file_size, FileLinks};
use crate::app::Route;
use crate::components::{LoadMore, ProblemBanner};
use crate::hooks::{use_paged_list, use_session, ContactChoices};
use crate::i18n::HistoryText;
use crate::services::{format, with_query};

/// Properties of [`FilesTab`].
#[derive(Properties, PartialEq)]
pub struct FilesTabProps {
    /// The record whose files these are.
    pub record: RecordRef,
    /// The record is a company: its people's files are listed too.
    #[prop_or_default]
    pub company: bool,
    /// Users, to name who added a file.
    pub choices: Rc<ContactChoices>,
}

/// The files tab.
#[component]
pub fn FilesTab(props: &FilesTabProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let query = HistoryQueryParams {
        with_files: Some(true),
        include_people: props.company.then_some(true),
        ..HistoryQueryParams::default()
    };
    let path = with_query(&format!("{}/history", props.record.path()), &query);
    let list = use_paged_list::<HistoryEntryResponse>(path);
    let rows = list
        .items
        .iter()
        .flat_map(|entry| entry.files.iter().map(move |file| (entry, file)));
    let files: usize = list.items.iter().map(|e| e.files.len()).sum();

    html! {
        <section class="card" data-testid="files">
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if files > 0 {
                <div class="table-wrap">
                    <table class="table" data-testid="files-table">
                        <thead><tr>
                            <th>{ HistoryText::FileName.tr(lang) }</th>
                            <th>{ HistoryText::FileSize.tr(lang) }</th>
                            <th>{ HistoryText::FileAddedBy.tr(lang) }</th>
                            <th>{ HistoryText::FileAddedAt.tr(lang) }</th>
                            if props.company {
                                <th>{ HistoryText::FileOf.tr(lang) }</th>
                            }
                        </tr></thead>
                        <tbody>
                            { for rows.map(|(entry, file)| html! {
                                <tr key={file.id} data-testid="file-row" data-id={file.id.to_string()}>
                                    <td data-label={HistoryText::FileName.tr(lang)}>
                                        <FileLinks files={vec![file.clone()]} />
                                    </td>
                                    <td data-label={HistoryText::FileSize.tr(lang)} class="nowrap">
                                        { file_size(file.size, lang) }
                                    </td>
                                    <td data-label={HistoryText::FileAddedBy.tr(lang)} data-testid="file-added-by">
                                        { props.choices.users.name(file.created_by) }
                                    </td>
                                    <td data-label={HistoryText::FileAddedAt.tr(lang)} class="nowrap">
                                        { format::date_time(&file.created_at, lang) }
                                    </td>
                                    if props.company {
                                        <td data-label={HistoryText::FileOf.tr(lang)} data-testid="file-record">
                                            <Link<Route> to={Route::Contact { id: entry.record_id }}>
                                                { entry.record_name.clone().unwrap_or_else(|| format!("#{}", entry.record_id)) }
                                            </Link<Route>>
                                        </td>
                                    }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            } else if !list.loading && list.error.is_none() {
                <p class="muted" data-testid="files-empty">{ HistoryText::NoFiles.tr(lang) }</p>
            }
            <LoadMore shown={list.items.len()} total={list.total} has_more={list.has_more}
                loading={list.loading} on_more={list.load_more.clone()} />
        </section>
    }
}
