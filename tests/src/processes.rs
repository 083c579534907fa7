//! Pulse as separate OS processes: [`Processes`] starts `pulse run` (the package's
//! `pulse-process` binary, the `pulse` command's own `bot::cli::main`) as many times as a test
//! asks, every one with the same config file and environment — the configuration and secrets
//! of [`Instances`](crate::instances::Instances), so one PostgreSQL database, one sandbox
//! Instagram and one fake Bot API, all in the test's process — each logging to a file of its
//! own. A test reads what a process counted from its `/metrics`, which one leads from the
//! scheduler's lease in the database and the line each logs when it takes it, and kills one
//! with `SIGKILL` ([`Processes::kill`]). Every process still running is killed when the
//! [`Processes`] is dropped (and, should the test binary itself be killed, by a watcher once
//! it has ended), and a failing test prints the end of every log (and keeps the logs).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bot::config::{FileConfig, Secrets};
use secrecy::ExposeSecret as _;

/// How long a process may take to start serving HTTP.
const START: Duration = Duration::from_secs(60);

/// How many of the last lines of each log a failing test prints.
const TAIL_LINES: usize = 40;

/// `pulse run` processes of one configuration.
pub struct Processes {
    binary: PathBuf,
    directory: tempfile::TempDir,
    config: PathBuf,
    environment: Vec<(&'static str, String)>,
    started: Vec<PulseProcess>,
    http: reqwest::Client,
}

/// One `pulse run` process.
struct PulseProcess {
    child: Child,
    log: PathBuf,
    /// Its HTTP server's address, once it has said so.
    addr: Option<String>,
    /// Whether it was killed (or has ended and been waited for).
    ended: bool,
}

impl Processes {
    /// Writes `file` as the config file of the processes `binary` will run, and `secrets` as
    /// their environment (nothing else of the test's environment reaches them).
    pub fn new(binary: &Path, file: &FileConfig, secrets: &Secrets) -> Self {
        let directory = tempfile::tempdir().expect("a directory for the processes");
        let config = directory.path().join("config.toml");
        let text = toml::to_string(file).expect("the configuration is written as TOML");
        std::fs::write(&config, text).expect("the config file is written");
        Self {
            binary: binary.to_owned(),
            directory,
            config,
            environment: environment(secrets),
            started: Vec::new(),
            http: reqwest::Client::new(),
        }
    }

