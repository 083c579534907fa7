//! Keys of the stats API, as pure values: their form, their hash, their scopes, signed
//! requests, and the truncation of a caller's address. What is stored is in
//! `records/api.rs`; minting, checking and logging are `Pulse`'s (`pulse/api_access.rs`).
//!
//! # A key
//!
//! `pulse_<id>_<secret><checksum>`, 53 characters: the prefix `pulse_`, an id of 8 lower-case
//! letters and digits (shown in `/apikey list`, named by `/apikey revoke`), `_`, 32 random
//! base62 characters (190 bits), and 6 base62 characters of the CRC-32 of everything before
//! them, as GitHub's tokens carry one: a mistyped or made-up key is refused by
//! [`PresentedKey::parse`] without a read of the store, and a scanner can tell a real key
//! from a random string. `_` is no base62 character, so a double click selects the whole key.
//!
//! Only `HMAC-SHA-256(pepper, key)` is stored ([`ApiPepper::hash`]); the pepper is the
//! operator's secret (`PULSE__API__PEPPER`), never in the database, so a copy of the database
//! alone checks no key. Hashes are compared in constant time.
//!
//! # A signed request
//!
//! A key minted `signed` comes with a signing secret (`psig_` and 40 base62 characters),
//! shown once beside it. Each request then carries `Authorization: Bearer <key>`,
//! `X-Pulse-Timestamp` (Unix seconds) and `X-Pulse-Signature`: the lower-case hex of
//! `HMAC-SHA-256(signing secret as shown, canonical)`, where `canonical` is five lines joined
//! by `\n` (no newline at the end):
//!
//! ```text
//! METHOD              as sent, e.g. GET
//! path                as received, without the query, e.g. /api/v1/accounts/shop/posts
//! sorted query        the query's pairs (split on &; empty ones dropped; a pair without =
//!                     gets one, "a" is "a="), sorted by name then value as bytes, still
//!                     percent-encoded as received, joined by &; empty without a query
//! timestamp           the X-Pulse-Timestamp header, as sent
//! hex(sha256(body))   lower-case hex of the body's SHA-256 (of no bytes without a body)
//! ```
//!
//! A timestamp more than [`SIGNATURE_WINDOW`] (300 s) from Pulse's clock is refused, and so
//! is a signature seen before from the same key within the window (a replay).

use core::net::IpAddr;
use std::fmt;

use hmac::{Hmac, Mac};
use rand::Rng;
use secrecy::{ExposeSecret, SecretSlice};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What every key starts with.
pub const KEY_PREFIX: &str = "pulse_";
/// Characters of a key's id.
pub const ID_CHARS: usize = 8;
/// Random base62 characters of a key's secret part.
pub const SECRET_CHARS: usize = 32;
/// Base62 characters of a key's checksum.
pub const CHECKSUM_CHARS: usize = 6;
/// Characters of a whole key.
pub const KEY_CHARS: usize = KEY_PREFIX.len() + ID_CHARS + 1 + SECRET_CHARS + CHECKSUM_CHARS;
/// What a signing secret starts with.
pub const SIGNING_PREFIX: &str = "psig_";
/// Random base62 characters of a signing secret (238 bits).
pub const SIGNING_CHARS: usize = 40;
/// How far a signed request's timestamp may be from Pulse's clock, either way.
pub const SIGNATURE_WINDOW: chrono::Duration = chrono::Duration::seconds(300);
/// The shortest pepper Pulse takes.
pub const MIN_PEPPER_CHARS: usize = 32;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// What a key may do. [`Scope::Admin`] may do everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// Read the figures (`stats:read`).
    #[serde(rename = "stats:read")]
    StatsRead,
    /// Read the export (`export:read`).
    #[serde(rename = "export:read")]
    ExportRead,
    /// Everything (`admin`).
    #[serde(rename = "admin")]
    Admin,
}

impl Scope {
    /// Every scope, in the order `/apikey` names them.
    pub const ALL: [Scope; 3] = [Scope::StatsRead, Scope::ExportRead, Scope::Admin];

