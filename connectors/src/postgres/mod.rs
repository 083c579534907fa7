//! The PostgreSQL store (`store.backend = "postgres"`): [`PgStore`] implements
//! [`engine::store::Store`] over one table keyed by (tree, key), and [`PgKeyring`] keeps the
//! keyring (every account's data key, wrapped by the master key as in the file, one row per
//! account) in the same database, so sealing and crypto-shredding work as on sled and
//! several instances share the keys.
//!
//! The client is tokio-postgres with TLS by rustls (ring; the system's roots and the
//! webpki roots), with plain queries prepared at run time: no database is needed to build.
//! It runs on a thread of its own ([`worker`]), since the store is synchronous. The schema
//! is versioned and migrated on open ([`schema`]).
//!
//! How each call keeps the contract across instances sharing the database:
//! - `insert` is the `pulse_put` function (lock the row, or insert it, in one statement), so
//!   it returns the value it really replaced;
//! - `remove` is one `DELETE … RETURNING`: of two removals, one gets the row;
//! - `compare_and_swap` is one conditional statement whose row count decides;
//! - `apply` is one transaction (its net effect per key: removals, then upserts);
//! - `scan_prefix` is a range on the bytes (`key >= prefix AND key < successor`), which
//!   PostgreSQL orders bytewise whatever the collation.
//!
//! [`cluster`] starts a private PostgreSQL for tests.

pub mod cluster;
mod schema;
mod worker;

use std::collections::BTreeMap;
use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use engine::data_keys::{KeyringContent, KeyringError, KeyringStore, SharedKeyring};
use engine::store::{Batch, Change, Entry, Store, StoreError, Tree};
use secrecy::{ExposeSecret as _, SecretString};

pub use schema::VERSION as SCHEMA_VERSION;
use worker::Worker;

/// Where the database is and how to reach it.
#[derive(Clone)]
pub struct PgSettings {
    /// A `postgres://user@host:port/database?sslmode=…` URL (or `key=value` pairs). It may
    /// hold the password; it is never logged or shown.
    pub url: SecretString,
    /// The password, when it is not in the URL (`PULSE__STORE__PASSWORD`).
    pub password: Option<SecretString>,
    /// How many connections may be open at once.
    pub connections: usize,
    /// How long to wait for a connection to open.
    pub connect_timeout: Duration,
}

impl PgSettings {
    /// Settings for `url`, with 4 connections and a 10-second connect timeout.
    pub fn new(url: SecretString) -> Self {
        Self {
            url,
            password: None,
            connections: 4,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

impl std::fmt::Debug for PgSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgSettings")
            .field("url", &"[hidden]")
            .field("password", &self.password.as_ref().map(|_| "[hidden]"))
            .field("connections", &self.connections)
            .finish()
    }
}

/// A PostgreSQL error in words that never carry stored values: the server's own message
/// (not its detail, which may quote a key) or the client's.
pub(crate) fn database_error(error: tokio_postgres::Error) -> StoreError {
    let text = match error.as_db_error() {
        Some(db) => format!(
            "PostgreSQL: {} ({} {})",
            db.message(),
            db.severity(),
            db.code().code()
        ),
        None => format!("PostgreSQL: {error}"),
    };
    StoreError::Database(text)
}

/// A [`Store`] in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    worker: Worker,
}

/// The smallest byte string greater than every string starting with `prefix`; `None` when
/// there is none (an empty prefix, or only 0xff bytes).
fn successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

