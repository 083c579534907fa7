//! Alerts of new comments (`/alerts`): which comments alert which chats, claiming a chat's
//! waiting alerts as one message, and what became of it.
//!
//! Comments come from two doors: Instagram's webhooks ([`Pulse::comment_events`], within
//! seconds) and the comments a scheduled sync wrote ([`Pulse::sync_account`] hands them to
//! the same queueing). A comment is stored if it is not yet, then queued for every chat
//! linked to its account whose alerts are on since before it and which wants it (a lead,
//! or every comment): one [`AlertRecord`] per chat and comment in `Tree::Alerts`, written
//! only where none is (compare-and-swap from nothing). That record is what makes a comment
//! alert a chat once, whatever delivers it and however often. The record holds ids and
//! states only; the message is built from the stored comment when it is sent.
//!
//! Delivery is batched: [`Pulse::claim_due_alerts`] gives one [`DueAlerts`] per chat with
//! every waiting alert, unless the chat is in its quiet hours (its own time zone) or got an
//! alert message less than `Settings::alert_min_interval` ago; [`Pulse::next_alert_at`]
//! says when the next one falls due.
//!
//! **At most once.** Claiming writes `Sending` with this process's run id and flushes it
//! before the claim is returned; [`Pulse::alerts_sent`] and [`Pulse::alerts_failed`] write
//! the outcome only over this run's own claim (an unlink or `/forget` meanwhile leaves
//! nothing). A `Sending` claim of another run means that process stopped while sending: the
//! message may have arrived, so those alerts are `Dropped` with the reason and never sent
//! again. An alert is news of a moment, and the comment stays in `/leads`; a duplicate in a
//! chat costs more than a missed ping. (Digests choose the other way: one more attempt.) A
//! send that failed with nothing delivered goes back to waiting, and is dropped after
//! [`MAX_FAILURES`].
//!
//! Comments written more than [`ALERT_WINDOW`] before Pulse learns of them never alert (a
//! sync that reads an old post's comments again is not news), and settled records older
//! than [`KEEP_ALERTS`] are pruned by the claim rounds, so the tree stays small.

use std::collections::HashMap;

use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;

use super::{Pulse, PulseError};
use crate::account::{AccountId, Network};
use crate::answers::count;
use crate::chat::{ChatId, Platform};
use crate::command::CommentRef;
use crate::instagram::CommentEvent;
use crate::leads::{is_lead, is_own_comment};
use crate::records::{
    AccountRecord, AlertRecord, AlertSettings, AlertState, CommentRecord, FiledAlert, Records,
};
use crate::reply::{Block, Button, Reply};
use crate::store::{Batch, Tree};

/// A comment written longer than this before Pulse learns of it never alerts.
pub const ALERT_WINDOW: chrono::Duration = chrono::Duration::hours(48);
/// Sent and dropped alert records are kept this long after they were queued.
pub const KEEP_ALERTS: chrono::Duration = chrono::Duration::days(7);
/// Sends that failed with nothing delivered before an alert is dropped.
pub const MAX_FAILURES: u32 = 2;
/// The most comments one alert message shows with their buttons (4 buttons each: Discord
/// allows 25 a message); the rest are counted, with `/leads`.
pub const SHOWN_PER_MESSAGE: usize = 5;

/// What a delivery of comment events did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommentsArrived {
    /// Events handed in.
    pub events: usize,
    /// Comments stored now (the others were stored already).
    pub stored: usize,
    /// Alerts queued (one per chat and comment).
    pub alerts_queued: usize,
    /// Events about an account Pulse does not know (not linked, or linked no more).
    pub unknown_account: usize,
    /// Events about a paused account (`/pause`): not stored, no alert.
    pub paused_account: usize,
    /// The account's own comments (its replies): stored by syncs, never alerting.
    pub own: usize,
}

/// One chat's alert message, claimed: send `reply`, then [`Pulse::alerts_sent`] or
/// [`Pulse::alerts_failed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueAlerts {
    /// The chat.
    pub chat: ChatId,
    /// The alerts claimed: account and comment id.
    pub alerts: Vec<(AccountId, String)>,
    /// The message.
    pub reply: Reply,
}

/// Whether `comment` is the account's own (a reply it wrote): by id or by handle.
fn is_own(account: &AccountRecord, comment: &CommentRecord) -> bool {
    comment
        .author_id
        .as_deref()
        .is_some_and(|id| id == account.user_id || id == account.app_scoped_id)
        || is_own_comment(comment, &account.username)
}

