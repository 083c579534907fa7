//! Alerts of new comments: a chat's [`AlertSettings`] (kept in its `ChatRecord`) and one
//! [`AlertRecord`] per chat, account and comment in [`Tree::Alerts`], which is what makes a
//! comment alert a chat at most once, across restarts and duplicate webhook deliveries.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::{decode, encode, key, prefix, CommentRecord, Records};
use crate::account::AccountId;
use crate::chat::ChatId;
use crate::store::{Batch, StoreError, Tree};

/// Local hours in which a chat gets no alerts (`22:00`–`08:00`; may cross midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    /// When they start, local time.
    pub from: NaiveTime,
    /// When they end, local time.
    pub to: NaiveTime,
}

impl QuietHours {
    /// Whether local time `at` is inside.
    pub fn contains(&self, at: NaiveTime) -> bool {
        if self.from <= self.to {
            self.from <= at && at < self.to
        } else {
            at >= self.from || at < self.to
        }
    }
}

/// A chat's alert settings, in its `ChatRecord` (off by default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertSettings {
    /// Whether the chat gets alerts.
    #[serde(default)]
    pub enabled: bool,
    /// Every new comment, not only leads.
    #[serde(default)]
    pub every_comment: bool,
    /// Hours without alerts.
    #[serde(default)]
    pub quiet: Option<QuietHours>,
    /// When alerts were turned on: older comments never alert.
    #[serde(default)]
    pub since: Option<DateTime<Utc>>,
    /// When the chat's last alert message was sent (alerts are at least
    /// `alerts.min_interval_secs` apart).
    #[serde(default)]
    pub last_sent_at: Option<DateTime<Utc>>,
}

/// Where one comment's alert to one chat is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum AlertState {
    /// Waiting for the chat's next alert message.
    Pending,
    /// Claimed by run `run` at `at` for a message being sent.
    Sending {
        /// The claiming process's run id.
        run: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Sent.
    Sent {
        /// When.
        at: DateTime<Utc>,
    },
    /// Not sent, for good (the process stopped while sending it, so it may have arrived;
    /// or sending failed twice).
    Dropped {
        /// Why, in a few words (no comment text).
        reason: String,
    },
}

/// One comment's alert to one chat: `chat \0 account \0 comment` in [`Tree::Alerts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRecord {
    /// The post the comment is on.
    pub post_id: String,
    /// Whether the comment looked like a buyer when it arrived.
    pub lead: bool,
    /// When the comment became known to Pulse.
    pub queued_at: DateTime<Utc>,
    /// How many sends failed.
    #[serde(default)]
    pub failures: u32,
    /// Where it is (its fields sit beside the others: `"state": "sent", "at": …`).
    #[serde(flatten)]
    pub state: AlertState,
}

/// The key of a comment's alert to a chat.
pub fn alert_key(chat: &ChatId, account: &AccountId, comment_id: &str) -> Vec<u8> {
    key(&[&chat.key(), account.as_str(), comment_id])
}

/// One stored alert with where it is filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledAlert {
    /// The chat it is for.
    pub chat: ChatId,
    /// The account the comment is on.
    pub account: AccountId,
    /// The comment.
    pub comment_id: String,
    /// The record.
    pub record: AlertRecord,
}

impl FiledAlert {
    /// Its key in [`Tree::Alerts`].
    pub fn key(&self) -> Vec<u8> {
        alert_key(&self.chat, &self.account, &self.comment_id)
    }
}

/// `chat \0 account \0 comment` read back, or `None` for a key of another shape.
fn parse_alert_key(key: &[u8]) -> Option<(ChatId, AccountId, String)> {
    let text = std::str::from_utf8(key).ok()?;
    let mut parts = text.splitn(3, '\0');
    let chat = ChatId::from_key(parts.next()?)?;
    let account = AccountId::parse(parts.next()?).ok()?;
    let comment = parts.next().filter(|c| !c.is_empty())?.to_owned();
    Some((chat, account, comment))
}

