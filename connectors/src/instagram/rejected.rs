//! Metrics Instagram keeps rejecting for an account's posts of one type, remembered for a day
//! so a first sync does not ask for them post after post.
//!
//! In the field only *some* posts of a type reject a metric (an older image without `shares`,
//! say), so one rejection teaches nothing: the metric is set aside only after
//! [`REJECTIONS_TO_LEARN`] rejections in a row for the same account and media type with no
//! post of that type giving it in between, and only for [`REMEMBERED_FOR`]. The account is
//! known by a fingerprint of its token (a hash kept in memory, never logged).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use engine::instagram::{AccessToken, MediaKind};

/// Rejections in a row that set a metric aside.
pub(crate) const REJECTIONS_TO_LEARN: u32 = 3;

/// How long a metric set aside stays so.
pub(crate) const REMEMBERED_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// The most (account, type, metric) entries kept; the memory starts over beyond it.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    account: u64,
    kind: MediaKind,
    metric: &'static str,
}

#[derive(Debug, Clone, Copy, Default)]
struct Record {
    in_a_row: u32,
    set_aside_at: Option<Instant>,
}

/// What Instagram rejected lately, per account, media type and metric.
#[derive(Debug, Default)]
pub(crate) struct RejectedMetrics {
    records: Mutex<HashMap<Key, Record>>,
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

    fn records(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Record>> {
        self.records
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
        match records.get(&key).and_then(|record| record.set_aside_at) {
            Some(at) if now.saturating_duration_since(at) < REMEMBERED_FOR => true,
            Some(_) => {
                // A day has passed: ask again, and learn again if need be.
                records.remove(&key);
                false
            }
            None => false,
        }
    }

    /// Instagram rejected `metric` for a post of `kind`.
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
        let record = records.entry(Self::key(token, kind, metric)).or_default();
        record.in_a_row += 1;
        if record.in_a_row >= REJECTIONS_TO_LEARN && record.set_aside_at.is_none() {
            record.set_aside_at = Some(now);
            tracing::debug!(
                metric,
                "metric set aside for this account's posts of this type for a day"
            );
        }
    }

    /// Instagram gave `metrics` for a post of `kind`: their rejections in a row start over.
    pub(crate) fn given(&self, token: &AccessToken, kind: MediaKind, metrics: &[&'static str]) {
        let mut records = self.records();
        for metric in metrics {
            records.remove(&Self::key(token, kind, metric));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_rejections_in_a_row_set_a_metric_aside_for_a_day() {
        let memory = RejectedMetrics::default();
        let (ana, bo) = (AccessToken::new("ana-token"), AccessToken::new("bo-token"));
        let now = Instant::now();
        for _ in 0..2 {
            memory.rejected(&ana, MediaKind::Image, "shares", now);
        }
        assert!(
            !memory.set_aside(&ana, MediaKind::Image, "shares", now),
            "two are not enough"
        );
        // A post of the type that gives it: the count starts over.
        memory.given(&ana, MediaKind::Image, &["shares"]);
        memory.rejected(&ana, MediaKind::Image, "shares", now);
        memory.rejected(&ana, MediaKind::Image, "shares", now);
        assert!(!memory.set_aside(&ana, MediaKind::Image, "shares", now));
        memory.rejected(&ana, MediaKind::Image, "shares", now);
        assert!(
            memory.set_aside(&ana, MediaKind::Image, "shares", now),
            "three in a row"
        );
        assert!(
            !memory.set_aside(&ana, MediaKind::Reel, "shares", now),
            "another type"
        );
        assert!(
            !memory.set_aside(&bo, MediaKind::Image, "shares", now),
            "another account"
        );
        let a_day_later = now + REMEMBERED_FOR;
        assert!(
            !memory.set_aside(&ana, MediaKind::Image, "shares", a_day_later),
            "a day later"
        );
    }
}
