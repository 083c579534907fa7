//! Publishing: how long from "Post now" to the post being live on the sandbox Instagram when
//! every Instagram answer takes 300 ms (p50/p99), and 100 posts due in the same minute across
//! 100 accounts (each published once, none over its account's limit, how long the last took).
//!
//! ```sh
//! cargo bench -p pulse-tests --bench publishing     # PULSE_BENCH_SAMPLES=n (20) for the latency
//! ```
//!
//! The setup: the test harness's app (the real wiring on sled, the publishing runner, Pulse's
//! `/media/` route) and the sandbox Instagram, which — like Meta — fetches each file from
//! Pulse over HTTP when a container is made and keeps it `IN_PROGRESS` for
//! `container_processing` (1 s) after the fetch. Accounts are linked through the real OAuth
//! flow. A post is a 1080 × 1350 photo sent to the console chat of its account and published
//! with `/publish`; "live" is the moment Pulse's record says Published (after `media_publish`
//! answered). The run's time is real time: the app's clock runs.

use std::time::{Duration, Instant};

use bot::console::console_chat;
use engine::chat::{ChatId, Platform, UserId};
use engine::inbound::{Inbound, Input, MediaFile};
use engine::records::PublicationState;
use pulse_tests::{png_photo, spawn_app_with, TestApp, TestOptions};

const LATENCY: Duration = Duration::from_millis(300);
const ACCOUNTS: usize = 100;

fn samples_wanted() -> usize {
    std::env::var("PULSE_BENCH_SAMPLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(20)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        latency().await;
        fan_out().await;
    });
}

/// A photo sent in `chat` (private): the new post's id.
async fn compose(app: &TestApp, chat: &ChatId, photo: &[u8]) -> String {
    let inbound = Inbound {
        private: true,
        media: vec![MediaFile {
            name: Some("photo.png".into()),
            bytes: photo.to_vec(),
        }],
        attachments: 1,
        ..Inbound::new(
            chat.clone(),
            UserId::new(chat.platform, "owner"),
            Input::Text("From the bench".into()),
        )
    };
    let card = bot::frontend::answer(&app.state, inbound)
        .await
        .to_plain_text();
    card.split_whitespace()
        .find(|word| word.starts_with('p') && word.len() == 7)
        .unwrap_or_else(|| panic!("a new post: {card}"))
        .to_owned()
}

async fn say(app: &TestApp, chat: &ChatId, text: &str) {
    let inbound = Inbound {
        private: true,
        ..Inbound::new(
            chat.clone(),
            UserId::new(chat.platform, "owner"),
            Input::Text(text.into()),
        )
    };
    bot::frontend::answer(&app.state, inbound).await;
}

/// Whether the post `id` of the account linked in `chat` is live.
fn is_live(app: &TestApp, chat: &ChatId, id: &str) -> bool {
    let account = app.account_of(chat).expect("linked");
    matches!(
        app.state
            .pulse
            .records()
            .publication(&account, id)
            .unwrap()
            .map(|p| p.state),
        Some(PublicationState::Published { .. })
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

async fn latency() {
    let app = spawn_app_with(|s| s.latency = LATENCY, TestOptions::default()).await;
    let chat = console_chat();
    app.link_account_in(&chat).await;
    app.clock.start_running();
    let photo = png_photo(1080, 1350, 40);
    let samples = samples_wanted();
    let mut times = Vec::new();
    for _ in 0..samples {
        let id = compose(&app, &chat, &photo).await;
        let began = Instant::now();
        say(&app, &chat, &format!("/publish {id}")).await;
        while !is_live(&app, &chat, &id) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        times.push(began.elapsed());
    }
    times.sort();
    println!(
        "Post now → live, Instagram answering in {} ms, {} posts: p50 {} ms, p99 {} ms, max {} ms ({} media_publish calls, {} posts on the sandbox)",
        LATENCY.as_millis(),
        samples,
        percentile(&times, 0.5).as_millis(),
        percentile(&times, 0.99).as_millis(),
        times.last().unwrap().as_millis(),
        app.sandbox.publish_calls(),
        app.sandbox.published().len(),
    );
    app.stop().await;
}

async fn fan_out() {
    let app = spawn_app_with(
        |s| {
            s.latency = LATENCY;
            s.accounts = (0..ACCOUNTS)
                .map(|n| connectors::sandbox::AccountSpec {
                    seed: 100 + n as u64,
                    username: format!("shop.{n:03}"),
                    posts: 3,
                    commenters: 3,
                    followers: 500,
                    posting: connectors::sandbox::Posting::Spread,
                })
                .collect();
            // Small enough that some accounts meet it: two posts each in 24 h.
            s.publishing_quota = 2;
        },
        TestOptions::default(),
    )
    .await;
    let chats: Vec<ChatId> = (0..ACCOUNTS)
        .map(|n| ChatId::new(Platform::Console, format!("shop-{n}")))
        .collect();
    let linking = Instant::now();
    let usernames: Vec<String> = (0..ACCOUNTS).map(|n| format!("shop.{n:03}")).collect();
    futures_util::future::join_all(
        chats
            .iter()
            .zip(&usernames)
            .map(|(chat, username)| app.link_account_as(chat, username)),
    )
    .await;
    let linked_in = linking.elapsed();
    let photo = png_photo(1080, 1350, 80);
    // Every account gets one post due in the same minute; the first ten get three (one
    // more than their limit allows).
    let due = app.clock.now() + chrono::Duration::minutes(2);
    let when = due.format("%H:%M").to_string();
    let mut posts = Vec::new();
    for (n, chat) in chats.iter().enumerate() {
        for _ in 0..if n < 10 { 3 } else { 1 } {
            let id = compose(&app, chat, &photo).await;
            say(&app, chat, &format!("/schedule {id} {when}")).await;
            posts.push((chat.clone(), id));
        }
    }
    let over_limit = 10;
    app.clock.set(due);
    app.clock.start_running();
    app.state.publisher_wake.notify_one();
    let began = Instant::now();
    let expected = posts.len() - over_limit;
    while app.sandbox.published().len() < expected && began.elapsed() < Duration::from_secs(600) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let all_in = began.elapsed();
    // A moment more: nothing beyond the limits goes out.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let published = app.sandbox.published();
    let mut per_account = std::collections::HashMap::new();
    for post in &published {
        *per_account
            .entry(post.account_user_id.clone())
            .or_insert(0usize) += 1;
    }
    let live = posts
        .iter()
        .filter(|(chat, id)| is_live(&app, chat, id))
        .count();
    let waiting = posts
        .iter()
        .filter(|(chat, id)| {
            let account = app.account_of(chat).unwrap();
            matches!(
                app.state
                    .pulse
                    .records()
                    .publication(&account, id)
                    .unwrap()
                    .map(|p| p.state),
                Some(PublicationState::Scheduled {
                    told_limit: true,
                    ..
                })
            )
        })
        .count();
    println!(
        "{} posts due in one minute across {ACCOUNTS} accounts (quota 2 a day; 10 accounts with 3), Instagram answering in {} ms: {} published in {:.1} s, {} live in Pulse, {} waiting for the limit, most on one account {}, media_publish calls {} (linking took {:.1} s)",
        posts.len(),
        LATENCY.as_millis(),
        published.len(),
        all_in.as_secs_f64(),
        live,
        waiting,
        per_account.values().max().copied().unwrap_or(0),
        app.sandbox.publish_calls(),
        linked_in.as_secs_f64(),
    );
    assert_eq!(
        published.len(),
        expected,
        "each post within the limits once"
    );
    assert_eq!(waiting, over_limit);
    app.stop().await;
}
