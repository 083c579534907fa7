//! What Pulse keeps of the stats API, all of it the chat's own (erased by `/forget`, in
//! `/export`): its keys ([`ApiKeyRecord`], `Tree::ApiKeys` by key id: the hash, never the
//! key), each key's requests ([`AccessLogRecord`], `Tree::ApiAccessLog`, kept 30 days) and
//! its use per day ([`UsageRecord`], `Tree::ApiUsage`, kept 366 days); and the accounts whose
//! processing is restricted ([`RestrictionRecord`], `Tree::Restrictions`, by account id).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{decode, encode, key, prefix, Records};
use crate::account::AccountId;
use crate::api_keys::Scope;
use crate::chat::ChatId;
use crate::store::{Batch, StoreError, Tree};

/// One API key of a chat. The key itself is never stored: only its peppered hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyRecord {
    /// Its id, the 8 characters after `pulse_`.
    pub id: String,
    /// The chat it belongs to (`platform:id`): it reads that chat's accounts.
    pub chat: String,
    /// Its name, as the administrator gave it.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// `HMAC-SHA-256(pepper, key)`, hex.
    pub hash: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stops working (`None`: never by itself).
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was last used, to the minute (written at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// A signed key's signing secret, sealed under the vault's key (owner
    /// `apikey:<id>`), hex; `None` for a key whose requests are not signed.
    pub signing_secret: Option<String>,
    /// The key that replaced it (`/apikey rotate`).
    #[serde(default)]
    pub rotated_to: Option<String>,
}

impl ApiKeyRecord {
    /// The vault owner its signing secret is sealed under.
    pub fn owner(id: &str) -> String {
        format!("apikey:{id}")
    }

    /// Whether it works at `now`: neither revoked nor expired.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| now < at)
    }
}

/// One request made with a key: no key, no query, no personal data; the caller's network,
/// not its address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogRecord {
    /// When it arrived.
    pub at: DateTime<Utc>,
    /// The method.
    pub method: String,
    /// The route's pattern (`/api/v1/accounts/{account}/posts`), never the path as sent.
    pub route: String,
    /// The answer's status.
    pub status: u16,
    /// How long the answer took.
    pub latency_ms: u32,
    /// The answer's bytes.
    pub bytes: u64,
    /// The caller's network (`203.0.113.0/24`, `2001:db8:1::/48`).
    pub network: Option<String>,
}

/// A key's requests on one day (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRecord {
    /// The day.
    pub date: NaiveDate,
    /// Requests.
    pub requests: u64,
    /// Answered 2xx.
    pub success: u64,
    /// Answered 4xx.
    pub client_errors: u64,
    /// Answered 5xx.
    pub server_errors: u64,
    /// Bytes answered.
    pub bytes: u64,
}

impl UsageRecord {
    /// No request yet on `date`.
    pub fn new(date: NaiveDate) -> Self {
        Self {
            date,
            requests: 0,
            success: 0,
            client_errors: 0,
            server_errors: 0,
            bytes: 0,
        }
    }

    /// Counts one request answered with `status` and `bytes`.
    pub fn count(&mut self, status: u16, bytes: u64) {
        self.requests += 1;
        match status / 100 {
            2 => self.success += 1,
            4 => self.client_errors += 1,
            5 => self.server_errors += 1,
            _ => {}
        }
        self.bytes = self.bytes.saturating_add(bytes);
    }
}

/// An account whose processing is restricted (`/pause`): its data is kept, nothing syncs it
/// or shows it until `/resume`.
///
/// Its own per-account tree rather than a field of the account record: a restriction is
/// about the account's data whichever chat asked, so it must outlive a re-link (which writes
/// the account record anew) and the syncs' compare-and-swap on the record, and being a
/// per-account tree it is sealed, exported and erased with the account by `Tree::owner`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionRecord {
    /// When it was paused.
    pub paused_at: DateTime<Utc>,
}

/// The key of a log entry: `key \0 time \0 nonce`, the time written so keys sort by it.
fn log_key(key_id: &str, at: DateTime<Utc>) -> Vec<u8> {
    let nonce = format!("{:08x}", rand::random::<u32>());
    key(&[
        key_id,
        &at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        &nonce,
    ])
}

fn usage_key(key_id: &str, date: NaiveDate) -> Vec<u8> {
    key(&[key_id, &date.format("%Y-%m-%d").to_string()])
}

