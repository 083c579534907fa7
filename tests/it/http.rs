//! The HTTP server as a browser and Instagram see it: the link page, the OAuth redirect,
//! the callback's clean redirects, replays, and `/healthz`.

use pulse_tests::{connect_link, spawn_app};
use reqwest::header::{CACHE_CONTROL, LOCATION, REFERRER_POLICY};
use reqwest::StatusCode;

#[tokio::test]
async fn healthz_answers() {
    let app = spawn_app().await;
    let response = app
        .http()
        .get(format!("{}/healthz", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "{\"status\":\"ok\"}");
    app.stop().await;
}

#[tokio::test]
async fn the_oauth_path_step_by_step_and_a_replayed_callback() {
    let app = spawn_app().await;
    let http = app.http();
    let link = connect_link(&app.say_in(&bot::console::console_chat(), "/connect").await).unwrap();

    // The link page names the chat and offers to continue; nothing is cached or leaked.
    let page = http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[CACHE_CONTROL], "no-store");
    assert_eq!(page.headers()[REFERRER_POLICY], "no-referrer");
    let body = page.text().await.unwrap();
    assert!(body.contains("test chat local"), "{body}");

    // Continue → Instagram's authorize URL with our state and redirect URI.
    let go = http.get(format!("{link}/go")).send().await.unwrap();
    assert_eq!(go.status(), StatusCode::SEE_OTHER);
    let authorize = go.headers()[LOCATION].to_str().unwrap().to_owned();
    let token = link.rsplit('/').next().unwrap();
    assert!(
        authorize.starts_with(&format!("{}/oauth/authorize?", app.sandbox.base_url())),
        "{authorize}"
    );
    assert!(authorize.contains(&format!("state={token}")), "{authorize}");
    assert!(
        authorize.contains("instagram_business_manage_insights"),
        "{authorize}"
    );

    // Instagram (the sandbox) approves and redirects back with a code.
    let approved = http.get(&authorize).send().await.unwrap();
    let callback = approved.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        callback.starts_with(&format!("{}/oauth/instagram/callback?code=", app.base_url)),
        "{callback}"
    );

    // The callback links and sends the browser to a clean page: no code in the address.
    let first = http.get(&callback).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(first.headers()[LOCATION], "/linked");
    assert_eq!(first.headers()[CACHE_CONTROL], "no-store");

    // The same callback again: the link was used; Instagram is not asked again.
    let oauth_calls = app.sandbox.calls().oauth;
    let replay = http.get(&callback).send().await.unwrap();
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    assert_eq!(replay.headers()[LOCATION], "/not-linked?reason=used");
    assert_eq!(app.sandbox.calls().oauth, oauth_calls);

    // The used link's page says so.
    let used = http.get(&link).send().await.unwrap();
    assert_eq!(used.status(), StatusCode::GONE);
    assert!(used.text().await.unwrap().contains("already used"));
    app.stop().await;
}

#[tokio::test]
async fn unknown_links_and_malformed_callbacks_get_clear_pages() {
    let app = spawn_app().await;
    let http = app.http();
    for path in [
        "/connect/AAAAAAAAAAAAAAAAAAAAAA",
        "/connect/not-a-token",
        "/connect/%3Cscript%3E/go",
    ] {
        let response = http
            .get(format!("{}{path}", app.base_url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::GONE, "{path}");
        let body = response.text().await.unwrap();
        assert!(body.contains("Send <b>/connect</b>"), "{path}: {body}");
        assert!(!body.contains("<script>"));
    }
    for query in ["", "?code=abc", "?state=", "?state=a&state=b"] {
        let response = http
            .get(format!("{}/oauth/instagram/callback{query}", app.base_url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query:?}");
    }
    let forged = http
        .get(format!(
            "{}/oauth/instagram/callback?code=abc&state=AAAAAAAAAAAAAAAAAAAAAA",
            app.base_url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.headers()[LOCATION], "/not-linked?reason=invalid");
    let cancelled = http
        .get(format!(
            "{}/oauth/instagram/callback?error=access_denied&state=x",
            app.base_url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.headers()[LOCATION], "/not-linked?reason=invalid");
    let missing = http
        .get(format!("{}/nowhere", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}
