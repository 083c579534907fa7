//! Halves and quarters: "the second half of October", "the first half of the year",
//! "H2", "the last half year", "the third quarter", "the final quarter of 2025".

use chrono::{Datelike, Days, NaiveDate};

use super::dates::{last_of_month, month_at, month_period, year_at};
use super::reader::{Found, Reader};
use super::seasons::quarter_period;
use super::When;
use crate::period::Period;

impl Reader<'_> {
    /// A half of a month or a year named at `i`.
    pub(super) fn half(&self, i: usize) -> Option<Found> {
        let today = self.today;
        // "the second half of October": its 16th to its end ("the first half": 1st to 15th).
        let lead = usize::from(self.at(i) == "the");
        if matches!(self.at(i + lead), "first" | "second" | "1st" | "2nd")
            && self.at(i + lead + 1) == "half"
            && self.at(i + lead + 2) == "of"
        {
            if let Some(month) = month_at(self.words, i + lead + 3) {
                if let Some(When::Period(whole)) = month_period(month, None, today) {
                    let range = whole.resolve(today);
                    let (first, last) = if matches!(self.at(i + lead), "first" | "1st") {
                        (range.first, range.first + Days::new(14))
                    } else {
                        (range.first + Days::new(15), range.last)
                    };
                    if first > today {
                        return Some((When::Future, i + lead + 4, None));
                    }
                    return self.period(Period::Between(first, last.min(today)), i + lead + 4);
                }
            }
        }
        // "the second half of the month": of the month already in the conversation.
        if matches!(self.at(i + lead), "first" | "second" | "1st" | "2nd")
            && self.at(i + lead + 1) == "half"
            && self.at(i + lead + 2) == "of"
            && self.at(i + lead + 3) == "the"
            && self.at(i + lead + 4) == "month"
        {
            let first = matches!(self.at(i + lead), "first" | "1st");
            return Some((When::HalfOfThatPeriod(first), i + lead + 5, None));
        }
        // "only the first half" after a month: the half of that month.
        if matches!(self.at(i + lead), "first" | "second" | "1st" | "2nd")
            && self.at(i + lead + 1) == "half"
            && matches!(self.at(i + lead + 2), "" | "only" | "please" | "pls" | "then")
            // (Not "the first half of the year … and the second half": a side of it.)
            && self.words.iter().filter(|w| **w == "half").count() == 1
        {
            let first = matches!(self.at(i + lead), "first" | "1st");
            return Some((When::HalfOfThatPeriod(first), i + lead + 2, None));
        }
        // "the first half of 2026": that year's January to June.
        if let (first @ ("first" | "second" | "1st" | "2nd"), "half", "of", Some((year, taken))) = (
            self.at(i + lead),
            self.at(i + lead + 1),
            self.at(i + lead + 2),
            year_at(self.words, i + lead + 3),
        ) {
            let first_month = if matches!(first, "first" | "1st") {
                1
            } else {
                7
            };
            let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
            if start > today {
                return Some((When::Future, i + lead + 3 + taken, None));
            }
            let last = last_of_month(year, first_month + 5)?.min(today);
            return self.period(Period::Between(start, last), i + lead + 3 + taken);
        }
        // "the first half of the year", "H2": January to June, July to December (this year's
        // once it has begun); "the last half year", "half a year": six months.
        let both_halves = self.words.contains(&"first") && self.words.contains(&"second");
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
            ("first", "half", "of", "year") => Some((1, lead + 4)),
            ("second", "half", "of", "year") => Some((7, lead + 4)),
            // "the first half compared with the second half": the year's, when no other
            // whole is named ("the second half of October" is not read).
            ("first", "half", next, _) if next != "of" && both_halves => Some((1, lead + 2)),
            ("second", "half", next, _) if next != "of" && both_halves => Some((7, lead + 2)),
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
            (self.at(i), self.at(i + 1), self.at(i + 2)),
            ("last" | "past", "half", "year") | ("half", "a", "year")
        ) {
            return self.period(Period::LastMonths(6), i + 3);
        }
        None
    }

    /// "the third quarter", "3rd quarter of last year", "the final quarter of 2025" (the
    /// fourth; "last quarter" alone is the one before this one).
    pub(super) fn quarter_of_a_year(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        if !matches!(self.at(i + 1), "quarter" | "qtr") {
            return None;
        }
        let final_of_a_year = matches!(word, "last" | "final")
            && self.at(i + 2) == "of"
            && self.year_after(i + 2, self.today).is_some();
        let quarter = ["first", "second", "third", "fourth"]
            .iter()
            .chain(&["1st", "2nd", "3rd", "4th"])
            .position(|w| *w == word)
            .map(|p| (p % 4) as u32 + 1)
            .or(final_of_a_year.then_some(4))?;
        // ("… of 2025", "… of last year", "… of this year")
        let (year, taken) = self
            .year_after(i + 2, self.today)
            .map_or((None, 0), |(year, taken)| (Some(year), taken));
        Some((
            quarter_period(quarter, year, self.today)?,
            i + 2 + taken,
            None,
        ))
    }

    /// Whether a year is written alone at `k`, set beside something before it ("… vs
    /// 2024", "compared to 2026").
    pub(super) fn is_bare_year(&self, k: usize) -> bool {
        k > 0
            && matches!(
                self.at(k - 1),
                "vs" | "versus" | "to" | "and" | "or" | "than" | "with"
            )
            && year_at(self.words, k).is_some()
    }

    /// The year written after a month or a season, and how many words it takes: "2025",
    /// "of 2025", "last year", "of this year".
    pub(super) fn year_after(&self, i: usize, today: NaiveDate) -> Option<(i32, usize)> {
        let of = usize::from(self.at(i) == "of");
        if let Some((year, taken)) = year_at(self.words, i + of) {
            return Some((year, of + taken));
        }
        let which = self.at(i + of);
        if matches!(which, "last" | "this") && self.at(i + of + 1) == "year" {
            return Some((today.year() - i32::from(which == "last"), of + 2));
        }
        None
    }
}
