//! Comments that look like buyers: questions about price, buying, ordering, shipping, sizes,
//! availability, links or DMs (SPEC §5) — and not the near misses that share their words
//! ("how much I love this", "the price is right", "I bought one last year").
//!
//! Each rule pairs a topic word with a sign of asking (a question mark, "please", "where",
//! "can I", "do you" …), because a topic word alone is too weak.

use crate::question::words::{has_any, has_phrase, words};

/// Whether a comment shows purchase intent.
pub fn is_lead(text: &str) -> bool {
    let w = words(text);
    if w.is_empty() {
        return false;
    }
    let asks = text.contains('?')
        || has_any(
            &w,
            &[
                "please", "pls", "plz", "whats", "what", "wat", "which", "where", "how", "tell",
                "send", "dm", "want", "need", "can", "could", "would",
            ],
        )
        || has_phrase(&w, "do you")
        || has_phrase(&w, "do u");
    let first = w[0].as_str();

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
    if has_any(&w, &["price", "prices", "pricing", "cost", "costs"]) && asks {
        return true;
    }
    if has_any(&w, &["buy", "buying", "purchase"]) && asks {
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
    if has_any(&w, &["size", "sizes", "sizing"]) && asks {
        return true;
    }
    if has_any(&w, &["available", "availability", "stock"])
        && (text.contains('?') || has_any(&w, &["still", "is", "are"]))
    {
        return true;
    }
    if has_any(&w, &["link"]) && (asks || text.contains('?')) && !has_phrase(&w, "no link") {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::is_lead;

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
