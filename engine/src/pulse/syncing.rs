//! Syncing: the first sync (backfill) of a linked account and its progress, the regular
//! syncs, token refresh, and what a failed sync tells the chats.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::account::{AccountId, Network};
use crate::answers::{count, thousands};
use crate::chat::ChatId;
use crate::instagram::{AccessToken, SourceError};
use crate::records::{AccountRecord, AccountStatus, Backfill, Records};
use crate::reply::Reply;
use crate::store::{Batch, Tree};
use crate::sync::{self, SyncControl, SyncError, SyncProgress, SyncReport};

use super::{written, Pulse, PulseError, TOKEN_FIELD};

/// "a few seconds", "about a minute", "about 3 minutes".
pub(super) fn about(seconds: u64) -> String {
    match seconds {
        0..=20 => "a few seconds".to_owned(),
        21..=89 => "about a minute".to_owned(),
        _ => format!("about {}", count((seconds + 30) / 60, "minute", "minutes")),
    }
}

/// Refresh tokens older than this…
pub(super) const REFRESH_AFTER: chrono::Duration = chrono::Duration::hours(24);

/// …that expire within this.
pub(super) const REFRESH_WITHIN: chrono::Duration = chrono::Duration::days(10);

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
        /// The network it is on.
        network: crate::account::Network,
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
pub(super) struct SyncsInFlight {
    running: Mutex<HashMap<AccountId, Arc<SyncControl>>>,
}

/// Proof that this sync is the only one for its account; released on drop.
pub(super) struct SyncTicket<'a> {
    syncs: &'a SyncsInFlight,
    account_id: AccountId,
    pub(super) control: Arc<SyncControl>,
}

impl SyncsInFlight {
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<AccountId, Arc<SyncControl>>> {
        self.running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn begin(&self, account_id: &AccountId) -> Option<SyncTicket<'_>> {
        let mut running = self.lock();
        if running.contains_key(account_id) {
            return None;
        }
        let control = Arc::new(SyncControl::new());
        running.insert(account_id.clone(), control.clone());
        Some(SyncTicket {
            syncs: self,
            account_id: account_id.clone(),
            control,
        })
    }

