//! The `pulse` binary as an operator meets it: what it prints, its exit code, and how it
//! stops. Each test runs the built binary (`CARGO_BIN_EXE_pulse`) in a temporary directory
//! with a config file of its own and an environment holding only what the test sets.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A temporary directory with a `config.toml` that binds a free port and keeps its store
/// inside the directory.
struct Setup {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Setup {
    fn new(extra: &str) -> Setup {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = dir.path().join("config.toml");
        let store = dir.path().join("pulse.sled");
        std::fs::write(
            &config,
            format!(
                "[http]\nbind = \"127.0.0.1:0\"\n[store]\npath = {:?}\n[instagram]\napp_id = \"123\"\n{extra}",
                store.display().to_string()
            ),
        )
        .expect("writing the config file");
        Setup { dir, config }
    }

    /// `pulse <args> --config <the file>`, in the directory, with an empty environment.
    fn pulse(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pulse"));
        command
            .args(args)
            .arg("--config")
            .arg(&self.config)
            .current_dir(self.dir.path())
            .env_clear();
        command
    }

    /// The same with the secrets `pulse run` and `pulse chat` need.
    fn pulse_with_secrets(&self, args: &[&str]) -> Command {
        let mut command = self.pulse(args);
        command
            .env("PULSE__VAULT__MASTER_KEY", keygen())
            .env("PULSE__INSTAGRAM__APP_SECRET", "sandbox-secret");
        command
    }
}

fn keygen() -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_pulse"))
        .arg("keygen")
        .env_clear()
        .output()
        .expect("pulse keygen runs");
    String::from_utf8(output.stdout)
        .expect("a key in text")
        .trim()
        .to_owned()
}

/// A running `pulse` whose stdout and stderr are read line by line.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn start(mut command: Command, stdin: Stdio) -> Running {
        let mut child = command
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pulse starts");
        let (send, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        read_lines(stdout, send.clone());
        read_lines(stderr, send);
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Reads output until a line contains `needle`; panics with what was read otherwise.
    fn wait_for(&mut self, needle: &str, within: Duration) {
        let deadline = Instant::now() + within;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(needle);
                    self.seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with {needle:?} within {within:?}; output so far:\n{}",
            self.seen.join("\n")
        );
    }

    /// Whatever it printed since, without waiting.
    fn output_so_far(&mut self) -> String {
        self.seen.extend(self.lines.try_iter());
        self.seen.join("\n")
    }

    /// Sends a signal (`TERM`, `INT`) with kill(1).
    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args(["-s", name, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -s {name} failed");
    }

    /// The exit status, if the process ends within `within`.
    fn exit_within(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("waiting for pulse") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

/// Sends each line `from` gives to `to`, on a thread of its own.
fn read_lines(from: impl std::io::Read + Send + 'static, to: mpsc::Sender<String>) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if to.send(line).is_err() {
                break;
            }
        }
    });
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

const START: Duration = Duration::from_secs(60);

#[test]
fn pulse_chat_stops_at_once_on_a_signal_while_its_input_is_open_and_idle() {
    for signal in ["TERM", "INT"] {
        let setup = Setup::new("");
        let mut chat = Running::start(setup.pulse_with_secrets(&["chat"]), Stdio::piped());
        chat.wait_for("pulse is ready", START);
        chat.signal(signal);
        let status = chat.exit_within(Duration::from_secs(5));
        assert!(
            status.is_some(),
            "pulse chat still running 5 s after SIG{signal} (its stdin open and idle); stderr:\n{}",
            chat.output_so_far()
        );
        assert!(
            status.is_some_and(|s| s.success()),
            "exit status {status:?}"
        );
    }
}

