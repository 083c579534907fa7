//! Telegram's webhook behind any number of instances: an update is recorded once in the
//! store and handled once, each chat's updates in `update_id` order, whichever instance
//! Telegram (or a load balancer) posted it to.
//!
//! - **Receiving** ([`router`]): `POST {webhook_path}`. The secret header is checked first,
//!   in constant time (`require_secret`, 401 otherwise); the body is read as an Update. An
//!   update with a chat is recorded in the engine's inbox (`engine::inbox`: insert-if-absent
//!   under its chat and `update_id`, flushed) and 200 is answered at once — a repeat of one
//!   recorded before gets 200 too and is not recorded again. An update without a chat
//!   (inline queries, polls: nothing Pulse answers) gets 200 and is dropped; a body that is
//!   no Update at all gets 400. Updates posted before the front end is up wait in the store.
//! - **Handling** ([`run`]): every instance looks for chats with waiting updates — at once
//!   when it recorded one itself, else every [`POLL`] — and claims each chat it finds free
//!   (`Inbox::claim`, a claim of `store.leader_lease_secs` that its holder renews every
//!   third of it, also while a slow update is handled). The holder handles the chat's
//!   updates one after another in id order: counts the start (`Inbox::start`), runs the
//!   update through the same dptree handler the polling Dispatcher runs, marks it handled
//!   (`Inbox::handled`), and gives the chat back when none is left, looking once more after
//!   (an update recorded while it gave the chat back would otherwise wait for the next
//!   poll). An instance killed while it holds a chat leaves the claim to run out; another
//!   takes the chat then and handles its later updates — and the one under way when it died
//!   once more (never a third time: `engine::inbox::MAX_ATTEMPTS`).
//!
//! Why the handlers are called directly rather than through teloxide's Dispatcher and a
//! custom `UpdateListener`: the Dispatcher keeps its own per-chat queues in memory and says
//! nothing about when an update's handler has finished, which is exactly what marking it
//! handled, and holding the chat's claim until then, needs. One task per claimed chat
//! calling `Handler::dispatch` with the dependencies the Dispatcher would insert (the bot,
//! `Me`, the update) is the Dispatcher's per-chat worker without its queue.
//!
//! Marks of handled updates are purged after 25 hours (`engine::inbox::KEEP_HANDLED`:
//! Telegram keeps an update it could not deliver for 24 hours), by every instance once an
//! hour. The same path runs on sled (one instance, always able to claim).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use engine::chat::{ChatId, Platform};
use engine::inbox::{Inbox, Receipt, Start};
use teloxide::dispatching::UpdateHandler;
use teloxide::dptree;
use teloxide::types::{Me, Update};
use tokio::sync::Notify;

use super::{HintedAlbums, TelegramBot, TelegramOutput};
use crate::app::AppState;

/// How often an instance looks for chats with waiting updates it was not told about: ones
/// another instance recorded, or whose claim ran out.
pub const POLL: Duration = Duration::from_secs(1);

/// How often the marks of handled updates are purged.
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

/// The largest update accepted (Telegram's are a few kilobytes).
const MAX_BODY: usize = 1 << 20;

/// What the receiving route needs.
struct Receiving {
    inbox: Inbox,
    wake: Arc<Notify>,
}

/// The webhook's route at `path`: updates are recorded in `inbox` and `wake` is notified.
/// The caller layers the secret check over it.
pub fn router(path: &str, inbox: Inbox, wake: Arc<Notify>) -> axum::Router {
    axum::Router::new()
        .route(path, axum::routing::post(receive))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(Arc::new(Receiving { inbox, wake }))
}

/// What an update posted to the webhook is to the inbox.
#[derive(Debug, PartialEq, Eq)]
enum Posted {
    /// An update of a chat: record it.
    OfChat(ChatId, i64),
    /// An update without a chat: acknowledge it, nothing to do.
    Chatless,
    /// Not an update.
    NotAnUpdate,
}

/// Reads a webhook body as the Bot API documents it: one Update object, with its
/// `update_id`.
fn read(body: &[u8]) -> Posted {
    let Ok(update) = serde_json::from_slice::<Update>(body) else {
        return Posted::NotAnUpdate;
    };
    match update.chat() {
        Some(chat) => Posted::OfChat(
            ChatId::new(Platform::Telegram, chat.id.0.to_string()),
            i64::from(update.id.0),
        ),
        None => Posted::Chatless,
    }
}

