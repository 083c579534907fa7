//! Spelling that forgives typos: the known words and their deletions, keyboard neighbours,
//! text speak, a slipped key or a missing letter, and [`correct`], which turns an unknown
//! word into the known word it is a typo of.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::question::{lexicon, when};

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

/// Whether one vowel is written for the other as the word sounds ("octobar", "reech",
/// "avrage"): a mistake as common as a slipped key. Other vowels differ ("loads" is not
/// "leads").
fn sound_alike(a: char, b: char) -> bool {
    matches!((a, b), ('a', 'e') | ('e', 'a') | ('e', 'i') | ('i', 'e'))
}

/// Edits from `typed` to `meant` as a person makes them: a letter left out, doubled or
/// swapped with the next, a vowel that sounds alike, or a key next to the right one.
/// Another letter in place of the right one costs two, so a real word is not read as
/// another ("scared" is not "shared").
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
            } else if neighbours(a[i - 1], b[j - 1]) || sound_alike(a[i - 1], b[j - 1]) {
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

/// Every word the parser knows: the role tables, the period words, the filler list.
struct Spelling {
    known: HashSet<&'static str>,
    /// Known words met only inside phrases ("range" of "age range"), not filler.
    only_in_phrases: HashSet<&'static str>,
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
pub(super) fn allowed_edits(length: usize) -> usize {
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

/// Common English words the typo table would otherwise take for others
/// (`common_words.txt`).
static COMMON_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_words.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// Words people use that are a sounded-alike vowel away from a word Pulse knows, and mean
/// something else: never corrected ("merch" is not "march", "interest" not "interact"),
/// and unknown still — unlike the real words in `filler.txt` ("lads"), which are known and
/// mean nothing, these may name what a question is about, so Pulse asks.
const REAL_WORDS: &[&str] = &[
    "merch",
    "media",
    "medical",
    "interest",
    "interests",
    "shearing",
    "sheared",
    "summed",
    "summing",
    "winder",
    "springs",
    "harvest",
    // ("how many kids signed up": not "kinds")
    "kids",
    // (a campaign of the month, not the month: "how did the Movember post do")
    "movember",
    // ("a very rare sighting": not "rate")
    "rare",
    // ("the county show": not "count")
    "county",
    // ("I was unloading the kiln": not "uploading")
    "unloading",
    "unloaded",
    "loading",
];

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
    // (The words of periods before the words met only inside phrases: "month" is a word of
    // its own, and "this montj" a typo of it, though "per month" is a phrase too.)
    for word in when::VOCABULARY.iter().chain(&when::ORDINALS[1..]) {
        add(word, 0, &mut targets);
    }
    for word in ["twentieth", "thirtieth"] {
        add(word, 0, &mut targets);
    }
    for (_, table) in lexicon::TABLES {
        for (phrase, _) in table.iter() {
            for word in phrase.split(' ') {
                add(word, 1, &mut targets);
            }
        }
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
    let filler: HashSet<&str> = filler_words().collect();
    let only_in_phrases = targets
        .iter()
        .filter(|(word, rank)| *rank == 1 && !filler.contains(word))
        .map(|(word, _)| *word)
        .collect();
    Spelling {
        known,
        only_in_phrases,
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

/// Whether `word` is known only as a word of phrases ("range" of "age range"): alone, it
/// means nothing the parser knows.
pub fn only_in_phrases(word: &str) -> bool {
    SPELLING.only_in_phrases.contains(word)
}

/// The known word `word` is a typo of, if it is one (and is not itself known): a word of
/// the role tables or a period word, the closest one.
pub fn correct(word: &str) -> Option<&'static str> {
    let spelling = &*SPELLING;
    let length = word.chars().count();
    if spelling.known.contains(word)
        || REAL_WORDS.contains(&word)
        || COMMON_WORDS.contains(word)
        || word.chars().any(|c| !c.is_alphabetic())
    {
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
            // "photographer" is someone, not "photographs": a word ending as a person who
            // does something keeps that ending.
            let person_lost = distance == 2
                && (word.ends_with("er") || word.ends_with("ers"))
                && !(target.ends_with("er") || target.ends_with("ers"));
            if distance > edits || far || person_lost {
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
    // Three letters are often a word of their own ("cat" is no "cant"): only a word that
    // means something.
    match (fits.as_slice(), meaning.as_slice()) {
        ([(only, _)], _) if length > 3 => Some(only),
        (_, [only]) => Some(only),
        _ => None,
    }
}
