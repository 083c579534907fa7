//! The decoded records of the accounts people asked about lately, so a question costs the
//! answer's arithmetic, not a read and decryption of the whole account (10,000 posts take
//! ~11 ms to read, 200,000 comments ~400 ms; see `BENCHMARKS.md`).
//!
//! An entry is valid for one state of its account record ([`Stamp`]): every sync ends by
//! writing `last_sync_at` (a re-link's first sync too). A scheduled sync then hands the cache
//! what it wrote ([`AnswerCache::take_in`], from the `WriteLog` it wrote through): the entry
//! stamped with the account as the sync began takes in the posts, days, snapshots, online
//! hours, demographics and comments written (each replacing the record with its key, in key
//! and time order as a fresh read would give them) and the new stamp, so the first question
//! after a sync costs the arithmetic too. An entry with another stamp, or a sync whose writes
//! cannot be merged, leaves the next question to read again. Between a sync's first write
//! and its end, questions see the data as of the previous sync (or a part of the sync's
//! writes), which is what their "data as of" line says; the merge replaces by key, so those
//! too end as the store has them. Accounts whose first sync is still running are never
//! cached. Erasing an account and purging comments evict it at once
//! ([`AnswerCache::evict`]); a question that was reading the account meanwhile, or a sync's
//! merge under way, does not put it back (every eviction moves a generation counter the
//! insert checks), and a sync during which anything was deleted is not merged at all (the
//! counter is taken before the sync starts: a comment the sync wrote and a purge deleted
//! meanwhile must not return), so deleted data does not outlive its deletion in memory.
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

use crate::account::AccountId;
use crate::question::answer::AnswerData;

use super::written::Written;

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
    fn load(records: Records<'_>, account: &AccountId) -> Result<Self, StoreError> {
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
        account: &AccountId,
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

    /// A copy, for a merge while questions still read this one.
    fn duplicate(&self) -> Self {
        let comments = self.comments_slot().clone();
        Self {
            posts: self.posts.clone(),
            daily: self.daily.clone(),
            snapshots: self.snapshots.clone(),
            online: self.online.clone(),
            demographics: self.demographics.clone(),
            comments: Mutex::new(comments),
            size: AtomicUsize::new(self.size()),
        }
    }

    /// Takes in what a sync wrote: each record replaces the one with its key or joins in
    /// its place, so the order is the store's (posts by id, days by date, comments oldest
    /// first by key).
    fn merge(&mut self, written: Written) {
        upsert(&mut self.posts, written.posts, |a, b| a.id.cmp(&b.id));
        upsert(&mut self.daily, written.daily, |a, b| a.date.cmp(&b.date));
        upsert(&mut self.snapshots, written.snapshots, |a, b| {
            a.date.cmp(&b.date)
        });
        upsert(&mut self.online, written.online, |a, b| a.date.cmp(&b.date));
        if let Some(demographics) = written.demographics {
            self.demographics = Some(demographics);
        }
        let slot = self.comments.get_mut().unwrap_or_else(|e| e.into_inner());
        if let (Some(comments), false) = (slot.as_mut(), written.comments.is_empty()) {
            merge_comments(Arc::make_mut(comments), written.comments);
        }
        let comments = slot.as_ref().map_or(0, |comments| comments.len());
        let size = self.posts.len()
            + self.daily.len()
            + self.snapshots.len()
            + self.online.len()
            + usize::from(self.demographics.is_some())
            + comments;
        self.size.store(size, Ordering::Relaxed);
    }

    /// How many records this holds (what the cache's bound counts).
    fn size(&self) -> usize {
        self.size.load(Ordering::Relaxed)
    }
}

/// Writes `records` into `sorted` (ordered by `order`, no two equal), each replacing the
/// one equal to it; of two equal ones written, the later wins.
fn upsert<T>(sorted: &mut Vec<T>, records: Vec<T>, order: impl Fn(&T, &T) -> std::cmp::Ordering) {
    for record in records {
        match sorted.binary_search_by(|probe| order(probe, &record)) {
            Ok(at) => sorted[at] = record,
            Err(at) => sorted.insert(at, record),
        }
    }
}

/// The order of [`Records::comments_by_time`]: by time, then by key (post, comment).
fn comment_order(comment: &CommentRecord) -> (DateTime<Utc>, &str, &str) {
    (comment.published_at, &comment.post_id, &comment.id)
}

