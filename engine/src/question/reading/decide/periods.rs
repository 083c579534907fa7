//! The periods of a frame (relative ones resolved against the previous question, "now"
//! kept on a day), and what a comparison compares: its figure and its two periods.

use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::PeriodUnit;
use crate::question::reading::signals::{Part, Signals};
use crate::question::when::{Length, When};
use crate::question::RateBasis;
use chrono::Datelike;
use chrono::{NaiveDate, TimeDelta};

/// The period slots of a frame from the part's periods: the first and, for a comparison,
/// the second. Two periods with the same dates are one ("spring (Mar–May)").
pub(in crate::question::reading) fn resolve_periods(
    part: &Part<'_>,
    periods: &[When],
    previous: Option<&Frame>,
    today: NaiveDate,
) -> (Option<Period>, Option<Period>, bool) {
    let mut absolute: Vec<Period> = Vec::new();
    // "this summer vs last summer": in November both name the summer just gone; set against
    // "this", "last" is the one a year before.
    let contrasted = {
        let starts: Vec<&str> = part
            .mentions
            .iter()
            .filter(|m| !m.weak)
            // ("this October than last October": the word before the month's name)
            .map(|m| match part.word(m.start) {
                "this" | "last" | "previous" => part.word(m.start),
                _ => part.word(m.start.saturating_sub(1)),
            })
            .collect();
        starts.contains(&"this") && starts.iter().any(|w| matches!(*w, "last" | "previous"))
    };
    // ("this week … this week compared to last week", said twice: two periods already.)
    let distinct = {
        let mut ranges = Vec::new();
        for period in periods {
            if let When::Period(period) = period {
                let range = period.resolve(today);
                if !ranges.contains(&range) {
                    ranges.push(range);
                }
            }
        }
        ranges.len()
    };
    let contrasted = contrasted && distinct == 1;
    for period in periods {
        if let When::Period(period) = period {
            let range = period.resolve(today);
            if !absolute.iter().any(|p| p.resolve(today) == range) {
                absolute.push(*period);
            } else if contrasted && absolute.len() == 1 {
                // ("this fortnight vs last fortnight": days counted back, the ones before.)
                absolute.push(match period {
                    Period::LastDays(_) | Period::LastMonths(_) => period.before(today),
                    _ => period.year_earlier(today),
                });
            }
        }
    }
    let relative = periods.iter().find(|p| {
        matches!(
            p,
            When::Before(_)
                | When::SameDayLastWeek
                | When::WeekendBefore
                | When::SameTimeLastYear
                | When::SameTimeLastMonth
                | When::SameDaysIn(_)
                | When::After(_)
        )
    });
    // "better than last month": the period named is the one compared with.
    let after_than = absolute.len() == 1
        && relative.is_none()
        && part.mentions.iter().any(|m| {
            // ("more than we did last month", "less than I did in October"): "than", who,
            // a verb, and perhaps a preposition before the period.
            let at = |back: usize| part.word(m.start.saturating_sub(back));
            let preposition = usize::from(matches!(at(1), "in" | "on" | "over"));
            let than_we_did = at(3 + preposition) == "than"
                && matches!(at(2 + preposition), "we" | "i" | "it" | "they" | "you")
                && matches!(
                    at(1 + preposition),
                    "did" | "was" | "were" | "had" | "got" | "posted" | "do"
                );
            // ("more high than in October")
            let than_in = at(2) == "than" && matches!(at(1), "in" | "on" | "over" | "during");
            !m.weak
                && (matches!(
                    part.word(m.start.saturating_sub(1)),
                    "than" | "vs" | "versus" | "against"
                ) || than_we_did
                    || than_in)
                // "up or down on last month" (when the signals read it as compared: not "we
                // put it up on Monday")
                || (part.word(m.start.saturating_sub(1)) == "on"
                    && matches!(part.word(m.start.saturating_sub(2)), "up" | "down")
                    && part.signals().compare)
                // "up from last month", the "from" read with the period.
                || (part.word(m.start) == "from"
                    && matches!(part.word(m.start.saturating_sub(1)), "up" | "down")
                    && part.signals().compare)
                || (matches!(part.word(m.start.saturating_sub(1)), "to" | "with")
                    && matches!(
                        part.word(m.start.saturating_sub(2)),
                        "compared" | "comparing" | "compare"
                    ))
        });
    let first = absolute.first().copied();
    let second = match (absolute.get(1), relative) {
        (Some(second), _) => Some(*second),
        (None, Some(relative)) => {
            let base = first.or_else(|| previous.and_then(|p| p.period));
            base.map(|base| shift(relative, base, today))
        }
        (None, None) => None,
    };
    // "reach this time last year", with nothing before it: the last 30 days, a year back.
    if first.is_none()
        && second.is_none()
        && previous.and_then(|p| p.period).is_none()
        && matches!(relative, Some(When::SameTimeLastYear))
    {
        return (Some(Period::DEFAULT.year_earlier(today)), None, after_than);
    }
    // "week before, reach how much?" with nothing before it: the last whole week.
    let first = first.or_else(|| {
        if previous.and_then(|p| p.period).is_some() || !matches!(relative, Some(When::Before(_))) {
            return None;
        }
        let told = part
            .mentions
            .iter()
            .find(|m| matches!(m.when, When::Before(_)))?;
        (told.start..told.end).find_map(|at| match part.word(at) {
            "week" => Some(Period::LastWeek),
            "month" => Some(Period::LastMonth),
            _ => None,
        })
    });
    (first, second, after_than)
}

