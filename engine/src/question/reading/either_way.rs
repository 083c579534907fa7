//! "More or less?", "up or down?", "better or worse?" after a figure: which way that figure
//! went — over the days asked about when it has a daily line, else against the ones before
//! it or against the time named.

use super::follow_up::Refinement;
use super::interpret::first_period;
use super::signals::{Part, Signals};
use super::Reading;
use crate::question::frame::{account_metric, Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::when::When;

/// The reading of a follow-up that asks which way the previous figure went, if it is one.
pub(super) fn either_way(
    part: &Part<'_>,
    s: &Signals,
    previous: &Frame,
    periods: &[When],
) -> Option<Reading> {
    let either_way = s.trend || (s.more && s.less);
    // (A story told beside it names nothing asked: "… I was away at my sister's and did
    // not post a single thing".)
    let told = |clause: usize| part.sentence.story(clause);
    let asked_words = part
        .tokens
        .iter()
        .filter(|t| !matches!(t.role, Some(Role::Filler | Role::Joiner)) && !told(t.clause))
        .count();
    if !either_way
        || !s.metrics.is_empty()
        || s.followers
        || s.posts
        || !s.media.is_empty()
        || !s
            .unknown
            .iter()
            .all(|(_, at)| told(part.sentence.clauses[*at]))
        || asked_words > 6
        || !previous.kind.comparable()
    {
        return None;
    }
    let daily_line = previous.metric.filter(|m| account_metric(*m).is_some());
    // ("more or less than the week before?": against that week.)
    let against = part.sentence.words.iter().any(|w| w == "than");
    // ("and in October, is it more or less?": that month set against the figure.)
    let against_named = periods.len() == 1
        && part.tokens.iter().any(|t| {
            matches!(
                t.text.as_str(),
                "more or less" | "less or more" | "higher or lower" | "better or worse"
            )
        });
    // ("and yesterday, up or down?" after the day before: that day against it.)
    let today = part.sentence.today;
    let one_day = |p: Option<crate::period::Period>| p.is_some_and(|p| p.is_one_day(today));
    if one_day(first_period(periods))
        && one_day(previous.period)
        && first_period(periods) != previous.period
        && previous.versus.is_none()
        && !against
    {
        let mut compared = previous.clone();
        compared.period = first_period(periods);
        compared.versus = previous.period;
        return Some(Reading::Frame(compared));
    }
    if s.trend
        && !against
        && !against_named
        && !s.compare
        && previous.versus.is_none()
        && daily_line.is_some()
    {
        let mut trend = Frame::new(Kind::Trend);
        trend.metric = daily_line;
        trend.period = first_period(periods).or(previous.period);
        return Some(Reading::Frame(trend));
    }
    if periods.is_empty() && previous.versus.is_none() {
        return Some(Reading::Fragment(Refinement {
            compare: true,
            either_way: s.either_way,
            ..Refinement::default()
        }));
    }
    // "last month compare, more or less?" after a figure of this month: against it.
    if periods.len() == 1 && previous.versus.is_none() && (s.compare || against || against_named) {
        return Some(Reading::Fragment(Refinement {
            compare: true,
            period: periods.first().cloned(),
            ..Refinement::default()
        }));
    }
    None
}
