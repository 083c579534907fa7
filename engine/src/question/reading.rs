//! Reading a question: every word gets a role, the roles make a frame, the frame a query.
//!
//! 1. The words are normalised and typos corrected (`words.rs`); periods are read first
//!    (`when.rs`) and their words set aside.
//! 2. Every other word or phrase is looked up in the role tables (`lexicon.rs`): a role, a
//!    number, known filler, or unknown.
//! 3. The roles are gathered into [`Signals`], and [`decide`] builds the frame: first what
//!    cannot be seen (another account, TikTok, the future), then the subject from the most
//!    specific to the most general (hashtags, followers' places, online hours, posting time,
//!    weekdays, parts of the day, post types, buyers, the newest post, commenters,
//!    frequency, advice, trends, comparisons, followers, rankings, means, counts, totals,
//!    rates, the overview), each needing the roles that make it, never one keyword alone.
//! 4. A question that joins two questions ("followers now and my top reel") is read as two
//!    parts; a question that only refines ("and in October?") refines the previous query.
//! 5. An unknown word next to what the question is about ("how did the *giveaway* post do")
//!    makes Pulse ask; one in a clause of background ("I was travelling") is named as unused.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::frame::{Frame, Kind};
use super::lexicon::{self, PeriodUnit, Role, Unseen};
use super::when::{self, When};
use super::words;
use super::{Audience, Clarification, Missing, NotUnderstood, Parsed, Query, RateBasis};
use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use chrono::Datelike;

/// The role tables as lookups: single words, and phrases by their first word.
struct Lookup {
    single: HashMap<&'static str, Role>,
    phrases: HashMap<&'static str, Vec<(Vec<&'static str>, Role)>>,
    filler: HashSet<&'static str>,
}

