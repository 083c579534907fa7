//! What happens after the OAuth callback: the chat is told, the first sync runs with one
//! progress message edited in place, and the chat is told when it is ready. A first sync that
//! an unlink stopped (Undo on the link message) ends without a word: the unlink's answer said
//! what happened, and there is nothing to try again.
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
use crate::frontend::ChatOutput;
use crate::metrics::SyncKind;

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
    /// The account was unlinked before its first sync finished, which stopped the sync; the
    /// chat was told nothing more (the unlink answered it).
    Stopped {
        /// The chat.
        chat: ChatId,
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
    let reporter = state.outbox.output(linked.chat.platform).map(|output| {
        tokio::spawn(report_progress(
            output,
            linked.chat.clone(),
            linked.handle.clone(),
            progress_receiver,
            PROGRESS_EVERY,
        ))
    });
    let now = (state.clock)();
    let mut on_progress = move |progress: SyncProgress| {
        progress_sender.send_replace(Some(progress));
    };
    let started = std::time::Instant::now();
    let outcome = state
        .pulse
        .backfill(&linked.account_id, now, &mut on_progress)
        .await;
    state
        .metrics
        .sync_ended(SyncKind::First, &outcome, started.elapsed());
    drop(on_progress);
    if let Some(reporter) = reporter {
        let _ = reporter.await;
    }
    let chat = &linked.chat;
    let (reply, event) = match outcome {
        Ok(SyncOutcome::AlreadyRunning) => {
            // The scheduler started it first; it tells the chat when it is done.
            return;
        }
        Ok(SyncOutcome::Cancelled | SyncOutcome::Gone) => {
            // Unlinked meanwhile: the unlink's answer is the last word, and nothing is tried
            // again.
            tracing::info!("first sync stopped: the account was unlinked");
            let _ = state.events.send(SyncEvent::Stopped { chat: chat.clone() });
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
                "Instagram asked Pulse to slow down, so the first sync of @{} pauses for about {} and then continues by itself.",
                linked.handle,
                prompts::count(wait.as_secs().div_ceil(60).max(1), "minute", "minutes")
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

/// Sends the first progress message, then edits it as progress arrives, at most once per
/// `every`; ends when the sync drops its sender.
async fn report_progress(
    output: Arc<dyn ChatOutput>,
    chat: ChatId,
    handle: String,
    mut progress: watch::Receiver<Option<SyncProgress>>,
    every: Duration,
) {
    let mut message = None;
    while progress.changed().await.is_ok() {
        let Some(current) = *progress.borrow_and_update() else {
            continue;
        };
        let reply = Pulse::progress_reply(&handle, &current);
        match &message {
            None => match output.send(&chat, &reply).await {
                Ok(sent) => message = Some(sent),
                Err(error) => tracing::debug!(error = %error, "progress message not sent"),
            },
            Some(sent) => {
                if let Err(error) = output.edit(&chat, sent, &reply).await {
                    tracing::debug!(error = %error, "progress message not edited");
                }
            }
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::SentMessage;
    use engine::chat::Platform;
    use engine::Reply;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<(&'static str, String)>>);

    #[async_trait::async_trait]
    impl ChatOutput for Recorder {
        async fn send(&self, _chat: &ChatId, reply: &Reply) -> anyhow::Result<SentMessage> {
            self.0.lock().unwrap().push(("send", reply.to_plain_text()));
            Ok(SentMessage { id: "1".into() })
        }
        async fn edit(
            &self,
            _chat: &ChatId,
            message: &SentMessage,
            reply: &Reply,
        ) -> anyhow::Result<()> {
            assert_eq!(
                message.id, "1",
                "the message that was sent is the one edited"
            );
            self.0.lock().unwrap().push(("edit", reply.to_plain_text()));
            Ok(())
        }
    }

    #[tokio::test]
    async fn progress_is_one_message_edited_in_place_ending_on_the_last_state() {
        let recorder = Arc::new(Recorder::default());
        let (sender, receiver) = watch::channel(None);
        let reporter = tokio::spawn(report_progress(
            recorder.clone(),
            ChatId::new(Platform::Telegram, "1"),
            "shop".into(),
            receiver,
            Duration::from_millis(5),
        ));
        for done in [25, 50, 75] {
            sender.send_replace(Some(SyncProgress::PostInsights { done, total: 75 }));
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        // Two quick updates: only the last needs to be shown.
        sender.send_replace(Some(SyncProgress::Comments { done: 1, total: 2 }));
        sender.send_replace(Some(SyncProgress::Comments { done: 2, total: 2 }));
        drop(sender);
        reporter.await.unwrap();
        let log = recorder.0.lock().unwrap().clone();
        assert_eq!(
            log.iter().filter(|(kind, _)| *kind == "send").count(),
            1,
            "{log:?}"
        );
        assert!(
            log.iter().filter(|(kind, _)| *kind == "edit").count() >= 3,
            "{log:?}"
        );
        assert_eq!(
            log.last().unwrap().1,
            "Syncing @shop: comments of 2 of 2 recent posts read…"
        );
    }
}
