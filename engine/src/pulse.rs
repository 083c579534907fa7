//! [`Pulse`], the one door into the engine: front ends hand it messages and OAuth callbacks,
//! the scheduler hands it sync ticks, and it answers with [`Reply`]s and outcomes.
//!
//! It owns the store, the vault and the port to Instagram, and it holds no platform or
//! framework type. Time is always a parameter (`now`), so every path can be tested with a
//! fixed clock.

mod answer_cache;
mod deletion;
mod digests;
mod questions;
mod written;

pub use answer_cache::{
    AccountRecords, AnswerCache, DEFAULT_MAX_RECORDS as DEFAULT_ANSWER_CACHE_RECORDS,
};

pub use deletion::{DeletionOutcome, DeletionStatus};
pub use digests::{
    with_late_notice, DigestRound, DueDigest, SkippedDigest, CATCH_UP_DAYS, DIGEST_JOBS,
    GIVE_UP_AFTER, LATE_AFTER, LEASE, MAX_ATTEMPTS,
};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::analytics::{self, Order};
use crate::answers::{self, count, noun, thousands};
use crate::chat::{ChatId, Handle, UserId};
use crate::command::{Command, DigestAction, ForgetStep};
use crate::instagram::{AccessToken, Instagram, SourceError};
use crate::links::{LinkError, LinkToken, LinkTokens};
use crate::period::Period;
use crate::question::Query;
use crate::records::{
    key, prefix, AccountRecord, AccountStatus, Backfill, ChatLinkRecord, ChatRecord,
    LinkTokenRecord, Records,
};
use crate::reply::{Block, Button, Reply};
use crate::store::{AccountKey, Batch, Store, StoreError, Tree};
use crate::sync::{self, SyncControl, SyncError, SyncPolicy, SyncProgress, SyncReport};
use crate::vault::{Vault, VaultError};

/// "a few seconds", "about a minute", "about 3 minutes".
fn about(seconds: u64) -> String {
    match seconds {
        0..=20 => "a few seconds".to_owned(),
        21..=89 => "about a minute".to_owned(),
        _ => format!("about {}", count((seconds + 30) / 60, "minute", "minutes")),
    }
}

/// The vault field name of an account's access token.
const TOKEN_FIELD: &str = "instagram_access_token";

/// Refresh tokens older than this…
const REFRESH_AFTER: chrono::Duration = chrono::Duration::hours(24);
/// …that expire within this.
const REFRESH_WITHIN: chrono::Duration = chrono::Duration::days(10);

/// The permissions Pulse cannot work without.
const REQUIRED_PERMISSIONS: [&str; 2] = [
    "instagram_business_basic",
    "instagram_business_manage_insights",
];

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
}

/// A chat message for the engine: who, where, what.
#[derive(Debug, Clone)]
pub struct Message {
    /// The chat it came from.
    pub chat: ChatId,
    /// Who sent it.
    pub user: UserId,
    /// How the chat shows who sent it (`@ana`, `Ana Lima`): named on the link page.
    pub user_name: String,
    /// How to name the chat to its owner ("Telegram chat with Ana", "the console").
    pub chat_title: String,
    /// The text.
    pub text: String,
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

/// What the `/connect/{token}` page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPage {
    /// The chat the account will be linked to.
    pub chat: ChatId,
    /// How to name it (with the title the chat chose for itself, in quotes).
    pub chat_title: String,
    /// Who asked for the link: their id on the chat's platform.
    pub requester: String,
    /// How the chat showed them (`@ana`); empty for links made before it was kept.
    pub requester_name: String,
    /// Instagram's authorize URL with the token as `state`.
    pub authorize_url: String,
}

/// An account that was just linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The chat it was linked to.
    pub chat: ChatId,
    /// The account id.
    pub account_id: String,
    /// The handle, without `@`.
    pub handle: String,
    /// Followers now.
    pub followers: u64,
    /// The first sync has not run yet for this account.
    pub needs_backfill: bool,
}

/// Why a link did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRefusal {
    /// The link token was unknown, expired or used.
    Link(LinkError),
    /// The person cancelled on Instagram's page.
    Cancelled,
    /// A permission Pulse needs was not granted.
    MissingPermission(String),
    /// Instagram refused (a bad code, or an outage).
    Instagram(SourceError),
    /// Pulse could not save the account or its key (the store failed: a full disk).
    NotSaved,
}

impl LinkRefusal {
    /// The reason in plain words, for the page and the chat.
    pub fn explain(&self) -> String {
        match self {
            LinkRefusal::Link(LinkError::Expired) => {
                "the link expired (links work for 10 minutes).".into()
            }
            LinkRefusal::Link(LinkError::Used) => {
                "the link was already used (each link works once).".into()
            }
            LinkRefusal::Link(LinkError::Unknown) => "the link is not valid.".into(),
            LinkRefusal::Cancelled => "access was not allowed on Instagram's page.".into(),
            LinkRefusal::MissingPermission(permission) => {
                format!("Instagram did not grant the permission Pulse needs ({permission}).")
            }
            LinkRefusal::Instagram(SourceError::BadAuthorizationCode { .. }) => {
                "Instagram did not accept the sign-in (it may have been used already).".into()
            }
            LinkRefusal::Instagram(_) => {
                "Instagram could not be reached or refused the request.".into()
            }
            LinkRefusal::NotSaved => {
                "Pulse could not save the account: its storage is failing (the disk may be full), so nothing was linked. Send /connect again once its operator has made room.".into()
            }
        }
    }
}

/// The result of an OAuth callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Linked: tell the chat and start the first sync.
    Linked(Linked),
    /// Not linked; `chat` is known when the link token was valid.
    Refused {
        /// The chat to tell, if known.
        chat: Option<ChatId>,
        /// Why.
        reason: LinkRefusal,
    },
}

/// The result of a sync of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Done. `first_sync` when this sync made the account ready (its first sync got past
    /// "Ready" in this run: the chats are told); a first sync resumed after "Ready" only
    /// filled in older posts.
    Synced {
        /// What was read.
        report: SyncReport,
        /// Whether this run made the account ready.
        first_sync: bool,
    },
    /// Nothing was due (or Instagram asked to wait and the wait is not over).
    NothingDue,
    /// Another sync of this account is running.
    AlreadyRunning,
    /// The token stopped working; these chats should be told once.
    NeedsReconnect {
        /// The handle.
        handle: String,
        /// The chats linked to it.
        chats: Vec<ChatId>,
    },
    /// Throttled by Instagram; no call before the wait is over.
    Throttled(Duration),
    /// Calls in a row failed as temporary (`SyncPolicy::outage_after`): the sync stopped,
    /// kept what it read, and the next tick resumes where it stopped.
    NotAnswering,
    /// Failed for another reason (logged); the next tick tries again.
    Failed(String),
    /// The account was not linked (any more) when the sync began.
    Gone,
    /// The account was unlinked while the sync ran, which stopped it: whatever it wrote is
    /// deleted, nothing is tried again, and the chat has nothing more to be told (the unlink
    /// answered it).
    Cancelled,
}

