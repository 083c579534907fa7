//! The port to Instagram: what Pulse needs from the Graph API, in Pulse's own words.
//!
//! `engine` never talks to the network. An account signs in through an [`InstagramLogin`]
//! (OAuth), and Pulse asks an [`Instagram`] for profiles, posts, insights and comments; `connectors::instagram::InstagramClient` implements the trait over HTTP, and
//! tests can implement it in memory. Everything here is already parsed: ids are strings (Graph
//! ids exceed 2^53), timestamps are UTC, a metric Instagram did not give is `None` (never `0`).

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use secrecy::{ExposeSecret, SecretString};

/// An Instagram access token. Its `Debug` never shows the token.
#[derive(Clone)]
pub struct AccessToken(SecretString);

impl AccessToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<String>) -> Self {
        Self(SecretString::from(token.into()))
    }

    /// The token itself, for the one place that must send it (an `Authorization` header).
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([redacted])")
    }
}

/// The result of exchanging an authorization code (valid about one hour).
#[derive(Debug, Clone)]
pub struct ShortLivedToken {
    /// The short-lived token.
    pub token: AccessToken,
    /// The app-scoped user id from the exchange response (not the `17841…` account id).
    pub app_scoped_user_id: String,
    /// The permissions the user granted (may be fewer than requested).
    pub permissions: Vec<String>,
}

/// A long-lived token (about 60 days), from the exchange or a refresh.
#[derive(Debug, Clone)]
pub struct LongLivedToken {
    /// The long-lived token.
    pub token: AccessToken,
    /// How long it is valid from now.
    pub expires_in: Duration,
}

/// The account's profile, from `GET /me`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The Instagram professional account id (`17841…`): the canonical key of an account.
    pub user_id: String,
    /// The app-scoped id (`id` field of `/me`).
    pub app_scoped_id: String,
    /// The handle, without `@`. It can change over time; never a key.
    pub username: String,
    /// The display name, if any.
    pub name: Option<String>,
    /// `BUSINESS` or `MEDIA_CREATOR` (upper-cased by the connector).
    pub account_type: Option<String>,
    /// Current followers (`followers_count`).
    pub followers_count: u64,
    /// Accounts this account follows.
    pub follows_count: u64,
    /// Published media count. Never used to decide that paging is complete.
    pub media_count: u64,
}

/// The kind of a post, from `media_type` and `media_product_type`; serialised by its noun
/// in the stats API (`photo`, `reel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A single photo in the feed.
    #[serde(rename = "photo")]
    Image,
    /// A feed video that is not a reel.
    Video,
    /// A reel (`media_product_type` = `REELS`).
    Reel,
    /// A carousel album.
    Carousel,
    /// A story.
    Story,
}

impl MediaKind {
    /// Classifies a media item from its Graph fields. `media_product_type` wins when present
    /// (a published reel reports `media_type` = `VIDEO`).
    pub fn from_graph(media_type: &str, media_product_type: Option<&str>) -> Option<Self> {
        match media_product_type.map(str::to_ascii_uppercase).as_deref() {
            Some("REELS") => return Some(Self::Reel),
            Some("STORY") => return Some(Self::Story),
            _ => {}
        }
        match media_type.to_ascii_uppercase().as_str() {
            "IMAGE" => Some(Self::Image),
            "VIDEO" => Some(Self::Video),
            "CAROUSEL_ALBUM" => Some(Self::Carousel),
            _ => None,
        }
    }

    /// The word people use for it ("reel", "carousel" …).
    pub fn noun(self) -> &'static str {
        match self {
            Self::Image => "photo",
            Self::Video => "video",
            Self::Reel => "reel",
            Self::Carousel => "carousel",
            Self::Story => "story",
        }
    }

    /// The plural of [`MediaKind::noun`] ("reels", "stories").
    pub fn plural(self) -> &'static str {
        match self {
            Self::Image => "photos",
            Self::Video => "videos",
            Self::Reel => "reels",
            Self::Carousel => "carousels",
            Self::Story => "stories",
        }
    }
}

