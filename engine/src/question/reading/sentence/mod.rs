//! A question as words, clauses and tokens: the words normalised and corrected
//! (`words/`), periods read first (`when/`) and their words set aside, every other word
//! or phrase looked up in the role tables (`lexicon/`), and the clauses that ask
//! something told from those that only tell.

mod asides;
mod clauses;
mod context;
mod not_periods;
mod roles;
mod run_on;
mod spoken;

use crate::question::lexicon::Role;
use crate::question::when::{self};
use crate::question::words;
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::cell::OnceCell;
use std::collections::HashSet;

pub(super) use clauses::{clause_words, Clauses, ASKING, ASKING_FIRST};
use context::reread_in_context;
pub(super) use not_periods::{introduces_a_name, SPEAKING};
pub(super) use roles::{role_of, LOOKUP};

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
    /// Whether something quoted reads as a buyer's comment.
    pub(super) quotes_a_buyer: bool,
    pub(super) mentions: Vec<when::Mention>,
    pub(super) tokens: Vec<Token>,
    pub(super) today: NaiveDate,
    /// Each clause's first word and the word after its last, by clause number.
    spans: Vec<(usize, usize)>,
    /// Whether each clause asks something, worked out once when first wanted: many
    /// readings ask it of every token, so a long message would otherwise cost its length
    /// cubed.
    asking: OnceCell<Vec<bool>>,
    /// Whether each clause only tells something beside the question, worked out once.
    telling: OnceCell<Vec<bool>>,
    /// Whether each clause tells a story beside the question, worked out once.
    stories: OnceCell<Vec<bool>>,
}

impl Sentence {
    /// What `work_out` says of a clause, worked out for every clause the first time any is
    /// wanted and kept in `cell`.
    fn once_per_clause(
        &self,
        cell: &OnceCell<Vec<bool>>,
        clause: usize,
        work_out: fn(&Sentence, usize) -> bool,
    ) -> bool {
        let each = cell.get_or_init(|| (0..self.spans.len()).map(|c| work_out(self, c)).collect());
        each.get(clause)
            .copied()
            .unwrap_or_else(|| work_out(self, clause))
    }

