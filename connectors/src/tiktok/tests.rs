//! Tests of [`TikTokClient`] against a fake TikTok (wiremock on 127.0.0.1, a port of its
//! own per test), written from TikTok's documented wire format: the Display API
//! (`/v2/user/info/`, `/v2/video/list/`, `/v2/video/query/`), its `{data, error}` envelope,
//! retries and 429 waits, and scrubbing. Each test checks what the fake received as well as
//! what the client returned. Backoffs are milliseconds. The helpers here are shared with
//! `login_tests.rs` (Login Kit).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use engine::tiktok::{AccessToken, RefreshToken, SourceError, TikTok, TikTokLogin};
use serde_json::{json, Value};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{TikTokClient, TikTokConfig};

pub(super) const ACCESS: &str = "act.1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTuvwx!4321.va";
pub(super) const REFRESH: &str = "rft.9z8y7x6w5v4u3t2s1r0qPONMLKJIHgfedc!4321.va";
pub(super) const NEW_REFRESH: &str = "rft.NEWnewNEWnew0123456789abcdefABCDEF!1234.va";
pub(super) const SECRET: &str = "client-secret-xyz-0987";
pub(super) const KEY: &str = "awkey123";
pub(super) const REDIRECT: &str = "https://pulse.example/tiktok/callback";
pub(super) const VIDEO_FIELDS: &str = "id,title,video_description,create_time,duration,share_url,like_count,comment_count,share_count,view_count";

pub(super) fn config(server: &MockServer) -> TikTokConfig {
    let base = server.uri();
    let mut config = TikTokConfig::new(KEY, SECRET, REDIRECT);
    config.authorize_url = Url::parse(&format!("{base}/v2/auth/authorize/")).unwrap();
    config.api_url = Url::parse(&base).unwrap();
    config.request_timeout = Duration::from_secs(5);
    config.max_attempts = 3;
    config.base_backoff = Duration::from_millis(1);
    config.max_backoff = Duration::from_millis(5);
    config.max_throttle_wait = Duration::from_secs(2);
    config
}

pub(super) fn client(server: &MockServer) -> TikTokClient {
    TikTokClient::new(config(server)).unwrap()
}

pub(super) fn token() -> AccessToken {
    AccessToken::new(ACCESS)
}

pub(super) async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

pub(super) fn form_of(request: &Request) -> HashMap<String, String> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

pub(super) fn query_of(request: &Request) -> HashMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

pub(super) fn header_of<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

pub(super) fn json_of(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap_or(Value::Null)
}

/// The documented success envelope of the data endpoints.
pub(super) fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "data": data, "error": {"code": "ok", "message": "", "log_id": "20261201LOG"}
    }))
}

/// The documented error envelope of the data endpoints.
pub(super) fn api_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "data": {}, "error": {"code": code, "message": message, "log_id": "20261201LOG"}
    }))
}

/// The documented error shape of the OAuth endpoints.
pub(super) fn oauth_error(status: u16, error: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": error, "error_description": description, "log_id": "20261201LOG"
    }))
}

pub(super) fn token_answer(refresh: &str) -> Value {
    json!({
        "access_token": "act.freshACCESS0123456789abcdef!4321.va",
        "expires_in": 7200,
        "open_id": "afd97af1-b87b-48b9-ac98-410aghda5344",
        "refresh_expires_in": 15552000,
        "refresh_token": refresh,
        "scope": "user.info.basic,video.list",
        "token_type": "Bearer"
    })
}

pub(super) async fn mount(
    server: &MockServer,
    http_method: &str,
    at: &str,
    answer: ResponseTemplate,
) {
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(answer)
        .mount(server)
        .await;
}

/// `at` answers `first` once, then `then`.
pub(super) async fn mount_once_then(
    server: &MockServer,
    at: &str,
    first: ResponseTemplate,
    then: ResponseTemplate,
) {
    Mock::given(path(at))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(path(at)).respond_with(then).mount(server).await;
}

// ---------------------------------------------------------------- Display API

fn user() -> Value {
    json!({"user": {
        "open_id": "afd97af1-b87b-48b9-ac98-410aghda5344", "union_id": "u-1",
        "avatar_url": "https://p16.example/a.jpeg", "display_name": "Ana",
        "username": "ana.makes", "follower_count": 1200, "following_count": 35,
        "likes_count": 98000, "video_count": 42
    }})
}

