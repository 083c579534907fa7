//! Work in progress.

use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Work in progress.
    pub(super) async fn hide(
        &self,
        chat: &crate::chat::ChatId,
        comment: &crate::command::CommentRef,
        hidden: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Reply, PulseError> {
        let _ = (chat, comment, hidden, now);
        Ok(Reply::text("Not ready yet."))
    }
}
