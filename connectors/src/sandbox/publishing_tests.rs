//! Tests of the sandbox's publishing, through the real `InstagramClient` against a sandbox on
//! `127.0.0.1:0`, with wiremock on 127.0.0.1 standing in for Pulse's media host (the URLs the
//! sandbox's crawler fetches).

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use engine::instagram::{
    AccessToken, ContainerMedia, ContainerRequest, ContainerStatus, ContainerStatusCode, Instagram,
    InstagramPublishing, MediaKind, PublishingLimit, SourceError,
};
use tokio_util::sync::CancellationToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::instagram::InstagramClient;

fn today() -> NaiveDate {
    super::actions_tests::small_config().today
}

/// A sandbox with the small account and a tiny other one, never throttling, containers
/// ready as soon as their media is fetched; the client pointed at it; a token of the small
/// account; and a media host.
async fn start_with(configure: impl FnOnce(&mut SandboxConfig)) -> Setup {
    let mut config = super::actions_tests::small_config();
    config.container_processing = Duration::ZERO;
    configure(&mut config);
    let (sb, shutdown) = super::tests::start(config).await;
    let ig = super::actions_tests::instagram(&sb);
    let token = AccessToken::new(sb.issue_token("second.sandbox").expect("token"));
    let user_id = sb.accounts()[0].profile.user_id.clone();
    let media = media_host().await;
    Setup {
        sb,
        shutdown,
        ig,
        token,
        user_id,
        media,
    }
}

async fn start() -> Setup {
    start_with(|_| {}).await
}

struct Setup {
    sb: Sandbox,
    shutdown: CancellationToken,
    ig: InstagramClient,
    token: AccessToken,
    user_id: String,
    media: MockServer,
}

/// A JPEG's first bytes, then padding.
fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.resize(len, 0x20);
    bytes
}

/// Pulse's media host: `/media/<name>` with the content types a test needs.
async fn media_host() -> MockServer {
    let server = MockServer::start().await;
    let serve = |name: &str, content_type: &str, body: Vec<u8>, status: u16| {
        Mock::given(method("GET"))
            .and(path(format!("/media/{name}")))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("content-type", content_type)
                    .set_body_bytes(body),
            )
    };
    for mock in [
        serve("photo.jpg", "image/jpeg", jpeg(2_048), 200),
        serve("clip.mp4", "video/mp4", vec![0; 4_096], 200),
        serve("clip.mov", "video/quicktime", vec![0; 4_096], 200),
        serve("photo.png", "image/png", vec![0x89, b'P', b'N', b'G'], 200),
        serve("clip-as-jpeg.mp4", "image/jpeg", vec![0; 64], 200),
        serve("huge.jpg", "image/jpeg", jpeg(8 * 1024 * 1024 + 1), 200),
    ] {
        mock.mount(&server).await;
    }
    // Anything else: 404.
    server
}

impl Setup {
    fn url(&self, name: &str) -> String {
        format!("{}/media/{name}", self.media.uri())
    }

    async fn container(&self, media: ContainerMedia, caption: Option<&str>) -> String {
        self.try_container(media, caption)
            .await
            .expect("container made")
    }

    async fn try_container(
        &self,
        media: ContainerMedia,
        caption: Option<&str>,
    ) -> Result<String, SourceError> {
        let request = ContainerRequest {
            media,
            caption: caption.map(str::to_owned),
        };
        self.ig
            .create_container(&self.token, &self.user_id, &request)
            .await
    }

    async fn photo(&self, caption: Option<&str>) -> String {
        let url = self.url("photo.jpg");
        self.container(ContainerMedia::Image { url }, caption).await
    }

    async fn item(&self, name: &str, video: bool) -> String {
        let url = self.url(name);
        self.container(ContainerMedia::CarouselItem { url, video }, None)
            .await
    }

