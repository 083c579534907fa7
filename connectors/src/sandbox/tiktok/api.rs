//! The sandbox TikTok's Display API: `GET /v2/user/info/`, `POST /v2/video/list/` and
//! `POST /v2/video/query/`, in the `{"data","error"}` envelope, with the bearer-token check,
//! the scope rules, the deliberate 429 and `internal_error`, and the list's paging.

use chrono::{DateTime, Utc};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE};
use hyper::http::request::Parts;
use hyper::{Method, StatusCode};
use serde_json::{json, Map, Value};

use super::dataset::{SandboxTikTokUser, TikTokVideoAt};
use super::state::{self, Dead};
use crate::sandbox::server::{json, param, Resp, Shared};

/// `user/info` fields and the scope each needs.
const USER_FIELDS: [(&str, &str); 14] = [
    ("open_id", "user.info.basic"),
    ("union_id", "user.info.basic"),
    ("avatar_url", "user.info.basic"),
    ("avatar_url_100", "user.info.basic"),
    ("avatar_large_url", "user.info.basic"),
    ("display_name", "user.info.basic"),
    ("username", "user.info.profile"),
    ("bio_description", "user.info.profile"),
    ("profile_deep_link", "user.info.profile"),
    ("is_verified", "user.info.profile"),
    ("follower_count", "user.info.stats"),
    ("following_count", "user.info.stats"),
    ("likes_count", "user.info.stats"),
    ("video_count", "user.info.stats"),
];

/// The video fields.
const VIDEO_FIELDS: [&str; 16] = [
    "id",
    "create_time",
    "cover_image_url",
    "share_url",
    "video_description",
    "duration",
    "height",
    "width",
    "title",
    "embed_html",
    "embed_link",
    "like_count",
    "comment_count",
    "share_count",
    "view_count",
    "is_aigc",
];

/// Largest `max_count` and number of `video_ids`.
const MAX_COUNT: u64 = 20;

/// An envelope with `data` and an error (`ok` for success).
fn envelope(status: StatusCode, data: Value, code: &str, message: &str) -> Resp {
    json(
        status,
        json!({
            "data": data,
            "error": {"code": code, "message": message, "log_id": state::log_id()},
        })
        .to_string(),
    )
}

fn ok(data: Value) -> Resp {
    envelope(StatusCode::OK, data, "ok", "")
}

/// A refused data call: its HTTP status, `error.code` and message (an empty `data`).
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl From<ApiError> for Resp {
    fn from(e: ApiError) -> Resp {
        envelope(e.status, json!({}), e.code, &e.message)
    }
}

fn fail(status: StatusCode, code: &'static str, message: &str) -> ApiError {
    ApiError {
        status,
        code,
        message: message.to_owned(),
    }
}

fn invalid_params(message: &str) -> ApiError {
    fail(StatusCode::BAD_REQUEST, "invalid_params", message)
}

/// An unknown `/tiktok/…` path.
pub(crate) fn not_found(shared: &Shared) -> Resp {
    shared.tiktok.live().calls.other += 1;
    Resp::from(fail(
        StatusCode::NOT_FOUND,
        "invalid_params",
        "The requested endpoint does not exist.",
    ))
}

/// Who a data call is for.
struct Caller {
    user: usize,
    scopes: Vec<String>,
    now: DateTime<Utc>,
}

impl Caller {
    fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// The common part of every data call: the method, the token, the deliberate 429 and
/// `internal_error`. The endpoint's counter is bumped by the caller.
fn begin(shared: &Shared, parts: &Parts, method: &Method) -> Result<Caller, ApiError> {
    if parts.method != *method {
        return Err(invalid_params(&format!(
            "This endpoint only accepts {method} requests."
        )));
    }
    let bearer = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let stamp = state::now_stamp(shared);
    let now = state::now(shared);
    let config = &shared.tiktok.config;
    let mut guard = shared.tiktok.live();
    let live = &mut *guard;
    let invalid = |message: &str| fail(StatusCode::UNAUTHORIZED, "access_token_invalid", message);
    let Some(token) = live.access.get_mut(&bearer) else {
        return Err(invalid(
            "The access token is invalid or not found in the request.",
        ));
    };
    match token.dead {
        Some(Dead::Revoked) => {
            return Err(invalid("The access token has been revoked."));
        }
        Some(_) => return Err(invalid("The access token has expired.")),
        None if token.issued.age(stamp) >= config.access_lifetime => {
            return Err(invalid("The access token has expired."));
        }
        None => {}
    }
    token.calls += 1;
    if config.rate_limit_on_call == Some(token.calls) && !token.limited_once {
        token.limited_once = true;
        live.calls.rate_limited += 1;
        return Err(fail(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limit_exceeded",
            "The API rate limit was exceeded. Please try again later.",
        ));
    }
    let caller = Caller {
        user: token.user,
        scopes: token.scopes.clone(),
        now,
    };
    live.data_calls += 1;
    if config.internal_error_on_call == Some(live.data_calls) && !live.internal_error_done {
        live.internal_error_done = true;
        live.calls.internal_errors += 1;
        return Err(fail(
            StatusCode::OK,
            "internal_error",
            "Something went wrong. Please try again later.",
        ));
    }
    Ok(caller)
}

/// Splits `fields=` and checks every name against `known`; missing → `invalid_params`.
fn fields<'a>(query: &'a [(String, String)], known: &[&str]) -> Result<Vec<&'a str>, ApiError> {
    let asked: Vec<&str> = param(query, "fields")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if asked.is_empty() {
        return Err(invalid_params("The fields parameter is required."));
    }
    let unknown: Vec<&str> = asked
        .iter()
        .copied()
        .filter(|f| !known.contains(f))
        .collect();
    if !unknown.is_empty() {
        return Err(invalid_params(&format!(
            "Invalid fields: {}",
            unknown.join(",")
        )));
    }
    Ok(asked)
}

