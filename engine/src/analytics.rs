//! The numbers behind the answers, as pure functions over stored records.
//!
//! Definitions (SPEC §5):
//! - **Post rankings** rank the posts *published* in the period (local dates of the chat) by
//!   their latest metrics.
//! - **Account totals** come from daily account insights; daily reach is not unique reach, so
//!   it is called "sum of daily reach".
//! - **Engagement rate by reach** over a period = Σ interactions ÷ Σ reach of the posts
//!   published in it (posts with reach data).
//! - **Engagement rate by followers** = mean interactions per post ÷ followers.
//! - **Follower change** = the difference of stored daily follower snapshots; without a
//!   snapshot before the period, the sum of Instagram's daily `follower_count` insight.

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::metric::{interactions, Metric};
use crate::period::DateRange;
use crate::records::{DailyRecord, FollowerSnapshotRecord, PostRecord};

/// The local date a post was published on.
pub fn published_on(post: &PostRecord, timezone: Tz) -> NaiveDate {
    post.published_at.with_timezone(&timezone).date_naive()
}

/// The posts published in `range`.
pub fn posts_in(posts: &[PostRecord], range: DateRange, timezone: Tz) -> Vec<&PostRecord> {
    let instants = range.instants(timezone);
    posts
        .iter()
        .filter(|post| instants.contains(post.published_at))
        .collect()
}

/// The first local day Pulse has anything of an account for: its first post, or its first
/// stored day of insights or followers, whichever is earlier. "All time" starts here.
pub fn first_day(
    posts: &[PostRecord],
    daily: &[DailyRecord],
    snapshots: &[FollowerSnapshotRecord],
    timezone: Tz,
) -> Option<NaiveDate> {
    let first_post = posts
        .iter()
        .map(|post| post.published_at)
        .min()
        .map(|at| at.with_timezone(&timezone).date_naive());
    let first_daily = daily.iter().map(|day| day.date).min();
    let first_snapshot = snapshots
        .iter()
        .map(|snapshot| snapshot.taken_at)
        .min()
        .map(|at| at.with_timezone(&timezone).date_naive());
    [first_post, first_daily, first_snapshot]
        .into_iter()
        .flatten()
        .min()
}

/// A sum over the days of a period that have data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DaySum {
    /// The sum.
    pub total: u64,
    /// How many days had a value.
    pub days: usize,
}

fn day_sum(days: &[&DailyRecord], value: impl Fn(&DailyRecord) -> Option<u64>) -> DaySum {
    days.iter()
        .fold(DaySum::default(), |sum, day| match value(day) {
            Some(v) => DaySum {
                total: sum.total + v,
                days: sum.days + 1,
            },
            None => sum,
        })
}

/// Engagement rate by reach: Σ interactions ÷ Σ reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngagementByReach {
    /// Σ interactions of the posts counted.
    pub interactions: u64,
    /// Σ reach of the posts counted.
    pub reach: u64,
    /// How many posts had both.
    pub posts: usize,
}

impl EngagementByReach {
    /// The rate (0.05 = 5 %).
    pub fn rate(&self) -> f64 {
        if self.reach == 0 {
            0.0
        } else {
            self.interactions as f64 / self.reach as f64
        }
    }
}

/// Engagement rate by reach of some posts; `None` when none has reach data.
pub fn engagement_by_reach<'p>(
    posts: impl IntoIterator<Item = &'p PostRecord>,
) -> Option<EngagementByReach> {
    let mut total = EngagementByReach {
        interactions: 0,
        reach: 0,
        posts: 0,
    };
    for post in posts {
        if let (Some(reach), Some(interactions)) =
            (post.metrics.reach.filter(|r| *r > 0), interactions(post))
        {
            total.interactions = total.interactions.saturating_add(interactions);
            total.reach = total.reach.saturating_add(reach);
            total.posts += 1;
        }
    }
    (total.posts > 0).then_some(total)
}

/// Engagement rate by followers: mean interactions per post ÷ followers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngagementByFollowers {
    /// Mean interactions per post.
    pub mean_interactions: f64,
    /// Followers the rate is relative to.
    pub followers: u64,
    /// Posts counted.
    pub posts: usize,
}

