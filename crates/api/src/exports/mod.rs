//! Exports of filtered lists to CSV and XLSX files, run as jobs. An export reads the list as
//! its `GET` does (the same parameters, the same access rule, the same views), as its user
//! when the job runs, a page at a time; the rows go to a temporary file first, so that the
//! columns (contact details, custom fields) are known before the heading is written, and
//! nothing is held whole in memory.

mod columns;
mod table;

use std::io::{BufRead as _, BufWriter, Write as _};

use actix_web::web;
use chrono::TimeZone as _;
use crm_api_types::{
    CaseQueryParams, ContactQueryParams, CsvDelimiter, DealQueryParams, ExportFormat, ExportKind,
    ExportResult, InvoiceQueryParams, TaskQueryParams,
};
use crm_domain::{Locale, Role, TimeZoneName, UserId, Viewer};
use crm_persistence::jobs::JobRow;
use crm_persistence::{After, DbConnection};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::queue::BackgroundJob;
use crate::routes;
use crate::state::{now, AppState};

pub use table::Row;

/// Records read per page.
const PAGE: i64 = 1000;
/// Rows an XLSX sheet holds below its heading.
const XLSX_ROWS: i64 = 1_048_575;

/// Writes a filtered list to a file as the user who asked for it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportList {
    pub user_id: i64,
    pub kind: ExportKind,
    /// The list's query string.
    pub filter: String,
    pub format: ExportFormat,
    pub delimiter: CsvDelimiter,
    pub bom: bool,
}

impl BackgroundJob for ExportList {
    const JOB_NAME: &'static str = "export";
    /// An export starts over on each attempt.
    const MAX_ATTEMPTS: i64 = 3;
}

/// The user an export reads as, and what their view of a list depends on.
#[derive(Debug, Clone)]
pub struct Caller {
    pub portal_id: i64,
    pub user_id: i64,
    pub viewer: Viewer,
    pub time_zone: chrono_tz::Tz,
    /// The user's language: headings and file name.
    pub locale: Locale,
    /// The portal's default country for phone numbers typed without one.
    pub phone_country: Option<&'static str>,
}

impl Caller {
    /// The caller of a request.
    pub fn of(p: &crate::auth::Principal) -> Self {
        Self::new(&p.user, &p.portal, p.role)
    }

    fn new(
        user: &crm_persistence::users::UserRow,
        portal: &crm_persistence::portals::PortalRow,
        role: Role,
    ) -> Self {
        Self {
            portal_id: portal.id,
            user_id: user.id,
            viewer: Viewer::new(UserId(user.id), role),
            time_zone: TimeZoneName::tz_or_utc(&user.time_zone),
            locale: Locale::parse("locale", &user.locale).unwrap_or(Locale::En),
            phone_country: routes::contacts::input::default_phone_country(&portal.locale),
        }
    }

    /// The user now, if they may still read the CRM: active, the module on, and a CRM admin,
    /// the module open to all or access granted.
    fn load(conn: &mut DbConnection, portal_id: i64, user_id: i64) -> ApiResult<Self> {
        let user = crm_persistence::users::find(conn, portal_id, user_id)?;
        let portal = crm_persistence::portals::find(conn, portal_id)?;
        let role = Role::parse("role", &user.role)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored role: {e}")))?;
        let allowed = user.active
            && portal.crm_enabled
            && (role.is_crm_admin()
                || portal.crm_open_to_all
                || crm_persistence::portals::has_crm_grant(conn, portal_id, user_id)?);
        if !allowed {
            return Err(ApiError::forbidden(
                "crm_access_denied",
                "The user who asked for the export may no longer read the CRM.",
            ));
        }
        Ok(Self::new(&user, &portal, role))
    }

    /// Today in the user's time zone.
    fn today(&self) -> chrono::NaiveDate {
        self.time_zone.from_utc_datetime(&now()).date_naive()
    }
}

/// A list's parameters, checked.
enum Source {
    Contacts(routes::contacts::list::ExportQuery),
    Deals(routes::deals::ListQuery),
    Cases(routes::cases::ListQuery),
    Tasks(
        (
            crm_persistence::SortKey<crm_persistence::tasks::TaskSort>,
            crm_persistence::tasks::TaskFilter,
        ),
    ),
    Invoices(
        (
            crm_persistence::SortKey<crm_persistence::invoices::InvoiceSort>,
            crm_persistence::invoices::InvoiceFilter,
        ),
    ),
}

