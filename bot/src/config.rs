//! Configuration: built-in defaults, then `config.toml`, then `PULSE__SECTION__KEY`
//! environment variables; secrets only from the environment.
//!
//! [`FileConfig`] is what the file may say (unknown keys are errors, so a typo is caught at
//! start-up, not ignored). [`Secrets`] are read from the environment alone, and a secret found
//! in the file is refused with a sentence saying where it belongs. Only this module reads the
//! file and the environment; everything else receives typed values.

use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs as _};
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// The environment prefix of every setting.
pub const ENV_PREFIX: &str = "PULSE__";

/// Secret settings: environment variable name and config path.
pub const SECRET_KEYS: [(&str, &str); 14] = [
    ("PULSE__VAULT__MASTER_KEY", "vault.master_key"),
    ("PULSE__VAULT__NEW_MASTER_KEY", "vault.new_master_key"),
    (
        "PULSE__VAULT__PREVIOUS_MASTER_KEY",
        "vault.previous_master_key",
    ),
    ("PULSE__INSTAGRAM__APP_SECRET", "instagram.app_secret"),
    (
        "PULSE__INSTAGRAM__WEBHOOK_VERIFY_TOKEN",
        "instagram.webhook_verify_token",
    ),
    ("PULSE__TIKTOK__CLIENT_SECRET", "tiktok.client_secret"),
    ("PULSE__TELEGRAM__TOKEN", "telegram.token"),
    ("PULSE__TELEGRAM__WEBHOOK_SECRET", "telegram.webhook_secret"),
    ("PULSE__DISCORD__TOKEN", "discord.token"),
    ("PULSE__DISCORD__CLIENT_SECRET", "discord.client_secret"),
    ("PULSE__LLM__API_KEY", "llm.api_key"),
    ("PULSE__HTTP__METRICS_TOKEN", "http.metrics_token"),
    ("PULSE__API__PEPPER", "api.pepper"),
    ("PULSE__STORE__PASSWORD", "store.password"),
];

/// `PULSE__STORE__URL`: the PostgreSQL URL, read as a secret (it may hold the password), in
/// place of `store.url`.
pub const STORE_URL_VARIABLE: &str = "PULSE__STORE__URL";

/// Everything `config.toml` may contain. Every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct FileConfig {
    /// The HTTP server.
    pub http: HttpConfig,
    /// The database.
    pub store: StoreConfig,
    /// The Instagram app and API.
    pub instagram: InstagramSection,
    /// The TikTok app (on when `tiktok.client_key` and `PULSE__TIKTOK__CLIENT_SECRET` are
    /// set).
    pub tiktok: TikTokSection,
    /// Sync scheduling and history.
    pub sync: SyncSection,
    /// Chat defaults.
    pub chats: ChatsSection,
    /// The Telegram front end (on when `PULSE__TELEGRAM__TOKEN` is set).
    pub telegram: TelegramSection,
    /// The daily digest.
    pub digest: DigestSection,
    /// Alerts of new comments.
    pub alerts: AlertsSection,
    /// The Discord front end (on when `PULSE__DISCORD__TOKEN` is set).
    pub discord: DiscordSection,
    /// The optional language model.
    pub llm: LlmSection,
    /// Logging.
    pub log: LogSection,
    /// The stats API's limits (the API is on when `PULSE__API__PEPPER` is set).
    pub api: ApiSection,
}

/// `[http]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Address the server listens on.
    pub bind: String,
    /// The URL people's browsers reach the server at (links and the OAuth redirect).
    pub public_url: String,
    /// The most connections served at once; more wait in the listen queue.
    pub max_connections: usize,
    /// A connection that sends no complete request head for this long (a new one, or one
    /// kept alive between requests) is closed.
    pub header_timeout_secs: u64,
    /// A request whose body has not arrived after this long is refused (408).
    pub body_timeout_secs: u64,
    /// Serve `/metrics` (Prometheus text); with `PULSE__HTTP__METRICS_TOKEN` set, only to
    /// requests that send it as a bearer token.
    pub metrics: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            max_connections: 512,
            header_timeout_secs: 10,
            body_timeout_secs: 30,
            metrics: true,
        }
    }
}

/// Which database Pulse keeps its data in (`store.backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// sled, embedded, in `store.path` (the default: nothing to install).
    #[default]
    Sled,
    /// A PostgreSQL server at `store.url`.
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sled => "sled",
            Backend::Postgres => "postgres",
        })
    }
}

/// `[store]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// `sled` (the default) or `postgres`.
    pub backend: Backend,
    /// The sled database directory.
    pub path: PathBuf,
    /// The PostgreSQL URL without its password (`postgres://user@host:5432/pulse`), for
    /// `backend = "postgres"` and `pulse migrate-store`; `PULSE__STORE__URL` replaces it.
    pub url: String,
    /// How many connections to PostgreSQL may be open at once.
    pub connections: u64,
    /// sled's page cache, in MiB.
    pub cache_mb: u64,
    /// Stored comments older than this many days are deleted daily; 0 keeps them.
    pub retention_days: u64,
    /// Decoded records (posts, days, comments, …) kept in memory for answering questions;
    /// 0 reads the store for every question.
    pub answer_cache_records: u64,
    /// How long the scheduler's lease lasts unless renewed, in seconds, when several
    /// instances share a PostgreSQL database (renewed every third of it).
    pub leader_lease_secs: u64,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            backend: Backend::Sled,
            path: PathBuf::from("data/pulse.sled"),
            url: String::new(),
            connections: 4,
            cache_mb: 64,
            retention_days: 365,
            answer_cache_records: engine::pulse::DEFAULT_ANSWER_CACHE_RECORDS as u64,
            leader_lease_secs: 15,
        }
    }
}

impl StoreConfig {
    /// How long comments are kept, if not forever.
    pub fn comment_retention(&self) -> Option<chrono::Duration> {
        (self.retention_days > 0).then(|| {
            chrono::Duration::days(
                i64::try_from(self.retention_days).unwrap_or(i64::MAX / 86_400_000),
            )
        })
    }
}

/// `[instagram]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InstagramSection {
    /// The Instagram App ID (not the Meta App ID). Numeric ids from the environment
    /// (`PULSE__INSTAGRAM__APP_ID=1234`) are read as text.
    #[serde(deserialize_with = "string_or_number")]
    pub app_id: String,
    /// Instagram's authorize page.
    pub authorize_url: String,
    /// The code-exchange endpoint.
    pub token_url: String,
    /// The Graph API host.
    pub graph_url: String,
    /// The Graph API version in paths.
    pub graph_version: String,
    /// Items per page when listing media and comments.
    pub page_size: u32,
    /// Timeout of one request, in seconds.
    pub request_timeout_secs: u64,
    /// Attempts per request for transient failures and throttling.
    pub max_attempts: u32,
    /// The first retry waits this long (ms), doubling each time.
    pub base_backoff_ms: u64,
    /// Retries wait at most this long (ms).
    pub max_backoff_ms: u64,
    /// Pause an account's calls when Instagram reports this much of its quota used (%).
    pub pause_at_usage_percent: u8,
    /// How long that pause is (ms).
    pub usage_pause_ms: u64,
    /// Throttling waits longer than this (s) end the sync; the next tick tries again.
    pub max_throttle_wait_secs: u64,
    /// At most this many calls to Instagram at once for one account (a first sync reads
    /// posts concurrently up to it).
    pub max_in_flight_per_account: u32,
}

