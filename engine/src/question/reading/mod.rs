//! Reading a question: every word gets a role, the roles make a frame, the frame a query.
//!
//! 1. `sentence/`: the words are normalised and typos corrected (`words/`); periods are
//!    read first (`when/`) and their words set aside; every other word or phrase is looked
//!    up in the role tables (`lexicon/`): a role, a number, known filler, or unknown.
//! 2. `signals/`: the roles of a part are gathered into [`Signals`].
//! 3. [`interpret()`]: first what is not about the account, then what Pulse cannot see
//!    (`unseen.rs`: another account, TikTok, the future — unless only background), then a
//!    follow-up that asks anew of what was just answered (`asked_after.rs`: "which posts
//!    dragged it down?") or only refines it (`follow_up.rs`), else `decide/`
//!    builds the frame from the most specific subject to the most general, each needing the
//!    roles that make it, never one keyword alone.
//! 4. `parts.rs`: a question that joins two questions ("followers now and my top reel") is
//!    read as two parts, the second as a follow-up of the first.
//! 5. An unknown word next to what the question is about ("how did the *giveaway* post do")
//!    makes Pulse ask; one in a clause of background ("I was travelling") is named as unused;
//!    a known word the frame would ignore ("… and where are they from") makes Pulse ask too.
//! 6. `corrected.rs`: a question corrected as it is typed ("… no wait, since september") is
//!    read after the correction, as a follow-up of what it takes back.

mod alone;
mod asked_after;
mod both_asked;
mod corrected;
mod cuts;
mod days_told;
mod decide;
mod either_way;
mod follow_up;
mod interpret;
mod listed;
mod listed_questions;
mod parts;
mod pieces;
mod ranks;
mod requests;
mod sentence;
mod signals;
mod swapped;
mod unseen;

use super::frame::{Frame, Kind};
use super::lexicon::{Role, Unseen};
use super::when::{Mention, When};
use super::{Clarification, Missing, NotUnderstood, Parsed, Query, RateBasis};
use crate::metric::Metric;
use crate::period::Period;
use chrono::NaiveDate;
use chrono_tz::Tz;
use decide::{leftover, strong};
use follow_up::{follow_up_cue, refine, Cue, Refinement};
use interpret::interpret;
use listed::{listed_figures, summary_of_each};
use parts::two_parts;
use sentence::Sentence;
use signals::{Part, Signals};

/// What a part reads as.
#[derive(Debug, Clone)]
enum Reading {
    /// A frame.
    Frame(Frame),
    /// Only refinements ("only reels", "and in October?"): the previous question, changed.
    Fragment(Refinement),
    /// Pulse must ask.
    Clarify(Missing, Vec<String>),
    /// Something Pulse cannot see.
    Outside(Unseen, Option<Frame>),
    /// Nothing about the account.
    Nothing,
}

