//! What the roles of a part add up to ([`Signals`]): the metrics, types of post, subjects
//! and ways of asking it names, with negation and dismissal applied. A [`Part`] is the whole
//! question or one side of a two-part question.

use super::decide::is_head;
use super::sentence::{Sentence, Token};
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::lexicon::{self, PeriodUnit, Role, Unseen};
use crate::question::when::{self, When};
use std::collections::HashSet;

/// What the roles of a part of the question say.
#[derive(Debug, Default, Clone)]
pub(super) struct Signals {
    pub(super) metrics: Vec<Metric>,
    pub(super) media: Vec<MediaKind>,
    /// Whether the first post noun is plural ("posts") or singular ("post").
    pub(super) plural: Option<bool>,
    pub(super) posts: bool,
    pub(super) publish: bool,
    pub(super) followers: bool,
    /// "who", "usernames": people by name.
    pub(super) who: bool,
    /// "people", "anyone": people as a crowd.
    pub(super) people: bool,
    pub(super) commenters: bool,
    pub(super) hashtags: bool,
    pub(super) caption: bool,
    pub(super) highest: bool,
    pub(super) lowest: bool,
    pub(super) more: bool,
    pub(super) less: bool,
    pub(super) how_many: bool,
    pub(super) total: bool,
    pub(super) average: bool,
    pub(super) rate: bool,
    pub(super) compare: bool,
    pub(super) over: Option<PeriodUnit>,
    pub(super) gain: bool,
    /// "grow", "growth": followers gained, even without the word "followers".
    pub(super) grow: bool,
    pub(super) loss: bool,
    pub(super) change: bool,
    pub(super) trend: bool,
    pub(super) when: bool,
    pub(super) time: bool,
    pub(super) online: bool,
    pub(super) place: bool,
    pub(super) age: bool,
    pub(super) gender: bool,
    pub(super) leads: bool,
    pub(super) latest: bool,
    pub(super) saying: bool,
    pub(super) frequency: bool,
    pub(super) advice: bool,
    pub(super) overview: bool,
    pub(super) performance: bool,
    pub(super) part_of_day: bool,
    pub(super) day_of_week: bool,
    pub(super) format: bool,
    pub(super) unseen: Vec<Unseen>,
    pub(super) now: bool,
    pub(super) negation: bool,
    pub(super) follow_up: bool,
    pub(super) reference: bool,
    /// "mine", "me": the account itself, after a question about another.
    pub(super) mine: bool,
    pub(super) number: Option<u32>,
    pub(super) milestone: bool,
    pub(super) see: bool,
    pub(super) which_one: bool,
    /// "which of my posts flopped": the posts that did, a list, though asked with "which of".
    pub(super) which_of_many: bool,
    pub(super) by_followers: bool,
    pub(super) unknown: Vec<(String, usize)>,
    /// Words set aside ("views, not likes"): not asked about.
    pub(super) ignored: Vec<usize>,
    /// A topic that is no question about an account.
    pub(super) off_topic: bool,
    /// Code, which is never a question about the account, whatever it is about ("a Python
    /// script that scrapes hashtags").
    pub(super) code: bool,
    /// Likes, comments, saves and shares named together as one total: interactions.
    pub(super) all_interactions: bool,
    /// "how did my reels do", "how is it going": how something did.
    pub(super) how_did: bool,
    /// Roles that decide a kind (not the metric, an order, a number or a caption, which a
    /// follow-up may bring alone).
    pub(super) kind_heads: usize,
}

impl Signals {
    /// Whether anything in the part is about the account at all.
    pub(super) fn on_topic(&self) -> bool {
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
    pub(super) fn subject(&self) -> bool {
        self.posts || !self.media.is_empty() || !self.metrics.is_empty() || self.followers
    }
}

/// A part of the question: some of its tokens and periods.
pub(super) struct Part<'s> {
    pub(super) sentence: &'s Sentence,
    pub(super) tokens: Vec<&'s Token>,
    pub(super) mentions: Vec<&'s when::Mention>,
}

/// Words that ask who someone is, by name.
pub(super) const NAMING: &[&str] = &["who", "whos", "whom", "usernames", "names", "handles"];

