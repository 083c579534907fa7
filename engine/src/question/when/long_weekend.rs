//! "The long weekend" with no holiday named: the last weekend, to the Monday after it when
//! that Monday was a public holiday in the UK, Ireland, the US or Canada (Easter Monday,
//! the May, June and August bank holidays, Memorial Day, Labor Day and the like).

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::easter::easter_sunday;
use super::reader::Reader;
use super::seasons::{last_monday, nth_weekday};
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
