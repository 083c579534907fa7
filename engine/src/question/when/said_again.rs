//! A period said again the way the asker means it ("the autumn before, so autumn 2025",
//! "last quarter, i.e. July to September"): the first naming gives way to the second;
//! weekdays said after a short span ("Black Friday weekend (fri to sun)") give way to it.

use super::{Mention, When};
use crate::period::Period;

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
    // ("Black Friday weekend (fri to sun)": the days of a short span named just before,
    // said again as weekdays.)
    let weekday = |word: &str| super::dates::weekday_of(word, true).is_some();
    for index in 1..found.len() {
        let before = &found[index - 1];
        let short_span = matches!(
            before.when,
            When::Period(Period::Between(first, last)) if (last - first).num_days() <= 3
        );
        let (end, start) = (before.end, found[index].start);
        if short_span
            && start >= end
            && start - end <= 3
            && (end..start)
                .all(|at| weekday(words[at]) || matches!(words[at], "to" | "till" | "thru"))
            && weekday(words[start])
        {
            found[index].when = found[index - 1].when.clone();
            found[index].weak = true;
        }
    }
    for index in 0..found.len() {
        let restated = found.iter().skip(index + 1).any(|d| {
            matches!(d.when, When::Period(_)) && !d.weak && said_again(found[index].end, d.start)
        });
        if restated {
            found[index].weak = true;
        }
    }
}
