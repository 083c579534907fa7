//! Unknown words Pulse must ask about: those next to what is asked, describing a post, or
//! naming a time it cannot read; and questions that are mostly unknown words.

use crate::question::frame::{Frame, Kind};
use crate::question::lexicon::Role;
use crate::question::reading::signals::{Part, Signals};
use crate::question::when::When;
use std::collections::HashSet;

use super::roles::is_head;
use super::topics::{
    post_left_out, post_named_by_known_words, post_named_by_topic, posts_of_a_topic, topic_clause,
    two_posts_named,
};

/// Whether most of what a question says is unknown ("write me a python script to resize my
/// photos"): not about the account, whatever word of it Pulse knows.
pub(in crate::question::reading) fn mostly_unknown(part: &Part<'_>, s: &Signals) -> bool {
    let known = part
        .tokens
        .iter()
        .filter(|t| {
            t.role.as_ref().is_some_and(|r| {
                !matches!(r, Role::Filler | Role::Joiner | Role::Reference | Role::Now)
            })
        })
        .count();
    // ("What should we post next? Margazhi season is starting.": unknown words only in a
    // sentence that tells something, beside a question Pulse reads whole.)
    // (A sentence of its own: not "which one better, jollof or fried rice".)
    let told = |clause: usize| {
        let sentence = &part.sentence;
        let ended = |c: usize| sentence.sentences.contains(&c) || sentence.questions.contains(&c);
        sentence.statement(clause)
            && (sentence.sentences.contains(&clause) || clause > 0 && ended(clause - 1))
    };
    let asked_whole = || {
        s.unknown
            .iter()
            .all(|(_, at)| told(part.sentence.clauses[*at]))
            && part.tokens.iter().any(|t| {
                !told(t.clause)
                    && t.role.as_ref().is_some_and(|r| {
                        !matches!(r, Role::Filler | Role::Joiner | Role::Reference | Role::Now)
                    })
            })
    };
    s.unknown.len() >= 2
        && s.unknown.len() > known
        && !s.performance
        && !s.subject()
        && !asked_whole()
        && !names_a_thing_asked_about(part, s)
}

/// Whether the part asks how one or two things of the account's did, named in words Pulse
/// does not know ("did the valentines stuff do better than the mothers day stuff").
pub(in crate::question::reading) fn names_a_thing_asked_about(
    part: &Part<'_>,
    s: &Signals,
) -> bool {
    asks_how_a_thing_did(part, s) && unknowns_name_one_or_two_things(part, s)
}

/// Whether the part asks for figures, how something did, or which did better: "the
/// numbers", "the wrap-up", "compared to usual", "which one was better".
fn asks_how_a_thing_did(part: &Part<'_>, s: &Signals) -> bool {
    // ("how many did I get on the one about the burst pipe": a post, by what it was about.)
    let post_about = part.sentence.words.windows(2).any(|w| {
        matches!(
            w[0].as_str(),
            "one" | "post" | "reel" | "video" | "photo" | "pic"
        ) && matches!(w[1].as_str(), "about" | "with")
    });
    s.how_did
        || (post_about && s.how_many)
        || part.tokens.iter().any(|t| {
            matches!(
                t.role,
                Some(Role::Overview | Role::Compare | Role::More | Role::Less | Role::Performance)
            )
        })
}

