//! Words of a question: normalised tokens, and matching that forgives typos.
//!
//! A question is lower-cased and cut into words at white space and punctuation; apostrophes
//! are dropped inside words (`what's` → `whats`), `#tags` and `@handles` keep their sign, and
//! dates like `2026-03-01` stay whole. A word matches a vocabulary word when it is the same,
//! or — for words of five letters and more — one edit away (two from eight letters on), so
//! "enagement", "folowers" and "reaches" still land.

/// Abbreviations, slang and short typos that edit distance cannot catch safely.
const ALIASES: &[(&str, &str)] = &[
    ("lst", "last"),
    ("lats", "last"),
    ("pst", "past"),
    ("wek", "week"),
    ("wk", "week"),
    ("wks", "weeks"),
    ("mnth", "month"),
    ("mth", "month"),
    ("mo", "month"),
    ("mos", "months"),
    ("yr", "year"),
    ("yrs", "years"),
    ("pls", "please"),
    ("plz", "please"),
    ("u", "you"),
    ("ur", "your"),
    ("r", "are"),
    ("ppl", "people"),
    ("fav", "favourite"),
    ("fave", "favourite"),
    ("favorite", "favourite"),
    ("insta", "instagram"),
    ("ig", "instagram"),
    ("avg", "average"),
    ("pic", "photo"),
    ("pics", "photos"),
    ("vid", "video"),
    ("vids", "videos"),
    ("reel", "reel"),
    ("stats", "stats"),
    ("convo", "conversation"),
    ("engagment", "engagement"),
    ("hrs", "hours"),
    ("hr", "hour"),
];

fn canonical(word: String) -> String {
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == word)
        .map(|(_, canonical)| (*canonical).to_owned())
        .unwrap_or(word)
}

/// The normalised words of `text`.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut push = |current: &mut String| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    let mut lowered = text.to_lowercase();
    if lowered.contains(['’', '‘']) {
        lowered = lowered.replace(['’', '‘'], "'");
    }
    let mut characters = lowered.chars().peekable();
    while let Some(c) = characters.next() {
        let next = characters.peek().copied().unwrap_or(' ');
        let keep = c.is_alphanumeric()
            || ((c == '#' || c == '@') && current.is_empty() && next.is_alphanumeric())
            || (c == '-'
                && !current.is_empty()
                && next.is_ascii_digit()
                && current.chars().all(|d| d.is_ascii_digit()))
            || (c == '-' && current.len() == 7 && current.as_bytes().get(4) == Some(&b'-'))
            || ((c == '.' || c == ',')
                && current.chars().all(|d| d.is_ascii_digit())
                && !current.is_empty()
                && next.is_ascii_digit())
            || (c == '%' && current.chars().all(|d| d.is_ascii_digit()) && !current.is_empty());
        if keep {
            current.push(c);
        } else if c == '\'' && !current.is_empty() && next.is_alphabetic() {
            // Inside a word: what's → whats, don't → dont.
        } else {
            push(&mut current);
        }
    }
    push(&mut current);
    out.into_iter().map(canonical).collect()
}