impl Default for InstagramSection {
    fn default() -> Self {
        Self {
            app_id: String::new(),
            authorize_url: "https://www.instagram.com/oauth/authorize".into(),
            token_url: "https://api.instagram.com/oauth/access_token".into(),
            graph_url: "https://graph.instagram.com".into(),
            graph_version: "v25.0".into(),
            page_size: 50,
            request_timeout_secs: 20,
            max_attempts: 4,
            base_backoff_ms: 1_000,
            max_backoff_ms: 60_000,
            pause_at_usage_percent: 80,
            usage_pause_ms: 60_000,
            max_throttle_wait_secs: 300,
            max_in_flight_per_account: 8,
        }
    }
}

/// `[tiktok]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TikTokSection {
    /// The TikTok app's client key; empty leaves TikTok off.
    pub client_key: String,
    /// TikTok's authorize page (Login Kit for Web v2).
    pub authorize_url: String,
    /// The TikTok API host (`/v2/oauth/token/`, `/v2/user/info/`, `/v2/video/list/` …).
    pub api_url: String,
    /// Timeout of one request, in seconds.
    pub request_timeout_secs: u64,
    /// Attempts per request for temporary failures and `rate_limit_exceeded`.
    pub max_attempts: u32,
    /// A rate-limit wait longer than this (s) ends the sync; the next tick tries again.
    pub max_throttle_wait_secs: u64,
}

impl Default for TikTokSection {
    fn default() -> Self {
        Self {
            client_key: String::new(),
            authorize_url: "https://www.tiktok.com/v2/auth/authorize/".into(),
            api_url: "https://open.tiktokapis.com".into(),
            request_timeout_secs: 20,
            max_attempts: 4,
            max_throttle_wait_secs: 120,
        }
    }
}

/// `[sync]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncSection {
    /// Minutes between scheduled syncs (each account only does what is due).
    pub interval_minutes: u64,
    /// Days of account insights read when an account is linked.
    pub account_history_days: u32,
    /// Comments are read on posts younger than this many days.
    pub comment_history_days: u32,
    /// How many accounts the scheduler syncs at once (each account's calls stay in order).
    pub max_in_flight: u64,
}

impl Default for SyncSection {
    fn default() -> Self {
        Self {
            interval_minutes: 15,
            account_history_days: 30,
            comment_history_days: 90,
            max_in_flight: 32,
        }
    }
}

/// `[chats]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChatsSection {
    /// The IANA time zone of chats that did not choose one with `/timezone`.
    pub default_timezone: String,
}

impl Default for ChatsSection {
    fn default() -> Self {
        Self {
            default_timezone: "UTC".into(),
        }
    }
}

/// `[telegram]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelegramSection {
    /// The Bot API server (a self-hosted Bot API server, or a fake in tests).
    pub api_url: String,
    /// `polling` (no public URL needed) or `webhook` (Telegram posts updates to
    /// `{public_url}{webhook_path}` on Pulse's HTTP server).
    pub mode: String,
    /// The webhook's path on the HTTP server.
    pub webhook_path: String,
    /// How long the front end keeps trying to start (Telegram unreachable or answering
    /// errors) before Pulse gives up and exits non-zero, for a supervisor to restart it.
    pub start_timeout_secs: u64,
    /// The `/connect` button is a `login_url` button: Telegram tells the link page who
    /// opened it, and only the person who asked may continue (needs `/setdomain`).
    pub login_url: bool,
    /// For benchmarks against a fake Bot API only: every gap of Pulse's Telegram pacing
    /// (30 messages a second overall, 1 a second per chat, 20 a minute per group) divided by
    /// this factor. Telegram's own limits are fixed; anything but 1 draws 429s from it.
    pub pace_speedup: u32,
}

impl Default for TelegramSection {
    fn default() -> Self {
        Self {
            api_url: "https://api.telegram.org".into(),
            mode: "polling".into(),
            webhook_path: "/telegram/webhook".into(),
            start_timeout_secs: 300,
            login_url: false,
            pace_speedup: 1,
        }
    }
}

/// `[digest]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DigestSection {
    /// The local time (`HH:MM`) of the digest in chats that did not choose one.
    pub default_time: String,
    /// How many digests are being sent at once; the platforms' own limits still apply.
    pub concurrency: u64,
}

impl Default for DigestSection {
    fn default() -> Self {
        Self {
            default_time: "09:00".into(),
            concurrency: 32,
        }
    }
}

/// `[alerts]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsSection {
    /// The shortest time between two alert messages to one chat: alerts within it wait and
    /// go out together, in one message.
    pub min_interval_secs: u64,
    /// How many chats' alert messages are being sent at once; the platforms' own limits
    /// still apply.
    pub concurrency: u64,
}

impl Default for AlertsSection {
    fn default() -> Self {
        Self {
            min_interval_secs: 60,
            concurrency: 32,
        }
    }
}

/// `[api]`: the stats API's rate limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApiSection {
    /// Requests one key may make an hour, on average (one every `3600 / n` seconds).
    pub requests_per_hour: u32,
    /// Requests one key may make at once, on top of that pace.
    pub burst: u32,
    /// Requests a minute one client address may make without a valid key (they are
    /// refused before the key is looked at once it is over).
    pub unauthenticated_requests_per_minute: u32,
}

impl Default for ApiSection {
    fn default() -> Self {
        Self {
            requests_per_hour: 600,
            burst: 60,
            unauthenticated_requests_per_minute: 30,
        }
    }
}

/// `[discord]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordSection {
    /// `gateway` (a bot connection) or `endpoint` (Discord posts interactions to Pulse).
    pub mode: String,
    /// The application id (needed in endpoint mode; the gateway learns it by itself).
    #[serde(deserialize_with = "string_or_number")]
    pub application_id: String,
    /// The application's public key in hex (endpoint mode; not a secret).
    pub public_key: String,
    /// Register the commands in this server only (instant, for trying out); empty = globally.
    #[serde(deserialize_with = "string_or_number")]
    pub guild_id: String,
    /// The interactions endpoint's path on the HTTP server.
    pub interactions_path: String,
    /// Another REST base URL (tests, REST proxies); empty = Discord's own. Setting it turns
    /// serenity's rate limiter off, which serenity needs to use another base URL.
    pub api_url: String,
    /// How long the gateway keeps trying to connect before Pulse gives up and exits non-zero.
    pub start_timeout_secs: u64,
    /// The OAuth2 client id (the application id): with `PULSE__DISCORD__CLIENT_SECRET`, a
    /// `/connect` link made on Discord works only for the member who asked, proven with
    /// Discord's `identify` sign-in. Empty = off.
    #[serde(deserialize_with = "string_or_number")]
    pub oauth_client_id: String,
    /// Discord's OAuth2 authorize page (tests point it elsewhere).
    pub oauth_authorize_url: String,
}