#[tokio::test]
async fn profile_sends_the_bearer_token_and_asks_only_granted_scopes_fields() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/v2/user/info/", ok(user())).await;
    let client = client(&server);
    let granted = ["user.info.basic".to_owned(), "video.list".to_owned()];
    let profile = client.profile(&token(), &granted).await.unwrap();
    assert_eq!(profile.open_id, "afd97af1-b87b-48b9-ac98-410aghda5344");
    assert_eq!(profile.display_name.as_deref(), Some("Ana"));

    let everything: Vec<String> = [
        "user.info.basic",
        "user.info.profile",
        "user.info.stats",
        "video.list",
    ]
    .map(str::to_owned)
    .to_vec();
    let profile = client.profile(&token(), &everything).await.unwrap();
    assert_eq!(profile.username.as_deref(), Some("ana.makes"));
    assert_eq!(profile.follower_count, Some(1200));
    assert_eq!(profile.following_count, Some(35));
    assert_eq!(profile.likes_count, Some(98000));
    assert_eq!(profile.video_count, Some(42));

    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(
            header_of(request, "authorization"),
            format!("Bearer {ACCESS}")
        );
        assert!(!request.url.as_str().contains(ACCESS));
    }
    let fields = |request: &Request| -> Vec<String> {
        query_of(request)["fields"]
            .split(',')
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        fields(&received[0]),
        ["open_id", "union_id", "avatar_url", "display_name"]
    );
    let all = fields(&received[1]);
    for field in [
        "open_id",
        "display_name",
        "username",
        "follower_count",
        "following_count",
        "likes_count",
        "video_count",
    ] {
        assert!(all.iter().any(|f| f == field), "{field} in {all:?}");
    }
}

#[tokio::test]
async fn stats_not_granted_means_no_stats_fields_and_no_scope_no_request() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/user/info/",
        ok(json!({"user": {"open_id": "o-1", "username": "ana"}})),
    )
    .await;
    let client = client(&server);
    let granted = ["user.info.basic".to_owned(), "user.info.profile".to_owned()];
    let profile = client.profile(&token(), &granted).await.unwrap();
    assert_eq!(profile.follower_count, None);
    let asked = query_of(&requests(&server).await[0])["fields"].clone();
    for stat in [
        "follower_count",
        "following_count",
        "likes_count",
        "video_count",
    ] {
        assert!(!asked.contains(stat), "{asked}");
    }
    assert!(asked.contains("username"), "{asked}");
    let none = client.profile(&token(), &["video.list".to_owned()]).await;
    assert_eq!(none.err(), Some(SourceError::MissingPermission { code: 0 }));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn the_video_list_posts_max_count_and_pages_by_cursor_until_has_more_is_false() {
    let server = MockServer::start().await;
    let first = ok(json!({
        "videos": [{"id": "7077642457847994444", "title": "Hi", "video_description": "first #fyp",
                    "create_time": 1647000000, "duration": 15, "share_url": "https://www.tiktok.com/@a/video/7077642457847994444",
                    "view_count": 1234, "like_count": 56, "comment_count": 7, "share_count": 2}],
        "cursor": 1643332803000_i64, "has_more": true
    }));
    let last = ok(
        json!({"videos": [{"id": "7000000000000000001", "create_time": 1600000000}], "cursor": 1600000000000_i64, "has_more": false}),
    );
    mount_once_then(&server, "/v2/video/list/", first, last).await;
    let client = client(&server);
    let page = client.videos(&token(), None).await.unwrap();
    assert_eq!(page.next, Some(1643332803000));
    let video = &page.videos[0];
    assert_eq!(video.id, "7077642457847994444");
    assert_eq!(video.title.as_deref(), Some("Hi"));
    assert_eq!(video.description.as_deref(), Some("first #fyp"));
    assert_eq!(video.created_at, Utc.timestamp_opt(1647000000, 0).unwrap());
    assert_eq!(video.duration_seconds, Some(15));
    assert_eq!(
        (video.views, video.likes, video.comments, video.shares),
        (Some(1234), Some(56), Some(7), Some(2))
    );
    let page = client.videos(&token(), page.next).await.unwrap();
    assert_eq!(page.next, None);
    // Counts TikTok did not give are None, never 0.
    assert_eq!((page.videos[0].views, page.videos[0].likes), (None, None));

    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(
            header_of(request, "authorization"),
            format!("Bearer {ACCESS}")
        );
        assert!(header_of(request, "content-type").starts_with("application/json"));
        assert_eq!(query_of(request)["fields"], VIDEO_FIELDS);
        assert!(!request.url.as_str().contains("cover_image_url"));
    }
    assert_eq!(json_of(&received[0]), json!({"max_count": 20}));
    assert_eq!(
        json_of(&received[1]),
        json!({"max_count": 20, "cursor": 1643332803000_i64})
    );
}

