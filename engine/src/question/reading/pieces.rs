//! One question asked in two pieces, which the two-part reading would otherwise answer as
//! two: the hour and the day of "when should I post", a post's comments beside "numbers
//! pls", and "did it help?" before the figure that tells.

use super::signals::{Part, Signals};
use super::Reading;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::Query;

/// Whether the best time to post answers both parts: "when should we post? which hour and
/// which day" (unless a figure is asked of the days).
pub(super) fn best_time_covers(
    a: &Frame,
    b: &Frame,
    left: &Signals,
    right: &Signals,
    whole: &Reading,
) -> bool {
    match (a.kind, b.kind) {
        // ("…, and which day of the week works best?": a ranking of days, asked.)
        (Kind::BestTime, Kind::Weekdays | Kind::PartsOfDay) => {
            right.metrics.is_empty() && !right.highest && !right.performance
        }
        (Kind::Weekdays | Kind::PartsOfDay, Kind::BestTime) => {
            left.metrics.is_empty() && !left.highest && !left.performance
        }
        // "At what hour, and on which day, would you recommend I publish?": the whole asks
        // when to post, and its pieces only the hour and the day. ("what time of day, and
        // what day, is best to publish": "to publish" alone counts no posts.)
        (a_kind, b_kind) => {
            let only_a_piece = |kind: Kind, s: &Signals| {
                s.metrics.is_empty()
                    && match kind {
                        Kind::Weekdays | Kind::PartsOfDay | Kind::Recommend => true,
                        Kind::PostCount => !s.how_many && !s.total,
                        _ => false,
                    }
            };
            only_a_piece(a_kind, left)
                && only_a_piece(b_kind, right)
                && matches!(whole, Reading::Frame(f) if f.kind == Kind::BestTime)
        }
    }
}

/// "whats the vibe on our latest clip, numbers pls": the newest post's figures, not its
/// comments and the account's overview.
pub(super) fn newest_post_figures(
    a: &Frame,
    b: &Frame,
    left_part: &Part<'_>,
    right: &Part<'_>,
    left: &Signals,
) -> Option<Query> {
    // (The vibe is how it is doing; "what did people say …, stats please" asks both.)
    let vibe = left_part
        .tokens
        .iter()
        .any(|t| matches!(t.text.as_str(), "vibe" | "vibes"));
    let only_figures = b.kind == Kind::Overview
        && right.mentions.is_empty()
        && right
            .tokens
            .iter()
            .filter(|t| !matches!(t.role, Some(Role::Filler | Role::Joiner)))
            .all(|t| {
                matches!(
                    t.text.as_str(),
                    "numbers" | "stats" | "figures" | "metrics" | "insights"
                )
            });
    if !only_figures || !vibe || a.kind != Kind::LatestComments {
        return None;
    }
    let newest = Frame {
        kind: Kind::LatestPost,
        media: match left.media[..] {
            [media] => Some(media),
            _ => a.media,
        },
        ..a.clone()
    };
    newest.query()
}

/// "… late nights editing, trending audio, all of it. Did it actually help? How many
/// followers have I gained this year?": whether "it" worked, asked before the figure that
/// tells, is answered by that figure.
pub(super) fn the_figure_that_tells(b: &Frame, left: &Part<'_>) -> Option<Query> {
    const WHETHER_IT_WORKED: &[&str] = &[
        "did",
        "does",
        "has",
        "have",
        "is",
        "was",
        "it",
        "that",
        "this",
        "all",
        "actually",
        "really",
        "even",
        "help",
        "helped",
        "helping",
        "work",
        "worked",
        "working",
        "pay",
        "paid",
        "off",
        "make",
        "made",
        "a",
        "any",
        "difference",
        "so",
        "far",
        "matter",
    ];
    let sentence = left.sentence;
    let clause = left.tokens.last()?.clause;
    let words: Vec<&str> = (0..sentence.words.len())
        .filter(|at| sentence.clauses[*at] == clause)
        .map(|at| sentence.words[at].as_str())
        .collect();
    let points_back = words.iter().any(|w| matches!(*w, "it" | "that" | "this"));
    let worked = words.iter().any(|w| {
        matches!(
            *w,
            "help"
                | "helped"
                | "helping"
                | "work"
                | "worked"
                | "working"
                | "pay"
                | "paid"
                | "difference"
                | "matter"
        )
    });
    let whether = sentence.questions.contains(&clause)
        && points_back
        && worked
        && words.iter().all(|w| WHETHER_IT_WORKED.contains(w));
    whether.then(|| b.query()).flatten()
}

/// Whether the second part only finishes the first: "which part of the day, morning,
/// afternoon, evening or night, is best for my posts?" — the choices listed, then the verb
/// of the one question (not "…, is my reach up?", which names a figure).
pub(super) fn predicate_of_the_first(a: &Frame, right: &Part<'_>, right_signals: &Signals) -> bool {
    let grouped = matches!(
        a.kind,
        Kind::PartsOfDay | Kind::Weekdays | Kind::ByType | Kind::BestTime
    );
    let first = right
        .tokens
        .iter()
        .find(|t| !matches!(t.role, Some(Role::Joiner)) && t.text != "or");
    let weekday_named = |m: &crate::question::when::Mention| {
        m.weekday.is_some()
            || matches!(
                right.word(m.start),
                "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
            )
    };
    let verb_first = first.is_some_and(|t| {
        matches!(
            t.text.as_str(),
            "is" | "are"
                | "was"
                | "were"
                | "works"
                | "work"
                | "gets"
                | "get"
                | "performs"
                | "perform"
                | "performed"
        )
    });
    // ("…, monday, wednesday or friday, is best": the choices, then the verb.)
    let choices_first = first.is_some_and(|t| match a.kind {
        Kind::PartsOfDay => matches!(t.role, Some(Role::PartOfDay)),
        Kind::ByType => matches!(t.role, Some(Role::Media(_))),
        _ => false,
    }) || (a.kind == Kind::Weekdays
        && right
            .mentions
            .first()
            .is_some_and(|m| weekday_named(m) && first.is_none_or(|t| t.at > m.start)));
    let verb_first = verb_first || choices_first;
    // (The weekdays listed are the choices, no period: "which weekday, monday, wednesday
    // or friday, is best for my posts?")
    grouped
        && verb_first
        && right_signals.metrics.is_empty()
        && right
            .mentions
            .iter()
            .all(|m| a.kind == Kind::Weekdays && weekday_named(m))
}
