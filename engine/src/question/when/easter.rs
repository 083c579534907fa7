//! The days Easter moves: Easter Sunday itself (computed), Lent and Carnival before it, and
//! the feasts after it (Ascension, Pentecost and Whit Monday, Corpus Christi).

use chrono::{Datelike, Days, NaiveDate};

use super::dates::between;
use super::When;

/// Easter Sunday (Western), by the anonymous Gregorian algorithm.
pub(super) fn easter_sunday(year: i32) -> Option<NaiveDate> {
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

/// "during Lent", "since the start of Lent": Ash Wednesday to Holy Saturday; "no Carnaval"
/// (the Brazilian and Spanish spelling): the Friday before Ash Wednesday to Shrove Tuesday —
/// the most recent that has begun ("I lent it", the verb, is no period; nor the English
/// "carnival", which may be any town's).
pub(super) fn lent_at(words: &[&str], at: usize, today: NaiveDate) -> Option<(When, usize)> {
    let (from_easter, to_easter) = match words.get(at) {
        Some(&"lent") => (46, 1),
        Some(&"carnaval") => (51, 47),
        _ => return None,
    };
    if at == 0
        || !matches!(
            words[at - 1],
            "during"
                | "in"
                | "since"
                | "of"
                | "over"
                | "through"
                | "throughout"
                | "this"
                | "last"
                | "from"
                | "no"
                | "na"
                | "el"
                | "the"
                | "o"
        )
    {
        return None;
    }
    let first_day = |year| easter_sunday(year)?.checked_sub_days(Days::new(from_easter));
    let mut year = today.year();
    if first_day(year)? > today {
        year -= 1;
    }
    // "during Lent this year", "Lent last year", "Lent 2025": that year's.
    let (year, taken) = match (words.get(at + 1), words.get(at + 2)) {
        (Some(&"this"), Some(&"year")) if year == today.year() => (year, 3),
        (Some(&"last"), Some(&"year")) => (today.year() - 1, 3),
        _ => match super::dates::year_at(words, at + 1) {
            Some((named, more)) if first_day(named)? <= today => (named, 1 + more),
            _ => (year, 1),
        },
    };
    let first = first_day(year)?;
    let last = easter_sunday(year)?.checked_sub_days(Days::new(to_easter))?;
    Some((between(first, last, today), at + taken))
}

/// A day counted in days from Easter Sunday, named at `word` (then `next`, `after`): how many
/// days after Easter it falls (before it, if negative), and how many words name it. Other
/// languages' names come translated ("Pfingsten" as "pentecost", "Rosenmontag" as "carnival
/// monday", "tłusty czwartek" as "fat thursday", "Mardi Gras" as "tuesday gras").
pub(super) fn day_counted_from_easter(word: &str, next: &str, after: &str) -> Option<(i64, usize)> {
    Some(match (word, next, after) {
        // The Thursday before Lent: Fat Thursday, Weiberfastnacht, tłusty czwartek.
        ("fat", "thursday", _) => (-52, 2),
        // Rosenmontag, the Monday of Carnival.
        ("carnival" | "carnaval", "monday", _) => (-48, 2),
        ("shrove" | "carnival" | "carnaval", "tuesday", _)
        | ("pancake", "day", _)
        | ("tuesday", "gras", _) => (-47, 2),
        // "a terça de carnaval": the Tuesday of Carnival.
        ("tuesday", "of", "carnaval" | "carnival") => (-47, 3),
        ("ash", "wednesday", _) => (-46, 2),
        ("palm", "sunday", _) => (-7, 2),
        ("good", "friday", _) => (-2, 2),
        ("easter", "monday", _) => (1, 2),
        ("ascension", "day", _) => (39, 2),
        ("ascension", _, _) => (39, 1),
        ("pentecost", "sunday", _) => (49, 2),
        ("pentecost", "monday", _) => (50, 2),
        ("pentecost" | "whitsun" | "whitsunday", _, _) => (49, 1),
        ("corpus", "christi", _) => (60, 2),
        _ => return None,
    })
}
