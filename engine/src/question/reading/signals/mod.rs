//! What the roles of a part add up to ([`Signals`]): the metrics, types of post, subjects
//! and ways of asking it names, with negation and dismissal applied. A [`Part`] is the whole
//! question or one side of a two-part question.

mod counts;
mod direction;
mod follows;
mod hours_told;
mod off_instagram;
mod one_type;
mod periods;
mod tokens;
mod when_asked;
mod which;
mod whole_part;
mod whose;

use super::decide::is_head;
use super::sentence::{Sentence, Token};
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::question::lexicon::{PeriodUnit, Role, Unseen};
use crate::question::when::{self, Mention};
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
    /// "the reel I posted yesterday": a post described by its posting, which is not asked.
    pub(super) describes_post: bool,
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
    /// "worst", "flopped": the bottom by judgement, not by a count ("fewest", "lowest").
    pub(super) judged_low: bool,
    pub(super) more: bool,
    /// "3 more", "another 2": that many more of the same list.
    pub(super) more_of_them: bool,
    pub(super) less: bool,
    pub(super) how_many: bool,
    pub(super) total: bool,
    pub(super) average: bool,
    pub(super) rate: bool,
    pub(super) compare: bool,
    /// "better or worse", "up or down": which way, either.
    pub(super) either_way: bool,
    /// "this month vs last": the period named, against the one before it of its kind.
    pub(super) against_last: bool,
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
    /// "the one with the fewest" (1), "which ones did worst" (5): how many posts a follow-up
    /// picks, though it names none.
    pub(super) picks: Option<usize>,
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
/// Words for the account itself, after a question about another ("and mine?", "ok, and
/// ours?", "what about on insta").
pub(super) const MINE: &[&str] = &["mine", "me", "myself", "ours", "instagram", "insta", "ig"];

pub(super) const NAMING: &[&str] = &["who", "whos", "whom", "usernames", "names", "handles"];

