//! The port to TikTok: what Pulse needs from Login Kit for Web v2 and the Display API, in
//! Pulse's own words.
//!
//! An account signs in through a [`TikTokLogin`] (OAuth v2: the authorize page, the code and
//! refresh exchanges, revocation), and Pulse reads its profile and videos through a
//! [`TikTok`]; `connectors::tiktok::TikTokClient` implements both over HTTP. TikTok gives only
//! lifetime counts (views, likes, comments, shares) — no reach, saves, insights per day or
//! audience —, so Pulse's own daily snapshots are its history. Everything here is already
//! parsed: video ids are strings (they exceed 2^53), times are UTC, a count TikTok did not
//! give is `None` (never `0`). Failures are [`SourceError`]s, classified as Instagram's are:
//! `Reauth` for an access token refused (`access_token_invalid`) and for a refresh token
//! refused (`invalid_grant`), `Throttled` for `rate_limit_exceeded`, `MissingPermission` for
//! a scope not granted.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};

pub use crate::instagram::{AccessToken, SourceError};

/// The scopes Pulse asks TikTok for, and what each is for (the README and the link page say
/// the same).
pub const SCOPES: [(&str, &str); 4] = [
    (
        "user.info.basic",
        "your TikTok id, display name and avatar, to know which account is linked",
    ),
    (
        "user.info.profile",
        "your @username, so chats can name the account",
    ),
    (
        "user.info.stats",
        "your follower and like counts, for follower history (optional: without it Pulse skips followers)",
    ),
    (
        "video.list",
        "your public videos with their view, like, comment and share counts",
    ),
];

/// The scopes Pulse cannot work without: without `video.list` there is nothing to read.
pub const REQUIRED_SCOPES: [&str; 2] = ["user.info.basic", "video.list"];

/// A TikTok refresh token (rotates: each refresh returns a new one and the old one stops
/// working). Its `Debug` never shows the token.
#[derive(Clone)]
pub struct RefreshToken(SecretString);

impl RefreshToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<String>) -> Self {
        Self(SecretString::from(token.into()))
    }

    /// The token itself, for the one place that must send it (the token request's form).
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshToken([redacted])")
    }
}

/// What a code exchange or a refresh returns (`POST /v2/oauth/token/`).
#[derive(Debug, Clone)]
pub struct TikTokTokens {
    /// The access token (`act.…`), valid for `expires_in` (2 hours today).
    pub access: AccessToken,
    /// How long the access token is valid from now (`expires_in`).
    pub expires_in: Duration,
    /// The refresh token (`rft.…`): the newest one is the only one that works.
    pub refresh: RefreshToken,
    /// How long the refresh token is valid from now (`refresh_expires_in`, 180 days today).
    pub refresh_expires_in: Duration,
    /// The user's id for this app (`open_id`): the network's id of the account.
    pub open_id: String,
    /// The scopes granted (`scope`, comma-separated on the wire): may be fewer than asked.
    pub scopes: Vec<String>,
}

/// The profile of the token's user (`GET /v2/user/info/`). Fields whose scope was not
/// granted are not asked for, and are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TikTokProfile {
    /// `open_id`.
    pub open_id: String,
    /// `display_name` (`user.info.basic`).
    pub display_name: Option<String>,
    /// `username`, without `@` (`user.info.profile`).
    pub username: Option<String>,
    /// `follower_count` (`user.info.stats`).
    pub follower_count: Option<u64>,
    /// `following_count` (`user.info.stats`).
    pub following_count: Option<u64>,
    /// `likes_count`: likes over all the user's videos (`user.info.stats`).
    pub likes_count: Option<u64>,
    /// `video_count` (`user.info.stats`).
    pub video_count: Option<u64>,
}

/// A public video of the user, with its lifetime counts (`video.list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TikTokVideo {
    /// `id`: a numeric string beyond 2^53.
    pub id: String,
    /// `title`, if any. Untrusted.
    pub title: Option<String>,
    /// `video_description`, if any. Untrusted.
    pub description: Option<String>,
    /// `create_time` (Unix seconds).
    pub created_at: DateTime<Utc>,
    /// `duration` in seconds.
    pub duration_seconds: Option<u32>,
    /// `share_url`: the public link.
    pub share_url: Option<String>,
    /// `view_count`.
    pub views: Option<u64>,
    /// `like_count`.
    pub likes: Option<u64>,
    /// `comment_count`.
    pub comments: Option<u64>,
    /// `share_count`.
    pub shares: Option<u64>,
}

/// One page of `POST /v2/video/list/`, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoPage {
    /// The videos on this page.
    pub videos: Vec<TikTokVideo>,
    /// Where the next page starts (`data.cursor`, a UTC time in milliseconds), when
    /// `has_more` is true; `None` on the last page.
    pub next: Option<i64>,
}

/// How a TikTok account signs in to Pulse: Login Kit for Web v2.
#[async_trait]
pub trait TikTokLogin: Send + Sync {
    /// The browser URL of TikTok's authorize page (`/v2/auth/authorize/`), asking for
    /// [`SCOPES`] and carrying `state`.
    fn authorize_url(&self, state: &str) -> String;

    /// Exchanges an authorization code (`grant_type=authorization_code`). A refused code is
    /// `SourceError::BadAuthorizationCode`.
    async fn exchange_code(&self, code: &str) -> Result<TikTokTokens, SourceError>;

    /// Refreshes the tokens (`grant_type=refresh_token`). The answer carries a new refresh
    /// token and the one sent stops working. `invalid_grant` is `SourceError::Reauth`.
    async fn refresh(&self, refresh: &RefreshToken) -> Result<TikTokTokens, SourceError>;

    /// Revokes the user's authorization (`POST /v2/oauth/revoke/` with the access token):
    /// Pulse no longer appears in the user's connected apps. A token TikTok no longer knows
    /// is `SourceError::Reauth`.
    async fn revoke(&self, token: &AccessToken) -> Result<(), SourceError>;
}

/// What Pulse reads from TikTok with an account's access token: the Display API.
///
/// Each method handles the `{"data", "error"}` envelope (an error can arrive with HTTP 200),
/// retries what is temporary, and waits out `rate_limit_exceeded` within reason; an `Err` is
/// final for this attempt.
#[async_trait]
pub trait TikTok: Send + Sync {
    /// The profile (`GET /v2/user/info/`), asking only for the fields of `granted` scopes.
    async fn profile(
        &self,
        token: &AccessToken,
        granted: &[String],
    ) -> Result<TikTokProfile, SourceError>;

    /// One page of the user's videos, newest first (`POST /v2/video/list/`, `max_count` 20),
    /// starting at `cursor` (`None`: the newest).
    async fn videos(
        &self,
        token: &AccessToken,
        cursor: Option<i64>,
    ) -> Result<VideoPage, SourceError>;

    /// The current counts of up to 20 of the user's videos (`POST /v2/video/query/`). A
    /// video that is gone is absent from the answer.
    async fn query_videos(
        &self,
        token: &AccessToken,
        ids: &[String],
    ) -> Result<Vec<TikTokVideo>, SourceError>;

    /// How long the next call with `token` will wait for TikTok's rate limit, when the
    /// implementation is pausing; `None` when it is not.
    fn paused_for(&self, _token: &AccessToken) -> Option<Duration> {
        None
    }
}
