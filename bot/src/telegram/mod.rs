//! The Telegram front end: teloxide translates between Telegram and the engine, nothing more.
//!
//! - In: updates arrive by long polling (one instance: Telegram refuses a second poller), or
//!   by webhook on Pulse's own HTTP server, behind any number of instances ([`webhook`]: the
//!   secret header checked in constant time, each update recorded once in the store, each
//!   chat's updates handled in order by one instance at a time). In a private chat every text
//!   is read (plain text is a question), a photo or a video (an album gathered into one
//!   message, [`media`]) is fetched and handed over to be posted with its caption, and a
//!   sticker or other message without text gets one short hint of what Pulse reads; in a
//!   group only commands, mentions of the bot and replies to it — files only with a `/post`
//!   caption, or a `/post` replying to them —, and nothing else is answered. Button presses
//!   (callback queries) are answered at once, then handled as the command they carry.
//! - Out: [`TelegramOutput`] renders a [`Reply`] with [`render`] (HTML, split under 4,096
//!   characters, inline keyboard) and sends each message in its turn of [`pace::Pace`]:
//!   evenly spaced under 30 messages/s overall, 1/s per chat and 20/min per group; a 429's
//!   `retry_after` pauses every send, and the message is sent again.
//! - At start the command menu is registered with `setMyCommands`.

pub mod login;
pub mod media;
pub mod pace;
pub mod render;
pub mod webhook;

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use engine::chat::{ChatId, Platform, UserId};
use engine::inbound::{ChatAdmin, Inbound, Input};
use engine::Reply;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, ChatId as TelegramChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile,
    LinkPreviewOptions, Me, MediaKind, MessageId, MessageKind, ParseMode,
};
use teloxide::RequestError;
use tokio_util::sync::CancellationToken;

use crate::app::AppState;
use crate::frontend::{ChatOutput, Received, SendError, SentMessage};
use crate::health::Part;
use crate::metrics::{Metrics, Service};
use render::{render, KeyboardButton, TelegramMessage, MAX_MESSAGE_UTF16};

/// The bot as Pulse uses it. Messages are paced by [`TelegramOutput`], not by an adaptor.
pub type TelegramBot = Bot;

/// Builds the bot for `token`, talking to the Bot API at `api_url`.
pub fn bot(token: &str, api_url: url::Url) -> TelegramBot {
    Bot::new(token).set_api_url(api_url)
}

/// How many times one message is sent when Telegram keeps answering 429.
const MAX_ATTEMPTS: u32 = 5;

fn telegram_chat(chat: &ChatId) -> anyhow::Result<TelegramChatId> {
    anyhow::ensure!(chat.platform == Platform::Telegram, "not a Telegram chat");
    let id: i64 = chat
        .id
        .parse()
        .map_err(|_| anyhow::anyhow!("a Telegram chat id is a number"))?;
    Ok(TelegramChatId(id))
}

