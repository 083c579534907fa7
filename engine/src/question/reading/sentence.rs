//! A question as words, clauses and tokens: the words normalised and corrected
//! (`words.rs`), periods read first (`when.rs`) and their words set aside, every other word
//! or phrase looked up in the role tables (`lexicon.rs`), and the clauses that ask
//! something told from those that only tell.

use crate::metric::Metric;
use crate::question::lexicon::{self, Role, Unseen};
use crate::question::when::{self};
use crate::question::words;
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The role tables as lookups: single words, and phrases by their first word.
pub(super) struct Lookup {
    pub(super) single: HashMap<&'static str, Role>,
    pub(super) phrases: HashMap<&'static str, Vec<(Vec<&'static str>, Role)>>,
    pub(super) filler: HashSet<&'static str>,
}

pub(super) static LOOKUP: LazyLock<Lookup> = LazyLock::new(|| {
    let mut single = HashMap::new();
    let mut phrases: HashMap<&'static str, Vec<(Vec<&'static str>, Role)>> = HashMap::new();
    for (_, table) in lexicon::TABLES {
        for (text, role) in table.iter() {
            let parts: Vec<&'static str> = text.split(' ').collect();
            if parts.len() == 1 {
                single.entry(parts[0]).or_insert_with(|| role.clone());
            } else {
                phrases
                    .entry(parts[0])
                    .or_default()
                    .push((parts, role.clone()));
            }
        }
    }
    for list in phrases.values_mut() {
        list.sort_by_key(|(parts, _)| std::cmp::Reverse(parts.len()));
    }
    Lookup {
        single,
        phrases,
        filler: words::filler_words().collect(),
    }
});

/// A word or phrase of the question and what it does.
#[derive(Debug, Clone)]
pub(super) struct Token {
    /// `None`: a word Pulse does not know.
    pub(super) role: Option<Role>,
    /// The word(s) as read.
    pub(super) text: String,
    /// The position of its first word.
    pub(super) at: usize,
    /// The clause it is in (clauses are cut at punctuation).
    pub(super) clause: usize,
}

/// A question, read into words, clauses, periods and tokens.
pub(super) struct Sentence {
    pub(super) words: Vec<String>,
    pub(super) clauses: Vec<usize>,
    /// Clauses that end with a question mark.
    pub(super) questions: HashSet<usize>,
    /// Clauses that end a sentence that is no question ("." or "!").
    pub(super) sentences: HashSet<usize>,
    pub(super) mentions: Vec<when::Mention>,
    pub(super) tokens: Vec<Token>,
    pub(super) today: NaiveDate,
}

/// A question's words, cut into clauses.
pub(super) struct Clauses {
    pub(super) words: Vec<String>,
    /// The clause of each word.
    pub(super) clause_of: Vec<usize>,
    /// Clauses that end with a question mark.
    pub(super) questions: HashSet<usize>,
    /// Clauses that end a sentence that is no question ("." or "!").
    pub(super) sentences: HashSet<usize>,
}

