//! Answers to questions, computed from the stored records.
//!
//! Every answer names its period as dates, defines any rate it shows, and ends with "data as
//! of" the last sync; with no data for the period it says so and never makes a number up.
//! Comments and captions are other people's words: they are quoted (`Block::Quote`) and cut.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, Offset, TimeZone, Timelike};
use chrono_tz::Tz;

use super::{
    AccountMetric, Audience, Clarification, Figure, Frame, Missing, NotUnderstood, Parsed, Query,
    RateBasis, Unseen,
};
use crate::analytics::{self, EngagementByReach, Order};
use crate::answers::{
    caption_start, count, data_as_of, local_time, noun, percent, signed, thousands,
};
use crate::instagram::MediaKind;
use crate::leads::{is_own_comment, open_leads};
use crate::metric::Metric;
use crate::period::{DateRange, Period};
use crate::records::{
    AccountRecord, CommentRecord, DailyRecord, DemographicsRecord, FollowerSnapshotRecord,
    OnlineFollowersRecord, PostRecord,
};
use crate::reply::{Block, Button, Item, Reply};

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

/// Three questions Pulse does answer, for "I don't know that one".
pub const EXAMPLES: [&str; 3] = [
    "top metric=saves n=1 period=last-month",
    "growth period=week",
    "best_time period=90d",
];

/// Queries from their text form (the examples above, and the ones below).
fn queries(labels: &[&str]) -> Vec<Query> {
    labels
        .iter()
        .filter_map(|label| Frame::from_label(label).ok())
        .filter_map(|frame| frame.query())
        .collect()
}

/// Example questions as a numbered list, each with a button that asks it.
fn with_examples(mut reply: Reply, examples: &[Query]) -> Reply {
    let items = examples
        .iter()
        .map(|query| Item {
            text: capitalised(&query.question()),
            url: None,
        })
        .collect();
    reply = reply.with(Block::Ranking(items));
    for query in examples {
        reply = reply.with_button(Button::Command {
            label: capitalised(&query.question()),
            command: format!("/ask {}", query.question()),
        });
    }
    reply
}

/// The honest answer to a question Pulse did not understand.
pub fn not_understood(why: &NotUnderstood) -> Reply {
    let opening = if why.off_topic {
        "I answer questions about your Instagram account, and that one is not about it."
    } else {
        "I don't know that one yet, and I'd rather not guess."
    };
    with_examples(
        Reply::text(format!("{opening} Questions I can answer, for example:")),
        &queries(&EXAMPLES),
    )
}

/// A short question back: which words mean what, which figure, which dates, or a whole
/// question where a follow-up had nothing to follow. Readings to offer come as buttons.
pub fn clarify(clarification: &Clarification) -> Reply {
    let text = match clarification.missing {
        Missing::Meaning if !clarification.words.is_empty() => {
            let quoted: Vec<String> = clarification
                .words
                .iter()
                .map(|w| format!("“{w}”"))
                .collect();
            prompts::clarify_words(&quoted.join(", "))
        }
        Missing::Meaning | Missing::Metric => prompts::clarify_metric(),
        Missing::Context => prompts::clarify_context(),
        Missing::Dates => prompts::clarify_dates(),
    };
    let options = if clarification.options.is_empty() {
        queries(match clarification.missing {
            Missing::Context | Missing::Dates => &[
                "account_total metric=reach period=last-week",
                "top metric=likes n=5 period=month",
                "growth period=2026-10-01..2026-10-31",
            ],
            _ => &[
                "top metric=likes n=5 period=30d",
                "account_total metric=reach period=7d",
                "rate period=month",
            ],
        })
    } else {
        clarification.options.clone()
    };
    let lead = if clarification.options.is_empty() {
        "Questions I can answer, for example:"
    } else {
        "Did you mean one of these?"
    };
    with_examples(Reply::text(text).with(Block::Text(lead.into())), &options)
}

/// What an [`Unseen`] thing is, and why Pulse cannot see it.
fn unseen_words(unseen: &Unseen) -> (String, &'static str) {
    match unseen {
        Unseen::OtherAccount(Some(handle)) => (
            format!("@{handle}'s figures"),
            "Pulse reads only the Instagram accounts linked to this chat, and Instagram gives no app another account's insights.",
        ),
        Unseen::OtherAccount(None) => (
            "other accounts or averages of other creators".into(),
            "Pulse reads only the Instagram accounts linked to this chat.",
        ),
        Unseen::OtherPlatform(name) => (
            (*name).to_owned(),
            "Pulse reads Instagram only, and only the accounts linked to this chat.",
        ),
        Unseen::DirectMessages => (
            "direct messages".into(),
            "Pulse has no access to your inbox; it reads posts, insights and comments.",
        ),
        Unseen::PersonalData => (
            "who your followers are as people".into(),
            "Instagram does not tell apps who followed, unfollowed, viewed or liked, nor anyone's contact details; Pulse sees the public usernames of people who comment.",
        ),
        Unseen::Future => (
            "the future".into(),
            "Pulse keeps what has already happened, and forecasts would be guesses.",
        ),
        Unseen::Stories => (
            "stories".into(),
            "Pulse keeps your posts, reels and their insights, not stories (Instagram keeps story figures for 24 hours only).",
        ),
        Unseen::Money => (
            "sales, revenue or money".into(),
            "Pulse reads Instagram's engagement figures; it never sees a payment.",
        ),
        Unseen::Clicks => (
            "link or website clicks".into(),
            "Instagram no longer gives apps link or website taps.",
        ),
        Unseen::Offline => (
            "calls, bookings or visits".into(),
            "Pulse sees what happens on Instagram; a call, a booking or a visit to your shop does not pass through it.",
        ),
        Unseen::Ads => (
            "ads or boosted posts".into(),
            "Pulse reads your organic figures, not ad results.",
        ),
        Unseen::Other => ("that".into(), "Instagram does not tell apps that."),
    }
}