/// The inline keyboard of a message. A link to a `/connect` page (under `login_prefix`, when
/// links are bound to who asked) becomes a `login_url` button, so Telegram tells the page who
/// opened it.
fn keyboard(
    rows: &[Vec<KeyboardButton>],
    login_prefix: Option<&str>,
) -> Option<InlineKeyboardMarkup> {
    let button = |button: &KeyboardButton| match button {
        KeyboardButton::Url { label, url } => url::Url::parse(url).ok().map(|parsed| {
            if login_prefix.is_some_and(|prefix| url.starts_with(prefix)) {
                InlineKeyboardButton::login(
                    label.clone(),
                    teloxide::types::LoginUrl {
                        url: parsed,
                        forward_text: None,
                        bot_username: None,
                        request_write_access: None,
                    },
                )
            } else {
                InlineKeyboardButton::url(label.clone(), parsed)
            }
        }),
        KeyboardButton::Callback { label, data } => {
            Some(InlineKeyboardButton::callback(label.clone(), data.clone()))
        }
    };
    let rows: Vec<Vec<InlineKeyboardButton>> = rows
        .iter()
        .map(|row| row.iter().filter_map(button).collect::<Vec<_>>())
        .filter(|row| !row.is_empty())
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// Sends replies into Telegram chats, every message in its turn of one [`pace::Pace`] and,
/// when several instances share a PostgreSQL database, of their shared pace too
/// ([`engine::pace::SharedPace`]: Telegram's 30 messages a second are the bot's, whichever
/// instance sends).
pub struct TelegramOutput {
    bot: TelegramBot,
    pace: pace::Pace,
    shared: Option<engine::pace::SharedPace>,
    /// `{public_url}/connect/` when links are bound to who asked (`telegram.login_url`).
    login_prefix: Option<String>,
    metrics: Arc<Metrics>,
}

impl TelegramOutput {
    /// Output through `bot`, within Telegram's limits, counted in `metrics`; links under
    /// `login_prefix` go out as `login_url` buttons.
    pub fn new(bot: TelegramBot, login_prefix: Option<String>, metrics: Arc<Metrics>) -> Self {
        Self::with_limits(bot, login_prefix, metrics, pace::Limits::default())
    }

    /// The same, paced within `limits` instead of Telegram's (a benchmark's
    /// `telegram.pace_speedup`).
    pub fn with_limits(
        bot: TelegramBot,
        login_prefix: Option<String>,
        metrics: Arc<Metrics>,
        limits: pace::Limits,
    ) -> Self {
        Self {
            bot,
            pace: pace::Pace::new(limits),
            shared: None,
            login_prefix,
            metrics,
        }
    }

    /// The same, every send also taking its slot of `shared`, the pace the instances of
    /// one database share.
    pub fn with_shared_pace(mut self, shared: engine::pace::SharedPace) -> Self {
        self.shared = Some(shared);
        self
    }

    /// Waits for `chat`'s turn: this process's pace, then a slot of the shared one. A shared
    /// pace that cannot be reached is passed over (this process's own pace still holds).
    async fn take_turn(&self, chat: TelegramChatId) {
        self.pace.turn(chat).await;
        let Some(shared) = self.shared.clone() else {
            return;
        };
        // The wall clock, not the app's: the slots are about when requests leave.
        let booked = tokio::task::spawn_blocking(move || shared.take(chrono::Utc::now())).await;
        match booked {
            Ok(Ok(slot)) => {
                if let Ok(wait) = (slot - chrono::Utc::now()).to_std() {
                    tokio::time::sleep(wait).await;
                }
                // The chat's next send is a second after this one leaves, not after its
                // place in this process's pace.
                self.pace.sent(chat);
            }
            Ok(Err(error)) => tracing::warn!(
                error = %error,
                "the instances' shared Telegram pace could not be read; this one keeps its own"
            ),
            Err(_) => {}
        }
    }

    /// Telegram asked for a pause: this process's pace, and the shared one, wait.
    fn pause_until(&self, wait: Duration) {
        self.pace.pause_until(Instant::now() + wait);
        if let Some(shared) = self.shared.clone() {
            let until = chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
            tokio::task::spawn_blocking(move || {
                if let Err(error) = shared.pause_until(until) {
                    tracing::warn!(error = %error, "the shared Telegram pace could not be paused");
                }
            });
        }
    }

    /// Sends `request` to `chat` in its turn. A 429 pauses every send for its
    /// `retry_after`, then the request is sent again (at most [`MAX_ATTEMPTS`] times). Each
    /// request is counted (`pulse_messages_total`), and each 429
    /// (`pulse_rate_limited_total`).
    async fn deliver<R>(
        &self,
        chat: TelegramChatId,
        request: R,
    ) -> Result<teloxide::requests::Output<R>, RequestError>
    where
        R: Request<Err = RequestError> + Send + Sync,
    {
        self.deliver_in_turn(chat, request, false).await
    }

    /// [`Self::deliver`], its first turn already taken when `turned`.
    async fn deliver_in_turn<R>(
        &self,
        chat: TelegramChatId,
        request: R,
        mut turned: bool,
    ) -> Result<teloxide::requests::Output<R>, RequestError>
    where
        R: Request<Err = RequestError> + Send + Sync,
    {
        let mut attempt = 1;
        let delivered = loop {
            if !std::mem::take(&mut turned) {
                self.take_turn(chat).await;
            }
            match request.send_ref().await {
                Err(RequestError::RetryAfter(wait)) => {
                    self.metrics.rate_limited(Service::Telegram);
                    // Telegram asked everyone to wait, whether or not this one is tried again.
                    tracing::warn!(
                        retry_after_secs = wait.seconds(),
                        attempt,
                        "Telegram answered 429; every send waits"
                    );
                    self.pause_until(wait.duration());
                    if attempt >= MAX_ATTEMPTS {
                        break Err(RequestError::RetryAfter(wait));
                    }
                    attempt += 1;
                }
                result => break result,
            }
        };
        self.metrics.message(Platform::Telegram, delivered.is_ok());
        delivered
    }

    async fn send_one(
        &self,
        chat: TelegramChatId,
        message: &TelegramMessage,
        turned: bool,
    ) -> anyhow::Result<MessageId> {
        let mut request = self
            .bot
            .send_message(chat, message.html.clone())
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if let Some(markup) = keyboard(&message.keyboard, self.login_prefix.as_deref()) {
            request = request.reply_markup(markup);
        }
        Ok(self.deliver_in_turn(chat, request, turned).await?.id)
    }
}

impl TelegramOutput {
    /// Sends `reply`'s messages in turn, the first one's turn already taken when `turned`.
    async fn send_in_turn(
        &self,
        target: TelegramChatId,
        reply: &Reply,
        mut turned: bool,
    ) -> Result<SentMessage, SendError> {
        let mut last = None;
        // A reply of files alone (a digest's chart, sent as a part of its own) has no text.
        let files_alone =
            reply.blocks.is_empty() && reply.buttons.is_empty() && !reply.attachments.is_empty();
        let texts = if files_alone {
            Vec::new()
        } else {
            render(reply, MAX_MESSAGE_UTF16)
        };
        for message in texts {
            let sent = self
                .send_one(target, &message, std::mem::take(&mut turned))
                .await;
            last = Some(sent.map_err(|error| SendError::after(last.is_some(), error))?);
        }
        for attachment in &reply.attachments {
            let file =
                InputFile::memory(attachment.bytes.clone()).file_name(attachment.name.clone());
            let turned = std::mem::take(&mut turned);
            let sent = if attachment.media_type.starts_with("image/") {
                self.deliver_in_turn(target, self.bot.send_photo(target, file), turned)
                    .await
            } else {
                self.deliver_in_turn(target, self.bot.send_document(target, file), turned)
                    .await
            };
            let sent = sent.map_err(|error| SendError::after(last.is_some(), error))?;
            last = Some(sent.id);
        }
        let id = last.map(|id| id.0.to_string()).unwrap_or_default();
        Ok(SentMessage { id })
    }
}

#[async_trait]
impl ChatOutput for TelegramOutput {
    async fn send(&self, chat: &ChatId, reply: &Reply) -> Result<SentMessage, SendError> {
        let target = telegram_chat(chat)?;
        self.send_in_turn(target, reply, false).await
    }

    /// Waits for the chat's turn in the pace, then asks `go`, then sends at once: a part
    /// recorded by `go` goes out within the time of that record, not after a wait in line.
    async fn send_in_its_turn(
        &self,
        chat: &ChatId,
        reply: &Reply,
        go: &(dyn Fn() -> bool + Send + Sync),
    ) -> Result<Option<SentMessage>, SendError> {
        let target = telegram_chat(chat)?;
        self.take_turn(target).await;
        if !go() {
            return Ok(None);
        }
        self.send_in_turn(target, reply, true).await.map(Some)
    }

    /// The text (with its buttons), then each file alone: the messages [`Self::send`] sends
    /// in turn.
    fn parts(&self, reply: &Reply) -> Vec<Reply> {
        let mut parts = Vec::new();
        if !reply.blocks.is_empty() || !reply.buttons.is_empty() {
            parts.push(Reply {
                attachments: Vec::new(),
                ..reply.clone()
            });
        }
        for attachment in &reply.attachments {
            parts.push(Reply {
                attachments: vec![attachment.clone()],
                ..Reply::default()
            });
        }
        parts
    }

    async fn edit(
        &self,
        chat: &ChatId,
        message: &SentMessage,
        reply: &Reply,
    ) -> anyhow::Result<()> {
        let target = telegram_chat(chat)?;
        let id: i32 = message
            .id
            .parse()
            .map_err(|_| anyhow::anyhow!("a Telegram message id is a number"))?;
        // An edit replaces one message: a reply that needs several parts is sent anew.
        let parts = render(reply, MAX_MESSAGE_UTF16);
        let [part] = parts.as_slice() else {
            self.send(chat, reply).await?;
            return Ok(());
        };
        let mut request = self
            .bot
            .edit_message_text(target, MessageId(id), part.html.clone())
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if let Some(markup) = keyboard(&part.keyboard, self.login_prefix.as_deref()) {
            request = request.reply_markup(markup);
        }
        self.deliver(target, request).await?;
        Ok(())
    }
}

/// How Telegram shows a person: `@username`, else their name.
fn user_name(user: &teloxide::types::User) -> String {
    match &user.username {
        Some(username) => format!("@{username}"),
        None => user.full_name(),
    }
}

/// How the link page names a Telegram chat.
fn chat_title(chat: &teloxide::types::Chat) -> String {
    if chat.is_private() {
        match chat.first_name() {
            Some(name) => format!("your Telegram chat with Pulse ({name})"),
            None => "your Telegram chat with Pulse".to_owned(),
        }
    } else {
        match chat.title() {
            Some(title) => format!("the Telegram group “{title}”"),
            None => "this Telegram group".to_owned(),
        }
    }
}

/// What Pulse should read of a message, or `None` to ignore it. In groups: commands (for this
/// bot), mentions of the bot, and replies to it.
pub fn text_to_handle(
    text: &str,
    private: bool,
    bot_username: &str,
    replying_to_bot: bool,
) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(command) = text.strip_prefix('/') {
        let head = command.split_whitespace().next().unwrap_or_default();
        return match head.split_once('@') {
            Some((_, addressee)) if !addressee.eq_ignore_ascii_case(bot_username) => None,
            _ => Some(text.to_owned()),
        };
    }
    if private || replying_to_bot {
        return Some(text.to_owned());
    }
    // ASCII lower-casing keeps byte offsets, so `at` is valid in `text` too.
    let mention = format!("@{}", bot_username.to_ascii_lowercase());
    let lowered = text.to_ascii_lowercase();
    lowered
        .find(&mention)
        .map(|at| {
            let without = format!("{}{}", &text[..at], &text[at + mention.len()..]);
            without.trim().to_owned()
        })
        .filter(|rest| !rest.is_empty())
}

