//! Tests of the sandbox TikTok, over HTTP with plain reqwest from the documented wire format
//! (not through a TikTok client), against a sandbox on `127.0.0.1:0` with a tiny Instagram
//! account.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;

use chrono::{Duration, NaiveDate};
use reqwest::header::{ACCEPT, LOCATION};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use crate::sandbox::{
    AccountSpec, Posting, Sandbox, SandboxConfig, SandboxTikTokUser, TikTokConfig, TikTokUserSpec,
};

const REDIRECT: &str = "https://pulse.example/oauth/tiktok/callback";
const ALL_SCOPES: &str = "user.info.basic,user.info.profile,user.info.stats,video.list";
const KEY: &str = "sandbox-client-key";
const SECRET: &str = "sandbox-client-secret";
const VIDEO_FIELDS: &str = "id,title,video_description,create_time,duration,share_url,view_count,like_count,comment_count,share_count";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("valid date")
}

/// A sandbox with a tiny Instagram account and the TikTok `tiktok` config.
async fn start(tiktok: TikTokConfig) -> (Sandbox, CancellationToken) {
    let mut config = SandboxConfig::new(today());
    config.accounts = vec![AccountSpec {
        seed: 5,
        username: "tiny.sandbox".to_owned(),
        posts: 4,
        commenters: 4,
        followers: 10,
        posting: Posting::Daily,
    }];
    config.throttle_on_call = None;
    config.tiktok = tiktok;
    let shutdown = CancellationToken::new();
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let sandbox = Sandbox::start(config, addr, shutdown.clone())
        .await
        .expect("sandbox starts");
    (sandbox, shutdown)
}

