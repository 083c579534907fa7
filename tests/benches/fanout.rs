//! Digest fan-out: 10,000 Telegram chats whose digests fall due at the same minute, sent by
//! one digest round through the real Telegram front end, against a fake Bot API that holds
//! the bot to Telegram's overall limit (more than 30 sends in any sliding second are answered
//! 429, `retry_after`, as Telegram does). It measures the rate achieved as a share of 30/s
//! (goal ≥ 95 %) and the number of 429s (goal 0).
//!
//! ```sh
//! cargo bench -p pulse-tests --bench fanout          # 10,000 chats, about 12 minutes
//! PULSE_BENCH_CHATS=300 cargo bench -p pulse-tests --bench fanout
//! ```
//!
//! `PULSE_BENCH_TRACE=<file>` also writes every send of the round, one a line: seconds since
//! the round started, method, chat, `ok` or `429`.
//!
//! The setup: the test harness's app (`spawn_app_with`: the real wiring on sled, a sandbox
//! Instagram, a stopped clock) with its Telegram front end — `TelegramOutput`, the teloxide
//! client paced by `bot::telegram::pace` — talking HTTP to `FakeTelegram` on 127.0.0.1. One
//! sandbox account is linked through the engine (OAuth and first sync) from the console chat, whose own digest
//! is turned off; then N Telegram chats (ids 1,000,000…) linked to that same account, each
//! with the default digest time, 09:00 UTC, are written straight into the store
//! (`TestApp::link_directly`). With the clock at 09:00
//! one `bot::digests::round` runs with `[digest] concurrency` from `config.toml` (or
//! `PULSE__DIGEST__CONCURRENCY`): the scheduler's real code path, one digest built and sent
//! to every chat as a text and a chart.
//!
//! Seeded and repeatable: a fixed date (Friday 27 March 2026), the sandbox's deterministic
//! account, fixed chat ids; nothing random. The figures are timings, so they vary a little
//! between runs.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bot::console::console_chat;
use chrono::{DateTime, TimeZone, Utc};
use engine::chat::{ChatId, Platform};
use pulse_tests::fake_telegram::{is_send, Call, FakeTelegram};
use pulse_tests::{spawn_app_with, TestOptions};

/// Telegram's overall limit, enforced by the fake.
const LIMIT_PER_SECOND: usize = 30;
/// The first chat id (private chats: positive ids).
const FIRST_CHAT: i64 = 1_000_000;

/// When the app starts (and the account is linked and synced): Friday 27 March 2026, 08:00 UTC.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 27, 8, 0, 0).unwrap()
}

/// When every digest is due: 09:00 UTC the same day.
fn due() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 27, 9, 0, 0).unwrap()
}

fn chats_wanted() -> usize {
    std::env::var("PULSE_BENCH_CHATS")
        .ok()
        .and_then(|n| n.replace(['_', ','], "").parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(10_000)
}

/// `[digest] concurrency` as `pulse run` would read it: defaults, `config.toml`, environment.
fn configured_concurrency() -> usize {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../config.toml");
    let file = bot::config::load(Some(&path)).expect("config.toml loads");
    usize::try_from(file.digest.concurrency).unwrap()
}

/// The most of `times` (sorted) in any one-second window, as the fake counts: a send at `t`
/// shares the window with those after `t − 1 s`.
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
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(chats_wanted()));
}

