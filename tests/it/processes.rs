//! `instances.rs`'s guarantees with separate OS processes: two and three `pulse run`
//! processes (the package's `pulse-process` binary, the `pulse` command's own wiring), each
//! started with the same config file and environment, on one PostgreSQL database, with one
//! fake Bot API and one sandbox Instagram in the test's process. The database is seeded first
//! (one account linked, 200 Telegram chats linked to it), and the chats' digest time
//! (`digest.default_time`) is the minute that has just begun on the real clock — processes
//! cannot share a test's clock — so every digest is due, at the same minute, the moment a
//! process leads (a digest claimed up to 15 minutes after its time goes out on time, not late).
//!
//! Two and three processes send each chat its digest exactly once, text then chart, all from
//! the one that holds the scheduler's lease. The leader killed with `SIGKILL` a third of the
//! way through its round: another process takes the lease once it runs out (measured from
//! the kill, and asserted under a deadline: the lease's time, plus the third of it a
//! follower waits between tries, plus slack), finishes the round, and no chat gets any part
//! of its digest twice; a part whose sending was under way at the kill may be lost (counted,
//! and only those the records show under way), as in `instances.rs`.
//!
//! All of it on the real clock. The dead leader's claims on the digests it had not finished
//! would hold for `engine::pulse::LEASE` (2 minutes) against every other process; but the
//! successor took over the dead leader's run-out scheduler's lease, which names the dead
//! process's run (`Pulse::run_departed`), so it takes those claims over in its first round:
//! the test asserts that the successor has finished the dead leader's round well within
//! those 2 minutes of the kill (measured, and printed).

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DurationRound as _, NaiveDate, Utc};
use engine::account::AccountId;
use engine::chat::{ChatId, Platform};
use pulse_tests::fake_telegram::FakeTelegram;
use pulse_tests::instances::{eventually, Instances};
use pulse_tests::processes::Processes;
use pulse_tests::{spawn_app_with, TestOptions};

use crate::instances::{
    chats_with_a_text, digest_parts, every_chat_has_a_whole_digest, times, where_digests_stood,
    Part, Stood, CHATS,
};

/// The webhook secret of every process (several processes receive Telegram's updates by
/// webhook: Telegram refuses a second poller).
const WEBHOOK_SECRET: &str = "processes_webhook-secret";

/// `store.leader_lease_secs` of the kill test: short, so that the takeover comes soon, and
/// long enough that the test reads what the dead leader left before a successor leads — the
/// lease runs out at least two thirds of it after the kill.
const KILL_LEASE_SECS: u64 = 6;

/// How long a round may take at most: 400 sends at 29 a second take 14 s; the whole suite
/// on two cores slows everything down.
const ROUND: Duration = Duration::from_secs(90);

/// The `pulse` command, as built in this package.
fn pulse() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_pulse-process"))
}

/// A database ready for the processes, and what the test checks against.
struct Seeded {
    telegram: FakeTelegram,
    instances: Instances,
    processes: Processes,
    chats: Vec<i64>,
    account: AccountId,
    /// The chats' local (UTC) date of the digest.
    date: NaiveDate,
}

/// A fake Bot API, and a PostgreSQL database where one account is linked from the console
/// (its own digest off) and [`CHATS`] Telegram chats are linked to it a minute before the
/// digest time, which is the minute now begun; and the processes to be, configured for it.
/// `lease_secs` is `store.leader_lease_secs` (the default when `None`).
async fn chats_due_this_minute(lease_secs: Option<u64>) -> Seeded {
    // Not across midnight: the sandbox's data and the digest's date are the same day.
    let now = Utc::now();
    let midnight = (now + chrono::Duration::days(1))
        .duration_trunc(chrono::Duration::days(1))
        .expect("a day");
    if midnight - now < chrono::Duration::minutes(2) {
        let until = midnight - now + chrono::Duration::seconds(5);
        tokio::time::sleep(until.to_std().expect("a wait")).await;
    }
    let due = Utc::now()
        .duration_trunc(chrono::Duration::minutes(1))
        .expect("a minute");
    let linked_at = due - chrono::Duration::minutes(1);

    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            postgres: true,
            telegram_api_url: Some(telegram.api_url()),
            telegram_webhook_secret: Some(WEBHOOK_SECRET.to_owned()),
            start_at: Some(linked_at),
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
    app.link_directly(&account, &chat_ids, linked_at);
    let instances = app
        .into_instances(|file| {
            if let Some(secs) = lease_secs {
                file.store.leader_lease_secs = secs;
            }
            file.digest.default_time = due.format("%H:%M").to_string();
            file.http.bind = "127.0.0.1:0".into();
            file.log.filter = "info".into();
        })
        .await;
    let processes = Processes::new(pulse(), &instances.file, &instances.secrets);
    Seeded {
        telegram,
        instances,
        processes,
        chats,
        account,
        date: due.date_naive(),
    }
}

