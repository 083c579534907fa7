//! An account's figures over a period as the API shows them: the overview (`/stats`), its
//! daily insights, the follower series, and the best time to post (`/best_time`).

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::analytics::{self, EngagementByReach, FollowerChange, Overview};
use crate::lead_status::LeadCounts;
use crate::question::answer::{weekday_name, BestTimes};
use crate::records::{DailyRecord, FollowerSnapshotRecord};

use super::{DaySumView, PeriodView};

/// Followers at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowersView {
    /// How many.
    pub count: u64,
    /// When they were read.
    pub read_at: DateTime<Utc>,
}

/// Where a follower change comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeSource {
    /// The difference of two follower counts Pulse read (`from`, `to`).
    Snapshots,
    /// The sum of Instagram's daily new-follower insight (`days_with_data`).
    Insight,
}

/// How the follower count changed over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowerChangeView {
    /// The change (negative: fewer).
    pub change: i64,
    /// Where it comes from.
    pub source: ChangeSource,
    /// The earlier count's day (snapshots).
    pub from: Option<NaiveDate>,
    /// The later count's day (snapshots).
    pub to: Option<NaiveDate>,
    /// Days with a value (insight).
    pub days_with_data: Option<usize>,
}

impl From<FollowerChange> for FollowerChangeView {
    fn from(change: FollowerChange) -> Self {
        match change {
            FollowerChange::Snapshots {
                change, from, to, ..
            } => Self {
                change,
                source: ChangeSource::Snapshots,
                from: Some(from),
                to: Some(to),
                days_with_data: None,
            },
            FollowerChange::Insight {
                new_followers,
                days,
            } => Self {
                change: new_followers,
                source: ChangeSource::Insight,
                from: None,
                to: None,
                days_with_data: Some(days),
            },
        }
    }
}

/// Engagement rate by reach: Σ interactions ÷ Σ reach of the posts published in the period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReachRateView {
    /// The rate (0.05 = 5 %).
    pub rate: f64,
    /// Σ interactions.
    pub interactions: u64,
    /// Σ reach.
    pub reach: u64,
    /// Posts counted (those with reach data).
    pub posts: usize,
}

impl From<EngagementByReach> for ReachRateView {
    fn from(rate: EngagementByReach) -> Self {
        Self {
            rate: rate.rate(),
            interactions: rate.interactions,
            reach: rate.reach,
            posts: rate.posts,
        }
    }
}

/// Engagement rate by followers: mean interactions per post ÷ followers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowerRateView {
    /// The rate.
    pub rate: f64,
    /// Mean interactions per post.
    pub mean_interactions: f64,
    /// Followers.
    pub followers: u64,
    /// Posts counted.
    pub posts: usize,
}

/// The period's leads: comments that look like buyers, and where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadCountsView {
    /// Leads written in the period.
    pub leads: usize,
    /// Still open.
    pub open: usize,
    /// Answered.
    pub replied: usize,
    /// Marked won.
    pub won: usize,
    /// Marked lost.
    pub lost: usize,
    /// The median time to the first answer, in seconds; `null` when none was answered.
    pub median_reply_seconds: Option<i64>,
}

impl From<LeadCounts> for LeadCountsView {
    fn from(counts: LeadCounts) -> Self {
        Self {
            leads: counts.leads,
            open: counts.open,
            replied: counts.replied,
            won: counts.won,
            lost: counts.lost,
            median_reply_seconds: counts.median_reply_time.map(|wait| wait.num_seconds()),
        }
    }
}

/// `/stats`: the overview of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverviewView {
    /// The account's handle.
    pub account: String,
    /// The period.
    pub period: PeriodView,
    /// Followers at the latest count on or before the period's end.
    pub followers: Option<FollowersView>,
    /// The change over the period.
    pub follower_change: Option<FollowerChangeView>,
    /// Sum of daily reach (not unique accounts).
    pub reach: DaySumView,
    /// Sum of daily views.
    pub views: DaySumView,
    /// Sum of daily interactions (likes + comments + saves + shares).
    pub interactions: DaySumView,
    /// Posts published in the period.
    pub posts_published: usize,
    /// Engagement rate by reach of those posts.
    pub engagement_rate_by_reach: Option<ReachRateView>,
    /// Engagement rate by followers of those posts.
    pub engagement_rate_by_followers: Option<FollowerRateView>,
    /// The period's leads; `null` on TikTok, which shares no comments.
    pub leads: Option<LeadCountsView>,
    /// The end of the last sync.
    pub data_as_of: Option<DateTime<Utc>>,
}

impl OverviewView {
    /// The view of `overview`.
    pub fn new(
        account: String,
        period: PeriodView,
        overview: &Overview,
        leads: Option<LeadCounts>,
        data_as_of: Option<DateTime<Utc>>,
    ) -> Self {
        let days = overview.range.days();
        Self {
            account,
            period,
            followers: overview
                .followers
                .map(|(count, read_at)| FollowersView { count, read_at }),
            follower_change: overview.follower_change.map(Into::into),
            reach: DaySumView::new(overview.reach, days),
            views: DaySumView::new(overview.views, days),
            interactions: DaySumView::new(overview.interactions, days),
            posts_published: overview.posts_published,
            engagement_rate_by_reach: overview.engagement.map(Into::into),
            engagement_rate_by_followers: overview.engagement_by_followers.map(|rate| {
                FollowerRateView {
                    rate: rate.rate(),
                    mean_interactions: rate.mean_interactions,
                    followers: rate.followers,
                    posts: rate.posts,
                }
            }),
            leads: leads.map(Into::into),
            data_as_of,
        }
    }
}

