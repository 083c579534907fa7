//! What Pulse cannot see (another account, TikTok, the future, stories, money…): when a
//! question is about it, and when it is only background to a question Pulse can answer.

use super::decide::is_head;
use super::sentence::Token;
use super::signals::{Part, Signals};
use crate::metric::Metric;
use crate::question::lexicon::{self, Role, Unseen, UNNAMED_PLATFORM};
use crate::question::when::When;
use std::collections::HashSet;

/// Whether `token` is a "there" that points at a place named before ("I get 20k there", "our
/// customers are on there"), not the "there" of "is there" or "there are".
pub(super) fn points_there(part: &Part<'_>, token: &Token) -> bool {
    let word = |at: Option<usize>| {
        at.and_then(|at| part.sentence.words.get(at))
            .map_or("", String::as_str)
    };
    // ("how many views would i get their": there, voice-typed, closing the question.)
    let their_for_there = token.text == "their"
        && word(Some(token.at + 1)).is_empty()
        && matches!(word(token.at.checked_sub(1)), "get" | "have" | "got" | "do");
    // ("Our YouTube channel has the full videos, how many views are there?": there, said
    // last, of the place just named; not "how many views are there on my reels".)
    let own_in_clause = || {
        part.sentence.words.iter().enumerate().any(|(at, w)| {
            part.sentence.clauses[at] == token.clause && lexicon::OWN_WORDS.contains(&w.as_str())
        })
    };
    let are_there_last = token.text == "there"
        && word(Some(token.at + 1)).is_empty()
        && matches!(word(token.at.checked_sub(1)), "are" | "were")
        && !own_in_clause();
    their_for_there
        || are_there_last
        || token.text == "there"
            && !matches!(
                word(token.at.checked_sub(1)),
                "is" | "are" | "was" | "were" | "isnt" | "arent"
            )
            && !matches!(
                word(Some(token.at + 1)),
                "is" | "are" | "was" | "were" | "be" | "been" | "s" | "isnt" | "arent" | "will"
            )
}

