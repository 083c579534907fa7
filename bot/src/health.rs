//! What `/healthz` reports: every part Pulse needs in order to serve — each chat front end,
//! the store — says whether it works now, and why not.
//!
//! A part that is starting or down makes `/healthz` answer 503 with the reason, so a load
//! balancer or supervisor sees a deaf Pulse as unhealthy. A part that can never come up
//! ([`Health::fail`]) also stops the process, which then exits non-zero so a supervisor
//! restarts it.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

/// A part of Pulse that `/healthz` reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// The Telegram front end.
    Telegram,
    /// The Discord front end.
    Discord,
    /// The database: whether it accepts writes.
    Store,
    /// The tasks that run until shutdown but the front ends: the HTTP server, the
    /// schedulers, the store's watch, the backup socket.
    Background,
}

impl Part {
    /// The part's name in logs and in `/healthz`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Telegram => "telegram",
            Part::Discord => "discord",
            Part::Store => "store",
            Part::Background => "background",
        }
    }

    /// The part in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Part::Telegram => "the Telegram front end",
            Part::Discord => "the Discord front end",
            Part::Store => "the store",
            Part::Background => "a background loop",
        }
    }
}

/// Where a part stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "reason", rename_all = "lowercase")]
pub enum PartState {
    /// Not serving yet; the reason says what it waits for (the last failed attempt).
    Starting(String),
    /// Serving.
    Running,
    /// Not serving; the reason says why.
    Down(String),
    /// Not serving here on purpose, and healthy: another instance serves it (Discord's
    /// gateway, held by the instance that leads). The reason says so.
    Standby(String),
}

/// The parts' states, shared by everything that runs.
#[derive(Debug, Default)]
pub struct Health {
    parts: Mutex<BTreeMap<Part, PartState>>,
    fatal: Mutex<Option<String>>,
}

impl Health {
    /// No part reported yet (a part that never reports is not checked).
    pub fn new() -> Self {
        Self::default()
    }

    fn set(&self, part: Part, state: PartState) {
        self.parts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(part, state);
    }

    /// `part` is starting; `reason` says what it waits for.
    pub fn starting(&self, part: Part, reason: impl Into<String>) {
        self.set(part, PartState::Starting(reason.into()));
    }

    /// `part` serves.
    pub fn running(&self, part: Part) {
        self.set(part, PartState::Running);
    }

    /// `part` serves on another instance, as it should ([`PartState::Standby`]).
    pub fn standby(&self, part: Part, reason: impl Into<String>) {
        self.set(part, PartState::Standby(reason.into()));
    }

    /// `part` does not serve, because of `reason`.
    pub fn down(&self, part: Part, reason: impl Into<String>) {
        self.set(part, PartState::Down(reason.into()));
    }

    /// `part` cannot come up: it is down, and the process must end with an error (the caller
    /// cancels the shutdown token). The first such reason is the one reported.
    pub fn fail(&self, part: Part, reason: impl Into<String>) {
        let reason = reason.into();
        self.down(part, reason.clone());
        let mut fatal = self.fatal.lock().unwrap_or_else(|p| p.into_inner());
        fatal.get_or_insert_with(|| format!("{}: {reason}", part.describe()));
    }

    /// Why the process must end with an error, if a part failed for good.
    pub fn fatal(&self) -> Option<String> {
        self.fatal
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The state of one part, if it has reported.
    pub fn state(&self, part: Part) -> Option<PartState> {
        self.parts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&part)
            .cloned()
    }

    /// Every reported part and its state, and whether all of them are running.
    pub fn report(&self) -> Report {
        let parts = self
            .parts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        let healthy = parts
            .values()
            .all(|state| matches!(state, PartState::Running | PartState::Standby(_)));
        Report { healthy, parts }
    }
}

/// The wait before a part's next start attempt: 1 s after the first failure, doubling, at
/// most a minute.
pub fn retry_wait(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.saturating_sub(1).min(6)).min(Duration::from_secs(60))
}

/// What `/healthz` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Whether every part is running (or standing by while another instance runs it).
    #[serde(skip)]
    pub healthy: bool,
    /// Each part's state.
    pub parts: BTreeMap<Part, PartState>,
}

impl Report {
    /// The JSON body: `{"status":"ok"|"unavailable","parts":{…}}`.
    pub fn to_json(&self) -> String {
        let status = if self.healthy { "ok" } else { "unavailable" };
        serde_json::json!({ "status": status, "parts": self.parts }).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_waits_double_up_to_a_minute() {
        let waits: Vec<u64> = (1..=9).map(|n| retry_wait(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn healthy_only_when_every_reported_part_runs() {
        let health = Health::new();
        assert!(
            health.report().healthy,
            "nothing reported: nothing to check"
        );
        health.starting(Part::Telegram, "getMe: HTTP 502");
        let report = health.report();
        assert!(!report.healthy);
        assert_eq!(
            report.to_json(),
            r#"{"parts":{"telegram":{"reason":"getMe: HTTP 502","state":"starting"}},"status":"unavailable"}"#
        );
        health.running(Part::Telegram);
        assert!(health.report().healthy);
        health.standby(Part::Discord, "another instance holds the gateway");
        assert!(health.report().healthy, "standing by is healthy");
        health.down(Part::Store, "disk full");
        assert!(!health.report().healthy);
        assert_eq!(health.fatal(), None);
        health.fail(Part::Discord, "no gateway");
        health.fail(Part::Telegram, "later");
        assert_eq!(
            health.fatal().as_deref(),
            Some("the Discord front end: no gateway")
        );
    }
}