/// `pulse check` with `env` (name, value) pairs set: its exit code and what it printed.
fn check(setup: &Setup, env: &[(&str, String)]) -> (Option<i32>, String) {
    let mut command = setup.pulse_with_secrets(&["check"]);
    command.envs(env.iter().map(|(name, value)| (name, value)));
    let output = command.output().expect("pulse check runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn pulse_check_names_the_file_line_and_column_of_a_toml_syntax_error() {
    let setup = Setup::new("[llm\nmodel = \"x\"\n");
    let written = std::fs::read_to_string(&setup.config).unwrap();
    let line = written.lines().position(|l| l == "[llm").unwrap() + 1;
    let (code, stdout) = check(&setup, &[]);
    assert_eq!(code, Some(1), "{stdout}");
    let place = format!(
        "problem: {}, line {line}, column 5: ",
        setup.config.display()
    );
    assert!(stdout.contains(&place), "{place:?} in:\n{stdout}");
    assert!(
        stdout.ends_with("Pulse cannot start until the problems above are fixed.\n"),
        "{stdout}"
    );
}

#[test]
fn pulse_check_names_keys_as_the_operator_wrote_them_in_plain_words() {
    let setup = Setup::new("[sync]\ninterval_minutes = \"often\"\n");
    let (code, stdout) = check(&setup, &[]);
    assert_eq!(code, Some(1), "{stdout}");
    let expected = format!(
        "problem: sync.interval_minutes in {} must be a whole number, 0 or more, not the text \"often\"\n",
        setup.config.display()
    );
    assert!(stdout.contains(&expected), "{expected:?} in:\n{stdout}");

    let setup = Setup::new("");
    for (name, value, expected) in [
        (
            "PULSE__STORE__CACHE_MB",
            "lots",
            "problem: PULSE__STORE__CACHE_MB must be a whole number, 0 or more, not the text \"lots\"\n",
        ),
        (
            "PULSE__LOG__FLITER",
            "debug",
            "problem: PULSE__LOG__FLITER is not a setting Pulse knows: [log] has filter\n",
        ),
    ] {
        let (code, stdout) = check(&setup, &[(name, value.into())]);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.contains(expected), "{expected:?} in:\n{stdout}");
        for internal in ["default.", "expected `", "for key", "not valid"] {
            assert!(!stdout.contains(internal), "{internal} in:\n{stdout}");
        }
    }
}

