//! The deterministic synthetic Instagram account that the sandbox serves.
//!
//! [`SandboxAccount::generate`] turns an [`AccountSpec`] and the sandbox's "today" into a full
//! account: profile, posts of every kind with lifetime insights, 400 days of daily account
//! insights, 30 days of online followers, demographics, commenters and comments. The same spec
//! and day always give the same data (a `ChaCha8Rng` seeded with the spec's seed, fixed lists,
//! no hash-map iteration), so tests can compute expected figures from the returned values.
//!
//! Conventions of the synthetic data (all in UTC):
//! - the data ends at `today` 00:00: every post, comment and daily value is from before it;
//! - daily insights cover `today - 400 days ..= today - 1 day`, oldest first;
//! - posts are newest first, the newest published yesterday evening;
//! - posts published in the evening (17–20 h) and on weekends do better; reels reach more.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::pools::{
    AGE_BUCKETS, CITIES, COUNTRIES, EMOJI, EMOJI_COMMENTS, FAN_REPLIES, HASHTAGS,
    INJECTION_CAPTION_LINE, INJECTION_COMMENT, INTERNATIONAL_CAPTIONS, LEADS, LEAD_REPLIES,
    NAME_STEMS, NAME_SUFFIXES, NEAR_MISSES, OPENERS, PRAISE, QUESTIONS, SENTENCES, THANKS_REPLIES,
    TRICKY_CAPTIONS, TRICKY_COMMENTS,
};
use super::{AccountSpec, Posting};

/// How many days of daily account insights an account has (ending yesterday).
pub const HISTORY_DAYS: u32 = 400;

/// How many days of `online_followers` an account has (ending yesterday).
pub const ONLINE_FOLLOWER_DAYS: u32 = 30;

/// At most this many top-level comments per post (keeps comment syncs of the demo short).
const MAX_TOP_LEVEL_COMMENTS: usize = 300;

/// Spam comments; they are generated with `hidden: true`.
const SPAM: [&str; 3] = [
    "Follow me for free followers!!! 💰💰",
    "Promote it on @cheap.growth.now 🚀",
    "DM to collab 💸 (bot)",
];

/// The kind of a post, which decides its `media_type` / `media_product_type` and its metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PostKind {
    /// A feed photo: `IMAGE` / `FEED`.
    Image,
    /// A feed video that is not a reel: `VIDEO` / `FEED`.
    Video,
    /// A reel: `VIDEO` / `REELS`.
    Reel,
    /// A carousel album: `CAROUSEL_ALBUM` / `FEED`.
    Carousel,
    /// A story: `IMAGE` or `VIDEO` / `STORY`. Never generated (not in [`PostKind::ALL`]):
    /// only published through the API, and, as on Instagram, not in the media list.
    Story {
        /// Whether it is a video.
        video: bool,
    },
}

impl PostKind {
    /// The four kinds of generated posts.
    pub const ALL: [PostKind; 4] = [
        PostKind::Image,
        PostKind::Video,
        PostKind::Reel,
        PostKind::Carousel,
    ];

    /// The Graph `media_type` (reels report `VIDEO`).
    pub fn media_type(self) -> &'static str {
        match self {
            PostKind::Image | PostKind::Story { video: false } => "IMAGE",
            PostKind::Video | PostKind::Reel | PostKind::Story { video: true } => "VIDEO",
            PostKind::Carousel => "CAROUSEL_ALBUM",
        }
    }

    /// The Graph `media_product_type`.
    pub fn media_product_type(self) -> &'static str {
        match self {
            PostKind::Reel => "REELS",
            PostKind::Story { .. } => "STORY",
            _ => "FEED",
        }
    }
}

/// The profile as `GET /me` serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxProfile {
    /// The professional account id: 17 digits starting `17841`.
    pub user_id: String,
    /// The app-scoped id: the digits of a number above 2^53 (odd, so an `f64` cannot hold it).
    /// The code exchange returns it as a bare JSON number.
    pub id: String,
    /// The handle, without `@`.
    pub username: String,
    /// The display name.
    pub name: String,
    /// Always `BUSINESS`.
    pub account_type: String,
    /// A fake CDN URL.
    pub profile_picture_url: String,
    /// The bio.
    pub biography: String,
    /// The website.
    pub website: String,
    /// Current followers (equals the spec's `followers`).
    pub followers_count: u64,
    /// Accounts followed.
    pub follows_count: u64,
    /// Published media count: a bit lower than `posts.len()`, like real Instagram.
    pub media_count: u64,
}

/// One item of a carousel album.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxChild {
    /// The child's media id.
    pub id: String,
    /// `IMAGE` or `VIDEO`.
    pub media_type: String,
    /// A fake CDN URL.
    pub media_url: String,
    /// A fake thumbnail URL (videos only).
    pub thumbnail_url: Option<String>,
}

/// Lifetime insights of a post (what `/{media-id}/insights` serves). `None` = the metric does
/// not exist for this post (Instagram answers an error for it).
#[derive(Debug, Clone, PartialEq)]
pub struct PostInsights {
    /// `views`.
    pub views: u64,
    /// `reach`.
    pub reach: u64,
    /// `likes` (equals the post's `like_count`).
    pub likes: u64,
    /// `comments` (equals the post's `comments_count`, replies included).
    pub comments: u64,
    /// `saved`.
    pub saved: u64,
    /// `shares`; `None` on the images that reject the metric (`rejects_shares`).
    pub shares: Option<u64>,
    /// `total_interactions` = likes + comments + saved + shares (0 when shares is `None`).
    pub total_interactions: u64,
    /// `follows` (`None` on reels).
    pub follows: Option<u64>,
    /// `profile_visits` (`None` on reels).
    pub profile_visits: Option<u64>,
    /// `profile_activity` (`None` on reels).
    pub profile_activity: Option<u64>,
    /// `reposts`.
    pub reposts: u64,
    /// `ig_reels_avg_watch_time` in milliseconds (reels only).
    pub ig_reels_avg_watch_time: Option<u64>,
    /// `ig_reels_video_view_total_time` in milliseconds (reels only).
    pub ig_reels_video_view_total_time: Option<u64>,
    /// `reels_skip_rate` in percent, one decimal (reels only; a fractional value on the wire).
    pub reels_skip_rate: Option<f64>,
}

