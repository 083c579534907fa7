//! Tests of [`InstagramClient`] against a fake Instagram (wiremock on 127.0.0.1), with
//! millisecond backoffs. Assertions are on requests, counts and ordering, never on timings
//! beyond "slept at least as long as asked".

use std::collections::HashMap;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use engine::instagram::{
    AccessToken, Instagram, InstagramActions, InstagramLogin, MediaKind, Post, SourceError,
};
use serde_json::json;
use url::Url;
use wiremock::matchers::{
    body_string_contains, header, method, path, path_regex, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{CallFamily, CallObserver, CallOutcome, InstagramClient, InstagramConfig};

pub(super) const TOKEN: &str = "IGAAtesttoken0123456789abcdefABCDEF";
const SECRET: &str = "app-secret-xyz-0987";

pub(super) fn config(server: &MockServer) -> InstagramConfig {
    let base = server.uri();
    let mut config = InstagramConfig::new("app-123", SECRET, "https://pulse.example/cb?x=1&y=2");
    config.authorize_url = Url::parse(&format!("{base}/oauth/authorize")).unwrap();
    config.token_url = Url::parse(&format!("{base}/oauth/access_token")).unwrap();
    config.graph_url = Url::parse(&base).unwrap();
    config.request_timeout = Duration::from_secs(5);
    config.max_attempts = 3;
    config.base_backoff = Duration::from_millis(1);
    config.max_backoff = Duration::from_millis(5);
    config.usage_pause = Duration::from_millis(50);
    config.max_throttle_wait = Duration::from_secs(2);
    config
}

pub(super) fn client(server: &MockServer) -> InstagramClient {
    InstagramClient::new(config(server)).unwrap()
}

pub(super) fn token() -> AccessToken {
    AccessToken::new(TOKEN)
}

pub(super) fn graph_error(
    status: u16,
    code: i64,
    subcode: Option<i64>,
    message: &str,
) -> ResponseTemplate {
    let mut error = json!({
        "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC"
    });
    if let Some(subcode) = subcode {
        error["error_subcode"] = subcode.into();
    }
    ResponseTemplate::new(status).set_body_json(json!({ "error": error }))
}

pub(super) async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

pub(super) fn query(request: &Request) -> HashMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

fn post(id: &str, kind: MediaKind) -> Post {
    Post {
        id: id.to_owned(),
        kind,
        caption: None,
        permalink: None,
        published_at: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        like_count: None,
        comments_count: None,
        listed_comments: None,
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// ---------------------------------------------------------------- OAuth

#[tokio::test]
async fn authorize_url_carries_every_parameter_encoded() {
    let server = MockServer::start().await;
    let url = client(&server).authorize_url("st/ate&=1");
    let url = Url::parse(&url).unwrap();
    assert_eq!(url.path(), "/oauth/authorize");
    let pairs: HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs["client_id"], "app-123");
    assert_eq!(pairs["redirect_uri"], "https://pulse.example/cb?x=1&y=2");
    assert_eq!(pairs["response_type"], "code");
    assert_eq!(
        pairs["scope"],
        "instagram_business_basic,instagram_business_manage_insights,instagram_business_manage_comments,instagram_business_manage_messages,instagram_business_content_publish"
    );
    assert_eq!(pairs["state"], "st/ate&=1");
    assert_eq!(pairs.len(), 5);
}

#[tokio::test]
async fn exchange_flat_response_keeps_huge_user_id_exact() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("client_id=app-123"))
        .and(body_string_contains("client_secret=app-secret-xyz-0987"))
        .and(body_string_contains("redirect_uri=https%3A%2F%2Fpulse.example%2Fcb%3Fx%3D1%26y%3D2"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token": "IGAAshortlived0123456789", "user_id": 27640875392278831123, "permissions": ["instagram_business_basic", "instagram_business_manage_insights"]}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let short = client(&server).exchange_code("AQBx-hBsH3#_").await.unwrap();
    assert_eq!(short.token.expose(), "IGAAshortlived0123456789");
    assert_eq!(short.app_scoped_user_id, "27640875392278831123");
    assert_eq!(
        short.permissions,
        vec![
            "instagram_business_basic",
            "instagram_business_manage_insights"
        ]
    );
    let sent = requests(&server).await;
    let body = String::from_utf8_lossy(&sent[0].body).into_owned();
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(form["code"], "AQBx-hBsH3", "the trailing #_ is stripped");
    assert_eq!(form.len(), 5);
}

#[tokio::test]
async fn exchange_data_wrapped_response_with_string_id_and_comma_permissions() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{
            "access_token": "EAACEdEose0wrapped",
            "user_id": "1020304050",
            "permissions": "instagram_business_basic,instagram_business_manage_comments"
        }]})))
        .mount(&server)
        .await;
    let short = client(&server).exchange_code("  code123  ").await.unwrap();
    assert_eq!(short.token.expose(), "EAACEdEose0wrapped");
    assert_eq!(short.app_scoped_user_id, "1020304050");
    assert_eq!(
        short.permissions,
        vec![
            "instagram_business_basic",
            "instagram_business_manage_comments"
        ]
    );
}

#[tokio::test]
async fn exchange_error_shapes_are_bad_codes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error_type": "OAuthException", "code": 400,
            "error_message": "Matching code was not found or was already used"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .exchange_code("used-code")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        SourceError::BadAuthorizationCode {
            message: "Matching code was not found or was already used".into()
        }
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(graph_error(
            400,
            100,
            None,
            "Invalid redirect_uri for code used-code-42",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .exchange_code("used-code-42")
        .await
        .unwrap_err();
    let SourceError::BadAuthorizationCode { message } = &err else {
        panic!("expected BadAuthorizationCode, got {err:?}");
    };
    assert!(
        !message.contains("used-code-42"),
        "the code is scrubbed: {message}"
    );
}

#[tokio::test]
async fn exchange_is_never_retried_even_on_500() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("oops"))
        .mount(&server)
        .await;
    let err = client(&server).exchange_code("code").await.unwrap_err();
    assert!(matches!(err, SourceError::Transient { .. }), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(graph_error(400, 2, None, "Service temporarily unavailable"))
        .mount(&server)
        .await;
    let err = client(&server).exchange_code("code").await.unwrap_err();
    assert!(matches!(err, SourceError::Transient { .. }), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn long_lived_exchange_and_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/access_token"))
        .and(query_param("grant_type", "ig_exchange_token"))
        .and(query_param("client_secret", SECRET))
        .and(query_param("access_token", "IGAAshort0123456789"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "IGAAlong0123456789", "token_type": "bearer", "expires_in": 5183944}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("grant_type", "ig_refresh_token"))
        .and(query_param("access_token", "IGAAlong0123456789"))
        .and(query_param_is_missing("client_secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "IGAArefreshed0123456789", "token_type": "bearer", "expires_in": 5184000}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let long = client
        .long_lived_token(&AccessToken::new("IGAAshort0123456789"))
        .await
        .unwrap();
    assert_eq!(long.token.expose(), "IGAAlong0123456789");
    assert_eq!(long.expires_in, Duration::from_secs(5_183_944));
    let refreshed = client.refresh_token(&long.token).await.unwrap();
    assert_eq!(refreshed.token.expose(), "IGAArefreshed0123456789");
    assert_eq!(refreshed.expires_in, Duration::from_secs(5_184_000));
}

#[tokio::test]
async fn refresh_of_an_expired_token_is_reauth() {
    let server = MockServer::start().await;
    Mock::given(path("/refresh_access_token"))
        .respond_with(graph_error(400, 190, Some(463), "Session has expired"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).refresh_token(&token()).await.unwrap_err();
    assert_eq!(err, SourceError::Reauth { code: 190 });
}

// ---------------------------------------------------------------- data calls

#[tokio::test]
async fn profile_uses_bearer_header_and_no_access_token_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/me"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(query_param_is_missing("access_token"))
        .and(query_param(
            "fields",
            "user_id,id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "user_id": "17841405822304914", "id": "28978671838402975",
            "username": "metricsaurus", "name": "Metricsaurus", "account_type": "Business",
            "followers_count": 1234, "follows_count": 56, "media_count": 243
        })))
        .expect(1)
        .mount(&server)
        .await;
    let profile = client(&server).profile(&token()).await.unwrap();
    assert_eq!(profile.user_id, "17841405822304914");
    assert_eq!(profile.app_scoped_id, "28978671838402975");
    assert_eq!(profile.username, "metricsaurus");
    assert_eq!(profile.name.as_deref(), Some("Metricsaurus"));
    assert_eq!(profile.account_type.as_deref(), Some("BUSINESS"));
    assert_eq!(
        (
            profile.followers_count,
            profile.follows_count,
            profile.media_count
        ),
        (1234, 56, 243)
    );
}

#[tokio::test]
async fn profile_falls_back_to_id_without_user_id() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "28978671838402975", "username": "x", "account_type": "media_creator", "name": ""
        })))
        .mount(&server)
        .await;
    let profile = client(&server).profile(&token()).await.unwrap();
    assert_eq!(profile.user_id, "28978671838402975");
    assert_eq!(profile.app_scoped_id, "28978671838402975");
    assert_eq!(profile.account_type.as_deref(), Some("MEDIA_CREATOR"));
    assert_eq!(profile.name, None);
    assert_eq!(profile.followers_count, 0);
}

