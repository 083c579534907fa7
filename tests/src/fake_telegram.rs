//! A fake Telegram Bot API on 127.0.0.1 that speaks the real wire format, so the real
//! teloxide client talks to it over HTTP. Tests act as the user (queue messages and button
//! presses) and read what the bot called (every request is recorded with its time). It can
//! answer the next sends with 429 and a `retry_after`, like Telegram does.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::Notify;

/// The fake bot's user id.
pub const BOT_ID: i64 = 4_242_424_242;
/// The fake bot's username.
pub const BOT_USERNAME: &str = "pulse_test_bot";
/// The token the tests give Pulse.
pub const BOT_TOKEN: &str = "4242424242:TEST-token-for-the-fake";

/// The methods that put a message into a chat (lower case): what Telegram's message limits
/// count, and what [`FakeTelegram::enforce_overall_rate`] and
/// [`FakeTelegram::reject_next_sends`] apply to.
pub const SEND_METHODS: &[&str] = &["sendmessage", "sendphoto", "senddocument"];

/// Whether `method` (lower case) is one of [`SEND_METHODS`].
pub fn is_send(method: &str) -> bool {
    SEND_METHODS.contains(&method)
}

/// The sliding window of [`FakeTelegram::enforce_overall_rate`].
const RATE_WINDOW: Duration = Duration::from_secs(1);

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    /// The method, lower case (`sendmessage`).
    pub method: String,
    /// The JSON body (or `null` for other bodies).
    pub body: Value,
    /// When it arrived.
    pub at: Instant,
    /// Whether the fake answered it with 429 (or with the 400 asked for by
    /// [`FakeTelegram::refuse_next`]).
    pub rejected: bool,
}

impl Call {
    /// The `chat_id` it was sent to (0 when it names none).
    pub fn chat_id(&self) -> i64 {
        chat_id_of(&self.body)
    }
}

#[derive(Default)]
struct Inner {
    next_update_id: i64,
    updates: Vec<Value>,
    next_message_id: i64,
    calls: Vec<Call>,
    reject_sends: VecDeque<u64>,
    /// Methods to refuse with a 400, and how many times.
    refuse: std::collections::HashMap<String, usize>,
    /// The administrators of each group: `getChatMember` answers `administrator` for them
    /// and `member` for anyone else.
    admins: std::collections::HashMap<i64, Vec<i64>>,
    /// Methods a proxy in front of the Bot API answers with `502 Bad Gateway` (an HTML page,
    /// not Telegram's JSON), and how many times; `usize::MAX` = always.
    bad_gateway: std::collections::HashMap<String, usize>,
    /// The most sends accepted in any [`RATE_WINDOW`], when enforced.
    overall_rate: Option<usize>,
    /// When the sends accepted in the last [`RATE_WINDOW`] arrived, oldest first (kept only
    /// while a rate is enforced; each is pushed and popped once, so checking is O(1)
    /// amortised).
    recent_sends: VecDeque<Instant>,
    /// Files the bot may fetch, by file id ([`FakeTelegram::put_file`]).
    files: std::collections::HashMap<String, Vec<u8>>,
    /// How long each send waits, once recorded, before it is answered
    /// ([`FakeTelegram::delay_sends`]).
    send_delay: Duration,
}

impl Inner {
    /// Under an enforced rate: `Some(retry_after)` in whole seconds when a send arriving
    /// `at` would be one too many for the window, else `None` (and the send is counted).
    fn over_rate(&mut self, at: Instant) -> Option<u64> {
        let limit = self.overall_rate?;
        while self
            .recent_sends
            .front()
            .is_some_and(|oldest| at.saturating_duration_since(*oldest) >= RATE_WINDOW)
        {
            self.recent_sends.pop_front();
        }
        if self.recent_sends.len() < limit {
            self.recent_sends.push_back(at);
            return None;
        }
        // Whole seconds until the oldest send in the window leaves it, at least 1, as
        // Telegram rounds.
        let frees_at = self
            .recent_sends
            .front()
            .map_or(at, |oldest| *oldest + RATE_WINDOW);
        let wait = frees_at.saturating_duration_since(at).as_secs_f64();
        Some((wait.ceil() as u64).max(1))
    }
}

