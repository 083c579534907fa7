//! Requests Pulse does not carry out: to write something (a caption, a bio, a script), to
//! recommend a thing (a book, a podcast), to tell the time, or how Pulse itself is. Pulse
//! reads the account; it does not compose posts, shop or keep a clock, so these are declined
//! as off topic. And requests to change something on Instagram ("delete the rude comment",
//! "reply to my comments for me"), which Pulse does only on a command, never from a question.

use crate::question::lexicon::Unseen;

/// Where a request starts, after the courtesy that opens it ("can you help me …", "any chance
/// you could …", "pls …"): the position of its verb.
fn after_courtesy(words: &[String]) -> usize {
    words
        .iter()
        .position(|w| {
            !matches!(
                w.as_str(),
                "can"
                    | "could"
                    | "would"
                    | "you"
                    | "u"
                    | "pls"
                    | "please"
                    | "plz"
                    | "hi"
                    | "hey"
                    | "help"
                    | "me"
                    | "us"
                    | "any"
                    | "chance"
                    | "kindly"
                    | "just"
                    | "go"
                    | "ahead"
                    | "and"
            )
        })
        .unwrap_or(0)
}

/// "write me a caption for a beach pic", "can you draft a bio", "help me write a caption for
/// my new reel", "could you come up with a caption": something to write, which Pulse does not
/// do (it reads the account; it does not compose posts).
pub(super) fn asks_for_writing(words: &[String]) -> bool {
    let start = after_courtesy(words);
    let Some(verb) = words.get(start) else {
        return false;
    };
    let come_up_with = verb == "come"
        && words.get(start + 1).is_some_and(|w| w == "up")
        && words.get(start + 2).is_some_and(|w| w == "with");
    if !come_up_with
        && !matches!(
            verb.as_str(),
            "write" | "draft" | "compose" | "generate" | "rewrite" | "create"
        )
    {
        return false;
    }
    words[start + 1..].iter().take(4).any(|w| {
        matches!(
            w.as_str(),
            "caption"
                | "captions"
                | "bio"
                | "description"
                | "hashtags"
                | "script"
                | "email"
                | "text"
                | "poem"
                | "story"
                | "hook"
                | "hooks"
                | "slogan"
        )
    })
}

/// Whether the message asks when something is ("when is Diwali", "when does Ramadan end
/// this year?", "when did lent start").
pub(super) fn asks_when(words: &[String]) -> bool {
    let verb = after_courtesy(words);
    let word = |at: usize| words.get(at).map_or("", String::as_str);
    word(verb) == "when"
        && matches!(
            word(verb + 1),
            "is" | "was" | "does" | "did" | "do" | "will" | "are" | "s"
        )
}

/// "recommend me a good book", "can you suggest a podcast": a thing recommended, not what to
/// post ("recommend what I should post", "suggest some reel ideas").
pub(super) fn asks_for_a_thing(words: &[String]) -> bool {
    let word = |at: usize| words.get(at).map_or("", String::as_str);
    let verb = after_courtesy(words);
    if !matches!(word(verb), "recommend" | "suggest") {
        return false;
    }
    let mut at = verb + 1 + usize::from(matches!(word(verb + 1), "me" | "us"));
    if !matches!(word(at), "a" | "an") {
        return false;
    }
    at += 1;
    while matches!(
        word(at),
        "good" | "decent" | "nice" | "great" | "cheap" | "new" | "cool" | "fun"
    ) {
        at += 1;
    }
    let thing = word(at);
    !thing.is_empty()
        && !matches!(
            thing,
            "post"
                | "reel"
                | "carousel"
                | "photo"
                | "pic"
                | "video"
                | "time"
                | "day"
                | "hashtag"
                | "format"
                | "topic"
                | "theme"
                | "idea"
                | "strategy"
                | "plan"
                | "schedule"
                | "caption"
                | "series"
        )
}

/// The words of a message between the greetings that open it and the `trailing` words
/// that close it.
fn between<'a>(words: &'a [String], opening: &[&str], trailing: &[&str]) -> &'a [String] {
    let start = words
        .iter()
        .position(|w| !opening.contains(&w.as_str()))
        .unwrap_or(words.len());
    let end = words
        .iter()
        .rposition(|w| !trailing.contains(&w.as_str()))
        .map_or(start, |last| (last + 1).max(start));
    &words[start..end]
}

/// Whether the message only asks the time of day ("what time is it", "whats the time
/// now?"), not when to post.
pub(super) fn asks_the_clock(words: &[String]) -> bool {
    let trailing = [
        "now",
        "rn",
        "please",
        "pls",
        "plz",
        "there",
        "here",
        "right",
        "currently",
    ];
    let asked: Vec<&str> = between(words, &[], &trailing)
        .iter()
        .map(String::as_str)
        .collect();
    matches!(
        asked.as_slice(),
        ["what", "time", "is", "it"]
            | ["whats", "the", "time"]
            | ["what", "is", "the", "time"]
            | ["what", "s", "the", "time"]
            | ["what", "time", "it", "is"]
    )
}

/// Whether the message only asks how Pulse is ("how are you doing today?", "hi how r u"),
/// not how the account does.
pub(super) fn asks_how_pulse_is(words: &[String]) -> bool {
    let opening = ["hi", "hey", "hello", "morning", "so", "and"];
    let trailing = [
        "today", "tonight", "doing", "mate", "bro", "pulse", "bot", "there", "then",
    ];
    let asked: Vec<&str> = between(words, &opening, &trailing)
        .iter()
        .map(String::as_str)
        .collect();
    matches!(
        asked.as_slice(),
        ["how", "are" | "r", "you" | "u" | "ya"] | ["how", "you" | "u", "are"]
    )
}

/// What the message asks Pulse to do rather than tell: a change on Instagram ("please
/// delete the bad comment under my last post", "reply to comments in my post for me",
/// "block this guy who keeps commenting"), which Pulse makes only on a command (`/reply`,
/// `/hide` …), or a booking ("can you book a customer in for 3pm"), which is off Instagram.
pub(super) fn asks_an_action(words: &[String]) -> Option<Unseen> {
    let start = after_courtesy(words);
    let verb = words.get(start)?;
    let object = |wanted: &[&str]| {
        words[start + 1..]
            .iter()
            .take(6)
            .any(|w| wanted.contains(&w.as_str()))
    };
    if verb == "book" && object(&["customer", "client", "appointment", "slot", "table", "in"]) {
        return Some(Unseen::Offline);
    }
    let acts = matches!(
        verb.as_str(),
        "delete"
            | "remove"
            | "reply"
            | "respond"
            | "hide"
            | "unhide"
            | "block"
            | "unblock"
            | "ban"
            | "pin"
            | "unpin"
            | "archive"
            | "mute"
            | "restrict"
            | "unfollow"
            | "edit"
            | "schedule"
            | "publish"
    );
    let changed = [
        "comment", "comments", "post", "posts", "reel", "reels", "photo", "carousel", "video",
        "caption", "guy", "person", "user", "account", "them", "him", "her", "everyone", "troll",
        "trolls", "spam", "spammer",
    ];
    // ("reply rate on my comments", "remove the reels, how many photos did i post": asked;
    // "reply to everyone who commented": told.)
    let asks = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "how" | "what" | "whats" | "which" | "why" | "many"
        )
    }) || words.get(start + 1).is_some_and(|w| {
        matches!(
            w.as_str(),
            "rate" | "rates" | "time" | "times" | "count" | "speed"
        )
    });
    (acts && !asks && object(&changed)).then_some(Unseen::Action)
}
