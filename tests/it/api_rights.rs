//! The chat's rights over the stats API, from the API user's side: the export with an
//! `export:read` key, pause and resume and the two-step erasure with an `admin` key, and a
//! `stats:read` key refused all of them (403).

use pulse_tests::spawn_app;

use crate::api::{call, mint, problem};

#[tokio::test]
async fn api_export_is_the_chats_document_without_secrets() {
    let app = spawn_app().await;
    app.link_account().await;
    let chat = bot::console::console_chat();
    let key = mint(&app, &chat, "export:read").await;
    let handle = app.account().profile.username.clone();

    let answer = call(&app, Some(&key), "GET", "/api/v1/export", None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.content_type, "application/json");
    let document = &answer.body;
    assert_eq!(document["format"], "pulse-export/1", "{document}");
    let accounts = document["accounts"].as_array().expect("accounts");
    assert!(
        accounts
            .iter()
            .any(|a| a["account"]["username"] == handle.as_str()),
        "the chat's account @{handle} is in {document}"
    );
    // The key is listed, by id, but neither it nor its secret is in the document.
    let text = document.to_string();
    assert!(!text.contains(&key), "the key itself is not exported");
    let secret = &key[15..];
    assert!(!text.contains(secret), "the key's secret is not exported");
    let keys = document["api_keys"].as_array().expect("api_keys");
    assert_eq!(keys.len(), 1, "{document}");
    assert!(key.starts_with(&format!(
        "pulse_{}_",
        keys[0]["id"].as_str().expect("an id")
    )));
    // An export:read key does not read the figures, nor act for the administrators.
    let figures = call(&app, Some(&key), "GET", "/api/v1/accounts", None).await;
    problem(&figures, 403);
    let pause = format!("/api/v1/accounts/@{handle}/pause");
    problem(&call(&app, Some(&key), "POST", &pause, None).await, 403);
}

#[tokio::test]
async fn api_rights_are_refused_to_a_stats_key() {
    let app = spawn_app().await;
    app.link_account().await;
    let key = mint(&app, &bot::console::console_chat(), "stats:read").await;
    let handle = app.account().profile.username.clone();
    let overview = format!("/api/v1/accounts/@{handle}/overview");

    for (method, path) in [
        ("GET", "/api/v1/export".to_owned()),
        ("DELETE", "/api/v1/chat".to_owned()),
        ("POST", format!("/api/v1/accounts/@{handle}/pause")),
        ("POST", format!("/api/v1/accounts/@{handle}/resume")),
    ] {
        let refused = call(&app, Some(&key), method, &path, None).await;
        let detail = problem(&refused, 403)["detail"]
            .as_str()
            .unwrap_or_default();
        assert!(detail.contains("scope"), "{method} {path}: {detail}");
    }
    // Nothing was paused or erased: the figures are still served.
    assert_eq!(
        call(&app, Some(&key), "GET", &overview, None).await.status,
        200
    );
}

#[tokio::test]
async fn api_admin_pauses_and_resumes_an_account() {
    let app = spawn_app().await;
    app.link_account().await;
    let key = mint(&app, &bot::console::console_chat(), "admin").await;
    let handle = app.account().profile.username.clone();
    let overview = format!("/api/v1/accounts/@{handle}/overview");
    assert_eq!(
        call(&app, Some(&key), "GET", &overview, None).await.status,
        200
    );

    let paused = call(
        &app,
        Some(&key),
        "POST",
        &format!("/api/v1/accounts/@{handle}/pause"),
        None,
    )
    .await;
    assert_eq!(paused.status, 200, "{}", paused.body);
    assert_eq!(paused.body["paused"], true);
    assert_eq!(paused.body["changed"], true);
    assert_eq!(paused.body["account"]["handle"], handle.as_str());
    assert!(paused.body["paused_at"].is_string());
    problem(&call(&app, Some(&key), "GET", &overview, None).await, 409);
    // The chat sees what the API did.
    let stats = app.say("/stats").await;
    assert!(stats.contains("paused"), "{stats}");
    // Again: already so, nothing changes.
    let again = call(
        &app,
        Some(&key),
        "POST",
        &format!("/api/v1/accounts/@{handle}/pause"),
        None,
    )
    .await;
    assert_eq!(
        (again.body["paused"].clone(), again.body["changed"].clone()),
        (true.into(), false.into())
    );

    let resumed = call(
        &app,
        Some(&key),
        "POST",
        &format!("/api/v1/accounts/@{handle}/resume"),
        None,
    )
    .await;
    assert_eq!(resumed.status, 200, "{}", resumed.body);
    assert_eq!(resumed.body["paused"], false);
    assert!(resumed.body["paused_at"].is_null());
    assert_eq!(
        call(&app, Some(&key), "GET", &overview, None).await.status,
        200
    );

    // Only the chat's own accounts.
    let unknown = call(
        &app,
        Some(&key),
        "POST",
        "/api/v1/accounts/nobody/pause",
        None,
    )
    .await;
    problem(&unknown, 404);
}

#[tokio::test]
async fn api_erasure_asks_then_erases_with_the_one_time_token() {
    let app = spawn_app().await;
    app.link_account().await;
    let chat = bot::console::console_chat();
    let key = mint(&app, &chat, "admin").await;
    let handle = app.account().profile.username.clone();
    let overview = format!("/api/v1/accounts/@{handle}/overview");

    // Without `confirm`: a token, and nothing deleted.
    let asked = call(&app, Some(&key), "DELETE", "/api/v1/chat", None).await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    let token = asked.body["confirm"].as_str().expect("a token").to_owned();
    assert!(token.len() >= 12, "{token}");
    assert!(asked.body["expires_at"].is_string());
    assert_eq!(
        call(&app, Some(&key), "GET", &overview, None).await.status,
        200
    );

    // A wrong token (its last character changed, never to itself): refused, nothing
    // deleted, the right one still good.
    let last = if token.ends_with('x') { 'y' } else { 'x' };
    let wrong = call(
        &app,
        Some(&key),
        "DELETE",
        &format!("/api/v1/chat?confirm={}{last}", &token[..token.len() - 1]),
        None,
    )
    .await;
    problem(&wrong, 409);
    assert_eq!(
        call(&app, Some(&key), "GET", &overview, None).await.status,
        200
    );

    // The right token: erased, counted, as /forget erases.
    let erased = call(
        &app,
        Some(&key),
        "DELETE",
        &format!("/api/v1/chat?confirm={token}"),
        None,
    )
    .await;
    assert_eq!(erased.status, 200, "{}", erased.body);
    assert_eq!(erased.body["accounts_erased"], 1, "{}", erased.body);
    assert_eq!(erased.body["account_links"], 1);
    assert!(erased.body["api_records"].as_u64().unwrap_or(0) >= 1);

    // The key went with the chat; the chat has no account left.
    let refused = call(&app, Some(&key), "GET", &overview, None).await;
    problem(&refused, 401);
    problem(
        &call(
            &app,
            Some(&key),
            "DELETE",
            &format!("/api/v1/chat?confirm={token}"),
            None,
        )
        .await,
        401,
    );
    let accounts = app.say("/accounts").await;
    assert!(!accounts.contains(&format!("@{handle}")), "{accounts}");
    // Nothing of the chat is left to export.
    let fresh = mint(&app, &chat, "export:read").await;
    let export = call(&app, Some(&fresh), "GET", "/api/v1/export", None).await;
    assert_eq!(export.status, 200);
    assert_eq!(export.body["accounts"].as_array().map(Vec::len), Some(0));
    assert_eq!(export.body["api_keys"].as_array().map(Vec::len), Some(1));
}