#[derive(Default)]
struct Shared {
    inner: Mutex<Inner>,
    new_update: Notify,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The running fake.
pub struct FakeTelegram {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

fn chat_json(chat_id: i64) -> Value {
    if chat_id < 0 {
        json!({"id": chat_id, "type": "supergroup", "title": "Shop team"})
    } else {
        json!({"id": chat_id, "type": "private", "first_name": "Ana", "username": "ana"})
    }
}

fn user_json(user_id: i64) -> Value {
    json!({"id": user_id, "is_bot": false, "first_name": "Ana", "username": "ana", "language_code": "en"})
}

fn bot_user_json() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Pulse", "username": BOT_USERNAME})
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A message id of the user's own, each new.
fn next_message_id() -> i64 {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(200_000);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn with_caption_and_album(mut fields: Value, caption: Option<&str>, album: Option<&str>) -> Value {
    if let Some(caption) = caption {
        fields["caption"] = json!(caption);
    }
    if let Some(album) = album {
        fields["media_group_id"] = json!(album);
    }
    fields
}

fn ok(result: Value) -> Response {
    Json(json!({"ok": true, "result": result})).into_response()
}

fn chat_id_of(body: &Value) -> i64 {
    match &body["chat_id"] {
        Value::Number(n) => n.as_i64().unwrap_or(0),
        Value::String(s) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

/// Answers a call ([`answer`]); a send waits [`FakeTelegram::delay_sends`]'s delay, once
/// recorded, before its answer goes back.
async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((token, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let sends = is_send(&method.to_ascii_lowercase());
    let answered = answer(shared.clone(), token, method, headers, body).await;
    let delay = shared.lock().send_delay;
    if sends && !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    answered
}

async fn answer(
    shared: Arc<Shared>,
    token: String,
    method: String,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if token != format!("bot{BOT_TOKEN}") {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
            .into_response();
    }
    let method = method.to_ascii_lowercase();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let body: Value = if content_type.starts_with("application/json") {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    } else if let Some(boundary) = content_type.split("boundary=").nth(1) {
        crate::multipart::fields(&body, boundary.trim_matches('"'))
    } else {
        Value::Null
    };

    if method == "getupdates" {
        return get_updates(&shared, &body).await;
    }
    let sends = is_send(&method);
    let mut inner = shared.lock();
    let at = Instant::now();
    let retry_after = if sends {
        match inner.reject_sends.pop_front() {
            Some(seconds) => Some(seconds),
            None => inner.over_rate(at),
        }
    } else {
        None
    };
    let bad_gateway = match inner.bad_gateway.get_mut(&method) {
        Some(left) if *left > 0 => {
            *left = left.saturating_sub(usize::from(*left != usize::MAX));
            true
        }
        _ => false,
    };
    if bad_gateway {
        inner.calls.push(Call {
            method: method.clone(),
            body: body.clone(),
            at,
            rejected: true,
        });
        return (
            StatusCode::BAD_GATEWAY,
            [("content-type", "text/html")],
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
        )
            .into_response();
    }
    let refused = match inner.refuse.get_mut(&method) {
        Some(left) if *left > 0 && retry_after.is_none() => {
            *left -= 1;
            true
        }
        _ => false,
    };
    inner.calls.push(Call {
        method: method.clone(),
        body: body.clone(),
        at,
        rejected: retry_after.is_some() || refused,
    });
    if refused {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error_code": 400, "description": "Bad Request: refused by the test"})),
        )
            .into_response();
    }
    if let Some(seconds) = retry_after {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {seconds}"), "parameters": {"retry_after": seconds}})),
        )
            .into_response();
    }
    match method.as_str() {
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Pulse", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false
        })),
        "getchatmember" => {
            let user_id = match &body["user_id"] {
                Value::Number(n) => n.as_i64().unwrap_or(0),
                Value::String(s) => s.parse().unwrap_or(0),
                _ => 0,
            };
            let admin = inner
                .admins
                .get(&chat_id_of(&body))
                .is_some_and(|admins| admins.contains(&user_id));
            if admin {
                ok(json!({
                    "status": "administrator", "user": user_json(user_id),
                    "can_be_edited": false, "is_anonymous": false, "can_manage_chat": true,
                    "can_delete_messages": true, "can_manage_video_chats": true,
                    "can_restrict_members": true, "can_promote_members": false,
                    "can_change_info": true, "can_invite_users": true, "can_post_stories": false,
                    "can_edit_stories": false, "can_delete_stories": false,
                    "can_pin_messages": true, "can_manage_topics": false
                }))
            } else {
                ok(json!({"status": "member", "user": user_json(user_id)}))
            }
        }
        "getfile" => {
            let file_id = body["file_id"].as_str().unwrap_or_default().to_owned();
            match inner.files.get(&file_id) {
                Some(bytes) => ok(json!({
                    "file_id": file_id, "file_unique_id": format!("u-{file_id}"),
                    "file_size": bytes.len(), "file_path": format!("media/{file_id}.bin")
                })),
                None => (
                    StatusCode::BAD_REQUEST,
                    Json(json!({"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"})),
                )
                    .into_response(),
            }
        }
        "getwebhookinfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        "deletewebhook" | "setwebhook" | "setmycommands" | "answercallbackquery" => ok(json!(true)),
        "sendmessage" | "sendphoto" | "senddocument" | "editmessagetext"
        | "editmessagereplymarkup" => {
            let message_id = if method.starts_with("edit") {
                body["message_id"].as_i64().unwrap_or(0)
            } else {
                inner.next_message_id += 1;
                inner.next_message_id
            };
            ok(json!({
                "message_id": message_id,
                "date": now_unix(),
                "chat": chat_json(chat_id_of(&body)),
                "from": bot_user_json(),
                "text": body["text"].as_str().unwrap_or(""),
            }))
        }
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"ok": false, "error_code": 404, "description": format!("Not Found: method {method} is not in the fake")})),
        )
            .into_response(),
    }
}

