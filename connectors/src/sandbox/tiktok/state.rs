//! The sandbox TikTok's live state: the generated users, issued codes and tokens (with their
//! ages by the sandbox's clock and real time), revocations, the knobs that can change while
//! running, and the call counters.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::dataset::SandboxTikTokUser;
use super::TikTokConfig;
use crate::sandbox::server::Shared;
use crate::sandbox::wire::random_alnum;

/// TikTok requests served, by endpoint. A request counts once in its endpoint's counter,
/// whatever its answer; `rate_limited` and `internal_errors` count those answers again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TikTokCalls {
    /// `GET /v2/auth/authorize/` and the consent page's links.
    pub authorize: u64,
    /// `POST /v2/oauth/token/` (codes and refreshes).
    pub token: u64,
    /// `POST /v2/oauth/revoke/`.
    pub revoke: u64,
    /// `GET /v2/user/info/`.
    pub user_info: u64,
    /// `POST /v2/video/list/`.
    pub video_list: u64,
    /// `POST /v2/video/query/`.
    pub video_query: u64,
    /// Data calls answered with HTTP 429 `rate_limit_exceeded`.
    pub rate_limited: u64,
    /// Data calls answered with HTTP 200 and `internal_error`.
    pub internal_errors: u64,
    /// Unknown `/tiktok/…` paths.
    pub other: u64,
}

/// Tokens issued without the OAuth dance ([`crate::sandbox::Sandbox::tiktok_issue_tokens`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TikTokIssued {
    /// `act.…`.
    pub access_token: String,
    /// `rft.…`.
    pub refresh_token: String,
    /// The user's `open_id`.
    pub open_id: String,
    /// The scopes granted.
    pub scopes: Vec<String>,
}

/// When something was issued: the sandbox's now and the real instant.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp {
    clock: DateTime<Utc>,
    instant: Instant,
}

impl Stamp {
    /// The age of `self` at `now`: real time elapsed plus how far the sandbox's clock moved
    /// (never negative).
    pub(crate) fn age(&self, now: Stamp) -> std::time::Duration {
        let moved = (now.clock - self.clock).num_milliseconds();
        let real = i64::try_from(
            now.instant
                .saturating_duration_since(self.instant)
                .as_millis(),
        )
        .unwrap_or(i64::MAX);
        let ms = moved.saturating_add(real).max(0);
        std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0))
    }
}

/// Why a token stopped working before its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dead {
    /// Revoked (`/v2/oauth/revoke/`).
    Revoked,
    /// A refresh token that was used (rotation).
    Rotated,
    /// Expired by a test.
    Expired,
}

/// An authorization code.
pub(crate) struct Code {
    pub(crate) user: usize,
    pub(crate) redirect_uri: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) issued: Stamp,
    pub(crate) used: bool,
}

/// An access token.
pub(crate) struct Access {
    pub(crate) user: usize,
    pub(crate) scopes: Vec<String>,
    pub(crate) issued: Stamp,
    pub(crate) dead: Option<Dead>,
    /// Data calls made with it.
    pub(crate) calls: u64,
    /// Whether it got its one 429.
    pub(crate) limited_once: bool,
}

/// A refresh token.
pub(crate) struct Refresh {
    pub(crate) user: usize,
    pub(crate) scopes: Vec<String>,
    /// When the grant began (the code exchange): the deadline carries over rotations.
    pub(crate) grant_started: Stamp,
    pub(crate) dead: Option<Dead>,
}

/// Mutable state behind one mutex (never held across an `.await`).
pub(crate) struct TikTokLive {
    pub(crate) codes: HashMap<String, Code>,
    pub(crate) all_codes: Vec<String>,
    pub(crate) access: HashMap<String, Access>,
    pub(crate) refresh: HashMap<String, Refresh>,
    /// The `open_id` of each revocation, in order.
    pub(crate) revoked: Vec<String>,
    /// Scopes left out on approval.
    pub(crate) withheld: Vec<String>,
    /// Whether approvals are denials.
    pub(crate) deny: bool,
    /// Data calls of the sandbox (all tokens).
    pub(crate) data_calls: u64,
    /// Whether the one `internal_error` was served.
    pub(crate) internal_error_done: bool,
    pub(crate) calls: TikTokCalls,
}

