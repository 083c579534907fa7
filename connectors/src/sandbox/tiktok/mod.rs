//! A local TikTok beside the local Instagram: Login Kit for Web v2 and the Display API, served
//! by the same [`Sandbox`] server under the path prefix `/tiktok`, over deterministic
//! synthetic users ([`SandboxTikTokUser`]).
//!
//! | real host | sandbox |
//! |---|---|
//! | `https://www.tiktok.com/v2/auth/authorize/` | `{base}/tiktok/v2/auth/authorize/` ([`Sandbox::tiktok_authorize_url`]) |
//! | `https://open.tiktokapis.com` (`/v2/oauth/token/`, `/v2/oauth/revoke/`, `/v2/user/info/`, `/v2/video/list/`, `/v2/video/query/`) | `{base}/tiktok` ([`Sandbox::tiktok_api_url`]) |
//!
//! The app is [`TikTokConfig::client_key`] / [`TikTokConfig::client_secret`]
//! (`sandbox-client-key` / `sandbox-client-secret`). Trailing slashes are optional.
//!
//! # OAuth (`oauth.rs`)
//! - **Authorize** `GET /tiktok/v2/auth/authorize/?client_key&scope&response_type=code&redirect_uri&state`:
//!   as the Instagram sandbox, a consent page for browsers (`Accept: text/html`, with Allow
//!   and Deny links and `account=` links to log in as another user), an immediate decision
//!   otherwise. Approval redirects to `redirect_uri?code=…&scopes=<granted>&state=…`; denial
//!   (the Deny link, or [`Sandbox::tiktok_deny`]) to
//!   `redirect_uri?error=access_denied&error_description=…&state=…`. The user grants the
//!   scopes asked minus [`Sandbox::tiktok_withhold_scopes`] (e.g. no `user.info.stats`).
//!   An unknown `client_key` or a redirect URI that is not absolute http(s) shows an error
//!   page (HTTP 400, no redirect); a missing `user.info.basic` or an unknown scope redirects
//!   with `error=invalid_scope`, another `response_type` with `unsupported_response_type`.
//!   Codes carry `*` and `!`: the redirect percent-encodes them and the client must send them
//!   decoded.
//! - **Token** `POST /tiktok/v2/oauth/token/` (form): `grant_type=authorization_code` with
//!   `client_key, client_secret, code, redirect_uri` (`code_verifier` is ignored) → the flat
//!   `{"access_token":"act.…","expires_in":7200,"open_id","refresh_expires_in":15552000,
//!   "refresh_token":"rft.…","scope":"a,b","token_type":"Bearer"}`. Codes are single use
//!   (any presentation consumes one), expire after 10 minutes and are bound to the redirect
//!   URI. `grant_type=refresh_token` ROTATES: a new access token and a new refresh token;
//!   the refresh token sent stops working at once. The old access token keeps working until
//!   it expires (the sandbox's choice). The new refresh token keeps the grant's deadline:
//!   `refresh_expires_in` is what remains of the first one's 180 days. Errors are HTTP 400
//!   `{"error","error_description","log_id"}`: `invalid_client` (key or secret),
//!   `invalid_request` (missing parameter, not a form), `unsupported_grant_type`,
//!   `invalid_grant` (unknown, used, expired or revoked code or refresh token, another
//!   redirect URI).
//! - **Revoke** `POST /tiktok/v2/oauth/revoke/` (form `client_key, client_secret, token`,
//!   any access or refresh token the sandbox issued, even expired or already revoked) →
//!   `{}`; every access and refresh token of that user is dead from then on, and the
//!   revocation is recorded ([`Sandbox::tiktok_revoked`]). A token never issued →
//!   `invalid_grant`.
//!
//! # Data (`api.rs`)
//! `Authorization: Bearer act.…`; every answer is `{"data":{…},"error":{"code","message","log_id"}}`.
//! - `GET /v2/user/info/?fields=…` → `data.user` with the fields asked: `user.info.basic`
//!   (`open_id, union_id, avatar_url, avatar_url_100, avatar_large_url, display_name`),
//!   `user.info.profile` (`username, bio_description, profile_deep_link, is_verified`),
//!   `user.info.stats` (`follower_count, following_count, likes_count, video_count`). A
//!   field whose scope was not granted fails the whole call (`scope_permission_missed`, 401);
//!   an unknown or missing field list → `invalid_params` (400).
//! - `POST /v2/video/list/?fields=…`, JSON `{"max_count":1..=20 (10),"cursor":<ms>}` →
//!   `data.videos` newest first, `data.cursor` (the last video's time in ms; the next page
//!   holds the videos strictly older), `data.has_more`.
//! - `POST /v2/video/query/?fields=…`, JSON `{"filters":{"video_ids":[1..=20 ids]}}` →
//!   `data.videos`: the user's own published videos among them, in the order asked
//!   (others' and unknown ids are left out).
//! - Video fields: `id` (string), `create_time` (s), `cover_image_url`, `share_url`,
//!   `video_description`, `duration`, `height`, `width`, `title`, `embed_html`,
//!   `embed_link`, `like_count`, `comment_count`, `share_count`, `view_count`, `is_aigc`.
//!   An absent title or description is `""`.
//! - Errors: `access_token_invalid` (401: unknown, expired, revoked token, or none),
//!   `scope_not_authorized` (401: no `video.list`), `scope_permission_missed` (401),
//!   `invalid_params` (400: fields, body, counts, method), `rate_limit_exceeded` (429).
//!
//! # Awkward cases the sandbox serves on purpose
//! - **Page boundaries**: with more than 20 videos, the 20th and 21st newest share the same
//!   `create_time` second (700 ms and 300 ms into it): a client must pass back `data.cursor`
//!   (milliseconds), not `create_time × 1000`, or it loses one. The page that starts right
//!   after the first `max_count` videos is short (`max_count / 2`) although `has_more` is true.
//! - **Rate limit**: the [`TikTokConfig::rate_limit_on_call`]-th data call of each access
//!   token (7th by default) fails once with HTTP 429 `rate_limit_exceeded`.
//! - **An error with HTTP 200**: the [`TikTokConfig::internal_error_on_call`]-th data call of
//!   the sandbox (3rd by default) answers once HTTP 200 with `error.code = "internal_error"`.
//! - **Scopes**: fewer scopes granted than asked ([`Sandbox::tiktok_withhold_scopes`]);
//!   asking a field of a missing scope fails the whole call.
//! - **Tokens**: refresh tokens rotate; revoked and expired tokens → `access_token_invalid` /
//!   `invalid_grant`. A token's age is the real time since it was issued plus how far the
//!   sandbox's clock moved since then, so [`Sandbox::set_clock`] / [`Sandbox::advance_clock`]
//!   by more than 2 hours expires access tokens (and 10 minutes, codes);
//!   [`Sandbox::tiktok_expire_access_tokens`] and [`Sandbox::tiktok_expire_refresh_tokens`]
//!   expire them at once.
//! - **Content**: ids above 2^53, titles and descriptions with emoji, Markdown/HTML special
//!   characters and other scripts, empty titles and descriptions.
//!
//! # Time
//! The sandbox's now ([`Sandbox::now`]: its clock, else `today` 00:00 UTC) decides which
//! videos exist and their counts, which grow with it (see `dataset.rs`):
//! [`Sandbox::tiktok_videos_at`] and [`Sandbox::tiktok_profile_at`] give what is served at a
//! time. Call counts: [`Sandbox::tiktok_calls`].
//!
//! # Tests
//! `tests.rs` checks the wire format with plain reqwest; `client_tests.rs` runs the real
//! `crate::tiktok::TikTokClient` against it (link, paging through the faults, query, refresh
//! rotation, withheld scopes, revocation, denial).

