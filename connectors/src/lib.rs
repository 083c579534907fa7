//! The outside world of Pulse: everything that speaks HTTP to someone else.
//!
//! # Layout
//! - [`instagram`]: `InstagramClient`, the Graph API and OAuth client that implements
//!   `engine::instagram::Instagram` (paging, per-type metrics, 30-day windows, error
//!   classification, pacing by the usage headers, retries).
//! - [`tiktok`]: `TikTokClient`, Login Kit for Web v2 and the Display API, implementing
//!   `engine::tiktok::TikTokLogin` and `engine::tiktok::TikTok` (the `{data, error}`
//!   envelope, scopes turned into fields, cursor paging, ids past 2^53, retries and 429 waits).
//! - [`llm`]: `OpenAiModel`, any OpenAI-compatible chat endpoint through async-openai, as
//!   `engine::model::LanguageModel`.
//! - [`meta`]: Meta's `signed_request` (the deauthorize and data-deletion callbacks),
//!   verified in constant time.
//! - [`webhook`]: Instagram's webhooks, `X-Hub-Signature-256` checked in constant time on
//!   the raw body, then the `comments` events read.
//! - [`postgres`]: `PgStore`, the store in PostgreSQL (`store.backend = "postgres"`), with
//!   the keyring in the same database, versioned migrations on open, and a private cluster
//!   for tests.
//! - [`sandbox`]: a local Instagram that speaks the same wire format over a deterministic
//!   synthetic account; `pulse demo`, `pulse sandbox` and the tests point the client at it.
//! - `scrub` and `backoff` (private): what the clients share, the scrubbing of secrets from
//!   error messages (each client says how its tokens look) and the retry backoff.

mod backoff;
pub mod instagram;
pub mod llm;
pub mod meta;
pub mod postgres;
pub mod sandbox;
mod scrub;
pub mod tiktok;
pub mod webhook;

#[cfg(test)]
mod untrusted;
