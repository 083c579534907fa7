//! Property tests of what `connectors` reads from strangers: Meta's `signed_request`, and
//! every Graph API and OAuth response the Instagram client parses. The property: no panic,
//! and nothing is accepted that should not be. Bounded cases, no files.

use std::sync::OnceLock;
use std::time::Duration;

use chrono::NaiveDate;
use engine::instagram::{AccessToken, Instagram, InstagramLogin, MediaKind, Post};
use proptest::prelude::*;
use serde_json::{json, Value};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::instagram::{InstagramClient, InstagramConfig};
use crate::meta;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const SECRET: &[u8] = b"app-secret";

fn genuine() -> String {
    meta::sign(
        SECRET,
        r#"{"algorithm":"HMAC-SHA256","issued_at":1790000000,"user_id":"27640875392278831123"}"#,
    )
}

/// Any JSON value, a few levels deep, with the keys Graph responses use among others.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        "\\PC{0,20}".prop_map(Value::String),
        "[0-9]{1,25}".prop_map(Value::String),
        "20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\+0000".prop_map(Value::String),
    ];
    let keys = prop_oneof![
        Just("data".to_owned()),
        Just("paging".to_owned()),
        Just("next".to_owned()),
        Just("id".to_owned()),
        Just("user_id".to_owned()),
        Just("access_token".to_owned()),
        Just("expires_in".to_owned()),
        Just("permissions".to_owned()),
        Just("error".to_owned()),
        Just("code".to_owned()),
        Just("error_subcode".to_owned()),
        Just("values".to_owned()),
        Just("value".to_owned()),
        Just("end_time".to_owned()),
        Just("total_value".to_owned()),
        Just("breakdowns".to_owned()),
        Just("results".to_owned()),
        Just("timestamp".to_owned()),
        Just("media_type".to_owned()),
        Just("name".to_owned()),
        Just("replies".to_owned()),
        Just("from".to_owned()),
        "[a-z_]{1,12}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A response body: JSON shaped like Graph's (a data list, an error), any JSON, or bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(json_value(), 0..4)
            .prop_map(|data| json!({"data": data}).to_string().into_bytes()),
        (any::<i64>(), prop::option::of(any::<i64>()), "\\PC{0,30}").prop_map(
            |(code, subcode, message)| json!({"error": {"code": code, "error_subcode": subcode, "message": message, "is_transient": code % 2 == 0}})
                .to_string()
                .into_bytes()
        ),
        json_value().prop_map(|value| value.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..300),
    ]
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200u16),
        Just(200u16),
        Just(400u16),
        Just(429u16),
        Just(500u16),
        100u16..=599,
    ]
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

fn server() -> &'static MockServer {
    static SERVER: OnceLock<MockServer> = OnceLock::new();
    SERVER.get_or_init(|| runtime().block_on(MockServer::start()))
}

fn client() -> InstagramClient {
    let base = server().uri();
    let mut config = InstagramConfig::new("app-1", "secret-1", "https://pulse.example/cb");
    config.authorize_url = url::Url::parse(&format!("{base}/oauth/authorize")).unwrap();
    config.token_url = url::Url::parse(&format!("{base}/oauth/access_token")).unwrap();
    config.graph_url = url::Url::parse(&base).unwrap();
    config.request_timeout = Duration::from_secs(5);
    config.max_attempts = 2;
    config.base_backoff = Duration::from_millis(1);
    config.max_backoff = Duration::from_millis(2);
    config.usage_pause = Duration::from_millis(1);
    config.max_throttle_wait = Duration::from_millis(5);
    InstagramClient::new(config).unwrap()
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn signed_requests_never_panic_and_only_genuine_ones_pass(text in "\\PC{0,300}") {
        prop_assert!(meta::verify(SECRET, &text).is_err());
    }

    #[test]
    fn a_mutated_genuine_request_is_refused(at in 0usize..400, byte in any::<u8>()) {
        let genuine = genuine();
        let mut bytes = genuine.clone().into_bytes();
        let at = at % bytes.len();
        prop_assume!(bytes[at] != byte);
        bytes[at] = byte;
        let mutated = String::from_utf8_lossy(&bytes).into_owned();
        prop_assume!(mutated != genuine);
        let verdict = meta::verify(SECRET, &mutated);
        // The only accepted change: padding-like trailing text a base64 decoder ignores
        // would have to keep the signature valid, which it never does here.
        prop_assert!(verdict.is_err(), "{mutated:?} was accepted");
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn every_graph_and_oauth_response_is_read_without_panicking(status in status(), body in body()) {
        let server = server();
        runtime().block_on(async {
            server.reset().await;
            Mock::given(any_request())
                .respond_with(ResponseTemplate::new(status).set_body_bytes(body.clone()))
                .mount(server)
                .await;
            let client = client();
            let token = AccessToken::new("IGAA-token");
            let post = Post {
                id: "1790".into(),
                kind: MediaKind::Reel,
                caption: None,
                permalink: None,
                published_at: chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
                like_count: None,
                comments_count: None,
                listed_comments: None,
            };
            let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
            let _ = client.exchange_code("AQ-code").await;
            let _ = client.long_lived_token(&token).await;
            let _ = client.refresh_token(&token).await;
            let _ = client.profile(&token).await;
            let _ = client.posts(&token).await;
            let _ = client.posts_since(&token, post.published_at).await;
            let _ = client.post_insights(&token, &post).await;
            let _ = client.daily_insights(&token, day, day + chrono::Days::new(40)).await;
            let _ = client.online_followers(&token).await;
            let _ = client.demographics(&token).await;
            let _ = client.comments(&token, "1790").await;
            let served = server.received_requests().await.unwrap_or_default().len();
            assert!(served >= 11, "each call reached the fake: {served}");
        });
    }
}
