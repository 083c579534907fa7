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
//!
//! Decisions the rules leave open:
//! - The format is read from the bytes, never from the file's name. Every photo is decoded
//!   and encoded again, a JPEG too: that is what drops EXIF, XMP and IPTC (a phone photo's
//!   GPS position is never republished); the EXIF orientation is applied to the pixels first,
//!   so a portrait phone photo stays upright.
//! - Colour: a photo with an RGB ICC profile (Display P3 from phones, Adobe RGB) is converted
//!   to sRGB with `moxcms`; a profile that cannot be read is ignored and the pixels are taken
//!   as sRGB. CMYK JPEGs are turned into RGB by the decoder without their profile (colours
//!   may be a little off; print files are rare in a chat). Transparency is flattened on white.
//! - Decoding is bounded: at most 12,000 px on a side and 512 MiB of pixels, so a
//!   decompression bomb is refused ([`MediaRefusal::TooManyPixels`]) before it is decoded.
//! - Stories take any shape (Instagram letterboxes them; 9:16 fills the screen), so only feed
//!   posts and carousel items are held to 4:5–1.91:1. A photo can't be a reel, and a video
//!   can't be a single feed post (Instagram publishes a lone video as a reel).
//! - Videos are read, not converted: their container (MP4 or MOV), duration and frame size
//!   come from a small box parser (`video.rs`); codecs, frame rate and audio are left to
//!   Instagram, which says so when it refuses them. A carousel video is held to the story
//!   video's 100 MB.

use std::fmt;
use std::time::Duration;

mod photo;
mod video;

#[cfg(test)]
mod tests;

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
    /// An image wider than Instagram takes (what [`prepare`] makes never is).
    #[error("This photo is {width} px wide; Instagram takes at most 1440 px.")]
    TooWide {
        /// Its width.
        width: u32,
    },
    /// An image whose pixels would take more memory than Pulse spends on one photo.
    #[error("This photo has too many pixels for Pulse to convert; send a smaller one.")]
    TooManyPixels,
    /// A format recognised but not converted (HEIC, AVIF).
    #[error("Pulse can't convert {format} photos yet; send this one as a JPEG or PNG.")]
    UnsupportedFormat {
        /// `HEIC` or `AVIF`.
        format: &'static str,
    },
    /// A photo sent as a reel.
    #[error("A reel must be a video; a photo can go in a post, a carousel or a story.")]
    PhotoAsReel,
    /// A video sent as a single feed post.
    #[error(
        "Instagram publishes a single video as a reel, not as a feed photo; send it as a reel."
    )]
    VideoAsFeedPost,
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
/// module docs. The name is not trusted and does not decide anything: the format is read
/// from the bytes.
pub fn prepare(bytes: &[u8], file_name: Option<&str>) -> Result<Media, MediaRefusal> {
    let _ = file_name;
    if let Some(format) = photo::sniff(bytes) {
        let image = photo::decode(bytes, format)?;
        if image.width() < photo::MIN_WIDTH {
            return Err(MediaRefusal::TooSmall {
                width: image.width(),
            });
        }
        return photo::encode(image);
    }
    let read = video::read(bytes)?;
    if bytes.len() > REEL_MAX_BYTES {
        return Err(too_large_video(bytes.len(), REEL_MAX_BYTES, "reel"));
    }
    let (content_type, extension) = if read.quicktime {
        ("video/quicktime", "mov")
    } else {
        ("video/mp4", "mp4")
    };
    Ok(Media {
        kind: MediaKind::Video,
        content_type,
        extension,
        bytes: bytes.to_vec(),
        width: read.width,
        height: read.height,
        duration: Some(read.duration),
    })
}

/// Whether `media` may go to `placement`.
pub fn check(media: &Media, placement: Placement) -> Result<(), MediaRefusal> {
    match media.kind {
        MediaKind::Photo => check_photo(media, placement),
        MediaKind::Video => check_video(media, placement),
    }
}

/// `media` padded or cropped into the nearest shape `placement` allows (images only; a
/// video is refused as it is).
pub fn fit(media: &Media, placement: Placement, how: Fit) -> Result<Media, MediaRefusal> {
    match check(media, placement) {
        Ok(()) => return Ok(media.clone()),
        Err(MediaRefusal::AspectRatio { .. }) if media.kind == MediaKind::Photo => {}
        Err(refusal) => return Err(refusal),
    }
    let image = photo::decode(&media.bytes, image::ImageFormat::Jpeg)?;
    let fitted = match how {
        Fit::Pad => photo::pad_to_feed(&image),
        Fit::Crop => photo::crop_to_feed(&image),
    };
    let fitted = photo::encode(fitted)?;
    check(&fitted, placement)?;
    Ok(fitted)
}

/// A photo's largest size (Meta: "It should be less than 8 MiB").
const PHOTO_MAX_BYTES: usize = 8 * 1024 * 1024;
/// A reel's largest size (Meta: 300 MB).
const REEL_MAX_BYTES: usize = 300_000_000;
/// A story video's largest size (Meta: 100 MB), also held for a carousel's videos.
const STORY_VIDEO_MAX_BYTES: usize = 100_000_000;

