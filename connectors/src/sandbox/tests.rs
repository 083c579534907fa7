//! Tests of the sandbox: the generated data on its own, then the server over HTTP with
//! reqwest on `127.0.0.1:0`.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::time::Duration;

use chrono::{NaiveDate, Timelike};
use reqwest::header::{ACCEPT, AUTHORIZATION, LOCATION};
use reqwest::StatusCode;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::*;

const REDIRECT: &str = "https://pulse.example/oauth/instagram/callback";
const SCOPES: &str =
    "instagram_business_basic,instagram_business_manage_insights,instagram_business_manage_comments";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("valid date")
}

fn big() -> SandboxAccount {
    SandboxAccount::generate(&AccountSpec::demo_shop(), today())
}

pub(super) async fn start(config: SandboxConfig) -> (Sandbox, CancellationToken) {
    let shutdown = CancellationToken::new();
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let sandbox = Sandbox::start(config, addr, shutdown.clone())
        .await
        .expect("sandbox starts");
    (sandbox, shutdown)
}

async fn start_default() -> (Sandbox, CancellationToken) {
    let mut config = SandboxConfig::new(today());
    config.throttle_on_call = None;
    start(config).await
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn authorize_url(sb: &Sandbox, state: &str) -> String {
    let mut url = url::Url::parse(&format!("{}/oauth/authorize", sb.base_url())).expect("url");
    url.query_pairs_mut()
        .append_pair("client_id", "sandbox-app-id")
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("response_type", "code")
        .append_pair("scope", SCOPES)
        .append_pair("state", state);
    url.to_string()
}

fn query_of(location: &str) -> HashMap<String, String> {
    let url = url::Url::parse(location).expect("location is a URL");
    url.query_pairs().into_owned().collect()
}

async fn get_code(sb: &Sandbox, http: &reqwest::Client, state: &str) -> String {
    let resp = http
        .get(authorize_url(sb, state))
        .send()
        .await
        .expect("authorize");
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()[LOCATION].to_str().expect("ascii").to_owned();
    query_of(&location)["code"].clone()
}

async fn exchange(
    sb: &Sandbox,
    http: &reqwest::Client,
    code: &str,
    redirect: &str,
    secret: &str,
) -> reqwest::Response {
    http.post(format!("{}/oauth/access_token", sb.base_url()))
        .form(&[
            ("client_id", "sandbox-app-id"),
            ("client_secret", secret),
            ("grant_type", "authorization_code"),
            ("redirect_uri", redirect),
            ("code", code),
        ])
        .send()
        .await
        .expect("exchange")
}

async fn graph(
    http: &reqwest::Client,
    sb: &Sandbox,
    token: &str,
    path_and_query: &str,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let resp = http
        .get(format!("{}/v25.0/{path_and_query}", sb.base_url()))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .expect("graph call");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body: Value = resp.json().await.expect("json body");
    (status, headers, body)
}

fn error_code(body: &Value) -> (i64, Option<i64>, String) {
    let e = &body["error"];
    (
        e["code"].as_i64().unwrap_or_default(),
        e["error_subcode"].as_i64(),
        e["message"].as_str().unwrap_or_default().to_owned(),
    )
}

fn usage_percent(headers: &reqwest::header::HeaderMap, user_id: &str) -> i64 {
    let raw = headers["x-business-use-case-usage"]
        .to_str()
        .expect("ascii");
    let v: Value = serde_json::from_str(raw).expect("usage json");
    v[user_id][0]["call_count"].as_i64().expect("call_count")
}

// ---------------------------------------------------------------------------------------------
// The data.

#[test]
fn generation_is_deterministic() {
    let a = big();
    let b = big();
    assert_eq!(a, b);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let other_seed = SandboxAccount::generate(
        &AccountSpec {
            seed: 8,
            ..AccountSpec::demo_shop()
        },
        today(),
    );
    assert_ne!(a.posts[0].id, other_seed.posts[0].id);
}

#[test]
fn big_account_meets_the_minimums() {
    let a = big();
    let p = &a.profile;
    assert!(a.posts.len() >= 300);
    let kinds: HashSet<PostKind> = a.posts.iter().map(|p| p.kind).collect();
    assert_eq!(kinds.len(), 4, "all four kinds");
    assert!(p.user_id.len() == 17 && p.user_id.starts_with("17841"));
    let app_id: u64 = p.id.parse().expect("digits");
    assert!(app_id > (1u64 << 53) && app_id % 2 == 1);
    assert!(p.media_count < a.posts.len() as u64);
    assert_eq!(p.account_type, "BUSINESS");

    let commenters: HashSet<&str> = a
        .comments
        .iter()
        .filter(|c| !c.by_account)
        .map(|c| c.from_id.as_str())
        .collect();
    assert!(commenters.len() >= 1500, "{} commenters", commenters.len());
    assert!(a.comments.len() > 5000);

    assert!(a.daily.len() >= 365);
    assert_eq!(a.daily.last().map(|d| d.date), today().pred_opt());
    for w in a.daily.windows(2) {
        assert_eq!(w[0].date.succ_opt(), Some(w[1].date));
        assert_eq!(
            w[0].followers_total + w[1].follower_count,
            w[1].followers_total
        );
    }
    assert_eq!(
        a.daily.last().map(|d| d.followers_total),
        Some(p.followers_count)
    );

    let unanswered = a.unanswered_leads();
    assert!(
        unanswered.len() >= 5,
        "{} unanswered leads",
        unanswered.len()
    );
    let leads = a.comments.iter().filter(|c| c.is_lead).count();
    assert!(leads > unanswered.len(), "some leads are answered");
    assert!(a
        .comments
        .iter()
        .any(|c| c.by_account && c.parent_id.is_some() && c.username == p.username));

    let injected = a
        .posts
        .iter()
        .filter(|p| {
            p.caption
                .as_deref()
                .is_some_and(|c| c.contains(INJECTION_CAPTION_LINE))
        })
        .count();
    assert_eq!(injected, 1);
    assert_eq!(
        a.comments
            .iter()
            .filter(|c| c.text == INJECTION_COMMENT)
            .count(),
        1
    );
    assert!(a.posts.iter().any(|p| p
        .caption
        .as_deref()
        .is_some_and(|c| c.contains("_*[]()~`>#+-=|{}.!"))));
    assert!(a.posts.iter().any(|p| p.caption.is_none()));

    let mut tags: HashMap<&str, usize> = HashMap::new();
    for post in &a.posts {
        for word in post
            .caption
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
        {
            if word.starts_with('#') && word.len() > 1 {
                *tags.entry(word).or_default() += 1;
            }
        }
    }
    assert!(tags.values().filter(|n| **n >= 3).count() >= 10, "{tags:?}");

    let newest = a.posts[0].timestamp.date_naive();
    assert!(newest == today() || Some(newest) == today().pred_opt());
    for w in a.posts.windows(2) {
        assert!(w[0].timestamp > w[1].timestamp, "newest first");
    }
    let images = a.posts.iter().filter(|p| p.kind == PostKind::Image).count();
    let rejecting = a.posts.iter().filter(|p| p.rejects_shares).count();
    assert!(rejecting > 0 && rejecting < images / 2);
    for post in &a.posts {
        let i = &post.insights;
        assert_eq!(i.likes, post.like_count);
        assert_eq!(i.comments, post.comments_count);
        assert_eq!(
            i.total_interactions,
            i.likes + i.comments + i.saved + i.shares.unwrap_or(0)
        );
        assert_eq!(
            post.comments_count as usize,
            a.comments_on(&post.id).count()
        );
        assert_eq!(post.rejects_shares, i.shares.is_none());
        assert_eq!(post.kind == PostKind::Reel, i.follows.is_none());
        assert_eq!(
            post.kind == PostKind::Reel,
            post.permalink.contains("/reel/")
        );
    }
    assert_eq!(a.posts.iter().filter(|p| p.pre_conversion).count(), 2);
    let end = super::dataset::start_of(today());
    let by_id: HashMap<&str, &SandboxComment> =
        a.comments.iter().map(|c| (c.id.as_str(), c)).collect();
    for c in &a.comments {
        let post = a.post(&c.media_id).expect("comment on a known post");
        assert!(c.timestamp > post.timestamp && c.timestamp < end);
        if let Some(parent) = &c.parent_id {
            let parent = by_id[parent.as_str()];
            assert!(parent.parent_id.is_none() && c.timestamp > parent.timestamp);
        }
    }

    assert_eq!(a.online_followers.len(), 30);
    assert_eq!(
        a.online_followers
            .iter()
            .filter(|d| d.by_hour.is_empty())
            .count(),
        1
    );
    assert!(a
        .online_followers
        .iter()
        .any(|d| !d.by_hour.is_empty() && d.by_hour.len() < 24));
    let d = &a.demographics;
    for list in [&d.ages, &d.genders, &d.countries, &d.cities] {
        assert!(!list.is_empty() && list.len() <= 45);
        assert!(list.iter().map(|(_, v)| v).sum::<u64>() < p.followers_count);
    }
    assert_eq!(d.countries.len(), 45);

    // Zipf-like: the top fan comments far more than the median commenter.
    let mut per: HashMap<&str, usize> = HashMap::new();
    for c in a.comments.iter().filter(|c| !c.by_account) {
        *per.entry(c.from_id.as_str()).or_default() += 1;
    }
    let mut counts: Vec<usize> = per.into_values().collect();
    counts.sort_unstable();
    let top = counts.last().copied().unwrap_or_default();
    assert!(top > 10 * counts[counts.len() / 2], "top {top}");
}

#[test]
fn evening_posts_do_better() {
    let a = big();
    let rate = |hours: std::ops::RangeInclusive<u32>| {
        let posts: Vec<&SandboxPost> = a
            .posts
            .iter()
            .filter(|p| p.kind != PostKind::Reel && hours.contains(&p.timestamp.hour()))
            .collect();
        let interactions: u64 = posts.iter().map(|p| p.insights.total_interactions).sum();
        let reach: u64 = posts.iter().map(|p| p.insights.reach).sum();
        (
            posts.len(),
            interactions as f64 / reach as f64,
            reach as f64 / posts.len() as f64,
        )
    };
    let (n_evening, er_evening, reach_evening) = rate(17..=20);
    let (n_morning, er_morning, reach_morning) = rate(6..=10);
    assert!(n_evening >= 20 && n_morning >= 20);
    assert!(er_evening > er_morning, "{er_evening} vs {er_morning}");
    assert!(reach_evening > reach_morning * 1.2);
    let reels = a.posts.iter().filter(|p| p.kind == PostKind::Reel);
    let images = a.posts.iter().filter(|p| p.kind == PostKind::Image);
    let mean = |it: &mut dyn Iterator<Item = &SandboxPost>| {
        let v: Vec<u64> = it.map(|p| p.insights.reach).collect();
        v.iter().sum::<u64>() as f64 / v.len() as f64
    };
    assert!(mean(&mut reels.into_iter()) > 2.0 * mean(&mut images.into_iter()));
}

// ---------------------------------------------------------------------------------------------
// OAuth.

#[tokio::test]
async fn oauth_dance() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let resp = http
        .get(authorize_url(&sb, "st4te"))
        .send()
        .await
        .expect("authorize");
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()[LOCATION].to_str().expect("ascii").to_owned();
    assert!(
        location.starts_with(REDIRECT) && location.ends_with("#_"),
        "{location}"
    );
    let q = query_of(&location);
    assert_eq!(q["state"], "st4te");
    let code = q["code"].clone();

    let resp = exchange(&sb, &http, &code, REDIRECT, "sandbox-app-secret").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.expect("body");
    let app_id = &sb.accounts()[0].profile.id;
    assert!(text.contains(&format!("\"user_id\":{app_id}")), "{text}");
    let body: Value = serde_json::from_str(&text).expect("json");
    let short = body["access_token"].as_str().expect("token").to_owned();
    assert!(short.starts_with("IGAA"));
    assert_eq!(body["permissions"].as_array().map(Vec::len), Some(3));

    // Single use.
    let resp = exchange(&sb, &http, &code, REDIRECT, "sandbox-app-secret").await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error_type"], "OAuthException");
    assert_eq!(body["code"], 400);
    assert_eq!(
        body["error_message"],
        "Matching code was not found or was already used"
    );

    // A short-lived token works on Graph.
    let (status, _, me) = graph(
        &http,
        &sb,
        &short,
        "me?fields=user_id,username,followers_count",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["user_id"], sb.accounts()[0].profile.user_id.as_str());
    assert_eq!(me["id"], app_id.as_str());

    // Long-lived exchange, then refresh; the old token keeps working.
    let resp = http
        .get(format!("{}/access_token", sb.base_url()))
        .query(&[
            ("grant_type", "ig_exchange_token"),
            ("client_secret", "sandbox-app-secret"),
            ("access_token", &short),
        ])
        .send()
        .await
        .expect("exchange");
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 5_184_000);
    let long = body["access_token"].as_str().expect("token").to_owned();
    let resp = http
        .get(format!("{}/refresh_access_token", sb.base_url()))
        .query(&[("grant_type", "ig_refresh_token"), ("access_token", &long)])
        .send()
        .await
        .expect("refresh");
    let body: Value = resp.json().await.expect("json");
    let refreshed = body["access_token"].as_str().expect("token").to_owned();
    assert_ne!(refreshed, long);
    for t in [&long, &refreshed] {
        let (status, _, _) = graph(&http, &sb, t, "me").await;
        assert_eq!(status, StatusCode::OK);
    }
    // A short-lived token cannot be refreshed.
    let resp = http
        .get(format!("{}/refresh_access_token", sb.base_url()))
        .query(&[("grant_type", "ig_refresh_token"), ("access_token", &short)])
        .send()
        .await
        .expect("refresh");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(sb.calls().oauth >= 5);
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn codes_are_bound_to_secret_and_redirect_uri() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let code = get_code(&sb, &http, "s").await;
    let resp = exchange(&sb, &http, &code, REDIRECT, "wrong-secret").await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error_type"], "OAuthException");
    // A wrong secret does not burn the code; a wrong redirect_uri does.
    let resp = exchange(
        &sb,
        &http,
        &code,
        &format!("{REDIRECT}/"),
        "sandbox-app-secret",
    )
    .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let resp = exchange(&sb, &http, &code, REDIRECT, "sandbox-app-secret").await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // The `#_` suffix is not part of the code.
    let code = get_code(&sb, &http, "s").await;
    let resp = exchange(
        &sb,
        &http,
        &format!("{code}#_"),
        REDIRECT,
        "sandbox-app-secret",
    )
    .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn authorize_page_escapes_everything() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let state = "\"><script>alert(1)</script>&x=<b>";
    let resp = http
        .get(authorize_url(&sb, state))
        .header(ACCEPT, "text/html,application/xhtml+xml")
        .send()
        .await
        .expect("page");
    assert_eq!(resp.status(), StatusCode::OK);
    let page = resp.text().await.expect("html");
    assert!(page.contains("<title>Sandbox Instagram</title>"));
    assert!(page.contains("@pulse.demo.shop"));
    assert!(page.contains("instagram_business_manage_insights"));
    assert!(
        !page.contains("<script>") && !page.contains("<b>"),
        "{page}"
    );
    let href = |class: &str| -> String {
        let marker = format!("class=\"{class}\" href=\"");
        let start = page.find(&marker).expect("link") + marker.len();
        let end = start + page[start..].find('"').expect("end quote");
        html_escape::decode_html_entities(&page[start..end]).into_owned()
    };
    let allow = href("allow");
    let deny = href("deny");
    assert!(allow.starts_with("/oauth/authorize/allow?"));

    let resp = http
        .get(format!("{}{allow}", sb.base_url()))
        .send()
        .await
        .expect("allow");
    assert_eq!(resp.status(), StatusCode::FOUND);
    let q = query_of(resp.headers()[LOCATION].to_str().expect("ascii"));
    assert_eq!(q["state"], state);
    assert!(q.contains_key("code"));

    let resp = http
        .get(format!("{}{deny}", sb.base_url()))
        .send()
        .await
        .expect("deny");
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()[LOCATION].to_str().expect("ascii").to_owned();
    assert!(location.contains("error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request"));
    let q = query_of(&location);
    assert_eq!(q["state"], state);
    assert!(!q.contains_key("code"));

    // Bad requests get a 400 page, never a redirect.
    let bad = [
        authorize_url(&sb, "s").replace("sandbox-app-id", "1234"),
        authorize_url(&sb, "s").replace("response_type=code", "response_type=token"),
        authorize_url(&sb, "s").replace("instagram_business_basic", "business_basic"),
        format!("{}&account=%3Cnobody%3E", authorize_url(&sb, "s")),
        authorize_url(&sb, "s").replace("redirect_uri=https", "redirect_uri=javascript"),
    ];
    for url in bad {
        let resp = http
            .get(&url)
            .header(ACCEPT, "text/html")
            .send()
            .await
            .expect("bad");
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{url}");
        let page = resp.text().await.expect("html");
        assert!(!page.contains("<nobody>"));
    }
    shutdown.cancel();
    sb.stopped().await;
}

