//! When a question is about: "last 7 days", "past fortnight", "this month", "in March",
//! "in 2025", "since 2026-03-01", "between March 1 and March 15", "ever".
//!
//! [`find_period`] returns the [`Period`] and the positions of the words that said it, so the
//! rest of the parser does not read "7" in "last 7 days" as "top 7".

use chrono::NaiveDate;

use super::words::{is, is_any, number};
use crate::period::{month_number, Period};

/// A period found in the words, and which words said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPeriod {
    /// The period.
    pub period: Period,
    /// Positions of the words that named it.
    pub used: Vec<usize>,
}

fn found(period: Period, used: impl IntoIterator<Item = usize>) -> Option<FoundPeriod> {
    Some(FoundPeriod {
        period,
        used: used.into_iter().collect(),
    })
}

const LAST: &[&str] = &["last", "past", "previous", "prior", "recent"];
const THIS: &[&str] = &["this", "current"];

fn unit_period(unit: &str, n: u32) -> Option<Period> {
    if is_any(unit, &["day", "days", "d"]) {
        Some(Period::LastDays(n))
    } else if is_any(unit, &["week", "weeks", "wk", "wks", "w"]) {
        Some(Period::LastDays(n.checked_mul(7)?))
    } else if is(unit, "fortnight") || is(unit, "fortnights") {
        Some(Period::LastDays(n.checked_mul(14)?))
    } else if is_any(unit, &["month", "months", "mo", "mos", "m"]) {
        Some(Period::LastMonths(n))
    } else if is_any(unit, &["quarter", "quarters"]) {
        Some(Period::LastMonths(n.checked_mul(3)?))
    } else if is_any(unit, &["year", "years", "yr", "yrs", "y"]) {
        Some(Period::LastMonths(n.checked_mul(12)?))
    } else {
        None
    }
}

fn year(word: &str) -> Option<i32> {
    word.parse::<i32>()
        .ok()
        .filter(|y| (2010..=2100).contains(y))
}

/// A date at `words[at..]`: `2026-03-01`, `march 1`, `1 march`, `march 1 2026`; returns the
/// date (the year defaults to `default_year`) and how many words it took.
fn date_at(words: &[String], at: usize, default_year: i32) -> Option<(NaiveDate, usize)> {
    let word = words.get(at)?;
    if let Ok(date) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
        return Some((date, 1));
    }
    let day_of = |w: &String| {
        w.trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th")
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d))
    };
    let (month, day, mut taken) = if let Some(month) = month_number(word) {
        match words.get(at + 1).and_then(day_of) {
            Some(day) => (month, day, 2),
            None => (month, 1, 1),
        }
    } else {
        let day = day_of(word)?;
        let month = words.get(at + 1).and_then(|w| month_number(w))?;
        (month, day, 2)
    };
    let year = match words.get(at + taken).and_then(|w| year(w)) {
        Some(y) => {
            taken += 1;
            y
        }
        None => default_year,
    };
    NaiveDate::from_ymd_opt(year, month, day).map(|date| (date, taken))
}

