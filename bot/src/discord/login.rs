//! Discord's OAuth2 `identify`: who opened a `/connect` link made on Discord.
//!
//! With `discord.oauth_client_id` and `PULSE__DISCORD__CLIENT_SECRET` set, the link page of a
//! Discord chat's link sends the browser to Discord's authorize page (scope `identify`) with a
//! `state` Pulse made at random for that link: kept in memory for [`STATE_LIFETIME`], used
//! once. Discord sends the browser back to `/oauth/discord/callback` with a code; Pulse
//! exchanges it for a token, reads `GET /users/@me`, and only when that user is the member
//! who used `/connect` does it go on, to the link page with a [`proof`](DiscordLogin::proof):
//! the token and the user signed with a key made at random when the process started, valid
//! for [`PROOF_LIFETIME`]. `/connect/{token}/go` wants that proof too.
//!
//! Nothing here logs a code, a token, a state or a proof.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore as _;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;
use sha2::Sha256;

/// How long a `state` waits for Discord to send the browser back.
pub const STATE_LIFETIME: chrono::Duration = chrono::Duration::minutes(10);
/// How long a proof lets the browser go on to Instagram.
pub const PROOF_LIFETIME: chrono::Duration = chrono::Duration::minutes(10);
/// The query parameter that carries the proof.
pub const PROOF_PARAM: &str = "discord_proof";
/// The most states waiting at once (each needs a valid link token to be made).
const MAX_STATES: usize = 10_000;

/// The operator's settings for the sign-in.
pub struct DiscordLoginConfig {
    /// The OAuth2 client id (the application id).
    pub client_id: String,
    /// The OAuth2 client secret.
    pub client_secret: SecretString,
    /// Discord's authorize page.
    pub authorize_url: String,
    /// Discord's base URL: the token is at `{api_url}/api/v10/oauth2/token`.
    pub api_url: String,
    /// `{public_url}/oauth/discord/callback`.
    pub redirect_uri: String,
}

/// The sign-in: its settings, the waiting states and the key of the proofs.
pub struct DiscordLogin {
    config: DiscordLoginConfig,
    http: reqwest::Client,
    key: [u8; 32],
    states: Mutex<HashMap<String, Waiting>>,
}

struct Waiting {
    link_token: String,
    expires: DateTime<Utc>,
}

/// Why Discord did not say who signed in. No code or token in it.
#[derive(Debug, thiserror::Error)]
pub enum IdentifyError {
    /// Discord could not be reached.
    #[error("Discord could not be reached: {0}")]
    Unreachable(String),
    /// Discord answered with an error status (a bad or used code, its own trouble).
    #[error("Discord answered {status} to {step}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// `the code exchange` or `users/@me`.
        step: &'static str,
    },
    /// The answer was not what Discord documents.
    #[error("Discord's answer to {0} could not be read")]
    Malformed(&'static str),
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    token_type: String,
}

#[derive(Deserialize)]
struct UserAnswer {
    id: String,
}

/// Sends `request` and reads its JSON answer; `step` names it in errors (never a URL, code or
/// token).
async fn answer<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
    step: &'static str,
) -> Result<T, IdentifyError> {
    let response = request
        .send()
        .await
        .map_err(|error| IdentifyError::Unreachable(error.without_url().to_string()))?;
    if !response.status().is_success() {
        return Err(IdentifyError::Refused {
            status: response.status().as_u16(),
            step,
        });
    }
    response
        .json()
        .await
        .map_err(|_| IdentifyError::Malformed(step))
}

