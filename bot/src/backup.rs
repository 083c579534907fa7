//! `pulse backup` and `pulse restore`, and the backup socket a running Pulse answers on.
//!
//! sled lets one process open a database, so `pulse backup` cannot read the store while Pulse
//! runs. Instead a running Pulse listens on a Unix socket next to its database,
//! `<store.path>.backup.sock` ([`socket_path`]): mode 0600, beside the database in its data
//! directory, and it answers only a process of the user who owns the database (the peer's
//! credentials are checked). It serves nothing but backups and opens no port. `pulse backup
//! <file>` connects and asks; the running Pulse takes the backup under its own handle
//! ([`Backup::take`]: writes wait while every tree and the keyring are read, so the backup is
//! one moment), seals it under the master key and sends the sealed bytes, which `pulse backup`
//! writes to the file (0600, whole or not at all: [`crate::files::write_private`]). Only
//! sealed bytes cross the socket. With no Pulse answering there, `pulse backup` opens the
//! database itself (it is free then) and does the same.
//!
//! `pulse restore <file>` opens the backup with the master key and writes it into an empty
//! data directory: the keyring first, then the database, built under a temporary name and
//! renamed into place last, so an interrupted restore leaves no database Pulse would start on.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use engine::backup::{Backup, BackupError};
use engine::data_keys::{DataKeys, KeyringStore as _, MemoryKeyring};
use engine::store::SledStore;
use engine::vault::Vault;
use tokio_util::sync::CancellationToken;

use crate::app::{self, Clock};
use crate::config::{FileConfig, Secrets};
use crate::keyring::{keyring_path, FileKeyring};

/// What `pulse backup` sends.
#[cfg(unix)]
const REQUEST: &[u8] = b"backup\n";
/// The longest status line a running Pulse answers with.
#[cfg(unix)]
const MAX_STATUS: u64 = 1024;
/// How long a connection may take to send its request.
#[cfg(unix)]
const REQUEST_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Where the backup socket of the database at `store_path` is.
pub fn socket_path(store_path: &Path) -> PathBuf {
    let mut name = store_path.as_os_str().to_owned();
    name.push(".backup.sock");
    PathBuf::from(name)
}

/// The directory the database and its keyring are in.
fn data_directory(store_path: &Path) -> &Path {
    store_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// What a backup is taken of: the database, its keys, and the vault that seals the file.
pub struct BackupSource {
    /// The database (sled), as stored: account data stays sealed under its account's key.
    pub store: Arc<SledStore>,
    /// The keyring of the same database.
    pub keys: Arc<DataKeys>,
    /// Seals the backup file under the current master key.
    pub vault: Vault,
}

impl BackupSource {
    /// A sealed backup file as of `now`, and how many entries it holds. Writes to the store
    /// wait while it is read.
    pub fn take(&self, now: DateTime<Utc>) -> Result<(Vec<u8>, usize), BackupError> {
        let backup = Backup::take(&self.store, &self.keys, now)?;
        let entries = backup.entries();
        Ok((backup.seal(&self.vault), entries))
    }
}

/// The backup socket of a running Pulse, bound and not yet answering.
pub struct BackupSocket {
    path: PathBuf,
    #[cfg(unix)]
    listener: tokio::net::UnixListener,
    /// The user id a peer must have: the database's owner.
    #[cfg(unix)]
    owner: u32,
}

impl BackupSocket {
    /// Listens at [`socket_path`] of the database at `store_path`, which this process holds
    /// open: a socket file found there was left by a Pulse that stopped, and is replaced.
    #[cfg(unix)]
    pub fn bind(store_path: &Path) -> std::io::Result<Self> {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let path = socket_path(store_path);
        match std::fs::remove_file(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        let listener = tokio::net::UnixListener::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        let owner = std::fs::metadata(store_path)?.uid();
        Ok(Self {
            path,
            listener,
            owner,
        })
    }

    /// Unix sockets are not available here: `pulse backup` works with Pulse stopped.
    #[cfg(not(unix))]
    pub fn bind(store_path: &Path) -> std::io::Result<Self> {
        let _ = store_path;
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "this system has no Unix sockets",
        ))
    }

    /// Where it listens.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Answers backup requests one at a time until `shutdown`, then removes the socket file.
    #[cfg(unix)]
    pub async fn serve(self, source: Arc<BackupSource>, clock: Clock, shutdown: CancellationToken) {
        loop {
            let stream = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        tracing::warn!(error = %error, "the backup socket failed to accept");
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        continue;
                    }
                },
                () = shutdown.cancelled() => break,
            };
            let answered = tokio::select! {
                answered = self.answer(stream, &source, &clock) => answered,
                () = shutdown.cancelled() => break,
            };
            if let Err(error) = answered {
                tracing::warn!(error = %error, "a backup request was not answered");
            }
        }
        let _ = std::fs::remove_file(&self.path);
    }

    #[cfg(not(unix))]
    pub async fn serve(self, source: Arc<BackupSource>, clock: Clock, shutdown: CancellationToken) {
        let _ = (source, clock);
        shutdown.cancelled().await;
    }

    #[cfg(unix)]
    async fn answer(
        &self,
        mut stream: tokio::net::UnixStream,
        source: &Arc<BackupSource>,
        clock: &Clock,
    ) -> std::io::Result<()> {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        if stream.peer_cred()?.uid() != self.owner {
            tracing::warn!("refused a backup request from another user");
            return stream
                .write_all(b"error this socket answers only the user Pulse runs as\n")
                .await;
        }
        let mut request = [0u8; REQUEST.len()];
        tokio::time::timeout(REQUEST_WAIT, stream.read_exact(&mut request))
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
        if request != REQUEST {
            return stream.write_all(b"error unknown request\n").await;
        }
        let (source, now) = (source.clone(), clock());
        let taken = tokio::task::spawn_blocking(move || source.take(now))
            .await
            .map_err(std::io::Error::other)?;
        match taken {
            Ok((file, entries)) => {
                tracing::info!(entries, bytes = file.len(), "backup taken for pulse backup");
                stream
                    .write_all(format!("ok {}\n", file.len()).as_bytes())
                    .await?;
                stream.write_all(&file).await?;
                stream.shutdown().await
            }
            Err(error) => {
                tracing::warn!(error = %error, "a backup could not be taken");
                stream
                    .write_all(format!("error {error}\n").as_bytes())
                    .await
            }
        }
    }
}

