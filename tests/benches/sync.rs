//! Sync cost: how many Graph API calls Pulse makes, counted by the sandbox Instagram.
//!
//! ```sh
//! cargo bench -p pulse-tests --bench sync            # or: -- backfill, -- latency, -- steady
//! ```
//!
//! Two accounts, both served by the sandbox (deterministic: fixed seeds and dates), both
//! synced by the real `pulse` wiring (the Instagram client over HTTP, the engine's sync, the
//! sled store), with the scheduler's tick driven on a simulated clock:
//!
//! - **Backfill**: an account with 1,000 posts (spread over ~400 days) is linked through the
//!   OAuth flow; every call of the first sync is counted, and the Graph calls per post of its
//!   insights and comments, and how many images' `shares` it kept. It runs twice: with the
//!   generated data (the oldest fifth's images reject `shares`), and with every image
//!   rejecting it, as an independent fake did.
//! - **Latency**: the same account with every sandbox answer taking 300 ms, as Instagram's
//!   do: the time from "Linked" to "Ready" and to fully synced (issue 14: ≤ 15 s, ≤ 60 s), with
//!   `instagram.max_in_flight_per_account` at its default.
//! - **Steady state**: an account with 500 posts publishing one post a day (and receiving
//!   comments as the days go by: the sandbox's clock hides what is not written yet) is linked,
//!   then the scheduler ticks every `sync.interval_minutes` for 14 simulated days. The second
//!   week is measured (the first lets the post ladder settle after the backfill).
//! - **Naive**: a sync that re-reads every post each run (the whole media list, then every
//!   post's insights), run against the same account with the same client; its calls per run
//!   are counted at the start and the end of the measured week and multiplied by the runs a
//!   day of Pulse's schedule (and, for comparison, of an hourly one).

use std::collections::HashSet;
use std::time::Instant;

use bot::config::FileConfig;
use bot::linking::SyncEvent;
use chrono::{DateTime, Duration, TimeZone, Utc};
use connectors::instagram::{InstagramClient, InstagramConfig};
use connectors::sandbox::{
    AccountSpec, CallCounts, PostKind, Posting, Sandbox, SandboxAccount, SandboxConfig,
};
use engine::instagram::{AccessToken, Instagram};
use pulse_tests::{spawn_app_with, TestApp, TestOptions};

/// The steady-state account's posts when the simulation starts.
const POSTS_AT_START: usize = 500;
/// Simulated days: the first half settles, the second half is measured.
const DAYS: i64 = 14;
const MEASURED_DAYS: i64 = 7;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap()
}

/// The sandbox settings every run uses: one account, no injected throttling, and a usage
/// budget so large that the client never pauses (a pause would not change the count, only
/// the time the bench takes).
fn one_account(config: &mut SandboxConfig, spec: AccountSpec) {
    config.accounts = vec![spec];
    config.throttle_on_call = None;
    config.usage_budget_per_minute = 10_000_000;
}

fn difference(after: CallCounts, before: CallCounts) -> CallCounts {
    CallCounts {
        oauth: after.oauth - before.oauth,
        profile: after.profile - before.profile,
        media_pages: after.media_pages - before.media_pages,
        media_insights: after.media_insights - before.media_insights,
        account_insights: after.account_insights - before.account_insights,
        comments: after.comments - before.comments,
        other: after.other - before.other,
        throttled: after.throttled - before.throttled,
        total: after.total - before.total,
    }
}

/// Graph calls (the OAuth exchanges are not Graph calls).
fn graph_calls(calls: &CallCounts) -> u64 {
    calls.total - calls.oauth
}

fn print_families(label: &str, calls: &CallCounts, divide_by: f64) {
    let per = |n: u64| n as f64 / divide_by;
    println!(
        "  {label:<34} {:>8.1} Graph calls: profile {:.1}, media list pages {:.1}, post insights {:.1}, account insights {:.1}, comments {:.1}, other {:.1}{}",
        per(graph_calls(calls)),
        per(calls.profile),
        per(calls.media_pages),
        per(calls.media_insights),
        per(calls.account_insights),
        per(calls.comments),
        per(calls.other),
        if calls.oauth > 0 {
            format!(" (+ {} OAuth requests)", calls.oauth)
        } else {
            String::new()
        }
    );
}

