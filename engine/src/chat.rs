//! Who is talking: the platform, the chat, the person, and an Instagram handle.
//!
//! A chat is where replies and digests go (a Telegram chat, a Discord server, the console).
//! Accounts are linked to chats, not to people: everyone in the chat may ask about them.

use std::fmt;

/// The chat platforms Pulse speaks on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Platform {
    /// Telegram (a private chat or a group).
    Telegram,
    /// Discord (a server).
    Discord,
    /// The console front end (`pulse chat`, `pulse demo`).
    Console,
}

impl Platform {
    /// The platform's name in keys and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Telegram => "telegram",
            Platform::Discord => "discord",
            Platform::Console => "console",
        }
    }

    /// Who administers a chat of the platform, in a sentence: those who may use what
    /// [`crate::Command::needs_chat_admin`] names.
    pub fn administrators(self) -> &'static str {
        match self {
            Platform::Telegram => "the group's administrators",
            Platform::Discord => "members with the Manage Server permission",
            Platform::Console => "the person at the console",
        }
    }

    /// Parses [`Platform::as_str`] back.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "telegram" => Some(Platform::Telegram),
            "discord" => Some(Platform::Discord),
            "console" => Some(Platform::Console),
            _ => None,
        }
    }
}

/// A chat on a platform. Its key (`telegram:-1001234`) is what the store uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChatId {
    /// The platform.
    pub platform: Platform,
    /// The platform's own id of the chat (a Telegram chat id, a Discord guild id …).
    pub id: String,
}

impl ChatId {
    /// A chat on `platform` with the platform's `id`.
    pub fn new(platform: Platform, id: impl Into<String>) -> Self {
        Self {
            platform,
            id: id.into(),
        }
    }

    /// `platform:id`, the store key.
    pub fn key(&self) -> String {
        format!("{}:{}", self.platform.as_str(), self.id)
    }

    /// Parses [`ChatId::key`] back.
    pub fn from_key(key: &str) -> Option<Self> {
        let (platform, id) = key.split_once(':')?;
        Some(Self::new(Platform::parse(platform)?, id))
    }
}

impl fmt::Display for ChatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// A person on a platform.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserId {
    /// The platform.
    pub platform: Platform,
    /// The platform's own id of the person.
    pub id: String,
}

impl UserId {
    /// A person on `platform` with the platform's `id`.
    pub fn new(platform: Platform, id: impl Into<String>) -> Self {
        Self {
            platform,
            id: id.into(),
        }
    }

    /// `platform:id`, as records name a person.
    pub fn key(&self) -> String {
        format!("{}:{}", self.platform.as_str(), self.id)
    }
}

/// An Instagram handle: 1–30 of `a-z 0-9 . _`, stored lower case, shown with `@`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Handle(String);

impl Handle {
    /// Parses `@Name`, `name` or `NAME` into a handle; `None` if it cannot be one.
    pub fn parse(text: &str) -> Option<Self> {
        let name = text.trim().trim_start_matches('@').to_ascii_lowercase();
        let valid = (1..=30).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_');
        valid.then_some(Self(name))
    }

    /// The handle without `@`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_keys_round_trip() {
        let chat = ChatId::new(Platform::Telegram, "-100123");
        assert_eq!(chat.key(), "telegram:-100123");
        assert_eq!(ChatId::from_key(&chat.key()), Some(chat));
        assert_eq!(ChatId::from_key("fax:1"), None);
        assert_eq!(ChatId::from_key("nocolon"), None);
    }

    #[test]
    fn handles_parse_or_refuse() {
        assert_eq!(
            Handle::parse("@Pulse.Demo_Shop").unwrap().to_string(),
            "@pulse.demo_shop"
        );
        assert_eq!(Handle::parse("plain").unwrap().as_str(), "plain");
        for bad in [
            "",
            "@",
            "has space",
            "émoji",
            "a".repeat(31).as_str(),
            "semi;colon",
        ] {
            assert_eq!(Handle::parse(bad), None, "{bad:?}");
        }
    }
}