#[tokio::test]
async fn video_ids_past_2_pow_53_stay_exact_as_strings_and_as_bare_numbers() {
    let server = MockServer::start().await;
    let body = r#"{"data":{"videos":[
        {"id":"7077642457847994444","create_time":1647000000},
        {"id":7077642457847994445,"create_time":1647000001},
        {"id":123456789012345678901234567890,"create_time":1647000002}
      ],"cursor":0,"has_more":false},
      "error":{"code":"ok","message":"","log_id":"L"}}"#;
    mount(
        &server,
        "POST",
        "/v2/video/list/",
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;
    let page = client(&server).videos(&token(), None).await.unwrap();
    let ids: Vec<&str> = page.videos.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "7077642457847994444",
            "7077642457847994445",
            "123456789012345678901234567890"
        ]
    );
}

#[tokio::test]
async fn query_videos_sends_the_ids_as_filters_twenty_at_a_time() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/v2/video/query/", ok(json!({"videos": [{"id": "7077642457847994444", "create_time": 1647000000, "view_count": 9}]}))).await;
    let client = client(&server);
    let ids: Vec<String> = (0..45).map(|n| format!("70776424578479{n:05}")).collect();
    let videos = client.query_videos(&token(), &ids).await.unwrap();
    assert_eq!(videos.len(), 3);
    assert_eq!(videos[0].views, Some(9));
    let received = requests(&server).await;
    let sent: Vec<Value> = received.iter().map(json_of).collect();
    assert_eq!(sent[0], json!({"filters": {"video_ids": ids[..20]}}));
    assert_eq!(sent[1], json!({"filters": {"video_ids": ids[20..40]}}));
    assert_eq!(sent[2], json!({"filters": {"video_ids": ids[40..]}}));
    for request in &received {
        assert_eq!(query_of(request)["fields"], VIDEO_FIELDS);
        assert_eq!(
            header_of(request, "authorization"),
            format!("Bearer {ACCESS}")
        );
    }
    assert!(client.query_videos(&token(), &[]).await.unwrap().is_empty());
    assert_eq!(requests(&server).await.len(), 3);
}

// ---------------------------------------------------------------- errors and retries

#[tokio::test]
async fn an_error_envelope_with_http_200_is_an_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/user/info/",
        api_error(
            200,
            "access_token_invalid",
            "The access token is invalid or not found in the request.",
        ),
    )
    .await;
    let refused = client(&server)
        .profile(&token(), &["user.info.basic".to_owned()])
        .await;
    assert_eq!(refused.err(), Some(SourceError::Reauth { code: 0 }));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn envelope_codes_are_classified_and_refusals_are_not_retried() {
    type Expected = fn(&SourceError) -> bool;
    let cases: [(u16, &str, Expected); 4] = [
        (401, "access_token_invalid", |e| {
            *e == SourceError::Reauth { code: 0 }
        }),
        (401, "scope_not_authorized", |e| {
            *e == SourceError::MissingPermission { code: 0 }
        }),
        (200, "scope_permission_missed", |e| {
            *e == SourceError::MissingPermission { code: 0 }
        }),
        (
            400,
            "invalid_params",
            |e| matches!(e, SourceError::Permanent { message, .. } if message.contains("max_count")),
        ),
    ];
    for (status, code, expected) in cases {
        let server = MockServer::start().await;
        mount(
            &server,
            "POST",
            "/v2/video/list/",
            api_error(status, code, "max_count is out of range"),
        )
        .await;
        let refused = client(&server).videos(&token(), None).await;
        assert!(refused.as_ref().is_err_and(expected), "{code}: {refused:?}");
        assert_eq!(requests(&server).await.len(), 1, "{code}");
    }
}

