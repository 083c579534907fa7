//! The end-to-end test harness: [`spawn_app`] runs the real `pulse` wiring (config, engine,
//! Instagram client, sled store, HTTP server) against a sandbox Instagram on a free port, with
//! a fixed clock and a recording chat front end. Tests talk to it as a chat user and as a
//! browser would. [`fake_telegram`] is the Bot API the Telegram front end talks to;
//! [`instances`] runs several instances on one PostgreSQL database, and [`processes`] runs
//! them as separate `pulse run` processes.

pub mod fake_discord;
pub mod fake_llm;
pub mod fake_telegram;
pub mod instances;
pub mod multipart;
pub mod processes;
pub mod schema;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bot::app::{App, AppOptions, AppState, Clock};
use bot::config::FileConfig;
use bot::console::console_chat;
use bot::demo::{sandbox_config, sandbox_secrets};
use bot::frontend::{ChatOutput, SendError, SentMessage};
use bot::linking::SyncEvent;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use connectors::sandbox::{Sandbox, SandboxAccount, SandboxConfig};
use engine::account::{AccountId, Network};
use engine::chat::{ChatId, Platform, UserId};
use engine::inbound::{ChatAdmin, Inbound, Input};
use engine::Reply;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// A front end that records everything Pulse sends on its own (link confirmations,
/// progress, "ready", digests), with the app's time of each send.
pub struct RecordingOutput {
    sent: Mutex<Vec<Sent>>,
    clock: TestClock,
}

/// One message a [`RecordingOutput`] received.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The chat.
    pub chat: ChatId,
    /// The reply as plain text.
    pub text: String,
    /// The names of its files.
    pub attachments: Vec<String>,
    /// The app's clock when it was sent.
    pub at: DateTime<Utc>,
}

impl RecordingOutput {
    fn new(clock: TestClock) -> Self {
        Self {
            sent: Mutex::new(Vec::new()),
            clock,
        }
    }

    /// Everything sent so far, as plain text.
    pub fn texts(&self) -> Vec<String> {
        self.sends().into_iter().map(|sent| sent.text).collect()
    }

    /// Everything sent so far.
    pub fn sends(&self) -> Vec<Sent> {
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[async_trait]
impl ChatOutput for RecordingOutput {
    async fn send(&self, chat: &ChatId, reply: &Reply) -> Result<SentMessage, SendError> {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        sent.push(Sent {
            chat: chat.clone(),
            text: reply.to_plain_text(),
            attachments: reply.attachments.iter().map(|a| a.name.clone()).collect(),
            at: self.clock.now(),
        });
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
        self.send(chat, reply).await.map(|_| ()).map_err(Into::into)
    }
}

/// The app's clock, which a test sets and moves — or lets run from where it was set.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<ClockFace>>);

struct ClockFace {
    shows: DateTime<Utc>,
    running_since: Option<std::time::Instant>,
}

impl TestClock {
    /// A stopped clock showing `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(ClockFace {
            shows: now,
            running_since: None,
        })))
    }

    fn face(&self) -> std::sync::MutexGuard<'_, ClockFace> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What it shows.
    pub fn now(&self) -> DateTime<Utc> {
        let face = self.face();
        let elapsed = face
            .running_since
            .map(|since| chrono::Duration::from_std(since.elapsed()).unwrap_or_default());
        face.shows + elapsed.unwrap_or_default()
    }

    /// Sets it (a running clock runs on from there).
    pub fn set(&self, now: DateTime<Utc>) {
        let mut face = self.face();
        face.shows = now;
        if face.running_since.is_some() {
            face.running_since = Some(std::time::Instant::now());
        }
    }

    /// Moves it on.
    pub fn advance(&self, by: chrono::Duration) {
        self.set(self.now() + by);
    }

    /// Lets it run in real time from what it shows.
    pub fn start_running(&self) {
        let now = self.now();
        let mut face = self.face();
        face.shows = now;
        face.running_since = Some(std::time::Instant::now());
    }

    fn as_app_clock(&self) -> Clock {
        let clock = self.clone();
        Arc::new(move || clock.now())
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
    /// "Now" when the app started.
    pub now: DateTime<Utc>,
    /// The app's clock (it starts at `now`).
    pub clock: TestClock,
    shutdown: CancellationToken,
    app_shutdown: CancellationToken,
    running: JoinHandle<anyhow::Result<()>>,
    file: FileConfig,
    secrets: bot::config::Secrets,
    data: Arc<tempfile::TempDir>,
}

