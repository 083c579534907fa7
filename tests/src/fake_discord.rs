//! A fake Discord REST API on 127.0.0.1 that records every call serenity makes (through
//! `HttpBuilder::proxy`) and answers with the JSON serenity expects; and signing of
//! interactions with a test Ed25519 key, as Discord signs them.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};

/// The fake application's id.
pub const APPLICATION_ID: &str = "900000000000000001";
/// The fake server's id.
pub const GUILD_ID: &str = "700000000000000001";
/// The channel commands are used in.
pub const CHANNEL_ID: &str = "710000000000000001";
/// The bot token the tests give Pulse.
pub const BOT_TOKEN: &str = "discord-test-bot-token";
/// The member who uses the commands of [`command_interaction`] and [`component_interaction`].
pub const MEMBER_ID: &str = "720000000000000001";
/// The application's OAuth2 client secret (its client id is [`APPLICATION_ID`]).
pub const OAUTH_CLIENT_SECRET: &str = "discord-test-client-secret";

/// What the fake's OAuth2 endpoints do instead of answering well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthTrouble {
    /// `POST /oauth2/token` answers 502 with an HTML page, as a proxy in trouble would.
    ServerError,
    /// `POST /oauth2/token` answers 200 with a body that is not JSON.
    MalformedJson,
}

/// The fake's OAuth2 state: codes minted for users, and the access tokens they became.
#[derive(Default)]
struct OAuth {
    codes: std::collections::HashMap<String, Value>,
    tokens: std::collections::HashMap<String, Value>,
    trouble: Option<OAuthTrouble>,
    minted: u64,
}

/// One REST call.
#[derive(Debug, Clone)]
pub struct Call {
    /// GET, POST, PATCH, PUT …
    pub method: String,
    /// The path, e.g. `/api/v10/channels/5/messages`.
    pub path: String,
    /// The JSON body (for multipart bodies, `payload_json`'s content with file sizes).
    pub body: Value,
    /// When.
    pub at: Instant,
}

/// The running fake: REST, and a gateway WebSocket serenity's client connects to.
pub struct FakeDiscord {
    addr: SocketAddr,
    attachments: Arc<Mutex<std::collections::HashMap<String, Vec<u8>>>>,
    oauth: Arc<Mutex<OAuth>>,
    calls: Arc<Mutex<Vec<Call>>>,
    dispatch: tokio::sync::broadcast::Sender<(String, Value)>,
    task: tokio::task::JoinHandle<()>,
    gateway: tokio::task::JoinHandle<()>,
    sessions: Arc<Sessions>,
}

/// What the REST handler needs.
#[derive(Clone)]
struct Shared {
    calls: Arc<Mutex<Vec<Call>>>,
    /// Files uploaded with commands, served at `/attachments/{name}` as Discord's CDN would.
    attachments: Arc<Mutex<std::collections::HashMap<String, Vec<u8>>>>,
    gateway_url: String,
    oauth: Arc<Mutex<OAuth>>,
}