impl Records<'_> {
    /// One stored comment of an account.
    pub fn comment(
        &self,
        account: &AccountId,
        post_id: &str,
        comment_id: &str,
    ) -> Result<Option<CommentRecord>, StoreError> {
        self.read(
            "comment",
            Tree::Comments,
            &key(&[account.as_str(), post_id, comment_id]),
        )
    }

    /// A comment's alert to a chat, if one was ever queued.
    pub fn alert(
        &self,
        chat: &ChatId,
        account: &AccountId,
        comment_id: &str,
    ) -> Result<Option<AlertRecord>, StoreError> {
        self.read("alert", Tree::Alerts, &alert_key(chat, account, comment_id))
    }

    /// Queues a comment's alert to a chat unless one was ever queued (compare-and-swap from
    /// nothing): returns whether this call queued it. Two deliveries of one comment, or a
    /// delivery and a sync, queue it once.
    pub fn queue_alert(
        &self,
        chat: &ChatId,
        account: &AccountId,
        comment_id: &str,
        record: &AlertRecord,
    ) -> Result<bool, StoreError> {
        let key = alert_key(chat, account, comment_id);
        match self
            .store()
            .compare_and_swap(Tree::Alerts, &key, None, Some(&encode(record)))
        {
            Ok(()) => Ok(true),
            Err(StoreError::Conflict) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Changes one alert record atomically: `change` sees the current record and returns the
    /// one to write, or `None` to leave it (a record that is gone stays gone). Compare-and-
    /// swap, retried on conflict. Returns what was written.
    pub fn update_alert(
        &self,
        key: &[u8],
        mut change: impl FnMut(&AlertRecord) -> Option<AlertRecord>,
    ) -> Result<Option<AlertRecord>, StoreError> {
        loop {
            let Some(bytes) = self.store().get(Tree::Alerts, key)? else {
                return Ok(None);
            };
            let current: AlertRecord = decode("alert", &bytes)?;
            let Some(next) = change(&current) else {
                return Ok(None);
            };
            match self.store().compare_and_swap(
                Tree::Alerts,
                key,
                Some(&bytes),
                Some(&encode(&next)),
            ) {
                Ok(()) => return Ok(Some(next)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// Every alert record of every chat, in key order (chat by chat).
    pub fn all_alerts(&self) -> Result<Vec<FiledAlert>, StoreError> {
        self.alerts_under(&[])
    }

    /// Every alert record of a chat, in key order.
    pub fn chat_alerts(&self, chat: &ChatId) -> Result<Vec<FiledAlert>, StoreError> {
        self.alerts_under(&prefix(&chat.key()))
    }

    fn alerts_under(&self, start: &[u8]) -> Result<Vec<FiledAlert>, StoreError> {
        let mut out = Vec::new();
        for (key, value) in self.store().scan_prefix(Tree::Alerts, start)? {
            let Some((chat, account, comment_id)) = parse_alert_key(&key) else {
                continue;
            };
            out.push(FiledAlert {
                chat,
                account,
                comment_id,
                record: decode("alert", &value)?,
            });
        }
        Ok(out)
    }

    /// Adds removing the alert records of a chat (of one account, or all) to `batch`, and
    /// returns how many.
    pub fn batch_remove_alerts(
        &self,
        batch: &mut Batch,
        chat: &ChatId,
        account: Option<&AccountId>,
    ) -> Result<usize, StoreError> {
        self.batch_remove_chat_records(batch, Tree::Alerts, chat, account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_may_cross_midnight() {
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let night = QuietHours {
            from: time(22, 0),
            to: time(8, 0),
        };
        assert!(night.contains(time(23, 30)));
        assert!(night.contains(time(0, 0)));
        assert!(night.contains(time(7, 59)));
        assert!(!night.contains(time(8, 0)));
        assert!(!night.contains(time(21, 59)));
        let lunch = QuietHours {
            from: time(12, 0),
            to: time(13, 0),
        };
        assert!(lunch.contains(time(12, 30)));
        assert!(!lunch.contains(time(13, 0)));
        assert!(!lunch.contains(time(11, 0)));
    }
}
