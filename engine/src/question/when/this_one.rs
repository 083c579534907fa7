//! "This" one of a unit as people name it: "this week", "this fortnight", "this weekend",
//! "so far this month", and a unit written alone after what it counts ("saves wk", "fols
//! gained wk", "top 5 posts mo by ER").

use chrono::{Datelike, Days, Weekday};

use crate::period::Period;

use super::dates::{day, monday_of, month_period, number_at, rolling, this_unit, unit, weekday_of};
use super::reader::{Found, Reader};
use super::seasons::{quarter_period, season_of, season_period, this_quarter, Season};
use super::When;

impl Reader<'_> {
    /// The week, month, year or quarter under way, named by its unit after "of the" or "for
    /// the" ("top reel of the quarter").
    pub(super) fn this_one_named(&self, word: &str) -> Option<When> {
        match word {
            "quarter" | "qtr" => quarter_period(this_quarter(self.today), None, self.today),
            _ => this_unit(word).map(When::Period),
        }
    }

    /// "so far this year", and a unit alone after the figure it is for.
    pub(super) fn unit_alone(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        let next = self.at(i + 1);
        // "so far this year", "so far this month"
        if word == "so" && next == "far" && self.at(i + 2) == "this" {
            let period = match self.at(i + 3) {
                "year" => Period::ThisYear,
                "month" => Period::ThisMonth,
                "week" => Period::ThisWeek,
                _ => return None,
            };
            return self.period(period, i + 4);
        }
        // "saves wk", "reach month?", "best post wk", or "wk" alone after a figure: a note's
        // unit, right after the figure and last, is this one ("likes wk vs last": and set
        // against the one before).
        if (i == 0
            || matches!(
                self.at(i - 1),
                "post"
                    | "reel"
                    | "video"
                    | "photo"
                    | "carousel"
                    | "likes"
                    | "saves"
                    | "reach"
                    | "views"
                    | "comments"
                    | "shares"
                    | "followers"
                    | "er"
                    | "engagement"
                    | "impressions"
                    | "interactions"
                    | "posts"
            ))
            && (matches!(self.at(i + 1), "" | "please" | "pls" | "plz")
                || (matches!(self.at(i + 1), "vs" | "versus" | "v")
                    && matches!(self.at(i + 2), "last" | "previous" | "prev" | "before")))
        {
            if let Some(period) = this_unit(word) {
                return self.period(period, i + 1);
            }
        }
        // "in month this", "the 3 last months", "3 months last", "in month 10": periods in
        // the word order of other languages.
        if matches!(word, "week" | "month" | "year")
            && next == "this"
            && matches!(
                self.at(i + 2),
                "" | "please" | "pls" | "and" | "vs" | "versus" | "compared" | "compare" | "how"
            )
        {
            return self.period(this_unit(word)?, i + 2);
        }
        // "how many posts in the fortnight": the last fourteen days (not "in the fortnight
        // before Christmas").
        if word == "the"
            && next == "fortnight"
            && i > 0
            && matches!(self.at(i - 1), "in" | "over" | "during" | "for")
            && matches!(
                self.at(i + 2),
                "" | "please" | "pls" | "and" | "vs" | "versus" | "compared" | "so" | "then" | "by"
            )
        {
            return self.period(Period::LastDays(14), i + 2);
        }
        // "the week passed", "than the month past", "this week which has passed": the last
        // one, as "last week".
        let relative = usize::from(matches!(self.at(i + 2), "which" | "that"));
        let has = relative * usize::from(matches!(self.at(i + 3), "has" | "just" | "is"));
        // ("this year, which passed 10k": what passed, not the year.)
        let object = relative == 1
            && !matches!(
                self.at(i + 3 + relative + has),
                "" | "and" | "how" | "what" | "please"
            );
        if (word == "the" || (word == "this" && relative == 1 && !object))
            && matches!(self.at(i + 2 + relative + has), "passed" | "past" | "gone")
            && !matches!(
                self.at(i + 3),
                "week" | "weeks" | "month" | "months" | "year"
            )
        {
            let last = match next {
                "week" => Some(Period::LastWeek),
                "month" => Some(Period::LastMonth),
                "year" => Some(Period::LastYear),
                _ => None,
            };
            if let Some(last) = last {
                return self.period(last, i + 3 + relative + has);
            }
        }
        if let Some((n, taken)) = number_at(self.words, i) {
            let (unit_at, end) = match (self.at(i + taken), self.at(i + taken + 1)) {
                ("last" | "past", _) => (i + taken + 1, i + taken + 2),
                (_, "last" | "past")
                    if !matches!(self.at(i + taken + 2), "week" | "month" | "year") =>
                {
                    (i + taken, i + taken + 2)
                }
                _ => (usize::MAX, 0),
            };
            if let Some(unit) = unit(self.at(unit_at)).filter(|_| n > 1) {
                return self.period(rolling(unit, n)?, end);
            }
        }
        if word == "month"
            && i > 0
            && matches!(self.at(i - 1), "in" | "of" | "for" | "during" | "the")
        {
            if let Some(month) = next.parse::<u32>().ok().filter(|m| (1..=12).contains(m)) {
                return Some((month_period(month, None, self.today)?, i + 2, None));
            }
        }
        // "fols gained wk", "who comments most wk", "top 5 posts mo by ER": a week or a month
        // written alone, last or before what it is ranked by, after what it counts (not
        // "freshers week", "October month", "likes week by week").
        if matches!(word, "week" | "month" | "mo")
            && i > 0
            && COUNTED_BEFORE_A_UNIT.contains(&self.at(i - 1))
            && matches!(
                self.at(i + 1),
                "" | "please" | "pls" | "plz" | "by" | "vs" | "versus" | "v" | "then" | "so"
            )
            && self.at(i + 2) != word
        {
            let period = if word == "week" {
                Period::ThisWeek
            } else {
                Period::ThisMonth
            };
            return self.period(period, i + 1);
        }
        None
    }

    /// "this week", "this month", "this quarter", "this weekend", "current month".
    pub(super) fn this_one(&self, i: usize) -> Option<Found> {
        let word = self.at(i);
        let next = self.at(i + 1);
        let today = self.today;
        // "this week", "this month", "this year", "this quarter", "this weekend", "current month"
        // ("how was my week?": this week so far. Not "how was my weekend", which is over.)
        // ("how did my week go": the same.)
        let after_how_was = (i >= 1 && matches!(self.at(i - 1), "hows" | "how's"))
            || (i >= 2 && matches!(self.at(i - 1), "was" | "did") && self.at(i - 2) == "how");
        let how_was_mine = matches!(word, "my" | "our")
            && after_how_was
            && matches!(next, "week" | "month" | "year");
        // ("summarize my week", "a recap of my week": the last seven days, the week begun
        // perhaps only today; "a recap of my month": this month.)
        let summed_up = i >= 1
            && matches!(
                self.at(i - 1),
                "summarize" | "summarise" | "recap" | "review" | "of"
            )
            && matches!(word, "my" | "our");
        let so_far = self.at(i + 2) == "so" && self.at(i + 3) == "far";
        if summed_up && next == "week" && !so_far {
            return self.period(Period::LastDays(7), i + 2);
        }
        let how_was_mine = how_was_mine || (summed_up && matches!(next, "week" | "month" | "year"));
        if matches!(word, "this" | "current" | "thi") || how_was_mine {
            let period = match next {
                "week" | "wk" | "wek" | "weeks" => Some(Period::ThisWeek),
                "month" | "mnth" | "mth" | "months" | "mo" => Some(Period::ThisMonth),
                "year" | "yr" | "years" => Some(Period::ThisYear),
                _ => None,
            };
            if let Some(period) = period {
                return self.period(period, i + 2);
            }
            // "this term", "this semester": a school's, from its first month (autumn from
            // September, spring from January, summer from April; semesters from September
            // and February) to today.
            if matches!(next, "term" | "semester") {
                let (year, month) = match (next, today.month()) {
                    (_, 9..=12) => (today.year(), 9),
                    ("term", 1..=3) => (today.year(), 1),
                    ("term", _) => (today.year(), 4),
                    (_, 1) => (today.year() - 1, 9),
                    _ => (today.year(), 2),
                };
                let first = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
                return self.period(Period::Since(first), i + 2);
            }
            // "this fortnight": the last fourteen days.
            if next == "fortnight" {
                return self.period(Period::LastDays(14), i + 2);
            }
            // ("this quarter's rate": the apostrophe is dropped before reading.)
            if matches!(next, "quarter" | "quarters" | "q" | "qtr") {
                return Some((
                    quarter_period(this_quarter(today), None, today)?,
                    i + 2,
                    None,
                ));
            }
            if next == "weekend" {
                return Some(match today.weekday() {
                    Weekday::Sat => (When::Period(Period::Between(today, today)), i + 2, None),
                    Weekday::Sun => (
                        When::Period(Period::Between(today - Days::new(1), today)),
                        i + 2,
                        None,
                    ),
                    _ => (When::Future, i + 2, None),
                });
            }
            if next == "past" && self.at(i + 2) == "weekend" {
                return Some((self.weekend(1), i + 3, None));
            }
            if let Some(season) = season_of(next).or((next == "fall").then_some(Season::Autumn)) {
                return Some((
                    season_period(season, None, false, self.southern, today)?,
                    i + 2,
                    None,
                ));
            }
            if let Some((weekday, _)) = weekday_of(next, true) {
                let date = monday_of(today) + Days::new(u64::from(weekday.num_days_from_monday()));
                return Some(if date > today {
                    (When::Future, i + 2, None)
                } else {
                    (When::Period(day(date)), i + 2, None)
                });
            }
        }
        None
    }
}

/// The words after which a week or a month written alone is this one: what is counted.
const COUNTED_BEFORE_A_UNIT: &[&str] = &[
    "gained",
    "gain",
    "lost",
    "grew",
    "growth",
    "most",
    "least",
    "commenters",
    "comments",
    "commented",
    "prices",
    "price",
    "asking",
    "leads",
    "fans",
    "followers",
    "follows",
    "unfollows",
    "stats",
    "numbers",
    "insights",
    "performance",
    "ppl",
    "people",
    "reached",
    "saved",
    "liked",
    "shared",
    "viewed",
    "posted",
    "er",
    "rate",
    "posts",
    "reels",
    "photos",
    "videos",
    "pics",
    "carousels",
    "likes",
    "saves",
    "reach",
    "views",
    "shares",
    "interactions",
    "impressions",
    "engagement",
    "best",
    "worst",
    "flops",
    "bangers",
];