/// Whether the unknown words are one or two short names, each after "the" or "our", and
/// only ordinals besides ("the wrap-up for the influencer activation", "how did the Trevose
/// elopement do compared to usual", "did the valentines stuff do better than the mothers
/// day stuff", "which one was better, the first or the second"): things of the account's
/// named in the asker's words, which Pulse asks about.
fn unknowns_name_one_or_two_things(part: &Part<'_>, s: &Signals) -> bool {
    // ("which did better, the heron or the lighthouse? My sister says the heron": a thing
    // named again is the same thing.)
    let named: Vec<usize> = s
        .unknown
        .iter()
        .enumerate()
        .filter(|(_, (word, _))| !matches!(word.as_str(), "first" | "second" | "third"))
        .filter(|(index, (word, _))| !s.unknown[..*index].iter().any(|(said, _)| said == word))
        .map(|(_, (_, at))| *at)
        .collect();
    // A word of a name Pulse knows but that asks nothing ("the valentines stuff", "the
    // mothers day stuff").
    let in_a_name = |at: usize| {
        !matches!(
            part.word(at),
            "the" | "our" | "a" | "and" | "or" | "than" | "vs"
        ) && part
            .token_at(at)
            .is_some_and(|t| matches!(t.role, Some(Role::Filler)))
    };
    // Runs of unknown words and such words between them: where each starts and ends.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for at in named {
        match runs.last_mut() {
            Some((_, end)) if (*end + 1..at).all(in_a_name) => *end = at,
            _ => runs.push((at, at)),
        }
    }
    runs.len() <= 2
        && runs.iter().all(|&(start, end)| {
            let mut first = start;
            while first > 0 && start - first < 2 && in_a_name(first - 1) {
                first -= 1;
            }
            end - first < 4 && first > 0 && matches!(part.word(first - 1), "the" | "our")
        })
}