/// Writes `written` into `comments` (in [`comment_order`]), each replacing the stored
/// comment with its key (post, comment); of two written with one key, the later wins.
fn merge_comments(comments: &mut Vec<CommentRecord>, written: Vec<CommentRecord>) {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut latest = Vec::new();
    for comment in written.into_iter().rev() {
        if seen.insert((comment.post_id.clone(), comment.id.clone())) {
            latest.push(comment);
        }
    }
    let keys: rustc_hash::FxHashSet<(&str, &str)> = latest
        .iter()
        .map(|c| (c.post_id.as_str(), c.id.as_str()))
        .collect();
    comments.retain(|c| !keys.contains(&(c.post_id.as_str(), c.id.as_str())));
    drop(keys);
    comments.extend(latest);
    // Mostly in order already (new comments are the newest): a run and a short tail.
    comments.sort_by(|a, b| comment_order(a).cmp(&comment_order(b)));
}

struct Entry {
    stamp: Stamp,
    records: Arc<AccountRecords>,
    last_asked: u64,
}

#[derive(Default)]
struct Entries {
    by_account: HashMap<AccountId, Entry>,
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
        let id = &account.id;
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

    /// How many deletions the cache has been told of so far: taken before a sync starts and
    /// handed to [`AnswerCache::take_in`], so a deletion during the sync refuses its merge.
    pub(crate) fn deletions_so_far(&self) -> u64 {
        self.entries().evictions
    }

    /// Takes in what a sync of `before`'s account wrote (`None`: writes it could not note,
    /// or a sync that stopped halfway for good), now that the account is `after` (`None`:
    /// gone). Only an entry stamped with `before` is updated, and stamped with `after`; any
    /// other is left to the stamp check. An eviction since `deletions_at_start` (taken
    /// with [`AnswerCache::deletions_so_far`] before the sync began) wins: a comment the
    /// sync wrote and a purge then deleted is not merged back.
    pub(crate) fn take_in(
        &self,
        before: &AccountRecord,
        after: Option<&AccountRecord>,
        written: Option<Written>,
        deletions_at_start: u64,
    ) {
        let id = &before.id;
        let (Some(stamp_before), Some(stamp_after), Some(written)) = (
            Stamp::of(before),
            after
                .and_then(Stamp::of)
                .filter(|_| after.is_some_and(|a| &a.id == id)),
            written,
        ) else {
            self.evict(id);
            return;
        };
        let (cached, evictions_before, last_asked) = {
            let mut entries = self.entries();
            if entries.evictions != deletions_at_start {
                // Something was deleted while the sync ran; the entry may hold what the sync
                // wrote before it was deleted, or be read before a purge: read afresh.
                entries.by_account.remove(id);
                return;
            }
            if entries
                .by_account
                .get(id)
                .is_none_or(|entry| entry.stamp != stamp_before)
            {
                return;
            }
            let Some(entry) = entries.by_account.remove(id) else {
                return;
            };
            (entry.records, entries.evictions, entry.last_asked)
        };
        // Merged without the lock; a question still reading the old records keeps them.
        let mut merged = Arc::try_unwrap(cached).unwrap_or_else(|shared| shared.duplicate());
        merged.merge(written);
        let mut entries = self.entries();
        if entries.evictions != evictions_before || merged.size() > self.max_records {
            return;
        }
        if entries
            .by_account
            .get(id)
            .is_some_and(|entry| entry.stamp == stamp_after)
        {
            // A question read the account afresh meanwhile.
            return;
        }
        entries.by_account.insert(
            id.to_owned(),
            Entry {
                stamp: stamp_after,
                records: Arc::new(merged),
                last_asked,
            },
        );
        drop(entries);
        self.shrink();
    }

