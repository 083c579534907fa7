//! `/leads [period]`: the unanswered comments of a period that look like buyers (asking
//! about price, buying, shipping, sizes, availability, links or DMs; see `crate::leads`),
//! answered as the question would be.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::period::Period;
use crate::pulse::{Pulse, PulseError};
use crate::question::Query;
use crate::reply::Reply;

impl Pulse {
    /// The open leads of `period`.
    pub(super) fn leads(
        &self,
        chat: &ChatId,
        filter: crate::command::LeadFilter,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let _ = filter;
        self.answer_query(chat, &Query::Leads { period }, now)
    }
}
