//! "The long weekend" with no holiday named: the last weekend, to the Monday after it when
//! that Monday was a public holiday in the UK, Ireland, the US or Canada (Easter Monday,
//! the May, June and August bank holidays, Memorial Day, Labor Day and the like); a
//! holiday's week or weekend "last year".

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::easter::easter_sunday;
use super::reader::Reader;
use super::seasons::{holiday_at, last_monday, nth_weekday};
use super::When;
use crate::period::Period;

impl Reader<'_> {
    /// The weekend named by "weekend" at `at`: "the long weekend" runs to its Monday when
    /// that Monday was a holiday.
    pub(super) fn weekend_at(&self, at: usize, back: u64) -> When {
        match self.weekend(back) {
            When::Period(Period::Between(saturday, _))
                if at > 0
                    && self.at(at - 1) == "long"
                    && saturday + Days::new(2) <= self.today
                    && a_monday_holiday(saturday + Days::new(2)) =>
            {
                When::Period(Period::Between(saturday, saturday + Days::new(2)))
            }
            weekend => weekend,
        }
    }

    /// "black friday week last year", "halloween weekend last year": the holiday named by
    /// the `taken` words at `i` as it fell last year, when `date`, the one read, is this
    /// year's; and whether "week" or "weekend" then "last year" follow it.
    pub(super) fn holiday_week_last_year(
        &self,
        i: usize,
        taken: usize,
        date: NaiveDate,
    ) -> (NaiveDate, bool) {
        let said = matches!(self.at(i + taken), "week" | "weekend")
            && self.at(i + taken + 1) == "last"
            && self.at(i + taken + 2) == "year";
        let last_years = NaiveDate::from_ymd_opt(self.today.year() - 1, 12, 31)
            .filter(|_| said && date.year() == self.today.year())
            .and_then(|end| holiday_at(self.words, i, end, self.mothering_sunday));
        (last_years.map_or(date, |(day, _)| day), said)
    }
}

/// Whether `monday` is a Monday holiday in one of the countries above.
fn a_monday_holiday(monday: NaiveDate) -> bool {
    let year = monday.year();
    [
        easter_sunday(year).and_then(|easter| easter.checked_add_days(Days::new(1))),
        nth_weekday(year, 1, Weekday::Mon, 3),
        nth_weekday(year, 2, Weekday::Mon, 3),
        nth_weekday(year, 5, Weekday::Mon, 1),
        last_monday(year, 5),
        nth_weekday(year, 6, Weekday::Mon, 1),
        nth_weekday(year, 8, Weekday::Mon, 1),
        last_monday(year, 8),
        nth_weekday(year, 9, Weekday::Mon, 1),
        nth_weekday(year, 10, Weekday::Mon, 2),
    ]
    .contains(&Some(monday))
}
