//! `Pulse::handle("/ask …")` on the 10,000-post account of `engine/benches/questions.rs`
//! (10,000 posts, 200,000 comments, 400 days of insights, 30 days of online hours; the same
//! seeded data and the same 22 questions, copied from there: the engine has no PostgreSQL),
//! kept in sled and in PostgreSQL in the same run, with the answer cache warm and without
//! it (`store.answer_cache_records = 0`: every question reads the account from the store).
//!
//! ```sh
//! cargo bench -p pulse-tests --bench questions      # PULSE_BENCH_ROUNDS=n (10)
//! PULSE_BENCH_BACKENDS=postgres cargo bench -p pulse-tests --bench questions
//! ```
//!
//! Both stores raw (no sealing), as the engine bench keeps them; PostgreSQL is the private
//! cluster of `connectors::postgres::cluster` (127.0.0.1 over TCP, `fsync` off).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use connectors::postgres::cluster::Cluster;
use connectors::postgres::PgStore;
use engine::account::{AccountId, Network};
use engine::chat::{ChatId, Platform, UserId};
use engine::inbound::{Inbound, Input};
use engine::ports::{NotInstagram, Ports};
use engine::pulse::Settings;
use engine::records::*;
use engine::store::{Batch, SledStore, Store};
use engine::sync::SyncPolicy;
use engine::vault::{MasterKey, Vault};
use engine::Pulse;
use rand::{Rng, SeedableRng};

const POSTS: usize = 10_000;
const COMMENTS: usize = 200_000;
const ACCOUNT: &str = "17841400000000001";

/// Pulse's id of the account [`ACCOUNT`] is on Instagram.
fn account_id() -> AccountId {
    AccountId::parse("0000000000000000000000000000b1e5").expect("a valid id")
}

/// The questions asked, round robin: the kinds of `qa/questions.md`.
const QUESTIONS: &[&str] = &[
    "Which post got the most saves in the last 30 days?",
    "Top 5 posts by reach this month",
    "What was my best reel last week?",
    "How many followers did I gain in the last 7 days?",
    "What's my engagement rate this month?",
    "Compare my engagement rate this month to last month",
    "What's the best time to post?",
    "Who comments the most?",
    "Any potential buyers in the comments this week?",
    "How many comments did I get yesterday?",
    "Do reels or carousels perform better?",
    "What's my average likes per post in the last 90 days?",
    "Which post had the most comments ever?",
    "How many views did my reels get last month?",
    "Which hashtags work best?",
    "What day of the week gets the most engagement?",
    "What are people saying about my latest post?",
    "How often do I post?",
    "Is my reach trending up or down?",
    "What should I post next?",
    "Summarize my last 7 days",
    "asdf qwer",
];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

struct Data {
    account: AccountRecord,
    posts: Vec<PostRecord>,
    daily: Vec<DailyRecord>,
    snapshots: Vec<FollowerSnapshotRecord>,
    online: Vec<OnlineFollowersRecord>,
    comments: Vec<CommentRecord>,
}

fn generate() -> Data {
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let kinds = [
        KindRecord::Image,
        KindRecord::Video,
        KindRecord::Reel,
        KindRecord::Carousel,
    ];
    let tags = [
        "#clay",
        "#studio",
        "#handmade",
        "#glaze",
        "#pottery",
        "#ceramics",
        "#shop",
        "#new",
    ];
    let posts: Vec<PostRecord> = (0..POSTS)
        .map(|i| {
            let published = now() - chrono::Duration::minutes(i as i64 * 137 + 60);
            let reach = rng.gen_range(500..20_000u64);
            PostRecord {
                id: format!("1790000{i:010}"),
                kind: kinds[i % 4],
                caption: Some(format!("post {i} {} {}", tags[i % 8], tags[(i / 8) % 8])),
                permalink: Some(format!("https://www.instagram.com/p/{i}/")),
                published_at: published,
                like_count: Some(reach / 20),
                comments_count: Some(20),
                metrics: MetricsRecord {
                    views: Some(reach * 2),
                    reach: Some(reach),
                    likes: Some(reach / 20),
                    comments: Some(20),
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
            }
        })
        .collect();
    let daily: Vec<DailyRecord> = (1..=400u64)
        .map(|back| DailyRecord {
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() - chrono::Days::new(back),
            reach: Some(rng.gen_range(5_000..30_000)),
            views: Some(rng.gen_range(10_000..60_000)),
            likes: Some(rng.gen_range(300..2_000)),
            comments: Some(rng.gen_range(50..500)),
            shares: Some(rng.gen_range(10..200)),
            saves: Some(rng.gen_range(20..400)),
            follower_count: Some(rng.gen_range(0..60)),
            ..Default::default()
        })
        .collect();
    let texts = [
        "love it",
        "how much?",
        "so good 🔥",
        "do you ship to Canada?",
        "beautiful",
        "DM me",
        "wow",
    ];
    let mut comments: Vec<CommentRecord> = (0..COMMENTS)
        .map(|i| {
            let post = &posts[i % 2_000];
            CommentRecord {
                id: format!("1800000{i:010}"),
                post_id: post.id.clone(),
                parent_id: None,
                author_id: Some(format!("fan-{}", i % 5_000)),
                author_username: Some(format!("fan_{}", i % 5_000)),
                text: texts[i % texts.len()].to_owned(),
                published_at: post.published_at + chrono::Duration::minutes((i % 600) as i64),
                like_count: None,
                hidden: false,
            }
        })
        .collect();
    // As Records::comments_by_time loads them for AnswerData.
    comments.sort_by_key(|c| c.published_at);
    let account = AccountRecord {
        id: account_id(),
        network: Network::Instagram,
        user_id: ACCOUNT.into(),
        app_scoped_id: "1".into(),
        username: "big.shop".into(),
        name: None,
        followers_count: 250_000,
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
    };
    let snapshots = vec![FollowerSnapshotRecord {
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        followers: 250_000,
        taken_at: now(),
    }];
    let online = (0..30u64)
        .map(|back| OnlineFollowersRecord {
            date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap() - chrono::Days::new(back),
            by_hour: (0..24u8).map(|h| (h, 1_000 + u64::from(h) * 50)).collect(),
        })
        .collect();
    Data {
        account,
        posts,
        daily,
        snapshots,
        online,
        comments,
    }
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99), *samples.last().unwrap())
}