pub(in crate::question::reading) fn shift(
    relative: &When,
    base: Period,
    today: NaiveDate,
) -> Period {
    match relative {
        When::SameDayLastWeek => base.days_earlier(7, today),
        When::WeekendBefore => weekend_before(base, today),
        // ("last week vs the same week last year": the Monday-to-Sunday week 52 weeks back.)
        When::SameTimeLastYear if is_a_whole_week(base, today) => base.days_earlier(364, today),
        When::SameTimeLastYear => base.year_earlier(today),
        When::SameTimeLastMonth => base.months_earlier(1, today),
        When::SameDaysIn(month) => {
            let from = base.resolve(today).first.month();
            base.months_earlier((from + 12 - month - 1) % 12 + 1, today)
        }
        When::HalfOfThatPeriod(first_half) => half_of(base, *first_half, today),
        When::Before(Some(length)) => span_before(base, *length, today),
        When::After(days) => {
            let last = base.resolve(today).last;
            let first = last + chrono::Days::new(1);
            let end = (last + chrono::Days::new(u64::from(*days))).min(today);
            if first <= end {
                Period::Between(first, end)
            } else {
                base
            }
        }
        _ => base.before(today),
    }
}

/// "The weekend before": after a weekend, long or not ("the half-term weekend, 23 to 25
/// October"), the same days a week earlier; after another day (Memorial Day), the Saturday
/// and Sunday last before it.
fn weekend_before(base: Period, today: NaiveDate) -> Period {
    let range = base.resolve(today);
    let a_weekend = (range.last - range.first).num_days() < 4
        && range
            .first
            .iter_days()
            .take_while(|day| *day <= range.last)
            .any(|day| matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun));
    if a_weekend {
        return base.days_earlier(7, today);
    }
    let back_to_sunday = u64::from(range.first.weekday().num_days_from_sunday());
    let days_back = if back_to_sunday == 0 {
        7
    } else {
        back_to_sunday
    };
    match range.first.checked_sub_days(chrono::Days::new(days_back)) {
        Some(sunday) => Period::Between(sunday.pred_opt().unwrap_or(sunday), sunday),
        None => base,
    }
}

/// A half of `base`: of its month ("the second half of the month"), or, for a longer
/// period, of the period itself ("only the first half" after this year: January to June).
/// Whole months split by months, other periods by days.
fn half_of(base: Period, first_half: bool, today: NaiveDate) -> Period {
    let range = base.resolve(today);
    let (start, end) = if (range.last - range.first).num_days() > 31 {
        let end = if matches!(base, Period::ThisYear | Period::LastYear) {
            // (A calendar year, so halves of its months, even while it runs.)
            (range.first + chrono::Months::new(12))
                .pred_opt()
                .unwrap_or(range.last)
        } else {
            range.last
        };
        (range.first, end)
    } else {
        let start = range.first.with_day(1).unwrap_or(today);
        let end = (start + chrono::Months::new(1)).pred_opt().unwrap_or(today);
        (start, end)
    };
    let after = end.succ_opt().unwrap_or(end);
    let months = (after.year() - start.year()) * 12 + after.month() as i32 - start.month() as i32;
    let middle = if start.day() == 1 && after.day() == 1 && months > 1 && months % 2 == 0 {
        (start + chrono::Months::new((months / 2) as u32))
            .pred_opt()
            .unwrap_or(start)
    } else if months == 1 && start.day() == 1 {
        // (A month: the 1st to the 15th, then the rest.)
        start + chrono::Days::new(14)
    } else {
        start + chrono::Days::new(((end - start).num_days() / 2) as u64)
    };
    let (first, last) = if first_half {
        (start, middle)
    } else {
        (middle.succ_opt().unwrap_or(middle), end)
    };
    if first > today {
        return base;
    }
    Period::Between(first, last.min(today))
}