/// Cuts at the punctuation that ends a clause, and reads each clause's words.
pub(super) fn clause_words(question: &str) -> Clauses {
    let mut all = Vec::new();
    let mut clauses = Vec::new();
    let mut questions = HashSet::new();
    let mut sentences = HashSet::new();
    let mut clause = 0;
    let mut piece = String::new();
    let mut flush = |piece: &mut String, clause: &mut usize, end: char| {
        let words = words::words(piece);
        if !words.is_empty() {
            clauses.extend(std::iter::repeat_n(*clause, words.len()));
            all.extend(words);
            match end {
                '?' => _ = questions.insert(*clause),
                '.' | '!' => _ = sentences.insert(*clause),
                _ => {}
            }
            *clause += 1;
        }
        piece.clear();
    };
    let characters: Vec<char> = question.chars().collect();
    // What someone else wrote, quoted ("they write \"preis?\" under every post"), is not
    // the question's.
    let mut quoted = false;
    // Single quotes only around words ("a 'book of the week' photo"), not in "we've" or
    // "the lads' posts": where a quote opens, and where it closes.
    let single = |c: char| matches!(c, '\'' | '‘' | '’');
    let closing_single = |from: usize| {
        (from..characters.len().min(from + 60)).find(|&at| {
            single(characters[at])
                && characters[at - 1].is_alphanumeric()
                && characters
                    .get(at + 1)
                    .is_none_or(|next| !next.is_alphanumeric())
        })
    };
    // What buyers write, quoted ("people asking 'is this still available'", "comments
    // saying 'price?'"), is kept: it says which comments are meant.
    let buyers_words = |from: usize, to: usize| {
        let text: String = characters[from..to].iter().collect();
        let before: String = characters[..from].iter().collect();
        let said = words::words(&before).last().is_some_and(|word| {
            matches!(
                word.as_str(),
                "asking"
                    | "asked"
                    | "asks"
                    | "ask"
                    | "saying"
                    | "said"
                    | "says"
                    | "wrote"
                    | "writes"
                    | "writing"
                    | "commented"
                    | "commenting"
            )
        });
        said || words::words(&text)
            .iter()
            .any(|word| matches!(LOOKUP.single.get(word.as_str()), Some(Role::Leads)))
    };
    let mut single_quote_ends: Option<usize> = None;
    for (index, c) in characters.iter().enumerate() {
        if let Some(end) = single_quote_ends {
            if index == end {
                single_quote_ends = None;
            }
            continue;
        }
        if single(*c)
            && !quoted
            && (index == 0 || characters[index - 1].is_whitespace())
            && characters
                .get(index + 1)
                .is_some_and(|next| next.is_alphanumeric())
        {
            if let Some(end) = closing_single(index + 2).filter(|&end| !buyers_words(index, end)) {
                single_quote_ends = Some(end);
                piece.push(' ');
                continue;
            }
        }
        if matches!(c, '"' | '“' | '”') {
            let closing = characters[index + 1..]
                .iter()
                .position(|c| matches!(c, '"' | '“' | '”'))
                .map(|offset| index + 1 + offset);
            quoted = !quoted && closing.is_some_and(|end| !buyers_words(index + 1, end));
            piece.push(' ');
            continue;
        }
        if quoted {
            continue;
        }
        let next = characters.get(index + 1).copied().unwrap_or(' ');
        let before = if index > 0 {
            characters[index - 1]
        } else {
            ' '
        };
        // "1–15 Nov", "1st–15th": a dash between days is a range.
        let digit_before = characters[..index]
            .iter()
            .rev()
            .skip_while(|c| **c == ' ')
            .find(|c| !matches!(c, 's' | 't' | 'n' | 'd' | 'r' | 'h'))
            .is_some_and(char::is_ascii_digit);
        let digit_after = characters[index + 1..]
            .iter()
            .find(|c| **c != ' ')
            .is_some_and(char::is_ascii_digit);
        if matches!(c, '—' | '–') && digit_before && digit_after {
            piece.push('-');
            continue;
        }
        let bare = |word: &str| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        };
        let word_before = || {
            let text: String = characters[..index].iter().collect();
            text.split_whitespace()
                .next_back()
                .map(bare)
                .unwrap_or_default()
        };
        let word_after = || {
            let text: String = characters[index + 1..].iter().collect();
            text.split_whitespace().next().map(bare).unwrap_or_default()
        };
        // "30 oct - 1 nov": after a day and its month too.
        let day_and_month_before = || {
            let text: String = characters[..index].iter().collect();
            let mut last = text.split_whitespace().rev();
            let month = bare(last.next().unwrap_or(""));
            let day = bare(last.next().unwrap_or(""));
            crate::period::month_number(&month).is_some()
                && day.starts_with(|c: char| c.is_ascii_digit())
                && day.len() <= 4
        };
        // "26 Oct – 1 Nov", "(April–September)": a dash between dates or months is a range.
        let months_around = || {
            crate::period::month_number(&word_before()).is_some()
                && crate::period::month_number(&word_after()).is_some()
        };
        if matches!(c, '—' | '–') && ((digit_after && day_and_month_before()) || months_around())
        {
            piece.push_str(if before == ' ' { " - " } else { "-" });
            continue;
        }
        // "02/11 - 08/11": a spaced hyphen between dates is a range too.
        if *c == '-'
            && before == ' '
            && next == ' '
            && digit_after
            && (digit_before || day_and_month_before())
        {
            piece.push('-');
            continue;
        }
        // "… every spring 🐐 Which reel had the most shares": a picture before a capital
        // ends a sentence, as a full stop would.
        let picture = !c.is_alphanumeric()
            && !c.is_ascii()
            && !c.is_whitespace()
            && characters[index + 1..]
                .iter()
                .find(|c| !c.is_whitespace() && c.is_alphanumeric() || c.is_ascii_punctuation())
                .is_some_and(|c| c.is_uppercase());
        if picture {
            flush(&mut piece, &mut clause, '.');
            continue;
        }
        let ends = matches!(c, '?' | '!' | ';' | '(' | ')' | '—' | '–' | ':')
            || (*c == ',' && !(before.is_ascii_digit() && next.is_ascii_digit()))
            || (*c == '.' && !(before.is_ascii_digit() && next.is_ascii_digit()) && next == ' ')
            || (*c == '-' && before == ' ' && next == ' ');
        if ends {
            flush(&mut piece, &mut clause, *c);
        } else {
            piece.push(*c);
        }
    }
    flush(&mut piece, &mut clause, ' ');
    // "my tiktok is popping off but hows my insta reach", "my story views are low so whats
    // my ER": a conjunction before a question starts a clause.
    for at in 1..all.len() {
        let next = all.get(at + 1).map_or("", String::as_str);
        let turns = matches!(
            all[at].as_str(),
            "but" | "so" | "anyway" | "anyways" | "though" | "tho"
        ) && (ASKING.contains(&next) || ASKING_FIRST.contains(&next))
            && clauses[at - 1] == clauses[at];
        if turns {
            let split = clauses[at];
            let moved = |set: &mut HashSet<usize>| {
                let ended = set.remove(&split);
                *set = set
                    .iter()
                    .map(|c| if *c > split { c + 1 } else { *c })
                    .collect();
                if ended {
                    set.insert(split + 1);
                }
            };
            moved(&mut questions);
            moved(&mut sentences);
            for c in clauses.iter_mut().skip(at) {
                *c += 1;
            }
        }
    }
    Clauses {
        words: all,
        clause_of: clauses,
        questions,
        sentences,
    }
}

