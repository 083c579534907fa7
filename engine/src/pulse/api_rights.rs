//! The stats API's operations on the chat's rights, each the chat's own command behind it,
//! so there is one way to do each: `api_export` is `/export`'s document
//! (`Pulse::export_document`), `api_erasure_confirmation` and `api_erase_chat` are
//! `/forget`'s question and erasure (`open_forget_question`, `answers_forget_question`,
//! `erase_chat`: the token is the question's nonce), and `api_set_paused` is `/pause` and
//! `/resume` (`set_paused`). The scope each needs is checked by `bot`'s handlers.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::views::rights::{ErasureConfirmationView, ErasureView, PauseView};
use crate::views::{AccountView, ViewError};

use super::{Pulse, PulseError};

impl Pulse {
    /// `/export`'s `pulse-export/1` JSON document of the chat (no token, no key hash or
    /// signing secret). The files of unpublished posts, which `/export` attaches, are not
    /// in it: the document names them.
    pub fn api_export(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Vec<u8>, PulseError> {
        Ok(crate::export::to_json(&self.export_document(chat, now)?))
    }

    /// The first step of an erasure: opens the chat's `/forget` question and gives its nonce
    /// as the token that confirms it. Deletes nothing.
    pub fn api_erasure_confirmation(
        &self,
        chat: &ChatId,
        now: DateTime<Utc>,
    ) -> Result<ErasureConfirmationView, PulseError> {
        let (confirm, expires_at) = self.open_forget_question(chat, now)?;
        Ok(ErasureConfirmationView {
            confirm,
            expires_at,
            detail: format!(
                "This deletes everything Pulse stores for the chat — its settings, its links, its API keys (this one too) with their log and usage, and the token and data of every linked account no other chat uses. It cannot be undone. Confirm within {} minutes with DELETE /api/v1/chat?confirm=<token>.",
                super::FORGET_PROMPT_LIFETIME.num_minutes()
            ),
        })
    }

    /// The second step: when `token` answers the chat's open `/forget` question in time,
    /// erases what `/forget` erases and counts it; `None` (nothing deleted) otherwise.
    pub fn api_erase_chat(
        &self,
        chat: &ChatId,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ErasureView>, PulseError> {
        if !self.answers_forget_question(chat, token, now)? {
            return Ok(None);
        }
        let erased = self.erase_chat(chat, now)?;
        let n = |count: usize| count as u64;
        Ok(Some(ErasureView {
            chat_settings: n(erased.chat_settings),
            previous_question: n(erased.conversation),
            replies: n(erased.replies_kept),
            account_links: n(erased.links),
            accounts_erased: n(erased.erased_accounts),
            account_records: n(erased.account_records),
            pending_connect_links: erased.pending_links,
            spent_connect_links: erased.spent_links,
            digest_records: n(erased.digest_records),
            alert_records: n(erased.alert_records),
            api_records: n(erased.api_records),
            tiktok_revocations: n(erased.revoking),
        }))
    }

    /// `/pause` (`pause: true`) or `/resume` of the chat's account named `reference` (its
    /// id or handle), and its state after.
    pub fn api_set_paused(
        &self,
        chat: &ChatId,
        reference: &str,
        pause: bool,
        now: DateTime<Utc>,
    ) -> Result<PauseView, ViewError> {
        let account = self.api_named_account(chat, reference)?;
        let changed = self.set_paused(&account, pause, now)?;
        let restriction = self.records().restriction(&account.id)?;
        let active = self.active_account(chat)?.map(|active| active.id);
        Ok(PauseView {
            account: AccountView::new(&account, active.as_ref() == Some(&account.id)),
            paused: restriction.is_some(),
            paused_at: restriction.map(|restriction| restriction.paused_at),
            changed,
        })
    }
}
