//! Spans, from the log's side: every inbound message and every background job runs in a
//! span that names the platform and the command, or the job's kind — never an account, a
//! chat, a user or what they wrote.

use bot::console::console_chat;
use engine::chat::UserId;
use engine::pulse::Message;
use pulse_tests::{spawn_app, CapturedLog};
use tracing_subscriber::fmt::format::FmtSpan;

// One thread, so every task's events reach this test's subscriber.
#[tokio::test(flavor = "current_thread")]
async fn each_message_and_job_runs_in_a_span_that_names_no_one() {
    let captured = CapturedLog::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::NEW)
        .with_ansi(false)
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);

    let app = spawn_app().await;
    app.link_account().await;
    let question = "which post got the most saves last month, mine please";
    let message = Message {
        chat: console_chat(),
        user: UserId::new(console_chat().platform, "span-tester"),
        user_name: "@span_tester".into(),
        chat_title: "the span test".into(),
        text: format!("/ask {question}"),
        chat_admin: true,
    };
    let reply = bot::frontend::answer(&app.state, &message).await;
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
    let fields: Vec<&str> = text
        .lines()
        .flat_map(|line| {
            ["message{", "job{"].into_iter().filter_map(move |name| {
                let start = line.find(name)?;
                let end = start + line[start..].find('}')?;
                Some(&line[start..=end])
            })
        })
        .collect();
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
