//! [`Ports`]: the engine's doors to the networks it links — for each [`Network`], how an
//! account signs in (OAuth) and how its data is read; for Instagram also what an account
//! does and publishes through Pulse. TikTok's pair ([`TikTokPorts`]) is there when the
//! operator configured TikTok. An Instagram door asked for on behalf of a TikTok account
//! refuses every call ([`NotInstagram`], [`ReadOnly`]): callers pick by the account's network.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::account::Network;
use crate::instagram::{
    AccessToken, Comment, DailyInsights, Demographics, Instagram, InstagramActions, InstagramLogin,
    InstagramPublishing, LongLivedToken, OnlineFollowers, Post, PostMetrics, Profile,
    ShortLivedToken, SourceError,
};
use crate::tiktok::{TikTok, TikTokLogin};

/// Instagram's ports.
#[derive(Clone)]
pub struct InstagramPorts {
    /// OAuth: the authorize page, codes and tokens.
    pub login: Arc<dyn InstagramLogin>,
    /// An account's data, read with its token.
    pub data: Arc<dyn Instagram>,
    /// What an account does through Pulse: replies, hides, webhook subscriptions.
    pub actions: Arc<dyn InstagramActions>,
    /// What an account publishes through Pulse: containers, publishing, the limit.
    pub publishing: Arc<dyn InstagramPublishing>,
}

/// TikTok's ports.
#[derive(Clone)]
pub struct TikTokPorts {
    /// OAuth: the authorize page, codes, refreshes and revocation.
    pub login: Arc<dyn TikTokLogin>,
    /// The profile and videos, read with an access token.
    pub data: Arc<dyn TikTok>,
}

/// The ports of every network Pulse links.
#[derive(Clone)]
pub struct Ports {
    instagram: InstagramPorts,
    tiktok: Option<TikTokPorts>,
}

impl Ports {
    /// The ports, network by network.
    pub fn new(instagram: InstagramPorts) -> Self {
        Self {
            instagram,
            tiktok: None,
        }
    }

    /// The same ports with TikTok's.
    pub fn with_tiktok(mut self, tiktok: TikTokPorts) -> Self {
        self.tiktok = Some(tiktok);
        self
    }

    /// TikTok's ports, when TikTok is configured.
    pub fn tiktok(&self) -> Option<&TikTokPorts> {
        self.tiktok.as_ref()
    }

    /// Whether accounts of `network` can be linked here.
    pub fn links(&self, network: Network) -> bool {
        match network {
            Network::Instagram => true,
            Network::TikTok => self.tiktok.is_some(),
        }
    }

    /// Instagram's ports all served by one value (as `connectors`' client serves them).
    pub fn instagram<Client>(client: Arc<Client>) -> Self
    where
        Client: InstagramLogin + Instagram + InstagramActions + 'static,
    {
        Self::new(InstagramPorts {
            login: client.clone(),
            data: client.clone(),
            actions: client,
            publishing: Arc::new(ReadOnly),
        })
    }

    /// The same ports, publishing through `publishing`.
    pub fn with_publishing(mut self, publishing: Arc<dyn InstagramPublishing>) -> Self {
        self.instagram.publishing = publishing;
        self
    }

    /// Instagram's login and data ports served by one value that never acts ([`ReadOnly`]).
    pub fn read_only_instagram<Client>(client: Arc<Client>) -> Self
    where
        Client: InstagramLogin + Instagram + 'static,
    {
        Self::new(InstagramPorts {
            login: client.clone(),
            data: client,
            actions: Arc::new(ReadOnly),
            publishing: Arc::new(ReadOnly),
        })
    }

    /// How an account of `network` signs in.
    pub fn login(&self, network: Network) -> &dyn InstagramLogin {
        match network {
            Network::Instagram => self.instagram.login.as_ref(),
            Network::TikTok => &NotInstagram,
        }
    }

    /// What an account of `network` does through Pulse.
    pub fn actions(&self, network: Network) -> &dyn InstagramActions {
        match network {
            Network::Instagram => self.instagram.actions.as_ref(),
            Network::TikTok => &ReadOnly,
        }
    }

    /// What an account of `network` publishes through Pulse.
    pub fn publishing(&self, network: Network) -> &dyn InstagramPublishing {
        match network {
            Network::Instagram => self.instagram.publishing.as_ref(),
            Network::TikTok => &ReadOnly,
        }
    }

