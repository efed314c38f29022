//! Test harness: starts the real server on port 0 with a fresh database (a temporary SQLite
//! file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set) and talks HTTP.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;
use std::sync::Once;

use crm_api::config::ServeArgs;
use crm_api::setup::{create_portal, PortalSetup};
use crm_persistence::DbPool;
use diesel::Connection as _;
use diesel::RunQueryDsl as _;
use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

pub const OWNER_EMAIL: &str = "owner@example.com";
pub const PASSWORD: &str = "correct-horse-42";

static TRACING: Once = Once::new();

/// A running server with one portal and its owner.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub pool: DbPool,
    pub portal_id: i64,
    pub owner_id: i64,
    pub owner_token: String,
    /// Settings the server started with (same database for further processes).
    pub args: ServeArgs,
    server: actix_web::dev::ServerHandle,
    stop: tokio::sync::watch::Sender<bool>,
    _dir: tempfile::TempDir,
}

/// Another server process on the same database.
pub struct Process {
    pub base: String,
    server: actix_web::dev::ServerHandle,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Process {
    /// Stops the server, its workers and its streams.
    pub async fn stop(&self) {
        let _ = self.stop.send(true);
        self.server.stop(true).await;
    }
}

/// Builds and spawns a server; returns its address, handle and stop switch.
fn start(
    args: &ServeArgs,
    pool: DbPool,
) -> (
    String,
    actix_web::dev::ServerHandle,
    tokio::sync::watch::Sender<bool>,
) {
    let app = crm_api::startup::build(args, pool).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let (server, stop) = app.into_parts();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (base, handle, stop)
}

/// What a call answered.
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    async fn from(res: Response) -> Self {
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Self {
            status,
            headers,
            body,
        }
    }

    /// Asserts a problem answer with this status and code.
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(
            self.headers
                .get("content-type")
                .map(|v| v.to_str().unwrap()),
            Some("application/problem+json"),
            "body: {}",
            self.body
        );
        assert_eq!(self.body["code"], code, "body: {}", self.body);
        assert_eq!(self.body["status"], status);
    }

    /// The field names of a validation problem.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"].as_array().map_or_else(Vec::new, |a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap().to_owned())
                .collect()
        })
    }

    pub fn etag(&self) -> String {
        self.headers
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    }
}

fn database_url(dir: &std::path::Path) -> Option<String> {
    let admin = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let name = format!("crm_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn =
        diesel::PgConnection::establish(&admin).expect("connecting to TEST_DATABASE_URL");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .unwrap();
    let _ = dir;
    let (base, _) = admin
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL has a database name");
    Some(format!("{base}/{name}"))
}

/// Starts a server with default settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server after adjusting its settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut ServeArgs)) -> TestApp {
    TRACING.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            crm_api::telemetry::init(crm_api::config::LogFormat::Text);
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path());
    let mut args = ServeArgs::for_tests(dir.path().to_path_buf(), url);
    args.web_dir = dir.path().join("no-spa");
    adjust(&mut args);
    let pool = crm_api::startup::open_database(&args.database).unwrap();
    let (portal, owner) = create_portal(
        &pool,
        &PortalSetup {
            portal_name: "Acme".into(),
            owner_email: OWNER_EMAIL.into(),
            owner_name: Some("Olga Owner".into()),
            owner_password: PASSWORD.into(),
            locale: "en".into(),
            time_zone: None,
        },
    )
    .unwrap();
    let (base, server, stop) = start(&args, pool.clone());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut test = TestApp {
        base,
        client,
        pool,
        portal_id: portal.id,
        owner_id: owner.id,
        owner_token: String::new(),
        args,
        server,
        stop,
        _dir: dir,
    };
    test.owner_token = test.login(OWNER_EMAIL, PASSWORD).await;
    test
}

impl TestApp {
    /// Starts another server process on this one's database, with adjusted settings.
    pub fn another_process(&self, adjust: impl FnOnce(&mut ServeArgs)) -> Process {
        let mut args = self.args.clone();
        adjust(&mut args);
        let pool = crm_api::startup::open_database(&args.database).unwrap();
        let (base, server, stop) = start(&args, pool);
        Process { base, server, stop }
    }

