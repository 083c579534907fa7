//! Several Pulse instances on one PostgreSQL database, as several `pulse run` behind a load
//! balancer run them: the same configuration and master key, one sandbox Instagram, one
//! clock. [`TestApp::into_instances`] turns a test app on PostgreSQL (which linked accounts
//! and wrote chats) into [`Instances`], from which [`Instances::start`] starts each
//! [`Instance`] with the wiring `pulse run` uses, schedulers on.
//!
//! Each instance runs on a tokio runtime of its own, so that it can die as a killed process
//! does: [`Instance::kill`] drops every one of its tasks where it stands — no lease given
//! back, no claim given back, no outcome recorded after it — while [`Instance::stop`] is the
//! clean stop of a signal.

use std::sync::Arc;
use std::time::Duration;

use bot::app::{App, AppOptions, AppState};
use bot::config::{FileConfig, Secrets};
use connectors::sandbox::Sandbox;
use engine::lease::{LeaseRecord, Leases, SCHEDULER};
use tokio_util::sync::CancellationToken;

use crate::{TestApp, TestClock};

/// What the instances of one database share: the configuration and secrets, the sandbox
/// Instagram and the clock.
pub struct Instances {
    /// The configuration every instance runs with.
    pub file: FileConfig,
    /// The secrets every instance runs with.
    pub secrets: Secrets,
    /// The app clock every instance reads.
    pub clock: TestClock,
    /// The leases, read beside the instances (a connection of the test's own).
    leases: Leases,
    /// The database, read beside the instances (the same connection).
    store: Arc<dyn engine::store::Store>,
    sandbox: Sandbox,
    sandbox_shutdown: CancellationToken,
    _data: Arc<tempfile::TempDir>,
}

impl TestApp {
    /// Stops this app (cleanly: it gives the scheduler's lease back) but not its sandbox,
    /// and hands over what more instances on its PostgreSQL database need, after `change`
    /// has changed their configuration (`store.leader_lease_secs`, say).
    pub async fn into_instances(self, change: impl FnOnce(&mut FileConfig)) -> Instances {
        assert_eq!(
            self.file.store.backend,
            bot::config::Backend::Postgres,
            "instances share a PostgreSQL database"
        );
        self.app_shutdown.cancel();
        self.running
            .await
            .expect("the app task")
            .expect("the app stops cleanly");
        let mut file = self.file;
        change(&mut file);
        let database = bot::database::Database::open(&file, &self.secrets)
            .expect("the database opens beside the instances");
        Instances {
            leases: Leases::new(database.store()),
            store: database.store(),
            file,
            secrets: self.secrets,
            clock: self.clock,
            sandbox: self.sandbox,
            sandbox_shutdown: self.shutdown,
            _data: self.data,
        }
    }
}

impl Instances {
    /// Starts one more instance, on a runtime of its own, and returns once it is built
    /// (its HTTP server bound, its store open); it runs on from there.
    pub async fn start(&self) -> Instance {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("pulse-instance")
            .enable_all()
            .build()
            .expect("a runtime for the instance");
        let (file, secrets) = (self.file.clone(), self.secrets.clone());
        let clock = self.clock.as_app_clock();
        let stop = CancellationToken::new();
        let (built, was_built) = tokio::sync::oneshot::channel();
        let running = runtime.spawn({
            let stop = stop.clone();
            async move {
                let app = App::build(
                    &file,
                    &secrets,
                    AppOptions {
                        scheduler: true,
                        public_url_from_bind: true,
                        clock,
                    },
                )
                .await?;
                let _ = built.send((app.state(), app.public_url()));
                app.run(stop).await
            }
        });
        let mut instance = Instance {
            state: None,
            base_url: String::new(),
            stop,
            running: Some(running),
            runtime: Some(runtime),
        };
        match was_built.await {
            Ok((state, base_url)) => {
                instance.state = Some(state);
                instance.base_url = base_url;
                instance
            }
            Err(_) => {
                let ended = instance.running.take().expect("the instance's task").await;
                panic!("the instance does not build: {ended:?}")
            }
        }
    }

    /// The scheduler's lease as the database holds it now, expired or not.
    pub fn scheduler_lease(&self) -> Option<LeaseRecord> {
        // As of long ago: the record there is, whether its time has run out or not.
        let long_ago = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        self.leases
            .holder(SCHEDULER, long_ago)
            .expect("the lease reads")
    }

    /// The database's records, read beside the instances (digest records are not sealed:
    /// they name a chat and an account id, nothing of the account's content).
    pub fn records(&self) -> engine::records::Records<'_> {
        engine::records::Records::new(self.store.as_ref())
    }

    /// The leases of the database, read and written beside the instances.
    pub fn leases(&self) -> &Leases {
        &self.leases
    }

    /// The sandbox Instagram every instance calls.
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Stops the sandbox.
    pub async fn stop(self) {
        self.sandbox_shutdown.cancel();
        self.sandbox.stopped().await;
    }
}

/// One running instance.
pub struct Instance {
    state: Option<Arc<AppState>>,
    /// Its public base URL (its own HTTP server).
    pub base_url: String,
    stop: CancellationToken,
    running: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Instance {
    /// The shared state of the running instance.
    pub fn state(&self) -> &Arc<AppState> {
        self.state.as_ref().expect("a built instance")
    }

    /// Its id, as the scheduler's lease names its holder.
    pub fn id(&self) -> String {
        self.state().leadership.instance().to_owned()
    }

    /// Whether it leads the schedulers now.
    pub fn leads(&self) -> bool {
        self.state().leadership.leads()
    }

    /// How many digests it counted with `outcome` (`sent`, `sent_late`, `failed`,
    /// `skipped`, `given_back`), from its `/metrics` exposition.
    pub fn digests(&self, outcome: &str) -> u64 {
        let line = format!("pulse_digests_total{{outcome=\"{outcome}\"}} ");
        self.state()
            .metrics
            .render()
            .lines()
            .find_map(|l| l.strip_prefix(&line))
            .map_or(0, |count| count.trim().parse().expect("a count"))
    }

    /// Stops it as a signal does: it finishes what is under way, gives back what it claimed
    /// and did not start, and gives the scheduler's lease back.
    pub async fn stop(mut self) {
        self.stop.cancel();
        let running = self.running.take().expect("a running instance");
        tokio::time::timeout(Duration::from_secs(30), running)
            .await
            .expect("the instance stops within 30 s")
            .expect("the instance's task")
            .expect("the instance stops cleanly");
    }

    /// Kills it, as `kill -9` does a process: every task stops where it stands, nothing is
    /// given back or recorded after. (Store calls already made to PostgreSQL finish there,
    /// as the server would finish a dead client's statement.)
    pub fn kill(self) {
        drop(self);
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Never waits: callable from async code, and what a kill is.
            runtime.shutdown_background();
        }
    }
}

/// Waits up to `within` for `condition`, looking every 10 ms; whether it came.
pub async fn eventually(within: std::time::Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + within;
    loop {
        if condition() {
            return true;
        }
        if std::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
