//! `/fit <post> pad|crop` (the Pad and Crop buttons): a post's photos whose shape is
//! outside Instagram's are padded with bars or cropped into the nearest allowed shape.

use chrono::{DateTime, Utc};

use crate::command::PostRef;
use crate::inbound::Inbound;
use crate::media::{self, Fit, Media, MediaKind, Placement};
use crate::pulse::{Pulse, PulseError};
use crate::records::Records;
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
        let (account, record) =
            match self.changeable_post(inbound, Some(post), "can no longer be changed")? {
                Ok(found) => found,
                Err(reply) => return Ok(reply),
            };
        let placement = if record.items.len() > 1 {
            Placement::CarouselItem
        } else {
            Placement::Feed
        };
        let records = self.records();
        // Fitted files go under new ids, and the post is switched to them by
        // compare-and-swap: a post changed meanwhile keeps its files as they were.
        let mut fitted_files = Batch::new();
        let mut replaced = Batch::new();
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
            Records::batch_remove_publication_media(&mut replaced, &account.id, &item.id);
            item.id = crate::pulse::publishing::new_media_id();
            item.width = fitted.width;
            item.height = fitted.height;
            item.bytes = fitted.bytes.len() as u64;
            item.problem = None;
            Records::batch_publication_media(
                &mut fitted_files,
                &account.id,
                &item.id,
                fitted.bytes,
            );
        }
        changed.updated_at = now;
        self.store.apply(&fitted_files)?;
        if !records.swap_publication(Some(&record), &changed)? {
            // Not switched: the fitted files go again.
            let mut unused = Batch::new();
            for item in changed
                .items
                .iter()
                .filter(|item| !record.items.contains(item))
            {
                Records::batch_remove_publication_media(&mut unused, &account.id, &item.id);
            }
            self.store.apply(&unused)?;
            return Ok(Reply::text(
                "That post changed meanwhile; look at /queue and try again.",
            ));
        }
        self.store.apply(&replaced)?;
        self.post_card(&account, &changed, now, "Fitted: post")
    }
}