/// The next instant after `now` at which local time `time` comes in `timezone`.
fn next_local(now: DateTime<Utc>, time: chrono::NaiveTime, timezone: Tz) -> DateTime<Utc> {
    let today = now.with_timezone(&timezone).date_naive();
    [Some(today), today.checked_add_days(Days::new(1))]
        .into_iter()
        .flatten()
        .map(|date| crate::local_time::daily_at(date, time, timezone))
        .find(|at| *at > now)
        .unwrap_or(now)
}

impl Pulse {
    fn chat_timezone(&self, record: Option<&crate::records::ChatRecord>) -> Tz {
        record
            .and_then(|record| record.timezone.parse().ok())
            .unwrap_or(self.settings.default_timezone)
    }

    /// The earliest moment from `now` on at which a chat with these settings may get an
    /// alert message: after its minimum interval and outside its quiet hours.
    fn alerts_open_at(
        &self,
        settings: &AlertSettings,
        timezone: Tz,
        now: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let mut at = now;
        if let Some(last) = settings.last_sent_at {
            at = at.max(last + self.settings.alert_min_interval);
        }
        if let Some(quiet) = settings.quiet {
            if quiet.contains(at.with_timezone(&timezone).time()) {
                at = next_local(at, quiet.to, timezone);
            }
        }
        at
    }

    /// Comments announced by Instagram's webhooks: each is stored (if it is not yet, so
    /// `/leads` and questions see it at once) and queued as an alert for the chats that want
    /// it. Events about unknown accounts, and the accounts' own comments, are counted and
    /// passed over. Flushed before it returns.
    pub fn comment_events(
        &self,
        events: Vec<CommentEvent>,
        now: DateTime<Utc>,
    ) -> Result<CommentsArrived, PulseError> {
        let records = self.records();
        let mut arrived = CommentsArrived {
            events: events.len(),
            ..CommentsArrived::default()
        };
        let mut accounts: HashMap<String, Option<AccountRecord>> = HashMap::new();
        for event in events {
            let account = match accounts.get(&event.account_user_id) {
                Some(account) => account.clone(),
                None => {
                    let account = records.account_on(Network::Instagram, &event.account_user_id)?;
                    accounts.insert(event.account_user_id.clone(), account.clone());
                    account
                }
            };
            let Some(account) = account else {
                arrived.unknown_account += 1;
                continue;
            };
            if self.is_paused(&account.id)? {
                arrived.paused_account += 1;
                continue;
            }
            let comment = CommentRecord::from(&event.comment);
            if is_own(&account, &comment) {
                arrived.own += 1;
                continue;
            }
            let comment = match records.comment(&account.id, &comment.post_id, &comment.id)? {
                Some(stored) => stored,
                None => {
                    let mut batch = Batch::new();
                    Records::batch_comment(&mut batch, &account.id, &comment);
                    self.store.apply(&batch)?;
                    self.answer_cache.evict(&account.id);
                    arrived.stored += 1;
                    comment
                }
            };
            arrived.alerts_queued +=
                self.queue_alerts(&account, std::slice::from_ref(&comment), now)?;
        }
        if arrived.stored > 0 || arrived.alerts_queued > 0 {
            self.store.flush()?;
        }
        Ok(arrived)
    }

    /// Queues an alert of each of `comments` (of `account`) for every chat linked to it whose
    /// alerts are on since before the comment and that wants it, unless one was ever queued.
    /// Returns how many were queued. Not flushed.
    pub(super) fn queue_alerts(
        &self,
        account: &AccountRecord,
        comments: &[CommentRecord],
        now: DateTime<Utc>,
    ) -> Result<usize, PulseError> {
        let fresh: Vec<&CommentRecord> = comments
            .iter()
            .filter(|comment| comment.published_at >= now - ALERT_WINDOW)
            .filter(|comment| !is_own(account, comment))
            .collect();
        if fresh.is_empty() {
            return Ok(0);
        }
        let records = self.records();
        let mut queued = 0;
        for chat in records.account_chats(&account.id)? {
            let Some(settings) = records.chat(&chat)?.map(|record| record.alerts) else {
                continue;
            };
            if !settings.enabled {
                continue;
            }
            for comment in &fresh {
                if settings
                    .since
                    .is_some_and(|since| comment.published_at < since)
                {
                    continue;
                }
                // As `/leads` reads it: a top-level comment (a reply in a thread is no lead).
                let lead = comment.parent_id.is_none() && !comment.hidden && is_lead(&comment.text);
                if !lead && !settings.every_comment {
                    continue;
                }
                let record = AlertRecord {
                    post_id: comment.post_id.clone(),
                    lead,
                    queued_at: now,
                    failures: 0,
                    state: AlertState::Pending,
                };
                if records.queue_alert(&chat, &account.id, &comment.id, &record)? {
                    queued += 1;
                }
            }
        }
        Ok(queued)
    }

