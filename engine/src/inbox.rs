//! The inbox: updates a chat platform posted to Pulse's webhook (Telegram's), recorded
//! before they are acknowledged, then handled chat by chat by whichever instance claims the
//! chat — several instances may share the database and each receive a share of the posts.
//!
//! - **Recorded once.** [`Inbox::receive`] files an update under its chat and its id
//!   (`chat \0 id`, the id big-endian so keys sort by id) in [`Tree::Inbox`] only where
//!   nothing is (compare-and-swap from nothing) and where no mark says it was handled
//!   ([`Tree::InboxHandled`]): the same update posted again, to this instance or another, is
//!   a [`Receipt::Repeat`]. An update's chat is part of the update, so its key follows from
//!   the update alone.
//! - **Each chat's in order, one instance at a time.** An instance takes a chat with
//!   [`Inbox::claim`] (a [`Leases`] role per chat, `inbox:<chat>`, that runs out unless its
//!   holder renews it), then handles [`Inbox::next`] — the waiting update of the chat with
//!   the smallest id — until none is left, and gives the chat back ([`Inbox::release`]). A
//!   holder that dies stops renewing: another instance takes the chat once the claim runs
//!   out, and the chat's later updates are handled then.
//! - **Never twice, but after a crash once more.** [`Inbox::start`] counts an attempt on the
//!   record before the update is handled, [`Inbox::handled`] swaps the record for a mark of
//!   its id in one batch. An update whose handler died with its instance is handled again by
//!   the next holder; one started [`MAX_ATTEMPTS`] times without ending is given up
//!   ([`Start::GiveUp`]), so an update that kills its handler cannot hold its chat up for
//!   ever. [`Inbox::next`] drops a waiting record whose id is already marked handled (a
//!   repeat recorded while the first copy was being marked).
//! - **Kept a day.** Telegram keeps an update it could not deliver for 24 hours, so a
//!   repeat may come that late; the marks (ids and a time, no content) are kept
//!   [`KEEP_HANDLED`] (25 hours) and [`Inbox::purge`] removes older ones. The content of an
//!   update is kept only while it waits.
//!
//! Every call takes `now`; the engine keeps no clock and runs no task (the runner is
//! `bot`'s).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::chat::ChatId;
use crate::lease::{LeaseRecord, Leases};
use crate::records::{decode, encode};
use crate::store::{Batch, Store, StoreError, Tree};

/// How long the mark of a handled update is kept: Telegram keeps an update for 24 hours,
/// and an hour more covers the clocks.
pub const KEEP_HANDLED: Duration = Duration::hours(25);

/// How many times an update is started before it is given up.
pub const MAX_ATTEMPTS: u32 = 2;

/// What [`Inbox::receive`] did with an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// Recorded: it waits to be handled.
    Recorded,
    /// Recorded before (waiting or handled): nothing was written.
    Repeat,
}

/// What [`Inbox::start`] says about an update about to be handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Handle it: this is its `attempt`th start (1, or 2 after a holder died handling it).
    Run {
        /// Which attempt this is.
        attempt: u32,
    },
    /// Started [`MAX_ATTEMPTS`] times already without ending: it is marked handled, not run.
    GiveUp,
    /// No longer waiting (handled meanwhile): nothing to do.
    Gone,
}

/// An update waiting to be handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingUpdate {
    /// Its chat.
    pub chat: ChatId,
    /// The platform's id of the update (Telegram's `update_id`).
    pub id: i64,
    /// The update as the platform posted it.
    pub payload: String,
    /// How many times it was started before.
    pub attempts: u32,
}

/// A waiting update as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct WaitingRecord {
    payload: String,
    received_at: DateTime<Utc>,
    #[serde(default)]
    attempts: u32,
}

/// The mark of a handled update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct HandledRecord {
    handled_at: DateTime<Utc>,
}

