//! Scheduled digests (SPEC §7): which are due, claiming them before they are sent, and what
//! became of them — exactly once per chat, account and local date, across restarts. Each is
//! a durable job ([`crate::jobs`]) under [`DIGEST_JOBS`]'s rules.
//!
//! The runtime asks [`Pulse::claim_due_digests`] every minute (or at
//! [`Pulse::next_digest_at`]). A digest is due at the chat's digest time on each local date
//! ([`crate::local_time::daily_at`]: a skipped time fires at the next minute that exists, a
//! repeated one at its first occurrence). Claiming writes a `Sending` record and flushes it
//! before the runtime sends, then [`Pulse::digest_sent`] or [`Pulse::digest_failed`] records
//! the outcome:
//!
//! - A `Sending` record of this process, or of another within its lease, means the send is
//!   in flight: nothing to do. Before each send the runtime asks
//!   [`Pulse::digest_still_wanted`], which says no once another process has taken the claim
//!   over: an instance that lost the scheduler's lease starts no send its successor has claimed.
//! - A digest goes out in parts (on Telegram its text, then its chart: one message each).
//!   Before each part the runtime records, over its own claim, that the part has begun
//!   ([`Pulse::digest_part_begins`], flushed); it sends the part only if that write
//!   succeeded, so of two processes that both think they hold a claim, one sends each part.
//! - A `Sending` record of an earlier process past its lease means it stopped between claim
//!   and outcome; so does one of a run known to have departed ([`Pulse::run_departed`]: the
//!   instance whose scheduler's lease this one took over once it ran out), whatever its
//!   lease says. Either is claimed once more (attempt 2, never a third) with the count of parts
//!   begun, and only the parts never begun are sent. A part whose send was under way when
//!   its process died may or may not have reached the chat; it is not sent again (at most
//!   once: it may be lost, it is never repeated).
//! - A failed send (nothing reached the chat) is tried once more, on a later round. A digest
//!   given back unsent ([`Pulse::digest_not_sent`]: shutdown, an unlink) uses no attempt.
//! - Sent more than [`LATE_AFTER`] after its time, a digest is marked late; more than
//!   [`GIVE_UP_AFTER`] after, it is skipped (and the record says why).
//! - The first round of a process also looks back [`CATCH_UP_DAYS`] days, so the digests a
//!   long outage missed are each skipped with a reason, once.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{Pulse, PulseError};
use crate::account::AccountId;
use crate::chat::{ChatId, Platform};
use crate::jobs::{self, Claim};
use crate::question::answer::AnswerData;
use crate::records::{ChatLinkRecord, ChatRecord, DigestState};

/// How many open leads a digest shows with their actions (the rest: /leads).
const DIGEST_LEADS_SHOWN: usize = 3;
use crate::reply::{Block, Reply};

/// A digest claimed more than this after its time is marked late.
pub const LATE_AFTER: chrono::Duration = chrono::Duration::minutes(15);
/// A digest more than this late is not sent at all.
pub const GIVE_UP_AFTER: chrono::Duration = chrono::Duration::hours(6);
/// The most attempts at one digest (a first send, and one more after a failure or a crash).
pub const MAX_ATTEMPTS: u8 = 2;
/// How long a digest's claim holds against another process: longer than a round's sends
/// take (each send is bounded by its platform's timeout).
pub const LEASE: chrono::Duration = chrono::Duration::minutes(2);

/// The job rules of digests.
pub const DIGEST_JOBS: crate::jobs::Policy = crate::jobs::Policy {
    max_attempts: MAX_ATTEMPTS,
    late_after: LATE_AFTER,
    give_up_after: GIVE_UP_AFTER,
    lease: LEASE,
};
/// How many days before yesterday the first round of a process looks at, and how long
/// digest records are kept.
pub const CATCH_UP_DAYS: u64 = 7;

/// A digest to send now, already claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDigest {
    /// The chat.
    pub chat: ChatId,
    /// The account it is about.
    pub account_id: AccountId,
    /// The chat's local date it is sent on (it is about the day before).
    pub date: NaiveDate,
    /// The chat's time zone.
    pub timezone: Tz,
    /// When it was due.
    pub due_at: DateTime<Utc>,
    /// Claimed more than [`LATE_AFTER`] after `due_at`.
    pub late: bool,
    /// 1, or 2 after a failure or an interrupted send.
    pub attempt: u8,
    /// How many of its parts began in an earlier attempt (a process that died under way,
    /// or a send that failed after a part): only the parts after them are sent.
    pub begun: u8,
}

