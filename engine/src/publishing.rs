//! The rules of publishing, as pure functions: when a person means by "tomorrow 6pm"
//! ([`parse_when`]), the account's next best time to post ([`next_best_time`]), what a
//! caption must meet, how long to wait between reads of a container, and what Instagram's
//! container errors mean in words ([`container_error_reason`]). The job that publishes is
//! `pulse/publishing.rs`.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use crate::analytics;
use crate::records::PostRecord;

/// Processing that has not finished this long after the first container is given up on
/// (nothing was published, so trying again is safe).
pub const PROCESSING_LIMIT: Duration = Duration::hours(1);

/// The longest wait between two reads of a container's status.
pub const LONGEST_POLL: Duration = Duration::minutes(30);

/// How long a claim on a post holds against other processes.
pub const LEASE: Duration = Duration::minutes(5);

/// How far ahead a post may be scheduled.
pub const LONGEST_AHEAD: Duration = Duration::days(75);

/// The most characters, hashtags and @-mentions of a caption (Instagram's limits).
pub const CAPTION_CHARS: usize = 2_200;
/// See [`CAPTION_CHARS`].
pub const CAPTION_HASHTAGS: usize = 30;
/// See [`CAPTION_CHARS`].
pub const CAPTION_MENTIONS: usize = 20;

/// The wait before the status read after `polls` reads: 2 s doubling, at most
/// [`LONGEST_POLL`].
pub fn poll_wait(polls: u32) -> Duration {
    let seconds = 2_i64.saturating_mul(1_i64 << polls.min(20));
    Duration::seconds(seconds).min(LONGEST_POLL)
}

/// What is wrong with a caption, in one sentence, or `None`.
pub fn caption_problem(caption: &str) -> Option<String> {
    let chars = caption.chars().count();
    let hashtags = caption.matches('#').count();
    let mentions = caption
        .split_whitespace()
        .filter(|word| word.starts_with('@') && word.len() > 1)
        .count();
    if chars > CAPTION_CHARS {
        Some(format!(
            "Instagram takes captions of at most {} characters; this one has {}.",
            thousands(CAPTION_CHARS),
            thousands(chars)
        ))
    } else if hashtags > CAPTION_HASHTAGS {
        Some(format!(
            "Instagram takes at most {CAPTION_HASHTAGS} hashtags in a caption; this one has {hashtags}."
        ))
    } else if mentions > CAPTION_MENTIONS {
        Some(format!(
            "Instagram takes at most {CAPTION_MENTIONS} @-mentions in a caption; this one has {mentions}."
        ))
    } else {
        None
    }
}

fn thousands(n: usize) -> String {
    prompts::thousands(n as u64)
}

/// What Instagram's `status` of a failed container means, in words a chat can act on. The
/// status holds the error subcode (`"Error: 2207052"` or a sentence naming it).
pub fn container_error_reason(detail: Option<&str>) -> String {
    let detail = detail.unwrap_or_default();
    let subcode = detail
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 7 && part.starts_with("220"))
        .unwrap_or_default();
    let reason = match subcode {
        "2207052" | "2207003" => {
            "Instagram could not fetch the file from Pulse: Pulse's public address (http.public_url) must be reachable from the internet over https, without a login"
        }
        "2207004" => "Instagram found the file too large",
        "2207005" => "Instagram did not accept the photo's format",
        "2207026" | "2207082" | "2207085" | "2207053" => {
            "Instagram could not process the video: check its format, length and resolution"
        }
        "2207009" => "Instagram did not accept the photo's shape",
        "2207010" => "Instagram did not accept the caption",
        "2207028" => "a carousel takes 2 to 10 items",
        "2207001" | "2207032" => "Instagram failed while preparing the post",
        "2207020" => "Instagram let the upload expire",
        _ => "Instagram could not prepare the post",
    };
    if subcode.is_empty() {
        reason.to_owned()
    } else {
        format!("{reason} (error {subcode})")
    }
}

/// When a post should go out, as a person asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At this instant.
    At(DateTime<Utc>),
    /// At the account's next best time ([`next_best_time`]).
    BestTime,
}