/// The reply to what a question read as: each query answered by `answer_one` (the answers
/// of a question with two parts one after the other), with notes for a part set aside and
/// for words not used; a clarification, "I can't see that", or "not understood" otherwise.
pub fn reply<E>(
    parsed: &Parsed,
    mut answer_one: impl FnMut(&Query) -> Result<Reply, E>,
) -> Result<Reply, E> {
    Ok(match parsed {
        Parsed::Understood {
            queries,
            set_aside,
            unused,
        } => {
            let mut reply = Reply::default();
            for query in queries {
                reply = reply.then(answer_one(query)?);
            }
            if let Some(unseen) = set_aside {
                reply = reply.with(Block::Note(set_aside_note(unseen)));
            }
            if let Some(note) = unused_note(unused) {
                reply = reply.with(Block::Note(note));
            }
            reply
        }
        Parsed::Clarify(clarification) => clarify(clarification),
        Parsed::Outside { unseen, instead } => outside(unseen, instead.as_ref()),
        Parsed::NotUnderstood(why) => not_understood(why),
    })
}

/// The note for a part of a question Pulse did not answer because it cannot see it.
pub fn set_aside_note(unseen: &Unseen) -> String {
    let (what, why) = unseen_words(unseen);
    format!("One part of your question is about {what}, which I can't see: {why}")
}

/// The note naming unknown words a question was answered without (background the answer
/// did not need), or `None`.
pub fn unused_note(words: &[String]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let quoted: Vec<String> = words.iter().take(6).map(|w| format!("“{w}”")).collect();
    Some(format!(
        "I answered without the words {}: I don't know them, and they did not look like part of the question.",
        quoted.join(", ")
    ))
}

/// "I can't see that", and what Pulse can tell instead (the same question about the
/// account itself first, as a button, never answered unasked).
pub fn outside(unseen: &Unseen, instead: Option<&Query>) -> Reply {
    let (what, why) = unseen_words(unseen);
    let mut options: Vec<Query> = instead.cloned().into_iter().collect();
    let more: &[&str] = match unseen {
        Unseen::OtherAccount(_) => &["followers", "rate period=month", "top n=3 period=30d"],
        Unseen::OtherPlatform(_) => &["overview period=7d", "top n=3 period=30d"],
        Unseen::DirectMessages | Unseen::Money => &["leads period=week", "fans period=30d"],
        Unseen::PersonalData => &[
            "fans period=30d",
            "demographics aspect=places",
            "growth period=week",
        ],
        Unseen::Future => &[
            "trend metric=reach period=30d",
            "best_time period=90d",
            "recommend period=90d",
        ],
        Unseen::Stories | Unseen::Ads => &[
            "top metric=reach n=3 period=30d",
            "account_total metric=views period=7d",
        ],
        Unseen::Clicks | Unseen::Offline => &[
            "top metric=profile_visits n=3 period=30d",
            "growth period=30d",
        ],
        Unseen::Other => &["overview period=7d", "trend metric=reach period=30d"],
    };
    for query in queries(more) {
        if options.len() < 3 && !options.contains(&query) {
            options.push(query);
        }
    }
    with_examples(
        Reply::text(prompts::cannot_see(&what, why))
            .with(Block::Text("What I can tell you instead:".into())),
        &options,
    )
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

fn posts_answer(
    data: &AnswerData<'_>,
    metric: Metric,
    order: Order,
    count: usize,
    kind: Option<MediaKind>,
    period: &Period,
    caption: bool,
) -> Reply {
    let range = data.resolve(period);
    // All posts are ranked in place; for one kind, only that kind's posts of the period are
    // copied (cloning every post per question was most of the time of a ranking).
    let subset: std::borrow::Cow<'_, [PostRecord]> = match kind {
        None => std::borrow::Cow::Borrowed(data.posts),
        Some(_) => {
            let window = range.instants(data.timezone);
            std::borrow::Cow::Owned(
                data.posts
                    .iter()
                    .filter(|p| window.contains(p.published_at) && of_kind(p, kind))
                    .cloned()
                    .collect(),
            )
        }
    };
    let ranking = analytics::rank_posts(&subset, metric, range, data.timezone, count, order);
    let mut reply = crate::answers::ranking_reply(
        data.account,
        metric,
        period,
        range,
        &ranking,
        order == Order::Lowest,
        data.timezone,
    );
    if let Some(kind) = kind {
        if let Some(Block::Title(title) | Block::Text(title)) = reply.blocks.first_mut() {
            *title = title.replace(" posts by ", &format!(" {} by ", kind.plural()));
        }
    }
    if caption {
        if let Some((post, _)) = ranking.posts.first() {
            let text = post.caption.as_deref().unwrap_or("(no caption)");
            let cut: String = text.chars().take(500).collect();
            reply
                .blocks
                .insert(2.min(reply.blocks.len()), Block::Quote(cut));
        }
    }
    reply
}

