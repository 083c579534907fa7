//! The console front end: one message per line on stdin, replies on stdout.
//!
//! It is a chat like any other (platform `console`, one chat) and goes through the same
//! engine door as Telegram and Discord. When input is not a terminal, each line is echoed
//! before its reply (`» /stats`), so a scripted run reads as a transcript. With
//! `follow_links`, a `/connect` link is opened by [`crate::browser`] and the console waits
//! for the first sync before reading the next line: that is how `pulse demo` links itself.
//!
//! `/attach <path> [caption]` is the console's own: it reads a photo or video from this
//! computer (300 MB at most) and hands it over as `/post [caption]` with the file; `/help`
//! names it.
//!
//! Buttons are printed after the text as `[Label] /command`, to be typed; a button that asks
//! for text as `[Reply] /reply 1789… <text>`, the text to be written in place of `<text>`
//! ([`plain_text`]).
//!
//! Standard input is read on a thread of its own ([`stdin`]): tokio's stdin reads on the
//! runtime's blocking pool, where a read cannot be cancelled, so an open, idle input held the
//! runtime's shutdown after Ctrl-C until a line or end of input came.

use std::io::BufRead as _;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use async_trait::async_trait;
use engine::chat::{ChatId, Platform, UserId};
use engine::inbound::{Inbound, Input, MediaFile};
use engine::reply::Button;
use engine::Reply;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::{mpsc, Mutex};

use crate::app::AppState;
use crate::browser;
use crate::frontend::{ChatOutput, SendError, SentMessage};
use crate::linking::SyncEvent;

/// What a button that asks for text shows in place of the text.
pub const TEXT_PLACE: &str = "<text>";

/// A reply as the console prints it: [`Reply::to_plain_text`], a button that asks for text
/// shown as its command followed by [`TEXT_PLACE`] (the console has no forms, and a typed
/// line with the text is read as any other).
pub fn plain_text(reply: &Reply) -> String {
    let mut shown = reply.clone();
    for button in &mut shown.buttons {
        if let Button::Input { label, command, .. } = button {
            *button = Button::Command {
                label: std::mem::take(label),
                command: format!("{command} {TEXT_PLACE}"),
            };
        }
    }
    shown.to_plain_text()
}

/// The console's one chat.
pub fn console_chat() -> ChatId {
    ChatId::new(Platform::Console, "local")
}

/// Standard input as an async reader, read line by line on a thread of its own that nothing
/// waits for: when Pulse stops, the process ends whether or not a read is under way.
pub struct Stdin {
    lines: mpsc::Receiver<std::io::Result<Vec<u8>>>,
    line: Vec<u8>,
    position: usize,
}

/// Starts the thread that reads standard input.
pub fn stdin() -> anyhow::Result<Stdin> {
    read_on_thread(std::io::stdin())
}

fn read_on_thread(input: impl std::io::Read + Send + 'static) -> anyhow::Result<Stdin> {
    let (send, lines) = mpsc::channel(1);
    std::thread::Builder::new()
        .name("pulse-stdin".into())
        .spawn(move || {
            let mut input = std::io::BufReader::new(input);
            loop {
                let mut line = Vec::new();
                let read = match input.read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) => Ok(line),
                    Err(error) => Err(error),
                };
                let failed = read.is_err();
                // A closed channel: the console is gone.
                if send.blocking_send(read).is_err() || failed {
                    break;
                }
            }
        })?;
    Ok(Stdin {
        lines,
        line: Vec::new(),
        position: 0,
    })
}

impl AsyncBufRead for Stdin {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<&[u8]>> {
        let this = self.get_mut();
        if this.position >= this.line.len() {
            let next = match ready!(this.lines.poll_recv(cx)) {
                Some(line) => line?,
                // The thread ended: end of input.
                None => Vec::new(),
            };
            this.line = next;
            this.position = 0;
        }
        Poll::Ready(Ok(&this.line[this.position..]))
    }

    fn consume(self: Pin<&mut Self>, amount: usize) {
        let this = self.get_mut();
        this.position = (this.position + amount).min(this.line.len());
    }
}

impl AsyncRead for Stdin {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let available = ready!(self.as_mut().poll_fill_buf(cx))?;
        let amount = available.len().min(buf.remaining());
        buf.put_slice(&available[..amount]);
        self.consume(amount);
        Poll::Ready(Ok(()))
    }
}

/// Writes replies as plain text, one blank line between messages.
pub struct ConsoleOutput {
    writer: Mutex<Box<dyn AsyncWrite + Send + Unpin>>,
    sent: AtomicU64,
    /// Where this run saves files (charts, exports): a directory of its own, 0700, made at
    /// the first file and kept after the run so the files can be opened.
    files: std::sync::OnceLock<std::path::PathBuf>,
}