/// "the 2 weeks before", "the month before it": as long as the words say, ending the day
/// before `base` begins; the period just before `base` when that is as long.
fn span_before(base: Period, length: Length, today: NaiveDate) -> Period {
    // ("december the year before", "March vs the year before": that month a year earlier.)
    if length == Length::Months(12) {
        if let Some((_, year_before)) = same_days_a_year_earlier(base, today) {
            return year_before;
        }
    }
    let first = base.resolve(today).first;
    let start = match length {
        Length::Days(days) => first.checked_sub_days(chrono::Days::new(u64::from(days))),
        Length::Months(months) => first.checked_sub_months(chrono::Months::new(months)),
    };
    let (Some(start), Some(end)) = (start, first.pred_opt()) else {
        return base;
    };
    let just_before = base.before(today);
    let same = just_before.resolve(today);
    if (same.first, same.last) == (start, end) {
        just_before
    } else {
        Period::Between(start, end)
    }
}

/// The period of the same length as `then`, ending now: what "better than last month" is
/// compared from.
pub(in crate::question::reading) fn now_like(then: Period, today: NaiveDate) -> Period {
    match then {
        Period::LastWeek => Period::ThisWeek,
        Period::LastMonth | Period::Month { .. } => Period::ThisMonth,
        Period::LastYear | Period::Year(_) => Period::ThisYear,
        Period::Yesterday => Period::Today,
        other => {
            let days = other.resolve(today).days().clamp(1, 3660) as u32;
            if days == 1 {
                Period::Today
            } else {
                Period::LastDays(days)
            }
        }
    }
}

/// The figure of a comparison.
pub(in crate::question::reading) struct Compared {
    pub(super) kind: Kind,
    pub(super) metric: Option<Metric>,
    pub(super) media: Option<MediaKind>,
    pub(super) basis: Option<RateBasis>,
}

impl Compared {
    /// The frame asking for this figure over `current` against `versus`.
    pub(super) fn over(self, (current, versus): (Period, Period)) -> Frame {
        let mut f = Frame::new(self.kind);
        f.metric = self.metric;
        f.media = self.media;
        f.basis = self.basis;
        f.period = Some(current);
        f.versus = Some(versus);
        f
    }
}

pub(in crate::question::reading) fn figure(s: &Signals) -> Option<Compared> {
    let media = s.media.first().copied();
    let metric = s.metrics.first().copied();
    let of = |kind, metric, media| {
        Some(Compared {
            kind,
            metric,
            media,
            basis: None,
        })
    };
    if metric == Some(Metric::EngagementRate) || s.rate {
        return Some(Compared {
            kind: Kind::Rate,
            metric: None,
            media,
            basis: (s.by_followers || s.followers).then_some(RateBasis::Followers),
        });
    }
    if s.followers || (s.gain && metric.is_none()) {
        return of(Kind::Growth, None, None);
    }
    if let Some(metric) = metric {
        if s.average {
            return of(Kind::PostMean, Some(metric), media);
        }
        if s.posts || media.is_some() || crate::question::frame::account_metric(metric).is_none() {
            return of(Kind::PostTotal, Some(metric), media);
        }
        return of(Kind::AccountTotal, Some(metric), None);
    }
    if s.posts || s.publish || media.is_some() || s.how_many {
        return of(Kind::PostCount, None, media);
    }
    None
}