/// `GET /file/bot<token>/<file_path>`: a file's bytes, as `getFile`'s path names it. Each
/// download is recorded as a call of the method `download`, its body `{"file_id": …}`.
async fn download(
    State(shared): State<Arc<Shared>>,
    Path((token, path)): Path<(String, String)>,
) -> Response {
    if token != format!("bot{BOT_TOKEN}") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let file_id = path
        .strip_prefix("media/")
        .and_then(|name| name.strip_suffix(".bin"))
        .unwrap_or_default()
        .to_owned();
    let mut inner = shared.lock();
    inner.calls.push(Call {
        method: "download".into(),
        body: json!({"file_id": file_id}),
        at: Instant::now(),
        rejected: false,
    });
    match inner.files.get(&file_id) {
        Some(bytes) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let timeout = body["timeout"].as_u64().unwrap_or(0).min(1);
    let deadline = Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = shared.new_update.notified();
        {
            let mut inner = shared.lock();
            inner
                .updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !inner.updates.is_empty() || Instant::now() >= deadline {
                return ok(Value::Array(inner.updates.clone()));
            }
        }
        let _ = tokio::time::timeout(deadline.saturating_duration_since(Instant::now()), notified)
            .await;
    }
}

impl FakeTelegram {
    /// Starts the fake on a free port.
    pub async fn start() -> FakeTelegram {
        let shared = Arc::new(Shared::default());
        let router = Router::new()
            .route("/{token}/{method}", any(handle))
            .route("/file/{token}/{*path}", axum::routing::get(download))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("an address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        FakeTelegram { addr, shared, task }
    }

    /// The Bot API base URL to give Pulse.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn push_update(&self, update: impl FnOnce(i64) -> Value) {
        let mut inner = self.shared.lock();
        inner.next_update_id += 1;
        let id = inner.next_update_id;
        inner.updates.push(update(id));
        drop(inner);
        self.shared.new_update.notify_waiters();
    }

