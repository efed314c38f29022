//! Test harness: starts the real server on port 0 with a fresh database (a temporary SQLite
//! file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set) and talks HTTP.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

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
    _dir: tempfile::TempDir,
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
            owner_name: "Olga Owner".into(),
            owner_password: PASSWORD.into(),
            locale: "en".into(),
        },
    )
    .unwrap();
    let app = crm_api::startup::build(&args, pool.clone()).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    actix_web::rt::spawn(app.into_server());
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
        _dir: dir,
    };
    test.owner_token = test.login(OWNER_EMAIL, PASSWORD).await;
    test
}

impl TestApp {
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
                owner_name: "Boris Boss".into(),
                owner_password: PASSWORD.into(),
                locale: "ru".into(),
            },
        )
        .unwrap();
        (portal.id, self.login("boss@other.example", PASSWORD).await)
    }
}

pub fn typed<T: DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap()
}
