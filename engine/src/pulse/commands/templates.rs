//! Work in progress.

use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Work in progress.
    pub(super) fn templates(
        &self,
        chat: &crate::chat::ChatId,
        action: crate::command::TemplatesAction,
    ) -> Result<Reply, PulseError> {
        let _ = (chat, action);
        Ok(Reply::text("Not ready yet."))
    }
}