impl Source {
    /// Checks the list parameters `filter` of `kind` as `caller` would send them to the
    /// list; errors name `filter.<parameter>`.
    fn parse(state: &AppState, kind: ExportKind, filter: &str, caller: &Caller) -> ApiResult<Self> {
        use crate::extract::parse_query;
        let checked = match kind {
            ExportKind::Contacts => parse_query::<ContactQueryParams>(filter).and_then(|q| {
                let counts = state.trigram_counts();
                routes::contacts::list::export_query(q, &counts, caller.phone_country)
                    .map(Self::Contacts)
            }),
            ExportKind::Deals => parse_query::<DealQueryParams>(filter)
                .and_then(|q| routes::deals::list_query(&q))
                .map(Self::Deals),
            ExportKind::Cases => parse_query::<CaseQueryParams>(filter)
                .and_then(|q| routes::cases::list_query(&q))
                .map(Self::Cases),
            ExportKind::Tasks => parse_query::<TaskQueryParams>(filter)
                .and_then(|q| {
                    routes::tasks::list::list_query(
                        &q,
                        caller.user_id,
                        caller.time_zone,
                        state.clock.now(),
                    )
                })
                .map(Self::Tasks),
            ExportKind::Invoices => parse_query::<InvoiceQueryParams>(filter)
                .and_then(|q| routes::invoices::list_query(&q, caller.today()))
                .map(Self::Invoices),
        };
        checked.map_err(|e| e.prefixed("filter."))
    }

    /// The rows of a page of `limit` records of the list.
    fn page(
        &self,
        conn: &mut DbConnection,
        caller: &Caller,
        names: &columns::Names,
        after: Option<After>,
        at: chrono::NaiveDateTime,
        limit: i64,
    ) -> ApiResult<(Vec<Row>, Option<After>)> {
        let (portal_id, viewer) = (caller.portal_id, caller.viewer);
        let out = columns::Out::new(names, caller);
        Ok(match self {
            Self::Contacts(q) => {
                let (items, next) =
                    routes::contacts::list::export_page(conn, portal_id, viewer, q, after, limit)?;
                (items.into_iter().map(|c| out.contact(c)).collect(), next)
            }
            Self::Deals(q) => {
                let (items, next) =
                    routes::deals::export_page(conn, portal_id, viewer, q, after, limit)?;
                let ids: Vec<i64> = items.iter().flat_map(|d| d.contact_ids.clone()).collect();
                let contacts = visible_contacts(conn, caller, &ids)?;
                (
                    items.into_iter().map(|d| out.deal(d, &contacts)).collect(),
                    next,
                )
            }
            Self::Cases(q) => {
                let (items, next) =
                    routes::cases::export_page(conn, portal_id, viewer, q, after, limit)?;
                let ids: Vec<i64> = items.iter().flat_map(|c| c.contact_ids.clone()).collect();
                let contacts = visible_contacts(conn, caller, &ids)?;
                (
                    items.into_iter().map(|c| out.case(c, &contacts)).collect(),
                    next,
                )
            }
            Self::Tasks(q) => {
                let (items, next) = routes::tasks::list::export_page(
                    conn,
                    portal_id,
                    viewer,
                    q,
                    after,
                    limit,
                    (caller.time_zone, at),
                )?;
                (items.into_iter().map(|t| out.task(t)).collect(), next)
            }
            Self::Invoices(q) => {
                let (items, next) = routes::invoices::export_page(
                    conn,
                    portal_id,
                    viewer,
                    q,
                    after,
                    limit,
                    caller.today(),
                )?;
                (items.into_iter().map(|i| out.invoice(i)).collect(), next)
            }
        })
    }
}

/// The names of those of the contacts `ids` the caller may see.
fn visible_contacts(
    conn: &mut DbConnection,
    caller: &Caller,
    ids: &[i64],
) -> ApiResult<std::collections::HashMap<i64, String>> {
    Ok(crm_persistence::records::visible_names(
        conn,
        caller.portal_id,
        caller.viewer,
        crm_domain::RecordKind::Contact,
        ids,
    )?)
}

