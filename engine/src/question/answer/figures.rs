//! Follower growth, engagement rate, and a figure compared between two periods.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::analytics;
use crate::answers::{count, noun, percent, signed, thousands};
use crate::instagram::MediaKind;
use crate::period::{DateRange, Period};
use crate::question::{AccountMetric, Figure, RateBasis};
use crate::reply::{Block, Item, Reply};

use super::{
    account_sum, capitalised, finish, heading, kind_count, kind_plural, n_posts, no_data,
    published, AnswerData, RATE_DEFINITION,
};

pub(super) fn follower_growth(data: &AnswerData<'_>, period: &Period) -> Reply {
    let range = data.resolve(period);
    let title = heading(data, "follower growth", period, range);
    let Some(change) = analytics::follower_change(data.snapshots, data.daily, range, data.timezone)
    else {
        return no_follower_change(data, title, range);
    };
    let mut facts = Vec::new();
    match change {
        analytics::FollowerChange::Snapshots {
            change,
            from,
            to,
            earlier,
        } => {
            facts.push((
                "Change".to_owned(),
                format!(
                    "{} ({} → {})",
                    signed(change),
                    from.format("%-d %b"),
                    to.format("%-d %b")
                ),
            ));
            // "as a percentage of where we started": the change over the count it started at.
            if earlier > 0 {
                facts.push((
                    "Change in percent".to_owned(),
                    format!(
                        "{}{} of the {} on {}",
                        if change > 0 { "+" } else { "" },
                        percent(change as f64 / earlier as f64),
                        thousands(earlier),
                        from.format("%-d %b")
                    ),
                ));
            }
        }
        analytics::FollowerChange::Insight {
            new_followers,
            days,
        } => {
            facts.push((
                "New followers (Instagram's daily count)".to_owned(),
                format!(
                    "{} over {}",
                    signed(new_followers),
                    count(days as u64, "day", "days")
                ),
            ));
        }
    }
    if let Some(latest) = data.snapshots.iter().max_by_key(|s| s.taken_at) {
        facts.push(("Followers now".into(), thousands(latest.followers)));
    }
    let mut reply = Reply::text(title).with(Block::Facts(facts));
    let days: Vec<(NaiveDate, i64)> = data
        .daily
        .iter()
        .filter(|d| range.contains(d.date))
        .filter_map(|d| d.follower_count.map(|c| (d.date, c)))
        .collect();
    if days.len() > 1 {
        let lines: Vec<Item> = if days.len() <= 14 {
            days.iter()
                .map(|(date, c)| Item {
                    text: format!("{}: {}", date.format("%a %-d %b"), signed(*c)),
                    url: None,
                })
                .collect()
        } else {
            let mut weeks: BTreeMap<NaiveDate, i64> = BTreeMap::new();
            for (date, c) in &days {
                let monday =
                    *date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()));
                *weeks.entry(monday.max(range.first)).or_default() += c;
            }
            weeks
                .iter()
                .map(|(monday, c)| Item {
                    text: format!("week from {}: {}", monday.format("%-d %b"), signed(*c)),
                    url: None,
                })
                .collect()
        };
        reply = reply
            .with(Block::Text(
                "New followers by Instagram's daily count:".into(),
            ))
            .with(Block::Ranking(lines));
    }
    let series = analytics::follower_series(data.snapshots, data.daily, range, data.timezone);
    let points: Vec<(NaiveDate, f64)> = series
        .iter()
        .map(|(date, followers)| (*date, *followers as f64))
        .collect();
    match crate::charts::daily_line(
        &format!("Followers of @{}, {range}", data.account.username),
        &points,
    ) {
        Ok(Some(png)) => {
            reply = reply
                .with_attachment(crate::reply::Attachment { name: "followers.png".into(), media_type: "image/png", bytes: png })
                .with(Block::Note("The chart shows the daily follower snapshots; days before the first snapshot are estimated from Instagram's daily new-follower count.".into()));
        }
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "follower chart not drawn"),
    }
    finish(data, reply)
}

/// No change to tell: the period began today (Instagram gives a day's new followers after the
/// day ends, and Pulse holds no count from before it), or Pulse has no counts for it. The
/// count now is still worth saying, as a count and never as a change.
fn no_follower_change(data: &AnswerData<'_>, title: String, range: DateRange) -> Reply {
    let text = if range.first >= data.today {
        "No change to tell yet: this period began today, Pulse has no follower count from just before it, and Instagram gives a day's new followers after the day ends."
    } else {
        "Pulse has no follower counts in this period."
    };
    let mut reply = Reply::text(title).with(Block::Text(text.into()));
    if let Some(latest) = data.snapshots.iter().max_by_key(|s| s.taken_at) {
        reply = reply.with(Block::Facts(vec![(
            "Followers now".into(),
            thousands(latest.followers),
        )]));
    }
    finish(data, reply)
}

