//! `/stats [period]` (also `/overview`, `/summary`): an overview of the account in use over
//! a period: followers, reach, views, interactions and engagement rate, and the period's
//! leads (how many, answered, won, lost; the median reply time).

use chrono::{DateTime, Utc};

use crate::analytics;
use crate::answers;
use crate::chat::ChatId;
use crate::period::Period;
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    pub(super) fn stats(
        &self,
        chat: &ChatId,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let Some(account) = self.active_account(chat)? else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        let timezone = self.timezone(chat)?;
        let records = self.records();
        let posts = records.posts(&account.id)?;
        let daily = records.daily(&account.id)?;
        let snapshots = records.follower_snapshots(&account.id)?;
        let range = period.resolve_from(
            now.with_timezone(&timezone).date_naive(),
            analytics::first_day(&posts, &daily, &snapshots, timezone),
        );
        let overview = analytics::overview(&posts, &daily, &snapshots, range, timezone);
        let mut reply = answers::overview_reply(&account, &period, &overview, timezone);
        // TikTok shares no comments: no leads to count.
        if account.network == crate::account::Network::TikTok {
            return Ok(self.with_status(&account, reply));
        }
        // The sales side of the same period: leads, answered, won, the median reply time.
        let comments = self.account_comments(&account)?;
        let actions = self.comment_actions_of(&account)?;
        let leads = self.leads_of(&account, &comments, range.instants(timezone), &actions);
        let counts = crate::lead_status::lead_counts(&leads);
        let facts = super::leads::summary(&counts);
        let at = reply
            .blocks
            .iter()
            .position(|block| matches!(block, crate::reply::Block::Note(_)))
            .unwrap_or(reply.blocks.len());
        reply.blocks.insert(at, crate::reply::Block::Facts(facts));
        Ok(self.with_status(&account, reply))
    }
}
