//! The stats API under load, in-process: the real router (`bot::api::router`, with its gate:
//! key check, limits, access log) over a real `Pulse` on a `MemoryStore` holding one account
//! with 10,000 posts, 20,000 comments and 400 days of insights. Requests go straight into the
//! router (`tower::ServiceExt::oneshot`), no socket: this measures Pulse, not the loopback.
//!
//! 1. `GET /api/v1/accounts/{account}/overview?period=30d` with limits set out of the way:
//!    requests/s with 8 in flight, and p50/p99 latency.
//! 2. The limits holding: one key sending as fast as it can against the default limits (600
//!    an hour, 60 at once): how many were served, against the burst plus what came back
//!    during the run; and the same from one address without a valid key.
//!
//! ```sh
//! cargo bench -p pulse-tests --bench api     # PULSE_BENCH_REQUESTS=n (5000)
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use bot::app::AppState;
use bot::config::ApiSection;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use engine::account::{AccountId, Network};
use engine::chat::{ChatId, Platform, UserId};
use engine::inbound::{Inbound, Input};
use engine::records::*;
use engine::store::{Batch, MemoryStore, Store};
use engine::vault::{MasterKey, Vault};
use engine::Pulse;
use rand::{Rng, SeedableRng};
use tower::ServiceExt as _;

const POSTS: usize = 10_000;
const COMMENTS: usize = 20_000;
const IN_FLIGHT: usize = 8;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn account_id() -> AccountId {
    AccountId::parse("0000000000000000000000000000a9e1").expect("a valid id")
}

/// One account of 10,000 posts (one every 137 minutes), comments on the newest 2,000, and
/// 400 days of insights, linked to `chat`.
fn seed(store: &dyn Store, chat: &ChatId) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(19);
    let kinds = [
        KindRecord::Image,
        KindRecord::Video,
        KindRecord::Reel,
        KindRecord::Carousel,
    ];
    let mut batch = Batch::new();
    Records::batch_account(
        &mut batch,
        &AccountRecord {
            id: account_id(),
            network: Network::Instagram,
            user_id: "17841400000000019".into(),
            app_scoped_id: "1".into(),
            username: "busy.shop".into(),
            name: None,
            followers_count: 120_000,
            follows_count: 10,
            media_count: POSTS as u64,
            status: AccountStatus::Active,
            linked_at: now(),
            token_issued_at: now(),
            token_expires_at: now() + chrono::Duration::days(60),
            backfill: Backfill::Done { at: now() },
            last_sync_at: Some(now()),
            daily_sync_at: Some(now()),
            sync_not_before: None,
            granted_permissions: None,
            refresh_expires_at: None,
        },
    );
    Records::batch_link(
        &mut batch,
        chat,
        &account_id(),
        &ChatLinkRecord {
            linked_by: "me".into(),
            linked_at: now(),
        },
    );
    let mut posts = Vec::new();
    for i in 0..POSTS {
        let reach = rng.gen_range(500..20_000u64);
        let post = PostRecord {
            id: format!("1790000{i:010}"),
            kind: kinds[i % 4],
            caption: Some(format!("post {i} #clay")),
            permalink: Some(format!("https://www.instagram.com/p/{i}/")),
            published_at: now() - chrono::Duration::minutes(i as i64 * 137 + 60),
            like_count: Some(reach / 20),
            comments_count: Some(10),
            metrics: MetricsRecord {
                views: Some(reach * 2),
                reach: Some(reach),
                likes: Some(reach / 20),
                comments: Some(10),
                saves: Some(rng.gen_range(0..500)),
                shares: Some(rng.gen_range(0..200)),
                total_interactions: None,
                follows: Some(rng.gen_range(0..30)),
                profile_visits: Some(rng.gen_range(0..100)),
            },
            metrics_updated_at: Some(now()),
            metrics_attempted_at: None,
            insights_unavailable: false,
            comments_read: None,
        };
        Records::batch_post(&mut batch, &account_id(), &post);
        posts.push(post);
    }
    for back in 1..=400u64 {
        let day = DailyRecord {
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() - chrono::Days::new(back),
            reach: Some(rng.gen_range(5_000..30_000)),
            views: Some(rng.gen_range(10_000..60_000)),
            likes: Some(rng.gen_range(300..2_000)),
            comments: Some(rng.gen_range(50..500)),
            follower_count: Some(rng.gen_range(0..60)),
            ..Default::default()
        };
        Records::batch_daily(&mut batch, &account_id(), &day);
    }
    let texts = ["love it", "how much?", "do you ship to Canada?", "wow"];
    for i in 0..COMMENTS {
        let post = &posts[i % 2_000];
        let comment = CommentRecord {
            id: format!("1800000{i:010}"),
            post_id: post.id.clone(),
            parent_id: None,
            author_id: Some(format!("fan-{}", i % 3_000)),
            author_username: Some(format!("fan_{}", i % 3_000)),
            text: texts[i % texts.len()].to_owned(),
            published_at: post.published_at + chrono::Duration::minutes((i % 600) as i64),
            like_count: None,
            hidden: false,
        };
        Records::batch_comment(&mut batch, &account_id(), &comment);
    }
    store.apply(&batch).unwrap();
}

