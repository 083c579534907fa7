//! The boundary of the front ends: how a message reaches the engine, and how the runtime
//! sends to a chat, whatever its platform.
//!
//! A front end only translates: what a person sent becomes an [`Inbound`], which it hands to
//! [`Received::new`] (or [`answer`], to receive and answer in one step); a [`Reply`] becomes
//! the platform's messages. [`Received`] reads the message once ([`Request`]) in one span
//! per message (its platform and command, never its chat, user or text), asks the front end
//! whether the sender administers the chat only when the engine needs to know, and turns
//! an engine failure into a plain sentence with a reference while the log gets the cause
//! chain. Replies to a message go back the way the message came. Messages Pulse starts
//! itself (a link confirmation, sync progress, digests) go through the [`Outbox`], which
//! hands them to the [`ChatOutput`] registered for the chat's platform.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use engine::chat::{ChatId, Platform};
use engine::inbound::MediaFile;
use engine::{Inbound, Reply, Request};
use tracing::Instrument as _;

use crate::app::AppState;

/// A message from a chat, read once, in its span: everything a front end asks about it
/// before and while it answers.
#[derive(Debug)]
pub struct Received {
    request: Request,
    span: tracing::Span,
}

impl Received {
    /// Reads what a front end translated, in a `message{platform, command}` span.
    pub fn new(inbound: Inbound) -> Self {
        let request = Request::read(inbound);
        let span = tracing::info_span!(
            "message",
            platform = request.inbound().chat.platform.as_str(),
            command = request.name()
        );
        Self { request, span }
    }

    /// Asks the platform whether the sender administers the chat (`ask`), when the engine
    /// needs to know and the front end has not said; otherwise `ask` is not called.
    pub async fn ask_chat_admin<Asked>(&mut self, ask: impl FnOnce() -> Asked)
    where
        Asked: Future<Output = bool>,
    {
        if self.request.needs_chat_admin() {
            let administers = ask().instrument(self.span.clone()).await;
            self.request.set_chat_admin(administers);
        }
    }

    /// The same message with the files the front end fetched for it (and why one could
    /// not be), read again.
    pub fn with_media(self, media: Vec<MediaFile>, problem: Option<String>) -> Self {
        let inbound = Inbound {
            attachments: self.request.inbound().attachments.max(media.len()),
            media,
            media_problem: problem,
            ..self.request.inbound().clone()
        };
        Self {
            request: Request::read(inbound),
            span: self.span,
        }
    }

    /// The chat it came from.
    pub fn chat(&self) -> &ChatId {
        &self.request.inbound().chat
    }

    /// What Pulse refuses outright, known before answering (a front end that must answer
    /// at once asks this first).
    pub fn refusal(&self, state: &AppState) -> Option<Reply> {
        let _entered = self.span.enter();
        state.pulse.refusal(&self.request)
    }

    /// Whether the answer may take seconds.
    pub fn is_slow(&self) -> bool {
        self.request.is_slow()
    }

    /// Whether the answer may carry a link or personal data, known before answering.
    pub fn reveals_personal_data(&self, state: &AppState) -> bool {
        let _entered = self.span.enter();
        state
            .pulse
            .reveals_personal_data(&self.request, (state.clock)())
    }

    /// The engine's reply; an engine failure becomes a plain sentence with a reference.
    pub async fn answer(&self, state: &AppState) -> Reply {
        async {
            match state.pulse.answer(&self.request, (state.clock)()).await {
                Ok(reply) => {
                    if reply.wakes_publisher {
                        state.publisher_wake.notify_one();
                    }
                    if reply.wakes_revoker {
                        state.revoker_wake.notify_one();
                    }
                    reply
                }
                Err(error) => Reply::text(prompts::internal_error(&crate::errors::report(
                    "handling a message failed",
                    &error,
                ))),
            }
        }
        .instrument(self.span.clone())
        .await
    }
}

/// The engine's reply to one message from a chat whose front end has said whatever it
/// knows of the sender.
pub async fn answer(state: &AppState, inbound: Inbound) -> Reply {
    Received::new(inbound).answer(state).await
}