fn tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // The system's own roots too, so a private CA installed there is trusted.
    let native = rustls_native_certs::load_native_certs();
    let _ = roots.add_parsable_certificates(native.certs);
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|error| StoreError::Database(format!("TLS: {error}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

impl PgStore {
    /// Connects to the database of `settings`, brings its schema up to date and returns
    /// the store. Fails, in words without the URL or the password, when the URL is not one,
    /// the server cannot be reached or refuses, or the schema is from a newer Pulse.
    pub fn open(settings: &PgSettings) -> Result<Self, StoreError> {
        let mut config =
            tokio_postgres::Config::from_str(settings.url.expose_secret()).map_err(|_| {
                StoreError::Database(
                    "store.url is not a PostgreSQL URL (postgres://user@host:port/database)"
                        .to_owned(),
                )
            })?;
        if let Some(password) = &settings.password {
            config.password(password.expose_secret());
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(settings.connect_timeout);
        }
        config.application_name("pulse");
        let worker = Worker::start(config, tls()?, settings.connections)?;
        let ran = worker
            .call(|mut connection| async move { schema::migrate(connection.client()).await })?;
        if ran > 0 {
            tracing::info!(
                steps = ran,
                version = SCHEMA_VERSION,
                "migrated the PostgreSQL schema"
            );
        }
        Ok(Self { worker })
    }

    /// Claims the database for this process alone (`pulse migrate-store`, which fills an
    /// empty database): a session-level advisory lock, exclusive, on a connection kept open
    /// while any handle of this store lives. A running Pulse (which [`PgStore::join`]s) or
    /// another claim is waited for up to five seconds, then refused.
    pub fn claim(&self) -> Result<(), StoreError> {
        self.lock("SELECT pg_try_advisory_lock($1)").map_err(|_| {
            StoreError::Database(
                "another Pulse is running on this PostgreSQL database; stop it first".to_owned(),
            )
        })
    }

    /// Joins the Pulse instances running on this database: the same advisory lock, shared,
    /// so any number of instances run at once (each account's key is a row of its own, and
    /// the schedulers run on the holder of their lease, `engine::lease`), while a
    /// [`PgStore::claim`] of `pulse migrate-store` keeps them out (waited for up to five
    /// seconds, then refused).
    pub fn join(&self) -> Result<(), StoreError> {
        self.lock("SELECT pg_try_advisory_lock_shared($1)")
            .map_err(|_| {
                StoreError::Database(
                "pulse migrate-store is writing this PostgreSQL database; wait for it to finish"
                    .to_owned(),
            )
            })
    }

    /// Takes the instance lock with `statement`, retrying for five seconds; keeps the
    /// connection open once it is held.
    fn lock(&self, statement: &'static str) -> Result<(), StoreError> {
        for attempt in 0..50 {
            let locked = self.worker.call(move |mut connection| async move {
                let row = connection
                    .client()
                    .query_one(statement, &[&INSTANCE_LOCK])
                    .await
                    .map_err(database_error)?;
                let locked: bool = row.get(0);
                if locked {
                    connection.keep_open();
                }
                Ok(locked)
            })?;
            if locked {
                return Ok(());
            }
            if attempt < 49 {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Err(StoreError::Conflict)
    }

    /// The keyring kept in this database.
    pub fn keyring(&self) -> PgKeyring {
        PgKeyring {
            worker: self.worker.clone(),
        }
    }

    /// Whether the database answers and takes writes now (not a read-only standby), for
    /// `/healthz`.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        self.worker.call(|mut connection| async move {
            let row = connection
                .client()
                .query_one(
                    "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'",
                    &[],
                )
                .await
                .map_err(database_error)?;
            if row.get::<_, bool>(0) {
                Ok(())
            } else {
                Err(StoreError::Database(
                    "the PostgreSQL server takes no writes (a standby, or read-only)".to_owned(),
                ))
            }
        })
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i32, StoreError> {
        self.worker.call(|mut connection| async move {
            let row = connection
                .client()
                .query_one(
                    "SELECT coalesce(max(version), 0) FROM pulse_schema_version",
                    &[],
                )
                .await
                .map_err(database_error)?;
            Ok(row.get(0))
        })
    }
}

/// The advisory lock on the database: shared by running instances ([`PgStore::join`]),
/// exclusive for `pulse migrate-store` ([`PgStore::claim`]; "pulse1").
const INSTANCE_LOCK: i64 = 0x70_75_6c_73_65_31;

const GET: &str = "SELECT value FROM pulse_entries WHERE tree = $1 AND key = $2";
const PUT: &str = "SELECT pulse_put($1, $2, $3)";
const REMOVE: &str = "DELETE FROM pulse_entries WHERE tree = $1 AND key = $2 RETURNING value";
const INSERT_NEW: &str =
    "INSERT INTO pulse_entries (tree, key, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
const SWAP: &str =
    "UPDATE pulse_entries SET value = $4 WHERE tree = $1 AND key = $2 AND value = $3";
const REMOVE_IF: &str = "DELETE FROM pulse_entries WHERE tree = $1 AND key = $2 AND value = $3";
const SCAN_TO: &str = "SELECT key, value FROM pulse_entries \
     WHERE tree = $1 AND key >= $2 AND key < $3 ORDER BY key";
const SCAN_FROM: &str =
    "SELECT key, value FROM pulse_entries WHERE tree = $1 AND key >= $2 ORDER BY key";
const COUNT: &str = "SELECT count(*) FROM pulse_entries WHERE tree = $1";
const REMOVE_MANY: &str =
    "DELETE FROM pulse_entries AS e USING unnest($1::text[], $2::bytea[]) AS r(tree, key) \
     WHERE e.tree = r.tree AND e.key = r.key";
const PUT_MANY: &str = "INSERT INTO pulse_entries (tree, key, value) \
     SELECT * FROM unnest($1::text[], $2::bytea[], $3::bytea[]) \
     ON CONFLICT (tree, key) DO UPDATE SET value = EXCLUDED.value";
const KEY: &str = "SELECT wrapped FROM pulse_data_keys WHERE account = $1";
const KEYS: &str = "SELECT account, wrapped FROM pulse_data_keys ORDER BY account";
const ADD_KEY: &str = "INSERT INTO pulse_data_keys (account, wrapped) VALUES ($1, $2) \
     ON CONFLICT DO NOTHING";
const REMOVE_KEY: &str = "DELETE FROM pulse_data_keys WHERE account = $1";
const REMOVE_KEYS: &str = "DELETE FROM pulse_data_keys";
const PUT_KEYS: &str = "INSERT INTO pulse_data_keys (account, wrapped) \
     SELECT * FROM unnest($1::text[], $2::bytea[])";
const STORE_SEALED: &str = "SELECT store_sealed FROM pulse_keyring_state WHERE id = 1";
const SET_STORE_SEALED: &str = "INSERT INTO pulse_keyring_state (id, store_sealed) VALUES (1, $1) \
     ON CONFLICT (id) DO UPDATE SET store_sealed = EXCLUDED.store_sealed";

impl PgStore {
    /// Runs `sql` (`GET` or `REMOVE`: a statement on one key that returns its value, if
    /// any) for `key` of `tree`.
    fn value_of(
        &self,
        sql: &'static str,
        tree: Tree,
        key: &[u8],
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let key = key.to_vec();
        self.worker.call(move |mut connection| async move {
            let statement = connection.statement(sql).await?;
            let row = connection
                .client()
                .query_opt(&statement, &[&tree.name(), &key])
                .await
                .map_err(database_error)?;
            Ok(row.map(|row| row.get(0)))
        })
    }
}

impl Store for PgStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.value_of(GET, tree, key)
    }

    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let (key, value) = (key.to_vec(), value.to_vec());
        self.worker.call(move |mut connection| async move {
            let statement = connection.statement(PUT).await?;
            let row = connection
                .client()
                .query_one(&statement, &[&tree.name(), &key, &value])
                .await
                .map_err(database_error)?;
            Ok(row.get(0))
        })
    }

    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.value_of(REMOVE, tree, key)
    }

    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let key = key.to_vec();
        let expected = expected.map(<[u8]>::to_vec);
        let new = new.map(<[u8]>::to_vec);
        self.worker.call(move |mut connection| async move {
            let name = tree.name();
            let changed = match (expected, new) {
                (None, None) => {
                    let statement = connection.statement(GET).await?;
                    let row = connection
                        .client()
                        .query_opt(&statement, &[&name, &key])
                        .await
                        .map_err(database_error)?;
                    u64::from(row.is_none())
                }
                (None, Some(new)) => {
                    let statement = connection.statement(INSERT_NEW).await?;
                    connection
                        .client()
                        .execute(&statement, &[&name, &key, &new])
                        .await
                        .map_err(database_error)?
                }
                (Some(expected), Some(new)) => {
                    let statement = connection.statement(SWAP).await?;
                    connection
                        .client()
                        .execute(&statement, &[&name, &key, &expected, &new])
                        .await
                        .map_err(database_error)?
                }
                (Some(expected), None) => {
                    let statement = connection.statement(REMOVE_IF).await?;
                    connection
                        .client()
                        .execute(&statement, &[&name, &key, &expected])
                        .await
                        .map_err(database_error)?
                }
            };
            if changed == 1 {
                Ok(())
            } else {
                Err(StoreError::Conflict)
            }
        })
    }

    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError> {
        let prefix = prefix.to_vec();
        self.worker.call(move |mut connection| async move {
            let rows = match successor(&prefix) {
                Some(end) => {
                    let statement = connection.statement(SCAN_TO).await?;
                    connection
                        .client()
                        .query(&statement, &[&tree.name(), &prefix, &end])
                        .await
                }
                None => {
                    let statement = connection.statement(SCAN_FROM).await?;
                    connection
                        .client()
                        .query(&statement, &[&tree.name(), &prefix])
                        .await
                }
            }
            .map_err(database_error)?;
            Ok(rows
                .into_iter()
                .map(|row| (row.get(0), row.get(1)))
                .collect())
        })
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        // The net effect on each key: its last change.
        let mut last: std::collections::BTreeMap<(&'static str, Vec<u8>), Option<Vec<u8>>> =
            std::collections::BTreeMap::new();
        for change in batch.changes() {
            match change {
                Change::Put(tree, key, value) => {
                    last.insert((tree.name(), key.clone()), Some(value.clone()));
                }
                Change::Remove(tree, key) => {
                    last.insert((tree.name(), key.clone()), None);
                }
            }
        }
        let (mut gone_trees, mut gone_keys) = (Vec::new(), Vec::new());
        let (mut put_trees, mut put_keys, mut put_values) = (Vec::new(), Vec::new(), Vec::new());
        for ((tree, key), value) in last {
            match value {
                None => {
                    gone_trees.push(tree);
                    gone_keys.push(key);
                }
                Some(value) => {
                    put_trees.push(tree);
                    put_keys.push(key);
                    put_values.push(value);
                }
            }
        }
        self.worker.call(move |mut connection| async move {
            let remove = connection.statement(REMOVE_MANY).await?;
            let put = connection.statement(PUT_MANY).await?;
            let transaction = connection
                .client()
                .transaction()
                .await
                .map_err(database_error)?;
            if !gone_keys.is_empty() {
                transaction
                    .execute(&remove, &[&gone_trees, &gone_keys])
                    .await
                    .map_err(database_error)?;
            }
            if !put_keys.is_empty() {
                transaction
                    .execute(&put, &[&put_trees, &put_keys, &put_values])
                    .await
                    .map_err(database_error)?;
            }
            transaction.commit().await.map_err(database_error)
        })
    }

    /// Every change is durable once PostgreSQL committed it.
    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn len(&self, tree: Tree) -> Result<usize, StoreError> {
        self.worker.call(move |mut connection| async move {
            let statement = connection.statement(COUNT).await?;
            let row = connection
                .client()
                .query_one(&statement, &[&tree.name()])
                .await
                .map_err(database_error)?;
            let count: i64 = row.get(0);
            Ok(usize::try_from(count).unwrap_or(usize::MAX))
        })
    }
}