static LOOKUP: LazyLock<Lookup> = LazyLock::new(|| {
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
struct Token {
    /// `None`: a word Pulse does not know.
    role: Option<Role>,
    /// The word(s) as read.
    text: String,
    /// The position of its first word.
    at: usize,
    /// The clause it is in (clauses are cut at punctuation).
    clause: usize,
}

/// A question, read into words, clauses, periods and tokens.
struct Sentence {
    words: Vec<String>,
    clauses: Vec<usize>,
    /// Clauses that end with a question mark.
    questions: HashSet<usize>,
    mentions: Vec<when::Mention>,
    tokens: Vec<Token>,
    today: NaiveDate,
}

/// Cuts at the punctuation that ends a clause, and reads each clause's words.
fn clause_words(question: &str) -> (Vec<String>, Vec<usize>, HashSet<usize>) {
    let mut all = Vec::new();
    let mut clauses = Vec::new();
    let mut questions = HashSet::new();
    let mut clause = 0;
    let mut piece = String::new();
    let mut flush = |piece: &mut String, clause: &mut usize, question: bool| {
        let words = words::words(piece);
        if !words.is_empty() {
            clauses.extend(std::iter::repeat_n(*clause, words.len()));
            all.extend(words);
            if question {
                questions.insert(*clause);
            }
            *clause += 1;
        }
        piece.clear();
    };
    let characters: Vec<char> = question.chars().collect();
    for (index, c) in characters.iter().enumerate() {
        let next = characters.get(index + 1).copied().unwrap_or(' ');
        let before = if index > 0 {
            characters[index - 1]
        } else {
            ' '
        };
        let ends = matches!(c, '?' | '!' | ';' | '(' | ')' | '—' | '–' | ':')
            || (*c == ',' && !(before.is_ascii_digit() && next.is_ascii_digit()))
            || (*c == '.' && !(before.is_ascii_digit() && next.is_ascii_digit()) && next == ' ')
            || (*c == '-' && before == ' ' && next == ' ');
        if ends {
            flush(&mut piece, &mut clause, *c == '?');
        } else {
            piece.push(*c);
        }
    }
    flush(&mut piece, &mut clause, false);
    (all, clauses, questions)
}

/// Words that mark a question or a request wherever they stand.
const ASKING: &[&str] = &[
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
const ASKING_FIRST: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "should", "has",
    "have", "am",
];

impl Sentence {
    /// Whether the words between two positions ask something: a question word, a clause
    /// that starts like a question, or one that ends with a question mark.
    fn asks_in(&self, from: usize, to: usize) -> bool {
        let lead_in = [
            "so", "ok", "okay", "and", "but", "um", "uh", "also", "hey", "quick", "then",
        ];
        (from..to.min(self.words.len())).any(|at| {
            let word = self.words[at].as_str();
            let clause_start = (0..at)
                .rev()
                .take_while(|k| self.clauses[*k] == self.clauses[at])
                .all(|k| lead_in.contains(&self.words[k].as_str()));
            ASKING.contains(&word)
                || (ASKING_FIRST.contains(&word) && clause_start)
                || self.questions.contains(&self.clauses[at])
        })
    }

    /// Whether a clause asks something. A clause of purpose ("trying to figure out when to
    /// post") says why the question is asked.
    fn clause_asks(&self, clause: usize) -> bool {
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

    /// Whether a clause is a statement beside a question ("…? I live in Berlin"): it asks
    /// nothing while another clause does. In a question of noun phrases ("Follower count,
    /// and top 3 posts by reach") no clause is a statement.
    fn statement(&self, clause: usize) -> bool {
        let last = self.clauses.last().copied().unwrap_or(0);
        last > 0 && !self.clause_asks(clause) && (0..=last).any(|c| self.clause_asks(c))
    }
}

impl Sentence {
    fn read(question: &str, today: NaiveDate, zone: Tz) -> Sentence {
        let (raw, clauses, questions) = clause_words(question);
        let words: Vec<String> = raw
            .into_iter()
            .map(|word| match words::correct(&word) {
                Some(known) => known.to_owned(),
                None => word,
            })
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let mentions = when::mentions(&refs, today, when::southern(zone));
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
            mentions,
            tokens,
            today,
        }
    }
}

/// The role of one word (no phrase matched it).
fn role_of(words: &[&str], i: usize, lookup: &Lookup) -> Option<Role> {
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
                || matches!(after, "count" | "counts");
            return Some(if metric {
                Role::Metric(Metric::Likes)
            } else {
                Role::Filler
            });
        }
        // "win" and "won" are followers gained only beside followers ("who won the game").
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
        // "last" without a period or a post after it changes nothing ("compared to last").
        "last" => return Some(Role::Filler),
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

/// What the roles of a part of the question say.
#[derive(Debug, Default, Clone)]
struct Signals {
    metrics: Vec<Metric>,
    media: Vec<MediaKind>,
    /// Whether the first post noun is plural ("posts") or singular ("post").
    plural: Option<bool>,
    posts: bool,
    publish: bool,
    followers: bool,
    /// "who", "usernames": people by name.
    who: bool,
    /// "people", "anyone": people as a crowd.
    people: bool,
    commenters: bool,
    hashtags: bool,
    caption: bool,
    highest: bool,
    lowest: bool,
    more: bool,
    less: bool,
    how_many: bool,
    total: bool,
    average: bool,
    rate: bool,
    compare: bool,
    over: Option<PeriodUnit>,
    gain: bool,
    /// "grow", "growth": followers gained, even without the word "followers".
    grow: bool,
    loss: bool,
    change: bool,
    trend: bool,
    when: bool,
    time: bool,
    online: bool,
    place: bool,
    age: bool,
    gender: bool,
    leads: bool,
    latest: bool,
    saying: bool,
    frequency: bool,
    advice: bool,
    overview: bool,
    performance: bool,
    part_of_day: bool,
    day_of_week: bool,
    format: bool,
    unseen: Vec<Unseen>,
    now: bool,
    negation: bool,
    follow_up: bool,
    reference: bool,
    /// "mine", "me": the account itself, after a question about another.
    mine: bool,
    number: Option<u32>,
    milestone: bool,
    see: bool,
    which_one: bool,
    by_followers: bool,
    unknown: Vec<(String, usize)>,
    /// Words set aside ("views, not likes"): not asked about.
    ignored: Vec<usize>,
    /// A topic that is no question about an account.
    off_topic: bool,
    /// "how did my reels do", "how is it going": how something did.
    how_did: bool,
    /// Roles that decide a kind (not the metric, an order, a number or a caption, which a
    /// follow-up may bring alone).
    kind_heads: usize,
}

impl Signals {
    /// Whether anything in the part is about the account at all.
    fn on_topic(&self) -> bool {
        self.kind_heads > 0
            || !self.metrics.is_empty()
            || !self.media.is_empty()
            || self.posts
            || self.followers
            || self.commenters
            || self.highest
            || self.lowest
            || self.change
            || self.trend
            || self.how_many
            || !self.unseen.is_empty()
    }

    /// Whether the part names what it is about: posts, a type, a metric, the followers.
    fn subject(&self) -> bool {
        self.posts || !self.media.is_empty() || !self.metrics.is_empty() || self.followers
    }
}

/// A part of the question: some of its tokens and periods.
struct Part<'s> {
    sentence: &'s Sentence,
    tokens: Vec<&'s Token>,
    mentions: Vec<&'s when::Mention>,
}

/// Words that ask who someone is, by name.
const NAMING: &[&str] = &["who", "whos", "whom", "usernames", "names", "handles"];

impl<'s> Part<'s> {
    fn whole(sentence: &'s Sentence) -> Part<'s> {
        Part::between(sentence, 0, sentence.words.len())
    }

    /// The part between two word positions.
    fn between(sentence: &'s Sentence, from: usize, to: usize) -> Part<'s> {
        Part {
            sentence,
            tokens: sentence
                .tokens
                .iter()
                .filter(|t| t.at >= from && t.at < to)
                .collect(),
            mentions: sentence
                .mentions
                .iter()
                .filter(|m| m.start >= from && m.start < to)
                .collect(),
        }
    }

    fn word(&self, at: usize) -> &str {
        self.sentence.words.get(at).map_or("", String::as_str)
    }

    fn token_at(&self, at: usize) -> Option<&'s Token> {
        self.tokens.iter().find(|t| t.at == at).copied()
    }

    fn signals(&self) -> Signals {
        let mut s = Signals::default();
        // "didn't get any saves": the fewest. "not stories", "forget facebook": set aside.
        let mut negated_until = 0usize;
        let mut dismissed: Option<(usize, usize)> = None;
        let tokens = &self.tokens;
        for (index, token) in tokens.iter().enumerate() {
            let Some(role) = &token.role else {
                s.unknown.push((token.text.clone(), token.at));
                continue;
            };
            let negated = token.at < negated_until;
            let set_aside = dismissed.is_some_and(|(clause, at)| {
                token.clause == clause && token.at > at && token.at <= at + 3
            });
            let dismissed_clause = dismissed.is_some_and(|(clause, _)| token.clause == clause);
            match role {
                Role::Metric(metric) => {
                    if set_aside {
                        s.ignored.push(token.at);
                        continue;
                    }
                    if !s.metrics.contains(metric) {
                        s.metrics.push(*metric);
                    }
                    if negated {
                        s.lowest = true;
                    }
                }
                Role::Media(kind) => {
                    if set_aside {
                        s.ignored.push(token.at);
                        continue;
                    }
                    if !s.media.contains(kind) {
                        s.media.push(*kind);
                    }
                    s.plural.get_or_insert(token.text.ends_with('s'));
                }
                Role::Posts => {
                    s.posts = true;
                    let before = self.word(token.at.saturating_sub(1));
                    // "when should I post", "did I even post": the verb.
                    if token.text == "post"
                        && token.at > 0
                        && matches!(
                            before,
                            "i" | "to"
                                | "should"
                                | "we"
                                | "you"
                                | "did"
                                | "do"
                                | "always"
                                | "even"
                                | "actually"
                                | "usually"
                                | "can"
                                | "ever"
                        )
                    {
                        s.publish = true;
                    } else if !matches!(token.text.as_str(), "content" | "feed" | "grid") {
                        s.plural.get_or_insert(token.text.ends_with('s'));
                    }
                }
                Role::Publish => s.publish = true,
                Role::Followers => {
                    let before = self.word(token.at.saturating_sub(1));
                    if matches!(before, "by" | "per" | "with" | "relative") {
                        s.by_followers = true;
                    } else {
                        s.followers = true;
                    }
                }
                Role::People => {
                    let before = self.word(token.at.saturating_sub(1));
                    // "people who see my posts": "who" joins a clause, it does not ask.
                    let relative = matches!(token.text.as_str(), "who" | "whos")
                        && matches!(
                            before,
                            "people"
                                | "ppl"
                                | "persons"
                                | "ones"
                                | "followers"
                                | "accounts"
                                | "those"
                                | "anyone"
                                | "everyone"
                                | "customers"
                                | "users"
                        );
                    if relative {
                        continue;
                    }
                    if NAMING.contains(&token.text.as_str())
                        || (before == "which" && token.text != "anyone")
                    {
                        s.who = true;
                    } else {
                        s.people = true;
                    }
                }
                Role::Commenters => {
                    s.commenters = true;
                    s.plural.get_or_insert(token.text.ends_with('s'));
                }
                Role::Hashtags => s.hashtags = true,
                Role::Caption => s.caption = true,
                Role::Highest => {
                    s.highest = true;
                    let next = self.word(token.at + 1);
                    // "top for reels": four (voice typing); "the top one": one.
                    if matches!(next, "for" | "to")
                        && s.number.is_none()
                        && tokens.get(index + 2).is_some_and(|t| {
                            matches!(t.role, Some(Role::Posts | Role::Media(_)))
                                && t.at == token.at + 2
                        })
                    {
                        s.number = Some(if next == "for" { 4 } else { 2 });
                    }
                    if (next == "one" || token.text == "top one") && s.number.is_none() {
                        s.number = Some(1);
                    }
                }
                Role::Lowest => {
                    s.lowest = true;
                    if self.word(token.at + 1) == "one" && s.number.is_none() {
                        s.number = Some(1);
                    }
                }
                Role::More => s.more = true,
                Role::Less => s.less = true,
                Role::HowMany => s.how_many = true,
                Role::Total => s.total = true,
                Role::Average => s.average = true,
                Role::Rate => s.rate = true,
                Role::Compare => s.compare = true,
                Role::OverPrevious(unit) => {
                    s.over = Some(*unit);
                    s.compare = true;
                }
                Role::Gain => {
                    s.gain = true;
                    if token.text.contains("follow") {
                        s.followers = true;
                    }
                    if token.text.starts_with("grow") || token.text == "grew" {
                        s.grow = true;
                    }
                }
                Role::Loss => s.loss = true,
                Role::Change => s.change = true,
                Role::Trend => s.trend = true,
                Role::When => s.when = true,
                Role::Time => s.time = true,
                Role::Online => {
                    // "I was not online at all": not asked about.
                    if !set_aside && !negated {
                        s.online = true;
                    }
                }
                Role::Where => s.place = true,
                Role::Age => s.age = true,
                Role::Gender => s.gender = true,
                Role::Leads => {
                    // "shipping", "sizes", "price": buyers only where comments or asking
                    // are in the question ("thinking about international shipping" is not).
                    let weak = matches!(
                        token.text.as_str(),
                        "shipping"
                            | "ship"
                            | "sizes"
                            | "interested"
                            | "price"
                            | "prices"
                            | "pricing"
                            | "ordering"
                    );
                    if !weak || self.about_comments() {
                        s.leads = true;
                    }
                }
                Role::Latest => {
                    // "latest" alone is the newest post only where posts or comments are
                    // asked about ("the latest news on the election" is not).
                    let bare = matches!(token.text.as_str(), "latest" | "newest");
                    let about_posts = self.tokens.iter().any(|t| {
                        matches!(
                            t.role,
                            Some(Role::Posts | Role::Media(_) | Role::Saying | Role::Commenters)
                        ) || matches!(t.role, Some(Role::Metric(_)))
                            || (matches!(t.role, Some(Role::People))
                                && NAMING.contains(&t.text.as_str()))
                    });
                    if bare && !about_posts {
                        continue;
                    }
                    s.latest = true;
                    if let Some(kind) = latest_media(&token.text) {
                        if !s.media.contains(&kind) {
                            s.media.push(kind);
                        }
                        s.plural.get_or_insert(false);
                    }
                    if token.text.contains("post") || token.text.contains("upload") {
                        s.posts = true;
                        s.plural.get_or_insert(false);
                    }
                }
                Role::Saying => s.saying = true,
                Role::Frequency => {
                    s.frequency = true;
                    if token.text.contains("post") {
                        s.publish = true;
                    }
                }
                Role::Advice => {
                    // "should" is advice about posting only beside posts ("how often should a
                    // doodle be brushed" is not).
                    let about_posting = self.tokens.iter().any(|t| {
                        matches!(
                            t.role,
                            Some(
                                Role::Posts
                                    | Role::Publish
                                    | Role::Media(_)
                                    | Role::Format
                                    | Role::Metric(_)
                                    | Role::Hashtags
                            )
                        )
                    });
                    if token.text != "should" || about_posting {
                        s.advice = true;
                    }
                }
                Role::Overview => s.overview = true,
                Role::Performance => {
                    s.performance = true;
                    // "how is it going", "how did my reels perform": a question of how
                    // something did.
                    if self.sentence.words[..token.at]
                        .iter()
                        .zip(&self.sentence.clauses)
                        .any(|(w, c)| {
                            matches!(w.as_str(), "how" | "hows" | "howd") && *c == token.clause
                        })
                    {
                        s.how_did = true;
                    }
                }
                Role::PartOfDay => s.part_of_day = true,
                Role::DayOfWeek => s.day_of_week = true,
                Role::Format => s.format = true,
                Role::Unseen(unseen) => {
                    if !dismissed_clause {
                        s.unseen.push(unseen.clone());
                    }
                }
                Role::Now => s.now = true,
                Role::Negation => {
                    s.negation = true;
                    negated_until = token.at + 4;
                }
                Role::Dismiss => dismissed = Some((token.clause, token.at)),
                Role::FollowUp => s.follow_up = true,
                Role::Reference => {
                    s.reference = true;
                    if matches!(token.text.as_str(), "one" | "which one") {
                        s.which_one = true;
                    }
                }
                Role::Number(n) => {
                    // A count stands by what is counted ("top 5", "5 best reels", "10
                    // commenters"), not by other things ("I dropped 4 flash sheets").
                    let counts = |t: Option<&&Token>| {
                        t.is_some_and(|t| {
                            matches!(
                                t.role,
                                Some(
                                    Role::Highest
                                        | Role::Lowest
                                        | Role::Posts
                                        | Role::Media(_)
                                        | Role::Commenters
                                        | Role::People
                                        | Role::Latest
                                        | Role::Metric(_)
                                )
                            )
                        })
                    };
                    let near = counts(tokens.get(index + 1))
                        || (index > 0 && counts(tokens.get(index - 1)))
                        || matches!(
                            self.word(token.at.saturating_sub(1)),
                            "top" | "best" | "show" | "me" | "first" | "bottom" | "worst" | "the"
                        )
                        || tokens.len() <= 3;
                    if s.number.is_none() && near {
                        s.number = Some(*n);
                    }
                }
                Role::Milestone => s.milestone = true,
                Role::OffTopic => s.off_topic = true,
                Role::Joiner => {}
                Role::Filler => match token.text.as_str() {
                    // "avg saves per carousel", "likes on each post"
                    "per" | "each"
                        if tokens.get(index + 1).is_some_and(|t| {
                            matches!(t.role, Some(Role::Media(_) | Role::Posts))
                        }) =>
                    {
                        s.average = true
                    }
                    // "how did my reels do", "how did it go": how something did.
                    "do" | "did" | "go" | "help" | "helped" if self.ends_how_question(token) => {
                        s.performance = true;
                        s.how_did = true;
                    }
                    "see" | "saw" | "seen" => s.see = true,
                    "which" if matches!(self.word(token.at + 1), "of" | "one") => {
                        s.which_one = true
                    }
                    "mine" | "me" | "myself" | "instagram" | "insta" | "ig" => s.mine = true,
                    _ => {}
                },
            }
        }
        // "what percent of the people who see my posts interact": the engagement rate.
        if s.rate && s.metrics.contains(&Metric::Interactions) && !s.followers {
            s.metrics.retain(|m| *m == Metric::EngagementRate);
            s.metrics.insert(0, Metric::EngagementRate);
        }
        // "which is the post with more likes": the most.
        if s.more
            && !s.compare
            && (s.posts || !s.media.is_empty())
            && s.plural == Some(false)
            && self
                .sentence
                .words
                .iter()
                .any(|w| w == "which" || w == "what")
            && self.mentions.len() <= 1
        {
            s.highest = true;
        }
        // Metrics read from other words: "how many people saw my posts" is reach.
        if s.see && (s.people || s.who) && s.metrics.is_empty() {
            s.metrics.push(Metric::Reach);
        }
        // Followers a post brought are its follows ("which reel brought the most
        // followers"), unless the followers are asked about apart ("my follower count and
        // my best reel").
        if s.followers
            && (s.posts || !s.media.is_empty() || s.format || s.latest)
            && (s.highest || s.how_many || s.total || s.average || s.gain || s.lowest)
            && !s.metrics.contains(&Metric::EngagementRate)
            && !s.rate
            && !self.followers_apart()
        {
            s.followers = false;
            s.gain = false;
            if !s.metrics.contains(&Metric::Follows) {
                s.metrics.insert(0, Metric::Follows);
            }
        }
        // "the post I put up this morning": the newest post.
        if (s.posts || !s.media.is_empty())
            && s.publish
            && s.plural == Some(false)
            && self
                .mentions
                .iter()
                .any(|m| m.when == When::Period(Period::Today))
        {
            s.latest = true;
        }
        // "list all my followers from the UK": who they are.
        if s.followers
            && s.metrics.is_empty()
            && self
                .sentence
                .words
                .iter()
                .any(|w| matches!(w.as_str(), "list" | "export" | "names"))
        {
            s.unseen.push(Unseen::PersonalData);
        }
        // "did anyone ask how much my tops are": a buyer.
        if self
            .sentence
            .words
            .iter()
            .any(|w| matches!(w.as_str(), "ask" | "asked" | "asking" | "asks"))
            && (self
                .sentence
                .words
                .windows(2)
                .any(|w| w[0] == "how" && w[1] == "much"))
        {
            s.leads = true;
            s.how_many = false;
        }
        // "engagement calculated against follower count": by followers.
        if s.compare
            && self.tokens.iter().any(|t| {
                matches!(t.text.as_str(), "against" | "vs" | "relative to")
                    && self
                        .token_at(t.at + 1)
                        .is_some_and(|n| matches!(n.role, Some(Role::Followers)))
            })
        {
            s.compare = false;
            s.followers = false;
            s.by_followers = true;
        }
        // "compare our ER to The Ordinary's": to someone Pulse does not know.
        if s.compare
            && self.mentions.is_empty()
            && self.tokens.iter().any(|t| {
                matches!(
                    t.text.as_str(),
                    "to" | "with" | "than" | "vs" | "against" | "versus"
                ) && (1..=2).any(|k| self.token_at(t.at + k).is_some_and(|n| n.role.is_none()))
            })
        {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        // "which of my followers live in …, I want names": who they are.
        if s.followers && s.who && s.metrics.is_empty() && !s.commenters {
            s.unseen.push(Unseen::PersonalData);
        }
        // "other bakers", "the average for fitness coaches": accounts that are not this one
        // (unless set aside: "not other bakers, me").
        if self.other_accounts(&s) && dismissed.is_none() {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        // A handle spelled out ("at jenny underscore k").
        if self.sentence.words.iter().any(|w| w == "underscore") {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        let ranking = (s.highest || s.lowest) && (s.posts || !s.media.is_empty() || s.caption);
        let counting = (s.how_many || s.total || s.average) && s.subject();
        s.kind_heads = [
            s.hashtags,
            s.place,
            s.age,
            s.gender,
            s.online,
            s.when,
            s.time,
            s.day_of_week,
            s.part_of_day,
            s.format,
            s.leads,
            s.latest,
            s.commenters,
            s.saying && !s.caption,
            s.frequency && (s.publish || s.posts || !s.media.is_empty()),
            s.advice,
            s.trend,
            s.overview,
            counting,
            s.rate,
            s.followers,
            s.how_did,
            s.publish,
            s.milestone,
            s.grow || ((s.gain || s.loss) && (s.followers || s.how_many)),
            s.who && (s.metrics.contains(&Metric::Comments) || s.commenters),
            ranking,
            s.media.len() >= 2 && !s.follow_up,
        ]
        .iter()
        .filter(|b| **b)
        .count();
        s
    }

    /// Whether `token` ("do", "did", "go") ends a question that begins with "how" in its
    /// clause: "how did my reels do", "how did it go over the summer".
    fn ends_how_question(&self, token: &Token) -> bool {
        let later = self
            .tokens
            .iter()
            .filter(|t| t.clause == token.clause && t.at > token.at)
            .all(|t| matches!(t.role, None | Some(Role::Filler | Role::Joiner)));
        let words = &self.sentence.words;
        let how = (0..token.at).any(|k| {
            matches!(words[k].as_str(), "how" | "hows" | "howd")
                && self.sentence.clauses[k] == token.clause
                // "how do I make…" asks how to do something, not how something did.
                && k + 1 < token.at
                && !matches!(
                    words.get(k + 1).map(String::as_str),
                    Some("many" | "much" | "often" | "old" | "long" | "manny")
                )
        });
        later && how
    }

    /// Whether the question is about comments or people asking ("anyone asking about
    /// shipping", "comments about sizes").
    fn about_comments(&self) -> bool {
        self.sentence.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "comment"
                    | "comments"
                    | "commented"
                    | "asking"
                    | "ask"
                    | "asked"
                    | "asks"
                    | "anyone"
                    | "any1"
                    | "people"
                    | "ppl"
                    | "somebody"
                    | "someone"
                    | "dm"
                    | "wants"
                    | "want"
                    | "enquiries"
                    | "inquiries"
            )
        })
    }

    /// Whether the followers are asked about apart from posts: they come first, and a
    /// joiner or a clause stands between them and the posts.
    fn followers_apart(&self) -> bool {
        let position = |wanted: fn(&Role) -> bool| {
            self.tokens
                .iter()
                .find(|t| t.role.as_ref().is_some_and(wanted))
                .map(|t| t.at)
        };
        let followers = position(|r| matches!(r, Role::Followers));
        let posts = position(|r| matches!(r, Role::Posts | Role::Media(_) | Role::Highest));
        match (followers, posts) {
            (Some(f), Some(p)) => {
                let (low, high) = (f.min(p), f.max(p));
                self.tokens
                    .iter()
                    .any(|t| t.at > low && t.at < high && matches!(t.role, Some(Role::Joiner)))
                    || (f < p && self.sentence.clauses[f] != self.sentence.clauses[p])
            }
            _ => false,
        }
    }

    /// "other bakers", "other jewellery shops", "the average engagement rate for fitness
    /// coaches": accounts that are not this one, named by an unknown plural.
    fn other_accounts(&self, s: &Signals) -> bool {
        let unknown_plural = |at: usize| {
            let word = self.word(at);
            let accounts = matches!(
                word,
                "shops"
                    | "brands"
                    | "businesses"
                    | "creators"
                    | "pages"
                    | "accounts"
                    | "clients"
                    | "studios"
                    | "influencers"
            );
            word.len() > 3
                && word.ends_with('s')
                && self.token_at(at).is_some_and(|t| {
                    t.role.is_none() || matches!(t.role, Some(Role::People)) || accounts
                })
        };
        let after_other = self
            .tokens
            .iter()
            .any(|t| t.text == "other" && (1..=2).any(|k| unknown_plural(t.at + k)));
        let benchmark = (s.average || s.rate || s.metrics.contains(&Metric::EngagementRate))
            && self.tokens.iter().any(|t| {
                matches!(t.text.as_str(), "for" | "among")
                    && (1..=2).any(|k| unknown_plural(t.at + k))
            });
        // "the average food account", "an average creator like me"
        let average_account = self.tokens.iter().any(|t| {
            t.text == "average"
                && (1..=3).any(|k| {
                    matches!(
                        self.word(t.at + k),
                        "account"
                            | "accounts"
                            | "creator"
                            | "creators"
                            | "page"
                            | "pages"
                            | "shop"
                            | "shops"
                            | "brand"
                            | "brands"
                            | "influencer"
                            | "influencers"
                    )
                })
        });
        after_other || benchmark || average_account
    }

    /// The periods of the part, strong ones first; weak ones ("in total", a holiday,
    /// "lately") only without them.
    fn periods(&self) -> Vec<When> {
        let mut strong: Vec<&when::Mention> =
            self.mentions.iter().copied().filter(|m| !m.weak).collect();
        // Periods in several clauses, none compared: the ones of the clauses that ask
        // ("I posted Monday night, how many likes did I get on Tuesday").
        let clause_of = |m: &when::Mention| self.sentence.clauses[m.start];
        let clauses: HashSet<usize> = strong.iter().map(|m| clause_of(m)).collect();
        let comparing = self.tokens.iter().any(|t| {
            matches!(
                t.role,
                Some(Role::Compare | Role::OverPrevious(_) | Role::More | Role::Less)
            )
        });
        if clauses.len() >= 2 && !comparing {
            let asking: HashSet<usize> = self
                .tokens
                .iter()
                .filter(|t| t.role.as_ref().is_some_and(is_head))
                .map(|t| t.clause)
                .collect();
            let kept: Vec<&when::Mention> = strong
                .iter()
                .copied()
                .filter(|m| asking.contains(&clause_of(m)))
                .collect();
            if !kept.is_empty() {
                strong = kept;
            }
        }
        let strong: Vec<When> = strong.into_iter().map(|m| m.when.clone()).collect();
        if strong.is_empty() {
            self.mentions.iter().map(|m| m.when.clone()).collect()
        } else {
            strong
        }
    }
}

fn latest_media(text: &str) -> Option<MediaKind> {
    let last = text.rsplit(' ').next()?;
    match last {
        "reel" => Some(MediaKind::Reel),
        "photo" | "pic" => Some(MediaKind::Image),
        "video" => Some(MediaKind::Video),
        "carousel" => Some(MediaKind::Carousel),
        _ => None,
    }
}

/// What a part reads as.
#[derive(Debug, Clone)]
enum Reading {
    /// A frame.
    Frame(Frame),
    /// Only refinements ("only reels", "and in October?"): the previous question, changed.
    Fragment(Refinement),
    /// Pulse must ask.
    Clarify(Missing, Vec<String>),
    /// Something Pulse cannot see.
    Outside(Unseen, Option<Frame>),
    /// Nothing about the account.
    Nothing,
}

/// What a follow-up changes.
#[derive(Debug, Clone, Default)]
struct Refinement {
    period: Option<When>,
    second_period: Option<When>,
    media: Vec<MediaKind>,
    metrics: Vec<Metric>,
    count: Option<usize>,
    order: Option<Order>,
    caption: bool,
    compare: bool,
    over: Option<PeriodUnit>,
    by_followers: bool,
    followers: bool,
    /// "how many did I get yesterday" after a ranking: the total of what was ranked.
    total: bool,
}

impl Refinement {
    fn is_empty(&self) -> bool {
        self.period.is_none()
            && self.media.is_empty()
            && self.metrics.is_empty()
            && self.count.is_none()
            && self.order.is_none()
            && !self.caption
            && !self.compare
            && self.over.is_none()
            && !self.by_followers
            && !self.followers
    }
}

/// Reads a question: see the module documentation.
pub(super) fn read(question: &str, previous: Option<&Query>, today: NaiveDate, zone: Tz) -> Parsed {
    let sentence = Sentence::read(question, today, zone);
    if sentence.words.is_empty() {
        return Parsed::NotUnderstood(NotUnderstood { off_topic: true });
    }
    let previous = previous.map(Query::frame);
    let whole = Part::whole(&sentence);
    let signals = whole.signals();
    let mut reading = interpret(&whole, &signals, previous.as_ref());
    if let Some(parts) = two_parts(&sentence, previous.as_ref(), &reading) {
        return parts;
    }
    // Something asked that the frame does not use: never answer as if it were not there.
    if let Reading::Frame(frame) = &reading {
        let unused: Vec<String> = leftover(&whole, frame)
            .iter()
            .filter(|t| t.role.as_ref().is_some_and(strong))
            .map(|t| t.text.clone())
            .collect();
        if !unused.is_empty() {
            reading = Reading::Clarify(Missing::Meaning, unused);
        }
    }
    finish(reading, &signals, previous.as_ref(), today)
}

/// Whether a role, left unused by a frame, would make the answer one to another question
/// (a place, a second metric); the others ("usually", "report", "said") only colour it.
fn strong(role: &Role) -> bool {
    matches!(
        role,
        Role::Metric(_)
            | Role::Media(_)
            | Role::Hashtags
            | Role::Where
            | Role::Age
            | Role::Gender
            | Role::Online
            | Role::Leads
            | Role::Latest
            | Role::Commenters
            | Role::Frequency
            | Role::Format
            | Role::DayOfWeek
            | Role::PartOfDay
            | Role::Followers
            | Role::Milestone
    )
}

/// Whether a role decides what a question is about (the rest refine it or change nothing).
fn is_head(role: &Role) -> bool {
    !matches!(
        role,
        Role::Filler
            | Role::Joiner
            | Role::Reference
            | Role::FollowUp
            | Role::Now
            | Role::Negation
            | Role::Dismiss
            | Role::Number(_)
            | Role::Posts
            | Role::Publish
            | Role::Performance
            | Role::Compare
            | Role::Change
            | Role::More
            | Role::Less
            | Role::Unseen(_)
            | Role::People
            | Role::OffTopic
    )
}

/// Whether a frame of `kind` uses a word of this role (so the word is not a second
/// question, or a word the answer would ignore).
fn accepts(kind: Kind, compared: bool, role: &Role) -> bool {
    use Role::*;
    if !is_head(role) {
        return true;
    }
    if compared
        && matches!(
            role,
            Compare
                | OverPrevious(_)
                | Trend
                | Gain
                | Loss
                | Change
                | More
                | Less
                | Rate
                | Average
                | HowMany
                | Total
                | Followers
                | Media(_)
                | Metric(_)
        )
    {
        return true;
    }
    let metric = matches!(role, Metric(_));
    match kind {
        Kind::Top => {
            metric
                || matches!(
                    role,
                    Media(_)
                        | Highest
                        | Lowest
                        | Caption
                        | Saying
                        | Followers
                        | Gain
                        | HowMany
                        | Rate
                )
        }
        Kind::PostTotal => metric || matches!(role, Media(_) | HowMany | Total | Followers | Gain),
        Kind::AccountTotal => metric || matches!(role, HowMany | Total),
        Kind::PostMean => {
            metric
                || matches!(
                    role,
                    Media(_) | Average | HowMany | Total | Followers | Gain
                )
        }
        Kind::PostCount => matches!(role, Media(_) | HowMany | Total | Loss | Frequency),
        Kind::Followers => matches!(role, Followers | HowMany | Milestone | Total),
        Kind::Growth => matches!(
            role,
            Followers | Gain | Loss | HowMany | Trend | Total | Milestone
        ),
        Kind::Rate => metric || matches!(role, Rate | Media(_) | Average | Followers),
        Kind::Overview => matches!(role, Overview | Metric(_)),
        Kind::Online => matches!(role, Online | When | Time | Followers | Highest | PartOfDay),
        Kind::BestTime => {
            metric
                || matches!(
                    role,
                    When | Time | Advice | Highest | DayOfWeek | Media(_) | Followers | Gain
                )
        }
        Kind::Fans => {
            metric
                || matches!(
                    role,
                    Commenters | Highest | Followers | Saying | Media(_) | Latest
                )
        }
        Kind::Leads => {
            metric
                || matches!(
                    role,
                    Leads | Media(_) | Latest | Saying | HowMany | Commenters | Where
                )
        }
        Kind::ByType => {
            metric
                || matches!(
                    role,
                    Media(_) | Format | Highest | Lowest | Advice | Followers | Gain | Rate
                )
        }
        Kind::Hashtags => {
            metric
                || matches!(
                    role,
                    Hashtags | Highest | Lowest | Advice | Rate | Gain | Loss
                )
        }
        Kind::PartsOfDay => {
            metric
                || matches!(
                    role,
                    PartOfDay | Highest | Lowest | When | Time | Advice | Media(_) | Rate
                )
        }
        Kind::Weekdays => {
            metric
                || matches!(
                    role,
                    DayOfWeek | Highest | Lowest | Advice | When | Media(_) | Rate
                )
        }
        Kind::Demographics => matches!(role, Where | Age | Gender | Followers | Highest | Rate),
        Kind::LatestPost => {
            metric
                || matches!(
                    role,
                    Latest | Media(_) | HowMany | Overview | Highest | Lowest | Advice | Rate
                )
        }
        Kind::LatestComments => metric || matches!(role, Latest | Saying | Media(_)),
        Kind::LatestCommenters => metric || matches!(role, Latest | Commenters | Media(_) | Saying),
        Kind::Frequency => matches!(role, Frequency | Average | HowMany | Media(_)),
        Kind::Trend => metric || matches!(role, Trend | Gain | Loss),
        Kind::Recommend => {
            metric
                || matches!(
                    role,
                    Advice | Format | Media(_) | Highest | Gain | Followers
                )
        }
    }
}

/// The words of a part that ask something its frame does not use (a second metric where
/// the frame takes one, a place in an overview).
fn leftover<'s>(part: &Part<'s>, frame: &Frame) -> Vec<&'s Token> {
    let single_metric = matches!(
        frame.kind,
        Kind::Top
            | Kind::PostTotal
            | Kind::AccountTotal
            | Kind::PostMean
            | Kind::Trend
            | Kind::ByType
            | Kind::PartsOfDay
            | Kind::Weekdays
    ) || frame.versus.is_some();
    let mut seen_metric = false;
    let ignored = part.signals().ignored;
    let aspect = |role: &Role| match role {
        Role::Where => Some(Audience::Places),
        Role::Age => Some(Audience::Ages),
        Role::Gender => Some(Audience::Genders),
        _ => None,
    };
    let asking = |clause: usize| !part.sentence.statement(clause);
    part.tokens
        .iter()
        .filter(|t| !ignored.contains(&t.at) && asking(t.clause))
        .filter(|t| match &t.role {
            Some(role @ (Role::Where | Role::Age | Role::Gender))
                if frame.kind == Kind::Demographics =>
            {
                aspect(role) != frame.audience
            }
            Some(Role::Media(media)) if frame.media.is_some() && frame.kind != Kind::ByType => {
                Some(*media) != frame.media
            }
            Some(Role::Metric(metric)) if single_metric => {
                let extra = seen_metric && frame.metric != Some(*metric);
                seen_metric |= frame.metric == Some(*metric) || frame.metric.is_none();
                extra && *metric != Metric::Follows
            }
            Some(role) => !accepts(frame.kind, frame.versus.is_some(), role),
            None => false,
        })
        .copied()
        .collect()
}

