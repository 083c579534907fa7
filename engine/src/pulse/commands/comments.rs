//! Work in progress.

use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Work in progress.
    pub(super) fn comments(
        &self,
        chat: &crate::chat::ChatId,
        post: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Reply, PulseError> {
        let _ = (chat, post, now);
        Ok(Reply::text("Not ready yet."))
    }
}