#[tokio::test]
async fn internal_error_is_retried() {
    let server = MockServer::start().await;
    let page = ok(json!({"videos": [], "cursor": 0, "has_more": false}));
    mount_once_then(
        &server,
        "/v2/video/list/",
        api_error(500, "internal_error", "oops"),
        page,
    )
    .await;
    let page = client(&server).videos(&token(), None).await.unwrap();
    assert!(page.videos.is_empty());
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn rate_limited_once_then_answered_succeeds_after_a_retry() {
    let server = MockServer::start().await;
    let limited = api_error(429, "rate_limit_exceeded", "API rate limit exceeded");
    mount_once_then(&server, "/v2/user/info/", limited, ok(user())).await;
    let profile = client(&server)
        .profile(&token(), &["user.info.basic".to_owned()])
        .await
        .unwrap();
    assert_eq!(profile.display_name.as_deref(), Some("Ana"));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn rate_limited_every_time_is_throttled_after_the_attempts() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/video/list/",
        api_error(429, "rate_limit_exceeded", "API rate limit exceeded"),
    )
    .await;
    let refused = client(&server).videos(&token(), None).await;
    assert!(
        matches!(refused, Err(SourceError::Throttled { .. })),
        "{refused:?}"
    );
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_retry_after_beyond_the_longest_wait_is_throttled_at_once() {
    let server = MockServer::start().await;
    let limited =
        api_error(429, "rate_limit_exceeded", "slow down").insert_header("retry-after", "60");
    mount(&server, "POST", "/v2/video/list/", limited).await;
    let started = std::time::Instant::now();
    let refused = client(&server).videos(&token(), None).await;
    assert_eq!(
        refused.err(),
        Some(SourceError::Throttled {
            retry_after: Duration::from_secs(60)
        })
    );
    assert_eq!(requests(&server).await.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn while_a_429_is_waited_out_the_token_says_it_is_paused() {
    let server = MockServer::start().await;
    let limited =
        api_error(429, "rate_limit_exceeded", "slow down").insert_header("retry-after", "1");
    mount_once_then(
        &server,
        "/v2/video/list/",
        limited,
        ok(json!({"videos": [], "has_more": false})),
    )
    .await;
    let client = client(&server);
    assert_eq!(client.paused_for(&token()), None);
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { client.videos(&token(), None).await }
    });
    let mut paused = None;
    for _ in 0..100 {
        paused = client.paused_for(&token());
        if paused.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        paused.is_some_and(|p| p <= Duration::from_secs(1)),
        "{paused:?}"
    );
    assert_eq!(
        client.paused_for(&AccessToken::new("act.someoneelse0123456789")),
        None
    );
    assert!(waiting.await.unwrap().is_ok());
    assert_eq!(client.paused_for(&token()), None);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn unreadable_bodies_are_malformed() {
    let bodies = [
        ResponseTemplate::new(200).set_body_string("<html>hello</html>"),
        ResponseTemplate::new(200).set_body_string(r#"{"data":{"videos":"#),
        ok(json!("not an object")),
        ok(json!({"videos": [], "has_more": true})),
    ];
    for (n, body) in bodies.into_iter().enumerate() {
        let server = MockServer::start().await;
        mount(&server, "POST", "/v2/video/list/", body).await;
        let refused = client(&server).videos(&token(), None).await;
        assert!(
            matches!(refused, Err(SourceError::Malformed { .. })),
            "{n}: {refused:?}"
        );
        assert_eq!(requests(&server).await.len(), 1, "{n}");
    }
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/token/",
        ResponseTemplate::new(200).set_body_json(json!({"token_type": "Bearer"})),
    )
    .await;
    let refused = client(&server).exchange_code("abc").await;
    assert!(
        matches!(refused, Err(SourceError::Malformed { .. })),
        "{refused:?}"
    );
}

#[tokio::test]
async fn no_token_or_secret_in_any_debug_or_display() {
    let secrets = [
        ACCESS,
        REFRESH,
        NEW_REFRESH,
        SECRET,
        "act.freshACCESS0123456789abcdef!4321.va",
    ];
    let echo = format!("echo {ACCESS} {REFRESH} {SECRET} the-code-0123 client_secret={SECRET}");
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/token/",
        oauth_error(400, "invalid_client", &echo),
    )
    .await;
    mount(
        &server,
        "POST",
        "/v2/video/list/",
        api_error(400, "invalid_params", &echo),
    )
    .await;
    mount(
        &server,
        "GET",
        "/v2/user/info/",
        api_error(500, "mystery", &echo),
    )
    .await;
    mount(
        &server,
        "POST",
        "/v2/oauth/revoke/",
        oauth_error(400, "unsupported_token_type", &echo),
    )
    .await;
    let client = client(&server);
    let mut shown = vec![
        format!("{client:?}"),
        format!("{:?}", token()),
        format!("{:?}", RefreshToken::new(REFRESH)),
    ];
    // The code is a secret of the exchange that sent it.
    let exchange = client
        .exchange_code("the-code-0123")
        .await
        .expect_err("refused");
    assert!(
        !format!("{exchange:?} {exchange}").contains("the-code-0123"),
        "{exchange:?}"
    );
    let errors = [
        Some(exchange),
        client.refresh(&RefreshToken::new(REFRESH)).await.err(),
        client.videos(&token(), None).await.err(),
        client
            .profile(&token(), &["user.info.basic".to_owned()])
            .await
            .err(),
        client.revoke(&token()).await.err(),
    ];
    for error in errors {
        let error = error.expect("every call fails");
        shown.push(format!("{error:?}"));
        shown.push(error.to_string());
    }
    let answer = ResponseTemplate::new(200).set_body_json(token_answer(NEW_REFRESH));
    let server = MockServer::start().await;
    mount(&server, "POST", "/v2/oauth/token/", answer).await;
    let tokens = TikTokClient::new(config(&server))
        .unwrap()
        .refresh(&RefreshToken::new(REFRESH))
        .await
        .unwrap();
    shown.push(format!("{tokens:?}"));
    for text in &shown {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
