//! The TikTok client: Login Kit for Web v2 and the Display API.
//!
//! [`TikTokClient`] implements the ports `engine::tiktok::TikTokLogin` and
//! `engine::tiktok::TikTok` over HTTP with reqwest. Both base URLs come from
//! [`TikTokConfig`], so tests point it at local fakes.
//!
//! # What it takes care of
//! - **OAuth**: the authorize URL with every scope of `engine::tiktok::SCOPES`; the code
//!   exchange (the code URL-decoded), the refresh (whose answer carries the new refresh
//!   token) and the revocation, all as urlencoded forms with the client credentials. The
//!   token answer is read flat or wrapped in `data`.
//! - **Data calls** send the token as `Authorization: Bearer`; user info asks only for the
//!   fields of granted scopes; the video list pages by `cursor` (milliseconds) while
//!   `has_more`; the video query asks 20 ids at a time. Video ids stay exact past 2^53.
//! - **Errors**: the `{data, error}` envelope is checked even on HTTP 200; OAuth and API error
//!   codes are classified into `SourceError`s, with tokens and secrets scrubbed from every
//!   message.
//! - **Retries**: temporary failures back off exponentially with jitter;
//!   `rate_limit_exceeded` waits (`Retry-After` if sent) within `max_attempts` and
//!   `max_throttle_wait`, pausing the token's other calls meanwhile.
//!
//! Nothing here logs a URL, a body or a token: logs carry the method and URL path, at debug.
//!
//! # Files
//! - `config.rs`: [`TikTokConfig`].
//! - `client.rs`: [`TikTokClient`], the trait impls, user info and videos.
//! - `oauth.rs`: authorize URL, token and revoke calls.
//! - `transport.rs`: the request loop (retries, 429 waits and pauses, bounded bodies).
//! - `errors.rs`: classification, and scrubbing through `crate::scrub`.
//! - `wire.rs`: private serde shapes and lenient readers.
//! - `tests.rs` (Display API, errors, retries) and `login_tests.rs` (Login Kit): the client
//!   against a fake TikTok.

mod client;
mod config;
mod errors;
mod oauth;
mod transport;
mod wire;

#[cfg(test)]
mod login_tests;
#[cfg(test)]
mod tests;

pub use client::{ClientBuildError, TikTokClient};
pub use config::{TikTokConfig, DEFAULT_API_URL, DEFAULT_AUTHORIZE_URL};
