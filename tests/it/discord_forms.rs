//! Discord forms end to end: a button that asks for text (`Button::Input`) opens a form
//! (interaction response type 9), and the form sent back (interaction type 5) reaches Pulse as
//! the command followed by the text, with the same checks as a slash command; signed by a
//! test key, as Discord signs them.

use engine::reply::{Button, Reply};
use pulse_tests::fake_discord::{
    command_interaction, component_interaction, FakeDiscord, Signer25519, APPLICATION_ID, GUILD_ID,
};
use pulse_tests::{spawn_app_with, TestApp, TestOptions};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::discord::{app_with_discord, post};

/// The custom id Pulse gives a button that asks for text, as rendered for Discord.
fn input_button_id(label: &str, command: &str, prompt: &str) -> String {
    let reply = Reply::text("A comment").with_button(Button::Input {
        label: label.into(),
        command: command.into(),
        prompt: prompt.into(),
    });
    let row = serde_json::to_value(&bot::discord::render::render(&reply).components[0]).unwrap();
    row["components"][0]["custom_id"]
        .as_str()
        .expect("a button with a custom id")
        .to_owned()
}

/// A form sent back as Discord sends it: `custom_id` is the form's, `value` what was written,
/// by a member with `permissions`, after a press of a button of Pulse's message.
fn form_interaction(custom_id: &str, value: &str, permissions: &str, token: &str) -> Value {
    let mut form = component_interaction("unused", permissions, token);
    form["type"] = json!(5);
    form["data"] = json!({
        "custom_id": custom_id,
        "components": [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": value}]}]
    });
    form
}

fn ephemeral(answer: &Value) -> bool {
    answer["data"]["flags"].as_u64().map(|f| f & 64) == Some(64)
}

#[tokio::test]
async fn a_button_that_asks_for_text_opens_a_form_whose_text_reaches_pulse_as_typed() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(21);
    let app = app_with_discord(&discord, &signer).await;

    // Pressed, the button opens the form, in Discord's documented shape.
    let button = input_button_id("Time zone", "/timezone", "An IANA zone like Europe/Berlin");
    assert!(!button.starts_with('/'), "{button}");
    let (status, form) = post(
        &app,
        &signer,
        &component_interaction(&button, "32", "token-press"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        form,
        json!({"type": 9, "data": {"custom_id": "/timezone", "title": "Time zone", "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "text", "label": "An IANA zone like Europe/Berlin",
                "style": 2, "min_length": 1, "max_length": 2200, "required": true}]}
        ]}})
    );

    // A member without Manage Server is refused as with the slash command; nothing changes.
    let (_, refused) = post(
        &app,
        &signer,
        &form_interaction("/timezone", "Asia/Tokyo", "0", "token-member"),
    )
    .await;
    assert_eq!(refused["type"], 4);
    assert!(refused.to_string().contains("Manage Server"), "{refused}");
    assert!(ephemeral(&refused), "{refused}");

    // Sent back by a manager: the command with the text, answered as typed.
    let (status, set) = post(
        &app,
        &signer,
        &form_interaction("/timezone", "  Europe/Berlin \n", "32", "token-form"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(set["type"], 4, "{set}");
    assert!(
        set.to_string().contains("Time zone set to Europe/Berlin"),
        "{set}"
    );
    let (_, shown) = post(
        &app,
        &signer,
        &command_interaction("timezone", json!([]), "0", "token-show"),
    )
    .await;
    assert!(
        shown
            .to_string()
            .contains("This chat's time zone is Europe/Berlin"),
        "the manager's form set it, the member's did not: {shown}"
    );

    // A slow command sent by a form is deferred, then edited in.
    let (_, deferred) = post(
        &app,
        &signer,
        &form_interaction("/ask", "how many followers did I gain?", "0", "token-ask"),
    )
    .await;
    assert_eq!(deferred["type"], 5, "deferred: {deferred}");
    let edit = discord
        .wait_for(|c| {
            c.method == "PATCH"
                && c.path
                    == format!("/api/v10/webhooks/{APPLICATION_ID}/token-ask/messages/@original")
        })
        .await
        .expect("the answer is edited in");
    assert!(
        edit.body
            .to_string()
            .contains("No Instagram account is linked"),
        "{}",
        edit.body
    );
    app.stop().await;
}

#[tokio::test]
async fn a_form_pulse_cannot_read_gets_a_plain_sentence_only_its_sender_sees() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(22);
    let app = app_with_discord(&discord, &signer).await;
    let cases = [
        (
            form_interaction("hello", "hi", "32", "t1"),
            "Pulse cannot read this form",
        ),
        (
            form_interaction("form:Reply\nTo ana\n/reply 1", "hi", "32", "t2"),
            "Pulse cannot read this form",
        ),
        (
            form_interaction("/timezone", " \n ", "32", "t3"),
            "Write between 1 and 2,200 characters",
        ),
        (
            form_interaction("/timezone", &"x".repeat(2201), "32", "t4"),
            "Write between 1 and 2,200 characters",
        ),
        (
            {
                let mut empty = form_interaction("/timezone", "UTC", "32", "t5");
                empty["data"]["components"] = json!([]);
                empty
            },
            "Pulse cannot read this form",
        ),
        (
            component_interaction("form:no form here", "32", "t6"),
            "Pulse cannot read this form",
        ),
    ];
    for (index, (interaction, expected)) in cases.iter().enumerate() {
        let (status, answer) = post(&app, &signer, interaction).await;
        assert_eq!(status, StatusCode::OK, "case {index}");
        assert_eq!(answer["type"], 4, "case {index}: {answer}");
        assert!(ephemeral(&answer), "case {index}: {answer}");
        assert!(
            answer.to_string().contains(expected),
            "case {index}: {answer}"
        );
    }
    // None of them reached the engine: the time zone is as it was.
    let (_, shown) = post(
        &app,
        &signer,
        &command_interaction("timezone", json!([]), "0", "token-show"),
    )
    .await;
    assert!(
        shown.to_string().contains("This chat's time zone is UTC"),
        "{shown}"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_unsigned_or_forged_form_is_refused_before_it_is_read() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(23);
    let stranger = Signer25519::new(24);
    let app = app_with_discord(&discord, &signer).await;
    let url = format!("{}/discord/interactions", app.base_url);
    let body = serde_json::to_vec(&form_interaction(
        "/timezone",
        "Asia/Tokyo",
        "32",
        "t-forged",
    ))
    .unwrap();
    let now = chrono::Utc::now().timestamp().to_string();
    let old = (chrono::Utc::now().timestamp() - 400).to_string();
    let attempts = [
        (None, None),
        (None, Some(now.clone())),
        (Some(stranger.sign(&now, &body)), Some(now.clone())),
        (Some(signer.sign(&old, &body)), Some(old.clone())),
    ];
    for (index, (signature, timestamp)) in attempts.into_iter().enumerate() {
        let mut request = app.http().post(&url).body(body.clone());
        if let Some(signature) = signature {
            request = request.header("x-signature-ed25519", signature);
        }
        if let Some(timestamp) = timestamp {
            request = request.header("x-signature-timestamp", timestamp);
        }
        let status = request.send().await.unwrap().status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {index}");
    }
    let (_, shown) = post(
        &app,
        &signer,
        &command_interaction("timezone", json!([]), "0", "token-show"),
    )
    .await;
    assert!(
        shown.to_string().contains("This chat's time zone is UTC"),
        "{shown}"
    );
    app.stop().await;
}

#[tokio::test]
async fn through_the_gateway_a_form_opens_and_comes_back_as_typed() {
    let discord = FakeDiscord::start().await;
    let options = TestOptions {
        discord_gateway: Some(discord.api_url()),
        ..TestOptions::default()
    };
    let app: TestApp = spawn_app_with(|_| {}, options).await;
    discord
        .wait_for(|c| {
            c.method == "PUT"
                && c.path
                    == format!("/api/v10/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
        })
        .await
        .expect("commands registered on ready");
    let button = input_button_id("Time zone", "/timezone", "Your zone");
    discord.dispatch(
        "INTERACTION_CREATE",
        component_interaction(&button, "32", "token-gw-press"),
    );
    let form = discord
        .wait_for(|c| c.method == "POST" && c.path.ends_with("/token-gw-press/callback"))
        .await
        .expect("the form through REST");
    assert_eq!(form.body["type"], 9, "{}", form.body);
    assert_eq!(form.body["data"]["custom_id"], "/timezone");
    discord.dispatch(
        "INTERACTION_CREATE",
        form_interaction("/timezone", "Europe/Lisbon", "32", "token-gw-form"),
    );
    let answer = discord
        .wait_for(|c| c.method == "POST" && c.path.ends_with("/token-gw-form/callback"))
        .await
        .expect("the answer through REST");
    assert_eq!(answer.body["type"], 4);
    assert!(
        answer
            .body
            .to_string()
            .contains("Time zone set to Europe/Lisbon"),
        "{}",
        answer.body
    );
    app.stop().await;
}