/// A real PNG of `width` × `height` (`shade` tells photos apart), as a phone might send it.
pub fn png_photo(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 200) as u8, shade])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("a PNG is written");
    bytes
}

/// The fixed moment tests run at: noon UTC today, or noon of `PULSE_TEST_TODAY`
/// (`YYYY-MM-DD`) when it is set, so that the suite can be run on a Monday, a 1st of the
/// month or a 1 January whatever the machine's date (`PULSE_TEST_TODAY=2027-02-01 .ci/run`).
pub fn test_now() -> DateTime<Utc> {
    let today = std::env::var("PULSE_TEST_TODAY")
        .ok()
        .filter(|day| !day.trim().is_empty())
        .map(|day| {
            NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
                .expect("PULSE_TEST_TODAY is a date written YYYY-MM-DD")
        })
        .unwrap_or_else(|| Utc::now().date_naive());
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
    /// Start the clock (and the sandbox's data) here instead of [`test_now`].
    pub start_at: Option<DateTime<Utc>>,
    /// Bind `/connect` links to who asked with Telegram's login button (`telegram.login_url`).
    pub telegram_login_url: bool,
    /// The HTTP server's limits: `http.max_connections` and `http.header_timeout_secs`.
    pub http_limits: Option<(usize, u64)>,
    /// How long the front ends may take to start (`telegram.start_timeout_secs`,
    /// `discord.start_timeout_secs`) instead of the default.
    pub front_end_start_timeout_secs: Option<u64>,
    /// `PULSE__HTTP__METRICS_TOKEN`: `/metrics` only with this bearer token.
    pub metrics_token: Option<String>,
    /// Bind Discord's `/connect` links to who asked with Discord's OAuth2 `identify`
    /// (`discord.oauth_client_id` and `PULSE__DISCORD__CLIENT_SECRET`), against the fake
    /// Discord of `discord` or `discord_gateway`, whose authorize page is
    /// `{api_url}/oauth2/authorize`.
    pub discord_oauth: bool,
    /// `instagram.max_in_flight_per_account` instead of the default.
    pub max_in_flight_per_account: Option<u32>,
    /// `PULSE__INSTAGRAM__WEBHOOK_VERIFY_TOKEN`: Instagram's webhooks on, with this token.
    pub instagram_webhook_verify_token: Option<String>,
    /// The stats API's rate limits (`[api]`) instead of the defaults.
    pub api_limits: Option<bot::config::ApiSection>,
    /// Keep the data in PostgreSQL (`store.backend = "postgres"`): a fresh database on the
    /// test binary's private cluster, the password in `PULSE__STORE__PASSWORD`.
    pub postgres: bool,
    /// `telegram.pace_speedup`: Pulse's Telegram pacing this many times faster (for a
    /// benchmark whose fake Bot API allows as much more).
    pub telegram_pace_speedup: Option<u32>,
}

/// A fresh, empty database on this test binary's private PostgreSQL cluster: its URL
/// (without the password) and the password. Panics, saying what to install, without
/// PostgreSQL.
pub fn postgres_database() -> (String, String) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static MADE: AtomicUsize = AtomicUsize::new(0);
    let cluster = connectors::postgres::cluster::Cluster::shared();
    let name = format!("pulse_e2e_{}", MADE.fetch_add(1, Ordering::Relaxed));
    cluster
        .database(&name)
        .unwrap_or_else(|error| panic!("{error}"));
    (cluster.url(&name), cluster.password().to_owned())
}

/// Starts a sandbox and a Pulse pointed at it, both on free ports.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}, TestOptions::default()).await
}

