//! `/top [metric] [period] [n]`: the best posts of the account in use over a period by a
//! metric (interactions and 5 posts unless told), highest first. The ranking is
//! `Pulse::ranked_posts`, which the stats API serves too.

use chrono::{DateTime, Utc};

use crate::analytics::Order;
use crate::answers;
use crate::chat::ChatId;
use crate::period::Period;
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    pub(super) fn top(
        &self,
        chat: &ChatId,
        metric: crate::metric::Metric,
        period: Period,
        count: usize,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let Some(account) = self.active_account(chat)? else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        let timezone = self.timezone(chat)?;
        let ranked = match self.ranked_posts(
            &account,
            (metric, Order::Highest, count),
            period,
            timezone,
            now,
        )? {
            Ok(ranked) => ranked,
            Err(cannot) => return Ok(Reply::text(cannot)),
        };
        let reply = answers::ranking_reply(
            &account,
            metric,
            &period,
            ranked.range,
            &ranked.ranking(),
            false,
            timezone,
        );
        Ok(self.with_status(&account, reply))
    }
}