async fn run(chats: usize) {
    let concurrency = configured_concurrency();
    let telegram = FakeTelegram::start().await;
    telegram.enforce_overall_rate(LIMIT_PER_SECOND);
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            telegram_api_url: Some(telegram.api_url()),
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    telegram
        .wait_for(Duration::from_secs(30), |c| c.method == "setmycommands")
        .await
        .expect("the Telegram front end started");

    // One account, linked and synced through the engine from the console chat (which does
    // not want a digest itself).
    let owner = console_chat();
    app.link_account_in(&owner).await;
    let off = app.say_in(&owner, "/digest off").await;
    assert!(
        off.to_plain_text().to_lowercase().contains("off"),
        "{off:?}"
    );
    let account_id = app.account_of(&owner).expect("the console chat is linked");

    // The Telegram chats: links and settings (default digest time, 09:00 UTC) written
    // straight into the store.
    let seeding = Instant::now();
    let chat_ids: Vec<ChatId> = (0..chats as i64)
        .map(|n| ChatId::new(Platform::Telegram, (FIRST_CHAT + n).to_string()))
        .collect();
    app.link_directly(&account_id, &chat_ids, start());
    let seeded = seeding.elapsed();

    println!(
        "Digest fan-out: {chats} Telegram chats due at 09:00 UTC on 2026-03-27, all linked to one \
         shared Instagram account (sandbox, linked and synced through the engine); chats \
         written straight into the store"
    );
    println!(
        "Fake Bot API on 127.0.0.1: at most {LIMIT_PER_SECOND} sends (sendMessage, sendPhoto, \
         sendDocument) in any sliding 1 s window, 429 + retry_after beyond; Pulse's \
         TelegramOutput (the teloxide client, paced by bot::telegram::pace); one \
         bot::digests::round, digest concurrency {concurrency} (config.toml)"
    );
    println!("  seeded {chats} chats in {:.2} s", seeded.as_secs_f64());

    // Progress on stderr while the round runs (it takes minutes at 30 messages/s).
    let progress = {
        let telegram = &telegram;
        let started = Instant::now();
        async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                let (accepted, rejected) = telegram.send_counts();
                eprintln!(
                    "  … {:>4.0} s: {accepted} sends accepted, {rejected} answered 429",
                    started.elapsed().as_secs_f64()
                );
            }
        }
    };

    app.clock.set(due());
    let round_start = Instant::now();
    let report = tokio::select! {
        report = bot::digests::round(&app.state, concurrency) => report,
        () = progress => unreachable!("the progress loop never ends"),
    };
    let round_took = round_start.elapsed();

    let calls: Vec<Call> = telegram
        .calls()
        .into_iter()
        .filter(|c| c.at >= round_start && is_send(&c.method))
        .collect();
    let mut accepted: Vec<&Call> = calls.iter().filter(|c| !c.rejected).collect();
    accepted.sort_by_key(|c| c.at);
    let mut attempted: Vec<Instant> = calls.iter().map(|c| c.at).collect();
    attempted.sort();
    let accepted_times: Vec<Instant> = accepted.iter().map(|c| c.at).collect();
    if let Ok(path) = std::env::var("PULSE_BENCH_TRACE") {
        let mut out = String::new();
        let mut sorted: Vec<&Call> = calls.iter().collect();
        sorted.sort_by_key(|c| c.at);
        for c in sorted {
            out.push_str(&format!(
                "{:.4} {} {} {}\n",
                c.at.duration_since(round_start).as_secs_f64(),
                c.method,
                c.chat_id(),
                if c.rejected { "429" } else { "ok" }
            ));
        }
        std::fs::write(path, out).expect("the trace file is written");
    }
    let rejected = calls.len() - accepted.len();
    let delivered = accepted.len();
    let (first, last) = (accepted_times[0], accepted_times[delivered - 1]);
    let span = last.duration_since(first).as_secs_f64();
    // Sends per second over the span between the first and the last: (n − 1) intervals.
    let rate = (delivered - 1) as f64 / span;
    let share = rate / LIMIT_PER_SECOND as f64 * 100.0;

    let digest_chats: HashSet<i64> = accepted
        .iter()
        .filter(|c| c.method == "sendmessage")
        .filter(|c| {
            c.body["text"]
                .as_str()
                .is_some_and(|t| t.contains("daily digest for"))
        })
        .map(|c| c.chat_id())
        .collect();
    let chart_chats: HashSet<i64> = accepted
        .iter()
        .filter(|c| c.method == "sendphoto")
        .map(|c| c.chat_id())
        .collect();
    // The per-chat limit (1/s): the closest two accepted sends to one chat.
    let mut previous: HashMap<i64, Instant> = HashMap::new();
    let mut closest = Duration::MAX;
    for call in &accepted {
        if let Some(before) = previous.insert(call.chat_id(), call.at) {
            closest = closest.min(call.at.duration_since(before));
        }
    }
    let by_method = |method: &str| accepted.iter().filter(|c| c.method == method).count();

    println!(
        "  round: {} digests sent, {} failed, {} skipped, in {:.1} s (first send {:.2} s after \
         the round started)",
        report.sent,
        report.failed,
        report.skipped,
        round_took.as_secs_f64(),
        first.duration_since(round_start).as_secs_f64()
    );
    println!(
        "  messages delivered (sends not rejected): {delivered} ({} sendMessage, {} sendPhoto, \
         {} sendDocument) = {:.2} per digest",
        by_method("sendmessage"),
        by_method("sendphoto"),
        by_method("senddocument"),
        delivered as f64 / report.sent.max(1) as f64
    );
    println!("  wall time, first to last accepted send: {span:.1} s");
    println!(
        "  achieved rate: {rate:.2} messages/s = {share:.1} % of {LIMIT_PER_SECOND}/s (goal ≥ 95 %)"
    );
    println!("  429 answers: {rejected} (goal 0)");
    println!(
        "  most sends in any 1 s window: {} accepted, {} attempted (429s included)",
        max_in_one_second(&accepted_times),
        max_in_one_second(&attempted)
    );
    println!(
        "  chats with the digest text: {} of {chats}; with the chart: {} of {chats}; closest two \
         sends to one chat: {:.3} s",
        digest_chats.len(),
        chart_chats.len(),
        closest.as_secs_f64()
    );
    let met = share >= 95.0 && rejected == 0;
    println!(
        "  goals (≥ 95 % of {LIMIT_PER_SECOND}/s, no 429): {}",
        if met { "met" } else { "NOT met" }
    );
    app.stop().await;
}