/// Checks an export asked for by `caller`, refused with field errors before it is queued:
/// its filters, and a first record read as the job will read them (a custom field named by
/// the filters must exist).
pub async fn check(state: &web::Data<AppState>, caller: Caller, job: &ExportList) -> ApiResult<()> {
    let source = Source::parse(state, job.kind, &job.filter, &caller)?;
    let at = state.clock.now();
    crate::db::run(&state.pool, move |conn| {
        let names = columns::Names::load(conn, caller.portal_id)?;
        source.page(conn, &caller, &names, None, at, 1).map(|_| ())
    })
    .await
}

/// Where the next page of a table starts.
enum Position {
    /// After a key of a list's sort.
    After(After),
    /// After a row id.
    Id(i64),
}

/// What a sheet of an export reads.
enum Reader {
    /// A list as its user sees it.
    List(Box<Source>),
    /// Whole tables, for a CRM admin's full export.
    Details(crm_persistence::dump::SeesAll),
    History(crm_persistence::dump::SeesAll),
    Products(crm_persistence::dump::SeesAll),
}

impl Reader {
    fn page(
        &self,
        conn: &mut DbConnection,
        caller: &Caller,
        names: &columns::Names,
        from: Option<Position>,
        at: chrono::NaiveDateTime,
    ) -> ApiResult<(Vec<Row>, Option<Position>)> {
        use crm_persistence::dump;
        let after_id = match from {
            Some(Position::Id(id)) => id,
            _ => 0,
        };
        let out = columns::Out::new(names, caller);
        let portal_id = caller.portal_id;
        let next_id = |ids: Vec<i64>| {
            (i64::try_from(ids.len()).unwrap_or(0) == PAGE)
                .then(|| ids.last().copied().map(Position::Id))
                .flatten()
        };
        Ok(match self {
            Self::List(source) => {
                let after = match from {
                    Some(Position::After(a)) => Some(a),
                    _ => None,
                };
                let (rows, next) = source.page(conn, caller, names, after, at, PAGE)?;
                (rows, next.map(Position::After))
            }
            Self::Details(all) => {
                let rows = dump::details(conn, *all, portal_id, after_id, PAGE)?;
                let next = next_id(rows.iter().map(|r| r.id).collect());
                (rows.into_iter().map(|r| out.detail(r)).collect(), next)
            }
            Self::History(all) => {
                let rows = dump::history(conn, *all, portal_id, after_id, PAGE)?;
                let next = next_id(rows.iter().map(|r| r.id).collect());
                (rows.into_iter().map(|r| out.history(r)).collect(), next)
            }
            Self::Products(all) => {
                let rows = dump::products(conn, *all, portal_id, after_id, PAGE)?;
                let next = next_id(rows.iter().map(|r| r.id).collect());
                (rows.into_iter().map(|r| out.product(r)).collect(), next)
            }
        })
    }
}

/// What an export job has read so far, for its progress.
struct Progress<'a> {
    state: &'a web::Data<AppState>,
    job: &'a JobRow,
    worker: &'a str,
    /// Rows of the sheets read before.
    before: i64,
}

impl Progress<'_> {
    async fn tell(&self, done: i64, more: bool) -> ApiResult<()> {
        let (done, name, id) = (self.before + done, self.worker.to_owned(), self.job.id);
        let total = done + i64::from(more);
        crate::db::write(&self.state.pool, move |conn| {
            Ok(crm_persistence::jobs::progress(
                conn,
                id,
                &name,
                done,
                total,
                None,
                now(),
            )?)
        })
        .await
    }
}