impl<'s> Part<'s> {
    pub(super) fn whole(sentence: &'s Sentence) -> Part<'s> {
        Part::between(sentence, 0, sentence.words.len())
    }

    /// The part between two word positions. A statement beside the question tells the story
    /// ("My friend's account grows faster than mine. How many followers did I gain?", "Sold 3
    /// houses from Instagram leads! Which post brought the most followers?"): its comparisons,
    /// rankings and subjects are not asked about, when the question has a subject of its own.
    pub(super) fn between(sentence: &'s Sentence, from: usize, to: usize) -> Part<'s> {
        let within: Vec<&Token> = sentence
            .tokens
            .iter()
            .filter(|t| t.at >= from && t.at < to)
            .collect();
        let statements: HashSet<usize> = within
            .iter()
            .map(|t| t.clause)
            .filter(|c| sentence.story(*c))
            .collect();
        let question_has_subject = within
            .iter()
            .any(|t| sentence.clause_asks(t.clause) && t.role.as_ref().is_some_and(is_head));
        // "Morning! Which post had the most saves in June?": a greeting, not a part of the day.
        const GREETING: &[&str] = &[
            "good",
            "morning",
            "afternoon",
            "evening",
            "hi",
            "hello",
            "hey",
            "all",
            "team",
            "everyone",
            "guys",
        ];
        let greeting = |t: &Token| {
            matches!(t.role, Some(Role::PartOfDay))
                && sentence.clauses.last().is_some_and(|last| *last > t.clause)
                && sentence
                    .words
                    .iter()
                    .zip(&sentence.clauses)
                    .filter(|(_, c)| **c == t.clause)
                    .all(|(w, _)| GREETING.contains(&w.as_str()))
        };
        // "…the fewest likes this autumn? I suspect it's the staff picks photos": a post type
        // (or a figure: "people save pottery stuff, I think") told beside the question does
        // not filter it, unless the question points back to it ("I posted two reels on
        // Monday, how did they do?").
        // "that day", "that week" point back to a time, not to a post.
        let to_a_time = |t: &Token| {
            sentence.words.get(t.at + 1).is_some_and(|next| {
                matches!(
                    next.as_str(),
                    "day" | "week" | "weekend" | "month" | "night" | "time" | "morning" | "evening"
                )
            })
        };
        let points_back = within.iter().any(|t| {
            sentence.clause_asks(t.clause)
                && (matches!(t.role, Some(Role::Reference)) && !to_a_time(t)
                    || matches!(t.text.as_str(), "ours" | "mine"))
        });
        // What a clause that tells names: not asked about, unless the question points back.
        let told_subject = |t: &Token| {
            let named = matches!(
                t.role,
                Some(
                    Role::Media(_)
                        | Role::Metric(_)
                        | Role::Posts
                        | Role::Publish
                        | Role::Leads
                        | Role::Online
                        | Role::Advice
                        | Role::Time
                        | Role::Frequency
                        // ("I have a small shop in Istanbul. …")
                        | Role::Where
                )
            );
            named && !points_back && sentence.someone_tells(t.clause)
        };
        // How a story goes: never asked about.
        let told_judgement = |t: &Token| {
            matches!(
                t.role,
                Some(
                    Role::Compare
                        | Role::More
                        | Role::Less
                        | Role::OverPrevious(_)
                        | Role::Trend
                        | Role::Highest
                        | Role::Lowest
                        | Role::Gain
                        | Role::Loss
                        | Role::Change
                        | Role::Performance
                        | Role::PartOfDay
                        | Role::When
                )
            )
        };
        let story = |t: &Token| {
            question_has_subject
                && statements.contains(&t.clause)
                && (told_subject(t) || told_judgement(t))
        };
        Part {
            sentence,
            tokens: within
                .into_iter()
                .filter(|t| !story(t) && !greeting(t))
                .collect(),
            mentions: sentence
                .mentions
                .iter()
                .filter(|m| m.start >= from && m.start < to)
                .collect(),
        }
    }

    pub(super) fn word(&self, at: usize) -> &str {
        self.sentence.words.get(at).map_or("", String::as_str)
    }

    pub(super) fn token_at(&self, at: usize) -> Option<&'s Token> {
        self.tokens.iter().find(|t| t.at == at).copied()
    }

    pub(super) fn signals(&self) -> Signals {
        let (s, dismissed, which_of) = self.token_signals();
        self.part_signals(s, dismissed, which_of)
    }

    /// What the roles add up to, token by token, with negation and dismissal applied; with
    /// where a dismissal was ("forget facebook") and whether "which of" was said, for
    /// [`Part::part_signals`].
    fn token_signals(&self) -> (Signals, Option<(usize, usize)>, bool) {
        let mut s = Signals::default();
        // "didn't get any saves": the fewest. "not stories", "forget facebook": set aside.
        let mut negated_until = 0usize;
        let mut dismissed: Option<(usize, usize)> = None;
        // "which of …", told apart from "which one" once the whole part is read.
        let mut which_of = false;
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
                // "kindly share the total reach", "can you share for last week": share as
                // "tell me", not the metric.
                Role::Metric(Metric::Shares)
                    if token.text == "share"
                        && (matches!(
                            self.word(token.at.saturating_sub(1)),
                            "kindly" | "please" | "pls" | "plz" | "you" | "u" | "to"
                        ) || (token.at == 0
                            && matches!(self.word(1), "the" | "my" | "me" | "for" | "with"))) => {}
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
                        // ("our best ever post": the noun.)
                        && !(before == "ever"
                            && self
                                .token_at(token.at.saturating_sub(2))
                                .is_some_and(|t| matches!(t.role, Some(Role::Highest | Role::Lowest))))
                    {
                        s.publish = true;
                    } else if !matches!(token.text.as_str(), "content" | "feed" | "grid") {
                        s.plural.get_or_insert(token.text.ends_with('s'));
                    }
                }
                Role::Publish => s.publish = true,
                Role::Followers => {
                    let before = self.word(token.at.saturating_sub(1));
                    // "by followers", "based on followers", "relative to follower count".
                    let based_on = before == "on"
                        && self.word(token.at.saturating_sub(2)) == "based"
                        || before == "my"
                            && self.word(token.at.saturating_sub(2)) == "on"
                            && self.word(token.at.saturating_sub(3)) == "based";
                    if matches!(before, "by" | "per" | "with" | "relative") || based_on {
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
                // "when I was doing Inktober in October, did my followers go up": a time
                // told, not asked.
                // ("top posts from last spring when the lambs were born", "the week when we
                // moved": which time, told.)
                Role::When
                    if (matches!(self.word(token.at + 1), "i" | "we" | "you")
                        && matches!(
                            self.word(token.at + 2),
                            "was" | "were" | "did" | "had" | "went" | "started" | "ran"
                        ))
                        || (token.text == "when"
                            && !matches!(
                                self.word(token.at + 1),
                                "should"
                                    | "do"
                                    | "does"
                                    | "is"
                                    | "are"
                                    | "to"
                                    | "can"
                                    | "would"
                                    | "could"
                                    | "shall"
                                    | "will"
                                    | "its"
                                    | "ll"
                            )
                            && (self.mentions.iter().any(|m| m.end == token.at)
                                || (token.at > 0
                                    && matches!(
                                        self.word(token.at - 1),
                                        "day" | "week" | "weekend" | "month" | "night" | "year"
                                    )))) =>
                {
                    s.ignored.push(token.at);
                }
                Role::When => s.when = true,
                Role::Time => s.time = true,
                Role::Online => {
                    // "I was not online at all": not asked about.
                    if !set_aside && !negated {
                        s.online = true;
                    }
                }
                // "this thing where I post a video every morning": which thing, told.
                Role::Where
                    if token.text == "where"
                        && matches!(
                            self.word(token.at + 1),
                            "i" | "we" | "you" | "they" | "people"
                        )
                        && token.at > 0
                        && !matches!(
                            self.word(token.at - 1),
                            "from" | "and" | "know" | "see" | "show" | "tell" | "me" | "us"
                        ) =>
                {
                    s.ignored.push(token.at);
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
                    // ("how's my newest piece doing": a post called by the asker's word.)
                    let names_a_piece = matches!(
                        self.word(token.at + 1),
                        "piece" | "one" | "upload" | "drop" | "creation" | "design" | "work"
                    ) && self
                        .tokens
                        .iter()
                        .any(|t| matches!(t.role, Some(Role::Performance)));
                    if bare && !about_posts && !names_a_piece {
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
                    // ("my tips posts should be getting saved": what the asker expects.)
                    // ("my tips posts": posts of tips.)
                    let expects = (token.text == "should"
                        && matches!(
                            self.word(token.at + 1),
                            "be" | "get" | "getting" | "have" | "been"
                        )
                        && !matches!(
                            self.word(token.at.saturating_sub(1)),
                            "what" | "which" | "how" | "when" | "where" | "who"
                        ))
                        || (matches!(token.text.as_str(), "tips" | "tip")
                            && self.token_at(token.at + 1).is_some_and(|next| {
                                matches!(next.role, Some(Role::Posts | Role::Media(_)))
                            }));
                    if (token.text != "should" || about_posting) && !expects {
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
                // "I usually post at like 9pm", "the 6am HIIT one": an hour told.
                Role::PartOfDay
                    if token.text.chars().any(|c| c.is_ascii_digit())
                        && (self.sentence.story(token.clause)
                            || self.sentence.statement(token.clause)
                            || !self.sentence.clause_asks(token.clause)) =>
                {
                    s.ignored.push(token.at);
                }
                // "so evenings are easier for me": when the asker can post, told.
                Role::PartOfDay
                    if matches!(self.word(token.at + 1), "is" | "are" | "suit" | "suits")
                        && (matches!(
                            self.word(token.at + 2),
                            "easier" | "easiest" | "me" | "us"
                        ) || (matches!(
                            self.word(token.at + 2),
                            "better" | "best" | "good"
                        ) && self.word(token.at + 3) == "for")) =>
                {
                    s.ignored.push(token.at);
                }
                Role::PartOfDay => s.part_of_day = true,
                Role::DayOfWeek => s.day_of_week = true,
                Role::Format => s.format = true,
                Role::Unseen(unseen) => {
                    // "nan wants to know how many people follow her page": asked on her
                    // behalf, her page is the account.
                    let behalf = matches!(token.text.as_str(), "her" | "his") && self.on_behalf();
                    if !dismissed_clause && !behalf {
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
                            "top"
                                | "best"
                                | "show"
                                | "me"
                                | "first"
                                | "bottom"
                                | "worst"
                                | "the"
                                | "which"
                        )
                        || tokens.len() <= 3;
                    // "Which posts did worst in October? 3 please": a number on its own.
                    let alone = tokens.iter().all(|t| {
                        t.clause != token.clause
                            || t.at == token.at
                            || matches!(t.role, Some(Role::Filler))
                    }) && tokens
                        .iter()
                        .any(|t| matches!(t.role, Some(Role::Highest | Role::Lowest)));
                    if s.number.is_none() && (near || alone) {
                        s.number = Some(*n);
                    }
                }
                Role::Milestone => s.milestone = true,
                Role::OffTopic => {
                    s.off_topic = true;
                    // Code and jokes are refused even about the account ("a joke about
                    // engagement rates").
                    s.code |= matches!(
                        token.text.as_str(),
                        "python"
                            | "javascript"
                            | "sql"
                            | "html"
                            | "regex"
                            | "joke"
                            | "jokes"
                            | "poem"
                    );
                }
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
                    // "how was my account last weekend", "hows my page doing": the account,
                    // how it did.
                    "account" | "page" | "profile" | "insta" | "ig" | "instagram"
                        if self.how_is(token) =>
                    {
                        s.performance = true;
                        s.how_did = true;
                    }
                    // "how did my reels do", "how did it go": how something did.
                    "do" | "did" | "go" | "help" | "helped" if self.ends_how_question(token) => {
                        s.performance = true;
                        s.how_did = true;
                    }
                    "see" | "saw" | "seen" => s.see = true,
                    "which" if self.word(token.at + 1) == "one" => s.which_one = true,
                    "which" if self.word(token.at + 1) == "of" => which_of = true,
                    // "which pupdate got the most comments", "which got the most likes": a
                    // word Pulse does not know, in the singular, after "which" — one thing.
                    "which"
                        if {
                            let next = self.word(token.at + 1);
                            next.len() > 2
                                && !next.ends_with('s')
                                && next.chars().all(|c| c.is_ascii_alphabetic())
                                && !matches!(
                                    next,
                                    "the"
                                        | "are"
                                        | "were"
                                        | "would"
                                        | "should"
                                        | "could"
                                        | "can"
                                        | "did"
                                        | "do"
                                        | "you"
                                        | "ones"
                                        | "way"
                                )
                                && self
                                    .token_at(token.at + 1)
                                    .is_none_or(|t| matches!(t.role, None | Some(Role::Filler)))
                                // ("which bike posts": posts, described.)
                                && !self.token_at(token.at + 2).is_some_and(|t| {
                                    matches!(t.role, Some(Role::Posts | Role::Media(_)))
                                        && t.text.ends_with('s')
                                })
                        } =>
                    {
                        s.which_one = true
                    }
                    "mine" | "me" | "myself" | "instagram" | "insta" | "ig" => s.mine = true,
                    _ => {}
                },
            }
        }
        (s, dismissed, which_of)
    }

    /// What the whole part says, read after the roles of its tokens: the words around them,
    /// figures read from other words, and what the signals mean together.
    fn part_signals(
        &self,
        mut s: Signals,
        dismissed: Option<(usize, usize)>,
        which_of: bool,
    ) -> Signals {
        let tokens = &self.tokens;
        // "is my engagement flopping": how the figure does, with no posts to rank.
        let judged = tokens
            .iter()
            .filter(|t| matches!(t.role, Some(Role::Highest | Role::Lowest)))
            .collect::<Vec<_>>();
        if !judged.is_empty()
            && judged
                .iter()
                .all(|t| lexicon::RANKS_WITHOUT_PICKING.contains(&t.text.as_str()))
            && !s.posts
            && s.media.is_empty()
            && !s.metrics.is_empty()
        {
            s.highest = false;
            s.lowest = false;
            s.performance = true;
        }
        // "how many of my followers play the violin", "which of our followers are pregnant":
        // something about them Pulse does not know (what it knows is where they are, their
        // ages and genders).
        let words = &self.sentence.words;
        let some_of_them = words.windows(4).position(|w| {
            matches!(w[0].as_str(), "many" | "which" | "who" | "whom")
                && w[1] == "of"
                && matches!(w[2].as_str(), "my" | "our" | "the")
                && matches!(w[3].as_str(), "followers" | "follower" | "audience")
        });
        if let Some(at) = some_of_them {
            // ("how many of my followers are in Bristol": a place, which Pulse knows.)
            let in_a_place = s.unknown.iter().any(|(_, position)| {
                matches!(
                    words[position.saturating_sub(1)].as_str(),
                    "in" | "from" | "near" | "around" | "based"
                )
            });
            let about_them =
                !in_a_place && s.unknown.iter().any(|(_, position)| *position > at + 3);
            if about_them
                && !(s.place || s.age || s.gender || s.online)
                && s.metrics.is_empty()
                && s.unseen.is_empty()
            {
                s.unseen.push(Unseen::PersonalData);
            }
        }
        // "how many rugs did I sell from Instagram", "how many customers order from
        // Instagram": sales Pulse cannot see.
        let sold = words.iter().any(|w| {
            matches!(
                w.as_str(),
                "sell" | "sold" | "order" | "ordered" | "buy" | "bought" | "signed" | "booked"
            )
        });
        let because_of_instagram = words.windows(2).any(|w| {
            matches!(w[0].as_str(), "from" | "of" | "through" | "off" | "via")
                && matches!(w[1].as_str(), "instagram" | "insta" | "ig")
        });
        if s.how_many && sold && because_of_instagram && s.unseen.is_empty() {
            s.unseen.push(Unseen::Money);
        }
        // "the comments asking about party bookings or prices": buyers in the comments, not
        // bookings Pulse cannot see.
        if s.leads && self.about_comments() {
            s.unseen.retain(|unseen| *unseen != Unseen::Offline);
        }
        // "are we getting more likes or less": which way a named figure goes, as "more or
        // less" does.
        let either_way = tokens.iter().any(|later| {
            matches!(later.role, Some(Role::More | Role::Less))
                && self.word(later.at.saturating_sub(1)) == "or"
                && tokens.iter().any(|earlier| {
                    earlier.at + 5 >= later.at
                        && earlier.at + 1 < later.at
                        && matches!(
                            (&earlier.role, &later.role),
                            (Some(Role::More), Some(Role::Less))
                                | (Some(Role::Less), Some(Role::More))
                        )
                })
        });
        if either_way && !s.metrics.is_empty() {
            s.trend = true;
            s.more = false;
            s.less = false;
        }
        // "which of my posts did best" or "had more saves": one post; "which of my posts
        // flopped": those that did, unless one is meant ("… I want to delete it").
        if which_of {
            let picks_one = tokens.iter().any(|t| {
                matches!(
                    t.role,
                    Some(Role::Highest | Role::Lowest | Role::More | Role::Less)
                ) && !lexicon::RANKS_WITHOUT_PICKING.contains(&t.text.as_str())
            }) || self.sentence.words.iter().any(|w| w == "it");
            s.which_one = true;
            s.which_of_many = s.plural == Some(true) && !picks_one;
        }
        // "what percent of the people who see my posts interact": the engagement rate.
        if s.rate && s.metrics.contains(&Metric::Interactions) && !s.followers {
            s.metrics.retain(|m| *m == Metric::EngagementRate);
            s.metrics.insert(0, Metric::EngagementRate);
        }
        // "which is the post with more likes": the most; "my reel with less views": the least.
        if (s.more != s.less)
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
            if s.more {
                s.highest = true;
            } else {
                s.lowest = true;
            }
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
        // One part of the day named ("the evening", "in the morning"), not parts of the
        // day asked about ("by time of day"): told beside a one-day question ("our reach on
        // Saturday, the evening of the late opening"), or the hour asked within it ("the
        // best time to post in the morning").
        if s.part_of_day {
            let parts: Vec<usize> = self
                .tokens
                .iter()
                .filter(|t| matches!(t.role, Some(Role::PartOfDay)))
                .map(|t| t.at)
                .collect();
            let only_named = parts
                .iter()
                .all(|&at| matches!(self.word(at), "morning" | "afternoon" | "evening" | "night"));
            let one_day = self.sentence.mentions.iter().any(|m| match &m.when {
                When::Period(period) => {
                    let range = period.resolve(self.sentence.today);
                    range.first == range.last
                }
                _ => false,
            });
            let ranked = s.highest || s.lowest || s.more || s.less || s.when || s.time;
            let told = parts.len() == 1 && one_day && !ranked;
            if only_named && (told || s.time) {
                s.part_of_day = false;
                s.ignored.extend(parts);
            }
        }
        // "how many of my followers are 18-24", "followers aged 25 to 34": an age group.
        let age_group = self.tokens.iter().any(|t| {
            matches!(t.role, Some(Role::Number(low)) if (13..=65).contains(&low))
                && matches!(self.word(t.at + 1), "to" | "and")
                && self.token_at(t.at + 2).is_some_and(|high| {
                    matches!((&t.role, &high.role), (Some(Role::Number(low)), Some(Role::Number(high))) if high > low && *high <= 65)
                })
        });
        if s.followers && age_group {
            s.age = true;
            s.number = None;
        }
        // "my last cosplay post", "our newest dog pic": the newest post, described.
        let newest_described = self.tokens.iter().any(|t| {
            matches!(
                t.text.as_str(),
                "last" | "latest" | "newest" | "most recent"
            ) && self
                .token_at(t.at + 1)
                .is_some_and(|next| next.role.is_none())
                && self.token_at(t.at + 2).is_some_and(|noun| {
                    matches!(noun.role, Some(Role::Posts | Role::Media(_)))
                        && !noun.text.ends_with('s')
                })
        });
        if newest_described && self.mentions.is_empty() {
            s.latest = true;
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
        // "compare our ER to The Ordinary's": to someone Pulse does not know ("better than
        // the key cutting one" is a post of the account's own).
        if s.compare
            && self.mentions.is_empty()
            && self.tokens.iter().any(|t| {
                matches!(
                    t.text.as_str(),
                    "to" | "with" | "than" | "vs" | "against" | "versus"
                ) && (1..=2).any(|k| self.token_at(t.at + k).is_some_and(|n| n.role.is_none()))
                    && !(1..=4).any(|k| {
                        self.token_at(t.at + k).is_some_and(|n| {
                            matches!(n.text.as_str(), "one" | "ones")
                                || matches!(n.role, Some(Role::Posts | Role::Media(_)))
                        })
                    })
            })
        {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        // "which of my followers live in …, I want names": who they are.
        if s.followers
            && s.who
            && s.metrics.is_empty()
            && !s.commenters
            // ("from which countries they are coming": where, not who.)
            && !((s.place || s.age || s.gender)
                && !self.sentence.words.iter().enumerate().any(|(at, w)| {
                    matches!(w.as_str(), "handles" | "names" | "usernames")
                        || (w == "which"
                            && !self
                                .token_at(at + 1)
                                .is_some_and(|n| matches!(n.role, Some(Role::Where | Role::Age | Role::Gender))))
                }))
        {
            s.unseen.push(Unseen::PersonalData);
        }
        // "other bakers", "the average for fitness coaches": accounts that are not this one
        // (unless set aside: "not other bakers, me").
        if (self.other_accounts(&s) && dismissed.is_none()) || self.someone_elses_figures(&s) {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        let words = &self.sentence.words;
        // "how many of my followers are in Bristol": where they are, a place Pulse does not
        // know by name.
        if s.followers
            && !s.place
            && words.windows(3).enumerate().any(|(at, w)| {
                matches!(w[0].as_str(), "are" | "live" | "living" | "based")
                    && w[1] == "in"
                    && self.token_at(at + 2).is_some_and(|t| t.role.is_none())
            })
        {
            s.place = true;
        }
        // "which of our patients follow us", "which of our followers live in Frome": who
        // they are.
        if words.windows(5).any(|w| {
            w[0] == "which"
                && w[1] == "of"
                && matches!(w[2].as_str(), "our" | "my" | "the")
                && (matches!(w[4].as_str(), "follow" | "follows" | "followed")
                    || (matches!(w[3].as_str(), "followers" | "audience")
                        && matches!(w[4].as_str(), "live" | "come" | "work")))
        }) || words.windows(6).any(|w| {
            w[0] == "which"
                && w[1] == "of"
                && matches!(w[2].as_str(), "our" | "my" | "the")
                && matches!(w[3].as_str(), "followers" | "audience")
                && matches!(w[4].as_str(), "are" | "were" | "is")
                && !matches!(
                    w[5].as_str(),
                    "most" | "the" | "more" | "top" | "best" | "online" | "active"
                )
                // ("which of my followers are commenting the most": the fans.)
                && !s.highest
                && !s.commenters
                && s.metrics.is_empty()
        }) {
            s.unseen.push(Unseen::PersonalData);
        }
        // "how many people came to the museum because of Instagram", "how many customer
        // come to kiosk from instagram": visits, which happen off Instagram.
        let came_because_of_instagram = words.iter().enumerate().any(|(at, w)| {
            matches!(
                w.as_str(),
                "came"
                    | "come"
                    | "comes"
                    | "visited"
                    | "visit"
                    | "walked"
                    | "popped"
                    | "order"
                    | "ordered"
                    | "bought"
                    | "booked"
            ) && words.iter().skip(at + 1).take(6).any(|w| {
                matches!(
                    w.as_str(),
                    "because" | "from" | "through" | "via" | "thanks"
                )
            }) && words
                .iter()
                .skip(at + 1)
                .take(9)
                .any(|w| matches!(w.as_str(), "instagram" | "insta" | "ig" | "gram"))
        });
        if came_because_of_instagram {
            s.unseen.push(Unseen::Offline);
        }
        // "can you check whether John Byrne follows us", "does my ex follow me": whether
        // someone follows.
        let whether_someone_follows = words.windows(2).enumerate().any(|(at, w)| {
            matches!(w[0].as_str(), "follows" | "follow")
                && matches!(w[1].as_str(), "us" | "me")
                && words[..at]
                    .iter()
                    .any(|b| matches!(b.as_str(), "whether" | "if" | "does"))
                && !words[..at].iter().any(|b| {
                    matches!(
                        b.as_str(),
                        "many" | "people" | "who" | "everyone" | "anyone"
                    )
                })
        });
        if whether_someone_follows {
            s.unseen.push(Unseen::PersonalData);
        }
        // "how many of our followers also follow PureGym": another account's followers.
        let follow_someone_else = words.windows(2).enumerate().any(|(at, w)| {
            matches!(w[0].as_str(), "follow" | "follows" | "following")
                && at > 0
                && words[at - 1] == "also"
                && self.token_at(at + 1).is_some_and(|t| t.role.is_none())
                && w[1] != "us"
                && w[1] != "me"
        });
        if follow_someone_else {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        // A handle spelled out ("at jenny underscore k").
        if self.sentence.words.iter().any(|w| w == "underscore") {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        // "which couples comment most on my posts", "which mum comments on my stuff the
        // most": people, named in the asker's own word.
        if words.windows(3).enumerate().any(|(at, w)| {
            w[0] == "which"
                && self.token_at(at + 1).is_some_and(|t| t.role.is_none())
                && matches!(w[2].as_str(), "comment" | "comments" | "commented")
        }) && (s.highest || s.more)
        {
            s.commenters = true;
        }
        // "the ER for October by reach", "engagement rate compared with September, by reach":
        // the rate's basis, not a second figure.
        // (Both bases named, "by followers vs by reach", are two questions.)
        let by_followers = self.tokens.iter().any(|t| {
            matches!(t.role, Some(Role::Followers)) && self.word(t.at.saturating_sub(1)) == "by"
        });
        if (s.metrics.contains(&Metric::EngagementRate) || s.rate) && !by_followers {
            let basis: Vec<usize> = self
                .tokens
                .iter()
                .filter(|t| {
                    matches!(t.role, Some(Role::Metric(Metric::Reach)))
                        && self.word(t.at.saturating_sub(1)) == "by"
                })
                .map(|t| t.at)
                .collect();
            if !basis.is_empty() {
                s.metrics.retain(|m| *m != Metric::Reach);
                s.ignored.extend(basis);
            }
        }
        // "total engagement — likes, comments, saves and shares together": interactions.
        let all_four = [
            Metric::Likes,
            Metric::Comments,
            Metric::Saves,
            Metric::Shares,
        ]
        .iter()
        .all(|m| s.metrics.contains(m));
        if all_four
            && (s.total
                || words
                    .iter()
                    .any(|w| matches!(w.as_str(), "together" | "combined" | "altogether")))
        {
            s.metrics.retain(|m| {
                !matches!(
                    m,
                    Metric::Likes
                        | Metric::Comments
                        | Metric::Saves
                        | Metric::Shares
                        | Metric::EngagementRate
                )
            });
            s.metrics.insert(0, Metric::Interactions);
            s.rate = false;
            s.all_interactions = true;
            s.ignored.extend(self.tokens.iter().filter_map(|t| {
                matches!(
                    t.role,
                    Some(Role::Metric(
                        Metric::Likes
                            | Metric::Comments
                            | Metric::Saves
                            | Metric::Shares
                            | Metric::EngagementRate
                    ))
                )
                .then_some(t.at)
            }));
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
    /// Whether the token follows "how is", "how was", "hows" (and "my", "the") in its clause.
    pub(super) fn how_is(&self, token: &Token) -> bool {
        let words = &self.sentence.words;
        let mut k = token.at;
        while k > 0 && matches!(words[k - 1].as_str(), "my" | "the" | "our" | "this") {
            k -= 1;
        }
        let before = |n: usize| {
            k.checked_sub(n)
                .filter(|at| self.sentence.clauses[*at] == token.clause)
                .map_or("", |at| words[at].as_str())
        };
        before(1) == "hows"
            || (before(2) == "how" && matches!(before(1), "is" | "was" | "are" | "were" | "s"))
    }

    pub(super) fn ends_how_question(&self, token: &Token) -> bool {
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
    pub(super) fn about_comments(&self) -> bool {
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
    pub(super) fn followers_apart(&self) -> bool {
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
    pub(super) fn other_accounts(&self, s: &Signals) -> bool {
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
                && !word.ends_with("ss")
                && self.token_at(at).is_some_and(|t| {
                    t.role.is_none() || matches!(t.role, Some(Role::People)) || accounts
                })
        };
        // "other bakers", "other salon near me"
        let after_other = self.tokens.iter().any(|t| {
            t.text == "other"
                && ((1..=2).any(|k| unknown_plural(t.at + k))
                    || (self.token_at(t.at + 1).is_some_and(|n| n.role.is_none())
                        && (s.followers || !s.metrics.is_empty())))
        });
        // ("I run the account for a seagrass project, what's our ER": told, not compared.)
        let benchmark = (s.average || s.rate || s.metrics.contains(&Metric::EngagementRate))
            && self.tokens.iter().any(|t| {
                matches!(t.text.as_str(), "for" | "among")
                    && !self.sentence.story(t.clause)
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
                            | "blogger"
                            | "bloggers"
                            | "vlogger"
                            | "vloggers"
                            | "youtuber"
                            | "youtubers"
                    )
                })
        });
        // "which of my clients is doing best", "across all the accounts I manage"
        let several_accounts = self.tokens.iter().any(|t| {
            let group = |at: usize| {
                matches!(
                    self.word(at),
                    "accounts" | "clients" | "pages" | "brands" | "profiles"
                )
            };
            (t.text == "across" && (1..=3).any(|k| group(t.at + k)))
                || (t.text == "which" && self.word(t.at + 1) == "of" && group(t.at + 3))
        });
        // "the gym down the road", "the cafe next door": a business nearby, not this one.
        let words = &self.sentence.words;
        let nearby = words.windows(4).any(|w| {
            matches!(
                (w[1].as_str(), w[2].as_str(), w[3].as_str()),
                ("down" | "up" | "across", "the", "road" | "street")
                    | ("round" | "around", "the", "corner")
            ) && w[0].len() > 2
                && !matches!(w[0].as_str(), "me" | "us" | "live" | "lives" | "living")
        }) || words
            .windows(3)
            .any(|w| w[1] == "next" && w[2] == "door" && w[0].len() > 2);
        after_other || benchmark || average_account || several_accounts || nearby
    }

    /// Whether the figures asked for belong to someone named in the question: "how many
    /// followers does ninja have", "how many followers have Zara now", "my mate Dave has
    /// three times my followers", "… they have more followers than me?".
    fn someone_elses_figures(&self, s: &Signals) -> bool {
        if !s.followers && s.metrics.is_empty() {
            return false;
        }
        const ME: &[&str] = &[
            "i",
            "we",
            "me",
            "us",
            "my",
            "our",
            "mine",
            "ours",
            "you",
            "it",
            "this",
            "that",
            "the",
            "a",
            "account",
            "page",
            "profile",
            "post",
            "posts",
            "reel",
            "reels",
            "each",
            "every",
            "people",
            "followers",
            "they",
            "them",
        ];
        const OWNING: &[&str] = &["have", "has", "get", "gets", "got"];
        const SOMEONE: &[&str] = &[
            "mate",
            "friend",
            "sister",
            "brother",
            "cousin",
            "boss",
            "ex",
            "neighbour",
            "neighbor",
            "colleague",
            "mum",
            "mom",
            "dad",
            "bf",
            "gf",
            "boyfriend",
            "girlfriend",
            "partner",
            "husband",
            "wife",
            "bestie",
        ];
        let words = &self.sentence.words;
        let word = |at: usize| words.get(at).map_or("", String::as_str);
        let unknown = |at: usize| {
            self.token_at(at).is_some_and(|t| t.role.is_none()) && !ME.contains(&word(at))
        };
        let from = self.tokens.iter().map(|t| t.at).min().unwrap_or(0);
        let to = self.tokens.iter().map(|t| t.at + 1).max().unwrap_or(0);
        (from..to).any(|at| {
            // "does ninja have", "did the costa coffee across the road get"
            let asked_of = matches!(word(at), "does" | "did" | "do")
                && (1..=7).any(|k| {
                    OWNING.contains(&word(at + k))
                        && (at + 1..at + k).any(unknown)
                        && (at + 1..at + k).all(|j| {
                            // "does the vans skate account have": theirs, named.
                            matches!(word(j), "the" | "a" | "account" | "page" | "profile")
                                || !(ME.contains(&word(j))
                                    || self.token_at(j).is_some_and(|t| {
                                        matches!(
                                            t.role,
                                            Some(Role::Media(_) | Role::Posts | Role::Metric(_))
                                        )
                                    }))
                        })
                });
            // "followers have zara now"
            let owned_by = matches!(word(at), "have" | "has")
                && at > 0
                && matches!(
                    word(at - 1),
                    "followers" | "likes" | "views" | "subscribers"
                )
                && unknown(at + 1);
            // "my mate dave has", "my sister gets"
            let figure = |j: usize| {
                self.token_at(j)
                    .is_some_and(|t| matches!(t.role, Some(Role::Followers | Role::Metric(_))))
            };
            let relation = SOMEONE.contains(&word(at))
                && (1..=2).any(|k| {
                    OWNING.contains(&word(at + k))
                        || (word(at + k) == "s"
                            && (matches!(word(at + k + 1), "account" | "page" | "insta" | "ig")
                                || figure(at + k + 1)))
                });
            // "they have more followers than me" (not "my mate's salon does better than me,
            // is my engagement better": no figure of theirs)
            let than_me = (word(at) == "than"
                || (matches!(word(at), "to" | "with")
                    && at > 0
                    && matches!(word(at - 1), "compared" | "comparing")))
                && matches!(word(at + 1), "me" | "us" | "mine" | "ours")
                && (from..at)
                    .any(|j| figure(j) && self.sentence.clauses[j] == self.sentence.clauses[at]);
            // Told beside the question ("my friend's account grows faster than mine. how
            // many followers did I gain"), unless the question is about them ("… what's he
            // doing that I'm not?").
            let clause = self.sentence.clauses[at];
            let told = self.sentence.story(clause) || self.sentence.statement(clause);
            let asked_about = (from..to).any(|j| {
                self.sentence.clauses[j] != clause
                    && matches!(
                        word(j),
                        "he" | "she" | "they" | "his" | "her" | "their" | "them"
                    )
            });
            // "my cousin has more likes than me, how?": nothing else asked about.
            let asked_elsewhere = self.tokens.iter().any(|t| {
                t.clause != clause
                    && matches!(
                        t.role,
                        Some(Role::Followers | Role::Metric(_) | Role::Posts | Role::Media(_))
                    )
            });
            asked_of
                || owned_by
                || ((relation || than_me) && (!told || asked_about || !asked_elsewhere))
        })
    }

    /// Whether the question is asked for someone else who owns the account: "she wants to
    /// know…", "nan asks…", "this is her grandson typing", "my boss is asking…".
    pub(super) fn on_behalf(&self) -> bool {
        let words = &self.sentence.words;
        let asker = |w: &str| {
            matches!(
                w,
                "she"
                    | "he"
                    | "nan"
                    | "nana"
                    | "gran"
                    | "granny"
                    | "grandma"
                    | "grandad"
                    | "mum"
                    | "mom"
                    | "dad"
                    | "boss"
                    | "owner"
                    | "wife"
                    | "husband"
            )
        };
        let asks = |w: &[String]| {
            matches!(
                (w[0].as_str(), w[1].as_str()),
                ("wants", "to")
                    | ("asks", _)
                    | ("says", _)
                    | ("asked", "me")
                    | ("would", "like")
                    | ("is", "asking")
                    | ("wanted", "to")
            )
        };
        words.windows(3).any(|w| asker(&w[0]) && asks(&w[1..]))
            || words.windows(2).any(|w| {
                matches!(
                    w[0].as_str(),
                    "grandson" | "granddaughter" | "son" | "daughter"
                ) && matches!(w[1].as_str(), "typing" | "here" | "writing")
            })
            || words.windows(2).any(|w| w[0] == "on" && w[1] == "behalf")
    }

    /// The periods of the part, strong ones first; weak ones ("in total", a holiday,
    /// "lately") only without them.
    pub(super) fn periods(&self) -> Vec<When> {
        let mut strong: Vec<&when::Mention> =
            self.mentions.iter().copied().filter(|m| !m.weak).collect();
        // A period in a story beside the question is the story's ("the board meets thursday.
        // how many posts did we publish in Q3?", "… last summer? I shot more this year").
        let told = |m: &&when::Mention| self.sentence.story(self.sentence.clauses[m.start]);
        if strong.iter().any(|m| !told(m)) {
            strong.retain(|m| !told(m));
        }
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

pub(super) fn latest_media(text: &str) -> Option<MediaKind> {
    let last = text.rsplit(' ').next()?;
    match last {
        "reel" => Some(MediaKind::Reel),
        "photo" | "pic" => Some(MediaKind::Image),
        "video" => Some(MediaKind::Video),
        "carousel" => Some(MediaKind::Carousel),
        _ => None,
    }
}
