//! [`Inbound`], the one way what a person sends reaches Pulse, whatever the front end: the
//! chat and its platform, who sent it, the text typed or the button pressed, how many files
//! came with it, and whether the sender administers the chat.
//!
//! A front end only translates its platform's message into an `Inbound`; everything decided
//! about it is decided here and in [`crate::Pulse`]: [`Request`] reads it once — the
//! command it carries, or why it is none —, says whether Pulse needs to know if the sender
//! administers the chat (so a front end asks its platform only then), whether the answer is
//! slow, and what to name it in logs.

use crate::chat::{ChatId, UserId};
use crate::command::{Command, CommandError};

/// What a person sent: typed text, or a press of one of Pulse's buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Text as typed (a command, or a question in plain words); empty when the message had
    /// none (a photo, a sticker).
    Text(String),
    /// A press of a button Pulse put under a reply: the data the platform sent back, which
    /// Pulse wrote as the button's command.
    Button(String),
}

/// A file that came with a message, as the front end fetched it.
#[derive(Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Its name, when the platform gave one (`IMG_2041.PNG`).
    pub name: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for MediaFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MediaFile({} bytes)", self.bytes.len())
    }
}

/// Whether the sender administers the chat, as far as the front end knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatAdmin {
    /// They do (a Telegram administrator, a Discord member with Manage Server).
    Yes,
    /// They do not.
    No,
    /// The platform was not asked: it is asked only when [`Request::needs_chat_admin`] says
    /// so. Until then it counts as no.
    NotAsked,
}

/// One message to Pulse, as a front end read it from its platform.
#[derive(Debug, Clone)]
pub struct Inbound {
    /// The chat it came from (its platform is [`ChatId::platform`]).
    pub chat: ChatId,
    /// Who sent it.
    pub user: UserId,
    /// How the chat shows who sent it (`@ana`, `Ana Lima`): named on the link page.
    pub user_name: String,
    /// How to name the chat to its owner ("Telegram chat with Ana", "the console").
    pub chat_title: String,
    /// What they sent.
    pub input: Input,
    /// How many files, photos, stickers or the like came with it.
    pub attachments: usize,
    /// The photos and videos the front end fetched with it to be posted (in a private chat,
    /// or with `/post`), in order.
    pub media: Vec<MediaFile>,
    /// Why a file sent with it could not be fetched (too big for the platform's bot API),
    /// in words for the chat.
    pub media_problem: Option<String>,
    /// Whether the chat is one person's own with Pulse (a private chat, a direct message,
    /// the console): that person administers it.
    pub private: bool,
    /// Whether the sender administers the chat, when it is not private.
    pub chat_admin: ChatAdmin,
    /// The channel of the chat it was sent in, when the chat has channels (a Discord
    /// server): where the chat's own messages go when it has chosen none.
    pub channel: Option<String>,
    /// A channel the sender chose with the command (`/digest channel:`), for the chat's
    /// own messages.
    pub chosen_channel: Option<String>,
}

impl Inbound {
    /// `input` from `user` in `chat`, with no names, no files and no channel, in a chat
    /// that is not private and whose platform was not asked about the sender.
    pub fn new(chat: ChatId, user: UserId, input: Input) -> Self {
        Self {
            chat,
            user,
            user_name: String::new(),
            chat_title: String::new(),
            input,
            attachments: 0,
            media: Vec::new(),
            media_problem: None,
            private: false,
            chat_admin: ChatAdmin::NotAsked,
            channel: None,
            chosen_channel: None,
        }
    }

    /// Whether the sender administers the chat: the person of a private chat does; in a
    /// group or a server, as the platform said.
    pub fn administers(&self) -> bool {
        self.private || self.chat_admin == ChatAdmin::Yes
    }

    /// Whether it carries no text at all (a photo, a sticker, a voice message).
    pub fn is_without_text(&self) -> bool {
        matches!(&self.input, Input::Text(text) if text.trim().is_empty())
    }
}

/// An [`Inbound`] read once: the command it carries, or why it is none.
#[derive(Debug, Clone)]
pub struct Request {
    inbound: Inbound,
    command: Result<Command, CommandError>,
}

