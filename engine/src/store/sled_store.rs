//! `SledStore`: the on-disk [`Store`], sled 0.34.7 with one sled tree per [`Tree`].
//!
//! Batches run as one sled transaction over the trees they touch. The page cache is capped
//! (sled's default is 1 GiB) and `flush` is called by the engine after every write a user is
//! told about (a link, a disconnect, a forget).
//!
//! [`SledStore::pause_writes`] holds every write back while a backup reads the trees, so the
//! backup is the database at one moment (sled itself has no snapshot across trees).
//!
//! **A full disk.** Once a write fails with an I/O error (no space left, a file too large),
//! sled keeps that error and fails every later call until the database is opened again. So
//! the store marks itself broken, and the next call (at most one attempt a second) closes
//! the database and opens it again from what is on disk: once there is room, Pulse writes
//! again without a restart. Until then every call fails with the error, and
//! [`SledStore::is_broken`] says so (for `/healthz`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use super::{Batch, Change, Entry, Store, StoreError, Tree};

/// The least time between two attempts to open a broken database again.
const REOPEN_INTERVAL: Duration = Duration::from_secs(1);

/// A [`Store`] in a sled database directory.
#[derive(Debug)]
pub struct SledStore {
    directory: PathBuf,
    cache_bytes: u64,
    /// The open database; `None` while an attempt to open it again has failed.
    opened: RwLock<Option<Opened>>,
    /// Every write holds it shared; [`SledStore::pause_writes`] holds it exclusively.
    writes: RwLock<()>,
    /// Set when sled reported an I/O error: the database must be opened again.
    broken: AtomicBool,
    /// When the database was last opened again (or tried).
    last_reopen: Mutex<Option<Instant>>,
}

/// An open sled database and its trees, in [`Tree::ALL`]'s order.
#[derive(Debug)]
struct Opened {
    db: sled::Db,
    trees: Vec<sled::Tree>,
}

impl Opened {
    fn tree(&self, tree: Tree) -> &sled::Tree {
        // `Tree::ALL` and `self.trees` have the same order by construction.
        let index = Tree::ALL.iter().position(|t| *t == tree).unwrap_or(0);
        &self.trees[index]
    }
}

/// Writes wait while this lives ([`SledStore::pause_writes`]); reads go on.
#[must_use = "writes resume when it is dropped"]
pub struct WritesPaused<'store> {
    _held: RwLockWriteGuard<'store, ()>,
}

fn database_error(error: sled::Error) -> StoreError {
    StoreError::Database(error.to_string())
}

