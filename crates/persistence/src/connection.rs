//! One connection type over SQLite and PostgreSQL, the pool, and embedded migrations.
//! The backend follows the URL scheme: `postgres://` or `postgresql://` selects PostgreSQL,
//! anything else is a SQLite file path (or `sqlite://path`).

use std::time::{Duration, Instant};

use anyhow::Context as _;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, ManageConnection, Pool};
use diesel::sqlite::SqliteConnection;
use diesel::Connection as _;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::{StoreError, StoreResult};

/// A connection to either backend; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL, for servers.
    Postgresql(PgConnection),
    /// SQLite, the embedded default.
    Sqlite(SqliteConnection),
}

/// The connection pool shared by request handlers and workers (it dereferences to the r2d2
/// pool), with the queue of this process's SQLite writers.
#[derive(Debug, Clone)]
pub struct DbPool {
    pool: Pool<Manager>,
    backend: Backend,
    writers: std::sync::Arc<tokio::sync::Mutex<()>>,
    busy_timeout: Duration,
    writes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl std::ops::Deref for DbPool {
    type Target = Pool<Manager>;

    fn deref(&self) -> &Self::Target {
        &self.pool
    }
}

impl DbPool {
    /// How many write transactions this process reported with [`DbPool::note_write`]. What was
    /// read before it last changed may be stale.
    pub fn writes(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Acquire)
    }

    /// The database behind the pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Counts a write transaction that ended, committed or not. Every one counts: what was read
    /// before may be stale, whichever tables it wrote.
    pub fn note_write(&self) {
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// Waits for this process's turn to write. SQLite lets one writer in at a time, and the
    /// others poll its lock with sleeps that grow to 100 ms: under load some wait for seconds
    /// while the lock is free. Writers of one process queue here instead, in order of arrival,
    /// without holding a thread or a connection, and go as soon as the one before them is done;
    /// other processes still meet at SQLite's lock. `Busy` after the busy timeout, `None` on
    /// PostgreSQL, where writers lock rows rather than the database.
    pub async fn write_turn(&self) -> StoreResult<Option<tokio::sync::OwnedMutexGuard<()>>> {
        if self.backend != Backend::Sqlite {
            return Ok(None);
        }
        tokio::time::timeout(self.busy_timeout, self.writers.clone().lock_owned())
            .await
            .map(Some)
            .map_err(|_| StoreError::Busy)
    }
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Which database a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Picks the backend from the URL scheme.
    pub fn from_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

impl DbConnection {
    /// The backend of this connection, for the few queries that differ by dialect.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Postgresql(_) => Backend::Postgres,
            Self::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Runs a diesel query on the backend's own connection instead of through [`DbConnection`].
/// Through the multi-backend wrapper diesel writes out a query's whole SQL on every call, cached
/// statement or not; on the backend's connection a query of fixed shape is found in the
/// statement cache by its type alone. For the queries that run on every request.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $query:expr) => {
        match $conn {
            $crate::DbConnection::Sqlite($c) => $query,
            $crate::DbConnection::Postgresql($c) => $query,
        }
    };
}
pub(crate) use on_backend;

/// Most rows in one insert: well within the bound parameters a statement may have (32,766 on
/// SQLite, 65,535 on PostgreSQL) at 14 columns a row.
pub(crate) const BATCH_ROWS: usize = 500;

/// Inserts `rows` into `table` in batches of [`BATCH_ROWS`], on the backend's own connection
/// (through the multi-backend wrapper diesel cannot batch an insert on SQLite).
macro_rules! insert_in_batches {
    ($conn:expr, $table:expr, $rows:expr) => {
        for chunk in $rows.chunks($crate::connection::BATCH_ROWS) {
            $crate::connection::on_backend!($conn, |c| diesel::insert_into($table)
                .values(chunk)
                .execute(c))?;
        }
    };
}
pub(crate) use insert_in_batches;

/// A connection of the pool, with when it last served a caller without error.
pub struct PooledConn {
    conn: DbConnection,
    proven_at: Option<Instant>,
}

impl std::fmt::Debug for PooledConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PooledConn")
            .field("backend", &self.conn.backend())
            .field("proven_at", &self.proven_at)
            .finish()
    }
}

impl PooledConn {
    /// Notes that the connection just served a caller without error, so that it needs no
    /// check before its next use for a moment.
    pub fn proven(&mut self) {
        self.proven_at = Some(Instant::now());
    }
}

impl std::ops::Deref for PooledConn {
    type Target = DbConnection;

    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for PooledConn {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

/// How long a connection that served a caller without error is taken as working: within it
/// the pool hands it out unchecked.
const PROVEN_FOR: Duration = Duration::from_millis(500);

/// Opens the pool's connections, and checks a PostgreSQL connection before use (a server
/// restart breaks it) with a round trip of its own, unless it served a caller without error in
/// the last [`PROVEN_FOR`]. A connection that failed is always checked again; a SQLite file
/// does not break, and is never checked.
#[derive(Debug)]
pub struct Manager {
    inner: ConnectionManager<DbConnection>,
}

impl ManageConnection for Manager {
    type Connection = PooledConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<PooledConn, Self::Error> {
        Ok(PooledConn {
            conn: self.inner.connect()?,
            proven_at: None,
        })
    }

    fn is_valid(&self, conn: &mut PooledConn) -> Result<(), Self::Error> {
        match conn.proven_at.take() {
            Some(at) if at.elapsed() < PROVEN_FOR => Ok(()),
            _ => self.inner.is_valid(&mut conn.conn),
        }
    }

    fn has_broken(&self, conn: &mut PooledConn) -> bool {
        self.inner.has_broken(&mut conn.conn)
    }
}

/// Pool settings.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Most connections kept open (the server sizes it from its CPU cores).
    pub max_size: u32,
    /// How long a request waits for a free connection.
    pub connection_timeout: Duration,
    /// How long SQLite waits for a lock before giving up.
    pub sqlite_busy_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 4,
            connection_timeout: Duration::from_secs(10),
            sqlite_busy_timeout: Duration::from_secs(10),
        }
    }
}

