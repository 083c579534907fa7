//! The boundary of the front ends: how the runtime sends to a chat, whatever its platform.
//!
//! Replies to a message go back the way the message came. Messages Pulse starts itself (a
//! link confirmation, sync progress, later digests) go through the [`Outbox`], which hands
//! them to the [`ChatOutput`] registered for the chat's platform.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use engine::chat::{ChatId, Platform};
use engine::Reply;

/// A message a front end sent, so it can be edited later (sync progress is one message
/// edited in place where the platform allows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    /// The platform's id of the message.
    pub id: String,
}

/// Sends replies into chats of one platform.
#[async_trait]
pub trait ChatOutput: Send + Sync {
    /// Sends a reply to a chat.
    async fn send(&self, chat: &ChatId, reply: &Reply) -> anyhow::Result<SentMessage>;

    /// Replaces the content of a message sent earlier (platforms that cannot edit send anew).
    async fn edit(&self, chat: &ChatId, message: &SentMessage, reply: &Reply)
        -> anyhow::Result<()>;
}

/// The registered outputs, one per platform.
#[derive(Default)]
pub struct Outbox {
    outputs: RwLock<HashMap<Platform, Arc<dyn ChatOutput>>>,
}

impl Outbox {
    /// An outbox with no outputs yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers (or replaces) the output of a platform.
    pub fn register(&self, platform: Platform, output: Arc<dyn ChatOutput>) {
        self.outputs
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(platform, output);
    }

    /// The output registered for a platform.
    pub fn output(&self, platform: Platform) -> Option<Arc<dyn ChatOutput>> {
        self.outputs
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&platform)
            .cloned()
    }

    /// Sends to a chat; `Ok(None)` when no front end of its platform is running.
    pub async fn send(&self, chat: &ChatId, reply: &Reply) -> anyhow::Result<Option<SentMessage>> {
        match self.output(chat.platform) {
            Some(output) => output.send(chat, reply).await.map(Some),
            None => {
                tracing::debug!(
                    platform = chat.platform.as_str(),
                    "no front end for this platform; message dropped"
                );
                Ok(None)
            }
        }
    }

    /// Edits a message sent earlier.
    pub async fn edit(
        &self,
        chat: &ChatId,
        message: &SentMessage,
        reply: &Reply,
    ) -> anyhow::Result<()> {
        match self.output(chat.platform) {
            Some(output) => output.edit(chat, message, reply).await,
            None => Ok(()),
        }
    }
}
