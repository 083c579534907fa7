//! `/stats [period]` (also `/overview`, `/summary`): an overview of the account in use over
//! a period: followers, reach, views, interactions and engagement rate, and the period's
//! leads (how many, answered, won, lost; the median reply time). The figures are
//! `Pulse::overview_figures`, which the stats API serves too.

use chrono::{DateTime, Utc};

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
        let figures = self.overview_figures(&account, period, timezone, now)?;
        let mut reply = answers::overview_reply(&account, &period, &figures.overview, timezone);
        // TikTok shares no comments: no leads to count.
        let Some(counts) = figures.leads else {
            return Ok(self.with_status(&account, reply));
        };
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
