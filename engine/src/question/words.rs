//! Words of a question: normalised tokens, and spelling that forgives typos.
//!
//! A question is lower-cased and cut into words at white space and punctuation; apostrophes
//! are dropped inside words (`what's` → `whats`), `#tags` and `@handles` keep their sign,
//! dates like `2026-03-01` and `3/4` stay whole, `&` and `+` become `and`, and the agency
//! shorthands `WoW`, `MoM`, `QoQ`, `YoY` are read before lower-casing (a lower-case "wow" is
//! only surprise). [`correct`] turns a word Pulse does not know into the known word it is a
//! typo of — one edit away from five letters on, two from eight — using an index of the
//! words' deletions (so a typo costs a few hash lookups, not a scan of the vocabulary).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::{lexicon, when};

/// Abbreviations, slang and short typos that edit distance cannot catch safely.
const ALIASES: &[(&str, &str)] = &[
    ("lst", "last"),
    ("prev", "previous"),
    ("em", "them"),
    ("fotos", "photos"),
    ("foto", "photo"),
    // Words of Portuguese and Spanish speakers writing English.
    ("engajamento", "engagement"),
    ("seguidores", "followers"),
    ("paises", "countries"),
    ("países", "countries"),
    ("curtidas", "likes"),
    ("alcance", "reach"),
    ("carrosséis", "carousels"),
    ("carrosseis", "carousels"),
    ("carrusel", "carousel"),
    ("lats", "last"),
    ("pst", "past"),
    ("reals", "reels"),
    ("abt", "about"),
    ("wek", "week"),
    ("wk", "week"),
    ("wks", "weeks"),
    ("mnth", "month"),
    ("mth", "month"),
    ("mos", "months"),
    ("yr", "year"),
    ("yrs", "years"),
    ("pls", "please"),
    ("thyme", "time"),
    ("hoo", "who"),
    ("plz", "please"),
    ("pleas", "please"),
    ("u", "you"),
    ("ur", "your"),
    ("r", "are"),
    ("fav", "favourite"),
    ("fave", "favourite"),
    ("favorite", "favourite"),
    ("avg", "average"),
    ("convo", "conversation"),
    ("hrs", "hours"),
    ("hr", "hour"),
    ("thru", "through"),
    ("tmrw", "tomorrow"),
    ("tmr", "tomorrow"),
    ("sept", "september"),
    ("w/", "with"),
    ("b4", "before"),
    ("2day", "today"),
    ("wich", "which"),
    ("wch", "which"),
    ("whcih", "which"),
    ("teh", "the"),
    ("hte", "the"),
    ("waht", "what"),
    ("whta", "what"),
    ("wat", "what"),
    ("hwo", "how"),
    ("mnay", "many"),
    ("manny", "many"),
    ("thsi", "this"),
    ("tihs", "this"),
    ("lsat", "last"),
    ("mroe", "more"),
    ("msot", "most"),
    ("bets", "best"),
    ("psot", "post"),
    ("psots", "posts"),
    ("poast", "post"),
    ("poasts", "posts"),
    ("ppost", "post"),
    ("flw", "followers"),
    // Text-speak.
    ("dis", "this"),
    ("dat", "that"),
    ("d", "the"),
    ("da", "the"),
    ("wats", "whats"),
    ("hw", "how"),
    ("ma", "my"),
    ("n", "and"),
    ("1s", "ones"),
    ("clikd", "clicked"),
    ("szn", "season"),
    ("mny", "many"),
    ("folowers", "followers"),
    ("24hrs", "24 hours"),
    ("tday", "today"),
    // Month names as people write them in German, Spanish, Portuguese, French and Italian.
    ("januar", "january"),
    ("februar", "february"),
    ("märz", "march"),
    ("maerz", "march"),
    ("juni", "june"),
    ("juli", "july"),
    ("oktober", "october"),
    ("dezember", "december"),
    ("enero", "january"),
    ("febrero", "february"),
    ("marzo", "march"),
    ("abril", "april"),
    ("mayo", "may"),
    ("junio", "june"),
    ("julio", "july"),
    ("agosto", "august"),
    ("septiembre", "september"),
    ("setiembre", "september"),
    ("octubre", "october"),
    ("noviembre", "november"),
    ("diciembre", "december"),
    ("janeiro", "january"),
    ("fevereiro", "february"),
    ("março", "march"),
    ("maio", "may"),
    ("junho", "june"),
    ("julho", "july"),
    ("setembro", "september"),
    ("outubro", "october"),
    ("novembro", "november"),
    ("dezembro", "december"),
    ("janvier", "january"),
    ("février", "february"),
    ("fevrier", "february"),
    ("mars", "march"),
    ("juin", "june"),
    ("juillet", "july"),
    ("août", "august"),
    ("aout", "august"),
    ("septembre", "september"),
    ("octobre", "october"),
    ("novembre", "november"),
    ("décembre", "december"),
    ("decembre", "december"),
    ("gennaio", "january"),
    ("febbraio", "february"),
    ("aprile", "april"),
    ("maggio", "may"),
    ("giugno", "june"),
    ("luglio", "july"),
    ("settembre", "september"),
    ("ottobre", "october"),
    ("dicembre", "december"),
    ("flws", "followers"),
    // Month names in Dutch, Polish and Turkish (where they differ from the ones above).
    ("januari", "january"),
    ("februari", "february"),
    ("maart", "march"),
    ("mei", "may"),
    ("augustus", "august"),
    ("styczen", "january"),
    ("styczeń", "january"),
    ("luty", "february"),
    ("marzec", "march"),
    ("kwiecien", "april"),
    ("kwiecień", "april"),
    ("maj", "may"),
    ("czerwiec", "june"),
    ("lipiec", "july"),
    ("sierpien", "august"),
    ("sierpień", "august"),
    ("wrzesien", "september"),
    ("wrzesień", "september"),
    ("pazdziernik", "october"),
    ("październik", "october"),
    ("listopad", "november"),
    ("grudzien", "december"),
    ("grudzień", "december"),
    ("ocak", "january"),
    ("şubat", "february"),
    ("subat", "february"),
    ("nisan", "april"),
    ("mayıs", "may"),
    ("mayis", "may"),
    ("haziran", "june"),
    ("temmuz", "july"),
    ("ağustos", "august"),
    ("agustos", "august"),
    ("eylül", "september"),
    ("eylul", "september"),
    ("ekim", "october"),
    ("kasım", "november"),
    ("kasim", "november"),
    ("aralık", "december"),
    ("aralik", "december"),
    // Days of the week, today and yesterday in the same languages.
    ("montag", "monday"),
    ("dienstag", "tuesday"),
    ("mittwoch", "wednesday"),
    ("donnerstag", "thursday"),
    ("freitag", "friday"),
    ("samstag", "saturday"),
    ("sonntag", "sunday"),
    ("lunes", "monday"),
    ("martes", "tuesday"),
    ("miércoles", "wednesday"),
    ("miercoles", "wednesday"),
    ("jueves", "thursday"),
    ("viernes", "friday"),
    ("sábado", "saturday"),
    ("sabado", "saturday"),
    ("domingo", "sunday"),
    ("lundi", "monday"),
    ("mardi", "tuesday"),
    ("mercredi", "wednesday"),
    ("jeudi", "thursday"),
    ("vendredi", "friday"),
    ("samedi", "saturday"),
    ("dimanche", "sunday"),
    ("lunedì", "monday"),
    ("lunedi", "monday"),
    ("martedì", "tuesday"),
    ("martedi", "tuesday"),
    ("mercoledì", "wednesday"),
    ("mercoledi", "wednesday"),
    ("giovedì", "thursday"),
    ("giovedi", "thursday"),
    ("venerdì", "friday"),
    ("venerdi", "friday"),
    ("sabato", "saturday"),
    ("domenica", "sunday"),
    ("maandag", "monday"),
    ("dinsdag", "tuesday"),
    ("woensdag", "wednesday"),
    ("donderdag", "thursday"),
    ("vrijdag", "friday"),
    ("zaterdag", "saturday"),
    ("zondag", "sunday"),
    ("pazartesi", "monday"),
    ("salı", "tuesday"),
    ("çarşamba", "wednesday"),
    ("carsamba", "wednesday"),
    ("perşembe", "thursday"),
    ("persembe", "thursday"),
    ("cuma", "friday"),
    ("cumartesi", "saturday"),
    ("poniedziałek", "monday"),
    ("poniedzialek", "monday"),
    ("wtorek", "tuesday"),
    ("środa", "wednesday"),
    ("sroda", "wednesday"),
    ("czwartek", "thursday"),
    ("piątek", "friday"),
    ("piatek", "friday"),
    ("sobota", "saturday"),
    ("niedziela", "sunday"),
    ("ayer", "yesterday"),
    ("hier", "yesterday"),
    ("desde", "since"),
    ("seit", "since"),
    ("depuis", "since"),
    ("semana", "week"),
    ("semaine", "week"),
    ("settimana", "week"),
    ("woche", "week"),
    ("mois", "month"),
    ("monat", "month"),
    ("hoy", "today"),
    ("gestern", "yesterday"),
    ("heute", "today"),
    ("ontem", "yesterday"),
    ("hoje", "today"),
    ("ieri", "yesterday"),
    ("oggi", "today"),
    ("aujourdhui", "today"),
    ("gisteren", "yesterday"),
    ("vandaag", "today"),
    ("wczoraj", "yesterday"),
    ("dzisiaj", "today"),
    ("dün", "yesterday"),
    ("bugün", "today"),
    ("bugun", "today"),
];