/// `POST /api/v10/oauth2/token` and `GET /api/v10/users/@me` as Discord documents them
/// (<https://discord.com/developers/docs/topics/oauth2#authorization-code-grant>); `None` for
/// any other request.
fn oauth(
    shared: &Shared,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Option<Response> {
    let mut oauth = shared.oauth.lock().unwrap_or_else(|p| p.into_inner());
    match (method.as_str(), path) {
        ("POST", "/api/v10/oauth2/token") => {
            let form: std::collections::HashMap<String, String> =
                url::form_urlencoded::parse(body).into_owned().collect();
            let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
            let error = |status: StatusCode, error: &str| {
                Some(
                    (
                        status,
                        Json(
                            json!({"error": error, "error_description": format!("fake: {error}")}),
                        ),
                    )
                        .into_response(),
                )
            };
            match oauth.trouble {
                Some(OAuthTrouble::ServerError) => {
                    return Some(
                        (StatusCode::BAD_GATEWAY, "<html>502 Bad Gateway</html>").into_response(),
                    )
                }
                Some(OAuthTrouble::MalformedJson) => {
                    return Some(
                        (
                            StatusCode::OK,
                            [("content-type", "application/json")],
                            "{\"access_token\": ",
                        )
                            .into_response(),
                    )
                }
                None => {}
            }
            if field("client_id") != APPLICATION_ID || field("client_secret") != OAUTH_CLIENT_SECRET
            {
                return error(StatusCode::UNAUTHORIZED, "invalid_client");
            }
            if field("grant_type") != "authorization_code"
                || !field("redirect_uri").ends_with("/oauth/discord/callback")
            {
                return error(StatusCode::BAD_REQUEST, "invalid_request");
            }
            // A code works once, as Discord's do.
            let Some(user) = oauth.codes.remove(field("code")) else {
                return error(StatusCode::BAD_REQUEST, "invalid_grant");
            };
            oauth.minted += 1;
            let access_token = format!("fake-access-token-{}", oauth.minted);
            oauth.tokens.insert(access_token.clone(), user);
            Some(
                Json(json!({
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "expires_in": 604800,
                    "refresh_token": format!("fake-refresh-token-{}", oauth.minted),
                    "scope": "identify"
                }))
                .into_response(),
            )
        }
        ("GET", "/api/v10/users/@me") => {
            let token = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            Some(match token.and_then(|token| oauth.tokens.get(token)) {
                Some(user) => Json(user.clone()).into_response(),
                None => (
                    StatusCode::UNAUTHORIZED,
                    Json(json!({"message": "401: Unauthorized", "code": 0})),
                )
                    .into_response(),
            })
        }
        _ => None,
    }
}

/// The gateway sessions: how many identified and are still open, and how many identified
/// in all.
#[derive(Default)]
struct Sessions {
    open: std::sync::atomic::AtomicUsize,
    identified: std::sync::atomic::AtomicUsize,
    /// Connections accepted, and those of them closed since.
    accepted: std::sync::atomic::AtomicUsize,
    closed: std::sync::atomic::AtomicUsize,
    /// How long the gateway waits before it completes a WebSocket handshake, in ms.
    handshake_delay_ms: std::sync::atomic::AtomicU64,
}

/// Serves one gateway connection: Hello, then Ready after Identify, heartbeats acknowledged,
/// and every queued dispatch sent as it comes. Counts its session in `sessions` from its
/// Identify until it closes.
async fn serve_gateway(
    stream: tokio::net::TcpStream,
    mut dispatches: tokio::sync::broadcast::Receiver<(String, Value)>,
    url: String,
    sessions: Arc<Sessions>,
) {
    use std::sync::atomic::Ordering;
    struct Open(Arc<Sessions>);
    impl Drop for Open {
        fn drop(&mut self) {
            self.0.open.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let mut open = None;
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    struct Connection(Arc<Sessions>);
    impl Drop for Connection {
        fn drop(&mut self) {
            self.0.closed.fetch_add(1, Ordering::SeqCst);
        }
    }
    sessions.accepted.fetch_add(1, Ordering::SeqCst);
    let _connection = Connection(sessions.clone());
    let delay = sessions.handshake_delay_ms.load(Ordering::SeqCst);
    tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let send = |value: Value| Message::Text(value.to_string());
    if socket
        .send(send(json!({"op": 10, "d": {"heartbeat_interval": 45000}})))
        .await
        .is_err()
    {
        return;
    }
    let mut sequence = 0u64;
    loop {
        tokio::select! {
            message = socket.next() => {
                let Some(Ok(Message::Text(text))) = message else {
                    if matches!(message, Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Binary(_)))) { continue; }
                    break;
                };
                let op = serde_json::from_str::<Value>(&text).ok().and_then(|v| v["op"].as_u64());
                let answer = match op {
                    Some(2) => {
                        if open.is_none() {
                            sessions.open.fetch_add(1, Ordering::SeqCst);
                            sessions.identified.fetch_add(1, Ordering::SeqCst);
                            open = Some(Open(sessions.clone()));
                        }
                        sequence += 1;
                        Some(json!({"op": 0, "t": "READY", "s": sequence, "d": {
                            "v": 10,
                            "user": {"id": APPLICATION_ID, "username": "Pulse", "discriminator": "0", "global_name": null, "avatar": null, "bot": true, "verified": true, "mfa_enabled": false, "flags": 0},
                            "guilds": [{"id": GUILD_ID, "unavailable": true}],
                            "session_id": "fake-session",
                            "resume_gateway_url": url,
                            "shard": [0, 1],
                            "application": {"id": APPLICATION_ID, "flags": 0}
                        }}))
                    }
                    Some(1) => Some(json!({"op": 11})),
                    _ => None,
                };
                if let Some(answer) = answer {
                    if socket.send(send(answer)).await.is_err() { break; }
                }
            }
            event = dispatches.recv() => {
                let Ok((name, data)) = event else { break };
                sequence += 1;
                if socket.send(send(json!({"op": 0, "t": name, "s": sequence, "d": data}))).await.is_err() { break; }
            }
        }
    }
}

fn message_json(channel: &str, body: &Value) -> Value {
    json!({
        "id": "800000000000000001",
        "channel_id": channel,
        "author": {"id": APPLICATION_ID, "username": "Pulse", "discriminator": "0", "avatar": null, "bot": true, "global_name": null},
        "content": body["content"].as_str().unwrap_or(""),
        "timestamp": "2026-11-23T12:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
        "components": []
    })
}

async fn handle(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let calls = shared.calls.clone();
    if let Some(name) = uri.path().strip_prefix("/attachments/") {
        calls.lock().unwrap_or_else(|p| p.into_inner()).push(Call {
            method: method.to_string(),
            path: uri.path().to_owned(),
            body: Value::Null,
            at: Instant::now(),
        });
        let file = shared
            .attachments
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned();
        return match file {
            Some(bytes) => bytes.into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    if let Some(response) = oauth(&shared, &method, uri.path(), &headers, &body) {
        calls.lock().unwrap_or_else(|p| p.into_inner()).push(Call {
            method: method.to_string(),
            path: uri.path().to_owned(),
            body: Value::Null,
            at: Instant::now(),
        });
        return response;
    }
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(&format!("Bot {BOT_TOKEN}"))
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "401: Unauthorized", "code": 0})),
        )
            .into_response();
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let parsed: Value = if let Some(boundary) = content_type.split("boundary=").nth(1) {
        let fields = crate::multipart::fields(&body, boundary.trim_matches('"'));
        let mut payload = fields.get("payload_json").cloned().unwrap_or(Value::Null);
        let files: Vec<Value> = fields
            .as_object()
            .map(|map| {
                map.iter()
                    .filter(|(name, _)| name.starts_with("files["))
                    .map(|(_, file)| file.clone())
                    .collect()
            })
            .unwrap_or_default();
        if let Value::Object(map) = &mut payload {
            map.insert("files".into(), Value::Array(files));
        }
        payload
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    };
    let path = uri.path().to_owned();
    calls.lock().unwrap_or_else(|p| p.into_inner()).push(Call {
        method: method.to_string(),
        path: path.clone(),
        body: parsed.clone(),
        at: Instant::now(),
    });
    let segments: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("PUT", ["applications", _, "commands"] | ["applications", _, "guilds", _, "commands"]) => {
            Json(json!([])).into_response()
        }
        ("POST", ["channels", channel, "messages"])
        | ("PATCH", ["channels", channel, "messages", _]) => {
            Json(message_json(channel, &parsed)).into_response()
        }
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) => {
            Json(message_json(CHANNEL_ID, &parsed)).into_response()
        }
        ("POST", ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        ("GET", ["gateway"]) => Json(json!({"url": shared.gateway_url})).into_response(),
        ("GET", ["gateway", "bot"]) => Json(json!({
            "url": shared.gateway_url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        }))
        .into_response(),
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"message": format!("404: {path} is not in the fake"), "code": 0})),
        )
            .into_response(),
    }
}