/// A media item.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxPost {
    /// The media id (17 digits).
    pub id: String,
    /// Image, video, reel or carousel.
    pub kind: PostKind,
    /// The caption; `None` for a few posts (the field is then absent on the wire).
    pub caption: Option<String>,
    /// The shortcode of the permalink.
    pub shortcode: String,
    /// `https://www.instagram.com/p/<shortcode>/` or `/reel/<shortcode>/`.
    pub permalink: String,
    /// When it was published (UTC, whole seconds).
    pub timestamp: DateTime<Utc>,
    /// A fake CDN URL; `None` for some reels (licensed audio), like real Instagram.
    pub media_url: Option<String>,
    /// A fake thumbnail URL (videos and reels).
    pub thumbnail_url: Option<String>,
    /// For reels: whether it is also shown in the feed.
    pub is_shared_to_feed: Option<bool>,
    /// Carousel items (empty for other kinds).
    pub children: Vec<SandboxChild>,
    /// `like_count` (equals `insights.likes`).
    pub like_count: u64,
    /// `comments_count`: comments plus replies on this post (equals `insights.comments`).
    pub comments_count: u64,
    /// This image rejects the `shares` metric with a code-100 error (the images of the
    /// account's oldest fifth of posts do).
    pub rejects_shares: bool,
    /// Posted before the account became a business account: every insights request on it
    /// fails with code 100, subcode 2108006 (`IGApiException`). `insights` is still filled in
    /// (it is what the daily account figures were built from) but never served.
    pub pre_conversion: bool,
    /// Lifetime insights.
    pub insights: PostInsights,
}

/// One day of account insights (`/me/insights`, `period=day`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyAccountInsights {
    /// The UTC day.
    pub date: NaiveDate,
    /// `reach` (unique accounts that day; not additive across days, but `total_value` over a
    /// window is served as the sum of the days, see the server docs).
    pub reach: u64,
    /// `views`.
    pub views: u64,
    /// `accounts_engaged`.
    pub accounts_engaged: u64,
    /// `total_interactions` = likes + comments + shares + saves + replies.
    pub total_interactions: u64,
    /// `likes`.
    pub likes: u64,
    /// `comments`.
    pub comments: u64,
    /// `shares`.
    pub shares: u64,
    /// `saves`.
    pub saves: u64,
    /// `replies` (story replies).
    pub replies: u64,
    /// `follower_count`: new followers that day (never negative here).
    pub follower_count: u64,
    /// Followers at the end of the day (not served by the API; the last day equals
    /// `followers_count`, and each day is the previous one plus `follower_count`).
    pub followers_total: u64,
}

/// `online_followers` for one day: hour of day (UTC, 0..=23) → followers online. Some hours
/// are missing, and one day is empty (`{}` on the wire).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineFollowersDay {
    /// The UTC day.
    pub date: NaiveDate,
    /// Hour → count.
    pub by_hour: BTreeMap<u8, u64>,
}

/// `follower_demographics` (the same figures for `this_month` and `this_week`). Each list is
/// largest first, at most 45 entries, and sums below `followers_count`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SandboxDemographics {
    /// Age buckets (`18-24` …).
    pub ages: Vec<(String, u64)>,
    /// `F`, `M`, `U`.
    pub genders: Vec<(String, u64)>,
    /// ISO-2 countries.
    pub countries: Vec<(String, u64)>,
    /// `City, Region` strings.
    pub cities: Vec<(String, u64)>,
}

/// Someone who comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxCommenter {
    /// The Instagram-scoped id (`from.id`), 16 digits.
    pub id: String,
    /// The handle.
    pub username: String,
}

/// A comment or a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxComment {
    /// The comment id (17 digits).
    pub id: String,
    /// The post it is on.
    pub media_id: String,
    /// For a reply: the top-level comment it answers.
    pub parent_id: Option<String>,
    /// `from.id`: a commenter's IGSID, or the account's `user_id` for its own replies.
    pub from_id: String,
    /// `from.username` / `username`.
    pub username: String,
    /// The text (untrusted: markup, emoji, one prompt injection per account).
    pub text: String,
    /// When it was written (UTC).
    pub timestamp: DateTime<Utc>,
    /// Likes on the comment.
    pub like_count: u64,
    /// Hidden by the account (spam); still listed, with `hidden: true`.
    pub hidden: bool,
    /// Ground truth: the text shows buying intent (price, buying, shipping, sizes, availability,
    /// links, DMs). Near misses like "how much I love this" are `false`.
    pub is_lead: bool,
    /// Written by the account itself (a reply from `profile.username`).
    pub by_account: bool,
}

/// A generated account: everything the sandbox serves for one login. All figures are plain
/// data, so tests can compute expected answers without the server.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxAccount {
    /// What it was generated from.
    pub spec: AccountSpec,
    /// The day the data ends (exclusive).
    pub today: NaiveDate,
    /// `GET /me`.
    pub profile: SandboxProfile,
    /// Media, newest first.
    pub posts: Vec<SandboxPost>,
    /// Daily account insights, oldest first, `today - 400 ..= today - 1`.
    pub daily: Vec<DailyAccountInsights>,
    /// Online followers, oldest first, the last 30 days.
    pub online_followers: Vec<OnlineFollowersDay>,
    /// Follower demographics.
    pub demographics: SandboxDemographics,
    /// Everyone who comments; index 0 is the most active fan (Zipf-like activity).
    pub commenters: Vec<SandboxCommenter>,
    /// Every comment and reply, grouped by post (posts newest first; within a post, top-level
    /// comments newest first, each followed by its replies oldest first).
    pub comments: Vec<SandboxComment>,
}

impl SandboxAccount {
    /// Generates the account. Deterministic: the same spec and `today` give equal values.
    pub fn generate(spec: &AccountSpec, today: NaiveDate) -> Self {
        Generator::new(spec, today).run()
    }

    /// The post with this media id.
    pub fn post(&self, media_id: &str) -> Option<&SandboxPost> {
        self.posts.iter().find(|p| p.id == media_id)
    }

