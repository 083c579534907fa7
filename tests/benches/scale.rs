//! Scale benchmarks, each on sled and on PostgreSQL in the same run: the store's
//! throughput (batches and single records, with and without sealing), the memory of a
//! running Pulse with 0, 10,000 and 100,000 linked accounts, and its start-up time.
//!
//! ```sh
//! cargo bench -p pulse-tests --bench scale            # everything
//! cargo bench -p pulse-tests --bench scale -- store   # or: memory, startup
//! PULSE_BENCH_ACCOUNTS=0,1000,10000 cargo bench -p pulse-tests --bench scale -- memory
//! PULSE_BENCH_BACKENDS=sled cargo bench -p pulse-tests --bench scale   # or: postgres
//! ```
//!
//! Seeded and repeatable: the data is generated from fixed seeds. Memory and start-up are
//! measured in a child process (this binary again, with `--child`), so the numbers are those
//! of a Pulse process alone; on PostgreSQL the server's own memory (its processes' PSS, the
//! shared buffers counted once) is read by the child at the same moment and reported apart.
//! PostgreSQL is the private cluster of `connectors::postgres::cluster` (PostgreSQL 15 from
//! `/usr/lib/postgresql/15/bin`, on 127.0.0.1 over TCP, `fsync`, `synchronous_commit` and
//! `full_page_writes` off, as the tests run it).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bot::app::{open_sealed, App, AppOptions};
use bot::config::{FileConfig, Secrets};
use chrono::{DateTime, TimeZone, Utc};
use connectors::postgres::cluster::Cluster;
use connectors::postgres::PgStore;
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

/// Which backends to measure: `PULSE_BENCH_BACKENDS` (`sled,postgres`, the default).
fn backends() -> Vec<&'static str> {
    let wanted = std::env::var("PULSE_BENCH_BACKENDS").unwrap_or_default();
    ["sled", "postgres"]
        .into_iter()
        .filter(|b| wanted.trim().is_empty() || wanted.split(',').any(|w| w.trim() == *b))
        .collect()
}

/// A fresh database on the private cluster, as a store (schema made).
fn postgres_store(name: &str) -> PgStore {
    let settings = Cluster::shared()
        .database(name)
        .unwrap_or_else(|error| panic!("{error}"));
    PgStore::open(&settings).unwrap()
}