/// Turns a reading into what `parse` returns.
fn finish(
    reading: Reading,
    signals: &Signals,
    previous: Option<&Frame>,
    today: NaiveDate,
) -> Parsed {
    match reading {
        Reading::Frame(frame) => match frame.query() {
            Some(query) => Parsed::Understood {
                queries: vec![query],
                set_aside: None,
                unused: signals.unknown.iter().map(|(w, _)| w.clone()).collect(),
            },
            None => clarify(Missing::Metric, Vec::new()),
        },
        Reading::Fragment(refinement) => {
            let frames = previous.and_then(|previous| refine(previous, &refinement, today));
            let queries: Option<Vec<Query>> =
                frames.and_then(|frames| frames.iter().map(Frame::query).collect::<Option<_>>());
            match queries {
                Some(queries) if !queries.is_empty() => Parsed::Understood {
                    queries,
                    set_aside: None,
                    unused: Vec::new(),
                },
                _ => clarify(Missing::Context, Vec::new()),
            }
        }
        Reading::Clarify(missing, words) => clarify(missing, words),
        Reading::Outside(unseen, instead) => Parsed::Outside {
            unseen,
            instead: instead.and_then(|f| f.query()),
        },
        Reading::Nothing => Parsed::NotUnderstood(NotUnderstood {
            off_topic: !signals.on_topic(),
        }),
    }
}

