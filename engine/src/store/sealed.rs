//! [`SealedStore`]: a [`Store`] that encrypts each account's data under the account's own
//! key ([`DataKeys`]), so deleting the key makes every leftover copy unreadable.
//!
//! Sealed trees hold one account's data per key: `Accounts`, `Tokens` and `Demographics`
//! are keyed by the account id, `Posts`, `DailyInsights`, `FollowerSnapshots`,
//! `OnlineFollowers` and `Comments` by `account \0 …`. Their values are stored as
//! `0x53 ‖ nonce (12) ‖ AES-256-GCM(value)`, with the tree and the key as associated data, so
//! a value copied to another key or tree does not open. The other trees (chats, links, link
//! tokens, digests, deletions) hold no account content and pass through unchanged.
//!
//! Callers see plaintext: every [`Store`] method behaves as on the inner store, which the
//! contract suite checks.

use std::sync::Arc;

use aes_gcm::aead::{Aead, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Nonce};

use super::{Batch, Change, Entry, Store, StoreError, Tree};
use crate::data_keys::{DataKeys, KeyringError};

/// The first byte of a sealed value (a record's first byte is its version, 1).
const SEALED: u8 = 0x53;
const NONCE_LENGTH: usize = 12;

fn associated_data(tree: Tree, key: &[u8]) -> Vec<u8> {
    let mut aad = format!("pulse/data/v1/{}/", tree.name()).into_bytes();
    aad.extend_from_slice(key);
    aad
}

fn keyring_failed(error: KeyringError) -> StoreError {
    StoreError::Database(error.to_string())
}

fn does_not_open() -> StoreError {
    StoreError::Corrupt {
        what: "sealed value",
        reason: "it does not open (its account's key was deleted, or the value is damaged)".into(),
    }
}

/// A store that seals account data under per-account keys.
pub struct SealedStore {
    inner: Arc<dyn Store>,
    keys: Arc<DataKeys>,
}

impl SealedStore {
    /// Seals what is written to `inner` with `keys`.
    pub fn new(inner: Arc<dyn Store>, keys: Arc<DataKeys>) -> Self {
        Self { inner, keys }
    }

    /// The data keys.
    pub fn keys(&self) -> &Arc<DataKeys> {
        &self.keys
    }

    fn seal_with(
        cipher: &Aes256Gcm,
        tree: Tree,
        key: &[u8],
        value: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(tree, key);
        // Encryption only fails for values of 64 GiB and more: an error, never an empty value
        // that would not open again.
        let ciphertext = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: value,
                    aad: &aad,
                },
            )
            .map_err(|_| StoreError::Database("a value too large to seal".into()))?;
        let mut sealed = Vec::with_capacity(1 + NONCE_LENGTH + ciphertext.len());
        sealed.push(SEALED);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    fn seal(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Vec<u8>, StoreError> {
        match tree.account_in(key) {
            None => Ok(value.to_vec()),
            Some(owner) => {
                let cipher = self.keys.cipher_or_new(owner).map_err(keyring_failed)?;
                Self::seal_with(&cipher, tree, key, value)
            }
        }
    }

    fn open(&self, tree: Tree, key: &[u8], stored: Vec<u8>) -> Result<Vec<u8>, StoreError> {
        let Some(owner) = tree.account_in(key) else {
            return Ok(stored);
        };
        if stored.first() != Some(&SEALED) {
            // Written before sealing existed; `seal_plaintext` rewrites these.
            return Ok(stored);
        }
        if stored.len() < 1 + NONCE_LENGTH + 16 {
            return Err(does_not_open());
        }
        let cipher = self.keys.cipher(owner).ok_or_else(does_not_open)?;
        let aad = associated_data(tree, key);
        cipher
            .decrypt(
                Nonce::from_slice(&stored[1..1 + NONCE_LENGTH]),
                Payload {
                    msg: &stored[1 + NONCE_LENGTH..],
                    aad: &aad,
                },
            )
            .map_err(|_| does_not_open())
    }

    /// Seals every value of a sealed tree still stored in plaintext (a database from before
    /// sealing), once: the keyring then records that the database is sealed and later starts
    /// skip the scan. Returns how many were sealed.
    pub fn seal_plaintext(&self) -> Result<usize, StoreError> {
        if self.keys.store_sealed() {
            return Ok(0);
        }
        // Keys for every owner first, with one keyring write (a large old database has many).
        let mut owners = std::collections::BTreeSet::new();
        for tree in Tree::ALL {
            for (key, value) in self.inner.scan_prefix(tree, &[])? {
                if value.first() != Some(&SEALED) {
                    if let Some(owner) = tree.account_in(&key) {
                        owners.insert(owner.to_owned());
                    }
                }
            }
        }
        let owners: Vec<&str> = owners.iter().map(String::as_str).collect();
        self.keys.ensure(&owners).map_err(keyring_failed)?;
        let mut sealed = 0;
        for tree in Tree::ALL {
            let mut batch = Batch::new();
            for (key, value) in self.inner.scan_prefix(tree, &[])? {
                if tree.account_in(&key).is_some() && value.first() != Some(&SEALED) {
                    let value = self.seal(tree, &key, &value)?;
                    batch.put(tree, key, value);
                }
            }
            sealed += batch.len();
            if !batch.is_empty() {
                self.inner.apply(&batch)?;
            }
        }
        if sealed > 0 {
            self.inner.flush()?;
        }
        self.keys.mark_store_sealed().map_err(keyring_failed)?;
        Ok(sealed)
    }
}