    /// The comments and replies on one post.
    pub fn comments_on<'a>(
        &'a self,
        media_id: &'a str,
    ) -> impl Iterator<Item = &'a SandboxComment> {
        self.comments.iter().filter(move |c| c.media_id == media_id)
    }

    /// Top-level buying-intent comments that have no reply from the account.
    pub fn unanswered_leads(&self) -> Vec<&SandboxComment> {
        let answered: HashSet<&str> = self
            .comments
            .iter()
            .filter(|c| c.by_account)
            .filter_map(|c| c.parent_id.as_deref())
            .collect();
        self.comments
            .iter()
            .filter(|c| c.is_lead && c.parent_id.is_none() && !answered.contains(c.id.as_str()))
            .collect()
    }

    /// The daily insights of one day, if the account has that day.
    pub fn day(&self, date: NaiveDate) -> Option<&DailyAccountInsights> {
        self.daily.iter().find(|d| d.date == date)
    }
}

/// `today` 00:00 UTC: the end of the synthetic data.
pub(crate) fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// Performance factor by publishing hour (UTC): evenings do best.
fn hour_factor(hour: u32) -> f64 {
    match hour {
        17..=20 => 1.45,
        21..=22 => 1.15,
        11..=16 => 1.0,
        7..=10 => 0.85,
        _ => 0.65,
    }
}

/// Performance factor by weekday: weekends do best, Mondays worst.
fn weekday_factor(day: Weekday) -> f64 {
    match day {
        Weekday::Mon => 0.88,
        Weekday::Tue => 0.95,
        Weekday::Wed => 1.04,
        Weekday::Thu => 1.0,
        Weekday::Fri => 1.06,
        Weekday::Sat => 1.2,
        Weekday::Sun => 1.15,
    }
}

/// How likely a post is published at each UTC hour (both mornings and evenings occur).
const POSTING_HOURS: [f64; 24] = [
    0.2, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 0.7, 0.9, 1.0, 1.0, 1.1, 1.2, 1.2, 1.0, 1.0, 1.1, 1.5, 1.6,
    1.6, 1.5, 1.1, 0.8, 0.4,
];

/// Share of followers online at each UTC hour (evening peak).
const ONLINE_CURVE: [f64; 24] = [
    0.06, 0.05, 0.04, 0.035, 0.04, 0.05, 0.08, 0.12, 0.15, 0.17, 0.18, 0.19, 0.21, 0.2, 0.19, 0.2,
    0.23, 0.27, 0.31, 0.34, 0.35, 0.3, 0.2, 0.1,
];

/// How a post's lifetime interactions spread over the days after publishing.
const DECAY: [f64; 6] = [0.55, 0.22, 0.1, 0.06, 0.04, 0.03];

/// A discrete distribution over indices (cumulative weights, binary search).
struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    fn new(weights: &[f64]) -> Self {
        let mut sum = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                sum += w.max(0.0);
                sum
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.gen::<f64>() * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

/// What a top-level comment slot is planned to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SlotPlan {
    Random,
    LeadUnanswered,
    LeadAnswered,
    Injection,
}

/// The kinds of top-level comment text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Category {
    Praise,
    Emoji,
    Lead,
    Question,
    NearMiss,
    Tricky,
    Tag,
    Spam,
    Injection,
}

struct Generator<'a> {
    spec: &'a AccountSpec,
    today: NaiveDate,
    rng: ChaCha8Rng,
    used_ids: HashSet<u64>,
    used_shortcodes: HashSet<String>,
}

