//! `/metrics`: what Pulse did, counted, in the Prometheus text format (version 0.0.4).
//!
//! | family | labels |
//! |---|---|
//! | `pulse_http_requests_total` | `route` (the route pattern, e.g. `/connect/{token}`; `unmatched` for a path no route serves), `status` |
//! | `pulse_syncs_total` | `kind` (`first`, `scheduled`), `outcome` ([`sync_outcome`]) |
//! | `pulse_sync_duration_seconds` (histogram) | `kind` |
//! | `pulse_instagram_calls_total` | `family` (`token`, `profile`, `media`, `insights`, `comments`, `actions`, `publishing`), `outcome` (`ok`, `throttled`, `transient`, `reauth`, `refused`, `malformed`) |
//! | `pulse_messages_total` | `platform` (`telegram`, `discord`), `outcome` (`sent`, `failed`) |
//! | `pulse_rate_limited_total` | `service` (`telegram`, `discord`, `instagram`) |
//! | `pulse_api_limited_total` | `limit` (`key`, `address`): stats API requests Pulse answered 429 (they are in `pulse_http_requests_total` too, by route and status; this says which allowance ran out) |
//! | `pulse_digests_total` | `outcome` (`sent`, `sent_late`, `failed`, `skipped`, `given_back`) |
//! | `pulse_alerts_total` | `outcome` (`queued`, `sent`, `failed`, `given_back`) |
//! | `pulse_webhooks_total` | `outcome` (`accepted`, `unsigned`, `bad_signature`, `malformed`, `failed`) |
//! | `pulse_store_errors_total` | `kind` (`database`, `corrupt`) |
//!
//! Every label value comes from a closed set of words fixed here (a route is the pattern, never
//! the path as sent), so no id, handle, token or message text can reach a label. Every
//! combination of known labels starts at 0, so each family is there from the first scrape.
//!
//! The counts come from where things happen, at the runtime's edge: the HTTP server (a
//! middleware, [`count_requests`]), the sync runners, the front ends' sends, the digest runner,
//! the Instagram client (a [`CallObserver`]) and the store ([`CountedStore`], a wrapper).
//! Neither the engine nor the connectors know about Prometheus.
//!
//! Who may read it is [`Scrape`]: `http.metrics` in the configuration, and
//! `PULSE__HTTP__METRICS_TOKEN`, a bearer token a scrape must send when set.

mod store;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use connectors::instagram::{CallFamily, CallObserver, CallOutcome};
use engine::chat::Platform;
use engine::pulse::{PulseError, SyncOutcome};
use prometheus::{Encoder as _, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry};
use secrecy::{ExposeSecret as _, SecretString};

pub use store::CountedStore;

/// Which sync ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    /// The first sync after a link.
    First,
    /// A sync the scheduler started.
    Scheduled,
}

impl SyncKind {
    const ALL: [SyncKind; 2] = [SyncKind::First, SyncKind::Scheduled];

    fn as_str(self) -> &'static str {
        match self {
            SyncKind::First => "first",
            SyncKind::Scheduled => "scheduled",
        }
    }
}

/// The `outcome` label of every sync outcome there is.
const SYNC_OUTCOMES: [&str; 10] = [
    "ok",
    "nothing_due",
    "already_running",
    "needs_reconnect",
    "throttled",
    "not_answering",
    "failed",
    "gone",
    "cancelled",
    "error",
];

/// How a sync ended, as its `outcome` label: `ok` (synced), `nothing_due`, `already_running`,
/// `needs_reconnect`, `throttled`, `not_answering` (stopped after calls in a row failed as
/// temporary), `failed` (Instagram failed), `gone` (not linked any more),
/// `cancelled` (unlinked while it ran) or `error` (an internal error, e.g. the store).
pub fn sync_outcome(outcome: &Result<SyncOutcome, PulseError>) -> &'static str {
    match outcome {
        Ok(SyncOutcome::Synced { .. }) => "ok",
        Ok(SyncOutcome::NothingDue) => "nothing_due",
        Ok(SyncOutcome::AlreadyRunning) => "already_running",
        Ok(SyncOutcome::NeedsReconnect { .. }) => "needs_reconnect",
        Ok(SyncOutcome::Throttled(_)) => "throttled",
        Ok(SyncOutcome::NotAnswering) => "not_answering",
        Ok(SyncOutcome::Failed(_)) => "failed",
        Ok(SyncOutcome::Gone) => "gone",
        Ok(SyncOutcome::Cancelled) => "cancelled",
        Err(_) => "error",
    }
}

