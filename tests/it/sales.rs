//! The sales assistant end to end, from the user's side: the real `pulse` wiring against the
//! fake Telegram Bot API and the sandbox Instagram. A lead is listed with its buttons; Reply,
//! the person's next message, Send — and only then does the sandbox hold the reply, under
//! the right comment; the lead then reads "replied". It starts from an alert too: the
//! sandbox gets a new buying comment and sends its signed webhook, and the alert's Reply
//! button does the rest. On Discord, Reply opens a form (interaction response type 9) whose
//! text (interaction type 5) becomes the reply. The console does the same through commands,
//! so it can be scripted.

use std::time::Duration;

use pulse_tests::fake_telegram::{Call, FakeTelegram};
use pulse_tests::{spawn_app, spawn_app_with_telegram};

const ANA: i64 = 777_031;

/// Every `callback_data` of a message's inline keyboard, in order.
fn callbacks(call: &Call) -> Vec<String> {
    call.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .filter_map(|button| button["callback_data"].as_str().map(str::to_owned))
        .collect()
}

/// Presses `reply_button` (a lead's Reply) and writes `text` as the next message: returns
/// the Send button of the reply Pulse shows.
async fn write_reply(telegram: &FakeTelegram, reply_button: &str, text: &str) -> String {
    telegram.user_presses(ANA, ANA, 50, reply_button);
    telegram
        .wait_for_text(ANA, "Write your public reply to @")
        .await
        .expect("Pulse asks for the text");
    telegram.user_says(ANA, ANA, text);
    let shown = telegram
        .wait_for_text(ANA, "This will be posted publicly on Instagram")
        .await
        .expect("the reply is shown before it is sent");
    callbacks(&shown)
        .into_iter()
        .find(|b| b.starts_with("/send "))
        .expect("a Send button")
}

/// Presses Send and waits for the confirmation.
async fn press_send(telegram: &FakeTelegram, send: &str) {
    telegram.user_presses(ANA, ANA, 51, send);
    telegram
        .wait_for_text(ANA, "Sent: your reply is under @")
        .await
        .expect("a confirmation");
}

#[tokio::test]
async fn a_lead_is_answered_from_telegram_and_the_reply_lands_under_its_comment() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    pulse_tests::link_through_telegram(&telegram, ANA, ANA).await;

    telegram.user_says(ANA, ANA, "/leads");
    let leads = telegram
        .wait_for(Duration::from_secs(30), |c| {
            c.method == "sendmessage"
                && c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("open leads"))
                && !callbacks(c).is_empty()
        })
        .await
        .expect("the open leads, with buttons");
    let buttons = callbacks(&leads);
    for button in &buttons {
        assert!(
            button.len() <= 64,
            "within Telegram's callback limit: {button}"
        );
    }
    let reply_button = buttons
        .iter()
        .find(|b| b.starts_with("/reply "))
        .expect("a Reply button")
        .clone();
    let comment_id = reply_button.trim_start_matches("/reply ").to_owned();
    // The comment is one the sandbox counts as an unanswered buyer.
    assert!(
        app.account()
            .unanswered_leads()
            .iter()
            .any(|c| c.id == comment_id),
        "{comment_id} is an unanswered lead of the sandbox"
    );
    assert!(
        buttons.contains(&format!("/dm {comment_id}")),
        "{buttons:?}"
    );
    assert!(
        buttons.contains(&format!("/hide {comment_id}")),
        "{buttons:?}"
    );
    assert!(
        buttons.contains(&format!("/lead {comment_id} done")),
        "{buttons:?}"
    );

    let text = "Hi! It is 25 €, and we ship worldwide.";
    let send = write_reply(&telegram, &reply_button, text).await;
    assert!(
        app.sandbox
            .replies_to(&comment_id)
            .iter()
            .all(|r| r.text != text),
        "nothing sent yet"
    );

    press_send(&telegram, &send).await;
    let replies = app.sandbox.replies_to(&comment_id);
    let ours: Vec<_> = replies.iter().filter(|r| r.text == text).collect();
    assert_eq!(ours.len(), 1, "one reply under the comment: {replies:?}");
    assert_eq!(ours[0].parent_id.as_deref(), Some(comment_id.as_str()));
    assert_eq!(ours[0].username, app.account().profile.username);

    // A second press of the same Send sends nothing more.
    telegram.user_presses(ANA, ANA, 51, &send);
    telegram
        .wait_for_text(ANA, "nothing was sent")
        .await
        .expect("a second press sends nothing");
    assert_eq!(
        app.sandbox
            .replies_to(&comment_id)
            .iter()
            .filter(|r| r.text == text)
            .count(),
        1
    );

    // The lead reads "replied", and is no longer open.
    let before = telegram.texts_to(ANA).len();
    telegram.user_says(ANA, ANA, "/leads replied");
    let replied = telegram
        .wait_for_text_after(ANA, before, "replied leads")
        .await
        .expect("the replied leads");
    let replied_text = replied.body["text"].as_str().unwrap_or_default().to_owned();
    assert!(
        replied_text.contains(&comment_id[comment_id.len() - 6..]),
        "{replied_text}"
    );
    assert!(replied_text.contains("Lead · replied"), "{replied_text}");
    app.stop().await;
}

