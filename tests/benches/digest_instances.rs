//! A digest round for 100,000 Telegram chats across 3 Pulse instances on one PostgreSQL
//! database, beside the same round on one instance on sled: messages per second against
//! Telegram's limit, 429s, and duplicates counted at the fake Bot API.
//!
//! ```sh
//! cargo bench -p pulse-tests --bench digest_instances       # 100,000 chats, ×10, ~35 min
//! PULSE_BENCH_CHATS=2000 cargo bench -p pulse-tests --bench digest_instances
//! PULSE_BENCH_SPEEDUP=1 PULSE_BENCH_CHATS=2000 cargo bench -p pulse-tests --bench digest_instances
//! PULSE_BENCH_BACKENDS=postgres cargo bench -p pulse-tests --bench digest_instances   # or: sled
//! PULSE_BENCH_INSTANCES=2 …                                     # instances on PostgreSQL (3)
//! ```
//!
//! **What is scaled.** At Telegram's real 30 messages a second, 100,000 digests (a text and a
//! chart each: 200,000 sends) take 1 h 51 min. So both sides of the limit run
//! `PULSE_BENCH_SPEEDUP` (10) times faster: the fake Bot API answers 429 beyond 30 × 10 sends
//! in any sliding second, and Pulse's pacing runs with `telegram.pace_speedup` = 10 (every
//! gap of `bot::telegram::pace` — 1/29 s overall, 1 s per chat — and the instances' shared
//! pace in the database, 1/28 s, divided by 10). Everything else runs at its real speed:
//! building each digest, the database, HTTP, the instances' claims. The figure is the
//! fraction of the (scaled) limit reached; with `PULSE_BENCH_SPEEDUP=1` the bench runs
//! unscaled (use fewer chats).
//!
//! The set-up is `tests/it/instances.rs`'s, larger: the test harness's app on PostgreSQL (a
//! database of the private cluster, `connectors::postgres::cluster`) links one sandbox
//! account through the engine from the console chat (its own digest off), then N Telegram
//! chats linked to that account, digests on at 09:00 UTC, are written straight into the
//! store (`TestApp::link_directly`, timed). The app is stopped, its clock set to 08:59:57 and
//! run in real time, and the instances start at once with the wiring of `pulse run`,
//! schedulers on: they race for the scheduler's lease, and the leader's digest round sends
//! every digest through `TelegramOutput` (webhook mode) to `FakeTelegram` on 127.0.0.1, each
//! send in its turn of the instance's pace and of the shared one in PostgreSQL. On sled the
//! same app is restarted with its schedulers on, on the same clock. `[digest] concurrency` is
//! the default (32). Fixed date (Friday 27 March 2026), fixed data and chat ids.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use engine::chat::{ChatId, Platform};
use pulse_tests::fake_telegram::{is_send, Call, FakeTelegram};
use pulse_tests::instances::Instance;
use pulse_tests::{spawn_app_with, TestOptions};

/// Telegram's overall limit, messages a second.
const TELEGRAM_LIMIT: usize = 30;
/// The first chat id (private chats: positive ids).
const FIRST_CHAT: i64 = 1_000_000;
/// The webhook secret of the instances' Telegram front end.
const WEBHOOK_SECRET: &str = "bench_webhook-secret";

/// When the app starts (and the account is linked and synced): Friday 27 March 2026, 08:00 UTC.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 27, 8, 0, 0).unwrap()
}

/// When every digest is due: 09:00 UTC the same day.
fn nine() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 27, 9, 0, 0).unwrap()
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.replace(['_', ','], "").parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

/// Which backends to measure: `PULSE_BENCH_BACKENDS` (`sled,postgres`, the default).
fn backends() -> Vec<&'static str> {
    let wanted = std::env::var("PULSE_BENCH_BACKENDS").unwrap_or_default();
    ["sled", "postgres"]
        .into_iter()
        .filter(|b| wanted.trim().is_empty() || wanted.split(',').any(|w| w.trim() == *b))
        .collect()
}

