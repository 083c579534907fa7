//! Posts a chat publishes through Pulse: [`PublicationRecord`] (`account \0 publication` in
//! [`Tree::Publications`], sealed under the account's key), where each one stands
//! ([`PublicationState`], the publishing job's states), the files themselves
//! (`account \0 media` in [`Tree::PublicationMedia`], sealed, so they are crypto-shredded with
//! the account) and the index that serves them to Instagram's crawler
//! ([`Tree::HostedMedia`], a random media id to its account and post while it is served).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{decode, encode, key, prefix, Records};
use crate::account::AccountId;
use crate::media::{MediaKind, Placement};
use crate::store::{Batch, StoreError, Tree};

/// One file of a post, as stored beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaItem {
    /// Its random id (32 hex digits): the name it is served under, `/media/{id}.{ext}`.
    pub id: String,
    /// Photo or video.
    pub kind: MediaKind,
    /// `image/jpeg`, `video/mp4`, `video/quicktime`.
    pub content_type: String,
    /// `jpg`, `mp4`, `mov`.
    pub extension: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// A video's duration in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// Why it cannot go where the post goes yet (a photo's shape), with the choice to pad or
    /// crop; `None` when it can.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// The containers made for a post on Instagram, saved the moment each is made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Containers {
    /// One per file, in order (`None` until made). A single post has one and no parent.
    pub items: Vec<Option<String>>,
    /// A carousel's own container, once its items are ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// When the first was made (containers expire after 24 h; processing is given up on
    /// after [`crate::publishing::PROCESSING_LIMIT`]).
    pub started_at: DateTime<Utc>,
    /// Whether the containers were made again once after Instagram let them expire.
    #[serde(default)]
    pub remade: bool,
    /// How many status reads so far (the next one waits longer).
    #[serde(default)]
    pub polls: u32,
}

impl Containers {
    /// The container that is published: the carousel's own, or the single one.
    pub fn publishable(&self) -> Option<&str> {
        match &self.parent {
            Some(parent) => Some(parent),
            None if self.items.len() == 1 => self.items[0].as_deref(),
            None => None,
        }
    }
}

/// Where a post stands. `Draft → Scheduled → Claimed → Processing → Publishing →
/// Published`, or `Failed`, `Unconfirmed` (reconciled into one of the others) or
/// `Cancelled`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PublicationState {
    /// Being composed in the chat: nothing happens until it is scheduled or posted now.
    Draft,
    /// To be published at `at`.
    Scheduled {
        /// When.
        at: DateTime<Utc>,
        /// Whether the chat was told it waits for Instagram's publishing limit.
        #[serde(default)]
        told_limit: bool,
    },
    /// Claimed by a process, which is making its containers (ids saved in `containers` as
    /// each is made) and then waits for Instagram to process them.
    Processing {
        /// The process.
        run: String,
        /// Until when the claim holds against other processes.
        lease_until: DateTime<Utc>,
        /// The containers so far.
        containers: Containers,
        /// When to read their status next.
        next_check: DateTime<Utc>,
    },
    /// `media_publish` is being called, once. A process that finds this state of another
    /// run does not know whether it went through: the post is [`Unconfirmed`](Self::Unconfirmed).
    Publishing {
        /// The process.
        run: String,
        /// The container published.
        container: String,
        /// When the call was made.
        since: DateTime<Utc>,
    },
    /// Live on Instagram.
    Published {
        /// The post's media id, when Instagram said it (a post found published by its
        /// container's status has none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        media_id: Option<String>,
        /// Its link, when read.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        permalink: Option<String>,
        /// When it went live.
        at: DateTime<Utc>,
        /// Whether the first-hour note went to the chat (or will not: no media id).
        #[serde(default)]
        first_hour_noted: bool,
        /// Its reach in its first hour, when read (the next posts are compared with it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_hour_reach: Option<u64>,
    },
    /// Not published, for a reason the chat was told.
    Failed {
        /// In plain words.
        reason: String,
        /// Whether trying again cannot publish it twice (nothing reached `media_publish`).
        retry_safe: bool,
    },
    /// `media_publish` was called and its answer was lost (or its process died at it):
    /// reconciled by reading the container's status (`PUBLISHED` → published;
    /// `EXPIRED`/`ERROR` → failed; still `FINISHED` two minutes on → published now, the
    /// same container), never by guessing from the account's posts.
    Unconfirmed {
        /// The container that was published, or not.
        container: String,
        /// When the answer was lost.
        since: DateTime<Utc>,
        /// When to read the container next.
        next_check: DateTime<Utc>,
    },
    /// Cancelled by the chat before it started publishing.
    Cancelled,
}

impl PublicationState {
    /// Whether the post may still be changed or cancelled: nothing was sent to Instagram.
    pub fn changeable(&self) -> bool {
        matches!(
            self,
            PublicationState::Draft
                | PublicationState::Scheduled { .. }
                | PublicationState::Failed {
                    retry_safe: true,
                    ..
                }
        )
    }

    /// Whether Instagram may fetch the post's files now: from the first container until
    /// `media_publish` has answered.
    pub fn serves_media(&self) -> bool {
        matches!(
            self,
            PublicationState::Processing { .. }
                | PublicationState::Publishing { .. }
                | PublicationState::Unconfirmed { .. }
        )
    }

    /// Live, as found by reading its container (`PUBLISHED`) rather than from
    /// `media_publish`'s answer: no media id, no link, no first-hour note.
    pub fn found_published(at: DateTime<Utc>) -> Self {
        PublicationState::Published {
            media_id: None,
            permalink: None,
            at,
            first_hour_noted: true,
            first_hour_reach: None,
        }
    }

