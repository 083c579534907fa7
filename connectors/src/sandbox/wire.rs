//! The sandbox's wire format: the error shapes (Graph `{"error":{…}}`, the flat OAuth-code
//! shape), the `fields=` parser with `{…}` expansion, opaque paging cursors, timestamp
//! formatting and the titles/descriptions of insight metrics.

use chrono::{DateTime, Utc};
use rand::distributions::Alphanumeric;
use rand::Rng;
use serde_json::{json, Map, Value};

/// A Graph API error, rendered as `{"error":{"message","type","code",…,"fbtrace_id"}}`
/// with HTTP 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("graph error {code}: {message}")]
pub(crate) struct GraphError {
    /// `code`.
    pub(crate) code: i64,
    /// `error_subcode`.
    pub(crate) subcode: Option<i64>,
    /// `type`: `OAuthException`, `IGApiException`, `GraphMethodException`.
    pub(crate) kind: &'static str,
    /// `message`.
    pub(crate) message: String,
    /// `is_transient`.
    pub(crate) transient: Option<bool>,
    /// `error_user_title`.
    pub(crate) user_title: Option<&'static str>,
    /// `error_user_msg`.
    pub(crate) user_msg: Option<&'static str>,
}

impl GraphError {
    /// A code-100 `OAuthException` (bad parameter).
    pub(crate) fn param(message: impl Into<String>) -> Self {
        Self {
            code: 100,
            subcode: None,
            kind: "OAuthException",
            message: message.into(),
            transient: None,
            user_title: None,
            user_msg: None,
        }
    }

    /// A code-100 `IGApiException` (a metric this media does not support).
    pub(crate) fn media_type(message: impl Into<String>) -> Self {
        Self {
            kind: "IGApiException",
            ..Self::param(message)
        }
    }

    /// Code 100, subcode 33: unknown object or edge.
    pub(crate) fn unsupported(method: &str, what: &str) -> Self {
        Self {
            subcode: Some(33),
            kind: "GraphMethodException",
            ..Self::param(format!(
                "Unsupported {} request. Object with ID '{}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                method.to_ascii_lowercase(),
                what
            ))
        }
    }

    /// Code 190 without subcode: a missing or unknown token.
    pub(crate) fn bad_token() -> Self {
        Self {
            code: 190,
            ..Self::param("Invalid OAuth access token - Cannot parse access token")
        }
    }

    /// Code 190 with a subcode (expired 463, revoked 458).
    pub(crate) fn token_subcode(subcode: i64, message: String) -> Self {
        Self {
            code: 190,
            subcode: Some(subcode),
            ..Self::param(message)
        }
    }

    /// Code 80002: the Instagram business-use-case limit.
    pub(crate) fn throttled() -> Self {
        Self {
            code: 80002,
            transient: Some(true),
            ..Self::param(
                "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.",
            )
        }
    }

    /// Code 100, subcode 2108006: media posted before the business conversion.
    pub(crate) fn pre_conversion() -> Self {
        Self {
            subcode: Some(2_108_006),
            transient: Some(false),
            user_title: Some("Media posted before business account conversion"),
            user_msg: Some(
                "The media was posted before the most recent time that the user's account was converted to a business account from a personal account.",
            ),
            ..Self::media_type("Invalid parameter")
        }
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> String {
        let mut e = Map::new();
        e.insert("message".into(), Value::from(self.message.clone()));
        e.insert("type".into(), Value::from(self.kind));
        e.insert("code".into(), Value::from(self.code));
        if let Some(s) = self.subcode {
            e.insert("error_subcode".into(), Value::from(s));
        }
        if let Some(t) = self.transient {
            e.insert("is_transient".into(), Value::from(t));
        }
        if let Some(t) = self.user_title {
            e.insert("error_user_title".into(), Value::from(t));
        }
        if let Some(t) = self.user_msg {
            e.insert("error_user_msg".into(), Value::from(t));
        }
        e.insert("fbtrace_id".into(), Value::from(fbtrace_id()));
        json!({ "error": e }).to_string()
    }
}

/// An error of `POST /oauth/access_token`, in that endpoint's flat shape:
/// `{"error_type":"OAuthException","code":400,"error_message":"…"}` with HTTP 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("oauth error: {0}")]
pub(crate) struct OAuthCodeError(pub(crate) String);

impl OAuthCodeError {
    /// The JSON body.
    pub(crate) fn body(&self) -> String {
        json!({"error_type": "OAuthException", "code": 400, "error_message": self.0}).to_string()
    }
}

/// A random trace id like Meta's (`A6LJylpZRKw2xKLFsAP-cJh`).
pub(crate) fn fbtrace_id() -> String {
    let mut rng = rand::thread_rng();
    let tail: String = (&mut rng)
        .sample_iter(&Alphanumeric)
        .take(22)
        .map(char::from)
        .collect();
    format!("A{tail}")
}

/// A random opaque string of `len` letters and digits.
pub(crate) fn random_alnum(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// Graph's timestamp format: `2026-03-02T18:04:11+0000` (no colon in the offset).
pub(crate) fn format_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
}

/// One entry of a `fields=` selection, with its `{…}` sub-selection if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// The field or edge name.
    pub(crate) name: String,
    /// The sub-selection of `name{…}`.
    pub(crate) children: Option<Vec<Field>>,
    /// The `.limit(n)` modifier of an expanded edge.
    pub(crate) limit: Option<usize>,
}

