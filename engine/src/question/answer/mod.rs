//! Answers to questions, computed from the stored records.
//!
//! Every answer names its period as dates, defines any rate it shows, and ends with "data as
//! of" the last sync; with no data for the period it says so and never makes a number up.
//! Comments and captions are other people's words: they are quoted (`Block::Quote`) and cut.

mod audience;
mod figures;
mod posts;
mod replies;
#[cfg(test)]
mod tests;
mod times;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;

use super::{AccountMetric, Query};
use crate::analytics;
use crate::answers::{count, data_as_of, local_time, percent, thousands};
use crate::instagram::MediaKind;
use crate::period::{DateRange, Period};
use crate::records::{
    AccountRecord, CommentRecord, DailyRecord, DemographicsRecord, FollowerSnapshotRecord,
    OnlineFollowersRecord, PostRecord,
};
use crate::reply::{Block, Reply};

pub use audience::fan_counts;
use audience::{demographics, fans, leads};
use figures::{compare, engagement_rate, follower_growth};
use posts::{hashtags, latest_post, latest_post_figures, posts_answer, recommendation};
pub use replies::{clarify, not_understood, outside, reply, set_aside_note, unused_note, EXAMPLES};
use times::{best_time, grouped, grouped_answer, online_followers, part_of_day};
pub use times::{best_times, weekday_name, BestTimes};

/// What answers are computed from: one account's records, in the chat's time zone.
pub struct AnswerData<'a> {
    /// The account.
    pub account: &'a AccountRecord,
    /// Its posts.
    pub posts: &'a [PostRecord],
    /// Its daily insights, oldest first.
    pub daily: &'a [DailyRecord],
    /// Its follower snapshots, oldest first.
    pub snapshots: &'a [FollowerSnapshotRecord],
    /// Followers online by hour.
    pub online: &'a [OnlineFollowersRecord],
    /// Demographics, if Instagram gave them.
    pub demographics: Option<&'a DemographicsRecord>,
    /// Its stored comments, oldest first ([`Records::comments_by_time`] loads them so):
    /// questions about a period read only that period's comments.
    ///
    /// [`Records::comments_by_time`]: crate::records::Records::comments_by_time
    pub comments: &'a [CommentRecord],
    /// The chat's time zone.
    pub timezone: Tz,
    /// Today in that zone.
    pub today: NaiveDate,
}

impl<'a> AnswerData<'a> {
    /// The dates `period` covers for this account: all time starts at its first post or
    /// first stored day ([`analytics::first_day`]).
    pub fn resolve(&self, period: &Period) -> DateRange {
        let first_day = matches!(period, Period::AllTime)
            .then(|| analytics::first_day(self.posts, self.daily, self.snapshots, self.timezone))
            .flatten();
        period.resolve_from(self.today, first_day)
    }

    /// The comments written at `from` or later (a binary search: they are oldest first).
    pub fn comments_from(&self, from: chrono::DateTime<chrono::Utc>) -> &'a [CommentRecord] {
        debug_assert!(
            self.comments.is_sorted_by_key(|c| c.published_at),
            "AnswerData::comments must be oldest first"
        );
        let start = self.comments.partition_point(|c| c.published_at < from);
        &self.comments[start..]
    }

    /// The comments written within `range`.
    pub fn comments_within(&self, range: crate::period::InstantRange) -> &'a [CommentRecord] {
        let from = self.comments_from(range.start);
        let end = from.partition_point(|c| c.published_at < range.end);
        &from[..end]
    }
}

fn heading(data: &AnswerData<'_>, what: &str, period: &Period, range: DateRange) -> String {
    format!(
        "@{} · {what} · {}",
        data.account.username,
        period.heading(range)
    )
}

fn finish(data: &AnswerData<'_>, reply: Reply) -> Reply {
    reply.with(Block::Note(data_as_of(data.account, data.timezone)))
}

fn no_data(data: &AnswerData<'_>, title: String, what: &str) -> Reply {
    finish(
        data,
        Reply::text(title).with(Block::Text(format!("Pulse has no {what} in this period."))),
    )
}

/// A period without daily account figures: never a zero. Today (and any day not over)
/// has none yet, because Instagram gives a day's figures after it ends.
fn no_daily_data(data: &AnswerData<'_>, title: String, range: DateRange) -> Reply {
    let text = if range.first >= data.today {
        "No data yet: Instagram gives the account's figures for a day after the day ends, so today's come tomorrow.".to_owned()
    } else {
        format!(
            "Pulse has no daily account figures for {range}: Instagram gave none for these days (before the account was linked, or a gap)."
        )
    };
    finish(data, Reply::text(title).with(Block::Text(text)))
}

const RATE_DEFINITION: &str =
    "Engagement rate (by reach) = Σ interactions ÷ Σ reach of the posts published; interactions = likes + comments + saves + shares.";

fn of_kind(post: &PostRecord, kind: Option<MediaKind>) -> bool {
    kind.is_none_or(|k| post.media_kind() == k)
}

fn kind_plural(kind: Option<MediaKind>) -> String {
    kind.map_or("posts", |k| k.plural()).to_owned()
}