/// A digest that will not be sent, and why (for the log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedDigest {
    /// The chat.
    pub chat: ChatId,
    /// The account.
    pub account_id: AccountId,
    /// The local date.
    pub date: NaiveDate,
    /// When it was due.
    pub due_at: DateTime<Utc>,
    /// Why, in plain words.
    pub reason: String,
}

/// One round of the digest schedule.
#[derive(Debug, Default)]
pub struct DigestRound {
    /// Claimed: send these now, then record the outcome.
    pub due: Vec<DueDigest>,
    /// Given up on in this round.
    pub skipped: Vec<SkippedDigest>,
    /// Chats and accounts whose records could not be read or written: each is left for the
    /// next round, and the others go ahead.
    pub errors: Vec<PulseError>,
}

/// What one chat's digest settings say.
struct Schedule {
    timezone: Tz,
    time: NaiveTime,
    /// Digests due before this are not owed (the chat asked for them later).
    owed_from: DateTime<Utc>,
}

impl Pulse {
    fn digest_schedule(
        &self,
        chat_record: Option<&ChatRecord>,
        link: &ChatLinkRecord,
    ) -> Option<Schedule> {
        let (timezone, time, changed_at) = match chat_record {
            Some(record) if !record.digest_enabled => return None,
            Some(record) => (
                record
                    .timezone
                    .parse()
                    .unwrap_or(self.settings.default_timezone),
                record
                    .digest_time
                    .unwrap_or(self.settings.default_digest_time),
                record.digest_changed_at,
            ),
            None => (
                self.settings.default_timezone,
                self.settings.default_digest_time,
                None,
            ),
        };
        Some(Schedule {
            timezone,
            time,
            owed_from: changed_at.map_or(link.linked_at, |at| at.max(link.linked_at)),
        })
    }

    /// Every linked (chat, account) pair with its schedule, reading each chat record once.
    fn digest_schedules(&self) -> Result<Vec<(ChatId, AccountId, Schedule)>, PulseError> {
        let records = self.records();
        let mut out = Vec::new();
        let mut current: Option<(ChatId, Option<ChatRecord>)> = None;
        for (chat, account_id, link) in records.links()? {
            if current.as_ref().is_none_or(|(c, _)| *c != chat) {
                let record = records.chat(&chat)?;
                current = Some((chat.clone(), record));
            }
            let chat_record = current.as_ref().and_then(|(_, r)| r.as_ref());
            if let Some(schedule) = self.digest_schedule(chat_record, &link) {
                out.push((chat, account_id, schedule));
            }
        }
        Ok(out)
    }

    /// Claims every digest due at `now` and not yet sent to a chat on one of `platforms`
    /// (those with a running front end; the others wait), and gives up on those too late.
    /// Each claim is written and flushed before this returns, so the caller may send. A
    /// chat whose records fail is reported in [`DigestRound::errors`] and does not stop the
    /// others.
    pub fn claim_due_digests(
        &self,
        now: DateTime<Utc>,
        platforms: &[Platform],
    ) -> Result<DigestRound, PulseError> {
        let catching_up = !self.digests_caught_up.swap(true, Ordering::SeqCst);
        let look_back = if catching_up { 1 + CATCH_UP_DAYS } else { 1 };
        let mut round = DigestRound::default();
        let mut ready_accounts: HashMap<AccountId, bool> = HashMap::new();
        let departed = self.departed_runs().clone();
        for (chat, account_id, schedule) in self.digest_schedules()? {
            if !platforms.contains(&chat.platform) {
                continue;
            }
            let ready = match ready_accounts.get(&account_id) {
                Some(ready) => *ready,
                // A paused account (`/pause`) gets no digest while it is paused.
                None => match self.records().account(&account_id).and_then(|account| {
                    Ok(account.is_some_and(|account| account.backfill.is_ready())
                        && self.records().restriction(&account_id)?.is_none())
                }) {
                    Ok(ready) => {
                        ready_accounts.insert(account_id.clone(), ready);
                        ready
                    }
                    Err(error) => {
                        round.errors.push(error.into());
                        continue;
                    }
                },
            };
            if !ready {
                // Nothing to tell before the first sync; once it is done the digest goes out
                // (late if need be).
                continue;
            }
            if let Err(error) = self.claim_for(
                &chat,
                &account_id,
                &schedule,
                (now, &departed),
                look_back,
                &mut round,
            ) {
                round.errors.push(error);
            }
        }
        if !round.due.is_empty() || !round.skipped.is_empty() {
            self.store.flush()?;
        }
        Ok(round)
    }

