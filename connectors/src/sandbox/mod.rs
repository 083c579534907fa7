//! A local Instagram (and a local TikTok, under `/tiktok`): an HTTP server that speaks the
//! wire format of Instagram's OAuth and Graph endpoints (see `reference/instagram-api.md`)
//! over deterministic synthetic accounts.
//!
//! `pulse demo` and the tests point the real Instagram client at it: only the base URLs change.
//! Everything is served at the root of [`Sandbox::base_url`]:
//!
//! | real host | sandbox |
//! |---|---|
//! | `https://www.instagram.com/oauth/authorize` | `{base}/oauth/authorize` |
//! | `https://api.instagram.com/oauth/access_token` | `{base}/oauth/access_token` |
//! | `https://graph.instagram.com` (`/access_token`, `/refresh_access_token`, `/v25.0/…`) | `{base}` |
//!
//! Graph paths take any `/vNN.N` version prefix (or none); `me`, the account's `user_id` and
//! its app-scoped `id` all name the token's account (`paging.next` links use the `user_id`).
//!
//! The same server also plays TikTok (Login Kit for Web v2 and the Display API) under
//! `/tiktok`: [`Sandbox::tiktok_authorize_url`] is `{base}/tiktok/v2/auth/authorize/` and
//! [`Sandbox::tiktok_api_url`] is `{base}/tiktok`; its data, rules and awkward cases are in
//! `tiktok/mod.rs` ([`TikTokConfig`], [`SandboxTikTokUser`]).
//!
//! # The data
//! [`SandboxAccount::generate`] builds each account from an [`AccountSpec`] and
//! [`SandboxConfig::today`]; the same inputs give identical data. [`Sandbox::accounts`] returns
//! exactly what is served, so tests can compute the expected figures themselves. The default
//! big account (`pulse.demo.shop`) has 320 posts of all four kinds over ~400 days, ≥1600
//! commenters, 400 days of daily insights, 30 days of online followers and demographics.
//!
//! # Awkward cases the sandbox serves on purpose
//! - **OAuth**: codes are single use, expire after an hour and are bound to the redirect URI
//!   (any mismatch, reuse or unknown code → HTTP 400 `{"error_type","code":400,"error_message"}`);
//!   the redirect carries `#_`; the exchange's `user_id` is a bare JSON number above 2^53 (odd,
//!   so an `f64` round trip changes it); `permissions` is an array.
//! - **Tokens**: `Authorization: Bearer` or `access_token=`; unknown → 190; after
//!   [`Sandbox::revoke_account`] → 190/458; expired → 190/463.
//! - **Throttling**: the `throttle_on_call`-th Graph call of each token (40 by default) fails
//!   once with code 80002 (`is_transient: true`) and a usage header at 100 % (regaining
//!   access after `throttle_regain`, zero by default).
//! - **Outages**: [`Sandbox::stop_answering`] (or `stop_answering_after_insights`) closes every
//!   connection without an answer until [`Sandbox::answer_again`].
//! - **Usage header** on every Graph response of a known token:
//!   `x-business-use-case-usage: {"<user_id>":[{"type":"instagram","call_count":P,…}]}`.
//! - **Paging**: `/me/media` pages newest first; the page that starts at `2 × limit` is short
//!   (`limit / 2` items) although `next` is present; `next` is absent on the last page;
//!   `media_count` is lower than the number of items served.
//! - **Media insights**: the images among the oldest fifth of the posts reject `shares`; reels reject `follows`,
//!   `profile_visits`, `profile_activity`; non-reels reject `ig_reels_*` / `reels_skip_rate`;
//!   deprecated metrics (`impressions`, `plays`, `video_views`, `engagement`) fail the whole
//!   call with `metric[i] must be one of…`; `reels_skip_rate` is fractional; the two oldest posts
//!   (when an account has ≥ 20) predate the business conversion and fail every insights call
//!   with 100/2108006 (`IGApiException`); unknown or foreign media ids → 100/33.
//! - **Account insights**: > 30 days between `since` and `until` → code 100; `views`,
//!   `accounts_engaged`, `total_interactions`, `likes`, `comments`, `shares`, `saves`,
//!   `replies` need `metric_type=total_value`; `follower_count` and `online_followers` reject it;
//!   an unsupported breakdown → code 1 "An unknown error has occurred."; demographics need
//!   `timeframe=this_month|this_week` (the old timeframes → code 100) and a breakdown; one
//!   `online_followers` day is `{}` and some hours are missing; time series come with
//!   `paging.previous/next` that walk forever (do not follow them).
//! - **Content**: captions and comments with Markdown/HTML special characters, emoji,
//!   non-Latin and right-to-left text, a few posts without a caption, reels without
//!   `media_url`, one caption with a prompt injection ([`INJECTION_CAPTION_LINE`]) and one
//!   comment with one ([`INJECTION_COMMENT`]), hidden spam comments, buying-intent comments
//!   (answered and not) and near misses ("how much I love this").
//! - **Fields**: unknown fields → `(#100) Tried accessing nonexisting field (…)`; `id` is
//!   always included; absent values (no caption, no `media_url`) are left out, never `null`.
//! - **Comment actions** (`actions.rs`), with Instagram's rules: `POST /{comment}/replies`
//!   (form `message`) refuses a reply, a hidden comment, an empty text or one over 2,200
//!   characters, more than 30 hashtags or 5 @mentions (code 100), an unknown or foreign
//!   comment (100/33); an accepted reply is stored as the account's own reply and served
//!   under the comment from then on. `POST /{account}/messages` (a private reply; `me` too) is allowed once per
//!   comment (a second → 100/2534023 "Only one private reply is allowed per comment") and
//!   within 7 days of the comment by the sandbox's now (older → 10/2534022 "This message is
//!   sent outside of allowed window."), with 1 to 1,000 characters; the codes are the
//!   sandbox's choice after Instagram's. `POST /{comment}?hide=true|false` hides or shows a
//!   comment (served `hidden`), never one of the account's own (100).
//!   `POST /me/subscribed_apps?subscribed_fields=comments` is remembered and listed by
//!   `GET /me/subscribed_apps`.
//! - **Publishing** (`publishing.rs`): the container flow. `POST /{account}/media` makes a
//!   container and the sandbox's crawler then fetches its `image_url`/`video_url`
//!   (`User-Agent: facebookexternalhit/1.1`, no redirects): it stays `IN_PROGRESS` until the
//!   fetch succeeded and [`SandboxConfig::container_processing`] passed, or turns `ERROR`
//!   naming 2207052 / 2207003 / 2207004 / 2207005 / 2207026; carousels need 2–10 finished
//!   items of the account (100/2207028); containers expire after 24 h by the clock.
//!   `POST /{account}/media_publish` publishes only a `FINISHED` container (9007/2207027
//!   before, no second post after, 9/2207042 over [`SandboxConfig::publishing_quota`] in 24
//!   h) and makes a real post, served by the media list (stories aside), `GET /{media}` and
//!   insights. `GET /{account}/content_publishing_limit` reads the quota and its use.
//!   [`Sandbox::fresh_containers_unreadable`] answers Meta's 100/33 on fresh containers;
//!   [`Sandbox::publish_times_out_after_publishing`] publishes, then hangs up.
//! - **Webhooks** (`webhooks.rs`): [`Sandbox::set_webhook`] then
//!   [`Sandbox::post_comment_webhook`] POSTs a comment's documented `comments` webhook,
//!   signed `X-Hub-Signature-256: sha256=…` with the app secret ([`sign_webhook`]);
//!   [`Sandbox::post_raw_webhook`] sends anything, for forgeries.
//! - **TikTok** (`tiktok/`): refresh tokens rotate (the one sent dies at once); revocation
//!   kills every token of the user and is recorded ([`Sandbox::tiktok_revoked`]); access
//!   tokens expire after 2 h of real time plus clock movement, codes after 10 min; fewer
//!   scopes granted than asked ([`Sandbox::tiktok_withhold_scopes`]) and denial
//!   ([`Sandbox::tiktok_deny`]); a field of a scope not granted fails the whole
//!   `user/info` call; the 20th and 21st videos share a `create_time` second across the
//!   20-item page boundary (only `data.cursor`, in ms, walks past it) and the second page is
//!   short with `has_more`; the 7th data call of each token gets one HTTP 429
//!   `rate_limit_exceeded`, the 3rd data call of the sandbox one HTTP 200 `internal_error`
//!   ([`TikTokConfig::calm`] turns both off); counts grow with the clock.
//!
//! # Making things happen, and looking
//! Tests simulate the world with [`Sandbox::add_comment`] (a new comment, served by later
//! syncs), [`Sandbox::add_comment_and_notify`] (the same, plus its webhook when one is set and
//! the account is subscribed) and [`Sandbox::reply_as_owner`] (the owner answering in the
//! Instagram app); they look with [`Sandbox::comment`], [`Sandbox::replies_to`],
//! [`Sandbox::private_replies`], [`Sandbox::is_hidden`] and [`Sandbox::subscribed`]; what
//! was published, with [`Sandbox::published`], [`Sandbox::publish_calls`] and
//! [`Sandbox::media_fetches`].
//! [`Sandbox::accounts`] stays the generated data: what was added since is not in it, only
//! served and seen through the methods above.
//!
//! # Time
//! Time conventions: all days are UTC dates; a day's `end_time` is the next day at
//! `07:00:00+0000`; `online_followers` hours are UTC; the data ends at `today` 00:00 UTC.
//! `total_value` of `reach` over a window is the sum of the daily values (the real API
//! de-duplicates; the sandbox cannot). The sandbox's *now*, for the actions and added
//! comments, is its clock ([`Sandbox::set_clock`], [`Sandbox::advance_clock`]) or else
//! `today` 00:00 UTC ([`Sandbox::now`]); TikTok's videos and counts follow it too.

