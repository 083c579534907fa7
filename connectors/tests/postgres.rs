//! The PostgreSQL store against a real PostgreSQL: a private cluster for this test binary
//! (`connectors::postgres::cluster`), a database of its own for each test. Without
//! PostgreSQL installed these tests fail, saying what to install.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Instant;

use connectors::postgres::cluster::Cluster;
use connectors::postgres::{PgSettings, PgStore, SCHEMA_VERSION};
use engine::data_keys::{DataKeys, KeyringStore as _};
use engine::store::{contract, SealedStore, Store, StoreError, Tree};
use engine::vault::{MasterKey, Vault};

/// A fresh, empty database on the shared cluster.
fn database() -> PgSettings {
    static MADE: AtomicUsize = AtomicUsize::new(0);
    let name = format!("pulse_test_{}", MADE.fetch_add(1, Ordering::Relaxed));
    Cluster::shared()
        .database(&name)
        .unwrap_or_else(|error| panic!("{error}"))
}

fn open(settings: &PgSettings) -> PgStore {
    PgStore::open(settings).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn postgres_store_passes_the_contract() {
    let store = open(&database());
    let started = Instant::now();
    contract::check_all(Arc::new(store));
    eprintln!(
        "the contract suite on PostgreSQL took {} ms",
        started.elapsed().as_millis()
    );
}

#[test]
fn sealed_store_over_postgres_passes_the_contract() {
    let store = open(&database());
    let keys = DataKeys::open(
        Vault::new(MasterKey::generate(), Vec::new()),
        Arc::new(store.keyring()),
    )
    .unwrap();
    contract::check_all(Arc::new(SealedStore::new(Arc::new(store), Arc::new(keys))));
}

#[test]
fn a_shredded_account_stays_unreadable_with_the_keyring_in_the_database() {
    let settings = database();
    let master = MasterKey::generate();
    let vault = || Vault::new(master.clone(), Vec::new());
    let store = Arc::new(open(&settings));
    let keys = Arc::new(DataKeys::open(vault(), Arc::new(store.keyring())).unwrap());
    let sealed = SealedStore::new(store.clone(), keys);
    let kept = b"canary: what the account told no one";
    sealed
        .insert(Tree::OnlineFollowers, b"acct1\x002026-11-01", kept)
        .unwrap();
    sealed
        .insert(Tree::OnlineFollowers, b"acct2\x002026-11-01", b"love it")
        .unwrap();
    let raw = store
        .get(Tree::OnlineFollowers, b"acct1\x002026-11-01")
        .unwrap()
        .unwrap();
    assert!(
        !raw.windows(kept.len()).any(|w| w == kept),
        "stored in the clear"
    );
    // The keyring is in the database, each key wrapped: no file anywhere.
    let keyring = store.keyring().load().unwrap().expect("a keyring row");
    assert!(String::from_utf8_lossy(&keyring).contains("acct1"));

    sealed.shred("acct1").unwrap();
    drop(sealed);

    // Another instance (or a restart) reads the keyring from the database.
    let again = Arc::new(open(&settings));
    let keys = Arc::new(DataKeys::open(vault(), Arc::new(again.keyring())).unwrap());
    assert!(!keys.accounts().contains(&"acct1".to_owned()));
    let sealed = SealedStore::new(again.clone(), keys);
    // As if the database still held the bytes somewhere: unreadable now.
    again
        .insert(Tree::OnlineFollowers, b"acct1\x002026-11-01", &raw)
        .unwrap();
    assert!(sealed
        .get(Tree::OnlineFollowers, b"acct1\x002026-11-01")
        .is_err());
    assert_eq!(
        sealed
            .get(Tree::OnlineFollowers, b"acct2\x002026-11-01")
            .unwrap()
            .unwrap(),
        b"love it"
    );
    // And another master key opens nothing.
    assert!(DataKeys::open(
        Vault::new(MasterKey::generate(), Vec::new()),
        Arc::new(again.keyring())
    )
    .is_err());
}

#[test]
fn two_instances_racing_compare_and_swap_get_exactly_one_winner() {
    let settings = database();
    let stores = [open(&settings), open(&settings)];
    for round in 0..40u8 {
        let key = [b'c', round];
        let barrier = Barrier::new(4);
        let winners: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|n| {
                    let (store, barrier) = (&stores[n % 2], &barrier);
                    scope.spawn(move || {
                        barrier.wait();
                        let value = [n as u8];
                        match store.compare_and_swap(Tree::Drafts, &key, None, Some(&value)) {
                            Ok(()) => 1,
                            Err(StoreError::Conflict) => 0,
                            Err(error) => panic!("{error}"),
                        }
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(winners, 1, "round {round}: taking a fresh key");
        // Then a swap from the value both instances read: one wins again.
        let seen = stores[0].get(Tree::Drafts, &key).unwrap().unwrap();
        let barrier = Barrier::new(4);
        let winners: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|n| {
                    let (store, barrier, seen) = (&stores[n % 2], &barrier, &seen);
                    scope.spawn(move || {
                        barrier.wait();
                        let value = [b's', n as u8];
                        match store.compare_and_swap(Tree::Drafts, &key, Some(seen), Some(&value)) {
                            Ok(()) => 1,
                            Err(StoreError::Conflict) => 0,
                            Err(error) => panic!("{error}"),
                        }
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(winners, 1, "round {round}: swapping a value");
    }
}

#[test]
fn racing_inserts_each_return_the_value_they_replaced() {
    let settings = database();
    let stores = [open(&settings), open(&settings)];
    for round in 0..20u8 {
        let key = [b'i', round];
        let barrier = Barrier::new(6);
        let previous: Vec<Option<Vec<u8>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..6u8)
                .map(|n| {
                    let (store, barrier) = (&stores[usize::from(n) % 2], &barrier);
                    scope.spawn(move || {
                        barrier.wait();
                        store.insert(Tree::Chats, &key, &[n]).unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        // The writes form one chain: one found nothing, every other value was replaced
        // exactly once, by a later write, except the last one, which stays.
        assert_eq!(previous.iter().filter(|p| p.is_none()).count(), 1);
        let last = stores[0].get(Tree::Chats, &key).unwrap().unwrap();
        let mut seen: Vec<u8> = previous.into_iter().flatten().map(|v| v[0]).collect();
        seen.push(last[0]);
        seen.sort_unstable();
        assert_eq!(seen, (0..6).collect::<Vec<u8>>(), "round {round}");
    }
}

#[test]
fn instances_starting_at_once_migrate_the_schema_once() {
    let settings = database();
    let barrier = Barrier::new(4);
    let versions: Vec<i32> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (settings, barrier) = (&settings, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    open(settings).schema_version().unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(versions, vec![SCHEMA_VERSION; 4]);
    // Opening again changes nothing and keeps the data.
    let store = open(&settings);
    store.insert(Tree::Chats, b"k", b"v").unwrap();
    let store = open(&settings);
    assert_eq!(store.get(Tree::Chats, b"k").unwrap(), Some(b"v".to_vec()));
}

#[test]
fn a_database_from_a_newer_pulse_is_refused() {
    let settings = database();
    let store = open(&settings);
    // Only through the store's own door: a row saying a later version ran.
    store.insert(Tree::Chats, b"k", b"v").unwrap();
    drop(store);
    let cluster = Cluster::shared();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "PGPASSWORD='{}' /usr/lib/postgresql/15/bin/psql -q -h 127.0.0.1 -p {} -U postgres -d {} -c 'INSERT INTO pulse_schema_version (version) VALUES ({})'",
            cluster.password(),
            cluster.port(),
            settings_database(&settings),
            SCHEMA_VERSION + 1
        ))
        .status()
        .unwrap();
    assert!(status.success());
    let refused = PgStore::open(&settings).unwrap_err().to_string();
    assert!(refused.contains("newer Pulse"), "{refused}");
}

fn settings_database(settings: &PgSettings) -> String {
    use secrecy::ExposeSecret as _;
    let url = settings.url.expose_secret();
    url.rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn a_wrong_password_is_refused_without_being_shown() {
    let mut settings = database();
    settings.password = Some("not-the-password-4711".to_owned().into());
    let refused = PgStore::open(&settings).unwrap_err().to_string();
    assert!(
        refused.contains("password authentication failed"),
        "{refused}"
    );
    assert!(!refused.contains("4711"), "{refused}");
    assert!(!refused.contains(Cluster::shared().password()), "{refused}");
}

#[tokio::test(flavor = "current_thread")]
async fn the_store_answers_inside_a_current_thread_runtime() {
    let store = open(&database());
    store.insert(Tree::Chats, b"k", b"v").unwrap();
    assert_eq!(store.get(Tree::Chats, b"k").unwrap(), Some(b"v".to_vec()));
    let shared: Arc<dyn Store> = Arc::new(store);
    let scanned = tokio::task::spawn_blocking(move || shared.scan_prefix(Tree::Chats, b""))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(scanned.len(), 1);
}

#[test]
fn instances_share_the_database_and_a_claim_keeps_them_out() {
    let settings = database();
    let (first, second) = (open(&settings), open(&settings));
    first.join().unwrap();
    second.join().unwrap();
    // migrate-store's claim waits for the running instances, then is refused.
    let migrate = open(&settings);
    let started = Instant::now();
    let refused = migrate.claim().unwrap_err().to_string();
    assert!(refused.contains("another Pulse"), "{refused}");
    assert!(started.elapsed().as_secs() >= 4, "it waited for them");
    // Handles of an instance share its lock; dropping them all lets go.
    let keyring = first.keyring();
    drop((first, second, keyring));
    migrate.claim().unwrap();
    let refused = open(&settings).join().unwrap_err().to_string();
    assert!(refused.contains("migrate-store"), "{refused}");
}

#[test]
fn instances_sharing_the_database_agree_on_every_account_key() {
    let settings = database();
    let master = MasterKey::generate();
    let stores = [Arc::new(open(&settings)), Arc::new(open(&settings))];
    let keys: Vec<Arc<DataKeys>> = stores
        .iter()
        .map(|store| {
            Arc::new(
                DataKeys::open(
                    Vault::new(master.clone(), Vec::new()),
                    Arc::new(store.keyring()),
                )
                .unwrap(),
            )
        })
        .collect();
    // Both add keys for the same new accounts at once, as two instances linking them.
    let barrier = Barrier::new(2);
    std::thread::scope(|scope| {
        for keys in &keys {
            let barrier = &barrier;
            scope.spawn(move || {
                barrier.wait();
                for n in 0..40 {
                    keys.key_or_new(&format!("acct{n}")).unwrap();
                }
            });
        }
    });
    assert_eq!(keys[0].accounts().len(), 40, "no key lost");
    for n in 0..40 {
        let account = format!("acct{n}");
        assert_eq!(
            keys[0].key(&account).unwrap().mask(b"id"),
            keys[1].key(&account).unwrap().mask(b"id"),
            "{account}: one key for both"
        );
    }
    // What one seals the other reads: the key is loaded on demand.
    let sealed = [
        SealedStore::new(stores[0].clone(), keys[0].clone()),
        SealedStore::new(stores[1].clone(), keys[1].clone()),
    ];
    sealed[0]
        .insert(
            Tree::OnlineFollowers,
            b"fresh\x002026-11-01",
            b"seen by both",
        )
        .unwrap();
    assert_eq!(
        sealed[1]
            .get(Tree::OnlineFollowers, b"fresh\x002026-11-01")
            .unwrap()
            .unwrap(),
        b"seen by both"
    );
    // Shredded by one: no later instance can read it.
    sealed[1].shred("fresh").unwrap();
    let later = DataKeys::open(
        Vault::new(master.clone(), Vec::new()),
        Arc::new(stores[0].keyring()),
    )
    .unwrap();
    assert!(later.key("fresh").is_none());
    assert_eq!(later.accounts().len(), 40);
}

#[test]
fn a_keyring_saved_whole_by_schema_version_1_is_split_into_rows() {
    let settings = database();
    let master = MasterKey::generate();
    let store = open(&settings);
    let keys = DataKeys::open(
        Vault::new(master.clone(), Vec::new()),
        Arc::new(store.keyring()),
    )
    .unwrap();
    let made = keys.key_or_new("acct1").unwrap().mask(b"id");
    keys.key_or_new("acct2").unwrap();
    keys.mark_store_sealed().unwrap();
    let whole = keys.export().unwrap();
    drop((keys, store));
    // Back to version 1: the keyring as one row.
    let cluster = Cluster::shared();
    let database = settings_database(&settings);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(
            &format!(
                "host=127.0.0.1 port={} user=postgres password={} dbname={database}",
                cluster.port(),
                cluster.password()
            ),
            tokio_postgres::NoTls,
        )
        .await
        .unwrap();
        tokio::spawn(connection);
        client
            .batch_execute(
                "DROP TABLE pulse_data_keys; DROP TABLE pulse_keyring_state;
                 DELETE FROM pulse_schema_version WHERE version > 1;
                 CREATE TABLE pulse_keyring (id smallint PRIMARY KEY CHECK (id = 1), keyring bytea NOT NULL);",
            )
            .await
            .unwrap();
        client
            .execute(
                "INSERT INTO pulse_keyring (id, keyring) VALUES (1, $1)",
                &[&whole],
            )
            .await
            .unwrap();
    });
    let store = open(&settings);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let keys = DataKeys::open(Vault::new(master, Vec::new()), Arc::new(store.keyring())).unwrap();
    assert_eq!(keys.accounts(), ["acct1", "acct2"]);
    assert_eq!(keys.key("acct1").unwrap().mask(b"id"), made);
    assert!(keys.store_sealed());
}

#[test]
fn one_instance_holds_the_scheduler_lease_and_another_takes_over_when_it_stops_renewing() {
    use engine::lease::{Leases, SCHEDULER};
    let settings = database();
    let leases: Vec<Leases> = (0..3)
        .map(|_| Leases::new(Arc::new(open(&settings))))
        .collect();
    let length = chrono::Duration::seconds(2);
    // Three contenders at once: exactly one holds it.
    let barrier = Barrier::new(3);
    let held: Vec<bool> = std::thread::scope(|scope| {
        let handles: Vec<_> = leases
            .iter()
            .enumerate()
            .map(|(n, leases)| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    leases
                        .hold(SCHEDULER, &format!("i{n}"), chrono::Utc::now(), length)
                        .unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(held.iter().filter(|h| **h).count(), 1, "{held:?}");
    let leader = held.iter().position(|h| *h).unwrap();
    let other = (leader + 1) % 3;
    // The leader stops renewing (as if killed): the other takes over once the lease runs
    // out, and not before.
    let stopped = Instant::now();
    let took_over = loop {
        if leases[other]
            .hold(SCHEDULER, &format!("i{other}"), chrono::Utc::now(), length)
            .unwrap()
        {
            break stopped.elapsed();
        }
        assert!(stopped.elapsed().as_secs() < 30, "no takeover within 30 s");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    eprintln!(
        "took over {} ms after the leader stopped renewing (lease 2000 ms)",
        took_over.as_millis()
    );
    assert!(
        took_over.as_millis() >= 1500,
        "{took_over:?}: before the lease ran out"
    );
    // Printed above; held to a generous bound only (a loaded machine answers slowly).
    assert!(took_over.as_secs() < 10, "{took_over:?}");
    let holder = leases[leader]
        .holder(SCHEDULER, chrono::Utc::now())
        .unwrap()
        .unwrap();
    assert_eq!(holder.holder, format!("i{other}"));
    // The old leader cannot take it back while it is held; the holder gives it back at a
    // clean stop and the old one takes it at once.
    assert!(!leases[leader]
        .hold(SCHEDULER, &format!("i{leader}"), chrono::Utc::now(), length)
        .unwrap());
    assert!(leases[other]
        .release(SCHEDULER, &format!("i{other}"))
        .unwrap());
    assert!(leases[leader]
        .hold(SCHEDULER, &format!("i{leader}"), chrono::Utc::now(), length)
        .unwrap());
}

#[test]
fn instances_booking_telegram_send_slots_at_once_never_share_one() {
    use engine::pace::{SharedPace, TELEGRAM};
    let settings = database();
    let gap = chrono::Duration::milliseconds(35);
    let paces: Vec<SharedPace> = (0..3)
        .map(|_| SharedPace::new(Arc::new(open(&settings)), TELEGRAM, gap))
        .collect();
    let now = chrono::Utc::now();
    let barrier = Barrier::new(3);
    let mut slots: Vec<chrono::DateTime<chrono::Utc>> = std::thread::scope(|scope| {
        let handles: Vec<_> = paces
            .iter()
            .map(|pace| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    (0..40).map(|_| pace.take(now).unwrap()).collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    slots.sort();
    assert_eq!(slots.len(), 120);
    // One after another, a gap apart, from the first: no slot given twice, none skipped.
    for (n, slot) in slots.iter().enumerate() {
        assert_eq!(*slot, slots[0] + gap * n as i32, "slot {n}");
    }
}