/// The followers the engagement rate of `range` is relative to: the last snapshot on or
/// before its last day, else the first one, else the profile's count.
fn followers_at(data: &AnswerData<'_>, range: DateRange) -> u64 {
    data.snapshots
        .iter()
        .filter(|s| s.date <= range.last)
        .max_by_key(|s| s.date)
        .or_else(|| data.snapshots.iter().min_by_key(|s| s.date))
        .map_or(data.account.followers_count, |s| s.followers)
}

pub(super) fn engagement_rate(
    data: &AnswerData<'_>,
    basis: RateBasis,
    kind: Option<MediaKind>,
    period: &Period,
) -> Reply {
    let range = data.resolve(period);
    let posts = published(data, range, kind);
    let what = match kind {
        Some(k) => format!("engagement rate of {}", k.plural()),
        None => "engagement rate".to_owned(),
    };
    let title = heading(data, &what, period, range);
    match basis {
        RateBasis::Reach => match analytics::engagement_by_reach(posts.iter().copied()) {
            Some(rate) => finish(
                data,
                Reply::text(title)
                    .with(Block::Facts(vec![(
                        "Engagement rate (by reach)".into(),
                        percent(rate.rate()),
                    )]))
                    .with(Block::Note(format!(
                        "{RATE_DEFINITION} Here: {} ÷ {} over {}.",
                        thousands(rate.interactions),
                        thousands(rate.reach),
                        n_posts(rate.posts)
                    ))),
            ),
            None => no_data(
                data,
                title,
                &format!("{} with reach data", kind_plural(kind)),
            ),
        },
        RateBasis::Followers => {
            let followers = followers_at(data, range);
            match analytics::engagement_by_followers(posts.iter().copied(), followers) {
                Some(rate) => finish(
                    data,
                    Reply::text(title)
                        .with(Block::Facts(vec![(
                            "Engagement rate (by followers)".into(),
                            percent(rate.rate()),
                        )]))
                        .with(Block::Note(format!(
                            "Engagement rate by followers = mean interactions per post ({}) ÷ followers ({}), over {}; interactions = likes + comments + saves + shares.",
                            thousands(rate.mean_interactions.round() as u64),
                            thousands(rate.followers),
                            n_posts(rate.posts)
                        ))),
                ),
                None => no_data(data, title, "posts or follower counts"),
            }
        }
    }
}

/// One side of a comparison: the value, how it reads, and over how many days it counts
/// (days with data for account insights; the days of the range for posts and followers).
struct Side {
    value: f64,
    text: String,
    days: Option<i64>,
}

fn figure_value(data: &AnswerData<'_>, figure: Figure, range: DateRange) -> Option<Side> {
    let whole = Some(range.days());
    match figure {
        Figure::EngagementRate { basis, kind } => {
            let posts = published(data, range, kind);
            let (rate, count) = match basis {
                RateBasis::Reach => analytics::engagement_by_reach(posts.iter().copied())
                    .map(|r| (r.rate(), r.posts))?,
                RateBasis::Followers => analytics::engagement_by_followers(
                    posts.iter().copied(),
                    followers_at(data, range),
                )
                .map(|r| (r.rate(), r.posts))?,
            };
            Some(Side {
                value: rate,
                text: format!("{} ({})", percent(rate), n_posts(count)),
                days: None,
            })
        }
        Figure::Account(metric) => {
            let (sum, days) = account_sum(data, metric, range);
            (days > 0).then(|| Side {
                value: sum as f64,
                text: format!(
                    "{} ({} with data)",
                    thousands(sum),
                    count(days as u64, "day", "days")
                ),
                days: Some(days as i64),
            })
        }
        Figure::PostTotal { metric, kind } => {
            let posts = published(data, range, kind);
            let values: Vec<f64> = posts.iter().filter_map(|p| metric.of(p)).collect();
            let sum: f64 = values.iter().sum();
            Some(Side {
                value: sum,
                text: format!(
                    "{} ({})",
                    metric.count(sum.round() as u64),
                    n_posts(values.len())
                ),
                days: whole,
            })
        }
        Figure::PostMean { metric, kind } => {
            let values: Vec<f64> = published(data, range, kind)
                .iter()
                .filter_map(|p| metric.of(p))
                .collect();
            if values.is_empty() {
                return None;
            }
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            Some(Side {
                value: mean,
                text: format!(
                    "{} per post ({})",
                    if metric.is_rate() {
                        percent(mean)
                    } else {
                        format!("{mean:.1}")
                    },
                    n_posts(values.len())
                ),
                days: None,
            })
        }
        Figure::Posts { kind } => {
            let n = published(data, range, kind).len();
            Some(Side {
                value: n as f64,
                text: kind_count(n, kind),
                days: whole,
            })
        }
        Figure::Growth => {
            let change =
                analytics::follower_change(data.snapshots, data.daily, range, data.timezone)?;
            let value = match change {
                analytics::FollowerChange::Snapshots { change, .. } => change,
                analytics::FollowerChange::Insight { new_followers, .. } => new_followers,
            };
            Some(Side {
                value: value as f64,
                text: format!(
                    "{} {}",
                    signed(value),
                    noun(value.unsigned_abs(), "follower", "followers")
                ),
                days: whole,
            })
        }
    }
}

