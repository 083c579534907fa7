//! From signals to a frame: what the question is about, from the most specific subject to
//! the most general, each needing the roles that make it, never one keyword alone; which
//! roles a frame uses, and the words it would leave unused or that Pulse must ask about.

use super::follow_up::{follow_up_cue, refinement, Cue};
use super::sentence::Token;
use super::signals::{Part, Signals};
use super::Reading;
use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::{PeriodUnit, Role};
use crate::question::when::When;
use crate::question::{Audience, Missing, RateBasis};
use chrono::Datelike;
use chrono::NaiveDate;
use std::collections::HashSet;

/// Whether a role, left unused by a frame, would make the answer one to another question
/// (a place, a second metric); the others ("usually", "report", "said") only colour it.
pub(super) fn strong(role: &Role) -> bool {
    matches!(
        role,
        Role::Metric(_)
            | Role::Media(_)
            | Role::Hashtags
            | Role::Where
            | Role::Age
            | Role::Gender
            | Role::Online
            | Role::Leads
            | Role::Latest
            | Role::Commenters
            | Role::Frequency
            | Role::Format
            | Role::DayOfWeek
            | Role::PartOfDay
            | Role::Followers
            | Role::Milestone
    )
}

/// Whether a role decides what a question is about (the rest refine it or change nothing).
pub(super) fn is_head(role: &Role) -> bool {
    !matches!(
        role,
        Role::Filler
            | Role::Joiner
            | Role::Reference
            | Role::FollowUp
            | Role::Now
            | Role::Negation
            | Role::Dismiss
            | Role::Number(_)
            | Role::Posts
            | Role::Publish
            | Role::Performance
            | Role::Compare
            | Role::Change
            | Role::More
            | Role::Less
            | Role::Unseen(_)
            | Role::People
            | Role::OffTopic
    )
}

/// Whether a frame of `kind` uses a word of this role (so the word is not a second
/// question, or a word the answer would ignore).
pub(super) fn accepts(kind: Kind, compared: bool, role: &Role) -> bool {
    use Role::*;
    if !is_head(role) {
        return true;
    }
    if compared
        && matches!(
            role,
            Compare
                | OverPrevious(_)
                | Trend
                | Gain
                | Loss
                | Change
                | More
                | Less
                | Rate
                | Average
                | HowMany
                | Total
                | Followers
                | Media(_)
                | Metric(_)
        )
    {
        return true;
    }
    let metric = matches!(role, Metric(_));
    match kind {
        Kind::Top => {
            metric
                || matches!(
                    role,
                    Media(_)
                        | Highest
                        | Lowest
                        | Caption
                        | Saying
                        | Followers
                        | Gain
                        | HowMany
                        | Rate
                )
        }
        Kind::PostTotal => metric || matches!(role, Media(_) | HowMany | Total | Followers | Gain),
        Kind::AccountTotal => metric || matches!(role, HowMany | Total),
        Kind::PostMean => {
            metric
                || matches!(
                    role,
                    Media(_) | Average | HowMany | Total | Followers | Gain
                )
        }
        Kind::PostCount => matches!(role, Media(_) | HowMany | Total | Loss | Frequency),
        Kind::Followers => matches!(role, Followers | HowMany | Milestone | Total),
        Kind::Growth => matches!(
            role,
            Followers | Gain | Loss | HowMany | Trend | Total | Milestone
        ),
        Kind::Rate => metric || matches!(role, Rate | Media(_) | Average | Followers),
        Kind::Overview => matches!(role, Overview | Metric(_)),
        Kind::Online => matches!(role, Online | When | Time | Followers | Highest | PartOfDay),
        Kind::BestTime => {
            metric
                || matches!(
                    role,
                    When | Time | Advice | Highest | DayOfWeek | Media(_) | Followers | Gain
                )
        }
        Kind::Fans => {
            metric
                || matches!(
                    role,
                    Commenters | Highest | Followers | Saying | Media(_) | Latest | Frequency
                )
        }
        Kind::Leads => {
            metric
                || matches!(
                    role,
                    Leads | Media(_) | Latest | Saying | HowMany | Commenters | Where
                )
        }
        Kind::ByType => {
            metric
                || matches!(
                    role,
                    Media(_) | Format | Highest | Lowest | Advice | Followers | Gain | Rate
                )
        }
        Kind::Hashtags => {
            metric
                || matches!(
                    role,
                    Hashtags | Highest | Lowest | Advice | Rate | Gain | Loss
                )
        }
        Kind::PartsOfDay => {
            metric
                || matches!(
                    role,
                    PartOfDay | Highest | Lowest | When | Time | Advice | Media(_) | Rate
                )
        }
        Kind::Weekdays => {
            metric
                || matches!(
                    role,
                    DayOfWeek | Highest | Lowest | Advice | When | Media(_) | Rate
                )
        }
        Kind::Demographics => matches!(role, Where | Age | Gender | Followers | Highest | Rate),
        Kind::LatestPost => {
            metric
                || matches!(
                    role,
                    Latest | Media(_) | HowMany | Overview | Highest | Lowest | Advice | Rate
                )
        }
        Kind::LatestComments => metric || matches!(role, Latest | Saying | Media(_)),
        Kind::LatestCommenters => metric || matches!(role, Latest | Commenters | Media(_) | Saying),
        Kind::Frequency => matches!(role, Frequency | Average | HowMany | Media(_)),
        Kind::Trend => metric || matches!(role, Trend | Gain | Loss),
        Kind::Recommend => {
            metric
                || matches!(
                    role,
                    Advice | Format | Media(_) | Highest | Gain | Followers
                )
        }
    }
}

