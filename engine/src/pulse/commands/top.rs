//! `/top [metric] [period] [n]`: the best posts of the account in use over a period by a
//! metric (interactions and 5 posts unless told), highest first.

use chrono::{DateTime, Utc};

use crate::analytics::{self, Order};
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
        if account.network == crate::account::Network::TikTok
            && !crate::pulse::networks::tiktok_reports(metric)
        {
            let query = crate::question::Query::Posts {
                metric,
                order: Order::Highest,
                count,
                kind: None,
                period,
                caption: false,
            };
            if let Some(cannot) = crate::pulse::networks::cannot_answer(&account, &query) {
                return Ok(Reply::text(cannot));
            }
        }
        let timezone = self.timezone(chat)?;
        let posts = self.records().posts(&account.id)?;
        let range = period.resolve_from(
            now.with_timezone(&timezone).date_naive(),
            analytics::first_day(&posts, &[], &[], timezone),
        );
        let ranking = analytics::rank_posts(&posts, metric, range, timezone, count, Order::Highest);
        let reply =
            answers::ranking_reply(&account, metric, &period, range, &ranking, false, timezone);
        Ok(self.with_status(&account, reply))
    }
}