/// Like [`spawn_app`], with the app's clock (and the sandbox's data) starting at `start`.
pub async fn spawn_app_at(start: DateTime<Utc>) -> TestApp {
    spawn_app_with(
        |_| {},
        TestOptions {
            start_at: Some(start),
            ..TestOptions::default()
        },
    )
    .await
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
    let now = options.start_at.unwrap_or_else(test_now);
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
    // The stats API is on, so `/apikey new` makes keys.
    secrets.api_pepper = Some(
        "test-pepper-of-at-least-32-characters-0123"
            .to_owned()
            .into(),
    );
    if options.postgres {
        let (url, password) = postgres_database();
        file.store.backend = bot::config::Backend::Postgres;
        file.store.url = url;
        secrets.store_password = Some(password.into());
    }
    if let Some(speedup) = options.telegram_pace_speedup {
        file.telegram.pace_speedup = speedup;
    }
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
    if options.discord_oauth {
        file.discord.oauth_client_id = fake_discord::APPLICATION_ID.into();
        file.discord.oauth_authorize_url = format!("{}/oauth2/authorize", file.discord.api_url);
        secrets.discord_client_secret = Some(fake_discord::OAUTH_CLIENT_SECRET.to_owned().into());
    }
    file.telegram.login_url = options.telegram_login_url;
    if let Some((max_connections, header_timeout_secs)) = options.http_limits {
        file.http.max_connections = max_connections;
        file.http.header_timeout_secs = header_timeout_secs;
    }
    if let Some(timeout) = options.front_end_start_timeout_secs {
        file.telegram.start_timeout_secs = timeout;
        file.discord.start_timeout_secs = timeout;
    }
    if let Some(in_flight) = options.max_in_flight_per_account {
        file.instagram.max_in_flight_per_account = in_flight;
    }
    if let Some(limits) = options.api_limits {
        file.api = limits;
    }
    if let Some(token) = options.instagram_webhook_verify_token {
        secrets.instagram_webhook_verify_token = Some(token.into());
    }
    if let Some(token) = options.metrics_token {
        secrets.metrics_token = Some(token.into());
    }
    if let Some(secret) = options.telegram_webhook_secret {
        file.telegram.mode = "webhook".into();
        secrets.telegram_webhook_secret = Some(secret.into());
    }
    let clock = TestClock::new(now);
    let data = Arc::new(data);
    let output = Arc::new(RecordingOutput::new(clock.clone()));
    start_app(
        sandbox, file, secrets, data, clock, output, shutdown, now, false,
    )
    .await
}

/// Builds and starts the app on `data` (a first start or a restart).
#[allow(clippy::too_many_arguments)]
async fn start_app(
    sandbox: Sandbox,
    file: FileConfig,
    secrets: bot::config::Secrets,
    data: Arc<tempfile::TempDir>,
    clock: TestClock,
    output: Arc<RecordingOutput>,
    shutdown: CancellationToken,
    now: DateTime<Utc>,
    schedulers: bool,
) -> TestApp {
    let app = App::build(
        &file,
        &secrets,
        AppOptions {
            scheduler: schedulers,
            public_url_from_bind: true,
            clock: clock.as_app_clock(),
        },
    )
    .await
    .expect("the app builds");
    let state = app.state();
    state.outbox.register(Platform::Console, output.clone());
    let base_url = app.public_url();
    let http_addr = app.http_addr();
    let app_shutdown = CancellationToken::new();
    let running = tokio::spawn(app.run(app_shutdown.clone()));
    TestApp {
        sandbox,
        state,
        output,
        base_url,
        http_addr,
        now,
        clock,
        shutdown,
        app_shutdown,
        running,
        file,
        secrets,
        data,
    }
}

impl TestApp {
    /// The sandbox's main account.
    pub fn account(&self) -> &SandboxAccount {
        &self.sandbox.accounts()[0]
    }

    /// The id of the newest comment the sandbox counts as an unanswered buyer (ground truth
    /// written by the sandbox, not by Pulse).
    pub fn newest_open_lead(&self) -> String {
        self.account()
            .unanswered_leads()
            .into_iter()
            .max_by_key(|comment| comment.timestamp)
            .expect("the sandbox has leads")
            .id
            .clone()
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
        let inbound = Inbound {
            user_name: "@ana".into(),
            chat_title: format!("test chat {}", chat.id),
            chat_admin: ChatAdmin::Yes,
            ..Inbound::new(
                chat.clone(),
                UserId::new(chat.platform, "tester"),
                Input::Text(text.to_owned()),
            )
        };
        self.state
            .pulse
            .handle(&inbound, self.clock.now())
            .await
            .expect("pulse answers")
    }