fn media(id: &str, media_type: &str, product: &str, timestamp: &str) -> serde_json::Value {
    json!({
        "id": id, "media_type": media_type, "media_product_type": product,
        "timestamp": timestamp, "caption": format!("caption {id}"),
        "permalink": format!("https://www.instagram.com/p/{id}/"),
        "like_count": 3, "comments_count": 1
    })
}

#[tokio::test]
async fn posts_follow_next_until_absent_across_short_pages() {
    let server = MockServer::start().await;
    let base = server.uri();
    let next2 = format!("{base}/v26.0/17841/media?access_token={TOKEN}&limit=50&after=P2");
    let next3 = format!("{base}/v26.0/17841/media?access_token={TOKEN}&limit=50&after=P3");
    Mock::given(path("/v25.0/me/media"))
        .and(query_param("limit", "50"))
        .and(query_param_is_missing("access_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                media("5", "VIDEO", "REELS", "2026-03-05T18:04:11+0000"),
                media("4", "IMAGE", "FEED", "2026-03-04T10:00:00+0000"),
                media("x", "HOLOGRAM", "FEED", "2026-03-04T09:00:00+0000"),
            ],
            "paging": {"cursors": {"after": "P2"}, "next": next2}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v26.0/17841/media"))
        .and(query_param("after", "P2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [],
            "paging": {"next": next3}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v26.0/17841/media"))
        .and(query_param("after", "P3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                media("3", "CAROUSEL_ALBUM", "FEED", "2026-03-03T10:00:00+0000"),
                media("2", "VIDEO", "FEED", "2026-03-02T10:00:00+0000"),
                {"id": "1", "media_type": "IMAGE", "timestamp": "2026-03-01T10:00:00+0000"}
            ],
            "paging": {"cursors": {"before": "P3"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let posts = client(&server).posts(&token()).await.unwrap();
    let ids: Vec<_> = posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["5", "4", "3", "2", "1"], "unknown media type skipped");
    let kinds: Vec<_> = posts.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            MediaKind::Reel,
            MediaKind::Image,
            MediaKind::Carousel,
            MediaKind::Video,
            MediaKind::Image
        ]
    );
    assert_eq!(
        posts[0].published_at,
        Utc.with_ymd_and_hms(2026, 3, 5, 18, 4, 11).unwrap()
    );
    assert_eq!(posts[0].caption.as_deref(), Some("caption 5"));
    assert_eq!(posts[0].like_count, Some(3));
    assert_eq!(posts[4].caption, None);
    assert_eq!(posts[4].like_count, None);
    for request in requests(&server).await {
        assert_eq!(
            request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok()),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        let tokens_in_query = request
            .url
            .query_pairs()
            .filter(|(k, _)| k == "access_token")
            .count();
        assert!(tokens_in_query <= 1, "never an extra access_token of ours");
    }
}

#[tokio::test]
async fn paging_next_to_another_host_is_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me/media"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [], "paging": {"next": "https://evil.example/steal?x=1"}
        })))
        .mount(&server)
        .await;
    let err = client(&server).posts(&token()).await.unwrap_err();
    assert!(matches!(err, SourceError::Malformed { .. }), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

// ---------------------------------------------------------------- insights

fn insight(name: &str, value: u64) -> serde_json::Value {
    json!({"name": name, "period": "lifetime", "values": [{"value": value}], "id": format!("1/insights/{name}/lifetime")})
}

/// Post insights as Instagram answers them for a media type without `shares`: the metric
/// rejected by name (code 100), the others given (10, 11, … in the order asked).
fn rejecting_shares(request: &Request) -> ResponseTemplate {
    let metrics = query(request).get("metric").cloned().unwrap_or_default();
    if metrics.split(',').any(|m| m == "shares") {
        return graph_error(
            400,
            100,
            None,
            "(#100) The metric shares is not supported for this media type",
        );
    }
    let data: Vec<_> = metrics
        .split(',')
        .enumerate()
        .map(|(i, m)| insight(m, 10 + i as u64))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "data": data }))
}

#[tokio::test]
async fn rejected_shares_keeps_the_other_metrics_and_is_remembered_for_the_type() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/111/insights"))
        .respond_with(rejecting_shares)
        .mount(&server)
        .await;
    let client = client(&server);
    let image = post("111", MediaKind::Image);
    let metrics = client.post_insights(&token(), &image).await.unwrap();
    assert_eq!(metrics.shares, None);
    assert_eq!(metrics.views, Some(10));
    assert_eq!(metrics.reach, Some(11));
    assert_eq!(metrics.saves, Some(14));
    assert_eq!(metrics.profile_visits, Some(17));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(
        query(&sent[0])["metric"],
        "views,reach,likes,comments,saved,shares,total_interactions,follows,profile_visits"
    );
    assert_eq!(
        query(&sent[1])["metric"],
        "views,reach,likes,comments,saved,total_interactions,follows,profile_visits"
    );
    // Remembered for the account's images: the next one is asked without shares, once.
    let metrics = client.post_insights(&token(), &image).await.unwrap();
    assert_eq!((metrics.shares, metrics.reach), (None, Some(11)));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    assert_eq!(query(&sent[2])["metric"], query(&sent[1])["metric"]);
}

