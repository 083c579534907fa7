//! The question corpus (`engine/corpus/`): questions people wrote, each labelled with what
//! Pulse must understand it as, and the score of [`super::parse`] against them.
//!
//! The label grammar is `engine/corpus/README.md`'s; a label's frames become queries with
//! [`Frame::query`], so a label and the parser agree when their queries do, with periods
//! compared as dates on the corpus's reference day (Wednesday 18 November 2026) and the two
//! periods of a comparison in either order. The dev split is checked by a test; the test
//! split is only ever scored in aggregate (`cargo run -p engine --example corpus -- test`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::{parse_in_conversation, Frame, Kind, Parsed, Query};

/// The day every label is written for.
pub fn reference_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 18).unwrap_or_default()
}

/// The time zone every label is written for.
pub const REFERENCE_ZONE: Tz = chrono_tz::Europe::London;

/// What a question must be understood as.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// Pulse must ask back.
    Clarify,
    /// Pulse cannot see it.
    Outside,
    /// Not about the account.
    Refuse,
    /// Any one of these readings, each one or two queries in order.
    Queries(Vec<Vec<Query>>),
}

/// One labelled question.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its id.
    pub id: String,
    /// Who asks.
    pub voice: String,
    /// The question asked just before, for a follow-up.
    pub context: Option<String>,
    /// The questions asked before the context, oldest first, when the context is itself a
    /// follow-up of an earlier row ("top 3 posts by comments" → "saves instead" → "and Q2").
    pub earlier: Vec<String>,
    /// The question.
    pub question: String,
    /// What it must be understood as.
    pub expected: Expected,
    /// The label as written.
    pub label: String,
    /// The day its labels are written for: the corpus's [`reference_day`], unless its file
    /// says otherwise in a `# reference day: YYYY-MM-DD` comment.
    pub today: NaiveDate,
}

/// The comment that gives a file another reference day than [`reference_day`].
const REFERENCE_DAY_COMMENT: &str = "# reference day: ";

/// Reads a corpus file: five tab-separated columns, `#` comments.
pub fn rows(text: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let mut today = reference_day();
    for (number, line) in text.lines().enumerate() {
        if let Some(day) = line.strip_prefix(REFERENCE_DAY_COMMENT) {
            today = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
                .map_err(|e| format!("line {}: reference day {day:?}: {e}", number + 1))?;
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let where_ = || format!("line {}", number + 1);
        let columns: Vec<&str> = line.split('\t').collect();
        let [id, voice, context, question, label] = columns[..] else {
            return Err(format!("{}: {} columns, want 5", where_(), columns.len()));
        };
        let expected = match label {
            "clarify" => Expected::Clarify,
            "outside" => Expected::Outside,
            "refuse" => Expected::Refuse,
            _ => {
                let mut readings = Vec::new();
                for alternative in label.split(" | ") {
                    let mut queries = Vec::new();
                    for part in alternative.split(" ; ") {
                        let frame =
                            Frame::from_label(part).map_err(|e| format!("{}: {e}", where_()))?;
                        let query = frame
                            .query()
                            .ok_or_else(|| format!("{}: {part} is no query", where_()))?;
                        queries.push(query);
                    }
                    readings.push(queries);
                }
                Expected::Queries(readings)
            }
        };
        // A context that is an earlier row's question, asked after its own context: the
        // chat asked that whole chain.
        let earlier = rows
            .iter()
            .rev()
            .find(|row: &&Row| !context.is_empty() && row.question == context)
            .and_then(|row| {
                let mut chain = row.earlier.clone();
                chain.push(row.context.clone()?);
                Some(chain)
            })
            .unwrap_or_default();
        rows.push(Row {
            id: id.to_owned(),
            voice: voice.to_owned(),
            context: Some(context.to_owned()).filter(|c| !c.is_empty()),
            earlier,
            question: question.to_owned(),
            expected,
            label: label.to_owned(),
            today,
        });
    }
    Ok(rows)
}

/// How the parser did on one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Understood as labelled (an answer, or the right refusal).
    Correct,
    /// Asked back (a clarification) on an answerable question.
    Clarified,
    /// Declined (outside, or "not about the account") a question it should have answered.
    Declined,
    /// Answered something else: the worst outcome.
    Wrong,
}

