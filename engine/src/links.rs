//! `/connect` link tokens: 128 random bits, single use, valid 10 minutes, bound to the
//! platform, chat and person that asked.
//!
//! The token travels in the link URL and as OAuth `state`; the store keeps only its SHA-256,
//! so a copy of the database cannot be used to finish someone else's link. Consuming is a
//! compare-and-swap on the stored record: of two callbacks racing with one token, one wins.

use std::fmt;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::account::Network;
use crate::chat::{ChatId, UserId};
use crate::records::{LinkTokenRecord, Records};
use crate::store::{StoreError, Tree};

/// How long a link works.
pub const LINK_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);

const TOKEN_BYTES: usize = 16;
const TOKEN_LENGTH: usize = 22;

/// A link token. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    /// A fresh token from the operating system's random source.
    pub fn generate() -> Self {
        let mut bytes = [0u8; TOKEN_BYTES];
        OsRng.fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Accepts only the exact shape of a token (22 URL-safe base64 characters).
    pub fn parse(text: &str) -> Option<Self> {
        let well_formed = text.len() == TOKEN_LENGTH
            && URL_SAFE_NO_PAD
                .decode(text)
                .is_ok_and(|bytes| bytes.len() == TOKEN_BYTES);
        well_formed.then(|| Self(text.to_owned()))
    }

    /// The token text, for the one place that puts it in a URL.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }
}

impl fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkToken([redacted])")
    }
}

/// Why a link token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Never issued (or guessed, or already cleaned up).
    #[error("this link is not valid")]
    Unknown,
    /// Older than ten minutes.
    #[error("this link has expired")]
    Expired,
    /// Already used once.
    #[error("this link was already used")]
    Used,
}

/// A link that was asked for and may still be completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLink {
    /// The chat the account will be linked to.
    pub chat: ChatId,
    /// Who asked.
    pub user: String,
    /// How the chat showed who asked.
    pub user_name: String,
    /// How to name the chat on the link page.
    pub chat_title: String,
    /// The network the account is linked from.
    pub network: Network,
}

fn expired(record: &LinkTokenRecord, now: DateTime<Utc>) -> bool {
    let age = now.signed_duration_since(record.created_at);
    age.num_milliseconds() < 0 || age.to_std().unwrap_or_default() > LINK_TOKEN_LIFETIME
}

/// Whether a link can still be completed: not used, not expired.
pub fn is_pending(record: &LinkTokenRecord, now: DateTime<Utc>) -> bool {
    record.used_at.is_none() && !expired(record, now)
}

fn pending(record: LinkTokenRecord) -> Result<PendingLink, LinkError> {
    let chat = ChatId::from_key(&record.chat).ok_or(LinkError::Unknown)?;
    Ok(PendingLink {
        chat,
        user: record.user,
        user_name: record.user_name,
        chat_title: record.chat_title,
        network: record.network,
    })
}

/// Issues and checks link tokens over the store.
pub struct LinkTokens<'a> {
    records: Records<'a>,
}

impl<'a> LinkTokens<'a> {
    /// Link tokens kept in `records`' store.
    pub fn new(records: Records<'a>) -> Self {
        Self { records }
    }

    /// Issues a token for `user` in `chat`, to link an account of `network`.
    pub fn issue(
        &self,
        chat: &ChatId,
        user: &UserId,
        user_name: &str,
        chat_title: &str,
        network: Network,
        now: DateTime<Utc>,
    ) -> Result<LinkToken, StoreError> {
        let token = LinkToken::generate();
        let record = LinkTokenRecord {
            chat: chat.key(),
            user: user.id.clone(),
            user_name: user_name.to_owned(),
            chat_title: chat_title.to_owned(),
            created_at: now,
            used_at: None,
            network,
        };
        self.records.store().insert(
            Tree::LinkTokens,
            &token.hash(),
            &Records::encode_link_token(&record),
        )?;
        self.records.store().flush()?;
        Ok(token)
    }

    /// What the token would link, without using it (for the link page).
    pub fn peek(
        &self,
        token: &LinkToken,
        now: DateTime<Utc>,
    ) -> Result<Result<PendingLink, LinkError>, StoreError> {
        let Some(record) = self.records.link_token(&token.hash())? else {
            return Ok(Err(LinkError::Unknown));
        };
        if record.used_at.is_some() {
            return Ok(Err(LinkError::Used));
        }
        if expired(&record, now) {
            return Ok(Err(LinkError::Expired));
        }
        Ok(pending(record))
    }

