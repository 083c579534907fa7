//! The decoded records of the accounts people asked about lately, so a question costs the
//! answer's arithmetic, not a read and decryption of the whole account (10,000 posts take
//! ~11 ms to read, 200,000 comments ~400 ms; see `BENCHMARKS.md`).
//!
//! An entry is valid for one state of its account record ([`Stamp`]): every sync ends by
//! writing `last_sync_at` (a re-link's first sync too), so a later question reloads. Between
//! a sync's first write and its end, questions see the data as of the previous sync, which
//! is what their "data as of" line says. Accounts whose first sync is still running are
//! never cached. Erasing an account and purging comments evict it at once
//! ([`AnswerCache::evict`]); a question that was reading the account meanwhile does not put
//! it back (every eviction moves a generation counter the insert checks), so deleted data
//! does not outlive its deletion in memory.
//!
//! The cache holds at most [`AnswerCache::max_records`] records (posts, days, comments, …)
//! and drops the least recently asked account first; an account larger than that is
//! answered, not kept. Comments are loaded on the first question that needs them. Each
//! entry's size is a counter, so making room never waits for an account being read.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::question::answer::AnswerData;

use crate::records::{
    AccountRecord, Backfill, CommentRecord, DailyRecord, DemographicsRecord,
    FollowerSnapshotRecord, OnlineFollowersRecord, PostRecord, Records,
};
use crate::store::StoreError;

/// Records held at most: about 60 MB of decoded posts and comments.
pub const DEFAULT_MAX_RECORDS: usize = 300_000;

/// The state of an account record an entry was loaded at.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    linked_at: DateTime<Utc>,
    last_sync_at: Option<DateTime<Utc>>,
    daily_sync_at: Option<DateTime<Utc>>,
}

impl Stamp {
    /// `None` while the first sync runs: those records change under the reader's feet.
    fn of(account: &AccountRecord) -> Option<Self> {
        matches!(account.backfill, Backfill::Done { .. }).then(|| Self {
            linked_at: account.linked_at,
            last_sync_at: account.last_sync_at,
            daily_sync_at: account.daily_sync_at,
        })
    }
}

/// One account's records, decoded.
#[derive(Debug)]
pub struct AccountRecords {
    /// Its posts.
    pub posts: Vec<PostRecord>,
    /// Its daily insights, oldest first.
    pub daily: Vec<DailyRecord>,
    /// Its follower snapshots, oldest first.
    pub snapshots: Vec<FollowerSnapshotRecord>,
    /// Followers online by hour.
    pub online: Vec<OnlineFollowersRecord>,
    /// Demographics, if Instagram gave them.
    pub demographics: Option<DemographicsRecord>,
    /// Its comments, oldest first, once a question needed them.
    comments: Mutex<Option<Arc<Vec<CommentRecord>>>>,
    /// How many records it holds, comments included once loaded.
    size: AtomicUsize,
}

impl AccountRecords {
    fn load(records: Records<'_>, account: &str) -> Result<Self, StoreError> {
        let (posts, daily, snapshots) = (
            records.posts(account)?,
            records.daily(account)?,
            records.follower_snapshots(account)?,
        );
        let (online, demographics) = (
            records.online_followers(account)?,
            records.demographics(account)?,
        );
        let size = posts.len()
            + daily.len()
            + snapshots.len()
            + online.len()
            + usize::from(demographics.is_some());
        Ok(Self {
            posts,
            daily,
            snapshots,
            online,
            demographics,
            comments: Mutex::new(None),
            size: AtomicUsize::new(size),
        })
    }

    fn comments_slot(&self) -> MutexGuard<'_, Option<Arc<Vec<CommentRecord>>>> {
        self.comments.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The comments, oldest first, read from `records` the first time.
    pub fn comments(
        &self,
        records: Records<'_>,
        account: &str,
    ) -> Result<Arc<Vec<CommentRecord>>, StoreError> {
        let mut slot = self.comments_slot();
        if let Some(comments) = slot.as_ref() {
            return Ok(Arc::clone(comments));
        }
        let comments = Arc::new(records.comments_by_time(account)?);
        self.size.fetch_add(comments.len(), Ordering::Relaxed);
        *slot = Some(Arc::clone(&comments));
        Ok(comments)
    }

