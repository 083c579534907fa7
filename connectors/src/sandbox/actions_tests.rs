//! Tests of the sandbox's comment actions and webhooks, through the real `InstagramClient`
//! against a sandbox on `127.0.0.1:0` (and wiremock on 127.0.0.1 as the webhook receiver).

use std::time::Duration;

use chrono::NaiveDate;
use engine::instagram::{AccessToken, Instagram, InstagramActions, SourceError};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tokio_util::sync::CancellationToken;
use url::Url;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::instagram::{InstagramClient, InstagramConfig};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("valid date")
}

/// A sandbox with the small account and a tiny other one, never throttling.
async fn start() -> (Sandbox, CancellationToken) {
    super::tests::start(small_config()).await
}

/// The configuration of [`start`]: the small account and a tiny other one, never throttling.
pub(super) fn small_config() -> SandboxConfig {
    let mut config = SandboxConfig::new(today());
    let other = AccountSpec {
        seed: 99,
        username: "other.sandbox".to_owned(),
        posts: 6,
        commenters: 10,
        followers: 100,
        posting: Posting::Daily,
    };
    config.accounts = vec![AccountSpec::second(), other];
    config.throttle_on_call = None;
    config
}

/// The real client, pointed at the sandbox.
pub(super) fn instagram(sb: &Sandbox) -> InstagramClient {
    let mut config = InstagramConfig::new(
        "sandbox-app-id",
        "sandbox-app-secret",
        "https://pulse.example/cb",
    );
    config.graph_url = Url::parse(&sb.base_url()).expect("base url");
    config.base_backoff = Duration::from_millis(1);
    config.max_backoff = Duration::from_millis(5);
    InstagramClient::new(config).expect("client")
}

/// A sandbox, the client pointed at it and a token of the small account.
async fn start_with_client() -> (Sandbox, CancellationToken, InstagramClient, AccessToken) {
    let (sb, shutdown) = start().await;
    let ig = instagram(&sb);
    let token = token(&sb);
    (sb, shutdown, ig, token)
}

fn token(sb: &Sandbox) -> AccessToken {
    AccessToken::new(sb.issue_token("second.sandbox").expect("token"))
}

fn account(sb: &Sandbox) -> &SandboxAccount {
    &sb.accounts()[0]
}

/// A new comment on the account's newest post by its first commenter, written now.
fn fresh_comment(sb: &Sandbox, text: &str) -> (String, String) {
    let account = account(sb);
    let post = account.posts[0].id.clone();
    let id = sb
        .add_comment(
            &account.profile.user_id,
            &post,
            &account.commenters[0],
            text,
        )
        .expect("comment added");
    (id, post)
}

