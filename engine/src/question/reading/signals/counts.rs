//! Whether a number in the question is the count asked for ("top 5", "5 best reels", "10
//! commenters") or tells something else ("I dropped 4 flash sheets", "posted 2 that day",
//! "the 4-7-8 breathing one").

use crate::question::lexicon::Role;
use crate::question::reading::sentence::Token;

use super::Part;

impl Part<'_> {
    /// Whether the number at `index` of the part's tokens is how many things are asked for.
    pub(super) fn counts_asked(&self, index: usize) -> bool {
        let tokens = &self.tokens;
        let token = tokens[index];
        // A count stands by what is counted ("top 5", "5 best reels", "10
        // commenters"), not by other things ("I dropped 4 flash sheets").
        let counts = |t: Option<&&Token>| {
            t.is_some_and(|t| {
                matches!(
                    t.role,
                    Some(
                        Role::Highest
                            | Role::Lowest
                            | Role::Posts
                            | Role::Media(_)
                            | Role::Commenters
                            | Role::People
                            | Role::Latest
                            | Role::Metric(_)
                    )
                )
            })
        };
        // ("my 3 more big fans": the people counted, past a "more".)
        let people_past_more = tokens
            .get(index + 1)
            .is_some_and(|t| matches!(t.role, Some(Role::More)))
            && tokens[index + 1..]
                .iter()
                .skip(1)
                .find(|t| !matches!(t.role, None | Some(Role::Filler)))
                .is_some_and(|t| matches!(t.role, Some(Role::Commenters | Role::People)));
        // ("also 2 more please", "another 3": more of the list.)
        let more_of_the_list = (self.word(token.at + 1) == "more"
            && tokens
                .iter()
                .skip(index + 2)
                .all(|t| matches!(t.role, Some(Role::Filler))))
            || self.word(token.at.saturating_sub(1)) == "another";
        let near = counts(tokens.get(index + 1))
            || people_past_more
            || more_of_the_list
            || (index > 0 && counts(tokens.get(index - 1)))
            || matches!(
                self.word(token.at.saturating_sub(1)),
                "top" | "best" | "show" | "me" | "first" | "bottom" | "worst" | "the" | "which"
            )
            // ("by comments, just 3": the list, as long as that.)
            || (matches!(self.word(token.at.saturating_sub(1)), "just" | "only")
                && tokens
                    .get(index + 1)
                    .is_none_or(|next| next.clause != token.clause))
            // ("make it 10 for the whole year": the list made longer.)
            || (self.word(token.at.saturating_sub(1)) == "it"
                && matches!(self.word(token.at.saturating_sub(2)), "make" | "do"))
            || tokens.len() <= 3;
        // "Which posts did worst in October? 3 please": a number on its own.
        let alone = tokens.iter().all(|t| {
            t.clause != token.clause || t.at == token.at || matches!(t.role, Some(Role::Filler))
        }) && tokens
            .iter()
            .any(|t| matches!(t.role, Some(Role::Highest | Role::Lowest)));
        // ("the 4-7-8 breathing one": a name, not a count.)
        let number_at = |at: usize| self.word(at).parse::<u32>().is_ok();
        let named =
            number_at(token.at + 1) || (self.word(token.at + 1) == "to" && number_at(token.at + 2));
        // ("which reel had the most shares on Tuesday? posted 2 that day": how
        // many were posted, told.)
        let posted_count = matches!(
            self.word(token.at.saturating_sub(1)),
            "posted" | "uploaded" | "dropped" | "put" | "shared" | "published"
        );
        (near || alone) && !named && !posted_count
    }
}
