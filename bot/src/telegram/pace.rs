//! Pulse's own pacing of Telegram sends, in place of teloxide's `Throttle`.
//!
//! Telegram answers 429 to a bot that sends more than 30 messages in a second overall, more
//! than about one a second to one chat, or more than 20 a minute to one group. teloxide's
//! `Throttle` releases requests in bursts on a 250 ms tick: up to 30 at once, then nothing
//! until a second after the burst was *released*. A burst does not arrive at once (each
//! request is encoded and uploaded in turn; a chart takes milliseconds), so the end of one
//! burst and the start of the next land within the same second at Telegram, which answers
//! 429 and makes the whole bot wait. A digest fan-out to thousands of chats met that every
//! few seconds (`cargo bench -p pulse-tests --bench fanout`).
//!
//! [`Pace`] spaces sends evenly instead: one every [`Limits::overall_gap`] (1 s / 29, so any
//! 30 sends in a row span more than a second even when their delivery delays differ by up to
//! 34 ms), each chat at most one a second and each group at most 20 a minute. A chat that
//! must wait does not hold up the others: a send takes its place in the overall line only once
//! its chat is free. A 429's `retry_after` pauses every send ([`Pace::pause_until`]), and the
//! sends resume spaced out, not in a burst.
//!
//! This pace is one process's. When several instances share a PostgreSQL database, each send
//! also takes a slot of the pace they share there (`engine::pace::SharedPace`, taken by
//! `TelegramOutput` after this one's turn), so that together they keep the overall limit.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use teloxide::types::ChatId;

const MINUTE: Duration = Duration::from_secs(60);

/// The least time between the starts of two sends over all the instances of one database
/// (their shared pace, `engine::pace`): 1 s / 28, two to spare rather than one, because each
/// send of each instance waits for a database round trip and a timer of its own before it
/// leaves, so their delivery delays differ more than one process's do (any 30 sends in a row
/// then span 1.07 s: 71 ms for uneven delays).
pub const SHARED_GAP: Duration = Duration::from_micros(1_000_000 / 28);

/// How often the record of chats that no longer matter is cleared, in sends.
const PRUNE_EVERY: u64 = 1_024;

/// Telegram's limits, as Pulse keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The least time between the starts of two sends, over all chats.
    pub overall_gap: Duration,
    /// The least time between two sends to one chat.
    pub chat_gap: Duration,
    /// The most sends to one group (or supergroup, or channel) in any minute.
    pub group_per_minute: usize,
}

impl Default for Limits {
    /// Telegram's documented limits (30 messages a second overall, one a second per chat, 20
    /// a minute per group), with the overall one kept at 29 evenly spaced: the one to spare
    /// absorbs uneven delivery delays, so Telegram never counts 31 in a second.
    fn default() -> Self {
        Self {
            overall_gap: Duration::from_secs(1) / 29,
            chat_gap: Duration::from_secs(1),
            group_per_minute: 20,
        }
    }
}

impl Limits {
    /// These limits with every gap divided by `factor` (and the sends a group may have in a
    /// minute multiplied by it): for benchmarks against a fake Bot API that allows as much
    /// more (`telegram.pace_speedup`). A factor of 0 or 1 changes nothing.
    pub fn sped_up(self, factor: u32) -> Self {
        let factor = factor.max(1);
        Self {
            overall_gap: self.overall_gap / factor,
            chat_gap: self.chat_gap / factor,
            group_per_minute: self.group_per_minute.saturating_mul(factor as usize),
        }
    }
}

/// What a send should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Its place is taken: send at this instant.
    SendAt(Instant),
    /// Its chat (or everything) must wait: ask again at this instant.
    AskAgainAt(Instant),
}

/// The sends of one chat that still constrain the next.
#[derive(Debug, Default)]
struct ChatSends {
    /// When the chat's sends started, within the last minute (groups only).
    last_minute: VecDeque<Instant>,
    /// No send to the chat before this.
    next: Option<Instant>,
}

/// The schedule: a pure function of the instants it is given, so it is tested without
/// sleeping.
#[derive(Debug)]
struct Schedule {
    limits: Limits,
    /// The earliest start of the next send, over all chats.
    next_slot: Option<Instant>,
    /// Telegram asked for a pause until then.
    paused_until: Option<Instant>,
    chats: HashMap<ChatId, ChatSends>,
    steps: u64,
}

impl Schedule {
    fn new(limits: Limits) -> Self {
        Self {
            limits,
            next_slot: None,
            paused_until: None,
            chats: HashMap::new(),
            steps: 0,
        }
    }

    fn paused(&self, now: Instant) -> Option<Instant> {
        self.paused_until.filter(|until| *until > now)
    }

