//! The role tables as lookups (single words, and phrases by their first word), and the
//! role of one word that no phrase matched, read with the words around it.

use super::Token;
use crate::metric::Metric;
use crate::question::lexicon::{self, Role, Unseen};
use crate::question::words;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The role tables as lookups: single words, and phrases by their first word.
pub(in crate::question::reading) struct Lookup {
    pub(super) single: HashMap<&'static str, Role>,
    pub(super) phrases: HashMap<&'static str, Vec<(Vec<&'static str>, Role)>>,
    pub(super) filler: HashSet<&'static str>,
}

pub(in crate::question::reading) static LOOKUP: LazyLock<Lookup> = LazyLock::new(|| {
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

/// The role of one word (no phrase matched it).
pub(in crate::question::reading) fn role_of(
    words: &[&str],
    i: usize,
    lookup: &Lookup,
) -> Option<Role> {
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
        // "is (it) normal?", "is it normal that …": a worry, not the usual figure.
        "normal"
            if matches!(before, "is" | "it" | "this" | "that" | "its")
                && matches!(
                    after,
                    "" | "that" | "to" | "for" | "or" | "if" | "when" | "how"
                ) =>
        {
            return Some(Role::Filler);
        }
        // "nobody is seeing them any more": no longer, not more of something.
        "more"
            if before == "any"
                && words[i.saturating_sub(8)..i]
                    .iter()
                    .any(|w| lexicon::NEGATING.contains(w))
                && !lookup
                    .single
                    .get(after)
                    .is_some_and(|r| matches!(r, Role::Metric(_) | Role::Followers)) =>
        {
            return Some(Role::Filler);
        }
        // "the Eddystone painting went up on the 3rd": posted ("my reach went up on
        // Monday" rose).
        "went" | "goes"
            if after == "up"
                && words.get(i + 2).is_some_and(|w| {
                    matches!(*w, "on" | "yesterday" | "today" | "last" | "this" | "at")
                })
                && !lookup.single.get(before).is_some_and(|r| {
                    matches!(r, Role::Metric(_) | Role::Followers | Role::People)
                }) =>
        {
            return Some(Role::Publish);
        }
        // "what's our open rate?": a newsletter's figure ("open" alone is no word of
        // the tables: "the open day post" is a post Pulse cannot pick).
        "open" if matches!(after, "rate" | "rates") => {
            return Some(Role::Unseen(Unseen::OtherPlatform("your newsletter")))
        }
        // "like" is the metric in "how many like", "a like", "1 like", "people like"; filler
        // in "is it like better".
        "like" => {
            let metric = before.parse::<u32>().is_ok()
                || (matches!(
                    before,
                    "a" | "any" | "many" | "no" | "ppl" | "people" | "they"
                )
                    // ("older people like ourselves": people who are like us)
                    && !matches!(after, "ourselves" | "myself" | "yourself"))
                // "which one most like in october": the likes (not "most like me").
                || (matches!(before, "most" | "more" | "least" | "fewest" | "less")
                    && !matches!(after, "me" | "mine" | "us" | "ours" | "it")
                    // "slap the most, like morning or evening": examples given.
                    && !matches!(
                        after,
                        "morning"
                            | "mornings"
                            | "afternoon"
                            | "afternoons"
                            | "evening"
                            | "evenings"
                            | "night"
                            | "nights"
                            | "lunchtime"
                            | "weekends"
                            | "weekdays"
                            | "monday"
                            | "tuesday"
                            | "wednesday"
                            | "thursday"
                            | "friday"
                            | "saturday"
                            | "sunday"
                            | "mondays"
                            | "tuesdays"
                            | "wednesdays"
                            | "thursdays"
                            | "fridays"
                            | "saturdays"
                            | "sundays"
                    )
                    // "shared the most like over the last two weeks": filler after a metric
                    && !words[..i].iter().any(|w| {
                        lookup
                            .single
                            .get(*w)
                            .is_some_and(|r| matches!(r, Role::Metric(_)))
                    }))
                || matches!(after, "count" | "counts")
                // "the average like for one post" (not "on average like per week").
                || (matches!(before, "average" | "avg" | "total" | "mean")
                    && words[i + 1..(i + 4).min(words.len())].iter().any(|w| {
                        matches!(
                            *w,
                            "post" | "posts" | "reel" | "reels" | "photo" | "photos" | "video"
                                | "videos" | "carousel" | "carousels" | "pic" | "pics"
                        )
                    }))
                // "how much like we get yesterday"
                || (before == "much" && i >= 2 && words[i - 2] == "how")
                // "week this compare week before, like more or less?": the likes weighed (not
                // "is it like more or less the same").
                || (matches!(after, "more" | "less")
                    && words.get(i + 2).is_some_and(|w| *w == "or")
                    && !matches!(
                        before,
                        "it" | "is" | "its" | "was" | "thats" | "be" | "just" | "so" | "um"
                            | "feel" | "feels" | "look" | "looks" | "seems" | "seem"
                    ));
            return Some(if metric {
                Role::Metric(Metric::Likes)
            } else {
                Role::Filler
            });
        }
        // "net follows this month": followers gained and lost, not the posts' follows.
        "follows" | "follow" if before == "net" => return Some(Role::Followers),
        // "are our followers over 65?", "how many are under 25": an age.
        number
            if matches!(before, "over" | "under" | "above" | "below" | "aged")
                && i >= 2
                && matches!(words[i - 2], "are" | "is" | "followers" | "people" | "aged")
                && number.parse::<u32>().is_ok_and(|n| (13..=100).contains(&n)) =>
        {
            return Some(Role::Age)
        }
        // "no I meant saves", "no wait": correcting the question before.
        "no" if (i == 0 || matches!(before, "wait" | "oh" | "oops" | "sorry" | "ah"))
            && matches!(after, "i" | "wait" | "sorry" | "actually" | "like") =>
        {
            return Some(Role::Filler)
        }
        // "would love to reach out": to contact them, not the reach.
        "reach" if after == "out" => return Some(Role::Filler),
        // "I spend an age making them", "it takes ages": a long time, not followers' ages.
        "age" if before == "an" => return Some(Role::Filler),
        "ages"
            if matches!(
                before,
                "takes" | "take" | "took" | "taken" | "for" | "spend" | "spent" | "in"
            ) =>
        {
            return Some(Role::Filler)
        }
        // "in the lead-up to the concert": the time before it, not buyers.
        "lead" if after == "up" && matches!(before, "the" | "a" | "in") => {
            return Some(Role::Filler);
        }
        // "win" and "won" are followers gained only beside followers ("who won the game").
        // "I did a live", "went live": Instagram Live, not where followers live.
        "live" if matches!(before, "a" | "the" | "my" | "went" | "going" | "go" | "on") => {
            return Some(Role::Filler);
        }
        "win" | "won" | "wins" | "winning" if soon(&["followers", "follower", "followes"]) => {
            return Some(Role::Gain)
        }
        // "how many followers I have and how much I win this month": followers, asked of
        // before.
        "win" | "won"
            if words[i.saturating_sub(4)..i].contains(&"how")
                && words
                    .iter()
                    .any(|w| matches!(*w, "followers" | "follower" | "followes")) =>
        {
            return Some(Role::Gain)
        }
        // "my follower count and how has it moved": changed.
        "moved"
            if matches!(before, "it" | "has" | "have" | "count" | "that")
                && words.iter().any(|w| matches!(*w, "followers" | "follower")) =>
        {
            return Some(Role::Change)
        }
        "win" | "won" | "wins" => return None,
        // "rate my outfit": the verb.
        "rate" if i == 0 && matches!(after, "my" | "this" | "the" | "these") => return None,
        // "the leather jacket drop", "our new drop": a post (a product drop), not followers
        // dropping.
        // ("the menu launch on 2 November", "the launch party", "the panto announcement
        // week": the event.)
        "launch" | "announcement"
            if matches!(
                after,
                "on" | "was" | "day" | "party" | "event" | "night" | "date" | "week" | "in"
            ) =>
        {
            return None
        }
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
        // "during that time", "in the same time", "at this time": the period, not an hour.
        "time" | "period" if matches!(before, "that" | "same" | "this") => {
            return Some(Role::Filler)
        }
        // "which reel went the most viral": the most seen.
        "viral" if before == "most" => return Some(Role::Metric(Metric::Views)),
        // "last" without a period or a post after it changes nothing ("compared to last").
        "last" => return Some(Role::Filler),
        // "are we posting at the right times": the best ones.
        "right" if matches!(after, "time" | "times" | "day" | "days" | "hour" | "hours") => {
            return Some(Role::Highest)
        }
        // "top posts buy saves" (voice typing): by.
        "buy"
            if lookup
                .single
                .get(after)
                .is_some_and(|role| matches!(role, Role::Metric(_))) =>
        {
            return Some(Role::Filler)
        }
        // "in summer time", "winter time": the season, not a time of day.
        "time"
            if matches!(
                before,
                "summer" | "winter" | "spring" | "autumn" | "christmas"
            ) =>
        {
            return Some(Role::Filler)
        }
        // "the best times", "the right times": hours, as "time" is.
        "times"
            if matches!(
                before,
                "best" | "right" | "good" | "ideal" | "optimal" | "worst"
            ) =>
        {
            return Some(Role::Time)
        }
        // "wear are my followers based" (voice typing): where.
        "wear" if matches!(after, "are" | "is" | "do" | "does") && (i == 0 || before == "and") => {
            return Some(Role::Where)
        }
        // "a ball python morph": the snake, not the language.
        "python" if matches!(before, "ball" | "royal" | "burmese" | "carpet" | "pet") => {
            return Some(Role::Filler)
        }
        // "our local page", "the local food bank": which page, not where followers are.
        "local"
            if matches!(before, "our" | "the" | "my" | "a")
                && !matches!(
                    after,
                    "" | "followers" | "follower" | "people" | "audience" | "fans" | "area"
                ) =>
        {
            return Some(Role::Filler)
        }
        // "whose been commenting the most": who's.
        "whose" if matches!(after, "been" | "commenting" | "liking" | "the") => {
            return Some(Role::People)
        }
        // "what share of followers are from the US": a part, not the metric.
        "share" if after == "of" && !matches!(before, "total" | "the" | "many") => {
            return Some(Role::Filler)
        }
        // "most bad", "most poor": the worst.
        "most" if matches!(after, "bad" | "poor") => return Some(Role::Filler),
        "bad" | "poor" if before == "most" => return Some(Role::Lowest),
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
        // "Slide 4: top 5 posts", "point 2 - reach": which slide or point, not how many.
        if matches!(
            before,
            "slide" | "page" | "point" | "item" | "question" | "q" | "step" | "section" | "no"
        ) {
            return Some(Role::Filler);
        }
        return if (1..=50).contains(&n) {
            Some(Role::Number(n))
        } else {
            None
        };
    }
    // "3pm", "9am", "10:30pm": a part of the day, as "7am" in the tables (but "my 7pm
    // post" is a post).
    if !matches!(
        after,
        "post" | "reel" | "photo" | "pic" | "video" | "carousel" | "story" | "upload"
    ) && word
        .strip_suffix("am")
        .or_else(|| word.strip_suffix("pm"))
        .is_some_and(|clock| {
            !clock.is_empty() && clock.chars().all(|c| c.is_ascii_digit() || c == ':')
        })
    {
        return Some(Role::PartOfDay);
    }
    if word
        .strip_suffix('k')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
    {
        return Some(Role::Milestone);
    }
    // "my ex's page", "my friend's account": someone else's account (not "my manager
    // wants profile visits": a verb).
    if word.ends_with('s')
        && !matches!(
            word,
            "wants"
                | "needs"
                | "asks"
                | "says"
                | "thinks"
                | "gets"
                | "has"
                | "is"
                | "does"
                | "likes"
                | "loves"
                | "checks"
                | "keeps"
                | "shows"
                | "means"
                | "tracks"
        )
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
    // "Sorry, one more. Engagement rate by followers": another question coming, said in a
    // clause of its own, not one post nor more of anything.
    let mut clauses: Vec<usize> = tokens.iter().map(|t| t.clause).collect();
    clauses.dedup();
    for clause in clauses {
        let of_clause = || tokens.iter().filter(|t| t.clause == clause);
        let words_of_clause: Vec<&str> = of_clause().map(|t| t.text.as_str()).collect();
        let announces_another = words_of_clause.windows(2).any(|w| w == ["one", "more"])
            && of_clause().all(|t| {
                matches!(t.role, Some(Role::Filler))
                    || matches!(t.text.as_str(), "one" | "more" | "q" | "then")
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
    for token in tokens.iter_mut() {
        let next = words.get(token.at + 1).map_or("", String::as_str);
        let opens_its_clause = !clause_of
            .iter()
            .any(|(at, clause)| *at < token.at && *clause == token.clause);
        if token.text == "one"
            && matches!(
                next,
                "should" | "must" | "can" | "could" | "would" | "needs"
            )
        {
            token.role = Some(Role::Filler);
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
