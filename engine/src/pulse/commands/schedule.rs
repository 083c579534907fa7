//! `/schedule [post] <when>` and `/publish [post]`: a draft (or a scheduled post, moved)
//! goes out at a time as people write it, at the account's next best time, or now. With
//! no time (the Schedule… button), Pulse asks for one and reads the author's next message.

use chrono::{DateTime, Duration, Utc};

use crate::command::PostRef;
use crate::inbound::Inbound;
use crate::publishing::{next_best_time, parse_when, When};
use crate::pulse::{Pulse, PulseError};
use crate::records::{AwaitedText, PublicationRecord, PublicationState};
use crate::reply::Reply;

/// How long Pulse waits for the time or caption it asked for.
pub(crate) const AWAITED_FOR: Duration = Duration::minutes(10);

impl Pulse {
    /// `/schedule [post] <when>` (an empty `when` asks for one).
    pub(super) fn schedule(
        &self,
        inbound: &Inbound,
        post: Option<&PostRef>,
        when: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let (account, record) =
            match self.changeable_post(inbound, post, "can no longer be changed")? {
                Ok(found) => found,
                Err(reply) => return Ok(reply),
            };
        if when.trim().is_empty() {
            return self.ask_for_text(inbound, &record, "schedule", now);
        }
        if let Some(problem) = record.items.iter().find_map(|item| item.problem.clone()) {
            return Ok(Reply::text(format!(
                "{problem} Choose with /fit {} pad or /fit {} crop first.",
                record.id, record.id
            )));
        }
        let zone = self.timezone_of_key(&record.chat);
        let at = match parse_when(when, now, zone) {
            Ok(When::At(at)) => at,
            Ok(When::BestTime) => {
                match next_best_time(&self.records().posts(&account.id)?, now, zone) {
                    Some(at) => at,
                    None => {
                        return Ok(Reply::text(
                            "Pulse can't tell this account's best time yet (it needs at least 2 posts with reach in an hour slot over the last 90 days). Write a time instead, e.g. /schedule tomorrow 6pm.",
                        ))
                    }
                }
            }
            Err(problem) => return Ok(Reply::text(problem)),
        };
        let scheduled = PublicationRecord {
            state: PublicationState::Scheduled {
                at,
                told_limit: false,
            },
            updated_at: now,
            awaiting: None,
            ..record.clone()
        };
        if !self.records().swap_publication(Some(&record), &scheduled)? {
            return Ok(Reply::text(
                "That post changed meanwhile; look at /queue and try again.",
            ));
        }
        let mut reply = if at <= now {
            Reply::text(format!(
                "Publishing post {} to @{} now; Pulse will post the link here.",
                scheduled.id, account.username
            ))
        } else {
            self.post_card(&account, &scheduled, now, "Scheduled: post")?
        };
        reply.wakes_publisher = true;
        Ok(reply.closing_prompt())
    }

    /// `/publish [post]`: now.
    pub(super) fn publish_now(
        &self,
        inbound: &Inbound,
        post: Option<&PostRef>,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        self.schedule(inbound, post, "now", now)
    }

    /// Asks the author for the text that completes `command` on `record`.
    pub(crate) fn ask_for_text(
        &self,
        inbound: &Inbound,
        record: &PublicationRecord,
        command: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let waiting = PublicationRecord {
            awaiting: Some(AwaitedText {
                user: inbound.user.key(),
                command: command.to_owned(),
                until: now + AWAITED_FOR,
            }),
            ..record.clone()
        };
        self.records().swap_publication(Some(record), &waiting)?;
        Ok(Reply::text(match command {
            "schedule" => format!(
                "When should post {} go out? Send a time like “tomorrow 6pm”, “friday 18:00”, “in 2 hours” or “best”.",
                record.id
            ),
            _ => format!("Send the new caption for post {}.", record.id),
        }))
    }

    /// The text a post's author was asked for, read from their next plain message: the
    /// reply, or `None` when Pulse asked this person for nothing.
    pub(crate) async fn post_text_awaited(
        &self,
        inbound: &Inbound,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Reply>, PulseError> {
        let user = inbound.user.key();
        let chat = inbound.chat.key();
        let mut asked: Option<PublicationRecord> = None;
        for account in self.records().chat_accounts(&inbound.chat)? {
            for record in self.records().publications(&account)? {
                let waits = record.chat == chat
                    && record
                        .awaiting
                        .as_ref()
                        .is_some_and(|a| a.user == user && a.until > now);
                if waits
                    && asked
                        .as_ref()
                        .is_none_or(|other| other.updated_at < record.updated_at)
                {
                    asked = Some(record);
                }
            }
        }
        let Some(record) = asked else {
            return Ok(None);
        };
        let command = record
            .awaiting
            .as_ref()
            .map(|a| a.command.clone())
            .unwrap_or_default();
        let answered = PublicationRecord {
            awaiting: None,
            ..record.clone()
        };
        if !self.records().swap_publication(Some(&record), &answered)? {
            return Ok(None);
        }
        let post = PostRef::parse(&record.id);
        let reply = match command.as_str() {
            "schedule" => self.schedule(inbound, post.as_ref(), text, now)?,
            _ => self.caption(inbound, post.as_ref(), text, now)?,
        };
        Ok(Some(reply))
    }
}