/// The two periods of a comparison: both named; one named and the one before it; one named
/// after "than" and now; week over week and its kin.
pub(in crate::question::reading) fn compared_periods(
    s: &Signals,
    period: Option<Period>,
    second: Option<Period>,
    after_than: bool,
    previous: Option<&Frame>,
    today: NaiveDate,
) -> (Period, Period) {
    if let Some(unit) = s.over {
        let current = match unit {
            PeriodUnit::Week => Period::ThisWeek,
            PeriodUnit::Month => Period::ThisMonth,
            PeriodUnit::Year => Period::ThisYear,
            PeriodUnit::Quarter => {
                let month = (today.month() - 1) / 3 * 3 + 1;
                let start = NaiveDate::from_ymd_opt(today.year(), month, 1).unwrap_or(today);
                Period::Between(start, today)
            }
        };
        // ("reach Nov YoY": November against the November a year before.)
        let year_over_year = unit == PeriodUnit::Year && period.is_some();
        // ("reach QoQ": this quarter so far against the whole quarter before it.)
        let quarter_before = and_the_one_before(current, unit, today)
            .filter(|_| unit == PeriodUnit::Quarter && period.is_none())
            .map(|(_, before)| before);
        let current = period.unwrap_or(current);
        let before = if year_over_year {
            current.year_earlier(today)
        } else {
            quarter_before.unwrap_or_else(|| current.before(today))
        };
        return (current, second.unwrap_or(before));
    }
    if after_than {
        if let Some(then) = period {
            return (now_like(then, today), then);
        }
    }
    let base = period
        .or_else(|| previous.and_then(|p| p.period))
        .unwrap_or(Period::DEFAULT);
    // ("same comparison" for another figure: the two periods compared before.)
    let compared_before = previous.and_then(|p| p.versus).filter(|_| period.is_none());
    match second.or(compared_before) {
        Some(second) => (base, second),
        None => (base, base.before(today)),
    }
}

/// `period` and the one before it, when it is one calendar week, month, quarter or year,
/// whole or so far ("QoQ?" after Q1 or this quarter, "MoM?" after March).
pub(in crate::question::reading) fn and_the_one_before(
    period: Period,
    unit: PeriodUnit,
    today: NaiveDate,
) -> Option<(Period, Period)> {
    let range = period.resolve(today);
    let first = range.first;
    let later = |months: u32| first.checked_add_months(chrono::Months::new(months));
    let earlier = |months: u32| first.checked_sub_months(chrono::Months::new(months));
    let (next, start_before) = match unit {
        PeriodUnit::Week if first.weekday() == chrono::Weekday::Mon => {
            (first + chrono::Days::new(7), first - chrono::Days::new(7))
        }
        PeriodUnit::Month if first.day() == 1 => (later(1)?, earlier(1)?),
        PeriodUnit::Quarter if first.day() == 1 && first.month() % 3 == 1 => {
            (later(3)?, earlier(3)?)
        }
        PeriodUnit::Year if first.ordinal() == 1 => (later(12)?, earlier(12)?),
        _ => return None,
    };
    let last = next.pred_opt()?;
    // (So far: up to today, inside the unit.)
    let whole_or_so_far = range.last == last || (range.last == today && today < last);
    whole_or_so_far.then(|| {
        (
            period,
            Period::Between(start_before, first.pred_opt().unwrap_or(first)),
        )
    })
}

/// "and vs last year?", "YoY?" after a period shorter than a year: the same days a year
/// earlier (October against last October, not this year against last).
pub(in crate::question::reading) fn same_days_a_year_earlier(
    base: Period,
    today: NaiveDate,
) -> Option<(Period, Period)> {
    // ("vs last yr" after this year so far: last year, whole.)
    if matches!(base, Period::ThisYear | Period::Year(_)) {
        return None;
    }
    let range = base.resolve(today);
    ((range.last - range.first).num_days() < 200).then(|| (base, base.year_earlier(today)))
}

/// "I've been teaching 7am classes lately … Do my morning posts do better than my evening
/// ones?": an analysis of groups of posts learns from its own window, not from a time told
/// in a story beside it (told by someone: "we started doing Refill Fridays back in the
/// spring"; not "Look at the last half year.").
pub(in crate::question::reading) fn own_window_over_a_told_time(
    part: &Part<'_>,
    frame: &mut Frame,
) {
    let told = |m: &&crate::question::when::Mention| {
        let clause = part.sentence.clauses[m.start];
        part.sentence.story(clause) && part.sentence.names_someone(clause)
    };
    let named: Vec<_> = part.mentions.iter().filter(|m| !m.weak).collect();
    if frame.kind.groups_posts() && !named.is_empty() && named.into_iter().all(told) {
        frame.period = Some(frame.kind.default_period());
    }
}