    /// Where a send to `chat` asked for at `now` stands; a [`Step::SendAt`] is booked.
    fn step(&mut self, chat: ChatId, now: Instant) -> Step {
        self.steps += 1;
        if self.steps.is_multiple_of(PRUNE_EVERY) {
            self.prune(now);
        }
        if let Some(until) = self.paused(now) {
            return Step::AskAgainAt(until);
        }
        let group = chat.is_group() || chat.is_channel_or_supergroup();
        let limits = self.limits;
        let sends = self.chats.entry(chat).or_default();
        if let Some(next) = sends.next.filter(|next| *next > now) {
            return Step::AskAgainAt(next);
        }
        while sends
            .last_minute
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= MINUTE)
        {
            sends.last_minute.pop_front();
        }
        if group && sends.last_minute.len() >= limits.group_per_minute {
            if let Some(oldest) = sends.last_minute.front() {
                return Step::AskAgainAt(*oldest + MINUTE);
            }
        }
        let at = self.next_slot.map_or(now, |slot| slot.max(now));
        self.next_slot = Some(at + limits.overall_gap);
        sends.next = Some(at + limits.chat_gap);
        if group {
            sends.last_minute.push_back(at);
        }
        Step::SendAt(at)
    }

    /// A send to `chat` left at `at`, later than booked (it waited for the instances'
    /// shared pace too): the chat's next send is a chat gap after it.
    fn sent(&mut self, chat: ChatId, at: Instant) {
        let gap = self.limits.chat_gap;
        let sends = self.chats.entry(chat).or_default();
        sends.next = Some(sends.next.map_or(at + gap, |next| next.max(at + gap)));
    }

    /// Telegram asked for no sends before `until`: sends already booked for earlier ask again
    /// then, and the next ones are spaced from it.
    fn pause_until(&mut self, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |known| known.max(until)));
        self.next_slot = Some(self.next_slot.map_or(until, |slot| slot.max(until)));
    }

    /// Forgets chats whose sends no longer constrain anything.
    fn prune(&mut self, now: Instant) {
        self.chats.retain(|_, sends| {
            sends.next.is_some_and(|next| next > now)
                || sends
                    .last_minute
                    .back()
                    .is_some_and(|at| now.saturating_duration_since(*at) < MINUTE)
        });
    }
}

/// The pacing of every message Pulse sends to Telegram (see the module docs).
#[derive(Debug)]
pub struct Pace {
    schedule: Mutex<Schedule>,
}

impl Default for Pace {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl Pace {
    /// Pacing within `limits`.
    pub fn new(limits: Limits) -> Self {
        Self {
            schedule: Mutex::new(Schedule::new(limits)),
        }
    }

    fn schedule(&self) -> std::sync::MutexGuard<'_, Schedule> {
        self.schedule.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a message may be sent to `chat`, and books that moment: call it right
    /// before each send.
    pub async fn turn(&self, chat: ChatId) {
        loop {
            let step = self.schedule().step(chat, Instant::now());
            match step {
                Step::SendAt(at) => {
                    tokio::time::sleep_until(at.into()).await;
                    // A 429 while this send waited pauses it too.
                    if self.schedule().paused(Instant::now()).is_none() {
                        return;
                    }
                }
                Step::AskAgainAt(at) => tokio::time::sleep_until(at.into()).await,
            }
        }
    }

    /// A send to `chat` leaves now, after a wait beyond this pace's booking (the instances'
    /// shared pace): the chat's one-a-second gap counts from now.
    pub fn sent(&self, chat: ChatId) {
        self.schedule().sent(chat, Instant::now());
    }

