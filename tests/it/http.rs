//! The HTTP server as a browser and Instagram see it: the link page, the OAuth redirect,
//! the callback's clean redirects, replays, and `/healthz`.

use std::time::Duration;

use pulse_tests::{connect_link, spawn_app, spawn_app_with, TestOptions};
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
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok", "{body}");
    app.stop().await;
}

/// The connections to `port` that the server has accepted (each holds one of its file
/// descriptors), from the kernel's table: established, local port `port`, with an inode —
/// a connection still in the listen queue has none.
fn accepted_connections(port: u16) -> usize {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    table
        .lines()
        .skip(1)
        .filter(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local_port = fields
                .get(1)
                .and_then(|local| local.split(':').nth(1))
                .and_then(|hex| u16::from_str_radix(hex, 16).ok());
            local_port == Some(port) && fields.get(3) == Some(&"01") && fields.get(9) != Some(&"0")
        })
        .count()
}

/// Reads until the server closes the connection (`true`) or `within` passes (`false`).
async fn closed_by_server(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    use tokio::io::AsyncReadExt as _;
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

#[tokio::test]
async fn idle_and_silent_connections_are_closed_and_capped() {
    use tokio::io::AsyncWriteExt as _;
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            http_limits: Some((8, 1)),
            ..TestOptions::default()
        },
    )
    .await;

    // A connection that never sends a request is closed after the header timeout.
    let mut silent = tokio::net::TcpStream::connect(app.http_addr).await.unwrap();
    assert!(
        closed_by_server(&mut silent, Duration::from_secs(5)).await,
        "a silent connection is closed"
    );

    // So is one that sends half a request head, and one kept alive after a request.
    let mut slow = tokio::net::TcpStream::connect(app.http_addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    assert!(closed_by_server(&mut slow, Duration::from_secs(5)).await);
    let mut kept = tokio::net::TcpStream::connect(app.http_addr).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    assert!(
        closed_by_server(&mut kept, Duration::from_secs(5)).await,
        "an idle kept-alive connection is closed after its answer"
    );

    // Sixty silent connections at once: Pulse holds at most 8 of them (the rest wait in the
    // kernel's queue), so its own descriptors stay few; all are closed in the end, and
    // Pulse answers again.
    let mut crowd = Vec::new();
    for _ in 0..60 {
        crowd.push(tokio::net::TcpStream::connect(app.http_addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let held_by_pulse = accepted_connections(app.http_addr.port());
    assert!(
        (1..=8).contains(&held_by_pulse),
        "Pulse holds {held_by_pulse} of 60 silent connections"
    );
    for stream in &mut crowd {
        assert!(closed_by_server(stream, Duration::from_secs(20)).await);
    }
    let (status, body) = app
        .status_and_text(format!("{}/healthz", app.base_url))
        .await;
    assert_eq!(status, 200, "Pulse answers again: {body}");
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
    // Without a binding, it says plainly who asked and who will see the account's data.
    assert!(body.contains("by <b>@ana</b>"), "{body}");
    assert!(body.contains("everyone in it will see"), "{body}");
    assert!(body.contains("not Pulse's words"), "{body}");

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
