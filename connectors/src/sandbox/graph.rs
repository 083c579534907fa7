//! The sandbox's Graph endpoints: token check, call accounting (usage header, the one
//! throttled call per token), and the nodes and edges — `/me`, `/me/media`,
//! `/{media}/insights`, `/me/insights`, `/{media}/comments`, `/{comment}/replies`,
//! `/{media}/children`, single media and comment objects, `/me/subscribed_apps`, the
//! actions `POST /{comment}/replies`, `POST /{account}/messages`, `POST /{comment}?hide=…` (their
//! rules are in `actions.rs`), and publishing: `POST /{account}/media`, `GET /{container}`,
//! `POST /{account}/media_publish`, `GET /{account}/content_publishing_limit` (in
//! `publishing.rs`). Posts published through the API are served with the generated ones.
//!
//! Comments are served from the generated account and its [`Activity`] together: a comment
//! index below the account's generated count is a generated comment, above it an added one.
//!
//! Every handler returns the JSON value or a [`GraphError`]; [`serve`] wraps either into a
//! response carrying `x-business-use-case-usage`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use hyper::header::AUTHORIZATION;
use hyper::http::request::Parts;
use hyper::{Method, StatusCode};
use serde_json::{json, Map, Value};
use url::Url;

use super::actions::{self, hidden_now, Activity};
use super::dataset::{
    start_of, DailyAccountInsights, PostKind, SandboxAccount, SandboxComment, SandboxDemographics,
    SandboxPost,
};
use super::publishing;
use super::server::{graph_error, json, param, with_usage, Counters, Resp, Shared};
use super::wire::{
    account_metric_info, decode_cursor, encode_cursor, fields_text, format_time, media_metric_info,
    parse_fields, Field, GraphError, ACCOUNT_METRICS, MEDIA_METRICS,
};

/// Longest `since`..`until` window of `/me/insights`.
const MAX_WINDOW_SECS: i64 = 2_592_000;

/// Serves one Graph request: token, accounting, throttling, dispatch, usage header.
pub(crate) fn serve(
    shared: &Shared,
    parts: &Parts,
    rest: &[&str],
    query: &[(String, String)],
    version: &str,
    body: &[u8],
) -> Resp {
    let Some(token) = token_of(parts, query) else {
        Counters::bump(&shared.counters.other);
        return graph_error(&GraphError::bad_token());
    };
    let index = match shared.check_token(&token) {
        Ok((index, _)) => index,
        Err(e) => {
            Counters::bump(&shared.counters.other);
            return graph_error(&e);
        }
    };
    let Some(account) = shared.accounts.get(index) else {
        return graph_error(&GraphError::bad_token());
    };
    let user_id = account.profile.user_id.as_str();
    let (percent, throttled) = shared.record_graph_call(&token, index);
    if throttled {
        Counters::bump(&shared.counters.throttled);
        let regain = shared.config.throttle_regain.as_secs_f64() / 60.0;
        return with_usage(graph_error(&GraphError::throttled()), user_id, 100, regain);
    }
    let (now, activity) = {
        let live = shared.live();
        (
            live.clock,
            live.activity.get(index).cloned().unwrap_or_default(),
        )
    };
    let ctx = Ctx {
        shared,
        index,
        account,
        token: &token,
        version,
        query,
        now,
        activity,
    };
    let resp = match dispatch(&ctx, &parts.method, rest, body) {
        Ok(value) => json(StatusCode::OK, value.to_string()),
        Err(e) => graph_error(&e),
    };
    with_usage(resp, user_id, percent, 0.0)
}

/// The token from `Authorization: Bearer …` (or `OAuth …`), else from `access_token=`.
fn token_of(parts: &Parts, query: &[(String, String)]) -> Option<String> {
    let from_header = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
                .then(|| token.trim().to_owned())
        });
    from_header
        .or_else(|| param(query, "access_token").map(str::to_owned))
        .filter(|t| !t.is_empty())
}

/// What one request works with.
struct Ctx<'a> {
    shared: &'a Shared,
    index: usize,
    account: &'a SandboxAccount,
    token: &'a str,
    version: &'a str,
    query: &'a [(String, String)],
    /// The sandbox's clock when the request came in: nothing after it exists yet.
    now: Option<DateTime<Utc>>,
    /// The account's activity when the request came in (added comments, hides).
    activity: Activity,
}

