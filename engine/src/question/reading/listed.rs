//! Several figures asked in one question: one of each metric listed ("reach and ER last 7
//! days"), a summary of each of two periods ("a summary of this quarter vs last"), or the
//! newest post beside the best ("is my newest reel doing better than my top one?").

use super::decide::{leftover, strong};
use super::signals::{Part, Signals};
use super::{decide, sentence, swapped, Reading};
use crate::metric::Metric;
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::when::When;
use crate::question::{Parsed, Query};
use chrono::NaiveDate;

/// "reach and ER last 7 days", "reach, views and interactions", "WoW views + reach": one
/// figure of each metric listed, in the same frame.
pub(super) fn listed_figures(
    whole: &Part<'_>,
    signals: &Signals,
    reading: &Reading,
) -> Option<Parsed> {
    if let Reading::Frame(frame) = reading {
        let left: Vec<&sentence::Token> = leftover(whole, frame)
            .into_iter()
            .filter(|t| t.role.as_ref().is_some_and(strong))
            .collect();
        let more_figures: Vec<Metric> = left
            .iter()
            .filter_map(|t| match t.role {
                Some(Role::Metric(metric)) => Some(metric),
                _ => None,
            })
            .collect();
        let listed = matches!(
            frame.kind,
            Kind::AccountTotal | Kind::PostTotal | Kind::PostMean
        ) && !more_figures.is_empty()
            && more_figures.len() == left.len()
            && metrics_in_a_list(whole)
            // ("reach yesterday and also how many comments on our posts": asked anew.)
            && !whole.sentence.words.windows(3).any(|w| {
                matches!(w[0].as_str(), "also" | "plus")
                    && matches!((w[1].as_str(), w[2].as_str()), ("how", "many" | "much") | ("what", _))
            })
            // "is my reach going up this month and how many likes today": two questions.
            && (frame.versus.is_none() || !(signals.trend || signals.how_many))
            // ("likes this month vs last month and saves in october": saves in October.)
            && (frame.versus.is_none() || only_the_compared_periods(whole, frame));
        // "reach and followers for the last 14 days": the account's figure, and the
        // followers gained in that time.
        let with_followers = matches!(frame.kind, Kind::Growth | Kind::Followers)
            && !more_figures.is_empty()
            && left.len() == more_figures.len()
            && more_figures
                .iter()
                .all(|m| crate::question::frame::account_metric(*m).is_some())
            && !signals.posts
            && signals.media.is_empty()
            && !signals.how_many
            // ("is my reach going down and did I lose followers": a direction, asked.)
            && !signals.trend
            && whole.sentence.words.iter().any(|w| w == "and")
            && !whole
                .sentence
                .words
                .iter()
                .any(|w| matches!(w.as_str(), "count" | "number" | "now" | "total"));
        if with_followers {
            let period = frame.period.or(Some(Period::DEFAULT));
            let mut frames: Vec<Frame> = more_figures
                .iter()
                .map(|metric| {
                    let mut figure = Frame::new(Kind::AccountTotal);
                    figure.metric = Some(*metric);
                    figure.period = period;
                    figure
                })
                .collect();
            let mut followers = frame.clone();
            if followers.kind == Kind::Followers && !whole.mentions.is_empty() {
                followers = Frame::new(Kind::Growth);
                followers.period = period;
            }
            // In the order asked ("follower growth, reach and interactions").
            let first_at = |wanted: fn(&Role) -> bool| {
                whole
                    .tokens
                    .iter()
                    .find(|t| t.role.as_ref().is_some_and(wanted))
                    .map(|t| t.at)
            };
            let followers_first =
                first_at(|r| matches!(r, Role::Followers | Role::Gain | Role::Loss | Role::Change))
                    < first_at(|r| matches!(r, Role::Metric(_)));
            if followers_first {
                frames.insert(0, followers);
            } else {
                frames.push(followers);
            }
            let queries: Option<Vec<Query>> = frames.iter().map(Frame::query).collect();
            if let Some(queries) = queries {
                return Some(Parsed::Understood {
                    queries,
                    set_aside: None,
                    unused: signals.unknown.iter().map(|(w, _)| w.clone()).collect(),
                });
            }
        }
        if listed {
            let frames: Option<Vec<Frame>> = std::iter::once(Some(frame.clone()))
                .chain(more_figures.iter().map(|m| swapped::with_metric(frame, *m)))
                .collect();
            let queries: Option<Vec<Query>> =
                frames.and_then(|frames| frames.iter().map(Frame::query).collect());
            if let Some(queries) = queries {
                return Some(Parsed::Understood {
                    queries,
                    set_aside: None,
                    unused: signals.unknown.iter().map(|(w, _)| w.clone()).collect(),
                });
            }
        }
    }
    None
}