impl EngagementByFollowers {
    /// The rate.
    pub fn rate(&self) -> f64 {
        if self.followers == 0 {
            0.0
        } else {
            self.mean_interactions / self.followers as f64
        }
    }
}

/// Engagement rate by followers of some posts.
pub fn engagement_by_followers<'p>(
    posts: impl IntoIterator<Item = &'p PostRecord>,
    followers: u64,
) -> Option<EngagementByFollowers> {
    let values: Vec<u64> = posts.into_iter().filter_map(interactions).collect();
    (!values.is_empty() && followers > 0).then(|| EngagementByFollowers {
        mean_interactions: values.iter().sum::<u64>() as f64 / values.len() as f64,
        followers,
        posts: values.len(),
    })
}

/// How the follower count changed over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowerChange {
    /// From two stored snapshots.
    Snapshots {
        /// later − earlier.
        change: i64,
        /// The earlier snapshot's day.
        from: NaiveDate,
        /// The later snapshot's day.
        to: NaiveDate,
        /// The followers at the earlier snapshot, what the change is a share of.
        earlier: u64,
    },
    /// From Instagram's daily `follower_count` insight, summed.
    Insight {
        /// The sum.
        new_followers: i64,
        /// Days with a value.
        days: usize,
    },
}

/// The follower change over `range`.
pub fn follower_change(
    snapshots: &[FollowerSnapshotRecord],
    daily: &[DailyRecord],
    range: DateRange,
    timezone: Tz,
) -> Option<FollowerChange> {
    // Snapshots are compared by the local date they were taken on in the chat's zone.
    let local = |s: &FollowerSnapshotRecord| s.taken_at.with_timezone(&timezone).date_naive();
    let before = snapshots
        .iter()
        .filter(|s| local(s) < range.first)
        .max_by_key(|s| s.taken_at);
    // The later snapshot must fall inside the period, or there is no change to speak of.
    let last = snapshots
        .iter()
        .filter(|s| range.contains(local(s)))
        .max_by_key(|s| s.taken_at);
    if let (Some(before), Some(last)) = (before, last) {
        return Some(FollowerChange::Snapshots {
            change: last.followers as i64 - before.followers as i64,
            from: local(before),
            to: local(last),
            earlier: before.followers,
        });
    }
    let values: Vec<i64> = daily
        .iter()
        .filter(|d| range.contains(d.date))
        .filter_map(|d| d.follower_count)
        .collect();
    (!values.is_empty()).then(|| FollowerChange::Insight {
        new_followers: values.iter().fold(0i64, |sum, v| sum.saturating_add(*v)),
        days: values.len(),
    })
}

/// likes + comments + saves + shares of one day of account insights (SPEC §5); Instagram's
/// own `total_interactions` only when none of the parts was given.
pub fn daily_interactions(day: &DailyRecord) -> Option<u64> {
    let parts = [day.likes, day.comments, day.saves, day.shares];
    if parts.iter().any(Option::is_some) {
        Some(
            parts
                .iter()
                .flatten()
                .fold(0u64, |sum, v| sum.saturating_add(*v)),
        )
    } else {
        day.total_interactions
    }
}

/// Followers per local day over `range`, for a chart: the stored snapshots, and before the
/// first of them, values estimated backwards with Instagram's daily new-follower count
/// (`follower_count` of day d+1 is subtracted from day d+1's value). Days after the latest
/// snapshot are not guessed. Ascending.
pub fn follower_series(
    snapshots: &[FollowerSnapshotRecord],
    daily: &[DailyRecord],
    range: DateRange,
    timezone: Tz,
) -> Vec<(NaiveDate, i64)> {
    let mut known: std::collections::BTreeMap<NaiveDate, i64> = std::collections::BTreeMap::new();
    for snapshot in snapshots {
        known.insert(
            snapshot.taken_at.with_timezone(&timezone).date_naive(),
            snapshot.followers as i64,
        );
    }
    let Some((&latest, _)) = known.range(..=range.last).next_back() else {
        return Vec::new();
    };
    let new_followers: std::collections::HashMap<NaiveDate, i64> = daily
        .iter()
        .filter_map(|d| d.follower_count.map(|c| (d.date, c)))
        .collect();
    let mut series = Vec::new();
    let mut day = latest;
    let mut value = known[&latest];
    loop {
        if let Some(&snapshot) = known.get(&day) {
            value = snapshot;
        }
        if day < range.first {
            break;
        }
        series.push((day, value));
        let Some(previous) = day.pred_opt() else {
            break;
        };
        match (known.get(&previous), new_followers.get(&day)) {
            (Some(_), _) => {}
            (None, Some(gained)) => value -= gained,
            // Instagram reports a day's new followers only after it ends: the latest
            // snapshot's own day (usually today) carries its value back unchanged.
            (None, None) if day == latest => {}
            (None, None) => break,
        }
        day = previous;
    }
    series.reverse();
    series
}