/// A message a front end sent, so it can be edited later (sync progress is one message
/// edited in place where the platform allows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    /// The platform's id of the message.
    pub id: String,
}

/// Why a send failed, and whether part of the reply had reached the chat by then.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Nothing reached the chat: the reply may be sent again.
    #[error("{0:#}")]
    NotDelivered(anyhow::Error),
    /// Part of the reply reached the chat before sending failed (some platforms need several
    /// messages for one reply): sending it again would repeat that part.
    #[error("part of the reply was delivered before sending failed: {0:#}")]
    PartlyDelivered(anyhow::Error),
}

impl SendError {
    /// `error`, having happened after part of the reply was delivered when `delivered`.
    pub fn after(delivered: bool, error: impl Into<anyhow::Error>) -> SendError {
        if delivered {
            SendError::PartlyDelivered(error.into())
        } else {
            SendError::NotDelivered(error.into())
        }
    }

    /// Whether part of the reply had reached the chat.
    pub fn partly_delivered(&self) -> bool {
        matches!(self, SendError::PartlyDelivered(_))
    }
}

impl From<anyhow::Error> for SendError {
    fn from(error: anyhow::Error) -> SendError {
        SendError::NotDelivered(error)
    }
}

/// Sends replies into chats of one platform.
#[async_trait]
pub trait ChatOutput: Send + Sync {
    /// Sends a reply to a chat. An error after part of it was delivered is
    /// [`SendError::PartlyDelivered`].
    async fn send(&self, chat: &ChatId, reply: &Reply) -> Result<SentMessage, SendError>;

    /// Replaces the content of a message sent earlier (platforms that cannot edit send anew).
    async fn edit(&self, chat: &ChatId, message: &SentMessage, reply: &Reply)
        -> anyhow::Result<()>;

    /// Sends a reply when its turn comes (the platform's pacing), if `go` — asked then, just
    /// before the first request leaves — says so; `Ok(None)` when it did not. Where the
    /// platform has no pacing to wait for, `go` is asked at once.
    async fn send_in_its_turn(
        &self,
        chat: &ChatId,
        reply: &Reply,
        go: &(dyn Fn() -> bool + Send + Sync),
    ) -> Result<Option<SentMessage>, SendError> {
        if !go() {
            return Ok(None);
        }
        self.send(chat, reply).await.map(Some)
    }

    /// The parts `reply` goes out in, each sent alone and in order, each one send that
    /// either reaches the chat or not (a digest records each part before it is sent, so that
    /// no part is sent twice). One part, the whole reply, unless the platform needs several
    /// messages for it.
    fn parts(&self, reply: &Reply) -> Vec<Reply> {
        vec![reply.clone()]
    }
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

    /// The platforms with a running front end.
    pub fn platforms(&self) -> Vec<Platform> {
        self.outputs
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .keys()
            .copied()
            .collect()
    }

    /// Sends to a chat; `Ok(None)` when no front end of its platform is running.
    pub async fn send(
        &self,
        chat: &ChatId,
        reply: &Reply,
    ) -> Result<Option<SentMessage>, SendError> {
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

    /// Sends to a chat in its turn if `go`, asked then, says so
    /// ([`ChatOutput::send_in_its_turn`]); `Ok(None)` when no front end of its platform is
    /// running or `go` said no.
    pub async fn send_in_its_turn(
        &self,
        chat: &ChatId,
        reply: &Reply,
        go: &(dyn Fn() -> bool + Send + Sync),
    ) -> Result<Option<SentMessage>, SendError> {
        match self.output(chat.platform) {
            Some(output) => output.send_in_its_turn(chat, reply, go).await,
            None => Ok(None),
        }
    }

    /// The parts `reply` goes out in to `chat` ([`ChatOutput::parts`]); `None` when no
    /// front end of its platform is running.
    pub fn parts(&self, chat: &ChatId, reply: &Reply) -> Option<Vec<Reply>> {
        self.output(chat.platform).map(|output| output.parts(reply))
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
