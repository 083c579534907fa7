//! Pulse on PostgreSQL, end to end (`store.backend = "postgres"`, a private cluster for
//! this test binary): it links, syncs and answers with its data and keyring in the
//! database, across a restart; and `pulse migrate-store --to postgres` moves a sled store
//! into PostgreSQL while Pulse is stopped, leaving the sled directory as it was, after which
//! Pulse answers from PostgreSQL as it did from sled.

use std::collections::BTreeMap;
use std::path::Path;

use bot::config::Backend;
use pulse_tests::{spawn_app, spawn_app_with, TestOptions};

/// Every file under `directory` with its bytes.
fn files(directory: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![directory.to_owned()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.insert(
                    path.strip_prefix(directory).unwrap().display().to_string(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    found
}

#[tokio::test]
async fn pulse_runs_on_postgres_with_the_keyring_in_the_database() {
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            postgres: true,
            ..TestOptions::default()
        },
    )
    .await;
    assert_eq!(app.config().store.backend, Backend::Postgres);
    app.link_account().await;
    let stats = app.say("/stats").await;
    assert!(stats.contains("Followers:"), "{stats}");
    let top = app.say("/top saves 30d 3").await;
    // Nothing of the store on disk: no sled directory, no keyring file.
    let on_disk: Vec<_> = std::fs::read_dir(app.data_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert!(
        on_disk
            .iter()
            .all(|name| !name.to_string_lossy().contains("pulse.sled")),
        "{on_disk:?}"
    );
    // Several instances share the database: a second one opens it beside the first, and
    // its keyring holds the key the first made when it linked the account.
    let second = bot::database::Database::open(app.config(), app.secrets()).unwrap();
    let vault = bot::app::vault_from(app.secrets()).unwrap();
    let keys = second.keys(app.config(), vault).unwrap();
    assert_eq!(keys.accounts().len(), 1, "the linked account's key");
    // While they run, pulse migrate-store cannot claim the database.
    let claimed = bot::database::claim_postgres(app.config(), app.secrets())
        .map(|_| ())
        .unwrap_err();
    let claimed = format!("{claimed:#}");
    assert!(claimed.contains("another Pulse is running"), "{claimed}");
    drop((keys, second));
    let app = app.restart().await;
    assert_eq!(app.say("/stats").await, stats);
    assert_eq!(app.say("/top saves 30d 3").await, top);
    app.stop().await;
}

#[tokio::test]
async fn migrate_store_moves_a_sled_store_into_postgres_and_leaves_sled_as_it_was() {
    let app = spawn_app().await;
    app.link_account().await;
    let stats = app.say("/stats").await;
    let top = app.say("/top saves 30d 3").await;
    let username = app.account().profile.username.clone();
    let (url, password) = pulse_tests::postgres_database();

    // Not while Pulse runs on the store.
    let mut config = app.config().clone();
    config.store.url = url.clone();
    let mut secrets = app.secrets().clone();
    secrets.store_password = Some(password.clone().into());
    let refused = bot::migrate::migrate_store(&config, &secrets, Backend::Postgres)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("is running"), "{refused}");

    let sled_path = app.config().store.path.clone();
    let app = app
        .restart_changed(|file, secrets| {
            let before = files(&sled_path);
            let keyring = std::fs::read(bot::keyring::keyring_path(&sled_path)).unwrap();
            file.store.url = url.clone();
            secrets.store_password = Some(password.clone().into());
            let moved = bot::migrate::migrate_store(file, secrets, Backend::Postgres)
                .expect("the store moves");
            assert!(moved.entries() > 300, "{moved:?}");
            assert_eq!(moved.keys, 1, "{moved:?}");
            assert_eq!(moved.sampled_accounts, 1, "{moved:?}");
            assert!(moved.sampled_records > 100, "{moved:?}");
            let report = moved.report(file);
            assert!(report.contains("store.backend = \"postgres\""), "{report}");
            assert!(!report.contains(&password), "{report}");
            // The sled directory and its keyring are as they were, byte for byte.
            assert_eq!(files(&sled_path), before, "the sled directory changed");
            assert_eq!(
                std::fs::read(bot::keyring::keyring_path(&sled_path)).unwrap(),
                keyring
            );
            // Once is enough: a database holding Pulse data is not written over.
            let again = bot::migrate::migrate_store(file, secrets, Backend::Postgres)
                .unwrap_err()
                .to_string();
            assert!(again.contains("already holds Pulse data"), "{again}");
            file.store.backend = Backend::Postgres;
        })
        .await;
    assert_eq!(app.config().store.backend, Backend::Postgres);
    assert_eq!(app.say("/stats").await, stats);
    assert_eq!(app.say("/top saves 30d 3").await, top);
    let accounts = app.say("/accounts").await;
    assert!(accounts.contains(&username), "{accounts}");
    app.stop().await;
}