/// `GET /v2/user/info/`.
pub(crate) fn user_info(shared: &Shared, parts: &Parts, query: &[(String, String)]) -> Resp {
    shared.tiktok.live().calls.user_info += 1;
    let caller = match begin(shared, parts, &Method::GET) {
        Ok(c) => c,
        Err(e) => return e.into(),
    };
    let names: Vec<&str> = USER_FIELDS.iter().map(|(n, _)| *n).collect();
    let asked = match fields(query, &names) {
        Ok(a) => a,
        Err(e) => return e.into(),
    };
    let missing: Vec<&str> = asked
        .iter()
        .filter_map(|f| USER_FIELDS.iter().find(|(n, _)| n == f))
        .filter(|(_, scope)| !caller.has(scope))
        .map(|(_, scope)| *scope)
        .collect();
    if let Some(scope) = missing.first() {
        return fail(
            StatusCode::UNAUTHORIZED,
            "scope_permission_missed",
            &format!("The user did not authorize the scope required for this field: {scope}."),
        )
        .into();
    }
    let Some(user) = shared.tiktok.users.get(caller.user) else {
        return fail(
            StatusCode::UNAUTHORIZED,
            "access_token_invalid",
            "Unknown user.",
        )
        .into();
    };
    let profile = user.profile_at(caller.now);
    let avatar = |size: &str| {
        format!(
            "https://p16-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/{}~c5_{size}x{size}.jpeg?x-expires={}",
            profile.open_id.trim_start_matches('-'),
            caller.now.timestamp() + 6 * 3600
        )
    };
    let mut out = Map::new();
    for field in asked {
        let value = match field {
            "open_id" => json!(profile.open_id),
            "union_id" => json!(profile.union_id),
            "avatar_url" => json!(avatar("168")),
            "avatar_url_100" => json!(avatar("100")),
            "avatar_large_url" => json!(avatar("1080")),
            "display_name" => json!(profile.display_name),
            "username" => json!(profile.username),
            "bio_description" => json!(profile.bio_description),
            "profile_deep_link" => json!(format!(
                "https://vm.tiktok.com/sandbox/@{}",
                profile.username
            )),
            "is_verified" => json!(profile.is_verified),
            "follower_count" => json!(profile.follower_count),
            "following_count" => json!(profile.following_count),
            "likes_count" => json!(profile.likes_count),
            "video_count" => json!(profile.video_count),
            _ => continue,
        };
        out.insert(field.to_owned(), value);
    }
    ok(json!({ "user": out }))
}

/// The JSON body of a POST (empty = `{}`), or `invalid_params`.
fn body_json(parts: &Parts, body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let is_json = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"));
    if !is_json {
        return Err(invalid_params("Content-Type must be application/json."));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(invalid_params("The request body must be a JSON object.")),
    }
}

/// A video's JSON with the fields asked.
fn video_json(
    user: &SandboxTikTokUser,
    at: &TikTokVideoAt,
    asked: &[&str],
    now: DateTime<Utc>,
) -> Value {
    let v = &at.video;
    let share_url = format!(
        "https://www.tiktok.com/@{}/video/{}",
        user.spec.username, v.id
    );
    let mut out = Map::new();
    for field in asked {
        let value = match *field {
            "id" => json!(v.id),
            "create_time" => json!(v.create_time()),
            "cover_image_url" => json!(format!(
                "https://p16-sign.tiktokcdn-us.com/obj/tos-useast5-p-0068-tx/{}?x-expires={}&x-signature=sandbox",
                v.id,
                now.timestamp() + 6 * 3600
            )),
            "share_url" => json!(share_url),
            "video_description" => json!(v.description),
            "duration" => json!(v.duration),
            "height" => json!(v.height),
            "width" => json!(v.width),
            "title" => json!(v.title),
            "embed_html" => json!(format!(
                r#"<blockquote class="tiktok-embed" cite="{share_url}" data-video-id="{}"><section></section></blockquote>"#,
                v.id
            )),
            "embed_link" => json!(format!("https://www.tiktok.com/player/v1/{}", v.id)),
            "like_count" => json!(at.counts.likes),
            "comment_count" => json!(at.counts.comments),
            "share_count" => json!(at.counts.shares),
            "view_count" => json!(at.counts.views),
            "is_aigc" => json!(false),
            _ => continue,
        };
        out.insert((*field).to_owned(), value);
    }
    Value::Object(out)
}

