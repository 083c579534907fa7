//! Telegram's seamless login: who opened a `/connect` link.
//!
//! With `telegram.login_url` on, the connect button is a `login_url` button. When someone
//! presses it, Telegram opens the link page with their id, name and the time, and a `hash`:
//! HMAC-SHA-256 of the other fields (sorted `key=value` lines) under SHA-256 of the bot
//! token (<https://core.telegram.org/widgets/login#checking-authorization>). Only Pulse and
//! Telegram know the token, so a valid hash says who really opened the page — and Pulse lets
//! only the person who sent `/connect` continue.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// How old a login may be: Telegram signs it when the button is pressed.
pub const LOGIN_LIFETIME: chrono::Duration = chrono::Duration::hours(1);

/// The Telegram user id a login query proves, when its hash is Telegram's for `bot_token`
/// and it is less than [`LOGIN_LIFETIME`] old; `None` otherwise (missing, forged, stale).
pub fn verified_user(
    query: &BTreeMap<String, String>,
    bot_token: &str,
    now: DateTime<Utc>,
) -> Option<String> {
    let hash = hex::decode(query.get("hash")?).ok()?;
    let id = query.get("id").filter(|id| id.parse::<i64>().is_ok())?;
    let signed_at = query
        .get("auth_date")?
        .parse::<i64>()
        .ok()
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))?;
    let age = now.signed_duration_since(signed_at);
    if age > LOGIN_LIFETIME || age < -chrono::Duration::minutes(1) {
        return None;
    }
    let data_check_string = query
        .iter()
        .filter(|(key, _)| key.as_str() != "hash")
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("\n");
    let secret = Sha256::digest(bot_token.as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(&secret).ok()?;
    mac.update(data_check_string.as_bytes());
    mac.verify_slice(&hash).ok()?;
    Some(id.clone())
}

/// The login fields of a query, for a link onwards that must carry them (`/go`).
pub fn login_query(query: &BTreeMap<String, String>) -> String {
    const FIELDS: [&str; 7] = [
        "id",
        "first_name",
        "last_name",
        "username",
        "photo_url",
        "auth_date",
        "hash",
    ];
    let mut onwards = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in query {
        if FIELDS.contains(&key.as_str()) {
            onwards.append_pair(key, value);
        }
    }
    onwards.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "4242424242:TEST-token-for-the-fake";

    /// Signed as Telegram documents it, written out step by step here.
    fn signed(fields: &[(&str, &str)], token: &str) -> BTreeMap<String, String> {
        let mut query: BTreeMap<String, String> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let lines: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let key = Sha256::digest(token.as_bytes());
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        mac.update(lines.join("\n").as_bytes());
        query.insert("hash".into(), hex::encode(mac.finalize().into_bytes()));
        query
    }

    #[test]
    fn a_login_is_believed_only_with_telegrams_hash_and_while_fresh() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let at = (now.timestamp() - 60).to_string();
        let fields = [
            ("id", "777001"),
            ("first_name", "Ana"),
            ("username", "ana"),
            ("auth_date", at.as_str()),
        ];
        let good = signed(&fields, TOKEN);
        assert_eq!(verified_user(&good, TOKEN, now).as_deref(), Some("777001"));

        let mut other_id = good.clone();
        other_id.insert("id".into(), "777002".into());
        assert_eq!(
            verified_user(&other_id, TOKEN, now),
            None,
            "a changed field"
        );
        assert_eq!(
            verified_user(&signed(&fields, "1:other-bot"), TOKEN, now),
            None,
            "signed for another bot"
        );
        let old = (now.timestamp() - 2 * 3600).to_string();
        let stale = signed(&[("id", "777001"), ("auth_date", old.as_str())], TOKEN);
        assert_eq!(verified_user(&stale, TOKEN, now), None, "too old");
        let mut no_hash = good.clone();
        no_hash.remove("hash");
        assert_eq!(verified_user(&no_hash, TOKEN, now), None);
        assert_eq!(verified_user(&BTreeMap::new(), TOKEN, now), None);
        assert!(login_query(&good).contains("hash="));
    }
}