fn clarify(missing: Missing, words: Vec<String>) -> Parsed {
    Parsed::Clarify(Clarification {
        missing,
        words,
        options: Vec::new(),
    })
}

/// A question with two parts ("followers now and my top reel this month"): at a joiner or
/// between clauses, where each side asks something of its own, the first part is read,
/// then the second as its follow-up; one part about what Pulse cannot see is set aside.
/// The parts are used when the whole reading drops one of them: it leaves a word unused
/// that the other part asks about, or it is just one part's reading and the other part,
/// after a joiner, asks something else.
fn two_parts(sentence: &Sentence, previous: Option<&Frame>, whole: &Reading) -> Option<Parsed> {
    let whole_part = Part::whole(sentence);
    let whole_frame = match whole {
        Reading::Frame(frame) => Some(frame),
        _ => None,
    };
    let unexplained = match whole {
        Reading::Frame(frame) => leftover(&whole_part, frame)
            .iter()
            .any(|t| t.role.as_ref().is_some_and(strong)),
        Reading::Outside(..) | Reading::Clarify(..) => true,
        _ => false,
    };
    let splits: Vec<(usize, bool)> = sentence
        .tokens
        .iter()
        .enumerate()
        .filter_map(|(index, token)| {
            let joiner = matches!(token.role, Some(Role::Joiner));
            let new_clause = index > 0 && sentence.tokens[index - 1].clause != token.clause;
            (joiner || new_clause).then_some((token.at, joiner))
        })
        .collect();
    let asks = |part: &Part<'_>, s: &Signals, joiner: bool| {
        s.kind_heads > 0
            || !s.unseen.is_empty()
            || s.how_many
            || (joiner
                && (s.over.is_some()
                    || (!s.metrics.is_empty() && (!part.mentions.is_empty() || s.reference))))
    };
    let strong_mentions = |part: &Part<'_>| part.mentions.iter().any(|m| !m.weak);
    for (split, joiner) in splits {
        let left = Part::between(sentence, 0, split);
        let right = Part::between(sentence, split + usize::from(joiner), sentence.words.len());
        let (left_signals, right_signals) = (left.signals(), right.signals());
        if !asks(&left, &left_signals, joiner) || !asks(&right, &right_signals, joiner) {
            continue;
        }
        // Between clauses, both must be questions ("I posted Monday night, how many likes
        // did I get on Tuesday" is one); at a joiner, neither may be a statement ("I posted
        // Monday night and …").
        let clause_of =
            |part: &Part<'_>| -> HashSet<usize> { part.tokens.iter().map(|t| t.clause).collect() };
        let asks_clauses =
            |part: &Part<'_>| clause_of(part).into_iter().any(|c| sentence.clause_asks(c));
        let (left_asks, right_asks) = if joiner {
            (
                sentence.asks_in(0, split),
                sentence.asks_in(split, sentence.words.len()),
            )
        } else {
            (asks_clauses(&left), asks_clauses(&right))
        };
        let statement = |asks: bool, s: &Signals| !asks && s.publish && s.metrics.is_empty();
        if !(joiner || left_asks && right_asks)
            || statement(left_asks, &left_signals)
            || statement(right_asks, &right_signals)
        {
            continue;
        }
        // "day and hour", "likes and saves": one question about both.
        if joiner {
            let joined_clause = sentence
                .tokens
                .iter()
                .find(|t| t.at == split)
                .map(|t| t.clause);
            let in_clause: Vec<&&Token> = right
                .tokens
                .iter()
                .filter(|t| Some(t.clause) == joined_clause)
                .collect();
            let first_word = |t: &Token| t.text.split(' ').next().unwrap_or("").to_owned();
            let asking_word = in_clause.iter().any(|t| {
                ASKING.contains(&first_word(t).as_str()) || matches!(t.role, Some(Role::HowMany))
            }) || in_clause
                .iter()
                .find(|t| !matches!(t.role, Some(Role::Joiner)))
                .is_some_and(|t| ASKING_FIRST.contains(&first_word(t).as_str()));
            let pronoun =
                |t: &Token| matches!(t.text.as_str(), "it" | "they" | "them" | "that" | "those");
            let right_words = in_clause
                .iter()
                .filter(|t| !matches!(t.role, Some(Role::Filler | Role::Joiner)) && !pronoun(t))
                .count()
                + right
                    .mentions
                    .iter()
                    .filter(|m| Some(sentence.clauses[m.start]) == joined_clause)
                    .count();
            if right_words <= 1 && !asking_word {
                continue;
            }
        }
        let first = interpret(&left, &left_signals, previous);
        let context = match &first {
            Reading::Frame(frame) | Reading::Outside(_, Some(frame)) => Some(frame.clone()),
            // "did people click the link in my bio? how many": the clicks, not the question
            // before.
            Reading::Outside(_, None) => None,
            _ => previous.cloned(),
        };
        let second = match interpret(&right, &right_signals, context.as_ref()) {
            // "…, and the ER for the same period": a question of its own, in that period.
            Reading::Fragment(_)
                if !right_signals.metrics.is_empty()
                    && right_signals.highest == right_signals.lowest =>
            {
                match interpret(&right, &right_signals, None) {
                    Reading::Frame(mut frame) => {
                        if let Reading::Frame(first) = &first {
                            if frame.kind.takes_period() && !strong_mentions(&right) {
                                frame.period = first.period.or(frame.period);
                            }
                        }
                        Reading::Frame(frame)
                    }
                    _ => continue,
                }
            }
            Reading::Fragment(refinement) => {
                let refined = context
                    .as_ref()
                    .and_then(|c| refine(c, &refinement, sentence.today));
                match refined {
                    Some(frames) if frames.len() == 1 => Reading::Frame(frames[0].clone()),
                    _ => continue,
                }
            }
            Reading::Frame(mut frame) => {
                // "how many likes yesterday and how many comments": the same day (but not
                // for advice, which learns from its own window).
                if !strong_mentions(&right)
                    && frame.kind.takes_period()
                    && !frame.kind.groups_posts()
                {
                    if let Reading::Frame(first) | Reading::Outside(_, Some(first)) = &first {
                        if first.kind.takes_period() && first.versus.is_none() {
                            frame.period = first.period.or(frame.period);
                        }
                    }
                }
                Reading::Frame(frame)
            }
            other => other,
        };
        // "how many likes and comments did I get yesterday": a first part that only counts
        // takes the second's period.
        let first = match (first, &second) {
            (Reading::Frame(mut frame), Reading::Frame(other))
                if left.mentions.is_empty()
                    && !left.tokens.last().is_some_and(|t| {
                        sentence.questions.contains(&t.clause)
                            && right.tokens.first().is_some_and(|r| r.clause != t.clause)
                    })
                    && frame.kind.takes_period()
                    && !matches!(frame.kind, Kind::Recommend | Kind::BestTime)
                    && left_signals.kind_heads <= 1
                    && !left_signals.trend =>
            {
                if other.kind.takes_period() && other.versus.is_none() {
                    frame.period = other.period.or(frame.period);
                }
                Reading::Frame(frame)
            }
            (first, _) => first,
        };
        let parsed = match (first, second) {
            (Reading::Frame(a), Reading::Frame(b)) if a != b => {
                // Is one part only the whole reading, which dropped the other?
                let dropped = whole_frame.is_some_and(|w| {
                    (w.kind == a.kind && b.kind != w.kind) || (w.kind == b.kind && a.kind != w.kind)
                });
                // At a joiner, or between two questions that each ask of their own, two
                // complete questions that differ are two parts.
                let _ = dropped;
                let two_questions = left_signals.kind_heads > 0
                    && right_signals.kind_heads > 0
                    && left_asks
                    && right_asks;
                if !(unexplained || joiner || two_questions) {
                    continue;
                }
                // "what hashtags should I keep and which ones should I drop": one question.
                let same_subject = right_signals.reference
                    && matches!(b.kind, Kind::Recommend | Kind::Overview)
                    && leftover(&right, &a).is_empty();
                if same_subject || subsumes(&a, &b) || subsumes(&b, &a) {
                    continue;
                }
                let (Some(a), Some(b)) = (a.query(), b.query()) else {
                    continue;
                };
                let mut unused: Vec<String> = left_signals
                    .unknown
                    .iter()
                    .map(|(w, _)| w.clone())
                    .collect();
                unused.extend(right_signals.unknown.iter().map(|(w, _)| w.clone()));
                Parsed::Understood {
                    queries: vec![a, b],
                    set_aside: None,
                    unused,
                }
            }
            (Reading::Frame(a), Reading::Outside(unseen, _))
            | (Reading::Outside(unseen, _), Reading::Frame(a)) => {
                // At a clause, the other part may be about what cannot be seen: "my youtube
                // video this week, the views?", "the other florists, which hashtags do they
                // use?".
                let outside_first = left_signals.unseen.contains(&unseen);
                let (outside_signals, other) = if outside_first {
                    (&left_signals, &right)
                } else {
                    (&right_signals, &left)
                };
                let refers_to_it = other.tokens.iter().any(|t| {
                    matches!(
                        t.text.as_str(),
                        "they" | "them" | "their" | "she" | "he" | "her" | "his"
                    )
                });
                if !joiner
                    && (!outside_signals.media.is_empty() || outside_signals.posts || refers_to_it)
                {
                    return Some(Parsed::Outside {
                        unseen,
                        instead: None,
                    });
                }
                let Some(a) = a.query() else { continue };
                Parsed::Understood {
                    queries: vec![a],
                    set_aside: Some(unseen),
                    unused: Vec::new(),
                }
            }
            _ => continue,
        };
        return Some(parsed);
    }
    None
}

