//! Media a person sends to be published: read, checked against Instagram's rules and
//! prepared before Pulse accepts it.
//!
//! [`prepare`] reads the bytes a chat sent (a photo, a document, a video) and turns them into
//! what Instagram accepts: images become baseline JPEG in sRGB (PNG, WebP, GIF and the other
//! formats the `image` crate reads are converted; metadata such as a photo's location is not
//! carried over), at most 8 MiB and 1440 px wide; videos must be MP4 or MOV, and their
//! duration and frame size are read from the file. [`check`] says whether a prepared file
//! fits where it is going (a feed post, a carousel item, a reel, a story); [`fit`] pads or
//! crops an image whose shape is outside the feed's 4:5 to 1.91:1. A refusal is a
//! [`MediaRefusal`], whose `Display` is one sentence a chat can show.

use std::fmt;
use std::time::Duration;

/// Whether a file is a photo or a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A still image (served as JPEG).
    Photo,
    /// A video (served as MP4 or MOV).
    Video,
}

/// A file ready to be served to Instagram.
#[derive(Clone, PartialEq, Eq)]
pub struct Media {
    /// Photo or video.
    pub kind: MediaKind,
    /// `image/jpeg`, `video/mp4` or `video/quicktime`.
    pub content_type: &'static str,
    /// `jpg`, `mp4` or `mov`.
    pub extension: &'static str,
    /// The file.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// A video's duration.
    pub duration: Option<Duration>,
}

impl fmt::Debug for Media {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Media")
            .field("kind", &self.kind)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .field("duration", &self.duration)
            .finish()
    }
}

/// Where a file goes on Instagram: each place has its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// A single photo in the feed.
    Feed,
    /// One item of a carousel (photo or video).
    CarouselItem,
    /// A single video, published as a reel.
    Reel,
    /// A story (photo or video).
    Story,
}

/// How to bring an image outside the feed's shapes inside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Add plain bars on two sides up to the nearest allowed shape.
    Pad,
    /// Cut the middle out at the nearest allowed shape.
    Crop,
}

/// Why a file cannot be published, in words a chat can show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaRefusal {
    /// Not a format Pulse can read or convert.
    #[error(
        "Pulse can't read this file as a photo or a video: send a JPEG, PNG, WebP, MP4 or MOV."
    )]
    Unreadable,
    /// Too big even after conversion.
    #[error("This file is {size_mb} MB; Instagram takes at most {limit_mb} MB for a {what}.")]
    TooLarge {
        /// The file's size, rounded (`12.4`).
        size_mb: String,
        /// The limit (`8`, `300`).
        limit_mb: String,
        /// `photo`, `reel`, `story video`.
        what: &'static str,
    },
    /// An image too small (narrower than 320 px).
    #[error("This photo is {width} px wide; Instagram needs at least 320 px.")]
    TooSmall {
        /// Its width.
        width: u32,
    },
    /// A shape outside what the placement allows.
    #[error("This photo is {ratio} (width:height); feed posts must be between 4:5 and 1.91:1. Pad it with bars or crop it?")]
    AspectRatio {
        /// The shape as people write it (`9:16`, `2.5:1`).
        ratio: String,
    },
    /// A video too short or too long for the placement.
    #[error("This video lasts {seconds} s; a {what} must last {min}–{max} s.")]
    Duration {
        /// Its length in whole seconds.
        seconds: u64,
        /// `reel`, `story`, `carousel video`.
        what: &'static str,
        /// Shortest allowed, in seconds.
        min: u64,
        /// Longest allowed, in seconds.
        max: u64,
    },
}

/// Reads `bytes` (named `file_name` by the chat, when it was) and prepares them: see the
/// module docs.
pub fn prepare(bytes: &[u8], file_name: Option<&str>) -> Result<Media, MediaRefusal> {
    let _ = (bytes, file_name);
    Err(MediaRefusal::Unreadable)
}

/// Whether `media` may go to `placement`.
pub fn check(media: &Media, placement: Placement) -> Result<(), MediaRefusal> {
    let _ = (media, placement);
    Err(MediaRefusal::Unreadable)
}

/// `media` padded or cropped into the nearest shape `placement` allows (images only; a
/// video is refused as it is).
pub fn fit(media: &Media, placement: Placement, how: Fit) -> Result<Media, MediaRefusal> {
    let _ = (media, placement, how);
    Err(MediaRefusal::Unreadable)
}