impl Ctx<'_> {
    fn is_self(&self, node: &str) -> bool {
        node == "me" || node == self.account.profile.user_id || node == self.account.profile.id
    }

    /// Whether something that happened at `at` exists yet by the sandbox's clock.
    fn exists_at(&self, at: DateTime<Utc>) -> bool {
        self.now.is_none_or(|now| at <= now)
    }

    /// A post of the account that exists yet: generated, or published through the API.
    fn post(&self, id: &str) -> Option<&SandboxPost> {
        let post = match self.shared.index.media.get(id) {
            Some((a, p)) => (*a == self.index).then(|| self.account.posts.get(*p))?,
            None => self.activity.published.iter().find(|p| p.id == id),
        };
        post.filter(|post| self.exists_at(post.timestamp))
    }

    /// The sandbox's now: its clock, else `today` 00:00 UTC.
    fn now(&self) -> DateTime<Utc> {
        self.now
            .unwrap_or_else(|| start_of(self.shared.config.today))
    }

    fn comment(&self, id: &str) -> Option<(usize, &SandboxComment)> {
        let generated = self.account.comments.len();
        let ci = match self.shared.index.comments.get(id) {
            Some((a, c)) => (*a == self.index).then_some(*c)?,
            None => generated + self.activity.added.iter().position(|c| c.id == id)?,
        };
        self.comment_at(ci)
            .map(|c| (ci, c))
            .filter(|(_, comment)| self.exists_at(comment.timestamp))
    }

    /// The comment at an index: generated below the generated count, added above.
    fn comment_at(&self, ci: usize) -> Option<&SandboxComment> {
        let generated = self.account.comments.len();
        match ci.checked_sub(generated) {
            None => self.account.comments.get(ci),
            Some(added) => self.activity.added.get(added),
        }
    }

    /// The indexes of the added comments for which `keep` holds.
    fn added_where(&self, keep: impl Fn(&SandboxComment) -> bool) -> Vec<usize> {
        let generated = self.account.comments.len();
        self.activity
            .added
            .iter()
            .enumerate()
            .filter(|(_, c)| keep(c))
            .map(|(i, _)| generated + i)
            .collect()
    }

    /// Orders comment indexes by time (newest first when `newest_first`). At the same time,
    /// generated comments keep their order by id, and added ones come after generated ones
    /// in the order they were added (counted as later).
    fn sort_by_time(&self, list: &mut [usize], newest_first: bool) {
        let generated = self.account.comments.len();
        list.sort_by(|x, y| {
            let (Some(cx), Some(cy)) = (self.comment_at(*x), self.comment_at(*y)) else {
                return x.cmp(y);
            };
            let (older, newer) = if newest_first { (y, x) } else { (x, y) };
            let by_time = if newest_first {
                cy.timestamp.cmp(&cx.timestamp)
            } else {
                cx.timestamp.cmp(&cy.timestamp)
            };
            by_time.then_with(|| {
                if *x < generated && *y < generated {
                    cx.id.cmp(&cy.id)
                } else {
                    older.cmp(newer)
                }
            })
        });
    }

    /// Whether a comment is hidden now.
    fn is_hidden(&self, comment: &SandboxComment) -> bool {
        hidden_now(&self.activity, comment)
    }

    /// The top-level comments on a post that exist yet, newest first (comment indexes).
    fn top_level_comments(&self, post: &SandboxPost) -> Vec<usize> {
        // A post published through the API has no generated comments.
        let post_index = self.shared.index.media.get(&post.id).map(|(_, p)| *p);
        let mut list = post_index
            .and_then(|p| self.shared.index.top_level.get(self.index)?.get(p))
            .map(|list| self.existing(list))
            .unwrap_or_default();
        let added = self.added_where(|c| c.parent_id.is_none() && c.media_id == post.id);
        if !added.is_empty() {
            list.extend(self.existing(&added));
            self.sort_by_time(&mut list, true);
        }
        list
    }

    /// The replies to a comment that exist yet, oldest first (comment indexes).
    fn replies_to(&self, comment_index: usize) -> Vec<usize> {
        let mut list = self
            .shared
            .index
            .replies
            .get(&(self.index, comment_index))
            .map(|list| self.existing(list))
            .unwrap_or_default();
        let Some(parent) = self.comment_at(comment_index) else {
            return list;
        };
        let added = self.added_where(|c| c.parent_id.as_deref() == Some(parent.id.as_str()));
        if !added.is_empty() {
            list.extend(self.existing(&added));
            self.sort_by_time(&mut list, false);
        }
        list
    }

    fn existing(&self, comment_indexes: &[usize]) -> Vec<usize> {
        comment_indexes
            .iter()
            .copied()
            .filter(|&c| {
                self.comment_at(c)
                    .is_some_and(|comment| self.exists_at(comment.timestamp))
            })
            .collect()
    }

    /// `comments_count` (and the `comments` insight): comments and replies that exist yet.
    fn comments_count(&self, post: &SandboxPost) -> u64 {
        if self.now.is_none() {
            let added = self.activity.added.iter().filter(|c| c.media_id == post.id);
            return post.comments_count + added.count() as u64;
        }
        self.top_level_comments(post)
            .into_iter()
            .map(|c| 1 + self.replies_to(c).len() as u64)
            .sum()
    }

    fn param(&self, name: &str) -> Option<&str> {
        param(self.query, name)
    }

    /// The `fields=` selection, or `default` when absent.
    fn fields(&self, default: &[&str]) -> Result<Vec<Field>, GraphError> {
        match self.param("fields") {
            Some(f) if !f.trim().is_empty() => parse_fields(f),
            _ => Ok(default.iter().map(|n| Field::plain(n)).collect()),
        }
    }

    /// `limit=`: the configured default, at most 50.
    fn limit(&self) -> Result<usize, GraphError> {
        match self.param("limit").map(str::trim) {
            None | Some("") => Ok(self.shared.config.default_page_size.clamp(1, 50)),
            Some(v) => v
                .parse::<usize>()
                .map(|n| n.clamp(1, 50))
                .map_err(|_| GraphError::param("(#100) Param limit must be an integer")),
        }
    }

    /// The start offset from `after=` for a collection.
    fn after(&self, scope: &str) -> Result<usize, GraphError> {
        match self.param("after") {
            None | Some("") => Ok(0),
            Some(c) => decode_cursor(scope, c)
                .ok_or_else(|| GraphError::param("(#100) The after cursor is not valid")),
        }
    }

    /// An absolute URL back to the sandbox carrying the token, like Graph's `paging` links.
    fn link(&self, path: &str, pairs: &[(&str, String)]) -> String {
        let raw = format!("{}/{}/{}", self.shared.base_url, self.version, path);
        match Url::parse(&raw) {
            Ok(mut url) => {
                {
                    let mut q = url.query_pairs_mut();
                    q.append_pair("access_token", self.token);
                    for (k, v) in pairs {
                        q.append_pair(k, v);
                    }
                }
                url.to_string()
            }
            Err(_) => raw,
        }
    }

    /// A page of `total` items: `(start, end, limit)`. With `short_middle`, the page that
    /// starts at `2 * limit` holds only `limit / 2` items although more follow.
    fn page(
        &self,
        scope: &str,
        total: usize,
        short_middle: bool,
    ) -> Result<(usize, usize, usize), GraphError> {
        let limit = self.limit()?;
        let start = self.after(scope)?.min(total);
        let len = if short_middle && start == 2 * limit && start + limit < total {
            (limit / 2).max(1)
        } else {
            limit
        };
        Ok((start, (start + len).min(total), limit))
    }

    /// Graph's `paging` object for a page, or `None` for an empty page.
    fn paging(
        &self,
        scope: &str,
        (start, end, limit): (usize, usize, usize),
        total: usize,
        path: &str,
    ) -> Option<Value> {
        if start >= end {
            return None;
        }
        let after = encode_cursor(scope, end);
        let mut paging = Map::new();
        paging.insert(
            "cursors".into(),
            json!({"before": encode_cursor(scope, start), "after": after}),
        );
        if end < total {
            let mut pairs: Vec<(&str, String)> = Vec::new();
            for name in ["fields", "since", "until"] {
                if let Some(v) = self.param(name) {
                    pairs.push((name, v.to_owned()));
                }
            }
            pairs.push(("limit", limit.to_string()));
            pairs.push(("after", after));
            paging.insert("next".into(), Value::from(self.link(path, &pairs)));
        }
        Some(Value::Object(paging))
    }
}

