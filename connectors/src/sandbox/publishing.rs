//! The sandbox's Content Publishing API: containers, Meta's crawler fetching their media,
//! `media_publish`, the publishing limit, and what tests look at (`Sandbox::published`,
//! `Sandbox::publish_calls`, `Sandbox::media_fetches`) or turn on (two of Meta's faults).
//!
//! # The flow
//! - `POST /{user_id}/media` (`me` too; parameters in a form body or the query): creates a
//!   container of the token's account and answers `{"id"}`. With `image_url` (a photo, a story,
//!   a carousel item) or `video_url` (`media_type=REELS`, `STORIES`, or `VIDEO` on a carousel
//!   item) the sandbox then fetches the URL itself, as Meta's crawler does: a GET with
//!   `User-Agent: facebookexternalhit/1.1`, no redirects followed. The container is
//!   `IN_PROGRESS` until that fetch has succeeded and [`SandboxConfig::container_processing`]
//!   has passed since it was made. A failed fetch makes it `ERROR`, its `status` naming the
//!   subcode: 2207052 (an HTTP error, unreachable, a redirect), 2207003 (the fetch timed out),
//!   2207004 (a photo over 8 MiB), 2207005 (a photo that is not `image/jpeg`), 2207026 (a
//!   video that is not `video/mp4` or `video/quicktime`). Every fetch is logged
//!   ([`SandboxMediaFetch`]).
//! - A carousel (`media_type=CAROUSEL`, `children=<id>,…`) needs 2 to 10 children (else
//!   100/2207028), each a carousel item of the same account (else 100) that is `FINISHED`
//!   (else 9007/2207027); it needs no fetch.
//! - A container not published 24 h after it was made (by the sandbox clock) is `EXPIRED`.
//! - `GET /{container_id}?fields=status_code,status` → `{"status_code","status","id"}`.
//! - `POST /{user_id}/media_publish` (`creation_id` in the query or a form body): only a
//!   `FINISHED` container publishes. `IN_PROGRESS` → 9007/2207027; `PUBLISHED` → 100 and no
//!   second post; `ERROR` → its fetch's error (9004/2207052, 36000/2207004, 9004/2207005,
//!   352/2207026, -2/2207003); `EXPIRED` → -2/2207020; a carousel item → 100; over the
//!   limit → 9/2207042. A publish makes a real post of the account, served from then on by
//!   the media list (stories excepted, as on Instagram), `GET /{media_id}` (its `permalink`)
//!   and its insights (all zero): `IMAGE`, `CAROUSEL_ALBUM` with its children, `VIDEO` /
//!   `REELS`, or a story (`IMAGE`/`VIDEO` / `STORY`), with the caption and the sandbox's now
//!   as `timestamp`.
//! - `GET /{user_id}/content_publishing_limit?fields=config,quota_usage` →
//!   `{"data":[{"config":{"quota_total":Q,"quota_duration":86400},"quota_usage":N}]}`:
//!   `Q` = [`SandboxConfig::publishing_quota`], `N` = the account's API publishes in the last
//!   24 h by the sandbox clock.
//!
//! The codes not in Meta's table (a foreign child, a second publish, a lone carousel item)
//! are the sandbox's choice. Container ids count up from `17700000000000001`, media ids of
//! published posts from `18000000000000001`: the same calls give the same ids.
//!
//! # Faults on demand
//! - [`Sandbox::fresh_containers_unreadable`]: the first `n` status reads of each container
//!   answer Meta's 100/33 `GraphMethodException` (HTTP 400).
//! - [`Sandbox::publish_times_out_after_publishing`]: the next `n` successful publishes make
//!   their post, then close the connection without an answer.
//! - [`Sandbox::hold_publishing`]: every request at one point of the flow ([`PublishingHold`]:
//!   before or after a container is made, a status read, before or after `media_publish`
//!   publishes) waits there until [`Sandbox::release_publishing`], which answers them or
//!   closes their connections unanswered — so a test can kill the process that made the call
//!   while it waits at a chosen state, and decide what reached Instagram.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use hyper::http::request::Parts;
use hyper::Method;
use serde_json::{json, Map, Value};

