//! "Which" that asks for one thing: "which one", "which post drove the most", "which
//! pupdate got the most comments" (a word Pulse does not know, in the singular), not "which
//! of my posts" nor "which bike posts"; a ranking of one "thing" ("my most viewed thing").

use crate::question::lexicon::Role;
use crate::question::reading::sentence::Token;

use super::{Part, Signals};

impl Part<'_> {
    /// Whether "which" at `token` asks for one thing.
    pub(super) fn which_names_one(&self, token: &Token) -> bool {
        let next = self.word(token.at + 1);
        if next == "one" {
            return true;
        }
        // "… from my posts last month — which post drove the most?": one.
        if matches!(
            next,
            "post" | "reel" | "photo" | "video" | "carousel" | "pic"
        ) {
            return self.word(token.at + 2) != "of";
        }
        // "… and which was the most liked?", "which is my best one": one.
        if matches!(next, "was" | "is" | "s")
            && matches!(self.word(token.at + 2), "the" | "my" | "our")
            && matches!(
                self.word(token.at + 3),
                "most" | "best" | "top" | "highest" | "least" | "worst" | "lowest"
            )
            // ("which was the best year for me": a time, not a post.)
            && !matches!(
                self.word(token.at + 4),
                "year" | "month" | "week" | "day" | "time" | "hour" | "season" | "quarter"
            )
        {
            return true;
        }
        // "which pupdate got the most comments", "which got the most likes": a word Pulse
        // does not know, in the singular, after "which" — one thing.
        next.len() > 2
            && !next.ends_with('s')
            && next.chars().all(|c| c.is_ascii_alphabetic())
            && !matches!(
                next,
                "the"
                    | "are"
                    | "were"
                    | "would"
                    | "should"
                    | "could"
                    | "can"
                    | "did"
                    | "do"
                    | "you"
                    | "ones"
                    | "way"
                    | "of"
            )
            && self
                .token_at(token.at + 1)
                .is_none_or(|t| matches!(t.role, None | Some(Role::Filler | Role::OffTopic)))
            // ("which bike posts": posts, described.)
            && !self.token_at(token.at + 2).is_some_and(|t| {
                matches!(t.role, Some(Role::Posts | Role::Media(_))) && t.text.ends_with('s')
            })
    }

    /// "my most viewed thing on saturday": one post.
    pub(super) fn one_thing(&self, s: &mut Signals) {
        if (s.highest || s.lowest)
            && !s.posts
            && s.media.is_empty()
            && self.sentence.words.iter().any(|w| w == "thing")
        {
            s.posts = true;
            s.plural = Some(false);
        }
    }
}
