//! One post of one type picked out among other type words that name no type asked
//! ("which photo of the tackle got the most likes — we sell rods and fishing reels", "my
//! best reel of all time, the fade video or the beard video"): a ranking of that type, not
//! the types weighed against each other.

use super::{Part, Signals};
use crate::question::lexicon::Role;

impl Part<'_> {
    /// Keeps only the type of the one post the part ranks, when the other type words beside
    /// it are not types set against it ("which photo or reel" is): the others are set aside.
    pub(super) fn one_post_of_a_type(&self, s: &mut Signals) {
        if !(s.highest || s.lowest) || s.compare {
            return;
        }
        let media: Vec<_> = self
            .tokens
            .iter()
            .filter(|t| matches!(t.role, Some(Role::Media(_))))
            .collect();
        // The type picked: "which photo", "my best reel" (type words before it are told, as
        // in "we sell fishing reels").
        let Some(picked) = media.iter().position(|t| {
            !t.text.ends_with('s')
                && matches!(
                    self.word(t.at.saturating_sub(1)),
                    "which" | "best" | "worst" | "top" | "most"
                )
        }) else {
            return;
        };
        // ("which photo or reel", "best reel vs carousel", "which video has more views, the
        // reels or the videos": types set against each other.)
        let set_against = media[picked + 1..].iter().any(|later| {
            later.text.ends_with('s')
                || matches!(
                    self.word(later.at.saturating_sub(1)),
                    "or" | "vs" | "versus" | "and" | "than" | "against" | "to"
                )
        });
        let Some(Role::Media(kind)) = media[picked].role else {
            return;
        };
        if media.len() >= 2 && !set_against {
            s.media = vec![kind];
            s.plural = Some(false);
            s.ignored.extend(
                media
                    .iter()
                    .enumerate()
                    .filter(|(at, _)| *at != picked)
                    .map(|(_, t)| t.at),
            );
        }
    }
}
