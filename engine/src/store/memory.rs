//! `MemoryStore`: the in-memory twin of `SledStore`, for tests and for reasoning about the
//! contract. One `BTreeMap` per tree behind one mutex, so batches are trivially atomic.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use super::{Batch, Change, Entry, Store, StoreError, Tree};

type Trees = HashMap<Tree, BTreeMap<Vec<u8>, Vec<u8>>>;

/// A [`Store`] that keeps everything in memory and forgets it on drop.
#[derive(Debug, Default)]
pub struct MemoryStore {
    trees: Mutex<Trees>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Trees> {
        // Nothing under this lock can panic between two changes of a batch, so a poisoned
        // lock still guards consistent data.
        self.trees
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn apply_change(trees: &mut Trees, change: &Change) {
    match change {
        Change::Put(tree, key, value) => {
            trees
                .entry(*tree)
                .or_default()
                .insert(key.clone(), value.clone());
        }
        Change::Remove(tree, key) => {
            if let Some(map) = trees.get_mut(tree) {
                map.remove(key);
            }
        }
    }
}

impl Store for MemoryStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.lock().get(&tree).and_then(|map| map.get(key).cloned()))
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .lock()
            .entry(tree)
            .or_default()
            .insert(key.to_vec(), value.to_vec()))
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.lock().get_mut(&tree).and_then(|map| map.remove(key)))
    }

    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let mut trees = self.lock();
        let map = trees.entry(tree).or_default();
        if map.get(key).map(Vec::as_slice) != expected {
            return Err(StoreError::Conflict);
        }
        match new {
            Some(value) => map.insert(key.to_vec(), value.to_vec()),
            None => map.remove(key),
        };
        Ok(())
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        let trees = self.lock();
        let Some(map) = trees.get(&tree) else {
            return Ok(Vec::new());
        };
        Ok(map
            .range(prefix.to_vec()..)
            .take_while(|(key, _)| key.starts_with(prefix))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect())
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut trees = self.lock();
        for change in batch.changes() {
            apply_change(&mut trees, change);
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
