//! Discord's gateway with several Pulse instances on one PostgreSQL database
//! (`discord.mode = "gateway"`): a bot has one gateway connection, so only the instance that
//! holds the scheduler's lease connects; another connects when it takes the lease, and one
//! that loses the lease disconnects. The fake gateway counts the sessions open (identified
//! and not closed) and every session identified.

use std::time::Duration;

use pulse_tests::fake_discord::FakeDiscord;
use pulse_tests::instances::eventually;
use pulse_tests::instances::Instance;
use pulse_tests::{spawn_app_with, TestOptions};

/// `store.leader_lease_secs`: long enough that a renewal late on a busy machine does not
/// pass the lease on by itself (the test passes it on).
const LEASE_SECS: u64 = 9;

/// `/healthz` of `instance`: its status and body.
async fn health(instance: &Instance) -> (u16, String) {
    let response = reqwest::get(format!("{}/healthz", instance.base_url))
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_leader_holds_the_gateway_and_the_next_leader_takes_it_over() {
    let discord = FakeDiscord::start().await;
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            postgres: true,
            discord_gateway: Some(discord.api_url()),
            ..TestOptions::default()
        },
    )
    .await;
    let instances = app
        .into_instances(|file| file.store.leader_lease_secs = LEASE_SECS)
        .await;
    // The test app itself connected while it ran, and closed its session when it stopped.
    assert!(
        eventually(Duration::from_secs(30), || discord.open_sessions() == 0).await,
        "the test app's session closed"
    );
    let before = discord.identified_sessions();

    let running: Vec<Instance> =
        futures_util::future::join_all([instances.start(), instances.start()]).await;
    assert!(
        eventually(Duration::from_secs(30), || running
            .iter()
            .any(Instance::leads)
            && discord.open_sessions() == 1)
        .await,
        "the leader connects"
    );
    // However long one looks: one session, the leader's; the follower stands by, healthy.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(discord.open_sessions(), 1);
    assert_eq!(discord.identified_sessions() - before, 1, "one Identify");
    let leader = running.iter().position(Instance::leads).expect("a leader");
    let follower = 1 - leader;
    let (status, body) = health(&running[follower]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("standby"), "{body}");
    assert_eq!(health(&running[leader]).await.0, 200);

    // The leader loses its lease (its renewals do not reach the database, say) to the
    // follower: it disconnects, and the follower connects.
    let (leases, length) = (
        instances.leases(),
        chrono::Duration::seconds(LEASE_SECS as i64),
    );
    let (leader_id, follower_id) = (running[leader].id(), running[follower].id());
    loop {
        let _ = leases.release(engine::lease::SCHEDULER, &leader_id);
        if leases
            .hold(
                engine::lease::SCHEDULER,
                &follower_id,
                chrono::Utc::now(),
                length,
            )
            .expect("the lease is written")
        {
            break;
        }
    }
    assert!(
        eventually(Duration::from_secs(30), || running[follower].leads()
            && !running[leader].leads()
            && discord.identified_sessions() - before == 2
            && discord.open_sessions() == 1)
        .await,
        "the old leader disconnects and the new one connects: {} open, {} identified",
        discord.open_sessions(),
        discord.identified_sessions() - before
    );

    // The new leader stops (cleanly: it gives the lease back): the other takes over.
    let mut running = running;
    let stopping = running.remove(follower);
    stopping.stop().await;
    let last = &running[0];
    assert!(
        eventually(Duration::from_secs(30), || last.leads()
            && discord.identified_sessions() - before == 3
            && discord.open_sessions() == 1)
        .await,
        "the last instance connects once it leads"
    );
    eprintln!(
        "2 instances: {} gateway sessions identified in all, never more than one open at a look",
        discord.identified_sessions() - before
    );
    futures_util::future::join_all(running.into_iter().map(Instance::stop)).await;
    instances.stop().await;
}
