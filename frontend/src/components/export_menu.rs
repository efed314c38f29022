//! The "Export" button of a list: the list as its filters show it, written to a CSV or XLSX
//! file by a job on the server, followed live and downloaded when it is ready.

use crm_api_types::{
    CsvDelimiter, ExportFormat, ExportKind, ExportRequest, ExportResult, JobResponse, JobStateName,
};
use serde::Serialize;
use yew::prelude::*;

use super::{JobProgress, ProblemBanner};
use crate::hooks::use_session;
use crate::i18n::{fill, Text};
use crate::services::{api, format, transfer, ApiError};

/// Properties of [`ExportMenu`].
#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    /// The list.
    pub kind: ExportKind,
    /// The list's query string, as its `GET` takes it.
    pub filter: String,
}

/// A list's query as the `filter` of an export.
pub fn filter_of<Q: Serialize>(query: &Q) -> String {
    serde_urlencoded::to_string(query).unwrap_or_default()
}

const CHOICES: [(Text, ExportFormat, CsvDelimiter, &str); 3] = [
    (
        Text::ExportCsv,
        ExportFormat::Csv,
        CsvDelimiter::Comma,
        "export-csv",
    ),
    (
        Text::ExportCsvSemicolon,
        ExportFormat::Csv,
        CsvDelimiter::Semicolon,
        "export-csv-semicolon",
    ),
    (
        Text::ExportXlsx,
        ExportFormat::Xlsx,
        CsvDelimiter::Comma,
        "export-xlsx",
    ),
];

/// Downloads the file of a finished export.
fn fetch(file: ExportResult, error: UseStateHandle<Option<ApiError>>) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = transfer::download(&file.download_url, &file.file_name).await {
            error.set(Some(e));
        }
    });
}

/// The export button and its menu of file formats.
#[component]
pub fn ExportMenu(props: &ExportMenuProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let open = use_state(|| false);
    let job = use_state(|| None::<i64>);
    let file = use_state(|| None::<ExportResult>);
    let error = use_state(|| None::<ApiError>);

    let (toggle, close) = super::create_menu::menu_switches(&open);
    let items = CHOICES.into_iter().map(|(label, format, delimiter, testid)| {
        let (open, job, file, error) = (open.clone(), job.clone(), file.clone(), error.clone());
        let request = ExportRequest {
            kind: props.kind,
            filter: Some(props.filter.clone()),
            format: Some(format),
            delimiter: Some(delimiter),
            bom: None,
        };
        let onclick = Callback::from(move |_: MouseEvent| {
            open.set(false);
            file.set(None);
            error.set(None);
            let (job, error, request) = (job.clone(), error.clone(), request.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::post::<_, JobResponse>("/exports", &request).await {
                    Ok(started) => job.set(Some(started.id)),
                    Err(e) => error.set(Some(e)),
                }
            });
        });
        html! {
            <li role="none">
                <button type="button" role="menuitem" class="menu-item" data-testid={testid} {onclick}>
                    { session.t(label) }
                </button>
            </li>
        }
    });
    let on_finished = {
        let (file, error) = (file.clone(), error.clone());
        Callback::from(move |done: JobResponse| {
            let result = done
                .result
                .filter(|_| done.state == JobStateName::Succeeded)
                .and_then(|r| serde_json::from_value::<ExportResult>(r).ok());
            if let Some(result) = result {
                file.set(Some(result.clone()));
                fetch(result, error.clone());
            }
        })
    };
    let describe = Callback::from(move |result: serde_json::Value| {
        let name = result["file_name"].as_str().unwrap_or_default().to_owned();
        let rows = format::count(result["rows"].as_i64().unwrap_or(0), lang);
        fill(
            Text::ExportReady.tr(lang),
            &[("name", name.as_str()), ("rows", rows.as_str())],
        )
    });
    let dismiss = {
        let (job, file) = (job.clone(), file.clone());
        Callback::from(move |_: MouseEvent| {
            job.set(None);
            file.set(None);
        })
    };
    let again = (*file).clone().map(|f| {
        let error = error.clone();
        Callback::from(move |_: MouseEvent| fetch(f.clone(), error.clone()))
    });

    html! {
        <div class="create-menu export-menu">
            <button type="button" class="button" data-testid="export-button"
                aria-haspopup="menu" aria-expanded={open.to_string()} onclick={toggle}>
                { session.t(Text::Export) }
            </button>
            if *open {
                <div class="menu-backdrop" onclick={close}></div>
                <ul class="dropdown" role="menu">{ for items }</ul>
            }
            if let Some(id) = *job {
                <div class="export-progress card" data-testid="export-progress">
                    <JobProgress job_id={id} describe={Some(describe)} on_finished={Some(on_finished)} />
                    if let Some(onclick) = again {
                        <button type="button" class="link-button" data-testid="export-download" {onclick}>
                            { session.t(Text::ExportDownload) }
                        </button>
                    }
                    <button type="button" class="link-button" data-testid="export-dismiss" onclick={dismiss}>
                        { session.t(Text::Dismiss) }
                    </button>
                </div>
            }
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
        </div>
    }
}
