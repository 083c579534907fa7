//! The sync scheduler: every `sync.interval_minutes`, each active account does what is due
//! (daily data once a day, post insights on the ladder, a token refresh near expiry, a first
//! sync that did not finish). Accounts whose token stopped working are reported to their
//! chats once. Once a day it also deletes comments older than `store.retention_days`
//! ([`DailyJobs`]).
//!
//! Accounts sync concurrently ([`Syncs`]): each due account's sync is a task of its own, at
//! most `sync.max_in_flight` of them talking to Instagram at once (a semaphore; the others
//! wait their turn in the order they fell due), and each account's calls stay in order
//! inside its one sync. A tick never waits for a sync: it starts the due accounts and
//! returns, so an account that is slow or held in a throttling wait holds up only itself and
//! one slot. An account whose sync from an earlier tick is still running (or still waiting
//! for a slot) is skipped, not started twice. At shutdown the loop starts nothing more, every
//! sync task stops at its next wait (the token is watched by each), and [`run`] returns only
//! once all of them have ended, so the store is flushed after the last write.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chrono::NaiveDate;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

use engine::account::AccountId;
use engine::pulse::SyncOutcome;
use engine::sync::SyncProgress;

use crate::app::AppState;
use crate::errors;
use crate::metrics::SyncKind;

/// Runs ticks until shutdown, then waits for the syncs under way to stop. The first tick
/// runs at once.
pub async fn run(state: Arc<AppState>, every: Duration, daily: DailyJobs) {
    run_observed(state, every, daily, |_| {}).await;
}

/// [`run`], telling `observe` about every sync task that ended (benches measure how long
/// due syncs waited).
pub async fn run_observed(
    state: Arc<AppState>,
    every: Duration,
    daily: DailyJobs,
    mut observe: impl FnMut(&Ended),
) {
    let mut daily = daily;
    let mut syncs = Syncs::new(state.clone(), state.max_syncs_in_flight);
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            () = state.shutdown.cancelled() => break,
            Some(ended) = syncs.next_ended() => observe(&ended),
            _ = interval.tick() => {
                // Only the instance holding the scheduler's lease starts syncs and runs the
                // daily jobs (crate::leadership); every instance finishes those it started.
                if state.leadership.leads() {
                    syncs.tick();
                    daily.run_if_due(&state).await;
                }
            }
        }
    }
    // Each task watches the token too: they all end at their next wait.
    while let Some(ended) = syncs.next_ended().await {
        observe(&ended);
    }
    tracing::debug!("scheduler stopped");
}

/// One pass over every account, waiting until each sync it started has ended (tests and
/// benches drive the scheduler this way, one tick at a time).
pub async fn tick(state: &Arc<AppState>) {
    let mut syncs = Syncs::new(state.clone(), state.max_syncs_in_flight);
    syncs.tick();
    while syncs.next_ended().await.is_some() {}
}

/// A sync task that ended: when its account fell due, when its sync began (it had a slot),
/// and when it ended.
#[derive(Debug, Clone)]
pub struct Ended {
    /// The account.
    pub account_id: AccountId,
    /// When the tick found it due and started its task.
    pub due: Instant,
    /// When it got a slot and its sync began (`None`: stopped by shutdown before that).
    pub started: Option<Instant>,
    /// When the task ended.
    pub ended: Instant,
}

/// The scheduled syncs under way: one task per account, at most `max_in_flight` syncing at
/// once, an account never twice.
pub struct Syncs {
    state: Arc<AppState>,
    slots: Arc<Semaphore>,
    tasks: JoinSet<Ended>,
    /// Accounts with a task (waiting for a slot or syncing); each task removes its own on
    /// exit, even a panicking one.
    in_flight: Arc<Mutex<HashSet<AccountId>>>,
}

/// An account's place in [`Syncs::in_flight`], given back when its task ends.
struct InFlight {
    accounts: Arc<Mutex<HashSet<AccountId>>>,
    account_id: AccountId,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        lock(&self.accounts).remove(&self.account_id);
    }
}

fn lock(accounts: &Mutex<HashSet<AccountId>>) -> std::sync::MutexGuard<'_, HashSet<AccountId>> {
    accounts
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Syncs started.
    pub started: usize,
    /// Accounts skipped because their sync from an earlier tick has not ended.
    pub still_running: usize,
}

