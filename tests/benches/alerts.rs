//! Alerts of new comments: how long from a signed webhook arriving at `/instagram/webhook`
//! to the alert message reaching a Telegram chat (p50/p99), and the fan-out when 1,000
//! comments arrive in one minute for 100 chats (messages sent, none lost, none twice, each
//! chat's messages at least `alerts.min_interval_secs` apart, Telegram's limits held).
//!
//! ```sh
//! cargo bench -p pulse-tests --bench alerts        # PULSE_BENCH_SAMPLES=n (100) for the latency
//! ```
//!
//! The setup: the test harness's app (the real wiring on sled, a sandbox Instagram) with its
//! Telegram front end talking HTTP to `FakeTelegram` on 127.0.0.1, which answers 429 beyond
//! 30 sends in any second. One sandbox account is linked and synced through the engine;
//! the alerting Telegram chats are linked to it straight in the store, with `/alerts on`
//! written into their settings. Each webhook body is written and signed here as Meta sends
//! it. Seeded and repeatable (fixed date, ids and texts); the figures are timings.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bot::console::console_chat;
use chrono::{DateTime, TimeZone, Utc};
use engine::account::AccountId;
use engine::chat::{ChatId, Platform};
use engine::records::AlertState;
use pulse_tests::fake_telegram::{Call, FakeTelegram};
use pulse_tests::{spawn_app_with, TestApp, TestOptions};
use secrecy::ExposeSecret as _;

/// Friday 27 March 2026, 10:00 UTC.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 27, 10, 0, 0).unwrap()
}

const LATENCY_CHAT: i64 = 2_000_000;
const FIRST_FANOUT_CHAT: i64 = 3_000_000;
const FANOUT_CHATS: i64 = 100;
const FANOUT_COMMENTS: usize = 1_000;