fn report(level: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let (p50, p99, max) = percentiles(samples);
    println!(
        "{level:<58} n={n:<5} p50={:>9.3} ms  p99={:>9.3} ms  max={:>9.3} ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

/// `/ask question` from the bench chat.
fn ask(chat: &ChatId, question: &str) -> Inbound {
    Inbound {
        user_name: "bench".into(),
        chat_title: "bench".into(),
        private: true,
        ..Inbound::new(
            chat.clone(),
            UserId::new(Platform::Console, "me"),
            Input::Text(format!("/ask {question}")),
        )
    }
}

fn fill(store: &dyn Store, data: &Data, chat: &ChatId, vault: &Vault) {
    let mut batch = Batch::new();
    Records::batch_account(&mut batch, &data.account);
    batch.put(
        engine::store::Tree::Tokens,
        account_id().as_bytes().to_vec(),
        vault.seal(
            account_id().as_str(),
            "instagram_access_token",
            b"IGAA-bench",
        ),
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
    for post in &data.posts {
        Records::batch_post(&mut batch, &account_id(), post);
    }
    for day in &data.daily {
        Records::batch_daily(&mut batch, &account_id(), day);
    }
    for snapshot in &data.snapshots {
        Records::batch_follower_snapshot(&mut batch, &account_id(), snapshot);
    }
    for day in &data.online {
        Records::batch_online_followers(&mut batch, &account_id(), day);
    }
    store.apply(&batch).unwrap();
    for chunk in data.comments.chunks(10_000) {
        let mut batch = Batch::new();
        for comment in chunk {
            Records::batch_comment(&mut batch, &account_id(), comment);
        }
        store.apply(&batch).unwrap();
    }
}

/// Which backends to measure: `PULSE_BENCH_BACKENDS` (`sled,postgres`, the default).
fn backends() -> Vec<&'static str> {
    let wanted = std::env::var("PULSE_BENCH_BACKENDS").unwrap_or_default();
    ["sled", "postgres"]
        .into_iter()
        .filter(|b| wanted.trim().is_empty() || wanted.split(',').any(|w| w.trim() == *b))
        .collect()
}

fn main() {
    let data = generate();
    let rounds = std::env::var("PULSE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10usize);
    println!(
        "Questions through Pulse::handle on one account: {POSTS} posts, {COMMENTS} comments, {} days of insights; {} questions × {rounds} rounds (cached; the first round apart), × {} rounds without the cache",
        data.daily.len(),
        QUESTIONS.len(),
        rounds.min(3)
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let directory = tempfile::tempdir().unwrap();
    for backend in backends() {
        let store: Arc<dyn Store> = match backend {
            "sled" => Arc::new(SledStore::open(directory.path(), 256 << 20).unwrap()),
            _ => {
                let settings = Cluster::shared()
                    .database("questions")
                    .unwrap_or_else(|error| panic!("{error}"));
                Arc::new(PgStore::open(&settings).unwrap())
            }
        };
        let chat = ChatId::new(Platform::Console, "bench");
        let vault = Vault::new(MasterKey::generate(), Vec::new());
        let filling = Instant::now();
        fill(store.as_ref(), &data, &chat, &vault);
        store.flush().unwrap();
        println!(
            "  {backend}: the account written in {:.1} s",
            filling.elapsed().as_secs_f64()
        );
        for cache in [true, false] {
            let pulse = Pulse::new(
                Arc::clone(&store),
                vault.clone(),
                Ports::read_only_instagram(Arc::new(NotInstagram)),
                Settings {
                    public_url: "http://bench".into(),
                    default_timezone: chrono_tz::UTC,
                    sync: SyncPolicy::default(),
                    uses_language_model: false,
                    comment_retention_days: None,
                    default_digest_time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                    alert_min_interval: chrono::Duration::seconds(60),
                    webhooks_configured: true,
                },
            );
            let pulse = if cache {
                pulse
            } else {
                pulse.with_answer_cache(0)
            };
            let mut samples = Vec::new();
            let mut first_round = Vec::new();
            let rounds = if cache { rounds } else { rounds.min(3) };
            for round in 0..rounds {
                for question in QUESTIONS {
                    let message = ask(&chat, question);
                    let start = Instant::now();
                    let reply = runtime.block_on(pulse.handle(&message, now())).unwrap();
                    if cache && round == 0 {
                        first_round.push(start.elapsed());
                    } else {
                        samples.push(start.elapsed());
                    }
                    std::hint::black_box(reply);
                }
            }
            if cache {
                report(
                    &format!("Pulse::handle, {backend}, cached, later rounds"),
                    samples,
                );
                let first = first_round.iter().max().copied().unwrap_or_default();
                println!(
                    "    first round (reads the account): slowest {:.1} ms, total {:.1} ms",
                    first.as_secs_f64() * 1e3,
                    first_round.iter().sum::<Duration>().as_secs_f64() * 1e3
                );
            } else {
                report(&format!("Pulse::handle, {backend}, no cache"), samples);
            }
        }
    }
}