mod actions;
mod dataset;
mod graph;
mod oauth;
mod pools;
mod publishing;
mod server;
mod tiktok;
mod webhooks;
mod wire;

#[cfg(test)]
mod actions_tests;
#[cfg(test)]
mod publishing_tests;
#[cfg(test)]
mod tests;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use actions::{SandboxActionError, SandboxPrivateReply};
pub use dataset::{
    DailyAccountInsights, OnlineFollowersDay, PostInsights, PostKind, SandboxAccount, SandboxChild,
    SandboxComment, SandboxCommenter, SandboxDemographics, SandboxPost, SandboxProfile,
    HISTORY_DAYS, ONLINE_FOLLOWER_DAYS,
};
pub use pools::{INJECTION_CAPTION_LINE, INJECTION_COMMENT};
pub use publishing::{PublishingHold, SandboxMediaFetch, SandboxPublished, CRAWLER_USER_AGENT};
pub use tiktok::{
    SandboxTikTokUser, SandboxTikTokVideo, TikTokCalls, TikTokConfig, TikTokCounts, TikTokIssued,
    TikTokProfileAt, TikTokUserSpec, TikTokVideoAt, TIKTOK_SCOPES,
};
pub use webhooks::sign_webhook;

/// Who can log in to the sandbox, and how big their synthetic account is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSpec {
    /// The seed of the generator: the same seed (and `today`) gives the same account.
    pub seed: u64,
    /// The handle, without `@`.
    pub username: String,
    /// How many posts.
    pub posts: usize,
    /// How many distinct commenters (all of them comment at least once when there is room).
    pub commenters: usize,
    /// `followers_count` today.
    pub followers: u64,
    /// When the posts were published.
    pub posting: Posting,
}

