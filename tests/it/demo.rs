//! `printf '/connect\n/stats\n/top saves\n/digest now\n/apikey new sheets stats:read\n' | pulse demo`, in process: the transcript shows
//! the linked handle, the overview and the top posts by saves, with the sandbox's numbers.

use std::sync::Arc;

use bot::config::FileConfig;
use bot::demo::{run_with, DemoOptions};
use chrono::{Datelike, Days};
use connectors::sandbox::{AccountSpec, SandboxAccount};
use pulse_tests::{grouped, test_now};
use tokio_util::sync::CancellationToken;

/// An `AsyncWrite` whose bytes the test can read afterwards.
#[derive(Clone, Default)]
struct Transcript(Arc<std::sync::Mutex<Vec<u8>>>);

impl tokio::io::AsyncWrite for Transcript {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.0.lock().unwrap().extend_from_slice(buf);
        std::task::Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

#[tokio::test]
async fn the_scripted_demo_links_and_answers_with_the_sandbox_numbers() {
    let now = test_now();
    let transcript = Transcript::default();
    let input = tokio::io::BufReader::new(
        &b"/connect\n/stats\n/top saves\n/digest now\n/apikey new sheets stats:read\n"[..],
    );
    run_with(
        FileConfig::default(),
        DemoOptions { follow_links: true },
        Arc::new(move || now),
        CancellationToken::new(),
        input,
        Box::new(transcript.clone()),
        false,
    )
    .await
    .expect("the demo runs to the end of its input");
    let text = String::from_utf8(transcript.0.lock().unwrap().clone()).unwrap();

    // The same deterministic account the demo's sandbox served.
    let account = SandboxAccount::generate(&AccountSpec::demo_shop(), now.date_naive());
    let handle = &account.profile.username;
    let linked = format!(
        "Linked @{handle} ({} followers)",
        grouped(account.profile.followers_count)
    );
    let first = now.date_naive().checked_sub_days(Days::new(29)).unwrap();
    let reach: u64 = account
        .daily
        .iter()
        .filter(|d| d.date >= first)
        .map(|d| d.reach)
        .sum();
    let mut recent: Vec<_> = account
        .posts
        .iter()
        .filter(|p| p.timestamp.date_naive() >= first)
        .collect();
    recent.sort_by(|a, b| {
        b.insights
            .saved
            .cmp(&a.insights.saved)
            .then(b.timestamp.cmp(&a.timestamp))
    });
    let best = recent[0];
    let yesterday = now.date_naive().pred_opt().unwrap();
    let chart = if now.date_naive().weekday() == chrono::Weekday::Mon {
        "comments-by-weekday-and-hour.png"
    } else {
        "followers-30-days.png"
    };

    let order = [
        "» /connect".to_owned(),
        linked,
        format!("Ready: @{handle} is synced"),
        "» /stats".to_owned(),
        format!("Reach (sum of daily reach): {}", grouped(reach)),
        format!("Posts published: {}", recent.len()),
        "» /top saves".to_owned(),
        format!("1. {} saves", grouped(best.insights.saved)),
        best.permalink.clone(),
        "» /digest now".to_owned(),
        format!(
            "@{handle} · daily digest for {}",
            yesterday.format("%a %-d %b %Y")
        ),
        format!(
            "Reach: {}",
            grouped(
                account
                    .daily
                    .iter()
                    .find(|d| d.date == yesterday)
                    .map_or(0, |d| d.reach)
            )
        ),
        format!("(file {chart}, "),
        // The demo's own pepper: a key of the stats API can be made there too.
        "» /apikey new sheets stats:read".to_owned(),
        "pulse_".to_owned(),
    ];
    let mut cursor = 0;
    for expected in order {
        let found = text[cursor..]
            .find(&expected)
            .unwrap_or_else(|| panic!("expected {expected:?} after byte {cursor} in:\n{text}"));
        cursor += found + expected.len();
    }
}