impl Default for DiscordSection {
    fn default() -> Self {
        Self {
            mode: "gateway".into(),
            application_id: String::new(),
            public_key: String::new(),
            guild_id: String::new(),
            interactions_path: "/discord/interactions".into(),
            api_url: String::new(),
            start_timeout_secs: 300,
            oauth_client_id: String::new(),
            oauth_authorize_url: "https://discord.com/oauth2/authorize".into(),
        }
    }
}

/// `[llm]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LlmSection {
    /// An OpenAI-compatible API base including `/v1`; empty = no model, Pulse's parser only.
    pub base_url: String,
    /// The model name.
    pub model: String,
    /// The longest wait for one model answer, in seconds; slower answers fall back to the parser.
    pub timeout_secs: u64,
}

impl Default for LlmSection {
    fn default() -> Self {
        Self {
            base_url: String::new(),
            model: String::new(),
            timeout_secs: 20,
        }
    }
}

/// `[log]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSection {
    /// A `tracing` filter (`info`, `bot=debug,info` …); `RUST_LOG` overrides it.
    pub filter: String,
}

impl Default for LogSection {
    fn default() -> Self {
        Self {
            filter: "info".into(),
        }
    }
}

/// Accepts `"1234"` or `1234`: figment reads `PULSE__X=1234` as a number.
fn string_or_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    use serde::de::Error as _;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Text {
        String(String),
        Unsigned(u64),
        Signed(i64),
    }
    let text = Text::deserialize(deserializer)
        .map_err(|_| D::Error::custom("must be an id: digits, as text or as a number"))?;
    Ok(match text {
        Text::String(text) => text,
        Text::Unsigned(number) => number.to_string(),
        Text::Signed(number) => number.to_string(),
    })
}

/// Secrets, from the environment only. `Debug` shows which are set, never their values.
#[derive(Clone, Default)]
pub struct Secrets {
    /// `PULSE__VAULT__MASTER_KEY`.
    pub master_key: Option<SecretString>,
    /// `PULSE__VAULT__NEW_MASTER_KEY`: the key `pulse rotate-key` moves everything to.
    pub new_master_key: Option<SecretString>,
    /// `PULSE__VAULT__PREVIOUS_MASTER_KEY`: an older key values may still be sealed under
    /// (an interrupted rotation); read, never written with.
    pub previous_master_key: Option<SecretString>,
    /// `PULSE__INSTAGRAM__APP_SECRET`.
    pub instagram_app_secret: Option<SecretString>,
    /// `PULSE__INSTAGRAM__WEBHOOK_VERIFY_TOKEN`: the verify token of Instagram's webhooks
    /// (`/instagram/webhook`); webhooks are on when it is set.
    pub instagram_webhook_verify_token: Option<SecretString>,
    /// `PULSE__TIKTOK__CLIENT_SECRET`: TikTok is on when it and `tiktok.client_key` are set.
    pub tiktok_client_secret: Option<SecretString>,
    /// `PULSE__TELEGRAM__TOKEN`.
    pub telegram_token: Option<SecretString>,
    /// `PULSE__TELEGRAM__WEBHOOK_SECRET` (webhook mode; a random one per start if unset).
    pub telegram_webhook_secret: Option<SecretString>,
    /// `PULSE__DISCORD__TOKEN`.
    pub discord_token: Option<SecretString>,
    /// `PULSE__DISCORD__CLIENT_SECRET`: the OAuth2 client secret that binds `/connect` links
    /// to who asked (with `discord.oauth_client_id`).
    pub discord_client_secret: Option<SecretString>,
    /// `PULSE__LLM__API_KEY`.
    pub llm_api_key: Option<SecretString>,
    /// `PULSE__HTTP__METRICS_TOKEN`: when set, `/metrics` answers only requests that send it
    /// as `Authorization: Bearer …`.
    pub metrics_token: Option<SecretString>,
    /// `PULSE__API__PEPPER`: the secret API keys are hashed with (at least 32 characters);
    /// the stats API and `/apikey new` are off while it is unset.
    pub api_pepper: Option<SecretString>,
    /// `PULSE__STORE__PASSWORD`: the PostgreSQL password, when `store.url` holds none.
    pub store_password: Option<SecretString>,
    /// `PULSE__STORE__URL`: the whole PostgreSQL URL (it may hold the password), in place of
    /// `store.url`.
    pub store_url: Option<SecretString>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |secret: &Option<SecretString>| if secret.is_some() { "set" } else { "unset" };
        f.debug_struct("Secrets")
            .field("master_key", &set(&self.master_key))
            .field("new_master_key", &set(&self.new_master_key))
            .field("previous_master_key", &set(&self.previous_master_key))
            .field("instagram_app_secret", &set(&self.instagram_app_secret))
            .field(
                "instagram_webhook_verify_token",
                &set(&self.instagram_webhook_verify_token),
            )
            .field("tiktok_client_secret", &set(&self.tiktok_client_secret))
            .field("telegram_token", &set(&self.telegram_token))
            .field(
                "telegram_webhook_secret",
                &set(&self.telegram_webhook_secret),
            )
            .field("discord_token", &set(&self.discord_token))
            .field("discord_client_secret", &set(&self.discord_client_secret))
            .field("llm_api_key", &set(&self.llm_api_key))
            .field("metrics_token", &set(&self.metrics_token))
            .field("api_pepper", &set(&self.api_pepper))
            .field("store_password", &set(&self.store_password))
            .field("store_url", &set(&self.store_url))
            .finish()
    }
}

impl Secrets {
    /// Reads the secrets from environment variables (empty values count as unset).
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the secrets through `lookup` (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let read = |name: &str| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
                .map(SecretString::from)
        };
        Self {
            master_key: read("PULSE__VAULT__MASTER_KEY"),
            new_master_key: read("PULSE__VAULT__NEW_MASTER_KEY"),
            previous_master_key: read("PULSE__VAULT__PREVIOUS_MASTER_KEY"),
            instagram_app_secret: read("PULSE__INSTAGRAM__APP_SECRET"),
            instagram_webhook_verify_token: read("PULSE__INSTAGRAM__WEBHOOK_VERIFY_TOKEN"),
            tiktok_client_secret: read("PULSE__TIKTOK__CLIENT_SECRET"),
            telegram_token: read("PULSE__TELEGRAM__TOKEN"),
            telegram_webhook_secret: read("PULSE__TELEGRAM__WEBHOOK_SECRET"),
            discord_token: read("PULSE__DISCORD__TOKEN"),
            discord_client_secret: read("PULSE__DISCORD__CLIENT_SECRET"),
            llm_api_key: read("PULSE__LLM__API_KEY"),
            metrics_token: read("PULSE__HTTP__METRICS_TOKEN"),
            api_pepper: read("PULSE__API__PEPPER"),
            store_password: read("PULSE__STORE__PASSWORD"),
            store_url: read(STORE_URL_VARIABLE),
        }
    }
}

