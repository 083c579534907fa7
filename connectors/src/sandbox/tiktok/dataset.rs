//! The deterministic synthetic TikTok users that the sandbox serves.
//!
//! [`SandboxTikTokUser::generate`] turns a [`TikTokUserSpec`] and the sandbox's `today` into a
//! user with videos; the same spec and day always give the same data (a `ChaCha8Rng` seeded
//! with the spec's seed, fixed lists). The counts are not stored but computed at a time
//! ([`SandboxTikTokVideo::counts_at`], [`SandboxTikTokUser::videos_at`],
//! [`SandboxTikTokUser::profile_at`]), so they grow as the sandbox's clock advances, and tests
//! can compute what the server answers from the same functions.
//!
//! Conventions (all UTC):
//! - videos are newest first, the newest published a few hours before `today` 00:00; a video
//!   exists from its `published` instant on (millisecond precision);
//! - `create_time` on the wire is whole seconds; the list's `cursor` is milliseconds;
//! - when a user has more than 20 videos, the 20th and 21st newest share the same second
//!   (700 ms and 300 ms into it): a client that builds its own cursor from `create_time`
//!   instead of passing back `data.cursor` loses the 21st;
//! - a video's views follow `plateau × (1 − e^(−hours/30)) + plateau × 0.15 % × days`:
//!   fast at first, then a slow tail, so every video still gains a little each day; likes,
//!   comments and shares are fixed fractions of the views (rounded down);
//! - the follower count is the spec's `followers` at `today` 00:00, plus one follower per
//!   50 views gained since then (fewer before it);
//! - `likes_count` sums the likes of the videos published by then, `video_count` counts them.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::sandbox::pools::{EMOJI, HASHTAGS, INTERNATIONAL_CAPTIONS, OPENERS, TRICKY_CAPTIONS};

/// Longest `title` and `video_description` TikTok serves (characters).
const MAX_TEXT: usize = 150;

/// Views needed for one more follower.
const VIEWS_PER_FOLLOWER: u64 = 50;

/// Titles with characters that Markdown, MarkdownV2 and HTML treat specially, and emoji.
const TRICKY_TITLES: [&str; 6] = [
    "*Flash* sale_30 [today] 🔥",
    "2+2=4 & mugs = 💯 | `no code`",
    "<b>Not bold</b> ~~gone~~ soon",
    "Q&A: > what clay? (stoneware!) #1",
    "_*[]()~`>#+-=|{}.! ✨",
    "新作 🌸 手作りの器 — مجموعة جديدة",
];

/// Who can log in to the sandbox's TikTok, and how big their synthetic account is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TikTokUserSpec {
    /// The seed of the generator: the same seed (and `today`) gives the same user.
    pub seed: u64,
    /// The `username`, without `@`.
    pub username: String,
    /// The `display_name`.
    pub display_name: String,
    /// How many videos.
    pub videos: usize,
    /// Over how many days before `today` the videos were published.
    pub days: u32,
    /// `follower_count` at `today` 00:00 UTC.
    pub followers: u64,
    /// `following_count` (constant).
    pub following: u64,
}

impl TikTokUserSpec {
    /// The default user: "Pulse Demo Shop" (`pulse.demo.tiktok`), 45 videos over 120 days,
    /// 8 600 followers.
    pub fn demo_shop() -> Self {
        Self {
            seed: 21,
            username: "pulse.demo.tiktok".to_owned(),
            display_name: "Pulse Demo Shop".to_owned(),
            videos: 45,
            days: 120,
            followers: 8_600,
            following: 182,
        }
    }

    /// A small second user: "Second Sandbox" (`second.tiktok`), 8 videos over 30 days.
    pub fn second() -> Self {
        Self {
            seed: 23,
            username: "second.tiktok".to_owned(),
            display_name: "Second Sandbox".to_owned(),
            videos: 8,
            days: 30,
            followers: 640,
            following: 51,
        }
    }
}

/// A video's lifetime counts at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TikTokCounts {
    /// `view_count`.
    pub views: u64,
    /// `like_count`.
    pub likes: u64,
    /// `comment_count`.
    pub comments: u64,
    /// `share_count`.
    pub shares: u64,
}

/// A generated video: what never changes, and the curve its counts follow.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxTikTokVideo {
    /// `id`: a numeric string above 2^53 (the publishing second in the high 32 bits, as
    /// TikTok's ids).
    pub id: String,
    /// `title`; empty for a few videos (served as `""`).
    pub title: String,
    /// `video_description`, at most 150 characters.
    pub description: String,
    /// When it was published, to the millisecond.
    pub published: DateTime<Utc>,
    /// `duration` in seconds.
    pub duration: u32,
    /// `width` in pixels.
    pub width: u32,
    /// `height` in pixels.
    pub height: u32,
    /// Where the views level off (before the slow tail).
    pub plateau: u64,
    /// Likes per view.
    pub like_rate: f64,
    /// Comments per view.
    pub comment_rate: f64,
    /// Shares per view.
    pub share_rate: f64,
}