/// Asks the Pulse running on the database for a backup; `None` when none answers there.
#[cfg(unix)]
async fn ask_running(socket: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = match tokio::net::UnixStream::connect(socket).await {
        Ok(stream) => stream,
        Err(error)
            if matches!(
                error.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
            ) =>
        {
            return Ok(None)
        }
        Err(error) => {
            return Err(error)
                .with_context(|| format!("cannot reach the running Pulse at {}", socket.display()))
        }
    };
    let talking = || format!("talking to the running Pulse at {}", socket.display());
    stream.write_all(REQUEST).await.with_context(talking)?;
    let mut reader = tokio::io::BufReader::new(stream);
    let mut status = Vec::new();
    (&mut reader)
        .take(MAX_STATUS)
        .read_until(b'\n', &mut status)
        .await
        .with_context(talking)?;
    let status = String::from_utf8_lossy(&status);
    let status = status.trim_end();
    if let Some(sentence) = status.strip_prefix("error ") {
        anyhow::bail!("the running Pulse did not take the backup: {sentence}");
    }
    let length: u64 = status
        .strip_prefix("ok ")
        .and_then(|length| length.parse().ok())
        .with_context(|| {
            format!(
                "{} answered something other than a backup",
                socket.display()
            )
        })?;
    let mut file = Vec::new();
    reader
        .take(length)
        .read_to_end(&mut file)
        .await
        .with_context(talking)?;
    anyhow::ensure!(
        file.len() as u64 == length,
        "the running Pulse stopped sending the backup after {} of {length} bytes",
        file.len()
    );
    Ok(Some(file))
}

#[cfg(not(unix))]
async fn ask_running(socket: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    let _ = socket;
    Ok(None)
}

/// `pulse backup` and `pulse restore` are sled's: PostgreSQL is backed up with its own tools.
fn only_on_sled(file: &FileConfig, command: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        file.store.backend == crate::config::Backend::Sled,
        "pulse {command} works on the sled database; with store.backend = \"postgres\" use PostgreSQL's own backups (pg_dump, or your provider's): the keyring is inside the database, each key wrapped by the master key, so a dump holds everything and opens only with that key"
    );
    Ok(())
}

/// A backup taken by `pulse backup` itself, with no Pulse running on the database.
fn take_while_stopped(file: &FileConfig, secrets: &Secrets) -> anyhow::Result<Vec<u8>> {
    let path = &file.store.path;
    anyhow::ensure!(
        path.exists(),
        "there is no database at {} (store.path) to back up",
        path.display()
    );
    let vault = app::vault_from(secrets)?;
    let store = app::open_store(path, file.store.cache_mb)?;
    let keys = app::open_keys(path, vault.clone())?;
    let source = BackupSource {
        store: Arc::new(store),
        keys: Arc::new(keys),
        vault,
    };
    Ok(source.take(Utc::now())?.0)
}

