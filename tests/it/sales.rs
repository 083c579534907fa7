//! The sales assistant end to end, from the user's side: the real `pulse` wiring against the
//! fake Telegram Bot API and the sandbox Instagram. A lead is listed with its buttons; Reply,
//! the person's next message, Send — and only then does the sandbox hold the reply, under
//! the right comment; the lead then reads "replied". The console does the same through
//! commands, so it can be scripted.

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

    telegram.user_presses(ANA, ANA, 50, &reply_button);
    telegram
        .wait_for_text(ANA, "Write your public reply to @")
        .await
        .expect("Pulse asks for the text");
    let text = "Hi! It is 25 €, and we ship worldwide.";
    telegram.user_says(ANA, ANA, text);
    let shown = telegram
        .wait_for_text(ANA, "This will be posted publicly on Instagram")
        .await
        .expect("the reply is shown before it is sent");
    assert!(
        app.sandbox
            .replies_to(&comment_id)
            .iter()
            .all(|r| r.text != text),
        "nothing sent yet"
    );
    let send = callbacks(&shown)
        .into_iter()
        .find(|b| b.starts_with("/send "))
        .expect("a Send button");

    telegram.user_presses(ANA, ANA, 51, &send);
    telegram
        .wait_for_text(ANA, "Sent: your reply is under @")
        .await
        .expect("a confirmation");
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
    let lead = {
        let leads = app.account().unanswered_leads();
        let newest = leads
            .iter()
            .max_by_key(|c| c.timestamp)
            .expect("the sandbox has leads");
        newest.id.clone()
    };
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