    /// Reads the status until it is no longer `IN_PROGRESS` (at most 5 s).
    async fn settled(&self, container: &str) -> ContainerStatus {
        for _ in 0..500 {
            let status = self
                .ig
                .container_status(&self.token, container)
                .await
                .expect("status");
            if status.code != ContainerStatusCode::InProgress {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("container {container} stayed IN_PROGRESS");
    }

    async fn publish(&self, container: &str) -> Result<String, SourceError> {
        self.ig
            .publish_container(&self.token, &self.user_id, container)
            .await
    }

    async fn limit(&self) -> PublishingLimit {
        self.ig
            .publishing_limit(&self.token, &self.user_id)
            .await
            .expect("limit")
    }

    async fn stop(self) {
        self.shutdown.cancel();
        self.sb.stopped().await;
    }
}

fn refusal(result: Result<impl std::fmt::Debug, SourceError>) -> (i64, Option<i64>) {
    match result {
        Err(SourceError::Permanent { code, subcode, .. }) => (code, subcode),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn now() -> chrono::DateTime<Utc> {
    super::dataset::start_of(today())
}

#[tokio::test]
async fn a_photo_is_fetched_by_the_crawler_then_published_as_a_real_post() {
    let s = start().await;
    let container = s.photo(Some("Linen shirts are back 🌿 #summer")).await;
    assert_eq!(container, "17700000000000001");
    let status = s.settled(&container).await;
    assert_eq!(status.code, ContainerStatusCode::Finished, "{status:?}");

    let fetches = s.sb.media_fetches();
    assert_eq!(fetches.len(), 1);
    assert_eq!(fetches[0].url, s.url("photo.jpg"));
    assert_eq!(fetches[0].container_id, container);
    assert_eq!(fetches[0].status, Some(200));
    assert_eq!(fetches[0].content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(fetches[0].size, Some(2_048));
    let crawled = s.media.received_requests().await.unwrap_or_default();
    assert_eq!(
        crawled[0]
            .headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok()),
        Some(CRAWLER_USER_AGENT)
    );

    let media_id = s.publish(&container).await.expect("published");
    assert_eq!(media_id, "18000000000000001");
    let published = s.sb.published();
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].media_id, media_id);
    assert_eq!(published[0].container_id, container);
    assert_eq!(published[0].kind, PostKind::Image);
    assert_eq!(
        published[0].caption.as_deref(),
        Some("Linen shirts are back 🌿 #summer")
    );
    assert_eq!(published[0].published_at, now());

    // A real post now: newest in the media list, with its permalink and insights.
    let posts = s.ig.posts(&s.token).await.expect("posts");
    assert_eq!(posts.len(), s.sb.accounts()[0].posts.len() + 1);
    let post = &posts[0];
    assert_eq!(post.id, media_id);
    assert_eq!(post.kind, MediaKind::Image);
    assert_eq!(
        post.caption.as_deref(),
        Some("Linen shirts are back 🌿 #summer")
    );
    assert_eq!(post.published_at, now());
    let permalink = s.ig.permalink(&s.token, &media_id).await.expect("link");
    assert!(
        permalink.starts_with("https://www.instagram.com/p/"),
        "{permalink}"
    );
    assert_eq!(post.permalink.as_deref(), Some(permalink.as_str()));
    let metrics = s.ig.post_insights(&s.token, post).await.expect("insights");
    assert_eq!(metrics.reach, Some(0));

    assert_eq!(
        s.settled(&container).await.code,
        ContainerStatusCode::Published
    );
    let limit = s.limit().await;
    assert_eq!(
        limit,
        PublishingLimit {
            used: 1,
            total: 50,
            window: Duration::from_secs(86_400)
        }
    );
    assert_eq!(s.sb.publish_calls(), 1);
    s.stop().await;
}

#[tokio::test]
async fn a_carousel_of_three_publishes_with_its_children() {
    let s = start().await;
    let items = [
        s.item("photo.jpg", false).await,
        s.item("clip.mp4", true).await,
        s.item("photo.jpg", false).await,
    ];
    for item in &items {
        assert_eq!(s.settled(item).await.code, ContainerStatusCode::Finished);
    }
    let carousel = s
        .container(
            ContainerMedia::Carousel {
                children: items.to_vec(),
            },
            Some("Three looks"),
        )
        .await;
    assert_eq!(
        s.settled(&carousel).await.code,
        ContainerStatusCode::Finished
    );
    assert_eq!(
        refusal(s.publish(&items[0]).await).0,
        100,
        "an item is not published alone"
    );
    let media_id = s.publish(&carousel).await.expect("published");
    let published = s.sb.published();
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].kind, PostKind::Carousel);
    assert_eq!(published[0].children, 3);
    let posts = s.ig.posts(&s.token).await.expect("posts");
    assert_eq!(posts[0].id, media_id);
    assert_eq!(posts[0].kind, MediaKind::Carousel);
    assert_eq!(posts[0].caption.as_deref(), Some("Three looks"));
    s.stop().await;
}