/// "1 reel", "3 posts".
fn kind_count(n: usize, kind: Option<MediaKind>) -> String {
    count(
        n as u64,
        kind.map_or("post", |k| k.noun()),
        kind.map_or("posts", |k| k.plural()),
    )
}

fn published<'p>(
    data: &AnswerData<'p>,
    range: DateRange,
    kind: Option<MediaKind>,
) -> Vec<&'p PostRecord> {
    analytics::posts_in(data.posts, range, data.timezone)
        .into_iter()
        .filter(|p| of_kind(p, kind))
        .collect()
}

fn account_value(day: &DailyRecord, metric: AccountMetric) -> Option<u64> {
    match metric {
        AccountMetric::Reach => day.reach,
        AccountMetric::Views => day.views,
        AccountMetric::Likes => day.likes,
        AccountMetric::Comments => day.comments,
        AccountMetric::Shares => day.shares,
        AccountMetric::Saves => day.saves,
        AccountMetric::Interactions => analytics::daily_interactions(day),
    }
}

/// The sum of an account metric over a range, and the days that had a value.
fn account_sum(data: &AnswerData<'_>, metric: AccountMetric, range: DateRange) -> (u64, usize) {
    data.daily
        .iter()
        .filter(|d| range.contains(d.date))
        .filter_map(|d| account_value(d, metric))
        .fold((0, 0), |(sum, days), v| (sum.saturating_add(v), days + 1))
}

/// "1 post", "3 posts".
fn n_posts(n: usize) -> String {
    count(n as u64, "post", "posts")
}