    /// Starts one more `pulse run`, logging to a file of its own; returns its number (0, 1, …).
    /// It is not serving yet: see [`Processes::wait_until_serving`].
    pub fn start(&mut self) -> usize {
        let number = self.started.len();
        let log = self.directory.path().join(format!("pulse-{number}.log"));
        let out = File::create(&log).expect("a log file");
        let err = out.try_clone().expect("the log file, for stderr");
        let mut command = Command::new(&self.binary);
        command
            .arg("run")
            .arg("--config")
            .arg(&self.config)
            .current_dir(self.directory.path())
            .env_clear()
            .envs(self.environment.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        let child = command.spawn().expect("pulse run starts");
        kill_when_the_test_ends(child.id());
        self.started.push(PulseProcess {
            child,
            log,
            addr: None,
            ended: false,
        });
        number
    }

    /// Waits until process `number` serves HTTP (it logs its address once its store is open
    /// and its listener bound); panics if it ends first or takes longer than a minute.
    pub async fn wait_until_serving(&mut self, number: usize) {
        let deadline = Instant::now() + START;
        loop {
            let process = &mut self.started[number];
            if let Some(addr) = listening_address(&read(&process.log)) {
                process.addr = Some(addr);
                return;
            }
            if let Ok(Some(status)) = process.child.try_wait() {
                process.ended = true;
                panic!("pulse run {number} ended before serving: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "pulse run {number} does not serve within {START:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// How many processes were started.
    pub fn len(&self) -> usize {
        self.started.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.started.is_empty()
    }

    /// Which process logged that it leads the schedulers as the lease's `holder` (an
    /// instance id is random, made at start, and logged when it takes the lease).
    pub fn leading_as(&self, holder: &str) -> Option<usize> {
        let named = format!("instance={holder}");
        self.started.iter().position(|process| {
            read(&process.log).lines().any(|line| {
                line.contains("this instance leads the schedulers") && line.contains(&named)
            })
        })
    }

    /// Kills process `number` with `SIGKILL`, as `kill -9` does, and waits for it to end.
    pub fn kill(&mut self, number: usize) {
        let process = &mut self.started[number];
        process.child.kill().expect("the process is killed");
        process
            .child
            .wait()
            .expect("the killed process is waited for");
        process.ended = true;
    }

    /// Whether process `number` is still running.
    pub fn running(&mut self, number: usize) -> bool {
        let process = &mut self.started[number];
        !process.ended && matches!(process.child.try_wait(), Ok(None))
    }

    /// Process `number`'s `/metrics` exposition.
    pub async fn metrics(&self, number: usize) -> String {
        let addr = self.started[number]
            .addr
            .as_deref()
            .expect("the process serves (wait_until_serving)");
        self.http
            .get(format!("http://{addr}/metrics"))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("the process answers /metrics")
            .text()
            .await
            .expect("the exposition")
    }

    /// How many digests process `number` counted with `outcome` (`sent`, `sent_late`,
    /// `failed`, `skipped`, `given_back`), from its `/metrics`. A round's counts are added
    /// up when it ends.
    pub async fn digests(&self, number: usize, outcome: &str) -> u64 {
        let line = format!("pulse_digests_total{{outcome=\"{outcome}\"}} ");
        self.metrics(number)
            .await
            .lines()
            .find_map(|l| l.strip_prefix(&line))
            .map_or(0, |count| count.trim().parse().expect("a count"))
    }

    /// Process `number`'s log so far.
    pub fn log(&self, number: usize) -> String {
        read(&self.started[number].log)
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        for process in &mut self.started {
            if !process.ended {
                let _ = process.child.kill();
                let _ = process.child.wait();
                process.ended = true;
            }
        }
        if std::thread::panicking() {
            // The whole logs stay for a look, where the tails below say.
            self.directory.disable_cleanup(true);
            for (number, process) in self.started.iter().enumerate() {
                let text = read(&process.log);
                let lines: Vec<&str> = text.lines().collect();
                let tail = &lines[lines.len().saturating_sub(TAIL_LINES)..];
                eprintln!(
                    "--- the last {} lines of pulse run {number} ({}):\n{}",
                    tail.len(),
                    process.log.display(),
                    tail.join("\n")
                );
            }
        }
    }
}

/// Starts a watcher that kills the process `pid` with `SIGKILL` once this test process has
/// ended (a test binary killed itself, by a timeout say, runs no `Drop`), and ends by itself
/// once `pid` has ended: as the shared PostgreSQL cluster is stopped, no `pulse run` outlives
/// the test that started it.
fn kill_when_the_test_ends(pid: u32) {
    let script = format!(
        "while kill -0 {test} 2>/dev/null; do kill -0 {pid} 2>/dev/null || exit 0; sleep 1; done; kill -9 {pid} 2>/dev/null",
        test = std::process::id(),
    );
    let _ = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

/// A log's text so far (empty before the process wrote any).
fn read(log: &Path) -> String {
    std::fs::read(log)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// The `addr=` of the line `pulse run` logs once its HTTP server is bound.
fn listening_address(log: &str) -> Option<String> {
    let line = log
        .lines()
        .find(|line| line.contains("HTTP server listening"))?;
    let addr = line.split_once("addr=")?.1;
    Some(addr.split_whitespace().next()?.to_owned())
}

/// The environment variables of every secret that is set, as an operator would export them.
fn environment(secrets: &Secrets) -> Vec<(&'static str, String)> {
    let secret = |value: &Option<secrecy::SecretString>| {
        value.as_ref().map(|value| value.expose_secret().to_owned())
    };
    [
        ("PULSE__VAULT__MASTER_KEY", secret(&secrets.master_key)),
        (
            "PULSE__VAULT__NEW_MASTER_KEY",
            secret(&secrets.new_master_key),
        ),
        (
            "PULSE__VAULT__PREVIOUS_MASTER_KEY",
            secret(&secrets.previous_master_key),
        ),
        (
            "PULSE__INSTAGRAM__APP_SECRET",
            secret(&secrets.instagram_app_secret),
        ),
        (
            "PULSE__INSTAGRAM__WEBHOOK_VERIFY_TOKEN",
            secret(&secrets.instagram_webhook_verify_token),
        ),
        (
            "PULSE__TIKTOK__CLIENT_SECRET",
            secret(&secrets.tiktok_client_secret),
        ),
        ("PULSE__TELEGRAM__TOKEN", secret(&secrets.telegram_token)),
        (
            "PULSE__TELEGRAM__WEBHOOK_SECRET",
            secret(&secrets.telegram_webhook_secret),
        ),
        ("PULSE__DISCORD__TOKEN", secret(&secrets.discord_token)),
        (
            "PULSE__DISCORD__CLIENT_SECRET",
            secret(&secrets.discord_client_secret),
        ),
        ("PULSE__LLM__API_KEY", secret(&secrets.llm_api_key)),
        ("PULSE__HTTP__METRICS_TOKEN", secret(&secrets.metrics_token)),
        ("PULSE__API__PEPPER", secret(&secrets.api_pepper)),
        ("PULSE__STORE__PASSWORD", secret(&secrets.store_password)),
        (bot::config::STORE_URL_VARIABLE, secret(&secrets.store_url)),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|value| (name, value)))
    .collect()
}
