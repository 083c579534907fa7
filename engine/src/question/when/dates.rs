//! Counts, units, days of the month, months, years, dates and weekdays as people write them
//! ("twenty one", "the 3rd", "march", "'25", "4/3"), and the periods they name.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::period::{month_number, Period};

use super::When;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
}

pub(super) fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "hour" | "hours" | "hr" | "hrs" | "h" => Unit::Hour,
        "day" | "days" | "d" => Unit::Day,
        "week" | "weeks" | "wk" | "wks" | "w" => Unit::Week,
        "fortnight" | "fortnights" => Unit::Fortnight,
        "month" | "months" | "mo" | "mos" | "mth" | "mths" | "m" => Unit::Month,
        "quarter" | "quarters" | "q" | "qtr" | "qtrs" => Unit::Quarter,
        "year" | "years" | "yr" | "yrs" | "y" => Unit::Year,
        _ => return None,
    })
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Days of the month in words, by their number (known words: "the fifth" is no typo of
/// "fifty").
pub const ORDINALS: [&str; 20] = [
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// A number written in digits or words at `words[at..]` ("30", "thirty", "twenty four",
/// "a", "couple"), and how many words it took.
pub fn number_at(words: &[&str], at: usize) -> Option<(u32, usize)> {
    let word = *words.get(at)?;
    if let Ok(n) = word.parse::<u32>() {
        return (1..=3660).contains(&n).then_some((n, 1));
    }
    if let Some(n) = ONES.iter().position(|w| *w == word).filter(|n| *n > 0) {
        return Some((n as u32, 1));
    }
    if let Some(tens) = TENS.iter().position(|w| !w.is_empty() && *w == word) {
        let next = words.get(at + 1).copied().unwrap_or("");
        if let Some(n) = ONES[1..10].iter().position(|w| *w == next) {
            return Some((tens as u32 * 10 + n as u32 + 1, 2));
        }
        return Some((tens as u32 * 10, 1));
    }
    match word {
        "a" | "an" => Some((1, 1)),
        // "the last couple of months"
        "couple" if words.get(at + 1) == Some(&"of") => Some((2, 2)),
        "couple" => Some((2, 1)),
        "few" => Some((3, 1)),
        "hundred" => Some((100, 1)),
        _ => None,
    }
}

/// "on the 10th" without a month: the 10th of this month, or of the last one if the 10th
/// has not come yet.
fn latest_with_day(today: NaiveDate, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(today.year(), today.month(), day)
        .filter(|d| *d <= today)
        .or_else(|| {
            let last = today.with_day(1)?.pred_opt()?;
            NaiveDate::from_ymd_opt(last.year(), last.month(), day)
        })
}

/// A day of the month: `4`, `4th`, `fourth`, `twenty first`; and how many words.
pub(super) fn day_of_month_at(words: &[&str], at: usize) -> Option<(u32, usize)> {
    let word = *words.get(at)?;
    let trimmed = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    // ("June — 3 lines for the client", "top 5 posts": a count of things, not a day.)
    let counted = matches!(
        words.get(at + 1).copied().unwrap_or(""),
        "lines" | "bullets" | "points" | "sentences" | "words" | "things" | "posts" | "reels"
    );
    if let Ok(day) = trimmed.parse::<u32>() {
        return ((1..=31).contains(&day) && !counted).then_some((day, 1));
    }
    if let Some(day) = ORDINALS.iter().position(|w| !w.is_empty() && *w == word) {
        return Some((day as u32, 1));
    }
    let next = words.get(at + 1).copied().unwrap_or("");
    match word {
        "twenty" | "thirty" => {
            let tens = if word == "twenty" { 20 } else { 30 };
            match ORDINALS[1..10].iter().position(|w| *w == next) {
                Some(n) if tens + (n as u32) < 31 => Some((tens + n as u32 + 1, 2)),
                _ => None,
            }
        }
        "twentieth" => Some((20, 1)),
        "thirtieth" => Some((30, 1)),
        _ => None,
    }
}

fn year_word(word: &str) -> Option<i32> {
    word.parse::<i32>()
        .ok()
        .filter(|y| (1990..=2100).contains(y) && word.len() == 4)
}

/// A year in digits or spoken ("twenty twenty five"), and how many words.
pub(super) fn year_at(words: &[&str], at: usize) -> Option<(i32, usize)> {
    let word = *words.get(at)?;
    if let Some(year) = year_word(word) {
        return Some((year, 1));
    }
    if word == "twenty" && words.get(at + 1) == Some(&"twenty") {
        let (rest, taken) = match number_at(words, at + 2) {
            Some((n, taken)) if n < 100 => (n as i32, taken),
            _ => (0, 0),
        };
        return Some((2020 + rest, 2 + taken));
    }
    None
}

pub(super) fn month_at(words: &[&str], at: usize) -> Option<u32> {
    let word = *words.get(at)?;
    if word == "may" || word == "march" {
        // Also verbs: a month only where a month is expected.
        let before = if at > 0 { words[at - 1] } else { "" };
        let after = words.get(at + 1).copied().unwrap_or("");
        let after_a_day = at > 0 && day_of_month_at(words, at - 1).is_some();
        let expected = after_a_day
            || matches!(
                before,
                "in" | "of"
                    | "during"
                    | "for"
                    | "from"
                    | "since"
                    | "between"
                    | "to"
                    | "and"
                    | "early"
                    | "late"
                    | "mid"
                    | "until"
                    | "till"
                    | "through"
                    | "vs"
                    | "versus"
                    | "last"
                    | "this"
                    | "over"
                    | "the"
                    // "what about march", "compared with may", "more than march"
                    | "about"
                    | "with"
                    | "against"
                    | "than"
                    | "before"
                    | "after"
                    // "summarise may for the client"
                    | "summarise"
                    | "summarize"
                    | "recap"
                    // "ok and just May", "now do march"
                    | "just"
                    | "only"
                    | "do"
            )
            // "March only"
            || (after == "only" && words.len() <= at + 3)
            // "no I meant march", "sorry, march": a correction (not "sorry may I ask").
            || (matches!(before, "meant" | "sorry" | "nah" | "actually")
                && (word == "march"
                    || after.is_empty()
                    || after.parse::<i32>().is_ok()
                    || matches!(after, "instead" | "please" | "pls" | "then" | "only")))
            // "march?" on its own
            || (words.len() == 1 && at == 0)
            // "top 5 posts by likes, may": last, where no verb ends a question; "may so far".
            || (after.is_empty()
                && word == "may"
                && at > 0
                && matches!(
                    words[at - 1],
                    "likes" | "comments" | "saves" | "shares" | "views" | "reach" | "posts"
                        | "reels" | "followers" | "stats" | "engagement" | "interactions"
                        | "carousels" | "photos" | "videos" | "insights" | "numbers"
                        | "overview" | "summary" | "report" | "recap" | "top"
                ))
            || (after == "so" && words.get(at + 2) == Some(&"far"))
            || after.parse::<u32>().is_ok()
            || day_of_month_at(words, at + 1).is_some()
            || year_word(after).is_some()
            // "(mars-avril)": a month straight after, the dash gone.
            || (!matches!(after, "may" | "march") && crate::period::month_number(after).is_some())
            // "march to may", "may-june"
            || (matches!(after, "to" | "till" | "until" | "through" | "thru" | "and" | "vs")
                && words
                    .get(at + 2)
                    .is_some_and(|_| month_at(words, at + 2).is_some()));
        if !expected {
            return None;
        }
    }
    if word.len() < 3 || word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    match word {
        "sept" => Some(9),
        "may" | "mar" | "jan" | "feb" | "apr" | "jun" | "jul" | "aug" | "sep" | "oct" | "nov"
        | "dec" => month_number(word),
        _ if word.len() >= 4 => month_number(word).filter(|m| {
            // Whole names, or clear abbreviations ("sept", "octo").
            let name = crate::period::month_name(*m);
            name == word || (word.len() >= 4 && name.starts_with(word))
        }),
        _ => None,
    }
}

/// The most recent `month`/`day` that is not after `today`.
pub(super) fn recent_date(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(date) if date <= today => Some(date),
        _ => NaiveDate::from_ymd_opt(today.year() - 1, month, day),
    }
}

pub(super) fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

pub(super) fn between(first: NaiveDate, last: NaiveDate, today: NaiveDate) -> When {
    if first > today {
        When::Future
    } else {
        When::Period(Period::Between(first, last.min(today)))
    }
}

/// A whole month, the most recent one that has begun (or in `year`).
pub(super) fn month_period(month: u32, year: Option<i32>, today: NaiveDate) -> Option<When> {
    let year = year.unwrap_or(if month <= today.month() {
        today.year()
    } else {
        today.year() - 1
    });
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    Some(if first > today {
        When::Future
    } else {
        When::Period(Period::Month {
            month,
            year: Some(year),
        })
    })
}

/// A date at `words[at..]`: `2026-03-04`, `4 march`, `4th of march`, `march 4th`, `the 4th
/// of march`, `march 4th 2025`, `nov 2nd`, `the fifth of november`. Returns the date and how
/// many words it took. A day without a month is a day of this month (or the last).
pub(super) fn date_at(words: &[&str], at: usize, today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let word = *words.get(at)?;
    if let Ok(date) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
        return Some((date, 1));
    }
    let mut i = at + usize::from(word == "the");
    let (month, day) = if let Some(month) = month_at(words, i) {
        // "march 4th", and "september the 3rd" (but not "march the 4 of us").
        let the = usize::from(
            words.get(i + 1) == Some(&"the")
                && words
                    .get(i + 2)
                    .is_some_and(|w| w.chars().any(|c| c.is_alphabetic())),
        );
        let (day, taken) = day_of_month_at(words, i + 1 + the)?;
        i += 1 + the + taken;
        // "march the first week": a week of the month, not a day.
        if the == 1 && words.get(i).is_some_and(|w| unit(w).is_some()) {
            return None;
        }
        // "in October, first by reach and then by followers": an order, not a day.
        if words[i - 1].chars().all(|c| c.is_alphabetic())
            && matches!(words.get(i), Some(&"by" | &"then"))
        {
            return None;
        }
        (month, day)
    } else {
        let (day, taken) = day_of_month_at(words, i)?;
        // "4" alone is a number, not a date: a day needs a month, "the", or an ordinal.
        let ordinal = words[i].chars().any(|c| c.is_alphabetic());
        i += taken;
        // "the 1st of october", "1 de octubre"
        if matches!(words.get(i), Some(&"of" | &"de" | &"del")) && month_at(words, i + 1).is_some()
        {
            i += 1;
        }
        if words.get(i) == Some(&"of")
            && matches!(words.get(i + 1), Some(&"this" | &"last"))
            && words.get(i + 2) == Some(&"month")
        {
            let month_start = if words[i + 1] == "this" {
                today.with_day(1)?
            } else {
                today.with_day(1)?.pred_opt()?.with_day(1)?
            };
            let date = NaiveDate::from_ymd_opt(month_start.year(), month_start.month(), day)?;
            return Some((date, i + 3 - at));
        }
        // "since the first of the year": New Year's Day, this year's or last year's.
        if day == 1 && words.get(i) == Some(&"of") {
            let (year_at, last) = match words.get(i + 1) {
                Some(&("the" | "this")) => (i + 2, false),
                Some(&"last") => (i + 2, true),
                _ => (i + 1, false),
            };
            if matches!(words.get(year_at), Some(&("year" | "yr"))) {
                let date = NaiveDate::from_ymd_opt(today.year() - i32::from(last), 1, 1)?;
                return Some((date, year_at + 1 - at));
            }
        }
        match month_at(words, i) {
            Some(month) => {
                i += 1;
                (month, day)
            }
            // "the second and third ones": ranks, not days. A day spelled out in words
            // without its month needs a word that places it ("on the second", "since the
            // first").
            None if ordinal
                && word == "the"
                && !words[at + 1].chars().any(|c| c.is_ascii_digit())
                && !(at > 0
                    && matches!(
                        words[at - 1],
                        "on" | "since" | "from" | "until" | "till" | "before" | "after" | "by"
                    ))
                // ("and the eleventh?" after a day: another day, the last words.)
                && !(at > 0
                    && words[at - 1] == "and"
                    && matches!(words.get(at + 2), None | Some(&"too" | &"then" | &"please"))) =>
            {
                return None
            }
            // ("since 10th", "after 3rd": the article left out.)
            None if ordinal
                && (word == "the"
                    || at > 0 && words[at - 1] == "on"
                    || (at > 0
                        && word.starts_with(|c: char| c.is_ascii_digit())
                        && matches!(words[at - 1], "since" | "after" | "from"))) =>
            {
                return Some((latest_with_day(today, day)?, i - at));
            }
            // ("desde el 5?", "since the 5": a day of this month, the last words or
            // before "and"; not "since the 5 posts".)
            None if !ordinal
                && word == "the"
                && at > 0
                && words[at - 1] == "since"
                && matches!(words.get(i), None | Some(&"and" | &"onwards" | &"please")) =>
            {
                return Some((latest_with_day(today, day)?, i - at));
            }
            None => return None,
        }
    };
    if let Some((year, taken)) = year_at(words, i) {
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        return Some((date, i + taken - at));
    }
    // "8 november this year", "the 3rd of may last year": the year of the date, not a period.
    if words.get(i + 1) == Some(&"year") {
        let year = match words.get(i) {
            Some(&"this") => Some(today.year()),
            Some(&"last") => Some(today.year() - 1),
            _ => None,
        };
        if let Some(year) = year {
            return Some((NaiveDate::from_ymd_opt(year, month, day)?, i + 2 - at));
        }
    }
    Some((recent_date(month, day, today)?, i - at))
}

