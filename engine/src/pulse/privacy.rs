//! Privacy: `/export`, `/forget` and what it deletes, an account's erasure and
//! crypto-shredding, comment retention, expired link tokens, and key rotation.

use chrono::{DateTime, Utc};

use crate::account::AccountId;
use crate::answers::{count, noun, thousands};
use crate::chat::ChatId;
use crate::command::ForgetStep;
use crate::links::LinkTokens;
use crate::records::{key, prefix, LinkTokenRecord, Records};
use crate::reply::{Block, Button, Reply};
use crate::store::{AccountKey, Batch, Store, Tree};
use crate::vault::Vault;

use super::{Pulse, PulseError, TOKEN_FIELD};

/// How long a `/forget` question can be answered.
pub const FORGET_PROMPT_LIFETIME: chrono::Duration = chrono::Duration::minutes(5);

/// The answer to a press on a `/forget` question that is not the chat's open one.
pub(super) const FORGET_PROMPT_EXPIRED: &str =
    "This prompt expired, and nothing was deleted. Send /forget to start again.";

impl Pulse {
    /// `/forget`: asks with buttons that carry a fresh nonce (valid [`FORGET_PROMPT_LIFETIME`],
    /// once), then deletes the chat's settings, its links, its pending
    /// link tokens and every linked account no other chat uses, and answers with a receipt.
    pub(super) fn forget(
        &self,
        inbound: &crate::inbound::Inbound,
        step: ForgetStep,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let chat = &inbound.chat;
        let records = self.records();
        let linked = records.chat_accounts(chat)?;
        // Only the chat's open question, answered once within its time, counts.
        let answers_the_open_question = |nonce: &Option<String>| -> Result<bool, PulseError> {
            let Some(nonce) = nonce else {
                return Ok(false);
            };
            let open = records.chat(chat)?.and_then(|record| record.forget_prompt);
            Ok(open.is_some_and(|prompt| {
                prompt.expires_at > now
                    && bool::from(subtle::ConstantTimeEq::ct_eq(
                        prompt.nonce.as_bytes(),
                        nonce.as_bytes(),
                    ))
            }))
        };
        let close_the_question = || -> Result<(), PulseError> {
            if let Some(mut record) = records.chat(chat)? {
                if record.forget_prompt.take().is_some() {
                    records.put_chat(chat, &record)?;
                    self.store.flush()?;
                }
            }
            Ok(())
        };
        match step {
            ForgetStep::Cancel(nonce) => {
                if nonce.is_some() && !answers_the_open_question(&nonce)? {
                    return Ok(Reply::text(FORGET_PROMPT_EXPIRED));
                }
                close_the_question()?;
                Ok(Reply::text("Nothing was deleted."))
            }
            ForgetStep::Confirm(None) => Ok(Reply::text(
                "Nothing was deleted. To delete everything Pulse stores for this chat, send /forget and press “Delete everything” on the question it asks, within 5 minutes.",
            )),
            ForgetStep::Confirm(ref nonce) if !answers_the_open_question(nonce)? => {
                Ok(Reply::text(FORGET_PROMPT_EXPIRED))
            }
            ForgetStep::Ask => {
                let nonce = {
                    use base64::Engine as _;
                    use rand::RngCore as _;
                    let mut bytes = [0u8; 9];
                    rand::rngs::OsRng.fill_bytes(&mut bytes);
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
                };
                let mut record = self.chat_record(chat, now)?;
                record.forget_prompt = Some(crate::records::ForgetPrompt {
                    nonce: nonce.clone(),
                    expires_at: now + FORGET_PROMPT_LIFETIME,
                });
                records.put_chat(chat, &record)?;
                self.store.flush()?;
                let mut handles = Vec::new();
                for id in &linked {
                    if let Some(account) = records.account(id)? {
                        handles.push(format!("@{}", account.username));
                    }
                }
                let accounts = if handles.is_empty() {
                    "no linked accounts".to_owned()
                } else {
                    format!(
                        "{} {}",
                        noun(
                            handles.len() as u64,
                            "the linked account",
                            "the linked accounts"
                        ),
                        handles.join(", ")
                    )
                };
                Ok(Reply::text(format!(
                    "This deletes everything Pulse stores for {}: the chat's settings, {accounts}, and the token and data of every account no other chat uses. It cannot be undone.",
                    inbound.chat_title
                ))
                .with_button(Button::Command { label: "Delete everything".into(), command: format!("/forget confirm {nonce}") })
                .with_button(Button::Command { label: "Cancel".into(), command: format!("/forget cancel {nonce}") }))
            }
            ForgetStep::Confirm(Some(_)) => {
                let mut batch = Batch::new();
                let (mut erased, mut account_records) = (Vec::new(), 0);
                for id in &linked {
                    Records::batch_unlink(&mut batch, chat, id);
                    let shared = records.account_chats(id)?.iter().any(|other| other != chat);
                    if !shared {
                        self.syncs.cancel(id);
                        account_records += self.erase_account_into(&mut batch, id)?;
                        erased.push(id.clone());
                    }
                }
                let erased_accounts = erased.len();
                let chat_settings = usize::from(records.chat(chat)?.is_some());
                batch.remove(Tree::Chats, chat.key().into_bytes());
                let conversation = usize::from(records.conversation(chat)?.is_some());
                batch.remove(Tree::Conversations, chat.key().into_bytes());
                let digest_records = records.batch_remove_digests(&mut batch, chat, None)?;
                // Used and expired links name the chat too, so they go as well; only the
                // ones that could still be completed are "pending".
                let (mut pending_links, mut spent_links) = (0, 0);
                for (hash, link) in self.chat_link_tokens(chat)? {
                    if crate::links::is_pending(&link, now) {
                        pending_links += 1;
                    } else {
                        spent_links += 1;
                    }
                    batch.remove(Tree::LinkTokens, hash);
                }
                self.store.apply(&batch)?;
                self.store.flush()?;
                for id in &erased {
                    self.shred_account(id)?;
                }
                tracing::info!(
                    platform = chat.platform.as_str(),
                    accounts = erased_accounts,
                    "chat forgotten"
                );
                Ok(
                    Reply::text("Done. Pulse deleted everything it stored for this chat:").with(
                        Block::Facts(vec![
                            (
                                "Chat settings".into(),
                                count(chat_settings as u64, "record", "records"),
                            ),
                            (
                                "Previous question (for follow-ups)".into(),
                                count(conversation as u64, "record", "records"),
                            ),
                            (
                                "Links to accounts".into(),
                                format!(
                                    "{} ({})",
                                    linked.len(),
                                    count(linked.len() as u64 * 2, "record", "records")
                                ),
                            ),
                            (
                                "Accounts no other chat uses, with their tokens and data".into(),
                                format!(
                                    "{erased_accounts} ({})",
                                    count(account_records as u64, "record", "records")
                                ),
                            ),
                            ("Pending /connect links".into(), thousands(pending_links)),
                            (
                                "Used or expired /connect links".into(),
                                thousands(spent_links),
                            ),
                            (
                                "Records of scheduled digests".into(),
                                thousands(digest_records as u64),
                            ),
                        ]),
                    ),
                )
            }
        }
    }