fn check_photo(media: &Media, placement: Placement) -> Result<(), MediaRefusal> {
    if placement == Placement::Reel {
        return Err(MediaRefusal::PhotoAsReel);
    }
    if media.content_type != "image/jpeg" || !media.bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(MediaRefusal::Unreadable);
    }
    if media.bytes.len() > PHOTO_MAX_BYTES {
        return Err(MediaRefusal::TooLarge {
            size_mb: megabytes(media.bytes.len(), 1024 * 1024),
            limit_mb: "8".to_owned(),
            what: "photo",
        });
    }
    if media.width < photo::MIN_WIDTH {
        return Err(MediaRefusal::TooSmall { width: media.width });
    }
    if media.width > photo::MAX_WIDTH {
        return Err(MediaRefusal::TooWide { width: media.width });
    }
    let held_to_feed_shapes = matches!(placement, Placement::Feed | Placement::CarouselItem);
    if held_to_feed_shapes && !photo::feed_shape(media.width, media.height) {
        return Err(MediaRefusal::AspectRatio {
            ratio: ratio_name(media.width, media.height),
        });
    }
    Ok(())
}

fn check_video(media: &Media, placement: Placement) -> Result<(), MediaRefusal> {
    let (what, max_bytes, max_seconds) = match placement {
        Placement::Feed => return Err(MediaRefusal::VideoAsFeedPost),
        Placement::Reel => ("reel", REEL_MAX_BYTES, 15 * 60),
        Placement::Story => ("story", STORY_VIDEO_MAX_BYTES, 60),
        Placement::CarouselItem => ("carousel video", STORY_VIDEO_MAX_BYTES, 60),
    };
    const MIN_SECONDS: u64 = 3;
    if !matches!(media.content_type, "video/mp4" | "video/quicktime") {
        return Err(MediaRefusal::Unreadable);
    }
    let Some(duration) = media.duration else {
        return Err(MediaRefusal::Unreadable);
    };
    if media.bytes.len() > max_bytes {
        let what = if placement == Placement::Story {
            "story video"
        } else {
            what
        };
        return Err(too_large_video(media.bytes.len(), max_bytes, what));
    }
    // Whole seconds as the person counts them: 2.9 s is too short as "2 s", 60.2 s too long
    // as "61 s".
    let refusal = |seconds| MediaRefusal::Duration {
        seconds,
        what,
        min: MIN_SECONDS,
        max: max_seconds,
    };
    if duration < Duration::from_secs(MIN_SECONDS) {
        return Err(refusal(duration.as_secs()));
    }
    if duration > Duration::from_secs(max_seconds) {
        let rounded_up = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
        return Err(refusal(rounded_up));
    }
    Ok(())
}

fn too_large_video(size: usize, limit: usize, what: &'static str) -> MediaRefusal {
    MediaRefusal::TooLarge {
        size_mb: megabytes(size, 1_000_000),
        limit_mb: (limit / 1_000_000).to_string(),
        what,
    }
}

/// `bytes` in megabytes of `unit` bytes, to one decimal (`12.4`).
fn megabytes(bytes: usize, unit: usize) -> String {
    format!("{:.1}", bytes as f64 / unit as f64)
}

/// A shape as people write it: the nearest common name when within 1 % of it (`9:16`,
/// `1:1`, `1.91:1`), else `x.xx:1` for a wide shape and the reduced `W:H` (or `1:x.xx`) for
/// a tall one.
fn ratio_name(width: u32, height: u32) -> String {
    const NAMED: [(&str, f64); 15] = [
        ("1:1", 1.0),
        ("4:5", 0.8),
        ("5:4", 1.25),
        ("4:3", 4.0 / 3.0),
        ("3:4", 0.75),
        ("3:2", 1.5),
        ("2:3", 2.0 / 3.0),
        ("16:9", 16.0 / 9.0),
        ("9:16", 9.0 / 16.0),
        ("1.91:1", 1.91),
        ("2:1", 2.0),
        ("1:2", 0.5),
        ("21:9", 21.0 / 9.0),
        ("3:1", 3.0),
        ("1:3", 1.0 / 3.0),
    ];
    let ratio = f64::from(width) / f64::from(height.max(1));
    if let Some((name, _)) = NAMED
        .iter()
        .find(|(_, named)| (ratio / named - 1.0).abs() < 0.01)
    {
        return (*name).to_owned();
    }
    if ratio >= 1.0 {
        return format!("{}:1", two_decimals(ratio));
    }
    let divisor = gcd(width, height);
    let (w, h) = (width / divisor.max(1), height / divisor.max(1));
    if w <= 20 && h <= 20 {
        format!("{w}:{h}")
    } else {
        format!("1:{}", two_decimals(1.0 / ratio))
    }
}

/// `x` to at most two decimals, without trailing zeros (`2.5`, `3`, `1.37`).
fn two_decimals(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
