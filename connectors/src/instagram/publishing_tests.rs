//! Tests of [`InstagramClient`]'s publishing calls against a fake Instagram (wiremock on
//! 127.0.0.1): the documented wire format of each call, the parse of each answer, the
//! classification of refusals, and that `media_publish` is sent exactly once whatever happens.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use engine::instagram::{
    ContainerMedia, ContainerRequest, ContainerStatus, ContainerStatusCode, InstagramPublishing,
    PublishingLimit, SourceError,
};
use serde_json::json;
use url::Url;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::tests::{
    client, config, form_of, graph_error, hanging_up_server, query, requests, token, Calls, TOKEN,
};
use super::{CallFamily, CallOutcome, InstagramClient, InstagramConfig};

const ACCOUNT: &str = "17841400000000001";

/// Answers every POST to `/{ACCOUNT}/media` with `{"id": <big number>}`.
async fn mount_container_answer(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{ACCOUNT}/media")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id": 17889615691921648123}"#, "application/json"),
        )
        .mount(server)
        .await;
}

fn request(media: ContainerMedia, caption: Option<&str>) -> ContainerRequest {
    ContainerRequest {
        media,
        caption: caption.map(str::to_owned),
    }
}

/// The form a request carried, as sorted pairs.
fn sorted_form(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = form_of(request).into_iter().collect();
    pairs.sort();
    pairs
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn each_kind_of_container_posts_its_documented_form_and_returns_the_exact_id() {
    let server = MockServer::start().await;
    mount_container_answer(&server).await;
    let client = client(&server);
    let photo = "http://127.0.0.1:8080/media/abc.jpg";
    let video = "http://127.0.0.1:8080/media/abc.mp4";
    let cases = [
        (
            request(
                ContainerMedia::Image {
                    url: photo.to_owned(),
                },
                Some("New in: linen shirts 🌿 #summer & more"),
            ),
            pairs(&[
                ("image_url", photo),
                ("caption", "New in: linen shirts 🌿 #summer & more"),
            ]),
        ),
        (
            request(
                ContainerMedia::Reel {
                    url: video.to_owned(),
                },
                None,
            ),
            pairs(&[("media_type", "REELS"), ("video_url", video)]),
        ),
        (
            request(
                ContainerMedia::Story {
                    url: photo.to_owned(),
                    video: false,
                },
                None,
            ),
            pairs(&[("media_type", "STORIES"), ("image_url", photo)]),
        ),
        (
            request(
                ContainerMedia::Story {
                    url: video.to_owned(),
                    video: true,
                },
                None,
            ),
            pairs(&[("media_type", "STORIES"), ("video_url", video)]),
        ),
        (
            request(
                ContainerMedia::CarouselItem {
                    url: photo.to_owned(),
                    video: false,
                },
                None,
            ),
            pairs(&[("is_carousel_item", "true"), ("image_url", photo)]),
        ),
        (
            request(
                ContainerMedia::CarouselItem {
                    url: video.to_owned(),
                    video: true,
                },
                None,
            ),
            pairs(&[
                ("is_carousel_item", "true"),
                ("media_type", "VIDEO"),
                ("video_url", video),
            ]),
        ),
        (
            request(
                ContainerMedia::Carousel {
                    children: vec!["1".into(), "22".into(), "333".into()],
                },
                Some("Three looks"),
            ),
            pairs(&[
                ("media_type", "CAROUSEL"),
                ("children", "1,22,333"),
                ("caption", "Three looks"),
            ]),
        ),
    ];
    for (request, _) in &cases {
        let id = client
            .create_container(&token(), ACCOUNT, request)
            .await
            .unwrap();
        assert_eq!(id, "17889615691921648123", "kept exact past 2^53");
    }
    let sent = requests(&server).await;
    assert_eq!(sent.len(), cases.len());
    for (request, (_, expected)) in sent.iter().zip(&cases) {
        assert_eq!(&sorted_form(request), expected);
        assert!(request.url.query().is_none(), "nothing in the URL");
        assert!(!request.url.as_str().contains(TOKEN));
    }
}

#[tokio::test]
async fn a_container_answer_without_an_id_is_malformed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&server)
        .await;
    let error = client(&server)
        .create_container(
            &token(),
            ACCOUNT,
            &request(ContainerMedia::Image { url: "u".into() }, None),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::Malformed { .. }), "{error:?}");
}