/// Every word the parser's rules name, sorted. A word that is itself one of them is never
/// read as a typo of another ("saves" is not "sales", "last" is not "least"). A test keeps
/// this list complete.
pub(crate) const VOCABULARY: &[&str] = &[
    "a",
    "account",
    "active",
    "advice",
    "afternoon",
    "afternoons",
    "against",
    "age",
    "ages",
    "album",
    "albums",
    "all",
    "alltime",
    "an",
    "and",
    "audience",
    "average",
    "best",
    "better",
    "between",
    "biggest",
    "bookmarked",
    "bookmarks",
    "bottom",
    "brought",
    "buy",
    "buyer",
    "buyers",
    "buying",
    "by",
    "cadence",
    "caption",
    "captions",
    "carousel",
    "carousels",
    "change",
    "changed",
    "changes",
    "cities",
    "city",
    "comment",
    "commented",
    "commenter",
    "commenters",
    "comments",
    "compare",
    "compared",
    "content",
    "count",
    "countries",
    "country",
    "current",
    "currently",
    "customer",
    "customers",
    "daily",
    "day",
    "days",
    "decrease",
    "demographics",
    "did",
    "difference",
    "do",
    "does",
    "doing",
    "down",
    "drop",
    "dropped",
    "drove",
    "during",
    "engage",
    "engaged",
    "engagement",
    "engagementrate",
    "engages",
    "engaging",
    "er",
    "evening",
    "evenings",
    "ever",
    "fan",
    "fans",
    "feedback",
    "female",
    "fewer",
    "flop",
    "flopped",
    "followed",
    "follower",
    "followers",
    "following",
    "follows",
    "for",
    "format",
    "formats",
    "fortnight",
    "fortnights",
    "frequency",
    "from",
    "gain",
    "gained",
    "gaining",
    "gender",
    "genders",
    "get",
    "going",
    "got",
    "greatest",
    "grew",
    "grow",
    "growing",
    "growth",
    "had",
    "has",
    "hashtag",
    "hashtags",
    "have",
    "hearts",
    "highest",
    "hour",
    "how",
    "i",
    "image",
    "images",
    "impressions",
    "improve",
    "in",
    "increase",
    "insights",
    "instagram",
    "interaction",
    "interactions",
    "interacts",
    "is",
    "know",
    "last",
    "latest",
    "lead",
    "leads",
    "least",
    "lifetime",
    "like",
    "liked",
    "likes",
    "location",
    "locations",
    "lose",
    "losing",
    "lost",
    "lowest",
    "lst",
    "made",
    "make",
    "male",
    "many",
    "march",
    "may",
    "me",
    "mean",
    "men",
    "mo",
    "month",
    "months",
    "more",
    "morning",
    "mornings",
    "mos",
    "most",
    "much",
    "my",
    "nd",
    "net",
    "new",
    "newest",
    "next",
    "night",
    "nights",
    "now",
    "number",
    "of",
    "often",
    "old",
    "older",
    "on",
    "one",
    "online",
    "or",
    "order",
    "orders",
    "over",
    "overview",
    "past",
    "people",
    "per",
    "perform",
    "performance",
    "performing",
    "performs",
    "photo",
    "photos",
    "picture",
    "pictures",
    "plays",
    "poorest",
    "popular",
    "post",
    "posted",
    "posting",
    "posts",
    "previous",
    "price",
    "prices",
    "prior",
    "profile",
    "publication",
    "publish",
    "published",
    "purchase",
    "purchases",
    "quarter",
    "quarters",
    "rate",
    "rd",
    "reach",
    "reached",
    "reactions",
    "recap",
    "recent",
    "recommend",
    "recommendation",
    "recommendations",
    "reel",
    "reels",
    "report",
    "reposts",
    "said",
    "sales",
    "save",
    "saved",
    "saves",
    "say",
    "saying",
    "sell",
    "sends",
    "share",
    "shared",
    "shares",
    "should",
    "since",
    "single",
    "st",
    "statistics",
    "stats",
    "stories",
    "story",
    "strategy",
    "strongest",
    "suggest",
    "suggestion",
    "suggestions",
    "sum",
    "summarise",
    "summarize",
    "summary",
    "superfans",
    "tags",
    "text",
    "th",
    "than",
    "the",
    "think",
    "this",
    "thought",
    "till",
    "time",
    "times",
    "tip",
    "tips",
    "to",
    "today",
    "tonight",
    "top",
    "total",
    "trajectory",
    "trend",
    "trending",
    "trends",
    "two",
    "type",
    "types",
    "typical",
    "typically",
    "underperforming",
    "until",
    "up",
    "upload",
    "uploaded",
    "uploads",
    "usually",
    "versus",
    "video",
    "videos",
    "view",
    "viewed",
    "views",
    "visits",
    "vs",
    "was",
    "watched",
    "weakest",
    "week",
    "weekday",
    "weekdays",
    "weekend",
    "weekends",
    "weeks",
    "wek",
    "well",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "winning",
    "within",
    "wk",
    "wks",
    "women",
    "work",
    "works",
    "worst",
    "wrote",
    "year",
    "years",
    "yesterday",
    "you",
    "young",
    "younger",
    "yr",
    "yrs",
];

