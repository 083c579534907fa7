//! What happens off Instagram, asked as if Instagram counted it: visits ("how many people
//! came to the museum because of Instagram"), things sold or booked ("how many jobs have
//! come in off instagram"), discount codes used at the till.

use super::{Part, Signals};
use crate::question::lexicon::Role;

impl Part<'_> {
    /// Whether the part counts something that happens off Instagram.
    pub(super) fn counted_off_instagram(&self, s: &Signals) -> bool {
        let words = &self.sentence.words;
        // "how many people came to the museum because of Instagram", "how many customer
        // come to kiosk from instagram": visits, which happen off Instagram. (Not told beside
        // the question: "most of my students come from instagram. which post …")
        let came_because_of_instagram = words.iter().enumerate().any(|(at, w)| {
            !self.sentence.statement(self.sentence.clauses[at])
                && matches!(
                    w.as_str(),
                    "came"
                        | "come"
                        | "comes"
                        | "visited"
                        | "visit"
                        | "walked"
                        | "popped"
                        | "order"
                        | "ordered"
                        | "bought"
                        | "booked"
                        // ("how many tourist buy carpet after they see my instagram")
                        | "buy"
                        | "buys"
                )
                && words.iter().skip(at + 1).take(8).any(|w| {
                    matches!(
                        w.as_str(),
                        "because"
                            | "from"
                            | "through"
                            | "via"
                            | "thanks"
                            | "after"
                            | "cos"
                            | "coz"
                            | "cuz"
                            | "bc"
                    )
                })
                && words.iter().skip(at + 1).take(11).any(|w| {
                    matches!(w.as_str(), "instagram" | "insta" | "ig" | "gram")
                    // ("came to the class after see the reel", "… because of our reel";
                    // not "new followers came from my reels".)
                    || (matches!(w.as_str(), "reel" | "reels" | "post" | "posts")
                        && !s.followers
                        && s.metrics.is_empty())
                })
        });
        // "how many jobs have come in off instagram", "how many croissants I sell thanks to
        // Instagram": things counted off Instagram, named by a word Pulse does not know.
        let counted_off_instagram = s.metrics.is_empty()
            && !s.followers
            && words.windows(2).enumerate().any(|(at, w)| {
                w[0] == "how"
                    && w[1] == "many"
                    && self.token_at(at + 2).is_some_and(|t| {
                        t.role.is_none()
                            || (t.text == "calls" && matches!(t.role, Some(Role::Filler)))
                    })
            })
            && words.windows(2).any(|w| {
                matches!(w[0].as_str(), "off" | "from" | "to" | "via" | "through")
                    && matches!(w[1].as_str(), "instagram" | "insta" | "ig" | "gram")
            });
        // "how many people used the AUTUMN10 discount code": sales at the till or
        // checkout. (The words stay unknown alone: "how did the discount do" asks back.)
        let code_used = words.windows(2).any(|w| {
            matches!(w[0].as_str(), "discount" | "promo" | "coupon" | "voucher")
                && matches!(w[1].as_str(), "code" | "codes")
        }) && words
            .iter()
            .any(|w| matches!(w.as_str(), "used" | "use" | "redeemed" | "many"))
            // ("how many comments asked for the promo code": buyers asking.)
            && !words
                .iter()
                .any(|w| w.starts_with("comment") || w.starts_with("ask"));
        came_because_of_instagram || counted_off_instagram || code_used
    }
}