impl Field {
    /// A field without sub-selection.
    pub(crate) fn plain(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            children: None,
            limit: None,
        }
    }
}

/// A selection written back as a `fields=` value (for the `paging.next` of an expanded edge).
pub(crate) fn fields_text(fields: &[Field]) -> String {
    let mut out = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field.name);
        if let Some(limit) = field.limit {
            out.push_str(&format!(".limit({limit})"));
        }
        if let Some(children) = &field.children {
            out.push('{');
            out.push_str(&fields_text(children));
            out.push('}');
        }
    }
    out
}

/// Parses `id,caption,children{id,media_type},replies.limit(5){id,from{id,username}}`.
/// `.limit(n)` is kept; other modifiers are accepted and ignored. Empty entries are skipped.
pub(crate) fn parse_fields(input: &str) -> Result<Vec<Field>, GraphError> {
    let mut p = FieldParser {
        s: input.as_bytes(),
        i: 0,
        depth: 0,
    };
    p.list(false).map_err(|at| {
        GraphError::param(format!(
            "(#100) Syntax error \"Unexpected character in the fields parameter.\" at character {at}"
        ))
    })
}

/// Deepest `{…}` nesting accepted (the parser recurses once per level).
const MAX_FIELD_DEPTH: usize = 8;

struct FieldParser<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

impl FieldParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn ident(&mut self) -> Result<String, usize> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.i += 1;
        }
        if self.i == start {
            return Err(self.i);
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    /// A comma list, ended by the end of input (top level) or by `}` (nested).
    fn list(&mut self, nested: bool) -> Result<Vec<Field>, usize> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None if nested => return Err(self.i),
                None => return Ok(out),
                Some(b'}') if nested => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'}') => return Err(self.i),
                Some(b',') => self.i += 1,
                Some(_) => {
                    out.push(self.item()?);
                    self.skip_ws();
                    match self.peek() {
                        None | Some(b',' | b'}') => {}
                        Some(_) => return Err(self.i),
                    }
                }
            }
        }
    }

    fn item(&mut self) -> Result<Field, usize> {
        let name = self.ident()?;
        let mut limit = None;
        loop {
            self.skip_ws();
            if self.peek() != Some(b'.') {
                break;
            }
            self.i += 1;
            let modifier = self.ident()?;
            self.skip_ws();
            if self.peek() != Some(b'(') {
                return Err(self.i);
            }
            let open = self.i + 1;
            let mut depth = 0usize;
            loop {
                match self.peek() {
                    None => return Err(self.i),
                    Some(b'(') => depth += 1,
                    Some(b')') => {
                        depth -= 1;
                        if depth == 0 {
                            self.i += 1;
                            break;
                        }
                    }
                    Some(_) => {}
                }
                self.i += 1;
            }
            if modifier == "limit" {
                let argument = String::from_utf8_lossy(&self.s[open..self.i - 1]).into_owned();
                limit = Some(argument.trim().parse::<usize>().map_err(|_| open)?);
            }
        }
        self.skip_ws();
        let children = if self.peek() == Some(b'{') {
            if self.depth >= MAX_FIELD_DEPTH {
                return Err(self.i);
            }
            self.i += 1;
            self.depth += 1;
            let children = self.list(true)?;
            self.depth -= 1;
            Some(children)
        } else {
            None
        };
        Ok(Field {
            name,
            children,
            limit,
        })
    }
}

