//! The one contract every [`Store`] passes: [`check_all`] runs against
//! [`MemoryStore`](super::MemoryStore), [`SealedStore`](super::SealedStore) and
//! [`SledStore`](super::SledStore) (in a temporary directory) here, and is public so another
//! backend's crate (PostgreSQL, in `connectors`) runs the same checks against a fresh, empty
//! store of its own. A behaviour the engine relies on is written here first. The checks
//! panic on a broken promise: they are for tests.

use std::sync::Arc;

use super::{Batch, Store, StoreError, Tree};

/// Part of the contract (see the module).
pub fn check_get_insert_remove(store: &dyn Store) {
    assert_eq!(store.get(Tree::Accounts, b"a").unwrap(), None);
    assert_eq!(store.insert(Tree::Accounts, b"a", b"1").unwrap(), None);
    assert_eq!(
        store.insert(Tree::Accounts, b"a", b"2").unwrap(),
        Some(b"1".to_vec())
    );
    assert_eq!(
        store.get(Tree::Accounts, b"a").unwrap(),
        Some(b"2".to_vec())
    );
    // Trees are separate namespaces.
    assert_eq!(store.get(Tree::Tokens, b"a").unwrap(), None);
    assert_eq!(
        store.remove(Tree::Accounts, b"a").unwrap(),
        Some(b"2".to_vec())
    );
    assert_eq!(store.remove(Tree::Accounts, b"a").unwrap(), None);
    assert_eq!(store.get(Tree::Accounts, b"a").unwrap(), None);
}

/// Part of the contract (see the module).
pub fn check_scan_prefix_is_ordered_and_exact(store: &dyn Store) {
    for key in [&b"p\0b"[..], b"p\0a", b"p\0c", b"q\0a", b"p", b"o\0z"] {
        store.insert(Tree::Posts, key, key).unwrap();
    }
    let keys: Vec<Vec<u8>> = store
        .scan_prefix(Tree::Posts, b"p\0")
        .unwrap()
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    assert_eq!(
        keys,
        vec![b"p\0a".to_vec(), b"p\0b".to_vec(), b"p\0c".to_vec()]
    );
    assert_eq!(store.scan_prefix(Tree::Posts, b"").unwrap().len(), 6);
    assert_eq!(store.len(Tree::Posts).unwrap(), 6);
    assert!(store.scan_prefix(Tree::Comments, b"p").unwrap().is_empty());
    // Byte order, not string order: 0xff sorts after every ASCII byte.
    store.insert(Tree::Posts, &[b'p', 0, 0xff], b"x").unwrap();
    let last = store
        .scan_prefix(Tree::Posts, b"p\0")
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.0, vec![b'p', 0, 0xff]);
}

/// Part of the contract (see the module): prefixes whose last bytes are 0xff, which a
/// backend scanning a range of keys must bound right (no greater prefix exists for them).
pub fn check_scan_prefix_ending_in_ff(store: &dyn Store) {
    let tree = Tree::HostedMedia;
    for key in [
        &[0xfe][..],
        &[0xff],
        &[0xff, 0x00],
        &[0xff, 0xff],
        &[0xff, 0xff, 0x01],
        &[b'a', 0xff],
        &[b'a', 0xff, 0xff],
        b"b",
    ] {
        store.insert(tree, key, b"v").unwrap();
    }
    let keys = |prefix: &[u8]| -> Vec<Vec<u8>> {
        store
            .scan_prefix(tree, prefix)
            .unwrap()
            .into_iter()
            .map(|(key, _)| key)
            .collect()
    };
    assert_eq!(
        keys(&[0xff]),
        vec![
            vec![0xff],
            vec![0xff, 0x00],
            vec![0xff, 0xff],
            vec![0xff, 0xff, 0x01]
        ]
    );
    assert_eq!(
        keys(&[0xff, 0xff]),
        vec![vec![0xff, 0xff], vec![0xff, 0xff, 0x01]]
    );
    assert_eq!(
        keys(&[b'a', 0xff]),
        vec![vec![b'a', 0xff], vec![b'a', 0xff, 0xff]]
    );
    assert_eq!(keys(b"").len(), 8);
    for (key, _) in store.scan_prefix(tree, b"").unwrap() {
        store.remove(tree, &key).unwrap();
    }
}

/// Part of the contract (see the module).
pub fn check_compare_and_swap(store: &dyn Store) {
    let tree = Tree::LinkTokens;
    store
        .compare_and_swap(tree, b"k", None, Some(b"v1"))
        .unwrap();
    assert!(matches!(
        store.compare_and_swap(tree, b"k", None, Some(b"again")),
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        store.compare_and_swap(tree, b"k", Some(b"wrong"), Some(b"v2")),
        Err(StoreError::Conflict)
    ));
    store
        .compare_and_swap(tree, b"k", Some(b"v1"), Some(b"v2"))
        .unwrap();
    assert_eq!(store.get(tree, b"k").unwrap(), Some(b"v2".to_vec()));
    store
        .compare_and_swap(tree, b"k", Some(b"v2"), None)
        .unwrap();
    assert_eq!(store.get(tree, b"k").unwrap(), None);
}

