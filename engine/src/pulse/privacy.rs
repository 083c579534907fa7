//! Privacy: an account's erasure and crypto-shredding (for `/disconnect`, `/forget` and
//! Meta's deletion requests), comment retention, expired link tokens, and key rotation.
//! `/export` and `/forget` themselves are in `commands/`.

use chrono::{DateTime, Utc};

use crate::account::AccountId;
use crate::chat::ChatId;
use crate::links::LinkTokens;
use crate::records::{key, prefix, Records};
use crate::store::{AccountKey, Batch, Store, Tree};
use crate::vault::Vault;

use super::{Pulse, PulseError, TOKEN_FIELD};

impl Pulse {
    /// After an account's records were removed: deletes its data key (crypto-shredding) and
    /// drops its decoded records from memory.
    pub(super) fn shred_account(&self, account_id: &AccountId) -> Result<(), PulseError> {
        self.answer_cache.evict(account_id);
        self.store.shred(account_id.as_str())?;
        Ok(())
    }

    /// Adds the removal of everything stored for an account to `batch`; returns how many
    /// records that is. The caller applies the batch, then calls [`Pulse::shred_account`].
    pub(super) fn erase_account_into(
        &self,
        batch: &mut Batch,
        account_id: &AccountId,
    ) -> Result<usize, PulseError> {
        self.answer_cache.evict(account_id);
        // A TikTok authorization is revoked with TikTok once the erasure is applied.
        self.queue_revocation_into(batch, account_id)?;
        let mut count = 0;
        let account_prefix = prefix(account_id.as_str());
        // Every per-account tree, as `Tree::owner` says (a new one is erased by being there).
        for (tree, keyed) in Tree::of_accounts() {
            match keyed {
                AccountKey::Whole => {
                    if self
                        .store
                        .get(tree, account_id.as_str().as_bytes())?
                        .is_some()
                    {
                        batch.remove(tree, account_id.as_str().as_bytes());
                        count += 1;
                    }
                }
                AccountKey::Prefix => {
                    for (k, _) in self.store.scan_prefix(tree, &account_prefix)? {
                        batch.remove(tree, k);
                        count += 1;
                    }
                }
            }
        }
        // The index that serves its posts' files to Instagram.
        for (media, hosted) in self.records().all_hosted_media()? {
            if hosted.account == *account_id {
                batch.remove(Tree::HostedMedia, media.into_bytes());
                count += 1;
            }
        }
        // The links: the reverse index, the forward index of every chat that still pointed
        // here, and those chats' digest and alert records of this account.
        for (k, _) in self
            .store
            .scan_prefix(Tree::AccountChats, &account_prefix)?
        {
            let chat = String::from_utf8_lossy(&k[account_prefix.len()..]).into_owned();
            batch.remove(Tree::ChatAccounts, key(&[&chat, account_id.as_str()]));
            if let Some(chat) = ChatId::from_key(&chat) {
                count += self
                    .records()
                    .batch_remove_digests(batch, &chat, Some(account_id))?;
                count += self
                    .records()
                    .batch_remove_alerts(batch, &chat, Some(account_id))?;
            }
            batch.remove(Tree::AccountChats, k);
            count += 1;
        }
        Ok(count)
    }

    /// Seals every stored access token under `to`'s current master key (opening it with
    /// `from`, which holds the old key); tokens already under it are left. Returns how many
    /// were re-sealed. Part of `pulse rotate-key`, with [`crate::data_keys::DataKeys::rewrap`].
    pub fn reseal_tokens(store: &dyn Store, from: &Vault, to: &Vault) -> Result<usize, PulseError> {
        let mut batch = Batch::new();
        for (key, sealed) in store.scan_prefix(Tree::Tokens, &[])? {
            if to.is_current(&sealed) {
                continue;
            }
            let account = String::from_utf8_lossy(&key).into_owned();
            let token = from.open(&account, TOKEN_FIELD, &sealed)?;
            batch.put(Tree::Tokens, key, to.seal(&account, TOKEN_FIELD, &token));
        }
        let count = batch.len();
        if count > 0 {
            store.apply(&batch)?;
            store.flush()?;
        }
        Ok(count)
    }

    /// Seals every chat's draft and saved replies, and its API keys' signing secrets, under
    /// `to`'s current master key (opening them with `from`); those already under it are left.
    /// Returns how many were re-sealed. Part of `pulse rotate-key`, beside
    /// [`Pulse::reseal_tokens`].
    pub fn reseal_chat_records(
        store: &dyn Store,
        from: &Vault,
        to: &Vault,
    ) -> Result<usize, PulseError> {
        let mut batch = Batch::new();
        for tree in [Tree::Drafts, Tree::Templates] {
            for (key, sealed) in store.scan_prefix(tree, &[])? {
                if to.is_current(&sealed) {
                    continue;
                }
                let chat = String::from_utf8_lossy(&key).into_owned();
                let field = crate::records::chat_field(tree);
                let plain = from.open(&chat, field, &sealed)?;
                batch.put(tree, key, to.seal(&chat, field, &plain));
            }
        }
        Self::reseal_signing_secrets(store, from, to, &mut batch)?;
        let count = batch.len();
        if count > 0 {
            store.apply(&batch)?;
            store.flush()?;
        }
        Ok(count)
    }

    /// Deletes stored comments written before `cutoff` (the retention period); returns how
    /// many.
    pub fn purge_comments_before(&self, cutoff: DateTime<Utc>) -> Result<usize, PulseError> {
        let records = self.records();
        let mut purged = 0;
        for account in records.accounts()? {
            let mut batch = Batch::new();
            for comment in records.comments(&account.id)? {
                if comment.published_at < cutoff {
                    Records::batch_remove_comment(&mut batch, &account.id, &comment);
                }
            }
            if !batch.is_empty() {
                purged += batch.len();
                self.store.apply(&batch)?;
                self.answer_cache.evict(&account.id);
            }
        }
        if purged > 0 {
            self.store.flush()?;
        }
        Ok(purged)
    }

    /// Removes link tokens that expired long ago.
    pub fn sweep_link_tokens(&self, now: DateTime<Utc>) -> Result<usize, PulseError> {
        Ok(LinkTokens::new(self.records()).sweep(now)?)
    }
}
