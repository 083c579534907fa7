//! `pulse migrate-store --to postgres`: with Pulse stopped, copies the sled store of
//! `store.path` and its keyring into the (empty) PostgreSQL database of `store.url`, then
//! checks the copy: the same number of entries in every tree, the same bytes, and a sample of
//! each account's records opened (decrypted) from both sides and compared.
//!
//! The sled directory is left as it was: `pulse migrate-store` holds sled's own lock on it
//! (so no Pulse starts meanwhile, and one running is found), and reads a copy of it in a
//! temporary directory, since sled may write even when only opened. Values are copied as
//! stored, still sealed; the keyring moves as saved, each key wrapped by the master key.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use connectors::postgres::PgStore;
use engine::data_keys::{DataKeys, KeyringStore as _};
use engine::store::{AccountKey, Batch, Entry, SealedStore, SledStore, Store, Tree};

use crate::config::{Backend, FileConfig, Secrets};

/// Entries written to PostgreSQL in one transaction.
const CHUNK: usize = 2_000;

/// How many accounts' records are opened on both sides and compared.
const SAMPLE_ACCOUNTS: usize = 10;

/// What `pulse migrate-store` copied and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Entries per tree, for the trees that hold any.
    pub trees: Vec<(Tree, usize)>,
    /// Accounts whose keys moved with the keyring.
    pub keys: usize,
    /// Accounts whose records were opened on both sides and found equal.
    pub sampled_accounts: usize,
    /// Records opened (decrypted) on both sides in that sample.
    pub sampled_records: usize,
}

impl Moved {
    /// Every entry copied.
    pub fn entries(&self) -> usize {
        self.trees.iter().map(|(_, count)| count).sum()
    }

    /// What `pulse migrate-store` prints.
    pub fn report(&self, file: &FileConfig) -> String {
        let per_tree: Vec<String> = self
            .trees
            .iter()
            .map(|(tree, count)| format!("{} {count}", tree.name()))
            .collect();
        format!(
            "Copied {} ({}) and the keyring ({} account keys) from {} into PostgreSQL; the counts match and {} records of {} accounts open the same on both sides.\n\
The sled directory is untouched. To run on PostgreSQL, set store.backend = \"postgres\" and start Pulse.",
            prompts::count(self.entries() as u64, "entry", "entries"),
            if per_tree.is_empty() { "no trees hold any".to_owned() } else { per_tree.join(", ") },
            self.keys,
            file.store.path.display(),
            self.sampled_records,
            self.sampled_accounts,
        )
    }
}

/// Holds sled's lock on the database at `store_path` (the lock `pulse run` takes), or says
/// that a Pulse runs on it.
fn lock_sled(store_path: &Path) -> anyhow::Result<std::fs::File> {
    let lock_file = store_path.join("db");
    let file = std::fs::File::open(&lock_file).with_context(|| {
        format!(
            "there is no sled database at {} (store.path) to migrate",
            store_path.display()
        )
    })?;
    // A Pulse that has just stopped may hold the lock a moment longer (sled's flusher winds
    // down in the background), as `SledStore::open` allows for too.
    let mut attempts = 0;
    loop {
        match file.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) if attempts < 100 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => break check_lock(file, other, store_path),
        }
    }
}

fn check_lock(
    file: std::fs::File,
    locked: Result<(), std::fs::TryLockError>,
    store_path: &Path,
) -> anyhow::Result<std::fs::File> {
    match locked {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
            "a Pulse is running on {}: stop it first (pulse migrate-store copies a store that nothing writes to)",
            store_path.display()
        ),
        Err(std::fs::TryLockError::Error(error)) => Err(error)
            .with_context(|| format!("cannot lock the database at {}", store_path.display())),
    }
}