use super::actions::now_of;
use super::dataset::{cdn_url, PostInsights, PostKind, SandboxChild, SandboxPost};
use super::server::{param, parse_query, Resp, Shared};
use super::wire::{Field, GraphError};
use super::{Sandbox, SandboxConfig};

/// The `User-Agent` of the sandbox's crawler when it fetches a container's media.
pub const CRAWLER_USER_AGENT: &str = "facebookexternalhit/1.1";
/// How long the crawler waits for a media URL.
const FETCH_TIMEOUT: StdDuration = StdDuration::from_secs(20);
/// The largest photo Instagram takes.
const MAX_PHOTO_BYTES: u64 = 8 * 1024 * 1024;
/// How long a container lives unpublished.
const CONTAINER_LIFETIME_HOURS: i64 = 24;
/// The publishing limit's window.
const QUOTA_WINDOW_SECS: i64 = 86_400;
/// The fewest and most items of a carousel.
const CAROUSEL_ITEMS: std::ops::RangeInclusive<usize> = 2..=10;
/// The first container id.
const FIRST_CONTAINER_ID: u64 = 17_700_000_000_000_001;
/// The first media id of a published post (or carousel child).
const FIRST_MEDIA_ID: u64 = 18_000_000_000_000_001;

/// Subcodes of a failed fetch.
const FETCH_FAILED: i64 = 2_207_052;
const FETCH_TIMED_OUT: i64 = 2_207_003;
const PHOTO_TOO_LARGE: i64 = 2_207_004;
const PHOTO_FORMAT: i64 = 2_207_005;
const VIDEO_FORMAT: i64 = 2_207_026;

/// One fetch of a media URL by the sandbox's crawler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxMediaFetch {
    /// The container it was for.
    pub container_id: String,
    /// The URL fetched.
    pub url: String,
    /// The HTTP status, or `None` when no answer came (unreachable, timed out).
    pub status: Option<u16>,
    /// The answer's `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// The bytes read (up to the limit), when the body was read.
    pub size: Option<u64>,
}

/// A post published through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxPublished {
    /// The account (`user_id`, `17841…`).
    pub account_user_id: String,
    /// The new post's media id.
    pub media_id: String,
    /// The container it was published from.
    pub container_id: String,
    /// What it is.
    pub kind: PostKind,
    /// Its caption.
    pub caption: Option<String>,
    /// Its carousel items (0 unless a carousel).
    pub children: usize,
    /// When (the sandbox's now).
    pub published_at: DateTime<Utc>,
}

/// What a container holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Holds {
    Photo,
    Reel,
    Story { video: bool },
    Item { video: bool },
    Carousel { children: Vec<String> },
}

impl Holds {
    fn is_video(&self) -> bool {
        matches!(
            self,
            Holds::Reel | Holds::Story { video: true } | Holds::Item { video: true }
        )
    }
}

/// Where a container's fetch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fetch {
    Pending,
    Done,
    Failed(i64),
}

/// A container.
#[derive(Debug, Clone)]
struct Container {
    account: usize,
    holds: Holds,
    caption: Option<String>,
    /// When it was made, by the sandbox clock (for expiry).
    made_at: DateTime<Utc>,
    /// When it was made, in real time (for the processing time).
    made: Instant,
    fetch: Fetch,
    /// The media id once published.
    published: Option<String>,
    /// Status reads so far.
    reads: u64,
}

/// A container's `status_code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    InProgress,
    Finished,
    Error(i64),
    Expired,
    Published,
}

