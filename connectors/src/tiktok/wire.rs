//! Private serde shapes of TikTok's answers, and the readers that turn them into engine
//! types at the edge.
//!
//! Fields are optional and read from `serde_json::Value` so that one odd field never fails a
//! whole page; a video's `id` is read from the raw JSON text, so that a bare number beyond
//! 2^53 (or even `u64::MAX`) stays exact. A video without an id or a readable `create_time`
//! is skipped, not fatal; a count TikTok did not give is `None`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use engine::tiktok::{
    AccessToken, RefreshToken, SourceError, TikTokProfile, TikTokTokens, TikTokVideo,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// The token answer: flat, or the same fields wrapped in `{"data":{…}}`.
#[derive(Debug, Deserialize)]
struct TokenWire {
    #[serde(default)]
    access_token: Option<Value>,
    #[serde(default)]
    expires_in: Option<Value>,
    #[serde(default)]
    open_id: Option<Value>,
    #[serde(default)]
    refresh_expires_in: Option<Value>,
    #[serde(default)]
    refresh_token: Option<Value>,
    #[serde(default)]
    scope: Option<Value>,
    #[serde(default)]
    data: Option<Box<TokenWire>>,
}

/// Reads a token answer (`POST /v2/oauth/token/`).
pub(crate) fn tokens_of(body: &[u8]) -> Result<TikTokTokens, SourceError> {
    let wire = serde_json::from_slice::<TokenWire>(body)
        .map_err(|_| malformed("the token answer is not the expected JSON object"))?;
    let fields = match wire.data {
        Some(data) if wire.access_token.is_none() => *data,
        _ => wire,
    };
    let access = text_of(fields.access_token.as_ref())
        .ok_or_else(|| malformed("the token answer has no access_token"))?;
    let refresh = text_of(fields.refresh_token.as_ref())
        .ok_or_else(|| malformed("the token answer has no refresh_token"))?;
    let open_id = text_of(fields.open_id.as_ref())
        .ok_or_else(|| malformed("the token answer has no open_id"))?;
    let expires_in = count_of(fields.expires_in.as_ref())
        .ok_or_else(|| malformed("the token answer has no expires_in"))?;
    let refresh_expires_in = count_of(fields.refresh_expires_in.as_ref())
        .ok_or_else(|| malformed("the token answer has no refresh_expires_in"))?;
    Ok(TikTokTokens {
        access: AccessToken::new(access),
        expires_in: Duration::from_secs(expires_in),
        refresh: RefreshToken::new(refresh),
        refresh_expires_in: Duration::from_secs(refresh_expires_in),
        open_id,
        scopes: scopes_of(fields.scope.as_ref()),
    })
}

/// `{"data": T}`: the envelope of the data endpoints (the error part is checked before).
#[derive(Debug, Deserialize)]
struct DataWire<T> {
    data: T,
}

#[derive(Debug, Deserialize)]
struct UserData {
    #[serde(default)]
    user: Option<UserWire>,
}

#[derive(Debug, Deserialize)]
struct UserWire {
    #[serde(default)]
    open_id: Option<Value>,
    #[serde(default)]
    display_name: Option<Value>,
    #[serde(default)]
    username: Option<Value>,
    #[serde(default)]
    follower_count: Option<Value>,
    #[serde(default)]
    following_count: Option<Value>,
    #[serde(default)]
    likes_count: Option<Value>,
    #[serde(default)]
    video_count: Option<Value>,
}

/// Reads `GET /v2/user/info/`: `data.user`.
pub(crate) fn profile_of(body: &[u8]) -> Result<TikTokProfile, SourceError> {
    let wire = serde_json::from_slice::<DataWire<UserData>>(body)
        .map_err(|_| malformed("the user info answer is not the expected JSON object"))?;
    let user = wire
        .data
        .user
        .ok_or_else(|| malformed("the user info answer has no data.user"))?;
    Ok(TikTokProfile {
        open_id: text_of(user.open_id.as_ref()).unwrap_or_default(),
        display_name: text_of(user.display_name.as_ref()),
        username: text_of(user.username.as_ref())
            .map(|u| u.trim().trim_start_matches('@').to_owned())
            .filter(|u| !u.is_empty()),
        follower_count: count_of(user.follower_count.as_ref()),
        following_count: count_of(user.following_count.as_ref()),
        likes_count: count_of(user.likes_count.as_ref()),
        video_count: count_of(user.video_count.as_ref()),
    })
}