/// Reads a question: see the module documentation.
pub(super) fn read(
    question: &str,
    asked_before: &[Query],
    asked_earlier: &[Query],
    today: NaiveDate,
    zone: Tz,
) -> Parsed {
    // "views since the summer started no wait i mean since september": what follows the
    // correction, read after what it corrects.
    if let Some((taken_back, meant)) = corrected::corrected(question) {
        let before = read(taken_back, asked_before, asked_earlier, today, zone);
        let after = match &before {
            Parsed::Understood { queries, .. } => read(meant, queries, asked_before, today, zone),
            _ => read(meant, asked_before, asked_earlier, today, zone),
        };
        if matches!(after, Parsed::Understood { .. } | Parsed::Outside { .. }) {
            return after;
        }
    }
    let sentence = Sentence::read(question, today, zone);
    if sentence.words.is_empty()
        || requests::asks_the_clock(&sentence.words)
        || requests::asks_how_pulse_is(&sentence.words)
    {
        return Parsed::NotUnderstood(NotUnderstood { off_topic: true });
    }
    let previous = asked_before.last().map(Query::frame);
    let whole = Part::whole(&sentence);
    let signals = whole.signals();
    let mut reading = interpret(&whole, &signals, previous.as_ref());
    if let Some(gained) = previous
        .as_ref()
        .and_then(|previous| new_ones(&whole, &signals, previous))
    {
        reading = Reading::Frame(gained);
    }
    if let Some(same) = previous
        .as_ref()
        .and_then(|previous| in_percent(&whole, previous))
    {
        reading = Reading::Frame(same);
    }
    if previous
        .as_ref()
        .is_some_and(|previous| who_they_were(&whole, &signals, previous))
    {
        reading = Reading::Outside(Unseen::PersonalData, None);
    }
    if let (Some(previous), Reading::Frame(frame)) = (previous.as_ref(), &reading) {
        if let Some(same_posts) = same_posts_other_metric(&whole, &signals, previous, frame) {
            reading = Reading::Frame(same_posts);
        }
    }
    // "how many photos vs carousels have we posted this month": a count of each; "how many
    // views did my reels get and how many did the carousels get": the figure of each.
    if let Reading::Frame(frame) = &reading {
        let asked_of_each = whole
            .tokens
            .iter()
            .filter(|t| matches!(t.role, Some(Role::HowMany)))
            .count()
            >= 2
            && frame.metric.is_some()
            && !(signals.compare || signals.more || signals.less || signals.highest);
        if frame.kind == Kind::ByType
            && signals.how_many
            && (signals.metrics.is_empty() || asked_of_each)
            && signals.media.len() >= 2
            && !signals.rate
        {
            let period = whole
                .mentions
                .iter()
                .find_map(|m| match m.when {
                    When::Period(period) => Some(period),
                    _ => None,
                })
                .unwrap_or(Period::DEFAULT);
            let queries: Option<Vec<Query>> = signals
                .media
                .iter()
                .map(|media| {
                    let mut count = Frame::new(Kind::PostCount);
                    if asked_of_each {
                        // ("… on average and how many do my videos get": the mean of each.)
                        count = Frame::new(if signals.average {
                            Kind::PostMean
                        } else {
                            Kind::PostTotal
                        });
                        count.metric = frame.metric;
                    }
                    count.media = Some(*media);
                    count.period = Some(period);
                    count.query()
                })
                .collect();
            if let Some(queries) = queries {
                return Parsed::Understood {
                    queries,
                    set_aside: None,
                    unused: Vec::new(),
                };
            }
        }
    }
    if let Some(both) = both_bases(&whole, &signals) {
        return both;
    }
    if let Some(both) = listed::newest_beside_the_best(&whole, &signals, &reading) {
        return both;
    }
    if let Some(listed) = listed_figures(&whole, &signals, &reading) {
        return listed;
    }
    if let Some(each) = each_period(&whole, &signals, &reading, today) {
        return each;
    }
    if signals.all_interactions {
        // One total of the four, not a part for each.
    } else if let Some(items) = listed_questions::listed_questions(&sentence) {
        return items;
    } else if let Some(parts) = two_parts(&sentence, previous.as_ref(), &reading) {
        return parts;
    }
    // Something asked that the frame does not use: never answer as if it were not there.
    if let Reading::Frame(frame) = &reading {
        let left: Vec<&sentence::Token> = leftover(&whole, frame)
            .into_iter()
            .filter(|t| t.role.as_ref().is_some_and(strong))
            .collect();
        let unused: Vec<String> = left.iter().map(|t| t.text.clone()).collect();
        if !unused.is_empty() {
            reading = Reading::Clarify(Missing::Meaning, unused);
        }
    }
    let all_before: Vec<Frame> = asked_before.iter().map(Query::frame).collect();
    let mut parsed = finish(reading, &signals, &all_before, today);
    if let (Some(previous), Some(earlier)) = (&previous, asked_earlier.last()) {
        let earlier = earlier.frame();
        both_asked::compare_both_asked(&whole, &signals, previous, &earlier, &mut parsed, today);
    }
    if let Parsed::Understood { queries, .. } = &mut parsed {
        for query in queries.iter_mut() {
            let mut frame = query.frame();
            if more_than_at_the_start(&whole, &mut frame, today) {
                if let Some(since) = frame.query() {
                    *query = since;
                }
            }
        }
    }
    parsed
}