async fn receive(State(receiving): State<Arc<Receiving>>, body: Bytes) -> StatusCode {
    let (chat, id) = match read(&body) {
        Posted::OfChat(chat, id) => (chat, id),
        Posted::Chatless => return StatusCode::OK,
        Posted::NotAnUpdate => return StatusCode::BAD_REQUEST,
    };
    let Ok(payload) = std::str::from_utf8(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    // The engine's store runs each call where waiting holds no other task up.
    match receiving
        .inbox
        .receive(&chat, id, payload, chrono::Utc::now())
    {
        Ok(Receipt::Recorded) => {
            receiving.wake.notify_one();
            StatusCode::OK
        }
        Ok(Receipt::Repeat) => {
            tracing::debug!(update_id = id, "a Telegram update posted again");
            StatusCode::OK
        }
        Err(error) => {
            // Telegram posts it again later.
            tracing::warn!(error = %error, "could not record a Telegram update");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// What handling the recorded updates needs.
pub struct Runner {
    /// The app.
    pub state: Arc<AppState>,
    /// The inbox.
    pub inbox: Inbox,
    /// Notified when this instance recorded an update.
    pub wake: Arc<Notify>,
    /// The bot, as the handlers get it.
    pub bot: TelegramBot,
    /// Who the bot is (`getMe`).
    pub me: Me,
    /// The handlers (the polling Dispatcher's, but for its replay filter: the inbox keeps
    /// repeats out).
    pub handler: UpdateHandler<anyhow::Error>,
    /// The output the handlers answer through.
    pub output: Arc<TelegramOutput>,
    /// How long a chat's claim lasts unless renewed.
    pub claim: Duration,
    /// The chats this instance works on now.
    working: Mutex<HashSet<ChatId>>,
    hinted: Arc<HintedAlbums>,
    albums: Arc<super::media::Albums>,
}

impl Runner {
    /// A runner; [`run`] runs it.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        state: Arc<AppState>,
        inbox: Inbox,
        wake: Arc<Notify>,
        bot: TelegramBot,
        me: Me,
        handler: UpdateHandler<anyhow::Error>,
        output: Arc<TelegramOutput>,
        claim: Duration,
    ) -> Self {
        Self {
            state,
            inbox,
            wake,
            bot,
            me,
            handler,
            output,
            claim,
            working: Mutex::new(HashSet::new()),
            hinted: Arc::new(HintedAlbums::default()),
            albums: Arc::new(super::media::Albums::default()),
        }
    }

    fn holder(&self) -> &str {
        self.state.leadership.instance()
    }

    fn claim_length(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.claim).unwrap_or(chrono::Duration::seconds(15))
    }

    fn working(&self) -> std::sync::MutexGuard<'_, HashSet<ChatId>> {
        self.working.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes or renews the claim on `chat`; a store failure is no claim.
    fn claim(&self, chat: &ChatId) -> bool {
        match self
            .inbox
            .claim(chat, self.holder(), chrono::Utc::now(), self.claim_length())
        {
            Ok(held) => held,
            Err(error) => {
                tracing::warn!(error = %error, "could not claim a Telegram chat's updates");
                false
            }
        }
    }

    fn release(&self, chat: &ChatId) {
        if let Err(error) = self.inbox.release(chat, self.holder()) {
            tracing::warn!(error = %error, "could not give a Telegram chat's claim back");
        }
    }

    /// One look for chats with waiting updates: each one free is claimed and drained on a
    /// task of its own.
    fn round(self: &Arc<Self>) {
        let chats = match self.inbox.waiting_chats() {
            Ok(chats) => chats,
            Err(error) => {
                tracing::warn!(error = %error, "could not read the waiting Telegram updates");
                return;
            }
        };
        for chat in chats {
            if self.state.shutdown.is_cancelled() {
                return;
            }
            if !self.working().insert(chat.clone()) {
                continue;
            }
            if self.claim(&chat) {
                let runner = self.clone();
                self.state
                    .tasks
                    .spawn(async move { runner.drain(chat).await });
            } else {
                self.working().remove(&chat);
            }
        }
    }

    /// Handles `chat`'s waiting updates in order while this instance holds its claim, then
    /// gives the chat back.
    async fn drain(self: Arc<Self>, chat: ChatId) {
        loop {
            if self.state.shutdown.is_cancelled() {
                self.release(&chat);
                break;
            }
            let next = match self.inbox.next(&chat) {
                Ok(next) => next,
                Err(error) => {
                    tracing::warn!(error = %error, "could not read a Telegram chat's next update");
                    self.release(&chat);
                    break;
                }
            };
            let Some(update) = next else {
                self.release(&chat);
                // One recorded while the chat was given back found it claimed: look again.
                if self.inbox.has_waiting(&chat).unwrap_or(false) && self.claim(&chat) {
                    continue;
                }
                break;
            };
            // Still this instance's (renewed): else another has taken the chat over.
            if !self.claim(&chat) {
                break;
            }
            match self.inbox.start(&chat, update.id, chrono::Utc::now()) {
                Ok(Start::Run { attempt }) => {
                    if attempt > 1 {
                        tracing::info!(
                            update_id = update.id,
                            attempt,
                            "handling a Telegram update again: its handler did not finish"
                        );
                    }
                    self.handle_holding(&chat, &update.payload).await;
                    if let Err(error) = self.inbox.handled(&chat, update.id, chrono::Utc::now()) {
                        tracing::warn!(error = %error, "could not mark a Telegram update handled");
                        self.release(&chat);
                        break;
                    }
                }
                Ok(Start::GiveUp) => tracing::warn!(
                    update_id = update.id,
                    "a Telegram update was started twice without finishing; given up"
                ),
                Ok(Start::Gone) => {}
                Err(error) => {
                    tracing::warn!(error = %error, "could not start a Telegram update");
                    self.release(&chat);
                    break;
                }
            }
        }
        self.working().remove(&chat);
    }

    /// Handles one update, renewing the chat's claim every third of its length meanwhile.
    async fn handle_holding(&self, chat: &ChatId, payload: &str) {
        let handling = self.handle(payload);
        tokio::pin!(handling);
        loop {
            tokio::select! {
                () = &mut handling => return,
                () = tokio::time::sleep(self.claim / 3) => {
                    if !self.claim(chat) {
                        tracing::warn!("a Telegram chat's claim passed to another instance while one of its updates was handled");
                    }
                }
            }
        }
    }

    /// Runs one update through the handlers, as the Dispatcher would.
    async fn handle(&self, payload: &str) {
        let update: Update = match serde_json::from_str(payload) {
            Ok(update) => update,
            Err(error) => {
                tracing::warn!(error = %error, "a recorded Telegram update could not be read");
                return;
            }
        };
        let deps = dptree::deps![
            self.bot.clone(),
            self.me.clone(),
            update,
            self.state.clone(),
            self.output.clone(),
            self.hinted.clone(),
            self.albums.clone()
        ];
        if let std::ops::ControlFlow::Break(Err(error)) = self.handler.dispatch(deps).await {
            tracing::warn!(error = %error, "handling a Telegram update failed");
        }
    }
}

/// Handles recorded updates until shutdown: a round when this instance recorded one, and
/// every [`POLL`]; the marks of handled updates purged every hour.
pub async fn run(runner: Arc<Runner>) {
    let shutdown = runner.state.shutdown.clone();
    let mut purged_at: Option<tokio::time::Instant> = None;
    loop {
        if purged_at.is_none_or(|at| at.elapsed() >= PURGE_EVERY) {
            purged_at = Some(tokio::time::Instant::now());
            let inbox = runner.inbox.clone();
            match tokio::task::spawn_blocking(move || inbox.purge(chrono::Utc::now())).await {
                Ok(Ok(purged)) if purged > 0 => {
                    tracing::debug!(purged, "purged the marks of handled Telegram updates");
                }
                Ok(Err(error)) => {
                    tracing::warn!(error = %error, "could not purge handled Telegram updates");
                }
                _ => {}
            }
        }
        runner.round();
        tokio::select! {
            () = runner.wake.notified() => {}
            () = tokio::time::sleep(POLL) => {}
            () = shutdown.cancelled() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_body_is_one_update_with_its_id() {
        let message = br#"{"update_id": 7, "message": {"message_id": 1, "date": 1700000000,
            "chat": {"id": -100, "type": "supergroup", "title": "Shop"},
            "from": {"id": 5, "is_bot": false, "first_name": "Ana"}, "text": "/help"}}"#;
        assert_eq!(
            read(message),
            Posted::OfChat(ChatId::new(Platform::Telegram, "-100"), 7)
        );
        let poll = br#"{"update_id": 8, "poll": {"id": "1", "question": "?", "options": [],
            "total_voter_count": 0, "is_closed": false, "is_anonymous": true,
            "type": "regular", "allows_multiple_answers": false}}"#;
        assert_eq!(read(poll), Posted::Chatless);
        for body in [&b"not json"[..], b"{}", b"[]", br#"{"update_id": "x"}"#] {
            assert_eq!(read(body), Posted::NotAnUpdate, "{body:?}");
        }
    }
}
