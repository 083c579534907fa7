//! Parse + answer time of plain-language questions on a large account: 10,000 posts and
//! 200,000 comments, seeded and repeatable. Run with
//! `cargo bench -p engine --bench questions`; prints p50/p99 per level.
//!
//! Level 1 times `question::parse` + `question::answer::answer` over records already in
//! memory. Level 2 times `Pulse::handle` end to end (a `MemoryStore` and a `SledStore`):
//! with the answer cache as the bot runs it (the first question reads the account, the
//! later ones find it decoded; the first round is reported apart), and without it, reading
//! the store on every question. `PULSE_BENCH_ROUNDS=n` sets the rounds (10);
//! `PULSE_BENCH_LEVEL=1` stops after level 1.
//!
//! Level 3 (with the cache, after level 2's rounds): steady-state scheduled syncs
//! (`Pulse::sync_account` every 15 simulated minutes; each finds one new post with three
//! comments and reads its insights and comments, and the stored posts' insights on the
//! ladder), each followed by one question, timed: the first question after a sync.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use engine::account::{AccountId, Network};
use engine::chat::{ChatId, Platform, UserId};
use engine::inbound::{Inbound, Input};
use engine::instagram::*;
use engine::pulse::Settings;
use engine::question::answer::{answer, AnswerData};
use engine::records::*;
use engine::store::{Batch, MemoryStore, SledStore, Store};
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

/// Follow-ups, each after the question it follows: the previous query refined.
const FOLLOW_UPS: &[(&str, &str)] = &[
    ("Top 5 posts by reach this month", "and last month?"),
    (
        "How many views did my reels get last month?",
        "only carousels",
    ),
    (
        "Which post got the most saves in the last 30 days?",
        "same but by shares",
    ),
    (
        "What's my engagement rate this month?",
        "is that better than in September?",
    ),
    ("What was my best reel last week?", "ok and the worst one?"),
    (
        "How many comments did I get yesterday?",
        "what about the day before",
    ),
];