impl ConsoleOutput {
    /// Output to `writer` (stdout in `pulse chat`, a buffer in tests).
    pub fn new(writer: Box<dyn AsyncWrite + Send + Unpin>) -> Self {
        Self {
            writer: Mutex::new(writer),
            sent: AtomicU64::new(0),
            files: std::sync::OnceLock::new(),
        }
    }

    /// This run's private directory for files, made on first use.
    fn files_directory(&self) -> std::io::Result<std::path::PathBuf> {
        if let Some(directory) = self.files.get() {
            return Ok(directory.clone());
        }
        // A name no other run can take, created 0700.
        let mut builder = tempfile::Builder::new();
        builder.prefix("pulse-files-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let made = builder.tempdir()?.keep();
        Ok(self.files.get_or_init(|| made).clone())
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
    async fn send(&self, _chat: &ChatId, reply: &Reply) -> Result<SentMessage, SendError> {
        self.write(&plain_text(reply)).await?;
        for attachment in &reply.attachments {
            // A terminal shows files by saving them and saying where: in this run's own
            // directory, readable by this user only.
            let saved = match self.files_directory() {
                Ok(directory) => {
                    let path = directory.join(file_name(&attachment.name));
                    save_private(&path, &attachment.bytes).await.map(|()| path)
                }
                Err(error) => Err(error),
            };
            let note = match saved {
                Ok(path) => format!(
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
        self.write(&plain_text(reply)).await
    }
}

/// The last component of a file name an attachment carries, so it stays in the directory.
fn file_name(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default();
    if name.is_empty() || name == ".." || name == "." {
        "file".to_owned()
    } else {
        name.to_owned()
    }
}

/// Writes `bytes` to a new file at `path` that only this user can read (0600), replacing an
/// earlier file of the same name from this run.
async fn save_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(bytes).await?;
    file.flush().await
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
        let (text, media) = match attach_arguments(text) {
            None => (text.to_owned(), Vec::new()),
            Some(arguments) => match attached(arguments).await {
                Ok((file, caption)) => (format!("/post {caption}").trim().to_owned(), vec![file]),
                Err(sentence) => {
                    output.send(&chat, &Reply::text(sentence)).await?;
                    continue;
                }
            },
        };
        let asks_for_help = matches!(engine::Command::parse(&text), Ok(engine::Command::Help));
        let inbound = Inbound {
            user_name: "you".into(),
            chat_title: "this console chat".into(),
            // The console is the operator's own chat.
            private: true,
            attachments: media.len(),
            media,
            ..Inbound::new(
                chat.clone(),
                UserId::new(Platform::Console, "you"),
                Input::Text(text),
            )
        };
        let mut reply = crate::frontend::answer(&state, inbound).await;
        if asks_for_help {
            reply = reply.with(engine::reply::Block::Text(ATTACH_HELP.to_owned()));
        }
        output.send(&chat, &reply).await?;
        if options.follow_links {
            if let Some(url) = link_to_follow(&reply, &state.pulse.settings().public_url) {
                follow_and_wait(&state, &url, &output, &options).await?;
            }
        }
    }
    Ok(())
}

/// What the console adds to `/help`: its own command.
pub const ATTACH_HELP: &str = "/attach <path> [caption]: A new post from a photo or video on this computer (the console only)";

/// The most `/attach` reads of one file.
pub const MAX_ATTACH_BYTES: u64 = 300 * crate::uploads::MB;

/// What follows `/attach` in a typed line, or `None` when the line is not `/attach`.
fn attach_arguments(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("/attach")?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

/// Reads the file `/attach` names (its path first, in double quotes when it has spaces;
/// the caption after it), at most [`MAX_ATTACH_BYTES`]; what went wrong as a sentence.
async fn attached(arguments: &str) -> Result<(MediaFile, String), String> {
    let (path, caption) = match arguments.strip_prefix('"') {
        Some(quoted) => quoted
            .split_once('"')
            .ok_or_else(|| "The path's closing quote is missing.".to_owned())?,
        None => arguments
            .split_once(char::is_whitespace)
            .unwrap_or((arguments, "")),
    };
    if path.is_empty() {
        return Err("Name the file to post: /attach <path> [caption].".to_owned());
    }
    let expanded = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(path),
    };
    let unreadable = |error: std::io::Error| match error.kind() {
        std::io::ErrorKind::NotFound => format!("There is no file at {path}."),
        std::io::ErrorKind::PermissionDenied => {
            format!("Pulse may not read {path}: its permissions do not allow it.")
        }
        _ => format!("Pulse could not read the file at {path}."),
    };
    let metadata = tokio::fs::metadata(&expanded).await.map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(format!("{path} is a folder, not a file."));
    }
    if metadata.len() > MAX_ATTACH_BYTES {
        return Err(format!(
            "This file is {} MB; the console posts files of at most {} MB.",
            crate::uploads::megabytes(metadata.len()),
            MAX_ATTACH_BYTES / crate::uploads::MB
        ));
    }
    let bytes = tokio::fs::read(&expanded).await.map_err(unreadable)?;
    let name = expanded
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    Ok((MediaFile { name, bytes }, caption.trim().to_owned()))
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
                Ok(SyncEvent::Synced { chat: c, .. })
                | Ok(SyncEvent::Failed { chat: Some(c) })
                | Ok(SyncEvent::Stopped { chat: c })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_button_that_asks_for_text_shows_where_the_text_goes() {
        let reply = Reply::text("@ana: “how much is the blue one?”")
            .with_button(Button::Input {
                label: "Reply".into(),
                command: "/reply 17865799348089039".into(),
                prompt: "Your reply to @ana".into(),
            })
            .with_button(Button::Command {
                label: "Hide".into(),
                command: "/hide 17865799348089039".into(),
            });
        assert_eq!(
            plain_text(&reply),
            "@ana: “how much is the blue one?”\n\n[Reply] /reply 17865799348089039 <text>\n[Hide] /hide 17865799348089039"
        );
    }

    #[tokio::test]
    async fn attach_reads_the_named_file_or_says_what_is_wrong() {
        assert_eq!(attach_arguments("/attach a.jpg hi"), Some("a.jpg hi"));
        assert_eq!(attach_arguments("/attachment"), None);
        assert_eq!(attach_arguments("/stats"), None);
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("my photo.jpg");
        std::fs::write(&path, b"jpeg").unwrap();
        let (file, caption) = attached(&format!("\"{}\" Summer sale", path.display()))
            .await
            .unwrap();
        assert_eq!(
            (
                file.name.as_deref(),
                file.bytes.as_slice(),
                caption.as_str()
            ),
            (Some("my photo.jpg"), &b"jpeg"[..], "Summer sale")
        );
        let missing = directory.path().join("gone.jpg");
        assert_eq!(
            attached(&missing.display().to_string()).await.err(),
            Some(format!("There is no file at {}.", missing.display()))
        );
        assert_eq!(
            attached(&directory.path().display().to_string())
                .await
                .err(),
            Some(format!(
                "{} is a folder, not a file.",
                directory.path().display()
            ))
        );
        assert!(attached("").await.is_err());
    }

    #[tokio::test]
    async fn input_read_on_a_thread_arrives_line_by_line_and_ends_with_the_input() {
        let input = read_on_thread(&b"/stats\n\xff\nlast line without a newline"[..]).unwrap();
        let mut input = tokio::io::BufReader::with_capacity(4, input);
        let mut lines = Vec::new();
        let mut line = Vec::new();
        while input.read_until(b'\n', &mut line).await.unwrap() > 0 {
            lines.push(std::mem::take(&mut line));
        }
        assert_eq!(
            lines,
            [
                b"/stats\n".to_vec(),
                b"\xff\n".to_vec(),
                b"last line without a newline".to_vec()
            ]
        );
    }
}

#[cfg(all(test, unix))]
mod file_tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn saved_path(printed: &str) -> std::path::PathBuf {
        let start = printed.find("saved to ").expect("says where") + "saved to ".len();
        let end = printed[start..].find(')').unwrap() + start;
        std::path::PathBuf::from(&printed[start..end])
    }

    #[tokio::test]
    async fn files_go_to_a_private_directory_of_this_run() {
        let reply = Reply::text("Your export").with_attachment(engine::reply::Attachment {
            name: "../pulse-export.json".into(),
            media_type: "application/json",
            bytes: b"{}".to_vec(),
        });
        let mut paths = Vec::new();
        for _ in 0..2 {
            let (writer, mut reader) = tokio::io::duplex(64 * 1024);
            let output = ConsoleOutput::new(Box::new(writer));
            output.send(&console_chat(), &reply).await.unwrap();
            drop(output);
            let mut printed = String::new();
            tokio::io::AsyncReadExt::read_to_string(&mut reader, &mut printed)
                .await
                .unwrap();
            let path = saved_path(&printed);
            assert_eq!(std::fs::read(&path).unwrap(), b"{}");
            assert_eq!(mode(&path), 0o600, "the file");
            let directory = path.parent().unwrap().to_owned();
            assert_eq!(mode(&directory), 0o700, "the directory");
            assert_eq!(path.file_name().unwrap(), "pulse-export.json");
            paths.push(path);
        }
        assert_ne!(
            paths[0].parent(),
            paths[1].parent(),
            "another run writes elsewhere"
        );
        for path in paths {
            std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
        }
    }
}
