//! `/cancel`: drops the reply this chat is writing (its author or an administrator may);
//! nothing is sent.

use crate::inbound::Inbound;
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Drops the chat's draft: the person who started it, or an administrator, may.
    pub(super) fn cancel(&self, inbound: &Inbound) -> Result<Reply, PulseError> {
        let chat = &inbound.chat;
        if let Some(draft) = self.draft_of(chat)? {
            if draft.user != inbound.user.key() && !inbound.administers() {
                return Ok(Reply::text(
                    "That reply was started by someone else here; only they or an administrator can cancel it.",
                ));
            }
        }
        if self.records().remove_draft(chat)? {
            Ok(Reply::text("Cancelled. Nothing was sent.").closing_prompt())
        } else {
            Ok(Reply::text("There is no reply being written here."))
        }
    }
}