/// The key of `chat`'s update `id`: the chat key, a zero byte, and the id with its sign bit
/// flipped, big-endian, so that keys sort by id.
fn key(chat: &ChatId, id: i64) -> Vec<u8> {
    let mut key = chat_prefix(chat);
    key.extend_from_slice(&((id as u64) ^ (1 << 63)).to_be_bytes());
    key
}

fn chat_prefix(chat: &ChatId) -> Vec<u8> {
    let mut prefix = chat.key().into_bytes();
    prefix.push(0);
    prefix
}

/// The chat and the id of a key; `None` for a key of another shape.
fn parse_key(key: &[u8]) -> Option<(ChatId, i64)> {
    let split = key.len().checked_sub(9)?;
    let (chat, rest) = key.split_at(split);
    let (zero, id) = rest.split_first()?;
    if *zero != 0 {
        return None;
    }
    let id = u64::from_be_bytes(id.try_into().ok()?) ^ (1 << 63);
    let chat = ChatId::from_key(std::str::from_utf8(chat).ok()?)?;
    Some((chat, id as i64))
}

/// How the lease role of a chat's claim begins.
const ROLE_PREFIX: &str = "inbox:";

/// The lease role of a chat's claim.
fn role(chat: &ChatId) -> String {
    format!("{ROLE_PREFIX}{}", chat.key())
}

/// The inbox of a store.
#[derive(Clone)]
pub struct Inbox {
    store: Arc<dyn Store>,
    leases: Leases,
}

