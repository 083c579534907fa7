//! Placeholder: the action half of the port (replies, hides, webhook subscriptions) is being
//! written; until then every action is refused as a missing permission.

use async_trait::async_trait;
use engine::instagram::{AccessToken, InstagramActions, SourceError};

use super::InstagramClient;

#[async_trait]
impl InstagramActions for InstagramClient {
    async fn reply_to_comment(
        &self,
        _token: &AccessToken,
        _comment_id: &str,
        _message: &str,
    ) -> Result<String, SourceError> {
        Err(SourceError::MissingPermission { code: 10 })
    }

    async fn private_reply(
        &self,
        _token: &AccessToken,
        _comment_id: &str,
        _message: &str,
    ) -> Result<(), SourceError> {
        Err(SourceError::MissingPermission { code: 10 })
    }

    async fn set_comment_hidden(
        &self,
        _token: &AccessToken,
        _comment_id: &str,
        _hidden: bool,
    ) -> Result<(), SourceError> {
        Err(SourceError::MissingPermission { code: 10 })
    }

    async fn subscribe_to_comments(&self, _token: &AccessToken) -> Result<(), SourceError> {
        Err(SourceError::MissingPermission { code: 10 })
    }
}