/// What each process counted as sent (on time or late), from its `/metrics`.
async fn sent_by_each(processes: &Processes) -> Vec<u64> {
    let mut sent = Vec::new();
    for number in 0..processes.len() {
        sent.push(
            processes.digests(number, "sent").await + processes.digests(number, "sent_late").await,
        );
    }
    sent
}

/// Starts `count` processes at once on a database whose 200 chats are due: they race for the
/// lease, and each chat receives one digest, text then chart, from the one that leads.
async fn every_chat_gets_one_digest_from_processes(count: usize) {
    let Seeded {
        telegram,
        instances,
        mut processes,
        chats,
        ..
    } = chats_due_this_minute(None).await;
    let started = Instant::now();
    for _ in 0..count {
        processes.start();
    }
    for number in 0..count {
        processes.wait_until_serving(number).await;
    }
    let serving = started.elapsed();

    // Every chat has its digest whole, and the round is over (its counts added up).
    let deadline = Instant::now() + ROUND;
    loop {
        if every_chat_has_a_whole_digest(&telegram, &chats)
            && sent_by_each(&processes).await.iter().sum::<u64>() >= CHATS as u64
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "every chat gets its digest within {ROUND:?}: {} of {CHATS} have a text",
            chats_with_a_text(&telegram, &chats)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let round_over = started.elapsed();
    // A little more, for any second digest to show itself.
    tokio::time::sleep(Duration::from_secs(2)).await;

    let received = digest_parts(&telegram, &chats);
    for (chat, parts) in &received {
        let parts: Vec<Part> = parts.iter().map(|(part, _)| *part).collect();
        assert_eq!(parts, [Part::Text, Part::Chart], "chat {chat}");
    }
    // Each process counted what it sent: one sent all of them, the others none.
    let sent = sent_by_each(&processes).await;
    assert_eq!(sent.iter().sum::<u64>(), CHATS as u64, "{sent:?}");
    assert_eq!(
        sent.iter().filter(|sent| **sent > 0).count(),
        1,
        "one process sent: {sent:?}"
    );
    let sender = sent.iter().position(|sent| *sent > 0).unwrap_or_default();
    // The one that sent is the one the database names as the lease's holder.
    let holder = instances.scheduler_lease().expect("the lease is held");
    assert_eq!(
        processes.leading_as(&holder.holder),
        Some(sender),
        "the process that sent holds the lease"
    );
    for number in 0..count {
        assert!(processes.running(number), "pulse run {number} still runs");
    }
    eprintln!(
        "{count} pulse run processes: serving {:.2} s after the start, every digest sent \
         {:.2} s after it; {} chats, digests sent per process {sent:?}, each chat 1 text + \
         1 chart",
        serving.as_secs_f64(),
        round_over.as_secs_f64(),
        received.len()
    );
    drop(processes);
    instances.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pulse_run_processes_send_each_of_200_chats_one_digest() {
    every_chat_gets_one_digest_from_processes(2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_pulse_run_processes_send_each_of_200_chats_one_digest() {
    every_chat_gets_one_digest_from_processes(3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pulse_run_leader_killed_mid_round_is_replaced_and_no_part_of_a_digest_is_sent_twice() {
    let Seeded {
        telegram,
        instances,
        mut processes,
        chats,
        account,
        date,
    } = chats_due_this_minute(Some(KILL_LEASE_SECS)).await;
    // The first process leads; two more follow.
    let leader = processes.start();
    processes.wait_until_serving(leader).await;
    let mut leader_id = None;
    assert!(
        eventually(Duration::from_secs(30), || {
            leader_id = instances
                .scheduler_lease()
                .map(|lease| lease.holder)
                .filter(|holder| processes.leading_as(holder) == Some(leader));
            leader_id.is_some()
        })
        .await,
        "the first process leads"
    );
    let leader_id = leader_id.expect("the leader's id");
    let followers = [processes.start(), processes.start()];
    for follower in followers {
        processes.wait_until_serving(follower).await;
    }

    // A third of the way through its round, the leader is killed: no lease given back, its
    // claims left as they are.
    assert!(
        eventually(ROUND, || chats_with_a_text(&telegram, &chats)
            >= CHATS as usize / 3)
        .await,
        "the leader's round gets under way"
    );
    let lease = instances.scheduler_lease().expect("the lease is held");
    assert_eq!(lease.holder, leader_id, "the followers follow");
    processes.kill(leader);
    let killed_at = Instant::now();
    let lease = instances
        .scheduler_lease()
        .expect("the dead leader's lease is still there");
    assert_eq!(lease.holder, leader_id, "nobody took it at once");
    // What the dead leader left in the database, once the writes it had made to the server
    // have landed (a killed client's statements finish there within milliseconds) and before
    // a successor leads (its lease runs out no sooner than two thirds of it after the kill).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stood = where_digests_stood(&instances, &account, &chats, date);
    let left = stood.iter().filter(|s| **s != Stood::Sent).count() as u64;
    assert!(
        left > 0,
        "the leader was killed before the end of its round"
    );
    assert_eq!(
        instances.scheduler_lease().map(|lease| lease.holder),
        Some(leader_id.clone()),
        "read before a successor leads"
    );

    // Another process takes the lease once it has run out, and finishes the round.
    let mut successor_id = None;
    assert!(
        eventually(Duration::from_secs(30), || {
            successor_id = instances
                .scheduler_lease()
                .map(|lease| lease.holder)
                .filter(|holder| *holder != leader_id);
            successor_id.is_some()
        })
        .await,
        "a follower takes over"
    );
    let takeover = killed_at.elapsed();
    let took_over = Utc::now();
    assert!(
        took_over >= lease.expires_at,
        "taken over at {took_over}, before the lease ran out at {}",
        lease.expires_at
    );
    // The lease runs out at most its length after the kill (it was renewed before), and a
    // follower tries to take it every third of its length: the deadline, with 2 s of slack
    // for a machine that is busy.
    let takeover_deadline = Duration::from_secs(KILL_LEASE_SECS + KILL_LEASE_SECS / 3 + 2);
    assert!(
        takeover <= takeover_deadline,
        "taken over {:.2} s after the kill, later than {takeover_deadline:?}",
        takeover.as_secs_f64()
    );
    let successor_id = successor_id.expect("the successor's id");
    let mut successor = None;
    assert!(
        eventually(Duration::from_secs(5), || {
            successor = processes.leading_as(&successor_id);
            successor.is_some()
        })
        .await,
        "the new holder is one of the processes"
    );
    let successor = successor.expect("the successor");
    assert!(followers.contains(&successor), "a follower took over");
    let other = followers
        .into_iter()
        .find(|follower| *follower != successor)
        .expect("the other follower");

    // The successor's round is over when it has counted what it recorded: every digest the
    // dead leader had not recorded as sent — still claimed by the dead leader for up to two
    // minutes, but taken over at once from the run whose lease the successor took over.
    let deadline = Instant::now() + ROUND;
    while processes.digests(successor, "sent").await < left {
        assert!(
            Instant::now() < deadline,
            "the successor's round ends within {ROUND:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let finished_after = killed_at.elapsed();
    let claim_lease = engine::pulse::LEASE
        .to_std()
        .expect("a digest claim's lease is positive");
    assert!(
        finished_after < claim_lease / 2,
        "the dead leader's round finished {:.2} s after the kill: not well before its claims \
         ({claim_lease:?}) would have run out",
        finished_after.as_secs_f64()
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
    // begun, without sending anything), on time, not late; the other follower sent nothing.
    assert_eq!(
        processes.digests(successor, "sent").await,
        left,
        "what the successor counted"
    );
    assert_eq!(processes.digests(successor, "sent_late").await, 0);
    assert_eq!(processes.digests(other, "sent").await, 0);
    assert!(processes.running(successor) && processes.running(other));
    eprintln!(
        "pulse run leader killed (SIGKILL) after {by_leader} whole digests; taken over {:.2} s \
         after the kill (lease {KILL_LEASE_SECS} s, deadline {takeover_deadline:?}); its {left} \
         unfinished digests, claimed for {claim_lease:?}, all recorded by the successor {:.2} s \
         after the kill; successor sent {by_successor} whole and finished {finished} of the \
         {under_way} under way; {lost} lost a part to the kill; 0 parts sent twice",
        takeover.as_secs_f64(),
        finished_after.as_secs_f64()
    );
    drop(processes);
    instances.stop().await;
}