/// Words that mark a question or a request wherever they stand.
pub(super) const ASKING: &[&str] = &[
    "how",
    "hows",
    "howd",
    "what",
    "whats",
    "which",
    "when",
    "whens",
    "who",
    "whos",
    "where",
    "why",
    "show",
    "tell",
    "give",
    "gimme",
    "list",
    "pull",
    "compare",
    "summarize",
    "summarise",
    "any",
    "check",
    "rank",
    "sort",
    "send",
    "find",
    "please",
    "curious",
    "wondering",
];

/// Words that make a question only at the start of a clause ("was my reach …", not "I was
/// on retreat").
pub(super) const ASKING_FIRST: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "should", "has",
    "have", "am",
];

impl Sentence {
    /// Whether the words between two positions ask something: a question word, a clause
    /// that starts like a question, or one that ends with a question mark.
    pub(super) fn asks_in(&self, from: usize, to: usize) -> bool {
        let lead_in = [
            "so", "ok", "okay", "and", "but", "um", "uh", "also", "hey", "quick", "then",
        ];
        (from..to.min(self.words.len())).any(|at| {
            let word = self.words[at].as_str();
            let clause_start = (0..at)
                .rev()
                .take_while(|k| self.clauses[*k] == self.clauses[at])
                .all(|k| lead_in.contains(&self.words[k].as_str()));
            // "this routine where I post at lunch", "the week when we moved": which one,
            // told (a question word that starts its clause still asks).
            let relative = matches!(word, "where" | "when")
                && !clause_start
                && at > 0
                && match self.words.get(at + 1).map(String::as_str) {
                    Some("i" | "we" | "they" | "people" | "ive" | "weve" | "im") => true,
                    // "we only post when the kids are in bed": when, told.
                    Some(
                        "the" | "it" | "its" | "you" | "he" | "she" | "everyone" | "my" | "our",
                    ) => word == "when",
                    _ => false,
                }
                && !matches!(
                    self.words[at - 1].as_str(),
                    "know" | "see" | "show" | "tell" | "me" | "us" | "and" | "from" | "out"
                );
            (ASKING.contains(&word) && !relative && !self.named_thing(at))
                || (ASKING_FIRST.contains(&word) && clause_start)
                || self.questions.contains(&self.clauses[at])
        })
    }

