//! Which network a question names: "my tiktoks this week" is about the chat's TikTok
//! account, "my insta reach" about its Instagram one, and "reels vs tiktoks this month"
//! compares the two. Pure, like the parser: [`named`] finds the networks and gives back the
//! question with the network's words made neutral ("my tiktoks" → "my posts", "on tiktok" →
//! nothing), which the parser then reads as a question about one account.
//!
//! The chat decides what a named network means (`pulse/questions.rs`): a network it has an
//! account on is answered from that account; one it has not is left to the parser, which
//! says what Pulse cannot see.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::account::Network;
use crate::period::Period;

use super::when::{self, When, ZoneHabits};

/// What a question names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// No network.
    Neither,
    /// One network; `rest` is the question with its words made neutral.
    One {
        /// The network named.
        network: Network,
        /// The question without the network's words.
        rest: String,
    },
    /// Both (TikTok beside Instagram or its reels): a comparison of the two, per post.
    Both {
        /// Only Instagram's reels (the question said "reels"), else all its posts.
        reels_only: bool,
        /// The period named, if any.
        period: Option<Period>,
    },
}

const TIKTOK: [&str; 6] = [
    "tiktok",
    "tiktoks",
    "tiktoker",
    "tiktokers",
    "tik-tok",
    "tik-toks",
];
const INSTAGRAM: [&str; 7] = [
    "instagram",
    "insta",
    "ig",
    "instagrams",
    "gram",
    "insta's",
    "instagram's",
];
const REELS: [&str; 2] = ["reel", "reels"];

/// Words after a network's name that make it an adjective ("tiktok views"): the name goes.
const NOUNS_AFTER: [&str; 24] = [
    "views",
    "likes",
    "comments",
    "shares",
    "videos",
    "video",
    "posts",
    "post",
    "account",
    "followers",
    "follower",
    "engagement",
    "stats",
    "numbers",
    "figures",
    "reach",
    "content",
    "page",
    "profile",
    "performance",
    "analytics",
    "insights",
    "clips",
    "uploads",
];

/// Words before a singular name that make it one post ("my best tiktok", "the tiktok
/// with most likes", "my most shared tiktok").
const ONE_POST_BEFORE: [&str; 28] = [
    "best",
    "top",
    "worst",
    "latest",
    "newest",
    "last",
    "recent",
    "first",
    "each",
    "per",
    "every",
    "which",
    "a",
    "one",
    "biggest",
    "most",
    "the",
    "this",
    "that",
    "shared",
    "liked",
    "viewed",
    "watched",
    "commented",
    "popular",
    "successful",
    "engaging",
    "performing",
];

/// Words after a network's name that are its posts ("tiktok videos"): both become "posts".
const POSTS_AFTER: [&str; 8] = [
    "videos", "video", "posts", "post", "clips", "clip", "uploads", "upload",
];

fn bare(token: &str) -> String {
    token
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .to_lowercase()
        .replace('’', "'")
}

fn is_tiktok(word: &str) -> bool {
    TIKTOK.contains(&word) || word == "tiktok's"
}

/// The networks a question names, and the question made neutral.
pub fn named(question: &str, today: NaiveDate, zone: Tz) -> Named {
    let mut tokens: Vec<String> = question.split_whitespace().map(str::to_owned).collect();
    // "tik tok", "tik toks" written in two words.
    let mut i = 0;
    while i + 1 < tokens.len() {
        // ("tick tock", as voice typing hears it.)
        if matches!(bare(&tokens[i]).as_str(), "tik" | "tick")
            && matches!(
                bare(&tokens[i + 1]).as_str(),
                "tok" | "toks" | "tock" | "tocks"
            )
        {
            let plural = bare(&tokens[i + 1]).ends_with('s');
            let joined = if plural { "tiktoks" } else { "tiktok" }.to_owned();
            tokens.splice(i..i + 2, [joined]);
        }
        i += 1;
    }
    let words: Vec<String> = tokens.iter().map(|t| bare(t)).collect();
    let tiktok = words.iter().any(|w| is_tiktok(w));
    let instagram = words.iter().any(|w| INSTAGRAM.contains(&w.as_str()));
    let reels = words.iter().any(|w| REELS.contains(&w.as_str()));
    if tiktok && (instagram || reels) {
        // "tiktokers" is other people: not a comparison of the user's two accounts.
        if words.iter().any(|w| w == "tiktokers" || w == "tiktoker") {
            return Named::Neither;
        }
        return Named::Both {
            reels_only: reels && !instagram,
            period: period_named(question, today, zone),
        };
    }
    let network = if tiktok {
        Network::TikTok
    } else if instagram {
        Network::Instagram
    } else {
        return Named::Neither;
    };
    if words.iter().any(|w| w == "tiktokers" || w == "tiktoker") {
        return Named::Neither;
    }
    let names = |w: &str| match network {
        Network::TikTok => is_tiktok(w),
        Network::Instagram => INSTAGRAM.contains(&w),
    };
    let mut out: Vec<String> = Vec::new();
    let mut skip_next = false;
    for (i, token) in tokens.iter().enumerate() {
        let word = &words[i];
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if !names(word) {
            out.push(token.clone());
            continue;
        }
        // "tiktok videos" (every TikTok post is a video): "posts", whatever follows.
        if let Some(next) = words
            .get(i + 1)
            .filter(|next| POSTS_AFTER.contains(&next.as_str()))
        {
            let plural = next.ends_with('s');
            let after = &tokens[i + 1];
            let trailing: String = after.chars().skip_while(|c| c.is_alphanumeric()).collect();
            out.push(format!(
                "{}{trailing}",
                if plural { "posts" } else { "post" }
            ));
            skip_next = true;
            continue;
        }
        let next = words.get(i + 1).map(String::as_str).unwrap_or("");
        let before = i.checked_sub(1).map(|b| words[b].as_str()).unwrap_or("");
        let plural = word.ends_with('s') && word != "ig" && !word.ends_with("'s");
        let trailing: String = token
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let replacement = if NOUNS_AFTER.contains(&next) {
            None
        } else if matches!(before, "on" | "from" | "in" | "at" | "via" | "for") {
            out.pop();
            None
        } else if plural {
            Some("posts")
        } else if ONE_POST_BEFORE.contains(&before) {
            Some("post")
        } else {
            Some("account")
        };
        match (replacement, trailing.is_empty()) {
            (Some(word), _) => out.push(format!("{word}{trailing}")),
            (None, false) => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&trailing);
                }
            }
            (None, true) => {}
        }
    }
    Named::One {
        network,
        rest: out.join(" "),
    }
}