    /// How an account of `network` is read.
    pub fn data(&self, network: Network) -> &dyn Instagram {
        match network {
            Network::Instagram => self.instagram.data.as_ref(),
            Network::TikTok => &NotInstagram,
        }
    }
}

/// The actions of a port that reads and never acts (benches, and tests of reading only):
/// every action is refused as a permission the account did not grant.
pub struct ReadOnly;

#[async_trait::async_trait]
impl InstagramActions for ReadOnly {
    async fn reply_to_comment(
        &self,
        _token: &crate::instagram::AccessToken,
        _comment_id: &str,
        _message: &str,
    ) -> Result<String, crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }

    async fn private_reply(
        &self,
        _token: &crate::instagram::AccessToken,
        _account_user_id: &str,
        _comment_id: &str,
        _message: &str,
    ) -> Result<(), crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }

    async fn set_comment_hidden(
        &self,
        _token: &crate::instagram::AccessToken,
        _comment_id: &str,
        _hidden: bool,
    ) -> Result<(), crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }

    async fn subscribe_to_comments(
        &self,
        _token: &crate::instagram::AccessToken,
    ) -> Result<(), crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }
}

#[async_trait::async_trait]
impl InstagramPublishing for ReadOnly {
    async fn create_container(
        &self,
        _token: &crate::instagram::AccessToken,
        _account_user_id: &str,
        _request: &crate::instagram::ContainerRequest,
    ) -> Result<String, crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }

    async fn container_status(
        &self,
        _token: &crate::instagram::AccessToken,
        _container_id: &str,
    ) -> Result<crate::instagram::ContainerStatus, crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }

    async fn publish_container(
        &self,
        _token: &crate::instagram::AccessToken,
        _account_user_id: &str,
        _container_id: &str,
    ) -> Result<String, crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }

    async fn publishing_limit(
        &self,
        _token: &crate::instagram::AccessToken,
        _account_user_id: &str,
    ) -> Result<crate::instagram::PublishingLimit, crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }

    async fn permalink(
        &self,
        _token: &crate::instagram::AccessToken,
        _media_id: &str,
    ) -> Result<String, crate::instagram::SourceError> {
        Err(crate::instagram::SourceError::MissingPermission { code: 10 })
    }
}

/// Instagram's login and data doors for an account that is not on Instagram: every call is
/// refused as a request Instagram would never accept.
pub struct NotInstagram;

fn not_instagram() -> SourceError {
    SourceError::Permanent {
        code: 0,
        subcode: None,
        message: "not an Instagram account".into(),
    }
}

#[async_trait::async_trait]
impl InstagramLogin for NotInstagram {
    fn authorize_url(&self, _state: &str) -> String {
        String::new()
    }

    async fn exchange_code(&self, _code: &str) -> Result<ShortLivedToken, SourceError> {
        Err(not_instagram())
    }

    async fn long_lived_token(&self, _short: &AccessToken) -> Result<LongLivedToken, SourceError> {
        Err(not_instagram())
    }

    async fn refresh_token(&self, _token: &AccessToken) -> Result<LongLivedToken, SourceError> {
        Err(not_instagram())
    }
}

#[async_trait::async_trait]
impl Instagram for NotInstagram {
    async fn profile(&self, _token: &AccessToken) -> Result<Profile, SourceError> {
        Err(not_instagram())
    }

    async fn posts(&self, _token: &AccessToken) -> Result<Vec<Post>, SourceError> {
        Err(not_instagram())
    }

    async fn posts_since(
        &self,
        _token: &AccessToken,
        _since: DateTime<Utc>,
    ) -> Result<Vec<Post>, SourceError> {
        Err(not_instagram())
    }

    async fn post_insights(
        &self,
        _token: &AccessToken,
        _post: &Post,
    ) -> Result<PostMetrics, SourceError> {
        Err(not_instagram())
    }

    async fn daily_insights(
        &self,
        _token: &AccessToken,
        _first: NaiveDate,
        _last: NaiveDate,
    ) -> Result<Vec<DailyInsights>, SourceError> {
        Err(not_instagram())
    }

    async fn online_followers(
        &self,
        _token: &AccessToken,
    ) -> Result<Vec<OnlineFollowers>, SourceError> {
        Err(not_instagram())
    }

    async fn demographics(&self, _token: &AccessToken) -> Result<Demographics, SourceError> {
        Err(not_instagram())
    }

    async fn comments(
        &self,
        _token: &AccessToken,
        _post_id: &str,
    ) -> Result<Vec<Comment>, SourceError> {
        Err(not_instagram())
    }
}
