//! [`TikTokConfig`]: where TikTok lives and how patiently to talk to it.
//!
//! Both base URLs are configuration so that tests (and any local fake) can point the client
//! elsewhere. [`TikTokConfig::new`] and [`Default`] give the production hosts and defaults.

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

/// The production authorize page of Login Kit for Web v2 (browser).
pub const DEFAULT_AUTHORIZE_URL: &str = "https://www.tiktok.com/v2/auth/authorize/";
/// The production API host; every endpoint is `{api_url}/v2/…`.
pub const DEFAULT_API_URL: &str = "https://open.tiktokapis.com";

/// How the TikTok client reaches TikTok, retries and waits.
///
/// The `Debug` output never shows the client secret.
#[derive(Debug, Clone)]
pub struct TikTokConfig {
    /// The app's client key (`client_key`).
    pub client_key: String,
    /// The app's client secret (`client_secret`).
    pub client_secret: SecretString,
    /// The OAuth redirect URI exactly as registered; sent in the authorize URL and the
    /// code exchange.
    pub redirect_uri: String,
    /// The browser authorize page (default `https://www.tiktok.com/v2/auth/authorize/`).
    pub authorize_url: Url,
    /// The API host (default `https://open.tiktokapis.com`): the token endpoint is
    /// `{api_url}/v2/oauth/token/`, data calls `{api_url}/v2/user/info/` and so on.
    pub api_url: Url,
    /// Timeout of one HTTP request.
    pub request_timeout: Duration,
    /// Attempts per request, the first included, for temporary failures and
    /// `rate_limit_exceeded` (at least 1).
    pub max_attempts: u32,
    /// First retry delay; doubles per attempt, with jitter, capped at `max_backoff`.
    pub base_backoff: Duration,
    /// Longest backoff between two attempts.
    pub max_backoff: Duration,
    /// If a 429 asks (by `Retry-After`) for a longer wait than this, the client gives up
    /// at once with `SourceError::Throttled` instead of sleeping.
    pub max_throttle_wait: Duration,
}

impl TikTokConfig {
    /// A configuration with the production hosts and defaults (see [`Default`]) and these
    /// app credentials.
    pub fn new(
        client_key: impl Into<String>,
        client_secret: impl Into<SecretString>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            client_key: client_key.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            ..Self::default()
        }
    }

    /// Checks what the client relies on; the message names the offending field.
    pub(crate) fn validate(&self) -> Result<(), String> {
        for (name, url) in [
            ("authorize_url", &self.authorize_url),
            ("api_url", &self.api_url),
        ] {
            if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
                return Err(format!("{name} must be an http(s) URL"));
            }
        }
        if self.client_key.trim().is_empty() {
            return Err("client_key is empty".to_owned());
        }
        if self.redirect_uri.trim().is_empty() {
            return Err("redirect_uri is empty".to_owned());
        }
        if self.max_attempts == 0 {
            return Err("max_attempts must be at least 1".to_owned());
        }
        if self.request_timeout.is_zero() {
            return Err("request_timeout must be positive".to_owned());
        }
        Ok(())
    }
}

impl Default for TikTokConfig {
    /// Production hosts, no credentials (the client refuses an empty `client_key`), 20 s
    /// timeout, 4 attempts, backoff 1 s to 30 s, wait at most 2 minutes for a 429 (TikTok's
    /// window is one minute, sliding).
    fn default() -> Self {
        Self {
            client_key: String::new(),
            client_secret: SecretString::from(String::new()),
            redirect_uri: String::new(),
            authorize_url: constant_url(DEFAULT_AUTHORIZE_URL),
            api_url: constant_url(DEFAULT_API_URL),
            request_timeout: Duration::from_secs(20),
            max_attempts: 4,
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            max_throttle_wait: Duration::from_secs(120),
        }
    }
}

/// Parses one of the constant URLs above (they are valid literals, checked by a test).
fn constant_url(s: &str) -> Url {
    Url::parse(s).expect("the default TikTok URLs are valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_validate_once_credentials_are_set() {
        let config = TikTokConfig::new("key-1", "shh-secret", "https://pulse.example/tiktok");
        assert_eq!(config.authorize_url.as_str(), DEFAULT_AUTHORIZE_URL);
        assert_eq!(config.api_url.as_str(), "https://open.tiktokapis.com/");
        assert_eq!(config.max_attempts, 4);
        assert!(config.validate().is_ok());
        assert!(!format!("{config:?}").contains("shh-secret"));
        assert!(TikTokConfig::default().validate().is_err());
    }

    #[test]
    fn rejects_zero_attempts_and_odd_urls() {
        let mut config = TikTokConfig::new("key-1", "s", "https://pulse.example/tiktok");
        config.max_attempts = 0;
        assert!(config.validate().is_err());
        let mut config = TikTokConfig::new("key-1", "s", "https://pulse.example/tiktok");
        config.api_url = Url::parse("mailto:x@example.com").unwrap();
        assert!(config.validate().is_err());
    }
}
