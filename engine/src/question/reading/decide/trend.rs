//! A direction over time: "are my likes going down", "is our engagement dropping this month".
//! A total has a daily line to show; the engagement rate has none, so its direction is the
//! period against the one before it.

use super::periods::{compared_periods, figure};
use crate::metric::Metric;
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::reading::signals::Signals;
use crate::question::reading::Reading;
use crate::question::Missing;
use chrono::NaiveDate;

/// The reading of a question about which way a figure is moving, if it is one.
pub(super) fn direction(
    s: &Signals,
    metric: Option<Metric>,
    previous: Option<&Frame>,
    frame: &dyn Fn(Kind) -> Frame,
    period: Option<Period>,
    today: NaiveDate,
) -> Option<Reading> {
    let moving = s.trend
        || ((s.loss || s.gain)
            && !s.followers
            && metric.is_some_and(|m| m != Metric::Follows)
            && !s.how_many
            && !s.highest
            && s.media.is_empty()
            && !s.posts);
    if !moving || s.followers {
        return None;
    }
    // "are they going up or down" after the average likes per post: that figure.
    let asked_before = previous
        .filter(|_| metric.is_none() && s.reference)
        .and_then(|p| p.metric.map(|m| (m, p.period)));
    if metric.is_none() && s.reference && asked_before.is_none() {
        return Some(Reading::Clarify(Missing::Metric, Vec::new()));
    }
    // "how many followers do I have, and did I go up since monday": the followers' change.
    if metric.is_none()
        && previous.is_some_and(|p| matches!(p.kind, Kind::Followers | Kind::Growth))
    {
        return Some(Reading::Frame(frame(Kind::Growth)));
    }
    // "did my reach go up from August to September": the second month against the first.
    if let (Some(Period::Between(first, last)), Some(compared)) = (period, figure(s)) {
        if let Some((earlier, later)) = two_whole_months(first, last) {
            return Some(Reading::Frame(compared.over((later, earlier))));
        }
    }
    let mut f = frame(Kind::Trend);
    if let Some((metric, period)) = asked_before {
        f.metric = Some(metric);
        f.period = f.period.or(period);
        return Some(Reading::Frame(f));
    }
    // "is our engagement going down this month": this month's rate against last month's;
    // "is my growth slowing down": the followers gained, against the days before.
    if metric == Some(Metric::EngagementRate) || (metric.is_none() && s.gain && s.grow) {
        let periods = compared_periods(s, period, None, false, None, today);
        return Some(Reading::Frame(figure(s)?.over(periods)));
    }
    f.metric = metric.filter(|m| crate::question::frame::account_metric(*m).is_some());
    Some(Reading::Frame(f))
}

/// The two whole months a range spans, if it is exactly two months side by side ("from
/// August to September").
fn two_whole_months(first: NaiveDate, last: NaiveDate) -> Option<(Period, Period)> {
    use chrono::{Datelike, Months};
    let second = first.checked_add_months(Months::new(1))?;
    let after = first.checked_add_months(Months::new(2))?;
    let whole = first.day() == 1 && last.succ_opt() == Some(after);
    whole.then(|| {
        (
            Period::Between(first, second.pred_opt().unwrap_or(second)),
            Period::Between(second, last),
        )
    })
}
