//! E-mail through a real SMTP server (aiosmtpd): notifications in the recipient's language
//! with a link back, plain, STARTTLS and TLS connections, and retries while the server is down.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{parse_mail, spawn_app_with, SmtpSink, TestApp};
use crm_api::config::SmtpSecurity;
use serde_json::json;

async fn category(app: &TestApp) -> i64 {
    let a = app
        .get("/api/v1/settings/lists/task_categories", &app.owner_token)
        .await;
    a.body["items"][0]["id"].as_i64().unwrap()
}

async fn russian_user(app: &TestApp, email: &str) -> (i64, String) {
    let (id, token) = app.user_with_role(email, "crm_user").await;
    let a = app
        .patch(
            "/api/v1/me",
            &token,
            &json!({"locale": "ru", "time_zone": "Europe/Moscow", "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    (id, token)
}

fn smtp_app(port: u16, security: SmtpSecurity) -> impl FnOnce(&mut crm_api::config::ServeArgs) {
    move |a| {
        a.smtp.smtp_host = Some(if security == SmtpSecurity::None {
            "127.0.0.1".into()
        } else {
            "localhost".into()
        });
        a.smtp.smtp_port = Some(port);
        a.smtp.smtp_security = security;
        a.smtp.smtp_from = "CRM <crm@example.com>".into();
        a.public_url = Some("https://crm.example.com".into());
    }
}

#[actix_web::test]
async fn notifications_are_mailed_in_the_recipients_language_with_a_link() {
    let sink = SmtpSink::start();
    let app = spawn_app_with(smtp_app(sink.port, SmtpSecurity::None)).await;
    let t = &app.owner_token;
    let (ivan_id, _) = russian_user(&app, "ivan@example.com").await;
    let cat = category(&app).await;
    let task = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": "Позвонить клиенту", "category_id": cat, "deadline": "2030-03-10T09:00:00Z", "responsible_id": ivan_id}),
        )
        .await;
    assert_eq!(task.status, 201, "{}", task.body);
    // Nobody is mailed about their own task.
    app.post(
        "/api/v1/tasks",
        t,
        &json!({"title": "Own", "category_id": cat, "deadline": "2030-03-10T09:00:00Z"}),
    )
    .await;
    // A new manager of a contact is mailed too.
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Ромашка", "access": "private", "manager_ids": [app.owner_id, ivan_id]}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.body);

    let raw = sink.wait_for(2, 20).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), 2, "only Ivan is mailed");
    let mut mails: Vec<_> = raw.iter().map(|r| parse_mail(r)).collect();
    mails.sort_by(|a, b| a.subject.cmp(&b.subject));
    let (manager, assigned) = (&mails[0], &mails[1]);
    assert_eq!(assigned.to, "ivan@example.com");
    assert_eq!(assigned.subject, "Новая задача: Позвонить клиенту");
    assert!(
        assigned
            .text
            .contains("Olga Owner назначает вам задачу «Позвонить клиенту»"),
        "{}",
        assigned.text
    );
    assert!(
        assigned.text.contains("10.03.2030 12:00 (Europe/Moscow)"),
        "{}",
        assigned.text
    );
    assert!(
        assigned.text.contains(&format!(
            "https://crm.example.com/tasks/{}",
            task.body["id"]
        )),
        "{}",
        assigned.text
    );
    assert!(
        assigned.message_id.ends_with("@example.com"),
        "{}",
        assigned.message_id
    );
    assert_eq!(manager.subject, "Вы менеджер контакта Ромашка");
    assert!(manager.text.contains(&format!(
        "https://crm.example.com/contacts/{}",
        c.body["id"]
    )));
}

