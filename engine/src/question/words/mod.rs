//! Words of a question: normalised tokens, and spelling that forgives typos.
//!
//! A question is lower-cased and cut into words at white space and punctuation; apostrophes
//! are dropped inside words (`what's` → `whats`), `#tags` and `@handles` keep their sign,
//! dates like `2026-03-01` and `3/4` stay whole, `&` and `+` become `and`, and the agency
//! shorthands `WoW`, `MoM`, `QoQ`, `YoY` are read before lower-casing (a lower-case "wow" is
//! only surprise). [`correct`] turns a word Pulse does not know into the known word it is a
//! typo of — one edit away from five letters on, two from eight — using an index of the
//! words' deletions (so a typo costs a few hash lookups, not a scan of the vocabulary).

mod aliases;
mod heard;
mod languages;
mod pairs;
mod spelling;

use aliases::ALIAS_OF;
use spelling::allowed_edits;
pub use spelling::{correct, filler_words, is_known, only_in_phrases};

fn canonical(word: String) -> String {
    match ALIAS_OF.get(word.as_str()) {
        Some(canonical) => (*canonical).to_owned(),
        None => unstretched(word),
    }
}

/// "everrr", "soooo", "gooood": a letter held down three times or more is the known word
/// with it once or twice; other words are left as they are.
fn unstretched(word: String) -> String {
    let stretched = word
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic());
    if !stretched || is_known(&word) {
        return word;
    }
    let squeeze = |keep: usize| {
        let mut out = String::with_capacity(word.len());
        let mut run = 0;
        let mut last = None;
        for c in word.chars() {
            run = if Some(c) == last { run + 1 } else { 1 };
            last = Some(c);
            if run <= keep {
                out.push(c);
            }
        }
        out
    };
    let (once, twice) = (squeeze(1), squeeze(2));
    if once.len() >= 2 && is_known(&once) {
        once
    } else if is_known(&twice) {
        twice
    } else {
        word
    }
}

/// Shorthands whose capitals carry the meaning ("WoW" is week over week, "wow" is not),
/// and slang that stands for two words ("gimme").
const SHORTHANDS: &[(&str, &str)] = &[
    ("WoW", "week over week"),
    ("WOW", "week over week"),
    ("MoM", "month over month"),
    ("MOM", "month over month"),
    ("QoQ", "quarter over quarter"),
    ("QOQ", "quarter over quarter"),
    ("qoq", "quarter over quarter"),
    ("YoY", "year over year"),
    ("YOY", "year over year"),
    ("yoy", "year over year"),
    // "gimme 3 of those": give me.
    ("gimme", "give me"),
    ("Gimme", "give me"),
];

/// `text` without the name the asker gives their band, shop or themselves ("our band's
/// called The Reel Deal", "my shop is named Summer Days"): its words are no metric, post
/// type or period. A post's name is kept ("the reel called Autumn Leaves" picks one post).
fn without_own_names(text: &str) -> std::borrow::Cow<'_, str> {
    let pieces: Vec<&str> = text.split(' ').collect();
    let bare = |piece: &str| {
        piece
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase()
            .replace('’', "'")
    };
    let capitalised = |piece: &str| {
        piece
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .starts_with(char::is_uppercase)
    };
    let mut keep = vec![true; pieces.len()];
    let mut ends = vec![None; pieces.len()];
    for at in 1..pieces.len() {
        if !matches!(bare(pieces[at]).as_str(), "called" | "named") {
            continue;
        }
        let before = bare(pieces[at - 1]);
        let subject = if before.ends_with("'s") {
            before.trim_end_matches("'s").to_owned()
        } else if matches!(before.as_str(), "is" | "are" | "was" | "were" | "'s") && at >= 2 {
            bare(pieces[at - 2])
        } else if matches!(before.as_str(), "i'm" | "im" | "we're") {
            "i".to_owned()
        } else {
            continue;
        };
        if is_post_noun(&subject) || matches!(subject.as_str(), "it" | "that" | "this" | "one") {
            continue;
        }
        let mut last = at;
        while last + 1 < pieces.len() {
            let piece = pieces[last + 1];
            let joins = matches!(bare(piece).as_str(), "the" | "of" | "and" | "&")
                && pieces.get(last + 2).is_some_and(|next| capitalised(next));
            if !(capitalised(piece) || joins) {
                break;
            }
            last += 1;
            keep[last] = false;
            // The punctuation after the name still ends its clause.
            ends[last] = Some(piece.trim_start_matches(|c: char| c.is_alphanumeric() || c == '\''));
            if piece.ends_with(|c: char| !c.is_alphanumeric()) {
                break;
            }
        }
    }
    if keep.iter().all(|k| *k) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (at, piece) in pieces.iter().enumerate() {
        let piece = if keep[at] {
            *piece
        } else {
            ends[at].unwrap_or("")
        };
        if piece.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
    }
    std::borrow::Cow::Owned(out)
}

