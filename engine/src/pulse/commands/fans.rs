//! `/fans [period]`: the 10 people who comment most on the account's posts in a period,
//! answered as the question would be.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::period::Period;
use crate::pulse::{Pulse, PulseError};
use crate::question::Query;
use crate::reply::Reply;

impl Pulse {
    /// The 10 people who commented most in `period`.
    pub(super) fn fans(
        &self,
        chat: &ChatId,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        self.answer_query(chat, &Query::Fans { count: 10, period }, now)
    }
}
