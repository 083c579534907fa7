//! "Which" that asks for one thing: "which one", "which post drove the most", "which
//! pupdate got the most comments" (a word Pulse does not know, in the singular), not "which
//! of my posts" nor "which bike posts"; a ranking of one "thing" ("my most viewed thing");
//! "which one brought the most followers".

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
            "post" | "reel" | "photo" | "video" | "carousel" | "pic" | "drop"
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
        // (Not "the most important thing for growth", "the best thing i can do".)
        let ranked_thing = self.tokens.iter().any(|t| {
            matches!(t.role, Some(Role::Highest | Role::Lowest))
                && (t.at + 1..=t.at + 2).any(|at| self.word(at) == "thing")
                && (t.at + 2..=t.at + 3).all(|at| {
                    !matches!(self.word(at), "for" | "about" | "to" | "i" | "we" | "is")
                        || self.word(at - 1) != "thing"
                })
        });
        if (s.highest || s.lowest) && !s.posts && s.media.is_empty() && ranked_thing {
            s.posts = true;
            s.plural = Some(false);
        }
    }

    /// "… which one brought the most followers?": a post, said as "one" (not one of two
    /// periods: "which one gained more followers, this week or last").
    pub(super) fn which_one_brought(&self) -> bool {
        self.sentence.words.windows(3).any(|w| {
            w[0] == "which"
                && matches!(w[1].as_str(), "one" | "ones")
                && matches!(
                    w[2].as_str(),
                    "brought" | "gained" | "earned" | "drove" | "pulled" | "gave" | "got"
                )
        }) && self.mentions.iter().filter(|m| !m.weak).count() < 2
            && !self
                .sentence
                .words
                .iter()
                .any(|w| matches!(w.as_str(), "or" | "vs"))
    }
}