/// The syncs running now, one per account at most, each with its [`SyncControl`].
#[derive(Default)]
struct SyncsInFlight {
    running: Mutex<HashMap<String, Arc<SyncControl>>>,
}

/// Proof that this sync is the only one for its account; released on drop.
struct SyncTicket<'a> {
    syncs: &'a SyncsInFlight,
    account_id: String,
    control: Arc<SyncControl>,
}

impl SyncsInFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<SyncControl>>> {
        self.running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn begin(&self, account_id: &str) -> Option<SyncTicket<'_>> {
        let mut running = self.lock();
        if running.contains_key(account_id) {
            return None;
        }
        let control = Arc::new(SyncControl::new());
        running.insert(account_id.to_owned(), control.clone());
        Some(SyncTicket {
            syncs: self,
            account_id: account_id.to_owned(),
            control,
        })
    }

    fn cancel(&self, account_id: &str) {
        if let Some(control) = self.lock().get(account_id) {
            control.cancel();
        }
    }
}

impl Drop for SyncTicket<'_> {
    fn drop(&mut self) {
        let mut running = self.syncs.lock();
        if running
            .get(&self.account_id)
            .is_some_and(|control| Arc::ptr_eq(control, &self.control))
        {
            running.remove(&self.account_id);
        }
    }
}

/// The engine.
pub struct Pulse {
    store: Arc<dyn Store>,
    vault: Vault,
    instagram: Arc<dyn Instagram>,
    settings: Settings,
    syncs: SyncsInFlight,
    model: Option<Arc<dyn crate::model::LanguageModel>>,
    /// A random id of this process, written into digest claims: a claim of another run
    /// was interrupted.
    run: String,
    /// Whether this process's first digest round (which looks further back) has run.
    digests_caught_up: std::sync::atomic::AtomicBool,
    /// One Meta deletion request at a time, so a replayed request finds the first one's
    /// record.
    deletions: Mutex<()>,
    /// Decoded records of the accounts asked about lately.
    answer_cache: AnswerCache,
}

/// How long a `/forget` question can be answered.
pub const FORGET_PROMPT_LIFETIME: chrono::Duration = chrono::Duration::minutes(5);

/// The answer to a press on a `/forget` question that is not the chat's open one.
const FORGET_PROMPT_EXPIRED: &str =
    "This prompt expired, and nothing was deleted. Send /forget to start again.";

