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

/// Log output, captured from every thread.
#[derive(Clone, Default)]
struct EveryLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for EveryLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_run_at_trace_level_logs_no_secret_and_no_message_text() {
    // The one test that installs the process-wide subscriber: spawned and blocking threads
    // log too. Other tests running meanwhile add lines, which only makes the search wider.
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let log = EveryLog::default();
    let writer = log.clone();
    // TRACE while this test runs, off afterwards (the subscriber stays for the process).
    let (level, level_switch) =
        tracing_subscriber::reload::Layer::new(tracing_subscriber::filter::LevelFilter::TRACE);
    tracing_subscriber::registry()
        .with(level)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(move || writer.clone())
                .with_ansi(false),
        )
        .try_init()
        .expect("no other test installs a global subscriber");

    const APP_SECRET: &str = "app-secret-canary-5f1e";
    const MESSAGE: &str = "canary-message-text-93ab";
    let telegram = pulse_tests::fake_telegram::FakeTelegram::start().await;
    let app = spawn_app_with(
        |sandbox| sandbox.app_secret = APP_SECRET.into(),
        TestOptions {
            telegram_api_url: Some(telegram.api_url()),
            ..TestOptions::default()
        },
    )
    .await;
    telegram
        .wait_for(std::time::Duration::from_secs(10), |c| {
            c.method == "setmycommands"
        })
        .await
        .expect("the Telegram front end started");

    // Link through the real OAuth path (link token, code, short- and long-lived tokens).
    let chat = ChatId::new(Platform::Telegram, "4100");
    let link = app.link_account_in(&chat).await;
    let link_token = link.rsplit('/').next().unwrap().to_owned();
    // Messages carrying the canary through Telegram: a command and a plain question.
    telegram.user_says(
        4100,
        4100,
        &format!("/ask which post got the most saves {MESSAGE}?"),
    );
    telegram.user_says(
        4100,
        4100,
        &format!("{MESSAGE} how many followers do I have"),
    );
    telegram
        .wait_for(std::time::Duration::from_secs(20), |c| {
            c.method == "sendmessage" && c.body.to_string().contains("followers")
        })
        .await
        .expect("answered");
    // A sync tick, a digest, an export and /forget: the rest of the paths that read tokens.
    bot::scheduler::tick(&app.state).await;
    app.say_in(&chat, "/digest now").await;
    app.say_in(&chat, "/export").await;
    app.say_in(&chat, "/forget confirm").await;

    let secrets = app.sandbox.issued_secrets();
    assert!(
        secrets.len() >= 3,
        "a code and two tokens were issued: {}",
        secrets.len()
    );
    let master_key = app.master_key();
    app.stop().await;
    level_switch
        .modify(|level| *level = tracing_subscriber::filter::LevelFilter::OFF)
        .expect("the log level switches off");
    let text = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
    assert!(
        text.lines().count() > 1_000 && text.contains("TRACE"),
        "the log was written at TRACE: {} lines",
        text.lines().count()
    );
    let mut canaries: Vec<(&str, String)> = vec![
        ("the app secret", APP_SECRET.to_owned()),
        ("message text", MESSAGE.to_owned()),
        ("the link token", link_token),
        ("the master key", master_key),
    ];
    canaries.extend(
        secrets
            .into_iter()
            .map(|secret| ("a token or code", secret)),
    );
    for (what, canary) in &canaries {
        // Any 24 characters of it would do to misuse it: look for its start and its end.
        let (head, tail) = (
            &canary[..24.min(canary.len())],
            &canary[canary.len().saturating_sub(24)..],
        );
        assert!(
            !text.contains(head) && !text.contains(tail),
            "{what} is in the log"
        );
    }
}
