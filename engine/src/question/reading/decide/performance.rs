//! How a post, a type or the account did: "how am I doing", "how did my posts do last
//! week", "do carousels work for me", "how did the carousel from sunday do".

use super::super::signals::{Part, Signals};
use super::super::Reading;
use super::unknowns::STRETCHES;
use crate::instagram::MediaKind;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::{Role, BUSY_OR_SLOW};
use crate::question::when::When;
use crate::question::Missing;

/// The frame of a question of how something did, or `None` when it asks no such thing.
pub(super) fn how_it_did(
    part: &Part<'_>,
    s: &Signals,
    periods: &[When],
    media: Option<MediaKind>,
    frame: &dyn Fn(Kind) -> Frame,
) -> Option<Reading> {
    // "how is it going with the thing from tuesday": which thing?
    if (s.overview || s.performance)
        && !s.subject()
        && part.tokens.iter().any(|t| {
            matches!(t.text.as_str(), "thing" | "the thing" | "that one" | "one")
                    // ("… over the weekend? it was a busy one": the time, described.)
                    && !(t.text == "one"
                        && BUSY_OR_SLOW.contains(&part.word(t.at.wrapping_sub(1))))
        })
    {
        return Some(Reading::Clarify(Missing::Meaning, Vec::new()));
    }
    // "Did we perform better in January or December?": better by which figure (the
    // overview is no comparison).
    let two_periods = periods
        .iter()
        .filter(|p| matches!(p, When::Period(_)))
        .count()
        >= 2;
    if s.performance && (s.more || s.less) && two_periods && s.metrics.is_empty() && !s.overview {
        return Some(Reading::Clarify(Missing::Metric, Vec::new()));
    }
    // "how did the carousel from sunday do", "how did my post on monday do": the one post
    // of that day, with its figures.
    let one_day = matches!(periods, [When::Period(p)] if p.is_one_day(part.sentence.today));
    if s.performance
        && s.plural == Some(false)
        && (s.posts || s.media.len() == 1)
        && one_day
        && !s.reference
        && s.metrics.is_empty()
        && s.unknown.is_empty()
    {
        let mut f = frame(Kind::Top);
        f.count = Some(1);
        f.media = media;
        return Some(Reading::Frame(f));
    }
    // "how am I doing", "stats for October" ("wedding season is over, how did the summer
    // go": a time of the asker's own told beside the period asked).
    // ("just tell me how I'm doing, it's been a weird few weeks with the kiln breaking":
    // a story told beside it.)
    let own_times_only = s.unknown.iter().all(|(word, at)| {
        part.sentence.story(part.sentence.clauses[*at])
            || (!part.mentions.is_empty()
                && (STRETCHES.contains(&word.as_str()) || STRETCHES.contains(&part.word(at + 1))))
    });
    let subjectless = !s.subject() && !s.reference && (s.unknown.is_empty() || own_times_only);
    if s.overview || (s.performance && subjectless) {
        return Some(Reading::Frame(frame(Kind::Overview)));
    }
    // "how did my posts do last week": the overview of that week, which shows them.
    if s.performance
        && s.posts
        && s.media.is_empty()
        && !s.reference
        && s.unknown.is_empty()
        && s.metrics.is_empty()
    {
        return Some(Reading::Frame(frame(Kind::Overview)));
    }
    // "do carousels actually work for me?": whether a format works, which only the others
    // beside it can tell.
    let format_judged = s.media.len() == 1
        && s.metrics.is_empty()
        && part
            .tokens
            .iter()
            .any(|t| matches!(t.role, Some(Role::Media(_))) && t.text.ends_with('s'))
        && matches!(
            part.sentence.words.first().map(String::as_str),
            Some("do" | "does" | "are" | "is" | "have" | "has")
        )
        && part.tokens.iter().any(|t| {
            matches!(t.role, Some(Role::Performance))
                && matches!(
                    t.text.as_str(),
                    "work" | "works" | "working" | "worth it" | "pay off" | "paying off"
                )
        });
    if format_judged && !s.reference {
        return Some(Reading::Frame(frame(Kind::ByType)));
    }
    if s.performance && (!s.media.is_empty() || s.posts) && !s.reference && s.unknown.is_empty() {
        let mut f = frame(Kind::Rate);
        f.media = media;
        return Some(Reading::Frame(f));
    }
    None
}