#[test]
fn pulse_check_says_what_postgres_needs_and_never_shows_the_url() {
    let setup = Setup::new("");
    let postgres = ("PULSE__STORE__BACKEND", "postgres".to_owned());
    let (code, stdout) = check(&setup, std::slice::from_ref(&postgres));
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("problem: store.backend = \"postgres\": PostgreSQL needs store.url"),
        "{stdout}"
    );

    let url = (
        "PULSE__STORE__URL",
        "postgres://pulse:canary-pw@db/pulse".to_owned(),
    );
    let (code, stdout) = check(&setup, &[postgres.clone(), url]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("ok:      PostgreSQL database at PULSE__STORE__URL"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("canary-pw") && !stdout.contains("db/pulse"),
        "{stdout}"
    );

    let url = ("PULSE__STORE__URL", "postgres://pulse@db/pulse".to_owned());
    let (_, stdout) = check(&setup, &[postgres, url]);
    assert!(
        stdout.contains("warning: PULSE__STORE__PASSWORD is not set"),
        "{stdout}"
    );

    // The default needs none of it.
    let (code, stdout) = check(&setup, &[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("ok:      database at "), "{stdout}");
}

#[test]
fn pulse_run_says_once_that_the_configuration_is_not_valid() {
    let setup = Setup::new("");
    let output = setup
        .pulse_with_secrets(&["run"])
        .env("PULSE__HTTP__BIND", "localhost")
        .output()
        .expect("pulse run runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "error: the configuration is not valid: PULSE__HTTP__BIND = \"localhost\" is not an address: write a host and a port, like 127.0.0.1:8080 or localhost:8080\n"
    );
}

#[test]
fn pulse_check_accepts_a_host_name_and_refuses_an_address_in_use() {
    let setup = Setup::new("");
    let (code, stdout) = check(&setup, &[("PULSE__HTTP__BIND", "localhost:0".into())]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.ends_with("Pulse can start.\n"), "{stdout}");

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let bind = taken.local_addr().unwrap().to_string();
    let (code, stdout) = check(&setup, &[("PULSE__HTTP__BIND", bind.clone())]);
    assert_eq!(code, Some(1), "{stdout}");
    let expected = format!("problem: http.bind = {bind:?} is already in use");
    assert!(stdout.contains(&expected), "{expected:?} in:\n{stdout}");
    assert!(
        stdout.ends_with("Pulse cannot start until the problems above are fixed.\n"),
        "{stdout}"
    );
}

#[test]
fn pulse_run_without_a_front_end_warns_and_logs_to_a_pipe_without_colour() {
    let setup = Setup::new("");
    let mut run = Running::start(setup.pulse_with_secrets(&["run"]), Stdio::null());
    run.wait_for("pulse is ready", START);
    run.signal("TERM");
    let status = run.exit_within(Duration::from_secs(15));
    let stderr = run.output_so_far();
    assert!(status.is_some_and(|s| s.success()), "{status:?}: {stderr}");
    assert!(
        stderr.lines().any(|line| line.contains("WARN")
            && line.contains("no chat front end is configured")
            && line.contains("PULSE__TELEGRAM__TOKEN")
            && line.contains("PULSE__DISCORD__TOKEN")),
        "no warning in:\n{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in a pipe:\n{stderr}"
    );
}

#[test]
fn pulse_sandbox_prints_exports_that_a_shell_takes_for_a_pulse_that_can_start() {
    let setup = Setup::new("");
    // `--config` is global; the sandbox reads no configuration.
    let mut sandbox = Running::start(setup.pulse(&["sandbox", "--port", "0"]), Stdio::null());
    sandbox.wait_for("Ctrl-C stops it.", START);
    let printed = sandbox.output_so_far();
    let base = printed
        .lines()
        .find_map(|line| line.strip_prefix("Sandbox Instagram at "))
        .expect("the sandbox's address")
        .to_owned();
    let pasted: Vec<&str> = printed
        .lines()
        .filter(|line| line.starts_with("export ") || line.starts_with('#'))
        .collect();
    assert!(
        pasted
            .iter()
            .any(|line| line.starts_with("export PULSE__VAULT__MASTER_KEY=")),
        "no master key in:\n{printed}"
    );
    // What an operator does: paste the lines into a shell, then start Pulse from it.
    let script = format!(
        "{}\nprintenv PULSE__INSTAGRAM__GRAPH_URL\nexec \"$PULSE\" check --config \"$CONFIG\"\n",
        pasted.join("\n")
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .env_clear()
        .env("PULSE", env!("CARGO_BIN_EXE_pulse"))
        .env("CONFIG", &setup.config)
        .current_dir(setup.dir.path())
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with(&format!("{base}\n")),
        "the graph URL is the sandbox's:\n{stdout}\nfrom:\n{script}"
    );
    assert!(
        output.status.success() && stdout.ends_with("Pulse can start.\n"),
        "{stdout}\nfrom:\n{script}"
    );
    sandbox.signal("TERM");
    assert!(sandbox
        .exit_within(Duration::from_secs(5))
        .is_some_and(|s| s.success()));
}

#[test]
fn pulse_backup_asks_the_running_pulse_and_pulse_restore_fills_only_an_empty_directory() {
    let setup = Setup::new("");
    let key = keygen();
    let with_key = |mut command: Command| {
        command.env("PULSE__VAULT__MASTER_KEY", &key);
        command
    };
    let mut run = Running::start(with_key(setup.pulse_with_secrets(&["run"])), Stdio::null());
    run.wait_for("pulse is ready", START);
    let socket = setup.dir.path().join("pulse.sled.backup.sock");
    assert!(socket.exists(), "no backup socket while Pulse runs");
    use std::os::unix::fs::PermissionsExt as _;
    let socket_mode = std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777;
    assert_eq!(socket_mode, 0o600);

    // While Pulse runs, `pulse backup` needs only the configuration.
    let output = setup
        .pulse(&["backup", "running.backup"])
        .output()
        .expect("pulse backup runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success()
            && printed.starts_with("Wrote a backup of ")
            && printed.contains("to running.backup, taken by the running Pulse."),
        "{output:?}"
    );
    run.signal("TERM");
    let status = run.exit_within(Duration::from_secs(15));
    assert!(status.is_some_and(|s| s.success()), "{status:?}");
    assert!(!socket.exists(), "the socket is removed at shutdown");

    // With Pulse stopped, it reads the database itself.
    let output = with_key(setup.pulse(&["backup", "stopped.backup"]))
        .output()
        .expect("pulse backup runs");
    assert!(
        output.status.success()
            && String::from_utf8_lossy(&output.stdout)
                .contains("taken by pulse backup (no Pulse was running on it)."),
        "{output:?}"
    );

    // Restored into a new directory, then refused there a second time.
    let restored = setup.dir.path().join("restored");
    let config = setup.dir.path().join("restored.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\npath = {:?}\n",
            restored.join("pulse.sled").display().to_string()
        ),
    )
    .unwrap();
    let restore = || {
        Command::new(env!("CARGO_BIN_EXE_pulse"))
            .args(["restore", "running.backup", "--config"])
            .arg(&config)
            .current_dir(setup.dir.path())
            .env_clear()
            .env("PULSE__VAULT__MASTER_KEY", &key)
            .output()
            .expect("pulse restore runs")
    };
    let output = restore();
    assert!(
        output.status.success()
            && String::from_utf8_lossy(&output.stdout).starts_with("Restored the backup taken at "),
        "{output:?}"
    );
    let output = restore();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.code() == Some(1)
            && stderr.starts_with(&format!(
                "error: the data directory {} is not empty",
                restored.display()
            )),
        "{output:?}"
    );
}

