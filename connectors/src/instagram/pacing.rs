//! Pacing: the usage headers and the pause they trigger (the retry backoff is in
//! `crate::backoff`).
//!
//! Every response may carry `x-business-use-case-usage` (keyed by account id, arrays of pools)
//! or `x-app-usage`, with percentages of the allowance. When the highest reaches
//! `pause_at_usage_percent`, the next call made with the same token first waits `usage_pause`.
//! Tokens are tracked by a keyed hash (a fingerprint), never stored in clear.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;
use tokio::time::Instant;

use crate::backoff::millis;

/// The two usage headers, lower-case.
const BUC_HEADER: &str = "x-business-use-case-usage";
const APP_HEADER: &str = "x-app-usage";
/// Percentage fields of a usage pool.
const PERCENT_FIELDS: [&str; 3] = ["call_count", "total_cputime", "total_time"];

/// What one response's usage headers say.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Usage {
    /// The highest percentage across all pools and fields, if any header was readable.
    pub(crate) max_percent: Option<f64>,
    /// The longest `estimated_time_to_regain_access`, if positive.
    pub(crate) regain: Option<Duration>,
}

/// Reads the usage headers. Unreadable headers count as absent.
pub(crate) fn parse_usage(headers: &HeaderMap) -> Usage {
    let mut usage = Usage::default();
    for name in [BUC_HEADER, APP_HEADER] {
        for value in headers.get_all(name) {
            let Ok(text) = value.to_str() else { continue };
            let Ok(json) = serde_json::from_str::<Value>(text) else {
                tracing::debug!(header = name, "unreadable usage header");
                continue;
            };
            if name == APP_HEADER {
                absorb_pool(&json, &mut usage);
            } else if let Value::Object(accounts) = &json {
                for pools in accounts.values() {
                    match pools {
                        Value::Array(pools) => {
                            pools.iter().for_each(|p| absorb_pool(p, &mut usage))
                        }
                        pool => absorb_pool(pool, &mut usage),
                    }
                }
            }
        }
    }
    usage
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite() && *n >= 0.0)
}

fn absorb_pool(pool: &Value, usage: &mut Usage) {
    let Value::Object(pool) = pool else { return };
    for field in PERCENT_FIELDS {
        if let Some(percent) = pool.get(field).and_then(number) {
            usage.max_percent = Some(usage.max_percent.map_or(percent, |m| m.max(percent)));
        }
    }
    if let Some(minutes) = pool.get("estimated_time_to_regain_access").and_then(number) {
        if minutes > 0.0 {
            // At most a day: anything longer is nonsense and would overflow nothing useful.
            let wait = Duration::from_secs_f64(minutes.min(24.0 * 60.0) * 60.0);
            usage.regain = Some(usage.regain.map_or(wait, |r| r.max(wait)));
        }
    }
}

/// Per-token pauses after high usage readings.
#[derive(Debug)]
pub(crate) struct Pacer {
    keys: RandomState,
    pauses: Mutex<HashMap<u64, Instant>>,
    threshold: u8,
    pause: Duration,
    pauses_taken: AtomicU64,
}

impl Pacer {
    /// A pacer that pauses for `pause` once usage reaches `threshold` percent (0 disables).
    pub(crate) fn new(threshold: u8, pause: Duration) -> Self {
        Self {
            keys: RandomState::new(),
            pauses: Mutex::new(HashMap::new()),
            threshold,
            pause,
            pauses_taken: AtomicU64::new(0),
        }
    }

    /// A per-process keyed hash of a token: the map key that stands for it.
    pub(crate) fn fingerprint(&self, token: &str) -> u64 {
        self.keys.hash_one(token)
    }

    /// Notes a response's usage for this token; schedules a pause if it is high.
    pub(crate) fn record(&self, fingerprint: u64, usage: &Usage) {
        let Some(percent) = usage.max_percent else {
            return;
        };
        if self.threshold == 0 || percent < f64::from(self.threshold) {
            return;
        }
        self.pause_for(fingerprint, self.pause);
        tracing::debug!(percent, "instagram usage is high; the next call will wait");
    }

    /// Holds this token's next calls back for `wait` (or longer, if a pause runs already):
    /// Instagram throttled one of them, so the others wait too.
    pub(crate) fn pause_for(&self, fingerprint: u64, wait: Duration) {
        let now = Instant::now();
        let until = now + wait;
        let mut pauses = self.pauses.lock().unwrap_or_else(|e| e.into_inner());
        pauses.retain(|_, deadline| *deadline > now);
        let entry = pauses.entry(fingerprint).or_insert(until);
        if *entry < until {
            *entry = until;
        }
    }

