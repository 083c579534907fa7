//! Scale benchmarks: the store's throughput with and without sealing, the memory of a
//! running Pulse with 0, 1,000 and 10,000 linked accounts, and its start-up time.
//!
//! ```sh
//! cargo bench -p pulse-tests --bench scale            # everything
//! cargo bench -p pulse-tests --bench scale -- store   # or: memory, startup
//! ```
//!
//! Seeded and repeatable: the data is generated from fixed seeds. Memory and start-up are
//! measured in a child process (this binary again, with `--child`), so the numbers are those
//! of a Pulse process alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bot::app::{open_sealed, open_store, App, AppOptions};
use bot::config::{FileConfig, Secrets};
use chrono::{DateTime, TimeZone, Utc};
use engine::account::{AccountId, Network};
use engine::chat::{ChatId, Platform};
use engine::data_keys::{DataKeys, MemoryKeyring};
use engine::records::*;
use engine::store::{Batch, SealedStore, SledStore, Store};
use engine::vault::{MasterKey, Vault};
use rand::{Rng, SeedableRng};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn post(rng: &mut impl Rng, account: usize, index: usize) -> PostRecord {
    let reach = rng.gen_range(500..20_000u64);
    PostRecord {
        id: format!("179{account:07}{index:07}"),
        kind: KindRecord::Reel,
        caption: Some(format!(
            "Glaze test {index} for the spring collection 🏺 #ceramics #handmade #studio {}",
            rng.gen::<u32>()
        )),
        permalink: Some(format!(
            "https://www.instagram.com/reel/C{account}x{index}/"
        )),
        published_at: now() - chrono::Duration::hours(index as i64 * 7),
        like_count: Some(reach / 20),
        comments_count: Some(12),
        metrics: MetricsRecord {
            views: Some(reach * 3),
            reach: Some(reach),
            likes: Some(reach / 20),
            comments: Some(12),
            saves: Some(rng.gen_range(0..300)),
            shares: Some(rng.gen_range(0..100)),
            ..Default::default()
        },
        metrics_updated_at: Some(now()),
        metrics_attempted_at: None,
        insights_unavailable: false,
        comments_read: None,
    }
}

fn account(index: usize) -> AccountRecord {
    AccountRecord {
        id: AccountId::parse(&format!("{index:032x}")).expect("a valid id"),
        network: Network::Instagram,
        user_id: format!("1784140{index:010}"),
        app_scoped_id: format!("2764{index:016}"),
        username: format!("shop.number.{index}"),
        name: Some(format!("Shop {index}")),
        followers_count: 12_400,
        follows_count: 80,
        media_count: 320,
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
    }
}

fn rate(count: usize, took: Duration) -> f64 {
    count as f64 / took.as_secs_f64()
}

// ---------------------------------------------------------------- store

fn store_throughput() {
    const ACCOUNTS: usize = 50;
    const POSTS: usize = 1_000;
    let mut rng = rand::rngs::StdRng::seed_from_u64(8);
    let posts: Vec<(AccountId, PostRecord)> = (0..ACCOUNTS)
        .flat_map(|a| (0..POSTS).map(move |p| (a, p)))
        .map(|(a, p)| (account(a).id, post(&mut rng, a, p)))
        .collect();
    let total = posts.len();
    println!("Store: {total} post records ({ACCOUNTS} accounts × {POSTS}), batches of 1,000, then every account's posts read back");
    let mut results = Vec::new();
    for sealed in [false, true] {
        let directory = tempfile::tempdir().unwrap();
        let sled = Arc::new(SledStore::open(directory.path(), 64 << 20).unwrap());
        let store: Arc<dyn Store> = if sealed {
            let keys = DataKeys::open(
                Vault::new(MasterKey::generate(), Vec::new()),
                Arc::new(MemoryKeyring::new()),
            )
            .unwrap();
            Arc::new(SealedStore::new(sled.clone(), Arc::new(keys)))
        } else {
            sled.clone()
        };
        let records = Records::new(store.as_ref());
        let start = Instant::now();
        for chunk in posts.chunks(1_000) {
            let mut batch = Batch::new();
            for (account, post) in chunk {
                Records::batch_post(&mut batch, account, post);
            }
            store.apply(&batch).unwrap();
        }
        store.flush().unwrap();
        let wrote = start.elapsed();
        let start = Instant::now();
        let mut read = 0;
        for a in 0..ACCOUNTS {
            read += records.posts(&account(a).id).unwrap().len();
        }
        let took = start.elapsed();
        assert_eq!(read, total);
        let name = if sealed {
            "Pulse's store (sled + sealing)"
        } else {
            "raw sled"
        };
        println!(
            "  {name:<32} write {:>9.0} records/s   read {:>9.0} records/s",
            rate(total, wrote),
            rate(total, took)
        );
        results.push((rate(total, wrote), rate(total, took)));
    }
    println!(
        "  sealed ÷ raw: write {:.2}, read {:.2}",
        results[1].0 / results[0].0,
        results[1].1 / results[0].1
    );
}

// ---------------------------------------------------------------- memory and start-up

