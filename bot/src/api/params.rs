//! Reading the query parameters every endpoint shares (period, counts, metric, media type,
//! order, page), each into the engine's own value or a `bad-period` / `bad-parameter`
//! problem with a plain sentence. Periods are read by the chat's own parser
//! (`Period::parse_argument`), so `7d`, `last-month` and `2026-01-01..2026-01-31` mean here
//! what they mean in `/stats`.

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use engine::analytics::Order;
use engine::metric::Metric;
use engine::period::Period;
use serde::de::DeserializeOwned;

use super::problem::{Problem, BAD_PARAMETER, BAD_PERIOD};

/// The parameters of a request, or the problem that they could not be read (a repeated
/// parameter).
pub fn query<T: DeserializeOwned>(query: Result<Query<T>, QueryRejection>) -> Result<T, Problem> {
    query.map(|Query(params)| params).map_err(|rejection| {
        Problem::new(
            &BAD_PARAMETER,
            format!(
                "The query string cannot be read: {}.",
                rejection.body_text()
            ),
        )
    })
}

/// `period`, or `default` when absent.
pub fn period(text: Option<&str>, default: Period) -> Result<Period, Problem> {
    let Some(text) = text else {
        return Ok(default);
    };
    Period::parse_argument(text).ok_or_else(|| {
        Problem::new(
            &BAD_PERIOD,
            format!(
                "\"{}\" is not a period: use 7d, 4w, 3m, today, yesterday, week, last-week, month, last-month, year, last-year, all, a year (2025), a month (march) or dates (2026-01-01..2026-01-31).",
                cut(text)
            ),
        )
    })
}

/// A count `name` of 1 to `max`, or `default` when absent.
pub fn count(name: &str, text: Option<&str>, default: usize, max: usize) -> Result<usize, Problem> {
    let Some(text) = text else {
        return Ok(default);
    };
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            Problem::new(
                &BAD_PARAMETER,
                format!(
                    "`{name}` must be a whole number from 1 to {max}, not \"{}\".",
                    cut(text)
                ),
            )
        })
}

/// A metric (`saves`, `reach`, `engagement_rate` …), or `default` when absent.
pub fn metric(text: Option<&str>, default: Metric) -> Result<Metric, Problem> {
    let Some(text) = text else {
        return Ok(default);
    };
    Metric::parse(text).ok_or_else(|| {
        Problem::new(
            &BAD_PARAMETER,
            format!(
                "\"{}\" is not a metric: use interactions, likes, comments, saves, shares, reach, views, follows, profile_visits or engagement_rate.",
                cut(text)
            ),
        )
    })
}

/// `asc` or `desc`, or `default` when absent.
pub fn order(text: Option<&str>, default: Order) -> Result<Order, Problem> {
    match text.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("desc") => Ok(Order::Highest),
        Some("asc") => Ok(Order::Lowest),
        Some(other) => Err(Problem::new(
            &BAD_PARAMETER,
            format!("`order` is asc or desc, not \"{}\".", cut(other)),
        )),
    }
}

/// Someone else's text in a sentence: at most 40 characters.
fn cut(text: &str) -> String {
    let mut cut: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_read_as_the_chat_reads_them() {
        assert_eq!(period(Some("7d"), Period::DEFAULT), Ok(Period::LastDays(7)));
        assert_eq!(
            period(Some("last-month"), Period::DEFAULT),
            Ok(Period::LastMonth)
        );
        assert_eq!(period(None, Period::LastDays(90)), Ok(Period::LastDays(90)));
        let bad = period(Some("someday"), Period::DEFAULT).unwrap_err();
        assert_eq!(
            (bad.status, bad.kind.as_str()),
            (400, "/api/docs#bad-period")
        );
        assert!(bad.detail.contains("\"someday\" is not a period"));
        assert_eq!(count("n", Some("3"), 5, 20), Ok(3));
        assert_eq!(count("n", Some("0"), 5, 20).unwrap_err().status, 400);
        assert_eq!(count("n", Some("21"), 5, 20).unwrap_err().status, 400);
        assert_eq!(
            metric(Some("engagement_rate"), Metric::Likes),
            Ok(Metric::EngagementRate)
        );
        assert_eq!(order(Some("ASC"), Order::Highest), Ok(Order::Lowest));
        let long = "x".repeat(100);
        assert!(metric(Some(&long), Metric::Likes).unwrap_err().detail.len() < 250);
    }
}
