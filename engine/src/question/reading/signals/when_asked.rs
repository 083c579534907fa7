//! "when" that asks no time: a time told ("when I was doing Inktober", "the week when we
//! moved"), how a figure is measured ("when you measure it with reach"), or a condition
//! ("will it do better when I post it tomorrow").

use crate::question::lexicon::Role;
use crate::question::reading::sentence::Token;

use super::Part;

impl Part<'_> {
    /// Whether "when" at `token` tells a time beside the question ("when I was doing
    /// Inktober in October, did my followers go up", "top posts from last spring when the
    /// lambs were born", "the week when we moved"): set aside, not asked.
    pub(super) fn when_told(&self, token: &Token) -> bool {
        (matches!(self.word(token.at + 1), "i" | "we" | "you")
            && matches!(
                self.word(token.at + 2),
                "was" | "were" | "did" | "had" | "went" | "started" | "ran"
            ))
            || (token.text == "when"
                && !matches!(
                    self.word(token.at + 1),
                    "should"
                        | "do"
                        | "does"
                        | "is"
                        | "are"
                        | "to"
                        | "can"
                        | "would"
                        | "could"
                        | "shall"
                        | "will"
                        | "its"
                        | "ll"
                )
                && (self.mentions.iter().any(|m| m.end == token.at)
                    || (token.at > 0
                        && matches!(
                            self.word(token.at - 1),
                            "day" | "week" | "weekend" | "month" | "night" | "year"
                        ))))
    }

    /// Whether "when" at `token` asks no time and tells none: how a figure is measured
    /// ("and when you measure it with reach?"), or a condition in the middle of a clause
    /// ("will the wedding carousel do better when I post it tomorrow"; "tell me when I
    /// should post" still asks, and "like 6am when I set up the van" tells the hour).
    pub(super) fn when_not_a_time(&self, token: &Token) -> bool {
        let measured = matches!(self.word(token.at + 1), "you" | "i" | "we")
            && matches!(
                self.word(token.at + 2),
                "measure" | "count" | "rank" | "sort" | "look" | "use" | "go"
            );
        let condition = token.text == "when"
            && token.at > 0
            && self.sentence.clauses.get(token.at - 1) == self.sentence.clauses.get(token.at)
            && matches!(self.word(token.at + 1), "i" | "we" | "you" | "they")
            && !matches!(
                self.word(token.at + 2),
                "should" | "can" | "could" | "shall" | "ought" | "need" | "must"
            )
            && !matches!(
                self.word(token.at - 1),
                "know"
                    | "see"
                    | "show"
                    | "tell"
                    | "me"
                    | "us"
                    | "and"
                    | "so"
                    | "but"
                    | "out"
                    | "from"
                    | "time"
                    | "times"
                    | "day"
                    | "hour"
                    | "is"
                    | "are"
                    | "was"
                    | "about"
            )
            && !self
                .token_at(token.at - 1)
                .is_some_and(|t| matches!(t.role, Some(Role::PartOfDay)));
        measured || condition
    }
}
