//! Leases: a role that one instance at a time holds among several sharing the database —
//! the scheduler's leader ([`SCHEDULER`]) — for a while that its holder renews.
//!
//! A lease is a record in [`Tree::Leases`] under the role's name: the holder's instance id
//! and until when it holds. [`Leases::hold`] takes it when no one holds it or its time has
//! run out, and renews it for its holder, always by compare-and-swap over the record read,
//! so of two instances trying at once one wins and the other sees the winner. A holder that
//! dies stops renewing, and another takes the role once the time has run out; one that
//! stops cleanly gives it back ([`Leases::release`]) so another need not wait.
//! [`Leases::take`] also says whose lease it took over when that one had run out without
//! being given back ([`Holding::TakenFrom`]): that holder died, or lost touch with the
//! database for a lease's length, so what it claimed elsewhere need not wait for those
//! claims' own leases (`Pulse::run_departed`).
//!
//! The engine keeps no clock: every call takes `now`. Clocks of the instances are assumed
//! to agree to well within a lease's length.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::records::{decode, encode};
use crate::store::{Store, StoreError, Tree};

/// The role of running the schedulers (syncs, digests, alerts, publishing, purges).
pub const SCHEDULER: &str = "scheduler";

/// Who holds a role, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseRecord {
    /// The holding instance's id.
    pub holder: String,
    /// When the lease runs out unless renewed.
    pub expires_at: DateTime<Utc>,
}

/// What [`Leases::take`] found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holding {
    /// Another instance holds the role still (or wrote first).
    Another,
    /// The caller holds it now: it renewed its own lease, or took one that no one held
    /// (never taken, or given back).
    Held,
    /// The caller holds it now, taken over from this holder, whose lease had run out
    /// without being given back: it died, or its renewals did not reach the database.
    TakenFrom(String),
}

impl Holding {
    /// Whether the caller holds the role now.
    pub fn holds(&self) -> bool {
        !matches!(self, Holding::Another)
    }
}

/// The leases of a store.
#[derive(Clone)]
pub struct Leases {
    store: Arc<dyn Store>,
}

