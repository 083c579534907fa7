//! Instagram's webhooks end to end: the verification handshake, a signed comment delivery
//! that becomes one alert message in a Telegram chat with its buttons (delivered twice,
//! alerting once), and unsigned, forged and tampered deliveries refused before anything is
//! read. The bodies are written here from Meta's documented format and signed with the
//! configured app secret, so the wire format is tested on its own.

use std::time::Duration;

use engine::chat::{ChatId, Platform};
use engine::records::AlertState;
use pulse_tests::fake_telegram::FakeTelegram;
use pulse_tests::{spawn_app_with, TestApp, TestOptions};
use rand::{Rng, SeedableRng};
use secrecy::ExposeSecret as _;

const VERIFY_TOKEN: &str = "a-verify-token-of-the-operators";
const ANA: i64 = 777_016;

async fn app_with_webhooks(telegram: Option<&FakeTelegram>) -> TestApp {
    spawn_app_with(
        |_| {},
        TestOptions {
            telegram_api_url: telegram.map(FakeTelegram::api_url),
            instagram_webhook_verify_token: Some(VERIFY_TOKEN.into()),
            ..TestOptions::default()
        },
    )
    .await
}

/// A delivery of one comment on the app's account, as Meta sends it.
fn delivery(app: &TestApp, comment_id: &str, text: &str) -> Vec<u8> {
    let account = &app.account().profile.user_id;
    let post = &app.account().posts[0].id;
    serde_json::json!({
        "object": "instagram",
        "entry": [{
            "id": account,
            "time": app.clock.now().timestamp(),
            "changes": [{
                "field": "comments",
                "value": {
                    "id": comment_id,
                    "from": {"id": "9000000000000016", "username": "a_buyer"},
                    "text": text,
                    "media": {"id": post, "media_product_type": "FEED"}
                }
            }]
        }]
    })
    .to_string()
    .into_bytes()
}

fn app_secret(app: &TestApp) -> String {
    app.secrets()
        .instagram_app_secret
        .as_ref()
        .expect("the app secret is set")
        .expose_secret()
        .to_owned()
}

async fn post(app: &TestApp, body: Vec<u8>, signature: Option<String>) -> u16 {
    let mut request = app
        .http()
        .post(format!("{}/instagram/webhook", app.base_url))
        .header("content-type", "application/json")
        .body(body);
    if let Some(signature) = signature {
        request = request.header("x-hub-signature-256", signature);
    }
    request
        .send()
        .await
        .expect("the webhook answers")
        .status()
        .as_u16()
}

fn stored(app: &TestApp, comment_id: &str) -> bool {
    let post = &app.account().posts[0].id;
    app.state
        .pulse
        .records()
        .comment(&app.account_id(), post, comment_id)
        .expect("the store reads")
        .is_some()
}

