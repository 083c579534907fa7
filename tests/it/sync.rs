//! Scheduled syncs over simulated days: the sandbox's clock makes the account publish and
//! receive comments as time goes by, and the scheduler's ticks must pick both up.

use std::collections::HashSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use connectors::sandbox::{AccountSpec, Posting};
use pulse_tests::{spawn_app_with, TestOptions};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 0, 0, 0).unwrap()
}

#[tokio::test]
async fn later_ticks_find_new_posts_and_new_comments_and_leave_quiet_posts_alone() {
    let days = 4;
    let app = spawn_app_with(
        |config| {
            config.accounts = vec![AccountSpec {
                posts: 60,
                commenters: 200,
                posting: Posting::Daily,
                ..AccountSpec::second()
            }];
            config.throttle_on_call = None;
            config.today = (start() + Duration::days(days + 1)).date_naive();
        },
        TestOptions {
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    app.sandbox.set_clock(Some(start()));
    app.link_account().await;
    let served = app.sandbox.accounts()[0].clone();
    let user_id = served.profile.user_id.clone();
    let records = app.state.pulse.records();
    let published_by =
        |at: DateTime<Utc>| served.posts.iter().filter(|p| p.timestamp <= at).count();
    assert_eq!(
        records.posts(&user_id).unwrap().len(),
        published_by(start())
    );

    // Hourly ticks for four days.
    let end = start() + Duration::days(days);
    let mut at = start();
    while at < end {
        at += Duration::hours(1);
        app.sandbox.set_clock(Some(at));
        app.clock.set(at);
        bot::scheduler::tick(&app.state).await;
    }
    assert_eq!(records.posts(&user_id).unwrap().len(), published_by(end));
    assert!(
        published_by(end) > published_by(start()),
        "the account published meanwhile"
    );

    // Every comment written up to two days ago on a post under 30 days old is stored: those
    // posts' counts are read at least daily, and a count that grew has its comments read.
    let stored: HashSet<String> = records
        .comments(&user_id)
        .unwrap()
        .into_iter()
        .map(|comment| comment.id)
        .collect();
    let young: HashSet<&str> = served
        .posts
        .iter()
        .filter(|p| p.timestamp <= end && p.timestamp >= end - Duration::days(30))
        .map(|p| p.id.as_str())
        .collect();
    let expected: Vec<&str> = served
        .comments
        .iter()
        .filter(|c| c.timestamp <= end - Duration::days(2) && young.contains(c.media_id.as_str()))
        .map(|c| c.id.as_str())
        .collect();
    let after_link = served
        .comments
        .iter()
        .filter(|c| c.timestamp > start() && c.timestamp <= end - Duration::days(2))
        .filter(|c| young.contains(c.media_id.as_str()))
        .count();
    assert!(
        after_link > 10,
        "only {after_link} comments came after the link"
    );
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|id| !stored.contains(**id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} missing",
        missing.len(),
        expected.len()
    );

    // Comments are read only where the count grew: far fewer comment reads than post reads.
    let calls = app.sandbox.calls();
    assert!(
        calls.comments < calls.media_insights,
        "{} comment reads, {} insight reads",
        calls.comments,
        calls.media_insights
    );
    app.stop().await;
}

/// Undo on the "Linked" message while the first sync is still running: the unlink stops the
/// sync at once (the call it waited for is abandoned and no other is made with the token it
/// says it deleted), nothing of the account is left, and the stopped sync says nothing more
/// (no "did not finish", no "tries again": there is nothing to try again).
#[tokio::test]
async fn undo_during_the_first_sync_stops_it_quietly() {
    let app = pulse_tests::spawn_app().await;
    let chat = bot::console::console_chat();
    let handle = app.account().profile.username.clone();
    let user_id = app.account().profile.user_id.clone();
    // The first sync reads the profile, then waits for the list of posts.
    app.sandbox.hold_media_lists();
    let mut events = app.state.events.subscribe();
    let connect = app.say_in(&chat, "/connect").await;
    let link = pulse_tests::connect_link(&connect).expect("/connect replies with a link");
    bot::browser::follow_link(&link)
        .await
        .expect("the link completes");
    let reached = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        while app.sandbox.held_requests() == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(reached.is_ok(), "the first sync reaches the list of posts");

    // The "Undo" button of the link message.
    let undo = app.say(&format!("/disconnect @{handle}")).await;
    assert!(
        undo.starts_with(&format!(
            "Unlinked @{handle} and deleted its token and data"
        )),
        "{undo}"
    );
    let calls_at_undo = app.sandbox.calls().total;
    let sent_at_undo = app.output.texts().len();

    // The first sync's task publishes how it ended after anything it tells the chat; it ends
    // while Instagram still holds its request.
    let ended = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            match events.recv().await {
                Ok(event) if event_chat(&event) == Some(&chat) => return event,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(error) => panic!("the events channel closed: {error}"),
            }
        }
    })
    .await
    .expect("the unlink stops the first sync without waiting for Instagram");
    assert_eq!(
        ended,
        bot::linking::SyncEvent::Stopped { chat: chat.clone() }
    );
    let after: Vec<String> = app.output.texts().split_off(sent_at_undo);
    assert!(after.is_empty(), "the stopped sync spoke: {after:?}");
    app.sandbox.release_media_lists();
    assert_eq!(
        app.sandbox.calls().total,
        calls_at_undo,
        "no call to Instagram after the unlink"
    );

    // What the answer said is so: nothing of the account is left.
    let records = app.state.pulse.records();
    assert!(records.account(&user_id).unwrap().is_none());
    assert!(records.posts(&user_id).unwrap().is_empty());
    let accounts = app.say("/accounts").await;
    assert!(accounts.contains("No Instagram account"), "{accounts}");
    app.stop().await;
}

fn event_chat(event: &bot::linking::SyncEvent) -> Option<&engine::chat::ChatId> {
    match event {
        bot::linking::SyncEvent::Ready { chat, .. } | bot::linking::SyncEvent::Stopped { chat } => {
            Some(chat)
        }
        bot::linking::SyncEvent::Failed { chat } => chat.as_ref(),
    }
}
