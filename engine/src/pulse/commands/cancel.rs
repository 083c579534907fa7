//! `/cancel`: drops the reply this chat is writing; nothing is sent.

use crate::chat::ChatId;
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Drops the chat's draft.
    pub(super) fn cancel(&self, chat: &ChatId) -> Result<Reply, PulseError> {
        if self.records().remove_draft(chat)? {
            Ok(Reply::text("Cancelled. Nothing was sent.").closing_prompt())
        } else {
            Ok(Reply::text("There is no reply being written here."))
        }
    }
}