    pub(super) fn cancel(&self, account_id: &AccountId) {
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

impl Pulse {
    /// The account's access token (a TikTok account's from its pair).
    pub(super) fn token(&self, account_id: &AccountId) -> Result<Option<AccessToken>, PulseError> {
        Ok(self
            .token_plaintext(account_id)?
            .map(|plain| super::tiktok::access_token_of(&plain)))
    }

    /// What the account's sealed token opens to: Instagram's bare token, or TikTok's pair.
    pub(super) fn token_plaintext(
        &self,
        account_id: &AccountId,
    ) -> Result<Option<Vec<u8>>, PulseError> {
        let Some(sealed) = self
            .store
            .get(Tree::Tokens, account_id.as_str().as_bytes())?
        else {
            return Ok(None);
        };
        Ok(Some(self.vault.open(
            account_id.as_str(),
            TOKEN_FIELD,
            &sealed,
        )?))
    }

    /// The chat message when the first sync is ready: complete, or with `older` posts still
    /// to read in the background.
    pub fn ready_reply(network: Network, handle: &str, report: &SyncReport, older: usize) -> Reply {
        let (posts, days, comments) = (
            report.posts as u64,
            report.days as u64,
            report.comments as u64,
        );
        if network == Network::TikTok {
            return Reply::text(prompts::ready_tiktok(handle, posts));
        }
        Reply::text(if older == 0 {
            prompts::ready(handle, posts, days, comments)
        } else {
            prompts::ready_filling(handle, posts, days, comments, older as u64)
        })
    }

    /// The chat message when an account's access stopped working.
    pub fn needs_reconnect_reply(network: crate::account::Network, handle: &str) -> Reply {
        Reply::text(prompts::needs_reconnect(
            network.name(),
            handle,
            network.connect_command(),
        ))
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
            SyncProgress::Ready { report, older: 0 } => format!(
                "ready ({} read)",
                count(report.posts as u64, "post", "posts")
            ),
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
    pub fn chats_of(&self, account_id: &AccountId) -> Result<Vec<ChatId>, PulseError> {
        Ok(self.records().account_chats(account_id)?)
    }

    /// Turns a sync failure into an outcome, recording what the account must remember. Only
    /// the fields a sync owns are written (compare-and-swap), so a re-link that happened
    /// meanwhile is not undone.
    pub(super) fn sync_failed(
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
                records.update_account(&account.id, |record| {
                    newly_marked =
                        record.token_issued_at == issued && record.status == AccountStatus::Active;
                    if newly_marked {
                        record.status = AccountStatus::NeedsReconnect;
                    }
                })?;
                self.store.flush()?;
                let chats = if newly_marked {
                    self.chats_of(&account.id)?
                } else {
                    Vec::new()
                };
                SyncOutcome::NeedsReconnect {
                    network: account.network,
                    handle: account.username.clone(),
                    chats,
                }
            }
            SyncError::Throttled(wait) => {
                let until =
                    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
                records
                    .update_account(&account.id, |record| record.sync_not_before = Some(until))?;
                SyncOutcome::Throttled(wait)
            }
            SyncError::Cancelled => {
                // Unlinked while syncing: whatever the sync wrote after the unlink goes too.
                if records.account_chats(&account.id)?.is_empty() {
                    let mut batch = Batch::new();
                    self.erase_account_into(&mut batch, &account.id)?;
                    self.store.apply(&batch)?;
                    self.store.flush()?;
                    self.shred_account(&account.id)?;
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
    pub(super) fn first_sync_stopped(
        &self,
        account: &AccountRecord,
        reason: &str,
    ) -> Result<(), PulseError> {
        self.records().update_account(&account.id, |record| {
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
        account_id: &AccountId,
        now: DateTime<Utc>,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncOutcome, PulseError> {
        let (ticket, account, token) = match self.start_sync(account_id)? {
            Ok(started) => started,
            Err(outcome) => return Ok(outcome),
        };
        if account.network == Network::TikTok {
            return self.sync_tiktok(&ticket, &account, now, on_progress).await;
        }
        self.run_backfill(&ticket, &account, &token, now, on_progress)
            .await
    }

    /// What a sync of `account_id` starts with — its ticket, the account and its token —,
    /// or why it does not start (already running, or the account is gone).
    fn start_sync(
        &self,
        account_id: &AccountId,
    ) -> Result<Result<(SyncTicket<'_>, AccountRecord, AccessToken), SyncOutcome>, PulseError> {
        // A paused account (`/pause`) is not synced: its data is kept as it is.
        if self.is_paused(account_id)? {
            return Ok(Err(SyncOutcome::NothingDue));
        }
        let Some(ticket) = self.syncs.begin(account_id) else {
            return Ok(Err(SyncOutcome::AlreadyRunning));
        };
        let records = self.records();
        match (records.account(account_id)?, self.token(account_id)?) {
            (Some(account), Some(token)) => Ok(Ok((ticket, account, token))),
            _ => Ok(Err(SyncOutcome::Gone)),
        }
    }

    pub(super) async fn run_backfill(
        &self,
        ticket: &SyncTicket<'_>,
        account: &AccountRecord,
        token: &AccessToken,
        now: DateTime<Utc>,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncOutcome, PulseError> {
        let result = sync::backfill(
            self.ports.data(account.network),
            self.records(),
            &ticket.control,
            token,
            &account.id,
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
        account_id: &AccountId,
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
        account_id: &AccountId,
        now: DateTime<Utc>,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncOutcome, PulseError> {
        let (ticket, mut account, mut token) = match self.start_sync(account_id)? {
            Ok(started) => started,
            Err(outcome) => return Ok(outcome),
        };
        let records = self.records();
        if account.status != AccountStatus::Active
            || account.sync_not_before.is_some_and(|until| now < until)
        {
            return Ok(SyncOutcome::NothingDue);
        }
        if account.network == Network::TikTok {
            return self.sync_tiktok(&ticket, &account, now, on_progress).await;
        }
        let token_age = now.signed_duration_since(account.token_issued_at);
        let token_left = account.token_expires_at.signed_duration_since(now);
        if token_age >= REFRESH_AFTER && token_left <= REFRESH_WITHIN {
            let refreshed = match ticket
                .control
                .unless_cancelled(self.ports.login(account.network).refresh_token(&token))
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
                        account.id.as_str(),
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
                            .insert(Tree::Tokens, account.id.as_str().as_bytes(), &sealed)?;
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
            self.ports.data(account.network),
            Records::new(&log),
            &ticket.control,
            &token,
            &account,
            self.settings.sync,
            now,
        )
        .await;
        let stopped = matches!(result, Err(SyncError::Cancelled)) || ticket.control.is_cancelled();
        if !stopped {
            self.alerts_after_sync(&account, &log.comments_written(), now);
        }
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

    /// The ids of every account that scheduled syncs should visit: active, and not paused.
    pub fn accounts_to_sync(&self) -> Result<Vec<AccountId>, PulseError> {
        let mut due = Vec::new();
        for account in self.records().accounts()? {
            if account.status == AccountStatus::Active && !self.is_paused(&account.id)? {
                due.push(account.id);
            }
        }
        Ok(due)
    }
}