fn dispatch(
    ctx: &Ctx<'_>,
    method: &Method,
    rest: &[&str],
    body: &[u8],
) -> Result<Value, GraphError> {
    let counters = &ctx.shared.counters;
    let unsupported =
        || GraphError::unsupported(method.as_str(), rest.first().copied().unwrap_or(""));
    match (method, rest) {
        (&Method::GET, [node]) if ctx.is_self(node) => {
            Counters::bump(&counters.profile);
            profile(ctx)
        }
        (&Method::GET, [node]) => {
            Counters::bump(&counters.other);
            if let Some(post) = ctx.post(node) {
                render_media(ctx, post, &ctx.fields(&["id"])?)
            } else if let Some((ci, c)) = ctx.comment(node) {
                render_comment(ctx, ci, c, &ctx.fields(&["id", "text", "timestamp"])?, true)
            } else {
                let fields = ctx.fields(&["id"])?;
                publishing::container_fields(ctx.shared, ctx.index, node, &fields, ctx.now())
                    .unwrap_or_else(|| Err(unsupported()))
            }
        }
        (&Method::GET, [node, "media"]) if ctx.is_self(node) => {
            Counters::bump(&counters.media_pages);
            media_page(ctx)
        }
        (&Method::GET, [node, "insights"]) if ctx.is_self(node) => {
            Counters::bump(&counters.account_insights);
            account_insights(ctx)
        }
        (&Method::GET, [node, "insights"]) => {
            Counters::bump(&counters.media_insights);
            ctx.shared.outage.insights_answered();
            let post = ctx.post(node).ok_or_else(unsupported)?;
            media_insights(ctx, post)
        }
        (&Method::GET, [node, "comments"]) => {
            Counters::bump(&counters.comments);
            let post = ctx.post(node).ok_or_else(unsupported)?;
            comments_page(ctx, post)
        }
        (&Method::GET, [node, "replies"]) => {
            Counters::bump(&counters.comments);
            let (ci, c) = ctx.comment(node).ok_or_else(unsupported)?;
            replies_page(ctx, ci, c)
        }
        (&Method::GET, [node, "children"]) => {
            Counters::bump(&counters.other);
            let post = ctx.post(node).ok_or_else(unsupported)?;
            let fields = ctx.fields(&["id"])?;
            let data = post
                .children
                .iter()
                .map(|c| render_child(post, c, &fields))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(json!({ "data": data }))
        }
        (&Method::POST, [node, "media"]) if ctx.is_self(node) => {
            Counters::bump(&counters.other);
            publishing::create_container(ctx.shared, ctx.index, ctx.query, body)
        }
        (&Method::POST, [node, "media_publish"]) if ctx.is_self(node) => {
            Counters::bump(&counters.other);
            publishing::publish(ctx.shared, ctx.index, ctx.query, body)
        }
        (&Method::GET, [node, "content_publishing_limit"]) if ctx.is_self(node) => {
            Counters::bump(&counters.other);
            let fields = ctx.fields(&["quota_usage"])?;
            publishing::limit(ctx.shared, ctx.index, &fields)
        }
        (&Method::POST, [node, "replies"]) => {
            Counters::bump(&counters.other);
            actions::reply(ctx.shared, ctx.index, node, ctx.query, body)
        }
        (&Method::POST, [node, "messages"]) if ctx.is_self(node) => {
            Counters::bump(&counters.other);
            actions::private_reply(ctx.shared, ctx.index, ctx.query, body)
        }
        (&Method::POST, [node]) if !ctx.is_self(node) => {
            Counters::bump(&counters.other);
            actions::hide(ctx.shared, ctx.index, node, ctx.query, body)
        }
        (&Method::GET | &Method::POST | &Method::DELETE, [node, "subscribed_apps"])
            if ctx.is_self(node) =>
        {
            Counters::bump(&counters.other);
            subscribed_apps(ctx, method)
        }
        _ => {
            Counters::bump(&counters.other);
            Err(unsupported())
        }
    }
}

fn nonexisting(field: &str, node: &str) -> GraphError {
    GraphError::param(format!(
        "(#100) Tried accessing nonexisting field ({field}) on node type ({node})"
    ))
}

/// Graph always includes `id` in an object, requested or not.
fn finish_object(mut m: Map<String, Value>, id: &str) -> Value {
    if !m.contains_key("id") {
        m.insert("id".into(), Value::from(id));
    }
    Value::Object(m)
}