impl Request {
    /// Reads `inbound`: typed text by [`Command::parse`] (text that is not a command is a
    /// question), a pressed button by [`Command::from_button`] (a button is never a
    /// question).
    pub fn read(inbound: Inbound) -> Self {
        let command = match &inbound.input {
            Input::Text(text) => Command::parse(text),
            Input::Button(data) => Command::from_button(data),
        };
        Self { inbound, command }
    }

    /// What was sent.
    pub fn inbound(&self) -> &Inbound {
        &self.inbound
    }

    /// The command, or what is wrong with the text.
    pub fn command(&self) -> Result<&Command, &CommandError> {
        self.command.as_ref()
    }

    /// The command's name for logs and metrics (`top`), `unreadable` for text that is no
    /// command and `no_text` for a message without text. Never the text itself.
    pub fn name(&self) -> &'static str {
        if self.inbound.is_without_text() {
            return "no_text";
        }
        self.command
            .as_ref()
            .map_or("unreadable", |command| command.name())
    }

    /// Whether Pulse must know if the sender administers the chat before it answers, and
    /// the front end has not said: the command is one only administrators may use (or
    /// chooses a channel), in a chat that is not private. A front end asks its platform then,
    /// and only then ([`Request::set_chat_admin`]).
    pub fn needs_chat_admin(&self) -> bool {
        !self.inbound.private
            && self.inbound.chat_admin == ChatAdmin::NotAsked
            && self.is_for_administrators()
    }

    /// Whether only the chat's administrators may send this: a command that links,
    /// settles or deletes, or one that chooses where the chat's messages go.
    pub fn is_for_administrators(&self) -> bool {
        self.inbound.chosen_channel.is_some()
            || self
                .command
                .as_ref()
                .is_ok_and(|command| command.needs_chat_admin())
    }

    /// Records what the platform said about the sender.
    pub fn set_chat_admin(&mut self, administers: bool) {
        self.inbound.chat_admin = if administers {
            ChatAdmin::Yes
        } else {
            ChatAdmin::No
        };
    }

    /// Whether the answer reads the account's data and may take seconds (a front end that
    /// must answer at once, Discord, defers it).
    pub fn is_slow(&self) -> bool {
        self.command.as_ref().is_ok_and(|command| command.is_slow())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::Platform;

    fn inbound(input: Input) -> Inbound {
        Inbound::new(
            ChatId::new(Platform::Telegram, "-100"),
            UserId::new(Platform::Telegram, "7"),
            input,
        )
    }

    #[test]
    fn a_typed_command_and_a_pressed_button_read_as_the_same_command() {
        let typed = Request::read(inbound(Input::Text("/forget cancel abc".into())));
        let pressed = Request::read(inbound(Input::Button("/forget cancel abc".into())));
        assert_eq!(typed.command().ok(), pressed.command().ok());
        assert_eq!(typed.name(), "forget");
        assert_eq!(pressed.name(), "forget");
    }

    #[test]
    fn a_button_is_never_a_question() {
        let typed = Request::read(inbound(Input::Text("how was my reach".into())));
        assert_eq!(typed.name(), "ask");
        let pressed = Request::read(inbound(Input::Button("how was my reach".into())));
        assert!(pressed.command().is_err());
        assert_eq!(pressed.name(), "unreadable");
    }

    #[test]
    fn the_platform_is_asked_about_the_sender_only_when_it_matters() {
        let mut export = Request::read(inbound(Input::Text("/export".into())));
        assert!(export.needs_chat_admin());
        export.set_chat_admin(false);
        assert!(!export.needs_chat_admin(), "asked once");
        assert!(!export.inbound().administers());

        assert!(!Request::read(inbound(Input::Text("/stats".into()))).needs_chat_admin());
        assert!(!Request::read(inbound(Input::Text("/digest".into()))).needs_chat_admin());

        let mut choosing = inbound(Input::Text("/digest".into()));
        choosing.chosen_channel = Some("42".into());
        assert!(
            Request::read(choosing).needs_chat_admin(),
            "a chosen channel"
        );

        let mut private = inbound(Input::Text("/export".into()));
        private.private = true;
        let private = Request::read(private);
        assert!(!private.needs_chat_admin());
        assert!(private.inbound().administers());
    }

    #[test]
    fn a_message_without_text_is_named_as_such_and_never_by_what_it_holds() {
        let mut photo = inbound(Input::Text(String::new()));
        photo.attachments = 1;
        assert_eq!(Request::read(photo).name(), "no_text");
    }
}
