//! [`InstagramClient`]: the `engine::instagram::Instagram` port over HTTP.
//!
//! This file holds the client, its construction, URL building, paging, and the profile, media
//! and comments calls; `insights.rs` adds the insights calls and `oauth.rs` the token calls.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use engine::instagram::{
    AccessToken, Comment, CommentsCursor, DailyInsights, Demographics, Instagram, InstagramLogin,
    ListedComments, LongLivedToken, MediaKind, OnlineFollowers, Post, PostMetrics, Profile,
    ShortLivedToken, SourceError,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::config::InstagramConfig;
use super::errors::Failure;
use super::oauth;
use super::observe::{CallFamily, CallObserver};
use super::transport::{Call, Transport};
use super::wire::{
    count_of, flag_of, id_of, text_of, timestamp_of, CommentWire, MediaWire, Page, ProfileWire,
};

/// Fields asked of `/me`.
const PROFILE_FIELDS: &str =
    "user_id,id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count";
/// Fields asked of `/me/media`.
const MEDIA_FIELDS: &str =
    "id,caption,media_type,media_product_type,permalink,shortcode,timestamp,like_count,comments_count";
/// Fields asked of `/{media}/comments`, replies expanded (`hidden` of top-level comments only).
const COMMENT_FIELDS: &str = "id,text,timestamp,username,from{id,username},like_count,hidden,parent_id,replies{id,text,timestamp,username,from{id,username},like_count,parent_id}";
/// Page size of the comments edge (its reported maximum).
const COMMENT_PAGE_SIZE: &str = "50";
/// How long the client lists media without the `comments` expansion after Instagram refused it.
const EXPANSION_REFUSED_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// The media fields, with each post's first page of comments expanded when `with_comments`.
fn media_fields(with_comments: bool) -> String {
    if with_comments {
        format!("{MEDIA_FIELDS},comments.limit({COMMENT_PAGE_SIZE}){{{COMMENT_FIELDS}}}")
    } else {
        MEDIA_FIELDS.to_owned()
    }
}
/// A safety stop for paging loops (the media edge returns at most 10 000 items).
const MAX_PAGES: usize = 2_000;

/// Why an [`InstagramClient`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientBuildError {
    /// A configuration value is unusable.
    #[error("invalid Instagram configuration: {0}")]
    InvalidConfig(String),
    /// The HTTP client could not be created (TLS setup).
    #[error("cannot create the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// The Instagram Graph API and OAuth client. Cheap to clone (shared state).
///
/// It paces itself by the usage headers, retries transient failures and throttling within
/// `max_attempts`, and never logs URLs, bodies or tokens.
#[derive(Debug, Clone)]
pub struct InstagramClient {
    pub(crate) transport: Arc<Transport>,
    /// Metrics Instagram keeps rejecting for an account's posts of a type (a day).
    pub(crate) rejected: Arc<super::rejected::RejectedMetrics>,
    /// When Instagram last refused the `comments` expansion of the media list: the list is
    /// then read without it for [`EXPANSION_REFUSED_FOR`].
    expansion_refused_at: Arc<Mutex<Option<Instant>>>,
}

impl InstagramClient {
    /// Builds a client from a configuration.
    pub fn new(config: InstagramConfig) -> Result<Self, ClientBuildError> {
        Self::build(config, None)
    }

    /// Builds a client that tells `observer` how each request it sends ends.
    pub fn observed(
        config: InstagramConfig,
        observer: Arc<dyn CallObserver>,
    ) -> Result<Self, ClientBuildError> {
        Self::build(config, Some(observer))
    }

