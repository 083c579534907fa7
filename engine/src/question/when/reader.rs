//! The [`Reader`] of one question's words: rolling periods ("last 7 days", "past
//! fortnight", "L30D"), the last weekend, dates written with slashes and ranges of days
//! ("between the 1st and the 15th").

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::period::Period;

use super::dates::{
    between, date_at, day, day_of_month_at, last_weekday, monday_of, month_at, month_period,
    number_at, recent_date, rolling, unit, weekday_of, Unit,
};
use super::seasons::{quarter_period, season_of, season_period, this_quarter, Season};
use super::{Mention, When};

pub(super) struct Reader<'w> {
    pub(super) words: &'w [&'w str],
    pub(super) today: NaiveDate,
    pub(super) southern: bool,
    /// Whether "2/11" is the 2nd of November (`Some(true)`), February 11th (`Some(false)`),
    /// or unknown, and so asked about.
    pub(super) day_first: Option<bool>,
    /// Whether Mother's Day is Mothering Sunday (the UK and Ireland).
    pub(super) mothering_sunday: bool,
}

pub(super) type Found = (When, usize, Option<Weekday>);

/// The spans of days people name by their number alone ("L90", "last 7").
const USUAL_DAY_SPANS: &[u32] = &[7, 14, 28, 30, 60, 90, 180, 365];

