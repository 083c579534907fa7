//! The request loop: each HTTP call with classification, retries and 429 waits.
//!
//! Every TikTok call Pulse makes is safe to repeat (reads, token exchanges, revocation), so
//! temporary failures (network, 5xx, `internal_error`) are retried with exponential backoff
//! within `max_attempts`. `rate_limit_exceeded` waits `Retry-After` (when TikTok sends one;
//! none is documented) or the backoff, and while it waits the token is *paused*: its other
//! calls wait too, and [`Transport::paused_for`] says for how long. A wait longer than
//! `max_throttle_wait`, or no attempt left, ends in `SourceError::Throttled`.
//!
//! Bodies are read up to [`MAX_BODY_BYTES`]. Logs carry the method and the URL path only, at
//! debug level; never a body, a form or a token.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::time::Duration;

use engine::tiktok::{AccessToken, SourceError};
use reqwest::header::RETRY_AFTER;
use reqwest::Method;
use secrecy::ExposeSecret;
use tokio::time::Instant;
use url::Url;

use crate::backoff::{backoff, millis};

use super::config::TikTokConfig;
use super::errors::{
    check_response, parse_retry_after, transport_failure, Endpoint, Failure, Retry,
};

/// The largest response body read (a page of 20 videos is a few kilobytes).
pub(crate) const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// One request to make. Deliberately not `Debug`: the form holds the client secret.
pub(crate) struct Call<'a> {
    /// Which endpoint, for classifying its errors.
    pub(crate) endpoint: Endpoint,
    /// GET or POST.
    pub(crate) method: Method,
    /// The full URL, query included.
    pub(crate) url: Url,
    /// Sent as `Authorization: Bearer`; also the key of 429 pauses.
    pub(crate) bearer: Option<&'a AccessToken>,
    /// A urlencoded form body.
    pub(crate) form: Option<Vec<(&'static str, String)>>,
    /// A JSON body (when there is no form).
    pub(crate) json: Option<serde_json::Value>,
    /// Exact strings to scrub from messages besides the bearer token and client secret
    /// (a code, a refresh token, the token being revoked).
    pub(crate) secrets: Vec<&'a str>,
}

