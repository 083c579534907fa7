//! Publishing from the chat's side and Instagram's: a scheduled post goes out once at its
//! time, its files are served only while Instagram may fetch them, an answer lost in
//! `media_publish` is settled by the container's status, the limit makes a post wait, and a
//! process that dies at any call leaves neither two posts nor a lost one.

use std::sync::Mutex;

use super::*;
use crate::instagram::{
    ContainerMedia, ContainerRequest, ContainerStatus, ContainerStatusCode, InstagramPublishing,
    PublishingLimit,
};
use crate::records::{MediaItem, PublicationRecord, PublicationState};

/// What the fake Instagram holds of publishing.
#[derive(Default)]
struct Published {
    /// Containers: id, what it holds, its status, status reads so far.
    containers: Vec<(String, ContainerRequest, ContainerStatusCode, u32)>,
    /// Posts published: (container, media id).
    posts: Vec<(String, String)>,
    /// Every call, by name.
    calls: Vec<&'static str>,
    /// The call (by number from 1) at which the process dies; whether that call took
    /// effect on Instagram first.
    crash_at: Option<(usize, bool)>,
    /// media_publish publishes and then the answer is lost.
    lose_publish_answer: bool,
    /// Reads before a container is FINISHED.
    processing_reads: u32,
    /// Posts allowed per day.
    limit: u32,
}

/// Instagram's publishing half, in memory, with Instagram's rules: a container publishes
/// once, only when FINISHED.
pub(super) struct FakePublishing(Mutex<Published>);

impl FakePublishing {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(Published {
            processing_reads: 1,
            limit: 50,
            ..Default::default()
        })))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Published> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts the call; dies here if told to (after the effect when `effect` says so).
    fn call(&self, name: &'static str, effect: impl FnOnce(&mut Published)) {
        let crash = {
            let mut state = self.state();
            state.calls.push(name);
            let number = state.calls.len();
            match state.crash_at {
                Some((at, took_effect)) if at == number => Some(took_effect),
                _ => None,
            }
        };
        match crash {
            Some(took_effect) => {
                if took_effect {
                    effect(&mut self.state());
                }
                panic!("the process died during {name}");
            }
            None => effect(&mut self.state()),
        }
    }
}

#[async_trait::async_trait]
impl InstagramPublishing for FakePublishing {
    async fn create_container(
        &self,
        _token: &AccessToken,
        _account_user_id: &str,
        request: &ContainerRequest,
    ) -> Result<String, SourceError> {
        // Other tasks run meanwhile, as they would while a request is in flight.
        tokio::task::yield_now().await;
        let mut id = String::new();
        self.call("create_container", |state| {
            id = format!("c{}", state.containers.len() + 1);
            state.containers.push((
                id.clone(),
                request.clone(),
                ContainerStatusCode::InProgress,
                0,
            ));
        });
        Ok(id)
    }

    async fn container_status(
        &self,
        _token: &AccessToken,
        container_id: &str,
    ) -> Result<ContainerStatus, SourceError> {
        // Other tasks run meanwhile, as they would while a request is in flight.
        tokio::task::yield_now().await;
        let mut code = None;
        self.call("container_status", |state| {
            let ready_after = state.processing_reads;
            if let Some(container) = state.containers.iter_mut().find(|c| c.0 == container_id) {
                container.3 += 1;
                if container.2 == ContainerStatusCode::InProgress && container.3 > ready_after {
                    container.2 = ContainerStatusCode::Finished;
                }
                code = Some(container.2);
            }
        });
        match code {
            Some(code) => Ok(ContainerStatus { code, detail: None }),
            None => Err(SourceError::Permanent {
                code: 100,
                subcode: Some(33),
                message: "unsupported get request".into(),
            }),
        }
    }