impl Syncs {
    /// No sync under way; at most `max_in_flight` (at least 1) at once.
    pub fn new(state: Arc<AppState>, max_in_flight: usize) -> Self {
        Self {
            state,
            slots: Arc::new(Semaphore::new(max_in_flight.max(1))),
            tasks: JoinSet::new(),
            in_flight: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    /// The housekeeping of a tick, then a sync task for every account to sync that has none.
    /// Returns at once: it waits for no sync.
    pub fn tick(&mut self) -> TickReport {
        let state = &self.state;
        let now = (state.clock)();
        match state.pulse.sweep_link_tokens(now) {
            Ok(0) => {}
            Ok(removed) => tracing::debug!(removed, "expired link tokens removed"),
            Err(error) => {
                errors::report("sweeping link tokens failed", &error);
            }
        }
        match state.pulse.forget_stale_conversations(now) {
            Ok(0) => {}
            Ok(removed) => {
                tracing::debug!(removed, "previous questions older than 30 minutes removed")
            }
            Err(error) => {
                errors::report("sweeping previous questions failed", &error);
            }
        }
        let accounts = match state.pulse.accounts_to_sync() {
            Ok(accounts) => accounts,
            Err(error) => {
                errors::report("listing accounts to sync failed", &error);
                return TickReport::default();
            }
        };
        let mut report = TickReport::default();
        for account_id in accounts {
            if self.start(account_id) {
                report.started += 1;
            } else {
                report.still_running += 1;
            }
        }
        if report.still_running > 0 {
            tracing::info!(
                still_running = report.still_running,
                "accounts still syncing from an earlier tick were not started again"
            );
        }
        report
    }

    /// Starts a task syncing `account_id`, unless it has one already. Returns whether it
    /// started one.
    pub fn start(&mut self, account_id: AccountId) -> bool {
        if !lock(&self.in_flight).insert(account_id.clone()) {
            return false;
        }
        let place = InFlight {
            accounts: self.in_flight.clone(),
            account_id: account_id.clone(),
        };
        let (state, slots) = (self.state.clone(), self.slots.clone());
        let due = Instant::now();
        let span = crate::telemetry::job_span(crate::telemetry::JobKind::Sync);
        self.tasks.spawn(tracing::Instrument::instrument(
            async move {
                let _place = place;
                let started = OnceLock::new();
                let sync = async {
                    // The semaphore is never closed.
                    let Ok(_slot) = slots.acquire_owned().await else {
                        return;
                    };
                    let _ = started.set(Instant::now());
                    sync_one(&state, &account_id).await;
                };
                tokio::select! {
                    biased;
                    () = sync => {}
                    // Dropped where it waits, like any sync stopped halfway: what it wrote stays,
                    // and the account's next sync does the rest.
                    () = state.shutdown.cancelled() => {}
                }
                Ended {
                    account_id,
                    due,
                    started: started.get().copied(),
                    ended: Instant::now(),
                }
            },
            span,
        ));
        true
    }

    /// Waits for the next sync task to end; `None` when none is under way.
    pub async fn next_ended(&mut self) -> Option<Ended> {
        loop {
            match self.tasks.join_next().await? {
                Ok(ended) => return Some(ended),
                Err(error) => {
                    tracing::error!(error = %error, "a sync task panicked");
                }
            }
        }
    }

    /// How many accounts have a task now (waiting for a slot or syncing).
    pub fn in_flight(&self) -> usize {
        lock(&self.in_flight).len()
    }
}

/// The jobs that run once a (UTC) day: deleting comments past their retention.
#[derive(Debug, Clone)]
pub struct DailyJobs {
    retention: Option<chrono::Duration>,
    last_run: Option<NaiveDate>,
}

impl DailyJobs {
    /// Daily jobs keeping comments for `retention` (`None`: forever).
    pub fn new(retention: Option<chrono::Duration>) -> Self {
        Self {
            retention,
            last_run: None,
        }
    }

    /// Runs the jobs unless they already ran on the clock's date. Returns how many comments
    /// were deleted, or `None` when nothing ran.
    pub async fn run_if_due(&mut self, state: &Arc<AppState>) -> Option<usize> {
        let now = (state.clock)();
        if self.last_run == Some(now.date_naive()) {
            return None;
        }
        self.last_run = Some(now.date_naive());
        // The stats API's access log (30 days) and usage (366 days), whatever the comments'.
        tracing::Instrument::instrument(
            purge_api_records(state.pulse.clone(), now),
            crate::telemetry::job_span(crate::telemetry::JobKind::Retention),
        )
        .await;
        let retention = self.retention?;
        tracing::Instrument::instrument(
            purge(state.pulse.clone(), now - retention, retention),
            crate::telemetry::job_span(crate::telemetry::JobKind::Retention),
        )
        .await
    }
}

/// Deletes the stats API's log entries and usage past their time (`Pulse::purge_api_records`).
async fn purge_api_records(pulse: Arc<engine::pulse::Pulse>, now: chrono::DateTime<chrono::Utc>) {
    match tokio::task::spawn_blocking(move || pulse.purge_api_records(now)).await {
        Ok(Ok(purged)) if purged == engine::PurgedCounts::default() => {}
        Ok(Ok(purged)) => tracing::info!(
            access_log = purged.access_log,
            usage = purged.usage,
            keys = purged.keys,
            "old API records deleted"
        ),
        Ok(Err(error)) => {
            errors::report("deleting old API records failed", &error);
        }
        Err(error) => tracing::error!(error = %error, "deleting old API records panicked"),
    }
}

/// Deletes the comments older than `cutoff`; how many, or `None` when it failed.
async fn purge(
    pulse: Arc<engine::pulse::Pulse>,
    cutoff: chrono::DateTime<chrono::Utc>,
    retention: chrono::Duration,
) -> Option<usize> {
    match tokio::task::spawn_blocking(move || pulse.purge_comments_before(cutoff)).await {
        Ok(Ok(purged)) => {
            tracing::info!(
                purged,
                retention_days = retention.num_days(),
                "old comments deleted"
            );
            Some(purged)
        }
        Ok(Err(error)) => {
            errors::report("deleting old comments failed", &error);
            None
        }
        Err(error) => {
            tracing::error!(error = %error, "deleting old comments panicked");
            None
        }
    }
}

/// One account's scheduled sync, counted and logged by its outcome.
async fn sync_one(state: &Arc<AppState>, account_id: &AccountId) {
    let started = std::time::Instant::now();
    // A first sync this run takes past "Ready" tells its chats, however the run ends (it
    // may stop later in the fill: the chats were told only that Pulse continues by itself).
    let mut became_ready = None;
    let mut on_progress = |progress: SyncProgress| {
        if let SyncProgress::Ready { report, older } = progress {
            became_ready = Some((report, older));
        }
    };
    let outcome = state
        .pulse
        .sync_account_reporting(account_id, (state.clock)(), &mut on_progress)
        .await;
    state
        .metrics
        .sync_ended(SyncKind::Scheduled, &outcome, started.elapsed());
    // Ready, then stopped in the fill: "Ready", and that the older posts follow.
    if let (false, Some((report, older))) = (
        matches!(outcome, Ok(SyncOutcome::Synced { .. })),
        became_ready,
    ) {
        announce_ready(state, account_id, &report, older).await;
    }
    match outcome {
        Ok(SyncOutcome::Synced { report, .. }) => {
            // The comments it wrote may have queued alerts.
            state.alerts_wake.notify_one();
            tracing::info!(
                posts = report.posts,
                new_posts = report.new_posts,
                insights = report.insights_read,
                days = report.days,
                "account synced"
            );
            if became_ready.is_some() {
                announce_ready(state, account_id, &report, 0).await;
            }
        }
        Ok(SyncOutcome::NeedsReconnect {
            network,
            handle,
            chats,
        }) => {
            tracing::warn!("an account's token stopped working; its chats are told");
            let reply = engine::pulse::Pulse::needs_reconnect_reply(network, &handle);
            for chat in chats {
                if let Err(error) = state.outbox.send(&chat, &reply).await {
                    tracing::warn!(error = %error, "could not tell a chat its account needs linking again");
                }
            }
        }
        Ok(SyncOutcome::Throttled(wait)) => {
            tracing::info!(
                wait_secs = wait.as_secs(),
                "instagram is throttling an account; next tick"
            );
        }
        Ok(SyncOutcome::Failed(reason)) => {
            tracing::warn!(%reason, "an account's sync failed; next tick")
        }
        Ok(SyncOutcome::NotAnswering) => {
            // A first sync's chat was told once, when its own run stopped.
            tracing::warn!("instagram is not answering; the sync stopped and resumes next tick")
        }
        Ok(
            SyncOutcome::NothingDue
            | SyncOutcome::AlreadyRunning
            | SyncOutcome::Gone
            | SyncOutcome::Cancelled,
        ) => {}
        Err(error) => {
            errors::report("sync failed", &error);
        }
    }
}

/// A first sync the scheduler took past "Ready" (the one started at link time did not get
/// there): the chats were told "Pulse continues by itself", so they are told it is ready —
/// and, when `older` posts are still to be read (the run stopped in the fill), that the
/// rest follows.
async fn announce_ready(
    state: &Arc<AppState>,
    account_id: &AccountId,
    report: &engine::sync::SyncReport,
    older: usize,
) {
    let (network, handle) = match state.pulse.records().account(account_id) {
        Ok(Some(account)) => (account.network, account.username),
        _ => return,
    };
    let chats = match state.pulse.chats_of(account_id) {
        Ok(chats) => chats,
        Err(error) => {
            errors::report("listing an account's chats failed", &error);
            return;
        }
    };
    let reply = engine::Pulse::ready_reply(network, &handle, report, older);
    for chat in chats {
        if let Err(error) = state.outbox.send(&chat, &reply).await {
            tracing::warn!(error = %error, "could not tell a chat its account is ready");
        }
        let _ = state.events.send(crate::linking::SyncEvent::Ready {
            chat: chat.clone(),
            account_id: account_id.clone(),
        });
        if older == 0 {
            let _ = state.events.send(crate::linking::SyncEvent::Synced {
                chat,
                account_id: account_id.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use crate::health::Part;
    use async_trait::async_trait;
    use chrono::{DateTime, TimeZone, Utc};
    use engine::instagram::*;
    use engine::records::{AccountRecord, AccountStatus, Backfill, Records};
    use engine::store::{Batch, MemoryStore, Tree};
    use engine::vault::{MasterKey, Vault};
    use secrecy::SecretString;
    use tokio::sync::Semaphore;
    use tokio_util::sync::CancellationToken;
    use tokio_util::task::TaskTracker;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
    }

    /// An Instagram whose media lists (the first call of a scheduled sync) wait at a gate
    /// for the accounts it holds, counting the calls under way.
    #[derive(Default)]
    struct GatedInstagram {
        /// Tokens whose calls wait until the gate is closed.
        held: Mutex<HashSet<String>>,
        gate: Option<Semaphore>,
        /// Media-list calls by token.
        calls: Mutex<Vec<String>>,
        under_way: AtomicUsize,
        most_at_once: AtomicUsize,
        /// Calls dropped before they were answered.
        dropped: AtomicUsize,
    }

    impl GatedInstagram {
        fn holding(tokens: &[&str]) -> Self {
            Self {
                held: Mutex::new(tokens.iter().map(|t| t.to_string()).collect()),
                gate: Some(Semaphore::new(0)),
                ..Self::default()
            }
        }

        fn release(&self) {
            if let Some(gate) = &self.gate {
                gate.close();
            }
        }

        fn calls_of(&self, token: &str) -> usize {
            self.calls
                .lock()
                .unwrap()
                .iter()
                .filter(|t| *t == token)
                .count()
        }

        async fn until_under_way(&self, n: usize) {
            while self.under_way.load(Ordering::SeqCst) < n {
                tokio::task::yield_now().await;
            }
        }
    }

    /// Counts a call from its start to its end, and a drop before the end.
    struct UnderWay<'a>(&'a GatedInstagram, bool);

    impl Drop for UnderWay<'_> {
        fn drop(&mut self) {
            self.0.under_way.fetch_sub(1, Ordering::SeqCst);
            if !self.1 {
                self.0.dropped.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    fn nothing<T>() -> Result<T, SourceError> {
        Err(SourceError::Transient {
            reason: "not in this test".into(),
        })
    }

    #[async_trait]

    impl InstagramLogin for GatedInstagram {
        fn authorize_url(&self, _: &str) -> String {
            String::new()
        }
        async fn exchange_code(&self, _: &str) -> Result<ShortLivedToken, SourceError> {
            nothing()
        }
        async fn long_lived_token(&self, _: &AccessToken) -> Result<LongLivedToken, SourceError> {
            nothing()
        }
        async fn refresh_token(&self, _: &AccessToken) -> Result<LongLivedToken, SourceError> {
            nothing()
        }
    }

    #[async_trait]
    impl Instagram for GatedInstagram {
        async fn profile(&self, _: &AccessToken) -> Result<Profile, SourceError> {
            nothing()
        }
        async fn posts(&self, _: &AccessToken) -> Result<Vec<Post>, SourceError> {
            Ok(Vec::new())
        }
        async fn posts_since(
            &self,
            token: &AccessToken,
            _: DateTime<Utc>,
        ) -> Result<Vec<Post>, SourceError> {
            self.calls.lock().unwrap().push(token.expose().to_owned());
            let at_once = self.under_way.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_at_once.fetch_max(at_once, Ordering::SeqCst);
            let mut under_way = UnderWay(self, false);
            let held = self.held.lock().unwrap().contains(token.expose());
            if let Some(gate) = self.gate.as_ref().filter(|_| held) {
                let _ = gate.acquire().await;
            }
            // Every call takes a moment, so the calls of different accounts overlap.
            tokio::task::yield_now().await;
            under_way.1 = true;
            Ok(Vec::new())
        }
        async fn post_insights(
            &self,
            _: &AccessToken,
            _: &Post,
        ) -> Result<PostMetrics, SourceError> {
            nothing()
        }
        async fn daily_insights(
            &self,
            _: &AccessToken,
            _: chrono::NaiveDate,
            _: chrono::NaiveDate,
        ) -> Result<Vec<DailyInsights>, SourceError> {
            nothing()
        }
        async fn online_followers(
            &self,
            _: &AccessToken,
        ) -> Result<Vec<OnlineFollowers>, SourceError> {
            nothing()
        }
        async fn demographics(&self, _: &AccessToken) -> Result<Demographics, SourceError> {
            nothing()
        }
        async fn comments(&self, _: &AccessToken, _: &str) -> Result<Vec<Comment>, SourceError> {
            nothing()
        }
    }

    /// Pulse's id of the test account numbered `n`.
    fn id(n: &str) -> AccountId {
        AccountId::parse(&format!("{n:0>32}")).unwrap()
    }

    fn account(id: &str) -> AccountRecord {
        AccountRecord {
            id: self::id(id),
            network: engine::account::Network::Instagram,
            user_id: id.into(),
            app_scoped_id: format!("2{id}"),
            username: format!("shop{id}"),
            name: None,
            followers_count: 10,
            follows_count: 1,
            media_count: 0,
            status: AccountStatus::Active,
            linked_at: now(),
            token_issued_at: now(),
            token_expires_at: now() + chrono::Duration::days(60),
            backfill: Backfill::Done { at: now() },
            last_sync_at: Some(now()),
            daily_sync_at: Some(now()),
            sync_not_before: None,
            granted_permissions: None,
            refresh_expires_at: None,
        }
    }

    /// An app state over a memory store with `accounts` linked (token `token-<id>`), synced
    /// through `instagram`, at most `max_in_flight` at once; the clock 15 minutes after their
    /// last sync.
    fn state(
        instagram: Arc<GatedInstagram>,
        accounts: &[&str],
        max_in_flight: usize,
    ) -> Arc<AppState> {
        let vault = Vault::new(MasterKey::generate(), Vec::new());
        let store = Arc::new(MemoryStore::new());
        let mut batch = Batch::new();
        for id in accounts {
            Records::batch_account(&mut batch, &account(id));
            batch.put(
                Tree::Tokens,
                self::id(id).as_bytes().to_vec(),
                vault.seal(
                    self::id(id).as_str(),
                    "instagram_access_token",
                    format!("token-{id}").as_bytes(),
                ),
            );
        }
        engine::store::Store::apply(store.as_ref(), &batch).unwrap();
        let pulse = engine::Pulse::new(
            store,
            vault,
            engine::ports::Ports::read_only_instagram(instagram),
            engine::pulse::Settings {
                public_url: "http://pulse.test".into(),
                default_timezone: chrono_tz::UTC,
                sync: engine::sync::SyncPolicy::default(),
                uses_language_model: false,
                comment_retention_days: None,
                default_digest_time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                alert_min_interval: chrono::Duration::seconds(60),
                webhooks_configured: true,
            },
        );
        let (events, _) = tokio::sync::broadcast::channel(8);
        let later = now() + chrono::Duration::minutes(15);
        Arc::new(AppState {
            pulse: Arc::new(pulse),
            outbox: crate::frontend::Outbox::new(),
            tasks: TaskTracker::new(),
            shutdown: CancellationToken::new(),
            events,
            clock: Arc::new(move || later),
            meta_app_secret: SecretString::from("secret".to_owned()),
            health: crate::health::Health::new(),
            replays: crate::replays::Replays::new(),
            telegram_login: None,
            discord_login: None,
            metrics: Arc::new(crate::metrics::Metrics::new().unwrap()),
            scrape: crate::metrics::Scrape::new(false, None),
            alerts_wake: Arc::new(tokio::sync::Notify::new()),
            publisher_wake: Arc::new(tokio::sync::Notify::new()),
            revoker_wake: Arc::new(tokio::sync::Notify::new()),
            downloads: crate::app::downloads_client(),
            max_syncs_in_flight: max_in_flight,
            api_limits: Arc::new(crate::api::limits::Limits::new(&Default::default())),
            leadership: crate::leadership::Leadership::sole(),
        })
    }

    fn last_sync(state: &AppState, id: &str) -> Option<DateTime<Utc>> {
        state
            .pulse
            .records()
            .account(&self::id(id))
            .unwrap()
            .unwrap()
            .last_sync_at
    }

    /// Guards a test against hanging (a sequential scheduler would wait forever here); it
    /// measures nothing.
    async fn within<T>(what: &str, future: impl std::future::Future<Output = T>) -> T {
        tokio::time::timeout(Duration::from_secs(30), future)
            .await
            .unwrap_or_else(|_| panic!("{what} never happened"))
    }

    #[tokio::test]
    async fn a_loop_that_stops_before_shutdown_stops_pulse_and_names_it() {
        let quiet = || state(Arc::new(GatedInstagram::holding(&[])), &[], 1);
        let stopped = |state: Arc<AppState>| async move {
            tokio::time::timeout(Duration::from_secs(10), state.shutdown.cancelled())
                .await
                .expect("Pulse is asked to stop");
            state.tasks.close();
            state.tasks.wait().await;
            state.health.fatal()
        };
        // A loop that returns.
        let ended = quiet();
        crate::app::supervise(&ended, Part::Background, "scheduler", async {});
        assert_eq!(
            stopped(ended).await.as_deref(),
            Some("a background loop: the scheduler ended")
        );
        // A loop that panics.
        let panicked = quiet();
        crate::app::supervise(&panicked, Part::Background, "digest scheduler", async {
            panic!("a bug in a round");
        });
        assert_eq!(
            stopped(panicked).await.as_deref(),
            Some("a background loop: the digest scheduler panicked")
        );
        // A loop that runs until shutdown ends without a word.
        let steady = quiet();
        let token = steady.shutdown.clone();
        crate::app::supervise(&steady, Part::Background, "store watch", async move {
            token.cancelled().await
        });
        steady.shutdown.cancel();
        assert_eq!(stopped(steady).await, None);
    }

    #[tokio::test]
    async fn an_account_held_up_by_instagram_does_not_hold_up_the_others() {
        // "1" comes first in the store's order: a sequential tick would wait for it.
        let instagram = Arc::new(GatedInstagram::holding(&["token-1"]));
        let state = state(instagram.clone(), &["1", "2", "3"], 8);
        let mut syncs = Syncs::new(state.clone(), 8);
        assert_eq!(syncs.tick().started, 3);
        let mut ended = Vec::new();
        for _ in 0..2 {
            ended.push(
                within("another account's sync", syncs.next_ended())
                    .await
                    .unwrap(),
            );
        }
        let mut ids: Vec<AccountId> = ended.iter().map(|e| e.account_id.clone()).collect();
        ids.sort();
        assert_eq!(ids, [id("2"), id("3")]);
        let later = Some(now() + chrono::Duration::minutes(15));
        assert_eq!(last_sync(&state, "2"), later);
        assert_eq!(last_sync(&state, "3"), later);
        assert_eq!(last_sync(&state, "1"), Some(now()), "still held");
        assert_eq!(syncs.in_flight(), 1);
        instagram.release();
        let held = within("the held sync", syncs.next_ended()).await.unwrap();
        assert_eq!(held.account_id, id("1"));
        assert_eq!(last_sync(&state, "1"), later);
        assert!(syncs.next_ended().await.is_none());
    }

    #[tokio::test]
    async fn a_tick_does_not_start_a_second_sync_of_an_account_still_syncing() {
        let instagram = Arc::new(GatedInstagram::holding(&["token-1"]));
        let state = state(instagram.clone(), &["1", "2"], 8);
        let mut syncs = Syncs::new(state.clone(), 8);
        assert_eq!(syncs.tick().started, 2);
        let first = within("account 2's sync", syncs.next_ended())
            .await
            .unwrap();
        assert_eq!(first.account_id, id("2"));
        // The next tick comes while account 1 is still held.
        let report = syncs.tick();
        assert_eq!(
            report,
            TickReport {
                started: 1,
                still_running: 1
            }
        );
        instagram.release();
        while within("the syncs", syncs.next_ended()).await.is_some() {}
        assert_eq!(instagram.calls_of("token-1"), 1, "started once");
        assert_eq!(instagram.calls_of("token-2"), 2);
        // Once it ended, the account is started again.
        assert_eq!(syncs.tick().started, 2);
        while within("the syncs", syncs.next_ended()).await.is_some() {}
        assert_eq!(instagram.calls_of("token-1"), 2);
    }

    #[tokio::test]
    async fn no_more_than_max_in_flight_accounts_call_instagram_at_once() {
        let ids = ["1", "2", "3", "4", "5", "6"];
        let tokens: Vec<String> = ids.iter().map(|id| format!("token-{id}")).collect();
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let instagram = Arc::new(GatedInstagram::holding(&tokens));
        let state = state(instagram.clone(), &ids, 2);
        let mut syncs = Syncs::new(state.clone(), 2);
        assert_eq!(syncs.tick().started, 6);
        within("two calls", instagram.until_under_way(2)).await;
        // Give every other task every chance to start a call it should not.
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
        assert_eq!(instagram.under_way.load(Ordering::SeqCst), 2);
        instagram.release();
        let mut ended = 0;
        while within("the syncs", syncs.next_ended()).await.is_some() {
            ended += 1;
        }
        assert_eq!(ended, 6);
        assert_eq!(instagram.most_at_once.load(Ordering::SeqCst), 2);
        for id in ids {
            assert_eq!(instagram.calls_of(&format!("token-{id}")), 1);
        }
    }

    #[tokio::test]
    async fn shutdown_stops_the_syncs_under_way_and_waits_for_them() {
        let instagram = Arc::new(GatedInstagram::holding(&["token-1"]));
        let state = state(instagram.clone(), &["1", "2"], 8);
        let ended = Arc::new(Mutex::new(Vec::new()));
        let seen = ended.clone();
        let scheduler = tokio::spawn(run_observed(
            state.clone(),
            Duration::from_secs(3600),
            DailyJobs::new(None),
            move |e: &Ended| seen.lock().unwrap().push(e.clone()),
        ));
        within("the held call", instagram.until_under_way(1)).await;
        while last_sync(&state, "2") == Some(now()) {
            tokio::task::yield_now().await;
        }
        state.shutdown.cancel();
        within("the scheduler to stop", scheduler).await.unwrap();
        // The held sync was stopped where it waited, and the loop waited for its task.
        assert_eq!(instagram.dropped.load(Ordering::SeqCst), 1);
        assert_eq!(instagram.under_way.load(Ordering::SeqCst), 0);
        assert_eq!(last_sync(&state, "1"), Some(now()), "it wrote nothing more");
        let mut ids: Vec<AccountId> = ended
            .lock()
            .unwrap()
            .iter()
            .map(|e| e.account_id.clone())
            .collect();
        ids.sort();
        assert_eq!(
            ids,
            [id("1"), id("2")],
            "both tasks ended before run returned"
        );
        assert!(ended.lock().unwrap().iter().all(|e| e.started.is_some()));
    }
}
