//! TikTok beside Instagram, end to end and from the user's side: the real Telegram front end
//! against the fake Bot API, the real link page and `/oauth/tiktok/callback`, and the
//! sandbox's TikTok (with its deliberate 429 and HTTP-200 `internal_error`) behind Pulse.
//! Every expected figure is worked out here from the sandbox's own data
//! (`tiktok_videos_at`), never from Pulse's store.

use std::time::Duration;

use chrono::{DateTime, Datelike, TimeZone, Utc};
use connectors::sandbox::{PostKind, TikTokVideoAt};
use pulse_tests::fake_telegram::{Call, FakeTelegram};
use pulse_tests::{grouped, link_through_telegram, spawn_app_with, TestApp, TestOptions};
use serde_json::Value;

const ANA: i64 = 777_101;

/// Thursday 19 March 2026, noon UTC: "this week" is Monday to Thursday whatever day the
/// tests run (the sandboxes' data is generated up to this day).
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 19, 12, 0, 0).unwrap()
}

/// A fake Bot API and an app talking to it from [`start`], once the front end started; the
/// sandbox's clock is set to the app's, so what TikTok serves is what the sandbox says it
/// serves at `now`.
async fn telegram_app() -> (FakeTelegram, TestApp) {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            telegram_api_url: Some(telegram.api_url()),
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    app.sandbox.set_clock(Some(app.now));
    telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "setmycommands")
        .await
        .expect("the Telegram front end started");
    (telegram, app)
}

/// The sandbox's default TikTok user (`pulse.demo.tiktok`).
fn tiktok_handle(app: &TestApp) -> String {
    app.sandbox.tiktok_users()[0].spec.username.clone()
}

fn text_of(call: &Call) -> String {
    call.body["text"].as_str().unwrap_or_default().to_owned()
}

/// The URL of the inline button labelled `label` on a message.
fn url_button(call: &Call, label: &str) -> Option<String> {
    call.body["reply_markup"]["inline_keyboard"]
        .as_array()?
        .iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find(|button| button["text"] == label)
        .and_then(|button| button["url"].as_str().map(str::to_owned))
}

/// The callback data of the inline button whose data starts with `prefix`.
fn callback_button(call: &Call, prefix: &str) -> Option<String> {
    call.body["reply_markup"]["inline_keyboard"]
        .as_array()?
        .iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .filter_map(|button| button["callback_data"].as_str().map(str::to_owned))
        .find(|data| data.starts_with(prefix))
}

/// How many messages were sent to the chat so far (to wait for the next answer only).
fn sent_so_far(telegram: &FakeTelegram, chat: i64) -> usize {
    telegram.texts_to(chat).len()
}

/// The user asks `question` and the next message containing `needle` is the answer.
async fn ask(telegram: &FakeTelegram, chat: i64, question: &str, needle: &str) -> String {
    let skip = sent_so_far(telegram, chat);
    telegram.user_says(chat, chat, question);
    let answer = telegram
        .wait_for_text_after(chat, skip, needle)
        .await
        .unwrap_or_else(|| {
            panic!(
                "no answer with {needle:?} to {question:?}; the chat saw: {:#?}",
                &telegram.texts_to(chat)[skip..]
            )
        });
    text_of(&answer)
}

