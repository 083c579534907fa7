//! Periods as people say them ("last 7 days", "last week", "in March"), resolved to dates.
//!
//! A [`Period`] is what was asked; [`Period::resolve`] turns it into an inclusive
//! [`DateRange`] of local dates for a given "today" in the chat's time zone. Weeks start on
//! Monday. No period means [`Period::DEFAULT`], the last 30 days.

use std::fmt;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use chrono_tz::Tz;

/// What period was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Today so far.
    Today,
    /// Yesterday.
    Yesterday,
    /// Monday of this week to today.
    ThisWeek,
    /// Last Monday to Sunday.
    LastWeek,
    /// The 1st of this month to today.
    ThisMonth,
    /// The whole previous month.
    LastMonth,
    /// January 1st to today.
    ThisYear,
    /// The whole previous calendar year.
    LastYear,
    /// The last `n` days, today included.
    LastDays(u32),
    /// The last `n` calendar months, ending today.
    LastMonths(u32),
    /// The most recent month with this number (1–12) that has started; with a year, that one.
    Month {
        /// 1–12.
        month: u32,
        /// A given year, or the most recent.
        year: Option<i32>,
    },
    /// A calendar year.
    Year(i32),
    /// From a date to today.
    Since(NaiveDate),
    /// Between two dates, both included.
    Between(NaiveDate, NaiveDate),
    /// Everything Pulse has.
    AllTime,
}

/// An inclusive range of local dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// The first day.
    pub first: NaiveDate,
    /// The last day (included).
    pub last: NaiveDate,
}

impl DateRange {
    /// Whether `date` is in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// How many days the range covers.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// The same range as instants: from local midnight of the first day to local midnight
    /// after the last, in `timezone`. Testing an instant against it gives the same answer as
    /// converting the instant to a local date and calling [`DateRange::contains`], without a
    /// time-zone conversion per item — what scans over 200,000 comments need.
    pub fn instants(&self, timezone: Tz) -> InstantRange {
        InstantRange {
            start: local_midnight(self.first, timezone),
            end: local_midnight(self.last.succ_opt().unwrap_or(self.last), timezone),
        }
    }

    /// The range of the same length just before this one.
    pub fn previous(&self) -> DateRange {
        let last = self.first.pred_opt().unwrap_or(self.first);
        let first = last
            .checked_sub_days(Days::new((self.days() - 1).max(0) as u64))
            .unwrap_or(last);
        DateRange { first, last }
    }
}

/// A half-open range of instants `[start, end)`, made by [`DateRange::instants`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstantRange {
    /// The first instant in the range.
    pub start: DateTime<Utc>,
    /// The first instant after the range.
    pub end: DateTime<Utc>,
}

impl InstantRange {
    /// Whether `instant` is in the range.
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.start <= instant && instant < self.end
    }
}

/// The first instant of `date` in `timezone`. Where a clock change skips midnight (as in
/// Santiago or Havana), the day starts at the first local minute that exists.
fn local_midnight(date: NaiveDate, timezone: Tz) -> DateTime<Utc> {
    crate::local_time::daily_at(date, chrono::NaiveTime::MIN, timezone)
}

/// The day Instagram launched: nothing Pulse can know about is older.
pub const INSTAGRAM_LAUNCH: NaiveDate = match NaiveDate::from_ymd_opt(2010, 10, 6) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

fn day_text(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            f.write_str(&day_text(self.first))
        } else {
            write!(f, "{} – {}", day_text(self.first), day_text(self.last))
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The English name of month `month` (1–12), lower-case.
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month as usize).clamp(1, 12) - 1]
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn end_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// The month number of a month name or its first three letters (`"mar"`, `"March"`).
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|name| name.starts_with(word.as_str()))
        .map(|index| index as u32 + 1)
}

/// A name for a range of dates when it has one ("Thursday", "October 2026", "Q3 2026",
/// "2025", "the weekend"); otherwise empty, and the dates say it.
fn describe_range(first: NaiveDate, last: NaiveDate) -> String {
    use chrono::Weekday;
    if first == last {
        return first.format("%A").to_string();
    }
    if first.weekday() == Weekday::Sat && last == first + Days::new(1) {
        return "the weekend".into();
    }
    if first.weekday() == Weekday::Mon && last == first + Days::new(6) {
        return format!("the week of {}", first.format("%-d %b"));
    }
    let whole_months = first.day() == 1 && last == end_of_month(last);
    if whole_months && first.year() == last.year() {
        if first.month() == 1 && last.month() == 12 {
            return first.year().to_string();
        }
        if first.month() == last.month() {
            return format!(
                "{} {}",
                capitalised(month_name(first.month())),
                first.year()
            );
        }
        if first.month() % 3 == 1 && last.month() == first.month() + 2 {
            return format!("Q{} {}", first.month() / 3 + 1, first.year());
        }
    }
    String::new()
}

