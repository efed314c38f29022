//! Builds the HTTP server: middleware, state, the documented API, the docs page and the SPA.

use std::net::TcpListener;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{from_fn, Compress, DefaultHeaders, Next};
use actix_web::{web, App, HttpMessage as _, HttpServer};
use anyhow::Context as _;
use crm_persistence::{DbPool, PoolOptions};
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa_actix_web::AppExt as _;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::JwtKeys;
use crate::config::ServeArgs;
use crate::error::ApiError;
use crate::extract::BodyLimit;
use crate::openapi;
use crate::state::{AppState, AuthSettings};
use crate::web_app;

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
    frame-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
    form-action 'self'";

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    stopping: tokio::sync::watch::Sender<bool>,
}

impl Application {
    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until stopped. SIGINT and SIGTERM stop it gracefully: open event streams end at
    /// once, requests in flight finish (30 s at most).
    pub async fn run(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let stopping = self.stopping;
        actix_web::rt::spawn(async move {
            wait_for_stop_signal().await;
            tracing::info!("stopping");
            let _ = stopping.send(true);
            handle.stop(true).await;
        });
        self.server.await
    }

    /// The server and the switch that stops its workers and event streams, for embedding
    /// (tests stop one server and start another on the same database).
    pub fn into_parts(self) -> (Server, tokio::sync::watch::Sender<bool>) {
        (self.server, self.stopping)
    }
}

/// Opens the database (applying migrations) with the configured pool size.
pub fn open_database(args: &crate::config::DatabaseArgs) -> anyhow::Result<DbPool> {
    let url = args.url();
    if crm_persistence::Backend::from_url(&url) == crm_persistence::Backend::Sqlite {
        std::fs::create_dir_all(&args.data_dir)
            .with_context(|| format!("creating the data directory {}", args.data_dir.display()))?;
    }
    let pool = crm_persistence::connect(
        &url,
        &PoolOptions {
            max_size: args.pool_size(),
            ..PoolOptions::default()
        },
    )?;
    // Processes starting together may race to seed; the loser finds the lists there next time.
    let mut tries = 0;
    while let Err(e) = crate::setup::seed_new_lists(&pool) {
        tries += 1;
        if tries == 5 {
            return Err(e);
        }
        std::thread::sleep(std::time::Duration::from_millis(200 * tries));
    }
    Ok(pool)
}

/// Binds the listener and builds the server.
pub fn build(args: &ServeArgs, pool: DbPool) -> anyhow::Result<Application> {
    let jwt = JwtKeys::load_or_create(args.jwt_secret.as_deref(), &args.database.data_dir)?;
    let (stopping, stop_watch) = tokio::sync::watch::channel(false);
    let listener =
        TcpListener::bind(&args.bind).with_context(|| format!("binding {}", args.bind))?;
    let port = listener.local_addr()?.port();
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", crate::cli::display_addr(&args.bind, port)));
    let mailer = crate::mail::Mailer::from_args(&args.smtp)?.map(std::sync::Arc::new);
    let state = web::Data::new(AppState {
        pool,
        clock: args.clock.clone(),
        jwt,
        auth: AuthSettings {
            access_ttl: args.access_token_ttl,
            refresh_ttl: args.refresh_token_ttl,
            refresh_reuse_grace: args.refresh_reuse_grace,
            login_max_failures: args.login_max_failures,
            login_window: args.login_window,
            trusted_proxies: args.trusted_proxies.clone(),
        },
        files: std::sync::Arc::new(crate::storage::LocalStore::new(
            args.database.data_dir.join("files"),
        )?),
        max_upload_bytes: args.max_upload_bytes,
        notifications: tokio::sync::broadcast::channel(1024).0,
        stopping: stop_watch,
        mailer,
        public_url: public_url.trim_end_matches('/').to_owned(),
        jobs_queued: std::sync::Arc::new(tokio::sync::Notify::new()),
        trigram_counts: std::sync::Arc::default(),
        list_totals: std::sync::Arc::new(crate::totals::list_totals()),
        invoice_totals: std::sync::Arc::new(crate::totals::list_totals()),
        callers: std::sync::Arc::new(crate::auth::principal::Callers::new(
            crate::auth::principal::CALLER_FRESH_FOR,
        )),
        public_limiter: std::sync::Arc::new(governor::RateLimiter::keyed(
            governor::Quota::per_minute(
                std::num::NonZeroU32::new(args.public_rate).unwrap_or(std::num::NonZeroU32::MIN),
            ),
        )),
    });
    spawn_maintenance(state.clone(), args.login_window);
    spawn_trigram_counts(state.clone());
    crate::jobs::spawn(state.clone(), &args.jobs);
    if let Some(url) = args.rates_url.clone() {
        crate::rates::spawn(
            state.clone(),
            url,
            std::time::Duration::from_secs(args.rates_every.max(1)),
        );
    }
    let doc = openapi::document();
    let body_limit = web::Data::new(BodyLimit(args.max_body_bytes));
    let web_dir = args.web_dir.clone();
    let mut server = HttpServer::new(move || {
        let app = App::new()
            .app_data(state.clone())
            .app_data(body_limit.clone())
            .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
            .wrap(from_fn(cache_control))
            .wrap(Compress::default())
            .wrap(security_headers())
            .wrap(from_fn(request_id_header))
            .wrap(TracingLogger::<crate::telemetry::RedactedRootSpan>::new())
            // Before the `/api/v1` scope, whose default answer is a 404 problem.
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/v1/openapi.json", doc.clone()));
        let (app, _) = openapi::mount(app.into_utoipa_app()).split_for_parts();
        web_app::mount(app, &web_dir)
    })
    .listen(listener)?
    .shutdown_timeout(30)
    .disable_signals();
    let workers = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // Database work runs on each worker's blocking threads; more threads than pooled
    // connections would only wait for one, and switching between them costs more than the work.
    // Two more take the other blocking work (password hashes, images), which so never holds up
    // the database work.
    let blocking = (args.database.pool_size() as usize).div_ceil(workers) + 2;
    server = server
        .workers(workers)
        .worker_max_blocking_threads(blocking);
    Ok(Application {
        port,
        server: server.run(),
        stopping,
    })
}

