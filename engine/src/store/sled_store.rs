//! `SledStore`: the on-disk [`Store`], sled 0.34.7 with one sled tree per [`Tree`].
//!
//! Batches run as one sled transaction over the trees they touch. The page cache is capped
//! (sled's default is 1 GiB) and `flush` is called by the engine after every write a user is
//! told about (a link, a disconnect, a forget).
//!
//! [`SledStore::pause_writes`] holds every write back while a backup reads the trees, so the
//! backup is the database at one moment (sled itself has no snapshot across trees).

use std::path::Path;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use super::{Batch, Change, Entry, Store, StoreError, Tree};

/// A [`Store`] in a sled database directory.
#[derive(Debug)]
pub struct SledStore {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    /// Every write holds it shared; [`SledStore::pause_writes`] holds it exclusively.
    writes: RwLock<()>,
}

/// Writes wait while this lives ([`SledStore::pause_writes`]); reads go on.
#[must_use = "writes resume when it is dropped"]
pub struct WritesPaused<'store> {
    _held: RwLockWriteGuard<'store, ()>,
}

fn database_error(error: sled::Error) -> StoreError {
    StoreError::Database(error.to_string())
}

impl SledStore {
    /// Opens (or creates) the database in `directory`, with a page cache of `cache_bytes`.
    ///
    /// A previous handle of the same process may hold the directory's lock for a moment after
    /// it was dropped (sled's flusher winds down in the background), so a lock conflict is
    /// retried for up to five seconds before it is reported (a busy machine needs that long).
    pub fn open(directory: &Path, cache_bytes: u64) -> Result<Self, StoreError> {
        let config = sled::Config::new()
            .path(directory)
            .cache_capacity(cache_bytes)
            .mode(sled::Mode::LowSpace);
        let mut attempts = 0;
        let db = loop {
            match config.open() {
                Ok(db) => break db,
                // sled reports the conflict as `Other` with this text around the OS error.
                Err(sled::Error::Io(error))
                    if (error.kind() == std::io::ErrorKind::WouldBlock
                        || error.to_string().contains("could not acquire lock"))
                        && attempts < 100 =>
                {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(error) => return Err(database_error(error)),
            }
        };
        let trees = Tree::ALL
            .iter()
            .map(|tree| db.open_tree(tree.name()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(database_error)?;
        Ok(Self {
            db,
            trees,
            writes: RwLock::new(()),
        })
    }

    /// Holds back every write (they wait, then run) until the guard is dropped, once writes
    /// under way have finished; reads go on. What is read meanwhile, across all trees, is the
    /// database at one moment. A thread holding the guard must not write.
    pub fn pause_writes(&self) -> WritesPaused<'_> {
        WritesPaused {
            _held: self
                .writes
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        }
    }

    fn writing(&self) -> RwLockReadGuard<'_, ()> {
        self.writes
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn tree(&self, tree: Tree) -> &sled::Tree {
        // `Tree::ALL` and `self.trees` have the same order by construction.
        let index = Tree::ALL.iter().position(|t| *t == tree).unwrap_or(0);
        &self.trees[index]
    }

    /// The size of the database on disk, in bytes.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.db.size_on_disk().map_err(database_error)
    }
}

impl Store for SledStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .tree(tree)
            .get(key)
            .map_err(database_error)?
            .map(|value| value.to_vec()))
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let _writing = self.writing();
        Ok(self
            .tree(tree)
            .insert(key, value)
            .map_err(database_error)?
            .map(|value| value.to_vec()))
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let _writing = self.writing();
        Ok(self
            .tree(tree)
            .remove(key)
            .map_err(database_error)?
            .map(|value| value.to_vec()))
    }

    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let _writing = self.writing();
        self.tree(tree)
            .compare_and_swap(key, expected, new)
            .map_err(database_error)?
            .map_err(|_| StoreError::Conflict)
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        self.tree(tree)
            .scan_prefix(prefix)
            .map(|item| {
                item.map(|(key, value)| (key.to_vec(), value.to_vec()))
                    .map_err(database_error)
            })
            .collect()
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut involved: Vec<Tree> = batch
            .changes()
            .iter()
            .map(|change| match change {
                Change::Put(tree, ..) | Change::Remove(tree, _) => *tree,
            })
            .collect();
        involved.sort();
        involved.dedup();
        let trees: Vec<sled::Tree> = involved.iter().map(|t| self.tree(*t).clone()).collect();
        let _writing = self.writing();
        let result: Result<(), TransactionError<()>> = trees[..].transaction(|views| {
            for change in batch.changes() {
                let (tree, key) = match change {
                    Change::Put(tree, key, _) | Change::Remove(tree, key) => (tree, key),
                };
                let index = involved.iter().position(|t| t == tree).unwrap_or(0);
                let view = &views[index];
                match change {
                    Change::Put(_, _, value) => {
                        view.insert(key.as_slice(), value.as_slice())?;
                    }
                    Change::Remove(..) => {
                        view.remove(key.as_slice())?;
                    }
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        result.map_err(|error| match error {
            TransactionError::Abort(()) => StoreError::Conflict,
            TransactionError::Storage(error) => database_error(error),
        })
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(database_error)
    }
}