    /// `/connect`, the link followed as a browser would, and the first sync awaited to the
    /// end (every post read, not only "Ready"). Returns the link that was used.
    pub async fn link_account(&self) -> String {
        self.link_account_in(&console_chat()).await
    }

    /// [`TestApp::link_account`] in another chat.
    pub async fn link_account_in(&self, chat: &ChatId) -> String {
        let mut events = self.state.events.subscribe();
        let reply = self.say_in(chat, "/connect").await;
        let link = connect_link(&reply).expect("/connect replies with a link");
        bot::browser::follow_link(&link)
            .await
            .expect("the link completes");
        let waited = tokio::time::timeout(Duration::from_secs(60), async {
            loop {
                match events.recv().await {
                    Ok(SyncEvent::Synced { chat: ready, .. }) if ready == *chat => return true,
                    Ok(SyncEvent::Failed { chat: Some(failed) }) if failed == *chat => {
                        return false
                    }
                    Ok(SyncEvent::Failed { chat: None }) => return false,
                    Ok(SyncEvent::Stopped { chat: stopped }) if stopped == *chat => return false,
                    Ok(_) | Err(_) => continue,
                }
            }
        })
        .await;
        assert_eq!(waited, Ok(true), "the first sync finishes");
        link
    }

    /// Like [`TestApp::link_account_in`], signing in to Instagram as the sandbox account
    /// `username` (the sandbox's authorize page takes an `account` parameter).
    pub async fn link_account_as(&self, chat: &ChatId, username: &str) {
        let mut events = self.state.events.subscribe();
        let reply = self.say_in(chat, "/connect").await;
        let link = connect_link(&reply).expect("/connect replies with a link");
        let http = self.http();
        let to_instagram = http
            .get(format!("{link}/go"))
            .send()
            .await
            .expect("the link page continues");
        let authorize = to_instagram
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .expect("a redirect to Instagram")
            .to_owned();
        let following = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::limited(10))
            .build()
            .expect("an HTTP client");
        let landed = following
            .get(format!("{authorize}&account={username}"))
            .send()
            .await
            .expect("the sign-in completes");
        assert_eq!(landed.url().path(), "/linked", "{}", landed.url());
        let waited = tokio::time::timeout(Duration::from_secs(60), async {
            loop {
                match events.recv().await {
                    Ok(SyncEvent::Synced { chat: ready, .. }) if ready == *chat => return true,
                    Ok(SyncEvent::Failed { chat: Some(failed) }) if failed == *chat => {
                        return false
                    }
                    Ok(SyncEvent::Stopped { chat: stopped }) if stopped == *chat => return false,
                    Ok(_) | Err(_) => continue,
                }
            }
        })
        .await;
        assert_eq!(waited, Ok(true), "the first sync finishes");
    }

    /// Links `chats` to the already linked account `account_id` by writing the links (and
    /// each chat's default settings, digest on) straight into the store, as of `at`: no
    /// `/connect`, no messages. For many chats at once (fan-out tests and benches); the
    /// account's own records are whatever its first link wrote.
    pub fn link_directly(&self, account_id: &AccountId, chats: &[ChatId], at: DateTime<Utc>) {
        use engine::records::{ChatLinkRecord, ChatRecord, Records};
        let records = self.state.pulse.records();
        for chunk in chats.chunks(1_000) {
            let mut batch = engine::store::Batch::new();
            for chat in chunk {
                Records::batch_chat(
                    &mut batch,
                    chat,
                    &ChatRecord {
                        active_account: None,
                        timezone: "UTC".into(),
                        created_at: at,
                        digest_enabled: true,
                        digest_time: None,
                        delivery_channel: None,
                        digest_changed_at: None,
                        forget_prompt: None,
                        alerts: Default::default(),
                    },
                );
                Records::batch_link(
                    &mut batch,
                    chat,
                    account_id,
                    &ChatLinkRecord {
                        linked_by: "1".into(),
                        linked_at: at,
                    },
                );
            }
            records
                .store()
                .apply(&batch)
                .expect("the links are written");
        }
        self.state.pulse.flush().expect("the links are flushed");
    }

    /// Lets every linked account publish, as a link that granted
    /// `instagram_business_content_publish` would.
    pub fn allow_publishing(&self) {
        const CONTENT_PUBLISH: &str = "instagram_business_content_publish";
        let records = self.state.pulse.records();
        for account in records.accounts().expect("the accounts read") {
            records
                .update_account(&account.id, |account| {
                    let granted = account.granted_permissions.get_or_insert_with(Vec::new);
                    if !granted.iter().any(|p| p == CONTENT_PUBLISH) {
                        granted.push(CONTENT_PUBLISH.to_owned());
                    }
                })
                .expect("the account is written");
        }
        self.state.pulse.flush().expect("the accounts are flushed");
    }

    /// The account linked in `chat`.
    pub fn account_of(&self, chat: &ChatId) -> Option<AccountId> {
        self.state
            .pulse
            .records()
            .links()
            .expect("the links read")
            .into_iter()
            .find(|(linked, _, _)| linked == chat)
            .map(|(_, account, _)| account)
    }

    /// Pulse's id of the sandbox account that is `user_id` on Instagram, once it is linked.
    pub fn account_id_of(&self, user_id: &str) -> AccountId {
        self.state
            .pulse
            .records()
            .account_on(Network::Instagram, user_id)
            .expect("the accounts read")
            .expect("the account is linked")
            .id
    }

    /// Pulse's id of the sandbox's main account, once it is linked.
    pub fn account_id(&self) -> AccountId {
        self.account_id_of(&self.account().profile.user_id)
    }

    /// The data directory (the database and its keyring).
    pub fn data_dir(&self) -> &std::path::Path {
        self.data.path()
    }

    /// The configuration the app runs with.
    pub fn config(&self) -> &FileConfig {
        &self.file
    }

    /// The secrets the app runs with.
    pub fn secrets(&self) -> &bot::config::Secrets {
        &self.secrets
    }

    /// The master key the app runs with (base64), for tests that look for it where it must
    /// not be.
    pub fn master_key(&self) -> String {
        use secrecy::ExposeSecret as _;
        self.secrets
            .master_key
            .as_ref()
            .map(|key| key.expose_secret().to_owned())
            .unwrap_or_default()
    }

    /// An HTTP client that does not follow redirects.
    pub fn http(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client")
    }

    /// GET `url` without following redirects: the status and the body.
    pub async fn status_and_text(&self, url: String) -> (u16, String) {
        let response = self.http().get(url).send().await.expect("an answer");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// `/forget` in `chat`, then a press of its "Delete everything" button: the receipt.
    pub async fn forget_in(&self, chat: &ChatId) -> Reply {
        let ask = self.say_in(chat, "/forget").await;
        let confirm = ask
            .buttons
            .iter()
            .find_map(|button| match button {
                engine::reply::Button::Command { command, .. }
                    if command.starts_with("/forget confirm ") =>
                {
                    Some(command.clone())
                }
                _ => None,
            })
            .expect("the /forget question has a Delete everything button");
        self.say_in(chat, &confirm).await
    }

    /// Stops the app and starts a new one on the same data directory, clock and recorded
    /// output (the sandbox keeps running): a restart.
    pub async fn restart(self) -> TestApp {
        self.restart_with(false).await
    }

    /// Stops the app, runs `between` on its configuration and secrets (as an operator would
    /// while Pulse is stopped, e.g. `pulse rotate-key`), and starts it again with them.
    pub async fn restart_after(
        self,
        between: impl FnOnce(&FileConfig, &mut bot::config::Secrets),
    ) -> TestApp {
        self.start_again(false, |file, secrets, _| between(file, secrets))
            .await
    }

    /// Stops the app, lets `change` change its configuration and secrets (as an operator
    /// would while Pulse is stopped: `pulse migrate-store`, then `store.backend`), and starts
    /// it again with them.
    pub async fn restart_changed(
        self,
        change: impl FnOnce(&mut FileConfig, &mut bot::config::Secrets),
    ) -> TestApp {
        self.start_again(false, |file, secrets, _| change(file, secrets))
            .await
    }

    /// Stops the app and starts a new one on `data` (a restored backup, say), with the same
    /// configuration but for `store.path` (`pulse.sled` in `data`), secrets, sandbox, clock
    /// and recorded output.
    pub async fn restart_on(self, data: tempfile::TempDir) -> TestApp {
        self.start_again(false, |file, _, directory| {
            file.store.path = data.path().join("pulse.sled");
            *directory = Arc::new(data);
        })
        .await
    }

    /// [`TestApp::restart`], with the schedulers (syncs, digests) running on their own when
    /// `schedulers` is set.
    pub async fn restart_with(self, schedulers: bool) -> TestApp {
        self.start_again(schedulers, |_, _, _| {}).await
    }

    /// Stops the app, lets `change` change its configuration, secrets and data directory, and
    /// starts a new one with them (the sandbox, clock and recorded output kept).
    async fn start_again(
        mut self,
        schedulers: bool,
        change: impl FnOnce(&mut FileConfig, &mut bot::config::Secrets, &mut Arc<tempfile::TempDir>),
    ) -> TestApp {
        self.app_shutdown.cancel();
        self.running
            .await
            .expect("the app task")
            .expect("the app stops cleanly");
        drop(self.state);
        change(&mut self.file, &mut self.secrets, &mut self.data);
        start_app(
            self.sandbox,
            self.file,
            self.secrets,
            self.data,
            self.clock,
            self.output,
            self.shutdown,
            self.now,
            schedulers,
        )
        .await
    }

    /// Waits up to `within` for the app to stop by itself (without being asked to), and
    /// returns how it ended; `None` when it is still running.
    pub async fn stopped_by_itself(
        &mut self,
        within: std::time::Duration,
    ) -> Option<anyhow::Result<()>> {
        match tokio::time::timeout(within, &mut self.running).await {
            Ok(ended) => Some(ended.expect("the app task")),
            Err(_) => None,
        }
    }

    /// Stops the app and the sandbox, and hands over the data directory (the database and
    /// its keyring) instead of deleting it.
    pub async fn stop_keeping_data(self) -> Arc<tempfile::TempDir> {
        let data = self.data.clone();
        self.stop().await;
        data
    }

    /// Stops the app and the sandbox, and waits for both.
    pub async fn stop(self) {
        self.app_shutdown.cancel();
        self.shutdown.cancel();
        self.running
            .await
            .expect("the app task")
            .expect("the app stops cleanly");
        self.sandbox.stopped().await;
    }
}

