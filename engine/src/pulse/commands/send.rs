//! Work in progress.

use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Work in progress.
    pub(super) async fn send(
        &self,
        inbound: &crate::inbound::Inbound,
        nonce: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Reply, PulseError> {
        let _ = (inbound, nonce, now);
        Ok(Reply::text("Not ready yet."))
    }
}
