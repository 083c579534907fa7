//! The sandbox's HTTP server on hyper 1: the accept loop with graceful shutdown, the shared
//! state (generated accounts, lookup indexes, live tokens and codes, usage windows, call
//! counters), request dispatch by path segments, and the response helpers.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::http::request::Parts;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::actions::Activity;
use super::dataset::SandboxAccount;
use super::publishing::{self, Publishing};
use super::webhooks::WebhookTarget;
use super::wire::{random_alnum, GraphError, OAuthCodeError};
use super::{graph, oauth, tiktok, CallCounts, SandboxConfig};

/// The response type of every handler.
pub(crate) type Resp = Response<Full<Bytes>>;

/// Largest request body read (OAuth forms, replies and private replies).
const MAX_BODY: usize = 64 * 1024;

/// Lifetime of a short-lived token.
pub(crate) const SHORT_LIVED: Duration = Duration::from_secs(3600);

/// Lifetime of a long-lived token (60 days), also its `expires_in`.
pub(crate) const LONG_LIVED_SECS: u64 = 5_184_000;

/// Lifetime of an authorization code.
pub(crate) const CODE_LIFETIME: Duration = Duration::from_secs(3600);

/// Where each generated object lives, for O(1) lookups by id.
#[derive(Default)]
pub(crate) struct Index {
    /// media id → (account, post index).
    pub(crate) media: HashMap<String, (usize, usize)>,
    /// comment id → (account, comment index).
    pub(crate) comments: HashMap<String, (usize, usize)>,
    /// `[account][post]` → indexes of its top-level comments, newest first.
    pub(crate) top_level: Vec<Vec<Vec<usize>>>,
    /// (account, parent comment index) → indexes of its replies, oldest first.
    pub(crate) replies: HashMap<(usize, usize), Vec<usize>>,
}

impl Index {
    fn build(accounts: &[SandboxAccount]) -> Self {
        let mut index = Index::default();
        for (a, account) in accounts.iter().enumerate() {
            let mut per_post: Vec<Vec<usize>> = vec![Vec::new(); account.posts.len()];
            for (p, post) in account.posts.iter().enumerate() {
                index.media.insert(post.id.clone(), (a, p));
            }
            for (c, comment) in account.comments.iter().enumerate() {
                index.comments.insert(comment.id.clone(), (a, c));
            }
            for (c, comment) in account.comments.iter().enumerate() {
                match &comment.parent_id {
                    None => {
                        if let Some((_, p)) = index.media.get(&comment.media_id) {
                            if let Some(list) = per_post.get_mut(*p) {
                                list.push(c);
                            }
                        }
                    }
                    Some(parent) => {
                        if let Some((_, pc)) = index.comments.get(parent) {
                            index.replies.entry((a, *pc)).or_default().push(c);
                        }
                    }
                }
            }
            let comments = &account.comments;
            for list in &mut per_post {
                list.sort_by(|x, y| {
                    let (cx, cy) = (&comments[*x], &comments[*y]);
                    cy.timestamp
                        .cmp(&cx.timestamp)
                        .then_with(|| cx.id.cmp(&cy.id))
                });
            }
            for ((acct, _), list) in index.replies.iter_mut() {
                if *acct == a {
                    list.sort_by(|x, y| {
                        let (cx, cy) = (&comments[*x], &comments[*y]);
                        cx.timestamp
                            .cmp(&cy.timestamp)
                            .then_with(|| cx.id.cmp(&cy.id))
                    });
                }
            }
            index.top_level.push(per_post);
        }
        index
    }
}

/// A token the sandbox issued.
pub(crate) struct TokenInfo {
    /// Whose it is.
    pub(crate) account: usize,
    /// Long-lived (from `ig_exchange_token` / refresh) or short-lived (from the code).
    pub(crate) long_lived: bool,
    /// When it stops working.
    pub(crate) expires: Instant,
    /// Revoked by [`super::Sandbox::revoke_account`].
    pub(crate) revoked: bool,
    /// Graph calls made with it (the throttled one included).
    pub(crate) graph_calls: u64,
    /// Whether it already got its one throttling error.
    pub(crate) throttled_once: bool,
}

