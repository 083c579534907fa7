//! Telegram end to end: the real teloxide client against a fake Bot API on 127.0.0.1, with
//! the sandbox Instagram behind Pulse.

use std::time::Duration;

use pulse_tests::fake_telegram::{FakeTelegram, BOT_USERNAME};
use pulse_tests::{grouped, spawn_app_with, spawn_app_with_telegram, TestOptions};

const ANA: i64 = 777_001;

fn url_button(call: &pulse_tests::fake_telegram::Call) -> Option<String> {
    call.body["reply_markup"]["inline_keyboard"][0][0]["url"]
        .as_str()
        .map(str::to_owned)
}

#[tokio::test]
async fn a_user_links_asks_and_forgets_in_a_private_chat() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;

    // The command menu is registered at start.
    let menu = telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "setmycommands")
        .await
        .expect("setMyCommands at start");
    let commands: Vec<&str> = menu.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["command"].as_str())
        .collect();
    for expected in ["connect", "stats", "top", "forget", "privacy"] {
        assert!(commands.contains(&expected), "{expected} in {commands:?}");
    }

    // /connect answers with an inline URL button to the link page.
    telegram.user_says(ANA, ANA, "/connect");
    let offer = telegram
        .wait_for_text(ANA, "Open this link")
        .await
        .expect("a link offer");
    assert_eq!(offer.body["parse_mode"], "HTML");
    let link = url_button(&offer).expect("an inline URL button");
    assert!(
        link.starts_with(&format!("{}/connect/", app.base_url)),
        "{link}"
    );

    // The person opens it; the chat is told the handle, sees progress, then "Ready".
    bot::browser::follow_link(&link)
        .await
        .expect("the link completes");
    let handle = app.account().profile.username.clone();
    let linked = telegram
        .wait_for_text(ANA, &format!("Linked @{handle}"))
        .await
        .expect("linked message");
    assert_eq!(
        linked.body["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
        format!("/disconnect @{handle}")
    );
    telegram
        .wait_for_text(ANA, &format!("Ready: @{handle} is synced"))
        .await
        .expect("ready message");
    let progress_messages = telegram
        .texts_to(ANA)
        .iter()
        .filter(|t| t.starts_with("Syncing @"))
        .count();
    assert_eq!(
        progress_messages, 1,
        "one progress message, edited in place"
    );

    // Two questions in plain words, answered from the store; the expected figures come from
    // the sandbox's own data.
    let account = app.account().clone();
    let today = app.today();
    let first = today - chrono::Days::new(29);
    let best = account
        .posts
        .iter()
        .filter(|p| (first..=today).contains(&p.timestamp.date_naive()))
        .max_by(|a, b| {
            a.insights
                .saved
                .cmp(&b.insights.saved)
                .then(a.timestamp.cmp(&b.timestamp))
        })
        .expect("posts in the last 30 days");
    telegram.user_says(
        ANA,
        ANA,
        "Which post got the most saves in the last 30 days?",
    );
    let saves = telegram
        .wait_for_text(ANA, "Top posts by saves")
        .await
        .expect("an answer about saves");
    let saves_text = saves.body["text"].as_str().unwrap();
    assert!(
        saves_text.contains(&format!("\n{} saves · ", grouped(best.insights.saved))),
        "{saves_text}"
    );
    assert!(saves_text.contains(&best.permalink), "{saves_text}");
    assert!(
        !saves_text.contains("1. "),
        "one post was asked for, and a list of one is not numbered: {saves_text}"
    );
    let yesterday = today.pred_opt().unwrap();
    let reach = account
        .daily
        .iter()
        .find(|d| d.date == yesterday)
        .expect("yesterday's insights")
        .reach;
    telegram.user_says(ANA, ANA, "what was my reach yesterday?");
    let answer = telegram
        .wait_for_text(ANA, "Reach (sum of daily reach): <b>")
        .await
        .expect("an answer about reach");
    let answer_text = answer.body["text"].as_str().unwrap();
    assert!(
        answer_text.contains(&format!(
            "Reach (sum of daily reach): <b>{}</b>",
            grouped(reach)
        )),
        "{answer_text}"
    );
    assert!(
        answer_text.contains(&yesterday.format("%-d %b %Y").to_string()),
        "the period as a date: {answer_text}"
    );

    // The commands too.
    telegram.user_says(ANA, ANA, "/stats 7d");
    let stats = telegram
        .wait_for_text(ANA, "Reach (sum of daily reach)")
        .await
        .expect("stats");
    assert!(
        stats.body["text"].as_str().unwrap().contains("<b>"),
        "HTML formatting"
    );
    telegram.user_says(ANA, ANA, "/top saves");
    let top = telegram
        .wait_for(Duration::from_secs(30), |c| {
            c.body["text"]
                .as_str()
                .is_some_and(|t| t.contains("Top posts by saves") && t.contains("\n2. "))
        })
        .await;
    assert!(top.is_some(), "a numbered ranking of five posts");

    // A chart arrives as a photo.
    // (The last 30 days, not "this month": on the 1st a month has one day, too few for a chart.)
    telegram.user_says(ANA, ANA, "show me my follower growth over the last 30 days");
    telegram
        .wait_for_text(ANA, "follower growth")
        .await
        .expect("a growth answer");
    let photo = telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "sendphoto")
        .await
        .expect("the chart is sent as a photo");
    assert_eq!(photo.body["chat_id"], ANA);
    assert!(
        photo.body["photo"]["file_bytes"].as_u64().unwrap_or(0) > 10_000,
        "{:?}",
        photo.body
    );

    // /export arrives as a JSON document.
    telegram.user_says(ANA, ANA, "/export");
    telegram
        .wait_for_text(ANA, "Everything Pulse stores for this chat, as JSON")
        .await
        .expect("export message");
    let document = telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "senddocument")
        .await
        .expect("the export is sent as a document");
    assert_eq!(document.body["chat_id"], ANA);
    assert!(
        document.body["document"]["file_bytes"]
            .as_u64()
            .unwrap_or(0)
            > 10_000,
        "{:?}",
        document.body
    );

    // /forget asks with buttons; pressing "Delete everything" answers the callback and
    // deletes, with a receipt.
    telegram.user_says(ANA, ANA, "/forget");
    let ask = telegram
        .wait_for_text(ANA, "This deletes everything")
        .await
        .expect("confirmation");
    let confirm = ask.body["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .expect("a Delete everything button")
        .to_owned();
    assert!(confirm.starts_with("/forget confirm "), "{confirm}");
    assert!(confirm.len() <= 64, "within Telegram's callback_data limit");
    // Typed, the confirm without its question's nonce deletes nothing.
    telegram.user_says(ANA, ANA, "/forget confirm");
    telegram
        .wait_for_text(ANA, "Nothing was deleted")
        .await
        .expect("a bare confirm is refused");
    let query = telegram.user_presses(ANA, ANA, 42, &confirm);
    telegram
        .wait_for(Duration::from_secs(10), |c| {
            c.method == "answercallbackquery" && c.body["callback_query_id"] == query.as_str()
        })
        .await
        .expect("the callback query is answered");
    let receipt = telegram
        .wait_for_text(ANA, "Pulse deleted everything it stored for this chat")
        .await
        .expect("receipt");
    assert!(receipt.body["text"]
        .as_str()
        .unwrap()
        .contains("Links to accounts: <b>1 (2 records)</b>"));
    // The question's buttons were taken off, and a replayed press deletes nothing more.
    let removed = telegram
        .wait_for(Duration::from_secs(10), |c| {
            c.method == "editmessagereplymarkup" && c.body["message_id"] == 42
        })
        .await
        .expect("the pressed question's buttons are removed");
    assert!(
        removed
            .body
            .get("reply_markup")
            .is_none_or(|markup| markup.is_null()
                || markup["inline_keyboard"]
                    .as_array()
                    .is_some_and(Vec::is_empty)),
        "{}",
        removed.body
    );
    telegram.user_presses(ANA, ANA, 42, &confirm);
    telegram
        .wait_for_text(ANA, "This prompt expired")
        .await
        .expect("a second press is answered as expired");
    telegram.user_says(ANA, ANA, "/stats");
    telegram
        .wait_for_text(ANA, "No Instagram account is linked")
        .await
        .expect("nothing left");
    app.stop().await;
}