#[tokio::test]
async fn a_carousel_needs_two_to_ten_finished_items_of_the_account() {
    let s = start_with(|c| c.container_processing = Duration::from_secs(60)).await;
    let lone = s.item("photo.jpg", false).await;
    let slow = s.item("photo.jpg", false).await;
    let carousel = |children: Vec<String>| ContainerMedia::Carousel { children };
    assert_eq!(
        refusal(s.try_container(carousel(vec![lone.clone()]), None).await),
        (100, Some(2_207_028))
    );
    let eleven = vec![lone.clone(); 11];
    assert_eq!(
        refusal(s.try_container(carousel(eleven), None).await),
        (100, Some(2_207_028))
    );
    assert_eq!(
        refusal(
            s.try_container(carousel(vec![lone.clone(), slow.clone()]), None)
                .await
        ),
        (9007, Some(2_207_027)),
        "not finished yet"
    );
    // Checked child by child: an unknown one is refused as such.
    assert_eq!(
        refusal(
            s.try_container(
                carousel(vec!["17700000000009999".into(), lone.clone()]),
                None
            )
            .await
        )
        .0,
        100
    );
    s.stop().await;
}

#[tokio::test]
async fn a_reel_and_a_story_publish_as_their_kinds() {
    let s = start().await;
    let reel = s
        .container(
            ContainerMedia::Reel {
                url: s.url("clip.mov"),
            },
            Some("Behind the scenes"),
        )
        .await;
    assert_eq!(s.settled(&reel).await.code, ContainerStatusCode::Finished);
    let reel_id = s.publish(&reel).await.expect("reel published");
    let story = s
        .container(
            ContainerMedia::Story {
                url: s.url("photo.jpg"),
                video: false,
            },
            None,
        )
        .await;
    assert_eq!(s.settled(&story).await.code, ContainerStatusCode::Finished);
    let story_id = s.publish(&story).await.expect("story published");

    let posts = s.ig.posts(&s.token).await.expect("posts");
    assert_eq!(posts[0].id, reel_id, "stories are not in the media list");
    assert_eq!(posts[0].kind, MediaKind::Reel);
    let metrics =
        s.ig.post_insights(&s.token, &posts[0])
            .await
            .expect("insights");
    assert_eq!(metrics.views, Some(0));
    assert!(s
        .ig
        .permalink(&s.token, &reel_id)
        .await
        .expect("link")
        .starts_with("https://www.instagram.com/reel/"));
    let story_link = s.ig.permalink(&s.token, &story_id).await.expect("link");
    assert!(
        story_link.starts_with("https://www.instagram.com/stories/second.sandbox/"),
        "{story_link}"
    );
    let kinds: Vec<PostKind> = s.sb.published().iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PostKind::Reel, PostKind::Story { video: false }]);
    assert_eq!(s.limit().await.used, 2);
    s.stop().await;
}

#[tokio::test]
async fn media_the_crawler_cannot_take_leaves_the_container_in_error_naming_the_subcode() {
    let s = start().await;
    let cases = [
        (
            ContainerMedia::Image {
                url: s.url("missing.jpg"),
            },
            2_207_052,
        ),
        (
            ContainerMedia::Image {
                url: s.url("photo.png"),
            },
            2_207_005,
        ),
        (
            ContainerMedia::Image {
                url: s.url("huge.jpg"),
            },
            2_207_004,
        ),
        (
            ContainerMedia::Reel {
                url: s.url("clip-as-jpeg.mp4"),
            },
            2_207_026,
        ),
        (
            ContainerMedia::Image {
                url: "http://127.0.0.1:9/media/nowhere.jpg".to_owned(),
            },
            2_207_052,
        ),
    ];
    for (media, subcode) in cases {
        let container = s.container(media, None).await;
        let status = s.settled(&container).await;
        assert_eq!(status.code, ContainerStatusCode::Error, "{status:?}");
        let detail = status.detail.unwrap_or_default();
        assert!(detail.contains(&subcode.to_string()), "{detail}");
        let refused = s.publish(&container).await;
        assert!(refused.is_err(), "{refused:?}");
    }
    let fetches = s.sb.media_fetches();
    assert_eq!(fetches.len(), 5);
    let missing = fetches
        .iter()
        .find(|f| f.url.ends_with("missing.jpg"))
        .expect("logged");
    assert_eq!(missing.status, Some(404));
    assert!(s.sb.published().is_empty());
    assert_eq!(s.sb.publish_calls(), 5);
    s.stop().await;
}

#[tokio::test]
async fn publishing_before_finished_is_refused_and_publishing_twice_makes_one_post() {
    let s = start_with(|c| c.container_processing = Duration::from_millis(300)).await;
    let container = s.photo(None).await;
    assert_eq!(
        refusal(s.publish(&container).await),
        (9007, Some(2_207_027))
    );
    assert!(s.sb.published().is_empty());
    assert_eq!(
        s.settled(&container).await.code,
        ContainerStatusCode::Finished
    );
    s.publish(&container).await.expect("published");
    assert_eq!(refusal(s.publish(&container).await).0, 100);
    assert_eq!(s.sb.published().len(), 1);
    assert_eq!(s.sb.publish_calls(), 3);
    let posts = s.ig.posts(&s.token).await.expect("posts");
    assert_eq!(posts.len(), s.sb.accounts()[0].posts.len() + 1);
    s.stop().await;
}