impl SandboxTikTokVideo {
    /// `create_time`: Unix seconds.
    pub fn create_time(&self) -> i64 {
        self.published.timestamp()
    }

    /// Unix milliseconds: what `data.cursor` carries.
    pub fn create_time_ms(&self) -> i64 {
        self.published.timestamp_millis()
    }

    /// The counts at `now`; `None` before the video was published.
    pub fn counts_at(&self, now: DateTime<Utc>) -> Option<TikTokCounts> {
        if now < self.published {
            return None;
        }
        let hours = (now - self.published).num_milliseconds() as f64 / 3_600_000.0;
        let plateau = self.plateau as f64;
        let views = plateau * (1.0 - (-hours / 30.0).exp()) + plateau * 0.0015 * hours / 24.0;
        let views = views.max(0.0).floor();
        let part = |rate: f64| (views * rate).floor() as u64;
        Some(TikTokCounts {
            views: views as u64,
            likes: part(self.like_rate),
            comments: part(self.comment_rate),
            shares: part(self.share_rate),
        })
    }
}

/// A video as served at a time: the video and its counts then.
#[derive(Debug, Clone, PartialEq)]
pub struct TikTokVideoAt {
    /// The video.
    pub video: SandboxTikTokVideo,
    /// Its counts at that time.
    pub counts: TikTokCounts,
}

/// A user's profile at a time, every field as `GET /v2/user/info/` serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TikTokProfileAt {
    /// `open_id`.
    pub open_id: String,
    /// `union_id`.
    pub union_id: String,
    /// `display_name`.
    pub display_name: String,
    /// `username`.
    pub username: String,
    /// `bio_description`.
    pub bio_description: String,
    /// `is_verified`.
    pub is_verified: bool,
    /// `follower_count`.
    pub follower_count: u64,
    /// `following_count`.
    pub following_count: u64,
    /// `likes_count`: likes over the videos published by then.
    pub likes_count: u64,
    /// `video_count`: the videos published by then.
    pub video_count: u64,
}

/// A generated TikTok user.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxTikTokUser {
    /// The spec it was generated from.
    pub spec: TikTokUserSpec,
    /// `open_id`: the user's id for the sandbox's app.
    pub open_id: String,
    /// `union_id`.
    pub union_id: String,
    /// `bio_description` (Markdown-special characters and emoji included).
    pub bio_description: String,
    /// `is_verified`.
    pub is_verified: bool,
    /// `today` 00:00 UTC of the generation: where `spec.followers` holds.
    pub today: DateTime<Utc>,
    /// Every generated video, newest first (also those not published yet by the clock).
    pub videos: Vec<SandboxTikTokVideo>,
}

/// `date` 00:00 UTC.
fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

fn alnum(rng: &mut ChaCha8Rng, len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len)
        .map(|_| char::from(CHARS[rng.gen_range(0..CHARS.len())]))
        .collect()
}

/// At most [`MAX_TEXT`] characters (never cutting a character).
fn clip(text: &str) -> String {
    text.chars().take(MAX_TEXT).collect()
}