#[tokio::test]
async fn in_a_group_only_commands_mentions_and_replies_are_read() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    let group = -100_555;
    telegram.user_says(group, ANA, "lovely weather today");
    telegram.user_says(group, ANA, "/help@someone_else_bot");
    telegram.user_says(group, ANA, &format!("/privacy@{BOT_USERNAME}"));
    telegram
        .wait_for_text(group, "What Pulse stores")
        .await
        .expect("the addressed command is answered");
    telegram.user_says(group, ANA, &format!("@{BOT_USERNAME} /help"));
    telegram.user_says_replying(group, ANA, "/start", Some(1));
    telegram
        .wait_for_text(group, "Hi! I'm Pulse")
        .await
        .expect("a command in a reply");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let texts = telegram.texts_to(group);
    assert_eq!(
        texts.len(),
        3,
        "chatter and another bot's command are ignored: {texts:#?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_sticker_gets_one_hint_in_a_private_chat_and_photos_go_to_pulse_once() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    let group = -100_556;
    telegram.user_sends(group, ANA, FakeTelegram::sticker());
    telegram.user_sends(group, ANA, FakeTelegram::photo(None));
    telegram.user_sends(ANA, ANA, FakeTelegram::sticker());
    // An album arrives as one message per photo: it is one message to Pulse (to post), not
    // one each and not the text-only hint.
    telegram.user_sends(ANA, ANA, FakeTelegram::photo(Some("album-1")));
    telegram.user_sends(ANA, ANA, FakeTelegram::photo(Some("album-1")));
    // Updates of a chat are handled in order: once /start is answered, the rest was too.
    telegram.user_says(ANA, ANA, "/start");
    telegram
        .wait_for_text(ANA, "Hi! I'm Pulse")
        .await
        .expect("the greeting");
    // The album is answered once it is complete: no account is linked to post to.
    telegram
        .wait_for_text(ANA, "No Instagram account is linked")
        .await
        .expect("the album's answer");
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    let texts = telegram.texts_to(ANA);
    let hints: Vec<&String> = texts
        .iter()
        .filter(|t| t.starts_with("I only read text"))
        .collect();
    assert_eq!(hints.len(), 1, "one hint, for the sticker: {texts:#?}");
    assert!(
        hints[0].contains("/stats") && hints[0].contains("/help"),
        "{}",
        hints[0]
    );
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("No Instagram account is linked"))
            .count(),
        1,
        "one answer to the album: {texts:#?}"
    );
    assert!(
        telegram.texts_to(group).is_empty(),
        "groups stay silent: {:#?}",
        telegram.texts_to(group)
    );
    app.stop().await;
}

