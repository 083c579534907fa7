//! Backups: every tree of the database and the keyring, at one moment, in one file sealed
//! under the master key.
//!
//! [`Backup::take`] reads them with the database's writes paused
//! ([`SledStore::pause_writes`]), so the backup is one moment across all trees and its keyring
//! holds the key of every account whose data it holds. Values are copied as stored, each
//! account's data still sealed under its account's key; that is why the keyring travels in
//! the same file.
//!
//! The file is `pulse-backup/1` and a newline, then the snapshot sealed by the [`Vault`]
//! (owner `pulse-backup`, field `snapshot`): AES-256-GCM under the master key, so nothing in
//! it — not even which accounts or trees it holds — is readable without the key, and any
//! change to it is found. The snapshot inside is, in order: the moment it was taken (i64 Unix
//! seconds), the keyring as saved (u32 length, bytes), then per tree its name (u8 length,
//! bytes), its number of entries (u64) and each entry's key and value (u32 length, bytes
//! each). Numbers are big-endian.

use chrono::{DateTime, Utc};

use crate::data_keys::{DataKeys, KeyringError};
use crate::store::{Entry, SledStore, Store, StoreError, Tree};
use crate::vault::{Vault, VaultError};

/// The first line of a backup file, in the clear.
const MAGIC: &[u8] = b"pulse-backup/1\n";
/// What the first line of any version starts with.
const FAMILY: &[u8] = b"pulse-backup/";
/// The vault owner and field the snapshot is sealed for.
const OWNER: &str = "pulse-backup";
const FIELD: &str = "snapshot";

/// Why a backup could not be taken, opened or restored.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The file does not start as a backup does.
    #[error("the file is not a Pulse backup")]
    NotABackup,
    /// A backup of another format version.
    #[error("the backup is of a format this version of Pulse does not read ({0})")]
    OtherFormat(String),
    /// Sealed under a master key the vault does not hold.
    #[error("the backup was sealed under another master key (key id {0})")]
    OtherKey(String),
    /// Changed, cut short, or damaged: it does not open.
    #[error("the backup is damaged: it does not open under the master key (changed or cut short)")]
    Damaged,
    /// A tree a newer Pulse keeps.
    #[error("the backup holds a tree this version of Pulse does not know ({0})")]
    UnknownTree(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The keyring failed.
    #[error(transparent)]
    Keyring(#[from] KeyringError),
}

/// The database and its keyring at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    taken_at: DateTime<Utc>,
    keyring: Vec<u8>,
    trees: Vec<(Tree, Vec<Entry>)>,
}

impl Backup {
    /// Reads every tree of `store` and the keyring of `keys` while the store's writes are
    /// paused (they wait meanwhile; reads go on).
    pub fn take(
        store: &SledStore,
        keys: &DataKeys,
        now: DateTime<Utc>,
    ) -> Result<Self, BackupError> {
        let paused = store.pause_writes();
        let trees = Tree::ALL
            .into_iter()
            .map(|tree| Ok((tree, store.scan_prefix(tree, &[])?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let keyring = keys.export()?;
        drop(paused);
        Ok(Self {
            taken_at: now,
            keyring,
            trees,
        })
    }

    /// When it was taken.
    pub fn taken_at(&self) -> DateTime<Utc> {
        self.taken_at
    }

    /// The keyring, as saved.
    pub fn keyring(&self) -> &[u8] {
        &self.keyring
    }

    /// How many entries it holds, over all trees.
    pub fn entries(&self) -> usize {
        self.trees.iter().map(|(_, entries)| entries.len()).sum()
    }

    /// The backup file: sealed under the vault's current master key.
    pub fn seal(self, vault: &Vault) -> Vec<u8> {
        let mut snapshot = Vec::new();
        snapshot.extend_from_slice(&self.taken_at.timestamp().to_be_bytes());
        put_bytes(&mut snapshot, &self.keyring);
        for (tree, entries) in self.trees {
            let name = tree.name().as_bytes();
            // Tree names are short constants.
            snapshot.push(u8::try_from(name.len()).unwrap_or(u8::MAX));
            snapshot.extend_from_slice(name);
            snapshot.extend_from_slice(&(entries.len() as u64).to_be_bytes());
            for (key, value) in entries {
                put_bytes(&mut snapshot, &key);
                put_bytes(&mut snapshot, &value);
            }
        }
        let sealed = vault.seal(OWNER, FIELD, &snapshot);
        drop(snapshot);
        let mut file = Vec::with_capacity(MAGIC.len() + sealed.len());
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&sealed);
        file
    }

    /// Opens a backup file with the vault (its current or an older master key).
    pub fn open(vault: &Vault, file: &[u8]) -> Result<Self, BackupError> {
        let Some(sealed) = file.strip_prefix(MAGIC) else {
            if file.starts_with(FAMILY) {
                let line = file.split(|b| *b == b'\n').next().unwrap_or_default();
                let line = String::from_utf8_lossy(&line[..line.len().min(40)]).into_owned();
                return Err(BackupError::OtherFormat(line));
            }
            return Err(BackupError::NotABackup);
        };
        let snapshot = vault
            .open(OWNER, FIELD, sealed)
            .map_err(|error| match error {
                VaultError::UnknownKey(id) => BackupError::OtherKey(id),
                _ => BackupError::Damaged,
            })?;
        let mut reader = Reader(&snapshot);
        let seconds = i64::from_be_bytes(reader.array()?);
        let taken_at = DateTime::from_timestamp(seconds, 0).ok_or(BackupError::Damaged)?;
        let keyring = reader.bytes()?.to_vec();
        let mut trees = Vec::new();
        while !reader.0.is_empty() {
            let [length] = reader.array()?;
            let name = reader.take(usize::from(length))?;
            let name = String::from_utf8_lossy(name);
            let tree = Tree::ALL
                .into_iter()
                .find(|tree| tree.name() == name)
                .ok_or_else(|| BackupError::UnknownTree(name.into_owned()))?;
            let count = u64::from_be_bytes(reader.array()?);
            let mut entries = Vec::new();
            for _ in 0..count {
                let key = reader.bytes()?.to_vec();
                let value = reader.bytes()?.to_vec();
                entries.push((key, value));
            }
            trees.push((tree, entries));
        }
        Ok(Self {
            taken_at,
            keyring,
            trees,
        })
    }

    /// Writes every entry into `store` (an empty one) as it was stored, and flushes it.
    /// Returns how many.
    pub fn restore_into(&self, store: &dyn Store) -> Result<usize, StoreError> {
        for (tree, entries) in &self.trees {
            for (key, value) in entries {
                store.insert(*tree, key, value)?;
            }
        }
        store.flush()?;
        Ok(self.entries())
    }
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    // sled keys and values, and the keyring, are far below 4 GiB.
    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// Reads the snapshot from the front; running short means damage.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, length: usize) -> Result<&'a [u8], BackupError> {
        if self.0.len() < length {
            return Err(BackupError::Damaged);
        }
        let (taken, rest) = self.0.split_at(length);
        self.0 = rest;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], BackupError> {
        self.take(N)?.try_into().map_err(|_| BackupError::Damaged)
    }

    fn bytes(&mut self) -> Result<&'a [u8], BackupError> {
        let length = u32::from_be_bytes(self.array()?);
        self.take(usize::try_from(length).map_err(|_| BackupError::Damaged)?)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::TimeZone as _;

    use super::*;
    use crate::data_keys::{KeyringStore as _, MemoryKeyring};
    use crate::store::SealedStore;
    use crate::vault::MasterKey;

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// A sled store with one account's sealed data and a chat, its keyring, and a backup
    /// file of both.
    fn backed_up(vault: &Vault) -> (tempfile::TempDir, Vec<u8>) {
        let directory = tempfile::tempdir().unwrap();
        let raw = Arc::new(SledStore::open(&directory.path().join("db"), 1 << 20).unwrap());
        let keys = Arc::new(DataKeys::open(vault.clone(), Arc::new(MemoryKeyring::new())).unwrap());
        let sealed = SealedStore::new(raw.clone(), keys.clone());
        sealed
            .insert(Tree::Posts, b"17841\0p1", b"canary caption #ceramics")
            .unwrap();
        sealed
            .insert(Tree::Chats, b"console:a", b"canary chat")
            .unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 27, 10, 0, 0).unwrap();
        let backup = Backup::take(&raw, &keys, now).unwrap();
        assert_eq!(backup.entries(), 2);
        (directory, backup.seal(vault))
    }

