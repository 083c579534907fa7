//! One post the words point at or name: "it" as what got a figure, "the last one" set
//! against, one piece named right after a ranking, "the one with the dog".

use super::super::sentence::Token;
use super::super::signals::{Part, Signals};
use crate::question::lexicon::Role;
use crate::question::when::When;

/// Whether the part sets something against "the last one" or "the previous one".
pub(super) fn against_the_one_before(part: &Part<'_>) -> bool {
    part.sentence.words.windows(4).any(|w| {
        w[0] == "than"
            && w[1] == "the"
            && matches!(w[2].as_str(), "last" | "previous" | "one")
            && matches!(w[3].as_str(), "one" | "before" | "post")
    })
}

/// "my most liked illustration", "our best performing painting": one piece, named by a word
/// Pulse does not know, right after the ranking.
pub(super) fn one_piece_named(part: &Part<'_>) -> bool {
    let unknown = |at: usize| part.token_at(at).is_some_and(|t| t.role.is_none());
    part.tokens.iter().any(|t| {
        let describing = |at: usize| {
            part.token_at(at)
                .is_some_and(|t| matches!(t.role, Some(Role::Metric(_) | Role::Performance)))
        };
        let piece = if describing(t.at + 1) {
            t.at + 2
        } else {
            t.at + 1
        };
        matches!(t.role, Some(Role::Highest | Role::Lowest))
            && unknown(piece)
            && !part.word(piece).ends_with('s')
            && !matches!(
                part.word(piece),
                "stuff" | "content" | "work" | "art" | "merch"
            )
            && !unknown(piece + 1)
    })
}

/// Where "it" stands as what got a figure ("how many likes did it get", "what reach it
/// had"): the post a question points back at.
pub(super) fn it_got(part: &Part<'_>) -> Option<usize> {
    part.sentence.words.windows(2).position(|w| {
        w[0] == "it"
            && matches!(
                w[1].as_str(),
                "get"
                    | "got"
                    | "gets"
                    | "have"
                    | "has"
                    | "had"
                    | "reach"
                    | "reached"
                    | "do"
                    | "did"
                    | "receive"
                    | "received"
                    | "earn"
                    | "earned"
                    | "make"
                    | "pull"
            )
    })
}

/// "the one with the matted cockapoo, how many shares", "the copper balayage one with the
/// girl in the green jumper, how many saves": one post, told by what is in it before its
/// figure is asked, which only its owner can see (not "the one with the most likes", a
/// ranking, nor "a slow one with the roadworks", nor a period's posts asked about).
pub(super) fn one_post_described(part: &Part<'_>) -> bool {
    let words = &part.sentence.words;
    let unknown = |at: usize| part.token_at(at).is_some_and(|t| t.role.is_none());
    let pointed = |at: usize| matches!(words[at].as_str(), "the" | "that");
    let described_at = words.windows(2).enumerate().position(|(at, w)| {
        w[0] == "one"
            && at > 0
            && (pointed(at - 1)
                || (unknown(at - 1) && (at.saturating_sub(4)..at - 1).any(&pointed)))
            && matches!(
                w[1].as_str(),
                "with" | "where" | "about" | "in" | "that" | "who" | "wey" | "when"
            )
    });
    let Some(described_at) = described_at else {
        return false;
    };
    let ranked = part
        .tokens
        .iter()
        .any(|t| matches!(t.role, Some(Role::Highest | Role::Lowest)));
    let asked_after = part
        .tokens
        .iter()
        .any(|t| t.at > described_at && matches!(t.role, Some(Role::Metric(_))));
    !ranked && asked_after && part.mentions.is_empty()
}

/// One post, named by what only its owner knows: "how many saves did the reel get", "how
/// did the new schedule announcement land" ("new" and a word for posting between).
pub(super) fn one_post_its_owner_knows(part: &Part<'_>, s: &Signals) -> bool {
    let between_ok = |from: usize, to: usize| {
        (from..to).all(|at| {
            part.word(at) == "new"
                || part
                    .token_at(at)
                    .is_some_and(|g| matches!(g.role, Some(Role::Publish)))
        })
    };
    let determiner_of = |t: &Token| {
        (t.at.saturating_sub(3)..t.at)
            .rev()
            .find(|&d| matches!(part.word(d), "the" | "that" | "this") && between_ok(d + 1, t.at))
    };
    let publish_only_describes = part.tokens.iter().all(|p| {
        !matches!(p.role, Some(Role::Publish))
            || part.tokens.iter().any(|t| {
                matches!(t.role, Some(Role::Posts))
                    && p.at < t.at
                    && determiner_of(t).is_some_and(|d| d < p.at)
            })
    });
    part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::Posts | Role::Media(_)))
            && !t.text.ends_with('s')
            && determiner_of(t).is_some()
            && t.at > 0
            // "the carousel posts", "the picture ones": a kind of post, all of them.
            && !part.token_at(t.at + 1).is_some_and(|next| {
                matches!(next.role, Some(Role::Posts | Role::Media(_))) && next.text.ends_with('s')
            })
            && part.word(t.at + 1) != "ones"
            // "the post count": how many, not one post.
            && !part
                .token_at(t.at + 1)
                .is_some_and(|next| matches!(next.role, Some(Role::HowMany)))
            // "the post from yesterday": the posts of a day, named by it.
            && !part.mentions.iter().any(|m| {
                (t.at + 1..=t.at + 2).contains(&m.start)
                    && matches!(m.when, When::Period(_))
                    && (m.start == t.at + 1
                        || matches!(part.word(t.at + 1), "from" | "of" | "on" | "posted"))
            })
    }) && !s.highest
        && s.media.len() < 2
        && !s.lowest
        && !s.latest
        && !s.which_one
        && !s.caption
        && s.kind_heads <= 1 + usize::from(s.publish && publish_only_describes)
        && (!s.publish || publish_only_describes)
}