/// How an account's posts are spread over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Posting {
    /// At random over the last ~400 days (weighted towards evening hours), the newest
    /// yesterday evening: a real shop's irregular rhythm.
    #[default]
    Spread,
    /// Exactly one post a day: the newest yesterday, the next the day before, and so on back
    /// (older than the 400 days of account insights when there are more than 400 posts).
    Daily,
}

impl AccountSpec {
    /// The default big account: `pulse.demo.shop`, 320 posts, 1600 commenters, 12 400 followers.
    pub fn demo_shop() -> Self {
        Self {
            seed: 7,
            username: "pulse.demo.shop".to_owned(),
            posts: 320,
            commenters: 1600,
            followers: 12_400,
            posting: Posting::Spread,
        }
    }

    /// The default small account: `second.sandbox`, 40 posts, 120 commenters, 900 followers.
    pub fn second() -> Self {
        Self {
            seed: 11,
            username: "second.sandbox".to_owned(),
            posts: 40,
            commenters: 120,
            followers: 900,
            posting: Posting::Spread,
        }
    }
}

/// How the sandbox behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// The day the data ends at (exclusive): the synthetic account's "now".
    pub today: NaiveDate,
    /// The Instagram app id the sandbox accepts as `client_id`.
    pub app_id: String,
    /// The app secret the sandbox accepts as `client_secret`.
    pub app_secret: String,
    /// Who can log in; the first is the default of the authorize page.
    pub accounts: Vec<AccountSpec>,
    /// Page size when `limit` is absent (25); `limit` is honoured up to 50.
    pub default_page_size: usize,
    /// The Nth Graph call of each token gets one throttling error (code 80002); `None` = never.
    pub throttle_on_call: Option<u64>,
    /// The `estimated_time_to_regain_access` of that throttling error's usage header (zero by
    /// default: the client retries after its backoff).
    pub throttle_regain: Duration,
    /// Calls per minute that make 100 % in the usage header:
    /// `call_count` = calls of the account in the last 60 s × 100 / budget, capped at 100.
    pub usage_budget_per_minute: u32,
    /// How long each answer takes, as Instagram's do (150–500 ms): every response waits this
    /// long, plus [`SandboxConfig::jitter`]. Zero by default (tests run at loopback speed).
    pub latency: Duration,
    /// Up to this much more, drawn evenly for each response.
    pub jitter: Duration,
    /// Every image rejects `shares` (code 100), as an independent fake of the Graph API
    /// did, instead of only the older ones of the generated data (`rejects_shares`).
    pub every_image_rejects_shares: bool,
    /// How long a publishing container stays `IN_PROGRESS` after it was made (and its media
    /// fetched): one second by default, zero in tests that need no wait.
    pub container_processing: Duration,
    /// How many posts an account may publish through the API in 24 hours (50 by default):
    /// `quota_total` of the publishing limit.
    pub publishing_quota: u32,
    /// The sandbox's TikTok (served under `/tiktok`): its app, users and knobs.
    pub tiktok: TikTokConfig,
}

