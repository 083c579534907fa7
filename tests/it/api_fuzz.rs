//! A fuzzer driven by the served OpenAPI document: for every operation of
//! `/api/openapi.json`, requests made from its documented parameters (their examples, and
//! boundary values, wrong types, huge, empty and unicode text, a required one missing,
//! random extra parameters) and, for a POST, random bodies (valid, wrong types, extra
//! fields, not JSON, too large), sent with a valid key. Every answer must be no 5xx, have a
//! status the operation documents, and a body valid against the schema documented for that
//! status and content type (`pulse_tests::schema`). Seeded (proptest's deterministic runner)
//! and bounded: 25 requests an operation.

use bot::config::ApiSection;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use pulse_tests::schema::violations;
use pulse_tests::{spawn_app_with, TestOptions};
use serde_json::{json, Value};

use crate::api::{call, mint};

/// Requests per operation.
const REQUESTS_EACH: usize = 25;

/// Text that is not what any parameter takes, or is at its edges.
fn odd_text() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just("0".to_owned()),
        Just("-1".to_owned()),
        Just("1".to_owned()),
        Just("20".to_owned()),
        Just("21".to_owned()),
        Just("1.5".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("true".to_owned()),
        Just("null".to_owned()),
        Just("[]".to_owned()),
        Just("2026-02-30..2026-01-01".to_owned()),
        Just("9999-12-31..0001-01-01".to_owned()),
        Just("%00".to_owned()),
        Just("../..".to_owned()),
        Just("𝓟ülsé — ñ 日本語 🙂".to_owned()),
        Just("x".repeat(3_000)),
        "\\PC{0,40}",
        "[a-z0-9._@-]{0,16}",
    ]
    .boxed()
}

/// A documented parameter's values: its example most often, odd text otherwise.
fn parameter_value(parameter: &Value, handle: &str) -> BoxedStrategy<String> {
    let example = if parameter["name"] == "account" {
        Some(handle.to_owned())
    } else {
        parameter["example"]
            .as_str()
            .or_else(|| parameter["schema"]["example"].as_str())
            .map(str::to_owned)
    };
    match example {
        Some(example) => prop_oneof![3 => Just(example), 2 => odd_text()].boxed(),
        None => odd_text(),
    }
}

/// A POST body: a JSON value of the documented shape, of a wrong one, or bytes.
fn body() -> BoxedStrategy<Vec<u8>> {
    let question = prop_oneof![
        Just("how many followers do I have?".to_owned()),
        Just("which post got the most saves last month?".to_owned()),
        "\\PC{0,80}",
    ];
    let account = prop_oneof![Just(Value::Null), "\\PC{0,20}".prop_map(Value::String)];
    let json_body = prop_oneof![
        3 => (question.clone(), account.clone())
            .prop_map(|(q, a)| json!({ "question": q, "account": a })),
        1 => question.clone().prop_map(|q| json!({ "question": q, "extra": [1, 2] })),
        1 => any::<i64>().prop_map(|n| json!({ "question": n })),
        1 => Just(json!({ "account": "x" })),
        1 => Just(json!(["question"])),
        1 => Just(Value::Null),
        1 => "\\PC{0,20}".prop_map(Value::String),
    ]
    .prop_map(|value| value.to_string().into_bytes());
    prop_oneof![
        6 => json_body,
        1 => Just(Vec::new()),
        1 => proptest::collection::vec(any::<u8>(), 0..64),
        1 => Just(format!("{{\"question\": \"{}\"}}", "a".repeat(17 * 1024)).into_bytes()),
    ]
    .boxed()
}

