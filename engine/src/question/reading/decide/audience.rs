//! Followers asked about by where they are from, when the place is one Pulse does not know
//! by name ("are our followers mostly from Devon").

use crate::metric::Metric;
use crate::question::lexicon::Role;
use crate::question::reading::signals::{Part, Signals};

/// "are our followers mostly from Devon", "are more of our followers in Edinburgh or
/// Glasgow?": where the followers are, asked of a place Pulse does not know by name.
pub(super) fn followers_from_a_place(part: &Part<'_>, s: &Signals, metric: Option<Metric>) -> bool {
    s.followers
        && !s.posts
        && s.media.is_empty()
        && metric.is_none()
        && part.tokens.iter().any(|t| {
            // ("are more of our followers in Edinburgh or Glasgow?": where they are, asked
            // of two places; not "followers in Ramadan".)
            // (Both unknown, and no walk of life: "in school or college".)
            let a_place = |at: usize| {
                part.token_at(at).is_some_and(|t| t.role.is_none())
                    && !matches!(
                        part.word(at),
                        "school"
                            | "college"
                            | "uni"
                            | "university"
                            | "work"
                            | "relationships"
                            | "single"
                            | "love"
                    )
            };
            let where_they_are = t.text == "in"
                && part.word(t.at + 2) == "or"
                && a_place(t.at + 1)
                && a_place(t.at + 3);
            (t.text == "from" || where_they_are)
            && part
                .token_at(t.at + 1)
                .is_some_and(|next| next.role.is_none())
            // ("I am Rebin from Zagros Bakery. … how many follower we have": the asker's
            // place, before the followers.)
            && part
                .tokens
                .iter()
                .any(|f| matches!(f.role, Some(Role::Followers)) && f.at < t.at)
        })
}
