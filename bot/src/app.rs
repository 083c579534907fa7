//! The running application: [`App::build`] wires config and secrets into the engine, the
//! Instagram client and the HTTP server; [`App::run`] serves until the cancellation token
//! fires, then drains its tasks and flushes the store.
//!
//! Shutdown is one [`CancellationToken`]: every task that runs until shutdown — the HTTP
//! server, the front ends, the schedulers, the store's watch, the backup socket — is started
//! by [`supervise`] on the [`TaskTracker`] and watches it, and `run` waits for all of them
//! under one deadline before it flushes and returns. One that stops early stops Pulse with an
//! error.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use connectors::instagram::{InstagramClient, InstagramConfig};
use engine::data_keys::DataKeys;
use engine::pulse::Settings;
use engine::store::{SealedStore, SledStore};
use engine::sync::SyncPolicy;
use engine::vault::{MasterKey, Vault};
use engine::Pulse;
use secrecy::{ExposeSecret, SecretString};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::backup::{BackupSocket, BackupSource};
use crate::config::{self, FileConfig, Secrets};
use crate::database::Database;
use crate::frontend::Outbox;
use crate::health::{Health, Part};
use crate::linking::SyncEvent;
use crate::metrics::{Metrics, Scrape};
use crate::{digests, http, scheduler};

/// How long shutdown waits for tasks before it gives up on them.
const DRAIN_DEADLINE: Duration = Duration::from_secs(10);

/// Where "now" comes from. Tests pass a fixed clock.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// What everything running shares.
pub struct AppState {
    /// The engine.
    pub pulse: Arc<Pulse>,
    /// Messages Pulse starts itself go out through here.
    pub outbox: Outbox,
    /// Every task that runs until shutdown, and background work (first syncs, deferred
    /// answers); drained at shutdown under one deadline.
    pub tasks: TaskTracker,
    /// Cancelled when the app stops.
    pub shutdown: CancellationToken,
    /// First-sync outcomes, for waiters.
    pub events: broadcast::Sender<SyncEvent>,
    /// "Now".
    pub clock: Clock,
    /// The Instagram app secret, which signs Meta's deauthorize and data-deletion requests.
    pub meta_app_secret: SecretString,
    /// Whether each front end and the store work now (`/healthz`).
    pub health: Health,
    /// The update and interaction ids handled lately: a replay is dropped.
    pub replays: crate::replays::Replays,
    /// With `telegram.login_url`: the bot token, which signs who opened a `/connect` link
    /// from Telegram ([`crate::telegram::login`]).
    pub telegram_login: Option<SecretString>,
    /// With `discord.oauth_client_id` and its secret: Discord's `identify` sign-in, which
    /// binds a Discord chat's `/connect` link to who asked ([`crate::discord::login`]).
    pub discord_login: Option<crate::discord::login::DiscordLogin>,
    /// What `/metrics` counts.
    pub metrics: Arc<Metrics>,
    /// Who may read `/metrics`.
    pub scrape: Scrape,
    /// How many scheduled syncs run at once (`sync.max_in_flight`).
    pub max_syncs_in_flight: usize,
    /// Wakes the alert runner: a webhook brought comments, or a sync ended.
    pub alerts_wake: Arc<tokio::sync::Notify>,
    /// Wakes the publishing runner: a post became due now.
    pub publisher_wake: Arc<tokio::sync::Notify>,
    /// Wakes the revoker: an erased account's authorization is to be revoked with TikTok.
    pub revoker_wake: Arc<tokio::sync::Notify>,
    /// Downloads the files people attach to post (Discord's attachments).
    pub downloads: reqwest::Client,
    /// The stats API's rate limits (`[api]`).
    pub api_limits: Arc<crate::api::limits::Limits>,
    /// Whether this instance runs the schedulers (always, unless several share the
    /// database: then while it holds the scheduler's lease).
    pub leadership: crate::leadership::Leadership,
}

/// The client [`AppState::downloads`] is: a minute per file at most, a few redirects.
pub fn downloads_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
        .unwrap_or_default()
}

/// Choices that are not configuration: how the app is embedded.
#[derive(Clone)]
pub struct AppOptions {
    /// Run the sync scheduler (tests that drive syncs themselves turn it off).
    pub scheduler: bool,
    /// Derive `public_url` from the bound address (`pulse demo` and tests bind port 0).
    pub public_url_from_bind: bool,
    /// The clock.
    pub clock: Clock,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            scheduler: true,
            public_url_from_bind: false,
            clock: system_clock(),
        }
    }
}

/// How the Discord front end runs.
enum DiscordSetup {
    /// A gateway connection with this token.
    Gateway {
        token: String,
        guild: Option<u64>,
        api_url: Option<String>,
    },
    /// The HTTP interactions endpoint at `path`, with REST for follow-ups.
    Endpoint {
        http: Arc<serenity::all::Http>,
        verifier: serenity::interactions_endpoint::Verifier,
        path: String,
        guild: Option<u64>,
    },
}

