//! Days a follow-up or a story tells beside the question: "and the sunday after" a day
//! just asked about, "since we reopened? we reopened on 3 October", "and over the whole
//! long weekend?" after a Monday holiday.

use chrono::{Datelike, NaiveDate};

use super::signals::Part;
use crate::period::Period;
use crate::question::frame::Frame;
use crate::question::when::When;

/// "and over the whole long weekend?" after a Monday or a Friday (a holiday, as a rule):
/// the weekend that day makes long, with it.
pub(super) fn long_weekend_of_the_day(part: &Part<'_>, previous: Option<&Frame>) -> Option<Period> {
    let today = part.sentence.today;
    let day = previous?.period?.resolve(today);
    // (Not "the christmas long weekend": another one, named.)
    let words = &part.sentence.words;
    let long_weekend = words.windows(2).enumerate().any(|(at, w)| {
        w[0] == "long"
            && matches!(w[1].as_str(), "weekend" | "wknd" | "weekends")
            && (at == 0
                || matches!(
                    words[at - 1].as_str(),
                    "the" | "whole" | "entire" | "this" | "that" | "over" | "and" | "a"
                ))
    });
    // (Not "the long weekend in may", "the easter long weekend": a weekend named.)
    let only_the_weekend = part.mentions.iter().all(|m| {
        (m.start..m.end).all(|at| {
            matches!(
                part.word(at),
                "the" | "whole" | "entire" | "long" | "weekend" | "wknd" | "over" | "this" | "that"
            )
        })
    });
    if day.first != day.last || !long_weekend || !only_the_weekend {
        return None;
    }
    let day = day.first;
    let (first, last) = match day.weekday() {
        chrono::Weekday::Mon => (day - chrono::Days::new(2), day),
        chrono::Weekday::Fri => (day, day + chrono::Days::new(2)),
        _ => return None,
    };
    Some(Period::Between(first, last.min(today)))
}

/// "and the sunday after" (or "and the sunday") after a question about Saturday 10
/// October: the Sunday beside that day, not the last one.
pub(super) fn weekday_beside_the_day(
    part: &Part<'_>,
    previous: Option<&Frame>,
) -> Option<NaiveDate> {
    let today = part.sentence.today;
    let day = previous?.period?.resolve(today);
    if day.first != day.last {
        return None;
    }
    let day = day.first;
    let [mention] = part.mentions.as_slice() else {
        return None;
    };
    let weekday = mention.weekday?;
    // ("the friday before" is read as a week before; beside a Saturday it is the day before.)
    let next = match mention.when {
        When::SameDayLastWeek => "before",
        When::Period(_) => part.word(mention.end),
        _ => return None,
    };
    let told = part.word(mention.start.wrapping_sub(1)) == "the"
        || part.word(mention.start) == "the"
        || matches!(next, "after" | "before");
    if !told {
        return None;
    }
    let offset = |date: NaiveDate| {
        i64::from(weekday.num_days_from_monday()) - i64::from(date.weekday().num_days_from_monday())
    };
    let after = day + chrono::Days::new(((offset(day) + 7 - 1) % 7 + 1) as u64);
    let before = day - chrono::Days::new(((7 - offset(day) - 1) % 7 + 1) as u64);
    let chosen = match next {
        "after" => after,
        "before" => before,
        _ if (after - day) <= (day - before) => after,
        _ => before,
    };
    (chosen <= today).then_some(chosen)
}

/// "since start of the season? season start 8 August", "since I started the morning reels,
/// on the 2nd": "since" before something that is not a date, and the one day named after
/// it, which is the day asked from.
pub(super) fn since_the_day_told(part: &Part<'_>) -> Option<NaiveDate> {
    // ("since we reopened? we reopened on 3 October": a time Pulse cannot place, then its
    // day.)
    let vague_since = |m: &&crate::question::when::Mention| {
        m.when == When::Vague && part.word(m.start) == "since"
    };
    // (The day may be told in a clause of its own, which the part's periods leave out.)
    // ("This year the fair started 19 April": "this year" only places the day told.)
    let places_a_day = |m: &&crate::question::when::Mention| {
        m.when == When::Period(Period::ThisYear)
            && part.sentence.mentions.iter().any(|other| {
                other.start != m.start
                    && part.sentence.clauses[other.start] == part.sentence.clauses[m.start]
                    && matches!(other.when, When::Period(p) if p.is_one_day(part.sentence.today))
            })
    };
    let strong: Vec<_> = part
        .sentence
        .mentions
        .iter()
        .filter(|m| !m.weak && !vague_since(m) && !places_a_day(m))
        .collect();
    let [told] = strong.as_slice() else {
        return None;
    };
    let When::Period(period) = told.when else {
        return None;
    };
    let today = part.sentence.today;
    let day = period.resolve(today).first;
    // ("since I'm new here, what was my reach on Saturday": "since" as "because".)
    let began = |at: usize| {
        (at + 1..at + 11).any(|k| {
            matches!(
                part.word(k),
                "start"
                    | "started"
                    | "began"
                    | "opened"
                    | "reopened"
                    | "launched"
                    | "moved"
                    | "joined"
                    | "switched"
                    | "changed"
                    | "posted"
                    | "got"
                    | "finished"
            )
        })
    };
    let since_before = (0..told.start).any(|at| {
        let vague = part
            .sentence
            .mentions
            .iter()
            .any(|m| m.start == at && vague_since(&m));
        part.word(at) == "since"
            && (vague || began(at))
            && !part
                .sentence
                .mentions
                .iter()
                .any(|m| m.start <= at && at < m.end && !vague_since(&m))
    });
    (period.is_one_day(today) && day < today && since_before).then_some(day)
}