#[actix_web::test]
async fn reminders_are_mailed_in_english_to_english_users() {
    let sink = SmtpSink::start();
    let app = spawn_app_with(smtp_app(sink.port, SmtpSecurity::None)).await;
    let cat = category(&app).await;
    let deadline = (chrono::Utc::now() + chrono::Duration::seconds(302)).to_rfc3339();
    app.post(
        "/api/v1/tasks",
        &app.owner_token,
        &json!({"title": "Board meeting", "category_id": cat, "deadline": deadline, "reminder": "5m"}),
    )
    .await;
    let raw = sink.wait_for(1, 20).await;
    assert_eq!(raw.len(), 1);
    let mail = parse_mail(&raw[0]);
    assert_eq!(mail.to, "owner@example.com");
    assert_eq!(mail.subject, "Reminder: Board meeting");
    assert!(mail.text.starts_with("Hello Olga Owner,"), "{}", mail.text);
    assert!(mail.text.contains("(UTC)"), "{}", mail.text);
}

/// A self-signed certificate for `localhost`, its key, and the certificate as the CA file.
fn certificate(dir: &std::path::Path) -> (String, String) {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (crt, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&crt, cert.cert.pem()).unwrap();
    std::fs::write(&key, cert.signing_key.serialize_pem()).unwrap();
    (
        crt.to_string_lossy().into_owned(),
        key.to_string_lossy().into_owned(),
    )
}

async fn mail_over(security: SmtpSecurity, flags: [&str; 2]) {
    let dir = tempfile::tempdir().unwrap();
    let (crt, key) = certificate(dir.path());
    let sink = SmtpSink::start_with(&[flags[0], &crt, flags[1], &key]);
    let (port, ca) = (sink.port, std::path::PathBuf::from(&crt));
    let app = spawn_app_with(move |a| {
        smtp_app(port, security)(a);
        a.smtp.smtp_ca_file = Some(ca);
    })
    .await;
    let (ivan_id, _) = russian_user(&app, "ivan@example.com").await;
    let cat = category(&app).await;
    app.post(
        "/api/v1/tasks",
        &app.owner_token,
        &json!({"title": "Secure", "category_id": cat, "deadline": "2030-03-10T09:00:00Z", "responsible_id": ivan_id}),
    )
    .await;
    let raw = sink.wait_for(1, 20).await;
    let job = app.get("/api/v1/jobs/1", &app.owner_token).await;
    assert_eq!(raw.len(), 1, "job: {}", job.body);
    assert_eq!(parse_mail(&raw[0]).subject, "Новая задача: Secure");
}

#[actix_web::test]
async fn mail_goes_over_starttls_to_a_server_with_a_private_ca() {
    mail_over(SmtpSecurity::Starttls, ["--tlscert", "--tlskey"]).await;
}

#[actix_web::test]
async fn mail_goes_over_implicit_tls() {
    mail_over(SmtpSecurity::Tls, ["--smtpscert", "--smtpskey"]).await;
}

#[actix_web::test]
async fn mail_waits_for_a_server_that_is_down_and_is_sent_once_it_is_up() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(smtp_app(port, SmtpSecurity::None)).await;
    let (ivan_id, _) = russian_user(&app, "ivan@example.com").await;
    let cat = category(&app).await;
    app.post(
        "/api/v1/tasks",
        &app.owner_token,
        &json!({"title": "Patience", "category_id": cat, "deadline": "2030-03-10T09:00:00Z", "responsible_id": ivan_id}),
    )
    .await;
    let started = std::time::Instant::now();
    let job = loop {
        let job = app.get("/api/v1/jobs/1", &app.owner_token).await;
        if job.body["attempts"].as_i64().unwrap_or(0) >= 1 && job.body["state"] == "queued" {
            break job;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{}", job.body);
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(job.body["kind"], "email");
    assert!(
        job.body["error"].as_str().unwrap().contains("SMTP"),
        "{}",
        job.body
    );
    let sink = SmtpSink::start_on(port, &[]);
    let raw = sink.wait_for(1, 30).await;
    assert_eq!(raw.len(), 1);
    assert_eq!(parse_mail(&raw[0]).subject, "Новая задача: Patience");
    let job = app.get("/api/v1/jobs/1", &app.owner_token).await;
    assert_eq!(job.body["state"], "succeeded", "{}", job.body);
}