/// What `pulse backup` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// The size of the backup file.
    pub bytes: usize,
    /// Whether the running Pulse took it (else `pulse backup` read the database itself).
    pub by_running_pulse: bool,
}

/// `pulse backup <to>`: a backup of the database at `store.path` and its keyring, sealed
/// under the master key, written to `to` (replaced whole, mode 0600). The Pulse running on the
/// database takes it; with none running, the database is read here, which needs
/// `PULSE__VAULT__MASTER_KEY`.
pub async fn backup(file: &FileConfig, secrets: &Secrets, to: &Path) -> anyhow::Result<Made> {
    only_on_sled(file, "backup")?;
    let socket = socket_path(&file.store.path);
    let (sealed, by_running_pulse) = match ask_running(&socket).await? {
        Some(sealed) => (sealed, true),
        None => (
            take_while_stopped(file, secrets).with_context(|| {
                format!(
                    "no Pulse answered at {}, so pulse backup read the database itself",
                    socket.display()
                )
            })?,
            false,
        ),
    };
    crate::files::write_private(to, &sealed)
        .with_context(|| format!("cannot write the backup to {}", to.display()))?;
    Ok(Made {
        bytes: sealed.len(),
        by_running_pulse,
    })
}

/// What `pulse restore` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// When the backup was taken.
    pub taken_at: DateTime<Utc>,
    /// How many entries were written.
    pub entries: usize,
}

/// The backup in `bytes` (read from `from`), opened under the secrets' master key, with a
/// sentence for each way it can fail.
fn open_backup(vault: &Vault, bytes: &[u8], from: &Path) -> anyhow::Result<Backup> {
    let backup = Backup::open(vault, bytes).map_err(|error| match error {
        BackupError::OtherKey(id) => anyhow::anyhow!(
            "{} was sealed under another master key (key id {id}): set PULSE__VAULT__MASTER_KEY \
to the key Pulse ran with when the backup was taken",
            from.display()
        ),
        BackupError::Damaged => anyhow::anyhow!(
            "{} is damaged: it does not open under the master key (it was changed or cut short); \
restore another copy",
            from.display()
        ),
        other => anyhow::anyhow!("{}: {other}", from.display()),
    })?;
    let keyring = Arc::new(MemoryKeyring::new());
    keyring.save(backup.keyring())?;
    DataKeys::open(vault.clone(), keyring).with_context(|| {
        format!(
            "the account keys in {} do not open under PULSE__VAULT__MASTER_KEY",
            from.display()
        )
    })?;
    Ok(backup)
}

/// `pulse restore <from>`: the backup into the data directory of `store.path`, which must be
/// empty or not exist yet, under the master key it was sealed with.
pub fn restore(file: &FileConfig, secrets: &Secrets, from: &Path) -> anyhow::Result<Restored> {
    only_on_sled(file, "restore")?;
    let store_path = &file.store.path;
    let directory = data_directory(store_path);
    match std::fs::read_dir(directory) {
        Ok(mut entries) => anyhow::ensure!(
            entries.next().is_none(),
            "the data directory {} is not empty: pulse restore writes only into an empty or new \
directory, so that a backup is never mixed with other data; move what is there away, or set \
store.path to a path in a new directory",
            directory.display()
        ),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(error)
                .with_context(|| format!("cannot read the data directory {}", directory.display()))
        }
    }
    let bytes = std::fs::read(from)
        .with_context(|| format!("cannot read the backup {}", from.display()))?;
    let vault = app::vault_from(secrets)?;
    let backup = open_backup(&vault, &bytes, from)?;
    drop(bytes);

    std::fs::create_dir_all(directory)
        .and_then(|()| app::restrict_to_owner(directory))
        .with_context(|| format!("cannot create the data directory {}", directory.display()))?;
    let mut staging = store_path.as_os_str().to_owned();
    staging.push(".restoring");
    let staging = PathBuf::from(staging);
    let store = app::open_store(&staging, file.store.cache_mb)?;
    let entries = backup
        .restore_into(&store)
        .with_context(|| format!("writing the database at {}", staging.display()))?;
    drop(store);
    FileKeyring::new(keyring_path(store_path))
        .save(backup.keyring())
        .context("writing the keyring")?;
    std::fs::rename(&staging, store_path).with_context(|| {
        format!(
            "cannot move the restored database from {} to {}",
            staging.display(),
            store_path.display()
        )
    })?;
    Ok(Restored {
        taken_at: backup.taken_at(),
        entries,
    })
}
