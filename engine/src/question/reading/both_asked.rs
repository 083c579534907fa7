//! "Compare the two": a follow-up that sets side by side the periods of the last two
//! questions, when the last one moved the one before it in time ("likes last week" → "and
//! the week before?" → "compare both weeks", "which was better", "so is that up or down?").

use super::signals::{Part, Signals};
use crate::question::frame::{Frame, Kind};
use crate::question::Parsed;
use chrono::NaiveDate;

/// Turns `parsed` — one comparison of the previous question's period with the one before
/// it, or a trend over it — into the two periods asked about, the later first, when the
/// message names no period of its own and the last two questions asked one figure over two
/// periods.
pub(super) fn compare_both_asked(
    whole: &Part<'_>,
    signals: &Signals,
    previous: &Frame,
    earlier: &Frame,
    parsed: &mut Parsed,
    today: NaiveDate,
) {
    let Parsed::Understood { queries, .. } = parsed else {
        return;
    };
    let [query] = queries.as_mut_slice() else {
        return;
    };
    let (Some(asked_last), Some(asked_before)) = (previous.period, earlier.period) else {
        return;
    };
    let moved_in_time = previous.kind == earlier.kind
        && previous.metric == earlier.metric
        && previous.media == earlier.media
        && previous.versus.is_none()
        && earlier.versus.is_none()
        && asked_last.resolve(today) != asked_before.resolve(today);
    // ("compare the two months": the two already asked, not a period of its own.)
    // ("vs last": the period before, said short.)
    let names_a_period = whole.mentions.iter().any(|mention| !mention.weak)
        || whole.sentence.words.iter().any(|word| {
            matches!(
                word.as_str(),
                "last" | "previous" | "prior" | "before" | "earlier" | "ago"
            )
        });
    if !moved_in_time || names_a_period {
        return;
    }
    let frame = query.frame();
    // ("compare reach between the two months" after two overviews: reach over both.)
    let mut both = if (frame.versus.is_some() || signals.compare) && frame.kind.comparable() {
        frame
    } else if frame.kind == Kind::Trend && signals.trend {
        previous.clone()
    } else {
        return;
    };
    let (later, sooner) = if asked_last.resolve(today).first > asked_before.resolve(today).first {
        (asked_last, asked_before)
    } else {
        (asked_before, asked_last)
    };
    both.period = Some(later);
    both.versus = Some(sooner);
    if let Some(compared) = both.query() {
        *query = compared;
    }
}
