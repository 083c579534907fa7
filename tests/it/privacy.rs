//! Privacy promises, end to end: `/forget` with a shared and a private account.

use chrono::{Duration, TimeZone, Utc};
use engine::chat::{ChatId, Platform};
use engine::store::Tree;
use pulse_tests::{spawn_app_with, TestOptions};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[tokio::test]
async fn forget_deletes_the_chat_and_its_private_account_and_spares_the_shared_one() {
    let start = Utc.with_ymd_and_hms(2026, 3, 27, 10, 0, 0).unwrap();
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            start_at: Some(start),
            ..TestOptions::default()
        },
    )
    .await;
    let (shop, second) = (
        app.sandbox.accounts()[0].profile.clone(),
        app.sandbox.accounts()[1].profile.clone(),
    );
    let first_chat = ChatId::new(Platform::Console, "first");
    let other_chat = ChatId::new(Platform::Console, "other");
    app.link_account_as(&first_chat, &shop.username).await;
    app.link_account_as(&first_chat, &second.username).await;
    app.link_account_as(&other_chat, &shop.username).await;
    app.say_in(&first_chat, "/timezone Europe/Berlin").await;
    let accounts = app.say_in(&first_chat, "/accounts").await.to_plain_text();
    assert!(
        accounts.contains(&shop.username) && accounts.contains(&second.username),
        "{accounts}"
    );

    let ask = app.say_in(&first_chat, "/forget").await;
    assert_eq!(ask.buttons.len(), 2, "asks first");
    let receipt = app
        .say_in(&first_chat, "/forget confirm")
        .await
        .to_plain_text();
    assert!(
        receipt.contains("Links to accounts: 2 (4 records)"),
        "{receipt}"
    );
    assert!(
        receipt.contains("Accounts no other chat uses, with their tokens and data: 1"),
        "{receipt}"
    );

    // Every tree, every key and value: nothing names the forgotten chat or its private
    // account any more.
    let store = app.state.pulse.records().store();
    let first_chat_key = first_chat.key();
    let needles: [&[u8]; 3] = [
        first_chat_key.as_bytes(),
        second.user_id.as_bytes(),
        second.username.as_bytes(),
    ];
    let mut scanned = 0;
    for tree in Tree::ALL {
        for (key, value) in store.scan_prefix(tree, &[]).unwrap() {
            scanned += 1;
            for needle in needles {
                assert!(
                    !contains(&key, needle) && !contains(&value, needle),
                    "{tree:?} still holds {:?}",
                    String::from_utf8_lossy(needle)
                );
            }
        }
    }
    assert!(
        scanned > 1_000,
        "the shared account's data is still there: {scanned}"
    );

    // The shared account still works for the other chat.
    let stats = app.say_in(&other_chat, "/stats").await.to_plain_text();
    assert!(
        stats.contains(&shop.username) && stats.contains("Posts published"),
        "{stats}"
    );
    assert!(app
        .say_in(&first_chat, "/stats")
        .await
        .to_plain_text()
        .contains("/connect"));

    // The next morning's digests go to the other chat only.
    app.clock
        .set(start + Duration::days(1) - Duration::hours(1));
    bot::digests::round(&app.state, 8).await;
    let digests: Vec<ChatId> = app
        .output
        .sends()
        .into_iter()
        .filter(|sent| sent.text.contains("daily digest for"))
        .map(|sent| sent.chat)
        .collect();
    assert_eq!(digests, [other_chat]);
    app.stop().await;
}

#[tokio::test]
async fn comments_past_their_retention_are_deleted_once_a_day() {
    let start = Utc.with_ymd_and_hms(2026, 3, 27, 10, 0, 0).unwrap();
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            start_at: Some(start),
            ..TestOptions::default()
        },
    )
    .await;
    app.link_account().await;
    let account = app.account().profile.user_id.clone();
    let comments = || app.state.pulse.records().comments(&account).unwrap();
    let retention = Duration::days(30);
    let older_than = |cutoff| {
        comments()
            .iter()
            .filter(|c| c.published_at < cutoff)
            .count()
    };
    let (before, expected) = (comments().len(), older_than(start - retention));
    assert!(
        expected > 100 && before > expected,
        "{expected} of {before}"
    );

    let mut daily = bot::scheduler::DailyJobs::new(Some(retention));
    assert_eq!(daily.run_if_due(&app.state).await, Some(expected));
    assert_eq!(comments().len(), before - expected);
    assert_eq!(older_than(start - retention), 0);
    // Once a day: later the same day nothing runs.
    app.clock.set(start + Duration::hours(13));
    assert_eq!(daily.run_if_due(&app.state).await, None);
    // The next day the comments that have crossed the line go.
    app.clock.set(start + Duration::days(5));
    let crossing = older_than(start + Duration::days(5) - retention);
    assert!(crossing > 0);
    assert_eq!(daily.run_if_due(&app.state).await, Some(crossing));
    // Retention 0 keeps everything.
    let mut keep = bot::scheduler::DailyJobs::new(None);
    app.clock.set(start + Duration::days(400));
    let left = comments().len();
    assert_eq!(keep.run_if_due(&app.state).await, None);
    assert_eq!(comments().len(), left);
    app.stop().await;
}
