//! An old data directory opens with the current code. `tests/fixtures/store-v1/` was written
//! by the release of 2026-11-30 (`tests/examples/write_store_fixture.rs` tells how): one
//! account linked in two chats, both of that day's digests sent. Opened now, it must answer
//! as that release did and send each later digest exactly once — none twice, none lost.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use engine::chat::{ChatId, Platform};
use pulse_tests::{copy_directory, TestApp};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/store-v1")
}

/// The app at `now`, running on a copy of the fixture's data under its master key.
async fn app_on_the_fixture(now: DateTime<Utc>) -> TestApp {
    let app = pulse_tests::spawn_app_at(now).await;
    let master_key = std::fs::read_to_string(fixture().join("master-key")).unwrap();
    let app = app
        .restart_after(|_, secrets| secrets.master_key = Some(master_key.trim().to_owned().into()))
        .await;
    let data = tempfile::tempdir().unwrap();
    copy_directory(&fixture().join("data"), data.path());
    app.restart_on(data).await
}

/// The answers the release gave, by question.
fn answers_of_the_release() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(fixture().join("answers.txt")).unwrap();
    text.split("### ")
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (question, answer) = part.split_once('\n').unwrap();
            (question.to_owned(), answer.trim_end().to_owned())
        })
        .collect()
}

fn digests_to(app: &TestApp, chat: &ChatId) -> Vec<DateTime<Utc>> {
    app.output
        .sends()
        .into_iter()
        .filter(|sent| &sent.chat == chat && sent.text.contains("· daily digest for"))
        .map(|sent| sent.at)
        .collect()
}

#[tokio::test]
async fn a_data_directory_of_the_release_of_2026_11_30_opens_answers_and_keeps_its_digests_exactly_once(
) {
    let app = app_on_the_fixture(Utc.with_ymd_and_hms(2026, 3, 27, 10, 5, 0).unwrap()).await;
    let first = ChatId::new(Platform::Console, "first");
    let second = ChatId::new(Platform::Console, "second");

    let answers = answers_of_the_release();
    assert_eq!(answers.len(), 3);
    for (question, answer) in answers {
        let now = app.say_in(&first, &question).await.to_plain_text();
        // Since that release, /stats also gives the period's lead figures (a paragraph of
        // its own); everything the release said is said the same.
        let without_leads: Vec<&str> = now
            .trim_end()
            .split("\n\n")
            .filter(|paragraph| !paragraph.starts_with("Leads: "))
            .collect();
        assert_eq!(without_leads.join("\n\n"), answer, "{question}");
    }
    assert!(app
        .say_in(&second, "/accounts")
        .await
        .to_plain_text()
        .contains("@pulse.demo.shop"));

    // Both of 27 March's digests went out before the upgrade: none goes out again.
    bot::digests::round(&app.state, 8).await;
    assert_eq!(digests_to(&app, &first), Vec::<DateTime<Utc>>::new());
    assert_eq!(digests_to(&app, &second), Vec::<DateTime<Utc>>::new());

    // 28 March: `first` at 07:00 UTC, `second` at 09:00 in Berlin (08:00 UTC), once each.
    let first_due = Utc.with_ymd_and_hms(2026, 3, 28, 7, 0, 0).unwrap();
    let second_due = Utc.with_ymd_and_hms(2026, 3, 28, 8, 0, 0).unwrap();
    for at in [
        first_due,
        second_due,
        second_due + chrono::Duration::minutes(30),
    ] {
        app.clock.set(at);
        bot::digests::round(&app.state, 8).await;
    }
    assert_eq!(digests_to(&app, &first), vec![first_due]);
    assert_eq!(digests_to(&app, &second), vec![second_due]);

    // Filed under Pulse's own id now, with its access token sealed to that id: a sync opens
    // it and shows it to Instagram (this sandbox never issued it, so Instagram refuses it).
    let accounts = app.state.pulse.records().accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].user_id, app.account().profile.user_id);
    let outcome = app
        .state
        .pulse
        .sync_account(&accounts[0].id, app.clock.now())
        .await;
    assert!(
        matches!(
            outcome,
            Ok(engine::pulse::SyncOutcome::NeedsReconnect { .. })
        ),
        "{outcome:?}"
    );
    app.stop().await;
}