/// Whether `word` is `target`, allowing a typo in longer words that are not vocabulary
/// words themselves.
pub fn is(word: &str, target: &str) -> bool {
    if word == target {
        return true;
    }
    // Cheapest tests first: this runs for every word of every comment a lead scan reads.
    let length = target.chars().count();
    if length < 5 {
        return false;
    }
    let allowed = if length >= 8 { 2 } else { 1 };
    if word.chars().count().abs_diff(length) > allowed
        || word.chars().any(|c| c.is_ascii_digit())
        || VOCABULARY.binary_search(&word).is_ok()
    {
        return false;
    }
    strsim::damerau_levenshtein(word, target) <= allowed
}

/// Whether `word` is any of `targets`.
pub fn is_any(word: &str, targets: &[&str]) -> bool {
    targets.iter().any(|target| is(word, target))
}

/// Whether any word is any of `targets`.
pub fn has_any(words: &[String], targets: &[&str]) -> bool {
    words.iter().any(|word| is_any(word, targets))
}

/// Whether the words contain `phrase` (space-separated) in order, next to each other.
pub fn has_phrase(words: &[String], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(parts.len())
        .any(|window| window.iter().zip(&parts).all(|(word, part)| is(word, part)))
}

/// A number written in digits or as a word ("two", "a"), from one to a hundred.
pub fn number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return (1..=3660).contains(&n).then_some(n);
    }
    let n = match word {
        "a" | "an" | "one" | "single" => 1,
        "two" | "couple" => 2,
        "three" | "few" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "sixty" => 60,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_become_words() {
        assert_eq!(
            words("What's my ER this month?"),
            ["whats", "my", "er", "this", "month"]
        );
        assert_eq!(
            words("Top 5 posts by reach, #coffee @Shop"),
            ["top", "5", "posts", "by", "reach", "#coffee", "@shop"]
        );
        assert_eq!(words("since 2026-03-01!"), ["since", "2026-03-01"]);
        assert_eq!(words("reels vs. carousels?"), ["reels", "vs", "carousels"]);
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("don’t stop"), ["dont", "stop"]);
    }

    #[test]
    fn typos_in_longer_words_are_forgiven() {
        assert!(is("enagement", "engagement"));
        assert!(is("folowers", "followers"));
        assert!(is("comments", "comments"));
        assert!(is("comemnts", "comments"));
        assert!(!is("like", "lime"), "short words must match exactly");
        assert!(!is("reels", "reach"));
        assert!(!is("2025", "2026"));
    }

    #[test]
    fn the_vocabulary_is_sorted_and_holds_every_word_the_rules_name() {
        assert!(
            VOCABULARY.windows(2).all(|pair| pair[0] < pair[1]),
            "sorted, no duplicates"
        );
        let rules = concat!(include_str!("mod.rs"), include_str!("when.rs"));
        let mut missing = Vec::new();
        for literal in rules.split('"').skip(1).step_by(2) {
            for word in literal.split(' ') {
                let plain = word.len() >= 2 && word.bytes().all(|b| b.is_ascii_lowercase());
                if plain && VOCABULARY.binary_search(&word).is_err() {
                    missing.push(word.to_owned());
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "add to VOCABULARY: {missing:?}");
    }

    #[test]
    fn vocabulary_words_are_not_typos_of_each_other() {
        assert!(!is("saves", "sales"));
        assert!(!is("last", "least"));
        assert!(!is("reel", "reels"));
        assert!(!is("comments", "commenter"));
        assert!(is("enagement", "engagement"), "a real typo still matches");
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(number("3"), Some(3));
        assert_eq!(number("two"), Some(2));
        assert_eq!(number("a"), Some(1));
        assert_eq!(number("0"), None);
        assert_eq!(number("many"), None);
    }
}
