//! Error classification: Instagram's error bodies turned into [`SourceError`]s.
//!
//! Decisions are made on the body (`error.code`, `error_subcode`, `is_transient`), never on the
//! HTTP status alone and never on `type` (`OAuthException` is also what throttling says).
//! Every message is scrubbed of anything that looks like a token before it is kept.

use std::time::Duration;

use engine::instagram::SourceError;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use crate::scrub::{transport_reason, Scrubber};

/// Longest Instagram message kept in an error (characters).
const MAX_MESSAGE_CHARS: usize = 300;

/// What the retry loop should do with a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Retry {
    /// Final: give the error to the caller.
    Never,
    /// Retry with exponential backoff.
    Transient,
    /// Throttled: wait at least `regain` (from the usage header) and retry.
    Throttle {
        /// `estimated_time_to_regain_access`, if a usage header gave one.
        regain: Option<Duration>,
    },
}

/// The parts of a Graph `error` object Pulse looks at, already scrubbed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GraphErrorInfo {
    /// `error.code`.
    pub(crate) code: i64,
    /// `error.error_subcode`.
    pub(crate) subcode: Option<i64>,
    /// `error.message`, scrubbed and shortened.
    pub(crate) message: String,
}

/// A failed request: the error for the caller, how to retry, and the Graph error if any.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    /// What the caller gets if this is final.
    pub(crate) error: SourceError,
    /// What the retry loop does.
    pub(crate) retry: Retry,
    /// The Graph error the body carried, for callers that react to specific messages.
    pub(crate) graph: Option<GraphErrorInfo>,
    /// The request was never sent (the connection could not be opened).
    pub(crate) unsent: bool,
}

impl Failure {
    /// A failure without a Graph error body.
    pub(crate) fn plain(error: SourceError, retry: Retry) -> Self {
        Self {
            error,
            retry,
            graph: None,
            unsent: false,
        }
    }

    /// A response that does not parse.
    pub(crate) fn malformed(reason: impl Into<String>) -> Self {
        Self::plain(
            SourceError::Malformed {
                reason: reason.into(),
            },
            Retry::Never,
        )
    }

    /// True when the request certainly had no effect: it was never sent, or Instagram
    /// answered that it is throttling (refused before carrying it out). Writes are retried
    /// only then.
    pub(crate) fn did_nothing(&self) -> bool {
        self.unsent || matches!(self.retry, Retry::Throttle { .. })
    }

    /// True if the Graph error has this code.
    pub(crate) fn has_code(&self, code: i64) -> bool {
        self.graph.as_ref().is_some_and(|g| g.code == code)
    }
}

impl From<Failure> for SourceError {
    fn from(failure: Failure) -> Self {
        failure.error
    }
}

/// Both error shapes: the Graph `{"error":{…}}` and the OAuth endpoint's flat
/// `{"error_type","code","error_message"}`.
#[derive(Debug, Deserialize)]
struct ErrorEnvelope {
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    error_type: Option<Value>,
    #[serde(default)]
    error_message: Option<Value>,
    #[serde(default)]
    error_description: Option<Value>,
}

/// The Graph `error` object.
#[derive(Debug, Deserialize)]
struct GraphErrorWire {
    #[serde(default)]
    message: Option<Value>,
    #[serde(default)]
    code: Option<Value>,
    #[serde(default)]
    error_subcode: Option<Value>,
    #[serde(default)]
    is_transient: Option<Value>,
    #[serde(default)]
    error_user_msg: Option<Value>,
}

/// Looks at one response and decides whether it is a success (`Ok(())`) or a failure.
///
/// `regain` is the `estimated_time_to_regain_access` from this response's usage headers;
/// `secrets` are exact strings to scrub from messages (the token sent, the app secret, …).
pub(crate) fn check_response(
    status: StatusCode,
    body: &[u8],
    regain: Option<Duration>,
    secrets: &[&str],
) -> Result<(), Failure> {
    // Only a JSON object can carry an error (serde would also read a struct from an array).
    let is_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let envelope = if is_object {
        serde_json::from_slice::<ErrorEnvelope>(body).ok()
    } else {
        None
    };
    if let Some(envelope) = envelope {
        match envelope.error {
            Some(Value::Object(map)) => {
                let wire = serde_json::from_value::<GraphErrorWire>(Value::Object(map))
                    .map_err(|_| Failure::malformed("an error object that does not parse"))?;
                return Err(classify_graph(status, wire, regain, secrets));
            }
            Some(Value::String(kind)) => {
                // An OAuth2-style `{"error":"invalid_request","error_description":"…"}`.
                let message = text_of(envelope.error_description.as_ref())
                    .or_else(|| text_of(envelope.error_message.as_ref()))
                    .unwrap_or(kind);
                return Err(oauth_failure(status, &message, secrets));
            }
            _ => {}
        }
        if envelope.error_type.is_some() || envelope.error_message.is_some() {
            let message = text_of(envelope.error_message.as_ref())
                .or_else(|| text_of(envelope.error_type.as_ref()))
                .unwrap_or_default();
            return Err(oauth_failure(status, &message, secrets));
        }
    }
    if status.is_success() {
        return Ok(());
    }
    if status.is_server_error() {
        return Err(Failure::plain(
            SourceError::Transient {
                reason: format!("HTTP {}", status.as_u16()),
            },
            Retry::Transient,
        ));
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Err(Failure::plain(
            SourceError::Throttled {
                retry_after: regain.unwrap_or_default(),
            },
            Retry::Throttle { regain },
        ));
    }
    Err(Failure::malformed(format!(
        "HTTP {} without an error body",
        status.as_u16()
    )))
}