/// A media item as listed by `GET /me/media`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// The media id.
    pub id: String,
    /// Image, video, reel, carousel.
    pub kind: MediaKind,
    /// The caption, if any. Untrusted text.
    pub caption: Option<String>,
    /// The public URL of the post.
    pub permalink: Option<String>,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Likes as listed on the media edge (may be hidden).
    pub like_count: Option<u64>,
    /// Comments including replies, as listed on the media edge.
    pub comments_count: Option<u64>,
    /// The comments the media list carried for this post (Graph field expansion), or `None`
    /// when it carried none and they must be asked with [`Instagram::comments`].
    pub listed_comments: Option<ListedComments>,
}

/// The comments of a post as the media list carried them: all of them, or the first page and
/// where the rest continues.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListedComments {
    /// The comments and replies carried (replies with their `parent_id`).
    pub comments: Vec<Comment>,
    /// Where the rest continues, when the list carried only the first page; `None` when
    /// `comments` is all of them.
    pub more: Option<CommentsCursor>,
}

/// Where a post's comments continue after a listed first page. Opaque to the engine: only
/// the [`Instagram`] that made it reads it.
#[derive(Clone, PartialEq, Eq)]
pub struct CommentsCursor(String);

impl CommentsCursor {
    /// Wraps what the implementation needs to continue (for Graph, the `paging.next` URL).
    pub fn new(cursor: impl Into<String>) -> Self {
        Self(cursor.into())
    }

    /// What [`CommentsCursor::new`] wrapped.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CommentsCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A Graph `paging.next` URL carries the access token.
        f.write_str("CommentsCursor([redacted])")
    }
}

/// Lifetime insights of one post. A metric that Instagram did not give (rejected for this media
/// type, or no data yet) is `None`: the other metrics are still there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostMetrics {
    /// `views`.
    pub views: Option<u64>,
    /// `reach` (unique accounts, estimated).
    pub reach: Option<u64>,
    /// `likes`.
    pub likes: Option<u64>,
    /// `comments`.
    pub comments: Option<u64>,
    /// `saved` (Graph calls it `saved` on media, `saves` on the account).
    pub saves: Option<u64>,
    /// `shares`.
    pub shares: Option<u64>,
    /// `total_interactions` as Instagram reports it.
    pub total_interactions: Option<u64>,
    /// `follows` attributed to the post (not on reels).
    pub follows: Option<u64>,
    /// `profile_visits` (not on reels).
    pub profile_visits: Option<u64>,
}

/// One day of account insights (`/me/insights`, `period=day`). `None` = not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DailyInsights {
    /// The day the values are for.
    pub date: NaiveDate,
    /// Accounts reached that day (not additive across days).
    pub reach: Option<u64>,
    /// `views`.
    pub views: Option<u64>,
    /// `accounts_engaged`.
    pub accounts_engaged: Option<u64>,
    /// `total_interactions`.
    pub total_interactions: Option<u64>,
    /// `likes`.
    pub likes: Option<u64>,
    /// `comments`.
    pub comments: Option<u64>,
    /// `shares`.
    pub shares: Option<u64>,
    /// `saves`.
    pub saves: Option<u64>,
    /// `replies` (story replies).
    pub replies: Option<u64>,
    /// The `follower_count` insight (new followers that day; stored raw).
    pub follower_count: Option<i64>,
}

/// Followers online by hour for one day (`online_followers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineFollowers {
    /// The day.
    pub date: NaiveDate,
    /// `(hour 0..=23, followers online)`; hours Instagram did not give are absent.
    pub by_hour: Vec<(u8, u64)>,
}

/// Follower demographics (`follower_demographics`, top buckets only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Demographics {
    /// Age buckets like `18-24`, largest first.
    pub ages: Vec<(String, u64)>,
    /// `F`, `M`, `U`.
    pub genders: Vec<(String, u64)>,
    /// ISO-2 country codes.
    pub countries: Vec<(String, u64)>,
    /// City names like `London, England`.
    pub cities: Vec<(String, u64)>,
}