/// Whether two queries ask the same on `today` (periods as dates, comparisons either way).
pub fn same(a: &Query, b: &Query, today: NaiveDate) -> bool {
    let (a, b) = (a.frame(), b.frame());
    let range = |p: Option<crate::period::Period>| p.map(|p| p.resolve(today));
    let periods_match = (range(a.period) == range(b.period) && range(a.versus) == range(b.versus))
        || (a.versus.is_some()
            && range(a.period) == range(b.versus)
            && range(a.versus) == range(b.period));
    periods_match
        && Frame {
            period: None,
            versus: None,
            ..a
        } == Frame {
            period: None,
            versus: None,
            ..b
        }
}

/// What the parser read a row as (after reading its context, if any).
pub fn read(row: &Row) -> Parsed {
    let today = row.today;
    // What the chat remembers: every query of the question before, and of the one before it.
    let remembered = |asked: &str, previous: &[Query], before: &[Query]| -> Vec<Query> {
        match parse_in_conversation(asked, previous, before, today, REFERENCE_ZONE) {
            Parsed::Understood { queries, .. } => queries,
            Parsed::Outside { instead, .. } => instead.into_iter().collect(),
            Parsed::Clarify(asked_back) => asked_back.options.into_iter().take(1).collect(),
            _ => Vec::new(),
        }
    };
    let (previous, before) = row
        .earlier
        .iter()
        .chain(&row.context)
        .fold((Vec::new(), Vec::new()), |(previous, before), asked| {
            (remembered(asked, &previous, &before), previous)
        });
    parse_in_conversation(&row.question, &previous, &before, today, REFERENCE_ZONE)
}

/// Scores one row.
pub fn judge(row: &Row, parsed: &Parsed) -> Verdict {
    let today = row.today;
    match (&row.expected, parsed) {
        (Expected::Queries(readings), Parsed::Understood { queries, .. }) => {
            let matches = readings.iter().any(|reading| {
                reading.len() == queries.len()
                    && reading
                        .iter()
                        .zip(queries)
                        .all(|(want, got)| same(want, got, today))
            });
            if matches {
                Verdict::Correct
            } else {
                Verdict::Wrong
            }
        }
        (Expected::Queries(_), Parsed::Clarify(_)) => Verdict::Clarified,
        (Expected::Queries(_), _) => Verdict::Declined,
        (
            Expected::Outside | Expected::Refuse,
            Parsed::Outside { .. } | Parsed::NotUnderstood(_),
        ) => Verdict::Correct,
        (Expected::Outside | Expected::Refuse, Parsed::Clarify(_)) => Verdict::Clarified,
        (Expected::Clarify, Parsed::Clarify(_)) => Verdict::Correct,
        (Expected::Clarify, Parsed::Outside { .. } | Parsed::NotUnderstood(_)) => Verdict::Declined,
        (_, Parsed::Understood { .. }) => Verdict::Wrong,
    }
}

/// The label-like text of what the parser read, for reports.
pub fn describe(parsed: &Parsed) -> String {
    match parsed {
        Parsed::Understood {
            queries, set_aside, ..
        } => {
            let mut text = queries
                .iter()
                .map(|q| q.frame().to_string())
                .collect::<Vec<_>>()
                .join(" ; ");
            if let Some(unseen) = set_aside {
                let _ = write!(text, " (set aside: {unseen:?})");
            }
            text
        }
        Parsed::Clarify(c) => format!("clarify {:?} {:?}", c.missing, c.words),
        Parsed::Outside { unseen, .. } => format!("outside {unseen:?}"),
        Parsed::NotUnderstood(n) => format!("refuse (off topic: {})", n.off_topic),
    }
}

/// The tally of a corpus run.
#[derive(Debug, Default)]
pub struct Score {
    /// Rows that must be answered, by verdict.
    pub answerable: BTreeMap<Verdict, usize>,
    /// Rows that must be declined (outside or refuse), by verdict.
    pub declinable: BTreeMap<Verdict, usize>,
    /// Rows that must be clarified, by verdict.
    pub clarifiable: BTreeMap<Verdict, usize>,
    /// Answerable rows by the kind of their first query: (correct, all).
    pub by_kind: BTreeMap<&'static str, (usize, usize)>,
    /// Follow-ups: (correct, all).
    pub follow_ups: (usize, usize),
    /// Each row that was not correct: id, question, label, what the parser read.
    pub misses: Vec<String>,
}

