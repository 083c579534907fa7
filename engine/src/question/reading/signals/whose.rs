//! Whose account a part is about: other accounts named by an unknown plural ("other
//! bakers"), figures of someone named in the question, and questions asked for someone else
//! who owns the account.

use crate::metric::Metric;
use crate::question::lexicon::{self, Role};

use super::{Part, Signals};

/// People the asker knows whose accounts are not this one ("my friend", "my sister").
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

impl<'s> Part<'s> {
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
        let words = &self.sentence.words;
        // ("Restaurant next door have more follower, how many they have?": the question
        // points back to what was told.)
        let points_back = words.iter().zip(&self.sentence.clauses).any(|(w, c)| {
            self.sentence.clause_asks(*c)
                && matches!(
                    w.as_str(),
                    "they" | "them" | "their" | "theirs" | "he" | "she"
                )
        });
        // "other bakers", "other salon near me" (not told: "I shared a studio with two other
        // potters for 5 years.")
        let after_other = self.tokens.iter().any(|t| {
            t.text == "other"
                && (points_back || !self.sentence.story(t.clause))
                // ("other plus size creators", "other county shows' accounts")
                && ((1..=3).any(|k| unknown_plural(t.at + k))
                    || (self.token_at(t.at + 1).is_some_and(|n| n.role.is_none())
                        && (s.followers || !s.metrics.is_empty())))
        });
        // ("I run the account for a seagrass project, what's our ER": told, not compared.)
        let benchmark = (s.average || s.rate || s.metrics.contains(&Metric::EngagementRate))
            && self.tokens.iter().any(|t| {
                !self.sentence.story(t.clause)
                    // ("for real estate agents": a trade of two words.)
                    && (matches!(t.text.as_str(), "for" | "among")
                        && (1..=3).any(|k| {
                            unknown_plural(t.at + k)
                                && (k < 3 || !matches!(self.word(t.at + 1), "my" | "our"))
                        })
                        // "the average engagement of travel photographers": people of a
                        // trade ("videos of tunings" are posts).
                        || t.text == "of"
                            && (1..=2).any(|k| {
                                let word = self.word(t.at + k);
                                unknown_plural(t.at + k)
                                    && ["ers", "ists", "ians"].iter().any(|e| word.ends_with(e))
                            })
                            && !matches!(self.word(t.at + 1), "my" | "our" | "the"))
            });
        // "the average food account", "an average creator like me"
        // ("avg ER for skincare brands", "the average engagement rate for podcasts": of
        // others in a trade, not ours.)
        let average_account = self.tokens.iter().any(|t| {
            matches!(t.text.as_str(), "average" | "avg" | "typical")
                && (1..=5).any(|k| {
                    // (Further on, only others in the plural: "the average reach for the
                    // shop" is the asker's.)
                    let word = self.word(t.at + k);
                    (k <= 3 || word.ends_with('s'))
                        && !(1..k).any(|j| matches!(self.word(t.at + j), "my" | "our" | "mine"))
                        && matches!(
                            word,
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
                                | "podcasts"
                                | "podcasters"
                                | "businesses"
                                | "companies"
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
        // ("The chippy next door shut for the month": a story told beside the question.)
        // ("the salon round the corner gets way more likes, how": its figures, told.)
        // ("My neighbour runs the bakery next door and swears she gets more engagement than
        // we do. How's our engagement rate been?": theirs told, ours asked.)
        let ours_asked = |told: usize| {
            words.iter().zip(&self.sentence.clauses).any(|(w, c)| {
                *c != told
                    && self.sentence.clause_asks(*c)
                    && lexicon::OWN_WORDS.contains(&w.as_str())
            })
        };
        let asked_at = |at: usize| {
            let clause = self.sentence.clauses.get(at).copied().unwrap_or(0);
            points_back
                || !self.sentence.story(clause)
                || !ours_asked(clause)
                    && self.sentence.tokens.iter().any(|t| {
                        t.clause == clause
                            && matches!(
                                t.role,
                                Some(Role::Metric(_) | Role::Followers | Role::More | Role::Less)
                            )
                    })
        };
        let nearby = (0..words.len().saturating_sub(3)).any(|at| {
            let w = &words[at..at + 4];
            matches!(
                (w[1].as_str(), w[2].as_str(), w[3].as_str()),
                ("down" | "up" | "across", "the", "road" | "rode" | "street")
                    | ("round" | "around", "the", "corner")
            ) && w[0].len() > 2
                && !matches!(w[0].as_str(), "me" | "us" | "live" | "lives" | "living")
                && asked_at(at)
        }) || (0..words.len().saturating_sub(2)).any(|at| {
            words[at + 1] == "next"
                // ("the escape room next door's follower count")
                && matches!(words[at + 2].as_str(), "door" | "doors")
                && words[at].len() > 2
                && asked_at(at)
        })
            // "the new bakery on the high st"
            || (2..words.len().saturating_sub(2)).any(|on| {
                words[on] == "on"
                    && words[on + 1] == "the"
                    && words[on + 2] == "high"
                    && (2..=3).any(|back| on >= back && words[on - back] == "the")
                    && self.token_at(on - 1).is_none_or(|t| t.role.is_none())
            });
        // "how the Treorchy choir account is doing compared to ours": someone else's account
        // beside this one.
        let beside_ours = words.windows(3).any(|w| {
            matches!(
                (w[0].as_str(), w[1].as_str()),
                ("compared" | "comparing", "to" | "with")
                    | ("measured", "against")
                    | ("stack", "up")
            ) && matches!(w[2].as_str(), "ours" | "mine")
        }) || words.windows(2).any(|w| {
            matches!(w[0].as_str(), "vs" | "versus" | "against")
                && matches!(w[1].as_str(), "ours" | "mine")
        });
        // "could a gallery account be copying my work": an account that is not this one.
        // ("managing a festival account": the asker's own.)
        let another_account = (0..words.len().saturating_sub(2)).any(|at| {
            let w = &words[at..at + 3];
            let before = if at == 0 { "" } else { words[at - 1].as_str() };
            !matches!(
                before,
                "managing"
                    | "manage"
                    | "manages"
                    | "run"
                    | "running"
                    | "runs"
                    | "handle"
                    | "handling"
                    | "have"
                    | "got"
                    | "for"
                    | "on"
                    | "started"
                    | "with"
                    | "from"
            ) && matches!(w[0].as_str(), "a" | "an" | "another" | "some")
                && !matches!(
                    w[1].as_str(),
                    "business"
                        | "creator"
                        | "personal"
                        | "professional"
                        | "new"
                        | "second"
                        | "private"
                        | "public"
                        | "instagram"
                        | "insta"
                        | "ig"
                        | "main"
                        | "backup"
                )
                && matches!(w[2].as_str(), "account" | "page" | "profile")
        });
        // "which pottery account in the UK is most popular": accounts ranked, none of them
        // this one.
        let which_account = s.highest
            && (0..words.len().saturating_sub(2)).any(|at| {
                words[at] == "which"
                    && (1..=2).any(|k| {
                        matches!(
                            words.get(at + k).map(String::as_str),
                            Some(
                                "account" | "accounts" | "page" | "pages" | "creator" | "creators"
                            )
                        ) && (1..k).all(|j| self.token_at(at + j).is_some_and(|t| t.role.is_none()))
                    })
            });
        // "can you pull the same report for the Hilton account": the same again, for
        // another account, named ("overview for the hotel account" is the asker's own).
        let for_a_named_account = (0..words.len().saturating_sub(3)).any(|at| {
            words[at] == "for"
                && words[..at].iter().any(|w| w == "same")
                && words[at + 1] == "the"
                && (1..=2).any(|k| {
                    matches!(
                        words.get(at + 2 + k).map(String::as_str),
                        Some("account" | "page" | "profile")
                    ) && (at + 2..at + 2 + k)
                        .all(|j| self.token_at(j).is_some_and(|t| t.role.is_none()))
                })
                && self.sentence.clause_asks(self.sentence.clauses[at])
        });
        after_other
            || for_a_named_account
            || which_account
            || benchmark
            || average_account
            || several_accounts
            || nearby
            || beside_ours
            || another_account
    }

    /// Whether the figures asked for belong to someone named in the question: "how many
    /// followers does ninja have", "how many followers have Zara now", "my mate Dave has
    /// three times my followers", "… they have more followers than me?".
    /// "how do the Daily Mail's reels compare to ours", "is her engagement better than
    /// mine": a side named by a word Pulse does not know, set against the asker's own; "how
    /// does mine compare to hers": against someone else's.
    pub(super) fn theirs_against_mine(&self, s: &Signals) -> bool {
        let words = &self.sentence.words;
        // ("how does my engagement compare to hers?": the other side is someone else's.)
        let against_theirs = words.windows(2).any(|w| {
            matches!(
                w[0].as_str(),
                "to" | "with" | "than" | "vs" | "versus" | "against"
            ) && matches!(w[1].as_str(), "hers" | "his" | "theirs")
        });
        if against_theirs && (s.compare || s.more || s.less) {
            return true;
        }
        // "is my ER better than my friend's?", "she have better engagement than me?": one
        // side is someone the asker knows.
        let someone = |word: &str| {
            let word = word.strip_suffix("s").unwrap_or(word);
            SOMEONE.contains(&word)
        };
        // (Asked, not told: "my mate's salon does way better than me 🙄 is my engagement
        // at least better this month")
        let asked = |at: usize| {
            self.sentence
                .clauses
                .get(at)
                .is_some_and(|clause| self.sentence.clause_asks(*clause))
        };
        let against_someone = words.windows(3).enumerate().any(|(at, w)| {
            asked(at)
                && matches!(w[0].as_str(), "than" | "vs" | "versus" | "against")
                && (someone(&w[1]) || (matches!(w[1].as_str(), "my" | "our") && someone(&w[2])))
        });
        let someone_against_me = words.windows(2).enumerate().any(|(at, w)| {
            asked(at)
                && matches!(w[0].as_str(), "than" | "vs" | "versus" | "against")
                && matches!(w[1].as_str(), "me" | "us" | "mine" | "ours")
                && words[..at]
                    .iter()
                    .any(|w| matches!(w.as_str(), "she" | "he" | "her" | "his") || someone(w))
        });
        if (against_someone || someone_against_me) && (s.compare || s.more || s.less) {
            return true;
        }
        // "The famous shop Ichiran, how many followers do they have?": the followers of
        // them, a shop named before (not of posts: "my reels, how many likes do they get").
        let they_own = words.windows(2).any(|w| {
            w[0] == "they" && matches!(w[1].as_str(), "have" | "get" | "got" | "gain" | "gained")
        });
        let posts_named = self
            .tokens
            .iter()
            .any(|t| matches!(t.role, Some(Role::Posts | Role::Media(_))));
        // ("what age they have": the followers' own.)
        let about_followers = s.age || s.gender || s.place;
        if s.followers && s.metrics.is_empty() && they_own && !posts_named && !about_followers {
            return true;
        }
        // "hows that barber in digbeth got 50k followers, whats he doing different": someone
        // else's following, with no word of the asker's own.
        let own = words
            .iter()
            .any(|w| lexicon::OWN_WORDS.contains(&w.as_str()));
        let word = |at: usize| words.get(at).map_or("", String::as_str);
        let digits = |at: usize| word(at).starts_with(|c: char| c.is_ascii_digit());
        // (He or she doing the growing: not "since she joined the team".)
        let he_or_she_does = (0..words.len()).any(|at| {
            matches!(word(at), "he" | "she" | "hes" | "shes")
                && matches!(
                    word(at + 1),
                    "doing" | "posting" | "post" | "posts" | "gets" | "get" | "got" | "growing"
                )
        });
        // ("how has that barber got 50k": that one, named after "how"; not "the giveaway
        // that got 300 entries".)
        let that_one_got = (1..words.len()).any(|at| {
            word(at) == "that"
                && matches!(word(at - 1), "how" | "hows" | "has" | "did" | "does" | "is")
                && (at + 1..at + 4).any(|k| matches!(word(k), "got" | "has" | "hit"))
                && (at + 2..at + 5).any(digits)
        });
        // ("Patch Plants just hit 300k, how are they growing so fast": they, who hit it.)
        let they_hit = words.iter().any(|w| w == "they")
            && (0..words.len())
                .any(|at| matches!(word(at), "hit" | "reached" | "passed") && digits(at + 1));
        let someone_else = he_or_she_does || that_one_got || they_hit;
        if (s.followers || s.grow || s.milestone)
            && s.metrics.is_empty()
            && !own
            && someone_else
            && !about_followers
            && !self.on_behalf()
        {
            return true;
        }
        let Some(mine) = words
            .iter()
            .position(|w| matches!(w.as_str(), "ours" | "mine"))
        else {
            return false;
        };
        let against = (mine.saturating_sub(3)..mine).any(|at| {
            matches!(
                words[at].as_str(),
                "to" | "with" | "than" | "vs" | "versus" | "against"
            )
        });
        // ("… compare to ours" after the words of another's: unknown, or "her", "their".)
        let theirs = (0..mine.saturating_sub(1)).any(|at| {
            self.sentence.clauses.get(at) == self.sentence.clauses.get(mine)
                && (matches!(words[at].as_str(), "her" | "his" | "their" | "theirs")
                    || self.token_at(at).is_some_and(|t| t.role.is_none()))
        });
        (s.compare || s.more || s.less) && self.mentions.is_empty() && against && theirs
    }

    pub(super) fn someone_elses_figures(&self, s: &Signals) -> bool {
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
            // ("did the dog one get": a post of this account's, named by what it shows.)
            "one",
            "ones",
            "each",
            "every",
            "people",
            "followers",
            "they",
            "them",
        ];
        const OWNING: &[&str] = &["have", "has", "get", "gets", "got"];
        let words = &self.sentence.words;
        let word = |at: usize| words.get(at).map_or("", String::as_str);
        let unknown = |at: usize| {
            self.token_at(at).is_some_and(|t| t.role.is_none()) && !ME.contains(&word(at))
        };
        let from = self.tokens.iter().map(|t| t.at).min().unwrap_or(0);
        let to = self.tokens.iter().map(|t| t.at + 1).max().unwrap_or(0);
        (from..to).any(|at| {
            // "does ninja have", "did the costa coffee across the road get"
            // ("how many followers did the groomer across town gain": theirs, gained.)
            let asked_of = matches!(word(at), "does" | "did" | "do")
                && (1..=7).any(|k| {
                    (OWNING.contains(&word(at + k))
                        || matches!(word(at + k), "gain" | "lose" | "grow" | "add"))
                        && (at + 1..at + k).any(unknown)
                        // ("how many views did the garage get": one word after "the" is the
                        // asker's own business, as in "the club".)
                        && !(word(at + 1) == "the" && (at + 1..at + k).filter(|j| unknown(*j)).count() < 2)
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
            // ("how many followers has the big practice in Leominster got": after "the", a
            // name of more than one word Pulse does not know; "the club" is the asker's.)
            let named_after = |first: usize| {
                unknown(first)
                    || (matches!(word(first), "the" | "a")
                        && (first + 1..first + 5).filter(|j| unknown(*j)).count() >= 2
                        && (first + 1..first + 3).all(|j| !ME.contains(&word(j))))
            };
            let owned_by = matches!(word(at), "have" | "has")
                && at > 0
                && matches!(
                    word(at - 1),
                    "followers" | "likes" | "views" | "subscribers"
                )
                && named_after(at + 1);
            // "how many followers Evans Cycles has": the name between the figure and "has".
            let owned_by = owned_by
                || (matches!(word(at), "followers" | "subscribers")
                    && (2..=4).any(|k| {
                        matches!(word(at + k), "has" | "have")
                            && (at + 1..at + k).all(|j| {
                                unknown(j)
                                    // ("quantos seguidores eu tenho": I, in Portuguese.)
                                    && !matches!(
                                        word(j),
                                        "eu" | "yo" | "je" | "ich" | "aku" | "saya" | "nos"
                                            | "nós" | "hum" | "main" | "mai"
                                    )
                            })
                    }));
            // "what do the followers of Starbucks like", "followers ni Anne Curtis"
            // (Tagalog), "Haldiram ka followers" (Hindi, read "Haldiram of followers"): a
            // name's followers.
            let followers_word = |j: usize| matches!(word(j), "followers" | "subscribers");
            let followers_of = (followers_word(at)
                && matches!(word(at + 1), "of" | "ni")
                && named_after(at + 2))
                || (word(at) == "of"
                    && at == from + 1
                    && followers_word(at + 1)
                    && unknown(from)
                    && word(from).len() > 3);
            // "how many people follow the British Beekeepers Association": whom they follow.
            let followed = matches!(word(at), "follow" | "follows")
                && at > 0
                && matches!(word(at - 1), "people" | "ppl" | "many" | "accounts" | "who")
                && named_after(at + 1);
            // "what's magnus carlsen's follower count", "what's nike's engagement rate": a
            // name's figure, right after the asking word.
            let named_possessive = |at: usize| {
                let name = |j: usize| unknown(j) && word(j).len() > 3 && word(j).ends_with('s');
                let asking = |j: usize| {
                    matches!(
                        word(j),
                        "whats" | "what" | "hows" | "how" | "is" | "check" | "show" | "tell"
                    )
                };
                name(at)
                    && at > 0
                    && (asking(at - 1) || (at > 1 && unknown(at - 1) && asking(at - 2)))
            };
            // "my mate dave has", "my sister gets"
            let figure = |j: usize| {
                self.token_at(j)
                    .is_some_and(|t| matches!(t.role, Some(Role::Followers | Role::Metric(_))))
            };
            // ("my friend Kenji account have how many likes": the name and whose, between.)
            // ("My friend barber in Istanbul have 100k follower", "my cousin's plant shop
            // account has": who they are, and where, between.)
            let theirs = |j: usize| {
                matches!(word(j), "account" | "page" | "insta" | "ig" | "s")
                    || (self.token_at(j).is_some_and(|t| {
                        matches!(t.role, None | Some(Role::Filler | Role::Where))
                    }) && !matches!(
                        word(j),
                        "i" | "we" | "me" | "us" | "my" | "our" | "mine" | "ours" | "you" | "it"
                    ))
            };
            let someone = |w: &str| {
                SOMEONE.contains(&w)
                    || w.strip_suffix('s').is_some_and(|one| SOMEONE.contains(&one))
            };
            let relation = someone(word(at))
                && at > 0
                && matches!(word(at - 1), "my" | "our")
                && (1..=6).any(|k| {
                    (OWNING.contains(&word(at + k)) && (at + 1..at + k).all(theirs))
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
                && (matches!(word(at + 1), "me" | "us" | "mine" | "ours")
                    // "… getting more engagement than I do"
                    // (not "did I get more likes this week than I did last week")
                    || (matches!(word(at + 1), "i" | "we")
                        && matches!(word(at + 2), "do" | "did" | "have" | "get" | "got")
                        && (from..at).all(|j| {
                            self.sentence.clauses[j] != self.sentence.clauses[at]
                                || !lexicon::OWN_WORDS.contains(&word(j))
                        })))
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
            // ("my friend has 10k followers, how many do I have": the asker's own, asked.)
            let asked_elsewhere = self.tokens.iter().any(|t| {
                t.clause != clause
                    && (matches!(
                        t.role,
                        Some(Role::Followers | Role::Metric(_) | Role::Posts | Role::Media(_))
                    ) || (matches!(t.text.as_str(), "i" | "we")
                        && self.sentence.clause_asks(t.clause)))
            });
            asked_of
                || (named_possessive(at)
                    && figure(at + 1)
                    && !matches!(word(at + 1), "follow" | "follows" | "following")
                    && !told)
                || owned_by
                || followed
                || (followers_of && !told)
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

    /// "our reel was reshared by the Wildlife Trusts — how many views did it get on their
    /// page?": the figures of the account that shared it.
    pub(super) fn shared_by_someone(&self) -> bool {
        let words = &self.sentence.words;
        let shared_by = words.windows(2).position(|w| {
            matches!(
                w[0].as_str(),
                "reshared" | "reposted" | "shared" | "featured" | "posted" | "reposts"
            ) && w[1] == "by"
        });
        shared_by.is_some_and(|at| {
            words[at..].windows(2).any(|w| {
                matches!(w[0].as_str(), "their" | "his" | "her")
                    && matches!(
                        w[1].as_str(),
                        "page" | "account" | "profile" | "feed" | "post" | "end" | "side"
                    )
            })
        })
    }
}
