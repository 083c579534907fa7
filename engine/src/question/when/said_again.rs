//! A period said again the way the asker means it ("the autumn before, so autumn 2025",
//! "last quarter, i.e. July to September"): the first naming gives way to the second.

use super::{Mention, When};

/// Makes weak each period that another, said right after "so", "i.e.", "meaning" or "I
/// mean", restates.
pub(super) fn weaken_the_first(words: &[&str], found: &mut [Mention]) {
    // ("the autumn before, so …": the word that said which autumn too.)
    let said_again = |from: usize, to: usize| {
        let from = from + usize::from(matches!(words.get(from), Some(&("before" | "prior"))));
        to > from
            && to - from <= 2
            && (from..to).all(|at| {
                matches!(
                    words[at],
                    "so" | "ie" | "i.e" | "meaning" | "namely" | "aka" | "i" | "mean"
                )
            })
    };
    for index in 0..found.len() {
        let restated = found.iter().skip(index + 1).any(|d| {
            matches!(d.when, When::Period(_)) && !d.weak && said_again(found[index].end, d.start)
        });
        if restated {
            found[index].weak = true;
        }
    }
}