/// A built application, ready to run.
pub struct App {
    state: Arc<AppState>,
    telegram: Option<(crate::telegram::TelegramBot, crate::telegram::Mode)>,
    discord: Option<DiscordSetup>,
    telegram_start_timeout: Duration,
    /// `telegram.pace_speedup` (1 but in benchmarks).
    telegram_pace_speedup: u32,
    discord_start_timeout: Duration,
    /// How long the scheduler's lease lasts unless renewed (`store.leader_lease_secs`).
    leader_lease: Duration,
    server_limits: crate::server::ServerLimits,
    store: Database,
    backups: Option<(BackupSocket, Arc<BackupSource>)>,
    listener: TcpListener,
    http_addr: SocketAddr,
    sync_interval: Duration,
    digest_concurrency: usize,
    alert_concurrency: usize,
    webhook_verify_token: Option<SecretString>,
    comment_retention: Option<chrono::Duration>,
    options: AppOptions,
}

/// TikTok's OAuth redirect URI for a public URL.
pub fn tiktok_redirect_uri(public_url: &str) -> String {
    format!("{}/oauth/tiktok/callback", public_url.trim_end_matches('/'))
}

/// The TikTok client settings, when TikTok is on (`tiktok.client_key` and
/// `PULSE__TIKTOK__CLIENT_SECRET` both set).
pub fn tiktok_config(
    file: &FileConfig,
    secrets: &Secrets,
    public_url: &str,
) -> anyhow::Result<Option<connectors::tiktok::TikTokConfig>> {
    let section = &file.tiktok;
    let (key, secret) = match (section.client_key.trim(), &secrets.tiktok_client_secret) {
        ("", None) => return Ok(None),
        ("", Some(_)) => anyhow::bail!(
            "PULSE__TIKTOK__CLIENT_SECRET is set but tiktok.client_key is empty: set both to link TikTok accounts, or neither"
        ),
        (_, None) => anyhow::bail!(
            "tiktok.client_key is set but PULSE__TIKTOK__CLIENT_SECRET is not: set both to link TikTok accounts, or neither"
        ),
        (key, Some(secret)) => (key, secret.clone()),
    };
    let mut config =
        connectors::tiktok::TikTokConfig::new(key, secret, tiktok_redirect_uri(public_url));
    config.authorize_url = url::Url::parse(&section.authorize_url).with_context(|| {
        format!(
            "tiktok.authorize_url = {:?} is not a URL",
            section.authorize_url
        )
    })?;
    config.api_url = url::Url::parse(&section.api_url)
        .with_context(|| format!("tiktok.api_url = {:?} is not a URL", section.api_url))?;
    config.request_timeout = Duration::from_secs(section.request_timeout_secs);
    config.max_attempts = section.max_attempts;
    config.max_throttle_wait = Duration::from_secs(section.max_throttle_wait_secs);
    Ok(Some(config))
}

/// The OAuth redirect URI for a public URL.
pub fn redirect_uri(public_url: &str) -> String {
    format!(
        "{}/oauth/instagram/callback",
        public_url.trim_end_matches('/')
    )
}

fn parse_url(name: &str, value: &str) -> anyhow::Result<url::Url> {
    url::Url::parse(value).with_context(|| format!("instagram.{name} = {value:?} is not a URL"))
}

/// The Instagram client settings from the file and the secrets.
pub fn instagram_config(
    file: &FileConfig,
    app_secret: SecretString,
    public_url: &str,
) -> anyhow::Result<InstagramConfig> {
    let section = &file.instagram;
    let mut config =
        InstagramConfig::new(section.app_id.clone(), app_secret, redirect_uri(public_url));
    config.authorize_url = parse_url("authorize_url", &section.authorize_url)?;
    config.token_url = parse_url("token_url", &section.token_url)?;
    config.graph_url = parse_url("graph_url", &section.graph_url)?;
    config.graph_version = section.graph_version.clone();
    config.page_size = section.page_size;
    config.request_timeout = Duration::from_secs(section.request_timeout_secs);
    config.max_attempts = section.max_attempts;
    config.base_backoff = Duration::from_millis(section.base_backoff_ms);
    config.max_backoff = Duration::from_millis(section.max_backoff_ms);
    config.pause_at_usage_percent = section.pause_at_usage_percent;
    config.usage_pause = Duration::from_millis(section.usage_pause_ms);
    config.max_throttle_wait = Duration::from_secs(section.max_throttle_wait_secs);
    Ok(config)
}