/// Unknown words that change what is asked: right next to its subject ("the *giveaway*
/// post", "*hit* rate"), describing a post ("the post with the *red dress*"), a time Pulse
/// cannot read ("during *wedding* season"), or in a question with no other subject ("how
/// did the *collab* do"). Leads and comments may hold any words (they describe the comments
/// looked for); unknown words in a clause that asks nothing are background.
pub(in crate::question::reading) fn blocking_unknowns(
    part: &Part<'_>,
    s: &Signals,
    frame: &Frame,
) -> Vec<String> {
    // Where the answer does not depend on which posts a word picks (advice, groups of
    // posts, people), or where any words describe what is looked for (buyers' comments),
    // unknown words are background.
    let picks_posts = matches!(
        frame.kind,
        Kind::Overview
            | Kind::AccountTotal
            | Kind::Rate
            | Kind::PostTotal
            | Kind::PostCount
            | Kind::PostMean
            | Kind::LatestPost
            // ("how many followers did the tour announcement bring": the post that
            // brought them, which Pulse cannot tell.)
            | Kind::Followers
            | Kind::Growth
    ) || frame.versus.is_some();
    if frame.kind == Kind::Top {
        let named = two_posts_named(part);
        if !named.is_empty() {
            return named;
        }
        let of_a_topic = posts_of_a_topic(part, s);
        if !of_a_topic.is_empty() {
            return of_a_topic;
        }
        let named = post_named_by_topic(part);
        if !named.is_empty() {
            return named;
        }
        let left_out = post_left_out(part, s);
        if !left_out.is_empty() {
            return left_out;
        }
    }
    if frame.kind == Kind::Overview {
        let named = post_named_by_known_words(part);
        if !named.is_empty() {
            return named;
        }
    }
    if s.unknown.is_empty() {
        return Vec::new();
    }
    if !picks_posts {
        return unreadable_times(part, s, frame);
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
    // "I posted the cardigan carousel on Tuesday, how many saves did it get", "the reel of
    // Biscuit swimming … Posted it Thursday": the post is the one of that day.
    // (One day only: "one on Thursday and one on Saturday" are two posts.)
    // ("how many likes did my chrome nails reel from wednesday get", "my pastelitos reel del
    // lunes": the reel of that day; not one set against another: "the fair post on the 6th,
    // better than the summer one?")
    let one_post_of_the_day = !(s.compare || s.more || s.less)
        && part.tokens.iter().any(|t| {
            part.sentence.clause_asks(t.clause)
                && matches!(t.role, Some(Role::Posts | Role::Media(_)))
                && !t.text.ends_with('s')
                && matches!(part.word(t.at + 1), "from" | "on" | "of")
                && part.mentions.iter().any(|m| {
                    !m.weak
                        && (m.start == t.at + 1
                            || m.start == t.at + 2
                            || (m.start == t.at + 3 && part.word(t.at + 2) == "the"))
                })
        });
    let dated_post = (s.publish || s.describes_post || one_post_of_the_day)
        && part.mentions.iter().filter(|m| !m.weak).count() == 1
        && part.mentions.iter().any(|m| {
            !m.weak
                && matches!(m.when, When::Period(period) if period.is_one_day(part.sentence.today))
        });
    // "The menu launch on 2 November. Reach since then": what is told before "since then"
    // dates the question; it picks no posts.
    let since_then = part
        .mentions
        .iter()
        .filter(|m| {
            matches!(part.word(m.start), "since" | "after")
                && matches!(part.word(m.start + 1), "then" | "that" | "it")
        })
        .map(|m| part.sentence.clauses[m.start])
        .min();
    let mut blocking = Vec::new();
    for (word, at) in &s.unknown {
        let at = *at;
        let clause = part.sentence.clauses[at];
        if since_then.is_some_and(|asked| clause < asked) {
            continue;
        }
        // "for THIS account (the candle one) what's …": which of the asker's accounts, said
        // again in a clause of its own (not "for their account (the nike one)").
        let in_clause = |k: &usize| part.sentence.clauses[*k] == clause;
        let first = (0..=at).rev().take_while(in_clause).last().unwrap_or(at);
        let last = (at..part.sentence.words.len())
            .take_while(in_clause)
            .last()
            .unwrap_or(at);
        if first > 1
            && matches!(part.word(first - 2), "this" | "my" | "our")
            && matches!(
                part.word(first - 1),
                "account" | "page" | "profile" | "client"
            )
            && matches!(part.word(first), "the" | "our" | "my")
            && part.word(last) == "one"
        {
            continue;
        }
        // "My granddaughter says I should post more": who said it, not what is asked.
        if at > 0
            && matches!(part.word(at - 1), "my" | "our")
            && matches!(
                part.word(at + 1),
                "says" | "said" | "thinks" | "reckons" | "tells" | "told" | "keeps" | "wants"
            )
        {
            continue;
        }
        // "our showcase reel ate, how many views did it get": the post the question points
        // back at, named in a clause of its own.
        let it_asked_of = part.token_at(at + 1).is_some_and(|t| {
            matches!(t.role, Some(Role::Posts | Role::Media(_))) && !t.text.ends_with('s')
        }) && part.tokens.iter().any(|t| {
            t.text == "it"
                && matches!(t.role, Some(Role::Reference))
                && t.clause != clause
                && asking_clauses.contains(&t.clause)
        });
        // ("the koi sleeve reel, how many shares?": the post named before the question.)
        let named_before = topic_clause(part, clause)
            && asking_clauses.contains(&(clause + 1))
            && part.sentence.clause_asks(clause + 1);
        // ("my grwm reel from thursday, how many views did it get": the reel of that
        // day.)
        let one_day = part.mentions.iter().any(|m| {
            !m.weak
                && matches!(m.when, When::Period(period) if period.is_one_day(part.sentence.today))
        });
        let pointed_back_at = (it_asked_of || named_before) && !one_day;
        if (!asking_clauses.contains(&clause) || part.sentence.statement(clause))
            && !pointed_back_at
        {
            continue;
        }
        // "how many saves did my chrome nails carousel get? it's the latest one": the post
        // named is the latest, told in a clause of its own.
        let latest_told = frame.kind == Kind::LatestPost
            && part.tokens.iter().any(|t| {
                matches!(t.role, Some(Role::Latest))
                    && (t.clause != clause
                            // "my hair colour reel, the new one I just put up"
                            // "the tour announcement is my latest post"
                            || (t.at > at
                                && (at..t.at).any(|between| {
                                    matches!(part.word(between), "one" | "is" | "was" | "its" | "thats")
                                }))
                            // "my latest reel from the lisbon trip": the newest, described.
                            || t.at < at)
            });
        if latest_told {
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
        // "my gym reels", "the healed tattoo carousels": a kind of post described, the
        // answer covers them all (and says which words it went without); "the giveaway
        // post" is one post Pulse cannot tell.
        let plural_group = |position: usize| {
            part.token_at(position).is_some_and(|t| {
                matches!(t.role, Some(Role::Posts | Role::Media(_)))
                    && t.text.ends_with('s')
                    && !matches!(t.text.as_str(), "this" | "us")
            })
        };
        let noun_after = if noun_at(at + 1) {
            Some(at + 1)
        } else if part.token_at(at + 1).is_some_and(|t| t.role.is_none()) && noun_at(at + 2) {
            Some(at + 2)
        } else {
            None
        };
        // (Not in a question mostly in another language: "mis posts la semana pasada".)
        let described_group = noun_after.is_some_and(plural_group)
            && s.unknown.len() <= 2
            && matches!(
                frame.kind,
                Kind::PostTotal | Kind::PostMean | Kind::PostCount | Kind::Top | Kind::Rate
            );
        let before_subject = (noun_after.is_some() && !described_group)
            || matches!(role_at(at + 1), Some(Role::Rate));
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
        let unreadable_time = names_a_time(part, at);
        let after_determiner = (1..=2).any(|k| at >= k && determiners.contains(&part.word(at - k)));
        let subjectless = matches!(frame.kind, Kind::Overview)
            && !s.subject()
            && part.mentions.is_empty()
            && (!s.overview || after_determiner);
        // "how many follows did the signing announcement bring", "did that cover-up reel
        // get": one thing, named by words Pulse does not know, that brought the figure.
        let named_subject = (1..=2)
            .filter(|&k| at > k && determiners.contains(&part.word(at - k)))
            .any(|k| {
                matches!(part.word(at - k - 1), "did" | "has" | "does" | "have")
                    && (at + 1..(at + 5).min(part.sentence.words.len())).any(|verb| {
                        matches!(
                            part.word(verb),
                            "get" | "bring" | "do" | "earn" | "pull" | "drive" | "generate"
                        ) && (at + 1..verb).all(|k| {
                            part.token_at(k).is_none_or(|t| {
                                t.role.is_none()
                                    || matches!(t.role, Some(Role::Filler))
                                    || t.text == "one"
                                    || (matches!(t.role, Some(Role::Posts | Role::Media(_)))
                                        && !t.text.ends_with('s'))
                            })
                        })
                    })
            });
        // "ER on the collab", "likes for the whitening campaign": a figure of one thing,
        // named by words Pulse does not know.
        // (The words end the clause: "reach for the panto announcement week" is a week.)
        let ends_clause = |end: usize| {
            part.sentence
                .clauses
                .get(end + 1)
                .is_none_or(|next| *next != clause)
        };
        let figure_of_a_thing = (1..=2).any(|k| {
            at > k + 1
                && matches!(part.word(at - k), "the" | "that" | "this" | "our")
                && matches!(part.word(at - k - 1), "on" | "for")
                && (at - k + 1..at)
                    .all(|between| part.token_at(between).is_some_and(|t| t.role.is_none()))
                && matches!(role_at(at - k - 2), Some(Role::Metric(_) | Role::Rate))
        }) && ends_clause(at)
            && !matches!(
                word.as_str(),
                "client" | "clients" | "account" | "acct" | "page" | "profile" | "brand"
            );
        // (Followers are credited to a post only as what it brought: "did i lose followers
        // after that rant post on monday" asks the day's change.)
        // "how many visualizations had my reels": what is counted, a word Pulse does not
        // know (not "how many cute reels", which describes what is counted).
        // (Not what was posted: "how many paintings did I put up"; not a count of a figure
        // named beside it.)
        let counted = at >= 2
            && part.word(at - 2) == "how"
            && part.word(at - 1) == "many"
            && !noun_at(at + 1)
            && !part.tokens.iter().any(|t| {
                t.clause == clause
                    && matches!(
                        t.role,
                        Some(Role::Publish | Role::Metric(_) | Role::Followers | Role::Rate)
                    )
            })
            && !(at + 1..last + 1).any(|k| {
                matches!(
                    part.word(k),
                    "post" | "put" | "drop" | "upload" | "share" | "publish" | "do" | "make"
                )
            })
            && !matches!(
                role_at(at + 1),
                Some(Role::Metric(_) | Role::Followers | Role::Rate)
            );
        let credits_followers = matches!(frame.kind, Kind::Followers | Kind::Growth);
        let named_post = if credits_followers {
            named_subject
        } else {
            before_subject || describing_post || named_subject || named_before || figure_of_a_thing
        };
        if (named_post && !dated_post) || unreadable_time || subjectless || counted {
            blocking.push(word.clone());
        }
    }
    blocking
}

/// Words for a stretch of time that a word before them names ("*diwali* week", "*wedding*
/// season").
pub(super) const STRETCHES: &[&str] = &[
    "week",
    "weekend",
    "season",
    "holidays",
    "holiday",
    "break",
    "term",
    "semester",
    "festival",
    "fortnight",
    "month",
    // "the campaign period", "the sale window"
    "period",
    "window",
    "phase",
];

/// Whether the unknown word at `at` names a time Pulse cannot place: after "during",
/// "since", "over" … ("since *easter*", "since we *switched* brokerages", "over half
/// *term*"), or before a word for a stretch of time ("*diwali* week", "*wedding* season").
fn names_a_time(part: &Part<'_>, at: usize) -> bool {
    // ("during Ramadan 2026", "Ramadan this year": a year does not date it; "Ramadan
    // (18 Feb to 19 Mar)" is dated.)
    let today = part.sentence.today;
    let dated = part.mentions.iter().any(|m| match m.when {
        When::Period(period) => {
            let range = period.resolve(today);
            (range.last - range.first).num_days() < 62
        }
        _ => false,
    });
    if crate::question::when::UNDATED.contains(&part.word(at)) && !dated {
        return true;
    }
    // "during the retreat, 2 to 9 October", "festival season this summer": the dates are
    // said too.
    if part.mentions.iter().any(|m| !matches!(m.when, When::Vague)) {
        return false;
    }
    let between = [
        "i", "we", "my", "our", "the", "a", "they", "half", "this", "last",
    ];
    let after_a_time_word = (1..=3).any(|back| {
        at >= back
            && matches!(
                part.word(at - back),
                "during" | "since" | "after" | "around" | "over" | "until" | "till"
            )
            && (at - back + 1..at).all(|k| {
                between.contains(&part.word(k))
                    || part.token_at(k).is_some_and(|t| t.role.is_none())
            })
    });
    let before_a_stretch =
        STRETCHES.contains(&part.word(at + 1)) && !matches!(part.word(at + 2), "of");
    // "this term", "last semester": a stretch of time whose dates Pulse does not know.
    let a_stretch_itself = STRETCHES.contains(&part.word(at))
        && at > 0
        && matches!(
            part.word(at - 1),
            "this" | "last" | "that" | "the" | "since"
        );
    // "in the week of the county show", "the day of Copenhagen Half Marathon": a time
    // named by an event Pulse cannot date.
    let of_an_event = (1..=3).any(|back| {
        at > back
            && part.word(at - back) == "of"
            && matches!(
                part.word(at - back - 1),
                "week" | "weeks" | "weekend" | "day" | "days" | "month" | "night"
            )
            && (at - back + 1..at).all(|k| {
                between.contains(&part.word(k))
                    || part.token_at(k).is_some_and(|t| t.role.is_none())
            })
    });
    after_a_time_word || before_a_stretch || a_stretch_itself || of_an_event
}

/// For a frame whose answer does not pick posts by the words around them, the unknown words
/// that still change it: a time Pulse cannot place ([`names_a_time`]), where the frame has
/// a period.
fn unreadable_times(part: &Part<'_>, s: &Signals, frame: &Frame) -> Vec<String> {
    // ("what should I post for wedding season": the goal of advice, which learns from its
    // own window.)
    if !frame.kind.takes_period() || (frame.kind == Kind::Recommend && s.advice) {
        return Vec::new();
    }
    s.unknown
        .iter()
        .filter(|(_, at)| !part.sentence.statement(part.sentence.clauses[*at]))
        .filter(|(_, at)| names_a_time(part, *at))
        .map(|(word, _)| word.clone())
        .collect()
}