/// `/connect tiktok`, the "Connect TikTok" link opened, the link page's "Continue to TikTok"
/// followed through the sandbox's authorize endpoint to `/oauth/tiktok/callback` and
/// Pulse's "linked" page; then the chat's "Linked TikTok" and "Ready" awaited.
async fn link_tiktok(telegram: &FakeTelegram, app: &TestApp, chat: i64) -> (String, String) {
    let skip = sent_so_far(telegram, chat);
    telegram.user_says(chat, chat, "/connect tiktok");
    let offer = telegram
        .wait_for_text_after(chat, skip, "connect a TikTok account")
        .await
        .expect("a TikTok link offer");
    let link = url_button(&offer, "Connect TikTok").expect("a Connect TikTok button");
    assert!(
        link.starts_with(&format!("{}/connect/", app.base_url)),
        "{link}"
    );
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
        .expect("an HTTP client");
    let page = browser
        .get(&link)
        .send()
        .await
        .expect("the link page")
        .text()
        .await
        .expect("its text");
    assert!(page.contains("Link your TikTok account"), "{page}");
    assert!(page.contains("Continue to TikTok"), "{page}");
    let go = page
        .split("id=\"continue\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a Continue link")
        .replace("&amp;", "&");
    let landed = browser
        .get(format!("{}{go}", app.base_url))
        .send()
        .await
        .expect("the sign-in completes");
    assert_eq!(landed.url().path(), "/linked", "{}", landed.url());
    let handle = tiktok_handle(app);
    let linked = telegram
        .wait_for_text_after(chat, skip, &format!("Linked TikTok @{handle}"))
        .await
        .expect("the chat is told the TikTok account is linked");
    let ready = telegram
        .wait_for_text_after(chat, skip, &format!("Ready: TikTok @{handle}"))
        .await
        .expect("the chat is told the TikTok account is ready");
    (text_of(&linked), text_of(&ready))
}

/// Sum of the views of the videos published on `first..=last` (UTC dates).
fn views_published(
    videos: &[TikTokVideoAt],
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
) -> (usize, u64) {
    let within: Vec<_> = videos
        .iter()
        .filter(|v| (first..=last).contains(&v.video.published.date_naive()))
        .collect();
    (within.len(), within.iter().map(|v| v.counts.views).sum())
}

#[tokio::test]
async fn a_chat_links_instagram_and_tiktok_and_asks_about_each() {
    let (telegram, app) = telegram_app().await;
    link_through_telegram(&telegram, ANA, ANA).await;
    let (linked, ready) = link_tiktok(&telegram, &app, ANA).await;
    let handle = tiktok_handle(&app);
    let profile = app
        .sandbox
        .tiktok_profile_at(&handle, app.now)
        .expect("the sandbox's TikTok user");
    let videos = app.sandbox.tiktok_videos_at(&handle, app.now);
    assert_eq!(videos.len(), 45, "the sandbox's default user");
    assert!(
        linked.contains(&format!(
            "Linked TikTok @{handle} ({} followers)",
            grouped(profile.follower_count)
        )),
        "{linked}"
    );
    // Every video was read, through the 429 and the HTTP-200 internal_error.
    assert!(ready.contains("45 videos"), "{ready}");
    let calls = app.sandbox.tiktok_calls();
    assert!(
        calls.rate_limited >= 1 || calls.internal_errors >= 1,
        "the sandbox's faults were met: {calls:?}"
    );

    // Both accounts, each with its network.
    let instagram = app.account().profile.username.clone();
    let accounts = ask(&telegram, ANA, "/accounts", "(TikTok)").await;
    assert!(
        accounts.contains(&format!("@{instagram} (Instagram)")),
        "{accounts}"
    );
    assert!(
        accounts.contains(&format!("@{handle} (TikTok)")),
        "{accounts}"
    );

    // "this week": Monday to today (UTC, the chat's default zone).
    let today = app.today();
    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    let (published, views) = views_published(&videos, monday, today);
    let answer = ask(
        &telegram,
        ANA,
        "how many views did my tiktoks get this week",
        "",
    )
    .await;
    assert!(published > 0, "the sandbox published this week");
    assert!(answer.contains(&format!("@{handle}")), "{answer}");
    assert!(answer.contains(&grouped(views)), "{views}: {answer}");

    // Reels beside TikToks this month: per post, with the definition.
    let first = today.with_day(1).expect("the 1st");
    let (month_videos, month_views) = views_published(&videos, first, today);
    let reels = app
        .account()
        .posts
        .iter()
        .filter(|p| (first..=today).contains(&p.timestamp.date_naive()))
        .filter(|p| p.kind == PostKind::Reel)
        .collect::<Vec<_>>();
    let per_post = |total: u64, posts: usize| grouped((total as f64 / posts as f64).round() as u64);
    let reel_views: u64 = reels.iter().map(|p| p.insights.views).sum();
    let reel_likes: u64 = reels.iter().map(|p| p.insights.likes).sum();
    let month_likes: u64 = videos
        .iter()
        .filter(|v| (first..=today).contains(&v.video.published.date_naive()))
        .map(|v| v.counts.likes)
        .sum();
    let versus = ask(
        &telegram,
        ANA,
        "reels vs tiktoks this month",
        "Instagram beside TikTok",
    )
    .await;
    assert!(
        versus.contains(&format!(
            "Instagram reels of @{instagram} ({} posts): {} views and {} likes per post",
            reels.len(),
            per_post(reel_views, reels.len()),
            per_post(reel_likes, reels.len())
        )),
        "{versus}"
    );
    assert!(
        versus.contains(&format!(
            "TikTok videos of @{handle} ({month_videos} posts): {} views and {} likes per post",
            per_post(month_views, month_videos),
            per_post(month_likes, month_videos)
        )),
        "{versus}"
    );
    assert!(versus.contains("Per post"), "the definition: {versus}");

    // /top saves with TikTok in use: TikTok does not report saves, and no zero.
    ask(&telegram, ANA, "/use tiktok", &handle).await;
    let saves = ask(&telegram, ANA, "/top saves", "").await;
    assert!(saves.contains("TikTok does not report saves"), "{saves}");
    assert!(!saves.contains(" 0 ") && !saves.contains(">0<"), "{saves}");
    app.stop().await;
}

