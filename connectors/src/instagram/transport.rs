//! The request loop: each HTTP call with pacing, classification and retries. Calls of one
//! token may run at once (the sync bounds how many); a throttled one pauses them all.
//!
//! # Retries
//! A call says how it may be retried ([`Retries`]):
//! - **Reads** ([`Retries::Reads`]) are retried on every transient failure and on throttling,
//!   within `max_attempts`: sending a read twice does no harm.
//! - **Writes** ([`Retries::Writes`]: a reply, a private reply, a hide, a subscription) must
//!   never be done twice. One is retried only when it certainly did nothing: Instagram
//!   *answered* with a throttling code (4, 17, 32, 341, 613, 80002: the call was refused before
//!   it was carried out), or the connection could not even be opened (nothing was sent).
//!   Everything else is final on the first attempt and reaches the caller classified as
//!   usual: a timeout or a connection reset after sending, an unreadable answer, a 5xx, and
//!   Graph codes 1 and 2 or `is_transient` (the request may have arrived and been carried
//!   out) come back as `SourceError::Transient`, for a person to decide to try again.
//! - **Single-use** calls ([`Retries::Never`]: the code exchange, and `media_publish`, which
//!   puts a post live) are sent exactly once and never retried, not even after a throttling
//!   answer (Instagram has answered `4/2207051` to a publish that had gone live).
//!
//! Logs carry the method and the URL path only (URLs of `paging.next` embed the token, and
//! bodies can echo it), at debug level.

use std::sync::Arc;

use engine::instagram::{AccessToken, SourceError};
use reqwest::Method;
use secrecy::ExposeSecret;
use url::Url;

use crate::backoff::{backoff, millis};

use super::config::InstagramConfig;
use super::errors::{check_response, transport_failure, Failure, Retry};
use super::observe::{CallFamily, CallObserver, CallOutcome};
use super::pacing::{parse_usage, Pacer};

/// How a call may be retried (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retries {
    /// Never: single-use requests (an authorization code, a publish).
    Never,
    /// Every transient failure and throttling: reads.
    Reads,
    /// Only when the request certainly did nothing: writes.
    Writes,
}

/// One request to make. Deliberately not `Debug`: the form may hold the app secret.
pub(crate) struct Call<'a> {
    /// What kind of call, for the observer.
    pub(crate) family: CallFamily,
    /// GET or POST.
    pub(crate) method: Method,
    /// The full URL, query included.
    pub(crate) url: Url,
    /// The token the call is made for: the pacing key, scrubbed from messages.
    pub(crate) token: Option<&'a AccessToken>,
    /// Send `token` as `Authorization: Bearer`.
    pub(crate) bearer: bool,
    /// A urlencoded form body.
    pub(crate) form: Option<Vec<(&'static str, String)>>,
    /// A JSON body (when there is no form).
    pub(crate) json: Option<serde_json::Value>,
    /// When failures are retried.
    pub(crate) retries: Retries,
    /// Other exact strings to scrub from messages (e.g. an authorization code).
    pub(crate) extra_secret: Option<&'a str>,
}

impl<'a> Call<'a> {
    /// A GET with the token in the `Authorization` header, retried.
    pub(crate) fn bearer_get(family: CallFamily, url: Url, token: &'a AccessToken) -> Self {
        Self {
            family,
            method: Method::GET,
            url,
            token: Some(token),
            bearer: true,
            form: None,
            json: None,
            retries: Retries::Reads,
            extra_secret: None,
        }
    }

    /// A POST with the token in the `Authorization` header, retried as a write.
    pub(crate) fn bearer_write(family: CallFamily, url: Url, token: &'a AccessToken) -> Self {
        Self {
            method: Method::POST,
            retries: Retries::Writes,
            ..Self::bearer_get(family, url, token)
        }
    }

    /// A POST with the token in the `Authorization` header, sent exactly once whatever
    /// happens ([`Retries::Never`]).
    pub(crate) fn bearer_once(family: CallFamily, url: Url, token: &'a AccessToken) -> Self {
        Self {
            retries: Retries::Never,
            ..Self::bearer_write(family, url, token)
        }
    }
}

/// The HTTP client with its configuration and pacing state.
pub(crate) struct Transport {
    http: reqwest::Client,
    /// The configuration the client was built with.
    pub(crate) config: InstagramConfig,
    /// Usage-based pauses.
    pub(crate) pacer: Pacer,
    /// Told how each request ended.
    observer: Option<Arc<dyn CallObserver>>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("config", &self.config)
            .field("pacer", &self.pacer)
            .field("observed", &self.observer.is_some())
            .finish_non_exhaustive()
    }
}

