//! Punctuation spoken to voice typing ("… comma", "… full stop", "… question mark"),
//! written as punctuation before a question is cut into clauses.

/// Punctuation spoken to voice typing ("… in september comma i had a lot of …", "… full
/// stop", "… question mark"), written as punctuation.
pub(super) fn spoken_punctuation(question: &str) -> String {
    let lower = question.to_lowercase();
    if !["comma", "full stop", "question mark"]
        .iter()
        .any(|spoken| lower.contains(spoken))
    {
        return question.to_owned();
    }
    let words: Vec<&str> = question.split_whitespace().collect();
    let mut written = String::with_capacity(question.len());
    let mut at = 0;
    while at < words.len() {
        let word = words[at].to_lowercase();
        let next = words
            .get(at + 1)
            .map(|w| w.to_lowercase())
            .unwrap_or_default();
        let (mark, used) = match (word.as_str(), next.as_str()) {
            ("comma", _) => (Some(","), 1),
            ("full", "stop") => (Some("."), 2),
            ("question", "mark") => (Some("?"), 2),
            _ => (None, 1),
        };
        match mark {
            Some(mark) => written.push_str(mark),
            None => {
                if !written.is_empty() {
                    written.push(' ');
                }
                written.push_str(words[at]);
            }
        }
        at += used;
    }
    written
}