#[tokio::test]
async fn a_429_is_waited_out_before_the_next_send() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    telegram.reject_next_sends(1, 1);
    telegram.user_says(ANA, ANA, "/help");
    telegram
        .wait_for_text(ANA, "Pulse brings your Instagram insights")
        .await
        .expect("the reply arrives after the wait");
    let sends: Vec<_> = telegram
        .calls()
        .into_iter()
        .filter(|c| c.method == "sendmessage")
        .collect();
    assert_eq!(sends.len(), 2, "one rejected, one delivered");
    assert!(sends[0].rejected && !sends[1].rejected);
    let waited = sends[1].at.duration_since(sends[0].at);
    assert!(
        waited >= Duration::from_secs(1),
        "retry_after is obeyed: waited {waited:?}"
    );
    let metrics = app
        .http()
        .get(format!("{}/metrics", app.base_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("pulse_rate_limited_total{service=\"telegram\"} 1\n"),
        "{metrics}"
    );
    app.stop().await;
}

#[tokio::test]
async fn webhook_mode_accepts_only_requests_with_the_secret() {
    let telegram = FakeTelegram::start().await;
    let secret = "s3cret_webhook-Token";
    let options = TestOptions {
        telegram_api_url: Some(telegram.api_url()),
        telegram_webhook_secret: Some(secret.to_owned()),
        ..TestOptions::default()
    };
    let app = spawn_app_with(|_| {}, options).await;
    let registered = telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "setwebhook")
        .await
        .expect("the webhook is registered");
    let webhook = format!("{}/telegram/webhook", app.base_url);
    assert_eq!(registered.body["url"], webhook.as_str());
    assert_eq!(registered.body["secret_token"], secret);

    let http = app.http();
    let update = FakeTelegram::update_json(1, ANA, ANA, "/privacy");
    // 1,000 forged requests: no header, wrong secrets, prefixes, extensions, case changes.
    let mut forged = vec![
        None,
        Some(String::new()),
        Some(secret.to_uppercase()),
        Some(format!("{secret}x")),
    ];
    for i in 0..996usize {
        let mut variant: Vec<u8> = secret.as_bytes().to_vec();
        match i % 4 {
            0 => variant.truncate(i % secret.len()),
            1 => variant.push(b'a' + (i % 26) as u8),
            2 => variant[i % secret.len()] ^= 1 + (i % 7) as u8,
            _ => variant = format!("{i:032x}").into_bytes(),
        }
        forged.push(Some(String::from_utf8_lossy(&variant).into_owned()));
    }
    assert_eq!(forged.len(), 1000);
    for header in &forged {
        let mut request = http.post(&webhook).json(&update);
        if let Some(value) = header {
            if let Ok(value) = reqwest::header::HeaderValue::from_str(value) {
                request = request.header("x-telegram-bot-api-secret-token", value);
            }
        }
        let status = request.send().await.unwrap().status();
        assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED, "{header:?}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        telegram.texts_to(ANA).is_empty(),
        "no forged update was handled"
    );

    // The genuine request is handled.
    let accepted = http
        .post(&webhook)
        .header("x-telegram-bot-api-secret-token", secret)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert!(accepted.status().is_success(), "{}", accepted.status());
    telegram
        .wait_for_text(ANA, "What Pulse stores")
        .await
        .expect("the update is handled");

    // The same update again (Telegram retrying, or a replay): accepted, handled once.
    for _ in 0..3 {
        let again = http
            .post(&webhook)
            .header("x-telegram-bot-api-secret-token", secret)
            .json(&update)
            .send()
            .await
            .unwrap();
        assert!(again.status().is_success(), "{}", again.status());
    }
    // A new update after them is handled: the replays did not block the chat.
    let next = FakeTelegram::update_json(2, ANA, ANA, "/help");
    http.post(&webhook)
        .header("x-telegram-bot-api-secret-token", secret)
        .json(&next)
        .send()
        .await
        .unwrap();
    telegram
        .wait_for(Duration::from_secs(10), |c| {
            c.method == "sendmessage"
                && c.chat_id() == ANA
                && !c.body.to_string().contains("What Pulse stores")
        })
        .await
        .expect("the next update is handled");
    let privacy_replies = telegram
        .texts_to(ANA)
        .iter()
        .filter(|text| text.contains("What Pulse stores"))
        .count();
    assert_eq!(privacy_replies, 1, "a replayed update is answered once");
    app.stop().await;
}