impl DiscordLogin {
    /// The sign-in with `config`, and a fresh random key for its proofs.
    pub fn new(config: DiscordLoginConfig) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        Ok(Self {
            config,
            http,
            key,
            states: Mutex::new(HashMap::new()),
        })
    }

    fn states(&self) -> std::sync::MutexGuard<'_, HashMap<String, Waiting>> {
        self.states.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Discord's authorize URL for the link `link_token`, with a new single-use state.
    pub fn authorize_url(&self, link_token: &str, now: DateTime<Utc>) -> String {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let state = hex::encode(bytes);
        {
            let mut states = self.states();
            states.retain(|_, waiting| waiting.expires > now);
            if states.len() >= MAX_STATES {
                if let Some(oldest) = states
                    .iter()
                    .min_by_key(|(_, waiting)| waiting.expires)
                    .map(|(state, _)| state.clone())
                {
                    states.remove(&oldest);
                }
            }
            states.insert(
                state.clone(),
                Waiting {
                    link_token: link_token.to_owned(),
                    expires: now + STATE_LIFETIME,
                },
            );
        }
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        url.append_pair("client_id", &self.config.client_id)
            .append_pair("response_type", "code")
            .append_pair("scope", "identify")
            .append_pair("redirect_uri", &self.config.redirect_uri)
            .append_pair("state", &state);
        let separator = if self.config.authorize_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{separator}{}", self.config.authorize_url, url.finish())
    }

    /// The link token a state was made for, once: a state is gone after this (used,
    /// expired, or never made here: `None`).
    pub fn take_state(&self, state: &str, now: DateTime<Utc>) -> Option<String> {
        self.states()
            .remove(state)
            .filter(|waiting| waiting.expires > now)
            .map(|waiting| waiting.link_token)
    }

    /// The Discord user id behind an authorization `code`: the code exchanged for a token,
    /// and the token's `users/@me`.
    pub async fn identify(&self, code: &str) -> Result<String, IdentifyError> {
        let base = self.config.api_url.trim_end_matches('/');
        let exchange = self
            .http
            .post(format!("{base}/api/v10/oauth2/token"))
            .form(&[
                ("client_id", self.config.client_id.as_str()),
                ("client_secret", self.config.client_secret.expose_secret()),
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", self.config.redirect_uri.as_str()),
            ]);
        let token: TokenAnswer = answer(exchange, "the code exchange").await?;
        if !token.token_type.eq_ignore_ascii_case("bearer") || token.access_token.is_empty() {
            return Err(IdentifyError::Malformed("the code exchange"));
        }
        let me = self
            .http
            .get(format!("{base}/api/v10/users/@me"))
            .bearer_auth(&token.access_token);
        let user: UserAnswer = answer(me, "users/@me").await?;
        if user.id.is_empty() || !user.id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentifyError::Malformed("users/@me"));
        }
        Ok(user.id)
    }

    fn mac(&self, link_token: &str, user: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(format!("pulse-discord-proof\0{link_token}\0{user}\0{expires}").as_bytes());
        mac
    }

    /// A proof that Discord said `user` opened the link `link_token`: `user.expires.mac`.
    pub fn proof(&self, link_token: &str, user: &str, now: DateTime<Utc>) -> String {
        let expires = (now + PROOF_LIFETIME).timestamp();
        let mac = self.mac(link_token, user, expires).finalize().into_bytes();
        format!("{user}.{expires}.{}", hex::encode(mac))
    }

    /// The user a proof names, when it was made here for `link_token` and has not expired.
    pub fn proven_user(&self, link_token: &str, proof: &str, now: DateTime<Utc>) -> Option<String> {
        let mut parts = proof.split('.');
        let (user, expires, mac) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let expires: i64 = expires.parse().ok()?;
        let left = expires - now.timestamp();
        if left <= 0 || left > PROOF_LIFETIME.num_seconds() {
            return None;
        }
        let mac = hex::decode(mac).ok()?;
        self.mac(link_token, user, expires)
            .verify_slice(&mac)
            .ok()?;
        Some(user.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login() -> DiscordLogin {
        DiscordLogin::new(DiscordLoginConfig {
            client_id: "900000000000000001".into(),
            client_secret: SecretString::from("s".to_owned()),
            authorize_url: "https://discord.com/oauth2/authorize".into(),
            api_url: "https://discord.com".into(),
            redirect_uri: "https://pulse.example/oauth/discord/callback".into(),
        })
        .unwrap()
    }

    #[test]
    fn a_state_names_its_link_once_and_only_while_fresh() {
        let login = login();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let url = url::Url::parse(&login.authorize_url("LINK", now)).unwrap();
        let query: HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(query["scope"], "identify");
        assert_eq!(query["response_type"], "code");
        assert_eq!(
            query["redirect_uri"],
            "https://pulse.example/oauth/discord/callback"
        );
        let state = &query["state"];
        assert_eq!(login.take_state("forged", now), None);
        assert_eq!(login.take_state(state, now).as_deref(), Some("LINK"));
        assert_eq!(login.take_state(state, now), None, "used once");
        let later = login.authorize_url("LINK", now);
        let later = url::Url::parse(&later).unwrap();
        let (_, state) = later.query_pairs().find(|(k, _)| k == "state").unwrap();
        assert_eq!(
            login.take_state(&state, now + STATE_LIFETIME),
            None,
            "stale"
        );
    }

    #[test]
    fn a_proof_holds_for_its_link_and_user_only_while_fresh() {
        let login = login();
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let proof = login.proof("LINK", "42", now);
        assert_eq!(
            login.proven_user("LINK", &proof, now).as_deref(),
            Some("42")
        );
        assert_eq!(
            login.proven_user("OTHER", &proof, now),
            None,
            "another link"
        );
        let as_other = proof.replacen("42", "43", 1);
        assert_eq!(
            login.proven_user("LINK", &as_other, now),
            None,
            "another user"
        );
        assert_eq!(
            login.proven_user("LINK", &proof, now + PROOF_LIFETIME),
            None,
            "stale"
        );
        assert_eq!(
            self::login().proven_user("LINK", &proof, now),
            None,
            "another process's key"
        );
        assert_eq!(login.proven_user("LINK", "42.1.00", now), None);
        assert_eq!(login.proven_user("LINK", "", now), None);
    }
}
