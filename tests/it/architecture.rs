//! The import rules of ARCHITECTURE.md, checked: dependencies point one way
//! (prompts ← engine ← connectors ← bot ← tests), and `engine` stays free of I/O frameworks,
//! configuration reading and task spawning.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn dependencies(krate: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(workspace().join(krate).join("Cargo.toml")).expect("a manifest");
    let manifest: toml::Table = text.parse().expect("a valid manifest");
    manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default()
}

fn rust_sources(directory: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(directory).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(rust_sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push((
                path.clone(),
                std::fs::read_to_string(&path).expect("a source file"),
            ));
        }
    }
    files
}

const WORKSPACE_CRATES: [&str; 4] = ["prompts", "engine", "connectors", "bot"];

#[test]
fn dependencies_point_one_way() {
    let allowed: [(&str, &[&str]); 4] = [
        ("prompts", &[]),
        ("engine", &["prompts"]),
        ("connectors", &["engine"]),
        ("bot", &["prompts", "engine", "connectors"]),
    ];
    for (krate, may_use) in allowed {
        for dependency in dependencies(krate) {
            if WORKSPACE_CRATES.contains(&dependency.as_str()) {
                assert!(
                    may_use.contains(&dependency.as_str()),
                    "{krate} must not depend on {dependency}"
                );
            }
        }
    }
}

#[test]
fn engine_knows_no_network_framework_config_or_runtime() {
    let forbidden = [
        "reqwest",
        "hyper",
        "axum",
        "teloxide",
        "serenity",
        "async-openai",
        "tokio",
        "tokio-util",
        "figment",
        "toml",
        "clap",
        "tracing-subscriber",
    ];
    for dependency in dependencies("engine") {
        assert!(
            !forbidden.contains(&dependency.as_str()),
            "engine depends on {dependency}"
        );
    }
    for (path, source) in rust_sources(&workspace().join("engine/src")) {
        for needle in [
            "std::env::",
            "tokio::spawn",
            "std::thread::spawn",
            "std::net",
            "std::fs::",
        ] {
            let offending = source
                .lines()
                .filter(|line| line.contains(needle))
                .filter(|line| !line.trim_start().starts_with("//"))
                .count();
            // Tests may use threads to check atomicity; the engine's own code may not.
            let in_test_file = path.ends_with("contract.rs") || path.ends_with("tests.rs");
            assert!(
                offending == 0 || in_test_file,
                "{} uses {needle}",
                path.display()
            );
        }
    }
}

#[test]
fn only_bot_knows_the_http_framework_and_configuration() {
    for krate in ["prompts", "engine", "connectors"] {
        for dependency in dependencies(krate) {
            for framework in [
                "axum",
                "teloxide",
                "serenity",
                "figment",
                "clap",
                "anyhow",
                "prometheus",
            ] {
                assert_ne!(dependency, framework, "{krate} depends on {framework}");
            }
        }
    }
}

/// No engine source file holds more than 800 lines of code: tests (a `tests.rs`, a
/// `*_tests.rs`, or an inline `#[cfg(test)]` module at the end) do not count.
#[test]
fn no_engine_source_file_is_over_800_lines_of_code() {
    let mut over = Vec::new();
    for (path, text) in rust_sources(&workspace().join("engine/src")) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        let code = lines
            .windows(2)
            .position(|pair| pair[0].trim() == "#[cfg(test)]" && pair[1].starts_with("mod tests"))
            .unwrap_or(lines.len());
        if code > 800 {
            over.push(format!("{} ({code} lines)", path.display()));
        }
    }
    assert!(over.is_empty(), "split these: {over:?}");
}

/// The code of a source file before its first test module (tests come last).
fn without_tests(source: &str) -> &str {
    let end = ["#[cfg(test)]", "#[cfg(all(test"]
        .iter()
        .filter_map(|marker| source.find(marker))
        .min()
        .unwrap_or(source.len());
    &source[..end]
}

/// ARCHITECTURE.md's rule for the store on async threads: every store operation of the
/// engine runs through `bot::blocking::wait_for`, because the engine is only ever handed
/// its store by `bot::blocking::engine_store`.
#[test]
fn the_engine_is_handed_its_store_through_the_blocking_dispatcher() {
    let mut engines = 0;
    for (path, source) in rust_sources(&workspace().join("bot/src")) {
        let code = without_tests(&source);
        for (at, _) in code.match_indices("Pulse::new(") {
            engines += 1;
            let store_argument = code[at + "Pulse::new(".len()..]
                .split(',')
                .next()
                .unwrap_or_default();
            assert!(
                store_argument.contains("engine_store("),
                "{} builds an engine over a store not made by blocking::engine_store: {store_argument}",
                path.display()
            );
        }
        if !path.ends_with("blocking.rs") {
            assert!(
                !code.contains("BlockingStore::new(") && !code.contains("CountedStore::new("),
                "{} wraps the engine's store itself instead of calling blocking::engine_store",
                path.display()
            );
        }
    }
    assert!(engines > 0, "the app builds its engine in bot/src");
}
