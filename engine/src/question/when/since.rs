//! What "since", "after" and "between" tie a date to, once the periods are found: "since we
//! moved shop on the 5th of October", "after the promo on the 3rd", "since the autumn term
//! started in september", and "compare growth between September and October" (two sides, not
//! one range), "the week ending Sunday" (the days up to one).

use chrono::{Datelike, NaiveDate};

use super::dates::{number_at, unit, Unit};
use super::reader::Reader;
use super::{Mention, When};
use crate::period::Period;

/// A day named a few words after "since" or "after" (or after "started", "was on", "ended
/// on") is where the period starts, to today; days spelled out after it replace the open end.
pub(super) fn dated_since(words: &[&str], found: &mut Vec<Mention>, today: NaiveDate) {
    // "since we moved to the new shop on the 5th of October": from that day to today.
    let days_named: Vec<_> = found
        .iter()
        .filter_map(|m| match m.when {
            When::Period(period) => Some(period.resolve(today)),
            _ => None,
        })
        .collect();
    let starts: Vec<usize> = found.iter().map(|m| m.start).collect();
    for mention in found.iter_mut() {
        let When::Period(period) = mention.when else {
            continue;
        };
        let range = period.resolve(today);
        // ("after that post on monday? like just on monday": the day, said again.)
        let said_again = days_named.iter().filter(|named| **named == range).count() > 1;
        // ("term started on 21 September", asked "so far")
        let so_far = words.windows(2).any(|w| w == ["so", "far"]);
        // ("… for reels only this term? Term started 7 Sept": this term is since then.)
        let started_at = (mention.start.saturating_sub(4)..mention.start).find(|&at| {
            matches!(
                words[at],
                "started" | "began" | "begun" | "opened" | "reopened" | "launched" | "start"
            )
        });
        let this_stretch = started_at.is_some_and(|at| {
            at > 0
                && words
                    .windows(2)
                    .any(|w| w[0] == "this" && w[1] == words[at - 1] && w[1].len() > 2)
        });
        let started = started_at.is_some() && (so_far || this_stretch);
        // ("did we gain followers after regionals?? regionals was the 7th")
        // (and "… after the autumn concert? It was on Sunday 8th November")
        let was_on = matches!(words.get(mention.start.wrapping_sub(1)), Some(&"on"))
            && matches!(
                words.get(mention.start.wrapping_sub(2)),
                Some(&"was") | Some(&"were")
            );
        // ("did we lose followers after the sale ended on sunday")
        let ended_on = matches!(words.get(mention.start.wrapping_sub(1)), Some(&"on"))
            && matches!(
                words.get(mention.start.wrapping_sub(2)),
                Some(
                    &"ended"
                        | &"finished"
                        | &"closed"
                        | &"opened"
                        | &"started"
                        | &"launched"
                        | &"happened"
                        | &"went"
                        | &"dropped"
                )
            );
        // ("after the open day on 7 November", "after 7 November": from that day on.)
        let after_close = (mention.start.saturating_sub(8)..mention.start)
            .any(|at| words[at] == "after")
            && matches!(
                words.get(mention.start.wrapping_sub(1)),
                Some(&"on" | &"after")
            );
        let after_told = (mention.start.saturating_sub(10)..mention.start)
            .any(|at| words[at] == "after")
            && (matches!(
                words.get(mention.start.wrapping_sub(1)),
                Some(&"was") | Some(&"were")
            ) || was_on
                || ended_on
                || (after_close && !said_again));
        // ("since the lineup announce (3 Nov)": the date of what "since" names, close by.)
        // ("since the start of term (7 Sept)": with no other period between.)
        let since_close = (mention.start.saturating_sub(6)..mention.start).any(|at| {
            words[at] == "since" && !starts.iter().any(|s| (at + 1..mention.start).contains(s))
        });
        let told_since = ((mention.start.saturating_sub(10)..mention.start)
            .any(|at| words[at] == "since")
            || started
            || after_told)
            && (matches!(
                words.get(mention.start.wrapping_sub(1)),
                // ("since the start of term, like 21 sept")
                Some(&"on" | &"the" | &"was" | &"were" | &"like" | &"ie" | &"roughly" | &"after")
            ) || (started && started_at == Some(mention.start.wrapping_sub(1)))
                // ("since I close the cart the 1 october": the date begins with "the".)
                || words.get(mention.start) == Some(&"the"));
        if range.first == range.last && range.first < today && (told_since || since_close) {
            mention.when = When::Period(Period::Since(range.first));
        }
        // ("since I started in the spring", "since we opened in March": from its first day.)
        let began_in = (mention.start.saturating_sub(6)..mention.start)
            .any(|at| words[at] == "since")
            && started_at.is_some_and(|at| {
                words[at + 1..mention.start]
                    .iter()
                    .all(|w| matches!(*w, "in" | "the" | "back" | "around"))
            })
            && range.first < range.last
            && range.last < today;
        if began_in {
            mention.when = When::Period(Period::Since(range.first));
        }
    }
    // "after the announcement on 12 oct? like 12 oct to 19 oct": the days it then names.
    let spelled_out: Vec<NaiveDate> = found
        .iter()
        .filter_map(|m| match m.when {
            When::Period(Period::Between(first, last)) if first < last => Some(first),
            _ => None,
        })
        .collect();
    found.retain(
        |m| !matches!(m.when, When::Period(Period::Since(day)) if spelled_out.contains(&day)),
    );
}

