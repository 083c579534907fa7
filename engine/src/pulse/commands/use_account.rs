//! `/use @handle`: chooses which of the chat's linked accounts its questions, `/stats`,
//! `/top` and the other commands are about.

use chrono::{DateTime, Utc};

use crate::chat::{ChatId, Handle};
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    pub(super) fn use_account(
        &self,
        chat: &ChatId,
        handle: &Handle,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let by_network = || -> Result<Option<crate::records::AccountRecord>, PulseError> {
            let network = match handle.as_str().to_ascii_lowercase().as_str() {
                "tiktok" => crate::account::Network::TikTok,
                "instagram" | "insta" | "ig" => crate::account::Network::Instagram,
                _ => return Ok(None),
            };
            self.chat_account_on(chat, network)
        };
        let Some(account) = self.find_linked(chat, handle)?.or(by_network()?) else {
            return Ok(Reply::text(format!(
                "{handle} is not linked to this chat. See /accounts."
            )));
        };
        let mut record = self.chat_record(chat, now)?;
        record.active_account = Some(account.id.clone());
        self.records().put_chat(chat, &record)?;
        self.store.flush()?;
        Ok(Reply::text(format!(
            "Questions in this chat are now about @{} ({}).",
            account.username,
            account.network.name()
        )))
    }
}
