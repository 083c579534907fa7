//! [`CountedStore`]: the store Pulse is given, counting the operations that fail.

use std::sync::Arc;

use engine::store::{Batch, Entry, Store, StoreError, Tree};

use super::Metrics;

/// The `kind` label of store errors.
pub(super) const KINDS: [&str; 2] = ["database", "corrupt"];

/// Passes every call to the store it wraps, and counts the failures
/// (`pulse_store_errors_total`): the database failing (`database`) and a stored value that
/// cannot be read (`corrupt`). A compare-and-swap that finds another value is no failure.
pub struct CountedStore<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S> CountedStore<S> {
    /// `inner`, counted in `metrics`.
    pub fn new(inner: S, metrics: Arc<Metrics>) -> Self {
        Self { inner, metrics }
    }

    fn counted<T>(&self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        match &result {
            Err(StoreError::Database(_)) => self.metrics.store_error(KINDS[0]),
            Err(StoreError::Corrupt { .. }) => self.metrics.store_error(KINDS[1]),
            Ok(_) | Err(StoreError::Conflict) => {}
        }
        result
    }
}

impl<S: Store> Store for CountedStore<S> {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.counted(self.inner.get(tree, key))
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.counted(self.inner.insert(tree, key, value))
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.counted(self.inner.remove(tree, key))
    }

    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.counted(self.inner.compare_and_swap(tree, key, expected, new))
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        self.counted(self.inner.scan_prefix(tree, prefix))
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        self.counted(self.inner.apply(batch))
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.counted(self.inner.flush())
    }

    fn len(&self, tree: Tree) -> Result<usize, StoreError> {
        self.counted(self.inner.len(tree))
    }

    fn shred(&self, owner: &str) -> Result<(), StoreError> {
        self.counted(self.inner.shred(owner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::store::MemoryStore;

    #[test]
    fn failures_are_counted_and_conflicts_are_not() {
        let metrics = Arc::new(Metrics::new().unwrap());
        let store = CountedStore::new(MemoryStore::new(), metrics.clone());
        store.insert(Tree::Accounts, b"a", b"1").unwrap();
        assert!(matches!(
            store.compare_and_swap(Tree::Accounts, b"a", Some(b"2"), None),
            Err(StoreError::Conflict)
        ));
        assert!(matches!(
            store.counted::<()>(Err(StoreError::Database("disk full".into()))),
            Err(StoreError::Database(_))
        ));
        let text = metrics.render();
        assert!(
            text.contains("pulse_store_errors_total{kind=\"database\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("pulse_store_errors_total{kind=\"corrupt\"} 0\n"),
            "{text}"
        );
    }
}