/// "how many comments did I get yesterday and the day before", "saves in September and in
/// October": two periods joined by "and" with nothing that compares them ask the figure of
/// each, not the change between them.
fn each_period(
    whole: &Part<'_>,
    signals: &Signals,
    reading: &Reading,
    today: NaiveDate,
) -> Option<Parsed> {
    let Reading::Frame(frame) = reading else {
        return None;
    };
    if frame.kind == Kind::Overview && signals.compare {
        if let Some(each) = summary_of_each(whole, today) {
            return Some(each);
        }
    }
    if let Some(each) = each_listed_period(whole, signals, frame) {
        return Some(each);
    }
    let versus = frame.versus?;
    let compares = signals.compare
        || signals.more
        || signals.less
        || signals.change
        || signals.trend
        || signals.over.is_some()
        || signals.highest
        || signals.lowest;
    let [first, second] = whole.mentions.as_slice() else {
        return None;
    };
    let joined_by_and = (first.end..second.start).all(|at| {
        matches!(
            whole.word(at),
            "and" | "in" | "on" | "for" | "the" | "during"
        )
    }) && (first.end..second.start).any(|at| whole.word(at) == "and");
    // ("my followers gained yesterday and today's total followers": another figure asked.)
    let asks_after = whole
        .tokens
        .iter()
        .any(|t| t.at >= second.end && t.role.as_ref().is_some_and(strong));
    if compares || !joined_by_and || asks_after || first.weak || second.weak {
        return None;
    }
    let mut one = frame.clone();
    one.versus = None;
    // "total likes in july and august": one sum over both, when they meet.
    let together = signals.total
        || whole
            .sentence
            .words
            .iter()
            .any(|w| matches!(w.as_str(), "altogether" | "combined" | "together"));
    // ("how many followers did I gain on Saturday and Sunday": the weekend, one stretch;
    // "on Monday and on Tuesday" asks for each.)
    let weekend = |period: Period| {
        use chrono::Datelike;
        let days = [period, versus].map(|p| p.resolve(today).first.weekday());
        period.is_one_day(today)
            && versus.is_one_day(today)
            && days.contains(&chrono::Weekday::Sat)
            && days.contains(&chrono::Weekday::Sun)
    };
    if let (true, Some(period)) = (together || one.period.is_some_and(weekend), one.period) {
        let (a, b) = (period.resolve(today), versus.resolve(today));
        let (earlier, later) = if a.first <= b.first { (a, b) } else { (b, a) };
        if earlier.last.succ_opt() == Some(later.first) {
            one.period = Some(Period::Between(earlier.first, later.last));
            return Some(Parsed::Understood {
                queries: vec![one.query()?],
                set_aside: None,
                unused: signals.unknown.iter().map(|(w, _)| w.clone()).collect(),
            });
        }
    }
    let mut other = one.clone();
    other.period = Some(versus);
    let queries = vec![one.query()?, other.query()?];
    Some(Parsed::Understood {
        queries,
        set_aside: None,
        unused: signals.unknown.iter().map(|(w, _)| w.clone()).collect(),
    })
}