    /// Its name (`stats:read`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::StatsRead => "stats:read",
            Scope::ExportRead => "export:read",
            Scope::Admin => "admin",
        }
    }

    /// The scope named `word` (any case), if any.
    pub fn parse(word: &str) -> Option<Scope> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str().eq_ignore_ascii_case(word))
    }

    /// Whether a key with this scope may do what `wanted` allows.
    pub fn covers(self, wanted: Scope) -> bool {
        self == Scope::Admin || self == wanted
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The operator's secret that keys are hashed with. Its `Debug` does not show it.
pub struct ApiPepper(SecretSlice<u8>);

/// A pepper Pulse does not take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiPepperError {
    /// Shorter than [`MIN_PEPPER_CHARS`].
    #[error("the API pepper must be at least {MIN_PEPPER_CHARS} characters of random text (`pulse keygen` prints one)")]
    TooShort,
}

impl ApiPepper {
    /// The pepper from its text (surrounding white space ignored).
    pub fn new(text: &str) -> Result<Self, ApiPepperError> {
        let text = text.trim();
        if text.chars().count() < MIN_PEPPER_CHARS {
            return Err(ApiPepperError::TooShort);
        }
        Ok(Self(SecretSlice::from(text.as_bytes().to_vec())))
    }

    /// `HMAC-SHA-256(pepper, key)`: what is stored of a key.
    pub fn hash(&self, key: &PresentedKey) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret())
            .expect("HMAC takes a key of any length");
        mac.update(key.text.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for ApiPepper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiPepper(redacted)")
    }
}

/// Why a presented key was refused. Every one is a 401 with [`fmt::Display`]'s sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApiKeyRefusal {
    /// Not a Pulse key at all (its form or checksum is wrong).
    #[error("This is not a Pulse API key: check that it was copied whole.")]
    Malformed,
    /// No key with this id and secret.
    #[error("This API key is not known to this Pulse.")]
    Unknown,
    /// Revoked with `/apikey revoke`.
    #[error("This API key was revoked. An administrator of the chat can make a new one with /apikey new.")]
    Revoked,
    /// Past its expiry (or the end of its rotation's overlap).
    #[error("This API key has expired. An administrator of the chat can make a new one with /apikey new or /apikey rotate.")]
    Expired,
}

/// A key as presented, read once: its form and checksum are right. Its `Debug` shows only
/// the id.
#[derive(Clone, PartialEq, Eq)]
pub struct PresentedKey {
    id: String,
    text: String,
}

impl PresentedKey {
    /// Reads a presented key (surrounding white space ignored); refuses anything that is not
    /// the form of a key with the right checksum, without reading the store.
    pub fn parse(presented: &str) -> Result<Self, ApiKeyRefusal> {
        let text = presented.trim();
        if text.len() != KEY_CHARS || !text.is_ascii() {
            return Err(ApiKeyRefusal::Malformed);
        }
        let rest = text
            .strip_prefix(KEY_PREFIX)
            .ok_or(ApiKeyRefusal::Malformed)?;
        let (id, tail) = rest.split_at(ID_CHARS);
        let tail = tail.strip_prefix('_').ok_or(ApiKeyRefusal::Malformed)?;
        let (secret, checksum) = tail.split_at(SECRET_CHARS);
        let well_formed = id.bytes().all(|b| ID_ALPHABET.contains(&b))
            && secret.bytes().all(|b| BASE62.contains(&b));
        if !well_formed
            || checksum != base62_fixed(crc32(&text.as_bytes()[..text.len() - CHECKSUM_CHARS]))
        {
            return Err(ApiKeyRefusal::Malformed);
        }
        Ok(Self {
            id: id.to_owned(),
            text: text.to_owned(),
        })
    }

    /// A new random key.
    pub fn generate() -> Self {
        let mut rng = rand::rngs::OsRng;
        let id: String = (0..ID_CHARS)
            .map(|_| char::from(ID_ALPHABET[rng.gen_range(0..ID_ALPHABET.len())]))
            .collect();
        let secret: String = (0..SECRET_CHARS)
            .map(|_| char::from(BASE62[rng.gen_range(0..BASE62.len())]))
            .collect();
        let body = format!("{KEY_PREFIX}{id}_{secret}");
        let checksum = base62_fixed(crc32(body.as_bytes()));
        Self {
            id,
            text: format!("{body}{checksum}"),
        }
    }

    /// The key's id (not secret).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The whole key, to show once when it is made.
    pub fn expose(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for PresentedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PresentedKey({}, redacted)", self.id)
    }
}

