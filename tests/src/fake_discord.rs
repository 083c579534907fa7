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

/// The running fake.
pub struct FakeDiscord {
    addr: SocketAddr,
    calls: Arc<Mutex<Vec<Call>>>,
    task: tokio::task::JoinHandle<()>,
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
    State(calls): State<Arc<Mutex<Vec<Call>>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"message": format!("404: {path} is not in the fake"), "code": 0})),
        )
            .into_response(),
    }
}

impl FakeDiscord {
    /// Starts the fake on a free port.
    pub async fn start() -> FakeDiscord {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let router = Router::new().fallback(handle).with_state(calls.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("an address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        FakeDiscord { addr, calls, task }
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

/// A slash-command interaction as Discord sends it, used by a member with `permissions`
/// (`"32"` = Manage Server, `"0"` = none).
pub fn command_interaction(name: &str, options: Value, permissions: &str, token: &str) -> Value {
    json!({
        "id": "100000000000000001",
        "application_id": APPLICATION_ID,
        "type": 2,
        "data": {"id": "110000000000000001", "name": name, "type": 1, "options": options},
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "channel": {"id": CHANNEL_ID, "type": 0, "name": "general", "permissions": "0"},
        "member": {
            "user": {"id": "720000000000000001", "username": "ana", "discriminator": "0", "global_name": "Ana", "avatar": null},
            "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false,
            "permissions": permissions, "flags": 0
        },
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