/// Questions Pulse asks back about, or cannot see.
const CLARIFY_OR_OUTSIDE: &[&str] = &[
    "how did the giveaway post do?",
    "how many did I get?",
    "how many followers does @rival have?",
    "what was my tiktok engagement last week",
    "who unfollowed me this week?",
    "how much did I make from the shop this month?",
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

/// Instagram as a scheduled sync of the bench account sees it: the posts published since the
/// bench began (the stored ones are not listed again), their insights, and three comments on
/// each new post; once a day the profile and the daily data. No token call is made.
#[derive(Default)]
struct SteadyInstagram {
    listed: std::sync::Mutex<Vec<Post>>,
}

fn not_called<T>() -> Result<T, SourceError> {
    Err(SourceError::Transient {
        reason: "bench".into(),
    })
}

#[async_trait]

impl InstagramLogin for SteadyInstagram {
    fn authorize_url(&self, _: &str) -> String {
        String::new()
    }
    async fn exchange_code(&self, _: &str) -> Result<ShortLivedToken, SourceError> {
        not_called()
    }
    async fn long_lived_token(&self, _: &AccessToken) -> Result<LongLivedToken, SourceError> {
        not_called()
    }
    async fn refresh_token(&self, _: &AccessToken) -> Result<LongLivedToken, SourceError> {
        not_called()
    }
}

#[async_trait]
impl Instagram for SteadyInstagram {
    async fn profile(&self, _: &AccessToken) -> Result<Profile, SourceError> {
        Ok(Profile {
            user_id: ACCOUNT.into(),
            app_scoped_id: "1".into(),
            username: "big.shop".into(),
            name: None,
            account_type: Some("BUSINESS".into()),
            followers_count: 250_100,
            follows_count: 10,
            media_count: POSTS as u64,
        })
    }
    async fn posts(&self, _: &AccessToken) -> Result<Vec<Post>, SourceError> {
        Ok(Vec::new())
    }
    async fn posts_since(
        &self,
        _: &AccessToken,
        since: DateTime<Utc>,
    ) -> Result<Vec<Post>, SourceError> {
        let listed = self.listed.lock().unwrap();
        Ok(listed
            .iter()
            .filter(|post| post.published_at >= since)
            .cloned()
            .collect())
    }
    async fn post_insights(
        &self,
        _: &AccessToken,
        post: &Post,
    ) -> Result<PostMetrics, SourceError> {
        Ok(PostMetrics {
            views: Some(900),
            reach: Some(400),
            likes: post.like_count,
            comments: post.comments_count,
            saves: Some(3),
            shares: Some(1),
            ..PostMetrics::default()
        })
    }
    async fn daily_insights(
        &self,
        _: &AccessToken,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<DailyInsights>, SourceError> {
        Ok(first
            .iter_days()
            .take_while(|day| *day <= last)
            .map(|date| DailyInsights {
                date,
                reach: Some(12_000),
                views: Some(30_000),
                likes: Some(900),
                comments: Some(200),
                follower_count: Some(40),
                ..DailyInsights::default()
            })
            .collect())
    }
    async fn online_followers(&self, _: &AccessToken) -> Result<Vec<OnlineFollowers>, SourceError> {
        Ok(Vec::new())
    }
    async fn demographics(&self, _: &AccessToken) -> Result<Demographics, SourceError> {
        Ok(Demographics::default())
    }
    async fn comments(&self, _: &AccessToken, post_id: &str) -> Result<Vec<Comment>, SourceError> {
        let listed = self.listed.lock().unwrap();
        let Some(post) = listed.iter().find(|post| post.id == post_id) else {
            return Ok(Vec::new());
        };
        Ok((0..post.comments_count.unwrap_or(0))
            .map(|n| Comment {
                id: format!("{post_id}-c{n}"),
                post_id: post_id.to_owned(),
                parent_id: None,
                author_id: Some(format!("fan-{n}")),
                author_username: Some(format!("fan_{n}")),
                text: "how much is shipping?".into(),
                published_at: post.published_at + chrono::Duration::minutes(n as i64 + 1),
                like_count: None,
                hidden: false,
            })
            .collect())
    }
}

impl SteadyInstagram {
    /// A post published at `at`, with three comments.
    fn publish(&self, n: usize, at: DateTime<Utc>) {
        self.listed.lock().unwrap().push(Post {
            id: format!("1799999{n:010}"),
            kind: MediaKind::Reel,
            caption: Some(format!("new post {n} #clay")),
            permalink: Some(format!("https://www.instagram.com/p/new{n}/")),
            published_at: at,
            like_count: Some(40),
            comments_count: Some(3),
            listed_comments: None,
        });
    }
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

/// Level 0: `question::parse` alone, many rounds (it takes microseconds): the questions of
/// level 1, follow-ups, questions asked back about or refused, and every question of the
/// dev corpus (with the question before it, for its follow-ups).
fn parse_only() {
    use engine::question::{parse, Parsed};
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let time = |question: &str, previous: Option<&engine::question::Query>| {
        let start = Instant::now();
        let parsed = parse(question, previous, today, chrono_tz::UTC);
        let took = start.elapsed();
        std::hint::black_box(parsed);
        took
    };
    let previous_of = |question: &str| match parse(question, None, today, chrono_tz::UTC) {
        Parsed::Understood { queries, .. } => queries.last().cloned(),
        _ => None,
    };

    let mut samples = Vec::new();
    for _ in 0..2_000 {
        for question in QUESTIONS {
            samples.push(time(question, None));
        }
    }
    report("parse only", samples);

    let follow_ups: Vec<_> = FOLLOW_UPS
        .iter()
        .map(|(before, question)| (previous_of(before), *question))
        .collect();
    assert!(follow_ups.iter().all(|(previous, _)| previous.is_some()));
    let mut samples = Vec::new();
    for _ in 0..2_000 {
        for (previous, question) in &follow_ups {
            samples.push(time(question, previous.as_ref()));
        }
    }
    report("parse only, follow-ups", samples);

    let mut samples = Vec::new();
    for _ in 0..2_000 {
        for question in CLARIFY_OR_OUTSIDE {
            samples.push(time(question, None));
        }
    }
    report("parse only, asked back or cannot see", samples);

    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/dev");
    let mut corpus = Vec::new();
    for entry in std::fs::read_dir(directory).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for row in engine::question::corpus::rows(&text).unwrap() {
            let previous = row.context.as_deref().and_then(previous_of);
            corpus.push((previous, row.question));
        }
    }
    let mut samples = Vec::new();
    for _ in 0..50 {
        for (previous, question) in &corpus {
            samples.push(time(question, previous.as_ref()));
        }
    }
    report(
        &format!("parse only, dev corpus ({} questions)", corpus.len()),
        samples,
    );

    // The longest messages a chat lets through (Telegram's 4,096 characters), in the shapes
    // that once cost their length cubed or squared: many short sentences, one figure named
    // many times, many clauses of nothing before a question, many short clauses joined.
    let long_messages = [
        "Hi. ".repeat(1_024),
        "reach, ".repeat(585),
        "what were my likes last week and ".repeat(124),
        format!("{}how many likes?", "a, ".repeat(1_360)),
        // (Every clause once asked whether it told a story, reading the whole message: 2.3 s.)
        format!("{}?", "a and b, ".repeat(455)),
    ];
    let mut samples = Vec::new();
    for _ in 0..5 {
        for question in &long_messages {
            samples.push(time(question, None));
        }
    }
    report("parse only, 4,096-character messages", samples);
}

fn main() {
    parse_only();
    if std::env::var("PULSE_BENCH_LEVEL").is_ok_and(|level| level == "0") {
        return;
    }
    let data = generate();
    let rounds = std::env::var("PULSE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10usize);
    println!("Questions on one account: {POSTS} posts, {COMMENTS} comments, {} days of insights; {} questions × {rounds} rounds", data.daily.len(), QUESTIONS.len());

    // Level 1: parse + answer over records in memory.
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let view = AnswerData {
        account: &data.account,
        posts: &data.posts,
        daily: &data.daily,
        snapshots: &data.snapshots,
        online: &data.online,
        demographics: None,
        comments: &data.comments,
        timezone: chrono_tz::UTC,
        today,
    };
    let mut samples = Vec::new();
    let mut by_question = vec![Vec::new(); QUESTIONS.len()];
    for _ in 0..rounds {
        for (index, question) in QUESTIONS.iter().enumerate() {
            let start = Instant::now();
            let reply = match engine::question::parse(question, None, today, chrono_tz::UTC) {
                engine::question::Parsed::Understood { queries, .. } => answer(&queries[0], &view),
                _ => engine::question::answer::not_understood(&engine::question::NotUnderstood {
                    off_topic: true,
                }),
            };
            let took = start.elapsed();
            samples.push(took);
            by_question[index].push(took);
            std::hint::black_box(reply);
        }
    }
    report("parse + answer, records in memory", samples);
    let mut slowest: Vec<(Duration, &str)> = by_question
        .into_iter()
        .zip(QUESTIONS)
        .map(|(samples, question)| (percentiles(samples).0, *question))
        .collect();
    slowest.sort_by_key(|(p50, _)| std::cmp::Reverse(*p50));
    for (p50, question) in slowest.iter().take(4) {
        println!(
            "    slowest: p50={:>9.3} ms  {question}",
            p50.as_secs_f64() * 1e3
        );
    }

    if std::env::var("PULSE_BENCH_LEVEL").is_ok_and(|level| level == "1") {
        return;
    }

    // Level 2: Pulse::handle, with and without the answer cache.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let directory = tempfile::tempdir().unwrap();
    let stores: Vec<(&str, Arc<dyn Store>)> = vec![
        ("Pulse::handle, MemoryStore", Arc::new(MemoryStore::new())),
        (
            "Pulse::handle, SledStore",
            Arc::new(SledStore::open(directory.path(), 256 << 20).unwrap()),
        ),
    ];
    for (name, store) in stores {
        let chat = ChatId::new(Platform::Console, "bench");
        let vault = Vault::new(MasterKey::generate(), Vec::new());
        fill(store.as_ref(), &data, &chat, &vault);
        for cache in [true, false] {
            let instagram = Arc::new(SteadyInstagram::default());
            let pulse = Pulse::new(
                Arc::clone(&store),
                vault.clone(),
                engine::ports::Ports::read_only_instagram(instagram.clone()),
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
            let mut slowest_later: Vec<(Duration, &str)> = Vec::new();
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
                        slowest_later.push((start.elapsed(), *question));
                    }
                    std::hint::black_box(reply);
                }
            }
            if cache {
                // A follow-up reads the conversation kept in the store; a question asked
                // back about is answered without reading the account.
                let timed = |text: &str| {
                    let message = ask(&chat, text);
                    let start = Instant::now();
                    let reply = runtime.block_on(pulse.handle(&message, now())).unwrap();
                    std::hint::black_box(reply);
                    start.elapsed()
                };
                let mut follow_up_samples = Vec::new();
                let mut clarify_samples = Vec::new();
                for _ in 0..rounds {
                    for (before, question) in FOLLOW_UPS {
                        timed(before);
                        follow_up_samples.push(timed(question));
                    }
                    for question in CLARIFY_OR_OUTSIDE {
                        clarify_samples.push(timed(question));
                    }
                }
                report(&format!("{name}, cached, follow-ups"), follow_up_samples);
                report(
                    &format!("{name}, asked back or cannot see"),
                    clarify_samples,
                );
                let first = first_round.iter().max().copied().unwrap_or_default();
                report(&format!("{name}, cached, later rounds"), samples);
                slowest_later.sort_by_key(|(took, _)| std::cmp::Reverse(*took));
                for (took, question) in slowest_later.iter().take(3) {
                    println!(
                        "    slowest: {:>9.3} ms  {question}",
                        took.as_secs_f64() * 1e3
                    );
                }
                println!(
                    "    first round (reads the account): slowest {:.1} ms, total {:.1} ms",
                    first.as_secs_f64() * 1e3,
                    first_round.iter().sum::<Duration>().as_secs_f64() * 1e3
                );
                // Level 3: a steady-state sync every 15 minutes, then the first question.
                let mut after_sync = Vec::new();
                let mut sync_took = Vec::new();
                for (n, question) in QUESTIONS
                    .iter()
                    .cycle()
                    .take(rounds * QUESTIONS.len())
                    .enumerate()
                {
                    let at = now() + chrono::Duration::minutes(15 * (n as i64 + 1));
                    instagram.publish(n, at - chrono::Duration::minutes(5));
                    let start = Instant::now();
                    let outcome = runtime
                        .block_on(pulse.sync_account(&account_id(), at))
                        .unwrap();
                    sync_took.push(start.elapsed());
                    assert!(
                        matches!(outcome, engine::pulse::SyncOutcome::Synced { report, .. } if report.new_posts == 1),
                        "{outcome:?}"
                    );
                    let message = ask(&chat, question);
                    let start = Instant::now();
                    let reply = runtime.block_on(pulse.handle(&message, at)).unwrap();
                    after_sync.push(start.elapsed());
                    std::hint::black_box(reply);
                }
                report(&format!("{name}, steady-state sync"), sync_took);
                report(
                    &format!("{name}, first question after each sync"),
                    after_sync,
                );
            } else {
                report(&format!("{name}, no cache"), samples);
            }
        }
    }
}
