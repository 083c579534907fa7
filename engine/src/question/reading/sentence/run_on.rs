//! Clauses that voice typing and quick typing run together without punctuation: "… but
//! hows my insta reach", "… lol the fall compilation is my fav", "… reach last week we did
//! the free brake check day", "… build up a bit what was our reach last week".

use std::collections::HashSet;

use super::clauses::{ASKING, ASKING_FIRST};
use crate::question::lexicon::OWN_WORDS;

/// Words after which a question word starts a clause inside the sentence ("I want to *know*
/// what my reach was", "*tell* me how many"), not a new question.
const TAKES_A_QUESTION: &[&str] = &[
    // "my competitor have how many likes", "my story got how many views": the question word
    // in the place of the figure, as some speakers write it.
    "have",
    "has",
    "had",
    "got",
    "get",
    "gets",
    "getting",
    "received",
    "receive",
    "made",
    "make",
    "did",
    "does",
    "do",
    "reached",
    "earned",
    "was",
    "were",
    "are",
    "with",
    "know",
    "see",
    "tell",
    "me",
    "us",
    "show",
    "about",
    "of",
    "check",
    "wonder",
    "wondering",
    "asking",
    "ask",
    "understand",
    "out",
    "find",
    "explain",
    "curious",
    "sure",
    "idea",
    "is",
    "and",
    "or",
    "to",
    "on",
    "at",
    "in",
    "for",
    "by",
    "from",
    "matter",
    "no",
    "care",
    "guess",
    "learn",
    "track",
    "confused",
    "unsure",
    "decide",
    "figure",
    "calculate",
    "depends",
    "remember",
    "forgot",
    "says",
    "but",
    "so",
    "then",
    "like",
    "exactly",
    "just",
    "pulse",
    "bot",
    "hey",
    "hi",
    "hello",
    "ok",
    "okay",
    "please",
    "pls",
    "plz",
    "also",
    "and",
    "now",
];

/// Cuts a clause where a conjunction, laughter, a story run on after the period asked, or a
/// question run on after a story begins a new one.
pub(super) fn cut_run_ons(
    all: &[String],
    clauses: &mut [usize],
    questions: &mut HashSet<usize>,
    sentences: &mut HashSet<usize>,
) {
    // "my tiktok is popping off but hows my insta reach", "my story views are low so whats
    // my ER": a conjunction before a question starts a clause.
    for at in 1..all.len() {
        let next = all.get(at + 1).map_or("", String::as_str);
        let turns = matches!(
            all[at].as_str(),
            "but" | "so" | "anyway" | "anyways" | "though" | "tho"
        ) && (ASKING.contains(&next)
            || ASKING_FIRST.contains(&next)
            || matches!(next, "whatever" | "anyway" | "anyways"))
            && clauses[at - 1] == clauses[at];
        // "… the most shares this month lol the fall compilation is my fav": laughter
        // ends a clause, as an emoji does.
        let laughs = matches!(
            all[at - 1].as_str(),
            "lol" | "lmao" | "lmfao" | "haha" | "hahaha"
        ) && at >= 2
            && clauses[at - 1] == clauses[at];
        // "how many people did our posts reach last week we did the free brake check day
        // on the saturday": voice typing runs a story on after the period asked.
        // ("… reach last week im trying to see if the photos are working": and why.)
        let story_runs_on = at >= 4
            && matches!(all[at].as_str(), "we" | "i" | "im")
            && matches!(
                all[at - 1].as_str(),
                "week" | "weekend" | "month" | "year" | "yesterday" | "today" | "night"
            )
            && matches!(
                next,
                "trying"
                    | "hoping"
                    | "did"
                    | "had"
                    | "ran"
                    | "held"
                    | "hosted"
                    | "posted"
                    | "went"
                    | "were"
                    | "was"
                    | "launched"
                    | "opened"
                    | "made"
                    | "started"
                    | "put"
                    | "shot"
                    | "filmed"
            )
            && (0..at).any(|k| {
                clauses[k] == clauses[at] && (ASKING.contains(&all[k].as_str()) || k == 0)
            })
            && clauses[at - 1] == clauses[at];
        // "we open for christmas trees on the 28th so im trying to build up a bit what was
        // our reach last week": a question run on after a story told, no stop between.
        let told_first = (0..at)
            .filter(|k| clauses[*k] == clauses[at])
            .collect::<Vec<_>>();
        let question_runs_on = at >= 4
            && matches!(
                all[at].as_str(),
                "what" | "whats" | "how" | "hows" | "which"
            )
            && (matches!(
                next,
                "was"
                    | "is"
                    | "were"
                    | "are"
                    | "did"
                    | "does"
                    | "do"
                    | "has"
                    | "have"
                    | "many"
                    | "much"
                    | "r"
                    | "about"
            ) || (matches!(all[at].as_str(), "whats" | "hows")
                && matches!(next, "my" | "our" | "the")))
            && !TAKES_A_QUESTION.contains(&all[at - 1].as_str())
            && told_first.len() >= 4
            // (after a greeting: "hi im a piano tuner i post …")
            && told_first
                .iter()
                .find(|k| !matches!(all[**k].as_str(), "hi" | "hey" | "hello" | "hiya" | "ok" | "so"))
                .is_some_and(|k| OWN_WORDS.contains(&all[*k].as_str()))
            && !told_first.iter().any(|k| {
                ASKING.contains(&all[*k].as_str())
                    || (*k == told_first[0] && ASKING_FIRST.contains(&all[*k].as_str()))
            });
        if turns || laughs || story_runs_on || question_runs_on {
            let split = clauses[at];
            let moved = |set: &mut HashSet<usize>| {
                let ended = set.remove(&split);
                *set = set
                    .iter()
                    .map(|c| if *c > split { c + 1 } else { *c })
                    .collect();
                if ended {
                    set.insert(split + 1);
                }
            };
            moved(questions);
            moved(sentences);
            for c in clauses.iter_mut().skip(at) {
                *c += 1;
            }
        }
    }
}