    /// Whether a request word names a thing instead ("our trunk show", "the list", "a dog
    /// show"): it follows a determiner, or a word Pulse does not know.
    fn named_thing(&self, at: usize) -> bool {
        const REQUESTS: &[&str] = &["show", "list", "check", "sort", "pull", "rank"];
        const DETERMINERS: &[&str] = &[
            "the", "a", "an", "our", "my", "your", "their", "his", "her", "its", "this", "that",
        ];
        if at == 0 || !REQUESTS.contains(&self.words[at].as_str()) {
            return false;
        }
        DETERMINERS.contains(&self.words[at - 1].as_str())
            || self
                .tokens
                .iter()
                .any(|t| t.at == at - 1 && t.role.is_none())
    }

    /// Whether a clause asks something. A clause of purpose ("trying to figure out when to
    /// post") says why the question is asked.
    pub(super) fn clause_asks(&self, clause: usize) -> bool {
        let start = self.clauses.iter().position(|c| *c == clause).unwrap_or(0);
        let end = self
            .clauses
            .iter()
            .rposition(|c| *c == clause)
            .map_or(start, |e| e + 1);
        let word = |k: usize| self.words.get(k).map_or("", String::as_str);
        let purpose = matches!(
            (word(start), word(start + 1)),
            (
                "trying" | "want" | "need" | "planning" | "thinking",
                "to" | "about"
            ) | ("wanna" | "because" | "bc" | "cause" | "cuz", _)
                | ("so", "i")
                | ("i", "want" | "need" | "wanna" | "think")
        );
        !purpose && self.asks_in(start, end)
    }

    /// Whether a clause tells a story beside the question: a statement that ends a sentence
    /// or has someone doing something ("Sold 3 houses this year!", "my friend grows faster
    /// than me"), not a phrase the question is about ("Leads from Black Friday, any we never
    /// replied to?").
    pub(super) fn story(&self, clause: usize) -> bool {
        // A verb after its subject; one that starts the clause continues the sentence before
        // ("which video (not reels) got the most views").
        const VERBS: &[&str] = &[
            "is", "are", "was", "were", "has", "have", "had", "been", "keeps", "kept", "gets",
            "got", "went", "goes", "did", "does", "made", "makes", "sold", "said", "says", "asked",
            "wants", "needs", "told",
        ];
        if !self.statement(clause) {
            return false;
        }
        if self.someone_tells(clause) {
            return true;
        }
        let mut words = self
            .words
            .iter()
            .zip(&self.clauses)
            .filter(|(_, c)| **c == clause)
            .map(|(word, _)| word.as_str())
            .skip(1);
        words.any(|word| VERBS.contains(&word))
    }

    /// Whether a statement clause is a sentence of its own or has someone in it ("I suspect
    /// it's the staff picks photos", "we did a reel on the 9th"): what it names is told.
    pub(super) fn someone_tells(&self, clause: usize) -> bool {
        const SUBJECTS: &[&str] = &[
            "i",
            "im",
            "ive",
            "id",
            "ill",
            "we",
            "weve",
            "wed",
            "she",
            "he",
            "they",
            "theyre",
            "hes",
            "shes",
            "everyone",
            "someone",
            "friend",
            "friends",
            "client",
            "boss",
            "people",
            "customers",
            "clients",
            "students",
        ];
        self.statement(clause)
            && (self.sentences.contains(&clause)
                || self
                    .words
                    .iter()
                    .zip(&self.clauses)
                    .any(|(word, c)| *c == clause && SUBJECTS.contains(&word.as_str())))
    }