/// Part of the contract (see the module).
pub fn check_batch_spans_trees(store: &dyn Store) {
    store.insert(Tree::Chats, b"old", b"x").unwrap();
    let mut batch = Batch::new();
    batch.put(Tree::Accounts, b"acc".to_vec(), b"A".to_vec());
    batch.put(Tree::Tokens, b"acc".to_vec(), b"T".to_vec());
    batch.remove(Tree::Chats, b"old".to_vec());
    batch.remove(Tree::Chats, b"never-there".to_vec());
    batch.put(Tree::Accounts, b"acc".to_vec(), b"A2".to_vec());
    assert_eq!(batch.len(), 5);
    store.apply(&batch).unwrap();
    assert_eq!(
        store.get(Tree::Accounts, b"acc").unwrap(),
        Some(b"A2".to_vec())
    );
    assert_eq!(
        store.get(Tree::Tokens, b"acc").unwrap(),
        Some(b"T".to_vec())
    );
    assert_eq!(store.get(Tree::Chats, b"old").unwrap(), None);
    store.apply(&Batch::new()).unwrap();
}

/// Part of the contract (see the module).
pub fn check_single_winner_on_concurrent_removal(store: Arc<dyn Store>) {
    for round in 0..50u8 {
        let key = [b'r', round];
        store.insert(Tree::LinkTokens, &key, b"token").unwrap();
        let winners: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    let store = &store;
                    scope.spawn(move || store.remove(Tree::LinkTokens, &key).unwrap().is_some())
                })
                .collect();
            handles
                .into_iter()
                .map(|h| usize::from(h.join().unwrap()))
                .sum()
        });
        assert_eq!(winners, 1, "round {round}");
    }
}

/// Every check of the contract, on a fresh, empty store.
pub fn check_all(store: Arc<dyn Store>) {
    check_get_insert_remove(store.as_ref());
    check_scan_prefix_is_ordered_and_exact(store.as_ref());
    check_scan_prefix_ending_in_ff(store.as_ref());
    check_compare_and_swap(store.as_ref());
    check_batch_spans_trees(store.as_ref());
    check_single_winner_on_concurrent_removal(store.clone());
    store.flush().unwrap();
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    use super::check_all;
    use crate::store::{Batch, MemoryStore, SledStore, Store, Tree};

    #[test]
    fn memory_store_passes_the_contract() {
        check_all(Arc::new(MemoryStore::new()));
    }

    #[test]
    fn sealed_store_passes_the_contract() {
        let keys = crate::data_keys::DataKeys::open(
            crate::vault::Vault::new(crate::vault::MasterKey::generate(), Vec::new()),
            Arc::new(crate::data_keys::MemoryKeyring::new()),
        )
        .unwrap();
        check_all(Arc::new(crate::store::SealedStore::new(
            Arc::new(MemoryStore::new()),
            Arc::new(keys),
        )));
    }

    #[test]
    fn sled_store_passes_the_contract() {
        let directory = tempfile::tempdir().unwrap();
        check_all(Arc::new(
            SledStore::open(directory.path(), 8 << 20).unwrap(),
        ));
    }

    #[test]
    fn sled_store_keeps_flushed_writes_across_reopen() {
        let directory = tempfile::tempdir().unwrap();
        {
            let store = SledStore::open(directory.path(), 8 << 20).unwrap();
            let mut batch = Batch::new();
            batch.put(Tree::Accounts, b"a".to_vec(), b"1".to_vec());
            batch.put(Tree::Tokens, b"a".to_vec(), b"2".to_vec());
            store.apply(&batch).unwrap();
            store.flush().unwrap();
            drop(store);
        }
        let store = SledStore::open(directory.path(), 8 << 20).unwrap();
        assert_eq!(
            store.get(Tree::Accounts, b"a").unwrap(),
            Some(b"1".to_vec())
        );
        assert_eq!(store.get(Tree::Tokens, b"a").unwrap(), Some(b"2".to_vec()));
    }

    /// Not part of the contract: [`SledStore::pause_writes`], which backups rely on.
    #[test]
    fn sled_store_reads_while_writes_are_paused_see_one_moment_across_trees() {
        let directory = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(directory.path(), 1 << 20).unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        // Each batch writes the same counter into two trees, and a single insert into a
        // third right after it.
        let writers: Vec<_> = (0..2)
            .map(|_| {
                let (store, stop) = (store.clone(), stop.clone());
                std::thread::spawn(move || {
                    let mut n = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let mut batch = Batch::new();
                        batch.put(Tree::Chats, b"counter".to_vec(), n.to_be_bytes().to_vec());
                        batch.put(Tree::Digests, b"counter".to_vec(), n.to_be_bytes().to_vec());
                        store.apply(&batch).unwrap();
                        store
                            .insert(Tree::Deletions, b"counter", &n.to_be_bytes())
                            .unwrap();
                    }
                })
            })
            .collect();
        let mut differed = 0;
        for _ in 0..300 {
            let paused = store.pause_writes();
            let first = store.get(Tree::Chats, b"counter").unwrap();
            let third = store.get(Tree::Deletions, b"counter").unwrap();
            std::thread::yield_now();
            let again = store.get(Tree::Chats, b"counter").unwrap();
            let second = store.get(Tree::Digests, b"counter").unwrap();
            let third_again = store.get(Tree::Deletions, b"counter").unwrap();
            drop(paused);
            if first != again || first != second || third != third_again {
                differed += 1;
            }
        }
        stop.store(true, Ordering::Relaxed);
        for writer in writers {
            writer.join().unwrap();
        }
        assert_eq!(differed, 0, "reads under one pause saw writes between them");
        assert!(store.get(Tree::Chats, b"counter").unwrap().is_some());
    }
}