impl Status {
    fn code(self) -> &'static str {
        match self {
            Status::InProgress => "IN_PROGRESS",
            Status::Finished => "FINISHED",
            Status::Error(_) => "ERROR",
            Status::Expired => "EXPIRED",
            Status::Published => "PUBLISHED",
        }
    }

    fn text(self) -> String {
        match self {
            Status::InProgress => "In Progress: Media is still being processed.".to_owned(),
            Status::Finished => {
                "Finished: Media has been uploaded and it is ready to be published.".to_owned()
            }
            Status::Error(subcode) => {
                format!("Error: Media upload has failed with error code {subcode}")
            }
            Status::Expired => "Expired: Media was not published within 24 hours.".to_owned(),
            Status::Published => "Published: Media has been successfully published.".to_owned(),
        }
    }
}

impl Container {
    fn status(&self, now: DateTime<Utc>, processing: StdDuration) -> Status {
        if self.published.is_some() {
            return Status::Published;
        }
        if let Fetch::Failed(subcode) = self.fetch {
            return Status::Error(subcode);
        }
        if now - self.made_at > Duration::hours(CONTAINER_LIFETIME_HOURS) {
            return Status::Expired;
        }
        if self.fetch == Fetch::Pending || self.made.elapsed() < processing {
            return Status::InProgress;
        }
        Status::Finished
    }
}

/// The publishing state: behind its own lock, so the crawler's tasks can reach it. Taken
/// after the live state's lock when both are needed, never before.
#[derive(Default)]
pub(crate) struct Desk {
    containers: HashMap<String, Container>,
    containers_made: u64,
    media_made: u64,
    fetches: Vec<SandboxMediaFetch>,
    published: Vec<SandboxPublished>,
    /// `(account, when)` of each API publish.
    publishes: Vec<(usize, DateTime<Utc>)>,
    publish_calls: u64,
    /// [`Sandbox::fresh_containers_unreadable`].
    unreadable_reads: u64,
    /// [`Sandbox::publish_times_out_after_publishing`].
    hang_ups: u64,
}

/// The sandbox's publishing: the desk and the crawler's HTTP client.
pub(crate) struct Publishing {
    desk: Arc<Mutex<Desk>>,
    crawler: Option<reqwest::Client>,
}

impl Publishing {
    pub(crate) fn new() -> Self {
        let crawler = reqwest::Client::builder()
            .user_agent(CRAWLER_USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(FETCH_TIMEOUT)
            .build()
            .map_err(|error| tracing::warn!(%error, "the sandbox's crawler cannot start"))
            .ok();
        Self {
            desk: Arc::default(),
            crawler,
        }
    }

    fn desk(&self) -> MutexGuard<'_, Desk> {
        lock(&self.desk)
    }
}

fn lock(desk: &Mutex<Desk>) -> MutexGuard<'_, Desk> {
    desk.lock().unwrap_or_else(|e| e.into_inner())
}

/// The request's parameters: the query, then a form body.
fn params_of(query: &[(String, String)], body: &[u8]) -> Vec<(String, String)> {
    let mut params = query.to_vec();
    params.extend(parse_query(std::str::from_utf8(body).ok()));
    params
}

fn bad_param(message: &str) -> GraphError {
    GraphError::param(format!("(#100) {message}"))
}

fn with_subcode(code: i64, subcode: i64, message: &str) -> GraphError {
    GraphError {
        code,
        subcode: Some(subcode),
        ..GraphError::param(message)
    }
}

