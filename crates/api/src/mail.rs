//! Outgoing e-mail: the SMTP transport built from `CRM_SMTP_*`, and the texts of notification
//! e-mails in the recipient's language. Messages travel as `email` jobs, so a mail server that
//! is down delays them instead of losing them.

use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use crm_domain::Locale;
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::{SmtpArgs, SmtpSecurity};

/// A rendered message, the payload of an `email` job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    /// Fixed when queued, so that a message sent again after a crash can be recognised.
    pub message_id: String,
}

/// Sends mail through the configured SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
}

impl Mailer {
    /// The mailer of the settings, or `None` when no SMTP host is set.
    pub fn from_args(args: &SmtpArgs) -> anyhow::Result<Option<Self>> {
        let Some(host) = args.smtp_host.as_deref().filter(|h| !h.trim().is_empty()) else {
            return Ok(None);
        };
        let from: Mailbox = args
            .smtp_from
            .parse()
            .with_context(|| format!("CRM_SMTP_FROM {:?} is not an address", args.smtp_from))?;
        let tls = || -> anyhow::Result<TlsParameters> {
            let mut b = TlsParameters::builder(host.to_owned());
            if let Some(path) = &args.smtp_ca_file {
                let pem = std::fs::read(path)
                    .with_context(|| format!("reading CRM_SMTP_CA_FILE {}", path.display()))?;
                b = b.add_root_certificate(
                    Certificate::from_pem(&pem)
                        .context("CRM_SMTP_CA_FILE is not a PEM certificate")?,
                );
            }
            b.build().context("setting up TLS for SMTP")
        };
        let (security, port) = match args.smtp_security {
            SmtpSecurity::Starttls => (Tls::Required(tls()?), 587),
            SmtpSecurity::Tls => (Tls::Wrapper(tls()?), 465),
            SmtpSecurity::None => (Tls::None, 25),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(args.smtp_port.unwrap_or(port))
            .tls(security)
            .timeout(Some(Duration::from_secs(30)));
        if let Some(user) = &args.smtp_username {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                args.smtp_password.clone().unwrap_or_default(),
            ));
        }
        let domain = from.email.domain().to_owned();
        Ok(Some(Self {
            transport: builder.build(),
            from,
            domain,
        }))
    }

    /// A new Message-ID in the sender's domain.
    pub fn message_id(&self) -> String {
        use rand::Rng as _;
        let n: u128 = rand::thread_rng().gen();
        format!("<{n:032x}@{}>", self.domain)
    }

    /// Sends one message.
    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let permanent = |message: String| SendError {
            permanent: true,
            message,
        };
        let address = mail
            .to
            .parse()
            .map_err(|e| permanent(format!("recipient address: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(mail.to_name.clone()), address))
            .subject(mail.subject.clone())
            .message_id(Some(mail.message_id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone())
            .map_err(|e| permanent(format!("building the message: {e}")))?;
        self.transport.send(message).await.map_err(|e| SendError {
            // The server refused the message for good (5xx): sending again will not help.
            permanent: e.is_permanent(),
            message: format!("sending through SMTP: {e}"),
        })?;
        Ok(())
    }
}

/// Why a message was not sent.
#[derive(Debug)]
pub struct SendError {
    /// Trying again will not help.
    pub permanent: bool,
    /// What happened.
    pub message: String,
}

/// Who receives a notification e-mail.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub locale: Locale,
    pub tz: chrono_tz::Tz,
}

fn text<'a>(params: &'a Value, key: &str) -> &'a str {
    params.get(key).and_then(Value::as_str).unwrap_or("")
}

fn id(params: &Value, key: &str) -> i64 {
    params.get(key).and_then(Value::as_i64).unwrap_or(0)
}

fn when(params: &Value, key: &str, r: &Recipient) -> String {
    let Some(t) = params
        .get(key)
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
    else {
        return String::new();
    };
    let local = t.with_timezone(&Utc).with_timezone(&r.tz);
    match r.locale {
        Locale::Ru => format!("{} ({})", local.format("%d.%m.%Y %H:%M"), r.tz.name()),
        Locale::En => format!("{} ({})", local.format("%b %-d, %Y %H:%M"), r.tz.name()),
    }
}

