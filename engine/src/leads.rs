//! Comments that look like buyers: questions about price, buying, ordering, shipping, sizes,
//! availability, links or DMs (SPEC §5) — and not the near misses that share their words
//! ("how much I love this", "the price is right", "I bought one last year") nor the pitches
//! sent to the account ("DM to collab", "promote it on …").
//!
//! Each rule pairs a topic word with a sign of asking (a question mark, "please", "where",
//! "can I", "do you" …), because a topic word alone is too weak.

use std::collections::HashSet;

use crate::period::InstantRange;
use crate::question::words::{has_any, has_phrase, words};
use crate::records::CommentRecord;

/// Whether a comment was written by the account itself (its replies), by username.
pub fn is_own_comment(comment: &CommentRecord, own_username: &str) -> bool {
    comment
        .author_username
        .as_deref()
        .is_some_and(|name| name.eq_ignore_ascii_case(own_username))
}

/// The open leads among `comments`: top-level comments published within `period`, written by
/// someone else, that look like buyers ([`is_lead`]) and that the account has not replied to.
/// Newest first.
///
/// Cheap tests run first so that a scan of 200,000 comments classifies only those in the
/// period, and only the account's own replies are collected as "answered".
pub fn open_leads<'c>(
    comments: &'c [CommentRecord],
    own_username: &str,
    period: InstantRange,
) -> Vec<&'c CommentRecord> {
    let mut candidates: Vec<&CommentRecord> = comments
        .iter()
        // (A comment the owner hid on Instagram is no lead: spam, mostly.)
        .filter(|c| c.parent_id.is_none() && !c.hidden && period.contains(c.published_at))
        .filter(|c| !is_own_comment(c, own_username) && is_lead(&c.text))
        .collect();
    if candidates.is_empty() {
        return candidates;
    }
    let answered: HashSet<&str> = comments
        .iter()
        .filter(|c| c.parent_id.is_some() && is_own_comment(c, own_username))
        .filter_map(|c| c.parent_id.as_deref())
        .collect();
    candidates.retain(|c| !answered.contains(c.id.as_str()));
    candidates.sort_by_key(|c| std::cmp::Reverse(c.published_at));
    candidates
}