/// A service that can answer "too many requests".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Telegram's Bot API (429 with `retry_after`).
    Telegram,
    /// Discord's REST API (429, or a rate limit serenity waited out).
    Discord,
    /// Instagram's Graph API (its throttling codes).
    Instagram,
}

impl Service {
    const ALL: [Service; 3] = [Service::Telegram, Service::Discord, Service::Instagram];

    fn as_str(self) -> &'static str {
        match self {
            Service::Telegram => "telegram",
            Service::Discord => "discord",
            Service::Instagram => "instagram",
        }
    }
}

/// What became of a digest a round claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestOutcome {
    /// Sent on time.
    Sent,
    /// Sent, marked late (after downtime).
    SentLate,
    /// Nothing reached the chat; a later round tries once more.
    Failed,
    /// Given up on (too late, or two attempts failed).
    Skipped,
    /// Not tried (shutdown, the chat no longer wants it, no front end).
    GivenBack,
}

impl DigestOutcome {
    const ALL: [DigestOutcome; 5] = [
        DigestOutcome::Sent,
        DigestOutcome::SentLate,
        DigestOutcome::Failed,
        DigestOutcome::Skipped,
        DigestOutcome::GivenBack,
    ];

    fn as_str(self) -> &'static str {
        match self {
            DigestOutcome::Sent => "sent",
            DigestOutcome::SentLate => "sent_late",
            DigestOutcome::Failed => "failed",
            DigestOutcome::Skipped => "skipped",
            DigestOutcome::GivenBack => "given_back",
        }
    }
}

/// What became of alerts (one per chat and comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertOutcome {
    /// Queued for a chat (by a webhook or a sync).
    Queued,
    /// Sent in an alert message.
    Sent,
    /// The message failed with nothing delivered; they wait for the next one.
    Failed,
    /// Not tried (shutdown, no front end): they wait for the next message.
    GivenBack,
}

impl AlertOutcome {
    const ALL: [AlertOutcome; 4] = [
        AlertOutcome::Queued,
        AlertOutcome::Sent,
        AlertOutcome::Failed,
        AlertOutcome::GivenBack,
    ];

    fn as_str(self) -> &'static str {
        match self {
            AlertOutcome::Queued => "queued",
            AlertOutcome::Sent => "sent",
            AlertOutcome::Failed => "failed",
            AlertOutcome::GivenBack => "given_back",
        }
    }
}

/// What became of a webhook delivery to `/instagram/webhook`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// Verified and handed to the engine.
    Accepted,
    /// Refused: no signature.
    Unsigned,
    /// Refused: the signature does not match.
    BadSignature,
    /// Signed, but not a delivery Pulse can read.
    Malformed,
    /// The engine failed on it (Instagram delivers it again).
    Failed,
}

impl WebhookOutcome {
    const ALL: [WebhookOutcome; 5] = [
        WebhookOutcome::Accepted,
        WebhookOutcome::Unsigned,
        WebhookOutcome::BadSignature,
        WebhookOutcome::Malformed,
        WebhookOutcome::Failed,
    ];

    fn as_str(self) -> &'static str {
        match self {
            WebhookOutcome::Accepted => "accepted",
            WebhookOutcome::Unsigned => "unsigned",
            WebhookOutcome::BadSignature => "bad_signature",
            WebhookOutcome::Malformed => "malformed",
            WebhookOutcome::Failed => "failed",
        }
    }
}

