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

/// A running `pulse` whose stderr is read line by line.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn start(mut command: Command, stdin: Stdio) -> Running {
        let mut child = command
            .stdin(stdin)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pulse starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Reads stderr until a line contains `needle`; panics with what was read otherwise.
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
            "no line with {needle:?} within {within:?}; stderr so far:\n{}",
            self.seen.join("\n")
        );
    }

    /// Whatever stderr said since, without waiting.
    fn stderr_so_far(&mut self) -> String {
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
            chat.stderr_so_far()
        );
        assert!(
            status.is_some_and(|s| s.success()),
            "exit status {status:?}"
        );
    }
}
