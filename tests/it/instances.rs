//! Several Pulse instances on one PostgreSQL database never send a digest twice: 200
//! Telegram chats due for their digest at the same minute, one fake Bot API for every
//! instance, each instance the real wiring with its schedulers running on their own (the
//! scheduler's lease decides which one runs them). Two and three instances send every chat
//! exactly one digest. A leader killed in the middle of its round is replaced once its lease
//! runs out, and no chat gets any part of its digest (the text, the chart) twice: each part is
//! recorded in the database as begun before it is sent, the successor sends only the parts
//! never begun, and every chat whose digest had not begun on the dead leader gets it whole; a
//! part whose sending was under way when the leader died may be lost (counted, and only those
//! the records show under way). A leader that loses its lease while it still sends its round
//! and its successor share the round without sending any part twice or losing any.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use engine::account::AccountId;
use engine::chat::{ChatId, Platform};
use engine::records::DigestState;
use pulse_tests::fake_telegram::FakeTelegram;
use pulse_tests::instances::{eventually, Instance, Instances};
use pulse_tests::{spawn_app_with, TestOptions};

/// How many Telegram chats are due at once.
pub(crate) const CHATS: i64 = 200;

/// The webhook secret of every instance (several instances receive Telegram's updates by
/// webhook: Telegram refuses a second poller).
const WEBHOOK_SECRET: &str = "instances_webhook-secret";

/// Friday 27 March 2026, 08:00 UTC: the account is linked and the chats written then.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 27, 8, 0, 0).unwrap()
}

/// The chats' digest time: 09:00 UTC, the default.
fn nine() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 27, 9, 0, 0).unwrap()
}

/// One part of a digest as the chat received it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The digest's text.
    Text,
    /// Its chart.
    Chart,
}

/// A fake Bot API, and instances to be of one database where one account is linked from
/// the console (its own digest off) and [`CHATS`] Telegram chats are linked to it, digests
/// on at 09:00 UTC; the clock runs from three seconds before. `lease_secs` is
/// `store.leader_lease_secs` (the default when `None`).
async fn chats_due_at_nine(
    lease_secs: Option<u64>,
) -> (FakeTelegram, Instances, Vec<i64>, AccountId) {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            postgres: true,
            telegram_api_url: Some(telegram.api_url()),
            telegram_webhook_secret: Some(WEBHOOK_SECRET.to_owned()),
            start_at: Some(start()),
            ..TestOptions::default()
        },
    )
    .await;
    let owner = bot::console::console_chat();
    app.link_account_in(&owner).await;
    app.say_in(&owner, "/digest off").await;
    let account = app.account_of(&owner).expect("the account is linked");
    let chats: Vec<i64> = (0..CHATS).map(|n| 9_000 + n).collect();
    let chat_ids: Vec<ChatId> = chats
        .iter()
        .map(|chat| ChatId::new(Platform::Telegram, chat.to_string()))
        .collect();
    app.link_directly(&account, &chat_ids, start());
    let instances = app
        .into_instances(|file| {
            if let Some(secs) = lease_secs {
                file.store.leader_lease_secs = secs;
            }
        })
        .await;
    instances.clock.set(nine() - chrono::Duration::seconds(3));
    instances.clock.start_running();
    (telegram, instances, chats, account)
}

/// The digest parts each of `chats` received (accepted by the fake), in the order they
/// arrived, with when.
pub(crate) fn digest_parts(
    telegram: &FakeTelegram,
    chats: &[i64],
) -> BTreeMap<i64, Vec<(Part, Instant)>> {
    let mut parts: BTreeMap<i64, Vec<(Part, Instant)>> =
        chats.iter().map(|chat| (*chat, Vec::new())).collect();
    let mut calls = telegram.calls();
    calls.sort_by_key(|call| call.at);
    for call in calls.into_iter().filter(|call| !call.rejected) {
        let part = match call.method.as_str() {
            "sendmessage"
                if call.body["text"]
                    .as_str()
                    .is_some_and(|text| text.contains("daily digest for")) =>
            {
                Part::Text
            }
            "sendphoto" => Part::Chart,
            _ => continue,
        };
        if let Some(received) = parts.get_mut(&call.chat_id()) {
            received.push((part, call.at));
        }
    }
    parts
}

/// How many of `chats` received at least one digest text.
pub(crate) fn chats_with_a_text(telegram: &FakeTelegram, chats: &[i64]) -> usize {
    digest_parts(telegram, chats)
        .values()
        .filter(|parts| parts.iter().any(|(part, _)| *part == Part::Text))
        .count()
}