impl Inbox {
    /// The inbox kept in `store`.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            leases: Leases::new(store.clone()),
            store,
        }
    }

    /// Records update `id` of `chat` (its content `payload`) unless it was recorded before,
    /// and makes it durable before it returns: the update may be acknowledged then.
    pub fn receive(
        &self,
        chat: &ChatId,
        id: i64,
        payload: &str,
        now: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        let key = key(chat, id);
        if self.store.get(Tree::InboxHandled, &key)?.is_some() {
            return Ok(Receipt::Repeat);
        }
        let record = encode(&WaitingRecord {
            payload: payload.to_owned(),
            received_at: now,
            attempts: 0,
        });
        match self
            .store
            .compare_and_swap(Tree::Inbox, &key, None, Some(&record))
        {
            Ok(()) => {
                self.store.flush()?;
                Ok(Receipt::Recorded)
            }
            Err(StoreError::Conflict) => Ok(Receipt::Repeat),
            Err(error) => Err(error),
        }
    }

    /// The chats with updates waiting, each once, in key order.
    pub fn waiting_chats(&self) -> Result<Vec<ChatId>, StoreError> {
        let mut chats: Vec<ChatId> = Vec::new();
        for (key, _) in self.store.scan_prefix(Tree::Inbox, &[])? {
            if let Some((chat, _)) = parse_key(&key) {
                if chats.last() != Some(&chat) {
                    chats.push(chat);
                }
            }
        }
        Ok(chats)
    }

    /// Whether `chat` has an update waiting.
    pub fn has_waiting(&self, chat: &ChatId) -> Result<bool, StoreError> {
        Ok(!self
            .store
            .scan_prefix(Tree::Inbox, &chat_prefix(chat))?
            .is_empty())
    }

    /// Takes or renews the claim on `chat`'s updates for `holder` until `now + length`,
    /// unless another holds it still. Whether `holder` holds it now.
    pub fn claim(
        &self,
        chat: &ChatId,
        holder: &str,
        now: DateTime<Utc>,
        length: Duration,
    ) -> Result<bool, StoreError> {
        self.leases.hold(&role(chat), holder, now, length)
    }

    /// Gives the claim on `chat` back if `holder` holds it.
    pub fn release(&self, chat: &ChatId, holder: &str) -> Result<bool, StoreError> {
        self.leases.release(&role(chat), holder)
    }

    /// `chat`'s waiting update with the smallest id. A waiting record of an update already
    /// marked handled is removed on the way.
    pub fn next(&self, chat: &ChatId) -> Result<Option<WaitingUpdate>, StoreError> {
        for (key, value) in self.store.scan_prefix(Tree::Inbox, &chat_prefix(chat))? {
            let Some((chat, id)) = parse_key(&key) else {
                continue;
            };
            if self.store.get(Tree::InboxHandled, &key)?.is_some() {
                match self
                    .store
                    .compare_and_swap(Tree::Inbox, &key, Some(&value), None)
                {
                    Ok(()) | Err(StoreError::Conflict) => continue,
                    Err(error) => return Err(error),
                }
            }
            let record: WaitingRecord = decode("inbox update", &value)?;
            return Ok(Some(WaitingUpdate {
                chat,
                id,
                payload: record.payload,
                attempts: record.attempts,
            }));
        }
        Ok(None)
    }

    /// Counts a start of `chat`'s update `id`, about to be handled; an update started
    /// [`MAX_ATTEMPTS`] times already is marked handled instead ([`Start::GiveUp`]).
    pub fn start(&self, chat: &ChatId, id: i64, now: DateTime<Utc>) -> Result<Start, StoreError> {
        let key = key(chat, id);
        loop {
            let Some(value) = self.store.get(Tree::Inbox, &key)? else {
                return Ok(Start::Gone);
            };
            let mut record: WaitingRecord = decode("inbox update", &value)?;
            if record.attempts >= MAX_ATTEMPTS {
                self.handled(chat, id, now)?;
                return Ok(Start::GiveUp);
            }
            record.attempts += 1;
            match self.store.compare_and_swap(
                Tree::Inbox,
                &key,
                Some(&value),
                Some(&encode(&record)),
            ) {
                Ok(()) => {
                    return Ok(Start::Run {
                        attempt: record.attempts,
                    })
                }
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// Marks `chat`'s update `id` handled: its waiting record goes, the mark of its id
    /// comes, in one batch.
    pub fn handled(&self, chat: &ChatId, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        let key = key(chat, id);
        let mut batch = Batch::new();
        batch.remove(Tree::Inbox, key.clone());
        batch.put(
            Tree::InboxHandled,
            key,
            encode(&HandledRecord { handled_at: now }),
        );
        self.store.apply(&batch)
    }

    /// Removes the marks of updates handled more than [`KEEP_HANDLED`] before `now` (how
    /// many went), and the claims that ran out (a holder that died with nothing left to
    /// handle leaves its claim behind).
    pub fn purge(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let mut batch = Batch::new();
        for (key, value) in self.store.scan_prefix(Tree::InboxHandled, &[])? {
            let record: HandledRecord = decode("handled update", &value)?;
            if record.handled_at + KEEP_HANDLED <= now {
                batch.remove(Tree::InboxHandled, key);
            }
        }
        let purged = batch.len();
        self.store.apply(&batch)?;
        for (key, value) in self
            .store
            .scan_prefix(Tree::Leases, ROLE_PREFIX.as_bytes())?
        {
            let claim: LeaseRecord = decode("lease", &value)?;
            if claim.expires_at <= now {
                // Renewed meanwhile: its holder keeps it.
                match self
                    .store
                    .compare_and_swap(Tree::Leases, &key, Some(&value), None)
                {
                    Ok(()) | Err(StoreError::Conflict) => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(purged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::Platform;

    #[test]
    fn keys_sort_by_id_and_read_back() {
        let chat = ChatId::new(Platform::Telegram, "-100123");
        let ids = [i64::MIN, -5, -1, 0, 1, 255, 256, 1 << 40, i64::MAX];
        let keys: Vec<Vec<u8>> = ids.iter().map(|id| key(&chat, *id)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        for (id, key) in ids.iter().zip(&keys) {
            assert_eq!(parse_key(key), Some((chat.clone(), *id)));
        }
        assert_eq!(parse_key(b"short"), None);
    }
}
