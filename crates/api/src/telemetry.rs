//! Structured logging through `tracing`: `RUST_LOG` filters, `CRM_LOG_FORMAT=json` switches format.

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber once; later calls do nothing.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// The root span of each request, as tracing-actix-web's default but with secrets in the
/// path or query (calendar feed URLs, invoice links, event stream tickets) left out of the logs.
pub struct RedactedRootSpan;

/// The request target with secrets replaced by `…`.
pub fn redacted_target(path: &str, query: &str) -> String {
    let path = if path.starts_with("/api/v1/public/calendar/") {
        "/api/v1/public/calendar/…".to_owned()
    } else if path.starts_with("/api/v1/public/invoices/") {
        "/api/v1/public/invoices/…".to_owned()
    } else {
        path.to_owned()
    };
    if query.is_empty() {
        return path;
    }
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("ticket", _)) => "ticket=…".to_owned(),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

impl tracing_actix_web::RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage as _;
        // The fields are worked out only when the span is enabled (not with `RUST_LOG=warn`).
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %request.match_pattern().unwrap_or_else(|| "default".into()),
            http.target = %redacted_target(request.path(), request.query_string()),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = %request
                .extensions()
                .get::<tracing_actix_web::RequestId>()
                .map(ToString::to_string)
                .unwrap_or_default(),
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::redacted_target;

    #[test]
    fn feed_secrets_and_stream_tickets_stay_out_of_logs() {
        assert_eq!(
            redacted_target("/api/v1/public/calendar/crm_cal_abc.ics", ""),
            "/api/v1/public/calendar/…"
        );
        assert_eq!(
            redacted_target("/api/v1/public/invoices/crm_inv_secret", ""),
            "/api/v1/public/invoices/…"
        );
        assert_eq!(
            redacted_target("/api/v1/jobs/3/events", "ticket=eyJ.x.y&x=1"),
            "/api/v1/jobs/3/events?ticket=…&x=1"
        );
        assert_eq!(
            redacted_target("/api/v1/contacts", "q=ann"),
            "/api/v1/contacts?q=ann"
        );
    }
}
