//! Follow-ups of one word that widen, sum or split the answer just given: "and overall?"
//! (every type of post, or all time when the answer was of one period only), "and in
//! total?" (the figure summed), "and the account overall?" (the account's own figure),
//! "which hour?" (the best hours), "and the second week?" (another week of the month) and
//! "by day?" (the figure's daily line).

use super::signals::Part;
use chrono::Datelike;

use crate::period::Period;
use crate::question::frame::{account_metric, Frame, Kind};
use crate::question::when::When;

/// "and in total?" (`said`: only that, and no other figure) after the average likes per
/// reel: the same figure summed over the same posts; after a total, that total once more.
pub(super) fn in_total(said: bool, previous: &Frame, periods: &[When]) -> Option<Frame> {
    if !said
        || periods
            .iter()
            .any(|when| *when != When::Period(Period::AllTime))
    {
        return None;
    }
    let mut total = previous.clone();
    if total.kind == Kind::PostMean {
        total.kind = Kind::PostTotal;
    }
    matches!(
        total.kind,
        Kind::PostTotal | Kind::AccountTotal | Kind::PostCount | Kind::Growth
    )
    .then_some(total)
}

/// The words a short follow-up may say besides its one word.
fn around(word: &str) -> bool {
    matches!(
        word,
        "and" | "ok" | "okay" | "what" | "about" | "so" | "now" | "hmm" | "then" | "please" | "pls"
    )
}

/// The previous frame widened or split by a follow-up of one word, if it is one.
pub(super) fn said_alone(part: &Part<'_>, previous: &Frame) -> Option<Frame> {
    let words = &part.sentence.words;
    let said: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !around(w))
        .collect();
    match said[..] {
        // "and overall?" after the likes on reels: every type; after this month's likes:
        // all time.
        ["overall"] => {
            let mut wider = previous.clone();
            if wider.media.is_some() {
                wider.media = None;
            } else if wider.kind.takes_period() && wider.versus.is_none() {
                wider.period = Some(Period::AllTime);
            } else {
                return None;
            }
            Some(wider)
        }
        // "and the account overall?" after the likes on posts: the account's own figure.
        _ if !said.is_empty()
            && said
                .iter()
                .any(|w| matches!(*w, "account" | "profile" | "page"))
            && said.iter().all(|w| {
                matches!(
                    *w,
                    "account"
                        | "profile"
                        | "page"
                        | "the"
                        | "for"
                        | "whole"
                        | "entire"
                        | "overall"
                        | "level"
                        | "wide"
                        | "as"
                        | "a"
                        | "on"
                        | "my"
                        | "our"
                )
            }) =>
        {
            let metric = previous.metric.filter(|m| account_metric(*m).is_some())?;
            if previous.kind != Kind::PostTotal {
                return None;
            }
            let mut account = Frame::new(Kind::AccountTotal);
            account.metric = Some(metric);
            account.period = previous.period;
            Some(account)
        }
        // "which hour?" after the best weekday or part of the day: the best hours.
        ["which" | "the" | "best", "hour" | "hours" | "time"] | ["hour" | "hours" | "time"]
            if matches!(previous.kind, Kind::Weekdays | Kind::PartsOfDay) =>
        {
            let mut hours = Frame::new(Kind::BestTime);
            hours.metric = previous.metric;
            hours.period = previous.period;
            Some(hours)
        }
        // "and the second week?" after the first week of February: that month's second.
        ["the", place, "week"] | [place, "week"] => {
            let n = super::ranks::place(place).or((place == "first").then_some(1))?;
            let today = part.sentence.today;
            let asked = previous.period?.resolve(today);
            if asked.days() > 7 || !previous.kind.takes_period() {
                return None;
            }
            let month_start = asked.first.with_day(1)?;
            let first = month_start + chrono::Days::new(7 * (n as u64 - 1));
            let month_end = (month_start + chrono::Months::new(1)).pred_opt()?;
            if first > month_end.min(today) {
                return None;
            }
            let last = (first + chrono::Days::new(6)).min(month_end).min(today);
            let mut week = previous.clone();
            week.period = Some(Period::Between(first, last));
            Some(week)
        }
        // "by day?" after a figure of the account: its daily line over the same days.
        ["by", "day"] | ["per", "day"] | ["daily"] | ["day", "by", "day"] => {
            let metric = previous.metric.filter(|m| account_metric(*m).is_some())?;
            if !matches!(previous.kind, Kind::AccountTotal | Kind::Trend) {
                return None;
            }
            let mut line = Frame::new(Kind::Trend);
            line.metric = Some(metric);
            line.period = previous.period;
            Some(line)
        }
        _ => None,
    }
}
