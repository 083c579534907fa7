//! Clauses: a question cut at the punctuation that ends a clause, the words that ask, and
//! which clauses ask something and which only tell (a story, someone telling, a statement).

use crate::question::lexicon::Role;
use crate::question::words;
use std::collections::HashSet;

use super::roles::LOOKUP;
use super::Sentence;

/// A question's words, cut into clauses.
pub(in crate::question::reading) struct Clauses {
    pub(super) words: Vec<String>,
    /// The clause of each word.
    pub(super) clause_of: Vec<usize>,
    /// Clauses that end with a question mark.
    pub(super) questions: HashSet<usize>,
    /// Clauses that end a sentence that is no question ("." or "!").
    pub(super) sentences: HashSet<usize>,
    /// Whether something quoted reads as a buyer's comment ("people keep commenting 'how
    /// much'", "clients write \"how much for a 3 bedroom house\"").
    pub(super) quotes_a_buyer: bool,
}

/// Cuts at the punctuation that ends a clause, and reads each clause's words.
pub(in crate::question::reading) fn clause_words(question: &str) -> Clauses {
    let question = &super::spoken::spoken_punctuation(question);
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
                && (characters[at - 1].is_alphanumeric() || matches!(characters[at - 1], '?' | '!'))
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
        // ("keep an eye on my 'reach'", "how many 'likes', as she calls them": the account's
        // figure in scare quotes, still asked about; not "the sign for 'engagement'".)
        let quoted_words = words::words(&text);
        let a_figure = quoted_words.len() <= 3
            && words::words(&before).last().is_some_and(|word| {
                matches!(
                    word.as_str(),
                    "my"
                        | "our"
                        | "your"
                        | "the"
                        | "many"
                        | "much"
                        | "most"
                        | "more"
                        // ("something called an 'engagement rate'")
                        | "an"
                        | "a"
                        | "called"
                        | "this"
                        // ("I've heard people talk about \"engagement\" and I'm not sure
                        // what mine is")
                        | "about"
                )
            })
            && quoted_words.iter().any(|word| {
                matches!(
                    LOOKUP.single.get(word.as_str()),
                    Some(Role::Metric(_) | Role::Followers)
                )
            });
        said || a_figure
            || quoted_words
                .iter()
                .any(|word| matches!(LOOKUP.single.get(word.as_str()), Some(Role::Leads)))
    };
    let mut quotes_a_buyer = false;
    let quotes_lead = |from: usize, to: usize| {
        let text: String = characters[from..to.max(from)].iter().collect();
        crate::leads::is_lead(&text)
    };
    let mut single_quote_ends: Option<usize> = None;
    // The end of a quote in the message's last sentence: its "?" ends no clause ("asking
    // 'size?' in my comments"; but "someone commented \"price?\" under my reel. how many
    // likes did it get?" keeps its two questions).
    let mut buyers_quote_ends: Option<usize> = None;
    let last_sentence = |end: usize| !characters[end..].iter().any(|c| matches!(c, '.' | '!'));
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
            if let Some(end) = closing_single(index + 2) {
                quotes_a_buyer |= quotes_lead(index + 1, end);
                buyers_quote_ends = Some(end).filter(|&end| last_sentence(end));
            }
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
            if !quoted {
                if let Some(end) = closing {
                    quotes_a_buyer |= quotes_lead(index + 1, end);
                    buyers_quote_ends = Some(end).filter(|&end| last_sentence(end));
                }
            }
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
        // ("last week Mon–Sun": between weekdays too.)
        let months_around = || {
            let weekday = |word: String| word.parse::<chrono::Weekday>().is_ok();
            (crate::period::month_number(&word_before()).is_some()
                && crate::period::month_number(&word_after()).is_some())
                || (weekday(word_before()) && weekday(word_after()))
        };
        // "Jan 1 – Feb 14": a month and its day after a day.
        let month_and_day_after =
            || crate::question::words::month_then_day(characters[index + 1..].iter().copied());
        let dates_around = || digit_before && month_and_day_after();
        if matches!(c, '—' | '–')
            && ((digit_after && day_and_month_before()) || months_around() || dates_around())
        {
            piece.push_str(if before == ' ' { " - " } else { "-" });
            continue;
        }
        // "02/11 - 08/11": a spaced hyphen between dates is a range too.
        if *c == '-'
            && before == ' '
            && next == ' '
            && ((digit_after && (digit_before || day_and_month_before())) || dates_around())
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
        // "… since the 1st 😩 feel like it's flopping": an emoji between words ends a
        // clause, as a comma would.
        let emoji = (*c as u32) >= 0x1F000 || (0x2600..=0x27BF).contains(&(*c as u32));
        if emoji
            && characters[index + 1..]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| c.is_alphanumeric())
        {
            flush(&mut piece, &mut clause, ',');
            continue;
        }
        // "KW 46 vs. KW 45", "approx. 20": an abbreviation's dot, not an end.
        let abbreviated = *c == '.'
            && matches!(
                piece.rsplit(' ').next().map(str::to_lowercase).as_deref(),
                Some("vs" | "v" | "approx" | "incl" | "ca" | "resp" | "nr")
            )
            // "since Sept. 1", "Nov. 3rd": a month's short name before its day.
            || *c == '.'
                && matches!(
                    piece.rsplit(' ').next().map(str::to_lowercase).as_deref(),
                    Some(
                        "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept"
                            | "oct" | "nov" | "dec"
                    )
                )
                && characters[index + 1..]
                    .iter()
                    .find(|c| !c.is_whitespace())
                    .is_some_and(|c| c.is_ascii_digit());
        // "17. mai", "3. Oktober": a day's ordinal dot before its month.
        let ordinal_day = *c == '.'
            && piece.rsplit(' ').next().is_some_and(|w| {
                (1..=2).contains(&w.len()) && w.chars().all(|d| d.is_ascii_digit())
            })
            && {
                let after: String = characters[index + 1..]
                    .iter()
                    .collect::<String>()
                    .to_lowercase();
                let mut next_words = after.split_whitespace();
                let month = next_words
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(|c: char| !c.is_alphabetic());
                // ("I have 2. May I ask …": the verb.)
                let asking =
                    month == "may" && matches!(next_words.next(), Some("i" | "we" | "you"));
                !asking && (month == "mai" || crate::question::words::is_month_name(month))
            };
        if abbreviated || ordinal_day {
            continue;
        }
        if buyers_quote_ends.is_some_and(|end| index < end) && matches!(c, '?' | '!' | '.') {
            piece.push(' ');
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
    super::run_on::cut_run_ons(&all, &mut clauses, &mut questions, &mut sentences);
    Clauses {
        words: all,
        clause_of: clauses,
        questions,
        sentences,
        quotes_a_buyer,
    }
}