#[tokio::test]
async fn reel_metric_set_and_empty_data_is_none() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/222/insights"))
        .and(query_param(
            "metric",
            "views,reach,likes,comments,saved,shares,total_interactions",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let metrics = client(&server)
        .post_insights(&token(), &post("222", MediaKind::Reel))
        .await
        .unwrap();
    assert_eq!(metrics, Default::default());
}

#[tokio::test]
async fn pre_conversion_media_is_permanent_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/333/insights"))
        .respond_with(graph_error(
            400,
            100,
            Some(2_108_006),
            "Media posted before business account conversion",
        ))
        .mount(&server)
        .await;
    let err = client(&server)
        .post_insights(&token(), &post("333", MediaKind::Image))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            SourceError::Permanent {
                code: 100,
                subcode: Some(2_108_006),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn story_with_too_few_viewers_has_no_metrics() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/444/insights"))
        .and(query_param(
            "metric",
            "views,reach,shares,total_interactions,follows,profile_visits",
        ))
        .respond_with(graph_error(
            400,
            10,
            None,
            "(#10) Not enough viewers for the media to show insights",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let metrics = client(&server)
        .post_insights(&token(), &post("444", MediaKind::Story))
        .await
        .unwrap();
    assert_eq!(metrics, Default::default());
}

/// Answers account insights like Instagram: a time series with one value per day of the
/// window (end_time the next day at 07:00 UTC), and totals for one day.
fn account_insights(request: &Request) -> ResponseTemplate {
    let q = query(request);
    let since: i64 = q["since"].parse().unwrap();
    let until: i64 = q["until"].parse().unwrap();
    let metrics: Vec<&str> = q["metric"].split(',').collect();
    if q["metric_type"] == "time_series" {
        let data: Vec<_> = metrics
            .iter()
            .map(|name| {
                let values: Vec<_> = (0..(until - since) / 86_400)
                    .map(|i| {
                        let day = chrono::DateTime::from_timestamp(since + i * 86_400, 0).unwrap();
                        let end = day + chrono::Duration::days(1) + chrono::Duration::hours(7);
                        let value = i64::from(chrono::Datelike::day(&day)) * if *name == "reach" { 1 } else { -1 };
                        json!({"value": value, "end_time": end.format("%Y-%m-%dT%H:%M:%S%z").to_string()})
                    })
                    .collect();
                json!({"name": name, "period": "day", "values": values})
            })
            .collect();
        return ResponseTemplate::new(200).set_body_json(json!({ "data": data }));
    }
    let day = chrono::DateTime::from_timestamp(since, 0).unwrap();
    let data: Vec<_> = metrics
        .iter()
        .map(|name| json!({"name": name, "period": "day", "total_value": {"value": chrono::Datelike::ordinal(&day)}}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "data": data }))
}

#[tokio::test]
async fn daily_insights_walk_30_day_windows_and_map_end_time_to_the_day_before() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me/insights"))
        .respond_with(account_insights)
        .mount(&server)
        .await;
    let first = date(2026, 1, 1);
    let last = date(2026, 3, 16); // 75 days
    let days = client(&server)
        .daily_insights(&token(), first, last)
        .await
        .unwrap();
    assert_eq!(days.len(), 75);
    assert_eq!(days[0].date, first);
    assert_eq!(days[74].date, last);
    assert!(days.windows(2).all(|w| w[0].date < w[1].date));
    let jan31 = days.iter().find(|d| d.date == date(2026, 1, 31)).unwrap();
    assert_eq!(jan31.reach, Some(31));
    assert_eq!(jan31.follower_count, Some(-31));
    assert_eq!(jan31.views, Some(31));
    assert_eq!(jan31.replies, Some(31));

    let sent = requests(&server).await;
    let series: Vec<_> = sent
        .iter()
        .map(query)
        .filter(|q| q["metric_type"] == "time_series")
        .collect();
    assert_eq!(series.len(), 3);
    let mut expected_since = first.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
    for q in &series {
        assert_eq!(q["metric"], "reach,follower_count");
        assert_eq!(q["period"], "day");
        let since: i64 = q["since"].parse().unwrap();
        let until: i64 = q["until"].parse().unwrap();
        assert_eq!(since, expected_since, "windows are contiguous");
        assert!(until - since <= 30 * 86_400 && until > since);
        expected_since = until;
    }
    assert_eq!(
        expected_since,
        date(2026, 3, 17)
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp()
    );
    let totals: Vec<_> = sent
        .iter()
        .map(query)
        .filter(|q| q["metric_type"] == "total_value")
        .collect();
    assert_eq!(totals.len(), 75);
    for q in &totals {
        assert_eq!(
            q["metric"],
            "views,accounts_engaged,total_interactions,likes,comments,shares,saves,replies"
        );
        let since: i64 = q["since"].parse().unwrap();
        let until: i64 = q["until"].parse().unwrap();
        assert_eq!(until - since, 86_400);
    }
}

#[tokio::test]
async fn daily_insights_without_follower_count_and_with_a_rejected_total() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me/insights"))
        .respond_with(|request: &Request| {
            let metrics = query(request)["metric"].clone();
            if metrics.contains("follower_count") {
                return graph_error(400, 100, None, "(#100) follower_count is not available for accounts with fewer than 100 followers");
            }
            if metrics.split(',').any(|m| m == "replies") {
                return graph_error(400, 100, None, "(#100) metric replies is not available");
            }
            account_insights(request)
        })
        .mount(&server)
        .await;
    let days = client(&server)
        .daily_insights(&token(), date(2026, 5, 1), date(2026, 5, 3))
        .await
        .unwrap();
    assert_eq!(days.len(), 3);
    assert!(days
        .iter()
        .all(|d| d.follower_count.is_none() && d.replies.is_none()));
    assert_eq!(days[0].reach, Some(1));
    assert_eq!(days[0].likes, Some(121));
    let sent = requests(&server).await;
    // series: 2 (retry without follower_count); totals: 2 for the first day, then 1 each.
    assert_eq!(sent.len(), 2 + 2 + 1 + 1);
    assert_eq!(query(&sent[1])["metric"], "reach");
}