/// The keyring in the store's database: one row per account in `pulse_data_keys` (its key
/// wrapped by the master key, as in the keyring file) and the sealed flag in
/// `pulse_keyring_state`. Several instances share it ([`SharedKeyring`]); loaded and saved
/// whole, it is the keyring file's bytes (backups, `pulse migrate-store`).
#[derive(Debug, Clone)]
pub struct PgKeyring {
    worker: Worker,
}

fn keyring_error(error: StoreError) -> KeyringError {
    KeyringError::Storage(error.to_string())
}

impl PgKeyring {
    fn content(&self) -> Result<Option<KeyringContent>, KeyringError> {
        self.worker
            .call(|mut connection| async move {
                let client = connection.client();
                let rows = client.query(KEYS, &[]).await.map_err(database_error)?;
                let sealed = client
                    .query_opt(STORE_SEALED, &[])
                    .await
                    .map_err(database_error)?;
                if rows.is_empty() && sealed.is_none() {
                    return Ok(None);
                }
                Ok(Some(KeyringContent {
                    keys: rows
                        .into_iter()
                        .map(|row| (row.get(0), row.get(1)))
                        .collect(),
                    store_sealed: sealed.is_some_and(|row| row.get(0)),
                }))
            })
            .map_err(keyring_error)
    }

