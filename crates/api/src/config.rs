//! Server settings, read from `CRM_*` environment variables or command-line flags.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// Where the data lives; shared by every command that opens the database.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Directory for the SQLite file, the generated signing key and uploaded files.
    #[arg(long, env = "CRM_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Database URL: `postgres://…` selects PostgreSQL; default a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Most database connections kept open; default twice the CPU cores, at least 4.
    #[arg(long, env = "CRM_DB_POOL_SIZE", value_parser = clap::value_parser!(u32).range(1..))]
    pub db_pool_size: Option<u32>,
}

impl DatabaseArgs {
    /// Most database connections kept open. Work on them is bound by the CPU of this machine
    /// (SQLite) or of the database server: past a few per core, more connections only queue for
    /// the CPU and stretch the slowest answers (a fetch's p99 on two cores: 7 ms with 4
    /// connections, 10–40 ms with 16).
    pub fn pool_size(&self) -> u32 {
        self.db_pool_size.unwrap_or_else(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            u32::try_from(cores * 2).unwrap_or(u32::MAX).max(4)
        })
    }

    /// The URL to connect to.
    pub fn url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            self.data_dir
                .join("crm.sqlite3")
                .to_string_lossy()
                .into_owned()
        })
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Settings of `crm serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address and port to listen on.
    #[arg(long, env = "CRM_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Address users reach the server at, printed at start (default from the bind address).
    #[arg(long, env = "CRM_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Directory of the built single-page app served at `/`.
    #[arg(long, env = "CRM_WEB_DIR", default_value = "frontend/dist")]
    pub web_dir: PathBuf,
    /// Secret for signing access tokens; by default generated once and kept in the data directory.
    /// Set the same value on every server process that shares a database.
    #[arg(long, env = "CRM_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Lifetime of access tokens, in seconds.
    #[arg(long, env = "CRM_ACCESS_TOKEN_TTL", default_value_t = 900)]
    pub access_token_ttl: i64,
    /// Lifetime of refresh tokens, in seconds.
    #[arg(long, env = "CRM_REFRESH_TOKEN_TTL", default_value_t = 30 * 24 * 3600)]
    pub refresh_token_ttl: i64,
    /// Seconds after a refresh token was used during which presenting it again (another tab
    /// refreshing at the same moment) yields new tokens instead of ending the session as theft.
    #[arg(long, env = "CRM_REFRESH_REUSE_GRACE", default_value_t = 10)]
    pub refresh_reuse_grace: i64,
    /// Failed logins for one e-mail from one client address within the window before that
    /// address is refused for it (429); an address gets ten times as many across e-mails.
    #[arg(long, env = "CRM_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: i64,
    /// Length of the failed-login window, in seconds.
    #[arg(long, env = "CRM_LOGIN_WINDOW", default_value_t = 900)]
    pub login_window: i64,
    /// Requests per minute one client address may make to the public links (an invoice's
    /// client link) before it gets 429.
    #[arg(long, env = "CRM_PUBLIC_RATE", default_value_t = 30)]
    pub public_rate: u32,
    /// Where the daily exchange rates are fetched from: a URL in which `{base}` stands for
    /// each portal's default currency, answering `{"date":…,"rates":{"USD":1.08,…}}`
    /// (for example `https://api.frankfurter.app/latest?from={base}`). None: rates are entered
    /// by hand only.
    #[arg(long, env = "CRM_RATES_URL")]
    pub rates_url: Option<String>,
    /// Seconds between looks for portals that still need today's rates.
    #[arg(long, env = "CRM_RATES_EVERY", default_value_t = 3600)]
    pub rates_every: u64,
    /// Reverse proxies (addresses or CIDR networks, comma-separated) whose `X-Forwarded-For`
    /// names the client; from anyone else the header is ignored.
    #[arg(long, env = "CRM_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_network)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Largest request body accepted, in bytes.
    #[arg(long, env = "CRM_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Largest uploaded file accepted, in bytes.
    #[arg(long, env = "CRM_MAX_UPLOAD_BYTES", default_value_t = 25 * 1024 * 1024)]
    pub max_upload_bytes: usize,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "CRM_WORKERS")]
    pub workers: Option<usize>,
    /// Log format.
    #[arg(long, env = "CRM_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// On an empty database, create a first portal and owner and print the credentials.
    #[arg(long, env = "CRM_INIT_IF_EMPTY", default_value_t = false)]
    pub init_if_empty: bool,
    /// The time of business rules; tests move it forward.
    #[arg(skip)]
    pub clock: crate::state::Clock,
    /// E-mail of the owner created by `--init-if-empty`.
    #[arg(
        long,
        env = "CRM_INIT_OWNER_EMAIL",
        default_value = "owner@example.com"
    )]
    pub init_owner_email: String,
    /// Portal name used by `--init-if-empty`.
    #[arg(long, env = "CRM_INIT_PORTAL_NAME", default_value = "My company")]
    pub init_portal_name: String,
    #[command(flatten)]
    pub smtp: SmtpArgs,
    #[command(flatten)]
    pub jobs: JobArgs,
}

