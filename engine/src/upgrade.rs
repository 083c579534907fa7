//! Upgrades of a store written by an earlier release, run once when the store is opened and
//! before anything reads it.
//!
//! [`to_account_ids`]: releases up to 2026-11-30 filed each account's records under
//! Instagram's id of the account (`17841…`), so the keys on disk — which sled keeps after a
//! removal until it rewrites its segments — named the account and its posts after `/forget`.
//! The upgrade files each such account under a new random [`AccountId`] (the ids of its
//! posts and comments masked, see [`crate::store::SealedStore`]), rewrites its links, chat
//! settings and digest records, and shreds the key its old records were sealed under, so
//! the old copies on disk no longer open. One account at a time, each in one atomic batch: a
//! crash leaves every account either upgraded or not, and the next start finishes the rest.

use serde_json::Value;

use crate::account::{AccountId, Network};
use crate::records::{decode, encode, key, prefix};
use crate::store::{AccountKey, Batch, SealedStore, Store, StoreError, Tree};
use crate::vault::{Vault, VaultError};

/// Why an upgrade stopped. Nothing is lost: what was not upgraded is as it was.
#[derive(Debug, thiserror::Error)]
pub enum UpgradeError {
    /// The store failed.
    #[error("the store failed during the upgrade")]
    Store(#[from] StoreError),
    /// An access token did not open with the master key.
    #[error("an access token did not open during the upgrade")]
    Vault(#[from] VaultError),
}

/// What an upgrade changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Upgraded {
    /// Accounts filed under a new id.
    pub accounts: usize,
    /// Records moved with them (the account's own, its links, chats and digests).
    pub records: usize,
}

/// Files every account still stored under its network's id under a new [`AccountId`]. An
/// account of that release always has a data key named by that id, so a keyring without
/// such a name means there is nothing to do (every start after the first), found without
/// reading the store.
pub fn to_account_ids(store: &SealedStore, vault: &Vault) -> Result<Upgraded, UpgradeError> {
    let mut upgraded = Upgraded::default();
    let legacy_keys: Vec<String> = store
        .keys()
        .accounts()
        .into_iter()
        .filter(|name| AccountId::parse(name).is_err())
        .collect();
    if legacy_keys.is_empty() {
        return Ok(upgraded);
    }
    let legacy: Vec<(String, Vec<u8>)> = store
        .scan_prefix(Tree::Accounts, &[])?
        .into_iter()
        .filter_map(|(old, value)| {
            let old = String::from_utf8(old).ok()?;
            AccountId::parse(&old).is_err().then_some((old, value))
        })
        .collect();
    for (old, value) in legacy {
        let new = AccountId::random();
        let mut batch = Batch::new();
        move_account(store, vault, &old, &new, &value, &mut batch)?;
        upgraded.records += batch
            .changes()
            .iter()
            .filter(|change| matches!(change, crate::store::Change::Put(..)))
            .count();
        store.apply(&batch)?;
        store.flush()?;
        store.shred(&old)?;
        upgraded.accounts += 1;
    }
    // A key whose account was moved by a start that stopped before shredding it.
    for name in legacy_keys {
        if store.get(Tree::Accounts, name.as_bytes())?.is_none() {
            store.shred(&name)?;
        }
    }
    Ok(upgraded)
}

/// Adds moving everything of the account stored under `old` to `new` to `batch`.
fn move_account(
    store: &dyn Store,
    vault: &Vault,
    old: &str,
    new: &AccountId,
    account: &[u8],
    batch: &mut Batch,
) -> Result<(), UpgradeError> {
    let mut record: Value = decode("account", account)?;
    if let Value::Object(fields) = &mut record {
        fields.insert("id".into(), Value::String(new.to_string()));
        fields
            .entry("network")
            .or_insert_with(|| serde_json::to_value(Network::Instagram).unwrap_or(Value::Null));
    }
    batch.put(Tree::Accounts, new.as_bytes(), encode(&record));
    batch.remove(Tree::Accounts, old.as_bytes());
    // The account's other trees, as `Tree::owner` lists them.
    for (tree, keyed) in Tree::of_accounts() {
        if tree == Tree::Accounts {
            continue;
        }
        match keyed {
            AccountKey::Whole => {
                let Some(value) = store.get(tree, old.as_bytes())? else {
                    continue;
                };
                let value = if tree == Tree::Tokens {
                    // The vault seals a token to its owner's name.
                    let token = vault.open(old, crate::pulse::TOKEN_FIELD, &value)?;
                    vault.seal(new.as_str(), crate::pulse::TOKEN_FIELD, &token)
                } else {
                    value
                };
                batch.put(tree, new.as_bytes(), value);
                batch.remove(tree, old.as_bytes());
            }
            AccountKey::Prefix => {
                let old_prefix = prefix(old);
                for (stored, value) in store.scan_prefix(tree, &old_prefix)? {
                    let mut moved = prefix(new.as_str());
                    moved.extend_from_slice(&stored[old_prefix.len()..]);
                    batch.put(tree, moved, value);
                    batch.remove(tree, stored);
                }
            }
        }
    }
    // Its links, both ways, and each linked chat's digests of it.
    let old_prefix = prefix(old);
    for (stored, link) in store.scan_prefix(Tree::AccountChats, &old_prefix)? {
        let chat = String::from_utf8_lossy(&stored[old_prefix.len()..]).into_owned();
        batch.put(
            Tree::AccountChats,
            key(&[new.as_str(), &chat]),
            link.clone(),
        );
        batch.remove(Tree::AccountChats, stored);
        let forward = store
            .get(Tree::ChatAccounts, &key(&[&chat, old]))?
            .unwrap_or(link);
        batch.put(Tree::ChatAccounts, key(&[&chat, new.as_str()]), forward);
        batch.remove(Tree::ChatAccounts, key(&[&chat, old]));
        let digests = key(&[&chat, old, ""]);
        for (stored, digest) in store.scan_prefix(Tree::Digests, &digests)? {
            let mut moved = key(&[&chat, new.as_str(), ""]);
            moved.extend_from_slice(&stored[digests.len()..]);
            batch.put(Tree::Digests, moved, digest);
            batch.remove(Tree::Digests, stored);
        }
    }
    // Chats whose questions are about it.
    for (chat, settings) in store.scan_prefix(Tree::Chats, &[])? {
        let mut settings: Value = decode("chat", &settings)?;
        if settings.get("active_account").and_then(Value::as_str) == Some(old) {
            settings["active_account"] = Value::String(new.to_string());
            batch.put(Tree::Chats, chat, encode(&settings));
        }
    }
    Ok(())
}
