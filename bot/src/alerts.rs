//! The alert runner: sleeps until `Pulse::next_alert_at`, or until a webhook delivery or a
//! finished sync wakes it ([`AppState::alerts_wake`]), and at most [`MAX_SLEEP`]; claims the
//! chats' due alert messages, sends each through the [`Outbox`](crate::frontend::Outbox) —
//! the same paced outputs as replies and digests, so the platforms' limits hold for all —
//! a bounded number at a time, and records each outcome.
//!
//! At-most-once is the engine's business (`Pulse::claim_due_alerts`): a claim is on disk
//! before anything is sent, and a claim this runner never settles (the process stopped) is
//! dropped, not sent again, by the next process. Logs carry no comment text and no chat id.

use std::sync::Arc;
use std::time::Duration;

use engine::pulse::DueAlerts;
use futures_util::stream::{self, StreamExt};

use crate::app::AppState;
use crate::errors;
use crate::metrics::AlertOutcome;

/// The longest sleep between rounds: changed settings and a clock that jumped are noticed
/// within this.
pub const MAX_SLEEP: Duration = Duration::from_secs(60);
/// The shortest sleep between rounds that were not woken: a chat whose front end is down
/// keeps its alerts waiting without a busy loop.
const MIN_SLEEP: Duration = Duration::from_secs(1);

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Alert messages sent (each may list several comments).
    pub messages: usize,
    /// Alerts in them.
    pub alerts: usize,
    /// Messages that failed with nothing delivered.
    pub failed: usize,
}

/// Runs rounds until shutdown. A round that panics is logged and the next one runs.
pub async fn run(state: Arc<AppState>, concurrency: usize) {
    loop {
        // Only the instance holding the scheduler's lease runs rounds (crate::leadership).
        if !state.leadership.wait_to_lead(&state.shutdown).await {
            break;
        }
        // Registered before the round: a wake-up during it starts the next one at once.
        let woken = state.alerts_wake.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        let this_round = tokio::spawn({
            let state = state.clone();
            tracing::Instrument::instrument(
                async move { round(&state, concurrency).await },
                crate::telemetry::job_span(crate::telemetry::JobKind::Alerts),
            )
        });
        if let Err(error) = this_round.await {
            tracing::error!(error = %error, "an alert round failed; the next one runs as usual");
        }
        let pulse = state.pulse.clone();
        let now = (state.clock)();
        let next = tokio::task::spawn_blocking(move || pulse.next_alert_at(now)).await;
        let sleep = match next {
            Ok(Ok(Some(next))) => (next - now)
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(MIN_SLEEP, MAX_SLEEP),
            Ok(Ok(None)) => MAX_SLEEP,
            Ok(Err(error)) => {
                errors::report("finding the next alert time failed", &error);
                MAX_SLEEP
            }
            Err(_) => MAX_SLEEP,
        };
        tokio::select! {
            () = tokio::time::sleep(sleep + Duration::from_millis(5)) => {}
            () = &mut woken => {}
            () = state.shutdown.cancelled() => break,
        }
    }
    tracing::debug!("alert runner stopped");
}

/// One round: claim the due alert messages, send them, record what happened.
pub async fn round(state: &Arc<AppState>, concurrency: usize) -> RoundReport {
    let now = (state.clock)();
    let platforms = state.outbox.platforms();
    let pulse = state.pulse.clone();
    // Claims are flushed to disk before they return: blocking work, off the async threads.
    let claimed =
        match tokio::task::spawn_blocking(move || pulse.claim_due_alerts(&platforms, now)).await {
            Ok(Ok(claimed)) => claimed,
            Ok(Err(error)) => {
                errors::report("claiming due alerts failed", &error);
                return RoundReport::default();
            }
            Err(error) => {
                tracing::error!(error = %error, "claiming due alerts panicked");
                return RoundReport::default();
            }
        };
    if claimed.is_empty() {
        return RoundReport::default();
    }
    let outcomes: Vec<(AlertOutcome, usize)> = stream::iter(claimed)
        .map(|due| async move {
            let alerts = due.alerts.len();
            (send_one(state, &due).await, alerts)
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let mut report = RoundReport::default();
    for (outcome, alerts) in outcomes {
        state.metrics.alerts(outcome, alerts);
        match outcome {
            AlertOutcome::Sent => {
                report.messages += 1;
                report.alerts += alerts;
            }
            AlertOutcome::Failed => report.failed += 1,
            AlertOutcome::Queued | AlertOutcome::GivenBack => {}
        }
    }
    // Outcomes are written without a flush each; one flush for the round. (A lost outcome
    // leaves a claim the next process drops: at most once still holds.)
    let pulse = state.pulse.clone();
    if let Ok(Err(error)) = tokio::task::spawn_blocking(move || pulse.flush()).await {
        errors::report("flushing alert outcomes failed", &error);
    }
    tracing::info!(
        messages = report.messages,
        alerts = report.alerts,
        failed = report.failed,
        "alert round"
    );
    report
}

/// Sends one chat's alert message and records the outcome.
async fn send_one(state: &Arc<AppState>, due: &DueAlerts) -> AlertOutcome {
    let platform = due.chat.platform.as_str();
    let outcome = if state.shutdown.is_cancelled() {
        AlertOutcome::GivenBack
    } else {
        match state.outbox.send(&due.chat, &due.reply).await {
            Ok(Some(_)) => AlertOutcome::Sent,
            Ok(None) => AlertOutcome::GivenBack,
            Err(error) if error.partly_delivered() => {
                tracing::warn!(platform, error = %error, "an alert message was only partly delivered; it is not sent again");
                AlertOutcome::Sent
            }
            Err(error) => {
                tracing::warn!(platform, error = %error, "sending an alert message failed; its alerts wait for the next one");
                AlertOutcome::Failed
            }
        }
    };
    let now = (state.clock)();
    let recorded = match outcome {
        AlertOutcome::Sent => state.pulse.alerts_sent(due, now),
        AlertOutcome::Failed => state.pulse.alerts_failed(due, now),
        AlertOutcome::Queued | AlertOutcome::GivenBack => state.pulse.alerts_not_sent(due),
    };
    if let Err(error) = recorded {
        errors::report("recording an alert message failed", &error);
    }
    outcome
}

/// After a link, with webhooks set up: subscribes the account to Instagram's `comments`
/// webhooks. A refusal is logged, not fatal: syncs still bring the comments.
pub async fn subscribe(state: &Arc<AppState>, account_id: &engine::account::AccountId) {
    if !state.pulse.settings().webhooks_configured {
        return;
    }
    match state.pulse.subscribe_to_comments(account_id).await {
        Ok(Ok(())) => tracing::info!("account subscribed to instagram comment webhooks"),
        Ok(Err(error)) => tracing::warn!(
            error = %error,
            "instagram refused the comment webhook subscription; alerts come with each sync"
        ),
        Err(error) => {
            errors::report("subscribing to comment webhooks failed", &error);
        }
    }
}