impl DiscordSection {
    /// The OAuth2 client id and secret that bind `/connect` links to who asked, when both are
    /// set; `Ok(None)` when neither is; `Err` (a sentence) when only one is.
    pub fn sign_in(&self, secrets: &Secrets) -> Result<Option<(String, SecretString)>, String> {
        match (self.oauth_client_id.is_empty(), &secrets.discord_client_secret) {
            (true, None) => Ok(None),
            (false, Some(secret)) => Ok(Some((self.oauth_client_id.clone(), secret.clone()))),
            (false, None) => Err("discord.oauth_client_id is set but PULSE__DISCORD__CLIENT_SECRET is not: set the application's OAuth2 client secret in the environment, or empty discord.oauth_client_id".into()),
            (true, Some(_)) => Err("PULSE__DISCORD__CLIENT_SECRET is set but discord.oauth_client_id is not: set it to the application's OAuth2 client id, or unset the secret".into()),
        }
    }
}

/// Why the configuration was refused. Each message says what to change.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the config file {path}: {reason}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file is not valid TOML.
    #[error("{path}, line {line}, column {column}: this is not valid TOML: {reason}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Where, counted from 1.
        line: usize,
        /// Where in the line, in characters, counted from 1.
        column: usize,
        /// What is wrong, and the line as written.
        reason: String,
    },
    /// A secret was written in the file.
    #[error("{path} contains the secret `{key}`; secrets belong in the environment only: set {env} instead and remove it from the file")]
    SecretInFile {
        /// The file.
        path: PathBuf,
        /// The key in the file.
        key: String,
        /// The environment variable to use.
        env: String,
    },
    /// Values or keys are wrong: one sentence each, naming the key as the operator wrote it.
    #[error("the configuration is not valid: {}", .0.join("; "))]
    Invalid(Vec<String>),
}

impl ConfigError {
    /// One sentence per problem (`pulse check` prints each on a line of its own).
    pub fn problems(&self) -> Vec<String> {
        match self {
            ConfigError::Invalid(problems) => problems.clone(),
            other => vec![other.to_string()],
        }
    }
}

/// Reads the file and refuses a syntax error (with its line and column) or a secret in it.
fn check_file(path: &Path) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Unreadable {
        path: path.to_owned(),
        reason: error.to_string(),
    })?;
    let table: toml::Table = text
        .parse()
        .map_err(|error: toml::de::Error| syntax_error(path, &text, &error))?;
    for (env, key) in SECRET_KEYS {
        let (section, name) = key.split_once('.').unwrap_or((key, ""));
        let present = table
            .get(section)
            .and_then(|value| value.as_table())
            .is_some_and(|section| section.contains_key(name));
        if present {
            return Err(ConfigError::SecretInFile {
                path: path.to_owned(),
                key: key.to_owned(),
                env: env.to_owned(),
            });
        }
    }
    Ok(())
}

fn syntax_error(path: &Path, text: &str, error: &toml::de::Error) -> ConfigError {
    let start = error.span().map_or(0, |span| span.start).min(text.len());
    let start = (0..=start)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_text = text[line_start..].lines().next().unwrap_or("").trim_end();
    let reason = error
        .message()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    ConfigError::Syntax {
        path: path.to_owned(),
        line: text[..start].matches('\n').count() + 1,
        column: text[line_start..start].chars().count() + 1,
        reason: format!("{reason} (the line reads: {line_text})"),
    }
}

/// Loads defaults, then `path` (if it exists), then the environment.
pub fn load(path: Option<&Path>) -> Result<FileConfig, ConfigError> {
    load_with(path, ENV_PREFIX)
}

/// [`load`] with the environment variables under another prefix (tests).
fn load_with(path: Option<&Path>, env_prefix: &str) -> Result<FileConfig, ConfigError> {
    let mut figment = Figment::from(Serialized::defaults(FileConfig::default()));
    if let Some(path) = path {
        if !path.exists() {
            return Err(ConfigError::Unreadable {
                path: path.to_owned(),
                reason: "no such file".into(),
            });
        }
        check_file(path)?;
        figment = figment.merge(Toml::file(path));
    }
    // `store.url` may come from the file, but `PULSE__STORE__URL` is a secret (`Secrets`).
    let secret_paths: Vec<&str> = SECRET_KEYS
        .iter()
        .map(|(_, key)| *key)
        .chain(["store.url"])
        .collect();
    let env = Env::prefixed(env_prefix).split("__").ignore(&secret_paths);
    // The keys the environment sets, so a problem with one names its variable.
    let from_env: Vec<String> = env.iter().map(|(key, _)| key.to_string()).collect();
    figment = figment.merge(env);
    let config: FileConfig = figment.extract().map_err(|error| {
        let mut problems: Vec<String> = error
            .into_iter()
            .map(|error| plain_words(&error, path, env_prefix))
            .collect();
        problems.dedup();
        ConfigError::Invalid(problems)
    })?;
    let problems = config.problems();
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(ConfigError::Invalid(
            problems
                .into_iter()
                .map(|problem| naming_the_variable(problem, &from_env, env_prefix))
                .collect(),
        ))
    }
}

/// `store.cache_mb` as the environment variable that sets it: `PULSE__STORE__CACHE_MB`.
fn variable(env_prefix: &str, key: &[&str]) -> String {
    format!("{env_prefix}{}", key.join("__").to_ascii_uppercase())
}

/// A problem that starts with a key the environment set starts with its variable instead.
fn naming_the_variable(problem: String, from_env: &[String], env_prefix: &str) -> String {
    let key = problem.split(' ').next().unwrap_or("");
    if from_env.iter().any(|set| set == key) {
        let name = variable(env_prefix, &key.split('.').collect::<Vec<_>>());
        format!("{name}{}", &problem[key.len()..])
    } else {
        problem
    }
}