fn store_throughput() {
    const ACCOUNTS: usize = 50;
    const POSTS: usize = 1_000;
    const SINGLE: usize = 2_000;
    let mut rng = rand::rngs::StdRng::seed_from_u64(8);
    let posts: Vec<(AccountId, PostRecord)> = (0..ACCOUNTS)
        .flat_map(|a| (0..POSTS).map(move |p| (a, p)))
        .map(|(a, p)| (account(a).id, post(&mut rng, a, p)))
        .collect();
    // Single records: new posts of the same accounts, one `apply` (one write) each.
    let singles: Vec<(AccountId, PostRecord)> = (0..SINGLE)
        .map(|n| {
            let a = n % ACCOUNTS;
            (account(a).id, post(&mut rng, a, POSTS + n))
        })
        .collect();
    let total = posts.len();
    println!(
        "Store: a record is one post (PostRecord, ~300 bytes encoded) under `account \\0 post`. \
         Batch: {total} posts ({ACCOUNTS} accounts × {POSTS}) in batches of 1,000, one `apply` \
         each, then flushed; read back as every account's posts (one prefix scan an account). \
         Single: {SINGLE} more posts, one `apply` each; then {SINGLE} posts read one `get` each"
    );
    let mut results: Vec<(String, [f64; 4])> = Vec::new();
    for backend in backends() {
        for sealed in [false, true] {
            let directory = tempfile::tempdir().unwrap();
            let raw: Arc<dyn Store> = match backend {
                "sled" => Arc::new(SledStore::open(directory.path(), 64 << 20).unwrap()),
                _ => Arc::new(postgres_store(&format!("store_{}", u8::from(sealed)))),
            };
            let store: Arc<dyn Store> = if sealed {
                let keys = DataKeys::open(
                    Vault::new(MasterKey::generate(), Vec::new()),
                    Arc::new(MemoryKeyring::new()),
                )
                .unwrap();
                Arc::new(SealedStore::new(raw.clone(), Arc::new(keys)))
            } else {
                raw.clone()
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
            let start = Instant::now();
            for (account, post) in &singles {
                let mut batch = Batch::new();
                Records::batch_post(&mut batch, account, post);
                store.apply(&batch).unwrap();
            }
            store.flush().unwrap();
            let wrote_single = start.elapsed();
            let start = Instant::now();
            for (account, post) in &singles {
                let found = records.post(account, &post.id).unwrap();
                assert!(found.is_some_and(|found| found.id == post.id));
            }
            let read_single = start.elapsed();
            let name = format!(
                "{backend}{}",
                if sealed {
                    " + sealing (Pulse's store)"
                } else {
                    ", raw"
                }
            );
            let figures = [
                rate(total, wrote),
                rate(total, took),
                rate(SINGLE, wrote_single),
                rate(SINGLE, read_single),
            ];
            println!(
                "  {name:<36} batch: write {:>8.0} records/s, read {:>8.0} records/s   single: write {:>7.0} records/s, read {:>7.0} records/s",
                figures[0], figures[1], figures[2], figures[3]
            );
            results.push((name, figures));
        }
    }
    if results.len() == 4 {
        for (at, what) in [(0, "raw"), (1, "sealed")] {
            let (sled, pg) = (results[at].1, results[at + 2].1);
            println!(
                "  PostgreSQL ÷ sled, {what}: batch write {:.2}, batch read {:.2}, single write {:.2}, single read {:.2}",
                pg[0] / sled[0],
                pg[1] / sled[1],
                pg[2] / sled[2],
                pg[3] / sled[3]
            );
        }
    }
    for pair in results.chunks(2).filter(|pair| pair.len() == 2) {
        println!(
            "  {}: sealed ÷ raw: batch write {:.2}, batch read {:.2}",
            pair[0].0.split(',').next().unwrap_or_default(),
            pair[1].1[0] / pair[0].1[0],
            pair[1].1[1] / pair[0].1[1]
        );
    }
}

// ---------------------------------------------------------------- memory and start-up

/// Where a seeded Pulse keeps its data: a sled directory, or a PostgreSQL database (its URL
/// without the password, and the password).
#[derive(Clone)]
enum Data {
    Sled,
    Postgres { url: String, password: String },
}

fn file_config(directory: &Path, data: &Data) -> FileConfig {
    let mut file = FileConfig::default();
    file.store.path = directory.join("pulse.sled");
    if let Data::Postgres { url, .. } = data {
        file.store.backend = bot::config::Backend::Postgres;
        file.store.url = url.clone();
    }
    file.http.bind = "127.0.0.1:0".into();
    file.instagram.app_id = "1234567890".into();
    // Nothing is called: the schedulers are off. An address that refuses, to be safe.
    file.instagram.authorize_url = "http://127.0.0.1:9/oauth/authorize".into();
    file.instagram.token_url = "http://127.0.0.1:9/oauth/access_token".into();
    file.instagram.graph_url = "http://127.0.0.1:9".into();
    file
}

/// Writes `accounts` linked accounts, each with a token, a chat and 20 posts.
fn seed(directory: &Path, data: &Data, master_key: &str, accounts: usize) {
    let file = file_config(directory, data);
    let vault = Vault::new(MasterKey::from_base64(master_key).unwrap(), Vec::new());
    let secrets = Secrets {
        store_password: match data {
            Data::Postgres { password, .. } => Some(password.clone().into()),
            Data::Sled => None,
        },
        ..Secrets::default()
    };
    let database = bot::database::Database::open(&file, &secrets).unwrap();
    let store = open_sealed(&database, &file, vault.clone()).unwrap();
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

/// The PostgreSQL server's memory now: the postmaster `pid` and its children, their PSS
/// summed (shared memory divided among the processes that map it, so counted once) and
/// their RSS summed (shared buffers counted in every process that touched them), in KiB.
fn server_memory(pid: u32) -> (u64, u64) {
    let mut pids = vec![pid];
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            // pid (comm) state ppid …: the fields after the last ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(pid) {
                pids.push(child);
            }
        }
    }
    let (mut pss, mut rss) = (0, 0);
    for pid in pids {
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        pss += kib(&rollup, "Pss:");
        rss += kib(&rollup, "Rss:");
    }
    (pss, rss)
}

/// The child: start Pulse on `directory` (and `data`), report the time to a healthy
/// `/healthz`, then the resident memory once it has sat idle for two seconds (and, on
/// PostgreSQL, the server's at the same moment: `PULSE_BENCH_PG_PID` is its postmaster).
fn child(directory: &Path, data: &Data) {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let secrets = Secrets::from_env();
        let app = App::build(
            &file_config(directory, data),
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
        let (server_pss, server_rss) = std::env::var("PULSE_BENCH_PG_PID")
            .ok()
            .and_then(|pid| pid.parse().ok())
            .map_or((0, 0), server_memory);
        println!(
            "ready_ms={} rss_kib={} peak_kib={} server_pss_kib={server_pss} server_rss_kib={server_rss}",
            ready.as_millis(),
            kib(&status, "VmRSS:"),
            kib(&status, "VmHWM:")
        );
        shutdown.cancel();
        let _ = running.await;
    });
}

/// The sizes measured: `PULSE_BENCH_ACCOUNTS` (`0,10000,100000`).
fn account_counts() -> Vec<usize> {
    std::env::var("PULSE_BENCH_ACCOUNTS")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().replace('_', "").parse().ok())
                .collect::<Vec<usize>>()
        })
        .filter(|list| !list.is_empty())
        .unwrap_or_else(|| vec![0, 10_000, 100_000])
}

