//! What a part says as a whole, read after the roles of its tokens: the words around them,
//! figures read from other words, things Pulse cannot see, and what the signals mean
//! together.

use crate::metric::Metric;
use crate::period::Period;
use crate::question::lexicon::{self, Role, Unseen};
use crate::question::when::When;

use super::{Part, Signals};

impl<'s> Part<'s> {
    /// What the whole part says, read after the roles of its tokens: the words around them,
    /// figures read from other words, and what the signals mean together.
    pub(super) fn part_signals(
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
        // "which of the residents' families follow me": which people, by who they are.
        // ("which mums from my NCT group are following me?": the same, without "of".)
        let which_people_follow = words.windows(2).enumerate().any(|(at, w)| {
            matches!(w[0].as_str(), "which" | "whichever")
                && (at + 2..(at + 9).min(words.len())).any(|follow| {
                    matches!(words[follow].as_str(), "follow" | "follows" | "following")
                        && (w[1] == "of"
                            || words
                                .get(follow + 1)
                                .is_some_and(|who| matches!(who.as_str(), "me" | "us")))
                        && s.unknown.iter().any(|(_, p)| *p > at && *p < follow)
                        // ("which reels made randos follow me": posts, ranked.)
                        && !words[at + 1..follow].iter().any(|w| {
                            matches!(
                                w.as_str(),
                                "reel" | "reels" | "post" | "posts" | "video" | "videos" | "photo"
                                    | "photos" | "pics" | "carousels" | "content" | "made"
                                    | "make" | "got" | "get" | "brought"
                            )
                        })
                })
        });
        if which_people_follow && s.metrics.is_empty() && s.unseen.is_empty() {
            s.unseen.push(Unseen::PersonalData);
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
        // "how many ppl actually bought the y2k bundle after my reel": purchases, whatever
        // led to them.
        let bought = words.iter().any(|w| {
            matches!(
                w.as_str(),
                "bought" | "purchased" | "ordered" | "purchases" | "purchase"
            )
        });
        // ("which of our followers have actually bought something": who bought.)
        let followers_bought = bought && s.followers && s.metrics.is_empty() && !s.leads;
        if (s.how_many || followers_bought)
            && sold
            && (because_of_instagram || (bought && s.metrics.is_empty() && !s.leads))
            && s.unseen.is_empty()
        {
            s.unseen.push(Unseen::Money);
        }
        // "any comments asking me to come out and fit tyres today", "someone in the comments
        // asked where to get tickets": comments that ask for something, the leads.
        // ("how many people commented asking about booking a trip", "viewing requests in the
        // comments", "bookings being asked about in the comments": in one clause, either way
        // round.)
        let comment_word = |w: &str| {
            matches!(
                w,
                "comments" | "comment" | "commenters" | "commented" | "commenting"
            )
        };
        let asking_word = |w: &str| {
            matches!(
                w,
                "asking"
                    | "asked"
                    | "enquiring"
                    | "inquiring"
                    | "requesting"
                    | "requests"
                    | "enquiries"
                    | "inquiries"
            )
        };
        let clause_of = &self.sentence.clauses;
        // (Within this part: "how many followers now, and has anyone asked about postage
        // in the comments?" asks the followers of its own.)
        let (from, to) = tokens.iter().fold((usize::MAX, 0), |(from, to), t| {
            (from.min(t.at), to.max(t.at + 1))
        });
        let in_part = |at: &usize| *at >= from && *at < to;
        let comments_asking = (0..words.len()).filter(in_part).any(|at| {
            comment_word(&words[at])
                && (at.saturating_sub(10)..(at + 11).min(words.len())).any(|other| {
                    other != at
                        && clause_of[other] == clause_of[at]
                        && (asking_word(&words[other])
                            // "do people ask in the comments whether …"
                            || (matches!(words[other].as_str(), "ask" | "asks")
                                && other > 0
                                && matches!(
                                    words[other - 1].as_str(),
                                    "people"
                                        | "ppl"
                                        | "anyone"
                                        | "anybody"
                                        | "someone"
                                        | "somebody"
                                        | "customers"
                                        | "followers"
                                        | "folks"
                                )))
                })
        })
            // "ppl keep commenting 'how much' under my stuff, can u show me those": what
            // buyers write, quoted.
            || (self.sentence.quotes_a_buyer
                && (0..words.len())
                    .filter(in_part)
                    .any(|at| comment_word(&words[at]) || asking_word(&words[at])
                        || matches!(words[at].as_str(), "ask" | "asks" | "write" | "writes" | "saying")));
        if comments_asking && !s.who && !s.highest && !s.lowest {
            s.leads = true;
            s.metrics.retain(|m| *m != Metric::Comments);
            s.place = false;
        }
        // "the comments asking about party bookings or prices": buyers in the comments, not
        // bookings Pulse cannot see.
        // ("any orders or 'do you deliver' comments": buyers' comments, not sales.)
        if s.leads && self.about_comments() {
            s.unseen.retain(|unseen| *unseen != Unseen::Offline);
            if words.iter().any(|w| comment_word(w)) {
                s.unseen.retain(|unseen| *unseen != Unseen::Money);
            }
        }
        // "are we getting more likes or less": which way a named figure goes, as "more or
        // less" does. ("are more people looking at my page lately, or fewer?")
        let either_way = tokens.iter().any(|later| {
            matches!(later.role, Some(Role::More | Role::Less))
                && self.word(later.at.saturating_sub(1)) == "or"
                && tokens.iter().any(|earlier| {
                    earlier.at + 10 >= later.at
                        && !(earlier.at..later.at).any(|at| self.word(at) == "than")
                        && earlier.at + 1 < later.at
                        && matches!(
                            (&earlier.role, &later.role),
                            (Some(Role::More), Some(Role::Less))
                                | (Some(Role::Less), Some(Role::More))
                        )
                })
        });
        s.either_way = either_way;
        if either_way && !s.metrics.is_empty() && !s.compare {
            s.trend = true;
            s.more = false;
            s.less = false;
        }
        // "is that better or worse than the summer": a comparison, which says which.
        if either_way && s.compare {
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
            // ("which of our carousels were saved the most": those, the verb says.)
            // (Only after the "which": "the before-and-after reels are my whole business.
            // Which of my reels got the most views" picks one.)
            let which_at = self.sentence.words.iter().position(|w| w == "which");
            let many_verb = self.sentence.words.windows(2).enumerate().any(|(at, w)| {
                which_at.is_some_and(|which| at > which)
                    && w[0].len() > 3
                    && w[0].ends_with('s')
                    && matches!(w[1].as_str(), "were" | "are")
            });
            let picks_one = picks_one && !many_verb;
            s.which_one = true;
            s.which_of_many = s.plural == Some(true) && !picks_one;
        }
        // "what percent of the people who see my posts interact": the engagement rate.
        if s.rate && s.metrics.contains(&Metric::Interactions) && !s.followers {
            s.metrics.retain(|m| *m == Metric::EngagementRate);
            s.metrics.insert(0, Metric::EngagementRate);
        }
        // "which is the post with more likes": the most; "the reel with less views": the least.
        let with_more_or_less = tokens.iter().any(|t| {
            matches!(t.role, Some(Role::More | Role::Less))
                && self.word(t.at.saturating_sub(1)) == "with"
                && self.word(t.at + 1) != "than"
                && self.word(t.at + 2) != "than"
        });
        if (s.more != s.less)
            && !s.compare
            && (s.posts || !s.media.is_empty())
            && s.plural == Some(false)
            && (with_more_or_less
                || self
                    .sentence
                    .words
                    .iter()
                    .any(|w| w == "which" || w == "what"))
            && self.mentions.len() <= 1
        {
            if s.more {
                s.highest = true;
            } else {
                s.lowest = true;
            }
        }
        // "is that up on last month?", "is it down from october": whether the figure asked
        // about went up or down against another period.
        if !s.more && !s.less && !s.compare && !self.mentions.is_empty() {
            let words = &self.sentence.words;
            s.compare = words.iter().enumerate().skip(1).any(|(at, word)| {
                matches!(words[at - 1].as_str(), "that" | "it" | "this" | "they")
                    // (not "we put it up on Monday")
                    && !(at >= 2
                        && matches!(
                            words[at - 2].as_str(),
                            "put" | "puts" | "putting" | "stuck" | "get" | "got" | "posted"
                        ))
                    && matches!(word.as_str(), "up" | "down")
                    && matches!(
                        words.get(at + 1).map(String::as_str),
                        Some("on" | "from" | "vs" | "versus" | "compared" | "against")
                    )
            });
        }
        // "the 3 posts with less likes", "5 reels with more views": a count of posts picked
        // by a metric is a ranking, most or least first.
        if (s.more != s.less)
            && !s.compare
            && !s.highest
            && !s.lowest
            && (s.posts || !s.media.is_empty())
            && s.plural == Some(true)
            && !s.metrics.is_empty()
            && tokens
                .iter()
                .any(|t| matches!(t.role, Some(Role::Number(_))))
            && tokens.iter().any(|t| {
                matches!(t.role, Some(Role::More | Role::Less))
                    && self.word(t.at.saturating_sub(1)) == "with"
            })
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
            if s.either_way && !s.compare {
                s.trend = true;
                s.more = false;
                s.less = false;
            }
        }
        // Followers a post brought are its follows ("which reel brought the most
        // followers"), unless the followers are asked about apart ("my follower count and
        // my best reel").
        if s.followers
            && (s.posts || !s.media.is_empty() || s.format || s.latest || self.which_one_brought())
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
                When::Period(period) => period.is_one_day(self.sentence.today),
                _ => false,
            });
            let ranked = s.highest || s.lowest || s.more || s.less || s.when || s.time;
            let told = parts.len() == 1 && one_day && !ranked;
            // ("what moment of the day is better to publish, morning, afternoon or night":
            // the parts are the choice.)
            if only_named && (told || (s.time && parts.len() == 1)) {
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
        // "followers under 18", "over 65s", "aged 40 or older": an open-ended age group.
        let age_bound = self.tokens.iter().any(|t| {
            matches!(t.role, Some(Role::Number(age)) if (13..=65).contains(&age))
                && (matches!(
                    self.word(t.at.saturating_sub(1)),
                    "under" | "over" | "below" | "above" | "aged" | "younger" | "older"
                ) || matches!(self.word(t.at + 1), "plus" | "or")
                    && matches!(self.word(t.at + 2), "older" | "over" | "younger" | "under"))
        });
        if s.followers && (age_group || age_bound) && s.metrics.is_empty() {
            s.age = true;
            s.number = None;
        }
        // "the episode 41 clip": a number that names a post, not how many.
        let names_a_post = self.tokens.iter().any(|t| {
            matches!(t.role, Some(Role::Number(n)) if s.number == Some(n))
                && t.at > 0
                && self.token_at(t.at - 1).is_some_and(|b| b.role.is_none())
                && self
                    .token_at(t.at + 1)
                    .is_some_and(|p| matches!(p.role, Some(Role::Posts | Role::Media(_))))
        });
        if names_a_post {
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
        // "list all my followers from the UK": who they are; "which patients follow us":
        // which people, by who they are.
        let which_people_follow = self.sentence.words.windows(3).any(|w| {
            w[0] == "which"
                && w[1].len() > 3
                && w[1].ends_with('s')
                && matches!(w[2].as_str(), "follow" | "followed")
        });
        if s.followers
            && s.metrics.is_empty()
            && (which_people_follow
                || self
                    .sentence
                    .words
                    .iter()
                    .any(|w| matches!(w.as_str(), "list" | "export" | "names")))
        {
            s.unseen.push(Unseen::PersonalData);
        }
        // "People ask for reservations in the comments?", "the clients ask price in
        // comments": buyers' comments.
        let words = &self.sentence.words;
        // (The asking and the comments in one clause: "people asked about the new hoodies.
        // how many comments did I get?" tells, then counts comments.)
        let clauses = &self.sentence.clauses;
        let comments_in = |clause: usize| {
            words
                .iter()
                .zip(clauses)
                .any(|(w, c)| *c == clause && w.starts_with("comment"))
        };
        let asks_for = words.iter().enumerate().any(|(at, w)| {
            matches!(w.as_str(), "ask" | "asked" | "asking" | "asks")
                && clauses.get(at).is_some_and(|c| comments_in(*c))
                && matches!(
                    words.get(at + 1).map(String::as_str),
                    Some("for" | "about" | "price" | "prices" | "the")
                )
                && at > 0
                && matches!(
                    words[at - 1].as_str(),
                    "people"
                        | "customers"
                        | "clients"
                        | "ppl"
                        | "followers"
                        | "someone"
                        | "anyone"
                        | "they"
                        | "buyers"
                        | "folks"
                )
        });
        // (Not beside another question: "how many followers …, and has anyone asked
        // about postage in the comments?")
        if asks_for
            && words.iter().any(|w| w.starts_with("comment"))
            && s.unseen.is_empty()
            && !s.followers
            && !s.who
            && !s.commenters
        {
            s.leads = true;
            s.metrics.retain(|m| *m != Metric::Comments);
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
        // "how many of my enquiries turned into bookings": what the buyers did off
        // Instagram, not their comments.
        let converted = self.sentence.words.iter().any(|w| {
            matches!(
                w.as_str(),
                "turned" | "converted" | "convert" | "converts" | "conversion" | "conversions"
            )
        });
        let offline = self
            .tokens
            .iter()
            .any(|t| matches!(t.role, Some(Role::Unseen(Unseen::Offline))));
        if s.leads && converted && offline {
            s.leads = false;
            s.unseen.push(Unseen::Offline);
        }
        // "the most popular thing I have posted": a post.
        let thing_posted = self.tokens.iter().find(|t| {
            matches!(t.text.as_str(), "thing" | "things" | "stuff" | "content")
                && self.tokens.iter().any(|p| {
                    matches!(p.role, Some(Role::Publish)) && p.at > t.at && p.at <= t.at + 4
                })
        });
        if let Some(thing) = thing_posted {
            if (s.highest || s.lowest) && !s.posts && s.media.is_empty() {
                s.posts = true;
                s.plural = s.plural.or(Some(thing.text == "things"));
            }
        }
        if self.shared_by_someone() && s.unseen.is_empty() {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        self.which_way(&mut s);
        // A word said before "(my) followers" ("measured against my followers").
        let before_followers = |words: &[&str]| {
            self.tokens.iter().any(|t| {
                let owned = usize::from(matches!(self.word(t.at + 1), "my" | "our" | "the"));
                words.contains(&t.text.as_str())
                    && self
                        .token_at(t.at + 1 + owned)
                        .is_some_and(|n| matches!(n.role, Some(Role::Followers)))
            })
        };
        // "engagement calculated against follower count": by followers.
        if s.compare && before_followers(&["against", "vs", "relative to"]) {
            s.compare = false;
            s.followers = false;
            s.by_followers = true;
        }
        // "my engagement … by the followers measure": the rate on followers.
        if s.metrics.contains(&Metric::EngagementRate) && before_followers(&["by", "per", "on"]) {
            s.followers = false;
            s.by_followers = true;
        }
        // "compare our ER to The Ordinary's": to someone Pulse does not know ("better than
        // the key cutting one" is a post of the account's own).
        if s.compare
            && self.mentions.is_empty()
            && self.tokens.iter().any(|t| {
                // (also the last word of a phrase: "stack up against"; not in a clause that
                // says why: "trying to work out families vs staff")
                let last = t.at + t.text.split(' ').count() - 1;
                !self.sentence.purpose(t.clause)
                    && matches!(
                        t.text.rsplit(' ').next().unwrap_or_default(),
                        "to" | "with" | "than" | "vs" | "against" | "versus"
                    )
                    && (1..=2)
                        // The first word after it that is not filler is unknown ("vs night
                        // situation" compares parts of the day, known words).
                        .map(|k| self.token_at(last + k))
                        .find(|n| !n.is_some_and(|n| matches!(n.role, Some(Role::Filler))))
                        .flatten()
                        .is_some_and(|n| n.role.is_none())
                    && !(1..=4).any(|k| {
                        self.token_at(last + k).is_some_and(|n| {
                            // ("than the mothers day stuff": the account's own posts.)
                            matches!(n.text.as_str(), "one" | "ones" | "stuff" | "things")
                                || matches!(n.role, Some(Role::Posts | Role::Media(_)))
                        })
                    })
            })
        {
            s.unseen.push(Unseen::OtherAccount(None));
        }
        // "which of my followers live in …, I want names": who they are.
        let who_follows = self.sentence.words.windows(3).any(|w| {
            matches!(w[0].as_str(), "who" | "whos")
                && (matches!(w[1].as_str(), "followed" | "follows")
                    || matches!(w[2].as_str(), "following" | "followed"))
        });
        if s.followers
            && s.who
            && s.metrics.is_empty()
            && !s.commenters
            // ("from which countries they are coming": where, not who; "who's been
            // following us from Boston": who, wherever they are.)
            && (who_follows
                || !((s.place || s.age || s.gender)
                && !self.sentence.words.iter().enumerate().any(|(at, w)| {
                    matches!(w.as_str(), "handles" | "names" | "usernames")
                        || (w == "which"
                            && !self
                                .token_at(at + 1)
                                .is_some_and(|n| matches!(n.role, Some(Role::Where | Role::Age | Role::Gender))))
                })))
        {
            s.unseen.push(Unseen::PersonalData);
        }
        // "other bakers", "the average for fitness coaches": accounts that are not this one
        // (unless set aside: "not other bakers, me").
        if (self.other_accounts(&s) && dismissed.is_none())
            || self.someone_elses_figures(&s)
            || self.theirs_against_mine(&s)
        {
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
        // Visits, sales and things counted off Instagram: not on the account.
        if self.counted_off_instagram(&s) {
            s.unseen.push(Unseen::Offline);
        }
        // Whether someone follows, or whom followers follow: who they are, or another
        // account or platform.
        if let Some(unseen) = self.follows_unseen() {
            s.unseen.push(unseen);
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
                        && (self.word(t.at.saturating_sub(1)) == "by"
                            // ("ER for September (reach-based)")
                            || self.word(t.at + 1) == "based")
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
}