/// An authorization code the sandbox issued.
pub(crate) struct CodeInfo {
    /// Whose account it grants.
    pub(crate) account: usize,
    /// The redirect URI it is bound to.
    pub(crate) redirect_uri: String,
    /// The scopes requested (all granted).
    pub(crate) scopes: Vec<String>,
    /// When it stops working.
    pub(crate) expires: Instant,
    /// Single use.
    pub(crate) used: bool,
}

/// Mutable state behind one mutex (never held across an `.await`).
#[derive(Default)]
pub(crate) struct Live {
    /// Issued tokens.
    pub(crate) tokens: HashMap<String, TokenInfo>,
    /// Issued codes.
    pub(crate) codes: HashMap<String, CodeInfo>,
    /// Every code ever issued (codes leave `codes` once used), for tests that look for them
    /// where they must not be.
    pub(crate) all_codes: Vec<String>,
    /// Per account: instants of its Graph calls in the last minute.
    pub(crate) usage: Vec<VecDeque<Instant>>,
    /// Per account: webhook fields subscribed through `/me/subscribed_apps`.
    pub(crate) subscribed: Vec<Vec<String>>,
    /// The sandbox's "now" (see [`super::Sandbox::set_clock`]): posts and comments after it
    /// are not served yet. `None` serves everything.
    pub(crate) clock: Option<chrono::DateTime<chrono::Utc>>,
    /// Per account: what happened since generation (added comments, hides, private replies).
    pub(crate) activity: Vec<Activity>,
    /// How many ids of added comments were given (or skipped).
    pub(crate) added_ids: u64,
    /// How many private replies were accepted.
    pub(crate) messages_sent: u64,
    /// Where webhooks go (see [`super::Sandbox::set_webhook`]).
    pub(crate) webhook: Option<WebhookTarget>,
}

/// Request counters by endpoint family.
#[derive(Default)]
pub(crate) struct Counters {
    pub(crate) oauth: AtomicU64,
    pub(crate) profile: AtomicU64,
    pub(crate) media_pages: AtomicU64,
    pub(crate) media_insights: AtomicU64,
    pub(crate) account_insights: AtomicU64,
    pub(crate) comments: AtomicU64,
    pub(crate) other: AtomicU64,
    pub(crate) throttled: AtomicU64,
    pub(crate) total: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> CallCounts {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        CallCounts {
            oauth: get(&self.oauth),
            profile: get(&self.profile),
            media_pages: get(&self.media_pages),
            media_insights: get(&self.media_insights),
            account_insights: get(&self.account_insights),
            comments: get(&self.comments),
            other: get(&self.other),
            throttled: get(&self.throttled),
            total: get(&self.total),
        }
    }
}

/// Everything the request handlers share.
pub(crate) struct Shared {
    pub(crate) config: SandboxConfig,
    pub(crate) accounts: Arc<Vec<SandboxAccount>>,
    pub(crate) index: Index,
    pub(crate) base_url: String,
    pub(crate) live: Mutex<Live>,
    pub(crate) counters: Counters,
    /// Media lists held back (see [`super::Sandbox::hold_media_lists`]).
    pub(crate) hold: MediaListHold,
    /// Whether the sandbox answers at all (see [`super::Sandbox::stop_answering`]).
    pub(crate) outage: Outage,
    /// Containers, the crawler, published posts (`publishing.rs`).
    pub(crate) publishing: Publishing,
    /// Publishing requests held at a point of the flow (see
    /// [`super::Sandbox::hold_publishing`]).
    pub(crate) publishing_holds: publishing::PublishingHolds,
    /// The sandbox's TikTok (`tiktok/`).
    pub(crate) tiktok: tiktok::State,
}

/// An outage: while down, every request's connection is closed without an answer, as a
/// server that went away; it can start after a number of media-insights answers.
pub(crate) struct Outage {
    down: AtomicBool,
    /// Media-insights answers left before going down; `u64::MAX` = not counting down.
    insights_left: AtomicU64,
}

impl Outage {
    fn new() -> Self {
        Self {
            down: AtomicBool::new(false),
            insights_left: AtomicU64::new(u64::MAX),
        }
    }

    /// Down at once (`true`) or answering again (`false`, which also ends a countdown).
    pub(crate) fn set_down(&self, down: bool) {
        self.insights_left.store(u64::MAX, Ordering::SeqCst);
        self.down.store(down, Ordering::SeqCst);
    }