    /// Claims (or gives up on) the due digests of one chat and account at `now`, looking back
    /// `look_back` days before today; claims of the `departed` runs are taken over at once.
    fn claim_for(
        &self,
        chat: &ChatId,
        account_id: &AccountId,
        schedule: &Schedule,
        (now, departed): (DateTime<Utc>, &HashSet<String>),
        look_back: u64,
        round: &mut DigestRound,
    ) -> Result<(), PulseError> {
        let records = self.records();
        let today = now.with_timezone(&schedule.timezone).date_naive();
        for back in (0..=look_back).rev() {
            let Some(date) = today.checked_sub_days(Days::new(back)) else {
                continue;
            };
            let due_at = crate::local_time::daily_at(date, schedule.time, schedule.timezone);
            if due_at > now || due_at < schedule.owed_from {
                continue;
            }
            let mut decided = None;
            records.update_digest(chat, account_id, date, |current| {
                let (next, claim) =
                    jobs::claim(current, due_at, now, &self.run, departed, &DIGEST_JOBS);
                decided = claim;
                next
            })?;
            let wrote = decided.is_some();
            match decided {
                Some(Claim::Run {
                    attempt,
                    late,
                    begun,
                }) => round.due.push(DueDigest {
                    chat: chat.clone(),
                    account_id: account_id.clone(),
                    date,
                    timezone: schedule.timezone,
                    due_at,
                    late,
                    attempt,
                    begun,
                }),
                Some(Claim::GiveUp(reason)) => round.skipped.push(SkippedDigest {
                    chat: chat.clone(),
                    account_id: account_id.clone(),
                    date,
                    due_at,
                    reason,
                }),
                None => {}
            }
            if wrote && back == 0 {
                // Once a day per chat and account: records older than the look-back go.
                let keep_from = today
                    .checked_sub_days(Days::new(1 + CATCH_UP_DAYS))
                    .unwrap_or(today);
                records.prune_digests(chat, account_id, keep_from)?;
            }
        }
        Ok(())
    }

