//! What happens after the OAuth callback: the chat is told, the first sync runs with one
//! progress message edited in place, and the chat is told when it is ready.
//!
//! The work runs as a task on the app's tracker, so shutdown waits for it (or cancels it), and
//! each outcome is also published as a [`SyncEvent`] for whoever waits on a link (the demo,
//! the tests).

use std::sync::Arc;
use std::time::Duration;

use engine::chat::ChatId;
use engine::pulse::{Linked, SyncOutcome};
use engine::sync::SyncProgress;
use engine::Pulse;
use tokio::sync::watch;

use crate::app::AppState;
use crate::errors;

/// How often the progress message is edited at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(700);

/// The end of a first sync, for waiters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    /// The account is synced and the chat was told.
    Ready {
        /// The chat.
        chat: ChatId,
        /// The account.
        account_id: String,
    },
    /// The link or the sync failed and the chat was told.
    Failed {
        /// The chat, if known.
        chat: Option<ChatId>,
    },
}

/// Tells the chat about a new link and starts its first sync in the background.
pub fn after_link(state: &Arc<AppState>, linked: Linked) {
    let state_for_task = state.clone();
    state.tasks.spawn(async move {
        let state = state_for_task;
        if let Err(error) = state.outbox.send(&linked.chat, &Pulse::linked_reply(&linked)).await {
            tracing::warn!(error = %error, "could not tell the chat about its new link");
        }
        if !linked.needs_backfill {
            let _ = state.events.send(SyncEvent::Ready { chat: linked.chat.clone(), account_id: linked.account_id.clone() });
            return;
        }
        tokio::select! {
            () = first_sync(&state, &linked) => {}
            () = state.shutdown.cancelled() => {
                tracing::info!("first sync interrupted by shutdown; the scheduler finishes it on the next start");
            }
        }
    });
}

async fn first_sync(state: &Arc<AppState>, linked: &Linked) {
    let (progress_sender, progress_receiver) = watch::channel(None::<SyncProgress>);
    let reporter = tokio::spawn(report_progress(
        state.clone(),
        linked.chat.clone(),
        linked.handle.clone(),
        progress_receiver,
    ));
    let now = (state.clock)();
    let mut on_progress = move |progress: SyncProgress| {
        progress_sender.send_replace(Some(progress));
    };
    let outcome = state
        .pulse
        .backfill(&linked.account_id, now, &mut on_progress)
        .await;
    drop(on_progress);
    let _ = reporter.await;
    let chat = &linked.chat;
    let (reply, event) = match outcome {
        Ok(SyncOutcome::AlreadyRunning) => {
            // The scheduler started it first; it tells the chat when it is done.
            return;
        }
        Ok(SyncOutcome::Synced { report, .. }) => (
            Pulse::ready_reply(&linked.handle, &report),
            SyncEvent::Ready { chat: chat.clone(), account_id: linked.account_id.clone() },
        ),
        Ok(SyncOutcome::NeedsReconnect { handle, .. }) => (
            engine::Reply::text(prompts::needs_reconnect(&handle)),
            SyncEvent::Failed { chat: Some(chat.clone()) },
        ),
        Ok(SyncOutcome::Throttled(wait)) => (
            engine::Reply::text(format!(
                "Instagram asked Pulse to slow down, so the first sync of @{} pauses for about {} minutes and then continues by itself.",
                linked.handle,
                wait.as_secs().div_ceil(60).max(1)
            )),
            SyncEvent::Failed { chat: Some(chat.clone()) },
        ),
        Ok(other) => {
            tracing::warn!(outcome = ?other, "first sync did not finish; the scheduler retries");
            (
                engine::Reply::text(format!(
                    "The first sync of @{} did not finish (Instagram did not answer). Pulse tries again by itself.",
                    linked.handle
                )),
                SyncEvent::Failed { chat: Some(chat.clone()) },
            )
        }
        Err(error) => {
            let reference = errors::report("first sync failed", &error);
            (engine::Reply::text(prompts::internal_error(&reference)), SyncEvent::Failed { chat: Some(chat.clone()) })
        }
    };
    if let Err(error) = state.outbox.send(chat, &reply).await {
        tracing::warn!(error = %error, "could not tell the chat the sync ended");
    }
    let _ = state.events.send(event);
}

/// Sends the first progress message, then edits it as progress arrives, at most every
/// [`PROGRESS_EVERY`]; ends when the sync drops its sender.
async fn report_progress(
    state: Arc<AppState>,
    chat: ChatId,
    handle: String,
    mut progress: watch::Receiver<Option<SyncProgress>>,
) {
    let mut message = None;
    while progress.changed().await.is_ok() {
        let Some(current) = *progress.borrow_and_update() else {
            continue;
        };
        let reply = Pulse::progress_reply(&handle, &current);
        match &message {
            None => match state.outbox.send(&chat, &reply).await {
                Ok(sent) => message = sent,
                Err(error) => tracing::debug!(error = %error, "progress message not sent"),
            },
            Some(sent) => {
                if let Err(error) = state.outbox.edit(&chat, sent, &reply).await {
                    tracing::debug!(error = %error, "progress message not edited");
                }
            }
        }
        tokio::time::sleep(PROGRESS_EVERY).await;
    }
}