/// What a Telegram message or button press becomes for Pulse: `input` in `chat` from
/// `from`. A private chat is its person's own; a message an anonymous administrator sends as
/// the group itself is theirs, so it comes from an administrator; otherwise Telegram is
/// asked only if Pulse needs to know ([`crate::frontend::Received::ask_chat_admin`]).
fn inbound(
    chat: &teloxide::types::Chat,
    from: &teloxide::types::User,
    sent_as_the_group: bool,
    input: Input,
) -> Inbound {
    Inbound {
        user_name: user_name(from),
        chat_title: chat_title(chat),
        private: chat.is_private(),
        chat_admin: if sent_as_the_group {
            ChatAdmin::Yes
        } else {
            ChatAdmin::NotAsked
        },
        ..Inbound::new(
            ChatId::new(Platform::Telegram, chat.id.0.to_string()),
            UserId::new(Platform::Telegram, from.id.0.to_string()),
            input,
        )
    }
}

/// Hands a message to Pulse and sends the reply: Telegram is asked whether the sender
/// administers the group when Pulse needs to know, `files` to post are fetched (unless
/// Pulse refuses the message outright), and the buttons of a question the reply
/// closes (`pressed`, the message they were under) are removed.
async fn answer(
    state: &Arc<AppState>,
    bot: &TelegramBot,
    output: &TelegramOutput,
    inbound: Inbound,
    pressed: Option<MessageId>,
    files: &[media::PostedFile],
) {
    let (chat, user) = (inbound.chat.clone(), inbound.user.clone());
    let mut received = Received::new(inbound);
    received
        .ask_chat_admin(|| administers(bot, &chat, &user))
        .await;
    // Files are fetched only for a message Pulse will not refuse.
    if !files.is_empty() && received.refusal(state).is_none() {
        let (fetched, problem) = media::fetch(bot, files).await;
        received = received.with_media(fetched, problem);
    }
    let reply = received.answer(state).await;
    if let (true, Some(pressed), Ok(target)) = (reply.closes_prompt, pressed, telegram_chat(&chat))
    {
        let request = bot.edit_message_reply_markup(target, pressed);
        if let Err(error) = output.deliver(target, request).await {
            tracing::debug!(error = %error, "removing a question's buttons failed");
        }
    }
    if let Err(error) = output.send(&chat, &reply).await {
        tracing::warn!(error = %error, "could not send a reply to Telegram");
    }
}

