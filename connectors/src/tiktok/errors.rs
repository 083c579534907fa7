//! Error classification: TikTok's answers turned into [`SourceError`]s, and scrubbing.
//!
//! TikTok has two error shapes:
//! - the OAuth endpoints (`/v2/oauth/token/`, `/v2/oauth/revoke/`) answer
//!   `{"error":"invalid_grant","error_description":"…","log_id":"…"}`, with HTTP 200 or 400;
//! - the data endpoints answer `{"data":{…},"error":{"code":"ok","message":"","log_id":"…"}}`,
//!   and anything but `"ok"` is an error even with HTTP 200.
//!
//! TikTok's codes are strings, while `SourceError` carries numbers: `Reauth` and
//! `MissingPermission` carry `code: 0`, `Permanent` carries the HTTP status as `code` and
//! TikTok's code in front of its message. Every message is scrubbed of the secrets of the
//! call (tokens, client secret, authorization code) and of anything shaped like a TikTok
//! token (`act.…`, `rft.…`) before it is kept.

use std::time::Duration;

use engine::tiktok::SourceError;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use crate::scrub::{transport_reason, Scrubber};

/// Longest TikTok message kept in an error (characters).
const MAX_MESSAGE_CHARS: usize = 300;

/// Which endpoint answered: OAuth errors mean different things at each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    /// The code exchange: a refused code is `BadAuthorizationCode`.
    Code,
    /// The refresh: a refused refresh token is `Reauth`.
    Refresh,
    /// The revocation: an unknown token is `Reauth`.
    Revoke,
    /// A Display API call with the `{data, error}` envelope.
    Data,
}

/// What the retry loop should do with a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Final: give the error to the caller.
    Never,
    /// Retry with exponential backoff.
    Transient,
    /// `rate_limit_exceeded`: wait (at least `Retry-After`, when given) and retry.
    Throttle {
        /// The `Retry-After` of the answer, if any.
        retry_after: Option<Duration>,
    },
}

/// A failed attempt: the error for the caller, and how to retry.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    /// What the caller gets if this is final.
    pub(crate) error: SourceError,
    /// What the retry loop does.
    pub(crate) retry: Retry,
}

impl Failure {
    fn new(error: SourceError, retry: Retry) -> Self {
        Self { error, retry }
    }

    /// A final failure.
    pub(crate) fn never(error: SourceError) -> Self {
        Self::new(error, Retry::Never)
    }

    /// A temporary failure, retried.
    pub(crate) fn transient(reason: impl Into<String>) -> Self {
        Self::new(
            SourceError::Transient {
                reason: reason.into(),
            },
            Retry::Transient,
        )
    }

    /// A response that does not parse (final).
    pub(crate) fn malformed(reason: impl Into<String>) -> Self {
        Self::never(SourceError::Malformed {
            reason: reason.into(),
        })
    }

    fn throttled(retry_after: Option<Duration>) -> Self {
        Self::new(
            SourceError::Throttled {
                retry_after: retry_after.unwrap_or_default(),
            },
            Retry::Throttle { retry_after },
        )
    }
}

/// The fields of either error shape Pulse looks at.
#[derive(Debug, Deserialize)]
struct Envelope {
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    error_description: Option<Value>,
    #[serde(default)]
    data: Option<Value>,
}

/// Looks at one response and decides whether it is a success (`Ok(())`) or a failure.
///
/// `retry_after` is the response's `Retry-After`; `secrets` are exact strings to scrub
/// from messages.
pub(crate) fn check_response(
    endpoint: Endpoint,
    status: StatusCode,
    body: &[u8],
    retry_after: Option<Duration>,
    secrets: &[&str],
) -> Result<(), Failure> {
    // Only a JSON object can carry an error (serde would also read a struct from an array).
    let is_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let envelope = if is_object {
        serde_json::from_slice::<Envelope>(body).ok()
    } else {
        None
    };
    let Some(envelope) = envelope else {
        if endpoint == Endpoint::Data && status.is_success() {
            return Err(Failure::malformed(
                "the answer is not a JSON object with an error report",
            ));
        }
        return by_status(status, retry_after).unwrap_or_else(|| {
            Err(Failure::malformed(format!(
                "HTTP {} with a body that is not a JSON object",
                status.as_u16()
            )))
        });
    };
    match envelope.error {
        Some(Value::String(kind)) if !kind.trim().is_empty() => {
            let description = text_of(envelope.error_description.as_ref()).unwrap_or_default();
            return Err(oauth_failure(
                endpoint,
                status,
                (kind.trim(), &description),
                retry_after,
                secrets,
            ));
        }
        Some(Value::Object(error)) => {
            let code = error
                .get("code")
                .and_then(|c| text_of(Some(c)))
                .unwrap_or_default();
            if code.trim() != "ok" {
                let message = text_of(error.get("message")).unwrap_or_default();
                return Err(api_failure(
                    status,
                    code.trim(),
                    &message,
                    retry_after,
                    secrets,
                ));
            }
        }
        _ => {
            // No error report at all: a data call must at least carry `data`.
            if endpoint == Endpoint::Data && status.is_success() && envelope.data.is_none() {
                return Err(Failure::malformed(
                    "the answer has neither data nor an error report",
                ));
            }
        }
    }
    by_status(status, retry_after).unwrap_or_else(|| {
        Err(Failure::malformed(format!(
            "HTTP {} without an error report",
            status.as_u16()
        )))
    })
}