mod api;
mod dataset;
mod oauth;
mod state;

#[cfg(test)]
mod client_tests;
#[cfg(test)]
mod tests;

use std::time::Duration;

use chrono::{DateTime, Utc};
use hyper::http::request::Parts;
use hyper::Method;

pub use dataset::{
    SandboxTikTokUser, SandboxTikTokVideo, TikTokCounts, TikTokProfileAt, TikTokUserSpec,
    TikTokVideoAt,
};
pub(crate) use state::State;
pub use state::{TikTokCalls, TikTokIssued};

use super::server::{Resp, Shared};
use super::Sandbox;

/// Every scope the sandbox's TikTok knows.
pub const TIKTOK_SCOPES: [&str; 4] = [
    "user.info.basic",
    "user.info.profile",
    "user.info.stats",
    "video.list",
];

/// How the sandbox's TikTok behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TikTokConfig {
    /// The `client_key` accepted.
    pub client_key: String,
    /// The `client_secret` accepted.
    pub client_secret: String,
    /// Who can log in; the first is the default of the authorize page.
    pub users: Vec<TikTokUserSpec>,
    /// Scopes the user leaves out when approving (none by default).
    pub withheld_scopes: Vec<String>,
    /// Whether the user denies the authorization (false by default).
    pub deny: bool,
    /// Access token lifetime, also `expires_in` (2 hours).
    pub access_lifetime: Duration,
    /// Refresh token lifetime from the first exchange, also `refresh_expires_in` (180 days).
    pub refresh_lifetime: Duration,
    /// Authorization code lifetime (10 minutes).
    pub code_lifetime: Duration,
    /// The Nth data call of each access token gets one HTTP 429 `rate_limit_exceeded`;
    /// `None` = never.
    pub rate_limit_on_call: Option<u64>,
    /// The Nth data call of the sandbox gets one HTTP 200 with `error.code =
    /// "internal_error"`; `None` = never.
    pub internal_error_on_call: Option<u64>,
}

