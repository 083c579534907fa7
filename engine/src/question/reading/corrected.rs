//! A question corrected as it is typed ("how many views since the summer started no wait i
//! mean since september"): what comes after the correction is asked, as a follow-up of what
//! came before it.

/// The words that take back what was just typed.
const TAKEN_BACK: &[&str] = &[
    "no wait",
    "wait no",
    "scratch that",
    "no sorry",
    "sorry no",
    "no actually",
    "actually no",
    "strike that",
];

/// The question before the correction and the one after it, when the asker takes back what
/// they typed; `None` otherwise.
pub(super) fn corrected(question: &str) -> Option<(&str, &str)> {
    let lower = question.to_lowercase();
    // (Byte positions of the lower-case copy are the question's only when lowering kept
    // every length.)
    if lower.len() != question.len() {
        return None;
    }
    let boundary = |at: usize| {
        lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    TAKEN_BACK.iter().find_map(|marker| {
        let at = lower.match_indices(marker).map(|(at, _)| at).find(|&at| {
            let end = at + marker.len();
            at > 0
                && boundary(at)
                && lower[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })?;
        let before = question[..at].trim_end_matches(|c: char| !c.is_alphanumeric());
        let after =
            question[at + marker.len()..].trim_start_matches(|c: char| !c.is_alphanumeric());
        (!before.is_empty() && !after.is_empty()).then_some((before, after))
    })
}

#[cfg(test)]
mod tests {
    use super::corrected;

    #[test]
    fn the_words_after_a_correction_are_what_is_asked() {
        assert_eq!(
            corrected("views since the summer started no wait i mean since september"),
            Some(("views since the summer started", "i mean since september"))
        );
        assert_eq!(
            corrected("What's my engagement rate — No wait, the actual number"),
            Some(("What's my engagement rate", "the actual number"))
        );
        // Nothing taken back: "no" and "wait" apart, or inside other words.
        assert_eq!(corrected("no, wait for it: how many likes"), None);
        assert_eq!(corrected("no waiting list posts, how many likes"), None);
        assert_eq!(corrected("no wait"), None);
    }
}