/// The content type of [`Metrics::render`]: `text/plain; version=0.0.4`.
pub const CONTENT_TYPE: &str = prometheus::TEXT_FORMAT;

/// The platforms whose sends are counted (the console's are not).
const PLATFORMS: [Platform; 2] = [Platform::Telegram, Platform::Discord];

/// Upper bounds of the sync duration buckets, in seconds: a scheduled sync takes seconds, a
/// first sync of a big account minutes.
const SYNC_SECONDS: [f64; 12] = [
    0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0,
];

/// Every counter of one running Pulse, in its own registry.
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    syncs: IntCounterVec,
    sync_seconds: HistogramVec,
    instagram_calls: IntCounterVec,
    messages: IntCounterVec,
    rate_limited: IntCounterVec,
    api_limited: IntCounterVec,
    digests: IntCounterVec,
    alerts: IntCounterVec,
    webhooks: IntCounterVec,
    store_errors: IntCounterVec,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

fn counter(
    registry: &Registry,
    name: &str,
    help: &str,
    labels: &[&str],
) -> Result<IntCounterVec, prometheus::Error> {
    let counter = IntCounterVec::new(Opts::new(name, help), labels)?;
    registry.register(Box::new(counter.clone()))?;
    Ok(counter)
}

impl Metrics {
    /// Every family, each known label combination at 0.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let http_requests = counter(
            &registry,
            "pulse_http_requests_total",
            "HTTP requests served, by route pattern and status.",
            &["route", "status"],
        )?;
        let syncs = counter(
            &registry,
            "pulse_syncs_total",
            "Syncs of an account with Instagram, by kind and outcome.",
            &["kind", "outcome"],
        )?;
        let sync_seconds = HistogramVec::new(
            HistogramOpts::new(
                "pulse_sync_duration_seconds",
                "How long syncs took, by kind.",
            )
            .buckets(SYNC_SECONDS.to_vec()),
            &["kind"],
        )?;
        registry.register(Box::new(sync_seconds.clone()))?;
        let instagram_calls = counter(
            &registry,
            "pulse_instagram_calls_total",
            "Requests to Instagram (each attempt), by family and outcome.",
            &["family", "outcome"],
        )?;
        let messages = counter(
            &registry,
            "pulse_messages_total",
            "Messages sent or edited into chats (Telegram: Bot API requests; Discord: messages and interaction responses), by platform and outcome.",
            &["platform", "outcome"],
        )?;
        let rate_limited = counter(
            &registry,
            "pulse_rate_limited_total",
            "Answers asking Pulse to slow down (HTTP 429, Instagram's throttling), by service.",
            &["service"],
        )?;
        let api_limited = counter(
            &registry,
            "pulse_api_limited_total",
            "Stats API requests answered 429, by the allowance that ran out (a key's, or an address's without a valid key).",
            &["limit"],
        )?;
        let digests = counter(
            &registry,
            "pulse_digests_total",
            "Scheduled digests a round claimed, by outcome.",
            &["outcome"],
        )?;
        let alerts = counter(
            &registry,
            "pulse_alerts_total",
            "Alerts of new comments (one per chat and comment), by outcome.",
            &["outcome"],
        )?;
        let webhooks = counter(
            &registry,
            "pulse_webhooks_total",
            "Instagram webhook deliveries, by outcome.",
            &["outcome"],
        )?;
        let store_errors = counter(
            &registry,
            "pulse_store_errors_total",
            "Store operations that failed, by kind.",
            &["kind"],
        )?;
        for kind in SyncKind::ALL {
            sync_seconds.with_label_values(&[kind.as_str()]);
            for outcome in SYNC_OUTCOMES {
                syncs.with_label_values(&[kind.as_str(), outcome]);
            }
        }
        for family in CallFamily::ALL {
            for outcome in CallOutcome::ALL {
                instagram_calls.with_label_values(&[family.as_str(), outcome.as_str()]);
            }
        }
        for platform in PLATFORMS {
            for outcome in ["sent", "failed"] {
                messages.with_label_values(&[platform.as_str(), outcome]);
            }
        }
        for service in Service::ALL {
            rate_limited.with_label_values(&[service.as_str()]);
        }
        for limit in ApiLimit::ALL {
            api_limited.with_label_values(&[limit.as_str()]);
        }
        for outcome in DigestOutcome::ALL {
            digests.with_label_values(&[outcome.as_str()]);
        }
        for outcome in AlertOutcome::ALL {
            alerts.with_label_values(&[outcome.as_str()]);
        }
        for outcome in WebhookOutcome::ALL {
            webhooks.with_label_values(&[outcome.as_str()]);
        }
        for kind in store::KINDS {
            store_errors.with_label_values(&[kind]);
        }
        Ok(Self {
            registry,
            http_requests,
            syncs,
            sync_seconds,
            instagram_calls,
            messages,
            rate_limited,
            api_limited,
            digests,
            alerts,
            webhooks,
            store_errors,
        })
    }

    /// An HTTP request to `route` (a route pattern, or `unmatched`) was answered with `status`.
    fn http_request(&self, route: &str, status: StatusCode) {
        self.http_requests
            .with_label_values(&[route, status.as_str()])
            .inc();
    }

    /// A sync of `kind` ended with `outcome` after `took`.
    pub fn sync_ended(
        &self,
        kind: SyncKind,
        outcome: &Result<SyncOutcome, PulseError>,
        took: Duration,
    ) {
        self.syncs
            .with_label_values(&[kind.as_str(), sync_outcome(outcome)])
            .inc();
        self.sync_seconds
            .with_label_values(&[kind.as_str()])
            .observe(took.as_secs_f64());
    }

    /// A message to a chat of `platform` was sent (`true`) or not.
    pub fn message(&self, platform: Platform, sent: bool) {
        let outcome = if sent { "sent" } else { "failed" };
        self.messages
            .with_label_values(&[platform.as_str(), outcome])
            .inc();
    }

    /// `service` asked Pulse to slow down.
    pub fn rate_limited(&self, service: Service) {
        self.rate_limited
            .with_label_values(&[service.as_str()])
            .inc();
    }

    /// A stats API request was refused for `limit`.
    pub fn api_limited(&self, limit: ApiLimit) {
        self.api_limited.with_label_values(&[limit.as_str()]).inc();
    }

    /// `count` alerts ended with `outcome`.
    pub fn alerts(&self, outcome: AlertOutcome, count: usize) {
        self.alerts
            .with_label_values(&[outcome.as_str()])
            .inc_by(u64::try_from(count).unwrap_or(u64::MAX));
    }

    /// A webhook delivery ended with `outcome`.
    pub fn webhook(&self, outcome: WebhookOutcome) {
        self.webhooks.with_label_values(&[outcome.as_str()]).inc();
    }

    /// `count` digests ended with `outcome`.
    pub fn digests(&self, outcome: DigestOutcome, count: usize) {
        self.digests
            .with_label_values(&[outcome.as_str()])
            .inc_by(u64::try_from(count).unwrap_or(u64::MAX));
    }

    fn store_error(&self, kind: &str) {
        self.store_errors.with_label_values(&[kind]).inc();
    }

    /// The exposition: every family in the Prometheus text format 0.0.4.
    pub fn render(&self) -> String {
        let mut text = Vec::new();
        if let Err(error) =
            prometheus::TextEncoder::new().encode(&self.registry.gather(), &mut text)
        {
            tracing::warn!(error = %error, "the metrics could not be written");
        }
        String::from_utf8(text).unwrap_or_default()
    }
}