fn profile(ctx: &Ctx<'_>) -> Result<Value, GraphError> {
    let p = &ctx.account.profile;
    let mut m = Map::new();
    for f in ctx.fields(&["id"])? {
        let v = match f.name.as_str() {
            "id" => json!(p.id),
            "user_id" => json!(p.user_id),
            "username" => json!(p.username),
            "name" => json!(p.name),
            "account_type" => json!(p.account_type),
            "profile_picture_url" => json!(p.profile_picture_url),
            "followers_count" => json!(p.followers_count),
            "follows_count" => json!(p.follows_count),
            "media_count" => json!(p.media_count),
            "biography" => json!(p.biography),
            "website" => json!(p.website),
            "has_profile_pic" | "is_published" => json!(true),
            "legacy_instagram_user_id" | "alt_text" | "shopping_product_tag_eligibility" => {
                continue
            }
            other => return Err(nonexisting(other, "IGUser")),
        };
        m.insert(f.name.clone(), v);
    }
    Ok(finish_object(m, &p.id))
}

fn render_media(ctx: &Ctx<'_>, post: &SandboxPost, fields: &[Field]) -> Result<Value, GraphError> {
    let mut m = Map::new();
    for f in fields {
        let v = match f.name.as_str() {
            "id" => json!(post.id),
            "caption" => match &post.caption {
                Some(c) => json!(c),
                None => continue,
            },
            "media_type" => json!(post.kind.media_type()),
            "media_product_type" => json!(post.kind.media_product_type()),
            "media_url" => match &post.media_url {
                Some(u) => json!(u),
                None => continue,
            },
            "thumbnail_url" => match &post.thumbnail_url {
                Some(u) => json!(u),
                None => continue,
            },
            "permalink" => json!(post.permalink),
            "shortcode" => json!(post.shortcode),
            "timestamp" => json!(format_time(post.timestamp)),
            "like_count" => json!(post.like_count),
            "comments_count" => json!(ctx.comments_count(post)),
            "is_shared_to_feed" => match post.is_shared_to_feed {
                Some(b) => json!(b),
                None => continue,
            },
            "is_comment_enabled" => json!(true),
            "username" => json!(ctx.account.profile.username),
            "owner" => json!({"id": ctx.account.profile.user_id}),
            "children" => {
                if post.children.is_empty() {
                    continue;
                }
                let sub = f
                    .children
                    .clone()
                    .unwrap_or_else(|| vec![Field::plain("id")]);
                let data = post
                    .children
                    .iter()
                    .map(|c| render_child(post, c, &sub))
                    .collect::<Result<Vec<_>, _>>()?;
                json!({ "data": data })
            }
            "alt_text"
            | "legacy_instagram_media_id"
            | "copyright_check_information"
            | "boost_ads_list"
            | "boost_eligibility_info"
            | "insights"
            | "collaborators" => continue,
            "comments" => match expanded_comments(ctx, post, f)? {
                Some(page) => page,
                None => continue,
            },
            other => return Err(nonexisting(other, "IGMedia")),
        };
        m.insert(f.name.clone(), v);
    }
    Ok(finish_object(m, &post.id))
}

/// The `comments{…}` expansion of a media item: its first page of top-level comments (each
/// with its replies when asked), Graph's `paging` continuing on `/{media}/comments`; left out
/// when the post has none, as Graph leaves out an empty edge.
fn expanded_comments(
    ctx: &Ctx<'_>,
    post: &SandboxPost,
    field: &Field,
) -> Result<Option<Value>, GraphError> {
    let list = ctx.top_level_comments(post);
    if list.is_empty() {
        return Ok(None);
    }
    let sub = field.children.clone().unwrap_or_else(|| {
        vec![
            Field::plain("id"),
            Field::plain("text"),
            Field::plain("timestamp"),
        ]
    });
    let limit = field
        .limit
        .unwrap_or(ctx.shared.config.default_page_size)
        .clamp(1, 50);
    let end = limit.min(list.len());
    let mut data = Vec::with_capacity(end);
    for &ci in &list[..end] {
        if let Some(c) = ctx.comment_at(ci) {
            data.push(render_comment(ctx, ci, c, &sub, true)?);
        }
    }
    let scope = format!("comments:{}", post.id);
    let after = encode_cursor(&scope, end);
    let mut paging = Map::new();
    paging.insert(
        "cursors".into(),
        json!({"before": encode_cursor(&scope, 0), "after": after}),
    );
    if end < list.len() {
        let pairs = [
            ("fields", fields_text(&sub)),
            ("limit", limit.to_string()),
            ("after", after),
        ];
        paging.insert(
            "next".into(),
            Value::from(ctx.link(&format!("{}/comments", post.id), &pairs)),
        );
    }
    Ok(Some(json!({ "data": data, "paging": paging })))
}

fn render_child(
    post: &SandboxPost,
    child: &super::dataset::SandboxChild,
    fields: &[Field],
) -> Result<Value, GraphError> {
    let mut m = Map::new();
    for f in fields {
        let v = match f.name.as_str() {
            "id" => json!(child.id),
            "media_type" => json!(child.media_type),
            "media_url" => json!(child.media_url),
            "thumbnail_url" => match &child.thumbnail_url {
                Some(u) => json!(u),
                None => continue,
            },
            "timestamp" => json!(format_time(post.timestamp)),
            "permalink" | "shortcode" | "alt_text" => continue,
            other => return Err(nonexisting(other, "IGMedia")),
        };
        m.insert(f.name.clone(), v);
    }
    Ok(finish_object(m, &child.id))
}