    /// Uses the token: it will never work again.
    pub fn consume(
        &self,
        token: &LinkToken,
        now: DateTime<Utc>,
    ) -> Result<Result<PendingLink, LinkError>, StoreError> {
        let hash = token.hash();
        let Some(bytes) = self.records.link_token_bytes(&hash)? else {
            return Ok(Err(LinkError::Unknown));
        };
        let Some(mut record) = self.records.link_token(&hash)? else {
            return Ok(Err(LinkError::Unknown));
        };
        if record.used_at.is_some() {
            return Ok(Err(LinkError::Used));
        }
        if expired(&record, now) {
            return Ok(Err(LinkError::Expired));
        }
        record.used_at = Some(now);
        let used = Records::encode_link_token(&record);
        match self.records.store().compare_and_swap(
            Tree::LinkTokens,
            &hash,
            Some(&bytes),
            Some(&used),
        ) {
            Ok(()) => {}
            Err(StoreError::Conflict) => return Ok(Err(LinkError::Used)),
            Err(error) => return Err(error),
        }
        self.records.store().flush()?;
        Ok(pending(record))
    }

    /// The chat a token was issued for, whatever its state (to tell that chat its link
    /// expired).
    pub fn chat_of(&self, token: &LinkToken) -> Result<Option<ChatId>, StoreError> {
        Ok(self
            .records
            .link_token(&token.hash())?
            .and_then(|record| ChatId::from_key(&record.chat)))
    }

    /// Removes tokens that expired more than a lifetime ago. Returns how many.
    pub fn sweep(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let store = self.records.store();
        let mut removed = 0;
        for (key, _) in store.scan_prefix(Tree::LinkTokens, &[])? {
            if let Some(record) = self.records.link_token(&key)? {
                let age = now.signed_duration_since(record.created_at);
                if age.to_std().unwrap_or_default() > 2 * LINK_TOKEN_LIFETIME {
                    store.remove(Tree::LinkTokens, &key)?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::Platform;
    use crate::store::{MemoryStore, Store};

    fn issue(store: &MemoryStore, now: DateTime<Utc>) -> LinkToken {
        LinkTokens::new(Records::new(store))
            .issue(
                &ChatId::new(Platform::Console, "local"),
                &UserId::new(Platform::Console, "me"),
                "you",
                "the console",
                Network::Instagram,
                now,
            )
            .unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000, 0).unwrap()
    }

    #[test]
    fn a_token_works_once() {
        let store = MemoryStore::new();
        let tokens = LinkTokens::new(Records::new(&store));
        let token = issue(&store, now());
        assert_eq!(token.expose().len(), TOKEN_LENGTH);
        let pending = tokens.peek(&token, now()).unwrap().unwrap();
        assert_eq!(pending.chat_title, "the console");
        assert_eq!(pending.chat.key(), "console:local");
        assert!(tokens.consume(&token, now()).unwrap().is_ok());
        for _ in 0..1000 {
            assert_eq!(tokens.consume(&token, now()).unwrap(), Err(LinkError::Used));
        }
        assert_eq!(tokens.peek(&token, now()).unwrap(), Err(LinkError::Used));
    }

    #[test]
    fn a_token_expires_after_ten_minutes() {
        let store = MemoryStore::new();
        let tokens = LinkTokens::new(Records::new(&store));
        let token = issue(&store, now());
        let later = now() + chrono::Duration::seconds(601);
        assert_eq!(
            tokens.consume(&token, later).unwrap(),
            Err(LinkError::Expired)
        );
        let just_in_time = now() + chrono::Duration::seconds(600);
        assert!(tokens.consume(&token, just_in_time).unwrap().is_ok());
    }

    #[test]
    fn guessed_and_malformed_tokens_are_refused() {
        let store = MemoryStore::new();
        let tokens = LinkTokens::new(Records::new(&store));
        let _real = issue(&store, now());
        for _ in 0..1000 {
            let guess = LinkToken::generate();
            assert_eq!(
                tokens.consume(&guess, now()).unwrap(),
                Err(LinkError::Unknown)
            );
        }
        for bad in [
            "",
            "short",
            "!!!!!!!!!!!!!!!!!!!!!!",
            &"A".repeat(23),
            "AAAAAAAAAAAAAAAAAAAAA/",
        ] {
            assert_eq!(LinkToken::parse(bad), None, "{bad:?}");
        }
        assert!(!format!("{:?}", LinkToken::generate()).contains('A'));
    }

    #[test]
    fn the_store_keeps_only_a_hash() {
        let store = MemoryStore::new();
        let token = issue(&store, now());
        for (key, value) in store.scan_prefix(Tree::LinkTokens, &[]).unwrap() {
            let token_bytes = token.expose().as_bytes();
            assert!(!key.windows(token_bytes.len()).any(|w| w == token_bytes));
            assert!(!value.windows(token_bytes.len()).any(|w| w == token_bytes));
        }
    }

    #[test]
    fn sweeping_removes_only_old_tokens() {
        let store = MemoryStore::new();
        let tokens = LinkTokens::new(Records::new(&store));
        let _old = issue(&store, now());
        let fresh = issue(&store, now() + chrono::Duration::minutes(25));
        assert_eq!(
            tokens.sweep(now() + chrono::Duration::minutes(26)).unwrap(),
            1
        );
        assert!(tokens
            .peek(&fresh, now() + chrono::Duration::minutes(26))
            .unwrap()
            .is_ok());
    }
}