/// What the request asks the container to hold, and the URL to fetch.
fn holds_of(params: &[(String, String)]) -> Result<(Holds, Option<String>), GraphError> {
    let media_type = param(params, "media_type").map(|t| t.trim().to_ascii_uppercase());
    let item = param(params, "is_carousel_item").is_some_and(|v| v.trim() == "true");
    let url = |name: &str| -> Result<Option<String>, GraphError> {
        match param(params, name).map(str::trim) {
            Some(u) if !u.is_empty() => Ok(Some(u.to_owned())),
            _ => Err(with_subcode(
                9004,
                FETCH_FAILED,
                &format!("The media could not be fetched from this URI: {name} is empty."),
            )),
        }
    };
    match (media_type.as_deref(), item) {
        (None | Some("IMAGE"), true) => Ok((Holds::Item { video: false }, url("image_url")?)),
        (Some("VIDEO"), true) => Ok((Holds::Item { video: true }, url("video_url")?)),
        (None | Some("IMAGE"), false) => Ok((Holds::Photo, url("image_url")?)),
        (Some("REELS"), false) => Ok((Holds::Reel, url("video_url")?)),
        (Some("STORIES"), false) => {
            let video = param(params, "video_url").is_some();
            let field = if video { "video_url" } else { "image_url" };
            Ok((Holds::Story { video }, url(field)?))
        }
        (Some("CAROUSEL"), false) => {
            let children = param(params, "children")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            Ok((Holds::Carousel { children }, None))
        }
        (Some("VIDEO"), false) => Err(bad_param(
            "The VIDEO media type is only for carousel items: publish a single video as REELS.",
        )),
        _ => Err(bad_param(
            "media_type must be one of the following values: REELS, STORIES, CAROUSEL, VIDEO, IMAGE",
        )),
    }
}

/// `POST /{user_id}/media`.
pub(crate) fn create_container(
    shared: &Shared,
    account: usize,
    query: &[(String, String)],
    body: &[u8],
) -> Result<Value, GraphError> {
    let params = params_of(query, body);
    let (holds, url) = holds_of(&params)?;
    let caption = param(&params, "caption")
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let now = now_of(shared, &shared.live());
    let processing = shared.config.container_processing;
    let mut desk = shared.publishing.desk();
    if let Holds::Carousel { children } = &holds {
        check_children(&desk, account, children, now, processing)?;
    }
    let id = (FIRST_CONTAINER_ID + desk.containers_made).to_string();
    desk.containers_made += 1;
    let video = holds.is_video();
    desk.containers.insert(
        id.clone(),
        Container {
            account,
            holds,
            caption,
            made_at: now,
            made: Instant::now(),
            fetch: if url.is_some() {
                Fetch::Pending
            } else {
                Fetch::Done
            },
            published: None,
            reads: 0,
        },
    );
    drop(desk);
    if let Some(url) = url {
        let desk = Arc::clone(&shared.publishing.desk);
        let crawler = shared.publishing.crawler.clone();
        let container = id.clone();
        tokio::spawn(async move {
            let (outcome, log) = crawl(crawler, &container, &url, video).await;
            let mut desk = lock(&desk);
            if let Some(c) = desk.containers.get_mut(&container) {
                c.fetch = outcome;
            }
            desk.fetches.push(log);
        });
    }
    Ok(json!({ "id": id }))
}

/// A carousel's children: 2 to 10 finished carousel items of the account.
fn check_children(
    desk: &Desk,
    account: usize,
    children: &[String],
    now: DateTime<Utc>,
    processing: StdDuration,
) -> Result<(), GraphError> {
    if !CAROUSEL_ITEMS.contains(&children.len()) {
        return Err(with_subcode(
            100,
            2_207_028,
            "(#100) A carousel holds 2 to 10 items: the number of children is not valid.",
        ));
    }
    for (i, child) in children.iter().enumerate() {
        let container = desk
            .containers
            .get(child)
            .filter(|c| c.account == account && matches!(c.holds, Holds::Item { .. }))
            .ok_or_else(|| {
                bad_param(&format!(
                    "Param children[{i}] must be a carousel item container of this account"
                ))
            })?;
        if container.status(now, processing) != Status::Finished {
            return Err(with_subcode(
                9007,
                2_207_027,
                &format!("The media is not ready to be used in a carousel: children[{i}]"),
            ));
        }
    }
    Ok(())
}