/// A comment or a reply on a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment id.
    pub id: String,
    /// The post it is on.
    pub post_id: String,
    /// For a reply, the comment it answers.
    pub parent_id: Option<String>,
    /// The commenter's Instagram-scoped id (`from.id`), the durable commenter key.
    pub author_id: Option<String>,
    /// The commenter's handle, without `@`.
    pub author_username: Option<String>,
    /// The text. Untrusted.
    pub text: String,
    /// When it was written.
    pub published_at: DateTime<Utc>,
    /// Likes on the comment.
    pub like_count: Option<u64>,
    /// Hidden by the account on Instagram (`hidden`; `false` when not served, as for replies).
    pub hidden: bool,
}

/// Why a call to Instagram failed, classified for what Pulse should do next.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum SourceError {
    /// The token is expired or revoked (codes 190, 102): the account must be linked again.
    #[error("instagram needs the account to be linked again (code {code})")]
    Reauth {
        /// The Graph error code.
        code: i64,
    },
    /// Throttled (codes 4, 17, 32, 341, 613, 80002) and still throttled after the client's
    /// own waiting. Try again after `retry_after`.
    #[error("instagram is throttling this account; retry in {retry_after:?}")]
    Throttled {
        /// How long to wait before the next call.
        retry_after: Duration,
    },
    /// A temporary failure that survived the client's retries (code 1, 2, 5xx, network).
    #[error("instagram is temporarily unavailable: {reason}")]
    Transient {
        /// A short description without secrets.
        reason: String,
    },
    /// A permission the user did not grant (codes 10, 200–299).
    #[error("instagram refused a permission (code {code})")]
    MissingPermission {
        /// The Graph error code.
        code: i64,
    },
    /// A request Instagram will never accept (code 100 family and others).
    #[error("instagram rejected the request (code {code}, subcode {subcode:?}): {message}")]
    Permanent {
        /// The Graph error code.
        code: i64,
        /// The Graph error subcode.
        subcode: Option<i64>,
        /// Instagram's message, with any token scrubbed.
        message: String,
    },
    /// The OAuth code was rejected (used, expired, or for another redirect URI).
    #[error("instagram rejected the authorization code: {message}")]
    BadAuthorizationCode {
        /// Instagram's message.
        message: String,
    },
    /// A response that does not parse.
    #[error("instagram sent a response Pulse cannot read: {reason}")]
    Malformed {
        /// What was wrong.
        reason: String,
    },
}

/// How an Instagram account signs in to Pulse: the OAuth half of the port. Implemented by
/// `connectors::instagram::InstagramClient`, beside [`Instagram`].
#[async_trait]
pub trait InstagramLogin: Send + Sync {
    /// The browser URL of Instagram's authorize page, carrying `state`.
    fn authorize_url(&self, state: &str) -> String;

    /// Exchanges an authorization code for a short-lived token. A trailing `#_` is ignored.
    async fn exchange_code(&self, code: &str) -> Result<ShortLivedToken, SourceError>;

    /// Exchanges a short-lived token for a long-lived one (`ig_exchange_token`).
    async fn long_lived_token(&self, short: &AccessToken) -> Result<LongLivedToken, SourceError>;

    /// Refreshes a long-lived token (`ig_refresh_token`).
    async fn refresh_token(&self, token: &AccessToken) -> Result<LongLivedToken, SourceError>;
}

/// Everything Pulse reads from Instagram with an account's token: the data half of the port.
/// Implemented by `connectors::instagram::InstagramClient`.
///
/// Each method makes as many requests as it needs (paging, 30-day windows, per-day totals) and
/// handles throttling and transient retries itself; an `Err` is final for this attempt.
#[async_trait]
pub trait Instagram: Send + Sync {
    /// The profile of the token's account (`GET /me`).
    async fn profile(&self, token: &AccessToken) -> Result<Profile, SourceError>;

    /// Every media item, following `paging.next` until it is absent. Newest first. Each may
    /// carry its comments ([`Post::listed_comments`]), which saves a call per post.
    async fn posts(&self, token: &AccessToken) -> Result<Vec<Post>, SourceError>;

    /// The media published at or after `since`, newest first, reading only as many pages as
    /// that takes (scheduled syncs find new posts with one request).
    async fn posts_since(
        &self,
        token: &AccessToken,
        since: DateTime<Utc>,
    ) -> Result<Vec<Post>, SourceError>;