async fn start_calm() -> (Sandbox, CancellationToken) {
    start(TikTokConfig::calm()).await
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn authorize_url(sb: &Sandbox, scopes: &str, state: &str) -> String {
    let mut url = url::Url::parse(&sb.tiktok_authorize_url()).expect("url");
    url.query_pairs_mut()
        .append_pair("client_key", KEY)
        .append_pair("scope", scopes)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("state", state);
    url.to_string()
}

/// The redirect's query, decoded.
fn redirect_query(resp: &reqwest::Response) -> HashMap<String, String> {
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()[LOCATION].to_str().expect("ascii");
    assert!(location.starts_with(REDIRECT), "{location}");
    url::Url::parse(location)
        .expect("location is a URL")
        .query_pairs()
        .into_owned()
        .collect()
}

async fn authorize(sb: &Sandbox, scopes: &str, state: &str) -> HashMap<String, String> {
    let resp = http()
        .get(authorize_url(sb, scopes, state))
        .send()
        .await
        .expect("authorize");
    redirect_query(&resp)
}

async fn post_form(url: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let resp = http().post(url).form(form).send().await.expect("post");
    let status = resp.status();
    (status, resp.json().await.expect("json body"))
}

async fn exchange(sb: &Sandbox, code: &str, redirect: &str) -> (StatusCode, Value) {
    post_form(
        &format!("{}/v2/oauth/token/", sb.tiktok_api_url()),
        &[
            ("client_key", KEY),
            ("client_secret", SECRET),
            ("code", code),
            ("grant_type", "authorization_code"),
            ("redirect_uri", redirect),
        ],
    )
    .await
}

async fn refresh(sb: &Sandbox, token: &str) -> (StatusCode, Value) {
    post_form(
        &format!("{}/v2/oauth/token/", sb.tiktok_api_url()),
        &[
            ("client_key", KEY),
            ("client_secret", SECRET),
            ("grant_type", "refresh_token"),
            ("refresh_token", token),
        ],
    )
    .await
}

async fn revoke(sb: &Sandbox, token: &str) -> (StatusCode, Value) {
    post_form(
        &format!("{}/v2/oauth/revoke/", sb.tiktok_api_url()),
        &[
            ("client_key", KEY),
            ("client_secret", SECRET),
            ("token", token),
        ],
    )
    .await
}

/// The whole dance: tokens for the default user with `scopes`.
async fn login(sb: &Sandbox, scopes: &str) -> Value {
    let q = authorize(sb, scopes, "st").await;
    let (status, body) = exchange(sb, &q["code"], REDIRECT).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

async fn user_info(sb: &Sandbox, token: &str, fields: &str) -> (StatusCode, Value) {
    let resp = http()
        .get(format!("{}/v2/user/info/", sb.tiktok_api_url()))
        .query(&[("fields", fields)])
        .bearer_auth(token)
        .send()
        .await
        .expect("user info");
    let status = resp.status();
    (status, resp.json().await.expect("json"))
}

async fn video_post(sb: &Sandbox, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let resp = http()
        .post(format!("{}/v2/video/{path}/", sb.tiktok_api_url()))
        .query(&[("fields", VIDEO_FIELDS)])
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("video call");
    let status = resp.status();
    (status, resp.json().await.expect("json"))
}

fn error_code(body: &Value) -> &str {
    s(&body["error"]["code"])
}

#[tokio::test]
async fn authorize_code_token_and_user_info() {
    let (sb, shutdown) = start_calm().await;
    let q = authorize(&sb, ALL_SCOPES, "csrf-1").await;
    assert_eq!(q["state"], "csrf-1");
    assert_eq!(q["scopes"], ALL_SCOPES);
    let code = &q["code"];
    assert!(code.contains('!') && code.contains('*'), "{code}");
    let (status, body) = exchange(&sb, code, REDIRECT).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let user = &sb.tiktok_users()[0];
    assert!(s(&body["access_token"]).starts_with("act."));
    assert!(s(&body["refresh_token"]).starts_with("rft."));
    assert_eq!(body["expires_in"], 7200);
    assert_eq!(body["refresh_expires_in"], 15_552_000);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], ALL_SCOPES);
    assert_eq!(body["open_id"], json!(user.open_id));

    let (status, info) = user_info(
        &sb,
        s(&body["access_token"]),
        "open_id,union_id,avatar_url,display_name,username,bio_description,is_verified,follower_count,following_count,likes_count,video_count",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{info}");
    assert_eq!(error_code(&info), "ok");
    assert!(!s(&info["error"]["log_id"]).is_empty());
    let u = &info["data"]["user"];
    let expected = sb
        .tiktok_profile_at("pulse.demo.tiktok", sb.now())
        .expect("profile");
    assert_eq!(u["display_name"], "Pulse Demo Shop");
    assert_eq!(u["username"], "pulse.demo.tiktok");
    assert_eq!(u["open_id"], json!(expected.open_id));
    assert_eq!(u["follower_count"], json!(expected.follower_count));
    assert_eq!(u["likes_count"], json!(expected.likes_count));
    assert_eq!(u["video_count"], 45);
    assert!(u.get("avatar_url_100").is_none(), "only the fields asked");
    assert!(sb
        .issued_secrets()
        .contains(&s(&body["refresh_token"]).to_owned()));
    assert_eq!(sb.tiktok_calls().token, 1);
    assert_eq!(sb.tiktok_calls().user_info, 1);
    shutdown.cancel();
}

#[tokio::test]
async fn codes_are_single_use_bound_to_the_redirect_and_short_lived() {
    let (sb, shutdown) = start_calm().await;
    let q = authorize(&sb, ALL_SCOPES, "a").await;
    let (status, _) = exchange(&sb, &q["code"], REDIRECT).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = exchange(&sb, &q["code"], REDIRECT).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert!(!s(&body["log_id"]).is_empty() && !s(&body["error_description"]).is_empty());

    // Another redirect URI consumes the code too.
    let q = authorize(&sb, ALL_SCOPES, "b").await;
    let (_, body) = exchange(&sb, &q["code"], "https://evil.example/cb").await;
    assert_eq!(body["error"], "invalid_grant");
    let (_, body) = exchange(&sb, &q["code"], REDIRECT).await;
    assert_eq!(body["error"], "invalid_grant");

    // Still percent-encoded: not the code.
    let q = authorize(&sb, ALL_SCOPES, "c").await;
    let (_, body) = exchange(&sb, &q["code"].replace('!', "%21"), REDIRECT).await;
    assert_eq!(body["error"], "invalid_grant");

    // Wrong secret.
    let q = authorize(&sb, ALL_SCOPES, "d").await;
    let (status, body) = post_form(
        &format!("{}/v2/oauth/token/", sb.tiktok_api_url()),
        &[
            ("client_key", KEY),
            ("client_secret", "nope"),
            ("code", &q["code"]),
            ("grant_type", "authorization_code"),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_client");

    // Ten minutes by the sandbox's clock.
    let q = authorize(&sb, ALL_SCOPES, "e").await;
    sb.advance_clock(Duration::minutes(11));
    let (_, body) = exchange(&sb, &q["code"], REDIRECT).await;
    assert_eq!(body["error"], "invalid_grant");
    shutdown.cancel();
}

#[tokio::test]
async fn consent_page_denial_and_bad_requests() {
    let (sb, shutdown) = start_calm().await;
    let page = http()
        .get(authorize_url(&sb, ALL_SCOPES, "x"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    let text = page.text().await.expect("text");
    assert!(text.contains("/tiktok/v2/auth/authorize/allow?") && text.contains("@second.tiktok"));

    // The Deny link, then the standing knob.
    let deny = authorize_url(&sb, ALL_SCOPES, "x").replace("/authorize/?", "/authorize/deny?");
    let q = redirect_query(&http().get(deny).send().await.expect("deny"));
    assert_eq!(q["error"], "access_denied");
    assert_eq!(q["state"], "x");
    assert!(!q.contains_key("code"));
    sb.tiktok_deny(true);
    let q = authorize(&sb, ALL_SCOPES, "y").await;
    assert_eq!(q["error"], "access_denied");
    assert!(!q["error_description"].is_empty());
    sb.tiktok_deny(false);

    // Another user through `account=`.
    let url = format!(
        "{}&account=second.tiktok",
        authorize_url(&sb, ALL_SCOPES, "z")
    );
    let q = redirect_query(&http().get(url).send().await.expect("authorize"));
    let (_, body) = exchange(&sb, &q["code"], REDIRECT).await;
    assert_eq!(body["open_id"], json!(sb.tiktok_users()[1].open_id));

    let q = authorize(&sb, "user.info.basic,video.upload", "s").await;
    assert_eq!(q["error"], "invalid_scope");
    let bad_key = authorize_url(&sb, ALL_SCOPES, "s").replace(KEY, "other-key");
    let resp = http().get(bad_key).send().await.expect("authorize");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.headers().get(LOCATION).is_none());
    assert_eq!(sb.tiktok_calls().authorize, 6);
    shutdown.cancel();
}

#[tokio::test]
async fn withheld_scopes_gate_fields_and_fail_the_whole_call() {
    let (sb, shutdown) = start_calm().await;
    sb.tiktok_withhold_scopes(&["user.info.stats"]);
    let q = authorize(&sb, ALL_SCOPES, "s").await;
    assert_eq!(q["scopes"], "user.info.basic,user.info.profile,video.list");
    let (_, tokens) = exchange(&sb, &q["code"], REDIRECT).await;
    assert_eq!(
        tokens["scope"],
        "user.info.basic,user.info.profile,video.list"
    );
    let token = s(&tokens["access_token"]);

    let (status, body) = user_info(&sb, token, "open_id,display_name,follower_count").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "scope_permission_missed");
    assert_eq!(body["data"], json!({}), "nothing of the call is served");
    let (status, body) = user_info(&sb, token, "open_id,display_name,username").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["user"]["username"], "pulse.demo.tiktok");
    let (status, body) = user_info(&sb, token, "open_id,email").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "invalid_params");
    let (status, body) = user_info(&sb, token, "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "invalid_params");

    // Without video.list, the video endpoints refuse.
    let issued = sb
        .tiktok_issue_tokens("pulse.demo.tiktok", &["user.info.basic"])
        .expect("user");
    let (status, body) = video_post(&sb, &issued.access_token, "list", json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "scope_not_authorized");
    shutdown.cancel();
}

#[tokio::test]
async fn refresh_rotates_and_the_old_refresh_token_dies() {
    let (sb, shutdown) = start_calm().await;
    let first = login(&sb, ALL_SCOPES).await;
    sb.advance_clock(Duration::days(1));
    let (status, second) = refresh(&sb, s(&first["refresh_token"])).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_ne!(second["access_token"], first["access_token"]);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(second["open_id"], first["open_id"]);
    assert_eq!(second["scope"], first["scope"]);
    assert_eq!(second["expires_in"], 7200);
    let left = second["refresh_expires_in"].as_u64().unwrap_or_default();
    assert!(
        (15_552_000 - 86_400 - 60..=15_552_000 - 86_400).contains(&left),
        "the grant's deadline carries over: {left}"
    );

    let (status, body) = refresh(&sb, s(&first["refresh_token"])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    let (status, third) = refresh(&sb, s(&second["refresh_token"])).await;
    assert_eq!(status, StatusCode::OK, "{third}");
    let (status, _) = user_info(&sb, s(&third["access_token"]), "open_id").await;
    assert_eq!(status, StatusCode::OK);
    // The second access token is younger than 2 hours: it still works after the rotation.
    let (status, _) = user_info(&sb, s(&second["access_token"]), "open_id").await;
    assert_eq!(status, StatusCode::OK);

    sb.tiktok_expire_refresh_tokens();
    let (_, body) = refresh(&sb, s(&third["refresh_token"])).await;
    assert_eq!(body["error"], "invalid_grant");
    shutdown.cancel();
}

#[tokio::test]
async fn access_tokens_expire_by_the_clock_and_on_demand() {
    let (sb, shutdown) = start_calm().await;
    let tokens = login(&sb, ALL_SCOPES).await;
    let access = s(&tokens["access_token"]);
    sb.advance_clock(Duration::minutes(119));
    let (status, _) = user_info(&sb, access, "open_id").await;
    assert_eq!(status, StatusCode::OK);
    sb.advance_clock(Duration::minutes(2));
    let (status, body) = user_info(&sb, access, "open_id").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "access_token_invalid");
    let (_, renewed) = refresh(&sb, s(&tokens["refresh_token"])).await;
    let (status, _) = user_info(&sb, s(&renewed["access_token"]), "open_id").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sb.tiktok_expire_access_tokens(), 2);
    let (status, _) = user_info(&sb, s(&renewed["access_token"]), "open_id").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // No token, or an unknown one.
    let resp = http()
        .get(format!(
            "{}/v2/user/info/?fields=open_id",
            sb.tiktok_api_url()
        ))
        .send()
        .await
        .expect("call");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = user_info(&sb, "act.unknown", "open_id").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    shutdown.cancel();
}

#[tokio::test]
async fn revoke_kills_every_token_of_the_user_and_is_recorded() {
    let (sb, shutdown) = start_calm().await;
    let first = login(&sb, ALL_SCOPES).await;
    let other = login(&sb, ALL_SCOPES).await;
    let second_user = sb
        .tiktok_issue_tokens("second.tiktok", &["user.info.basic", "video.list"])
        .expect("user");
    let (status, body) = revoke(&sb, s(&first["access_token"])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({}));
    assert_eq!(
        sb.tiktok_revoked(),
        vec![sb.tiktok_users()[0].open_id.clone()]
    );
    for token in [&first, &other] {
        let (status, body) = user_info(&sb, s(&token["access_token"]), "open_id").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(&body), "access_token_invalid");
        let (_, body) = refresh(&sb, s(&token["refresh_token"])).await;
        assert_eq!(body["error"], "invalid_grant");
    }
    // Another user's tokens live on.
    let (status, _) = user_info(&sb, &second_user.access_token, "open_id").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = revoke(&sb, "act.never-issued").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(sb.tiktok_calls().revoke, 2);
    shutdown.cancel();
}