/// Fetches a media URL as Meta's crawler: the container's outcome and the log line.
async fn crawl(
    crawler: Option<reqwest::Client>,
    container: &str,
    url: &str,
    video: bool,
) -> (Fetch, SandboxMediaFetch) {
    let mut log = SandboxMediaFetch {
        container_id: container.to_owned(),
        url: url.to_owned(),
        status: None,
        content_type: None,
        size: None,
    };
    let Some(crawler) = crawler else {
        return (Fetch::Failed(FETCH_FAILED), log);
    };
    let mut response = match crawler.get(url).send().await {
        Ok(response) => response,
        Err(error) => {
            let subcode = if error.is_timeout() {
                FETCH_TIMED_OUT
            } else {
                FETCH_FAILED
            };
            return (Fetch::Failed(subcode), log);
        }
    };
    log.status = Some(response.status().as_u16());
    log.content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if !response.status().is_success() {
        return (Fetch::Failed(FETCH_FAILED), log);
    }
    let essence = log
        .content_type
        .as_deref()
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let accepted = if video {
        matches!(essence.as_str(), "video/mp4" | "video/quicktime")
    } else {
        essence == "image/jpeg"
    };
    if !accepted {
        return (
            Fetch::Failed(if video { VIDEO_FORMAT } else { PHOTO_FORMAT }),
            log,
        );
    }
    let mut size = 0u64;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                size = size.saturating_add(chunk.len() as u64);
                if !video && size > MAX_PHOTO_BYTES {
                    log.size = Some(size);
                    return (Fetch::Failed(PHOTO_TOO_LARGE), log);
                }
            }
            Ok(None) => break,
            Err(error) => {
                log.size = Some(size);
                let subcode = if error.is_timeout() {
                    FETCH_TIMED_OUT
                } else {
                    FETCH_FAILED
                };
                return (Fetch::Failed(subcode), log);
            }
        }
    }
    log.size = Some(size);
    (Fetch::Done, log)
}

/// `GET /{container_id}`: the container's fields, `None` when it is not one of the account's
/// containers (the caller then answers as for any unknown object).
pub(crate) fn container_fields(
    shared: &Shared,
    account: usize,
    id: &str,
    fields: &[Field],
    now: DateTime<Utc>,
) -> Option<Result<Value, GraphError>> {
    let mut desk = shared.publishing.desk();
    let unreadable = desk.unreadable_reads;
    let container = desk
        .containers
        .get_mut(id)
        .filter(|c| c.account == account)?;
    container.reads += 1;
    if container.reads <= unreadable {
        return Some(Err(GraphError::unsupported("GET", id)));
    }
    let status = container.status(now, shared.config.container_processing);
    let mut m = Map::new();
    for f in fields {
        let v = match f.name.as_str() {
            "id" => json!(id),
            "status_code" => json!(status.code()),
            "status" => json!(status.text()),
            other => {
                return Some(Err(bad_param(&format!(
                "Tried accessing nonexisting field ({other}) on node type (ShadowIGMediaBuilder)"
            ))))
            }
        };
        m.insert(f.name.clone(), v);
    }
    m.entry("id").or_insert_with(|| json!(id));
    Some(Ok(Value::Object(m)))
}

/// The Graph error of publishing a container that failed its fetch.
fn fetch_error(subcode: i64) -> GraphError {
    let (code, message) = match subcode {
        PHOTO_TOO_LARGE => (
            36_000,
            "The image is too large: it should be less than 8 MiB.",
        ),
        VIDEO_FORMAT => (352, "The video format is not supported."),
        PHOTO_FORMAT => (9004, "The image format is not supported: only JPEG is."),
        FETCH_TIMED_OUT => (-2, "It takes too long to download the media."),
        _ => (9004, "The media could not be fetched from this URI."),
    };
    with_subcode(code, subcode, message)
}