fn samples_wanted() -> usize {
    std::env::var("PULSE_BENCH_SAMPLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(100)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

/// Turns alerts on (every lead, since `at`) or off in `chats`.
fn set_alerts(app: &TestApp, chats: &[ChatId], on: bool, at: DateTime<Utc>) {
    let records = app.state.pulse.records();
    for chat in chats {
        let mut record = records.chat(chat).unwrap().expect("the chat is stored");
        record.alerts.enabled = on;
        record.alerts.since = Some(at);
        records.put_chat(chat, &record).unwrap();
    }
    app.state.pulse.flush().unwrap();
}

/// A signed delivery of one lead on the account.
fn signed_delivery(app: &TestApp, comment_id: &str, at: DateTime<Utc>) -> (Vec<u8>, String) {
    let body = serde_json::json!({
        "object": "instagram",
        "entry": [{"id": app.account().profile.user_id, "time": at.timestamp(),
            "changes": [{"field": "comments", "value": {
                "id": comment_id, "text": "How much is it? Do you ship to Porto?",
                "from": {"id": "9000000000000001", "username": "a_buyer"},
                "media": {"id": app.account().posts[0].id, "media_product_type": "FEED"}}}]}]
    })
    .to_string()
    .into_bytes();
    let secret = app.secrets().instagram_app_secret.clone().unwrap();
    let signature = connectors::webhook::sign(secret.expose_secret(), &body);
    (body, signature)
}

async fn deliver(app: &TestApp, http: &reqwest::Client, comment_id: &str) {
    let (body, signature) = signed_delivery(app, comment_id, app.clock.now());
    let status = http
        .post(format!("{}/instagram/webhook", app.base_url))
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await
        .expect("the webhook answers")
        .status();
    assert_eq!(status.as_u16(), 200);
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// How many comments an alert message lists, from its title ("New lead", "12 new leads").
fn listed(call: &Call) -> usize {
    let text = call.body["text"].as_str().unwrap_or_default();
    let title = text.lines().next().unwrap_or_default();
    let title = title.trim_start_matches("<b>");
    match title.split_whitespace().next() {
        Some(n) if n.chars().all(|c| c.is_ascii_digit()) => n.parse().unwrap_or(0),
        _ if title.starts_with("New ") => 1,
        _ => 0,
    }
}

async fn run() {
    let telegram = FakeTelegram::start().await;
    telegram.enforce_overall_rate(30);
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            telegram_api_url: Some(telegram.api_url()),
            instagram_webhook_verify_token: Some("bench-verify-token".into()),
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    telegram
        .wait_for(Duration::from_secs(30), |c| c.method == "setmycommands")
        .await
        .expect("the Telegram front end started");
    let owner = console_chat();
    app.link_account_in(&owner).await;
    let account: AccountId = app.account_of(&owner).unwrap();
    let http = reqwest::Client::new();

    // 1. Latency: one chat, one lead at a time; the app's clock moves past the minimum
    // interval between samples, and a real second passes (Telegram's 1 message/s per chat).
    let samples = samples_wanted();
    let chat = ChatId::new(Platform::Telegram, LATENCY_CHAT.to_string());
    app.link_directly(&account, std::slice::from_ref(&chat), start());
    set_alerts(&app, std::slice::from_ref(&chat), true, start());
    let mut latencies = Vec::new();
    for i in 0..samples {
        app.clock.advance(chrono::Duration::seconds(61));
        let comment_id = format!("1790000000{i:06}");
        let reference = format!("#{}", &comment_id[comment_id.len() - 6..]);
        let sent = Instant::now();
        deliver(&app, &http, &comment_id).await;
        let arrived = telegram
            .wait_for(Duration::from_secs(30), |c| {
                c.method == "sendmessage"
                    && c.chat_id() == LATENCY_CHAT
                    && c.body["text"]
                        .as_str()
                        .is_some_and(|t| t.contains(&reference))
            })
            .await
            .expect("the alert arrives");
        latencies.push(arrived.at.duration_since(sent).as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(1_050)).await;
    }
    latencies.sort_by(f64::total_cmp);
    set_alerts(&app, std::slice::from_ref(&chat), false, app.clock.now());
    println!(
        "Webhook arrival → alert at the fake Bot API, one chat, {samples} leads one at a time (sled, release):"
    );
    println!(
        "  p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        latencies[latencies.len() - 1]
    );

    // 2. Fan-out: 100 chats with alerts on, 1,000 leads over one minute of real time.
    let chats: Vec<ChatId> = (0..FANOUT_CHATS)
        .map(|n| ChatId::new(Platform::Telegram, (FIRST_FANOUT_CHAT + n).to_string()))
        .collect();
    app.clock.advance(chrono::Duration::seconds(61));
    app.link_directly(&account, &chats, app.clock.now());
    set_alerts(&app, &chats, true, app.clock.now());
    app.clock.start_running();
    let began = Instant::now();
    let every = Duration::from_secs(60) / FANOUT_COMMENTS as u32;
    for i in 0..FANOUT_COMMENTS {
        deliver(&app, &http, &format!("1890000000{i:06}")).await;
        let next = began + every * (i as u32 + 1);
        tokio::time::sleep_until(next.into()).await;
    }
    let delivered_in = began.elapsed();
    let wanted = FANOUT_COMMENTS * FANOUT_CHATS as usize;
    let records = app.state.pulse.records();
    let settled = tokio::time::timeout(Duration::from_secs(600), async {
        loop {
            let sent = records
                .all_alerts()
                .unwrap()
                .iter()
                .filter(|a| chats.contains(&a.chat))
                .filter(|a| matches!(a.record.state, AlertState::Sent { .. }))
                .count();
            if sent >= wanted {
                return sent;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    })
    .await
    .expect("every alert is sent within 10 minutes");
    let all_sent_after = began.elapsed();
    let calls: Vec<Call> = telegram
        .calls()
        .into_iter()
        .filter(|c| c.method == "sendmessage" && c.at >= began)
        .filter(|c| (FIRST_FANOUT_CHAT..FIRST_FANOUT_CHAT + FANOUT_CHATS).contains(&c.chat_id()))
        .collect();
    let rejected = calls.iter().filter(|c| c.rejected).count();
    let accepted: Vec<&Call> = calls.iter().filter(|c| !c.rejected).collect();
    let mut per_chat: HashMap<i64, Vec<&Call>> = HashMap::new();
    for call in &accepted {
        per_chat.entry(call.chat_id()).or_default().push(call);
    }
    let mut listed_per_chat = Vec::new();
    let mut closest = Duration::MAX;
    for calls in per_chat.values_mut() {
        calls.sort_by_key(|c| c.at);
        listed_per_chat.push(calls.iter().map(|c| listed(c)).sum::<usize>());
        for pair in calls.windows(2) {
            closest = closest.min(pair[1].at.duration_since(pair[0].at));
        }
    }
    let none_lost = per_chat.len() == FANOUT_CHATS as usize
        && listed_per_chat.iter().all(|n| *n == FANOUT_COMMENTS);
    println!(
        "Fan-out: {FANOUT_COMMENTS} leads by webhook over {:.1} s, {FANOUT_CHATS} Telegram chats with alerts on (min interval 60 s):",
        delivered_in.as_secs_f64()
    );
    println!(
        "  {} alert messages, {:.1} per chat; alerts sent {settled} of {wanted}; every chat listed each comment once: {none_lost}",
        accepted.len(),
        accepted.len() as f64 / FANOUT_CHATS as f64
    );
    println!(
        "  closest two messages to one chat {:.1} s apart; 429 answers {rejected}; all sent {:.1} s after the first webhook",
        closest.as_secs_f64(),
        all_sent_after.as_secs_f64()
    );
    assert!(none_lost, "lost or repeated alerts: {listed_per_chat:?}");
    app.stop().await;
}