/// The verdict of a status alone, when it says something: success, 5xx, 429. `None` for
/// another 4xx (or 1xx/3xx) without an error body.
fn by_status(status: StatusCode, retry_after: Option<Duration>) -> Option<Result<(), Failure>> {
    if status.is_success() {
        return Some(Ok(()));
    }
    if status.is_server_error() {
        return Some(Err(Failure::transient(format!("HTTP {}", status.as_u16()))));
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Some(Err(Failure::throttled(retry_after)));
    }
    None
}

/// An OAuth `{"error":"…","error_description":"…"}` answer.
fn oauth_failure(
    endpoint: Endpoint,
    status: StatusCode,
    (kind, description): (&str, &str),
    retry_after: Option<Duration>,
    secrets: &[&str],
) -> Failure {
    let message = scrub(
        &if description.trim().is_empty() {
            kind.to_owned()
        } else {
            format!("{kind}: {}", description.trim())
        },
        secrets,
    );
    match (endpoint, kind) {
        (_, "temporarily_unavailable" | "server_error") => Failure::transient(message),
        (_, "rate_limit_exceeded") => Failure::throttled(retry_after),
        _ if status.is_server_error() => {
            Failure::transient(format!("HTTP {}: {message}", status.as_u16()))
        }
        (Endpoint::Code, "invalid_grant" | "invalid_request") => {
            Failure::never(SourceError::BadAuthorizationCode { message })
        }
        (Endpoint::Refresh, "invalid_grant") => Failure::never(SourceError::Reauth { code: 0 }),
        (Endpoint::Revoke, "invalid_grant" | "invalid_token" | "access_token_invalid") => {
            Failure::never(SourceError::Reauth { code: 0 })
        }
        // invalid_client, unauthorized_client, invalid_scope, unsupported_grant_type, …
        _ => Failure::never(permanent(status, message)),
    }
}

/// A `{"error":{"code":"…","message":"…"}}` answer whose code is not `ok`.
fn api_failure(
    status: StatusCode,
    code: &str,
    message: &str,
    retry_after: Option<Duration>,
    secrets: &[&str],
) -> Failure {
    let described = scrub(
        &match (code.is_empty(), message.trim().is_empty()) {
            (true, _) => format!("no error code: {}", message.trim()),
            (false, true) => code.to_owned(),
            (false, false) => format!("{code}: {}", message.trim()),
        },
        secrets,
    );
    match code {
        "access_token_invalid" => Failure::never(SourceError::Reauth { code: 0 }),
        "scope_not_authorized" | "scope_permission_missed" => {
            Failure::never(SourceError::MissingPermission { code: 0 })
        }
        "rate_limit_exceeded" => Failure::throttled(retry_after),
        "internal_error" => Failure::transient(described),
        _ if status.is_server_error() => {
            Failure::transient(format!("HTTP {}: {described}", status.as_u16()))
        }
        // invalid_params and codes Pulse does not know.
        _ => Failure::never(permanent(status, described)),
    }
}

fn permanent(status: StatusCode, message: String) -> SourceError {
    SourceError::Permanent {
        code: i64::from(status.as_u16()),
        subcode: None,
        message,
    }
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Null | Value::String(_) => None,
        other => Some(other.to_string()),
    }
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds.min(24 * 60 * 60)));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let left = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(left.to_std().unwrap_or_default())
}

/// Describes a transport error without its URL.
pub(crate) fn transport_failure(error: &reqwest::Error) -> Failure {
    Failure::transient(transport_reason(error))
}

/// TikTok's secrets: its access (`act.`) and refresh (`rft.`) tokens, matched without case,
/// and the form or query parameters whose values are secrets (`token=` also covers
/// `access_token=` and `refresh_token=`).
const SCRUBBER: Scrubber = Scrubber {
    token_chars: &['_', '-', '.', '%', '*', '!', '~'],
    prefixes: &["act.", "rft."],
    prefix_ignores_case: true,
    min_len: 12,
    secret_params: &["token=", "client_secret=", "code="],
    max_chars: MAX_MESSAGE_CHARS,
};