/// The OAuth code endpoint's own error shape: the code was refused (never retried).
fn oauth_failure(status: StatusCode, message: &str, secrets: &[&str]) -> Failure {
    if status.is_server_error() {
        return Failure::plain(
            SourceError::Transient {
                reason: format!("HTTP {}: {}", status.as_u16(), scrub(message, secrets)),
            },
            Retry::Transient,
        );
    }
    Failure::plain(
        SourceError::BadAuthorizationCode {
            message: scrub(message, secrets),
        },
        Retry::Never,
    )
}

/// Classifies a Graph error by its code (see the module docs).
fn classify_graph(
    status: StatusCode,
    wire: GraphErrorWire,
    regain: Option<Duration>,
    secrets: &[&str],
) -> Failure {
    let code = wire.code.as_ref().and_then(int_of).unwrap_or(0);
    let subcode = wire.error_subcode.as_ref().and_then(int_of);
    let transient_flag = match wire.is_transient {
        Some(Value::Bool(b)) => b,
        Some(Value::String(ref s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let raw_message = text_of(wire.message.as_ref())
        .or_else(|| text_of(wire.error_user_msg.as_ref()))
        .unwrap_or_default();
    let message = scrub(&raw_message, secrets);
    let graph = Some(GraphErrorInfo {
        code,
        subcode,
        message: message.clone(),
    });
    let (error, retry) = match code {
        190 | 102 => (SourceError::Reauth { code }, Retry::Never),
        4 | 17 | 32 | 341 | 613 | 80002 => (
            SourceError::Throttled {
                retry_after: regain.unwrap_or_default(),
            },
            Retry::Throttle { regain },
        ),
        1 | 2 | -1 | -2 => (transient(code, &message), Retry::Transient),
        _ if transient_flag => (transient(code, &message), Retry::Transient),
        10 | 200..=299 => (SourceError::MissingPermission { code }, Retry::Never),
        100 => (
            SourceError::Permanent {
                code,
                subcode,
                message,
            },
            Retry::Never,
        ),
        // An unknown code on a 5xx is most likely an outage.
        _ if status.is_server_error() => (transient(code, &message), Retry::Transient),
        _ => (
            SourceError::Permanent {
                code,
                subcode,
                message,
            },
            Retry::Never,
        ),
    };
    Failure {
        error,
        retry,
        graph,
        unsent: false,
    }
}

fn transient(code: i64, message: &str) -> SourceError {
    SourceError::Transient {
        reason: if message.is_empty() {
            format!("code {code}")
        } else {
            format!("code {code}: {message}")
        },
    }
}

/// An integer from a JSON number or numeric string.
fn int_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Null => None,
        Value::String(_) => None,
        other => Some(other.to_string()),
    }
}

/// Describes a transport error without its URL (URLs of `paging.next` carry the token).
pub(crate) fn transport_failure(error: &reqwest::Error) -> Failure {
    let reason = transport_reason(error);
    Failure {
        unsent: error.is_connect(),
        ..Failure::plain(
            SourceError::Transient {
                reason: reason.to_owned(),
            },
            Retry::Transient,
        )
    }
}

/// Meta's secrets: the token prefixes it uses (Instagram Login, Basic Display, Facebook),
/// matched with case, and the query parameters whose values are secrets.
const SCRUBBER: Scrubber = Scrubber {
    token_chars: &['_', '-', '.', '%'],
    prefixes: &["IGAA", "IGQV", "EAA"],
    prefix_ignores_case: false,
    min_len: 16,
    secret_params: &["access_token=", "client_secret=", "code=", "input_token="],
    max_chars: MAX_MESSAGE_CHARS,
};

/// Removes secrets from a message: the exact `secrets`, anything that looks like a Meta token,
/// and the values of `access_token=`/`client_secret=`/`code=` parameters. Also caps the length.
pub(crate) fn scrub(message: &str, secrets: &[&str]) -> String {
    SCRUBBER.scrub(message, secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(code: i64, subcode: Option<i64>, transient: bool) -> Vec<u8> {
        let mut error = serde_json::json!({
            "message": "something", "type": "OAuthException", "code": code,
            "is_transient": transient, "fbtrace_id": "x"
        });
        if let Some(sub) = subcode {
            error["error_subcode"] = sub.into();
        }
        serde_json::to_vec(&serde_json::json!({ "error": error })).unwrap_or_default()
    }

    fn class(code: i64, subcode: Option<i64>) -> SourceError {
        check_response(
            StatusCode::BAD_REQUEST,
            &graph(code, subcode, false),
            None,
            &[],
        )
        .err()
        .map(|f| f.error)
        .unwrap_or(SourceError::Malformed {
            reason: "ok".into(),
        })
    }

    #[test]
    fn classification_table() {
        assert_eq!(class(190, Some(463)), SourceError::Reauth { code: 190 });
        assert_eq!(class(102, None), SourceError::Reauth { code: 102 });
        for code in [4, 17, 32, 341, 613, 80002] {
            assert!(
                matches!(class(code, None), SourceError::Throttled { .. }),
                "{code}"
            );
        }
        for code in [1, 2] {
            assert!(
                matches!(class(code, None), SourceError::Transient { .. }),
                "{code}"
            );
        }
        assert_eq!(class(10, None), SourceError::MissingPermission { code: 10 });
        assert_eq!(
            class(200, None),
            SourceError::MissingPermission { code: 200 }
        );
        assert_eq!(
            class(299, None),
            SourceError::MissingPermission { code: 299 }
        );
        assert!(matches!(
            class(100, Some(2108006)),
            SourceError::Permanent {
                code: 100,
                subcode: Some(2108006),
                ..
            }
        ));
        assert!(matches!(
            class(368, None),
            SourceError::Permanent { code: 368, .. }
        ));
    }

    #[test]
    fn is_transient_flag_and_status_fallbacks() {
        let failure = check_response(StatusCode::BAD_REQUEST, &graph(100, None, true), None, &[]);
        assert!(matches!(
            failure.map_err(|f| f.retry),
            Err(Retry::Transient)
        ));
        let html = b"<html>bad gateway</html>";
        let failure = check_response(StatusCode::BAD_GATEWAY, html, None, &[]);
        assert!(matches!(
            failure.map_err(|f| f.error),
            Err(SourceError::Transient { .. })
        ));
        assert!(check_response(StatusCode::OK, b"{\"data\":[]}", None, &[]).is_ok());
        assert!(check_response(StatusCode::OK, b" [\"error\", 1]", None, &[]).is_ok());
        let failure = check_response(StatusCode::NOT_FOUND, b"nope", None, &[]);
        assert!(matches!(
            failure.map_err(|f| f.error),
            Err(SourceError::Malformed { .. })
        ));
    }

    #[test]
    fn throttle_carries_regain() {
        let regain = Some(Duration::from_secs(600));
        let failure = check_response(
            StatusCode::FORBIDDEN,
            &graph(80002, None, false),
            regain,
            &[],
        );
        let failure = failure.err();
        assert_eq!(
            failure.as_ref().map(|f| f.retry),
            Some(Retry::Throttle { regain })
        );
    }

    #[test]
    fn oauth_shape_is_bad_code() {
        let body = br#"{"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"}"#;
        let failure = check_response(StatusCode::BAD_REQUEST, body, None, &[]);
        assert_eq!(
            failure.err().map(|f| f.error),
            Some(SourceError::BadAuthorizationCode {
                message: "Matching code was not found or was already used".into()
            })
        );
    }

    #[test]
    fn scrub_removes_tokens() {
        let token = "IGAAabcdefghijklmnopqrstuvwxyz0123456789";
        let message = format!(
            "Invalid token {token} in https://graph/x?access_token=secretvalue&fields=id and EAAB1234567890abcdef; also mysecret"
        );
        let clean = scrub(&message, &["mysecret"]);
        assert!(!clean.contains("abcdefghijklmnop"), "{clean}");
        assert!(!clean.contains("secretvalue"), "{clean}");
        assert!(!clean.contains("EAAB1234567890abcdef"), "{clean}");
        assert!(!clean.contains("mysecret"), "{clean}");
        assert!(clean.contains("fields=id"), "{clean}");
        assert!(clean.contains("Invalid token"), "{clean}");
    }

    #[test]
    fn scrub_keeps_ordinary_text_and_utf8() {
        let text = "The metric shares is not supported for this media type — ça va";
        assert_eq!(scrub(text, &[]), text);
        let long = "é".repeat(1000);
        assert!(scrub(&long, &[]).chars().count() <= MAX_MESSAGE_CHARS + 1);
    }
}
