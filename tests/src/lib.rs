//! The end-to-end test harness: [`spawn_app`] runs the real `pulse` wiring (config, engine,
//! Instagram client, sled store, HTTP server) against a sandbox Instagram on a free port, with
//! a fixed clock and a recording chat front end. Tests talk to it as a chat user and as a
//! browser would. [`fake_telegram`] is the Bot API the Telegram front end talks to.

pub mod fake_discord;
pub mod fake_llm;
pub mod fake_telegram;
pub mod multipart;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bot::app::{App, AppOptions, AppState, Clock};
use bot::config::FileConfig;
use bot::console::console_chat;
use bot::demo::{sandbox_config, sandbox_secrets};
use bot::frontend::{ChatOutput, SentMessage};
use bot::linking::SyncEvent;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use connectors::sandbox::{Sandbox, SandboxAccount, SandboxConfig};
use engine::chat::{ChatId, Platform, UserId};
use engine::{Message, Reply};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// A front end that records everything Pulse sends on its own (link confirmations,
/// progress, "ready").
#[derive(Default)]
pub struct RecordingOutput {
    sent: Mutex<Vec<(ChatId, String)>>,
}

impl RecordingOutput {
    /// Everything sent so far, as plain text.
    pub fn texts(&self) -> Vec<String> {
        self.sent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(_, text)| text.clone())
            .collect()
    }
}

#[async_trait]
impl ChatOutput for RecordingOutput {
    async fn send(&self, chat: &ChatId, reply: &Reply) -> anyhow::Result<SentMessage> {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        sent.push((chat.clone(), reply.to_plain_text()));
        Ok(SentMessage {
            id: sent.len().to_string(),
        })
    }

    async fn edit(
        &self,
        chat: &ChatId,
        _message: &SentMessage,
        reply: &Reply,
    ) -> anyhow::Result<()> {
        self.send(chat, reply).await.map(|_| ())
    }
}

/// A running Pulse with its sandbox.
pub struct TestApp {
    /// The sandbox Instagram (its data is what answers are checked against).
    pub sandbox: Sandbox,
    /// The shared state of the running app.
    pub state: Arc<AppState>,
    /// What Pulse sent on its own.
    pub output: Arc<RecordingOutput>,
    /// Pulse's public base URL.
    pub base_url: String,
    /// The HTTP server's address.
    pub http_addr: SocketAddr,
    /// "Now" for the app.
    pub now: DateTime<Utc>,
    shutdown: CancellationToken,
    running: JoinHandle<anyhow::Result<()>>,
    _data: tempfile::TempDir,
}

/// The fixed moment tests run at: noon UTC today.
pub fn test_now() -> DateTime<Utc> {
    let today = Utc::now().date_naive();
    Utc.from_utc_datetime(&today.and_hms_opt(12, 0, 0).unwrap_or_default())
}

/// How a test app differs from the default.
#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// Run the Telegram front end against this Bot API URL (a fake).
    pub telegram_api_url: Option<String>,
    /// Receive Telegram updates by webhook with this secret, instead of polling.
    pub telegram_webhook_secret: Option<String>,
    /// Run the Discord front end in endpoint mode: the fake REST base URL and the public key.
    pub discord: Option<(String, String)>,
    /// Run the Discord front end in gateway mode against this fake REST base URL.
    pub discord_gateway: Option<String>,
    /// Answer questions with the model at this API base, waiting at most this many seconds.
    pub llm: Option<(String, u64)>,
}

/// Starts a sandbox and a Pulse pointed at it, both on free ports.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}, TestOptions::default()).await
}

/// Like [`spawn_app`], with the Telegram front end talking to `telegram` (a fake Bot API).
pub async fn spawn_app_with_telegram(telegram: &fake_telegram::FakeTelegram) -> TestApp {
    let options = TestOptions {
        telegram_api_url: Some(telegram.api_url()),
        ..TestOptions::default()
    };
    spawn_app_with(|_| {}, options).await
}

