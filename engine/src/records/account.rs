//! The stored account: [`AccountRecord`], with where its first sync stands ([`Backfill`]) and
//! whether it can be synced ([`AccountStatus`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::account::{AccountId, Network};

/// Whether an account can be synced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// The token works.
    Active,
    /// Instagram refused the token (expired or revoked): syncs stop until `/connect`.
    NeedsReconnect,
}

/// How far the first sync of an account got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Backfill {
    /// Not started yet.
    Pending,
    /// Finished at this time.
    Done {
        /// When.
        at: DateTime<Utc>,
    },
    /// Stopped with this reason before it was ready; the scheduler tries again, and what was
    /// read is not read again.
    Failed {
        /// A plain-words reason (no secrets).
        reason: String,
    },
    /// Ready (the posts of the last 30 days, account insights and the audience are read),
    /// and the older posts are still being read; a stopped fill resumes on the next tick.
    Filling {
        /// When the account became ready.
        ready_at: DateTime<Utc>,
        /// Older posts read so far (written every few posts).
        read: u64,
        /// Of how many older posts.
        of: u64,
    },
}

impl Backfill {
    /// Whether the account can be answered from: the first sync is done, or ready and
    /// filling in older posts.
    pub fn is_ready(&self) -> bool {
        matches!(self, Backfill::Done { .. } | Backfill::Filling { .. })
    }
}

/// A linked Instagram account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    /// Pulse's own id of the account: the key of its records in every tree.
    pub id: AccountId,
    /// The network the account is on. (Added with account ids: every older account is on
    /// Instagram.)
    #[serde(default)]
    pub network: Network,
    /// The network's id of the account (Instagram's professional account id, `17841…`).
    pub user_id: String,
    /// The app-scoped id.
    pub app_scoped_id: String,
    /// The handle without `@`, as last seen.
    pub username: String,
    /// The display name.
    pub name: Option<String>,
    /// Followers at the last profile read.
    pub followers_count: u64,
    /// Following at the last profile read.
    pub follows_count: u64,
    /// Media count at the last profile read.
    pub media_count: u64,
    /// Whether the token works.
    pub status: AccountStatus,
    /// When it was first linked.
    pub linked_at: DateTime<Utc>,
    /// When the stored long-lived token was issued.
    pub token_issued_at: DateTime<Utc>,
    /// When it expires.
    pub token_expires_at: DateTime<Utc>,
    /// The first sync.
    pub backfill: Backfill,
    /// The end of the last successful sync: "data as of".
    pub last_sync_at: Option<DateTime<Utc>>,
    /// When the account's daily data (profile, account insights) was last read.
    pub daily_sync_at: Option<DateTime<Utc>>,
    /// Instagram throttled the account: no call before this time. (Added within version 1:
    /// older records read as `None`.)
    #[serde(default)]
    pub sync_not_before: Option<DateTime<Utc>>,
    /// The permissions granted at the latest link (`None`: linked by a release that did not
    /// keep them). Replying and hiding need `instagram_business_manage_comments`, private
    /// replies `instagram_business_manage_messages`.
    #[serde(default)]
    pub granted_permissions: Option<Vec<String>>,
    /// When the refresh token expires, for a network whose access tokens are short-lived
    /// and renewed with a refresh token (TikTok); `None` for Instagram. (Added with TikTok.)
    #[serde(default)]
    pub refresh_expires_at: Option<DateTime<Utc>>,
}

impl AccountRecord {
    /// Whether the network shares the account's follower count with Pulse (TikTok only with
    /// the `user.info.stats` scope; a record that predates kept permissions is taken as yes).
    pub fn followers_shared(&self) -> bool {
        self.granted_permissions.as_ref().is_none_or(|granted| {
            self.network != crate::account::Network::TikTok
                || granted.iter().any(|scope| scope == "user.info.stats")
        })
    }
}
