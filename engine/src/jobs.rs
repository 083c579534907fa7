//! Durable jobs: work that must happen once at its due time, across restarts — a scheduled
//! digest now; a scheduled post and an alert next.
//!
//! A job is a record under a key of its kind's tree ([`JobRecord`]: when it was due, where
//! it stands, when that was written). The rules, the same for every kind:
//!
//! - **Claim** ([`claim`]): a process that finds a job due writes `Sending` with its run id,
//!   the attempt and a lease, by compare-and-swap, and flushes before it acts. Two processes
//!   racing for one job: one write wins, the other sees the winner's claim.
//! - **Reconcile**: a `Sending` claim of another run whose lease has run out (or that has
//!   none: written before leases) means that process stopped between claim and outcome; the
//!   work may or may not have happened, so it is claimed again as the next attempt. A claim
//!   still within its lease is left alone — unless its run is known to have departed (the
//!   caller's `departed` runs: an instance whose scheduler's lease ran out without being
//!   given back, `Pulse::run_departed`), which is reconciled at once, as if its lease had
//!   run out. That is safe even if the departed run lives on (it lost touch with the
//!   database for a while): it writes no part and no outcome over another run's claim.
//! - **Attempts**: a failure is claimed again as the next attempt; past
//!   [`Policy::max_attempts`], or more than [`Policy::give_up_after`] after the due time, the
//!   job is `Skipped` with the reason.
//! - **Outcome over one's own claim** ([`outcome`]): `Sent`, `Failed` or given back unsent is
//!   written only over the claim this run made for this attempt. If the record is gone
//!   (`/forget`, an unlink) or another run has claimed it since, nothing is written.
//! - **Parts** ([`begin_part`]): a job done in several irreversible steps (a digest's text,
//!   then its chart) records before each step that it has begun, over its own claim. A
//!   claim taken over carries the count, so the next attempt does only the steps never
//!   begun: a step whose run died under way is not done again (at most once; it may be lost).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a job stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum JobState {
    /// Claimed by the process `run` and being done (attempt 1, 2, …).
    Sending {
        /// The process that claimed it.
        run: String,
        /// Which attempt.
        attempt: u8,
        /// Until when the claim holds against other processes. (Absent in claims written
        /// before leases: those hold only for their own run.)
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lease_until: Option<DateTime<Utc>>,
        /// How many of the job's parts, in order, have begun (in this attempt or an earlier
        /// one): they are never begun again.
        #[serde(default, skip_serializing_if = "is_zero")]
        begun: u8,
    },
    /// Done.
    Sent {
        /// Done more than [`Policy::late_after`] after its due time.
        late: bool,
    },
    /// It failed (nothing was delivered), or was given back unsent.
    Failed {
        /// The attempts used so far (a job given back unsent did not use one).
        attempt: u8,
        /// A plain-words reason, without message text.
        reason: String,
        /// How many of the job's parts had begun before (the failed part is not counted:
        /// nothing of it was delivered).
        #[serde(default, skip_serializing_if = "is_zero")]
        begun: u8,
    },
    /// Not done, and never will be: too late, or every attempt failed.
    Skipped {
        /// A plain-words reason.
        reason: String,
    },
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// One job of a kind, under its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    /// When it was due.
    pub due_at: DateTime<Utc>,
    /// Where it stands (its fields sit beside `due_at`: `"state": "sent", "late": false`).
    #[serde(flatten)]
    pub state: JobState,
    /// When the state was written.
    pub updated_at: DateTime<Utc>,
}

/// The rules of one kind of job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// The most attempts (a first one, and retries after failures or crashes).
    pub max_attempts: u8,
    /// Done later than this after its due time, a job is late.
    pub late_after: chrono::Duration,
    /// Later than this after its due time, a job is skipped.
    pub give_up_after: chrono::Duration,
    /// How long a claim holds against other processes.
    pub lease: chrono::Duration,
}

/// What a claim decided for a due job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Claimed: do it now, then record the outcome.
    Run {
        /// Which attempt.
        attempt: u8,
        /// Claimed later than [`Policy::late_after`] after its due time.
        late: bool,
        /// How many of its parts began in earlier attempts: only the others are done.
        begun: u8,
    },
    /// Given up on: the record says why.
    GiveUp(String),
}