fn refused(result: Result<impl std::fmt::Debug, SourceError>) -> (i64, Option<i64>, String) {
    match result {
        Err(SourceError::Permanent {
            code,
            subcode,
            message,
        }) => (code, subcode, message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_reply_is_served_under_its_comment_as_the_accounts_own() {
    let (sb, shutdown, ig, token) = start_with_client().await;
    let (comment, post) = fresh_comment(&sb, "how much is this? 😍");
    let before = ig.comments(&token, &post).await.expect("comments");
    assert!(before
        .iter()
        .any(|c| c.id == comment && c.parent_id.is_none()));

    let reply = ig
        .reply_to_comment(&token, &comment, "49 € — sizes S to XL, DM us!")
        .await
        .expect("reply accepted");
    assert_eq!(
        comment, "17899000000000001",
        "ids count up deterministically"
    );
    assert_eq!(reply, "17899000000000002");

    let after = ig.comments(&token, &post).await.expect("comments");
    assert_eq!(after.len(), before.len() + 1);
    let served = after.iter().find(|c| c.id == reply).expect("reply served");
    assert_eq!(served.parent_id.as_deref(), Some(comment.as_str()));
    assert_eq!(
        served.author_id.as_deref(),
        Some(account(&sb).profile.user_id.as_str())
    );
    assert_eq!(
        served.author_username.as_deref(),
        Some(account(&sb).profile.username.as_str())
    );
    assert_eq!(served.text, "49 € — sizes S to XL, DM us!");
    let replies = sb.replies_to(&comment);
    assert_eq!(replies.len(), 1);
    assert!(replies[0].by_account);

    // The media list's expansion and comments_count see it too.
    let posts = ig.posts(&token).await.expect("posts");
    let listed = posts.iter().find(|p| p.id == post).expect("post listed");
    let generated = account(&sb).post(&post).expect("post").comments_count;
    assert_eq!(listed.comments_count, Some(generated + 2));
    let carried = listed.listed_comments.as_ref().expect("comments carried");
    assert!(carried.comments.iter().any(|c| c.id == reply));

    // The owner answering in the app is served the same way.
    let in_app = sb.reply_as_owner(&comment, "thanks!").expect("owner reply");
    let after = ig.comments(&token, &post).await.expect("comments");
    assert!(after
        .iter()
        .any(|c| c.id == in_app && c.parent_id.as_deref() == Some(comment.as_str())));
    shutdown.cancel();
}

#[tokio::test]
async fn replies_against_the_rules_are_refused_with_code_100() {
    let (sb, shutdown, ig, token) = start_with_client().await;
    let (comment, _) = fresh_comment(&sb, "love it");
    let owner_reply = sb.reply_as_owner(&comment, "thank you").expect("reply");

    let (code, _, message) = refused(ig.reply_to_comment(&token, &owner_reply, "hi").await);
    assert_eq!(code, 100);
    assert!(message.contains("top-level"), "{message}");
    for text in [
        "x".repeat(2_201),
        "hi @a @b @c @d @e @f".to_owned(),
        "#t ".repeat(31),
        "   ".to_owned(),
    ] {
        let (code, _, _) = refused(ig.reply_to_comment(&token, &comment, &text).await);
        assert_eq!(code, 100, "{}", text.len());
    }
    // At the limits it is accepted.
    ig.reply_to_comment(&token, &comment, &"é".repeat(2_200))
        .await
        .expect("2,200 characters");
    ig.reply_to_comment(&token, &comment, "hi @a @b @c @d @e #one")
        .await
        .expect("5 mentions");

    ig.set_comment_hidden(&token, &comment, true)
        .await
        .expect("hidden");
    let (code, _, message) = refused(ig.reply_to_comment(&token, &comment, "hi").await);
    assert_eq!(code, 100);
    assert!(message.contains("hidden"), "{message}");

    // Unknown, and another account's comment: 100/33.
    let (code, subcode, _) = refused(ig.reply_to_comment(&token, "17000000000000000", "hi").await);
    assert_eq!((code, subcode), (100, Some(33)));
    let foreign = sb.accounts()[1].comments[0].id.clone();
    let (code, subcode, _) = refused(ig.reply_to_comment(&token, &foreign, "hi").await);
    assert_eq!((code, subcode), (100, Some(33)));
    assert_eq!(sb.replies_to(&comment).len(), 3, "only the accepted ones");
    shutdown.cancel();
}

#[tokio::test]
async fn a_private_reply_is_sent_once_and_only_within_seven_days() {
    let (sb, shutdown, ig, token) = start_with_client().await;
    let (comment, _) = fresh_comment(&sb, "price?");
    ig.private_reply(
        &token,
        &account(&sb).profile.user_id,
        &comment,
        "It is 49 €, here is the link",
    )
    .await
    .expect("first private reply");
    let sent = sb.private_replies();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].comment_id, comment);
    assert_eq!(sent[0].recipient_id, account(&sb).commenters[0].id);
    assert_eq!(sent[0].account_user_id, account(&sb).profile.user_id);
    assert!(sent[0].message_id.starts_with("m_"));
    assert_eq!(sent[0].text, "It is 49 €, here is the link");

    let (code, subcode, message) = refused(
        ig.private_reply(&token, &account(&sb).profile.user_id, &comment, "again")
            .await,
    );
    assert_eq!((code, subcode), (100, Some(2_534_023)), "{message}");

    let now = super::dataset::start_of(today());
    let old = account(&sb)
        .comments
        .iter()
        .find(|c| !c.by_account && now - c.timestamp > chrono::Duration::days(8))
        .expect("an old comment")
        .id
        .clone();
    let (code, subcode, message) = refused(
        ig.private_reply(&token, &account(&sb).profile.user_id, &old, "hi")
            .await,
    );
    assert_eq!((code, subcode), (10, Some(2_534_022)));
    assert_eq!(message, "This message is sent outside of allowed window.");

    let (other, _) = fresh_comment(&sb, "size?");
    let (code, _, _) = refused(
        ig.private_reply(
            &token,
            &account(&sb).profile.user_id,
            &other,
            &"x".repeat(1_001),
        )
        .await,
    );
    assert_eq!(code, 100);
    let (code, _, _) = refused(
        ig.private_reply(&token, &account(&sb).profile.user_id, &other, "")
            .await,
    );
    assert_eq!(code, 100);
    assert_eq!(sb.private_replies().len(), 1);

    // Eight days later by the sandbox's clock, the window has closed.
    sb.set_clock(Some(now + chrono::Duration::days(8)));
    let (code, subcode, _) = refused(
        ig.private_reply(&token, &account(&sb).profile.user_id, &other, "hi")
            .await,
    );
    assert_eq!((code, subcode), (10, Some(2_534_022)));
    shutdown.cancel();
}

#[tokio::test]
async fn hiding_is_served_and_the_accounts_own_comments_cannot_be_hidden() {
    let (sb, shutdown, ig, token) = start_with_client().await;
    let (comment, _) = fresh_comment(&sb, "spam spam");
    assert!(!sb.is_hidden(&comment));
    ig.set_comment_hidden(&token, &comment, true)
        .await
        .expect("hidden");
    assert!(sb.is_hidden(&comment));
    let hidden = |sb: &Sandbox, token: &AccessToken, id: &str| {
        let url = format!("{}/v25.0/{id}?fields=hidden", sb.base_url());
        let bearer = format!("Bearer {}", token.expose());
        async move {
            let body: Value = reqwest::Client::new()
                .get(url)
                .header("authorization", bearer)
                .send()
                .await
                .expect("get")
                .json()
                .await
                .expect("json");
            body["hidden"].clone()
        }
    };
    assert_eq!(hidden(&sb, &token, &comment).await, json!(true));
    ig.set_comment_hidden(&token, &comment, false)
        .await
        .expect("shown");
    assert_eq!(hidden(&sb, &token, &comment).await, json!(false));
    assert!(!sb.is_hidden(&comment));

    let own = sb.reply_as_owner(&comment, "thanks").expect("reply");
    let (code, _, _) = refused(ig.set_comment_hidden(&token, &own, true).await);
    assert_eq!(code, 100);
    shutdown.cancel();
}

#[tokio::test]
async fn subscribing_to_comments_is_remembered_and_listed() {
    let (sb, shutdown, ig, token) = start_with_client().await;
    let user_id = account(&sb).profile.user_id.clone();
    assert!(!sb.subscribed(&user_id));
    ig.subscribe_to_comments(&token).await.expect("subscribed");
    assert!(sb.subscribed(&user_id));
    assert!(!sb.subscribed(&sb.accounts()[1].profile.user_id));
    let listed: Value = reqwest::Client::new()
        .get(format!("{}/v25.0/me/subscribed_apps", sb.base_url()))
        .bearer_auth(token.expose())
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(listed["data"][0]["subscribed_fields"], json!(["comments"]));
    assert_eq!(listed["data"][0]["id"], json!("sandbox-app-id"));
    shutdown.cancel();
}

#[tokio::test]
async fn bad_action_bodies_are_graph_errors() {
    let (sb, shutdown) = start().await;
    let token = token(&sb);
    let (comment, _) = fresh_comment(&sb, "hello");
    let http = reqwest::Client::new();
    let base = sb.base_url();
    let cases = [
        (format!("{base}/v25.0/me/messages"), b"{not json".to_vec()),
        (
            format!("{base}/v25.0/me/messages"),
            br#"{"recipient":{"comment_id":5},"message":{}}"#.to_vec(),
        ),
        (format!("{base}/v25.0/{comment}/replies"), Vec::new()),
        (format!("{base}/v25.0/{comment}?hide=maybe"), Vec::new()),
        (format!("{base}/v25.0/{comment}"), vec![0xff, 0xfe]),
    ];
    for (url, body) in cases {
        let response = http
            .post(&url)
            .bearer_auth(token.expose())
            .body(body)
            .send()
            .await
            .expect("post");
        assert_eq!(response.status().as_u16(), 400, "{url}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], json!(100), "{url}");
    }
    shutdown.cancel();
}

/// A webhook receiver on 127.0.0.1 that answers every POST with `status`.
async fn receiver(status: u16) -> MockServer {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&receiver)
        .await;
    receiver
}

/// Verifies `X-Hub-Signature-256` as a receiver would.
fn signature_verifies(secret: &str, body: &[u8], header: &str) -> bool {
    let Some(hex) = header.strip_prefix("sha256=") else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    expected == hex
}

#[tokio::test]
async fn a_comment_webhook_is_the_documented_body_signed_with_the_app_secret() {
    let (sb, shutdown) = start().await;
    let receiver = receiver(200).await;
    let account = account(&sb).clone();
    let (comment, post) = fresh_comment(&sb, "where do you ship? <b>🚚</b>");
    assert_eq!(
        sb.post_comment_webhook(&comment).await,
        Err(SandboxActionError::NoWebhook)
    );
    sb.set_webhook(
        format!("{}/webhooks/instagram", receiver.uri()),
        "whsec-app-secret".to_owned(),
    );
    assert_eq!(sb.post_comment_webhook(&comment).await, Ok(200));
    let reply = sb.reply_as_owner(&comment, "worldwide").expect("reply");
    assert_eq!(sb.post_comment_webhook(&reply).await, Ok(200));

    let received = receiver.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2);
    let first = &received[0];
    assert_eq!(first.url.path(), "/webhooks/instagram");
    let signature = first.headers["x-hub-signature-256"]
        .to_str()
        .expect("ascii");
    assert!(signature_verifies(
        "whsec-app-secret",
        &first.body,
        signature
    ));
    assert!(!signature_verifies(
        "another-secret",
        &first.body,
        signature
    ));
    assert_eq!(signature, sign_webhook("whsec-app-secret", &first.body));
    let body: Value = serde_json::from_slice(&first.body).expect("json");
    let written = sb.comment(&comment).expect("comment").timestamp.timestamp();
    assert_eq!(
        body,
        json!({"object": "instagram", "entry": [{
            "id": account.profile.user_id,
            "time": written,
            "changes": [{"field": "comments", "value": {
                "id": comment,
                "from": {"id": account.commenters[0].id, "username": account.commenters[0].username},
                "text": "where do you ship? <b>🚚</b>",
                "media": {"id": post, "media_product_type": account.posts[0].kind.media_product_type()},
            }}],
        }]})
    );
    let second: Value = serde_json::from_slice(&received[1].body).expect("json");
    let value = &second["entry"][0]["changes"][0]["value"];
    assert_eq!(value["parent_id"], json!(comment));
    assert_eq!(value["from"]["id"], json!(account.profile.user_id));
    shutdown.cancel();
}