/// Whether a comment shows purchase intent.
pub fn is_lead(text: &str) -> bool {
    let w = words(text);
    if w.is_empty() {
        return false;
    }
    // A sign of asking; worked out only for comments with a topic word (most have none).
    let asks = || {
        text.contains('?')
            || has_any(
                &w,
                &[
                    "please", "pls", "plz", "whats", "what", "wat", "which", "where", "how",
                    "tell", "send", "dm", "want", "need", "can", "could", "would",
                ],
            )
            || has_phrase(&w, "do you")
            || has_phrase(&w, "do u")
    };
    let first = w[0].as_str();
    // "DM to collab 💸", "promote it on @cheap.growth": a pitch to the account, not a buyer.
    if has_any(
        &w,
        &[
            "collab",
            "collabs",
            "collaboration",
            "promote",
            "promo",
            "promotion",
            "shoutout",
            "ambassador",
            "ambassadors",
            "sponsor",
            "sponsorship",
            "bot",
        ],
    ) {
        return false;
    }

    // "how much?", "how much is shipping" — not "how much I love this".
    if let Some(at) = w
        .windows(2)
        .position(|pair| pair[0] == "how" && pair[1] == "much")
    {
        let next = w.get(at + 2).map(String::as_str).unwrap_or("");
        if !matches!(
            next,
            "i" | "we" | "you" | "love" | "they" | "he" | "she" | "fun" | "talent"
        ) {
            return true;
        }
    }
    if has_any(&w, &["price", "prices", "pricing", "cost", "costs"]) && asks() {
        return true;
    }
    if has_any(&w, &["buy", "buying", "purchase"]) && asks() {
        return true;
    }
    if has_any(&w, &["order", "ordering", "pay", "payment", "checkout"])
        && (has_phrase(&w, "can i")
            || has_phrase(&w, "how do")
            || has_phrase(&w, "how to")
            || text.contains('?'))
    {
        return true;
    }
    if (has_phrase(&w, "ship to")
        || has_phrase(&w, "shipping to")
        || has_phrase(&w, "deliver to")
        || has_phrase(&w, "you deliver")
        || has_phrase(&w, "u deliver")
        || has_phrase(&w, "you ship")
        || has_phrase(&w, "u ship")
        || has_phrase(&w, "shipping cost"))
        && first != "whos"
    {
        return true;
    }
    if has_phrase(&w, "dm me")
        || has_phrase(&w, "message me")
        || has_phrase(&w, "inbox me")
        || first == "dm"
    {
        return true;
    }
    if has_any(&w, &["size", "sizes", "sizing"]) && asks() {
        return true;
    }
    if has_any(&w, &["available", "availability", "stock"])
        && (text.contains('?') || has_any(&w, &["still", "is", "are"]))
    {
        return true;
    }
    if has_any(&w, &["link"]) && (asks() || text.contains('?')) && !has_phrase(&w, "no link") {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::{is_lead, open_leads};
    use crate::period::InstantRange;
    use crate::records::CommentRecord;

    fn comment(
        id: &str,
        parent: Option<&str>,
        author: &str,
        text: &str,
        hour: u32,
    ) -> CommentRecord {
        CommentRecord {
            id: id.into(),
            post_id: "p1".into(),
            parent_id: parent.map(Into::into),
            author_id: None,
            author_username: Some(author.into()),
            text: text.into(),
            published_at: Utc.with_ymd_and_hms(2026, 11, 20, hour, 0, 0).unwrap(),
            like_count: None,
            hidden: false,
        }
    }

    #[test]
    fn open_leads_are_unanswered_buyers_in_the_period_newest_first() {
        let comments = [
            comment("c1", None, "ana", "how much?", 9),
            comment("c2", None, "ben", "do you ship to Canada?", 11),
            comment("r2", Some("c2"), "Clay.Studio", "yes! DM'd you", 12),
            comment("c3", None, "cat", "price please", 13),
            comment("c4", None, "dan", "love it", 14),
            comment("c5", None, "clay.studio", "DM me for prices?", 15),
            comment("c6", None, "eve", "how much?", 20),
            comment("r7", Some("c1"), "fay", "how much indeed?", 10),
            CommentRecord {
                hidden: true,
                ..comment("c8", None, "gus", "price? DM me", 16)
            },
        ];
        let period = InstantRange {
            start: Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 11, 20, 20, 0, 0).unwrap(),
        };
        let ids: Vec<&str> = open_leads(&comments, "clay.studio", period)
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        // c2 was answered; c4 is no lead; c5 is the shop's own; c6 is at the end (excluded);
        // r7 is a reply, not a top-level question; c8 was hidden by the shop.
        assert_eq!(ids, ["c3", "c1"]);
    }

    #[test]
    fn buying_intent_is_found() {
        let leads = [
            "how much?",
            "How much??",
            "HOW MUCH",
            "price pls",
            "Price please 🙏",
            "PRICE?",
            "whats the price",
            "where can I buy this?",
            "where can i buy this",
            "Where can I buy one??",
            "do you ship to Canada?",
            "do u ship to germany",
            "Do you ship to Australia? 🇦🇺",
            "DM me",
            "dm me the price",
            "DM me please, I want two",
            "what sizes do you have?",
            "wat sizes?",
            "Which sizes are available?",
            "is this still available?",
            "still available??",
            "Is the blue one still available",
            "link please",
            "link pls 🙏",
            "can I order this?",
            "how do i order",
            "how much is shipping to the UK?",
            "I want to buy this, how do I pay?",
        ];
        let missed: Vec<&str> = leads
            .iter()
            .copied()
            .filter(|text| !is_lead(text))
            .collect();
        assert!(missed.is_empty(), "missed: {missed:?}");
    }

    #[test]
    fn near_misses_and_ordinary_comments_are_not_leads() {
        let not_leads = [
            "how much I love this 😍",
            "the price is right lol",
            "I bought one last year and it's still perfect",
            "no link needed, I'll just stare at it",
            "so much available talent in one studio",
            "who's shipping these two 😂 @mia.makes",
            "What clay do you use?",
            "Is it microwave safe?",
            "How long does one take to make?",
            "Do you do workshops?",
            "Love this!",
            "DM to collab 💸",
            "dm us for a shoutout, cheap promo for your page",
            "Looking for brand ambassadors! DM @glowteam",
            "",
            "🔥🔥🔥",
        ];
        let wrong: Vec<&str> = not_leads
            .iter()
            .copied()
            .filter(|text| is_lead(text))
            .collect();
        assert!(wrong.is_empty(), "taken for leads: {wrong:?}");
    }
}