impl Period {
    /// No period given: the last 30 days.
    pub const DEFAULT: Period = Period::LastDays(30);

    /// Parses the short form used in commands: `7d`, `4w`, `3m`, `1y`, `today`, `yesterday`,
    /// `week`, `last-week`, `month`, `last-month`, `year`, `all`, `2025`, `march`,
    /// `2026-01-01..2026-01-31`.
    pub fn parse_argument(text: &str) -> Option<Period> {
        let text = text.trim().to_ascii_lowercase().replace('_', "-");
        let named = match text.as_str() {
            "today" => Some(Period::Today),
            "yesterday" => Some(Period::Yesterday),
            "week" | "this-week" => Some(Period::ThisWeek),
            "last-week" => Some(Period::LastWeek),
            "month" | "this-month" => Some(Period::ThisMonth),
            "last-month" => Some(Period::LastMonth),
            "year" | "this-year" => Some(Period::ThisYear),
            "last-year" => Some(Period::LastYear),
            "all" | "all-time" | "ever" => Some(Period::AllTime),
            "fortnight" => Some(Period::LastDays(14)),
            _ => None,
        };
        if named.is_some() {
            return named;
        }
        if let Some((first, last)) = text.split_once("..") {
            let first = NaiveDate::parse_from_str(first, "%Y-%m-%d").ok()?;
            let last = NaiveDate::parse_from_str(last, "%Y-%m-%d").ok()?;
            return (first <= last).then_some(Period::Between(first, last));
        }
        if let Ok(date) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            return Some(Period::Since(date));
        }
        if let Ok(year) = text.parse::<i32>() {
            return (2010..=2100).contains(&year).then_some(Period::Year(year));
        }
        if let Some(month) = month_number(&text) {
            return Some(Period::Month { month, year: None });
        }
        let split = text.find(|c: char| !c.is_ascii_digit())?;
        let (number, unit) = text.split_at(split);
        let count: u32 = number.parse().ok()?;
        if count == 0 || count > 3660 {
            return None;
        }
        match unit {
            "d" | "day" | "days" => Some(Period::LastDays(count)),
            "w" | "week" | "weeks" => Some(Period::LastDays(count.checked_mul(7)?)),
            "m" | "mo" | "month" | "months" => Some(Period::LastMonths(count)),
            "y" | "year" | "years" => Some(Period::LastMonths(count.checked_mul(12)?)),
            _ => None,
        }
    }

    /// Whether this period is a single day when it is `today`.
    pub fn is_one_day(&self, today: NaiveDate) -> bool {
        self.resolve(today).days() == 1
    }

    /// The dates this period covers when it is `today` in the chat's time zone.
    pub fn resolve(&self, today: NaiveDate) -> DateRange {
        let days_back = |n: u64| {
            today
                .checked_sub_days(Days::new(n))
                .unwrap_or(INSTAGRAM_LAUNCH)
        };
        let monday = days_back(u64::from(today.weekday().num_days_from_monday()));
        let first_of_month = today.with_day(1).unwrap_or(today);
        let range = |first: NaiveDate, last: NaiveDate| DateRange { first, last };
        match *self {
            Period::Today => range(today, today),
            Period::Yesterday => range(days_back(1), days_back(1)),
            Period::ThisWeek => range(monday, today),
            Period::LastWeek => {
                let last_monday = monday.checked_sub_days(Days::new(7)).unwrap_or(monday);
                range(last_monday, monday.pred_opt().unwrap_or(monday))
            }
            Period::ThisMonth => range(first_of_month, today),
            Period::LastMonth => {
                let last = first_of_month.pred_opt().unwrap_or(first_of_month);
                range(last.with_day(1).unwrap_or(last), last)
            }
            Period::ThisYear => range(
                NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
                today,
            ),
            Period::LastYear => range(
                NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today),
                NaiveDate::from_ymd_opt(today.year() - 1, 12, 31).unwrap_or(today),
            ),
            Period::LastDays(n) => range(days_back(u64::from(n.max(1)) - 1), today),
            Period::LastMonths(n) => {
                let first = today
                    .checked_sub_months(Months::new(n.max(1)))
                    .and_then(|d| d.succ_opt())
                    .unwrap_or(INSTAGRAM_LAUNCH);
                range(first, today)
            }
            Period::Month { month, year } => {
                let year = year.unwrap_or(if month <= today.month() {
                    today.year()
                } else {
                    today.year() - 1
                });
                let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(today);
                let last = first
                    .checked_add_months(Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(first);
                range(first, last.min(today.max(first)))
            }
            Period::Year(year) => {
                let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
                let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
                range(first, last)
            }
            Period::Since(date) => range(date.min(today), today),
            Period::Between(first, last) => range(first, last),
            Period::AllTime => range(INSTAGRAM_LAUNCH, today),
        }
    }

    /// The dates this period covers for an account whose history starts on `first_day`
    /// ([`crate::analytics::first_day`]): as [`Period::resolve`], but all time starts on that
    /// day, not on the day Instagram launched (and is just today when nothing is stored).
    pub fn resolve_from(&self, today: NaiveDate, first_day: Option<NaiveDate>) -> DateRange {
        match self {
            Period::AllTime => DateRange {
                first: first_day.unwrap_or(today).min(today),
                last: today,
            },
            other => other.resolve(today),
        }
    }

    /// The period just before this one, for a comparison or "the week before": the whole
    /// previous week, month, quarter or year for a calendar period (also one that is not
    /// over yet: this quarter → last quarter), the day or weekend before, otherwise as many
    /// days again just before it.
    pub fn before(&self, today: NaiveDate) -> Period {
        let range = self.resolve(today);
        let day = |date: NaiveDate| Period::Between(date, date);
        match *self {
            Period::Today => Period::Yesterday,
            Period::ThisWeek => Period::LastWeek,
            Period::ThisMonth => Period::LastMonth,
            Period::ThisYear => Period::LastYear,
            Period::AllTime => Period::AllTime,
            // (The last 7 days on the 7th start on the 1st, but are no month begun.)
            Period::LastDays(_) => {
                let previous = range.previous();
                Period::Between(previous.first, previous.last)
            }
            _ => {
                let (first, last) = (range.first, range.last);
                if first == last {
                    return day(first.pred_opt().unwrap_or(first));
                }
                // (A long weekend, Friday to Sunday, is a weekend too.)
                let weekend_or_week = (first.weekday() == chrono::Weekday::Sat
                    && last == first + Days::new(1))
                    || (first.weekday() == chrono::Weekday::Fri && last == first + Days::new(2))
                    || (first.weekday() == chrono::Weekday::Mon && last == first + Days::new(6));
                if weekend_or_week {
                    return Period::Between(first - Days::new(7), last - Days::new(7));
                }
                // Whole calendar months (a month, a quarter, a season, a year), or the start
                // of one up to today: as many whole months before.
                let partial = last == today && first.day() == 1;
                if first.day() == 1 && (last == end_of_month(last) || partial) {
                    let months = if partial && first.month() == 1 && first.year() == last.year() {
                        12
                    } else if partial
                        && first.year() == last.year()
                        && first.month() % 3 == 1
                        && last.month().saturating_sub(first.month()) < 3
                    {
                        3
                    } else {
                        (last.year() - first.year()) as u32 * 12 + last.month() + 1 - first.month()
                    };
                    let start = first
                        .checked_sub_months(Months::new(months))
                        .unwrap_or(first);
                    let end = first.pred_opt().unwrap_or(first);
                    return Period::Between(start, end);
                }
                let previous = range.previous();
                Period::Between(previous.first, previous.last)
            }
        }
    }

    /// The same dates `days` earlier ("the same day last week").
    pub fn days_earlier(&self, days: u64, today: NaiveDate) -> Period {
        let range = self.resolve(today);
        Period::Between(
            range
                .first
                .checked_sub_days(Days::new(days))
                .unwrap_or(range.first),
            range
                .last
                .checked_sub_days(Days::new(days))
                .unwrap_or(range.last),
        )
    }

    /// The same dates a year earlier ("the same period last year").
    pub fn year_earlier(&self, today: NaiveDate) -> Period {
        self.months_earlier(12, today)
    }

    /// The same dates `months` earlier ("the same days last month").
    pub fn months_earlier(&self, months: u32, today: NaiveDate) -> Period {
        let range = self.resolve(today);
        let back = |date: NaiveDate| date.checked_sub_months(Months::new(months)).unwrap_or(date);
        Period::Between(back(range.first), back(range.last))
    }

    /// The period as text that [`Period::from_label`] reads back: `today`, `30d`, `3m`,
    /// `last-week`, `2026-03-04`, `2026-10-01..2026-10-31`, `2026-10-01..` (since), `all`.
    pub fn label(&self) -> String {
        match self {
            Period::Today => "today".into(),
            Period::Yesterday => "yesterday".into(),
            Period::ThisWeek => "week".into(),
            Period::LastWeek => "last-week".into(),
            Period::ThisMonth => "month".into(),
            Period::LastMonth => "last-month".into(),
            Period::ThisYear => "year".into(),
            Period::LastYear => "last-year".into(),
            Period::LastDays(n) => format!("{n}d"),
            Period::LastMonths(n) => format!("{n}m"),
            Period::Month { month, year: None } => month_name(*month).into(),
            Period::Month {
                month,
                year: Some(year),
            } => format!("{year}-{month:02}"),
            Period::Year(year) => year.to_string(),
            Period::Since(date) => format!("{date}.."),
            Period::Between(first, last) if first == last => first.to_string(),
            Period::Between(first, last) => format!("{first}..{last}"),
            Period::AllTime => "all".into(),
        }
    }

    /// Reads the text of [`Period::label`].
    pub fn from_label(text: &str) -> Option<Period> {
        let named = match text {
            "today" => Period::Today,
            "yesterday" => Period::Yesterday,
            "week" => Period::ThisWeek,
            "last-week" => Period::LastWeek,
            "month" => Period::ThisMonth,
            "last-month" => Period::LastMonth,
            "year" => Period::ThisYear,
            "last-year" => Period::LastYear,
            "all" => Period::AllTime,
            _ => {
                let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
                if let Some((first, last)) = text.split_once("..") {
                    let first = date(first)?;
                    return if last.is_empty() {
                        Some(Period::Since(first))
                    } else {
                        let last = date(last)?;
                        (first <= last).then_some(Period::Between(first, last))
                    };
                }
                if let Some(day) = date(text) {
                    return Some(Period::Between(day, day));
                }
                if let Some((year, month)) = text.split_once('-') {
                    let (year, month) = (year.parse().ok()?, month.parse().ok()?);
                    return (1..=12).contains(&month).then_some(Period::Month {
                        month,
                        year: Some(year),
                    });
                }
                if let Ok(year) = text.parse::<i32>() {
                    return (1990..=2100).contains(&year).then_some(Period::Year(year));
                }
                if let Some(month) = MONTHS.iter().position(|m| *m == text) {
                    return Some(Period::Month {
                        month: month as u32 + 1,
                        year: None,
                    });
                }
                let (number, unit) = text.split_at(text.len().checked_sub(1)?);
                let n: u32 = number.parse().ok().filter(|n| (1..=3660).contains(n))?;
                return match unit {
                    "d" => Some(Period::LastDays(n)),
                    "m" => Some(Period::LastMonths(n)),
                    _ => None,
                };
            }
        };
        Some(named)
    }

    /// "last 7 days (12 Nov 2026 – 18 Nov 2026)", or just the dates when the period has no
    /// better name.
    pub fn heading(&self, range: DateRange) -> String {
        let name = self.describe();
        if name.is_empty() {
            range.to_string()
        } else {
            format!("{name} ({range})")
        }
    }

    /// How the period reads in an answer ("last 30 days").
    pub fn describe(&self) -> String {
        match self {
            Period::Today => "today".into(),
            Period::Yesterday => "yesterday".into(),
            Period::ThisWeek => "this week".into(),
            Period::LastWeek => "last week".into(),
            Period::ThisMonth => "this month".into(),
            Period::LastMonth => "last month".into(),
            Period::ThisYear => "this year".into(),
            Period::LastYear => "last year".into(),
            Period::LastDays(1) => "the last day".into(),
            Period::LastDays(n) => {
                format!("the last {}", prompts::count(u64::from(*n), "day", "days"))
            }
            Period::LastMonths(1) => "the last month".into(),
            Period::LastMonths(n) => {
                format!(
                    "the last {}",
                    prompts::count(u64::from(*n), "month", "months")
                )
            }
            Period::Month { month, year } => match year {
                Some(year) => format!("{} {year}", capitalised(month_name(*month))),
                None => capitalised(month_name(*month)),
            },
            Period::Year(year) => year.to_string(),
            Period::Since(date) => format!("since {}", day_text(*date)),
            Period::Between(first, last) => describe_range(*first, *last),
            Period::AllTime => "all time".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    // 2026-11-23 is a Monday.
    const TODAY: (i32, u32, u32) = (2026, 11, 23);

    fn resolve(text: &str) -> (NaiveDate, NaiveDate) {
        let range = Period::parse_argument(text)
            .unwrap_or_else(|| panic!("{text} should parse"))
            .resolve(date(TODAY.0, TODAY.1, TODAY.2));
        (range.first, range.last)
    }

    #[test]
    fn arguments_resolve_to_the_expected_dates() {
        let today = date(2026, 11, 23);
        assert_eq!(resolve("7d"), (date(2026, 11, 17), today));
        assert_eq!(resolve("30d"), (date(2026, 10, 25), today));
        assert_eq!(resolve("2w"), (date(2026, 11, 10), today));
        assert_eq!(resolve("fortnight"), (date(2026, 11, 10), today));
        assert_eq!(resolve("3m"), (date(2026, 8, 24), today));
        assert_eq!(resolve("1y"), (date(2025, 11, 24), today));
        assert_eq!(resolve("today"), (today, today));
        assert_eq!(
            resolve("yesterday"),
            (date(2026, 11, 22), date(2026, 11, 22))
        );
        assert_eq!(resolve("week"), (today, today), "Monday starts the week");
        assert_eq!(
            resolve("last-week"),
            (date(2026, 11, 16), date(2026, 11, 22))
        );
        assert_eq!(resolve("month"), (date(2026, 11, 1), today));
        assert_eq!(
            resolve("last_month"),
            (date(2026, 10, 1), date(2026, 10, 31))
        );
        assert_eq!(resolve("year"), (date(2026, 1, 1), today));
        assert_eq!(resolve("2025"), (date(2025, 1, 1), date(2025, 12, 31)));
        assert_eq!(resolve("october"), (date(2026, 10, 1), date(2026, 10, 31)));
        assert_eq!(
            resolve("Dec"),
            (date(2025, 12, 1), date(2025, 12, 31)),
            "most recent December"
        );
        assert_eq!(
            resolve("nov"),
            (date(2026, 11, 1), today),
            "this month so far"
        );
        assert_eq!(
            resolve("2026-02-01..2026-02-28"),
            (date(2026, 2, 1), date(2026, 2, 28))
        );
        assert_eq!(resolve("2026-11-01"), (date(2026, 11, 1), today));
        assert_eq!(resolve("all").0, INSTAGRAM_LAUNCH);
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "0d",
            "-3d",
            "7x",
            "d",
            "9999999d",
            "2026-13-01",
            "2026-02-02..2026-02-01",
            "1800",
            "ma",
        ] {
            assert_eq!(Period::parse_argument(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn previous_range_has_the_same_length() {
        let range = Period::LastDays(7).resolve(date(2026, 11, 23));
        let previous = range.previous();
        assert_eq!(
            (previous.first, previous.last),
            (date(2026, 11, 10), date(2026, 11, 16))
        );
        assert_eq!(range.days(), 7);
        assert_eq!(range.to_string(), "17 Nov 2026 – 23 Nov 2026");
    }

    /// Every 15 minutes of 2026, in zones with a skipped midnight (Santiago, Havana), a
    /// half-hour shift (Lord Howe), no shift (Kolkata) and the usual one (London): an instant is
    /// in a day's instant range exactly when its local date is that day.
    #[test]
    fn instant_ranges_agree_with_local_dates_across_clock_changes() {
        let zones: [Tz; 5] = [
            chrono_tz::America::Santiago,
            chrono_tz::America::Havana,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Europe::London,
        ];
        for zone in zones {
            let mut instant = date(2025, 12, 31)
                .and_time(chrono::NaiveTime::MIN)
                .and_utc();
            let end = date(2027, 1, 2).and_time(chrono::NaiveTime::MIN).and_utc();
            let mut checked = 0;
            while instant < end {
                let local = instant.with_timezone(&zone).date_naive();
                for day in [local.pred_opt().unwrap(), local, local.succ_opt().unwrap()] {
                    let range = DateRange {
                        first: day,
                        last: day,
                    };
                    assert_eq!(
                        range.instants(zone).contains(instant),
                        range.contains(local),
                        "{zone} {instant} on {day}"
                    );
                }
                checked += 1;
                instant += chrono::Duration::minutes(15);
            }
            assert!(checked > 35_000);
        }
        // Santiago skips midnight on 6 Sep 2026: the day starts at 01:00 local (04:00 UTC).
        let start = DateRange {
            first: date(2026, 9, 6),
            last: date(2026, 9, 6),
        }
        .instants(chrono_tz::America::Santiago)
        .start;
        assert_eq!(
            start,
            date(2026, 9, 6).and_hms_opt(4, 0, 0).unwrap().and_utc()
        );
    }

    #[test]
    fn the_days_before_a_rolling_window_are_as_many_days_again() {
        // On 7 April the last seven days start on the 1st; they are still no month begun.
        let today = date(2026, 4, 7);
        let before = Period::LastDays(7).before(today).resolve(today);
        assert_eq!(
            (before.first, before.last),
            (date(2026, 3, 25), date(2026, 3, 31))
        );
    }
}