    /// Stops this server, its workers and its streams (the database stays).
    pub async fn stop(&self) {
        let _ = self.stop.send(true);
        self.server.stop(true).await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Any call; `token` empty means no Authorization header.
    pub async fn call<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&B>,
    ) -> Answer {
        let mut req = self.client.request(method, self.url(path));
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        Answer::from(req.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call::<()>(Method::GET, path, token, None).await
    }

    /// The `display_name` of every item of a list, page after page through `next_cursor`
    /// (`path` has a query string). Every page must answer 200.
    pub async fn names_of_all_pages(&self, path: &str, token: &str) -> Vec<String> {
        let mut names = Vec::new();
        let mut next = path.to_owned();
        loop {
            let page = self.get(&next, token).await;
            assert_eq!(page.status, 200, "{next}: {}", page.body);
            names.extend(
                page.body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["display_name"].as_str().unwrap().to_owned()),
            );
            match page.body["next_cursor"].as_str() {
                Some(c) => next = format!("{path}&cursor={c}"),
                None => return names,
            }
        }
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Answer {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> Answer {
        self.call(Method::PATCH, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Answer {
        self.call::<()>(Method::DELETE, path, token, None).await
    }

    /// Raw request builder for unusual requests.
    pub fn raw(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        Answer::from(req.send().await.unwrap()).await
    }

    /// Logs in and returns the access token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let a = self
            .post(
                "/api/v1/auth/login",
                "",
                &json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(a.status, 200, "login failed: {}", a.body);
        a.body["access_token"].as_str().unwrap().to_owned()
    }

    /// A new API token of `token`'s user that may only read.
    pub async fn read_only_token(&self, token: &str) -> String {
        let a = self
            .post(
                "/api/v1/api-tokens",
                token,
                &serde_json::json!({"name": "read only", "scopes": ["read"]}),
            )
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
        a.body["secret"].as_str().unwrap().to_owned()
    }

    /// Creates a user with a role and returns (id, access token).
    pub async fn user_with_role(&self, email: &str, role: &str) -> (i64, String) {
        let a = self
            .post(
                "/api/v1/users",
                &self.owner_token,
                &json!({"email": email, "name": format!("User {email}"), "password": PASSWORD, "role": role}),
            )
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
        let id = a.body["id"].as_i64().unwrap();
        (id, self.login(email, PASSWORD).await)
    }

    /// A second portal with its own owner; returns (portal id, owner token).
    pub async fn other_portal(&self) -> (i64, String) {
        let (portal, _) = create_portal(
            &self.pool,
            &PortalSetup {
                portal_name: "Other".into(),
                owner_email: "boss@other.example".into(),
                owner_name: Some("Boris Boss".into()),
                owner_password: PASSWORD.into(),
                locale: "ru".into(),
                time_zone: None,
            },
        )
        .unwrap();
        (portal.id, self.login("boss@other.example", PASSWORD).await)
    }
}

pub fn typed<T: DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap()
}

/// A real SMTP server (Python's aiosmtpd) that stores what it receives in a Maildir.
pub struct SmtpSink {
    pub port: u16,
    child: std::process::Child,
    dir: tempfile::TempDir,
}

/// The Python with aiosmtpd: `CRM_TEST_PYTHON`, else the workspace's `.venv`, else `python3`.
fn python() -> String {
    if let Ok(p) = std::env::var("CRM_TEST_PYTHON") {
        return p;
    }
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/python");
    if std::path::Path::new(venv).exists() {
        return venv.to_owned();
    }
    "python3".to_owned()
}

impl SmtpSink {
    /// Starts a plain SMTP server on a free port.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the server with extra aiosmtpd options (`--tlscert`, `--smtpscert` …).
    pub fn start_with(options: &[&str]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self::start_on(port, options)
    }

    /// Starts the server on a given port.
    pub fn start_on(port: u16, options: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("mail");
        let child = std::process::Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(options)
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .spawn()
            .expect("starting aiosmtpd (make tools installs it into .venv)");
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "aiosmtpd did not start on port {port}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Self { port, child, dir }
    }

    /// Raw messages received so far.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.dir.path().join("mail").join(sub)) {
                for e in entries.flatten() {
                    out.push(std::fs::read_to_string(e.path()).unwrap_or_default());
                }
            }
        }
        out
    }

    /// Waits until at least `n` messages arrived (at most `secs` seconds) and returns them.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<String> {
        let started = std::time::Instant::now();
        loop {
            let m = self.messages();
            if m.len() >= n || started.elapsed() > std::time::Duration::from_secs(secs) {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A received message: recipient, subject, text and attached files.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub message_id: String,
    /// `(file name, content type, bytes)` of each attachment.
    pub attachments: Vec<(String, String, Vec<u8>)>,
}

/// Parses a raw message.
pub fn parse_mail(raw: &str) -> Mail {
    let m = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a readable message");
    Mail {
        to: m
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_owned(),
        subject: m.subject().unwrap_or_default().to_owned(),
        text: m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        message_id: m.message_id().unwrap_or_default().to_owned(),
        attachments: m
            .attachments()
            .map(|a| {
                use mail_parser::MimeHeaders as _;
                let kind = a
                    .content_type()
                    .map(|t| format!("{}/{}", t.ctype(), t.subtype().unwrap_or_default()))
                    .unwrap_or_default();
                (
                    a.attachment_name().unwrap_or_default().to_owned(),
                    kind,
                    a.contents().to_vec(),
                )
            })
            .collect(),
    }
}

/// A PNG of one colour.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([20, 90, 160, 255]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// Uploads the organisation's logo.
pub async fn put_logo(app: &TestApp, token: &str, bytes: Vec<u8>) -> Answer {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("logo.png");
    let form = reqwest::multipart::Form::new().part("file", part);
    app.send(
        app.raw(reqwest::Method::PUT, "/api/v1/settings/organisation/logo")
            .bearer_auth(token)
            .multipart(form),
    )
    .await
}

/// The text of a PDF as poppler's `pdftotext -layout` reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("running pdftotext (Debian's poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// How many images poppler's `pdfimages -list` finds in a PDF.
pub fn pdf_images(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("running pdfimages (Debian's poppler-utils)");
    assert!(out.status.success());
    // Two heading lines, then one line per image.
    String::from_utf8_lossy(&out.stdout).lines().skip(2).count()
}

/// A job once it has succeeded or failed (or as it is after 20 s).
pub async fn finished_job(app: &TestApp, token: &str, id: i64) -> Value {
    let started = std::time::Instant::now();
    loop {
        let job = app.get(&format!("/api/v1/jobs/{id}"), token).await.body;
        if job["state"] == "succeeded"
            || job["state"] == "failed"
            || started.elapsed().as_secs() > 20
        {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