impl FakeDiscord {
    /// Starts the fake on free ports.
    pub async fn start() -> FakeDiscord {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let gateway_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let gateway_url = format!(
            "ws://{}",
            gateway_listener.local_addr().expect("an address")
        );
        let (dispatch, _) = tokio::sync::broadcast::channel(64);
        let dispatches = dispatch.clone();
        let url = gateway_url.clone();
        let sessions = Arc::new(Sessions::default());
        let counted = sessions.clone();
        let gateway = tokio::spawn(async move {
            while let Ok((stream, _)) = gateway_listener.accept().await {
                tokio::spawn(serve_gateway(
                    stream,
                    dispatches.subscribe(),
                    url.clone(),
                    counted.clone(),
                ));
            }
        });
        let oauth = Arc::new(Mutex::new(OAuth::default()));
        let attachments = Arc::new(Mutex::new(std::collections::HashMap::new()));
        let shared = Shared {
            calls: calls.clone(),
            attachments: attachments.clone(),
            gateway_url,
            oauth: oauth.clone(),
        };
        let router = Router::new().fallback(handle).with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("an address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        FakeDiscord {
            addr,
            attachments,
            oauth,
            calls,
            dispatch,
            task,
            gateway,
            sessions,
        }
    }

    /// How many gateway sessions are open now (identified, not closed).
    pub fn open_sessions(&self) -> usize {
        self.sessions.open.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Gateway connections accepted so far, and how many of them have closed.
    pub fn gateway_connections(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering;
        (
            self.sessions.accepted.load(Ordering::SeqCst),
            self.sessions.closed.load(Ordering::SeqCst),
        )
    }

    /// Makes the gateway wait `delay` before it completes each WebSocket handshake, as a
    /// gateway far away does: a client stopped meanwhile is still connecting.
    pub fn slow_handshakes(&self, delay: std::time::Duration) {
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.sessions
            .handshake_delay_ms
            .store(millis, std::sync::atomic::Ordering::SeqCst);
    }

    /// How many gateway sessions identified so far, closed or not.
    pub fn identified_sessions(&self) -> usize {
        self.sessions
            .identified
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Serves `bytes` as an uploaded file named `name`, as Discord's CDN would, and returns
    /// its URL. Each download is recorded as a `GET /attachments/{name}` call.
    pub fn put_attachment(&self, name: &str, bytes: Vec<u8>) -> String {
        self.attachments
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_owned(), bytes);
        format!("{}/attachments/{name}", self.api_url())
    }

    /// The names of the uploaded files Pulse downloaded, in order.
    pub fn attachments_downloaded(&self) -> Vec<String> {
        self.calls()
            .into_iter()
            .filter_map(|call| call.path.strip_prefix("/attachments/").map(str::to_owned))
            .collect()
    }

    /// Sends a gateway dispatch event (e.g. `INTERACTION_CREATE`) to connected clients.
    pub fn dispatch(&self, name: &str, data: Value) {
        let _ = self.dispatch.send((name.to_owned(), data));
    }

    /// An authorization code, as Discord's authorize page would send back after `user_id`
    /// (`username`) allowed the application: it works once at `POST /oauth2/token`.
    pub fn mint_code(&self, user_id: &str, username: &str) -> String {
        let mut oauth = self.oauth.lock().unwrap_or_else(|p| p.into_inner());
        oauth.minted += 1;
        let code = format!("fake-code-{}-{user_id}", oauth.minted);
        // Discord's User object (https://discord.com/developers/docs/resources/user#user-object).
        let user = json!({
            "id": user_id,
            "username": username,
            "discriminator": "0",
            "global_name": username.to_uppercase(),
            "avatar": null,
            "public_flags": 0,
            "flags": 0,
            "locale": "en-US",
            "mfa_enabled": false
        });
        oauth.codes.insert(code.clone(), user);
        code
    }

    /// Makes the OAuth2 token endpoint fail this way (`None`: answer well again).
    pub fn oauth_trouble(&self, trouble: Option<OAuthTrouble>) {
        self.oauth.lock().unwrap_or_else(|p| p.into_inner()).trouble = trouble;
    }

    /// The REST base URL to give Pulse.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Waits (up to 30 s) for a call that `matches`.
    pub async fn wait_for(&self, matches: impl Fn(&Call) -> bool) -> Option<Call> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(call) = self.calls().into_iter().find(|c| matches(c)) {
                return Some(call);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.task.abort();
        self.gateway.abort();
    }
}

/// Signs interactions as Discord does: Ed25519 over `timestamp ‖ body`.
pub struct Signer25519 {
    key: SigningKey,
}

impl Signer25519 {
    /// A deterministic test key.
    pub fn new(seed: u8) -> Self {
        Self {
            key: SigningKey::from_bytes(&[seed; 32]),
        }
    }

