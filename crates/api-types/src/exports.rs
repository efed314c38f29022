//! Exports of filtered lists to CSV and XLSX files (`POST /api/v1/exports`).

use serde::{Deserialize, Serialize};

/// The list an export reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Contacts,
    Deals,
    Cases,
    Tasks,
    Invoices,
}

/// The file an export writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Comma- or semicolon-separated text, UTF-8.
    #[default]
    Csv,
    /// An Excel workbook with one sheet.
    Xlsx,
}

/// What separates the values of a CSV file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CsvDelimiter {
    /// `,`
    #[default]
    Comma,
    /// `;`, what Excel expects where the decimal separator is a comma.
    Semicolon,
}

impl CsvDelimiter {
    /// The separating byte.
    pub fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
        }
    }
}

/// A filtered list to write to a file. The export runs as a job (`202` with the job); its
/// result names the file (an `ExportResult`), downloaded from `GET /api/v1/files/{id}` by
/// the user who asked for it. It holds the records the user may see when the job runs, in
/// the list's order, with headings in the user's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// The list.
    pub kind: ExportKind,
    /// The list's query parameters as its `GET` takes them, URL-encoded (for example
    /// `q=acme&tag=vip&sort=-created_at`); `cursor` and `limit` are ignored. Empty: the
    /// whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub filter: Option<String>,
    /// `csv` unless given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ExportFormat>,
    /// CSV only: `comma` unless given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<CsvDelimiter>,
    /// CSV only: start with a UTF-8 byte order mark so that Excel reads the file as UTF-8;
    /// `true` unless given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bom: Option<bool>,
}

/// A full export (`POST /api/v1/exports/full`, CRM admins): every record of the portal as a
/// ZIP of CSV files, `contacts.csv`, `contact_details.csv` (one detail per row), `deals.csv`,
/// `cases.csv`, `tasks.csv`, `invoices.csv`, `history.csv` and `products.csv`, written as a
/// job like a list's export. The body may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FullExportRequest {
    /// `comma` unless given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<CsvDelimiter>,
    /// Each CSV file starts with a UTF-8 byte order mark; `true` unless given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bom: Option<bool>,
}

/// The `result` of a finished export job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportResult {
    /// The file's id (`GET /api/v1/files/{id}`).
    pub file_id: i64,
    /// Where to download it, with the same Bearer token.
    pub download_url: String,
    /// The file's name, for example `contacts-2026-12-08.csv`.
    pub file_name: String,
    /// Records written.
    pub rows: i64,
    /// The file's size.
    pub size_bytes: i64,
}
