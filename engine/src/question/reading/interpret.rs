//! Reading one part of a question ([`interpret`]): first what is not about the account,
//! then what Pulse cannot see, then a follow-up that only refines the previous question, else
//! the frame `decide` builds.

use super::decide::{blocking_unknowns, decide, mostly_unknown};
use super::follow_up::{follow_up_cue, refinement, splits_it, widens, Cue, Refinement};
use super::requests::{asks_an_action, asks_for_a_thing, asks_for_writing};
use super::signals::{Part, Signals};
use super::unseen::unseen;
use super::Reading;
use crate::analytics::Order;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::when::When;
use crate::question::Missing;

/// Reads one part of a question.
pub(super) fn interpret(part: &Part<'_>, s: &Signals, previous: Option<&Frame>) -> Reading {
    // "the second and third?", "reverse it, lowest first": the ranking shown, moved.
    if let Some(moved) = previous.and_then(|p| super::ranks::moved_along(part, p)) {
        return Reading::Frame(moved);
    }
    let mut periods = part.periods();
    // "the second half of the month": of the month asked about before, or this one.
    for when in &mut periods {
        if matches!(when, When::HalfOfThatPeriod(_)) {
            let month = previous.and_then(|p| p.period).unwrap_or(Period::ThisMonth);
            *when = When::Period(super::decide::shift(when, month, part.sentence.today));
        }
    }
    if let Some(day) = super::days_told::weekday_beside_the_day(part, previous) {
        periods = vec![When::Period(Period::Between(day, day))];
    }
    if let Some(weekend) = super::days_told::long_weekend_of_the_day(part, previous) {
        periods = vec![When::Period(weekend)];
    }
    if let Some(day) = super::days_told::since_the_day_told(part) {
        periods = vec![When::Period(Period::Since(day))];
    }
    // "And comments, in total?" after this month's likes: the total of that month, not of
    // all time ("in total" is all time only when nothing else names a period).
    // ("and since I started?" is all time all the same.)
    let only_in_total = !part.mentions.is_empty()
        && part.mentions.iter().all(|m| {
            m.weak
                && m.when == When::Period(crate::period::Period::AllTime)
                && part.word(m.start) != "since"
        });
    if only_in_total && previous.is_some_and(|p| p.period.is_some()) {
        periods.clear();
    }
    // "prior 30d", "prev 2 wks?" after a question of the last 30 days or two weeks: the
    // days before them, not the same ones again.
    if let Some(asked) = previous.and_then(|p| p.period).filter(|p| {
        matches!(
            p,
            crate::period::Period::LastDays(_) | crate::period::Period::LastMonths(_)
        )
    }) {
        let preceding = part.mentions.iter().any(|m| {
            m.when == When::Period(asked)
                && (m.start.saturating_sub(1)..=m.start + 1)
                    .any(|at| matches!(part.word(at), "previous" | "prior" | "prev" | "preceding"))
        });
        if preceding {
            for when in periods.iter_mut().filter(|w| **w == When::Period(asked)) {
                *when = When::Before(None);
            }
        }
    }
    // "write me a python script", "what's the capital of Australia": not about the account.
    // ("a discount code for the people who commented on my latest post" is about the account.)
    // ("what lens should I buy": the one buying is the asker, not a lead.)
    let buyers = s.leads
        && part.tokens.iter().any(|t| {
            matches!(t.role, Some(Role::Leads))
                && !(t.text == "buy"
                    && matches!(
                        part.word(t.at.saturating_sub(1)),
                        "i" | "we" | "should" | "to" | "can"
                    ))
        });
    let about_account = !s.metrics.is_empty()
        || s.followers
        || s.hashtags
        || s.commenters
        || s.latest
        || buyers
        || s.posts
        || !s.media.is_empty();
    // ("when does Ramadan end this year?", "when is Diwali": the calendar's, not the
    // account's.)
    let asks_a_date = !about_account
        && part.tokens.iter().all(|t| {
            matches!(
                t.role,
                None | Some(Role::When | Role::Filler | Role::Joiner)
            )
        })
        && !part.mentions.is_empty()
        && super::requests::asks_when(&part.sentence.words);
    if (s.off_topic && (!about_account || s.code))
        || asks_for_writing(&part.sentence.words)
        || asks_for_a_thing(&part.sentence.words)
        || asks_a_date
    {
        return Reading::Nothing;
    }
    if let Some(unseen) = asks_an_action(&part.sentence.words) {
        return Reading::Outside(unseen, None);
    }
    // Something Pulse cannot see, unless it is only background to a question it can answer.
    if let Some(unseen) = unseen(part, s, &periods) {
        // What a follow-up may refine: the question about the account itself, or at least
        // its period ("who unfollowed me this week?" → "then how many did I lose").
        let instead = match decide(part, s, &periods, previous) {
            Reading::Frame(frame) => Some(frame),
            _ => periods.iter().find_map(|p| match p {
                When::Period(period) => {
                    let mut frame = Frame::new(Kind::Overview);
                    frame.period = Some(*period);
                    Some(frame)
                }
                _ => None,
            }),
        };
        return Reading::Outside(unseen, instead);
    }
    // "did changing my posting schedule help?": a change on a day Pulse does not know; which
    // days to weigh, asked.
    let words = &part.sentence.words;
    let change_judged = s.performance
        && part.mentions.is_empty()
        && words.windows(2).any(|pair| {
            matches!(pair[0].as_str(), "did" | "has" | "have" | "does" | "is")
                && matches!(
                    pair[1].as_str(),
                    "changing"
                        | "switching"
                        | "moving"
                        | "swapping"
                        | "updating"
                        | "redoing"
                        | "rebranding"
                        | "renaming"
                        | "dropping"
                        | "starting"
                        | "stopping"
                        | "pausing"
                )
        });
    if periods.contains(&When::Vague) || change_judged {
        return Reading::Clarify(Missing::Dates, Vec::new());
    }
    if let Some(previous) = previous {
        if let Some(frame) = super::alone::said_alone(part, previous) {
            return Reading::Frame(frame);
        }
        // "is that more than last week?", "it is more or less than in September?": the
        // previous question, compared.
        // ("is more or less than the week before?": the "it" left out.)
        let it_left_out = words.iter().any(|w| w == "than")
            && words.first().is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "is" | "was" | "more" | "less" | "higher" | "lower" | "better" | "worse"
                )
            });
        let about_it = (s.reference || it_left_out)
            && !s.subject()
            && (s.more || s.less || s.compare || s.trend)
            && !s.latest;
        // A follow-up says so ("and in October?", "what about reach", "by shares", "is that
        // more than…") or names nothing of its own to ask about ("only carousels", "last
        // week?"); "what was my reach yesterday" and "likes this week vs last" are new
        // questions, and so is one Pulse mostly does not understand.
        // "likes", "nah do likes": a figure named alone, after a question, is that question
        // by this figure.
        let only_a_figure = !s.metrics.is_empty()
            && s.kind_heads == 0
            && part.mentions.is_empty()
            && part.tokens.len() <= 6
            && part
                .tokens
                .iter()
                .all(|t| matches!(t.role, Some(Role::Metric(_) | Role::Filler | Role::Joiner)));
        let cue = follow_up_cue(part, s) > Cue::None || only_a_figure;
        let own_subject = !s.metrics.is_empty() || s.followers || s.posts;
        let mostly_new = !s.unknown.is_empty() && !cue;
        // "include all formats", "all post types": the previous question without its type.
        if previous.media.is_some()
            && s.media.is_empty()
            && s.metrics.is_empty()
            && part.mentions.is_empty()
            && widens(part)
        {
            // ("make it 10 and include all post types": how many, too.)
            return Reading::Fragment(Refinement {
                every_type: true,
                count: number_said(part).filter(|_| previous.kind == Kind::Top),
                ..Refinement::default()
            });
        }
        // "and who left them?" after how many comments: the people who commented most, in
        // that period.
        let words = &part.sentence.words;
        // "and their views in total?" after how many posts: those posts' views; "the average
        // views per reel for those": per post.
        let of_those = words
            .iter()
            .any(|w| matches!(w.as_str(), "their" | "they" | "those" | "them"));
        if previous.kind == Kind::PostCount
            && of_those
            && s.metrics.len() == 1
            && s.metrics[0] != Metric::EngagementRate
            && periods.len() <= 1
            && !(s.compare || s.highest || s.lowest || s.more || s.less)
            && !(s.which_one || s.which_of_many)
        {
            // ("what's the average views per reel for those?": per post.)
            let mut total = Frame::new(if s.average {
                Kind::PostMean
            } else {
                Kind::PostTotal
            });
            total.metric = s.metrics.first().copied();
            total.media = previous.media.or(s.media.first().copied());
            total.period = first_period(&periods).or(previous.period);
            return Reading::Frame(total);
        }
        if let Some(asked) = super::asked_after::asked_after(part, s, &periods, previous) {
            return Reading::Frame(asked);
        }
        if let Some(moved) = super::asked_after::why_it_moved(part, s, &periods, previous) {
            return Reading::Fragment(moved);
        }
        if let Some(ranked) = super::asked_after::ranked_again(part, s, previous) {
            return Reading::Fragment(ranked);
        }
        if let Some(by) = super::asked_after::broken_down_by_average(part, s, previous) {
            return Reading::Fragment(by);
        }
        // "please show the text of this post" after the most liked post: its caption.
        if s.caption
            && previous.kind == Kind::Top
            && s.metrics.is_empty()
            && s.media.is_empty()
            && !s.highest
            && !s.lowest
            && part.mentions.is_empty()
        {
            // ("the first 3, with the text": those many.)
            // ("make it 10 and add the captions": how many, too.)
            return Reading::Fragment(Refinement {
                caption: true,
                count: s.number.map(|n| n as usize).or_else(|| number_said(part)),
                ..Refinement::default()
            });
        }
        // "+ who commented" after what people say on the newest post: who, on that post.
        if s.who
            && s.metrics.iter().all(|m| *m == Metric::Comments)
            && s.media.is_empty()
            && !s.followers
            && !s.highest
            && part.mentions.is_empty()
            && s.unknown.is_empty()
            && matches!(previous.kind, Kind::LatestComments | Kind::LatestPost)
        {
            return Reading::Frame(Frame::new(Kind::LatestCommenters));
        }
        let about_them = words.iter().any(|w| {
            matches!(
                w.as_str(),
                "they" | "them" | "those" | "left" | "wrote" | "commented" | "posted"
            )
        });
        if s.who
            && about_them
            && s.metrics.iter().all(|m| *m == Metric::Comments)
            && s.media.is_empty()
            && !s.followers
            && s.unknown.iter().all(|(w, _)| w == "left")
            && matches!(previous.kind, Kind::AccountTotal | Kind::PostTotal)
            && previous.metric == Some(Metric::Comments)
        {
            let mut fans = Frame::new(Kind::Fans);
            fans.period = first_period(&periods).or(previous.period);
            return Reading::Frame(fans);
        }
        // "and the average per carousel" after the total saves on carousels: that figure
        // per post.
        if s.average
            && s.metrics.is_empty()
            && !s.rate
            && s.unknown.is_empty()
            && !s.followers
            && matches!(
                previous.kind,
                Kind::PostTotal | Kind::Top | Kind::AccountTotal
            )
        {
            return Reading::Fragment(Refinement {
                average: true,
                ..refinement(s, &periods)
            });
        }
        // "And the reach of the account on those days?" after the likes of the posts: the
        // account's figure, not the posts'.
        if super::names_the_account(part)
            && matches!(previous.kind, Kind::PostTotal | Kind::PostMean)
            && s.metrics.len() == 1
            && crate::question::frame::account_metric(s.metrics[0]).is_some()
            && s.media.is_empty()
            && !s.posts
        {
            let mut total = Frame::new(Kind::AccountTotal);
            total.metric = Some(s.metrics[0]);
            total.period = first_period(&periods).or(previous.period);
            return Reading::Frame(total);
        }
        // "and what did they get in total, all the summer reels together?" after the top 3
        // reels: the figure they were ranked by, summed over those reels' period.
        let in_total = part.mentions.iter().any(|m| {
            m.weak
                && m.when == When::Period(crate::period::Period::AllTime)
                && matches!(part.word(m.start), "in" | "all" | "altogether")
        }) || words
            .iter()
            .any(|w| matches!(w.as_str(), "total" | "combined"));
        if in_total
            && previous.kind == Kind::Top
            && s.metrics.iter().all(|m| Some(*m) == previous.metric)
            && !s.highest
            && !s.lowest
            && !s.followers
            && periods.iter().all(|when| match when {
                When::Period(period) => {
                    *period == crate::period::Period::AllTime || Some(*period) == previous.period
                }
                _ => false,
            })
            && (cue || s.reference || words.len() <= 4)
        {
            return Reading::Fragment(Refinement {
                total: true,
                period: None,
                ..refinement(s, &periods)
            });
        }
        let alone = s.metrics.iter().all(|m| Some(*m) == previous.metric)
            && !(s.highest || s.lowest || s.followers || s.average)
            && words.len() <= 4;
        if let Some(total) = super::alone::in_total(in_total && alone, previous, &periods) {
            return Reading::Frame(total);
        }
        // "only the ones that commented this week" after who comments most: the same
        // people, in that period.
        if previous.kind == Kind::Fans
            && s.metrics.iter().all(|m| *m == Metric::Comments)
            && !s.followers
            && cue
        {
            let refinement = refinement(s, &periods);
            if refinement.period.is_some() || refinement.count.is_some() {
                return Reading::Fragment(super::follow_up::Refinement {
                    metrics: Vec::new(),
                    ..refinement
                });
            }
        }
        if let Some(reading) = super::either_way::either_way(part, s, previous, &periods) {
            return reading;
        }
        // "cool now compare my views this month to last month" after the top reels: a
        // comparison of its own, which a ranking cannot take.
        let compares_afresh =
            own_subject && !previous.kind.comparable() && compares_two_named_periods(part, s);
        if (s.kind_heads == 0 && (cue || !own_subject) && !mostly_new && !compares_afresh)
            || about_it
        {
            // A follow-up that only refines the previous question ("and in October?").
            let refinement = refinement(s, &periods);
            // "is it going up or down over the past 2 weeks" after reach last week: which
            // way that figure goes, over the period named.
            let which_way = s.trend && !s.more && !s.less && !s.compare && s.metrics.is_empty();
            if which_way && previous.metric.is_some() {
                let mut trend = Frame::new(Kind::Trend);
                trend.metric = previous
                    .metric
                    .filter(|m| crate::question::frame::account_metric(*m).is_some());
                trend.period = first_period(&periods).or(previous.period);
                return Reading::Frame(trend);
            }
            if !refinement.is_empty() {
                return Reading::Fragment(refinement);
            }
            // "and who wrote them?" after what people said on the newest post: who.
            if s.who
                && !s.subject()
                && s.metrics.iter().all(|m| *m == Metric::Comments)
                && matches!(previous.kind, Kind::LatestComments | Kind::LatestPost)
            {
                return Reading::Frame(Frame::new(Kind::LatestCommenters));
            }
            // "ok, and mine?", "how many have I?" after a question about another account.
            if (s.mine || s.how_many) && !s.subject() && s.unknown.is_empty() {
                // "and how many do I have now?", "… altogether?" after a question about
                // growth: the count.
                if (s.now || only_in_total) && previous.kind == Kind::Growth {
                    return Reading::Frame(Frame::new(Kind::Followers));
                }
                return Reading::Frame(previous.clone());
            }
        }
    }
    let mut reading = decide(part, s, &periods, previous);
    if let Reading::Frame(frame) = &mut reading {
        if previous.is_none() {
            super::decide::own_window_over_a_told_time(part, frame);
        }
        super::decide::followers_now_against_then(part, frame);
    }
    // "can alpacas eat carrots": nothing about the account and mostly words Pulse does not
    // know is not a question to clarify but one outside what Pulse answers.
    if matches!(reading, Reading::Clarify(Missing::Meaning, _))
        && part.mentions.is_empty()
        && mostly_unknown(part, s)
    {
        return Reading::Nothing;
    }
    // "I posted a series of seascapes over half-term. How did they do?": how posts Pulse
    // cannot pick did, not how many there were.
    if let Reading::Frame(frame) = &reading {
        if frame.kind == Kind::PostCount && s.how_did && !s.how_many && !s.unknown.is_empty() {
            // ("… put up a few posts. How did the account do overall last week?": the
            // account, summed up.)
            let the_account = part.sentence.words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "account" | "overall" | "page" | "profile" | "insta" | "instagram"
                )
            });
            if the_account {
                let mut overview = Frame::new(Kind::Overview);
                overview.period = frame.period;
                return Reading::Frame(overview);
            }
            return Reading::Clarify(
                Missing::Meaning,
                s.unknown.iter().map(|(word, _)| word.clone()).collect(),
            );
        }
    }
    if let Reading::Frame(frame) = &mut reading {
        // Unknown words next to what is asked change it: ask. Others are background.
        let blocking = blocking_unknowns(part, s, frame);
        if !blocking.is_empty() {
            if mostly_unknown(part, s) {
                return Reading::Nothing;
            }
            return Reading::Clarify(Missing::Meaning, blocking);
        }
        // "and how many reels?", "what was the avg reach on them": the previous period.
        let refers_back = follow_up_cue(part, s) == Cue::Strong;
        if let Some(previous) = previous {
            // Not advice that learns from its own window ("… and also when's the best
            // time to post"), unless the question before was such advice too.
            let words = &part.sentence.words;
            let names_that_period = words.iter().enumerate().any(|(at, word)| {
                word == "same"
                    || (matches!(word.as_str(), "that" | "those")
                        // ("in those 30 days")
                        && words
                            .get(at + 1)
                            .filter(|next| !next.chars().all(|c| c.is_ascii_digit()))
                            .or(words.get(at + 2))
                            .is_some_and(|next| {
                            matches!(
                                next.as_str(),
                                "time"
                                    | "period"
                                    | "week"
                                    | "weekend"
                                    | "month"
                                    | "year"
                                    | "quarter"
                                    | "days"
                                    | "dates"
                                    | "window"
                                    | "day"
                                    | "stretch"
                                    | "span"
                                    | "range"
                                    | "timeframe"
                                    | "season"
                            )
                        }))
                    // ("any buyers in those comments?", "any leads in them?", "how many
                    // posts is that based on": what was just given, so its period.)
                    || (matches!(word.as_str(), "those" | "these")
                        && words.get(at + 1).is_some_and(|next| {
                            matches!(next.as_str(), "comments" | "posts" | "reels" | "ones")
                        }))
                    || (word == "them"
                        && at > 0
                        && matches!(words[at - 1].as_str(), "in" | "on" | "among" | "under"))
                    || (word == "based"
                        && words.get(at + 1).is_some_and(|next| next == "on")
                        && words[..at].iter().any(|w| w == "that"))
            });
            let own_window = frame.kind.groups_posts()
                && !previous.kind.groups_posts()
                && !names_that_period
                && !splits_it(part);
            // "the top 5 posts in that window": the period just asked about.
            // (The weekdays named in a question about weekdays are its groups: "which
            // weekday did best in that time? hopefully not just fridays".)
            if (refers_back || names_that_period)
                && !part
                    .mentions
                    .iter()
                    .any(|m| !(m.weak || frame.kind == Kind::Weekdays && m.weekday.is_some()))
                && frame.kind.takes_period()
                && !own_window
            {
                if let Some(period) = previous.period {
                    frame.period = Some(since_then(part, period));
                }
                // "and net follower growth" after reach in October against September, "ok
                // and followers gained, same months": the same two months.
                let same_two = words.windows(2).any(|pair| {
                    pair[0] == "same"
                        && matches!(
                            pair[1].as_str(),
                            "months" | "weeks" | "years" | "quarters" | "periods" | "two"
                        )
                });
                let opens_with_and = part.word(0) == "and"
                    || (super::follow_up::OPENERS.contains(&part.word(0)) && part.word(1) == "and");
                if previous.versus.is_some()
                    && frame.versus.is_none()
                    && frame.kind.comparable()
                    && previous.period.is_some()
                    // (not "in those 14 days": the one period named)
                    && (opens_with_and && !names_that_period || same_two)
                {
                    frame.versus = previous.versus;
                }
            }
            // "and which day of the week?" after which part of the day gets the most saves,
            // "now the top 3 carousels" after the most saved reel: still by saves.
            let same_family = |a: Kind, b: Kind| {
                let grouped =
                    |k: Kind| matches!(k, Kind::PartsOfDay | Kind::Weekdays | Kind::ByType);
                (grouped(a) && grouped(b)) || (a == Kind::Top && b == Kind::Top)
            };
            // ("ok n the worst 3 reels?" after which post went crazy: the worst by
            // engagement rate, not by the interactions "went crazy" stood for.)
            let worst_after_best = frame.order == Some(Order::Lowest)
                && previous.order != Some(Order::Lowest)
                && previous.metric == Some(Metric::Interactions);
            if follow_up_cue(part, s) > Cue::None
                && s.metrics.is_empty()
                && same_family(frame.kind, previous.kind)
                && previous.metric.is_some()
                && !worst_after_best
            {
                frame.metric = previous.metric;
            }
            // ("top 5 instead, reels only" after the top 10 with captions: still with them.)
            if refers_back && frame.kind == Kind::Top && previous.kind == Kind::Top {
                frame.caption |= previous.caption;
            }
            // "carousels vs reels?" after the average comments per post: those types by
            // comments, over the same months.
            let short = part
                .tokens
                .iter()
                .filter(|t| !matches!(t.role, Some(Role::Filler | Role::Joiner)))
                .count()
                <= 4;
            if frame.kind == Kind::ByType
                && s.metrics.is_empty()
                && !s.rate
                && short
                && matches!(
                    previous.kind,
                    Kind::PostMean | Kind::PostTotal | Kind::Top | Kind::AccountTotal
                )
                && previous.metric.is_some()
            {
                frame.metric = previous.metric;
                if !part.mentions.iter().any(|m| !m.weak) {
                    frame.period = previous.period.or(frame.period);
                }
            }
            // "how many reels" after the posts published last month: those of them, then;
            // "split by format" after last month's engagement rate: that month's, by type.
            let split_rate =
                frame.kind == Kind::ByType && previous.kind == Kind::Rate && s.media.is_empty();
            if (frame.kind == previous.kind && frame.kind == Kind::PostCount || split_rate)
                && short
                && (!s.media.is_empty() || split_rate)
                && !part.mentions.iter().any(|m| !m.weak)
            {
                frame.period = previous.period.or(frame.period);
            }
            // "who are the top 3 people commenting" after how many comments last week: the
            // people who left those comments.
            if frame.kind == Kind::Fans
                && previous.metric == Some(Metric::Comments)
                && matches!(previous.kind, Kind::AccountTotal | Kind::PostTotal)
                && !part.mentions.iter().any(|m| !m.weak)
                // (not one day: too few comments to rank people by)
                && previous
                    .period
                    .is_some_and(|p| !p.is_one_day(part.sentence.today))
            {
                frame.period = previous.period;
            }
            // "how many views did they get": they are the previous question's reels.
            // "… and the total likes on them": the posts just counted or ranked.
            let on_those_posts = matches!(
                previous.kind,
                Kind::PostCount | Kind::Top | Kind::PostTotal | Kind::PostMean
            ) && part.sentence.words.windows(2).any(|pair| {
                (matches!(pair[0].as_str(), "on" | "of" | "for" | "across")
                    && matches!(pair[1].as_str(), "them" | "those" | "these"))
                    // "how many likes did they get"
                    || (matches!(pair[0].as_str(), "did" | "do" | "have")
                        && pair[1] == "they"
                        && part.tokens.iter().any(|t| t.text == "they"))
            });
            // "… and how many did I post": how many of what was just named.
            let elided = part.sentence.words.windows(3).any(|w| {
                w[0] == "how"
                    && w[1] == "many"
                    && matches!(
                        w[2].as_str(),
                        "did" | "do" | "have" | "has" | "were" | "are"
                    )
            });
            // ("… how many did I post": the verb, not posts of every type.)
            let posts_named = s.posts && !(elided && s.publish);
            // ("now compare my views this month to last month" after the top reels: the
            // account's.)
            let my_own_comparison = part.tokens.iter().any(|t| {
                matches!(t.role, Some(Role::Metric(_)))
                    && t.at > 0
                    && matches!(part.word(t.at - 1), "my" | "our")
            }) && compares_two_named_periods(part, s);
            if (refers_back || elided)
                && s.media.is_empty()
                && !posts_named
                && !my_own_comparison
                && (previous.media.is_some() || on_those_posts)
            {
                if frame.kind == Kind::AccountTotal
                    && frame
                        .metric
                        .is_some_and(|m| super::super::frame::account_metric(m).is_some())
                {
                    frame.kind = Kind::PostTotal;
                }
                if matches!(
                    frame.kind,
                    Kind::PostTotal | Kind::PostMean | Kind::Top | Kind::PostCount | Kind::Rate
                ) {
                    frame.media = previous.media;
                }
            }
            // "top 5 tho, by views" after the best reel ever: the same posts, ranked again.
            if frame.kind == Kind::Top
                && previous.kind == Kind::Top
                && follow_up_cue(part, s) > Cue::None
                && s.media.is_empty()
                // ("now the flops": the posts, named by how they did, not every type.)
                && !part.tokens.iter().any(|t| matches!(t.role, Some(Role::Posts)))
                && !part.mentions.iter().any(|m| !m.weak)
            {
                frame.media = frame.media.or(previous.media);
                frame.period = previous.period.or(frame.period);
            }
        }
    }
    reading
}

