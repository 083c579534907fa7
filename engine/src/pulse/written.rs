//! What a scheduled sync wrote, noted on its way to the store ([`WriteLog`]), so the answer
//! cache can take the sync's records in ([`Written`]) instead of reading and decrypting the
//! whole account again at the next question.
//!
//! The log sits between the sync and the store: every write still goes to the store as it
//! did, and the log keeps a copy of the values written to an account's answer trees (posts,
//! days, follower snapshots, online followers, demographics, comments). A change it cannot
//! merge (a removal, a key of another account, a compare-and-swap on an answer tree) marks
//! the log as such, and the cache then drops the account's entry instead.

use std::sync::{Mutex, MutexGuard};

use crate::account::AccountId;
use crate::records::{
    decode, prefix, CommentRecord, DailyRecord, DemographicsRecord, FollowerSnapshotRecord,
    OnlineFollowersRecord, PostRecord,
};
use crate::store::{Batch, Change, Entry, Store, StoreError, Tree};

/// A store that passes everything to `inner` and notes what is written to one account's
/// answer trees.
pub(crate) struct WriteLog<'a> {
    inner: &'a dyn Store,
    account: &'a AccountId,
    noted: Mutex<Noted>,
}

#[derive(Default)]
struct Noted {
    /// Puts to answer trees, in the order they were applied.
    puts: Vec<(Tree, Vec<u8>)>,
    /// Something was written that a merge would miss.
    unmergeable: bool,
}

/// The trees [`crate::question::answer::AnswerData`] is made of.
fn answers_from(tree: Tree) -> bool {
    matches!(
        tree,
        Tree::Posts
            | Tree::DailyInsights
            | Tree::FollowerSnapshots
            | Tree::OnlineFollowers
            | Tree::Demographics
            | Tree::Comments
    )
}

impl<'a> WriteLog<'a> {
    /// A log of `account`'s writes through to `inner`.
    pub(crate) fn new(inner: &'a dyn Store, account: &'a AccountId) -> Self {
        Self {
            inner,
            account,
            noted: Mutex::new(Noted::default()),
        }
    }

    fn noted(&self) -> MutexGuard<'_, Noted> {
        self.noted.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `key` of `tree` is one of this account's.
    fn ours(&self, tree: Tree, key: &[u8]) -> bool {
        if tree == Tree::Demographics {
            key == self.account.as_bytes()
        } else {
            key.starts_with(&prefix(self.account.as_str()))
        }
    }

    fn note(&self, change: &Change) {
        let (tree, key, value) = match change {
            Change::Put(tree, key, value) => (*tree, key, Some(value)),
            Change::Remove(tree, key) => (*tree, key, None),
        };
        if !answers_from(tree) {
            return;
        }
        let mut noted = self.noted();
        match value {
            Some(value) if self.ours(tree, key) => noted.puts.push((tree, value.clone())),
            _ => noted.unmergeable = true,
        }
    }

    /// The comments of this account written so far, decoded (whether or not the rest can
    /// be merged): what alerts look at after a sync.
    pub(crate) fn comments_written(&self) -> Vec<CommentRecord> {
        self.noted()
            .puts
            .iter()
            .filter(|(tree, _)| *tree == Tree::Comments)
            .filter_map(|(_, value)| decode("comment", value).ok())
            .collect()
    }

    /// What was written, decoded; `None` if it cannot be merged into cached records.
    pub(crate) fn written(&self) -> Option<Written> {
        let noted = std::mem::take(&mut *self.noted());
        if noted.unmergeable {
            return None;
        }
        let mut written = Written::default();
        for (tree, value) in noted.puts {
            let decoded = match tree {
                Tree::Posts => decode("post", &value).map(|p| written.posts.push(p)),
                Tree::DailyInsights => {
                    decode("daily insights", &value).map(|d| written.daily.push(d))
                }
                Tree::FollowerSnapshots => {
                    decode("follower snapshot", &value).map(|s| written.snapshots.push(s))
                }
                Tree::OnlineFollowers => {
                    decode("online followers", &value).map(|o| written.online.push(o))
                }
                Tree::Demographics => {
                    decode("demographics", &value).map(|d| written.demographics = Some(d))
                }
                Tree::Comments => decode("comment", &value).map(|c| written.comments.push(c)),
                _ => Ok(()),
            };
            decoded.ok()?;
        }
        Some(written)
    }
}

impl Store for WriteLog<'_> {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.inner.get(tree, key)
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let previous = self.inner.insert(tree, key, value)?;
        self.note(&Change::Put(tree, key.to_vec(), value.to_vec()));
        Ok(previous)
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let previous = self.inner.remove(tree, key)?;
        self.note(&Change::Remove(tree, key.to_vec()));
        Ok(previous)
    }

    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.inner.compare_and_swap(tree, key, expected, new)?;
        if answers_from(tree) {
            self.noted().unmergeable = true;
        }
        Ok(())
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        self.inner.scan_prefix(tree, prefix)
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        self.inner.apply(batch)?;
        for change in batch.changes() {
            self.note(change);
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.inner.flush()
    }

    fn len(&self, tree: Tree) -> Result<usize, StoreError> {
        self.inner.len(tree)
    }

    fn shred(&self, owner: &str) -> Result<(), StoreError> {
        self.noted().unmergeable = true;
        self.inner.shred(owner)
    }
}

/// The records a sync wrote to one account, each kind in the order written (a later write
/// of the same key replaces an earlier one).
#[derive(Debug, Default)]
pub(crate) struct Written {
    pub(crate) posts: Vec<PostRecord>,
    pub(crate) daily: Vec<DailyRecord>,
    pub(crate) snapshots: Vec<FollowerSnapshotRecord>,
    pub(crate) online: Vec<OnlineFollowersRecord>,
    pub(crate) demographics: Option<DemographicsRecord>,
    pub(crate) comments: Vec<CommentRecord>,
}
