//! The stats API's rate limits, on `governor`'s GCRA: one allowance per key id
//! (`api.requests_per_hour`, at most `api.burst` at once) and one per client address for
//! requests without a valid key (`api.unauthenticated_requests_per_minute`).
//!
//! Each answer says where its caller stands, in the fields of
//! draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy: "hourly";q=600;w=3600` (the
//! configured pace) and `RateLimit: "hourly";r=<remaining>;t=<reset>`, where `r` is how many
//! requests may be sent now (at most the burst) and `t` the seconds until all of the burst is
//! back. A refused request also gets `Retry-After`: the seconds until the next one is let
//! through. Both are read from governor's own state: `r` is
//! `StateSnapshot::remaining_burst_capacity` after the request, and `t` the wait
//! (`NotUntil::wait_time_from`) before a whole burst would conform, asked with
//! `check_key_n(burst)` — which right after a request can never conform, so it only asks.
//!
//! (`Quota::per_hour(n)` is n an hour with a burst of n; `allow_burst` sets the burst. The
//! trap of `tower_governor`'s `per_second(n)` — one request every n seconds — is not used.)
//!
//! An address that is over its allowance is remembered until it is back
//! ([`Limits::address_blocked`]), so its requests are refused before their key is looked at:
//! a flood of made-up keys costs no store read beyond the allowance. The state is in memory,
//! per process, and pruned of callers at rest ([`Limits::prune`]).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use governor::clock::{Clock, DefaultClock, Reference};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::config::ApiSection;

/// A keyed GCRA limiter that reports its state.
type Keyed<K, C> = RateLimiter<K, DefaultKeyedStateStore<K>, C, StateInformationMiddleware>;

/// The most addresses remembered as over their allowance; past it the ones whose wait is
/// over are dropped (and, failing that, the map is cleared rather than grown).
const MAX_BLOCKED: usize = 100_000;

/// One allowance: a name for the headers, the configured quota and window, and the limiter.
struct Allowance<K: Hash + Eq + Clone, C: Clock> {
    name: &'static str,
    quota: u32,
    window_secs: u64,
    burst: NonZeroU32,
    every: Duration,
    limiter: Keyed<K, C>,
}

/// Where a caller stands after a request: what the rate-limit fields say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The policy's name (`hourly`, `unauthenticated`).
    pub policy: &'static str,
    /// Requests per window, as configured.
    pub quota: u32,
    /// The window, in seconds.
    pub window_secs: u64,
    /// Requests that may be sent now.
    pub remaining: u32,
    /// Seconds until all of the burst is back.
    pub reset_secs: u64,
    /// Refused: seconds until the next request is let through.
    pub retry_after_secs: Option<u64>,
}

impl Standing {
    /// Whether the request was let through.
    pub fn allowed(&self) -> bool {
        self.retry_after_secs.is_none()
    }

    /// `RateLimit-Policy`, `RateLimit`, and `Retry-After` when refused, written into `headers`.
    pub fn write(&self, headers: &mut HeaderMap) {
        let policy = format!(
            "\"{}\";q={};w={}",
            self.policy, self.quota, self.window_secs
        );
        let state = format!(
            "\"{}\";r={};t={}",
            self.policy, self.remaining, self.reset_secs
        );
        let fields = [
            (HeaderName::from_static("ratelimit-policy"), Some(policy)),
            (HeaderName::from_static("ratelimit"), Some(state)),
            (
                axum::http::header::RETRY_AFTER,
                self.retry_after_secs.map(|secs| secs.to_string()),
            ),
        ];
        for (name, value) in fields {
            if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
                headers.insert(name, value);
            }
        }
    }
}

