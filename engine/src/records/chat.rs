//! What Pulse keeps of a chat: its settings ([`ChatRecord`]), its previous question
//! ([`ConversationRecord`]), its links to accounts ([`ChatLinkRecord`]), pending `/connect`
//! links ([`LinkTokenRecord`]) and the state of its scheduled digests.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::account::AccountId;

/// A chat's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatRecord {
    /// The account questions are about, when the chat has several. A choice that is not an
    /// account id (an account of a release before account ids, gone before the upgrade)
    /// reads as no choice, so the chat's settings still read.
    #[serde(deserialize_with = "account_or_none")]
    pub active_account: Option<AccountId>,
    /// The chat's IANA time zone.
    pub timezone: String,
    /// When Pulse first heard from the chat.
    pub created_at: DateTime<Utc>,
    /// Whether the daily digest is on. (Added within version 1: older records read as on.)
    #[serde(default = "digest_on_by_default")]
    pub digest_enabled: bool,
    /// The local time of the daily digest; `None` = the configured default. (Added within
    /// version 1.)
    #[serde(default)]
    pub digest_time: Option<chrono::NaiveTime>,
    /// Where in the chat Pulse's own messages go (a Discord channel of the server); `None` =
    /// the chat itself. (Added within version 1.)
    #[serde(default)]
    pub delivery_channel: Option<String>,
    /// When the digest was last turned on or moved; digests due before it are not owed.
    /// `None` = since `created_at`. (Added within version 1.)
    #[serde(default)]
    pub digest_changed_at: Option<DateTime<Utc>>,
    /// The one `/forget` question the chat may still answer: its buttons carry the nonce.
    /// (Added within version 1.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forget_prompt: Option<ForgetPrompt>,
    /// Alerts of new comments (off until `/alerts on`).
    #[serde(default)]
    pub alerts: super::AlertSettings,
}

/// A `/forget` question waiting for its answer: only a press of its own buttons (they carry
/// `nonce`), before `expires_at` and once, deletes anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgetPrompt {
    /// Random, in the buttons' commands (`/forget confirm <nonce>`).
    pub nonce: String,
    /// When the question stops counting.
    pub expires_at: DateTime<Utc>,
}

/// A chat's previous question, as Pulse understood it: what a follow-up ("and in October?")
/// refines. Kept for [`CONVERSATION_WINDOW`]; the question's words are not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRecord {
    /// The query, in the frame's text form (`top metric=saves n=1 period=30d`); the queries
    /// of a question that asked several, joined by ` ; ` as a question of two parts is
    /// written.
    pub query: String,
    /// When it was asked.
    pub asked_at: DateTime<Utc>,
    /// The network the question named, when it named one ("my tiktoks this week"): a
    /// follow-up is about that account too. (Added with TikTok: older records read as
    /// `None`, the account in use.)
    #[serde(default)]
    pub network: Option<crate::account::Network>,
    /// The query of the question asked before that one, in the same form, when it too was
    /// asked within the window: "compare the two" after "likes last week" → "and the week
    /// before?" sets both weeks side by side. (Older records read as `None`.)
    #[serde(default)]
    pub before: Option<String>,
}

/// How long a chat's previous question stays something to follow up on.
pub const CONVERSATION_WINDOW: chrono::Duration = chrono::Duration::minutes(30);

fn digest_on_by_default() -> bool {
    true
}

/// Where the scheduled digest of one chat, account and local date stands: a durable job
/// ([`crate::jobs`]). Written (and flushed) as `Sending` before the digest is sent, so a
/// restart never sends it again unless the earlier send may not have happened, and then
/// only once more.
pub type DigestState = crate::jobs::JobState;

/// The scheduled digest of one chat, account and local date.
pub type DigestRecord = crate::jobs::JobRecord;

/// One chat's link to one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatLinkRecord {
    /// Who linked it (the platform's user id).
    pub linked_by: String,
    /// When.
    pub linked_at: DateTime<Utc>,
}

/// A pending `/connect` link, stored under the SHA-256 of its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTokenRecord {
    /// The chat it links to (`ChatId::key`).
    pub chat: String,
    /// The person who asked for it.
    pub user: String,
    /// How the chat showed them. (Added within version 1.)
    #[serde(default)]
    pub user_name: String,
    /// How the link page names the chat.
    pub chat_title: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was used (a used link is kept until it expires, to say "already used").
    pub used_at: Option<DateTime<Utc>>,
    /// The network the link signs in to. (Added with TikTok: older links are Instagram's.)
    #[serde(default)]
    pub network: crate::account::Network,
}

/// An account id, or `None` for anything else (absent, null, or not an account id).
fn account_or_none<'de, D>(deserializer: D) -> Result<Option<AccountId>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text: Option<String> = Option::deserialize(deserializer)?;
    Ok(text.and_then(|text| AccountId::parse(&text).ok()))
}
