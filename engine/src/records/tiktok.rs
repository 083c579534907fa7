//! What Pulse keeps that only TikTok needs: the day's reading of every video's counts
//! ([`VideoDayRecord`], Pulse's own history, since TikTok gives only lifetime counts), and
//! the authorizations still to revoke with TikTok after an account was erased
//! ([`RevocationRecord`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{decode, encode, key, prefix, Records};
use crate::account::{AccountId, Network};
use crate::store::{Batch, StoreError, Tree};

/// One video's lifetime counts at a reading. `None`: TikTok did not give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoCounts {
    /// The video id.
    pub id: String,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Views.
    pub views: Option<u64>,
    /// Likes.
    pub likes: Option<u64>,
    /// Comments.
    pub comments: Option<u64>,
    /// Shares.
    pub shares: Option<u64>,
}

/// The day's reading of a TikTok account: every video's lifetime counts and the profile's,
/// taken by the day's first full sync. Two readings a day apart say what each video gained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoDayRecord {
    /// The day (UTC) of the reading.
    pub date: NaiveDate,
    /// When exactly.
    pub taken_at: DateTime<Utc>,
    /// Followers then (`None` without `user.info.stats`).
    pub followers: Option<u64>,
    /// Every video listed then.
    pub videos: Vec<VideoCounts>,
}

/// An authorization to revoke with a network after its account was erased: the sealed
/// tokens (under the vault's key, owner `revocation:<id>`), kept only until TikTok
/// confirms, or for [`RevocationRecord::GIVE_UP_AFTER`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevocationRecord {
    /// The network to tell.
    pub network: Network,
    /// The sealed token pair, hex.
    pub sealed_tokens: String,
    /// When the first attempt was made (`None`: none yet).
    pub first_attempt_at: Option<DateTime<Utc>>,
    /// Attempts so far.
    pub attempts: u32,
    /// No attempt before this (`None`: at once).
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl RevocationRecord {
    /// After this long the tokens are dropped unrevoked (and the log says so): the access
    /// token is long expired and the refresh token near its own end.
    pub const GIVE_UP_AFTER: chrono::Duration = chrono::Duration::days(30);

    /// The vault owner its tokens are sealed under.
    pub fn owner(id: &str) -> String {
        format!("revocation:{id}")
    }
}

impl Records<'_> {
    /// Every day's reading of a TikTok account, oldest first.
    pub fn video_days(&self, account: &AccountId) -> Result<Vec<VideoDayRecord>, StoreError> {
        self.scan("video day", Tree::VideoSnapshots, &prefix(account.as_str()))
    }

    /// Adds writing a day's reading to `batch` (a second reading the same day replaces it).
    pub fn batch_video_day(batch: &mut Batch, account: &AccountId, day: &VideoDayRecord) {
        let date = day.date.format("%Y-%m-%d").to_string();
        batch.put(
            Tree::VideoSnapshots,
            key(&[account.as_str(), &date]),
            encode(day),
        );
    }

    /// Every revocation still to do, with its key.
    pub fn revocations(&self) -> Result<Vec<(String, RevocationRecord)>, StoreError> {
        self.store()
            .scan_prefix(Tree::Revocations, &[])?
            .into_iter()
            .map(|(k, value)| {
                Ok((
                    String::from_utf8_lossy(&k).into_owned(),
                    decode("revocation", &value)?,
                ))
            })
            .collect()
    }

    /// Adds a revocation to `batch`.
    pub fn batch_revocation(batch: &mut Batch, id: &str, record: &RevocationRecord) {
        batch.put(Tree::Revocations, id.as_bytes(), encode(record));
    }
}