/// `POST /{user_id}/media_publish`.
pub(crate) fn publish(
    shared: &Shared,
    account: usize,
    query: &[(String, String)],
    body: &[u8],
) -> Result<Value, GraphError> {
    shared.publishing.desk().publish_calls += 1;
    let params = params_of(query, body);
    let creation_id = param(&params, "creation_id")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| bad_param("The parameter creation_id is required"))?
        .to_owned();
    let mut live = shared.live();
    let now = now_of(shared, &live);
    let mut desk = shared.publishing.desk();
    let container = desk
        .containers
        .get(&creation_id)
        .filter(|c| c.account == account)
        .cloned()
        .ok_or_else(|| GraphError::unsupported("POST", &creation_id))?;
    match container.status(now, shared.config.container_processing) {
        Status::Published => {
            return Err(bad_param(&format!(
                "The container {creation_id} is already published."
            )))
        }
        Status::Error(subcode) => return Err(fetch_error(subcode)),
        Status::Expired => {
            return Err(with_subcode(
                -2,
                2_207_020,
                "The media you are trying to publish has expired. Please try again with new media.",
            ))
        }
        Status::InProgress => {
            return Err(with_subcode(
                9007,
                2_207_027,
                "Media ID is not available: the media is not ready for publishing, please wait for a moment.",
            ))
        }
        Status::Finished => {}
    }
    if matches!(container.holds, Holds::Item { .. }) {
        return Err(bad_param(
            "A carousel item is published in its carousel, not on its own.",
        ));
    }
    let since = now - Duration::seconds(QUOTA_WINDOW_SECS);
    let used = usage(&desk, account, since, now);
    if used >= u64::from(shared.config.publishing_quota) {
        return Err(with_subcode(
            9,
            2_207_042,
            "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
        ));
    }
    let Some(profile) = shared.accounts.get(account).map(|a| &a.profile) else {
        return Err(GraphError::bad_token());
    };
    let post = make_post(&mut desk, &container, &profile.username, now);
    desk.published.push(SandboxPublished {
        account_user_id: profile.user_id.clone(),
        media_id: post.id.clone(),
        container_id: creation_id.clone(),
        kind: post.kind,
        caption: post.caption.clone(),
        children: post.children.len(),
        published_at: now,
    });
    desk.publishes.push((account, now));
    if let Some(c) = desk.containers.get_mut(&creation_id) {
        c.published = Some(post.id.clone());
    }
    let id = post.id.clone();
    if let Some(activity) = live.activity.get_mut(account) {
        activity.published.push(post);
    }
    Ok(json!({ "id": id }))
}

/// The account's API publishes in `(since, now]`.
fn usage(desk: &Desk, account: usize, since: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    desk.publishes
        .iter()
        .filter(|(a, at)| *a == account && *at > since && *at <= now)
        .count() as u64
}

/// The next media id.
fn next_media_id(desk: &mut Desk) -> String {
    let id = FIRST_MEDIA_ID + desk.media_made;
    desk.media_made += 1;
    id.to_string()
}

