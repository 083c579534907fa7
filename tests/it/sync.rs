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
    let user_id = app.account_id_of(&served.profile.user_id);
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
///
/// One call at a time, so the held list is the only request in flight when Undo is pressed,
/// and any request the sandbox sees afterwards was made after the unlink. (That a cancel drops
/// several calls in flight at once is `engine`'s `a_cancel_drops_every_call_in_flight…`.)
#[tokio::test]
async fn undo_during_the_first_sync_stops_it_quietly() {
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            max_in_flight_per_account: Some(1),
            ..TestOptions::default()
        },
    )
    .await;
    let chat = bot::console::console_chat();
    let handle = app.account().profile.username.clone();
    let user_id = app.account().profile.user_id.clone();
    // The first sync (one call at a time) waits for its list of recent posts.
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
    let account_id = app.account_id_of(&user_id);

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
    assert!(records.account(&account_id).unwrap().is_none());
    assert!(records
        .account_on(engine::account::Network::Instagram, &user_id)
        .unwrap()
        .is_none());
    assert!(records.posts(&account_id).unwrap().is_empty());
    let accounts = app.say("/accounts").await;
    assert!(accounts.contains("No Instagram account"), "{accounts}");
    app.stop().await;
}

fn event_chat(event: &bot::linking::SyncEvent) -> Option<&engine::chat::ChatId> {
    match event {
        bot::linking::SyncEvent::Ready { chat, .. }
        | bot::linking::SyncEvent::Synced { chat, .. }
        | bot::linking::SyncEvent::Stopped { chat } => Some(chat),
        bot::linking::SyncEvent::Failed { chat } => chat.as_ref(),
    }
}

/// Waits (at most a minute) for the first event of the console chat that `wanted` picks.
async fn console_event(
    events: &mut tokio::sync::broadcast::Receiver<bot::linking::SyncEvent>,
    wanted: impl Fn(&bot::linking::SyncEvent) -> bool,
) -> bot::linking::SyncEvent {
    let chat = bot::console::console_chat();
    tokio::time::timeout(std::time::Duration::from_secs(60), async {
        loop {
            match events.recv().await {
                Ok(event) if event_chat(&event) == Some(&chat) && wanted(&event) => return event,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(error) => panic!("the events channel closed: {error}"),
            }
        }
    })
    .await
    .expect("the first sync got there")
}

/// `/connect` in the console chat and the link followed as a browser would; returns at once.
async fn start_link(app: &pulse_tests::TestApp) {
    let connect = app.say_in(&bot::console::console_chat(), "/connect").await;
    let link = pulse_tests::connect_link(&connect).expect("/connect replies with a link");
    bot::browser::follow_link(&link)
        .await
        .expect("the link completes");
}

/// Posts of the account without insights yet (not counting those Instagram never gives).
fn unread_posts(app: &pulse_tests::TestApp, user_id: &str) -> usize {
    app.state
        .pulse
        .records()
        .posts(&app.account_id_of(user_id))
        .unwrap()
        .iter()
        .filter(|post| post.metrics_updated_at.is_none() && !post.insights_unavailable)
        .count()
}

