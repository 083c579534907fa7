//! The real [`TikTokClient`] against the sandbox's TikTok, over HTTP: the two were written
//! apart from TikTok's documented wire format, so these tests check that they agree. The
//! client runs with tiny backoffs; the sandbox keeps its deliberate faults (a 429 on the 7th
//! data call of each token, one HTTP-200 `internal_error` on the 3rd data call), which the
//! client must ride out.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::time::Duration;

use chrono::NaiveDate;
use engine::tiktok::{
    AccessToken, RefreshToken, SourceError, TikTok, TikTokLogin, TikTokTokens, TikTokVideo,
};
use reqwest::header::{ACCEPT, LOCATION};
use reqwest::StatusCode;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::sandbox::{
    AccountSpec, Posting, Sandbox, SandboxConfig, TikTokConfig as SandboxTikTokConfig,
    TikTokVideoAt, TIKTOK_SCOPES,
};
use crate::tiktok::{TikTokClient, TikTokConfig};

const REDIRECT: &str = "https://pulse.example/oauth/tiktok/callback";
const USER: &str = "pulse.demo.tiktok";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("valid date")
}

/// A sandbox with a tiny Instagram account and the default TikTok (faults included).
async fn start() -> (Sandbox, CancellationToken) {
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
    config.tiktok = SandboxTikTokConfig::default();
    let shutdown = CancellationToken::new();
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let sandbox = Sandbox::start(config, addr, shutdown.clone())
        .await
        .expect("sandbox starts");
    (sandbox, shutdown)
}

/// The real client pointed at the sandbox, with tiny backoffs.
fn client(sb: &Sandbox) -> TikTokClient {
    let mut config = TikTokConfig::new("sandbox-client-key", "sandbox-client-secret", REDIRECT);
    config.authorize_url = Url::parse(&sb.tiktok_authorize_url()).expect("authorize url");
    config.api_url = Url::parse(&sb.tiktok_api_url()).expect("api url");
    config.request_timeout = Duration::from_secs(10);
    config.max_attempts = 4;
    config.base_backoff = Duration::from_millis(1);
    config.max_backoff = Duration::from_millis(10);
    config.max_throttle_wait = Duration::from_secs(1);
    TikTokClient::new(config).expect("client builds")
}

/// Follows the client's authorize URL as a non-browser (no redirects followed, no
/// `Accept: text/html`) and returns the redirect's decoded query.
async fn authorize(client: &TikTokClient, state: &str) -> HashMap<String, String> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let resp = http
        .get(client.authorize_url(state))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .expect("authorize");
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()[LOCATION].to_str().expect("ascii location");
    assert!(location.starts_with(REDIRECT), "{location}");
    Url::parse(location)
        .expect("location is a URL")
        .query_pairs()
        .into_owned()
        .collect()
}

/// The whole link: authorize, then exchange the code with the client.
async fn link(client: &TikTokClient, state: &str) -> TikTokTokens {
    let callback = authorize(client, state).await;
    assert_eq!(callback.get("state").map(String::as_str), Some(state));
    let code = callback.get("code").expect("a code in the redirect");
    client.exchange_code(code).await.expect("exchange")
}

fn token_of(issued: &str) -> AccessToken {
    AccessToken::new(issued)
}

fn all_scopes() -> Vec<String> {
    TIKTOK_SCOPES.iter().map(|s| (*s).to_owned()).collect()
}

/// Every page of the list, with the page sizes.
async fn walk(client: &TikTokClient, token: &AccessToken) -> (Vec<TikTokVideo>, Vec<usize>) {
    let mut videos = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor = None;
    loop {
        let page = client.videos(token, cursor).await.expect("a page");
        sizes.push(page.videos.len());
        videos.extend(page.videos);
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
        assert!(sizes.len() < 10, "the paging ends");
    }
    (videos, sizes)
}

/// A video as the client read it matches the sandbox's video at a time, counts included.
fn assert_same(got: &TikTokVideo, want: &TikTokVideoAt) {
    let v = &want.video;
    assert_eq!(got.id, v.id);
    assert_eq!(got.created_at.timestamp(), v.create_time(), "{}", v.id);
    assert_eq!(got.duration_seconds, Some(v.duration), "{}", v.id);
    assert_eq!(got.views, Some(want.counts.views), "{}", v.id);
    assert_eq!(got.likes, Some(want.counts.likes), "{}", v.id);
    assert_eq!(got.comments, Some(want.counts.comments), "{}", v.id);
    assert_eq!(got.shares, Some(want.counts.shares), "{}", v.id);
    assert_eq!(
        got.title.as_deref(),
        Some(v.title.as_str()).filter(|t| !t.is_empty())
    );
    assert_eq!(
        got.description.as_deref(),
        Some(v.description.as_str()).filter(|d| !d.is_empty())
    );
    assert!(got.share_url.as_deref().is_some_and(|u| u.ends_with(&v.id)));
}