/// Sets the per-connection SQLite pragmas: WAL journal, foreign keys, busy timeout, and reads
/// through a memory map of up to 1 GiB (shared between connections, no copy per page).
#[derive(Debug)]
struct ConnectionSetup {
    busy_timeout_ms: u128,
}

impl CustomizeConnection<PooledConn, diesel::r2d2::Error> for ConnectionSetup {
    fn on_acquire(&self, conn: &mut PooledConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(c) = &mut conn.conn {
            c.batch_execute(&format!(
                "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA foreign_keys = ON; PRAGMA mmap_size = 1073741824;",
                self.busy_timeout_ms
            ))
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens a pool on `url` and applies pending migrations for its backend.
pub fn connect(url: &str, options: &PoolOptions) -> anyhow::Result<DbPool> {
    let backend = Backend::from_url(url);
    let conn_url = match backend {
        Backend::Postgres => url.to_owned(),
        Backend::Sqlite => url.strip_prefix("sqlite://").unwrap_or(url).to_owned(),
    };
    if backend == Backend::Sqlite {
        // A new file switches to WAL (kept in the file) under an exclusive lock: once, here,
        // rather than by every connection the pool opens at once, which would find it locked.
        SqliteConnection::establish(&conn_url)
            .and_then(|mut c| {
                c.batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL;",
                    options.sqlite_busy_timeout.as_millis()
                ))
                .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))
            })
            .with_context(|| format!("opening the SQLite database {conn_url}"))?;
    }
    let manager = Manager {
        inner: ConnectionManager::<DbConnection>::new(conn_url),
    };
    let pool = Pool::builder()
        .max_size(options.max_size)
        .connection_timeout(options.connection_timeout)
        // See [`Manager`].
        .test_on_check_out(backend == Backend::Postgres)
        .connection_customizer(Box::new(ConnectionSetup {
            busy_timeout_ms: options.sqlite_busy_timeout.as_millis(),
        }))
        .build(manager)
        .with_context(|| format!("opening the {backend:?} database"))?;
    let mut conn = pool.get().context("connecting to the database")?;
    run_migrations(&mut conn)?;
    Ok(DbPool {
        pool,
        backend,
        writers: std::sync::Arc::default(),
        busy_timeout: options.sqlite_busy_timeout,
        writes: std::sync::Arc::default(),
    })
}

/// Applies every pending migration of the connection's backend.
pub fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<()> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    }
    .map_err(|e| anyhow::anyhow!("applying migrations: {e}"))?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    Ok(())
}

/// Applies the pending migrations of the connection's backend up to and including the one
/// named `last`: an upgrade can be tested from any earlier schema with data in it.
pub fn run_migrations_until(conn: &mut DbConnection, last: &str) -> anyhow::Result<()> {
    fn upto<DB: diesel::backend::Backend, C: MigrationHarness<DB>>(
        conn: &mut C,
        source: EmbeddedMigrations,
        last: &str,
    ) -> diesel::migration::Result<()> {
        for migration in conn.pending_migrations(source)? {
            conn.run_migration(&*migration)?;
            if migration.name().to_string() == last {
                break;
            }
        }
        Ok(())
    }
    match conn {
        DbConnection::Sqlite(c) => upto(c, SQLITE_MIGRATIONS, last),
        DbConnection::Postgresql(c) => upto(c, POSTGRES_MIGRATIONS, last),
    }
    .map_err(|e| anyhow::anyhow!("applying migrations up to {last}: {e}"))
}

/// Names of the embedded migrations of each backend, for the parity test.
pub fn migration_names(backend: Backend) -> Vec<String> {
    let migrations = match backend {
        Backend::Sqlite => SQLITE_MIGRATIONS,
        Backend::Postgres => POSTGRES_MIGRATIONS,
    };
    MigrationSource::<diesel::sqlite::Sqlite>::migrations(&migrations)
        .map(|ms| ms.iter().map(|m| m.name().to_string()).collect())
        .unwrap_or_default()
}

use diesel::migration::MigrationSource;

/// Column names per table of the connected database, sorted, for the parity test. SQLite's
/// full-text index tables (`contacts_search*`) are left out: PostgreSQL indexes the same
/// column with a trigram index instead.
pub fn describe_tables(conn: &mut DbConnection) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        column_name: String,
    }

    let rows: Vec<Column> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '__diesel_schema_migrations' \
             AND m.name NOT LIKE 'contacts_search%'",
        )
        .load(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name <> '__diesel_schema_migrations'",
        )
        .load(c)?,
    };
    let mut tables: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in rows {
        tables.entry(r.table_name).or_default().push(r.column_name);
    }
    Ok(tables
        .into_iter()
        .map(|(t, mut cols)| {
            cols.sort();
            (t, cols)
        })
        .collect())
}
