//! [`TikTokClient`]: the `engine::tiktok` ports [`TikTokLogin`] and [`TikTok`] over HTTP.
//!
//! This file holds the client, its construction and the Display API calls (user info, video
//! list, video query); `oauth.rs` has the token calls and `transport.rs` the request loop.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use engine::tiktok::{
    AccessToken, RefreshToken, SourceError, TikTok, TikTokLogin, TikTokProfile, TikTokTokens,
    TikTokVideo, VideoPage,
};
use reqwest::Method;
use serde_json::json;

use super::config::TikTokConfig;
use super::errors::Endpoint;
use super::oauth;
use super::transport::{Call, Transport};
use super::wire::{profile_of, videos_of};

/// The user info fields each scope grants, as Pulse asks for them. Asking for a field of a
/// scope not granted fails the whole call, so only granted scopes' fields are asked.
const USER_FIELDS: [(&str, &str); 3] = [
    (
        "user.info.basic",
        "open_id,union_id,avatar_url,display_name",
    ),
    ("user.info.profile", "username"),
    (
        "user.info.stats",
        "follower_count,following_count,likes_count,video_count",
    ),
];

/// The video fields asked of the list and the query. Never `cover_image_url`: its links
/// expire within hours and Pulse stores what it reads.
pub(crate) const VIDEO_FIELDS: &str = "id,title,video_description,create_time,duration,share_url,like_count,comment_count,share_count,view_count";

/// Videos per list page (`max_count`, TikTok's maximum) and ids per query (TikTok's limit).
pub(crate) const PAGE_SIZE: usize = 20;

/// Why a [`TikTokClient`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientBuildError {
    /// A configuration value is unusable.
    #[error("invalid TikTok configuration: {0}")]
    InvalidConfig(String),
    /// The HTTP client could not be created (TLS setup).
    #[error("cannot create the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// The TikTok Login Kit and Display API client. Cheap to clone (shared state).
///
/// It retries temporary failures and waits out `rate_limit_exceeded` within
/// `max_attempts`, and never logs URLs, bodies or tokens.
#[derive(Debug, Clone)]
pub struct TikTokClient {
    transport: Arc<Transport>,
}

impl TikTokClient {
    /// Builds a client from a configuration.
    pub fn new(config: TikTokConfig) -> Result<Self, ClientBuildError> {
        config.validate().map_err(ClientBuildError::InvalidConfig)?;
        let transport = Transport::new(config).map_err(ClientBuildError::Http)?;
        Ok(Self {
            transport: Arc::new(transport),
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &TikTokConfig {
        &self.transport.config
    }

    /// The `fields` of `/v2/user/info/` for these granted scopes; `None` when no scope
    /// grants any.
    fn user_fields(granted: &[String]) -> Option<String> {
        let fields: Vec<&str> = USER_FIELDS
            .iter()
            .filter(|(scope, _)| granted.iter().any(|g| g.trim() == *scope))
            .map(|(_, fields)| *fields)
            .collect();
        (!fields.is_empty()).then(|| fields.join(","))
    }

    /// A Display API POST of `body` to `{api_url}/v2/video/{action}/?fields=…`.
    async fn video_call(
        &self,
        token: &AccessToken,
        action: &str,
        body: serde_json::Value,
    ) -> Result<Vec<u8>, SourceError> {
        let mut url = self.transport.api_url(&["video", action]);
        url.query_pairs_mut().append_pair("fields", VIDEO_FIELDS);
        let call = Call {
            endpoint: Endpoint::Data,
            method: Method::POST,
            url,
            bearer: Some(token),
            form: None,
            json: Some(body),
            secrets: Vec::new(),
        };
        self.transport.execute(&call).await
    }
}

#[async_trait]
impl TikTokLogin for TikTokClient {
    fn authorize_url(&self, state: &str) -> String {
        oauth::authorize_url(&self.transport, state)
    }

    async fn exchange_code(&self, code: &str) -> Result<TikTokTokens, SourceError> {
        oauth::exchange_code(&self.transport, code).await
    }

    async fn refresh(&self, refresh: &RefreshToken) -> Result<TikTokTokens, SourceError> {
        oauth::refresh(&self.transport, refresh).await
    }

    async fn revoke(&self, token: &AccessToken) -> Result<(), SourceError> {
        oauth::revoke(&self.transport, token).await
    }
}

#[async_trait]
impl TikTok for TikTokClient {
    /// Without any scope that grants a user field, nothing can be asked:
    /// `MissingPermission` without a request.
    async fn profile(
        &self,
        token: &AccessToken,
        granted: &[String],
    ) -> Result<TikTokProfile, SourceError> {
        let fields =
            Self::user_fields(granted).ok_or(SourceError::MissingPermission { code: 0 })?;
        let mut url = self.transport.api_url(&["user", "info"]);
        url.query_pairs_mut().append_pair("fields", &fields);
        let call = Call {
            endpoint: Endpoint::Data,
            method: Method::GET,
            url,
            bearer: Some(token),
            form: None,
            json: None,
            secrets: Vec::new(),
        };
        let body = self.transport.execute(&call).await?;
        profile_of(&body)
    }

    /// `next` is `data.cursor` when `has_more`. A page that says `has_more` without a
    /// cursor is `Malformed`; one that hands back the cursor it was asked for ends the
    /// paging (`next: None`) rather than loop.
    async fn videos(
        &self,
        token: &AccessToken,
        cursor: Option<i64>,
    ) -> Result<VideoPage, SourceError> {
        let mut body = json!({ "max_count": PAGE_SIZE });
        if let Some(cursor) = cursor {
            body["cursor"] = cursor.into();
        }
        let answer = videos_of(&self.video_call(token, "list", body).await?)?;
        let next = match (answer.has_more, answer.cursor) {
            (false, _) => None,
            (true, None) => {
                return Err(SourceError::Malformed {
                    reason: "the video list says has_more without a cursor".to_owned(),
                })
            }
            (true, Some(next)) if Some(next) == cursor => {
                tracing::debug!("the tiktok video list handed back the same cursor; stopping");
                None
            }
            (true, Some(next)) => Some(next),
        };
        Ok(VideoPage {
            videos: answer.videos,
            next,
        })
    }

    /// More than 20 ids are asked 20 at a time, in order; no ids, no request.
    async fn query_videos(
        &self,
        token: &AccessToken,
        ids: &[String],
    ) -> Result<Vec<TikTokVideo>, SourceError> {
        let mut videos = Vec::new();
        for chunk in ids.chunks(PAGE_SIZE) {
            let body = json!({ "filters": { "video_ids": chunk } });
            let answer = videos_of(&self.video_call(token, "query", body).await?)?;
            videos.extend(answer.videos);
        }
        Ok(videos)
    }

    fn paused_for(&self, token: &AccessToken) -> Option<Duration> {
        self.transport.paused_for(token)
    }
}
