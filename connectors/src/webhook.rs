//! Instagram's webhooks: the `X-Hub-Signature-256` check and the `comments` events of a
//! delivery.
//!
//! Meta signs each delivery with HMAC-SHA256 of the raw body under the app secret, sent as
//! `X-Hub-Signature-256: sha256=<hex>`. [`verify_signature`] checks it in constant time over
//! the bytes as received, before anything is parsed; [`comment_events`] then reads the
//! `comments` changes of a verified body:
//!
//! ```json
//! {"object":"instagram","entry":[{"id":"<user_id>","time":1767225600,
//!   "changes":[{"field":"comments","value":{"id":"<comment_id>","text":"…",
//!     "from":{"id":"<igsid>","username":"…"},"parent_id":"<comment_id>",
//!     "media":{"id":"<media_id>","media_product_type":"FEED"}}}]}]}
//! ```
//!
//! Entries with `field`/`value` directly (no `changes` wrapper) and `comment_id` for `id` are
//! read too; other fields (`mentions`, messaging) are passed over. Ids are kept exactly as
//! sent, whether JSON strings or numbers (numbers above 2^53 included). No input panics.

use chrono::{DateTime, Utc};
use engine::instagram::{Comment, CommentEvent};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::Sha256;

/// The largest body worth reading; Meta's deliveries are a few kilobytes.
pub const MAX_BODY: usize = 1024 * 1024;

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// No `X-Hub-Signature-256` header.
    #[error("the webhook has no signature")]
    Unsigned,
    /// The header is not `sha256=` and 64 hex digits, or it does not match any secret.
    #[error("the webhook's signature does not match")]
    BadSignature,
    /// Signed, but not a webhook body Pulse can read.
    #[error("the webhook body is malformed")]
    Malformed,
}

/// Checks `header` (`sha256=<hex>`) against HMAC-SHA256 of `raw_body` under each of
/// `app_secrets` in turn, in constant time.
pub fn verify_signature(
    app_secrets: &[&str],
    raw_body: &[u8],
    header: Option<&str>,
) -> Result<(), WebhookError> {
    let header = header.ok_or(WebhookError::Unsigned)?.trim();
    let hex = header
        .strip_prefix("sha256=")
        .ok_or(WebhookError::BadSignature)?;
    let signature = decode_hex(hex).ok_or(WebhookError::BadSignature)?;
    for secret in app_secrets.iter().filter(|secret| !secret.is_empty()) {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
            continue;
        };
        mac.update(raw_body);
        if mac.verify_slice(&signature).is_ok() {
            return Ok(());
        }
    }
    Err(WebhookError::BadSignature)
}

/// 32 bytes from 64 hex digits, or `None`.
fn decode_hex(hex: &str) -> Option<[u8; 32]> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in digits.chunks_exact(2).enumerate() {
        let high = char::from(pair[0]).to_digit(16)?;
        let low = char::from(pair[1]).to_digit(16)?;
        out[i] = u8::try_from(high * 16 + low).ok()?;
    }
    Some(out)
}

#[derive(Deserialize)]
struct Delivery<'a> {
    #[serde(default)]
    object: Option<String>,
    #[serde(default, borrow)]
    entry: Vec<Entry<'a>>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(default)]
    time: Option<serde_json::Value>,
    #[serde(default, borrow)]
    changes: Vec<Change<'a>>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default, borrow)]
    value: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Change<'a> {
    #[serde(default)]
    field: Option<String>,
    #[serde(default, borrow)]
    value: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct CommentValue<'a> {
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    comment_id: Option<&'a RawValue>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default, borrow)]
    from: Option<From<'a>>,
    #[serde(default, borrow)]
    parent_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    media: Option<Media<'a>>,
}

#[derive(Deserialize)]
struct From<'a> {
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
    #[serde(default)]
    username: Option<String>,
}

#[derive(Deserialize)]
struct Media<'a> {
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
}

/// An id as sent: a JSON string's contents, or a number's digits (never through a float).
fn exact_id(raw: Option<&RawValue>) -> Option<String> {
    let text = raw?.get().trim();
    let id = if text.starts_with('"') {
        serde_json::from_str::<String>(text).ok()?
    } else if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.to_owned()
    } else {
        return None;
    };
    (!id.is_empty()).then_some(id)
}

/// The entry's `time` (Unix seconds, sometimes milliseconds), or `received` without one.
fn entry_time(time: Option<&serde_json::Value>, received: DateTime<Utc>) -> DateTime<Utc> {
    let seconds = time.and_then(|t| t.as_i64().or_else(|| t.as_str()?.parse().ok()));
    match seconds {
        // Later than 2100 in seconds: milliseconds.
        Some(s) if s > 4_102_444_800 => DateTime::from_timestamp_millis(s),
        Some(s) => DateTime::from_timestamp(s, 0),
        None => None,
    }
    .unwrap_or(received)
}

