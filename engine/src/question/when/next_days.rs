//! Two dates one after the other, joined by "and" ("over the match weekend, 28/11 and
//! 29/11"): one stretch of two days, as "the 24th and 25th of October" is.

use super::{Mention, When};
use crate::period::Period;
use chrono::NaiveDate;

/// Joins each dated day to the dated day after it when only "and" stands between them.
pub(super) fn join_next_days(words: &[&str], found: &mut Vec<Mention>, today: NaiveDate) {
    let dated = |m: &Mention| {
        (m.start..m.end).any(|at| {
            words
                .get(at)
                .is_some_and(|w| w.contains(|c: char| c.is_ascii_digit()))
        })
    };
    let one_day = |m: &Mention| match m.when {
        When::Period(period) => {
            let range = period.resolve(today);
            (range.first == range.last).then_some(range.first)
        }
        _ => None,
    };
    let mut index = 0;
    while index + 1 < found.len() {
        let (first, second) = (&found[index], &found[index + 1]);
        let joined = !first.weak
            && !second.weak
            && second.start == first.end + 1
            && words.get(first.end) == Some(&"and")
            && dated(first)
            && dated(second);
        match (one_day(first), one_day(second)) {
            (Some(day), Some(next)) if joined && day.succ_opt() == Some(next) => {
                let end = second.end;
                found[index] =
                    Mention::named(When::Period(Period::Between(day, next)), first.start, end);
                found.remove(index + 1);
            }
            _ => index += 1,
        }
    }
}