#[tokio::test]
async fn online_followers_and_demographics() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me/insights"))
        .and(query_param("metric", "online_followers"))
        .and(query_param("period", "lifetime"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{
            "name": "online_followers", "period": "lifetime",
            "values": [
                {"value": {"0": 159, "1": 157, "19": 650, "x": 3, "24": 9}, "end_time": "2026-06-09T07:00:00+0000"},
                {"value": {}, "end_time": "2026-06-08T07:00:00+0000"}
            ]
        }]})))
        .mount(&server)
        .await;
    for (breakdown, results) in [
        (
            "age",
            json!([{"dimension_values": ["THIS_MONTH", "25-34"], "value": 40}, {"dimension_values": ["THIS_MONTH", "18-24"], "value": 60}]),
        ),
        (
            "gender",
            json!([{"dimension_values": ["THIS_MONTH", "F"], "value": 70}]),
        ),
        (
            "country",
            json!([{"dimension_values": ["THIS_MONTH", "US"], "value": 5000}, {"dimension_values": ["THIS_MONTH", "CA"], "value": 800}]),
        ),
    ] {
        Mock::given(path("/v25.0/me/insights"))
            .and(query_param("metric", "follower_demographics"))
            .and(query_param("timeframe", "this_month"))
            .and(query_param("metric_type", "total_value"))
            .and(query_param("breakdown", breakdown))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{
                "name": "follower_demographics", "period": "lifetime",
                "total_value": {"breakdowns": [{"dimension_keys": ["timeframe", breakdown], "results": results}]}
            }]})))
            .mount(&server)
            .await;
    }
    Mock::given(path("/v25.0/me/insights"))
        .and(query_param("breakdown", "city"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    let client = client(&server);
    let online = client.online_followers(&token()).await.unwrap();
    assert_eq!(online.len(), 2);
    assert_eq!(online[0].date, date(2026, 6, 7));
    assert!(online[0].by_hour.is_empty());
    assert_eq!(online[1].date, date(2026, 6, 8));
    assert_eq!(online[1].by_hour, vec![(0, 159), (1, 157), (19, 650)]);

    let demographics = client.demographics(&token()).await.unwrap();
    assert_eq!(
        demographics.ages,
        vec![("18-24".to_owned(), 60), ("25-34".to_owned(), 40)]
    );
    assert_eq!(demographics.genders, vec![("F".to_owned(), 70)]);
    assert_eq!(demographics.countries[0], ("US".to_owned(), 5000));
    assert!(demographics.cities.is_empty());
}

// ---------------------------------------------------------------- comments

#[tokio::test]
async fn comments_flatten_replies_and_follow_paging() {
    let server = MockServer::start().await;
    let next = format!(
        "{}/v25.0/999/comments?access_token={TOKEN}&after=C2",
        server.uri()
    );
    Mock::given(path("/v25.0/999/comments"))
        .and(query_param_is_missing("after"))
        .and(query_param("limit", "50"))
        .and(query_param(
            "fields",
            "id,text,timestamp,username,from{id,username},like_count,hidden,parent_id,replies{id,text,timestamp,username,from{id,username},like_count,parent_id}",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "id": "c1", "text": "Love it", "timestamp": "2026-03-02T10:00:00+0000",
                "username": "fan_one", "from": {"id": "7345", "username": "fan_one"}, "like_count": 2,
                "replies": {"data": [
                    {"id": "r1", "text": "Thanks!", "timestamp": "2026-03-02T11:00:00+0000", "from": {"id": "1784", "username": "metricsaurus"}},
                    {"id": "r2", "text": "Same", "timestamp": "2026-03-02T12:00:00+0000", "username": "fan_two"}
                ]}
            }],
            "paging": {"next": next}
        })))
        .mount(&server)
        .await;
    Mock::given(path("/v25.0/999/comments"))
        .and(query_param("after", "C2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "c2", "text": "Where?", "timestamp": "2026-03-01T09:00:00+0000"}]
        })))
        .mount(&server)
        .await;
    let comments = client(&server).comments(&token(), "999").await.unwrap();
    let ids: Vec<_> = comments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c1", "r1", "r2", "c2"]);
    assert_eq!(comments[0].parent_id, None);
    assert_eq!(comments[0].author_id.as_deref(), Some("7345"));
    assert_eq!(comments[0].like_count, Some(2));
    assert_eq!(comments[1].parent_id.as_deref(), Some("c1"));
    assert_eq!(comments[1].author_username.as_deref(), Some("metricsaurus"));
    assert_eq!(comments[2].author_username.as_deref(), Some("fan_two"));
    assert_eq!(comments[2].author_id, None);
    assert!(comments.iter().all(|c| c.post_id == "999"));
    assert_eq!(comments[3].author_username, None);
}

#[tokio::test]
async fn a_comment_hidden_on_instagram_is_read_hidden_and_a_missing_or_odd_hidden_is_not() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/999/comments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"id": "c1", "text": "DM to collab 💸", "timestamp": "2026-03-02T10:00:00+0000",
                 "hidden": true,
                 "replies": {"data": [
                     {"id": "r1", "text": "no", "timestamp": "2026-03-02T11:00:00+0000"}
                 ]}},
                {"id": "c2", "text": "price?", "timestamp": "2026-03-02T09:00:00+0000",
                 "hidden": false},
                {"id": "c3", "text": "where?", "timestamp": "2026-03-02T08:00:00+0000"},
                {"id": "c4", "text": "size?", "timestamp": "2026-03-02T07:00:00+0000",
                 "hidden": null},
                {"id": "c5", "text": "link?", "timestamp": "2026-03-02T06:00:00+0000",
                 "hidden": "true"},
                {"id": "c6", "text": "ship?", "timestamp": "2026-03-02T05:00:00+0000",
                 "hidden": {"odd": 1}}
            ]
        })))
        .mount(&server)
        .await;
    let comments = client(&server).comments(&token(), "999").await.unwrap();
    let hidden: Vec<_> = comments.iter().map(|c| (c.id.as_str(), c.hidden)).collect();
    assert_eq!(
        hidden,
        [
            ("c1", true),
            ("r1", false),
            ("c2", false),
            ("c3", false),
            ("c4", false),
            ("c5", true),
            ("c6", false)
        ]
    );
}

#[tokio::test]
async fn the_media_lists_comments_expansion_asks_and_carries_hidden() {
    let server = MockServer::start().await;
    let mut post = media("111", "IMAGE", "FEED", "2026-03-05T18:04:11+0000");
    post["comments_count"] = json!(2);
    post["comments"] = json!({"data": [
        {"id": "c1", "text": "DM to collab 💸 (bot)", "timestamp": "2026-03-05T19:00:00+0000",
         "hidden": true},
        {"id": "c2", "text": "price?", "timestamp": "2026-03-05T18:30:00+0000"}
    ]});
    Mock::given(path("/v25.0/me/media"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [post]})))
        .mount(&server)
        .await;
    let posts = client(&server).posts(&token()).await.unwrap();
    let asked = fields_asked(&requests(&server).await[0]);
    assert!(
        asked.contains(",like_count,hidden,parent_id,replies{"),
        "{asked}"
    );
    let listed = posts[0].listed_comments.as_ref().expect("carried");
    let hidden: Vec<_> = listed
        .comments
        .iter()
        .map(|c| (c.id.as_str(), c.hidden))
        .collect();
    assert_eq!(hidden, [("c1", true), ("c2", false)]);
}

/// The `fields` a media-list request asked.
fn fields_asked(request: &Request) -> String {
    query(request).get("fields").cloned().unwrap_or_default()
}