#[tokio::test]
async fn list_paging_walks_every_video_exactly_once_across_the_boundary() {
    let (sb, shutdown) = start_calm().await;
    let tokens = login(&sb, ALL_SCOPES).await;
    let token = s(&tokens["access_token"]);
    let expected = sb.tiktok_videos_at("pulse.demo.tiktok", sb.now());
    assert_eq!(expected.len(), 45);
    // The trap: the 20th and 21st share their create_time second.
    assert_eq!(
        expected[19].video.create_time(),
        expected[20].video.create_time()
    );

    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor: Option<i64> = None;
    loop {
        let mut body = json!({"max_count": 20});
        if let Some(c) = cursor {
            body["cursor"] = json!(c);
        }
        let (status, page) = video_post(&sb, token, "list", body).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let videos = page["data"]["videos"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        sizes.push(videos.len());
        for v in &videos {
            seen.push(s(&v["id"]).to_owned());
        }
        if !page["data"]["has_more"].as_bool().unwrap_or(false) {
            break;
        }
        cursor = page["data"]["cursor"].as_i64();
        assert!(sizes.len() < 10, "paging ends");
    }
    assert_eq!(
        sizes,
        [20, 10, 15],
        "the second page is short although has_more"
    );
    let ids: Vec<String> = expected.iter().map(|v| v.video.id.clone()).collect();
    assert_eq!(seen, ids, "newest first, each exactly once");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 45);

    // The first page's cursor is the 20th video's time in ms; `create_time × 1000` loses one.
    let (_, first) = video_post(&sb, token, "list", json!({"max_count": 20})).await;
    assert_eq!(
        first["data"]["cursor"],
        json!(expected[19].video.create_time_ms())
    );
    let v = &first["data"]["videos"][19];
    assert_eq!(v["create_time"], json!(expected[19].video.create_time()));
    assert_eq!(v["view_count"], json!(expected[19].counts.views));
    assert_eq!(v["like_count"], json!(expected[19].counts.likes));
    let naive = expected[19].video.create_time() * 1000;
    let (_, page) = video_post(&sb, token, "list", json!({"max_count": 5, "cursor": naive})).await;
    assert_eq!(
        page["data"]["videos"][0]["id"],
        json!(expected[21].video.id)
    );

    // Defaults and bounds.
    let (_, page) = video_post(&sb, token, "list", json!({})).await;
    assert_eq!(page["data"]["videos"].as_array().map(Vec::len), Some(10));
    for bad in [
        json!({"max_count": 21}),
        json!({"max_count": 0}),
        json!({"cursor": "x"}),
    ] {
        let (status, body) = video_post(&sb, token, "list", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(error_code(&body), "invalid_params");
    }
    let resp = http()
        .post(format!(
            "{}/v2/video/list/?fields=id,bogus",
            sb.tiktok_api_url()
        ))
        .bearer_auth(token)
        .json(&json!({}))
        .send()
        .await
        .expect("call");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    shutdown.cancel();
}

#[tokio::test]
async fn query_returns_only_the_users_own_videos() {
    let (sb, shutdown) = start_calm().await;
    let tokens = login(&sb, ALL_SCOPES).await;
    let token = s(&tokens["access_token"]);
    let now = sb.now();
    let own = sb.tiktok_videos_at("pulse.demo.tiktok", now);
    let foreign = sb.tiktok_videos_at("second.tiktok", now);
    let ids = json!([
        own[3].video.id,
        foreign[0].video.id,
        "7000000000000000001",
        own[0].video.id,
        own[3].video.id
    ]);
    let (status, body) =
        video_post(&sb, token, "query", json!({"filters": {"video_ids": ids}})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let got: Vec<&str> = body["data"]["videos"]
        .as_array()
        .map(|v| v.iter().map(|x| s(&x["id"])).collect())
        .unwrap_or_default();
    assert_eq!(got, [own[3].video.id.as_str(), own[0].video.id.as_str()]);
    assert_eq!(
        body["data"]["videos"][1]["view_count"],
        json!(own[0].counts.views)
    );

    let many: Vec<&str> = own.iter().take(21).map(|v| v.video.id.as_str()).collect();
    for bad in [
        json!({"filters": {"video_ids": many}}),
        json!({"filters": {"video_ids": []}}),
        json!({}),
    ] {
        let (status, body) = video_post(&sb, token, "query", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(error_code(&body), "invalid_params");
    }
    assert_eq!(sb.tiktok_calls().video_query, 4);
    shutdown.cancel();
}

#[tokio::test]
async fn rate_limit_and_internal_error_each_happen_once_then_calls_succeed() {
    let (sb, shutdown) = start(TikTokConfig::default()).await;
    let tokens = login(&sb, ALL_SCOPES).await;
    let token = s(&tokens["access_token"]);
    let mut answers = Vec::new();
    for _ in 0..9 {
        let (status, body) = user_info(&sb, token, "open_id").await;
        answers.push((status.as_u16(), error_code(&body).to_owned()));
    }
    let expected: Vec<(u16, String)> = (1..=9)
        .map(|n| match n {
            3 => (200, "internal_error".to_owned()),
            7 => (429, "rate_limit_exceeded".to_owned()),
            _ => (200, "ok".to_owned()),
        })
        .collect();
    assert_eq!(answers, expected);

    // A new token gets its own 429 on its 7th call; the internal error does not come back.
    let (_, renewed) = refresh(&sb, s(&tokens["refresh_token"])).await;
    let token = s(&renewed["access_token"]);
    let mut codes = Vec::new();
    for _ in 0..8 {
        let (status, body) = video_post(&sb, token, "list", json!({"max_count": 1})).await;
        codes.push((status.as_u16(), error_code(&body).to_owned()));
    }
    assert_eq!(codes[6], (429, "rate_limit_exceeded".to_owned()));
    assert_eq!(codes.iter().filter(|(_, c)| c == "ok").count(), 7);
    let calls = sb.tiktok_calls();
    assert_eq!((calls.rate_limited, calls.internal_errors), (2, 1));
    assert_eq!((calls.user_info, calls.video_list), (9, 8));
    shutdown.cancel();
}

#[tokio::test]
async fn counts_grow_as_the_clock_advances() {
    let (sb, shutdown) = start_calm().await;
    let tokens = login(&sb, ALL_SCOPES).await;
    let token = s(&tokens["access_token"]);
    let stats = "follower_count,likes_count,video_count";
    let (_, day1) = user_info(&sb, token, stats).await;
    let (_, list1) = video_post(&sb, token, "list", json!({"max_count": 20})).await;
    let before = sb.now();
    sb.advance_clock(Duration::days(1));
    // A day later the access token is dead: refresh, as a daily sync would.
    let (_, renewed) = refresh(&sb, s(&tokens["refresh_token"])).await;
    let token = s(&renewed["access_token"]);
    let (_, day2) = user_info(&sb, token, stats).await;
    let (_, list2) = video_post(&sb, token, "list", json!({"max_count": 20})).await;

    let (u1, u2) = (&day1["data"]["user"], &day2["data"]["user"]);
    let n = |v: &Value| v.as_u64().unwrap_or_default();
    assert!(
        n(&u2["follower_count"]) > n(&u1["follower_count"]),
        "{u1} {u2}"
    );
    assert!(n(&u2["likes_count"]) > n(&u1["likes_count"]));
    assert_eq!(u2["video_count"], u1["video_count"]);
    let expected = sb
        .tiktok_profile_at("pulse.demo.tiktok", before + Duration::days(1))
        .expect("profile");
    assert_eq!(n(&u2["follower_count"]), expected.follower_count);
    let views = |list: &Value| -> Vec<u64> {
        list["data"]["videos"]
            .as_array()
            .map(|v| v.iter().map(|x| n(&x["view_count"])).collect())
            .unwrap_or_default()
    };
    let (v1, v2) = (views(&list1), views(&list2));
    assert_eq!(v1.len(), 20);
    assert!(
        v1.iter().zip(&v2).all(|(a, b)| b > a),
        "every video gains views: {v1:?} {v2:?}"
    );
    shutdown.cancel();
}

#[test]
fn generated_users_are_deterministic_and_awkward() {
    let a = SandboxTikTokUser::generate(&TikTokUserSpec::demo_shop(), today());
    let b = SandboxTikTokUser::generate(&TikTokUserSpec::demo_shop(), today());
    assert_eq!(a, b);
    let other = SandboxTikTokUser::generate(&TikTokUserSpec::second(), today());
    assert_ne!(a.open_id, other.open_id);
    assert_eq!(a.videos.len(), 45);
    let end = a.today;
    let oldest = a.videos.last().map(|v| v.published).unwrap_or(end);
    assert!(end - oldest <= Duration::days(121) && end - oldest >= Duration::days(100));
    assert!(a.videos.windows(2).all(|w| w[0].published > w[1].published));
    assert!(a
        .videos
        .iter()
        .all(|v| v.id.parse::<u64>().is_ok_and(|id| id > 1 << 53)));
    assert_eq!(
        a.videos.iter().map(|v| &v.id).collect::<HashSet<_>>().len(),
        45
    );
    assert!(a.videos.iter().filter(|v| v.title.is_empty()).count() >= 3);
    assert!(a
        .videos
        .iter()
        .any(|v| v.title.contains('*') && v.title.contains('_')));
    assert!(a.videos.iter().any(|v| v.description.contains('<')));
    assert!(a
        .videos
        .iter()
        .all(|v| v.title.chars().count() <= 150 && v.description.chars().count() <= 150));
    assert!(a.videos.iter().all(|v| v.published < end));
    // Before the clock reaches a video, it does not exist.
    let newest = &a.videos[0];
    assert!(newest
        .counts_at(newest.published - Duration::seconds(1))
        .is_none());
    assert_eq!(
        a.videos_at(newest.published - Duration::seconds(1)).len(),
        44
    );
    let p0 = a.profile_at(end);
    assert_eq!(p0.follower_count, 8_600);
    assert!(a.profile_at(end - Duration::days(30)).follower_count < 8_600);
}
