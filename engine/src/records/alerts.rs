//! Alerts of new comments: a chat's [`AlertSettings`] (kept in its `ChatRecord`) and one
//! [`AlertRecord`] per chat, account and comment in [`Tree::Alerts`], which is what makes a
//! comment alert a chat at most once, across restarts and duplicate webhook deliveries.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::key;
use crate::account::AccountId;
use crate::chat::ChatId;

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
    /// Where it is.
    pub state: AlertState,
}

/// The key of a comment's alert to a chat.
pub fn alert_key(chat: &ChatId, account: &AccountId, comment_id: &str) -> Vec<u8> {
    key(&[&chat.key(), account.as_str(), comment_id])
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