#[tokio::test]
async fn the_media_list_carries_each_posts_comments_and_the_rest_continues_from_its_next() {
    let server = MockServer::start().await;
    let more = format!(
        "{}/v25.0/111/comments?access_token={TOKEN}&limit=50&after=K2",
        server.uri()
    );
    // Graph's field expansion: each item's `comments` is a page of its own; an edge without
    // items is left out.
    let mut first = media("111", "IMAGE", "FEED", "2026-03-05T18:04:11+0000");
    first["comments_count"] = json!(3);
    first["comments"] = json!({
        "data": [{"id": "c1", "text": "price?", "timestamp": "2026-03-05T19:00:00+0000",
                  "from": {"id": "7345", "username": "buyer"}}],
        "paging": {"cursors": {"after": "K2"}, "next": more}
    });
    let mut second = media("222", "VIDEO", "REELS", "2026-03-04T10:00:00+0000");
    second["comments_count"] = json!(2);
    second["comments"] = json!({"data": [{
        "id": "c2", "text": "love", "timestamp": "2026-03-04T11:00:00+0000",
        "replies": {"data": [{"id": "r2", "text": "thanks", "timestamp": "2026-03-04T12:00:00+0000"}]}
    }]});
    let mut quiet = media("333", "IMAGE", "FEED", "2026-03-03T10:00:00+0000");
    quiet["comments_count"] = json!(0);
    let not_carried = media("444", "IMAGE", "FEED", "2026-03-02T10:00:00+0000");
    Mock::given(path("/v25.0/me/media"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [first, second, quiet, not_carried]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v25.0/111/comments"))
        .and(query_param("after", "K2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "c3", "text": "dm me", "timestamp": "2026-03-05T18:30:00+0000",
                      "replies": {"data": [{"id": "r3", "text": "sent", "timestamp": "2026-03-05T18:40:00+0000"}]}}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let posts = client.posts(&token()).await.unwrap();
    let asked = fields_asked(&requests(&server).await[0]);
    assert!(
        asked.contains("comments_count,comments.limit(50){id,text,timestamp,"),
        "the list asks each post's first page of comments: {asked}"
    );
    let listed: Vec<_> = posts.iter().map(|p| p.listed_comments.clone()).collect();
    let first_page = listed[0].as_ref().expect("the first post carried comments");
    assert_eq!(first_page.comments.len(), 1);
    assert_eq!(first_page.comments[0].author_id.as_deref(), Some("7345"));
    assert!(first_page.more.is_some(), "more follow");
    let whole = listed[1]
        .as_ref()
        .expect("the reel carried all of its comments");
    let ids: Vec<_> = whole.comments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c2", "r2"]);
    assert_eq!(whole.comments[1].parent_id.as_deref(), Some("c2"));
    assert!(whole.more.is_none());
    assert_eq!(
        listed[2]
            .as_ref()
            .map(|l| (l.comments.len(), l.more.is_none())),
        Some((0, true)),
        "no `comments` and a count of 0: none"
    );
    assert_eq!(listed[3], None, "a count of 1 but nothing carried: ask");

    let cursor = first_page.more.clone().unwrap();
    assert!(
        !format!("{cursor:?}").contains(TOKEN),
        "the cursor's Debug hides the token"
    );
    let rest = client
        .more_comments(&token(), "111", &cursor)
        .await
        .unwrap();
    let ids: Vec<_> = rest.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c3", "r3"]);
    assert!(rest.iter().all(|c| c.post_id == "111"));
}

#[tokio::test]
async fn a_more_comments_cursor_to_another_host_is_refused() {
    let server = MockServer::start().await;
    let cursor = engine::instagram::CommentsCursor::new(format!(
        "https://elsewhere.example/v25.0/111/comments?access_token={TOKEN}&after=K2"
    ));
    let outcome = client(&server)
        .more_comments(&token(), "111", &cursor)
        .await;
    assert!(
        matches!(outcome, Err(SourceError::Malformed { .. })),
        "{outcome:?}"
    );
    assert!(requests(&server).await.is_empty());
}

/// A Graph that does not know the `comments` field on media: code 100, as for any unknown field.
fn refusing_the_expansion(request: &Request) -> ResponseTemplate {
    if fields_asked(request).contains("comments.limit") {
        graph_error(
            400,
            100,
            None,
            "(#100) Tried accessing nonexisting field (comments) on node type (IGMedia)",
        )
    } else {
        ResponseTemplate::new(200).set_body_json(json!({
            "data": [media("555", "IMAGE", "FEED", "2026-03-05T18:04:11+0000")]
        }))
    }
}

#[tokio::test]
async fn a_refused_comments_expansion_is_listed_again_without_it_and_not_asked_for_a_day() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me/media"))
        .respond_with(refusing_the_expansion)
        .mount(&server)
        .await;
    let client = client(&server);
    let posts = client.posts(&token()).await.unwrap();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].listed_comments, None, "asked per post instead");
    assert_eq!(
        requests(&server).await.len(),
        2,
        "refused, then read without"
    );
    let since = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let posts = client.posts_since(&token(), since).await.unwrap();
    assert_eq!(posts.len(), 1);
    let asked: Vec<String> = requests(&server).await.iter().map(fields_asked).collect();
    assert_eq!(asked.len(), 3, "the refusal is remembered: one request");
    assert!(!asked[2].contains("comments.limit"), "{}", asked[2]);
}

#[tokio::test]
async fn a_list_that_fails_without_the_expansion_too_is_that_failure() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me/media"))
        .respond_with(graph_error(
            400,
            100,
            Some(2207),
            "(#100) Invalid parameter",
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let outcome = client.posts(&token()).await;
    assert!(
        matches!(outcome, Err(SourceError::Permanent { code: 100, .. })),
        "{outcome:?}"
    );
    client.posts(&token()).await.unwrap_err();
    let asked: Vec<String> = requests(&server).await.iter().map(fields_asked).collect();
    assert_eq!(asked.len(), 4);
    assert!(
        asked[2].contains("comments.limit"),
        "a refusal is remembered only when the list without the expansion worked"
    );
}

// ---------------------------------------------------------------- errors, retries, pacing

#[tokio::test]
async fn error_classification_over_http() {
    // (status, code, subcode, expected, requests made with max_attempts = 3)
    let cases: Vec<(u16, i64, Option<i64>, SourceError, usize)> = vec![
        (400, 190, Some(460), SourceError::Reauth { code: 190 }, 1),
        (400, 102, None, SourceError::Reauth { code: 102 }, 1),
        (
            403,
            4,
            None,
            SourceError::Throttled {
                retry_after: Duration::ZERO,
            },
            3,
        ),
        (
            400,
            17,
            None,
            SourceError::Throttled {
                retry_after: Duration::ZERO,
            },
            3,
        ),
        (
            429,
            80002,
            None,
            SourceError::Throttled {
                retry_after: Duration::ZERO,
            },
            3,
        ),
        (
            500,
            1,
            None,
            SourceError::Transient {
                reason: String::new(),
            },
            3,
        ),
        (
            503,
            2,
            None,
            SourceError::Transient {
                reason: String::new(),
            },
            3,
        ),
        (
            400,
            10,
            None,
            SourceError::MissingPermission { code: 10 },
            1,
        ),
        (
            403,
            200,
            None,
            SourceError::MissingPermission { code: 200 },
            1,
        ),
        (
            400,
            100,
            None,
            SourceError::Permanent {
                code: 100,
                subcode: None,
                message: String::new(),
            },
            1,
        ),
        (
            400,
            100,
            Some(2_108_006),
            SourceError::Permanent {
                code: 100,
                subcode: Some(2_108_006),
                message: String::new(),
            },
            1,
        ),
    ];
    for (status, code, subcode, expected, calls) in cases {
        let server = MockServer::start().await;
        Mock::given(path("/v25.0/me"))
            .respond_with(graph_error(status, code, subcode, "an error"))
            .mount(&server)
            .await;
        let err = client(&server).profile(&token()).await.unwrap_err();
        assert_eq!(
            std::mem::discriminant(&err),
            std::mem::discriminant(&expected),
            "code {code}: {err:?}"
        );
        match (&err, &expected) {
            (SourceError::Reauth { code: a }, SourceError::Reauth { code: b })
            | (
                SourceError::MissingPermission { code: a },
                SourceError::MissingPermission { code: b },
            ) => {
                assert_eq!(a, b);
            }
            (
                SourceError::Permanent {
                    code: a,
                    subcode: sa,
                    ..
                },
                SourceError::Permanent {
                    code: b,
                    subcode: sb,
                    ..
                },
            ) => assert_eq!((a, sa), (b, sb)),
            _ => {}
        }
        assert_eq!(requests(&server).await.len(), calls, "code {code}");
    }

    // A 5xx without a Graph error body.
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    let err = client(&server).profile(&token()).await.unwrap_err();
    assert_eq!(
        err,
        SourceError::Transient {
            reason: "HTTP 502".into()
        }
    );
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn transient_then_success_is_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me"))
        .respond_with(graph_error(500, 1, None, "An unknown error occurred"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/v25.0/me"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user_id": "1", "username": "a"})),
        )
        .mount(&server)
        .await;
    let profile = client(&server).profile(&token()).await.unwrap();
    assert_eq!(profile.user_id, "1");
    assert_eq!(requests(&server).await.len(), 3);
}