    /// What answers are computed from: these records with `account`, the `comments` wanted
    /// (from [`AccountRecords::comments`], or none), in `timezone` on `today`.
    pub fn answer_data<'a>(
        &'a self,
        account: &'a AccountRecord,
        comments: &'a [CommentRecord],
        timezone: Tz,
        today: NaiveDate,
    ) -> AnswerData<'a> {
        AnswerData {
            account,
            posts: &self.posts,
            daily: &self.daily,
            snapshots: &self.snapshots,
            online: &self.online,
            demographics: self.demographics.as_ref(),
            comments,
            timezone,
            today,
        }
    }

    /// How many records this holds (what the cache's bound counts).
    fn size(&self) -> usize {
        self.size.load(Ordering::Relaxed)
    }
}

struct Entry {
    stamp: Stamp,
    records: Arc<AccountRecords>,
    last_asked: u64,
}

#[derive(Default)]
struct Entries {
    by_account: HashMap<String, Entry>,
    clock: u64,
    /// Moved by every eviction: a read that began before one must not insert.
    evictions: u64,
}

/// Decoded records of recently asked-about accounts, bounded by a record count.
pub struct AnswerCache {
    entries: Mutex<Entries>,
    max_records: usize,
}

impl std::fmt::Debug for AnswerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerCache")
            .field("max_records", &self.max_records)
            .finish_non_exhaustive()
    }
}

impl Default for AnswerCache {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_RECORDS)
    }
}

impl AnswerCache {
    /// A cache holding at most `max_records` records (0 caches nothing).
    pub fn new(max_records: usize) -> Self {
        Self {
            entries: Mutex::new(Entries::default()),
            max_records,
        }
    }