impl Records<'_> {
    /// The key with this id, if any.
    pub fn api_key(&self, id: &str) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.read("api key", Tree::ApiKeys, id.as_bytes())
    }

    /// Stores a key.
    pub fn put_api_key(&self, record: &ApiKeyRecord) -> Result<(), StoreError> {
        self.store()
            .insert(Tree::ApiKeys, record.id.as_bytes(), &encode(record))?;
        Ok(())
    }

    /// Changes a key in place when `change` says so (returns `true`), atomically against
    /// concurrent writers (a revocation and a request's "last used"); `Ok(None)` when there
    /// is no such key.
    pub fn update_api_key(
        &self,
        id: &str,
        change: impl FnMut(&mut ApiKeyRecord) -> bool,
    ) -> Result<Option<ApiKeyRecord>, StoreError> {
        self.update("api key", Tree::ApiKeys, id.as_bytes(), change)
    }

    /// Every key of every chat.
    pub fn all_api_keys(&self) -> Result<Vec<ApiKeyRecord>, StoreError> {
        self.scan("api key", Tree::ApiKeys, &[])
    }

    /// A chat's keys, oldest first.
    pub fn chat_api_keys(&self, chat: &ChatId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        let chat = chat.key();
        let mut keys: Vec<ApiKeyRecord> = self
            .all_api_keys()?
            .into_iter()
            .filter(|record| record.chat == chat)
            .collect();
        keys.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        Ok(keys)
    }

    /// Logs a request made with key `key_id`.
    pub fn log_api_request(
        &self,
        key_id: &str,
        record: &AccessLogRecord,
    ) -> Result<(), StoreError> {
        self.store().insert(
            Tree::ApiAccessLog,
            &log_key(key_id, record.at),
            &encode(record),
        )?;
        Ok(())
    }

    /// A key's logged requests, oldest first, with their store keys.
    pub fn api_access_log(
        &self,
        key_id: &str,
    ) -> Result<Vec<(Vec<u8>, AccessLogRecord)>, StoreError> {
        self.store()
            .scan_prefix(Tree::ApiAccessLog, &prefix(key_id))?
            .into_iter()
            .map(|(k, value)| Ok((k, decode("api access", &value)?)))
            .collect()
    }

    /// Counts a request in its key's usage of the day, atomically against concurrent
    /// requests.
    pub fn count_api_usage(
        &self,
        key_id: &str,
        date: NaiveDate,
        status: u16,
        bytes: u64,
    ) -> Result<(), StoreError> {
        let at = usage_key(key_id, date);
        loop {
            let before = self.store().get(Tree::ApiUsage, &at)?;
            let mut usage: UsageRecord = match &before {
                Some(bytes) => decode("api usage", bytes)?,
                None => UsageRecord::new(date),
            };
            usage.count(status, bytes);
            match self.store().compare_and_swap(
                Tree::ApiUsage,
                &at,
                before.as_deref(),
                Some(&encode(&usage)),
            ) {
                Ok(()) => return Ok(()),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// A key's usage, day by day, oldest first, with their store keys.
    pub fn api_usage(&self, key_id: &str) -> Result<Vec<(Vec<u8>, UsageRecord)>, StoreError> {
        self.store()
            .scan_prefix(Tree::ApiUsage, &prefix(key_id))?
            .into_iter()
            .map(|(k, value)| Ok((k, decode("api usage", &value)?)))
            .collect()
    }

    /// Adds the removal of a chat's keys, their log and their usage to `batch` (its
    /// erasure); returns how many records there were.
    pub fn batch_remove_api_records(
        &self,
        batch: &mut Batch,
        chat: &ChatId,
    ) -> Result<usize, StoreError> {
        let mut count = 0;
        for record in self.chat_api_keys(chat)? {
            for tree in [Tree::ApiAccessLog, Tree::ApiUsage] {
                for (k, _) in self.store().scan_prefix(tree, &prefix(&record.id))? {
                    batch.remove(tree, k);
                    count += 1;
                }
            }
            batch.remove(Tree::ApiKeys, record.id.into_bytes());
            count += 1;
        }
        Ok(count)
    }

    /// The account's restriction, if it is paused.
    pub fn restriction(
        &self,
        account: &AccountId,
    ) -> Result<Option<RestrictionRecord>, StoreError> {
        self.read(
            "restriction",
            Tree::Restrictions,
            account.as_str().as_bytes(),
        )
    }

    /// Pauses an account (`Some`) or lifts its restriction (`None`).
    pub fn set_restriction(
        &self,
        account: &AccountId,
        restriction: Option<&RestrictionRecord>,
    ) -> Result<(), StoreError> {
        let at = account.as_str().as_bytes();
        match restriction {
            Some(record) => self
                .store()
                .insert(Tree::Restrictions, at, &encode(record))?,
            None => self.store().remove(Tree::Restrictions, at)?,
        };
        Ok(())
    }
}
