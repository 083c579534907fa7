//! Per-account data keys, for crypto-shredding.
//!
//! Each linked account's stored data (profile, posts and captions, comments and commenters'
//! names, insights, its sealed token) is encrypted under a 256-bit key of its own
//! ([`crate::store::SealedStore`]). The keys live in a small keyring, each wrapped by the
//! master key through the [`Vault`], which the runtime keeps *outside* the database and
//! rewrites whole on every change ([`KeyringStore`]). Deleting an account shreds its key: any
//! copy of its data the database still holds on disk (sled keeps removed values until it
//! rewrites its segments) can no longer be read, with or without the master key.
//!
//! The keyring file is `{"format": "pulse-keyring/1", "keys": {account: base64(sealed key)}}`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use aes_gcm::aead::{KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Key};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::vault::{Vault, VaultError};

/// The format name written into the keyring.
pub const FORMAT: &str = "pulse-keyring/1";

/// The vault field of a wrapped data key.
const FIELD: &str = "account_data_key";

/// Why the keyring could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// The keyring's storage failed (the runtime's file).
    #[error("the keyring could not be read or written: {0}")]
    Storage(String),
    /// The keyring is not a keyring of this format.
    #[error("the keyring is damaged: {0}")]
    Damaged(String),
    /// A key did not unwrap (another master key, or damage).
    #[error("a data key did not unwrap: {0}")]
    Vault(#[from] VaultError),
}

/// Where the wrapped keyring lives: a file next to the database in the runtime, memory in
/// tests. `save` must replace the whole content atomically.
pub trait KeyringStore: Send + Sync {
    /// The saved keyring, if any.
    fn load(&self) -> Result<Option<Vec<u8>>, KeyringError>;
    /// Replaces the saved keyring.
    fn save(&self, bytes: &[u8]) -> Result<(), KeyringError>;
}

/// A keyring kept in memory.
#[derive(Default)]
pub struct MemoryKeyring {
    bytes: Mutex<Option<Vec<u8>>>,
}

impl MemoryKeyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// What was last saved.
    pub fn saved(&self) -> Option<Vec<u8>> {
        self.bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl KeyringStore for MemoryKeyring {
    fn load(&self) -> Result<Option<Vec<u8>>, KeyringError> {
        Ok(self.saved())
    }

    fn save(&self, bytes: &[u8]) -> Result<(), KeyringError> {
        *self
            .bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(bytes.to_vec());
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct KeyringFile {
    format: String,
    keys: BTreeMap<String, String>,
    /// Whether every value of the database this keyring belongs to is sealed (so nothing
    /// from before sealing is left to seal at start-up). Added within format 1.
    #[serde(default)]
    store_sealed: bool,
}

/// One account's data key, unwrapped: the cipher its values are sealed with, and the key
/// that masks the ids in its record keys (derived from the same 256 bits, so shredding the one
/// key makes both the values and the masked ids meaningless).
#[derive(Clone)]
pub struct DataKey {
    cipher: Aes256Gcm,
    /// HMAC-SHA-256 keyed for masking, cloned for each id.
    mask: hmac::Hmac<sha2::Sha256>,
}

impl DataKey {
    fn from_bytes(key: &[u8]) -> Self {
        use hmac::Mac;
        use sha2::Digest as _;
        let mask_key = sha2::Sha256::new()
            .chain_update(b"pulse/record-key-mask/v1")
            .chain_update(key)
            .finalize();
        Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key)),
            mask: <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&mask_key)
                .expect("HMAC takes a key of any length"),
        }
    }

    /// The cipher of the account's values.
    pub fn cipher(&self) -> &Aes256Gcm {
        &self.cipher
    }

    /// `id` (a post's or a comment's, as it stands in a record key) masked under this key:
    /// 32 hex digits of HMAC-SHA-256, the same for the same id, and without the key nothing
    /// says which id it was.
    pub fn mask(&self, id: &[u8]) -> String {
        use hmac::Mac;
        let mut mac = self.mask.clone();
        mac.update(id);
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

struct Keys {
    /// Ready keys by account id.
    ciphers: HashMap<String, DataKey>,
    /// The same keys, wrapped, as saved.
    wrapped: BTreeMap<String, Vec<u8>>,
    /// See [`KeyringFile::store_sealed`].
    store_sealed: bool,
}

/// The data keys of every account, unwrapped in memory.
pub struct DataKeys {
    vault: std::sync::RwLock<Vault>,
    storage: Arc<dyn KeyringStore>,
    keys: Mutex<Keys>,
}

impl std::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKeys({} accounts)", self.lock().ciphers.len())
    }
}