/// Whether `user` is the owner or an administrator of the group `chat`, as Telegram says
/// (`getChatMember`). When Telegram cannot be asked, the answer is no.
async fn administers(bot: &TelegramBot, chat: &ChatId, user: &UserId) -> bool {
    let (Ok(chat), Ok(user)) = (telegram_chat(chat), user.id.parse::<u64>()) else {
        return false;
    };
    match bot
        .get_chat_member(chat, teloxide::types::UserId(user))
        .await
    {
        Ok(member) => member.is_privileged(),
        Err(error) => {
            tracing::warn!(error = %error, "getChatMember failed; an admin-only command is refused");
            false
        }
    }
}

/// The command menu of `setMyCommands`: every command of `table`, with its summary.
pub fn menu(table: &[engine::command::Spec]) -> Vec<BotCommand> {
    table
        .iter()
        .map(|spec| BotCommand::new(spec.name, spec.summary))
        .collect()
}

/// Whether a message without text is a person's message to Pulse, which Pulse answers with
/// what it reads: a photo, sticker, voice message, file … in a private chat. In groups such
/// a message is not addressed to Pulse, and neither is a service message (a pinned message,
/// a changed background).
fn sent_to_pulse_without_text(message: &Message) -> bool {
    let content = match &message.kind {
        MessageKind::Common(common) => !matches!(
            common.media_kind,
            MediaKind::Text(_) | MediaKind::Migration(_)
        ),
        MessageKind::Dice(_) => true,
        _ => false,
    };
    content && message.chat.is_private() && message.from.as_ref().is_some_and(|from| !from.is_bot)
}

