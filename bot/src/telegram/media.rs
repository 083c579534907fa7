//! Photos and videos sent to Pulse on Telegram to post: which messages carry one (the
//! largest size of a photo, a video, or a document that is an image or a video), fetching
//! them from the Bot API (`getFile`, then the file's download URL) within the 20 MB the Bot
//! API serves to bots, and albums — one message per item, sharing a `media_group_id` —
//! gathered into one message to Pulse once no item came for [`ALBUM_QUIET`].
//!
//! Nothing here logs a caption, a file name or a file id.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use engine::inbound::MediaFile;
use teloxide::net::Download as _;
use teloxide::prelude::*;
use teloxide::types::FileId;
use teloxide::RequestError;
use tokio::time::Instant;

use super::TelegramBot;
use crate::uploads::{
    fetch_in_order, postable_name, postable_type, read_bounded, FetchProblem, Fetchable, MB,
};

/// The most the Bot API lets a bot fetch (`getFile`).
pub const MAX_BYTES: u64 = 20 * MB;

/// How long an album waits for its next item before it goes to Pulse as it is.
pub const ALBUM_QUIET: Duration = Duration::from_millis(1500);

/// A file of a message that Pulse may post, not fetched yet.
#[derive(Debug, Clone)]
pub struct PostedFile {
    id: FileId,
    size: u64,
    name: Option<String>,
}

/// The file of `message` Pulse may post: the largest size of a photo, a video, or a
/// document whose type (or else name) says it is an image or a video.
pub fn postable_file(message: &Message) -> Option<PostedFile> {
    if let Some(sizes) = message.photo() {
        let largest = sizes.iter().max_by_key(|size| {
            (
                u64::from(size.width) * u64::from(size.height),
                size.file.size,
            )
        })?;
        return Some(PostedFile {
            id: largest.file.id.clone(),
            size: largest.file.size.into(),
            name: None,
        });
    }
    if let Some(video) = message.video() {
        return Some(PostedFile {
            id: video.file.id.clone(),
            size: video.file.size.into(),
            name: video.file_name.clone(),
        });
    }
    let document = message.document()?;
    let postable = match &document.mime_type {
        Some(mime) if postable_type(mime.essence_str()) => true,
        _ => document.file_name.as_deref().is_some_and(postable_name),
    };
    postable.then(|| PostedFile {
        id: document.file.id.clone(),
        size: document.file.size.into(),
        name: document.file_name.clone(),
    })
}

impl Fetchable for PostedFile {
    fn size(&self) -> u64 {
        self.size
    }

    fn name(&self) -> Option<String> {
        self.name.clone()
    }
}

/// Fetches `files` in order ([`fetch_in_order`]).
pub async fn fetch(bot: &TelegramBot, files: &[PostedFile]) -> (Vec<MediaFile>, Option<String>) {
    fetch_in_order("Telegram", MAX_BYTES, files, |file| async move {
        fetch_one(bot, &file).await
    })
    .await
}

async fn fetch_one(bot: &TelegramBot, file: &PostedFile) -> Result<Vec<u8>, FetchProblem> {
    let found = bot.get_file(file.id.clone()).await.map_err(|error| {
        tracing::warn!(error = kind(&error), "getFile failed");
        FetchProblem::Failed
    })?;
    if u64::from(found.meta.size) > MAX_BYTES {
        return Err(FetchProblem::TooBig);
    }
    let fetched = read_bounded(bot.download_file_stream(&found.path), MAX_BYTES).await;
    if fetched == Err(FetchProblem::Failed) {
        tracing::warn!("downloading a file from Telegram failed");
    }
    fetched
}

/// What kind of failure a Bot API error is, for a log line (its text may hold a file id).
fn kind(error: &RequestError) -> &'static str {
    match error {
        RequestError::Api(_) => "the Bot API refused",
        RequestError::Network(_) | RequestError::Io(_) => "network",
        RequestError::RetryAfter(_) => "rate limited",
        _ => "other",
    }
}

/// The albums being gathered, by chat and `media_group_id`.
#[derive(Default)]
pub struct Albums(Mutex<HashMap<(i64, String), Album>>);

/// An album's items so far.
pub struct Album {
    /// Its first item (the chat, and who sent it).
    pub first: Message,
    items: Vec<(i32, PostedFile)>,
    caption: Option<String>,
    last: Instant,
}

impl Album {
    /// Its files, in the album's order.
    pub fn files(&self) -> Vec<PostedFile> {
        let mut items = self.items.clone();
        items.sort_by_key(|(id, _)| *id);
        items.into_iter().map(|(_, file)| file).collect()
    }

    /// The caption (the one item that has it).
    pub fn caption(&self) -> &str {
        self.caption.as_deref().unwrap_or_default()
    }
}

impl Albums {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(i64, String), Album>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds an item of the album `album` of `message`'s chat. `Some(key)` when it is the
    /// album's first: the caller then waits for it ([`Albums::gathered`]).
    pub fn add(&self, message: &Message, album: &str, file: PostedFile) -> Option<(i64, String)> {
        let key = (message.chat.id.0, album.to_owned());
        let mut albums = self.lock();
        let caption = message
            .caption()
            .filter(|caption| !caption.trim().is_empty());
        if let Some(gathering) = albums.get_mut(&key) {
            gathering.items.push((message.id.0, file));
            if gathering.caption.is_none() {
                gathering.caption = caption.map(str::to_owned);
            }
            gathering.last = Instant::now();
            return None;
        }
        albums.insert(
            key.clone(),
            Album {
                first: message.clone(),
                items: vec![(message.id.0, file)],
                caption: caption.map(str::to_owned),
                last: Instant::now(),
            },
        );
        Some(key)
    }

    /// Waits until [`ALBUM_QUIET`] passes with no new item of the album `key`, then takes it.
    pub async fn gathered(&self, key: &(i64, String)) -> Option<Album> {
        loop {
            let due = self.lock().get(key)?.last + ALBUM_QUIET;
            if Instant::now() >= due {
                let mut albums = self.lock();
                // An item may have come meanwhile.
                if albums
                    .get(key)
                    .is_some_and(|album| album.last + ALBUM_QUIET <= Instant::now())
                {
                    return albums.remove(key);
                }
                continue;
            }
            tokio::time::sleep_until(due).await;
        }
    }
}
