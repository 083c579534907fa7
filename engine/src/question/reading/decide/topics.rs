//! Posts named by what they show or were for, in the asker's words ("the lasagne post",
//! "which reel from the harvest festival", "the puppy reel or the kitten one"): Pulse
//! cannot tell which posts those are, so these words make it ask rather than rank or
//! total every post.

use crate::question::lexicon::Role;
use crate::question::reading::signals::{Part, Signals};

/// The unknown words that say which posts a ranking is among ("which post from the series
/// had the most saves", "the best reel about the harvest festival"): a ranking of every post
/// would answer another question, so Pulse must ask which posts are meant. With a period told
/// ("from the market last December", "from that trip, 2 to 16 September") the period picks
/// them.
pub(super) fn posts_of_a_topic(part: &Part<'_>, s: &Signals) -> Vec<String> {
    let determiners = ["the", "our", "my", "that", "this", "those", "these"];
    if part.mentions.iter().any(|m| !m.weak) {
        return Vec::new();
    }
    // "which of our photographs from the Christmas Fair": one of some posts, too.
    let which_of = |post: usize| {
        (2..=3).any(|back| {
            post >= back
                && part.word(post - back) == "which"
                && part.word(post - back + 1) == "of"
                && (back == 2 || determiners.contains(&part.word(post - 1)))
        })
    };
    let among = |post: usize| {
        part.token_at(post).is_some_and(|t| {
            matches!(t.role, Some(Role::Posts | Role::Media(_)))
                && (!t.text.ends_with('s') || which_of(t.at))
        })
    };
    // "which of my photos from Iceland got the most saves": the posts of a place (not
    // where followers are).
    let from_a_place = part.tokens.iter().filter(|t| {
        matches!(t.role, Some(Role::Where))
            && t.at >= 2
            && matches!(part.word(t.at - 1), "from" | "in" | "at")
            && among(t.at - 2)
            && part.sentence.clause_asks(t.clause)
    });
    let places: Vec<String> = from_a_place.map(|t| t.text.clone()).collect();
    if !places.is_empty() {
        return places;
    }
    s.unknown
        .iter()
        .filter(|(_, at)| {
            let at = *at;
            part.sentence.clause_asks(part.sentence.clauses[at])
                && (2..=4).any(|back| {
                    at > back
                        && matches!(part.word(at - back), "about" | "from" | "for" | "on")
                        && determiners.contains(&part.word(at - back + 1))
                        && (at - back + 2..at).all(|k| {
                            part.token_at(k).is_none_or(|t| {
                                // ("from the Lisbon trip": a place in the name.)
                                matches!(
                                    t.role,
                                    None | Some(Role::Filler | Role::OffTopic | Role::Where)
                                )
                            })
                        })
                        && among(at - back - 1)
                })
        })
        .map(|(word, _)| word.clone())
        .collect()
}

/// The unknown words of one post a ranking leaves out ("top 5 by saves but skip the
/// giveaway one"): which post, Pulse cannot tell, so it asks.
pub(super) fn post_left_out(part: &Part<'_>, s: &Signals) -> Vec<String> {
    s.unknown
        .iter()
        .filter(|(_, at)| {
            let at = *at;
            matches!(
                part.word(at + 1),
                "one" | "post" | "reel" | "video" | "photo"
            ) && (1..=2).any(|k| {
                at > k
                    && matches!(part.word(at - k), "the" | "my" | "our" | "that" | "this")
                    && crate::question::lexicon::LEAVING_OUT.contains(&part.word(at - k - 1))
            })
        })
        .map(|(word, _)| word.clone())
        .collect()
}

/// The unknown words of one post named by what it shows ("what is the lasagne post
/// engagement?", "did my chrome nails reel flop"): that post, which Pulse must ask about,
/// not the top one. A period told ("the lasagne post from Sunday") picks it instead.
pub(super) fn post_named_by_topic(part: &Part<'_>) -> Vec<String> {
    // ("which is the pizza post with more likes", at a pizzeria: which of them.)
    let which = part.sentence.words.iter().any(|w| w == "which");
    if which || part.mentions.iter().any(|m| !m.weak) {
        return Vec::new();
    }
    name_before_a_post(part, |at| {
        part.token_at(at).is_none_or(|t| t.role.is_none())
    })
}

/// The words of a name right before one post's word ("the *lasagne* post", "the *sale*
/// post"), each a word `in_name` accepts, one to three of them after "the", "my", "our" or
/// "that".
fn name_before_a_post(part: &Part<'_>, in_name: impl Fn(usize) -> bool) -> Vec<String> {
    for post in part
        .tokens
        .iter()
        .filter(|t| matches!(t.role, Some(Role::Posts | Role::Media(_))) && !t.text.ends_with('s'))
    {
        let mut at = post.at;
        while at > 0 && in_name(at - 1) {
            at -= 1;
        }
        let length = post.at - at;
        if (1..=3).contains(&length)
            && at > 0
            && matches!(part.word(at - 1), "the" | "my" | "our" | "that")
        {
            return (at..post.at).map(|k| part.word(k).to_owned()).collect();
        }
    }
    Vec::new()
}

