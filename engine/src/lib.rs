//! Pulse's domain: accounts and links, the store, the token vault, sync, analytics, replies.
//!
//! `engine` does no network I/O, reads no configuration or environment, spawns no task and
//! knows no chat or HTTP framework. The outside world reaches it through two doors: the
//! [`Pulse`] facade (messages, OAuth callbacks, sync ticks) and the [`instagram::Instagram`]
//! port that `connectors` implements.
//!
//! # Layout
//! - [`pulse`]: [`Pulse`], the facade; [`Inbound`] in, [`Reply`] and outcomes out.
//! - [`inbound`]: [`Inbound`], what a person sent on any platform, and [`Request`], it read once.
//! - [`command`]: the closed [`Command`] enum and its one pure parser.
//! - [`reply`]: the platform-neutral [`Reply`].
//! - [`account`]: [`account::AccountId`], Pulse's own random id of a linked account, and
//!   [`account::Network`].
//! - [`chat`]: platforms, chats, people, handles.
//! - [`instagram`]: the port to Instagram (its OAuth half and its data half) and the data it
//!   returns; [`ports`]: the ports of every network, as the engine holds them.
//! - [`links`]: one-time `/connect` link tokens.
//! - [`vault`]: AES-256-GCM sealing of tokens under the master key.
//! - [`data_keys`]: per-account data keys (wrapped by the master key) for crypto-shredding;
//!   [`store::SealedStore`] encrypts each account's records under its key.
//! - [`store`]: the [`store::Store`] trait, sled and in-memory implementations, one contract.
//! - [`backup`]: the database and its keyring at one moment, sealed as one file.
//! - [`records`]: versioned persisted records and key layouts.
//! - [`upgrade`]: upgrades of a store written by an earlier release, run on open.
//! - [`sync`]: backfill, daily snapshots, the post-insights ladder.
//! - [`local_time`]: local wall-clock times to instants across clock changes.
//! - [`period`], [`metric`]: what people ask about, parsed into types that cannot be invalid.
//! - [`analytics`]: the numbers, as pure functions; [`answers`]: numbers into replies.
//! - [`inbox`]: updates posted to the Telegram webhook, recorded once and handled chat by
//!   chat, in order, by whichever instance claims the chat.
//! - [`api_keys`]: keys of the stats API (form, hash, scopes) and signed requests.
//! - [`leads`]: comments that look like buyers; [`lead_status`]: where each lead stands
//!   (open, replied, won, lost, done) and the period's figures.

pub mod account;
pub mod analytics;
pub mod answers;
pub mod api_keys;
pub mod backup;
pub mod charts;
pub mod chat;
pub mod command;
pub mod data_keys;
pub mod digest;
pub mod export;
pub mod inbound;
pub mod inbox;
pub mod instagram;
pub mod jobs;
pub mod lead_status;
pub mod leads;
pub mod lease;
pub mod links;
pub mod local_time;
pub mod media;
pub mod metric;
pub mod model;
pub mod pace;
pub mod period;
pub mod ports;
pub mod publishing;
pub mod pulse;
pub mod question;
pub mod records;
pub mod reply;
pub mod store;
pub mod sync;
pub mod tiktok;
pub mod upgrade;
pub mod vault;
pub mod views;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod untrusted;

pub use api_keys::{
    ApiKeyRefusal, ApiPepper, ApiPepperError, PresentedKey, Scope, SignatureRefusal, SignedParts,
};
pub use command::Command;
pub use inbound::{Inbound, Request};
pub use pulse::{ApiAccessEntry, ApiCaller, Pulse, PurgedCounts};
pub use reply::Reply;
