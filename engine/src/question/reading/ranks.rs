//! Follow-ups that move along a ranking already shown: "the second and third?", "and the
//! next two", "the runner-up", "reverse it, lowest first".

use super::signals::Part;
use crate::analytics::Order;
use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;

/// Words that may stand beside the places asked for without asking anything else.
const AROUND: &[&str] = &[
    "and", "the", "also", "please", "pls", "plz", "what", "whats", "about", "ones", "one", "place",
    "places", "then", "show", "me", "give", "now", "ok", "okay", "too", "same", "but", "it", "its",
    "order", "so", "can", "you", "u", "i", "want", "see", "posts", "post", "who", "was", "were",
    "is", "are", "came", "come", "in", "a", "well", "as", "list", "them",
];

/// The place a word names in a ranking ("second", "3rd").
pub(super) fn place(word: &str) -> Option<usize> {
    Some(match word {
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "fifth" | "5th" => 5,
        "sixth" | "6th" => 6,
        "seventh" | "7th" => 7,
        "eighth" | "8th" => 8,
        "ninth" | "9th" => 9,
        "tenth" | "10th" => 10,
        _ => return None,
    })
}

/// The previous ranking, moved as the follow-up asks, if that is all it asks.
pub(super) fn moved_along(part: &Part<'_>, previous: &Frame) -> Option<Frame> {
    if !matches!(previous.kind, Kind::Top | Kind::Fans) {
        return None;
    }
    let words = &part.sentence.words;
    let shown = previous.count.unwrap_or(5);
    let mut deepest = None;
    let mut reversed = None;
    let mut at = 0;
    while at < words.len() {
        let word = words[at].as_str();
        let next = words.get(at + 1).map(String::as_str).unwrap_or("");
        if let Some(place) = place(word) {
            deepest = deepest.max(Some(place));
        } else if word == "next" {
            // "the next two", "the next one", "next"
            let number = part.token_at(at + 1).and_then(|t| match t.role {
                Some(Role::Number(n)) => Some(n as usize),
                _ => None,
            });
            let more = number.inspect(|_| at += 1).unwrap_or(1);
            deepest = deepest.max(Some(shown + more));
        } else if matches!(word, "runner" | "runnerup" | "runners") {
            deepest = deepest.max(Some(2));
            at += usize::from(next == "up");
        } else if matches!(word, "reverse" | "reversed" | "flip" | "opposite") {
            reversed = Some(None);
        } else if matches!(
            word,
            "lowest" | "worst" | "bottom" | "highest" | "best" | "top"
        ) && matches!(next, "first" | "1st")
        {
            let lowest = matches!(word, "lowest" | "worst" | "bottom");
            reversed = Some(Some(if lowest {
                Order::Lowest
            } else {
                Order::Highest
            }));
            at += 1;
        } else if matches!(word, "other" | "wrong") && next == "way" {
            reversed = Some(None);
            at += 1 + usize::from(matches!(
                words.get(at + 2).map(String::as_str),
                Some("round" | "around")
            ));
        } else if !AROUND.contains(&word) {
            return None;
        }
        at += 1;
    }
    let mut frame = previous.clone();
    match (deepest, reversed) {
        (Some(deepest), None) => frame.count = Some(deepest.max(shown)),
        (None, Some(order)) => {
            let was = previous.order.unwrap_or(Order::Highest);
            frame.order = Some(order.unwrap_or(match was {
                Order::Highest => Order::Lowest,
                Order::Lowest => Order::Highest,
            }));
        }
        _ => return None,
    }
    Some(frame)
}
