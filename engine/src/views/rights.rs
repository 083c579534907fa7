//! The answers of the stats API's operations on the chat's rights (`Pulse::api_*` in
//! `pulse/api_rights.rs`): an account's pause, the confirmation an erasure asks for, and
//! the receipt of an erasure — the same facts the chat's `/pause`, `/resume` and `/forget`
//! answers say in words.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::AccountView;

/// An account's processing state after `pause` or `resume`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseView {
    /// The account.
    pub account: AccountView,
    /// Whether it is paused now.
    pub paused: bool,
    /// Since when, while paused.
    pub paused_at: Option<DateTime<Utc>>,
    /// Whether this request changed it (`false`: it already was so).
    pub changed: bool,
}

/// What an erasure asks before it is done: the one-time token that confirms it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureConfirmationView {
    /// Send it back as `DELETE /api/v1/chat?confirm=<token>`; once, before `expires_at`.
    /// It is the chat's `/forget` question's: asking again, here or in the chat, replaces it.
    pub confirm: String,
    /// When it stops counting.
    pub expires_at: DateTime<Utc>,
    /// What the erasure deletes, in a sentence.
    pub detail: String,
}

/// What an erasure deleted, counted as `/forget`'s receipt counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureView {
    /// The chat's settings (0 or 1 record).
    pub chat_settings: u64,
    /// The chat's previous question (0 or 1 record).
    pub previous_question: u64,
    /// The reply being written and the saved replies (records).
    pub replies: u64,
    /// Links to accounts.
    pub account_links: u64,
    /// Accounts no other chat used, erased with their tokens and data.
    pub accounts_erased: u64,
    /// Their records.
    pub account_records: u64,
    /// `/connect` links that could still have been completed.
    pub pending_connect_links: u64,
    /// Used or expired `/connect` links.
    pub spent_connect_links: u64,
    /// Records of scheduled digests.
    pub digest_records: u64,
    /// Records of alerts.
    pub alert_records: u64,
    /// The API keys (this one included), their request log and usage (records).
    pub api_records: u64,
    /// Erased TikTok accounts whose access Pulse asks TikTok to remove.
    pub tiktok_revocations: u64,
}
