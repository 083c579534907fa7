//! Days the Hebrew calendar sets, which move against the Gregorian one: Hanukkah's eight
//! nights, Rosh Hashanah and Yom Kippur, listed by year.

use chrono::{Datelike, Days, NaiveDate};

use super::dates::between;
use super::When;

/// One holiday of the Hebrew calendar: the names it goes by (words as the sentence spells
/// them), how many days after the listed date it begins, and how many days it lasts.
struct Listed {
    names: &'static [&'static [&'static str]],
    from_listed: u64,
    days: u64,
    dates: &'static [(i32, u32, u32)],
}

/// Hanukkah's first evening, by year.
const HANUKKAH_FIRST_EVENINGS: &[(i32, u32, u32)] = &[
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

/// Rosh Hashanah's first day (from the evening before), by year; Yom Kippur is the tenth
/// day from it.
const ROSH_HASHANAH_FIRST_DAYS: &[(i32, u32, u32)] = &[
    (2020, 9, 19),
    (2021, 9, 7),
    (2022, 9, 26),
    (2023, 9, 16),
    (2024, 10, 3),
    (2025, 9, 23),
    (2026, 9, 12),
    (2027, 10, 2),
    (2028, 9, 21),
    (2029, 9, 10),
    (2030, 9, 28),
];

const HOLIDAYS: &[Listed] = &[
    // The eight nights, from the first evening to the last day.
    Listed {
        names: &[&["hanukkah"], &["chanukah"], &["hanukah"], &["chanukkah"]],
        from_listed: 0,
        days: 9,
        dates: HANUKKAH_FIRST_EVENINGS,
    },
    Listed {
        names: &[
            &["rosh", "hashanah"],
            &["rosh", "hashana"],
            &["rosh", "hashannah"],
            &["rosh", "hoshana"],
        ],
        from_listed: 0,
        days: 2,
        dates: ROSH_HASHANAH_FIRST_DAYS,
    },
    Listed {
        names: &[&["yom", "kippur"], &["yom", "kipur"]],
        from_listed: 9,
        days: 1,
        dates: ROSH_HASHANAH_FIRST_DAYS,
    },
];

/// "over Hanukkah", "on Yom Kippur", "rosh hashanah 2024": the holiday's days — the most
/// recent that has begun, or the named year's. The dates are listed, not computed; the
/// lists end in 2030.
pub(super) fn hebrew_holiday_at(
    words: &[&str],
    at: usize,
    today: NaiveDate,
) -> Option<(When, usize)> {
    let (holiday, name_length) = HOLIDAYS.iter().find_map(|holiday| {
        holiday
            .names
            .iter()
            .find(|name| words.get(at..at + name.len()) == Some(name))
            .map(|name| (holiday, name.len()))
    })?;
    let begins = || {
        holiday.dates.iter().filter_map(|(year, month, day)| {
            NaiveDate::from_ymd_opt(*year, *month, *day)
                .map(|listed| listed + Days::new(holiday.from_listed))
        })
    };
    let after = at + name_length;
    // "hanukkah 2024", "yom kippur last year", "rosh hashanah this year": that year's.
    let named = match (words.get(after), words.get(after + 1)) {
        (Some(&("this" | "last")), Some(&"year")) => {
            let year = today.year() - i32::from(words[after] == "last");
            Some((year, 2))
        }
        _ => super::dates::year_at(words, after),
    };
    let (first, end) = match named {
        Some((year, more)) => {
            let first = begins().find(|first| first.year() == year)?;
            if first > today {
                return Some((When::Future, after + more));
            }
            (first, after + more)
        }
        None => (begins().rfind(|first| *first <= today)?, after),
    };
    let last = first + Days::new(holiday.days - 1);
    Some((between(first, last, today), end))
}