/// The words of a part that ask something its frame does not use (a second metric where
/// the frame takes one, a place in an overview).
pub(super) fn leftover<'s>(part: &Part<'s>, frame: &Frame) -> Vec<&'s Token> {
    let single_metric = matches!(
        frame.kind,
        Kind::Top
            | Kind::PostTotal
            | Kind::AccountTotal
            | Kind::PostMean
            | Kind::Trend
            | Kind::ByType
            | Kind::PartsOfDay
            | Kind::Weekdays
    ) || frame.versus.is_some();
    let mut seen_metric = false;
    let ignored = part.signals().ignored;
    let aspect = |role: &Role| match role {
        Role::Where => Some(Audience::Places),
        Role::Age => Some(Audience::Ages),
        Role::Gender => Some(Audience::Genders),
        _ => None,
    };
    let asking = |clause: usize| !part.sentence.statement(clause);
    part.tokens
        .iter()
        .filter(|t| !ignored.contains(&t.at))
        // Every metric counts towards the one the frame uses, even in a clause that asks
        // nothing ("for the weekly: reach, views and interactions").
        .filter(|t| {
            let unused = match &t.role {
                Some(role @ (Role::Where | Role::Age | Role::Gender))
                    if frame.kind == Kind::Demographics =>
                {
                    aspect(role) != frame.audience
                }
                Some(Role::Media(media)) if frame.media.is_some() && frame.kind != Kind::ByType => {
                    Some(*media) != frame.media
                }
                // "what time of day should we post": when to post.
                Some(Role::PartOfDay)
                    if frame.kind == Kind::BestTime && t.text.contains("time of") =>
                {
                    false
                }
                // "all formats": every type of post, which a frame without one covers.
                Some(Role::Format) if frame.media.is_none() && super::follow_up::widens(part) => {
                    false
                }
                // "ER by reach for reels vs carousels": the rate's basis, not a second metric.
                Some(Role::Metric(Metric::Reach))
                    if frame.metric.is_none_or(|m| m == Metric::EngagementRate)
                        && part.word(t.at.saturating_sub(1)) == "by"
                        && part.token_at(t.at.saturating_sub(2)).is_some_and(|before| {
                            matches!(before.role, Some(Role::Metric(Metric::EngagementRate)))
                        }) =>
                {
                    false
                }
                Some(Role::Metric(metric)) if single_metric => {
                    let extra = seen_metric && frame.metric != Some(*metric);
                    seen_metric |= frame.metric == Some(*metric) || frame.metric.is_none();
                    extra && *metric != Metric::Follows
                }
                Some(role) => !accepts(frame.kind, frame.versus.is_some(), role),
                None => false,
            };
            unused && asking(t.clause)
        })
        .copied()
        .collect()
}

