//! `pulse demo`: the whole product with no credentials. A sandbox Instagram on a free port,
//! a temporary data directory, a generated master key, the HTTP server on a free port and the
//! console front end — the real connector, OAuth and store code, only base URLs differ.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use connectors::sandbox::{Sandbox, SandboxConfig};
use engine::chat::Platform;
use engine::vault::MasterKey;
use secrecy::SecretString;
use tokio_util::sync::CancellationToken;

use crate::app::{App, AppOptions, Clock};
use crate::config::{FileConfig, Secrets};
use crate::console::{self, ConsoleOptions, ConsoleOutput};

/// Points a configuration at a sandbox: its base URLs and app id, fast retries, port 0.
pub fn sandbox_config(mut file: FileConfig, sandbox: &Sandbox, app_id: &str) -> FileConfig {
    let base = sandbox.base_url();
    file.http.bind = "127.0.0.1:0".into();
    file.instagram.app_id = app_id.to_owned();
    file.instagram.authorize_url = format!("{base}/oauth/authorize");
    file.instagram.token_url = format!("{base}/oauth/access_token");
    file.instagram.graph_url = base;
    file.instagram.base_backoff_ms = 20;
    file.instagram.max_backoff_ms = 500;
    file.instagram.usage_pause_ms = 200;
    file.instagram.request_timeout_secs = 10;
    let tiktok = connectors::sandbox::TikTokConfig::default();
    file.tiktok.client_key = tiktok.client_key;
    file.tiktok.authorize_url = sandbox.tiktok_authorize_url();
    file.tiktok.api_url = sandbox.tiktok_api_url();
    file.tiktok.request_timeout_secs = 10;
    file
}

/// The secrets a sandbox-backed app uses: a fresh master key and the sandbox's app secret.
pub fn sandbox_secrets(app_secret: &str) -> Secrets {
    Secrets {
        master_key: Some(SecretString::from(MasterKey::generate().to_base64())),
        instagram_app_secret: Some(SecretString::from(app_secret.to_owned())),
        tiktok_client_secret: Some(SecretString::from(
            connectors::sandbox::TikTokConfig::default().client_secret,
        )),
        ..Secrets::default()
    }
}

/// A random pepper for one demo run (48 letters and digits).
fn demo_pepper() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, 48)
}

/// What `pulse demo` was asked.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Open the `/connect` link automatically.
    pub follow_links: bool,
}

/// Runs the demo on stdin and stdout until end of input or Ctrl-C.
pub async fn run(
    base: FileConfig,
    options: DemoOptions,
    clock: Clock,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stdin());
    let stdin = console::stdin()?;
    let stdout = Box::new(tokio::io::stdout());
    run_with(base, options, clock, shutdown, stdin, stdout, interactive).await
}

/// Runs the demo on the given input and output (tests pass buffers).
pub async fn run_with(
    base: FileConfig,
    options: DemoOptions,
    clock: Clock,
    shutdown: CancellationToken,
    input: impl tokio::io::AsyncBufRead + Unpin,
    output: Box<dyn tokio::io::AsyncWrite + Send + Unpin>,
    interactive: bool,
) -> anyhow::Result<()> {
    let today = clock().date_naive();
    let mut sandbox_settings = SandboxConfig::new(today);
    // The demo shows the product, not Instagram's pacing: keep usage low.
    sandbox_settings.usage_budget_per_minute = 20_000;
    let app_id = sandbox_settings.app_id.clone();
    let app_secret = sandbox_settings.app_secret.clone();
    let sandbox = Sandbox::start(
        sandbox_settings,
        SocketAddr::from(([127, 0, 0, 1], 0)),
        shutdown.child_token(),
    )
    .await
    .context("starting the sandbox Instagram")?;
    let data = tempfile::Builder::new()
        .prefix("pulse-demo-")
        .tempdir()
        .context("creating a temporary data directory")?;
    let mut file = sandbox_config(base, &sandbox, &app_id);
    file.store.path = data.path().join("pulse.sled");
    let mut secrets = sandbox_secrets(&app_secret);
    // A pepper of this run only, so `/apikey new` works in the demo (its keys die with it).
    secrets.api_pepper = Some(SecretString::from(demo_pepper()));

    let app = App::build(
        &file,
        &secrets,
        AppOptions {
            public_url_from_bind: true,
            clock: clock.clone(),
            ..AppOptions::default()
        },
    )
    .await?;
    let state = app.state();
    let output = Arc::new(ConsoleOutput::new(output));
    state.outbox.register(Platform::Console, output.clone());
    let banner = format!(
        "Pulse demo: a sandbox Instagram at {} with the account @{}, data in a temporary directory.\n\
Type /connect to link it{} (/connect tiktok links the sandbox TikTok), then /stats, /top saves, /help; /apikey new sheets stats:read makes a key of the stats API ({}/api/docs). {} to quit.",
        sandbox.base_url(),
        sandbox.accounts().first().map(|a| a.profile.username.as_str()).unwrap_or("?"),
        if options.follow_links { " (the demo opens the link itself)" } else { " (open the printed link in a browser)" },
        app.public_url().trim_end_matches('/'),
        if interactive { "Ctrl-D" } else { "End of input" },
    );
    output.send_text(&banner).await?;

    let app_token = shutdown.child_token();
    let running = tokio::spawn(app.run(app_token.clone()));
    let console_options = ConsoleOptions {
        echo: !interactive,
        follow_links: options.follow_links,
        sync_wait: Duration::from_secs(300),
    };
    let console = tokio::select! {
        result = console::run(state.clone(), input, output, console_options) => result,
        () = shutdown.cancelled() => Ok(()),
    };
    // Whatever ended the console, the app drains and flushes before we return.
    app_token.cancel();
    let stopped = running.await.context("the app task failed")?;
    console.context("reading the console input")?;
    stopped?;
    shutdown.cancel();
    sandbox.stopped().await;
    drop(data);
    Ok(())
}