    /// How long this token's next call will wait, if a pause runs.
    pub(crate) fn remaining(&self, fingerprint: u64) -> Option<Duration> {
        let pauses = self.pauses.lock().unwrap_or_else(|e| e.into_inner());
        let deadline = *pauses.get(&fingerprint)?;
        let left = deadline.saturating_duration_since(Instant::now());
        (!left.is_zero()).then_some(left)
    }

    /// Waits out a pending pause for this token, if any.
    pub(crate) async fn wait_if_paused(&self, fingerprint: u64) {
        let deadline = {
            let mut pauses = self.pauses.lock().unwrap_or_else(|e| e.into_inner());
            match pauses.get(&fingerprint).copied() {
                Some(deadline) if deadline > Instant::now() => Some(deadline),
                Some(_) => {
                    pauses.remove(&fingerprint);
                    None
                }
                None => None,
            }
        };
        if let Some(deadline) = deadline {
            let wait = deadline.saturating_duration_since(Instant::now());
            tracing::info!(
                wait_ms = millis(wait),
                "instagram usage is high for this account; pausing before the next call"
            );
            self.pauses_taken.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep_until(deadline).await;
        }
    }

    /// How many pauses were taken so far.
    #[cfg(test)]
    pub(crate) fn pauses_taken(&self) -> u64 {
        self.pauses_taken.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn reads_business_use_case_usage() {
        let mut headers = HeaderMap::new();
        headers.insert(
            BUC_HEADER,
            HeaderValue::from_static(
                r#"{"17841405793187218":[{"type":"instagram","call_count":12,"total_cputime":83,"total_time":4,"estimated_time_to_regain_access":0}],"2":[{"call_count":"5","estimated_time_to_regain_access":3}]}"#,
            ),
        );
        let usage = parse_usage(&headers);
        assert_eq!(usage.max_percent, Some(83.0));
        assert_eq!(usage.regain, Some(Duration::from_secs(180)));
    }

    #[test]
    fn reads_app_usage_and_ignores_garbage() {
        let mut headers = HeaderMap::new();
        headers.insert(
            APP_HEADER,
            HeaderValue::from_static(r#"{"call_count":28,"total_time":25,"total_cputime":91}"#),
        );
        assert_eq!(parse_usage(&headers).max_percent, Some(91.0));
        let mut headers = HeaderMap::new();
        headers.insert(BUC_HEADER, HeaderValue::from_static("not json"));
        assert_eq!(parse_usage(&headers), Usage::default());
    }

    #[tokio::test]
    async fn high_usage_pauses_only_that_token() {
        let pacer = Pacer::new(80, Duration::from_millis(30));
        let hot = pacer.fingerprint("token-a");
        let cold = pacer.fingerprint("token-b");
        let high = Usage {
            max_percent: Some(85.0),
            regain: None,
        };
        let low = Usage {
            max_percent: Some(10.0),
            regain: None,
        };
        pacer.record(cold, &low);
        pacer.wait_if_paused(cold).await;
        assert_eq!(pacer.pauses_taken(), 0);
        pacer.record(hot, &high);
        let before = Instant::now();
        pacer.wait_if_paused(cold).await;
        assert_eq!(pacer.pauses_taken(), 0);
        pacer.wait_if_paused(hot).await;
        assert_eq!(pacer.pauses_taken(), 1);
        // Sleeps never end early: a lower bound cannot flake.
        assert!(Instant::now() - before >= Duration::from_millis(30));
        // The pause is spent: the following call does not wait again.
        pacer.wait_if_paused(hot).await;
        assert_eq!(pacer.pauses_taken(), 1);
    }

    #[test]
    fn a_pause_says_how_long_it_has_left_for_its_token_only() {
        let pacer = Pacer::new(80, Duration::from_secs(60));
        let (hot, cold) = (pacer.fingerprint("a"), pacer.fingerprint("b"));
        assert_eq!(pacer.remaining(hot), None);
        pacer.pause_for(hot, Duration::from_secs(30));
        let left = pacer.remaining(hot).expect("a pause runs");
        assert!(left > Duration::from_secs(25) && left <= Duration::from_secs(30));
        assert_eq!(pacer.remaining(cold), None);
        // A shorter pause does not cut a longer one short.
        pacer.pause_for(hot, Duration::from_secs(1));
        assert!(pacer.remaining(hot).unwrap() > Duration::from_secs(25));
    }
}
