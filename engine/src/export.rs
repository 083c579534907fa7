//! `/export`: everything Pulse stores for a chat, as one JSON document, secrets excluded.
//!
//! The document (format `pulse-export/1`) is described field by field in
//! `docs/export-format.md`. It holds the chat's settings, its links, and for each linked
//! account the account record, posts with insights, daily insights, follower snapshots,
//! follower activity, demographics, comments, what was done about comments through Pulse
//! (replies sent, leads marked), whether it is paused, the chat's digest and alert records,
//! the reply being written, the saved replies, and the chat's API keys (never a key, its
//! hash or its signing secret) with their request log and usage. It never holds an access
//! token or a link token: tokens live in trees the export does not read.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::chat::ChatId;
use crate::records::{
    AccountRecord, AlertRecord, ChatLinkRecord, ChatRecord, CommentActionRecord, CommentRecord,
    DailyRecord, DemographicsRecord, DigestRecord, DraftRecord, FollowerSnapshotRecord,
    OnlineFollowersRecord, PostRecord, PublicationRecord, Records, TemplatesRecord,
};
use crate::store::StoreError;

/// The format name and version written into every export.
/// The stored files of an account's posts being published, each named as the file that
/// carries its bytes beside the JSON.
fn media_files(
    records: &Records<'_>,
    account: &crate::account::AccountId,
) -> Result<Vec<MediaFileExport>, StoreError> {
    let mut files = Vec::new();
    for publication in records.publications(account)? {
        for (n, item) in publication.items.iter().enumerate() {
            if let Some(bytes) = records.publication_media(account, &item.id)? {
                files.push(MediaFileExport {
                    publication: publication.id.clone(),
                    media_id: item.id.clone(),
                    content_type: item.content_type.clone(),
                    file: format!("post-{}-{}.{}", publication.id, n + 1, item.extension),
                    bytes: bytes.len(),
                });
            }
        }
    }
    Ok(files)
}

pub const FORMAT: &str = "pulse-export/1";

/// One linked account and everything stored for it.
#[derive(Debug, Serialize)]
pub struct AccountExport {
    /// The account record (no token).
    pub account: AccountRecord,
    /// How this chat is linked to it.
    pub link: Option<ChatLinkRecord>,
    /// Posts with their latest insights.
    pub posts: Vec<PostRecord>,
    /// Daily account insights.
    pub daily_insights: Vec<DailyRecord>,
    /// Daily follower counts.
    pub follower_snapshots: Vec<FollowerSnapshotRecord>,
    /// Followers online by hour.
    pub online_followers: Vec<OnlineFollowersRecord>,
    /// Follower demographics.
    pub demographics: Option<DemographicsRecord>,
    /// Comments and replies on its posts.
    pub comments: Vec<CommentRecord>,
    /// What was done about comments through Pulse: replies sent (with their text), private
    /// replies, hidden comments, leads marked done, won or lost.
    pub comment_actions: Vec<CommentActionExport>,
    /// Other chats the account is linked to, counted (not named: they are other people's).
    pub other_chats: usize,
    /// This chat's scheduled digests of the account (the last two days are kept).
    pub digests: Vec<DigestExport>,
    /// This chat's alerts of the account's comments (ids and states; the comments are
    /// above).
    pub alerts: Vec<AlertExport>,
    pub publications: Vec<PublicationRecord>,
    pub publication_media: Vec<MediaFileExport>,
    /// A TikTok account's daily readings of every video's counts (empty for Instagram).
    pub video_snapshots: Vec<crate::records::VideoDayRecord>,
    /// Whether the account is paused (`/pause`, restriction of processing), since when.
    pub restriction: Option<crate::records::RestrictionRecord>,
}

/// One API key of the chat: never the key, its hash or its signing secret.
#[derive(Debug, Serialize)]
pub struct ApiKeyExport {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<crate::api_keys::Scope>,
    /// Whether its requests are signed.
    pub signed: bool,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it expires (or expired).
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// The key that replaced it (`/apikey rotate`).
    pub rotated_to: Option<String>,
    /// Its requests of the last 30 days, oldest first.
    pub access_log: Vec<crate::records::AccessLogRecord>,
    /// Its requests per day of the last 366 days, oldest first.
    pub usage: Vec<crate::records::UsageRecord>,
}

/// A file of a post being published: its bytes travel beside the JSON as a file of their
/// own (`file`), where the front end can send files.
#[derive(Debug, Serialize)]
pub struct MediaFileExport {
    pub publication: String,
    pub media_id: String,
    pub content_type: String,
    pub file: String,
    pub bytes: usize,
}

/// One comment's alert to this chat.
#[derive(Debug, Serialize)]
pub struct AlertExport {
    /// The comment.
    pub comment_id: String,
    /// The record.
    #[serde(flatten)]
    pub record: AlertRecord,
}

/// What was done about one comment.
#[derive(Debug, Serialize)]
pub struct CommentActionExport {
    /// The comment.
    pub comment_id: String,
    /// The record.
    #[serde(flatten)]
    pub record: CommentActionRecord,
}