/// The albums already given a hint: an album arrives as one message per photo, and gets one.
#[derive(Default)]
struct HintedAlbums(std::sync::Mutex<std::collections::VecDeque<String>>);

impl HintedAlbums {
    /// Albums remembered; older ones are long over.
    const REMEMBERED: usize = 64;

    /// Whether a message of the album `id` is the first one seen (and remembers it).
    fn first_of(&self, id: &str) -> bool {
        let mut seen = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.iter().any(|album| album == id) {
            return false;
        }
        if seen.len() == Self::REMEMBERED {
            seen.pop_front();
        }
        seen.push_back(id.to_owned());
        true
    }
}

/// The text Pulse reads with files to post, or `None` when they are not for Pulse: in a
/// private chat, the caption (none: no text); in a group, only a caption that is `/post`
/// (for this bot).
fn text_to_post(caption: &str, private: bool, bot_username: &str) -> Option<String> {
    let text = text_to_handle(caption, private, bot_username, false);
    if private {
        return Some(text.unwrap_or_default());
    }
    text.filter(|text| is_post(text))
}

/// Whether `text` is the `/post` command.
fn is_post(text: &str) -> bool {
    matches!(
        engine::Command::parse(text),
        Ok(engine::Command::Post { .. })
    )
}

/// Whether a message was sent by an anonymous administrator as the group itself.
fn sent_as_the_group(message: &Message) -> bool {
    message
        .sender_chat
        .as_ref()
        .is_some_and(|sender| sender.id == message.chat.id)
}

#[allow(clippy::too_many_arguments)]
async fn on_message(
    bot: TelegramBot,
    message: Message,
    me: Me,
    state: Arc<AppState>,
    output: Arc<TelegramOutput>,
    albums: Arc<HintedAlbums>,
    gathering: Arc<media::Albums>,
) -> anyhow::Result<()> {
    let Some(from) = message.from.as_ref() else {
        return Ok(());
    };
    let private = message.chat.is_private();
    // A photo or a video to post; an album's items are gathered first, and go to Pulse as
    // one message.
    if let Some(file) = media::postable_file(&message) {
        if let Some(album) = message.media_group_id() {
            if let Some(key) = gathering.add(&message, &album.0, file) {
                state
                    .tasks
                    .spawn(post_album(state.clone(), bot, output, me, gathering, key));
            }
            return Ok(());
        }
        let caption = message.caption().unwrap_or_default();
        if let Some(text) = text_to_post(caption, private, me.username()) {
            let inbound = Inbound {
                attachments: 1,
                ..inbound(
                    &message.chat,
                    from,
                    sent_as_the_group(&message),
                    Input::Text(text),
                )
            };
            answer(&state, &bot, &output, inbound, None, &[file]).await;
        }
        return Ok(());
    }
    let Some(text) = message.text() else {
        // An album arrives as one message per photo: it is one message to Pulse.
        let first_of_album = message
            .media_group_id()
            .is_none_or(|album| albums.first_of(&album.0));
        if sent_to_pulse_without_text(&message) && first_of_album {
            let inbound = Inbound {
                attachments: 1,
                ..inbound(&message.chat, from, false, Input::Text(String::new()))
            };
            answer(&state, &bot, &output, inbound, None, &[]).await;
        }
        return Ok(());
    };
    let replying_to_bot = message
        .reply_to_message()
        .and_then(|replied| replied.from.as_ref())
        .is_some_and(|author| author.id == me.id);
    let Some(text) = text_to_handle(text, private, me.username(), replying_to_bot) else {
        return Ok(());
    };
    // `/post` in reply to a photo or a video posts that one.
    let files: Vec<media::PostedFile> = message
        .reply_to_message()
        .filter(|_| is_post(&text))
        .and_then(media::postable_file)
        .into_iter()
        .collect();
    let inbound = Inbound {
        attachments: files.len(),
        ..inbound(
            &message.chat,
            from,
            sent_as_the_group(&message),
            Input::Text(text),
        )
    };
    answer(&state, &bot, &output, inbound, None, &files).await;
    Ok(())
}