    /// Lifetime insights of one post, with the metric set chosen for its kind. A metric that
    /// Instagram rejects is left out (`None`) and the rest is kept.
    async fn post_insights(
        &self,
        token: &AccessToken,
        post: &Post,
    ) -> Result<PostMetrics, SourceError>;

    /// Daily account insights for every day from `first` to `last` inclusive, requested in
    /// windows of at most 30 days. Days Instagram has no data for may be missing.
    async fn daily_insights(
        &self,
        token: &AccessToken,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<DailyInsights>, SourceError>;

    /// Followers online by hour for the days Instagram keeps (about 30).
    async fn online_followers(
        &self,
        token: &AccessToken,
    ) -> Result<Vec<OnlineFollowers>, SourceError>;

    /// Follower demographics (`timeframe=this_month`).
    async fn demographics(&self, token: &AccessToken) -> Result<Demographics, SourceError>;

    /// Every comment on a post, replies flattened in with their `parent_id`.
    async fn comments(
        &self,
        token: &AccessToken,
        post_id: &str,
    ) -> Result<Vec<Comment>, SourceError>;

    /// The comments after a first page the media list carried ([`ListedComments::more`]).
    /// By default every comment of the post (the caller keeps each id once), for an
    /// implementation that never lists comments.
    async fn more_comments(
        &self,
        token: &AccessToken,
        post_id: &str,
        _after: &CommentsCursor,
    ) -> Result<Vec<Comment>, SourceError> {
        self.comments(token, post_id).await
    }

    /// How long the next call made with `token` will wait before it is sent, when the
    /// implementation is pausing the account for Instagram's rate limit (usage headers near
    /// the limit, or a throttling answer it waits out); `None` when it is not. Sync reports
    /// it, so people see why nothing moves.
    fn paused_for(&self, _token: &AccessToken) -> Option<Duration> {
        None
    }
}

/// What an account does on Instagram through Pulse, with its token: the action half of the
/// port (answering, hiding and subscribing to comment webhooks). Implemented by
/// `connectors::instagram::InstagramClient`.
///
/// Nothing calls these without a person's tap or command in a chat, except
/// [`InstagramActions::subscribe_to_comments`] at link time. Each is one request, retried
/// only when Instagram says the failure is temporary and nothing was done.
#[async_trait]
pub trait InstagramActions: Send + Sync {
    /// Publishes `message` as a public reply under the top-level comment `comment_id`
    /// (`POST /{comment-id}/replies`) and returns the reply's id.
    async fn reply_to_comment(
        &self,
        token: &AccessToken,
        comment_id: &str,
        message: &str,
    ) -> Result<String, SourceError>;

    /// Sends `message` as a private reply: one direct message to the author of
    /// `comment_id` from the account `account_user_id` (its `17841…` id:
    /// `POST /{account_user_id}/messages` with `recipient.comment_id`), allowed once per
    /// comment and within 7 days of it.
    async fn private_reply(
        &self,
        token: &AccessToken,
        account_user_id: &str,
        comment_id: &str,
        message: &str,
    ) -> Result<(), SourceError>;

    /// Hides (`true`) or shows again (`false`) a comment (`POST /{comment-id}?hide=…`).
    async fn set_comment_hidden(
        &self,
        token: &AccessToken,
        comment_id: &str,
        hidden: bool,
    ) -> Result<(), SourceError>;

    /// Subscribes the account to the app's `comments` webhooks
    /// (`POST /me/subscribed_apps?subscribed_fields=comments`), so new comments arrive within
    /// seconds.
    async fn subscribe_to_comments(&self, token: &AccessToken) -> Result<(), SourceError>;
}

/// A comment Instagram announced by webhook (field `comments`), read from the signed body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentEvent {
    /// The account it is on: its `user_id` (`17841…`, the webhook's `entry[].id`).
    pub account_user_id: String,
    /// The comment. `published_at` is the entry's `time`; `like_count` is unknown.
    pub comment: Comment,
}

