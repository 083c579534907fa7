//! Words heard or typed as other words, mended once a question is cut into words: "over
//! the week end" (the weekend), "which weak day" (weekday), "the pop up" (one word), "the
//! previous calendar quarter" (the quarter), "wch pst gt th mst lks" (text-speak without
//! vowels), "wear are they from" (where), "the past for night" (fortnight), "the passed
//! weak" (the past week).

/// Mends the words of a question in place.
pub(super) fn mend(out: &mut Vec<String>) {
    // "over the week end": the weekend (not the end of a week: "the end of the week").
    for at in (1..out.len().saturating_sub(1)).rev() {
        if out[at] == "week"
            && out[at + 1] == "end"
            && matches!(out[at - 1].as_str(), "the" | "this" | "last" | "past")
            // ("the week-end of Saint-Valentin": a day's weekend, not "the week end of the
            // month".)
            && (out.get(at + 2).is_none_or(|next| next != "of")
                || out.get(at + 3).is_some_and(|named| {
                    !matches!(named.as_str(), "the" | "this" | "last" | "a" | "that" | "each")
                        && crate::period::month_number(named).is_none()
                }))
        {
            out.splice(at..at + 2, ["weekend".to_owned()]);
        }
    }
    // "the previous calendar quarter", "2026, calendar year": the quarter, the year ("in
    // the last calendar year": last year, not the twelve months "in the last year" are).
    for at in (0..out.len()).rev() {
        let next = out.get(at + 1).map_or("", String::as_str);
        if out[at] == "calendar" && matches!(next, "week" | "month" | "quarter" | "year") {
            out.remove(at);
            if at >= 2 && out[at - 1] == "last" && out[at - 2] == "the" {
                out.remove(at - 2);
            }
        }
    }
    // "how'd the pop up go", "our pop-up shop", "did the give away work": the pop-up, the
    // giveaway (not "which post popped", "give away the secret").
    for at in (1..out.len().saturating_sub(1)).rev() {
        let joined = match (out[at].as_str(), out[at + 1].as_str()) {
            ("pop", "up") => "popup",
            ("give", "away") => "giveaway",
            _ => continue,
        };
        if matches!(
            out[at - 1].as_str(),
            "the" | "a" | "our" | "my" | "that" | "this" | "last"
        ) {
            out.splice(at..at + 2, [joined.to_owned()]);
        }
    }
    // "which weak day do my posts do best on": the weekday, as heard.
    for at in (0..out.len().saturating_sub(1)).rev() {
        if matches!(out[at].as_str(), "weak" | "week")
            && matches!(out[at + 1].as_str(), "day" | "days")
            && at > 0
            && matches!(
                out[at - 1].as_str(),
                "which" | "what" | "best" | "each" | "by"
            )
        {
            let joined = format!("week{}", out[at + 1]);
            out.splice(at..at + 2, [joined]);
        }
    }
    // "wch pst gt th mst lks": a post, written without its vowels (a time after it, "pst 7
    // days", "the pst weekend", "pst two weeks": past).
    for at in 0..out.len() {
        let next = out.get(at + 1).map_or("", String::as_str);
        let counted = next.starts_with(|c: char| c.is_ascii_digit())
            || crate::question::when::VOCABULARY.contains(&next)
            || matches!(
                next,
                "wk" | "wks"
                    | "mnth"
                    | "wknd"
                    | "yr"
                    | "few"
                    | "couple"
                    | "several"
                    | "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
            );
        if out[at] == "pst" && !counted {
            out[at] = "post".into();
        }
    }
    // "nd th lst lkd": the least liked ("lst" is "last" otherwise); "wear are they from":
    // where, as heard (not "what i wear is my brand").
    for at in 0..out.len().saturating_sub(1) {
        let before = if at > 0 { out[at - 1].as_str() } else { "" };
        let after = out.get(at + 2).map_or("", String::as_str);
        let meant = match (out[at].as_str(), out[at + 1].as_str(), after) {
            ("lst", "lkd" | "liked" | "vwd" | "viewed" | "engaging" | "popular", _) => "least",
            ("wear", "are" | "r", "they" | "my" | "our" | "most" | "all" | "u" | "you")
                if !matches!(before, "i" | "we" | "you" | "they" | "to") =>
            {
                "where"
            }
            // "what where my total interactions", "where my likes up this week": were, as
            // typed (not "where my followers are from").
            ("where", "my" | "our" | "the" | "your" | "all" | "those" | "these", _)
                if matches!(before, "what" | "how" | "which" | "who")
                    || at == 0
                        && out.iter().skip(at + 2).any(|word| {
                            matches!(
                                word.as_str(),
                                "up" | "down" | "higher" | "lower" | "better" | "worse"
                            )
                        }) =>
            {
                "were"
            }
            _ => continue,
        };
        out[at] = meant.into();
    }
    // "my stats for the passed weak": the past week, as heard.
    for at in 1..out.len() {
        if out[at] == "weak"
            && matches!(
                out[at - 1].as_str(),
                "passed" | "past" | "last" | "this" | "per"
            )
        {
            out[at] = "week".into();
        }
    }
    // "in the past for night": a fortnight, as heard.
    for at in (1..out.len().saturating_sub(1)).rev() {
        if out[at] == "for"
            && out[at + 1] == "night"
            && matches!(out[at - 1].as_str(), "past" | "last" | "a")
        {
            out.splice(at..at + 2, ["fortnight".to_owned()]);
        }
    }
    // "wch rl gt th mst vws": a reel, after a word that names one ("my rl friends" is real
    // life).
    for at in 1..out.len() {
        if matches!(out[at].as_str(), "rl" | "rls")
            && matches!(
                out[at - 1].as_str(),
                "wch" | "which" | "th" | "the" | "bst" | "best" | "top" | "this" | "that" | "lst"
            )
        {
            out[at] = if out[at] == "rl" { "reel" } else { "reels" }.into();
        }
    }
}