/// Reads a time as people write it in a chat, in its zone: `now`, `in 2 hours`, `in 30
/// min`, `tomorrow 6pm`, `friday 18:00`, `next fri at 9am`, `today 21:30`, `18:00` (today,
/// or tomorrow once it has passed), `3 dec 18:00`, `december 3 at 6pm`, `2026-12-03 18:00`,
/// `best`, `next best time`. An instant in the past, or a day without a time, is refused
/// with what to write instead.
pub fn parse_when(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<When, String> {
    let lowered = text.trim().to_lowercase().replace(',', " ");
    let words: Vec<&str> = lowered
        .split_whitespace()
        .filter(|w| !matches!(*w, "at" | "on" | "@"))
        .collect();
    let joined = words.join(" ");
    if words.is_empty() {
        return Err(WHEN_EXAMPLES.to_owned());
    }
    if matches!(
        joined.as_str(),
        "best"
            | "best time"
            | "next best time"
            | "next best"
            | "the best time"
            | "the next best time"
    ) {
        return Ok(When::BestTime);
    }
    if matches!(joined.as_str(), "now" | "right now" | "asap") {
        return Ok(When::At(now));
    }
    if words[0] == "in" {
        return relative(&words[1..], now).map(When::At);
    }
    let local_now = now.with_timezone(&zone).naive_local();
    let today = local_now.date();
    let mut date: Option<NaiveDate> = None;
    let mut time: Option<NaiveTime> = None;
    let mut tonight = false;
    let mut bare_weekday = false;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let next = words.get(i + 1).copied();
        if let Some(t) = time_of(word, next) {
            if time.is_some() {
                return Err(format!("\"{text}\" names two times. {WHEN_EXAMPLES}"));
            }
            time = Some(t.0);
            i += t.1;
            continue;
        }
        let (found, used) = match word {
            "today" => (Some(today), 1),
            "tonight" => {
                tonight = true;
                (Some(today), 1)
            }
            "tomorrow" | "tmrw" | "tmr" | "tomorow" => (today.succ_opt(), 1),
            "next" | "this" => match next.and_then(weekday_of) {
                Some(day) => (Some(next_weekday(today, day, word == "next")), 2),
                None => {
                    return Err(format!(
                        "\"{text}\" is not a time Pulse can read. {WHEN_EXAMPLES}"
                    ))
                }
            },
            _ => {
                if let Some(day) = weekday_of(word) {
                    bare_weekday = true;
                    (Some(next_weekday(today, day, false)), 1)
                } else if let Some((d, used)) = date_of(&words[i..], today) {
                    (Some(d), used)
                } else {
                    return Err(format!(
                        "\"{text}\" is not a time Pulse can read. {WHEN_EXAMPLES}"
                    ));
                }
            }
        };
        if date.is_some() {
            return Err(format!("\"{text}\" names two days. {WHEN_EXAMPLES}"));
        }
        date = found;
        i += used;
    }
    let time = match (time, tonight) {
        (Some(time), _) => time,
        (None, true) => NaiveTime::from_hms_opt(20, 0, 0).expect("a valid time"),
        (None, false) => {
            return Err(format!(
                "At what time? Add one, e.g. \"{} 18:00\", or write \"best\" for the account's best time.",
                text.trim()
            ))
        }
    };
    let date = match date {
        Some(date) => date,
        None if today.and_time(time) > local_now => today,
        None => today.succ_opt().unwrap_or(today),
    };
    let mut at = crate::local_time::instant_of(date.and_time(time), zone);
    if at < now && bare_weekday {
        // "monday 9:00" said on a Monday at 10: the next one.
        let date = date + Duration::days(7);
        at = crate::local_time::instant_of(date.and_time(time), zone);
    }
    if at < now - Duration::minutes(1) {
        return Err(format!(
            "{} has already passed. {WHEN_EXAMPLES}",
            date.and_time(time).format("%a %-d %b %H:%M")
        ));
    }
    if at > now + LONGEST_AHEAD {
        return Err("Pulse schedules posts up to 75 days ahead.".to_owned());
    }
    Ok(When::At(at.max(now)))
}

/// What to write instead of a time Pulse cannot read.
pub const WHEN_EXAMPLES: &str =
    "Try \"tomorrow 6pm\", \"friday 18:00\", \"in 2 hours\", \"3 dec 9:30\" or \"best\".";

fn relative(words: &[&str], now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let (amount, unit) = match words {
        ["an" | "a" | "one", unit] => (1.0, *unit),
        ["half", "an", "hour"] | ["half", "hour"] => (30.0, "minutes"),
        [number, unit] => match number.parse::<f64>() {
            Ok(n) => (n, *unit),
            Err(_) => return Err(WHEN_EXAMPLES.to_owned()),
        },
        [joined] => {
            let split = joined
                .find(|c: char| c.is_ascii_alphabetic())
                .unwrap_or(joined.len());
            match joined[..split].parse::<f64>() {
                Ok(n) => (n, &joined[split..]),
                Err(_) => return Err(WHEN_EXAMPLES.to_owned()),
            }
        }
        _ => return Err(WHEN_EXAMPLES.to_owned()),
    };
    let minutes = match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => amount,
        "h" | "hr" | "hrs" | "hour" | "hours" => amount * 60.0,
        "d" | "day" | "days" => amount * 1440.0,
        "week" | "weeks" | "w" => amount * 10_080.0,
        _ => return Err(WHEN_EXAMPLES.to_owned()),
    };
    if !(0.0..=LONGEST_AHEAD.num_minutes() as f64).contains(&minutes) {
        return Err("Pulse schedules posts up to 75 days ahead.".to_owned());
    }
    Ok(now + Duration::seconds((minutes * 60.0).round() as i64))
}

