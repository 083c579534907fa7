//! The people around the account: fans, leads and demographics.

use std::collections::HashMap;

use crate::answers::{caption_start, local_time, percent, thousands};
use crate::leads::{is_own_comment, open_leads};
use crate::period::{DateRange, Period};
use crate::question::Audience;
use crate::records::{AccountRecord, CommentRecord};
use crate::reply::{Block, Item, Reply};

use super::{finish, heading, no_data, AnswerData};

pub(super) fn is_own(comment: &CommentRecord, account: &AccountRecord) -> bool {
    is_own_comment(comment, &account.username)
}

/// The people who wrote comments in `range` (the account's own replies left out), with how
/// many each wrote, most first (ties by handle): what `/fans`, fan questions and the stats
/// API rank.
pub fn fan_counts(data: &AnswerData<'_>, range: DateRange) -> Vec<(String, usize)> {
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
    let mut ranked: Vec<(&str, usize)> = counts.into_values().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
        .into_iter()
        .map(|(name, n)| (name.to_owned(), n))
        .collect()
}

pub(super) fn fans(data: &AnswerData<'_>, count: usize, period: &Period) -> Reply {
    let range = data.resolve(period);
    let title = heading(data, "top commenters", period, range);
    let ranked = fan_counts(data, range);
    if ranked.is_empty() {
        return no_data(
            data,
            title,
            "comments (Pulse reads the comments on posts of the last 90 days)",
        );
    }
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

pub(super) fn leads(data: &AnswerData<'_>, period: &Period) -> Reply {
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

fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        percent(part as f64 / whole as f64)
    }
}

pub(super) fn demographics(data: &AnswerData<'_>, audience: Audience) -> Reply {
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