/// "a summary of this quarter vs last quarter", "… vs the month before": a summary of each
/// of the two periods named, one after the other.
pub(super) fn summary_of_each(whole: &Part<'_>, today: NaiveDate) -> Option<Parsed> {
    let [first, second] = whole.mentions.as_slice() else {
        return None;
    };
    let When::Period(a) = first.when else {
        return None;
    };
    let b = match &second.when {
        When::Period(b) => *b,
        When::Before(_)
        | When::SameDayLastWeek
        | When::WeekendBefore
        | When::SameTimeLastYear
        | When::SameTimeLastMonth
        | When::SameDaysIn(_) => decide::shift(&second.when, a, today),
        _ => return None,
    };
    if first.weak || second.weak || a.resolve(today) == b.resolve(today) {
        return None;
    }
    let queries = [a, b]
        .into_iter()
        .map(|period| {
            let mut one = Frame::new(Kind::Overview);
            one.period = Some(period);
            one.query()
        })
        .collect::<Option<Vec<Query>>>()?;
    Some(Parsed::Understood {
        queries,
        set_aside: None,
        unused: Vec::new(),
    })
}

/// Whether the metrics a part names are asked the same way: "average likes per post this
/// month and total views on reels" asks an average and a total, two questions.
/// ("reach last week? and on 3 october, how many likes?": two questions, each with its
/// own day, not a list.)
fn metrics_in_a_list(part: &Part<'_>) -> bool {
    let has = |role: Role| part.tokens.iter().any(|t| t.role.as_ref() == Some(&role));
    let sentence = part.sentence;
    let clauses_with_a_period: std::collections::HashSet<usize> = part
        .mentions
        .iter()
        .filter(|m| !m.weak)
        .map(|m| sentence.clauses[m.start])
        .collect();
    let metric_clauses: Vec<usize> = part
        .tokens
        .iter()
        .filter(|t| matches!(t.role, Some(Role::Metric(_))))
        .map(|t| t.clause)
        .collect();
    let asked_apart = clauses_with_a_period.len() >= 2
        && metric_clauses
            .first()
            .zip(metric_clauses.last())
            .is_some_and(|(first, last)| {
                (*first..*last).any(|clause| sentence.questions.contains(&clause))
            });
    let average_and_total = has(Role::Average) && has(Role::Total);
    !average_and_total && !asked_apart
}

/// Whether the periods the words name are just the two a comparison sets side by side
/// ("reach this quarter vs last quarter, and ER this quarter" names a third, for the ER).
fn only_the_compared_periods(whole: &Part<'_>, frame: &Frame) -> bool {
    let today = whole.sentence.today;
    let sides = [frame.period, frame.versus].map(|p| p.map(|p| p.resolve(today)));
    let named: Vec<&When> = whole
        .mentions
        .iter()
        .filter(|m| !m.weak)
        .map(|m| &m.when)
        .collect();
    named.len() <= 2
        && named.iter().all(|when| match when {
            When::Period(period) => sides.contains(&Some(period.resolve(today))),
            _ => true,
        })
}

/// "is my newest reel doing better than my top one this month", "how's my latest post doing
/// compared with my best post": the newest post's figures, and the best one's beside them.
pub(super) fn newest_beside_the_best(
    whole: &Part<'_>,
    signals: &Signals,
    reading: &Reading,
) -> Option<Parsed> {
    let Reading::Frame(newest) = reading else {
        return None;
    };
    if newest.kind != Kind::LatestPost
        || !signals.highest
        || signals.lowest
        || !(signals.compare || signals.more)
    {
        return None;
    }
    let mut best = Frame::new(Kind::Top);
    best.media = newest.media;
    best.count = Some(1);
    best.period = whole
        .mentions
        .iter()
        .find_map(|m| match m.when {
            When::Period(period) if !m.weak => Some(period),
            _ => None,
        })
        .or(Some(Period::DEFAULT));
    Some(Parsed::Understood {
        queries: vec![newest.query()?, best.query()?],
        set_aside: None,
        unused: Vec::new(),
    })
}