/// A time of day in `word` (and maybe the next word: `6 pm`), with how many words it used.
fn time_of(word: &str, next: Option<&str>) -> Option<(NaiveTime, usize)> {
    match word {
        "noon" | "midday" => return Some((NaiveTime::from_hms_opt(12, 0, 0)?, 1)),
        "midnight" => return Some((NaiveTime::from_hms_opt(0, 0, 0)?, 1)),
        _ => {}
    }
    let (body, suffix, used) = if let Some(body) = word.strip_suffix("am") {
        (body, Some(false), 1)
    } else if let Some(body) = word.strip_suffix("pm") {
        (body, Some(true), 1)
    } else if let Some(body) = word.strip_suffix('h').filter(|b| !b.is_empty()) {
        (body, None, 1)
    } else if matches!(next, Some("am" | "a.m." | "pm" | "p.m.")) {
        (word, Some(next?.starts_with('p')), 2)
    } else if word.contains(':') || word.contains('.') && word.len() <= 5 {
        (word, None, 1)
    } else {
        return None;
    };
    let body = body.trim_end_matches('.');
    let (hour, minute) = match body.split_once([':', '.']) {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if !body.is_empty() && body.len() <= 2 => (body.parse::<u32>().ok()?, 0),
        None => return None,
    };
    let hour = match suffix {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if word.contains(':') || word.contains('.') || word.ends_with('h') => hour,
        None => return None,
    };
    Some((NaiveTime::from_hms_opt(hour, minute, 0)?, used))
}