impl DataKeys {
    /// Loads the keyring from `storage` and unwraps every key with `vault`.
    pub fn open(vault: Vault, storage: Arc<dyn KeyringStore>) -> Result<Self, KeyringError> {
        let mut keys = Keys {
            ciphers: HashMap::new(),
            wrapped: BTreeMap::new(),
            store_sealed: false,
        };
        if let Some(bytes) = storage.load()? {
            let file: KeyringFile = serde_json::from_slice(&bytes)
                .map_err(|error| KeyringError::Damaged(error.to_string()))?;
            if file.format != FORMAT {
                return Err(KeyringError::Damaged(format!(
                    "unknown format {:?}",
                    file.format
                )));
            }
            keys.store_sealed = file.store_sealed;
            for (account, text) in file.keys {
                let wrapped = BASE64
                    .decode(text)
                    .map_err(|error| KeyringError::Damaged(error.to_string()))?;
                let key = vault.open(&account, FIELD, &wrapped)?;
                if key.len() != 32 {
                    return Err(KeyringError::Damaged("a key is not 256 bits".into()));
                }
                keys.ciphers
                    .insert(account.clone(), DataKey::from_bytes(&key));
                keys.wrapped.insert(account, wrapped);
            }
        }
        Ok(Self {
            vault: std::sync::RwLock::new(vault),
            storage,
            keys: Mutex::new(keys),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Keys> {
        self.keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn save(&self, keys: &Keys) -> Result<(), KeyringError> {
        self.storage.save(&Self::encode(keys)?)
    }

    fn encode(keys: &Keys) -> Result<Vec<u8>, KeyringError> {
        let file = KeyringFile {
            format: FORMAT.to_owned(),
            keys: keys
                .wrapped
                .iter()
                .map(|(account, wrapped)| (account.clone(), BASE64.encode(wrapped)))
                .collect(),
            store_sealed: keys.store_sealed,
        };
        serde_json::to_vec_pretty(&file).map_err(|e| KeyringError::Damaged(e.to_string()))
    }

    /// The keyring as it is saved (every key wrapped by the master key), for a backup.
    pub fn export(&self) -> Result<Vec<u8>, KeyringError> {
        Self::encode(&self.lock())
    }

    /// The cipher of `account`'s data, if it has a key.
    pub fn cipher(&self, account: &str) -> Option<Aes256Gcm> {
        self.key(account).map(|key| key.cipher)
    }

    /// The cipher of `account`'s data, making (and saving) a key first if it has none.
    pub fn cipher_or_new(&self, account: &str) -> Result<Aes256Gcm, KeyringError> {
        self.key_or_new(account).map(|key| key.cipher)
    }

    /// `account`'s data key, if it has one.
    pub fn key(&self, account: &str) -> Option<DataKey> {
        self.lock().ciphers.get(account).cloned()
    }

    /// `account`'s data key, making (and saving) one first if it has none.
    pub fn key_or_new(&self, account: &str) -> Result<DataKey, KeyringError> {
        let mut keys = self.lock();
        if let Some(key) = keys.ciphers.get(account) {
            return Ok(key.clone());
        }
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        let wrapped = self
            .vault
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .seal(account, FIELD, &key);
        let data_key = DataKey::from_bytes(&key);
        keys.wrapped.insert(account.to_owned(), wrapped);
        keys.ciphers.insert(account.to_owned(), data_key.clone());
        if let Err(error) = self.save(&keys) {
            keys.wrapped.remove(account);
            keys.ciphers.remove(account);
            return Err(error);
        }
        Ok(data_key)
    }

    /// Whether the database was found wholly sealed already ([`DataKeys::mark_store_sealed`]).
    pub fn store_sealed(&self) -> bool {
        self.lock().store_sealed
    }

    /// Records that every value of the database is sealed, so start-up need not look.
    pub fn mark_store_sealed(&self) -> Result<(), KeyringError> {
        let mut keys = self.lock();
        if keys.store_sealed {
            return Ok(());
        }
        keys.store_sealed = true;
        if let Err(error) = self.save(&keys) {
            keys.store_sealed = false;
            return Err(error);
        }
        Ok(())
    }

    /// Makes keys for every account of `accounts` that has none, saving the keyring once.
    pub fn ensure(&self, accounts: &[&str]) -> Result<(), KeyringError> {
        let mut keys = self.lock();
        let mut added = Vec::new();
        for account in accounts {
            if keys.ciphers.contains_key(*account) {
                continue;
            }
            let mut key = [0u8; 32];
            OsRng.fill_bytes(&mut key);
            let wrapped = self
                .vault
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .seal(account, FIELD, &key);
            keys.wrapped.insert((*account).to_owned(), wrapped);
            keys.ciphers
                .insert((*account).to_owned(), DataKey::from_bytes(&key));
            added.push(*account);
        }
        if added.is_empty() {
            return Ok(());
        }
        if let Err(error) = self.save(&keys) {
            for account in added {
                keys.wrapped.remove(account);
                keys.ciphers.remove(account);
            }
            return Err(error);
        }
        Ok(())
    }

    /// Forgets `account`'s key for good: the keyring is saved without it. Returns whether
    /// there was one.
    pub fn shred(&self, account: &str) -> Result<bool, KeyringError> {
        let mut keys = self.lock();
        if keys.wrapped.remove(account).is_none() {
            return Ok(false);
        }
        keys.ciphers.remove(account);
        self.save(&keys)?;
        Ok(true)
    }

    /// The accounts that have a key.
    pub fn accounts(&self) -> Vec<String> {
        self.lock().wrapped.keys().cloned().collect()
    }

    /// Wraps every key again with `vault` (a new master key) and saves the keyring; from
    /// then on this keyring needs that master key. Returns how many keys.
    pub fn rewrap(&self, vault: Vault) -> Result<usize, KeyringError> {
        let mut keys = self.lock();
        let mut current = self
            .vault
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut rewrapped = BTreeMap::new();
        for (account, wrapped) in &keys.wrapped {
            let key = current.open(account, FIELD, wrapped)?;
            rewrapped.insert(account.clone(), vault.seal(account, FIELD, &key));
        }
        let count = rewrapped.len();
        let previous = std::mem::replace(&mut keys.wrapped, rewrapped);
        if let Err(error) = self.save(&keys) {
            keys.wrapped = previous;
            return Err(error);
        }
        *current = vault;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::MasterKey;

    #[test]
    fn keys_are_made_once_saved_wrapped_and_shredded() {
        let master = MasterKey::generate();
        let storage = Arc::new(MemoryKeyring::new());
        let keys = DataKeys::open(Vault::new(master.clone(), Vec::new()), storage.clone()).unwrap();
        assert!(keys.cipher("17841").is_none());
        keys.cipher_or_new("17841").unwrap();
        keys.cipher_or_new("17842").unwrap();
        keys.cipher_or_new("17841").unwrap();
        assert_eq!(keys.accounts(), ["17841", "17842"]);
        let saved = String::from_utf8(storage.saved().unwrap()).unwrap();
        assert!(saved.contains(FORMAT) && saved.contains("17841"), "{saved}");

        // Reopened with the master key: the same keys.
        let again =
            DataKeys::open(Vault::new(master.clone(), Vec::new()), storage.clone()).unwrap();
        assert_eq!(again.accounts(), ["17841", "17842"]);
        // Another master key cannot open them.
        assert!(matches!(
            DataKeys::open(
                Vault::new(MasterKey::generate(), Vec::new()),
                storage.clone()
            ),
            Err(KeyringError::Vault(_))
        ));

        assert!(again.shred("17841").unwrap());
        assert!(!again.shred("17841").unwrap());
        let saved = String::from_utf8(storage.saved().unwrap()).unwrap();
        assert!(!saved.contains("17841"), "{saved}");
        assert!(again.cipher("17841").is_none());
    }

    #[test]
    fn rewrapping_moves_the_keyring_to_a_new_master_key() {
        let (old, new) = (MasterKey::generate(), MasterKey::generate());
        let storage = Arc::new(MemoryKeyring::new());
        let keys = DataKeys::open(Vault::new(old.clone(), Vec::new()), storage.clone()).unwrap();
        keys.cipher_or_new("a").unwrap();
        keys.cipher_or_new("b").unwrap();
        assert_eq!(keys.rewrap(Vault::new(new.clone(), Vec::new())).unwrap(), 2);
        let reopened = DataKeys::open(Vault::new(new, Vec::new()), storage.clone()).unwrap();
        assert_eq!(reopened.accounts(), ["a", "b"]);
        assert!(DataKeys::open(Vault::new(old, Vec::new()), storage).is_err());
    }
}