    /// Down after `answers` more media-insights answers.
    pub(crate) fn down_after_insights(&self, answers: u64) {
        self.insights_left.store(answers, Ordering::SeqCst);
        if answers == 0 {
            self.down.store(true, Ordering::SeqCst);
        }
    }

    /// Whether requests go unanswered now.
    fn is_down(&self) -> bool {
        self.down.load(Ordering::SeqCst)
    }

    /// One media-insights request is answered: counts down.
    pub(crate) fn insights_answered(&self) {
        let left = self
            .insights_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                (left != u64::MAX && left > 0).then(|| left - 1)
            });
        if left == Ok(1) {
            self.down.store(true, Ordering::SeqCst);
        }
    }
}

/// What a request gets while the sandbox is down: its connection closed, no answer.
#[derive(Debug)]
struct NotAnswering;

impl std::fmt::Display for NotAnswering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the sandbox is not answering")
    }
}

impl std::error::Error for NotAnswering {}

/// Media-list requests held back until released, and how many wait now.
pub(crate) struct MediaListHold {
    held: tokio::sync::watch::Sender<bool>,
    waiting: AtomicU64,
}

impl MediaListHold {
    fn new() -> Self {
        Self {
            held: tokio::sync::watch::Sender::new(false),
            waiting: AtomicU64::new(0),
        }
    }

    /// Holds (`true`) or releases (`false`) media lists.
    pub(crate) fn set(&self, held: bool) {
        self.held.send_replace(held);
    }

    /// How many requests wait now.
    pub(crate) fn waiting(&self) -> u64 {
        self.waiting.load(Ordering::SeqCst)
    }

    /// Returns once media lists are not held.
    async fn pass(&self) {
        let mut held = self.held.subscribe();
        if !*held.borrow_and_update() {
            return;
        }
        self.waiting.fetch_add(1, Ordering::SeqCst);
        // The sender lives as long as `self`: this ends on release.
        let _ = held.wait_for(|held| !*held).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    pub(crate) fn new(
        config: SandboxConfig,
        accounts: Vec<SandboxAccount>,
        tiktok_users: Vec<tiktok::SandboxTikTokUser>,
        base_url: String,
    ) -> Self {
        let index = Index::build(&accounts);
        let live = Live {
            usage: vec![VecDeque::new(); accounts.len()],
            subscribed: vec![Vec::new(); accounts.len()],
            activity: vec![Activity::default(); accounts.len()],
            ..Live::default()
        };
        let tiktok = tiktok::State::new(config.tiktok.clone(), tiktok_users);
        Self {
            config,
            tiktok,
            accounts: Arc::new(accounts),
            index,
            base_url,
            live: Mutex::new(live),
            counters: Counters::default(),
            hold: MediaListHold::new(),
            outage: Outage::new(),
            publishing: Publishing::new(),
            publishing_holds: publishing::PublishingHolds::new(),
        }
    }

    /// The live state; a poisoned lock is recovered (the state stays consistent per call).
    pub(crate) fn live(&self) -> MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The account index of a username.
    pub(crate) fn account_by_username(&self, username: &str) -> Option<usize> {
        self.accounts
            .iter()
            .position(|a| a.profile.username.eq_ignore_ascii_case(username))
    }

    /// Issues a new token for `account`.
    pub(crate) fn issue_token(&self, account: usize, long_lived: bool) -> String {
        let token = format!("IGAA{}", random_alnum(140));
        let lifetime = if long_lived {
            Duration::from_secs(LONG_LIVED_SECS)
        } else {
            SHORT_LIVED
        };
        self.live().tokens.insert(
            token.clone(),
            TokenInfo {
                account,
                long_lived,
                expires: Instant::now() + lifetime,
                revoked: false,
                graph_calls: 0,
                throttled_once: false,
            },
        );
        token
    }

    /// Checks a token: `(account, long_lived)` or the Graph 190 error.
    pub(crate) fn check_token(&self, token: &str) -> Result<(usize, bool), GraphError> {
        let live = self.live();
        let info = live.tokens.get(token).ok_or_else(GraphError::bad_token)?;
        if info.revoked {
            return Err(GraphError::token_subcode(
                458,
                format!(
                    "Error validating access token: The user has not authorized application {}.",
                    self.config.app_id
                ),
            ));
        }
        if Instant::now() >= info.expires {
            return Err(GraphError::token_subcode(
                463,
                "Error validating access token: Session has expired.".to_owned(),
            ));
        }
        Ok((info.account, info.long_lived))
    }

    /// Records one Graph call of `token` (already checked) and returns the account's usage
    /// percentage and whether this call is the token's throttled one.
    pub(crate) fn record_graph_call(&self, token: &str, account: usize) -> (u32, bool) {
        let now = Instant::now();
        let mut live = self.live();
        let throttle = match live.tokens.get_mut(token) {
            Some(info) => {
                info.graph_calls += 1;
                let hit =
                    self.config.throttle_on_call == Some(info.graph_calls) && !info.throttled_once;
                if hit {
                    info.throttled_once = true;
                }
                hit
            }
            None => false,
        };
        let percent = match live.usage.get_mut(account) {
            Some(window) => {
                while window
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
                {
                    window.pop_front();
                }
                window.push_back(now);
                let budget = u64::from(self.config.usage_budget_per_minute.max(1));
                let p = (window.len() as u64).saturating_mul(100) / budget;
                u32::try_from(p.min(100)).unwrap_or(100)
            }
            None => 0,
        };
        (percent, throttle)
    }
}

/// Serves until `shutdown` is cancelled, then waits for open connections to finish.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, shutdown: CancellationToken) {
    let tracker = TaskTracker::new();
    loop {
        tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    tracker.spawn(connection(stream, Arc::clone(&shared), shutdown.clone()));
                }
                Err(error) => {
                    tracing::debug!(%error, "sandbox accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
        }
    }
    drop(listener);
    tracker.close();
    tracker.wait().await;
    tracing::debug!("sandbox stopped");
}

