//! A question asked as a list of three or more ("Client wants: followers now, net growth for
//! December, top 3 posts by reach for December"): each item is read on its own, in the order
//! listed. A period said once for the whole list — before it ("last month - followers
//! gained, reach, best post", "the full 2026 wrap-up: …"), after it ("…, all for
//! yesterday") or at the end of its last item ("reach, likes, and my best post from last
//! week") — goes to the items that name none.

use super::follow_up::refine;
use super::interpret::interpret;
use super::sentence::Sentence;
use super::signals::Part;
use super::Reading;
use crate::period::Period;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::when::When;
use crate::question::{Parsed, Query};

/// The fewest items a list has, headings aside: two are the two-part reading's.
const FEWEST_ITEMS: usize = 3;

/// A piece of the message: its words, and whether a sentence ended just before it.
type Piece = (usize, usize, bool);

/// The list's items, read one by one.
pub(super) fn listed_questions(sentence: &Sentence) -> Option<Parsed> {
    let pieces = pieces(sentence);
    // Whether a question mark ends the piece before ("followers now? best reel …?").
    let after_a_question = |from: usize| {
        from > 0
            && sentence.clauses.get(from) != sentence.clauses.get(from - 1)
            && sentence.questions.contains(&sentence.clauses[from - 1])
    };
    let is_item = |&(from, to, _): &Piece| {
        let part = Part::between(sentence, from, to);
        let s = part.signals();
        // ("Which format — Reel, Carousel or photo — achieves the highest engagement": a
        // verb Pulse does not know goes on with the piece before.)
        let goes_on = part.tokens.first().is_some_and(|t| t.role.is_none());
        // (After a question mark, a question of its own, not a figure added to the one
        // before: "… in comments? last 7 days ER".)
        let asks = if after_a_question(from) {
            s.kind_heads > 0 || s.how_many
        } else {
            s.kind_heads > 0 || !s.metrics.is_empty() || s.how_many
        };
        asks && !goes_on && !part.tokens.iter().any(|t| sentence.story(t.clause))
    };
    let item: Vec<bool> = pieces.iter().map(is_item).collect();
    // The longest run of items one after another, in one sentence.
    let (mut run, mut best) = (Vec::new(), 0..0);
    for (index, piece) in pieces.iter().enumerate() {
        if piece.2 || !item[index] {
            run.clear();
        }
        if item[index] {
            run.push(index);
        }
        if run.len() > best.len() {
            best = run[0]..index + 1;
        }
    }
    // A piece just before or just after the run, in the same sentence, that is no item: a
    // heading ("for last week:") or a tail ("all for yesterday").
    let heading = best
        .start
        .checked_sub(1)
        .filter(|_| !pieces[best.start].2 && !after_a_question(pieces[best.start].0));
    let tail = Some(best.end).filter(|at| {
        pieces
            .get(*at)
            .is_some_and(|piece| !piece.2 && !after_a_question(piece.0))
    });
    let asked_apart = pieces[best.clone()]
        .iter()
        .skip(1)
        .any(|piece| after_a_question(piece.0));
    let said_once = heading
        .into_iter()
        .chain(tail)
        .find_map(|at| own_period(&Part::between(sentence, pieces[at].0, pieces[at].1)));
    let mut items: Vec<(Frame, Option<Period>, usize)> = Vec::new();
    for &(from, to, _) in &pieces[best.clone()] {
        let part = Part::between(sentence, from, to);
        let signals = part.signals();
        // ("how many followers do I have and how many did I get yesterday and …": an item
        // that leaves its figure unsaid asks about the one before it.)
        let frame = match interpret(&part, &signals, None) {
            Reading::Frame(frame) => frame,
            _ => {
                let (before, _, _) = items.last()?;
                match interpret(&part, &signals, Some(before)) {
                    Reading::Frame(frame) => frame,
                    Reading::Fragment(refinement) => {
                        match refine(before, &refinement, sentence.today)?.as_slice() {
                            [frame] => frame.clone(),
                            _ => return None,
                        }
                    }
                    _ => return None,
                }
            }
        };
        // ("ER (reach) same window": the rate's basis, said after it, not an item.)
        let basis_of_the_rate = signals.kind_heads == 0
            && frame.metric == Some(crate::metric::Metric::Reach)
            && items
                .last()
                .is_some_and(|(before, _, _)| before.kind == Kind::Rate);
        if basis_of_the_rate {
            continue;
        }
        items.push((frame, own_period(&part), signals.kind_heads));
    }
    // ("the full 2026 wrap-up: reach, …", "For the report: …": a summary named in a list
    // heads it, with its period if it names one, and is no item itself.)
    let summary_heading = items
        .iter()
        .find(|(frame, own, _)| frame.kind == Kind::Overview && own.is_some())
        .and_then(|(_, own, _)| *own);
    items.retain(|(frame, _, _)| frame.kind != Kind::Overview);
    // ("reach, likes, and my best post from last week": the last item's period, the only
    // one named, is the list's.)
    let only_the_last_named = match items.as_slice() {
        [before @ .., (_, Some(last), _)] if before.iter().all(|(_, own, _)| own.is_none()) => {
            Some(*last)
        }
        _ => None,
    };
    // ("July reach, views, ER by followers and net follower growth": the first item's
    // period, the only one named, is the list's too.)
    let only_the_first_named = match items.as_slice() {
        [(_, Some(first), _), after @ ..] if after.iter().all(|(_, own, _)| own.is_none()) => {
            Some(*first)
        }
        _ => None,
    };
    let shared = summary_heading
        .or(said_once)
        .or(only_the_last_named)
        .or(only_the_first_named);
    // ("top post by likes, comments, and saves": one ranking's figures, not three items.)
    let one_ranking = items
        .first()
        .is_some_and(|(frame, _, _)| frame.kind == Kind::Top)
        && items[1..].iter().all(|(_, _, heads)| *heads == 0);
    for (frame, own, _) in &mut items {
        if let Some(period) = shared.filter(|_| own.is_none() && frame.kind.takes_period()) {
            if !frame.kind.groups_posts() {
                frame.period = Some(period);
            }
        }
    }
    let frames: Vec<Frame> = items.into_iter().map(|(frame, _, _)| frame).collect();
    let distinct = frames
        .iter()
        .enumerate()
        .all(|(i, a)| frames[..i].iter().all(|b| a != b));
    // ("Performance of the latest post - reach, saves, shares": that post's figures; "What
    // time of day, and which day, should we post": one question of when; "Audience
    // breakdown: age split and top countries": who the followers are.)
    let when_to_post =
        |f: &&Frame| matches!(f.kind, Kind::BestTime | Kind::PartsOfDay | Kind::Weekdays);
    let one_question = one_ranking
        || frames.iter().filter(when_to_post).count() >= 2
        || frames.iter().any(|f| {
            matches!(f.kind, Kind::LatestPost | Kind::Recommend)
                || (f.kind == Kind::Followers
                    && frames.iter().any(|other| other.kind == Kind::Demographics))
        });
    // (Questions asked apart that ask the same kind of thing restate one question: "Is our
    // posting frequency OK? How many a week have we averaged since January …".)
    let kinds_distinct = frames
        .iter()
        .enumerate()
        .all(|(i, a)| frames[..i].iter().all(|b| a.kind != b.kind));
    if frames.len() < FEWEST_ITEMS || !distinct || one_question || (asked_apart && !kinds_distinct)
    {
        return None;
    }
    let queries: Option<Vec<Query>> = frames.iter().map(Frame::query).collect();
    Some(Parsed::Understood {
        queries: queries?,
        set_aside: None,
        unused: Vec::new(),
    })
}

