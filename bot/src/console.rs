//! The console front end: one message per line on stdin, replies on stdout.
//!
//! It is a chat like any other (platform `console`, one chat) and goes through the same
//! engine door as Telegram and Discord. When input is not a terminal, each line is echoed
//! before its reply (`» /stats`), so a scripted run reads as a transcript. With
//! `follow_links`, a `/connect` link is opened by [`crate::browser`] and the console waits
//! for the first sync before reading the next line: that is how `pulse demo` links itself.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use engine::chat::{ChatId, Platform, UserId};
use engine::reply::Button;
use engine::{Message, Reply};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::Mutex;

use crate::app::AppState;
use crate::frontend::{ChatOutput, SentMessage};
use crate::linking::SyncEvent;
use crate::{browser, errors};

/// The console's one chat.
pub fn console_chat() -> ChatId {
    ChatId::new(Platform::Console, "local")
}

/// Writes replies as plain text, one blank line between messages.
pub struct ConsoleOutput {
    writer: Mutex<Box<dyn AsyncWrite + Send + Unpin>>,
    sent: AtomicU64,
}

impl ConsoleOutput {
    /// Output to `writer` (stdout in `pulse chat`, a buffer in tests).
    pub fn new(writer: Box<dyn AsyncWrite + Send + Unpin>) -> Self {
        Self {
            writer: Mutex::new(writer),
            sent: AtomicU64::new(0),
        }
    }

    /// Writes a line of the console's own (a banner, a demo note), not a chat reply.
    pub async fn send_text(&self, text: &str) -> anyhow::Result<()> {
        self.write(text).await
    }

    async fn write(&self, text: &str) -> anyhow::Result<()> {
        let mut writer = self.writer.lock().await;
        writer.write_all(text.as_bytes()).await?;
        writer.write_all(b"\n\n").await?;
        writer.flush().await?;
        Ok(())
    }
}

#[async_trait]
impl ChatOutput for ConsoleOutput {
    async fn send(&self, _chat: &ChatId, reply: &Reply) -> anyhow::Result<SentMessage> {
        self.write(&reply.to_plain_text()).await?;
        for attachment in &reply.attachments {
            // A terminal shows files by saving them and saying where.
            let directory = std::env::temp_dir().join("pulse-files");
            let path = directory.join(&attachment.name);
            let saved = tokio::fs::create_dir_all(&directory)
                .await
                .and(tokio::fs::write(&path, &attachment.bytes).await);
            let note = match saved {
                Ok(()) => format!(
                    "(file {}, {}, saved to {})",
                    attachment.name,
                    prompts::count(attachment.bytes.len() as u64, "byte", "bytes"),
                    path.display()
                ),
                Err(error) => format!("(file {} could not be saved: {error})", attachment.name),
            };
            self.write(&note).await?;
        }
        let id = self.sent.fetch_add(1, Ordering::Relaxed);
        Ok(SentMessage { id: id.to_string() })
    }

    async fn edit(
        &self,
        _chat: &ChatId,
        _message: &SentMessage,
        reply: &Reply,
    ) -> anyhow::Result<()> {
        // A terminal cannot edit what it printed: the new state is printed below.
        self.write(&reply.to_plain_text()).await
    }
}

/// How the console behaves.
#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    /// Echo each input line before its reply.
    pub echo: bool,
    /// Open `/connect` links like a browser would and wait for the first sync.
    pub follow_links: bool,
    /// The longest wait for a first sync.
    pub sync_wait: Duration,
}

fn link_to_follow(reply: &Reply, public_url: &str) -> Option<String> {
    reply.buttons.iter().find_map(|button| match button {
        Button::Link { url, .. } if url.starts_with(&format!("{public_url}/connect/")) => {
            Some(url.clone())
        }
        _ => None,
    })
}

/// Reads lines until end of input, answering each.
pub async fn run(
    state: Arc<AppState>,
    input: impl AsyncBufRead + Unpin,
    output: Arc<ConsoleOutput>,
    options: ConsoleOptions,
) -> anyhow::Result<()> {
    let chat = console_chat();
    let mut input = input;
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer).await? == 0 {
            break;
        }
        let Ok(line) = std::str::from_utf8(&buffer) else {
            output
                .send(
                    &chat,
                    &Reply::text("I could not read that line: it is not UTF-8 text."),
                )
                .await?;
            continue;
        };
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        if options.echo {
            output.write(&format!("» {text}")).await?;
        }
        let message = Message {
            chat: chat.clone(),
            user: UserId::new(Platform::Console, "you"),
            chat_title: "this console chat".into(),
            text: text.to_owned(),
        };
        let reply = match state.pulse.handle(&message, (state.clock)()).await {
            Ok(reply) => reply,
            Err(error) => Reply::text(prompts::internal_error(&errors::report(
                "console message failed",
                &error,
            ))),
        };
        output.send(&chat, &reply).await?;
        if options.follow_links {
            if let Some(url) = link_to_follow(&reply, &state.pulse.settings().public_url) {
                follow_and_wait(&state, &url, &output, &options).await?;
            }
        }
    }
    Ok(())
}

async fn follow_and_wait(
    state: &Arc<AppState>,
    url: &str,
    output: &ConsoleOutput,
    options: &ConsoleOptions,
) -> anyhow::Result<()> {
    let mut events = state.events.subscribe();
    output
        .write(&format!("(demo: opening {url} as a browser would…)"))
        .await?;
    if let Err(error) = browser::follow_link(url).await {
        output
            .write(&format!("(demo: following the link failed: {error})"))
            .await?;
        return Ok(());
    }
    let chat = console_chat();
    let waited = tokio::time::timeout(options.sync_wait, async {
        loop {
            match events.recv().await {
                Ok(SyncEvent::Ready { chat: c, .. }) | Ok(SyncEvent::Failed { chat: Some(c) })
                    if c == chat =>
                {
                    break
                }
                Ok(_) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    })
    .await;
    if waited.is_err() {
        output
            .write("(demo: the first sync is taking long; continuing while it runs)")
            .await?;
    }
    Ok(())
}