fn share(part: usize, all: usize) -> f64 {
    if all == 0 {
        0.0
    } else {
        part as f64 * 100.0 / all as f64
    }
}

impl Score {
    /// Scores every row.
    pub fn of(rows: &[Row]) -> Score {
        let mut score = Score::default();
        for row in rows {
            let parsed = read(row);
            let verdict = judge(row, &parsed);
            let tally = match &row.expected {
                Expected::Queries(readings) => {
                    let kind = readings[0][0].frame().kind;
                    let name = if readings[0][0].frame().versus.is_some() {
                        "compare"
                    } else {
                        kind.name()
                    };
                    let entry = score.by_kind.entry(name).or_default();
                    entry.0 += usize::from(verdict == Verdict::Correct);
                    entry.1 += 1;
                    &mut score.answerable
                }
                Expected::Outside | Expected::Refuse => &mut score.declinable,
                Expected::Clarify => &mut score.clarifiable,
            };
            *tally.entry(verdict).or_default() += 1;
            if row.context.is_some() {
                score.follow_ups.0 += usize::from(verdict == Verdict::Correct);
                score.follow_ups.1 += 1;
            }
            if verdict != Verdict::Correct {
                score.misses.push(format!(
                    "{:?}\t{}\t{}{}\n\twant {}\n\tgot  {}",
                    verdict,
                    row.id,
                    row.context
                        .as_deref()
                        .map(|c| format!("[{c}] → "))
                        .unwrap_or_default(),
                    row.question,
                    row.label,
                    describe(&parsed)
                ));
            }
        }
        score
    }

    fn count(map: &BTreeMap<Verdict, usize>, verdict: Verdict) -> usize {
        map.get(&verdict).copied().unwrap_or(0)
    }

    /// Answerable rows answered as labelled, in percent.
    pub fn correct(&self) -> f64 {
        let all: usize = self.answerable.values().sum();
        share(Self::count(&self.answerable, Verdict::Correct), all)
    }

    /// Rows of every kind answered with something else than labelled, in percent of all rows.
    pub fn wrong(&self) -> f64 {
        let all: usize = self.answerable.values().sum::<usize>()
            + self.declinable.values().sum::<usize>()
            + self.clarifiable.values().sum::<usize>();
        let wrong = Self::count(&self.answerable, Verdict::Wrong)
            + Self::count(&self.declinable, Verdict::Wrong)
            + Self::count(&self.clarifiable, Verdict::Wrong);
        share(wrong, all)
    }

    /// Rows that must be declined that were, in percent.
    pub fn declined(&self) -> f64 {
        let all: usize = self.declinable.values().sum();
        share(Self::count(&self.declinable, Verdict::Correct), all)
    }

    /// The summary, without any question (safe to print for the held-back split).
    pub fn summary(&self) -> String {
        let mut text = String::new();
        let answerable: usize = self.answerable.values().sum();
        let declinable: usize = self.declinable.values().sum();
        let clarifiable: usize = self.clarifiable.values().sum();
        let _ = writeln!(
            text,
            "answerable {answerable}: correct {:.1}%, clarified {:.1}%, declined {:.1}%, wrong {:.1}%",
            self.correct(),
            share(Self::count(&self.answerable, Verdict::Clarified), answerable),
            share(Self::count(&self.answerable, Verdict::Declined), answerable),
            share(Self::count(&self.answerable, Verdict::Wrong), answerable),
        );
        let _ =
            writeln!(
            text,
            "to decline {declinable}: declined {:.1}%, clarified {:.1}%, answered (wrong) {:.1}%",
            self.declined(),
            share(Self::count(&self.declinable, Verdict::Clarified), declinable),
            share(Self::count(&self.declinable, Verdict::Wrong), declinable),
        );
        let _ = writeln!(
            text,
            "to clarify {clarifiable}: clarified {:.1}%, answered (wrong) {:.1}%",
            share(
                Self::count(&self.clarifiable, Verdict::Correct),
                clarifiable
            ),
            share(Self::count(&self.clarifiable, Verdict::Wrong), clarifiable),
        );
        let _ = writeln!(
            text,
            "follow-ups {}: correct {:.1}%",
            self.follow_ups.1,
            share(self.follow_ups.0, self.follow_ups.1)
        );
        let _ = writeln!(text, "wrong answers, of all rows: {:.1}%", self.wrong());
        let _ = write!(text, "by kind (correct/all):");
        for (kind, (correct, all)) in &self.by_kind {
            let _ = write!(text, " {kind} {correct}/{all};");
        }
        text
    }
}