/// The normalised words of `text`.
pub fn words(text: &str) -> Vec<String> {
    let unnamed = without_own_names(text);
    let mut expanded;
    let mut text: &str = &unnamed;
    if SHORTHANDS.iter().any(|(short, _)| text.contains(short)) {
        expanded = String::with_capacity(text.len() + 16);
        for (index, piece) in text.split(' ').enumerate() {
            if index > 0 {
                expanded.push(' ');
            }
            let bare = piece.trim_matches(|c: char| !c.is_alphanumeric());
            match SHORTHANDS.iter().find(|(short, _)| *short == bare) {
                Some((_, long)) => expanded.push_str(&piece.replace(bare, long)),
                None => expanded.push_str(piece),
            }
        }
        text = &expanded;
    }
    let mut out = Vec::new();
    let mut current = String::new();
    let push = |current: &mut String, out: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    let mut lowered = text.to_lowercase();
    if lowered.contains(['’', '‘', '`']) {
        lowered = lowered.replace(['’', '‘', '`'], "'");
    }
    // "12th–18th October": an en or em dash is a hyphen; "2026-09-14 → 2026-09-27": to.
    // ("19〜23 Sep", "19~23": the wave dash of a range too.)
    if lowered.contains(['–', '—', '〜', '～', '~']) {
        lowered = lowered.replace(['–', '—', '〜', '～', '~'], "-");
    }
    if lowered.contains('→') {
        lowered = lowered.replace('→', " to ");
    }
    let mut characters = lowered.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = characters.next() {
        let next = characters.peek().copied().unwrap_or(' ');
        let digits = !current.is_empty() && current.chars().all(|d| d.is_ascii_digit());
        // "just the #1", "my #1 fan": the top one.
        let number_one = c == '#' && current.is_empty() && next == '1' && {
            let mut after = characters.clone();
            after.next();
            after.next().is_none_or(|c| !c.is_alphanumeric())
        };
        let keep = c.is_alphanumeric()
            || ((c == '#' || c == '@')
                && current.is_empty()
                && next.is_alphanumeric()
                && !number_one)
            // "@thrift_queen", "@the.bakery", "#small_biz": one handle or tag.
            || (c == '_' && current.starts_with(['@', '#']))
            || (c == '.' && current.starts_with('@') && next.is_alphanumeric())
            || (c == '-' && digits && next.is_ascii_digit())
            || (c == '-' && current.len() == 7 && current.as_bytes().get(4) == Some(&b'-'))
            || (c == '/' && digits && next.is_ascii_digit())
            || (c == '/' && current.contains('/') && next.is_ascii_digit())
            || ((c == '.' || c == ',') && digits && next.is_ascii_digit())
            // "01.09.2026": a dotted date's year too.
            || (c == '.'
                && next.is_ascii_digit()
                && current.matches('.').count() == 1
                && current.chars().all(|d| d.is_ascii_digit() || d == '.'))
            || (c == '%' && digits);
        if keep {
            current.push(c);
        } else if let Some((taken, said)) = (c == '\'')
            .then(|| contraction(&current, &characters))
            .flatten()
        {
            push(&mut current, &mut out);
            out.extend(said.map(str::to_owned));
            for _ in 0..taken {
                characters.next();
            }
        } else if c == '\''
            && next == 's'
            && (is_weekday_name(&current) || is_post_noun(&current))
            && characters
                .clone()
                .nth(1)
                .is_none_or(|c| !c.is_alphanumeric())
        {
            // "sunday's post" is the post of a Sunday, not "sundays" (every Sunday).
            characters.next();
        } else if c == '\''
            && current.is_empty()
            && out.last().is_some_and(|w| {
                is_month_name(w)
                    || matches!(
                        w.as_str(),
                        "spring" | "summer" | "autumn" | "fall" | "winter"
                    )
            })
            && characters.clone().take_while(char::is_ascii_digit).count() == 2
        {
            // "Aug '25": the year 2025.
            current.push_str("20");
        } else if c == '\'' && current == "t" && next.is_alphabetic() {
            // Yorkshire "t'best", "t'one": the.
            current = "the".into();
            push(&mut current, &mut out);
        } else if c == '\'' && current == "d" && "aeiouyhâàéèêîôû".contains(next) {
            // The French "de" before a vowel: "combien d'abonnés", "tranche d'âge".
            current.clear();
        } else if let Some(suffix) = (c == '\'' && current.chars().count() >= 3)
            .then(|| turkish_case_ending(&characters))
            .flatten()
        {
            // Turkish endings on a name: "Mayıs'ta" (in May), "Kurban Bayramı'nda"; on a
            // month, the one that says "in" is said before it.
            let ending: String = characters.clone().take(suffix).collect();
            let after_a_day = out
                .last()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
            if matches!(ending.as_str(), "ta" | "da" | "te" | "de")
                && is_month_name(&current)
                && !after_a_day
            {
                let name = std::mem::take(&mut current);
                out.push("in".into());
                current = name;
            }
            for _ in 0..suffix {
                characters.next();
            }
        } else if c == '\'' && !current.is_empty() && next.is_alphabetic() {
            // Inside a word: what's → whats, don't → dont.
        } else if number_one {
            out.push("top".into());
        } else if c == '#' && current.is_empty() && !next.is_alphanumeric() {
            // "# posts last 4 wks": the number of them; "the # i use": hashtags.
            let counted: String = characters
                .clone()
                .skip_while(|c| c.is_whitespace())
                .take_while(|c| c.is_alphabetic())
                .collect();
            if matches!(
                counted.as_str(),
                "posts"
                    | "reels"
                    | "photos"
                    | "videos"
                    | "carousels"
                    | "followers"
                    | "likes"
                    | "comments"
                    | "saves"
                    | "shares"
                    | "views"
                    | "uploads"
            ) {
                out.push("number".into());
                out.push("of".into());
            } else {
                out.push("#".into());
            }
        } else if c == '-' && is_month_name(&current) && month_after(characters.clone()) {
            // "mar-may": a range of months.
            push(&mut current, &mut out);
            out.push("to".into());
        } else if c == '-'
            && crate::period::month_number(&current).is_some()
            && next.is_ascii_digit()
            && out.last().is_some_and(|last: &String| is_day(last))
        {
            // "1 oct-15 nov": a range of dates.
            push(&mut current, &mut out);
            out.push("to".into());
        } else if c == '-' && is_day(&current) && next.is_ascii_digit() {
            // "1st-15th": a range of days.
            push(&mut current, &mut out);
            out.push("to".into());
        } else if c == '-'
            && previous == ' '
            && next == ' '
            && (out
                .last()
                .is_some_and(|last: &String| last.ends_with(|d: char| d.is_ascii_digit()))
                || (out
                    .last()
                    .is_some_and(|last| crate::period::month_number(last).is_some())
                    && out.len() >= 2
                    && is_day(&out[out.len() - 2])))
            && (characters
                .clone()
                .find(|c| *c != ' ')
                .is_some_and(|c| c.is_ascii_digit())
                || month_then_day(characters.clone()))
        {
            // "02/11 - 08/11", "30 oct - 1 nov", "jan 1 – feb 14": a range of dates.
            out.push("to".into());
        } else if c == '/' && previous.is_alphabetic() && next.is_alphabetic() {
            // "shares/post" → "shares per post"
            push(&mut current, &mut out);
            out.push("per".into());
        } else {
            push(&mut current, &mut out);
            if (c == '&' || c == '+') && !previous.is_alphanumeric() && !next.is_alphanumeric() {
                out.push("and".into());
            }
        }
        previous = c;
    }
    push(&mut current, &mut out);
    // "w/c 2 nov", "w/b the 9th": the week commencing (beginning) that day.
    for at in (0..out.len().saturating_sub(2)).rev() {
        if out[at] == "w" && out[at + 1] == "per" && matches!(out[at + 2].as_str(), "c" | "b") {
            out.splice(at..at + 3, ["week".to_owned(), "commencing".to_owned()]);
        }
    }
    heard::mend(&mut out);
    // "last weak": the week.
    for at in 1..out.len() {
        // "last weekends tournament": last weekend's.
        if out[at] == "weekends" && matches!(out[at - 1].as_str(), "last" | "this" | "past") {
            out[at] = "weekend".into();
        }
        if matches!(out[at].as_str(), "weak" | "weeek")
            && matches!(
                out[at - 1].as_str(),
                "last" | "this" | "next" | "per" | "a" | "each" | "every"
            )
        {
            out[at] = "week".into();
        }
        // "my best real this month", "latest real": a reel ("real engagement" stays real).
        if matches!(out[at].as_str(), "real" | "reals")
            && matches!(
                out[at - 1].as_str(),
                "best"
                    | "top"
                    | "worst"
                    | "latest"
                    | "last"
                    | "newest"
                    | "my"
                    | "our"
                    | "which"
                    | "each"
                    | "per"
                    | "every"
                    | "recent"
            )
            && out.get(at + 1).is_none_or(|next| {
                matches!(
                    next.as_str(),
                    "this"
                        | "last"
                        | "from"
                        | "in"
                        | "of"
                        | "by"
                        | "on"
                        | "ever"
                        | "and"
                        | "or"
                        | "get"
                        | "got"
                        | "do"
                        | "did"
                        | "does"
                        | "is"
                        | "was"
                        | "so"
                        | "for"
                        | "with"
                        | "views"
                        | "likes"
                )
            })
        {
            out[at] = if out[at] == "real" { "reel" } else { "reels" }.into();
        }
        // "top 3 please, not just the one": more than one, said twice.
        if out[at] == "one" && at >= 2 && matches!(out[at - 1].as_str(), "the" | "just" | "only") {
            let start = if out[at - 1] == "the" {
                at.saturating_sub(3)
            } else {
                at - 2
            };
            let said = out[start..at].iter().any(|w| w == "not")
                && out[start..at]
                    .iter()
                    .any(|w| matches!(w.as_str(), "just" | "only"));
            if said {
                for word in &mut out[start..=at] {
                    word.clear();
                }
            }
        }
        // "since pride month": June.
        if out[at] == "month" && out[at - 1] == "pride" {
            out[at - 1] = "june".into();
            out[at] = String::new();
        }
        // "hour many followers": voice typing's "how".
        if out[at - 1] == "hour" && matches!(out[at].as_str(), "many" | "much") {
            out[at - 1] = "how".into();
        }
        // "how many likes did hour posts get": voice typing's "our".
        if out[at] == "hour"
            && matches!(
                out[at - 1].as_str(),
                "did"
                    | "do"
                    | "does"
                    | "have"
                    | "has"
                    | "are"
                    | "were"
                    | "all"
                    | "of"
                    | "on"
                    | "for"
                    | "with"
                    | "about"
                    | "is"
                    | "was"
            )
            && out.get(at + 1).is_some_and(|next| {
                matches!(
                    next.as_str(),
                    "posts"
                        | "reels"
                        | "videos"
                        | "photos"
                        | "followers"
                        | "account"
                        | "page"
                        | "engagement"
                        | "reach"
                        | "content"
                        | "carousels"
                        | "insta"
                )
            })
        {
            out[at] = "our".into();
        }
        // "what our should i post at", "best our and day to post", "which ours are my
        // followers online": voice typing's "hour".
        if matches!(out[at].as_str(), "our" | "ours")
            && matches!(
                out[at - 1].as_str(),
                "what" | "which" | "best" | "the" | "an"
            )
            && out.get(at + 1).is_none_or(|next| {
                matches!(
                    next.as_str(),
                    "should" | "to" | "and" | "are" | "is" | "do" | "of" | "for" | "r"
                )
            })
        {
            out[at] = if out[at] == "our" { "hour" } else { "hours" }.into();
        }
        // "engagement rate buy followers": voice typing's "by" (not "should I buy
        // followers").
        if out[at] == "buy"
            && out
                .get(at + 1)
                .is_some_and(|next| matches!(next.as_str(), "followers" | "follower" | "reach"))
            && !matches!(
                out[at - 1].as_str(),
                "i" | "we"
                    | "to"
                    | "should"
                    | "you"
                    | "u"
                    | "people"
                    | "ppl"
                    | "they"
                    | "can"
                    | "did"
                    | "do"
                    | "does"
                    | "ever"
                    | "not"
                    | "dont"
                    | "never"
            )
        {
            out[at] = "by".into();
        }
        // "the one who comments the most": the commenter (a post comments on nothing).
        if matches!(out[at].as_str(), "comments" | "commented" | "comment")
            && at >= 2
            && out[at - 2] == "one"
            && matches!(out[at - 1].as_str(), "who" | "that")
        {
            out[at - 2] = "commenter".into();
            out[at - 1] = String::new();
            out[at] = String::new();
        }
        // "are my followers on line", "on there phones": online.
        if out[at] == "line" && out[at - 1] == "on" {
            out[at - 1] = "online".into();
            out[at] = String::new();
        }
        if matches!(out[at].as_str(), "phones" | "phone")
            && at >= 2
            && out[at - 2] == "on"
            && (matches!(out[at - 1].as_str(), "their" | "there" | "they're")
                // "what time are my followers on the phone"
                || (out[at - 1] == "the"
                    && at >= 3
                    && matches!(
                        out[at - 3].as_str(),
                        "are" | "r" | "is" | "be" | "followers" | "audience" | "fans" | "they"
                    )))
        {
            out[at - 2] = "online".into();
            out[at - 1] = String::new();
            out[at] = String::new();
        }
        // "the hole month", "the hole year": the whole of it.
        if out[at] == "hole"
            && matches!(out[at - 1].as_str(), "the" | "a" | "this")
            && out.get(at + 1).is_some_and(|next| {
                matches!(
                    next.as_str(),
                    "month" | "week" | "year" | "time" | "day" | "summer"
                )
            })
        {
            out[at] = "whole".into();
        }
    }
    languages::in_english(&mut out);
    out.into_iter()
        .filter(|word| !word.is_empty())
        .flat_map(|word| {
            // "1-15 nov": a range of days (a date like 2026-03-01 stays whole).
            let numbers = word
                .split_once('-')
                .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)));
            match word.split_once('-') {
                // "29-10": a date, the day first (a range runs forward).
                Some((first, last))
                    if numbers.is_some_and(|(a, b)| a > b && (1..=12).contains(&b) && a <= 31) =>
                {
                    vec![format!("{first}.{last}")]
                }
                Some((first, last)) if is_day(first) && is_day(last) => {
                    vec![first.to_owned(), "to".to_owned(), last.to_owned()]
                }
                // A word rewritten in English order may be two ("last semaine"), and so
                // may an alias ("24hrs" → "24 hours").
                _ => word
                    .split(' ')
                    .flat_map(|part| {
                        canonical(part.to_owned())
                            .split(' ')
                            .map(str::to_owned)
                            .collect::<Vec<_>>()
                    })
                    .collect::<Vec<_>>(),
            }
        })
        .collect()
}

