//! [`InstagramConfig`]: where Instagram lives and how politely to talk to it.
//!
//! Every base URL is configuration so that tests, `pulse demo` and `pulse sandbox` can point the
//! client at a local fake. [`InstagramConfig::new`] gives the production defaults.

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

/// The production authorize page (§1.2 of the reference; not the retired `api.instagram.com` one).
pub const DEFAULT_AUTHORIZE_URL: &str = "https://www.instagram.com/oauth/authorize";
/// The production code-exchange endpoint.
pub const DEFAULT_TOKEN_URL: &str = "https://api.instagram.com/oauth/access_token";
/// The production Graph host for Instagram Login tokens.
pub const DEFAULT_GRAPH_URL: &str = "https://graph.instagram.com";
/// The Graph API version Pulse pins.
pub const DEFAULT_GRAPH_VERSION: &str = "v25.0";

/// How the Instagram client reaches Instagram and paces itself.
///
/// The `Debug` output never shows the app secret.
#[derive(Debug, Clone)]
pub struct InstagramConfig {
    /// The browser authorize page (default `https://www.instagram.com/oauth/authorize`).
    pub authorize_url: Url,
    /// The code-exchange endpoint (default `https://api.instagram.com/oauth/access_token`).
    pub token_url: Url,
    /// The Graph host (default `https://graph.instagram.com`). The long-lived exchange is
    /// `{graph_url}/access_token`, the refresh `{graph_url}/refresh_access_token`, data calls
    /// `{graph_url}/{graph_version}/…`.
    pub graph_url: Url,
    /// The pinned Graph version, like `v25.0`.
    pub graph_version: String,
    /// The Instagram App ID (not the Meta App ID).
    pub app_id: String,
    /// The Instagram App Secret.
    pub app_secret: SecretString,
    /// The OAuth redirect URI exactly as registered; sent in the authorize URL and the exchange.
    pub redirect_uri: String,
    /// Page size asked for on the media edge (`limit`).
    pub page_size: u32,
    /// Timeout of one HTTP request.
    pub request_timeout: Duration,
    /// Attempts per request, the first included, for transient failures and throttling (at
    /// least 1). The code exchange is always a single attempt.
    pub max_attempts: u32,
    /// First retry delay; doubles per attempt, with jitter, capped at `max_backoff`.
    pub base_backoff: Duration,
    /// Longest backoff between two attempts.
    pub max_backoff: Duration,
    /// When a usage header reports at least this percentage, the next call on behalf of the
    /// same token first waits `usage_pause` (0 disables pausing).
    pub pause_at_usage_percent: u8,
    /// How long to hold off after a high usage reading.
    pub usage_pause: Duration,
    /// If Instagram asks for a longer wait than this, the client gives up with
    /// `SourceError::Throttled` instead of sleeping.
    pub max_throttle_wait: Duration,
}

impl InstagramConfig {
    /// A configuration with the production hosts and defaults: `v25.0`, pages of 50, 20 s
    /// timeout, 4 attempts, backoff 1 s to 60 s, pause 60 s at 80 % usage, wait at most 5
    /// minutes when throttled.
    pub fn new(
        app_id: impl Into<String>,
        app_secret: impl Into<SecretString>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            authorize_url: constant_url(DEFAULT_AUTHORIZE_URL),
            token_url: constant_url(DEFAULT_TOKEN_URL),
            graph_url: constant_url(DEFAULT_GRAPH_URL),
            graph_version: DEFAULT_GRAPH_VERSION.to_owned(),
            app_id: app_id.into(),
            app_secret: app_secret.into(),
            redirect_uri: redirect_uri.into(),
            page_size: 50,
            request_timeout: Duration::from_secs(20),
            max_attempts: 4,
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            pause_at_usage_percent: 80,
            usage_pause: Duration::from_secs(60),
            max_throttle_wait: Duration::from_secs(300),
        }
    }

    /// Checks what the client relies on; the message names the offending field.
    pub(crate) fn validate(&self) -> Result<(), String> {
        for (name, url) in [
            ("authorize_url", &self.authorize_url),
            ("token_url", &self.token_url),
            ("graph_url", &self.graph_url),
        ] {
            if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
                return Err(format!("{name} must be an http(s) URL"));
            }
        }
        let version = self.graph_version.trim();
        if version.is_empty() || version.contains('/') {
            return Err("graph_version must be a single path segment like v25.0".to_owned());
        }
        if self.app_id.trim().is_empty() {
            return Err("app_id is empty".to_owned());
        }
        if self.redirect_uri.trim().is_empty() {
            return Err("redirect_uri is empty".to_owned());
        }
        if self.page_size == 0 {
            return Err("page_size must be at least 1".to_owned());
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

/// Parses one of the constant URLs above (they are valid literals, checked by a test).
fn constant_url(s: &str) -> Url {
    Url::parse(s).expect("the default Instagram URLs are valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_validate() {
        let config = InstagramConfig::new("123", "secret", "https://pulse.example/cb");
        assert_eq!(config.authorize_url.as_str(), DEFAULT_AUTHORIZE_URL);
        assert_eq!(config.token_url.as_str(), DEFAULT_TOKEN_URL);
        assert_eq!(config.graph_url.as_str(), "https://graph.instagram.com/");
        assert_eq!(config.page_size, 50);
        assert_eq!(config.max_attempts, 4);
        assert!(config.validate().is_ok());
        assert!(!format!("{config:?}").contains("secret\""));
    }

    #[test]
    fn rejects_zero_attempts() {
        let mut config = InstagramConfig::new("123", "secret", "https://pulse.example/cb");
        config.max_attempts = 0;
        assert!(config.validate().is_err());
    }
}