    /// Whether a clause is a statement beside a question ("…? I live in Berlin"): it asks
    /// nothing while another clause does. In a question of noun phrases ("Follower count,
    /// and top 3 posts by reach") no clause is a statement.
    pub(super) fn statement(&self, clause: usize) -> bool {
        let last = self.clauses.last().copied().unwrap_or(0);
        last > 0 && !self.clause_asks(clause) && (0..=last).any(|c| self.clause_asks(c))
    }
}

impl Sentence {
    pub(super) fn read(question: &str, today: NaiveDate, zone: Tz) -> Sentence {
        let Clauses {
            words: raw,
            clause_of: clauses,
            questions,
            sentences,
        } = clause_words(question);
        let words: Vec<String> = raw
            .into_iter()
            .map(|word| match words::correct(&word) {
                Some(known) => known.to_owned(),
                None => word,
            })
            .collect();
        // Voice typing's homophones, where the words around say which was meant: "witch of my
        // reels", "the weak before", "my latest real", "my pitchers".
        let words: Vec<String> = (0..words.len())
            .map(|at| {
                let before = if at > 0 { words[at - 1].as_str() } else { "" };
                let after = words.get(at + 1).map_or("", String::as_str);
                let meant = match words[at].as_str() {
                    "witch" if matches!(after, "of" | "one" | "post" | "reel" | "photo") => "which",
                    "weak" if matches!(before, "the" | "last" | "this" | "a" | "per") => "week",
                    "real" if matches!(before, "my" | "latest" | "last" | "newest" | "best") => {
                        "reel"
                    }
                    "pitchers" if matches!(before, "my" | "our" | "the") => "pictures",
                    other => other,
                };
                meant.to_owned()
            })
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let habits = when::ZoneHabits::of(zone);
        let mentions = when::mentions(&refs, today, habits);
        // A period never runs on past the end of a sentence ("worst in October? 3 please"
        // is October, and three posts): such a one is read again on each side of the end.
        // ("since 4. October", "5 Nov. 2025": a day's or a month's dot, not an end.)
        let ends_sentence = |at: usize| {
            (questions.contains(&clauses[at]) || sentences.contains(&clauses[at]))
                && !refs[at].chars().all(|c| c.is_ascii_digit())
                && !matches!(
                    refs[at],
                    "jan"
                        | "feb"
                        | "mar"
                        | "apr"
                        | "jun"
                        | "jul"
                        | "aug"
                        | "sep"
                        | "sept"
                        | "oct"
                        | "nov"
                        | "dec"
                )
        };
        let mentions: Vec<when::Mention> = mentions
            .into_iter()
            .flat_map(|mention| {
                let end_within = (mention.start..mention.end.saturating_sub(1))
                    .find(|&at| clauses[at] != clauses[at + 1] && ends_sentence(at));
                match end_within {
                    None => vec![mention],
                    Some(at) => [(mention.start, at + 1), (at + 1, mention.end)]
                        .into_iter()
                        .flat_map(|(from, to)| {
                            when::mentions(&refs[from..to], today, habits)
                                .into_iter()
                                .map(move |mut m| {
                                    m.start += from;
                                    m.end += from;
                                    m
                                })
                        })
                        .collect(),
                }
            })
            .collect();
        let mut in_period = vec![false; words.len()];
        for mention in &mentions {
            for used in in_period.iter_mut().take(mention.end).skip(mention.start) {
                *used = true;
            }
        }
        let lookup = &*LOOKUP;
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if in_period[i] {
                i += 1;
                continue;
            }
            let word = refs[i];
            let phrase = lookup.phrases.get(word).and_then(|list| {
                list.iter().find(|(parts, _)| {
                    parts.iter().enumerate().all(|(k, part)| {
                        refs.get(i + k) == Some(part)
                            && !in_period.get(i + k).copied().unwrap_or(true)
                    })
                })
            });
            if let Some((parts, role)) = phrase {
                tokens.push(Token {
                    role: Some(role.clone()),
                    text: parts.join(" "),
                    at: i,
                    clause: clauses[i],
                });
                i += parts.len();
                continue;
            }
            let role = role_of(&refs, i, lookup);
            tokens.push(Token {
                role,
                text: word.to_owned(),
                at: i,
                clause: clauses[i],
            });
            i += 1;
        }
        Sentence {
            words,
            clauses,
            questions,
            sentences,
            mentions,
            tokens,
            today,
        }
    }
}

