//! Words that name a period only when nothing else in the message does: "lately" and
//! "these days" (the last 30 days), "in total", "altogether" and a count "so far" (all
//! time), "the weekly overview" (the last seven days). A period named beside them wins.

use super::reader::Reader;
use super::{Mention, When};
use crate::period::Period;

/// The weak mention that starts at word `i`, if one does.
pub(super) fn weak_mention(reader: &Reader<'_>, words: &[&str], i: usize) -> Option<Mention> {
    let word = words[i];
    // "lately", "recently": the last 30 days ("the reel I posted most recently" is the
    // newest one).
    if (matches!(word, "lately" | "recently") && !(i > 0 && words[i - 1] == "most"))
        || (word == "these" && reader.at(i + 1) == "days")
    {
        let taken = if word == "these" { 2 } else { 1 };
        return Some(Mention::weak(
            When::Period(Period::LastDays(30)),
            i,
            i + taken,
        ));
    }
    // ("weekly overview pls", "the weekly recap for the client": the last seven days; not
    // "Views WoW + reach MoM for the weekly report", which name their periods.)
    let weekly_summary = word == "weekly"
        && !words.windows(2).any(|pair| {
            pair[1] == "over" && matches!(pair[0], "day" | "week" | "month" | "quarter" | "year")
        })
        && matches!(
            reader.at(i + 1),
            "overview" | "recap" | "report" | "summary" | "roundup" | "wrap" | "update"
        );
    if weekly_summary {
        return Some(Mention::weak(When::Period(Period::LastDays(7)), i, i + 1));
    }
    // "in total", "in the total of …", "altogether", "all together": all time.
    // "how many posts have I made so far", "total kitne posts ab tak" (to now): a count up
    // to now is all time, too (not "how's it going so far": how it is going lately).
    let counted = || {
        words[..i]
            .windows(2)
            .any(|w| w == ["how", "many"] || w[1] == "total")
            || words.first() == Some(&"total")
    };
    let taken = match (word, reader.at(i + 1)) {
        ("in", "total") | ("all", "together") => 2,
        ("so", "far") | ("to" | "till" | "until", "now" | "date") if counted() => 2,
        ("in", "the") if reader.at(i + 2) == "total" => 3,
        ("altogether", _) => 1,
        _ => return None,
    };
    Some(Mention::weak(When::Period(Period::AllTime), i, i + taken))
}
