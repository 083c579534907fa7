//! What happens after the OAuth callback: the chat is told, the first sync runs with one
//! progress message edited in place, the chat is told "Ready" as soon as the last 30 days are
//! read, and the progress message goes on counting the older posts ("older posts: 400 of
//! 970"), saying when Pulse waits for Instagram's rate limit, until it says the account is
//! fully synced. A first sync that Instagram stopped answering tells the chat once that Pulse
//! continues by itself (the scheduler resumes it). A first sync that an unlink stopped (Undo on
//! the link message) ends without a word: the unlink's answer said what happened, and there
//! is nothing to try again.
//!
//! The work runs as a task on the app's tracker, so shutdown waits for it (or cancels it), and
//! each outcome is also published as a [`SyncEvent`] for whoever waits on a link (the demo,
//! the tests).

use std::sync::Arc;
use std::time::Duration;

use engine::account::AccountId;
use engine::chat::ChatId;
use engine::pulse::{Linked, SyncOutcome};
use engine::sync::{SyncProgress, SyncReport};
use engine::Pulse;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

use crate::app::AppState;
use crate::errors;
use crate::frontend::ChatOutput;
use crate::metrics::SyncKind;

/// How often the progress message is edited at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(700);

/// How a first sync goes, for waiters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    /// The chat was told the account is ready; older posts may still be being read.
    Ready {
        /// The chat.
        chat: ChatId,
        /// The account.
        account_id: AccountId,
    },
    /// The first sync is complete: every post is read.
    Synced {
        /// The chat.
        chat: ChatId,
        /// The account.
        account_id: AccountId,
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
    let span = crate::telemetry::job_span(crate::telemetry::JobKind::Backfill);
    state.tasks.spawn(tracing::Instrument::instrument(async move {
        let state = state_for_task;
        if let Err(error) = state.outbox.send(&linked.chat, &Pulse::linked_reply(&linked)).await {
            tracing::warn!(error = %error, "could not tell the chat about its new link");
        }
        crate::alerts::subscribe(&state, &linked.account_id).await;
        if !linked.needs_backfill {
            for event in [SyncEvent::Ready { chat: linked.chat.clone(), account_id: linked.account_id.clone() }, SyncEvent::Synced { chat: linked.chat.clone(), account_id: linked.account_id.clone() }] {
                let _ = state.events.send(event);
            }
            return;
        }
        tokio::select! {
            () = first_sync(&state, &linked) => {}
            () = state.shutdown.cancelled() => {
                tracing::info!("first sync interrupted by shutdown; the scheduler finishes it on the next start");
            }
        }
    }, span));
}

/// What the progress message shows: the sync's callback keeps it, the reporter reads it.
#[derive(Debug, Clone, Copy, Default)]
struct Shown {
    /// The latest step (a pause is not a step).
    step: Option<SyncProgress>,
    /// "Ready", once reached, kept however many steps follow it quickly: what was read and
    /// the older posts left.
    ready: Option<(SyncReport, usize)>,
    /// When the pause for Instagram's rate limit ends.
    waiting_until: Option<Instant>,
}

impl Shown {
    fn absorb(&mut self, progress: SyncProgress) {
        match progress {
            SyncProgress::Waiting { seconds } => {
                self.waiting_until = Some(Instant::now() + Duration::from_secs(seconds));
            }
            SyncProgress::Ready { report, older } => {
                self.ready = Some((report, older));
                self.step = Some(progress);
            }
            step => self.step = Some(step),
        }
    }

    /// The seconds left of a pause for the rate limit, if one runs.
    fn waiting(&self) -> Option<u64> {
        let left = self.waiting_until?.checked_duration_since(Instant::now())?;
        Some(left.as_secs().max(1))
    }
}

/// Who the reporter tells: the chat's front end, and the waiters.
struct Audience {
    output: Arc<dyn ChatOutput>,
    events: broadcast::Sender<SyncEvent>,
    chat: ChatId,
    handle: String,
    network: engine::account::Network,
    account_id: AccountId,
}