/// One day of account insights; `null` where the network gave nothing for the day (today,
/// until it ends, and days before the account was linked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayView {
    /// The local date.
    pub date: NaiveDate,
    /// Accounts reached that day.
    pub reach: Option<u64>,
    /// Views.
    pub views: Option<u64>,
    /// Accounts engaged.
    pub accounts_engaged: Option<u64>,
    /// Likes.
    pub likes: Option<u64>,
    /// Comments.
    pub comments: Option<u64>,
    /// Saves.
    pub saves: Option<u64>,
    /// Shares.
    pub shares: Option<u64>,
    /// likes + comments + saves + shares (the network's own total when it gave no parts).
    pub interactions: Option<u64>,
    /// New followers that day, as the network reports it.
    pub new_followers: Option<i64>,
}

/// The daily account insights of a period: every day of it, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyInsightsView {
    /// The account's handle.
    pub account: String,
    /// The period.
    pub period: PeriodView,
    /// Days of the period with insights.
    pub days_with_data: usize,
    /// Each day of the period, oldest first.
    pub days: Vec<DayView>,
}

/// Every day of `period`, oldest first, with the stored insights of those that have some.
pub fn daily_insights(daily: &[DailyRecord], period: &PeriodView) -> (Vec<DayView>, usize) {
    let by_date: std::collections::BTreeMap<NaiveDate, &DailyRecord> =
        daily.iter().map(|day| (day.date, day)).collect();
    let mut days = Vec::new();
    let mut with_data = 0;
    let mut date = period.first;
    while date <= period.last {
        let record = by_date.get(&date).copied();
        with_data += usize::from(record.is_some());
        days.push(DayView {
            date,
            reach: record.and_then(|d| d.reach),
            views: record.and_then(|d| d.views),
            accounts_engaged: record.and_then(|d| d.accounts_engaged),
            likes: record.and_then(|d| d.likes),
            comments: record.and_then(|d| d.comments),
            saves: record.and_then(|d| d.saves),
            shares: record.and_then(|d| d.shares),
            interactions: record.and_then(analytics::daily_interactions),
            new_followers: record.and_then(|d| d.follower_count),
        });
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    (days, with_data)
}

/// Followers on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowerPointView {
    /// The local date.
    pub date: NaiveDate,
    /// Followers.
    pub followers: i64,
    /// Estimated back from a later count with the daily new-follower insight, not read.
    pub estimated: bool,
}

/// Followers per day over a period, as the follower chart draws them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowerSeriesView {
    /// The account's handle.
    pub account: String,
    /// The period.
    pub period: PeriodView,
    /// The days Pulse knows or can estimate, oldest first (none after the latest count).
    pub points: Vec<FollowerPointView>,
}

/// The points of [`analytics::follower_series`], each marked read or estimated.
pub fn follower_points(
    series: &[(NaiveDate, i64)],
    snapshots: &[FollowerSnapshotRecord],
    timezone: chrono_tz::Tz,
) -> Vec<FollowerPointView> {
    let read: BTreeSet<NaiveDate> = snapshots
        .iter()
        .map(|s| s.taken_at.with_timezone(&timezone).date_naive())
        .collect();
    series
        .iter()
        .map(|(date, followers)| FollowerPointView {
            date: *date,
            followers: *followers,
            estimated: !read.contains(date),
        })
        .collect()
}

/// An hour's or a weekday's engagement rate by reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeRateView {
    /// The local hour (`"18:00"`) or the weekday (`"Tuesday"`).
    pub when: String,
    /// Engagement rate by reach of the posts published then.
    pub engagement_rate: f64,
    /// How many posts.
    pub posts: usize,
}

/// The hour followers are most online.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineView {
    /// The local hour (`"18:00"`).
    pub hour: String,
    /// Followers online then, on average.
    pub mean_online: f64,
}

/// `/best_time`: when to post.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BestTimeView {
    /// The account's handle.
    pub account: String,
    /// The period the posts were published in.
    pub period: PeriodView,
    /// The hour followers are most online (Instagram's last 30 days).
    pub followers_most_online: Option<OnlineView>,
    /// The hour posts did best (at least 2 posts).
    pub best_hour: Option<TimeRateView>,
    /// The weekday posts did best (at least 2 posts).
    pub best_weekday: Option<TimeRateView>,
    /// Every hour with posts with reach data.
    pub by_hour: Vec<TimeRateView>,
    /// Every weekday with posts with reach data, Monday first.
    pub by_weekday: Vec<TimeRateView>,
}

fn hour(hour: u32) -> String {
    format!("{hour:02}:00")
}

fn rate_at(when: String, rate: &EngagementByReach) -> TimeRateView {
    TimeRateView {
        when,
        engagement_rate: rate.rate(),
        posts: rate.posts,
    }
}

impl BestTimeView {
    /// The view of `times`.
    pub fn new(account: String, period: PeriodView, times: &BestTimes) -> Self {
        Self {
            account,
            period,
            followers_most_online: times.most_online.map(|(h, mean)| OnlineView {
                hour: hour(u32::from(h)),
                mean_online: mean,
            }),
            best_hour: times.best_hour.map(|(h, r)| rate_at(hour(h), &r)),
            best_weekday: times
                .best_weekday
                .map(|(d, r)| rate_at(weekday_name(d).to_owned(), &r)),
            by_hour: times
                .by_hour
                .iter()
                .map(|(h, r)| rate_at(hour(*h), r))
                .collect(),
            by_weekday: times
                .by_weekday
                .iter()
                .map(|(d, r)| rate_at(weekday_name(*d).to_owned(), r))
                .collect(),
        }
    }
}
