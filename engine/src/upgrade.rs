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
use crate::vault::Vault;

/// Why an upgrade stopped. Nothing is lost: what was not upgraded is as it was.
#[derive(Debug, thiserror::Error)]
pub enum UpgradeError {
    /// The store failed.
    #[error("the store failed during the upgrade")]
    Store(#[from] StoreError),
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
    let mut needs_reconnect = false;
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
                    // The vault seals a token to its owner's name. One that does not open
                    // (damage) is dropped: the account asks for /connect again, and Pulse
                    // still starts.
                    match vault.open(old, crate::pulse::TOKEN_FIELD, &value) {
                        Ok(token) => vault.seal(new.as_str(), crate::pulse::TOKEN_FIELD, &token),
                        Err(_) => {
                            needs_reconnect = true;
                            batch.remove(tree, old.as_bytes());
                            continue;
                        }
                    }
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
    if needs_reconnect {
        record["status"] = Value::String("needs_reconnect".into());
    }
    batch.put(Tree::Accounts, new.as_bytes(), encode(&record));
    batch.remove(Tree::Accounts, old.as_bytes());
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::chat::{ChatId, Platform};
    use crate::data_keys::{DataKeys, MemoryKeyring};
    use crate::records::Records;
    use crate::store::MemoryStore;
    use crate::vault::MasterKey;

    /// An account record as the release of 2026-11-30 wrote it: no `id`, no `network`.
    fn legacy_account(user_id: &str) -> Value {
        serde_json::json!({
            "user_id": user_id, "app_scoped_id": "2", "username": "shop", "name": null,
            "followers_count": 10, "follows_count": 1, "media_count": 0, "status": "active",
            "linked_at": "2026-11-01T00:00:00Z", "token_issued_at": "2026-11-01T00:00:00Z",
            "token_expires_at": "2026-12-31T00:00:00Z", "backfill": {"state": "pending"},
            "last_sync_at": null, "daily_sync_at": null
        })
    }

    /// A sealed store with one account as the old release filed it, and its vault.
    fn a_store_of_the_old_release() -> (SealedStore, Vault) {
        let vault = Vault::new(MasterKey::generate(), Vec::new());
        let keys = DataKeys::open(vault.clone(), Arc::new(MemoryKeyring::new())).unwrap();
        let store = SealedStore::new(Arc::new(MemoryStore::new()), Arc::new(keys));
        store
            .insert(Tree::Accounts, b"17841", &encode(&legacy_account("17841")))
            .unwrap();
        (store, vault)
    }

    fn legacy_chat(active_account: &str) -> Value {
        serde_json::json!({
            "active_account": active_account, "timezone": "UTC",
            "created_at": "2026-11-01T00:00:00Z"
        })
    }

    #[test]
    fn an_old_account_moves_to_a_new_id_and_a_chat_about_a_gone_one_still_reads() {
        let (store, vault) = a_store_of_the_old_release();
        let token = vault.seal("17841", crate::pulse::TOKEN_FIELD, b"IGAA-old");
        store.insert(Tree::Tokens, b"17841", &token).unwrap();
        let (about_it, about_a_gone_one) = (
            ChatId::new(Platform::Console, "a"),
            ChatId::new(Platform::Console, "b"),
        );
        for (chat, account) in [(&about_it, "17841"), (&about_a_gone_one, "17840")] {
            store
                .insert(
                    Tree::Chats,
                    chat.key().as_bytes(),
                    &encode(&legacy_chat(account)),
                )
                .unwrap();
        }
        let mut link = Batch::new();
        link.put(
            Tree::ChatAccounts,
            key(&["console:a", "17841"]),
            encode(&"link"),
        );
        link.put(
            Tree::AccountChats,
            key(&["17841", "console:a"]),
            encode(&"link"),
        );
        store.apply(&link).unwrap();

        let upgraded = to_account_ids(&store, &vault).unwrap();
        assert_eq!(upgraded.accounts, 1);
        let records = Records::new(&store);
        let account = records
            .account_on(Network::Instagram, "17841")
            .unwrap()
            .unwrap();
        assert_ne!(account.id.as_str(), "17841");
        assert_eq!(
            records.chat(&about_it).unwrap().unwrap().active_account,
            Some(account.id.clone())
        );
        assert_eq!(
            records
                .chat(&about_a_gone_one)
                .unwrap()
                .unwrap()
                .active_account,
            None
        );
        assert_eq!(
            records.account_chats(&account.id).unwrap(),
            vec![about_it.clone()]
        );
        assert_eq!(
            records.chat_accounts(&about_it).unwrap(),
            vec![account.id.clone()]
        );
        let moved = store
            .get(Tree::Tokens, account.id.as_bytes())
            .unwrap()
            .unwrap();
        assert_eq!(
            vault
                .open(account.id.as_str(), crate::pulse::TOKEN_FIELD, &moved)
                .unwrap(),
            b"IGAA-old"
        );
        // A chat record whose choice is not an account id reads as no choice, even one the
        // upgrade did not see.
        let written_later = ChatId::new(Platform::Console, "c");
        store
            .insert(
                Tree::Chats,
                written_later.key().as_bytes(),
                &encode(&legacy_chat("17839")),
            )
            .unwrap();
        assert_eq!(
            records
                .chat(&written_later)
                .unwrap()
                .unwrap()
                .active_account,
            None
        );
        // Nothing is left under the old id, and its key is shredded.
        for tree in Tree::ALL {
            for (stored, _) in store.scan_prefix(tree, &[]).unwrap() {
                assert!(!stored.windows(5).any(|w| w == b"17841"), "{tree:?}");
            }
        }
        assert_eq!(store.keys().accounts(), vec![account.id.to_string()]);
        // The next start has nothing to do.
        assert_eq!(to_account_ids(&store, &vault).unwrap(), Upgraded::default());
    }

    #[test]
    fn an_old_token_that_does_not_open_asks_for_connect_again_and_pulse_still_starts() {
        let (store, vault) = a_store_of_the_old_release();
        store.insert(Tree::Tokens, b"17841", b"damaged").unwrap();
        assert_eq!(to_account_ids(&store, &vault).unwrap().accounts, 1);
        let account = Records::new(&store)
            .account_on(Network::Instagram, "17841")
            .unwrap()
            .unwrap();
        assert_eq!(
            account.status,
            crate::records::AccountStatus::NeedsReconnect
        );
        assert_eq!(
            store.get(Tree::Tokens, account.id.as_bytes()).unwrap(),
            None
        );
        assert_eq!(store.get(Tree::Tokens, b"17841").unwrap(), None);
    }
}