#[tokio::test]
async fn new_comments_notify_only_subscribed_accounts_and_raw_bodies_go_as_given() {
    let (sb, shutdown) = start().await;
    let receiver = receiver(403).await;
    sb.set_webhook(receiver.uri(), "secret".to_owned());
    let account = account(&sb).clone();
    let add = |text: &'static str| {
        sb.add_comment_and_notify(
            &account.profile.user_id,
            &account.posts[1].id,
            &account.commenters[1],
            text,
        )
    };
    let (_, status) = add("first").await.expect("added");
    assert_eq!(status, None, "not subscribed: no webhook");
    instagram(&sb)
        .subscribe_to_comments(&token(&sb))
        .await
        .expect("subscribed");
    let (id, status) = add("second").await.expect("added");
    assert_eq!(status, Some(403), "the receiver's answer");
    let received = receiver.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1);
    let body: Value = serde_json::from_slice(&received[0].body).expect("json");
    assert_eq!(body["entry"][0]["changes"][0]["value"]["id"], json!(id));

    assert_eq!(
        sb.post_raw_webhook(
            b"{\"object\":\"instagram\"}".to_vec(),
            Some("sha256=00".into())
        )
        .await,
        Ok(403)
    );
    assert_eq!(sb.post_raw_webhook(b"x".to_vec(), None).await, Ok(403));
    let received = receiver.received_requests().await.expect("recorded");
    assert_eq!(received[1].headers["x-hub-signature-256"], "sha256=00");
    assert_eq!(received[1].body, b"{\"object\":\"instagram\"}");
    assert!(!received[2].headers.contains_key("x-hub-signature-256"));

    assert!(matches!(
        sb.add_comment(&account.profile.user_id, "1", &account.commenters[0], "x"),
        Err(SandboxActionError::UnknownPost(_))
    ));
    assert!(matches!(
        sb.add_comment("1", &account.posts[0].id, &account.commenters[0], "x"),
        Err(SandboxActionError::UnknownAccount(_))
    ));
    assert!(matches!(
        sb.reply_as_owner("1", "x"),
        Err(SandboxActionError::UnknownComment(_))
    ));
    shutdown.cancel();
}