    pub(super) fn read(question: &str, today: NaiveDate, zone: Tz) -> Sentence {
        let Clauses {
            words: raw,
            clause_of: clauses,
            mut questions,
            sentences,
            quotes_a_buyer,
        } = clause_words(question);
        let (raw, clauses) = without_sign_off(raw, clauses);
        let (raw, clauses) = after_aside(raw, clauses);
        let (raw, clauses) = without_who_asks(raw, clauses);
        let (raw, clauses) = without_what_is_set_aside(raw, clauses);
        let tag = tag_question(&raw, &clauses);
        if let Some(tag) = &tag {
            questions.insert(tag.asks);
        }
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
                    // ("my most saved real", but "my real engagement")
                    "real"
                        if matches!(
                            before,
                            "my" | "latest"
                                | "last"
                                | "newest"
                                | "new"
                                | "best"
                                | "worst"
                                | "top"
                                | "saved"
                                | "liked"
                                | "viewed"
                                | "watched"
                                | "shared"
                                | "commented"
                                | "each"
                                | "per"
                        ) && !matches!(
                            after,
                            "engagement"
                                | "er"
                                | "rate"
                                | "reach"
                                | "followers"
                                | "follower"
                                | "numbers"
                                | "figures"
                                | "stats"
                                | "likes"
                                | "views"
                                | "saves"
                                | "comments"
                                | "shares"
                                | "audience"
                                | "count"
                                | "life"
                                | "name"
                        ) =>
                    {
                        "reel"
                    }
                    "pitchers" if matches!(before, "my" | "our" | "the") => "pictures",
                    // "my best post four the passed ninety days": for (not "top four posts").
                    "four"
                        if matches!(
                            before,
                            "post"
                                | "reel"
                                | "photo"
                                | "pic"
                                | "video"
                                | "carousel"
                                | "likes"
                                | "views"
                                | "reach"
                                | "saves"
                                | "shares"
                                | "comments"
                                | "engagement"
                                | "followers"
                        ) && matches!(
                            after,
                            "the" | "this" | "last" | "past" | "passed" | "my" | "our" | "each"
                        ) =>
                    {
                        "for"
                    }
                    // "how many did i loose", "loosing followers": the verb.
                    "loose" if matches!(before, "i" | "we" | "u" | "you" | "to" | "did") => "lose",
                    "loosing" | "loosed" => {
                        if words[at] == "loosing" {
                            "losing"
                        } else {
                            "lost"
                        }
                    }
                    // "how many comets": a letter dropped, counted as a figure is.
                    "comets"
                        if matches!(
                            before,
                            "many" | "more" | "most" | "less" | "fewer" | "and" | "no" | "any"
                        ) =>
                    {
                        "comments"
                    }
                    // "worst to reels past month": two of them.
                    "to" | "too"
                        if matches!(before, "worst" | "best" | "top" | "bottom")
                            && matches!(
                                after,
                                "reels" | "posts" | "photos" | "pics" | "videos" | "carousels"
                            ) =>
                    {
                        "two"
                    }
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
                && !refs[at].chars().all(|c| c.is_ascii_digit() || c == '.')
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
                // ("in the summer term? I mean June and July": the same time, said again.)
                let restates = |at: usize| {
                    matches!(
                        (refs.get(at + 1), refs.get(at + 2)),
                        (Some(&"i"), Some(&"mean")) | (Some(&("ie" | "namely" | "meaning")), _)
                    )
                };
                let end_within = (mention.start..mention.end.saturating_sub(1)).find(|&at| {
                    clauses[at] != clauses[at + 1] && ends_sentence(at) && !restates(at)
                });
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
        let told = mentions.len();
        let mentions: Vec<when::Mention> = mentions
            .into_iter()
            .filter(|m| !not_periods::names_no_period(&refs, m, told))
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
                // "how'd the new blend go down?": how it was received, when no figure is
                // named to fall ("how did my reach go down").
                let received = matches!(parts[..], ["go" | "went" | "gone", "down"])
                    && matches!(refs.first(), Some(&("how" | "howd" | "hows")))
                    && !refs.iter().any(|w| {
                        lookup
                            .single
                            .get(w)
                            .is_some_and(|r| matches!(r, Role::Metric(_) | Role::Followers))
                    });
                let role = if received { &Role::Performance } else { role };
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
        if let Some(tag) = &tag {
            for token in tokens.iter_mut().filter(|t| t.clause == tag.clause) {
                token.role = Some(Role::Filler);
            }
        }
        reread_in_context(&mut tokens, &words, quotes_a_buyer);
        let spans = clauses::spans(&clauses);
        Sentence {
            words,
            clauses,
            spans,
            asking: OnceCell::new(),
            telling: OnceCell::new(),
            stories: OnceCell::new(),
            questions,
            sentences,
            quotes_a_buyer,
            mentions,
            tokens,
            today,
        }
    }
}

/// A question tagged on to a statement ("I will get 5k followers next month, you think?"):
/// the statement is what is asked.
struct TagQuestion {
    /// The clause of the tag.
    clause: usize,
    /// The clause it makes a question.
    asks: usize,
}

fn tag_question(words: &[String], clauses: &[usize]) -> Option<TagQuestion> {
    let last = *clauses.last()?;
    let first_of_last = clauses.iter().position(|c| *c == last)?;
    let asks = clauses.get(first_of_last.checked_sub(1)?).copied()?;
    let tag: Vec<&str> = words[first_of_last..].iter().map(String::as_str).collect();
    matches!(
        tag.as_slice(),
        ["you", "think"]
            | ["do", "you", "think"]
            | ["dont", "you", "think"]
            | ["what", "do", "you", "think"]
            | ["wdyt"]
            | ["right"]
            | ["true"]
            | ["yes", "or", "no"]
            | ["or", "not"]
            | ["is", "it"]
            | ["isnt", "it"]
            | ["no"]
    )
    .then_some(TagQuestion { clause: last, asks })
}