/// "since the autumn term started in september": the month close by says when the season
/// named began.
pub(super) fn month_that_began(found: &mut [Mention], today: NaiveDate) {
    // "since the autumn term started in september": the month says when it began.
    // ("since the spring term started in april": a month of that season, close by.)
    let named_since: Vec<(NaiveDate, usize)> = found
        .iter()
        .filter_map(|m| match m.when {
            When::Period(Period::Since(day)) if m.weak => Some((day, m.end)),
            _ => None,
        })
        .collect();
    for mention in found.iter_mut().filter(|m| !m.weak) {
        if let When::Period(period @ Period::Month { .. }) = mention.when {
            let first = period.resolve(today).first;
            let begins_it = named_since.iter().any(|(day, end)| {
                first >= *day
                    && (first - *day).num_days() <= 92
                    && mention.start >= *end
                    && mention.start - end <= 5
            });
            if begins_it {
                mention.when = When::Period(Period::Since(first));
            }
        }
    }
}

/// Whether "between" at `at` joins two named periods of a comparison ("compare reach
/// between September and October"), each a side, rather than the ends of one range.
pub(super) fn compares_two_periods(reader: &Reader, words: &[&str], at: usize) -> bool {
    let compared = words.iter().any(|w| {
        matches!(
            *w,
            "compare" | "comparison" | "comparing" | "compared" | "difference" | "vs" | "versus"
        )
    });
    let Some((When::Period(_), end, _)) = reader.mention(at + 1) else {
        return false;
    };
    // ("compare reach between 1 and 7 Nov vs between 8 and 14 Nov": each range a side.)
    let one_between = words.iter().filter(|w| **w == "between").count() == 1;
    let Some((When::Period(_), after, _)) = reader.mention(end + 1) else {
        return false;
    };
    compared
        && one_between
        && reader.at(end) == "and"
        && !matches!(
            reader.at(after),
            "vs" | "versus" | "against" | "compared" | "with" | "to"
        )
}