/// Runs `scenario` in a child process of this test binary whose file-size limit the scenario
/// may lower and raise (`prlimit` on itself) to play a disk that fills and is freed again;
/// SIGXFSZ is ignored there (set by `sh` before `exec`, kept across it), so a write past
/// the limit fails with EFBIG as a write to a full disk fails with ENOSPC.
fn in_a_child_with_a_file_size_limit(test_name: &str, scenario: impl FnOnce()) {
    const CHILD: &str = "PULSE_TEST_FILE_SIZE_CHILD";
    if std::env::var_os(CHILD).is_some() {
        scenario();
        return;
    }
    let this_binary = std::env::current_exe().expect("the test binary");
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; exec \"$0\" \"$@\"")
        .arg(this_binary)
        .args(["--exact", test_name, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .expect("the child runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the child failed:\n{printed}");
    assert!(
        printed.contains("1 passed"),
        "the child ran the test:\n{printed}"
    );
}

/// Sets this process's file-size limit (bytes), as freeing or filling a disk would.
fn set_file_size_limit(limit: &str) {
    set_file_size_limit_of(std::process::id(), limit);
}

/// Sets the soft file-size limit (bytes, or `unlimited`) of the process `pid`.
fn set_file_size_limit_of(pid: u32, limit: &str) {
    let status = Command::new("prlimit")
        .arg("--pid")
        .arg(pid.to_string())
        .arg(format!("--fsize={limit}:"))
        .status()
        .expect("prlimit runs");
    assert!(status.success(), "prlimit --fsize={limit}");
}

fn largest_file(directory: &std::path::Path) -> u64 {
    let mut largest = 0;
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        let size = if path.is_dir() {
            largest_file(&path)
        } else {
            std::fs::metadata(&path).map_or(0, |m| m.len())
        };
        largest = largest.max(size);
    }
    largest
}

#[test]
fn the_store_writes_again_once_a_full_disk_has_room() {
    in_a_child_with_a_file_size_limit("the_store_writes_again_once_a_full_disk_has_room", || {
        use engine::store::{Store, Tree};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pulse.sled");
        let store = bot::app::open_store(&path, 1).unwrap();
        let value = vec![7u8; 4096];
        for n in 0..200u32 {
            store.insert(Tree::Posts, &n.to_be_bytes(), &value).unwrap();
        }
        store.flush().unwrap();
        set_file_size_limit(&largest_file(&path).to_string());
        let mut failed = false;
        for n in 200..5000u32 {
            let written = store
                .insert(Tree::Posts, &n.to_be_bytes(), &value)
                .and_then(|_| store.flush());
            if written.is_err() {
                eprintln!("full at {n}: {written:?}");
                failed = true;
                break;
            }
        }
        assert!(failed, "the disk filled");
        set_file_size_limit("unlimited");
        let mut recovered = None;
        for attempt in 0..50 {
            let written = store
                .insert(Tree::Posts, b"after", &value)
                .and_then(|_| store.flush());
            if written.is_ok() {
                recovered = Some(attempt);
                break;
            }
            eprintln!("attempt {attempt}: {written:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(recovered.is_some(), "writes work again once there is room");
    });
}

/// A plain HTTP/1.1 GET on 127.0.0.1: the status code and the body.
fn http_get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn healthz_says_when_the_disk_is_full_and_pulse_writes_again_once_there_is_room() {
    let setup = Setup::new("");
    // `pulse run` with SIGXFSZ ignored, so a file-size limit plays a full disk.
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("trap '' XFSZ; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_pulse"))
        .args(["run", "--config"])
        .arg(&setup.config)
        .current_dir(setup.dir.path())
        .env_clear()
        .env("PULSE__VAULT__MASTER_KEY", keygen())
        .env("PULSE__INSTAGRAM__APP_SECRET", "sandbox-secret");
    let mut run = Running::start(command, Stdio::null());
    run.wait_for("pulse is ready", START);
    let printed = run.output_so_far();
    let addr = printed
        .split("addr=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the HTTP address is logged")
        .to_owned();
    let healthz_until = |wanted: u16| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (status, body) = http_get(&addr, "/healthz");
            if status == wanted || Instant::now() > deadline {
                return (status, body);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    assert_eq!(healthz_until(200).0, 200, "healthy at first");

    // The disk fills: no file of the database may grow.
    let store = setup.dir.path().join("pulse.sled");
    set_file_size_limit_of(run.child.id(), &largest_file(&store).to_string());
    let (status, body) = healthz_until(503);
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("\"store\"") && body.contains("cannot write"),
        "{body}"
    );

    // Room again: Pulse recovers by itself, no restart.
    set_file_size_limit_of(run.child.id(), "unlimited");
    let (status, body) = healthz_until(200);
    assert_eq!(status, 200, "{body}\n{}", run.output_so_far());
    assert!(
        run.child.try_wait().unwrap().is_none(),
        "the same process, still running"
    );
    run.signal("TERM");
    let status = run.exit_within(Duration::from_secs(15));
    assert!(status.is_some_and(|s| s.success()), "{status:?}");
}