    /// The user `user_id` writes `text` in `chat_id` (negative = a group).
    pub fn user_says(&self, chat_id: i64, user_id: i64, text: &str) {
        self.user_says_replying(chat_id, user_id, text, None);
    }

    /// Like [`FakeTelegram::user_says`], as a reply to a message by the bot.
    pub fn user_says_replying(
        &self,
        chat_id: i64,
        user_id: i64,
        text: &str,
        to_bot_message: Option<i64>,
    ) {
        let mut message = json!({
            "message_id": 100_000 + now_unix() % 1000,
            "date": now_unix(),
            "chat": chat_json(chat_id),
            "from": user_json(user_id),
            "text": text,
        });
        if let Some(id) = to_bot_message {
            message["reply_to_message"] = json!({
                "message_id": id, "date": now_unix(), "chat": chat_json(chat_id), "from": bot_user_json(), "text": "…"
            });
        }
        self.push_update(|id| json!({"update_id": id, "message": message}));
    }

    /// The user `user_id` sends something other than text in `chat_id`: `content` holds the
    /// message's fields for it ([`FakeTelegram::sticker`], [`FakeTelegram::photo`]).
    pub fn user_sends(&self, chat_id: i64, user_id: i64, content: Value) {
        let mut message = json!({
            "message_id": next_message_id(),
            "date": now_unix(),
            "chat": chat_json(chat_id),
            "from": user_json(user_id),
        });
        if let (Some(message), Value::Object(fields)) = (message.as_object_mut(), content) {
            message.extend(fields);
        }
        self.push_update(|id| json!({"update_id": id, "message": message}));
    }

    /// The user `user_id` writes `text` in `chat_id` in reply to their own earlier message
    /// whose fields were `replied` (a photo, [`FakeTelegram::photo_of`]).
    pub fn user_says_replying_to(&self, chat_id: i64, user_id: i64, text: &str, replied: Value) {
        let mut original = json!({
            "message_id": next_message_id(),
            "date": now_unix(),
            "chat": chat_json(chat_id),
            "from": user_json(user_id),
        });
        if let (Some(original), Value::Object(fields)) = (original.as_object_mut(), replied) {
            original.extend(fields);
        }
        let message = json!({
            "message_id": next_message_id(),
            "date": now_unix(),
            "chat": chat_json(chat_id),
            "from": user_json(user_id),
            "text": text,
            "reply_to_message": original,
        });
        self.push_update(|id| json!({"update_id": id, "message": message}));
    }

    /// Serves `bytes` as the file `file_id`: `getFile` finds it, and its download URL
    /// answers with them.
    pub fn put_file(&self, file_id: &str, bytes: Vec<u8>) {
        self.shared.lock().files.insert(file_id.to_owned(), bytes);
    }

    /// The file ids the bot asked `getFile` for, in order.
    pub fn files_asked(&self) -> Vec<String> {
        self.file_calls("getfile")
    }

    /// The file ids the bot downloaded, in order.
    pub fn files_downloaded(&self) -> Vec<String> {
        self.file_calls("download")
    }