/// The words after "anyway" that turns from a story to the question ("Been hauling a
/// sideboard all morning, back's killing me. Anyway — what was my best post …"): what came
/// before is an aside, unless the question points back into it ("… anyway, how did it do").
fn after_aside(mut words: Vec<String>, mut clauses: Vec<usize>) -> (Vec<String>, Vec<usize>) {
    let turns = |at: usize| {
        matches!(words[at].as_str(), "anyway" | "anyways" | "anyhow")
            && at > 0
            && (clauses[at - 1] != clauses[at]
                || (at > 1
                    && matches!(words[at - 1].as_str(), "but" | "so" | "ok" | "okay")
                    && clauses[at - 2] != clauses[at - 1]))
    };
    let Some(at) = (1..words.len()).rev().find(|&at| turns(at)) else {
        return (words, clauses);
    };
    let rest = &words[at + 1..];
    let points_back = rest
        .iter()
        .any(|word| matches!(word.as_str(), "it" | "those" | "them" | "they" | "then"));
    if rest.len() >= 3 && !points_back {
        words.drain(..=at);
        clauses.drain(..=at);
    }
    (words, clauses)
}

/// The words without who passed the request on ("layla says do it by saves instead", "my
/// boss says show her the reach"): what follows is the request, as if the asker made it.
fn without_who_asks(mut words: Vec<String>, mut clauses: Vec<usize>) -> (Vec<String>, Vec<usize>) {
    let says = (1..=3).find(|&at| {
        matches!(
            words.get(at).map(String::as_str),
            Some("says" | "said" | "wants" | "asked" | "asks")
        ) && matches!(
            words.get(at + 1).map(String::as_str),
            Some("do" | "make" | "show" | "give" | "sort" | "rank" | "redo" | "switch" | "try")
        ) && clauses[..=at].iter().all(|c| *c == clauses[0])
    });
    if let Some(at) = says {
        words.drain(..=at);
        clauses.drain(..=at);
    }
    (words, clauses)
}

/// The words without what "instead of" or "rather than" sets aside ("the whole of this
/// year instead of just the last few months", "measured against my followers rather than
/// against the people reached"): the rest of the clause, up to a verb that the two sides
/// share ("reels rather than carousels do better").
fn without_what_is_set_aside(
    mut words: Vec<String>,
    mut clauses: Vec<usize>,
) -> (Vec<String>, Vec<usize>) {
    while let Some(at) = (1..words.len()).find(|&at| {
        matches!(
            (words[at - 1].as_str(), words[at].as_str()),
            ("instead", "of") | ("rather", "than")
        ) && clauses[at - 1] == clauses[at]
    }) {
        // ("likes instead of reach": "instead" stays, a follow-up's word.)
        let start = if words[at - 1] == "instead" {
            at
        } else {
            at - 1
        };
        // ("rather than from what everyone else is doing": a clause of its own, verb and
        // all.)
        let relative = |k: usize| {
            words[at + 1..k]
                .iter()
                .any(|w| matches!(w.as_str(), "what" | "who" | "that" | "which"))
        };
        let end = (at + 1..words.len())
            .find(|&k| {
                clauses[k] != clauses[at]
                    || !relative(k)
                        && matches!(
                            words[k].as_str(),
                            "be" | "is"
                                | "are"
                                | "do"
                                | "does"
                                | "did"
                                | "work"
                                | "works"
                                | "perform"
                                | "performs"
                                | "better"
                                | "worse"
                                | "get"
                                | "gets"
                                | "got"
                        )
            })
            .unwrap_or(words.len());
        words.drain(start..end);
        clauses.drain(start..end);
    }
    (words, clauses)
}

/// The words without a letter's sign-off at the end ("… altogether? Yours faithfully,
/// Harold", "… Kind regards, Margaret"): a name and a courtesy, not part of the question.
fn without_sign_off(mut words: Vec<String>, mut clauses: Vec<usize>) -> (Vec<String>, Vec<usize>) {
    let signs_off = |at: usize| {
        let word = |k: usize| words.get(at + k).map_or("", String::as_str);
        matches!(word(0), "yours" | "regards" | "sincerely" | "faithfully")
            || matches!(
                (word(0), word(1)),
                ("kind" | "best" | "warm" | "warmest", "regards")
                    | ("best" | "warm", "wishes")
                    | ("many" | "with", "thanks")
            )
    };
    let start = (1..words.len())
        .find(|&at| clauses[at - 1] != clauses[at] && words.len() - at <= 6 && signs_off(at));
    if let Some(start) = start {
        words.truncate(start);
        clauses.truncate(start);
    }
    (words, clauses)
}
