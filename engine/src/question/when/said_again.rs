//! A period said again the way the asker means it ("the autumn before, so autumn 2025",
//! "last quarter, i.e. July to September"): the first naming gives way to the second;
//! weekdays said after a short span ("Black Friday weekend (fri to sun)") give way to it; a
//! day said again after "last" ("this Christmas vs last Christmas") is the one a year before.

use super::{Mention, When, ZoneHabits};
use crate::period::Period;

/// Makes weak each period that another, said right after "so", "i.e.", "meaning" or "I
/// mean", restates.
pub(super) fn weaken_the_first(words: &[&str], found: &mut [Mention], habits: ZoneHabits) {
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
    last_one_said_again(words, found, habits);
    for index in 0..found.len() {
        let restated = found.iter().skip(index + 1).any(|d| {
            matches!(d.when, When::Period(_)) && !d.weak && said_again(found[index].end, d.start)
        });
        if restated {
            found[index].weak = true;
        }
    }
}

/// "likes on christmas day vs last christmas", "black friday vs last black friday": a day or
/// a few, named again after "last", is the one before the first naming — read again as of
/// the day before it.
fn last_one_said_again(words: &[&str], found: &mut [Mention], habits: ZoneHabits) {
    for index in 1..found.len() {
        let (start, end) = (found[index].start, found[index].end);
        let When::Period(Period::Between(first, last)) = found[index].when else {
            continue;
        };
        let said_before = found[..index].iter().any(|m| m.when == found[index].when);
        if start == 0 || words[start - 1] != "last" || (last - first).num_days() > 4 || !said_before
        {
            continue;
        }
        let Some(day_before) = first.pred_opt() else {
            continue;
        };
        let again = super::mentions(&words[start - 1..end], day_before, habits);
        if let [Mention {
            when: when @ When::Period(_),
            ..
        }] = again.as_slice()
        {
            found[index].when = when.clone();
        }
    }
}
