//! `/best_time` (also `/besttime`, `/best-time`): when to post — the hour the followers are
//! most online, and the hour and weekday at which the posts of the last 90 days did best,
//! answered as the question would be.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::period::Period;
use crate::pulse::{Pulse, PulseError};
use crate::question::Query;
use crate::reply::Reply;

impl Pulse {
    /// When to post, from the last 90 days.
    pub(super) fn best_time(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        self.answer_query(
            chat,
            &Query::BestTime {
                period: Period::LastDays(90),
            },
            now,
        )
    }
}