    fn build(
        config: InstagramConfig,
        observer: Option<Arc<dyn CallObserver>>,
    ) -> Result<Self, ClientBuildError> {
        config.validate().map_err(ClientBuildError::InvalidConfig)?;
        let transport = Transport::new(config, observer).map_err(ClientBuildError::Http)?;
        Ok(Self {
            transport: Arc::new(transport),
            rejected: Arc::default(),
            expansion_refused_at: Arc::default(),
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &InstagramConfig {
        &self.transport.config
    }

    /// `{graph_url}/{graph_version}/{segments…}` (each segment percent-encoded).
    pub(crate) fn api_url(&self, segments: &[&str]) -> Url {
        let config = &self.transport.config;
        let mut url = config.graph_url.clone();
        url.set_query(None);
        url.set_fragment(None);
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty()
                .push(config.graph_version.trim())
                .extend(segments);
        }
        url
    }

    /// One GET of `family` with the bearer token; the raw body or the classified failure.
    pub(crate) async fn get_raw(
        &self,
        family: CallFamily,
        url: Url,
        token: &AccessToken,
    ) -> Result<Vec<u8>, Failure> {
        self.transport
            .execute(&Call::bearer_get(family, url, token))
            .await
    }

    /// One GET of `family` with the bearer token, parsed.
    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        family: CallFamily,
        url: Url,
        token: &AccessToken,
        what: &str,
    ) -> Result<T, SourceError> {
        let body = self.get_raw(family, url, token).await?;
        parse_body(&body, what)
    }

    /// Every item of a paged edge, following `paging.next` until it is absent.
    pub(crate) async fn all_pages(
        &self,
        family: CallFamily,
        first: Url,
        token: &AccessToken,
        what: &str,
    ) -> Result<Vec<Value>, SourceError> {
        self.pages_until(family, first, token, what, |_| false)
            .await
    }

    /// Like [`Self::all_pages`], but stops after the first page for which `enough` holds.
    pub(crate) async fn pages_until(
        &self,
        family: CallFamily,
        first: Url,
        token: &AccessToken,
        what: &str,
        enough: impl Fn(&[Value]) -> bool,
    ) -> Result<Vec<Value>, SourceError> {
        let mut items = Vec::new();
        let mut url = first;
        let mut seen = HashSet::new();
        for _ in 0..MAX_PAGES {
            let page: Page = self.get_json(family, url, token, what).await?;
            let next = page.next().map(str::to_owned);
            let data = page.data.unwrap_or_default();
            let stop = enough(&data);
            items.extend(data);
            let Some(next) = next.filter(|_| !stop) else {
                return Ok(items);
            };
            url = self.next_url(&next, &mut seen)?;
        }
        Err(SourceError::Malformed {
            reason: format!("{what}: more than {MAX_PAGES} pages"),
        })
    }

    /// Checks a `paging.next` URL: it must parse, stay on the Graph host (it will get the
    /// bearer token), and not repeat (a loop).
    fn next_url(&self, next: &str, seen: &mut HashSet<u64>) -> Result<Url, SourceError> {
        let url = Url::parse(next).map_err(|_| SourceError::Malformed {
            reason: "paging.next is not a URL".to_owned(),
        })?;
        if url.origin() != self.transport.config.graph_url.origin() {
            return Err(SourceError::Malformed {
                reason: "paging.next points outside the Graph host".to_owned(),
            });
        }
        let mut hasher = DefaultHasher::new();
        url.as_str().hash(&mut hasher);
        if !seen.insert(hasher.finish()) {
            return Err(SourceError::Malformed {
                reason: "paging.next repeats a page already read".to_owned(),
            });
        }
        Ok(url)
    }

    async fn fetch_profile(&self, token: &AccessToken) -> Result<Profile, SourceError> {
        let mut url = self.api_url(&["me"]);
        url.query_pairs_mut().append_pair("fields", PROFILE_FIELDS);
        let wire: ProfileWire = self
            .get_json(CallFamily::Profile, url, token, "profile")
            .await?;
        let app_scoped_id = id_of(wire.id.as_ref());
        let user_id = id_of(wire.user_id.as_ref())
            .or_else(|| app_scoped_id.clone())
            .ok_or_else(|| SourceError::Malformed {
                reason: "the profile has neither user_id nor id".to_owned(),
            })?;
        Ok(Profile {
            app_scoped_id: app_scoped_id.unwrap_or_else(|| user_id.clone()),
            user_id,
            username: text_of(wire.username.as_ref())
                .map(|u| u.trim().trim_start_matches('@').to_owned())
                .unwrap_or_default(),
            name: text_of(wire.name.as_ref()).filter(|n| !n.trim().is_empty()),
            account_type: text_of(wire.account_type.as_ref())
                .map(|t| t.trim().to_ascii_uppercase()),
            followers_count: count_of(wire.followers_count.as_ref()).unwrap_or_default(),
            follows_count: count_of(wire.follows_count.as_ref()).unwrap_or_default(),
            media_count: count_of(wire.media_count.as_ref()).unwrap_or_default(),
        })
    }

    /// Whether the media list is asked with each post's first page of comments.
    fn expands_comments(&self) -> bool {
        let refused_at = *self
            .expansion_refused_at
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        refused_at.is_none_or(|at| at.elapsed() >= EXPANSION_REFUSED_FOR)
    }

    /// Reads the media list with `read` (given the fields to ask), with comments expanded
    /// unless Instagram refused that lately. A refusal (a permanent error, such as code 100
    /// for a field it does not know) is answered by reading the list again without the
    /// expansion; when that works, the refusal is remembered. Each post carries its comments
    /// when the list did.
    async fn listing<F, Fut>(&self, read: F) -> Result<Vec<Post>, SourceError>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<Vec<Value>, SourceError>>,
    {
        if self.expands_comments() {
            match read(media_fields(true)).await {
                Ok(items) => {
                    return Ok(items
                        .into_iter()
                        .filter_map(|item| post_of(item, true))
                        .collect())
                }
                Err(SourceError::Permanent { code, .. }) => {
                    let items = read(media_fields(false)).await?;
                    tracing::info!(
                        code,
                        "instagram refused the comments expansion of the media list; listing without it for a day"
                    );
                    *self
                        .expansion_refused_at
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Instant::now());
                    return Ok(items
                        .into_iter()
                        .filter_map(|item| post_of(item, false))
                        .collect());
                }
                Err(error) => return Err(error),
            }
        }
        let items = read(media_fields(false)).await?;
        Ok(items
            .into_iter()
            .filter_map(|item| post_of(item, false))
            .collect())
    }

