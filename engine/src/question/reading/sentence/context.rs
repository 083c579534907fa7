//! Roles that the whole question changes once every word has one: a word read again with
//! the rest of the question beside it ("how much is it" after a figure, "one should").

use super::Token;
use crate::metric::Metric;
use crate::question::lexicon::{self, Role, Unseen};

/// Roles that the whole question changes, once every word has one: "how much is it" after
/// a figure asks the figure, "how many follows did I get" is followers gained, "one should"
/// is anyone, "the tea ladies want to know" are people asking.
pub(super) fn reread_in_context(tokens: &mut [Token], words: &[String], quotes_a_buyer: bool) {
    // "our reach kinda mid this week?? how much is it": the figure, asked of Pulse; a
    // buyer's "how much is it" is quoted, asked, or in the comments.
    let buyer_words = quotes_a_buyer
        || words.iter().any(|w| {
            w.starts_with("comment")
                || w.starts_with("ask")
                || w.starts_with("dm")
                || w.starts_with("messag")
                || matches!(
                    w.as_str(),
                    "people" | "customers" | "someone" | "anyone" | "buyers" | "ppl"
                )
        });
    let figure_named = tokens
        .iter()
        .any(|t| matches!(t.role, Some(Role::Metric(_))));
    if figure_named && !buyer_words {
        for token in tokens.iter_mut().filter(|t| t.text == "how much is it") {
            token.role = Some(Role::HowMany);
        }
    }
    // "why did my reach tank last week", "did my reach crash in october": a figure that
    // fell, as "dropped" says ("which reels tanked" ranks posts).
    let figure_at = |at: usize| {
        tokens.iter().any(|t| {
            t.at + 3 >= at
                && t.at < at
                && matches!(t.role, Some(Role::Metric(_) | Role::Followers | Role::Rate))
        })
    };
    let posts_named = tokens
        .iter()
        .any(|t| matches!(t.role, Some(Role::Posts | Role::Media(_))));
    let fell: Vec<usize> = tokens
        .iter()
        .filter(|t| {
            matches!(
                t.text.as_str(),
                "tank" | "tanked" | "crash" | "crashed" | "plummet" | "plummeted" | "nosedived"
            ) && !posts_named
                && figure_at(t.at)
        })
        .map(|t| t.at)
        .collect();
    for token in tokens.iter_mut().filter(|t| fell.contains(&t.at)) {
        token.role = Some(Role::Loss);
    }
    // "my biggest flop", "the greatest dud", "my biggest reel flop": one post, by how badly
    // it did, not a best. ("my biggest flops": some posts, said by the word after.)
    let flops: Vec<(usize, bool)> = tokens
        .iter()
        .filter(|t| matches!(t.role, Some(Role::Lowest)))
        .map(|t| (t.at, t.text.ends_with('s')))
        .collect();
    for token in tokens.iter_mut() {
        let Some(&(_, plural)) = flops
            .iter()
            .find(|(at, _)| (token.at + 1..=token.at + 2).contains(at))
        else {
            continue;
        };
        if matches!(token.role, Some(Role::Highest))
            && matches!(
                token.text.as_str(),
                "biggest" | "greatest" | "largest" | "huge" | "massive"
            )
        {
            token.role = Some(if plural { Role::Filler } else { Role::Posts });
        }
    }
    // "my little videos (I believe they are called reels)": the name given after "called"
    // is the type meant; the word it replaces names nothing else.
    let called = tokens.iter().find_map(|t| {
        (matches!(t.role, Some(Role::Media(_)))
            && t.at > 0
            && matches!(words[t.at - 1].as_str(), "called" | "named"))
        .then_some(t.at)
    });
    if let Some(called) = called {
        for token in tokens
            .iter_mut()
            .filter(|t| t.at < called && t.at + 8 >= called)
        {
            if matches!(token.role, Some(Role::Media(_))) {
                token.role = Some(Role::Filler);
            }
        }
    }
    // "how many followers came from instagram", "most likes from ig": a figure of Instagram's
    // own, not something it brought about off it.
    let instagram_figure = tokens.iter().any(|t| {
        matches!(
            t.role,
            Some(Role::Metric(_) | Role::Followers | Role::Gain | Role::Loss)
        )
    });
    if instagram_figure {
        for token in tokens.iter_mut().filter(|t| {
            matches!(t.role, Some(Role::Unseen(Unseen::Offline)))
                && t.text.contains(' ')
                && (["instagram", "insta", "ig"]
                    .iter()
                    .any(|name| t.text.ends_with(name))
                    || t.text.starts_with("after seeing"))
        }) {
            token.role = Some(Role::Filler);
        }
    }
    // "are there more of them than at the start of the month": more than then, not advice
    // to post more of something.
    for at in 0..tokens.len() {
        let weighed = tokens[at].text == "more of"
            && matches!(
                words.get(tokens[at].at + 2).map(String::as_str),
                Some("them" | "those" | "these" | "us" | "it")
            )
            && words[tokens[at].at..].iter().any(|w| w == "than");
        if weighed {
            tokens[at].role = Some(Role::More);
        }
    }
    // "how many follows did I get this week": followers gained, not follows from posts
    // (none is named).
    let i_got = words.windows(2).any(|w| {
        matches!(w[0].as_str(), "did" | "have" | "has" | "do")
            && matches!(w[1].as_str(), "i" | "we")
    });
    let posts_named = tokens.iter().any(|t| {
        matches!(
            t.role,
            Some(Role::Posts | Role::Media(_) | Role::Highest | Role::Lowest | Role::Metric(_))
        ) && t.text != "follows"
    });
    if i_got && !posts_named {
        for token in tokens.iter_mut().filter(|t| t.text == "follows") {
            token.role = Some(Role::Gain);
        }
    }
    // Pidgin "pass" after what is done: the most ("which reel people share pass", "the
    // people wey dey comment pass"). "did I pass 1000 followers" is a milestone.
    let pidgin_most: Vec<usize> = tokens
        .iter()
        .filter(|t| t.text == "pass" && t.role.is_none() && t.at > 0)
        .filter(|t| {
            let before = words[t.at - 1].as_str();
            let after = words.get(t.at + 1).map_or("", String::as_str);
            matches!(
                before,
                "share" | "shared" | "comment" | "like" | "save" | "view" | "see" | "do" | "dey"
            ) && !after.starts_with(|c: char| c.is_ascii_digit())
                && !matches!(after, "the" | "a" | "my" | "our")
        })
        .map(|t| t.at)
        .collect();
    for token in tokens.iter_mut() {
        if pidgin_most.contains(&token.at) {
            token.role = Some(Role::Highest);
        } else if pidgin_most.contains(&(token.at + 1))
            && token.text == "like"
            && matches!(token.role, None | Some(Role::Filler))
        {
            // ("the one wey people like pass": the most liked.)
            token.role = Some(Role::Metric(Metric::Likes));
        }
    }
    // "how many followers have I got and did I get any new ones this week": new
    // followers, named before.
    let followers_named_at = tokens
        .iter()
        .find(|t| matches!(t.role, Some(Role::Followers)))
        .map(|t| t.at);
    if let Some(named) = followers_named_at {
        for token in tokens.iter_mut().filter(|t| {
            t.at > named
                && t.text == "new"
                && matches!(t.role, None | Some(Role::Filler))
                && words.get(t.at + 1).is_some_and(|w| w == "ones")
        }) {
            token.role = Some(Role::Gain);
        }
    }
    // "what are people saying about my new mug photo": the newest photo, described.
    let single_post_at = |at: usize| {
        tokens.iter().any(|t| {
            t.at == at
                && matches!(t.role, Some(Role::Posts | Role::Media(_)))
                && !t.text.ends_with('s')
        })
    };
    let described_newest: Vec<usize> = tokens
        .iter()
        .filter(|t| {
            t.text == "new"
                && matches!(t.role, Some(Role::Filler))
                && t.at > 0
                && matches!(words[t.at - 1].as_str(), "my" | "our")
                && tokens
                    .iter()
                    .any(|unknown| unknown.at == t.at + 1 && unknown.role.is_none())
                // ("my new zealand reel": a place.)
                && !matches!(
                    words.get(t.at + 1).map_or("", String::as_str),
                    "zealand" | "york" | "jersey" | "delhi" | "mexico" | "orleans" | "england"
                        | "hampshire" | "forest" | "brunswick" | "south"
                )
                && single_post_at(t.at + 2)
        })
        .map(|t| t.at)
        .collect();
    for token in tokens
        .iter_mut()
        .filter(|t| described_newest.contains(&t.at))
    {
        token.role = Some(Role::Latest);
    }
    // "give me the 3 first", "the first 3": how many of a ranking, counted from the top.
    let counted_first: Vec<usize> = tokens
        .iter()
        .filter(|t| {
            t.text == "first"
                && t.role.is_none()
                && (words
                    .get(t.at + 1)
                    .is_some_and(|w| w.parse::<u32>().is_ok())
                    || (t.at > 0 && words[t.at - 1].parse::<u32>().is_ok()))
        })
        .map(|t| t.at)
        .collect();
    for token in tokens.iter_mut().filter(|t| counted_first.contains(&t.at)) {
        token.role = Some(Role::Filler);
    }
    // "how did the opening night post do": a post named by its event, not posts of the
    // night ("my night posts", "the morning reel" still are).
    let post_word = |at: usize| {
        matches!(
            words.get(at).map(String::as_str),
            Some("post" | "reel" | "photo" | "pic" | "video" | "carousel")
        )
    };
    let named_by_event: Vec<usize> = tokens
        .iter()
        .filter(|t| {
            matches!(t.role, Some(Role::PartOfDay))
                && t.at >= 2
                && post_word(t.at + 1)
                && !matches!(
                    words[t.at - 1].as_str(),
                    "the" | "my" | "our" | "a" | "this" | "that" | "late" | "early" | "last"
                )
                && words[t.at - 2] == "the"
        })
        .flat_map(|t| [t.at - 1, t.at])
        .collect();
    for token in tokens.iter_mut().filter(|t| {
        named_by_event.contains(&t.at) && matches!(t.role, Some(Role::PartOfDay | Role::Filler))
    }) {
        token.role = None;
    }
    // "how did our panto announcement go down": how it was received; "how did my reach
    // go down" is still the figure falling.
    let how_did = words
        .windows(2)
        .position(|w| w[0] == "how" && w[1] == "did");
    if let Some(from) = how_did {
        let figure_before = |until: usize| {
            tokens.iter().any(|t| {
                t.at > from
                    && t.at < until
                    && matches!(t.role, Some(Role::Metric(_) | Role::Followers))
            })
        };
        let received: Vec<usize> = tokens
            .iter()
            .filter(|t| t.at > from && t.text == "go down" && !figure_before(t.at))
            .map(|t| t.at)
            .collect();
        for token in tokens.iter_mut().filter(|t| received.contains(&t.at)) {
            token.role = Some(Role::Performance);
        }
    }
    // "… I've been posting the hens every morning what I want to know is how many people
    // follow us now", "… My question is how many likes …": what comes before is the story.
    const ASKS_FROM_HERE: &[&[&str]] = &[
        &["what", "i", "want", "to", "know", "is"],
        &["what", "i", "wanna", "know", "is"],
        &["what", "i", "would", "like", "to", "know", "is"],
        &["what", "id", "like", "to", "know", "is"],
        &["my", "question", "is"],
        &["the", "question", "is"],
    ];
    let asks_from = ASKS_FROM_HERE
        .iter()
        .filter_map(|marker| {
            words
                .windows(marker.len())
                .rposition(|w| w.iter().zip(marker.iter()).all(|(a, b)| a == b))
        })
        .max();
    if let Some(from) = asks_from.filter(|from| *from > 0) {
        for token in tokens.iter_mut().filter(|t| t.at < from) {
            if !matches!(token.role, Some(Role::Unseen(_))) {
                token.role = Some(Role::Filler);
            }
        }
    }
    // "Sorry, one more. Engagement rate by followers", "One more thing dear, who …": another
    // question coming, said in a clause of its own, not one post nor more of anything.
    let mut clauses: Vec<usize> = tokens.iter().map(|t| t.clause).collect();
    clauses.dedup();
    for clause in clauses {
        let of_clause = || tokens.iter().filter(|t| t.clause == clause);
        let words_of_clause: Vec<&str> = of_clause().map(|t| t.text.as_str()).collect();
        let announces_another = words_of_clause.windows(2).any(|w| w == ["one", "more"])
            && of_clause().all(|t| {
                matches!(t.role, Some(Role::Filler))
                    || matches!(
                        t.text.as_str(),
                        "one" | "more" | "q" | "then" | "thing" | "question"
                    )
            });
        if announces_another && tokens.iter().any(|t| t.clause != clause) {
            for token in tokens.iter_mut().filter(|t| t.clause == clause) {
                token.role = Some(Role::Filler);
            }
        }
    }
    // "The tea ladies want to know who …": people asking, not an aspect of the audience;
    // "one should look at reach": anyone, not one post.
    let clause_of: Vec<(usize, usize)> = tokens.iter().map(|t| (t.at, t.clause)).collect();
    let post_named = tokens
        .iter()
        .any(|t| matches!(t.role, Some(Role::Posts | Role::Media(_) | Role::Latest)));
    for token in tokens.iter_mut() {
        let next = words.get(token.at + 1).map_or("", String::as_str);
        let opens_its_clause = !clause_of
            .iter()
            .any(|(at, clause)| *at < token.at && *clause == token.clause);
        // "I have a loyal little group who always leave kind comments": who they are, told.
        if token.text == "who"
            && lexicon::GROUPS_TOLD_OF
                .contains(&token.at.checked_sub(1).map_or("", |at| words[at].as_str()))
            && matches!(token.role, Some(Role::People))
        {
            token.role = Some(Role::Filler);
        }
        // "i cant scroll through all of them": the asker scrolling, not followers online.
        if matches!(token.text.as_str(), "scroll" | "scrolling")
            && matches!(token.role, Some(Role::Online))
            && (1..=2).any(|k| {
                token.at >= k
                    && matches!(
                        words[token.at - k].as_str(),
                        "i" | "cant" | "cannot" | "dont" | "im" | "havent" | "we"
                    )
            })
        {
            token.role = Some(Role::Filler);
        }
        // "bc i did a whole anti-bf thing": something done, told; not a post pointed back at.
        if matches!(token.text.as_str(), "thing" | "things")
            && matches!(token.role, Some(Role::Reference))
            && (1..=4).any(|k| {
                token.at >= k && matches!(words[token.at - k].as_str(), "a" | "an" | "whole")
            })
        {
            token.role = Some(Role::Filler);
        }
        // "whats my er this month, like the real one by reach": the figure meant, no post.
        if token.text == "one"
            && !post_named
            && matches!(
                token.at.checked_sub(1).map_or("", |at| words[at].as_str()),
                "real" | "actual" | "proper" | "true" | "correct" | "accurate" | "exact"
            )
        {
            token.role = Some(Role::Filler);
        }
        if token.text == "one"
            && matches!(
                next,
                "should" | "must" | "can" | "could" | "would" | "needs" | "ought" | "might"
            )
        {
            token.role = Some(Role::Filler);
        }
        // "which of the teens comment the most": people, named by a plural Pulse does not
        // know, who do the commenting.
        if token.role.is_none()
            && token.text.len() > 3
            && token.text.ends_with('s')
            && token.at >= 3
            && words[token.at - 3] == "which"
            && words[token.at - 2] == "of"
            && matches!(words[token.at - 1].as_str(), "the" | "my" | "our" | "those")
            && matches!(next, "comment" | "comments" | "commented" | "commenting")
        {
            token.role = Some(Role::People);
        }
        // "what percentage of the people we reach actually engage": the engagement rate,
        // whose basis is reach, not reach as a figure of its own.
        if matches!(token.role, Some(Role::Metric(Metric::Reach)))
            && token.at >= 2
            && matches!(words[token.at - 1].as_str(), "we" | "i" | "you")
            && matches!(
                words[token.at - 2].as_str(),
                "people" | "accounts" | "those" | "ones" | "everyone" | "users"
            )
            && words
                .iter()
                .skip(token.at + 1)
                .take(3)
                .any(|w| w.starts_with("engag"))
        {
            token.role = Some(Role::Filler);
        }
        // "I've been coaching online", "our online shop", "la tienda online": how the
        // business works, not followers being online.
        if token.text == "online" {
            let previous = token
                .at
                .checked_sub(1)
                .and_then(|at| words.get(at))
                .map_or("", String::as_str);
            let how_it_works = matches!(
                next,
                "shop"
                    | "store"
                    | "business"
                    | "course"
                    | "courses"
                    | "class"
                    | "classes"
                    | "sales"
                    | "orders"
                    | "order"
                    | "booking"
                    | "bookings"
                    | "coaching"
                    | "sessions"
                    | "program"
                    | "programme"
                    | "presence"
                    | "boutique"
            ) || matches!(
                previous,
                "sell"
                    | "sells"
                    | "selling"
                    | "sold"
                    | "coach"
                    | "coaches"
                    | "coaching"
                    | "teach"
                    | "teaches"
                    | "teaching"
                    | "taught"
                    | "work"
                    | "works"
                    | "working"
                    | "tienda"
                    | "loja"
                    | "shop"
                    | "store"
                    | "order"
                    | "ordered"
                    | "book"
                    | "booked"
                    | "buy"
                    | "bought"
                    | "lessons"
                    | "sessions"
                    | "business"
                    | "train"
                    | "training"
                    | "trade"
                    | "trading"
            );
            if how_it_works {
                token.role = Some(Role::Filler);
            }
        }
        // "following the advice of my teacher", "following a tutorial": doing as something
        // says, not followers ("following the page" still is).
        let after_next = words.get(token.at + 2).map_or("", String::as_str);
        let before = token.at.checked_sub(1).map_or("", |at| words[at].as_str());
        if token.text == "following"
            && matches!(token.role, Some(Role::Followers))
            // ("how many people are following the society": who follows.)
            && !matches!(before, "are" | "is" | "were" | "people" | "many" | "ppl")
            && matches!(next, "the" | "a" | "an" | "your" | "his" | "her" | "their")
            && !matches!(
                after_next,
                "account" | "page" | "profile" | "brand" | "shop" | "business" | "feed"
            )
        {
            token.role = Some(Role::Filler);
        }
        // "a 4 hour set": how long something lasted, not a time of day.
        if matches!(token.text.as_str(), "hour" | "hours" | "hr" | "hrs")
            && matches!(token.role, Some(Role::Time))
            && before.chars().all(|c| c.is_ascii_digit())
            && !before.is_empty()
        {
            token.role = Some(Role::Filler);
        }
        // "the chrome french tip one", "the tip reel": a post named by what it shows, not a
        // tip asked for ("any tip for reels?", "give me a tip").
        if matches!(token.role, Some(Role::Advice))
            && token.text == "tip"
            && matches!(
                next,
                "one" | "reel" | "video" | "post" | "nails" | "set" | "design"
            )
            && !matches!(
                before,
                "a" | "any" | "one" | "some" | "me" | "quick" | "good" | "your"
            )
        {
            token.role = None;
        }
        // "obrigada! last thing: my likes today?": the last question, not the newest post.
        if matches!(token.text.as_str(), "last thing" | "one last thing")
            && !words.get(token.at + 2).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "i" | "we" | "you" | "posted" | "put" | "uploaded" | "on"
                )
            })
            && matches!(token.role, Some(Role::Latest))
            && (opens_its_clause || matches!(before, "one" | "ok" | "okay" | "and" | "oh"))
            && words.len() > token.at + 3
        {
            token.role = Some(Role::Filler);
        }
        // "any new reel ideas?", "ideas for a new post": a post to make, not the newest.
        let words_after = token.at + token.text.split(' ').count();
        let ideas_before =
            (1..=3).any(|k| token.at >= k && words[token.at - k].starts_with("idea"));
        if matches!(token.role, Some(Role::Latest))
            && token.text.starts_with("new ")
            && (ideas_before
                || matches!(
                    words.get(words_after).map(String::as_str),
                    Some("idea" | "ideas")
                ))
        {
            token.role = Some(Role::Filler);
        }
        // "last one for the deck: …", "last one from me, …": the last question.
        if token.text == "last one"
            && matches!(token.role, Some(Role::Latest))
            && opens_its_clause
            && words.get(token.at + 2).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "for" | "from" | "then" | "promise" | "honestly" | "question"
                )
            })
            && !words
                .get(token.at + 3)
                .is_some_and(|w| matches!(w.as_str(), "week" | "month"))
        {
            token.role = Some(Role::Filler);
        }
        // "the normal videos", "our usual posts": which ones, not an average. (A choice
        // between kinds, "the reels or the normal videos", is read whole.)
        let in_a_choice = (1..=3).any(|k| token.at >= k && words[token.at - k] == "or");
        if matches!(token.role, Some(Role::Average))
            && !in_a_choice
            && matches!(token.text.as_str(), "normal" | "usual" | "regular")
            && matches!(
                next,
                "videos" | "video" | "posts" | "post" | "photos" | "photo" | "pics" | "stuff"
            )
        {
            token.role = Some(Role::Filler);
        }
        // "her page", "his engagement", "her latest reel": someone else's; "after her talk",
        // "the puppy getting his first vaccine": someone in a story, no figure of theirs.
        // ("how does that compare with her?": hers, whatever follows.)
        if matches!(token.text.as_str(), "her" | "his")
            && matches!(token.role, Some(Role::Unseen(_)))
            && token.at + 1 < words.len()
            && !words.iter().skip(token.at + 1).take(3).any(|w| {
                w.starts_with("follow")
                    || w.starts_with("engag")
                    || matches!(
                        w.as_str(),
                        "page"
                            | "account"
                            | "acc"
                            | "profile"
                            | "insta"
                            | "ig"
                            | "feed"
                            | "grid"
                            | "post"
                            | "posts"
                            | "reel"
                            | "reels"
                            | "videos"
                            | "photos"
                            | "content"
                            | "stats"
                            | "numbers"
                            | "audience"
                            | "likes"
                            | "views"
                            | "reach"
                            | "saves"
                            | "shares"
                            | "comments"
                    )
            })
        {
            token.role = Some(Role::Filler);
        }
        // "how many people unfollowed me", "i feel like ppl unfollowed after the haul":
        // followers lost, a figure; who they are ("who unfollowed me") Pulse cannot see.
        if matches!(
            token.text.as_str(),
            "unfollowed" | "unfollow" | "stopped following"
        ) && matches!(token.role, Some(Role::Loss))
            && words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "who" | "whos" | "whom" | "which" | "names" | "usernames" | "handles" | "list"
                )
            })
        {
            token.role = Some(Role::Unseen(Unseen::PersonalData));
        }
        // "how many views did the garage get", "followers does the gym have": the asker's
        // own business, named as the account.
        if token.role.is_none()
            && token.at >= 2
            && words[token.at - 1] == "the"
            && matches!(words[token.at - 2].as_str(), "did" | "does" | "do")
            && matches!(next, "get" | "got" | "gets" | "have" | "has")
        {
            token.role = Some(Role::Filler);
        }
        // "post on saturday or sunday?": which of the two to post on.
        if token.at == 0
            && matches!(token.text.as_str(), "post" | "posting")
            && matches!(next, "on" | "at")
            && words.iter().any(|w| w == "or")
        {
            token.role = Some(Role::Publish);
        }
        // "which posting had the lowest likes": the post, a noun as some write it.
        if matches!(token.text.as_str(), "posting" | "postings")
            && token.at >= 1
            && matches!(
                words[token.at - 1].as_str(),
                "which" | "the" | "my" | "our" | "that" | "this" | "each" | "every" | "a"
            )
            && matches!(
                next,
                "had" | "has" | "have" | "was" | "were" | "got" | "gets" | "did" | "is" | "with"
            )
        {
            token.role = Some(Role::Posts);
        }
        // "how many followers she has", "how many likes does he get": someone else's.
        if matches!(token.text.as_str(), "she" | "he")
            && matches!(next, "has" | "have" | "got" | "gets" | "get" | "had")
            && words[token.at.saturating_sub(4)..token.at].iter().any(|w| {
                w.starts_with("follow")
                    || matches!(w.as_str(), "likes" | "views" | "reach" | "engagement")
            })
        {
            token.role = Some(Role::Unseen(Unseen::OtherAccount(None)));
        }
        if matches!(token.role, Some(Role::Gender | Role::Age))
            && matches!(
                next,
                "want" | "wants" | "asked" | "asks" | "say" | "says" | "said" | "told"
            )
        {
            token.role = Some(Role::Filler);
        }
    }
}