fn render_comment(
    ctx: &Ctx<'_>,
    ci: usize,
    c: &SandboxComment,
    fields: &[Field],
    with_replies: bool,
) -> Result<Value, GraphError> {
    let mut m = Map::new();
    for f in fields {
        let v = match f.name.as_str() {
            "id" => json!(c.id),
            "text" => json!(c.text),
            "timestamp" => json!(format_time(c.timestamp)),
            "username" => json!(c.username),
            "like_count" => json!(c.like_count),
            "hidden" => json!(ctx.is_hidden(c)),
            "parent_id" => match &c.parent_id {
                Some(p) => json!(p),
                None => continue,
            },
            "from" => {
                let sub = f
                    .children
                    .clone()
                    .unwrap_or_else(|| vec![Field::plain("id"), Field::plain("username")]);
                let mut from = Map::new();
                for s in sub {
                    match s.name.as_str() {
                        "id" => from.insert("id".into(), json!(c.from_id)),
                        "username" => from.insert("username".into(), json!(c.username)),
                        other => return Err(nonexisting(other, "IGCommentFromUser")),
                    };
                }
                Value::Object(from)
            }
            "media" => {
                let sub = f
                    .children
                    .clone()
                    .unwrap_or_else(|| vec![Field::plain("id")]);
                let kind = ctx
                    .post(&c.media_id)
                    .map(|p| p.kind)
                    .unwrap_or(PostKind::Image);
                let mut media = Map::new();
                for s in sub {
                    match s.name.as_str() {
                        "id" => media.insert("id".into(), json!(c.media_id)),
                        "media_product_type" => media.insert(
                            "media_product_type".into(),
                            json!(kind.media_product_type()),
                        ),
                        "media_type" => media.insert("media_type".into(), json!(kind.media_type())),
                        other => return Err(nonexisting(other, "IGMedia")),
                    };
                }
                Value::Object(media)
            }
            "replies" => {
                if !with_replies {
                    continue;
                }
                let list = ctx.replies_to(ci);
                if list.is_empty() {
                    continue;
                }
                let sub = f.children.clone().unwrap_or_else(|| {
                    vec![
                        Field::plain("id"),
                        Field::plain("text"),
                        Field::plain("timestamp"),
                    ]
                });
                let mut data = Vec::with_capacity(list.len());
                for ri in list {
                    if let Some(r) = ctx.comment_at(ri) {
                        data.push(render_comment(ctx, ri, r, &sub, false)?);
                    }
                }
                json!({ "data": data })
            }
            "user" | "legacy_instagram_comment_id" => continue,
            other => return Err(nonexisting(other, "IGComment")),
        };
        m.insert(f.name.clone(), v);
    }
    Ok(finish_object(m, &c.id))
}

fn parse_unix(ctx: &Ctx<'_>, name: &str) -> Result<Option<i64>, GraphError> {
    let Some(v) = ctx.param(name).map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(n) = v.parse::<i64>() {
        return Ok(Some(n));
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Ok(Some(start_of(d).timestamp())),
        Err(_) => Err(GraphError::param(format!(
            "(#100) Param {name} must be a unix timestamp or a date"
        ))),
    }
}

fn media_page(ctx: &Ctx<'_>) -> Result<Value, GraphError> {
    let fields = ctx.fields(&["id"])?;
    let since = parse_unix(ctx, "since")?;
    let until = parse_unix(ctx, "until")?;
    // Posts published through the API come first (they are the newest), newest first;
    // stories are not in the media list.
    let published = ctx
        .activity
        .published
        .iter()
        .rev()
        .filter(|p| !matches!(p.kind, PostKind::Story { .. }));
    let posts: Vec<&SandboxPost> = published
        .chain(ctx.account.posts.iter())
        .filter(|p| since.is_none_or(|s| p.timestamp.timestamp() >= s))
        .filter(|p| until.is_none_or(|u| p.timestamp.timestamp() <= u))
        .filter(|p| ctx.exists_at(p.timestamp))
        .collect();
    let scope = "media";
    let window = ctx.page(scope, posts.len(), true)?;
    let (start, end, _) = window;
    let data = posts
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|p| render_media(ctx, p, &fields))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Map::new();
    out.insert("data".into(), Value::Array(data));
    let path = format!("{}/media", ctx.account.profile.user_id);
    if let Some(paging) = ctx.paging(scope, window, posts.len(), &path) {
        out.insert("paging".into(), paging);
    }
    Ok(Value::Object(out))
}

fn comments_page(ctx: &Ctx<'_>, post: &SandboxPost) -> Result<Value, GraphError> {
    let fields = ctx.fields(&["id", "text", "timestamp"])?;
    let list = ctx.top_level_comments(post);
    let scope = format!("comments:{}", post.id);
    let window = ctx.page(&scope, list.len(), false)?;
    let (start, end, _) = window;
    let mut data = Vec::with_capacity(end.saturating_sub(start));
    for &ci in list.get(start..end).unwrap_or_default() {
        if let Some(c) = ctx.comment_at(ci) {
            data.push(render_comment(ctx, ci, c, &fields, true)?);
        }
    }
    let mut out = Map::new();
    out.insert("data".into(), Value::Array(data));
    if let Some(paging) = ctx.paging(&scope, window, list.len(), &format!("{}/comments", post.id)) {
        out.insert("paging".into(), paging);
    }
    Ok(Value::Object(out))
}

fn replies_page(ctx: &Ctx<'_>, ci: usize, comment: &SandboxComment) -> Result<Value, GraphError> {
    let fields = ctx.fields(&["id", "text", "timestamp"])?;
    let list = ctx.replies_to(ci);
    let scope = format!("replies:{}", comment.id);
    let window = ctx.page(&scope, list.len(), false)?;
    let (start, end, _) = window;
    let mut data = Vec::with_capacity(end.saturating_sub(start));
    for &ri in list.get(start..end).unwrap_or_default() {
        if let Some(r) = ctx.comment_at(ri) {
            data.push(render_comment(ctx, ri, r, &fields, false)?);
        }
    }
    let mut out = Map::new();
    out.insert("data".into(), Value::Array(data));
    if let Some(paging) = ctx.paging(
        &scope,
        window,
        list.len(),
        &format!("{}/replies", comment.id),
    ) {
        out.insert("paging".into(), paging);
    }
    Ok(Value::Object(out))
}

