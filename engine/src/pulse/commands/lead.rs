//! Work in progress.

use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Work in progress.
    pub(super) fn mark_lead(
        &self,
        chat: &crate::chat::ChatId,
        comment: &crate::command::CommentRef,
        mark: Option<crate::records::LeadMark>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Reply, PulseError> {
        let _ = (chat, comment, mark, now);
        Ok(Reply::text("Not ready yet."))
    }
}