    async fn fetch_posts(&self, token: &AccessToken) -> Result<Vec<Post>, SourceError> {
        self.listing(|fields| async move {
            let mut url = self.api_url(&["me", "media"]);
            url.query_pairs_mut()
                .append_pair("fields", &fields)
                .append_pair("limit", &self.transport.config.page_size.to_string());
            self.all_pages(CallFamily::Media, url, token, "media list")
                .await
        })
        .await
    }

    /// The newest media down to `since`: pages are read until one reaches an item published
    /// before `since` (the edge lists newest first), so a scheduled sync reads one page.
    async fn fetch_posts_since(
        &self,
        token: &AccessToken,
        since: DateTime<Utc>,
    ) -> Result<Vec<Post>, SourceError> {
        let reaches_since = |page: &[Value]| {
            page.iter().any(|item| {
                timestamp_of(item.get("timestamp")).is_some_and(|published| published < since)
            })
        };
        let posts = self
            .listing(|fields| async move {
                let mut url = self.api_url(&["me", "media"]);
                url.query_pairs_mut()
                    .append_pair("fields", &fields)
                    .append_pair("limit", &self.transport.config.page_size.to_string());
                self.pages_until(CallFamily::Media, url, token, "media list", reaches_since)
                    .await
            })
            .await?;
        Ok(posts
            .into_iter()
            .filter(|post| post.published_at >= since)
            .collect())
    }

    async fn fetch_comments(
        &self,
        token: &AccessToken,
        post_id: &str,
    ) -> Result<Vec<Comment>, SourceError> {
        let mut url = self.api_url(&[post_id, "comments"]);
        url.query_pairs_mut()
            .append_pair("fields", COMMENT_FIELDS)
            .append_pair("limit", COMMENT_PAGE_SIZE);
        self.comments_from(url, post_id, token).await
    }

    /// The comments after a first page the media list carried: `after` is that page's
    /// `paging.next`, checked like any other.
    async fn fetch_more_comments(
        &self,
        token: &AccessToken,
        post_id: &str,
        after: &CommentsCursor,
    ) -> Result<Vec<Comment>, SourceError> {
        let url = self.next_url(after.as_str(), &mut HashSet::new())?;
        self.comments_from(url, post_id, token).await
    }

    /// The comments of the pages from `first` on, their replies flattened in; reply pages
    /// beyond the expanded first one are read.
    async fn comments_from(
        &self,
        first: Url,
        post_id: &str,
        token: &AccessToken,
    ) -> Result<Vec<Comment>, SourceError> {
        let items = self
            .all_pages(CallFamily::Comments, first, token, "comments")
            .await?;
        let mut comments = Vec::new();
        for item in items {
            let Some(thread) = thread_of(item, post_id) else {
                continue;
            };
            let parent = thread.comments[0].id.clone();
            comments.extend(thread.comments);
            if let Some(next) = thread.more_replies {
                let next = self.next_url(&next, &mut HashSet::new())?;
                let rest = self
                    .all_pages(CallFamily::Comments, next, token, "comment replies")
                    .await?;
                comments.extend(replies_of(rest, post_id, &parent));
            }
        }
        Ok(comments)
    }
}