/// How a failed request ended, for the observer.
fn outcome_of(failure: &Failure) -> CallOutcome {
    if matches!(failure.retry, Retry::Throttle { .. }) {
        return CallOutcome::Throttled;
    }
    match failure.error {
        SourceError::Throttled { .. } => CallOutcome::Throttled,
        SourceError::Transient { .. } => CallOutcome::Transient,
        SourceError::Reauth { .. } => CallOutcome::Reauth,
        SourceError::Malformed { .. } => CallOutcome::Malformed,
        SourceError::MissingPermission { .. }
        | SourceError::Permanent { .. }
        | SourceError::BadAuthorizationCode { .. } => CallOutcome::Refused,
    }
}

impl Transport {
    /// Builds the reqwest client. Redirects are not followed (nothing in the API redirects,
    /// and a redirect must never carry the bearer token elsewhere).
    pub(crate) fn new(
        config: InstagramConfig,
        observer: Option<Arc<dyn CallObserver>>,
    ) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("pulse/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let pacer = Pacer::new(config.pause_at_usage_percent, config.usage_pause);
        Ok(Self {
            http,
            config,
            pacer,
            observer,
        })
    }

    /// Makes the call, retrying as its classification allows, and returns the body of the
    /// first successful response.
    pub(crate) async fn execute(&self, call: &Call<'_>) -> Result<Vec<u8>, Failure> {
        let fingerprint = call.token.map(|t| self.pacer.fingerprint(t.expose()));
        let max_attempts = if call.retries == Retries::Never {
            1
        } else {
            self.config.max_attempts.max(1)
        };
        let mut attempt = 1u32;
        loop {
            if let Some(fingerprint) = fingerprint {
                self.pacer.wait_if_paused(fingerprint).await;
            }
            tracing::debug!(method = %call.method, path = call.url.path(), attempt, "instagram request");
            let attempted = self.attempt(call, fingerprint).await;
            if let Some(observer) = &self.observer {
                let outcome = attempted
                    .as_ref()
                    .map_or_else(outcome_of, |_| CallOutcome::Ok);
                observer.call_ended(call.family, outcome);
            }
            let failure = match attempted {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            if call.retries == Retries::Writes && !failure.did_nothing() {
                return Err(failure);
            }
            let wait = match failure.retry {
                Retry::Never => return Err(failure),
                Retry::Transient => {
                    if attempt >= max_attempts {
                        return Err(failure);
                    }
                    backoff(self.config.base_backoff, self.config.max_backoff, attempt)
                }
                Retry::Throttle { regain } => {
                    let wait = regain.unwrap_or_default().max(backoff(
                        self.config.base_backoff,
                        self.config.max_backoff,
                        attempt,
                    ));
                    if attempt >= max_attempts || wait > self.config.max_throttle_wait {
                        return Err(Failure {
                            error: SourceError::Throttled { retry_after: wait },
                            ..failure
                        });
                    }
                    tracing::info!(
                        wait_ms = millis(wait),
                        attempt,
                        path = call.url.path(),
                        "instagram is throttling; waiting before retrying"
                    );
                    // The account's other calls in flight wait too, and the sync can say so.
                    if let Some(fingerprint) = fingerprint {
                        self.pacer.pause_for(fingerprint, wait);
                    }
                    wait
                }
            };
            tracing::debug!(
                wait_ms = millis(wait),
                attempt,
                "retrying instagram request"
            );
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange.
    async fn attempt(&self, call: &Call<'_>, fingerprint: Option<u64>) -> Result<Vec<u8>, Failure> {
        let mut request = self.http.request(call.method.clone(), call.url.clone());
        if let (true, Some(token)) = (call.bearer, call.token) {
            request = request.bearer_auth(token.expose());
        }
        if let Some(form) = &call.form {
            request = request.form(form);
        } else if let Some(json) = &call.json {
            request = request.json(json);
        }
        let response = request.send().await.map_err(|e| transport_failure(&e))?;
        let status = response.status();
        let usage = parse_usage(response.headers());
        if let Some(fingerprint) = fingerprint {
            self.pacer.record(fingerprint, &usage);
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_failure(&e))?
            .to_vec();
        tracing::debug!(
            status = status.as_u16(),
            path = call.url.path(),
            "instagram response"
        );
        let secret = self.config.app_secret.expose_secret();
        let token = call.token.map(AccessToken::expose).unwrap_or_default();
        let secrets = [token, secret, call.extra_secret.unwrap_or_default()];
        check_response(status, &body, usage.regain, &secrets)?;
        Ok(body)
    }
}
