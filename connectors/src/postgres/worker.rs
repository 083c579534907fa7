//! The thread the PostgreSQL client runs on, and its few connections.
//!
//! [`engine::store::Store`] is synchronous and is called from tokio tasks (often on a
//! current-thread runtime, where `block_on` would panic). So the client lives on a thread of
//! its own with its own runtime: each call sends a job over a channel and waits for the
//! answer on a plain channel, as a call into sled waits for its disk. Jobs run concurrently,
//! each on a connection of its own from a small pool; a connection that broke is dropped and
//! a new one is made on the next call, so a database restart costs the calls made while it
//! was down, not a restart of Pulse.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio_postgres::{Client, Config, Statement};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::database_error;
use engine::store::StoreError;

/// Work for the client's thread: given the pool, a future that answers on its own channel.
type Job = Box<dyn FnOnce(Arc<Pool>) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// A handle on the client's thread; cloned by every user of the same database.
#[derive(Clone)]
pub(super) struct Worker {
    jobs: mpsc::UnboundedSender<Job>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Worker")
    }
}

impl Worker {
    /// Starts the thread, with at most `connections` connections open at once. Nothing is
    /// connected yet.
    pub(super) fn start(
        config: Config,
        tls: MakeRustlsConnect,
        connections: usize,
    ) -> Result<Self, StoreError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| StoreError::Database(format!("cannot start a runtime: {error}")))?;
        let (jobs, mut received) = mpsc::unbounded_channel::<Job>();
        let pool = Arc::new(Pool {
            config,
            tls,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(connections.max(1))),
        });
        std::thread::Builder::new()
            .name("pulse-postgres".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    // Ends when every handle is dropped.
                    while let Some(job) = received.recv().await {
                        tokio::spawn(job(pool.clone()));
                    }
                });
            })
            .map_err(|error| StoreError::Database(format!("cannot start a thread: {error}")))?;
        Ok(Self { jobs })
    }

    /// Runs `work` with a connection on the client's thread and waits for its answer.
    pub(super) fn call<T, F, Fut>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(Connection) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
    {
        let (answer, answered) = std::sync::mpsc::sync_channel(1);
        let job: Job = Box::new(move |pool: Arc<Pool>| {
            Box::pin(async move {
                let result = match pool.connection().await {
                    Ok(connection) => work(connection).await,
                    Err(error) => Err(error),
                };
                let _ = answer.send(result);
            })
        });
        self.jobs.send(job).map_err(|_| stopped())?;
        answered.recv().map_err(|_| stopped())?
    }
}

fn stopped() -> StoreError {
    StoreError::Database("the PostgreSQL client's thread stopped".to_owned())
}

/// The open connections not in use, and how many may be open at once.
pub(super) struct Pool {
    config: Config,
    tls: MakeRustlsConnect,
    idle: Mutex<Vec<Open>>,
    permits: Arc<Semaphore>,
}

/// One open connection with the statements prepared on it.
pub(super) struct Open {
    pub(super) client: Client,
    statements: HashMap<&'static str, Statement>,
}

impl Pool {
    async fn connection(self: &Arc<Self>) -> Result<Connection, StoreError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| stopped())?;
        let reused = {
            let mut idle = self
                .idle
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            std::iter::from_fn(|| idle.pop()).find(|open| !open.client.is_closed())
        };
        let open = match reused {
            Some(open) => open,
            None => {
                let (client, connection) = self
                    .config
                    .connect(self.tls.clone())
                    .await
                    .map_err(database_error)?;
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::warn!(error = %database_error(error), "a PostgreSQL connection ended");
                    }
                });
                Open {
                    client,
                    statements: HashMap::new(),
                }
            }
        };
        Ok(Connection {
            pool: self.clone(),
            open: Some(open),
            _permit: permit,
        })
    }
}

/// A connection taken from the pool; it goes back when dropped, unless it broke.
pub(super) struct Connection {
    pool: Arc<Pool>,
    open: Option<Open>,
    _permit: OwnedSemaphorePermit,
}

impl Connection {
    pub(super) fn client(&mut self) -> &mut Client {
        &mut self.open_mut().client
    }

    fn open_mut(&mut self) -> &mut Open {
        self.open
            .as_mut()
            .expect("a connection is open until dropped")
    }

    /// `sql` prepared on this connection (once per connection).
    pub(super) async fn statement(&mut self, sql: &'static str) -> Result<Statement, StoreError> {
        let open = self.open_mut();
        if let Some(statement) = open.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = open.client.prepare(sql).await.map_err(database_error)?;
        open.statements.insert(sql, statement.clone());
        Ok(statement)
    }
}

impl Connection {
    /// Keeps this connection open, out of the pool, until the client's thread ends (every
    /// handle dropped): what a session-level lock taken on it needs.
    pub(super) fn keep_open(mut self) {
        if let Some(open) = self.open.take() {
            tokio::spawn(async move {
                let _held = open;
                std::future::pending::<()>().await;
            });
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Some(open) = self.open.take().filter(|open| !open.client.is_closed()) {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(open);
        }
    }
}
