//! Telegram's webhook behind several Pulse instances on one PostgreSQL database, written from
//! the Bot API's wire format: Telegram POSTs one Update object (with its `update_id`) to the
//! one webhook URL, with the secret in `X-Telegram-Bot-Api-Secret-Token`, and a load balancer
//! hands each POST to any instance; Telegram posts an update again when it was not answered
//! in time. One fake Bot API serves every instance and records each `sendMessage`.
//!
//! - The same update posted to two instances at once, and twice to one, is answered once.
//! - A chat's messages posted one after another, quickly, to the instances in turn are
//!   answered in `update_id` order.
//! - An instance killed while it holds a chat's claim (in the middle of answering) does not
//!   lose the chat's later updates: once its claim runs out another instance answers them,
//!   in order, after the update under way (answered once more).

use std::time::Duration;

use pulse_tests::fake_telegram::FakeTelegram;
use pulse_tests::instances::{eventually, Instance, Instances};
use pulse_tests::{spawn_app_with, TestOptions};
use serde_json::Value;

/// The webhook secret of every instance.
const SECRET: &str = "webhook_instances-secret";

/// `store.leader_lease_secs`, also how long a chat's claim lasts unless renewed: the
/// shortest Pulse takes, for the test that waits for a dead holder's claim to run out.
const SHORT_CLAIM_SECS: u64 = 3;

/// The default, for the others: a claim renewed late on a busy machine does not pass on.
const CLAIM_SECS: u64 = 15;

/// A fake Bot API and `count` instances on one fresh PostgreSQL database, receiving
/// Telegram's updates by webhook, a chat's claim lasting `claim_secs`.
async fn instances_behind_one_webhook(
    count: usize,
    claim_secs: u64,
) -> (FakeTelegram, Instances, Vec<Instance>) {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            postgres: true,
            telegram_api_url: Some(telegram.api_url()),
            telegram_webhook_secret: Some(SECRET.to_owned()),
            ..TestOptions::default()
        },
    )
    .await;
    let instances = app
        .into_instances(|file| file.store.leader_lease_secs = claim_secs)
        .await;
    let running = futures_util::future::join_all((0..count).map(|_| instances.start())).await;
    (telegram, instances, running)
}

/// POSTs `update` to `instance`'s webhook as Telegram does; the status it answered.
async fn post(http: &reqwest::Client, instance: &Instance, update: &Value) -> u16 {
    http.post(format!("{}/telegram/webhook", instance.base_url))
        .header("x-telegram-bot-api-secret-token", SECRET)
        .json(update)
        .send()
        .await
        .expect("the instance answers")
        .status()
        .as_u16()
}

/// The texts sent to `chat` that contain `needle`, in the order they reached the fake
/// (rejected ones included: a send that reached Telegram counts, answered or not).
fn sent(telegram: &FakeTelegram, chat: i64, needle: &str) -> Vec<String> {
    let mut calls: Vec<_> = telegram
        .calls()
        .into_iter()
        .filter(|call| call.method == "sendmessage" && call.chat_id() == chat)
        .collect();
    calls.sort_by_key(|call| call.at);
    calls
        .into_iter()
        .filter_map(|call| call.body["text"].as_str().map(str::to_owned))
        .filter(|text| text.contains(needle))
        .collect()
}

async fn stop(running: Vec<Instance>, instances: Instances) {
    futures_util::future::join_all(running.into_iter().map(Instance::stop)).await;
    instances.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_posted_to_two_instances_and_twice_to_one_is_answered_once() {
    let (telegram, instances, running) = instances_behind_one_webhook(2, CLAIM_SECS).await;
    let http = reqwest::Client::new();
    const CHATS: i64 = 30;
    let chats: Vec<i64> = (0..CHATS).map(|n| 50_000 + n).collect();
    for (n, chat) in chats.iter().enumerate() {
        let update = FakeTelegram::update_json(1_000 + n as i64, *chat, *chat, "/privacy");
        // At once: to the first instance, to the second, and to the first again.
        let (first, second, again) = tokio::join!(
            post(&http, &running[0], &update),
            post(&http, &running[1], &update),
            post(&http, &running[0], &update)
        );
        assert_eq!([first, second, again], [200, 200, 200], "chat {chat}");
    }
    assert!(
        eventually(Duration::from_secs(60), || chats.iter().all(|chat| !sent(
            &telegram,
            *chat,
            "What Pulse stores"
        )
        .is_empty()))
        .await,
        "every update is answered"
    );
    // Any second answer would show itself by now.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let answers: Vec<usize> = chats
        .iter()
        .map(|chat| sent(&telegram, *chat, "What Pulse stores").len())
        .collect();
    let twice = answers.iter().filter(|count| **count > 1).count();
    eprintln!(
        "{CHATS} updates, each posted 3 times to 2 instances: {} answers, {twice} answered twice",
        answers.iter().sum::<usize>()
    );
    assert!(answers.iter().all(|count| *count == 1), "{answers:?}");
    stop(running, instances).await;
}

/// The zones set, in order, by each chat's messages.
const ZONES: [&str; 8] = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Europe/Paris",
    "Africa/Cairo",
    "America/Chicago",
    "Australia/Sydney",
    "Europe/Madrid",
];