/// Whole seconds, rounded up (a client that waits them is surely let through).
fn seconds_up(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

impl<K: Hash + Eq + Clone, C: Clock> Allowance<K, C> {
    fn new(
        name: &'static str,
        quota: u32,
        window_secs: u64,
        burst: u32,
        clock: C,
    ) -> Allowance<K, C> {
        let quota_n = NonZeroU32::new(quota).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        // One request back every window ÷ quota, whatever the burst.
        let every = Duration::from_secs(window_secs.max(1)) / quota_n.get();
        let pace = Quota::with_period(every)
            .unwrap_or_else(|| Quota::per_second(quota_n))
            .allow_burst(burst);
        Allowance {
            name,
            quota: quota_n.get(),
            window_secs,
            burst,
            every,
            limiter: RateLimiter::new(pace, DefaultKeyedStateStore::default(), clock),
        }
    }

    /// Takes one request of `key`'s allowance, if there is one.
    fn take(&self, key: &K) -> Standing {
        let (remaining, retry_after_secs) = match self.limiter.check_key(key) {
            Ok(snapshot) => (snapshot.remaining_burst_capacity(), None),
            Err(not_until) => (
                0,
                Some(seconds_up(not_until.wait_time_from(self.limiter.clock().now())).max(1)),
            ),
        };
        Standing {
            policy: self.name,
            quota: self.quota,
            window_secs: self.window_secs,
            remaining,
            reset_secs: self.until_full(key),
            retry_after_secs,
        }
    }

    /// Seconds until a whole burst would conform again: never the case right after a
    /// request, so the check refuses and only tells the wait (and takes nothing).
    fn until_full(&self, key: &K) -> u64 {
        match self.limiter.check_key_n(key, self.burst) {
            Ok(Err(not_until)) => seconds_up(not_until.wait_time_from(self.limiter.clock().now())),
            // At rest, which it cannot be right after a request (if it were, the burst was
            // just taken, and is back in one burst's time).
            _ => seconds_up(self.every * self.burst.get()),
        }
    }
}

/// The API's allowances, shared by every request of one process.
pub struct Limits<C: Clock = DefaultClock> {
    keys: Allowance<String, C>,
    addresses: Allowance<IpAddr, C>,
    blocked: Mutex<HashMap<IpAddr, C::Instant>>,
}

impl<C: Clock> std::fmt::Debug for Limits<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("per_key_per_hour", &self.keys.quota)
            .field("burst", &self.keys.burst)
            .field("per_address_per_minute", &self.addresses.quota)
            .finish_non_exhaustive()
    }
}

impl Limits {
    /// The limits of `[api]`.
    pub fn new(config: &ApiSection) -> Self {
        Self::with_clock(config, DefaultClock::default())
    }
}