/// A contraction that must not run into one word: "we'd like" is "we would", not "wed"
/// (Wednesday); "we're a bookshop" is "we are", not "were"; "reckon we'll hit 5k" is "we
/// will", not "well". The letters after the apostrophe to skip, and the word they say.
fn contraction(
    word: &str,
    after: &std::iter::Peekable<std::str::Chars<'_>>,
) -> Option<(usize, Option<&'static str>)> {
    let letters: String = after.clone().take_while(|c| c.is_alphanumeric()).collect();
    match (word, letters.as_str()) {
        ("we", "d") => Some((1, None)),
        // "how many'd I pick up": how many did.
        ("many" | "much", "d") => Some((1, Some("did"))),
        ("we", "re") => Some((2, Some("are"))),
        ("we" | "they" | "it" | "you" | "she" | "he" | "what" | "that" | "who" | "there", "ll") => {
            Some((2, Some("will")))
        }
        _ => None,
    }
}

/// Whether a word is a day of the month as digits: "5", "15", "1st", "22nd".
fn is_day(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    (1..=2).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
}

/// Whether the characters to come start with a month name ("…-may").
fn month_after(rest: std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    let word: String = rest.take_while(|c| c.is_alphabetic()).collect();
    is_month_name(&word)
}

/// Whether `word` names a month, in English or another language ("oct", "mars", "avril").
/// Whether the characters start with a month's name and a day ("feb 14" in "jan 1 - feb
/// 14").
pub(crate) fn month_then_day(characters: impl Iterator<Item = char>) -> bool {
    let rest: String = characters.collect();
    let mut words = rest.split_whitespace();
    let month = words
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    crate::period::month_number(&month).is_some()
        && words
            .next()
            .is_some_and(|day| day.starts_with(|c: char| c.is_ascii_digit()))
}

