//! Periods relative to the one already in the conversation: "the week before", "the one
//! before that", "the previous 30", "the 3 days after it", "the same day last week".

use super::dates::{number_at, unit, weekday_of, Unit};
use super::reader::{Found, Reader};
use super::{Length, When};
use chrono::Datelike;

impl Reader<'_> {
    /// "the week before", "the one before that", "the previous 30", "the same day last week".
    pub(super) fn relative(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        // "and before that?", "what about before then?": as long again, before it (the
        // last words of a follow-up).
        if word == "before"
            && matches!(self.at(i + 1), "that" | "then")
            && self.at(i + 2).is_empty()
            && (i == 0 || matches!(self.at(i - 1), "and" | "about" | "so"))
        {
            return Some((When::Before(None), i + 2, None));
        }
        // "and since then?": from the day after it to today (a hundred years, cut at today).
        if word == "since"
            && matches!(self.at(i + 1), "then" | "that")
            && self.at(i + 2).is_empty()
            && (i == 0 || matches!(self.at(i - 1), "and" | "about" | "what"))
        {
            return Some((When::After(36_600), i + 2, None));
        }
        // "vs last year same time", "last yr same period": the same days, a year back.
        if matches!(word, "last" | "previous")
            && matches!(self.at(i + 1), "year" | "yr")
            && self.at(i + 2) == "same"
            && matches!(
                self.at(i + 3),
                "time" | "period" | "days" | "dates" | "point"
            )
        {
            return Some((When::SameTimeLastYear, i + 4, None));
        }
        // "this time last year": the same days, a year back.
        if word == "this"
            && self.at(i + 1) == "time"
            && self.at(i + 2) == "last"
            && matches!(self.at(i + 3), "year" | "yr")
        {
            return Some((When::SameTimeLastYear, i + 4, None));
        }
        let mut j = i + usize::from(word == "the");
        // "the whole week after"
        if matches!(self.at(j), "whole" | "full" | "entire") && self.at(j + 2) == "after" {
            j += 1;
        }
        if matches!(
            self.at(j),
            "same" | "corresponding" | "equivalent" | "matching"
        ) {
            // "the same day last week", "same period last year", "same time last year", "the
            // same 90 days last year", "the same days of last year"
            let counted = number_at(self.words, j + 1).map_or(0, |(_, taken)| taken);
            let what = self.at(j + 1 + counted);
            let of = usize::from(self.at(j + 2 + counted) == "of");
            let last = j + 2 + counted + of;
            // ("the corresponding period of the previous year": "last" said another way.)
            let (last, unit_at) = match (self.at(last), self.at(last + 1)) {
                ("last", _) | ("previous" | "prior", _) => (last, last + 1),
                ("the", "previous" | "prior") => (last + 1, last + 2),
                _ => (last, last + 1),
            };
            let said_last = matches!(self.at(last), "last" | "previous" | "prior");
            // ("YTD vs same period LY": last year, said short.)
            if self.at(last) == "ly" && what != "day" {
                return Some((When::SameTimeLastYear, last + 1, None));
            }
            if matches!(
                what,
                "day"
                    | "period"
                    | "time"
                    | "dates"
                    | "days"
                    // ("the same stretch last year", "the same window last year")
                    | "stretch"
                    | "window"
                    // ("this year so far vs the same point last year")
                    | "point"
                    | "stage"
                    | "week"
                    | "weeks"
                    | "month"
                    | "months"
            ) && said_last
            {
                return match self.at(unit_at) {
                    "week" if what == "day" && counted == 0 => {
                        Some((When::SameDayLastWeek, unit_at + 1, None))
                    }
                    "year" => Some((When::SameTimeLastYear, unit_at + 1, None)),
                    // "the same days last month", "same time last month"
                    "month" if what != "month" => {
                        Some((When::SameTimeLastMonth, unit_at + 1, None))
                    }
                    _ => None,
                };
            }
            // "the same day a week before", "same days the week before", "the same dates a
            // month earlier"
            if matches!(what, "day" | "days" | "dates" | "period" | "window")
                && counted == 0
                && matches!(self.at(j + 2), "a" | "one" | "the")
                && matches!(self.at(j + 4), "before" | "earlier" | "prior")
            {
                match self.at(j + 3) {
                    "week" => return Some((When::SameDayLastWeek, j + 5, None)),
                    "month" => return Some((When::SameTimeLastMonth, j + 5, None)),
                    _ => {}
                }
            }
            // "the same stretch before it", "the same period before that": as long, just
            // before.
            if matches!(what, "period" | "stretch" | "window" | "time" | "length")
                && counted == 0
                && matches!(self.at(j + 2), "before" | "prior" | "earlier")
            {
                let end = j + 3 + usize::from(matches!(self.at(j + 3), "it" | "that"));
                return Some((When::Before(None), end, None));
            }
            // "the same window in October": those days of the month, in October.
            if matches!(what, "window" | "dates" | "days" | "period" | "time")
                && counted == 0
                && self.at(j + 2) == "in"
                && self.at(j + 4).parse::<i32>().is_err()
            {
                if let Some(month) = crate::period::month_number(self.at(j + 3)) {
                    return Some((When::SameDaysIn(month), j + 4, None));
                }
            }
            // "the same month in 2025": that month a year earlier (said in the year after).
            let year = self.at(j + 3).parse::<i32>().ok();
            if matches!(
                what,
                "month" | "period" | "time" | "dates" | "days" | "week"
            ) && matches!(self.at(j + 2), "in" | "of")
                && year == Some(self.today.year() - 1)
            {
                return Some((When::SameTimeLastYear, j + 4, None));
            }
            return None;
        }
        // "previous period", "the prior period"
        if matches!(self.at(j), "previous" | "prior" | "preceding") {
            // "reach on Monday compared with the previous Monday": a week before that one.
            if word == "the" && weekday_of(self.at(j + 1), false).is_some() {
                return Some((When::SameDayLastWeek, j + 2, None));
            }
            if matches!(self.at(j + 1), "period" | "one") {
                return Some((When::Before(None), j + 2, None));
            }
            // "the prior 7": as many days again, before the other period.
            if let Some((_, taken)) = number_at(self.words, j + 1) {
                if unit(self.at(j + 1 + taken)).is_none() {
                    return Some((When::Before(None), j + 1 + taken, None));
                }
            }
        }
        // "the Saturday before (it)": the same weekday a week earlier (or, after another
        // day, the one before that day).
        if let Some((weekday, _)) = weekday_of(self.at(j), false).filter(|_| {
            self.at(j + 1) == "before"
                && matches!(self.at(j + 2), "" | "it" | "that" | "then")
                && word == "the"
        }) {
            let end = j + 2 + usize::from(!self.at(j + 2).is_empty());
            return Some((When::SameDayLastWeek, end, Some(weekday)));
        }
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
        // ("a before and after reel": what it shows, not a period; "quick one before the
        // kids' bath time": a question, asked before something else happens.)
        let shows_both = self.at(j + 1) == "and" && self.at(j + 2) == "after";
        let before_something_else = self.at(start) == "one"
            && j == start + 1
            && matches!(
                self.at(j + 1),
                "the" | "i" | "we" | "my" | "our" | "you" | "bed"
            );
        if before_something_else {
            return None;
        }
        // ("the month prior", "month prior": before, said the formal way.)
        if matches!(self.at(j), "before" | "prior")
            && self.at(j + 1) != "yesterday"
            && self.at(j + 1) != "last"
            && !shows_both
        {
            let end = j + 1 + usize::from(self.at(j + 1) == "that" || self.at(j + 1) == "it");
            let end = end + usize::from(self.at(end) == "one");
            // "the 2 weeks before", "the month before it": as long as the words say ("the
            // days before": as many as the other period has).
            let count = match number_at(self.words, start) {
                Some((n, _)) => Some(n),
                None if self.at(j - 1).ends_with('s') => None,
                None => Some(1),
            };
            let length = match count.and_then(|count| Some((count, unit(self.at(j - 1))?))) {
                None => None,
                Some((count, unit)) => match unit {
                    Unit::Day => Some(Length::Days(count)),
                    Unit::Week => Some(Length::Days(count * 7)),
                    Unit::Fortnight => Some(Length::Days(count * 14)),
                    Unit::Month => Some(Length::Months(count)),
                    Unit::Quarter => Some(Length::Months(count * 3)),
                    Unit::Year => Some(Length::Months(count * 12)),
                    Unit::Hour => None,
                },
            }
            .filter(|length| match length {
                Length::Days(days) => (1..=366).contains(days),
                Length::Months(months) => (1..=24).contains(months),
            });
            // "the weekend before (it)": the Saturday and Sunday just before.
            if self.at(j - 1) == "weekend" && count == Some(1) {
                return Some((When::WeekendBefore, end, None));
            }
            return Some((When::Before(length), end, None));
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
