//! Which instance runs the schedulers. Several Pulse processes may share one PostgreSQL
//! database: every one serves HTTP (the link page, OAuth callbacks, webhooks, the stats
//! API, Discord's interactions endpoint, Telegram's webhook), and only the holder of the
//! scheduler's lease (`engine::lease`) runs the loops that act at due times — syncs,
//! digests, alerts, publishing, revocations, the daily purges — and holds Discord's gateway
//! connection (`discord.mode = "gateway"`: one connection per bot, so on the leader only;
//! `crate::discord::gateway_while_leading`). Each loop waits in [`Leadership::wait_to_lead`]
//! before each round. On sled (one process per database) the one instance always leads.
//!
//! [`keep`] holds the lease: it takes it when free, renews it every third of its length, and
//! gives it back at shutdown, so another instance takes over at once; a holder that dies
//! stops renewing and another takes over once its time runs out (`store.leader_lease_secs`).
//! An instance is named by its engine's run id (`Pulse::run_id`), the id its job claims
//! carry, so the one that takes over a run-out lease tells its engine that run departed
//! (`Pulse::run_departed`, before it leads): the dead leader's digest claims are taken over
//! in the successor's first round, not two minutes (`engine::pulse::LEASE`) later, and its
//! posts being processed or published in the first publishing round, not five. A lease
//! given back (a clean stop) names no one: that instance's round gives back at once every
//! digest it has not begun (`Pulse::digest_not_sent`), and records the outcome of those
//! under way as they end.

use std::sync::Arc;
use std::time::Duration;

use engine::lease::{Holding, Leases, SCHEDULER};
use tokio::sync::watch;

use crate::app::AppState;

/// Whether this instance leads now, watched by the loops that only the leader runs.
#[derive(Debug, Clone)]
pub struct Leadership {
    leads: watch::Sender<bool>,
    /// This instance's id (its engine's random run id), as the lease names its holder.
    instance: String,
}

impl Leadership {
    /// The one instance of its database: it always leads.
    pub fn sole() -> Self {
        Self {
            leads: watch::Sender::new(true),
            instance: "sole".to_owned(),
        }
    }

    /// One of several instances, named `instance` (its engine's run id, `Pulse::run_id`):
    /// it leads once [`keep`] takes the lease.
    pub fn shared(instance: &str) -> Self {
        Self {
            leads: watch::Sender::new(false),
            instance: instance.to_owned(),
        }
    }

    /// This instance's id.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// Whether this instance leads now.
    pub fn leads(&self) -> bool {
        *self.leads.borrow()
    }

    /// Waits until this instance leads; `false` when shutdown came first.
    pub async fn wait_to_lead(&self, shutdown: &tokio_util::sync::CancellationToken) -> bool {
        let mut leads = self.leads.subscribe();
        tokio::select! {
            led = leads.wait_for(|leads| *leads) => led.is_ok(),
            () = shutdown.cancelled() => false,
        }
    }

    /// Waits until this instance no longer leads (at once if it does not); `false` when
    /// shutdown came first.
    pub async fn wait_to_follow(&self, shutdown: &tokio_util::sync::CancellationToken) -> bool {
        let mut leads = self.leads.subscribe();
        tokio::select! {
            followed = leads.wait_for(|leads| !*leads) => followed.is_ok(),
            () = shutdown.cancelled() => false,
        }
    }

    /// Whether this instance may share its database with others (then it leads only while
    /// it holds the scheduler's lease).
    pub fn is_shared(&self) -> bool {
        self.instance != "sole"
    }

    fn set(&self, leads: bool) {
        self.leads
            .send_if_modified(|now| std::mem::replace(now, leads) != leads);
    }
}

/// Holds the scheduler's lease for `state`'s instance until shutdown: tries to take or renew
/// it every `length / 3`, leads while it holds it (a renewal that fails to reach the store
/// stops it leading), and gives it back at shutdown. Taking over a lease that ran out, it
/// tells the engine, before it leads, that the former holder's run departed.
pub async fn keep(state: Arc<AppState>, leases: Leases, length: Duration) {
    let leadership = state.leadership.clone();
    let instance = leadership.instance().to_owned();
    let lease = chrono::Duration::from_std(length).unwrap_or(chrono::Duration::seconds(15));
    let every = length / 3;
    loop {
        // The wall clock, not the app's: a lease is about processes being alive.
        let now = chrono::Utc::now();
        let (tried, who) = (leases.clone(), instance.clone());
        let held =
            tokio::task::spawn_blocking(move || tried.take(SCHEDULER, &who, now, lease)).await;
        let leads = match held {
            Ok(Ok(Holding::TakenFrom(departed))) => {
                tracing::info!(
                    instance = %instance,
                    departed = %departed,
                    "took over the scheduler's lease after it ran out: the former holder's \
                     claims are taken over at once"
                );
                state.pulse.run_departed(&departed);
                true
            }
            Ok(Ok(holding)) => holding.holds(),
            Ok(Err(error)) => {
                tracing::warn!(error = %error, "the scheduler's lease could not be renewed");
                false
            }
            Err(_) => false,
        };
        if leads != leadership.leads() {
            if leads {
                tracing::info!(instance = %instance, "this instance leads the schedulers");
            } else {
                tracing::info!(instance = %instance, "this instance no longer leads the schedulers");
            }
        }
        leadership.set(leads);
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = state.shutdown.cancelled() => break,
        }
    }
    leadership.set(false);
    let released = tokio::task::spawn_blocking(move || leases.release(SCHEDULER, &instance)).await;
    if let Ok(Err(error)) = released {
        tracing::warn!(error = %error, "the scheduler's lease could not be given back");
    }
}