/// Words that mark a question or a request wherever they stand.
pub(in crate::question::reading) const ASKING: &[&str] = &[
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
pub(in crate::question::reading) const ASKING_FIRST: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "should", "has",
    "have", "am",
];

impl Sentence {
    /// Whether the words between two positions ask something: a question word, a clause
    /// that starts like a question, or one that ends with a question mark.
    pub(in crate::question::reading) fn asks_in(&self, from: usize, to: usize) -> bool {
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
            // "our buyers are tradesmen who scroll at lunch": who, told of a group (not
            // "the people who comment most", which asks for them).
            let relative_who = word == "who"
                && !clause_start
                && at > 0
                && self.words[at - 1].len() > 3
                && (self.words[at - 1].ends_with('s')
                    || self
                        .tokens
                        .iter()
                        .any(|t| t.at == at - 1 && t.role.is_none())
                    // ("a mate of mine who does roofing reckons …")
                    || matches!(
                        self.words[at - 1].as_str(),
                        "mine" | "ours" | "mate" | "friend" | "neighbour" | "neighbor" | "cousin"
                    )
                    || crate::question::lexicon::GROUPS_TOLD_OF
                        .contains(&self.words[at - 1].as_str()))
                && !matches!(
                    self.words[at - 1].as_str(),
                    "people"
                        | "ones"
                        | "followers"
                        | "fans"
                        | "accounts"
                        | "folks"
                        | "those"
                        | "users"
                        | "commenters"
                        | "customers"
                        | "buyers"
                        | "guys"
                        | "girls"
                        | "kids"
                        | "whats"
                        | "thats"
                        | "is"
                        | "was"
                        | "knows"
                );
            // "tourists buy my tiles and send them home", "we check it daily": a request
            // word with someone doing it, told.
            let told_request = matches!(
                word,
                "show"
                    | "tell"
                    | "give"
                    | "list"
                    | "pull"
                    | "send"
                    | "find"
                    | "check"
                    | "rank"
                    | "sort"
                    | "compare"
            ) && !clause_start
                && at > 0
                && match self.words[at - 1].as_str() {
                    "i" | "we" | "they" | "he" | "she" | "people" | "customers" | "buyers"
                    | "clients" | "students" | "followers" | "fans" | "users" | "patients"
                    | "guests" | "members" | "readers" | "viewers" | "parents" | "everyone"
                    | "everybody" | "most" => true,
                    "and" | "then" => matches!(
                        self.words.get(at + 1).map(String::as_str),
                        Some("them" | "it" | "their" | "his" | "her")
                    ),
                    // "I no get time to check all the comments": no time for it, told.
                    "to" => {
                        at >= 2
                            && matches!(
                                self.words[at - 2].as_str(),
                                "time" | "chance" | "energy" | "patience"
                            )
                    }
                    _ => false,
                };
            // "video reel is better or carousel is better, for saving?": a choice asked.
            let earlier_in_clause = || {
                (0..at)
                    .rev()
                    .take_while(move |k| self.clauses[*k] == self.clauses[at])
                    .map(|k| self.words[k].as_str())
            };
            let choice = word == "or"
                && earlier_in_clause().any(|w| matches!(w, "better" | "worse" | "best" | "worst"));
            // "nobody is seeing them any more": no longer, told.
            let no_longer = word == "any"
                && matches!(
                    self.words.get(at + 1).map(String::as_str),
                    Some("more" | "longer")
                )
                && earlier_in_clause().any(|w| crate::question::lexicon::NEGATING.contains(&w));
            // "the kids keep arguing about whose photo was best. Which post …?": a question
            // told about, in a sentence that ends with no question mark, beside one asked.
            let told_about = !clause_start
                && at > 0
                && matches!(self.words[at - 1].as_str(), "about" | "over")
                && self.sentences.contains(&self.clauses[at])
                && !self.questions.is_empty();
            // ("… and now I'm curious... which post got the most saves?": the question is
            // the clause after.)
            let leads_in = matches!(word, "curious" | "wondering")
                && self.clauses.get(at + 1) != Some(&self.clauses[at]);
            choice
                || (ASKING.contains(&word)
                    && !leads_in
                    && !told_about
                    && !no_longer
                    && !relative
                    && !relative_who
                    && !told_request
                    && !self.named_thing(at))
                || (ASKING_FIRST.contains(&word) && clause_start)
                // ("…, and also whether that number has gone up": a second question put
                // indirectly; not "I'm wondering, gently, whether …".)
                || (word == "whether"
                    && clause_start
                    && at > 0
                    && matches!(self.words[at - 1].as_str(), "and" | "also"))
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
        // ("… for our students. Show me …": a request that opens its clause.)
        if at == 0
            || !REQUESTS.contains(&self.words[at].as_str())
            || self.clauses[at - 1] != self.clauses[at]
        {
            return false;
        }
        DETERMINERS.contains(&self.words[at - 1].as_str())
            || self
                .tokens
                .iter()
                .any(|t| t.at == at - 1 && t.role.is_none())
    }