fn figure_name(figure: Figure) -> String {
    let of = |kind: Option<MediaKind>| match kind {
        Some(k) => format!(" of {}", k.plural()),
        None => String::new(),
    };
    match figure {
        Figure::EngagementRate {
            basis: RateBasis::Reach,
            kind,
        } => format!("engagement rate (by reach){}", of(kind)),
        Figure::EngagementRate {
            basis: RateBasis::Followers,
            kind,
        } => format!("engagement rate (by followers){}", of(kind)),
        Figure::Account(metric) => metric.noun().to_owned(),
        Figure::PostTotal { metric, kind } => {
            format!("{} of the {} published", metric.noun(), kind_plural(kind))
        }
        Figure::PostMean { metric, kind } => {
            format!(
                "average {} per {}",
                metric.noun(),
                kind.map_or("post", |k| k.noun())
            )
        }
        Figure::Posts { kind } => format!("{} published", kind_plural(kind)),
        Figure::Growth => "follower growth".to_owned(),
    }
}

fn change_text(now: f64, before: f64, rate: bool) -> String {
    if rate {
        format!(
            "{}{:.2} percentage points",
            if now >= before { "+" } else { "−" },
            ((now - before) * 100.0).abs()
        )
    } else if before != 0.0 {
        format!(
            "{}{:.1}%",
            if now >= before { "+" } else { "−" },
            ((now - before) / before * 100.0).abs()
        )
    } else if now == 0.0 {
        "no change".to_owned()
    } else {
        "up from nothing".to_owned()
    }
}

/// One figure over two periods. Sums over sides with different numbers of days (days with
/// data, for account insights) are compared as daily means, and the answer says so.
pub(super) fn compare(
    data: &AnswerData<'_>,
    figure: Figure,
    current: &Period,
    previous: &Period,
) -> Reply {
    let (mut a_period, mut b_period) = (*current, *previous);
    let (mut a_range, mut b_range) = (data.resolve(&a_period), data.resolve(&b_period));
    if a_range == b_range {
        b_period = a_period.before(data.today);
        b_range = data.resolve(&b_period);
    }
    // The later period first.
    if b_range.first > a_range.first {
        std::mem::swap(&mut a_period, &mut b_period);
        std::mem::swap(&mut a_range, &mut b_range);
    }
    let title = format!(
        "@{} · {}: {} vs {}",
        data.account.username,
        figure_name(figure),
        a_period.heading(a_range),
        b_period.heading(b_range)
    );
    let label = |period: &Period, range: DateRange| {
        let name = period.describe();
        if name.is_empty() {
            range.to_string()
        } else {
            format!("{} ({range})", capitalised(&name))
        }
    };
    let (a, b) = (
        figure_value(data, figure, a_range),
        figure_value(data, figure, b_range),
    );
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        (a, b) => {
            let missing: Vec<String> = [
                (a.is_none(), a_period, a_range),
                (b.is_none(), b_period, b_range),
            ]
            .into_iter()
            .filter(|(none, _, _)| *none)
            .map(|(_, p, r)| label(&p, r))
            .collect();
            return finish(
                data,
                Reply::text(title).with(Block::Text(
                    format!(
                        "Pulse has no data for {} , so there is nothing to compare.",
                        missing.join(" or ")
                    )
                    .replace(" ,", ","),
                )),
            );
        }
    };
    let rate = matches!(figure, Figure::EngagementRate { .. });
    let mut facts = vec![
        (label(&a_period, a_range), a.text.clone()),
        (label(&b_period, b_range), b.text.clone()),
    ];
    let mut notes = Vec::new();
    match (a.days, b.days) {
        (Some(a_days), Some(b_days)) if a_days != b_days && a_days > 0 && b_days > 0 => {
            let (a_mean, b_mean) = (a.value / a_days as f64, b.value / b_days as f64);
            facts.push(("Per day".into(), format!("{a_mean:.1} vs {b_mean:.1}")));
            facts.push(("Change per day".into(), change_text(a_mean, b_mean, false)));
            notes.push(format!(
                "The two sides cover different numbers of days ({a_days} and {b_days}{}), so they are compared as daily means, not as totals.",
                if matches!(figure, Figure::Account(_)) { " days with data" } else { "" }
            ));
        }
        _ => facts.push(("Change".into(), change_text(a.value, b.value, rate))),
    }
    let mut reply = Reply::text(title).with(Block::Facts(facts));
    if matches!(
        figure,
        Figure::EngagementRate {
            basis: RateBasis::Reach,
            ..
        }
    ) {
        notes.push(RATE_DEFINITION.into());
    }
    if matches!(figure, Figure::Account(AccountMetric::Reach)) {
        notes.push("Reach is the sum of daily reach.".into());
    }
    for note in notes {
        reply = reply.with(Block::Note(note));
    }
    finish(data, reply)
}
