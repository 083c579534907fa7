//! Questions with two parts ("followers now and my top reel this month"): where to split,
//! and how the second part reads after the first.

use super::decide::{leftover, strong};
use super::follow_up::refine;
use super::pieces;
use super::sentence::{Sentence, Token, ASKING, ASKING_FIRST};
use super::signals::{Part, Signals};
use super::{interpret, Reading};
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::when::When;
use crate::question::{Parsed, Unseen};
use std::collections::HashSet;

/// A question with two parts ("followers now and my top reel this month"): at a joiner or
/// between clauses, where each side asks something of its own, the first part is read,
/// then the second as its follow-up; one part about what Pulse cannot see is set aside.
/// The parts are used when the whole reading drops one of them: it leaves a word unused
/// that the other part asks about, or it is just one part's reading and the other part,
/// after a joiner, asks something else.
pub(super) fn two_parts(
    sentence: &Sentence,
    previous: Option<&Frame>,
    whole: &Reading,
) -> Option<Parsed> {
    let whole_part = Part::whole(sentence);
    let unexplained = match whole {
        Reading::Frame(frame) => leftover(&whole_part, frame)
            .iter()
            .any(|t| t.role.as_ref().is_some_and(strong)),
        Reading::Outside(..) | Reading::Clarify(..) => true,
        _ => false,
    };
    let splits = super::cuts::places_to_cut(sentence);
    // A part asks when it has a subject of its own, or asks about a metric in words that
    // ask ("what is my engagement rate and …").
    let asks = |part: &Part<'_>, s: &Signals, joiner: bool| {
        let (from, to) = part.tokens.iter().fold((usize::MAX, 0), |(from, to), t| {
            (from.min(t.at), to.max(t.at + 1))
        });
        s.kind_heads > 0
            || !s.unseen.is_empty()
            || s.how_many
            // "… and which one did best"
            || (s.which_one && (s.highest || s.lowest))
            || (!s.metrics.is_empty() && from < to && sentence.asks_in(from, to))
            // "… and how often is that?", "did I lose any this week?"
            || ((s.frequency || s.gain || s.loss || s.grow)
                && from < to
                && sentence.asks_in(from, to))
            || (joiner
                && (s.over.is_some()
                    || (!s.metrics.is_empty() && (!part.mentions.is_empty() || s.reference))
                    // "… and did I gain any this week?", "… and whether that number has
                    // gone up since 1 November"
                    || ((s.gain || s.loss || s.grow || s.change || s.trend)
                        && !part.mentions.is_empty())
                    // "… and who left them?"
                    || (s.who && s.reference)
                    // "likes this month vs last month, and my follower count"
                    || (s.followers
                        && s.metrics.is_empty()
                        && s.media.is_empty()
                        && !s.posts
                        && part.tokens.iter().any(|t| {
                            t.text.split(' ').any(|w| matches!(w, "count" | "number" | "total"))
                        }))
                    // "… and the average per carousel?"
                    || ((s.average || s.total) && (!s.media.is_empty() || s.posts))
                    // "… and what is it this year?"
                    || (s.reference
                        && !part.mentions.is_empty()
                        && from < to
                        && sentence.asks_in(from, to))
                    // "most commented post ever? and most liked"
                    || (!s.metrics.is_empty() && (s.highest || s.lowest))
                    // "… and the worst"
                    || ((s.highest != s.lowest)
                        && part
                            .tokens
                            .iter()
                            .filter(|t| !matches!(t.role, Some(Role::Filler | Role::Joiner)))
                            .count()
                            <= 2)
                    // "saves on our posts last week, and the week before?"
                    || (!part.mentions.is_empty()
                        && part.mentions.iter().all(|m| matches!(m.when, When::Before(_)))
                        && part.tokens.iter().all(|t| {
                            matches!(t.role, Some(Role::Filler | Role::Joiner | Role::FollowUp))
                        }))))
    };
    let strong_mentions = |part: &Part<'_>| part.mentions.iter().any(|m| !m.weak);
    for (split, joiner) in splits {
        let left = Part::between(sentence, 0, split);
        let right = Part::between(sentence, split + usize::from(joiner), sentence.words.len());
        let (left_signals, right_signals) = (left.signals(), right.signals());
        // "also" and "plus" join as "and" does ("reach last week. also which reel …").
        let adds = matches!(
            sentence.words.get(split).map(String::as_str),
            Some("also" | "plus" | "and")
        );
        // ("compare my likes between this week and last": the "and" of a "between", not a
        // joiner of two questions; not "between reels and carousels last week, and …".)
        let joins_between = sentence.words[..split]
            .iter()
            .rposition(|w| w == "between")
            .is_some_and(|b| !sentence.words[b + 1..split].iter().any(|w| w == "and"));
        // "total likes in september, and in october?": the same figure again, for another
        // period, asked after a joiner.
        // (Not two sides of a comparison: "compare my likes between this week and last".)
        let period_again = joiner
            && sentence.words.get(split).is_some_and(|w| w == "and")
            && !left_signals.compare
            && !joins_between
            && strong_mentions(&left)
            && !right.mentions.is_empty()
            && right.mentions.iter().all(|m| !m.weak)
            && right
                .mentions
                .iter()
                .all(|m| sentence.questions.contains(&sentence.clauses[m.start]))
            && right
                .tokens
                .iter()
                .all(|t| matches!(t.role, Some(Role::Filler | Role::Joiner)));
        // "average comments per post this autumn, and per reel?": the same figure again, for
        // one type of post, asked in a clause of its own.
        let type_again = joiner
            && sentence.words.get(split).is_some_and(|w| w == "and")
            && !left_signals.compare
            && left_signals.media.is_empty()
            && !right_signals.media.is_empty()
            && right.mentions.is_empty()
            && left
                .tokens
                .last()
                .zip(right.tokens.first())
                .is_some_and(|(l, r)| l.clause != r.clause)
            && right
                .tokens
                .iter()
                .all(|t| matches!(t.role, Some(Role::Filler | Role::Joiner | Role::Media(_))));
        let again = period_again || type_again;
        if !asks(&left, &left_signals, joiner || adds)
            || !(again || asks(&right, &right_signals, joiner || adds))
        {
            continue;
        }
        // Between clauses, both must be questions ("I posted Monday night, how many likes
        // did I get on Tuesday" is one); at a joiner, neither may be a statement ("I posted
        // Monday night and …").
        let clause_of =
            |part: &Part<'_>| -> HashSet<usize> { part.tokens.iter().map(|t| t.clause).collect() };
        // A part that only tells ("I did a candlelit class that evening and posted about it
        // afterwards") is background, not a second question.
        let only_tells = |part: &Part<'_>| {
            let clauses = clause_of(part);
            !clauses.is_empty() && clauses.iter().all(|c| sentence.story(*c))
        };
        if only_tells(&left) || only_tells(&right) {
            continue;
        }
        // A clause asks in words ("which hashtags are best?") or, before "also", names what
        // it wants ("Overview for October; also top 5 posts by reach"), unless it tells a
        // story ("I posted on Monday night, how many likes …").
        let asks_clauses = |part: &Part<'_>| {
            let clauses = clause_of(part);
            clauses.iter().any(|c| sentence.clause_asks(*c))
                || (adds
                    && {
                        let signals = part.signals();
                        signals.kind_heads > 0 || !signals.metrics.is_empty()
                    }
                    && !clauses.iter().any(|c| sentence.story(*c)))
        };
        // ("one ought to post at a set time, is that true in my case, and if so what time
        // …": the second question answers the first.)
        let if_so = sentence.words.get(split + 1).is_some_and(|w| w == "if")
            && sentence.words.get(split + 2).is_some_and(|w| w == "so");
        let (left_asks, right_asks) = if joiner {
            (
                sentence.asks_in(0, split) && !if_so,
                sentence.asks_in(split, sentence.words.len()),
            )
        } else {
            (asks_clauses(&left), asks_clauses(&right))
        };
        // "I posted Monday night and …" tells; "best time to post" asks.
        // ("we post fades and the lads love it. Abeg, how many likes …", "I've been posting
        // reels since January. Is it even worth it? How many …": the posting is told in a
        // clause that asks nothing, whatever the clauses beside it ask.)
        let publishing_told = |part: &Part<'_>| {
            part.tokens
                .iter()
                .filter(|t| matches!(t.role, Some(Role::Publish)))
                .all(|t| !sentence.clause_asks(t.clause))
        };
        let statement = |asks: bool, s: &Signals, part: &Part<'_>| {
            (!asks || !joiner && publishing_told(part))
                && s.publish
                && s.metrics.is_empty()
                && s.kind_heads <= 1
        };
        if !(joiner || left_asks && right_asks)
            || statement(left_asks, &left_signals, &left)
            || statement(right_asks, &right_signals, &right)
        {
            continue;
        }
        // "day and hour", "likes and saves": one question about both.
        if joiner {
            let joined_clause = sentence
                .tokens
                .iter()
                .find(|t| t.at == split)
                .map(|t| t.clause);
            // A clause that only names a day ("and on Independence Day, 24 August, how many
            // views …") is read with the clause after it.
            let asks_something = |clause: usize| {
                right.tokens.iter().any(|t| {
                    t.clause == clause
                        && t.role.is_some()
                        && !matches!(t.role, Some(Role::Filler | Role::Joiner))
                })
            };
            let last_clause = right.tokens.last().map_or(0, |t| t.clause);
            let mut joined_clauses: Vec<usize> = joined_clause.into_iter().collect();
            while let Some(&clause) = joined_clauses.last() {
                if asks_something(clause) || clause >= last_clause {
                    break;
                }
                joined_clauses.push(clause + 1);
            }
            let in_clause: Vec<&&Token> = right
                .tokens
                .iter()
                .filter(|t| joined_clauses.contains(&t.clause))
                .collect();
            let first_word = |t: &Token| t.text.split(' ').next().unwrap_or("").to_owned();
            let asking_word = in_clause.iter().any(|t| {
                ASKING.contains(&first_word(t).as_str()) || matches!(t.role, Some(Role::HowMany))
            }) || in_clause
                .iter()
                .find(|t| !matches!(t.role, Some(Role::Joiner)))
                .is_some_and(|t| ASKING_FIRST.contains(&first_word(t).as_str()));
            let pronoun =
                |t: &Token| matches!(t.text.as_str(), "it" | "they" | "them" | "that" | "those");
            let right_words = in_clause
                .iter()
                .filter(|t| !matches!(t.role, Some(Role::Filler | Role::Joiner)) && !pronoun(t))
                .count()
                + right
                    .mentions
                    .iter()
                    .filter(|m| joined_clauses.contains(&sentence.clauses[m.start]))
                    .count();
            // "followers' age and gender": two sides of the audience, each a question.
            let aspect = |s: &Signals| s.age || s.gender || s.place;
            // "saves last week, and the week before?": the same figure for another period.
            // (Not the other side of a comparison: "compare likes between march and the
            // month before".)
            // ("compare my likes yesterday and the day before": the other side of it; not
            // when types are compared.)
            let another_period = again
                || strong_mentions(&left)
                    && !joins_between
                    && (!left_signals.compare || left_signals.media.len() >= 2)
                    && !right.mentions.is_empty()
                    && right
                        .mentions
                        .iter()
                        .all(|m| matches!(m.when, When::Before(_)))
                    && right
                        .tokens
                        .iter()
                        .all(|t| matches!(t.role, Some(Role::Filler | Role::Joiner)));
            let two_aspects = aspect(&left_signals) && aspect(&right_signals);
            // "top 3 posts by saves + my follower count": the count of followers beside
            // a ranking is a question of its own.
            let followers_beside = right_signals.followers
                && !left_signals.followers
                && right_signals.metrics.is_empty()
                && (left_signals.highest
                    || left_signals.lowest
                    || left_signals.how_many
                    // ("the stats for july + our follower count")
                    || left_signals.overview
                    // ("likes this month vs last month, and my follower count")
                    || (!left_signals.metrics.is_empty() && !left.mentions.is_empty()));
            // "best post last month and the worst": the other end, asked too.
            let other_end =
                (left_signals.highest && right_signals.lowest && !right_signals.highest)
                    || (left_signals.lowest && right_signals.highest && !right_signals.lowest);
            let one_question = right_words <= 1 && !asking_word && !followers_beside && !other_end;
            if one_question && !another_period && !two_aspects {
                continue;
            }
        }
        let first = interpret(&left, &left_signals, previous);
        let context = match &first {
            Reading::Frame(frame) | Reading::Outside(_, Some(frame)) => Some(frame.clone()),
            // "did people click the link in my bio? how many": the clicks, not the question
            // before.
            Reading::Outside(_, None) => None,
            _ => previous.cloned(),
        };
        let second = match interpret(&right, &right_signals, context.as_ref()) {
            // "…, and the ER for the same period": a question of its own, in that period.
            Reading::Fragment(_)
                if !right_signals.metrics.is_empty()
                    && right_signals.highest == right_signals.lowest =>
            {
                match interpret(&right, &right_signals, None) {
                    Reading::Frame(mut frame) => {
                        if let Reading::Frame(first) = &first {
                            if frame.kind.takes_period() && !strong_mentions(&right) {
                                frame.period = first.period.or(frame.period);
                            }
                        }
                        Reading::Frame(frame)
                    }
                    _ => continue,
                }
            }
            Reading::Fragment(refinement) => {
                let refined = context
                    .as_ref()
                    .and_then(|c| refine(c, &refinement, sentence.today));
                match refined {
                    Some(frames) if frames.len() == 1 => Reading::Frame(frames[0].clone()),
                    _ => continue,
                }
            }
            Reading::Frame(mut frame) => {
                // "how many likes yesterday and how many comments": the same day (but not
                // for advice, which learns from its own window).
                // (Not for the fans over one day, too few comments to rank people by: "…
                // yesterday and who comments the most on my posts".)
                if !strong_mentions(&right)
                    && frame.kind.takes_period()
                    && !frame.kind.groups_posts()
                {
                    if let Reading::Frame(first) | Reading::Outside(_, Some(first)) = &first {
                        let one_day = first.period.is_some_and(|p| p.is_one_day(sentence.today));
                        if first.kind.takes_period()
                            && first.versus.is_none()
                            && !(frame.kind == Kind::Fans && one_day)
                        {
                            frame.period = first.period.or(frame.period);
                        }
                    }
                }
                // "how many reels … and what is the average of views", "my most shared reel
                // … and my least shared": the second part is about the same posts.
                if let Reading::Frame(first) = &first {
                    let about_posts = |kind: Kind| {
                        matches!(
                            kind,
                            Kind::Top | Kind::PostMean | Kind::PostTotal | Kind::PostCount
                        )
                    };
                    if about_posts(frame.kind)
                        && about_posts(first.kind)
                        && right_signals.media.is_empty()
                        && !right_signals.posts
                    {
                        frame.media = frame.media.or(first.media);
                    }
                    // "likes on all my posts last week and also how many comments": the
                    // comments on those posts too.
                    if frame.kind == Kind::AccountTotal
                        && first.kind == Kind::PostTotal
                        && right_signals.media.is_empty()
                        && !right_signals.posts
                        && !right.tokens.iter().any(|t| {
                            matches!(t.text.as_str(), "account" | "page" | "profile" | "overall")
                        })
                    {
                        frame.kind = Kind::PostTotal;
                        frame.media = first.media;
                    }
                    if frame.kind == Kind::Top
                        && first.kind == Kind::Top
                        && first.count == Some(1)
                        && right_signals.number.is_none()
                        && right_signals.plural.is_none()
                    {
                        frame.count = Some(1);
                    }
                }
                Reading::Frame(frame)
            }
            other => other,
        };
        // "how many comments did our posts get, and which post (or one) had the most?": the
        // most of that figure.
        let second = match (second, &first) {
            (Reading::Frame(mut frame), Reading::Frame(first))
                if frame.kind == Kind::Top
                    && matches!(first.kind, Kind::PostTotal | Kind::PostMean | Kind::Top)
                    && right_signals.metrics.is_empty()
                    && !right_signals.rate
                    && first.metric.is_some()
                    // (A figure named, not the one "best" or "worst" stand for.)
                    && !left_signals.metrics.is_empty() =>
            {
                frame.metric = first.metric;
                Reading::Frame(frame)
            }
            // "how many posts i upload in february and how many follower i get": the
            // followers gained then, not the count now.
            (Reading::Frame(frame), Reading::Frame(first))
                if frame.kind == Kind::Followers
                    && right.mentions.is_empty()
                    && first.versus.is_none()
                    && first.kind.takes_period()
                    && left.mentions.iter().any(|m| !m.weak)
                    // (not "how many followers have I got (now)": the count)
                    && right.tokens.iter().any(|t| {
                        matches!(t.text.as_str(), "get" | "gain" | "gained" | "win")
                    })
                    && !right.tokens.iter().any(|t| {
                        matches!(
                            t.text.as_str(),
                            "have" | "has" | "ive" | "got" | "now" | "rn" | "currently" | "do"
                        )
                    }) =>
            {
                let mut growth = Frame::new(Kind::Growth);
                growth.period = first.period;
                Reading::Frame(growth)
            }
            (second, _) => second,
        };
        // "how many likes and comments did I get yesterday": a first part that only counts
        // takes the second's period.
        let first = match (first, &second) {
            (Reading::Frame(mut frame), Reading::Frame(other))
                if left.mentions.is_empty()
                    && !left.tokens.last().is_some_and(|t| {
                        sentence.questions.contains(&t.clause)
                            && right.tokens.first().is_some_and(|r| r.clause != t.clause)
                    })
                    && frame.kind.takes_period()
                    && !matches!(frame.kind, Kind::Recommend | Kind::BestTime)
                    && (left_signals.kind_heads <= 1
                        || matches!(frame.kind, Kind::Frequency | Kind::PostCount))
                    && !left_signals.trend
                    // ("imps WoW + posting freq L90D": week over week, its own periods.)
                    && left_signals.over.is_none() =>
            {
                // ("which hashtags work best, and did i grow this month": the tags over their
                // own 90 days — a question asked whole, beside another.)
                let asked_whole = matches!(frame.kind, Kind::Hashtags | Kind::Weekdays)
                    && other.kind != frame.kind
                    && left.tokens.iter().any(|t| {
                        matches!(
                            t.role,
                            Some(Role::Performance | Role::Highest | Role::Advice)
                        )
                    });
                if other.kind.takes_period() && other.versus.is_none() && !asked_whole {
                    frame.period = other.period.or(frame.period);
                }
                Reading::Frame(frame)
            }
            (first, _) => first,
        };
        let parsed = match (first, second) {
            (Reading::Frame(a), Reading::Frame(b)) if a != b => {
                // "compare reach of October and reach of September": the second part is a
                // side of the comparison already made.
                let today = sentence.today;
                let resolved = |period: Option<Period>| period.map(|p| p.resolve(today));
                let a_side_of_a = a.versus.is_some()
                    && b.versus.is_none()
                    && b.metric == a.metric
                    && b.period.is_some()
                    && (resolved(b.period) == resolved(a.period)
                        || resolved(b.period) == resolved(a.versus));
                if a_side_of_a {
                    continue;
                }
                // At a joiner, or between two questions that each ask of their own, two
                // complete questions that differ are two parts.
                // ("what is my ER? also how many posts did I do": "also" adds a question.)
                let two_questions = (adds || left_signals.kind_heads > 0)
                    && right_signals.kind_heads > 0
                    && left_asks
                    && right_asks;
                // "how many followers do I have? did I lose any this week?": two questions,
                // each with its mark.
                let marked = |part: &Part<'_>| {
                    part.tokens
                        .last()
                        .is_some_and(|t| sentence.questions.contains(&t.clause))
                };
                let count_and_change = matches!(
                    (a.kind, b.kind),
                    (Kind::Followers, Kind::Growth) | (Kind::Growth, Kind::Followers)
                );
                let two_marked = count_and_change
                    && !joiner
                    && left_asks
                    && right_asks
                    && marked(&left)
                    && marked(&right);
                if !(unexplained || joiner || two_questions || two_marked) {
                    continue;
                }
                // "what hashtags should I keep and which ones should I drop": one question.
                let same_subject = right_signals.reference
                    && matches!(b.kind, Kind::Recommend | Kind::Overview)
                    && leftover(&right, &a).is_empty();
                // "does the time even matter? which part of the day do my posts do best
                // in?": one question about when, asked twice.
                // ("the best time of day to post, given when my students are online?", "which
                // time is better, morning or night? many patients are old": when to post, with
                // the followers' hours as its reason, unless they are asked of their own:
                // "when are my followers online and when should I post".)
                let opens_asking = |part: &Part<'_>| {
                    let reason = part
                        .tokens
                        .iter()
                        .find(|t| !matches!(t.role, Some(Role::Joiner)))
                        .is_some_and(|t| {
                            matches!(
                                t.text.as_str(),
                                "given" | "since" | "because" | "as" | "considering" | "based"
                            )
                        });
                    !reason
                        && part
                            .tokens
                            .iter()
                            .find(|t| !matches!(t.role, Some(Role::Joiner | Role::Filler)))
                            .or(part.tokens.first())
                            .is_some_and(|t| {
                                matches!(
                                    t.text.split(' ').next().unwrap_or(""),
                                    "when" | "what" | "which" | "how" | "whats" | "at"
                                )
                            })
                };
                let when_to_post = |kind: Kind| matches!(kind, Kind::BestTime | Kind::PartsOfDay);
                let both_when = matches!(
                    (a.kind, b.kind),
                    (Kind::BestTime, Kind::PartsOfDay) | (Kind::PartsOfDay, Kind::BestTime)
                );
                // "when my followers are online, morning or night time?": the choices of an
                // answer about the followers' hours, not when to post.
                let choices_of_online = a.kind == Kind::Online
                    && when_to_post(b.kind)
                    && !right_signals.publish
                    && !right_signals.posts
                    && right_signals.metrics.is_empty()
                    && !opens_asking(&right);
                if (when_to_post(a.kind) && b.kind == Kind::Online && !opens_asking(&right))
                    || choices_of_online
                {
                    let Some(query) = a.query() else {
                        continue;
                    };
                    return Some(Parsed::Understood {
                        queries: vec![query],
                        set_aside: None,
                        unused: Vec::new(),
                    });
                }
                // "What make our followers: more men or more women?", "our followers are Polish
                // or English? which country they are?": who the followers are, not how many
                // (unless a part counts them: "how many followers do I have and where …").
                let counts = |part: &Part<'_>, s: &Signals| {
                    s.how_many
                        || part.tokens.iter().any(|t| {
                            t.text.split(' ').any(|w| {
                                matches!(w, "count" | "number" | "total" | "much" | "many")
                            })
                        })
                };
                let who_they_are = match (a.kind, b.kind) {
                    (Kind::Followers, Kind::Demographics) => {
                        (!counts(&left, &left_signals)).then_some(&b)
                    }
                    (Kind::Demographics, Kind::Followers) => {
                        (!counts(&right, &right_signals)).then_some(&a)
                    }
                    _ => None,
                };
                if let Some(query) =
                    pieces::newest_post_figures(&a, &b, &left, &right, &left_signals)
                        .or_else(|| pieces::the_figure_that_tells(&b, &left))
                {
                    return Some(Parsed::Understood {
                        queries: vec![query],
                        set_aside: None,
                        unused: Vec::new(),
                    });
                }
                if let Some(query) = who_they_are.and_then(Frame::query) {
                    return Some(Parsed::Understood {
                        queries: vec![query],
                        set_aside: None,
                        unused: Vec::new(),
                    });
                }
                // "how many posts in October, and how many of them were reels?": the count, and
                // the count of some of them, each asked.
                let count_and_part_of_it = a.kind == Kind::PostCount
                    && b.kind == Kind::PostCount
                    && a.media != b.media
                    && left_signals.how_many
                    && right_signals.how_many;
                let best_time_covers =
                    pieces::best_time_covers(&a, &b, &left_signals, &right_signals, whole);
                if !count_and_part_of_it
                    && !type_again
                    && (same_subject
                        || both_when
                        || best_time_covers
                        || pieces::predicate_of_the_first(&a, &right, &right_signals)
                        || subsumes(&a, &b)
                        || subsumes(&b, &a))
                {
                    continue;
                }
                // "Fan list — who comments the most in the last 90 days, top 10": one list,
                // as long as the part with a number says.
                let only_the_count_differs = {
                    let mut counted = a.clone();
                    counted.count = b.count;
                    counted == b
                };
                if only_the_count_differs {
                    let counted = match (left_signals.number, right_signals.number) {
                        (None, Some(_)) => &b,
                        (Some(_), None) => &a,
                        _ => continue,
                    };
                    let Some(query) = counted.query() else {
                        continue;
                    };
                    return Some(Parsed::Understood {
                        queries: vec![query],
                        set_aside: None,
                        unused: Vec::new(),
                    });
                }
                let (Some(a), Some(b)) = (a.query(), b.query()) else {
                    continue;
                };
                let mut unused: Vec<String> = left_signals
                    .unknown
                    .iter()
                    .map(|(w, _)| w.clone())
                    .collect();
                unused.extend(right_signals.unknown.iter().map(|(w, _)| w.clone()));
                Parsed::Understood {
                    queries: vec![a, b],
                    set_aside: None,
                    unused,
                }
            }
            (Reading::Frame(a), Reading::Outside(unseen, _))
            | (Reading::Outside(unseen, _), Reading::Frame(a)) => {
                // At a clause, the other part may be about what cannot be seen: "my youtube
                // video this week, the views?", "the other florists, which hashtags do they
                // use?".
                let outside_first = left_signals.unseen.contains(&unseen);
                let (outside_signals, other) = if outside_first {
                    (&left_signals, &right)
                } else {
                    (&right_signals, &left)
                };
                let refers_to_it = other.tokens.iter().any(|t| {
                    matches!(
                        t.text.as_str(),
                        "they"
                            | "them"
                            | "their"
                            | "theyve"
                            | "theyre"
                            | "theyd"
                            | "she"
                            | "he"
                            | "her"
                            | "his"
                            | "shes"
                            | "hes"
                    ) || super::unseen::points_there(other, t)
                        // ("read the DMs and tell me which ones are bookings")
                        || (t.text == "ones" && other.word(t.at.wrapping_sub(1)) == "which")
                        // "our other client, on the same metrics": theirs.
                        || (t.text == "same" && matches!(t.role, Some(Role::FollowUp)))
                });
                // "compare my TikTok and IG reach", "FB + IG combined reach": one figure
                // needs both sides.
                let needs_both = sentence.words.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "compare"
                            | "compared"
                            | "comparing"
                            | "combined"
                            | "combine"
                            | "together"
                            | "vs"
                            | "versus"
                            | "across"
                    )
                }) || sentence.tokens.iter().any(|t| {
                    t.text.ends_with("side by side") || t.text.ends_with("next to each other")
                });
                // "How many followers has the studio where I teach, @lotusflowlondon?": the
                // handle, after the question, of the account it names.
                let handle_of_the_one_named = !outside_first
                    && outside_signals.kind_heads == 0
                    && other.tokens.windows(2).any(|pair| {
                        matches!(
                            pair[0].text.as_str(),
                            "has" | "have" | "does" | "did" | "of" | "is" | "for"
                        ) && matches!(pair[1].text.as_str(), "the" | "this" | "that")
                            && other.token_at(pair[1].at + 1).is_some_and(|t| {
                                !matches!(
                                    t.role,
                                    Some(Role::Posts | Role::Media(_) | Role::Metric(_))
                                )
                            })
                    });
                // "read my DMs and tell me which enquiries are genuine": the enquiries are in
                // the messages, not in comments.
                let enquiries_in_messages = matches!(unseen, Unseen::DirectMessages)
                    && a.kind == Kind::Leads
                    && !sentence.words.iter().any(|w| w.starts_with("comment"));
                // "switch to @luma and show me their follower count": theirs too.
                if refers_to_it
                    || enquiries_in_messages
                    || handle_of_the_one_named
                    || needs_both
                    || (!joiner && (!outside_signals.media.is_empty() || outside_signals.posts))
                {
                    return Some(Parsed::Outside {
                        unseen,
                        instead: None,
                    });
                }
                let Some(a) = a.query() else { continue };
                Parsed::Understood {
                    queries: vec![a],
                    set_aside: Some(unseen),
                    unused: Vec::new(),
                }
            }
            _ => continue,
        };
        return Some(parsed);
    }
    None
}

/// Whether frame `a` says all that `b` says (the same kind, and every slot `b` names with
/// the same value): "lowest ER first" after "the 10 worst posts by ER".
pub(super) fn subsumes(a: &Frame, b: &Frame) -> bool {
    a.kind == b.kind
        && b.metric.is_none_or(|m| a.metric == Some(m))
        && b.media.is_none_or(|m| a.media == Some(m))
        && b.period.is_none_or(|p| a.period == Some(p))
        && b.order.is_none_or(|o| a.order == Some(o))
        && b.count.is_none_or(|c| a.count == Some(c))
        && b.audience.is_none_or(|x| a.audience == Some(x))
        && b.basis.is_none_or(|x| a.basis == Some(x))
        && b.versus.is_none_or(|v| a.versus == Some(v))
        && (!b.caption || a.caption)
}
