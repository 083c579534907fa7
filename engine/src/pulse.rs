//! [`Pulse`], the one door into the engine: front ends hand it messages and OAuth callbacks,
//! the scheduler hands it sync ticks, and it answers with [`Reply`]s and outcomes.
//!
//! It owns the store, the vault and the port to Instagram, and it holds no platform or
//! framework type. Time is always a parameter (`now`), so every path can be tested with a
//! fixed clock.
//!
//! This file is the facade: the shared context ([`Pulse`]'s fields, [`Settings`]) and the
//! reading of a message. `commands/` holds what each [`Command`](crate::command::Command)
//! does, one module per command, and dispatches to them. The commands are thin over the
//! services they share, one module each: `linking.rs` (the link page and OAuth callback),
//! `syncing.rs` (backfill, syncs, token refresh), `questions.rs` (reading and answering
//! questions), `digests.rs` (scheduled digests, as jobs), `chat_settings.rs` (time zone,
//! account in use, the delivery channel), `privacy.rs` (erasure, retention, key rotation)
//! with `deletion.rs` (Meta's deletion requests), `alerts.rs` (alerts of new comments,
//! from webhooks and syncs), and `api_access.rs` (the engine's half of the stats API: keys,
//! signed requests, the access log and usage, whether an account is paused).

mod alerts;
mod answer_cache;
mod api_access;
mod api_rights;
mod api_views;
mod chat_settings;
mod commands;
mod deletion;
mod digests;
mod figures;
mod linking;
mod networks;
mod privacy;
mod publishing;
mod publishing_outcomes;
mod questions;
mod sales;
mod syncing;
mod tiktok;
mod written;

pub use answer_cache::{
    AccountRecords, AnswerCache, DEFAULT_MAX_RECORDS as DEFAULT_ANSWER_CACHE_RECORDS,
};

pub use alerts::{
    CommentsArrived, DueAlerts, ALERT_WINDOW, KEEP_ALERTS, MAX_FAILURES, SHOWN_PER_MESSAGE,
};
pub(crate) use api_access::KeyToMake;
pub use api_access::{
    ApiAccessEntry, ApiCaller, PurgedCounts, ACCESS_LOG_KEPT, LAST_USED_EVERY,
    MAX_REMEMBERED_SIGNATURES, SIGNATURES_REMEMBERED, USAGE_KEPT_DAYS,
};
pub use api_views::PostsQuery;
pub use commands::{DEFAULT_OVERLAP_DAYS, FORGET_PROMPT_LIFETIME, LOG_SHOWN, MAX_LIVE_KEYS};
pub use deletion::{DeletionOutcome, DeletionStatus};
pub use digests::{
    with_late_notice, DigestRound, DueDigest, SkippedDigest, CATCH_UP_DAYS, DIGEST_JOBS,
    GIVE_UP_AFTER, LATE_AFTER, LEASE, MAX_ATTEMPTS,
};
pub use linking::{LinkOutcome, LinkPage, LinkRefusal, Linked};
pub use publishing::{HostedFile, PublicationNews};
pub use syncing::SyncOutcome;
use syncing::SyncsInFlight;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::answers::{count, thousands};
use crate::inbound::{Inbound, Input, Request};
use crate::ports::Ports;
use crate::records::{AccountRecord, AccountStatus, Backfill, Records};
use crate::reply::{Block, Reply};
use crate::store::{Store, StoreError};
use crate::sync::SyncPolicy;
use crate::vault::{Vault, VaultError};

/// The vault field name of an account's access token.
pub(crate) const TOKEN_FIELD: &str = "instagram_access_token";

/// Settings the engine needs, already validated by the bot.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The public base URL of the HTTP server (no trailing slash), for `/connect` links.
    pub public_url: String,
    /// The time zone of chats that did not choose one.
    pub default_timezone: Tz,
    /// How much history sync reads.
    pub sync: SyncPolicy,
    /// Whether a language model is configured (for `/privacy`).
    pub uses_language_model: bool,
    /// Stored comments older than this many days are deleted (`None`: kept while the account
    /// is linked). The bot's daily job deletes them; `/privacy` says so.
    pub comment_retention_days: Option<u64>,
    /// The local time of the daily digest in chats that did not choose one.
    pub default_digest_time: chrono::NaiveTime,
    /// The shortest time between two alert messages to one chat (`alerts.min_interval_secs`):
    /// alerts within it wait and go out together.
    pub alert_min_interval: chrono::Duration,
    /// Whether Instagram's webhooks are set up (`instagram.webhook_verify_token`): without
    /// them alerts come with each comments sync, and `/alerts` says so.
    pub webhooks_configured: bool,
}