/// The period slots of a frame from the part's periods: the first and, for a comparison,
/// the second. Two periods with the same dates are one ("spring (Mar–May)").
pub(super) fn resolve_periods(
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
            .map(|m| part.word(m.start))
            .collect();
        starts.contains(&"this") && starts.iter().any(|w| matches!(*w, "last" | "previous"))
    };
    for period in periods {
        if let When::Period(period) = period {
            let range = period.resolve(today);
            if !absolute.iter().any(|p| p.resolve(today) == range) {
                absolute.push(*period);
            } else if contrasted && absolute.len() == 1 {
                absolute.push(period.year_earlier(today));
            }
        }
    }
    let relative = periods.iter().find(|p| {
        matches!(
            p,
            When::Before | When::SameDayLastWeek | When::SameTimeLastYear | When::After(_)
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
            !m.weak
                && (matches!(
                    part.word(m.start.saturating_sub(1)),
                    "than" | "vs" | "versus" | "against"
                ) || than_we_did)
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
    (first, second, after_than)
}

pub(super) fn shift(relative: &When, base: Period, today: NaiveDate) -> Period {
    match relative {
        When::SameDayLastWeek => base.days_earlier(7, today),
        When::SameTimeLastYear => base.year_earlier(today),
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

/// The period of the same length as `then`, ending now: what "better than last month" is
/// compared from.
pub(super) fn now_like(then: Period, today: NaiveDate) -> Period {
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

/// Builds the frame of a part from its signals: the subjects from the most specific to the
/// most general, each needing the roles that make it.
pub(super) fn decide(
    part: &Part<'_>,
    s: &Signals,
    periods: &[When],
    previous: Option<&Frame>,
) -> Reading {
    let today = part.sentence.today;
    let (period, second, after_than) = resolve_periods(part, periods, previous, today);
    let frame = |kind: Kind| {
        let mut frame = Frame::new(kind);
        if kind.takes_period() {
            frame.period = period;
            // Two periods joined without a comparison ("hashtags of August and
            // September"): both.
            if let (Some(first), Some(second)) = (period, second) {
                if !kind.comparable() && !s.compare {
                    let (a, b) = (first.resolve(today), second.resolve(today));
                    frame.period = Some(Period::Between(a.first.min(b.first), a.last.max(b.last)));
                }
            }
        }
        frame
    };
    // "and on average per post?" after the likes of October: still the likes.
    let carried = previous
        .filter(|_| follow_up_cue(part, s) == Cue::Strong && s.average)
        .and_then(|p| p.metric);
    let metric = s.metrics.first().copied().or(carried);
    // "how's the new format doing", "is my engagement better with the new format": which
    // format is new, Pulse cannot tell.
    if part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::Format))
            && matches!(part.word(t.at.saturating_sub(1)), "new" | "latest")
    }) {
        return Reading::Clarify(Missing::Meaning, vec!["the new format".to_owned()]);
    }

    let media = s.media.first().copied();
    let count = || {
        s.number.map(|n| n as usize).or(Some(
            if !s.which_of_many
                && (s.which_one || s.plural == Some(false) || (s.caption && s.plural.is_none()))
            {
                1
            } else {
                5
            },
        ))
    };
    // A weekday that names days to compare ("monday posts", "is sunday a bad day").
    let weekday_group = part.mentions.iter().any(|m| {
        let judged_day = (m.end..m.end + 4).any(|at| {
            matches!(part.word(at), "day" | "days")
                && (matches!(
                    part.word(at - 1),
                    "bad"
                        | "good"
                        | "best"
                        | "worst"
                        | "better"
                        | "worse"
                        | "great"
                        | "slow"
                        | "strong"
                        | "weak"
                        | "right"
                        | "wrong"
                        | "ideal"
                ) || matches!(part.word(at + 1), "to" | "for"))
        });
        m.weekday.is_some()
            && (judged_day
                || matches!(part.word(m.end), "posts" | "ones")
                || (part.word(m.start).ends_with("days")
                    && part.word(m.start.saturating_sub(1)) != "last"
                    // "mondays reach" is Monday's
                    && !part
                        .token_at(m.end)
                        .is_some_and(|t| matches!(t.role, Some(Role::Metric(_)))))
                || (part.word(m.start.saturating_sub(1)) == "of"
                    && part.word(m.start.saturating_sub(2)).starts_with("post")))
    });
    // "weekend posts vs weekday ones"
    let weekend_group = part
        .mentions
        .iter()
        .any(|m| part.word(m.start) == "weekend" && matches!(part.word(m.end), "posts" | "ones"));
    // Posting advice learns from a window of past posts: a single day, or a window not yet
    // over that nobody asked to learn from ("post this week"), is when to post.
    let learning_window = |frame: &mut Frame| {
        let asked = part.sentence.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "based" | "looking" | "using" | "use" | "going" | "data" | "check" | "only"
            )
        }) || part.mentions.iter().any(|m| {
            matches!(
                part.word(m.start.saturating_sub(1)),
                "over" | "during" | "since" | "in" | "from"
            ) || part.word(m.start) == "since"
        });
        // "best time to post on a friday so they see it before the weekend": the days to
        // post on, not the days to learn from.
        let only_days =
            part.mentions.iter().filter(|m| !m.weak).all(|m| {
                m.weekday.is_some() || (m.start..m.end).any(|at| part.word(at) == "weekend")
            });
        if let Some(p) = frame.period {
            let range = p.resolve(today);
            if range.first == range.last || (range.last >= today || only_days) && !asked {
                frame.period = None;
            }
        }
    };
    // "my follower count and where they live": they are the followers asked about.
    let they = part
        .tokens
        .iter()
        .any(|t| matches!(t.text.as_str(), "they" | "them" | "their"));
    let about_followers = previous.is_some_and(|p| {
        matches!(
            p.kind,
            Kind::Followers | Kind::Growth | Kind::Online | Kind::Demographics
        )
    });
    let audience_word =
        s.followers || s.people || s.commenters || s.who || (they && about_followers);
    let asks_time = s.when || s.time;
    let ranked_post = (s.highest || s.lowest) && metric.is_some() && !s.advice && !s.time;

    // A follow-up with nothing to follow: "same but by shares", "and for carousels?".
    let strong_follow_up = part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::FollowUp))
            && matches!(
                t.text.as_str(),
                "same"
                    | "same but"
                    | "instead"
                    | "sort by"
                    | "rank by"
                    | "order by"
                    | "sorted by"
                    | "ranked by"
                    | "what about"
                    | "how about"
                    | "again"
            )
    });
    if previous.is_none()
        && s.kind_heads == 0
        && (strong_follow_up
            || (s.metrics.is_empty() && !s.followers && (s.follow_up || part.word(0) == "and")))
        && !s.highest
        && !s.lowest
    {
        let standalone = !s.metrics.is_empty() && !strong_follow_up;
        if !standalone {
            return Reading::Clarify(Missing::Context, Vec::new());
        }
    }
    // One post, named by what only its owner knows: "how many saves did the reel get".
    let specific_post = part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::Posts | Role::Media(_)))
            && !t.text.ends_with('s')
            && matches!(part.word(t.at.saturating_sub(1)), "the" | "that" | "this")
            && t.at > 0
            // "the carousel posts": a kind of post, all of them.
            && !part.token_at(t.at + 1).is_some_and(|next| {
                matches!(next.role, Some(Role::Posts | Role::Media(_))) && next.text.ends_with('s')
            })
    }) && !s.highest
        && s.media.len() < 2
        && !s.lowest
        && !s.latest
        && !s.which_one
        && !s.caption
        && s.kind_heads <= 1
        && !s.publish;
    if specific_post && (s.how_many || s.performance || s.overview || !s.metrics.is_empty()) {
        let named: Vec<String> = part
            .tokens
            .iter()
            .filter(|t| matches!(t.role, Some(Role::Posts | Role::Media(_))))
            .map(|t| format!("the {}", t.text))
            .take(1)
            .collect();
        return Reading::Clarify(Missing::Meaning, named);
    }
    if s.hashtags {
        return Reading::Frame(frame(Kind::Hashtags));
    }
    if s.leads {
        return Reading::Frame(frame(Kind::Leads));
    }
    if (s.age || s.gender || (s.place && audience_word)) && !s.online {
        let mut f = frame(Kind::Demographics);
        f.audience = Some(if s.place {
            Audience::Places
        } else if s.age {
            Audience::Ages
        } else {
            Audience::Genders
        });
        return Reading::Frame(f);
    }
    if s.online
        || ((s.when || s.time || s.part_of_day)
            && (s.followers || s.people)
            && !s.publish
            && !s.posts
            && s.media.is_empty()
            && metric.is_none())
    {
        return Reading::Frame(frame(Kind::Online));
    }
    // "what time do I post for max reach": when to post, not which post ranked ("when did I
    // post my most liked reel").
    let past = part
        .sentence
        .words
        .iter()
        .any(|w| matches!(w.as_str(), "did" | "was" | "were" | "posted" | "uploaded"));
    let when_to_post = s.when && s.publish && !past;
    // "how do we do on reach when we post pictures compared to reels?": the types compared.
    let types_compared = s.media.len() >= 2 && (s.compare || s.more || s.less);
    // "what time of day should we post?", "is there a better time of day to put my
    // pictures on?": when to post, asked with the words for a part of the day.
    let part_of_day_advice = s.part_of_day
        && part
            .tokens
            .iter()
            .filter(|t| matches!(t.role, Some(Role::PartOfDay)))
            .all(|t| t.text.contains("time of"))
        && s.publish
        && metric.is_none()
        && part.sentence.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "should" | "better" | "best" | "ideal" | "optimal"
            )
        });
    if (asks_time || part_of_day_advice)
        && (s.publish || s.posts || s.advice || s.highest)
        && (!ranked_post || when_to_post)
        && (!s.part_of_day || part_of_day_advice)
        && !types_compared
    {
        let mut f = frame(Kind::BestTime);
        learning_window(&mut f);
        return Reading::Frame(f);
    }
    if s.day_of_week || weekday_group || weekend_group {
        let mut f = frame(Kind::Weekdays);
        // The weekdays named are the groups, not the period.
        f.period = part
            .mentions
            .iter()
            .filter(|m| !m.weak && m.weekday.is_none() && part.word(m.start) != "weekend")
            .find_map(|m| match m.when {
                When::Period(p) => Some(p),
                _ => None,
            });
        f.metric = metric.filter(|m| *m != Metric::EngagementRate);
        return Reading::Frame(f);
    }
    if s.part_of_day {
        let mut f = frame(Kind::PartsOfDay);
        f.metric = metric.filter(|m| *m != Metric::EngagementRate);
        return Reading::Frame(f);
    }
    // "ER by followers for October, all formats": one rate over every type of post.
    let every_format_in_one = s.by_followers
        && s.media.is_empty()
        && !s.compare
        && !s.highest
        && !s.lowest
        && !s.more
        && super::follow_up::widens(part);
    if (s.media.len() >= 2 || (s.format && !s.advice)) && !every_format_in_one {
        let mut f = frame(Kind::ByType);
        // "photos or reels — which gets me more followers?": the followers each brought.
        let brought_followers = metric.is_none() && s.followers && (s.more || s.gain || s.highest);
        f.metric = metric
            .filter(|m| *m != Metric::EngagementRate)
            .or(brought_followers.then_some(Metric::Follows));
        return Reading::Frame(f);
    }
    // The newest post.
    let previous_latest = previous.is_some_and(|p| {
        matches!(
            p.kind,
            Kind::LatestPost | Kind::LatestComments | Kind::LatestCommenters
        )
    });
    let about_latest = s.latest
        || (s.reference
            && previous_latest
            && (s.who
                || s.saying
                || s.commenters
                || s.performance
                || s.overview
                || metric.is_some()));
    if about_latest && (!s.followers || s.posts || !s.media.is_empty() || s.who) {
        let commenting = metric == Some(Metric::Comments) || s.commenters || s.saying;
        if (s.who || s.commenters) && commenting {
            return Reading::Frame(frame(Kind::LatestCommenters));
        }
        if s.saying || (metric == Some(Metric::Comments) && !s.how_many && !s.who) {
            return Reading::Frame(frame(Kind::LatestComments));
        }
        if s.who && metric.is_none() && part.sentence.words.iter().any(|w| w.starts_with("comment"))
        {
            return Reading::Frame(frame(Kind::LatestCommenters));
        }
        let mut f = frame(Kind::LatestPost);
        f.media = media;
        return Reading::Frame(f);
    }
    // The people who comment most.
    let engaging = matches!(
        metric,
        Some(Metric::Comments | Metric::EngagementRate | Metric::Interactions)
    );
    // ("which of my trick reels left people most speechless — most comments": a post.)
    let which_post = s.which_one && (s.posts || !s.media.is_empty()) && !s.who;
    let fans = s.commenters
        || ((s.who || s.people) && engaging && (s.highest || s.more) && !which_post)
        || (s.who && metric == Some(Metric::Comments) && !s.how_many)
        || (s.followers && engaging && s.highest && !s.posts && s.media.is_empty());
    if fans {
        let mut f = frame(Kind::Fans);
        // "who is my follower that comments most": one person.
        let words = &part.sentence.words;
        let one_person = part.tokens.iter().any(|t| {
            matches!(
                t.text.as_str(),
                "follower" | "fan" | "commenter" | "supporter"
            )
        }) || words.windows(3).any(|w| {
            // "which mum comments the most"
            w[0] == "which"
                && !w[1].ends_with('s')
                && !matches!(w[1].as_str(), "people" | "folk" | "ppl" | "peeps" | "one")
                && matches!(w[2].as_str(), "comments" | "commented")
        });
        // ("who are the people that comment on my post the most": people, whatever the post.)
        let people = part
            .tokens
            .iter()
            .any(|t| matches!(t.text.as_str(), "people" | "ones" | "fans" | "commenters"));
        f.count = s.number.map(|n| n as usize).or(match s.plural {
            Some(false) if !people => Some(1),
            _ if s.which_one => Some(1),
            None if one_person => Some(1),
            _ => None,
        });
        return Reading::Frame(f);
    }
    if s.frequency && (s.publish || s.posts || !s.media.is_empty()) {
        let mut f = frame(Kind::Frequency);
        if f.period.is_some_and(|p| {
            let range = p.resolve(today);
            range.first == range.last
        }) {
            f.period = None;
        }
        return Reading::Frame(f);
    }
    // "can you recommend a good chalk paint for oak": advice about something else.
    let about_the_account =
        s.subject() || s.publish || s.format || s.hashtags || s.caption || s.time || s.when;
    if s.advice && !about_the_account && mostly_unknown(part, s) {
        return Reading::Nothing;
    }
    if s.advice && (!ranked_post || s.format) {
        let mut f = frame(Kind::Recommend);
        learning_window(&mut f);
        return Reading::Frame(f);
    }
    // A figure over two periods.
    let comparing = s.compare || s.over.is_some() || second.is_some();
    if comparing && !(s.trend && second.is_none() && !s.compare) {
        if let Some(figure) = figure(s) {
            let mut f = Frame::new(figure.kind);
            f.metric = figure.metric;
            f.media = figure.media;
            f.basis = figure.basis;
            let (current, versus) =
                compared_periods(s, period, second, after_than, previous, today);
            f.period = Some(current);
            f.versus = Some(versus);
            super::follow_up::distinct_versus(&mut f, today);
            return Reading::Frame(f);
        }
        if s.reference && metric.is_none() {
            return Reading::Clarify(Missing::Metric, Vec::new());
        }
    }
    // A direction over time.
    let moving = s.trend
        || ((s.loss || s.gain)
            && !s.followers
            && metric.is_some_and(|m| m != Metric::Follows)
            && !s.how_many
            && !s.highest
            && s.media.is_empty()
            && !s.posts);
    if moving && !s.followers {
        if metric.is_none() && s.reference {
            return Reading::Clarify(Missing::Metric, Vec::new());
        }
        let mut f = frame(Kind::Trend);
        f.metric = metric.filter(|m| crate::question::frame::account_metric(*m).is_some());
        return Reading::Frame(f);
    }
    // Followers: the count now, or its change.
    if s.followers && !s.commenters && !s.by_followers {
        let changing = s.gain || s.loss || s.change || s.trend;
        let named_period = period.is_some_and(|p| p != Period::Today || changing);
        if changing || (named_period && !s.now) {
            return Reading::Frame(frame(Kind::Growth));
        }
        if metric.is_none() || s.now || s.milestone {
            return Reading::Frame(frame(Kind::Followers));
        }
    }
    if s.milestone && metric.is_none() {
        return Reading::Frame(frame(Kind::Followers));
    }
    if (s.grow || ((s.loss || s.gain) && s.how_many))
        && metric.is_none()
        && !s.posts
        && s.media.is_empty()
    {
        // "how much did I grow", "how many did I lose"
        return Reading::Frame(frame(Kind::Growth));
    }
    // Posts ranked.
    let ranked = (s.highest || s.lowest)
        && (s.posts || !s.media.is_empty() || metric.is_some() || s.caption || s.which_one);
    let which_post = (s.which_one
        || part
            .sentence
            .words
            .iter()
            .any(|w| matches!(w.as_str(), "which" | "what")))
        && (s.posts || !s.media.is_empty() || s.which_one)
        && metric.is_some()
        && !s.how_many
        && !s.average
        && !s.total
        && (s.plural == Some(false) || s.which_one);
    if ranked || (s.caption && (s.posts || !s.media.is_empty() || s.highest)) || which_post {
        let mut f = frame(Kind::Top);
        let lowest = s.lowest && (!s.highest || lowest_wins(part));
        f.order = Some(if lowest {
            Order::Lowest
        } else {
            Order::Highest
        });
        f.metric = Some(match metric {
            Some(m) => m,
            None if lowest => Metric::EngagementRate,
            None => Metric::Interactions,
        });
        f.media = media;
        f.count = count();
        f.caption = s.caption;
        return Reading::Frame(f);
    }
    // Means per post.
    if s.average {
        if let Some(m) = metric {
            if m == Metric::EngagementRate {
                let mut f = frame(Kind::Rate);
                f.media = media;
                if s.by_followers || (s.followers && s.rate) {
                    f.basis = Some(RateBasis::Followers);
                }
                return Reading::Frame(f);
            }
            let mut f = frame(Kind::PostMean);
            f.metric = Some(m);
            f.media = media;
            return Reading::Frame(f);
        }
        if s.publish {
            return Reading::Frame(frame(Kind::Frequency));
        }
        if s.posts {
            return Reading::Clarify(Missing::Metric, Vec::new());
        }
    }
    // Posts published.
    let publishing = s.publish || (s.loss && (s.posts || !s.media.is_empty()) && !s.followers);
    if metric.is_none()
        && (s.how_many || s.total || publishing)
        && (s.posts || !s.media.is_empty() || publishing)
        && !s.rate
    {
        let mut f = frame(Kind::PostCount);
        f.media = media;
        return Reading::Frame(f);
    }
    // The engagement rate.
    if metric == Some(Metric::EngagementRate) || (s.rate && metric.is_none()) {
        let mut f = frame(Kind::Rate);
        f.media = media;
        if s.by_followers || (s.followers && s.rate) {
            f.basis = Some(RateBasis::Followers);
        }
        return Reading::Frame(f);
    }
    // Totals: of the posts named, or of the account.
    if let Some(m) = metric {
        let of_posts =
            s.posts || !s.media.is_empty() || crate::question::frame::account_metric(m).is_none();
        let mut f = frame(if of_posts {
            Kind::PostTotal
        } else {
            Kind::AccountTotal
        });
        f.metric = Some(m);
        if of_posts {
            f.media = media;
        }
        return Reading::Frame(f);
    }
    // "how is it going with the thing from tuesday": which thing?
    if (s.overview || s.performance)
        && !s.subject()
        && part
            .tokens
            .iter()
            .any(|t| matches!(t.text.as_str(), "thing" | "the thing" | "that one" | "one"))
    {
        return Reading::Clarify(Missing::Meaning, Vec::new());
    }
    // "how am I doing", "stats for October" ("wedding season is over, how did the summer
    // go": a time of the asker's own told beside the period asked).
    // ("just tell me how I'm doing, it's been a weird few weeks with the kiln breaking":
    // a story told beside it.)
    let own_times_only = s.unknown.iter().all(|(word, at)| {
        part.sentence.story(part.sentence.clauses[*at])
            || (!part.mentions.is_empty()
                && (STRETCHES.contains(&word.as_str()) || STRETCHES.contains(&part.word(at + 1))))
    });
    let subjectless = !s.subject() && !s.reference && (s.unknown.is_empty() || own_times_only);
    if s.overview || (s.performance && subjectless) {
        return Reading::Frame(frame(Kind::Overview));
    }
    // "how did my posts do last week": the overview of that week, which shows them.
    if s.performance
        && s.posts
        && s.media.is_empty()
        && !s.reference
        && s.unknown.is_empty()
        && s.metrics.is_empty()
    {
        return Reading::Frame(frame(Kind::Overview));
    }
    if s.performance && (!s.media.is_empty() || s.posts) && !s.reference && s.unknown.is_empty() {
        let mut f = frame(Kind::Rate);
        f.media = media;
        return Reading::Frame(f);
    }
    // Nothing that asks: a follow-up without a previous question, a word Pulse does not
    // know, or nothing about the account.
    let unknown: Vec<String> = s.unknown.iter().map(|(w, _)| w.clone()).collect();
    let many_unknown = mostly_unknown(part, s);
    if !refinement(s, periods).is_empty() && unknown.is_empty() || (s.follow_up && !many_unknown) {
        return Reading::Clarify(Missing::Context, Vec::new());
    }
    if many_unknown {
        return Reading::Nothing;
    }
    if s.on_topic()
        || s.performance
        || ((s.reference || !periods.is_empty()) && !unknown.is_empty())
    {
        return Reading::Clarify(
            if unknown.is_empty() {
                Missing::Metric
            } else {
                Missing::Meaning
            },
            unknown,
        );
    }
    if s.reference {
        return Reading::Clarify(Missing::Context, Vec::new());
    }
    Reading::Nothing
}