#[tokio::test]
async fn link_flow_gives_every_scope_and_the_profile() {
    let (sb, shutdown) = start().await;
    let client = client(&sb);

    let tokens = link(&client, "csrf-state-1").await;
    let user = sb.tiktok_user(USER).expect("the demo user");
    assert_eq!(tokens.open_id, user.open_id);
    assert_eq!(tokens.scopes, all_scopes());
    assert_eq!(tokens.expires_in, Duration::from_secs(7_200));
    assert_eq!(tokens.refresh_expires_in, Duration::from_secs(15_552_000));
    assert!(tokens.access.expose().starts_with("act."));
    assert!(tokens.refresh.expose().starts_with("rft."));

    let profile = client
        .profile(&tokens.access, &tokens.scopes)
        .await
        .expect("profile");
    let want = sb
        .tiktok_profile_at(USER, sb.now())
        .expect("profile at now");
    assert_eq!(profile.open_id, user.open_id);
    assert_eq!(profile.display_name.as_deref(), Some("Pulse Demo Shop"));
    assert_eq!(profile.username.as_deref(), Some(USER));
    assert_eq!(profile.follower_count, Some(want.follower_count));
    assert_eq!(profile.following_count, Some(want.following_count));
    assert_eq!(profile.likes_count, Some(want.likes_count));
    assert_eq!(profile.video_count, Some(want.video_count));

    // The code as it stands in the callback URL, still percent-encoded (`!` is `%21`): the
    // client decodes it before sending, as TikTok asks.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let resp = http
        .get(client.authorize_url("csrf-state-1b"))
        .send()
        .await
        .expect("authorize");
    let location = resp.headers()[LOCATION].to_str().expect("ascii location");
    let raw = location
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("code="))
        .expect("a code in the redirect");
    assert!(raw.contains("%21"), "{raw}");
    let again = client
        .exchange_code(raw)
        .await
        .expect("exchange of the raw code");
    assert_eq!(again.open_id, user.open_id);

    let calls = sb.tiktok_calls();
    assert_eq!((calls.authorize, calls.token, calls.user_info), (2, 2, 1));
    shutdown.cancel();
}

#[tokio::test]
async fn paging_walks_every_video_once_through_the_429_and_the_internal_error() {
    let (sb, shutdown) = start().await;
    let client = client(&sb);
    let issued = sb
        .tiktok_issue_tokens(USER, &TIKTOK_SCOPES)
        .expect("issued tokens");
    let token = token_of(&issued.access_token);
    let expected = sb.tiktok_videos_at(USER, sb.now());
    assert_eq!(expected.len(), 45);
    assert_eq!(
        expected[19].video.create_time(),
        expected[20].video.create_time(),
        "the 20th and 21st newest share a second"
    );

    // Two full walks with the same token, as two syncs would: the 3rd data call of the
    // sandbox answers HTTP 200 with `internal_error`, the 7th of the token HTTP 429.
    for round in 0..2 {
        let (videos, sizes) = walk(&client, &token).await;
        assert_eq!(
            sizes,
            [20, 10, 15],
            "round {round}: a half page with has_more"
        );
        let ids: Vec<&str> = videos.iter().map(|v| v.id.as_str()).collect();
        let want: Vec<&str> = expected.iter().map(|v| v.video.id.as_str()).collect();
        assert_eq!(ids, want, "round {round}: newest first, each once");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 45);
        assert!(videos
            .windows(2)
            .all(|pair| pair[0].created_at >= pair[1].created_at));
        for (got, want) in videos.iter().zip(&expected) {
            assert_same(got, want);
        }
    }

    let calls = sb.tiktok_calls();
    assert_eq!(calls.internal_errors, 1, "{calls:?}");
    assert_eq!(calls.rate_limited, 1, "{calls:?}");
    assert_eq!(
        calls.video_list,
        6 + 2,
        "six pages and two retries: {calls:?}"
    );
    assert_eq!(client.paused_for(&token), None, "the pause is over");
    shutdown.cancel();
}

#[tokio::test]
async fn query_in_chunks_of_twenty_follows_the_clock() {
    let (sb, shutdown) = start().await;
    let client = client(&sb);
    let tokens = link(&client, "csrf-state-3").await;
    let before = sb.tiktok_videos_at(USER, sb.now());
    let ids: Vec<String> = before.iter().take(25).map(|v| v.video.id.clone()).collect();

    let got = client
        .query_videos(&tokens.access, &ids)
        .await
        .expect("query");
    assert_eq!(sb.tiktok_calls().video_query, 2, "20 + 5");
    assert_eq!(got.len(), 25);
    for (got, want) in got.iter().zip(&before) {
        assert_same(got, want);
    }

    // A day later the access token (2 h) has expired: refresh it, as the engine does.
    sb.advance_clock(chrono::Duration::days(1));
    let err = client
        .query_videos(&tokens.access, &ids)
        .await
        .expect_err("the old access token expired with the clock");
    assert!(matches!(err, SourceError::Reauth { .. }), "{err:?}");
    let fresh = client.refresh(&tokens.refresh).await.expect("refresh");
    let later = client
        .query_videos(&fresh.access, &ids)
        .await
        .expect("query a day later");
    let after = sb.tiktok_videos_at(USER, sb.now());
    assert_eq!(later.len(), 25);
    for ((new, old), want) in later.iter().zip(&got).zip(&after) {
        assert_same(new, want);
        assert!(new.views > old.views, "{}: views grow", new.id);
    }
    let calls = sb.tiktok_calls();
    assert_eq!(calls.internal_errors, 1, "{calls:?}");
    assert_eq!(
        calls.video_query,
        2 + 1 + 2 + 1,
        "20 + 5, the expired one, 20 + 5 with the internal_error retried: {calls:?}"
    );
    shutdown.cancel();
}

