//! Spans, from the log's side: every inbound message and every background job runs in a
//! span that names the platform and the command, or the job's kind — never an account, a
//! chat, a user or what they wrote.

use std::time::Duration;

use bot::console::console_chat;
use engine::chat::UserId;
use engine::inbound::{Inbound, Input};
use pulse_tests::fake_telegram::FakeTelegram;
use pulse_tests::{spawn_app, spawn_app_with_telegram, CapturedLog};
use tracing_subscriber::fmt::format::FmtSpan;

/// A log that keeps every line at debug and above, with a line for each new span, for this
/// thread only.
fn capture() -> (CapturedLog, tracing::subscriber::DefaultGuard) {
    let captured = CapturedLog::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::NEW)
        .with_ansi(false)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // A span first seen by another test's thread while no subscriber listened there is
    // asked again, now that this one listens.
    tracing::callsite::rebuild_interest_cache();
    (captured, guard)
}

/// The fields of every `message{…}` and `job{…}` span in the log.
fn span_fields(text: &str) -> Vec<&str> {
    text.lines()
        .flat_map(|line| {
            ["message{", "job{"].into_iter().filter_map(move |name| {
                let start = line.find(name)?;
                let end = start + line[start..].find('}')?;
                Some(&line[start..=end])
            })
        })
        .collect()
}

// One thread, so every task's events reach this test's subscriber.
#[tokio::test(flavor = "current_thread")]
async fn each_message_and_job_runs_in_a_span_that_names_no_one() {
    let (captured, _default) = capture();

    let app = spawn_app().await;
    app.link_account().await;
    let question = "which post got the most saves last month, mine please";
    let message = Inbound {
        user_name: "@span_tester".into(),
        chat_title: "the span test".into(),
        private: true,
        ..Inbound::new(
            console_chat(),
            UserId::new(console_chat().platform, "span-tester"),
            Input::Text(format!("/ask {question}")),
        )
    };
    let reply = bot::frontend::answer(&app.state, message).await;
    assert!(!reply.to_plain_text().is_empty());
    let account_id = app.account().profile.user_id.clone();
    app.stop().await;

    let text = captured.text();
    assert!(
        text.contains(r#"message{platform="console" command="ask"}"#),
        "the message's span:\n{text}"
    );
    assert!(
        text.contains(r#"job{kind="backfill"}"#),
        "the first sync's span:\n{text}"
    );
    // The spans' own fields (events inside them are another matter: a debug line may name
    // the path it requested).
    let fields = span_fields(&text);
    assert!(!fields.is_empty());
    for span in fields {
        assert!(
            span.contains("kind=") || span.contains("platform="),
            "{span}"
        );
        for private in [
            account_id.as_str(),
            "which post",
            "span-tester",
            "span_tester",
            "span test",
        ] {
            assert!(!span.contains(private), "{private:?} in {span}");
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_typed_command_a_pressed_button_and_a_photo_each_run_in_a_span_that_names_no_one() {
    let (captured, _default) = capture();
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    let ana = 777_003;

    telegram.user_says(ana, ana, "/privacy");
    telegram
        .wait_for_count(ana, "What Pulse stores", 1, Duration::from_secs(10))
        .await;
    // The same command on a button: the same way in, the same answer.
    telegram.user_presses(ana, ana, 41, "/privacy");
    let answered = telegram
        .wait_for_count(ana, "What Pulse stores", 2, Duration::from_secs(10))
        .await;
    assert_eq!(answered, 2, "{:#?}", telegram.texts_to(ana));
    let privacy: Vec<String> = telegram
        .texts_to(ana)
        .into_iter()
        .filter(|text| text.contains("What Pulse stores"))
        .collect();
    assert_eq!(
        privacy[0], privacy[1],
        "the press is answered as the typed command"
    );
    // A sticker (a photo in a private chat is a post to compose now).
    telegram.user_sends(ana, ana, FakeTelegram::sticker());
    telegram
        .wait_for_text(ana, "I only read text")
        .await
        .expect("a sticker is told what Pulse reads");
    app.stop().await;

    let text = captured.text();
    let privacy_spans = text
        .lines()
        .filter(|line| {
            line.contains(r#"message{platform="telegram" command="privacy"}"#)
                && line.ends_with(" new")
        })
        .count();
    assert_eq!(
        privacy_spans, 2,
        "one span for each, typed and pressed:\n{text}"
    );
    assert!(
        text.contains(r#"message{platform="telegram" command="no_text"}"#),
        "the sticker's span:\n{text}"
    );
    for span in span_fields(&text) {
        let id = ana.to_string();
        for private in [id.as_str(), "What Pulse stores", "/privacy"] {
            assert!(!span.contains(private), "{private:?} in {span}");
        }
    }
}
