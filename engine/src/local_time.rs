//! Wall-clock times in a chat's time zone, turned into instants across clock changes.
//!
//! A local time can be missing (the hour skipped when clocks go forward) or happen twice (the
//! hour repeated when they go back). Pulse's rule for both is the same everywhere: a repeated
//! time means its first occurrence, and a skipped time means the first minute that exists
//! after it. So a digest set for 02:30 is sent once on the night clocks go back, and at 03:00
//! on the night Berlin skips from 02:00 to 03:00.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// The longest clock change a zone has made in one step, with room to spare: no skipped time
/// is further than this from the next time that exists.
const LONGEST_SKIP_MINUTES: i64 = 24 * 60;

/// The instant of `local` wall-clock time in `timezone`: its first occurrence when the time
/// happens twice, the first minute after it that exists when it is skipped.
pub fn instant_of(local: NaiveDateTime, timezone: Tz) -> DateTime<Utc> {
    (0..=LONGEST_SKIP_MINUTES)
        .find_map(|minutes| {
            let candidate = if minutes == 0 {
                local
            } else {
                // The first whole minute after `local`, then each minute after that.
                let whole_minute = local
                    .with_second(0)
                    .and_then(|t| t.with_nanosecond(0))
                    .unwrap_or(local);
                whole_minute + chrono::Duration::minutes(minutes)
            };
            timezone.from_local_datetime(&candidate).earliest()
        })
        .map(|found| found.with_timezone(&Utc))
        // Unreachable for real zones; the UTC reading is the least surprising fallback.
        .unwrap_or_else(|| local.and_utc())
}

/// The instant a daily event set for `time` happens on local `date` in `timezone`.
pub fn daily_at(date: NaiveDate, time: NaiveTime, timezone: Tz) -> DateTime<Utc> {
    instant_of(date.and_time(time), timezone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn an_ordinary_day_is_the_local_time() {
        // Berlin in winter is UTC+1, in summer UTC+2.
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            daily_at(date(2026, 3, 28), time(9, 0), berlin),
            utc(2026, 3, 28, 8, 0)
        );
        assert_eq!(
            daily_at(date(2026, 3, 30), time(9, 0), berlin),
            utc(2026, 3, 30, 7, 0)
        );
        assert_eq!(
            daily_at(date(2026, 3, 28), time(9, 0), chrono_tz::UTC),
            utc(2026, 3, 28, 9, 0)
        );
    }

    #[test]
    fn a_skipped_time_is_the_next_minute_that_exists() {
        // 29 Mar 2026: Berlin goes from 02:00 to 03:00 (UTC+1 → UTC+2); 03:00 CEST = 01:00 UTC.
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            daily_at(date(2026, 3, 29), time(2, 30), berlin),
            utc(2026, 3, 29, 1, 0)
        );
        assert_eq!(
            daily_at(date(2026, 3, 29), time(2, 0), berlin),
            utc(2026, 3, 29, 1, 0)
        );
        assert_eq!(
            daily_at(date(2026, 3, 29), time(3, 0), berlin),
            utc(2026, 3, 29, 1, 0)
        );
        // 4 Oct 2026: Lord Howe goes from 02:00 to 02:30 (UTC+10:30 → UTC+11).
        let lord_howe = chrono_tz::Australia::Lord_Howe;
        assert_eq!(
            daily_at(date(2026, 10, 4), time(2, 10), lord_howe),
            utc(2026, 10, 3, 15, 30)
        );
        // 6 Sep 2026: Santiago skips midnight (00:00 → 01:00, UTC-4 → UTC-3).
        let santiago = chrono_tz::America::Santiago;
        assert_eq!(
            daily_at(date(2026, 9, 6), time(0, 0), santiago),
            utc(2026, 9, 6, 4, 0)
        );
        // Seconds in a skipped time still land on a whole minute.
        let odd = date(2026, 3, 29).and_hms_opt(2, 30, 45).unwrap();
        assert_eq!(instant_of(odd, berlin), utc(2026, 3, 29, 1, 0));
    }

    #[test]
    fn a_repeated_time_is_its_first_occurrence() {
        // 25 Oct 2026: Berlin goes back from 03:00 to 02:00; 02:30 happens at 00:30 and 01:30
        // UTC. The first is CEST (UTC+2).
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            daily_at(date(2026, 10, 25), time(2, 30), berlin),
            utc(2026, 10, 25, 0, 30)
        );
        // 5 Apr 2026: Sydney goes back from 03:00 to 02:00 (UTC+11 → UTC+10).
        let sydney = chrono_tz::Australia::Sydney;
        assert_eq!(
            daily_at(date(2026, 4, 5), time(2, 30), sydney),
            utc(2026, 4, 4, 15, 30)
        );
    }
}