/// A fresh signing secret: `psig_` and [`SIGNING_CHARS`] random base62 characters.
pub fn generate_signing_secret() -> String {
    let mut rng = rand::rngs::OsRng;
    let random: String = (0..SIGNING_CHARS)
        .map(|_| char::from(BASE62[rng.gen_range(0..BASE62.len())]))
        .collect();
    format!("{SIGNING_PREFIX}{random}")
}

/// Whether two hashes are equal, in constant time.
pub fn same_hash(a: &[u8], b: &[u8]) -> bool {
    bool::from(a.ct_eq(b))
}

/// The parts of a request that its signature covers, as the HTTP server received them.
#[derive(Debug, Clone, Copy)]
pub struct SignedParts<'a> {
    /// The method (`GET`).
    pub method: &'a str,
    /// The path, without the query.
    pub path: &'a str,
    /// The query as received, without `?` (empty without one).
    pub query: &'a str,
    /// The `X-Pulse-Timestamp` header.
    pub timestamp: Option<&'a str>,
    /// The `X-Pulse-Signature` header.
    pub signature: Option<&'a str>,
    /// The body.
    pub body: &'a [u8],
}

impl SignedParts<'_> {
    /// The text that is signed, with `timestamp` as sent (see the module's documentation).
    pub fn canonical(&self, timestamp: &str) -> String {
        format!(
            "{}\n{}\n{}\n{}\n{}",
            self.method,
            self.path,
            canonical_query(self.query),
            timestamp,
            hex::encode(Sha256::digest(self.body))
        )
    }
}

/// A query's pairs sorted by name, then value, as received, joined by `&` (see the module's
/// documentation).
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    pairs.sort_unstable();
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The signature of `parts` at `timestamp` under `signing_secret`: lower-case hex of the
/// HMAC-SHA-256 of the canonical text. What a client computes; Pulse compares it.
pub fn signature(signing_secret: &str, parts: &SignedParts<'_>, timestamp: &str) -> String {
    hex::encode(signature_bytes(signing_secret, parts, timestamp))
}

pub(crate) fn signature_bytes(
    signing_secret: &str,
    parts: &SignedParts<'_>,
    timestamp: &str,
) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(signing_secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(parts.canonical(timestamp).as_bytes());
    mac.finalize().into_bytes().into()
}

/// Why a signed request was refused: a 401 with [`fmt::Display`]'s sentence (503 for
/// [`SignatureRefusal::Unavailable`] and [`SignatureRefusal::Busy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureRefusal {
    /// The key is signed and the request carries no `X-Pulse-Timestamp` or
    /// `X-Pulse-Signature`.
    #[error("This key signs its requests: send X-Pulse-Timestamp and X-Pulse-Signature.")]
    Missing,
    /// The timestamp is not Unix seconds.
    #[error("X-Pulse-Timestamp must be Unix seconds.")]
    BadTimestamp,
    /// More than [`SIGNATURE_WINDOW`] from Pulse's clock.
    #[error(
        "X-Pulse-Timestamp is more than 300 seconds from Pulse's clock: check the client's clock."
    )]
    OutsideWindow,
    /// The signature is not that of the request.
    #[error("X-Pulse-Signature does not match the request.")]
    Mismatch,
    /// The same signed request was seen within the window.
    #[error("This signed request was already received: sign each request anew.")]
    Replayed,
    /// Too many signed requests in the window to remember them all.
    #[error("Pulse is receiving too many signed requests; try again in a minute.")]
    Busy,
    /// The key's signing secret could not be read.
    #[error("Pulse could not check the signature; try again later.")]
    Unavailable,
}

/// Reads a signature header: 64 hex digits (either case), or `None`.
pub(crate) fn parse_signature(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    if text.len() != 64 {
        return None;
    }
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(text, &mut bytes).ok()?;
    Some(bytes)
}

/// The network a caller's address is in, as the access log keeps it: `/24` for IPv4 (an
/// IPv4 address mapped into IPv6 counts as IPv4), `/48` for IPv6, e.g. `203.0.113.0/24`.
pub fn truncate_ip(ip: IpAddr) -> String {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    };
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        IpAddr::V6(v6) => {
            let [a, b, c, ..] = v6.segments();
            let network = core::net::Ipv6Addr::new(a, b, c, 0, 0, 0, 0, 0);
            format!("{network}/48")
        }
    }
}