/// The `/stats` overview of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The dates.
    pub range: DateRange,
    /// Followers at the latest snapshot on or before the period's end, and when read.
    pub followers: Option<(u64, DateTime<Utc>)>,
    /// The change over the period.
    pub follower_change: Option<FollowerChange>,
    /// Sum of daily reach.
    pub reach: DaySum,
    /// Sum of daily views.
    pub views: DaySum,
    /// Sum of daily interactions (account level: likes + comments + saves + shares).
    pub interactions: DaySum,
    /// Posts published in the period.
    pub posts_published: usize,
    /// Engagement rate by reach of those posts.
    pub engagement: Option<EngagementByReach>,
    /// Engagement rate by followers of those posts.
    pub engagement_by_followers: Option<EngagementByFollowers>,
}

/// Computes the overview of `range`.
pub fn overview(
    posts: &[PostRecord],
    daily: &[DailyRecord],
    snapshots: &[FollowerSnapshotRecord],
    range: DateRange,
    timezone: Tz,
) -> Overview {
    let days: Vec<&DailyRecord> = daily.iter().filter(|d| range.contains(d.date)).collect();
    let published = posts_in(posts, range, timezone);
    let followers = snapshots
        .iter()
        .filter(|s| s.date <= range.last)
        .max_by_key(|s| s.date)
        .or_else(|| snapshots.iter().min_by_key(|s| s.date))
        .map(|s| (s.followers, s.taken_at));
    Overview {
        range,
        followers,
        follower_change: follower_change(snapshots, daily, range, timezone),
        reach: day_sum(&days, |d| d.reach),
        views: day_sum(&days, |d| d.views),
        interactions: day_sum(&days, daily_interactions),
        posts_published: published.len(),
        engagement: engagement_by_reach(published.iter().copied()),
        engagement_by_followers: followers
            .and_then(|(count, _)| engagement_by_followers(published.iter().copied(), count)),
    }
}

/// Engagement rate by reach of posts grouped by a key (media type, weekday, hour …), for the
/// posts the key gives a group to. Groups without reach data are left out.
pub fn engagement_by<'p, K: Ord>(
    posts: impl IntoIterator<Item = &'p PostRecord>,
    key: impl Fn(&PostRecord) -> Option<K>,
) -> std::collections::BTreeMap<K, EngagementByReach> {
    let mut groups: std::collections::BTreeMap<K, Vec<&PostRecord>> =
        std::collections::BTreeMap::new();
    for post in posts {
        if let Some(k) = key(post) {
            groups.entry(k).or_default().push(post);
        }
    }
    groups
        .into_iter()
        .filter_map(|(k, posts)| engagement_by_reach(posts).map(|rate| (k, rate)))
        .collect()
}

/// The hashtags of a caption, lower-cased, without `#`, each once.
pub fn hashtags(caption: &str) -> Vec<String> {
    let mut tags: Vec<String> = caption
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | ')' | '(')
        })
        .filter_map(|word| word.strip_prefix('#'))
        .map(|tag| tag.trim_start_matches('#'))
        .map(|tag| {
            tag.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|tag| !tag.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// A least-squares trend of daily values: the change per day, and the fitted change over the
/// whole series as a share of its mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// Fitted change per day.
    pub per_day: f64,
    /// Fitted change from the first to the last day ÷ the mean (0.1 = +10 %).
    pub relative: f64,
    /// Days in the series.
    pub days: usize,
}

/// The trend of `values` (one per day, in order); `None` with fewer than 3 values or a zero mean.
pub fn trend(values: &[f64]) -> Option<Trend> {
    let n = values.len();
    if n < 3 {
        return None;
    }
    let mean_x = (n - 1) as f64 / 2.0;
    let mean_y = values.iter().sum::<f64>() / n as f64;
    let (mut covariance, mut variance) = (0.0, 0.0);
    for (i, y) in values.iter().enumerate() {
        let dx = i as f64 - mean_x;
        covariance += dx * (y - mean_y);
        variance += dx * dx;
    }
    if variance == 0.0 || mean_y == 0.0 {
        return None;
    }
    let per_day = covariance / variance;
    Some(Trend {
        per_day,
        relative: per_day * (n - 1) as f64 / mean_y,
        days: n,
    })
}

/// Which end of a ranking; `desc` (highest first) or `asc` in the stats API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Order {
    /// Highest first.
    #[serde(rename = "desc")]
    Highest,
    /// Lowest first.
    #[serde(rename = "asc")]
    Lowest,
}