impl SandboxTikTokUser {
    /// Generates the user of `spec` as of `today` (the data ends at `today` 00:00 UTC).
    pub fn generate(spec: &TikTokUserSpec, today: NaiveDate) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed ^ 0x7117_0c4b);
        let end = start_of(today);
        let open_id = format!("-000{}", alnum(&mut rng, 32));
        let union_id = format!(
            "{}.{}",
            alnum(&mut rng, 8).to_ascii_lowercase(),
            alnum(&mut rng, 24)
        );
        let bio_description = format!(
            "Handmade ceramics 🏺 | *small batch* & [slow] made_by_hand — shop ↓ #{}",
            spec.username.replace('.', "_")
        );
        let n = spec.videos;
        let span_ms = i64::from(spec.days.max(1)) * 86_400_000;
        let step = span_ms / i64::try_from(n.max(1)).unwrap_or(1);
        let mut times: Vec<DateTime<Utc>> = (0..n)
            .map(|i| {
                let i = i64::try_from(i).unwrap_or(0);
                // Evenly spread with a jitter of ±30 % of a step, the newest 2–10 h ago.
                let jitter = rng.gen_range(-(step * 3 / 10)..=(step * 3 / 10));
                let back = if i == 0 {
                    rng.gen_range(2 * 3_600_000..10 * 3_600_000)
                } else {
                    i * step + step / 2 + jitter
                };
                end - Duration::milliseconds(back)
            })
            .collect();
        times.sort_by(|a, b| b.cmp(a));
        times.dedup();
        if times.len() > 20 {
            // The trap across the 20-item boundary: the same second, 700 ms and 300 ms in.
            let (second, fallback) = (times[19].timestamp(), times[19]);
            let at = |ms: i64| {
                Utc.timestamp_millis_opt(second * 1000 + ms)
                    .single()
                    .unwrap_or(fallback)
            };
            times[19] = at(700);
            times[20] = at(300);
        }
        let videos = times
            .iter()
            .enumerate()
            .map(|(i, &published)| Self::video(&mut rng, i, published))
            .collect();
        Self {
            spec: spec.clone(),
            open_id,
            union_id,
            bio_description,
            is_verified: false,
            today: end,
            videos,
        }
    }

    fn video(rng: &mut ChaCha8Rng, i: usize, published: DateTime<Utc>) -> SandboxTikTokVideo {
        let low: u32 = rng.gen();
        let seconds = u64::try_from(published.timestamp()).unwrap_or(0);
        let id = ((seconds << 32) | u64::from(low)).to_string();
        let emoji = EMOJI[rng.gen_range(0..EMOJI.len())];
        let opener = OPENERS[rng.gen_range(0..OPENERS.len())];
        let title = match i % 9 {
            4 => String::new(),
            7 => TRICKY_TITLES[(i / 9) % TRICKY_TITLES.len()].to_owned(),
            _ => format!("{opener} {emoji}"),
        };
        let tags: Vec<&str> = (0..rng.gen_range(1..4))
            .map(|_| HASHTAGS[rng.gen_range(0..HASHTAGS.len())])
            .collect();
        let description = match i % 7 {
            3 => TRICKY_CAPTIONS[(i / 7) % TRICKY_CAPTIONS.len()].to_owned(),
            5 => INTERNATIONAL_CAPTIONS[(i / 7) % INTERNATIONAL_CAPTIONS.len()].to_owned(),
            6 if i.is_multiple_of(2) => String::new(),
            _ => format!(
                "{opener}! {emoji} Made by hand, one at a time — link in bio. {}",
                tags.join(" ")
            ),
        };
        // Mostly a few thousand views, now and then a hit.
        let plateau = if rng.gen_range(0..10) == 0 {
            rng.gen_range(40_000..250_000)
        } else {
            rng.gen_range(800..12_000)
        };
        SandboxTikTokVideo {
            id,
            title: clip(&title),
            description: clip(&description),
            published,
            duration: rng.gen_range(7..=180),
            width: 1080,
            height: 1920,
            plateau,
            like_rate: rng.gen_range(0.04..0.12),
            comment_rate: rng.gen_range(0.002..0.01),
            share_rate: rng.gen_range(0.001..0.006),
        }
    }

    /// The videos published by `now`, newest first, with their counts then.
    pub fn videos_at(&self, now: DateTime<Utc>) -> Vec<TikTokVideoAt> {
        self.videos
            .iter()
            .filter_map(|v| {
                v.counts_at(now).map(|counts| TikTokVideoAt {
                    video: v.clone(),
                    counts,
                })
            })
            .collect()
    }

    fn total_views(&self, now: DateTime<Utc>) -> u64 {
        self.videos
            .iter()
            .filter_map(|v| v.counts_at(now))
            .map(|c| c.views)
            .sum()
    }

    /// The profile at `now`.
    pub fn profile_at(&self, now: DateTime<Utc>) -> TikTokProfileAt {
        let (base, current) = (self.total_views(self.today), self.total_views(now));
        let followers = if current >= base {
            self.spec.followers + (current - base) / VIEWS_PER_FOLLOWER
        } else {
            self.spec
                .followers
                .saturating_sub((base - current).div_ceil(VIEWS_PER_FOLLOWER))
        };
        let (likes, count) = self
            .videos
            .iter()
            .filter_map(|v| v.counts_at(now))
            .fold((0, 0), |(likes, n), c| (likes + c.likes, n + 1));
        TikTokProfileAt {
            open_id: self.open_id.clone(),
            union_id: self.union_id.clone(),
            display_name: self.spec.display_name.clone(),
            username: self.spec.username.clone(),
            bio_description: self.bio_description.clone(),
            is_verified: self.is_verified,
            follower_count: followers,
            following_count: self.spec.following,
            likes_count: likes,
            video_count: count,
        }
    }
}