    async fn publish_container(
        &self,
        _token: &AccessToken,
        _account_user_id: &str,
        container_id: &str,
    ) -> Result<String, SourceError> {
        // Other tasks run meanwhile, as they would while a request is in flight.
        tokio::task::yield_now().await;
        let mut outcome = Err(SourceError::Permanent {
            code: 9007,
            subcode: Some(2_207_027),
            message: "not ready".into(),
        });
        let mut lost = false;
        self.call("publish_container", |state| {
            lost = state.lose_publish_answer;
            let limit = state.limit as usize;
            let published_now = state.posts.len();
            let Some(container) = state.containers.iter_mut().find(|c| c.0 == container_id) else {
                return;
            };
            match container.2 {
                ContainerStatusCode::Finished if published_now >= limit => {
                    outcome = Err(SourceError::Permanent {
                        code: 9,
                        subcode: Some(2_207_042),
                        message: "limit".into(),
                    })
                }
                ContainerStatusCode::Finished => {
                    container.2 = ContainerStatusCode::Published;
                    let media = format!("1790{}", state.posts.len() + 1);
                    state.posts.push((container_id.to_owned(), media.clone()));
                    outcome = Ok(media);
                }
                ContainerStatusCode::Published => {
                    outcome = Err(SourceError::Permanent {
                        code: -1,
                        subcode: None,
                        message: "already published".into(),
                    })
                }
                _ => {}
            }
        });
        if lost && outcome.is_ok() {
            return Err(SourceError::Transient {
                reason: "timed out".into(),
            });
        }
        outcome
    }

    async fn publishing_limit(
        &self,
        _token: &AccessToken,
        _account_user_id: &str,
    ) -> Result<PublishingLimit, SourceError> {
        // Other tasks run meanwhile, as they would while a request is in flight.
        tokio::task::yield_now().await;
        let mut limit = None;
        self.call("publishing_limit", |state| {
            limit = Some(PublishingLimit {
                used: state.posts.len() as u32,
                total: state.limit,
                window: std::time::Duration::from_secs(86_400),
            })
        });
        Ok(limit.expect("set by the call"))
    }

    async fn permalink(&self, _token: &AccessToken, media_id: &str) -> Result<String, SourceError> {
        // Other tasks run meanwhile, as they would while a request is in flight.
        tokio::task::yield_now().await;
        self.call("permalink", |_| {});
        Ok(format!("https://www.instagram.com/p/{media_id}/"))
    }
}

/// A Pulse over `store` (a new process: its own run id) publishing through `publishing`.
pub(super) fn pulse_over(setup: &Setup, vault: &Vault, publishing: &Arc<FakePublishing>) -> Pulse {
    Pulse::new(
        setup.store.clone(),
        vault.clone(),
        crate::ports::Ports::instagram(setup.instagram.clone()).with_publishing(publishing.clone()),
        setup.pulse.settings().clone(),
    )
}

/// A draft of `photos` photos for the linked account, composed in chat `a`.
pub(super) fn draft(setup: &Setup, photos: usize) -> PublicationRecord {
    let account = setup.account_id();
    let mut batch = crate::store::Batch::new();
    let items: Vec<MediaItem> = (0..photos)
        .map(|n| {
            let id = format!("{:032x}", 0xabc0 + n as u128);
            Records::batch_publication_media(&mut batch, &account, &id, vec![0xff, 0xd8, n as u8]);
            MediaItem {
                id,
                kind: crate::media::MediaKind::Photo,
                content_type: "image/jpeg".into(),
                extension: "jpg".into(),
                bytes: 3,
                width: 1080,
                height: 1350,
                duration_ms: None,
                problem: None,
            }
        })
        .collect();
    let record = PublicationRecord {
        id: "p4k2x9m".into(),
        account,
        chat: ChatId::new(Platform::Console, "a").key(),
        author: UserId::new(Platform::Console, "me").key(),
        placement: crate::media::Placement::Feed,
        items,
        caption: Some("Linen shirts are back".into()),
        created_at: now(),
        state: PublicationState::Draft,
        updated_at: now(),
        awaiting: None,
    };
    Records::batch_publication(&mut batch, &record);
    setup.store.apply(&batch).unwrap();
    record
}

pub(super) fn the_post(setup: &Setup) -> PublicationRecord {
    Records::new(setup.store.as_ref())
        .publication(&setup.account_id(), "p4k2x9m")
        .unwrap()
        .unwrap()
}

/// A linked account whose link allows publishing, and the vault Pulse was built with.
pub(super) async fn publishing_setup() -> (Setup, Vault) {
    let master = MasterKey::generate();
    let vault = Vault::new(
        MasterKey::from_base64(&master.to_base64()).unwrap(),
        Vec::new(),
    );
    let mut setup = setup();
    setup.pulse = Pulse::new(
        setup.store.clone(),
        vault.clone(),
        crate::ports::Ports::instagram(setup.instagram.clone()),
        setup.pulse.settings().clone(),
    );
    link(&setup, "a").await;
    (setup, vault)
}