/// "reach in September, October and November": three or more periods listed one after
/// another, by commas or "and", with nothing that compares them, ask the figure of each, in
/// the order named (a ranking too: "top post in June, July and August"); a total over them
/// is one sum.
fn each_listed_period(whole: &Part<'_>, signals: &Signals, frame: &Frame) -> Option<Parsed> {
    let mentions = &whole.mentions;
    let compares = signals.compare
        || signals.more
        || signals.less
        || signals.change
        || signals.trend
        || signals.over.is_some();
    if mentions.len() < 3 || compares || !frame.kind.takes_period() {
        return None;
    }
    let clause = |at: usize| whole.sentence.clauses.get(at).copied();
    let joined = |first: &Mention, second: &Mention| {
        (first.end..second.start).any(|at| whole.word(at) == "and")
            || clause(first.end.saturating_sub(1)) != clause(second.start)
    };
    // ("January February and March": commas left out, the last joined by "and".)
    // ("views in may june july": months one after another, nothing between them.)
    let ends_with_and = mentions
        .windows(2)
        .last()
        .is_some_and(|pair| joined(pair[0], pair[1]))
        || mentions.iter().all(|m| {
            m.end == m.start + 1 && crate::period::month_number(whole.word(m.start)).is_some()
        });
    let listed = mentions.windows(2).all(|pair| {
        let (first, second) = (&pair[0], &pair[1]);
        let gap = first.end..second.start;
        !first.weak
            && !second.weak
            && (joined(first, second) || (gap.is_empty() && ends_with_and))
            && gap
                .clone()
                .all(|at| matches!(whole.word(at), "and" | "in" | "the" | "for" | "of" | "on"))
    });
    let periods: Vec<Period> = mentions
        .iter()
        .filter_map(|mention| match mention.when {
            When::Period(period) => Some(period),
            _ => None,
        })
        .collect();
    let last = mentions.last()?;
    // ("likes in May, June and July on my reels vs photos", "… and what was my best post in
    // those months": something else asked after.)
    let asks_after = whole
        .tokens
        .iter()
        .any(|t| t.at >= last.end && !matches!(t.role, None | Some(Role::Filler | Role::Joiner)));
    let distinct = periods
        .iter()
        .enumerate()
        .all(|(i, p)| !periods[..i].contains(p));
    if !listed || asks_after || periods.len() != mentions.len() || !distinct {
        return None;
    }
    // ("total likes in June, July and August": one sum over the months, when they meet.)
    let together = signals.total.then(|| {
        let spans: Vec<_> = periods
            .iter()
            .map(|p| p.resolve(whole.sentence.today))
            .collect();
        let meet = spans
            .windows(2)
            .all(|pair| pair[0].last.succ_opt() == Some(pair[1].first));
        meet.then(|| Period::Between(spans[0].first, spans[spans.len() - 1].last))
    });
    if let Some(Some(span)) = together {
        let mut one = frame.clone();
        one.versus = None;
        one.period = Some(span);
        return Some(Parsed::Understood {
            queries: vec![one.query()?],
            set_aside: None,
            unused: signals.unknown.iter().map(|(w, _)| w.clone()).collect(),
        });
    }
    let queries = periods.into_iter().map(|period| {
        let mut one = frame.clone();
        one.versus = None;
        one.period = Some(period);
        one.query()
    });
    Some(Parsed::Understood {
        queries: queries.collect::<Option<Vec<Query>>>()?,
        set_aside: None,
        unused: signals.unknown.iter().map(|(w, _)| w.clone()).collect(),
    })
}

/// "and how many new ones since the month started?" after the follower count: the
/// followers gained.
fn new_ones(whole: &Part<'_>, signals: &Signals, previous: &Frame) -> Option<Frame> {
    let new_ones = whole
        .sentence
        .words
        .windows(2)
        .any(|w| w[0] == "new" && matches!(w[1].as_str(), "ones" | "one" | "people"));
    if !(matches!(previous.kind, Kind::Followers | Kind::Growth)
        && new_ones
        && signals.metrics.is_empty()
        && signals.media.is_empty()
        && !signals.posts)
    {
        return None;
    }
    let mut gained = Frame::new(Kind::Growth);
    gained.period = whole
        .periods()
        .iter()
        .find_map(|when| match when {
            When::Period(period) => Some(*period),
            _ => None,
        })
        .or(previous.period)
        .or(Some(Period::DEFAULT));
    Some(gained)
}