/// Opens (or creates) the database in `directory`. A fresh `sled::Config` each time: sled
/// keeps an I/O error in its config, so a reopen with the old one would fail again.
///
/// A previous handle of the same process may hold the directory's lock for a moment after it
/// was dropped (sled's flusher winds down in the background), so a lock conflict is retried
/// for up to five seconds before it is reported (a busy machine needs that long).
fn open_database(directory: &Path, cache_bytes: u64) -> Result<Opened, StoreError> {
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
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(error) => return Err(database_error(error)),
        }
    };
    let trees = Tree::ALL
        .iter()
        .map(|tree| db.open_tree(tree.name()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(database_error)?;
    Ok(Opened { db, trees })
}

impl SledStore {
    /// Opens (or creates) the database in `directory`, with a page cache of `cache_bytes`.
    pub fn open(directory: &Path, cache_bytes: u64) -> Result<Self, StoreError> {
        let opened = open_database(directory, cache_bytes)?;
        Ok(Self {
            directory: directory.to_owned(),
            cache_bytes,
            opened: RwLock::new(Some(opened)),
            writes: RwLock::new(()),
            broken: AtomicBool::new(false),
            last_reopen: Mutex::new(None),
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

    /// Whether the last call met an I/O error that the database has not recovered from yet.
    pub fn is_broken(&self) -> bool {
        self.broken.load(Ordering::Acquire)
    }

    /// When broken and the last attempt is a second old, closes the database and opens it
    /// again from disk.
    fn recover_if_broken(&self) {
        if !self.is_broken() {
            return;
        }
        {
            let mut last = self
                .last_reopen
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if last.is_some_and(|at| at.elapsed() < REOPEN_INTERVAL) {
                return;
            }
            *last = Some(Instant::now());
        }
        // Never wait here: a caller may hold a pause, or a call under way the pause. Another
        // call tries again.
        let Ok(mut opened) = self.opened.try_write() else {
            return;
        };
        // The old handle must be gone (its lock released) before the directory opens again.
        drop(opened.take());
        match open_database(&self.directory, self.cache_bytes) {
            Ok(fresh) => {
                *opened = Some(fresh);
                self.broken.store(false, Ordering::Release);
                tracing::info!("the database was opened again after an I/O error");
            }
            Err(error) => {
                tracing::warn!(error = %error, "the database could not be opened again yet");
            }
        }
    }

    /// Runs `call` on the open database (its errors go through [`SledStore::failed`]).
    fn with<T>(
        &self,
        call: impl FnOnce(&Opened) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.recover_if_broken();
        let opened = self
            .opened
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(opened) = opened.as_ref() else {
            return Err(StoreError::Database(
                "the database is closed after an I/O error and could not be opened again yet"
                    .to_owned(),
            ));
        };
        call(opened)
    }

    /// A sled error as a [`StoreError`]; an I/O error marks the store broken, to be opened
    /// again.
    fn failed(&self, error: sled::Error) -> StoreError {
        if matches!(error, sled::Error::Io(_)) {
            self.broken.store(true, Ordering::Release);
        }
        database_error(error)
    }

    /// Writes a small record of its own and flushes it to disk: whether the store can write
    /// now (for `/healthz`). While the store is broken, this is also what opens it again
    /// once there is room, when nothing else writes.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        self.with(|opened| {
            let _writing = self.writing();
            let count = opened
                .db
                .update_and_fetch(b"pulse.health", |old| {
                    let last = old
                        .and_then(|bytes| <[u8; 8]>::try_from(bytes).ok())
                        .map_or(0, u64::from_be_bytes);
                    Some(last.wrapping_add(1).to_be_bytes().to_vec())
                })
                .map_err(|error| self.failed(error))?;
            drop(count);
            opened
                .db
                .flush()
                .map(|_| ())
                .map_err(|error| self.failed(error))
        })
    }

    /// The size of the database on disk, in bytes.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.with(|opened| opened.db.size_on_disk().map_err(|error| self.failed(error)))
    }
}

impl Store for SledStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|opened| {
            Ok(opened
                .tree(tree)
                .get(key)
                .map_err(|error| self.failed(error))?
                .map(|value| value.to_vec()))
        })
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|opened| {
            let _writing = self.writing();
            Ok(opened
                .tree(tree)
                .insert(key, value)
                .map_err(|error| self.failed(error))?
                .map(|value| value.to_vec()))
        })
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|opened| {
            let _writing = self.writing();
            Ok(opened
                .tree(tree)
                .remove(key)
                .map_err(|error| self.failed(error))?
                .map(|value| value.to_vec()))
        })
    }

    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.with(|opened| {
            let _writing = self.writing();
            opened
                .tree(tree)
                .compare_and_swap(key, expected, new)
                .map_err(|error| self.failed(error))?
                .map_err(|_| StoreError::Conflict)
        })
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        self.with(|opened| {
            opened
                .tree(tree)
                .scan_prefix(prefix)
                .map(|item| {
                    item.map(|(key, value)| (key.to_vec(), value.to_vec()))
                        .map_err(|error| self.failed(error))
                })
                .collect()
        })
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
        self.with(|opened| {
            let trees: Vec<sled::Tree> = involved.iter().map(|t| opened.tree(*t).clone()).collect();
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
                TransactionError::Storage(error) => self.failed(error),
            })
        })
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.with(|opened| {
            opened
                .db
                .flush()
                .map(|_| ())
                .map_err(|error| self.failed(error))
        })
    }
}