/// Opens the sled database, with a sentence for the usual failure. The database directory
/// (and a data directory Pulse creates for it) is made private to Pulse's user: 0700, its
/// files 0600 — it holds sealed tokens and the account data of every chat.
pub fn open_store(path: &Path, cache_mb: u64) -> anyhow::Result<SledStore> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.exists() {
            std::fs::create_dir_all(parent).with_context(|| {
                format!("cannot create the data directory {}", parent.display())
            })?;
            restrict_to_owner(parent).with_context(|| {
                format!(
                    "cannot make the data directory {} private",
                    parent.display()
                )
            })?;
        }
    }
    let store = SledStore::open(path, cache_mb.saturating_mul(1 << 20)).with_context(|| {
        format!(
            "cannot open the database at {} (is another Pulse running on it?)",
            path.display()
        )
    })?;
    restrict_to_owner(path)
        .with_context(|| format!("cannot make the database {} private", path.display()))?;
    Ok(store)
}

/// Makes `path` readable by its owner only: a directory 0700 and every file under it 0600
/// (sub-directories 0700). Elsewhere than on Unix, nothing changes.
pub fn restrict_to_owner(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let metadata = std::fs::symlink_metadata(path)?;
        if metadata.is_dir() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
            for entry in std::fs::read_dir(path)? {
                restrict_to_owner(&entry?.path())?;
            }
        } else if metadata.is_file() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn master_key(name: &str, value: &SecretString) -> anyhow::Result<MasterKey> {
    MasterKey::from_base64(value.expose_secret())
        .with_context(|| format!("{name} is not valid (`pulse keygen` prints a key)"))
}

/// How often the store is checked for writes (`/healthz`, and reopening after a full disk).
const STORE_CHECK_INTERVAL: Duration = Duration::from_secs(2);

/// Checks every [`STORE_CHECK_INTERVAL`] that the store can write, and says so in
/// [`crate::health`]: a full disk turns `/healthz` 503 until there is room again (the check
/// is also what opens the database again then).
/// Runs `work`, a task meant to last until shutdown (a scheduler, a front end, the HTTP
/// server), on the tracker, so shutdown drains it with everything else under one deadline.
/// If it returns or panics while Pulse is not shutting down, the log says which one,
/// `/healthz` shows `part` down, and the process stops with an error (a supervisor restarts
/// it) instead of running on without it.
pub fn supervise<F>(state: &Arc<AppState>, part: Part, name: &'static str, work: F)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let watched = state.clone();
    state.tasks.spawn(async move {
        // Its own task, so a panic comes back as an error here instead of ending the watch.
        let ended = tokio::spawn(work).await;
        if watched.shutdown.is_cancelled() {
            return;
        }
        let how = if ended.is_err() { "panicked" } else { "ended" };
        tracing::error!(
            task = name,
            "a task that runs until shutdown {how}; stopping"
        );
        watched.health.fail(part, format!("the {name} {how}"));
        watched.shutdown.cancel();
    });
}

/// Runs `work` to its end; once `shutdown` is cancelled, runs `stop` beside it — what asks
/// `work` to end (a dispatcher's or a gateway's own stop) —, so neither needs a task of its
/// own.
pub async fn asking_to_stop<T>(
    shutdown: &CancellationToken,
    work: impl std::future::Future<Output = T>,
    stop: impl std::future::Future<Output = ()>,
) -> T {
    tokio::pin!(work);
    tokio::select! {
        ended = &mut work => ended,
        () = shutdown.cancelled() => tokio::join!(work, stop).0,
    }
}

async fn watch_the_store(store: Database, state: Arc<AppState>, shutdown: CancellationToken) {
    let mut was_down = false;
    loop {
        let checked = {
            let store = store.clone();
            tokio::task::spawn_blocking(move || store.check_writable()).await
        };
        match checked {
            Ok(Ok(())) => {
                if was_down {
                    tracing::info!("the store writes again");
                }
                was_down = false;
                state.health.running(crate::health::Part::Store);
            }
            Ok(Err(error)) => {
                if !was_down {
                    tracing::error!(error = %error, "the store cannot write");
                }
                was_down = true;
                state.health.down(
                    crate::health::Part::Store,
                    match store {
                        Database::Sled(_) => "the database cannot write (is the disk full?)",
                        Database::Postgres(_) => {
                            "the PostgreSQL database cannot be reached or takes no writes"
                        }
                    },
                );
            }
            Err(_) => {}
        }
        tokio::select! {
            () = tokio::time::sleep(STORE_CHECK_INTERVAL) => {}
            () = shutdown.cancelled() => return,
        }
    }
}

/// The vault of the secrets: sealing under `PULSE__VAULT__MASTER_KEY`, also opening what an
/// interrupted rotation left under `PULSE__VAULT__PREVIOUS_MASTER_KEY`.
pub fn vault_from(secrets: &Secrets) -> anyhow::Result<Vault> {
    let current = secrets
        .master_key
        .as_ref()
        .context("PULSE__VAULT__MASTER_KEY is not set (`pulse keygen` prints one)")?;
    let current = master_key("PULSE__VAULT__MASTER_KEY", current)?;
    let older = match &secrets.previous_master_key {
        Some(previous) => vec![master_key("PULSE__VAULT__PREVIOUS_MASTER_KEY", previous)?],
        None => Vec::new(),
    };
    Ok(Vault::new(current, older))
}