/// Finds the period a question names, if any. `today` only fills in missing years of dates.
pub fn find_period(words: &[String], today: NaiveDate) -> Option<FoundPeriod> {
    use chrono::Datelike;
    let at = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    for i in 0..words.len() {
        let word = at(i);
        // "all time", "ever", "of all time"
        if (is(word, "all") && is_any(at(i + 1), &["time", "times"])) || word == "alltime" {
            return found(Period::AllTime, [i, i + 1]);
        }
        if word == "ever" || is(word, "lifetime") {
            return found(Period::AllTime, [i]);
        }
        if word == "today" || word == "tonight" {
            return found(Period::Today, [i]);
        }
        if is(word, "yesterday") {
            return found(Period::Yesterday, [i]);
        }
        if word == "since" {
            if let Some((date, taken)) = date_at(words, i + 1, today.year()) {
                return found(Period::Since(date), i..=i + taken);
            }
        }
        if word == "between" || word == "from" {
            if let Some((first, taken)) = date_at(words, i + 1, today.year()) {
                let joiner = i + 1 + taken;
                if matches!(at(joiner), "and" | "to" | "until" | "till") {
                    if let Some((last, taken_last)) = date_at(words, joiner + 1, first.year()) {
                        if first <= last {
                            return found(Period::Between(first, last), i..=joiner + taken_last);
                        }
                    }
                }
            }
        }
        // "7d", "30d", "4w", "3m", "1y"
        if word.len() >= 2 && word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            if let Some(period) =
                Period::parse_argument(word).filter(|p| !matches!(p, Period::Year(_)))
            {
                return found(period, [i]);
            }
        }
        let named_last = is_any(word, LAST) || (word == "the" && is_any(at(i + 1), LAST));
        let skip_the = usize::from(word == "the");
        if named_last {
            let after = i + 1 + skip_the;
            // last/past N units, last/past unit
            if let Some(n) = number(at(after)) {
                if let Some(period) = unit_period(at(after + 1), n) {
                    return found(period, i..=after + 1);
                }
            }
            let unit = at(after);
            let calendar = is_any(at(i + skip_the), &["last", "previous", "prior"]);
            let period = if is_any(unit, &["week", "wk"]) {
                Some(if calendar {
                    Period::LastWeek
                } else {
                    Period::LastDays(7)
                })
            } else if is(unit, "month") {
                Some(if calendar {
                    Period::LastMonth
                } else {
                    Period::LastDays(30)
                })
            } else if is(unit, "year") {
                Some(if calendar {
                    Period::LastYear
                } else {
                    Period::LastMonths(12)
                })
            } else if is(unit, "fortnight") {
                Some(Period::LastDays(14))
            } else if is(unit, "quarter") {
                Some(Period::LastMonths(3))
            } else if is(unit, "day") {
                Some(Period::LastDays(1))
            } else {
                None
            };
            if let Some(period) = period {
                return found(period, i..=after);
            }
        }
        if is_any(word, THIS) {
            let unit = at(i + 1);
            let period = if is(unit, "week") {
                Some(Period::ThisWeek)
            } else if is(unit, "month") {
                Some(Period::ThisMonth)
            } else if is(unit, "year") {
                Some(Period::ThisYear)
            } else {
                None
            };
            if let Some(period) = period {
                return found(period, [i, i + 1]);
            }
        }
        if is(word, "fortnight") {
            return found(Period::LastDays(14), [i]);
        }
        // "over 90 days", "in 7 days"
        if let Some(n) = number(word).filter(|_| word.chars().all(|c| c.is_ascii_digit())) {
            let previous = if i > 0 { at(i - 1) } else { "" };
            if matches!(previous, "in" | "over" | "for" | "during" | "within") {
                if let Some(period) = unit_period(at(i + 1), n) {
                    return found(period, i..=i + 1);
                }
            }
        }
        // Month names; "may" only after in/of/during/for/from, where it cannot be a verb.
        if let Some(month) = month_number(word) {
            let previous = if i > 0 { at(i - 1) } else { "" };
            if word != "may" || matches!(previous, "in" | "of" | "during" | "for" | "from") {
                return match year(at(i + 1)) {
                    Some(y) => found(
                        Period::Month {
                            month,
                            year: Some(y),
                        },
                        [i, i + 1],
                    ),
                    None => found(Period::Month { month, year: None }, [i]),
                };
            }
        }
        if let Some(y) = year(word) {
            return found(Period::Year(y), [i]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn period(text: &str) -> Option<Period> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        find_period(&words(text), today).map(|f| f.period)
    }

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn periods_people_write() {
        let cases: &[(&str, Period)] = &[
            (
                "which post got the most saves in the last 30 days?",
                Period::LastDays(30),
            ),
            ("top 5 posts by reach this month", Period::ThisMonth),
            ("best reel last week", Period::LastWeek),
            ("followers gained in the past 7 days", Period::LastDays(7)),
            ("past fortnight", Period::LastDays(14)),
            ("over the last fortnight", Period::LastDays(14)),
            ("last two weeks", Period::LastDays(14)),
            ("last 2 weeks", Period::LastDays(14)),
            ("in the past week", Period::LastDays(7)),
            ("past month", Period::LastDays(30)),
            ("last month", Period::LastMonth),
            ("previous month", Period::LastMonth),
            ("last 3 months", Period::LastMonths(3)),
            ("last quarter", Period::LastMonths(3)),
            ("this year", Period::ThisYear),
            ("last year", Period::LastYear),
            ("yesterday", Period::Yesterday),
            ("how many comments today", Period::Today),
            (
                "how many posts did I publish in October?",
                Period::Month {
                    month: 10,
                    year: None,
                },
            ),
            (
                "in march 2025",
                Period::Month {
                    month: 3,
                    year: Some(2025),
                },
            ),
            (
                "in may",
                Period::Month {
                    month: 5,
                    year: None,
                },
            ),
            (
                "which of my posts from 2025 had the best engagement rate",
                Period::Year(2025),
            ),
            ("most comments ever", Period::AllTime),
            ("of all time", Period::AllTime),
            ("since 2026-03-01", Period::Since(date(3, 1))),
            ("since march 1", Period::Since(date(3, 1))),
            ("since 1st march", Period::Since(date(3, 1))),
            (
                "between march 1 and march 15",
                Period::Between(date(3, 1), date(3, 15)),
            ),
            (
                "from 2026-02-01 to 2026-02-10",
                Period::Between(date(2, 1), date(2, 10)),
            ),
            ("stats for 7d", Period::LastDays(7)),
            ("likes per post in the last 90 days", Period::LastDays(90)),
            ("over 90 days", Period::LastDays(90)),
            ("lst wek", Period::LastWeek),
        ];
        for (text, expected) in cases {
            assert_eq!(period(text).as_ref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn no_period_is_no_period() {
        for text in [
            "who comments the most?",
            "you may know",
            "top 5 posts",
            "what's my engagement rate?",
        ] {
            assert_eq!(period(text), None, "{text}");
        }
    }

    #[test]
    fn the_words_that_named_the_period_are_reported() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let found = find_period(&words("top 5 posts in the last 7 days"), today).unwrap();
        assert_eq!(found.used, vec![4, 5, 6, 7]);
    }
}
