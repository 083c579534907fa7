//! Words a period reader takes for a period that are none: a wish ("Merry Christmas!"), a
//! person with a month's name ("April asked me…"), a series named after a day ("my Jollof
//! Friday reels"), the day an answer is wanted by ("need a summary for Monday").

use crate::question::lexicon::Role;
use crate::question::when;

use super::roles::LOOKUP;

/// Whether mention `m` of the words `refs` names no period asked of, among `told` mentions.
pub(super) fn names_no_period(refs: &[&str], m: &when::Mention, told: usize) -> bool {
    // "Merry Christmas!", "happy diwali, how many likes…": a wish, not a day asked of.
    // ("my happy easter post" is named after the day.)
    let wished = |m: &when::Mention| {
        ((m.start > 0 && matches!(refs[m.start - 1], "happy" | "merry"))
            || refs.get(m.start + 1) == Some(&"mubarak"))
            && !(m.start..=m.end).any(|at| {
                let word = refs.get(at).copied().unwrap_or("");
                matches!(LOOKUP.single.get(word), Some(Role::Posts | Role::Media(_)))
            })
    };
    // "April asked me which reel…", "June in the shop asked": someone named, not a month.
    let named = |m: &when::Mention| {
        let speaks = |at: usize| refs.get(at).is_some_and(|w| SPEAKING.contains(w));
        let word = |at: usize| refs.get(at).copied().unwrap_or("");
        m.end == m.start + 1
            && crate::period::month_number(refs[m.start]).is_some()
            && (speaks(m.end)
                || introduces_a_name(word, m.start, m.end)
                || (matches!(refs.get(m.end), Some(&("from" | "in" | "at")))
                    && (m.end + 1..m.end + 5).any(speaks)))
            && !(m.start > 0
                && matches!(
                    refs[m.start - 1],
                    "in" | "since"
                        | "of"
                        | "during"
                        | "for"
                        | "last"
                        | "this"
                        | "next"
                        | "until"
                        | "till"
                        | "from"
                        | "by"
                        | "before"
                        | "after"
                        | "to"
                ))
    };
    // "my Jollof Friday reels", "our throwback thursday posts": a series named after a
    // day; "need a summary for Monday": when the answer is wanted, not a day asked of.
    let weekday = |m: &when::Mention| {
        m.end == m.start + 1 && refs[m.start].parse::<chrono::Weekday>().is_ok()
    };
    let series = |m: &when::Mention| {
        let post = refs
            .get(m.end)
            .is_some_and(|w| matches!(LOOKUP.single.get(w), Some(Role::Posts | Role::Media(_))));
        // (Not "my friday posts", "did Sunday's post", "last friday posts": the day's.)
        let name_before = m.start > 0
            && refs[m.start - 1].len() > 3
            && refs[m.start - 1].chars().all(|c| c.is_alphabetic())
            && (!LOOKUP.single.contains_key(refs[m.start - 1])
                || matches!(refs[m.start - 1], "throwback" | "flashback"))
            && !matches!(
                refs[m.start - 1],
                "your"
                    | "their"
                    | "last"
                    | "this"
                    | "next"
                    | "every"
                    | "each"
                    | "those"
                    | "these"
                    | "from"
                    | "since"
                    | "until"
                    | "that"
                    | "what"
                    | "which"
                    | "with"
                    | "were"
                    | "have"
                    | "does"
                    | "about"
                    | "over"
                    | "after"
                    | "before"
                    | "during"
            );
        weekday(m) && post && name_before
    };
    // ("a summary of last month to show the church council on Sunday": when it is shown,
    // beside the period asked.)
    let deadline = |m: &when::Mention| {
        let shown = |w: &&str| {
            matches!(
                *w,
                "show"
                    | "present"
                    | "presenting"
                    | "send"
                    | "meeting"
                    | "report"
                    | "call"
                    | "pitch"
                    | "presentation"
                    | "deck"
                    | "review"
            )
        };
        let needed = |w: &&str| {
            matches!(
                *w,
                "need" | "needs" | "needed" | "due" | "ready" | "deadline"
            )
        };
        let before = m.start.checked_sub(1).map_or("", |at| refs[at]);
        let purpose = &refs[m.start.saturating_sub(6)..m.start];
        weekday(m)
            && ((matches!(before, "for" | "by" | "before") && purpose.iter().any(needed))
                // ("deck is due thursday", "report due on Monday")
                || before == "due"
                || (before == "on" && m.start >= 2 && refs[m.start - 2] == "due")
                || (matches!(before, "on" | "for" | "by" | "of")
                    && told > 1
                    && purpose.iter().any(shown)))
    };
    // "anyone asking about 2027 dates in my comments?": what buyers ask about, a year that
    // describes a thing, not the time asked of.
    let describes = |m: &when::Mention| {
        m.end == m.start + 1
            && refs[m.start].len() == 4
            && refs[m.start].chars().all(|c| c.is_ascii_digit())
            && refs.get(m.end).is_some_and(|next| {
                matches!(
                    *next,
                    "dates"
                        | "date"
                        | "availability"
                        | "bookings"
                        | "booking"
                        | "weddings"
                        | "wedding"
                        | "calendar"
                        | "diary"
                        | "slots"
                        | "events"
                        | "tour"
                        | "prices"
                        | "collection"
                        | "brides"
                )
            })
    };
    // "ok last one for today - …", "that's all for now": the chat, not the day.
    let chat = |m: &when::Mention| {
        m.end == m.start + 1
            && matches!(refs[m.start], "today" | "now")
            && m.start >= 3
            && refs[m.start - 1] == "for"
            && matches!(
                (refs[m.start - 3], refs[m.start - 2]),
                ("last", "one" | "question" | "thing") | (_, "all")
            )
    };
    // "how often I post in one week?": the unit posts are counted per, not a period.
    let per_unit = |m: &when::Mention| {
        refs[..m.start].contains(&"often")
            && m.start > 0
            && refs[m.start - 1] == "in"
            && matches!(
                refs[m.start..m.end],
                ["a" | "one", "week" | "month" | "day"]
            )
    };
    wished(m) || named(m) || series(m) || deadline(m) || describes(m) || chat(m) || per_unit(m)
}

/// Whether the name at `start..end` is the asker's own, given as they open the message:
/// "april from bright side media here", "hi, will here", "it's June here".
pub(in crate::question::reading) fn introduces_a_name<'w>(
    word: impl Fn(usize) -> &'w str,
    start: usize,
    end: usize,
) -> bool {
    let opens = start == 0
        || matches!(
            word(start - 1),
            "hi" | "hey" | "hello" | "hiya" | "yo" | "its" | "it's" | "morning"
        );
    opens
        && (word(end) == "here"
            || word(end) == "from" && (end + 1..end + 7).any(|at| word(at) == "here"))
}

/// Verbs of someone speaking or wanting, after a name ("April *asked* me …", "will from
/// the committee *wants* to know").
pub(in crate::question::reading) const SPEAKING: &[&str] = &[
    "asked",
    "asks",
    "said",
    "says",
    "told",
    "tells",
    "wants",
    "wanted",
    "wonders",
    "wondered",
    "thinks",
    "thought",
    "needs",
    "needed",
    "reckons",
    "mentioned",
    "suggested",
    "messaged",
    "texted",
    "emailed",
    "wrote",
];