impl SandboxConfig {
    /// The defaults: app `sandbox-app-id` / `sandbox-app-secret`, the two default accounts,
    /// pages of 25, a throttle on the 40th call of each token, a budget of 600 calls a minute.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            today,
            app_id: "sandbox-app-id".to_owned(),
            app_secret: "sandbox-app-secret".to_owned(),
            accounts: vec![AccountSpec::demo_shop(), AccountSpec::second()],
            default_page_size: 25,
            throttle_on_call: Some(40),
            throttle_regain: Duration::ZERO,
            usage_budget_per_minute: 600,
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            every_image_rejects_shares: false,
            container_processing: Self::DEFAULT_CONTAINER_PROCESSING,
            publishing_quota: Self::DEFAULT_PUBLISHING_QUOTA,
            tiktok: TikTokConfig::default(),
        }
    }
}

/// Requests served, by endpoint family.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallCounts {
    /// Authorize page and decisions, code exchange, long-lived exchange, refresh.
    pub oauth: u64,
    /// `GET /me`.
    pub profile: u64,
    /// `GET /me/media` pages.
    pub media_pages: u64,
    /// `GET /{media-id}/insights`.
    pub media_insights: u64,
    /// `GET /me/insights`.
    pub account_insights: u64,
    /// `GET /{media-id}/comments` and `/{comment-id}/replies`.
    pub comments: u64,
    /// Other Graph requests: single objects, children, subscribed_apps, the comment actions
    /// (replies, private replies, hides), publishing (containers, their status,
    /// `media_publish`, the limit), unknown paths, bad tokens.
    pub other: u64,
    /// Graph calls answered with the throttling error (not counted in any family above).
    pub throttled: u64,
    /// Every HTTP request received.
    pub total: u64,
}