    /// Claims, for every chat on one of `platforms` (those with a running front end) that
    /// may get an alert message now, all its waiting alerts as one message. Claims of a
    /// stopped process are dropped, and old settled records pruned, on the way. Every claim
    /// is flushed before this returns.
    pub fn claim_due_alerts(
        &self,
        platforms: &[Platform],
        now: DateTime<Utc>,
    ) -> Result<Vec<DueAlerts>, PulseError> {
        let records = self.records();
        let mut due = Vec::new();
        let mut wrote = false;
        let mut by_chat: Vec<(ChatId, Vec<FiledAlert>)> = Vec::new();
        for alert in records.all_alerts()? {
            match by_chat.last_mut() {
                Some((chat, alerts)) if *chat == alert.chat => alerts.push(alert),
                _ => by_chat.push((alert.chat.clone(), vec![alert])),
            }
        }
        for (chat, alerts) in by_chat {
            let mut pending = Vec::new();
            let mut in_flight = false;
            for alert in alerts {
                match &alert.record.state {
                    AlertState::Pending => pending.push(alert),
                    AlertState::Sending { run, .. } if *run == self.run => in_flight = true,
                    AlertState::Sending { .. } => {
                        wrote |= self.drop_alert(
                            &alert,
                            "Pulse stopped while sending it; it may have arrived",
                            |state| {
                                matches!(state, AlertState::Sending { run, .. } if *run != self.run)
                            },
                        )?;
                    }
                    AlertState::Sent { .. } | AlertState::Dropped { .. } => {
                        if alert.record.queued_at < now - KEEP_ALERTS {
                            self.store.remove(Tree::Alerts, &alert.key())?;
                            wrote = true;
                        }
                    }
                }
            }
            if pending.is_empty() || in_flight || !platforms.contains(&chat.platform) {
                continue;
            }
            let chat_record = records.chat(&chat)?;
            let settings = chat_record
                .as_ref()
                .map(|record| record.alerts.clone())
                .unwrap_or_default();
            if !settings.enabled {
                for alert in &pending {
                    wrote |= self.drop_alert(alert, "alerts were turned off", |state| {
                        *state == AlertState::Pending
                    })?;
                }
                continue;
            }
            let timezone = self.chat_timezone(chat_record.as_ref());
            if self.alerts_open_at(&settings, timezone, now) > now {
                continue;
            }
            let mut claimed = Vec::new();
            for alert in pending {
                let key = alert.key();
                let written = records.update_alert(&key, |current| {
                    (current.state == AlertState::Pending).then(|| AlertRecord {
                        state: AlertState::Sending {
                            run: self.run.clone(),
                            at: now,
                        },
                        ..current.clone()
                    })
                })?;
                if written.is_some() {
                    wrote = true;
                    claimed.push(alert);
                }
            }
            if let Some(message) = self.alert_message(&chat, claimed, timezone)? {
                due.push(message);
            }
        }
        if wrote {
            self.store.flush()?;
        }
        Ok(due)
    }

    /// Drops an alert for good with `reason` if its state is still one `only` accepts;
    /// returns whether anything was written.
    fn drop_alert(
        &self,
        alert: &FiledAlert,
        reason: &str,
        only: impl Fn(&AlertState) -> bool,
    ) -> Result<bool, PulseError> {
        let written = self.records().update_alert(&alert.key(), |current| {
            only(&current.state).then(|| AlertRecord {
                state: AlertState::Dropped {
                    reason: reason.to_owned(),
                },
                ..current.clone()
            })
        })?;
        Ok(written.is_some())
    }

