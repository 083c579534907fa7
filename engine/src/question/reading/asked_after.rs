//! Follow-ups that ask anew about what was just answered: the same figure for another type
//! of post ("and the photos, how much?"), the weakest posts behind a figure ("which posts
//! dragged it down?"), the posts behind a comparison ("why the drop? did we post less?"),
//! the comparison behind "why is it lower?", and a breakdown judged "by avg likes tho".

use super::follow_up::{follow_up_cue, Cue, Refinement};
use super::interpret::first_period;
use super::signals::{Part, Signals};
use crate::metric::Metric;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::when::When;

/// What a follow-up asks anew of the previous question, if it is one of these.
pub(super) fn asked_after(
    part: &Part<'_>,
    s: &Signals,
    periods: &[When],
    previous: &Frame,
) -> Option<Frame> {
    // "and the photos, how much?" after the views of reels: the views of photos (not how
    // many photos there were).
    // ("and how many reels was that?" counts them.)
    let media_at = part
        .tokens
        .iter()
        .find(|t| matches!(t.role, Some(Role::Media(_))))
        .map(|t| t.at);
    let how_many_at = part
        .tokens
        .iter()
        .find(|t| matches!(t.role, Some(Role::HowMany)))
        .map(|t| (t.at, t.text == "how much"));
    let named_then_asked = match (media_at, how_many_at) {
        (Some(media), Some((asked, much))) => much || media < asked,
        _ => false,
    };
    if named_then_asked
        && s.metrics.is_empty()
        && s.media.len() == 1
        && !s.followers
        && part.tokens.len() <= 6
        && previous.metric.is_some()
        && matches!(
            previous.kind,
            Kind::PostTotal | Kind::AccountTotal | Kind::PostMean
        )
        && follow_up_cue(part, s) == Cue::Strong
    {
        let mut same = previous.clone();
        same.media = s.media.first().copied();
        if same.kind == Kind::AccountTotal {
            same.kind = Kind::PostTotal;
        }
        same.period = first_period(periods).or(previous.period);
        return Some(same);
    }
    // "which posts dragged it down?" after a figure: its weakest posts, by that figure,
    // in the period just asked about.
    let dragged_down = part.tokens.iter().find(|t| {
        matches!(t.role, Some(Role::Lowest))
            && t.text.ends_with(" down")
            && t.text
                .split(' ')
                .nth(1)
                .is_some_and(|w| matches!(w, "it" | "us" | "me"))
    });
    // ("why the drop? which posts pulled it down": the posts of that clause, many.)
    let many = dragged_down.is_some_and(|down| {
        part.tokens.iter().any(|t| {
            t.clause == down.clause
                && matches!(t.role, Some(Role::Posts | Role::Media(_)))
                && t.text.ends_with('s')
        })
    });
    let dragged_down = dragged_down.is_some();
    let ranked_by = match previous.kind {
        Kind::Rate => Some(Metric::EngagementRate),
        _ => previous.metric,
    };
    if let Some(metric) = ranked_by.filter(|_| dragged_down && s.metrics.is_empty()) {
        let mut weakest = Frame::new(Kind::Top);
        weakest.metric = Some(metric);
        weakest.order = Some(crate::analytics::Order::Lowest);
        weakest.count = Some(s.number.map_or(if many { 5 } else { 1 }, |n| n as usize));
        weakest.media = s.media.first().copied().or(previous.media);
        weakest.period = first_period(periods).or(previous.period);
        return Some(weakest);
    }
    // "which post brought the most?", "which reel tho" after a figure of posts: the post
    // that got most of it, in the period just asked about (a period or figure of its own
    // makes it a new question).
    let which_post = part.sentence.words.windows(2).any(|w| {
        matches!(w[0].as_str(), "which" | "what" | "whats")
            && matches!(
                w[1].as_str(),
                "post" | "reel" | "video" | "photo" | "carousel" | "pic" | "one"
            )
    });
    // (Not "what was our reach last week and which post did best": its own second part.)
    let first_at = part.tokens.first().map_or(0, |t| t.at);
    let nothing_asked_before = part.sentence.tokens.iter().all(|t| {
        t.at >= first_at
            || !matches!(
                t.role,
                Some(
                    Role::Metric(_)
                        | Role::HowMany
                        | Role::Followers
                        | Role::Rate
                        | Role::Posts
                        | Role::Media(_)
                )
            )
    });
    let figure_of_posts = matches!(previous.kind, Kind::PostTotal | Kind::PostMean)
        || previous.kind == Kind::AccountTotal
            && previous.metric.is_some_and(|m| m != Metric::Follows);
    if which_post
        && figure_of_posts
        && s.metrics.is_empty()
        && !s.followers
        && part.mentions.is_empty()
        && s.media.len() <= 1
        && nothing_asked_before
        // ("which one is the best time to post", "which post type is best", "which one do
        // you mean": another question.)
        && !(s.when || s.time || s.day_of_week || s.part_of_day || s.format || s.hashtags)
        && !part.sentence.words.iter().any(|w| matches!(w.as_str(), "mean" | "type" | "you"))
        && previous.versus.is_none()
        // ("which one was higher" after two months: the two set against each other.)
        && !(s.compare || s.more || s.less)
        && !s.advice
        && !s.latest
        && s.unknown.is_empty()
    {
        let mut best = Frame::new(Kind::Top);
        best.metric = previous.metric;
        best.order = s.lowest.then_some(crate::analytics::Order::Lowest);
        best.count = Some(1);
        best.media = s.media.first().copied().or(previous.media);
        best.period = previous.period;
        return Some(best);
    }
    // "why the drop? did we post less?", "is it because I posted fewer reels?" after a
    // comparison: how many posts each side had, over the same two periods.
    let same_periods = periods.iter().all(|when| match when {
        When::Period(period) => [previous.period, previous.versus].contains(&Some(*period)),
        _ => false,
    });
    if previous.versus.is_some()
        && s.publish
        && (s.less || s.more)
        && s.metrics.is_empty()
        && s.media.len() <= 1
        && same_periods
    {
        let mut posts = Frame::new(Kind::PostCount);
        posts.media = s.media.first().copied();
        posts.period = previous.period;
        posts.versus = previous.versus;
        return Some(posts);
    }
    None
}