/// Whether frame `a` says all that `b` says (the same kind, and every slot `b` names with
/// the same value): "lowest ER first" after "the 10 worst posts by ER".
fn subsumes(a: &Frame, b: &Frame) -> bool {
    a.kind == b.kind
        && b.metric.is_none_or(|m| a.metric == Some(m))
        && b.media.is_none_or(|m| a.media == Some(m))
        && b.period.is_none_or(|p| a.period == Some(p))
        && b.order.is_none_or(|o| a.order == Some(o))
        && b.count.is_none_or(|c| a.count == Some(c))
        && b.audience.is_none_or(|x| a.audience == Some(x))
        && b.basis.is_none_or(|x| a.basis == Some(x))
        && b.versus.is_none_or(|v| a.versus == Some(v))
        && (!b.caption || a.caption)
}

/// Reads one part of a question.
fn interpret(part: &Part<'_>, s: &Signals, previous: Option<&Frame>) -> Reading {
    let periods = part.periods();
    // "write me a python script", "what's the capital of Australia": not about the account.
    if s.off_topic && s.metrics.is_empty() && !s.followers && !s.hashtags {
        return Reading::Nothing;
    }
    // Something Pulse cannot see, unless it is only background to a question it can answer.
    if let Some(unseen) = unseen(part, s, &periods) {
        // What a follow-up may refine: the question about the account itself, or at least
        // its period ("who unfollowed me this week?" → "then how many did I lose").
        let instead = match decide(part, s, &periods, previous) {
            Reading::Frame(frame) => Some(frame),
            _ => periods.iter().find_map(|p| match p {
                When::Period(period) => {
                    let mut frame = Frame::new(Kind::Overview);
                    frame.period = Some(*period);
                    Some(frame)
                }
                _ => None,
            }),
        };
        return Reading::Outside(unseen, instead);
    }
    if periods.contains(&When::Vague) {
        return Reading::Clarify(Missing::Dates, Vec::new());
    }
    if let Some(previous) = previous {
        // "is that more than last week?", "it is more or less than in September?": the
        // previous question, compared.
        let about_it =
            s.reference && !s.subject() && (s.more || s.less || s.compare || s.trend) && !s.latest;
        // A follow-up says so ("and in October?", "what about reach", "by shares", "is that
        // more than…") or names nothing of its own to ask about ("only carousels", "last
        // week?"); "what was my reach yesterday" and "likes this week vs last" are new
        // questions, and so is one Pulse mostly does not understand.
        let cue = follow_up_cue(part, s) > Cue::None;
        let own_subject = !s.metrics.is_empty() || s.followers || s.posts;
        let mostly_new = !s.unknown.is_empty() && !cue;
        if (s.kind_heads == 0 && (cue || !own_subject) && !mostly_new) || about_it {
            // A follow-up that only refines the previous question ("and in October?").
            let refinement = refinement(s, &periods);
            if !refinement.is_empty() {
                return Reading::Fragment(refinement);
            }
            // "ok, and mine?", "how many have I?" after a question about another account.
            if (s.mine || s.how_many) && !s.subject() && s.unknown.is_empty() {
                // "and how many do I have now?" after a question about growth: the count.
                if s.now && previous.kind == Kind::Growth {
                    return Reading::Frame(Frame::new(Kind::Followers));
                }
                return Reading::Frame(previous.clone());
            }
        }
    }
    let mut reading = decide(part, s, &periods, previous);
    if let Reading::Frame(frame) = &mut reading {
        // Unknown words next to what is asked change it: ask. Others are background.
        let blocking = blocking_unknowns(part, s, frame);
        if !blocking.is_empty() {
            if mostly_unknown(part, s) {
                return Reading::Nothing;
            }
            return Reading::Clarify(Missing::Meaning, blocking);
        }
        // "and how many reels?", "what was the avg reach on them": the previous period.
        let refers_back = follow_up_cue(part, s) == Cue::Strong;
        if let Some(previous) = previous {
            if refers_back && !part.mentions.iter().any(|m| !m.weak) && frame.kind.takes_period() {
                if let Some(period) = previous.period {
                    frame.period = Some(period);
                }
            }
            // "how many views did they get": they are the previous question's reels.
            if refers_back && s.media.is_empty() && !s.posts && previous.media.is_some() {
                if frame.kind == Kind::AccountTotal
                    && frame
                        .metric
                        .is_some_and(|m| super::frame::account_metric(m).is_some())
                {
                    frame.kind = Kind::PostTotal;
                }
                if matches!(
                    frame.kind,
                    Kind::PostTotal | Kind::PostMean | Kind::Top | Kind::PostCount | Kind::Rate
                ) {
                    frame.media = previous.media;
                }
            }
        }
    }
    reading
}

/// Words that open a reply in conversation before what it says: skipped when looking for
/// how a follow-up starts.
const OPENERS: &[&str] = &[
    "ok",
    "okay",
    "k",
    "kk",
    "so",
    "well",
    "wait",
    "hmm",
    "hm",
    "i mean",
    "right",
    "alright",
    "cool",
    "nice",
    "great",
    "thanks",
    "thank you",
    "thx",
    "ty",
    "now",
    "yeah",
    "yes",
    "yep",
    "ah",
    "oh",
    "actually",
    "hey",
    "and now",
    "ok so",
];

/// How a part says it follows up, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cue {
    /// It does not.
    None,
    /// It points at what was asked only loosely ("is it more than…", "what was the caption
    /// on that one"): enough to refine, not to carry the period over.
    Loose,
    /// It starts as a follow-up ("and", "also", "what about", "only", "by") or points back
    /// at it ("them", "those", "in that time").
    Strong,
}

/// Whether a part says it follows up: it starts with "and", "what about", "only" and the like,
/// or points back at what was asked ("them", "in that time", "is that more…"). "It" and
/// "that" alone are too common to count ("is it better to post…"), and so are words met
/// later in a question ("… only the single pictures").
fn follow_up_cue(part: &Part<'_>, s: &Signals) -> Cue {
    let start = part
        .tokens
        .iter()
        .map(|t| t.at)
        .chain(part.mentions.iter().map(|m| m.start))
        .min()
        .unwrap_or(0);
    // "ok, now by saves", "i mean by views", "wait, and for reels?": what opens a reply in
    // conversation is not yet the question.
    let mut starts_at: Vec<usize> = part
        .tokens
        .iter()
        .map(|t| t.at)
        .chain(part.mentions.iter().map(|m| m.start))
        .collect();
    starts_at.sort_unstable();
    let mut start = start;
    let mut opened_with_now = false;
    while let Some(token) = part.token_at(start) {
        if !OPENERS.contains(&token.text.as_str()) {
            break;
        }
        opened_with_now |= token.text == "now";
        match starts_at.iter().find(|&&at| at > start) {
            Some(&next) => start = next,
            None => break,
        }
    }
    let first = part.word(start);
    let leading = part
        .tokens
        .iter()
        .filter(|t| t.at >= start && t.at < start + 3)
        .any(|t| matches!(t.role, Some(Role::FollowUp)));
    // "calculate with followers instead", "can u pull the same thing for october".
    let anywhere = part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::FollowUp))
            && matches!(t.text.as_str(), "instead" | "same" | "same but")
    });
    // "on average", "in total", "by far": a preposition that starts its own phrase.
    let own_phrase = part.token_at(start + 1).is_some_and(|next| {
        matches!(
            next.role,
            Some(Role::Average | Role::Total | Role::HowMany | Role::Highest | Role::Lowest)
        )
    });
    let starts = leading
        || anywhere
        || opened_with_now
        || matches!(
            first,
            "and"
                | "also"
                | "then"
                | "plus"
                | "or"
                | "vs"
                | "versus"
                | "compared"
                | "only"
                | "just"
                | "same"
                | "instead"
        )
        || (matches!(first, "by" | "for" | "in" | "on")
            && !own_phrase
            && part.token_at(start).is_none_or(|t| t.text == first));
    let own_period = part.mentions.iter().any(|m| !m.weak);
    // "who are my biggest fans? wanna send them a gift", "comments asking me to DM them":
    // people the question itself named first.
    let first_people = part
        .tokens
        .iter()
        .filter(|t| {
            matches!(
                t.role,
                Some(
                    Role::People
                        | Role::Commenters
                        | Role::Leads
                        | Role::Followers
                        | Role::Media(_)
                        | Role::Posts
                )
            )
        })
        .map(|t| t.at)
        .min()
        .unwrap_or(usize::MAX);
    let pronoun = !own_period
        && part.tokens.iter().any(|t| {
            t.at < first_people
                && matches!(
                    t.text.as_str(),
                    "them"
                        | "they"
                        | "those"
                        | "these"
                        | "same window"
                        | "same period"
                        | "in that time"
                )
        });
    if starts || pronoun {
        return Cue::Strong;
    }
    let loose = part.tokens.iter().any(|t| {
        matches!(t.text.as_str(), "that" | "it" | "that one")
            && (s.more || s.less || s.compare || s.caption || s.who || s.saying || s.how_did)
    });
    if loose {
        Cue::Loose
    } else {
        Cue::None
    }
}

/// What a follow-up without a question of its own changes.
fn refinement(s: &Signals, periods: &[When]) -> Refinement {
    Refinement {
        period: periods.first().cloned(),
        second_period: periods.get(1).cloned(),
        media: s.media.clone(),
        metrics: s.metrics.clone(),
        count: s.number.map(|n| n as usize),
        order: if s.lowest || s.less {
            Some(Order::Lowest)
        } else if s.highest {
            Some(Order::Highest)
        } else {
            None
        },
        caption: s.caption,
        compare: s.compare || s.more || s.less,
        over: s.over,
        by_followers: s.by_followers,
        followers: s.followers || s.gain,
        total: s.how_many || s.total,
    }
}

