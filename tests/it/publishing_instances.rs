//! A scheduled post on PostgreSQL with two instances, the one that runs it killed at each
//! state of Instagram's container flow: exactly one post goes live, and the post's record
//! ends `Published`.
//!
//! Killing a process at an exact state is done by making the sandbox Instagram hold the
//! request that marks it (`Sandbox::hold_publishing`): the leader's call waits at the
//! sandbox, the test kills the leader there (`Instance::kill`, nothing given back), and then
//! lets the held request go unanswered (`Sandbox::release_publishing(false)`) — a request
//! held before its work is then never done, as if it had not left the dead process; one held
//! after its work has done it (the container made, the post live), and the dead process
//! never heard. The states:
//!
//! - before the container is made (`BeforeContainer`): nothing at Instagram; the successor
//!   takes the claim over once its lease (5 min) has run out and makes the container;
//! - after it is made, before its id was saved (`AfterContainer`): that container stays
//!   unpublished (it expires); the successor makes another and publishes that one;
//! - while it is in progress, its id saved (`StatusRead`): the successor reuses it;
//! - `Publishing` written, the call to `media_publish` never made (`BeforePublish`): the
//!   successor marks the post unconfirmed, finds the container still `FINISHED` two minutes
//!   on, and publishes it (before, it failed the post with Retry: no post);
//! - `media_publish` done, its answer never recorded (`AfterPublish`): the successor reads
//!   the container, `PUBLISHED`, and records the post live without calling again.
//!
//! The app clock jumps past the claim's lease after the kill, and two minutes on once the
//! post is unconfirmed, rather than waiting.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use connectors::sandbox::PublishingHold;
use engine::inbound::{Inbound, Input, MediaFile};
use engine::records::PublicationState;
use pulse_tests::instances::eventually;
use pulse_tests::{png_photo, spawn_app_with, TestOptions};

/// Friday 27 March 2026, 08:00 UTC: the account is linked and the post scheduled then.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 27, 8, 0, 0).unwrap()
}

/// The shortest scheduler's lease Pulse takes.
const LEASE_SECS: u64 = 3;

/// A post scheduled for 09:00 on PostgreSQL, two instances, the leader killed where the
/// sandbox holds `at`: one post, and the record `Published`.
async fn killed_at(at: PublishingHold) {
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            postgres: true,
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    let chat = bot::console::console_chat();
    app.link_account_in(&chat).await;
    let account = app.account_of(&chat).expect("linked");
    let photo = Inbound {
        private: true,
        media: vec![MediaFile {
            name: Some("shop.png".into()),
            bytes: png_photo(1080, 1350, 3),
        }],
        attachments: 1,
        ..Inbound::new(
            chat.clone(),
            engine::chat::UserId::new(engine::chat::Platform::Console, "you"),
            Input::Text("Restocked".into()),
        )
    };
    let card = bot::frontend::answer(&app.state, photo)
        .await
        .to_plain_text();
    let id = card
        .split_whitespace()
        .find(|word| word.starts_with('p') && word.len() == 7)
        .unwrap_or_else(|| panic!("a new post: {card}"))
        .to_owned();
    let scheduled = app
        .say_in(&chat, &format!("/schedule {id} in 1 hour"))
        .await
        .to_plain_text();
    assert!(scheduled.contains("Scheduled"), "{scheduled}");
    let due = app
        .state
        .pulse
        .next_publication_at()
        .unwrap()
        .expect("the post is due later");
    let instances = app
        .into_instances(|file| file.store.leader_lease_secs = LEASE_SECS)
        .await;
    let sandbox = instances.sandbox();
    sandbox.hold_publishing(at);

    let leader = instances.start().await;
    assert!(
        eventually(Duration::from_secs(10), || leader.leads()).await,
        "the first instance leads"
    );
    let follower = instances.start().await;
    instances.clock.set(due);
    instances.clock.start_running();
    leader.state().publisher_wake.notify_one();
    // The leader's call waits at the sandbox (and, once a container is made, Instagram's
    // crawler has fetched its file from the leader, as it would before the leader died).
    let made_before = matches!(
        at,
        PublishingHold::StatusRead | PublishingHold::BeforePublish | PublishingHold::AfterPublish
    );
    assert!(
        eventually(Duration::from_secs(60), || {
            sandbox.held_publishing_requests() > 0
                && (!made_before || !sandbox.media_fetches().is_empty())
        })
        .await,
        "the leader's call reaches {at:?}"
    );
    let publish_calls_before = sandbox.publish_calls();
    leader.kill();
    sandbox.release_publishing(false);
    // The successor leads once the dead leader's lease has run out; the post's own claim
    // (`Processing`, or `Publishing` since its call) holds 5 minutes on the app clock.
    assert!(
        eventually(Duration::from_secs(30), || follower.leads()).await,
        "the follower takes over"
    );
    instances
        .clock
        .advance(engine::publishing::LEASE + chrono::Duration::seconds(1));
    let records = || {
        follower
            .state()
            .pulse
            .records()
            .publication(&account, &id)
            .unwrap()
            .map(|record| record.state)
    };
    // An unconfirmed post (its process died at `media_publish`) is settled by the
    // container's status two minutes on: the clock jumps there too.
    let mut waited_for_instagram = false;
    let live = eventually(Duration::from_secs(90), || {
        let state = records();
        if matches!(state, Some(PublicationState::Unconfirmed { .. })) && !waited_for_instagram {
            waited_for_instagram = true;
            instances
                .clock
                .advance(chrono::Duration::minutes(2) + chrono::Duration::seconds(1));
        }
        follower.state().publisher_wake.notify_one();
        matches!(state, Some(PublicationState::Published { .. }))
    })
    .await;
    let state = records();
    assert!(
        live,
        "{at:?}: the post is published, its record says so: {state:?}"
    );
    // A little more, for a second post to show itself.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let published = sandbox.published();
    assert_eq!(published.len(), 1, "{at:?}: one post: {published:?}");
    let fetches = sandbox.media_fetches();
    let containers: std::collections::BTreeSet<&str> = fetches
        .iter()
        .map(|fetch| fetch.container_id.as_str())
        .collect();
    eprintln!(
        "killed at {at:?}: {} post published (container {}), media_publish called {} times \
         ({publish_calls_before} by the dead leader), {} containers made; record {state:?}",
        published.len(),
        published[0].container_id,
        sandbox.publish_calls(),
        containers.len(),
    );
    follower.stop().await;
    instances.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_before_the_container_is_made_one_post() {
    killed_at(PublishingHold::BeforeContainer).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_after_the_container_is_made_before_its_id_is_saved_one_post() {
    killed_at(PublishingHold::AfterContainer).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_the_container_is_in_progress_one_post() {
    killed_at(PublishingHold::StatusRead).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_with_publishing_recorded_before_media_publish_went_out_one_post() {
    killed_at(PublishingHold::BeforePublish).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_after_media_publish_before_its_answer_is_recorded_one_post() {
    killed_at(PublishingHold::AfterPublish).await;
}