#[tokio::test]
async fn the_console_answers_a_lead_through_commands_alone() {
    let app = spawn_app().await;
    app.link_account().await;
    let lead = app.newest_open_lead();
    let shown = app
        .say(&format!("/reply {lead} Thanks! DM us for sizes."))
        .await;
    assert!(
        shown.contains("This will be posted publicly on Instagram"),
        "{shown}"
    );
    assert!(shown.contains("[Send] /send "), "{shown}");
    assert!(app
        .sandbox
        .replies_to(&lead)
        .iter()
        .all(|r| r.text != "Thanks! DM us for sizes."));
    let confirmed = app.say("/send").await;
    assert!(confirmed.starts_with("Sent"), "{confirmed}");
    assert_eq!(
        app.sandbox
            .replies_to(&lead)
            .iter()
            .filter(|r| r.text == "Thanks! DM us for sizes.")
            .count(),
        1
    );
    let marked = app.say(&format!("/lead {lead} won")).await;
    assert!(marked.starts_with("Marked won"), "{marked}");
    let won = app.say("/leads won").await;
    assert!(won.contains(&lead[lead.len() - 6..]), "{won}");
    let stats = app.say("/stats").await;
    assert!(stats.contains("1 won"), "{stats}");
    // Hiding is done on Instagram.
    let hidden = app.say(&format!("/hide {lead}")).await;
    assert!(hidden.starts_with("Hidden on Instagram"), "{hidden}");
    assert!(app.sandbox.is_hidden(&lead));
    app.stop().await;
}

/// The button of `components` (a Discord message's rows) whose command is `command`: its
/// custom id. A button that asks for text carries its form before the command.
fn discord_button(components: &serde_json::Value, command: &str) -> Option<String> {
    components
        .as_array()?
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|button| button["custom_id"].as_str().map(str::to_owned))
        .find(|id| id == command || id.ends_with(&format!("\n{command}")))
}

#[tokio::test]
async fn a_new_buying_comment_alerts_telegram_and_is_answered_from_the_alert() {
    use secrecy::ExposeSecret as _;
    let telegram = FakeTelegram::start().await;
    let app = pulse_tests::spawn_app_with(
        |_| {},
        pulse_tests::TestOptions {
            telegram_api_url: Some(telegram.api_url()),
            instagram_webhook_verify_token: Some("verify-me".into()),
            ..pulse_tests::TestOptions::default()
        },
    )
    .await;
    pulse_tests::link_through_telegram(&telegram, ANA, ANA).await;
    telegram.user_says(ANA, ANA, "/alerts on");
    telegram
        .wait_for_text(ANA, "lead")
        .await
        .expect("alerts are on");

    // Instagram (the sandbox) gets a new buying comment and sends its signed webhook.
    let secret = app
        .secrets()
        .instagram_app_secret
        .as_ref()
        .expect("an app secret")
        .expose_secret()
        .to_owned();
    app.sandbox
        .set_webhook(format!("{}/instagram/webhook", app.base_url), secret);
    app.sandbox
        .set_clock(Some(app.clock.now() + chrono::Duration::minutes(1)));
    let account = app.account().clone();
    let buyer = connectors::sandbox::SandboxCommenter {
        id: "9000000000000031".into(),
        username: "new_buyer".into(),
    };
    let comment_id = app
        .sandbox
        .add_comment(
            &account.profile.user_id,
            &account.posts[0].id,
            &buyer,
            "how much is this one? do you ship to Canada?",
        )
        .expect("the comment is added");
    assert_eq!(
        app.sandbox
            .post_comment_webhook(&comment_id)
            .await
            .expect("delivered"),
        200
    );
    let alert = telegram
        .wait_for(Duration::from_secs(30), |c| {
            c.method == "sendmessage"
                && c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("how much is this one? do you ship to Canada?"))
        })
        .await
        .expect("an alert within seconds");
    let buttons = callbacks(&alert);
    let reply_button = format!("/reply {comment_id}");
    assert!(buttons.contains(&reply_button), "{buttons:?}");

    let send = write_reply(
        &telegram,
        &reply_button,
        "Hi! 30 €, and yes, we ship to Canada.",
    )
    .await;
    press_send(&telegram, &send).await;
    let replies = app.sandbox.replies_to(&comment_id);
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(replies[0].text, "Hi! 30 €, and yes, we ship to Canada.");
    let before = telegram.texts_to(ANA).len();
    telegram.user_says(ANA, ANA, "/leads replied");
    let replied = telegram
        .wait_for_text_after(ANA, before, "replied leads")
        .await
        .expect("the replied leads");
    assert!(
        replied.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains(&comment_id[comment_id.len() - 6..]),
        "{}",
        replied.body
    );
    app.stop().await;
}