/// "why is it lower than last week?", "why is it dropping tho" after a figure of one
/// period: Pulse cannot see why, but it can show the move asked about — the figure set
/// against the period named, or the one before.
pub(super) fn why_it_moved(
    part: &Part<'_>,
    s: &Signals,
    periods: &[When],
    previous: &Frame,
) -> Option<Refinement> {
    let words = &part.sentence.words;
    let why = words.first().is_some_and(|w| w == "why")
        || words
            .windows(2)
            .any(|w| matches!(w[0].as_str(), "but" | "and" | "so" | "ok" | "hmm") && w[1] == "why");
    let moved = s.more
        || s.less
        || words.iter().any(|w| {
            matches!(
                w.as_str(),
                "drop"
                    | "dropping"
                    | "dropped"
                    | "down"
                    | "tank"
                    | "tanked"
                    | "tanking"
                    | "falling"
                    | "fell"
                    | "declining"
                    | "declined"
                    | "dipped"
                    | "dipping"
                    | "lower"
                    | "higher"
                    | "worse"
                    | "better"
                    | "up"
                    | "rising"
                    | "climbing"
                    | "crashed"
                    | "slumped"
                    | "low"
                    | "high"
            )
        });
    // ("why is it lower on weekends", "… in the evening", "… than instagram says": another
    // question.)
    let asks_other = s.day_of_week
        || s.part_of_day
        || s.time
        || words
            .iter()
            .any(|w| matches!(w.as_str(), "says" | "shows" | "said" | "showed"));
    let same_figure = !asks_other
        && (s.metrics.iter().all(|m| Some(*m) == previous.metric)
            || previous.kind == Kind::Rate && s.metrics == [Metric::EngagementRate]);
    let named = periods
        .iter()
        .filter(|w| matches!(w, When::Period(_)))
        .count();
    (why && moved
        && previous.kind.comparable()
        && previous.versus.is_none()
        && same_figure
        && s.media.is_empty()
        && !s.publish
        && !s.posts
        && named <= 1)
        .then(|| Refinement {
            compare: true,
            period: periods
                .iter()
                .find(|w| matches!(w, When::Period(_)))
                .cloned(),
            ..Refinement::default()
        })
}

/// "show me the 3 worst, with captions", "give me the top 5" after a ranking of posts: the
/// same posts (their type and period), ranked as now asked.
pub(super) fn ranked_again(part: &Part<'_>, s: &Signals, previous: &Frame) -> Option<Refinement> {
    let ranks = s.highest || s.lowest;
    let only_ranking = super::follow_up::only_ranking_words(part, |t| {
        matches!(t.role, Some(Role::Caption | Role::Joiner | Role::Posts))
            || matches!(t.text.as_str(), "show" | "give" | "list")
    });
    (previous.kind == Kind::Top
        && ranks
        && only_ranking
        && part.mentions.is_empty()
        && s.metrics.is_empty()
        && s.media.is_empty()
        && s.unknown.is_empty())
    .then(|| super::follow_up::refinement(s, &[]))
}

/// "by avg likes tho", "on average saves?" after the post types, parts of the day or weekdays
/// compared: the same breakdown by that figure (each side is already an average per post).
pub(super) fn broken_down_by_average(
    part: &Part<'_>,
    s: &Signals,
    previous: &Frame,
) -> Option<Refinement> {
    let only_the_figure = super::follow_up::only_ranking_words(part, |t| {
        matches!(t.role, Some(Role::Average | Role::Metric(_)))
            || matches!(
                t.text.as_str(),
                "by" | "tho" | "though" | "on" | "per" | "post"
            )
    });
    (matches!(
        previous.kind,
        Kind::ByType | Kind::PartsOfDay | Kind::Weekdays
    ) && s.average
        && s.metrics.len() == 1
        && only_the_figure
        && part.mentions.is_empty()
        && s.media.is_empty())
    .then(|| Refinement {
        average: false,
        ..super::follow_up::refinement(s, &[])
    })
}
