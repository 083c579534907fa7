//! Logging: `tracing` to stderr (stdout belongs to the console front end), filtered by the
//! configured filter or `RUST_LOG`. Nothing logged carries a token, a code or message text.
//! Colours only on a terminal (not in a file or a pipe), and never with `NO_COLOR` set.
//!
//! Some libraries log what Pulse must not: serenity runs each REST request in an INFO span
//! that records the request (the interaction token in its route, the reply text in its body)
//! and logs inside it at debug and trace, so any event within prints them; its gateway warns
//! with a payload it could not read (interaction tokens, message text); reqwest's verbose
//! connections dump request bytes at trace (the Telegram token is in the URL). [`CAPS`] holds
//! those targets down whatever the operator's filter says: it is a second filter beside the
//! operator's, and an event is written only when both let it through, so no directive
//! (`trace`, `serenity=trace`, `serenity::http=trace`) lifts it.

use std::io::IsTerminal as _;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::EnvFilter;

/// The most each library's targets may log, whatever the filter (see the module's doc).
const CAPS: [(&str, LevelFilter); 4] = [
    // Its spans (INFO) carry requests and gateway events; warnings and errors carry neither.
    ("serenity", LevelFilter::WARN),
    // "Err deserializing text: …; text: <the gateway payload>" is a warning.
    ("serenity::gateway::ws", LevelFilter::ERROR),
    // `connect::verbose` writes the bytes of every request and response at trace.
    ("reqwest", LevelFilter::DEBUG),
    // The `Trace` adaptor (which Pulse does not use) writes request payloads at trace.
    ("teloxide_core", LevelFilter::DEBUG),
];

/// The filter of [`CAPS`]: everything else passes.
fn caps() -> Targets {
    Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_targets(CAPS)
}

/// Installs the global subscriber. A second call (tests) is a no-op.
pub fn init(filter: &str) {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|value| EnvFilter::try_new(value).ok())
        .or_else(|| EnvFilter::try_new(filter).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let ansi = colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    let _ = subscriber(filter, std::io::stderr, ansi).try_init();
}

/// The subscriber: the operator's filter and [`CAPS`], both consulted for every span and
/// event, then the formatter writing to `writer`.
fn subscriber<W>(filter: EnvFilter, writer: W, ansi: bool) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    tracing_subscriber::registry()
        .with(filter)
        .with(caps())
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(ansi)
                .with_target(false),
        )
}

/// Whether to colour: on a terminal, unless `NO_COLOR` is set to something (no-color.org).
fn colour(terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    terminal && no_color.is_none_or(|value| value.is_empty())
}

/// A kind of background job, named in its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// The first sync of a newly linked account.
    Backfill,
    /// A scheduled sync of an account.
    Sync,
    /// A round of scheduled digests.
    Digests,
    /// The daily deletion of old comments.
    Retention,
    /// A round of alerts of new comments.
    Alerts,
    /// A round of the publishing runner.
    Publishing,
}

impl JobKind {
    /// Its name in the span.
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Backfill => "backfill",
            JobKind::Sync => "sync",
            JobKind::Digests => "digests",
            JobKind::Retention => "retention",
            JobKind::Alerts => "alerts",
            JobKind::Publishing => "publishing",
        }
    }
}

/// The span a background job runs in: its kind, never an account, chat or text.
pub fn job_span(kind: JobKind) -> tracing::Span {
    tracing::info_span!("job", kind = kind.as_str())
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::EnvFilter;

    use super::{colour, subscriber};

    #[test]
    fn colour_only_on_a_terminal_and_never_with_no_color() {
        assert!(colour(true, None));
        assert!(
            !colour(false, None),
            "a file or a pipe gets no colour codes"
        );
        assert!(!colour(true, Some("1".into())));
        assert!(colour(true, Some("".into())), "an empty NO_COLOR is unset");
    }

    /// A writer that keeps what is logged.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
        }
    }

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What the subscriber writes with `filter` while `log` runs.
    fn logged(filter: &str, log: impl FnOnce()) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = subscriber(EnvFilter::new(filter), move || writer.clone(), false);
        tracing::subscriber::with_default(subscriber, log);
        captured.text()
    }

    /// Events as serenity writes them: its REST client runs each request in an INFO span that
    /// records the request (the interaction token in the route, the reply text in the body),
    /// and logs at debug and trace inside it; the gateway warns with a payload it could not
    /// read.
    fn serenity_and_pulse_log() {
        let request = tracing::info_span!(
            target: "serenity::http::client",
            "request",
            req = "Route::CreateInteractionResponse { token: \"interaction-token-canary\" }, body: \"reply-text-canary\""
        );
        request.in_scope(|| {
            tracing::debug!(target: "serenity::http::ratelimiting", "debug-canary");
            tracing::trace!(target: "serenity::http::client", "trace-canary");
            // Another crate logging inside the span would print the span's fields.
            tracing::debug!(target: "hyper_util::client::legacy::pool", "pool-canary");
        });
        tracing::warn!(
            target: "serenity::gateway::ws",
            "Err deserializing text: ...; text: {{\"token\":\"gateway-token-canary\"}}"
        );
        tracing::trace!(target: "reqwest::connect::verbose", "write: bytes-canary");
        tracing::debug!(target: "bot::discord", "pulse-debug-event");
        tracing::trace!(target: "engine::sync", "pulse-trace-event");
    }

    #[test]
    fn serenity_request_bodies_and_tokens_are_not_logged_whatever_the_filter() {
        for filter in [
            "trace",
            "debug",
            "info,serenity=trace",
            "serenity::http=trace,serenity::gateway=trace,reqwest=trace,trace",
        ] {
            let text = logged(filter, serenity_and_pulse_log);
            for canary in [
                "interaction-token-canary",
                "reply-text-canary",
                "debug-canary",
                "trace-canary",
                "gateway-token-canary",
                "bytes-canary",
            ] {
                assert!(!text.contains(canary), "{filter}: {canary} in\n{text}");
            }
            if filter.ends_with("trace") && !filter.starts_with("info") {
                assert!(
                    text.contains("pulse-debug-event") && text.contains("pulse-trace-event"),
                    "{filter}: Pulse's own events are written:\n{text}"
                );
            }
        }
        // The hyper event inside serenity's span is written, without the span.
        let text = logged("trace", serenity_and_pulse_log);
        assert!(text.contains("pool-canary"), "{text}");
    }
}