/// Whether a holiday is named in what the asker plans, beside a question of its own ("Who are
/// my biggest fans? I'd like to send them a card at Christmas"): the coming one, not a period
/// asked about.
fn planned_occasion(sentence: &Sentence, mention: &when::Mention) -> bool {
    let clause = sentence.clauses[mention.start];
    // (A weekday in a plan is the coming one: "want to give them a shout-out on Sunday".)
    (mention.weak || mention.weekday.is_some())
        && (0..clause).any(|earlier| sentence.clause_asks(earlier))
        && (0..mention.start)
            .filter(|at| sentence.clauses[*at] == clause)
            .any(|at| {
                let word = |k: usize| sentence.words.get(k).map_or("", String::as_str);
                // ("I'd like to see what worked at christmas": a period asked about.)
                let to_learn = matches!(
                    word(at + 2),
                    "see" | "know" | "check" | "find" | "look" | "compare" | "understand"
                );
                !to_learn
                    && matches!(
                        (word(at), word(at + 1)),
                        (
                            "like" | "love" | "going" | "planning" | "hoping" | "want" | "need",
                            "to"
                        ) | ("gonna" | "wanna" | "will" | "ill" | "shall", _)
                    )
            })
}

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
        // ("And is that more or less than the week before? I was away and did not post a
        // single thing.": the figure just given, named nowhere in the words, set against
        // another time; the story names nothing asked.)
        let asked = |t: &&&Token| sentence.clause_asks(t.clause);
        let compares_the_figure = within.iter().filter(asked).any(|t| {
            matches!(t.role, Some(Role::Reference)) && matches!(t.text.as_str(), "that" | "it")
        }) && within
            .iter()
            .filter(asked)
            .any(|t| matches!(t.role, Some(Role::More | Role::Less | Role::Compare)))
            && !within
                .iter()
                .any(|t| matches!(t.role, Some(Role::Metric(_) | Role::Followers | Role::Rate)));
        let question_has_subject = compares_the_figure
            || within
                .iter()
                .any(|t| sentence.clause_asks(t.clause) && t.role.as_ref().is_some_and(is_head));
        // "Morning! Which post had the most saves in June?": a greeting, not a part of the day
        // (at the start, not among the choices: "which slots are best, morning, afternoon?").
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
                    .filter(|(_, c)| **c <= t.clause)
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
        let points_back = !compares_the_figure
            && within.iter().any(|t| {
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
                        // ("We are making a video for our fans. …")
                        | Role::Commenters
                        // ("… by comments? people love asking about the monstera")
                        | Role::People
                        // ("We tow the sauna trailer up most weekends now")
                        | Role::DayOfWeek
                        // ("Our audience is mostly retired folk and young families")
                        | Role::Age
                        | Role::Gender
                )
            ) || (matches!(t.role, Some(Role::Number(_)))
                // ("Quiet afternoon, two customers and the cat."; not "The top three would be
                // lovely".)
                && sentence
                    .tokens
                    .iter()
                    .find(|next| next.at > t.at)
                    .is_some_and(|next| matches!(next.role, None | Some(Role::People))));
            // ("… on Australia Day? I have many followers from Sydney.": told after the
            // question ended.)
            let followers_after =
                matches!(t.role, Some(Role::Followers)) && sentence.asked_before(t.clause);
            (named || followers_after) && !points_back
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
        // ("my little videos (I believe they are called reels)": what they are called, told
        // to name what is asked.)
        let names_it =
            |t: &Token| t.at > 0 && matches!(sentence.words[t.at - 1].as_str(), "called" | "named");
        let story = |t: &Token| {
            question_has_subject
                && statements.contains(&t.clause)
                && (told_subject(t) || told_judgement(t))
                && !names_it(t)
        };
        // "In Newroz time (March) we post many photo of bread. Did we get more likes in
        // October than March?": when a story happened is not the question's period when the
        // question names its own.
        let in_range = |m: &&Mention| m.start >= from && m.start < to && !m.weak;
        let question_has_period = sentence
            .mentions
            .iter()
            .filter(in_range)
            .any(|m| sentence.clause_asks(sentence.clauses[m.start]));
        // (Or another time asked anywhere in the question: "My wife make the Instagram for
        // me last year. How many followers I have and how many I get this month?"; not the
        // same day again: "the stall on saturday … how many did i pick up that day".)
        let other_time_asked = |told: &Mention| {
            sentence.mentions.iter().any(|m| {
                !m.weak && m.when != told.when && sentence.clause_asks(sentence.clauses[m.start])
            })
        };
        // (Weekdays told, "I do Tuesdays at Rosewood", still say which days a question
        // about weekdays compares.)
        let question_has_weekday = sentence
            .mentions
            .iter()
            .filter(in_range)
            .any(|m| m.weekday.is_some() && sentence.clause_asks(sentence.clauses[m.start]));
        let told_period = |m: &&Mention| {
            !(m.weekday.is_some() && question_has_weekday)
                && statements.contains(&sentence.clauses[m.start])
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
                .filter(|m| !planned_occasion(sentence, m))
                .filter(|m| !(told_period(m) && (question_has_period || other_time_asked(m))))
                .collect(),
        }
    }

    pub(super) fn word(&self, at: usize) -> &str {
        self.sentence.words.get(at).map_or("", String::as_str)
    }

    /// Whether the newest post is only told of, in a story, while the question asks of a
    /// day of its own and does not point back ("i just did a haul drop on thursday 💅 how
    /// many comments did i get thursday").
    fn newest_told_beside_a_day(&self, token: &Token) -> bool {
        self.sentence.story(token.clause)
            && self.mentions.iter().any(|m| {
                let clause = self.sentence.clauses[m.start];
                clause != token.clause && self.sentence.clause_asks(clause)
            })
            && !self.tokens.iter().any(|t| {
                t.clause != token.clause
                    && matches!(t.text.as_str(), "it" | "that" | "this" | "its")
            })
    }

    pub(super) fn token_at(&self, at: usize) -> Option<&'s Token> {
        self.tokens.iter().find(|t| t.at == at).copied()
    }

    pub(super) fn signals(&self) -> Signals {
        let (s, dismissed, which_of) = self.token_signals();
        let mut s = self.part_signals(s, dismissed, which_of);
        // "3 more please", "another 2": more of the list just given, not a comparison.
        if s.number.is_some()
            && self.tokens.iter().any(|t| {
                matches!(t.role, Some(Role::Number(_)))
                    && (self.word(t.at + 1) == "more"
                        || (t.at > 0 && self.word(t.at - 1) == "another"))
            })
        {
            s.more_of_them = true;
            s.more = false;
        }
        self.better_this_time(&mut s);
        self.one_thing(&mut s);
        // "post of the week", "reel of the month": the best one of it.
        let post_of_the_unit = self.tokens.iter().any(|t| {
            matches!(t.role, Some(Role::Posts | Role::Media(_)))
                && !t.text.ends_with('s')
                && self.word(t.at + 1) == "of"
                && self.word(t.at + 2) == "the"
                && matches!(self.word(t.at + 3), "week" | "month" | "year")
        });
        if post_of_the_unit && !s.highest && !s.lowest && !s.latest {
            s.highest = true;
        }
        // "worst 3, same metric": the bottom of the same figure, not a judgement.
        if self.sentence.words.windows(2).any(|pair| {
            pair[0] == "same" && matches!(pair[1].as_str(), "metric" | "figure" | "measure")
        }) {
            s.judged_low = false;
        }
        // "the reel I posted yesterday", "the one we put up on Sunday": which post, not
        // posting.
        let describes_a_post = self.tokens.iter().any(|t| {
            if !matches!(t.role, Some(Role::Publish)) {
                return false;
            }
            let mut at = t.at;
            while at > 0
                && matches!(
                    self.word(at - 1),
                    "i" | "we" | "u" | "you" | "just" | "had" | "have" | "recently" | "that"
                )
            {
                at -= 1;
            }
            at < t.at
                && at > 0
                && (self.word(at - 1) == "one"
                    || self.token_at(at - 1).is_some_and(|noun| {
                        matches!(noun.role, Some(Role::Posts | Role::Media(_)))
                            && !noun.text.ends_with('s')
                    }))
        });
        if describes_a_post {
            s.publish = false;
            s.describes_post = true;
        }
        self.one_post_of_a_type(&mut s);
        // "which ones did worst", "and the one with the fewest": how many, though no post is
        // named.
        for token in &self.tokens {
            if token.text == "ones"
                && matches!(self.word(token.at.saturating_sub(1)), "which" | "the")
            {
                s.plural.get_or_insert(true);
                s.picks = Some(5);
            } else if matches!(token.text.as_str(), "the one" | "which one") {
                s.picks = Some(1);
            }
        }
        // "… which was the least liked?": one, though "one" is not said.
        if s.which_one
            && s.picks.is_none()
            && s.plural != Some(true)
            && self.tokens.iter().any(|t| t.text == "which")
        {
            s.picks = Some(1);
        }
        s
    }
}

impl<'s> Part<'s> {
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
            // ("how did my account do last week then?": a "then" closing it; "how did the
            // launch do compared to usual": the same asked against the rest.)
            .all(|t| {
                matches!(
                    t.role,
                    None | Some(Role::Filler | Role::Joiner | Role::FollowUp | Role::Compare)
                )
            });
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
}

pub(super) fn latest_media(text: &str) -> Option<MediaKind> {
    let last = text.rsplit(' ').next()?;
    match last {
        "reel" => Some(MediaKind::Reel),
        "photo" | "pic" => Some(MediaKind::Image),
        "video" | "vid" => Some(MediaKind::Video),
        "carousel" => Some(MediaKind::Carousel),
        _ => None,
    }
}
