//! Outgoing e-mail: the SMTP transport built from `CRM_SMTP_*`, and the texts of notification
//! e-mails in the recipient's language. Messages travel as `email` jobs, so a mail server that
//! is down delays them instead of losing them.

use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use crm_api_types::Notification;
use crm_domain::Locale;
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

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
        self.send_with(mail, &[]).await
    }

    /// Sends one message with files attached after its text.
    pub async fn send_with(
        &self,
        mail: &OutgoingMail,
        attachments: &[MailAttachment],
    ) -> Result<(), SendError> {
        use lettre::message::{Attachment, MultiPart, SinglePart};
        let permanent = |message: String| SendError {
            permanent: true,
            message,
        };
        let address = mail
            .to
            .parse()
            .map_err(|e| permanent(format!("recipient address: {e}")))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(mail.to_name.clone()), address))
            .subject(mail.subject.clone())
            .message_id(Some(mail.message_id.clone()));
        let message = if attachments.is_empty() {
            builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone())
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.text.clone()));
            for a in attachments {
                let kind = ContentType::parse(&a.content_type)
                    .map_err(|e| permanent(format!("attachment type: {e}")))?;
                parts =
                    parts.singlepart(Attachment::new(a.name.clone()).body(a.bytes.clone(), kind));
            }
            builder.multipart(parts)
        }
        .map_err(|e| permanent(format!("building the message: {e}")))?;
        self.transport.send(message).await.map_err(|e| SendError {
            // The server refused the message for good (5xx): sending again will not help.
            permanent: e.is_permanent(),
            message: format!("sending through SMTP: {e}"),
        })?;
        Ok(())
    }
}

/// A file sent with a message.
#[derive(Debug, Clone)]
pub struct MailAttachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
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

fn when(t: &DateTime<Utc>, r: &Recipient) -> String {
    let local = t.with_timezone(&r.tz);
    match r.locale {
        Locale::Ru => format!("{} ({})", local.format("%d.%m.%Y %H:%M"), r.tz.name()),
        Locale::En => format!("{} ({})", local.format("%b %-d, %Y %H:%M"), r.tz.name()),
    }
}