async fn connection(stream: TcpStream, shared: Arc<Shared>, shutdown: CancellationToken) {
    let io = TokioIo::new(stream);
    let service = service_fn(move |req| handle(Arc::clone(&shared), req));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10));
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    tokio::select! {
        biased;
        () = shutdown.cancelled() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(5), conn.as_mut()).await;
        }
        result = conn.as_mut() => {
            if let Err(error) = result {
                tracing::debug!(%error, "sandbox connection ended with an error");
            }
        }
    }
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Resp, NotAnswering> {
    // Method and path only: the query carries tokens.
    tracing::debug!(method = %req.method(), path = %req.uri().path(), "sandbox request");
    Counters::bump(&shared.counters.total);
    if shared.outage.is_down() {
        // hyper closes the connection on a service error.
        return Err(NotAnswering);
    }
    let (parts, body) = req.into_parts();
    let body = if parts.method == Method::POST {
        match Limited::new(body, MAX_BODY).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                return Ok(text(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "request body too large",
                ))
            }
        }
    } else {
        Bytes::new()
    };
    if parts.method == Method::GET && parts.uri.path().ends_with("/media") {
        shared.hold.pass().await;
    }
    let holds = &shared.publishing_holds;
    if !holds
        .pass(publishing::hold_point(&parts, publishing::Stage::Before))
        .await
    {
        return Err(NotAnswering);
    }
    let answer = route(&shared, &parts, &body);
    if !holds
        .pass(publishing::hold_point(&parts, publishing::Stage::After))
        .await
    {
        return Err(NotAnswering);
    }
    if publishing::hangs_up(&shared, &parts, &answer) {
        return Err(NotAnswering);
    }
    let delay = response_delay(&shared.config);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    Ok(answer)
}

/// How long this response waits: the latency and a share of the jitter drawn evenly.
fn response_delay(config: &SandboxConfig) -> Duration {
    let extra = if config.jitter.is_zero() {
        Duration::ZERO
    } else {
        use rand::Rng as _;
        config
            .jitter
            .mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
    };
    config.latency + extra
}