/// `/me` throttled once, then answered (`user_id` 1, `username` a).
async fn mount_profile_throttled_once(server: &MockServer) {
    Mock::given(path("/v25.0/me"))
        .respond_with(graph_error(
            400,
            80002,
            None,
            "Application request limit reached",
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(path("/v25.0/me"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user_id": "1", "username": "a"})),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn throttled_then_success_is_retried() {
    let server = MockServer::start().await;
    mount_profile_throttled_once(&server).await;
    let profile = client(&server).profile(&token()).await.unwrap();
    assert_eq!(profile.username, "a");
    assert_eq!(requests(&server).await.len(), 2);
}

/// Remembers what the client tells it.
#[derive(Default)]
pub(super) struct Calls(pub(super) std::sync::Mutex<Vec<(CallFamily, CallOutcome)>>);

impl CallObserver for Calls {
    fn call_ended(&self, family: CallFamily, outcome: CallOutcome) {
        self.0.lock().unwrap().push((family, outcome));
    }
}

#[tokio::test]
async fn the_observer_hears_each_request_by_family_and_outcome() {
    let server = MockServer::start().await;
    mount_profile_throttled_once(&server).await;
    Mock::given(path("/v25.0/me/media"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(graph_error(400, 100, None, "Invalid redirect_uri"))
        .mount(&server)
        .await;
    let calls = std::sync::Arc::new(Calls::default());
    let client = InstagramClient::observed(config(&server), calls.clone()).unwrap();
    client.profile(&token()).await.unwrap();
    client.posts(&token()).await.unwrap_err();
    client.exchange_code("code").await.unwrap_err();
    assert_eq!(
        *calls.0.lock().unwrap(),
        [
            (CallFamily::Profile, CallOutcome::Throttled),
            (CallFamily::Profile, CallOutcome::Ok),
            // The body is read after the request ended well.
            (CallFamily::Media, CallOutcome::Ok),
            (CallFamily::Token, CallOutcome::Refused),
        ]
    );
}

#[tokio::test]
async fn long_regain_time_returns_throttled_without_sleeping() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me"))
        .respond_with(
            graph_error(400, 80002, None, "Application request limit reached").insert_header(
                "x-business-use-case-usage",
                r#"{"17841405793187218":[{"type":"instagram","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":30}]}"#,
            ),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    // A guard, not a timing assertion: sleeping 30 minutes would trip it.
    let result = tokio::time::timeout(Duration::from_secs(60), client.profile(&token())).await;
    let err = result
        .expect("returned without waiting 30 minutes")
        .unwrap_err();
    assert_eq!(
        err,
        SourceError::Throttled {
            retry_after: Duration::from_secs(30 * 60)
        }
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn high_usage_makes_the_next_call_for_that_token_wait() {
    let server = MockServer::start().await;
    Mock::given(path("/v25.0/me"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"user_id": "1", "username": "a"}))
                .insert_header(
                    "x-app-usage",
                    r#"{"call_count":95,"total_time":10,"total_cputime":10}"#,
                ),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v25.0/me"))
        .and(header("authorization", "Bearer IGAAothertoken0123456789"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"user_id": "2", "username": "b"}))
                .insert_header(
                    "x-app-usage",
                    r#"{"call_count":5,"total_time":10,"total_cputime":10}"#,
                ),
        )
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.usage_pause = Duration::from_millis(200);
    let client = InstagramClient::new(config).unwrap();
    let pacer = &client.transport.pacer;
    let other = AccessToken::new("IGAAothertoken0123456789");

    let started = std::time::Instant::now();
    client.profile(&token()).await.unwrap();
    assert_eq!(pacer.pauses_taken(), 0, "the first call does not wait");
    client.profile(&other).await.unwrap();
    assert_eq!(pacer.pauses_taken(), 0, "another token is not paused");
    client.profile(&token()).await.unwrap();
    assert_eq!(
        pacer.pauses_taken(),
        1,
        "the next call for the busy token waited"
    );
    // Sleeps never end early, so this lower bound cannot flake.
    assert!(started.elapsed() >= Duration::from_millis(200));
    client.profile(&other).await.unwrap();
    assert_eq!(pacer.pauses_taken(), 1);
    assert_eq!(requests(&server).await.len(), 4);
}

#[tokio::test]
async fn no_token_or_secret_in_any_error_display() {
    let leaky = format!(
        "Invalid OAuth access token {TOKEN} (also IGAAanothertoken0123456789, {SECRET}) at https://graph.instagram.com/me?access_token={TOKEN}"
    );
    for (status, code) in [(400, 100), (500, 2), (400, 1), (400, 368)] {
        let server = MockServer::start().await;
        Mock::given(path("/v25.0/me"))
            .respond_with(graph_error(status, code, None, &leaky))
            .mount(&server)
            .await;
        let err = client(&server).profile(&token()).await.unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains("IGAAanothertoken"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("Invalid OAuth access token"), "{shown}");
    }
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error_type": "OAuthException", "code": 400,
            "error_message": format!("code the-code-123456 with secret {SECRET} rejected")
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .exchange_code("the-code-123456")
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("the-code-123456") && !shown.contains(SECRET),
        "{shown}"
    );
}

#[tokio::test]
async fn connection_refused_is_transient_without_url() {
    let server = MockServer::start().await;
    let mut config = config(&server);
    drop(server);
    config.graph_url = Url::parse("http://127.0.0.1:9").unwrap();
    let client = InstagramClient::new(config).unwrap();
    let err = client.profile(&token()).await.unwrap_err();
    assert!(matches!(err, SourceError::Transient { .. }), "{err:?}");
    assert!(!err.to_string().contains("127.0.0.1"));
}

// ---------------------------------------------------------------- end to end with the sandbox

#[tokio::test]
async fn end_to_end_against_the_sandbox() {
    use crate::sandbox::{PostKind, Sandbox, SandboxConfig};

    let today = date(2026, 6, 15);
    let shutdown = tokio_util::sync::CancellationToken::new();
    let sandbox = Sandbox::start(
        SandboxConfig::new(today),
        "127.0.0.1:0".parse().unwrap(),
        shutdown.clone(),
    )
    .await
    .unwrap();
    let base = sandbox.base_url();
    let mut config = InstagramConfig::new(
        "sandbox-app-id",
        "sandbox-app-secret",
        "https://pulse.example/oauth/callback",
    );
    config.authorize_url = Url::parse(&format!("{base}/oauth/authorize")).unwrap();
    config.token_url = Url::parse(&format!("{base}/oauth/access_token")).unwrap();
    config.graph_url = Url::parse(&base).unwrap();
    config.base_backoff = Duration::from_millis(1);
    config.max_backoff = Duration::from_millis(10);
    config.usage_pause = Duration::from_millis(10);
    let client = InstagramClient::new(config).unwrap();
    let account = &sandbox.accounts()[0];

    // Authorize: a plain GET (no text/html) approves at once and redirects with the code.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = browser
        .get(client.authorize_url("csrf-state-1"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap()
        .to_owned();
    let location = Url::parse(&location).unwrap();
    assert!(location
        .as_str()
        .starts_with("https://pulse.example/oauth/callback?"));
    assert_eq!(location.fragment(), Some("_"));
    let pairs: HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert_eq!(pairs["state"], "csrf-state-1");
    // Pasted with the `#_` Instagram appends.
    let pasted = format!("{}#_", pairs["code"]);

    let short = client.exchange_code(&pasted).await.unwrap();
    assert_eq!(
        short.app_scoped_user_id, account.profile.id,
        "exact past 2^53"
    );
    assert!(short
        .permissions
        .iter()
        .any(|p| p == "instagram_business_manage_insights"));
    // The code is single use.
    let reused = client.exchange_code(&pasted).await.unwrap_err();
    assert!(
        matches!(reused, SourceError::BadAuthorizationCode { .. }),
        "{reused:?}"
    );

    let long = client.long_lived_token(&short.token).await.unwrap();
    assert!(long.expires_in >= Duration::from_secs(59 * 86_400));
    let token = long.token;

    let profile = client.profile(&token).await.unwrap();
    assert_eq!(profile.user_id, account.profile.user_id);
    assert_eq!(profile.app_scoped_id, account.profile.id);
    assert_eq!(profile.username, account.profile.username);
    assert_eq!(profile.followers_count, account.profile.followers_count);

    let posts = client.posts(&token).await.unwrap();
    assert_eq!(posts.len(), account.posts.len(), "every page followed");
    assert!(
        posts.len() as u64 > profile.media_count,
        "the sandbox serves more than media_count"
    );
    for (got, want) in posts.iter().zip(&account.posts) {
        assert_eq!(got.id, want.id);
        assert_eq!(got.published_at, want.timestamp);
        let kind = match want.kind {
            PostKind::Image => MediaKind::Image,
            PostKind::Video => MediaKind::Video,
            PostKind::Reel => MediaKind::Reel,
            PostKind::Carousel => MediaKind::Carousel,
            PostKind::Story { .. } => MediaKind::Story,
        };
        assert_eq!(got.kind, kind, "{}", got.id);
    }

    // Insights of a few posts: the newest three, one image that rejects shares, one reel.
    let mut chosen: Vec<&Post> = posts.iter().take(3).collect();
    let rejecting = account
        .posts
        .iter()
        .find(|p| p.rejects_shares && !p.pre_conversion)
        .and_then(|p| posts.iter().find(|q| q.id == p.id))
        .expect("the sandbox has an image that rejects shares");
    chosen.push(rejecting);
    chosen.extend(posts.iter().find(|p| p.kind == MediaKind::Reel));
    assert!(chosen.len() >= 4);
    for post in chosen {
        let want = &account.post(&post.id).unwrap().insights;
        let got = client.post_insights(&token, post).await.unwrap();
        assert_eq!(got.views, Some(want.views), "{}", post.id);
        assert_eq!(got.reach, Some(want.reach));
        assert_eq!(got.likes, Some(want.likes));
        assert_eq!(got.saves, Some(want.saved));
        assert_eq!(got.total_interactions, Some(want.total_interactions));
        assert_eq!(got.shares, want.shares, "{}", post.id);
        if post.kind == MediaKind::Reel {
            assert_eq!(got.follows, None);
        } else {
            assert_eq!(got.follows, want.follows);
            assert_eq!(got.profile_visits, want.profile_visits);
        }
    }
    let old = account.posts.iter().find(|p| p.pre_conversion).unwrap();
    let old = posts.iter().find(|p| p.id == old.id).unwrap();
    let err = client.post_insights(&token, old).await.unwrap_err();
    assert!(
        matches!(
            err,
            SourceError::Permanent {
                code: 100,
                subcode: Some(2_108_006),
                ..
            }
        ),
        "{err:?}"
    );

    // Thirty days of account insights ending yesterday.
    let first = today - chrono::Days::new(30);
    let last = today - chrono::Days::new(1);
    let days = client.daily_insights(&token, first, last).await.unwrap();
    assert_eq!(days.len(), 30);
    for day in &days {
        let want = account.day(day.date).unwrap();
        assert_eq!(day.reach, Some(want.reach), "{}", day.date);
        assert_eq!(day.views, Some(want.views));
        assert_eq!(day.likes, Some(want.likes));
        assert_eq!(day.follower_count, i64::try_from(want.follower_count).ok());
    }
    assert_eq!((days[0].date, days[29].date), (first, last));

    // Comments of the newest post, replies flattened in.
    let newest = &posts[0];
    let comments = client.comments(&token, &newest.id).await.unwrap();
    let want: Vec<_> = account.comments_on(&newest.id).collect();
    assert_eq!(comments.len(), want.len());
    let replies = comments.iter().filter(|c| c.parent_id.is_some()).count();
    assert_eq!(
        replies,
        want.iter().filter(|c| c.parent_id.is_some()).count()
    );

    // The sandbox throttles the 40th call of each token once; the client rode it out.
    let calls = sandbox.calls();
    assert_eq!(calls.throttled, 1, "{calls:?}");
    // 50 a page, one page short (sandbox): at least ceil(n / 50) pages, never one per item.
    let pages = calls.media_pages as usize;
    assert!(
        pages >= posts.len().div_ceil(50) && pages < posts.len(),
        "{calls:?}"
    );

    shutdown.cancel();
    sandbox.stopped().await;
}

#[tokio::test]
async fn a_rejected_metric_is_not_asked_again_for_that_account_and_type() {
    let server = MockServer::start().await;
    Mock::given(path_regex(r"^/v25\.0/\d+/insights$"))
        .respond_with(rejecting_shares)
        .mount(&server)
        .await;
    let client = client(&server);
    for n in 0..5 {
        let image = post(&format!("30{n}"), MediaKind::Image);
        let metrics = client.post_insights(&token(), &image).await.unwrap();
        assert_eq!((metrics.shares, metrics.reach), (None, Some(11)));
    }
    // The first image asked twice (with shares, then without), the next four once.
    assert_eq!(requests(&server).await.len(), 2 + 4);
    let asked_shares = |sent: &[Request]| {
        sent.iter()
            .filter(|r| query(r)["metric"].split(',').any(|m| m == "shares"))
            .count()
    };
    assert_eq!(asked_shares(&requests(&server).await), 1);
    // Another account's images, and this account's reels, are asked for it as before.
    client
        .post_insights(
            &AccessToken::new("another-account"),
            &post("400", MediaKind::Image),
        )
        .await
        .unwrap();
    assert_eq!(asked_shares(&requests(&server).await), 2);
    client
        .post_insights(&token(), &post("500", MediaKind::Reel))
        .await
        .unwrap();
    assert_eq!(asked_shares(&requests(&server).await), 3);
}

// ---------------------------------------------------------------- Actions

/// The form a request carried.
pub(super) fn form_of(request: &Request) -> HashMap<String, String> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

#[tokio::test]
async fn a_public_reply_posts_the_message_in_the_query_and_a_form_and_returns_the_reply_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17858893269000001/replies"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id": 17858893269000999}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let id = client(&server)
        .reply_to_comment(&token(), "17858893269000001", "Hi & welcome — DM us 💌")
        .await
        .unwrap();
    assert_eq!(id, "17858893269000999");
    let sent = requests(&server).await;
    assert_eq!(form_of(&sent[0])["message"], "Hi & welcome — DM us 💌");
    assert_eq!(form_of(&sent[0]).len(), 1);
    // As Meta's reference writes it (`POST /{ig-comment-id}/replies?message=…`); never
    // the token.
    let in_query = query(&sent[0]);
    assert_eq!(in_query.len(), 1, "{in_query:?}");
    assert_eq!(in_query["message"], "Hi & welcome — DM us 💌");
}

#[tokio::test]
async fn a_private_reply_posts_the_documented_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841400000000001/messages"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": "6170000000000001", "message_id": "m_1"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .private_reply(
            &token(),
            "17841400000000001",
            "17858893269000001",
            "Sizes S to XL, 49 €",
        )
        .await
        .unwrap();
    let sent = requests(&server).await;
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body,
        json!({"recipient": {"comment_id": "17858893269000001"}, "message": {"text": "Sizes S to XL, 49 €"}})
    );
}

#[tokio::test]
async fn hiding_showing_and_subscribing_post_their_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17858893269000001"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/me/subscribed_apps"))
        .and(query_param("subscribed_fields", "comments"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .set_comment_hidden(&token(), "17858893269000001", true)
        .await
        .unwrap();
    client
        .set_comment_hidden(&token(), "17858893269000001", false)
        .await
        .unwrap();
    client.subscribe_to_comments(&token()).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(query(&sent[0])["hide"], "true");
    assert_eq!(query(&sent[1])["hide"], "false");
    assert_eq!(query(&sent[2]).len(), 1);
}

#[tokio::test]
async fn an_answer_without_success_is_malformed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": false})))
        .mount(&server)
        .await;
    let error = client(&server)
        .set_comment_hidden(&token(), "1", true)
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::Malformed { .. }), "{error:?}");
}

