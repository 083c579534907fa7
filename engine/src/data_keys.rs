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
//!
//! A keyring several instances share (PostgreSQL's) is not saved whole: it is a
//! [`SharedKeyring`], one record per account, a new key added only where the account has
//! none (the first instance to add one wins and every other uses it), and a key missing from
//! memory read from it when first needed. A file keyring belongs to one process and is
//! rewritten whole.

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
    /// The keyring as records of their own, one per account, when several instances share
    /// it; [`DataKeys`] then never saves it whole.
    fn shared(&self) -> Option<&dyn SharedKeyring> {
        None
    }
}

/// A keyring several instances share: each account's wrapped key is a record of its own,
/// so two instances adding keys at once lose neither, and two adding one for the same
/// account agree on the first.
pub trait SharedKeyring: Send + Sync {
    /// `account`'s wrapped key, if it has one.
    fn wrapped_key(&self, account: &str) -> Result<Option<Vec<u8>>, KeyringError>;
    /// Every account's wrapped key.
    fn wrapped_keys(&self) -> Result<BTreeMap<String, Vec<u8>>, KeyringError>;
    /// Adds `wrapped` as `account`'s key unless it has one already; returns the key it has
    /// now (the one added first, by whichever instance).
    fn add_key(&self, account: &str, wrapped: &[u8]) -> Result<Vec<u8>, KeyringError>;
    /// Removes `account`'s key; whether there was one.
    fn remove_key(&self, account: &str) -> Result<bool, KeyringError>;
    /// Replaces every key at once (a new master key), atomically.
    fn replace_keys(&self, keys: &BTreeMap<String, Vec<u8>>) -> Result<(), KeyringError>;
    /// See [`DataKeys::store_sealed`].
    fn store_sealed(&self) -> Result<bool, KeyringError>;
    /// See [`DataKeys::mark_store_sealed`].
    fn mark_store_sealed(&self) -> Result<(), KeyringError>;
}

/// What a keyring holds: every account's wrapped key and whether the store is wholly
/// sealed. [`KeyringContent::encode`] and [`KeyringContent::decode`] are the keyring file's
/// format, which a shared keyring also loads and saves whole (backups, `migrate-store`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyringContent {
    /// Wrapped keys by account id.
    pub keys: BTreeMap<String, Vec<u8>>,
    /// See [`DataKeys::store_sealed`].
    pub store_sealed: bool,
}

impl KeyringContent {
    /// The keyring file's bytes.
    pub fn encode(&self) -> Result<Vec<u8>, KeyringError> {
        let file = KeyringFile {
            format: FORMAT.to_owned(),
            keys: self
                .keys
                .iter()
                .map(|(account, wrapped)| (account.clone(), BASE64.encode(wrapped)))
                .collect(),
            store_sealed: self.store_sealed,
        };
        serde_json::to_vec_pretty(&file).map_err(|e| KeyringError::Damaged(e.to_string()))
    }

    /// Reads a keyring file's bytes; refuses another format.
    pub fn decode(bytes: &[u8]) -> Result<Self, KeyringError> {
        let file: KeyringFile = serde_json::from_slice(bytes)
            .map_err(|error| KeyringError::Damaged(error.to_string()))?;
        if file.format != FORMAT {
            return Err(KeyringError::Damaged(format!(
                "unknown format {:?}",
                file.format
            )));
        }
        let mut keys = BTreeMap::new();
        for (account, text) in file.keys {
            let wrapped = BASE64
                .decode(text)
                .map_err(|error| KeyringError::Damaged(error.to_string()))?;
            keys.insert(account, wrapped);
        }
        Ok(Self {
            keys,
            store_sealed: file.store_sealed,
        })
    }
}

/// A shared keyring in memory, for tests of several instances.
#[derive(Default)]
pub struct MemorySharedKeyring {
    content: Mutex<KeyringContent>,
}