pub(crate) fn is_month_name(word: &str) -> bool {
    crate::period::month_number(ALIAS_OF.get(word).copied().unwrap_or(word)).is_some()
}

/// Whether `word` is `target`, allowing a typo in longer words that are not known words
/// themselves.
pub fn is(word: &str, target: &str) -> bool {
    if word == target {
        return true;
    }
    // Cheapest tests first: this runs for every word of every comment a lead scan reads.
    let length = target.chars().count();
    let allowed = allowed_edits(length);
    if allowed == 0
        || word.chars().count().abs_diff(length) > allowed
        || word.chars().any(|c| c.is_ascii_digit())
        || is_known(word)
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

/// Whether `word` is a weekday's full name ("sunday").
/// A post's name in the singular: "which reel's done best" is one reel, not "reels".
fn is_post_noun(word: &str) -> bool {
    matches!(
        word,
        "post" | "reel" | "photo" | "pic" | "video" | "carousel" | "picture"
    )
}

fn is_weekday_name(word: &str) -> bool {
    matches!(
        word,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// How many letters a Turkish case ending after an apostrophe has ("'ta", "'nda", "'dan",
/// "'nin"), when the letters after it are one and end the word.
fn turkish_case_ending(after: &std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let letters: String = after.clone().take_while(|c| c.is_alphabetic()).collect();
    const ENDINGS: &[&str] = &[
        "ta", "da", "te", "de", "nda", "nde", "tan", "dan", "ten", "den", "ndan", "nden", "ın",
        "nın", "nin", "nun", "nün", "ya", "ye", "yı", "yi", "yla", "yle", "ki",
    ];
    ENDINGS
        .contains(&letters.as_str())
        .then(|| letters.chars().count())
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
        assert_eq!(words("We’re a shop"), ["we", "are", "a", "shop"]);
        assert_eq!(
            words("which reel's done best"),
            ["which", "reel", "done", "best"]
        );
        assert_eq!(words("02/11 - 08/11"), ["02/11", "to", "08/11"]);
        assert_eq!(words("most views everrr"), ["most", "views", "ever"]);
        assert_eq!(words("soooo many likessss"), ["so", "many", "likes"]);
        assert_eq!(words("zzzz"), ["zzzz"]);
        assert_eq!(words("12th–18th oct"), ["12th", "to", "18th", "oct"]);
        assert_eq!(words("likes 3/4"), ["likes", "3/4"]);
        assert_eq!(
            words("followers + best time"),
            ["followers", "and", "best", "time"]
        );
        assert_eq!(words("shares/post"), ["shares", "per", "post"]);
        assert_eq!(
            words("is @jo_b or @the.bakery_ first? #small_biz."),
            ["is", "@jo_b", "or", "@the.bakery_", "first", "#small_biz"]
        );
        assert_eq!(words("Reach WoW"), ["reach", "week", "over", "week"]);
        assert_eq!(words("wow my reach"), ["wow", "my", "reach"]);
        assert_eq!(words("w/c 9 nov"), ["week", "commencing", "9", "nov"]);
        assert_eq!(words("since 01.09.2026?"), ["since", "01.09.2026"]);
        assert_eq!(words("on 29-10"), ["on", "29.10"]);
        assert_eq!(words("1-15 nov"), ["1", "to", "15", "nov"]);
        assert_eq!(words("is 4.5 good"), ["is", "4.5", "good"]);
    }

    #[test]
    fn the_askers_own_names_are_left_out_and_a_posts_name_kept() {
        assert_eq!(
            words("Our band's called The Reel Deal (sorry!) - top post?"),
            words("Our band's called (sorry!) - top post?")
        );
        assert_eq!(
            words("my shop is named Summer Days, reach this week"),
            words("my shop is named, reach this week")
        );
        assert_eq!(
            words("the reel called Autumn Leaves"),
            ["the", "reel", "called", "autumn", "leaves"]
        );
        assert_eq!(
            words("it's called a reel, right?"),
            ["its", "called", "a", "reel", "right"]
        );
    }

    #[test]
    fn typos_are_corrected_to_known_words() {
        assert_eq!(correct("enagement"), Some("engagement"));
        assert_eq!(correct("follwers"), Some("followers"));
        assert_eq!(correct("comemnts"), Some("comments"));
        assert_eq!(correct("reahc"), Some("reach"));
        assert_eq!(correct("carousells"), Some("carousels"));
        assert_eq!(correct("comments"), None, "known words stay");
        assert_eq!(correct("lime"), None, "short words must match exactly");
        assert_eq!(correct("rice"), None, "four letters are never corrected");
        assert_eq!(
            correct("scared"),
            None,
            "a real word, not a typo of \"shared\""
        );
        assert_eq!(correct("earrings"), None, "not \"earnings\"");
        assert_eq!(correct("rolling"), None, "not \"scrolling\"");
        assert_eq!(correct("likrs"), Some("likes"), "r is next to e");
        assert_eq!(correct("octobar"), Some("october"), "a vowel as it sounds");
        assert_eq!(correct("reech"), Some("reach"));
        assert_eq!(correct("avrage"), Some("average"));
        assert_eq!(
            correct("loads"),
            None,
            "o and e do not sound alike: not \"leads\""
        );
        assert_eq!(correct("merch"), None, "a real word, not \"march\"");
        assert_eq!(correct("xqzvw"), None);
    }

    #[test]
    fn known_words_are_not_typos_of_each_other() {
        assert!(!is("saves", "sales"));
        assert!(!is("last", "least"));
        assert!(!is("reel", "reels"));
        assert!(!is("comments", "commenter"));
        assert!(is("enagement", "engagement"), "a real typo still matches");
    }
}
