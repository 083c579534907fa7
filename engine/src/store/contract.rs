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

/// Part of the contract (see the module): the inbox of webhook updates
/// ([`crate::inbox`]) over this store — an update recorded once (again after it was
/// handled: still once), each chat's updates in id order, one claim holder per chat until
/// the claim runs out, an update started too often given up, and old marks purged.
pub fn check_inbox(store: Arc<dyn Store>) {
    use crate::chat::{ChatId, Platform};
    use crate::inbox::{Inbox, Receipt, Start, KEEP_HANDLED, MAX_ATTEMPTS};
    use chrono::{Duration, TimeZone as _, Utc};

    let inbox = Inbox::new(store.clone());
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let ana = ChatId::new(Platform::Telegram, "1");
    let group = ChatId::new(Platform::Telegram, "-100");
    // A chat whose key begins as Ana's does: its updates are its own.
    let other = ChatId::new(Platform::Telegram, "12");
    let body = |id: i64| format!("{{\"update_id\":{id}}}");

    // Recorded once; posted out of order, handled in id order.
    for id in [30, 10, 20] {
        assert_eq!(
            inbox.receive(&ana, id, &body(id), now).unwrap(),
            Receipt::Recorded
        );
    }
    assert_eq!(
        inbox.receive(&ana, 10, &body(10), now).unwrap(),
        Receipt::Repeat
    );
    assert_eq!(
        inbox.receive(&group, 15, &body(15), now).unwrap(),
        Receipt::Recorded
    );
    assert_eq!(
        inbox.receive(&other, 5, &body(5), now).unwrap(),
        Receipt::Recorded
    );
    // In key order: "telegram:-100", "telegram:1", "telegram:12".
    assert_eq!(
        inbox.waiting_chats().unwrap(),
        vec![group.clone(), ana.clone(), other.clone()]
    );
    let mut order = Vec::new();
    while let Some(update) = inbox.next(&ana).unwrap() {
        assert_eq!(update.chat, ana);
        assert_eq!(update.payload, body(update.id));
        assert_eq!(
            inbox.start(&ana, update.id, now).unwrap(),
            Start::Run { attempt: 1 }
        );
        inbox.handled(&ana, update.id, now).unwrap();
        order.push(update.id);
    }
    assert_eq!(order, [10, 20, 30]);
    assert!(!inbox.has_waiting(&ana).unwrap());
    assert!(inbox.has_waiting(&other).unwrap());
    // Handled: a repeat is not recorded again, and a stray waiting copy is dropped.
    assert_eq!(
        inbox.receive(&ana, 20, &body(20), now).unwrap(),
        Receipt::Repeat
    );
    assert_eq!(inbox.start(&ana, 20, now).unwrap(), Start::Gone);
    assert_eq!(
        inbox.waiting_chats().unwrap(),
        vec![group.clone(), other.clone()]
    );

    // One claim holder per chat, until it gives the chat back or its claim runs out.
    let length = Duration::seconds(15);
    let at = |seconds| now + Duration::seconds(seconds);
    assert!(inbox.claim(&group, "a", at(0), length).unwrap());
    assert!(!inbox.claim(&group, "b", at(1), length).unwrap());
    assert!(
        inbox.claim(&other, "b", at(1), length).unwrap(),
        "another chat's claim"
    );
    assert!(inbox.claim(&group, "a", at(10), length).unwrap(), "renewed");
    assert!(!inbox.claim(&group, "b", at(24), length).unwrap());
    // a dies handling update 15: b takes the chat once a's claim ran out, and runs 15 again.
    assert_eq!(
        inbox.start(&group, 15, at(10)).unwrap(),
        Start::Run { attempt: 1 }
    );
    assert!(inbox.claim(&group, "b", at(25), length).unwrap());
    assert!(!inbox.release(&group, "a").unwrap());
    let again = inbox.next(&group).unwrap().expect("15 still waits");
    assert_eq!((again.id, again.attempts), (15, 1));
    assert_eq!(
        inbox.start(&group, 15, at(25)).unwrap(),
        Start::Run { attempt: 2 }
    );
    // b dies too: the update is given up, and the chat's next update runs.
    assert_eq!(MAX_ATTEMPTS, 2);
    assert_eq!(
        inbox.receive(&group, 16, &body(16), at(26)).unwrap(),
        Receipt::Recorded
    );
    assert!(inbox.claim(&group, "c", at(41), length).unwrap());
    assert_eq!(inbox.next(&group).unwrap().map(|u| u.id), Some(15));
    assert_eq!(inbox.start(&group, 15, at(41)).unwrap(), Start::GiveUp);
    assert_eq!(inbox.next(&group).unwrap().map(|u| u.id), Some(16));
    assert_eq!(
        inbox.receive(&group, 15, &body(15), at(42)).unwrap(),
        Receipt::Repeat
    );
    assert!(inbox.release(&group, "c").unwrap());
    assert!(
        inbox.claim(&group, "d", at(42), length).unwrap(),
        "given back: free at once"
    );
    assert!(inbox.release(&group, "d").unwrap());

    // Of instances receiving the same update at once, one records it.
    for id in 100..120 {
        let recorded: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    let inbox = &inbox;
                    let ana = &ana;
                    let body = body(id);
                    scope.spawn(move || {
                        inbox.receive(ana, id, &body, now).unwrap() == Receipt::Recorded
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| usize::from(h.join().unwrap()))
                .sum()
        });
        assert_eq!(recorded, 1, "update {id}");
    }

    // Marks are kept KEEP_HANDLED, then purged; waiting updates are never purged; claims
    // that ran out go (b's on the chat "12" was never given back), held ones stay.
    let later = now + KEEP_HANDLED - Duration::seconds(1);
    assert!(inbox.claim(&ana, "e", later, length).unwrap());
    assert_eq!(inbox.purge(later).unwrap(), 0);
    let claims: Vec<Vec<u8>> = store
        .scan_prefix(Tree::Leases, b"inbox:")
        .unwrap()
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    assert_eq!(claims, [b"inbox:telegram:1".to_vec()], "e's claim only");
    assert_eq!(inbox.purge(now + KEEP_HANDLED).unwrap(), 3, "10, 20 and 30");
    assert!(!inbox.claim(&ana, "f", now + KEEP_HANDLED, length).unwrap());
    assert_eq!(inbox.purge(at(41) + KEEP_HANDLED).unwrap(), 1, "15");
    assert_eq!(store.len(Tree::InboxHandled).unwrap(), 0);
    assert_eq!(store.len(Tree::Inbox).unwrap(), 22, "5, 16 and 100–119");
    for tree in [Tree::Inbox, Tree::InboxHandled, Tree::Leases] {
        for (key, _) in store.scan_prefix(tree, b"").unwrap() {
            store.remove(tree, &key).unwrap();
        }
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
    check_inbox(store.clone());
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
        // On a busy machine the writers may not have started yet: the pauses below must meet
        // writes under way.
        wait_until_changed(&store, None);
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
            std::thread::yield_now();
        }
        // Once the last pause is over, writes go on.
        let last = store.get(Tree::Chats, b"counter").unwrap();
        wait_until_changed(&store, last);
        stop.store(true, Ordering::Relaxed);
        for writer in writers {
            writer.join().unwrap();
        }
        assert_eq!(differed, 0, "reads under one pause saw writes between them");
    }

    /// Waits (up to a minute, then fails) until the counter the writers write is no longer
    /// `seen`.
    fn wait_until_changed(store: &SledStore, seen: Option<Vec<u8>>) {
        let started = std::time::Instant::now();
        while store.get(Tree::Chats, b"counter").unwrap() == seen {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "no write went through"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
}