    fn file_calls(&self, method: &str) -> Vec<String> {
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|call| call.method == method)
            .filter_map(|call| call.body["file_id"].as_str().map(str::to_owned))
            .collect()
    }

    /// A photo's message fields, for [`FakeTelegram::user_sends`]: one size per `(file id,
    /// width, file size)` (square), the caption, and an album id shared by the photos of
    /// one album.
    pub fn photo_of(
        sizes: &[(&str, u32, u64)],
        caption: Option<&str>,
        album: Option<&str>,
    ) -> Value {
        let sizes: Vec<Value> = sizes
            .iter()
            .map(|(file_id, width, size)| {
                json!({"file_id": file_id, "file_unique_id": format!("u-{file_id}"), "width": width, "height": width, "file_size": size})
            })
            .collect();
        with_caption_and_album(json!({"photo": sizes}), caption, album)
    }

    /// A video's message fields, for [`FakeTelegram::user_sends`].
    pub fn video(file_id: &str, size: u64, caption: Option<&str>, album: Option<&str>) -> Value {
        with_caption_and_album(
            json!({"video": {
                "file_id": file_id, "file_unique_id": format!("u-{file_id}"), "width": 1080,
                "height": 1920, "duration": 12, "file_name": "clip.mp4", "mime_type": "video/mp4",
                "file_size": size
            }}),
            caption,
            album,
        )
    }

    /// A document's message fields (a file sent as a file), for [`FakeTelegram::user_sends`].
    pub fn document(
        file_id: &str,
        name: &str,
        mime_type: &str,
        size: u64,
        caption: Option<&str>,
    ) -> Value {
        with_caption_and_album(
            json!({"document": {
                "file_id": file_id, "file_unique_id": format!("u-{file_id}"), "file_name": name,
                "mime_type": mime_type, "file_size": size
            }}),
            caption,
            None,
        )
    }

    /// A sticker's message fields, for [`FakeTelegram::user_sends`].
    pub fn sticker() -> Value {
        json!({"sticker": {
            "file_id": "sticker-1", "file_unique_id": "s1", "type": "regular",
            "width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "🎉"
        }})
    }

    /// A photo's message fields, for [`FakeTelegram::user_sends`]; photos sent together as an
    /// album share an `album` id.
    pub fn photo(album: Option<&str>) -> Value {
        let mut photo = json!({"photo": [
            {"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 90}
        ]});
        if let Some(album) = album {
            photo["media_group_id"] = json!(album);
        }
        photo
    }

    /// The user presses an inline button carrying `data` under the bot's message `message_id`.
    pub fn user_presses(&self, chat_id: i64, user_id: i64, message_id: i64, data: &str) -> String {
        let query_id = format!("cbq-{message_id}-{}", data.len());
        let query = json!({
            "id": query_id,
            "from": user_json(user_id),
            "chat_instance": "chat-instance-1",
            "data": data,
            "message": {"message_id": message_id, "date": now_unix(), "chat": chat_json(chat_id), "from": bot_user_json(), "text": "…"},
        });
        self.push_update(|id| json!({"update_id": id, "callback_query": query}));
        query_id
    }

    /// Refuses the next `count` calls of `method` (lower case, `sendphoto`) with a 400.
    pub fn refuse_next(&self, method: &str, count: usize) {
        self.shared.lock().refuse.insert(method.to_owned(), count);
    }

    /// Makes `user_id` an administrator of the group `chat_id` (for `getChatMember`).
    pub fn make_admin(&self, chat_id: i64, user_id: i64) {
        self.shared
            .lock()
            .admins
            .entry(chat_id)
            .or_default()
            .push(user_id);
    }

    /// Waits up to `within` until `count` messages to `chat_id` contain `needle`, and returns
    /// how many do then (so a caller asserts the count it wanted).
    pub async fn wait_for_count(
        &self,
        chat_id: i64,
        needle: &str,
        count: usize,
        within: Duration,
    ) -> usize {
        let deadline = Instant::now() + within;
        loop {
            let seen = self
                .texts_to(chat_id)
                .iter()
                .filter(|text| text.contains(needle))
                .count();
            if seen >= count || Instant::now() >= deadline {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The next `count` calls of `method` (lower case, `getme`) are answered `502 Bad
    /// Gateway` with an HTML page, as a proxy in front of the Bot API does; `usize::MAX`
    /// answers every call so.
    pub fn bad_gateway_next(&self, method: &str, count: usize) {
        self.shared
            .lock()
            .bad_gateway
            .insert(method.to_owned(), count);
    }

    /// The next `count` sends are answered 429 with `retry_after` seconds.
    pub fn reject_next_sends(&self, count: usize, retry_after: u64) {
        let mut inner = self.shared.lock();
        for _ in 0..count {
            inner.reject_sends.push_back(retry_after);
        }
    }

    /// From now on, more than `per_second` sends ([`SEND_METHODS`]) in any sliding second
    /// are answered as Telegram does beyond its limit: 429, "Too Many Requests: retry after
    /// N" with `parameters.retry_after`, and recorded as rejected. Only accepted sends count
    /// towards the window. Off unless called.
    pub fn enforce_overall_rate(&self, per_second: usize) {
        let mut inner = self.shared.lock();
        inner.overall_rate = Some(per_second);
        inner.recent_sends.clear();
    }

    /// The update JSON a user's text message would be (for posting to a webhook).
    pub fn update_json(update_id: i64, chat_id: i64, user_id: i64, text: &str) -> Value {
        json!({"update_id": update_id, "message": {
            "message_id": update_id, "date": now_unix(), "chat": chat_json(chat_id), "from": user_json(user_id), "text": text
        }})
    }

    /// From now on each send ([`SEND_METHODS`]) is recorded as it arrives but answered only
    /// `delay` later, as a slow Bot API would (zero: at once again). A bot waiting for the
    /// answer is in the middle of handling its update.
    pub fn delay_sends(&self, delay: Duration) {
        self.shared.lock().send_delay = delay;
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// How many sends ([`SEND_METHODS`]) were accepted and how many rejected so far, counted
    /// without copying the calls.
    pub fn send_counts(&self) -> (usize, usize) {
        let inner = self.shared.lock();
        let (mut accepted, mut rejected) = (0, 0);
        for call in inner.calls.iter().filter(|c| is_send(&c.method)) {
            if call.rejected {
                rejected += 1;
            } else {
                accepted += 1;
            }
        }
        (accepted, rejected)
    }

    /// Waits (up to `within`) for a call that `matches`, and returns it.
    pub async fn wait_for(
        &self,
        within: Duration,
        matches: impl Fn(&Call) -> bool,
    ) -> Option<Call> {
        let deadline = Instant::now() + within;
        loop {
            // Searched under the lock, without copying every call on each poll.
            let found = self
                .shared
                .lock()
                .calls
                .iter()
                .find(|c| matches(c))
                .cloned();
            if let Some(call) = found {
                return Some(call);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for a message (sent or edited, not rejected) to `chat_id` whose text contains
    /// `needle`.
    pub async fn wait_for_text(&self, chat_id: i64, needle: &str) -> Option<Call> {
        self.wait_for(Duration::from_secs(30), |c| {
            !c.rejected
                && matches!(c.method.as_str(), "sendmessage" | "editmessagetext")
                && chat_id_of(&c.body) == chat_id
                && c.body["text"].as_str().is_some_and(|t| t.contains(needle))
        })
        .await
    }

    /// Waits for a message sent to `chat_id` after the first `skip` ones sent to it, whose
    /// text contains `needle`: the answer to the question just asked, not an earlier one.
    pub async fn wait_for_text_after(
        &self,
        chat_id: i64,
        skip: usize,
        needle: &str,
    ) -> Option<Call> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = self
                .calls()
                .into_iter()
                .filter(|c| {
                    !c.rejected && c.method == "sendmessage" && chat_id_of(&c.body) == chat_id
                })
                .skip(skip)
                .find(|c| c.body["text"].as_str().is_some_and(|t| t.contains(needle)));
            if found.is_some() {
                return found;
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Texts sent (not rejected) to `chat_id`, in order.
    pub fn texts_to(&self, chat_id: i64) -> Vec<String> {
        self.calls()
            .into_iter()
            .filter(|c| !c.rejected && c.method == "sendmessage" && chat_id_of(&c.body) == chat_id)
            .filter_map(|c| c.body["text"].as_str().map(str::to_owned))
            .collect()
    }
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        self.task.abort();
    }
}
