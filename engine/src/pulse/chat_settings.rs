//! A chat's settings: its record, time zone and account in use, and a Discord server's
//! delivery channel (which commands settle it, and how). `/timezone` and `/digest` change
//! them from `commands/`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::chat::ChatId;
use crate::command::{Command, DigestAction};
use crate::inbound::Request;
use crate::records::{AccountRecord, ChatRecord};

use super::{Pulse, PulseError};

impl Pulse {
    pub(crate) fn timezone(&self, chat: &ChatId) -> Result<Tz, PulseError> {
        Ok(self
            .records()
            .chat(chat)?
            .and_then(|record| record.timezone.parse().ok())
            .unwrap_or(self.settings.default_timezone))
    }

    pub(super) fn chat_record(
        &self,
        chat: &ChatId,
        now: DateTime<Utc>,
    ) -> Result<ChatRecord, PulseError> {
        Ok(self.records().chat(chat)?.unwrap_or_else(|| ChatRecord {
            active_account: None,
            timezone: self.settings.default_timezone.name().to_owned(),
            created_at: now,
            digest_enabled: true,
            digest_time: None,
            delivery_channel: None,
            digest_changed_at: None,
            forget_prompt: None,
            alerts: Default::default(),
        }))
    }

    /// The account questions in this chat are about: the chosen one if still linked, else
    /// the first linked one.
    pub(crate) fn active_account(
        &self,
        chat: &ChatId,
    ) -> Result<Option<AccountRecord>, PulseError> {
        let records = self.records();
        let linked = records.chat_accounts(chat)?;
        let chosen = records
            .chat(chat)?
            .and_then(|record| record.active_account)
            .filter(|id| linked.contains(id));
        match chosen.or_else(|| linked.first().cloned()) {
            Some(id) => Ok(records.account(&id)?),
            None => Ok(None),
        }
    }

    /// Remembers where in a chat Pulse's own messages go (a Discord channel).
    pub fn set_delivery_channel(
        &self,
        chat: &ChatId,
        channel: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PulseError> {
        let mut record = self.chat_record(chat, now)?;
        if record.delivery_channel.as_deref() != Some(channel) {
            record.delivery_channel = Some(channel.to_owned());
            self.records().put_chat(chat, &record)?;
            self.store.flush()?;
        }
        Ok(())
    }

    /// The chat's delivery channel after Pulse answered `request`, when the answer should
    /// name it: `/connect` and `/digest` (`/digest now` only with a chosen channel) in a chat
    /// with channels (a Discord server). The channel moves only with a channel chosen by one
    /// of the chat's administrators (`/digest channel:`); `/connect` settles the channel it
    /// was sent in when the chat has none yet, so the news of the link has a place to go.
    /// Nothing else moves it, wherever it is sent. A store that fails here is logged and
    /// the reply names nothing: what the command did stands.
    pub(super) fn settle_delivery_channel(
        &self,
        request: &Request,
        now: DateTime<Utc>,
    ) -> Option<String> {
        let inbound = request.inbound();
        let sent_in = inbound.channel.as_ref()?;
        let command = request.command().ok()?;
        let chosen = match command {
            Command::Connect(_) => None,
            // A digest sent now names no channel unless one was chosen with it.
            Command::Digest(DigestAction::Now) if inbound.chosen_channel.is_none() => return None,
            Command::Digest(_) => inbound.chosen_channel.as_ref(),
            _ => return None,
        };
        let current = match self.delivery_channel(&inbound.chat) {
            Ok(current) => current,
            Err(error) => {
                tracing::warn!(error = %error, "reading the delivery channel failed");
                return None;
            }
        };
        let wanted = match (chosen, &current, command) {
            (Some(chosen), _, _) if inbound.administers() => chosen,
            (None, None, Command::Connect(_)) => sent_in,
            _ => return current,
        };
        if current.as_ref() == Some(wanted) {
            return current;
        }
        match self.set_delivery_channel(&inbound.chat, wanted, now) {
            Ok(()) => Some(wanted.clone()),
            Err(error) => {
                tracing::warn!(error = %error, "remembering the delivery channel failed");
                current
            }
        }
    }

    /// Where in a chat Pulse's own messages go, if set.
    pub fn delivery_channel(&self, chat: &ChatId) -> Result<Option<String>, PulseError> {
        Ok(self
            .records()
            .chat(chat)?
            .and_then(|record| record.delivery_channel))
    }
}
