//! Scores the question parser against the corpus (`engine/corpus/`).
//!
//! `cargo run -p engine --example corpus -- dev [file]` prints the score of the development
//! split (or one of its files, e.g. `validation`) and every question it got wrong; `-- test`
//! prints only the aggregate score of the held-back test split, never its questions (nobody
//! tunes the parser on it).

use engine::question::corpus::{rows, Score, DEV};

const TEST: &[(&str, &str)] = &[
    ("test-a", include_str!("../corpus/test/test-a.tsv")),
    ("test-b", include_str!("../corpus/test/test-b.tsv")),
];

fn main() {
    let split = std::env::args().nth(1).unwrap_or_else(|| "dev".into());
    if split == "explain" {
        let question = std::env::args().nth(2).unwrap_or_default();
        println!(
            "{}",
            engine::question::explain(&question, engine::question::corpus::reference_day())
        );
        return;
    }
    // `-- ask "question" ["previous question"]`: how one question reads.
    if split == "ask" {
        let question = std::env::args().nth(2).unwrap_or_default();
        let context = std::env::args().nth(3).filter(|c| !c.is_empty());
        let row = engine::question::corpus::Row {
            id: "ask".into(),
            voice: "solo".into(),
            context,
            question,
            expected: engine::question::corpus::Expected::Refuse,
            label: String::new(),
        };
        println!(
            "{}",
            engine::question::corpus::describe(&engine::question::corpus::read(&row))
        );
        return;
    }
    let (files, show_misses) = match split.as_str() {
        "dev" => (DEV, true),
        "test" => (TEST, false),
        other => {
            eprintln!("usage: corpus dev|test (not {other:?})");
            std::process::exit(2);
        }
    };
    let only = std::env::args().nth(2);
    let mut all = Vec::new();
    for (name, text) in files {
        if only.as_deref().is_some_and(|only| only != *name) {
            continue;
        }
        match rows(text) {
            Ok(rows) => all.extend(rows),
            Err(error) => {
                eprintln!("{name}: {error}");
                std::process::exit(1);
            }
        }
    }
    let score = Score::of(&all);
    if show_misses {
        for miss in &score.misses {
            println!("{miss}");
        }
        println!();
    }
    println!("{} split, {} questions", split, all.len());
    println!("{}", score.summary());
}