/// The comma list of `metric=`.
fn metric_list<'q>(ctx: &Ctx<'q>) -> Result<Vec<&'q str>, GraphError> {
    let metrics: Vec<&str> = param(ctx.query, "metric")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    if metrics.is_empty() {
        return Err(GraphError::param("(#100) The parameter metric is required"));
    }
    Ok(metrics)
}

fn check_known(metrics: &[&str], known: &[&str]) -> Result<(), GraphError> {
    match metrics.iter().position(|m| !known.contains(m)) {
        Some(i) => Err(GraphError::param(format!(
            "(#100) metric[{i}] must be one of the following values: {}",
            known.join(", ")
        ))),
        None => Ok(()),
    }
}

/// The value of a media metric for this post, or `None` if the post's type rejects it.
fn media_metric_value(post: &SandboxPost, metric: &str) -> Option<Value> {
    let i = &post.insights;
    match metric {
        "views" => Some(i.views.into()),
        "reach" => Some(i.reach.into()),
        "likes" => Some(i.likes.into()),
        "comments" => Some(i.comments.into()),
        "saved" => Some(i.saved.into()),
        "total_interactions" => Some(i.total_interactions.into()),
        "reposts" => Some(i.reposts.into()),
        "shares" => i.shares.map(Value::from),
        "follows" => i.follows.map(Value::from),
        "profile_visits" => i.profile_visits.map(Value::from),
        "profile_activity" => i.profile_activity.map(Value::from),
        "ig_reels_avg_watch_time" => i.ig_reels_avg_watch_time.map(Value::from),
        "ig_reels_video_view_total_time" => i.ig_reels_video_view_total_time.map(Value::from),
        "reels_skip_rate" => i.reels_skip_rate.map(Value::from),
        // navigation, replies, link_clicks: stories only.
        _ => None,
    }
}

fn media_insights(ctx: &Ctx<'_>, post: &SandboxPost) -> Result<Value, GraphError> {
    let metrics = metric_list(ctx)?;
    check_known(&metrics, &MEDIA_METRICS)?;
    if post.pre_conversion {
        return Err(GraphError::pre_conversion());
    }
    let mut data = Vec::with_capacity(metrics.len());
    for m in metrics {
        let every_image_rejects = ctx.shared.config.every_image_rejects_shares
            && post.kind == PostKind::Image
            && m == "shares";
        let value = match m {
            _ if every_image_rejects => None,
            "comments" => Some(ctx.comments_count(post).into()),
            _ => media_metric_value(post, m),
        }
        .ok_or_else(|| {
            GraphError::media_type(format!(
                "(#100) The metric {m} is not supported for this media type"
            ))
        })?;
        let (title, description) = media_metric_info(m);
        data.push(json!({
            "name": m,
            "period": "lifetime",
            "values": [{"value": value}],
            "title": title,
            "description": description,
            "id": format!("{}/insights/{m}/lifetime", post.id),
        }));
    }
    Ok(json!({ "data": data }))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    /// `reach`: day, time_series or total_value.
    Reach,
    /// day, total_value required.
    TotalOnly,
    /// `follower_count`: day, time_series only.
    Series,
    /// `online_followers`: lifetime, no metric_type.
    Online,
    /// `*_demographics`: lifetime, total_value, timeframe and breakdown required.
    Demographics,
}

fn group(metric: &str) -> Group {
    match metric {
        "reach" => Group::Reach,
        "follower_count" => Group::Series,
        "online_followers" => Group::Online,
        "follower_demographics" | "engaged_audience_demographics" => Group::Demographics,
        _ => Group::TotalOnly,
    }
}

fn day_value(d: &DailyAccountInsights, metric: &str) -> u64 {
    match metric {
        "reach" => d.reach,
        "views" => d.views,
        "accounts_engaged" => d.accounts_engaged,
        "total_interactions" => d.total_interactions,
        "likes" => d.likes,
        "comments" => d.comments,
        "shares" => d.shares,
        "saves" => d.saves,
        "replies" => d.replies,
        "follower_count" => d.follower_count,
        _ => 0,
    }
}

/// How a day metric's total splits over a breakdown dimension, or `None` if the metric does
/// not support that breakdown.
fn breakdown_shares(metric: &str, dimension: &str) -> Option<Vec<(String, f64)>> {
    let shares: &[(&str, f64)] = match (metric, dimension) {
        ("reach", "follow_type") => &[("FOLLOWER", 0.38), ("NON_FOLLOWER", 0.62)],
        ("views", "follower_type" | "follow_type") => &[("FOLLOWER", 0.55), ("NON_FOLLOWER", 0.45)],
        ("reach" | "views", "media_product_type") => {
            &[("REELS", 0.5), ("FEED", 0.35), ("STORY", 0.15)]
        }
        (
            "total_interactions" | "likes" | "comments" | "shares" | "saves",
            "media_product_type",
        ) => &[("FEED", 0.46), ("REELS", 0.44), ("STORY", 0.10)],
        _ => return None,
    };
    Some(shares.iter().map(|(l, s)| ((*l).to_owned(), *s)).collect())
}

fn demographics_list<'d>(
    demo: &'d SandboxDemographics,
    dimension: &str,
) -> Option<&'d [(String, u64)]> {
    match dimension {
        "age" => Some(&demo.ages),
        "gender" => Some(&demo.genders),
        "country" => Some(&demo.countries),
        "city" => Some(&demo.cities),
        _ => None,
    }
}

