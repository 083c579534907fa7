//! Scores the question parser against the corpus (`engine/corpus/`).
//!
//! `cargo run -p engine --example corpus -- dev [file]` prints the score of the development
//! split (or one of its files, e.g. `validation`) and every question it got wrong; `-- test`
//! prints only the aggregate score of the held-back test split, never its questions (nobody
//! tunes the parser on it). `-- file path.tsv [misses]` scores a corpus file kept outside
//! the repository (a fresh validation set, measured once before anyone looks at its rows).

use engine::question::corpus::{rows, Score, DEV, TEST};

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
    // `-- context "previous question"`: the dev questions asked right after another one; lists
    // those whose reading changes (a fresh question must not be read as a follow-up).
    if split == "context" {
        let previous = std::env::args().nth(2).unwrap_or_default();
        let today = engine::question::corpus::reference_day();
        let zone = engine::question::corpus::REFERENCE_ZONE;
        let before = match engine::question::parse(&previous, None, today, zone) {
            engine::question::Parsed::Understood { queries, .. } => queries.last().cloned(),
            _ => None,
        };
        let mut changed = 0;
        let mut all = 0;
        for (_, text) in DEV {
            for row in rows(text).unwrap() {
                if row.context.is_some() {
                    continue;
                }
                all += 1;
                let alone = engine::question::parse(&row.question, None, today, zone);
                let after = engine::question::parse(&row.question, before.as_ref(), today, zone);
                if alone != after {
                    changed += 1;
                    println!(
                        "{}\n\talone {}\n\tafter {}",
                        row.question,
                        engine::question::corpus::describe(&alone),
                        engine::question::corpus::describe(&after)
                    );
                }
            }
        }
        println!("{changed} of {all} questions read differently after {previous:?}");
        return;
    }
    // `-- ask "question" ["previous question" ["earlier question" …]]`: how one question
    // reads (the earlier questions oldest first).
    if split == "ask" {
        let question = std::env::args().nth(2).unwrap_or_default();
        let context = std::env::args().nth(3).filter(|c| !c.is_empty());
        let row = engine::question::corpus::Row {
            id: "ask".into(),
            voice: "solo".into(),
            context,
            earlier: std::env::args().skip(4).collect(),
            question,
            expected: engine::question::corpus::Expected::Refuse,
            label: String::new(),
            today: engine::question::corpus::reference_day(),
        };
        println!(
            "{}",
            engine::question::corpus::describe(&engine::question::corpus::read(&row))
        );
        return;
    }
    // `-- file path.tsv [misses]`: a corpus file outside the repository (a fresh validation
    // set), scored in aggregate; its misses only when asked for.
    if split == "file" {
        let path = std::env::args().nth(2).unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        });
        let all = rows(&text).unwrap_or_else(|error| {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        });
        let score = Score::of(&all);
        if std::env::args().nth(3).as_deref() == Some("misses") {
            for miss in &score.misses {
                println!("{miss}");
            }
            println!();
        }
        println!("{path}, {} questions", all.len());
        println!("{}", score.summary());
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