/// Copies every file under `from` to `to` (a data directory, say).
pub fn copy_directory(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("a directory");
    for entry in std::fs::read_dir(from).expect("a directory to copy") {
        let entry = entry.expect("an entry");
        let path = entry.path();
        if path.is_dir() {
            copy_directory(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("a file is copied");
        }
    }
}

/// `12345` → `12,345`: the tests' own number formatting, so expected texts do not borrow the
/// engine's.
pub fn grouped(value: u64) -> String {
    let digits: Vec<char> = value.to_string().chars().collect();
    let mut out = String::new();
    for (index, digit) in digits.iter().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
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

/// Log output, captured: a `tracing_subscriber` writer that keeps every line it is given.
#[derive(Clone, Default)]
pub struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLog {
    /// What was written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

/// Links the sandbox account from a Telegram chat as its person would: `/connect`, the link
/// opened, and "Ready" awaited.
pub async fn link_through_telegram(
    telegram: &fake_telegram::FakeTelegram,
    chat_id: i64,
    user_id: i64,
) {
    telegram.user_says(chat_id, user_id, "/connect");
    let offer = telegram
        .wait_for_text(chat_id, "Open this link")
        .await
        .expect("a link offer");
    let link = offer.body["reply_markup"]["inline_keyboard"][0][0]["url"]
        .as_str()
        .expect("a URL button")
        .to_owned();
    bot::browser::follow_link(&link)
        .await
        .expect("the link completes");
    telegram
        .wait_for_text(chat_id, "Ready: @")
        .await
        .expect("ready");
}
