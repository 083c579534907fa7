//! Meta's `signed_request`, the body of the deauthorize and data-deletion callbacks:
//! `base64url(signature) "." base64url(payload)`, where the signature is HMAC-SHA256 of the
//! payload's base64 text under the app secret and the payload is JSON with `algorithm`
//! (`HMAC-SHA256`), `user_id` and `issued_at`.
//!
//! The signature is checked (in constant time, over the text as received) before the
//! payload is decoded, so nothing about an unsigned payload is ever read.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// The longest `signed_request` accepted; Meta's are a few hundred bytes.
pub const MAX_LENGTH: usize = 8 * 1024;

/// A verified request: who it is about and when Meta issued it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The app-scoped user id.
    pub user_id: String,
    /// When Meta issued the request (Unix seconds).
    pub issued_at: i64,
}

/// Why a `signed_request` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignedRequestError {
    /// Not two base64url parts, too long, or not JSON after a valid signature.
    #[error("the signed_request is malformed")]
    Malformed,
    /// The signature does not match.
    #[error("the signed_request's signature does not match")]
    BadSignature,
    /// Signed, but with an algorithm other than HMAC-SHA256 named.
    #[error("the signed_request names an unsupported algorithm")]
    UnsupportedAlgorithm,
    /// Signed, but without a user id or time.
    #[error("the signed_request has no user id or time")]
    Incomplete,
}

#[derive(Deserialize)]
struct Payload {
    algorithm: Option<String>,
    user_id: Option<serde_json::Value>,
    issued_at: Option<i64>,
}

fn decode_part(part: &str) -> Result<Vec<u8>, SignedRequestError> {
    // Meta leaves the padding off; some encoders keep it.
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| SignedRequestError::Malformed)
}

/// Verifies `signed_request` with `app_secret` and reads it.
pub fn verify(
    app_secret: &[u8],
    signed_request: &str,
) -> Result<SignedRequest, SignedRequestError> {
    let text = signed_request.trim();
    if text.is_empty() || text.len() > MAX_LENGTH {
        return Err(SignedRequestError::Malformed);
    }
    let mut parts = text.split('.');
    let (Some(signature), Some(payload), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(SignedRequestError::Malformed);
    };
    if signature.is_empty() || payload.is_empty() {
        return Err(SignedRequestError::Malformed);
    }
    let signature = decode_part(signature)?;
    let mut mac =
        Hmac::<Sha256>::new_from_slice(app_secret).map_err(|_| SignedRequestError::BadSignature)?;
    mac.update(payload.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| SignedRequestError::BadSignature)?;
    let payload: Payload = serde_json::from_slice(&decode_part(payload)?)
        .map_err(|_| SignedRequestError::Malformed)?;
    if !payload
        .algorithm
        .as_deref()
        .is_some_and(|algorithm| algorithm.eq_ignore_ascii_case("HMAC-SHA256"))
    {
        return Err(SignedRequestError::UnsupportedAlgorithm);
    }
    let user_id = match payload.user_id {
        Some(serde_json::Value::String(id)) if !id.is_empty() => id,
        Some(serde_json::Value::Number(id)) => id.to_string(),
        _ => return Err(SignedRequestError::Incomplete),
    };
    let issued_at = payload.issued_at.ok_or(SignedRequestError::Incomplete)?;
    Ok(SignedRequest { user_id, issued_at })
}

/// Signs `payload` (JSON text) as Meta does: for tests and the sandbox.
pub fn sign(app_secret: &[u8], payload: &str) -> String {
    let payload = URL_SAFE_NO_PAD.encode(payload.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret).unwrap_or_else(|_| {
        // HMAC takes keys of any length.
        unreachable!("HMAC accepts any key length")
    });
    mac.update(payload.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signature}.{payload}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"app-secret";

    fn genuine() -> String {
        sign(
            SECRET,
            r#"{"algorithm":"HMAC-SHA256","expires":1291840400,"issued_at":1291836800,"user_id":"218471"}"#,
        )
    }

    #[test]
    fn a_genuine_request_is_read() {
        assert_eq!(
            verify(SECRET, &genuine()),
            Ok(SignedRequest {
                user_id: "218471".into(),
                issued_at: 1_291_836_800
            })
        );
        // A numeric user id and padding are accepted too.
        let numeric = sign(
            SECRET,
            r#"{"algorithm":"HMAC-SHA256","issued_at":5,"user_id":17841400000000001}"#,
        );
        assert_eq!(
            verify(SECRET, &numeric).unwrap().user_id,
            "17841400000000001"
        );
    }

    #[test]
    fn forgeries_are_refused() {
        let good = genuine();
        let (signature, payload) = good.split_once('.').unwrap();
        assert_eq!(
            verify(b"other-secret", &good),
            Err(SignedRequestError::BadSignature)
        );
        let mut flipped = payload.as_bytes().to_vec();
        flipped[3] ^= 0x01;
        let flipped = format!("{signature}.{}", String::from_utf8_lossy(&flipped));
        assert!(verify(SECRET, &flipped).is_err());
        for bad in [
            "",
            ".",
            "a.b.c",
            "onlyonepart",
            &format!(".{payload}"),
            &format!("{signature}."),
        ] {
            assert_eq!(
                verify(SECRET, bad),
                Err(SignedRequestError::Malformed),
                "{bad:?}"
            );
        }
        let other_algorithm = sign(
            SECRET,
            r#"{"algorithm":"HMAC-SHA1","issued_at":5,"user_id":"1"}"#,
        );
        assert_eq!(
            verify(SECRET, &other_algorithm),
            Err(SignedRequestError::UnsupportedAlgorithm)
        );
        let no_user = sign(SECRET, r#"{"algorithm":"HMAC-SHA256","issued_at":5}"#);
        assert_eq!(
            verify(SECRET, &no_user),
            Err(SignedRequestError::Incomplete)
        );
        assert_eq!(
            verify(SECRET, &"A".repeat(MAX_LENGTH + 1)),
            Err(SignedRequestError::Malformed)
        );
    }
}