/// The role of one word (no phrase matched it).
pub(super) fn role_of(words: &[&str], i: usize, lookup: &Lookup) -> Option<Role> {
    let word = words[i];
    let before = if i > 0 { words[i - 1] } else { "" };
    let after = words.get(i + 1).copied().unwrap_or("");
    let soon = |wanted: &[&str]| {
        words.iter().skip(i + 1).take(3).any(|w| wanted.contains(w))
            || words[i.saturating_sub(3)..i]
                .iter()
                .any(|w| wanted.contains(w))
    };
    match word {
        // "like" is the metric in "how many like", "a like", "1 like", "people like"; filler
        // in "is it like better".
        "like" => {
            let metric = before.parse::<u32>().is_ok()
                || matches!(
                    before,
                    "a" | "any" | "many" | "no" | "ppl" | "people" | "they"
                )
                // "which one most like in october": the likes (not "most like me").
                || (matches!(before, "most" | "more" | "least" | "fewest" | "less")
                    && !matches!(after, "me" | "mine" | "us" | "ours" | "it")
                    // "shared the most like over the last two weeks": filler after a metric
                    && !words[..i].iter().any(|w| {
                        lookup
                            .single
                            .get(*w)
                            .is_some_and(|r| matches!(r, Role::Metric(_)))
                    }))
                || matches!(after, "count" | "counts");
            return Some(if metric {
                Role::Metric(Metric::Likes)
            } else {
                Role::Filler
            });
        }
        // "win" and "won" are followers gained only beside followers ("who won the game").
        // "I did a live", "went live": Instagram Live, not where followers live.
        "live" if matches!(before, "a" | "the" | "my" | "went" | "going" | "go" | "on") => {
            return Some(Role::Filler);
        }
        "win" | "won" | "wins" | "winning" if soon(&["followers", "follower", "followes"]) => {
            return Some(Role::Gain)
        }
        "win" | "won" | "wins" => return None,
        // "rate my outfit": the verb.
        "rate" if i == 0 && matches!(after, "my" | "this" | "the" | "these") => return None,
        // "the leather jacket drop", "our new drop": a post (a product drop), not followers
        // dropping.
        "drop" | "drops" | "launch"
            if matches!(
                before,
                "the" | "my" | "our" | "new" | "that" | "this" | "latest" | "last"
            ) || (!before.is_empty()
                && !lookup.filler.contains(before)
                && !lookup.single.contains_key(before)
                && !words::is_known(before)) =>
        {
            return Some(Role::Posts)
        }
        // "during that time", "in the same time", "at this time": the period, not an hour.
        "time" | "period" if matches!(before, "that" | "same" | "this") => {
            return Some(Role::Filler)
        }
        // "last" without a period or a post after it changes nothing ("compared to last").
        "last" => return Some(Role::Filler),
        // "are we posting at the right times": the best ones.
        "right" if matches!(after, "time" | "times" | "day" | "days" | "hour" | "hours") => {
            return Some(Role::Highest)
        }
        // "top posts buy saves" (voice typing): by.
        "buy"
            if lookup
                .single
                .get(after)
                .is_some_and(|role| matches!(role, Role::Metric(_))) =>
        {
            return Some(Role::Filler)
        }
        // "in summer time", "winter time": the season, not a time of day.
        "time"
            if matches!(
                before,
                "summer" | "winter" | "spring" | "autumn" | "christmas"
            ) =>
        {
            return Some(Role::Filler)
        }
        // "the best times", "the right times": hours, as "time" is.
        "times"
            if matches!(
                before,
                "best" | "right" | "good" | "ideal" | "optimal" | "worst"
            ) =>
        {
            return Some(Role::Time)
        }
        // "wear are my followers based" (voice typing): where.
        "wear" if matches!(after, "are" | "is" | "do" | "does") && (i == 0 || before == "and") => {
            return Some(Role::Where)
        }
        // "a ball python morph": the snake, not the language.
        "python" if matches!(before, "ball" | "royal" | "burmese" | "carpet" | "pet") => {
            return Some(Role::Filler)
        }
        // "our local page", "the local food bank": which page, not where followers are.
        "local"
            if matches!(before, "our" | "the" | "my" | "a")
                && !matches!(
                    after,
                    "" | "followers" | "follower" | "people" | "audience" | "fans" | "area"
                ) =>
        {
            return Some(Role::Filler)
        }
        // "whose been commenting the most": who's.
        "whose" if matches!(after, "been" | "commenting" | "liking" | "the") => {
            return Some(Role::People)
        }
        // "what share of followers are from the US": a part, not the metric.
        "share" if after == "of" && !matches!(before, "total" | "the" | "many") => {
            return Some(Role::Filler)
        }
        // "most bad", "most poor": the worst.
        "most" if matches!(after, "bad" | "poor") => return Some(Role::Filler),
        "bad" | "poor" if before == "most" => return Some(Role::Lowest),
        _ => {}
    }
    if let Some(role) = lookup.single.get(word) {
        return Some(role.clone());
    }
    if let Some(handle) = word.strip_prefix('@') {
        return Some(Role::Unseen(Unseen::OtherAccount(Some(handle.to_owned()))));
    }
    if word.starts_with('#') {
        return Some(Role::Hashtags);
    }
    if let Ok(n) = word.parse::<u32>() {
        return if (1..=50).contains(&n) {
            Some(Role::Number(n))
        } else {
            None
        };
    }
    // "3pm", "9am", "10:30pm": a part of the day, as "7am" in the tables (but "my 7pm
    // post" is a post).
    if !matches!(
        after,
        "post" | "reel" | "photo" | "pic" | "video" | "carousel" | "story" | "upload"
    ) && word
        .strip_suffix("am")
        .or_else(|| word.strip_suffix("pm"))
        .is_some_and(|clock| {
            !clock.is_empty() && clock.chars().all(|c| c.is_ascii_digit() || c == ':')
        })
    {
        return Some(Role::PartOfDay);
    }
    if word
        .strip_suffix('k')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
    {
        return Some(Role::Milestone);
    }
    // "my ex's page", "my friend's account": someone else's account.
    if word.ends_with('s')
        && matches!(
            after,
            "page" | "account" | "acc" | "profile" | "insta" | "ig"
        )
        && !lookup.filler.contains(word)
        && !words::is_known(word)
    {
        return Some(Role::Unseen(Unseen::OtherAccount(None)));
    }
    // "what time does at glossier post" (a voice-typed @handle).
    if before == "at"
        && i >= 2
        && matches!(words[i - 2], "does" | "did" | "is" | "follows" | "of")
        && !lookup.filler.contains(word)
        && !words::is_known(word)
    {
        return Some(Role::Unseen(Unseen::OtherAccount(Some(word.to_owned()))));
    }
    if lookup.filler.contains(word)
        || words::is_known(word)
        || word
            .strip_suffix('s')
            .is_some_and(|singular| lookup.filler.contains(singular))
    {
        return Some(Role::Filler);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_are_cut_at_punctuation_but_not_in_numbers() {
        let Clauses {
            words,
            clause_of: clauses,
            questions,
            ..
        } = clause_words("september, how many posts? i was away - 1,000 likes");
        assert!(questions.contains(&1));
        assert_eq!(words[0], "september");
        assert_eq!(clauses[0], 0);
        assert_eq!(clauses[1], 1);
        assert!(words.contains(&"1,000".to_owned()));
        assert_eq!(*clauses.last().unwrap(), 3);
    }
}