/// One of figment's errors as a sentence an operator reads: the key as they wrote it (in the
/// file or as an environment variable) and what it must be, in plain words.
fn plain_words(error: &figment::Error, file: Option<&Path>, env_prefix: &str) -> String {
    use figment::error::Kind;
    let path: Vec<&str> = error.path.iter().map(String::as_str).collect();
    let dotted = path.join(".");
    let metadata = error.metadata.as_ref();
    // The file as the operator named it (figment's copy is made absolute).
    let file = metadata
        .and_then(|m| m.source.as_ref())
        .and_then(|source| source.file_path())
        .map(|from| file.unwrap_or(from).display().to_string());
    let from_env =
        file.is_none() && metadata.is_some_and(|m| m.name.contains("environment variable"));
    let key = match &file {
        Some(file) => format!("{dotted} in {file}"),
        None if from_env => variable(env_prefix, &path),
        None => dotted.clone(),
    };
    match &error.kind {
        Kind::InvalidType(actual, expected) | Kind::InvalidValue(actual, expected) => format!(
            "{key} must be {}, not {}",
            expected_words(expected, &dotted, from_env),
            actual_words(actual)
        ),
        Kind::UnknownField(field, known) => {
            let (parent, _) = path.split_at(path.len().saturating_sub(1));
            if parent.is_empty() {
                let sections: Vec<String> = known.iter().map(|s| format!("[{s}]")).collect();
                let place = match (&file, from_env) {
                    (Some(file), _) => format!("{field} in {file} is not a section Pulse knows"),
                    (None, true) => format!(
                        "{}__… names a section Pulse does not know",
                        variable(env_prefix, &[field])
                    ),
                    (None, false) => format!("{field} is not a section Pulse knows"),
                };
                format!(
                    "{place}: settings go in the sections {}",
                    in_words(&sections)
                )
            } else {
                let keys: Vec<String> = known.iter().map(|k| (*k).to_owned()).collect();
                format!(
                    "{key} is not a setting Pulse knows: [{}] has {}",
                    parent.join("."),
                    in_words(&keys)
                )
            }
        }
        Kind::Message(message) if message.starts_with("must ") => format!("{key} {message}"),
        Kind::DuplicateField(_) => format!("{key} is set twice"),
        kind => format!("{key}: {kind}"),
    }
}

/// "a", "a and b", "a, b and c".
fn in_words(items: &[String]) -> String {
    match items {
        [] => "nothing".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What serde expected, in plain words.
fn expected_words(expected: &str, dotted: &str, from_env: bool) -> String {
    let quoted = if from_env { "" } else { " in double quotes" };
    match expected {
        "u8" => "a whole number from 0 to 255".into(),
        "u16" => "a whole number from 0 to 65535".into(),
        "u32" => "a whole number from 0 to 4294967295".into(),
        "u64" | "u128" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a string" => format!("text{quoted}"),
        "path string" => format!("a path{quoted}"),
        "a sequence" => "a list".into(),
        _ if expected.starts_with("struct ") => {
            format!("a section: a line [{dotted}] followed by its keys")
        }
        other => other.into(),
    }
}

/// What the operator wrote, in plain words.
fn actual_words(actual: &figment::error::Actual) -> String {
    use figment::error::Actual;
    match actual {
        Actual::Str(text) => format!("the text {text:?}"),
        Actual::Unsigned(number) => format!("the number {number}"),
        Actual::Signed(number) => format!("the number {number}"),
        Actual::Float(number) => format!("the number {number}"),
        Actual::Bool(value) => value.to_string(),
        Actual::Char(c) => format!("the character {c:?}"),
        Actual::Seq => "a list".into(),
        Actual::Map => "a table".into(),
        Actual::Unit | Actual::Option => "nothing".into(),
        other => other.to_string(),
    }
}

/// Whether a PostgreSQL URL carries a password (`user:password@`, or `password=`).
pub fn url_holds_password(url: &str) -> bool {
    let in_query = url
        .split_once('?')
        .is_some_and(|(_, query)| query.split('&').any(|pair| pair.starts_with("password=")));
    in_query || url::Url::parse(url.trim()).is_ok_and(|parsed| parsed.password().is_some())
}

/// What is wrong with `store.url`, in words that never repeat it (it could hold a password).
fn store_url_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Some(
            "store.url must be a PostgreSQL URL: postgres://user@host:5432/database".to_owned(),
        );
    }
    url_holds_password(url).then(|| {
        "store.url holds a password: take it out and set PULSE__STORE__PASSWORD (or put the whole URL in PULSE__STORE__URL)".to_owned()
    })
}