    /// Telegram answered 429: no send before `until`.
    pub fn pause_until(&self, until: Instant) {
        self.schedule().pause_until(until);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRIVATE: ChatId = ChatId(42);
    const GROUP: ChatId = ChatId(-4_200);

    fn send_at(step: Step) -> Instant {
        match step {
            Step::SendAt(at) => at,
            Step::AskAgainAt(at) => panic!("asked to wait until {at:?}"),
        }
    }

    /// Books sends to `chats`, each asked for as soon as it may be, in turn, and returns
    /// the start of each (a simulated clock: nothing sleeps).
    fn book(schedule: &mut Schedule, start: Instant, chats: &[ChatId]) -> Vec<Instant> {
        let mut now = start;
        chats
            .iter()
            .map(|chat| loop {
                match schedule.step(*chat, now) {
                    Step::SendAt(at) => return at,
                    Step::AskAgainAt(at) => now = at,
                }
            })
            .collect()
    }

    #[test]
    fn any_thirty_sends_in_a_row_span_more_than_a_second_with_room_for_delays() {
        let start = Instant::now();
        let mut schedule = Schedule::new(Limits::default());
        let chats: Vec<ChatId> = (0..300).map(ChatId).collect();
        let times = book(&mut schedule, start, &chats);
        assert_eq!(times[0], start, "an idle bot sends at once");
        for window in times.windows(31) {
            let span = window[30].duration_since(window[0]);
            assert!(span >= Duration::from_millis(1_034), "{span:?}");
        }
        // And no slower than that: 299 gaps of 1/29 s.
        let total = times[299].duration_since(start).as_secs_f64();
        assert!((total - 299.0 / 29.0).abs() < 0.001, "{total}");
    }

    #[test]
    fn a_sped_up_pace_divides_every_gap_and_one_changes_nothing() {
        assert_eq!(Limits::default().sped_up(1), Limits::default());
        assert_eq!(Limits::default().sped_up(0), Limits::default());
        let fast = Limits::default().sped_up(10);
        assert_eq!(fast.overall_gap, Duration::from_secs(1) / 290);
        assert_eq!(fast.chat_gap, Duration::from_millis(100));
        assert_eq!(fast.group_per_minute, 200);
        // 300 sends to different chats: 299 gaps of 1/290 s.
        let start = Instant::now();
        let mut schedule = Schedule::new(fast);
        let chats: Vec<ChatId> = (0..300).map(ChatId).collect();
        let times = book(&mut schedule, start, &chats);
        let total = times[299].duration_since(start).as_secs_f64();
        assert!((total - 299.0 / 290.0).abs() < 0.001, "{total}");
    }

    #[test]
    fn a_send_that_left_late_spaces_its_chats_next_from_when_it_left() {
        let start = Instant::now();
        let mut schedule = Schedule::new(Limits::default());
        let chat = ChatId(7);
        assert_eq!(schedule.step(chat, start), Step::SendAt(start));
        // It waited 800 ms more (the shared pace) before it left.
        let left = start + Duration::from_millis(800);
        schedule.sent(chat, left);
        let asked = start + Duration::from_secs(1);
        assert_eq!(
            schedule.step(chat, asked),
            Step::AskAgainAt(left + Duration::from_secs(1))
        );
    }

    #[test]
    fn a_chat_waits_a_second_without_holding_up_the_others() {
        let start = Instant::now();
        let mut schedule = Schedule::new(Limits::default());
        let first = send_at(schedule.step(PRIVATE, start));
        // The same chat again: its turn is a second later.
        assert_eq!(
            schedule.step(PRIVATE, start),
            Step::AskAgainAt(first + Duration::from_secs(1))
        );
        // Another chat meanwhile goes in the next slot.
        let other = send_at(schedule.step(ChatId(43), start));
        assert_eq!(other, start + Limits::default().overall_gap);
        let again = send_at(schedule.step(PRIVATE, first + Duration::from_secs(1)));
        assert_eq!(again, first + Duration::from_secs(1));
    }

    #[test]
    fn a_group_gets_at_most_twenty_a_minute() {
        let start = Instant::now();
        let mut schedule = Schedule::new(Limits::default());
        let times = book(&mut schedule, start, &[GROUP; 25]);
        for window in times.windows(21) {
            assert!(window[20].duration_since(window[0]) >= MINUTE);
        }
        // A private chat has only the one-a-second limit.
        let mut schedule = Schedule::new(Limits::default());
        let times = book(&mut schedule, start, &[PRIVATE; 25]);
        assert_eq!(times[24].duration_since(start), Duration::from_secs(24));
    }

    #[test]
    fn a_pause_holds_every_send_and_they_resume_spaced() {
        let start = Instant::now();
        let mut schedule = Schedule::new(Limits::default());
        let booked = send_at(schedule.step(ChatId(1), start));
        let until = start + Duration::from_secs(3);
        schedule.pause_until(until);
        assert_eq!(
            schedule.paused(booked),
            Some(until),
            "the booked send waits"
        );
        assert_eq!(
            schedule.step(ChatId(2), start),
            Step::AskAgainAt(until),
            "new sends wait"
        );
        let chats: Vec<ChatId> = (10..40).map(ChatId).collect();
        let times = book(&mut schedule, until, &chats);
        assert_eq!(times[0], until);
        for pair in times.windows(2) {
            assert_eq!(
                pair[1].duration_since(pair[0]),
                Limits::default().overall_gap
            );
        }
    }

    #[test]
    fn chats_that_no_longer_matter_are_forgotten() {
        let start = Instant::now();
        let mut schedule = Schedule::new(Limits::default());
        let chats: Vec<ChatId> = (0..2_000).map(ChatId).collect();
        let times = book(&mut schedule, start, &chats);
        let later = times[1_999] + MINUTE;
        schedule.step(GROUP, later);
        schedule.prune(later);
        assert_eq!(schedule.chats.len(), 1);
    }
}
