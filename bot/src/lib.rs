//! Pulse's runtime: the only crate that knows the HTTP framework, the configuration files and
//! the environment. It wires `engine` and `connectors` together and runs them.
//!
//! # Layout
//! - [`cli`]: the `pulse` command line (`run`, `demo`, `chat`, `check`, `sandbox`, `keygen`,
//!   `rotate-key`, `backup`, `restore`, `migrate-store`).
//! - [`config`]: `config.toml` + `PULSE__SECTION__KEY`, secrets from the environment only.
//! - [`app`]: [`app::App`] builds and runs everything; [`app::AppState`] is what tasks share.
//! - [`http`]: the link page, the OAuth callback, Meta's callbacks, `/healthz`; [`server`]
//!   serves them with timeouts and a connection cap.
//! - [`blocking`]: the one rule for the store on async threads: the engine's store waits
//!   where waiting holds up no other task.
//! - [`database`]: the database `store.backend` names — sled (the default) or PostgreSQL
//!   (`connectors::postgres`, the keyring inside it).
//! - [`keyring`]: the file of per-account data keys next to the sled database; [`files`]:
//!   private files written whole.
//! - [`backup`]: `pulse backup` (asking a running Pulse on its backup socket) and
//!   `pulse restore`; [`migrate`]: `pulse migrate-store --to postgres` (sled and its keyring
//!   into PostgreSQL, checked).
//! - [`linking`]: after a link: tell the chat, first sync with progress, "ready".
//! - [`scheduler`]: periodic syncs; [`digests`]: daily digests at each chat's local time;
//!   [`alerts`]: alert messages of new comments, batched per chat.
//! - [`webhooks`]: Instagram's webhooks (`/instagram/webhook`): the handshake, and signed
//!   comment deliveries handed to the engine.
//! - [`frontend`]: [`frontend::ChatOutput`] and the [`frontend::Outbox`]; [`console`] is the
//!   console front end; [`browser`] follows a link like a person's browser.
//! - [`demo`]: `pulse demo`; [`check`]: `pulse check`.
//! - [`uploads`]: files sent to post, fetched with a bound by every front end.
//! - [`replays`]: each Telegram update and Discord interaction is handled once.
//! - [`health`]: what `/healthz` reports — each front end and the store, running or why not.
//! - [`metrics`]: what `/metrics` counts (requests, syncs, Instagram calls, messages, rate
//!   limits, digests, store errors) and who may read it.
//! - [`errors`], [`telemetry`], [`shutdown`]: reference ids, logging, signals.

pub mod alerts;
pub mod api;
pub mod app;
pub mod backup;
pub mod blocking;
pub mod browser;
pub mod check;
pub mod cli;
pub mod config;
pub mod console;
pub mod database;
pub mod demo;
pub mod digests;
pub mod discord;
pub mod errors;
pub mod files;
pub mod frontend;
pub mod health;
pub mod http;
pub mod keyring;
pub mod leadership;
pub mod linking;
pub mod media;
pub mod metrics;
pub mod migrate;
pub mod publisher;
pub mod replays;
pub mod revoker;
pub mod scheduler;
pub mod server;
pub mod shutdown;
pub mod telegram;
pub mod telemetry;
pub mod uploads;
pub mod webhooks;

#[cfg(test)]
mod untrusted;