/// Reads a sheet into a spool, page after page.
async fn spool(
    progress: &Progress<'_>,
    sheet: columns::Sheet,
    reader: Reader,
    caller: &std::sync::Arc<Caller>,
    names: &std::sync::Arc<columns::Names>,
) -> ApiResult<table::Spool> {
    let state = progress.state;
    let reader = std::sync::Arc::new(reader);
    let at = state.clock.now();
    let mut rows = table::Spool::new(columns::fixed(sheet)).map_err(|e| internal(e.into()))?;
    let mut from = None;
    loop {
        let (r, c, n) = (reader.clone(), caller.clone(), names.clone());
        let (page, next) =
            crate::db::run(&state.pool, move |conn| r.page(conn, &c, &n, from, at)).await?;
        rows = web::block(move || rows.push(page).map(|()| rows))
            .await
            .map_err(|e| internal(e.into()))?
            .map_err(internal)?;
        progress.tell(rows.len(), next.is_some()).await?;
        match next {
            Some(n) => from = Some(n),
            None => return Ok(rows),
        }
    }
}

/// The caller of an export job and the names of their portal, as they are now.
async fn load(
    state: &web::Data<AppState>,
    job: &JobRow,
    user_id: i64,
) -> ApiResult<(std::sync::Arc<Caller>, std::sync::Arc<columns::Names>)> {
    let portal_id = job
        .portal_id
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("an export without a portal")))?;
    let (caller, names) = crate::db::run(&state.pool, move |conn| {
        let caller = Caller::load(conn, portal_id, user_id)?;
        let names = columns::Names::load(conn, portal_id)?;
        Ok((caller, names))
    })
    .await?;
    Ok((std::sync::Arc::new(caller), std::sync::Arc::new(names)))
}

/// Runs an export job: reads the list into a temporary file, writes the file, stores it and
/// records it as a file of the user. Returns the `ExportResult`.
pub async fn run(
    state: &web::Data<AppState>,
    job: &JobRow,
    worker: &str,
    p: ExportList,
) -> ApiResult<serde_json::Value> {
    let (caller, names) = load(state, job, p.user_id).await?;
    let source = Source::parse(state, p.kind, &p.filter, &caller)?;
    let progress = Progress {
        state,
        job,
        worker,
        before: 0,
    };
    let sheet = columns::Sheet::List(p.kind);
    let rows = spool(
        &progress,
        sheet,
        Reader::List(Box::new(source)),
        &caller,
        &names,
    )
    .await?;
    let count = rows.len();
    if p.format == ExportFormat::Xlsx && count > XLSX_ROWS {
        return Err(ApiError::field(
            "format",
            "too_many",
            format!("an XLSX sheet holds at most {XLSX_ROWS} rows: export as CSV"),
        ));
    }
    let heading_caller = caller.clone();
    let (format, delimiter, bom) = (p.format, p.delimiter, p.bom);
    let file = web::block(move || {
        let headings = rows.headings(&names, &heading_caller, sheet);
        match format {
            ExportFormat::Csv => rows.write_csv(&headings, delimiter.byte(), bom),
            ExportFormat::Xlsx => rows.write_xlsx(&headings),
        }
    })
    .await
    .map_err(|e| internal(e.into()))?
    .map_err(internal)?;
    let content_type = match p.format {
        ExportFormat::Csv => "text/csv; charset=utf-8",
        ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    let ext = match p.format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
    };
    let file_name = file_name(sheet.name(), ext, &caller);
    keep(state, &caller, file, file_name, content_type, count).await
}

/// Every record of the portal, for a CRM admin: a ZIP of CSV files (contacts and their
/// details, deals, cases, tasks, invoices, history, products) as one user sees them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FullExport {
    pub user_id: i64,
    pub delimiter: CsvDelimiter,
    pub bom: bool,
}

impl BackgroundJob for FullExport {
    const JOB_NAME: &'static str = "full_export";
    /// As [`ExportList`].
    const MAX_ATTEMPTS: i64 = 3;
}