/// Whether most of what a question says is unknown ("write me a python script to resize my
/// photos"): not about the account, whatever word of it Pulse knows.
pub(super) fn mostly_unknown(part: &Part<'_>, s: &Signals) -> bool {
    let known = part
        .tokens
        .iter()
        .filter(|t| {
            t.role.as_ref().is_some_and(|r| {
                !matches!(r, Role::Filler | Role::Joiner | Role::Reference | Role::Now)
            })
        })
        .count();
    s.unknown.len() >= 2 && s.unknown.len() > known && !s.performance && !s.subject()
}

/// "worst … most": which end a question with both words asks for.
pub(super) fn lowest_wins(part: &Part<'_>) -> bool {
    part.tokens
        .iter()
        .find_map(|t| match t.role {
            Some(Role::Lowest) => Some(true),
            Some(Role::Highest) => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

/// The figure of a comparison.
pub(super) struct Compared {
    pub(super) kind: Kind,
    pub(super) metric: Option<Metric>,
    pub(super) media: Option<MediaKind>,
    pub(super) basis: Option<RateBasis>,
}

pub(super) fn figure(s: &Signals) -> Option<Compared> {
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
pub(super) fn compared_periods(
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
        let current = period.unwrap_or(current);
        return (current, second.unwrap_or_else(|| current.before(today)));
    }
    if after_than {
        if let Some(then) = period {
            return (now_like(then, today), then);
        }
    }
    let base = period
        .or_else(|| previous.and_then(|p| p.period))
        .unwrap_or(Period::DEFAULT);
    match second {
        Some(second) => (base, second),
        None => (base, base.before(today)),
    }
}

/// Unknown words that change what is asked: right next to its subject ("the *giveaway*
/// post", "*hit* rate"), describing a post ("the post with the *red dress*"), a time Pulse
/// cannot read ("during *wedding* season"), or in a question with no other subject ("how
/// did the *collab* do"). Leads and comments may hold any words (they describe the comments
/// looked for); unknown words in a clause that asks nothing are background.
pub(super) fn blocking_unknowns(part: &Part<'_>, s: &Signals, frame: &Frame) -> Vec<String> {
    // Where the answer does not depend on which posts a word picks (advice, groups of
    // posts, people), or where any words describe what is looked for (buyers' comments),
    // unknown words are background.
    let picks_posts = matches!(
        frame.kind,
        Kind::Overview
            | Kind::Rate
            | Kind::PostTotal
            | Kind::PostCount
            | Kind::PostMean
            | Kind::LatestPost
    ) || frame.versus.is_some();
    if s.unknown.is_empty() {
        return Vec::new();
    }
    if !picks_posts {
        return unreadable_times(part, s, frame);
    }
    let asking_clauses: HashSet<usize> = part
        .tokens
        .iter()
        .filter(|t| {
            t.role.as_ref().is_some_and(|r| {
                is_head(r) || matches!(r, Role::Posts | Role::Performance | Role::Publish)
            })
        })
        .map(|t| t.clause)
        .collect();
    let determiners = [
        "the", "a", "my", "our", "that", "this", "your", "those", "these",
    ];
    let mut blocking = Vec::new();
    for (word, at) in &s.unknown {
        let at = *at;
        let clause = part.sentence.clauses[at];
        if !asking_clauses.contains(&clause) || part.sentence.statement(clause) {
            continue;
        }
        let role_at = |position: usize| {
            part.token_at(position)
                .filter(|t| t.clause == clause)
                .and_then(|t| t.role.clone())
        };
        let describes = |role: &Option<Role>| {
            matches!(
                role,
                Some(Role::Posts | Role::Media(_) | Role::Latest | Role::Hashtags)
            )
        };
        // "post" right after "I always" is the verb, not a post.
        let noun_at = |position: usize| {
            describes(&role_at(position))
                && !(part.word(position) == "post"
                    && (1..=2).any(|k| {
                        position >= k
                            && matches!(part.word(position - k), "i" | "we" | "you" | "to")
                    }))
        };
        // "my gym reels", "the healed tattoo carousels": a kind of post described, the
        // answer covers them all (and says which words it went without); "the giveaway
        // post" is one post Pulse cannot tell.
        let plural_group = |position: usize| {
            part.token_at(position).is_some_and(|t| {
                matches!(t.role, Some(Role::Posts | Role::Media(_)))
                    && t.text.ends_with('s')
                    && !matches!(t.text.as_str(), "this" | "us")
            })
        };
        let noun_after = if noun_at(at + 1) {
            Some(at + 1)
        } else if part.token_at(at + 1).is_some_and(|t| t.role.is_none()) && noun_at(at + 2) {
            Some(at + 2)
        } else {
            None
        };
        // (Not in a question mostly in another language: "mis posts la semana pasada".)
        let described_group = noun_after.is_some_and(plural_group)
            && s.unknown.len() <= 2
            && matches!(
                frame.kind,
                Kind::PostTotal | Kind::PostMean | Kind::PostCount | Kind::Top | Kind::Rate
            );
        let before_subject = (noun_after.is_some() && !described_group)
            || matches!(role_at(at + 1), Some(Role::Rate));
        let describing_post = (1..=3).any(|back| {
            at >= back
                && matches!(part.word(at - back), "with" | "about" | "of")
                && (at - back..at).all(|k| {
                    k == at - back
                        || determiners.contains(&part.word(k))
                        || part.token_at(k).is_some_and(|t| t.role.is_none())
                })
                && at - back > 0
                && matches!(
                    role_at(at - back - 1).or_else(|| role_at((at - back).saturating_sub(2))),
                    Some(Role::Posts | Role::Media(_) | Role::Reference)
                )
        });
        let unreadable_time = names_a_time(part, at);
        let after_determiner = (1..=2).any(|k| at >= k && determiners.contains(&part.word(at - k)));
        let subjectless = matches!(frame.kind, Kind::Overview)
            && !s.subject()
            && part.mentions.is_empty()
            && (!s.overview || after_determiner);
        if before_subject || describing_post || unreadable_time || subjectless {
            blocking.push(word.clone());
        }
    }
    blocking
}

/// Words for a stretch of time that a word before them names ("*diwali* week", "*wedding*
/// season").
const STRETCHES: &[&str] = &[
    "week",
    "weekend",
    "season",
    "holidays",
    "holiday",
    "break",
    "term",
    "festival",
    "fortnight",
    "month",
];

/// Whether the unknown word at `at` names a time Pulse cannot place: after "during",
/// "since", "over" … ("since *easter*", "since we *switched* brokerages", "over half
/// *term*"), or before a word for a stretch of time ("*diwali* week", "*wedding* season").
fn names_a_time(part: &Part<'_>, at: usize) -> bool {
    // "during the retreat, 2 to 9 October", "festival season this summer": the dates are
    // said too.
    if part.mentions.iter().any(|m| !matches!(m.when, When::Vague)) {
        return false;
    }
    let between = [
        "i", "we", "my", "our", "the", "a", "they", "half", "this", "last",
    ];
    let after_a_time_word = (1..=3).any(|back| {
        at >= back
            && matches!(
                part.word(at - back),
                "during" | "since" | "after" | "around" | "over" | "until" | "till"
            )
            && (at - back + 1..at).all(|k| {
                between.contains(&part.word(k))
                    || part.token_at(k).is_some_and(|t| t.role.is_none())
            })
    });
    let before_a_stretch =
        STRETCHES.contains(&part.word(at + 1)) && !matches!(part.word(at + 2), "of");
    after_a_time_word || before_a_stretch
}

/// For a frame whose answer does not pick posts by the words around them, the unknown words
/// that still change it: a time Pulse cannot place ([`names_a_time`]), where the frame has
/// a period.
fn unreadable_times(part: &Part<'_>, s: &Signals, frame: &Frame) -> Vec<String> {
    // ("what should I post for wedding season": the goal of advice, which learns from its
    // own window.)
    if !frame.kind.takes_period() || (frame.kind == Kind::Recommend && s.advice) {
        return Vec::new();
    }
    s.unknown
        .iter()
        .filter(|(_, at)| !part.sentence.statement(part.sentence.clauses[*at]))
        .filter(|(_, at)| names_a_time(part, *at))
        .map(|(word, _)| word.clone())
        .collect()
}