impl CallObserver for Metrics {
    fn call_ended(&self, family: CallFamily, outcome: CallOutcome) {
        self.instagram_calls
            .with_label_values(&[family.as_str(), outcome.as_str()])
            .inc();
        if outcome == CallOutcome::Throttled {
            self.rate_limited(Service::Instagram);
        }
    }
}

/// Counts every request by the route that served it and the status it got. Layered over the
/// whole router, so the route is the pattern that matched (`/connect/{token}`), never the path
/// as sent; a path no route serves counts as `unmatched`.
pub async fn count_requests(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| matched.as_str().to_owned());
    let response = next.run(request).await;
    metrics.http_request(route.as_deref().unwrap_or("unmatched"), response.status());
    response
}

/// Which of the stats API's allowances ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiLimit {
    /// The key's (`api.requests_per_hour`, `api.burst`).
    Key,
    /// The address's, for requests without a valid key.
    Address,
}

impl ApiLimit {
    /// Every limit.
    pub const ALL: [ApiLimit; 2] = [ApiLimit::Key, ApiLimit::Address];

    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiLimit::Key => "key",
            ApiLimit::Address => "address",
        }
    }
}

/// Who may read `/metrics`.
#[derive(Clone)]
pub enum Scrape {
    /// Not served (`http.metrics = false`): the path is not found.
    Off,
    /// Anyone who reaches the HTTP server.
    Open,
    /// Only requests with `Authorization: Bearer <token>` (`PULSE__HTTP__METRICS_TOKEN`).
    Bearer(SecretString),
}

