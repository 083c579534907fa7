//! Who an account is: [`AccountId`], Pulse's own name for a linked account, and [`Network`],
//! where the account lives.
//!
//! Every record Pulse keeps about an account is filed under its `AccountId`, a random
//! 128-bit value made when the account is first linked. The network's own id of the account
//! (Instagram's `17841…`) and its handle are stored only inside the sealed account record,
//! so once `/forget` shreds the account's key, nothing left in the database's files — keys
//! included — says whose data it was.

use std::fmt;

use rand::RngCore;
use serde::{Deserialize, Serialize};

/// Pulse's own id of a linked account: 32 lowercase hex digits, random, never reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountId(String);

/// Text that is not an account id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an account id")]
pub struct NotAnAccountId;

impl AccountId {
    /// How many hex digits an id has.
    pub const LENGTH: usize = 32;

    /// A new id, for an account linked for the first time.
    pub fn random() -> Self {
        let mut bytes = [0u8; Self::LENGTH / 2];
        rand::thread_rng().fill_bytes(&mut bytes);
        Self(hex::encode(bytes))
    }

    /// Reads an id written by [`AccountId::as_str`].
    pub fn parse(text: &str) -> Result<Self, NotAnAccountId> {
        let valid = text.len() == Self::LENGTH
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(NotAnAccountId)
        }
    }

    /// The id as text: how it stands in record keys.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as bytes: a whole record key, or its first part.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

#[cfg(test)]
impl AccountId {
    /// A fixed id for tests: `n` padded with zeros to the full length.
    pub(crate) fn for_test(n: &str) -> Self {
        Self::parse(&format!("{n:0>32}")).expect("a test id is hex")
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for AccountId {
    type Error = NotAnAccountId;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<AccountId> for String {
    fn from(id: AccountId) -> Self {
        id.0
    }
}

/// The social network an account is on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Network {
    /// An Instagram professional (Business or Creator) account.
    #[default]
    Instagram,
    /// A TikTok account, read through the Display API.
    #[serde(rename = "tiktok")]
    TikTok,
}

impl Network {
    /// The network's name as people write it.
    pub fn name(self) -> &'static str {
        match self {
            Network::Instagram => "Instagram",
            Network::TikTok => "TikTok",
        }
    }

    /// The command that links an account of this network.
    pub fn connect_command(self) -> &'static str {
        match self {
            Network::Instagram => "/connect",
            Network::TikTok => "/connect tiktok",
        }
    }

    /// The network's word in a command (`/connect tiktok`).
    pub fn word(self) -> &'static str {
        match self {
            Network::Instagram => "instagram",
            Network::TikTok => "tiktok",
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_hex_and_read_back() {
        let one = AccountId::random();
        let two = AccountId::random();
        assert_ne!(one, two);
        assert_eq!(one.as_str().len(), AccountId::LENGTH);
        assert_eq!(AccountId::parse(one.as_str()), Ok(one.clone()));
        let json = serde_json::to_string(&one).unwrap();
        assert_eq!(serde_json::from_str::<AccountId>(&json).unwrap(), one);
    }

    #[test]
    fn a_network_id_or_damage_is_not_an_account_id() {
        for text in [
            "17841400000000001",
            "",
            "0123456789abcdef0123456789ABCDEF",
            "0123456789abcdef0123456789abcde",
            "0123456789abcdef0123456789abcdefa",
            "0123456789abcdef\u{0}123456789abcde",
        ] {
            assert_eq!(AccountId::parse(text), Err(NotAnAccountId), "{text:?}");
        }
        assert!(serde_json::from_str::<AccountId>("\"17841400000000001\"").is_err());
    }
}