async fn first_sync(state: &Arc<AppState>, linked: &Linked) {
    let (progress_sender, progress_receiver) = watch::channel(Shown::default());
    // On the tracker too: shutdown waits for its last send or edit.
    let reporter = state.outbox.output(linked.chat.platform).map(|output| {
        state.tasks.spawn(report_progress(
            Audience {
                output,
                events: state.events.clone(),
                chat: linked.chat.clone(),
                handle: linked.handle.clone(),
                network: linked.network,
                account_id: linked.account_id.clone(),
            },
            progress_receiver,
            PROGRESS_EVERY,
        ))
    });
    let now = (state.clock)();
    let mut on_progress = move |progress: SyncProgress| {
        progress_sender.send_modify(|shown| shown.absorb(progress));
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
    let told_ready = match reporter {
        Some(reporter) => reporter.await.unwrap_or(false),
        None => false,
    };
    let chat = &linked.chat;
    let ready = SyncEvent::Ready {
        chat: chat.clone(),
        account_id: linked.account_id.clone(),
    };
    let (reply, events) = match outcome {
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
        Ok(SyncOutcome::Synced { report, .. }) => {
            let synced = SyncEvent::Synced { chat: chat.clone(), account_id: linked.account_id.clone() };
            if told_ready {
                (None, vec![synced])
            } else {
                (Some(Pulse::ready_reply(linked.network, &linked.handle, &report, 0)), vec![ready, synced])
            }
        }
        Ok(SyncOutcome::NeedsReconnect { network, handle, .. }) => (
            Some(Pulse::needs_reconnect_reply(network, &handle)),
            vec![SyncEvent::Failed { chat: Some(chat.clone()) }],
        ),
        Ok(SyncOutcome::Throttled(wait)) => (
            Some(engine::Reply::text(format!(
                "Instagram asked Pulse to slow down, so the first sync of @{} pauses for about {} and then continues by itself.",
                linked.handle,
                prompts::count(wait.as_secs().div_ceil(60).max(1), "minute", "minutes")
            ))),
            vec![SyncEvent::Failed { chat: Some(chat.clone()) }],
        ),
        Ok(SyncOutcome::NotAnswering) => {
            tracing::warn!("instagram is not answering; the first sync stopped and the scheduler resumes it");
            (
                Some(Pulse::not_answering_reply(&linked.handle)),
                vec![SyncEvent::Failed { chat: Some(chat.clone()) }],
            )
        }
        Ok(other) => {
            tracing::warn!(outcome = ?other, "first sync did not finish; the scheduler retries");
            (
                Some(engine::Reply::text(format!(
                    "The first sync of @{} did not finish (Instagram did not answer). Pulse tries again by itself.",
                    linked.handle
                ))),
                vec![SyncEvent::Failed { chat: Some(chat.clone()) }],
            )
        }
        Err(error) => {
            let reference = errors::report("first sync failed", &error);
            (Some(engine::Reply::text(prompts::internal_error(&reference))), vec![SyncEvent::Failed { chat: Some(chat.clone()) }])
        }
    };
    if let Some(reply) = reply {
        if let Err(error) = state.outbox.send(chat, &reply).await {
            tracing::warn!(error = %error, "could not tell the chat the sync ended");
        }
    }
    for event in events {
        let _ = state.events.send(event);
    }
}

/// Sends the first progress message, then edits it as progress arrives, at most once per
/// `every`, and sends "Ready" (a message of its own, after the progress message) when the
/// sync reaches it. Ends when the sync drops its sender; returns whether "Ready" was sent.
async fn report_progress(
    audience: Audience,
    mut progress: watch::Receiver<Shown>,
    every: Duration,
) -> bool {
    let Audience {
        output,
        events,
        chat,
        handle,
        network,
        account_id,
    } = audience;
    let mut message = None;
    let mut told_ready = false;
    while progress.changed().await.is_ok() {
        let shown = *progress.borrow_and_update();
        if let Some(step) = shown.step {
            let reply = Pulse::progress_reply(&handle, &step, shown.waiting());
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
        }
        if let (false, Some((report, older))) = (told_ready, shown.ready) {
            match output
                .send(&chat, &Pulse::ready_reply(network, &handle, &report, older))
                .await
            {
                Ok(_) => {
                    told_ready = true;
                    let _ = events.send(SyncEvent::Ready {
                        chat: chat.clone(),
                        account_id: account_id.clone(),
                    });
                }
                Err(error) => tracing::warn!(error = %error, "could not tell the chat it is ready"),
            }
        }
        tokio::time::sleep(every).await;
    }
    told_ready
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
        async fn send(
            &self,
            _chat: &ChatId,
            reply: &Reply,
        ) -> Result<SentMessage, crate::frontend::SendError> {
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

    fn reporter(
        recorder: &Arc<Recorder>,
    ) -> (
        watch::Sender<Shown>,
        broadcast::Receiver<SyncEvent>,
        tokio::task::JoinHandle<bool>,
    ) {
        let (sender, receiver) = watch::channel(Shown::default());
        let (events, waiting) = broadcast::channel(8);
        let reporter = tokio::spawn(report_progress(
            Audience {
                output: recorder.clone(),
                events,
                chat: ChatId::new(Platform::Telegram, "1"),
                handle: "shop".into(),
                network: engine::account::Network::Instagram,
                account_id: AccountId::random(),
            },
            receiver,
            Duration::from_millis(5),
        ));
        (sender, waiting, reporter)
    }

    fn step(sender: &watch::Sender<Shown>, progress: SyncProgress) {
        sender.send_modify(|shown| shown.absorb(progress));
    }

    #[tokio::test]
    async fn progress_is_one_message_edited_in_place_with_ready_sent_once_on_its_own() {
        let recorder = Arc::new(Recorder::default());
        let (sender, mut events, reporter) = reporter(&recorder);
        for done in [10, 20, 30] {
            step(&sender, SyncProgress::Recent { done, total: 30 });
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        // "Ready" followed at once by the first older posts: it is still sent.
        let report = SyncReport {
            posts: 1000,
            days: 30,
            comments: 12,
            ..SyncReport::default()
        };
        step(&sender, SyncProgress::Ready { report, older: 970 });
        step(
            &sender,
            SyncProgress::Older {
                done: 1,
                total: 970,
            },
        );
        tokio::time::sleep(Duration::from_millis(30)).await;
        step(
            &sender,
            SyncProgress::Older {
                done: 400,
                total: 970,
            },
        );
        tokio::time::sleep(Duration::from_millis(30)).await;
        // Two quick updates: only the last needs to be shown.
        step(
            &sender,
            SyncProgress::Older {
                done: 969,
                total: 970,
            },
        );
        step(&sender, SyncProgress::Synced { report });
        drop(sender);
        assert!(reporter.await.unwrap(), "Ready was sent");
        let log = recorder.0.lock().unwrap().clone();
        let sends: Vec<&String> = log
            .iter()
            .filter(|(kind, _)| *kind == "send")
            .map(|(_, text)| text)
            .collect();
        assert_eq!(sends.len(), 2, "{log:?}");
        assert!(
            sends[0].starts_with("Syncing @shop: recent posts"),
            "{log:?}"
        );
        assert!(
            sends[1].starts_with("Ready: @shop is synced for the last 30 days (1,000 posts found"),
            "{log:?}"
        );
        assert!(
            log.iter().any(|(kind, text)| *kind == "edit"
                && text == "Syncing @shop: ready; older posts: 400 of 970 read…"),
            "{log:?}"
        );
        assert_eq!(
            log.last().unwrap().1,
            "@shop is fully synced: 1,000 posts read."
        );
        assert!(matches!(events.try_recv(), Ok(SyncEvent::Ready { .. })));
        assert!(events.try_recv().is_err(), "Ready is told once");
    }

    #[tokio::test]
    async fn a_pause_for_the_rate_limit_shows_until_it_ends() {
        let recorder = Arc::new(Recorder::default());
        let (sender, _events, reporter) = reporter(&recorder);
        step(
            &sender,
            SyncProgress::Older {
                done: 5,
                total: 970,
            },
        );
        step(&sender, SyncProgress::Waiting { seconds: 60 });
        tokio::time::sleep(Duration::from_millis(30)).await;
        step(
            &sender,
            SyncProgress::Older {
                done: 6,
                total: 970,
            },
        );
        drop(sender);
        assert!(!reporter.await.unwrap());
        let log = recorder.0.lock().unwrap().clone();
        assert_eq!(
            log.last().unwrap().1,
            "Syncing @shop: ready; older posts: 6 of 970 read — waiting about a minute for Instagram's rate limit…",
            "{log:?}"
        );
    }
}