/// One scheduled digest: the local date and where it stands.
#[derive(Debug, Serialize)]
pub struct DigestExport {
    /// The chat's local date it was sent on.
    pub date: NaiveDate,
    /// The record.
    #[serde(flatten)]
    pub record: DigestRecord,
}

/// The chat's previous question, kept 30 minutes for follow-ups.
#[derive(Debug, Serialize)]
pub struct ConversationExport {
    /// The query as Pulse understood it (the words typed are not kept).
    pub query: String,
    /// The same query in plain words.
    pub question: String,
    /// When it was asked.
    pub asked_at: DateTime<Utc>,
    /// The network the question named, if it named one (its follow-ups are about that
    /// account).
    pub network: Option<crate::account::Network>,
    /// The query of the question asked before it, kept for "compare the two".
    pub before: Option<String>,
}

/// The export document.
#[derive(Debug, Serialize)]
pub struct Export {
    /// [`FORMAT`].
    pub format: &'static str,
    /// When it was made.
    pub exported_at: DateTime<Utc>,
    /// The chat (`platform:id`).
    pub chat: String,
    /// The chat's settings, if any were stored.
    pub settings: Option<ChatRecord>,
    /// The chat's previous question, if one is stored.
    pub conversation: Option<ConversationExport>,
    /// The reply being written in the chat, if any (sent or dropped after 30 minutes).
    pub draft: Option<DraftRecord>,
    /// The chat's saved replies.
    pub templates: TemplatesRecord,
    /// The linked accounts.
    pub accounts: Vec<AccountExport>,
    /// The chat's keys of the stats API, with their request log and usage.
    pub api_keys: Vec<ApiKeyExport>,
}

/// Gathers the export of `chat`.
pub fn export(
    records: Records<'_>,
    chat: &ChatId,
    now: DateTime<Utc>,
) -> Result<Export, StoreError> {
    let mut accounts = Vec::new();
    let digests = records.chat_digests(chat)?;
    let alerts = records.chat_alerts(chat)?;
    for id in records.chat_accounts(chat)? {
        let Some(account) = records.account(&id)? else {
            continue;
        };
        let link = records.chat_link(chat, &id)?;
        let other_chats = records
            .account_chats(&id)?
            .iter()
            .filter(|c| *c != chat)
            .count();
        accounts.push(AccountExport {
            posts: records.posts(&id)?,
            daily_insights: records.daily(&id)?,
            video_snapshots: records.video_days(&id)?,
            follower_snapshots: records.follower_snapshots(&id)?,
            online_followers: records.online_followers(&id)?,
            demographics: records.demographics(&id)?,
            comments: records.comments(&id)?,
            comment_actions: records
                .comment_actions(&id)?
                .into_iter()
                .map(|(comment_id, record)| CommentActionExport { comment_id, record })
                .collect(),
            account,
            link,
            other_chats,
            digests: digests
                .iter()
                .filter(|(account, _, _)| *account == id)
                .map(|(_, date, record)| DigestExport {
                    date: *date,
                    record: record.clone(),
                })
                .collect(),
            alerts: alerts
                .iter()
                .filter(|alert| alert.account == id)
                .map(|alert| AlertExport {
                    comment_id: alert.comment_id.clone(),
                    record: alert.record.clone(),
                })
                .collect(),
            publication_media: media_files(&records, &id)?,
            restriction: records.restriction(&id)?,
            publications: records.publications(&id)?,
        });
    }
    Ok(Export {
        format: FORMAT,
        exported_at: now,
        chat: chat.key(),
        settings: records.chat(chat)?,
        conversation: records
            .conversation(chat)?
            .map(|record| ConversationExport {
                question: crate::question::Frame::from_label(&record.query)
                    .ok()
                    .and_then(|frame| frame.query())
                    .map(|query| query.question())
                    .unwrap_or_default(),
                query: record.query,
                asked_at: record.asked_at,
                network: record.network,
                before: record.before,
            }),
        // Sealed under the master key: `Pulse` opens them into the export.
        draft: None,
        templates: TemplatesRecord::default(),
        accounts,
        api_keys: api_keys(&records, chat)?,
    })
}

/// The chat's API keys, each with its log and usage; no hash, no signing secret.
fn api_keys(records: &Records<'_>, chat: &ChatId) -> Result<Vec<ApiKeyExport>, StoreError> {
    records
        .chat_api_keys(chat)?
        .into_iter()
        .map(|key| {
            Ok(ApiKeyExport {
                access_log: records
                    .api_access_log(&key.id)?
                    .into_iter()
                    .map(|(_, entry)| entry)
                    .collect(),
                usage: records
                    .api_usage(&key.id)?
                    .into_iter()
                    .map(|(_, day)| day)
                    .collect(),
                signed: key.signing_secret.is_some(),
                id: key.id,
                name: key.name,
                scopes: key.scopes,
                created_at: key.created_at,
                expires_at: key.expires_at,
                revoked_at: key.revoked_at,
                last_used_at: key.last_used_at,
                rotated_to: key.rotated_to,
            })
        })
        .collect()
}

/// The export as pretty JSON bytes.
pub fn to_json(export: &Export) -> Vec<u8> {
    serde_json::to_vec_pretty(export)
        .expect("the export is plain records: JSON serialization cannot fail")
}