/// Encodes a paging position as an opaque cursor bound to a collection (`scope`).
pub(crate) fn encode_cursor(scope: &str, offset: usize) -> String {
    let raw = format!("{scope}:{offset}");
    let mut s = String::from("QVFI");
    for b in raw.bytes() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Decodes a cursor made by [`encode_cursor`] for the same `scope`.
pub(crate) fn decode_cursor(scope: &str, cursor: &str) -> Option<usize> {
    let hex = cursor.strip_prefix("QVFI")?;
    if !hex.len().is_multiple_of(2) || hex.len() > 256 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    let raw = String::from_utf8(bytes?).ok()?;
    let (s, offset) = raw.rsplit_once(':')?;
    if s != scope {
        return None;
    }
    offset.parse().ok()
}

/// The metrics `/{media-id}/insights` knows (in the order its error message lists them).
pub(crate) const MEDIA_METRICS: [&str; 17] = [
    "reach",
    "likes",
    "comments",
    "saved",
    "shares",
    "total_interactions",
    "views",
    "follows",
    "profile_visits",
    "profile_activity",
    "reposts",
    "ig_reels_avg_watch_time",
    "ig_reels_video_view_total_time",
    "reels_skip_rate",
    "navigation",
    "replies",
    "link_clicks",
];

/// The metrics `/me/insights` knows (in the order its error message lists them).
pub(crate) const ACCOUNT_METRICS: [&str; 14] = [
    "reach",
    "follower_count",
    "online_followers",
    "accounts_engaged",
    "total_interactions",
    "likes",
    "comments",
    "shares",
    "saves",
    "replies",
    "views",
    "follower_demographics",
    "engaged_audience_demographics",
    "profile_links_taps",
];

/// Title and description of a media metric.
pub(crate) fn media_metric_info(name: &str) -> (&'static str, &'static str) {
    match name {
        "views" => ("Views", "The number of times your reel, post or story was played or displayed."),
        "reach" => ("Accounts reached", "The number of unique accounts that have seen this media at least once. Reach is different from views, which may include multiple views of your media by the same accounts. This metric is estimated."),
        "likes" => ("Likes", "The number of likes on your post."),
        "comments" => ("Comments", "The number of comments on your post."),
        "saved" => ("Saved", "The number of saves of your post."),
        "shares" => ("Shares", "The number of shares of your post."),
        "total_interactions" => ("Interactions", "The number of likes, saves, comments and shares on your post minus the number of unlikes, unsaves and deleted comments."),
        "follows" => ("Follows", "The number of accounts that started following you."),
        "profile_visits" => ("Profile visits", "The number of times your profile was visited."),
        "profile_activity" => ("Profile activity", "The number of actions people take when they visit your profile after engaging with your post."),
        "reposts" => ("Reposts", "The number of times your post was reposted."),
        "ig_reels_avg_watch_time" => ("Average watch time", "The average amount of time spent playing the reel."),
        "ig_reels_video_view_total_time" => ("Watch time", "The total amount of time the reel was played, including any time spent replaying the reel."),
        "reels_skip_rate" => ("Skip rate", "The percentage of views of your reel that were skipped within the first 3 seconds."),
        _ => ("", ""),
    }
}

/// Title and description of an account metric.
pub(crate) fn account_metric_info(name: &str) -> (&'static str, &'static str) {
    match name {
        "reach" => ("Accounts reached", "The number of unique accounts that have seen your content, at least once, including in ads."),
        "follower_count" => ("Follower count", "The number of new followers each day."),
        "online_followers" => ("Online followers", "Total number of your followers who were online during the specified range."),
        "accounts_engaged" => ("Accounts engaged", "The number of accounts that have interacted with your content, including in ads."),
        "total_interactions" => ("Content interactions", "The total number of post interactions, story interactions, reels interactions, video interactions and live video interactions, including any interactions on boosted content."),
        "likes" => ("Likes", "The number of likes on your posts, reels and videos."),
        "comments" => ("Comments", "The number of comments on your posts, reels, videos and live videos."),
        "shares" => ("Shares", "The number of shares of your posts, stories, reels, videos and live videos."),
        "saves" => ("Saves", "The number of saves of your posts, reels and videos."),
        "replies" => ("Replies", "The number of replies you received from your story, including text replies and quick reaction replies."),
        "views" => ("Views", "The number of times your content was played or displayed."),
        "follower_demographics" => ("Follower demographics", "The demographic characteristics of followers, including countries, cities and gender distribution."),
        "engaged_audience_demographics" => ("Engaged audience demographics", "The demographic characteristics of the engaged audience, including countries, cities and gender distribution."),
        "profile_links_taps" => ("Profile links taps", "The number of taps on your business address, call button, email button and text button."),
        _ => ("", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse_nested_and_modifiers() {
        let f = parse_fields("id, caption,replies.limit(5){id,from{id,username}},,children{id}")
            .unwrap_or_default();
        let names: Vec<&str> = f.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["id", "caption", "replies", "children"]);
        let replies = f[2].children.clone().unwrap_or_default();
        assert_eq!(replies[1].name, "from");
        assert_eq!(replies[1].children.as_ref().map(Vec::len), Some(2));
        for bad in ["id{", "id}", "a b", "x.limit(", "{id}", "id,{", "a.b(c"] {
            assert!(parse_fields(bad).is_err(), "{bad}");
        }
        let deep = format!("{}id{}", "a{".repeat(100_000), "}".repeat(100_000));
        assert!(
            parse_fields(&deep).is_err(),
            "deep nesting is refused, not a stack overflow"
        );
        let ok = format!("{}id{}", "a{".repeat(8), "}".repeat(8));
        assert!(parse_fields(&ok).is_ok());
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = encode_cursor("media", 62);
        assert_eq!(decode_cursor("media", &c), Some(62));
        assert_eq!(decode_cursor("comments:1", &c), None);
        for bad in ["", "QVFI", "QVFIzz", "QVFI6", "abc", "QVFI6d656469613a"] {
            assert_eq!(decode_cursor("media", bad), None, "{bad}");
        }
    }
}