/// Whether a part compares two periods it names ("compare my views this month to last
/// month").
fn compares_two_named_periods(part: &Part<'_>, s: &Signals) -> bool {
    (s.compare || s.more || s.less) && part.mentions.iter().filter(|m| !m.weak).count() >= 2
}

/// The first of a part's periods that names days.
pub(super) fn first_period(periods: &[When]) -> Option<crate::period::Period> {
    periods.iter().find_map(|when| match when {
        When::Period(period) => Some(*period),
        _ => None,
    })
}

/// The period a follow-up points back at: the one just asked about, or, for "since then"
/// after a period that has ended ("reach in september" → "how many likes since then"),
/// the days after it.
fn since_then(part: &Part<'_>, previous: Period) -> Period {
    let today = part.sentence.today;
    let since = part
        .sentence
        .words
        .windows(2)
        .any(|w| w[0] == "since" && matches!(w[1].as_str(), "then" | "that"));
    let range = previous.resolve(today);
    match range.last.succ_opt() {
        Some(after) if since && range.last < today => Period::Since(after),
        _ => previous,
    }
}

/// A count said in a follow-up ("make it 10"), whether or not a post is named beside it.
fn number_said(part: &Part<'_>) -> Option<usize> {
    part.tokens.iter().find_map(|t| match t.role {
        Some(Role::Number(n)) if (1..=50).contains(&n) => Some(n as usize),
        _ => None,
    })
}
