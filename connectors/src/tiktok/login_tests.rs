//! Tests of `TikTokClient`'s Login Kit side against a fake TikTok: the authorize URL, the
//! code exchange, the refresh and the revocation, from the documented wire format (urlencoded
//! forms with the client credentials; the flat or `data`-wrapped token answer; the
//! `{"error":"…","error_description":"…"}` refusals). Helpers are in `tests.rs`.

use std::collections::HashMap;
use std::time::Duration;

use engine::tiktok::{RefreshToken, SourceError, TikTokLogin};
use serde_json::json;
use url::Url;
use wiremock::{MockServer, ResponseTemplate};

use super::tests::{
    client, form_of, header_of, mount, oauth_error, requests, token, token_answer, ACCESS, KEY,
    NEW_REFRESH, REDIRECT, REFRESH, SECRET,
};

#[tokio::test]
async fn authorize_url_carries_all_four_scopes_and_the_state_encoded() {
    let server = MockServer::start().await;
    let state = "st/ate&x=1 ü";
    let raw = client(&server).authorize_url(state);
    let url = Url::parse(&raw).unwrap();
    assert_eq!(url.path(), "/v2/auth/authorize/");
    let pairs: HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs["client_key"], KEY);
    assert_eq!(
        pairs["scope"],
        "user.info.basic,user.info.profile,user.info.stats,video.list"
    );
    assert_eq!(pairs["response_type"], "code");
    assert_eq!(pairs["redirect_uri"], REDIRECT);
    assert_eq!(pairs["state"], state);
    assert_eq!(pairs.len(), 5);
    // Encoded on the wire: no raw `&`, `/` of the state or the redirect URI leaks through.
    assert!(!raw.contains("st/ate"), "{raw}");
    assert!(
        raw.contains("redirect_uri=https%3A%2F%2Fpulse.example"),
        "{raw}"
    );
}

#[tokio::test]
async fn the_code_exchange_posts_every_field_form_encoded_and_reads_the_flat_answer() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/token/",
        ResponseTemplate::new(200).set_body_json(token_answer(REFRESH)),
    )
    .await;
    // A code copied from the callback URL arrives percent-encoded; TikTok wants it decoded.
    let tokens = client(&server)
        .exchange_code(" CODE%2A123%21abc ")
        .await
        .unwrap();
    assert_eq!(
        tokens.access.expose(),
        "act.freshACCESS0123456789abcdef!4321.va"
    );
    assert_eq!(tokens.refresh.expose(), REFRESH);
    assert_eq!(tokens.expires_in, Duration::from_secs(7200));
    assert_eq!(tokens.refresh_expires_in, Duration::from_secs(15552000));
    assert_eq!(tokens.open_id, "afd97af1-b87b-48b9-ac98-410aghda5344");
    assert_eq!(tokens.scopes, ["user.info.basic", "video.list"]);

    let received = requests(&server).await;
    assert_eq!(received.len(), 1);
    assert_eq!(
        header_of(&received[0], "content-type"),
        "application/x-www-form-urlencoded"
    );
    let form = form_of(&received[0]);
    assert_eq!(form["client_key"], KEY);
    assert_eq!(form["client_secret"], SECRET);
    assert_eq!(form["code"], "CODE*123!abc");
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["redirect_uri"], REDIRECT);
    assert_eq!(form.len(), 5);
    assert!(received[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn a_token_answer_wrapped_in_data_is_read_too() {
    let server = MockServer::start().await;
    let wrapped = json!({ "data": token_answer(REFRESH), "message": "success" });
    mount(
        &server,
        "POST",
        "/v2/oauth/token/",
        ResponseTemplate::new(200).set_body_json(wrapped),
    )
    .await;
    let tokens = client(&server).exchange_code("abc").await.unwrap();
    assert_eq!(tokens.open_id, "afd97af1-b87b-48b9-ac98-410aghda5344");
    assert_eq!(tokens.refresh.expose(), REFRESH);
}

#[tokio::test]
async fn refresh_posts_the_refresh_token_and_returns_the_new_one() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/token/",
        ResponseTemplate::new(200).set_body_json(token_answer(NEW_REFRESH)),
    )
    .await;
    let tokens = client(&server)
        .refresh(&RefreshToken::new(REFRESH))
        .await
        .unwrap();
    assert_eq!(tokens.refresh.expose(), NEW_REFRESH);
    let received = requests(&server).await;
    let form = form_of(&received[0]);
    assert_eq!(form["grant_type"], "refresh_token");
    assert_eq!(form["refresh_token"], REFRESH);
    assert_eq!(form["client_key"], KEY);
    assert_eq!(form["client_secret"], SECRET);
    assert_eq!(form.len(), 4);
}

#[tokio::test]
async fn invalid_grant_is_reauth_on_refresh_and_a_bad_code_on_exchange_with_200_or_400() {
    for status in [200, 400] {
        let server = MockServer::start().await;
        mount(
            &server,
            "POST",
            "/v2/oauth/token/",
            oauth_error(status, "invalid_grant", "Authorization code is expired."),
        )
        .await;
        let client = client(&server);
        let refused = client.refresh(&RefreshToken::new(REFRESH)).await;
        assert_eq!(
            refused.err(),
            Some(SourceError::Reauth { code: 0 }),
            "{status}"
        );
        let refused = client.exchange_code("old-code").await;
        assert!(
            matches!(refused, Err(SourceError::BadAuthorizationCode { ref message }) if message.contains("expired")),
            "{status}: {refused:?}"
        );
        // Refused, not temporary: each was sent once.
        assert_eq!(requests(&server).await.len(), 2, "{status}");
    }
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/token/",
        oauth_error(400, "invalid_request", "code is missing"),
    )
    .await;
    let refused = client(&server).exchange_code("x").await;
    assert!(
        matches!(refused, Err(SourceError::BadAuthorizationCode { .. })),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_refused_client_is_permanent_and_an_outage_is_retried_then_transient() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/token/",
        oauth_error(401, "invalid_client", "Client key or secret is incorrect."),
    )
    .await;
    let refused = client(&server).refresh(&RefreshToken::new(REFRESH)).await;
    assert!(
        matches!(refused, Err(SourceError::Permanent { .. })),
        "{refused:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);

    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/token/",
        ResponseTemplate::new(503).set_body_string("<html>busy</html>"),
    )
    .await;
    let refused = client(&server).refresh(&RefreshToken::new(REFRESH)).await;
    assert!(
        matches!(refused, Err(SourceError::Transient { .. })),
        "{refused:?}"
    );
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn revoke_posts_the_token_in_the_form_and_an_empty_object_is_success() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/revoke/",
        ResponseTemplate::new(200).set_body_json(json!({})),
    )
    .await;
    client(&server).revoke(&token()).await.unwrap();
    let received = requests(&server).await;
    assert_eq!(received.len(), 1);
    let form = form_of(&received[0]);
    assert_eq!(form["token"], ACCESS);
    assert_eq!(form["client_key"], KEY);
    assert_eq!(form["client_secret"], SECRET);
    assert_eq!(form.len(), 3);

    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/oauth/revoke/",
        oauth_error(400, "invalid_grant", "Token is invalid."),
    )
    .await;
    assert_eq!(
        client(&server).revoke(&token()).await.err(),
        Some(SourceError::Reauth { code: 0 })
    );
}
