//! When followers are online and when posts do best: by hour, part of the day and weekday,
//! posts grouped by type, and the best time to post.

use std::collections::BTreeMap;

use chrono::{Datelike, Offset, TimeZone, Timelike};

use crate::analytics::{self, EngagementByReach};
use crate::answers::{count, percent};
use crate::metric::Metric;
use crate::period::{DateRange, Period};
use crate::records::PostRecord;
use crate::reply::{Block, Item, Reply};

use super::{finish, heading, n_posts, no_data, published, AnswerData, RATE_DEFINITION};

/// The hour offset of the chat's zone today (online-follower hours are read as UTC).
fn utc_offset_hours(data: &AnswerData<'_>) -> i64 {
    let noon = data.today.and_hms_opt(12, 0, 0).unwrap_or_default();
    i64::from(
        data.timezone
            .offset_from_utc_datetime(&noon)
            .fix()
            .local_minus_utc(),
    ) / 3600
}

/// Mean followers online by local hour, over the stored days.
fn online_by_local_hour(data: &AnswerData<'_>) -> Vec<(u8, f64)> {
    let offset = utc_offset_hours(data);
    let mut sums: BTreeMap<u8, (u64, u64)> = BTreeMap::new();
    for day in data.online {
        for (hour, count) in &day.by_hour {
            let local = (i64::from(*hour) + offset).rem_euclid(24) as u8;
            let entry = sums.entry(local).or_default();
            entry.0 += count;
            entry.1 += 1;
        }
    }
    let mut means: Vec<(u8, f64)> = sums
        .into_iter()
        .map(|(h, (sum, n))| (h, sum as f64 / n as f64))
        .collect();
    means.sort_by(|a, b| b.1.total_cmp(&a.1));
    means
}

pub(super) fn online_followers(data: &AnswerData<'_>) -> Reply {
    let title = format!(
        "@{} · when your followers are online",
        data.account.username
    );
    let means = online_by_local_hour(data);
    if means.is_empty() {
        return finish(data, Reply::text(title).with(Block::Text("Instagram gives no follower activity for this account (it needs 100 followers or more).".into())));
    }
    let days = data.online.len();
    let items = means
        .iter()
        .take(3)
        .map(|(hour, mean)| Item {
            text: format!(
                "{hour:02}:00–{:02}:00 · {} online on average",
                (hour + 1) % 24,
                count(mean.round() as u64, "follower", "followers")
            ),
            url: None,
        })
        .collect();
    finish(
        data,
        Reply::text(title)
            .with(Block::Ranking(items))
            .with(Block::Note(format!(
                "Hours in {}, averaged over the {} Instagram reports.",
                data.timezone.name(),
                count(days as u64, "day", "days")
            ))),
    )
}

/// Parts of the day, by local hour of publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum PartOfDay {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl PartOfDay {
    pub(super) fn label(self) -> &'static str {
        match self {
            PartOfDay::Morning => "Morning (05–12)",
            PartOfDay::Afternoon => "Afternoon (12–17)",
            PartOfDay::Evening => "Evening (17–22)",
            PartOfDay::Night => "Night (22–05)",
        }
    }
}

pub(super) fn part_of_day(hour: u32) -> PartOfDay {
    match hour {
        5..=11 => PartOfDay::Morning,
        12..=16 => PartOfDay::Afternoon,
        17..=21 => PartOfDay::Evening,
        _ => PartOfDay::Night,
    }
}

pub fn weekday_name(day: u32) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][(day as usize).min(6)]
}

/// A group's figure: the engagement rate by reach of its posts, or the mean of a metric
/// per post.
#[derive(Debug, Clone, Copy)]
pub(super) struct GroupValue {
    value: f64,
    posts: usize,
}