// ---------------------------------------------------------------------------------------------
// Graph.

#[tokio::test]
async fn media_paging_walks_every_post() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let token = sb.issue_token("pulse.demo.shop").expect("token");
    let account = &sb.accounts()[0];
    let mut url = format!(
        "{}/v25.0/me/media?fields=id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count",
        sb.base_url()
    );
    let mut ids = Vec::new();
    let mut short_pages_with_next = 0;
    let mut pages = 0;
    loop {
        // The first call uses the header; `next` links carry the token themselves.
        let req = http.get(&url);
        let req = if pages == 0 {
            req.header(AUTHORIZATION, format!("Bearer {token}"))
        } else {
            req
        };
        let body: Value = req.send().await.expect("page").json().await.expect("json");
        pages += 1;
        let data = body["data"].as_array().expect("data");
        for item in data {
            ids.push(item["id"].as_str().expect("id").to_owned());
            assert!(item.get("media_url").is_none(), "only requested fields");
        }
        match body["paging"]["next"].as_str() {
            Some(next) => {
                assert!(next.contains("access_token=") && next.contains(&account.profile.user_id));
                if data.len() < 25 {
                    short_pages_with_next += 1;
                }
                url = next.to_owned();
            }
            None => break,
        }
        assert!(pages < 100);
    }
    let expected: Vec<String> = account.posts.iter().map(|p| p.id.clone()).collect();
    assert_eq!(ids, expected);
    assert_eq!(short_pages_with_next, 1);
    assert_eq!(sb.calls().media_pages, pages);

    // A bad cursor and an unknown field are Graph errors.
    let (status, _, body) = graph(&http, &sb, &token, "me/media?after=garbage").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body).0, 100);
    let (_, _, body) = graph(&http, &sb, &token, "me/media?fields=id,impressions_count").await;
    assert!(error_code(&body)
        .2
        .contains("nonexisting field (impressions_count)"));
    // limit is capped at 50; absent captions are absent, not null.
    let (_, _, body) = graph(&http, &sb, &token, "me/media?fields=caption&limit=500").await;
    assert_eq!(body["data"].as_array().map(Vec::len), Some(50));
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        "v21.0/me/media?fields=caption,children{id,media_type}&limit=50",
    )
    .await;
    assert_eq!(
        body["error"]["code"], 100,
        "double version prefix is not a path"
    );
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!(
            "{}?fields=caption,children{{media_type}}",
            account
                .posts
                .iter()
                .find(|p| p.caption.is_none())
                .map(|p| p.id.as_str())
                .unwrap_or_default()
        ),
    )
    .await;
    assert!(body.get("caption").is_none());
    assert!(body.get("id").is_some(), "id always present");
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn every_image_rejects_shares_when_configured_so() {
    let mut config = SandboxConfig::new(today());
    config.throttle_on_call = None;
    config.every_image_rejects_shares = true;
    let (sb, shutdown) = start(config).await;
    let http = client();
    let token = sb.issue_token("pulse.demo.shop").expect("token");
    let a = &sb.accounts()[0];
    let usable = |kind: PostKind| {
        a.posts
            .iter()
            .find(|p| p.kind == kind && !p.rejects_shares && !p.pre_conversion)
            .expect("post of that kind")
    };
    // An image the generated data lets give `shares` rejects it…
    let (status, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!(
            "{}/insights?metric=reach,shares",
            usable(PostKind::Image).id
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        error_code(&body).2,
        "(#100) The metric shares is not supported for this media type"
    );
    // …and a reel still gives it.
    let (status, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=reach,shares", usable(PostKind::Reel).id),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn media_insights_and_their_errors() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let token = sb.issue_token("pulse.demo.shop").expect("token");
    let a = &sb.accounts()[0];
    let usable = |kind: PostKind, rejects: bool| {
        a.posts
            .iter()
            .find(|p| p.kind == kind && p.rejects_shares == rejects && !p.pre_conversion)
            .expect("post of that kind")
    };
    let image = usable(PostKind::Image, false);
    let (status, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=views,reach,likes,comments,saved,shares,total_interactions,follows,profile_visits", image.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let data = body["data"].as_array().expect("data");
    assert_eq!(data.len(), 9);
    assert_eq!(data[1]["name"], "reach");
    assert_eq!(data[1]["period"], "lifetime");
    assert_eq!(data[1]["values"][0]["value"], image.insights.reach);
    assert_eq!(
        data[1]["id"],
        format!("{}/insights/reach/lifetime", image.id)
    );
    assert_eq!(
        data[6]["values"][0]["value"],
        image.insights.total_interactions
    );

    let rejecting = usable(PostKind::Image, true);
    let (status, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=reach,shares", rejecting.id),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_code(&body),
        (
            100,
            None,
            "(#100) The metric shares is not supported for this media type".to_owned()
        )
    );

    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=impressions", image.id),
    )
    .await;
    assert!(error_code(&body)
        .2
        .starts_with("(#100) metric[0] must be one of the following values: "));
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=reach,plays", image.id),
    )
    .await;
    assert!(error_code(&body)
        .2
        .starts_with("(#100) metric[1] must be one of"));

    let reel = usable(PostKind::Reel, false);
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=reach,follows", reel.id),
    )
    .await;
    assert_eq!(error_code(&body).0, 100);
    assert!(error_code(&body)
        .2
        .contains("not supported for this media type"));
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=ig_reels_avg_watch_time", image.id),
    )
    .await;
    assert!(error_code(&body)
        .2
        .contains("not supported for this media type"));
    let (status, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!(
            "{}/insights?metric=ig_reels_avg_watch_time,reels_skip_rate,views",
            reel.id
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["data"][0]["values"][0]["value"],
        reel.insights.ig_reels_avg_watch_time.unwrap_or_default()
    );
    assert!(body["data"][1]["values"][0]["value"].is_f64());

    let old = a
        .posts
        .iter()
        .find(|p| p.pre_conversion)
        .expect("pre-conversion post");
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=reach", old.id),
    )
    .await;
    assert_eq!(error_code(&body).1, Some(2_108_006));
    assert_eq!(body["error"]["type"], "IGApiException");

    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        "17900000000000001/insights?metric=reach",
    )
    .await;
    assert_eq!(error_code(&body).0, 100);
    assert_eq!(error_code(&body).1, Some(33));
    let foreign = &sb.accounts()[1].posts[0].id;
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{foreign}/insights?metric=reach"),
    )
    .await;
    assert_eq!(
        error_code(&body).1,
        Some(33),
        "another account's media is not visible"
    );
    assert_eq!(sb.calls().media_insights, 10);
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn account_insights_and_their_errors() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let token = sb.issue_token("pulse.demo.shop").expect("token");
    let a = &sb.accounts()[0];
    let day = |d: NaiveDate| super::dataset::start_of(d).timestamp();
    let until_date = today() - chrono::Duration::days(3);
    let since_date = until_date - chrono::Duration::days(7);
    let (since, until) = (day(since_date), day(until_date));

    let (status, _, body) = graph(&http, &sb, &token, &format!("me/insights?metric=reach,follower_count&period=day&metric_type=time_series&since={since}&until={until}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let values = body["data"][0]["values"].as_array().expect("values");
    assert_eq!(values.len(), 7);
    let first = a.day(since_date).expect("day");
    assert_eq!(values[0]["value"], first.reach);
    assert_eq!(
        values[0]["end_time"],
        format!("{}T07:00:00+0000", since_date.succ_opt().expect("next"))
    );
    assert_eq!(
        body["data"][1]["values"][6]["value"],
        a.day(until_date.pred_opt().expect("prev"))
            .expect("day")
            .follower_count
    );
    assert!(body["paging"]["next"].as_str().is_some());

    let (status, _, body) = graph(&http, &sb, &token, &format!("me/insights?metric=views,accounts_engaged,total_interactions,likes,reach&period=day&metric_type=total_value&since={since}&until={until}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let window: Vec<&DailyAccountInsights> = a
        .daily
        .iter()
        .filter(|d| d.date >= since_date && d.date < until_date)
        .collect();
    assert_eq!(
        body["data"][0]["total_value"]["value"],
        window.iter().map(|d| d.views).sum::<u64>()
    );
    assert_eq!(
        body["data"][3]["total_value"]["value"],
        window.iter().map(|d| d.likes).sum::<u64>()
    );
    assert_eq!(body["data"][0]["period"], "day");

    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!(
            "me/insights?metric=reach&period=day&since={}&until={until}",
            until - 2_592_001
        ),
    )
    .await;
    assert_eq!(error_code(&body).0, 100);
    assert!(error_code(&body)
        .2
        .contains("There cannot be more than 30 days (2592000 s) between since and until"));
    let (status, _, _) = graph(
        &http,
        &sb,
        &token,
        &format!(
            "me/insights?metric=reach&period=day&since={}&until={until}",
            until - 2_592_000
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "exactly 30 days is fine");

    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        "me/insights?metric=reach,views&period=day",
    )
    .await;
    assert_eq!(error_code(&body).2, "(#100) The following metrics (views) should be specified with parameter metric_type=total_value");
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        "me/insights?metric=follower_count&period=day&metric_type=total_value",
    )
    .await;
    assert_eq!(error_code(&body).2, "(#100) The following metric (follower_count) is incompatible with the metric type (total_value)");
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        "me/insights?metric=impressions&period=day",
    )
    .await;
    assert!(error_code(&body)
        .2
        .starts_with("(#100) metric[0] must be one of"));
    let (_, _, body) = graph(&http, &sb, &token, "me/insights?metric=accounts_engaged&period=day&metric_type=total_value&breakdown=follow_type").await;
    assert_eq!(error_code(&body).0, 1);

    let (status, _, body) = graph(
        &http,
        &sb,
        &token,
        "me/insights?metric=online_followers&period=lifetime",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let days = body["data"][0]["values"].as_array().expect("values");
    assert_eq!(days.len(), 30);
    assert_eq!(
        days.iter()
            .filter(|d| d["value"].as_object().is_some_and(|o| o.is_empty()))
            .count(),
        1
    );

    let (status, _, body) = graph(&http, &sb, &token, "me/insights?metric=follower_demographics&period=lifetime&metric_type=total_value&timeframe=this_month&breakdown=country").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let breakdown = &body["data"][0]["total_value"]["breakdowns"][0];
    assert_eq!(
        breakdown["dimension_keys"],
        serde_json::json!(["timeframe", "country"])
    );
    let results = breakdown["results"].as_array().expect("results");
    assert_eq!(results.len(), a.demographics.countries.len());
    assert_eq!(results[0]["dimension_values"][0], "THIS_MONTH");
    assert_eq!(
        results[0]["dimension_values"][1],
        a.demographics.countries[0].0.as_str()
    );
    assert_eq!(results[0]["value"], a.demographics.countries[0].1);
    let (_, _, body) = graph(&http, &sb, &token, "me/insights?metric=follower_demographics&period=lifetime&metric_type=total_value&timeframe=last_30_days&breakdown=age").await;
    assert_eq!(error_code(&body).0, 100);
    assert_eq!(sb.calls().account_insights, 11);
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn comments_with_replies_add_up() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let token = sb.issue_token("pulse.demo.shop").expect("token");
    let a = &sb.accounts()[0];
    let post = a
        .posts
        .iter()
        .max_by_key(|p| p.comments_count)
        .expect("posts");
    assert!(post.comments_count > 60);
    let mut url = format!(
        "{}/v25.0/{}/comments?fields=id,text,timestamp,username,from{{id,username}},like_count,hidden,replies{{id,text,from{{id,username}},parent_id}}&limit=50",
        sb.base_url(),
        post.id
    );
    let mut seen = 0u64;
    let mut answered_by_account = 0;
    let mut last_ts = String::from("9999");
    loop {
        let body: Value = http
            .get(&url)
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
            .await
            .expect("page")
            .json()
            .await
            .expect("json");
        for c in body["data"].as_array().expect("data") {
            seen += 1;
            let ts = c["timestamp"].as_str().expect("ts").to_owned();
            assert!(ts <= last_ts, "newest first");
            last_ts = ts;
            assert!(c["from"]["id"].is_string() && c["from"]["username"].is_string());
            assert!(c.get("parent_id").is_none());
            for r in c["replies"]["data"].as_array().into_iter().flatten() {
                seen += 1;
                assert_eq!(r["parent_id"], c["id"]);
                if r["from"]["username"] == a.profile.username.as_str() {
                    answered_by_account += 1;
                }
            }
        }
        match body["paging"]["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, post.comments_count);
    let expected = a.comments_on(&post.id).filter(|c| c.by_account).count();
    assert_eq!(answered_by_account, expected);
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn the_media_list_expands_each_posts_first_page_of_comments() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let token = sb.issue_token("pulse.demo.shop").expect("token");
    let a = &sb.accounts()[0];
    let fields = "id,comments_count,comments.limit(20){id,timestamp,replies{id,parent_id}}";
    let mut url = format!("{}/v25.0/me/media?fields={fields}&limit=50", sb.base_url());
    let (mut with, mut without, mut continued) = (0, 0, 0);
    loop {
        let body: Value = http
            .get(&url)
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
            .await
            .expect("page")
            .json()
            .await
            .expect("json");
        for item in body["data"].as_array().expect("data") {
            let id = item["id"].as_str().expect("id");
            let count = item["comments_count"].as_u64().expect("count");
            let Some(page) = item.get("comments") else {
                assert_eq!(
                    count, 0,
                    "an edge without items is left out, never an empty page"
                );
                without += 1;
                continue;
            };
            with += 1;
            let mut seen = HashSet::new();
            let mut total = 0;
            let mut page = page.clone();
            loop {
                let data = page["data"].as_array().expect("a page of comments");
                assert!(data.len() <= 20, "the limit modifier is kept");
                for c in data {
                    assert!(
                        seen.insert(c["id"].as_str().expect("id").to_owned()),
                        "no repeats"
                    );
                    total += 1 + c["replies"]["data"].as_array().map_or(0, Vec::len) as u64;
                }
                let Some(next) = page["paging"]["next"].as_str() else {
                    break;
                };
                continued += 1;
                assert!(next.contains(&format!("/{id}/comments?")), "{next}");
                page = http
                    .get(next)
                    .send()
                    .await
                    .expect("next page")
                    .json()
                    .await
                    .expect("json");
            }
            assert_eq!(total, count, "every comment and reply of {id}, once");
        }
        match body["paging"]["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(with + without, a.posts.len());
    assert!(with > 0 && continued > 0, "{with} {without} {continued}");
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn tokens_paths_and_usage() {
    let mut config = SandboxConfig::new(today());
    config.throttle_on_call = None;
    config.usage_budget_per_minute = 10;
    let (sb, shutdown) = start(config).await;
    let http = client();
    let user_id = sb.accounts()[0].profile.user_id.clone();

    let resp = http
        .get(format!("{}/v25.0/me", sb.base_url()))
        .send()
        .await
        .expect("call");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(
        error_code(&body),
        (
            190,
            None,
            "Invalid OAuth access token - Cannot parse access token".to_owned()
        )
    );
    assert_eq!(body["error"]["type"], "OAuthException");
    assert!(body["error"]["fbtrace_id"].is_string());
    let (_, _, body) = graph(&http, &sb, "IGAAnonsense", "me").await;
    assert_eq!(error_code(&body).0, 190);

    let token = sb.issue_token("pulse.demo.shop").expect("token");
    // The token also works as a query parameter, with or without a version prefix.
    let resp = http
        .get(format!(
            "{}/me?fields=username&access_token={token}",
            sb.base_url()
        ))
        .send()
        .await
        .expect("call");
    assert_eq!(usage_percent(resp.headers(), &user_id), 10);
    let (status, headers, body) = graph(&http, &sb, &token, "me/nonsense").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body).1, Some(33));
    assert!(error_code(&body).2.starts_with("Unsupported get request."));
    assert_eq!(
        usage_percent(&headers, &user_id),
        20,
        "errors carry the header too"
    );
    let (_, headers, _) = graph(&http, &sb, &token, &format!("{user_id}?fields=username")).await;
    assert_eq!(usage_percent(&headers, &user_id), 30);

    assert_eq!(sb.revoke_account("pulse.demo.shop"), 1);
    let (_, _, body) = graph(&http, &sb, &token, "me").await;
    assert_eq!(error_code(&body).0, 190);
    assert_eq!(error_code(&body).1, Some(458));
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn throttles_the_nth_call_once() {
    let mut config = SandboxConfig::new(today());
    config.throttle_on_call = Some(3);
    let (sb, shutdown) = start(config).await;
    let http = client();
    let token = sb.issue_token("second.sandbox").expect("token");
    let user_id = sb.accounts()[1].profile.user_id.clone();
    for call in 1..=5 {
        let (status, headers, body) = graph(&http, &sb, &token, "me?fields=username").await;
        if call == 3 {
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert_eq!(body["error"]["code"], 80002);
            assert_eq!(body["error"]["is_transient"], true);
            assert_eq!(body["error"]["type"], "OAuthException");
            assert_eq!(usage_percent(&headers, &user_id), 100);
        } else {
            assert_eq!(status, StatusCode::OK, "call {call}");
            assert_eq!(body["username"], "second.sandbox");
            assert!(usage_percent(&headers, &user_id) < 100);
        }
    }
    // Another token gets its own throttled call.
    let other = sb.issue_token("second.sandbox").expect("token");
    let mut throttled = 0;
    for _ in 0..4 {
        let (status, _, _) = graph(&http, &sb, &other, "me").await;
        if status == StatusCode::BAD_REQUEST {
            throttled += 1;
        }
    }
    assert_eq!(throttled, 1);
    let calls = sb.calls();
    assert_eq!(calls.throttled, 2);
    assert_eq!(calls.profile, 7);
    assert_eq!(calls.total, 9);
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn the_throttled_call_says_when_access_comes_back() {
    let mut config = SandboxConfig::new(today());
    config.throttle_on_call = Some(1);
    config.throttle_regain = Duration::from_secs(3);
    let (sb, shutdown) = start(config).await;
    let token = sb.issue_token("second.sandbox").expect("token");
    let (status, headers, _) = graph(&client(), &sb, &token, "me").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let usage = headers["x-business-use-case-usage"].to_str().unwrap();
    assert!(
        usage.contains(r#""estimated_time_to_regain_access":0.05"#),
        "{usage}"
    );
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn an_outage_closes_every_connection_until_it_ends() {
    let (sb, shutdown) = start_default().await;
    let http = client();
    let token = sb.issue_token("second.sandbox").expect("token");
    let media = sb.accounts()[1].posts[5].id.clone();
    sb.stop_answering_after_insights(2);
    for _ in 0..2 {
        let (status, _, _) = graph(
            &http,
            &sb,
            &token,
            &format!("{media}/insights?metric=reach"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    let before = sb.calls();
    for path in [format!("{media}/insights?metric=reach"), "me".to_owned()] {
        let sent = http
            .get(format!("{}/v25.0/{path}", sb.base_url()))
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
            .await;
        assert!(sent.is_err(), "answered during the outage: {sent:?}");
    }
    let during = sb.calls();
    assert_eq!(during.total - before.total, 2, "counted, not answered");
    assert_eq!(during.media_insights, before.media_insights);
    sb.answer_again();
    let (status, _, _) = graph(&http, &sb, &token, "me").await;
    assert_eq!(status, StatusCode::OK);
    sb.stop_answering();
    assert!(http
        .get(format!("{}/v25.0/me", sb.base_url()))
        .send()
        .await
        .is_err());
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let (sb, shutdown) = start_default().await;
    let http = reqwest::Client::new();
    let addr = sb.addr();
    // Keep a connection open, then shut down.
    let _ = http
        .get(format!("{}/v25.0/me", sb.base_url()))
        .send()
        .await
        .expect("call");
    shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(3), sb.stopped())
        .await
        .expect("stops promptly");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

// ---------------------------------------------------------------------------------------------
// Time: daily posting and the clock.

#[test]
fn a_daily_poster_publishes_once_a_day_back_from_yesterday() {
    let spec = AccountSpec {
        posts: 450,
        commenters: 300,
        posting: Posting::Daily,
        ..AccountSpec::second()
    };
    let account = SandboxAccount::generate(&spec, today());
    assert_eq!(account.posts.len(), 450);
    for (back, post) in account.posts.iter().enumerate() {
        let expected = today() - chrono::Duration::days(back as i64 + 1);
        assert_eq!(post.timestamp.date_naive(), expected, "post {back}");
    }
    // Posts older than the 400 days of account insights are still served in full.
    assert_eq!(account.daily.len(), HISTORY_DAYS as usize);
}

#[tokio::test]
async fn the_clock_hides_posts_and_comments_that_do_not_exist_yet() {
    let mut config = SandboxConfig::new(today());
    config.throttle_on_call = None;
    config.accounts = vec![AccountSpec {
        posts: 60,
        commenters: 200,
        posting: Posting::Daily,
        ..AccountSpec::second()
    }];
    let (sb, shutdown) = start(config).await;
    let http = client();
    let token = sb.issue_token("second.sandbox").expect("token");
    let account = sb.accounts()[0].clone();
    // Ten days ago at noon: the posts of the last ten days are still to come.
    let clock = today().and_hms_opt(12, 0, 0).expect("noon").and_utc() - chrono::Duration::days(10);
    sb.set_clock(Some(clock));

    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        "me/media?fields=id,timestamp,comments_count&limit=50",
    )
    .await;
    let listed: Vec<&str> = body["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|item| item["id"].as_str())
        .collect();
    let published: Vec<&SandboxPost> = account
        .posts
        .iter()
        .filter(|p| p.timestamp <= clock)
        .collect();
    assert!(
        published.len() >= 49 && published.len() <= 51,
        "{}",
        published.len()
    );
    assert_eq!(listed.first().copied(), Some(published[0].id.as_str()));
    let future = account
        .posts
        .iter()
        .find(|p| p.timestamp > clock)
        .expect("a post to come");
    assert!(!listed.contains(&future.id.as_str()));
    let (status, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=reach", future.id),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // A post from three days before the clock: only the comments written so far, and its
    // counts agree with them.
    let post = published
        .iter()
        .find(|p| {
            let on_post: Vec<&SandboxComment> = account.comments_on(&p.id).collect();
            on_post.iter().any(|c| c.timestamp <= clock)
                && on_post.iter().any(|c| c.timestamp > clock)
        })
        .expect("a post with comments before and after the clock");
    let so_far = account
        .comments_on(&post.id)
        .filter(|c| c.timestamp <= clock)
        .count() as u64;
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}?fields=comments_count", post.id),
    )
    .await;
    assert_eq!(body["comments_count"].as_u64(), Some(so_far));
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}/insights?metric=comments", post.id),
    )
    .await;
    assert_eq!(body["data"][0]["values"][0]["value"].as_u64(), Some(so_far));
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!(
            "{}/comments?fields=id,timestamp,replies{{id,timestamp}}&limit=50",
            post.id
        ),
    )
    .await;
    let mut served = 0;
    for comment in body["data"].as_array().expect("data") {
        served += 1;
        for reply in comment["replies"]["data"].as_array().into_iter().flatten() {
            served += 1;
            let at = reply["timestamp"].as_str().expect("time");
            assert!(at <= wire::format_time(clock).as_str(), "{at}");
        }
    }
    assert_eq!(served, so_far);

    // Later, everything is there.
    sb.set_clock(None);
    let (_, _, body) = graph(
        &http,
        &sb,
        &token,
        &format!("{}?fields=comments_count", post.id),
    )
    .await;
    assert_eq!(body["comments_count"].as_u64(), Some(post.comments_count));
    shutdown.cancel();
    sb.stopped().await;
}

#[tokio::test]
async fn every_answer_waits_the_latency_and_its_jitter() {
    let mut config = SandboxConfig::new(today());
    config.latency = Duration::from_millis(120);
    config.jitter = Duration::from_millis(60);
    let (sb, shutdown) = start(config).await;
    let http = client();
    let token = sb.issue_token("pulse.demo.shop").expect("token");
    let mut took = Vec::new();
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let (status, _, body) = graph(&http, &sb, &token, "me?fields=id,username").await;
        took.push(started.elapsed());
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // Never sooner than the latency (an upper bound would time the machine, not the sandbox).
    assert!(
        took.iter().all(|t| *t >= Duration::from_millis(120)),
        "{took:?}"
    );
    shutdown.cancel();
}