/// A Pulse on a memory store with the account, and a key of `chat` made as its
/// administrator would (`/apikey new`).
async fn pulse_with_key(chat: &ChatId) -> (Arc<Pulse>, String) {
    let store = Arc::new(MemoryStore::new());
    seed(store.as_ref(), chat);
    let vault = Vault::new(MasterKey::generate(), Vec::new());
    let instagram = connectors::instagram::InstagramClient::new(
        connectors::instagram::InstagramConfig::new("bench", "bench", "http://pulse.bench"),
    )
    .unwrap();
    let pulse = Pulse::new(
        store,
        vault,
        engine::ports::Ports::read_only_instagram(Arc::new(instagram)),
        engine::pulse::Settings {
            public_url: "http://pulse.bench".into(),
            default_timezone: chrono_tz::UTC,
            sync: engine::sync::SyncPolicy::default(),
            uses_language_model: false,
            comment_retention_days: None,
            default_digest_time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            alert_min_interval: chrono::Duration::seconds(60),
            webhooks_configured: false,
        },
    )
    .with_api_pepper(engine::ApiPepper::new("bench-pepper-of-at-least-32-characters-00").unwrap());
    let inbound = Inbound {
        user_name: "bench".into(),
        chat_title: "bench".into(),
        private: true,
        ..Inbound::new(
            chat.clone(),
            UserId::new(Platform::Console, "me"),
            Input::Text("/apikey new bench stats:read".into()),
        )
    };
    let reply = pulse.handle(&inbound, now()).await.unwrap().to_plain_text();
    let key = reply
        .split_whitespace()
        .find(|word| word.starts_with("pulse_") && word.len() == 53)
        .expect("the key in the reply")
        .to_owned();
    (Arc::new(pulse), key)
}

fn state(pulse: Arc<Pulse>, limits: &ApiSection) -> Arc<AppState> {
    let (events, _) = tokio::sync::broadcast::channel(8);
    Arc::new(AppState {
        pulse,
        outbox: bot::frontend::Outbox::new(),
        tasks: tokio_util::task::TaskTracker::new(),
        shutdown: tokio_util::sync::CancellationToken::new(),
        events,
        clock: Arc::new(now),
        meta_app_secret: secrecy::SecretString::from("bench".to_owned()),
        health: bot::health::Health::new(),
        replays: bot::replays::Replays::new(),
        telegram_login: None,
        discord_login: None,
        metrics: Arc::new(bot::metrics::Metrics::new().unwrap()),
        scrape: bot::metrics::Scrape::new(false, None),
        alerts_wake: Arc::new(tokio::sync::Notify::new()),
        publisher_wake: Arc::new(tokio::sync::Notify::new()),
        revoker_wake: Arc::new(tokio::sync::Notify::new()),
        downloads: bot::app::downloads_client(),
        max_syncs_in_flight: 1,
        api_limits: Arc::new(bot::api::limits::Limits::new(limits)),
        leadership: bot::leadership::Leadership::sole(),
    })
}

fn request(key: Option<&str>) -> Request<Body> {
    let mut request = Request::get("/api/v1/accounts/@busy.shop/overview?period=30d");
    if let Some(key) = key {
        request = request.header("authorization", format!("Bearer {key}"));
    }
    let mut request = request.body(Body::empty()).unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [203, 0, 113, 7],
            40_000,
        ))));
    request
}