/// What `pulse rotate-key` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// Access tokens sealed again under the new key.
    pub tokens: usize,
    /// Chats' drafts and saved replies sealed again under the new key.
    pub chat_records: usize,
    /// Account data keys wrapped again under the new key.
    pub data_keys: usize,
    /// The new key's id (safe to show).
    pub key_id: String,
}

impl Rotation {
    /// What `pulse rotate-key` prints: what it did, and what the operator does next.
    pub fn report(&self) -> String {
        format!(
            "Re-sealed {} and {} and re-wrapped {} under master key {}.\n\
Now set PULSE__VAULT__MASTER_KEY to the new key, unset PULSE__VAULT__NEW_MASTER_KEY, and start Pulse.",
            prompts::count(self.tokens as u64, "access token", "access tokens"),
            prompts::count(
                self.chat_records as u64,
                "chat's draft or saved replies",
                "chats' drafts or saved replies"
            ),
            prompts::count(self.data_keys as u64, "account key", "account keys"),
            self.key_id
        )
    }
}

/// `pulse rotate-key`: with Pulse stopped, seals every access token (and every chat's draft
/// and saved replies) and wraps every account
/// data key under `PULSE__VAULT__NEW_MASTER_KEY`, opening them with the current (and any
/// previous) key. Safe to run again after an interruption: what is already under the new key
/// is left as it is.
pub fn rotate_master_key(file: &FileConfig, secrets: &Secrets) -> anyhow::Result<Rotation> {
    let current = secrets
        .master_key
        .as_ref()
        .context("PULSE__VAULT__MASTER_KEY is not set: it must hold the key in use now")?;
    let mut old_keys = vec![master_key("PULSE__VAULT__MASTER_KEY", current)?];
    if let Some(previous) = &secrets.previous_master_key {
        old_keys.push(master_key("PULSE__VAULT__PREVIOUS_MASTER_KEY", previous)?);
    }
    let new = secrets.new_master_key.as_ref().context(
        "PULSE__VAULT__NEW_MASTER_KEY is not set: put the new key there (`pulse keygen` prints one)",
    )?;
    let new = master_key("PULSE__VAULT__NEW_MASTER_KEY", new)?;
    anyhow::ensure!(
        old_keys.iter().all(|old| old.id_hex() != new.id_hex()),
        "PULSE__VAULT__NEW_MASTER_KEY is a key in use; generate a new one with `pulse keygen`"
    );
    let both = old_keys;
    // Opens under the new key as well, in case an earlier run got half way.
    let reading = Vault::new(new.clone(), both);
    let writing = Vault::new(new.clone(), Vec::new());
    let store = Database::open(file, secrets)?;
    let sealed = open_sealed(&store, file, reading.clone())?;
    let tokens = Pulse::reseal_tokens(&sealed, &reading, &writing)
        .context("sealing the access tokens under the new key")?;
    let chat_records = Pulse::reseal_chat_records(&sealed, &reading, &writing)
        .context("sealing the chats' drafts and saved replies under the new key")?;
    let data_keys = sealed
        .keys()
        .rewrap(writing)
        .context("wrapping the account keys under the new key")?;
    store.flush().context("flushing the database")?;
    Ok(Rotation {
        tokens,
        chat_records,
        data_keys,
        key_id: new.id_hex(),
    })
}

/// The keyring next to the database at `store_path`, every key unwrapped with `vault`.
pub fn open_keys(store_path: &Path, vault: Vault) -> anyhow::Result<DataKeys> {
    let keyring_path = crate::keyring::keyring_path(store_path);
    DataKeys::open(
        vault,
        Arc::new(crate::keyring::FileKeyring::new(keyring_path.clone())),
    )
    .with_context(|| {
        format!(
            "cannot open the keyring {} (is PULSE__VAULT__MASTER_KEY the key it was made with?)",
            keyring_path.display()
        )
    })
}

/// The database as Pulse sees it: each account's data sealed under its key from the
/// database's keyring (the file next to sled, or the one in PostgreSQL). Values from before
/// sealing are sealed now.
pub fn open_sealed(
    database: &Database,
    file: &FileConfig,
    vault: Vault,
) -> anyhow::Result<SealedStore> {
    let keys = database.keys(file, vault.clone())?;
    let sealed = SealedStore::new(database.store(), Arc::new(keys));
    let migrated = sealed
        .seal_plaintext()
        .context("sealing the data stored before encryption")?;
    if migrated > 0 {
        tracing::info!(
            records = migrated,
            "sealed records stored before encryption"
        );
    }
    let upgraded = engine::upgrade::to_account_ids(&sealed, &vault)
        .context("filing accounts under Pulse's own account ids")?;
    if upgraded.accounts > 0 {
        tracing::info!(
            accounts = upgraded.accounts,
            records = upgraded.records,
            "filed accounts under Pulse's own account ids"
        );
    }
    Ok(sealed)
}