/// The words of one post named by what it was for, in words Pulse knows but that tell no
/// figure ("hows the sale post doing", "how did the gift card reel do"): that post, which
/// Pulse must ask about, not the whole account.
pub(super) fn post_named_by_known_words(part: &Part<'_>) -> Vec<String> {
    const NOT_A_NAME: &[&str] = &[
        "the", "a", "an", "my", "our", "your", "this", "that", "new", "newest", "latest", "last",
        "recent", "first", "other", "same", "one", "big", "main", "old", "next", "previous",
        "every", "each", "any", "some", "single", "just", "most", "very", "whole", "usual",
    ];
    if part.mentions.iter().any(|m| !m.weak) {
        return Vec::new();
    }
    name_before_a_post(part, |at| {
        !NOT_A_NAME.contains(&part.word(at))
            && part
                .token_at(at)
                .is_none_or(|t| matches!(t.role, None | Some(Role::Filler)))
    })
}

/// The unknown words of two posts named by what they show and set against each other
/// ("which did better, the puppy reel or the kitten one?"): which two, Pulse must ask.
pub(super) fn two_posts_named(part: &Part<'_>) -> Vec<String> {
    // From "the" to the post it names, through words Pulse does not know and numbers
    // ("the episode 41 clip"): the unknown words, and where the post word stands.
    let named_from = |the: usize| -> Option<(Vec<String>, usize)> {
        if part.word(the) != "the" {
            return None;
        }
        // (Filler and numbers alone name it too: "the part 1 video".)
        let mut unknown = Vec::new();
        let mut named_by = Vec::new();
        for at in the + 1..(the + 5).min(part.sentence.words.len()) {
            match part.token_at(at) {
                None => unknown.push(part.word(at).to_owned()),
                Some(t) if t.role.is_none() => unknown.push(t.text.clone()),
                Some(t) if matches!(t.role, Some(Role::Number(_))) => named_by.push(t.text.clone()),
                Some(t)
                    if (matches!(t.role, Some(Role::Posts | Role::Media(_)))
                        && !t.text.ends_with('s'))
                        || t.text == "one"
                        // ("the red 4s pic or the blue ones")
                        || (t.text == "ones" && the > 0 && part.word(the - 1) == "or") =>
                {
                    return if !unknown.is_empty() {
                        Some((unknown, at))
                    } else {
                        (!named_by.is_empty())
                            .then(|| (vec![part.sentence.words[the + 1..at].join(" ")], at))
                    };
                }
                Some(t) if matches!(t.role, Some(Role::Filler)) && t.text != "or" => {
                    named_by.push(t.text.clone())
                }
                Some(_) => return None,
            }
        }
        None
    };
    let words = &part.sentence.words;
    for the in 0..words.len() {
        if let Some((mut first, end)) = named_from(the) {
            if part.word(end + 1) == "or" {
                if let Some((second, _)) = named_from(end + 2) {
                    for word in second {
                        if !first.contains(&word) {
                            first.push(word);
                        }
                    }
                    return first;
                }
            }
        }
    }
    Vec::new()
}

/// Whether a clause only names one post, before the question about it: a determiner, words
/// Pulse does not know or filler, and the post ("The Invisalign before-and-after carousel,
/// how many saves did it get?").
pub(super) fn topic_clause(part: &Part<'_>, clause: usize) -> bool {
    let words: Vec<usize> = (0..part.sentence.words.len())
        .filter(|&at| part.sentence.clauses[at] == clause)
        .collect();
    let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
        return false;
    };
    // ("the chrome french tip one, how many saves did it get": "one" stands for the post;
    // "our reel with the ube halaya, how many views?": the post, then what it shows.)
    let post = part.sentence.tokens.iter().any(|t| {
        (t.at == last
            || (t.at > first
                && t.at < last
                && matches!(part.word(t.at + 1), "with" | "about" | "of" | "for")))
            && (matches!(t.role, Some(Role::Posts | Role::Media(_))) || t.text == "one")
            && !t.text.ends_with('s')
    });
    // ("The fade tutorial, how many people see it?": a thing Pulse has no word for, which
    // the question calls "it".)
    let called_it = || {
        let last_unknown = part
            .sentence
            .tokens
            .iter()
            .any(|t| t.at == last && t.role.is_none());
        let it_after = part
            .sentence
            .tokens
            .iter()
            .any(|t| t.text == "it" && part.sentence.clauses.get(t.at) == Some(&(clause + 1)));
        last_unknown && it_after && !part.word(last).ends_with('s')
    };
    // ("pumpkin spice reel - how many views": the message opens with the post's name, all
    // of it words Pulse does not know.)
    let unknown_first = clause == 0
        && post
        && part
            .sentence
            .tokens
            .iter()
            .any(|t| t.at == last && matches!(t.role, Some(Role::Posts | Role::Media(_))))
        && (first..last).all(|at| {
            part.sentence
                .tokens
                .iter()
                .any(|t| t.at == at && t.role.is_none())
        });
    (post || called_it())
        && (matches!(part.word(first), "the" | "my" | "our" | "that" | "this") || unknown_first)
        && (first + 1..last).all(|at| {
            part.sentence
                .tokens
                .iter()
                .find(|t| t.at <= at && at < t.at + t.text.split(' ').count())
                .is_none_or(|t| {
                    t.role.is_none()
                        || matches!(t.role, Some(Role::Filler))
                        // (the post itself, before what it shows)
                        || (matches!(t.role, Some(Role::Posts | Role::Media(_)))
                            && !t.text.ends_with('s')
                            && matches!(part.word(t.at + 1), "with" | "about" | "of" | "for"))
                })
        })
}
