//! The role tables as lookups (single words, and phrases by their first word), and the
//! role of one word that no phrase matched, read with the words around it.

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
        // "on the day of the kiln opening reel, that was last thursday": the post names the
        // day said after it, it is not what is asked about.
        _ if (lookup
            .single
            .get(word)
            .is_some_and(|r| matches!(r, Role::Posts | Role::Media(_)))
            || matches!(word, "launch" | "drop" | "announcement"))
            && (i.saturating_sub(5)..i.saturating_sub(2)).any(|k| {
                words[k] == "day"
                    && words[k + 1] == "of"
                    && matches!(words[k + 2], "the" | "my" | "our")
            })
            && words[i + 1..]
                .iter()
                .any(|w| crate::question::when::VOCABULARY.contains(w)) =>
        {
            return Some(Role::Filler);
        }
        // "… i posted the piano recital clip than": "then", voice-typed, ending the
        // message.
        "than"
            if after.is_empty()
                && i >= 3
                && !words[..i].iter().any(|w| {
                    matches!(
                        *w,
                        "more"
                            | "less"
                            | "fewer"
                            | "better"
                            | "worse"
                            | "higher"
                            | "lower"
                            | "bigger"
                            | "smaller"
                            | "rather"
                            | "other"
                    )
                }) =>
        {
            return Some(Role::Filler)
        }
        // '"price", "DM me" type messages': the kind of comment looked for, not the inbox
        // (the quoted words are gone by now: 'looking for and type messages').
        "messages" | "message" | "msgs"
            if matches!(before, "type" | "style" | "kind")
                && i >= 2
                && matches!(
                    words[i - 2],
                    "me" | "price" | "available" | "much" | "link" | "and" | "or"
                ) =>
        {
            return Some(Role::Filler)
        }
        "type" | "style" | "kind"
            if matches!(after, "messages" | "message" | "msgs")
                && matches!(
                    before,
                    "me" | "price" | "available" | "much" | "link" | "and" | "or"
                ) =>
        {
            return Some(Role::Filler)
        }
        // "reach during eid", "followers gained in Ramadan": a time Pulse cannot date,
        // unknown (so asked about), not filler.
        _ if crate::question::when::UNDATED.contains(&word) => return None,
        // "how is the Luxor trip?", "how was our pop-up?": how a thing Pulse does not know
        // went, the whole question (a clarification, not a refusal); not "how is the
        // weather", "how is the engagement".
        "is" | "was" | "hows"
            if (i == 1 && words[0] == "how" || i == 0 && word == "hows")
                && matches!(after, "the" | "our" | "my" | "that" | "this")
                && (1..=3).contains(&(words.len() - i - 2))
                && words[i + 2..].iter().any(|w| {
                    !lookup.single.contains_key(w)
                        && !lookup.filler.contains(w)
                        && !words::is_known(w)
                })
                && words[i + 2..]
                    .iter()
                    .all(|w| !lookup.single.contains_key(w) || lookup.filler.contains(w)) =>
        {
            return Some(Role::Performance);
        }
        // "how's this month looking": how it is going (not "looking at", "looking for").
        "looking"
            if matches!(words.first(), Some(&("how" | "hows")))
                && !matches!(after, "at" | "for" | "into" | "to" | "forward" | "through") =>
        {
            return Some(Role::Performance);
        }
        // "how many have we put on since September": gained, as weight is (not "put on
        // Instagram", "put on the grid").
        "put"
            if after == "on"
                // (What was put on is the people asked of: "how many have we put on", "the
                // followers we put on"; not "how many posts did I put on in August".)
                && (i >= 3 && words[i - 3] == "many"
                    || words[..i].iter().any(|w| w.starts_with("follower")))
                && matches!(
                    words.get(i + 2).copied().unwrap_or(""),
                    "" | "since" | "this" | "last" | "in" | "over" | "lately" | "recently"
                ) =>
        {
            return Some(Role::Gain);
        }
        // "so that I can compare the two": the two answers, not a count.
        "two"
            if before == "the"
                && i >= 2
                && matches!(words[i - 2], "compare" | "comparing" | "between")
                && after.is_empty() =>
        {
            return Some(Role::Filler);
        }
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
        // Arabizi "men" is "from" ("gained men awel el shahr", "aktar men el insta posts"),
        // not the gender.
        "men"
            if matches!(
                after,
                "el" | "al" | "awel" | "awal" | "ba3d" | "abl" | "youm"
            ) || matches!(before, "aktar" | "a2al" | "akter") =>
        {
            return Some(Role::Filler);
        }
        // "a good ratio of butter to sugar": a ratio of things that are not the account's
        // ("the ratio of likes to followers" is).
        "ratio"
            if after == "of"
                && words.get(i + 2).is_some_and(|thing| {
                    !lookup.single.contains_key(thing) && !lookup.filler.contains(thing)
                }) =>
        {
            return Some(Role::Filler);
        }
        // "my regular feed videos": ordinary ones, not how often.
        "regular"
            if lookup
                .single
                .get(after)
                .is_some_and(|r| matches!(r, Role::Posts | Role::Media(_)))
                || after == "feed" =>
        {
            return Some(Role::Filler);
        }
        // The Bengali genitive ("last month er ta bolo", "Eid er time e", "last week er
        // total reach"): of, not the engagement rate.
        "er" if matches!(
            after,
            "ta" | "time" | "theke" | "moddhe" | "por" | "age" | "jonno" | "din" | "shop"
        ) || (matches!(
            before,
            "week" | "month" | "year" | "day" | "mash" | "bochor"
        ) && matches!(
            after,
            "total" | "reach" | "likes" | "views" | "saves" | "comments"
        )) =>
        {
            return Some(Role::Filler);
        }
        // "like" is the metric in "how many like", "a like", "1 like", "people like"; filler
        // in "is it like better".
        "like" => {
            // ("average like per carousel", "il numero medio di like per carosello")
            let metric = before.parse::<u32>().is_ok()
                || (after == "per" && matches!(before, "the" | "of"))
                || (matches!(
                    before,
                    "a" | "any" | "many" | "no" | "ppl" | "people" | "they"
                )
                    // ("older people like ourselves": people who are like us)
                    && !matches!(after, "ourselves" | "myself" | "yourself")
                    // ("no like, per reel": a correction's filler)
                    && !(i == 1
                        && before == "no"
                        && matches!(
                            after,
                            "per" | "i" | "just" | "only" | "by" | "the" | "what" | "how"
                        )))
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
        // Irish "how's she cutting?": how's it going, a greeting.
        "cutting" if before == "she" && i >= 2 && words[i - 2] == "hows" => {
            return Some(Role::Filler)
        }
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
        // "why the drop?", "what caused the drop": the fall, asked why (the word is kept for
        // the follow-up that reads the move).
        "drop"
            if before == "the"
                && matches!(
                    i.checked_sub(2).map(|b| words[b]),
                    Some("why" | "caused" | "explains")
                ) =>
        {
            return Some(Role::Filler)
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
        // "what time should i drop my butter slime": put it out, as a post is (not "did my
        // followers drop", "did we drop our reach").
        "drop"
            if matches!(before, "i" | "we")
                && matches!(after, "my" | "our" | "new")
                && words.get(i + 2).is_none_or(|next| {
                    lookup.single.get(next).is_none_or(|role| {
                        matches!(role, Role::Filler | Role::Media(_) | Role::Posts)
                    })
                }) =>
        {
            return Some(Role::Publish)
        }
        // "during that time", "in the same time", "at this time": the period, not an hour.
        "time" | "period" if matches!(before, "that" | "same" | "this") => {
            return Some(Role::Filler)
        }
        // "whats the best night to post a new song snippet", "which night should I post":
        // which day of the week, in the evening ("best time of night" is the hour).
        // (Not beside other parts of the day or hours: "is it better night to post or
        // morning?", "what evening should i post, 7 or 9?".)
        "night" | "evening"
            if matches!(before, "best" | "which" | "what" | "worst" | "better")
                && matches!(after, "to" | "for" | "should" | "do")
                && !words.iter().any(|w| {
                    matches!(*w, "morning" | "afternoon" | "or" | "vs")
                        || w.ends_with("pm")
                        || w.ends_with("am") && w.starts_with(|c: char| c.is_ascii_digit())
                }) =>
        {
            return Some(Role::DayOfWeek)
        }
        // "who is the most active in my comments": commenting, not online.
        "active"
            if matches!(after, "in" | "on")
                && words[i + 1..(i + 4).min(words.len())]
                    .iter()
                    .any(|w| matches!(*w, "comments" | "comment" | "comment section")) =>
        {
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
        // "how many customers buy from my page", "how much people is buying my cups from
        // instagram": sales, which Pulse cannot see (not "want to buy", a lead's words).
        "buy" | "buys" | "buying" | "bought"
            if matches!(
                before,
                "customers" | "people" | "ppl" | "clients" | "folks" | "is" | "are" | "actually"
            ) && words[i + 1..].iter().take(3).any(|w| *w == "from") =>
        {
            return Some(Role::Unseen(Unseen::Money))
        }
        // "reach v last month": versus, said short.
        "v" if matches!(
            after,
            "last" | "this" | "previous" | "prev" | "the" | "same" | "yesterday" | "lw" | "lm"
        ) || crate::period::month_number(after).is_some() =>
        {
            return Some(Role::Compare)
        }
        // "cut it to reels", "limit that to 3": the follow-up's filter, nothing more.
        "cut" | "limit" | "restrict"
            if matches!(after, "it" | "that" | "them")
                && matches!(words.get(i + 2).copied(), Some("to" | "down")) =>
        {
            return Some(Role::Filler)
        }
        // "rispetto ad agosto": Italian "to" before a vowel, not an advert.
        "ad" if crate::period::month_number(after).is_some()
            || matches!(before, "rispetto" | "fino" | "oltre" | "vicino") =>
        {
            return Some(Role::Filler)
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
        // "in summer time", "winter time": the season, not a time of day; "before the
        // kids' bath time", "after closing time": a time of the day told, not asked ("should
        // I post at bed time" asks).
        "time"
            if matches!(
                before,
                "summer" | "winter" | "spring" | "autumn" | "christmas"
            ) || matches!(
                before,
                "bath"
                    | "bed"
                    | "dinner"
                    | "tea"
                    | "nap"
                    | "play"
                    | "closing"
                    | "opening"
                    | "feeding"
                    | "school"
                    | "home"
                    | "snack"
            ) && (2..=4).any(|back| {
                i >= back && matches!(words[i - back], "before" | "after" | "until" | "till")
            }) =>
        {
            return Some(Role::Filler)
        }
        // "post in the morning or after supper?": the evening, a time of day asked about.
        "dinner" | "supper" | "dinnertime" | "suppertime"
            if matches!(before, "after" | "around" | "at" | "before") =>
        {
            return Some(Role::PartOfDay)
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
        // "how many posts did I actually share this autumn", "the reels we shared": what
        // the account put out, not the metric.
        "share" | "shared"
            if words[..i]
                .iter()
                .rev()
                .find(|w| !matches!(**w, "actually" | "really" | "even" | "just" | "also"))
                .is_some_and(|w| matches!(*w, "i" | "we" | "ive" | "weve" | "id")) =>
        {
            return Some(Role::Publish)
        }
        // "I post a reflection most weeks": how often, not the top of a ranking.
        "most"
            if before != "the"
                && matches!(
                    after,
                    "weeks" | "days" | "mornings" | "evenings" | "nights" | "weekends" | "months"
                ) =>
        {
            return Some(Role::Filler)
        }
        // "the best time to post, according to my stats": where the answer comes from, not
        // the overview asked for.
        "stats" | "numbers" | "data" | "insights" | "analytics" | "figures"
            if words[i.saturating_sub(3)..i]
                .iter()
                .any(|w| matches!(*w, "according" | "based"))
                // ("mere numbers dekh ke": based on my numbers, said after them.)
                || matches!(after, "based" | "according")
                // ("going by my own numbers", "guidance from my own data")
                || i >= 4 && words[i - 4] == "going" && words[i - 3] == "by"
                || before == "own" && words[i.saturating_sub(3)..i].contains(&"from") =>
        {
            return Some(Role::Filler)
        }
        // "my own numbers", "our own posts": ours (not "on its own").
        "own" if matches!(before, "my" | "our" | "your" | "ur") => return Some(Role::Filler),
        // "a bit stuck", "a little bit": how much, of nothing asked.
        "bit" if before == "a" || before == "little" => return Some(Role::Filler),
        // "most bad", "most poor": the worst.
        // ("most worst": the worst; "I would be most grateful": a courtesy.)
        "most"
            if matches!(
                after,
                "bad" | "poor" | "worst" | "grateful" | "obliged" | "appreciative" | "thankful"
            ) =>
        {
            return Some(Role::Filler)
        }
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
    // wants profile visits": a verb; not "my paintings page": what the page shows).
    if word.ends_with('s')
        && (!word.ends_with("ings") || word == "siblings")
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
        && (RELATIVES.contains(&word) || !lookup.filler.contains(word) && !words::is_known(word))
        // ("hi, this is my mums account, i help her with it": the asker's own to run.)
        && !(i >= 2 && matches!(words[i - 2], "its" | "thats" | "run" | "manage" | "managing"))
        && !(i >= 3 && matches!(words[i - 2], "is" | "s") && matches!(words[i - 3], "this" | "it"))
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
    // "how's the new range doing?": a thing of the asker's, named by a word the parser
    // knows only inside phrases ("age range"), is not filler.
    if before == "new" && words::only_in_phrases(word) {
        return None;
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

/// People whose account, with the possessive's apostrophe gone, is someone else's ("my
/// friend's account", "my sister's page").
const RELATIVES: &[&str] = &[
    "friends",
    "sisters",
    "brothers",
    "cousins",
    "neighbours",
    "neighbors",
    "mums",
    "moms",
    "dads",
    "mates",
    "husbands",
    "wifes",
    "boyfriends",
    "girlfriends",
    "partners",
    "daughters",
    "sons",
    "aunties",
    "uncles",
    "bosss",
    "colleagues",
    "teachers",
];
