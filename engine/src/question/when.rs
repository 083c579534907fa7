//! When a question is about, as people say it: "last 7 days", "past fortnight", "on
//! Thursday", "on 4 March", "this summer", "Q3", "since the first of October", "between the
//! 1st and the 15th", "the day before yesterday", "in total", "the week before" (relative to
//! the previous question), and times that have not come yet ("tomorrow", "next week").
//!
//! [`mentions`] reads canonical words (see `words.rs`) and returns every [`Mention`] with the
//! words it used, so the rest of the parser neither reads "7" in "last 7 days" as "top 7"
//! nor drops a period word it did not understand. Absolute periods (a weekday, a date, a
//! season) are resolved to dates here, for `today` in the chat's time zone; seasons follow
//! the hemisphere of that zone.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::period::{month_number, Period};

/// What a mention says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A period.
    Period(Period),
    /// The period just before the one already in the conversation ("the week before",
    /// "the 7 before", "the previous period").
    Before,
    /// This many days just after the period already in the conversation ("the week after",
    /// "the 3 days after it").
    After(u32),
    /// The same day a week earlier than the other period ("the same day last week").
    SameDayLastWeek,
    /// The same dates a year earlier than the other period ("the same period last year").
    SameTimeLastYear,
    /// A time that has not come yet.
    Future,
    /// A time Pulse cannot place exactly ("early October", "3/4").
    Vague,
}

/// A period found in the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// What it says.
    pub when: When,
    /// The first word it used.
    pub start: usize,
    /// One past the last word it used.
    pub end: usize,
    /// A weekday said on its own ("monday", "mondays"): a day, unless the question compares
    /// weekdays.
    pub weekday: Option<Weekday>,
    /// "in total", "altogether": all time, but only when nothing else names a period.
    pub weak: bool,
}

/// Every word `when.rs` reads, for the typo corrector.
pub const VOCABULARY: &[&str] = &[
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "quarter",
    "quarters",
    "fortnight",
    "fortnights",
    "hour",
    "hours",
    "last",
    "past",
    "previous",
    "prior",
    "this",
    "next",
    "since",
    "between",
    "ago",
    "ever",
    "lifetime",
    "weekend",
    "weekends",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
    "spring",
    "summer",
    "autumn",
    "winter",
    "christmas",
    "halloween",
    "valentines",
    "easter",
    "diwali",
    "bonfire",
    "thanksgiving",
    "boxing",
    "cyber",
    "beginning",
    "start",
    "until",
    "through",
    "before",
    "yesterdays",
    "upcoming",
    "coming",
    "whole",
    "entire",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
}

fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "hour" | "hours" | "hr" | "hrs" | "h" => Unit::Hour,
        "day" | "days" | "d" => Unit::Day,
        "week" | "weeks" | "wk" | "wks" | "w" => Unit::Week,
        "fortnight" | "fortnights" => Unit::Fortnight,
        "month" | "months" | "mo" | "mos" | "mth" | "mths" | "m" => Unit::Month,
        "quarter" | "quarters" => Unit::Quarter,
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
const ORDINALS: [&str; 20] = [
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

/// A day of the month: `4`, `4th`, `fourth`, `twenty first`; and how many words.
fn day_of_month_at(words: &[&str], at: usize) -> Option<(u32, usize)> {
    let word = *words.get(at)?;
    let trimmed = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if let Ok(day) = trimmed.parse::<u32>() {
        return (1..=31).contains(&day).then_some((day, 1));
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
fn year_at(words: &[&str], at: usize) -> Option<(i32, usize)> {
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

fn month_at(words: &[&str], at: usize) -> Option<u32> {
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
            )
            || after.parse::<u32>().is_ok()
            || day_of_month_at(words, at + 1).is_some()
            || year_word(after).is_some()
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
fn recent_date(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(date) if date <= today => Some(date),
        _ => NaiveDate::from_ymd_opt(today.year() - 1, month, day),
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

fn between(first: NaiveDate, last: NaiveDate, today: NaiveDate) -> When {
    if first > today {
        When::Future
    } else {
        When::Period(Period::Between(first, last.min(today)))
    }
}

/// A whole month, the most recent one that has begun (or in `year`).
fn month_period(month: u32, year: Option<i32>, today: NaiveDate) -> Option<When> {
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
fn date_at(words: &[&str], at: usize, today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let word = *words.get(at)?;
    if let Ok(date) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
        return Some((date, 1));
    }
    let mut i = at + usize::from(word == "the");
    let (month, day) = if let Some(month) = month_at(words, i) {
        let (day, taken) = day_of_month_at(words, i + 1)?;
        i += 1 + taken;
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
        match month_at(words, i) {
            Some(month) => {
                i += 1;
                (month, day)
            }
            None if ordinal && (word == "the" || at > 0 && words[at - 1] == "on") => {
                // "on the 10th": this month, or the last one if the 10th has not come yet.
                let date = NaiveDate::from_ymd_opt(today.year(), today.month(), day)
                    .filter(|d| *d <= today)
                    .or_else(|| {
                        let last = today.with_day(1)?.pred_opt()?;
                        NaiveDate::from_ymd_opt(last.year(), last.month(), day)
                    })?;
                return Some((date, i - at));
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
fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

fn weekday_of(word: &str, loose: bool) -> Option<(Weekday, bool)> {
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
fn last_weekday(weekday: Weekday, today: NaiveDate) -> NaiveDate {
    let back = (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    today - Days::new(u64::from(if back == 0 { 7 } else { back }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

fn season_of(word: &str) -> Option<Season> {
    Some(match word {
        "spring" => Season::Spring,
        "summer" | "summertime" => Season::Summer,
        "autumn" => Season::Autumn,
        "winter" => Season::Winter,
        _ => return None,
    })
}

/// The first month of a season in a hemisphere.
fn season_start(season: Season, southern: bool) -> u32 {
    let north = match season {
        Season::Spring => 3,
        Season::Summer => 6,
        Season::Autumn => 9,
        Season::Winter => 12,
    };
    if southern {
        (north + 5) % 12 + 1
    } else {
        north
    }
}

/// A season's dates: the most recent one that has begun, the most recent one that is over
/// (`completed`), or the one beginning in `year`.
fn season_period(
    season: Season,
    year: Option<i32>,
    completed: bool,
    southern: bool,
    today: NaiveDate,
) -> Option<When> {
    let month = season_start(season, southern);
    let range = |year: i32| -> Option<(NaiveDate, NaiveDate)> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first.checked_add_months(Months::new(3))?.pred_opt()?;
        Some((first, last))
    };
    let (first, last) = match year {
        // "winter 2025": the one that holds January 2025 when it spans two years.
        Some(year) if month == 12 => range(year - 1)?,
        Some(year) => range(year)?,
        None => {
            let mut year = today.year();
            let mut candidate = range(year)?;
            while candidate.0 > today || (completed && candidate.1 >= today) {
                year -= 1;
                candidate = range(year)?;
            }
            candidate
        }
    };
    Some(between(first, last, today))
}

fn quarter_period(quarter: u32, year: Option<i32>, today: NaiveDate) -> Option<When> {
    let first_month = (quarter - 1) * 3 + 1;
    let year = year.unwrap_or(if first_month <= today.month() {
        today.year()
    } else {
        today.year() - 1
    });
    let first = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let last = last_of_month(year, first_month + 2)?;
    Some(between(first, last, today))
}

fn this_quarter(today: NaiveDate) -> u32 {
    (today.month() - 1) / 3 + 1
}

/// A named day: Christmas, New Year's Eve, Halloween, Valentine's Day, Easter, Diwali,
/// Thanksgiving, Black Friday, Cyber Monday — the most recent one that has begun.
fn holiday_at(
    words: &[&str],
    at: usize,
    today: NaiveDate,
    mothering_sunday: bool,
) -> Option<(NaiveDate, usize)> {
    let word = *words.get(at)?;
    let next = words.get(at + 1).copied().unwrap_or("");
    let after = words.get(at + 2).copied().unwrap_or("");
    let fixed = |month, day, taken| Some((recent_date(month, day, today)?, taken));
    // A holiday whose date moves: this year's if it has come, else last year's.
    let moving = |date_in: &dyn Fn(i32) -> Option<NaiveDate>, taken| {
        let this_year = date_in(today.year())?;
        let date = if this_year <= today {
            this_year
        } else {
            date_in(today.year() - 1)?
        };
        Some((date, taken))
    };
    // "the Christmas rush", "Christmas turkeys", "orders for Christmas": what is sold or
    // planned for it, not the day.
    let for_the_season = matches!(word, "christmas" | "xmas")
        && (matches!(
            next,
            "rush"
                | "do"
                | "party"
                | "parties"
                | "market"
                | "turkey"
                | "turkeys"
                | "jumper"
                | "jumpers"
                | "menu"
                | "menus"
                | "orders"
                | "order"
                | "stock"
                | "shopping"
                | "sale"
                | "gifts"
                | "gift"
                | "hampers"
                | "hamper"
                | "fair"
                | "range"
                | "collection"
                | "grotto"
                | "cards"
                | "lights"
                | "dinner"
                | "lunch"
        ) || (at > 0 && words[at - 1] == "for" && today.month() < 12));
    if for_the_season {
        return None;
    }
    match (word, next, after) {
        ("christmas" | "xmas", "eve", _) => fixed(12, 24, 2),
        ("christmas" | "xmas", "day", _) => fixed(12, 25, 2),
        ("christmas" | "xmas", _, _) => fixed(12, 25, 1),
        ("boxing", "day", _) => fixed(12, 26, 2),
        ("new", "years" | "year", "eve") | ("nye", _, _) => {
            fixed(12, 31, if word == "nye" { 1 } else { 3 })
        }
        ("new", "years" | "year", "day") => fixed(1, 1, 3),
        ("halloween", _, _) => fixed(10, 31, 1),
        ("bonfire", "night", _) => fixed(11, 5, 2),
        ("guy", "fawkes", "night") => fixed(11, 5, 3),
        ("valentines" | "valentine", "day", _) => fixed(2, 14, 2),
        ("valentines", _, _) => fixed(2, 14, 1),
        ("easter", "monday", _) => moving(
            &|year| easter_sunday(year)?.checked_add_days(Days::new(1)),
            2,
        ),
        ("easter", "sunday", _) => moving(&easter_sunday, 2),
        ("easter", _, _) => moving(&easter_sunday, 1),
        ("diwali", _, _) => moving(&diwali, 1),
        ("thanksgiving", _, _) => moving(&|year| fourth_thursday_of_november(year), 1),
        ("black", "friday", _) => moving(
            &|year| fourth_thursday_of_november(year)?.checked_add_days(Days::new(1)),
            2,
        ),
        ("cyber", "monday", _) => moving(
            &|year| fourth_thursday_of_november(year)?.checked_add_days(Days::new(4)),
            2,
        ),
        ("st" | "saint", "davids", "day") => fixed(3, 1, 3),
        ("st" | "saint", "patricks", "day") => fixed(3, 17, 3),
        ("st" | "saint", "patricks", _) | ("paddys", "day", _) => fixed(3, 17, 2),
        ("st" | "saint", "georges", "day") => fixed(4, 23, 3),
        ("st" | "saint", "andrews", "day") => fixed(11, 30, 3),
        ("burns", "night", _) => fixed(1, 25, 2),
        ("hogmanay", _, _) => fixed(12, 31, 1),
        ("pancake", "day", _) => moving(
            &|year| easter_sunday(year)?.checked_sub_days(Days::new(47)),
            2,
        ),
        ("shrove", "tuesday", _) => moving(
            &|year| easter_sunday(year)?.checked_sub_days(Days::new(47)),
            2,
        ),
        ("good", "friday", _) => moving(
            &|year| easter_sunday(year)?.checked_sub_days(Days::new(2)),
            2,
        ),
        // Mother's Day: Mothering Sunday in the UK and Ireland, the second Sunday of May
        // in most other places.
        ("mothers" | "mother", "day", _) if mothering_sunday => moving(
            &|year| easter_sunday(year)?.checked_sub_days(Days::new(21)),
            2,
        ),
        ("mothers" | "mother", "day", _) => {
            moving(&|year| nth_weekday(year, 5, Weekday::Sun, 2), 2)
        }
        ("mothering", "sunday", _) => moving(
            &|year| easter_sunday(year)?.checked_sub_days(Days::new(21)),
            2,
        ),
        ("fathers", "day", _) => moving(&|year| nth_weekday(year, 6, Weekday::Sun, 3), 2),
        ("remembrance", "day", _) | ("armistice", "day", _) => fixed(11, 11, 2),
        ("remembrance", "sunday", _) => moving(&|year| nth_weekday(year, 11, Weekday::Sun, 2), 2),
        ("remembrance", _, _) => moving(&|year| nth_weekday(year, 11, Weekday::Sun, 2), 1),
        // Europe's clocks change on the last Sunday of March and of October.
        ("clocks", "went" | "go" | "changed", "back") => {
            moving(&|year| last_weekday_of_month(year, 10, Weekday::Sun), 3)
        }
        ("clocks", "went" | "go" | "changed", "forward") => {
            moving(&|year| last_weekday_of_month(year, 3, Weekday::Sun), 3)
        }
        // "the bank holiday monday", "over the bank holiday": England's last one.
        ("bank", "holiday" | "hol", "monday") => Some((last_bank_holiday(today)?, 3)),
        ("bank", "holiday" | "hol", _) => Some((last_bank_holiday(today)?, 2)),
        _ => None,
    }
}

/// The `n`th `weekday` of `month` in `year` (1-based).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)
}

/// The last Monday of `month` in `year`.
fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    last_weekday_of_month(year, month, Weekday::Mon)
}

/// The last `weekday` of `month` in `year`.
fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let last = last_of_month(year, month)?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    last.checked_sub_days(Days::new(u64::from(back)))
}

/// England's most recent bank holiday on or before `today` (New Year's Day, Good Friday,
/// Easter Monday, the early May, spring and summer Mondays, Christmas and Boxing Day; the
/// weekday substitutes are left out).
fn last_bank_holiday(today: NaiveDate) -> Option<NaiveDate> {
    [today.year(), today.year() - 1]
        .into_iter()
        .flat_map(|year| {
            let easter = easter_sunday(year);
            [
                NaiveDate::from_ymd_opt(year, 1, 1),
                easter.and_then(|e| e.checked_sub_days(Days::new(2))),
                easter.and_then(|e| e.checked_add_days(Days::new(1))),
                nth_weekday(year, 5, Weekday::Mon, 1),
                last_monday(year, 5),
                last_monday(year, 8),
                NaiveDate::from_ymd_opt(year, 12, 25),
                NaiveDate::from_ymd_opt(year, 12, 26),
            ]
        })
        .flatten()
        .filter(|day| *day <= today)
        .max()
}

/// US Thanksgiving: the fourth Thursday of November.
fn fourth_thursday_of_november(year: i32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 11, 1)?;
    let to_thursday = (7 + 3 - first.weekday().num_days_from_monday()) % 7;
    first.checked_add_days(Days::new(u64::from(to_thursday) + 21))
}

/// Easter Sunday (Western), by the anonymous Gregorian algorithm.
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Diwali (Lakshmi Puja) follows the lunar calendar: the dates of the years Pulse is asked
/// about.
fn diwali(year: i32) -> Option<NaiveDate> {
    let (month, day) = match year {
        2024 => (11, 1),
        2025 => (10, 20),
        2026 => (11, 8),
        2027 => (10, 29),
        2028 => (10, 17),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// "Halloween weekend": the Saturday and Sunday nearest the day.
fn weekend_around(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let saturday = match date.weekday() {
        Weekday::Sat => date,
        Weekday::Sun => date - Days::new(1),
        Weekday::Thu | Weekday::Fri => {
            date + Days::new(u64::from(5 - date.weekday().num_days_from_monday()))
        }
        other => date - Days::new(u64::from(other.num_days_from_monday() + 2)),
    };
    (saturday, saturday + Days::new(1))
}

struct Reader<'w> {
    words: &'w [&'w str],
    today: NaiveDate,
    southern: bool,
    /// Whether "2/11" is the 2nd of November (`Some(true)`), February 11th (`Some(false)`),
    /// or unknown, and so asked about.
    day_first: Option<bool>,
    /// Whether Mother's Day is Mothering Sunday (the UK and Ireland).
    mothering_sunday: bool,
}

type Found = (When, usize, Option<Weekday>);

impl Reader<'_> {
    fn at(&self, i: usize) -> &str {
        self.words.get(i).copied().unwrap_or("")
    }

    fn period(&self, period: Period, end: usize) -> Option<Found> {
        Some((When::Period(period), end, None))
    }

    /// "last 7 days", "past fortnight", "last week", "the last 24 hours", "L30D".
    fn last_n(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        // "l30d", "l7d", "l90d"
        if let Some(days) = word
            .strip_prefix('l')
            .and_then(|rest| rest.strip_suffix('d'))
            .and_then(|n| n.parse::<u32>().ok())
        {
            return self.period(Period::LastDays(days.clamp(1, 3660)), i + 1);
        }
        // "the 12 months to date": the last 12 months.
        if self.at(i) == "the" {
            if let Some((n, taken)) = number_at(self.words, i + 1) {
                let after = i + 1 + taken;
                if let Some(unit) = unit(self.at(after)) {
                    if self.at(after + 1) == "to" && self.at(after + 2) == "date" {
                        return self.period(rolling(unit, n)?, after + 3);
                    }
                }
            }
        }
        let mut j = i;
        for skip in ["in", "over", "during", "for", "within", "from"] {
            if self.at(j) == skip && matches!(self.at(j + 1), "the" | "last" | "past") {
                j += 1;
            }
        }
        if self.at(j) == "the" {
            j += 1;
        }
        let named = self.at(j);
        if !matches!(
            named,
            "last"
                | "past"
                | "passed"
                | "previous"
                | "prior"
                | "recent"
                | "lst"
                | "pst"
                | "rolling"
        ) {
            return None;
        }
        let calendar = matches!(named, "last" | "previous" | "prior" | "lst");
        j += 1;
        // "this past weekend", "the past week"
        let count = match self.at(j) {
            "to" | "too" if unit(self.at(j + 1)).is_some() => Some((2, 1)),
            "for" if unit(self.at(j + 1)).is_some() => Some((4, 1)),
            // Voice typing: "the last for teen days".
            "for" if self.at(j + 1) == "teen" && unit(self.at(j + 2)).is_some() => Some((14, 2)),
            _ => number_at(self.words, j).filter(|(_, taken)| unit(self.at(j + taken)).is_some()),
        };
        if let Some((n, taken)) = count {
            let unit = unit(self.at(j + taken))?;
            let end = j + taken + 1;
            return self.period(rolling(unit, n)?, end);
        }
        let unit_word = self.at(j);
        if unit_word == "weekend" {
            return Some((self.weekend(1), j + 1, None));
        }
        if let Some(season) =
            season_of(unit_word).or((unit_word == "fall").then_some(Season::Autumn))
        {
            return Some((
                season_period(season, None, true, self.southern, self.today)?,
                j + 1,
                None,
            ));
        }
        if let Some((weekday, _)) = weekday_of(unit_word, true) {
            return Some((
                When::Period(day(last_weekday(weekday, self.today))),
                j + 1,
                None,
            ));
        }
        let period = match (unit(unit_word)?, calendar) {
            (Unit::Week, true) => Period::LastWeek,
            (Unit::Week, false) => Period::LastDays(7),
            (Unit::Month, true) => Period::LastMonth,
            (Unit::Month, false) => Period::LastDays(30),
            (Unit::Year, true) => Period::LastYear,
            (Unit::Year, false) => Period::LastMonths(12),
            (Unit::Fortnight, _) => Period::LastDays(14),
            (Unit::Day, _) => Period::LastDays(1),
            (Unit::Hour, _) => Period::LastDays(2),
            (Unit::Quarter, true) => {
                let quarter = this_quarter(self.today);
                let (quarter, year) = if quarter == 1 {
                    (4, self.today.year() - 1)
                } else {
                    (quarter - 1, self.today.year())
                };
                return Some((
                    quarter_period(quarter, Some(year), self.today)?,
                    j + 1,
                    None,
                ));
            }
            (Unit::Quarter, false) => Period::LastMonths(3),
        };
        self.period(period, j + 1)
    }

    /// The most recent weekend that is over (`back` = 1), or the one before (2).
    fn weekend(&self, back: u64) -> When {
        let saturday = last_weekday(Weekday::Sat, self.today);
        let saturday = if self.today.weekday() == Weekday::Sun {
            saturday - Days::new(7)
        } else {
            saturday
        };
        let saturday = saturday - Days::new(7 * (back - 1));
        When::Period(Period::Between(saturday, saturday + Days::new(1)))
    }

    fn mention(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        let next = self.at(i + 1);
        let today = self.today;
        // Relative to another period.
        if let Some(found) = self.relative(i) {
            return Some(found);
        }
        if word == "the"
            && (matches!(next, "start" | "beginning" | "end")
                || matches!(self.at(i + 2), "quarter" | "qtr"))
        {
            return self.mention(i + 1);
        }
        // "the third quarter", "3rd quarter of last year"
        if let Some(quarter) = ["first", "second", "third", "fourth"]
            .iter()
            .chain(&["1st", "2nd", "3rd", "4th"])
            .position(|w| *w == word)
            .map(|p| (p % 4) as u32 + 1)
            .filter(|_| matches!(next, "quarter" | "qtr"))
        {
            let (year, taken) =
                match year_at(self.words, i + 2 + usize::from(self.at(i + 2) == "of")) {
                    Some((year, taken)) => {
                        (Some(year), taken + usize::from(self.at(i + 2) == "of"))
                    }
                    None => match (self.at(i + 2), self.at(i + 3)) {
                        ("of", "last") | ("last", "year") => (
                            Some(today.year() - 1),
                            2 + usize::from(self.at(i + 2) == "of"),
                        ),
                        _ => (None, 0),
                    },
                };
            return Some((quarter_period(quarter, year, today)?, i + 2 + taken, None));
        }
        // "the start of the year", "the beginning of the month"
        if matches!(word, "start" | "beginning") && next == "of" {
            let unit_at = i + 2 + usize::from(self.at(i + 2) == "the");
            let first = match self.at(unit_at) {
                "year" => NaiveDate::from_ymd_opt(today.year(), 1, 1),
                "month" => today.with_day(1),
                "week" => Some(monday_of(today)),
                _ => None,
            };
            if let Some(first) = first {
                return self.period(day(first), unit_at + 1);
            }
        }
        // "7d", "30d", "4w", "3m", "1y"
        if word.len() >= 2 && word.as_bytes()[0].is_ascii_digit() {
            if let Some(period) = Period::parse_argument(word)
                .filter(|p| !matches!(p, Period::Year(_) | Period::Since(_)))
            {
                return self.period(period, i + 1);
            }
        }
        if word == "last" && matches!(next, "night" | "nite") {
            return self.period(Period::Yesterday, i + 2);
        }
        if matches!(word, "this" | "earlier")
            && matches!(next, "morning" | "afternoon" | "evening" | "today")
        {
            return self.period(Period::Today, i + 2);
        }
        // "the first half of the year", "H2": January to June, July to December (this year's
        // once it has begun); "the last half year", "half a year": six months.
        let lead = usize::from(word == "the");
        let half = match (
            self.at(i + lead),
            self.at(i + lead + 1),
            self.at(i + lead + 2),
            self.at(i + lead + 3),
        ) {
            ("first", "half", "of", "the" | "this") if self.at(i + lead + 4) == "year" => {
                Some((1, lead + 5))
            }
            ("second", "half", "of", "the" | "this") if self.at(i + lead + 4) == "year" => {
                Some((7, lead + 5))
            }
            // ("H1 2026" is read with its year elsewhere.)
            ("h1", ..) if year_at(self.words, i + lead + 1).is_none() => Some((1, lead + 1)),
            ("h2", ..) if year_at(self.words, i + lead + 1).is_none() => Some((7, lead + 1)),
            _ => None,
        };
        if let Some((first_month, taken)) = half {
            let year = if today.month() >= first_month {
                today.year()
            } else {
                today.year() - 1
            };
            let first = NaiveDate::from_ymd_opt(year, first_month, 1)?;
            let last = last_of_month(year, first_month + 5)?.min(today);
            return self.period(Period::Between(first, last), i + taken);
        }
        if matches!(
            (word, next, self.at(i + 2)),
            ("last" | "past", "half", "year") | ("half", "a", "year")
        ) {
            return self.period(Period::LastMonths(6), i + 3);
        }
        // "just yesterday and today": both days (not "yesterday and today's total").
        if matches!(
            (word, next, self.at(i + 2)),
            ("yesterday", "and", "today") | ("today", "and", "yesterday")
        ) && !matches!(self.at(i + 3), "total" | "count" | "number" | "followers")
        {
            return self.period(Period::LastDays(2), i + 3);
        }
        match word {
            "today" | "tonight" | "2day" | "todays" => return self.period(Period::Today, i + 1),
            "yesterday" | "yday" | "yesterdays" => return self.period(Period::Yesterday, i + 1),
            "tomorrow" | "tmrw" | "tmr" | "tomorrows" | "tmrws" => {
                return Some((When::Future, i + 1, None))
            }
            "ever" | "lifetime" | "alltime" => return self.period(Period::AllTime, i + 1),
            "ytd" => return self.period(Period::ThisYear, i + 1),
            "mtd" => return self.period(Period::ThisMonth, i + 1),
            "wtd" => return self.period(Period::ThisWeek, i + 1),
            "qtd" => {
                return Some((
                    quarter_period(this_quarter(today), None, today)?,
                    i + 1,
                    None,
                ))
            }
            "upcoming" | "future" => return Some((When::Future, i + 1, None)),
            _ => {}
        }
        if word == "all" && matches!(next, "time" | "times") {
            return self.period(Period::AllTime, i + 2);
        }
        // "all year", "in all the year", "the whole month", "this entire week": this one.
        if matches!(word, "all" | "whole" | "entire") {
            let unit_at = i + 1 + usize::from(next == "the");
            // ("all the year 2025" is 2025.)
            let named_year = year_at(self.words, unit_at + 1).is_some();
            if let Some(period) = this_unit(self.at(unit_at)).filter(|_| !named_year) {
                return self.period(period, unit_at + 1);
            }
        }
        // "my month so far", "the week so far": this one.
        if self.at(i + 1) == "so" && self.at(i + 2) == "far" {
            if let Some(period) = this_unit(word) {
                return self.period(period, i + 3);
            }
        }
        // "my best reel of all the time" (not "I post all the time").
        if word == "all"
            && next == "the"
            && matches!(self.at(i + 2), "time" | "times")
            && i > 0
            && matches!(self.at(i - 1), "of" | "in" | "from" | "for")
        {
            return self.period(Period::AllTime, i + 3);
        }
        // "top post of the week", "best reel of the month" (not "the day of the week")
        if word == "of"
            && next == "the"
            && !matches!(
                self.at(i.saturating_sub(1)),
                "day"
                    | "days"
                    | "time"
                    | "part"
                    | "parts"
                    | "night"
                    | "nights"
                    | "evening"
                    | "morning"
                    | "hour"
            )
        {
            if let Some(period) = this_unit(self.at(i + 2)) {
                return self.period(period, i + 3);
            }
        }
        // "my stats for the week", "top 10 for the year": this one (not "for the week
        // before", "for the year 2024").
        if word == "for"
            && next == "the"
            && !matches!(
                self.at(i + 3),
                "before" | "after" | "ending" | "starting" | "of" | "to"
            )
            && year_at(self.words, i + 3).is_none()
        {
            if let Some(period) = this_unit(self.at(i + 2)) {
                return self.period(period, i + 3);
            }
        }
        if (word == "day" || word == "the" && next == "day")
            && self.at(i + 1 + usize::from(word == "the")) == "before"
            && self.at(i + 2 + usize::from(word == "the")) == "yesterday"
        {
            let end = i + 3 + usize::from(word == "the");
            return self.period(day(today - Days::new(2)), end);
        }
        if word == "the" && next == "week" && self.at(i + 2) == "before" && self.at(i + 3) == "last"
        {
            let monday = monday_of(today) - Days::new(14);
            return self.period(Period::Between(monday, monday + Days::new(6)), i + 4);
        }
        if word == "the"
            && next == "weekend"
            && self.at(i + 2) == "before"
            && self.at(i + 3) == "last"
        {
            return Some((self.weekend(2), i + 4, None));
        }
        if word == "the"
            && next == "month"
            && self.at(i + 2) == "before"
            && self.at(i + 3) == "last"
        {
            let first = today.with_day(1)?.checked_sub_months(Months::new(2))?;
            return Some((
                month_period(first.month(), Some(first.year()), today)?,
                i + 4,
                None,
            ));
        }
        if matches!(word, "year" | "so") && matches!(next, "to" | "far") {
            // "year to date", "so far this year", "so far this month"
            if word == "year" && next == "to" && self.at(i + 2) == "date" {
                return self.period(Period::ThisYear, i + 3);
            }
            if word == "so" && next == "far" && self.at(i + 2) == "this" {
                let period = match self.at(i + 3) {
                    "year" => Period::ThisYear,
                    "month" => Period::ThisMonth,
                    "week" => Period::ThisWeek,
                    _ => return None,
                };
                return self.period(period, i + 4);
            }
        }
        if let Some(found) = self.last_n(i) {
            return Some(found);
        }
        // "this week", "this month", "this year", "this quarter", "this weekend", "current month"
        if matches!(word, "this" | "current" | "thi") {
            let period = match next {
                "week" | "wk" | "wek" | "weeks" => Some(Period::ThisWeek),
                "month" | "mnth" | "mth" | "months" => Some(Period::ThisMonth),
                "year" | "yr" | "years" => Some(Period::ThisYear),
                _ => None,
            };
            if let Some(period) = period {
                return self.period(period, i + 2);
            }
            if next == "quarter" {
                return Some((
                    quarter_period(this_quarter(today), None, today)?,
                    i + 2,
                    None,
                ));
            }
            if next == "weekend" {
                return Some(match today.weekday() {
                    Weekday::Sat => (When::Period(Period::Between(today, today)), i + 2, None),
                    Weekday::Sun => (
                        When::Period(Period::Between(today - Days::new(1), today)),
                        i + 2,
                        None,
                    ),
                    _ => (When::Future, i + 2, None),
                });
            }
            if next == "past" && self.at(i + 2) == "weekend" {
                return Some((self.weekend(1), i + 3, None));
            }
            if let Some(season) = season_of(next).or((next == "fall").then_some(Season::Autumn)) {
                return Some((
                    season_period(season, None, false, self.southern, today)?,
                    i + 2,
                    None,
                ));
            }
            if let Some((weekday, _)) = weekday_of(next, true) {
                let date = monday_of(today) + Days::new(u64::from(weekday.num_days_from_monday()));
                return Some(if date > today {
                    (When::Future, i + 2, None)
                } else {
                    (When::Period(day(date)), i + 2, None)
                });
            }
        }
        // "next week", "coming month", "next monday": not yet.
        if matches!(word, "next" | "coming") {
            let unit_like = unit(next).is_some()
                || next == "weekend"
                || weekday_of(next, true).is_some()
                || season_of(next).is_some()
                || month_at(self.words, i + 1).is_some();
            if unit_like {
                return Some((When::Future, i + 2, None));
            }
        }
        // "3 days ago", "a week ago", "two weeks ago"
        if let Some((n, taken)) = number_at(self.words, i) {
            if let Some(unit) = unit(self.at(i + taken)) {
                if self.at(i + taken + 1) == "ago" {
                    let end = i + taken + 2;
                    let date = match unit {
                        Unit::Hour => today,
                        Unit::Day => today.checked_sub_days(Days::new(u64::from(n)))?,
                        Unit::Week => today.checked_sub_days(Days::new(7 * u64::from(n)))?,
                        Unit::Month => today.checked_sub_months(Months::new(n))?,
                        Unit::Year => today.checked_sub_months(Months::new(12 * n))?,
                        _ => return None,
                    };
                    return self.period(day(date), end);
                }
                // "in 7 days", "over 90 days", "for 2 weeks": the last ones.
                let previous = if i > 0 { self.at(i - 1) } else { "" };
                if matches!(previous, "in" | "over" | "for" | "during" | "within") && n < 1000 {
                    return self.period(rolling(unit, n)?, i + taken + 1);
                }
            }
        }
        if matches!(next, "minutes" | "mins" | "min")
            && self.at(i + 2) == "ago"
            && number_at(self.words, i).is_some()
        {
            return self.period(Period::Today, i + 3);
        }
        // Quarters and halves: "q3", "q3 2025", "2025 q3", "the third quarter".
        if let Some(quarter) = word
            .strip_prefix('q')
            .and_then(|q| q.parse::<u32>().ok())
            .filter(|q| (1..=4).contains(q))
        {
            let (year, taken) = match year_at(self.words, i + 1) {
                Some((year, taken)) => (Some(year), taken),
                None => match (next, self.at(i + 2)) {
                    ("last", "year") => (Some(today.year() - 1), 2),
                    ("this", "year") => (Some(today.year()), 2),
                    _ => (None, 0),
                },
            };
            return Some((quarter_period(quarter, year, today)?, i + 1 + taken, None));
        }
        if let Some(half) = word
            .strip_prefix('h')
            .and_then(|h| h.parse::<u32>().ok())
            .filter(|h| (1..=2).contains(h))
        {
            let (year, taken) = match year_at(self.words, i + 1) {
                Some((year, taken)) => (year, taken),
                None => (today.year(), 0),
            };
            let first = NaiveDate::from_ymd_opt(year, (half - 1) * 6 + 1, 1)?;
            let last = last_of_month(year, half * 6)?;
            return Some((between(first, last, today), i + 1 + taken, None));
        }
        // Holidays; before a post ("the halloween reel") they name a post, not a day; "black
        // friday last year" is the one of last year.
        if let Some((date, taken)) = holiday_at(self.words, i, today, self.mothering_sunday) {
            // "will I hit 1k by christmas": the one to come.
            let ahead = i > 0
                && matches!(self.at(i - 1), "by" | "until" | "till" | "before")
                && self.words.iter().any(|w| {
                    matches!(*w, "will" | "ill" | "well" | "gonna" | "reckon" | "predict")
                })
                && holiday_at(self.words, i, date + Days::new(366), self.mothering_sunday)
                    .is_some_and(|(next, _)| next > today);
            if ahead {
                return Some((When::Future, i + taken, None));
            }
            let (date, taken) = match (self.at(i + taken), self.at(i + taken + 1)) {
                ("last", "year") => {
                    let end_of_last_year = NaiveDate::from_ymd_opt(today.year() - 1, 12, 31)?;
                    let date = holiday_at(self.words, i, end_of_last_year, self.mothering_sunday)
                        .map_or(date, |(d, _)| d);
                    (date, taken + 2)
                }
                // "mothers day this year" (and "christmas this year", still to come).
                ("this", "year") if date.year() < today.year() => {
                    return Some((When::Future, i + taken + 2, None));
                }
                ("this", "year") => (date, taken + 2),
                _ => (date, taken),
            };
            // "halloween weekend", "diwali week", "over the easter weekend".
            match self.at(i + taken) {
                "weekend" => {
                    let (saturday, sunday) = weekend_around(date);
                    return Some((between(saturday, sunday, today), i + taken + 1, None));
                }
                "week" => {
                    let monday = monday_of(date);
                    return Some((
                        between(monday, monday + Days::new(6), today),
                        i + taken + 1,
                        None,
                    ));
                }
                _ => {}
            }
            if matches!(
                self.at(i + taken),
                "post"
                    | "posts"
                    | "reel"
                    | "reels"
                    | "drop"
                    | "launch"
                    | "collection"
                    | "sale"
                    | "photo"
                    | "pic"
                    | "video"
                    | "carousel"
                    | "campaign"
                    | "thing"
                    | "content"
                    | "special"
                    | "giveaway"
            ) {
                return Some((When::Vague, i + taken + 1, None));
            }
            return self.period(day(date), i + taken);
        }
        // "early october", "mid march": not a date Pulse can place.
        if matches!(word, "early" | "mid" | "late" | "end") && month_at(self.words, i + 1).is_some()
        {
            return Some((When::Vague, i + 2, None));
        }
        // "15/9", "21/09/2026", "9/21": a date when a part above 12 says which is the day;
        // "3/4" is read as the chat's zone writes dates, and asked about where that is not
        // known.
        if word.contains('/') {
            return Some(match self.slash_date(word) {
                Some(date) if date > today => (When::Future, i + 1, None),
                Some(date) => (When::Period(day(date)), i + 1, None),
                None => (When::Vague, i + 1, None),
            });
        }
        // "the start of october", "the beginning of the year", "the end of october"
        if matches!(word, "start" | "beginning" | "end")
            && next == "of"
            && !(word == "end" && self.at(i + 2) == "the" && self.at(i + 3) == "year")
        {
            let inner = self.mention(i + 2 + usize::from(self.at(i + 2) == "the"))?;
            let When::Period(period) = inner.0 else {
                return None;
            };
            let range = period.resolve(today);
            let date = if word == "end" {
                range.last
            } else {
                range.first
            };
            return self.period(day(date), inner.1);
        }
        // Dates.
        if let Some((date, taken)) = date_at(self.words, i, today) {
            if date > today {
                return Some((When::Future, i + taken, None));
            }
            return self.period(day(date), i + taken);
        }
        // Weekdays: a day ("on monday"), or days to compare ("mondays", "monday posts").
        let loose = i > 0
            && matches!(
                self.at(i - 1),
                "on" | "last"
                    | "since"
                    | "from"
                    | "till"
                    | "to"
                    | "until"
                    | "this"
                    | "past"
                    | "between"
                    | "and"
            );
        if let Some((weekday, _plural)) = weekday_of(word, loose) {
            // "monday night": the day.
            let end = i
                + 1
                + usize::from(matches!(
                    next,
                    "morning" | "afternoon" | "evening" | "night"
                ));
            return Some((
                When::Period(day(last_weekday(weekday, today))),
                end,
                Some(weekday),
            ));
        }
        // "the weekend", "over the weekend", "weekend"
        if word == "weekend" {
            return Some((self.weekend(1), i + 1, None));
        }
        // Seasons, with an optional year ("fall" only where a season is expected: it is
        // also a verb).
        let fall = word == "fall"
            && i > 0
            && matches!(
                self.at(i - 1),
                "the"
                    | "this"
                    | "last"
                    | "in"
                    | "over"
                    | "during"
                    | "since"
                    | "from"
                    | "to"
                    | "and"
            );
        let season = if fall {
            Some(Season::Autumn)
        } else {
            season_of(word)
        };
        if let Some(season) = season {
            // "the autumn reef one", "my summer collection post": a post, not a time.
            let post_word = |word: &str| {
                matches!(
                    word,
                    "one"
                        | "post"
                        | "reel"
                        | "collection"
                        | "photo"
                        | "pic"
                        | "video"
                        | "carousel"
                        | "drop"
                        | "launch"
                        | "shoot"
                )
            };
            let asking = |word: &str| {
                matches!(
                    word,
                    "which"
                        | "what"
                        | "how"
                        | "when"
                        | "is"
                        | "was"
                        | "did"
                        | "do"
                        | "and"
                        | "i"
                        | "my"
                        | "our"
                        | "the"
                        | "a"
                )
            };
            let names_a_post = (post_word(self.at(i + 1))
                || (post_word(self.at(i + 2)) && !asking(self.at(i + 1))))
                && matches!(self.at(i.saturating_sub(1)), "the" | "my" | "our" | "that");
            if names_a_post {
                return None;
            }
            // "going into winter", "heading into summer": the one to come.
            if i > 0 && self.at(i - 1) == "into" {
                return Some((When::Future, i + 1, None));
            }
            let (year, taken) = match year_at(self.words, i + 1) {
                Some((year, taken)) => (Some(year), taken),
                None => (None, 0),
            };
            return Some((
                season_period(season, year, false, self.southern, today)?,
                i + 1 + taken,
                None,
            ));
        }
        // Months, with an optional year: "october", "oct 2025", "november last year".
        if let Some(month) = month_at(self.words, i) {
            if let Some((year, taken)) = year_at(self.words, i + 1) {
                return Some((month_period(month, Some(year), today)?, i + 1 + taken, None));
            }
            if matches!(next, "last" | "this") && self.at(i + 2) == "year" {
                let year = today.year() - i32::from(next == "last");
                return Some((month_period(month, Some(year), today)?, i + 3, None));
            }
            return Some((month_period(month, None, today)?, i + 1, None));
        }
        // Years: "2025", "twenty twenty five", "last year" (above), "2027" (not yet).
        if let Some((year, taken)) = year_at(self.words, i) {
            let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
            let end = i + taken + usize::from(self.at(i + taken) == "year");
            return Some((between(first, last, today), end, None));
        }
        None
    }

    /// "the week before", "the one before that", "the previous 30", "the same day last week".
    fn relative(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        let mut j = i + usize::from(word == "the");
        // "the whole week after"
        if matches!(self.at(j), "whole" | "full" | "entire") && self.at(j + 2) == "after" {
            j += 1;
        }
        if matches!(self.at(j), "same") {
            // "the same day last week", "same period last year", "same time last year"
            let what = self.at(j + 1);
            if matches!(
                what,
                "day" | "period" | "time" | "dates" | "days" | "week" | "month"
            ) && self.at(j + 2) == "last"
            {
                return match self.at(j + 3) {
                    "week" if what == "day" => Some((When::SameDayLastWeek, j + 4, None)),
                    "year" => Some((When::SameTimeLastYear, j + 4, None)),
                    _ => None,
                };
            }
            return None;
        }
        // "previous period", "the prior period"
        if matches!(self.at(j), "previous" | "prior" | "preceding") {
            if matches!(self.at(j + 1), "period" | "one") {
                return Some((When::Before, j + 2, None));
            }
            // "the prior 7": as many days again, before the other period.
            if let Some((_, taken)) = number_at(self.words, j + 1) {
                if unit(self.at(j + 1 + taken)).is_none() {
                    return Some((When::Before, j + 1 + taken, None));
                }
            }
        }
        // "the Saturday before (it)": the same weekday a week earlier.
        if weekday_of(self.at(j), false).is_some()
            && self.at(j + 1) == "before"
            && matches!(self.at(j + 2), "" | "it" | "that" | "then")
            && word == "the"
        {
            let end = j + 2 + usize::from(!self.at(j + 2).is_empty());
            return Some((When::SameDayLastWeek, end, None));
        }
        // "the week before", "the 30 days before that", "the one before", "the 7 before"
        let start = j;
        if let Some((_, taken)) = number_at(self.words, j) {
            j += taken;
        }
        let unit_like = unit(self.at(j)).is_some()
            || matches!(self.at(j), "one" | "weekend" | "period" | "fortnight");
        if unit_like {
            j += 1;
        } else if j == start {
            return None;
        }
        // "the week after", "the 3 days after it": days, counted from the period's end.
        if self.at(j) == "after" && j > start && !asks_on(self.at(j + 1)) {
            let count = number_at(self.words, start).map_or(1, |(n, _)| n);
            let days = match unit(self.at(j - 1)) {
                Some(Unit::Day) => Some(count),
                Some(Unit::Week) => Some(count * 7),
                Some(Unit::Fortnight) => Some(count * 14),
                _ => None,
            };
            if let Some(days) = days.filter(|days| (1..=366).contains(days)) {
                let end = j + 1 + usize::from(matches!(self.at(j + 1), "that" | "it"));
                return Some((When::After(days), end, None));
            }
        }
        if self.at(j) == "before" && self.at(j + 1) != "yesterday" && self.at(j + 1) != "last" {
            let end = j + 1 + usize::from(self.at(j + 1) == "that" || self.at(j + 1) == "it");
            let end = end + usize::from(self.at(end) == "one");
            return Some((When::Before, end, None));
        }
        None
    }
}

/// Whether a word after "after" names what the days come after ("the week after
/// christmas", "the day after the launch"): then it is no follow-up's period.
fn asks_on(word: &str) -> bool {
    !matches!(
        word,
        "" | "that" | "it" | "and" | "too" | "please" | "pls" | "then"
    )
}

/// The current week, month or year, named by its unit.
fn this_unit(word: &str) -> Option<Period> {
    match word {
        "week" => Some(Period::ThisWeek),
        "month" => Some(Period::ThisMonth),
        "year" => Some(Period::ThisYear),
        _ => None,
    }
}

/// A single day.
fn day(date: NaiveDate) -> Period {
    Period::Between(date, date)
}

fn rolling(unit: Unit, n: u32) -> Option<Period> {
    Some(match unit {
        Unit::Hour => Period::LastDays(n.div_ceil(24) + 1),
        Unit::Day => Period::LastDays(n),
        Unit::Week => Period::LastDays(n.checked_mul(7)?),
        Unit::Fortnight => Period::LastDays(n.checked_mul(14)?),
        Unit::Month => Period::LastMonths(n),
        Unit::Quarter => Period::LastMonths(n.checked_mul(3)?),
        Unit::Year => Period::LastMonths(n.checked_mul(12)?),
    })
}

/// Every period the words name, in order, with the words each used, read with the habits of
/// the chat's zone (seasons turned around in the southern hemisphere, "2/11" day first in
/// Europe).
pub fn mentions(words: &[&str], today: NaiveDate, habits: ZoneHabits) -> Vec<Mention> {
    let reader = Reader {
        words,
        today,
        southern: habits.southern,
        day_first: habits.day_first,
        mothering_sunday: habits.mothering_sunday,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // "from the 2nd to the 9th of august": two days sharing a month.
        if matches!(words[i], "from") {
            if let Some(mention) = reader.day_pair(i + 1) {
                let start = i;
                i = mention.end;
                found.push(mention.with_start(start));
                continue;
            }
        }
        // "going back to the start of october": since then.
        if words[i] == "back"
            && reader.at(i + 1) == "to"
            && i > 0
            && matches!(words[i - 1], "going" | "go" | "goes" | "went")
        {
            let at = i + 2 + usize::from(reader.at(i + 2) == "the");
            if let Some((When::Period(period), end, _)) =
                reader.mention(at).or_else(|| reader.mention(i + 2))
            {
                let first = period.resolve(today).first;
                found.push(Mention::named(When::Period(Period::Since(first)), i, end));
                i = end;
                continue;
            }
        }
        // "since <period>": from its first day to today; "from X to Y": a range.
        if matches!(words[i], "since" | "from") {
            let inner = reader.mention(i + 1).or_else(|| {
                (reader.at(i + 1) == "the")
                    .then(|| reader.mention(i + 2))
                    .flatten()
            });
            if let Some((When::Period(period), end, _)) = inner {
                let range = period.resolve(today);
                // "from last month to this month": two months to compare, not one stretch.
                let this_one = match period {
                    Period::LastWeek => Some(Period::ThisWeek),
                    Period::LastMonth => Some(Period::ThisMonth),
                    Period::LastYear => Some(Period::ThisYear),
                    Period::Yesterday => Some(Period::Today),
                    _ => None,
                };
                if let Some(this_one) = this_one.filter(|_| reader.at(end) == "to") {
                    if let Some((When::Period(then), after, _)) = reader.mention(end + 1) {
                        if then == this_one {
                            found.push(Mention::named(When::Period(period), i, end));
                            found.push(Mention::named(When::Period(then), end + 1, after));
                            i = after;
                            continue;
                        }
                    }
                }
                if let Some(mention) = reader.range_end(range.first, end) {
                    let start = i;
                    i = mention.end;
                    found.push(mention.with_start(start));
                    continue;
                }
                // "from the beginning of the year" has no end: since then.
                let opens = matches!(reader.at(i + 1), "start" | "beginning")
                    || matches!(reader.at(i + 2), "start" | "beginning");
                // "since summer ended", "since the holidays finished": from the day after.
                let ended_words = match (reader.at(end), reader.at(end + 1)) {
                    ("ended" | "finished", _) => Some(1),
                    ("was" | "were", "over") => Some(2),
                    _ => None,
                };
                if let Some(taken) = ended_words.filter(|_| words[i] == "since") {
                    if range.last < today {
                        let after = range.last + Days::new(1);
                        found.push(Mention::named(
                            When::Period(Period::Since(after)),
                            i,
                            end + taken,
                        ));
                        i = end + taken;
                        continue;
                    }
                }
                let when = if words[i] == "since" || opens {
                    When::Period(Period::Since(range.first))
                } else {
                    When::Period(period)
                };
                found.push(Mention::named(when, i, end));
                i = end;
                continue;
            }
            // "since 2 weeks" (German "seit", Spanish "desde hace"): the last two weeks.
            if words[i] == "since" {
                let rolled = number_at(words, i + 1).and_then(|(n, taken)| {
                    let after = i + 1 + taken;
                    let unit = unit(reader.at(after)).filter(|u| *u != Unit::Hour)?;
                    (reader.at(after + 1) != "ago")
                        .then(|| rolling(unit, n))
                        .flatten()
                        .map(|period| (period, after + 1))
                });
                if let Some((period, end)) = rolled {
                    found.push(Mention::named(When::Period(period), i, end));
                    i = end;
                    continue;
                }
            }
            // "since we reopened on the 1st of October": from that date.
            if words[i] == "since" {
                let dated = (i + 2..(i + 8).min(words.len())).find_map(|at| {
                    if !matches!(words[at - 1], "on" | "in") {
                        return None;
                    }
                    match reader.mention(at) {
                        Some((When::Period(period), end, _)) => Some((period, end)),
                        _ => None,
                    }
                });
                if let Some((period, end)) = dated {
                    found.push(Mention::named(
                        When::Period(Period::Since(period.resolve(today).first)),
                        i,
                        end,
                    ));
                    i = end;
                    continue;
                }
                // "since then": from the other period named.
                if reader.at(i + 1) == "then" {
                    if let Some(Mention {
                        when: When::Period(period),
                        ..
                    }) = found
                        .iter()
                        .rev()
                        .find(|m| matches!(m.when, When::Period(_)))
                    {
                        let first = period.resolve(today).first;
                        found.retain(|m| !matches!(m.when, When::Period(_)));
                        found.push(Mention::named(When::Period(Period::Since(first)), i, i + 2));
                        i += 2;
                        continue;
                    }
                }
            }
            // "since the month started", "since the week began": this one so far.
            if words[i] == "since"
                && reader.at(i + 1) == "the"
                && matches!(
                    reader.at(i + 3),
                    "started" | "began" | "begun" | "start" | "starts" | "kicked"
                )
            {
                let this_one = match unit(reader.at(i + 2)) {
                    Some(Unit::Week) => Some(Period::ThisWeek),
                    Some(Unit::Month) => Some(Period::ThisMonth),
                    Some(Unit::Year) => Some(Period::ThisYear),
                    _ => None,
                };
                if let Some(period) = this_one {
                    let end = i + 4 + usize::from(reader.at(i + 4) == "off");
                    found.push(Mention::named(When::Period(period), i, end));
                    i = end;
                    continue;
                }
            }
            // "since I linked my account", "since I started": everything Pulse has ("since
            // we reopened after the refurb" is a time Pulse cannot place).
            let from_the_start = matches!(reader.at(i + 1), "forever" | "ever")
                || (matches!(reader.at(i + 1), "i" | "we")
                    && matches!(
                        reader.at(i + 2),
                        "started"
                            | "began"
                            | "begun"
                            | "joined"
                            | "linked"
                            | "connected"
                            | "opened"
                            | "signed"
                            | "first"
                            | "launched"
                            | "set"
                            | "got"
                            | "created"
                            | "made"
                            | "have"
                            | "ve"
                            | "was"
                            | "were"
                            | "hooked"
                            | "added"
                            | "plugged"
                            | "synced"
                    )
                    || (i + 2..(i + 7).min(words.len()))
                        .any(|at| matches!(words[at], "account" | "pulse" | "bot" | "app")));
            if words[i] == "since" && from_the_start {
                // The words of "since I connected my account" are the period's, not a
                // question's ("connected" is not about when followers are online).
                let end = (i + 2..(i + 7).min(words.len()))
                    .find(|&at| matches!(words[at], "account" | "pulse" | "bot" | "app"))
                    .map_or(i + 1, |at| at + 1);
                found.push(Mention::weak(When::Period(Period::AllTime), i, end));
                i = end;
                continue;
            }
        }
        // "between X and Y"
        if words[i] == "between" {
            if let Some((When::Period(first), end, _)) = reader.mention(i + 1) {
                let range = first.resolve(today);
                if let Some(mention) = reader.range_end(range.first, end) {
                    let start = i;
                    i = mention.end;
                    found.push(mention.with_start(start));
                    continue;
                }
                // "between 22 October and opening night on 5 November": the second end
                // named, then dated.
                let dated_end = (reader.at(end) == "and")
                    .then(|| (end + 2..end + 6).find(|&at| reader.at(at) == "on"))
                    .flatten()
                    .and_then(|on| match reader.mention(on + 1) {
                        Some((When::Period(last), after, _)) => Some((last, after)),
                        _ => None,
                    });
                if let Some((last, after)) = dated_end {
                    let last = last.resolve(today).last;
                    if last >= range.first {
                        found.push(Mention::named(
                            When::Period(Period::Between(range.first, last)),
                            i,
                            after,
                        ));
                        i = after;
                        continue;
                    }
                }
            }
            // "between the 1st and the 15th of october"
            if let Some(mention) = reader.day_pair(i + 1) {
                let start = i;
                i = mention.end;
                found.push(mention.with_start(start));
                continue;
            }
        }
        // "5 to 12 november", "1st-15th nov", "the 1st to the 7th of october", "the 24th and
        // 25th of october"
        if day_of_month_at(words, i).is_some()
            || (words[i] == "the" && day_of_month_at(words, i + 1).is_some())
        {
            if let Some(mention) = reader.day_pair_joined(i, false) {
                i = mention.end;
                found.push(mention);
                continue;
            }
        }
        if let Some((when, end, weekday)) = reader.mention(i) {
            // "june to august", "oct-nov"
            if let When::Period(period) = &when {
                if matches!(reader.at(end), "to" | "till" | "until" | "through" | "thru") {
                    let first = period.resolve(today).first;
                    if let Some(mention) = reader.range_end(first, end) {
                        let start = i;
                        i = mention.end;
                        found.push(mention.with_start(start));
                        continue;
                    }
                }
            }
            // A holiday is a weak period: "December, with the xmas markets" is December.
            let weak = holiday_at(words, i, today, reader.mothering_sunday).is_some();
            found.push(Mention {
                when,
                start: i,
                end,
                weekday,
                weak,
            });
            i = end.max(i + 1);
            continue;
        }
        // "lately", "recently": the last 30 days, if nothing else is named.
        if matches!(words[i], "lately" | "recently")
            || (words[i] == "these" && reader.at(i + 1) == "days")
        {
            let taken = if words[i] == "these" { 2 } else { 1 };
            found.push(Mention::weak(
                When::Period(Period::LastDays(30)),
                i,
                i + taken,
            ));
            i += taken;
            continue;
        }
        // "in total", "altogether", "all together": all time, if nothing else is named.
        let weak = match (words[i], reader.at(i + 1)) {
            ("in", "total") | ("all", "together") => Some(2),
            ("altogether", _) => Some(1),
            _ => None,
        };
        if let Some(taken) = weak {
            found.push(Mention::weak(When::Period(Period::AllTime), i, i + taken));
            i += taken;
            continue;
        }
        i += 1;
    }
    // "since we moved to the new shop on the 5th of October": from that day to today.
    for mention in &mut found {
        let When::Period(period) = mention.when else {
            continue;
        };
        let range = period.resolve(today);
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
        let after_told = (mention.start.saturating_sub(10)..mention.start)
            .any(|at| words[at] == "after")
            && (matches!(
                words.get(mention.start.wrapping_sub(1)),
                Some(&"was") | Some(&"were")
            ) || was_on);
        // ("since the lineup announce (3 Nov)": the date of what "since" names, close by.)
        let since_close =
            (mention.start.saturating_sub(4)..mention.start).any(|at| words[at] == "since");
        let told_since = ((mention.start.saturating_sub(10)..mention.start)
            .any(|at| words[at] == "since")
            || started
            || after_told)
            && (matches!(
                words.get(mention.start.wrapping_sub(1)),
                Some(&"on") | Some(&"the") | Some(&"was") | Some(&"were")
            ) || (started && started_at == Some(mention.start.wrapping_sub(1))));
        if range.first == range.last && range.first < today && (told_since || since_close) {
            mention.when = When::Period(Period::Since(range.first));
        }
    }
    // "Remembrance weekend (7th-8th Nov)", "our trunk show week, 12th-18th October",
    // "which I think was Saturday the 24th of October": dates written out say which days a
    // name before them meant.
    let dated = |m: &Mention| {
        matches!(m.when, When::Period(_))
            && (m.start..m.end).any(|at| day_of_month_at(words, at).is_some())
    };
    let compared = |from: usize, to: usize| {
        (from..to).any(|at| {
            matches!(
                words[at],
                "vs" | "versus"
                    | "compared"
                    | "than"
                    | "and"
                    | "or"
                    | "to"
                    | "from"
                    | "between"
                    | "with"
                    | "against"
            )
        })
    };
    // ("…best this month? I dropped the new collection on the 2nd": a date told of something
    // done, not the month restated.)
    let someone_between = |from: usize, to: usize| {
        (from..to).any(|at| matches!(words[at], "i" | "we" | "they" | "he" | "she" | "you"))
    };
    let restated: Vec<usize> = found
        .iter()
        .enumerate()
        .filter(|(_, m)| !dated(m))
        .filter(|(_, m)| {
            found.iter().any(|d| {
                dated(d)
                    && d.start >= m.end
                    && d.start - m.end <= 8
                    && !compared(m.end, d.start)
                    && !someone_between(m.end, d.start)
            })
        })
        .map(|(index, _)| index)
        .collect();
    // The name stays, weak, so its words are the period's and not read again ("since
    // bonfire *night* (5th November)" asks no part of the day).
    for index in restated.into_iter().rev() {
        let name = found[index].clone();
        found[index].weak = true;
        // "since Easter Sunday (5th April)": since the date that restates it.
        if let When::Period(Period::Since(_)) = name.when {
            if let Some(date) = found.iter_mut().skip(index + 1).find(|d| dated(d)) {
                if let When::Period(period) = date.when {
                    let range = period.resolve(today);
                    if range.first == range.last {
                        date.when = When::Period(Period::Since(range.first));
                    }
                }
            }
        }
    }
    // "the week before Diwali, 2 to 8 November": the dates say which week.
    if let Some(before) = found.iter().position(|m| m.when == When::Before) {
        let restated = found
            .iter()
            .skip(before + 1)
            .any(|m| !m.weak && matches!(m.when, When::Period(Period::Between(..))));
        if restated {
            found.remove(before);
            found.retain(|m| !m.weak);
        }
    }
    // "in total on new year's eve": the day (a holiday is weak too, but names a day).
    if found
        .iter()
        .any(|m| m.weak && m.when != When::Period(Period::AllTime))
    {
        found.retain(|m| !(m.weak && m.when == When::Period(Period::AllTime)));
    }
    that_one_named_before(words, &mut found, today);
    // "and comments in the same weekend?": the period already in the conversation.
    found.retain(|m| {
        !(m.start > 0
            && words[m.start - 1] == "same"
            && m.end == m.start + 1
            && matches!(
                words[m.start],
                "day" | "weekend" | "week" | "month" | "year"
            ))
    });
    found
}

/// "We had our trunk show the weekend before last … how many views that weekend?": "that
/// <day, weekend, week, month>" is the one named before it, when that one is as long; "that
/// week" or "that month" after a day told ("Our open day was Saturday 12 September. How did
/// reach that week compare…") is the week or month around the day.
fn that_one_named_before(words: &[&str], found: &mut Vec<Mention>, today: NaiveDate) {
    let days = |when: &When| match when {
        When::Period(period) => {
            let range = period.resolve(today);
            Some((range.last - range.first).num_days() + 1)
        }
        _ => None,
    };
    for at in 1..words.len() {
        let unit = words[at];
        if words[at - 1] != "that" {
            continue;
        }
        let fits = |length: i64| match unit {
            "day" | "night" | "evening" | "morning" | "afternoon" => length == 1,
            "weekend" => (2..=3).contains(&length),
            "week" => length == 7,
            "month" => (28..=31).contains(&length),
            _ => false,
        };
        let before: Vec<&Mention> = found.iter().filter(|m| m.end < at && !m.weak).collect();
        let named = before
            .iter()
            .rev()
            .find(|m| days(&m.when).is_some_and(fits))
            .map(|m| m.when.clone());
        let around_a_day = || {
            let day = before.iter().rev().find_map(|m| match m.when {
                When::Period(period) => {
                    let range = period.resolve(today);
                    (range.first == range.last).then_some(range.first)
                }
                _ => None,
            })?;
            let period = match unit {
                "week" => {
                    let monday = monday_of(day);
                    Period::Between(monday, monday + Days::new(6))
                }
                "month" => {
                    Period::Between(day.with_day(1)?, last_of_month(day.year(), day.month())?)
                }
                _ => return None,
            };
            Some(When::Period(period))
        };
        let Some(when) = named.or_else(around_a_day) else {
            continue;
        };
        if let Some(mention) = found.iter_mut().find(|m| m.start == at && m.end == at + 1) {
            mention.when = when;
        } else if !found.iter().any(|m| m.start <= at && at < m.end) {
            let index = found
                .iter()
                .position(|m| m.start > at)
                .unwrap_or(found.len());
            found.insert(index, Mention::named(when, at - 1, at + 1));
        }
    }
}

impl Mention {
    /// A period named by the words `start..end`, not a weekday, not weak.
    fn named(when: When, start: usize, end: usize) -> Self {
        Mention {
            when,
            start,
            end,
            weekday: None,
            weak: false,
        }
    }

    /// A period that counts only when nothing else is named ("lately", "in total").
    fn weak(when: When, start: usize, end: usize) -> Self {
        Mention {
            weak: true,
            ..Mention::named(when, start, end)
        }
    }

    fn with_start(mut self, start: usize) -> Self {
        self.start = start;
        self
    }
}

impl Reader<'_> {
    /// A date written with slashes, or `None` when it is not one.
    fn slash_date(&self, word: &str) -> Option<NaiveDate> {
        let parts: Vec<u32> = word
            .split('/')
            .map(|part| part.parse::<u32>().ok())
            .collect::<Option<_>>()?;
        let (first, second, year) = match parts.as_slice() {
            [a, b] => (*a, *b, None),
            [a, b, y] if *y < 100 => (*a, *b, Some(2000 + *y as i32)),
            [a, b, y] => (*a, *b, Some(i32::try_from(*y).ok()?)),
            _ => return None,
        };
        let (day, month) = match (first > 12, second > 12, self.day_first) {
            (true, false, _) | (false, false, Some(true)) => (first, second),
            (false, true, _) | (false, false, Some(false)) => (second, first),
            _ => return None,
        };
        match year {
            Some(year) => NaiveDate::from_ymd_opt(year, month, day),
            None => recent_date(month, day, self.today),
        }
    }

    /// "… to/and/till Y" after a first day: the range from `first` to the end of Y.
    fn range_end(&self, first: NaiveDate, at: usize) -> Option<Mention> {
        if !matches!(
            self.at(at),
            "to" | "and" | "till" | "until" | "through" | "thru" | "til" | "-"
        ) {
            return None;
        }
        let same_month = |day: u32| NaiveDate::from_ymd_opt(first.year(), first.month(), day);
        let (when, end) = match self.at(at + 1) {
            "now" | "today" => (When::Period(Period::Since(first)), at + 2),
            // "nov 1 to 15": a day of the same month.
            _ if month_at(self.words, at + 2).is_none()
                && !(self.at(at + 2) == "of" && month_at(self.words, at + 3).is_some())
                && day_of_month_at(self.words, at + 1)
                    .and_then(|(day, _)| same_month(day))
                    .is_some_and(|last| last >= first) =>
            {
                let (day, taken) = day_of_month_at(self.words, at + 1)?;
                let last = same_month(day)?;
                (When::Period(Period::Between(first, last)), at + 1 + taken)
            }
            _ => {
                let (when, end, _) = self.mention(at + 1)?;
                let When::Period(last) = when else {
                    return None;
                };
                let last = last.resolve(self.today).last;
                if last < first {
                    return None;
                }
                (When::Period(Period::Between(first, last)), end)
            }
        };
        Some(Mention::named(when, at, end))
    }

    /// "the 1st and the 15th of october", "5 to 12 november": two days sharing a month.
    fn day_pair(&self, at: usize) -> Option<Mention> {
        self.day_pair_joined(at, true)
    }

    /// [`Reader::day_pair`]; without `and_spans`, two days joined by "and" are a stretch only
    /// when they follow each other ("the 24th and 25th of october"); "the 1st and the 15th"
    /// are two days.
    fn day_pair_joined(&self, at: usize, and_spans: bool) -> Option<Mention> {
        let mut i = at + usize::from(self.at(at) == "the");
        let (first_day, taken) = day_of_month_at(self.words, i)?;
        i += taken;
        if !matches!(
            self.at(i),
            "to" | "and" | "till" | "until" | "-" | "through"
        ) {
            return None;
        }
        // "the 2nd to the 9th of august"
        let the = usize::from(self.at(i + 1) == "the");
        let (last, taken) = date_at(self.words, i + 1 + the, self.today)?;
        let first = NaiveDate::from_ymd_opt(last.year(), last.month(), first_day)?;
        if first > last {
            return None;
        }
        if !and_spans && self.at(i) == "and" && first.succ_opt()? != last {
            // Two days: the first here, the second read on its own.
            return Some(Mention::named(When::Period(day(first)), at, i));
        }
        Some(Mention::named(
            When::Period(Period::Between(first, last)),
            at,
            i + 1 + the + taken,
        ))
    }
}

/// What a chat's time zone says about how its people write times.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ZoneHabits {
    /// In the southern hemisphere, where seasons are turned around.
    pub southern: bool,
    /// How "2/11" reads: the day first (`Some(true)`, most of the world), the month first
    /// (`Some(false)`: the United States, the Philippines), or unknown (UTC).
    pub day_first: Option<bool>,
    /// Whether Mother's Day is Mothering Sunday, three weeks before Easter (the UK and
    /// Ireland), rather than the second Sunday of May.
    pub mothering_sunday: bool,
}

impl ZoneHabits {
    /// The habits of the people of `zone`.
    pub fn of(zone: chrono_tz::Tz) -> ZoneHabits {
        const MOTHERING_SUNDAY: &[&str] = &[
            "Europe/London",
            "Europe/Dublin",
            "Europe/Belfast",
            "Europe/Guernsey",
            "Europe/Jersey",
            "Europe/Isle_of_Man",
            "GB",
            "Eire",
        ];
        ZoneHabits {
            southern: southern(zone),
            day_first: day_first(zone),
            mothering_sunday: MOTHERING_SUNDAY.contains(&zone.name()),
        }
    }
}

/// Whether people in `zone` write the day before the month ("2/11" for 2 November); `None`
/// for a zone of no country (UTC).
fn day_first(zone: chrono_tz::Tz) -> Option<bool> {
    // The zones of the United States and of the Philippines, which write the month first.
    const MONTH_FIRST: &[&str] = &[
        "US/",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Phoenix",
        "America/Anchorage",
        "America/Adak",
        "America/Boise",
        "America/Detroit",
        "America/Indiana/",
        "America/Kentucky/",
        "America/Menominee",
        "America/North_Dakota/",
        "America/Juneau",
        "America/Sitka",
        "America/Nome",
        "America/Metlakatla",
        "America/Yakutat",
        "America/Puerto_Rico",
        "Pacific/Honolulu",
        "Pacific/Guam",
        "Asia/Manila",
    ];
    let name = zone.name();
    if name == "UTC" || name.starts_with("Etc/") || matches!(name, "GMT" | "UCT" | "Zulu") {
        return None;
    }
    // Canada writes both ways.
    if name.starts_with("Canada/")
        || matches!(
            name,
            "America/Toronto"
                | "America/Vancouver"
                | "America/Edmonton"
                | "America/Winnipeg"
                | "America/Halifax"
                | "America/St_Johns"
                | "America/Regina"
        )
    {
        return None;
    }
    Some(!MONTH_FIRST.iter().any(|prefix| name.starts_with(prefix)))
}

/// Whether a time zone is in the southern hemisphere, where seasons are turned around.
pub fn southern(zone: chrono_tz::Tz) -> bool {
    const SOUTHERN: &[&str] = &[
        "Australia/",
        "Antarctica/",
        "Pacific/Auckland",
        "Pacific/Chatham",
        "Pacific/Fiji",
        "Pacific/Tongatapu",
        "Pacific/Noumea",
        "Pacific/Efate",
        "Pacific/Apia",
        "Pacific/Tahiti",
        "America/Argentina",
        "America/Buenos_Aires",
        "America/Santiago",
        "America/Punta_Arenas",
        "America/Sao_Paulo",
        "America/Montevideo",
        "America/Asuncion",
        "America/La_Paz",
        "America/Lima",
        "Africa/Johannesburg",
        "Africa/Maputo",
        "Africa/Harare",
        "Africa/Windhoek",
        "Africa/Lusaka",
        "Africa/Gaborone",
        "Africa/Maseru",
        "Africa/Mbabane",
        "Africa/Blantyre",
        "Indian/Mauritius",
        "Indian/Reunion",
        "Indian/Antananarivo",
        "Atlantic/Stanley",
        "NZ",
    ];
    let name = zone.name();
    SOUTHERN.iter().any(|prefix| name.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Wednesday 18 November 2026.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn found(text: &str) -> Vec<When> {
        let words: Vec<String> = super::super::words::words(text);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        mentions(&words, today(), ZoneHabits::default())
            .into_iter()
            .map(|m| m.when)
            .collect()
    }

    fn range(text: &str) -> (NaiveDate, NaiveDate) {
        match found(text).as_slice() {
            [When::Period(p)] => {
                let r = p.resolve(today());
                (r.first, r.last)
            }
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn periods_people_write_resolve_to_dates() {
        let t = today();
        let cases: &[(&str, (NaiveDate, NaiveDate))] = &[
            ("in the last 30 days", (date(2026, 10, 20), t)),
            ("last thirty days", (date(2026, 10, 20), t)),
            ("last to weeks", (date(2026, 11, 5), t)),
            ("past fortnight", (date(2026, 11, 5), t)),
            ("last week", (date(2026, 11, 9), date(2026, 11, 15))),
            ("past week", (date(2026, 11, 12), t)),
            (
                "the week before last",
                (date(2026, 11, 2), date(2026, 11, 8)),
            ),
            ("last 24 hours", (date(2026, 11, 17), t)),
            (
                "the day before yesterday",
                (date(2026, 11, 16), date(2026, 11, 16)),
            ),
            ("on thursday", (date(2026, 11, 12), date(2026, 11, 12))),
            ("last tuesday", (date(2026, 11, 17), date(2026, 11, 17))),
            ("on wednesday", (date(2026, 11, 11), date(2026, 11, 11))),
            ("on 4 march", (date(2026, 3, 4), date(2026, 3, 4))),
            ("on the 4th of march", (date(2026, 3, 4), date(2026, 3, 4))),
            ("march 4th 2025", (date(2025, 3, 4), date(2025, 3, 4))),
            ("nov 2nd", (date(2026, 11, 2), date(2026, 11, 2))),
            (
                "the fifth of november",
                (date(2026, 11, 5), date(2026, 11, 5)),
            ),
            ("on the 10th", (date(2026, 11, 10), date(2026, 11, 10))),
            ("in october", (date(2026, 10, 1), date(2026, 10, 31))),
            ("in december", (date(2025, 12, 1), date(2025, 12, 31))),
            (
                "november last year",
                (date(2025, 11, 1), date(2025, 11, 30)),
            ),
            ("this summer", (date(2026, 6, 1), date(2026, 8, 31))),
            ("over the winter", (date(2025, 12, 1), date(2026, 2, 28))),
            ("last autumn", (date(2025, 9, 1), date(2025, 11, 30))),
            ("this fall", (date(2026, 9, 1), t)),
            ("since the first of october", (date(2026, 10, 1), t)),
            ("since october", (date(2026, 10, 1), t)),
            ("since monday", (date(2026, 11, 16), t)),
            ("since the 1st", (date(2026, 11, 1), t)),
            ("since summer", (date(2026, 6, 1), t)),
            (
                "between the 1st and the 15th of october",
                (date(2026, 10, 1), date(2026, 10, 15)),
            ),
            ("from june to august", (date(2026, 6, 1), date(2026, 8, 31))),
            (
                "from 5 to 12 november",
                (date(2026, 11, 5), date(2026, 11, 12)),
            ),
            ("last quarter", (date(2026, 7, 1), date(2026, 9, 30))),
            ("this quarter", (date(2026, 10, 1), t)),
            ("q2", (date(2026, 4, 1), date(2026, 6, 30))),
            ("ytd", (date(2026, 1, 1), t)),
            ("year to date", (date(2026, 1, 1), t)),
            ("over the weekend", (date(2026, 11, 14), date(2026, 11, 15))),
            ("in 2025", (date(2025, 1, 1), date(2025, 12, 31))),
            ("twenty twenty five", (date(2025, 1, 1), date(2025, 12, 31))),
            ("last christmas", (date(2025, 12, 25), date(2025, 12, 25))),
            ("on halloween", (date(2026, 10, 31), date(2026, 10, 31))),
            ("black friday", (date(2025, 11, 28), date(2025, 11, 28))),
            // Easter 2026 fell on 5 April, Easter 2025 on 20 April; Thanksgiving 2026 (26
            // November) is still to come, so the last one was 27 November 2025.
            ("since easter", (date(2026, 4, 5), t)),
            ("easter last year", (date(2025, 4, 20), date(2025, 4, 20))),
            ("at thanksgiving", (date(2025, 11, 27), date(2025, 11, 27))),
            ("cyber monday", (date(2025, 12, 1), date(2025, 12, 1))),
            // Halloween 2026 was a Saturday; Diwali 2026 a Sunday, 8 November.
            ("halloween weekend", (date(2026, 10, 31), date(2026, 11, 1))),
            ("diwali week", (date(2026, 11, 2), date(2026, 11, 8))),
            ("on bonfire night", (date(2026, 11, 5), date(2026, 11, 5))),
            (
                "between the 1st and 14th of february",
                (date(2026, 2, 1), date(2026, 2, 14)),
            ),
            (
                "since we opened on the 5th of october",
                (date(2026, 10, 5), t),
            ),
            (
                "in total on new years eve",
                (date(2025, 12, 31), date(2025, 12, 31)),
            ),
            (
                "black friday weekend",
                (date(2025, 11, 29), date(2025, 11, 30)),
            ),
            (
                "from the 2nd to the 9th of august",
                (date(2026, 8, 2), date(2026, 8, 9)),
            ),
            ("3 days ago", (date(2026, 11, 15), date(2026, 11, 15))),
            ("last 3 months", (date(2026, 8, 19), t)),
            ("past year", (date(2025, 11, 19), t)),
            ("l30d", (date(2026, 10, 20), t)),
        ];
        for (text, expected) in cases {
            assert_eq!(range(text), *expected, "{text}");
        }
    }

    #[test]
    fn future_vague_and_relative_times_are_told_apart() {
        assert_eq!(found("tomorrow"), [When::Future]);
        assert_eq!(found("next week"), [When::Future]);
        assert_eq!(found("this weekend"), [When::Future]);
        assert_eq!(found("in 2027"), [When::Future]);
        assert_eq!(found("early october"), [When::Vague]);
        assert_eq!(found("likes 3/4"), [When::Vague]);
        assert_eq!(found("and the week before?"), [When::Before]);
        assert_eq!(found("the 30 days before that"), [When::Before]);
        assert_eq!(found("the same day last week"), [When::SameDayLastWeek]);
        assert_eq!(found("same period last year"), [When::SameTimeLastYear]);
    }

    #[test]
    fn two_periods_are_both_found_and_words_are_not_months() {
        assert_eq!(found("this week vs last week").len(), 2);
        assert_eq!(found("october vs september").len(), 2);
        assert!(found("you may know").is_empty());
        assert!(found("top 5 posts").is_empty());
        assert!(found("which post got the most saves").is_empty());
    }

    #[test]
    fn seasons_turn_around_in_the_southern_hemisphere() {
        let words = ["this", "summer"];
        let down_under = ZoneHabits::of(chrono_tz::Australia::Sydney);
        let mention = &mentions(&words, today(), down_under)[0];
        let When::Period(period) = &mention.when else {
            panic!()
        };
        let range = period.resolve(today());
        assert_eq!(
            (range.first, range.last),
            (date(2025, 12, 1), date(2026, 2, 28))
        );
        assert!(southern(chrono_tz::Australia::Sydney));
        assert!(!southern(chrono_tz::Europe::London));
    }
}
