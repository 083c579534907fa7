//! A question asked as a list of three or more ("Client wants: followers now, net growth for
//! December, top 3 posts by reach for December"): each item is read on its own, in the order
//! listed. A heading that names a summary ("the full 2026 wrap-up:") gives its period to the
//! items that name none.

use super::interpret::interpret;
use super::sentence::Sentence;
use super::signals::Part;
use super::Reading;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::{Parsed, Query};

/// The fewest items a list has, headings aside: two are the two-part reading's.
const FEWEST_ITEMS: usize = 3;

/// The list's items, read one by one.
pub(super) fn listed_questions(sentence: &Sentence) -> Option<Parsed> {
    let pieces = pieces(sentence);
    let is_item = |&(from, to, _): &(usize, usize, bool)| {
        let part = Part::between(sentence, from, to);
        let s = part.signals();
        // ("Which format — Reel, Carousel or photo — achieves the highest engagement": a
        // verb Pulse does not know goes on with the piece before.)
        let goes_on = part.tokens.first().is_some_and(|t| t.role.is_none());
        (s.kind_heads > 0 || !s.metrics.is_empty())
            && !goes_on
            && !part.tokens.iter().any(|t| sentence.story(t.clause))
    };
    let item: Vec<bool> = pieces.iter().map(is_item).collect();
    // The longest run of items one after another, in one sentence.
    // ("For the July report I need: …": the piece before it may be the list's heading.)
    let (mut run, mut best, mut heading_at) = (Vec::new(), Vec::new(), None);
    for (index, piece) in pieces.iter().enumerate() {
        if piece.2 || !item[index] {
            run.clear();
        }
        if item[index] {
            run.push(*piece);
        }
        if run.len() > best.len() {
            best = run.clone();
            let first = index + 1 - run.len();
            heading_at = first
                .checked_sub(1)
                .filter(|before| !pieces[first].2 && !item[*before]);
        }
    }
    let heading_piece = heading_at.map(|at| pieces[at]);
    let mut items = Vec::new();
    for &(from, to, _) in heading_piece.iter().chain(&best) {
        let part = Part::between(sentence, from, to);
        let is_heading = heading_piece.is_some_and(|heading| heading.0 == from);
        let frame = match interpret(&part, &part.signals(), None) {
            Reading::Frame(frame) if !is_heading || frame.kind == Kind::Overview => frame,
            _ if is_heading => continue,
            _ => return None,
        };
        let own_period = part.mentions.iter().any(|m| !m.weak);
        items.push((frame, own_period));
    }
    // ("For the July report I need: …", "the full 2026 wrap-up: reach, …": a heading that
    // names a summary gives its period to the items, and is no item itself.)
    let heading = items
        .iter()
        .find(|(frame, own)| frame.kind == Kind::Overview && *own)
        .map(|(frame, _)| frame.period);
    items.retain(|(frame, _)| frame.kind != Kind::Overview);
    for (frame, own) in &mut items {
        if let Some(period) = heading.filter(|_| !*own && frame.kind.takes_period()) {
            if !frame.kind.groups_posts() {
                frame.period = period;
            }
        }
    }
    let frames: Vec<Frame> = items.into_iter().map(|(frame, _)| frame).collect();
    let distinct = frames
        .iter()
        .enumerate()
        .all(|(i, a)| frames[..i].iter().all(|b| a != b));
    // ("Performance of the latest post - reach, saves, shares": that post's figures; "What
    // time of day, and which day, should we post": one question of when; "Audience
    // breakdown: age split and top countries": who the followers are; "what time of day,
    // and what day, is best to publish": when to post.)
    let when_to_post =
        |f: &&Frame| matches!(f.kind, Kind::BestTime | Kind::PartsOfDay | Kind::Weekdays);
    let one_question = frames.iter().filter(when_to_post).count() >= 2
        || frames.iter().any(|f| {
            matches!(f.kind, Kind::LatestPost | Kind::Recommend)
                || (f.kind == Kind::Followers
                    && frames.iter().any(|other| other.kind == Kind::Demographics))
        });
    if frames.len() < FEWEST_ITEMS || !distinct || one_question {
        return None;
    }
    let queries: Option<Vec<Query>> = frames.iter().map(Frame::query).collect();
    Some(Parsed::Understood {
        queries: queries?,
        set_aside: None,
        unused: Vec::new(),
    })
}

/// The message cut at every comma or colon between clauses, and at a joiner ("and", "also")
/// with something asked on each side: its word spans, in order, each with whether a sentence
/// ended just before it.
fn pieces(sentence: &Sentence) -> Vec<(usize, usize, bool)> {
    let words = sentence.words.len();
    let asks_of_its_own =
        |from: usize, to: usize| Part::between(sentence, from, to).signals().kind_heads > 0;
    let mut cuts = vec![(0, false)];
    for at in 1..words {
        let (before, here) = (sentence.clauses[at - 1], sentence.clauses[at]);
        let ended = sentence.sentences.contains(&before) || sentence.questions.contains(&before);
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
            if asks_of_its_own(from, joiner) && asks_of_its_own(joiner + 1, to) {
                spans.push((from, joiner, ended));
                (from, ended) = (joiner + 1, false);
            }
        }
        spans.push((from, to, ended));
    }
    spans
}