/// Subject and text of a notification e-mail, or `None` for kinds that are not mailed.
pub fn render(
    kind: &str,
    params: &Value,
    r: &Recipient,
    base_url: &str,
) -> Option<(String, String)> {
    let base = base_url.trim_end_matches('/');
    let task_link = format!("{base}/tasks/{}", id(params, "task_id"));
    let (subject, body, link) = match (kind, r.locale) {
        ("task_reminder", Locale::Ru) => (
            format!("Напоминание: {}", text(params, "title")),
            format!(
                "Срок задачи «{}» — {}.",
                text(params, "title"),
                when(params, "deadline", r)
            ),
            task_link,
        ),
        ("task_reminder", Locale::En) => (
            format!("Reminder: {}", text(params, "title")),
            format!(
                "The task \"{}\" is due {}.",
                text(params, "title"),
                when(params, "deadline", r)
            ),
            task_link,
        ),
        ("task_assigned", Locale::Ru) => (
            format!("Новая задача: {}", text(params, "title")),
            format!(
                "{} назначает вам задачу «{}». Срок — {}.",
                text(params, "by_name"),
                text(params, "title"),
                when(params, "deadline", r)
            ),
            task_link,
        ),
        ("task_assigned", Locale::En) => (
            format!("New task: {}", text(params, "title")),
            format!(
                "{} assigned you the task \"{}\", due {}.",
                text(params, "by_name"),
                text(params, "title"),
                when(params, "deadline", r)
            ),
            task_link,
        ),
        ("tasks_assigned", Locale::Ru) => (
            format!("Новые задачи: {}", id(params, "count")),
            format!(
                "{} назначает вам задачи «{}» ({} шт.).",
                text(params, "by_name"),
                text(params, "title"),
                id(params, "count")
            ),
            format!("{base}/tasks"),
        ),
        ("tasks_assigned", Locale::En) => (
            format!("New tasks: {}", id(params, "count")),
            format!(
                "{} assigned you {} tasks \"{}\".",
                text(params, "by_name"),
                id(params, "count"),
                text(params, "title")
            ),
            format!("{base}/tasks"),
        ),
        ("contact_manager_assigned", Locale::Ru) => (
            format!("Вы менеджер контакта {}", text(params, "contact_name")),
            format!(
                "{} добавляет вас в менеджеры контакта «{}»: теперь он вам доступен.",
                text(params, "by_name"),
                text(params, "contact_name")
            ),
            format!("{base}/contacts/{}", id(params, "contact_id")),
        ),
        ("contact_manager_assigned", Locale::En) => (
            format!("You manage {}", text(params, "contact_name")),
            format!(
                "{} made you a manager of \"{}\"; you now have access to it.",
                text(params, "by_name"),
                text(params, "contact_name")
            ),
            format!("{base}/contacts/{}", id(params, "contact_id")),
        ),
        _ => return None,
    };
    let footer = match r.locale {
        Locale::Ru => "Это письмо отправлено CRM, потому что уведомление адресовано вам.",
        Locale::En => "The CRM sent this e-mail because the notification is addressed to you.",
    };
    let hello = match r.locale {
        Locale::Ru => format!("Здравствуйте, {}!", r.name),
        Locale::En => format!("Hello {},", r.name),
    };
    Some((
        subject,
        format!("{hello}\n\n{body}\n\n{link}\n\n-- \n{footer}\n"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipient(locale: Locale) -> Recipient {
        Recipient {
            email: "a@example.com".into(),
            name: "Anna".into(),
            locale,
            tz: "Europe/Moscow".parse().unwrap_or(chrono_tz::Tz::UTC),
        }
    }

    #[test]
    fn reminders_speak_the_recipients_language_and_time() {
        let params =
            serde_json::json!({"task_id": 7, "title": "Call", "deadline": "2026-03-10T06:00:00Z"});
        let (subject, body) = render(
            "task_reminder",
            &params,
            &recipient(Locale::Ru),
            "https://crm.example/",
        )
        .unwrap();
        assert_eq!(subject, "Напоминание: Call");
        assert!(body.contains("10.03.2026 09:00 (Europe/Moscow)"), "{body}");
        assert!(body.contains("https://crm.example/tasks/7"));
        let (subject, _) =
            render("task_reminder", &params, &recipient(Locale::En), "http://x").unwrap();
        assert_eq!(subject, "Reminder: Call");
        assert!(render("unknown", &params, &recipient(Locale::En), "http://x").is_none());
    }
}