/// Sends `total` requests, `IN_FLIGHT` at a time; each one's status and latency.
async fn load(
    router: axum::Router,
    key: Option<&str>,
    total: usize,
) -> (Vec<(u16, Duration)>, Duration) {
    let started = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let workers: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let (router, next, key) = (router.clone(), next.clone(), key.map(str::to_owned));
            tokio::spawn(async move {
                let mut seen = Vec::new();
                while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < total {
                    let at = Instant::now();
                    let response = router
                        .clone()
                        .oneshot(request(key.as_deref()))
                        .await
                        .unwrap();
                    let status = response.status().as_u16();
                    axum::body::to_bytes(response.into_body(), usize::MAX)
                        .await
                        .unwrap();
                    seen.push((status, at.elapsed()));
                }
                seen
            })
        })
        .collect();
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.unwrap());
    }
    (all, started.elapsed())
}

fn at(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let total: usize = std::env::var("PULSE_BENCH_REQUESTS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(5_000);
        let chat = ChatId::new(Platform::Console, "bench");
        let (pulse, key) = pulse_with_key(&chat).await;

        // 1. Throughput and latency, limits out of the way.
        let open = ApiSection {
            requests_per_hour: 3_600_000,
            burst: 1_000_000,
            unauthenticated_requests_per_minute: 60_000,
        };
        let router = bot::api::router(state(pulse.clone(), &open));
        load(router.clone(), Some(&key), 50).await; // the answer cache, warm
        let (seen, took) = load(router, Some(&key), total).await;
        assert!(seen.iter().all(|(status, _)| *status == 200));
        let mut latencies: Vec<Duration> = seen.iter().map(|(_, took)| *took).collect();
        latencies.sort();
        println!(
            "overview, {POSTS} posts, {total} requests, {IN_FLIGHT} in flight: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (each logged: {} log entries)",
            total as f64 / took.as_secs_f64(),
            at(&latencies, 0.5).as_secs_f64() * 1e3,
            at(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies.last().unwrap().as_secs_f64() * 1e3,
            pulse.records().api_access_log(&key[6..14]).unwrap().len(),
        );

        // The same figures from the engine alone, one at a time: what the HTTP layer adds.
        let mut alone: Vec<Duration> = (0..200)
            .map(|_| {
                let at = Instant::now();
                let view = pulse
                    .api_overview(&chat, "@busy.shop", engine::period::Period::LastDays(30), now())
                    .unwrap();
                std::hint::black_box(view);
                at.elapsed()
            })
            .collect();
        alone.sort();
        println!(
            "the same overview from Pulse::api_overview alone, one at a time: p50 {:.2} ms, p99 {:.2} ms",
            at(&alone, 0.5).as_secs_f64() * 1e3,
            at(&alone, 0.99).as_secs_f64() * 1e3,
        );

        // 2. The default limits under the same load, from a fresh allowance.
        let limits = ApiSection::default();
        let router = bot::api::router(state(pulse.clone(), &limits));
        for (who, key) in [("one key", Some(key.as_str())), ("no key, one address", None)] {
            let (seen, took) = load(router.clone(), key, total).await;
            let served = seen.iter().filter(|(status, _)| matches!(status, 200 | 401)).count();
            let refused = seen.iter().filter(|(status, _)| *status == 429).count();
            let (burst, per_second) = match key {
                Some(_) => (limits.burst, f64::from(limits.requests_per_hour) / 3600.0),
                None => (
                    limits.unauthenticated_requests_per_minute,
                    f64::from(limits.unauthenticated_requests_per_minute) / 60.0,
                ),
            };
            let allowed = f64::from(burst) + (took.as_secs_f64() * per_second).floor();
            let mut latencies: Vec<Duration> = seen
                .iter()
                .filter(|(status, _)| *status == 429)
                .map(|(_, took)| *took)
                .collect();
            latencies.sort();
            println!(
                "limits ({}/h, burst {}; {}/min without a key), {who}: {served} served, {refused} × 429 of {total} in {:.2} s (allowed at most {allowed:.0}); {:.0} requests/s; 429 p50 {:.3} ms, p99 {:.3} ms",
                limits.requests_per_hour,
                limits.burst,
                limits.unauthenticated_requests_per_minute,
                took.as_secs_f64(),
                total as f64 / took.as_secs_f64(),
                at(&latencies, 0.5).as_secs_f64() * 1e3,
                at(&latencies, 0.99).as_secs_f64() * 1e3,
            );
            assert!(served as f64 <= allowed, "the limit held");
        }
    });
}
