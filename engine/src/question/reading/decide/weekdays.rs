//! Weekdays named as groups of days to compare ("monday posts", "is sunday a bad day", "is
//! it better to post on tuesday or friday"), not as the one day asked about.

use super::super::signals::{Part, Signals};
use crate::question::lexicon::Role;

/// Whether the weekdays the part names are groups of days to weigh against each other.
pub(super) fn weekday_group(part: &Part<'_>, s: &Signals) -> bool {
    // A weekday that names days to compare ("monday posts", "is sunday a bad day").
    let weekday_group = part.mentions.iter().any(|m| {
        let judged_day = (m.end..m.end + 4).any(|at| {
            matches!(part.word(at), "day" | "days")
                && (matches!(
                    part.word(at - 1),
                    "bad"
                        | "good"
                        | "best"
                        | "worst"
                        | "better"
                        | "worse"
                        | "great"
                        | "slow"
                        | "strong"
                        | "weak"
                        | "right"
                        | "wrong"
                        | "ideal"
                ) || matches!(part.word(at + 1), "to" | "for"))
        });
        m.weekday.is_some()
            && (judged_day
                || matches!(part.word(m.end), "posts" | "ones")
                || (part.word(m.start).ends_with("days")
                    && part.word(m.start.saturating_sub(1)) != "last"
                    // "mondays reach" is Monday's
                    && !part
                        .token_at(m.end)
                        .is_some_and(|t| matches!(t.role, Some(Role::Metric(_)))))
                || (part.word(m.start.saturating_sub(1)) == "of"
                    && part.word(m.start.saturating_sub(2)).starts_with("post")))
    });
    // "is it better to post on tuesday or friday": two weekdays weighed for posting.
    // "is my engagement rate higher on sunday or on saturday": asked in the present, of no
    // particular week, the same.
    // "should I post on saturday or sunday", "post sat or sun?": which to post on.
    let words = &part.sentence.words;
    let of_a_past_week = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "did" | "was" | "were" | "got" | "had" | "last" | "this" | "past" | "yesterday"
        )
    });
    let habitual = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "is" | "are" | "do" | "does" | "usually" | "generally" | "normally" | "tend"
        )
    }) && !of_a_past_week;
    let weekdays_weighed = ((s.publish || habitual)
        && (s.more || s.less || s.highest || s.compare)
        || s.publish && !of_a_past_week && !s.how_many)
        && part.mentions.iter().filter(|m| m.weekday.is_some()).count() >= 2
        && part.mentions.iter().any(|m| {
            m.weekday.is_some()
                && (1..=2).any(|back| {
                    m.start >= back && matches!(part.word(m.start - back), "or" | "vs" | "versus")
                })
        });
    weekday_group || weekdays_weighed
}
