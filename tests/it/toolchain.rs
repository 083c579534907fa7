//! The Rust version Pulse declares (`rust-version` in the workspace `Cargo.toml`, "Rust … or
//! newer" in the README) is at least what every locked dependency asks for.
//!
//! Each crate in `Cargo.lock` is looked up in cargo's registry sources on this machine
//! (`$CARGO_HOME/registry/src/*/<name>-<version>/Cargo.toml`), offline. A crate whose source
//! is not there (one built only for another platform) is skipped with a note, not failed.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    text.parse()
        .unwrap_or_else(|error| panic!("{} is not TOML: {error}", path.display()))
}

/// "1.89" or "1.89.0" as (1, 89, 0); `None` for anything else.
fn version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.trim().split('.').map(|part| part.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    parts.next().is_none().then_some((major, minor, patch))
}

fn declared() -> String {
    read_toml(&workspace().join("Cargo.toml"))
        .get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("rust-version"))
        .and_then(|v| v.as_str())
        .expect("the workspace declares package.rust-version")
        .to_owned()
}

/// The directories that hold unpacked registry crates (one per registry).
fn registry_sources() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let Some(src) = home.map(|home| home.join("registry/src")) else {
        return Vec::new();
    };
    std::fs::read_dir(src)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_the_declared_one() {
    let declared_text = declared();
    let declared = version(&declared_text).expect("rust-version is a version like 1.89");
    let lock = read_toml(&workspace().join("Cargo.lock"));
    let registries = registry_sources();
    let mut too_new = Vec::new();
    let mut skipped = Vec::new();
    let mut checked = 0;
    for package in lock
        .get("package")
        .and_then(|p| p.as_array())
        .expect("Cargo.lock lists packages")
    {
        let field = |key: &str| package.get(key).and_then(|v| v.as_str()).unwrap_or("");
        if !field("source").starts_with("registry+") {
            continue;
        }
        let crate_dir = format!("{}-{}", field("name"), field("version"));
        let Some(manifest) = registries
            .iter()
            .map(|registry| registry.join(&crate_dir).join("Cargo.toml"))
            .find(|path| path.exists())
        else {
            skipped.push(crate_dir);
            continue;
        };
        checked += 1;
        let needs = read_toml(&manifest)
            .get("package")
            .and_then(|p| p.get("rust-version"))
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        if let Some(needs) = needs {
            if version(&needs).is_some_and(|needs| needs > declared) {
                too_new.push(format!("{crate_dir} needs Rust {needs}"));
            }
        }
    }
    if !skipped.is_empty() {
        eprintln!(
            "note: {} locked crates have no source in the local registry (not built on this platform) and were not checked: {}",
            skipped.len(),
            skipped.join(", ")
        );
    }
    eprintln!("checked the rust-version of {checked} locked crates against {declared_text}");
    assert!(
        too_new.is_empty(),
        "Cargo.toml declares rust-version = {declared_text:?}, but {}",
        too_new.join(", ")
    );
}

#[test]
fn the_readme_states_the_declared_rust_version() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README.md");
    let declared = declared();
    assert!(
        readme.contains(&format!("Rust toolchain ({declared} or newer)")),
        "README.md must say \"Rust toolchain ({declared} or newer)\""
    );
}