/// The HTTP client with its configuration and the pauses of throttled tokens.
pub(crate) struct Transport {
    http: reqwest::Client,
    /// The configuration the client was built with.
    pub(crate) config: TikTokConfig,
    /// Per-token pauses while a 429 is waited out.
    pauses: Pauses,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// Builds the reqwest client. Redirects are not followed: nothing in the API redirects,
    /// and a redirect must never carry the bearer token elsewhere.
    pub(crate) fn new(config: TikTokConfig) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("pulse/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            http,
            config,
            pauses: Pauses::default(),
        })
    }

    /// `{api_url}/v2/{segments…}/` (each segment percent-encoded; TikTok's paths end in `/`).
    pub(crate) fn api_url(&self, segments: &[&str]) -> Url {
        let mut url = self.config.api_url.clone();
        url.set_query(None);
        url.set_fragment(None);
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().push("v2").extend(segments).push("");
        }
        url
    }

    /// How long the next call with `token` will wait for a 429, if one is being waited out.
    pub(crate) fn paused_for(&self, token: &AccessToken) -> Option<Duration> {
        self.pauses
            .remaining(self.pauses.fingerprint(token.expose()))
    }

    /// Makes the call, retrying as its classification allows, and returns the body of the
    /// first successful response.
    pub(crate) async fn execute(&self, call: &Call<'_>) -> Result<Vec<u8>, SourceError> {
        let fingerprint = call.bearer.map(|t| self.pauses.fingerprint(t.expose()));
        let max_attempts = self.config.max_attempts.max(1);
        let mut attempt = 1u32;
        loop {
            if let Some(fingerprint) = fingerprint {
                self.pauses.wait_if_paused(fingerprint).await;
            }
            tracing::debug!(method = %call.method, path = call.url.path(), attempt, "tiktok request");
            let failure = match self.attempt(call).await {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            let backoff = backoff(self.config.base_backoff, self.config.max_backoff, attempt);
            let wait = match failure.retry {
                Retry::Never => return Err(failure.error),
                Retry::Transient => {
                    if attempt >= max_attempts {
                        return Err(failure.error);
                    }
                    backoff
                }
                Retry::Throttle { retry_after } => {
                    let wait = retry_after.unwrap_or_default().max(backoff);
                    if attempt >= max_attempts || wait > self.config.max_throttle_wait {
                        return Err(SourceError::Throttled { retry_after: wait });
                    }
                    tracing::info!(
                        wait_ms = millis(wait),
                        attempt,
                        path = call.url.path(),
                        "tiktok is rate limiting; waiting before retrying"
                    );
                    if let Some(fingerprint) = fingerprint {
                        self.pauses.pause_for(fingerprint, wait);
                    }
                    wait
                }
            };
            tracing::debug!(wait_ms = millis(wait), attempt, "retrying tiktok request");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange.
    async fn attempt(&self, call: &Call<'_>) -> Result<Vec<u8>, Failure> {
        let mut request = self.http.request(call.method.clone(), call.url.clone());
        if let Some(token) = call.bearer {
            request = request.bearer_auth(token.expose());
        }
        if let Some(form) = &call.form {
            request = request.form(form);
        } else if let Some(json) = &call.json {
            request = request.json(json);
        }
        let mut response = request.send().await.map_err(|e| transport_failure(&e))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| transport_failure(&e))? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(Failure::malformed(format!(
                    "the response is larger than {MAX_BODY_BYTES} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(
            status = status.as_u16(),
            path = call.url.path(),
            "tiktok response"
        );
        let mut secrets = call.secrets.clone();
        secrets.push(self.config.client_secret.expose_secret());
        if let Some(token) = call.bearer {
            secrets.push(token.expose());
        }
        check_response(call.endpoint, status, &body, retry_after, &secrets)?;
        Ok(body)
    }
}

/// Per-token pauses, keyed by a keyed hash of the token (never the token in clear).
#[derive(Debug, Default)]
struct Pauses {
    keys: RandomState,
    until: Mutex<HashMap<u64, Instant>>,
}

impl Pauses {
    fn fingerprint(&self, token: &str) -> u64 {
        self.keys.hash_one(token)
    }

    /// Holds this token's calls back for `wait` (or longer, if a pause runs already).
    fn pause_for(&self, fingerprint: u64, wait: Duration) {
        let now = Instant::now();
        let until = now + wait;
        let mut pauses = self.until.lock().unwrap_or_else(|e| e.into_inner());
        pauses.retain(|_, deadline| *deadline > now);
        let entry = pauses.entry(fingerprint).or_insert(until);
        if *entry < until {
            *entry = until;
        }
    }

    fn remaining(&self, fingerprint: u64) -> Option<Duration> {
        let pauses = self.until.lock().unwrap_or_else(|e| e.into_inner());
        let left = pauses
            .get(&fingerprint)?
            .saturating_duration_since(Instant::now());
        (!left.is_zero()).then_some(left)
    }

    async fn wait_if_paused(&self, fingerprint: u64) {
        if let Some(left) = self.remaining(fingerprint) {
            tokio::time::sleep(left).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_is_for_its_token_only_and_never_shortened() {
        let pauses = Pauses::default();
        let (hot, cold) = (pauses.fingerprint("a"), pauses.fingerprint("b"));
        assert_eq!(pauses.remaining(hot), None);
        pauses.pause_for(hot, Duration::from_secs(30));
        assert!(pauses
            .remaining(hot)
            .is_some_and(|l| l > Duration::from_secs(25)));
        assert_eq!(pauses.remaining(cold), None);
        pauses.pause_for(hot, Duration::from_secs(1));
        assert!(pauses
            .remaining(hot)
            .is_some_and(|l| l > Duration::from_secs(25)));
    }
}