#[tokio::test]
async fn refresh_rotates_and_the_old_refresh_token_is_reauth() {
    let (sb, shutdown) = start().await;
    let client = client(&sb);
    let tokens = link(&client, "csrf-state-4").await;

    let first = client.refresh(&tokens.refresh).await.expect("refresh");
    assert_ne!(first.refresh.expose(), tokens.refresh.expose());
    assert_ne!(first.access.expose(), tokens.access.expose());
    assert_eq!(first.open_id, tokens.open_id);
    assert_eq!(first.scopes, tokens.scopes);

    let old = RefreshToken::new(tokens.refresh.expose());
    let err = client.refresh(&old).await.expect_err("the old one is dead");
    assert_eq!(err, SourceError::Reauth { code: 0 });

    let second = client
        .refresh(&first.refresh)
        .await
        .expect("the new one works");
    assert_ne!(second.refresh.expose(), first.refresh.expose());
    client
        .profile(&second.access, &second.scopes)
        .await
        .expect("the newest access token works");
    shutdown.cancel();
}

#[tokio::test]
async fn withheld_stats_scope_means_a_profile_without_followers() {
    let (sb, shutdown) = start().await;
    sb.tiktok_withhold_scopes(&["user.info.stats"]);
    let client = client(&sb);

    let callback = authorize(&client, "csrf-state-5").await;
    assert!(
        !callback["scopes"].contains("user.info.stats"),
        "{callback:?}"
    );
    let tokens = client
        .exchange_code(&callback["code"])
        .await
        .expect("exchange");
    assert!(!tokens.scopes.iter().any(|s| s == "user.info.stats"));
    assert_eq!(
        tokens.scopes,
        ["user.info.basic", "user.info.profile", "video.list"]
    );

    // The sandbox fails the whole call if a stats field is asked: success means the client
    // asked only what was granted.
    let profile = client
        .profile(&tokens.access, &tokens.scopes)
        .await
        .expect("profile");
    assert_eq!(profile.username.as_deref(), Some(USER));
    assert_eq!(profile.display_name.as_deref(), Some("Pulse Demo Shop"));
    assert_eq!(profile.follower_count, None);
    assert_eq!(profile.likes_count, None);
    assert_eq!(profile.video_count, None);

    // Asking for the stats anyway (a wrong `granted`) is the sandbox's whole-call refusal.
    let err = client
        .profile(&tokens.access, &all_scopes())
        .await
        .expect_err("a field of a missing scope");
    assert!(
        matches!(err, SourceError::MissingPermission { .. }),
        "{err:?}"
    );
    shutdown.cancel();
}

#[tokio::test]
async fn revoke_is_recorded_and_the_token_is_then_reauth() {
    let (sb, shutdown) = start().await;
    let client = client(&sb);
    let tokens = link(&client, "csrf-state-6").await;
    client
        .profile(&tokens.access, &tokens.scopes)
        .await
        .expect("works before");

    client.revoke(&tokens.access).await.expect("revoke");
    assert_eq!(sb.tiktok_revoked(), vec![tokens.open_id.clone()]);

    let err = client
        .videos(&tokens.access, None)
        .await
        .expect_err("revoked");
    assert_eq!(err, SourceError::Reauth { code: 0 });
    let err = client
        .refresh(&tokens.refresh)
        .await
        .expect_err("the refresh token died too");
    assert_eq!(err, SourceError::Reauth { code: 0 });
    shutdown.cancel();
}

#[tokio::test]
async fn denied_consent_redirects_with_access_denied() {
    let (sb, shutdown) = start().await;
    sb.tiktok_deny(true);
    let client = client(&sb);
    let callback = authorize(&client, "csrf-state-7").await;
    assert_eq!(
        callback.get("error").map(String::as_str),
        Some("access_denied")
    );
    assert_eq!(
        callback.get("state").map(String::as_str),
        Some("csrf-state-7")
    );
    assert!(!callback.contains_key("code"), "{callback:?}");
    assert_eq!(sb.tiktok_calls().token, 0);
    shutdown.cancel();
}