/// "do I have more followers than I did at Christmas?": the followers now against then,
/// which is the change since that day (not the change of that day against the one before).
pub(in crate::question::reading) fn followers_now_against_then(part: &Part<'_>, frame: &mut Frame) {
    let words = &part.sentence.words;
    let Some(than) = words.iter().position(|w| w == "than") else {
        return;
    };
    let have_more = words[..than].windows(3).any(|w| {
        matches!(w[0].as_str(), "have" | "got" | "has")
            && w[1] == "more"
            && w[2].starts_with("follower")
    });
    let then = part
        .mentions
        .iter()
        .find(|m| m.start > than && m.start <= than + 5);
    // ("than a week ago": the last 7 days, read elsewhere.)
    let ago = words[than..].iter().any(|w| w == "ago");
    if frame.kind != Kind::Growth || frame.versus.is_none() || !have_more || ago {
        return;
    }
    // (Since that day, or since the end of a longer period: "than last month" is the count
    // at the end of October.)
    if let Some(When::Period(period)) = then.map(|m| &m.when) {
        let today = part.sentence.today;
        let range = period.resolve(today);
        let from = if range.first == range.last {
            range.first
        } else {
            (range.last + chrono::Days::new(1)).min(today)
        };
        frame.period = Some(Period::Since(from));
        frame.versus = None;
    }
}

/// Whether every period a part names is when to post, not what to learn from ("what should
/// we post in january based on what worked").
pub(in crate::question::reading) fn only_when_to_post(part: &Part<'_>) -> bool {
    !part.mentions.is_empty()
        && part.mentions.iter().all(|m| {
            m.start >= 2
                && (matches!(part.word(m.start - 1), "in" | "for")
                    && matches!(part.word(m.start - 2), "post" | "posting" | "share" | "do")
                    // ("totally out of ideas for september", "content plan for december")
                    || part.word(m.start - 1) == "for"
                        && matches!(
                            part.word(m.start - 2),
                            "ideas" | "idea" | "content" | "plan" | "plans" | "calendar"
                        ))
        })
}

/// The period to set against `versus`: the frame's own, or, when it asked of no period
/// and `versus` is a calendar one ("is it better than last month?"), the same stretch up
/// to now.
pub(in crate::question::reading) fn like_for_like(
    frame: &Frame,
    versus: Period,
    today: NaiveDate,
) -> Period {
    let base = frame.period.unwrap_or(frame.kind.default_period());
    let calendar = matches!(
        versus,
        Period::LastWeek
            | Period::LastMonth
            | Period::LastYear
            | Period::Month { .. }
            | Period::Year(_)
    );
    if calendar && base == frame.kind.default_period() {
        now_like(versus, today)
    } else {
        base
    }
}

/// A comparison whose two periods are the same days compares the period with the one before
/// it instead; one named day set against itself ("compare that with last Halloween" after Halloween,
/// "with last Monday" after Monday) is set against its last occurrence: a week earlier for
/// a day of this week or the last, a year earlier for a day further back (a date, a
/// holiday).
pub(in crate::question::reading) fn distinct_versus(frame: &mut Frame, today: NaiveDate) {
    if let (Some(period), Some(versus)) = (frame.period, frame.versus) {
        if period.resolve(today) == versus.resolve(today) {
            frame.versus = Some(match period {
                Period::Between(first, last)
                    if first == last && today - first <= TimeDelta::days(7) =>
                {
                    period.days_earlier(7, today)
                }
                Period::Between(first, last) if first == last => period.year_earlier(today),
                // ("vs the winter before that?" after the winter: the winter a year back.)
                Period::Between(first, last)
                    if first.day() == 1
                        && first.month() % 3 == 0
                        && (80..=92).contains(&(last - first).num_days()) =>
                {
                    period.year_earlier(today)
                }
                _ => period.before(today),
            });
        }
    }
}

/// Whether `period` is one whole week, Monday to Sunday.
fn is_a_whole_week(period: Period, today: NaiveDate) -> bool {
    let range = period.resolve(today);
    range.first.weekday() == chrono::Weekday::Mon && (range.last - range.first).num_days() == 6
}