/// The `comments` events of a verified body; other fields are passed over. `received` is
/// the comment's time when the entry has none. A body that is not a webhook delivery at all
/// is [`WebhookError::Malformed`]; a `comments` change without a comment id, post or text is
/// passed over.
pub fn comment_events(
    raw_body: &[u8],
    received: DateTime<Utc>,
) -> Result<Vec<CommentEvent>, WebhookError> {
    if raw_body.len() > MAX_BODY {
        return Err(WebhookError::Malformed);
    }
    let starts_as_object = raw_body
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| *byte == b'{');
    if !starts_as_object {
        return Err(WebhookError::Malformed);
    }
    let delivery: Delivery<'_> =
        serde_json::from_slice(raw_body).map_err(|_| WebhookError::Malformed)?;
    if delivery
        .object
        .as_deref()
        .is_some_and(|object| object != "instagram")
    {
        return Ok(Vec::new());
    }
    let mut events = Vec::new();
    for entry in &delivery.entry {
        let Some(account_user_id) = exact_id(entry.id) else {
            continue;
        };
        let published_at = entry_time(entry.time.as_ref(), received);
        let direct = entry.field.as_deref().zip(entry.value);
        let changes = entry
            .changes
            .iter()
            .filter_map(|change| change.field.as_deref().zip(change.value))
            .chain(direct);
        for (field, value) in changes {
            if field != "comments" {
                continue;
            }
            let Ok(value) = serde_json::from_str::<CommentValue<'_>>(value.get()) else {
                continue;
            };
            if let Some(comment) = comment_of(&value, published_at) {
                events.push(CommentEvent {
                    account_user_id: account_user_id.clone(),
                    comment,
                });
            }
        }
    }
    Ok(events)
}

fn comment_of(value: &CommentValue<'_>, published_at: DateTime<Utc>) -> Option<Comment> {
    let id = exact_id(value.id).or_else(|| exact_id(value.comment_id))?;
    let post_id = exact_id(value.media.as_ref()?.id)?;
    let from = value.from.as_ref();
    Some(Comment {
        id,
        post_id,
        parent_id: exact_id(value.parent_id),
        author_id: from.and_then(|from| exact_id(from.id)),
        author_username: from
            .and_then(|from| from.username.clone())
            .filter(|name| !name.is_empty()),
        text: value.text.clone()?,
        published_at,
        like_count: None,
        hidden: false,
    })
}