    /// Replaces every key (and, when given, the sealed flag) in one transaction.
    fn replace(
        &self,
        keys: &BTreeMap<String, Vec<u8>>,
        store_sealed: Option<bool>,
    ) -> Result<(), KeyringError> {
        let (accounts, wrapped): (Vec<String>, Vec<Vec<u8>>) =
            keys.iter().map(|(a, w)| (a.clone(), w.clone())).unzip();
        self.worker
            .call(move |mut connection| async move {
                let transaction = connection
                    .client()
                    .transaction()
                    .await
                    .map_err(database_error)?;
                transaction
                    .execute(REMOVE_KEYS, &[])
                    .await
                    .map_err(database_error)?;
                transaction
                    .execute(PUT_KEYS, &[&accounts, &wrapped])
                    .await
                    .map_err(database_error)?;
                if let Some(sealed) = store_sealed {
                    transaction
                        .execute(SET_STORE_SEALED, &[&sealed])
                        .await
                        .map_err(database_error)?;
                }
                transaction.commit().await.map_err(database_error)
            })
            .map_err(keyring_error)
    }
}

impl KeyringStore for PgKeyring {
    fn load(&self) -> Result<Option<Vec<u8>>, KeyringError> {
        self.content()?.map(|content| content.encode()).transpose()
    }