/// The first Monday on or before `date`.
pub(super) fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

pub(super) fn weekday_of(word: &str, loose: bool) -> Option<(Weekday, bool)> {
    let day = match word.trim_end_matches('s') {
        "monday" => Weekday::Mon,
        "tuesday" | "tues" => Weekday::Tue,
        "wednesday" | "weds" => Weekday::Wed,
        "thursday" | "thurs" | "thur" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        "mon" if loose => Weekday::Mon,
        "tue" if loose => Weekday::Tue,
        "wed" if loose => Weekday::Wed,
        "thu" if loose => Weekday::Thu,
        "fri" if loose => Weekday::Fri,
        "sat" if loose => Weekday::Sat,
        "sun" if loose => Weekday::Sun,
        _ => return None,
    };
    let plural = word.ends_with("days") && !word.ends_with("tues");
    Some((day, plural))
}

/// The most recent `weekday` before today.
pub(super) fn last_weekday(weekday: Weekday, today: NaiveDate) -> NaiveDate {
    let back = (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    today - Days::new(u64::from(if back == 0 { 7 } else { back }))
}

/// The current week, month or year, named by its unit.
pub(super) fn this_unit(word: &str) -> Option<Period> {
    match word {
        "week" => Some(Period::ThisWeek),
        "month" => Some(Period::ThisMonth),
        "year" => Some(Period::ThisYear),
        _ => None,
    }
}

/// A single day.
pub(super) fn day(date: NaiveDate) -> Period {
    Period::Between(date, date)
}

pub(super) fn rolling(unit: Unit, n: u32) -> Option<Period> {
    Some(match unit {
        Unit::Hour => Period::LastDays(n.div_ceil(24) + 1),
        Unit::Day => Period::LastDays(n),
        Unit::Week => Period::LastDays(n.checked_mul(7)?),
        Unit::Fortnight => Period::LastDays(n.checked_mul(14)?),
        // ("the last 1 month": the past month, thirty days.)
        Unit::Month if n == 1 => Period::LastDays(30),
        Unit::Month => Period::LastMonths(n),
        Unit::Quarter => Period::LastMonths(n.checked_mul(3)?),
        Unit::Year => Period::LastMonths(n.checked_mul(12)?),
    })
}

/// The order of day and month that a date written with slashes shows by a number over 12
/// ("between 11/2 and 11/15": the month first, so the 2nd of November too), when the
/// question's dates show one order only.
pub(super) fn day_order_shown(words: &[&str]) -> Option<bool> {
    let mut shown = words.iter().filter_map(|word| {
        let parts: Vec<u32> = word
            .split('/')
            .map(|part| part.parse::<u32>().ok())
            .collect::<Option<_>>()?;
        match parts.as_slice() {
            [a, b] | [a, b, _] if *a <= 31 && *b <= 31 => match (*a > 12, *b > 12) {
                (true, false) => Some(true),
                (false, true) => Some(false),
                _ => None,
            },
            _ => None,
        }
    });
    let first = shown.next()?;
    shown.all(|order| order == first).then_some(first)
}