/// Parses a JSON body into `T`, or `Malformed` naming `what`.
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, SourceError> {
    serde_json::from_slice(body).map_err(|e| SourceError::Malformed {
        reason: format!("{what}: {}", describe_json_error(&e)),
    })
}

/// A short description of a serde_json error that quotes nothing from the body.
fn describe_json_error(error: &serde_json::Error) -> String {
    let kind = match error.classify() {
        serde_json::error::Category::Io => "unreadable body",
        serde_json::error::Category::Syntax => "not valid JSON",
        serde_json::error::Category::Data => "unexpected JSON shape",
        serde_json::error::Category::Eof => "truncated JSON",
    };
    format!("{kind} (line {}, column {})", error.line(), error.column())
}

/// A media item, or `None` (logged) when it cannot be used. `expanded`: the list was asked
/// with its comments.
fn post_of(item: Value, expanded: bool) -> Option<Post> {
    let wire = serde_json::from_value::<MediaWire>(item).ok()?;
    let Some(id) = id_of(wire.id.as_ref()) else {
        tracing::debug!("skipping a media item without an id");
        return None;
    };
    let media_type = text_of(wire.media_type.as_ref()).unwrap_or_default();
    let product_type = text_of(wire.media_product_type.as_ref());
    let Some(kind) = MediaKind::from_graph(&media_type, product_type.as_deref()) else {
        tracing::debug!(media_id = %id, media_type = %media_type, "skipping media of an unknown type");
        return None;
    };
    let Some(published_at) = timestamp_of(wire.timestamp.as_ref()) else {
        tracing::debug!(media_id = %id, "skipping a media item without a readable timestamp");
        return None;
    };
    let comments_count = count_of(wire.comments_count.as_ref());
    let listed_comments = if expanded {
        listed_comments_of(wire.comments.as_ref(), &id, comments_count)
    } else {
        None
    };
    Some(Post {
        caption: text_of(wire.caption.as_ref()),
        permalink: text_of(wire.permalink.as_ref()),
        published_at,
        like_count: count_of(wire.like_count.as_ref()),
        comments_count,
        listed_comments,
        id,
        kind,
    })
}

/// The comments a listed post carried in its `comments{…}` expansion. Graph leaves an edge
/// without items out, so a post without the field has none when its count says 0; with a
/// count above 0 (or none), the list did not carry them (an API that ignores the expansion)
/// and they must be asked. A reply page that continues also makes them be asked whole.
fn listed_comments_of(
    expansion: Option<&Value>,
    post_id: &str,
    comments_count: Option<u64>,
) -> Option<ListedComments> {
    let Some(expansion) = expansion else {
        return (comments_count == Some(0)).then(ListedComments::default);
    };
    let page = serde_json::from_value::<Page>(expansion.clone()).ok()?;
    let more = page.next().map(CommentsCursor::new);
    let mut comments = Vec::new();
    for item in page.data.unwrap_or_default() {
        let Some(thread) = thread_of(item, post_id) else {
            continue;
        };
        if thread.more_replies.is_some() {
            return None;
        }
        comments.extend(thread.comments);
    }
    Some(ListedComments { comments, more })
}

/// A top-level comment with the replies its item carried.
struct Thread {
    /// The comment first, then its replies (with `parent_id`).
    comments: Vec<Comment>,
    /// The `paging.next` of its replies, when there are more than the item carried.
    more_replies: Option<String>,
}

/// A top-level comment item read with its expanded replies, or `None` (logged) when the
/// comment cannot be used.
fn thread_of(item: Value, post_id: &str) -> Option<Thread> {
    let Ok(wire) = serde_json::from_value::<CommentWire>(item) else {
        tracing::debug!("skipping a comment that is not an object");
        return None;
    };
    let top = comment_of(&wire, post_id, None)?;
    let parent = top.id.clone();
    let mut comments = vec![top];
    let mut more_replies = None;
    if let Some(replies) = wire.replies {
        more_replies = replies.next().map(str::to_owned);
        comments.extend(replies_of(
            replies.data.unwrap_or_default(),
            post_id,
            &parent,
        ));
    }
    Some(Thread {
        comments,
        more_replies,
    })
}