/// Posts ranked by a metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking<'p> {
    /// The posts and their values, best first.
    pub posts: Vec<(&'p PostRecord, f64)>,
    /// Posts published in the period.
    pub published: usize,
    /// Of those, posts without data for the metric.
    pub without_data: usize,
}

/// The `count` posts published in `range` with the highest (or lowest) `metric`. Ties go to
/// the newer post.
pub fn rank_posts<'p>(
    posts: &'p [PostRecord],
    metric: Metric,
    range: DateRange,
    timezone: Tz,
    count: usize,
    order: Order,
) -> Ranking<'p> {
    let published = posts_in(posts, range, timezone);
    let mut valued: Vec<(&PostRecord, f64)> = published
        .iter()
        .filter_map(|post| metric.of(post).map(|value| (*post, value)))
        .collect();
    valued.sort_by(|(a, va), (b, vb)| {
        let by_value = va.partial_cmp(vb).unwrap_or(Ordering::Equal);
        let by_value = if order == Order::Highest {
            by_value.reverse()
        } else {
            by_value
        };
        by_value.then_with(|| b.published_at.cmp(&a.published_at))
    });
    let without_data = published.len() - valued.len();
    valued.truncate(count);
    Ranking {
        posts: valued,
        published: published.len(),
        without_data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Period;
    use crate::records::{KindRecord, MetricsRecord};
    use chrono::TimeZone;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn post(id: &str, published: DateTime<Utc>, likes: u64, saves: u64, reach: u64) -> PostRecord {
        PostRecord {
            id: id.into(),
            kind: KindRecord::Image,
            caption: Some(format!("post {id}")),
            permalink: Some(format!("https://www.instagram.com/p/{id}/")),
            published_at: published,
            like_count: Some(likes),
            comments_count: Some(1),
            metrics: MetricsRecord {
                likes: Some(likes),
                comments: Some(1),
                saves: Some(saves),
                shares: Some(0),
                reach: Some(reach),
                ..Default::default()
            },
            metrics_updated_at: None,
            metrics_attempted_at: None,
            insights_unavailable: false,
            comments_read: None,
        }
    }

    fn at(d: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, hour, 0, 0).unwrap()
    }

    fn daily(d: u32, reach: u64, follower_count: i64) -> DailyRecord {
        DailyRecord {
            date: day(d),
            reach: Some(reach),
            views: Some(reach * 2),
            likes: Some(6),
            comments: Some(1),
            saves: Some(2),
            shares: Some(1),
            total_interactions: Some(999),
            follower_count: Some(follower_count),
            ..Default::default()
        }
    }

    fn snapshot(d: u32, followers: u64) -> FollowerSnapshotRecord {
        FollowerSnapshotRecord {
            date: day(d),
            followers,
            taken_at: at(d, 12),
        }
    }

    #[test]
    fn overview_worked_by_hand() {
        // Week of 17–23 Nov. Posts: A (16th, outside), B (17th), C (20th), D (23rd 23:30 UTC,
        // which is 24 Nov in Berlin → outside in Berlin, inside in UTC).
        let posts = vec![
            post("A", at(16, 12), 100, 10, 1000),
            post("B", at(17, 9), 40, 5, 500), // interactions 40+1+5+0 = 46
            post("C", at(20, 18), 20, 3, 300), // 24
            post(
                "D",
                Utc.with_ymd_and_hms(2026, 11, 23, 23, 30, 0).unwrap(),
                10,
                0,
                100,
            ), // 11
        ];
        let days = vec![
            daily(16, 999, 9),
            daily(17, 100, 2),
            daily(20, 50, 3),
            daily(23, 25, -1),
        ];
        let snapshots = vec![snapshot(15, 1000), snapshot(23, 1012)];
        let range = Period::LastDays(7).resolve(day(23));
        let utc = overview(&posts, &days, &snapshots, range, chrono_tz::UTC);
        assert_eq!(utc.posts_published, 3);
        assert_eq!(
            utc.reach,
            DaySum {
                total: 175,
                days: 3
            }
        );
        assert_eq!(utc.views.total, 350);
        assert_eq!(utc.interactions, DaySum { total: 30, days: 3 });
        // (46 + 24 + 11) / (500 + 300 + 100) = 81 / 900 = 9 %.
        let engagement = utc.engagement.unwrap();
        assert_eq!(
            (engagement.interactions, engagement.reach, engagement.posts),
            (81, 900, 3)
        );
        assert!((engagement.rate() - 0.09).abs() < 1e-12);
        // Mean 27 interactions per post ÷ 1012 followers.
        let by_followers = utc.engagement_by_followers.unwrap();
        assert!((by_followers.rate() - 27.0 / 1012.0).abs() < 1e-12);
        assert_eq!(
            utc.follower_change,
            Some(FollowerChange::Snapshots {
                change: 12,
                from: day(15),
                to: day(23),
                earlier: 1000
            })
        );
        assert_eq!(utc.followers.map(|f| f.0), Some(1012));

        let berlin = overview(&posts, &days, &snapshots, range, chrono_tz::Europe::Berlin);
        assert_eq!(
            berlin.posts_published, 2,
            "D is published on the 24th in Berlin"
        );
    }

    #[test]
    fn grouped_rates_hashtags_and_trends_by_hand() {
        let posts = vec![
            post("A", at(16, 12), 100, 10, 1000), // 111 / 1000
            post("B", at(17, 9), 40, 5, 500),     // 46 / 500
            post("C", at(20, 18), 20, 3, 300),    // 24 / 300
        ];
        let by_hour_band = engagement_by(&posts, |p| {
            Some(p.published_at.format("%H").to_string().as_str() >= "12")
        });
        // Afternoon+ (A, C): (111 + 24) / (1000 + 300); morning (B): 46 / 500.
        assert_eq!(by_hour_band[&true].interactions, 135);
        assert_eq!(by_hour_band[&true].reach, 1300);
        assert_eq!(by_hour_band[&false].posts, 1);
        assert_eq!(
            hashtags("New #Drop, #coffee!! ##coffee #café_2 # #"),
            vec!["café_2", "coffee", "drop"]
        );
        let rising = trend(&[10.0, 12.0, 14.0, 16.0]).unwrap();
        assert!((rising.per_day - 2.0).abs() < 1e-9);
        assert!(
            (rising.relative - 6.0 / 13.0).abs() < 1e-9,
            "fitted +6 over a mean of 13"
        );
        assert_eq!(trend(&[1.0, 2.0]), None);
        assert_eq!(trend(&[0.0, 0.0, 0.0]), None);
    }

    #[test]
    fn follower_series_estimates_back_from_the_latest_snapshot() {
        // One snapshot (23rd: 1,000) and new followers 20th +3, 21st +5, 22nd +2, 23rd +4.
        let days: Vec<DailyRecord> = [(20, 3), (21, 5), (22, 2), (23, 4)]
            .iter()
            .map(|(d, c)| DailyRecord {
                date: day(*d),
                follower_count: Some(*c),
                ..Default::default()
            })
            .collect();
        let range = DateRange {
            first: day(19),
            last: day(23),
        };
        let series = follower_series(&[snapshot(23, 1000)], &days, range, chrono_tz::UTC);
        // 23: 1,000; 22: 1,000 − 4 = 996; 21: 996 − 2 = 994; 20: 994 − 5 = 989; 19: 989 − 3 = 986.
        assert_eq!(
            series,
            vec![
                (day(19), 986),
                (day(20), 989),
                (day(21), 994),
                (day(22), 996),
                (day(23), 1000)
            ]
        );
        // A stored snapshot wins over the estimate.
        let series = follower_series(
            &[snapshot(21, 990), snapshot(23, 1000)],
            &days,
            range,
            chrono_tz::UTC,
        );
        assert_eq!(series[2], (day(21), 990));
        assert_eq!(series[0], (day(19), 982), "990 − 5 − 3");
        assert!(follower_series(&[], &days, range, chrono_tz::UTC).is_empty());
        // Taken today (24th), before Instagram reports today's new followers.
        let wide = DateRange {
            first: day(22),
            last: day(24),
        };
        assert_eq!(
            follower_series(&[snapshot(24, 1004)], &days, wide, chrono_tz::UTC),
            vec![(day(22), 1000), (day(23), 1004), (day(24), 1004)]
        );
    }

    #[test]
    fn follower_change_falls_back_to_the_insight() {
        let days = vec![daily(16, 1, 9), daily(17, 1, 2), daily(20, 1, 3)];
        let range = Period::LastDays(7).resolve(day(23));
        assert_eq!(
            follower_change(&[snapshot(23, 50)], &days, range, chrono_tz::UTC),
            Some(FollowerChange::Insight {
                new_followers: 5,
                days: 2
            })
        );
        assert_eq!(follower_change(&[], &[], range, chrono_tz::UTC), None);
        // Snapshots that all predate the period say nothing about it: no made-up ±0.
        let stale = [snapshot(1, 40), snapshot(2, 41)];
        assert_eq!(
            follower_change(&stale, &days, range, chrono_tz::UTC),
            Some(FollowerChange::Insight {
                new_followers: 5,
                days: 2
            })
        );
    }

    #[test]
    fn follower_snapshots_are_dated_in_the_chat_zone() {
        // Taken 23 Nov 02:00 UTC = 22 Nov 18:00 in Los Angeles.
        let early = FollowerSnapshotRecord {
            date: day(23),
            followers: 100,
            taken_at: Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(),
        };
        let later = FollowerSnapshotRecord {
            date: day(24),
            followers: 110,
            taken_at: Utc.with_ymd_and_hms(2026, 11, 24, 2, 0, 0).unwrap(),
        };
        // "Yesterday" on the 24th is the 23rd. In Los Angeles the snapshots were taken on the
        // 22nd and the 23rd (local evenings): a change of +10 over the 23rd.
        let yesterday_in_la = Period::Yesterday.resolve(day(24));
        assert_eq!(
            follower_change(
                &[early, later],
                &[],
                yesterday_in_la,
                chrono_tz::America::Los_Angeles
            ),
            Some(FollowerChange::Snapshots {
                change: 10,
                from: day(22),
                to: day(23),
                earlier: 100
            })
        );
        // In UTC they were taken on the 23rd and the 24th: nothing before the 23rd to compare with.
        assert_eq!(
            follower_change(
                &[early, later],
                &[],
                Period::Yesterday.resolve(day(24)),
                chrono_tz::UTC
            ),
            None
        );
    }

    #[test]
    fn ranking_worked_by_hand() {
        let mut no_saves = post("E", at(21, 8), 5, 0, 50);
        no_saves.metrics.saves = None;
        let posts = vec![
            post("A", at(16, 12), 100, 50, 1000),
            post("B", at(17, 9), 40, 5, 500),
            post("C", at(20, 18), 20, 7, 300),
            post("F", at(22, 18), 1, 7, 300), // ties with C on saves; newer wins
            no_saves,
        ];
        let range = Period::LastDays(7).resolve(day(23));
        let top = rank_posts(
            &posts,
            Metric::Saves,
            range,
            chrono_tz::UTC,
            2,
            Order::Highest,
        );
        let ids: Vec<&str> = top.posts.iter().map(|(p, _)| p.id.as_str()).collect();
        assert_eq!(ids, ["F", "C"]);
        assert_eq!((top.published, top.without_data), (4, 1));
        let bottom = rank_posts(
            &posts,
            Metric::EngagementRate,
            range,
            chrono_tz::UTC,
            1,
            Order::Lowest,
        );
        // B: 46/500 = 0.092; C: 28/300 = 0.093; F: 9/300 = 0.03; E: 6/50 = 0.12.
        assert_eq!(bottom.posts[0].0.id, "F");
        assert!((bottom.posts[0].1 - 0.03).abs() < 1e-12);
    }
}