/// The record to write for a job due at `due_at`, claimed by `run` at `now`, given the one
/// stored (`None` to leave it: done, given up, or claimed by a run that still holds it), and
/// what the claim decided. A claim of a run in `departed` (known to have stopped, or lost
/// its role, without giving its claims back) holds no longer: it is taken over at once.
pub fn claim(
    current: Option<&JobRecord>,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
    run: &str,
    departed: &HashSet<String>,
    policy: &Policy,
) -> (Option<JobRecord>, Option<Claim>) {
    let (attempt, begun) = match current.map(|record| &record.state) {
        None => (1, 0),
        Some(JobState::Sending { run: holder, .. }) if holder == run => return (None, None),
        Some(JobState::Sending {
            run: holder,
            lease_until: Some(until),
            ..
        }) if now < *until && !departed.contains(holder) => return (None, None),
        Some(
            JobState::Sending { attempt, begun, .. } | JobState::Failed { attempt, begun, .. },
        ) => (attempt.saturating_add(1), *begun),
        Some(JobState::Sent { .. } | JobState::Skipped { .. }) => return (None, None),
    };
    let late_by = now - due_at;
    let give_up = if attempt > policy.max_attempts {
        Some(format!(
            "{} attempts did not get through",
            policy.max_attempts
        ))
    } else if late_by > policy.give_up_after {
        Some(format!(
            "more than {} h late (Pulse was not running at {})",
            policy.give_up_after.num_hours(),
            due_at.format("%Y-%m-%d %H:%M UTC")
        ))
    } else {
        None
    };
    let (state, decided) = match give_up {
        Some(reason) => (
            JobState::Skipped {
                reason: reason.clone(),
            },
            Claim::GiveUp(reason),
        ),
        None => (
            JobState::Sending {
                run: run.to_owned(),
                attempt,
                lease_until: Some(now + policy.lease),
                begun,
            },
            Claim::Run {
                attempt,
                late: late_by > policy.late_after,
                begun,
            },
        ),
    };
    let record = JobRecord {
        due_at,
        state,
        updated_at: now,
    };
    (Some(record), Some(decided))
}

/// The record to write for the outcome `state` of `run`'s claim `attempt`, over `current`:
/// `None` unless `current` is that very claim.
pub fn outcome(
    current: Option<&JobRecord>,
    run: &str,
    attempt: u8,
    state: JobState,
    now: DateTime<Utc>,
) -> Option<JobRecord> {
    let current = current?;
    let ours = matches!(
        &current.state,
        JobState::Sending { run: holder, attempt: claimed, .. }
            if holder == run && *claimed == attempt
    );
    ours.then_some(JobRecord {
        due_at: current.due_at,
        state,
        updated_at: now,
    })
}