/// A failure inside Pulse (not the user's fault): the bot logs it and shows a reference id.
#[derive(Debug, thiserror::Error)]
pub enum PulseError {
    /// The store failed.
    #[error("the store failed")]
    Store(#[from] StoreError),
    /// A sealed token did not open (wrong master key, or damage).
    #[error("a sealed token did not open")]
    Vault(#[from] VaultError),
}

/// The engine.
pub struct Pulse {
    store: Arc<dyn Store>,
    vault: Vault,
    ports: Ports,
    settings: Settings,
    syncs: SyncsInFlight,
    model: Option<Arc<dyn crate::model::LanguageModel>>,
    /// A random id of this process, written into digest claims: a claim of another run
    /// was interrupted. (The runtime names its instance by it too: `Pulse::run_id`.)
    run: String,
    /// The runs of other processes known to have departed without giving their claims back
    /// (`Pulse::run_departed`): their digest and publishing claims are taken over at once.
    departed: Mutex<std::collections::HashSet<String>>,
    /// Whether this process's first digest round (which looks further back) has run.
    digests_caught_up: std::sync::atomic::AtomicBool,
    /// One Meta deletion request at a time, so a replayed request finds the first one's
    /// record.
    deletions: Mutex<()>,
    /// Held while a link finds or files its account, so two chats linking the same account
    /// at once file it once.
    linking: Mutex<()>,
    /// Decoded records of the accounts asked about lately.
    answer_cache: AnswerCache,
    /// What API keys are hashed with (`None`: the API is off).
    api_pepper: Option<crate::api_keys::ApiPepper>,
    /// Signatures of signed API requests seen in the last 600 s (replays are refused).
    seen_signatures: api_access::SeenSignatures,
}

impl Pulse {
    /// Builds the engine over a store, a vault and an Instagram.
    pub fn new(store: Arc<dyn Store>, vault: Vault, ports: Ports, settings: Settings) -> Self {
        Self {
            store,
            vault,
            ports,
            settings,
            syncs: SyncsInFlight::default(),
            model: None,
            run: format!("{:016x}", rand::random::<u64>()),
            departed: Mutex::default(),
            digests_caught_up: std::sync::atomic::AtomicBool::new(false),
            deletions: Mutex::new(()),
            linking: Mutex::new(()),
            answer_cache: AnswerCache::default(),
            api_pepper: None,
            seen_signatures: api_access::SeenSignatures::default(),
        }
    }

    /// This process's run id, as its claims name it. A runtime that shares the database
    /// with other instances names its instance by it (the scheduler's lease holder), so that
    /// the instance that takes over a lease that ran out can name the run that departed.
    pub fn run_id(&self) -> &str {
        &self.run
    }

    /// Records that the process whose run id is `run` stopped, or lost the scheduler's role,
    /// without giving its claims back (its lease ran out and this process took it over):
    /// from now on its digest claims (`jobs::claim`) and its posts being processed or
    /// published are taken over at once rather than after their lease. Safe if it lives on:
    /// each part of a digest is begun over the claimant's own claim, so it sends no part
    /// after a takeover, and a post's container publishes once. This process's own id is
    /// ignored. (Alerts need none of it: another run's claim on an alert is dropped at once.)
    pub fn run_departed(&self, run: &str) {
        if run != self.run {
            self.departed_runs().insert(run.to_owned());
        }
    }

    /// The runs known to have departed (`Pulse::run_departed`).
    pub(crate) fn departed_runs(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashSet<String>> {
        self.departed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps at most `max_records` decoded records for answering questions (0: read the
    /// store for every question).
    pub fn with_answer_cache(mut self, max_records: usize) -> Self {
        self.answer_cache = AnswerCache::new(max_records);
        self
    }

    /// The answer cache (for tests).
    #[cfg(test)]
    pub(crate) fn answer_cache(&self) -> &AnswerCache {
        &self.answer_cache
    }

    /// Answers questions with this language model (and its tools) first, the parser after.
    pub fn with_language_model(mut self, model: Arc<dyn crate::model::LanguageModel>) -> Self {
        self.model = Some(model);
        self
    }

    /// Typed access to the store.
    pub fn records(&self) -> Records<'_> {
        Records::new(self.store.as_ref())
    }

    /// The inbox of updates posted to the Telegram webhook, in this store.
    pub fn inbox(&self) -> crate::inbox::Inbox {
        crate::inbox::Inbox::new(self.store.clone())
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> Result<(), PulseError> {
        Ok(self.store.flush()?)
    }

    /// Answers one message: [`Request::read`], then [`Pulse::answer`].
    pub async fn handle(&self, inbound: &Inbound, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        self.answer(&Request::read(inbound.clone()), now).await
    }

    /// Answers a message read once. A message without text gets the hint of what Pulse
    /// reads; text that is no command, its problem and the right form; a command only the
    /// chat's administrators may use, sent by someone else, [`Pulse::refusal`]. After a
    /// command that settles where a server's messages go, the reply names the channel.
    pub async fn answer(&self, request: &Request, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let inbound = request.inbound();
        // Files to post: with /post, or anything but a command in a private chat.
        if !inbound.media.is_empty() || inbound.media_problem.is_some() {
            let text = match &inbound.input {
                Input::Text(text) => text.trim(),
                Input::Button(_) => "",
            };
            let caption = match request.command() {
                Ok(crate::Command::Post { caption }) => Some(caption.clone()),
                _ if inbound.private && !text.starts_with('/') => {
                    Some((!text.is_empty()).then(|| text.to_owned()))
                }
                _ => None,
            };
            if let Some(caption) = caption {
                if let Some(refusal) = self.refusal(request) {
                    return Ok(refusal);
                }
                return self.compose(inbound, caption, now);
            }
        }
        if inbound.is_without_text() {
            return Ok(Reply::text(prompts::text_only()));
        }
        // The text of a reply Pulse asked this person for (after Reply or DM): typed text
        // that is no command, read before it could be refused as a question (a reply may be
        // longer than a question may).
        if let Input::Text(text) = &inbound.input {
            if !text.trim_start().starts_with('/') {
                if let Some(reply) = self.reply_text_awaited(inbound, text.trim(), now)? {
                    return Ok(reply);
                }
                if let Some(reply) = self.post_text_awaited(inbound, text.trim(), now).await? {
                    return Ok(reply);
                }
            }
        }
        let command = match request.command() {
            Ok(command) => command.clone(),
            Err(error) => {
                return Ok(
                    Reply::text(error.problem.clone()).with(Block::Text(error.usage.to_owned()))
                )
            }
        };
        tracing::debug!(command = command.name(), chat = %inbound.chat.platform.as_str(), "command");
        if let Some(refusal) = self.refusal(request) {
            return Ok(refusal);
        }
        let pressed = matches!(inbound.input, Input::Button(_));
        let closes_prompt = pressed && command.closes_its_prompt();
        let mut reply = self.execute(inbound, command, now).await?;
        reply.closes_prompt |= closes_prompt;
        reply.delivery_channel = self.settle_delivery_channel(request, now);
        Ok(reply)
    }

    /// The answer to a message Pulse refuses outright — a command only the chat's
    /// administrators may use, or a channel chosen, by someone else —, or `None`. Pure and
    /// quick: a front end that must answer at once (Discord) asks before it defers.
    pub fn refusal(&self, request: &Request) -> Option<Reply> {
        let inbound = request.inbound();
        (!inbound.administers() && request.is_for_administrators()).then(|| {
            Reply::text(prompts::admins_only(inbound.chat.platform.administrators())).private()
        })
    }

    pub(crate) fn with_status(&self, account: &AccountRecord, reply: Reply) -> Reply {
        let reply = match account.status {
            AccountStatus::NeedsReconnect => reply.with(Block::Note(prompts::needs_reconnect(
                account.network.name(),
                &account.username,
                account.network.connect_command(),
            ))),
            AccountStatus::Active => reply,
        };
        match account.backfill {
            Backfill::Done { .. } => reply,
            Backfill::Filling { read, of, .. } => reply.with(Block::Note(format!(
                "Posts older than {} are still being read: {} of {}; answers about them cover those read so far.",
                count(u64::from(self.settings.sync.ready_days), "day", "days"),
                thousands(read),
                thousands(of)
            ))),
            _ => reply.with(Block::Note(
                "The first sync of this account is still running; numbers will fill in.".into(),
            )),
        }
    }
}