/// Issue 14, item 2: with Instagram's latency, "Ready" comes once the last 30 days are read,
/// while the older posts are still being read; answers then say how far that is, and the
/// progress message goes on until it says the account is fully synced.
#[tokio::test]
async fn ready_comes_before_the_older_posts_and_the_progress_message_ends_fully_synced() {
    let app = spawn_app_with(
        |config| {
            config.accounts = vec![AccountSpec::demo_shop()];
            config.throttle_on_call = None;
            config.latency = std::time::Duration::from_millis(40);
        },
        TestOptions::default(),
    )
    .await;
    let handle = app.account().profile.username.clone();
    let user_id = app.account().profile.user_id.clone();
    let mut events = app.state.events.subscribe();
    start_link(&app).await;
    console_event(&mut events, |event| {
        matches!(event, bot::linking::SyncEvent::Ready { .. })
    })
    .await;

    // Told "Ready" while older posts are unread.
    let texts = app.output.texts();
    let ready = texts
        .iter()
        .find(|text| text.starts_with(&format!("Ready: @{handle} is synced for the last 30 days")))
        .unwrap_or_else(|| panic!("no Ready message in {texts:?}"));
    assert!(
        ready.contains("older posts are read in the background"),
        "{ready}"
    );
    let unread_at_ready = unread_posts(&app, &user_id);
    assert!(unread_at_ready > 0, "every post was read before Ready");
    let stats = app.say("/stats").await;
    assert!(
        stats.contains("Posts older than 30 days are still being read:"),
        "{stats}"
    );

    console_event(&mut events, |event| {
        matches!(event, bot::linking::SyncEvent::Synced { .. })
    })
    .await;
    assert_eq!(unread_posts(&app, &user_id), 0);
    let texts = app.output.texts();
    let ready_at = texts.iter().position(|text| text == ready).unwrap();
    assert!(
        texts[ready_at..]
            .iter()
            .any(|text| text.contains("ready; older posts:")),
        "the progress message counts the older posts after Ready: {texts:?}"
    );
    assert_eq!(
        texts.last().unwrap(),
        &format!(
            "@{handle} is fully synced: {} read.",
            pulse_tests::grouped(app.account().posts.len() as u64) + " posts"
        )
    );
    let stats = app.say("/stats").await;
    assert!(!stats.contains("still being read"), "{stats}");
    app.stop().await;
}

/// The demo shop, with no throttling injected (the outage tests stop the sandbox themselves).
async fn demo_shop_without_throttling() -> pulse_tests::TestApp {
    spawn_app_with(
        |config| {
            config.accounts = vec![AccountSpec::demo_shop()];
            config.throttle_on_call = None;
        },
        TestOptions::default(),
    )
    .await
}

/// Issue 14, item 5: Instagram stops answering in the middle of a first sync. The sync stops
/// after a few calls instead of creeping on, keeps what it read, tells the chat once, and once
/// Instagram answers again the next tick reads only what is left.
#[tokio::test]
async fn an_outage_mid_sync_stops_it_tells_the_chat_once_and_the_next_tick_resumes() {
    let app = demo_shop_without_throttling().await;
    let user_id = app.account().profile.user_id.clone();
    let posts = app.account().posts.len();
    let config = app.config().clone();
    // Calls one stop may make while Instagram is down: each call is tried `max_attempts` times,
    // `outage_after` of them fail in a row, and the others in flight fail too.
    let most_while_down = u64::from(config.instagram.max_attempts)
        * (u64::from(engine::sync::SyncPolicy::default().outage_after)
            + u64::from(config.instagram.max_in_flight_per_account)
            - 1);
    let unanswered = |calls: connectors::sandbox::CallCounts| {
        calls.total
            - (calls.oauth
                + calls.profile
                + calls.media_pages
                + calls.media_insights
                + calls.account_insights
                + calls.comments
                + calls.other
                + calls.throttled)
    };
    // Down in the fill of the older posts (the last 30 days hold far fewer than 250 posts).
    app.sandbox.stop_answering_after_insights(250);
    let mut events = app.state.events.subscribe();
    start_link(&app).await;
    console_event(&mut events, |event| {
        matches!(event, bot::linking::SyncEvent::Failed { .. })
    })
    .await;
    let told = |app: &pulse_tests::TestApp| {
        app.output
            .texts()
            .iter()
            .filter(|text| text.starts_with("Instagram is not answering"))
            .count()
    };
    assert_eq!(told(&app), 1, "{:?}", app.output.texts());
    assert!(
        app.output
            .texts()
            .iter()
            .any(|text| text.starts_with("Ready: @")),
        "it was ready before the outage"
    );
    let first_stop = unanswered(app.sandbox.calls());
    assert!(
        first_stop <= most_while_down,
        "{first_stop} calls unanswered before the sync stopped (at most {most_while_down})"
    );
    let unread = unread_posts(&app, &user_id);
    assert!(unread > 0 && unread < posts / 2, "{unread} posts unread");

    // Still down at the next tick: it stops again after a few calls, and says nothing more.
    let before = app.sandbox.calls();
    bot::scheduler::tick(&app.state).await;
    let second_stop = app.sandbox.calls().total - before.total;
    assert!(
        second_stop <= most_while_down,
        "{second_stop} calls before the second stop"
    );
    assert_eq!(told(&app), 1, "the chat is told once");
    assert_eq!(
        unread_posts(&app, &user_id),
        unread,
        "nothing read while down"
    );

    // Back: the next tick resumes the fill and reads only the posts left.
    app.sandbox.answer_again();
    let before = app.sandbox.calls();
    bot::scheduler::tick(&app.state).await;
    let resumed = app.sandbox.calls();
    let insights = resumed.media_insights - before.media_insights;
    assert!(
        insights >= unread as u64 && insights < 2 * unread as u64,
        "{insights} insights calls for {unread} unread posts (of {posts})"
    );
    assert_eq!(resumed.media_pages, before.media_pages, "no listing again");
    assert_eq!(resumed.profile, before.profile);
    assert_eq!(unread_posts(&app, &user_id), 0);
    let account = app
        .state
        .pulse
        .records()
        .account(&app.account_id_of(&user_id))
        .unwrap()
        .unwrap();
    assert!(
        matches!(account.backfill, engine::records::Backfill::Done { .. }),
        "{:?}",
        account.backfill
    );
    app.stop().await;
}

