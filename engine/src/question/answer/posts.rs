//! Answers about the posts themselves: top posts, the latest post and its figures, hashtags,
//! and what to post more of.

use std::collections::BTreeMap;

use chrono::{Datelike, Timelike};

use crate::analytics::{self, EngagementByReach, Order};
use crate::answers::{caption_start, count, local_time, percent, thousands};
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use crate::records::{CommentRecord, PostRecord};
use crate::reply::{Block, Item, Reply};

use super::audience::is_own;
use super::times::{part_of_day, weekday_name};
use super::{
    capitalised, finish, heading, kind_plural, n_posts, no_data, of_kind, published, AnswerData,
    RATE_DEFINITION,
};

pub(super) fn posts_answer(
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

pub(super) fn hashtags(data: &AnswerData<'_>, period: &Period) -> Reply {
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

/// The newest post (of a kind) and its latest figures.
pub(super) fn latest_post_figures(data: &AnswerData<'_>, kind: Option<MediaKind>) -> Reply {
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
        // ("how many followers did my last reel bring in")
        Metric::Follows,
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

pub(super) fn latest_post(data: &AnswerData<'_>, show_comments: bool) -> Reply {
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

pub(super) fn recommendation(data: &AnswerData<'_>, period: &Period) -> Reply {
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