impl MemorySharedKeyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, KeyringContent> {
        self.content
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl KeyringStore for MemorySharedKeyring {
    fn load(&self) -> Result<Option<Vec<u8>>, KeyringError> {
        let content = self.lock();
        if content.keys.is_empty() && !content.store_sealed {
            return Ok(None);
        }
        content.encode().map(Some)
    }

    fn save(&self, bytes: &[u8]) -> Result<(), KeyringError> {
        *self.lock() = KeyringContent::decode(bytes)?;
        Ok(())
    }

    fn shared(&self) -> Option<&dyn SharedKeyring> {
        Some(self)
    }
}

impl SharedKeyring for MemorySharedKeyring {
    fn wrapped_key(&self, account: &str) -> Result<Option<Vec<u8>>, KeyringError> {
        Ok(self.lock().keys.get(account).cloned())
    }

    fn wrapped_keys(&self) -> Result<BTreeMap<String, Vec<u8>>, KeyringError> {
        Ok(self.lock().keys.clone())
    }

    fn add_key(&self, account: &str, wrapped: &[u8]) -> Result<Vec<u8>, KeyringError> {
        Ok(self
            .lock()
            .keys
            .entry(account.to_owned())
            .or_insert_with(|| wrapped.to_vec())
            .clone())
    }

    fn remove_key(&self, account: &str) -> Result<bool, KeyringError> {
        Ok(self.lock().keys.remove(account).is_some())
    }

    fn replace_keys(&self, keys: &BTreeMap<String, Vec<u8>>) -> Result<(), KeyringError> {
        self.lock().keys = keys.clone();
        Ok(())
    }

    fn store_sealed(&self) -> Result<bool, KeyringError> {
        Ok(self.lock().store_sealed)
    }