    /// The public key in hex, for `discord.public_key`.
    pub fn public_key_hex(&self) -> String {
        hex::encode(self.key.verifying_key().to_bytes())
    }

    /// The signature (hex) of `body` sent at `timestamp`.
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        let mut message = timestamp.as_bytes().to_vec();
        message.extend_from_slice(body);
        hex::encode(self.key.sign(&message).to_bytes())
    }
}

/// A fresh interaction id: Discord gives every interaction its own snowflake.
fn interaction_id() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    (100_000_000_000_000_000 + n).to_string()
}

fn member_json(permissions: &str) -> Value {
    json!({
        "user": {"id": MEMBER_ID, "username": "ana", "discriminator": "0", "global_name": "Ana", "avatar": null},
        "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false,
        "permissions": permissions, "flags": 0
    })
}

/// An interaction of `kind` (2 = a slash command, 3 = a button press) as Discord sends it,
/// in the test server's channel, by a member with `permissions`; each has its own id.
fn interaction(kind: u8, data: Value, permissions: &str, token: &str) -> Value {
    json!({
        "id": interaction_id(),
        "application_id": APPLICATION_ID,
        "type": kind,
        "data": data,
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "channel": {"id": CHANNEL_ID, "type": 0, "name": "general", "permissions": "0"},
        "member": member_json(permissions),
        "token": token,
        "version": 1,
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {},
        "attachment_size_limit": 26214400,
        "context": 0
    })
}

