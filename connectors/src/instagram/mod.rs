//! The Instagram Graph API and OAuth client ("Instagram API with Instagram Login").
//!
//! [`InstagramClient`] implements the ports `engine::instagram::Instagram`,
//! `InstagramLogin`, `InstagramActions` and `InstagramPublishing` over HTTP with reqwest. Every base URL comes from [`InstagramConfig`], so tests and the sandbox point it at
//! local fakes.
//!
//! # What it takes care of
//! - **OAuth**: the authorize URL, the single-use code exchange (flat or `data[0]` response,
//!   `user_id` kept exact past 2^53, permissions as string or array), the long-lived exchange
//!   and the refresh.
//! - **Data calls** send the token as `Authorization: Bearer`, follow `paging.next` until it is
//!   absent (only on the Graph host), and parse at the edge into engine types; media of an
//!   unknown type and items without id or timestamp are skipped, not fatal.
//! - **Insights**: the metric set per media kind, dropping a metric Instagram rejects by name;
//!   account insights in windows of at most 30 days plus per-day totals; online followers and
//!   demographics.
//! - **Errors** are classified by the Graph `code` (not the HTTP status, not `type`) into
//!   `SourceError`s, with tokens scrubbed from every message.
//! - **Pacing and retries**: the usage headers trigger a pause before the next call for the same
//!   token; throttling waits for `estimated_time_to_regain_access` (or backoff) within
//!   `max_attempts` unless the wait exceeds `max_throttle_wait`; transient failures back off
//!   exponentially with jitter.
//!
//! Nothing here logs a URL, a body or a token: logs carry the method and URL path, at debug.
//! A [`CallObserver`] ([`InstagramClient::observed`]) hears of every request's family and
//! outcome, for metrics.
//!
//! # Files
//! - `config.rs`: [`InstagramConfig`].
//! - `client.rs`: [`InstagramClient`], paging, profile, media, comments, the trait impl.
//! - `insights.rs`: media and account insights.
//! - `actions.rs`: the comment actions (public and private replies, hiding, the webhook
//!   subscription), sent as writes that are never repeated after an ambiguous failure.
//! - `publishing.rs`: the container flow (containers, their status, `media_publish` sent
//!   exactly once, the publishing limit, permalinks).
//! - `oauth.rs`: authorize URL and token calls.
//! - `transport.rs`: the request loop (pacing, classification, retries).
//! - `errors.rs`: classification, and scrubbing through `crate::scrub`.
//! - `pacing.rs`: usage headers, pauses (the backoff is `crate::backoff`).
//! - `observe.rs`: [`CallObserver`], [`CallFamily`], [`CallOutcome`].
//! - `wire.rs`: private serde shapes and lenient readers.

mod actions;
mod client;
mod config;
mod errors;
mod insights;
mod oauth;
mod observe;
mod pacing;
mod publishing;
mod rejected;
mod transport;
mod wire;

#[cfg(test)]
mod publishing_tests;
#[cfg(test)]
mod tests;

pub use client::{ClientBuildError, InstagramClient};
pub use config::{
    InstagramConfig, DEFAULT_AUTHORIZE_URL, DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION,
    DEFAULT_TOKEN_URL,
};
pub use observe::{CallFamily, CallObserver, CallOutcome};