    /// The bound.
    pub fn max_records(&self) -> usize {
        self.max_records
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The records of `account` as of its record's current state: cached, or read now
    /// (and cached if its first sync is done and it fits).
    pub fn records_of(
        &self,
        records: Records<'_>,
        account: &AccountRecord,
    ) -> Result<Arc<AccountRecords>, StoreError> {
        let id = account.user_id.as_str();
        let Some(stamp) = Stamp::of(account) else {
            return Ok(Arc::new(AccountRecords::load(records, id)?));
        };
        let evictions_before = {
            let mut entries = self.entries();
            entries.clock += 1;
            let now = entries.clock;
            if let Some(entry) = entries.by_account.get_mut(id) {
                if entry.stamp == stamp {
                    entry.last_asked = now;
                    return Ok(Arc::clone(&entry.records));
                }
            }
            entries.evictions
        };
        // Read without holding the lock: other accounts' questions go on meanwhile.
        let loaded = Arc::new(AccountRecords::load(records, id)?);
        let mut entries = self.entries();
        if entries.evictions != evictions_before || loaded.size() > self.max_records {
            // Erased or purged while it was read (or too large to keep): answer, do not keep.
            return Ok(loaded);
        }
        let now = entries.clock;
        entries.by_account.insert(
            id.to_owned(),
            Entry {
                stamp,
                records: Arc::clone(&loaded),
                last_asked: now,
            },
        );
        drop(entries);
        self.shrink();
        Ok(loaded)
    }

    /// Drops least recently asked accounts until the cache is within its bound (call after
    /// an entry grew, e.g. its comments were loaded).
    pub fn shrink(&self) {
        let mut entries = self.entries();
        loop {
            let total: usize = entries.by_account.values().map(|e| e.records.size()).sum();
            if total <= self.max_records {
                return;
            }
            let oldest = entries
                .by_account
                .iter()
                .min_by_key(|(_, entry)| entry.last_asked)
                .map(|(id, _)| id.clone());
            match oldest {
                Some(id) => {
                    entries.by_account.remove(&id);
                }
                None => return,
            }
        }
    }

    /// Forgets `account` (erased, or some of its records purged).
    pub fn evict(&self, account: &str) {
        let mut entries = self.entries();
        entries.evictions += 1;
        entries.by_account.remove(account);
    }

    /// Whether `account` is cached (for tests).
    pub fn holds(&self, account: &str) -> bool {
        self.entries().by_account.contains_key(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{AccountStatus, MetricsRecord};
    use crate::store::{Batch, Entry, MemoryStore, Store, Tree};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
    }

    fn account(id: &str) -> AccountRecord {
        AccountRecord {
            user_id: id.into(),
            app_scoped_id: format!("2{id}"),
            username: format!("shop{id}"),
            name: None,
            followers_count: 10,
            follows_count: 1,
            media_count: 3,
            status: AccountStatus::Active,
            linked_at: now(),
            token_issued_at: now(),
            token_expires_at: now(),
            backfill: Backfill::Done { at: now() },
            last_sync_at: Some(now()),
            daily_sync_at: Some(now()),
            sync_not_before: None,
        }
    }

    fn post(id: &str) -> PostRecord {
        PostRecord {
            id: id.into(),
            kind: crate::records::KindRecord::Image,
            caption: None,
            permalink: None,
            published_at: now(),
            like_count: None,
            comments_count: None,
            metrics: MetricsRecord::default(),
            metrics_updated_at: None,
            metrics_attempted_at: None,
            insights_unavailable: false,
            comments_read: None,
        }
    }

    fn store_with_posts(accounts: &[(&str, usize)]) -> MemoryStore {
        let store = MemoryStore::new();
        let mut batch = Batch::new();
        for (id, posts) in accounts {
            Records::batch_account(&mut batch, &account(id));
            for n in 0..*posts {
                Records::batch_post(&mut batch, id, &post(&format!("{id}-{n}")));
            }
        }
        store.apply(&batch).unwrap();
        store
    }

    #[test]
    fn a_sync_that_ends_makes_the_next_question_read_again() {
        let store = store_with_posts(&[("1", 3)]);
        let cache = AnswerCache::default();
        let records = Records::new(&store);
        let mut record = account("1");
        assert_eq!(cache.records_of(records, &record).unwrap().posts.len(), 3);
        // A new post written by a sync: unseen until the sync ends…
        let mut batch = Batch::new();
        Records::batch_post(&mut batch, "1", &post("1-new"));
        store.apply(&batch).unwrap();
        assert_eq!(cache.records_of(records, &record).unwrap().posts.len(), 3);
        // …which writes `last_sync_at`.
        record.last_sync_at = Some(now() + chrono::Duration::minutes(15));
        assert_eq!(cache.records_of(records, &record).unwrap().posts.len(), 4);
    }

    #[test]
    fn first_syncs_are_not_cached_and_evicted_accounts_are_gone() {
        let store = store_with_posts(&[("1", 3)]);
        let cache = AnswerCache::default();
        let records = Records::new(&store);
        let mut record = account("1");
        record.backfill = Backfill::Pending;
        cache.records_of(records, &record).unwrap();
        assert!(!cache.holds("1"));
        record.backfill = Backfill::Done { at: now() };
        cache.records_of(records, &record).unwrap();
        assert!(cache.holds("1"));
        cache.evict("1");
        assert!(!cache.holds("1"));
    }

    /// A store that erases the account (as an unlink would: evicts it) while a question
    /// reads its posts.
    struct EvictsWhileRead<'c> {
        inner: MemoryStore,
        cache: &'c AnswerCache,
    }

    impl Store for EvictsWhileRead<'_> {
        fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
            self.inner.get(tree, key)
        }
        fn insert(
            &self,
            tree: Tree,
            key: &[u8],
            value: &[u8],
        ) -> Result<Option<Vec<u8>>, StoreError> {
            self.inner.insert(tree, key, value)
        }
        fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
            self.inner.remove(tree, key)
        }
        fn compare_and_swap(
            &self,
            tree: Tree,
            key: &[u8],
            expected: Option<&[u8]>,
            new: Option<&[u8]>,
        ) -> Result<(), StoreError> {
            self.inner.compare_and_swap(tree, key, expected, new)
        }
        fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
            if tree == Tree::Posts {
                self.cache.evict("1");
            }
            self.inner.scan_prefix(tree, prefix)
        }
        fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
            self.inner.apply(batch)
        }
        fn flush(&self) -> Result<(), StoreError> {
            self.inner.flush()
        }
    }

    #[test]
    fn an_account_erased_while_it_was_read_is_not_kept() {
        let cache = AnswerCache::default();
        let store = EvictsWhileRead {
            inner: store_with_posts(&[("1", 3)]),
            cache: &cache,
        };
        let records = Records::new(&store);
        assert_eq!(
            cache
                .records_of(records, &account("1"))
                .unwrap()
                .posts
                .len(),
            3
        );
        assert!(!cache.holds("1"), "the erased account was put back");
    }

    #[test]
    fn the_least_recently_asked_account_goes_first_when_full() {
        let store = store_with_posts(&[("1", 40), ("2", 40), ("3", 40)]);
        let cache = AnswerCache::new(100);
        let records = Records::new(&store);
        cache.records_of(records, &account("1")).unwrap();
        cache.records_of(records, &account("2")).unwrap();
        cache.records_of(records, &account("1")).unwrap();
        cache.records_of(records, &account("3")).unwrap();
        assert!(cache.holds("1") && cache.holds("3"));
        assert!(!cache.holds("2"), "asked least recently");
        // An account larger than the whole cache is answered, not kept.
        let small = AnswerCache::new(10);
        assert_eq!(
            small
                .records_of(records, &account("1"))
                .unwrap()
                .posts
                .len(),
            40
        );
        assert!(!small.holds("1"));
    }
}