#[tokio::test]
async fn edits_go_over_the_wire_and_one_chat_gets_at_most_one_message_a_second() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "setmycommands")
        .await
        .expect("started");
    let chat = engine::chat::ChatId::new(engine::chat::Platform::Telegram, ANA.to_string());
    let sent = app
        .state
        .outbox
        .send(&chat, &engine::Reply::text("Syncing: 1 of 3"))
        .await
        .unwrap()
        .expect("sent");
    app.state
        .outbox
        .edit(&chat, &sent, &engine::Reply::text("Syncing: 3 of 3"))
        .await
        .unwrap();
    let edit = telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "editmessagetext")
        .await
        .expect("an edit");
    assert_eq!(
        edit.body["message_id"].as_i64().map(|id| id.to_string()),
        Some(sent.id.clone())
    );
    assert_eq!(edit.body["text"], "Syncing: 3 of 3");

    // Three replies to one chat in a burst: the throttle spaces them (1 message/s per chat).
    for _ in 0..3 {
        telegram.user_says(ANA, ANA, "/privacy");
    }
    let privacy_replies = |calls: Vec<pulse_tests::fake_telegram::Call>| {
        calls
            .into_iter()
            .filter(|c| {
                c.method == "sendmessage"
                    && c.body["text"]
                        .as_str()
                        .is_some_and(|t| t.contains("What Pulse stores"))
            })
            .count()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while privacy_replies(telegram.calls()) < 3 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sends: Vec<_> = telegram
        .calls()
        .into_iter()
        .filter(|c| {
            c.method == "sendmessage"
                && c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("What Pulse stores"))
        })
        .collect();
    assert_eq!(sends.len(), 3);
    let span = sends[2].at.duration_since(sends[0].at);
    assert!(
        span >= Duration::from_millis(1900),
        "three messages to one chat took only {span:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_burst_to_many_chats_stays_within_30_messages_a_second() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    telegram
        .wait_for(Duration::from_secs(10), |c| c.method == "setmycommands")
        .await
        .expect("started");
    let burst_start = std::time::Instant::now();
    let mut tasks = Vec::new();
    for chat in 0..45i64 {
        let state = app.state.clone();
        tasks.push(tokio::spawn(async move {
            let chat = engine::chat::ChatId::new(
                engine::chat::Platform::Telegram,
                (5_000 + chat).to_string(),
            );
            state
                .outbox
                .send(&chat, &engine::Reply::text("burst"))
                .await
                .map(|_| ())
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let times: Vec<std::time::Instant> = telegram
        .calls()
        .into_iter()
        .filter(|c| c.method == "sendmessage" && c.body["text"] == "burst")
        .map(|c| c.at)
        .collect();
    assert_eq!(times.len(), 45);
    // Arrival times at the fake are the release times plus delivery delays, which a busy
    // machine stretches unevenly; so the checks are ones delays cannot break. A message that
    // arrived within the first second was released within it: at most 30 of them.
    let first_second = burst_start + Duration::from_secs(1);
    let early = times.iter().filter(|at| **at < first_second).count();
    assert!(early <= 30, "{early} sends in the first second");
    // And the 31st cannot have been released before a second had passed.
    let last = times.iter().max().copied().unwrap();
    assert!(
        last >= first_second,
        "all 45 sent within {:?}",
        last - burst_start
    );
    app.stop().await;
}

async fn healthz(app: &pulse_tests::TestApp) -> (u16, serde_json::Value) {
    let response = app
        .http()
        .get(format!("{}/healthz", app.base_url))
        .send()
        .await
        .expect("/healthz answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("/healthz is JSON"))
}

#[tokio::test]
async fn a_failed_start_is_retried_and_healthz_tells_until_telegram_answers() {
    let telegram = FakeTelegram::start().await;
    // A proxy in front of the Bot API answers the first getMe 502 (teloxide waits 10 s after
    // a 5xx before it reports it).
    telegram.bad_gateway_next("getme", 1);
    let app = spawn_app_with_telegram(&telegram).await;

    let (status, body) = healthz(&app).await;
    assert_eq!(status, 503, "not running yet: {body}");
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["parts"]["telegram"]["state"], "starting", "{body}");
    assert!(
        !body
            .to_string()
            .contains(pulse_tests::fake_telegram::BOT_TOKEN),
        "no token in /healthz: {body}"
    );

    // Retried after 1 s: the second getMe is answered and polling starts.
    let mut healthy = false;
    for _ in 0..400 {
        let (status, _) = healthz(&app).await;
        if status == 200 {
            healthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        healthy,
        "healthy once Telegram answers: {} after {:?}",
        healthz(&app).await.1,
        telegram
            .calls()
            .iter()
            .map(|c| c.method.clone())
            .collect::<Vec<_>>()
    );
    let get_me = telegram
        .calls()
        .iter()
        .filter(|call| call.method == "getme")
        .count();
    assert!(get_me >= 2, "getMe was tried again: {get_me} calls");

    // Not deaf: a message is answered.
    telegram.user_says(ANA, ANA, "/help");
    assert!(
        telegram
            .wait_for(Duration::from_secs(10), |c| c.method == "sendmessage"
                && c.chat_id() == ANA)
            .await
            .is_some(),
        "the message is answered"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_front_end_that_cannot_start_in_time_stops_pulse_with_an_error() {
    let telegram = FakeTelegram::start().await;
    telegram.bad_gateway_next("getme", usize::MAX);
    let mut app = spawn_app_with(
        |_| {},
        TestOptions {
            telegram_api_url: Some(telegram.api_url()),
            front_end_start_timeout_secs: Some(2),
            ..TestOptions::default()
        },
    )
    .await;
    let (status, body) = healthz(&app).await;
    assert_eq!(status, 503, "{body}");

    let ended = app
        .stopped_by_itself(Duration::from_secs(40))
        .await
        .expect("Pulse stops by itself when Telegram cannot be reached in time");
    let error = ended.expect_err("and reports an error, for a non-zero exit");
    let message = format!("{error:#}");
    assert!(
        message.contains("Telegram front end") && message.contains("502"),
        "says which front end and why: {message}"
    );
    assert!(!message.contains(pulse_tests::fake_telegram::BOT_TOKEN));
}

#[tokio::test]
async fn in_a_group_only_administrators_link_export_or_forget() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    let group = -100_777;
    let (member, admin) = (ANA + 1, ANA + 2);
    telegram.make_admin(group, admin);

    // A member: every settings or data command is refused politely, and nothing happens.
    for command in [
        "/export",
        "/forget",
        "/connect",
        "/timezone Europe/Berlin",
        "/digest off",
    ] {
        // As Telegram writes a command addressed to one bot: `/name@bot arguments`.
        let addressed = match command.split_once(' ') {
            Some((name, arguments)) => format!("{name}@{BOT_USERNAME} {arguments}"),
            None => format!("{command}@{BOT_USERNAME}"),
        };
        telegram.user_says(group, member, &addressed);
    }
    // Messages to a group are paced at 20 a minute: wait for the refusals' turns.
    const REFUSAL: &str = "Only the group's administrators";
    let refusals = telegram
        .wait_for_count(group, REFUSAL, 5, Duration::from_secs(30))
        .await;
    assert_eq!(refusals, 5, "{:#?}", telegram.texts_to(group));
    let asked = telegram
        .calls()
        .iter()
        .filter(|c| c.method == "getchatmember" && c.body["user_id"] == member)
        .count();
    assert!(asked >= 5, "Telegram was asked who the member is");
    assert!(
        !telegram.texts_to(group).iter().any(|text| text.contains("This deletes everything")
            || text.contains("Open this link")),
        "nothing ran for the member"
    );
    // A member may still ask.
    telegram.user_says(group, member, &format!("/privacy@{BOT_USERNAME}"));
    telegram
        .wait_for_text(group, "What Pulse stores")
        .await
        .expect("questions and /privacy are open to all");

    // A member pressing an administrator's /forget button is refused too.
    telegram.user_says(group, admin, &format!("/forget@{BOT_USERNAME}"));
    let question = telegram
        .wait_for_text(group, "This deletes everything")
        .await
        .expect("an administrator may");
    let confirm = question.body["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .unwrap()
        .to_owned();
    telegram.user_presses(group, member, 43, &confirm);
    let refusals = telegram
        .wait_for_count(group, REFUSAL, 6, Duration::from_secs(15))
        .await;
    assert_eq!(refusals, 6, "the member's press is refused");
    assert!(
        !telegram
            .texts_to(group)
            .iter()
            .any(|text| text.contains("Pulse deleted everything")),
        "nothing was deleted"
    );
    // The administrator's own press works.
    telegram.user_presses(group, admin, 43, &confirm);
    telegram
        .wait_for_text(group, "Pulse deleted everything")
        .await
        .expect("the administrator's press deletes");
    app.stop().await;
}

/// The query Telegram adds to a `login_url` when `user_id` presses it: their fields and the
/// hash, computed as https://core.telegram.org/widgets/login#checking-authorization says.
fn telegram_login_query(
    user_id: i64,
    username: &str,
    signed_with: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> String {
    use hmac::Mac as _;
    use sha2::Digest as _;
    let auth_date = at.timestamp().to_string();
    let id = user_id.to_string();
    let mut fields = [
        ("auth_date", auth_date.as_str()),
        ("first_name", "Someone"),
        ("id", id.as_str()),
        ("username", username),
    ];
    fields.sort();
    let check: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let key = sha2::Sha256::digest(signed_with.as_bytes());
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(check.join("\n").as_bytes());
    let hash = hex::encode(mac.finalize().into_bytes());
    let mut query: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    query.push(format!("hash={hash}"));
    query.join("&")
}

#[tokio::test]
async fn a_connect_link_opened_by_someone_else_is_refused() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            telegram_api_url: Some(telegram.api_url()),
            telegram_login_url: true,
            ..TestOptions::default()
        },
    )
    .await;
    let group = -100_888;
    let stranger = ANA + 9;
    telegram.make_admin(group, ANA);
    telegram.user_says(group, ANA, &format!("/connect@{BOT_USERNAME}"));
    let offer = telegram
        .wait_for_text(group, "Open this link")
        .await
        .expect("a connect link");
    let button = &offer.body["reply_markup"]["inline_keyboard"][0][0];
    let link = button["login_url"]["url"]
        .as_str()
        .unwrap_or_else(|| panic!("a login_url button: {button}"))
        .to_owned();
    assert!(
        button.get("url").is_none(),
        "not a plain URL button: {button}"
    );
    let http = app.http();

    // Forwarded to a stranger who opens it from their own Telegram: refused, page and /go.
    let theirs = telegram_login_query(
        stranger,
        "stranger",
        pulse_tests::fake_telegram::BOT_TOKEN,
        app.clock.now(),
    );
    let (status, text) = app.status_and_text(format!("{link}?{theirs}")).await;
    assert_eq!(status, 403, "{text}");
    assert!(text.contains("someone else"), "{text}");
    let (status, _) = app.status_and_text(format!("{link}/go?{theirs}")).await;
    assert_eq!(status, 403, "the redirect to Instagram is refused too");
    // Opened in a browser without Telegram's login, or with a forged one.
    assert_eq!(app.status_and_text(link.clone()).await.0, 403);
    assert_eq!(app.status_and_text(format!("{link}/go")).await.0, 403);
    let forged = telegram_login_query(ANA, "ana", "1:not-the-bot-token", app.clock.now());
    assert_eq!(app.status_and_text(format!("{link}?{forged}")).await.0, 403);

    // The member who asked: the page, then on to Instagram.
    let mine = telegram_login_query(
        ANA,
        "ana",
        pulse_tests::fake_telegram::BOT_TOKEN,
        app.clock.now(),
    );
    let (status, text) = app.status_and_text(format!("{link}?{mine}")).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("everyone in it will see"), "{text}");
    let go = http.get(format!("{link}/go?{mine}")).send().await.unwrap();
    assert_eq!(go.status().as_u16(), 303);
    assert!(go.headers()["location"]
        .to_str()
        .unwrap()
        .contains("oauth/authorize"));
    app.stop().await;
}