impl std::fmt::Debug for Scrape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Scrape::Off => "Off",
            Scrape::Open => "Open",
            Scrape::Bearer(_) => "Bearer(<token>)",
        })
    }
}

impl Scrape {
    /// From `http.metrics` and `PULSE__HTTP__METRICS_TOKEN`.
    pub fn new(served: bool, token: Option<SecretString>) -> Self {
        match (served, token) {
            (false, _) => Scrape::Off,
            (true, None) => Scrape::Open,
            (true, Some(token)) => Scrape::Bearer(token),
        }
    }

    /// Whether a request with these headers may read the metrics. The token is compared in
    /// constant time.
    pub fn allows(&self, headers: &HeaderMap) -> bool {
        match self {
            Scrape::Off => false,
            Scrape::Open => true,
            Scrape::Bearer(token) => {
                use subtle::ConstantTimeEq as _;
                let given = headers
                    .get(header::AUTHORIZATION)
                    .and_then(|value| value.as_bytes().strip_prefix(b"Bearer "));
                given.is_some_and(|given| bool::from(given.ct_eq(token.expose_secret().as_bytes())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_is_there_from_the_start_in_the_text_format() {
        let metrics = Metrics::new().unwrap();
        let text = metrics.render();
        for family in [
            "pulse_syncs_total",
            "pulse_sync_duration_seconds",
            "pulse_instagram_calls_total",
            "pulse_messages_total",
            "pulse_rate_limited_total",
            "pulse_digests_total",
            "pulse_alerts_total",
            "pulse_webhooks_total",
            "pulse_store_errors_total",
        ] {
            assert!(
                text.contains(&format!("# TYPE {family} ")),
                "{family}\n{text}"
            );
        }
        assert!(text.contains("pulse_syncs_total{kind=\"first\",outcome=\"ok\"} 0\n"));
        metrics.call_ended(CallFamily::Insights, CallOutcome::Throttled);
        let text = metrics.render();
        assert!(text.contains(
            "pulse_instagram_calls_total{family=\"insights\",outcome=\"throttled\"} 1\n"
        ));
        assert!(text.contains("pulse_rate_limited_total{service=\"instagram\"} 1\n"));
    }

    #[test]
    fn a_bearer_token_is_compared_whole() {
        use axum::http::HeaderValue;
        let scrape = Scrape::new(true, Some(SecretString::from("s3cret-token".to_owned())));
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
            headers
        };
        assert!(scrape.allows(&with("Bearer s3cret-token")));
        for wrong in [
            "Bearer s3cret",
            "Bearer s3cret-token2",
            "s3cret-token",
            "Basic s3cret-token",
        ] {
            assert!(!scrape.allows(&with(wrong)), "{wrong}");
        }
        assert!(!scrape.allows(&HeaderMap::new()));
        assert!(Scrape::new(true, None).allows(&HeaderMap::new()));
        assert!(!Scrape::new(false, None).allows(&HeaderMap::new()));
    }
}
