//! `/fit <post> pad|crop` (the Pad and Crop buttons): a post's photos whose shape is
//! outside Instagram's are padded with bars or cropped into the nearest allowed shape.

use chrono::{DateTime, Utc};

use crate::command::PostRef;
use crate::inbound::Inbound;
use crate::media::{self, Fit, Media, MediaKind, Placement};
use crate::pulse::{Pulse, PulseError};
use crate::records::{PublicationRecord, Records};
use crate::reply::Reply;
use crate::store::Batch;

impl Pulse {
    /// `/fit <post> pad|crop`.
    pub(super) fn fit_post(
        &self,
        inbound: &Inbound,
        post: &PostRef,
        how: Fit,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let (account, record) = match self.find_post(inbound, Some(post))? {
            Ok(found) => found,
            Err(reply) => return Ok(reply),
        };
        if !record.state.changeable() {
            return Ok(Reply::text(format!(
                "Post {} is {} and can no longer be changed.",
                record.id,
                record.state.name()
            )));
        }
        let placement = if record.items.len() > 1 {
            Placement::CarouselItem
        } else {
            Placement::Feed
        };
        let records = self.records();
        let mut batch = Batch::new();
        let mut changed = record.clone();
        for item in changed
            .items
            .iter_mut()
            .filter(|item| item.problem.is_some())
        {
            let Some(bytes) = records.publication_media(&account.id, &item.id)? else {
                continue;
            };
            let stored = Media {
                kind: MediaKind::Photo,
                content_type: "image/jpeg",
                extension: "jpg",
                bytes,
                width: item.width,
                height: item.height,
                duration: None,
            };
            let fitted = match media::fit(&stored, placement, how) {
                Ok(fitted) => fitted,
                Err(refusal) => return Ok(Reply::text(refusal.to_string())),
            };
            item.width = fitted.width;
            item.height = fitted.height;
            item.bytes = fitted.bytes.len() as u64;
            item.problem = None;
            Records::batch_publication_media(&mut batch, &account.id, &item.id, fitted.bytes);
        }
        changed.updated_at = now;
        Records::batch_publication(&mut batch, &changed);
        // Written only if the post is still as read.
        if records.publication(&account.id, &record.id)?.as_ref() != Some(&record) {
            return Ok(Reply::text(
                "That post changed meanwhile; look at /queue and try again.",
            ));
        }
        self.store.apply(&batch)?;
        let _: &PublicationRecord = &changed;
        self.post_card(&account, &changed, now, "Fitted: post")
    }
}