static ALIAS_OF: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| ALIASES.iter().copied().collect());

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

/// Shorthands whose capitals carry the meaning ("WoW" is week over week, "wow" is not).
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
];

/// The normalised words of `text`.
pub fn words(text: &str) -> Vec<String> {
    let mut expanded;
    let mut text = text;
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
    // "12th–18th October": an en or em dash is a hyphen.
    if lowered.contains(['–', '—']) {
        lowered = lowered.replace(['–', '—'], "-");
    }
    let mut characters = lowered.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = characters.next() {
        let next = characters.peek().copied().unwrap_or(' ');
        let digits = !current.is_empty() && current.chars().all(|d| d.is_ascii_digit());
        let keep = c.is_alphanumeric()
            || ((c == '#' || c == '@') && current.is_empty() && next.is_alphanumeric())
            || (c == '-' && digits && next.is_ascii_digit())
            || (c == '-' && current.len() == 7 && current.as_bytes().get(4) == Some(&b'-'))
            || (c == '/' && digits && next.is_ascii_digit())
            || (c == '/' && current.contains('/') && next.is_ascii_digit())
            || ((c == '.' || c == ',') && digits && next.is_ascii_digit())
            || (c == '%' && digits);
        if keep {
            current.push(c);
        } else if c == '\''
            && current == "we"
            && next == 'd'
            && characters
                .clone()
                .nth(1)
                .is_none_or(|c| !c.is_alphanumeric())
        {
            // "we'd like to…" is "we would", not "wed" (Wednesday).
            characters.next();
        } else if c == '\''
            && current == "we"
            && next == 'r'
            && characters.clone().nth(1) == Some('e')
            && characters
                .clone()
                .nth(2)
                .is_none_or(|c| !c.is_alphanumeric())
        {
            // "we're a bookshop" is "we are", not "were" (a question's first word).
            push(&mut current, &mut out);
            out.push("are".into());
            characters.next();
            characters.next();
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
        } else if c == '\'' && !current.is_empty() && next.is_alphabetic() {
            // Inside a word: what's → whats, don't → dont.
        } else if c == '#' && current.is_empty() && !next.is_alphanumeric() {
            // "the # i use": hashtags.
            out.push("#".into());
        } else if c == '-'
            && crate::period::month_number(&current).is_some()
            && month_after(characters.clone())
        {
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
            && characters
                .clone()
                .find(|c| *c != ' ')
                .is_some_and(|c| c.is_ascii_digit())
        {
            // "02/11 - 08/11", "30 oct - 1 nov": a range of dates.
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
    // "last weak": the week.
    for at in 1..out.len() {
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
    out.into_iter()
        .filter(|word| !word.is_empty())
        .flat_map(|word| {
            // "1-15 nov": a range of days (a date like 2026-03-01 stays whole).
            match word.split_once('-') {
                Some((first, last)) if is_day(first) && is_day(last) => {
                    vec![first.to_owned(), "to".to_owned(), last.to_owned()]
                }
                // An alias may be two words ("24hrs" → "24 hours").
                _ => canonical(word)
                    .split(' ')
                    .map(str::to_owned)
                    .collect::<Vec<_>>(),
            }
        })
        .collect()
}

/// Whether a word is a day of the month as digits: "5", "15", "1st", "22nd".
fn is_day(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    (1..=2).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
}

/// The rows of a QWERTY keyboard: a typo swaps a letter for a neighbour, not any letter.
const KEYBOARD: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// Whether two letters are next to each other on the keyboard (same row, or the row above
/// or below within one key).
fn neighbours(a: char, b: char) -> bool {
    let position = |c: char| {
        KEYBOARD
            .iter()
            .enumerate()
            .find_map(|(row, keys)| keys.find(c).map(|column| (row as i32, column as i32)))
    };
    match (position(a), position(b)) {
        (Some((ra, ca)), Some((rb, cb))) => {
            (ra - rb).abs() <= 1 && (ca - cb).abs() <= 1 && (ra, ca) != (rb, cb)
        }
        _ => false,
    }
}

/// Edits from `typed` to `meant` as a person makes them: a letter left out, doubled or
/// swapped with the next, or a key next to the right one. Another letter in place of the
/// right one costs two, so a real word is not read as another ("scared" is not "shared").
fn typing_distance(typed: &str, meant: &str) -> usize {
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = meant.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = if a[i - 1] == b[j - 1] {
                0
            } else if neighbours(a[i - 1], b[j - 1]) {
                1
            } else {
                2
            };
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Whether the characters to come start with a month name ("…-may").
fn month_after(rest: std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    let word: String = rest.take_while(|c| c.is_alphabetic()).collect();
    crate::period::month_number(&word).is_some()
}

/// Every word the parser knows: the role tables, the period words, the filler list.
struct Spelling {
    known: HashSet<&'static str>,
    /// The words a typo may be corrected to, by rank (role words before filler).
    targets: Vec<(&'static str, u8)>,
    /// Each target's deletions (up to its allowed edits) → the targets.
    deletions: HashMap<String, Vec<u32>>,
    /// Known words of four or five letters (filler too) without one letter of their
    /// middle → the words.
    short: HashMap<String, Vec<(&'static str, u8)>>,
    /// Words that mean something (filler aside), by their consonants ([`skeleton`]) →
    /// the words.
    skeletons: HashMap<String, Vec<&'static str>>,
}

/// How many edits a word of this length may be off by.
fn allowed_edits(length: usize) -> usize {
    match length {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// The word without its letter at `skip`.
fn without(characters: &[char], skip: usize) -> String {
    characters
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != skip)
        .map(|(_, c)| *c)
        .collect()
}

fn deletions(word: &str, depth: usize, out: &mut HashSet<String>) {
    if depth == 0 {
        return;
    }
    let characters: Vec<char> = word.chars().collect();
    for skip in 0..characters.len() {
        let shorter = without(&characters, skip);
        if out.insert(shorter.clone()) {
            deletions(&shorter, depth - 1, out);
        }
    }
}

/// The filler words of `lexicon::FILLER`, without comments and blank lines.
pub fn filler_words() -> impl Iterator<Item = &'static str> {
    lexicon::FILLER
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

static SPELLING: LazyLock<Spelling> = LazyLock::new(|| {
    let mut known = HashSet::new();
    let mut targets: Vec<(&'static str, u8)> = Vec::new();
    let mut add = |word: &'static str, rank: u8, targets: &mut Vec<(&'static str, u8)>| {
        if known.insert(word) {
            targets.push((word, rank));
        }
    };
    for (name, table) in lexicon::TABLES {
        // What Pulse cannot see, places and words off the topic are never typo targets: a
        // real word one letter away ("earrings", "earnings"; "pottery", "lottery") must not
        // make a question unanswerable.
        let rank = if matches!(*name, "UNSEEN" | "PLACES" | "OFF_TOPIC") {
            2
        } else {
            0
        };
        // A word met only inside phrases ("booking" of "booking requests") means nothing
        // alone: known, but no typo target ("bookings" is not "booking").
        for (phrase, _) in table.iter() {
            if !phrase.contains(' ') {
                add(phrase, rank, &mut targets);
            }
        }
    }
    for (_, table) in lexicon::TABLES {
        for (phrase, _) in table.iter() {
            for word in phrase.split(' ') {
                add(word, 1, &mut targets);
            }
        }
    }
    for word in when::VOCABULARY {
        add(word, 0, &mut targets);
    }
    for word in filler_words() {
        add(word, 1, &mut targets);
    }
    let mut index: HashMap<String, Vec<u32>> = HashMap::new();
    for (position, (word, rank)) in targets.iter().enumerate() {
        let edits = allowed_edits(word.chars().count());
        // Typos are corrected to words that mean something, never to filler ("shops" is
        // not "shop").
        if edits == 0 || *rank > 0 {
            continue;
        }
        let mut keys = HashSet::new();
        keys.insert((*word).to_owned());
        deletions(word, edits, &mut keys);
        for key in keys {
            index.entry(key).or_default().push(position as u32);
        }
    }
    let mut short: HashMap<String, Vec<(&'static str, u8)>> = HashMap::new();
    for (word, rank) in &targets {
        let characters: Vec<char> = word.chars().collect();
        if *rank > 1 || !(4..=5).contains(&characters.len()) {
            continue;
        }
        for skip in 1..characters.len() - 1 {
            let words = short.entry(without(&characters, skip)).or_default();
            if !words.contains(&(word, *rank)) {
                words.push((word, *rank));
            }
        }
    }
    let mut skeletons: HashMap<String, Vec<&'static str>> = HashMap::new();
    for (word, rank) in &targets {
        if *rank != 1 && word.chars().all(|c| c.is_ascii_lowercase()) {
            let words = skeletons.entry(skeleton(word)).or_default();
            if !words.contains(word) {
                words.push(word);
            }
        }
    }
    Spelling {
        known,
        targets,
        deletions: index,
        short,
        skeletons,
    }
});

/// Whether `word` is a word the parser knows as it is.
pub fn is_known(word: &str) -> bool {
    SPELLING.known.contains(word)
}

/// The known word `word` is a typo of, if it is one (and is not itself known): a word of
/// the role tables or a period word, the closest one.
pub fn correct(word: &str) -> Option<&'static str> {
    let spelling = &*SPELLING;
    let length = word.chars().count();
    if spelling.known.contains(word) || word.chars().any(|c| !c.is_alphabetic()) {
        return None;
    }
    // "doin", "postin": the g people drop.
    if length >= 4 && word.ends_with("in") {
        if let Some(known) = spelling.known.get(format!("{word}g").as_str()) {
            return Some(known);
        }
    }
    // Four letters leave too little to go on ("rice" is no typo of "price", "play" none of
    // "plays"), except one letter left out of the middle of a word, where only one word
    // fits ("whch", "mst").
    if length < 5 {
        return missing_letter(word, length).or_else(|| slipped_key(word, length));
    }
    let mut keys = HashSet::new();
    keys.insert(word.to_owned());
    deletions(word, 2, &mut keys);
    let mut best: Option<(usize, u8, &'static str)> = None;
    for key in &keys {
        let Some(candidates) = spelling.deletions.get(key) else {
            continue;
        };
        for &position in candidates {
            let (target, rank) = spelling.targets[position as usize];
            let edits = allowed_edits(target.chars().count());
            if target.chars().count().abs_diff(length) > edits {
                continue;
            }
            let distance = typing_distance(word, target);
            // Two edits keep the first letter ("rolling" is not "scrolling") and the length
            // within one ("flowers" is no typo of "followers").
            // A five-letter word keeps its first letter too: "teach" is not "reach".
            let first_changed = word.chars().next() != target.chars().next();
            let far = (distance == 2
                && (first_changed || target.chars().count().abs_diff(length) > 1))
                || (first_changed && length <= 5);
            if distance > edits || far {
                continue;
            }
            let candidate = (distance, rank, target);
            if best.is_none_or(|b| (candidate.1, candidate.0, candidate.2) < (b.1, b.0, b.2)) {
                best = Some(candidate);
            }
        }
    }
    best.map(|(_, _, target)| target)
        .or_else(|| text_speak(word))
}

/// A word's first letter and its other consonants, "ck" as "k" and a letter twice as once:
/// "followers" and "flwrs" are both `flwrs`, "clicked" and "clckd" both `clkd`.
fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for (at, c) in word.replace("ck", "k").chars().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if (at == 0 || !vowel) && last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// The one word that means something which text-speak with its vowels left out stands for
/// ("flwrs": followers, "cmnts": comments); none when two fit or the word keeps a vowel
/// after its first letter ("flows" is a word, not "follows").
fn text_speak(word: &str) -> Option<&'static str> {
    let vowels = word
        .chars()
        .skip(1)
        .filter(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'))
        .count();
    if word.chars().count() < 4 || vowels > 0 {
        return None;
    }
    let key = skeleton(word);
    if key.chars().count() < 3 {
        return None;
    }
    match SPELLING.skeletons.get(&key)?.as_slice() {
        [only] if only.len() > word.len() => Some(only),
        _ => None,
    }
}

/// The one word Pulse asks about that a four-letter `word` is with one key after the first
/// hit beside the right one ("poat": "post"); none when two fit.
fn slipped_key(word: &str, length: usize) -> Option<&'static str> {
    if length != 4 {
        return None;
    }
    let typed: Vec<char> = word.chars().collect();
    // Without allocating per target: this runs over the whole vocabulary for every unknown
    // four-letter word.
    let mut fits = SPELLING.targets.iter().filter(|(target, rank)| {
        let mut meant = target.chars();
        if *rank != 0 || target.chars().count() != 4 || meant.next() != Some(typed[0]) {
            return false;
        }
        let mut differ = 0;
        let mut slipped = true;
        for (at, letter) in meant.enumerate() {
            let typed_letter = typed[at + 1];
            if letter != typed_letter {
                differ += 1;
                slipped &= neighbours(typed_letter, letter);
            }
        }
        differ == 1 && slipped
    });
    let first = fits.next()?;
    fits.next().is_none().then_some(first.0)
}

/// The one known word that `word` is with a letter left out of its middle.
fn missing_letter(word: &str, length: usize) -> Option<&'static str> {
    if length < 3 {
        return None;
    }
    // One word fits, or one that means something beside filler ("mst": "most", not "must").
    let fits = SPELLING.short.get(word)?;
    let meaning: Vec<&'static str> = fits
        .iter()
        .filter(|(_, rank)| *rank == 0)
        .map(|(word, _)| *word)
        .collect();
    match (fits.as_slice(), meaning.as_slice()) {
        ([(only, _)], _) | (_, [only]) => Some(only),
        _ => None,
    }
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
        assert_eq!(words("Reach WoW"), ["reach", "week", "over", "week"]);
        assert_eq!(words("wow my reach"), ["wow", "my", "reach"]);
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
