//! `/retry <post>` (the Retry button): a post that failed before anything reached
//! `media_publish` is scheduled again for now. One whose outcome is unknown is never
//! retried.

use chrono::{DateTime, Utc};

use crate::command::PostRef;
use crate::inbound::Inbound;
use crate::pulse::{Pulse, PulseError};
use crate::records::PublicationState;
use crate::reply::Reply;

impl Pulse {
    /// `/retry <post>`.
    pub(super) fn retry_post(
        &self,
        inbound: &Inbound,
        post: &PostRef,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let (_, record) = match self.find_post(inbound, Some(post))? {
            Ok(found) => found,
            Err(reply) => return Ok(reply),
        };
        match &record.state {
            PublicationState::Failed {
                retry_safe: true, ..
            } => self.schedule(inbound, Some(post), "now", now),
            PublicationState::Failed { .. } => Ok(Reply::text(format!(
                "Post {} may have been published already, so Pulse won't try again: look at the account on Instagram first, then send it as a new post if it isn't there.",
                record.id
            ))),
            other => Ok(Reply::text(format!(
                "Post {} is {}; only a failed post can be retried.",
                record.id,
                other.name()
            ))),
        }
    }
}