/// Copies the directory `from` into `to` (which exists), recursively.
fn copy_directory(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir(&target)?;
            copy_directory(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Whether the PostgreSQL database holds no Pulse data yet (no entry, no keyring).
fn is_empty(postgres: &PgStore) -> anyhow::Result<bool> {
    for tree in Tree::ALL {
        if postgres.len(tree)? > 0 {
            return Ok(false);
        }
    }
    Ok(postgres.keyring().load()?.is_none())
}

/// `pulse migrate-store --to <to>` (see the module).
pub fn migrate_store(file: &FileConfig, secrets: &Secrets, to: Backend) -> anyhow::Result<Moved> {
    anyhow::ensure!(
        to == Backend::Postgres,
        "pulse migrate-store copies the sled store into PostgreSQL: use --to postgres"
    );
    let vault = crate::app::vault_from(secrets)?;
    let sled_path = &file.store.path;
    let _locked = lock_sled(sled_path)?;
    let postgres = Arc::new(crate::database::claim_postgres(file, secrets)?);
    anyhow::ensure!(
        is_empty(&postgres)?,
        "the PostgreSQL database of store.url already holds Pulse data: migrate into an empty database"
    );

    let copy = tempfile::tempdir().context("cannot make a temporary directory")?;
    copy_directory(sled_path, copy.path()).with_context(|| {
        format!(
            "cannot copy {} to a temporary directory",
            sled_path.display()
        )
    })?;
    let sled = Arc::new(
        SledStore::open(copy.path(), file.store.cache_mb.saturating_mul(1 << 20))
            .context("cannot open the copy of the sled database")?,
    );
    let keys = crate::app::open_keys(sled_path, vault.clone())?;
    let keyring = keys.export().context("reading the keyring")?;

    let mut trees = Vec::new();
    for tree in Tree::ALL {
        let entries = sled.scan_prefix(tree, &[])?;
        for chunk in entries.chunks(CHUNK) {
            let mut batch = Batch::new();
            for (key, value) in chunk {
                batch.put(tree, key.clone(), value.clone());
            }
            postgres
                .apply(&batch)
                .with_context(|| format!("copying the {} tree", tree.name()))?;
        }
        let copied = postgres.len(tree)?;
        anyhow::ensure!(
            copied == entries.len(),
            "the {} tree holds {} entries in sled but {copied} in PostgreSQL",
            tree.name(),
            entries.len()
        );
        anyhow::ensure!(
            postgres.scan_prefix(tree, &[])? == entries,
            "the {} tree differs between sled and PostgreSQL after the copy",
            tree.name()
        );
        if !entries.is_empty() {
            trees.push((tree, entries.len()));
        }
    }
    // The keyring last: a copy cut short has none, and opens nothing.
    postgres
        .keyring()
        .save(&keyring)
        .context("writing the keyring into PostgreSQL")?;

    // Both sides through the sealing, each with its own keyring: what Pulse would read.
    let moved_keys = DataKeys::open(vault, Arc::new(postgres.keyring()))
        .context("opening the keyring copied into PostgreSQL")?;
    let key_count = moved_keys.accounts().len();
    anyhow::ensure!(
        key_count == keys.accounts().len(),
        "the keyring holds {} account keys in the file but {key_count} in PostgreSQL",
        keys.accounts().len()
    );
    let from = SealedStore::new(sled.clone(), Arc::new(keys));
    let into = SealedStore::new(postgres.clone(), Arc::new(moved_keys));
    let accounts: Vec<String> = sled
        .scan_prefix(Tree::Accounts, &[])?
        .into_iter()
        .filter_map(|(key, _)| String::from_utf8(key).ok())
        .take(SAMPLE_ACCOUNTS)
        .collect();
    let mut sampled_records = 0;
    for account in &accounts {
        for (tree, key) in Tree::of_accounts() {
            let (before, after) = match key {
                AccountKey::Whole => {
                    let entry = |value: Option<Vec<u8>>| -> Vec<Entry> {
                        value
                            .map(|value| (account.as_bytes().to_vec(), value))
                            .into_iter()
                            .collect()
                    };
                    (
                        entry(from.get(tree, account.as_bytes())?),
                        entry(into.get(tree, account.as_bytes())?),
                    )
                }
                AccountKey::Prefix => {
                    let prefix = format!("{account}\0");
                    (
                        from.scan_prefix(tree, prefix.as_bytes())?,
                        into.scan_prefix(tree, prefix.as_bytes())?,
                    )
                }
            };
            anyhow::ensure!(
                before == after,
                "an account's {} records read differently from PostgreSQL",
                tree.name()
            );
            sampled_records += after.len();
        }
    }
    drop(from);
    drop(sled);
    Ok(Moved {
        trees,
        keys: key_count,
        sampled_accounts: accounts.len(),
        sampled_records,
    })
}