    /// Where a clause's words start and end.
    pub(super) fn clause_span(&self, clause: usize) -> (usize, usize) {
        self.spans.get(clause).copied().unwrap_or((0, 0))
    }

    /// Whether a clause tells a story beside the question: a statement that ends a sentence
    /// or has someone doing something ("Sold 3 houses this year!", "my friend grows faster
    /// than me"), not a phrase the question is about ("Leads from Black Friday, any we never
    /// replied to?").
    pub(in crate::question::reading) fn story(&self, clause: usize) -> bool {
        self.once_per_clause(&self.stories, clause, Self::works_out_a_story)
    }

    fn works_out_a_story(&self, clause: usize) -> bool {
        // A verb after its subject; one that starts the clause continues the sentence before
        // ("which video (not reels) got the most views").
        const VERBS: &[&str] = &[
            "is",
            "are",
            "was",
            "were",
            "has",
            "have",
            "had",
            "been",
            "keeps",
            "kept",
            "gets",
            "got",
            "went",
            "goes",
            "did",
            "does",
            "made",
            "makes",
            "sold",
            "said",
            "says",
            "asked",
            "wants",
            "needs",
            "told",
            "its",
            "thats",
            "feels",
            "seems",
            "looks",
            "get",
            // ("my dunks pic flopped hard, whats my worst post this week")
            "flopped",
            "tanked",
            "bombed",
            "underperformed",
            "blew",
            "smashed",
            "killed",
            // ("the bakery down the road opened late but anyway whats my reach")
            "opened",
            "closed",
            "shut",
        ];
        // "Posted the Leonids reel last night": a clause that opens with what the asker did.
        // ("…, switched from talking-head videos to reels in the summer, …")
        const DONE: &[&str] = &[
            "posted", "uploaded", "dropped", "shared", "filmed", "switched", "started", "moved",
            "changed", "tried", "launched", "began", "stopped", "paused",
        ];
        // ("my best post for November, the one people like most": which post is asked
        // for, said again.)
        let (start, _) = self.clause_span(clause);
        let says_which_again = start > 0
            && self.words.get(start).is_some_and(|w| w == "the")
            && self.words.get(start + 1).is_some_and(|w| w == "one");
        if !self.statement(clause) || says_which_again {
            return false;
        }
        // ("which weekday is best? for likes i mean": what is asked, said again; "the reel
        // was meant to do big numbers" tells.)
        let (_, end) = self.clause_span(clause);
        let says_what_it_means = (start..end).any(|at| {
            self.words[at] == "mean"
                || (self.words[at] == "meant" && at > 0 && self.words[at - 1] == "i")
        });
        if says_what_it_means {
            return false;
        }
        if self.someone_tells(clause) {
            return true;
        }
        let mut words = self.words[start..end].iter().map(String::as_str);
        // ("… today? just posted the fall collection this morning")
        let first = match words.next() {
            Some("just") => words.next(),
            first => first,
        };
        if first.is_some_and(|first| DONE.contains(&first)) {
            return true;
        }
        // "Delivery of discus arrived this morning": a verb in the past Pulse does not know.
        words.any(|word| {
            VERBS.contains(&word)
                || (word.len() > 4
                    && word.ends_with("ed")
                    && !crate::question::words::is_known(word))
        })
    }