/// The `/export` document sent to the chat, and the export as JSON.
async fn export_through_telegram(telegram: &FakeTelegram, chat: i64) -> (Call, Value) {
    let documents_before = telegram
        .calls()
        .iter()
        .filter(|c| c.method == "senddocument")
        .count();
    telegram.user_says(chat, chat, "/export");
    telegram
        .wait_for_text(chat, "Everything Pulse stores for this chat, as JSON")
        .await
        .expect("export message");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let document = loop {
        let documents: Vec<Call> = telegram
            .calls()
            .into_iter()
            .filter(|c| c.method == "senddocument" && !c.rejected)
            .collect();
        if documents.len() > documents_before {
            break documents[documents_before].clone();
        }
        assert!(std::time::Instant::now() < deadline, "no export document");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(document.chat_id(), chat);
    let text = document.body["document"]["file_text"]
        .as_str()
        .expect("the export's text")
        .to_owned();
    let json = serde_json::from_str(&text).expect("the export is JSON");
    (document, json)
}

/// The export's entry of the account on `network`.
fn exported_account<'a>(export: &'a Value, network: &str) -> &'a Value {
    export["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["account"]["network"] == network)
        .unwrap_or_else(|| panic!("no {network} account in the export: {export}"))
}

/// What the sandbox says the account gained between two readings, worked out the way a
/// person would: per video, the later views minus the earlier; a video published after the
/// first reading counts from zero.
fn views_gained(before: &[TikTokVideoAt], after: &[TikTokVideoAt], first: DateTime<Utc>) -> u64 {
    after
        .iter()
        .filter_map(|video| {
            match before
                .iter()
                .find(|earlier| earlier.video.id == video.video.id)
            {
                Some(earlier) => Some(video.counts.views - earlier.counts.views),
                None if video.video.published > first => Some(video.counts.views),
                None => None,
            }
        })
        .sum()
}