#[tokio::test]
async fn refused_actions_are_classified_and_scrubbed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/1/replies"))
        .respond_with(graph_error(
            400,
            100,
            Some(2_534_001),
            &format!("Replies are only allowed on top-level comments {TOKEN}"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/2/replies"))
        .respond_with(graph_error(
            403,
            10,
            None,
            "Application does not have permission",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/3"))
        .respond_with(graph_error(403, 200, None, "Permissions error"))
        .mount(&server)
        .await;
    let client = client(&server);
    match client.reply_to_comment(&token(), "1", "hi").await {
        Err(SourceError::Permanent {
            code: 100,
            subcode: Some(2_534_001),
            message,
        }) => {
            assert!(message.starts_with("Replies are only allowed"), "{message}");
            assert!(!message.contains(TOKEN), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        client.reply_to_comment(&token(), "2", "hi").await,
        Err(SourceError::MissingPermission { code: 10 })
    );
    assert_eq!(
        client.set_comment_hidden(&token(), "3", true).await,
        Err(SourceError::MissingPermission { code: 200 })
    );
    assert_eq!(requests(&server).await.len(), 3, "refusals are not retried");
}

#[tokio::test]
async fn private_reply_refusals_keep_their_subcodes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841400000000001/messages"))
        .and(body_string_contains("\"old\""))
        .respond_with(graph_error(
            400,
            10,
            Some(2_534_022),
            "This message is sent outside of allowed window.",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841400000000001/messages"))
        .and(body_string_contains("\"twice\""))
        .respond_with(graph_error(
            400,
            100,
            Some(2_534_023),
            "Only one private reply is allowed per comment",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841400000000001/messages"))
        .and(body_string_contains("\"denied\""))
        .respond_with(graph_error(
            403,
            10,
            None,
            "Requires instagram_business_manage_messages",
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    assert!(matches!(
        client
            .private_reply(&token(), "17841400000000001", "old", "hi")
            .await,
        Err(SourceError::Permanent {
            code: 10,
            subcode: Some(2_534_022),
            ..
        })
    ));
    assert!(matches!(
        client
            .private_reply(&token(), "17841400000000001", "twice", "hi")
            .await,
        Err(SourceError::Permanent {
            code: 100,
            subcode: Some(2_534_023),
            ..
        })
    ));
    assert_eq!(
        client
            .private_reply(&token(), "17841400000000001", "denied", "hi")
            .await,
        Err(SourceError::MissingPermission { code: 10 })
    );
}

#[tokio::test]
async fn a_write_that_times_out_after_sending_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "9"}))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.request_timeout = Duration::from_millis(200);
    let client = InstagramClient::new(config).unwrap();
    let error = client
        .reply_to_comment(&token(), "1", "hi")
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::Transient { .. }), "{error:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

/// A server on 127.0.0.1 that reads each request and closes the connection without an answer;
/// the address and how many connections it saw.
pub(super) async fn hanging_up_server() -> (
    std::net::SocketAddr,
    std::sync::Arc<std::sync::atomic::AtomicU64>,
) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = std::sync::Arc::new(AtomicU64::new(0));
    let counter = std::sync::Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf).await;
            drop(stream);
        }
    });
    (addr, seen)
}

#[tokio::test]
async fn a_write_whose_connection_is_reset_is_not_sent_again_but_a_read_is() {
    use std::sync::atomic::Ordering;
    let (addr, seen) = hanging_up_server().await;
    let mut config = InstagramConfig::new("app-123", SECRET, "https://pulse.example/cb");
    config.graph_url = Url::parse(&format!("http://{addr}")).unwrap();
    config.max_attempts = 3;
    config.base_backoff = Duration::from_millis(1);
    config.max_backoff = Duration::from_millis(5);
    let client = InstagramClient::new(config).unwrap();
    let error = client
        .private_reply(&token(), "17841400000000001", "1", "hi")
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::Transient { .. }), "{error:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1);
    client.profile(&token()).await.unwrap_err();
    assert_eq!(seen.load(Ordering::SeqCst), 1 + 3, "reads are retried");
}

#[tokio::test]
async fn a_write_answered_with_a_5xx_or_code_2_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/1/replies"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/2/replies"))
        .respond_with(graph_error(503, 2, None, "Service temporarily unavailable"))
        .mount(&server)
        .await;
    let client = client(&server);
    for id in ["1", "2"] {
        let error = client
            .reply_to_comment(&token(), id, "hi")
            .await
            .unwrap_err();
        assert!(matches!(error, SourceError::Transient { .. }), "{error:?}");
    }
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_throttled_write_did_nothing_and_is_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(graph_error(
            400,
            4,
            None,
            "Application request limit reached",
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "77"})))
        .mount(&server)
        .await;
    let calls = std::sync::Arc::new(Calls::default());
    let client = InstagramClient::observed(config(&server), calls.clone()).unwrap();
    assert_eq!(
        client.reply_to_comment(&token(), "1", "hi").await.unwrap(),
        "77"
    );
    assert_eq!(requests(&server).await.len(), 2);
    assert_eq!(
        *calls.0.lock().unwrap(),
        [
            (CallFamily::Actions, CallOutcome::Throttled),
            (CallFamily::Actions, CallOutcome::Ok),
        ]
    );
}
