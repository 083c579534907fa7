//! Work in progress.

use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Work in progress.
    pub(super) fn reply(
        &self,
        inbound: &crate::inbound::Inbound,
        comment: &crate::command::CommentRef,
        kind: crate::records::ReplyKind,
        text: Option<String>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Reply, PulseError> {
        let _ = (inbound, comment, kind, text, now);
        Ok(Reply::text("Not ready yet."))
    }
}