impl FileConfig {
    /// Every value out of its range, as sentences naming the key. Empty when all is well.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut within = |key: &str, value: u64, low: u64, high: u64| {
            if !(low..=high).contains(&value) {
                problems.push(format!("{key} = {value} must be between {low} and {high}"));
            }
        };
        let i = &self.instagram;
        within("store.cache_mb", self.store.cache_mb, 1, 65_536);
        within("store.connections", self.store.connections, 1, 100);
        within("instagram.page_size", u64::from(i.page_size), 1, 100);
        within(
            "instagram.request_timeout_secs",
            i.request_timeout_secs,
            1,
            600,
        );
        within("instagram.max_attempts", u64::from(i.max_attempts), 1, 10);
        within(
            "tiktok.max_attempts",
            u64::from(self.tiktok.max_attempts),
            1,
            10,
        );
        within(
            "tiktok.request_timeout_secs",
            self.tiktok.request_timeout_secs,
            1,
            600,
        );
        within(
            "tiktok.max_throttle_wait_secs",
            self.tiktok.max_throttle_wait_secs,
            0,
            3_600,
        );
        within("instagram.base_backoff_ms", i.base_backoff_ms, 1, 3_600_000);
        within(
            "instagram.max_backoff_ms",
            i.max_backoff_ms,
            i.base_backoff_ms.max(1),
            3_600_000,
        );
        within(
            "instagram.pause_at_usage_percent",
            u64::from(i.pause_at_usage_percent),
            0,
            100,
        );
        within("instagram.usage_pause_ms", i.usage_pause_ms, 0, 3_600_000);
        within(
            "instagram.max_throttle_wait_secs",
            i.max_throttle_wait_secs,
            0,
            86_400,
        );
        within(
            "instagram.max_in_flight_per_account",
            u64::from(i.max_in_flight_per_account),
            1,
            64,
        );
        within("digest.concurrency", self.digest.concurrency, 1, 1_000);
        within(
            "alerts.min_interval_secs",
            self.alerts.min_interval_secs,
            1,
            86_400,
        );
        within("alerts.concurrency", self.alerts.concurrency, 1, 1_000);
        within(
            "api.requests_per_hour",
            u64::from(self.api.requests_per_hour),
            1,
            3_600_000,
        );
        within("api.burst", u64::from(self.api.burst), 1, 100_000);
        within(
            "api.unauthenticated_requests_per_minute",
            u64::from(self.api.unauthenticated_requests_per_minute),
            1,
            60_000,
        );
        within("store.retention_days", self.store.retention_days, 0, 36_500);
        within(
            "store.answer_cache_records",
            self.store.answer_cache_records,
            0,
            100_000_000,
        );
        within(
            "sync.interval_minutes",
            self.sync.interval_minutes,
            1,
            1_440,
        );
        within(
            "sync.account_history_days",
            u64::from(self.sync.account_history_days),
            1,
            730,
        );
        within(
            "sync.comment_history_days",
            u64::from(self.sync.comment_history_days),
            0,
            3_650,
        );
        within("sync.max_in_flight", self.sync.max_in_flight, 1, 10_000);
        if let Some(problem) = store_url_problem(&self.store.url) {
            problems.push(problem);
        }
        if self.store.retention_days != 0
            && self.store.retention_days < u64::from(self.sync.comment_history_days)
        {
            problems.push(format!(
                "store.retention_days = {} is shorter than sync.comment_history_days = {}: comments would be read again and deleted every day (use 0 to keep them, or at least {})",
                self.store.retention_days, self.sync.comment_history_days, self.sync.comment_history_days
            ));
        }
        if let Err(typed) = self.typed() {
            problems.extend(typed);
        }
        let t = &self.tiktok;
        for (key, value) in [
            ("instagram.authorize_url", &i.authorize_url),
            ("instagram.token_url", &i.token_url),
            ("instagram.graph_url", &i.graph_url),
            ("tiktok.authorize_url", &t.authorize_url),
            ("tiktok.api_url", &t.api_url),
        ] {
            match url::Url::parse(value) {
                Ok(url) if matches!(url.scheme(), "http" | "https") => {}
                _ => problems.push(format!("{key} = {value:?} is not an http(s) URL")),
            }
        }
        if !self.llm.base_url.is_empty() && self.llm.model.trim().is_empty() {
            problems.push("llm.model must name the model when llm.base_url is set".into());
        }
        within_llm(&mut problems, self.llm.timeout_secs);
        let d = &self.discord;
        for (key, value) in [("discord.oauth_client_id", &d.oauth_client_id)] {
            if !value.is_empty() && value.parse::<u64>().is_err() {
                problems.push(format!("{key} = {value:?} must be a number"));
            }
        }
        if url::Url::parse(&d.oauth_authorize_url).is_err() {
            problems.push(format!(
                "discord.oauth_authorize_url = {:?} is not a URL",
                d.oauth_authorize_url
            ));
        }
        if !d.interactions_path.starts_with('/')
            || d.interactions_path == self.telegram.webhook_path
        {
            problems.push(format!(
                "discord.interactions_path = {:?} must be a path of its own",
                d.interactions_path
            ));
        }
        let path = &self.telegram.webhook_path;
        let reserved = [
            "/healthz",
            "/connect",
            "/oauth",
            "/linked",
            "/not-linked",
            "/instagram",
            "/tiktok",
        ];
        if !path.starts_with('/') || path.len() < 2 || reserved.iter().any(|r| path.starts_with(r))
        {
            problems.push(format!(
                "telegram.webhook_path = {path:?} must be a path of its own like /telegram/webhook"
            ));
        }
        if i.graph_version.trim().is_empty() || i.graph_version.contains('/') {
            problems.push(format!(
                "instagram.graph_version = {:?} must look like v25.0",
                i.graph_version
            ));
        }
        problems
    }

    /// The values [`crate::app::App::build`] needs in their own types, read from the file's
    /// text here and nowhere else; every problem, each in plain words. [`load`] refuses a
    /// file with any, so building never meets one.
    pub fn typed(&self) -> Result<Typed, Vec<String>> {
        let mut problems = Vec::new();
        let mut url = |key: &str, value: &str| match url::Url::parse(value) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Some(url),
            _ => {
                problems.push(format!("{key} = {value:?} is not an http(s) URL"));
                None
            }
        };
        let public_url = url("http.public_url", &self.http.public_url);
        let telegram_api_url = url("telegram.api_url", &self.telegram.api_url);
        let llm_base_url = if self.llm.base_url.is_empty() {
            Some(None)
        } else {
            url("llm.base_url", &self.llm.base_url).map(Some)
        };
        let bind = resolve_bind(&self.http.bind)
            .map_err(|problem| problems.push(problem))
            .ok();
        let default_timezone = self
            .chats
            .default_timezone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| {
                problems.push(format!(
                    "chats.default_timezone = {:?} is not an IANA time zone like Europe/Berlin",
                    self.chats.default_timezone
                ))
            })
            .ok();
        let default_digest_time =
            chrono::NaiveTime::parse_from_str(&self.digest.default_time, "%H:%M")
                .map_err(|_| {
                    problems.push(format!(
                        "digest.default_time = {:?} is not a time like 09:00",
                        self.digest.default_time
                    ))
                })
                .ok();
        let telegram_mode = match self.telegram.mode.as_str() {
            "polling" => Some(TelegramMode::Polling),
            "webhook" => Some(TelegramMode::Webhook),
            other => {
                problems.push(format!(
                    "telegram.mode = {other:?} must be \"polling\" or \"webhook\""
                ));
                None
            }
        };
        let d = &self.discord;
        let discord_mode = match d.mode.as_str() {
            "gateway" => Some(DiscordMode::Gateway),
            "endpoint" => Some(DiscordMode::Endpoint),
            other => {
                problems.push(format!(
                    "discord.mode = {other:?} must be \"gateway\" or \"endpoint\""
                ));
                None
            }
        };
        let mut number = |key: &str, value: &str| {
            if value.is_empty() {
                return Some(None);
            }
            match value.parse::<u64>() {
                Ok(number) => Some(Some(number)),
                Err(_) => {
                    problems.push(format!("{key} = {value:?} must be a number"));
                    None
                }
            }
        };
        let discord_application_id = number("discord.application_id", &d.application_id);
        let discord_guild_id = number("discord.guild_id", &d.guild_id);
        let discord_public_key = if d.public_key.is_empty() {
            Some(None)
        } else {
            let key: Option<[u8; 32]> = hex::decode(&d.public_key)
                .ok()
                .and_then(|bytes| bytes.try_into().ok());
            if key.is_none() {
                problems.push(
                    "discord.public_key must be 64 hex characters (the application's public key)"
                        .into(),
                );
            }
            key.map(Some)
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let read = "a value with no problem was read";
        Ok(Typed {
            bind: bind.expect(read),
            public_url: public_url.expect(read),
            default_timezone: default_timezone.expect(read),
            default_digest_time: default_digest_time.expect(read),
            telegram_api_url: telegram_api_url.expect(read),
            telegram_mode: telegram_mode.expect(read),
            discord_mode: discord_mode.expect(read),
            discord_application_id: discord_application_id.expect(read),
            discord_guild_id: discord_guild_id.expect(read),
            discord_public_key: discord_public_key.expect(read),
            llm_base_url: llm_base_url.expect(read),
        })
    }
}

/// How Telegram's updates reach Pulse (`telegram.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TelegramMode {
    /// Pulse asks (`getUpdates`); no public URL needed.
    Polling,
    /// Telegram posts updates to `{public_url}{webhook_path}`.
    Webhook,
}

/// How Discord's interactions reach Pulse (`discord.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscordMode {
    /// A bot connection.
    Gateway,
    /// Discord posts interactions to `{public_url}{interactions_path}`.
    Endpoint,
}

/// What [`FileConfig::typed`] reads: the configuration's values that are not plain numbers
/// or strings, each in its own type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    /// `http.bind`, resolved (listening tries each in turn).
    pub bind: Vec<SocketAddr>,
    /// `http.public_url`.
    pub public_url: url::Url,
    /// `chats.default_timezone`.
    pub default_timezone: chrono_tz::Tz,
    /// `digest.default_time`.
    pub default_digest_time: chrono::NaiveTime,
    /// `telegram.api_url`.
    pub telegram_api_url: url::Url,
    /// `telegram.mode`.
    pub telegram_mode: TelegramMode,
    /// `discord.mode`.
    pub discord_mode: DiscordMode,
    /// `discord.application_id`, when set.
    pub discord_application_id: Option<u64>,
    /// `discord.guild_id`, when set.
    pub discord_guild_id: Option<u64>,
    /// `discord.public_key`, when set.
    pub discord_public_key: Option<[u8; 32]>,
    /// `llm.base_url`, when set.
    pub llm_base_url: Option<url::Url>,
}