/// Reads the trigram counts of the contacts search index now and every ten minutes.
fn spawn_trigram_counts(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut interval = actix_web::rt::time::interval(std::time::Duration::from_secs(600));
        loop {
            interval.tick().await;
            let counts = crate::db::run(&state.pool, |conn| {
                Ok(crm_persistence::contacts::TrigramCounts::load(conn)?)
            })
            .await;
            match counts {
                Ok(counts) => {
                    *state
                        .trigram_counts
                        .write()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) =
                        std::sync::Arc::new(counts);
                }
                Err(e) => tracing::warn!(error = %e, "reading search trigram counts failed"),
            }
        }
    });
}

/// Hourly cleanup of expired refresh tokens, old login failures and jobs finished a week ago.
fn spawn_maintenance(state: web::Data<AppState>, login_window: i64) {
    actix_web::rt::spawn(async move {
        let mut interval = actix_web::rt::time::interval(std::time::Duration::from_secs(3600));
        loop {
            interval.tick().await;
            // Addresses quiet for long enough are forgotten by the public links' limiter.
            state.public_limiter.retain_recent();
            let result = crate::db::write(&state.pool, move |conn| {
                let now = crate::state::now();
                let tokens = crm_persistence::refresh_tokens::prune_expired(
                    conn,
                    now - chrono::Duration::days(1),
                )?;
                let failures = crm_persistence::login_failures::prune(
                    conn,
                    now - chrono::Duration::seconds(login_window),
                )?;
                let jobs = crm_persistence::jobs::prune(conn, now - chrono::Duration::days(7))?;
                Ok((tokens, failures, jobs))
            })
            .await;
            match result {
                Ok((tokens, failures, jobs)) => {
                    tracing::debug!(
                        tokens,
                        failures,
                        jobs,
                        "expired credentials and old jobs pruned"
                    )
                }
                Err(e) => tracing::warn!(error = %e, "pruning expired credentials failed"),
            }
        }
    });
}

/// Waits for SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for SIGTERM");
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), geolocation=(), microphone=(self)",
        ))
}

/// Copies the request id given by the tracing middleware into an `x-request-id` answer header.
async fn request_id_header(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req.extensions().get::<RequestId>().map(ToString::to_string);
    let mut res = next.call(req).await?;
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}

/// Content-hashed SPA assets are cached for a year; everything else is revalidated, and API
/// answers are not stored by shared caches.
async fn cache_control(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return Ok(res);
    }
    let value = if path.starts_with("/api/") || path.starts_with("/health/") {
        "no-cache, private"
    } else if web_app::is_hashed_asset(&path) && res.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    Ok(res)
}
