//! Which roles a frame uses: the strong ones (an unused one would make the answer one to
//! another question), the heads that decide a kind, what each kind accepts, and the tokens a
//! frame would leave unused.

use crate::metric::Metric;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::reading::sentence::Token;
use crate::question::reading::signals::Part;
use crate::question::Audience;

/// Whether a role, left unused by a frame, would make the answer one to another question
/// (a place, a second metric); the others ("usually", "report", "said") only colour it.
pub(in crate::question::reading) fn strong(role: &Role) -> bool {
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
pub(in crate::question::reading) fn is_head(role: &Role) -> bool {
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
                    // "are any of our followers asking about class prices": who asks.
                    | Followers | People
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
                    // "do my followers engage more in the morning": whose engagement.
                        | Followers
                )
        }
        Kind::Weekdays => {
            metric
                || matches!(
                    role,
                    DayOfWeek | Highest | Lowest | Advice | When | Media(_) | Rate | Followers
                )
        }
        Kind::Demographics => matches!(role, Where | Age | Gender | Followers | Highest | Rate),
        // ("how many followers did my last reel bring in": its follows, which it shows.)
        Kind::LatestPost => {
            metric
                || matches!(
                    role,
                    Latest
                        | Media(_)
                        | HowMany
                        | Overview
                        | Highest
                        | Lowest
                        | Advice
                        | Rate
                        | Followers
                        | Gain
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
pub(in crate::question::reading) fn leftover<'s>(part: &Part<'s>, frame: &Frame) -> Vec<&'s Token> {
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
                // "follower count and top cities": the count, asked beside where they are;
                // "the stats for july + our follower count": beside the stats.
                Some(Role::Followers)
                    if frame.kind == Kind::Demographics
                        || (frame.kind == Kind::Growth
                            && part
                                .tokens
                                .iter()
                                .any(|o| o.role == Some(Role::Overview) && o.at < t.at)) =>
                {
                    t.text.contains("count") || t.text.contains("number")
                }
                // "where my fans at": the audience, by the name its keenest go by.
                Some(Role::Commenters)
                    if frame.kind == Kind::Demographics
                        && matches!(t.text.as_str(), "fans" | "fanbase") =>
                {
                    false
                }
                // "what time of day should we post": when to post.
                Some(Role::PartOfDay)
                    if frame.kind == Kind::BestTime && t.text.contains("time of") =>
                {
                    false
                }
                // "all formats": every type of post, which a frame without one covers.
                Some(Role::Format)
                    if frame.media.is_none() && super::super::follow_up::widens(part) =>
                {
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

/// "worst … most": which end a question with both words asks for.
pub(super) fn lowest_wins(part: &Part<'_>) -> bool {
    // ("top 5 worst posts": "top" is the list, "worst" its end; "my biggest flops" are read
    // in sentence/context.rs.)
    let list_of_the_lowest = |t: &&Token| {
        t.text == "top"
            && (1..=2).any(|k| {
                part.token_at(t.at + k)
                    .is_some_and(|next| matches!(next.role, Some(Role::Lowest)))
            })
    };
    part.tokens
        .iter()
        .filter(|t| !list_of_the_lowest(t))
        .find_map(|t| match t.role {
            Some(Role::Lowest) => Some(true),
            Some(Role::Highest) => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}