    /// A short name for logs and lists.
    pub fn name(&self) -> &'static str {
        match self {
            PublicationState::Draft => "draft",
            PublicationState::Scheduled { .. } => "scheduled",
            PublicationState::Processing { .. } => "processing",
            PublicationState::Publishing { .. } => "publishing",
            PublicationState::Published { .. } => "published",
            PublicationState::Failed { .. } => "failed",
            PublicationState::Unconfirmed { .. } => "unconfirmed",
            PublicationState::Cancelled => "cancelled",
        }
    }
}

/// A post published through Pulse: `account \0 publication` in [`Tree::Publications`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationRecord {
    /// Its id in commands and buttons (`p` and 6 characters).
    pub id: String,
    /// The account it goes to.
    pub account: AccountId,
    /// The chat it was composed in (its key): where news of it goes.
    pub chat: String,
    /// Who composed it (their key).
    pub author: String,
    /// Where it goes.
    pub placement: Placement,
    /// Its files, in order (2–10 make a carousel).
    pub items: Vec<MediaItem>,
    /// Its caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// When it was composed.
    pub created_at: DateTime<Utc>,
    /// Where it stands.
    #[serde(flatten)]
    pub state: PublicationState,
    /// When the state was written.
    pub updated_at: DateTime<Utc>,
    /// The text Pulse asked its author for (after Schedule… or Edit caption), read from
    /// their next message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaiting: Option<AwaitedText>,
}

/// Text Pulse waits for from a post's author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitedText {
    /// Whose (their key).
    pub user: String,
    /// `schedule` or `caption`: the command the text completes.
    pub command: String,
    /// Until when it is waited for.
    pub until: DateTime<Utc>,
}

/// Where Instagram's crawler finds a file while it is served: `media id` in
/// [`Tree::HostedMedia`] (Pulse's bookkeeping: random ids only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostedMediaRecord {
    /// The account whose file it is.
    pub account: AccountId,
    /// The post it belongs to.
    pub publication: String,
    /// Served until then at the latest (24 h after the container was made).
    pub until: DateTime<Utc>,
}

impl Records<'_> {
    /// One post of an account.
    pub fn publication(
        &self,
        account: &AccountId,
        id: &str,
    ) -> Result<Option<PublicationRecord>, StoreError> {
        self.store()
            .get(Tree::Publications, &key(&[account.as_str(), id]))?
            .map(|bytes| decode("publication", &bytes))
            .transpose()
    }

    /// Every post of an account, in id order.
    pub fn publications(&self, account: &AccountId) -> Result<Vec<PublicationRecord>, StoreError> {
        self.store()
            .scan_prefix(Tree::Publications, &prefix(account.as_str()))?
            .iter()
            .map(|(_, bytes)| decode("publication", bytes))
            .collect()
    }

    /// Every post of every account (the publishing runner's scan).
    pub fn all_publications(&self) -> Result<Vec<PublicationRecord>, StoreError> {
        self.store()
            .scan_prefix(Tree::Publications, &[])?
            .iter()
            .map(|(_, bytes)| decode("publication", bytes))
            .collect()
    }

    /// Writes `record` only if the stored one is still `expected` (`None`: none stored):
    /// `Ok(false)` when another writer changed it first.
    pub fn swap_publication(
        &self,
        expected: Option<&PublicationRecord>,
        record: &PublicationRecord,
    ) -> Result<bool, StoreError> {
        let at = key(&[record.account.as_str(), &record.id]);
        let expected = expected.map(encode);
        match self.store().compare_and_swap(
            Tree::Publications,
            &at,
            expected.as_deref(),
            Some(&encode(record)),
        ) {
            Ok(()) => Ok(true),
            Err(StoreError::Conflict) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Adds writing a post to `batch`.
    pub fn batch_publication(batch: &mut Batch, record: &PublicationRecord) {
        batch.put(
            Tree::Publications,
            key(&[record.account.as_str(), &record.id]),
            encode(record),
        );
    }

    /// A file of an account's post.
    pub fn publication_media(
        &self,
        account: &AccountId,
        media: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.store()
            .get(Tree::PublicationMedia, &key(&[account.as_str(), media]))
    }

    /// Adds writing a file to `batch`.
    pub fn batch_publication_media(
        batch: &mut Batch,
        account: &AccountId,
        media: &str,
        bytes: Vec<u8>,
    ) {
        batch.put(
            Tree::PublicationMedia,
            key(&[account.as_str(), media]),
            bytes,
        );
    }

    /// Adds removing a file, and its hosting, to `batch`.
    pub fn batch_remove_publication_media(batch: &mut Batch, account: &AccountId, media: &str) {
        batch.remove(Tree::PublicationMedia, key(&[account.as_str(), media]));
        batch.remove(Tree::HostedMedia, media.as_bytes());
    }

    /// Where a served file is.
    pub fn hosted_media(&self, media: &str) -> Result<Option<HostedMediaRecord>, StoreError> {
        self.store()
            .get(Tree::HostedMedia, media.as_bytes())?
            .map(|bytes| decode("hosted media", &bytes))
            .transpose()
    }

    /// Adds serving a file to `batch`.
    pub fn batch_hosted_media(batch: &mut Batch, media: &str, record: &HostedMediaRecord) {
        batch.put(Tree::HostedMedia, media.as_bytes(), encode(record));
    }

    /// Every served file's index entry (for removing an account's, and the overdue).
    pub fn all_hosted_media(&self) -> Result<Vec<(String, HostedMediaRecord)>, StoreError> {
        self.store()
            .scan_prefix(Tree::HostedMedia, &[])?
            .iter()
            .map(|(k, bytes)| {
                Ok((
                    String::from_utf8_lossy(k).into_owned(),
                    decode("hosted media", bytes)?,
                ))
            })
            .collect()
    }
}