/// "as a percentage change please", "what's that in percent?" after a comparison or follower
/// growth: the same figure, whose answer gives its change in percent too (not the
/// engagement rate, which "percentage" alone asks).
fn in_percent(whole: &Part<'_>, previous: &Frame) -> Option<Frame> {
    if previous.versus.is_none() && previous.kind != Kind::Growth {
        return None;
    }
    let percent = whole.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::Rate))
            && matches!(
                t.text.as_str(),
                "percent" | "percentage" | "percentages" | "pct"
            )
    });
    let nothing_else = whole.mentions.is_empty()
        && whole.tokens.iter().all(|t| {
            matches!(
                t.role,
                Some(Role::Filler | Role::Rate | Role::Reference | Role::FollowUp | Role::Joiner)
            ) || matches!(
                t.text.as_str(),
                "change" | "growth" | "increase" | "decrease" | "difference" | "where" | "started"
            )
        });
    (percent && nothing_else).then(|| previous.clone())
}

/// "how many more than at the start of the year", "… than a month ago": the change since
/// that day, not a comparison of two periods.
fn more_than_at_the_start(whole: &Part<'_>, frame: &mut Frame, today: NaiveDate) -> bool {
    if frame.kind != Kind::Growth || frame.versus.is_none() {
        return false;
    }
    let words = &whole.sentence.words;
    // "how many more than a month ago": the change since the day a month ago.
    let ago = whole.mentions.iter().find_map(|m| match m.when {
        When::Period(period)
            if whole.word(m.end.wrapping_sub(1)) == "ago"
                && (m.start.saturating_sub(2)..m.start).any(|at| whole.word(at) == "than") =>
        {
            Some(period.resolve(today).first)
        }
        _ => None,
    });
    if let Some(day) = ago
        .and_then(|day| day.succ_opt())
        .filter(|day| *day <= today)
    {
        frame.period = Some(Period::Since(day));
        frame.versus = None;
        return true;
    }
    let Some(than) = words.windows(4).position(|w| {
        w[0] == "than"
            && matches!(w[1].as_str(), "at" | "on" | "in")
            && (matches!(w[2].as_str(), "start" | "beginning")
                || (w[2] == "the" && matches!(w[3].as_str(), "start" | "beginning")))
    }) else {
        return false;
    };
    let start = whole
        .mentions
        .iter()
        .find(|m| m.start > than && m.start <= than + 3)
        .and_then(|m| match m.when {
            When::Period(period) => Some(period.resolve(today).first),
            _ => None,
        });
    match start {
        Some(first) => {
            frame.period = Some(Period::Since(first));
            frame.versus = None;
            true
        }
        None => false,
    }
}

/// "And who were they?" after the followers gained: who followed, which Instagram does not
/// tell.
fn who_they_were(whole: &Part<'_>, signals: &Signals, previous: &Frame) -> bool {
    let words = &whole.sentence.words;
    // "and who are the new ones"
    let new_ones =
        words.iter().enumerate().any(|(at, w)| {
            w == "new" && matches!(whole.word(at + 1), "ones" | "people" | "followers")
        }) && words.iter().any(|w| w == "who");
    let they = words
        .iter()
        .any(|w| matches!(w.as_str(), "they" | "them" | "those" | "these" | "theyre"));
    matches!(previous.kind, Kind::Growth | Kind::Followers)
        && ((signals.who && they) || new_ones)
        && signals.metrics.is_empty()
        && signals.media.is_empty()
        && !signals.commenters
}