    /// The message of the alerts claimed for a chat, from the stored comments (an alert
    /// whose comment or link is gone is dropped); `None` when none is left.
    fn alert_message(
        &self,
        chat: &ChatId,
        claimed: Vec<FiledAlert>,
        timezone: Tz,
    ) -> Result<Option<DueAlerts>, PulseError> {
        let records = self.records();
        let mut accounts: HashMap<AccountId, Option<AccountRecord>> = HashMap::new();
        let mut shown = Vec::new();
        for alert in claimed {
            if !accounts.contains_key(&alert.account) {
                let linked = records.chat_link(chat, &alert.account)?.is_some();
                let account = if linked {
                    records.account(&alert.account)?
                } else {
                    None
                };
                accounts.insert(alert.account.clone(), account);
            }
            let account = accounts.get(&alert.account).cloned().flatten();
            let comment = match &account {
                Some(_) => {
                    records.comment(&alert.account, &alert.record.post_id, &alert.comment_id)?
                }
                None => None,
            };
            match (account, comment) {
                (Some(account), Some(comment)) => shown.push((alert, account, comment)),
                _ => {
                    self.drop_alert(&alert, "the comment or the link is gone", |state| {
                        matches!(state, AlertState::Sending { run, .. } if *run == self.run)
                    })?;
                }
            }
        }
        if shown.is_empty() {
            return Ok(None);
        }
        shown.sort_by_key(|(_, _, comment)| comment.published_at);
        let leads = shown
            .iter()
            .filter(|(alert, _, _)| alert.record.lead)
            .count();
        let total = shown.len();
        let title = match (total, leads) {
            (1, 1) => "New lead".to_owned(),
            (1, _) => "New comment".to_owned(),
            (n, l) if l == n => format!("{n} new leads"),
            (n, 0) => format!("{n} new comments"),
            (n, l) => format!("{n} new comments, {}", count(l as u64, "lead", "leads")),
        };
        let mut reply = Reply {
            blocks: vec![Block::Title(title)],
            ..Reply::default()
        };
        let several = total > 1;
        for (alert, account, comment) in shown.iter().take(SHOWN_PER_MESSAGE) {
            let reference = CommentRef::short(&comment.id);
            let author = comment
                .author_username
                .as_deref()
                .map_or_else(|| "someone".to_owned(), |name| format!("@{name}"));
            let post = records
                .post(&account.id, &alert.record.post_id)?
                .and_then(|post| post.permalink)
                .unwrap_or_else(|| "a post".to_owned());
            let at = comment
                .published_at
                .with_timezone(&timezone)
                .format("%H:%M");
            let kind = if alert.record.lead { "lead" } else { "comment" };
            reply.blocks.push(Block::Text(format!(
                "#{reference} · {kind} from {author} on @{}'s post {post} · {at}",
                account.username
            )));
            reply.blocks.push(Block::Quote(comment.text.clone()));
            let label = |word: &str| {
                if several {
                    format!("{word} #{reference}")
                } else {
                    word.to_owned()
                }
            };
            // As a comment card offers them: no public reply under a reply or a hidden
            // comment (Instagram takes none).
            let hidden = records
                .comment_action(&account.id, &comment.id)?
                .and_then(|action| action.hidden)
                .unwrap_or(false);
            if comment.parent_id.is_none() && !hidden {
                reply.buttons.push(Button::Input {
                    label: label("Reply"),
                    command: format!("/reply {}", comment.id),
                    prompt: format!("Your public reply to {author}"),
                });
            }
            reply.buttons.extend([
                Button::Input {
                    label: label("DM"),
                    command: format!("/dm {}", comment.id),
                    prompt: format!("Your private message to {author}"),
                },
                Button::Command {
                    label: label("Hide"),
                    command: format!("/hide {}", comment.id),
                },
                Button::Command {
                    label: label("Done"),
                    command: format!("/lead {} done", comment.id),
                },
            ]);
        }
        if total > SHOWN_PER_MESSAGE {
            reply.blocks.push(Block::Note(format!(
                "and {} more: /leads",
                total - SHOWN_PER_MESSAGE
            )));
        }
        Ok(Some(DueAlerts {
            chat: chat.clone(),
            alerts: shown
                .into_iter()
                .map(|(alert, _, _)| (alert.account, alert.comment_id))
                .collect(),
            reply,
        }))
    }

    /// Writes `state` over this run's own claim of each alert of `due`; returns how many.
    fn alerts_outcome(
        &self,
        due: &DueAlerts,
        mut next: impl FnMut(&AlertRecord) -> AlertRecord,
    ) -> Result<usize, PulseError> {
        let records = self.records();
        let mut written = 0;
        for (account, comment_id) in &due.alerts {
            let key = crate::records::alert_key(&due.chat, account, comment_id);
            let changed = records.update_alert(&key, |current| match &current.state {
                AlertState::Sending { run, .. } if *run == self.run => Some(next(current)),
                _ => None,
            })?;
            written += usize::from(changed.is_some());
        }
        Ok(written)
    }