#[tokio::test]
async fn a_container_that_failed_to_send_is_not_made_again_but_a_throttled_one_is() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{ACCOUNT}/media")))
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
        .and(path(format!("/v25.0/{ACCOUNT}/media")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "5"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841400000000002/media"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let client = client(&server);
    let photo = request(ContainerMedia::Image { url: "u".into() }, None);
    assert_eq!(
        client
            .create_container(&token(), ACCOUNT, &photo)
            .await
            .unwrap(),
        "5"
    );
    assert_eq!(requests(&server).await.len(), 2, "throttled: retried");
    let error = client
        .create_container(&token(), "17841400000000002", &photo)
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::Transient { .. }), "{error:?}");
    assert_eq!(requests(&server).await.len(), 3, "a 5xx: not sent again");
}

#[tokio::test]
async fn container_status_reads_every_code_and_refuses_an_unknown_one() {
    let server = MockServer::start().await;
    let answers = [
        ("1", "IN_PROGRESS", None, ContainerStatusCode::InProgress),
        (
            "2",
            "FINISHED",
            Some("Finished: ready"),
            ContainerStatusCode::Finished,
        ),
        (
            "3",
            "ERROR",
            Some("Error: Media upload has failed with error code 2207052"),
            ContainerStatusCode::Error,
        ),
        ("4", "EXPIRED", None, ContainerStatusCode::Expired),
        ("5", "PUBLISHED", None, ContainerStatusCode::Published),
    ];
    for (id, code, status, _) in &answers {
        let mut body = json!({"status_code": code, "id": id});
        if let Some(status) = status {
            body["status"] = json!(status);
        }
        Mock::given(method("GET"))
            .and(path(format!("/v25.0/{id}")))
            .and(query_param("fields", "status_code,status"))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/v25.0/6"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status_code": "QUEUED"})))
        .mount(&server)
        .await;
    let client = client(&server);
    for (id, _, status, code) in answers {
        assert_eq!(
            client.container_status(&token(), id).await.unwrap(),
            ContainerStatus {
                code,
                detail: status.map(str::to_owned)
            }
        );
    }
    let error = client.container_status(&token(), "6").await.unwrap_err();
    assert!(matches!(error, SourceError::Malformed { .. }), "{error:?}");
    for request in requests(&server).await {
        assert_eq!(query(&request).len(), 1, "only fields: no token in the URL");
    }
}

#[tokio::test]
async fn a_fresh_container_unreadable_with_100_33_is_permanent_with_its_codes_and_asked_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"error": {
                "message": "Unsupported get request. Object with ID '17889615691921648' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                "type": "GraphMethodException", "code": 100, "error_subcode": 33, "fbtrace_id": "x"
            }})),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .container_status(&token(), "17889615691921648")
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            SourceError::Permanent {
                code: 100,
                subcode: Some(33),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn publishing_posts_the_creation_id_once_and_returns_the_media_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{ACCOUNT}/media_publish")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id": 17920238422030506}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let calls = Arc::new(Calls::default());
    let client = InstagramClient::observed(config(&server), calls.clone()).unwrap();
    let id = client
        .publish_container(&token(), ACCOUNT, "17889615691921648")
        .await
        .unwrap();
    assert_eq!(id, "17920238422030506");
    let sent = requests(&server).await;
    assert_eq!(
        sorted_form(&sent[0]),
        pairs(&[("creation_id", "17889615691921648")])
    );
    assert!(sent[0].url.query().is_none());
    assert_eq!(
        *calls.0.lock().unwrap(),
        [(CallFamily::Publishing, CallOutcome::Ok)]
    );
}