/// Every kind in the corpus's grammar (for coverage checks).
pub fn kind_names() -> impl Iterator<Item = &'static str> {
    Kind::ALL.iter().map(|(_, name)| *name).chain(["compare"])
}

/// The development split, as committed.
pub const DEV: &[(&str, &str)] = &[
    ("solo-shop", include_str!("../../corpus/dev/solo-shop.tsv")),
    (
        "agency-nonnative",
        include_str!("../../corpus/dev/agency-nonnative.tsv"),
    ),
    (
        "genz-voice",
        include_str!("../../corpus/dev/genz-voice.tsv"),
    ),
    ("declines", include_str!("../../corpus/dev/declines.tsv")),
    (
        "followups-periods",
        include_str!("../../corpus/dev/followups-periods.tsv"),
    ),
    (
        "validation",
        include_str!("../../corpus/dev/validation.tsv"),
    ),
    (
        "validation2",
        include_str!("../../corpus/dev/validation2.tsv"),
    ),
];

/// The held-back test split. Only its aggregate score is ever shown.
pub const TEST: &[(&str, &str)] = &[
    ("test-a", include_str!("../../corpus/test/test-a.tsv")),
    ("test-b", include_str!("../../corpus/test/test-b.tsv")),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn dev_rows() -> Vec<Row> {
        DEV.iter()
            .flat_map(|(name, text)| rows(text).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect()
    }

    #[test]
    fn the_dev_split_is_well_formed_and_covers_every_kind() {
        let rows = dev_rows();
        let mut ids = std::collections::HashSet::new();
        for row in &rows {
            assert!(ids.insert(row.id.clone()), "duplicate id {}", row.id);
        }
        let score = Score::of(&rows);
        for kind in kind_names() {
            let (_, all) = score.by_kind.get(kind).copied().unwrap_or_default();
            assert!(all >= 5, "{kind}: only {all} dev questions");
        }
    }

    /// The held-back split must not fall below its last measurement (2026-11-30, after the
    /// fixes from sets 18 to 24: 94.5 % of answerable correct — 259 of 274 —, 4.1 % of all
    /// rows wrong — 14 of 340 —, 100 % declined). Earlier measurements: 94.2 % after sets 18
    /// and 19; 93.8 % and 4.4 %
    /// after the fixes from sets 13, 14 and 16; 94.2 % and 4.1 % on 2026-11-29, 93.1 % and 5.0 % after the fixes from set 12, 93.4 % and 4.7 % after
    /// set 14's. Aggregate only: a failure names no question, so nobody tunes on it.
    #[test]
    fn the_test_split_does_not_fall_below_its_measurement() {
        let rows: Vec<Row> = TEST
            .iter()
            .flat_map(|(name, text)| rows(text).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        let score = Score::of(&rows);
        assert!(
            score.correct() >= 94.4 && score.wrong() <= 4.2 && score.declined() >= 98.0,
            "{}",
            score.summary()
        );
    }

    /// The parser against the dev split: the targets, and every miss printed.
    #[test]
    fn the_parser_understands_the_dev_split() {
        let score = Score::of(&dev_rows());
        let report = format!("{}\n\n{}", score.summary(), score.misses.join("\n"));
        println!("{}", score.summary());
        assert!(
            score.correct() >= 95.0 && score.wrong() <= 1.0 && score.declined() >= 95.0,
            "{report}"
        );
    }
}