/// The record to write when `run`'s claim `attempt` begins its part `part` (from 0), over
/// `current`: `None` unless `current` is that very claim and the part has not begun (in this
/// attempt or an earlier one). Written before the part is sent, so that no later attempt
/// sends it again.
pub fn begin_part(
    current: Option<&JobRecord>,
    run: &str,
    attempt: u8,
    part: u8,
    now: DateTime<Utc>,
) -> Option<JobRecord> {
    let current = current?;
    match &current.state {
        JobState::Sending {
            run: holder,
            attempt: claimed,
            lease_until,
            begun,
        } if holder == run && *claimed == attempt && *begun <= part => Some(JobRecord {
            due_at: current.due_at,
            state: JobState::Sending {
                run: holder.clone(),
                attempt,
                lease_until: *lease_until,
                begun: part.saturating_add(1),
            },
            updated_at: now,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    const POLICY: Policy = Policy {
        max_attempts: 2,
        late_after: Duration::minutes(15),
        give_up_after: Duration::hours(6),
        lease: Duration::minutes(2),
    };

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 9, minute, 0).unwrap()
    }

    fn none() -> HashSet<String> {
        HashSet::new()
    }

    fn state(record: &Option<JobRecord>) -> &JobState {
        &record.as_ref().unwrap().state
    }

    #[test]
    fn a_claim_holds_for_its_run_and_its_lease_then_is_taken_over_once() {
        let due = at(0);
        let (first, decided) = claim(None, due, at(0), "a", &none(), &POLICY);
        assert_eq!(
            decided,
            Some(Claim::Run {
                attempt: 1,
                late: false,
                begun: 0
            })
        );
        // Its own run, and any other run within the lease, leave it alone.
        assert_eq!(
            claim(first.as_ref(), due, at(1), "a", &none(), &POLICY),
            (None, None)
        );
        assert_eq!(
            claim(first.as_ref(), due, at(1), "b", &none(), &POLICY),
            (None, None)
        );
        // Past the lease, run "a" is taken to have stopped: attempt 2, by "b".
        let (second, decided) = claim(first.as_ref(), due, at(3), "b", &none(), &POLICY);
        assert_eq!(
            decided,
            Some(Claim::Run {
                attempt: 2,
                late: false,
                begun: 0
            })
        );
        // "a" comes back with its outcome: not over "b"'s claim.
        let sent = JobState::Sent { late: false };
        assert_eq!(outcome(second.as_ref(), "a", 1, sent.clone(), at(4)), None);
        // "b" stops too: no third attempt.
        let (third, decided) = claim(second.as_ref(), due, at(9), "c", &none(), &POLICY);
        assert!(matches!(decided, Some(Claim::GiveUp(reason)) if reason.contains("2 attempts")));
        assert!(matches!(state(&third), JobState::Skipped { .. }));
        assert_eq!(
            claim(third.as_ref(), due, at(10), "c", &none(), &POLICY),
            (None, None)
        );
    }

    #[test]
    fn outcomes_are_written_only_over_ones_own_claim_and_failures_are_retried() {
        let due = at(0);
        let (claimed, _) = claim(None, due, at(0), "a", &none(), &POLICY);
        let failed = JobState::Failed {
            attempt: 1,
            reason: "refused".into(),
            begun: 0,
        };
        let written = outcome(claimed.as_ref(), "a", 1, failed, at(1));
        assert!(matches!(
            state(&written),
            JobState::Failed { attempt: 1, .. }
        ));
        assert_eq!(
            outcome(None, "a", 1, JobState::Sent { late: false }, at(1)),
            None
        );
        let (retry, decided) = claim(written.as_ref(), due, at(2), "a", &none(), &POLICY);
        assert_eq!(
            decided,
            Some(Claim::Run {
                attempt: 2,
                late: false,
                begun: 0
            })
        );
        let done = outcome(
            retry.as_ref(),
            "a",
            2,
            JobState::Sent { late: false },
            at(2),
        );
        assert_eq!(state(&done), &JobState::Sent { late: false });
        assert_eq!(
            claim(done.as_ref(), due, at(3), "b", &none(), &POLICY),
            (None, None)
        );
    }

    #[test]
    fn lateness_and_giving_up_follow_the_due_time() {
        let due = at(0);
        let (_, decided) = claim(None, due, at(16), "a", &none(), &POLICY);
        assert_eq!(
            decided,
            Some(Claim::Run {
                attempt: 1,
                late: true,
                begun: 0
            })
        );
        let (record, decided) = claim(None, due, due + Duration::hours(7), "a", &none(), &POLICY);
        assert!(matches!(decided, Some(Claim::GiveUp(reason)) if reason.contains("6 h late")));
        assert!(matches!(state(&record), JobState::Skipped { .. }));
    }

    #[test]
    fn a_claim_written_before_leases_is_taken_over_by_another_run_at_once() {
        let old = JobRecord {
            due_at: at(0),
            state: JobState::Sending {
                run: "a".into(),
                attempt: 1,
                lease_until: None,
                begun: 0,
            },
            updated_at: at(0),
        };
        let stored: JobRecord = serde_json::from_str(
            r#"{"due_at":"2026-11-30T09:00:00Z","state":"sending","run":"a","attempt":1,"updated_at":"2026-11-30T09:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(stored, old);
        let (_, decided) = claim(Some(&old), at(0), at(1), "b", &none(), &POLICY);
        assert_eq!(
            decided,
            Some(Claim::Run {
                attempt: 2,
                late: false,
                begun: 0
            })
        );
    }
}

#[cfg(test)]
mod parts {
    use super::*;
    use chrono::{Duration, TimeZone};

    const POLICY: Policy = Policy {
        max_attempts: 2,
        late_after: Duration::minutes(15),
        give_up_after: Duration::hours(6),
        lease: Duration::minutes(2),
    };

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 9, minute, 0).unwrap()
    }

    fn none() -> HashSet<String> {
        HashSet::new()
    }

    #[test]
    fn a_part_begins_once_over_its_own_claim_and_a_takeover_does_only_the_parts_never_begun() {
        let due = at(0);
        let (claimed, _) = claim(None, due, at(0), "a", &none(), &POLICY);
        // Part 0 begins: recorded once; not again, and not for another run or attempt.
        let text = begin_part(claimed.as_ref(), "a", 1, 0, at(0));
        assert!(matches!(
            text.as_ref().map(|r| &r.state),
            Some(JobState::Sending { begun: 1, .. })
        ));
        assert_eq!(begin_part(text.as_ref(), "a", 1, 0, at(0)), None);
        assert_eq!(begin_part(text.as_ref(), "b", 1, 1, at(0)), None);
        assert_eq!(begin_part(text.as_ref(), "a", 2, 1, at(0)), None);
        // "a" dies after beginning part 0: "b" takes over past the lease, with part 0 begun.
        let (taken, decided) = claim(text.as_ref(), due, at(3), "b", &none(), &POLICY);
        assert_eq!(
            decided,
            Some(Claim::Run {
                attempt: 2,
                late: false,
                begun: 1
            })
        );
        // "a" cannot begin part 1 over "b"'s claim; "b" can, once.
        assert_eq!(begin_part(taken.as_ref(), "a", 1, 1, at(3)), None);
        let chart = begin_part(taken.as_ref(), "b", 2, 1, at(3));
        assert!(matches!(
            chart.as_ref().map(|r| &r.state),
            Some(JobState::Sending { begun: 2, .. })
        ));
        assert_eq!(begin_part(chart.as_ref(), "b", 2, 1, at(3)), None);
        // A failure keeps the count: the retry does only what never began.
        let failed = JobState::Failed {
            attempt: 1,
            reason: "refused".into(),
            begun: 1,
        };
        let (claimed, _) = claim(None, due, at(0), "a", &none(), &POLICY);
        let written = outcome(claimed.as_ref(), "a", 1, failed, at(1));
        let (_, decided) = claim(written.as_ref(), due, at(2), "a", &none(), &POLICY);
        assert_eq!(
            decided,
            Some(Claim::Run {
                attempt: 2,
                late: false,
                begun: 1
            })
        );
    }

    #[test]
    fn a_claim_of_a_departed_run_is_taken_over_at_once_and_its_run_sends_nothing_more() {
        let due = at(0);
        let departed: HashSet<String> = ["a".to_owned()].into();
        // "a" claims and begins part 0; then its instance loses the scheduler's lease.
        let (claimed, _) = claim(None, due, at(0), "a", &none(), &POLICY);
        let text = begin_part(claimed.as_ref(), "a", 1, 0, at(0));
        // Within the lease, "b" takes it over at once once "a" is known to have departed,
        // with part 0 begun: only the chart is left to send.
        assert_eq!(
            claim(text.as_ref(), due, at(1), "b", &none(), &POLICY),
            (None, None)
        );
        let (taken, decided) = claim(text.as_ref(), due, at(1), "b", &departed, &POLICY);
        assert_eq!(
            decided,
            Some(Claim::Run {
                attempt: 2,
                late: false,
                begun: 1
            })
        );
        // Should "a" live on, it can neither begin a part nor write an outcome over it.
        assert_eq!(begin_part(taken.as_ref(), "a", 1, 1, at(1)), None);
        let sent = JobState::Sent { late: false };
        assert_eq!(outcome(taken.as_ref(), "a", 1, sent, at(1)), None);
        // A claim of a run not departed holds for its lease, departures or not.
        assert_eq!(
            claim(taken.as_ref(), due, at(2), "c", &departed, &POLICY),
            (None, None)
        );
        // And a run's own claim is left to it, even named among the departed.
        assert_eq!(
            claim(
                taken.as_ref(),
                due,
                at(2),
                "b",
                &["b".to_owned()].into(),
                &POLICY
            ),
            (None, None)
        );
    }

    #[test]
    fn records_without_parts_read_as_none_begun_and_are_written_the_same() {
        let stored = r#"{"due_at":"2026-11-30T09:00:00Z","state":"sending","run":"a","attempt":1,"lease_until":"2026-11-30T09:02:00Z","updated_at":"2026-11-30T09:00:00Z"}"#;
        let record: JobRecord = serde_json::from_str(stored).unwrap();
        assert!(matches!(record.state, JobState::Sending { begun: 0, .. }));
        assert_eq!(serde_json::to_string(&record).unwrap(), stored);
    }
}