    fn mark_store_sealed(&self) -> Result<(), KeyringError> {
        self.lock().store_sealed = true;
        Ok(())
    }
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
        let content = match storage.shared() {
            Some(shared) => KeyringContent {
                keys: shared.wrapped_keys()?,
                store_sealed: shared.store_sealed()?,
            },
            None => match storage.load()? {
                Some(bytes) => KeyringContent::decode(&bytes)?,
                None => KeyringContent::default(),
            },
        };
        let mut keys = Keys {
            ciphers: HashMap::new(),
            wrapped: BTreeMap::new(),
            store_sealed: content.store_sealed,
        };
        for (account, wrapped) in content.keys {
            let key = unwrap(&vault, &account, &wrapped)?;
            keys.ciphers.insert(account.clone(), key);
            keys.wrapped.insert(account, wrapped);
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

    fn vault(&self) -> std::sync::RwLockReadGuard<'_, Vault> {
        self.vault
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn save(&self, keys: &Keys) -> Result<(), KeyringError> {
        self.storage.save(&Self::content(keys).encode()?)
    }

    fn content(keys: &Keys) -> KeyringContent {
        KeyringContent {
            keys: keys.wrapped.clone(),
            store_sealed: keys.store_sealed,
        }
    }

    /// The keyring as it is saved (every key wrapped by the master key), for a backup. A
    /// shared keyring is read as it is now, with the keys other instances added.
    pub fn export(&self) -> Result<Vec<u8>, KeyringError> {
        match self.storage.shared() {
            Some(shared) => KeyringContent {
                keys: shared.wrapped_keys()?,
                store_sealed: shared.store_sealed()?,
            }
            .encode(),
            None => Self::content(&self.lock()).encode(),
        }
    }

    /// The cipher of `account`'s data, if it has a key.
    pub fn cipher(&self, account: &str) -> Option<Aes256Gcm> {
        self.key(account).map(|key| key.cipher)
    }

    /// The cipher of `account`'s data, making (and saving) a key first if it has none.
    pub fn cipher_or_new(&self, account: &str) -> Result<Aes256Gcm, KeyringError> {
        self.key_or_new(account).map(|key| key.cipher)
    }

    /// `account`'s data key, if it has one. A shared keyring is asked for a key not in
    /// memory (another instance may have made it); a key that cannot be read counts as none.
    pub fn key(&self, account: &str) -> Option<DataKey> {
        let mut keys = self.lock();
        if let Some(key) = keys.ciphers.get(account) {
            return Some(key.clone());
        }
        let shared = self.storage.shared()?;
        match self.learn(&mut keys, shared, account) {
            Ok(key) => key,
            Err(error) => {
                tracing::warn!(%error, "a data key could not be read from the shared keyring");
                None
            }
        }
    }

    /// Reads `account`'s key from the shared keyring into memory.
    fn learn(
        &self,
        keys: &mut Keys,
        shared: &dyn SharedKeyring,
        account: &str,
    ) -> Result<Option<DataKey>, KeyringError> {
        let Some(wrapped) = shared.wrapped_key(account)? else {
            return Ok(None);
        };
        let key = unwrap(&self.vault(), account, &wrapped)?;
        keys.ciphers.insert(account.to_owned(), key.clone());
        keys.wrapped.insert(account.to_owned(), wrapped);
        Ok(Some(key))
    }

    /// `account`'s data key, making (and saving) one first if it has none.
    pub fn key_or_new(&self, account: &str) -> Result<DataKey, KeyringError> {
        let mut keys = self.lock();
        if let Some(key) = keys.ciphers.get(account) {
            return Ok(key.clone());
        }
        if let Some(shared) = self.storage.shared() {
            return self.add_shared(&mut keys, shared, account);
        }
        let (wrapped, data_key) = self.new_key(account);
        keys.wrapped.insert(account.to_owned(), wrapped);
        keys.ciphers.insert(account.to_owned(), data_key.clone());
        if let Err(error) = self.save(&keys) {
            keys.wrapped.remove(account);
            keys.ciphers.remove(account);
            return Err(error);
        }
        Ok(data_key)
    }

    /// A new random key for `account`: wrapped, and ready.
    fn new_key(&self, account: &str) -> (Vec<u8>, DataKey) {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        let wrapped = self.vault().seal(account, FIELD, &key);
        (wrapped, DataKey::from_bytes(&key))
    }

    /// `account`'s key in the shared keyring: the one there, or a new one added unless
    /// another instance added one first (then that one).
    fn add_shared(
        &self,
        keys: &mut Keys,
        shared: &dyn SharedKeyring,
        account: &str,
    ) -> Result<DataKey, KeyringError> {
        if let Some(key) = self.learn(keys, shared, account)? {
            return Ok(key);
        }
        let (wrapped, data_key) = self.new_key(account);
        let kept = shared.add_key(account, &wrapped)?;
        let data_key = if kept == wrapped {
            data_key
        } else {
            unwrap(&self.vault(), account, &kept)?
        };
        keys.ciphers.insert(account.to_owned(), data_key.clone());
        keys.wrapped.insert(account.to_owned(), kept);
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
        if let Some(shared) = self.storage.shared() {
            shared.mark_store_sealed()?;
            keys.store_sealed = true;
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
        if let Some(shared) = self.storage.shared() {
            for account in accounts {
                if !keys.ciphers.contains_key(*account) {
                    self.add_shared(&mut keys, shared, account)?;
                }
            }
            return Ok(());
        }
        let mut added = Vec::new();
        for account in accounts {
            if keys.ciphers.contains_key(*account) {
                continue;
            }
            let (wrapped, data_key) = self.new_key(account);
            keys.wrapped.insert((*account).to_owned(), wrapped);
            keys.ciphers.insert((*account).to_owned(), data_key);
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

    /// Forgets `account`'s key for good: the keyring is saved without it (a shared keyring
    /// loses its record). Returns whether there was one.
    pub fn shred(&self, account: &str) -> Result<bool, KeyringError> {
        let mut keys = self.lock();
        if let Some(shared) = self.storage.shared() {
            let removed = shared.remove_key(account)?;
            let known = keys.wrapped.remove(account).is_some();
            keys.ciphers.remove(account);
            return Ok(removed || known);
        }
        if keys.wrapped.remove(account).is_none() {
            return Ok(false);
        }
        keys.ciphers.remove(account);
        self.save(&keys)?;
        Ok(true)
    }

    /// The accounts that have a key (in a shared keyring, as it is now).
    pub fn accounts(&self) -> Vec<String> {
        if let Some(shared) = self.storage.shared() {
            match shared.wrapped_keys() {
                Ok(keys) => return keys.into_keys().collect(),
                Err(error) => {
                    tracing::warn!(%error, "the shared keyring could not be listed");
                }
            }
        }
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
        let wrapped = match self.storage.shared() {
            Some(shared) => shared.wrapped_keys()?,
            None => keys.wrapped.clone(),
        };
        let mut rewrapped = BTreeMap::new();
        for (account, wrapped) in &wrapped {
            let key = current.open(account, FIELD, wrapped)?;
            rewrapped.insert(account.clone(), vault.seal(account, FIELD, &key));
        }
        let count = rewrapped.len();
        if let Some(shared) = self.storage.shared() {
            shared.replace_keys(&rewrapped)?;
            keys.wrapped = rewrapped;
            *current = vault;
            return Ok(count);
        }
        let previous = std::mem::replace(&mut keys.wrapped, rewrapped);
        if let Err(error) = self.save(&keys) {
            keys.wrapped = previous;
            return Err(error);
        }
        *current = vault;
        Ok(count)
    }
}

/// `account`'s key unwrapped from `wrapped`.
fn unwrap(vault: &Vault, account: &str, wrapped: &[u8]) -> Result<DataKey, KeyringError> {
    let key = vault.open(account, FIELD, wrapped)?;
    if key.len() != 32 {
        return Err(KeyringError::Damaged("a key is not 256 bits".into()));
    }
    Ok(DataKey::from_bytes(&key))
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

    #[test]
    fn instances_sharing_a_keyring_agree_on_each_key_and_lose_none() {
        let master = MasterKey::generate();
        let shared = Arc::new(MemorySharedKeyring::new());
        let open =
            || DataKeys::open(Vault::new(master.clone(), Vec::new()), shared.clone()).unwrap();
        let (first, second) = (open(), open());
        // Both make keys for new accounts at once: every key kept, one per account.
        std::thread::scope(|scope| {
            for keys in [&first, &second] {
                scope.spawn(move || {
                    for n in 0..50 {
                        keys.key_or_new(&format!("acct{n}")).unwrap();
                    }
                });
            }
        });
        assert_eq!(first.accounts().len(), 50);
        for n in 0..50 {
            let account = format!("acct{n}");
            let sealed = first.key(&account).unwrap().mask(b"post");
            assert_eq!(second.key(&account).unwrap().mask(b"post"), sealed);
        }
        // A key made by one is read by the other when it first needs it.
        let made = first.key_or_new("later").unwrap();
        assert_eq!(second.key("later").unwrap().mask(b"x"), made.mask(b"x"));
        // A restart sees them all; a shred by one is gone for every later reader.
        assert!(second.shred("acct3").unwrap());
        assert!(!open().accounts().contains(&"acct3".to_owned()));
        assert!(open().key("acct3").is_none());
        let exported = KeyringContent::decode(&first.export().unwrap()).unwrap();
        assert_eq!(exported.keys.len(), 50);
        // Marked sealed by one, sealed for the next to open.
        first.mark_store_sealed().unwrap();
        assert!(open().store_sealed());
        // Rewrapped: the next instance needs the new master key.
        let new = MasterKey::generate();
        assert_eq!(
            first.rewrap(Vault::new(new.clone(), Vec::new())).unwrap(),
            50
        );
        assert!(DataKeys::open(Vault::new(master.clone(), Vec::new()), shared.clone()).is_err());
        let reopened = DataKeys::open(Vault::new(new, Vec::new()), shared.clone()).unwrap();
        assert_eq!(reopened.key("later").unwrap().mask(b"x"), made.mask(b"x"));
    }
}
