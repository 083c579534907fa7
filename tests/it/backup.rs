//! Backups, end to end: `pulse backup` while Pulse runs, `pulse restore` into a new data
//! directory, and a Pulse started on it answering as the first one did; and what
//! `pulse restore` refuses, each with a sentence.

use std::path::Path;

use engine::vault::MasterKey;
use pulse_tests::spawn_app;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn a_backup_taken_while_pulse_runs_restores_into_a_pulse_with_the_same_stats() {
    let app = spawn_app().await;
    app.link_account().await;
    let stats = app.say("/stats").await;
    let top = app.say("/top saves 30d 3").await;
    assert!(stats.contains("Followers:"), "{stats}");

    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("pulse.backup");
    let made = bot::backup::backup(app.config(), app.secrets(), &file)
        .await
        .expect("the backup is written");
    // The running Pulse holds the database: only it could take the backup.
    assert!(made.by_running_pulse);
    assert_eq!(app.say("/stats").await, stats, "Pulse runs on");
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(bytes.len(), made.bytes);
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);
    let username = app.account().profile.username.clone();
    for plain in [
        username.as_bytes(),
        b"pulse-keyring/1",
        b"accounts",
        app.master_key().as_bytes(),
    ] {
        assert!(
            !contains(&bytes, plain),
            "{} is readable in the backup",
            String::from_utf8_lossy(plain)
        );
    }

    let restored_dir = tempfile::tempdir().unwrap();
    let mut config = app.config().clone();
    config.store.path = restored_dir.path().join("pulse.sled");
    let restored = bot::backup::restore(&config, app.secrets(), &file).expect("it restores");
    assert!(restored.entries > 300, "{restored:?}");
    assert_eq!(restored.taken_at, app.clock.now());

    let app = app.restart_on(restored_dir).await;
    assert_eq!(app.say("/stats").await, stats);
    assert_eq!(app.say("/top saves 30d 3").await, top);
    let accounts = app.say("/accounts").await;
    assert!(accounts.contains(&username), "{accounts}");
    app.stop().await;
}

#[tokio::test]
async fn restore_refuses_a_directory_in_use_another_master_key_and_a_damaged_file() {
    let app = spawn_app().await;
    app.say("/timezone Europe/Berlin").await;
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("pulse.backup");
    bot::backup::backup(app.config(), app.secrets(), &file)
        .await
        .expect("the backup is written");
    let restore = |store: &Path, secrets: &bot::config::Secrets, from: &Path| {
        let mut config = app.config().clone();
        config.store.path = store.to_owned();
        bot::backup::restore(&config, secrets, from).map_err(|error| format!("{error:#}"))
    };

    // A data directory with something in it is left as it is.
    let occupied = tempfile::tempdir().unwrap();
    std::fs::write(occupied.path().join("notes.txt"), "mine").unwrap();
    let refused = restore(&occupied.path().join("pulse.sled"), app.secrets(), &file).unwrap_err();
    assert!(
        refused.starts_with(&format!(
            "the data directory {} is not empty",
            occupied.path().display()
        )),
        "{refused}"
    );
    assert_eq!(std::fs::read_dir(occupied.path()).unwrap().count(), 1);

    // Another master key.
    let fresh = tempfile::tempdir().unwrap();
    let store = fresh.path().join("data").join("pulse.sled");
    let mut stranger = app.secrets().clone();
    stranger.master_key = Some(MasterKey::generate().to_base64().into());
    let refused = restore(&store, &stranger, &file).unwrap_err();
    assert!(
        refused.contains("was sealed under another master key")
            && refused.contains("set PULSE__VAULT__MASTER_KEY to the key Pulse ran with"),
        "{refused}"
    );

    // A damaged file, a file cut short, and a file that is no backup.
    let bytes = std::fs::read(&file).unwrap();
    let mut changed = bytes.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    let damaged = elsewhere.path().join("damaged.backup");
    for broken in [&changed[..], &bytes[..bytes.len() - 7]] {
        std::fs::write(&damaged, broken).unwrap();
        let refused = restore(&store, app.secrets(), &damaged).unwrap_err();
        assert!(
            refused.contains("is damaged: it does not open under the master key"),
            "{refused}"
        );
    }
    let keyring = elsewhere.path().join("pulse.sled.keys");
    std::fs::write(&keyring, "{\"format\": \"pulse-keyring/1\"}").unwrap();
    let refused = restore(&store, app.secrets(), &keyring).unwrap_err();
    assert!(
        refused.ends_with("the file is not a Pulse backup"),
        "{refused}"
    );

    // Nothing was written by the refusals: the backup restores there now.
    assert!(!store.parent().unwrap().exists());
    restore(&store, app.secrets(), &file).expect("it restores");
    let mut names: Vec<_> = std::fs::read_dir(store.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["pulse.sled", "pulse.sled.keys"]);
    app.stop().await;
}