/// Runs a full export job. Returns the `ExportResult` of the ZIP file.
pub async fn run_full(
    state: &web::Data<AppState>,
    job: &JobRow,
    worker: &str,
    p: FullExport,
) -> ApiResult<serde_json::Value> {
    use columns::Sheet;
    let (caller, names) = load(state, job, p.user_id).await?;
    let all = crm_persistence::dump::SeesAll::of(caller.viewer).ok_or_else(|| {
        ApiError::forbidden("forbidden", "Only CRM administrators export every record.")
    })?;
    let (zip_file, writer) = temp_writer().map_err(|e| internal(e.into()))?;
    let mut zip = zip::ZipWriter::new(writer);
    let mut progress = Progress {
        state,
        job,
        worker,
        before: 0,
    };
    let sheets = [
        Sheet::List(ExportKind::Contacts),
        Sheet::Details,
        Sheet::List(ExportKind::Deals),
        Sheet::List(ExportKind::Cases),
        Sheet::List(ExportKind::Tasks),
        Sheet::List(ExportKind::Invoices),
        Sheet::History,
        Sheet::Products,
    ];
    for sheet in sheets {
        let reader = match sheet {
            Sheet::List(kind) => Reader::List(Box::new(Source::parse(
                state,
                kind,
                everything(kind),
                &caller,
            )?)),
            Sheet::Details => Reader::Details(all),
            Sheet::History => Reader::History(all),
            Sheet::Products => Reader::Products(all),
        };
        let rows = spool(&progress, sheet, reader, &caller, &names).await?;
        progress.before += rows.len();
        let (c, n) = (caller.clone(), names.clone());
        let (delimiter, bom) = (p.delimiter, p.bom);
        zip = web::block(move || {
            let headings = rows.headings(&n, &c, sheet);
            let csv = rows.write_csv(&headings, delimiter.byte(), bom)?;
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true);
            zip.start_file(format!("{}.csv", sheet.name()), options)?;
            std::io::copy(&mut csv.reopen()?, &mut zip)?;
            Ok::<_, anyhow::Error>(zip)
        })
        .await
        .map_err(|e| internal(e.into()))?
        .map_err(internal)?;
    }
    web::block(move || finish(zip.finish()?).map_err(anyhow::Error::from))
        .await
        .map_err(|e| internal(e.into()))?
        .map_err(internal)?;
    let file_name = file_name("crm", "zip", &caller);
    keep(
        state,
        &caller,
        zip_file,
        file_name,
        "application/zip",
        progress.before,
    )
    .await
}

/// The filter of a list that matches all its records (tasks: closed ones too).
fn everything(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::Tasks => "status=all",
        _ => "",
    }
}

/// Stores a written file as a file of the caller; returns the `ExportResult`.
async fn keep(
    state: &web::Data<AppState>,
    caller: &Caller,
    file: tempfile::NamedTempFile,
    file_name: String,
    content_type: &'static str,
    rows: i64,
) -> ApiResult<serde_json::Value> {
    let (portal_id, user_id) = (caller.portal_id, caller.user_id);
    let stored = routes::files::Stored::put_file(state, portal_id, file.path().to_owned()).await?;
    drop(file);
    let (name, key) = (file_name.clone(), stored.key.clone());
    let recorded = crate::db::write(&state.pool, move |conn| {
        Ok(stored.record(conn, portal_id, &name, content_type, user_id)?)
    })
    .await;
    let row = match recorded {
        Ok(row) => row,
        Err(e) => {
            crate::storage::remove_all(state.files.as_ref(), vec![key]).await;
            return Err(e);
        }
    };
    let result = ExportResult {
        file_id: row.id,
        download_url: format!("/api/v1/files/{}", row.id),
        file_name,
        rows,
        size_bytes: row.size_bytes,
    };
    serde_json::to_value(result).map_err(|e| internal(e.into()))
}

fn internal(e: anyhow::Error) -> ApiError {
    ApiError::Internal(e)
}

/// `contacts-2026-12-08.csv`, the day in the user's time zone.
fn file_name(what: &str, ext: &str, caller: &Caller) -> String {
    format!("{what}-{}.{ext}", caller.today().format("%Y-%m-%d"))
}

/// The lines of a spool file, for the writers.
fn lines(file: &std::fs::File) -> impl Iterator<Item = std::io::Result<String>> + '_ {
    std::io::BufReader::new(file).lines()
}

/// A buffered writer on a new temporary file.
fn temp_writer() -> std::io::Result<(tempfile::NamedTempFile, BufWriter<std::fs::File>)> {
    let file = tempfile::NamedTempFile::new()?;
    let writer = BufWriter::new(file.reopen()?);
    Ok((file, writer))
}

/// Flushes a writer and hands its file back.
fn finish(mut w: BufWriter<std::fs::File>) -> std::io::Result<()> {
    w.flush()?;
    w.into_inner().map_err(|e| e.into_error())?.sync_all()
}