    /// Whether `account` is cached as of its record's current state: a question now reads
    /// nothing from the store (for tests).
    pub fn holds_current(&self, account: &AccountRecord) -> bool {
        let stamp = Stamp::of(account);
        self.entries()
            .by_account
            .get(&account.id)
            .is_some_and(|entry| Some(&entry.stamp) == stamp.as_ref())
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
    pub fn evict(&self, account: &AccountId) {
        let mut entries = self.entries();
        entries.evictions += 1;
        entries.by_account.remove(account);
    }

    /// Whether `account` is cached (for tests).
    pub fn holds(&self, account: &AccountId) -> bool {
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
            id: AccountId::for_test(id),
            network: crate::account::Network::Instagram,
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
            granted_permissions: None,
            refresh_expires_at: None,
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
                Records::batch_post(
                    &mut batch,
                    &AccountId::for_test(id),
                    &post(&format!("{id}-{n}")),
                );
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
        Records::batch_post(&mut batch, &AccountId::for_test("1"), &post("1-new"));
        store.apply(&batch).unwrap();
        assert_eq!(cache.records_of(records, &record).unwrap().posts.len(), 3);
        // …which writes `last_sync_at`.
        record.last_sync_at = Some(now() + chrono::Duration::minutes(15));
        assert_eq!(cache.records_of(records, &record).unwrap().posts.len(), 4);
    }

    #[test]
    fn a_deletion_while_a_sync_runs_refuses_its_merge() {
        // A sync writes a post; meanwhile a purge deletes records and evicts the account, and
        // a question reads it afresh under the old stamp. The sync's merge must not put its
        // noted writes (which may include what the purge deleted) back.
        let store = store_with_posts(&[("1", 2)]);
        let cache = AnswerCache::default();
        let records = Records::new(&store);
        let before = account("1");
        assert_eq!(cache.records_of(records, &before).unwrap().posts.len(), 2);
        let deletions_at_start = cache.deletions_so_far();
        let one = AccountId::for_test("1");
        let log = crate::pulse::written::WriteLog::new(&store, &one);
        let mut batch = Batch::new();
        Records::batch_post(&mut batch, &one, &post("1-new"));
        log.apply(&batch).unwrap();
        // The purge (of this account or another): the cache is told of a deletion, and a
        // question reads the account afresh under the stamp the sync began with.
        cache.evict(&AccountId::for_test("2"));
        cache.evict(&AccountId::for_test("1"));
        assert_eq!(cache.records_of(records, &before).unwrap().posts.len(), 3);
        let mut after = before.clone();
        after.last_sync_at = Some(now() + chrono::Duration::minutes(15));
        cache.take_in(&before, Some(&after), log.written(), deletions_at_start);
        assert!(
            !cache.holds(&AccountId::for_test("1")),
            "the merge was refused and the entry dropped"
        );
        assert_eq!(cache.records_of(records, &after).unwrap().posts.len(), 3);
        // Without a deletion meanwhile, the same merge is taken in.
        let quiet = cache.deletions_so_far();
        let log = crate::pulse::written::WriteLog::new(&store, &one);
        let mut batch = Batch::new();
        Records::batch_post(&mut batch, &AccountId::for_test("1"), &post("1-other"));
        log.apply(&batch).unwrap();
        let mut later = after.clone();
        later.last_sync_at = Some(now() + chrono::Duration::minutes(30));
        cache.take_in(&after, Some(&later), log.written(), quiet);
        assert!(cache.holds_current(&later));
        assert_eq!(cache.records_of(records, &later).unwrap().posts.len(), 4);
    }

    #[test]
    fn first_syncs_are_not_cached_and_evicted_accounts_are_gone() {
        let store = store_with_posts(&[("1", 3)]);
        let cache = AnswerCache::default();
        let records = Records::new(&store);
        let mut record = account("1");
        record.backfill = Backfill::Pending;
        cache.records_of(records, &record).unwrap();
        assert!(!cache.holds(&AccountId::for_test("1")));
        record.backfill = Backfill::Done { at: now() };
        cache.records_of(records, &record).unwrap();
        assert!(cache.holds(&AccountId::for_test("1")));
        cache.evict(&AccountId::for_test("1"));
        assert!(!cache.holds(&AccountId::for_test("1")));
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
                self.cache.evict(&AccountId::for_test("1"));
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
        assert!(
            !cache.holds(&AccountId::for_test("1")),
            "the erased account was put back"
        );
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
        assert!(cache.holds(&AccountId::for_test("1")) && cache.holds(&AccountId::for_test("3")));
        assert!(
            !cache.holds(&AccountId::for_test("2")),
            "asked least recently"
        );
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
        assert!(!small.holds(&AccountId::for_test("1")));
    }
}