/// The post a container becomes.
fn make_post(
    desk: &mut Desk,
    container: &Container,
    username: &str,
    now: DateTime<Utc>,
) -> SandboxPost {
    let id = next_media_id(desk);
    let shortcode = format!("DS{:09}", desk.media_made);
    let kind = match container.holds {
        Holds::Photo | Holds::Item { .. } => PostKind::Image,
        Holds::Reel => PostKind::Reel,
        Holds::Story { video } => PostKind::Story { video },
        Holds::Carousel { .. } => PostKind::Carousel,
    };
    let children = match &container.holds {
        Holds::Carousel { children } => children
            .iter()
            .map(|child| {
                let video = desk
                    .containers
                    .get(child)
                    .is_some_and(|c| c.holds.is_video());
                let cid = next_media_id(desk);
                SandboxChild {
                    media_type: if video { "VIDEO" } else { "IMAGE" }.to_owned(),
                    media_url: cdn_url(&cid, if video { "mp4" } else { "jpg" }),
                    thumbnail_url: video.then(|| cdn_url(&cid, "jpg")),
                    id: cid,
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let permalink = match kind {
        PostKind::Reel => format!("https://www.instagram.com/reel/{shortcode}/"),
        PostKind::Story { .. } => format!("https://www.instagram.com/stories/{username}/{id}/"),
        _ => format!("https://www.instagram.com/p/{shortcode}/"),
    };
    let video = container.holds.is_video();
    let reel = kind == PostKind::Reel;
    SandboxPost {
        media_url: Some(cdn_url(&id, if video { "mp4" } else { "jpg" })),
        thumbnail_url: video.then(|| cdn_url(&id, "thumb.jpg")),
        is_shared_to_feed: reel.then_some(true),
        caption: container.caption.clone(),
        shortcode,
        permalink,
        timestamp: now,
        kind,
        children,
        like_count: 0,
        comments_count: 0,
        rejects_shares: false,
        pre_conversion: false,
        insights: PostInsights {
            views: 0,
            reach: 0,
            likes: 0,
            comments: 0,
            saved: 0,
            shares: Some(0),
            total_interactions: 0,
            follows: (!reel).then_some(0),
            profile_visits: (!reel).then_some(0),
            profile_activity: (!reel).then_some(0),
            reposts: 0,
            ig_reels_avg_watch_time: reel.then_some(0),
            ig_reels_video_view_total_time: reel.then_some(0),
            reels_skip_rate: reel.then_some(0.0),
        },
        id,
    }
}

/// `GET /{user_id}/content_publishing_limit`.
pub(crate) fn limit(
    shared: &Shared,
    account: usize,
    fields: &[Field],
) -> Result<Value, GraphError> {
    let now = now_of(shared, &shared.live());
    let since = now - Duration::seconds(QUOTA_WINDOW_SECS);
    let used = usage(&shared.publishing.desk(), account, since, now);
    let mut entry = Map::new();
    for f in fields {
        let v = match f.name.as_str() {
            "quota_usage" => json!(used),
            "config" => json!({
                "quota_total": shared.config.publishing_quota,
                "quota_duration": QUOTA_WINDOW_SECS,
            }),
            other => {
                return Err(bad_param(&format!(
                "Tried accessing nonexisting field ({other}) on node type (ContentPublishingLimit)"
            )))
            }
        };
        entry.insert(f.name.clone(), v);
    }
    Ok(json!({ "data": [entry] }))
}

/// Whether this answer's connection is to be closed unanswered
/// ([`Sandbox::publish_times_out_after_publishing`]): a successful publish while the knob
/// has publishes left.
pub(crate) fn hangs_up(shared: &Shared, parts: &Parts, answer: &Resp) -> bool {
    if parts.method != Method::POST
        || !parts.uri.path().ends_with("/media_publish")
        || !answer.status().is_success()
    {
        return false;
    }
    let mut desk = shared.publishing.desk();
    if desk.hang_ups == 0 {
        return false;
    }
    desk.hang_ups -= 1;
    true
}

impl Sandbox {
    /// Every post published through the API, oldest first.
    pub fn published(&self) -> Vec<SandboxPublished> {
        self.shared.publishing.desk().published.clone()
    }

    /// How many `media_publish` requests arrived, refused ones included.
    pub fn publish_calls(&self) -> u64 {
        self.shared.publishing.desk().publish_calls
    }

    /// Every fetch of a media URL the crawler made, in the order they ended.
    pub fn media_fetches(&self) -> Vec<SandboxMediaFetch> {
        self.shared.publishing.desk().fetches.clone()
    }

    /// From now on, the first `n` status reads of each container (those already read count
    /// theirs) answer Meta's 100/33 "Unsupported get request" (HTTP 400), as fresh containers
    /// sometimes do. `0` turns it off.
    pub fn fresh_containers_unreadable(&self, n: u64) {
        self.shared.publishing.desk().unreadable_reads = n;
    }

    /// The next `n` publishes that succeed make their post, then their connection is closed
    /// without an answer: the client cannot know the post is live.
    pub fn publish_times_out_after_publishing(&self, n: u64) {
        self.shared.publishing.desk().hang_ups = n;
    }
}

/// The defaults of [`SandboxConfig`]'s publishing settings.
impl SandboxConfig {
    /// How long a container stays `IN_PROGRESS` after it was made, by default.
    pub const DEFAULT_CONTAINER_PROCESSING: StdDuration = StdDuration::from_secs(1);
    /// Posts an account may publish through the API in 24 h, by default.
    pub const DEFAULT_PUBLISHING_QUOTA: u32 = 50;
}

/// A point of the container flow where [`Sandbox::hold_publishing`] holds requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishingHold {
    /// `POST /{user_id}/media`, before the container is made.
    BeforeContainer,
    /// `POST /{user_id}/media`, after the container is made and before its id is answered.
    AfterContainer,
    /// `GET /{container_id}?fields=status_code…`, before it is read.
    StatusRead,
    /// `POST /{user_id}/media_publish`, before anything is published.
    BeforePublish,
    /// `POST /{user_id}/media_publish`, after the post is live and before its id is answered.
    AfterPublish,
}

/// Where a request stands at one of its calls' points: before or after its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Before,
    After,
}

/// The hold point of a request at `stage`, if it is a publishing call.
pub(crate) fn hold_point(parts: &Parts, stage: Stage) -> Option<PublishingHold> {
    let path = parts.uri.path();
    let status_read = parts.method == Method::GET
        && parts
            .uri
            .query()
            .is_some_and(|query| query.contains("status_code"));
    match (&parts.method, stage) {
        (&Method::POST, Stage::Before) if path.ends_with("/media") => {
            Some(PublishingHold::BeforeContainer)
        }
        (&Method::POST, Stage::After) if path.ends_with("/media") => {
            Some(PublishingHold::AfterContainer)
        }
        (&Method::POST, Stage::Before) if path.ends_with("/media_publish") => {
            Some(PublishingHold::BeforePublish)
        }
        (&Method::POST, Stage::After) if path.ends_with("/media_publish") => {
            Some(PublishingHold::AfterPublish)
        }
        (_, Stage::Before) if status_read => Some(PublishingHold::StatusRead),
        _ => None,
    }
}

/// What [`Sandbox::hold_publishing`] holds now, and what its release said.
#[derive(Debug, Clone, Copy)]
struct HoldState {
    at: Option<PublishingHold>,
    /// Whether the requests released last are answered (or closed unanswered).
    answer: bool,
}

/// Publishing requests held at one point of the flow until released, and how many wait.
pub(crate) struct PublishingHolds {
    state: tokio::sync::watch::Sender<HoldState>,
    waiting: std::sync::atomic::AtomicU64,
}

impl PublishingHolds {
    pub(crate) fn new() -> Self {
        Self {
            state: tokio::sync::watch::Sender::new(HoldState {
                at: None,
                answer: true,
            }),
            waiting: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Waits while requests at `point` are held; whether this one goes on (else its
    /// connection is closed unanswered, and the work of a request held before it is not done).
    pub(crate) async fn pass(&self, point: Option<PublishingHold>) -> bool {
        let Some(point) = point else {
            return true;
        };
        let mut state = self.state.subscribe();
        if state.borrow_and_update().at != Some(point) {
            return true;
        }
        self.waiting
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        // The sender lives as long as `self`: this ends on release.
        let released = state.wait_for(|state| state.at != Some(point)).await;
        let answer = released.map_or(true, |state| state.answer);
        self.waiting
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        answer
    }
}

impl Sandbox {
    /// Holds every request that reaches `at` until [`Sandbox::release_publishing`]
    /// ([`Sandbox::held_publishing_requests`] tells when one waits).
    pub fn hold_publishing(&self, at: PublishingHold) {
        self.shared.publishing_holds.state.send_replace(HoldState {
            at: Some(at),
            answer: true,
        });
    }

    /// Lets the held requests go and holds no more: `answer` them, or close their
    /// connections unanswered — for a request held before its work, as if it had never
    /// reached Instagram (a process that died before its call went out).
    pub fn release_publishing(&self, answer: bool) {
        self.shared
            .publishing_holds
            .state
            .send_replace(HoldState { at: None, answer });
    }

    /// How many requests [`Sandbox::hold_publishing`] holds now.
    pub fn held_publishing_requests(&self) -> u64 {
        self.shared
            .publishing_holds
            .waiting
            .load(std::sync::atomic::Ordering::SeqCst)
    }
}
