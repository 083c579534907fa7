//! "Which" that asks for one thing: "which one", "which post drove the most", "which
//! pupdate got the most comments" (a word Pulse does not know, in the singular), not "which
//! of my posts" nor "which bike posts"; a ranking of one "thing" ("my most viewed thing");
//! "which one brought the most followers"; "which three had the lowest engagement" and
//! "which was most saved?" after a ranking: some of what was just asked about.

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
        // "… and which was the most liked?", "which is my best one", "which was most
        // saved?": one.
        let ranked_at = match self.word(token.at + 2) {
            "the" | "my" | "our" => token.at + 3,
            _ => token.at + 2,
        };
        if matches!(next, "was" | "is" | "s")
            && matches!(
                self.word(ranked_at),
                "most" | "best" | "top" | "highest" | "least" | "worst" | "lowest"
            )
            // ("which was the best year for me": a time, not a post.)
            && !matches!(
                self.word(ranked_at + 1),
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

impl Part<'_> {
    /// Whether the part asks for one or some of what was just asked about: "which one had
    /// the most views", "which three had the lowest engagement", and, when it names no
    /// post, person or kind of post (`names_nothing`), "which was most saved?".
    pub(in crate::question::reading) fn which_of_them(&self, names_nothing: bool) -> bool {
        let words = &self.sentence.words;
        let which_counted = words.windows(3).any(|w| {
            matches!(w[0].as_str(), "which" | "what")
                && (matches!(w[1].as_str(), "one" | "ones")
                    || crate::question::when::number_at(&[w[1].as_str()], 0).is_some())
                && !matches!(
                    w[2].as_str(),
                    "post"
                        | "posts"
                        | "reel"
                        | "reels"
                        | "video"
                        | "videos"
                        | "photo"
                        | "photos"
                        | "carousel"
                        | "carousels"
                        | "of"
                )
        });
        let which_was_most = names_nothing
            && words.len() <= 6
            && words.windows(3).any(|w| {
                w[0] == "which"
                    && matches!(w[1].as_str(), "was" | "is")
                    && matches!(w[2].as_str(), "most" | "least" | "the")
            });
        which_counted || which_was_most
    }
}
