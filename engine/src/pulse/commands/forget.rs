//! `/forget`: deletes everything Pulse stores for the chat — its settings, its previous
//! question, its links and pending `/connect` links, its digest and alert records, its API
//! keys with their request log and usage, and the token and
//! data of every linked account no other chat uses — after the person confirms on a
//! question with buttons, and answers with a receipt of what went. Erasure itself is in
//! `privacy.rs`.

use chrono::{DateTime, Utc};

use crate::answers::{count, noun, thousands};
use crate::chat::ChatId;
use crate::command::ForgetStep;
use crate::pulse::{Pulse, PulseError};
use crate::records::{LinkTokenRecord, Records};
use crate::reply::{Block, Button, Reply};
use crate::store::{Batch, Tree};

/// How long a `/forget` question can be answered.
pub const FORGET_PROMPT_LIFETIME: chrono::Duration = chrono::Duration::minutes(5);

/// The answer to a press on a `/forget` question that is not the chat's open one.
const FORGET_PROMPT_EXPIRED: &str =
    "This prompt expired, and nothing was deleted. Send /forget to start again.";

/// What [`Pulse::erase_chat`] deleted, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::pulse) struct ChatErasure {
    /// The chat's settings record (0 or 1).
    pub chat_settings: usize,
    /// The previous question (0 or 1).
    pub conversation: usize,
    /// The reply being written and the saved replies.
    pub replies_kept: usize,
    /// Links to accounts (two records each).
    pub links: usize,
    /// Accounts no other chat used, erased.
    pub erased_accounts: usize,
    /// Their records.
    pub account_records: usize,
    /// `/connect` links that could still be completed.
    pub pending_links: u64,
    /// Used or expired `/connect` links.
    pub spent_links: u64,
    /// Digest records.
    pub digest_records: usize,
    /// Alert records.
    pub alert_records: usize,
    /// API keys, their request log and usage.
    pub api_records: usize,
    /// Erased TikTok accounts whose access Pulse asks TikTok to remove.
    pub revoking: usize,
}

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
        let answers_the_open_question = |nonce: &Option<String>| -> Result<bool, PulseError> {
            match nonce {
                Some(nonce) => self.answers_forget_question(chat, nonce, now),
                None => Ok(false),
            }
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
                let (nonce, _) = self.open_forget_question(chat, now)?;
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
                let ChatErasure {
                    chat_settings,
                    conversation,
                    replies_kept,
                    links,
                    erased_accounts,
                    account_records,
                    pending_links,
                    spent_links,
                    digest_records,
                    alert_records,
                    api_records,
                    revoking,
                } = self.erase_chat(chat, now)?;
                let mut reply =
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
                                "Reply being written and saved replies".into(),
                                count(replies_kept as u64, "record", "records"),
                            ),
                            (
                                "Links to accounts".into(),
                                format!(
                                    "{links} ({})",
                                    count(links as u64 * 2, "record", "records")
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
                            ("Records of alerts".into(), thousands(alert_records as u64)),
                            (
                                "API keys, their request log and usage".into(),
                                count(api_records as u64, "record", "records"),
                            ),
                        ]),
                    );
                if revoking > 0 {
                    reply = reply.with(Block::Note(format!(
                        "Pulse is also asking TikTok to remove its access for {}: the tokens are kept, sealed, only until TikTok confirms.",
                        count(revoking as u64, "account", "accounts")
                    )));
                }
                reply.wakes_revoker = erased_accounts > 0;
                Ok(reply)
            }
        }
    }

    /// Opens the chat's `/forget` question: a fresh nonce, valid [`FORGET_PROMPT_LIFETIME`]
    /// and once, replacing any open one. The chat's buttons and the API's `confirm` token
    /// are this nonce.
    pub(in crate::pulse) fn open_forget_question(
        &self,
        chat: &ChatId,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>), PulseError> {
        let nonce = {
            use base64::Engine as _;
            use rand::RngCore as _;
            let mut bytes = [0u8; 9];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        };
        let expires_at = now + FORGET_PROMPT_LIFETIME;
        let mut record = self.chat_record(chat, now)?;
        record.forget_prompt = Some(crate::records::ForgetPrompt {
            nonce: nonce.clone(),
            expires_at,
        });
        self.records().put_chat(chat, &record)?;
        self.store.flush()?;
        Ok((nonce, expires_at))
    }

    /// Whether `nonce` answers the chat's open `/forget` question within its time (compared
    /// in constant time).
    pub(in crate::pulse) fn answers_forget_question(
        &self,
        chat: &ChatId,
        nonce: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, PulseError> {
        let open = self
            .records()
            .chat(chat)?
            .and_then(|record| record.forget_prompt);
        Ok(open.is_some_and(|prompt| {
            prompt.expires_at > now
                && bool::from(subtle::ConstantTimeEq::ct_eq(
                    prompt.nonce.as_bytes(),
                    nonce.as_bytes(),
                ))
        }))
    }

    /// The erasure `/forget` confirms: the chat's settings, previous question, replies, links,
    /// API keys with their log and usage, digests, alerts, `/connect` links, and every linked
    /// account no other chat uses (crypto-shredded). The counts of what went.
    pub(in crate::pulse) fn erase_chat(
        &self,
        chat: &ChatId,
        now: DateTime<Utc>,
    ) -> Result<ChatErasure, PulseError> {
        let records = self.records();
        let linked = records.chat_accounts(chat)?;
        let mut batch = Batch::new();
        let (mut erased, mut account_records, mut revoking) = (Vec::new(), 0, 0);
        for id in &linked {
            Records::batch_unlink(&mut batch, chat, id);
            let shared = records.account_chats(id)?.iter().any(|other| other != chat);
            if !shared {
                if records
                    .account(id)?
                    .is_some_and(|a| a.network == crate::account::Network::TikTok)
                {
                    revoking += 1;
                }
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
        let replies_kept = records.batch_remove_chat_replies(&mut batch, chat)?;
        let api_records = records.batch_remove_api_records(&mut batch, chat)?;
        let digest_records = records.batch_remove_digests(&mut batch, chat, None)?;
        let alert_records = records.batch_remove_alerts(&mut batch, chat, None)?;
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
        Ok(ChatErasure {
            chat_settings,
            conversation,
            replies_kept,
            links: linked.len(),
            erased_accounts,
            account_records,
            pending_links,
            spent_links,
            digest_records,
            alert_records,
            api_records,
            revoking,
        })
    }

    /// The link tokens issued for a chat, with their keys.
    fn chat_link_tokens(
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
}