impl Store for SealedStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.inner
            .get(tree, key)?
            .map(|stored| self.open(tree, key, stored))
            .transpose()
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let sealed = self.seal(tree, key, value)?;
        self.inner
            .insert(tree, key, &sealed)?
            .map(|stored| self.open(tree, key, stored))
            .transpose()
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        // A removed value whose key is gone already cannot be read back; the removal counts.
        Ok(self
            .inner
            .remove(tree, key)?
            .and_then(|stored| self.open(tree, key, stored).ok()))
    }

    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        if tree.account_in(key).is_none() {
            return self.inner.compare_and_swap(tree, key, expected, new);
        }
        // Sealed values differ on every write (fresh nonces): compare the plaintext, then
        // swap against the exact stored bytes, so a concurrent writer still conflicts.
        let current = self.inner.get(tree, key)?;
        let current_plain = current
            .clone()
            .map(|stored| self.open(tree, key, stored))
            .transpose()?;
        if current_plain.as_deref() != expected {
            return Err(StoreError::Conflict);
        }
        let new = new.map(|value| self.seal(tree, key, value)).transpose()?;
        self.inner
            .compare_and_swap(tree, key, current.as_deref(), new.as_deref())
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        self.inner
            .scan_prefix(tree, prefix)?
            .into_iter()
            .map(|(key, stored)| {
                let value = self.open(tree, &key, stored)?;
                Ok((key, value))
            })
            .collect()
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut sealed = Batch::new();
        for change in batch.changes() {
            match change {
                Change::Put(tree, key, value) => {
                    sealed.put(*tree, key.clone(), self.seal(*tree, key, value)?)
                }
                Change::Remove(tree, key) => sealed.remove(*tree, key.clone()),
            }
        }
        self.inner.apply(&sealed)
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.inner.flush()
    }

    fn len(&self, tree: Tree) -> Result<usize, StoreError> {
        self.inner.len(tree)
    }

    fn shred(&self, owner: &str) -> Result<(), StoreError> {
        self.keys.shred(owner).map_err(keyring_failed)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_keys::MemoryKeyring;
    use crate::store::MemoryStore;
    use crate::vault::{MasterKey, Vault};

    fn sealed() -> (Arc<MemoryStore>, SealedStore) {
        let inner = Arc::new(MemoryStore::new());
        let keys = DataKeys::open(
            Vault::new(MasterKey::generate(), Vec::new()),
            Arc::new(MemoryKeyring::new()),
        )
        .unwrap();
        (inner.clone(), SealedStore::new(inner, Arc::new(keys)))
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn account_data_is_stored_sealed_and_read_back_plain() {
        let (inner, store) = sealed();
        let caption = b"canary caption: glaze test #ceramics";
        store.insert(Tree::Posts, b"17841\0p1", caption).unwrap();
        store.insert(Tree::Accounts, b"17841", b"@shop").unwrap();
        store
            .insert(Tree::Chats, b"console:a", b"plain settings")
            .unwrap();
        let raw = inner.get(Tree::Posts, b"17841\0p1").unwrap().unwrap();
        assert_eq!(raw[0], SEALED);
        assert!(!contains(&raw, caption));
        assert_eq!(
            store.get(Tree::Posts, b"17841\0p1").unwrap().unwrap(),
            caption
        );
        let scanned = store.scan_prefix(Tree::Posts, b"17841\0").unwrap();
        assert_eq!(scanned, vec![(b"17841\0p1".to_vec(), caption.to_vec())]);
        // Trees without account content are not sealed.
        assert_eq!(
            inner.get(Tree::Chats, b"console:a").unwrap().unwrap(),
            b"plain settings"
        );
    }

    #[test]
    fn a_value_moved_to_another_key_or_tree_does_not_open() {
        let (inner, store) = sealed();
        store.insert(Tree::Posts, b"17841\0p1", b"one").unwrap();
        store.insert(Tree::Posts, b"17841\0p2", b"two").unwrap();
        let raw = inner.get(Tree::Posts, b"17841\0p1").unwrap().unwrap();
        inner.insert(Tree::Posts, b"17841\0p2", &raw).unwrap();
        assert!(store.get(Tree::Posts, b"17841\0p2").is_err());
        inner.insert(Tree::Comments, b"17841\0p1", &raw).unwrap();
        assert!(store.get(Tree::Comments, b"17841\0p1").is_err());
        let mut flipped = raw.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        inner.insert(Tree::Posts, b"17841\0p1", &flipped).unwrap();
        assert!(store.get(Tree::Posts, b"17841\0p1").is_err());
    }

    #[test]
    fn a_shredded_account_cannot_be_read_and_others_can() {
        let (inner, store) = sealed();
        store
            .insert(Tree::Comments, b"17841\0p\0c", b"how much?")
            .unwrap();
        store
            .insert(Tree::Comments, b"17842\0p\0c", b"love it")
            .unwrap();
        let leftover = inner.get(Tree::Comments, b"17841\0p\0c").unwrap().unwrap();
        store.shred("17841").unwrap();
        // As if the database still held the bytes on disk: unreadable now.
        inner
            .insert(Tree::Comments, b"17841\0p\0c", &leftover)
            .unwrap();
        assert!(store.get(Tree::Comments, b"17841\0p\0c").is_err());
        assert_eq!(
            store.get(Tree::Comments, b"17842\0p\0c").unwrap().unwrap(),
            b"love it"
        );
        assert!(!store.keys().accounts().contains(&"17841".to_owned()));
    }

    #[test]
    fn plaintext_from_before_sealing_is_read_then_sealed() {
        let (inner, store) = sealed();
        inner
            .insert(Tree::Posts, b"17841\0p1", b"\x01{\"old\":1}")
            .unwrap();
        assert_eq!(
            store.get(Tree::Posts, b"17841\0p1").unwrap().unwrap(),
            b"\x01{\"old\":1}"
        );
        assert_eq!(store.seal_plaintext().unwrap(), 1);
        assert_eq!(
            inner.get(Tree::Posts, b"17841\0p1").unwrap().unwrap()[0],
            SEALED
        );
        assert_eq!(
            store.get(Tree::Posts, b"17841\0p1").unwrap().unwrap(),
            b"\x01{\"old\":1}"
        );
        assert_eq!(store.seal_plaintext().unwrap(), 0);
    }
}