fn within_llm(problems: &mut Vec<String>, timeout_secs: u64) {
    if !(1..=300).contains(&timeout_secs) {
        problems.push(format!(
            "llm.timeout_secs = {timeout_secs} must be between 1 and 300"
        ));
    }
}

/// The addresses `http.bind` names: an IP address and port, or a host name and port
/// (`localhost:8080`), resolved. Listening tries them in turn.
fn resolve_bind(bind: &str) -> Result<Vec<SocketAddr>, String> {
    if let Ok(address) = bind.parse::<SocketAddr>() {
        return Ok(vec![address]);
    }
    let not_an_address = || {
        format!("http.bind = {bind:?} is not an address: write a host and a port, like 127.0.0.1:8080 or localhost:8080")
    };
    let (host, port) = bind.rsplit_once(':').ok_or_else(not_an_address)?;
    let port: u16 = port.parse().map_err(|_| not_an_address())?;
    if host.is_empty() {
        return Err(not_an_address());
    }
    match (host, port).to_socket_addrs() {
        Ok(addresses) => {
            let addresses: Vec<SocketAddr> = addresses.collect();
            if addresses.is_empty() {
                Err(format!(
                    "http.bind = {bind:?}: the host {host} has no address"
                ))
            } else {
                Ok(addresses)
            }
        }
        Err(error) => Err(format!(
            "http.bind = {bind:?}: the host {host} cannot be found ({error})"
        )),
    }
}