fn file_config(directory: &Path) -> FileConfig {
    let mut file = FileConfig::default();
    file.store.path = directory.join("pulse.sled");
    file.http.bind = "127.0.0.1:0".into();
    file.instagram.app_id = "1234567890".into();
    // Nothing is called: the schedulers are off. An address that refuses, to be safe.
    file.instagram.authorize_url = "http://127.0.0.1:9/oauth/authorize".into();
    file.instagram.token_url = "http://127.0.0.1:9/oauth/access_token".into();
    file.instagram.graph_url = "http://127.0.0.1:9".into();
    file
}

/// Writes `accounts` linked accounts, each with a token, a chat and 20 posts.
fn seed(directory: &Path, master_key: &str, accounts: usize) {
    let file = file_config(directory);
    let vault = Vault::new(MasterKey::from_base64(master_key).unwrap(), Vec::new());
    let sled = bot::database::Database::Sled(Arc::new(
        open_store(&file.store.path, file.store.cache_mb).unwrap(),
    ));
    let store = open_sealed(&sled, &file, vault.clone()).unwrap();
    let ids: Vec<String> = (0..accounts).map(|a| account(a).id.to_string()).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    store.keys().ensure(&id_refs).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    for chunk in (0..accounts).collect::<Vec<_>>().chunks(200) {
        let mut batch = Batch::new();
        for &a in chunk {
            let record = account(a);
            let chat = ChatId::new(Platform::Telegram, (1_000_000 + a).to_string());
            Records::batch_account(&mut batch, &record);
            batch.put(
                engine::store::Tree::Tokens,
                record.id.as_bytes().to_vec(),
                vault.seal(
                    record.id.as_str(),
                    "instagram_access_token",
                    b"IGAA-bench-token",
                ),
            );
            Records::batch_link(
                &mut batch,
                &chat,
                &record.id,
                &ChatLinkRecord {
                    linked_by: "1".into(),
                    linked_at: now(),
                },
            );
            for p in 0..20 {
                Records::batch_post(&mut batch, &record.id, &post(&mut rng, a, p));
            }
        }
        store.apply(&batch).unwrap();
    }
    store.flush().unwrap();
}

fn kib(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find(|line| line.starts_with(field))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The child: start Pulse on `directory`, report the time to a healthy `/healthz`, then the
/// resident memory once it has sat idle for two seconds.
fn child(directory: &Path) {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let secrets = Secrets::from_env();
        let app = App::build(
            &file_config(directory),
            &secrets,
            AppOptions {
                scheduler: false,
                ..AppOptions::default()
            },
        )
        .await
        .unwrap();
        let addr = app.http_addr();
        let shutdown = tokio_util::sync::CancellationToken::new();
        let running = tokio::spawn(app.run(shutdown.clone()));
        let http = reqwest::Client::new();
        loop {
            if let Ok(response) = http.get(format!("http://{addr}/healthz")).send().await {
                if response.status().is_success() {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let ready = started.elapsed();
        tokio::time::sleep(Duration::from_secs(2)).await;
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        println!(
            "ready_ms={} rss_kib={} peak_kib={}",
            ready.as_millis(),
            kib(&status, "VmRSS:"),
            kib(&status, "VmHWM:")
        );
        shutdown.cancel();
        let _ = running.await;
    });
}

fn memory_and_startup() {
    let master_key = MasterKey::generate().to_base64();
    println!("Pulse process (release build, schedulers off): time to a healthy /healthz, and resident memory after 2 s idle");
    for accounts in [0usize, 1_000, 10_000] {
        let directory = tempfile::tempdir().unwrap();
        let seeding = Instant::now();
        seed(directory.path(), &master_key, accounts);
        let seeded = seeding.elapsed();
        let mut runs = Vec::new();
        for _ in 0..3 {
            let output = std::process::Command::new(std::env::current_exe().unwrap())
                .arg("--child")
                .arg(directory.path())
                .env("PULSE__VAULT__MASTER_KEY", &master_key)
                .env("PULSE__INSTAGRAM__APP_SECRET", "bench-app-secret")
                .env_remove("RUST_LOG")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&output.stdout).into_owned();
            let field = |name: &str| -> u64 {
                text.split_whitespace()
                    .find_map(|kv| kv.strip_prefix(name))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
            };
            runs.push((field("ready_ms="), field("rss_kib="), field("peak_kib=")));
        }
        runs.sort();
        let (ready, rss, peak) = runs[1];
        let on_disk: u64 = walk(directory.path())
            .iter()
            .map(|p| p.metadata().map(|m| m.len()).unwrap_or(0))
            .sum();
        println!(
            "  {accounts:>6} linked accounts: ready in {ready:>5} ms (median of 3)   RSS {:>6.1} MiB   peak {:>6.1} MiB   data {:>6.1} MiB (seeded in {:.1} s)",
            rss as f64 / 1024.0,
            peak as f64 / 1024.0,
            on_disk as f64 / (1024.0 * 1024.0),
            seeded.as_secs_f64()
        );
    }
    let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/pulse");
    match binary.metadata() {
        Ok(meta) => println!(
            "  release binary target/release/pulse: {:.1} MiB",
            meta.len() as f64 / (1024.0 * 1024.0)
        ),
        Err(_) => println!("  (run `cargo build --release` to have the binary size reported)"),
    }
}

fn walk(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.flatten().map(|e| e.path()));
            }
        } else {
            files.push(path);
        }
    }
    files
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[at + 1]));
        return;
    }
    let wanted: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.contains(&name);
    if run("store") {
        store_throughput();
    }
    if run("memory") || run("startup") {
        memory_and_startup();
    }
}