/// The first period a part names of its own (not "in total" and the like).
fn own_period(part: &Part<'_>) -> Option<Period> {
    part.mentions
        .iter()
        .filter(|m| !m.weak)
        .find_map(|m| match m.when {
            When::Period(period) => Some(period),
            _ => None,
        })
}

/// The message cut at every comma or colon between clauses, and at a joiner ("and", "also")
/// with something asked on each side: its word spans, in order, each with whether a sentence
/// ended just before it.
fn pieces(sentence: &Sentence) -> Vec<Piece> {
    let words = sentence.words.len();
    let asks_of_its_own = |from: usize, to: usize| {
        let signals = Part::between(sentence, from, to).signals();
        signals.kind_heads > 0 || signals.how_many
    };
    // ("followers, reach this week and my top reel": after a comma, a figure alone is an
    // item too.)
    let names_a_figure = |from: usize, to: usize| {
        !Part::between(sentence, from, to)
            .signals()
            .metrics
            .is_empty()
    };
    let mut cuts = vec![(0, false)];
    for at in 1..words {
        let (before, here) = (sentence.clauses[at - 1], sentence.clauses[at]);
        // ("3 qs: followers now? best reel this month? when should i post?": questions
        // one after another are a list too; a sentence told ends it.)
        let ended = sentence.sentences.contains(&before) && !sentence.questions.contains(&before);
        if before != here {
            cuts.push((at, ended));
        }
    }
    cuts.push((words, false));
    let mut spans = Vec::new();
    for pair in cuts.windows(2) {
        let ((mut from, mut ended), (to, _)) = (pair[0], pair[1]);
        let joiners: Vec<usize> = sentence
            .tokens
            .iter()
            .filter(|t| t.at > from && t.at < to && matches!(t.role, Some(Role::Joiner)))
            .map(|t| t.at)
            .collect();
        for joiner in joiners {
            // (In a list cut at commas, "net follower growth and ER": two items.)
            let in_a_list = from > 0 && !ended;
            let item_before =
                asks_of_its_own(from, joiner) || (in_a_list && names_a_figure(from, joiner));
            let item_after = asks_of_its_own(joiner + 1, to)
                || (in_a_list && item_before && names_a_figure(joiner + 1, to));
            if item_before && item_after {
                spans.push((from, joiner, ended));
                (from, ended) = (joiner + 1, false);
            }
        }
        spans.push((from, to, ended));
    }
    spans
}
