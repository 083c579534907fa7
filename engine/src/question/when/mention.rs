//! One period named at a word: quarters, the start of a unit, "7d", dates, weekdays,
//! months, seasons, holidays, "since …", "this …", "yesterday", and times to come.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::period::Period;

use super::dates::{
    between, date_at, day, last_of_month, last_weekday, monday_of, month_at, month_period,
    number_at, rolling, this_unit, unit, weekday_of, year_at, Unit,
};
use super::easter::lent_at;
use super::reader::{Found, Reader};
use super::seasons::{
    festive_period_at, holiday_at, holiday_weekend, quarter_period, season_of, season_period,
    southern_named, this_quarter, weekend_of_a_holiday, Season,
};
use super::When;

impl Reader<'_> {
    pub(super) fn mention(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        let next = self.at(i + 1);
        let today = self.today;
        if let Some(found) = self.quarter_of_a_year(i) {
            return Some(found);
        }
        // Relative to another period.
        if let Some(found) = self.relative(i) {
            return Some(found);
        }
        // "last year's Black Friday weekend": that holiday, the year before.
        if word == "last" && matches!(next, "years" | "year") {
            let end_of_last_year = NaiveDate::from_ymd_opt(today.year() - 1, 12, 31)?;
            if holiday_at(self.words, i + 2, end_of_last_year, self.mothering_sunday).is_some() {
                let a_year_back = Reader {
                    today: end_of_last_year,
                    ..*self
                };
                return a_year_back.mention(i + 2);
            }
        }
        if word == "the"
            && (matches!(next, "start" | "beginning" | "begin" | "end")
                || matches!(self.at(i + 2), "quarter" | "qtr"))
        {
            return self.mention(i + 1);
        }
        if let Some(found) = self.week_from(i) {
            return Some(found);
        }
        // "week 46", "wk 45", "KW48" (German "Kalenderwoche"), "cw48": the ISO week of that
        // number (Monday to Sunday), this year's if it has begun, else last year's. ("3 posts
        // a week 2 years ago" and "last week 5 posts" are not week numbers.)
        let glued = ["week", "wk", "kw", "cw"].iter().find_map(|unit| {
            let number = word.strip_prefix(unit)?;
            (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
                .then(|| number.parse::<u32>().ok())
                .flatten()
        });
        if (matches!(word, "week" | "wk" | "kw" | "cw") || glued.is_some())
            && !(i > 0
                && matches!(
                    self.at(i - 1),
                    "last" | "this" | "next" | "a" | "per" | "every" | "each" | "one" | "that"
                ))
        {
            // ("open day week, 24–30 Oct": the days of a week, not its number.)
            let taken = if glued.is_some() { 1 } else { 2 };
            let after = self.at(i + taken);
            let dates_follow = after.parse::<u32>().is_ok()
                || month_at(self.words, i + taken).is_some()
                || matches!(
                    after,
                    "to" | "till" | "until" | "-" | "th" | "st" | "nd" | "rd"
                );
            let number = glued.or_else(|| next.parse::<u32>().ok());
            if let Some(number) = number.filter(|_| !dates_follow) {
                let week_of = |year: i32| NaiveDate::from_isoywd_opt(year, number, Weekday::Mon);
                let monday = week_of(today.iso_week().year())
                    .filter(|monday| *monday <= today)
                    .or_else(|| week_of(today.iso_week().year() - 1));
                if let Some(monday) = monday {
                    return Some((
                        between(monday, monday + Days::new(6), today),
                        i + taken,
                        None,
                    ));
                }
            }
        }
        // "the start of the year", "the beginning of the month"
        if matches!(word, "start" | "beginning" | "begin") && next == "of" {
            let unit_at = i + 2 + usize::from(self.at(i + 2) == "the");
            let first = match self.at(unit_at) {
                "year" => NaiveDate::from_ymd_opt(today.year(), 1, 1),
                "month" => today.with_day(1),
                "week" => Some(monday_of(today)),
                _ => None,
            };
            if let Some(first) = first {
                return self.period(day(first), unit_at + 1);
            }
        }
        // "24h", "48hrs": the days those hours reach back into.
        if let Some(hours) = word
            .strip_suffix("hrs")
            .or_else(|| word.strip_suffix('h'))
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| (1..=240).contains(n))
            // (not a clock: "I bake from 5h", "free at 14h")
            .filter(|n| n % 24 == 0 || i > 0 && matches!(self.at(i - 1), "last" | "past"))
        {
            return self.period(rolling(Unit::Hour, hours)?, i + 1);
        }
        // "7d", "30d", "4w", "3m", "1y"
        if word.len() >= 2 && word.as_bytes()[0].is_ascii_digit() {
            if let Some(period) = Period::parse_argument(word)
                .filter(|p| !matches!(p, Period::Year(_) | Period::Since(_)))
            {
                return self.period(period, i + 1);
            }
        }
        if word == "last" && matches!(next, "night" | "nite") {
            return self.period(Period::Yesterday, i + 2);
        }
        if matches!(word, "this" | "earlier")
            && matches!(next, "morning" | "afternoon" | "evening" | "today")
        {
            return self.period(Period::Today, i + 2);
        }
        // Halves of a month or a year.
        if let Some(found) = self.half(i) {
            return Some(found);
        }
        // "last week Thursday": the Thursday of last week.
        if word == "last" && next == "week" {
            if let Some((weekday, false)) = weekday_of(self.at(i + 2), true) {
                let monday = monday_of(today) - Days::new(7);
                let date = monday + Days::new(u64::from(weekday.num_days_from_monday()));
                // "last week (Mon-Sun)", "last week mon to thu": days of it, from one to
                // the other.
                let to = usize::from(matches!(
                    self.at(i + 3),
                    "to" | "through" | "thru" | "till" | "until"
                ));
                if let Some((until, false)) = weekday_of(self.at(i + 3 + to), true) {
                    let last = monday + Days::new(u64::from(until.num_days_from_monday()));
                    if date == monday && until == Weekday::Sun {
                        return self.period(Period::LastWeek, i + 4 + to);
                    }
                    if last > date {
                        return Some((between(date, last, today), i + 4 + to, None));
                    }
                }
                return self.period(day(date), i + 3);
            }
        }
        // "just yesterday and today": both days (not "yesterday and today's total", nor
        // "compare today and yesterday").
        if matches!(
            (word, next, self.at(i + 2)),
            ("yesterday", "and", "today") | ("today", "and", "yesterday")
        ) && !matches!(self.at(i + 3), "total" | "count" | "number" | "followers")
            && !self
                .words
                .iter()
                .any(|w| w.starts_with("compar") || *w == "difference")
        {
            return self.period(Period::LastDays(2), i + 3);
        }
        // "for the committee meeting tonight": when the meeting is, not the time asked about.
        if word == "tonight" && self.tonight_of_an_event(i) {
            return None;
        }
        match word {
            "today" | "tonight" | "2day" | "todays" => return self.period(Period::Today, i + 1),
            "yesterday" | "yday" | "yesterdays" => return self.period(Period::Yesterday, i + 1),
            "tomorrow" | "tmrw" | "tmr" | "tomorrows" | "tmrws" => {
                return Some((When::Future, i + 1, None))
            }
            "ever" | "lifetime" | "alltime" => return self.period(Period::AllTime, i + 1),
            "ytd" => return self.period(Period::ThisYear, i + 1),
            "mtd" => return self.period(Period::ThisMonth, i + 1),
            "wtd" => return self.period(Period::ThisWeek, i + 1),
            // A report's shorthand: "reach MTD vs LM", "vs LW", "YTD vs LY".
            "lm" => return self.period(Period::LastMonth, i + 1),
            "lw" => return self.period(Period::LastWeek, i + 1),
            "ly" if i > 0 && matches!(self.at(i - 1), "vs" | "v" | "versus") => {
                return self.period(Period::LastYear, i + 1)
            }
            "qtd" => {
                return Some((
                    quarter_period(this_quarter(today), None, today)?,
                    i + 1,
                    None,
                ))
            }
            "upcoming" | "future" => return Some((When::Future, i + 1, None)),
            _ => {}
        }
        if word == "all" && matches!(next, "time" | "times") {
            return self.period(Period::AllTime, i + 2);
        }
        // "all year", "in all the year", "the whole month", "this entire week": this one.
        if matches!(word, "all" | "whole" | "entire") {
            let unit_at = i + 1 + usize::from(next == "the");
            // ("all the year 2025" is 2025.)
            let named_year = year_at(self.words, unit_at + 1).is_some();
            if let Some(period) = this_unit(self.at(unit_at)).filter(|_| !named_year) {
                return self.period(period, unit_at + 1);
            }
        }
        // "my month so far", "the week so far": this one.
        if self.at(i + 1) == "so" && self.at(i + 2) == "far" {
            if let Some(period) = this_unit(word) {
                return self.period(period, i + 3);
            }
        }
        // "my best reel of all the time" (not "I post all the time").
        if word == "all"
            && next == "the"
            && matches!(self.at(i + 2), "time" | "times")
            && i > 0
            && matches!(self.at(i - 1), "of" | "in" | "from" | "for")
        {
            return self.period(Period::AllTime, i + 3);
        }
        // "top post of the week", "best reel of the month" (not "the day of the week", "the
        // recap of the month of October", "du mois d'avril": of the month April)
        if word == "of"
            && next == "the"
            && self.at(i + 3) != "of"
            && crate::period::month_number(self.at(i + 3)).is_none()
            && !matches!(
                self.at(i.saturating_sub(1)),
                "day"
                    | "days"
                    | "time"
                    | "part"
                    | "parts"
                    | "night"
                    | "nights"
                    | "evening"
                    | "morning"
                    | "hour"
            )
            // ("my Sign of the Week reels", "the pic of the day posts": a series' name.)
            && !matches!(
                self.at(i + 3),
                "reel" | "reels" | "post" | "posts" | "photos" | "pics" | "videos" | "carousels"
                    | "series" | "feature" | "features" | "slot" | "spot" | "one" | "ones"
                    // ("and of the week before": the one before the period named.)
                    | "before" | "prior" | "after"
            )
        {
            if let Some(when) = self.this_one_named(self.at(i + 2)) {
                return Some((when, i + 3, None));
            }
        }
        // "my stats for the week", "top 10 for the year": this one (not "for the week
        // before", "for the year 2024").
        if word == "for"
            && next == "the"
            && !matches!(
                self.at(i + 3),
                "before"
                    | "prior"
                    | "after"
                    | "ending"
                    | "ended"
                    | "starting"
                    | "commencing"
                    | "beginning"
                    | "from"
                    | "of"
                    | "to"
                    | "until"
                    | "till"
                    | "through"
                    | "up"
            )
            && year_at(self.words, i + 3).is_none()
            // ("for the month September 2026": that month.)
            && month_at(self.words, i + 3).is_none()
        {
            if let Some(when) = self.this_one_named(self.at(i + 2)) {
                return Some((when, i + 3, None));
            }
        }
        if (word == "day" || word == "the" && next == "day")
            && self.at(i + 1 + usize::from(word == "the")) == "before"
            && self.at(i + 2 + usize::from(word == "the")) == "yesterday"
        {
            let end = i + 3 + usize::from(word == "the");
            return self.period(day(today - Days::new(2)), end);
        }
        // "the week before last", and "in week before last" without its article.
        let the = usize::from(word == "the");
        if self.at(i + the) == "week"
            && self.at(i + the + 1) == "before"
            && self.at(i + the + 2) == "last"
        {
            let monday = monday_of(today) - Days::new(14);
            return self.period(Period::Between(monday, monday + Days::new(6)), i + the + 3);
        }
        if word == "the"
            && next == "weekend"
            && self.at(i + 2) == "before"
            && self.at(i + 3) == "last"
        {
            return Some((self.weekend(2), i + 4, None));
        }
        if word == "the"
            && next == "month"
            && self.at(i + 2) == "before"
            && self.at(i + 3) == "last"
        {
            let first = today.with_day(1)?.checked_sub_months(Months::new(2))?;
            return Some((
                month_period(first.month(), Some(first.year()), today)?,
                i + 4,
                None,
            ));
        }
        if let Some(found) = self.weeks_of_month(i) {
            return Some(found);
        }
        // "year to date", "month-to-date", "week to date": this one so far.
        if next == "to" && self.at(i + 2) == "date" {
            match word {
                "year" => return self.period(Period::ThisYear, i + 3),
                "month" => return self.period(Period::ThisMonth, i + 3),
                "week" => return self.period(Period::ThisWeek, i + 3),
                "quarter" | "qtr" => {
                    let quarter = quarter_period(this_quarter(today), None, today)?;
                    return Some((quarter, i + 3, None));
                }
                _ => {}
            }
        }
        if let Some(found) = self.unit_alone(i) {
            return Some(found);
        }
        if let Some(found) = self.last_n(i) {
            return Some(found);
        }
        if let Some(found) = self.this_one(i) {
            return Some(found);
        }
        // "next week", "coming month", "next monday": not yet.
        if matches!(word, "next" | "coming") {
            let unit_like = unit(next).is_some()
                || next == "weekend"
                || weekday_of(next, true).is_some()
                || season_of(next).is_some()
                || month_at(self.words, i + 1).is_some();
            if unit_like {
                return Some((When::Future, i + 2, None));
            }
        }
        // "3 days ago", "a week ago", "two weeks ago"
        if let Some((n, taken)) = number_at(self.words, i) {
            if let Some(unit) = unit(self.at(i + taken)) {
                if self.at(i + taken + 1) == "ago" {
                    let end = i + taken + 2;
                    let date = match unit {
                        Unit::Hour => today,
                        Unit::Day => today.checked_sub_days(Days::new(u64::from(n)))?,
                        Unit::Week => today.checked_sub_days(Days::new(7 * u64::from(n)))?,
                        Unit::Month => today.checked_sub_months(Months::new(n))?,
                        Unit::Year => today.checked_sub_months(Months::new(12 * n))?,
                        _ => return None,
                    };
                    return self.period(day(date), end);
                }
                // "in 7 days", "over 90 days", "for 2 weeks": the last ones.
                let previous = if i > 0 { self.at(i - 1) } else { "" };
                if matches!(previous, "in" | "over" | "for" | "during" | "within") && n < 1000 {
                    return self.period(rolling(unit, n)?, i + taken + 1);
                }
            }
        }
        if matches!(next, "minutes" | "mins" | "min")
            && self.at(i + 2) == "ago"
            && number_at(self.words, i).is_some()
        {
            return self.period(Period::Today, i + 3);
        }
        // Quarters and halves: "q3", "q3 2025", "2025 q3", "the third quarter".
        if let Some(quarter) = word
            .strip_prefix('q')
            .and_then(|q| q.parse::<u32>().ok())
            .filter(|q| (1..=4).contains(q))
        {
            let (year, taken) = self
                .year_after(i + 1, today)
                .map_or((None, 0), |(year, taken)| (Some(year), taken));
            return Some((quarter_period(quarter, year, today)?, i + 1 + taken, None));
        }
        if let Some(half) = word
            .strip_prefix('h')
            .and_then(|h| h.parse::<u32>().ok())
            .filter(|h| (1..=2).contains(h))
        {
            let (year, taken) = match year_at(self.words, i + 1) {
                Some((year, taken)) => (year, taken),
                None => (today.year(), 0),
            };
            let first = NaiveDate::from_ymd_opt(year, (half - 1) * 6 + 1, 1)?;
            let last = last_of_month(year, half * 6)?;
            return Some((between(first, last, today), i + 1 + taken, None));
        }
        if let Some((festive, end)) =
            festive_period_at(self.words, i, today).or_else(|| lent_at(self.words, i, today))
        {
            if self.holiday_names_a_post(end) {
                return Some((When::Vague, end + 1, None));
            }
            if self.post_for_the_holiday(i) {
                return Some((When::Vague, end, None));
            }
            return Some((festive, end, None));
        }
        // Holidays; before a post ("the halloween reel") they name a post, not a day; "black
        // friday last year" is the one of last year.
        if let Some((date, taken)) = holiday_at(self.words, i, today, self.mothering_sunday) {
            // "tickets for the Christmas show": the show, not the day.
            if self.names_an_event(i, taken) {
                return None;
            }
            // "will I hit 1k by christmas": the one to come.
            let ahead = i > 0
                && matches!(self.at(i - 1), "by" | "until" | "till" | "before")
                && self.words.iter().any(|w| {
                    matches!(*w, "will" | "ill" | "well" | "gonna" | "reckon" | "predict")
                })
                && holiday_at(self.words, i, date + Days::new(366), self.mothering_sunday)
                    .is_some_and(|(next, _)| next > today);
            if ahead {
                return Some((When::Future, i + taken, None));
            }
            // "mothers day 2024": that year's (not "… 2025 vs 2026", each a year).
            let later_year = |from: usize| (from..self.words.len()).any(|k| self.is_bare_year(k));
            let (date, taken) = match self.year_after(i + taken, today) {
                Some((year, more)) if !later_year(i + taken + more) => {
                    let end_of_year = NaiveDate::from_ymd_opt(year, 12, 31)?;
                    let date = holiday_at(self.words, i, end_of_year, self.mothering_sunday)
                        .map_or(date, |(d, _)| d);
                    if date > today {
                        return Some((When::Future, i + taken + more, None));
                    }
                    (date, taken + more)
                }
                _ => (date, taken),
            };
            // "halloween weekend", "diwali week", "over the easter weekend"; "black friday
            // week last year".
            let (date, last_year_said) = self.holiday_week_last_year(i, taken, date);
            let end = i + taken + 1 + if last_year_said { 2 } else { 0 };
            match self.at(i + taken) {
                // ("the august bank holiday weekend": a Monday's weekend runs to it; "the
                // black friday weekend": a Friday's runs from it.)
                "weekend" => {
                    let (first, last) = holiday_weekend(date);
                    return Some((between(first, last, today), end, None));
                }
                "week" => {
                    let monday = monday_of(date);
                    return Some((between(monday, monday + Days::new(6), today), end, None));
                }
                _ => {}
            }
            let named_post = self.holiday_names_a_post(i + taken);
            if named_post || self.post_for_the_holiday(i) {
                // ("what should we post for the 4th of july sale": planned for it, no time
                // asked about.)
                let end = i + taken + usize::from(named_post);
                let planned_for = (1..=2).any(|back| i >= back && self.at(i - back) == "for");
                if planned_for && self.words.contains(&"should") {
                    return Some((When::Future, end, None));
                }
                return Some((When::Vague, end, None));
            }
            return self.period(day(date), i + taken);
        }
        // "early october", "mid march": not a date Pulse can place.
        if matches!(word, "early" | "mid" | "late" | "end") && month_at(self.words, i + 1).is_some()
        {
            return Some((When::Vague, i + 2, None));
        }
        // "15/9", "21/09/2026", "9/21": a date when a part above 12 says which is the day;
        // "3/4" is read as the chat's zone writes dates, and asked about where not known.
        let dotted_date = word.contains('.')
            && (2..=3).contains(&word.split('.').count())
            && word.split('.').all(|part| {
                !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit())
            })
            // (not a rate: "is 4.5 good", "3.2%"; "since 1.1." is a date)
            && (word.split('.').any(|part| part.len() >= 2)
                || (i > 0
                    && self.at(i - 1) == "since"
                    && !matches!(next, "to" | "till" | "until"))
                // ("from 1.9. until 15.9.": the range's other end is a date; not "from 1.5
                // to 2.5")
                || (i > 1
                    && matches!(self.at(i - 1), "from" | "between")
                    // (not "my ER went from 3.2 to 10.1")
                    && !matches!(self.at(i - 2), "went" | "go" | "grew" | "rose" | "fell" | "dropped")
                    && matches!(next, "to" | "till" | "until" | "and")
                    && self.at(i + 2).split('.').count() >= 2
                    && self.at(i + 2).split('.').any(|part| part.len() == 2)))
            && word
                .split('.')
                .nth(1)
                .and_then(|month| month.parse::<u32>().ok())
                .is_some_and(|month| (1..=12).contains(&month))
            && !matches!(next, "%" | "percent" | "per" | "k");
        if word.contains('/') || dotted_date {
            return Some(match self.slash_date(word) {
                Some(date) if date > today => (When::Future, i + 1, None),
                Some(date) => (When::Period(day(date)), i + 1, None),
                None => (When::Vague, i + 1, None),
            });
        }
        // "the start of october", "the beginning of the year", "the end of october"
        if matches!(word, "start" | "beginning" | "begin" | "end")
            && next == "of"
            && !(word == "end" && self.at(i + 2) == "the" && self.at(i + 3) == "year")
        {
            let inner = self.mention(i + 2 + usize::from(self.at(i + 2) == "the"))?;
            let When::Period(period) = inner.0 else {
                return None;
            };
            let range = period.resolve(today);
            let date = if word == "end" {
                range.last
            } else {
                range.first
            };
            return self.period(day(date), inner.1);
        }
        if let Some((date, taken)) = date_at(self.words, i, today) {
            if date > today {
                return Some((When::Future, i + taken, None));
            }
            return self.period(day(date), i + taken);
        }
        // Weekdays: a day ("on monday"), or days to compare ("mondays", "monday posts").
        let loose = i > 0
            && matches!(
                self.at(i - 1),
                "on" | "last"
                    | "since"
                    | "from"
                    | "till"
                    | "to"
                    | "until"
                    | "this"
                    | "past"
                    | "between"
                    | "and"
            )
            // ("on Saturday and the Sunday")
            || (i > 1 && self.at(i - 1) == "the" && matches!(self.at(i - 2), "and" | "on"))
            // "reach fri", "sat?": a short day last in a clipped ask ("in the sun", "we
            // sat" are no days).
            || (i + 1 == self.words.len()
                && !matches!(
                    self.at(i.wrapping_sub(1)),
                    "the" | "a" | "in" | "i" | "we" | "they" | "he" | "she" | "you" | "of" | "under"
                ));
        // "for the Monday meeting", "our Friday market": an event held on that day, not
        // a day asked about.
        // ("for the committee meeting on Monday": when the meeting is, not a day asked about;
        // not "meeting" said of a post.)
        let event_held_on = i >= 2
            && self.at(i - 1) == "on"
            && matches!(
                self.at(i - 2),
                "meeting" | "meetings" | "briefing" | "rehearsal" | "agm" | "presentation"
            );
        if event_held_on {
            return None;
        }
        // "I have day off only Monday and Thursday", "I'm free on Tuesdays": when the asker
        // can post, told.
        // ("anyone asking 'is this still available' since friday": since then.)
        let free_day = weekday_of(word, loose).is_some()
            && !matches!(self.at(i.saturating_sub(1)), "since" | "from")
            && (i.saturating_sub(4)..i).any(|at| {
                matches!(self.at(at), "free" | "available")
                    || (matches!(self.at(at), "day" | "days" | "im" | "i'm")
                        && self.at(at + 1) == "off")
            });
        if free_day || self.names_a_weekly_theme(i) {
            return None;
        }
        // ("our Wednesday evening posting slot": when the slot is.)
        let next = if matches!(next, "morning" | "afternoon" | "evening" | "night")
            && matches!(self.at(i + 2), "posting" | "slot" | "slots")
        {
            "slot"
        } else {
            next
        };
        let event = (weekday_of(word, loose).is_some() && self.names_an_event(i, 1))
            || matches!(
                next,
                "slot"
                    | "meeting"
                    | "meetings"
                    | "briefing"
                    | "huddle"
                    | "standup"
                    | "class"
                    | "classes"
                    | "session"
                    | "sessions"
                    | "market"
                    | "markets"
                    | "club"
                    | "quiz"
                    | "rehearsal"
                    | "practice"
                    | "service"
                    | "lesson"
                    | "lessons"
                    | "shift"
                    | "rota"
                    | "special"
                    | "specials"
            ) && i > 0
                && matches!(
                    self.at(i - 1),
                    "the" | "our" | "my" | "a" | "every" | "each" | "weekly"
                );
        if event {
            return None;
        }
        if let Some((weekday, _plural)) = weekday_of(word, loose) {
            // "the saturday before last": the one a week before the last.
            if next == "before" && self.at(i + 2) == "last" {
                return Some((
                    When::Period(day(last_weekday(weekday, today) - Days::new(7))),
                    i + 3,
                    Some(weekday),
                ));
            }
            // "monday night": the day.
            let end = i
                + 1
                + usize::from(matches!(
                    next,
                    "morning" | "afternoon" | "evening" | "night"
                ));
            return Some((
                When::Period(day(last_weekday(weekday, today))),
                end,
                Some(weekday),
            ));
        }
        // "the weekend", "over the weekend", "weekend"
        if word == "weekend" {
            if let Some((weekend, end)) =
                weekend_of_a_holiday(self.words, i, today, self.mothering_sunday)
            {
                return Some((weekend, end, None));
            }
            if self.weekend_of_an_event(i) {
                return None;
            }
            return Some((self.weekend_at(i, 1), i + 1, None));
        }
        // Seasons, with an optional year ("fall" only where a season is expected: it is
        // also a verb).
        let fall = word == "fall"
            && i > 0
            && matches!(
                self.at(i - 1),
                "the"
                    | "this"
                    | "last"
                    | "in"
                    | "over"
                    | "during"
                    | "since"
                    | "from"
                    | "to"
                    | "and"
            );
        let season = if fall {
            Some(Season::Autumn)
        } else {
            season_of(word)
        };
        if let Some(season) = season {
            // "the autumn reef one", "my summer collection post": a post, not a time.
            let post_word = super::seasons::names_a_seasonal_thing;
            let asking = |word: &str| {
                matches!(
                    word,
                    "which"
                        | "what"
                        | "how"
                        | "when"
                        | "is"
                        | "was"
                        | "did"
                        | "do"
                        | "and"
                        | "i"
                        | "my"
                        | "our"
                        | "the"
                        | "a"
                )
            };
            // ("I did a little series of spring lambs that day": lambs of spring.)
            let next = self.at(i + 1);
            let things_of_it = next.len() > 3
                && next.ends_with('s')
                && super::events::own_word(next)
                && !matches!(
                    next,
                    "thats" | "whats" | "heres" | "theres" | "lets" | "hers"
                )
                && i > 1
                && self.at(i - 1) == "of"
                // (pictures of it: not "likes of summer giveaways", the season's posts)
                && matches!(
                    self.at(i - 2),
                    "series" | "photos" | "pictures" | "pics" | "paintings" | "drawings" | "shots"
                );
            if things_of_it {
                return None;
            }
            let names_a_post = (post_word(self.at(i + 1))
                || (post_word(self.at(i + 2)) && !asking(self.at(i + 1))))
                && matches!(self.at(i.saturating_sub(1)), "the" | "my" | "our" | "that");
            if names_a_post {
                // ("during the spring retreat promo": the time of an event, not the season.)
                let event_time = i >= 2
                    && matches!(
                        self.at(i - 2),
                        "during" | "throughout" | "around" | "since" | "over"
                    );
                return event_time.then_some((When::Vague, i + 1, None));
            }
            // "going into winter", "heading into summer": the one to come.
            if i > 0 && self.at(i - 1) == "into" {
                return Some((When::Future, i + 1, None));
            }
            if let Some(after) = southern_named(self.words, i) {
                let season = season_period(season, None, false, true, today)?;
                return Some((season, i + 1 + after, None));
            }
            // "summer 2025", "the summer of 2025", "summer last year", "the summer of last year"
            let (year, taken) = self
                .year_after(i + 1, today)
                .map_or((None, 0), |(year, taken)| (Some(year), taken));
            return Some((
                season_period(season, year, false, self.southern, today)?,
                i + 1 + taken,
                None,
            ));
        }
        // Months, with an optional year: "october", "oct 2025", "november last year".
        if let Some(month) = month_at(self.words, i) {
            // "before the January deadline", "for our October newsletter": an event.
            if self.names_an_event(i, 1) {
                return None;
            }
            // "march of 2025", "november last year", "march of last year"
            if let Some((year, taken)) = self.year_after(i + 1, today) {
                return Some((month_period(month, Some(year), today)?, i + 1 + taken, None));
            }
            // ("last August", said in August: a year ago.)
            let a_year_ago = month == today.month()
                && i > 0
                && matches!(self.at(i - 1), "last" | "previous" | "prior");
            let year = a_year_ago.then(|| today.year() - 1);
            return Some((month_period(month, year, today)?, i + 1, None));
        }
        // Years: "2025", "twenty twenty five", "last year" (above), "2027" (not yet).
        if let Some((year, taken)) = year_at(self.words, i) {
            let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
            let end = i + taken + usize::from(self.at(i + taken) == "year");
            return Some((between(first, last, today), end, None));
        }
        None
    }
}
