//! Days the Hebrew calendar sets, which move against the Gregorian one: Hanukkah's eight
//! nights, listed by year.

use chrono::{Datelike, Days, NaiveDate};

use super::dates::between;
use super::When;

/// "the Hanukkah days": the eight nights, from the first evening to the last day — the
/// most recent that has begun. Its dates follow the Hebrew calendar, so they are listed.
pub(super) fn hanukkah_at(words: &[&str], at: usize, today: NaiveDate) -> Option<(When, usize)> {
    const FIRST_EVENINGS: &[(i32, u32, u32)] = &[
        (2020, 12, 10),
        (2021, 11, 28),
        (2022, 12, 18),
        (2023, 12, 7),
        (2024, 12, 25),
        (2025, 12, 14),
        (2026, 12, 4),
        (2027, 12, 24),
        (2028, 12, 12),
        (2029, 12, 1),
        (2030, 12, 20),
    ];
    if !matches!(
        words.get(at),
        Some(&("hanukkah" | "chanukah" | "hanukah" | "chanukkah"))
    ) {
        return None;
    }
    let evenings = || {
        FIRST_EVENINGS
            .iter()
            .filter_map(|(year, month, day)| NaiveDate::from_ymd_opt(*year, *month, *day))
    };
    // "hanukkah 2024", "hanukkah last year", "hanukkah this year": that year's.
    let named = match (words.get(at + 1), words.get(at + 2)) {
        (Some(&("this" | "last")), Some(&"year")) => {
            let year = today.year() - i32::from(words[at + 1] == "last");
            Some((year, 2))
        }
        _ => super::dates::year_at(words, at + 1),
    };
    let (first, taken) = match named {
        Some((year, more)) => {
            let first = evenings().find(|first| first.year() == year)?;
            if first > today {
                return Some((When::Future, at + 1 + more));
            }
            (first, 1 + more)
        }
        None => (evenings().rfind(|first| *first <= today)?, 1),
    };
    Some((between(first, first + Days::new(8), today), at + taken))
}