impl App {
    /// Wires everything and binds the HTTP listener; nothing runs until [`App::run`].
    pub async fn build(
        file: &FileConfig,
        secrets: &Secrets,
        options: AppOptions,
    ) -> anyhow::Result<App> {
        let vault = vault_from(secrets)?;
        let app_secret = secrets
            .instagram_app_secret
            .clone()
            .context("PULSE__INSTAGRAM__APP_SECRET is not set")?;
        // The one reading of the configuration's typed values (`load` refused a file with
        // any problem, so this fails only for a FileConfig built in code).
        let typed = file
            .typed()
            .map_err(|problems| anyhow::anyhow!("{}", problems.join("; ")))?;
        let listener = TcpListener::bind(&typed.bind[..])
            .await
            .map_err(|error| anyhow::anyhow!(config::cannot_listen(&file.http.bind, &error)))?;
        let http_addr = listener
            .local_addr()
            .context("the listener has no address")?;
        let public_url = if options.public_url_from_bind {
            format!("http://{http_addr}")
        } else {
            typed.public_url.as_str().trim_end_matches('/').to_owned()
        };

        let metrics = Arc::new(Metrics::new().context("setting up the metrics")?);
        let meta_app_secret = app_secret.clone();
        let client = InstagramClient::observed(
            instagram_config(file, app_secret, &public_url)?,
            metrics.clone(),
        )
        .map_err(|error| anyhow::anyhow!("the [instagram] settings are not usable: {error}"))?;
        let store = Database::open(file, secrets)?;
        tracing::info!(database = %Database::describe(file), "opened the database");
        let sealed = open_sealed(&store, file, vault.clone())?;
        // `pulse backup` asks a running Pulse on sled; PostgreSQL has its own backups.
        let backup_socket = store
            .sled()
            .map(|sled| (sled.clone(), BackupSocket::bind(&file.store.path)));
        let backups = match backup_socket {
            None => None,
            Some((sled, Ok(socket))) => {
                let source = BackupSource {
                    store: sled,
                    keys: sealed.keys().clone(),
                    vault: vault.clone(),
                };
                Some((socket, Arc::new(source)))
            }
            Some((_, Err(error))) => {
                tracing::warn!(
                    error = %error,
                    "pulse backup cannot reach this Pulse (no backup socket); it can back up only while Pulse is stopped"
                );
                None
            }
        };
        // One client serves every Instagram port, publishing included.
        let client = Arc::new(client);
        let mut ports = engine::ports::Ports::instagram(client.clone()).with_publishing(client);
        if let Some(tiktok) = tiktok_config(file, secrets, &public_url)? {
            let tiktok = Arc::new(connectors::tiktok::TikTokClient::new(tiktok).map_err(
                |error| anyhow::anyhow!("the [tiktok] settings are not usable: {error}"),
            )?);
            ports = ports.with_tiktok(engine::ports::TikTokPorts {
                login: tiktok.clone(),
                data: tiktok,
            });
        }
        let pulse = Pulse::new(
            crate::blocking::engine_store(sealed, metrics.clone()),
            vault,
            ports,
            Settings {
                public_url: public_url.clone(),
                default_timezone: typed.default_timezone,
                sync: SyncPolicy {
                    account_history_days: file.sync.account_history_days,
                    comment_history_days: file.sync.comment_history_days,
                    max_in_flight: usize::try_from(file.instagram.max_in_flight_per_account)
                        .expect("at most 64 (FileConfig::problems), which fits a usize"),
                    ..SyncPolicy::default()
                },
                uses_language_model: typed.llm_base_url.is_some(),
                comment_retention_days: (file.store.retention_days > 0)
                    .then_some(file.store.retention_days),
                default_digest_time: typed.default_digest_time,
                alert_min_interval: chrono::Duration::seconds(
                    i64::try_from(file.alerts.min_interval_secs)
                        .expect("at most 86,400 (FileConfig::problems), which fits an i64"),
                ),
                webhooks_configured: secrets.instagram_webhook_verify_token.is_some(),
            },
        )
        .with_answer_cache(
            usize::try_from(file.store.answer_cache_records)
                .expect("at most 100,000,000 (FileConfig::problems), which fits a usize"),
        );
        let telegram = match &secrets.telegram_token {
            Some(token) => {
                let api_url = typed.telegram_api_url.clone();
                let mode = match typed.telegram_mode {
                    config::TelegramMode::Webhook => {
                        let url = url::Url::parse(&format!("{}{}", public_url, file.telegram.webhook_path))
                            .context("the Telegram webhook URL (http.public_url + telegram.webhook_path) is not a URL")?;
                        let secret = match &secrets.telegram_webhook_secret {
                            Some(secret) => secret.expose_secret().to_owned(),
                            None => crate::telegram::random_webhook_secret(),
                        };
                        anyhow::ensure!(
                            crate::telegram::valid_webhook_secret(&secret),
                            "PULSE__TELEGRAM__WEBHOOK_SECRET must be 1–256 of A-Z a-z 0-9 _ -"
                        );
                        crate::telegram::Mode::Webhook { url, secret }
                    }
                    config::TelegramMode::Polling => crate::telegram::Mode::Polling,
                };
                Some((crate::telegram::bot(token.expose_secret(), api_url), mode))
            }
            None => None,
        };
        let discord = match &secrets.discord_token {
            None => None,
            Some(token) => {
                let section = &file.discord;
                let guild = typed.discord_guild_id;
                Some(match typed.discord_mode {
                    config::DiscordMode::Endpoint => {
                        let application_id = typed
                            .discord_application_id
                            .context("discord.application_id must be set in endpoint mode")?;
                        let key = typed
                            .discord_public_key
                            .context("discord.public_key must be set in endpoint mode")?;
                        let verifier = serenity::interactions_endpoint::Verifier::try_new(key)
                            .map_err(|_| {
                                anyhow::anyhow!(
                                    "discord.public_key is not a valid Ed25519 public key"
                                )
                            })?;
                        DiscordSetup::Endpoint {
                            http: crate::discord::http(
                                token.expose_secret(),
                                Some(&section.api_url),
                                Some(application_id),
                                metrics.clone(),
                            ),
                            verifier,
                            path: section.interactions_path.clone(),
                            guild,
                        }
                    }
                    config::DiscordMode::Gateway => DiscordSetup::Gateway {
                        token: token.expose_secret().to_owned(),
                        guild,
                        api_url: Some(section.api_url.clone()).filter(|u| !u.is_empty()),
                    },
                })
            }
        };
        let pulse = match &typed.llm_base_url {
            None => pulse,
            Some(_) => {
                let model = connectors::llm::OpenAiModel::new(connectors::llm::LlmConfig {
                    // As written: the client appends its paths to it.
                    base_url: file.llm.base_url.clone(),
                    model: file.llm.model.clone(),
                    api_key: secrets
                        .llm_api_key
                        .clone()
                        .unwrap_or_else(|| SecretString::from("none".to_owned())),
                    timeout: Duration::from_secs(file.llm.timeout_secs),
                });
                pulse.with_language_model(Arc::new(model))
            }
        };
        // The stats API's keys are hashed with the pepper; without it the API is off.
        let pulse = match &secrets.api_pepper {
            None => pulse,
            Some(pepper) => pulse.with_api_pepper(
                engine::ApiPepper::new(secrecy::ExposeSecret::expose_secret(pepper))
                    .map_err(|error| anyhow::anyhow!("PULSE__API__PEPPER: {error}"))?,
            ),
        };
        let discord_login = match file.discord.sign_in(secrets).map_err(anyhow::Error::msg)? {
            None => None,
            Some((client_id, client_secret)) => Some(crate::discord::login::DiscordLogin::new(
                crate::discord::login::DiscordLoginConfig {
                    client_id,
                    client_secret,
                    authorize_url: file.discord.oauth_authorize_url.clone(),
                    api_url: Some(file.discord.api_url.clone())
                        .filter(|url| !url.is_empty())
                        .unwrap_or_else(|| "https://discord.com".into()),
                    redirect_uri: format!(
                        "{}/oauth/discord/callback",
                        public_url.trim_end_matches('/')
                    ),
                },
            )?),
        };
        // Two events a link (Ready, then Synced), for every link waited on at once.
        let (events, _) = broadcast::channel(256);
        // Several instances may share a PostgreSQL database: one leads at a time, named by
        // its engine's run id (what its claims carry; `leadership::keep`).
        let leadership = match store {
            Database::Postgres(_) => crate::leadership::Leadership::shared(pulse.run_id()),
            Database::Sled(_) => crate::leadership::Leadership::sole(),
        };
        let state = Arc::new(AppState {
            pulse: Arc::new(pulse),
            outbox: Outbox::new(),
            tasks: TaskTracker::new(),
            shutdown: CancellationToken::new(),
            events,
            clock: options.clock.clone(),
            meta_app_secret,
            health: Health::new(),
            replays: crate::replays::Replays::new(),
            telegram_login: secrets
                .telegram_token
                .clone()
                .filter(|_| file.telegram.login_url),
            discord_login,
            metrics,
            scrape: Scrape::new(file.http.metrics, secrets.metrics_token.clone()),
            alerts_wake: Arc::new(tokio::sync::Notify::new()),
            publisher_wake: Arc::new(tokio::sync::Notify::new()),
            revoker_wake: Arc::new(tokio::sync::Notify::new()),
            downloads: downloads_client(),
            max_syncs_in_flight: usize::try_from(file.sync.max_in_flight)
                .unwrap_or(32)
                .max(1),
            api_limits: Arc::new(crate::api::limits::Limits::new(&file.api)),
            leadership,
        });
        Ok(App {
            state,
            telegram,
            discord,
            telegram_start_timeout: Duration::from_secs(file.telegram.start_timeout_secs),
            telegram_pace_speedup: file.telegram.pace_speedup.max(1),
            discord_start_timeout: Duration::from_secs(file.discord.start_timeout_secs),
            leader_lease: Duration::from_secs(file.store.leader_lease_secs.max(3)),
            server_limits: crate::server::ServerLimits {
                max_connections: file.http.max_connections,
                header_timeout: Duration::from_secs(file.http.header_timeout_secs.max(1)),
                body_timeout: Duration::from_secs(file.http.body_timeout_secs.max(1)),
            },
            store,
            backups,
            listener,
            http_addr,
            sync_interval: Duration::from_secs(file.sync.interval_minutes.max(1) * 60),
            digest_concurrency: usize::try_from(file.digest.concurrency)
                .unwrap_or(32)
                .max(1),
            alert_concurrency: usize::try_from(file.alerts.concurrency)
                .unwrap_or(32)
                .max(1),
            webhook_verify_token: secrets.instagram_webhook_verify_token.clone(),
            comment_retention: file.store.comment_retention(),
            options,
        })
    }