#[tokio::test]
async fn the_handshake_echoes_the_challenge_only_with_the_verify_token() {
    let app = app_with_webhooks(None).await;
    let url = |token: &str| {
        format!(
            "{}/instagram/webhook?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444",
            app.base_url
        )
    };
    let answer = app.http().get(url(VERIFY_TOKEN)).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert!(answer.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(answer.text().await.unwrap(), "1158201444");
    assert_eq!(app.status_and_text(url("not-the-token")).await.0, 403);
    let unsubscribe = format!(
        "{}/instagram/webhook?hub.mode=unsubscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1",
        app.base_url
    );
    assert_eq!(app.status_and_text(unsubscribe).await.0, 403);
    app.stop().await;

    // Without a verify token, webhooks are not there at all.
    let app = pulse_tests::spawn_app().await;
    assert_eq!(
        app.status_and_text(format!(
            "{}/instagram/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1",
            app.base_url
        ))
        .await
        .0,
        404
    );
    app.stop().await;
}

#[tokio::test]
async fn a_signed_lead_reaches_a_telegram_chat_once_with_its_buttons() {
    let telegram = FakeTelegram::start().await;
    let app = app_with_webhooks(Some(&telegram)).await;
    telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "setmycommands")
        .await
        .expect("the Telegram front end started");
    app.link_account().await;
    let chat = ChatId::new(Platform::Telegram, ANA.to_string());
    app.link_directly(
        &app.account_id(),
        std::slice::from_ref(&chat),
        app.clock.now(),
    );
    telegram.user_says(ANA, ANA, "/alerts on");
    telegram
        .wait_for_text(ANA, "Alerts are on")
        .await
        .expect("alerts turned on");

    let comment_id = "18000000000000016";
    let body = delivery(&app, comment_id, "How much is this? Do you ship to Lisbon?");
    let signature = connectors::webhook::sign(&app_secret(&app), &body);
    // Delivered twice, as Meta does when it is unsure of the first.
    assert_eq!(post(&app, body.clone(), Some(signature.clone())).await, 200);
    assert_eq!(post(&app, body, Some(signature)).await, 200);
    assert!(stored(&app, comment_id), "the comment is stored at once");

    let alert = telegram
        .wait_for_text(ANA, "New lead")
        .await
        .expect("an alert message");
    let text = alert.body["text"].as_str().unwrap();
    assert!(
        text.contains("@a_buyer") && text.contains("Do you ship to Lisbon?"),
        "{text}"
    );
    let buttons: Vec<&str> = alert.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .filter_map(|button| button["callback_data"].as_str())
        .collect();
    for command in [
        format!("/reply {comment_id}"),
        format!("/dm {comment_id}"),
        format!("/hide {comment_id}"),
        format!("/lead {comment_id} done"),
    ] {
        assert!(
            buttons.contains(&command.as_str()),
            "{command} in {buttons:?}"
        );
    }
    // Once the runner has recorded the send, there is one alert message and no other to come.
    let records = app.state.pulse.records();
    let account = app.account_id();
    tokio::time::timeout(Duration::from_secs(30), async {
        while !matches!(
            records
                .alert(&chat, &account, comment_id)
                .unwrap()
                .map(|r| r.state),
            Some(AlertState::Sent { .. })
        ) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the send is recorded");
    let alerts = telegram
        .texts_to(ANA)
        .iter()
        .filter(|text| text.contains("New lead"))
        .count();
    assert_eq!(alerts, 1);
    assert_eq!(
        app.state
            .pulse
            .claim_due_alerts(
                &[Platform::Telegram],
                app.clock.now() + chrono::Duration::hours(1)
            )
            .unwrap(),
        Vec::new(),
        "nothing is left to send"
    );
    app.stop().await;
}

#[tokio::test]
async fn unsigned_forged_or_tampered_deliveries_are_refused_and_store_nothing() {
    let app = app_with_webhooks(None).await;
    app.link_account().await;
    let secret = app_secret(&app);
    let comment_id = "18000000000000017";
    let body = delivery(&app, comment_id, "price please?");
    let signature = connectors::webhook::sign(&secret, &body);

    assert_eq!(post(&app, body.clone(), None).await, 401);
    let forged = connectors::webhook::sign("not-the-app-secret", &body);
    assert_eq!(post(&app, body.clone(), Some(forged)).await, 403);
    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("price please?", "send me the link");
    assert_eq!(
        post(&app, tampered.into_bytes(), Some(signature.clone())).await,
        403
    );

    // 1,000 random mutations of the body or the header: none is taken.
    let mut rng = rand::rngs::StdRng::seed_from_u64(16);
    for _ in 0..1000 {
        let mut mutated = body.clone();
        let mut header = Some(signature.clone());
        match rng.gen_range(0..5) {
            0 => {
                let at = rng.gen_range(0..mutated.len());
                mutated[at] ^= rng.gen_range(1..=255u8);
            }
            1 => mutated.truncate(rng.gen_range(0..mutated.len())),
            2 => {
                let mut bytes = signature.clone().into_bytes();
                let at = rng.gen_range("sha256=".len()..bytes.len());
                bytes[at] = if bytes[at] == b'a' { b'b' } else { b'a' };
                header = Some(String::from_utf8(bytes).unwrap());
            }
            3 => header = Some(format!("sha1={}", &signature["sha256=".len()..])),
            _ => {
                let at = rng.gen_range(0..=mutated.len());
                mutated.insert(at, rng.gen());
            }
        }
        let status = post(&app, mutated, header).await;
        assert!(matches!(status, 401 | 403), "a mutation got {status}");
    }
    assert!(!stored(&app, comment_id), "nothing was stored");
    assert_eq!(
        app.status_and_text(format!("{}/healthz", app.base_url))
            .await
            .0,
        200
    );

    // A signed body that is not a delivery: refused, after the signature.
    let junk = b"{\"object\":\"instagram\",\"entry\":".to_vec();
    let signed = connectors::webhook::sign(&secret, &junk);
    assert_eq!(post(&app, junk, Some(signed)).await, 400);
    // And the genuine delivery still works.
    assert_eq!(post(&app, body, Some(signature)).await, 200);
    assert!(stored(&app, comment_id));
    app.stop().await;
}
