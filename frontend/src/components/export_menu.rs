//! The "Export" button of a list (the list as its filters show it, written to a CSV or XLSX
//! file by a job on the server) and the full export of the CRM settings (every record as a ZIP of
//! CSV files), each followed live and downloaded when it is ready.

use crm_api_types::{
    CsvDelimiter, ExportFormat, ExportKind, ExportRequest, ExportResult, FullExportRequest,
    JobResponse, JobStateName,
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

/// Starts an export job at `path` with `body`; its id goes to `job`, a refusal to `error`.
fn start<B: Serialize + 'static>(
    path: &'static str,
    body: B,
    job: UseStateHandle<Option<i64>>,
    error: UseStateHandle<Option<ApiError>>,
) {
    job.set(None);
    error.set(None);
    wasm_bindgen_futures::spawn_local(async move {
        match api::post::<_, JobResponse>(path, &body).await {
            Ok(started) => job.set(Some(started.id)),
            Err(e) => error.set(Some(e)),
        }
    });
}

/// Properties of [`ExportJob`].
#[derive(Properties, PartialEq)]
struct ExportJobProps {
    job_id: i64,
    on_dismiss: Callback<MouseEvent>,
}

/// An export job followed live; its file is downloaded once, and again on request.
#[component]
fn ExportJob(props: &ExportJobProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let file = use_state(|| None::<ExportResult>);
    let error = use_state(|| None::<ApiError>);
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
    let again = (*file).clone().map(|f| {
        let error = error.clone();
        Callback::from(move |_: MouseEvent| fetch(f.clone(), error.clone()))
    });
    html! {
        <div class="export-progress card" data-testid="export-progress">
            <JobProgress job_id={props.job_id} describe={Some(describe)} on_finished={Some(on_finished)} />
            if let Some(onclick) = again {
                <button type="button" class="link-button" data-testid="export-download" {onclick}>
                    { session.t(Text::ExportDownload) }
                </button>
            }
            <button type="button" class="link-button" data-testid="export-dismiss" onclick={props.on_dismiss.clone()}>
                { session.t(Text::Dismiss) }
            </button>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
        </div>
    }
}

/// The export button and its menu of file formats.
#[component]
pub fn ExportMenu(props: &ExportMenuProps) -> Html {
    let session = use_session();
    let open = use_state(|| false);
    let job = use_state(|| None::<i64>);
    let error = use_state(|| None::<ApiError>);
    let (toggle, close) = super::create_menu::menu_switches(&open);
    let items = CHOICES.into_iter().map(|(label, format, delimiter, testid)| {
        let (open, job, error) = (open.clone(), job.clone(), error.clone());
        let request = ExportRequest {
            kind: props.kind,
            filter: Some(props.filter.clone()),
            format: Some(format),
            delimiter: Some(delimiter),
            bom: None,
        };
        let onclick = Callback::from(move |_: MouseEvent| {
            open.set(false);
            start("/exports", request.clone(), job.clone(), error.clone());
        });
        html! {
            <li role="none">
                <button type="button" role="menuitem" class="menu-item" data-testid={testid} {onclick}>
                    { session.t(label) }
                </button>
            </li>
        }
    });
    let dismiss = {
        let job = job.clone();
        Callback::from(move |_: MouseEvent| job.set(None))
    };
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
                <ExportJob job_id={id} on_dismiss={dismiss} />
            }
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
        </div>
    }
}

/// Every record of the portal as a ZIP of CSV files (CRM administrators).
#[component]
pub fn FullExport() -> Html {
    let session = use_session();
    let job = use_state(|| None::<i64>);
    let error = use_state(|| None::<ApiError>);
    let onclick = {
        let (job, error) = (job.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            start(
                "/exports/full",
                FullExportRequest::default(),
                job.clone(),
                error.clone(),
            );
        })
    };
    let dismiss = {
        let job = job.clone();
        Callback::from(move |_: MouseEvent| job.set(None))
    };
    html! {
        <section class="card full-export" data-testid="full-export">
            <h2>{ session.t(Text::FullExport) }</h2>
            <p class="muted">{ session.t(Text::FullExportHint) }</p>
            <button type="button" class="button" data-testid="full-export-button" {onclick}>
                { session.t(Text::FullExportStart) }
            </button>
            if let Some(id) = *job {
                <ExportJob job_id={id} on_dismiss={dismiss} />
            }
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
        </section>
    }
}
