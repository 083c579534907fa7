//! The sync scheduler: every `sync.interval_minutes`, each active account does what is due
//! (daily data once a day, post insights on the ladder, a token refresh near expiry, a first
//! sync that did not finish). Accounts whose token stopped working are reported to their
//! chats once. Once a day it also deletes comments older than `store.retention_days`
//! ([`DailyJobs`]).

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;

use engine::pulse::SyncOutcome;
use engine::Reply;

use crate::app::AppState;
use crate::errors;
use crate::metrics::SyncKind;

/// Runs ticks until shutdown. The first tick runs at once.
pub async fn run(state: Arc<AppState>, every: Duration, daily: DailyJobs) {
    let mut daily = daily;
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = state.shutdown.cancelled() => break,
        }
        tokio::select! {
            () = tick(&state) => {}
            () = state.shutdown.cancelled() => break,
        }
        daily.run_if_due(&state).await;
    }
    tracing::debug!("scheduler stopped");
}

/// The jobs that run once a (UTC) day: deleting comments past their retention.
#[derive(Debug, Clone)]
pub struct DailyJobs {
    retention: Option<chrono::Duration>,
    last_run: Option<NaiveDate>,
}

impl DailyJobs {
    /// Daily jobs keeping comments for `retention` (`None`: forever).
    pub fn new(retention: Option<chrono::Duration>) -> Self {
        Self {
            retention,
            last_run: None,
        }
    }

    /// Runs the jobs unless they already ran on the clock's date. Returns how many comments
    /// were deleted, or `None` when nothing ran.
    pub async fn run_if_due(&mut self, state: &Arc<AppState>) -> Option<usize> {
        let now = (state.clock)();
        if self.last_run == Some(now.date_naive()) {
            return None;
        }
        self.last_run = Some(now.date_naive());
        let retention = self.retention?;
        let pulse = state.pulse.clone();
        let cutoff = now - retention;
        match tokio::task::spawn_blocking(move || pulse.purge_comments_before(cutoff)).await {
            Ok(Ok(purged)) => {
                tracing::info!(
                    purged,
                    retention_days = retention.num_days(),
                    "old comments deleted"
                );
                Some(purged)
            }
            Ok(Err(error)) => {
                errors::report("deleting old comments failed", &error);
                None
            }
            Err(error) => {
                tracing::error!(error = %error, "deleting old comments panicked");
                None
            }
        }
    }
}

/// One pass over every account.
pub async fn tick(state: &Arc<AppState>) {
    let now = (state.clock)();
    match state.pulse.sweep_link_tokens(now) {
        Ok(0) => {}
        Ok(removed) => tracing::debug!(removed, "expired link tokens removed"),
        Err(error) => {
            errors::report("sweeping link tokens failed", &error);
        }
    }
    match state.pulse.forget_stale_conversations(now) {
        Ok(0) => {}
        Ok(removed) => tracing::debug!(removed, "previous questions older than 30 minutes removed"),
        Err(error) => {
            errors::report("sweeping previous questions failed", &error);
        }
    }
    let accounts = match state.pulse.accounts_to_sync() {
        Ok(accounts) => accounts,
        Err(error) => {
            errors::report("listing accounts to sync failed", &error);
            return;
        }
    };
    for account_id in accounts {
        let started = std::time::Instant::now();
        let outcome = state.pulse.sync_account(&account_id, (state.clock)()).await;
        state
            .metrics
            .sync_ended(SyncKind::Scheduled, &outcome, started.elapsed());
        match outcome {
            Ok(SyncOutcome::Synced { report, first_sync }) => {
                tracing::info!(
                    posts = report.posts,
                    new_posts = report.new_posts,
                    insights = report.insights_read,
                    days = report.days,
                    "account synced"
                );
                if first_sync {
                    announce_ready(state, &account_id, &report).await;
                }
            }
            Ok(SyncOutcome::NeedsReconnect { handle, chats }) => {
                tracing::warn!("an account's token stopped working; its chats are told");
                let reply = Reply::text(prompts::needs_reconnect(&handle));
                for chat in chats {
                    if let Err(error) = state.outbox.send(&chat, &reply).await {
                        tracing::warn!(error = %error, "could not tell a chat its account needs linking again");
                    }
                }
            }
            Ok(SyncOutcome::Throttled(wait)) => {
                tracing::info!(
                    wait_secs = wait.as_secs(),
                    "instagram is throttling an account; next tick"
                );
            }
            Ok(SyncOutcome::Failed(reason)) => {
                tracing::warn!(%reason, "an account's sync failed; next tick")
            }
            Ok(SyncOutcome::NotAnswering) => {
                // A first sync's chat was told once, when its own run stopped.
                tracing::warn!("instagram is not answering; the sync stopped and resumes next tick")
            }
            Ok(
                SyncOutcome::NothingDue
                | SyncOutcome::AlreadyRunning
                | SyncOutcome::Gone
                | SyncOutcome::Cancelled,
            ) => {}
            Err(error) => {
                errors::report("sync failed", &error);
            }
        }
    }
}

/// A first sync the scheduler finished (the one started at link time did not): the chats
/// were told "Pulse tries again by itself", so they are told it is ready.
async fn announce_ready(
    state: &Arc<AppState>,
    account_id: &str,
    report: &engine::sync::SyncReport,
) {
    let handle = match state.pulse.records().account(account_id) {
        Ok(Some(account)) => account.username,
        _ => return,
    };
    let chats = match state.pulse.chats_of(account_id) {
        Ok(chats) => chats,
        Err(error) => {
            errors::report("listing an account's chats failed", &error);
            return;
        }
    };
    let reply = engine::Pulse::ready_reply(&handle, report, 0);
    for chat in chats {
        if let Err(error) = state.outbox.send(&chat, &reply).await {
            tracing::warn!(error = %error, "could not tell a chat its account is ready");
        }
        for event in [
            crate::linking::SyncEvent::Ready {
                chat: chat.clone(),
                account_id: account_id.to_owned(),
            },
            crate::linking::SyncEvent::Synced {
                chat,
                account_id: account_id.to_owned(),
            },
        ] {
            let _ = state.events.send(event);
        }
    }
}