/// Subject and text of a notification e-mail in the recipient's language and time zone.
pub fn render(n: &Notification, r: &Recipient, base_url: &str) -> (String, String) {
    let base = base_url.trim_end_matches('/');
    let (subject, body, link) = match (n, r.locale) {
        (Notification::TaskReminder { task_id, title, deadline }, Locale::Ru) => (
            format!("Напоминание: {title}"),
            format!("Срок задачи «{title}» — {}.", when(deadline, r)),
            format!("{base}/tasks/{task_id}"),
        ),
        (Notification::TaskReminder { task_id, title, deadline }, Locale::En) => (
            format!("Reminder: {title}"),
            format!("The task \"{title}\" is due {}.", when(deadline, r)),
            format!("{base}/tasks/{task_id}"),
        ),
        (
            Notification::TaskAssigned { task_id, title, deadline, by_name, .. },
            Locale::Ru,
        ) => (
            format!("Новая задача: {title}"),
            format!(
                "{by_name} назначает вам задачу «{title}». Срок — {}.",
                when(deadline, r)
            ),
            format!("{base}/tasks/{task_id}"),
        ),
        (
            Notification::TaskAssigned { task_id, title, deadline, by_name, .. },
            Locale::En,
        ) => (
            format!("New task: {title}"),
            format!(
                "{by_name} assigned you the task \"{title}\", due {}.",
                when(deadline, r)
            ),
            format!("{base}/tasks/{task_id}"),
        ),
        (Notification::TasksAssigned { count, title, by_name, .. }, Locale::Ru) => (
            format!("Новые задачи: {count}"),
            format!("{by_name} назначает вам задачи «{title}» ({count} шт.)."),
            format!("{base}/tasks"),
        ),
        (Notification::TasksAssigned { count, title, by_name, .. }, Locale::En) => (
            format!("New tasks: {count}"),
            format!("{by_name} assigned you {count} tasks \"{title}\"."),
            format!("{base}/tasks"),
        ),
        (
            Notification::ContactManagerAssigned { contact_id, contact_name, by_name, .. },
            Locale::Ru,
        ) => (
            format!("Вы менеджер контакта {contact_name}"),
            format!(
                "{by_name} добавляет вас в менеджеры контакта «{contact_name}»: теперь он вам доступен."
            ),
            format!("{base}/contacts/{contact_id}"),
        ),
        (
            Notification::ContactManagerAssigned { contact_id, contact_name, by_name, .. },
            Locale::En,
        ) => (
            format!("You manage {contact_name}"),
            format!("{by_name} made you a manager of \"{contact_name}\"; you now have access to it."),
            format!("{base}/contacts/{contact_id}"),
        ),
        (Notification::DealAssigned { deal_id, title, by_name, .. }, Locale::Ru) => (
            format!("Новая сделка: {title}"),
            format!("{by_name} назначает вас ответственным за сделку «{title}»."),
            format!("{base}/deals/{deal_id}"),
        ),
        (Notification::DealAssigned { deal_id, title, by_name, .. }, Locale::En) => (
            format!("New deal: {title}"),
            format!("{by_name} made you responsible for the deal \"{title}\"."),
            format!("{base}/deals/{deal_id}"),
        ),
        (Notification::DealAccessGranted { deal_id, title, by_name, .. }, Locale::Ru) => (
            format!("Вам открыта сделка {title}"),
            format!(
                "{by_name} открывает вам доступ к сделке «{title}»: теперь вы можете её видеть и менять."
            ),
            format!("{base}/deals/{deal_id}"),
        ),
        (Notification::DealAccessGranted { deal_id, title, by_name, .. }, Locale::En) => (
            format!("The deal {title} is open to you"),
            format!("{by_name} gave you access to the deal \"{title}\"; you may now see and change it."),
            format!("{base}/deals/{deal_id}"),
        ),
        (Notification::CaseAccessGranted { case_id, title, by_name, .. }, Locale::Ru) => (
            format!("Вам открыто мероприятие {title}"),
            format!(
                "{by_name} открывает вам доступ к мероприятию «{title}»: теперь вы можете его видеть и менять."
            ),
            format!("{base}/cases/{case_id}"),
        ),
        (Notification::CaseAccessGranted { case_id, title, by_name, .. }, Locale::En) => (
            format!("The case {title} is open to you"),
            format!("{by_name} gave you access to the case \"{title}\"; you may now see and change it."),
            format!("{base}/cases/{case_id}"),
        ),
        (Notification::ProjectTeamJoined { project_id, title, by_name, .. }, Locale::Ru) => (
            format!("Вы в команде проекта {title}"),
            format!("{by_name} включает вас в команду проекта «{title}»."),
            format!("{base}/projects/{project_id}"),
        ),
        (Notification::ProjectTeamJoined { project_id, title, by_name, .. }, Locale::En) => (
            format!("You are on the team of the project {title}"),
            format!("{by_name} added you to the team of the project \"{title}\"."),
            format!("{base}/projects/{project_id}"),
        ),
    };
    let footer = match r.locale {
        Locale::Ru => "Это письмо отправлено CRM, потому что уведомление адресовано вам.",
        Locale::En => "The CRM sent this e-mail because the notification is addressed to you.",
    };
    let hello = match r.locale {
        Locale::Ru => format!("Здравствуйте, {}!", r.name),
        Locale::En => format!("Hello {},", r.name),
    };
    (
        subject,
        format!("{hello}\n\n{body}\n\n{link}\n\n-- \n{footer}\n"),
    )
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
        let reminder = Notification::TaskReminder {
            task_id: 7,
            title: "Call".into(),
            deadline: "2026-03-10T06:00:00Z".parse().unwrap(),
        };
        let (subject, body) = render(&reminder, &recipient(Locale::Ru), "https://crm.example/");
        assert_eq!(subject, "Напоминание: Call");
        assert!(body.contains("10.03.2026 09:00 (Europe/Moscow)"), "{body}");
        assert!(body.contains("https://crm.example/tasks/7"));
        let (subject, _) = render(&reminder, &recipient(Locale::En), "http://x");
        assert_eq!(subject, "Reminder: Call");
    }
}