/// Posts grouped by a key, each group's engagement rate (for `EngagementRate`) or mean
/// `metric` per post. Groups without data are left out.
pub(super) fn grouped<'p, K: Ord>(
    posts: impl IntoIterator<Item = &'p PostRecord>,
    metric: Metric,
    key: impl Fn(&PostRecord) -> Option<K>,
) -> BTreeMap<K, GroupValue> {
    if metric == Metric::EngagementRate {
        return analytics::engagement_by(posts, key)
            .into_iter()
            .map(|(k, r)| {
                (
                    k,
                    GroupValue {
                        value: r.rate(),
                        posts: r.posts,
                    },
                )
            })
            .collect();
    }
    let mut sums: BTreeMap<K, (f64, usize)> = BTreeMap::new();
    for post in posts {
        if let (Some(k), Some(value)) = (key(post), metric.of(post)) {
            let entry = sums.entry(k).or_default();
            entry.0 += value;
            entry.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(k, (sum, n))| {
            (
                k,
                GroupValue {
                    value: sum / n as f64,
                    posts: n,
                },
            )
        })
        .collect()
}

fn group_value(metric: Metric, group: &GroupValue) -> String {
    if metric == Metric::EngagementRate {
        format!("{} ({})", percent(group.value), n_posts(group.posts))
    } else {
        format!(
            "{} per post ({})",
            metric.count(group.value.round() as u64),
            n_posts(group.posts)
        )
    }
}

pub(super) fn grouped_answer<K: Ord + Copy>(
    data: &AnswerData<'_>,
    what: &str,
    metric: Metric,
    period: &Period,
    range: DateRange,
    groups: BTreeMap<K, GroupValue>,
    label: impl Fn(&K) -> String,
) -> Reply {
    let figure = if metric == Metric::EngagementRate {
        "engagement".to_owned()
    } else {
        metric.noun().to_owned()
    };
    let title = heading(data, &format!("{figure} {what}"), period, range);
    if groups.is_empty() {
        return no_data(
            data,
            title,
            &format!(
                "posts with {} data",
                if metric == Metric::EngagementRate {
                    "reach"
                } else {
                    metric.noun()
                }
            ),
        );
    }
    let mut ordered: Vec<(K, GroupValue)> = groups.into_iter().collect();
    ordered.sort_by(|a, b| b.1.value.total_cmp(&a.1.value));
    let facts = ordered
        .iter()
        .map(|(k, g)| (label(k), group_value(metric, g)))
        .collect();
    let (best, group) = ordered[0];
    let caution = if group.posts < 3 {
        " (few posts: a weak signal)"
    } else {
        ""
    };
    let definition = if metric == Metric::EngagementRate {
        RATE_DEFINITION.to_owned()
    } else {
        format!("Mean {} per post published in the period.", metric.noun())
    };
    finish(
        data,
        Reply::text(title)
            .with(Block::Facts(facts))
            .with(Block::Text(format!(
                "Best: {}, at {}{caution}.",
                label(&best),
                group_value(metric, &group)
            )))
            .with(Block::Note(format!(
                "{definition} Times in {}.",
                data.timezone.name()
            ))),
    )
}

/// When to post, from a period's posts and the followers' activity: the hour followers are
/// most online (local), and each local hour's and weekday's engagement rate by reach of the
/// posts published then, with the best of each among those with at least 2 posts.
#[derive(Debug, Clone, PartialEq)]
pub struct BestTimes {
    /// The dates the posts were published in.
    pub range: DateRange,
    /// The local hour with the most followers online on average, and that average.
    pub most_online: Option<(u8, f64)>,
    /// Engagement rate by reach per local hour of publishing (0–23).
    pub by_hour: BTreeMap<u32, EngagementByReach>,
    /// Engagement rate by reach per weekday of publishing (0 = Monday).
    pub by_weekday: BTreeMap<u32, EngagementByReach>,
    /// The best hour (at least 2 posts).
    pub best_hour: Option<(u32, EngagementByReach)>,
    /// The best weekday (at least 2 posts).
    pub best_weekday: Option<(u32, EngagementByReach)>,
}

/// The figures behind the best time to post over `period`.
pub fn best_times(data: &AnswerData<'_>, period: &Period) -> BestTimes {
    let range = data.resolve(period);
    let tz = data.timezone;
    let posts = published(data, range, None);
    let by_hour = analytics::engagement_by(posts.iter().copied(), |p| {
        Some(p.published_at.with_timezone(&tz).hour())
    });
    let by_weekday = analytics::engagement_by(posts.iter().copied(), |p| {
        Some(
            p.published_at
                .with_timezone(&tz)
                .weekday()
                .num_days_from_monday(),
        )
    });
    let best = |map: &BTreeMap<u32, EngagementByReach>| {
        map.iter()
            .filter(|(_, r)| r.posts >= 2)
            .max_by(|a, b| a.1.rate().total_cmp(&b.1.rate()))
            .map(|(k, r)| (*k, *r))
    };
    BestTimes {
        range,
        most_online: online_by_local_hour(data).first().copied(),
        best_hour: best(&by_hour),
        best_weekday: best(&by_weekday),
        by_hour,
        by_weekday,
    }
}

pub(super) fn best_time(data: &AnswerData<'_>, period: &Period) -> Reply {
    let times = best_times(data, period);
    let (range, tz) = (times.range, data.timezone);
    let title = format!("@{} · best time to post", data.account.username);
    let mut facts = Vec::new();
    if let Some((hour, _)) = times.most_online {
        facts.push((
            "Followers most online".into(),
            format!("{hour:02}:00–{:02}:00", (hour + 1) % 24),
        ));
    }
    if let Some((hour, rate)) = times.best_hour {
        facts.push((
            "Your posts do best when posted at".into(),
            format!(
                "{hour:02}:00 ({} over {})",
                percent(rate.rate()),
                n_posts(rate.posts)
            ),
        ));
    }
    if let Some((day, rate)) = times.best_weekday {
        facts.push((
            "Best weekday".into(),
            format!(
                "{} ({} over {})",
                weekday_name(day),
                percent(rate.rate()),
                n_posts(rate.posts)
            ),
        ));
    }
    if facts.is_empty() {
        return no_data(
            data,
            title,
            "follower activity or posts with reach data in the last 90 days",
        );
    }
    finish(
        data,
        Reply::text(title)
            .with(Block::Facts(facts))
            .with(Block::Note(format!(
                "From followers online (Instagram's last 30 days) and the engagement rate by reach of your posts of {range}, by local hour and weekday (at least 2 posts each). Times in {}.",
                tz.name()
            ))),
    )
}