/// Issue 14, item 5: a first sync stopped before "Ready" is resumed by the scheduler; when
/// that run gets past "Ready" and then stops in the fill, the chat is still told it is ready
/// (it had only been told that Pulse continues by itself), and "Ready" is not told twice.
#[tokio::test]
async fn a_first_sync_the_scheduler_takes_past_ready_tells_the_chat_even_if_it_stops_again() {
    let app = demo_shop_without_throttling().await;
    let user_id = app.account().profile.user_id.clone();
    let ready_told = |app: &pulse_tests::TestApp| {
        app.output
            .texts()
            .iter()
            .filter(|text| text.starts_with("Ready: @"))
            .count()
    };
    // Down before the last 30 days are read (they hold more than 3 posts).
    app.sandbox.stop_answering_after_insights(3);
    let mut events = app.state.events.subscribe();
    start_link(&app).await;
    console_event(&mut events, |event| {
        matches!(event, bot::linking::SyncEvent::Failed { .. })
    })
    .await;
    assert_eq!(ready_told(&app), 0, "{:?}", app.output.texts());
    // Back for the next tick, down again in the fill of the older posts.
    app.sandbox.answer_again();
    app.sandbox.stop_answering_after_insights(60);
    bot::scheduler::tick(&app.state).await;
    assert!(
        unread_posts(&app, &user_id) > 0,
        "the run stopped in the fill"
    );
    assert_eq!(ready_told(&app), 1, "{:?}", app.output.texts());
    let ready = app
        .output
        .texts()
        .into_iter()
        .find(|text| text.starts_with("Ready: @"))
        .unwrap();
    assert!(
        ready.contains("older posts are read in the background"),
        "{ready}"
    );
    // The fill ends at a later tick without a second "Ready".
    app.sandbox.answer_again();
    bot::scheduler::tick(&app.state).await;
    assert_eq!(unread_posts(&app, &user_id), 0);
    assert_eq!(ready_told(&app), 1, "{:?}", app.output.texts());
    app.stop().await;
}

/// Issue 14, item 5: while the client waits for Instagram's rate limit, the progress message
/// says so.
#[tokio::test]
async fn the_progress_message_says_when_pulse_waits_for_the_rate_limit() {
    let app = spawn_app_with(
        |config| {
            config.accounts = vec![AccountSpec::demo_shop()];
            // In the fill of the older posts, with other calls in flight; Instagram asks for
            // four seconds.
            config.throttle_on_call = Some(150);
            config.throttle_regain = std::time::Duration::from_secs(4);
        },
        TestOptions::default(),
    )
    .await;
    app.link_account().await;
    assert_eq!(app.sandbox.calls().throttled, 1);
    let texts = app.output.texts();
    assert!(
        texts.iter().any(|text| text.starts_with("Syncing @")
            && text.contains("waiting a few seconds for Instagram's rate limit")),
        "{texts:?}"
    );
    app.stop().await;
}
