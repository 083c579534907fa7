//! A private PostgreSQL for tests: a cluster made with `initdb` in a temporary directory,
//! started on a free port of 127.0.0.1 (its socket in the same directory), with a random
//! password for TCP, and stopped and removed again.
//!
//! The binaries are PostgreSQL 15's (`/usr/lib/postgresql/15/bin`, or the directory
//! `PULSE_PG_BIN` names); without them [`Cluster::start`] fails with a sentence saying what
//! to install, so a test cannot pass without having run. Run as root (as CI is), the
//! cluster belongs to the `postgres` user, as PostgreSQL refuses to run as root.
//!
//! [`Cluster::shared`] is one cluster for a whole test binary, each test then making a
//! database of its own ([`Cluster::database`]). A static is never dropped, so a watcher
//! process stops the cluster and removes its directory once the test process has ended.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use rand::Rng as _;
use secrecy::SecretString;

use super::PgSettings;

/// A running private cluster.
#[derive(Debug)]
pub struct Cluster {
    directory: PathBuf,
    bin: PathBuf,
    port: u16,
    password: String,
    as_postgres: bool,
}

fn binaries() -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = match std::env::var_os("PULSE_PG_BIN") {
        Some(bin) => vec![PathBuf::from(bin)],
        None => vec![PathBuf::from("/usr/lib/postgresql/15/bin")],
    };
    candidates
        .into_iter()
        .find(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .ok_or_else(|| {
            "PostgreSQL 15 is not installed: no initdb in /usr/lib/postgresql/15/bin (or in PULSE_PG_BIN). \
             Install it with `apt-get install -y postgresql-15` (`.ci/run` does) to run the PostgreSQL tests."
                .to_owned()
        })
}

fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("{what}: cannot run it: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|error| format!("no free port: {error}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|error| format!("no free port: {error}"))
}

impl Cluster {
    /// The cluster's program `name`, run as the cluster's owner.
    fn command(&self, name: &str) -> Command {
        program(&self.bin, name, self.as_postgres)
    }

    /// Makes and starts a new cluster.
    pub fn start() -> Result<Self, String> {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let bin = binaries()?;
        let as_postgres = is_root();
        let directory = std::env::temp_dir().join(format!(
            "pulse-pg-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(&directory)
            .map_err(|error| format!("cannot create {}: {error}", directory.display()))?;
        let password: String = {
            let mut rng = rand::thread_rng();
            (0..24)
                .map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[rng.gen_range(0..36)]))
                .collect()
        };
        let password_file = directory.join("password");
        std::fs::write(&password_file, &password)
            .map_err(|error| format!("cannot write the password file: {error}"))?;
        if as_postgres {
            run(
                Command::new("chown")
                    .arg("-R")
                    .arg("postgres:")
                    .arg(&directory),
                "chown of the cluster's directory to postgres",
            )?;
        }
        let cluster = Self {
            directory: directory.clone(),
            bin,
            port: free_port()?,
            password,
            as_postgres,
        };
        run(
            cluster
                .command("initdb")
                .arg("-D")
                .arg(directory.join("data"))
                .args(["-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
                .arg(format!("--pwfile={}", password_file.display()))
                .args(["--auth-local=trust", "--auth-host=scram-sha-256"]),
            "initdb",
        )?;
        run(
            cluster
                .command("pg_ctl")
                .arg("-D")
                .arg(directory.join("data"))
                .arg("-l")
                .arg(directory.join("log"))
                .args(["-w", "-t", "60", "-o"])
                .arg(format!(
                    "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                    cluster.port,
                    directory.display()
                ))
                .arg("start")
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
            "pg_ctl start",
        )
        .map_err(|error| {
            let log = std::fs::read_to_string(directory.join("log")).unwrap_or_default();
            format!("{error}\n{log}")
        })?;
        Ok(cluster)
    }

    /// One cluster for the whole test binary, started on first use. Panics with what is
    /// missing when it cannot start.
    pub fn shared() -> &'static Cluster {
        static SHARED: OnceLock<Cluster> = OnceLock::new();
        SHARED.get_or_init(|| {
            let cluster = Cluster::start().unwrap_or_else(|error| panic!("{error}"));
            cluster.stop_when_process_ends();
            cluster
        })
    }

    /// Starts a watcher that stops the cluster and removes its directory once this process
    /// has ended (for a cluster that is never dropped).
    fn stop_when_process_ends(&self) {
        let prefix = if self.as_postgres {
            "runuser -u postgres -- "
        } else {
            ""
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {prefix}'{bin}/pg_ctl' -D '{dir}/data' -m immediate stop; rm -rf '{dir}'",
            pid = std::process::id(),
            bin = self.bin.display(),
            dir = self.directory.display(),
        );
        let _ = Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }

    /// The TCP port the cluster listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The password of the `postgres` user over TCP.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// The URL of `database`, without the password.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/{database}?sslmode=disable",
            self.port
        )
    }

    /// Creates the empty database `name` and returns settings reaching it over TCP (the URL
    /// without the password, the password apart, as `PULSE__STORE__PASSWORD` gives it).
    pub fn database(&self, name: &str) -> Result<PgSettings, String> {
        run(
            self.command("createdb")
                .arg("-h")
                .arg(&self.directory)
                .arg("-p")
                .arg(self.port.to_string())
                .args(["-U", "postgres", name]),
            "createdb",
        )?;
        let mut settings = PgSettings::new(SecretString::from(self.url(name)));
        settings.password = Some(SecretString::from(self.password.clone()));
        Ok(settings)
    }

    /// The cluster's directory.
    pub fn directory(&self) -> &Path {
        &self.directory
    }
}

fn program(bin: &Path, name: &str, as_postgres: bool) -> Command {
    if as_postgres {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(bin.join(name));
        command
    } else {
        Command::new(bin.join(name))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = run(
            self.command("pg_ctl")
                .arg("-D")
                .arg(self.directory.join("data"))
                .args(["-m", "immediate", "stop"]),
            "pg_ctl stop",
        );
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}