/// Splits `total` over the cross product of the dimensions; the parts sum to `total`.
fn split(total: u64, dims: &[Vec<(String, f64)>]) -> Vec<(Vec<String>, u64)> {
    let mut combos: Vec<(Vec<String>, f64)> = vec![(Vec::new(), 1.0)];
    for dim in dims {
        combos = combos
            .into_iter()
            .flat_map(|(labels, share)| {
                dim.iter().map(move |(l, s)| {
                    let mut next = labels.clone();
                    next.push(l.clone());
                    (next, share * s)
                })
            })
            .collect();
    }
    let mut out: Vec<(Vec<String>, u64)> = combos
        .into_iter()
        .map(|(l, s)| (l, (total as f64 * s).floor() as u64))
        .collect();
    let assigned: u64 = out.iter().map(|(_, v)| v).sum();
    if let Some(first) = out.first_mut() {
        first.1 += total.saturating_sub(assigned);
    }
    out
}

fn breakdown_json(keys: Vec<String>, results: Vec<(Vec<String>, u64)>) -> Value {
    let results: Vec<Value> = results
        .into_iter()
        .map(|(labels, value)| json!({"dimension_values": labels, "value": value}))
        .collect();
    json!([{ "dimension_keys": keys, "results": results }])
}

fn unknown_error() -> GraphError {
    GraphError {
        code: 1,
        transient: Some(false),
        ..GraphError::param("An unknown error has occurred.")
    }
}

fn account_insights(ctx: &Ctx<'_>) -> Result<Value, GraphError> {
    let metrics = metric_list(ctx)?;
    check_known(&metrics, &ACCOUNT_METRICS)?;
    let period = ctx.param("period").map(str::trim).unwrap_or_default();
    if !matches!(
        period,
        "day" | "week" | "days_28" | "month" | "lifetime" | "total_over_range"
    ) {
        return Err(GraphError::param(
            "(#100) period must be one of the following values: day, week, days_28, month, lifetime, total_over_range",
        ));
    }
    let total_value =
        match ctx.param("metric_type").map(str::trim) {
            None | Some("") | Some("time_series") => false,
            Some("total_value") => true,
            Some(_) => return Err(GraphError::param(
                "(#100) metric_type must be one of the following values: time_series, total_value",
            )),
        };

    // The window: unix seconds (or dates), 24 h before the data's end by default.
    let now = start_of(ctx.account.today).timestamp();
    let (since, until) = match (parse_unix(ctx, "since")?, parse_unix(ctx, "until")?) {
        (None, None) => (now - 86_400, now),
        (Some(s), None) => (s, now),
        (None, Some(u)) => (u.saturating_sub(86_400), u),
        (Some(s), Some(u)) => (s, u),
    };
    if until < since {
        return Err(GraphError::param(
            "(#100) The since parameter must be earlier than the until parameter",
        ));
    }
    if until.saturating_sub(since) > MAX_WINDOW_SECS {
        return Err(GraphError::param(
            "(#100) There cannot be more than 30 days (2592000 s) between since and until.",
        ));
    }

    for m in &metrics {
        let wanted = match group(m) {
            Group::Reach | Group::TotalOnly | Group::Series => "day",
            Group::Online | Group::Demographics => "lifetime",
        };
        if period != wanted {
            return Err(GraphError::param(format!(
                "(#100) The following metric ({m}) is incompatible with the period ({period})"
            )));
        }
    }
    let needs_total: Vec<&str> = metrics
        .iter()
        .copied()
        .filter(|m| matches!(group(m), Group::TotalOnly | Group::Demographics))
        .collect();
    if !total_value && !needs_total.is_empty() {
        return Err(GraphError::param(format!(
            "(#100) The following metrics ({}) should be specified with parameter metric_type=total_value",
            needs_total.join(", ")
        )));
    }
    if total_value {
        if let Some(m) = metrics
            .iter()
            .find(|m| matches!(group(m), Group::Series | Group::Online))
        {
            return Err(GraphError::param(format!(
                "(#100) The following metric ({m}) is incompatible with the metric type (total_value)"
            )));
        }
    }
    let breakdowns: Vec<&str> = ctx
        .param("breakdown")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect();
    if !breakdowns.is_empty() && !total_value {
        return Err(GraphError::param(
            "(#100) Breakdowns are only supported with metric_type=total_value",
        ));
    }
    for m in &metrics {
        for b in &breakdowns {
            let ok = match group(m) {
                Group::Demographics => matches!(*b, "age" | "gender" | "country" | "city"),
                _ => breakdown_shares(m, b).is_some(),
            };
            if !ok {
                return Err(unknown_error());
            }
        }
    }
    let timeframe = if metrics.iter().any(|m| group(m) == Group::Demographics) {
        match ctx.param("timeframe").map(str::trim).unwrap_or_default() {
            "this_month" => Some("THIS_MONTH"),
            "this_week" => Some("THIS_WEEK"),
            t @ ("last_14_days" | "last_30_days" | "last_90_days" | "prev_month") => {
                return Err(GraphError::param(format!(
                    "(#100) The timeframe {t} is not supported since v20.0; use this_week or this_month"
                )))
            }
            "" => {
                return Err(GraphError::param(
                    "(#100) The parameter timeframe is required for demographic metrics",
                ))
            }
            _ => {
                return Err(GraphError::param(
                    "(#100) timeframe must be one of the following values: this_week, this_month",
                ))
            }
        }
    } else {
        None
    };
    if timeframe.is_some() && breakdowns.is_empty() {
        return Err(GraphError::param(
            "(#100) The parameter breakdown is required for demographic metrics",
        ));
    }

    let user_id = &ctx.account.profile.user_id;
    let days: Vec<&DailyAccountInsights> = ctx
        .account
        .daily
        .iter()
        .filter(|d| {
            let t = start_of(d.date).timestamp();
            since <= t && t < until
        })
        .collect();
    let mut data = Vec::with_capacity(metrics.len());
    let mut series = false;
    for m in &metrics {
        let (title, description) = account_metric_info(m);
        let id = format!("{user_id}/insights/{m}/{period}");
        let item = match group(m) {
            Group::Online => {
                let values: Vec<Value> = ctx
                    .account
                    .online_followers
                    .iter()
                    .map(|day| {
                        let by_hour: Map<String, Value> = day
                            .by_hour
                            .iter()
                            .map(|(h, v)| (h.to_string(), Value::from(*v)))
                            .collect();
                        json!({"value": by_hour, "end_time": end_time(day.date)})
                    })
                    .collect();
                json!({"name": m, "period": period, "title": title, "description": description, "values": values, "id": id})
            }
            Group::Demographics => {
                let scale = if *m == "engaged_audience_demographics" {
                    0.12
                } else {
                    1.0
                };
                let results = demographic_results(&ctx.account.demographics, &breakdowns, scale);
                let tf = timeframe.unwrap_or("THIS_MONTH");
                let results = results
                    .into_iter()
                    .map(|(mut labels, v)| {
                        labels.insert(0, tf.to_owned());
                        (labels, v)
                    })
                    .collect();
                let mut keys = vec!["timeframe".to_owned()];
                keys.extend(breakdowns.iter().map(|b| (*b).to_owned()));
                json!({"name": m, "period": period, "title": title, "description": description,
                       "total_value": {"breakdowns": breakdown_json(keys, results)}, "id": id})
            }
            _ if total_value => {
                let total: u64 = days.iter().map(|d| day_value(d, m)).sum();
                let mut tv = Map::new();
                tv.insert("value".into(), Value::from(total));
                if !breakdowns.is_empty() {
                    let dims: Vec<Vec<(String, f64)>> = breakdowns
                        .iter()
                        .filter_map(|b| breakdown_shares(m, b))
                        .collect();
                    let keys = breakdowns.iter().map(|b| (*b).to_owned()).collect();
                    tv.insert(
                        "breakdowns".into(),
                        breakdown_json(keys, split(total, &dims)),
                    );
                }
                json!({"name": m, "period": period, "title": title, "description": description, "total_value": tv, "id": id})
            }
            _ => {
                series = true;
                let values: Vec<Value> = days
                    .iter()
                    .map(|d| json!({"value": day_value(d, m), "end_time": end_time(d.date)}))
                    .collect();
                json!({"name": m, "period": period, "title": title, "description": description, "values": values, "id": id})
            }
        };
        data.push(item);
    }
    let mut out = Map::new();
    out.insert("data".into(), Value::Array(data));
    if series {
        let span = until - since;
        let link = |s: i64, u: i64| {
            let mut pairs: Vec<(&str, String)> =
                vec![("metric", metrics.join(",")), ("period", period.to_owned())];
            if let Some(t) = ctx.param("metric_type") {
                pairs.push(("metric_type", t.to_owned()));
            }
            pairs.push(("since", s.to_string()));
            pairs.push(("until", u.to_string()));
            ctx.link(&format!("{user_id}/insights"), &pairs)
        };
        out.insert(
            "paging".into(),
            json!({
                "previous": link(since.saturating_sub(span), since),
                "next": link(until, until.saturating_add(span)),
            }),
        );
    }
    Ok(Value::Object(out))
}