/// Answers a query from `data`.
pub fn answer(query: &Query, data: &AnswerData<'_>) -> Reply {
    let resolve = |period: &Period| data.resolve(period);
    match query {
        Query::Posts {
            metric,
            order,
            count,
            kind,
            period,
            caption,
        } => posts_answer(data, *metric, *order, *count, *kind, period, *caption),
        Query::PostTotal {
            metric,
            kind,
            period,
        } => {
            let range = resolve(period);
            let title = heading(
                data,
                &format!("{} of {}", metric.noun(), kind_plural(*kind)),
                period,
                range,
            );
            let posts = published(data, range, *kind);
            let values: Vec<f64> = posts.iter().filter_map(|p| metric.of(p)).collect();
            if values.is_empty() {
                return no_data(
                    data,
                    title,
                    &format!("{} data on {} published", metric.noun(), kind_plural(*kind)),
                );
            }
            let total: f64 = values.iter().sum();
            finish(
                data,
                Reply::text(title)
                    .with(Block::Facts(vec![
                        (
                            format!("Total {}", metric.noun()),
                            thousands(total.round() as u64),
                        ),
                        (
                            format!("{} published", capitalised(&kind_plural(*kind))),
                            thousands(values.len() as u64),
                        ),
                    ]))
                    .with(Block::Note(format!(
                        "The sum over the {} published in the period, by their latest insights.",
                        kind_plural(*kind)
                    ))),
            )
        }
        Query::PostMean {
            metric,
            kind,
            period,
        } => {
            let range = resolve(period);
            let title = heading(
                data,
                &format!("average {} per post", metric.noun()),
                period,
                range,
            );
            let values: Vec<f64> = published(data, range, *kind)
                .iter()
                .filter_map(|p| metric.of(p))
                .collect();
            if values.is_empty() {
                return no_data(data, title, "posts with that metric");
            }
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let shown = if metric.is_rate() {
                percent(mean)
            } else {
                format!("{mean:.1}")
            };
            finish(
                data,
                Reply::text(title).with(Block::Facts(vec![
                    (
                        format!(
                            "Average {} per {}",
                            metric.noun(),
                            kind.map_or("post", |k| k.noun())
                        ),
                        shown,
                    ),
                    ("Posts counted".into(), thousands(values.len() as u64)),
                ])),
            )
        }
        Query::PostCount { kind, period } => {
            let range = resolve(period);
            let posts = published(data, range, *kind);
            let mut by_kind: BTreeMap<&str, (MediaKind, usize)> = BTreeMap::new();
            for post in &posts {
                let kind = post.media_kind();
                by_kind.entry(kind.noun()).or_insert((kind, 0)).1 += 1;
            }
            let detail = by_kind
                .values()
                .map(|(k, n)| kind_count(*n, Some(*k)))
                .collect::<Vec<_>>()
                .join(", ");
            let text = if posts.is_empty() {
                format!("You published no {} in this period.", kind_plural(*kind))
            } else {
                format!(
                    "You published {} ({detail}).",
                    kind_count(posts.len(), *kind)
                )
            };
            finish(
                data,
                Reply::text(heading(data, "posts published", period, range))
                    .with(Block::Text(text)),
            )
        }
        Query::AccountTotal { metric, period } => {
            let range = resolve(period);
            let title = heading(data, metric.noun(), period, range);
            let (total, days) = account_sum(data, *metric, range);
            if days == 0 {
                return no_daily_data(data, title, range);
            }
            let mut reply = Reply::text(title).with(Block::Facts(vec![(
                capitalised(metric.noun()),
                thousands(total),
            )]));
            if days as i64 != range.days() {
                reply = reply.with(Block::Note(format!(
                    "{}.",
                    crate::answers::days_with_data(days, range.days())
                )));
            }
            if *metric == AccountMetric::Reach && days > 1 {
                reply = reply.with(Block::Note(
                    "Daily reach is summed: the same person reached on two days counts twice."
                        .into(),
                ));
            }
            finish(data, reply)
        }
        Query::Followers => {
            let Some(latest) = data.snapshots.iter().max_by_key(|s| s.taken_at) else {
                return finish(
                    data,
                    Reply::text(format!(
                        "@{} has {}.",
                        data.account.username,
                        count(data.account.followers_count, "follower", "followers")
                    )),
                );
            };
            finish(
                data,
                Reply::text(format!(
                    "@{} has {} (read {}).",
                    data.account.username,
                    count(latest.followers, "follower", "followers"),
                    local_time(latest.taken_at, data.timezone)
                )),
            )
        }
        Query::FollowerGrowth { period } => follower_growth(data, period),
        Query::EngagementRate {
            basis,
            kind,
            period,
        } => engagement_rate(data, *basis, *kind, period),
        Query::Compare {
            figure,
            current,
            previous,
        } => compare(data, *figure, current, previous),
        Query::Overview { period } => {
            let range = resolve(period);
            let overview =
                analytics::overview(data.posts, data.daily, data.snapshots, range, data.timezone);
            crate::answers::overview_reply(data.account, period, &overview, data.timezone)
        }
        Query::OnlineFollowers => online_followers(data),
        Query::BestTime { period } => best_time(data, period),
        Query::Fans { count, period } => fans(data, *count, period),
        Query::Leads { period } => leads(data, period),
        Query::ByMediaType { metric, period } => {
            let range = resolve(period);
            let posts = published(data, range, None);
            let groups = grouped(posts, *metric, |p| Some(p.media_kind()));
            grouped_answer(data, "by post type", *metric, period, range, groups, |k| {
                capitalised(k.plural())
            })
        }
        Query::Hashtags { period } => hashtags(data, period),
        Query::PartsOfDay { metric, period } => {
            let range = resolve(period);
            let tz = data.timezone;
            let groups = grouped(published(data, range, None), *metric, |p| {
                Some(part_of_day(p.published_at.with_timezone(&tz).hour()))
            });
            grouped_answer(
                data,
                "by time of day (when posted)",
                *metric,
                period,
                range,
                groups,
                |part| part.label().to_owned(),
            )
        }
        Query::Weekdays { metric, period } => {
            let range = resolve(period);
            let tz = data.timezone;
            let groups = grouped(published(data, range, None), *metric, |p| {
                Some(
                    p.published_at
                        .with_timezone(&tz)
                        .weekday()
                        .num_days_from_monday(),
                )
            });
            grouped_answer(
                data,
                "by weekday (when posted)",
                *metric,
                period,
                range,
                groups,
                |day| weekday_name(*day).to_owned(),
            )
        }
        Query::Demographics(audience) => demographics(data, *audience),
        Query::LatestPost { kind } => latest_post_figures(data, *kind),
        Query::LatestPostCommenters | Query::LatestPostComments => {
            latest_post(data, matches!(query, Query::LatestPostComments))
        }
        Query::PostingFrequency { period } => {
            let range = resolve(period);
            let posts = published(data, range, None);
            let per_week = posts.len() as f64 / (range.days() as f64 / 7.0);
            finish(
                data,
                Reply::text(heading(data, "posting frequency", period, range)).with(Block::Text(
                    format!(
                        "You post about {per_week:.1} times a week ({} in {}).",
                        n_posts(posts.len()),
                        count(range.days().max(0) as u64, "day", "days")
                    ),
                )),
            )
        }
        Query::Trend { metric, period } => {
            let range = resolve(period);
            let title = heading(
                data,
                &format!("trend of daily {}", metric.noun()),
                period,
                range,
            );
            let values: Vec<f64> = data
                .daily
                .iter()
                .filter(|d| range.contains(d.date))
                .filter_map(|d| account_value(d, *metric))
                .map(|v| v as f64)
                .collect();
            match analytics::trend(&values) {
                Some(trend) => {
                    let direction = if trend.relative > 0.02 {
                        "up"
                    } else if trend.relative < -0.02 {
                        "down"
                    } else {
                        "flat"
                    };
                    finish(
                        data,
                        Reply::text(title)
                            .with(Block::Text(format!(
                                "Trending {direction}: about {}{:.0}% over the period ({}{:.0} a day), fitted over {}.",
                                if trend.relative >= 0.0 { "+" } else { "" },
                                trend.relative * 100.0,
                                if trend.per_day >= 0.0 { "+" } else { "" },
                                trend.per_day,
                                count(trend.days as u64, "day", "days")
                            )))
                            .with(Block::Note("A straight line fitted through the daily values (least squares).".into())),
                    )
                }
                None => no_data(data, title, "daily values (at least 3 days are needed)"),
            }
        }
        Query::Recommendation { period } => recommendation(data, period),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
