//! What Pulse persists: versioned records, their key layouts, and typed access over a [`Store`].
//!
//! Every value is `version byte ‖ JSON`. A reader refuses versions it does not know instead of
//! guessing, so an old binary never misreads a newer database. Keys are UTF-8 parts joined by
//! a NUL byte (`account \0 post`), so a prefix scan of `account \0` finds exactly one account's
//! records. Dates in keys are `YYYY-MM-DD`, which sorts chronologically.

mod access;
mod account;
mod actions;
mod alerts;
mod api;
mod chat;
mod content;
mod publications;
mod tiktok;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use access::Records;
pub use account::{AccountRecord, AccountStatus, Backfill};
pub use actions::{
    chat_field, CommentActionRecord, DraftRecord, LeadMark, ReplyKind, SentPrivateReply, SentReply,
    Template, TemplatesRecord,
};
pub use alerts::{alert_key, AlertRecord, AlertSettings, AlertState, FiledAlert, QuietHours};
pub use api::{AccessLogRecord, ApiKeyRecord, RestrictionRecord, UsageRecord};
pub use chat::{
    ChatLinkRecord, ChatRecord, ConversationRecord, DigestRecord, DigestState, ForgetPrompt,
    LinkTokenRecord, CONVERSATION_WINDOW,
};
pub use content::{
    CommentRecord, DailyRecord, DemographicsRecord, FollowerSnapshotRecord, KindRecord,
    MetricsRecord, OnlineFollowersRecord, PostRecord,
};
pub use publications::{
    AwaitedText, Containers, HostedMediaRecord, MediaItem, PublicationRecord, PublicationState,
};
pub use tiktok::{RevocationRecord, VideoCounts, VideoDayRecord};

use crate::account::AccountId;
use crate::chat::ChatId;
use crate::store::StoreError;

const VERSION: u8 = 1;

/// Joins key parts with NUL bytes.
pub fn key(parts: &[&str]) -> Vec<u8> {
    parts.join("\0").into_bytes()
}

/// The prefix of every key that starts with `part`.
pub fn prefix(part: &str) -> Vec<u8> {
    let mut bytes = part.as_bytes().to_vec();
    bytes.push(0);
    bytes
}

/// The key of a digest record: `chat \0 account \0 YYYY-MM-DD`.
pub(crate) fn digest_key(chat: &ChatId, account: &AccountId, date: NaiveDate) -> Vec<u8> {
    key(&[
        &chat.key(),
        account.as_str(),
        &date.format("%Y-%m-%d").to_string(),
    ])
}

pub(crate) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = vec![VERSION];
    bytes.extend(
        serde_json::to_vec(value)
            .expect("records are plain structs: JSON serialization cannot fail"),
    );
    bytes
}

pub(crate) fn decode<T: DeserializeOwned>(
    what: &'static str,
    bytes: &[u8],
) -> Result<T, StoreError> {
    match bytes.split_first() {
        Some((&VERSION, json)) => {
            serde_json::from_slice(json).map_err(|error| StoreError::Corrupt {
                what,
                reason: error.to_string(),
            })
        }
        Some((version, _)) => Err(StoreError::Corrupt {
            what,
            reason: format!("unknown record version {version}"),
        }),
        None => Err(StoreError::Corrupt {
            what,
            reason: "empty value".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instagram::MediaKind;
    use crate::store::MemoryStore;
    use crate::store::{Batch, Store};
    use chrono::DateTime;

    #[test]
    fn a_comment_stored_before_hidden_was_read_loads_shown_and_hidden_round_trips() {
        let old = br#"{"id":"c1","post_id":"p1","parent_id":null,"author_id":null,"author_username":"ana","text":"price?","published_at":"2026-11-20T09:00:00Z","like_count":null}"#;
        let mut bytes = vec![VERSION];
        bytes.extend_from_slice(old);
        let record = decode::<CommentRecord>("comment", &bytes).unwrap();
        assert!(!record.hidden);
        // A shown comment is written as before; a hidden one says so and reads back hidden.
        assert_eq!(&encode(&record)[1..], &old[..]);
        let hidden = CommentRecord {
            hidden: true,
            ..record
        };
        let bytes = encode(&hidden);
        assert!(String::from_utf8_lossy(&bytes).contains(r#""hidden":true"#));
        assert_eq!(decode::<CommentRecord>("comment", &bytes).unwrap(), hidden);
    }

    #[test]
    fn unknown_versions_and_damage_are_refused_not_guessed() {
        let snapshot = FollowerSnapshotRecord {
            date: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            followers: 5,
            taken_at: DateTime::from_timestamp(0, 0).unwrap(),
        };
        let mut bytes = encode(&snapshot);
        assert_eq!(
            decode::<FollowerSnapshotRecord>("s", &bytes).unwrap(),
            snapshot
        );
        bytes[0] = 2;
        assert!(matches!(
            decode::<FollowerSnapshotRecord>("s", &bytes),
            Err(StoreError::Corrupt { .. })
        ));
        assert!(decode::<FollowerSnapshotRecord>("s", &[]).is_err());
        assert!(decode::<FollowerSnapshotRecord>("s", &[1, b'{']).is_err());
    }

    #[test]
    fn a_checked_in_version_1_record_still_reads() {
        // Yesterday's format must keep opening: this is the bytes of a v1 post record.
        let stored = b"\x01{\"id\":\"1\",\"kind\":\"reel\",\"caption\":null,\"permalink\":null,\
            \"published_at\":\"2026-01-02T03:04:05Z\",\"like_count\":3,\"comments_count\":null,\
            \"metrics\":{\"views\":10,\"reach\":null,\"likes\":null,\"comments\":null,\"saves\":2,\
            \"shares\":null,\"total_interactions\":null,\"follows\":null,\"profile_visits\":null},\
            \"metrics_updated_at\":null,\"insights_unavailable\":false}";
        let post: PostRecord = decode("post", stored).unwrap();
        assert_eq!(post.media_kind(), MediaKind::Reel);
        assert_eq!(post.metrics.saves, Some(2));
    }

    #[test]
    fn links_are_indexed_both_ways() {
        let store = MemoryStore::new();
        let records = Records::new(&store);
        let chat = ChatId::new(crate::chat::Platform::Console, "local");
        let link = ChatLinkRecord {
            linked_by: "me".into(),
            linked_at: DateTime::from_timestamp(0, 0).unwrap(),
        };
        let (one, two) = (AccountId::for_test("1"), AccountId::for_test("2"));
        let mut batch = Batch::new();
        Records::batch_link(&mut batch, &chat, &one, &link);
        Records::batch_link(&mut batch, &chat, &two, &link);
        store.apply(&batch).unwrap();
        assert_eq!(
            records.chat_accounts(&chat).unwrap(),
            vec![one.clone(), two.clone()]
        );
        assert_eq!(records.account_chats(&one).unwrap(), vec![chat.clone()]);
        let mut batch = Batch::new();
        Records::batch_unlink(&mut batch, &chat, &one);
        store.apply(&batch).unwrap();
        assert_eq!(records.chat_accounts(&chat).unwrap(), vec![two]);
        assert!(records.account_chats(&one).unwrap().is_empty());
    }
}