/// Whether every chat has a whole digest: a text, and a chart after its last text.
pub(crate) fn every_chat_has_a_whole_digest(telegram: &FakeTelegram, chats: &[i64]) -> bool {
    digest_parts(telegram, chats).values().all(|parts| {
        parts.iter().any(|(part, _)| *part == Part::Text)
            && parts.last().is_some_and(|(part, _)| *part == Part::Chart)
    })
}

/// Waits until `done` (up to 60 s) and every chat has a whole digest, then a little more,
/// for any second digest to show itself.
async fn wait_for_every_digest(
    telegram: &FakeTelegram,
    chats: &[i64],
    mut done: impl FnMut() -> bool,
) {
    assert!(
        eventually(Duration::from_secs(60), || done()
            && every_chat_has_a_whole_digest(telegram, chats))
        .await,
        "every chat gets its digest within 60 s"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
}

/// `instances` started on the same database, all at once: they race for the lease. Each
/// chat receives one digest, text then chart, from the one that leads.
async fn every_chat_gets_one_digest_from(count: usize) {
    let (telegram, instances, chats, _) = chats_due_at_nine(None).await;
    let running: Vec<Instance> =
        futures_util::future::join_all((0..count).map(|_| instances.start())).await;
    // A round's counts are added up when it ends.
    let counted = || {
        running
            .iter()
            .map(|instance| instance.digests("sent") + instance.digests("sent_late"))
            .sum::<u64>()
            > 0
    };
    wait_for_every_digest(&telegram, &chats, counted).await;

    let received = digest_parts(&telegram, &chats);
    for (chat, parts) in &received {
        let parts: Vec<Part> = parts.iter().map(|(part, _)| *part).collect();
        assert_eq!(parts, [Part::Text, Part::Chart], "chat {chat}");
    }
    // Every instance counted what it sent: one sent all of them, the others none.
    let sent: Vec<u64> = running
        .iter()
        .map(|instance| instance.digests("sent") + instance.digests("sent_late"))
        .collect();
    assert_eq!(sent.iter().sum::<u64>(), CHATS as u64, "{sent:?}");
    assert_eq!(
        sent.iter().filter(|sent| **sent > 0).count(),
        1,
        "one instance sent: {sent:?}"
    );
    let leaders: Vec<&Instance> = running.iter().filter(|i| i.leads()).collect();
    assert_eq!(leaders.len(), 1, "one leader");
    let holder = instances.scheduler_lease().expect("the lease is held");
    assert_eq!(holder.holder, leaders[0].id());
    let sender = sent.iter().position(|sent| *sent > 0).unwrap_or_default();
    assert!(running[sender].leads(), "the one that sent leads");
    eprintln!(
        "{count} instances: {} chats, digests sent per instance {sent:?}, each chat 1 text + 1 chart",
        received.len()
    );
    futures_util::future::join_all(running.into_iter().map(Instance::stop)).await;
    instances.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_send_each_of_200_chats_one_digest() {
    every_chat_gets_one_digest_from(2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_send_each_of_200_chats_one_digest() {
    every_chat_gets_one_digest_from(3).await;
}

/// The shortest scheduler's lease Pulse takes (`store.leader_lease_secs` below it is 3).
const LEASE_SECS: u64 = 3;

/// Where a chat's digest stood in the database: its record's state as the dead leader left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stood {
    /// Sent, the outcome recorded.
    Sent,
    /// Claimed, with this many parts begun (0: nothing of it began).
    Begun(u8),
}

/// Each chat's digest record for `date`, read from the database.
pub(crate) fn where_digests_stood(
    instances: &Instances,
    account: &AccountId,
    chats: &[i64],
    date: chrono::NaiveDate,
) -> Vec<Stood> {
    chats
        .iter()
        .map(|chat| {
            let chat = ChatId::new(Platform::Telegram, chat.to_string());
            let record = instances
                .records()
                .digest(&chat, account, date)
                .expect("the record reads")
                .expect("every digest was claimed in the leader's one round");
            match record.state {
                DigestState::Sent { .. } => Stood::Sent,
                DigestState::Sending { begun, .. } | DigestState::Failed { begun, .. } => {
                    Stood::Begun(begun)
                }
                other => panic!("chat {chat:?}: {other:?}"),
            }
        })
        .collect()
}

/// How many times `chat` received `part`.
pub(crate) fn times(parts: &[(Part, Instant)], part: Part) -> usize {
    parts.iter().filter(|(p, _)| *p == part).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leader_killed_mid_round_is_replaced_and_no_part_of_a_digest_is_sent_twice() {
    let (telegram, instances, chats, account) = chats_due_at_nine(Some(LEASE_SECS)).await;
    // The first instance leads; two more follow.
    let leader = instances.start().await;
    assert!(
        eventually(Duration::from_secs(10), || leader.leads()).await,
        "the first instance leads"
    );
    let leader_id = leader.id();
    let followers: Vec<Instance> =
        futures_util::future::join_all([instances.start(), instances.start()]).await;
    assert!(followers.iter().all(|follower| !follower.leads()));

    // A third of the way through its round, the leader is killed: no lease given back, its
    // claims left as they are.
    assert!(
        eventually(Duration::from_secs(60), || {
            chats_with_a_text(&telegram, &chats) >= CHATS as usize / 3
        })
        .await,
        "the leader's round gets under way"
    );
    leader.kill();
    let killed_at = Instant::now();
    // Its claims hold for `LEASE` (2 min) on the app's clock against every other instance:
    // a successor's rounds leave them alone until then. Rather than wait two minutes, the
    // clock moves past them now, before a successor's first round.
    instances
        .clock
        .advance(engine::pulse::LEASE + chrono::Duration::seconds(1));
    let lease = instances
        .scheduler_lease()
        .expect("the dead leader's lease is still there");
    assert_eq!(lease.holder, leader_id, "nobody took it at once");
    // What the dead leader left in the database, once the writes it had made to the server
    // have landed (a killed client's statements finish there within milliseconds) and
    // before a successor leads (its lease of 3 s, renewed every second, runs out no sooner
    // than 2 s after the kill).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stood = where_digests_stood(&instances, &account, &chats, nine().date_naive());
    assert!(
        followers.iter().all(|follower| !follower.leads()),
        "read before a successor leads"
    );

    // Another instance takes the lease once it has run out, and finishes the round.
    assert!(
        eventually(Duration::from_secs(30), || followers
            .iter()
            .any(Instance::leads))
        .await,
        "a follower takes over"
    );
    let took_over_at = Instant::now();
    let took_over = Utc::now();
    assert!(
        took_over >= lease.expires_at,
        "taken over at {took_over}, before the lease ran out at {}",
        lease.expires_at
    );
    let takeover = took_over_at - killed_at;
    let successor = followers
        .iter()
        .position(Instance::leads)
        .expect("a leader");
    // The successor's round is over when it has counted what it recorded: every digest the
    // dead leader had not recorded as sent.
    let left = stood.iter().filter(|s| **s != Stood::Sent).count() as u64;
    assert!(
        eventually(Duration::from_secs(60), || followers[successor]
            .digests("sent")
            >= left)
        .await,
        "the successor's round ends"
    );
    // A little more, for any part sent twice to show itself.
    tokio::time::sleep(Duration::from_secs(2)).await;

    // No chat received any part twice. Those the dead leader had sent, and those of which it
    // had begun nothing, have their digest whole; those it was sending (a part recorded as
    // begun, the outcome not) may miss the part under way when it died — the successor
    // cannot know whether it reached the chat, so it does not send it again.
    let received = digest_parts(&telegram, &chats);
    let (mut by_leader, mut by_successor, mut finished, mut under_way, mut lost) = (0, 0, 0, 0, 0);
    for ((chat, parts), stood) in received.iter().zip(&stood) {
        let (texts, charts) = (times(parts, Part::Text), times(parts, Part::Chart));
        assert!(
            texts <= 1 && charts <= 1,
            "chat {chat} received a part twice: {parts:?} ({stood:?})"
        );
        let whole = texts == 1 && charts == 1;
        match stood {
            Stood::Sent => {
                assert!(whole, "chat {chat}: sent by the leader, {parts:?}");
                by_leader += 1;
            }
            Stood::Begun(0) => {
                assert!(whole, "chat {chat}: not begun by the leader, {parts:?}");
                by_successor += 1;
            }
            Stood::Begun(begun) => {
                under_way += 1;
                // The parts never begun came from the successor, whole.
                if *begun < 2 {
                    assert_eq!(charts, 1, "chat {chat}: the chart, never begun, {parts:?}");
                }
                if whole {
                    finished += 1;
                } else {
                    lost += 1;
                }
            }
        }
    }
    assert_eq!(by_leader + by_successor + under_way, CHATS as usize);
    // Under way: at most a round's concurrency (`digest.concurrency`).
    let concurrency = instances.file.digest.concurrency as usize;
    assert!(
        under_way <= concurrency,
        "{under_way} digests under way, more than the {concurrency} sent at once"
    );
    // The successor recorded every digest the leader had not (those whose every part had
    // begun, without sending anything), on time (claimed at 09:02, not late); the other
    // follower sent nothing.
    let successor_sent = followers[successor].digests("sent");
    assert_eq!(successor_sent, left, "what the successor counted");
    assert_eq!(followers[successor].digests("sent_late"), 0);
    assert_eq!(followers[1 - successor].digests("sent"), 0);
    eprintln!(
        "leader killed after {by_leader} whole digests; taken over {:.2} s after the kill \
         (lease {LEASE_SECS} s); successor sent {by_successor} whole and finished {finished} \
         of the {under_way} under way; {lost} lost a part to the kill; 0 parts sent twice",
        takeover.as_secs_f64()
    );
    futures_util::future::join_all(followers.into_iter().map(Instance::stop)).await;
    instances.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leader_that_loses_its_lease_mid_round_and_its_successor_send_each_part_once() {
    let (telegram, instances, chats, _) = chats_due_at_nine(Some(LEASE_SECS)).await;
    let leader = instances.start().await;
    assert!(
        eventually(Duration::from_secs(10), || leader.leads()).await,
        "the first instance leads"
    );
    let follower = instances.start().await;
    assert!(
        eventually(Duration::from_secs(60), || {
            chats_with_a_text(&telegram, &chats) >= CHATS as usize / 3
        })
        .await,
        "the leader's round gets under way"
    );
    // The leader lives on, but its lease passes to the follower, as when its renewals do
    // not reach the database for a lease's length; and its round has gone on for longer
    // than a claim holds (`LEASE`, 2 min: a fan-out to some 1,700 Telegram chats at 29
    // messages a second takes that long), so the claims it has not sent yet are the
    // follower's to take.
    let (leases, now) = (instances.leases(), Utc::now());
    let length = chrono::Duration::seconds(LEASE_SECS as i64);
    let passed_at = loop {
        let _ = leases.release(engine::lease::SCHEDULER, &leader.id());
        if leases
            .hold(engine::lease::SCHEDULER, &follower.id(), now, length)
            .unwrap()
        {
            break Instant::now();
        }
    };
    instances
        .clock
        .advance(engine::pulse::LEASE + chrono::Duration::seconds(1));
    assert!(
        eventually(Duration::from_secs(10), || follower.leads()
            && !leader.leads())
        .await,
        "the follower leads, the leader no longer"
    );
    // Both rounds over (each has counted what it sent), and every chat has its digest whole.
    wait_for_every_digest(&telegram, &chats, || {
        leader.digests("sent") > 0 && follower.digests("sent") > 0
    })
    .await;
    let received = digest_parts(&telegram, &chats);
    // The old leader gives back what it has not started once it no longer leads, and each
    // part it or its successor sends is first recorded as begun over the sender's own claim:
    // of the two, one sends each part. Both alive, nothing is lost either: every chat has its
    // text and its chart, once each. (Before parts were recorded, 25 to 35 chats got their
    // digest twice here; before the old leader checked its claim, 153.)
    let twice = received
        .values()
        .filter(|parts| times(parts, Part::Text) > 1 || times(parts, Part::Chart) > 1)
        .count();
    eprintln!(
        "lease passed to the follower {:.2} s before the end; leader sent {}, follower sent {}; \
         {twice} chats got a part twice",
        passed_at.elapsed().as_secs_f64(),
        leader.digests("sent"),
        follower.digests("sent"),
    );
    for (chat, parts) in &received {
        let kinds: Vec<Part> = parts.iter().map(|(part, _)| *part).collect();
        assert_eq!(kinds, [Part::Text, Part::Chart], "chat {chat}");
    }
    futures_util::future::join_all([leader.stop(), follower.stop()]).await;
    instances.stop().await;
}

/// How many replies the follower is asked for while the leader sends its round.
const QUESTIONS: i64 = 120;

/// The most of `at` (sorted) within any one second.
fn most_in_a_second(at: &[Instant]) -> usize {
    let mut most = 0;
    let mut first = 0;
    for (last, end) in at.iter().enumerate() {
        while *end - at[first] >= Duration::from_secs(1) {
            first += 1;
        }
        most = most.max(last + 1 - first);
    }
    most
}

/// Telegram's 30 messages a second are the bot's, not an instance's: while the leader sends
/// a digest round at its own pace (29 a second), the other instance answers 120 people who
/// wrote to it through the webhook. Each send of either takes a slot of the pace they share
/// in the database (`engine::pace`), so together they stay within Telegram's limit, which
/// the fake enforces as Telegram does (a 31st send in any sliding second is answered 429).
/// As in the fan-out test (`digests::a_digest_fan_out_keeps_under_30_messages_a_second_…`),
/// a few 429s are allowed: sends start 1/28 s apart (`telegram::pace::SHARED_GAP`), but the
/// fake stamps each when its own handler runs, and on a machine starved of CPU (the whole
/// suite on two cores) requests delayed on their way or in the fake's accept queue can be
/// stamped bunched, so that one second holds 31; each such 429 is waited out and the send
/// made again. The fan-out test allows 3 in 120 sends; this one 5 in 520 (about 1 in 100):
/// 0 in runs of the instance tests alone, 4 in one run of the whole suite. Without the
/// shared pace the two would send up to 57 a second for the four seconds the replies take,
/// and meet dozens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_sending_at_once_keep_telegrams_30_a_second_together() {
    let (telegram, instances, chats, _) = chats_due_at_nine(None).await;
    telegram.enforce_overall_rate(30);
    let running: Vec<Instance> =
        futures_util::future::join_all((0..2).map(|_| instances.start())).await;
    assert!(
        eventually(Duration::from_secs(10), || running
            .iter()
            .any(Instance::leads))
        .await,
        "one leads"
    );
    let follower = running
        .iter()
        .find(|instance| !instance.leads())
        .expect("a follower");
    assert!(
        eventually(Duration::from_secs(60), || {
            chats_with_a_text(&telegram, &chats) >= 20
        })
        .await,
        "the leader's round gets under way"
    );
    // People write to the bot; Telegram's webhook reaches the follower.
    let people: Vec<i64> = (0..QUESTIONS).map(|n| 50_000 + n).collect();
    let http = reqwest::Client::new();
    let webhook = format!("{}/telegram/webhook", follower.base_url);
    for (n, person) in people.iter().enumerate() {
        let update = FakeTelegram::update_json(1_000 + n as i64, *person, *person, "/help");
        let answer = http
            .post(&webhook)
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .json(&update)
            .send()
            .await
            .expect("the follower's webhook answers");
        assert!(answer.status().is_success(), "{}", answer.status());
    }
    let answered = |telegram: &FakeTelegram| {
        let calls = telegram.calls();
        people
            .iter()
            .filter(|person| {
                calls.iter().any(|call| {
                    !call.rejected && call.method == "sendmessage" && call.chat_id() == **person
                })
            })
            .count()
    };
    let counted = || running.iter().any(|i| i.digests("sent") > 0);
    wait_for_every_digest(&telegram, &chats, counted).await;
    assert!(
        eventually(Duration::from_secs(60), || answered(&telegram)
            == people.len())
        .await,
        "every person gets an answer"
    );

    let mut sends: Vec<_> = telegram
        .calls()
        .into_iter()
        .filter(|call| pulse_tests::fake_telegram::is_send(&call.method))
        .collect();
    sends.sort_by_key(|call| call.at);
    let rejected = sends.iter().filter(|call| call.rejected).count();
    let accepted: Vec<Instant> = sends
        .iter()
        .filter(|call| !call.rejected)
        .map(|call| call.at)
        .collect();
    // The two instances' sends overlapped: the replies went out while the round was sending.
    let last_digest = sends
        .iter()
        .filter(|call| chats.contains(&call.chat_id()))
        .map(|call| call.at)
        .max()
        .expect("digests");
    let replies_during_round = sends
        .iter()
        .filter(|call| people.contains(&call.chat_id()) && call.at < last_digest)
        .count();
    eprintln!(
        "2 instances: {} sends ({} digest parts, {replies_during_round} replies while the \
         round was sending), at most {} in any second at the fake, {rejected} × 429",
        accepted.len(),
        2 * CHATS,
        most_in_a_second(&accepted),
    );
    assert!(
        replies_during_round > 0,
        "the follower answered while the leader sent"
    );
    assert!(
        rejected <= 5,
        "{rejected} × 429: together the instances sent beyond 30 in a second"
    );
    // Every digest once, whole.
    for (chat, parts) in digest_parts(&telegram, &chats) {
        let kinds: Vec<Part> = parts.iter().map(|(part, _)| *part).collect();
        assert_eq!(kinds, [Part::Text, Part::Chart], "chat {chat}");
    }
    futures_util::future::join_all(running.into_iter().map(Instance::stop)).await;
    instances.stop().await;
}
