//! A scripted OpenAI-compatible chat server on 127.0.0.1: each request to
//! `/v1/chat/completions` gets the next scripted response (optionally after a delay), in the
//! strict shape async-openai expects; every request body is recorded.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Step {
    /// Answer with this response at once.
    Reply(Value),
    /// Answer with it after a delay.
    Slow(Duration, Value),
}

#[derive(Default)]
struct Shared {
    script: Mutex<Vec<Step>>,
    requests: Mutex<Vec<Value>>,
}

/// The running fake.
pub struct FakeLlm {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

/// A response asking for tool calls: `(id, tool, arguments)`.
pub fn tool_calls(calls: &[(&str, &str, Value)]) -> Value {
    let calls: Vec<Value> = calls
        .iter()
        .map(|(id, name, arguments)| json!({"id": id, "type": "function", "function": {"name": name, "arguments": arguments.to_string()}}))
        .collect();
    completion(
        json!({"role": "assistant", "content": null, "tool_calls": calls}),
        "tool_calls",
    )
}

/// A final text answer.
pub fn text(answer: &str) -> Value {
    completion(json!({"role": "assistant", "content": answer}), "stop")
}

fn completion(message: Value, finish_reason: &str) -> Value {
    json!({
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_790_000_000u32,
        "model": "fake-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": null}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    })
}

async fn chat(State(shared): State<Arc<Shared>>, Json(body): Json<Value>) -> Json<Value> {
    shared
        .requests
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(body);
    let step = {
        let mut script = shared.script.lock().unwrap_or_else(|p| p.into_inner());
        if script.is_empty() {
            Step::Reply(text("The script ended."))
        } else {
            script.remove(0)
        }
    };
    match step {
        Step::Reply(response) => Json(response),
        Step::Slow(delay, response) => {
            tokio::time::sleep(delay).await;
            Json(response)
        }
    }
}

impl FakeLlm {
    /// Starts the fake with a script.
    pub async fn start(script: Vec<Step>) -> FakeLlm {
        let shared = Arc::new(Shared {
            script: Mutex::new(script),
            requests: Mutex::new(Vec::new()),
        });
        let router = Router::new()
            .route("/v1/chat/completions", post(chat))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("an address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        FakeLlm { addr, shared, task }
    }

    /// The API base to give Pulse (with `/v1`).
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Every request body received.
    pub fn requests(&self) -> Vec<Value> {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Drop for FakeLlm {
    fn drop(&mut self) {
        self.task.abort();
    }
}
