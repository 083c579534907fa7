//! Metrics Instagram rejected for an account's posts of one type, remembered for a day so a
//! first sync does not ask for them post after post.
//!
//! Instagram's error names the type ("The metric shares is not supported for this media
//! type"), and the reference's strategy is to retry without the metric and remember the
//! incompatibility. So one rejection sets the metric aside for that account and media type for
//! [`REMEMBERED_FOR`]; after that the next post of the type asks for it again. Where only
//! *some* posts of a type reject a metric, the posts read while it is set aside keep it missing
//! (`None`, named as missing in answers) until a later sync reads them again: the price of
//! not paying a second call for each of them. The account is known by a fingerprint of its
//! token (a hash kept in memory, never logged).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use engine::instagram::{AccessToken, MediaKind};

/// How long a rejected metric stays set aside.
pub(crate) const REMEMBERED_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// The most (account, type, metric) entries kept; the memory starts over beyond it.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    account: u64,
    kind: MediaKind,
    metric: &'static str,
}

/// What Instagram rejected lately, per account, media type and metric, with when.
#[derive(Debug, Default)]
pub(crate) struct RejectedMetrics {
    set_aside_at: Mutex<HashMap<Key, Instant>>,
}

fn account_of(token: &AccessToken) -> u64 {
    let mut hasher = DefaultHasher::new();
    token.expose().hash(&mut hasher);
    hasher.finish()
}

impl RejectedMetrics {
    fn key(token: &AccessToken, kind: MediaKind, metric: &'static str) -> Key {
        Key {
            account: account_of(token),
            kind,
            metric,
        }
    }

    fn records(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Instant>> {
        self.set_aside_at
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether `metric` is set aside for this account's posts of `kind` at `now`.
    pub(crate) fn set_aside(
        &self,
        token: &AccessToken,
        kind: MediaKind,
        metric: &'static str,
        now: Instant,
    ) -> bool {
        let mut records = self.records();
        let key = Self::key(token, kind, metric);
        match records.get(&key) {
            Some(at) if now.saturating_duration_since(*at) < REMEMBERED_FOR => true,
            Some(_) => {
                // A day has passed: ask again, and learn again if need be.
                records.remove(&key);
                false
            }
            None => false,
        }
    }

    /// Instagram rejected `metric` for a post of `kind`: set it aside for a day.
    pub(crate) fn rejected(
        &self,
        token: &AccessToken,
        kind: MediaKind,
        metric: &'static str,
        now: Instant,
    ) {
        let mut records = self.records();
        if records.len() >= MAX_ENTRIES {
            records.clear();
        }
        records.entry(Self::key(token, kind, metric)).or_insert(now);
        tracing::debug!(
            metric,
            "metric set aside for this account's posts of this type for a day"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rejection_sets_a_metric_aside_for_that_account_and_type_for_a_day() {
        let memory = RejectedMetrics::default();
        let (ana, bo) = (AccessToken::new("ana-token"), AccessToken::new("bo-token"));
        let now = Instant::now();
        assert!(!memory.set_aside(&ana, MediaKind::Image, "shares", now));
        memory.rejected(&ana, MediaKind::Image, "shares", now);
        assert!(memory.set_aside(&ana, MediaKind::Image, "shares", now));
        assert!(
            memory.set_aside(&ana, MediaKind::Image, "shares", now + REMEMBERED_FOR / 2),
            "still within the day"
        );
        assert!(
            !memory.set_aside(&ana, MediaKind::Image, "reach", now),
            "another metric"
        );
        assert!(
            !memory.set_aside(&ana, MediaKind::Reel, "shares", now),
            "another type"
        );
        assert!(
            !memory.set_aside(&bo, MediaKind::Image, "shares", now),
            "another account"
        );
        // A second rejection later in the day does not extend the day.
        memory.rejected(&ana, MediaKind::Image, "shares", now + REMEMBERED_FOR / 2);
        assert!(
            !memory.set_aside(&ana, MediaKind::Image, "shares", now + REMEMBERED_FOR),
            "a day later it is asked again"
        );
    }
}