#[derive(Debug, Deserialize)]
struct VideosData {
    #[serde(default)]
    videos: Option<Vec<Box<RawValue>>>,
    #[serde(default)]
    cursor: Option<Value>,
    #[serde(default)]
    has_more: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct VideoWire {
    #[serde(default)]
    id: Option<Box<RawValue>>,
    #[serde(default)]
    title: Option<Value>,
    #[serde(default)]
    video_description: Option<Value>,
    #[serde(default)]
    create_time: Option<Value>,
    #[serde(default)]
    duration: Option<Value>,
    #[serde(default)]
    share_url: Option<Value>,
    #[serde(default)]
    view_count: Option<Value>,
    #[serde(default)]
    like_count: Option<Value>,
    #[serde(default)]
    comment_count: Option<Value>,
    #[serde(default)]
    share_count: Option<Value>,
}

/// What a video list or query answer holds.
#[derive(Debug)]
pub(crate) struct Videos {
    /// The readable videos, in TikTok's order.
    pub(crate) videos: Vec<TikTokVideo>,
    /// `data.cursor`.
    pub(crate) cursor: Option<i64>,
    /// `data.has_more` (absent: false).
    pub(crate) has_more: bool,
}

/// Reads `POST /v2/video/list/` or `/v2/video/query/`: `data.videos` (+ `cursor`,
/// `has_more`).
pub(crate) fn videos_of(body: &[u8]) -> Result<Videos, SourceError> {
    let wire = serde_json::from_slice::<DataWire<VideosData>>(body)
        .map_err(|_| malformed("the video answer is not the expected JSON object"))?;
    let data = wire.data;
    let mut videos = Vec::new();
    for raw in data.videos.unwrap_or_default() {
        match serde_json::from_str::<VideoWire>(raw.get())
            .ok()
            .and_then(video_of)
        {
            Some(video) => videos.push(video),
            None => tracing::debug!("skipping a tiktok video without a readable id or time"),
        }
    }
    Ok(Videos {
        videos,
        cursor: signed_of(data.cursor.as_ref()),
        has_more: matches!(data.has_more, Some(Value::Bool(true))),
    })
}

fn video_of(wire: VideoWire) -> Option<TikTokVideo> {
    let id = id_of_raw(wire.id.as_deref())?;
    let seconds = signed_of(wire.create_time.as_ref())?;
    Some(TikTokVideo {
        id,
        title: text_of(wire.title.as_ref()),
        description: text_of(wire.video_description.as_ref()),
        created_at: DateTime::<Utc>::from_timestamp(seconds, 0)?,
        duration_seconds: count_of(wire.duration.as_ref()).and_then(|d| u32::try_from(d).ok()),
        share_url: text_of(wire.share_url.as_ref()),
        views: count_of(wire.view_count.as_ref()),
        likes: count_of(wire.like_count.as_ref()),
        comments: count_of(wire.comment_count.as_ref()),
        shares: count_of(wire.share_count.as_ref()),
    })
}

fn malformed(reason: &str) -> SourceError {
    SourceError::Malformed {
        reason: reason.to_owned(),
    }
}

/// An id from raw JSON text: a string, or an integer literal of any size, kept exactly.
fn id_of_raw(raw: Option<&RawValue>) -> Option<String> {
    let text = raw?.get().trim();
    if text.starts_with('"') {
        let s = serde_json::from_str::<String>(text).ok()?;
        let s = s.trim();
        return (!s.is_empty()).then(|| s.to_owned());
    }
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.to_owned())
}

/// Non-empty text from a JSON string.
fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A non-negative count: an integer, or a numeric string. Floats and negatives are refused.
fn count_of(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A signed integer (a time), or a numeric string.
fn signed_of(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The granted scopes: comma-separated on the wire (an array is accepted too).
fn scopes_of(value: Option<&Value>) -> Vec<String> {
    let parts: Vec<&str> = match value {
        Some(Value::String(s)) => s.split(',').collect(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_ids_stay_exact_and_odd_ones_are_refused() {
        let raw = |text: &str| serde_json::from_str::<Box<RawValue>>(text).ok();
        let id = |text: &str| id_of_raw(raw(text).as_deref());
        assert_eq!(
            id("7077642457847994444").as_deref(),
            Some("7077642457847994444")
        );
        assert_eq!(
            id("123456789012345678901234567890").as_deref(),
            Some("123456789012345678901234567890")
        );
        assert_eq!(id("\" 42 \"").as_deref(), Some("42"));
        for odd in ["1.5", "-3", "\"\"", "null", "{}"] {
            assert_eq!(id(odd), None, "{odd}");
        }
    }

    #[test]
    fn counts_are_none_when_absent_or_odd() {
        assert_eq!(count_of(Some(&serde_json::json!(12))), Some(12));
        assert_eq!(count_of(Some(&serde_json::json!("12"))), Some(12));
        assert_eq!(count_of(Some(&serde_json::json!(-1))), None);
        assert_eq!(count_of(Some(&serde_json::json!(null))), None);
        assert_eq!(count_of(None), None);
    }

    #[test]
    fn a_video_without_id_or_time_is_skipped_not_fatal() {
        let body = br#"{"data":{"videos":[{"id":"1","create_time":1647000000},{"title":"no id","create_time":1},{"id":"3"},7],"has_more":false}}"#;
        let videos = videos_of(body).map(|v| v.videos);
        assert_eq!(
            videos.map(|v| v.into_iter().map(|v| v.id).collect::<Vec<_>>()),
            Ok(vec!["1".to_owned()])
        );
    }

    #[test]
    fn scopes_from_a_string_or_an_array() {
        assert_eq!(
            scopes_of(Some(&serde_json::json!("user.info.basic, video.list,"))),
            ["user.info.basic", "video.list"]
        );
        assert_eq!(
            scopes_of(Some(&serde_json::json!(["video.list"]))),
            ["video.list"]
        );
        assert!(scopes_of(None).is_empty());
    }
}