/// Runs rounds, the clock moving a minute each, until nothing is due (at most `rounds`).
pub(super) async fn run_rounds(
    pulse: &Pulse,
    from: DateTime<Utc>,
    rounds: usize,
) -> (Vec<String>, DateTime<Utc>) {
    let mut news = Vec::new();
    let mut at = from;
    for _ in 0..rounds {
        for item in pulse.publish_due(at).await.unwrap() {
            news.push(item.reply.to_plain_text());
        }
        match pulse.next_publication_at().unwrap() {
            Some(next) => at = next.max(at + chrono::Duration::seconds(1)),
            None => break,
        }
    }
    (news, at)
}

#[tokio::test]
async fn a_scheduled_carousel_goes_out_once_at_its_time_with_its_link() {
    let (setup, vault) = publishing_setup().await;
    let instagram = FakePublishing::new();
    let pulse = pulse_over(&setup, &vault, &instagram);
    draft(&setup, 3);
    let scheduled = pulse
        .handle(&message("a", "/schedule p4k2x9m tomorrow 18:00"), now())
        .await
        .unwrap();
    assert!(
        scheduled
            .to_plain_text()
            .contains("Scheduled for 24 Nov 2026 18:00"),
        "{}",
        scheduled.to_plain_text()
    );
    // Nothing before its time, and its files are not served.
    assert!(pulse.publish_due(now()).await.unwrap().is_empty());
    assert!(instagram.state().calls.is_empty());
    let file = format!("{:032x}.jpg", 0xabc0);
    assert!(pulse.hosted_media(&file, now()).unwrap().is_none());
    let due = pulse.next_publication_at().unwrap().unwrap();
    assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 24, 18, 0, 0).unwrap());
    // At its time: three items and the carousel made, read until ready.
    let first = pulse.publish_due(due).await.unwrap();
    assert!(first.is_empty());
    {
        let fake = instagram.state();
        assert_eq!(fake.containers.len(), 3, "{:?}", fake.calls);
        assert!(fake.containers.iter().all(|c| matches!(
        &c.1,
        ContainerRequest { media: ContainerMedia::CarouselItem { url, video: false }, caption: None }
            if url.starts_with("http://pulse.test/media/") && url.ends_with(".jpg")
    )));
    }
    // Served while Instagram may fetch it, with its type.
    let served = pulse.hosted_media(&file, due).unwrap().expect("served now");
    assert_eq!((served.content_type, served.bytes.len()), ("image/jpeg", 3));
    assert!(pulse
        .hosted_media(&format!("{:032x}.png", 0xabc0), due)
        .unwrap()
        .is_none());
    let (news, end) = run_rounds(&pulse, due, 20).await;
    {
        let fake = instagram.state();
        assert_eq!(fake.posts.len(), 1, "one post: {:?}", fake.calls);
        assert_eq!(
            fake.calls
                .iter()
                .filter(|c| **c == "publish_container")
                .count(),
            1
        );
        let parent = fake
            .containers
            .iter()
            .find(|c| matches!(c.1.media, ContainerMedia::Carousel { .. }))
            .unwrap();
        assert_eq!(parent.1.caption.as_deref(), Some("Linen shirts are back"));
        assert_eq!(fake.posts[0].0, parent.0);
    }
    assert_eq!(news.len(), 1, "{news:?}");
    assert!(
        news[0].contains("Published on Instagram: https://www.instagram.com/p/17901/"),
        "{news:?}"
    );
    // Live: no longer served, and the files are gone.
    assert!(pulse.hosted_media(&file, end).unwrap().is_none());
    assert!(Records::new(setup.store.as_ref())
        .publication_media(&setup.account_id(), &format!("{:032x}", 0xabc0))
        .unwrap()
        .is_none());
    assert!(matches!(
        the_post(&setup).state,
        PublicationState::Published { .. }
    ));
    // A second press of Post now changes nothing.
    let again = pulse
        .handle(&message("a", "/publish p4k2x9m"), end)
        .await
        .unwrap();
    assert!(
        again.to_plain_text().contains("can no longer be changed"),
        "{}",
        again.to_plain_text()
    );
}