    /// The shared state (front ends register their outputs on `state().outbox`).
    pub fn state(&self) -> Arc<AppState> {
        self.state.clone()
    }

    /// The address the HTTP server is bound to.
    pub fn http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// The public base URL in use.
    pub fn public_url(&self) -> String {
        self.state.pulse.settings().public_url.clone()
    }

    /// Serves until `shutdown` is cancelled, then drains and flushes.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let App {
            state,
            telegram,
            discord,
            telegram_start_timeout,
            telegram_pace_speedup,
            discord_start_timeout,
            leader_lease,
            server_limits,
            store,
            backups,
            listener,
            sync_interval,
            digest_concurrency,
            alert_concurrency,
            webhook_verify_token,
            comment_retention,
            options,
            ..
        } = self;
        let mut router = http::router(state.clone())
            .merge(crate::webhooks::router(state.clone(), webhook_verify_token))
            .merge(crate::media::router(state.clone()))
            .merge(crate::api::router(state.clone()));
        if let Some((bot, mode)) = telegram {
            // Several instances on one PostgreSQL database share Telegram's overall limit.
            let shared_pace = match &store {
                Database::Postgres(_) => Some(engine::pace::SharedPace::new(
                    store.store(),
                    engine::pace::TELEGRAM,
                    chrono::Duration::from_std(
                        crate::telegram::pace::SHARED_GAP / telegram_pace_speedup,
                    )
                    .unwrap_or(chrono::Duration::milliseconds(36)),
                )),
                Database::Sled(_) => None,
            };
            let webhook = crate::telegram::start(
                state.clone(),
                bot,
                mode,
                telegram_start_timeout,
                leader_lease,
                shared_pace,
                telegram_pace_speedup,
            )
            .await?;
            if let Some(webhook) = webhook {
                router = router.merge(webhook);
            }
        }
        match discord {
            Some(DiscordSetup::Endpoint {
                http,
                verifier,
                path,
                guild,
            }) => {
                state.outbox.register(
                    engine::chat::Platform::Discord,
                    Arc::new(crate::discord::DiscordOutput::new(
                        http.clone(),
                        state.pulse.clone(),
                        state.metrics.clone(),
                    )),
                );
                if let Err(error) = crate::discord::register_commands(&http, guild).await {
                    tracing::warn!(error = %error, "could not register the Discord commands");
                }
                let endpoint = Arc::new(crate::discord::Endpoint {
                    state: state.clone(),
                    http,
                    verifier,
                });
                router = router.merge(
                    axum::Router::new()
                        .route(&path, axum::routing::post(crate::discord::interactions))
                        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
                        .with_state(endpoint),
                );
            }
            Some(DiscordSetup::Gateway {
                token,
                guild,
                api_url,
            }) => {
                // One gateway connection per bot: with several instances, the leader's.
                if state.leadership.is_shared() {
                    supervise(
                        &state,
                        Part::Discord,
                        "Discord front end",
                        crate::discord::gateway_while_leading(
                            state.clone(),
                            token,
                            guild,
                            api_url,
                            discord_start_timeout,
                        ),
                    );
                } else {
                    supervise(
                        &state,
                        Part::Discord,
                        "Discord front end",
                        crate::discord::run_gateway(
                            state.clone(),
                            token,
                            guild,
                            api_url,
                            discord_start_timeout,
                        ),
                    );
                }
            }
            None => {}
        }
        // Over every route merged above: each request is counted by the route that served it.
        let router = router.layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            crate::metrics::count_requests,
        ));
        supervise(
            &state,
            Part::Background,
            "HTTP server",
            crate::server::serve(listener, router, server_limits, state.shutdown.clone()),
        );
        // The loops that run until shutdown, supervised on the tracker: drained with the rest,
        // and one that ends before shutdown stops the process with an error.
        supervise(
            &state,
            Part::Background,
            "store watch",
            watch_the_store(store.clone(), state.clone(), state.shutdown.clone()),
        );
        if let Database::Postgres(_) = &store {
            // Gives the lease back at shutdown, so another instance takes over at once.
            supervise(
                &state,
                Part::Background,
                "scheduler's lease",
                crate::leadership::keep(
                    state.clone(),
                    engine::lease::Leases::new(store.store()),
                    leader_lease,
                ),
            );
        }
        if options.scheduler {
            supervise(
                &state,
                Part::Background,
                "scheduler",
                scheduler::run(
                    state.clone(),
                    sync_interval,
                    scheduler::DailyJobs::new(comment_retention),
                ),
            );
            // At shutdown a round starts no new send (those left are given back unsent, for
            // the next start); sends under way finish within the drain deadline.
            supervise(
                &state,
                Part::Background,
                "digest scheduler",
                digests::run(state.clone(), digest_concurrency),
            );
        }
        // Alerts run with or without the sync scheduler: webhooks bring comments too. At
        // shutdown a round starts no new send (claims left are given back).
        supervise(
            &state,
            Part::Background,
            "alert runner",
            crate::alerts::run(state.clone(), alert_concurrency),
        );
        // Publishing runs with or without the sync scheduler; at shutdown a round's calls
        // finish (every state is saved around them) and the next start takes over.
        supervise(
            &state,
            Part::Background,
            "publishing runner",
            crate::publisher::run(state.clone()),
        );
        // Revoking erased TikTok authorizations runs with or without the sync scheduler.
        supervise(
            &state,
            Part::Background,
            "revoker",
            crate::revoker::run(state.clone()),
        );
        if let Some((socket, source)) = backups {
            tracing::debug!(socket = %socket.path().display(), "pulse backup asks here");
            // Drained at shutdown, when it removes its socket file.
            supervise(
                &state,
                Part::Background,
                "backup socket",
                socket.serve(source, state.clock.clone(), state.shutdown.clone()),
            );
        }
        tracing::info!(public_url = %state.pulse.settings().public_url, "pulse is ready");

        // One token for everything: the caller's cancels the app's.
        tokio::select! {
            () = state.shutdown.cancelled() => {}
            () = shutdown.cancelled() => state.shutdown.cancel(),
        }
        tracing::info!("shutting down: draining tasks");
        // Every task is on the tracker — the front ends, the HTTP server and the requests it
        // serves, the schedulers, first syncs, deferred answers —: one deadline for them all.
        // A callback stuck on Instagram does not hold the process past it.
        state.tasks.close();
        if tokio::time::timeout(DRAIN_DEADLINE, state.tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!("some tasks did not finish within {DRAIN_DEADLINE:?}; stopping anyway");
        }
        store.flush().context("flushing the database at shutdown")?;
        if let Some(reason) = state.health.fatal() {
            // A supervisor restarts a process that exits non-zero.
            anyhow::bail!("Pulse stopped because {reason}");
        }
        tracing::info!("stopped");
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;
    use std::path::Path;

    use engine::store::Store as _;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_database_and_a_data_directory_pulse_makes_are_private() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        let path = data.join("pulse.sled");
        let store = super::open_store(&path, 1).unwrap();
        store.flush().unwrap();
        assert_eq!(mode(&data), 0o700, "the data directory");
        assert_eq!(mode(&path), 0o700, "the database directory");
        let mut files = 0;
        for entry in std::fs::read_dir(&path).unwrap() {
            let entry = entry.unwrap().path();
            if entry.is_file() {
                files += 1;
                assert_eq!(mode(&entry), 0o600, "{}", entry.display());
            }
        }
        assert!(files > 0, "sled wrote files");
    }
}

#[cfg(test)]
mod rotation_tests {
    use super::*;

    #[test]
    fn the_rotation_report_says_one_token_and_one_key() {
        let rotation = Rotation {
            tokens: 1,
            chat_records: 1,
            data_keys: 1,
            key_id: "ab12".into(),
        };
        assert!(
            rotation.report().starts_with(
                "Re-sealed 1 access token and 1 chat's draft or saved replies and re-wrapped 1 account key under master key ab12."
            ),
            "{}",
            rotation.report()
        );
    }
}