#[tokio::test]
async fn the_quota_refuses_a_publish_over_it_until_the_window_moves_on() {
    let s = start_with(|c| c.publishing_quota = 2).await;
    let t0 = Utc.with_ymd_and_hms(2026, 6, 15, 9, 0, 0).unwrap();
    s.sb.set_clock(Some(t0));
    for _ in 0..2 {
        let container = s.photo(None).await;
        s.settled(&container).await;
        s.publish(&container).await.expect("published");
    }
    let third = s.photo(None).await;
    s.settled(&third).await;
    assert_eq!(refusal(s.publish(&third).await), (9, Some(2_207_042)));
    assert_eq!(s.limit().await.used, 2);
    assert_eq!(s.limit().await.total, 2);
    assert_eq!(s.sb.published().len(), 2);

    s.sb.set_clock(Some(t0 + chrono::Duration::hours(24)));
    assert_eq!(s.limit().await.used, 0, "a moving 24-hour window");
    let fourth = s.photo(None).await;
    s.settled(&fourth).await;
    s.publish(&fourth).await.expect("published the next day");
    s.stop().await;
}

#[tokio::test]
async fn fresh_containers_can_be_unreadable_with_100_33() {
    let s = start().await;
    s.sb.fresh_containers_unreadable(2);
    let container = s.photo(None).await;
    for _ in 0..2 {
        assert_eq!(
            refusal(s.ig.container_status(&s.token, &container).await),
            (100, Some(33))
        );
    }
    assert_eq!(
        s.settled(&container).await.code,
        ContainerStatusCode::Finished
    );
    s.stop().await;
}

#[tokio::test]
async fn a_publish_whose_answer_never_comes_leaves_exactly_one_post_and_is_unconfirmed() {
    let s = start().await;
    s.sb.publish_times_out_after_publishing(1);
    let container = s.photo(Some("Drop day")).await;
    s.settled(&container).await;
    let error = s.publish(&container).await.unwrap_err();
    assert!(matches!(error, SourceError::Transient { .. }), "{error:?}");
    assert_eq!(s.sb.publish_calls(), 1, "sent once");
    assert_eq!(s.sb.published().len(), 1, "and it went live");
    assert_eq!(
        s.settled(&container).await.code,
        ContainerStatusCode::Published
    );
    // The knob is spent: the next publish is answered.
    let next = s.photo(None).await;
    s.settled(&next).await;
    s.publish(&next).await.expect("answered");
    s.stop().await;
}

#[tokio::test]
async fn a_container_expires_after_24_hours_by_the_sandbox_clock() {
    let s = start().await;
    let t0 = Utc.with_ymd_and_hms(2026, 6, 15, 9, 0, 0).unwrap();
    s.sb.set_clock(Some(t0));
    let container = s.photo(None).await;
    assert_eq!(
        s.settled(&container).await.code,
        ContainerStatusCode::Finished
    );
    s.sb.set_clock(Some(t0 + chrono::Duration::hours(25)));
    assert_eq!(
        s.settled(&container).await.code,
        ContainerStatusCode::Expired
    );
    assert!(s.publish(&container).await.is_err());
    assert!(s.sb.published().is_empty());
    s.stop().await;
}

#[tokio::test]
async fn containers_of_another_account_and_bad_requests_are_refused() {
    let s = start().await;
    let other = s.sb.accounts()[1].profile.user_id.clone();
    let request = ContainerRequest {
        media: ContainerMedia::Image {
            url: s.url("photo.jpg"),
        },
        caption: None,
    };
    assert_eq!(
        refusal(s.ig.create_container(&s.token, &other, &request).await),
        (100, Some(33))
    );
    let mine = s.photo(None).await;
    let other_token = AccessToken::new(s.sb.issue_token("other.sandbox").expect("token"));
    assert_eq!(
        refusal(s.ig.container_status(&other_token, &mine).await),
        (100, Some(33))
    );
    assert_eq!(
        refusal(s.ig.publish_container(&other_token, &other, &mine).await),
        (100, Some(33))
    );
    assert_eq!(
        refusal(
            s.try_container(ContainerMedia::Image { url: String::new() }, None)
                .await
        ),
        (9004, Some(2_207_052))
    );
    s.stop().await;
}