/// A running sandbox server.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<server::Shared>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Binds `addr` (port 0 allowed), generates the accounts, serves until `shutdown` is
    /// cancelled.
    pub async fn start(
        config: SandboxConfig,
        addr: SocketAddr,
        shutdown: CancellationToken,
    ) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        // Generating the big account takes a moment in debug builds: keep it off the runtime.
        let (specs, today) = (config.accounts.clone(), config.today);
        let tiktok_specs = config.tiktok.users.clone();
        let (accounts, tiktok_users): (Vec<SandboxAccount>, Vec<SandboxTikTokUser>) =
            tokio::task::spawn_blocking(move || {
                let accounts = specs
                    .iter()
                    .map(|spec| SandboxAccount::generate(spec, today))
                    .collect();
                let users = tiktok_specs
                    .iter()
                    .map(|spec| SandboxTikTokUser::generate(spec, today))
                    .collect();
                (accounts, users)
            })
            .await
            .map_err(std::io::Error::other)?;
        // A wildcard bind is reachable on loopback; links must name a concrete address.
        let mut shown = local;
        match local.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => shown.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            IpAddr::V6(ip) if ip.is_unspecified() => shown.set_ip(IpAddr::V6(Ipv6Addr::LOCALHOST)),
            _ => {}
        }
        let base_url = format!("http://{shown}");
        let shared = Arc::new(server::Shared::new(
            config,
            accounts,
            tiktok_users,
            base_url,
        ));
        let task = tokio::spawn(server::serve(listener, Arc::clone(&shared), shutdown));
        tracing::info!(addr = %local, "sandbox instagram listening");
        Ok(Sandbox {
            addr: local,
            shared,
            task,
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the base of every sandbox URL.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The accounts, exactly as served (same order as [`SandboxConfig::accounts`]).
    pub fn accounts(&self) -> &[SandboxAccount] {
        &self.shared.accounts
    }

    /// The accounts as a shared handle that outlives `self`.
    pub fn accounts_arc(&self) -> Arc<Vec<SandboxAccount>> {
        Arc::clone(&self.shared.accounts)
    }

    /// Requests served so far, by endpoint family.
    pub fn calls(&self) -> CallCounts {
        self.shared.counters.snapshot()
    }

    /// A long-lived token for `username`, without the OAuth dance (for tests that start
    /// after linking). `None` if there is no such account.
    pub fn issue_token(&self, username: &str) -> Option<String> {
        let account = self.shared.account_by_username(username)?;
        Some(self.shared.issue_token(account, true))
    }

    /// Every access token and authorization code the sandbox has issued (TikTok's refresh
    /// tokens too): secrets a test can look for in logs and files.
    pub fn issued_secrets(&self) -> Vec<String> {
        let live = self.shared.live();
        let mut secrets: Vec<String> = live
            .tokens
            .keys()
            .cloned()
            .chain(live.all_codes.iter().cloned())
            .collect();
        drop(live);
        secrets.extend(self.shared.tiktok.live().secrets());
        secrets
    }

    /// Sets the sandbox's clock: from now on, posts published and comments written after
    /// `now` do not exist yet (not listed, not found by id, not counted in `comments_count`
    /// or the `comments` insight), so advancing the clock makes the accounts publish and
    /// receive comments as time goes by. `None` (the default) serves everything up to
    /// [`SandboxConfig::today`]. Account insights and the profile's `media_count` are not
    /// affected.
    pub fn set_clock(&self, now: Option<chrono::DateTime<chrono::Utc>>) {
        self.shared.live().clock = now;
    }

    /// Holds back every media-list request (`GET …/media`) until
    /// [`Sandbox::release_media_lists`]: a first sync then waits between reading the profile
    /// and listing the posts, for as long as a test needs it to be running.
    /// [`Sandbox::held_requests`] tells when one waits.
    pub fn hold_media_lists(&self) {
        self.shared.hold.set(true);
    }

    /// Answers the held media-list requests, and no longer holds any.
    pub fn release_media_lists(&self) {
        self.shared.hold.set(false);
    }

    /// How many requests [`Sandbox::hold_media_lists`] holds back now.
    pub fn held_requests(&self) -> u64 {
        self.shared.hold.waiting()
    }

    /// Stops answering: from now on every request's connection is closed without an answer
    /// (an outage, as the client sees one), until [`Sandbox::answer_again`]. Requests are still
    /// counted in [`CallCounts::total`].
    pub fn stop_answering(&self) {
        self.shared.outage.set_down(true);
    }

    /// Answers `answers` more media-insights requests, then stops answering as
    /// [`Sandbox::stop_answering`] does: an outage in the middle of a sync, at a point a test
    /// can name.
    pub fn stop_answering_after_insights(&self, answers: u64) {
        self.shared.outage.down_after_insights(answers);
    }

    /// Ends an outage (or a countdown to one).
    pub fn answer_again(&self) {
        self.shared.outage.set_down(false);
    }

    /// Revokes every token of `username` (the user removed the app): their Graph calls then
    /// fail with 190/458. Returns how many tokens were revoked.
    pub fn revoke_account(&self, username: &str) -> usize {
        let Some(account) = self.shared.account_by_username(username) else {
            return 0;
        };
        let mut live = self.shared.live();
        let mut n = 0;
        for info in live.tokens.values_mut() {
            if info.account == account && !info.revoked {
                info.revoked = true;
                n += 1;
            }
        }
        n
    }

    /// Waits for the server task to end after `shutdown` was cancelled (open connections
    /// are closed gracefully, at most 5 s).
    pub async fn stopped(self) {
        if let Err(error) = self.task.await {
            tracing::warn!(%error, "sandbox server task failed");
        }
    }
}