/// Reply items as comments answering `parent`; items that are not comments are skipped.
fn replies_of(items: Vec<Value>, post_id: &str, parent: &str) -> Vec<Comment> {
    items
        .into_iter()
        .filter_map(|reply| serde_json::from_value::<CommentWire>(reply).ok())
        .filter_map(|reply| comment_of(&reply, post_id, Some(parent)))
        .collect()
}

/// A comment, or `None` (logged) without id or timestamp. `parent` is set for replies.
fn comment_of(wire: &CommentWire, post_id: &str, parent: Option<&str>) -> Option<Comment> {
    let Some(id) = id_of(wire.id.as_ref()) else {
        tracing::debug!("skipping a comment without an id");
        return None;
    };
    let Some(published_at) = timestamp_of(wire.timestamp.as_ref()) else {
        tracing::debug!(comment_id = %id, "skipping a comment without a readable timestamp");
        return None;
    };
    let from = wire.from.as_ref();
    Some(Comment {
        id,
        post_id: post_id.to_owned(),
        parent_id: parent
            .map(str::to_owned)
            .or_else(|| id_of(wire.parent_id.as_ref())),
        author_id: from.and_then(|f| id_of(f.id.as_ref())),
        author_username: from
            .and_then(|f| text_of(f.username.as_ref()))
            .or_else(|| text_of(wire.username.as_ref())),
        text: text_of(wire.text.as_ref()).unwrap_or_default(),
        published_at,
        like_count: count_of(wire.like_count.as_ref()),
        hidden: flag_of(wire.hidden.as_ref()),
    })
}

#[async_trait]

impl InstagramLogin for InstagramClient {
    fn authorize_url(&self, state: &str) -> String {
        oauth::authorize_url(&self.transport, state)
    }

    async fn exchange_code(&self, code: &str) -> Result<ShortLivedToken, SourceError> {
        oauth::exchange_code(&self.transport, code).await
    }

    async fn long_lived_token(&self, short: &AccessToken) -> Result<LongLivedToken, SourceError> {
        oauth::long_lived_token(&self.transport, short).await
    }

    async fn refresh_token(&self, token: &AccessToken) -> Result<LongLivedToken, SourceError> {
        oauth::refresh_token(&self.transport, token).await
    }
}

#[async_trait]
impl Instagram for InstagramClient {
    async fn profile(&self, token: &AccessToken) -> Result<Profile, SourceError> {
        self.fetch_profile(token).await
    }

    async fn posts(&self, token: &AccessToken) -> Result<Vec<Post>, SourceError> {
        self.fetch_posts(token).await
    }

    async fn posts_since(
        &self,
        token: &AccessToken,
        since: DateTime<Utc>,
    ) -> Result<Vec<Post>, SourceError> {
        self.fetch_posts_since(token, since).await
    }

    async fn post_insights(
        &self,
        token: &AccessToken,
        post: &Post,
    ) -> Result<PostMetrics, SourceError> {
        self.fetch_post_insights(token, post).await
    }

    async fn daily_insights(
        &self,
        token: &AccessToken,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<DailyInsights>, SourceError> {
        self.fetch_daily_insights(token, first, last).await
    }

    async fn online_followers(
        &self,
        token: &AccessToken,
    ) -> Result<Vec<OnlineFollowers>, SourceError> {
        self.fetch_online_followers(token).await
    }

    async fn demographics(&self, token: &AccessToken) -> Result<Demographics, SourceError> {
        self.fetch_demographics(token).await
    }

    async fn comments(
        &self,
        token: &AccessToken,
        post_id: &str,
    ) -> Result<Vec<Comment>, SourceError> {
        self.fetch_comments(token, post_id).await
    }

    async fn more_comments(
        &self,
        token: &AccessToken,
        post_id: &str,
        after: &CommentsCursor,
    ) -> Result<Vec<Comment>, SourceError> {
        self.fetch_more_comments(token, post_id, after).await
    }

    fn paused_for(&self, token: &AccessToken) -> Option<std::time::Duration> {
        let pacer = &self.transport.pacer;
        pacer.remaining(pacer.fingerprint(token.expose()))
    }
}
