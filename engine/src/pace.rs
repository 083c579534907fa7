//! Shared paces: a limit of an outside service that holds for the whole bot, not for one
//! process — Telegram's 30 messages a second overall — kept in the database when several
//! instances share it, so that together they keep it.
//!
//! A pace is a record in [`Tree::Paces`] under the service's name: the instant of its next
//! free send slot. [`SharedPace::take`] books the first slot at or after `now` and moves
//! the record one gap on, by compare-and-swap over the record read (retried when another
//! instance booked first), so no two sends of any instances share a slot and any two start
//! at least a gap apart. [`SharedPace::pause_until`] moves the next free slot to a later
//! instant (a 429's `retry_after`, which Telegram asks of the whole bot).
//!
//! The engine keeps no clock: every call takes `now`. Clocks of the instances are assumed to
//! agree to well within a gap (as NTP keeps them, to milliseconds).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::records::{decode, encode};
use crate::store::{Store, StoreError, Tree};

/// Telegram's pace (its overall limit of 30 messages a second).
pub const TELEGRAM: &str = "telegram";

/// A service's next free send slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaceRecord {
    /// No send starts before this.
    pub next_free: DateTime<Utc>,
}

/// One service's pace, shared through a store.
#[derive(Clone)]
pub struct SharedPace {
    store: Arc<dyn Store>,
    service: &'static str,
    gap: Duration,
}

impl SharedPace {
    /// The pace of `service` kept in `store`: one send every `gap`.
    pub fn new(store: Arc<dyn Store>, service: &'static str, gap: Duration) -> Self {
        Self {
            store,
            service,
            gap,
        }
    }

    fn read(&self) -> Result<(Option<Vec<u8>>, Option<PaceRecord>), StoreError> {
        let bytes = self.store.get(Tree::Paces, self.service.as_bytes())?;
        let record = bytes
            .as_deref()
            .map(|bytes| decode("pace", bytes))
            .transpose()?;
        Ok((bytes, record))
    }

    /// Books the first free slot at or after `now`: the instant the send may start.
    pub fn take(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, StoreError> {
        loop {
            let (bytes, record) = self.read()?;
            let slot = record.map_or(now, |record| record.next_free.max(now));
            let next = encode(&PaceRecord {
                next_free: slot + self.gap,
            });
            match self.store.compare_and_swap(
                Tree::Paces,
                self.service.as_bytes(),
                bytes.as_deref(),
                Some(&next),
            ) {
                Ok(()) => return Ok(slot),
                // Another instance booked first: book after it.
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// No slot before `until` (the service asked every sender to wait).
    pub fn pause_until(&self, until: DateTime<Utc>) -> Result<(), StoreError> {
        loop {
            let (bytes, record) = self.read()?;
            if record.is_some_and(|record| record.next_free >= until) {
                return Ok(());
            }
            let next = encode(&PaceRecord { next_free: until });
            match self.store.compare_and_swap(
                Tree::Paces,
                self.service.as_bytes(),
                bytes.as_deref(),
                Some(&next),
            ) {
                Ok(()) => return Ok(()),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;
    use chrono::TimeZone as _;

    fn pace() -> SharedPace {
        SharedPace::new(
            Arc::new(MemoryStore::new()),
            TELEGRAM,
            Duration::milliseconds(40),
        )
    }

    #[test]
    fn slots_follow_one_another_a_gap_apart_and_a_pause_moves_them_on() {
        let pace = pace();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let ms = Duration::milliseconds;
        assert_eq!(pace.take(now).unwrap(), now);
        assert_eq!(pace.take(now).unwrap(), now + ms(40));
        assert_eq!(pace.take(now + ms(10)).unwrap(), now + ms(80));
        // Idle for a while: the next slot is now, not in the past.
        assert_eq!(pace.take(now + ms(500)).unwrap(), now + ms(500));
        pace.pause_until(now + ms(2_000)).unwrap();
        assert_eq!(pace.take(now + ms(600)).unwrap(), now + ms(2_000));
        // A shorter pause does not move it back.
        pace.pause_until(now + ms(1_000)).unwrap();
        assert_eq!(pace.take(now + ms(600)).unwrap(), now + ms(2_040));
    }

    #[test]
    fn instances_booking_at_once_never_share_a_slot() {
        let pace = pace();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let mut slots: Vec<DateTime<Utc>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    let pace = pace.clone();
                    scope
                        .spawn(move || (0..50).map(|_| pace.take(now).unwrap()).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        slots.sort();
        assert_eq!(slots.len(), 200);
        for (n, slot) in slots.iter().enumerate() {
            assert_eq!(*slot, now + Duration::milliseconds(40 * n as i64));
        }
    }
}
