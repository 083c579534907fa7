//! Days kept on the same date every year, by name: Halloween, Valentine's Day, Bonfire Night,
//! the saints' days of the United Kingdom and Ireland, Burns Night, Hogmanay, Remembrance Day,
//! All Saints, the Fourth of July, Singles' Day, German Unity Day, Candlemas, India's Republic
//! Day and Makar Sankranti, and Turkey's Republic and Victory days. Other languages' names come
//! translated ("Tag der Deutschen Einheit" as "day the deutschen einheit", "Zafer Bayramı" as
//! "victory bayram").

/// The month and day of the day named at `at`, and how many words name it.
pub(super) fn fixed_day_at(words: &[&str], at: usize) -> Option<(u32, u32, usize)> {
    let word = *words.get(at)?;
    let next = words.get(at + 1).copied().unwrap_or("");
    let after = words.get(at + 2).copied().unwrap_or("");
    match (word, next, after) {
        ("halloween", "night", _) => Some((10, 31, 2)),
        ("halloween", _, _) => Some((10, 31, 1)),
        ("bonfire", "night", _) => Some((11, 5, 2)),
        ("guy", "fawkes", "night") => Some((11, 5, 3)),
        ("valentines" | "valentine", "day", _) => Some((2, 14, 2)),
        ("valentines", _, _) => Some((2, 14, 1)),
        // The United States' Independence Day ("july 4th" with its weekend: the holiday;
        // alone, a date like any other).
        ("4th" | "fourth", "of", "july") => Some((7, 4, 3)),
        ("the", "4th" | "fourth", "of") if words.get(at + 3) == Some(&"july") => Some((7, 4, 4)),
        ("day", "the", "deutschen") => Some((
            10,
            3,
            3 + usize::from(words.get(at + 3) == Some(&"einheit")),
        )),
        ("july", "4th" | "fourth" | "4", "weekend") => Some((7, 4, 2)),
        // China's Singles' Day (11.11), Germany's Unity Day ("Tag der Deutschen Einheit").
        ("singles" | "single", "day", _) => Some((11, 11, 2)),
        ("german", "unity", "day") => Some((10, 3, 3)),
        // La Chandeleur (French "candlemas").
        ("candlemas", _, _) => Some((2, 2, 1)),
        // India's Republic Day; Turkey's ("cumhuriyet bayramı") and Victory Day ("zafer").
        ("republic", "day", _) => Some((1, 26, 2)),
        // Makar Sankranti, on 14 January in most years.
        ("makar", "sankranti", _) => Some((1, 14, 2)),
        ("republic", "bayram", _) => Some((10, 29, 2)),
        ("victory", "bayram", _) => Some((8, 30, 2)),
        ("st" | "saint", "davids", "day") => Some((3, 1, 3)),
        ("st" | "saint", "patricks", "day") => Some((3, 17, 3)),
        ("st" | "saint", "patricks", _) | ("paddys", "day", _) => Some((3, 17, 2)),
        ("st" | "saint", "georges", "day") => Some((4, 23, 3)),
        ("st" | "saint", "andrews", "day") => Some((11, 30, 3)),
        ("burns", "night", _) => Some((1, 25, 2)),
        ("hogmanay", _, _) => Some((12, 31, 1)),
        ("remembrance", "day", _) | ("armistice", "day", _) => Some((11, 11, 2)),
        // All Saints' Day ("the Toussaint weekend").
        ("toussaint", _, _) => Some((11, 1, 1)),
        ("all", "saints" | "saint", "day") => Some((11, 1, 3)),
        _ => None,
    }
}
