//! Where a message may be cut into two parts: at a joiner ("and", "also") or where a clause
//! begins, with something meant on each side.

use super::sentence::{Sentence, ASKING};
use crate::question::lexicon::Role;

/// The word positions a message may be cut at, each with whether a joiner stands there.
pub(super) fn places_to_cut(sentence: &Sentence) -> Vec<(usize, bool)> {
    // (Only where each side has a word that means something, a question word or a period:
    // "a, a, a, … how many likes?" is one question, not a thousand places to cut, each
    // read twice.)
    let mut meaningful = vec![false; sentence.words.len() + 1];
    for token in &sentence.tokens {
        meaningful[token.at] |= !matches!(token.role, Some(Role::Filler | Role::Joiner))
            || ASKING.contains(&token.text.as_str());
    }
    for mention in &sentence.mentions {
        meaningful[mention.start.min(sentence.words.len())] = true;
    }
    let total = meaningful.iter().filter(|m| **m).count();
    let before_at: Vec<usize> = meaningful
        .iter()
        .scan(0, |count, m| {
            let before = *count;
            *count += usize::from(*m);
            Some(before)
        })
        .collect();
    sentence
        .tokens
        .iter()
        .enumerate()
        .filter_map(|(index, token)| {
            let joiner = matches!(token.role, Some(Role::Joiner));
            let new_clause = index > 0 && sentence.tokens[index - 1].clause != token.clause;
            let before = before_at[token.at];
            let both_sides = before > 0 && before < total;
            ((joiner || new_clause) && both_sides).then_some((token.at, joiner))
        })
        .collect()
}