/// Removes secrets from a message: the exact `secrets`, anything that looks like a TikTok
/// token, and the values of secret parameters. Also caps the length.
pub(crate) fn scrub(message: &str, secrets: &[&str]) -> String {
    SCRUBBER.scrub(message, secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_error(status: u16, code: &str) -> Option<SourceError> {
        let body = serde_json::json!({
            "data": {}, "error": {"code": code, "message": "something", "log_id": "L1"}
        });
        let status = StatusCode::from_u16(status).ok()?;
        check_response(
            Endpoint::Data,
            status,
            &serde_json::to_vec(&body).ok()?,
            None,
            &[],
        )
        .err()
        .map(|f| f.error)
    }

    fn oauth_error(endpoint: Endpoint, kind: &str) -> Option<SourceError> {
        let body = format!(r#"{{"error":"{kind}","error_description":"nope","log_id":"L"}}"#);
        check_response(endpoint, StatusCode::OK, body.as_bytes(), None, &[])
            .err()
            .map(|f| f.error)
    }

    #[test]
    fn data_codes_are_classified_whatever_the_status() {
        assert_eq!(data_error(200, "ok"), None);
        assert_eq!(
            data_error(200, "access_token_invalid"),
            Some(SourceError::Reauth { code: 0 })
        );
        for code in ["scope_not_authorized", "scope_permission_missed"] {
            assert_eq!(
                data_error(401, code),
                Some(SourceError::MissingPermission { code: 0 })
            );
        }
        assert!(matches!(
            data_error(429, "rate_limit_exceeded"),
            Some(SourceError::Throttled { .. })
        ));
        assert!(matches!(
            data_error(500, "internal_error"),
            Some(SourceError::Transient { .. })
        ));
        assert!(matches!(
            data_error(400, "invalid_params"),
            Some(SourceError::Permanent { code: 400, ref message, .. }) if message == "invalid_params: something"
        ));
        assert!(matches!(
            data_error(200, "brand_new_code"),
            Some(SourceError::Permanent { code: 200, .. })
        ));
        assert!(matches!(
            data_error(503, "brand_new_code"),
            Some(SourceError::Transient { .. })
        ));
    }

    #[test]
    fn oauth_errors_mean_what_their_endpoint_makes_them() {
        assert!(matches!(
            oauth_error(Endpoint::Code, "invalid_grant"),
            Some(SourceError::BadAuthorizationCode { .. })
        ));
        assert!(matches!(
            oauth_error(Endpoint::Code, "invalid_request"),
            Some(SourceError::BadAuthorizationCode { .. })
        ));
        assert_eq!(
            oauth_error(Endpoint::Refresh, "invalid_grant"),
            Some(SourceError::Reauth { code: 0 })
        );
        assert_eq!(
            oauth_error(Endpoint::Revoke, "invalid_grant"),
            Some(SourceError::Reauth { code: 0 })
        );
        for endpoint in [Endpoint::Code, Endpoint::Refresh, Endpoint::Revoke] {
            for kind in ["invalid_client", "unauthorized_client"] {
                assert!(
                    matches!(
                        oauth_error(endpoint, kind),
                        Some(SourceError::Permanent { .. })
                    ),
                    "{endpoint:?} {kind}"
                );
            }
        }
    }

    #[test]
    fn bodies_without_an_error_go_by_status() {
        let check = |status: u16, body: &[u8]| {
            check_response(
                Endpoint::Data,
                StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                body,
                Some(Duration::from_secs(3)),
                &[],
            )
            .map_err(|f| f.error)
        };
        assert!(check(200, br#"{"data":{}}"#).is_ok());
        assert!(matches!(
            check(200, b"{}"),
            Err(SourceError::Malformed { .. })
        ));
        assert!(matches!(
            check(200, b"<html>"),
            Err(SourceError::Malformed { .. })
        ));
        assert!(matches!(
            check(502, b"<html>"),
            Err(SourceError::Transient { .. })
        ));
        assert_eq!(
            check(429, b""),
            Err(SourceError::Throttled {
                retry_after: Duration::from_secs(3)
            })
        );
        assert!(matches!(
            check(404, b"nope"),
            Err(SourceError::Malformed { .. })
        ));
        assert!(matches!(
            check(404, br#"{"data":{}}"#),
            Err(SourceError::Malformed { .. })
        ));
        let revoked = check_response(Endpoint::Revoke, StatusCode::OK, b"{}", None, &[]);
        assert!(revoked.is_ok());
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn scrub_removes_tokens_and_secret_parameters() {
        let message = "bad act.1a2b3c4d5e6f7g8h9i0j!4321.va and rft.abcdef0123456789 in \
                       ?client_secret=sss123&code=Co*De!1&refresh_token=zzz9&fields=id; also exact-one";
        let clean = scrub(message, &["exact-one"]);
        for secret in [
            "1a2b3c4d5e",
            "abcdef0123456789",
            "sss123",
            "Co*De",
            "zzz9",
            "exact-one",
        ] {
            assert!(!clean.contains(secret), "{clean}");
        }
        assert!(clean.contains("fields=id"), "{clean}");
        let text = "The field display_name needs user.info.basic — ça va";
        assert_eq!(scrub(text, &[]), text);
        assert!(scrub(&"é".repeat(1000), &[]).chars().count() <= MAX_MESSAGE_CHARS + 1);
    }
}