/// `psql -c sql` on the private cluster, as its owner; the output, unaligned.
fn psql(database: &str, sql: &str) -> String {
    let cluster = Cluster::shared();
    let output = std::process::Command::new("runuser")
        .args([
            "-u",
            "postgres",
            "--",
            "/usr/lib/postgresql/15/bin/psql",
            "-At",
            "-h",
        ])
        .arg(cluster.directory())
        .args([
            "-p",
            &cluster.port().to_string(),
            "-U",
            "postgres",
            "-d",
            database,
            "-c",
            sql,
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn postmaster_pid() -> u32 {
    let pid_file = Cluster::shared().directory().join("data/postmaster.pid");
    std::fs::read_to_string(pid_file)
        .unwrap_or_default()
        .lines()
        .next()
        .and_then(|pid| pid.trim().parse().ok())
        .unwrap_or(0)
}

fn memory_and_startup() {
    let master_key = MasterKey::generate().to_base64();
    println!("Pulse process (release build, schedulers off): time to a healthy /healthz, and resident memory after 2 s idle (each the median of 3 starts)");
    for backend in backends() {
        for accounts in account_counts() {
            let directory = tempfile::tempdir().unwrap();
            let data = match backend {
                "sled" => Data::Sled,
                _ => {
                    let name = format!("pulse_{accounts}");
                    let settings = Cluster::shared()
                        .database(&name)
                        .unwrap_or_else(|error| panic!("{error}"));
                    Data::Postgres {
                        url: Cluster::shared().url(&name),
                        password: settings
                            .password
                            .map(|p| secrecy::ExposeSecret::expose_secret(&p).to_owned())
                            .unwrap_or_default(),
                    }
                }
            };
            let seeding = Instant::now();
            seed(directory.path(), &data, &master_key, accounts);
            let seeded = seeding.elapsed();
            let mut runs = Vec::new();
            for _ in 0..3 {
                let mut command = std::process::Command::new(std::env::current_exe().unwrap());
                command
                    .arg("--child")
                    .arg(directory.path())
                    .env("PULSE__VAULT__MASTER_KEY", &master_key)
                    .env("PULSE__INSTAGRAM__APP_SECRET", "bench-app-secret")
                    .env_remove("RUST_LOG");
                if let Data::Postgres { url, password } = &data {
                    command
                        .arg(url)
                        .env("PULSE__STORE__PASSWORD", password)
                        .env("PULSE_BENCH_PG_PID", postmaster_pid().to_string());
                }
                let output = command.output().unwrap();
                let text = String::from_utf8_lossy(&output.stdout).into_owned();
                if !output.status.success() {
                    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
                }
                let field = |name: &str| -> u64 {
                    text.split_whitespace()
                        .find_map(|kv| kv.strip_prefix(name))
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0)
                };
                runs.push((
                    field("ready_ms="),
                    field("rss_kib="),
                    field("peak_kib="),
                    field("server_pss_kib="),
                    field("server_rss_kib="),
                ));
            }
            runs.sort();
            let (ready, rss, peak, server_pss, server_rss) = runs[1];
            let mib = |kib: u64| kib as f64 / 1024.0;
            let on_disk = match &data {
                Data::Sled => walk(directory.path())
                    .iter()
                    .map(|p| p.metadata().map(|m| m.len()).unwrap_or(0))
                    .sum(),
                Data::Postgres { .. } => psql(
                    "postgres",
                    &format!("SELECT pg_database_size('pulse_{accounts}')"),
                )
                .parse()
                .unwrap_or(0u64),
            };
            let server = match data {
                Data::Sled => String::new(),
                Data::Postgres { .. } => format!(
                    "   PostgreSQL server: PSS {:>6.1} MiB (RSS summed {:.1} MiB)",
                    mib(server_pss),
                    mib(server_rss)
                ),
            };
            println!(
                "  {backend:<8} {accounts:>7} linked accounts: ready in {ready:>5} ms   RSS {:>6.1} MiB   peak {:>6.1} MiB   data {:>7.1} MiB (seeded in {:.1} s){server}",
                mib(rss),
                mib(peak),
                on_disk as f64 / (1024.0 * 1024.0),
                seeded.as_secs_f64()
            );
        }
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
        let data = match args
            .get(at + 2)
            .filter(|url| url.starts_with("postgres://"))
        {
            Some(url) => Data::Postgres {
                url: url.clone(),
                password: String::new(),
            },
            None => Data::Sled,
        };
        child(Path::new(&args[at + 1]), &data);
        return;
    }
    let wanted: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--") && !a.starts_with("postgres://"))
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.contains(&name);
    if run("store") {
        store_throughput();
    }
    if run("memory") || run("startup") {
        memory_and_startup();
    }
}
