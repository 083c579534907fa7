//! Writes `tests/fixtures/store-v1/`: a data directory exactly as the release of
//! 2026-11-30 (`5c1cfa3`) writes it, for the test that opens an old store with the current
//! code (`tests/it/store_fixture.rs`). Run it only with that release checked out — with a
//! later one it writes the later layout, which is not what the fixture is for:
//!
//! ```text
//! cargo run -p pulse-tests --example write_store_fixture -- tests/fixtures/store-v1
//! ```
//!
//! What it holds: the sandbox's main account linked in two console chats, `first` (UTC,
//! digest at 07:00) and `second` (Europe/Berlin, digest at 09:00), both of today's digests
//! sent at 10:00 UTC on 27 March 2026, and beside the data the master key it is sealed
//! under and the answers the release gave, to compare with.

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use engine::chat::{ChatId, Platform};
use pulse_tests::copy_directory;

/// The questions whose answers are kept beside the data.
pub const QUESTIONS: [&str; 3] = ["/stats", "/top likes", "how many likes did I get last week"];

#[tokio::main]
async fn main() {
    let target = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: write_store_fixture <directory>"),
    );
    let start = Utc.with_ymd_and_hms(2026, 3, 27, 6, 0, 0).unwrap();
    let app = pulse_tests::spawn_app_at(start).await;
    let first = ChatId::new(Platform::Console, "first");
    let second = ChatId::new(Platform::Console, "second");
    app.link_account_in(&first).await;
    app.link_account_in(&second).await;
    app.say_in(&first, "/digest time 07:00").await;
    app.say_in(&second, "/timezone Europe/Berlin").await;
    app.say_in(&second, "/digest time 09:00").await;
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 27, 10, 0, 0).unwrap());
    bot::digests::round(&app.state, 8).await;
    let digests = app
        .output
        .texts()
        .into_iter()
        .filter(|text| text.contains("· daily digest for"))
        .count();
    assert_eq!(digests, 2, "both of today's digests are sent");
    let mut answers = String::new();
    for question in QUESTIONS {
        let answer = app.say_in(&first, question).await.to_plain_text();
        answers.push_str(&format!("### {question}\n{answer}\n"));
    }
    let master_key = app.master_key();
    let data = app.stop_keeping_data().await;
    std::fs::create_dir_all(&target).expect("the fixture directory");
    copy_directory(data.path(), &target.join("data"));
    std::fs::write(target.join("master-key"), master_key).expect("the master key is written");
    std::fs::write(target.join("answers.txt"), answers).expect("the answers are written");
    println!("wrote {}", target.display());
}