impl Reader<'_> {
    pub(super) fn at(&self, i: usize) -> &str {
        self.words.get(i).copied().unwrap_or("")
    }

    pub(super) fn period(&self, period: Period, end: usize) -> Option<Found> {
        Some((When::Period(period), end, None))
    }

    /// "last 7 days", "past fortnight", "last week", "the last 24 hours", "L30D".
    pub(super) fn last_n(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        // "l30d", "l7d", "l90d"; "l90", "l28" without the "d" for the usual spans.
        let days = word
            .strip_prefix('l')
            .and_then(|rest| match rest.strip_suffix('d') {
                Some(n) => n.parse::<u32>().ok(),
                None => rest
                    .parse::<u32>()
                    .ok()
                    .filter(|n| USUAL_DAY_SPANS.contains(n)),
            });
        if let Some(days) = days {
            return self.period(Period::LastDays(days.clamp(1, 3660)), i + 1);
        }
        // "L6M", "L12M", "L4W", "L1Y": the last weeks, months or years.
        let span = word.strip_prefix('l').and_then(|rest| {
            let unit = match rest.chars().last()? {
                'w' => Unit::Week,
                'm' => Unit::Month,
                'q' => Unit::Quarter,
                'y' => Unit::Year,
                _ => return None,
            };
            let n = rest[..rest.len() - 1].parse::<u32>().ok()?;
            Some((unit, n.clamp(1, 120)))
        });
        if let Some((unit, n)) = span {
            return self.period(rolling(unit, n)?, i + 1);
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
        // "reach trend 3 months", "top posts 90 days", "weekday performance, 6 months, by
        // reach": a bare span closing the question (or before what it is ranked by), the
        // last of it.
        if let Some((n, taken)) = number_at(self.words, i) {
            let after = i + taken;
            let before = if i == 0 { "" } else { self.at(i - 1) };
            if let Some(unit) = unit(self.at(after)) {
                if !matches!(
                    before,
                    "in" | "every"
                        | "per"
                        | "a"
                        | "than"
                        | "about"
                        | "since"
                        | "after"
                        | "within"
                        | "next"
                        | "coming"
                        | "first"
                        | "those"
                        | "these"
                        | "that"
                        | "the"
                ) && (after + 1 == self.words.len() || self.at(after + 1) == "by")
                    && i > 0
                    && n > 1
                    && matches!(unit, Unit::Day | Unit::Week | Unit::Month)
                {
                    return self.period(rolling(unit, n)?, after + 1);
                }
            }
        }
        let mut j = i;
        for skip in ["in", "over", "during", "for", "within", "from"] {
            if self.at(j) == skip && matches!(self.at(j + 1), "the" | "last" | "past") {
                j += 1;
            }
        }
        // ("in the last year", "over the last year": the twelve months to today.)
        let within_the = j > i && self.at(j) == "the";
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
        // "the last quarter of 2025": that year's fourth.
        if named == "last" && self.at(j + 2) == "of" {
            if let Some(found) = self.quarter_of_a_year(j) {
                return Some(found);
            }
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
        // "whats my engagement lookin like last 7", "reach L 30": the usual spans of days,
        // said without the unit at the end of the question.
        // ("avg likes on my last 7": posts, not days.)
        let posts_of_mine = i > 0 && matches!(self.at(i - 1), "my" | "our");
        if let Some(days) = self
            .at(j)
            .parse::<u32>()
            .ok()
            .filter(|days| USUAL_DAY_SPANS.contains(days) && !posts_of_mine)
        {
            // ("Last 30 only", "last 7 pls")
            let closing = matches!(self.at(j + 1), "only" | "please" | "pls" | "plz" | "then")
                && j + 2 == self.words.len();
            if j + 1 == self.words.len()
                || closing
                || matches!(self.at(j + 1), "vs" | "versus" | "and")
            {
                return self.period(Period::LastDays(days), j + 1);
            }
        }
        let unit_word = self.at(j);
        if unit_word == "weekend" {
            return Some((self.weekend_at(j, 1), j + 1, None));
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
            // (Not "in the last year and a half".)
            (Unit::Year, true) if within_the && named == "last" && self.at(j + 1) != "and" => {
                Period::LastMonths(12)
            }
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
    pub(super) fn weekend(&self, back: u64) -> When {
        let saturday = last_weekday(Weekday::Sat, self.today);
        let saturday = if self.today.weekday() == Weekday::Sun {
            saturday - Days::new(7)
        } else {
            saturday
        };
        let saturday = saturday - Days::new(7 * (back - 1));
        When::Period(Period::Between(saturday, saturday + Days::new(1)))
    }
}

impl Reader<'_> {
    /// A date written with slashes, or `None` when it is not one.
    /// ("03.11", "18.10.2026": dotted, the day first; "2026/10/01", "2026.9.25": the year
    /// first, then the month.)
    pub(super) fn slash_date(&self, word: &str) -> Option<NaiveDate> {
        let dotted = word.contains('.');
        let parts: Vec<u32> = word
            .split(['/', '.'])
            .map(|part| part.parse::<u32>().ok())
            .collect::<Option<_>>()?;
        if let [year, month, day] = parts.as_slice() {
            if *year >= 1000 {
                return NaiveDate::from_ymd_opt(i32::try_from(*year).ok()?, *month, *day);
            }
        }
        let day_first = if dotted { Some(true) } else { self.day_first };
        let (first, second, year) = match parts.as_slice() {
            [a, b] => (*a, *b, None),
            [a, b, y] if *y < 100 => (*a, *b, Some(2000 + *y as i32)),
            [a, b, y] => (*a, *b, Some(i32::try_from(*y).ok()?)),
            _ => return None,
        };
        let (day, month) = match (first > 12, second > 12, day_first) {
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
    pub(super) fn range_end(&self, first: NaiveDate, at: usize) -> Option<Mention> {
        if !matches!(
            self.at(at),
            "to" | "and" | "till" | "until" | "through" | "thru" | "til" | "-"
        ) {
            return None;
        }
        let same_month = |day: u32| NaiveDate::from_ymd_opt(first.year(), first.month(), day);
        // "from the 16th to the end of the month": the end of the first day's month.
        let the = usize::from(self.at(at + 1) == "the");
        if self.at(at + 1 + the) == "end"
            && self.at(at + 2 + the) == "of"
            && matches!(self.at(at + 3 + the), "the" | "that" | "this")
            && self.at(at + 4 + the) == "month"
        {
            let last = super::dates::last_of_month(first.year(), first.month())?;
            return Some(Mention::named(
                When::Period(Period::Between(first, last.min(self.today))),
                at,
                at + 5 + the,
            ));
        }
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
                // ("between Christmas and the new year")
                let (when, end, _) = self.mention(at + 1).or_else(|| {
                    (self.at(at + 1) == "the")
                        .then(|| self.mention(at + 2))
                        .flatten()
                })?;
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
    pub(super) fn day_pair(&self, at: usize) -> Option<Mention> {
        self.day_pair_joined(at, true)
    }

    /// [`Reader::day_pair`]; without `and_spans`, two days joined by "and" are a stretch only
    /// when they follow each other ("the 24th and 25th of october"); "the 1st and the 15th"
    /// are two days.
    pub(super) fn day_pair_joined(&self, at: usize, and_spans: bool) -> Option<Mention> {
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
        let (last, taken) = match date_at(self.words, i + 1 + the, self.today) {
            Some(found) => found,
            None => self.last_day_alone(at, i + 1 + the)?,
        };
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

impl Reader<'_> {
    /// The end of "from 16 to 31", "same but 16th to 31st": a day with no month, in the
    /// latest month up to today that has it (the month a follow-up usually means). Only
    /// for ordinals, or numbers after "from" or "between", said last.
    fn last_day_alone(&self, first_at: usize, at: usize) -> Option<(NaiveDate, usize)> {
        let (day, taken) = day_of_month_at(self.words, at)?;
        let ordinals = [first_at, at]
            .iter()
            .all(|&i| self.at(i).chars().any(|c| c.is_alphabetic()));
        let placed = first_at > 0 && matches!(self.at(first_at - 1), "from" | "between");
        let said_last = matches!(
            self.at(at + taken),
            "" | "please" | "pls" | "then" | "too" | "instead" | "by" | "only"
        );
        if !(ordinals || placed) || !said_last {
            return None;
        }
        let mut month_start = self.today.with_day(1)?;
        for _ in 0..12 {
            if let Some(date) =
                NaiveDate::from_ymd_opt(month_start.year(), month_start.month(), day)
                    .filter(|date| *date <= self.today)
            {
                return Some((date, taken));
            }
            month_start = month_start.pred_opt()?.with_day(1)?;
        }
        None
    }

    /// "the first two weeks of November", "the last week of October", "in the second week of
    /// June": those days of the month.
    pub(super) fn weeks_of_month(&self, i: usize) -> Option<Found> {
        let today = self.today;
        let at = i + usize::from(matches!(self.at(i), "in" | "during" | "over" | "for"));
        let at = at + usize::from(self.at(at) == "the");
        let (word, next) = (self.at(at), self.at(at + 1));
        // Which week of the month, counted from its first day ("the third week").
        let nth = match word {
            "first" | "1st" => 1,
            "second" | "2nd" => 2,
            "third" | "3rd" => 3,
            "fourth" | "4th" => 4,
            "last" => 0,
            _ => return None,
        };
        let (weeks, unit_at) = if matches!(next, "week" | "fortnight") {
            (if next == "fortnight" { 2 } else { 1 }, at + 1)
        } else if matches!(nth, 0 | 1) {
            number_at(self.words, at + 1).map_or((0, at), |(n, taken)| (n, at + 1 + taken))
        } else {
            (0, at)
        };
        let month = crate::period::month_number(self.at(unit_at + 2));
        if weeks == 0
            || !matches!(self.at(unit_at), "week" | "weeks" | "fortnight")
            || self.at(unit_at + 1) != "of"
        {
            return None;
        }
        let Some(When::Period(period)) = month.and_then(|month| month_period(month, None, today))
        else {
            return None;
        };
        let range = period.resolve(today);
        let days = u64::from(weeks) * 7;
        let (first, last) = if nth == 0 {
            (
                (range.last - Days::new(days - 1)).max(range.first),
                range.last,
            )
        } else {
            let first = range.first + Days::new(7 * (nth - 1));
            (first, (first + Days::new(days - 1)).min(range.last))
        };
        self.period(Period::Between(first, last), unit_at + 3)
    }
}

impl Reader<'_> {
    /// "the week commencing 2 November", "w/c 2 Nov", "the week of the 2nd": the seven days
    /// from that date ("of": its Monday-to-Sunday week).
    pub(super) fn week_from(&self, i: usize) -> Option<Found> {
        let (word, next, today) = (self.at(i), self.at(i + 1), self.today);
        let week_from = match (word, next) {
            ("week" | "wk", "commencing" | "beginning" | "starting" | "from") => Some((2, false)),
            ("week" | "wk", "of") => Some((2, true)),
            ("w/c" | "wc" | "w/b", _) => Some((1, false)),
            _ => None,
        };
        if let Some((skip, whole_week)) = week_from {
            let at = i + skip;
            // ("the week of 16.11.", "w/c 2/11": a date written with dots or slashes.)
            let written_short = || {
                let word = self.at(at);
                word.contains(['/', '.'])
                    .then(|| self.slash_date(word))
                    .flatten()
                    .map(|date| (date, 1))
            };
            if let Some((date, taken)) = date_at(self.words, at, today).or_else(written_short) {
                let first = if whole_week { monday_of(date) } else { date };
                if first > today {
                    return Some((When::Future, at + taken, None));
                }
                return Some((
                    between(first, first + Days::new(6), today),
                    at + taken,
                    None,
                ));
            }
        }
        None
    }
}