/// Why Pulse cannot listen on `http.bind`, in plain words.
pub fn cannot_listen(bind: &str, error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "http.bind = {bind:?} is already in use: another program (another Pulse?) listens there; stop it or choose another port"
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "http.bind = {bind:?}: Pulse may not listen there (ports below 1024 need privileges); choose a port above 1023"
        ),
        std::io::ErrorKind::AddrNotAvailable => format!(
            "http.bind = {bind:?}: this machine has no such address; use 127.0.0.1, 0.0.0.0 or one of its own addresses"
        ),
        _ => format!("http.bind = {bind:?}: Pulse cannot listen there ({error})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    fn no_env() -> &'static str {
        "PULSE_TEST_NOTHING_SET__"
    }

    #[test]
    fn the_committed_config_toml_is_exactly_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../config.toml");
        let loaded = load_with(Some(&path), no_env()).unwrap();
        assert_eq!(
            loaded,
            FileConfig::default(),
            "config.toml and the defaults drifted apart"
        );
    }

    #[test]
    fn the_store_backend_is_sled_unless_postgres_is_asked_for() {
        assert_eq!(FileConfig::default().store.backend, Backend::Sled);
        let config =
            file("[store]\nbackend = \"postgres\"\nurl = \"postgres://pulse@db:5432/pulse\"\n");
        let loaded = load_with(Some(config.path()), no_env()).unwrap();
        assert_eq!(loaded.store.backend, Backend::Postgres);
        assert_eq!(loaded.store.url, "postgres://pulse@db:5432/pulse");
        let wrong = file("[store]\nbackend = \"mysql\"\n");
        let refused = load_with(Some(wrong.path()), no_env())
            .unwrap_err()
            .to_string();
        assert!(refused.contains("store.backend"), "{refused}");
    }

    #[test]
    fn a_password_in_store_url_is_refused_without_being_repeated() {
        for url in [
            "postgres://pulse:hunter2-secret@db/pulse",
            "postgres://pulse@db/pulse?password=hunter2-secret",
        ] {
            let config = file(&format!("[store]\nurl = \"{url}\"\n"));
            let refused = load_with(Some(config.path()), no_env())
                .unwrap_err()
                .to_string();
            assert!(refused.contains("PULSE__STORE__PASSWORD"), "{refused}");
            assert!(!refused.contains("hunter2"), "{refused}");
        }
        let config = file("[store]\npassword = \"hunter2\"\n");
        let refused = load_with(Some(config.path()), no_env())
            .unwrap_err()
            .to_string();
        assert!(refused.contains("PULSE__STORE__PASSWORD"), "{refused}");
    }

    #[test]
    fn the_store_url_and_password_are_secrets_from_the_environment() {
        let secrets = Secrets::from_lookup(|name| match name {
            "PULSE__STORE__URL" => Some("postgres://pulse:pw@db/pulse".into()),
            "PULSE__STORE__PASSWORD" => Some("pw".into()),
            _ => None,
        });
        assert!(secrets.store_url.is_some() && secrets.store_password.is_some());
        let shown = format!("{secrets:?}");
        assert!(
            shown.contains("store_url: \"set\"") && !shown.contains("pw@"),
            "{shown}"
        );
        // The URL variable does not reach the file's settings (nor their `Debug`).
        let env = "PULSE_T9__";
        std::env::set_var("PULSE_T9__STORE__URL", "postgres://pulse:pw@db/pulse");
        let loaded = load_with(None, env).unwrap();
        std::env::remove_var("PULSE_T9__STORE__URL");
        assert_eq!(loaded.store.url, "");
    }

    #[test]
    fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
        let config = file("[http]\nbind = \"0.0.0.0:9000\"\n[sync]\ninterval_minutes = 5\n");
        // A prefix of its own, so no other test reads these variables.
        let env = "PULSE_T1__";
        std::env::set_var("PULSE_T1__SYNC__INTERVAL_MINUTES", "7");
        std::env::set_var("PULSE_T1__SYNC__MAX_IN_FLIGHT", "64");
        std::env::set_var("PULSE_T1__INSTAGRAM__APP_SECRET", "must-be-ignored");
        std::env::set_var("PULSE_T1__INSTAGRAM__APP_ID", "1234567890123456");
        let loaded = load_with(Some(config.path()), env).unwrap();
        assert_eq!(
            loaded.instagram.app_id, "1234567890123456",
            "numeric ids stay text"
        );
        assert_eq!(loaded.http.bind, "0.0.0.0:9000");
        assert_eq!(loaded.sync.interval_minutes, 7);
        assert_eq!(loaded.sync.max_in_flight, 64);
        assert_eq!(loaded.sync.account_history_days, 30);
    }

    #[test]
    fn typos_and_bad_values_are_named() {
        let typo = file("[http]\nbnid = \"x\"\n");
        let message = load_with(Some(typo.path()), no_env())
            .unwrap_err()
            .to_string();
        assert!(message.contains("bnid"), "{message}");
        let bad = file("[sync]\ninterval_minutes = \"often\"\n");
        let message = load_with(Some(bad.path()), no_env())
            .unwrap_err()
            .to_string();
        assert!(message.contains("interval_minutes"), "{message}");
        let huge = file("[sync]\ninterval_minutes = 99999999999\ncomment_history_days = 4000000000\nmax_in_flight = 0\n[instagram]\npage_size = 0\nmax_in_flight_per_account = 0\n");
        let message = load_with(Some(huge.path()), no_env())
            .unwrap_err()
            .to_string();
        for key in [
            "sync.interval_minutes",
            "sync.comment_history_days",
            "sync.max_in_flight",
            "instagram.page_size",
            "instagram.max_in_flight_per_account",
        ] {
            assert!(message.contains(key), "{key} in {message}");
        }
        let broken = file("[http\n");
        assert!(load_with(Some(broken.path()), no_env()).is_err());
        let missing = load_with(Some(Path::new("/nonexistent/pulse.toml")), no_env()).unwrap_err();
        assert!(missing.to_string().contains("no such file"));
    }

    #[test]
    fn a_toml_syntax_error_names_the_file_line_and_column() {
        let broken = file("[http]\nbind = \"127.0.0.1:8080\"\n\n[store\ncache_mb = 3\n");
        let message = load_with(Some(broken.path()), no_env())
            .unwrap_err()
            .to_string();
        let place = format!("{}, line 4, column 7: ", broken.path().display());
        assert!(message.starts_with(&place), "{message}");
        assert!(message.contains("the line reads: [store"), "{message}");
    }

    #[test]
    fn wrong_keys_and_values_are_named_as_the_operator_wrote_them() {
        let cases = [
            (
                "[store]\ncache_mb = \"lots\"\n",
                None,
                "store.cache_mb in {file} must be a whole number, 0 or more, not the text \"lots\"",
            ),
            (
                "",
                Some(("STORE__CACHE_MB", "lots")),
                "{env}STORE__CACHE_MB must be a whole number, 0 or more, not the text \"lots\"",
            ),
            (
                "",
                Some(("STORE__CACHE_MB", "0")),
                "{env}STORE__CACHE_MB = 0 must be between 1 and 65536",
            ),
            (
                "[http]\nbnid = \"x\"\n",
                None,
                "http.bnid in {file} is not a setting Pulse knows: [http] has bind, public_url, max_connections, header_timeout_secs, body_timeout_secs and metrics",
            ),
            (
                "",
                Some(("HTTP__BNID", "x")),
                "{env}HTTP__BNID is not a setting Pulse knows: [http] has bind, public_url, max_connections, header_timeout_secs, body_timeout_secs and metrics",
            ),
            (
                "[htp]\nbind = \"x\"\n",
                None,
                "htp in {file} is not a section Pulse knows: settings go in the sections [http], [store],",
            ),
            (
                "[sync]\ninterval_minutes = 1.5\n",
                None,
                "sync.interval_minutes in {file} must be a whole number, 0 or more, not the number 1.5",
            ),
            (
                "",
                Some(("HTTP__BIND", "nowhere")),
                "{env}HTTP__BIND = \"nowhere\" is not an address: write a host and a port, like 127.0.0.1:8080 or localhost:8080",
            ),
        ];
        for (index, (text, variable, expected)) in cases.into_iter().enumerate() {
            let config = file(text);
            // A prefix per case: the environment is shared by the tests running at once.
            let prefix = format!("PULSE_T2_{index}__");
            if let Some((name, value)) = variable {
                std::env::set_var(format!("{prefix}{name}"), value);
            }
            let message = load_with(Some(config.path()), &prefix)
                .unwrap_err()
                .to_string();
            let expected = expected
                .replace("{file}", &config.path().display().to_string())
                .replace("{env}", &prefix);
            assert_eq!(
                message.matches("the configuration is not valid: ").count(),
                1,
                "{message}"
            );
            assert!(message.contains(&expected), "{expected}\nin {message}");
            for internal in ["default.", "expected `", "for key", "STORE.CACHE_MB"] {
                assert!(!message.contains(internal), "{internal} in {message}");
            }
        }
    }

    #[test]
    fn a_host_name_in_http_bind_is_resolved() {
        let config = file("[http]\nbind = \"localhost:8080\"\n");
        let loaded = load_with(Some(config.path()), no_env()).unwrap();
        let addresses = loaded.typed().unwrap().bind;
        assert!(!addresses.is_empty());
        assert!(
            addresses
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 8080),
            "{addresses:?}"
        );
        for (bind, problem) in [
            ("localhost", "is not an address"),
            (":8080", "is not an address"),
            ("localhost:http", "is not an address"),
            (
                "no-such-host.invalid:8080",
                "the host no-such-host.invalid cannot be found",
            ),
        ] {
            let config = FileConfig {
                http: HttpConfig {
                    bind: bind.into(),
                    ..HttpConfig::default()
                },
                ..FileConfig::default()
            };
            let message = config.typed().unwrap_err().join("; ");
            assert!(message.contains(problem), "{bind}: {message}");
        }
    }

    #[test]
    fn a_secret_in_the_file_is_refused_with_the_variable_to_use() {
        let config = file("[instagram]\napp_secret = \"oops\"\n");
        let message = load_with(Some(config.path()), no_env())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("PULSE__INSTAGRAM__APP_SECRET"),
            "{message}"
        );
        assert!(
            !message.contains("oops"),
            "the secret itself is never repeated"
        );
    }

    #[test]
    fn secrets_debug_never_shows_values() {
        let secrets = Secrets::from_lookup(|name| {
            (name == "PULSE__LLM__API_KEY").then(|| "sk-canary".to_owned())
        });
        let debug = format!("{secrets:?}");
        assert!(debug.contains("llm_api_key: \"set\""));
        assert!(!debug.contains("sk-canary"));
        assert!(Secrets::from_lookup(|_| Some("   ".into()))
            .master_key
            .is_none());
    }

    #[test]
    fn discords_sign_in_needs_the_client_id_and_its_secret_together() {
        let with_secret = Secrets::from_lookup(|name| {
            (name == "PULSE__DISCORD__CLIENT_SECRET").then(|| "client-canary".to_owned())
        });
        let mut section = DiscordSection::default();
        assert!(matches!(section.sign_in(&Secrets::default()), Ok(None)));
        let only_secret = section.sign_in(&with_secret).unwrap_err();
        assert!(
            only_secret.contains("discord.oauth_client_id"),
            "{only_secret}"
        );
        section.oauth_client_id = "900000000000000001".into();
        let only_id = section.sign_in(&Secrets::default()).unwrap_err();
        assert!(
            only_id.contains("PULSE__DISCORD__CLIENT_SECRET"),
            "{only_id}"
        );
        assert!(
            matches!(section.sign_in(&with_secret), Ok(Some((id, _))) if id == "900000000000000001")
        );
        let config = file("[discord]\nclient_secret = \"oops\"\n");
        let message = load_with(Some(config.path()), no_env())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("PULSE__DISCORD__CLIENT_SECRET"),
            "{message}"
        );
    }
}