/// Waits for the rest of an album, then hands it to Pulse as one message with every file,
/// when it is for Pulse ([`text_to_post`]).
async fn post_album(
    state: Arc<AppState>,
    bot: TelegramBot,
    output: Arc<TelegramOutput>,
    me: Me,
    gathering: Arc<media::Albums>,
    key: (i64, String),
) {
    let Some(album) = gathering.gathered(&key).await else {
        return;
    };
    let message = &album.first;
    let Some(from) = message.from.as_ref() else {
        return;
    };
    let Some(text) = text_to_post(album.caption(), message.chat.is_private(), me.username()) else {
        return;
    };
    let files = album.files();
    let inbound = Inbound {
        attachments: files.len(),
        ..inbound(
            &message.chat,
            from,
            sent_as_the_group(message),
            Input::Text(text),
        )
    };
    answer(&state, &bot, &output, inbound, None, &files).await;
}

async fn on_callback(
    bot: TelegramBot,
    query: CallbackQuery,
    state: Arc<AppState>,
    output: Arc<TelegramOutput>,
) -> anyhow::Result<()> {
    // Every callback is answered, or the button spins on the user's screen.
    if let Err(error) = bot.answer_callback_query(query.id.clone()).await {
        tracing::debug!(error = %error, "answering a callback query failed");
    }
    let (Some(data), Some(message)) = (query.data.as_deref(), query.regular_message()) else {
        return Ok(());
    };
    let inbound = inbound(
        &message.chat,
        &query.from,
        false,
        Input::Button(data.to_owned()),
    );
    answer(&state, &bot, &output, inbound, Some(message.id), &[]).await;
    Ok(())
}

/// How updates reach Pulse.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Pulse asks Telegram for updates (long polling).
    Polling,
    /// Telegram posts updates to `url`, with `secret` in every request's header.
    Webhook {
        /// The public webhook URL (`{public_url}{webhook_path}`).
        url: url::Url,
        /// The secret token Telegram sends back in `X-Telegram-Bot-Api-Secret-Token`.
        secret: String,
    },
}

/// Whether a webhook secret is one Telegram accepts: 1–256 of `A-Z a-z 0-9 _ -`.
pub fn valid_webhook_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A fresh random webhook secret (32 characters).
pub fn random_webhook_secret() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    Alphanumeric.sample_string(&mut rand::thread_rng(), 32)
}

const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// Whether a webhook request's secret header is exactly `secret`, compared in constant time
/// (a missing header never matches).
pub fn secret_matches(given: Option<&[u8]>, secret: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    given.is_some_and(|given| bool::from(given.ct_eq(secret)))
}

/// Refuses any webhook request whose secret header is not exactly the secret, comparing in
/// constant time, before teloxide parses the body.
async fn require_secret(
    axum::extract::State(secret): axum::extract::State<Arc<String>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let given = request
        .headers()
        .get(SECRET_HEADER)
        .map(|value| value.as_bytes());
    if secret_matches(given, secret.as_bytes()) {
        next.run(request).await
    } else {
        axum::http::StatusCode::UNAUTHORIZED.into_response()
    }
}

/// The handlers of every update: messages and button presses; anything else is passed over.
fn handler() -> teloxide::dispatching::UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

fn dispatcher(
    state: Arc<AppState>,
    bot: TelegramBot,
    output: Arc<TelegramOutput>,
) -> Dispatcher<TelegramBot, anyhow::Error, teloxide::dispatching::DefaultKey> {
    // An update Telegram delivers again (a restart of polling) is handled once.
    let handler = dptree::entry()
        .filter(|update: Update, state: Arc<AppState>| {
            state
                .replays
                .first_sighting(&format!("telegram:{}", update.id.0))
        })
        .chain(handler());
    Dispatcher::builder(bot, handler)
        .dependencies(dptree::deps![
            state,
            output,
            Arc::new(HintedAlbums::default()),
            Arc::new(media::Albums::default())
        ])
        .default_handler(|_| async {})
        .build()
}

