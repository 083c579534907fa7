//! Replays: each Telegram update and each Discord interaction is handled once.
//!
//! Telegram may deliver an update again (a webhook answered late, a restart of polling), and
//! a captured Discord interaction stays correctly signed for the five minutes Pulse accepts
//! its timestamp. [`Replays`] remembers the ids it has seen for [`REPLAY_WINDOW`] (longer
//! than both), and a second sighting is dropped before anything runs — a `/forget` button
//! included.
//!
//! The memory is per process: bounded at [`MAX_REMEMBERED`] ids (the oldest go first), and
//! a restart forgets it; what must never run twice also guards itself in the engine (a
//! `/forget` question's nonce is single use).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an id is remembered.
pub const REPLAY_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The most ids remembered at once (about 100 updates a second for the whole window).
pub const MAX_REMEMBERED: usize = 100_000;

/// The ids seen in the last [`REPLAY_WINDOW`].
#[derive(Debug, Default)]
pub struct Replays {
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    at: HashMap<String, Instant>,
    order: VecDeque<(Instant, String)>,
}

impl Replays {
    /// Nothing seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `true` the first time `id` is offered within the window (handle it), `false` for a
    /// replay (drop it). `id` should name its platform (`telegram:42`).
    pub fn first_sighting(&self, id: &str) -> bool {
        self.first_sighting_at(id, Instant::now())
    }

    fn first_sighting_at(&self, id: &str, now: Instant) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        while let Some((at, _)) = seen.order.front() {
            let expired = now.saturating_duration_since(*at) >= REPLAY_WINDOW;
            if !expired && seen.order.len() < MAX_REMEMBERED {
                break;
            }
            if let Some((at, old)) = seen.order.pop_front() {
                // Only if it was not seen again since (then a later entry keeps it).
                if seen.at.get(&old) == Some(&at) {
                    seen.at.remove(&old);
                }
            }
        }
        if seen.at.contains_key(id) {
            return false;
        }
        seen.at.insert(id.to_owned(), now);
        seen.order.push_back((now, id.to_owned()));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_counts_once_within_the_window_and_again_after_it() {
        let replays = Replays::new();
        let start = Instant::now();
        assert!(replays.first_sighting_at("telegram:1", start));
        assert!(!replays.first_sighting_at("telegram:1", start));
        assert!(
            replays.first_sighting_at("discord:1", start),
            "another platform"
        );
        let later = start + REPLAY_WINDOW - Duration::from_secs(1);
        assert!(!replays.first_sighting_at("telegram:1", later));
        let after = start + REPLAY_WINDOW;
        assert!(replays.first_sighting_at("telegram:1", after), "forgotten");
    }

    #[test]
    fn memory_is_bounded() {
        let replays = Replays::new();
        let start = Instant::now();
        for n in 0..MAX_REMEMBERED + 10 {
            assert!(replays.first_sighting_at(&n.to_string(), start));
        }
        let seen = replays.seen.lock().unwrap();
        assert_eq!(seen.at.len(), MAX_REMEMBERED);
        assert_eq!(seen.order.len(), MAX_REMEMBERED);
    }
}