#[tokio::test]
async fn the_comments_edge_and_the_media_lists_expansion_serve_hidden_as_it_is_now() {
    // The demo shop: spam is rare, and the small account has none.
    let mut config = SandboxConfig::new(today());
    config.throttle_on_call = None;
    let (sb, shutdown) = super::tests::start(config).await;
    let ig = instagram(&sb);
    let token = AccessToken::new(sb.issue_token("pulse.demo.shop").expect("token"));
    let spam = sb.accounts()[0]
        .comments
        .iter()
        .find(|c| c.hidden && c.parent_id.is_none())
        .expect("a hidden spam comment")
        .clone();
    let read = ig.comments(&token, &spam.media_id).await.expect("comments");
    let found = read.iter().find(|c| c.id == spam.id).expect("listed");
    assert!(found.hidden, "spam is served hidden");
    for c in &read {
        assert_eq!(c.hidden, sb.is_hidden(&c.id), "{}", c.id);
    }
    let shown = read
        .iter()
        .find(|c| !c.hidden && c.parent_id.is_none())
        .expect("a shown comment")
        .id
        .clone();

    // Hidden and shown again on Instagram: the next read says so.
    ig.set_comment_hidden(&token, &shown, true)
        .await
        .expect("hidden");
    ig.set_comment_hidden(&token, &spam.id, false)
        .await
        .expect("shown");
    let read = ig.comments(&token, &spam.media_id).await.expect("comments");
    let hidden = |id: &str| read.iter().find(|c| c.id == id).map(|c| c.hidden);
    assert_eq!(hidden(&shown), Some(true));
    assert_eq!(hidden(&spam.id), Some(false));

    // The media list's `comments{…}` expansion serves it too.
    let posts = ig.posts(&token).await.expect("posts");
    let listed: Vec<_> = posts
        .iter()
        .filter_map(|p| p.listed_comments.as_ref())
        .flat_map(|l| &l.comments)
        .collect();
    assert!(listed.iter().any(|c| c.id == shown && c.hidden));
    assert!(listed.iter().any(|c| c.hidden && c.id != shown));
    for c in listed {
        assert_eq!(
            c.hidden,
            sb.is_hidden(&c.id) && c.parent_id.is_none(),
            "{}",
            c.id
        );
    }
    shutdown.cancel();
}
