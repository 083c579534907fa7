//! The one rule for the store on async threads: every store operation may wait — on the
//! disk (a read past sled's cache, an fsync), or on a backup that holds writes back
//! (`SledStore::pause_writes`) — so none runs where waiting holds other tasks up.
//!
//! The engine's store is handed in wrapped in [`BlockingStore`] ([`engine_store`], the only
//! way `App::build` makes it), which runs each operation through [`wait_for`]: on a worker
//! thread of the multi-threaded runtime (what `pulse run` uses), inside
//! [`tokio::task::block_in_place`], so the worker's other tasks move to another thread while
//! this one waits; anywhere else (a blocking-pool thread, a plain thread, a current-thread
//! runtime, which has no other worker to hand its tasks to) it is called as it is. So the
//! engine's async methods (`Pulse::handle`, syncs, `complete_link`) and its synchronous ones
//! alike may be called from async code. Work that is long by its size rather than by its
//! waits — a digest round's claims over every chat, building digests, the retention purge,
//! a Meta deletion, a backup — is moreover run whole on the blocking pool
//! (`spawn_blocking`).

use std::sync::Arc;

use engine::store::{Batch, Entry, Store, StoreError, Tree};
use tokio::runtime::{Handle, RuntimeFlavor};

use crate::metrics::{CountedStore, Metrics};

/// Runs `work`, which may wait, where waiting holds up no other task: inside
/// `block_in_place` on a worker of the multi-threaded runtime, as it is anywhere else.
pub fn wait_for<T>(work: impl FnOnce() -> T) -> T {
    match Handle::try_current() {
        Ok(runtime) if runtime.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// A store whose every operation runs through [`wait_for`].
pub struct BlockingStore<S> {
    inner: S,
}

impl<S> BlockingStore<S> {
    /// `inner`, each operation run through [`wait_for`].
    pub fn new(inner: S) -> Self {
        Self { inner }
    }
}

/// The store the engine is given: `store`, its failures counted in `metrics`
/// ([`CountedStore`]), every operation run through [`wait_for`].
pub fn engine_store<S: Store + 'static>(store: S, metrics: Arc<Metrics>) -> Arc<dyn Store> {
    Arc::new(BlockingStore::new(CountedStore::new(store, metrics)))
}

impl<S: Store> Store for BlockingStore<S> {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        wait_for(|| self.inner.get(tree, key))
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        wait_for(|| self.inner.insert(tree, key, value))
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        wait_for(|| self.inner.remove(tree, key))
    }

    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        wait_for(|| self.inner.compare_and_swap(tree, key, expected, new))
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        wait_for(|| self.inner.scan_prefix(tree, prefix))
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        wait_for(|| self.inner.apply(batch))
    }

    fn flush(&self) -> Result<(), StoreError> {
        wait_for(|| self.inner.flush())
    }

    fn len(&self, tree: Tree) -> Result<usize, StoreError> {
        wait_for(|| self.inner.len(tree))
    }

    fn shred(&self, owner: &str) -> Result<(), StoreError> {
        wait_for(|| self.inner.shred(owner))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::sync::Mutex;
    use std::time::Duration;

    use engine::store::MemoryStore;

    use super::*;

    /// A store on a slow disk: its flush waits until someone else has run meanwhile (or a
    /// few seconds pass), and says which it was.
    struct SlowDisk {
        inner: MemoryStore,
        others_ran: Mutex<mpsc::Receiver<()>>,
        waited_for_others: Arc<Mutex<Option<bool>>>,
    }

    impl Store for SlowDisk {
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
            self.inner.scan_prefix(tree, prefix)
        }
        fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
            self.inner.apply(batch)
        }
        fn flush(&self) -> Result<(), StoreError> {
            let others_ran = self
                .others_ran
                .lock()
                .unwrap()
                .recv_timeout(Duration::from_secs(5))
                .is_ok();
            *self.waited_for_others.lock().unwrap() = Some(others_ran);
            self.inner.flush()
        }
    }

    #[test]
    fn while_the_engines_store_waits_on_the_disk_the_runtimes_other_tasks_run() {
        // One worker: a store call that held it would hold every other task.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let (tell, others_ran) = mpsc::channel();
        let waited_for_others = Arc::new(Mutex::new(None));
        let disk = SlowDisk {
            inner: MemoryStore::new(),
            others_ran: Mutex::new(others_ran),
            waited_for_others: waited_for_others.clone(),
        };
        let store = engine_store(disk, Arc::new(Metrics::new().unwrap()));
        runtime.block_on(async move {
            let flushing = tokio::spawn(async move { store.flush() });
            // Give the flush the worker first.
            tokio::time::sleep(Duration::from_millis(50)).await;
            // Sent too late when the flush gave up waiting: then no one hears it.
            let other = tokio::spawn(async move { tell.send(()).is_ok() });
            other.await.unwrap();
            flushing.await.unwrap().unwrap();
        });
        assert_eq!(
            *waited_for_others.lock().unwrap(),
            Some(true),
            "another task ran while the store waited"
        );
    }
}