/// The digests counted in a `/metrics` exposition, by outcome (`sent`, `sent_late`,
/// `failed`, …): a round's counts are added when it ends.
fn digests(metrics: &str, outcome: &str) -> u64 {
    let line = format!("pulse_digests_total{{outcome=\"{outcome}\"}} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&line))
        .map_or(0, |count| count.trim().parse().unwrap_or(0))
}

/// The most of `times` (sorted) in any one-second window, as the fake counts.
fn max_in_one_second(times: &[Instant]) -> usize {
    let mut most = 0;
    let mut first = 0;
    for (last, at) in times.iter().enumerate() {
        while at.duration_since(times[first]) >= Duration::from_secs(1) {
            first += 1;
        }
        most = most.max(last - first + 1);
    }
    most
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let chats = env_number("PULSE_BENCH_CHATS", 100_000);
    let speedup = env_number("PULSE_BENCH_SPEEDUP", 10);
    let instances = env_number("PULSE_BENCH_INSTANCES", 3);
    let limit = TELEGRAM_LIMIT * speedup;
    println!(
        "Digest round: {chats} Telegram chats due at 09:00 UTC on 2026-03-27, all linked to one \
         sandbox account; fake Bot API enforcing {limit} sends in any sliding second \
         (Telegram's {TELEGRAM_LIMIT}/s × {speedup}), Pulse's pacing × {speedup} \
         (telegram.pace_speedup)"
    );
    for backend in backends() {
        runtime.block_on(round(backend, chats, speedup, instances));
    }
}

/// What the fake received during one round.
struct Received {
    /// Sends answered 429.
    rejected: usize,
    /// Accepted sends, in the order they arrived.
    accepted: Vec<Call>,
}

async fn round(backend: &str, chats: usize, speedup: usize, instance_count: usize) {
    let limit = TELEGRAM_LIMIT * speedup;
    let postgres = backend == "postgres";
    let telegram = FakeTelegram::start().await;
    telegram.enforce_overall_rate(limit);
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            postgres,
            telegram_api_url: Some(telegram.api_url()),
            telegram_webhook_secret: Some(WEBHOOK_SECRET.to_owned()),
            start_at: Some(start()),
            telegram_pace_speedup: Some(u32::try_from(speedup).unwrap()),
            ..TestOptions::default()
        },
    )
    .await;
    let owner = bot::console::console_chat();
    app.link_account_in(&owner).await;
    app.say_in(&owner, "/digest off").await;
    let account = app.account_of(&owner).expect("the account is linked");
    let chat_ids: Vec<ChatId> = (0..chats as i64)
        .map(|n| ChatId::new(Platform::Telegram, (FIRST_CHAT + n).to_string()))
        .collect();
    let seeding = Instant::now();
    app.link_directly(&account, &chat_ids, start());
    let seeded = seeding.elapsed();
    let concurrency = app.config().digest.concurrency;

    // Start the round: the instances (PostgreSQL) or the one app with its schedulers on.
    let round_start;
    let mut running: Vec<Instance> = Vec::new();
    let mut single = None;
    let mut shared = None;
    if postgres {
        let instances = app.into_instances(|_| {}).await;
        instances.clock.set(nine() - chrono::Duration::seconds(3));
        instances.clock.start_running();
        round_start = Instant::now();
        running =
            futures_util::future::join_all((0..instance_count).map(|_| instances.start())).await;
        shared = Some(instances);
    } else {
        let clock = app.clock.clone();
        clock.set(nine() - chrono::Duration::seconds(3));
        let restarted = app.restart_with(true).await;
        restarted.clock.start_running();
        round_start = Instant::now();
        single = Some(restarted);
    }
    let metrics = |running: &[Instance], single: &Option<pulse_tests::TestApp>| -> Vec<String> {
        match single {
            Some(app) => vec![app.state.metrics.render()],
            None => running
                .iter()
                .map(|instance| instance.state().metrics.render())
                .collect(),
        }
    };
    // Wait for the round's end (its counts are added when it ends), showing progress.
    let deadline =
        round_start + Duration::from_secs_f64(chats as f64 * 2.0 / limit as f64 * 3.0 + 180.0);
    let mut shown = Instant::now();
    loop {
        let counted: u64 = metrics(&running, &single)
            .iter()
            .map(|m| {
                ["sent", "sent_late", "failed", "skipped"]
                    .iter()
                    .map(|outcome| digests(m, outcome))
                    .sum::<u64>()
            })
            .sum();
        if counted > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the round did not end in time");
        if shown.elapsed() >= Duration::from_secs(30) {
            let (accepted, rejected) = telegram.send_counts();
            eprintln!(
                "  … {backend} {:>5.0} s: {accepted} sends accepted, {rejected} answered 429",
                round_start.elapsed().as_secs_f64()
            );
            shown = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let round_took = round_start.elapsed();
    // A little more, for any late or second send to show itself.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let per_instance: Vec<(u64, u64, u64)> = metrics(&running, &single)
        .iter()
        .map(|m| {
            (
                digests(m, "sent") + digests(m, "sent_late"),
                digests(m, "failed"),
                digests(m, "skipped"),
            )
        })
        .collect();
    let leaders = running.iter().filter(|instance| instance.leads()).count();

    let received = {
        let calls = telegram.calls();
        let mut received = Received {
            rejected: 0,
            accepted: Vec::new(),
        };
        for call in calls
            .into_iter()
            .filter(|c| c.at >= round_start && is_send(&c.method))
        {
            if call.rejected {
                received.rejected += 1;
            } else {
                received.accepted.push(call);
            }
        }
        received.accepted.sort_by_key(|c| c.at);
        received
    };
    let accepted_times: Vec<Instant> = received.accepted.iter().map(|c| c.at).collect();
    let delivered = received.accepted.len();
    let (first, last) = (accepted_times[0], accepted_times[delivered - 1]);
    let span = last.duration_since(first).as_secs_f64();
    let rate = (delivered - 1) as f64 / span;
    // Each chat's parts: texts and charts; a duplicate is a second text or chart.
    let mut parts: HashMap<i64, (u32, u32)> = HashMap::new();
    let mut other = 0;
    for call in &received.accepted {
        let entry = parts.entry(call.chat_id()).or_default();
        match call.method.as_str() {
            "sendmessage"
                if call.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("daily digest for")) =>
            {
                entry.0 += 1
            }
            "sendphoto" => entry.1 += 1,
            _ => other += 1,
        }
    }
    let in_range = |chat: &i64| (FIRST_CHAT..FIRST_CHAT + chats as i64).contains(chat);
    let whole = parts
        .iter()
        .filter(|(chat, (texts, charts))| in_range(chat) && *texts == 1 && *charts == 1)
        .count();
    let duplicate_texts: u32 = parts.values().map(|(t, _)| t.saturating_sub(1)).sum();
    let duplicate_charts: u32 = parts.values().map(|(_, c)| c.saturating_sub(1)).sum();
    let missing = (0..chats as i64)
        .filter(|n| {
            parts
                .get(&(FIRST_CHAT + n))
                .is_none_or(|(texts, charts)| *texts == 0 || *charts == 0)
        })
        .count();
    let mut previous: HashMap<i64, Instant> = HashMap::new();
    let mut closest = Duration::MAX;
    for call in &received.accepted {
        if let Some(before) = previous.insert(call.chat_id(), call.at) {
            closest = closest.min(call.at.duration_since(before));
        }
    }

    let setup = if postgres {
        format!(
            "{instance_count} instances on one PostgreSQL database (scheduler's lease; {leaders} leading at the end)"
        )
    } else {
        "one instance on sled".to_owned()
    };
    println!("{backend}: {setup}, digest concurrency {concurrency}");
    println!(
        "  seeded {chats} chats (links and settings, batches of 1,000) in {:.1} s",
        seeded.as_secs_f64()
    );
    println!(
        "  round: ended {:.1} s after the start (first accepted send {:.2} s after it); digests sent/failed/skipped per instance {per_instance:?}",
        round_took.as_secs_f64(),
        first.duration_since(round_start).as_secs_f64()
    );
    println!(
        "  messages delivered: {delivered} ({} other sends); wall time first to last {span:.1} s",
        other
    );
    println!(
        "  achieved rate: {rate:.1} messages/s = {:.1} % of the limit ({limit}/s = Telegram's {TELEGRAM_LIMIT}/s × {speedup}); Pulse paces at {:.1} % ({})",
        rate / limit as f64 * 100.0,
        if postgres { 28.0 / 30.0 * 100.0 } else { 29.0 / 30.0 * 100.0 },
        if postgres {
            "the shared pace, 28 a second × the speedup"
        } else {
            "29 a second × the speedup"
        }
    );
    println!(
        "  429 answers: {}; most sends accepted in any 1 s window: {} (limit {limit})",
        received.rejected,
        max_in_one_second(&accepted_times)
    );
    println!(
        "  chats with exactly one text and one chart: {whole} of {chats}; missing a part: {missing}; duplicates: {duplicate_texts} texts, {duplicate_charts} charts; closest two sends to one chat {:.3} s (per-chat gap 1 s ÷ {speedup})",
        closest.as_secs_f64()
    );
    futures_util::future::join_all(running.into_iter().map(Instance::stop)).await;
    if let Some(instances) = shared {
        instances.stop().await;
    }
    if let Some(app) = single {
        app.stop().await;
    }
}