/// "the week ending Sunday", "the 7 days to 8 November", "the 3 months to October": as many
/// days or months as the words say, up to the day or the month named after them.
pub(super) fn span_ending(reader: &Reader, at: usize) -> Option<Mention> {
    let (count, taken) = number_at(reader.words, at).unwrap_or((1, 0));
    // ("from this day until today": that day, not one day up to today.)
    if taken == 0 && at > 0 && !matches!(reader.at(at - 1), "the" | "a" | "for" | "in" | "of") {
        return None;
    }
    let length = unit(reader.at(at + taken))?;
    let mut end = at + taken + 1;
    let compared = |word: &&str| {
        matches!(
            *word,
            "compare" | "compared" | "comparing" | "comparison" | "vs" | "versus"
        )
    };
    let tied = match reader.at(end) {
        "ending" | "ended" | "through" | "thru" | "until" | "till" => true,
        // ("compare the 7 days to yesterday": one side to another, not up to it; "compare
        // the 7 days to Sunday with the 7 before" has its other side after "with".)
        "to" => {
            !reader.words.iter().any(compared)
                || reader.words[end..]
                    .iter()
                    .any(|w| matches!(*w, "with" | "vs" | "versus" | "against"))
        }
        "up" => {
            end += 1;
            reader.at(end) == "to"
        }
        _ => false,
    };
    if !tied {
        return None;
    }
    end += 1;
    end += usize::from(matches!(reader.at(end), "on" | "the"));
    let (When::Period(named), after, _) = reader.mention(end)? else {
        return None;
    };
    let named = named.resolve(reader.today);
    let (first, last) = match length {
        Unit::Day | Unit::Week | Unit::Fortnight if named.first == named.last => {
            let days = count
                * match length {
                    Unit::Week => 7,
                    Unit::Fortnight => 14,
                    _ => 1,
                };
            let first = named
                .last
                .checked_sub_days(chrono::Days::new(u64::from(days.checked_sub(1)?)))?;
            (first, named.last)
        }
        Unit::Month if named.first.day() == 1 && named.last.day() >= 28 => {
            let months = named.last.month() as i32 - named.first.month() as i32
                + 12 * (named.last.year() - named.first.year())
                + 1;
            let before = count.checked_sub(u32::try_from(months).ok()?)?;
            (
                named
                    .first
                    .checked_sub_months(chrono::Months::new(before))?,
                named.last,
            )
        }
        _ => return None,
    };
    Some(Mention {
        when: When::Period(Period::Between(first, last.min(reader.today))),
        start: at,
        end: after,
        weekday: None,
        weak: false,
    })
}

/// "since we reopened on the 1st of October": the period named after "on" or "in" a few
/// words after "since" at `i`, and where it ends; not past the question that follows
/// ("since wedding season ended, how many posts in September vs October?").
pub(super) fn dated_within(reader: &Reader<'_>, i: usize) -> Option<(Period, usize)> {
    let words = reader.words;
    let asks_from = (i + 1..words.len())
        .find(|&at| {
            matches!(
                words[at],
                "how"
                    | "what"
                    | "whats"
                    | "why"
                    | "did"
                    | "does"
                    | "do"
                    | "can"
                    | "could"
                    | "tell"
                    | "show"
                    | "give"
            )
        })
        .unwrap_or(words.len());
    (i + 2..(i + 12).min(asks_from)).find_map(|at| {
        if !matches!(words[at - 1], "on" | "in") {
            return None;
        }
        match reader.mention(at) {
            Some((When::Period(period), end, _)) => Some((period, end)),
            _ => None,
        }
    })
}

/// An occasion of the asker's own named as a time ("since my birthday", "during the
/// sale", "after our move", "on my birthday"): a day Pulse does not know, to be asked for. Gives where its
/// words end; none when a date follows ("since my birthday (3 june)") or a post is named
/// ("during the sale post").
pub(super) fn own_occasion(reader: &Reader<'_>, at: usize) -> Option<usize> {
    const OCCASIONS: &[&str] = &[
        "birthday",
        "bday",
        "sale",
        "launch",
        "relaunch",
        "rebrand",
        "move",
        "wedding",
        "honeymoon",
        "trip",
        "opening",
        "expo",
        "giveaway",
        "campaign",
        "promo",
        "surgery",
        "hiatus",
        "tour",
        "fundraiser",
        "retreat",
    ];
    let owner = reader.at(at + 1);
    // ("how many likes did I get on my birthday": one day, not said which.)
    let on_the_day = reader.at(at) == "on"
        && matches!(
            reader.at(at + 2),
            "birthday" | "bday" | "wedding" | "anniversary"
        );
    if !(matches!(reader.at(at), "since" | "during" | "after" | "around") || on_the_day)
        || !matches!(owner, "my" | "our" | "the")
        || !(OCCASIONS.contains(&reader.at(at + 2)) || on_the_day)
    {
        return None;
    }
    let next = reader.at(at + 3);
    let post_named = crate::question::words::is_any(
        next,
        &[
            "post", "posts", "reel", "reels", "photo", "photos", "video", "carousel",
        ],
    );
    // ("… it is open since 12 November. How many likes since the opening?", "after the
    // sale ended on sunday": dated in its own words.)
    // (Within twenty words either side: a long message has many words.)
    let near = at.saturating_sub(20)..(at + 23).min(reader.words.len());
    let dated = near.into_iter().any(|k| {
        !(at..at + 3).contains(&k) && matches!(reader.mention(k), Some((When::Period(_), _, _)))
    });
    (!post_named && !dated).then_some(at + 3)
}