/// The zone named by an answer to `/timezone <zone>`.
fn zone_set(text: &str) -> Option<String> {
    let rest = text.split("Time zone set to ").nth(1)?;
    Some(rest.split('.').next()?.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chats_messages_posted_to_three_instances_in_turn_are_answered_in_order() {
    let (telegram, instances, running) = instances_behind_one_webhook(3, CLAIM_SECS).await;
    let http = reqwest::Client::new();
    let chats = [61_001_i64, 61_002, 61_003, 61_004];
    // Each chat's messages, the chats' interleaved, each posted to the next instance in
    // turn as soon as the one before was acknowledged, as Telegram posts them.
    let mut update_id = 5_000;
    let mut posts = 0;
    for zone in ZONES {
        for chat in chats {
            update_id += 1;
            let update =
                FakeTelegram::update_json(update_id, chat, chat, &format!("/timezone {zone}"));
            let status = post(&http, &running[posts % running.len()], &update).await;
            assert_eq!(status, 200);
            posts += 1;
        }
    }
    assert!(
        eventually(Duration::from_secs(90), || chats.iter().all(|chat| sent(
            &telegram,
            *chat,
            "Time zone set to "
        )
        .len()
            >= ZONES.len()))
        .await,
        "every message is answered"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut out_of_order = 0;
    for chat in chats {
        let answered: Vec<String> = sent(&telegram, chat, "Time zone set to ")
            .iter()
            .filter_map(|text| zone_set(text))
            .collect();
        out_of_order += answered
            .windows(2)
            .filter(|pair| {
                let at = |zone: &str| ZONES.iter().position(|z| *z == zone);
                at(&pair[0]) >= at(&pair[1])
            })
            .count();
        assert_eq!(answered, ZONES, "chat {chat}");
    }
    eprintln!(
        "{} messages of {} chats posted to 3 instances in turn: answered once each, {out_of_order} out of order",
        posts,
        chats.len()
    );
    stop(running, instances).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_killed_while_it_holds_a_chat_does_not_lose_the_chats_later_updates() {
    let (telegram, instances, mut running) =
        instances_behind_one_webhook(2, SHORT_CLAIM_SECS).await;
    let http = reqwest::Client::new();
    let chat = 62_001_i64;
    let role = format!("inbox:telegram:{chat}");
    // Telegram answers slowly: the instance that takes the first update is still answering
    // it when it is killed.
    telegram.delay_sends(Duration::from_secs(60));
    let first = FakeTelegram::update_json(7_001, chat, chat, "/timezone Asia/Tokyo");
    assert_eq!(post(&http, &running[0], &first).await, 200);
    assert!(
        eventually(Duration::from_secs(30), || !sent(
            &telegram,
            chat,
            "Asia/Tokyo"
        )
        .is_empty())
        .await,
        "the first update is being answered"
    );
    let holder = instances
        .leases()
        .holder(&role, chrono::DateTime::<chrono::Utc>::UNIX_EPOCH)
        .expect("the claims read")
        .expect("the chat is claimed while its update is answered");
    let killed = running
        .iter()
        .position(|instance| instance.id() == holder.holder)
        .expect("an instance holds the chat");
    running.remove(killed).kill();
    let survivor = &running[0];
    telegram.delay_sends(Duration::ZERO);
    // The chat's next messages reach the instance that lives.
    for (id, zone) in [(7_002, "Europe/Paris"), (7_003, "America/Chicago")] {
        let update = FakeTelegram::update_json(id, chat, chat, &format!("/timezone {zone}"));
        assert_eq!(post(&http, survivor, &update).await, 200);
    }
    assert!(
        eventually(Duration::from_secs(30), || sent(
            &telegram,
            chat,
            "Time zone set to "
        )
        .len()
            >= 4)
        .await,
        "the later updates are answered once the claim ran out: {:?}",
        sent(&telegram, chat, "Time zone set to ")
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let answered: Vec<String> = sent(&telegram, chat, "Time zone set to ")
        .iter()
        .filter_map(|text| zone_set(text))
        .collect();
    // The update under way when the holder died is answered again (whether Telegram had
    // delivered the first answer, no one can know), then the later ones, in order, once.
    assert_eq!(
        answered,
        [
            "Asia/Tokyo",
            "Asia/Tokyo",
            "Europe/Paris",
            "America/Chicago"
        ]
    );
    let claim = instances
        .leases()
        .holder(&role, chrono::DateTime::<chrono::Utc>::UNIX_EPOCH)
        .expect("the claims read");
    assert!(
        claim.is_none(),
        "the survivor gave the chat back: {claim:?}"
    );
    eprintln!("killed the chat's holder mid-answer; the survivor answered {answered:?}");
    stop(running, instances).await;
}
