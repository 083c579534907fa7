//! What the roles of a part's tokens add up to, token by token: each role's signal, with
//! negation ("didn't get any saves") and dismissal ("forget facebook") applied.

use crate::metric::Metric;
use crate::question::lexicon::{self, Role, BUSY_OR_SLOW};

use super::{latest_media, Part, Signals, NAMING};

impl<'s> Part<'s> {
    /// What the roles add up to, token by token, with negation and dismissal applied; with
    /// where a dismissal was ("forget facebook") and whether "which of" was said, for
    /// [`Part::part_signals`].
    pub(super) fn token_signals(&self) -> (Signals, Option<(usize, usize)>, bool) {
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
            // "top 3 flops", "underperformers this mo", "my bangers": posts, named by how they did.
            if lexicon::POSTS_NAMED_BY_HOW_THEY_DID.contains(&token.text.as_str()) {
                s.posts = true;
                s.plural.get_or_insert(token.text.ends_with('s'));
            }
            match role {
                // "kindly share the total reach", "can you share for last week": share as
                // "tell me", not the metric.
                Role::Metric(Metric::Shares)
                    if token.text == "share"
                        && (matches!(
                            self.word(token.at.saturating_sub(1)),
                            "kindly" | "please" | "pls" | "plz" | "you" | "u" | "to"
                        ) || (matches!(
                            self.word(token.at.saturating_sub(1)),
                            "and" | "then" | "also"
                        ) && matches!(
                            self.word(token.at + 1),
                            "top" | "me" | "with" | "my" | "our"
                        )) || (token.at == 0
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
                    // "a carousel of photographs", "a reel of clips": what the post is made
                    // of, not a second type.
                    let made_of = token.at >= 2
                        && self.word(token.at - 1) == "of"
                        && self
                            .token_at(token.at - 2)
                            .is_some_and(|t| matches!(t.role, Some(Role::Media(_))));
                    // "videos that weren't reels": the type left out.
                    let left_out = token.at >= 2
                        && matches!(
                            self.word(token.at - 1),
                            "werent" | "arent" | "wasnt" | "isnt" | "not"
                        )
                        && matches!(self.word(token.at - 2), "that" | "which" | "but")
                        // "exclude reels, carousels only", "without reels"
                        || (token.at >= 1
                            && lexicon::LEAVING_OUT.contains(&self.word(token.at - 1))
                            || (token.at >= 2
                                && matches!(self.word(token.at - 2), "leave" | "leaving")
                                && self.word(token.at - 1) == "out"));
                    // "my reach on friday when i put the certificate pic up": the day told
                    // by what was posted on it; the figure is the account's.
                    let told_when = (1..token.at).any(|k| {
                        self.word(k) == "when"
                            && matches!(self.word(k + 1), "i" | "we")
                            // (a day, not a habit: "my shares when I post reels")
                            && matches!(
                                self.word(k + 2),
                                "put" | "posted" | "did" | "uploaded" | "shared" | "dropped"
                                    | "had" | "made"
                            )
                            && self
                                .tokens
                                .iter()
                                .any(|t| t.at < k && matches!(t.role, Some(Role::Metric(_))))
                            && (0..k).any(|m| matches!(self.word(m), "my" | "our"))
                            && !(0..k).any(|m| {
                                self.token_at(m).is_some_and(|t| {
                                    matches!(t.role, Some(Role::Posts | Role::Media(_)))
                                })
                            })
                    });
                    if set_aside || made_of || left_out || told_when {
                        s.ignored.push(token.at);
                        continue;
                    }
                    if !s.media.contains(kind) {
                        s.media.push(*kind);
                    }
                    // ("views per reel": each; "carousel posts": the noun says how many.)
                    let names_the_noun_after = self
                        .token_at(token.at + 1)
                        .is_some_and(|t| matches!(t.role, Some(Role::Posts)));
                    // ("for photo only": the type, not one photo; "best reel only": one.)
                    let ranked = self
                        .tokens
                        .iter()
                        .any(|t| matches!(t.role, Some(Role::Highest | Role::Lowest)));
                    if self.word(token.at.saturating_sub(1)) != "per"
                        && !names_the_noun_after
                        && (self.word(token.at + 1) != "only" || ranked)
                    {
                        s.plural.get_or_insert(token.text.ends_with('s'));
                    }
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
                    } else if !matches!(token.text.as_str(), "content" | "feed" | "grid")
                        // ("per post", "on every single post": each, not one)
                        && !matches!(before, "per" | "every" | "each" | "single")
                    {
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
                    // ("engagement rate on followers basis", "follower-based ER")
                    let basis = self.word(token.at + 1) == "basis"
                        || self.word(token.at + 1) == "based"
                            && self.sentence.tokens.iter().any(|t| {
                                matches!(
                                    t.role,
                                    Some(Role::Rate | Role::Metric(Metric::EngagementRate))
                                )
                            });
                    // ("calculated with the followers", "worked out using followers")
                    let calculated = (1..=3).any(|back| {
                        matches!(
                            self.word(token.at.saturating_sub(back)),
                            "calculated" | "computed" | "measured" | "worked" | "using"
                        )
                    }) && self.sentence.tokens.iter().any(|t| {
                        matches!(
                            t.role,
                            Some(Role::Rate | Role::Metric(Metric::EngagementRate))
                        )
                    });
                    if matches!(before, "by" | "per" | "with" | "relative")
                        || based_on
                        || basis
                        || calculated
                    {
                        s.by_followers = true;
                    } else {
                        s.followers = true;
                    }
                }
                Role::People => {
                    let before = self.word(token.at.saturating_sub(1));
                    // "people who see my posts": "who" joins a clause, it does not ask.
                    // ("… for our most active ppl. who comments the most?" asks.)
                    let same_clause = token.at > 0
                        && self.sentence.clauses.get(token.at - 1) == Some(&token.clause);
                    let relative = matches!(token.text.as_str(), "who" | "whos")
                        && same_clause
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
                        )
                        // ("I'm the volunteer who runs the page": someone the asker names.)
                        || (matches!(token.text.as_str(), "who")
                            && token.at >= 2
                            && self.token_at(token.at - 1).is_some_and(|t| t.role.is_none())
                            && matches!(self.word(token.at - 2), "the" | "a" | "an"))
                        // ("a cockapoo in the back who will not stop shaking": someone
                        // described by what they keep doing.)
                        || (token.text == "who"
                            && token.at >= 2
                            && matches!(self.word(token.at - 2), "the" | "a" | "an" | "my")
                            && self
                                .token_at(token.at - 1)
                                .is_some_and(|t| matches!(t.role, None | Some(Role::Filler)))
                            && matches!(
                                self.word(token.at + 1),
                                "will" | "wont" | "keeps" | "never" | "always"
                            ));
                    if relative {
                        continue;
                    }
                    // ("did I gain or lose ppl this week": followers, gained or lost.)
                    let gained_or_lost = index > 0
                        && matches!(tokens[index - 1].role, Some(Role::Gain | Role::Loss))
                        && !NAMING.contains(&token.text.as_str());
                    if NAMING.contains(&token.text.as_str())
                        || (before == "which" && token.text != "anyone")
                    {
                        s.who = true;
                    } else if gained_or_lost {
                        s.followers = true;
                    } else {
                        s.people = true;
                    }
                }
                Role::Commenters => {
                    s.commenters = true;
                    s.plural.get_or_insert(token.text.ends_with('s'));
                }
                // "I've been adding #shoplocal to every post, which …": a tag used, told.
                Role::Hashtags => {
                    s.hashtags |= !(token.text.len() > 1
                        && token.text.starts_with('#')
                        && self.sentence.story(token.clause));
                }
                Role::Caption => s.caption = true,
                // "our showcase reel ate, how many views did it get": how the post did,
                // told beside the figure asked of it.
                Role::Highest | Role::Lowest
                    if self.tokens.iter().any(|t| {
                        matches!(t.role, Some(Role::HowMany))
                            && t.clause != token.clause
                            && self.tokens.iter().any(|r| {
                                r.clause == t.clause
                                    && r.text == "it"
                                    && matches!(r.role, Some(Role::Reference))
                            })
                    }) =>
                {
                    s.ignored.push(token.at);
                }
                // "rank my reels", "ranked by saves", "ranking of my posts": best first; not
                // "rank them by reach instead" (what was just asked, ranked again), "rank my
                // reels from worst to best", "do carousels rank better", "my reach ranking".
                Role::Highest
                    if matches!(token.text.as_str(), "rank" | "ranked" | "ranking")
                        && (!matches!(
                            self.word(token.at + 1),
                            "my" | "our" | "all" | "these" | "by" | "of"
                        ) || self
                            .tokens
                            .iter()
                            .any(|t| matches!(t.role, Some(Role::Lowest)))) => {}
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
                    s.judged_low |= !matches!(
                        token.text.as_str(),
                        "least" | "lowest" | "fewest" | "bottom"
                    );
                    if self.word(token.at + 1) == "one" && s.number.is_none() {
                        s.number = Some(1);
                    }
                }
                // ("… in November? Hopefully more than my hairline lost": hoped, not
                // asked.)
                Role::More | Role::Less | Role::Compare
                    if self.sentence.hopes(token.clause)
                        && self.sentence.clauses.iter().any(|c| *c != token.clause) => {}
                Role::More => s.more = true,
                Role::Less => s.less = true,
                // "the highest number of saves": the most saves, no count asked.
                // ("is the number of views dropping": which way the views go.)
                Role::HowMany
                    if token.text == "number of"
                        && ((index > 0
                            && matches!(
                                tokens[index - 1].role,
                                Some(Role::Highest | Role::Lowest)
                            ))
                            || tokens[index + 1..].iter().any(|t| {
                                t.clause == token.clause
                                    && matches!(t.role, Some(Role::Loss | Role::Trend))
                                    && t.text.ends_with("ing")
                            })) =>
                {
                    s.ignored.push(token.at);
                }
                Role::HowMany => s.how_many = true,
                Role::Total => s.total = true,
                Role::Average => s.average = true,
                Role::Rate => s.rate = true,
                Role::Compare => s.compare = true,
                Role::OverPrevious(unit) => {
                    s.over = Some(*unit);
                    s.compare = true;
                }
                // ("my rising popularity", "climbing the ranks": no figure that grows.)
                Role::Gain
                    if matches!(token.text.as_str(), "rising" | "climbing")
                        && (matches!(
                            self.word(token.at.saturating_sub(1)),
                            "my" | "our" | "a" | "the"
                        ) || self.word(token.at + 1) == "the") => {}
                Role::Gain => {
                    s.gain = true;
                    // ("net adds": followers added, the only thing an account adds.)
                    if token.text.contains("follow") || token.text.ends_with("adds") {
                        s.followers = true;
                    }
                    if token.text.starts_with("grow") || token.text == "grew" {
                        s.grow = true;
                    }
                }
                Role::Loss => s.loss = true,
                Role::Change => s.change = true,
                Role::Trend => s.trend = true,
                Role::When if self.when_told(token) => s.ignored.push(token.at),
                Role::When if self.when_not_a_time(token) => {}
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
                // "my last reel from portugal": where the post was made, not the audience.
                Role::Where
                    if {
                        // ("from the lisbon trip")
                        let from = index.saturating_sub(1)
                            - usize::from(index >= 2 && tokens[index - 1].text == "the");
                        from >= 1
                            && tokens[from].text == "from"
                            && matches!(
                                tokens[from - 1].role,
                                Some(Role::Media(_) | Role::Posts | Role::Latest)
                            )
                    } =>
                {
                    s.ignored.push(token.at);
                }
                // "I am electrician, 12 years in London, …, how many followers I have": a
                // place the asker tells of, while what is asked names no place.
                Role::Where
                    if crate::question::lexicon::PLACES
                        .iter()
                        .any(|(place, _)| *place == token.text)
                        && self.sentence.statement(token.clause)
                        && !self.tokens.iter().any(|t| {
                            t.clause != token.clause
                                && matches!(t.role, Some(Role::Where))
                                && self.sentence.clause_asks(t.clause)
                        }) =>
                {
                    s.ignored.push(token.at);
                }
                Role::Where => s.place = true,
                // ("what time should I post so the ladies see it": who should see it; "the
                // ladies like to save the styles": what they do, told; not who the followers
                // are.)
                Role::Age | Role::Gender
                    if (1..=3).any(|back| {
                        token.at >= back
                            && matches!(self.word(token.at - back), "so" | "for")
                            && (token.at - back + 1..token.at)
                                .all(|k| matches!(self.word(k), "the" | "my" | "our" | "that"))
                    }) && matches!(self.word(token.at + 1), "see" | "can" | "will" | "get")
                        || matches!(
                            self.word(token.at + 1),
                            "like"
                                | "love"
                                | "save"
                                | "share"
                                | "buy"
                                | "keep"
                                | "always"
                                | "usually"
                                | "tend"
                                | "prefer"
                        ) && token.at > 0
                            && matches!(self.word(token.at - 1), "the" | "my" | "our")
                            && !self.sentence.clause_asks(token.clause) =>
                {
                    s.ignored.push(token.at);
                }
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
                    if self.newest_told_beside_a_day(token) {
                        s.ignored.push(token.at);
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
                // "how many reels did we put up in october? trying to do 3 a week": the
                // asker's aim, told beside a count asked.
                Role::Frequency
                    if self.sentence.statement(token.clause)
                        && self.tokens.iter().any(|t| {
                            matches!(t.role, Some(Role::HowMany))
                                && self.sentence.clause_asks(t.clause)
                        }) =>
                {
                    s.ignored.push(token.at);
                }
                Role::Frequency => {
                    s.frequency = true;
                    // ("cadence over L90": how often the account posts, the only cadence
                    // Pulse knows.)
                    let bare_frequency =
                        token.text == "frequency" && self.word(token.at + 1) != "of";
                    if token.text.contains("post") || token.text == "cadence" || bare_frequency {
                        s.publish = true;
                    }
                }
                // "the 3 worst posts of last month, so we know what we should not do": why
                // the figures are asked, not advice asked for.
                Role::Advice
                    if {
                        // (or said in the same breath: "… so we know what we should stop")
                        let so_we_know = (token.at.saturating_sub(6)..token.at).find(|&j| {
                            self.word(j) == "so"
                                && matches!(self.word(j + 1), "we" | "i")
                                && matches!(self.word(j + 2), "know" | "can" | "see" | "learn")
                        });
                        let purpose = self.sentence.purpose(token.clause);
                        (purpose || so_we_know.is_some())
                            && self.tokens.iter().any(|t| {
                                (if purpose {
                                    t.clause != token.clause
                                } else {
                                    so_we_know.is_some_and(|so| t.at < so)
                                }) && matches!(
                                    t.role,
                                    Some(Role::Highest | Role::Lowest | Role::Metric(_))
                                )
                            })
                    } =>
                {
                    s.ignored.push(token.at);
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
                    // ("my tips posts", "book recommendation carousels": posts of tips.)
                    // ("I should like to know which…": the asker's wish, formally put.)
                    let wish = token.text == "should"
                        && matches!(self.word(token.at + 1), "like" | "love" | "be")
                        && matches!(self.word(token.at + 2), "to" | "grateful" | "glad");
                    // ("My friend says one should look at reach. Could you tell me my reach
                    // …": advice someone gave, told beside a question of its own.)
                    // ("Did I post more in October than in September... my grandson says I
                    // should post more": the posts counted, asked.)
                    let told = self.sentence.story(token.clause)
                        && self.tokens.iter().any(|t| {
                            t.clause != token.clause
                                && self.sentence.clause_asks(t.clause)
                                && matches!(
                                    t.role,
                                    Some(Role::Metric(_) | Role::Followers | Role::Posts)
                                )
                        });
                    // ("My daughter says I should keep an eye on my engagement. What is mine
                    // this year?": advice reported, beside a question that asks of its own.)
                    let reported = (token.at.saturating_sub(4)..token.at).any(|j| {
                        self.token_at(j).is_some_and(|t| {
                            matches!(t.role, Some(Role::Saying)) && t.clause == token.clause
                        })
                    }) && self
                        .tokens
                        .iter()
                        .any(|t| t.clause > token.clause && self.sentence.clause_asks(t.clause));
                    let expects = wish
                        || told
                        || reported
                        || (matches!(token.text.as_str(), "should" | "must")
                            && matches!(
                                self.word(token.at + 1),
                                "be" | "get" | "getting" | "have" | "been"
                            )
                            && !matches!(
                                self.word(token.at.saturating_sub(1)),
                                "what" | "which" | "how" | "when" | "where" | "who"
                            ))
                        || (matches!(
                            token.text.as_str(),
                            "tips"
                                | "tip"
                                | "recommendation"
                                | "recommendations"
                                | "suggestion"
                                | "suggestions"
                                | "advice"
                        ) && self.token_at(token.at + 1).is_some_and(|next| {
                            matches!(next.role, Some(Role::Posts | Role::Media(_)))
                        }));
                    // "did my engagement rate improve this month": whether a figure went up,
                    // a comparison — not a request for advice.
                    let went_up = token.text.starts_with("improv")
                        && matches!(
                            self.sentence.words.first().map(String::as_str),
                            Some("did" | "has" | "have" | "is" | "was" | "are" | "were" | "does")
                        )
                        && self
                            .tokens
                            .iter()
                            .any(|t| matches!(t.role, Some(Role::Metric(_))));
                    if went_up {
                        s.compare = true;
                    } else if (!matches!(token.text.as_str(), "should" | "must") || about_posting)
                        && !expects
                    {
                        s.advice = true;
                    }
                }
                // ("my 2026 wrapped", "instagram wrapped"; not "gift wrapped", "spotify
                // wrapped".)
                Role::Overview
                    if token.text == "wrapped"
                        && !(matches!(
                            self.word(token.at.saturating_sub(1)),
                            "instagram" | "insta" | "ig" | "year"
                        ) || self.word(token.at.saturating_sub(1)).parse::<u32>().is_ok()) => {}
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
                // An hour kept, an event's name, a greeting: told, not asked.
                Role::PartOfDay if self.time_of_day_told(token) => {
                    s.ignored.push(token.at);
                }
                Role::PartOfDay => s.part_of_day = true,
                Role::DayOfWeek => s.day_of_week = true,
                // "the 5 weakest reels, so we can retire the format": the reason, not a
                // question about formats.
                Role::Format
                    if (token.at.saturating_sub(9)..token.at).any(|k| {
                        self.word(k) == "so"
                            && matches!(self.word(k + 1), "we" | "i" | "they")
                            && matches!(self.word(k + 2), "can" | "could" | "know" | "decide")
                    }) =>
                {
                    s.ignored.push(token.at);
                }
                Role::Format => s.format = true,
                Role::Unseen(unseen) => {
                    // "nan wants to know how many people follow her page": asked on her
                    // behalf, her page is the account.
                    let behalf = matches!(token.text.as_str(), "her" | "his") && self.on_behalf();
                    if !dismissed_clause && !behalf {
                        s.unseen.push(unseen.clone());
                    }
                    // "how many unfollowed me": followers lost, counted.
                    if matches!(
                        token.text.as_str(),
                        "unfollowed" | "unfollow" | "stopped following"
                    ) {
                        s.loss = true;
                        s.followers = true;
                    }
                }
                Role::Now => s.now = true,
                Role::Negation => {
                    s.negation = true;
                    negated_until = token.at + 4;
                }
                Role::Dismiss => dismissed = Some((token.clause, token.at)),
                Role::FollowUp => s.follow_up = true,
                // "it's been a slow one", "a busy one": a time described, no post pointed at.
                Role::Reference
                    if token.text == "one"
                        && token.at >= 1
                        && ((token.at >= 2
                            && matches!(self.word(token.at - 2), "a" | "been")
                            && self.token_at(token.at - 1).is_none_or(|t| t.role.is_none()))
                            // ("… over the weekend? busy one at the stall")
                            || BUSY_OR_SLOW.contains(&self.word(token.at - 1))) => {}
                Role::Reference => {
                    s.reference = true;
                    if matches!(token.text.as_str(), "one" | "which one") {
                        s.which_one = true;
                    }
                }
                Role::Number(n) => {
                    if s.number.is_none() && self.counts_asked(index) {
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
                    // ("are more people looking at my page lately")
                    "see" | "saw" | "seen" | "seeing" | "sees" | "looking at" | "looked at"
                    | "look at" | "looks at" => s.see = true,
                    "which" if self.word(token.at + 1) == "of" => which_of = true,
                    "which" if self.which_names_one(token) => s.which_one = true,
                    word if super::MINE.contains(&word) => s.mine = true,
                    _ => {}
                },
            }
        }
        (s, dismissed, which_of)
    }
}