impl Pulse {
    /// Builds the engine over a store, a vault and an Instagram.
    pub fn new(
        store: Arc<dyn Store>,
        vault: Vault,
        instagram: Arc<dyn Instagram>,
        settings: Settings,
    ) -> Self {
        Self {
            store,
            vault,
            instagram,
            settings,
            syncs: SyncsInFlight::default(),
            model: None,
            run: format!("{:016x}", rand::random::<u64>()),
            digests_caught_up: std::sync::atomic::AtomicBool::new(false),
            deletions: Mutex::new(()),
            answer_cache: AnswerCache::default(),
        }
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

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> Result<(), PulseError> {
        Ok(self.store.flush()?)
    }

    pub(crate) fn timezone(&self, chat: &ChatId) -> Result<Tz, PulseError> {
        Ok(self
            .records()
            .chat(chat)?
            .and_then(|record| record.timezone.parse().ok())
            .unwrap_or(self.settings.default_timezone))
    }

    fn chat_record(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<ChatRecord, PulseError> {
        Ok(self.records().chat(chat)?.unwrap_or_else(|| ChatRecord {
            active_account: None,
            timezone: self.settings.default_timezone.name().to_owned(),
            created_at: now,
            digest_enabled: true,
            digest_time: None,
            delivery_channel: None,
            digest_changed_at: None,
            forget_prompt: None,
        }))
    }

    /// The account questions in this chat are about: the chosen one if still linked, else
    /// the first linked one.
    pub(crate) fn active_account(
        &self,
        chat: &ChatId,
    ) -> Result<Option<AccountRecord>, PulseError> {
        let records = self.records();
        let linked = records.chat_accounts(chat)?;
        let chosen = records
            .chat(chat)?
            .and_then(|record| record.active_account)
            .filter(|id| linked.contains(id));
        match chosen.or_else(|| linked.first().cloned()) {
            Some(id) => Ok(records.account(&id)?),
            None => Ok(None),
        }
    }

    fn token(&self, account_id: &str) -> Result<Option<AccessToken>, PulseError> {
        let Some(sealed) = self.store.get(Tree::Tokens, account_id.as_bytes())? else {
            return Ok(None);
        };
        let plain = self.vault.open(account_id, TOKEN_FIELD, &sealed)?;
        Ok(Some(AccessToken::new(
            String::from_utf8_lossy(&plain).into_owned(),
        )))
    }

    /// Answers one chat message.
    pub async fn handle(&self, message: &Message, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let command = match Command::parse(&message.text) {
            Ok(command) => command,
            Err(error) => {
                return Ok(Reply::text(error.problem).with(Block::Text(error.usage.to_owned())))
            }
        };
        tracing::debug!(command = command.name(), chat = %message.chat.platform.as_str(), "command");
        self.execute(message, command, now).await
    }

    async fn execute(
        &self,
        message: &Message,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let chat = &message.chat;
        match command {
            Command::Start { .. } => Ok(Reply::text(prompts::start())),
            Command::Help => Ok(Reply::text(prompts::help(&crate::command::help_lines(
                crate::command::COMMANDS,
            )))),
            Command::Privacy => Ok(Reply::text(prompts::privacy(&self.privacy_facts()))),
            Command::Connect => self.connect(message, now),
            Command::Accounts => self.accounts(chat),
            Command::Use(handle) => self.use_account(chat, &handle, now),
            Command::Disconnect(handle) => self.disconnect(chat, handle.as_ref()),
            Command::Timezone(None) => Ok(Reply::text(prompts::timezone_setting(
                self.timezone(chat)?.name(),
            ))),
            Command::Timezone(Some(timezone)) => {
                let mut record = self.chat_record(chat, now)?;
                record.timezone = timezone.name().to_owned();
                record.digest_changed_at = Some(now);
                self.records().put_chat(chat, &record)?;
                self.store.flush()?;
                Ok(Reply::text(format!(
                    "Time zone set to {}. Periods are now counted in it.",
                    timezone.name()
                )))
            }
            Command::Stats(period) => self.stats(chat, period, now),
            Command::Top {
                metric,
                period,
                count,
            } => self.top(chat, metric, period, count, now),
            Command::Ask(question) => match &self.model {
                Some(model) => {
                    self.ask_with_model(model.as_ref(), chat, &question, now)
                        .await
                }
                None => self.ask(chat, &question, now),
            },
            Command::BestTime => self.answer_query(
                chat,
                &Query::BestTime {
                    period: Period::LastDays(90),
                },
                now,
            ),
            Command::Fans(period) => {
                self.answer_query(chat, &Query::Fans { count: 10, period }, now)
            }
            Command::Leads(period) => self.answer_query(chat, &Query::Leads { period }, now),
            Command::Export => self.export(chat, now),
            Command::Digest(action) => self.digest_command(chat, action, now),
            Command::Forget(step) => self.forget(message, step, now),
        }
    }

    fn connect(&self, message: &Message, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let token = LinkTokens::new(self.records()).issue(
            &message.chat,
            &message.user,
            &message.user_name,
            &message.chat_title,
            now,
        )?;
        let url = format!("{}/connect/{}", self.settings.public_url, token.expose());
        Ok(Reply::text(prompts::connect(&message.chat_title, &url))
            .with_button(Button::Link {
                label: "Connect Instagram".into(),
                url,
            })
            .private())
    }

    fn accounts(&self, chat: &ChatId) -> Result<Reply, PulseError> {
        let records = self.records();
        let active = self.active_account(chat)?.map(|account| account.user_id);
        let mut lines = Vec::new();
        for id in records.chat_accounts(chat)? {
            let Some(account) = records.account(&id)? else {
                continue;
            };
            let marker = if active.as_deref() == Some(id.as_str()) {
                " (in use)"
            } else {
                ""
            };
            let status = match account.status {
                AccountStatus::Active => String::new(),
                AccountStatus::NeedsReconnect => " · needs /connect again".into(),
            };
            lines.push(crate::reply::Item {
                text: format!(
                    "@{}{marker} · {}{status}",
                    account.username,
                    count(account.followers_count, "follower", "followers")
                ),
                url: None,
            });
        }
        if lines.is_empty() {
            return Ok(Reply::text(prompts::not_linked()));
        }
        Ok(Reply::text("Linked accounts:")
            .with(Block::Ranking(lines))
            .with(Block::Note(
                "Choose the one questions are about with /use @handle.".into(),
            )))
    }

    fn find_linked(
        &self,
        chat: &ChatId,
        handle: &Handle,
    ) -> Result<Option<AccountRecord>, PulseError> {
        let records = self.records();
        for id in records.chat_accounts(chat)? {
            if let Some(account) = records.account(&id)? {
                if account.username.eq_ignore_ascii_case(handle.as_str()) {
                    return Ok(Some(account));
                }
            }
        }
        Ok(None)
    }

    fn use_account(
        &self,
        chat: &ChatId,
        handle: &Handle,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let Some(account) = self.find_linked(chat, handle)? else {
            return Ok(Reply::text(format!(
                "{handle} is not linked to this chat. See /accounts."
            )));
        };
        let mut record = self.chat_record(chat, now)?;
        record.active_account = Some(account.user_id.clone());
        self.records().put_chat(chat, &record)?;
        self.store.flush()?;
        Ok(Reply::text(format!(
            "Questions in this chat are now about @{}.",
            account.username
        )))
    }

    fn disconnect(&self, chat: &ChatId, handle: Option<&Handle>) -> Result<Reply, PulseError> {
        let account = match handle {
            Some(handle) => self.find_linked(chat, handle)?,
            None => self.active_account(chat)?,
        };
        let Some(account) = account else {
            return Ok(Reply::text(match handle {
                Some(handle) => format!("{handle} is not linked to this chat. See /accounts."),
                None => prompts::not_linked(),
            }));
        };
        let mut batch = Batch::new();
        Records::batch_unlink(&mut batch, chat, &account.user_id);
        self.records()
            .batch_remove_digests(&mut batch, chat, Some(&account.user_id))?;
        let still_used = self
            .records()
            .account_chats(&account.user_id)?
            .iter()
            .any(|other| other != chat);
        let erased = if still_used {
            0
        } else {
            // A sync still running for it must not write the data back.
            self.syncs.cancel(&account.user_id);
            self.erase_account_into(&mut batch, &account.user_id)?
        };
        self.store.apply(&batch)?;
        self.store.flush()?;
        if !still_used {
            self.shred_account(&account.user_id)?;
        }
        let text = if still_used {
            format!("Unlinked @{} from this chat. Another chat still uses it, so its data is kept for that chat.", account.username)
        } else {
            format!(
                "Unlinked @{} and deleted its token and data ({}).",
                account.username,
                count(erased as u64, "record", "records")
            )
        };
        Ok(Reply::text(text))
    }

    /// `/forget`: asks with buttons that carry a fresh nonce (valid [`FORGET_PROMPT_LIFETIME`],
    /// once), then deletes the chat's settings, its links, its pending
    /// link tokens and every linked account no other chat uses, and answers with a receipt.
    fn forget(
        &self,
        message: &Message,
        step: ForgetStep,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let chat = &message.chat;
        let records = self.records();
        let linked = records.chat_accounts(chat)?;
        // Only the chat's open question, answered once within its time, counts.
        let answers_the_open_question = |nonce: &Option<String>| -> Result<bool, PulseError> {
            let Some(nonce) = nonce else {
                return Ok(false);
            };
            let open = records.chat(chat)?.and_then(|record| record.forget_prompt);
            Ok(open.is_some_and(|prompt| {
                prompt.expires_at > now
                    && bool::from(subtle::ConstantTimeEq::ct_eq(
                        prompt.nonce.as_bytes(),
                        nonce.as_bytes(),
                    ))
            }))
        };
        let close_the_question = || -> Result<(), PulseError> {
            if let Some(mut record) = records.chat(chat)? {
                if record.forget_prompt.take().is_some() {
                    records.put_chat(chat, &record)?;
                    self.store.flush()?;
                }
            }
            Ok(())
        };
        match step {
            ForgetStep::Cancel(nonce) => {
                if nonce.is_some() && !answers_the_open_question(&nonce)? {
                    return Ok(Reply::text(FORGET_PROMPT_EXPIRED));
                }
                close_the_question()?;
                Ok(Reply::text("Nothing was deleted."))
            }
            ForgetStep::Confirm(None) => Ok(Reply::text(
                "Nothing was deleted. To delete everything Pulse stores for this chat, send /forget and press “Delete everything” on the question it asks, within 5 minutes.",
            )),
            ForgetStep::Confirm(ref nonce) if !answers_the_open_question(nonce)? => {
                Ok(Reply::text(FORGET_PROMPT_EXPIRED))
            }
            ForgetStep::Ask => {
                let nonce = {
                    use base64::Engine as _;
                    use rand::RngCore as _;
                    let mut bytes = [0u8; 9];
                    rand::rngs::OsRng.fill_bytes(&mut bytes);
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
                };
                let mut record = self.chat_record(chat, now)?;
                record.forget_prompt = Some(crate::records::ForgetPrompt {
                    nonce: nonce.clone(),
                    expires_at: now + FORGET_PROMPT_LIFETIME,
                });
                records.put_chat(chat, &record)?;
                self.store.flush()?;
                let mut handles = Vec::new();
                for id in &linked {
                    if let Some(account) = records.account(id)? {
                        handles.push(format!("@{}", account.username));
                    }
                }
                let accounts = if handles.is_empty() {
                    "no linked accounts".to_owned()
                } else {
                    format!(
                        "{} {}",
                        noun(
                            handles.len() as u64,
                            "the linked account",
                            "the linked accounts"
                        ),
                        handles.join(", ")
                    )
                };
                Ok(Reply::text(format!(
                    "This deletes everything Pulse stores for {}: the chat's settings, {accounts}, and the token and data of every account no other chat uses. It cannot be undone.",
                    message.chat_title
                ))
                .with_button(Button::Command { label: "Delete everything".into(), command: format!("/forget confirm {nonce}") })
                .with_button(Button::Command { label: "Cancel".into(), command: format!("/forget cancel {nonce}") }))
            }
            ForgetStep::Confirm(Some(_)) => {
                let mut batch = Batch::new();
                let (mut erased, mut account_records) = (Vec::new(), 0);
                for id in &linked {
                    Records::batch_unlink(&mut batch, chat, id);
                    let shared = records.account_chats(id)?.iter().any(|other| other != chat);
                    if !shared {
                        self.syncs.cancel(id);
                        account_records += self.erase_account_into(&mut batch, id)?;
                        erased.push(id.clone());
                    }
                }
                let erased_accounts = erased.len();
                let chat_settings = usize::from(records.chat(chat)?.is_some());
                batch.remove(Tree::Chats, chat.key().into_bytes());
                let conversation = usize::from(records.conversation(chat)?.is_some());
                batch.remove(Tree::Conversations, chat.key().into_bytes());
                let digest_records = records.batch_remove_digests(&mut batch, chat, None)?;
                // Used and expired links name the chat too, so they go as well; only the
                // ones that could still be completed are "pending".
                let (mut pending_links, mut spent_links) = (0, 0);
                for (hash, link) in self.chat_link_tokens(chat)? {
                    if crate::links::is_pending(&link, now) {
                        pending_links += 1;
                    } else {
                        spent_links += 1;
                    }
                    batch.remove(Tree::LinkTokens, hash);
                }
                self.store.apply(&batch)?;
                self.store.flush()?;
                for id in &erased {
                    self.shred_account(id)?;
                }
                tracing::info!(
                    platform = chat.platform.as_str(),
                    accounts = erased_accounts,
                    "chat forgotten"
                );
                Ok(
                    Reply::text("Done. Pulse deleted everything it stored for this chat:").with(
                        Block::Facts(vec![
                            (
                                "Chat settings".into(),
                                count(chat_settings as u64, "record", "records"),
                            ),
                            (
                                "Previous question (for follow-ups)".into(),
                                count(conversation as u64, "record", "records"),
                            ),
                            (
                                "Links to accounts".into(),
                                format!(
                                    "{} ({})",
                                    linked.len(),
                                    count(linked.len() as u64 * 2, "record", "records")
                                ),
                            ),
                            (
                                "Accounts no other chat uses, with their tokens and data".into(),
                                format!(
                                    "{erased_accounts} ({})",
                                    count(account_records as u64, "record", "records")
                                ),
                            ),
                            ("Pending /connect links".into(), thousands(pending_links)),
                            (
                                "Used or expired /connect links".into(),
                                thousands(spent_links),
                            ),
                            (
                                "Records of scheduled digests".into(),
                                thousands(digest_records as u64),
                            ),
                        ]),
                    ),
                )
            }
        }
    }

    /// What `/privacy` says: the settings and the engine's own lifetimes of what it keeps.
    fn privacy_facts(&self) -> prompts::Privacy {
        prompts::Privacy {
            uses_language_model: self.settings.uses_language_model,
            account_history_days: u64::from(self.settings.sync.account_history_days),
            comment_history_days: u64::from(self.settings.sync.comment_history_days),
            comment_retention_days: self.settings.comment_retention_days,
            conversation_minutes: crate::records::CONVERSATION_WINDOW.num_minutes().max(0) as u64,
            link_minutes: crate::links::LINK_TOKEN_LIFETIME.as_secs() / 60,
            digest_record_days: 1 + CATCH_UP_DAYS,
        }
    }

    /// Remembers where in a chat Pulse's own messages go (a Discord channel).
    pub fn set_delivery_channel(
        &self,
        chat: &ChatId,
        channel: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PulseError> {
        let mut record = self.chat_record(chat, now)?;
        if record.delivery_channel.as_deref() != Some(channel) {
            record.delivery_channel = Some(channel.to_owned());
            self.records().put_chat(chat, &record)?;
            self.store.flush()?;
        }
        Ok(())
    }

    /// Where in a chat Pulse's own messages go, if set.
    pub fn delivery_channel(&self, chat: &ChatId) -> Result<Option<String>, PulseError> {
        Ok(self
            .records()
            .chat(chat)?
            .and_then(|record| record.delivery_channel))
    }

    /// `/digest on|off|time HH:MM|now`.
    fn digest_command(
        &self,
        chat: &ChatId,
        action: DigestAction,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let mut record = self.chat_record(chat, now)?;
        let timezone = self.timezone(chat)?;
        let when = |record: &ChatRecord| {
            format!(
                "{} ({})",
                record
                    .digest_time
                    .unwrap_or(self.settings.default_digest_time)
                    .format("%H:%M"),
                timezone.name()
            )
        };
        let text = match action {
            DigestAction::Now => return self.digest_now(chat, now),
            DigestAction::Show => {
                return Ok(Reply::text(prompts::digest_setting(
                    record.digest_enabled,
                    &when(&record),
                )))
            }
            DigestAction::On => {
                record.digest_enabled = true;
                record.digest_changed_at = Some(now);
                format!(
                    "Daily digest on: every day at {}. Change the time with /digest time 08:30.",
                    when(&record)
                )
            }
            DigestAction::Off => {
                record.digest_enabled = false;
                "Daily digest off. /digest on turns it back on; /digest now sends one any time."
                    .to_owned()
            }
            DigestAction::Time(time) => {
                record.digest_time = Some(time);
                record.digest_enabled = true;
                record.digest_changed_at = Some(now);
                format!("Daily digest at {} from now on.", when(&record))
            }
        };
        self.records().put_chat(chat, &record)?;
        self.store.flush()?;
        Ok(Reply::text(text))
    }

    /// The digest of every account linked to the chat, now.
    pub fn digest_now(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let records = self.records();
        let linked = records.chat_accounts(chat)?;
        if linked.is_empty() {
            return Ok(Reply::text(prompts::not_linked()));
        }
        let timezone = self.timezone(chat)?;
        let today = now.with_timezone(&timezone).date_naive();
        let mut combined = Reply::default();
        for id in linked {
            let Some(account) = records.account(&id)? else {
                continue;
            };
            let digest = self.account_digest(&account, timezone, today)?;
            combined.blocks.extend(digest.blocks);
            combined.attachments.extend(digest.attachments);
            if combined.buttons.is_empty() {
                combined.buttons = digest.buttons;
            }
        }
        Ok(combined)
    }

    /// `/export`: a JSON file of everything stored for the chat, secrets excluded.
    fn export(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let export = crate::export::export(self.records(), chat, now)?;
        let bytes = crate::export::to_json(&export);
        let posts: usize = export.accounts.iter().map(|a| a.posts.len()).sum();
        let comments: usize = export.accounts.iter().map(|a| a.comments.len()).sum();
        let name = format!("pulse-export-{}.json", now.format("%Y-%m-%d"));
        Ok(Reply::text(format!(
            "Everything Pulse stores for this chat, as JSON ({}, {}, {}; format {}). Access tokens are never included.",
            count(export.accounts.len() as u64, "account", "accounts"),
            count(posts as u64, "post", "posts"),
            count(comments as u64, "comment", "comments"),
            crate::export::FORMAT
        ))
        .with_attachment(crate::reply::Attachment { name, media_type: "application/json", bytes })
        .private())
    }

    /// The link tokens issued for a chat, with their keys.
    fn chat_link_tokens(
        &self,
        chat: &ChatId,
    ) -> Result<Vec<(Vec<u8>, LinkTokenRecord)>, PulseError> {
        let records = self.records();
        let chat_key = chat.key();
        let mut links = Vec::new();
        for (key, _) in self.store.scan_prefix(Tree::LinkTokens, &[])? {
            if let Some(record) = records.link_token(&key)? {
                if record.chat == chat_key {
                    links.push((key, record));
                }
            }
        }
        Ok(links)
    }

    /// After an account's records were removed: deletes its data key (crypto-shredding) and
    /// drops its decoded records from memory.
    fn shred_account(&self, account_id: &str) -> Result<(), PulseError> {
        self.answer_cache.evict(account_id);
        self.store.shred(account_id)?;
        Ok(())
    }

    /// Adds the removal of everything stored for an account to `batch`; returns how many
    /// records that is. The caller applies the batch, then calls [`Pulse::shred_account`].
    fn erase_account_into(&self, batch: &mut Batch, account_id: &str) -> Result<usize, PulseError> {
        self.answer_cache.evict(account_id);
        let mut count = 0;
        let account_prefix = prefix(account_id);
        // Every per-account tree, as `Tree::owner` says (a new one is erased by being there).
        for (tree, keyed) in Tree::of_accounts() {
            match keyed {
                AccountKey::Whole => {
                    if self.store.get(tree, account_id.as_bytes())?.is_some() {
                        batch.remove(tree, account_id.as_bytes());
                        count += 1;
                    }
                }
                AccountKey::Prefix => {
                    for (k, _) in self.store.scan_prefix(tree, &account_prefix)? {
                        batch.remove(tree, k);
                        count += 1;
                    }
                }
            }
        }
        // The links: the reverse index, the forward index of every chat that still pointed
        // here, and those chats' digest records of this account.
        for (k, _) in self
            .store
            .scan_prefix(Tree::AccountChats, &account_prefix)?
        {
            let chat = String::from_utf8_lossy(&k[account_prefix.len()..]).into_owned();
            batch.remove(Tree::ChatAccounts, key(&[&chat, account_id]));
            if let Some(chat) = ChatId::from_key(&chat) {
                count += self
                    .records()
                    .batch_remove_digests(batch, &chat, Some(account_id))?;
            }
            batch.remove(Tree::AccountChats, k);
            count += 1;
        }
        Ok(count)
    }

    fn stats(
        &self,
        chat: &ChatId,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let Some(account) = self.active_account(chat)? else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        let timezone = self.timezone(chat)?;
        let records = self.records();
        let posts = records.posts(&account.user_id)?;
        let daily = records.daily(&account.user_id)?;
        let snapshots = records.follower_snapshots(&account.user_id)?;
        let range = period.resolve_from(
            now.with_timezone(&timezone).date_naive(),
            analytics::first_day(&posts, &daily, &snapshots, timezone),
        );
        let overview = analytics::overview(&posts, &daily, &snapshots, range, timezone);
        Ok(self.with_status(
            &account,
            answers::overview_reply(&account, &period, &overview, timezone),
        ))
    }

    fn top(
        &self,
        chat: &ChatId,
        metric: crate::metric::Metric,
        period: Period,
        count: usize,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let Some(account) = self.active_account(chat)? else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        let timezone = self.timezone(chat)?;
        let posts = self.records().posts(&account.user_id)?;
        let range = period.resolve_from(
            now.with_timezone(&timezone).date_naive(),
            analytics::first_day(&posts, &[], &[], timezone),
        );
        let ranking = analytics::rank_posts(&posts, metric, range, timezone, count, Order::Highest);
        let reply =
            answers::ranking_reply(&account, metric, &period, range, &ranking, false, timezone);
        Ok(self.with_status(&account, reply))
    }

    pub(crate) fn with_status(&self, account: &AccountRecord, reply: Reply) -> Reply {
        let reply = match account.status {
            AccountStatus::NeedsReconnect => {
                reply.with(Block::Note(prompts::needs_reconnect(&account.username)))
            }
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

    /// What the link page shows for a token, without using it.
    pub fn link_page(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<LinkPage, LinkError>, PulseError> {
        let Some(token) = LinkToken::parse(token) else {
            return Ok(Err(LinkError::Unknown));
        };
        Ok(LinkTokens::new(self.records())
            .peek(&token, now)?
            .map(|pending| LinkPage {
                chat: pending.chat,
                chat_title: pending.chat_title,
                requester: pending.user,
                requester_name: pending.user_name,
                authorize_url: self.instagram.authorize_url(token.expose()),
            }))
    }

    /// The person cancelled on Instagram's page: the link is used up and the chat is told.
    pub fn cancel_link(&self, state: &str, now: DateTime<Utc>) -> Result<LinkOutcome, PulseError> {
        let Some(token) = LinkToken::parse(state) else {
            return Ok(LinkOutcome::Refused {
                chat: None,
                reason: LinkRefusal::Link(LinkError::Unknown),
            });
        };
        let tokens = LinkTokens::new(self.records());
        match tokens.consume(&token, now)? {
            Ok(pending) => Ok(LinkOutcome::Refused {
                chat: Some(pending.chat),
                reason: LinkRefusal::Cancelled,
            }),
            Err(error) => self.refused_link(&tokens, &token, error),
        }
    }

    /// A link token that did not work. An expired link tells its chat (the person may not
    /// know why nothing happened); a used one does not, so reloading the callback page after
    /// a successful link cannot send the chat a confusing failure.
    fn refused_link(
        &self,
        tokens: &LinkTokens<'_>,
        token: &LinkToken,
        error: LinkError,
    ) -> Result<LinkOutcome, PulseError> {
        let chat = match error {
            LinkError::Expired => tokens.chat_of(token)?,
            LinkError::Used | LinkError::Unknown => None,
        };
        Ok(LinkOutcome::Refused {
            chat,
            reason: LinkRefusal::Link(error),
        })
    }

    /// Completes a link from the OAuth callback: checks `state`, exchanges `code` for a
    /// long-lived token, reads the profile, seals the token and links the account.
    pub async fn complete_link(
        &self,
        state: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<LinkOutcome, PulseError> {
        let Some(token) = LinkToken::parse(state) else {
            return Ok(LinkOutcome::Refused {
                chat: None,
                reason: LinkRefusal::Link(LinkError::Unknown),
            });
        };
        // Read before anything is written, so a store that fails to write (a full disk)
        // still leaves a chat to tell.
        let chat = LinkTokens::new(self.records())
            .chat_of(&token)
            .ok()
            .flatten();
        match self.complete_valid_link(&token, code, now).await {
            Err(PulseError::Store(error)) => {
                tracing::warn!(error = %error, "a link could not be saved");
                Ok(LinkOutcome::Refused {
                    chat,
                    reason: LinkRefusal::NotSaved,
                })
            }
            outcome => outcome,
        }
    }

    async fn complete_valid_link(
        &self,
        token: &LinkToken,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<LinkOutcome, PulseError> {
        let token = token.clone();
        let tokens = LinkTokens::new(self.records());
        let pending = match tokens.consume(&token, now)? {
            Ok(pending) => pending,
            Err(error) => return self.refused_link(&tokens, &token, error),
        };
        let refused = |reason| {
            Ok(LinkOutcome::Refused {
                chat: Some(pending.chat.clone()),
                reason,
            })
        };
        let short = match self.instagram.exchange_code(code).await {
            Ok(short) => short,
            Err(error) => return refused(LinkRefusal::Instagram(error)),
        };
        if let Some(missing) = REQUIRED_PERMISSIONS
            .iter()
            .find(|needed| !short.permissions.iter().any(|granted| granted == *needed))
        {
            return refused(LinkRefusal::MissingPermission((*missing).to_owned()));
        }
        let long = match self.instagram.long_lived_token(&short.token).await {
            Ok(long) => long,
            Err(error) => return refused(LinkRefusal::Instagram(error)),
        };
        let profile = match self.instagram.profile(&long.token).await {
            Ok(profile) => profile,
            Err(error) => return refused(LinkRefusal::Instagram(error)),
        };
        let records = self.records();
        let expires_at =
            now + chrono::Duration::from_std(long.expires_in).unwrap_or(chrono::Duration::days(60));
        let existing = records.account(&profile.user_id)?;
        // A first sync that stopped (before or after "Ready") resumes where it stopped.
        let needs_backfill = !matches!(
            existing.as_ref().map(|a| &a.backfill),
            Some(Backfill::Done { .. })
        );
        let account = AccountRecord {
            user_id: profile.user_id.clone(),
            app_scoped_id: profile.app_scoped_id.clone(),
            username: profile.username.clone(),
            name: profile.name.clone(),
            followers_count: profile.followers_count,
            follows_count: profile.follows_count,
            media_count: profile.media_count,
            status: AccountStatus::Active,
            linked_at: existing.as_ref().map_or(now, |a| a.linked_at),
            token_issued_at: now,
            token_expires_at: expires_at,
            backfill: existing
                .as_ref()
                .map_or(Backfill::Pending, |a| a.backfill.clone()),
            last_sync_at: existing.as_ref().and_then(|a| a.last_sync_at),
            daily_sync_at: existing.as_ref().and_then(|a| a.daily_sync_at),
            sync_not_before: None,
        };
        let mut chat_record = self.chat_record(&pending.chat, now)?;
        chat_record.active_account = Some(account.user_id.clone());
        let mut batch = Batch::new();
        Records::batch_account(&mut batch, &account);
        batch.put(
            Tree::Tokens,
            account.user_id.as_bytes(),
            self.vault.seal(
                &account.user_id,
                TOKEN_FIELD,
                long.token.expose().as_bytes(),
            ),
        );
        Records::batch_link(
            &mut batch,
            &pending.chat,
            &account.user_id,
            &ChatLinkRecord {
                linked_by: pending.user.clone(),
                linked_at: now,
            },
        );
        Records::batch_chat(&mut batch, &pending.chat, &chat_record);
        self.store.apply(&batch)?;
        self.store.flush()?;
        tracing::info!(
            platform = pending.chat.platform.as_str(),
            "instagram account linked"
        );
        Ok(LinkOutcome::Linked(Linked {
            chat: pending.chat,
            account_id: account.user_id,
            handle: account.username,
            followers: account.followers_count,
            needs_backfill,
        }))
    }

    /// The chat message for a completed link.
    pub fn linked_reply(linked: &Linked) -> Reply {
        Reply::text(prompts::linked(&linked.handle, linked.followers)).with_button(
            Button::Command {
                label: "Undo".into(),
                command: format!("/disconnect @{}", linked.handle),
            },
        )
    }

    /// The chat message for a refused link.
    pub fn refused_reply(reason: &LinkRefusal) -> Reply {
        Reply::text(prompts::link_failed(&reason.explain())).with_button(Button::Command {
            label: "New link".into(),
            command: "/connect".into(),
        })
    }

    /// The chat message when the first sync is ready: complete, or with `older` posts still
    /// to read in the background.
    pub fn ready_reply(handle: &str, report: &SyncReport, older: usize) -> Reply {
        let (posts, days, comments) = (
            report.posts as u64,
            report.days as u64,
            report.comments as u64,
        );
        Reply::text(if older == 0 {
            prompts::ready(handle, posts, days, comments)
        } else {
            prompts::ready_filling(handle, posts, days, comments, older as u64)
        })
    }

    /// The chat message of a first sync that stopped because Instagram did not answer.
    pub fn not_answering_reply(handle: &str) -> Reply {
        Reply::text(prompts::not_answering(handle))
    }

    /// The one sync-progress message of a first sync, rewritten as it advances; `waiting`
    /// when the client is pausing for Instagram's rate limit (about how many seconds).
    pub fn progress_reply(handle: &str, progress: &SyncProgress, waiting: Option<u64>) -> Reply {
        let detail = match *progress {
            SyncProgress::Profile { followers } => {
                format!(
                    "profile read ({})",
                    count(followers, "follower", "followers")
                )
            }
            SyncProgress::Recent { done, total } => format!(
                "recent posts: {} of {} read",
                thousands(done as u64),
                thousands(total as u64)
            ),
            SyncProgress::AccountInsights { days } => {
                format!(
                    "{} of account insights read",
                    count(days as u64, "day", "days")
                )
            }
            SyncProgress::Ready { report, older } => format!(
                "ready; older posts: 0 of {} read (of {} in all)",
                thousands(older as u64),
                thousands(report.posts as u64)
            ),
            SyncProgress::Older { done, total } => format!(
                "ready; older posts: {} of {} read",
                thousands(done as u64),
                thousands(total as u64)
            ),
            SyncProgress::Waiting { .. } => "waiting".to_owned(),
            SyncProgress::Synced { report } => {
                return Reply::text(format!(
                    "@{handle} is fully synced: {} read.",
                    count(report.posts as u64, "post", "posts")
                ))
            }
        };
        let wait = waiting.map_or_else(String::new, |seconds| {
            format!(" — waiting {} for Instagram's rate limit", about(seconds))
        });
        Reply::text(format!("Syncing @{handle}: {detail}{wait}…"))
    }

    /// The chats an account is linked to.
    pub fn chats_of(&self, account_id: &str) -> Result<Vec<ChatId>, PulseError> {
        Ok(self.records().account_chats(account_id)?)
    }

    /// Turns a sync failure into an outcome, recording what the account must remember. Only
    /// the fields a sync owns are written (compare-and-swap), so a re-link that happened
    /// meanwhile is not undone.
    fn sync_failed(
        &self,
        account: &AccountRecord,
        error: SyncError,
        first_sync: bool,
        now: DateTime<Utc>,
    ) -> Result<SyncOutcome, PulseError> {
        let records = self.records();
        Ok(match error {
            SyncError::NeedsReconnect => {
                // Only if the token that failed is still the stored one, and only once.
                let issued = account.token_issued_at;
                let mut newly_marked = false;
                records.update_account(&account.user_id, |record| {
                    newly_marked =
                        record.token_issued_at == issued && record.status == AccountStatus::Active;
                    if newly_marked {
                        record.status = AccountStatus::NeedsReconnect;
                    }
                })?;
                self.store.flush()?;
                let chats = if newly_marked {
                    self.chats_of(&account.user_id)?
                } else {
                    Vec::new()
                };
                SyncOutcome::NeedsReconnect {
                    handle: account.username.clone(),
                    chats,
                }
            }
            SyncError::Throttled(wait) => {
                let until =
                    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
                records.update_account(&account.user_id, |record| {
                    record.sync_not_before = Some(until)
                })?;
                SyncOutcome::Throttled(wait)
            }
            SyncError::Cancelled => {
                // Unlinked while syncing: whatever the sync wrote after the unlink goes too.
                if records.account_chats(&account.user_id)?.is_empty() {
                    let mut batch = Batch::new();
                    self.erase_account_into(&mut batch, &account.user_id)?;
                    self.store.apply(&batch)?;
                    self.store.flush()?;
                    self.shred_account(&account.user_id)?;
                }
                SyncOutcome::Cancelled
            }
            SyncError::Store(error) => return Err(error.into()),
            // Calls in a row failed as temporary, or one the sync cannot do without did: either
            // way Instagram is not answering, and the next tick resumes.
            error @ (SyncError::NotAnswering(_)
            | SyncError::Instagram(SourceError::Transient { .. })) => {
                if first_sync {
                    self.first_sync_stopped(account, &error.to_string())?;
                }
                SyncOutcome::NotAnswering
            }
            SyncError::Instagram(error) => {
                if first_sync {
                    self.first_sync_stopped(account, &error.to_string())?;
                }
                SyncOutcome::Failed(error.to_string())
            }
        })
    }

    /// Records why a first sync stopped, unless it was already ready (then it stays
    /// `Filling`, with its count, and the next tick goes on filling).
    fn first_sync_stopped(&self, account: &AccountRecord, reason: &str) -> Result<(), PulseError> {
        self.records().update_account(&account.user_id, |record| {
            if !matches!(record.backfill, Backfill::Filling { .. }) {
                record.backfill = Backfill::Failed {
                    reason: reason.to_owned(),
                };
            }
        })?;
        self.store.flush()?;
        Ok(())
    }

    /// The first sync of a freshly linked account, reporting progress.
    pub async fn backfill(
        &self,
        account_id: &str,
        now: DateTime<Utc>,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncOutcome, PulseError> {
        let Some(ticket) = self.syncs.begin(account_id) else {
            return Ok(SyncOutcome::AlreadyRunning);
        };
        let records = self.records();
        let (Some(account), Some(token)) = (records.account(account_id)?, self.token(account_id)?)
        else {
            return Ok(SyncOutcome::Gone);
        };
        self.run_backfill(&ticket, &account, &token, now, on_progress)
            .await
    }

    async fn run_backfill(
        &self,
        ticket: &SyncTicket<'_>,
        account: &AccountRecord,
        token: &AccessToken,
        now: DateTime<Utc>,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncOutcome, PulseError> {
        let result = sync::backfill(
            self.instagram.as_ref(),
            self.records(),
            &ticket.control,
            token,
            &account.user_id,
            self.settings.sync,
            now,
            on_progress,
        )
        .await;
        match result {
            Ok(_) if ticket.control.is_cancelled() => {
                self.sync_failed(account, SyncError::Cancelled, true, now)
            }
            Ok(report) => Ok(SyncOutcome::Synced {
                report,
                // A resumed fill: the chats were told "Ready" when it was.
                first_sync: !matches!(account.backfill, Backfill::Filling { .. }),
            }),
            Err(error) => self.sync_failed(account, error, true, now),
        }
    }

    /// A scheduled sync of one account: refreshes its token when due, then runs the first
    /// sync if it never finished, else the newest posts, the post ladder and (once a day)
    /// the daily data. Skips accounts with a sync running or a throttling wait not over.
    pub async fn sync_account(
        &self,
        account_id: &str,
        now: DateTime<Utc>,
    ) -> Result<SyncOutcome, PulseError> {
        self.sync_account_reporting(account_id, now, &mut |_| {})
            .await
    }

    /// [`Pulse::sync_account`], reporting the progress of a first sync it resumes: the
    /// scheduler learns from [`SyncProgress::Ready`] that this run made the account ready,
    /// even when the run stops later in the fill.
    pub async fn sync_account_reporting(
        &self,
        account_id: &str,
        now: DateTime<Utc>,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncOutcome, PulseError> {
        let Some(ticket) = self.syncs.begin(account_id) else {
            return Ok(SyncOutcome::AlreadyRunning);
        };
        let records = self.records();
        let (Some(mut account), Some(mut token)) =
            (records.account(account_id)?, self.token(account_id)?)
        else {
            return Ok(SyncOutcome::Gone);
        };
        if account.status != AccountStatus::Active
            || account.sync_not_before.is_some_and(|until| now < until)
        {
            return Ok(SyncOutcome::NothingDue);
        }
        let token_age = now.signed_duration_since(account.token_issued_at);
        let token_left = account.token_expires_at.signed_duration_since(now);
        if token_age >= REFRESH_AFTER && token_left <= REFRESH_WITHIN {
            let refreshed = match ticket
                .control
                .unless_cancelled(self.instagram.refresh_token(&token))
                .await
            {
                Ok(refreshed) => refreshed,
                Err(cancelled) => return self.sync_failed(&account, cancelled, false, now),
            };
            match refreshed {
                Ok(long) => {
                    let issued_before = account.token_issued_at;
                    let expires_at = now
                        + chrono::Duration::from_std(long.expires_in)
                            .unwrap_or(chrono::Duration::days(60));
                    let sealed = self.vault.seal(
                        &account.user_id,
                        TOKEN_FIELD,
                        long.token.expose().as_bytes(),
                    );
                    // Store the new token only if no re-link replaced the old one meanwhile.
                    let mut still_ours = false;
                    let updated = records.update_account(account_id, |record| {
                        still_ours = record.token_issued_at == issued_before;
                        if still_ours {
                            record.token_issued_at = now;
                            record.token_expires_at = expires_at;
                        }
                    })?;
                    if let Some(updated) = updated.filter(|_| still_ours) {
                        self.store
                            .insert(Tree::Tokens, account.user_id.as_bytes(), &sealed)?;
                        self.store.flush()?;
                        account = updated;
                        token = long.token;
                        tracing::info!("instagram token refreshed");
                    }
                }
                Err(error) => {
                    let error = SyncError::from(error);
                    if matches!(error, SyncError::NeedsReconnect) {
                        return self.sync_failed(&account, error, false, now);
                    }
                    tracing::warn!(%error, "token refresh failed; will try again");
                }
            }
        }
        if !matches!(account.backfill, Backfill::Done { .. }) {
            return self
                .run_backfill(&ticket, &account, &token, now, on_progress)
                .await;
        }
        // What the sync writes is noted on its way, for the answer cache to take in (unless
        // something is deleted meanwhile).
        let deletions_at_start = self.answer_cache.deletions_so_far();
        let log = written::WriteLog::new(self.store.as_ref(), account_id);
        let result = sync::refresh(
            self.instagram.as_ref(),
            Records::new(&log),
            &ticket.control,
            &token,
            &account,
            self.settings.sync,
            now,
        )
        .await;
        let stopped = matches!(result, Err(SyncError::Cancelled)) || ticket.control.is_cancelled();
        self.answer_cache.take_in(
            &account,
            records.account(account_id)?.as_ref(),
            log.written().filter(|_| !stopped),
            deletions_at_start,
        );
        match result {
            Ok(_) if ticket.control.is_cancelled() => {
                self.sync_failed(&account, SyncError::Cancelled, false, now)
            }
            Ok(report) if report.is_empty() => Ok(SyncOutcome::NothingDue),
            Ok(report) => Ok(SyncOutcome::Synced {
                report,
                first_sync: false,
            }),
            Err(error) => self.sync_failed(&account, error, false, now),
        }
    }

    /// The ids of every account that scheduled syncs should visit.
    pub fn accounts_to_sync(&self) -> Result<Vec<String>, PulseError> {
        Ok(self
            .records()
            .accounts()?
            .into_iter()
            .filter(|account| account.status == AccountStatus::Active)
            .map(|account| account.user_id)
            .collect())
    }

    /// Seals every stored access token under `to`'s current master key (opening it with
    /// `from`, which holds the old key); tokens already under it are left. Returns how many
    /// were re-sealed. Part of `pulse rotate-key`, with [`crate::data_keys::DataKeys::rewrap`].
    pub fn reseal_tokens(store: &dyn Store, from: &Vault, to: &Vault) -> Result<usize, PulseError> {
        let mut batch = Batch::new();
        for (key, sealed) in store.scan_prefix(Tree::Tokens, &[])? {
            if to.is_current(&sealed) {
                continue;
            }
            let account = String::from_utf8_lossy(&key).into_owned();
            let token = from.open(&account, TOKEN_FIELD, &sealed)?;
            batch.put(Tree::Tokens, key, to.seal(&account, TOKEN_FIELD, &token));
        }
        let count = batch.len();
        if count > 0 {
            store.apply(&batch)?;
            store.flush()?;
        }
        Ok(count)
    }

    /// Deletes stored comments written before `cutoff` (the retention period); returns how
    /// many.
    pub fn purge_comments_before(&self, cutoff: DateTime<Utc>) -> Result<usize, PulseError> {
        let records = self.records();
        let mut purged = 0;
        for account in records.accounts()? {
            let mut batch = Batch::new();
            for comment in records.comments(&account.user_id)? {
                if comment.published_at < cutoff {
                    Records::batch_remove_comment(&mut batch, &account.user_id, &comment);
                }
            }
            if !batch.is_empty() {
                purged += batch.len();
                self.store.apply(&batch)?;
                self.answer_cache.evict(&account.user_id);
            }
        }
        if purged > 0 {
            self.store.flush()?;
        }
        Ok(purged)
    }

    /// Removes link tokens that expired long ago.
    pub fn sweep_link_tokens(&self, now: DateTime<Utc>) -> Result<usize, PulseError> {
        Ok(LinkTokens::new(self.records()).sweep(now)?)
    }
}
