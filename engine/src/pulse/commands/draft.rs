//! Work in progress.

use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Work in progress.
    pub(super) async fn draft(
        &self,
        inbound: &crate::inbound::Inbound,
        comment: &crate::command::CommentRef,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Reply, PulseError> {
        let _ = (inbound, comment, now);
        Ok(Reply::text("Not ready yet."))
    }
}