#[tokio::test]
async fn a_day_later_tiktok_gains_are_the_difference_of_two_readings() {
    let (telegram, app) = telegram_app().await;
    link_tiktok(&telegram, &app, ANA).await;
    let handle = tiktok_handle(&app);
    let first_reading = app.now;
    let before = app.sandbox.tiktok_videos_at(&handle, first_reading);
    // The first reading alone gives no day's figures: no gains (and no zeros) yet.
    let (_, export) = export_through_telegram(&telegram, ANA).await;
    let tiktok = exported_account(&export, "tiktok");
    assert_eq!(tiktok["daily_insights"], Value::Array(vec![]), "{tiktok}");
    assert_eq!(tiktok["video_snapshots"].as_array().map(Vec::len), Some(1));

    // A day later, at the same hour, in the app and at TikTok (whose access token has
    // expired by then: the sync refreshes it first).
    let day = chrono::Duration::days(1);
    app.clock.advance(day);
    app.sandbox.advance_clock(day);
    let second_reading = app.clock.now();
    let tokens_before = app.sandbox.tiktok_calls().token;
    bot::scheduler::tick(&app.state).await;
    assert!(
        app.sandbox.tiktok_calls().token > tokens_before,
        "the expired access token was refreshed"
    );
    let after = app.sandbox.tiktok_videos_at(&handle, second_reading);
    let gained = views_gained(&before, &after, first_reading);
    assert!(gained > 0, "the sandbox's counts grew in a day");

    // The export holds both readings, each equal to what TikTok served then, and the day's
    // gains.
    let (_, export) = export_through_telegram(&telegram, ANA).await;
    let tiktok = exported_account(&export, "tiktok");
    let snapshots = tiktok["video_snapshots"]
        .as_array()
        .expect("video_snapshots");
    assert_eq!(snapshots.len(), 2, "{snapshots:?}");
    for (snapshot, served) in snapshots.iter().zip([&before, &after]) {
        let views: u64 = snapshot["videos"]
            .as_array()
            .expect("videos")
            .iter()
            .map(|v| v["views"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(views, served.iter().map(|v| v.counts.views).sum::<u64>());
        assert_eq!(
            snapshot["videos"].as_array().map(Vec::len),
            Some(served.len())
        );
    }
    let days = tiktok["daily_insights"].as_array().expect("daily_insights");
    assert_eq!(days.len(), 1, "{days:?}");
    assert_eq!(
        days[0]["date"],
        second_reading.date_naive().to_string(),
        "{days:?}"
    );
    assert_eq!(days[0]["views"].as_u64(), Some(gained), "{days:?}");

    // And the user asking hears the same figure.
    let answer = ask(&telegram, ANA, "how many views did I get today", "").await;
    assert!(answer.contains(&grouped(gained)), "{gained}: {answer}");
    app.stop().await;
}

#[tokio::test]
async fn the_digest_covers_both_networks() {
    let (telegram, app) = telegram_app().await;
    link_through_telegram(&telegram, ANA, ANA).await;
    link_tiktok(&telegram, &app, ANA).await;
    let handle = tiktok_handle(&app);
    let instagram = app.account().profile.username.clone();
    let digest = ask(&telegram, ANA, "/digest now", &format!("@{handle}")).await;
    let tiktok_at = digest
        .find(&format!("@{handle} · daily digest for"))
        .expect("a digest of the TikTok account");
    let instagram_at = digest
        .find(&format!("@{instagram} · daily digest for"))
        .expect("a digest of the Instagram account");
    let tiktok_part = if tiktok_at < instagram_at {
        &digest[tiktok_at..instagram_at]
    } else {
        &digest[tiktok_at..]
    };
    // TikTok reports no reach or saves, no commenters and no leads: no line of them, no zero
    // standing in for them, and no word of Instagram's insights.
    for absent in [
        "Reach:",
        "Saves:",
        "Engagement rate:",
        "New commenters",
        "Open leads",
        "Instagram",
        "since yesterday",
    ] {
        assert!(!tiktok_part.contains(absent), "{absent} in {tiktok_part}");
    }
    assert!(
        tiktok_part.contains("TikTok gives only lifetime counts"),
        "{tiktok_part}"
    );
    // Its best video of the last week, by interactions, as the sandbox counts them.
    let week = app.today() - chrono::Days::new(7)..=app.today();
    let best = app
        .sandbox
        .tiktok_videos_at(&handle, app.now)
        .into_iter()
        .filter(|v| week.contains(&v.video.published.date_naive()))
        .map(|v| v.counts.likes + v.counts.comments + v.counts.shares)
        .max()
        .expect("a video in the last week");
    assert!(
        tiktok_part.contains(&format!("{} interactions · video", grouped(best))),
        "{best}: {tiktok_part}"
    );
    app.stop().await;
}

#[tokio::test]
async fn forget_revokes_tiktok_access_at_the_sandbox() {
    let (telegram, app) = telegram_app().await;
    link_tiktok(&telegram, &app, ANA).await;
    let open_id = app.sandbox.tiktok_users()[0].open_id.clone();
    assert!(app.sandbox.tiktok_revoked().is_empty());
    let skip = sent_so_far(&telegram, ANA);
    telegram.user_says(ANA, ANA, "/forget");
    let ask_forget = telegram
        .wait_for_text_after(ANA, skip, "This deletes everything")
        .await
        .expect("the /forget question");
    let confirm = callback_button(&ask_forget, "/forget confirm ").expect("a confirm button");
    let skip = sent_so_far(&telegram, ANA);
    telegram.user_presses(ANA, ANA, 4242, &confirm);
    let receipt = telegram
        .wait_for_text_after(
            ANA,
            skip,
            "Pulse deleted everything it stored for this chat",
        )
        .await
        .expect("the receipt");
    let receipt = text_of(&receipt);
    assert!(receipt.contains("TikTok"), "the chat is told: {receipt}");
    // The revoker asks TikTok (bounded wait).
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !app.sandbox.tiktok_revoked().contains(&open_id) {
        assert!(
            std::time::Instant::now() < deadline,
            "TikTok was not asked to revoke {open_id}: {:?}",
            app.sandbox.tiktok_calls()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.sandbox.tiktok_revoked(), vec![open_id]);
    let accounts = ask(&telegram, ANA, "/accounts", "").await;
    assert!(!accounts.contains(&tiktok_handle(&app)), "{accounts}");
    assert!(app
        .state
        .pulse
        .records()
        .accounts()
        .expect("accounts")
        .is_empty());
    app.stop().await;
}

#[tokio::test]
async fn the_export_holds_tiktok_data_and_no_token() {
    let (telegram, app) = telegram_app().await;
    link_tiktok(&telegram, &app, ANA).await;
    let handle = tiktok_handle(&app);
    let (document, export) = export_through_telegram(&telegram, ANA).await;
    let text = document.body["document"]["file_text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let served = app.sandbox.tiktok_videos_at(&handle, app.now);
    let tiktok = exported_account(&export, "tiktok");
    assert_eq!(tiktok["account"]["username"], handle.as_str(), "{tiktok}");
    let posts = tiktok["posts"].as_array().expect("posts");
    assert_eq!(posts.len(), served.len());
    for video in &served {
        let post = posts
            .iter()
            .find(|p| p["id"] == video.video.id.as_str())
            .unwrap_or_else(|| panic!("video {} is not exported", video.video.id));
        assert_eq!(
            post["metrics"]["views"].as_u64(),
            Some(video.counts.views),
            "{post}"
        );
    }
    let snapshots = tiktok["video_snapshots"]
        .as_array()
        .expect("video_snapshots");
    assert_eq!(snapshots.len(), 1);
    assert_eq!(
        snapshots[0]["videos"].as_array().map(Vec::len),
        Some(served.len())
    );
    let secrets = app.sandbox.tiktok_issued_secrets();
    assert!(
        secrets.len() >= 3,
        "a code, an access and a refresh token: {secrets:?}"
    );
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "{secret} is in the export");
    }
    app.stop().await;
}
