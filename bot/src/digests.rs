//! The digest scheduler: sleeps until the next digest time (and wakes at least once a
//! minute), asks the engine to claim what is due, builds each digest once per account, time
//! zone and day, and sends them through the [`Outbox`](crate::frontend::Outbox) — the same
//! paced outputs the front ends reply with, so the platforms' limits hold for both — a
//! bounded number at a time, recording each outcome.
//!
//! Exactly-once is the engine's business (`Pulse::claim_due_digests`): a claim is on disk
//! before anything is sent, so this runner may stop at any point. Each send first checks
//! that this instance still leads the schedulers and that the claim is still its own
//! (`Pulse::digest_still_wanted`), so an instance that lost the lease mid-round gives back
//! what it has not started; and each part of a digest (its text, its chart) is recorded as
//! begun over this instance's claim before it is sent (`Pulse::digest_part_begins`), so no
//! part goes out twice, whichever instance dies or loses its lease.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::Tz;
use engine::account::AccountId;
use engine::pulse::DueDigest;
use engine::Reply;
use futures_util::stream::{self, StreamExt};

use crate::app::AppState;
use crate::errors;
use crate::metrics::DigestOutcome;

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
    /// Sends that failed with nothing delivered (tried once more on a later round).
    pub failed: usize,
    /// Digests given up on (too late, or two attempts failed).
    pub skipped: usize,
}

/// Runs rounds until shutdown. A round that panics is logged and the next one runs.
pub async fn run(state: Arc<AppState>, concurrency: usize) {
    loop {
        // Only the instance holding the scheduler's lease runs rounds (crate::leadership).
        if !state.leadership.wait_to_lead(&state.shutdown).await {
            break;
        }
        let this_round = tokio::spawn({
            let state = state.clone();
            tracing::Instrument::instrument(
                async move { round(&state, concurrency).await },
                crate::telemetry::job_span(crate::telemetry::JobKind::Digests),
            )
        });
        if let Err(error) = this_round.await {
            tracing::error!(error = %error, "a digest round failed; the next one runs as usual");
        }
        let pulse = state.pulse.clone();
        let now = (state.clock)();
        let next = tokio::task::spawn_blocking(move || pulse.next_digest_at(now)).await;
        let sleep = match next {
            Ok(Ok(Some(next))) => (next - now)
                .to_std()
                .unwrap_or(Duration::ZERO)
                .min(MAX_SLEEP),
            Ok(Ok(None)) => MAX_SLEEP,
            Ok(Err(error)) => {
                errors::report("finding the next digest time failed", &error);
                MAX_SLEEP
            }
            Err(_) => MAX_SLEEP,
        };
        tokio::select! {
            // A few milliseconds past the due time, so the clock has reached it.
            () = tokio::time::sleep(sleep + Duration::from_millis(5)) => {}
            () = state.shutdown.cancelled() => break,
        }
    }
    tracing::debug!("digest scheduler stopped");
}

/// Skips logged one by one in a round; beyond this, one summary line (a first start after
/// a long outage can skip thousands).
const SKIPS_LOGGED_EACH: usize = 20;