    fn save(&self, bytes: &[u8]) -> Result<(), KeyringError> {
        let content = KeyringContent::decode(bytes)?;
        self.replace(&content.keys, Some(content.store_sealed))
    }

    fn shared(&self) -> Option<&dyn SharedKeyring> {
        Some(self)
    }
}

impl SharedKeyring for PgKeyring {
    fn wrapped_key(&self, account: &str) -> Result<Option<Vec<u8>>, KeyringError> {
        let account = account.to_owned();
        self.worker
            .call(move |mut connection| async move {
                let row = connection
                    .client()
                    .query_opt(KEY, &[&account])
                    .await
                    .map_err(database_error)?;
                Ok(row.map(|row| row.get(0)))
            })
            .map_err(keyring_error)
    }

    fn wrapped_keys(&self) -> Result<BTreeMap<String, Vec<u8>>, KeyringError> {
        Ok(self.content()?.unwrap_or_default().keys)
    }

    fn add_key(&self, account: &str, wrapped: &[u8]) -> Result<Vec<u8>, KeyringError> {
        let (account, wrapped) = (account.to_owned(), wrapped.to_vec());
        self.worker
            .call(move |mut connection| async move {
                let client = connection.client();
                let added = client
                    .execute(ADD_KEY, &[&account, &wrapped])
                    .await
                    .map_err(database_error)?;
                if added == 1 {
                    return Ok(wrapped);
                }
                // Another instance added one first: a new statement sees it, committed.
                let row = client
                    .query_one(KEY, &[&account])
                    .await
                    .map_err(database_error)?;
                Ok(row.get(0))
            })
            .map_err(keyring_error)
    }

    fn remove_key(&self, account: &str) -> Result<bool, KeyringError> {
        let account = account.to_owned();
        self.worker
            .call(move |mut connection| async move {
                let removed = connection
                    .client()
                    .execute(REMOVE_KEY, &[&account])
                    .await
                    .map_err(database_error)?;
                Ok(removed > 0)
            })
            .map_err(keyring_error)
    }

    fn replace_keys(&self, keys: &BTreeMap<String, Vec<u8>>) -> Result<(), KeyringError> {
        self.replace(keys, None)
    }

    fn store_sealed(&self) -> Result<bool, KeyringError> {
        Ok(self.content()?.is_some_and(|content| content.store_sealed))
    }

    fn mark_store_sealed(&self) -> Result<(), KeyringError> {
        self.worker
            .call(|mut connection| async move {
                connection
                    .client()
                    .execute(SET_STORE_SEALED, &[&true])
                    .await
                    .map_err(database_error)?;
                Ok(())
            })
            .map_err(keyring_error)
    }
}

#[cfg(test)]
mod tests {
    use super::successor;

    #[test]
    fn the_successor_of_a_prefix_bounds_its_scan() {
        assert_eq!(successor(b""), None);
        assert_eq!(successor(b"p\0"), Some(b"p\x01".to_vec()));
        assert_eq!(successor(&[b'p', 0xff]), Some(b"q".to_vec()));
        assert_eq!(successor(&[0xff, 0xff]), None);
        assert_eq!(successor(&[1, 0xfe, 0xff]), Some(vec![1, 0xff]));
    }
}