    /// Whether a statement clause is a sentence of its own or has someone in it ("I suspect
    /// it's the staff picks photos", "we did a reel on the 9th"): what it names is told.
    pub(in crate::question::reading) fn someone_tells(&self, clause: usize) -> bool {
        self.statement(clause)
            && ((self.sentences.contains(&clause) && !self.lists_figures(clause))
                || self.names_someone(clause))
    }

    /// Whether a clause names someone, or the asker's business, doing something ("we did a
    /// reel on the 9th", "my wife set it up", "the shop was shut").
    pub(in crate::question::reading) fn names_someone(&self, clause: usize) -> bool {
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
            "buyers",
            "regulars",
            "members",
            "parents",
            // ("my page is literally just mushroom memes and foraging pics 🍄 how many
            // views …": the page told of.)
            "patients",
            "page",
            "feed",
            "account",
            "brand",
            "business",
            "shop",
            "band",
            "studio",
            "salon",
            // ("My wife make the Instagram for me last year": who set it up, told.)
            "wife",
            "husband",
            "partner",
            "sister",
            "brother",
            "son",
            "daughter",
            "granddaughter",
            "grandson",
            "mum",
            "mom",
            "dad",
        ];
        self.words
            .iter()
            .zip(&self.clauses)
            .any(|(word, c)| *c == clause && SUBJECTS.contains(&word.as_str()))
    }

    /// Whether a clause is a statement beside a question ("…? I live in Berlin"): it asks
    /// nothing while another clause does. In a question of noun phrases ("Follower count,
    /// and top 3 posts by reach") no clause is a statement.
    pub(in crate::question::reading) fn statement(&self, clause: usize) -> bool {
        self.once_per_clause(&self.telling, clause, Self::works_out_whether_it_tells)
    }

    fn works_out_whether_it_tells(&self, clause: usize) -> bool {
        let last = self.clauses.last().copied().unwrap_or(0);
        last > 0
            && !self.clause_asks(clause)
            && !self.lists_figures(clause)
            && (0..=last).any(|c| self.clause_asks(c))
    }

    /// Whether a clause only lists figures ("Reach last week. Also …", "Impressions and
    /// reach for last month, both totals please", "my average reach per post, and my
    /// engagement rate, for …"): asked, as a note is, though no word in it asks; it tells
    /// nothing.
    fn lists_figures(&self, clause: usize) -> bool {
        use crate::question::lexicon::Role;
        let in_clause = || self.tokens.iter().filter(|t| t.clause == clause);
        let (start, end) = self.clause_span(clause);
        let someone = self.words[start..end].iter().any(|word| {
            matches!(
                word.as_str(),
                "i" | "we" | "im" | "ive" | "weve" | "they" | "he" | "she" | "it" | "its"
            )
        });
        !someone
            && in_clause().any(|t| matches!(t.role, Some(Role::Metric(_))))
            && in_clause().all(|t| {
                matches!(
                    t.role,
                    Some(
                        Role::Metric(_)
                            | Role::Joiner
                            | Role::Filler
                            | Role::Media(_)
                            | Role::Posts
                            | Role::Average
                            | Role::Total
                            // ("WoW on saves and shares, can you pull both?")
                            | Role::OverPrevious(_)
                    )
                ) && !matches!(t.text.as_str(), "got" | "had" | "get" | "have" | "has")
            })
    }
}

/// Each clause's first word and the word after its last, by clause number; a clause
/// with no words left is `(0, 0)`.
pub(super) fn spans(clause_of: &[usize]) -> Vec<(usize, usize)> {
    let count = clause_of.iter().max().map_or(0, |last| last + 1);
    let mut spans: Vec<Option<(usize, usize)>> = vec![None; count];
    for (at, clause) in clause_of.iter().enumerate() {
        let span = &mut spans[*clause];
        *span = Some(span.map_or((at, at + 1), |(start, _)| (start, at + 1)));
    }
    spans
        .into_iter()
        .map(|span| span.unwrap_or((0, 0)))
        .collect()
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

    #[test]
    fn punctuation_spoken_to_voice_typing_cuts_clauses() {
        let spoken = clause_words("how many likes in may comma i was away full stop ok");
        let written = clause_words("how many likes in may, i was away. ok");
        assert_eq!(spoken.words, written.words);
        assert_eq!(spoken.clause_of, written.clause_of);
        assert_eq!(spoken.sentences, written.sentences);
        let asked = clause_words("how many likes question mark");
        assert_eq!(asked.words, ["how", "many", "likes"]);
        assert!(asked.questions.contains(&0));
    }
}