/// CRC-32 (IEEE 802.3, as zlib's), bit by bit: keys are short.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// `value` as [`CHECKSUM_CHARS`] base62 digits, most significant first (62^6 > 2^32).
fn base62_fixed(value: u32) -> String {
    let mut digits = [b'0'; CHECKSUM_CHARS];
    let mut rest = u64::from(value);
    for digit in digits.iter_mut().rev() {
        *digit = BASE62[(rest % 62) as usize];
        rest /= 62;
    }
    String::from_utf8_lossy(&digits).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_zlibs() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(base62_fixed(0), "000000");
        assert_eq!(base62_fixed(61), "00000z");
        assert_eq!(base62_fixed(u32::MAX), "4gfFC3");
    }

    #[test]
    fn a_generated_key_reads_back_and_has_its_form() {
        let key = PresentedKey::generate();
        let text = key.expose();
        assert_eq!(text.len(), KEY_CHARS);
        assert!(text.starts_with(KEY_PREFIX));
        assert_eq!(&text[6..14], key.id());
        assert_eq!(PresentedKey::parse(&format!(" {text}\n")).unwrap(), key);
        assert!(!format!("{key:?}").contains(&text[15..]));
        assert_ne!(PresentedKey::generate(), key);
    }

    #[test]
    fn scopes_read_and_admin_covers_the_others() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(&scope.to_string().to_uppercase()), Some(scope));
            assert!(Scope::Admin.covers(scope));
            assert_eq!(
                serde_json::to_string(&scope).unwrap(),
                format!("\"{scope}\"")
            );
        }
        assert!(!Scope::StatsRead.covers(Scope::ExportRead));
        assert!(!Scope::ExportRead.covers(Scope::Admin));
        assert_eq!(Scope::parse("stats"), None);
    }

    #[test]
    fn the_pepper_is_long_and_never_shown() {
        assert_eq!(
            ApiPepper::new("short").unwrap_err(),
            ApiPepperError::TooShort
        );
        let pepper = ApiPepper::new(&"p".repeat(40)).unwrap();
        assert!(!format!("{pepper:?}").contains("pppp"));
        let key = PresentedKey::generate();
        let other = ApiPepper::new(&"q".repeat(40)).unwrap();
        assert_ne!(pepper.hash(&key), other.hash(&key));
        assert_eq!(pepper.hash(&key), pepper.hash(&key));
    }

    #[test]
    fn the_query_is_sorted_by_name_then_value_as_received() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(
            canonical_query("to=2026-11-30&from=2026-11-01&metric=b&metric=a&&flag"),
            "flag=&from=2026-11-01&metric=a&metric=b&to=2026-11-30"
        );
        assert_eq!(canonical_query("q=a%20b&p=%2F"), "p=%2F&q=a%20b");
    }

    #[test]
    fn the_canonical_text_is_five_lines() {
        let parts = SignedParts {
            method: "GET",
            path: "/api/v1/accounts",
            query: "b=2&a=1",
            timestamp: None,
            signature: None,
            body: b"",
        };
        assert_eq!(
            parts.canonical("1700000000"),
            "GET\n/api/v1/accounts\na=1&b=2\n1700000000\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let signed = signature("psig_x", &parts, "1700000000");
        assert_eq!(signed.len(), 64);
        assert_eq!(
            parse_signature(&signed.to_uppercase()),
            Some(signature_bytes("psig_x", &parts, "1700000000"))
        );
        assert_eq!(parse_signature("abc"), None);
    }

    #[test]
    fn addresses_are_kept_as_their_network() {
        let v4: IpAddr = "203.0.113.77".parse().unwrap();
        assert_eq!(truncate_ip(v4), "203.0.113.0/24");
        let v6: IpAddr = "2001:db8:85a3:8d3:1319:8a2e:370:7348".parse().unwrap();
        assert_eq!(truncate_ip(v6), "2001:db8:85a3::/48");
        let mapped: IpAddr = "::ffff:198.51.100.9".parse().unwrap();
        assert_eq!(truncate_ip(mapped), "198.51.100.0/24");
    }
}
