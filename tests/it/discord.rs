//! Discord end to end: the interactions endpoint with requests signed by a test key, and
//! serenity's REST calls going to a fake Discord server that records them.

use pulse_tests::fake_discord::{
    command_interaction, component_interaction, in_channel, FakeDiscord, OAuthTrouble, Signer25519,
    APPLICATION_ID, CHANNEL_ID, GUILD_ID, MEMBER_ID,
};
use pulse_tests::{spawn_app_with, TestApp, TestOptions};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub(crate) async fn app_with_discord(discord: &FakeDiscord, signer: &Signer25519) -> TestApp {
    let options = TestOptions {
        discord: Some((discord.api_url(), signer.public_key_hex())),
        ..TestOptions::default()
    };
    spawn_app_with(|_| {}, options).await
}

pub(crate) async fn post(app: &TestApp, signer: &Signer25519, body: &Value) -> (StatusCode, Value) {
    let body = serde_json::to_vec(body).unwrap();
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let response = app
        .http()
        .post(format!("{}/discord/interactions", app.base_url))
        .header("x-signature-ed25519", signer.sign(&timestamp, &body))
        .header("x-signature-timestamp", &timestamp)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_team_links_asks_and_is_kept_to_its_permissions() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(7);
    let app = app_with_discord(&discord, &signer).await;

    // The commands are registered in the server at start.
    let registered = discord
        .wait_for(|c| {
            c.method == "PUT"
                && c.path
                    == format!("/api/v10/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
        })
        .await
        .expect("commands registered");
    let names: Vec<&str> = registered
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(
        names.contains(&"connect") && names.contains(&"ask") && names.contains(&"digest"),
        "{names:?}"
    );

    // PING.
    let (status, pong) = post(&app, &signer, &json!({"id": "1", "application_id": APPLICATION_ID, "type": 1, "token": "t", "version": 1})).await;
    assert_eq!((status, pong["type"].as_u64()), (StatusCode::OK, Some(1)));

    // /connect: an ephemeral link, at once.
    let (status, connect) = post(
        &app,
        &signer,
        &command_interaction("connect", json!([]), "32", "token-connect"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(connect["type"], 4);
    assert_eq!(
        connect["data"]["flags"].as_u64().map(|f| f & 64),
        Some(64),
        "ephemeral: {connect}"
    );
    let link = connect["data"]["components"][0]["components"][0]["url"]
        .as_str()
        .expect("a link button")
        .to_owned();
    assert!(link.starts_with(&format!("{}/connect/", app.base_url)));

    // After OAuth, the channel gets the news through REST.
    bot::browser::follow_link(&link)
        .await
        .expect("the link completes");
    let handle = app.account().profile.username.clone();
    let channel_messages = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    let linked = discord
        .wait_for(|c| {
            c.method == "POST"
                && c.path == channel_messages
                && c.body.to_string().contains(&format!("Linked @{handle}"))
        })
        .await
        .expect("a message in the channel");
    assert!(linked.body["embeds"].is_array());
    let ready = discord
        .wait_for(|c| c.path == channel_messages && c.body.to_string().contains("is synced"))
        .await
        .expect("ready in the channel");
    // Pulse's own sentence names the account as it is: no zero-width space after its `@`.
    let description = ready.body["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        description.starts_with(&format!(
            "Ready: @{handle} is synced for the last 30 days \\("
        )),
        "{description:?}"
    );

    // /ask: deferred at once, then the answer edited in.
    let question = json!([{"name": "question", "type": 3, "value": "which post got the most saves in the last 30 days?"}]);
    let (_, deferred) = post(
        &app,
        &signer,
        &command_interaction("ask", question, "0", "token-ask"),
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
        edit.body.to_string().contains("Top posts by saves"),
        "{}",
        edit.body
    );

    // A chart travels as a PNG file with the edited answer. (Thirty days, not "this month":
    // on the 1st the month is one day old and has no chart to draw.)
    let growth = json!([{"name": "question", "type": 3, "value": "show me my follower growth over the last 30 days"}]);
    let (_, deferred) = post(
        &app,
        &signer,
        &command_interaction("ask", growth, "0", "token-growth"),
    )
    .await;
    assert_eq!(deferred["type"], 5);
    let edit = discord
        .wait_for(|c| c.method == "PATCH" && c.path.contains("/token-growth/messages/@original"))
        .await
        .expect("the growth answer is edited in");
    assert!(
        edit.body["files"][0]["file_bytes"].as_u64().unwrap_or(0) > 10_000,
        "a PNG: {}",
        edit.body
    );
    assert_eq!(
        edit.body["embeds"][0]["image"]["url"],
        "attachment://followers.png"
    );

    // /digest takes the channel digests go to.
    let digest = json!([{"name": "action", "type": 3, "value": "on"}, {"name": "channel", "type": 7, "value": "730000000000000001"}]);
    let (_, on) = post(
        &app,
        &signer,
        &command_interaction("digest", digest, "32", "token-digest"),
    )
    .await;
    assert!(on.to_string().contains("Daily digest on"), "{on}");
    let chat = engine::chat::ChatId::new(engine::chat::Platform::Discord, GUILD_ID);
    assert_eq!(
        app.state.pulse.delivery_channel(&chat).unwrap().as_deref(),
        Some("730000000000000001")
    );

    // A member without Manage Server may ask but not change settings.
    let (_, refused) = post(
        &app,
        &signer,
        &command_interaction("forget", json!([]), "0", "token-forget"),
    )
    .await;
    assert_eq!(refused["type"], 4);
    assert!(refused.to_string().contains("Manage Server"), "{refused}");
    assert_eq!(refused["data"]["flags"].as_u64().map(|f| f & 64), Some(64));
    let (_, stats) = post(
        &app,
        &signer,
        &command_interaction(
            "stats",
            json!([{"name": "period", "type": 3, "value": "7d"}]),
            "0",
            "token-stats",
        ),
    )
    .await;
    assert_eq!(stats["type"], 5, "anyone may read stats");
    let (_, accounts) = post(
        &app,
        &signer,
        &command_interaction("accounts", json!([]), "0", "token-accounts"),
    )
    .await;
    let listed = accounts["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        listed.starts_with(&format!(
            "@{handle} \\(Instagram\\) \\(in use\\) · 12,400 followers\n"
        )),
        "{listed:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_thousand_forged_or_mutated_requests_are_all_refused() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(7);
    let stranger = Signer25519::new(9);
    let app = app_with_discord(&discord, &signer).await;
    let url = format!("{}/discord/interactions", app.base_url);
    let http = app.http();
    let body = serde_json::to_vec(&command_interaction(
        "privacy",
        json!([]),
        "32",
        "token-privacy",
    ))
    .unwrap();
    let mut refused = 0;
    for i in 0..1000usize {
        let now = chrono::Utc::now().timestamp();
        let timestamp = now.to_string();
        let good = signer.sign(&timestamp, &body);
        let (signature, stamp, payload): (Option<String>, Option<String>, Vec<u8>) = match i % 10 {
            0 => (
                Some(hex::encode([(i % 251) as u8; 64])),
                Some(timestamp),
                body.clone(),
            ),
            1 => (Some(good), Some(timestamp), {
                let mut b = body.clone();
                let at = i % b.len();
                b[at] ^= 1;
                b
            }),
            2 => (Some(good), Some((now + 1).to_string()), body.clone()),
            3 => (
                Some(signer.sign(&(now - 400).to_string(), &body)),
                Some((now - 400).to_string()),
                body.clone(),
            ),
            4 => (Some("not hex at all".into()), Some(timestamp), body.clone()),
            5 => (Some(String::new()), Some(timestamp), body.clone()),
            6 => (None, Some(timestamp), body.clone()),
            7 => (Some(good), None, body.clone()),
            8 => (
                Some(stranger.sign(&timestamp, &body)),
                Some(timestamp),
                body.clone(),
            ),
            _ => (
                Some(good[..good.len() - 2].to_owned()),
                Some(timestamp),
                body.clone(),
            ),
        };
        let mut request = http.post(&url).body(payload);
        if let Some(signature) = signature {
            request = request.header("x-signature-ed25519", signature);
        }
        if let Some(stamp) = stamp {
            request = request.header("x-signature-timestamp", stamp);
        }
        let status = request.send().await.unwrap().status();
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "request {i} (kind {}) got {status}",
            i % 10
        );
        refused += 1;
    }
    assert_eq!(refused, 1000);
    // And the genuine request still works.
    let (status, privacy) = post(
        &app,
        &signer,
        &command_interaction("privacy", json!([]), "32", "token-privacy"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(privacy.to_string().contains("What Pulse stores"));
    app.stop().await;
}

#[tokio::test]
async fn the_gateway_client_registers_commands_and_answers_through_rest() {
    let discord = FakeDiscord::start().await;
    let options = TestOptions {
        discord_gateway: Some(discord.api_url()),
        ..TestOptions::default()
    };
    let app = spawn_app_with(|_| {}, options).await;
    discord
        .wait_for(|c| {
            c.method == "PUT"
                && c.path
                    == format!("/api/v10/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
        })
        .await
        .unwrap_or_else(|| {
            panic!(
                "commands registered on ready; calls: {:?}",
                discord
                    .calls()
                    .iter()
                    .map(|c| format!("{} {}", c.method, c.path))
                    .collect::<Vec<_>>()
            )
        });
    discord.dispatch(
        "INTERACTION_CREATE",
        command_interaction("privacy", json!([]), "0", "token-gw-privacy"),
    );
    let answer = discord
        .wait_for(|c| c.method == "POST" && c.path.ends_with("/token-gw-privacy/callback"))
        .await
        .expect("an immediate answer through REST");
    assert_eq!(answer.body["type"], 4);
    assert!(
        answer.body.to_string().contains("What Pulse stores"),
        "{}",
        answer.body
    );
    discord.dispatch(
        "INTERACTION_CREATE",
        command_interaction("stats", json!([]), "0", "token-gw-stats"),
    );
    let deferral = discord
        .wait_for(|c| c.path.ends_with("/token-gw-stats/callback"))
        .await
        .expect("a deferral");
    assert_eq!(deferral.body["type"], 5);
    let edit = discord
        .wait_for(|c| c.method == "PATCH" && c.path.contains("/token-gw-stats/messages/@original"))
        .await
        .expect("the edit");
    assert!(
        edit.body
            .to_string()
            .contains("No Instagram account is linked"),
        "{}",
        edit.body
    );
    app.stop().await;
}

/// serenity's shutdown does nothing while its shard is still connecting, and the shard it
/// then starts runs on by itself: an app stopped at that moment must still close the
/// connection, or Discord sees a bot that is gone but still online.
#[tokio::test]
async fn an_app_stopped_while_its_gateway_connects_closes_the_connection() {
    let discord = FakeDiscord::start().await;
    discord.slow_handshakes(std::time::Duration::from_secs(2));
    let options = TestOptions {
        discord_gateway: Some(discord.api_url()),
        ..TestOptions::default()
    };
    let app = spawn_app_with(|_| {}, options).await;
    let connecting = pulse_tests::instances::eventually(std::time::Duration::from_secs(30), || {
        discord.gateway_connections().0 >= 1
    })
    .await;
    assert!(connecting, "the app connects to the gateway");
    app.stop().await;
    let closed = pulse_tests::instances::eventually(std::time::Duration::from_secs(30), || {
        let (accepted, closed) = discord.gateway_connections();
        accepted == closed
    })
    .await;
    assert!(
        closed,
        "every gateway connection closed: {:?} (accepted, closed), {} sessions open",
        discord.gateway_connections(),
        discord.open_sessions()
    );
}

#[tokio::test]
async fn a_forget_question_is_answered_once_and_loses_its_buttons() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(9);
    let app = app_with_discord(&discord, &signer).await;

    let (_, ask) = post(
        &app,
        &signer,
        &command_interaction("forget", json!([]), "32", "token-forget"),
    )
    .await;
    let confirm = ask["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap_or_else(|| panic!("a Delete everything button: {ask}"))
        .to_owned();
    assert!(confirm.starts_with("/forget confirm "), "{confirm}");

    // Typed as a slash command, a bare confirm is not possible; a press of a made-up nonce
    // deletes nothing.
    let (_, forged) = post(
        &app,
        &signer,
        &component_interaction("/forget confirm made-up", "32", "token-forged"),
    )
    .await;
    assert!(
        forged.to_string().contains("This prompt expired"),
        "{forged}"
    );

    // The real press: the answer replaces the question (UPDATE_MESSAGE), without buttons.
    let (status, done) = post(
        &app,
        &signer,
        &component_interaction(&confirm, "32", "token-confirm"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(done["type"], 7, "the question is updated in place: {done}");
    assert_eq!(done["data"]["components"], json!([]), "{done}");
    assert!(
        done.to_string().contains("Pulse deleted everything"),
        "{done}"
    );

    // Pressed again (a stale copy of the message): nothing more.
    let (_, again) = post(
        &app,
        &signer,
        &component_interaction(&confirm, "32", "token-again"),
    )
    .await;
    assert!(again.to_string().contains("This prompt expired"), "{again}");
    app.stop().await;
}

#[tokio::test]
async fn a_replayed_interaction_runs_once() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(11);
    let app = app_with_discord(&discord, &signer).await;
    let ask = command_interaction("forget", json!([]), "32", "token-forget");
    let (_, question) = post(&app, &signer, &ask).await;
    let confirm = question["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .expect("a Delete everything button")
        .to_owned();
    // A captured, correctly signed press, sent twice within Discord's 5 minutes: the first
    // runs, the replay is refused before anything runs.
    let press = component_interaction(&confirm, "32", "token-press");
    let (status, first) = post(&app, &signer, &press).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        first.to_string().contains("Pulse deleted everything"),
        "{first}"
    );
    let (status, replayed) = post(&app, &signer, &press).await;
    assert_eq!(status, StatusCode::CONFLICT, "{replayed}");
    // The slash command replayed: refused too.
    let (status, _) = post(&app, &signer, &ask).await;
    assert_eq!(status, StatusCode::CONFLICT);
    app.stop().await;
}

#[tokio::test]
async fn the_connect_link_in_the_text_is_the_link_itself() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(13);
    let app = app_with_discord(&discord, &signer).await;
    // A link token is URL-safe base64, so about one link in three has a `_`, which an
    // escaping backslash would break: ask until three have.
    let mut underscored = 0;
    for attempt in 0..60 {
        let (_, connect) = post(
            &app,
            &signer,
            &command_interaction(
                "connect",
                json!([]),
                "32",
                &format!("token-connect-{attempt}"),
            ),
        )
        .await;
        let link = connect["data"]["components"][0]["components"][0]["url"]
            .as_str()
            .unwrap_or_else(|| panic!("a link button: {connect}"))
            .to_owned();
        let description = connect["data"]["embeds"][0]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(
            description.contains(&format!("\n{link}\n")),
            "the link as it is, on a line of its own: {description}"
        );
        if link.contains('_') {
            underscored += 1;
            if underscored == 3 {
                break;
            }
        }
    }
    assert_eq!(underscored, 3, "three links with a `_` among 60");
    app.stop().await;
}

#[tokio::test]
async fn the_digest_channel_moves_only_when_a_manager_chooses_it() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(15);
    let app = app_with_discord(&discord, &signer).await;
    let chat = engine::chat::ChatId::new(engine::chat::Platform::Discord, GUILD_ID);
    let delivery = || app.state.pulse.delivery_channel(&chat).unwrap();
    let (chosen, elsewhere, other) = (
        "730000000000000001",
        "730000000000000002",
        "730000000000000003",
    );
    // The text of an answer's embeds: titles and descriptions.
    let description = |answer: &Value| {
        answer["data"]["embeds"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|embed| [&embed["title"], &embed["description"]])
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let names = |channel: &str| {
        format!("Pulse posts the daily digest and news of linked accounts in <#{channel}>. /digest channel: moves them.")
    };

    // The first /connect picks the channel it was used in, and says so.
    let (_, connect) = post(
        &app,
        &signer,
        &command_interaction("connect", json!([]), "32", "token-connect"),
    )
    .await;
    assert!(
        description(&connect).ends_with(&names(CHANNEL_ID)),
        "{connect}"
    );
    assert_eq!(delivery().as_deref(), Some(CHANNEL_ID));

    // A manager chooses a channel: the answer names it.
    let on = json!([{"name": "action", "type": 3, "value": "on"}, {"name": "channel", "type": 7, "value": chosen}]);
    let (_, answer) = post(
        &app,
        &signer,
        &command_interaction("digest", on, "32", "token-digest-on"),
    )
    .await;
    let text = description(&answer);
    assert!(text.starts_with("Daily digest on"), "{answer}");
    assert!(text.ends_with(&names(chosen)), "{text:?}");
    assert_eq!(delivery().as_deref(), Some(chosen));

    // A member without Manage Server cannot choose one, nor move it by using /digest
    // (alone, or now) in another channel.
    let choose = json!([{"name": "channel", "type": 7, "value": elsewhere}]);
    let (_, refused) = post(
        &app,
        &signer,
        &command_interaction("digest", choose, "0", "token-digest-member"),
    )
    .await;
    assert!(refused.to_string().contains("Manage Server"), "{refused}");
    let (_, shown) = post(
        &app,
        &signer,
        &in_channel(
            command_interaction("digest", json!([]), "0", "token-digest-show"),
            other,
        ),
    )
    .await;
    assert!(description(&shown).ends_with(&names(chosen)), "{shown}");
    let now = json!([{"name": "action", "type": 3, "value": "now"}]);
    let (_, deferred) = post(
        &app,
        &signer,
        &in_channel(
            command_interaction("digest", now, "0", "token-digest-now"),
            other,
        ),
    )
    .await;
    assert_eq!(deferred["type"], 5, "{deferred}");
    let edit = discord
        .wait_for(|c| {
            c.method == "PATCH" && c.path.contains("/token-digest-now/messages/@original")
        })
        .await
        .expect("the digest is edited in");
    assert!(!edit.body.to_string().contains("<#"), "{}", edit.body);
    assert_eq!(delivery().as_deref(), Some(chosen));

    // A manager's /digest with a bad argument is refused and moves nothing.
    let bad = json!([
        {"name": "action", "type": 3, "value": "time"},
        {"name": "time", "type": 3, "value": "25:99"},
        {"name": "channel", "type": 7, "value": elsewhere}
    ]);
    let (_, refused) = post(
        &app,
        &signer,
        &command_interaction("digest", bad, "32", "token-digest-bad"),
    )
    .await;
    let text = description(&refused);
    assert!(text.contains("is not a time like 08:30"), "{refused}");
    assert!(!text.contains("<#"), "{text:?}");
    assert_eq!(delivery().as_deref(), Some(chosen));

    // /connect used in another channel leaves it, and says where the news will come.
    let (_, connect) = post(
        &app,
        &signer,
        &in_channel(
            command_interaction("connect", json!([]), "32", "token-connect-other"),
            other,
        ),
    )
    .await;
    assert!(description(&connect).ends_with(&names(chosen)), "{connect}");
    assert_eq!(delivery().as_deref(), Some(chosen));

    // What Discord receives: the link's news in the chosen channel, nothing anywhere else.
    let link = connect["data"]["components"][0]["components"][0]["url"]
        .as_str()
        .expect("a link button")
        .to_owned();
    bot::browser::follow_link(&link)
        .await
        .expect("the link completes");
    let news = discord
        .wait_for(|c| c.method == "POST" && c.body.to_string().contains("Linked @"))
        .await
        .expect("the news of the link");
    assert_eq!(news.path, format!("/api/v10/channels/{chosen}/messages"));
    let posted: Vec<String> = discord
        .calls()
        .into_iter()
        .filter(|c| c.path.starts_with("/api/v10/channels/"))
        .map(|c| c.path)
        .collect();
    assert!(
        posted.iter().all(|path| path.contains(chosen)),
        "{posted:?}"
    );
    app.stop().await;
}

/// A Pulse whose Discord `/connect` links are bound to who asked (OAuth2 `identify`), and a
/// fresh link made with `/connect` in the server by [`MEMBER_ID`].
async fn app_with_bound_links(discord: &FakeDiscord, signer: &Signer25519) -> (TestApp, String) {
    let options = TestOptions {
        discord: Some((discord.api_url(), signer.public_key_hex())),
        discord_oauth: true,
        ..TestOptions::default()
    };
    let app = spawn_app_with(|_| {}, options).await;
    let link = connect_link(&app, signer, "token-bound-connect").await;
    (app, link)
}

/// `/connect` in the server by [`MEMBER_ID`]: the link of its answer.
async fn connect_link(app: &TestApp, signer: &Signer25519, token: &str) -> String {
    let (_, connect) = post(
        app,
        signer,
        &command_interaction("connect", json!([]), "32", token),
    )
    .await;
    connect["data"]["components"][0]["components"][0]["url"]
        .as_str()
        .unwrap_or_else(|| panic!("a link button: {connect}"))
        .to_owned()
}

/// The `Location` of a redirect, and the pairs of its query.
fn redirect(response: &reqwest::Response) -> (String, std::collections::HashMap<String, String>) {
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_else(|| panic!("a redirect, not {}", response.status()))
        .to_owned();
    let query = location
        .split_once('?')
        .map(|(_, query)| {
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    (location, query)
}

/// Opens the link page as a browser would and returns Discord's authorize redirect's `state`.
async fn discord_state(app: &TestApp, link: &str) -> String {
    let response = app.http().get(link).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    redirect(&response).1["state"].clone()
}

/// Discord's redirect back to Pulse with `code` and `state`.
async fn callback(app: &TestApp, code: &str, state: &str) -> reqwest::Response {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("code", code)
        .append_pair("state", state)
        .finish();
    app.http()
        .get(format!("{}/oauth/discord/callback?{query}", app.base_url))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_connect_link_opened_by_someone_else_is_refused_after_discords_sign_in() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(7);
    let (app, link) = app_with_bound_links(&discord, &signer).await;
    let http = app.http();
    let token = link.rsplit('/').next().unwrap().to_owned();

    // The link page sends the browser to Discord's sign-in: identify only, back to Pulse.
    let to_discord = http.get(&link).send().await.unwrap();
    assert_eq!(to_discord.status(), StatusCode::SEE_OTHER);
    let (location, query) = redirect(&to_discord);
    assert!(
        location.starts_with(&format!("{}/oauth2/authorize?", discord.api_url())),
        "{location}"
    );
    assert_eq!(query["client_id"], APPLICATION_ID);
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["scope"], "identify");
    assert_eq!(
        query["redirect_uri"],
        format!("{}/oauth/discord/callback", app.base_url)
    );
    let stranger_state = query["state"].clone();
    assert!(stranger_state.len() >= 32, "{stranger_state}");
    assert!(
        !location.contains(&token),
        "the link token does not travel to Discord"
    );
    // Straight to /go, without Discord's word: refused.
    assert_eq!(app.status_and_text(format!("{link}/go")).await.0, 403);

    // A stranger the link was passed to signs in as themselves: refused, and /go too.
    let code = discord.mint_code("720000000000000009", "mallory");
    let refused = callback(&app, &code, &stranger_state).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let text = refused.text().await.unwrap();
    assert!(text.contains("someone else"), "{text}");
    assert!(text.contains("@ana"), "names who asked: {text}");
    assert_eq!(app.status_and_text(format!("{link}/go")).await.0, 403);
    // A proof they make up themselves for the member who asked: refused.
    let expires = (app.clock.now() + chrono::Duration::minutes(5)).timestamp();
    let made_up = format!(
        "{link}/go?discord_proof={MEMBER_ID}.{expires}.{}",
        "00".repeat(32)
    );
    assert_eq!(app.status_and_text(made_up.clone()).await.0, 403);
    let made_up_page = made_up.replace("/go?", "?");
    assert_eq!(app.status_and_text(made_up_page).await.0, 403);

    // A used state, even with the requester's own code, and a state Pulse never made.
    let mine = discord.mint_code(MEMBER_ID, "ana");
    assert_eq!(
        callback(&app, &mine, &stranger_state).await.status(),
        StatusCode::BAD_REQUEST,
        "a state works once"
    );
    assert_eq!(
        callback(&app, &mine, &"ab".repeat(32)).await.status(),
        StatusCode::BAD_REQUEST,
        "a forged state"
    );
    // Discord's code is single-use and was not spent by the refused callbacks.
    let state = discord_state(&app, &link).await;
    let back = callback(&app, &mine, &state).await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    let (location, _) = redirect(&back);
    assert!(
        location.starts_with(&format!("/connect/{token}?discord_proof=")),
        "{location}"
    );
    assert!(!location.contains(&mine), "no code in the address bar");
    // The same state again, after it worked: refused.
    assert_eq!(
        callback(&app, &discord.mint_code(MEMBER_ID, "ana"), &state)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );

    // The member who asked: the link page, then on to Instagram (the sandbox's), then linked.
    let (status, page) = app
        .status_and_text(format!("{}{location}", app.base_url))
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("everyone in it will see"), "{page}");
    let go = page
        .split("id=\"continue\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a Continue link")
        .replace("&amp;", "&");
    assert!(
        go.starts_with(&format!("/connect/{token}/go?discord_proof=")),
        "{go}"
    );
    let to_instagram = http
        .get(format!("{}{go}", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(to_instagram.status(), StatusCode::SEE_OTHER);
    let (authorize, query) = redirect(&to_instagram);
    assert!(
        authorize.starts_with(&app.config().instagram.authorize_url),
        "{authorize}"
    );
    assert_eq!(query["state"], token);
    // The proof is for this link: another link of the same member does not take it.
    let other = connect_link(&app, &signer, "token-bound-connect-2").await;
    let proof = go.split_once('?').unwrap().1;
    assert_eq!(
        app.status_and_text(format!("{other}/go?{proof}")).await.0,
        403
    );
    let following = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
        .unwrap();
    let landed = following.get(&authorize).send().await.unwrap();
    assert_eq!(landed.url().path(), "/linked", "{}", landed.url());
    app.stop().await;
}

#[tokio::test]
async fn discords_sign_in_failing_gets_a_plain_page() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(7);
    let (app, link) = app_with_bound_links(&discord, &signer).await;
    let text_of = |response: reqwest::Response| async move {
        let status = response.status();
        (status, response.text().await.unwrap())
    };

    // A code Discord never gave.
    let state = discord_state(&app, &link).await;
    let (status, text) = text_of(callback(&app, "not-a-code", &state).await).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{text}");
    assert!(text.contains("nothing was linked"), "{text}");
    assert!(!text.contains("not-a-code"), "{text}");
    // Discord (or a proxy before it) failing, and answering what is not JSON.
    for trouble in [OAuthTrouble::ServerError, OAuthTrouble::MalformedJson] {
        discord.oauth_trouble(Some(trouble));
        let state = discord_state(&app, &link).await;
        let code = discord.mint_code(MEMBER_ID, "ana");
        let (status, text) = text_of(callback(&app, &code, &state).await).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{trouble:?}: {text}");
    }
    discord.oauth_trouble(None);
    // The person said no on Discord's page.
    let state = discord_state(&app, &link).await;
    let denied = app
        .http()
        .get(format!(
            "{}/oauth/discord/callback?error=access_denied&state={state}",
            app.base_url
        ))
        .send()
        .await
        .unwrap();
    let (status, text) = text_of(denied).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("Nothing was linked"), "{text}");
    // Nothing broke: the member who asked still gets through, and the link was not used up.
    let state = discord_state(&app, &link).await;
    let back = callback(&app, &discord.mint_code(MEMBER_ID, "ana"), &state).await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    let (location, _) = redirect(&back);
    let page = app
        .http()
        .get(format!("{}{location}", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    app.stop().await;
}