#[tokio::test]
async fn a_lost_answer_from_media_publish_is_settled_by_the_container_not_sent_again() {
    let (setup, vault) = publishing_setup().await;
    let instagram = FakePublishing::new();
    instagram.state().lose_publish_answer = true;
    let pulse = pulse_over(&setup, &vault, &instagram);
    draft(&setup, 1);
    let reply = pulse
        .handle(&message("a", "/publish"), now())
        .await
        .unwrap();
    assert!(reply.wakes_publisher);
    let (news, _) = run_rounds(&pulse, now(), 30).await;
    let fake = instagram.state();
    assert_eq!(fake.posts.len(), 1);
    assert_eq!(
        fake.calls
            .iter()
            .filter(|c| **c == "publish_container")
            .count(),
        1,
        "{:?}",
        fake.calls
    );
    assert!(news[0].contains("did not confirm"), "{news:?}");
    assert!(
        news.last().unwrap().contains("confirmed post p4k2x9m"),
        "{news:?}"
    );
    assert!(matches!(
        the_post(&setup).state,
        PublicationState::Published { media_id: None, .. }
    ));
}

#[tokio::test]
async fn a_post_over_the_publishing_limit_waits_and_the_chat_is_told_once() {
    let (setup, vault) = publishing_setup().await;
    let instagram = FakePublishing::new();
    instagram.state().limit = 0;
    let pulse = pulse_over(&setup, &vault, &instagram);
    draft(&setup, 1);
    pulse
        .handle(&message("a", "/publish p4k2x9m"), now())
        .await
        .unwrap();
    let first = pulse.publish_due(now()).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        first[0]
            .reply
            .to_plain_text()
            .contains("Instagram allows 0 posts"),
        "{}",
        first[0].reply.to_plain_text()
    );
    let later = pulse.next_publication_at().unwrap().unwrap();
    assert!(later > now());
    assert!(
        pulse.publish_due(later).await.unwrap().is_empty(),
        "told once"
    );
    assert!(instagram.state().containers.is_empty(), "nothing was made");
}

#[tokio::test]
async fn a_process_that_dies_at_any_call_leaves_neither_two_posts_nor_a_lost_one() {
    dies_at_any_call(false).await;
}

#[tokio::test]
async fn a_departed_process_dying_at_any_call_is_taken_over_within_its_claim_one_post() {
    dies_at_any_call(true).await;
}