/// How e-mail leaves a connection to the SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (refused if the server cannot).
    Starttls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
    /// No encryption; only for a relay on the same host or network.
    None,
}

/// Outgoing e-mail. Without a host, no e-mail is sent and notifications stay in the app.
#[derive(Debug, Clone, Args)]
pub struct SmtpArgs {
    /// SMTP server host name.
    #[arg(long, env = "CRM_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP server port (default 587 for STARTTLS, 465 for TLS, 25 for none).
    #[arg(long, env = "CRM_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// Connection security.
    #[arg(long, env = "CRM_SMTP_SECURITY", value_enum, default_value_t = SmtpSecurity::Starttls)]
    pub smtp_security: SmtpSecurity,
    /// User name, when the server wants one.
    #[arg(long, env = "CRM_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    /// Password of that user.
    #[arg(long, env = "CRM_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// Sender address, e.g. `CRM <crm@example.com>`.
    #[arg(long, env = "CRM_SMTP_FROM", default_value = "CRM <crm@localhost>")]
    pub smtp_from: String,
    /// PEM file of an extra certificate authority to trust (a private CA of the mail server).
    #[arg(long, env = "CRM_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<PathBuf>,
}

/// Background workers.
#[derive(Debug, Clone, Args)]
pub struct JobArgs {
    /// Jobs this process runs at once.
    #[arg(long, env = "CRM_JOB_WORKERS", default_value_t = 4)]
    pub job_workers: usize,
    /// Seconds a worker holds a job without renewing; after that another process takes over.
    #[arg(long, env = "CRM_JOB_LEASE_SECS", default_value_t = 60)]
    pub job_lease_secs: i64,
    /// Milliseconds between looks for due jobs and reminders when idle.
    #[arg(long, env = "CRM_JOB_POLL_MS", default_value_t = 1000)]
    pub job_poll_ms: u64,
}

impl ServeArgs {
    /// Defaults, as if no flag or variable were set, for tests.
    pub fn for_tests(data_dir: PathBuf, database_url: Option<String>) -> Self {
        Self {
            database: DatabaseArgs {
                data_dir,
                database_url,
                db_pool_size: Some(8),
            },
            bind: "127.0.0.1:0".into(),
            public_url: None,
            web_dir: PathBuf::from("frontend/dist"),
            jwt_secret: None,
            access_token_ttl: 900,
            refresh_token_ttl: 30 * 24 * 3600,
            refresh_reuse_grace: 10,
            login_max_failures: 5,
            login_window: 900,
            public_rate: 30,
            rates_url: None,
            rates_every: 3600,
            trusted_proxies: Vec::new(),
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 25 * 1024 * 1024,
            workers: Some(2),
            log_format: LogFormat::Text,
            init_if_empty: false,
            clock: crate::state::Clock::default(),
            init_owner_email: "owner@example.com".into(),
            init_portal_name: "My company".into(),
            smtp: SmtpArgs {
                smtp_host: None,
                smtp_port: None,
                smtp_security: SmtpSecurity::Starttls,
                smtp_username: None,
                smtp_password: None,
                smtp_from: "CRM <crm@localhost>".into(),
                smtp_ca_file: None,
            },
            jobs: JobArgs {
                job_workers: 2,
                job_lease_secs: 60,
                job_poll_ms: 200,
            },
        }
    }
}

/// An address (a network of one) or a CIDR network.
fn parse_network(input: &str) -> Result<ipnet::IpNet, String> {
    let input = input.trim();
    input
        .parse::<ipnet::IpNet>()
        .or_else(|_| input.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{input:?} is neither an IP address nor a CIDR network"))
}