/// A button press (a message component interaction) as Discord sends it: `custom_id` is the
/// pressed button's, on a message Pulse sent earlier.
pub fn component_interaction(custom_id: &str, permissions: &str, token: &str) -> Value {
    let mut press = interaction(
        3,
        json!({"custom_id": custom_id, "component_type": 2}),
        permissions,
        token,
    );
    press["message"] = json!({
        "id": "740000000000000001", "channel_id": CHANNEL_ID, "type": 0, "content": "",
        "author": {"id": APPLICATION_ID, "username": "Pulse", "discriminator": "0", "global_name": null, "avatar": null, "bot": true},
        "timestamp": "2026-11-18T12:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": false, "components": [], "flags": 0
    });
    press
}

/// `interaction` as used in `channel` of the test server instead of [`CHANNEL_ID`].
pub fn in_channel(mut interaction: Value, channel: &str) -> Value {
    interaction["channel_id"] = json!(channel);
    interaction["channel"]["id"] = json!(channel);
    interaction
}

/// A slash-command interaction as Discord sends it, used by a member with `permissions`
/// (`"32"` = Manage Server, `"0"` = none). Each has its own id.
pub fn command_interaction(name: &str, options: Value, permissions: &str, token: &str) -> Value {
    interaction(
        2,
        json!({"id": "110000000000000001", "name": name, "type": 1, "options": options}),
        permissions,
        token,
    )
}

/// `/post` used with `files` attached (`(name, url, size)`, as `file1`, `file2` …) and a
/// caption, as Discord sends it: each file an attachment option whose value is its id in
/// `data.resolved.attachments`.
pub fn post_interaction(
    caption: Option<&str>,
    files: &[(&str, &str, u64)],
    permissions: &str,
    token: &str,
) -> Value {
    let mut options = Vec::new();
    if let Some(caption) = caption {
        options.push(json!({"name": "caption", "type": 3, "value": caption}));
    }
    let mut resolved = serde_json::Map::new();
    for (index, (name, url, size)) in files.iter().enumerate() {
        let id = (1_300_000_000_000_000_000u64 + index as u64).to_string();
        options.push(json!({"name": format!("file{}", index + 1), "type": 11, "value": id}));
        resolved.insert(
            id.clone(),
            json!({
                "id": id, "filename": name, "size": size, "url": url, "proxy_url": url,
                "content_type": "image/jpeg", "width": 1080, "height": 1080
            }),
        );
    }
    interaction(
        2,
        json!({
            "id": "110000000000000001", "name": "post", "type": 1, "options": options,
            "resolved": {"attachments": resolved}
        }),
        permissions,
        token,
    )
}