/// Asks a dispatcher to stop, and waits until it has. It may not have started yet: the
/// request is tried again briefly.
async fn stop_dispatcher(stop: teloxide::dispatching::ShutdownToken) {
    for _ in 0..50 {
        match stop.shutdown() {
            Ok(stopped) => {
                stopped.await;
                return;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
}

/// Why a start attempt failed, fit for a log line and `/healthz`: the bot token scrubbed
/// out (teloxide hides it only when it looks like Telegram's), and short.
fn start_failure(bot: &TelegramBot, what: &str, error: &RequestError) -> String {
    let mut reason = format!("{what}: {error}");
    if !bot.token().is_empty() {
        reason = reason.replace(bot.token(), "<token>");
    }
    if reason.chars().count() > 200 {
        reason = reason.chars().take(200).collect::<String>() + "…";
    }
    reason
}

/// The first calls of a start: who the bot is, its command menu, and in webhook mode the
/// webhook. Only `getMe` and `setWebhook` must succeed; a menu that cannot be set is logged.
async fn first_contact(bot: &TelegramBot, mode: &Mode) -> Result<Me, String> {
    // teloxide waits 10 s after a 5xx before it returns the error.
    let me = bot
        .get_me()
        .await
        .map_err(|error| start_failure(bot, "getMe", &error))?;
    if let Err(error) = bot.set_my_commands(menu(engine::command::COMMANDS)).await {
        tracing::warn!(
            reason = %start_failure(bot, "setMyCommands", &error),
            "could not register the Telegram command menu"
        );
    }
    if let Mode::Webhook { url, secret } = mode {
        bot.set_webhook(url.clone())
            .secret_token(secret.clone())
            .await
            .map_err(|error| start_failure(bot, "setWebhook", &error))?;
    }
    Ok(me)
}

/// Tries [`first_contact`] until it succeeds (who the bot is), `shutdown` is cancelled, or
/// `start_timeout` has passed — then the front end has failed for good: `/healthz` says so
/// and the app stops with an error (`None`). `/healthz` shows the last failure meanwhile.
async fn come_up(
    state: &AppState,
    bot: &TelegramBot,
    mode: &Mode,
    start_timeout: std::time::Duration,
    shutdown: &CancellationToken,
) -> Option<Me> {
    let deadline = tokio::time::Instant::now() + start_timeout;
    let mut attempt = 1;
    loop {
        let reason = match first_contact(bot, mode).await {
            Ok(me) => {
                state.health.running(Part::Telegram);
                if attempt > 1 {
                    tracing::info!(attempt, "the Telegram front end started after retrying");
                }
                return Some(me);
            }
            Err(reason) => reason,
        };
        let wait = crate::health::retry_wait(attempt);
        if tokio::time::Instant::now() + wait > deadline {
            tracing::error!(
                %reason,
                attempts = attempt,
                timeout_secs = start_timeout.as_secs(),
                "the Telegram front end could not start; stopping Pulse"
            );
            state.health.fail(
                Part::Telegram,
                format!(
                    "could not start within {} s ({reason})",
                    start_timeout.as_secs()
                ),
            );
            shutdown.cancel();
            return None;
        }
        tracing::warn!(
            %reason,
            attempt,
            retry_in_secs = wait.as_secs(),
            "the Telegram front end could not start; retrying"
        );
        state.health.starting(
            Part::Telegram,
            format!("attempt {attempt} failed: {reason}"),
        );
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = shutdown.cancelled() => return None,
        }
        attempt += 1;
    }
}

/// Starts the front end: registers the output, then (supervised on the tracker,
/// [`crate::app::supervise`]) comes up — `getMe`, the command menu, the webhook — retrying
/// with backoff while `/healthz` reports it as starting, and receives updates until
/// shutdown. In webhook mode it returns the route to merge into the HTTP server at once;
/// updates posted before the front end is up wait in the store ([`webhook`]), and `claim`
/// is how long a chat's claim on its updates lasts unless renewed.
pub async fn start(
    state: Arc<AppState>,
    bot: TelegramBot,
    mode: Mode,
    start_timeout: std::time::Duration,
    claim: std::time::Duration,
    shared_pace: Option<engine::pace::SharedPace>,
    pace_speedup: u32,
) -> anyhow::Result<Option<axum::Router>> {
    let shutdown = state.shutdown.clone();
    let login_prefix = state
        .telegram_login
        .is_some()
        .then(|| format!("{}/connect/", state.pulse.settings().public_url));
    let mut output = TelegramOutput::with_limits(
        bot.clone(),
        login_prefix,
        state.metrics.clone(),
        pace::Limits::default().sped_up(pace_speedup),
    );
    if let Some(shared) = shared_pace {
        output = output.with_shared_pace(shared);
    }
    let output = Arc::new(output);
    state.outbox.register(Platform::Telegram, output.clone());
    state
        .health
        .starting(Part::Telegram, "connecting to the Bot API");
    match mode {
        Mode::Polling => {
            let running = state.clone();
            let polling = async move {
                loop {
                    if come_up(&state, &bot, &mode, start_timeout, &shutdown)
                        .await
                        .is_none()
                    {
                        return;
                    }
                    let mut dispatcher = dispatcher(state.clone(), bot.clone(), output.clone());
                    let stop = stop_dispatcher(dispatcher.shutdown_token());
                    let listener = teloxide::update_listeners::Polling::builder(bot.clone())
                        .timeout(std::time::Duration::from_secs(10))
                        .delete_webhook()
                        .await
                        .build();
                    let errors = teloxide::error_handlers::LoggingErrorHandler::with_custom_text(
                        "telegram polling",
                    );
                    tracing::info!("telegram front end polling");
                    let ended = crate::app::asking_to_stop(
                        &shutdown,
                        dispatcher.try_dispatch_with_listener(listener, errors),
                        stop,
                    )
                    .await;
                    match ended {
                        Ok(()) => break,
                        // The dispatcher asks `getMe` again; if that failed, start over.
                        Err(error) => {
                            let reason = start_failure(&bot, "getMe", &error);
                            state
                                .health
                                .starting(Part::Telegram, format!("restarting: {reason}"));
                            tracing::warn!(%reason, "the Telegram dispatcher could not start; retrying");
                        }
                    }
                }
                tracing::info!("telegram front end stopped");
            };
            crate::app::supervise(&running, Part::Telegram, "Telegram front end", polling);
            Ok(None)
        }
        Mode::Webhook {
            ref url,
            ref secret,
        } => {
            anyhow::ensure!(
                valid_webhook_secret(secret),
                "PULSE__TELEGRAM__WEBHOOK_SECRET must be 1–256 of A-Z a-z 0-9 _ -"
            );
            // Recorded by whichever instance Telegram posts to, handled chat by chat by
            // whichever claims the chat ([`webhook`]).
            let inbox = state.pulse.inbox();
            let wake = Arc::new(tokio::sync::Notify::new());
            let router = webhook::router(url.path(), inbox.clone(), wake.clone()).layer(
                axum::middleware::from_fn_with_state(Arc::new(secret.clone()), require_secret),
            );
            let running = state.clone();
            let receiving = async move {
                let Some(me) = come_up(&state, &bot, &mode, start_timeout, &shutdown).await else {
                    return;
                };
                tracing::info!("telegram front end receiving webhooks");
                let runner = webhook::Runner::new(
                    state.clone(),
                    inbox,
                    wake,
                    bot,
                    me,
                    handler(),
                    output,
                    claim,
                );
                webhook::run(Arc::new(runner)).await;
                tracing::info!("telegram front end stopped");
            };
            crate::app::supervise(&running, Part::Telegram, "Telegram front end", receiving);
            Ok(Some(router))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::text_to_handle;

    #[test]
    fn webhook_secrets() {
        assert!(super::valid_webhook_secret("abc_DEF-123"));
        assert!(super::valid_webhook_secret(&super::random_webhook_secret()));
        for bad in ["", "has space", "semi;colon", "é", &"a".repeat(257)] {
            assert!(!super::valid_webhook_secret(bad), "{bad:?}");
        }
    }

    #[test]
    fn what_is_read_in_private_chats_and_groups() {
        let bot = "pulse_bot";
        assert_eq!(
            text_to_handle("how are my reels?", true, bot, false).as_deref(),
            Some("how are my reels?")
        );
        assert_eq!(
            text_to_handle("/stats 7d", false, bot, false).as_deref(),
            Some("/stats 7d")
        );
        assert_eq!(
            text_to_handle("/stats@Pulse_Bot 7d", false, bot, false).as_deref(),
            Some("/stats@Pulse_Bot 7d")
        );
        assert_eq!(
            text_to_handle("/stats@other_bot", false, bot, false),
            None,
            "another bot's command"
        );
        assert_eq!(
            text_to_handle("nice weather", false, bot, false),
            None,
            "group chatter is not read"
        );
        assert_eq!(
            text_to_handle("@pulse_bot best reel last week?", false, bot, false).as_deref(),
            Some("best reel last week?")
        );
        assert_eq!(
            text_to_handle("hey @PULSE_BOT reach?", false, bot, false).as_deref(),
            Some("hey  reach?")
        );
        assert_eq!(
            text_to_handle("and last month?", false, bot, true).as_deref(),
            Some("and last month?"),
            "a reply to the bot"
        );
        assert_eq!(text_to_handle("@pulse_bot", false, bot, false), None);
        assert_eq!(
            text_to_handle("İİİ @pulse_bot ß?", false, bot, false).as_deref(),
            Some("İİİ  ß?"),
            "non-ASCII around a mention"
        );
        assert_eq!(text_to_handle("   ", true, bot, false), None);
    }
}