impl<C: Clock + Clone> Limits<C> {
    /// The limits of `[api]` on `clock` (tests move a fake one).
    pub fn with_clock(config: &ApiSection, clock: C) -> Self {
        let per_minute = config.unauthenticated_requests_per_minute;
        Self {
            keys: Allowance::new(
                "hourly",
                config.requests_per_hour,
                3600,
                config.burst,
                clock.clone(),
            ),
            addresses: Allowance::new("unauthenticated", per_minute, 60, per_minute, clock),
            blocked: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the key's allowance.
    pub fn take_for_key(&self, key_id: &str) -> Standing {
        self.keys.take(&key_id.to_owned())
    }

    /// Takes one request without a valid key from the address's allowance; when there is
    /// none left, the address is remembered as over it until the next one is let through.
    pub fn take_for_address(&self, address: IpAddr) -> Standing {
        let standing = self.addresses.take(&address);
        if let Some(wait) = standing.retry_after_secs {
            let until = self.addresses.limiter.clock().now() + Duration::from_secs(wait).into();
            let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
            if blocked.len() >= MAX_BLOCKED {
                let now = self.addresses.limiter.clock().now();
                blocked.retain(|_, until| *until > now);
                if blocked.len() >= MAX_BLOCKED {
                    blocked.clear();
                }
            }
            blocked.insert(address, until);
        }
        standing
    }

    /// Whether `address` is over its allowance for requests without a valid key: its
    /// requests are then refused before their key is looked at. The standing to answer with.
    pub fn address_blocked(&self, address: IpAddr) -> Option<Standing> {
        let now = self.addresses.limiter.clock().now();
        let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        let until = *blocked.get(&address)?;
        if until <= now {
            blocked.remove(&address);
            return None;
        }
        let wait = seconds_up(until.duration_since(now).into()).max(1);
        Some(Standing {
            policy: self.addresses.name,
            quota: self.addresses.quota,
            window_secs: self.addresses.window_secs,
            remaining: 0,
            reset_secs: self.addresses.until_full(&address).max(wait),
            retry_after_secs: Some(wait),
        })
    }

    /// Forgets the callers whose allowance is whole again (a periodic job).
    pub fn prune(&self) {
        self.keys.limiter.retain_recent();
        self.addresses.limiter.retain_recent();
        let now = self.addresses.limiter.clock().now();
        self.blocked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    fn limits(
        per_hour: u32,
        burst: u32,
        per_minute: u32,
    ) -> (Limits<FakeRelativeClock>, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        let config = ApiSection {
            requests_per_hour: per_hour,
            burst,
            unauthenticated_requests_per_minute: per_minute,
        };
        (Limits::with_clock(&config, clock.clone()), clock)
    }

    /// (remaining, reset, retry-after) of one request of `key`.
    fn take(limits: &Limits<FakeRelativeClock>, key: &str) -> (u32, u64, Option<u64>) {
        let s = limits.take_for_key(key);
        (s.remaining, s.reset_secs, s.retry_after_secs)
    }

    #[test]
    fn a_key_has_its_burst_then_one_request_per_hour_over_the_quota() {
        // 3,600 an hour is one a second, with 3 at once.
        let (limits, clock) = limits(3600, 3, 10);
        assert_eq!(take(&limits, "k1"), (2, 1, None));
        assert_eq!(take(&limits, "k1"), (1, 2, None));
        assert_eq!(take(&limits, "k1"), (0, 3, None));
        assert_eq!(take(&limits, "k1"), (0, 3, Some(1)), "past the burst");
        assert_eq!(
            take(&limits, "k1"),
            (0, 3, Some(1)),
            "a refusal takes nothing"
        );
        // Another key has its own allowance.
        assert_eq!(take(&limits, "k2"), (2, 1, None));
        // A second later one request is back, and only one.
        clock.advance(Duration::from_secs(1));
        assert_eq!(take(&limits, "k1"), (0, 3, None));
        assert_eq!(take(&limits, "k1"), (0, 3, Some(1)));
        // Half a second: the wait and the reset round up.
        clock.advance(Duration::from_millis(500));
        assert_eq!(take(&limits, "k1"), (0, 3, Some(1)));
        let s = limits.take_for_key("k1");
        assert_eq!((s.remaining, s.reset_secs), (0, 3));
        // At rest again after the whole burst's time.
        clock.advance(Duration::from_secs(10));
        assert_eq!(take(&limits, "k1"), (2, 1, None));
    }

    #[test]
    fn requests_per_hour_is_a_pace_not_an_interval() {
        // 600 an hour: one every 6 s (not one every 600 s, nor 600 a second).
        let (limits, clock) = limits(600, 1, 10);
        assert_eq!(take(&limits, "k"), (0, 6, None));
        assert_eq!(take(&limits, "k").2, Some(6));
        clock.advance(Duration::from_secs(5));
        assert_eq!(take(&limits, "k").2, Some(1));
        clock.advance(Duration::from_secs(1));
        assert_eq!(take(&limits, "k"), (0, 6, None));
    }

    #[test]
    fn an_address_over_its_allowance_is_refused_until_a_request_is_back() {
        // 2 a minute: one back every 30 s.
        let (limits, clock) = limits(3600, 3, 2);
        let address: IpAddr = "203.0.113.9".parse().unwrap();
        let other: IpAddr = "203.0.113.10".parse().unwrap();
        assert_eq!(limits.address_blocked(address), None);
        assert!(limits.take_for_address(address).allowed());
        assert!(limits.take_for_address(address).allowed());
        assert_eq!(limits.address_blocked(address), None, "not yet over");
        let refused = limits.take_for_address(address);
        assert_eq!(refused.retry_after_secs, Some(30));
        let blocked = limits.address_blocked(address).expect("blocked");
        assert_eq!(
            (
                blocked.remaining,
                blocked.reset_secs,
                blocked.retry_after_secs
            ),
            (0, 60, Some(30))
        );
        assert_eq!(limits.address_blocked(other), None);
        clock.advance(Duration::from_secs(29));
        assert_eq!(
            limits
                .address_blocked(address)
                .and_then(|s| s.retry_after_secs),
            Some(1)
        );
        clock.advance(Duration::from_secs(1));
        assert_eq!(limits.address_blocked(address), None);
        assert!(limits.take_for_address(address).allowed());
        limits.prune();
    }

    #[test]
    fn the_fields_are_the_drafts_structured_fields() {
        let (limits, _) = limits(600, 2, 10);
        let mut headers = HeaderMap::new();
        limits.take_for_key("k").write(&mut headers);
        assert_eq!(headers["ratelimit-policy"], "\"hourly\";q=600;w=3600");
        assert_eq!(headers["ratelimit"], "\"hourly\";r=1;t=6");
        assert!(headers.get("retry-after").is_none());
        limits.take_for_key("k");
        let mut headers = HeaderMap::new();
        limits.take_for_key("k").write(&mut headers);
        assert_eq!(headers["ratelimit"], "\"hourly\";r=0;t=12");
        assert_eq!(headers["retry-after"], "6");
    }
}