#[tokio::test]
async fn on_discord_reply_opens_a_form_and_send_puts_the_reply_under_the_comment() {
    use pulse_tests::fake_discord::{
        command_interaction, component_interaction, FakeDiscord, Signer25519, APPLICATION_ID,
        GUILD_ID,
    };
    use serde_json::json;
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(31);
    let app = crate::discord::app_with_discord(&discord, &signer).await;
    app.link_account().await;
    let guild = engine::chat::ChatId::new(engine::chat::Platform::Discord, GUILD_ID);
    app.link_directly(&app.account_id(), &[guild], app.clock.now());

    // /leads is slow: deferred, then edited in with its buttons.
    let (_, deferred) = crate::discord::post(
        &app,
        &signer,
        &command_interaction("leads", json!([]), "32", "token-leads"),
    )
    .await;
    assert_eq!(deferred["type"], 5, "{deferred}");
    let edited = discord
        .wait_for(|c| {
            c.method == "PATCH"
                && c.path
                    == format!("/api/v10/webhooks/{APPLICATION_ID}/token-leads/messages/@original")
        })
        .await
        .expect("the leads are edited in");
    let lead = app.newest_open_lead();
    let reply_button = discord_button(&edited.body["components"], &format!("/reply {lead}"))
        .unwrap_or_else(|| panic!("a Reply button for {lead}: {}", edited.body));

    // Pressed, Reply opens a form (type 9) whose text comes back as the reply.
    let (_, form) = crate::discord::post(
        &app,
        &signer,
        &component_interaction(&reply_button, "32", "token-press"),
    )
    .await;
    assert_eq!(form["type"], 9, "{form}");
    assert_eq!(form["data"]["custom_id"], format!("/reply {lead}"));
    let mut submitted = component_interaction("unused", "32", "token-form");
    submitted["type"] = json!(5);
    submitted["data"] = json!({
        "custom_id": format!("/reply {lead}"),
        "components": [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": "Thank you! It is 25 €."}]}]
    });
    let (_, shown) = crate::discord::post(&app, &signer, &submitted).await;
    assert_eq!(shown["type"], 4, "{shown}");
    assert!(
        shown
            .to_string()
            .contains("This will be posted publicly on Instagram"),
        "{shown}"
    );
    assert_eq!(
        shown["data"]["flags"].as_u64().map(|f| f & 64),
        Some(64),
        "only the sender sees it"
    );
    assert!(app
        .sandbox
        .replies_to(&lead)
        .iter()
        .all(|r| r.text != "Thank you! It is 25 €."));
    let send = discord_button(&shown["data"]["components"], "/send")
        .or_else(|| {
            shown["data"]["components"][0]["components"]
                .as_array()
                .and_then(|buttons| {
                    buttons.iter().find_map(|b| {
                        b["custom_id"]
                            .as_str()
                            .filter(|id| id.starts_with("/send "))
                            .map(str::to_owned)
                    })
                })
        })
        .expect("a Send button");

    crate::discord::post(
        &app,
        &signer,
        &component_interaction(&send, "32", "token-send"),
    )
    .await;
    let sent = discord
        .wait_for(|c| c.body.to_string().contains("Sent: your reply is under @"))
        .await
        .expect("a confirmation");
    assert!(
        sent.method == "PATCH" || sent.method == "POST",
        "{}",
        sent.method
    );
    let ours: Vec<_> = app
        .sandbox
        .replies_to(&lead)
        .into_iter()
        .filter(|r| r.text == "Thank you! It is 25 €.")
        .collect();
    assert_eq!(ours.len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_reply_written_on_instagram_itself_closes_the_lead_at_the_next_comments_sync() {
    let app = spawn_app().await;
    app.link_account().await;
    let lead = app.newest_open_lead();
    let short = &lead[lead.len() - 6..];
    assert!(
        app.say("/leads").await.contains(short),
        "an open lead first"
    );

    // The owner answers in the Instagram app; Pulse learns of it by syncing. The post's
    // comments are read again when its count is, on the post's step of the refresh ladder:
    // every 6 hours in its first week, daily to 30 days, weekly to 90 (the newest open lead
    // may sit on a post of last week or older, depending on the day the sandbox is made for).
    let mut at = app.clock.now();
    let post_published = app
        .account()
        .comments
        .iter()
        .find(|comment| comment.id == lead)
        .and_then(|comment| app.account().post(&comment.media_id))
        .expect("the lead's post")
        .timestamp;
    let ladder_step =
        engine::sync::refresh_interval(at - post_published).unwrap_or(chrono::Duration::days(7));
    app.sandbox.set_clock(Some(at));
    app.sandbox
        .reply_as_owner(&lead, "Thanks! Sent you a DM.")
        .expect("the owner replies on Instagram");
    for _ in 0..ladder_step.num_hours() + 1 {
        at += chrono::Duration::hours(1);
        app.sandbox.set_clock(Some(at));
        app.clock.set(at);
        bot::scheduler::tick(&app.state).await;
        if app.say("/leads replied").await.contains(short) {
            break;
        }
    }
    let replied = app.say("/leads replied").await;
    assert!(replied.contains(short), "{replied}");
    assert!(!app.say("/leads").await.contains(short), "no longer open");
    app.stop().await;
}
