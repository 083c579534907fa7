//! [`Ports`]: the engine's doors to the networks it links, one pair per [`Network`] — how
//! an account signs in (OAuth) and how its data is read. Instagram's today; TikTok's will sit
//! beside them with its own pair, and nothing that picks a port by an account's network
//! changes.

use std::sync::Arc;

use crate::account::Network;
use crate::instagram::{Instagram, InstagramActions, InstagramLogin, InstagramPublishing};

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

/// The ports of every network Pulse links.
#[derive(Clone)]
pub struct Ports {
    instagram: InstagramPorts,
}

impl Ports {
    /// The ports, network by network.
    pub fn new(instagram: InstagramPorts) -> Self {
        Self { instagram }
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
        }
    }

    /// What an account of `network` does through Pulse.
    pub fn actions(&self, network: Network) -> &dyn InstagramActions {
        match network {
            Network::Instagram => self.instagram.actions.as_ref(),
        }
    }

    /// What an account of `network` publishes through Pulse.
    pub fn publishing(&self, network: Network) -> &dyn InstagramPublishing {
        match network {
            Network::Instagram => self.instagram.publishing.as_ref(),
        }
    }

    /// How an account of `network` is read.
    pub fn data(&self, network: Network) -> &dyn Instagram {
        match network {
            Network::Instagram => self.instagram.data.as_ref(),
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