/// The first thing Pulse cannot see that the question is about, if any. Background in a
/// clause that asks nothing ("I saw @rival posts reels daily, how often do I post?") does
/// not count, nor a future day beside a past period ("a call tomorrow, they want my stats
/// of the last 3 months").
pub(super) fn unseen(part: &Part<'_>, s: &Signals, periods: &[When]) -> Option<Unseen> {
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
        // ("… how my neighbour Brenda's account is doing? I believe she has more followers
        // than I do.": what is told after the question asks nothing.)
        let asked_elsewhere = part.tokens.iter().any(|t| {
            t.clause != clause
                && (asking_clauses.contains(&t.clause) || part.sentence.clause_asks(t.clause))
                && !(part.sentence.story(t.clause) && part.sentence.clause_asks(clause))
                && t.role.as_ref().is_some_and(|r| {
                    matches!(
                        r,
                        Role::Posts | Role::Media(_) | Role::Metric(_) | Role::Followers
                    ) || (is_head(r) && !matches!(r, Role::HowMany | Role::Total | Role::Average))
                })
        });
        // A statement beside the question is background even when it names a post of it
        // ("my story views have been low, so what's my ER on reels?").
        // ("my tiktok is bigger, how many views do I have there": there is the TikTok.)
        // ("can you check my tiktok too, I get 20k there": the question is about TikTok.)
        let there = part
            .tokens
            .iter()
            .any(|t| t.clause != clause && points_there(part, t));
        // ("… He's @norfolkbirder. How many does he reach?": the question is about him.)
        // ("Waterstones' account gets more likes than mine, how many do they get per post?":
        // "they", with no posts named before it, are the account.)
        let them = |at: usize, w: &str| {
            matches!(w, "they" | "them" | "their" | "theyre")
                && !part.tokens.iter().any(|t| {
                    t.at < at
                        && t.clause != clause
                        && matches!(t.role, Some(Role::Posts | Role::Media(_)))
                })
        };
        let about_them = matches!(token.role, Some(Role::Unseen(Unseen::OtherAccount(_))))
            && part.sentence.words.iter().enumerate().any(|(at, w)| {
                part.sentence.clauses[at] != clause
                    && part.sentence.clause_asks(part.sentence.clauses[at])
                    && (matches!(w.as_str(), "he" | "she" | "him" | "his" | "hes" | "shes")
                        || them(at, w))
            });
        // ("… late nights editing, trending audio, all of it. How many followers have I
        // gained?": a sentence that ended before the question.)
        let told = part.sentence.story(clause) || part.sentence.told_before_a_question(clause);
        // "Competitor benchmark: avg ER for skincare brands": a heading that names only what
        // Pulse cannot see is the topic, not background ("Benchmark us against accounts
        // like ours, ER + growth" too).
        let heading = !told
            && part
                .tokens
                .iter()
                .filter(|t| t.clause == clause && !matches!(t.role, Some(Role::Filler)))
                .all(|t| {
                    matches!(
                        t.role,
                        Some(Role::Unseen(Unseen::OtherAccount(_)) | Role::Compare)
                    )
                });
        !there
            && !heading
            && !about_them
            && asked_elsewhere
            && (told || (others && !names_a_post && !asking_clauses.contains(&clause)))
    };
    let past_period = periods
        .iter()
        .any(|p| matches!(p, When::Period(_) | When::Before(_)));
    for token in &part.tokens {
        let Some(Role::Unseen(unseen)) = &token.role else {
            continue;
        };
        // "I need her phone number": personal data asked for, even in a sentence that tells.
        let requested = matches!(unseen, Unseen::PersonalData)
            && part.tokens.iter().any(|t| {
                t.clause == token.clause
                    && matches!(
                        t.text.as_str(),
                        "need" | "want" | "give" | "get" | "find" | "send" | "tell"
                    )
            });
        // "list the people who commented, with their home addresses": asked for beside the
        // list.
        let requested = requested
            || (matches!(unseen, Unseen::PersonalData)
                && (1..=3).any(|k| {
                    token.at > k
                        && part.word(token.at - k) == "their"
                        && part.word(token.at - k - 1) == "with"
                }));
        // "How many followers has my salon? It is other Instagram account": what the
        // question was about, said after it.
        let requested =
            requested
                || (matches!(unseen, Unseen::OtherAccount(_))
                    && part.sentence.words.iter().enumerate().any(|(at, w)| {
                        part.sentence.clauses[at] == token.clause
                            && matches!(w.as_str(), "it" | "this" | "that" | "thats" | "its")
                            && part.sentence.words.get(at + 1).is_some_and(|next| {
                                matches!(next.as_str(), "is" | "s" | "a" | "an")
                            })
                            || (matches!(w.as_str(), "its" | "thats")
                                && part.sentence.clauses[at] == token.clause)
                    }));
        // "and for our other client, the same numbers?": the account the clause opens with
        // as the one the figures are for.
        let opens_with_for = |at: usize| {
            (at == 0 || part.sentence.clauses[at - 1] != token.clause)
                || (at == 1 && matches!(part.word(0), "and" | "now" | "ok" | "okay" | "so"))
        };
        let requested = requested
            || (matches!(unseen, Unseen::OtherAccount(_))
                && (1..=2).any(|k| {
                    token.at >= k
                        && part.word(token.at - k) == "for"
                        && opens_with_for(token.at - k)
                        && (k == 1 || matches!(part.word(token.at - 1), "my" | "our" | "the"))
                }));
        // "my story with the flash sale, how many views?", "my boosted leopard post, how many
        // people did it reach?": the story or the ad named before the question about it.
        let clause_starts = |at: usize| at == 0 || part.sentence.clauses[at - 1] != token.clause;
        let requested = requested
            || (matches!(unseen, Unseen::Stories | Unseen::Ads)
                && token.at > 0
                && matches!(
                    part.word(token.at - 1),
                    "my" | "our" | "the" | "that" | "this"
                )
                && clause_starts(token.at - 1)
                && part.sentence.clause_asks(token.clause + 1)
                && !part.tokens.iter().any(|t| {
                    t.clause > token.clause && matches!(t.role, Some(Role::Posts | Role::Media(_)))
                }));
        // "is @jo_b still the one who comments the most", "is @jo_b my top fan": one of the
        // asker's own commenters, named (not their account asked about).
        let words = &part.sentence.words;
        let own_commenter = matches!(unseen, Unseen::OtherAccount(Some(_)))
            && words.iter().any(|w| matches!(w.as_str(), "my" | "our"))
            && words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "commenter" | "commenters" | "fan" | "fans" | "superfan"
                )
            })
            // ("how many fans does @jo_b have": theirs.)
            && !words.iter().skip(token.at + 1).any(|w| {
                matches!(
                    w.as_str(),
                    "have" | "has" | "get" | "gets" | "got" | "their" | "his" | "her"
                )
            });
        if own_commenter {
            continue;
        }
        // "Will the carol service post get more likes than last year's?": a question that
        // opens with "will" asks for a prediction, whatever else it says.
        let opens_with_will = token.text == "will" && token.at == 0;
        if !s.unseen.contains(unseen) || (background(token) && !requested && !opens_with_will) {
            continue;
        }
        // "how many people unfollowed me this week": a count, which the follower growth
        // answers (who they were is what Instagram does not say).
        let counted_loss = matches!(unseen, Unseen::PersonalData)
            && matches!(token.text.as_str(), "unfollowed" | "unfollow" | "stopped following")
            && s.how_many
            && !s.who
            // ("…, I want to see their names": who they were, asked.)
            && !part.sentence.words.iter().any(|w| w == "names")
            // "how many unfollowed me after the rant reel": losses to one post, which
            // Instagram does not count.
            && s.media.is_empty()
            && !s.posts;
        if counted_loss {
            continue;
        }
        // "what should I post to get more bookings": the goal of advice, not a figure asked.
        let goal = matches!(unseen, Unseen::Money | Unseen::Offline)
            && s.advice
            && (token.at.saturating_sub(3)..token.at)
                .any(|at| matches!(part.word(at), "more" | "get"));
        if goal {
            continue;
        }
        // "any comments asking if the sideboard sold": what a buyer asks in a comment.
        let in_a_comment = matches!(unseen, Unseen::Money)
            && (0..token.at).any(|at| {
                matches!(
                    part.word(at),
                    "asking" | "ask" | "asks" | "asked" | "wondering" | "enquiring"
                )
            })
            && part.sentence.words.iter().any(|w| w.starts_with("comment"));
        if in_a_comment {
            continue;
        }
        // "best time to post tomorrow", "what should I post next week": advice, not a
        // prediction.
        // ("will my engagement improve if I post in Spanish": a prediction all the same.)
        let predicts_mine = token.text == "will" && matches!(part.word(token.at + 1), "my" | "our");
        if matches!(unseen, Unseen::Future) && posting_advice && !predicts_mine {
            continue;
        }
        // "summarise October for the newsletter", "numbers for our blog post": what the
        // answer is for, not where the figures are.
        let for_it = (1..=3).any(|back| {
            token.at >= back
                && part.word(token.at - back) == "for"
                && (token.at - back + 1..token.at).all(|j| {
                    // ("for the staff newsletter": whose, in a word Pulse does not need.)
                    matches!(
                        part.word(j),
                        "the" | "our" | "my" | "a" | "this" | "next" | "weekly" | "monthly"
                    ) || part
                        .token_at(j)
                        .is_none_or(|t| matches!(t.role, None | Some(Role::Filler)))
                })
        });
        // ("how many people signed up for my newsletter" asks about it.)
        let asks_of_the_account = part.tokens.iter().any(|t| {
            t.role.as_ref().is_some_and(|r| {
                matches!(r, Role::Metric(_) | Role::Posts | Role::Media(_))
                    || (is_head(r) && !matches!(r, Role::HowMany | Role::Total | Role::Average))
            })
        });
        if for_it && asks_of_the_account && matches!(token.text.as_str(), "newsletter" | "blog") {
            continue;
        }
        // "will you show me…": a request, not a prediction.
        if token.text == "will" && matches!(part.word(token.at + 1), "you" | "u" | "pulse" | "ya") {
            continue;
        }
        // "a cockapoo who will not stop shaking": someone described, not a prediction asked.
        let describes_someone = token.text == "will"
            && token.at >= 2
            && part.word(token.at - 1) == "who"
            && !clause_starts(token.at - 1)
            && part
                .token_at(token.at - 2)
                .is_none_or(|t| matches!(t.role, None | Some(Role::Filler)));
        if describes_someone {
            continue;
        }
        // "will from the committee wants to know …": someone named Will.
        let after_will = |k: usize| part.word(token.at + k);
        if token.text == "will"
            && (super::sentence::SPEAKING.contains(&after_will(1))
                || super::sentence::introduces_a_name(|at| part.word(at), token.at, token.at + 1)
                || (matches!(after_will(1), "from" | "in" | "at")
                    && (2..6).any(|k| super::sentence::SPEAKING.contains(&after_will(k)))))
        {
            continue;
        }
        return Some(unseen.clone());
    }
    // Unseen things the signals found from several words ("which patients follow us"), not
    // from one word read above ("… at their next appointment").
    if let Some(unseen) = s.unseen.iter().find(|u| {
        matches!(
            u,
            Unseen::PersonalData
                | Unseen::OtherAccount(None)
                | Unseen::Offline
                | Unseen::Money
                | Unseen::OtherPlatform(UNNAMED_PLATFORM)
        ) && !part
            .tokens
            .iter()
            .any(|t| matches!(&t.role, Some(Role::Unseen(one)) if one == *u))
    }) {
        return Some(unseen.clone());
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
    // "can you list everyone who follows us": the people themselves, not how many.
    let everyone_who_follows = part.sentence.words.windows(3).any(|w| {
        matches!(
            w[0].as_str(),
            "everyone" | "everybody" | "all" | "anyone" | "everyones"
        ) && w[1] == "who"
            && matches!(w[2].as_str(), "follows" | "follow" | "followed")
    });
    let listed = part.sentence.words.iter().any(|w| {
        matches!(
            w.as_str(),
            "list" | "show" | "give" | "names" | "see" | "tell" | "export" | "send"
        )
    });
    if everyone_who_follows && listed && !s.how_many && !s.highest && !s.commenters {
        return Some(Unseen::PersonalData);
    }
    // "who visits my profile the most", "who saw my reel the most", "who likes my posts
    // the most": the most of people Instagram never names.
    let who_does_it = part.sentence.words.windows(2).any(|w| {
        w[0] == "who"
            && matches!(
                w[1].as_str(),
                "likes" | "liked" | "saves" | "saved" | "shares" | "shared"
            )
    });
    if s.who
        && !s.metrics.is_empty()
        && (who_does_it
            || s.metrics
                .iter()
                .all(|m| matches!(m, Metric::ProfileVisits | Metric::Views | Metric::Reach)))
        && !s.metrics.contains(&Metric::Comments)
        && !s.commenters
        && !s.which_one
        && !s.which_of_many
    {
        return Some(Unseen::PersonalData);
    }
    // "i'm going on tour next month, where do my followers live?": a future told, not asked.
    let future_asked = part
        .mentions
        .iter()
        .any(|m| m.when == When::Future && !part.sentence.story(part.sentence.clauses[m.start]));
    // "Any brides asking about prices or availability for 2027 in my comments lately?":
    // the time buyers ask about, not a time asked of.
    let buyers_ask_of_it =
        s.leads
            && part.sentence.words.iter().any(|w| {
                w.starts_with("ask") || w.starts_with("comment") || w.starts_with("enquir")
            })
            && part.mentions.iter().any(|m| {
                m.when == When::Future
                    && m.start > 0
                    && matches!(part.word(m.start - 1), "for" | "in" | "about")
            });
    // "how many followers the other watercolour painters in my art society have?": other
    // people's accounts, named by a plural of the asker's own words (not "the other day",
    // "the other one", "the other posts", "each other").
    let named_people = |at: usize| {
        let word = part.word(at);
        word.len() > 3 && word.ends_with('s') && part.token_at(at).is_some_and(|t| t.role.is_none())
    };
    let others_have = (1..part.sentence.words.len()).any(|at| {
        part.word(at) == "other"
            && matches!(part.word(at - 1), "the" | "do" | "does" | "did")
            && (named_people(at + 1)
                || (part.token_at(at + 1).is_some_and(|t| t.role.is_none())
                    && named_people(at + 2)))
            && (at + 2..(at + 10).min(part.sentence.words.len()))
                .find(|&k| matches!(part.word(k), "have" | "has" | "get" | "got"))
                .is_some_and(|k| !(at + 1..k).any(|j| matches!(part.word(j), "i" | "we")))
    });
    if others_have && (s.followers || !s.metrics.is_empty()) {
        return Some(Unseen::OtherAccount(None));
    }
    // "My Xiaohongshu account have more likes than Instagram?": another platform set
    // against this one (not "reels better than instagram carousels": kinds of post).
    let instagram = |at: usize| {
        matches!(part.word(at), "instagram" | "insta" | "ig")
            && matches!(
                part.word(at + 1),
                "" | "one" | "account" | "page" | "profile"
            )
    };
    let against_instagram = (0..part.sentence.words.len()).any(|at| {
        matches!(part.word(at), "than" | "vs" | "versus")
            && (instagram(at + 1)
                || (matches!(part.word(at + 1), "on" | "my" | "our") && instagram(at + 2)))
    });
    if against_instagram && (s.compare || s.more || s.less) && s.media.is_empty() && !s.posts {
        return Some(Unseen::OtherPlatform(
            crate::question::lexicon::UNNAMED_PLATFORM,
        ));
    }
    // "inshallah I reach 10k followers before Eid?", "do you think I hit 10k before
    // summer": a milestone still to come, hoped for (not "when did I hit 10k", "I think I hit
    // 10k last week", "we hit 1k by accident", "I hope to hit 10k, what should I post?").
    let words = &part.sentence.words;
    let has = |wanted: &[&str]| words.iter().any(|w| wanted.contains(&w.as_str()));
    let told_when = part
        .mentions
        .iter()
        .any(|m| m.start == 0 || !matches!(part.word(m.start - 1), "before" | "by"));
    let milestone_ahead = s.milestone
        && !s.advice
        && !told_when
        && has(&["reach", "hit", "cross", "pass", "make"])
        && has(&["before", "hope", "inshallah", "hopefully", "soon", "reckon"])
        && !has(&[
            "did", "have", "has", "had", "when", "since", "reached", "crossed", "passed", "ago",
            "already", "was", "were",
        ]);
    if milestone_ahead {
        return Some(Unseen::Future);
    }
    if periods.contains(&When::Future)
        && future_asked
        && !posting_advice
        && !past_period
        && !buyers_ask_of_it
    {
        return Some(Unseen::Future);
    }
    None
}