/// The `end_time` of a UTC day: the next day at 07:00 +0000.
fn end_time(date: NaiveDate) -> String {
    format_time(start_of(date) + Duration::hours(31))
}

/// Demographic buckets for the breakdown dimensions (already validated). One dimension gives
/// the counts themselves; more dimensions split the first one's counts by the others' shares.
fn demographic_results(
    demo: &SandboxDemographics,
    dims: &[&str],
    scale: f64,
) -> Vec<(Vec<String>, u64)> {
    let lists: Vec<&[(String, u64)]> = dims
        .iter()
        .filter_map(|d| demographics_list(demo, d))
        .collect();
    let Some((first, rest)) = lists.split_first() else {
        return Vec::new();
    };
    let shares: Vec<Vec<(String, f64)>> = rest
        .iter()
        .map(|list| {
            let sum: u64 = list.iter().map(|(_, v)| v).sum();
            list.iter()
                .map(|(l, v)| {
                    (
                        l.clone(),
                        if sum == 0 {
                            0.0
                        } else {
                            *v as f64 / sum as f64
                        },
                    )
                })
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (label, count) in first.iter() {
        let base = (*count as f64 * scale).floor() as u64;
        if shares.is_empty() {
            if base > 0 {
                out.push((vec![label.clone()], base));
            }
            continue;
        }
        for (mut labels, v) in split(base, &shares) {
            if v > 0 {
                labels.insert(0, label.clone());
                out.push((labels, v));
            }
        }
    }
    out
}

fn subscribed_apps(ctx: &Ctx<'_>, method: &Method) -> Result<Value, GraphError> {
    let mut live = ctx.shared.live();
    let Some(fields) = live.subscribed.get_mut(ctx.index) else {
        return Err(GraphError::unsupported(method.as_str(), "subscribed_apps"));
    };
    if method == Method::GET {
        if fields.is_empty() {
            return Ok(json!({ "data": [] }));
        }
        return Ok(json!({"data": [{
            "id": ctx.shared.config.app_id,
            "name": "Sandbox app",
            "subscribed_fields": fields.clone(),
        }]}));
    }
    if method == Method::DELETE {
        fields.clear();
        return Ok(json!({ "success": true }));
    }
    let wanted: Vec<String> = param(ctx.query, "subscribed_fields")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect();
    if wanted.is_empty() {
        return Err(GraphError::param(
            "(#100) The parameter subscribed_fields is required",
        ));
    }
    *fields = wanted;
    Ok(json!({ "success": true }))
}