/// "ER by reach vs by followers this month": the engagement rate on each basis, in the order
/// named, over the one period said.
fn both_bases(whole: &Part<'_>, signals: &Signals) -> Option<Parsed> {
    let by = |wanted: fn(&Role) -> bool| {
        whole
            .tokens
            .iter()
            .find(|t| {
                t.role.as_ref().is_some_and(wanted) && whole.word(t.at.saturating_sub(1)) == "by"
            })
            .map(|t| t.at)
    };
    let by_reach = by(|role| matches!(role, Role::Metric(Metric::Reach)))?;
    let by_followers = by(|role| matches!(role, Role::Followers))?;
    // ("ER by followers, not by reach": one basis, the other set aside.)
    let set_aside = |at: usize| {
        matches!(whole.word(at.saturating_sub(2)), "not" | "than" | "of")
            || whole.word(at.saturating_sub(3)) == "instead"
    };
    if set_aside(by_reach) || set_aside(by_followers) {
        return None;
    }
    let about_the_rate = signals.rate
        || whole
            .tokens
            .iter()
            .any(|t| matches!(t.role, Some(Role::Metric(Metric::EngagementRate))));
    let periods = whole.periods();
    if !about_the_rate || periods.len() > 1 {
        return None;
    }
    let period = periods.iter().find_map(|when| match when {
        When::Period(period) => Some(*period),
        _ => None,
    });
    let rate_on = |basis: Option<RateBasis>| {
        let mut rate = Frame::new(Kind::Rate);
        rate.period = period.or(Some(Period::DEFAULT));
        rate.basis = basis;
        rate.query()
    };
    let (reach, followers) = (rate_on(None)?, rate_on(Some(RateBasis::Followers))?);
    Some(Parsed::Understood {
        queries: if by_reach < by_followers {
            vec![reach, followers]
        } else {
            vec![followers, reach]
        },
        set_aside: None,
        unused: Vec::new(),
    })
}

/// Whether a part names the account as what the figure is of ("the reach of the account",
/// "my whole page's likes").
fn names_the_account(part: &Part<'_>) -> bool {
    part.sentence.words.windows(2).any(|w| {
        matches!(
            w[0].as_str(),
            "the" | "my" | "our" | "whole" | "entire" | "overall"
        ) && matches!(w[1].as_str(), "account" | "profile" | "page")
    })
}

/// "And how many comments?" after the likes of Sunday's post: the comments of that post, not
/// of the account that day. A follow-up that only names another metric (and perhaps a
/// period) keeps asking about the posts the previous question was about.
fn same_posts_other_metric(
    whole: &Part<'_>,
    signals: &Signals,
    previous: &Frame,
    frame: &Frame,
) -> Option<Frame> {
    let about_posts = matches!(previous.kind, Kind::PostTotal | Kind::PostMean);
    // ("And the reach of the account on those days?": the account's, said so.)
    if names_the_account(whole) {
        return None;
    }
    let only_a_metric = frame.kind == Kind::AccountTotal
        && signals.metrics.len() == 1
        && !signals.posts
        && signals.media.is_empty()
        && !signals.followers
        && !signals.compare;
    if !(about_posts && only_a_metric && follow_up_cue(whole, signals) == Cue::Strong) {
        return None;
    }
    let mut same = swapped::with_metric(previous, frame.metric?)?;
    if whole.mentions.iter().any(|m| !m.weak) {
        same.period = frame.period;
    }
    Some(same)
}