    /// The next time a digest falls due after `now`, for a runtime that sleeps until then.
    /// (Retries of failed sends are picked up by the next round whenever it runs.)
    pub fn next_digest_at(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, PulseError> {
        let mut next: Option<DateTime<Utc>> = None;
        for (_, _, schedule) in self.digest_schedules()? {
            let today = now.with_timezone(&schedule.timezone).date_naive();
            let candidates = [Some(today), today.checked_add_days(Days::new(1))];
            let due = candidates
                .into_iter()
                .flatten()
                .map(|date| crate::local_time::daily_at(date, schedule.time, schedule.timezone))
                .find(|at| *at > now);
            if let Some(due) = due {
                next = Some(next.map_or(due, |n| n.min(due)));
            }
        }
        Ok(next)
    }

    /// The digest a claim stands for: the account's digest for the day before `due.date`, in
    /// the chat's time zone. The same for every chat with that account, zone and date; the
    /// late notice ([`with_late_notice`]) is added per chat.
    pub fn scheduled_digest(&self, due: &DueDigest) -> Result<Option<Reply>, PulseError> {
        let Some(account) = self.records().account(&due.account_id)? else {
            return Ok(None);
        };
        self.account_digest(&account, due.timezone, due.date)
            .map(Some)
    }

    /// Whether a claimed digest should still go out: the claim is still this process's (an
    /// instance that lost the scheduler's lease may still be sending a round whose claims
    /// have run past their lease and been taken over by the new leader), and the chat still
    /// links the account and still wants digests (an unlink or `/forget` may have come since
    /// the claim).
    pub fn digest_still_wanted(&self, due: &DueDigest) -> Result<bool, PulseError> {
        let records = self.records();
        let ours = records
            .digest(&due.chat, &due.account_id, due.date)?
            .is_some_and(|record| {
                matches!(
                    &record.state,
                    DigestState::Sending { run, attempt, .. }
                        if *run == self.run && *attempt == due.attempt
                )
            });
        if !ours {
            return Ok(false);
        }
        if records.chat_link(&due.chat, &due.account_id)?.is_none() {
            return Ok(false);
        }
        Ok(records
            .chat(&due.chat)?
            .is_none_or(|record| record.digest_enabled))
    }

    /// Records that part `part` (from 0) of a claimed digest begins to be sent, and flushes
    /// it, before the part is sent. `false` when the claim is no longer this process's (an
    /// instance that lost the scheduler's lease, whose claim a successor took over) or the
    /// part began already: then the part must not be sent.
    pub fn digest_part_begins(
        &self,
        due: &DueDigest,
        part: u8,
        now: DateTime<Utc>,
    ) -> Result<bool, PulseError> {
        let written =
            self.records()
                .update_digest(&due.chat, &due.account_id, due.date, |current| {
                    jobs::begin_part(current, &self.run, due.attempt, part, now)
                })?;
        if written.is_none() {
            return Ok(false);
        }
        self.store.flush()?;
        Ok(true)
    }

    /// The digest of one account for the day before `today`, in `timezone`, with its newest
    /// open leads and their actions.
    pub(super) fn account_digest(
        &self,
        account: &crate::records::AccountRecord,
        timezone: Tz,
        today: NaiveDate,
    ) -> Result<Reply, PulseError> {
        let records = self.records();
        let id = &account.id;
        let (posts, daily, snapshots, comments) = (
            records.posts(id)?,
            records.daily(id)?,
            records.follower_snapshots(id)?,
            records.comments_by_time(id)?,
        );
        let data = AnswerData {
            account,
            posts: &posts,
            daily: &daily,
            snapshots: &snapshots,
            online: &[],
            demographics: None,
            comments: &comments,
            timezone,
            today,
        };
        let actions = self.comment_actions_of(account)?;
        let open = crate::digest::open_leads_of_the_week(&data, &actions);
        let mut reply = crate::digest::digest(&data, &open);
        // The newest open leads, each with its actions, after the figures.
        let shown = open.len().min(DIGEST_LEADS_SHOWN);
        let mut at = reply
            .blocks
            .iter()
            .position(|block| matches!(block, Block::Note(_)))
            .unwrap_or(reply.blocks.len());
        for comment in open.iter().take(shown) {
            let named = super::sales::NamedComment {
                account: account.clone(),
                comment: (*comment).clone(),
                post: posts.iter().find(|p| p.id == comment.post_id).cloned(),
            };
            let card = self.comment_card(
                &named,
                actions.get(&comment.id),
                Some(crate::lead_status::LeadStatus::Open),
                timezone,
                shown > 1,
            );
            let added = card.blocks.len();
            reply.blocks.splice(at..at, card.blocks);
            at += added;
            reply.buttons.extend(card.buttons);
        }
        Ok(self.with_status(account, reply))
    }

    /// Writes the outcome of a claim, but only over this process's own claim: if the
    /// record is gone (`/forget`, an unlink) or changed, nothing is written. Not flushed:
    /// the caller flushes once per round (a lost outcome means at most one repeat).
    fn record_outcome(
        &self,
        due: &DueDigest,
        state: DigestState,
        now: DateTime<Utc>,
    ) -> Result<(), PulseError> {
        self.records()
            .update_digest(&due.chat, &due.account_id, due.date, |current| {
                jobs::outcome(current, &self.run, due.attempt, state.clone(), now)
            })?;
        Ok(())
    }

    /// Records that a claimed digest was sent (all of it, or a part before a failure).
    pub fn digest_sent(&self, due: &DueDigest, now: DateTime<Utc>) -> Result<(), PulseError> {
        self.record_outcome(due, DigestState::Sent { late: due.late }, now)
    }

    /// Records that sending part `part` of a claimed digest failed with nothing of that part
    /// delivered (and no part of it sent before, in this attempt); a later round tries once
    /// more, from that part, while it is not too late. `reason` must not contain message
    /// text.
    pub fn digest_failed(
        &self,
        due: &DueDigest,
        part: u8,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PulseError> {
        let state = DigestState::Failed {
            attempt: due.attempt,
            reason: reason.to_owned(),
            begun: part,
        };
        self.record_outcome(due, state, now)
    }

    /// Gives a claimed digest back unsent (Pulse is stopping, or the chat no longer wants
    /// it): the attempt is not used, and a later round may claim it again.
    pub fn digest_not_sent(
        &self,
        due: &DueDigest,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PulseError> {
        let state = DigestState::Failed {
            attempt: due.attempt.saturating_sub(1),
            reason: reason.to_owned(),
            begun: due.begun,
        };
        self.record_outcome(due, state, now)
    }
}

/// `reply` with the notice a late digest carries first: when it was due, in the chat's zone.
pub fn with_late_notice(mut reply: Reply, due: &DueDigest) -> Reply {
    if due.late {
        let local = due.due_at.with_timezone(&due.timezone);
        reply.blocks.insert(
            0,
            Block::Text(format!(
                "Late: this digest was due at {} ({}) and could not be sent then.",
                local.format("%H:%M"),
                due.timezone.name()
            )),
        );
    }
    reply
}