/// Like [`spawn_app`], with a chance to change the sandbox's settings first, and the options.
pub async fn spawn_app_with(
    adjust_sandbox: impl FnOnce(&mut SandboxConfig),
    options: TestOptions,
) -> TestApp {
    let now = test_now();
    let shutdown = CancellationToken::new();
    let mut sandbox_settings = SandboxConfig::new(now.date_naive());
    adjust_sandbox(&mut sandbox_settings);
    let (app_id, app_secret) = (
        sandbox_settings.app_id.clone(),
        sandbox_settings.app_secret.clone(),
    );
    let sandbox = Sandbox::start(
        sandbox_settings,
        SocketAddr::from(([127, 0, 0, 1], 0)),
        shutdown.child_token(),
    )
    .await
    .expect("the sandbox starts");
    let data = tempfile::tempdir().expect("a temporary directory");
    let mut file = sandbox_config(FileConfig::default(), &sandbox, &app_id);
    file.store.path = data.path().join("pulse.sled");
    file.instagram.usage_pause_ms = 5;
    file.instagram.base_backoff_ms = 5;
    let mut secrets = sandbox_secrets(&app_secret);
    if let Some(api_url) = options.telegram_api_url {
        file.telegram.api_url = api_url;
        secrets.telegram_token = Some(fake_telegram::BOT_TOKEN.to_owned().into());
    }
    if let Some((api_url, public_key)) = options.discord {
        file.discord.mode = "endpoint".into();
        file.discord.api_url = api_url;
        file.discord.public_key = public_key;
        file.discord.application_id = fake_discord::APPLICATION_ID.into();
        file.discord.guild_id = fake_discord::GUILD_ID.into();
        secrets.discord_token = Some(fake_discord::BOT_TOKEN.to_owned().into());
    }
    if let Some((base_url, timeout_secs)) = options.llm {
        file.llm.base_url = base_url;
        file.llm.model = "fake-model".into();
        file.llm.timeout_secs = timeout_secs;
        secrets.llm_api_key = Some("sk-test-canary-key".to_owned().into());
    }
    if let Some(api_url) = options.discord_gateway {
        file.discord.mode = "gateway".into();
        file.discord.api_url = api_url;
        file.discord.guild_id = fake_discord::GUILD_ID.into();
        secrets.discord_token = Some(fake_discord::BOT_TOKEN.to_owned().into());
    }
    if let Some(secret) = options.telegram_webhook_secret {
        file.telegram.mode = "webhook".into();
        secrets.telegram_webhook_secret = Some(secret.into());
    }
    let clock: Clock = Arc::new(move || now);
    let app = App::build(
        &file,
        &secrets,
        AppOptions {
            scheduler: false,
            public_url_from_bind: true,
            clock,
        },
    )
    .await
    .expect("the app builds");
    let state = app.state();
    let output = Arc::new(RecordingOutput::default());
    state.outbox.register(Platform::Console, output.clone());
    let base_url = app.public_url();
    let http_addr = app.http_addr();
    let running = tokio::spawn(app.run(shutdown.child_token()));
    TestApp {
        sandbox,
        state,
        output,
        base_url,
        http_addr,
        now,
        shutdown,
        running,
        _data: data,
    }
}

impl TestApp {
    /// The sandbox's main account.
    pub fn account(&self) -> &SandboxAccount {
        &self.sandbox.accounts()[0]
    }

    /// Today in the app's clock (UTC, the default chat time zone).
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Sends a message as the console user and returns Pulse's reply as plain text.
    pub async fn say(&self, text: &str) -> String {
        self.say_in(&console_chat(), text).await.to_plain_text()
    }

    /// Sends a message in a chat and returns the reply.
    pub async fn say_in(&self, chat: &ChatId, text: &str) -> Reply {
        let message = Message {
            chat: chat.clone(),
            user: UserId::new(chat.platform, "tester"),
            chat_title: format!("test chat {}", chat.id),
            text: text.to_owned(),
        };
        self.state
            .pulse
            .handle(&message, self.now)
            .await
            .expect("pulse answers")
    }

    /// `/connect`, the link followed as a browser would, and the first sync awaited.
    /// Returns the link that was used.
    pub async fn link_account(&self) -> String {
        let mut events = self.state.events.subscribe();
        let reply = self.say_in(&console_chat(), "/connect").await;
        let link = connect_link(&reply).expect("/connect replies with a link");
        bot::browser::follow_link(&link)
            .await
            .expect("the link completes");
        let waited = tokio::time::timeout(Duration::from_secs(60), async {
            loop {
                match events.recv().await {
                    Ok(SyncEvent::Ready { .. }) => return true,
                    Ok(SyncEvent::Failed { .. }) => return false,
                    Err(_) => continue,
                }
            }
        })
        .await;
        assert_eq!(waited, Ok(true), "the first sync finishes");
        link
    }

    /// An HTTP client that does not follow redirects.
    pub fn http(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client")
    }

    /// Stops the app and the sandbox, and waits for both.
    pub async fn stop(self) {
        self.shutdown.cancel();
        self.running
            .await
            .expect("the app task")
            .expect("the app stops cleanly");
        self.sandbox.stopped().await;
    }
}

/// `12345` → `12,345`: the tests' own number formatting, so expected texts do not borrow the
/// engine's.
pub fn grouped(value: u64) -> String {
    let digits: Vec<char> = value.to_string().chars().collect();
    let mut out = String::new();
    for (index, digit) in digits.iter().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(*digit);
    }
    out
}

/// The `/connect/…` link of a reply's buttons.
pub fn connect_link(reply: &Reply) -> Option<String> {
    reply.buttons.iter().find_map(|button| match button {
        engine::reply::Button::Link { url, .. } if url.contains("/connect/") => Some(url.clone()),
        _ => None,
    })
}