impl Default for TikTokConfig {
    fn default() -> Self {
        Self {
            client_key: "sandbox-client-key".to_owned(),
            client_secret: "sandbox-client-secret".to_owned(),
            users: vec![TikTokUserSpec::demo_shop(), TikTokUserSpec::second()],
            withheld_scopes: Vec::new(),
            deny: false,
            access_lifetime: Duration::from_secs(7_200),
            refresh_lifetime: Duration::from_secs(15_552_000),
            code_lifetime: Duration::from_secs(600),
            rate_limit_on_call: Some(7),
            internal_error_on_call: Some(3),
        }
    }
}

impl TikTokConfig {
    /// The defaults without the deliberate 429 and `internal_error`.
    pub fn calm() -> Self {
        Self {
            rate_limit_on_call: None,
            internal_error_on_call: None,
            ..Self::default()
        }
    }
}

/// Serves `/tiktok/…` (`rest` is the path after `tiktok`).
pub(crate) fn route(
    shared: &Shared,
    parts: &Parts,
    rest: &[&str],
    query: &[(String, String)],
    body: &[u8],
) -> Resp {
    let method = &parts.method;
    match rest {
        ["v2", "auth", "authorize"] if method == Method::GET => {
            oauth::authorize(shared, query, super::server::wants_html(parts), None)
        }
        ["v2", "auth", "authorize", "allow"] if method == Method::GET => {
            oauth::authorize(shared, query, false, Some(true))
        }
        ["v2", "auth", "authorize", "deny"] if method == Method::GET => {
            oauth::authorize(shared, query, false, Some(false))
        }
        ["v2", "oauth", "token"] => oauth::token(shared, parts, body),
        ["v2", "oauth", "revoke"] => oauth::revoke(shared, parts, body),
        ["v2", "user", "info"] => api::user_info(shared, parts, query),
        ["v2", "video", "list"] => api::video_list(shared, parts, query, body),
        ["v2", "video", "query"] => api::video_query(shared, parts, query, body),
        _ => api::not_found(shared),
    }
}

impl Sandbox {
    /// `{base}/tiktok/v2/auth/authorize/`: the TikTok client's `authorize_url`.
    pub fn tiktok_authorize_url(&self) -> String {
        format!("{}/tiktok/v2/auth/authorize/", self.shared.base_url)
    }