/// One request of an operation: the path filled in, the query, and the body.
struct Made {
    path: String,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

fn make(runner: &mut TestRunner, path: &str, operation: &Value, handle: &str, post: bool) -> Made {
    let mut draw = |strategy: BoxedStrategy<String>| {
        strategy
            .new_tree(runner)
            .map(|tree| tree.current())
            .unwrap_or_default()
    };
    let mut filled = path.to_owned();
    let mut query = Vec::new();
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let name = parameter["name"].as_str().unwrap_or_default();
        let value = draw(parameter_value(parameter, handle));
        // A required parameter sometimes missing, an optional one often absent.
        let leave_out = draw(
            prop_oneof![
                Just("0".to_owned()),
                Just("1".to_owned()),
                Just("2".to_owned())
            ]
            .boxed(),
        );
        if parameter["in"] == "path" {
            let value = if leave_out == "0" && draw(odd_text()).is_empty() {
                String::new()
            } else {
                value
            };
            let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes())
                .collect::<String>()
                .replace('+', "%20");
            filled = filled.replace(&format!("{{{name}}}"), &encoded);
        } else if leave_out != "0" {
            query.push((name.to_owned(), value));
        }
    }
    // Random extra parameters.
    let extra = draw("[a-z_]{1,8}".prop_map(|s| s).boxed());
    if extra.len() % 2 == 0 {
        query.push((extra, draw(odd_text())));
    }
    let body = post.then(|| {
        body()
            .new_tree(runner)
            .map(|tree| tree.current())
            .unwrap_or_default()
    });
    Made {
        path: filled,
        query,
        body,
    }
}

#[tokio::test]
async fn api_fuzzing_from_the_openapi_document_gets_only_documented_answers() {
    let options = TestOptions {
        api_limits: Some(ApiSection {
            requests_per_hour: 1_000_000,
            burst: 100_000,
            unauthenticated_requests_per_minute: 10_000,
        }),
        ..TestOptions::default()
    };
    let app = spawn_app_with(|_| {}, options).await;
    app.link_account().await;
    // Not an admin key: fuzzing with one would pause the account between the reads (they
    // would all answer 409) and could erase the chat mid-run. The admin operations are
    // fuzzed as what this key gets from them — a documented 403 —; `api_rights` tests
    // them with an admin key.
    let key = mint(
        &app,
        &bot::console::console_chat(),
        "stats:read export:read",
    )
    .await;
    let handle = app.account().profile.username.clone();
    let document = call(&app, None, "GET", "/api/openapi.json", None)
        .await
        .body;
    let mut runner = TestRunner::deterministic();
    let mut sent = 0;
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for (path, methods) in document["paths"].as_object().expect("paths") {
        for (method, operation) in methods.as_object().expect("methods") {
            let post = method == "post";
            for _ in 0..REQUESTS_EACH {
                let made = make(&mut runner, path, operation, &handle, post);
                let mut url =
                    url::Url::parse(&format!("{}{}", app.base_url, made.path)).expect("a URL");
                if !made.query.is_empty() {
                    url.query_pairs_mut().extend_pairs(&made.query);
                }
                let mut request = app
                    .http()
                    .request(
                        method.to_uppercase().parse().expect("a method"),
                        url.clone(),
                    )
                    .bearer_auth(&key);
                if let Some(body) = &made.body {
                    request = request
                        .header("content-type", "application/json")
                        .body(body.clone());
                }
                let response = request.send().await.expect("an answer");
                let status = response.status().as_u16();
                let content_type = response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let text = response.text().await.expect("a body");
                let shown = || {
                    let body = made
                        .body
                        .as_ref()
                        .map(|b| String::from_utf8_lossy(&b[..b.len().min(200)]).into_owned());
                    format!("{method} {url} body {body:?} → {status} {content_type}: {text:.300}")
                };
                sent += 1;
                *statuses.entry(status).or_default() += 1;
                assert!(status < 500, "{}", shown());
                let documented = &operation["responses"][status.to_string()];
                assert!(documented.is_object(), "undocumented status: {}", shown());
                let schema = &documented["content"][content_type.as_str()]["schema"];
                assert!(
                    !schema.is_null(),
                    "content type not documented for the status: {}",
                    shown()
                );
                let value: Value =
                    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {}", shown()));
                let wrong = violations(&document, schema, &value);
                assert!(wrong.is_empty(), "{wrong:#?}: {}", shown());
            }
        }
    }
    assert_eq!(sent, 16 * REQUESTS_EACH);
    // The fuzzer reached both the answers and the refusals.
    for status in [200, 400, 404] {
        assert!(statuses.contains_key(&status), "{statuses:?}");
    }
}
