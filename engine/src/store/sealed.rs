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
//! In the trees whose keys name posts and comments ([`Tree::masks_ids`]), each id after the
//! account's is stored masked under the account's key (`account \0 mask(post) \0
//! mask(comment)`, [`DataKey::mask`]), and the value carries the real key inside the seal:
//! `0x4D ‖ nonce ‖ AES-256-GCM(u16 key length ‖ key ‖ value)`. A scan opens each value to
//! give back the real keys, in their order. Values sealed before masking (`0x53`, stored
//! under their real key) exist only under the network ids of a store from before account
//! ids; a scan by the account's prefix reads them and a removal removes them, which is all
//! the upgrade to account ids (`crate::upgrade`) needs to move them — `get` and writes do not
//! look for them.
//!
//! Callers see plaintext: every [`Store`] method behaves as on the inner store, which the
//! contract suite checks.

use std::sync::Arc;

use aes_gcm::aead::{Aead, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Nonce};

use super::{Batch, Change, Entry, Store, StoreError, Tree};
use crate::data_keys::{DataKey, DataKeys, KeyringError};

/// The first byte of a sealed value (a record's first byte is its version, 1).
const SEALED: u8 = 0x53;
/// The first byte of a sealed value that carries its own key (the trees that mask ids).
const SEALED_WITH_KEY: u8 = 0x4D;
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
        let cipher = self.keys.cipher(owner).ok_or_else(does_not_open)?;
        Self::open_with(&cipher, tree, key, &stored)
    }

    /// Opens a `0x53 ‖ nonce ‖ ciphertext` value stored under `key`.
    fn open_with(
        cipher: &Aes256Gcm,
        tree: Tree,
        key: &[u8],
        stored: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        if stored.len() < 1 + NONCE_LENGTH + 16 {
            return Err(does_not_open());
        }
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
                if value.first() != Some(&SEALED) && value.first() != Some(&SEALED_WITH_KEY) {
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
                if tree.account_in(&key).is_some()
                    && value.first() != Some(&SEALED)
                    && value.first() != Some(&SEALED_WITH_KEY)
                {
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

/// `key` as a tree that masks ids stores it: the account's part as it is, each later part
/// masked under the account's key.
fn masked_key(data_key: &DataKey, key: &[u8]) -> Vec<u8> {
    let mut parts = key.split(|b| *b == 0);
    let mut stored = parts.next().unwrap_or_default().to_vec();
    for part in parts {
        stored.push(0);
        stored.extend_from_slice(data_key.mask(part).as_bytes());
    }
    stored
}

/// What to scan for in a tree that masks ids to find every key starting with `prefix`: the
/// account's part and every whole id after it, masked; a last, partial id is left for the
/// caller to filter on.
fn masked_prefix(data_key: &DataKey, prefix: &[u8]) -> Vec<u8> {
    match prefix.iter().rposition(|b| *b == 0) {
        None => prefix.to_vec(),
        Some(last_separator) => {
            let mut stored = masked_key(data_key, &prefix[..last_separator]);
            stored.push(0);
            stored
        }
    }
}

impl SealedStore {
    /// Whether `key` of `tree` is stored masked, with the account that owns it.
    fn masking(tree: Tree, key: &[u8]) -> Option<&str> {
        if tree.masks_ids() {
            tree.account_in(key)
        } else {
            None
        }
    }

    fn seal_with_key(
        data_key: &DataKey,
        tree: Tree,
        stored_key: &[u8],
        key: &[u8],
        value: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        let length = u16::try_from(key.len())
            .map_err(|_| StoreError::Database("a key too long to seal".into()))?;
        let mut plain = Vec::with_capacity(2 + key.len() + value.len());
        plain.extend_from_slice(&length.to_be_bytes());
        plain.extend_from_slice(key);
        plain.extend_from_slice(value);
        let mut sealed = Self::seal_with(data_key.cipher(), tree, stored_key, &plain)?;
        sealed[0] = SEALED_WITH_KEY;
        Ok(sealed)
    }

    /// Opens a value of a tree that masks ids: its real key and its value. A value from
    /// before masking is stored under its real key.
    fn open_masked(
        &self,
        tree: Tree,
        stored_key: &[u8],
        stored: Vec<u8>,
    ) -> Result<Entry, StoreError> {
        let owner = tree.account_in(stored_key).ok_or_else(does_not_open)?;
        self.open_masked_using(tree, stored_key, stored, self.keys.key(owner).as_ref())
    }

    /// [`SealedStore::open_masked`] with the owner's key already found (a scan finds it once
    /// for a run of the same account's records).
    fn open_masked_using(
        &self,
        tree: Tree,
        stored_key: &[u8],
        stored: Vec<u8>,
        data_key: Option<&DataKey>,
    ) -> Result<Entry, StoreError> {
        if stored.first() != Some(&SEALED_WITH_KEY) {
            let value = self.open(tree, stored_key, stored)?;
            return Ok((stored_key.to_vec(), value));
        }
        let data_key = data_key.ok_or_else(does_not_open)?;
        let mut relabelled = stored;
        relabelled[0] = SEALED;
        let mut plain = Self::open_with(data_key.cipher(), tree, stored_key, &relabelled)?;
        let length = match plain.get(..2) {
            Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
            _ => return Err(does_not_open()),
        };
        if plain.len() < 2 + length {
            return Err(does_not_open());
        }
        let value = plain.split_off(2 + length);
        plain.drain(..2);
        Ok((plain, value))
    }

    /// Opens the value stored for `key` in a tree that masks ids, checking that it is
    /// `key`'s.
    fn open_masked_at(
        &self,
        tree: Tree,
        key: &[u8],
        stored_key: &[u8],
        stored: Vec<u8>,
    ) -> Result<Vec<u8>, StoreError> {
        let (real_key, value) = self.open_masked(tree, stored_key, stored)?;
        if real_key != key {
            return Err(does_not_open());
        }
        Ok(value)
    }

    /// Where `key` of a tree that masks ids is stored, making the account's key if `new`.
    fn stored_key(
        &self,
        key: &[u8],
        owner: &str,
        new: bool,
    ) -> Result<Option<(DataKey, Vec<u8>)>, StoreError> {
        let data_key = if new {
            Some(self.keys.key_or_new(owner).map_err(keyring_failed)?)
        } else {
            self.keys.key(owner)
        };
        Ok(data_key.map(|data_key| {
            let stored = masked_key(&data_key, key);
            (data_key, stored)
        }))
    }
}

impl Store for SealedStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(owner) = Self::masking(tree, key) {
            let Some((_, stored_key)) = self.stored_key(key, owner, false)? else {
                return Ok(None);
            };
            return self
                .inner
                .get(tree, &stored_key)?
                .map(|stored| self.open_masked_at(tree, key, &stored_key, stored))
                .transpose();
        }
        self.inner
            .get(tree, key)?
            .map(|stored| self.open(tree, key, stored))
            .transpose()
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(owner) = Self::masking(tree, key) {
            let Some((data_key, stored_key)) = self.stored_key(key, owner, true)? else {
                return Err(does_not_open());
            };
            let sealed = Self::seal_with_key(&data_key, tree, &stored_key, key, value)?;
            return self
                .inner
                .insert(tree, &stored_key, &sealed)?
                .map(|stored| self.open_masked_at(tree, key, &stored_key, stored))
                .transpose();
        }
        let sealed = self.seal(tree, key, value)?;
        self.inner
            .insert(tree, key, &sealed)?
            .map(|stored| self.open(tree, key, stored))
            .transpose()
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(owner) = Self::masking(tree, key) {
            // Also where a value sealed before masking would be.
            let legacy = self.inner.remove(tree, key)?;
            let masked = match self.stored_key(key, owner, false)? {
                Some((_, stored_key)) => self
                    .inner
                    .remove(tree, &stored_key)?
                    .and_then(|stored| self.open_masked_at(tree, key, &stored_key, stored).ok()),
                None => None,
            };
            return Ok(
                masked.or_else(|| legacy.and_then(|stored| self.open(tree, key, stored).ok()))
            );
        }
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
        let (stored_key, data_key) = match Self::masking(tree, key) {
            Some(owner) => match self.stored_key(key, owner, new.is_some())? {
                Some((data_key, stored_key)) => (stored_key, Some(data_key)),
                None if expected.is_none() => return Ok(()),
                None => return Err(StoreError::Conflict),
            },
            None => (key.to_vec(), None),
        };
        let current = self.inner.get(tree, &stored_key)?;
        let current_plain = match &data_key {
            Some(_) => current
                .clone()
                .map(|stored| self.open_masked_at(tree, key, &stored_key, stored))
                .transpose()?,
            None => current
                .clone()
                .map(|stored| self.open(tree, key, stored))
                .transpose()?,
        };
        if current_plain.as_deref() != expected {
            return Err(StoreError::Conflict);
        }
        let new = match (&data_key, new) {
            (_, None) => None,
            (Some(data_key), Some(value)) => Some(Self::seal_with_key(
                data_key,
                tree,
                &stored_key,
                key,
                value,
            )?),
            (None, Some(value)) => Some(self.seal(tree, key, value)?),
        };
        self.inner
            .compare_and_swap(tree, &stored_key, current.as_deref(), new.as_deref())
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        if !tree.masks_ids() {
            return self
                .inner
                .scan_prefix(tree, prefix)?
                .into_iter()
                .map(|(key, stored)| {
                    let value = self.open(tree, &key, stored)?;
                    Ok((key, value))
                })
                .collect();
        }
        // The account's part is stored as it is; the ids after it are masked.
        let stored_prefix = match tree.account_in(prefix).filter(|_| prefix.contains(&0)) {
            Some(owner) => match self.keys.key(owner) {
                Some(data_key) => masked_prefix(&data_key, prefix),
                None => prefix.to_vec(),
            },
            None => prefix.to_vec(),
        };
        let mut entries = Vec::new();
        let mut owner_key: Option<(Vec<u8>, Option<DataKey>)> = None;
        for (stored_key, stored) in self.inner.scan_prefix(tree, &stored_prefix)? {
            let Some(owner) = tree.account_in(&stored_key) else {
                // No account's part: stored as written, unsealed and unmasked.
                if stored_key.starts_with(prefix) {
                    entries.push((stored_key, stored));
                }
                continue;
            };
            if owner_key.as_ref().map(|(known, _)| known.as_slice()) != Some(owner.as_bytes()) {
                owner_key = Some((owner.as_bytes().to_vec(), self.keys.key(owner)));
            }
            let data_key = owner_key.as_ref().and_then(|(_, key)| key.as_ref());
            let (key, value) = self.open_masked_using(tree, &stored_key, stored, data_key)?;
            if key.starts_with(prefix) {
                entries.push((key, value));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(entries)
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut sealed = Batch::new();
        // A batch mostly holds one account's records: its key is found once per run of them.
        let mut owner_key: Option<(String, DataKey)> = None;
        for change in batch.changes() {
            match change {
                Change::Put(tree, key, value) => match Self::masking(*tree, key) {
                    Some(owner) => {
                        if owner_key.as_ref().map(|(known, _)| known.as_str()) != Some(owner) {
                            let data_key = self.keys.key_or_new(owner).map_err(keyring_failed)?;
                            owner_key = Some((owner.to_owned(), data_key));
                        }
                        let data_key = &owner_key.as_ref().expect("just found").1;
                        let stored_key = masked_key(data_key, key);
                        let value = Self::seal_with_key(data_key, *tree, &stored_key, key, value)?;
                        sealed.put(*tree, stored_key, value);
                    }
                    None => sealed.put(*tree, key.clone(), self.seal(*tree, key, value)?),
                },
                Change::Remove(tree, key) => {
                    if let Some(owner) = Self::masking(*tree, key) {
                        if let Some((_, stored_key)) = self.stored_key(key, owner, false)? {
                            sealed.remove(*tree, stored_key);
                        }
                    }
                    // For a tree that masks ids, also where a value sealed before masking
                    // would be.
                    sealed.remove(*tree, key.clone());
                }
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
        store
            .insert(Tree::DailyInsights, b"17841\x002026-11-01", caption)
            .unwrap();
        store.insert(Tree::Accounts, b"17841", b"@shop").unwrap();
        store
            .insert(Tree::Chats, b"console:a", b"plain settings")
            .unwrap();
        let raw = inner
            .get(Tree::DailyInsights, b"17841\x002026-11-01")
            .unwrap()
            .unwrap();
        assert_eq!(raw[0], SEALED);
        assert!(!contains(&raw, caption));
        assert_eq!(
            store
                .get(Tree::DailyInsights, b"17841\x002026-11-01")
                .unwrap()
                .unwrap(),
            caption
        );
        let scanned = store.scan_prefix(Tree::DailyInsights, b"17841\0").unwrap();
        assert_eq!(
            scanned,
            vec![(b"17841\x002026-11-01".to_vec(), caption.to_vec())]
        );
        // Trees without account content are not sealed.
        assert_eq!(
            inner.get(Tree::Chats, b"console:a").unwrap().unwrap(),
            b"plain settings"
        );
    }

    #[test]
    fn a_value_moved_to_another_key_or_tree_does_not_open() {
        let (inner, store) = sealed();
        store
            .insert(Tree::DailyInsights, b"17841\x002026-11-01", b"one")
            .unwrap();
        store
            .insert(Tree::DailyInsights, b"17841\x002026-11-02", b"two")
            .unwrap();
        let raw = inner
            .get(Tree::DailyInsights, b"17841\x002026-11-01")
            .unwrap()
            .unwrap();
        inner
            .insert(Tree::DailyInsights, b"17841\x002026-11-02", &raw)
            .unwrap();
        assert!(store
            .get(Tree::DailyInsights, b"17841\x002026-11-02")
            .is_err());
        inner
            .insert(Tree::FollowerSnapshots, b"17841\x002026-11-01", &raw)
            .unwrap();
        assert!(store
            .get(Tree::FollowerSnapshots, b"17841\x002026-11-01")
            .is_err());
        let mut flipped = raw.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        inner
            .insert(Tree::DailyInsights, b"17841\x002026-11-01", &flipped)
            .unwrap();
        assert!(store
            .get(Tree::DailyInsights, b"17841\x002026-11-01")
            .is_err());
    }

    #[test]
    fn a_shredded_account_cannot_be_read_and_others_can() {
        let (inner, store) = sealed();
        store
            .insert(Tree::OnlineFollowers, b"17841\x002026-11-01", b"how much?")
            .unwrap();
        store
            .insert(Tree::OnlineFollowers, b"17842\x002026-11-01", b"love it")
            .unwrap();
        let leftover = inner
            .get(Tree::OnlineFollowers, b"17841\x002026-11-01")
            .unwrap()
            .unwrap();
        store.shred("17841").unwrap();
        // As if the database still held the bytes on disk: unreadable now.
        inner
            .insert(Tree::OnlineFollowers, b"17841\x002026-11-01", &leftover)
            .unwrap();
        assert!(store
            .get(Tree::OnlineFollowers, b"17841\x002026-11-01")
            .is_err());
        assert_eq!(
            store
                .get(Tree::OnlineFollowers, b"17842\x002026-11-01")
                .unwrap()
                .unwrap(),
            b"love it"
        );
        assert!(!store.keys().accounts().contains(&"17841".to_owned()));
    }

    #[test]
    fn plaintext_from_before_sealing_is_read_then_sealed() {
        let (inner, store) = sealed();
        inner
            .insert(
                Tree::DailyInsights,
                b"17841\x002026-11-01",
                b"\x01{\"old\":1}",
            )
            .unwrap();
        assert_eq!(
            store
                .get(Tree::DailyInsights, b"17841\x002026-11-01")
                .unwrap()
                .unwrap(),
            b"\x01{\"old\":1}"
        );
        assert_eq!(store.seal_plaintext().unwrap(), 1);
        assert_eq!(
            inner
                .get(Tree::DailyInsights, b"17841\x002026-11-01")
                .unwrap()
                .unwrap()[0],
            SEALED
        );
        assert_eq!(
            store
                .get(Tree::DailyInsights, b"17841\x002026-11-01")
                .unwrap()
                .unwrap(),
            b"\x01{\"old\":1}"
        );
        assert_eq!(store.seal_plaintext().unwrap(), 0);
    }

    #[test]
    fn post_and_comment_ids_are_masked_on_disk_and_read_back_in_key_order() {
        let (inner, store) = sealed();
        store.insert(Tree::Posts, b"17841\0post2", b"two").unwrap();
        let mut batch = Batch::new();
        batch.put(Tree::Posts, b"17841\0post1".to_vec(), b"one".to_vec());
        batch.put(Tree::Posts, b"17842\0post9".to_vec(), b"other".to_vec());
        batch.put(
            Tree::Comments,
            b"17841\0post1\0comment2".to_vec(),
            b"second".to_vec(),
        );
        batch.put(
            Tree::Comments,
            b"17841\0post1\0comment1".to_vec(),
            b"first".to_vec(),
        );
        batch.put(
            Tree::Comments,
            b"17841\0post2\0comment3".to_vec(),
            b"third".to_vec(),
        );
        store.apply(&batch).unwrap();
        // On disk: the account's part as it is, no post or comment id.
        for tree in [Tree::Posts, Tree::Comments] {
            for (key, value) in inner.scan_prefix(tree, &[]).unwrap() {
                assert!(key.starts_with(b"1784"), "{key:?}");
                for id in [&b"post"[..], b"comment"] {
                    assert!(!contains(&key, id) && !contains(&value, id), "{key:?}");
                }
            }
        }
        // Read back: the real keys, in their order, whatever the prefix.
        let keys = |tree: Tree, prefix: &[u8]| -> Vec<Vec<u8>> {
            store
                .scan_prefix(tree, prefix)
                .unwrap()
                .into_iter()
                .map(|(key, _)| key)
                .collect()
        };
        assert_eq!(
            keys(Tree::Posts, b"17841\0"),
            [b"17841\0post1".to_vec(), b"17841\0post2".to_vec()]
        );
        assert_eq!(keys(Tree::Posts, b"17841\0po").len(), 2);
        assert_eq!(keys(Tree::Posts, b"").len(), 3);
        assert_eq!(
            keys(Tree::Comments, b"17841\0post1\0"),
            [
                b"17841\0post1\0comment1".to_vec(),
                b"17841\0post1\0comment2".to_vec()
            ]
        );
        assert_eq!(
            keys(Tree::Comments, b"17841\0post1\0comment1"),
            [b"17841\0post1\0comment1".to_vec()]
        );
        assert_eq!(
            store.get(Tree::Posts, b"17841\0post1").unwrap().unwrap(),
            b"one"
        );
        assert_eq!(store.get(Tree::Posts, b"17841\0post3").unwrap(), None);
        assert_eq!(store.get(Tree::Posts, b"17843\0post1").unwrap(), None);
        store
            .compare_and_swap(Tree::Posts, b"17841\0post1", Some(b"one"), Some(b"uno"))
            .unwrap();
        assert!(matches!(
            store.compare_and_swap(Tree::Posts, b"17841\0post1", Some(b"one"), None),
            Err(StoreError::Conflict)
        ));
        assert_eq!(
            store
                .remove(Tree::Posts, b"17841\0post1")
                .unwrap()
                .as_deref(),
            Some(&b"uno"[..])
        );
        assert_eq!(keys(Tree::Posts, b"17841\0"), [b"17841\0post2".to_vec()]);
        // A value copied to another masked key does not open.
        let (stored_key, stored) = inner
            .scan_prefix(Tree::Posts, b"17842\0")
            .unwrap()
            .remove(0);
        let mut elsewhere = stored_key.clone();
        elsewhere[0] = b'0';
        inner.insert(Tree::Posts, &elsewhere, &stored).unwrap();
        assert!(store.scan_prefix(Tree::Posts, b"0").is_err());
    }

    #[test]
    fn values_sealed_before_masking_are_scanned_and_removed() {
        let (inner, store) = sealed();
        // As a release before masking stored a post: sealed under its real key.
        let cipher = store.keys().cipher_or_new("17841").unwrap();
        let legacy =
            SealedStore::seal_with(&cipher, Tree::Posts, b"17841\0p1", b"old post").unwrap();
        inner.insert(Tree::Posts, b"17841\0p1", &legacy).unwrap();
        assert_eq!(
            store.scan_prefix(Tree::Posts, b"17841\0").unwrap(),
            vec![(b"17841\0p1".to_vec(), b"old post".to_vec())]
        );
        let mut batch = Batch::new();
        batch.remove(Tree::Posts, b"17841\0p1".to_vec());
        store.apply(&batch).unwrap();
        assert!(inner.scan_prefix(Tree::Posts, &[]).unwrap().is_empty());
    }

    #[test]
    fn a_key_without_an_account_part_does_not_break_a_scan() {
        let (_, store) = sealed();
        store.insert(Tree::Posts, b"\0x", b"no one's").unwrap();
        store.insert(Tree::Posts, b"17841\0post1", b"one").unwrap();
        let all = store.scan_prefix(Tree::Posts, b"").unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(
            store.get(Tree::Posts, b"\0x").unwrap().as_deref(),
            Some(&b"no one's"[..])
        );
    }
}