    /// `/export`: a JSON file of everything stored for the chat, secrets excluded.
    pub(super) fn export(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let export = crate::export::export(self.records(), chat, now)?;
        let bytes = crate::export::to_json(&export);
        let posts: usize = export.accounts.iter().map(|a| a.posts.len()).sum();
        let comments: usize = export.accounts.iter().map(|a| a.comments.len()).sum();
        let name = format!("pulse-export-{}.json", now.format("%Y-%m-%d"));
        Ok(Reply::text(format!(
            "Everything Pulse stores for this chat, as JSON ({}, {}, {}; format {}). Access tokens are never included.",
            count(export.accounts.len() as u64, "account", "accounts"),
            count(posts as u64, "post", "posts"),
            count(comments as u64, "comment", "comments"),
            crate::export::FORMAT
        ))
        .with_attachment(crate::reply::Attachment { name, media_type: "application/json", bytes })
        .private())
    }

    /// The link tokens issued for a chat, with their keys.
    pub(super) fn chat_link_tokens(
        &self,
        chat: &ChatId,
    ) -> Result<Vec<(Vec<u8>, LinkTokenRecord)>, PulseError> {
        let records = self.records();
        let chat_key = chat.key();
        let mut links = Vec::new();
        for (key, _) in self.store.scan_prefix(Tree::LinkTokens, &[])? {
            if let Some(record) = records.link_token(&key)? {
                if record.chat == chat_key {
                    links.push((key, record));
                }
            }
        }
        Ok(links)
    }

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
        // The links: the reverse index, the forward index of every chat that still pointed
        // here, and those chats' digest records of this account.
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