#[tokio::test]
async fn a_throttled_publish_is_sent_once_and_unconfirmed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(graph_error(
            400,
            4,
            Some(2_207_051),
            "We restrict certain activity to protect our community.",
        ))
        .mount(&server)
        .await;
    let error = client(&server)
        .publish_container(&token(), ACCOUNT, "1")
        .await
        .unwrap_err();
    match error {
        SourceError::Transient { reason } => {
            assert!(reason.contains("2207051"), "{reason}");
            assert!(reason.contains("may be live"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_publish_answered_with_a_5xx_or_code_2_or_garbage_is_sent_once_and_unconfirmed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/1/media_publish"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>oops</html>"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/2/media_publish"))
        .respond_with(graph_error(503, 2, None, "Service temporarily unavailable"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/3/media_publish"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\":"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/4/media_publish"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let client = client(&server);
    for account in ["1", "2", "3", "4"] {
        let error = client
            .publish_container(&token(), account, "9")
            .await
            .unwrap_err();
        assert!(matches!(error, SourceError::Transient { .. }), "{error:?}");
    }
    assert_eq!(requests(&server).await.len(), 4, "each sent once");
}

#[tokio::test]
async fn a_publish_that_times_out_is_sent_once_and_unconfirmed() {
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
        .publish_container(&token(), ACCOUNT, "1")
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::Transient { .. }), "{error:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_publish_whose_connection_is_reset_is_sent_once() {
    let (addr, seen) = hanging_up_server().await;
    let mut config = InstagramConfig::new("app-123", "app-secret-xyz-0987", "https://p.example/cb");
    config.graph_url = Url::parse(&format!("http://{addr}")).unwrap();
    config.max_attempts = 3;
    config.base_backoff = Duration::from_millis(1);
    let client = InstagramClient::new(config).unwrap();
    let error = client
        .publish_container(&token(), ACCOUNT, "1")
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::Transient { .. }), "{error:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn publish_refusals_that_prove_nothing_was_done_keep_their_codes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/1/media_publish"))
        .respond_with(graph_error(
            400,
            9,
            Some(2_207_042),
            "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/2/media_publish"))
        .respond_with(graph_error(
            400,
            9007,
            Some(2_207_027),
            "Media ID is not available",
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    for (account, code, subcode) in [("1", 9, 2_207_042), ("2", 9007, 2_207_027)] {
        let error = client
            .publish_container(&token(), account, "9")
            .await
            .unwrap_err();
        match error {
            SourceError::Permanent {
                code: c,
                subcode: s,
                ..
            } => assert_eq!((c, s), (code, Some(subcode))),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn the_publishing_limit_is_read_as_documented_and_never_assumed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{ACCOUNT}/content_publishing_limit")))
        .and(query_param("fields", "config,quota_usage"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{
            "config": {"quota_total": 50, "quota_duration": 86400}, "quota_usage": 3
        }]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17841400000000002/content_publishing_limit"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [{"quota_usage": 3}]})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    assert_eq!(
        client.publishing_limit(&token(), ACCOUNT).await.unwrap(),
        PublishingLimit {
            used: 3,
            total: 50,
            window: Duration::from_secs(86_400)
        }
    );
    let error = client
        .publishing_limit(&token(), "17841400000000002")
        .await
        .unwrap_err();
    assert!(matches!(error, SourceError::Malformed { .. }), "{error:?}");
}

#[tokio::test]
async fn a_permalink_is_read_from_the_media() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17920238422030506"))
        .and(query_param("fields", "permalink"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "permalink": "https://www.instagram.com/p/DAbc123/", "id": "17920238422030506"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "2"})))
        .mount(&server)
        .await;
    let client = client(&server);
    assert_eq!(
        client
            .permalink(&token(), "17920238422030506")
            .await
            .unwrap(),
        "https://www.instagram.com/p/DAbc123/"
    );
    let error = client.permalink(&token(), "2").await.unwrap_err();
    assert!(matches!(error, SourceError::Malformed { .. }), "{error:?}");
}

#[tokio::test]
async fn no_caption_or_token_in_a_publishing_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(graph_error(
            400,
            100,
            Some(2_207_010),
            &format!("The caption is too long {TOKEN}"),
        ))
        .mount(&server)
        .await;
    let caption = "A very secret caption about the summer sale";
    let error = client(&server)
        .create_container(
            &token(),
            ACCOUNT,
            &request(ContainerMedia::Image { url: "u".into() }, Some(caption)),
        )
        .await
        .unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains(caption), "{shown}");
}
