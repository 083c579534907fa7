//! The `pulse` command line. Each subcommand is a few lines of wiring; the work lives in the
//! modules it calls.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use connectors::sandbox::{Sandbox, SandboxConfig};
use engine::chat::Platform;
use engine::vault::MasterKey;
use tokio_util::sync::CancellationToken;

use crate::app::{system_clock, App, AppOptions};
use crate::check::{self, Finding};
use crate::config::{self, FileConfig, Secrets};
use crate::console::{self, ConsoleOptions, ConsoleOutput};
use crate::demo::{self, DemoOptions};
use crate::{shutdown, telemetry};

/// Pulse: Instagram insights in your Telegram and Discord chats.
#[derive(Debug, Parser)]
#[command(name = "pulse", version, about)]
pub struct Cli {
    /// The configuration file (default: ./config.toml when it exists).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run Pulse: the HTTP server, the front ends whose tokens are set, and scheduled syncs.
    Run,
    /// Try Pulse with no credentials: a sandbox Instagram, a temporary database, this console.
    Demo {
        /// Print the /connect link instead of opening it automatically.
        #[arg(long)]
        no_follow: bool,
    },
    /// Chat with Pulse on this console: one message per line on stdin, replies on stdout.
    /// Instead of `pulse run`, not beside it: both use the one store and `http.bind`.
    Chat,
    /// Check the configuration and the secrets, and say what is missing.
    Check,
    /// Run only the sandbox Instagram, and print the `export` lines (a fresh master key
    /// included) that point a real `pulse run` at it.
    Sandbox {
        /// The port to listen on.
        #[arg(long, default_value_t = 8090)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
        /// Delay every answer by this many milliseconds, as Instagram's take 150–500 ms.
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        /// And by up to this many more, drawn for each answer.
        #[arg(long, default_value_t = 0)]
        jitter_ms: u64,
    },
    /// Print a fresh master key for PULSE__VAULT__MASTER_KEY.
    Keygen,
    /// With Pulse stopped: move every stored secret from PULSE__VAULT__MASTER_KEY to
    /// PULSE__VAULT__NEW_MASTER_KEY (access tokens re-sealed, account keys re-wrapped).
    RotateKey,
    /// Write a backup of the database and its keyring to FILE: one moment of every tree,
    /// sealed as a whole under the master key, written whole with mode 0600 (an existing FILE
    /// is replaced). While Pulse runs, the running Pulse takes it: `pulse backup` asks it on
    /// the owner-only Unix socket `<store.path>.backup.sock`, and Pulse pauses its writes while
    /// it reads the trees, so nothing needs stopping. With Pulse stopped, `pulse backup` reads
    /// the database itself (then it needs PULSE__VAULT__MASTER_KEY).
    Backup {
        /// Where to write the backup.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Restore a backup made by `pulse backup` into the data directory of `store.path`, which
    /// must be empty or not exist yet; PULSE__VAULT__MASTER_KEY must be the key Pulse ran with
    /// when the backup was taken.
    Restore {
        /// The backup to restore.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// With Pulse stopped: copy the sled store of `store.path` and its keyring into the empty
    /// PostgreSQL database of `store.url` (password in PULSE__STORE__PASSWORD, or the whole
    /// URL in PULSE__STORE__URL), then check the copy (entries per tree, and a sample of
    /// records opened on both sides). The sled directory is left as it was.
    MigrateStore {
        /// Where to: `postgres`.
        #[arg(long, value_name = "BACKEND")]
        to: config::Backend,
    },
}

/// Parses the command line and runs it; errors are printed with their causes.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `pulse check`'s last line when something must be fixed.
const CANNOT_START: &str = "Pulse cannot start until the problems above are fixed.";

/// `value` in single quotes for a POSIX shell (a `'` inside becomes `'\''`).
fn shell_quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'\\''"))
}

fn config_path(explicit: Option<&Path>) -> Option<PathBuf> {
    match explicit {
        Some(path) => Some(path.to_owned()),
        None => Some(PathBuf::from("config.toml")).filter(|p| p.exists()),
    }
}

fn load_config(explicit: Option<&Path>) -> anyhow::Result<FileConfig> {
    Ok(config::load(config_path(explicit).as_deref())?)
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Keygen => {
            println!("{}", MasterKey::generate().to_base64());
            Ok(ExitCode::SUCCESS)
        }
        Command::RotateKey => {
            telemetry::init("warn");
            let file = load_config(cli.config.as_deref())?;
            let rotation = crate::app::rotate_master_key(&file, &Secrets::from_env())?;
            println!("{}", rotation.report());
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { file: to } => {
            telemetry::init("warn");
            let file = load_config(cli.config.as_deref())?;
            let made = crate::backup::backup(&file, &Secrets::from_env(), &to).await?;
            println!(
                "Wrote a backup of {} ({} bytes, sealed under the master key) to {}, taken by {}.",
                file.store.path.display(),
                made.bytes,
                to.display(),
                if made.by_running_pulse {
                    "the running Pulse"
                } else {
                    "pulse backup (no Pulse was running on it)"
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file: from } => {
            telemetry::init("warn");
            let file = load_config(cli.config.as_deref())?;
            let restored = crate::backup::restore(&file, &Secrets::from_env(), &from)?;
            println!(
                "Restored the backup taken at {} ({} entries) into {}. Start Pulse with the same master key.",
                restored.taken_at.format("%Y-%m-%d %H:%M:%S UTC"),
                restored.entries,
                file.store.path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::MigrateStore { to } => {
            telemetry::init("warn");
            let file = load_config(cli.config.as_deref())?;
            let moved = tokio::task::spawn_blocking(move || {
                crate::migrate::migrate_store(&file, &Secrets::from_env(), to)
                    .map(|moved| moved.report(&file))
            })
            .await
            .context("the migration stopped")??;
            println!("{moved}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let file = match config::load(config_path(cli.config.as_deref()).as_deref()) {
                Ok(file) => file,
                Err(error) => {
                    for problem in error.problems() {
                        println!("problem: {problem}");
                    }
                    println!("{CANNOT_START}");
                    return Ok(ExitCode::FAILURE);
                }
            };
            let findings = check::check(&file, &Secrets::from_env());
            let mut failed = false;
            for finding in &findings {
                match finding {
                    Finding::Ok(text) => println!("ok:      {text}"),
                    Finding::Warning(text) => println!("warning: {text}"),
                    Finding::Problem(text) => {
                        failed = true;
                        println!("problem: {text}");
                    }
                }
            }
            println!(
                "{}",
                if failed {
                    CANNOT_START
                } else {
                    "Pulse can start."
                }
            );
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Sandbox {
            port,
            host,
            latency_ms,
            jitter_ms,
        } => {
            telemetry::init("info");
            let token = CancellationToken::new();
            shutdown::cancel_on_signal(token.clone());
            let mut sandbox_config = SandboxConfig::new(chrono::Utc::now().date_naive());
            sandbox_config.latency = Duration::from_millis(latency_ms);
            sandbox_config.jitter = Duration::from_millis(jitter_ms);
            let (app_id, app_secret) = (
                sandbox_config.app_id.clone(),
                sandbox_config.app_secret.clone(),
            );
            let (tiktok_key, tiktok_secret) = (
                sandbox_config.tiktok.client_key.clone(),
                sandbox_config.tiktok.client_secret.clone(),
            );
            let sandbox =
                Sandbox::start(sandbox_config, SocketAddr::new(host, port), token.clone())
                    .await
                    .with_context(|| format!("cannot start the sandbox on {host}:{port}"))?;
            let base = sandbox.base_url();
            println!("Sandbox Instagram at {base}");
            println!("Sandbox TikTok under {base}/tiktok");
            if latency_ms > 0 || jitter_ms > 0 {
                println!(
                    "Every answer waits {latency_ms} ms, plus up to {jitter_ms} ms more, as Instagram's do."
                );
            }
            println!("Paste these lines into the shell you start `pulse run` from:");
            for (name, value) in [
                ("PULSE__INSTAGRAM__APP_ID", app_id),
                (
                    "PULSE__INSTAGRAM__AUTHORIZE_URL",
                    format!("{base}/oauth/authorize"),
                ),
                (
                    "PULSE__INSTAGRAM__TOKEN_URL",
                    format!("{base}/oauth/access_token"),
                ),
                ("PULSE__INSTAGRAM__GRAPH_URL", base.clone()),
                ("PULSE__INSTAGRAM__APP_SECRET", app_secret),
                ("PULSE__TIKTOK__CLIENT_KEY", tiktok_key),
                (
                    "PULSE__TIKTOK__AUTHORIZE_URL",
                    sandbox.tiktok_authorize_url(),
                ),
                ("PULSE__TIKTOK__API_URL", sandbox.tiktok_api_url()),
                ("PULSE__TIKTOK__CLIENT_SECRET", tiktok_secret),
            ] {
                println!("export {name}={}", shell_quoted(&value));
            }
            println!(
                "# A fresh master key: a store made under another key needs that key instead."
            );
            println!(
                "export PULSE__VAULT__MASTER_KEY={}",
                shell_quoted(&MasterKey::generate().to_base64())
            );
            println!("Ctrl-C stops it.");
            token.cancelled().await;
            sandbox.stopped().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { no_follow } => {
            let file = load_config(cli.config.as_deref())?;
            telemetry::init("warn");
            let token = CancellationToken::new();
            shutdown::cancel_on_signal(token.clone());
            demo::run(
                file,
                DemoOptions {
                    follow_links: !no_follow,
                },
                system_clock(),
                token,
            )
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat => {
            let file = load_config(cli.config.as_deref())?;
            telemetry::init(&file.log.filter);
            let token = CancellationToken::new();
            shutdown::cancel_on_signal(token.clone());
            let app = App::build(&file, &Secrets::from_env(), AppOptions::default()).await?;
            let state = app.state();
            let output = Arc::new(ConsoleOutput::new(Box::new(tokio::io::stdout())));
            state.outbox.register(Platform::Console, output.clone());
            let running = tokio::spawn(app.run(token.clone()));
            let options = ConsoleOptions {
                echo: !std::io::IsTerminal::is_terminal(&std::io::stdin()),
                follow_links: false,
                sync_wait: Duration::from_secs(0),
            };
            let stdin = console::stdin()?;
            let console = tokio::select! {
                result = console::run(state, stdin, output, options) => result,
                () = token.cancelled() => Ok(()),
            };
            // Whatever ended the console, the app drains and flushes before we return.
            token.cancel();
            let stopped = running.await.context("the app task failed")?;
            console.context("reading the console input")?;
            stopped?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Run => {
            let file = load_config(cli.config.as_deref())?;
            telemetry::init(&file.log.filter);
            let token = CancellationToken::new();
            shutdown::cancel_on_signal(token.clone());
            let secrets = Secrets::from_env();
            let app = App::build(&file, &secrets, AppOptions::default()).await?;
            if let Some(warning) = check::no_front_end(&secrets) {
                tracing::warn!("{warning}");
            }
            tracing::info!(addr = %app.http_addr(), "HTTP server listening");
            app.run(token).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quoted;

    #[test]
    fn shell_quoting_keeps_every_character() {
        assert_eq!(
            shell_quoted("http://127.0.0.1:8090"),
            "'http://127.0.0.1:8090'"
        );
        assert_eq!(shell_quoted("a+b/c="), "'a+b/c='");
        assert_eq!(shell_quoted("it's"), "'it'\\''s'");
    }

    #[test]
    fn the_sandbox_takes_a_latency_and_a_jitter() {
        use clap::Parser as _;
        let cli = super::Cli::try_parse_from([
            "pulse",
            "sandbox",
            "--latency-ms",
            "300",
            "--jitter-ms",
            "100",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            super::Command::Sandbox {
                latency_ms: 300,
                jitter_ms: 100,
                ..
            }
        ));
        assert!(super::Cli::try_parse_from(["pulse", "sandbox", "--latency-ms", "-5"]).is_err());
    }
}