fn follower_growth(data: &AnswerData<'_>, period: &Period) -> Reply {
    let range = data.resolve(period);
    let title = heading(data, "follower growth", period, range);
    let Some(change) = analytics::follower_change(data.snapshots, data.daily, range, data.timezone)
    else {
        return no_data(data, title, "follower counts");
    };
    let mut facts = Vec::new();
    match change {
        analytics::FollowerChange::Snapshots { change, from, to } => {
            facts.push((
                "Change".to_owned(),
                format!(
                    "{} ({} → {})",
                    signed(change),
                    from.format("%-d %b"),
                    to.format("%-d %b")
                ),
            ));
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

fn engagement_rate(
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
fn compare(data: &AnswerData<'_>, figure: Figure, current: &Period, previous: &Period) -> Reply {
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

fn online_followers(data: &AnswerData<'_>) -> Reply {
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
enum PartOfDay {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl PartOfDay {
    fn label(self) -> &'static str {
        match self {
            PartOfDay::Morning => "Morning (05–12)",
            PartOfDay::Afternoon => "Afternoon (12–17)",
            PartOfDay::Evening => "Evening (17–22)",
            PartOfDay::Night => "Night (22–05)",
        }
    }
}

fn part_of_day(hour: u32) -> PartOfDay {
    match hour {
        5..=11 => PartOfDay::Morning,
        12..=16 => PartOfDay::Afternoon,
        17..=21 => PartOfDay::Evening,
        _ => PartOfDay::Night,
    }
}

fn weekday_name(day: u32) -> &'static str {
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
struct GroupValue {
    value: f64,
    posts: usize,
}

/// Posts grouped by a key, each group's engagement rate (for `EngagementRate`) or mean
/// `metric` per post. Groups without data are left out.
fn grouped<'p, K: Ord>(
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

fn grouped_answer<K: Ord + Copy>(
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

fn best_time(data: &AnswerData<'_>, period: &Period) -> Reply {
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
    let title = format!("@{} · best time to post", data.account.username);
    let mut facts = Vec::new();
    if let Some((hour, _)) = online_by_local_hour(data).first() {
        facts.push((
            "Followers most online".into(),
            format!("{hour:02}:00–{:02}:00", (hour + 1) % 24),
        ));
    }
    let best = |map: &BTreeMap<u32, EngagementByReach>| {
        map.iter()
            .filter(|(_, r)| r.posts >= 2)
            .max_by(|a, b| a.1.rate().total_cmp(&b.1.rate()))
            .map(|(k, r)| (*k, *r))
    };
    if let Some((hour, rate)) = best(&by_hour) {
        facts.push((
            "Your posts do best when posted at".into(),
            format!(
                "{hour:02}:00 ({} over {})",
                percent(rate.rate()),
                n_posts(rate.posts)
            ),
        ));
    }
    if let Some((day, rate)) = best(&by_weekday) {
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

fn is_own(comment: &CommentRecord, account: &AccountRecord) -> bool {
    is_own_comment(comment, &account.username)
}

fn fans(data: &AnswerData<'_>, count: usize, period: &Period) -> Reply {
    let range = data.resolve(period);
    let title = heading(data, "top commenters", period, range);
    let comments = data.comments_within(range.instants(data.timezone));
    let mut counts: rustc_hash::FxHashMap<&str, (&str, usize)> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(comments.len() / 4, Default::default());
    for comment in comments {
        if is_own(comment, data.account) {
            continue;
        }
        let Some(name) = comment.author_username.as_deref() else {
            continue;
        };
        let key = comment.author_id.as_deref().unwrap_or(name);
        let entry = counts.entry(key).or_insert((name, 0));
        entry.1 += 1;
    }
    if counts.is_empty() {
        return no_data(
            data,
            title,
            "comments (Pulse reads the comments on posts of the last 90 days)",
        );
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_values().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let items = ranked
        .iter()
        .take(count)
        .map(|(name, n)| Item {
            text: format!(
                "@{name} · {}",
                crate::answers::count(*n as u64, "comment", "comments")
            ),
            url: None,
        })
        .collect();
    finish(
        data,
        Reply::text(title)
            .with(Block::Ranking(items))
            .with(Block::Note("Ranked by comments written in the period, replies included; your own replies are not counted.".into()))
            .private(),
    )
}

fn leads(data: &AnswerData<'_>, period: &Period) -> Reply {
    let range = data.resolve(period);
    let title = heading(data, "possible buyers in the comments", period, range);
    let instants = range.instants(data.timezone);
    // Replies come after what they answer: the period's start on is all open_leads needs.
    let found = open_leads(
        data.comments_from(instants.start),
        &data.account.username,
        instants,
    );
    if found.is_empty() {
        return finish(data, Reply::text(title).with(Block::Text("None: no unanswered comment in this period asks about price, buying, shipping, sizes, availability, links or DMs.".into())));
    }
    let permalinks: HashMap<&str, &str> = data
        .posts
        .iter()
        .filter_map(|p| p.permalink.as_deref().map(|l| (p.id.as_str(), l)))
        .collect();
    let total = found.len();
    let items = found
        .iter()
        .take(10)
        .map(|c| Item {
            text: format!(
                "@{} · {} · {}",
                c.author_username.as_deref().unwrap_or("someone"),
                c.published_at
                    .with_timezone(&data.timezone)
                    .format("%-d %b %H:%M"),
                caption_start(Some(&c.text), 80)
            ),
            url: permalinks.get(c.post_id.as_str()).map(|l| (*l).to_owned()),
        })
        .collect();
    let mut reply = Reply::text(title).with(Block::Ranking(items));
    if total > 10 {
        reply = reply.with(Block::Note(format!(
            "The 10 newest of {}.",
            thousands(total as u64)
        )));
    }
    finish(
        data,
        reply
            .with(Block::Note("Comments that ask about price, buying, ordering, shipping, sizes, availability, links or DMs, and that you have not replied to; newest first.".into()))
            .private(),
    )
}

fn hashtags(data: &AnswerData<'_>, period: &Period) -> Reply {
    let range = data.resolve(period);
    let title = heading(data, "hashtags", period, range);
    let mut rates: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for post in published(data, range, None) {
        let Some(rate) = Metric::EngagementRate.of(post) else {
            continue;
        };
        for tag in analytics::hashtags(post.caption.as_deref().unwrap_or("")) {
            rates.entry(tag).or_default().push(rate);
        }
    }
    let mut ranked: Vec<(String, f64, usize)> = rates
        .into_iter()
        .filter(|(_, r)| r.len() >= 3)
        .map(|(tag, r)| (tag, r.iter().sum::<f64>() / r.len() as f64, r.len()))
        .collect();
    if ranked.is_empty() {
        return no_data(data, title, "hashtags used in 3 posts or more");
    }
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let items = ranked
        .iter()
        .take(10)
        .map(|(tag, rate, n)| Item {
            text: format!(
                "#{tag} · {} mean engagement rate · {}",
                percent(*rate),
                n_posts(*n)
            ),
            url: None,
        })
        .collect();
    finish(
        data,
        Reply::text(title)
            .with(Block::Ranking(items))
            .with(Block::Note("Hashtags used in at least 3 posts published in the period, ranked by the mean engagement rate (by reach) of those posts.".into())),
    )
}

fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        percent(part as f64 / whole as f64)
    }
}

fn demographics(data: &AnswerData<'_>, audience: Audience) -> Reply {
    let title = format!("@{} · your followers", data.account.username);
    let Some(d) = data
        .demographics
        .filter(|d| !(d.ages.is_empty() && d.countries.is_empty() && d.genders.is_empty()))
    else {
        return finish(data, Reply::text(title).with(Block::Text("Instagram gives no demographics for this account (it needs 100 followers or more).".into())));
    };
    let list = |buckets: &[(String, u64)], n: usize| {
        let total: u64 = buckets.iter().map(|(_, c)| c).sum();
        buckets
            .iter()
            .take(n)
            .map(|(name, c)| {
                (
                    name.clone(),
                    format!("{} ({})", thousands(*c), share(*c, total)),
                )
            })
            .collect::<Vec<_>>()
    };
    let reply = match audience {
        Audience::Places => Reply::text(title)
            .with(Block::Text("Top countries:".into()))
            .with(Block::Facts(list(&d.countries, 5)))
            .with(Block::Text("Top cities:".into()))
            .with(Block::Facts(list(&d.cities, 5))),
        Audience::Ages => {
            let total: u64 = d.ages.iter().map(|(_, c)| c).sum();
            let mut reply = Reply::text(title);
            if let Some((bucket, count)) = d.ages.iter().max_by_key(|(_, c)| *c) {
                reply = reply.with(Block::Text(format!("Most of your followers are {bucket}: {} of those Instagram reports an age for.", share(*count, total))));
            }
            reply.with(Block::Facts(list(&d.ages, 7)))
        }
        Audience::Genders => Reply::text(title).with(Block::Facts(list(&d.genders, 3))),
    };
    finish(
        data,
        reply.with(Block::Note(format!(
            "Instagram's follower demographics (this month, top buckets only, followers with a known value), read {}.",
            local_time(d.fetched_at, data.timezone)
        ))),
    )
}

/// The newest post (of a kind) and its latest figures.
fn latest_post_figures(data: &AnswerData<'_>, kind: Option<MediaKind>) -> Reply {
    let Some(post) = data
        .posts
        .iter()
        .filter(|p| of_kind(p, kind))
        .max_by_key(|p| p.published_at)
    else {
        return finish(
            data,
            Reply::text(format!(
                "Pulse has no {} of @{} yet.",
                kind_plural(kind),
                data.account.username
            )),
        );
    };
    let title = format!(
        "@{} · your latest {} ({})",
        data.account.username,
        post.media_kind().noun(),
        post.published_at
            .with_timezone(&data.timezone)
            .format("%-d %b %Y %H:%M")
    );
    let mut reply = Reply::text(title).with(Block::Ranking(vec![Item {
        text: caption_start(post.caption.as_deref(), 60),
        url: post.permalink.clone(),
    }]));
    let mut facts = Vec::new();
    for metric in [
        Metric::Likes,
        Metric::Comments,
        Metric::Saves,
        Metric::Shares,
        Metric::Reach,
        Metric::Views,
        Metric::Interactions,
        Metric::EngagementRate,
    ] {
        if let Some(value) = metric.of(post) {
            let shown = if metric.is_rate() {
                percent(value)
            } else {
                thousands(value.round() as u64)
            };
            facts.push((capitalised(metric.noun()), shown));
        }
    }
    if facts.is_empty() {
        reply = reply.with(Block::Text("Instagram has no figures for it yet.".into()));
    } else {
        reply = reply.with(Block::Facts(facts));
    }
    let read = post
        .metrics_updated_at
        .map(|at| format!("Figures read {}.", local_time(at, data.timezone)))
        .unwrap_or_else(|| {
            "Its insights have not been read yet; likes and comments are from the post list.".into()
        });
    finish(
        data,
        reply.with(Block::Note(format!(
            "{read} Interactions = likes + comments + saves + shares; engagement rate = interactions ÷ reach."
        ))),
    )
}

fn latest_post(data: &AnswerData<'_>, show_comments: bool) -> Reply {
    let Some(post) = data.posts.iter().max_by_key(|p| p.published_at) else {
        return finish(data, Reply::text("Pulse has no posts of this account yet."));
    };
    let title = format!(
        "@{} · your latest post ({}, {})",
        data.account.username,
        post.media_kind().noun(),
        post.published_at
            .with_timezone(&data.timezone)
            .format("%-d %b %Y %H:%M")
    );
    // Comments come after their post; a day's margin covers clocks that disagree.
    let mut comments: Vec<&CommentRecord> = data
        .comments_from(post.published_at - chrono::Duration::days(1))
        .iter()
        .filter(|c| c.post_id == post.id && !is_own(c, data.account))
        .collect();
    comments.sort_by_key(|c| std::cmp::Reverse(c.published_at));
    let mut reply = Reply::text(title);
    if let Some(link) = &post.permalink {
        reply = reply.with(Block::Ranking(vec![Item {
            text: caption_start(post.caption.as_deref(), 60),
            url: Some(link.clone()),
        }]));
    }
    if comments.is_empty() {
        return finish(
            data,
            reply.with(Block::Text(
                "No comments on it yet (as of the last sync).".into(),
            )),
        );
    }
    if show_comments {
        reply = reply.with(Block::Text(match comments.len() {
            1 => "Its one comment:".to_owned(),
            n => format!(
                "The newest of its {}:",
                count(n as u64, "comment", "comments")
            ),
        }));
        for comment in comments.iter().take(5) {
            let text: String = comment.text.chars().take(200).collect();
            reply = reply.with(Block::Quote(format!(
                "@{}: {text}",
                comment.author_username.as_deref().unwrap_or("someone")
            )));
        }
    } else {
        let mut names: Vec<String> = Vec::new();
        for comment in &comments {
            if let Some(name) = &comment.author_username {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        reply = reply.with(Block::Text(format!(
            "{} commented ({}): {}",
            count(names.len() as u64, "person", "people"),
            count(comments.len() as u64, "comment", "comments"),
            crate::answers::names_and_more(&names, 20)
        )));
    }
    finish(data, reply.private())
}

/// The group with the best engagement rate among those with at least 3 posts.
fn pick<K>(rates: BTreeMap<K, EngagementByReach>) -> Option<(K, EngagementByReach)> {
    rates
        .into_iter()
        .filter(|(_, r)| r.posts >= 3)
        .max_by(|a, b| a.1.rate().total_cmp(&b.1.rate()))
}

fn recommendation(data: &AnswerData<'_>, period: &Period) -> Reply {
    let range = data.resolve(period);
    let tz = data.timezone;
    let posts = published(data, range, None);
    let title = format!("@{} · what to post next", data.account.username);
    let mut lines = Vec::new();
    if let Some((kind, rate)) = pick(analytics::engagement_by(posts.iter().copied(), |p| {
        Some(p.media_kind())
    })) {
        lines.push(format!(
            "A {}: {} had the best engagement rate, {} over {}.",
            kind.noun(),
            kind.plural(),
            percent(rate.rate()),
            n_posts(rate.posts)
        ));
    }
    if let Some((day, rate)) = pick(analytics::engagement_by(posts.iter().copied(), |p| {
        Some(
            p.published_at
                .with_timezone(&tz)
                .weekday()
                .num_days_from_monday(),
        )
    })) {
        lines.push(format!(
            "On a {}: {} over {}.",
            weekday_name(day),
            percent(rate.rate()),
            n_posts(rate.posts)
        ));
    }
    if let Some((part, rate)) = pick(analytics::engagement_by(posts.iter().copied(), |p| {
        Some(part_of_day(p.published_at.with_timezone(&tz).hour()))
    })) {
        lines.push(format!(
            "In the {}: {} over {}.",
            part.label().to_lowercase(),
            percent(rate.rate()),
            n_posts(rate.posts)
        ));
    }
    let mut tags: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for post in &posts {
        if let Some(rate) = Metric::EngagementRate.of(post) {
            for tag in analytics::hashtags(post.caption.as_deref().unwrap_or("")) {
                tags.entry(tag).or_default().push(rate);
            }
        }
    }
    if let Some((tag, rates)) = tags
        .into_iter()
        .filter(|(_, r)| r.len() >= 3)
        .max_by(|a, b| {
            let mean = |r: &Vec<f64>| r.iter().sum::<f64>() / r.len() as f64;
            mean(&a.1).total_cmp(&mean(&b.1))
        })
    {
        lines.push(format!(
            "With #{tag}: {} mean engagement rate over {}.",
            percent(rates.iter().sum::<f64>() / rates.len() as f64),
            n_posts(rates.len())
        ));
    }
    if lines.is_empty() {
        return no_data(
            data,
            title,
            "posts with reach data in the last 90 days to learn from",
        );
    }
    finish(
        data,
        Reply::text(title)
            .with(Block::Ranking(
                lines
                    .into_iter()
                    .map(|text| Item { text, url: None })
                    .collect(),
            ))
            .with(Block::Note(format!(
                "Learned from your {} of {range} (groups of at least 3 posts). {RATE_DEFINITION}",
                n_posts(posts.len())
            ))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Backfill, KindRecord};
    use chrono::{DateTime, Utc};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }

    fn account() -> AccountRecord {
        AccountRecord {
            id: crate::account::AccountId::for_test("1"),
            network: crate::account::Network::Instagram,
            user_id: "1".into(),
            app_scoped_id: "2".into(),
            username: "shop".into(),
            name: None,
            followers_count: 1000,
            follows_count: 1,
            media_count: 3,
            status: crate::records::AccountStatus::Active,
            linked_at: at(1, 0),
            token_issued_at: at(1, 0),
            token_expires_at: at(30, 0),
            backfill: Backfill::Done { at: at(23, 12) },
            last_sync_at: Some(at(23, 12)),
            daily_sync_at: Some(at(23, 12)),
            sync_not_before: None,
        }
    }

    fn post(
        id: &str,
        kind: KindRecord,
        published: DateTime<Utc>,
        likes: u64,
        reach: u64,
        caption: &str,
    ) -> PostRecord {
        let mut post = crate::fixtures::post_record(id, kind, published, likes, Some(reach));
        post.caption = Some(caption.into());
        post.metrics.views = Some(reach * 2);
        post
    }

    fn comment(
        id: &str,
        post: &str,
        author: &str,
        text: &str,
        d: u32,
        parent: Option<&str>,
    ) -> CommentRecord {
        CommentRecord {
            id: id.into(),
            post_id: post.into(),
            parent_id: parent.map(Into::into),
            author_id: Some(format!("id-{author}")),
            author_username: Some(author.into()),
            text: text.into(),
            published_at: at(d, 10),
            like_count: None,
        }
    }

    struct Fixture {
        account: AccountRecord,
        posts: Vec<PostRecord>,
        daily: Vec<DailyRecord>,
        comments: Vec<CommentRecord>,
    }

    fn fixture() -> Fixture {
        Fixture {
            account: account(),
            // Engagement rates (likes ÷ reach): A reel 20 %, B reel 10 %, C photo 5 %, D photo 15 %.
            posts: vec![
                post(
                    "A",
                    KindRecord::Reel,
                    at(20, 8),
                    200,
                    1000,
                    "morning reel #clay #studio",
                ),
                post(
                    "B",
                    KindRecord::Reel,
                    at(21, 19),
                    50,
                    500,
                    "evening reel #clay",
                ),
                post(
                    "C",
                    KindRecord::Image,
                    at(22, 19),
                    10,
                    200,
                    "photo #clay #studio",
                ),
                post(
                    "D",
                    KindRecord::Image,
                    at(23, 9),
                    30,
                    200,
                    "latest photo #studio",
                ),
            ],
            daily: (17..=22)
                .map(|d| DailyRecord {
                    date: day(d),
                    reach: Some(100 * u64::from(d - 16)),
                    comments: Some(3),
                    ..Default::default()
                })
                .collect(),
            comments: vec![
                comment("c1", "D", "ana", "how much?", 23, None),
                comment("c2", "D", "ben", "love it", 23, None),
                comment("c3", "D", "ana", "is this still available?", 22, None),
                comment("c4", "D", "shop", "DM'd you!", 23, Some("c3")),
                comment("c5", "C", "ana", "price pls", 10, None),
                comment("c6", "C", "cleo", "how much I love this", 22, None),
            ]
            .into_iter()
            .sorted_oldest_first(),
        }
    }

    trait OldestFirst {
        fn sorted_oldest_first(self) -> Vec<CommentRecord>;
    }

    impl<I: Iterator<Item = CommentRecord>> OldestFirst for I {
        fn sorted_oldest_first(self) -> Vec<CommentRecord> {
            let mut comments: Vec<CommentRecord> = self.collect();
            comments.sort_by_key(|c| c.published_at);
            comments
        }
    }

    fn ask(fixture: &Fixture, question: &str) -> String {
        ask_with(fixture, question, &[], &[], None)
    }

    fn ask_with(
        fixture: &Fixture,
        question: &str,
        snapshots: &[FollowerSnapshotRecord],
        online: &[OnlineFollowersRecord],
        demographics: Option<&DemographicsRecord>,
    ) -> String {
        let data = AnswerData {
            account: &fixture.account,
            posts: &fixture.posts,
            daily: &fixture.daily,
            snapshots,
            online,
            demographics,
            comments: &fixture.comments,
            timezone: chrono_tz::UTC,
            today: day(23),
        };
        match super::super::parse(question, None, data.today, data.timezone) {
            super::super::Parsed::Understood { queries, .. } => {
                answer(&queries[0], &data).to_plain_text()
            }
            _ => not_understood(&NotUnderstood { off_topic: true }).to_plain_text(),
        }
    }

    #[test]
    fn answers_worked_out_by_hand() {
        let f = fixture();
        // Reels: (200 + 50) / (1000 + 500) = 16.67 % over 2; photos: (10 + 30) / 400 = 10 %.
        let types = ask(&f, "do reels or photos perform better in the last 7 days?");
        assert!(
            types.contains("Reels: 16.67% (2 posts)") && types.contains("Photos: 10.00% (2 posts)"),
            "{types}"
        );
        assert!(
            types.contains("Best: Reels, at 16.67% (2 posts)"),
            "{types}"
        );
        // Sum of daily reach over 17–23 Nov: 100 + … + 600 = 2,100 over 6 of 7 days.
        let reach = ask(&f, "what was my reach in the last 7 days?");
        assert!(
            reach.contains("Reach (sum of daily reach): 2,100")
                && reach.contains("6 of 7 days have data"),
            "{reach}"
        );
        // Views of reels published this week: A 2,000 + B 1,000.
        let views = ask(&f, "how many views did my reels get in the last 7 days?");
        assert!(
            views.contains("Total views: 3,000") && views.contains("Reels published: 2"),
            "{views}"
        );
        // Hashtags in ≥3 posts: #clay (A 20 %, B 10 %, C 5 % → 11.67 %), #studio (A, C, D → 13.33 %).
        let tags = ask(&f, "which hashtags work best this month?");
        let studio = tags.find("#studio · 13.33%").expect("#studio first");
        let clay = tags.find("#clay · 11.67%").expect("#clay second");
        assert!(studio < clay, "{tags}");
        // Mornings (A, D): 230 / 1,200 = 19.17 %; evenings (B, C): 60 / 700 = 8.57 %.
        let parts = ask(
            &f,
            "does posting in the morning work better than in the evening this month?",
        );
        assert!(
            parts.contains("Morning (05–12): 19.17% (2 posts)")
                && parts.contains("Evening (17–22): 8.57% (2 posts)"),
            "{parts}"
        );
    }

    #[test]
    fn fans_leads_and_the_latest_post() {
        let f = fixture();
        let fans = ask(&f, "who comments the most?");
        assert!(fans.contains("1. @ana · 3 comments"), "{fans}");
        assert!(
            !fans.contains(". @shop"),
            "the account's own replies are not fans: {fans}"
        );
        // Leads this week: "how much?" (c1); c3 was answered by the shop; c6 is a near miss;
        // c5 is older than the week.
        let leads = ask(&f, "any potential buyers in the comments this week?");
        assert!(
            leads.contains("@ana") && leads.contains("“how much?”"),
            "{leads}"
        );
        assert!(
            !leads.contains("available")
                && !leads.contains("love this")
                && !leads.contains("price pls"),
            "{leads}"
        );
        let saying = ask(&f, "what are people saying about my latest post?");
        assert!(
            saying.contains("> @ana: how much?") && saying.contains("> @ben: love it"),
            "{saying}"
        );
        assert!(
            !saying.contains("DM'd you"),
            "the account's own reply is not what people say"
        );
        let who = ask(&f, "who commented on my latest post?");
        assert!(
            who.contains("2 people commented (3 comments): @ana, @ben")
                || who.contains("2 people commented (3 comments): @ben, @ana"),
            "{who}"
        );
    }

    #[test]
    fn counts_means_comparisons_and_trends_by_hand() {
        let f = fixture();
        // Posts published 17–23 Nov: A, B (reels), C, D (photos).
        let count = ask(&f, "how many posts did i publish in the last 7 days?");
        assert!(
            count.contains("You published 4 posts (2 photos, 2 reels)."),
            "{count}"
        );
        // Mean likes: (200 + 50 + 10 + 30) / 4 = 72.5.
        let mean = ask(&f, "average likes per post in the last 7 days");
        assert!(
            mean.contains("Average likes per post: 72.5") && mean.contains("Posts counted: 4"),
            "{mean}"
        );
        // Reach 20–22 Nov (400 + 500 + 600 = 1,500) vs 17–19 Nov (100 + 200 + 300 = 600): +150 %.
        let compare = ask(
            &f,
            "compare reach between 2026-11-20 and 2026-11-22 vs between 2026-11-17 and 2026-11-19",
        );
        assert!(
            compare.contains(": 1,500 (3 days with data)")
                && compare.contains(": 600 (3 days with data)"),
            "{compare}"
        );
        assert!(compare.contains("Change: +150.0%"), "{compare}");
        // Daily reach 100, 200, …, 600 over 17–22 Nov: +100 a day; fitted change 500 over a
        // mean of 350 = +143 %.
        let trend = ask(&f, "is my reach trending up in the last 7 days?");
        assert!(
            trend.contains(
                "Trending up: about +143% over the period (+100 a day), fitted over 6 days."
            ),
            "{trend}"
        );
    }

    #[test]
    fn growth_weekdays_best_time_and_audience_by_hand() {
        let f = fixture();
        let snapshot = |d: u32, followers: u64| FollowerSnapshotRecord {
            date: day(d),
            followers,
            taken_at: at(d, 9),
        };
        let snapshots = [snapshot(15, 990), snapshot(20, 1000), snapshot(23, 1012)];
        // Last 7 days (17–23): the last snapshot before the 17th is the 15th: 1,012 − 990 = +22.
        let growth = ask_with(
            &f,
            "how many followers did i gain in the last 7 days",
            &snapshots,
            &[],
            None,
        );
        assert!(
            growth.contains("Change: +22 (15 Nov → 23 Nov)")
                && growth.contains("Followers now: 1,012"),
            "{growth}"
        );
        // Weekdays: A Fri 20 %, B Sat 10 %, C Sun 5 %, D Mon 15 % → Friday best.
        let weekdays = ask(&f, "which day of the week is best this month?");
        assert!(
            weekdays.contains("Best: Friday, at 20.00% (1 post) (few posts: a weak signal)."),
            "{weekdays}"
        );
        // Online followers at 19:00 UTC: (500 + 700) / 2 = 600 on average; 08:00: 300.
        let online = [
            OnlineFollowersRecord {
                date: day(21),
                by_hour: vec![(8, 300), (19, 500)],
            },
            OnlineFollowersRecord {
                date: day(22),
                by_hour: vec![(8, 300), (19, 700)],
            },
        ];
        let when = ask_with(&f, "when are my followers online?", &[], &online, None);
        assert!(
            when.contains("1. 19:00–20:00 · 600 followers online on average"),
            "{when}"
        );
        let best = ask_with(&f, "what's the best time to post?", &[], &online, None);
        assert!(
            best.contains("Followers most online: 19:00–20:00"),
            "{best}"
        );
        // Audience: 25-34 is 500 of 1,000 with a known age = 50 %.
        let demographics = DemographicsRecord {
            ages: vec![
                ("25-34".into(), 500),
                ("18-24".into(), 300),
                ("35-44".into(), 200),
            ],
            countries: vec![("GB".into(), 600), ("US".into(), 400)],
            cities: vec![("London, England".into(), 300)],
            genders: vec![("F".into(), 700), ("M".into(), 300)],
            fetched_at: at(23, 9),
        };
        let ages = ask_with(
            &f,
            "what age group are most of my followers?",
            &[],
            &[],
            Some(&demographics),
        );
        assert!(
            ages.contains("Most of your followers are 25-34: 50.00%"),
            "{ages}"
        );
        let places = ask_with(
            &f,
            "where are my followers from?",
            &[],
            &[],
            Some(&demographics),
        );
        assert!(
            places.contains("GB: 600 (60.00%)")
                && places.contains("London, England: 300 (100.00%)"),
            "{places}"
        );
    }

    #[test]
    fn recommendations_come_from_the_accounts_own_numbers() {
        let mut f = fixture();
        // Three more reels so that reels form a group of at least 3 (rates 20 %, 10 %, 30 %…).
        for (i, d) in [(1, 10), (2, 11), (3, 12)] {
            f.posts.push(post(
                &format!("R{i}"),
                KindRecord::Reel,
                at(d, 19),
                300,
                1000,
                "#clay reel",
            ));
        }
        let advice = ask(&f, "what should i post next?");
        // Reels: (200 + 50 + 900) / (1000 + 500 + 3000) = 25.56 % over 5 posts.
        assert!(
            advice.contains("A reel: reels had the best engagement rate, 25.56% over 5 posts."),
            "{advice}"
        );
        assert!(advice.contains("Learned from your 7 posts of"), "{advice}");
    }

    #[test]
    fn no_data_is_said_and_never_made_up() {
        let f = fixture();
        for question in [
            "how many views did my reels get in 2020?",
            "what was my reach in 2020?",
            "which hashtags work best in 2020?",
        ] {
            let text = ask(&f, question);
            assert!(text.contains("Pulse has no"), "{question}: {text}");
        }
        let weather = ask(&f, "what's the weather tomorrow?");
        assert!(
            weather.contains("I answer questions about your Instagram account"),
            "{weather}"
        );
        assert!(
            weather.contains("1. Which post had the most saves last month"),
            "{weather}"
        );
    }
}
