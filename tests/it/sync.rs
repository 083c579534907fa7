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
