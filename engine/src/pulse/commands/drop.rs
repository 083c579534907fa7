//! `/drop <post>` (the Cancel button): a draft or scheduled post is cancelled and its files
//! deleted, until it starts publishing.

use chrono::{DateTime, Utc};

use crate::command::PostRef;
use crate::inbound::Inbound;
use crate::pulse::{Pulse, PulseError};
use crate::records::{PublicationRecord, PublicationState, Records};
use crate::reply::Reply;
use crate::store::Batch;

impl Pulse {
    /// `/drop <post>`.
    pub(super) fn drop_post(
        &self,
        inbound: &Inbound,
        post: &PostRef,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let (_, record) = match self.find_post(inbound, Some(post))? {
            Ok(found) => found,
            Err(reply) => return Ok(reply),
        };
        if record.state == PublicationState::Cancelled {
            return Ok(
                Reply::text(format!("Post {} is already cancelled.", record.id)).closing_prompt(),
            );
        }
        if !record.state.changeable() {
            return Ok(Reply::text(format!(
                "Post {} is {} and can no longer be cancelled.",
                record.id,
                record.state.name()
            )));
        }
        let cancelled = PublicationRecord {
            state: PublicationState::Cancelled,
            updated_at: now,
            awaiting: None,
            ..record.clone()
        };
        if !self.records().swap_publication(Some(&record), &cancelled)? {
            return Ok(Reply::text(
                "That post changed meanwhile; look at /queue and try again.",
            ));
        }
        let mut batch = Batch::new();
        for item in &record.items {
            Records::batch_remove_publication_media(&mut batch, &record.account, &item.id);
        }
        self.store.apply(&batch)?;
        Ok(Reply::text(format!(
            "Post {} is cancelled and its files deleted; nothing was published.",
            record.id
        ))
        .closing_prompt())
    }
}