impl Leases {
    /// The leases kept in `store`.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// Who holds `role` now (a lease whose time ran out is held by no one).
    pub fn holder(
        &self,
        role: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<LeaseRecord>, StoreError> {
        Ok(self
            .read(role)?
            .map(|(_, record)| record)
            .filter(|record| record.expires_at > now))
    }

    fn read(&self, role: &str) -> Result<Option<(Vec<u8>, LeaseRecord)>, StoreError> {
        match self.store.get(Tree::Leases, role.as_bytes())? {
            Some(bytes) => {
                let record = decode("lease", &bytes)?;
                Ok(Some((bytes, record)))
            }
            None => Ok(None),
        }
    }

    /// Takes or renews `role` for `holder` until `now + length`, unless another holds it
    /// still. Returns whether `holder` holds it now.
    pub fn hold(
        &self,
        role: &str,
        holder: &str,
        now: DateTime<Utc>,
        length: Duration,
    ) -> Result<bool, StoreError> {
        Ok(self.take(role, holder, now, length)?.holds())
    }

    /// [`Leases::hold`], saying also whose run-out lease it took over, if any.
    pub fn take(
        &self,
        role: &str,
        holder: &str,
        now: DateTime<Utc>,
        length: Duration,
    ) -> Result<Holding, StoreError> {
        let current = self.read(role)?;
        let mut taken = Holding::Held;
        if let Some((_, record)) = &current {
            if record.holder != holder {
                if record.expires_at > now {
                    return Ok(Holding::Another);
                }
                taken = Holding::TakenFrom(record.holder.clone());
            }
        }
        let renewed = encode(&LeaseRecord {
            holder: holder.to_owned(),
            expires_at: now + length,
        });
        let expected = current.as_ref().map(|(bytes, _)| bytes.as_slice());
        match self
            .store
            .compare_and_swap(Tree::Leases, role.as_bytes(), expected, Some(&renewed))
        {
            Ok(()) => Ok(taken),
            // Another instance wrote first: it holds the role now.
            Err(StoreError::Conflict) => Ok(Holding::Another),
            Err(error) => Err(error),
        }
    }

    /// Gives `role` back if `holder` holds it, so another need not wait for its time to
    /// run out. Returns whether it was given back.
    pub fn release(&self, role: &str, holder: &str) -> Result<bool, StoreError> {
        let Some((bytes, record)) = self.read(role)? else {
            return Ok(false);
        };
        if record.holder != holder {
            return Ok(false);
        }
        match self
            .store
            .compare_and_swap(Tree::Leases, role.as_bytes(), Some(&bytes), None)
        {
            Ok(()) => Ok(true),
            Err(StoreError::Conflict) => Ok(false),
            Err(error) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;
    use chrono::TimeZone as _;

    #[test]
    fn one_holder_at_a_time_until_its_lease_runs_out_or_it_gives_it_back() {
        let leases = Leases::new(Arc::new(MemoryStore::new()));
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let length = Duration::seconds(15);
        let at = |seconds| start + Duration::seconds(seconds);
        assert!(leases.hold(SCHEDULER, "a", at(0), length).unwrap());
        assert!(!leases.hold(SCHEDULER, "b", at(1), length).unwrap());
        // Renewed by its holder before it runs out: still a's.
        assert!(leases.hold(SCHEDULER, "a", at(5), length).unwrap());
        assert!(!leases.hold(SCHEDULER, "b", at(19), length).unwrap());
        assert_eq!(
            leases.holder(SCHEDULER, at(19)).unwrap().unwrap().holder,
            "a"
        );
        // a stops renewing: b takes it once the time ran out, and a cannot take it back.
        assert!(leases.holder(SCHEDULER, at(20)).unwrap().is_none());
        assert!(leases.hold(SCHEDULER, "b", at(20), length).unwrap());
        assert!(!leases.hold(SCHEDULER, "a", at(21), length).unwrap());
        // Given back: anyone may take it at once; only its holder can give it back.
        assert!(!leases.release(SCHEDULER, "a").unwrap());
        assert!(leases.release(SCHEDULER, "b").unwrap());
        assert!(leases.hold(SCHEDULER, "a", at(22), length).unwrap());
    }

    #[test]
    fn a_lease_taken_over_after_it_ran_out_names_its_holder_and_one_given_back_does_not() {
        let leases = Leases::new(Arc::new(MemoryStore::new()));
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let length = Duration::seconds(15);
        let at = |seconds| start + Duration::seconds(seconds);
        assert_eq!(
            leases.take(SCHEDULER, "a", at(0), length).unwrap(),
            Holding::Held
        );
        assert_eq!(
            leases.take(SCHEDULER, "b", at(5), length).unwrap(),
            Holding::Another
        );
        // Renewed by its holder, even late: no one else's.
        assert_eq!(
            leases.take(SCHEDULER, "a", at(16), length).unwrap(),
            Holding::Held
        );
        // a stops renewing: b takes it over from a.
        assert_eq!(
            leases.take(SCHEDULER, "b", at(31), length).unwrap(),
            Holding::TakenFrom("a".into())
        );
        // b gives it back: a takes it from no one.
        assert!(leases.release(SCHEDULER, "b").unwrap());
        assert_eq!(
            leases.take(SCHEDULER, "a", at(32), length).unwrap(),
            Holding::Held
        );
    }

    #[test]
    fn of_instances_racing_for_a_free_lease_exactly_one_wins() {
        let leases = Leases::new(Arc::new(MemoryStore::new()));
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        for round in 0..20 {
            let role = format!("role{round}");
            let winners: usize = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..4)
                    .map(|n| {
                        let (leases, role) = (&leases, &role);
                        scope.spawn(move || {
                            leases
                                .hold(role, &format!("i{n}"), now, Duration::seconds(15))
                                .unwrap()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| usize::from(h.join().unwrap()))
                    .sum()
            });
            assert_eq!(winners, 1, "{role}");
        }
    }
}