fn weekday_of(word: &str) -> Option<Weekday> {
    Some(match word {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The next `day` after `today` (today itself when not `strictly_after` and it is that day:
/// "friday 18:00" on a Friday morning is tonight; "next friday" is a week on).
fn next_weekday(today: NaiveDate, day: Weekday, strictly_after: bool) -> NaiveDate {
    let ahead = (day.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    let ahead = if ahead == 0 && strictly_after {
        7
    } else {
        ahead
    };
    today + Duration::days(i64::from(ahead))
}

fn month_of(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| word.starts_with(m) && (word.len() == 3 || full_month(word)))
        .map(|i| i as u32 + 1)
}

fn full_month(word: &str) -> bool {
    matches!(
        word,
        "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "sept"
            | "october"
            | "november"
            | "december"
    )
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

/// A date in the words at the start of `words` — `2026-12-03`, `3 dec`, `dec 3`, `3rd of
/// december` — with how many words it used. A date without a year is the next one.
fn date_of(words: &[&str], today: NaiveDate) -> Option<(NaiveDate, usize)> {
    if let Ok(date) = NaiveDate::parse_from_str(words[0], "%Y-%m-%d") {
        return Some((date, 1));
    }
    let (day, month, used) = match words {
        [d, "of", m, ..] if day_number(d).is_some() && month_of(m).is_some() => {
            (day_number(d)?, month_of(m)?, 3)
        }
        [d, m, ..] if day_number(d).is_some() && month_of(m).is_some() => {
            (day_number(d)?, month_of(m)?, 2)
        }
        [m, d, ..] if month_of(m).is_some() && day_number(d).is_some() => {
            (day_number(d)?, month_of(m)?, 2)
        }
        _ => return None,
    };
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day)?;
    if this_year >= today {
        Some((this_year, used))
    } else {
        Some((NaiveDate::from_ymd_opt(today.year() + 1, month, day)?, used))
    }
}

/// The slot the account's posts of the last 90 days did best in, by engagement rate (at
/// least 2 posts each): the weekday, when one stands out, and the hour.
pub fn best_slot(
    posts: &[PostRecord],
    now: DateTime<Utc>,
    zone: Tz,
) -> Option<(Option<Weekday>, u32)> {
    let since = now - Duration::days(90);
    let recent: Vec<&PostRecord> = posts.iter().filter(|p| p.published_at >= since).collect();
    let best = |map: BTreeMap<u32, analytics::EngagementByReach>| {
        map.into_iter()
            .filter(|(_, rate)| rate.posts >= 2)
            .max_by(|a, b| a.1.rate().total_cmp(&b.1.rate()))
            .map(|(key, _)| key)
    };
    let hour = best(analytics::engagement_by(recent.iter().copied(), |p| {
        Some(p.published_at.with_timezone(&zone).hour())
    }))?;
    let weekday = best(analytics::engagement_by(recent.iter().copied(), |p| {
        Some(
            p.published_at
                .with_timezone(&zone)
                .weekday()
                .num_days_from_monday(),
        )
    }))
    .and_then(|day| Weekday::try_from(day as u8).ok());
    Some((weekday, hour))
}

/// The next time at the account's best slot, at least 10 minutes from `now`, or `None` when
/// its posts say too little.
pub fn next_best_time(posts: &[PostRecord], now: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
    let (weekday, hour) = best_slot(posts, now, zone)?;
    let earliest = now + Duration::minutes(10);
    let today = now.with_timezone(&zone).date_naive();
    (0..15)
        .filter_map(|ahead| today.checked_add_signed(Duration::days(ahead)))
        .filter(|date| weekday.is_none_or(|day| date.weekday() == day))
        .map(|date| {
            crate::local_time::instant_of(
                date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("hours are 0–23")),
                zone,
            )
        })
        .find(|at| *at >= earliest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    // Monday 30 November 2026, 10:00 in London (UTC in winter).
    const NOW: &str = "2026-11-30T10:00:00Z";
    const LONDON: Tz = chrono_tz::Europe::London;

    fn when(text: &str) -> Result<When, String> {
        parse_when(text, at(NOW), LONDON)
    }

    #[test]
    fn times_as_people_write_them_in_the_chat() {
        let cases = [
            ("tomorrow 6pm", "2026-12-01T18:00:00Z"),
            ("tomorrow at 6 pm", "2026-12-01T18:00:00Z"),
            ("friday 18:00", "2026-12-04T18:00:00Z"),
            ("Fri 9am", "2026-12-04T09:00:00Z"),
            ("next friday at 9:30am", "2026-12-04T09:30:00Z"),
            ("monday 9:00", "2026-12-07T09:00:00Z"),
            ("monday 18:00", "2026-11-30T18:00:00Z"),
            ("in 2 hours", "2026-11-30T12:00:00Z"),
            ("in 90 min", "2026-11-30T11:30:00Z"),
            ("in an hour", "2026-11-30T11:00:00Z"),
            ("in half an hour", "2026-11-30T10:30:00Z"),
            ("in 2h", "2026-11-30T12:00:00Z"),
            ("today 21:30", "2026-11-30T21:30:00Z"),
            ("tonight", "2026-11-30T20:00:00Z"),
            ("18:00", "2026-11-30T18:00:00Z"),
            ("9:00", "2026-12-01T09:00:00Z"),
            ("3 dec 18:00", "2026-12-03T18:00:00Z"),
            ("december 3rd at 6pm", "2026-12-03T18:00:00Z"),
            ("2027-01-05 08:15", "2027-01-05T08:15:00Z"),
            ("noon tomorrow", "2026-12-01T12:00:00Z"),
        ];
        for (text, expected) in cases {
            match when(text) {
                Ok(When::At(instant)) => assert_eq!(instant, at(expected), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        assert_eq!(when("next best time"), Ok(When::BestTime));
        assert_eq!(when("best"), Ok(When::BestTime));
        assert_eq!(when("now"), Ok(When::At(at(NOW))));
    }

    #[test]
    fn a_zone_with_another_offset_moves_the_instant() {
        let when = parse_when("tomorrow 6pm", at(NOW), chrono_tz::America::New_York).unwrap();
        assert_eq!(when, When::At(at("2026-12-01T23:00:00Z")));
    }

    #[test]
    fn what_cannot_be_read_is_refused_with_examples() {
        for text in [
            "",
            "whenever",
            "friday",
            "tomorrow",
            "in 2 fortnights",
            "yesterday 6pm",
            "25:00",
            "in 400 days",
        ] {
            let refusal = when(text).expect_err(text);
            assert!(!refusal.is_empty(), "{text}");
        }
        assert!(when("friday").unwrap_err().contains("At what time"));
        assert!(when("2026-11-29 18:00").unwrap_err().contains("passed"));
    }

    #[test]
    fn captions_over_instagrams_limits_are_named() {
        assert_eq!(caption_problem("New in: linen shirts #linen @ana"), None);
        assert!(caption_problem(&"a".repeat(2_201))
            .unwrap()
            .contains("2,201"));
        let tags = (0..31)
            .map(|i| format!("#t{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(caption_problem(&tags).unwrap().contains("31"));
    }

    #[test]
    fn container_errors_are_told_in_words() {
        assert!(container_error_reason(Some("Error: 2207052")).contains("could not fetch"));
        assert!(
            container_error_reason(Some("Media download failed (2207052)")).contains("2207052")
        );
        assert_eq!(
            container_error_reason(None),
            "Instagram could not prepare the post"
        );
    }

    #[test]
    fn polls_wait_longer_each_time_up_to_half_an_hour() {
        assert_eq!(poll_wait(0), Duration::seconds(2));
        assert_eq!(poll_wait(1), Duration::seconds(4));
        assert_eq!(poll_wait(40), LONGEST_POLL);
    }
}
