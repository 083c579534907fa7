//! The digest scheduler: sleeps until the next digest time (and wakes at least once a
//! minute), asks the engine to claim what is due, builds each digest once per account, time
//! zone and day, and sends them through the [`Outbox`](crate::frontend::Outbox) — the same
//! throttled clients the front ends reply with, so the platforms' limits hold for both — a
//! bounded number at a time, recording each outcome.
//!
//! Exactly-once is the engine's business (`Pulse::claim_due_digests`): a claim is on disk
//! before anything is sent, so this runner may stop at any point.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::Tz;
use engine::pulse::DueDigest;
use engine::Reply;
use futures_util::stream::{self, StreamExt};

use crate::app::AppState;
use crate::errors;

/// The longest sleep between rounds: new chats, changed settings and a clock that jumped
/// (a suspended machine) are noticed within this.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Digests sent.
    pub sent: usize,
    /// Of those, sent late (after downtime).
    pub late: usize,
    /// Sends that failed (tried once more on a later round).
    pub failed: usize,
    /// Digests given up on (too late, or two attempts failed).
    pub skipped: usize,
}

/// Runs rounds until shutdown.
pub async fn run(state: Arc<AppState>, concurrency: usize) {
    loop {
        round(&state, concurrency).await;
        let now = (state.clock)();
        let sleep = match state.pulse.next_digest_at(now) {
            Ok(Some(next)) => (next - now)
                .to_std()
                .unwrap_or(Duration::ZERO)
                .min(MAX_SLEEP),
            Ok(None) => MAX_SLEEP,
            Err(error) => {
                errors::report("finding the next digest time failed", &error);
                MAX_SLEEP
            }
        };
        tokio::select! {
            // A few milliseconds past the due time, so the clock has reached it.
            () = tokio::time::sleep(sleep + Duration::from_millis(5)) => {}
            () = state.shutdown.cancelled() => break,
        }
    }
    tracing::debug!("digest scheduler stopped");
}

/// One round: claim what is due now, send it, record what happened.
pub async fn round(state: &Arc<AppState>, concurrency: usize) -> RoundReport {
    let now = (state.clock)();
    let claimed = match state.pulse.claim_due_digests(now) {
        Ok(claimed) => claimed,
        Err(error) => {
            errors::report("claiming due digests failed", &error);
            return RoundReport::default();
        }
    };
    let mut report = RoundReport {
        skipped: claimed.skipped.len(),
        ..RoundReport::default()
    };
    for skipped in &claimed.skipped {
        tracing::warn!(
            platform = skipped.chat.platform.as_str(),
            date = %skipped.date,
            due_at = %skipped.due_at,
            reason = %skipped.reason,
            "digest skipped"
        );
    }
    if claimed.due.is_empty() {
        return report;
    }
    let digests = build_all(state, &claimed.due).await;
    let outcomes: Vec<(bool, bool)> = stream::iter(claimed.due)
        .map(|due| {
            let reply = digests.get(&build_key(&due)).cloned().flatten();
            async move { (send_one(state, &due, reply).await, due.late) }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    for (sent, late) in outcomes {
        if sent {
            report.sent += 1;
            report.late += usize::from(late);
        } else {
            report.failed += 1;
        }
    }
    tracing::info!(
        sent = report.sent,
        late = report.late,
        failed = report.failed,
        skipped = report.skipped,
        "digest round"
    );
    report
}

type BuildKey = (String, Tz, NaiveDate, bool);

fn build_key(due: &DueDigest) -> BuildKey {
    (due.account_id.clone(), due.timezone, due.date, due.late)
}

/// Builds each distinct digest once (chats that share an account, a zone and a day get the
/// same one), off the async threads: reading an account and drawing its chart is CPU work.
async fn build_all(state: &Arc<AppState>, due: &[DueDigest]) -> HashMap<BuildKey, Option<Reply>> {
    let mut first_of_each: HashMap<BuildKey, DueDigest> = HashMap::new();
    for digest in due {
        first_of_each
            .entry(build_key(digest))
            .or_insert_with(|| digest.clone());
    }
    let mut built = HashMap::new();
    for (key, digest) in first_of_each {
        let pulse = state.pulse.clone();
        let reply = match tokio::task::spawn_blocking(move || pulse.scheduled_digest(&digest)).await
        {
            Ok(Ok(reply)) => reply,
            Ok(Err(error)) => {
                errors::report("building a digest failed", &error);
                None
            }
            Err(error) => {
                tracing::error!(error = %error, "building a digest panicked");
                None
            }
        };
        built.insert(key, reply);
    }
    built
}

/// Sends one claimed digest and records the outcome. Returns whether it was sent.
async fn send_one(state: &Arc<AppState>, due: &DueDigest, reply: Option<Reply>) -> bool {
    let now = || (state.clock)();
    let failure = if state.shutdown.is_cancelled() {
        Some("Pulse stopped before sending it".to_owned())
    } else {
        match reply {
            None => Some("the digest could not be built".to_owned()),
            Some(reply) => match state.outbox.send(&due.chat, &reply).await {
                Ok(Some(_)) => None,
                Ok(None) => Some(format!(
                    "no {} front end is running",
                    due.chat.platform.as_str()
                )),
                Err(error) => {
                    tracing::warn!(
                        platform = due.chat.platform.as_str(),
                        error = %error,
                        "sending a digest failed"
                    );
                    Some("the platform did not take the message".to_owned())
                }
            },
        }
    };
    let recorded = match &failure {
        None => state.pulse.digest_sent(due, now()),
        Some(reason) => state.pulse.digest_failed(due, reason, now()),
    };
    if let Err(error) = recorded {
        errors::report("recording a digest failed", &error);
    }
    failure.is_none()
}