/// A process dies at each call of a clean run in turn; the next one starts later, or
/// sooner, told that the dead one's run departed: neither two posts nor a lost one.
async fn dies_at_any_call(departed: bool) {
    // The calls of a clean run of a 2-photo carousel, to die at each in turn.
    let clean = {
        let (setup, vault) = publishing_setup().await;
        let instagram = FakePublishing::new();
        let pulse = pulse_over(&setup, &vault, &instagram);
        draft(&setup, 2);
        pulse
            .handle(&message("a", "/publish p4k2x9m"), now())
            .await
            .unwrap();
        run_rounds(&pulse, now(), 30).await;
        let calls = instagram.state().calls.len();
        calls
    };
    assert!(clean >= 7, "{clean}");
    for crash_at in 1..=clean {
        for took_effect in [false, true] {
            let (setup, vault) = publishing_setup().await;
            let instagram = FakePublishing::new();
            instagram.state().crash_at = Some((crash_at, took_effect));
            draft(&setup, 2);
            let dying = Arc::new(pulse_over(&setup, &vault, &instagram));
            dying
                .handle(&message("a", "/publish p4k2x9m"), now())
                .await
                .unwrap();
            let run = {
                use futures_util::FutureExt as _;
                std::panic::AssertUnwindSafe(run_rounds(&dying, now(), 30)).catch_unwind()
            };
            assert!(run.await.is_err(), "call {crash_at} died");
            instagram.state().crash_at = None;
            // The next process, started 10 minutes later; or 1 minute later, within the
            // dying one's claim, knowing its run departed (it took over its scheduler's
            // lease), when it goes on at once.
            let next = pulse_over(&setup, &vault, &instagram);
            let restart = if departed {
                next.run_departed(dying.run_id());
                now() + chrono::Duration::minutes(1)
            } else {
                now() + chrono::Duration::minutes(10)
            };
            if departed {
                // Settled (published, or failed and safe to retry) well before the dead
                // run's claim (5 minutes from its start) would have let another take it.
                let mut at = restart;
                while !matches!(
                    the_post(&setup).state,
                    PublicationState::Published { .. } | PublicationState::Failed { .. }
                ) {
                    assert!(
                        at - restart < chrono::Duration::minutes(3),
                        "call {crash_at} ({took_effect}): not settled {} after the restart: {:?}",
                        at - restart,
                        the_post(&setup).state
                    );
                    next.publish_due(at).await.unwrap();
                    at = next
                        .next_publication_at()
                        .unwrap()
                        .map_or(at, |next| next.max(at + chrono::Duration::seconds(1)))
                        .max(at + chrono::Duration::seconds(1));
                }
            }
            let (_, end) = run_rounds(&next, restart, 60).await;
            let posts = instagram.state().posts.len();
            assert!(posts <= 1, "call {crash_at} ({took_effect}): {posts} posts");
            match the_post(&setup).state {
                PublicationState::Published { .. } => assert_eq!(posts, 1),
                PublicationState::Failed {
                    retry_safe: true, ..
                } => {
                    assert_eq!(posts, 0, "call {crash_at} ({took_effect})");
                    // Not lost: Retry publishes it, once.
                    next.handle(&message("a", "/retry p4k2x9m"), end)
                        .await
                        .unwrap();
                    run_rounds(&next, end, 60).await;
                    assert_eq!(
                        instagram.state().posts.len(),
                        1,
                        "call {crash_at} ({took_effect})"
                    );
                }
                other => panic!("call {crash_at} ({took_effect}) left {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn two_processes_and_a_second_post_now_racing_for_one_post_publish_it_once() {
    let (setup, vault) = publishing_setup().await;
    let instagram = FakePublishing::new();
    let first = pulse_over(&setup, &vault, &instagram);
    let second = pulse_over(&setup, &vault, &instagram);
    draft(&setup, 1);
    first
        .handle(&message("a", "/publish p4k2x9m"), now())
        .await
        .unwrap();
    // Both runners look at once, and the person presses Post now again meanwhile.
    let press = message("a", "/publish p4k2x9m");
    let (a, b, again) = tokio::join!(
        run_rounds(&first, now(), 30),
        run_rounds(&second, now(), 30),
        second.handle(&press, now()),
    );
    let published: Vec<&String> =
        a.0.iter()
            .chain(&b.0)
            .filter(|n| n.contains("Published"))
            .collect();
    assert_eq!(published.len(), 1, "{:?} {:?}", a.0, b.0);
    assert!(again.unwrap().to_plain_text().contains("p4k2x9m"));
    // Whatever either process does next, one post.
    run_rounds(&first, now() + chrono::Duration::minutes(10), 30).await;
    run_rounds(&second, now() + chrono::Duration::minutes(10), 30).await;
    let fake = instagram.state();
    assert_eq!(fake.posts.len(), 1);
    assert_eq!(
        fake.calls
            .iter()
            .filter(|c| **c == "publish_container")
            .count(),
        1
    );
}

#[tokio::test]
async fn posts_due_together_on_one_account_stay_within_its_limit_and_the_rest_wait() {
    let (setup, vault) = publishing_setup().await;
    let instagram = FakePublishing::new();
    instagram.state().limit = 2;
    let pulse = pulse_over(&setup, &vault, &instagram);
    // Three posts due at the same moment.
    let first = draft(&setup, 1);
    for id in ["p4k2x9n", "p4k2x9p"] {
        let mut batch = crate::store::Batch::new();
        let mut another = first.clone();
        another.id = id.into();
        Records::batch_publication(&mut batch, &another);
        setup.store.apply(&batch).unwrap();
    }
    for id in ["p4k2x9m", "p4k2x9n", "p4k2x9p"] {
        pulse
            .handle(&message("a", &format!("/schedule {id} 13:00")), now())
            .await
            .unwrap();
    }
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 13, 0, 0).unwrap();
    let (news, _) = run_rounds(&pulse, at, 40).await;
    let fake = instagram.state();
    assert_eq!(fake.posts.len(), 2, "{:?}", fake.calls);
    assert_eq!(
        fake.calls
            .iter()
            .filter(|c| **c == "publish_container")
            .count(),
        2,
        "the third is never sent over the limit"
    );
    drop(fake);
    let waits: Vec<&String> = news
        .iter()
        .filter(|n| n.contains("Instagram allows 2 posts"))
        .collect();
    assert_eq!(waits.len(), 1, "{news:?}");
}