/// What one publishing container holds (`POST /{user_id}/media`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerMedia {
    /// A photo for the feed: `image_url`.
    Image {
        /// Where Instagram fetches the JPEG.
        url: String,
    },
    /// A single video, published as a reel: `media_type=REELS`, `video_url`.
    Reel {
        /// Where Instagram fetches the MP4 or MOV.
        url: String,
    },
    /// One story: `media_type=STORIES` with `image_url` (or `video_url` when `video`).
    Story {
        /// Where Instagram fetches the file.
        url: String,
        /// Whether the file is a video.
        video: bool,
    },
    /// One item of a carousel: `is_carousel_item=true` with `image_url`, or with
    /// `media_type=VIDEO` and `video_url` when `video`. It carries no caption.
    CarouselItem {
        /// Where Instagram fetches the file.
        url: String,
        /// Whether the file is a video.
        video: bool,
    },
    /// The carousel itself: `media_type=CAROUSEL`, `children=<id>,<id>,…` (2 to 10 items,
    /// each already `FINISHED`).
    Carousel {
        /// The items' container ids, in order.
        children: Vec<String>,
    },
}

/// A container to create: the media and, except on carousel items, the caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRequest {
    /// What it holds.
    pub media: ContainerMedia,
    /// The post's caption (`caption`), on single posts, reels and the carousel itself.
    pub caption: Option<String>,
}

/// A container's `status_code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerStatusCode {
    /// `IN_PROGRESS`: Instagram is still fetching or processing the media.
    InProgress,
    /// `FINISHED`: ready to publish.
    Finished,
    /// `ERROR`: it failed; `status` says why.
    Error,
    /// `EXPIRED`: not published within 24 hours.
    Expired,
    /// `PUBLISHED`: its post is live; it must never be published again.
    Published,
}

/// A container's status (`GET /{container_id}?fields=status_code,status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerStatus {
    /// `status_code`.
    pub code: ContainerStatusCode,
    /// `status`: on an error, Instagram's text with the error subcode (`"Error: 2207052"` or
    /// a sentence naming it).
    pub detail: Option<String>,
}

/// The account's publishing limit (`GET /{user_id}/content_publishing_limit
/// ?fields=config,quota_usage`): never assumed, always read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishingLimit {
    /// Posts published through the API in the current window (`quota_usage`).
    pub used: u32,
    /// How many the window allows (`config.quota_total`).
    pub total: u32,
    /// The moving window (`config.quota_duration`, seconds).
    pub window: Duration,
}

/// What an account publishes through Pulse: the container flow of Instagram's Content
/// Publishing API. Implemented by `connectors::instagram::InstagramClient` and the sandbox.
///
/// Containers are invisible until published, so creating one twice costs nothing; publishing
/// is the one call that must never be repeated: [`InstagramPublishing::publish_container`]
/// is sent once and never retried by the client, whatever the answer.
#[async_trait]
pub trait InstagramPublishing: Send + Sync {
    /// Creates a container (`POST /{account_user_id}/media`) and returns its id.
    async fn create_container(
        &self,
        token: &AccessToken,
        account_user_id: &str,
        request: &ContainerRequest,
    ) -> Result<String, SourceError>;

    /// Reads a container's status. A container made moments ago may answer code 100 with
    /// subcode 33 (a known Meta fault): that comes back as `SourceError::Permanent` with
    /// those codes, and means "not known yet", not "failed".
    async fn container_status(
        &self,
        token: &AccessToken,
        container_id: &str,
    ) -> Result<ContainerStatus, SourceError>;

    /// Publishes a `FINISHED` container (`POST /{account_user_id}/media_publish
    /// ?creation_id=…`) and returns the new post's media id. Sent exactly once: a timeout or
    /// an unreadable answer is `SourceError::Transient` and the post may be live.
    async fn publish_container(
        &self,
        token: &AccessToken,
        account_user_id: &str,
        container_id: &str,
    ) -> Result<String, SourceError>;

    /// The account's publishing limit and how much of it is used.
    async fn publishing_limit(
        &self,
        token: &AccessToken,
        account_user_id: &str,
    ) -> Result<PublishingLimit, SourceError>;

    /// A published post's permalink (`GET /{media_id}?fields=permalink`).
    async fn permalink(&self, token: &AccessToken, media_id: &str) -> Result<String, SourceError>;
}