    /// Records that a chat's alert message was sent (all of it, or a part before a failure):
    /// its alerts are sent, and the chat's next message waits its minimum interval. Not
    /// flushed: the caller flushes once per round.
    pub fn alerts_sent(&self, due: &DueAlerts, now: DateTime<Utc>) -> Result<(), PulseError> {
        self.alerts_outcome(due, |current| AlertRecord {
            state: AlertState::Sent { at: now },
            ..current.clone()
        })?;
        // Compare-and-swap: a settings command at the same moment keeps its change.
        self.records().update_chat(&due.chat, |record| {
            record.alerts.last_sent_at = Some(now);
        })?;
        Ok(())
    }

    /// Records that sending a chat's alert message failed with nothing delivered: its
    /// alerts wait for the next message, and one that failed [`MAX_FAILURES`] times is
    /// dropped. Not flushed.
    pub fn alerts_failed(&self, due: &DueAlerts, now: DateTime<Utc>) -> Result<(), PulseError> {
        let _ = now;
        self.alerts_outcome(due, |current| {
            let failures = current.failures.saturating_add(1);
            AlertRecord {
                failures,
                state: if failures >= MAX_FAILURES {
                    AlertState::Dropped {
                        reason: format!("sending failed {failures} times"),
                    }
                } else {
                    AlertState::Pending
                },
                ..current.clone()
            }
        })?;
        Ok(())
    }

    /// Gives a chat's claimed alerts back unsent (Pulse is stopping, or no front end runs
    /// for the chat): they wait for a later message, with no failure counted. Not flushed.
    pub fn alerts_not_sent(&self, due: &DueAlerts) -> Result<(), PulseError> {
        self.alerts_outcome(due, |current| AlertRecord {
            state: AlertState::Pending,
            ..current.clone()
        })?;
        Ok(())
    }

    /// When the runtime should next claim alerts: the earliest moment at which a chat with
    /// waiting alerts may get its message (`now` if one may now), or `None` when no alert
    /// waits.
    pub fn next_alert_at(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, PulseError> {
        let records = self.records();
        let mut next: Option<DateTime<Utc>> = None;
        let mut last_chat: Option<ChatId> = None;
        for alert in records.all_alerts()? {
            if alert.record.state != AlertState::Pending || last_chat.as_ref() == Some(&alert.chat)
            {
                continue;
            }
            last_chat = Some(alert.chat.clone());
            let chat_record = records.chat(&alert.chat)?;
            let settings = chat_record
                .as_ref()
                .map(|record| record.alerts.clone())
                .unwrap_or_default();
            let at = self.alerts_open_at(&settings, self.chat_timezone(chat_record.as_ref()), now);
            next = Some(next.map_or(at, |next| next.min(at)));
        }
        Ok(next)
    }

    /// Subscribes a linked account to Instagram's `comments` webhooks (once a link, when
    /// webhooks are set up): the inner `Err` is Instagram's refusal, which the caller logs
    /// (syncs still bring the comments).
    pub async fn subscribe_to_comments(
        &self,
        account_id: &AccountId,
    ) -> Result<Result<(), crate::instagram::SourceError>, PulseError> {
        let (Some(account), Some(token)) =
            (self.records().account(account_id)?, self.token(account_id)?)
        else {
            return Ok(Ok(()));
        };
        Ok(self
            .ports
            .actions(account.network)
            .subscribe_to_comments(&token)
            .await)
    }

    /// The comments a scheduled sync wrote, handed to alerts: queued like a webhook's (those
    /// a webhook already brought are queued already). A failure is logged, not the sync's.
    pub(super) fn alerts_after_sync(
        &self,
        account: &AccountRecord,
        written: &[CommentRecord],
        now: DateTime<Utc>,
    ) {
        if written.is_empty() {
            return;
        }
        match self.queue_alerts(account, written, now) {
            Ok(0) => {}
            Ok(queued) => {
                tracing::debug!(queued, "alerts queued by a sync");
                if let Err(error) = self.store.flush() {
                    tracing::warn!(error = %error, "flushing alerts queued by a sync failed");
                }
            }
            Err(error) => tracing::warn!(error = %error, "queueing alerts after a sync failed"),
        }
    }
}