impl TikTokLive {
    pub(crate) fn expire_access(&mut self) -> usize {
        let mut n = 0;
        for token in self.access.values_mut().filter(|t| t.dead.is_none()) {
            token.dead = Some(Dead::Expired);
            n += 1;
        }
        n
    }

    pub(crate) fn expire_refresh(&mut self) -> usize {
        let mut n = 0;
        for token in self.refresh.values_mut().filter(|t| t.dead.is_none()) {
            token.dead = Some(Dead::Expired);
            n += 1;
        }
        n
    }

    pub(crate) fn secrets(&self) -> Vec<String> {
        self.access
            .keys()
            .chain(self.refresh.keys())
            .chain(self.all_codes.iter())
            .cloned()
            .collect()
    }
}

/// The TikTok part of the sandbox.
pub(crate) struct State {
    pub(crate) config: TikTokConfig,
    pub(crate) users: Vec<SandboxTikTokUser>,
    live: Mutex<TikTokLive>,
}

impl State {
    pub(crate) fn new(config: TikTokConfig, users: Vec<SandboxTikTokUser>) -> Self {
        let live = TikTokLive {
            codes: HashMap::new(),
            all_codes: Vec::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            revoked: Vec::new(),
            withheld: config.withheld_scopes.clone(),
            deny: config.deny,
            data_calls: 0,
            internal_error_done: false,
            calls: TikTokCalls::default(),
        };
        Self {
            config,
            users,
            live: Mutex::new(live),
        }
    }

    /// The live state; a poisoned lock is recovered.
    pub(crate) fn live(&self) -> MutexGuard<'_, TikTokLive> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The index of the user named `username`.
    pub(crate) fn user_by_username(&self, username: &str) -> Option<usize> {
        self.users
            .iter()
            .position(|u| u.spec.username.eq_ignore_ascii_case(username))
    }
}

/// The sandbox's now, as a stamp.
pub(crate) fn now_stamp(shared: &Shared) -> Stamp {
    Stamp {
        clock: now(shared),
        instant: Instant::now(),
    }
}

/// The sandbox's now: its clock, else `today` 00:00 UTC.
pub(crate) fn now(shared: &Shared) -> DateTime<Utc> {
    let live = shared.live();
    crate::sandbox::actions::now_of(shared, &live)
}

/// A TikTok-looking log id: the time and 18 random hex-ish characters.
pub(crate) fn log_id() -> String {
    format!(
        "{}{}",
        Utc::now().format("%Y%m%d%H%M%S"),
        random_alnum(18).to_ascii_uppercase()
    )
}

/// Issues a new access token and a new refresh token for `user` with `scopes`; the refresh
/// token's deadline counts from `grant_started` (now for a new grant).
pub(crate) fn issue_pair(
    shared: &Shared,
    user: usize,
    scopes: Vec<String>,
    grant_started: Option<Stamp>,
) -> (String, String, Stamp) {
    let stamp = now_stamp(shared);
    let access = format!("act.{}", random_alnum(72));
    let refresh = format!("rft.{}", random_alnum(72));
    let grant_started = grant_started.unwrap_or(stamp);
    let mut live = shared.tiktok.live();
    live.access.insert(
        access.clone(),
        Access {
            user,
            scopes: scopes.clone(),
            issued: stamp,
            dead: None,
            calls: 0,
            limited_once: false,
        },
    );
    live.refresh.insert(
        refresh.clone(),
        Refresh {
            user,
            scopes,
            grant_started,
            dead: None,
        },
    );
    (access, refresh, stamp)
}

/// A new grant without a code.
pub(crate) fn issue_grant(shared: &Shared, user: usize, scopes: Vec<String>) -> TikTokIssued {
    let (access_token, refresh_token, _) = issue_pair(shared, user, scopes.clone(), None);
    TikTokIssued {
        access_token,
        refresh_token,
        open_id: shared.tiktok.users[user].open_id.clone(),
        scopes,
    }
}