// ---------------------------------------------------------------- backfill

/// The account both first-sync runs link: 1,000 posts over ~400 days.
fn thousand_posts() -> AccountSpec {
    AccountSpec {
        seed: 21,
        username: "thousand.posts".into(),
        posts: 1_000,
        commenters: 3_000,
        followers: 48_000,
        posting: Posting::Spread,
    }
}

/// Graph calls per post of a first sync's post insights and comments.
fn per_post(calls: &CallCounts, posts: usize) -> String {
    format!(
        "{:.3} Graph calls per post for insights + comments ({} insights + {} comments, {posts} posts)",
        (calls.media_insights + calls.comments) as f64 / posts as f64,
        calls.media_insights,
        calls.comments
    )
}

async fn backfill(every_image_rejects_shares: bool) {
    let app = spawn_app_with(
        |config| {
            one_account(config, thousand_posts());
            config.every_image_rejects_shares = every_image_rejects_shares;
        },
        TestOptions {
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    let account = &app.sandbox.accounts()[0];
    let recent_commented = account
        .posts
        .iter()
        .filter(|post| post.timestamp >= start() - Duration::days(90) && post.comments_count > 0)
        .count();
    println!(
        "Backfill: @{} with {} posts ({} in the last 90 days with comments), linked through OAuth{}",
        account.profile.username,
        account.posts.len(),
        recent_commented,
        if every_image_rejects_shares {
            "; every image rejects shares"
        } else {
            ""
        }
    );
    let before = app.sandbox.calls();
    let started = Instant::now();
    app.link_account().await;
    let took = started.elapsed();
    let calls = difference(app.sandbox.calls(), before);
    print_families("first sync", &calls, 1.0);
    println!("  {}", per_post(&calls, account.posts.len()));
    println!(
        "  took {:.1} s; throttled calls: {}",
        took.as_secs_f64(),
        calls.throttled
    );
    println!("  {}", shares_kept(&app, account));
    app.stop().await;
}

/// How many images' `shares` the first sync stored, of those the sandbox would have given:
/// what remembering a rejected metric for a day costs in data.
fn shares_kept(app: &TestApp, account: &SandboxAccount) -> String {
    let stored = app
        .state
        .pulse
        .records()
        .posts(&app.account_id_of(&account.profile.user_id))
        .expect("the posts read");
    let given: HashSet<&str> = account
        .posts
        .iter()
        .filter(|post| post.kind == PostKind::Image && !post.rejects_shares)
        .map(|post| post.id.as_str())
        .collect();
    let kept = stored
        .iter()
        .filter(|post| given.contains(post.id.as_str()) && post.metrics.shares.is_some())
        .count();
    let images = account
        .posts
        .iter()
        .filter(|post| post.kind == PostKind::Image)
        .count();
    format!(
        "shares stored for {kept} of the {} images that give it ({images} images)",
        given.len()
    )
}

// ---------------------------------------------------------------- latency

/// Waits for the console chat's first event that `wanted` picks.
async fn wait_for(
    events: &mut tokio::sync::broadcast::Receiver<SyncEvent>,
    wanted: impl Fn(&SyncEvent) -> bool,
) {
    loop {
        match events.recv().await {
            Ok(event) if wanted(&event) => return,
            Ok(SyncEvent::Failed { .. }) => panic!("the first sync failed"),
            Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
            Err(error) => panic!("the events channel closed: {error}"),
        }
    }
}

async fn latency() {
    const LATENCY_MS: u64 = 300;
    let app = spawn_app_with(
        |config| {
            one_account(config, thousand_posts());
            config.latency = std::time::Duration::from_millis(LATENCY_MS);
        },
        TestOptions {
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    let in_flight = app.config().instagram.max_in_flight_per_account;
    let posts = app.sandbox.accounts()[0].posts.len();
    println!(
        "Latency: @{} with {posts} posts, every sandbox answer {LATENCY_MS} ms, at most {in_flight} calls in flight",
        app.sandbox.accounts()[0].profile.username
    );
    let mut events = app.state.events.subscribe();
    let chat = bot::console::console_chat();
    let connect = app.say_in(&chat, "/connect").await;
    let link = pulse_tests::connect_link(&connect).expect("/connect replies with a link");
    bot::browser::follow_link(&link)
        .await
        .expect("the link completes");
    // The callback answered: the chat is told "Linked" and the first sync starts.
    let linked = Instant::now();
    let before = app.sandbox.calls();
    wait_for(&mut events, |event| {
        matches!(event, SyncEvent::Ready { .. })
    })
    .await;
    let ready = linked.elapsed();
    let at_ready = difference(app.sandbox.calls(), before);
    wait_for(&mut events, |event| {
        matches!(event, SyncEvent::Synced { .. })
    })
    .await;
    let synced = linked.elapsed();
    let calls = difference(app.sandbox.calls(), before);
    println!(
        "  Linked → Ready: {:.1} s ({} Graph calls); Linked → fully synced: {:.1} s ({} Graph calls, {:.1} calls/s)",
        ready.as_secs_f64(),
        graph_calls(&at_ready),
        synced.as_secs_f64(),
        graph_calls(&calls),
        graph_calls(&calls) as f64 / synced.as_secs_f64()
    );
    println!("  {}", per_post(&calls, posts));
    app.stop().await;
}

// ---------------------------------------------------------------- steady state

/// The naive sync: the whole media list, then every post's insights. Returns its calls.
async fn naive_run(instagram: &InstagramClient, token: &AccessToken, sandbox: &Sandbox) -> u64 {
    let before = sandbox.calls();
    let posts = instagram.posts(token).await.expect("the media list");
    for post in &posts {
        // Some posts refuse insights (before the business conversion): still a call.
        let _ = instagram.post_insights(token, post).await;
    }
    graph_calls(&difference(sandbox.calls(), before))
}

fn naive_client(sandbox: &Sandbox) -> InstagramClient {
    let mut config = InstagramConfig::new(
        "sandbox-app-id",
        "sandbox-app-secret".to_owned(),
        "http://127.0.0.1:9/oauth/instagram/callback",
    );
    config.graph_url = sandbox.base_url().parse().expect("the sandbox URL");
    config.usage_pause = std::time::Duration::ZERO;
    InstagramClient::new(config).expect("a client")
}

async fn tick_at(app: &TestApp, at: DateTime<Utc>) {
    app.sandbox.set_clock(Some(at));
    app.clock.set(at);
    bot::scheduler::tick(&app.state).await;
}

async fn steady_state() {
    let interval_minutes = FileConfig::default().sync.interval_minutes as i64;
    let spec = AccountSpec {
        seed: 22,
        username: "one.a.day".into(),
        posts: POSTS_AT_START + DAYS as usize + 1,
        commenters: 2_000,
        followers: 20_000,
        posting: Posting::Daily,
    };
    let app = spawn_app_with(
        |config| {
            one_account(config, spec);
            // The data runs to the end of the simulation; the clock reveals it day by day.
            config.today = (start() + Duration::days(DAYS + 1)).date_naive();
        },
        TestOptions {
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    app.sandbox.set_clock(Some(start()));
    let visible = |at: DateTime<Utc>| {
        app.sandbox.accounts()[0]
            .posts
            .iter()
            .filter(|post| post.timestamp <= at)
            .count()
    };
    app.link_account().await;
    let username = app.sandbox.accounts()[0].profile.username.clone();
    let token = AccessToken::new(app.sandbox.issue_token(&username).expect("a token"));
    let naive = naive_client(&app.sandbox);

    let ticks_per_day = 24 * 60 / interval_minutes;
    let measured_from = start() + Duration::days(DAYS - MEASURED_DAYS);
    let mut naive_runs = Vec::new();
    let mut per_day = Vec::new();
    let mut measured = CallCounts::default();
    let started = Instant::now();
    for day in 0..DAYS {
        let day_start = start() + Duration::days(day);
        if day_start == measured_from {
            app.sandbox.set_clock(Some(day_start));
            naive_runs.push((
                visible(day_start),
                naive_run(&naive, &token, &app.sandbox).await,
            ));
        }
        let before = app.sandbox.calls();
        for tick in 1..=ticks_per_day {
            tick_at(&app, day_start + Duration::minutes(tick * interval_minutes)).await;
        }
        let calls = difference(app.sandbox.calls(), before);
        if day_start >= measured_from {
            per_day.push(graph_calls(&calls));
            measured = CallCounts {
                oauth: measured.oauth + calls.oauth,
                profile: measured.profile + calls.profile,
                media_pages: measured.media_pages + calls.media_pages,
                media_insights: measured.media_insights + calls.media_insights,
                account_insights: measured.account_insights + calls.account_insights,
                comments: measured.comments + calls.comments,
                other: measured.other + calls.other,
                throttled: measured.throttled + calls.throttled,
                total: measured.total + calls.total,
            };
        }
    }
    let end = start() + Duration::days(DAYS);
    naive_runs.push((visible(end), naive_run(&naive, &token, &app.sandbox).await));
    let took = started.elapsed();

    // How complete the comments are at the end, on the posts whose comments Pulse keeps.
    let served = &app.sandbox.accounts()[0];
    let recent: std::collections::HashSet<&str> = served
        .posts
        .iter()
        .filter(|post| post.timestamp <= end && post.timestamp >= end - Duration::days(90))
        .map(|post| post.id.as_str())
        .collect();
    let written = served
        .comments
        .iter()
        .filter(|comment| comment.timestamp <= end && recent.contains(comment.media_id.as_str()))
        .count();
    let stored = app
        .state
        .pulse
        .records()
        .comments(&app.account_id_of(&served.profile.user_id))
        .map(|comments| {
            comments
                .iter()
                .filter(|comment| recent.contains(comment.post_id.as_str()))
                .count()
        })
        .unwrap_or(0);
    println!(
        "Steady state: @{username}, {} posts at the start, one more a day; the scheduler ticks every {interval_minutes} min ({ticks_per_day} a day) for {DAYS} simulated days ({:.1} s); days {}–{DAYS} measured",
        visible(start()),
        took.as_secs_f64(),
        DAYS - MEASURED_DAYS + 1
    );
    print_families(
        "Pulse, per day (mean of 7)",
        &measured,
        MEASURED_DAYS as f64,
    );
    println!("  Pulse, each measured day: {per_day:?}");
    println!(
        "  comments on the posts of the last 90 days at the end: {stored} stored of {written} written ({:.1} %)",
        stored as f64 * 100.0 / written.max(1) as f64
    );
    let naive_per_run = naive_runs
        .iter()
        .map(|(_, calls)| *calls as f64)
        .sum::<f64>()
        / naive_runs.len() as f64;
    for (posts, calls) in &naive_runs {
        println!("  naive run with {posts} posts: {calls} Graph calls");
    }
    let pulse_per_day = graph_calls(&measured) as f64 / MEASURED_DAYS as f64;
    for (schedule, runs) in [
        (
            format!("every {interval_minutes} min"),
            ticks_per_day as f64,
        ),
        ("hourly".to_owned(), 24.0),
    ] {
        let naive_per_day = naive_per_run * runs;
        println!(
            "  naive, {schedule} ({runs} runs a day): {naive_per_day:.0} Graph calls a day; Pulse ÷ naive = {:.4} (1/{:.0})",
            pulse_per_day / naive_per_day,
            naive_per_day / pulse_per_day
        );
    }
    app.stop().await;
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.iter().any(|w| w == name);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        if run("backfill") {
            backfill(false).await;
            backfill(true).await;
        }
        if run("latency") {
            latency().await;
        }
        if run("steady") {
            steady_state().await;
        }
    });
}