/// Turns a reading into what `parse` returns.
fn finish(reading: Reading, signals: &Signals, asked_before: &[Frame], today: NaiveDate) -> Parsed {
    match reading {
        Reading::Frame(frame) => match frame.query() {
            Some(query) => Parsed::Understood {
                queries: vec![query],
                set_aside: None,
                unused: signals.unknown.iter().map(|(w, _)| w.clone()).collect(),
            },
            None => Parsed::Clarify(Clarification {
                missing: Missing::Metric,
                words: Vec::new(),
                options: figures_to_offer(&frame, &Refinement::default(), today),
            }),
        },
        Reading::Fragment(refinement) => {
            // After several things asked at once, a change that fits each changes each
            // ("same for September" after reach and views in October); else the last.
            let refined = |previous: &Frame| refine(previous, &refinement, today);
            let each = if asked_before.len() > 1 {
                asked_before
                    .iter()
                    .map(refined)
                    .collect::<Option<Vec<Vec<Frame>>>>()
                    .map(|frames| frames.concat())
            } else {
                None
            };
            // ("which three had the lowest engagement?" after a count and a rate of Q3: one
            // ranking, not two.)
            let frames = each
                .or_else(|| asked_before.last().and_then(refined))
                .map(|frames| {
                    let mut unique: Vec<Frame> = Vec::with_capacity(frames.len());
                    for frame in frames {
                        if !unique.contains(&frame) {
                            unique.push(frame);
                        }
                    }
                    unique
                });
            let queries: Option<Vec<Query>> =
                frames.and_then(|frames| frames.iter().map(Frame::query).collect::<Option<_>>());
            match queries {
                Some(queries) if !queries.is_empty() => Parsed::Understood {
                    queries,
                    set_aside: None,
                    unused: Vec::new(),
                },
                // "How many did we get last week?" with nothing asked before: which figure,
                // over the days it names.
                _ if asked_before.is_empty()
                    && (refinement.total || refinement.period.is_some()) =>
                {
                    let base = Frame::new(if refinement.media.is_empty() {
                        Kind::AccountTotal
                    } else {
                        Kind::PostTotal
                    });
                    Parsed::Clarify(Clarification {
                        missing: Missing::Metric,
                        words: Vec::new(),
                        options: figures_to_offer(&base, &refinement, today),
                    })
                }
                _ => clarify(Missing::Context, Vec::new()),
            }
        }
        Reading::Clarify(missing, words) => clarify(missing, words),
        Reading::Outside(unseen, instead) => Parsed::Outside {
            unseen,
            instead: instead.and_then(|f| f.query()),
        },
        Reading::Nothing => Parsed::NotUnderstood(NotUnderstood {
            off_topic: !signals.on_topic() || signals.code,
        }),
    }
}

/// A question that names no figure, asked of the three figures people ask most: the
/// choices offered back, the first remembered as what the chat asked (so "views, I meant"
/// completes it).
fn figures_to_offer(frame: &Frame, refinement: &Refinement, today: NaiveDate) -> Vec<Query> {
    [Metric::Likes, Metric::Reach, Metric::Views]
        .into_iter()
        .filter_map(|metric| {
            let mut with_figure = frame.clone();
            with_figure.metric = Some(metric);
            let refined = if refinement.is_empty() {
                vec![with_figure]
            } else {
                refine(&with_figure, refinement, today)?
            };
            refined.first().and_then(Frame::query)
        })
        .collect()
}

fn clarify(missing: Missing, mut words: Vec<String>) -> Parsed {
    // Each word asked about once ("the heron … says the heron").
    let mut seen = std::collections::HashSet::new();
    words.retain(|word| seen.insert(word.clone()));
    Parsed::Clarify(Clarification {
        missing,
        words,
        options: Vec::new(),
    })
}

/// How a question is read, word by word: for developing the tables (`cargo run -p engine
/// --example corpus -- explain "…"`).
pub fn explain(question: &str, today: NaiveDate) -> String {
    let sentence = Sentence::read(question, today, chrono_tz::UTC);
    let mut lines = Vec::new();
    for mention in &sentence.mentions {
        lines.push(format!(
            "period {:?} words {}..{} weak {}",
            mention.when, mention.start, mention.end, mention.weak
        ));
    }
    for token in &sentence.tokens {
        lines.push(format!(
            "{:>2} clause {} {:?}: {:?}",
            token.at, token.clause, token.text, token.role
        ));
    }
    let whole = Part::whole(&sentence);
    lines.push(format!("{:#?}", whole.signals()));
    lines.join("\n")
}

/// The words of `text` and their roles, for the table tests.
#[cfg(test)]
pub(super) fn tokens_of(
    text: &str,
    today: NaiveDate,
) -> Vec<(String, Option<super::lexicon::Role>)> {
    Sentence::read(text, today, chrono_tz::UTC)
        .tokens
        .into_iter()
        .map(|t| (t.text, t.role))
        .collect()
}