/// The first thing Pulse cannot see that the question is about, if any. Background in a
/// clause that asks nothing ("I saw @rival posts reels daily, how often do I post?") does
/// not count, nor a future day beside a past period ("a call tomorrow, they want my stats
/// of the last 3 months").
fn unseen(part: &Part<'_>, s: &Signals, periods: &[When]) -> Option<Unseen> {
    let posting_advice = s.advice || ((s.when || s.time) && (s.publish || s.posts));
    let asking_clauses: HashSet<usize> = part
        .tokens
        .iter()
        .filter(|t| {
            t.role.as_ref().is_some_and(|r| {
                is_head(r) && !matches!(r, Role::Media(_) | Role::Metric(_) | Role::Saying)
            })
        })
        .map(|t| t.clause)
        .collect();
    let background = |token: &Token| {
        // What Pulse cannot see is background in a clause that asks nothing, has more to it
        // than the word itself, and does not name a post of it ("my youtube video").
        let clause = token.clause;
        let others = part.tokens.iter().any(|t| {
            t.clause == clause && t.at != token.at && !matches!(t.role, Some(Role::Filler))
        });
        let names_a_post = part.token_at(token.at + 1).is_some_and(|next| {
            matches!(
                next.role,
                Some(Role::Media(_) | Role::Metric(_) | Role::Followers)
            ) || (matches!(next.role, Some(Role::Posts))
                && !matches!(token.role, Some(Role::Unseen(Unseen::OtherAccount(_)))))
        });
        let asked_elsewhere = part.tokens.iter().any(|t| {
            t.clause != clause
                && asking_clauses.contains(&t.clause)
                && t.role.as_ref().is_some_and(|r| {
                    matches!(
                        r,
                        Role::Posts | Role::Media(_) | Role::Metric(_) | Role::Followers
                    ) || (is_head(r) && !matches!(r, Role::HowMany | Role::Total | Role::Average))
                })
        });
        others && !names_a_post && !asking_clauses.contains(&clause) && asked_elsewhere
    };
    let past_period = periods
        .iter()
        .any(|p| matches!(p, When::Period(_) | When::Before));
    for token in &part.tokens {
        let Some(Role::Unseen(unseen)) = &token.role else {
            continue;
        };
        if !s.unseen.contains(unseen) || background(token) {
            continue;
        }
        // "best time to post tomorrow", "what should I post next week": advice, not a
        // prediction.
        if matches!(unseen, Unseen::Future) && posting_advice {
            continue;
        }
        return Some(unseen.clone());
    }
    // Unseen things the signals found from several words.
    if let Some(unseen) = s
        .unseen
        .iter()
        .find(|u| matches!(u, Unseen::PersonalData | Unseen::OtherAccount(None)))
    {
        if !part
            .tokens
            .iter()
            .any(|t| matches!(&t.role, Some(Role::Unseen(u)) if u == unseen))
        {
            return Some(unseen.clone());
        }
    }
    // Who liked, saved, shared or viewed: Instagram does not say.
    if s.who
        && !s.metrics.is_empty()
        && !s.metrics.contains(&Metric::Comments)
        && !s.metrics.contains(&Metric::EngagementRate)
        && !s.commenters
        && !s.highest
    {
        return Some(Unseen::PersonalData);
    }
    if periods.contains(&When::Future) && !posting_advice && !past_period {
        return Some(Unseen::Future);
    }
    None
}

/// The period slots of a frame from the part's periods: the first and, for a comparison,
/// the second. Two periods with the same dates are one ("spring (Mar–May)").
fn resolve_periods(
    part: &Part<'_>,
    periods: &[When],
    previous: Option<&Frame>,
    today: NaiveDate,
) -> (Option<Period>, Option<Period>, bool) {
    let mut absolute: Vec<Period> = Vec::new();
    for period in periods {
        if let When::Period(period) = period {
            let range = period.resolve(today);
            if !absolute.iter().any(|p| p.resolve(today) == range) {
                absolute.push(*period);
            }
        }
    }
    let relative = periods.iter().find(|p| {
        matches!(
            p,
            When::Before | When::SameDayLastWeek | When::SameTimeLastYear
        )
    });
    // "better than last month": the period named is the one compared with.
    let after_than = absolute.len() == 1
        && relative.is_none()
        && part.mentions.iter().any(|m| {
            !m.weak
                && matches!(
                    part.word(m.start.saturating_sub(1)),
                    "than" | "vs" | "versus" | "against"
                )
        });
    let first = absolute.first().copied();
    let second = match (absolute.get(1), relative) {
        (Some(second), _) => Some(*second),
        (None, Some(relative)) => {
            let base = first.or_else(|| previous.and_then(|p| p.period));
            base.map(|base| shift(relative, base, today))
        }
        (None, None) => None,
    };
    (first, second, after_than)
}

fn shift(relative: &When, base: Period, today: NaiveDate) -> Period {
    match relative {
        When::SameDayLastWeek => base.days_earlier(7, today),
        When::SameTimeLastYear => base.year_earlier(today),
        _ => base.before(today),
    }
}

/// The period of the same length as `then`, ending now: what "better than last month" is
/// compared from.
fn now_like(then: Period, today: NaiveDate) -> Period {
    match then {
        Period::LastWeek => Period::ThisWeek,
        Period::LastMonth | Period::Month { .. } => Period::ThisMonth,
        Period::LastYear | Period::Year(_) => Period::ThisYear,
        Period::Yesterday => Period::Today,
        other => {
            let days = other.resolve(today).days().clamp(1, 3660) as u32;
            if days == 1 {
                Period::Today
            } else {
                Period::LastDays(days)
            }
        }
    }
}

