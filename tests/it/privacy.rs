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
    let app = pulse_tests::spawn_app_at(start).await;
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

    let typed = app
        .say_in(&first_chat, "/forget confirm")
        .await
        .to_plain_text();
    assert!(
        typed.contains("Nothing was deleted"),
        "a typed confirm without its question deletes nothing: {typed}"
    );
    let receipt = app.forget_in(&first_chat).await.to_plain_text();
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
    let app = pulse_tests::spawn_app_at(start).await;
    app.link_account().await;
    let account = app.account_id();
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

    // Answers are computed from decoded records kept in memory: purged comments leave
    // those too.
    let fans_before = app.say("/fans all time").await;
    let mut daily = bot::scheduler::DailyJobs::new(Some(retention));
    assert_eq!(daily.run_if_due(&app.state).await, Some(expected));
    assert_eq!(comments().len(), before - expected);
    let fans_after = app.say("/fans all time").await;
    assert_ne!(fans_before, fans_after, "the purged comments still count");
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

#[tokio::test]
async fn a_run_at_trace_level_logs_no_secret_and_no_message_text() {
    // The one test that installs the process-wide subscriber: spawned and blocking threads
    // log too. Other tests running meanwhile add lines, which only makes the search wider.
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let log = pulse_tests::CapturedLog::default();
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
    // The sales assistant: a saved reply, a reply shown and sent to Instagram, a hide — the
    // words of neither reach the log.
    const REPLY: &str = "canary-reply-text-71c2";
    const TEMPLATE: &str = "canary-template-text-8d0e";
    let lead = app.newest_open_lead();
    app.say_in(&chat, &format!("/templates add price {TEMPLATE}"))
        .await;
    app.say_in(&chat, &format!("/reply {lead} {REPLY}")).await;
    let sent = app.say_in(&chat, "/send").await.to_plain_text();
    assert!(sent.starts_with("Sent"), "{sent}");
    app.say_in(&chat, &format!("/hide {lead}")).await;
    // Publishing: a photo with a caption, posted now — neither the caption nor the files'
    // ids (their public names) reach the log.
    const CAPTION: &str = "canary-caption-text-4b9d";
    telegram.put_file("canary-photo", pulse_tests::png_photo(1080, 1350, 9));
    telegram.user_sends(
        4100,
        4100,
        pulse_tests::fake_telegram::FakeTelegram::photo_of(
            &[("canary-photo", 1080, 30_000)],
            Some(CAPTION),
            None,
        ),
    );
    let card = telegram
        .wait_for_text(4100, "New post p")
        .await
        .expect("a new post");
    let post = card.body["text"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .find(|word| word.starts_with('p') && word.len() == 7)
        .expect("its id")
        .to_owned();
    app.clock.start_running();
    telegram.user_says(4100, 4100, &format!("/publish {post}"));
    telegram
        .wait_for(std::time::Duration::from_secs(60), |c| {
            c.body.to_string().contains("Published on Instagram")
        })
        .await
        .expect("published");
    let media_ids: Vec<String> = app
        .sandbox
        .media_fetches()
        .iter()
        .filter_map(|fetch| fetch.url.rsplit('/').next())
        .filter_map(|name| name.split('.').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(media_ids.len(), 1, "{media_ids:?}");
    // A sync tick, a digest, an export and /forget: the rest of the paths that read tokens.
    bot::scheduler::tick(&app.state).await;
    app.say_in(&chat, "/digest now").await;
    app.say_in(&chat, "/export").await;
    app.forget_in(&chat).await;

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
    let text = log.text();
    assert!(
        text.lines().count() > 1_000 && text.contains("TRACE"),
        "the log was written at TRACE: {} lines",
        text.lines().count()
    );
    let mut canaries: Vec<(&str, String)> = vec![
        ("the app secret", APP_SECRET.to_owned()),
        ("message text", MESSAGE.to_owned()),
        ("a reply's text", REPLY.to_owned()),
        ("a saved reply's text", TEMPLATE.to_owned()),
        ("a post's caption", CAPTION.to_owned()),
        ("a post's file id", media_ids[0].clone()),
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

/// A mutation of a genuine `signed_request`, or a forgery, by number.
fn forged(genuine: &str, n: usize) -> String {
    let (signature, payload) = genuine.split_once('.').unwrap();
    let flip = |text: &str, at: usize| {
        let mut bytes = text.as_bytes().to_vec();
        let at = at % bytes.len();
        // Another base64url character in the same place.
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    };
    match n % 10 {
        0 => format!("{}.{payload}", flip(signature, n / 10)),
        1 => format!("{signature}.{}", flip(payload, n / 10)),
        2 => connectors::meta::sign(
            format!("wrong-secret-{n}").as_bytes(),
            &format!(r#"{{"algorithm":"HMAC-SHA256","issued_at":{n},"user_id":"1"}}"#),
        ),
        3 => format!("{signature}.{payload}.{payload}"),
        4 => payload.to_owned(),
        5 => format!("{}.{payload}", &signature[..n % signature.len()]),
        6 => format!("{signature}.{}", &payload[..n % payload.len()]),
        7 => format!("{signature}={n}.{payload}"),
        8 => format!("{n:x}.{n:o}"),
        _ => String::new(),
    }
}

#[tokio::test]
async fn meta_callbacks_refuse_forgeries_and_delete_once_per_request() {
    use futures_util::StreamExt as _;
    let app = pulse_tests::spawn_app().await;
    app.link_account().await;
    let accounts = || app.state.pulse.records().accounts().unwrap();
    let app_scoped_id = accounts()[0].app_scoped_id.clone();
    let account_id = accounts()[0].user_id.clone();
    let secret = b"sandbox-app-secret";
    let genuine = connectors::meta::sign(
        secret,
        &format!(
            r#"{{"algorithm":"HMAC-SHA256","expires":0,"issued_at":1790000000,"user_id":"{app_scoped_id}"}}"#
        ),
    );
    let http = app.http();
    let post = |path: &'static str, body: String| {
        let http = http.clone();
        let url = format!("{}{path}", app.base_url);
        async move {
            http.post(url)
                .form(&[("signed_request", body)])
                .send()
                .await
                .unwrap()
                .status()
        }
    };

    // 10,000 forged or mutated requests, to both callbacks: all refused, nothing deleted.
    let statuses: Vec<reqwest::StatusCode> = futures_util::stream::iter(0..10_000)
        .map(|n| {
            let path = if n % 2 == 0 {
                "/meta/data-deletion"
            } else {
                "/meta/deauthorize"
            };
            post(path, forged(&genuine, n))
        })
        .buffer_unordered(16)
        .collect()
        .await;
    let refused = statuses
        .iter()
        .filter(|s| **s == reqwest::StatusCode::BAD_REQUEST)
        .count();
    assert_eq!(refused, 10_000);
    let no_form = http
        .post(format!("{}/meta/data-deletion", app.base_url))
        .body("not a form")
        .send()
        .await
        .unwrap();
    assert_eq!(no_form.status(), reqwest::StatusCode::BAD_REQUEST);
    assert_eq!(accounts().len(), 1, "nothing was deleted");

    // The genuine request, 100 times: one deletion, one code.
    let mut codes = std::collections::BTreeSet::new();
    let mut url = String::new();
    for _ in 0..100 {
        let response = http
            .post(format!("{}/meta/data-deletion", app.base_url))
            .form(&[("signed_request", genuine.clone())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        let body: serde_json::Value = response.json().await.unwrap();
        codes.insert(body["confirmation_code"].as_str().unwrap().to_owned());
        url = body["url"].as_str().unwrap().to_owned();
    }
    assert_eq!(codes.len(), 1, "{codes:?}");
    let code = codes.into_iter().next().unwrap();
    assert_eq!(url, format!("{}/deletion/{code}", app.base_url));
    assert!(accounts().is_empty(), "the account is deleted");
    // Its data key is gone too: any bytes left in the database file cannot be read.
    let keyring = bot::keyring::keyring_path(&app.data_dir().join("pulse.sled"));
    let keyring = std::fs::read(&keyring).unwrap();
    assert!(
        !keyring
            .windows(account_id.len())
            .any(|window| window == account_id.as_bytes()),
        "the account's data key was not shredded"
    );
    let status = http.get(&url).send().await.unwrap();
    assert_eq!(status.status(), reqwest::StatusCode::OK);
    let page = status.text().await.unwrap();
    assert!(
        page.contains("1 linked account with ") && !page.contains(&app_scoped_id),
        "{page}"
    );
    let unknown = http
        .get(format!("{}/deletion/{}", app.base_url, "0".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), reqwest::StatusCode::NOT_FOUND);
    // The chat was told once.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let told = app
        .output
        .texts()
        .iter()
        .filter(|text| text.contains("asked for its data to be deleted"))
        .count();
    assert_eq!(told, 1);
    // A genuine deauthorize for someone Pulse does not know is answered and deletes nothing.
    let stranger = connectors::meta::sign(
        secret,
        r#"{"algorithm":"HMAC-SHA256","issued_at":1790000001,"user_id":"999"}"#,
    );
    assert_eq!(
        post("/meta/deauthorize", stranger).await,
        reqwest::StatusCode::OK
    );
    app.stop().await;
}

#[tokio::test]
async fn replayed_expired_and_guessed_link_tokens_are_refused_a_thousand_times_each() {
    use futures_util::StreamExt as _;
    let app = pulse_tests::spawn_app().await;
    let chat = ChatId::new(Platform::Console, "linker");
    let used_link = app.link_account_in(&chat).await;
    let used = used_link.rsplit('/').next().unwrap().to_owned();
    let links = || app.state.pulse.records().links().unwrap().len();
    let (links_before, exchanges_before) = (links(), app.sandbox.calls().oauth);
    let http = app.http();
    let callback = |state: String| {
        let http = http.clone();
        let url = format!("{}/oauth/instagram/callback", app.base_url);
        async move {
            let response = http
                .get(url)
                .query(&[("code", "AQ-any-code"), ("state", state.as_str())])
                .send()
                .await
                .unwrap();
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            (response.status(), location)
        }
    };
    let all_refused = |outcomes: Vec<(reqwest::StatusCode, String)>, reason: &str| {
        let expected = format!("/not-linked?reason={reason}");
        outcomes.len() == 1_000
            && outcomes
                .iter()
                .all(|(status, location)| status.as_u16() == 303 && *location == expected)
    };

    // The used token, replayed.
    let replays = futures_util::stream::iter((0..1_000).map(|_| callback(used.clone())))
        .buffer_unordered(16)
        .collect()
        .await;
    assert!(all_refused(replays, "used"));

    // 1,000 fresh links, used after their 10 minutes.
    let mut fresh = Vec::new();
    for _ in 0..1_000 {
        let reply = app.say_in(&chat, "/connect").await;
        let link = pulse_tests::connect_link(&reply).unwrap();
        fresh.push(link.rsplit('/').next().unwrap().to_owned());
    }
    app.clock.advance(chrono::Duration::seconds(601));
    let expired = futures_util::stream::iter(fresh.into_iter().map(callback))
        .buffer_unordered(16)
        .collect()
        .await;
    assert!(all_refused(expired, "expired"));

    // 1,000 guesses in the right format.
    let guesses = futures_util::stream::iter(
        (0..1_000).map(|_| callback(engine::links::LinkToken::generate().expose().to_owned())),
    )
    .buffer_unordered(16)
    .collect()
    .await;
    assert!(all_refused(guesses, "invalid"));

    assert_eq!(links(), links_before, "no link was made");
    assert_eq!(
        app.sandbox.calls().oauth,
        exchanges_before,
        "no code was sent to Instagram"
    );
    app.stop().await;
}

/// Every file under `directory`, read whole.
fn every_file(directory: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                pending.push(entry.unwrap().path());
            }
        } else if let Ok(bytes) = std::fs::read(&path) {
            files.push((path, bytes));
        }
    }
    files
}

#[tokio::test]
async fn after_forget_and_a_restart_no_readable_copy_of_captions_commenters_or_ids_is_on_disk() {
    let app = pulse_tests::spawn_app().await;
    app.link_account().await;
    let account = app.account().clone();
    let stored = app.state.pulse.records();
    // A caption and a commenter's name that Pulse stored (read back through Pulse).
    let post = stored
        .posts(&app.account_id())
        .unwrap()
        .into_iter()
        .find_map(|post| post.caption.filter(|c| c.chars().count() > 30))
        .expect("a stored caption");
    let caption: String = post.chars().take(30).collect();
    let commenter = stored
        .comments(&app.account_id())
        .unwrap()
        .into_iter()
        .find_map(|comment| comment.author_username.filter(|n| n.len() >= 8))
        .expect("a stored commenter");
    // And whatever names the account: its ids, its handle, a post's and a comment's id.
    let post_id = stored.posts(&app.account_id()).unwrap()[0].id.clone();
    let comment_id = stored.comments(&app.account_id()).unwrap()[0].id.clone();
    let canaries = [
        caption.as_bytes(),
        commenter.as_bytes(),
        account.profile.user_id.as_bytes(),
        account.profile.id.as_bytes(),
        account.profile.username.as_bytes(),
        post_id.as_bytes(),
        comment_id.as_bytes(),
    ];
    let found = |app: &pulse_tests::TestApp| -> Vec<String> {
        every_file(app.data_dir())
            .into_iter()
            .filter(|(_, bytes)| canaries.iter().any(|c| contains(bytes, c)))
            .map(|(path, _)| path.display().to_string())
            .collect()
    };
    app.state.pulse.flush().unwrap();
    let files = every_file(app.data_dir());
    let bytes_on_disk: usize = files.iter().map(|(_, b)| b.len()).sum();
    assert!(
        bytes_on_disk > 100_000,
        "the data is on disk: {bytes_on_disk} bytes"
    );
    assert!(
        found(&app).is_empty(),
        "plaintext on disk before /forget: {:?}",
        found(&app)
    );

    let keyring = bot::keyring::keyring_path(&app.data_dir().join("pulse.sled"));
    let account_id = app.account_id().to_string();
    let account_id = account_id.as_bytes();
    assert!(
        contains(&std::fs::read(&keyring).unwrap(), account_id),
        "the account has a key"
    );
    app.forget_in(&bot::console::console_chat()).await;
    let app = app.restart().await;
    assert!(
        found(&app).is_empty(),
        "plaintext on disk after /forget: {:?}",
        found(&app)
    );
    // The account's key is gone from the keyring (and no copy of it stays in the directory):
    // whatever sled still keeps of its sealed records cannot be opened again.
    assert!(!contains(&std::fs::read(&keyring).unwrap(), account_id));
    assert_eq!(
        std::fs::read_dir(app.data_dir())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("keys"))
            .count(),
        1,
        "one keyring file, no stale copy"
    );
    assert!(app.say("/stats").await.contains("/connect"));
    app.stop().await;
}

#[tokio::test]
async fn rotate_key_moves_every_token_and_account_key_to_the_new_master_key() {
    let app = pulse_tests::spawn_app().await;
    let chat = ChatId::new(Platform::Console, "rotating");
    app.link_account_as(&chat, &app.sandbox.accounts()[0].profile.username.clone())
        .await;
    app.link_account_as(&chat, &app.sandbox.accounts()[1].profile.username.clone())
        .await;
    // A saved reply and a reply waiting for Send: sealed under the master key too.
    app.say_in(&chat, "/templates add price 25 € with free shipping")
        .await;
    let lead = app.newest_open_lead();
    let shown = app
        .say_in(&chat, &format!("/reply {lead} see you soon"))
        .await
        .to_plain_text();
    assert!(shown.contains("[Send] /send "), "{shown}");
    let new_key = engine::vault::MasterKey::generate();
    let old_key = app.master_key();
    let data = app.data_dir().to_path_buf();
    let keyring = bot::keyring::keyring_path(&data.join("pulse.sled"));
    let app = app
        .restart_after(|file, secrets| {
            secrets.new_master_key = Some(new_key.to_base64().into());
            let rotation = bot::app::rotate_master_key(file, secrets).expect("the rotation runs");
            assert_eq!(
                (rotation.tokens, rotation.chat_records, rotation.data_keys),
                (2, 2, 2)
            );
            assert_eq!(rotation.key_id, new_key.id_hex());
            // Run again (as after an interruption): nothing left to do, nothing lost.
            let again = bot::app::rotate_master_key(file, secrets).unwrap();
            assert_eq!(
                (again.tokens, again.chat_records, again.data_keys),
                (0, 0, 2)
            );
            secrets.master_key = secrets.new_master_key.take();
        })
        .await;
    assert_eq!(
        app.master_key(),
        new_key.to_base64(),
        "the app runs on the new key"
    );
    // The data opens (the keyring is under the new key) and both tokens still work with
    // Instagram: a sync of each account goes through.
    let stats = app.say_in(&chat, "/stats").await.to_plain_text();
    assert!(stats.contains("Posts published"), "{stats}");
    // The saved reply and the waiting reply open under the new key.
    let saved = app.say_in(&chat, "/templates").await.to_plain_text();
    assert!(saved.contains("price: 25 € with free shipping"), "{saved}");
    let sent = app.say_in(&chat, "/send").await.to_plain_text();
    assert!(sent.starts_with("Sent"), "{sent}");
    let before: Vec<_> = app
        .state
        .pulse
        .records()
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.last_sync_at))
        .collect();
    app.clock.advance(chrono::Duration::days(1));
    bot::scheduler::tick(&app.state).await;
    for (id, synced_before) in before {
        let account = app.state.pulse.records().account(&id).unwrap().unwrap();
        assert!(
            account.last_sync_at > synced_before,
            "{id} synced with its token"
        );
    }
    // The old key opens nothing any more.
    let old_secrets = bot::config::Secrets {
        master_key: Some(old_key.clone().into()),
        ..Default::default()
    };
    let vault = bot::app::vault_from(&old_secrets).unwrap();
    assert!(engine::data_keys::DataKeys::open(
        vault,
        std::sync::Arc::new(bot::keyring::FileKeyring::new(keyring.clone()))
    )
    .is_err());
    assert!(!std::fs::read_to_string(&keyring)
        .unwrap()
        .contains(&old_key));
    app.stop().await;
}
