//! The figures that `/stats` and `/top` show and the stats API serves, computed once for
//! both: an account's overview of a period (with the period's leads) and its posts ranked by
//! a metric. The chat renders them as a reply (`commands/stats.rs`, `commands/top.rs`), the
//! API as structured views (`api_views.rs`), so the two cannot drift apart.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::account::Network;
use crate::analytics::{self, Order, Overview, Ranking};
use crate::lead_status::LeadCounts;
use crate::metric::Metric;
use crate::period::{DateRange, Period};
use crate::records::{AccountRecord, PostRecord};

use super::{Pulse, PulseError};

/// An account's overview of a period, and the period's leads (none for TikTok, which
/// shares no comments).
#[derive(Debug, Clone)]
pub(crate) struct OverviewFigures {
    /// The overview.
    pub overview: Overview,
    /// The leads written in the period.
    pub leads: Option<LeadCounts>,
}

/// Posts published in a period ranked by a metric, owned (the ranking borrows nothing).
#[derive(Debug, Clone)]
pub(crate) struct RankedPosts {
    /// The dates.
    pub range: DateRange,
    /// The posts and their values, in order.
    pub posts: Vec<(PostRecord, f64)>,
    /// Posts published in the period.
    pub published: usize,
    /// Of those, posts without data for the metric.
    pub without_data: usize,
}

impl RankedPosts {
    /// The ranking as [`analytics::rank_posts`] gives it, for the chat's reply.
    pub(crate) fn ranking(&self) -> Ranking<'_> {
        Ranking {
            posts: self
                .posts
                .iter()
                .map(|(post, value)| (post, *value))
                .collect(),
            published: self.published,
            without_data: self.without_data,
        }
    }
}

impl Pulse {
    /// The overview of `period` for `account`, in `timezone`, as `/stats` shows it.
    pub(crate) fn overview_figures(
        &self,
        account: &AccountRecord,
        period: Period,
        timezone: Tz,
        now: DateTime<Utc>,
    ) -> Result<OverviewFigures, PulseError> {
        let records = self.records();
        let posts = records.posts(&account.id)?;
        let daily = records.daily(&account.id)?;
        let snapshots = records.follower_snapshots(&account.id)?;
        let range = period.resolve_from(
            now.with_timezone(&timezone).date_naive(),
            analytics::first_day(&posts, &daily, &snapshots, timezone),
        );
        let overview = analytics::overview(&posts, &daily, &snapshots, range, timezone);
        if account.network == Network::TikTok {
            return Ok(OverviewFigures {
                overview,
                leads: None,
            });
        }
        // The sales side of the same period: leads, answered, won, the median reply time.
        let comments = self.account_comments(account)?;
        let actions = self.comment_actions_of(account)?;
        let leads = self.leads_of(account, &comments, range.instants(timezone), &actions);
        Ok(OverviewFigures {
            overview,
            leads: Some(crate::lead_status::lead_counts(&leads)),
        })
    }

    /// The `count` posts of `account` published in `period` with the highest (or lowest)
    /// `metric`, as `/top` ranks them; `Err` with the sentence that says so when the
    /// account's network does not report the metric.
    pub(crate) fn ranked_posts(
        &self,
        account: &AccountRecord,
        ranking: (Metric, Order, usize),
        period: Period,
        timezone: Tz,
        now: DateTime<Utc>,
    ) -> Result<Result<RankedPosts, String>, PulseError> {
        let (metric, order, count) = ranking;
        if account.network == Network::TikTok && !super::networks::tiktok_reports(metric) {
            let query = crate::question::Query::Posts {
                metric,
                order,
                count,
                kind: None,
                period,
                caption: false,
            };
            if let Some(cannot) = super::networks::cannot_answer(account, &query) {
                return Ok(Err(cannot));
            }
        }
        let posts = self.records().posts(&account.id)?;
        let range = period.resolve_from(
            now.with_timezone(&timezone).date_naive(),
            analytics::first_day(&posts, &[], &[], timezone),
        );
        let ranking = analytics::rank_posts(&posts, metric, range, timezone, count, order);
        Ok(Ok(RankedPosts {
            range,
            published: ranking.published,
            without_data: ranking.without_data,
            posts: ranking
                .posts
                .into_iter()
                .map(|(post, value)| (post.clone(), value))
                .collect(),
        }))
    }
}