/// Builds the frame of a part from its signals: the subjects from the most specific to the
/// most general, each needing the roles that make it.
fn decide(part: &Part<'_>, s: &Signals, periods: &[When], previous: Option<&Frame>) -> Reading {
    let today = part.sentence.today;
    let (period, second, after_than) = resolve_periods(part, periods, previous, today);
    let frame = |kind: Kind| {
        let mut frame = Frame::new(kind);
        if kind.takes_period() {
            frame.period = period;
            // Two periods joined without a comparison ("hashtags of August and
            // September"): both.
            if let (Some(first), Some(second)) = (period, second) {
                if !kind.comparable() && !s.compare {
                    let (a, b) = (first.resolve(today), second.resolve(today));
                    frame.period = Some(Period::Between(a.first.min(b.first), a.last.max(b.last)));
                }
            }
        }
        frame
    };
    let metric = s.metrics.first().copied();
    let media = s.media.first().copied();
    let count = || {
        s.number.map(|n| n as usize).or(Some(
            if s.which_one || s.plural == Some(false) || (s.caption && s.plural.is_none()) {
                1
            } else {
                5
            },
        ))
    };
    // A weekday that names days to compare ("monday posts", "is sunday a bad day").
    let weekday_group = part.mentions.iter().any(|m| {
        let judged_day = (m.end..m.end + 4).any(|at| {
            matches!(part.word(at), "day" | "days")
                && (matches!(
                    part.word(at - 1),
                    "bad"
                        | "good"
                        | "best"
                        | "worst"
                        | "better"
                        | "worse"
                        | "great"
                        | "slow"
                        | "strong"
                        | "weak"
                        | "right"
                        | "wrong"
                        | "ideal"
                ) || matches!(part.word(at + 1), "to" | "for"))
        });
        m.weekday.is_some()
            && (judged_day
                || matches!(part.word(m.end), "posts" | "ones")
                || (part.word(m.start).ends_with("days")
                    && part.word(m.start.saturating_sub(1)) != "last"
                    // "mondays reach" is Monday's
                    && !part
                        .token_at(m.end)
                        .is_some_and(|t| matches!(t.role, Some(Role::Metric(_)))))
                || (part.word(m.start.saturating_sub(1)) == "of"
                    && part.word(m.start.saturating_sub(2)).starts_with("post")))
    });
    // "weekend posts vs weekday ones"
    let weekend_group = part
        .mentions
        .iter()
        .any(|m| part.word(m.start) == "weekend" && matches!(part.word(m.end), "posts" | "ones"));
    // Posting advice learns from a window of past posts: a single day, or a window not yet
    // over that nobody asked to learn from ("post this week"), is when to post.
    let learning_window = |frame: &mut Frame| {
        let asked = part.sentence.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "based" | "looking" | "using" | "use" | "going" | "data" | "check" | "only"
            )
        }) || part.mentions.iter().any(|m| {
            matches!(
                part.word(m.start.saturating_sub(1)),
                "over" | "during" | "since" | "in" | "from"
            ) || part.word(m.start) == "since"
        });
        if let Some(p) = frame.period {
            let range = p.resolve(today);
            if range.first == range.last || (range.last >= today && !asked) {
                frame.period = None;
            }
        }
    };
    let audience_word = s.followers || s.people || s.commenters || s.who;
    let asks_time = s.when || s.time;
    let ranked_post = (s.highest || s.lowest) && metric.is_some() && !s.advice && !s.time;

    // A follow-up with nothing to follow: "same but by shares", "and for carousels?".
    let strong_follow_up = part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::FollowUp))
            && matches!(
                t.text.as_str(),
                "same"
                    | "same but"
                    | "instead"
                    | "sort by"
                    | "rank by"
                    | "order by"
                    | "sorted by"
                    | "ranked by"
                    | "what about"
                    | "how about"
                    | "again"
            )
    });
    if previous.is_none()
        && s.kind_heads == 0
        && (strong_follow_up
            || (s.metrics.is_empty() && !s.followers && (s.follow_up || part.word(0) == "and")))
        && !s.highest
        && !s.lowest
    {
        let standalone = !s.metrics.is_empty() && !strong_follow_up;
        if !standalone {
            return Reading::Clarify(Missing::Context, Vec::new());
        }
    }
    // One post, named by what only its owner knows: "how many saves did the reel get".
    let specific_post = part.tokens.iter().any(|t| {
        matches!(t.role, Some(Role::Posts | Role::Media(_)))
            && !t.text.ends_with('s')
            && matches!(part.word(t.at.saturating_sub(1)), "the" | "that" | "this")
            && t.at > 0
    }) && !s.highest
        && !s.lowest
        && !s.latest
        && !s.which_one
        && !s.caption
        && s.kind_heads <= 1
        && !s.publish;
    if specific_post && (s.how_many || s.performance || s.overview || !s.metrics.is_empty()) {
        let named: Vec<String> = part
            .tokens
            .iter()
            .filter(|t| matches!(t.role, Some(Role::Posts | Role::Media(_))))
            .map(|t| format!("the {}", t.text))
            .take(1)
            .collect();
        return Reading::Clarify(Missing::Meaning, named);
    }
    if s.hashtags {
        return Reading::Frame(frame(Kind::Hashtags));
    }
    if s.leads {
        return Reading::Frame(frame(Kind::Leads));
    }
    if (s.age || s.gender || (s.place && audience_word)) && !s.online {
        let mut f = frame(Kind::Demographics);
        f.audience = Some(if s.place {
            Audience::Places
        } else if s.age {
            Audience::Ages
        } else {
            Audience::Genders
        });
        return Reading::Frame(f);
    }
    if s.online
        || (s.when && (s.followers || s.people) && !s.publish && !s.posts && metric.is_none())
    {
        return Reading::Frame(frame(Kind::Online));
    }
    if asks_time
        && (s.publish || s.posts || s.advice || s.highest)
        && !ranked_post
        && !s.part_of_day
    {
        let mut f = frame(Kind::BestTime);
        learning_window(&mut f);
        return Reading::Frame(f);
    }
    if s.day_of_week || weekday_group || weekend_group {
        let mut f = frame(Kind::Weekdays);
        // The weekdays named are the groups, not the period.
        f.period = part
            .mentions
            .iter()
            .filter(|m| !m.weak && m.weekday.is_none() && part.word(m.start) != "weekend")
            .find_map(|m| match m.when {
                When::Period(p) => Some(p),
                _ => None,
            });
        f.metric = metric.filter(|m| *m != Metric::EngagementRate);
        return Reading::Frame(f);
    }
    if s.part_of_day {
        let mut f = frame(Kind::PartsOfDay);
        f.metric = metric.filter(|m| *m != Metric::EngagementRate);
        return Reading::Frame(f);
    }
    if s.media.len() >= 2 || (s.format && !s.advice) {
        let mut f = frame(Kind::ByType);
        f.metric = metric.filter(|m| *m != Metric::EngagementRate);
        return Reading::Frame(f);
    }
    // The newest post.
    let previous_latest = previous.is_some_and(|p| {
        matches!(
            p.kind,
            Kind::LatestPost | Kind::LatestComments | Kind::LatestCommenters
        )
    });
    let about_latest = s.latest
        || (s.reference
            && previous_latest
            && (s.who
                || s.saying
                || s.commenters
                || s.performance
                || s.overview
                || metric.is_some()));
    if about_latest && (!s.followers || s.posts || !s.media.is_empty() || s.who) {
        let commenting = metric == Some(Metric::Comments) || s.commenters || s.saying;
        if (s.who || s.commenters) && commenting {
            return Reading::Frame(frame(Kind::LatestCommenters));
        }
        if s.saying || (metric == Some(Metric::Comments) && !s.how_many && !s.who) {
            return Reading::Frame(frame(Kind::LatestComments));
        }
        if s.who && metric.is_none() && part.sentence.words.iter().any(|w| w.starts_with("comment"))
        {
            return Reading::Frame(frame(Kind::LatestCommenters));
        }
        let mut f = frame(Kind::LatestPost);
        f.media = media;
        return Reading::Frame(f);
    }
    // The people who comment most.
    let engaging = matches!(
        metric,
        Some(Metric::Comments | Metric::EngagementRate | Metric::Interactions)
    );
    let fans = s.commenters
        || ((s.who || s.people) && engaging && (s.highest || s.more))
        || (s.who && metric == Some(Metric::Comments) && !s.how_many)
        || (s.followers && engaging && s.highest && !s.posts && s.media.is_empty());
    if fans {
        let mut f = frame(Kind::Fans);
        f.count = s.number.map(|n| n as usize).or(match s.plural {
            Some(false) => Some(1),
            _ if s.which_one => Some(1),
            _ => None,
        });
        return Reading::Frame(f);
    }
    if s.frequency && (s.publish || s.posts || !s.media.is_empty()) {
        let mut f = frame(Kind::Frequency);
        if f.period.is_some_and(|p| {
            let range = p.resolve(today);
            range.first == range.last
        }) {
            f.period = None;
        }
        return Reading::Frame(f);
    }
    if s.advice && (!ranked_post || s.format) {
        let mut f = frame(Kind::Recommend);
        learning_window(&mut f);
        return Reading::Frame(f);
    }
    // A figure over two periods.
    let comparing = s.compare || s.over.is_some() || second.is_some();
    if comparing && !(s.trend && second.is_none() && !s.compare) {
        if let Some(figure) = figure(s) {
            let mut f = Frame::new(figure.kind);
            f.metric = figure.metric;
            f.media = figure.media;
            f.basis = figure.basis;
            let (current, versus) =
                compared_periods(s, period, second, after_than, previous, today);
            f.period = Some(current);
            f.versus = Some(versus);
            return Reading::Frame(f);
        }
        if s.reference && metric.is_none() {
            return Reading::Clarify(Missing::Metric, Vec::new());
        }
    }
    // A direction over time.
    let moving = s.trend
        || ((s.loss || s.gain)
            && !s.followers
            && metric.is_some_and(|m| m != Metric::Follows)
            && !s.how_many
            && !s.highest
            && s.media.is_empty()
            && !s.posts);
    if moving && !s.followers {
        if metric.is_none() && s.reference {
            return Reading::Clarify(Missing::Metric, Vec::new());
        }
        let mut f = frame(Kind::Trend);
        f.metric = metric.filter(|m| super::frame::account_metric(*m).is_some());
        return Reading::Frame(f);
    }
    // Followers: the count now, or its change.
    if s.followers && !s.commenters && !s.by_followers {
        let changing = s.gain || s.loss || s.change || s.trend;
        let named_period = period.is_some_and(|p| p != Period::Today || changing);
        if changing || (named_period && !s.now) {
            return Reading::Frame(frame(Kind::Growth));
        }
        if metric.is_none() || s.now || s.milestone {
            return Reading::Frame(frame(Kind::Followers));
        }
    }
    if s.milestone && metric.is_none() {
        return Reading::Frame(frame(Kind::Followers));
    }
    if (s.grow || ((s.loss || s.gain) && s.how_many))
        && metric.is_none()
        && !s.posts
        && s.media.is_empty()
    {
        // "how much did I grow", "how many did I lose"
        return Reading::Frame(frame(Kind::Growth));
    }
    // Posts ranked.
    let ranked = (s.highest || s.lowest)
        && (s.posts || !s.media.is_empty() || metric.is_some() || s.caption || s.which_one);
    let which_post = (s.which_one
        || part
            .sentence
            .words
            .iter()
            .any(|w| matches!(w.as_str(), "which" | "what")))
        && (s.posts || !s.media.is_empty())
        && metric.is_some()
        && !s.how_many
        && !s.average
        && !s.total
        && s.plural == Some(false);
    if ranked || (s.caption && (s.posts || !s.media.is_empty() || s.highest)) || which_post {
        let mut f = frame(Kind::Top);
        let lowest = s.lowest && (!s.highest || lowest_wins(part));
        f.order = Some(if lowest {
            Order::Lowest
        } else {
            Order::Highest
        });
        f.metric = Some(match metric {
            Some(m) => m,
            None if lowest => Metric::EngagementRate,
            None => Metric::Interactions,
        });
        f.media = media;
        f.count = count();
        f.caption = s.caption;
        return Reading::Frame(f);
    }
    // Means per post.
    if s.average {
        if let Some(m) = metric {
            if m == Metric::EngagementRate {
                let mut f = frame(Kind::Rate);
                f.media = media;
                return Reading::Frame(f);
            }
            let mut f = frame(Kind::PostMean);
            f.metric = Some(m);
            f.media = media;
            return Reading::Frame(f);
        }
        if s.publish {
            return Reading::Frame(frame(Kind::Frequency));
        }
        if s.posts {
            return Reading::Clarify(Missing::Metric, Vec::new());
        }
    }
    // Posts published.
    let publishing = s.publish || (s.loss && (s.posts || !s.media.is_empty()) && !s.followers);
    if metric.is_none()
        && (s.how_many || s.total || publishing)
        && (s.posts || !s.media.is_empty() || publishing)
        && !s.rate
    {
        let mut f = frame(Kind::PostCount);
        f.media = media;
        return Reading::Frame(f);
    }
    // The engagement rate.
    if metric == Some(Metric::EngagementRate) || (s.rate && metric.is_none()) {
        let mut f = frame(Kind::Rate);
        f.media = media;
        if s.by_followers || (s.followers && s.rate) {
            f.basis = Some(RateBasis::Followers);
        }
        return Reading::Frame(f);
    }
    // Totals: of the posts named, or of the account.
    if let Some(m) = metric {
        let of_posts = s.posts || !s.media.is_empty() || super::frame::account_metric(m).is_none();
        let mut f = frame(if of_posts {
            Kind::PostTotal
        } else {
            Kind::AccountTotal
        });
        f.metric = Some(m);
        if of_posts {
            f.media = media;
        }
        return Reading::Frame(f);
    }
    // "how is it going with the thing from tuesday": which thing?
    if (s.overview || s.performance)
        && !s.subject()
        && part
            .tokens
            .iter()
            .any(|t| matches!(t.text.as_str(), "thing" | "the thing" | "that one" | "one"))
    {
        return Reading::Clarify(Missing::Meaning, Vec::new());
    }
    // "how am I doing", "stats for October".
    let subjectless = !s.subject() && !s.reference && s.unknown.is_empty();
    if s.overview || (s.performance && subjectless) {
        return Reading::Frame(frame(Kind::Overview));
    }
    if s.performance && (!s.media.is_empty() || s.posts) && !s.reference && s.unknown.is_empty() {
        let mut f = frame(Kind::Rate);
        f.media = media;
        return Reading::Frame(f);
    }
    // Nothing that asks: a follow-up without a previous question, a word Pulse does not
    // know, or nothing about the account.
    let unknown: Vec<String> = s.unknown.iter().map(|(w, _)| w.clone()).collect();
    let many_unknown = mostly_unknown(part, s);
    if !refinement(s, periods).is_empty() && unknown.is_empty() || (s.follow_up && !many_unknown) {
        return Reading::Clarify(Missing::Context, Vec::new());
    }
    if many_unknown {
        return Reading::Nothing;
    }
    if s.on_topic()
        || s.performance
        || ((s.reference || !periods.is_empty()) && !unknown.is_empty())
    {
        return Reading::Clarify(
            if unknown.is_empty() {
                Missing::Metric
            } else {
                Missing::Meaning
            },
            unknown,
        );
    }
    if s.reference {
        return Reading::Clarify(Missing::Context, Vec::new());
    }
    Reading::Nothing
}

/// Whether most of what a question says is unknown ("write me a python script to resize my
/// photos"): not about the account, whatever word of it Pulse knows.
fn mostly_unknown(part: &Part<'_>, s: &Signals) -> bool {
    let known = part
        .tokens
        .iter()
        .filter(|t| {
            t.role.as_ref().is_some_and(|r| {
                !matches!(r, Role::Filler | Role::Joiner | Role::Reference | Role::Now)
            })
        })
        .count();
    s.unknown.len() >= 2 && s.unknown.len() > known && !s.performance && !s.subject()
}