    /// `{base}/tiktok`: the TikTok client's `api_url` (endpoints `{api_url}/v2/…/`).
    pub fn tiktok_api_url(&self) -> String {
        format!("{}/tiktok", self.shared.base_url)
    }

    /// The generated TikTok users, exactly as served (same order as [`TikTokConfig::users`]).
    pub fn tiktok_users(&self) -> &[SandboxTikTokUser] {
        &self.shared.tiktok.users
    }

    /// The TikTok user named `username`.
    pub fn tiktok_user(&self, username: &str) -> Option<&SandboxTikTokUser> {
        self.shared
            .tiktok
            .user_by_username(username)
            .map(|u| &self.shared.tiktok.users[u])
    }

    /// The videos of `username` served at `now` (newest first, with their counts then);
    /// empty for an unknown user.
    pub fn tiktok_videos_at(&self, username: &str, now: DateTime<Utc>) -> Vec<TikTokVideoAt> {
        self.tiktok_user(username)
            .map(|u| u.videos_at(now))
            .unwrap_or_default()
    }

    /// The profile of `username` served at `now`.
    pub fn tiktok_profile_at(&self, username: &str, now: DateTime<Utc>) -> Option<TikTokProfileAt> {
        self.tiktok_user(username).map(|u| u.profile_at(now))
    }

    /// The sandbox's now: its clock ([`Sandbox::set_clock`]), else `today` 00:00 UTC.
    pub fn now(&self) -> DateTime<Utc> {
        let live = self.shared.live();
        super::actions::now_of(&self.shared, &live)
    }

    /// Moves the sandbox's clock on by `by` from [`Sandbox::now`] (and sets it if unset):
    /// TikTok counts grow, tokens and codes age.
    pub fn advance_clock(&self, by: chrono::Duration) {
        let mut live = self.shared.live();
        let now = super::actions::now_of(&self.shared, &live);
        live.clock = Some(now + by);
    }

    /// A code-less grant for `username` with `scopes` (for tests that start after linking).
    /// `None` if there is no such user.
    pub fn tiktok_issue_tokens(&self, username: &str, scopes: &[&str]) -> Option<TikTokIssued> {
        let user = self.shared.tiktok.user_by_username(username)?;
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        Some(state::issue_grant(&self.shared, user, scopes))
    }

    /// The `open_id` of every successful revocation, in order (one per revoke call).
    pub fn tiktok_revoked(&self) -> Vec<String> {
        self.shared.tiktok.live().revoked.clone()
    }

    /// TikTok requests served so far, by endpoint.
    pub fn tiktok_calls(&self) -> TikTokCalls {
        self.shared.tiktok.live().calls
    }

    /// Expires every TikTok access token issued so far; returns how many were alive.
    pub fn tiktok_expire_access_tokens(&self) -> usize {
        self.shared.tiktok.live().expire_access()
    }

    /// Expires every TikTok refresh token issued so far; returns how many were alive.
    pub fn tiktok_expire_refresh_tokens(&self) -> usize {
        self.shared.tiktok.live().expire_refresh()
    }

    /// From now on, approvals leave out `scopes` (e.g. `["user.info.stats"]`); empty grants
    /// everything asked again.
    pub fn tiktok_withhold_scopes(&self, scopes: &[&str]) {
        self.shared.tiktok.live().withheld = scopes.iter().map(|s| (*s).to_owned()).collect();
    }

    /// From now on, the user denies (`true`) or approves (`false`) the authorize request
    /// (the consent page's links still decide when used).
    pub fn tiktok_deny(&self, deny: bool) {
        self.shared.tiktok.live().deny = deny;
    }

    /// Every TikTok access and refresh token and authorization code issued: secrets a test
    /// can look for in logs and files (also in [`Sandbox::issued_secrets`]).
    pub fn tiktok_issued_secrets(&self) -> Vec<String> {
        self.shared.tiktok.live().secrets()
    }
}