/// One round: claim what is due now, send it, record what happened.
pub async fn round(state: &Arc<AppState>, concurrency: usize) -> RoundReport {
    let now = (state.clock)();
    let platforms = state.outbox.platforms();
    let pulse = state.pulse.clone();
    // Claims are flushed to disk before they return: blocking work, off the async threads.
    let claimed =
        match tokio::task::spawn_blocking(move || pulse.claim_due_digests(now, &platforms)).await {
            Ok(Ok(claimed)) => claimed,
            Ok(Err(error)) => {
                errors::report("claiming due digests failed", &error);
                return RoundReport::default();
            }
            Err(error) => {
                tracing::error!(error = %error, "claiming due digests panicked");
                return RoundReport::default();
            }
        };
    for error in &claimed.errors {
        errors::report(
            "a chat's digest records could not be read or written",
            error,
        );
    }
    let mut report = RoundReport {
        skipped: claimed.skipped.len(),
        ..RoundReport::default()
    };
    state
        .metrics
        .digests(DigestOutcome::Skipped, claimed.skipped.len());
    for skipped in &claimed.skipped {
        if claimed.skipped.len() <= SKIPS_LOGGED_EACH {
            tracing::warn!(
                platform = skipped.chat.platform.as_str(),
                date = %skipped.date,
                due_at = %skipped.due_at,
                reason = %skipped.reason,
                "digest skipped"
            );
        } else {
            tracing::debug!(
                platform = skipped.chat.platform.as_str(),
                date = %skipped.date,
                reason = %skipped.reason,
                "digest skipped"
            );
        }
    }
    if claimed.skipped.len() > SKIPS_LOGGED_EACH {
        tracing::warn!(
            skipped = claimed.skipped.len(),
            first_reason = %claimed.skipped[0].reason,
            "digests skipped"
        );
    }
    if claimed.due.is_empty() {
        return report;
    }
    let digests = build_all(state, &claimed.due).await;
    let outcomes: Vec<(Sent, bool)> = stream::iter(claimed.due)
        .map(|due| {
            let reply = digests.get(&build_key(&due)).cloned().flatten();
            async move { (send_one(state, &due, reply).await, due.late) }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    for (sent, late) in outcomes {
        let counted = match sent {
            Sent::Yes => {
                report.sent += 1;
                report.late += usize::from(late);
                if late {
                    DigestOutcome::SentLate
                } else {
                    DigestOutcome::Sent
                }
            }
            Sent::Failed { .. } => {
                report.failed += 1;
                DigestOutcome::Failed
            }
            Sent::GivenBack => DigestOutcome::GivenBack,
        };
        state.metrics.digests(counted, 1);
    }
    // Outcomes are written without a flush each; one flush for the round. (A lost outcome
    // only means the digest is sent once more after a crash.)
    let pulse = state.pulse.clone();
    if let Ok(Err(error)) = tokio::task::spawn_blocking(move || pulse.flush()).await {
        errors::report("flushing digest outcomes failed", &error);
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

/// Every chat with the same account, zone and day gets the same digest (a late notice,
/// which names the chat's own due time, is added per chat).
type BuildKey = (AccountId, Tz, NaiveDate);

fn build_key(due: &DueDigest) -> BuildKey {
    (due.account_id.clone(), due.timezone, due.date)
}

/// Builds each distinct digest once, off the async threads: reading an account and drawing
/// its chart is CPU work.
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

/// What became of one claimed digest.
enum Sent {
    /// It reached the chat (all of it, or a part before a failure: sending again would
    /// repeat that part).
    Yes,
    /// Nothing of this part, nor of any part before it in this attempt, reached the chat; a
    /// later round tries once more from this part.
    Failed {
        /// The part that failed.
        part: u8,
    },
    /// Not tried (shutdown, the chat no longer wants it, no front end): no attempt used.
    GivenBack,
}

/// Sends one claimed digest and records the outcome.
///
/// The digest goes out in its platform's parts (`Outbox::parts`: on Telegram the text, then
/// the chart). When each one's turn comes, `Pulse::digest_part_begins` records that it
/// begins, over this process's claim, and it leaves at once; a part whose record could not
/// be written is not sent (another instance took the claim over, or began it already).
/// Parts begun in an earlier attempt (`due.begun`: an instance died under way) are not sent
/// again.
async fn send_one(state: &Arc<AppState>, due: &DueDigest, reply: Option<Reply>) -> Sent {
    let now = (state.clock)();
    let wanted = match state.pulse.digest_still_wanted(due) {
        Ok(wanted) => wanted,
        Err(error) => {
            errors::report("checking a digest's chat failed", &error);
            false
        }
    };
    let parts = reply.as_ref().and_then(|reply| {
        let reply = engine::pulse::with_late_notice(reply.clone(), due);
        state.outbox.parts(&due.chat, &reply)
    });
    let (outcome, reason) = if state.shutdown.is_cancelled() {
        (
            Sent::GivenBack,
            "Pulse stopped before sending it".to_owned(),
        )
    } else if !state.leadership.leads() {
        // Another instance leads now, and takes over the claims once their lease runs out.
        (
            Sent::GivenBack,
            "this instance no longer leads the schedulers".to_owned(),
        )
    } else if !wanted {
        (
            Sent::GivenBack,
            "the chat no longer wants it, or another instance took it over".to_owned(),
        )
    } else if reply.is_none() {
        (
            Sent::Failed { part: due.begun },
            "the digest could not be built".to_owned(),
        )
    } else if let Some(parts) = parts {
        send_parts(state, due, parts).await
    } else {
        (
            Sent::GivenBack,
            format!("no {} front end is running", due.chat.platform.as_str()),
        )
    };
    let recorded = match &outcome {
        Sent::Yes => state.pulse.digest_sent(due, now),
        Sent::Failed { part } => state.pulse.digest_failed(due, *part, &reason, now),
        Sent::GivenBack => state.pulse.digest_not_sent(due, &reason, now),
    };
    if let Err(error) = recorded {
        errors::report("recording a digest failed", &error);
    }
    outcome
}

/// What the record said when a part's turn came.
const NOT_ASKED: u8 = 0;
const BEGAN: u8 = 1;
const TAKEN_OVER: u8 = 2;
const NOT_RECORDED: u8 = 3;

/// Sends the parts of a digest not begun before, each recorded as begun when its turn in the
/// platform's pacing has come, just before it leaves (so that a part recorded and never sent
/// — lost if this instance dies then — is one whose request was about to leave, not one
/// waiting in line); what became of it, and why (for the record) when it failed.
async fn send_parts(state: &Arc<AppState>, due: &DueDigest, parts: Vec<Reply>) -> (Sent, String) {
    let mut delivered = false;
    for (index, part) in parts.iter().enumerate().skip(usize::from(due.begun)) {
        let index = u8::try_from(index).unwrap_or(u8::MAX);
        let verdict = AtomicU8::new(NOT_ASKED);
        let go = || {
            let began = match state.pulse.digest_part_begins(due, index, (state.clock)()) {
                Ok(true) => BEGAN,
                Ok(false) => TAKEN_OVER,
                Err(error) => {
                    errors::report("recording that a digest's part begins failed", &error);
                    NOT_RECORDED
                }
            };
            verdict.store(began, Ordering::SeqCst);
            began == BEGAN
        };
        let sent = state.outbox.send_in_its_turn(&due.chat, part, &go).await;
        let stopped = |reason: &str| {
            if delivered {
                (Sent::Yes, String::new())
            } else {
                (Sent::GivenBack, reason.to_owned())
            }
        };
        match sent {
            Ok(Some(_)) => delivered = true,
            Ok(None) => {
                return match verdict.load(Ordering::SeqCst) {
                    TAKEN_OVER => {
                        tracing::info!(
                            platform = due.chat.platform.as_str(),
                            part = index,
                            "a digest's part was not sent: another instance took its claim over"
                        );
                        stopped("another instance took it over")
                    }
                    NOT_RECORDED => stopped("its part could not be recorded before sending"),
                    _ => stopped(&format!(
                        "no {} front end is running",
                        due.chat.platform.as_str()
                    )),
                };
            }
            Err(error) if error.partly_delivered() || delivered => {
                tracing::warn!(
                    platform = due.chat.platform.as_str(),
                    error = %error,
                    "a digest was only partly delivered; it is not sent again"
                );
                return (Sent::Yes, String::new());
            }
            Err(error) => {
                tracing::warn!(
                    platform = due.chat.platform.as_str(),
                    error = %error,
                    "sending a digest failed; a later round tries once more"
                );
                return (
                    Sent::Failed { part: index },
                    "the platform did not take the message".to_owned(),
                );
            }
        }
    }
    (Sent::Yes, String::new())
}