    #[test]
    fn a_backup_restores_the_stored_values_and_the_keys_that_open_them() {
        let vault = Vault::new(MasterKey::generate(), Vec::new());
        let (directory, file) = backed_up(&vault);
        for plain in [
            &b"canary caption"[..],
            b"canary chat",
            b"console:a",
            b"17841",
            crate::data_keys::FORMAT.as_bytes(),
        ] {
            assert!(
                !contains(&file, plain),
                "{}",
                String::from_utf8_lossy(plain)
            );
        }

        let backup = Backup::open(&vault, &file).unwrap();
        assert_eq!(
            backup.taken_at(),
            Utc.with_ymd_and_hms(2026, 3, 27, 10, 0, 0).unwrap()
        );
        let restored =
            Arc::new(SledStore::open(&directory.path().join("restored"), 1 << 20).unwrap());
        assert_eq!(backup.restore_into(restored.as_ref()).unwrap(), 2);
        let keyring = Arc::new(MemoryKeyring::new());
        keyring.save(backup.keyring()).unwrap();
        let keys = DataKeys::open(vault, keyring).unwrap();
        let sealed = SealedStore::new(restored, Arc::new(keys));
        assert_eq!(
            sealed.get(Tree::Posts, b"17841\0p1").unwrap().unwrap(),
            b"canary caption #ceramics"
        );
        assert_eq!(
            sealed.get(Tree::Chats, b"console:a").unwrap().unwrap(),
            b"canary chat"
        );
    }

    #[test]
    fn another_key_a_changed_byte_a_cut_and_another_file_are_refused() {
        let vault = Vault::new(MasterKey::generate(), Vec::new());
        let (_directory, file) = backed_up(&vault);
        let stranger = Vault::new(MasterKey::generate(), Vec::new());
        assert!(matches!(
            Backup::open(&stranger, &file),
            Err(BackupError::OtherKey(id)) if id == vault.current_key_id()
        ));
        for at in [MAGIC.len() + 30, file.len() / 2, file.len() - 1] {
            let mut changed = file.clone();
            changed[at] ^= 0x20;
            assert!(
                matches!(Backup::open(&vault, &changed), Err(BackupError::Damaged)),
                "{at}"
            );
        }
        assert!(matches!(
            Backup::open(&vault, &file[..file.len() - 100]),
            Err(BackupError::Damaged)
        ));
        assert!(matches!(
            Backup::open(&vault, b"{\"format\": \"pulse-keyring/1\"}"),
            Err(BackupError::NotABackup)
        ));
        assert!(matches!(
            Backup::open(&vault, b""),
            Err(BackupError::NotABackup)
        ));
        assert!(matches!(
            Backup::open(&vault, b"pulse-backup/2\n..."),
            Err(BackupError::OtherFormat(line)) if line == "pulse-backup/2"
        ));
    }
}
