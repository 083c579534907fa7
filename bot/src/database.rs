//! The database Pulse keeps its data in, as `store.backend` says: sled in `store.path`
//! (the default, nothing to install), with the keyring file next to it; or PostgreSQL at
//! `store.url` (password from `PULSE__STORE__PASSWORD`, or the whole URL from
//! `PULSE__STORE__URL`), with the keyring in the same database. Either way each account's
//! data is sealed under its own key, wrapped by the master key.

use std::sync::Arc;

use anyhow::Context as _;
use connectors::postgres::{PgSettings, PgStore};
use engine::data_keys::{DataKeys, KeyringStore};
use engine::store::{SledStore, Store, StoreError};
use engine::vault::Vault;
use secrecy::SecretString;

use crate::config::{Backend, FileConfig, Secrets};

/// An open database.
#[derive(Debug, Clone)]
pub enum Database {
    /// sled in `store.path`.
    Sled(Arc<SledStore>),
    /// PostgreSQL at `store.url`.
    Postgres(Arc<PgStore>),
}

/// The PostgreSQL settings of `[store]` and the secrets, or what is missing, in words that
/// never show the URL.
pub fn postgres_settings(file: &FileConfig, secrets: &Secrets) -> anyhow::Result<PgSettings> {
    let url = match &secrets.store_url {
        Some(url) => url.clone(),
        None if !file.store.url.trim().is_empty() => {
            SecretString::from(file.store.url.trim().to_owned())
        }
        None => anyhow::bail!(
            "PostgreSQL needs store.url (postgres://user@host:5432/database, the password in PULSE__STORE__PASSWORD) or the whole URL in PULSE__STORE__URL"
        ),
    };
    let mut settings = PgSettings::new(url);
    settings.password = secrets.store_password.clone();
    settings.connections = usize::try_from(file.store.connections).unwrap_or(4).max(1);
    Ok(settings)
}

/// Opens the PostgreSQL database of the configuration, bringing its schema up to date, and
/// joins the instances running on it (several may share one database).
pub fn open_postgres(file: &FileConfig, secrets: &Secrets) -> anyhow::Result<PgStore> {
    let store = connect_postgres(file, secrets)?;
    store
        .join()
        .context("cannot use the PostgreSQL database of store.url")?;
    Ok(store)
}

/// Opens the PostgreSQL database of the configuration for this process alone (`pulse
/// migrate-store`): refused while a Pulse runs on it.
pub fn claim_postgres(file: &FileConfig, secrets: &Secrets) -> anyhow::Result<PgStore> {
    let store = connect_postgres(file, secrets)?;
    store
        .claim()
        .context("cannot use the PostgreSQL database of store.url")?;
    Ok(store)
}

fn connect_postgres(file: &FileConfig, secrets: &Secrets) -> anyhow::Result<PgStore> {
    let settings = postgres_settings(file, secrets)?;
    PgStore::open(&settings).context(
        "cannot open the PostgreSQL database (store.url, PULSE__STORE__PASSWORD / PULSE__STORE__URL)",
    )
}

impl Database {
    /// Opens the database `store.backend` names.
    pub fn open(file: &FileConfig, secrets: &Secrets) -> anyhow::Result<Self> {
        Ok(match file.store.backend {
            Backend::Sled => Database::Sled(Arc::new(crate::app::open_store(
                &file.store.path,
                file.store.cache_mb,
            )?)),
            Backend::Postgres => Database::Postgres(Arc::new(open_postgres(file, secrets)?)),
        })
    }

    /// The store, as the engine uses it.
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Database::Sled(sled) => sled.clone(),
            Database::Postgres(postgres) => postgres.clone(),
        }
    }

    /// The sled database, for what only it does (backups while running).
    pub fn sled(&self) -> Option<&Arc<SledStore>> {
        match self {
            Database::Sled(sled) => Some(sled),
            Database::Postgres(_) => None,
        }
    }

    /// The keyring of this database, every key unwrapped with `vault`: the file next to
    /// the sled directory, or the one in the PostgreSQL database.
    pub fn keys(&self, file: &FileConfig, vault: Vault) -> anyhow::Result<DataKeys> {
        match self {
            Database::Sled(_) => crate::app::open_keys(&file.store.path, vault),
            Database::Postgres(postgres) => {
                let keyring: Arc<dyn KeyringStore> = Arc::new(postgres.keyring());
                DataKeys::open(vault, keyring).context(
                    "cannot open the keyring in the PostgreSQL database (is PULSE__VAULT__MASTER_KEY the key it was made with?)",
                )
            }
        }
    }

    /// Whether the database can write now (for `/healthz`; on sled also what opens it again
    /// after a full disk).
    pub fn check_writable(&self) -> Result<(), StoreError> {
        match self {
            Database::Sled(sled) => sled.check_writable(),
            Database::Postgres(postgres) => postgres.check_writable(),
        }
    }

    /// Makes every change so far durable.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.store().flush()
    }

    /// Where the data is, for `pulse check` and the logs (never the URL).
    pub fn describe(file: &FileConfig) -> String {
        match file.store.backend {
            Backend::Sled => format!("sled database at {}", file.store.path.display()),
            Backend::Postgres => "PostgreSQL database at store.url".to_owned(),
        }
    }
}