/// The first period the question names.
fn period_named(question: &str, today: NaiveDate, zone: Tz) -> Option<Period> {
    let words = super::words::words(question);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    when::mentions(&words, today, ZoneHabits::of(zone))
        .into_iter()
        .find_map(|mention| match mention.when {
            When::Period(period) => Some(period),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
    }

    fn rest(question: &str) -> (Network, String) {
        match named(question, today(), chrono_tz::Europe::London) {
            Named::One { network, rest } => (network, rest),
            other => panic!("{question}: {other:?}"),
        }
    }

    #[test]
    fn a_network_named_as_a_noun_an_adjective_or_a_place_leaves_the_question() {
        assert_eq!(
            rest("how many views did my tiktok get this week"),
            (
                Network::TikTok,
                "how many views did my account get this week".into()
            )
        );
        assert_eq!(rest("my tiktok views this week").1, "my views this week");
        assert_eq!(
            rest("my best tiktok this month?").1,
            "my best post this month?"
        );
        assert_eq!(rest("how are my tiktoks doing").1, "how are my posts doing");
        assert_eq!(rest("likes on TikTok last week").1, "likes last week");
        assert_eq!(rest("top 3 tik toks by shares").1, "top 3 posts by shares");
        assert_eq!(
            rest("what's my insta reach this month").1,
            "what's my reach this month"
        );
        assert_eq!(rest("followers on ig?").1, "followers?");
        assert_eq!(
            rest("how many followers do I have on Instagram").0,
            Network::Instagram
        );
    }

    #[test]
    fn tiktok_beside_instagram_or_reels_is_a_comparison() {
        assert_eq!(
            named(
                "reels vs tiktoks this month",
                today(),
                chrono_tz::Europe::London
            ),
            Named::Both {
                reels_only: true,
                period: Some(Period::ThisMonth)
            }
        );
        assert!(matches!(
            named(
                "is tiktok or instagram better for me",
                today(),
                chrono_tz::Europe::London
            ),
            Named::Both {
                reels_only: false,
                period: None
            }
        ));
        assert_eq!(
            named(
                "how do I compare to other tiktokers",
                today(),
                chrono_tz::Europe::London
            ),
            Named::Neither
        );
        assert_eq!(
            named("top reels this week", today(), chrono_tz::Europe::London),
            Named::Neither
        );
    }

    /// `engine/corpus/networks.tsv`: the network each question names, and what the rest
    /// reads as. Every network must be found; the rest must read as labelled.
    #[test]
    fn the_corpus_of_tiktok_phrasings_names_the_right_network_and_reads_the_rest() {
        let text = include_str!("../../corpus/networks.tsv");
        let mut misses = Vec::new();
        let mut rows = 0;
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let [id, voice, network, question, label] = line.split('\t').collect::<Vec<_>>()[..]
            else {
                panic!("5 columns: {line}")
            };
            rows += 1;
            let found = named(
                question,
                super::super::corpus::reference_day(),
                super::super::corpus::REFERENCE_ZONE,
            );
            let (found_network, rest) = match &found {
                Named::Neither => ("neither", None),
                Named::Both { .. } => ("both", None),
                Named::One { network, rest } => (network.word(), Some(rest.clone())),
            };
            if found_network != network {
                misses.push(format!(
                    "{id}: {question:?} names {found_network}, not {network}"
                ));
                continue;
            }
            let Some(rest) = rest else { continue };
            let row = super::super::corpus::rows(&format!("{id}\t{voice}\t\t{rest}\t{label}"))
                .expect("a label of the grammar")
                .remove(0);
            let parsed = super::super::corpus::read(&row);
            if super::super::corpus::judge(&row, &parsed) != super::super::corpus::Verdict::Correct
            {
                misses.push(format!(
                    "{id}: {question:?} → {rest:?} read as {}, want {label}",
                    super::super::corpus::describe(&parsed)
                ));
            }
        }
        assert!(rows >= 36);
        assert!(
            misses.is_empty(),
            "{} of {rows} missed:\n{}",
            misses.len(),
            misses.join("\n")
        );
    }
}