impl<'a> Generator<'a> {
    fn new(spec: &'a AccountSpec, today: NaiveDate) -> Self {
        Self {
            spec,
            today,
            rng: ChaCha8Rng::seed_from_u64(spec.seed),
            used_ids: HashSet::new(),
            used_shortcodes: HashSet::new(),
        }
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.gen_range(0..items.len())]
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        self.rng.gen_range(lo..hi)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen::<f64>() < p
    }

    /// A fresh numeric id in `[lo, hi)`, unique within the account.
    fn fresh_id(&mut self, lo: u64, hi: u64) -> String {
        loop {
            let v = self.rng.gen_range(lo..hi);
            if self.used_ids.insert(v) {
                return v.to_string();
            }
        }
    }

    fn media_id(&mut self) -> String {
        self.fresh_id(17_900_000_000_000_000, 18_000_000_000_000_000)
    }

    fn comment_id(&mut self) -> String {
        self.fresh_id(17_800_000_000_000_000, 17_900_000_000_000_000)
    }

    fn shortcode(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        loop {
            let mut s = String::with_capacity(11);
            s.push(if self.chance(0.5) { 'C' } else { 'D' });
            for _ in 0..10 {
                s.push(char::from(ALPHABET[self.rng.gen_range(0..ALPHABET.len())]));
            }
            if self.used_shortcodes.insert(s.clone()) {
                return s;
            }
        }
    }

    fn date_of_day(&self, index: usize) -> NaiveDate {
        // index 0 = today - HISTORY_DAYS, index HISTORY_DAYS - 1 = yesterday.
        self.today - Duration::days(i64::from(HISTORY_DAYS) - index as i64)
    }

    fn run(mut self) -> SandboxAccount {
        let profile = self.profile();
        let (gains, totals) = self.follower_history();
        let mut posts = self.posts(&totals);
        let commenters = self.commenters();
        let comments = self.comments(&profile, &mut posts, &commenters);
        let daily = self.daily(&posts, &gains, &totals);
        let online_followers = self.online_followers();
        let demographics = self.demographics();
        let posts_len = posts.len() as u64;
        let media_count = posts_len.saturating_sub((posts_len / 40).max(1));
        SandboxAccount {
            spec: self.spec.clone(),
            today: self.today,
            profile: SandboxProfile {
                media_count,
                ..profile
            },
            posts,
            daily,
            online_followers,
            demographics,
            commenters,
            comments,
        }
    }

    fn profile(&mut self) -> SandboxProfile {
        let user_id = format!("17841{:012}", self.rng.gen_range(0..1_000_000_000_000u64));
        // Above 2^53 (9_007_199_254_740_992) and odd: no f64 holds it exactly.
        let app_scoped = self
            .rng
            .gen_range(17_000_000_000_000_000u64..30_000_000_000_000_000)
            | 1;
        let username = self.spec.username.clone();
        let name = username
            .split(['.', '_'])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut chars = w.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let follows_count = self.rng.gen_range(180..900);
        SandboxProfile {
            profile_picture_url: format!(
                "https://scontent.cdninstagram.com/v/t51.2885-19/{user_id}_n.jpg?_nc_sid=sandbox&oe=6A0B1C2D"
            ),
            user_id,
            id: app_scoped.to_string(),
            website: format!("https://{}.example", username.replace(['.', '_'], "-")),
            username,
            name,
            account_type: "BUSINESS".to_owned(),
            biography: "Handmade ceramics from a tiny studio 🏺 | Ships worldwide 🌍 | New drops every Friday"
                .to_owned(),
            followers_count: self.spec.followers,
            follows_count,
            media_count: 0,
        }
    }

    /// New followers per day and followers at the end of each day; the last day ends at the
    /// spec's follower count.
    fn follower_history(&mut self) -> (Vec<u64>, Vec<u64>) {
        let days = HISTORY_DAYS as usize;
        let end = self.spec.followers;
        let start = (end as f64 * self.between(0.52, 0.62)) as u64;
        let growth = end.saturating_sub(start);
        let mut weights = Vec::with_capacity(days);
        for i in 0..days {
            let trend = 0.6 + 0.8 * i as f64 / days as f64;
            let wd = weekday_factor(self.date_of_day(i).weekday());
            let noise = self.between(0.5, 1.5);
            weights.push(trend * wd * noise);
        }
        for _ in 0..8 {
            let i = self.rng.gen_range(0..days);
            let boost = self.between(3.0, 7.0);
            weights[i] *= boost;
        }
        let gains = distribute(growth, &weights);
        let mut totals = Vec::with_capacity(days);
        let mut running = end - growth;
        for g in &gains {
            running += g;
            totals.push(running);
        }
        (gains, totals)
    }

    fn posts(&mut self, totals: &[u64]) -> Vec<SandboxPost> {
        let n = self.spec.posts;
        let cutoff = start_of(self.today);
        let hours = Weighted::new(&POSTING_HOURS);

        // When: day offsets before today (1 = yesterday), weighted hours.
        let mut stamps: Vec<DateTime<Utc>> = Vec::with_capacity(n);
        for i in 0..n {
            let (offset, hour) = if i == 0 {
                (1, self.rng.gen_range(17..=20))
            } else if self.spec.posting == Posting::Daily {
                (i as i64 + 1, hours.sample(&mut self.rng) as u32)
            } else {
                (
                    self.rng.gen_range(1..i64::from(HISTORY_DAYS)),
                    hours.sample(&mut self.rng) as u32,
                )
            };
            let secs = i64::from(hour) * 3600 + self.rng.gen_range(0..3600);
            stamps.push(cutoff - Duration::days(offset) + Duration::seconds(secs));
        }
        stamps.sort_unstable_by(|a, b| b.cmp(a));
        for i in 1..stamps.len() {
            if stamps[i] >= stamps[i - 1] {
                stamps[i] = stamps[i - 1] - Duration::seconds(1);
            }
        }

        // What: kinds (all four present when there are at least four posts).
        let kind_weights = Weighted::new(&[0.34, 0.12, 0.30, 0.24]);
        let mut kinds: Vec<PostKind> = (0..n)
            .map(|_| PostKind::ALL[kind_weights.sample(&mut self.rng)])
            .collect();
        if n >= PostKind::ALL.len() {
            for kind in PostKind::ALL {
                if kinds.contains(&kind) {
                    continue;
                }
                let start = self.rng.gen_range(0..n);
                for step in 0..n {
                    let i = (start + step) % n;
                    if kinds.iter().filter(|k| **k == kinds[i]).count() > 1 {
                        kinds[i] = kind;
                        break;
                    }
                }
            }
        }

        // Caption roles: one injection, the tricky and international ones, one long caption,
        // a few without a caption.
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(&mut self.rng);
        let mut roles = vec![CaptionRole::Normal; n];
        let mut queue = order.into_iter();
        let mut assign = |role: CaptionRole, count: usize, roles: &mut Vec<CaptionRole>| {
            for _ in 0..count {
                if let Some(i) = queue.next() {
                    roles[i] = role;
                }
            }
        };
        assign(CaptionRole::Injection, 1, &mut roles);
        for t in 0..TRICKY_CAPTIONS.len() {
            assign(CaptionRole::Tricky(t), 1, &mut roles);
        }
        for t in 0..INTERNATIONAL_CAPTIONS.len() {
            assign(CaptionRole::International(t), 1, &mut roles);
        }
        assign(CaptionRole::Long, 1, &mut roles);
        assign(CaptionRole::Absent, n / 50, &mut roles);

        let mut posts = Vec::with_capacity(n);
        for i in 0..n {
            let timestamp = stamps[i];
            let kind = kinds[i];
            let day_index = day_index_of(self.today, timestamp.date_naive());
            let followers = day_index
                .and_then(|d| totals.get(d).copied())
                .unwrap_or(self.spec.followers)
                .max(50);
            let age_days = (cutoff - timestamp).num_days();
            let caption = self.caption(roles[i]);
            let shortcode = self.shortcode();
            let id = self.media_id();
            let permalink = match kind {
                PostKind::Reel => format!("https://www.instagram.com/reel/{shortcode}/"),
                _ => format!("https://www.instagram.com/p/{shortcode}/"),
            };
            let insights = self.post_insights(kind, followers, timestamp, age_days);
            // The images of the oldest fifth of the posts reject `shares`, as Instagram rejects
            // metrics on some older items "for this media product type" (the reference, §4).
            let rejects_shares = kind == PostKind::Image && (i + 1) * 5 > n * 4;
            let children = if kind == PostKind::Carousel {
                let count = self.rng.gen_range(2..=10);
                (0..count)
                    .map(|_| {
                        let video = self.chance(0.2);
                        let cid = self.media_id();
                        SandboxChild {
                            media_type: if video { "VIDEO" } else { "IMAGE" }.to_owned(),
                            media_url: cdn_url(&cid, if video { "mp4" } else { "jpg" }),
                            thumbnail_url: video.then(|| cdn_url(&cid, "jpg")),
                            id: cid,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let (media_url, thumbnail_url) = match kind {
                PostKind::Image | PostKind::Carousel | PostKind::Story { .. } => {
                    (Some(cdn_url(&id, "jpg")), None)
                }
                PostKind::Video => (Some(cdn_url(&id, "mp4")), Some(cdn_url(&id, "thumb.jpg"))),
                PostKind::Reel => {
                    let licensed_audio = self.chance(0.1);
                    (
                        (!licensed_audio).then(|| cdn_url(&id, "mp4")),
                        Some(cdn_url(&id, "thumb.jpg")),
                    )
                }
            };
            let is_shared_to_feed = (kind == PostKind::Reel).then(|| self.chance(0.85));
            posts.push(SandboxPost {
                id,
                kind,
                caption,
                shortcode,
                permalink,
                timestamp,
                media_url,
                thumbnail_url,
                is_shared_to_feed,
                children,
                like_count: insights.likes,
                comments_count: 0,
                rejects_shares,
                pre_conversion: n >= 20 && i + 2 >= n,
                insights: PostInsights {
                    shares: if rejects_shares {
                        None
                    } else {
                        insights.shares
                    },
                    ..insights
                },
            });
        }
        posts
    }

    fn caption(&mut self, role: CaptionRole) -> Option<String> {
        match role {
            CaptionRole::Absent => None,
            CaptionRole::Injection => {
                let e = self.pick(&EMOJI);
                Some(format!(
                    "Behind the scenes of our glaze lab {e}\n{INJECTION_CAPTION_LINE}\n#behindthescenes #studiolife"
                ))
            }
            CaptionRole::Tricky(t) => TRICKY_CAPTIONS.get(t).map(|s| (*s).to_owned()),
            CaptionRole::International(t) => INTERNATIONAL_CAPTIONS.get(t).map(|s| (*s).to_owned()),
            CaptionRole::Long => {
                let mut s = String::from("A long one today, grab a tea ☕\n\n");
                for sentence in SENTENCES.iter().cycle().take(28) {
                    s.push_str(sentence);
                    s.push(' ');
                }
                s.push_str("\n\n");
                s.push_str(&HASHTAGS.join(" "));
                Some(s)
            }
            CaptionRole::Normal => {
                let opener = self.pick(&OPENERS);
                let mut s = String::from(opener);
                if self.chance(0.7) {
                    s.push(' ');
                    s.push_str(self.pick(&EMOJI));
                }
                if self.chance(0.75) {
                    s.push_str("\n\n");
                    s.push_str(self.pick(&SENTENCES));
                }
                let weights: Vec<f64> = (0..HASHTAGS.len())
                    .map(|j| 1.0 / ((j + 1) as f64).powf(0.7))
                    .collect();
                let tags = Weighted::new(&weights);
                let count = self.rng.gen_range(1..=4);
                let mut chosen: Vec<usize> = Vec::new();
                for _ in 0..count * 3 {
                    if chosen.len() == count {
                        break;
                    }
                    let t = tags.sample(&mut self.rng);
                    if !chosen.contains(&t) {
                        chosen.push(t);
                    }
                }
                s.push_str("\n\n");
                let tag_text: Vec<&str> = chosen
                    .iter()
                    .filter_map(|&t| HASHTAGS.get(t).copied())
                    .collect();
                s.push_str(&tag_text.join(" "));
                Some(s)
            }
        }
    }

    fn post_insights(
        &mut self,
        kind: PostKind,
        followers: u64,
        timestamp: DateTime<Utc>,
        age_days: i64,
    ) -> PostInsights {
        use chrono::Timelike;
        let f = followers as f64;
        let hour = hour_factor(timestamp.hour());
        let weekday = weekday_factor(timestamp.weekday());
        let fresh = match age_days {
            0 => 0.7,
            1 => 0.9,
            _ => 1.0,
        };
        let noise = self.between(0.75, 1.3);
        let rate = match kind {
            PostKind::Image | PostKind::Story { .. } => self.between(0.22, 0.38),
            PostKind::Carousel => self.between(0.30, 0.50),
            PostKind::Video => self.between(0.25, 0.45),
            PostKind::Reel => {
                let base = self.between(0.5, 1.6);
                if self.chance(0.08) {
                    base * self.between(3.0, 8.0)
                } else {
                    base
                }
            }
        };
        let reach = (f * rate * hour * weekday * noise * fresh).max(10.0);
        let views = reach
            * match kind {
                PostKind::Image | PostKind::Story { .. } => self.between(1.3, 1.8),
                PostKind::Carousel => self.between(1.8, 2.6),
                PostKind::Video => self.between(1.5, 2.2),
                PostKind::Reel => self.between(1.6, 2.8),
            };
        let engagement = hour.sqrt() * weekday.sqrt();
        let likes = reach
            * engagement
            * match kind {
                PostKind::Image | PostKind::Story { .. } => self.between(0.03, 0.06),
                PostKind::Carousel => self.between(0.035, 0.07),
                PostKind::Video => self.between(0.025, 0.05),
                PostKind::Reel => self.between(0.02, 0.045),
            };
        let saved = reach
            * engagement
            * match kind {
                PostKind::Image | PostKind::Story { .. } => self.between(0.008, 0.02),
                PostKind::Carousel => self.between(0.02, 0.045),
                PostKind::Video => self.between(0.006, 0.015),
                PostKind::Reel => self.between(0.01, 0.03),
            };
        let shares = reach
            * engagement
            * match kind {
                PostKind::Reel => self.between(0.01, 0.03),
                _ => self.between(0.003, 0.012),
            };
        let reel = kind == PostKind::Reel;
        let follows = (!reel).then(|| (reach * self.between(0.001, 0.005)).round() as u64);
        let profile_visits = (!reel).then(|| (reach * self.between(0.01, 0.035)).round() as u64);
        let profile_activity =
            profile_visits.map(|v| (v as f64 * self.between(0.1, 0.3)).round() as u64);
        let reposts = (shares * self.between(0.05, 0.2)).round() as u64;
        let views = views.round() as u64;
        let (avg_watch, total_watch, skip) = if reel {
            let avg = self.rng.gen_range(2_500..14_000u64);
            let skip = (self.between(18.0, 55.0) * 10.0).round() / 10.0;
            (Some(avg), Some(avg.saturating_mul(views)), Some(skip))
        } else {
            (None, None, None)
        };
        PostInsights {
            views,
            reach: reach.round() as u64,
            likes: likes.round() as u64,
            comments: 0,
            saved: saved.round() as u64,
            shares: Some(shares.round() as u64),
            total_interactions: 0,
            follows,
            profile_visits,
            profile_activity,
            reposts,
            ig_reels_avg_watch_time: avg_watch,
            ig_reels_video_view_total_time: total_watch,
            reels_skip_rate: skip,
        }
    }

    fn commenters(&mut self) -> Vec<SandboxCommenter> {
        let n = self.spec.commenters;
        let mut names: HashSet<String> = HashSet::new();
        names.insert(self.spec.username.clone());
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let username = loop {
                let stem = self.pick(&NAME_STEMS);
                let suffix = self.pick(&NAME_SUFFIXES);
                let mut name = format!("{stem}{suffix}");
                if self.chance(0.45) {
                    name.push_str(&self.rng.gen_range(1..=999).to_string());
                }
                if names.insert(name.clone()) {
                    break name;
                }
            };
            let id = self.fresh_id(1_000_000_000_000_000, 10_000_000_000_000_000);
            out.push(SandboxCommenter { id, username });
        }
        out
    }

    fn comments(
        &mut self,
        profile: &SandboxProfile,
        posts: &mut [SandboxPost],
        commenters: &[SandboxCommenter],
    ) -> Vec<SandboxComment> {
        let cutoff = start_of(self.today);
        if posts.is_empty() || commenters.is_empty() {
            for p in posts.iter_mut() {
                finish_post(p);
            }
            return Vec::new();
        }

        // How many top-level comments each post gets.
        let mut targets: Vec<usize> = Vec::with_capacity(posts.len());
        for p in posts.iter() {
            let rate = match p.kind {
                PostKind::Image | PostKind::Story { .. } => self.between(0.035, 0.07),
                PostKind::Carousel => self.between(0.04, 0.08),
                PostKind::Video => self.between(0.03, 0.06),
                PostKind::Reel => self.between(0.02, 0.045),
            };
            let count = (p.insights.likes as f64 * rate).round() as usize;
            targets.push(count.min(MAX_TOP_LEVEL_COMMENTS));
        }
        let need = commenters.len() + commenters.len() / 2;
        let total: usize = targets.iter().sum();
        if total < need {
            let n = targets.len();
            for k in 0..(need - total) {
                targets[k % n] += 1;
            }
        }
        let total: usize = targets.iter().sum();

        // Who writes each slot: everyone at least once, then a Zipf-like tail of fans.
        let zipf_weights: Vec<f64> = (0..commenters.len())
            .map(|i| 1.0 / ((i + 5) as f64).powf(0.9))
            .collect();
        let zipf = Weighted::new(&zipf_weights);
        let mut slots: Vec<usize> = (0..total).collect();
        slots.shuffle(&mut self.rng);
        let mut authors = vec![0usize; total];
        for (j, &slot) in slots.iter().enumerate() {
            authors[slot] = if j < commenters.len() {
                j
            } else {
                zipf.sample(&mut self.rng)
            };
        }

        // A few planned slots, so every account has leads both answered and not, and one
        // injection.
        let mut plans = vec![SlotPlan::Random; total];
        slots.shuffle(&mut self.rng);
        for (j, &slot) in slots.iter().take(13).enumerate() {
            plans[slot] = match j {
                0 => SlotPlan::Injection,
                1..=6 => SlotPlan::LeadUnanswered,
                _ => SlotPlan::LeadAnswered,
            };
        }

        let mut out = Vec::with_capacity(total + total / 5);
        let mut slot = 0usize;
        for (p, &count) in posts.iter_mut().zip(&targets) {
            let mut tops: Vec<SandboxComment> = Vec::with_capacity(count);
            let mut plans_here: Vec<SlotPlan> = Vec::with_capacity(count);
            for _ in 0..count {
                let plan = plans.get(slot).copied().unwrap_or(SlotPlan::Random);
                let author = &commenters[authors.get(slot).copied().unwrap_or(0)];
                slot += 1;
                let category = match plan {
                    SlotPlan::Injection => Category::Injection,
                    SlotPlan::LeadAnswered | SlotPlan::LeadUnanswered => Category::Lead,
                    SlotPlan::Random => self.category(),
                };
                let text = match category {
                    Category::Praise => {
                        let mut t = self.pick(&PRAISE).to_owned();
                        if self.chance(0.3) {
                            t.push(' ');
                            t.push_str(self.pick(&EMOJI));
                        }
                        t
                    }
                    Category::Emoji => self.pick(&EMOJI_COMMENTS).to_owned(),
                    Category::Lead => self.pick(&LEADS).to_owned(),
                    Category::Question => self.pick(&QUESTIONS).to_owned(),
                    Category::NearMiss => self.pick(&NEAR_MISSES).to_owned(),
                    Category::Tricky => self.pick(&TRICKY_COMMENTS).to_owned(),
                    Category::Spam => self.pick(&SPAM).to_owned(),
                    Category::Injection => INJECTION_COMMENT.to_owned(),
                    Category::Tag => {
                        let friend = &commenters[self.rng.gen_range(0..commenters.len())];
                        format!("@{} look at this!", friend.username)
                    }
                };
                let timestamp = self.comment_time(p.timestamp, cutoff);
                tops.push(SandboxComment {
                    id: self.comment_id(),
                    media_id: p.id.clone(),
                    parent_id: None,
                    from_id: author.id.clone(),
                    username: author.username.clone(),
                    text,
                    timestamp,
                    like_count: self.comment_likes(),
                    hidden: category == Category::Spam,
                    is_lead: category == Category::Lead,
                    by_account: false,
                });
                plans_here.push(plan);
            }

            // Newest first, with the plans kept alongside.
            let mut both: Vec<(SandboxComment, SlotPlan)> =
                tops.into_iter().zip(plans_here).collect();
            both.sort_by(|a, b| {
                b.0.timestamp
                    .cmp(&a.0.timestamp)
                    .then_with(|| a.0.id.cmp(&b.0.id))
            });

            let mut on_post = 0u64;
            for (top, plan) in both {
                let mut replies: Vec<SandboxComment> = Vec::new();
                let account_replies = match plan {
                    SlotPlan::LeadAnswered => true,
                    SlotPlan::LeadUnanswered | SlotPlan::Injection => false,
                    SlotPlan::Random if top.hidden => false,
                    SlotPlan::Random if top.is_lead => self.chance(0.55),
                    SlotPlan::Random => self.chance(0.12),
                };
                if account_replies {
                    let text = if top.is_lead {
                        self.pick(&LEAD_REPLIES).to_owned()
                    } else {
                        self.pick(&THANKS_REPLIES).to_owned()
                    };
                    let timestamp = self.reply_time(top.timestamp, cutoff);
                    replies.push(SandboxComment {
                        id: self.comment_id(),
                        media_id: p.id.clone(),
                        parent_id: Some(top.id.clone()),
                        from_id: profile.user_id.clone(),
                        username: profile.username.clone(),
                        text,
                        timestamp,
                        like_count: self.comment_likes().min(3),
                        hidden: false,
                        is_lead: false,
                        by_account: true,
                    });
                }
                if plan != SlotPlan::Injection && !top.hidden && self.chance(0.05) {
                    let fan = &commenters[zipf.sample(&mut self.rng)];
                    let text = format!("@{} {}", top.username, self.pick(&FAN_REPLIES));
                    let timestamp = self.reply_time(top.timestamp, cutoff);
                    replies.push(SandboxComment {
                        id: self.comment_id(),
                        media_id: p.id.clone(),
                        parent_id: Some(top.id.clone()),
                        from_id: fan.id.clone(),
                        username: fan.username.clone(),
                        text,
                        timestamp,
                        like_count: self.comment_likes(),
                        hidden: false,
                        is_lead: false,
                        by_account: false,
                    });
                }
                replies.sort_by(|a, b| a.timestamp.cmp(&b.timestamp).then_with(|| a.id.cmp(&b.id)));
                on_post += 1 + replies.len() as u64;
                out.push(top);
                out.extend(replies);
            }
            p.comments_count = on_post;
            finish_post(p);
        }
        out
    }

    fn category(&mut self) -> Category {
        let r = self.rng.gen::<f64>();
        match r {
            r if r < 0.045 => Category::Lead,
            r if r < 0.095 => Category::Question,
            r if r < 0.103 => Category::NearMiss,
            r if r < 0.109 => Category::Tricky,
            r if r < 0.112 => Category::Spam,
            r if r < 0.232 => Category::Emoji,
            r if r < 0.282 => Category::Tag,
            _ => Category::Praise,
        }
    }

    fn comment_likes(&mut self) -> u64 {
        let r = self.rng.gen::<f64>();
        if r < 0.6 {
            0
        } else if r < 0.85 {
            self.rng.gen_range(1..=3)
        } else if r < 0.97 {
            self.rng.gen_range(4..=15)
        } else {
            self.rng.gen_range(16..=80)
        }
    }

    /// A top-level comment time: mostly within a day of the post, strictly before `cutoff`
    /// minus an hour (so replies fit before the cutoff too).
    fn comment_time(&mut self, post: DateTime<Utc>, cutoff: DateTime<Utc>) -> DateTime<Utc> {
        let r = self.rng.gen::<f64>();
        let delay = if r < 0.65 {
            self.rng.gen_range(60..86_400)
        } else if r < 0.9 {
            self.rng.gen_range(86_400..7 * 86_400)
        } else {
            self.rng.gen_range(7 * 86_400..60 * 86_400)
        };
        let latest = cutoff - Duration::seconds(3600);
        let t = post + Duration::seconds(delay);
        if t <= latest {
            return t;
        }
        let room = (latest - post).num_seconds();
        if room > 60 {
            post + Duration::seconds(self.rng.gen_range(60..room))
        } else {
            post + Duration::seconds(60)
        }
    }

    /// A reply time: minutes to hours after the parent, before `cutoff`.
    fn reply_time(&mut self, parent: DateTime<Utc>, cutoff: DateTime<Utc>) -> DateTime<Utc> {
        let t = parent + Duration::seconds(self.rng.gen_range(600..72_000));
        let latest = cutoff - Duration::seconds(1);
        if t <= latest {
            return t;
        }
        let room = (latest - parent).num_seconds();
        if room > 1 {
            parent + Duration::seconds(self.rng.gen_range(1..room))
        } else {
            parent + Duration::seconds(1)
        }
    }

    fn daily(
        &mut self,
        posts: &[SandboxPost],
        gains: &[u64],
        totals: &[u64],
    ) -> Vec<DailyAccountInsights> {
        let days = HISTORY_DAYS as usize;
        // [reach, views, likes, comments, shares, saves] contributed by posts.
        let mut from_posts = vec![[0u64; 6]; days];
        for p in posts {
            let Some(start) = day_index_of(self.today, p.timestamp.date_naive()) else {
                continue;
            };
            let i = &p.insights;
            let values = [
                i.reach as f64 * 0.85,
                i.views as f64,
                i.likes as f64,
                i.comments as f64,
                i.shares.unwrap_or(0) as f64,
                i.saved as f64,
            ];
            for (k, share) in DECAY.iter().enumerate() {
                let Some(slot) = from_posts.get_mut(start + k) else {
                    break;
                };
                for (acc, v) in slot.iter_mut().zip(values) {
                    *acc += (v * share).floor() as u64;
                }
            }
        }
        let mut out = Vec::with_capacity(days);
        for (d, contrib) in from_posts.iter().enumerate() {
            let date = self.date_of_day(d);
            let f = totals.get(d).copied().unwrap_or(self.spec.followers) as f64;
            let wd = weekday_factor(date.weekday());
            let reach_bg = f * self.between(0.04, 0.08) * wd;
            let views_bg = reach_bg * self.between(1.8, 2.6);
            let likes = contrib[2] + (f * self.between(0.001, 0.003)) as u64;
            let comments = contrib[3] + (f * self.between(0.0001, 0.0004)) as u64;
            let shares = contrib[4] + (f * self.between(0.0002, 0.0006)) as u64;
            let saves = contrib[5] + (f * self.between(0.0002, 0.0006)) as u64;
            let replies = (f * self.between(0.0003, 0.0012)) as u64;
            let engaged_share = self.between(0.55, 0.7);
            let accounts_engaged =
                ((likes + comments + shares + saves) as f64 * engaged_share) as u64 + replies;
            out.push(DailyAccountInsights {
                date,
                reach: contrib[0] + reach_bg as u64,
                views: contrib[1] + views_bg as u64,
                accounts_engaged,
                total_interactions: likes + comments + shares + saves + replies,
                likes,
                comments,
                shares,
                saves,
                replies,
                follower_count: gains.get(d).copied().unwrap_or(0),
                followers_total: totals.get(d).copied().unwrap_or(self.spec.followers),
            });
        }
        out
    }

    fn online_followers(&mut self) -> Vec<OnlineFollowersDay> {
        let days = ONLINE_FOLLOWER_DAYS as usize;
        let empty_day = self.rng.gen_range(0..days);
        let f = self.spec.followers as f64;
        (0..days)
            .map(|k| {
                let date = self.today - Duration::days((days - k) as i64);
                let mut by_hour = BTreeMap::new();
                if k != empty_day {
                    let wd = weekday_factor(date.weekday());
                    for (h, share) in ONLINE_CURVE.iter().enumerate() {
                        if self.chance(0.04) {
                            continue;
                        }
                        let v = f * share * wd.sqrt() * self.between(0.9, 1.1);
                        by_hour.insert(h as u8, v.round() as u64);
                    }
                }
                OnlineFollowersDay { date, by_hour }
            })
            .collect()
    }

    fn demographics(&mut self) -> SandboxDemographics {
        let f = self.spec.followers as f64;

        let age_shares = [0.02, 0.21, 0.37, 0.22, 0.11, 0.05, 0.02];
        let known = f * self.between(0.86, 0.93);
        let noisy: Vec<f64> = age_shares
            .iter()
            .map(|s| s * self.between(0.85, 1.15))
            .collect();
        let ages = shares_to_counts(&AGE_BUCKETS, &noisy, known);

        let known = f * self.between(0.88, 0.95);
        let genders = shares_to_counts(&["F", "M", "U"], &[0.64, 0.31, 0.05], known);

        let mut countries: Vec<&str> = COUNTRIES.to_vec();
        countries.shuffle(&mut self.rng);
        let home = self.rng.gen_range(0..4);
        if let Some(pos) = countries.iter().position(|c| *c == COUNTRIES[home]) {
            let c = countries.remove(pos);
            countries.insert(0, c);
        }
        let weights: Vec<f64> = (0..countries.len())
            .map(|r| 1.0 / ((r + 1) as f64).powf(1.3))
            .collect();
        let known = f * self.between(0.88, 0.94);
        let countries = shares_to_counts(&countries, &weights, known);

        // Cities follow their country's share, so the top cities sit in the top countries.
        let country_total: u64 = countries.iter().map(|(_, v)| v).sum::<u64>().max(1);
        let mut labels: Vec<&str> = Vec::with_capacity(CITIES.len());
        let mut weights: Vec<f64> = Vec::with_capacity(CITIES.len());
        for (city, country) in CITIES {
            let share = countries
                .iter()
                .find(|(c, _)| c == country)
                .map_or(0.002, |(_, v)| *v as f64 / country_total as f64);
            labels.push(city);
            weights.push(share * self.between(0.2, 1.0));
        }
        let known = f * self.between(0.5, 0.65);
        let cities = shares_to_counts(&labels, &weights, known);

        SandboxDemographics {
            ages,
            genders,
            countries,
            cities,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CaptionRole {
    Normal,
    Absent,
    Injection,
    Tricky(usize),
    International(usize),
    Long,
}

/// Sets the derived fields of a post once its comments are known.
fn finish_post(p: &mut SandboxPost) {
    p.insights.comments = p.comments_count;
    p.like_count = p.insights.likes;
    p.insights.total_interactions =
        p.insights.likes + p.insights.comments + p.insights.saved + p.insights.shares.unwrap_or(0);
}

/// The index of `date` in the daily history (0 = `today - 400`), if it is inside it.
fn day_index_of(today: NaiveDate, date: NaiveDate) -> Option<usize> {
    let back = (today - date).num_days();
    if (1..=i64::from(HISTORY_DAYS)).contains(&back) {
        usize::try_from(i64::from(HISTORY_DAYS) - back).ok()
    } else {
        None
    }
}

/// Splits `total` over the weights: floors first, then the remainder one by one from the last
/// day backwards. The parts sum to `total` exactly.
fn distribute(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<u64> = weights
        .iter()
        .map(|w| (total as f64 * w / sum).floor() as u64)
        .collect();
    let assigned: u64 = parts.iter().sum();
    let mut remainder = total.saturating_sub(assigned);
    let n = parts.len();
    let mut i = n;
    while remainder > 0 {
        i = if i == 0 { n - 1 } else { i - 1 };
        parts[i] += 1;
        remainder -= 1;
    }
    parts
}

/// Turns shares into whole counts of `known` people, largest first, top 45, no zeros.
fn shares_to_counts(labels: &[&str], shares: &[f64], known: f64) -> Vec<(String, u64)> {
    let sum: f64 = shares.iter().sum();
    if sum <= 0.0 {
        return Vec::new();
    }
    let mut out: Vec<(String, u64)> = labels
        .iter()
        .zip(shares)
        .map(|(l, s)| ((*l).to_owned(), (known * s / sum).floor() as u64))
        .filter(|(_, v)| *v > 0)
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.truncate(45);
    out
}

pub(crate) fn cdn_url(id: &str, ext: &str) -> String {
    format!(
        "https://scontent.cdninstagram.com/v/t51.29350-15/{id}_n.{ext}?_nc_sid=sandbox&oe=6A0B1C2D"
    )
}