/// "worst … most": which end a question with both words asks for.
fn lowest_wins(part: &Part<'_>) -> bool {
    part.tokens
        .iter()
        .find_map(|t| match t.role {
            Some(Role::Lowest) => Some(true),
            Some(Role::Highest) => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

/// The figure of a comparison.
struct Compared {
    kind: Kind,
    metric: Option<Metric>,
    media: Option<MediaKind>,
    basis: Option<RateBasis>,
}

fn figure(s: &Signals) -> Option<Compared> {
    let media = s.media.first().copied();
    let metric = s.metrics.first().copied();
    let of = |kind, metric, media| {
        Some(Compared {
            kind,
            metric,
            media,
            basis: None,
        })
    };
    if metric == Some(Metric::EngagementRate) || s.rate {
        return Some(Compared {
            kind: Kind::Rate,
            metric: None,
            media,
            basis: (s.by_followers || s.followers).then_some(RateBasis::Followers),
        });
    }
    if s.followers || (s.gain && metric.is_none()) {
        return of(Kind::Growth, None, None);
    }
    if let Some(metric) = metric {
        if s.average {
            return of(Kind::PostMean, Some(metric), media);
        }
        if s.posts || media.is_some() || super::frame::account_metric(metric).is_none() {
            return of(Kind::PostTotal, Some(metric), media);
        }
        return of(Kind::AccountTotal, Some(metric), None);
    }
    if s.posts || s.publish || media.is_some() || s.how_many {
        return of(Kind::PostCount, None, media);
    }
    None
}

/// The two periods of a comparison: both named; one named and the one before it; one named
/// after "than" and now; week over week and its kin.
fn compared_periods(
    s: &Signals,
    period: Option<Period>,
    second: Option<Period>,
    after_than: bool,
    previous: Option<&Frame>,
    today: NaiveDate,
) -> (Period, Period) {
    if let Some(unit) = s.over {
        let current = match unit {
            PeriodUnit::Week => Period::ThisWeek,
            PeriodUnit::Month => Period::ThisMonth,
            PeriodUnit::Year => Period::ThisYear,
            PeriodUnit::Quarter => {
                let month = (today.month() - 1) / 3 * 3 + 1;
                let start = NaiveDate::from_ymd_opt(today.year(), month, 1).unwrap_or(today);
                Period::Between(start, today)
            }
        };
        let current = period.unwrap_or(current);
        return (current, second.unwrap_or_else(|| current.before(today)));
    }
    if after_than {
        if let Some(then) = period {
            return (now_like(then, today), then);
        }
    }
    let base = period
        .or_else(|| previous.and_then(|p| p.period))
        .unwrap_or(Period::DEFAULT);
    match second {
        Some(second) => (base, second),
        None => (base, base.before(today)),
    }
}

/// Unknown words that change what is asked: right next to its subject ("the *giveaway*
/// post", "*hit* rate"), describing a post ("the post with the *red dress*"), a time Pulse
/// cannot read ("during *wedding* season"), or in a question with no other subject ("how
/// did the *collab* do"). Leads and comments may hold any words (they describe the comments
/// looked for); unknown words in a clause that asks nothing are background.
fn blocking_unknowns(part: &Part<'_>, s: &Signals, frame: &Frame) -> Vec<String> {
    // Where the answer does not depend on which posts a word picks (advice, groups of
    // posts, people), or where any words describe what is looked for (buyers' comments),
    // unknown words are background.
    let picks_posts = matches!(
        frame.kind,
        Kind::Overview
            | Kind::Rate
            | Kind::PostTotal
            | Kind::PostCount
            | Kind::PostMean
            | Kind::LatestPost
    ) || frame.versus.is_some();
    if !picks_posts || s.unknown.is_empty() {
        return Vec::new();
    }
    let asking_clauses: HashSet<usize> = part
        .tokens
        .iter()
        .filter(|t| {
            t.role.as_ref().is_some_and(|r| {
                is_head(r) || matches!(r, Role::Posts | Role::Performance | Role::Publish)
            })
        })
        .map(|t| t.clause)
        .collect();
    let determiners = [
        "the", "a", "my", "our", "that", "this", "your", "those", "these",
    ];
    let mut blocking = Vec::new();
    for (word, at) in &s.unknown {
        let at = *at;
        let clause = part.sentence.clauses[at];
        if !asking_clauses.contains(&clause) || part.sentence.statement(clause) {
            continue;
        }
        let role_at = |position: usize| {
            part.token_at(position)
                .filter(|t| t.clause == clause)
                .and_then(|t| t.role.clone())
        };
        let describes = |role: &Option<Role>| {
            matches!(
                role,
                Some(Role::Posts | Role::Media(_) | Role::Latest | Role::Hashtags)
            )
        };
        // "post" right after "I always" is the verb, not a post.
        let noun_at = |position: usize| {
            describes(&role_at(position))
                && !(part.word(position) == "post"
                    && (1..=2).any(|k| {
                        position >= k
                            && matches!(part.word(position - k), "i" | "we" | "you" | "to")
                    }))
        };
        let before_subject = noun_at(at + 1)
            || matches!(role_at(at + 1), Some(Role::Rate))
            || (part.token_at(at + 1).is_some_and(|t| t.role.is_none()) && noun_at(at + 2));
        let describing_post = (1..=3).any(|back| {
            at >= back
                && matches!(part.word(at - back), "with" | "about" | "of")
                && (at - back..at).all(|k| {
                    k == at - back
                        || determiners.contains(&part.word(k))
                        || part.token_at(k).is_some_and(|t| t.role.is_none())
                })
                && at - back > 0
                && matches!(
                    role_at(at - back - 1).or_else(|| role_at((at - back).saturating_sub(2))),
                    Some(Role::Posts | Role::Media(_) | Role::Reference)
                )
        });
        let unreadable_time = matches!(
            part.word(at.saturating_sub(1)),
            "during" | "since" | "after" | "around"
        ) && at > 0;
        let after_determiner = (1..=2).any(|k| at >= k && determiners.contains(&part.word(at - k)));
        let subjectless = matches!(frame.kind, Kind::Overview)
            && !s.subject()
            && part.mentions.is_empty()
            && (!s.overview || after_determiner);
        if before_subject || describing_post || unreadable_time || subjectless {
            blocking.push(word.clone());
        }
    }
    blocking
}

/// Applies a follow-up to the previous frame. Several media or metrics make one frame each
/// ("same for carousels, then photos").
fn refine(previous: &Frame, r: &Refinement, today: NaiveDate) -> Option<Vec<Frame>> {
    let mut frame = previous.clone();
    let mut changed = false;
    // A period for a question that has none: followers then are their change.
    if r.period.is_some() && frame.kind == Kind::Followers {
        frame = Frame::new(Kind::Growth);
    }
    // "how many did I get yesterday" after the top posts by saves: the saves, summed.
    if r.total && r.order.is_none() && frame.kind == Kind::Top {
        let metric = frame.metric.unwrap_or(Metric::Interactions);
        let mut total = Frame::new(Kind::PostTotal);
        total.media = frame.media;
        total.metric = Some(metric);
        total.period = frame.period;
        if total.media.is_none() && super::frame::account_metric(metric).is_some() {
            total.kind = Kind::AccountTotal;
        }
        frame = total;
        changed = true;
    }
    // An order for a question that ranks nothing: its posts, ranked.
    if r.order.is_some() && frame.kind != Kind::Top && frame.kind != Kind::Fans {
        let mut top = Frame::new(Kind::Top);
        top.period = frame.period;
        top.media = frame.media;
        top.count = Some(1);
        frame = top;
        changed = true;
    }
    match (&r.period, &r.second_period) {
        (Some(When::Period(a)), Some(When::Period(b))) if frame.kind.comparable() => {
            frame.period = Some(*a);
            frame.versus = Some(*b);
            changed = true;
        }
        (Some(first), _) => {
            let base = frame.period.unwrap_or(frame.kind.default_period());
            let period = match first {
                When::Period(p) => *p,
                When::Before | When::SameDayLastWeek | When::SameTimeLastYear => {
                    if r.compare && frame.kind.comparable() {
                        frame.versus = Some(shift(first, base, today));
                        frame.period = Some(base);
                        return Some(vec![frame]);
                    }
                    shift(first, base, today)
                }
                _ => return None,
            };
            if r.compare && frame.kind.comparable() && frame.versus.is_none() {
                frame.period = Some(base);
                frame.versus = Some(period);
            } else if frame.kind.takes_period() {
                frame.period = Some(period);
                if frame.versus.is_some() {
                    frame.versus = Some(period.before(today));
                }
            }
            changed = true;
        }
        (None, _) => {}
    }
    if r.compare && r.period.is_none() && frame.kind.comparable() && frame.versus.is_none() {
        let base = frame.period.unwrap_or(frame.kind.default_period());
        frame.period = Some(base);
        frame.versus = Some(base.before(today));
        changed = true;
    }
    if let Some(unit) = r.over {
        if frame.kind.comparable() {
            let current = match unit {
                PeriodUnit::Week => Period::ThisWeek,
                PeriodUnit::Month => Period::ThisMonth,
                PeriodUnit::Year => Period::ThisYear,
                PeriodUnit::Quarter => Period::LastMonths(3),
            };
            frame.period = Some(current);
            frame.versus = Some(current.before(today));
            changed = true;
        }
    }
    if let Some(count) = r.count {
        if matches!(frame.kind, Kind::Top | Kind::Fans) {
            frame.count = Some(count);
            changed = true;
        }
    }
    if let Some(order) = r.order {
        if frame.kind == Kind::Top {
            // "and the worst?": the lowest engagement rate, unless a metric is named.
            if order == Order::Lowest
                && frame.order != Some(Order::Lowest)
                && r.metrics.is_empty()
                && frame.metric == Some(Metric::Interactions)
            {
                frame.metric = Some(Metric::EngagementRate);
            }
            frame.order = Some(order);
            changed = true;
        }
    }
    if r.caption && frame.kind == Kind::Top {
        frame.caption = true;
        changed = true;
    }
    if r.by_followers && frame.kind == Kind::Rate {
        frame.basis = Some(RateBasis::Followers);
        changed = true;
    }
    let mut frames = vec![frame];
    if !r.metrics.is_empty() {
        frames = frames
            .iter()
            .flat_map(|f| r.metrics.iter().map(move |m| with_metric(f, *m)))
            .collect::<Option<Vec<_>>>()?;
        changed = true;
    } else if r.followers && frames[0].kind != Kind::Rate {
        frames = frames
            .iter()
            .map(|f| {
                let mut g = Frame::new(Kind::Growth);
                g.period = f.period;
                g.versus = f.versus;
                g
            })
            .collect();
        changed = true;
    }
    if !r.media.is_empty() {
        frames = frames
            .iter()
            .flat_map(|f| r.media.iter().map(move |m| with_media(f, *m)))
            .collect::<Option<Vec<_>>>()?;
        changed = true;
    }
    changed.then_some(frames)
}

/// The previous frame about another metric: the same kind where it has metrics, else the
/// account total (or the post total when it asked about posts) of that metric.
fn with_metric(frame: &Frame, metric: Metric) -> Option<Frame> {
    let mut f = frame.clone();
    match f.kind {
        Kind::Top
        | Kind::PostTotal
        | Kind::PostMean
        | Kind::ByType
        | Kind::PartsOfDay
        | Kind::Weekdays => f.metric = Some(metric),
        // The newest post shows all its figures.
        Kind::LatestPost => {}
        Kind::AccountTotal | Kind::Trend if super::frame::account_metric(metric).is_some() => {
            f.metric = Some(metric)
        }
        _ => {
            let kind = if metric == Metric::EngagementRate {
                Kind::Rate
            } else if f.media.is_some() || super::frame::account_metric(metric).is_none() {
                Kind::PostTotal
            } else {
                Kind::AccountTotal
            };
            let mut g = Frame::new(kind);
            g.period = f.period;
            g.versus = f.versus.filter(|_| kind.comparable());
            if kind != Kind::Rate {
                g.metric = Some(metric);
            }
            if kind != Kind::AccountTotal {
                g.media = f.media;
            }
            f = g;
        }
    }
    Some(f)
}

/// The previous frame about one type of post.
fn with_media(frame: &Frame, media: MediaKind) -> Option<Frame> {
    let mut f = frame.clone();
    match f.kind {
        Kind::Top
        | Kind::PostTotal
        | Kind::PostMean
        | Kind::PostCount
        | Kind::Rate
        | Kind::LatestPost => f.media = Some(media),
        Kind::AccountTotal => {
            f.kind = Kind::PostTotal;
            f.media = Some(media);
        }
        _ => return None,
    }
    Some(f)
}

/// How a question is read, word by word: for developing the tables (`cargo run -p engine
/// --example corpus -- explain "…"`).
pub fn explain(question: &str, today: NaiveDate) -> String {
    let sentence = Sentence::read(question, today, chrono_tz::UTC);
    let mut lines = Vec::new();
    for mention in &sentence.mentions {
        lines.push(format!(
            "period {:?} words {}..{} weak {}",
            mention.when, mention.start, mention.end, mention.weak
        ));
    }
    for token in &sentence.tokens {
        lines.push(format!(
            "{:>2} clause {} {:?}: {:?}",
            token.at, token.clause, token.text, token.role
        ));
    }
    let whole = Part::whole(&sentence);
    lines.push(format!("{:#?}", whole.signals()));
    lines.join("\n")
}

/// The words of `text` and their roles, for the table tests.
#[cfg(test)]
pub(super) fn tokens_of(text: &str, today: NaiveDate) -> Vec<(String, Option<Role>)> {
    Sentence::read(text, today, chrono_tz::UTC)
        .tokens
        .into_iter()
        .map(|t| (t.text, t.role))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_are_cut_at_punctuation_but_not_in_numbers() {
        let (words, clauses, questions) =
            clause_words("september, how many posts? i was away - 1,000 likes");
        assert!(questions.contains(&1));
        assert_eq!(words[0], "september");
        assert_eq!(clauses[0], 0);
        assert_eq!(clauses[1], 1);
        assert!(words.contains(&"1,000".to_owned()));
        assert_eq!(*clauses.last().unwrap(), 3);
    }
}
