//! Days counted from a day named ("the week before Christmas", "the day before Halloween",
//! "the 3 days after Black Friday", "Jan 1 to date"), and a time only bounded by one
//! ("before Ramadan", which says where it ends but not where it starts).

use chrono::{Days, Months, NaiveDate};

use super::dates::{number_at, Unit};
use super::{Length, Mention, When};
use crate::period::Period;

/// Joins "the week before" to the day or period named straight after it, and "the week
/// after" to the one it follows, into the days they count; marks a past day that only
/// follows "before" as a time Pulse cannot place.
pub(super) fn join_days_around(words: &[&str], found: &mut Vec<Mention>, today: NaiveDate) {
    let at = |k: usize| words.get(k).copied().unwrap_or("");
    let mut index = 0;
    while index < found.len() {
        let named = match found[index].when {
            When::Period(period) => period.resolve(today),
            _ => {
                index += 1;
                continue;
            }
        };
        let start = found[index].start;
        let end = found[index].end;
        // ("total reach Jan 1 to date": since that day.)
        let to_date = matches!(at(end), "to" | "till" | "until" | "thru")
            && matches!(at(end + 1), "date" | "now" | "today");
        if to_date && named.first == named.last && named.first <= today {
            found[index].when = When::Period(Period::Since(named.first));
            found[index].end = end + 2;
            found.retain(|m| !(m.weak && m.start == end));
            index += 1;
            continue;
        }
        let dated = (start..found[index].end).any(|k| at(k).contains(|c: char| c.is_ascii_digit()));
        let the = usize::from(start >= 1 && at(start - 1) == "the");
        // "the week before Christmas": a "before" of a length just before it.
        let before = index
            .checked_sub(1)
            .filter(|k| found[*k].end + the == start)
            .and_then(|k| match found[k].when {
                When::Before(Some(length)) => Some((k, length)),
                _ => None,
            });
        if let Some((k, length)) = before {
            let first = match length {
                Length::Days(days) => named.first.checked_sub_days(Days::new(u64::from(days))),
                Length::Months(months) => named.first.checked_sub_months(Months::new(months)),
            };
            if let (Some(first), Some(last)) = (first, named.first.pred_opt()) {
                let joined = Period::Between(first, last.min(today));
                found[k] = Mention::named(When::Period(joined), found[k].start, found[index].end);
                found.remove(index);
                continue;
            }
        }
        // ("3 days before eid al adha": no "the", so no "before" of its own.)
        let counted_before = (start >= 1 && at(start - 1) == "before")
            .then(|| length_before(words, start - 1))
            .flatten();
        if let Some((days, from)) = counted_before.filter(|_| !dated) {
            let first = named.first.checked_sub_days(Days::new(days));
            if let (Some(first), Some(last)) = (first, named.first.pred_opt()) {
                let joined = Period::Between(first, last.min(today));
                found.retain(|m| m.end <= from || m.start >= start);
                let index = found.iter().position(|m| m.start == start).unwrap_or(0);
                found[index] = Mention::named(When::Period(joined), from, found[index].end);
                continue;
            }
        }
        // "the weekend after Easter", "the weekend before Christmas": the Saturday and Sunday
        // next to the day.
        let side = start
            .checked_sub(1)
            .filter(|k| *k >= 1 && matches!(at(*k), "after" | "before") && at(k - 1) == "weekend");
        // ("the weekend before" is read as a "before" of its own, to the word.)
        let weekend = index
            .checked_sub(1)
            .filter(|k| side.is_some_and(|side| found[*k].end == side || found[*k].end == start));
        if let (Some(side), Some(k)) = (side, weekend) {
            let after = at(side) == "after";
            let day = match found[index].when {
                When::Period(Period::Since(day)) => day,
                _ if after => named.last,
                _ => named.first,
            };
            let saturday = (1..=8u64)
                .filter_map(|n| {
                    if after {
                        day.checked_add_days(Days::new(n))
                    } else {
                        day.checked_sub_days(Days::new(n))
                    }
                })
                .find(|d| {
                    chrono::Datelike::weekday(d) == chrono::Weekday::Sat
                        && (after || d.succ_opt().is_some_and(|sunday| sunday < day))
                });
            let sunday = saturday.and_then(|saturday| saturday.succ_opt());
            if let (Some(saturday), Some(sunday)) = (saturday.filter(|s| *s <= today), sunday) {
                let joined = Period::Between(saturday, sunday.min(today));
                found[k] = Mention::named(When::Period(joined), found[k].start, found[index].end);
                found.remove(index);
                continue;
            }
        }
        // "the week after Christmas", "the 3 days after black friday" (the mention starts
        // at "after", or just after it).
        let after_at = if at(start) == "after" {
            Some(start)
        } else {
            start.checked_sub(1).filter(|k| at(*k) == "after")
        };
        // (Not "the week after, the 9th to the 15th": those dates are the week.)
        let length = after_at
            .filter(|_| !dated)
            .and_then(|after| length_before(words, after));
        if let Some((days, from)) = length {
            // ("after Christmas" alone reads as since Christmas: the day is its first.)
            let day = match found[index].when {
                When::Period(Period::Since(day)) => day,
                _ => named.last,
            };
            let first = day.succ_opt();
            let last = day.checked_add_days(Days::new(days));
            if let (Some(first), Some(last)) = (first, last) {
                if first <= today {
                    let joined = Period::Between(first, last.min(today));
                    found[index] = Mention::named(When::Period(joined), from, found[index].end);
                }
            }
        }
        // "how many posts did we do before Ramadan": up to it, from a time not said (not
        // "before 1 November", a date, which may mean all time up to it).
        // (Said of what was done or got: not "slow before Christmas", "ideas before
        // Halloween", which tell.)
        let only_before = start >= 2
            && at(start - 1) == "before"
            && matches!(
                at(start - 2),
                "do" | "did"
                    | "post"
                    | "posted"
                    | "posts"
                    | "get"
                    | "got"
                    | "had"
                    | "gain"
                    | "gained"
                    | "lose"
                    | "lost"
                    | "reach"
                    | "likes"
                    | "views"
                    | "followers"
            )
            && !dated;
        if only_before && named.last <= today {
            found[index].when = When::Vague;
        }
        index += 1;
    }
}

/// "the week", "the 3 days", "a day" just before the word at `after`: how many days, and
/// where the words start.
fn length_before(words: &[&str], after: usize) -> Option<(u64, usize)> {
    let unit = after.checked_sub(1)?;
    let days = match super::dates::unit(words[unit])? {
        Unit::Day => 1,
        Unit::Week => 7,
        Unit::Fortnight => 14,
        _ => return None,
    };
    let count_at = unit.checked_sub(1)?;
    let (count, from) = match number_at(words, count_at) {
        Some((count, 1)) => (count, count_at),
        _ if matches!(words[count_at], "the" | "a") => (1, count_at),
        _ => return None,
    };
    Some((days * u64::from(count), from))
}