/// Dispatches on method and path segments.
fn route(shared: &Shared, parts: &Parts, body: &[u8]) -> Resp {
    let segments: Vec<&str> = parts
        .uri
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let query = parse_query(parts.uri.query());
    let method = &parts.method;
    match segments.as_slice() {
        ["tiktok", rest @ ..] => tiktok::route(shared, parts, rest, &query, body),
        ["oauth", "authorize"] if method == Method::GET => {
            Counters::bump(&shared.counters.oauth);
            oauth::authorize(shared, &query, wants_html(parts))
        }
        ["oauth", "authorize", "allow"] if method == Method::GET => {
            Counters::bump(&shared.counters.oauth);
            oauth::decide(shared, &query, true)
        }
        ["oauth", "authorize", "deny"] if method == Method::GET => {
            Counters::bump(&shared.counters.oauth);
            oauth::decide(shared, &query, false)
        }
        ["oauth", "access_token"] => {
            Counters::bump(&shared.counters.oauth);
            if method != Method::POST {
                return oauth_error(&OAuthCodeError(
                    "This endpoint only accepts POST requests".to_owned(),
                ));
            }
            let mut params = query.clone();
            params.extend(parse_query(std::str::from_utf8(body).ok()));
            oauth::exchange_code(shared, &params)
        }
        _ => {
            let (version, rest) = match segments.split_first() {
                Some((first, rest)) if is_version(first) => ((*first).to_owned(), rest),
                _ => ("v25.0".to_owned(), segments.as_slice()),
            };
            match rest {
                ["access_token"] if method == Method::GET => {
                    Counters::bump(&shared.counters.oauth);
                    oauth::long_lived(shared, &query)
                }
                ["refresh_access_token"] if method == Method::GET => {
                    Counters::bump(&shared.counters.oauth);
                    oauth::refresh(shared, &query)
                }
                _ => graph::serve(shared, parts, rest, &query, &version, body),
            }
        }
    }
}

/// `v25.0`, `v21`, …
fn is_version(segment: &str) -> bool {
    let Some(rest) = segment.strip_prefix('v') else {
        return false;
    };
    let (major, minor) = rest.split_once('.').unwrap_or((rest, "0"));
    !major.is_empty()
        && major.bytes().all(|b| b.is_ascii_digit())
        && !minor.is_empty()
        && minor.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn wants_html(parts: &Parts) -> bool {
    parts
        .headers
        .get_all(hyper::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("text/html"))
}

/// Decodes a query string or form body into pairs (repeated keys kept, first one wins in
/// [`param`]).
pub(crate) fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    query
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default()
}

/// The first value of `name`.
pub(crate) fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn response(status: StatusCode, content_type: &'static str, body: String) -> Resp {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, body: String) -> Resp {
    response(status, "application/json; charset=UTF-8", body)
}

/// A plain-text response.
pub(crate) fn text(status: StatusCode, body: &str) -> Resp {
    response(status, "text/plain; charset=utf-8", body.to_owned())
}

/// An HTML page with strict headers.
pub(crate) fn html(status: StatusCode, body: String) -> Resp {
    let mut resp = response(status, "text/html; charset=utf-8", body);
    let headers = resp.headers_mut();
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'"),
    );
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    resp
}

/// A `302 Found` to `location`.
pub(crate) fn redirect(location: &str) -> Resp {
    let mut resp = text(StatusCode::FOUND, "");
    match HeaderValue::from_str(location) {
        Ok(v) => {
            resp.headers_mut().insert(LOCATION, v);
            resp.headers_mut()
                .insert("referrer-policy", HeaderValue::from_static("no-referrer"));
            resp
        }
        Err(_) => text(StatusCode::BAD_REQUEST, "invalid redirect_uri"),
    }
}

/// A Graph error response (HTTP 400).
pub(crate) fn graph_error(error: &GraphError) -> Resp {
    json(StatusCode::BAD_REQUEST, error.body())
}

/// A code-exchange error response (HTTP 400, flat shape).
pub(crate) fn oauth_error(error: &OAuthCodeError) -> Resp {
    json(StatusCode::BAD_REQUEST, error.body())
}

/// Adds `x-business-use-case-usage` for the account `user_id` at `percent`, with
/// `estimated_time_to_regain_access` (minutes, fractions allowed).
pub(crate) fn with_usage(mut resp: Resp, user_id: &str, percent: u32, regain_minutes: f64) -> Resp {
    let half = percent / 2;
    let value = format!(
        r#"{{"{user_id}":[{{"type":"instagram","call_count":{percent},"total_cputime":{half},"total_time":{half},"estimated_time_to_regain_access":{regain_minutes}}}]}}"#
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        resp.headers_mut().insert("x-business-use-case-usage", v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::is_version;

    #[test]
    fn versions() {
        for ok in ["v25.0", "v21", "v3.2"] {
            assert!(is_version(ok), "{ok}");
        }
        for bad in ["v", "me", "v25.", "vx.0", "25.0", "v.1"] {
            assert!(!is_version(bad), "{bad}");
        }
    }
}