/// The checks common to both video endpoints: the scope, then the fields.
fn video_call<'a>(
    shared: &Shared,
    parts: &Parts,
    query: &'a [(String, String)],
) -> Result<(Caller, Vec<&'a str>), ApiError> {
    let caller = begin(shared, parts, &Method::POST)?;
    if !caller.has("video.list") {
        return Err(fail(
            StatusCode::UNAUTHORIZED,
            "scope_not_authorized",
            "The user did not authorize the scope required for completing this request: video.list.",
        ));
    }
    let asked = fields(query, &VIDEO_FIELDS)?;
    Ok((caller, asked))
}

/// `POST /v2/video/list/`.
pub(crate) fn video_list(
    shared: &Shared,
    parts: &Parts,
    query: &[(String, String)],
    body: &[u8],
) -> Resp {
    shared.tiktok.live().calls.video_list += 1;
    let (caller, asked) = match video_call(shared, parts, query) {
        Ok(x) => x,
        Err(e) => return e.into(),
    };
    let body = match body_json(parts, body) {
        Ok(b) => b,
        Err(e) => return e.into(),
    };
    let max_count = match body.get("max_count") {
        None | Some(Value::Null) => 10,
        Some(v) => match v.as_u64().filter(|n| (1..=MAX_COUNT).contains(n)) {
            Some(n) => usize::try_from(n).unwrap_or(10),
            None => return invalid_params("max_count must be an integer from 1 to 20.").into(),
        },
    };
    let cursor = match body.get("cursor") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64().filter(|c| *c >= 0) {
            Some(c) => Some(c),
            None => return invalid_params("cursor must be a non-negative integer (ms).").into(),
        },
    };
    let Some(user) = shared.tiktok.users.get(caller.user) else {
        return invalid_params("Unknown user.").into();
    };
    let videos = user.videos_at(caller.now);
    let start = match cursor {
        None => 0,
        Some(c) => videos
            .iter()
            .position(|v| v.video.create_time_ms() < c)
            .unwrap_or(videos.len()),
    };
    // The awkward short page: the one that starts right after the first `max_count`.
    let size = if start == max_count && max_count > 1 {
        max_count / 2
    } else {
        max_count
    };
    let end = (start + size).min(videos.len());
    let page = &videos[start..end];
    let next_cursor = page
        .last()
        .map(|v| v.video.create_time_ms())
        .or(cursor)
        .unwrap_or(0);
    let list: Vec<Value> = page
        .iter()
        .map(|v| video_json(user, v, &asked, caller.now))
        .collect();
    ok(json!({
        "videos": list,
        "cursor": next_cursor,
        "has_more": end < videos.len(),
    }))
}

/// `POST /v2/video/query/`.
pub(crate) fn video_query(
    shared: &Shared,
    parts: &Parts,
    query: &[(String, String)],
    body: &[u8],
) -> Resp {
    shared.tiktok.live().calls.video_query += 1;
    let (caller, asked) = match video_call(shared, parts, query) {
        Ok(x) => x,
        Err(e) => return e.into(),
    };
    let body = match body_json(parts, body) {
        Ok(b) => b,
        Err(e) => return e.into(),
    };
    let ids: Option<Vec<&str>> = body
        .get("filters")
        .and_then(|f| f.get("video_ids"))
        .and_then(Value::as_array)
        .and_then(|ids| ids.iter().map(Value::as_str).collect());
    let ids = match ids {
        Some(ids) if !ids.is_empty() && ids.len() as u64 <= MAX_COUNT => ids,
        _ => {
            return invalid_params(
                "filters.video_ids must be a list of 1 to 20 video ids (strings).",
            )
            .into()
        }
    };
    let Some(user) = shared.tiktok.users.get(caller.user) else {
        return invalid_params("Unknown user.").into();
    };
    let videos = user.videos_at(caller.now);
    let mut seen: Vec<&str> = Vec::new();
    let mut list = Vec::new();
    for id in ids {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        if let Some(v) = videos.iter().find(|v| v.video.id == id) {
            list.push(video_json(user, v, &asked, caller.now));
        }
    }
    ok(json!({ "videos": list }))
}