/// The `X-Hub-Signature-256` header of `body` signed with `secret` (tests and fakes).
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    const SECRET: &str = "instagram-app-secret";

    fn received() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    const BODY: &str = r#"{"object":"instagram","entry":[{"id":"17841400000000001","time":1767225600,
        "changes":[{"field":"comments","value":{"id":"18000000000000001","text":"how much is it?",
        "from":{"id":"9000000000000001","username":"buyer"},
        "media":{"id":"18100000000000001","media_product_type":"FEED"}}},
        {"field":"mentions","value":{"media_id":"1","comment_id":"2"}}]}]}"#;

    #[test]
    fn a_signed_delivery_is_verified_and_read() {
        let header = sign(SECRET, BODY.as_bytes());
        verify_signature(&[SECRET], BODY.as_bytes(), Some(&header)).unwrap();
        let events = comment_events(BODY.as_bytes(), received()).unwrap();
        assert_eq!(events.len(), 1, "mentions are passed over");
        let event = &events[0];
        assert_eq!(event.account_user_id, "17841400000000001");
        assert_eq!(event.comment.id, "18000000000000001");
        assert_eq!(event.comment.post_id, "18100000000000001");
        assert_eq!(event.comment.author_id.as_deref(), Some("9000000000000001"));
        assert_eq!(event.comment.author_username.as_deref(), Some("buyer"));
        assert_eq!(event.comment.text, "how much is it?");
        assert_eq!(event.comment.parent_id, None);
        assert_eq!(
            event.comment.published_at,
            DateTime::from_timestamp(1_767_225_600, 0).unwrap()
        );
    }

    #[test]
    fn a_second_secret_is_tried_and_a_wrong_one_refused() {
        let header = sign("the-other-secret", BODY.as_bytes());
        verify_signature(
            &[SECRET, "the-other-secret"],
            BODY.as_bytes(),
            Some(&header),
        )
        .unwrap();
        assert_eq!(
            verify_signature(&[SECRET], BODY.as_bytes(), Some(&header)),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verify_signature(&[SECRET], BODY.as_bytes(), None),
            Err(WebhookError::Unsigned)
        );
        let upper = sign(SECRET, BODY.as_bytes())
            .to_uppercase()
            .replace("SHA256=", "sha256=");
        verify_signature(&[SECRET], BODY.as_bytes(), Some(&upper)).unwrap();
        for header in ["sha1=00", "sha256=", "sha256=zz", "", "sha256"] {
            assert_eq!(
                verify_signature(&[SECRET], BODY.as_bytes(), Some(header)),
                Err(WebhookError::BadSignature),
                "{header}"
            );
        }
        assert_eq!(
            verify_signature(&[""], BODY.as_bytes(), Some(&sign("", BODY.as_bytes()))),
            Err(WebhookError::BadSignature),
            "an empty secret signs nothing"
        );
    }

    #[test]
    fn numeric_ids_stay_exact_and_the_flat_shape_with_comment_id_reads() {
        let body = br#"{"object":"instagram","entry":[{"id":17841400000000001234,"time":1767225600,
            "field":"comments","value":{"comment_id":18000000000000009999,"text":"price?",
            "from":{"id":123,"username":"x"},"parent_id":"17","media":{"id":9007199254740993}}}]}"#;
        let events = comment_events(body, received()).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].account_user_id, "17841400000000001234");
        assert_eq!(events[0].comment.id, "18000000000000009999");
        assert_eq!(events[0].comment.post_id, "9007199254740993");
        assert_eq!(events[0].comment.parent_id.as_deref(), Some("17"));
    }

    #[test]
    fn other_objects_fields_and_incomplete_comments_are_passed_over() {
        for body in [
            r#"{"object":"page","entry":[]}"#,
            r#"{"object":"instagram","entry":[{"id":"1","messaging":[{"x":1}]}]}"#,
            r#"{"object":"instagram","entry":[{"id":"1","changes":[{"field":"comments","value":{"text":"no id"}}]}]}"#,
            r#"{"object":"instagram","entry":[{"id":"1","changes":[{"field":"comments","value":{"id":"2","text":"no media"}}]}]}"#,
            r#"{"object":"instagram","entry":[{"id":"1","changes":[{"field":"comments","value":"text"}]}]}"#,
            r#"{"object":"instagram","entry":[{"changes":[{"field":"comments","value":{"id":"2","text":"t","media":{"id":"3"}}}]}]}"#,
            r#"{"object":"instagram","entry":[{"id":-1.5,"changes":[{"field":"comments","value":{"id":"2","text":"t","media":{"id":"3"}}}]}]}"#,
        ] {
            assert_eq!(
                comment_events(body.as_bytes(), received()),
                Ok(Vec::new()),
                "{body}"
            );
        }
        for body in ["", "[]", "{", "null", r#"{"entry":"x"}"#] {
            assert_eq!(
                comment_events(body.as_bytes(), received()),
                Err(WebhookError::Malformed),
                "{body}"
            );
        }
    }

    /// 1,000 random mutations of a signed body and its header: each is refused by the
    /// signature unless body and header are both untouched, and nothing panics.
    #[test]
    fn a_thousand_mutations_are_refused_or_read_without_panic() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(16);
        let header = sign(SECRET, BODY.as_bytes());
        let (mut refused, mut read) = (0, 0);
        for _ in 0..1000 {
            let mut body = BODY.as_bytes().to_vec();
            let mut signature = header.clone();
            match rng.gen_range(0..5) {
                0 => {
                    let at = rng.gen_range(0..body.len());
                    body[at] ^= rng.gen_range(1..=255u8);
                }
                1 => body.truncate(rng.gen_range(0..body.len())),
                2 => {
                    let at = rng.gen_range("sha256=".len()..signature.len());
                    let mut bytes = signature.into_bytes();
                    bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
                    signature = String::from_utf8(bytes).unwrap();
                }
                3 => signature = sign("a-forger's-secret", &body),
                _ => {
                    let at = rng.gen_range(0..=body.len());
                    body.insert(at, rng.gen());
                }
            }
            let untouched = body == BODY.as_bytes() && signature == header;
            match verify_signature(&[SECRET], &body, Some(&signature)) {
                Ok(()) => {
                    assert!(untouched, "a mutation passed the signature check");
                    comment_events(&body, received()).unwrap();
                    read += 1;
                }
                Err(_) => {
                    // What a forger sends is still parsed without a panic, for the record.
                    let _ = comment_events(&body, received());
                    refused += 1;
                }
            }
        }
        assert_eq!(
            (refused, read),
            (1000, 0),
            "every mutation changes what was signed"
        );
    }
}
