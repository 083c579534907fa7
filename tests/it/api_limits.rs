//! The stats API's limits and records over real HTTP: a key's burst then 429 with
//! `Retry-After`, the `RateLimit-Policy` / `RateLimit` fields on every answer and consistent
//! with each other, another key untouched, requests without a valid key limited per address
//! (and then refused before their key is looked at), each request with a key in its access
//! log (`/apikey log`, `/export`: the route's pattern, never the key or the query), and the
//! counts in `/metrics`.

use bot::config::ApiSection;
use pulse_tests::{spawn_app_with, TestApp, TestOptions};
use serde_json::Value;

use crate::api::{call, mint, problem, Answer};

/// `"name";q=…;w=…` or `"name";r=…;t=…`: the name and the two integer parameters, checked
/// to be a structured-field item with exactly those parameters.
fn item(answer: &Answer, field: &str, first: &str, second: &str) -> (String, u64, u64) {
    let text = answer
        .headers
        .get(field)
        .unwrap_or_else(|| panic!("{field} on a {} answer", answer.status))
        .to_str()
        .expect("ASCII");
    let mut parts = text.split(';');
    let name = parts.next().expect("a name");
    assert!(
        name.len() > 2 && name.starts_with('"') && name.ends_with('"'),
        "{field}: {text}"
    );
    let mut value = |key: &str| {
        let (k, v) = parts
            .next()
            .and_then(|p| p.split_once('='))
            .unwrap_or_else(|| panic!("{field}: {text}"));
        assert_eq!(k, key, "{field}: {text}");
        v.parse::<u64>()
            .unwrap_or_else(|_| panic!("{field}: {text}"))
    };
    let (a, b) = (value(first), value(second));
    assert!(parts.next().is_none(), "{field}: {text}");
    (name.trim_matches('"').to_owned(), a, b)
}

/// The policy (name, quota, window) and the state (remaining, reset) of an answer.
fn standing(answer: &Answer) -> ((String, u64, u64), (u64, u64)) {
    let policy = item(answer, "ratelimit-policy", "q", "w");
    let (name, remaining, reset) = item(answer, "ratelimit", "r", "t");
    assert_eq!(name, policy.0, "one policy named in both fields");
    assert!(remaining <= policy.1);
    (policy, (remaining, reset))
}

fn retry_after(answer: &Answer) -> u64 {
    answer
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("Retry-After in seconds on {}", answer.status))
}

async fn metrics(app: &TestApp) -> String {
    app.http()
        .get(format!("{}/metrics", app.base_url))
        .send()
        .await
        .expect("metrics answer")
        .text()
        .await
        .expect("a body")
}

#[tokio::test]
async fn api_limits_answer_429_with_consistent_ratelimit_fields_and_log_each_request() {
    // 60 an hour (one a minute back), 3 at once; 2 a minute without a valid key.
    let options = TestOptions {
        api_limits: Some(ApiSection {
            requests_per_hour: 60,
            burst: 3,
            unauthenticated_requests_per_minute: 2,
        }),
        ..TestOptions::default()
    };
    let app = spawn_app_with(|_| {}, options).await;
    app.link_account().await;
    let chat = bot::console::console_chat();
    let (first, second) = (
        mint(&app, &chat, "stats:read").await,
        mint(&app, &chat, "stats:read").await,
    );
    let handle = app.account().profile.username.clone();
    let overview = format!("/api/v1/accounts/@{handle}/overview");
    let asked = format!("{overview}?period=7d&marker=q-secret-7731");

    // The burst: three answers, the remaining count down by one each, the reset growing.
    let mut previous: Option<(u64, u64)> = None;
    for _ in 0..3 {
        let answer = call(&app, Some(&first), "GET", &asked, None).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let (policy, (remaining, reset)) = standing(&answer);
        assert_eq!(policy, ("hourly".into(), 60, 3600));
        assert!(answer.headers.get("retry-after").is_none());
        // One request comes back a minute: the burst is whole again within 3 minutes.
        assert!((1..=180).contains(&reset), "t={reset}");
        if let Some((before, reset_before)) = previous {
            assert_eq!(remaining + 1, before, "remaining decreases by one");
            assert!(reset > reset_before, "t={reset} after t={reset_before}");
        } else {
            assert_eq!(remaining, 2);
        }
        previous = Some((remaining, reset));
    }
    // Past the burst: 429, a problem, Retry-After, nothing remaining.
    let refused = call(&app, Some(&first), "GET", &asked, None).await;
    assert_eq!(problem(&refused, 429)["type"], "/api/docs#too-many");
    let wait = retry_after(&refused);
    let (policy, (remaining, reset)) = standing(&refused);
    assert_eq!(policy.0, "hourly");
    assert_eq!(remaining, 0);
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert!(reset >= wait, "t={reset} ≥ Retry-After {wait}");
    // Another key of the same chat is not limited by the first.
    let other = call(&app, Some(&second), "GET", "/api/v1/accounts", None).await;
    assert_eq!(other.status, 200);
    assert_eq!(standing(&other).1 .0, 2);

    // The access log holds each request with the first key: the route's pattern, the
    // status, the caller's network; not the key, not the query.
    let id = &first[6..14];
    let log = app.say(&format!("/apikey log {id}")).await;
    let route = "GET /api/v1/accounts/{account}/overview";
    assert_eq!(log.matches(&format!("{route} → 200")).count(), 3, "{log}");
    assert_eq!(log.matches(&format!("{route} → 429")).count(), 1, "{log}");
    assert!(log.contains("from 127.0.0.0/24"), "{log}");
    for absent in [first.as_str(), "q-secret-7731", "period=", handle.as_str()] {
        assert!(!log.contains(absent), "{absent} in {log}");
    }
    let reply = app.say_in(&chat, "/export").await;
    let export: Value = reply
        .attachments
        .iter()
        .find(|file| file.media_type == "application/json")
        .and_then(|file| serde_json::from_slice(&file.bytes).ok())
        .expect("the export's JSON");
    let entries: Vec<&Value> = export["api_keys"]
        .as_array()
        .expect("keys")
        .iter()
        .filter(|key| key["id"] == id)
        .flat_map(|key| key["access_log"].as_array().expect("a log"))
        .collect();
    assert_eq!(entries.len(), 4, "{export}");
    assert!(entries
        .iter()
        .all(|entry| entry["route"] == "/api/v1/accounts/{account}/overview"));
    let exported = export.to_string();
    assert!(!exported.contains(&first) && !exported.contains("q-secret-7731"));

    // Without a valid key: per address, 2 a minute, the same fields under their own policy.
    for key in [None, Some("pulse_madeup00_not-a-key")] {
        let answer = call(&app, key, "GET", "/api/v1/accounts", None).await;
        problem(&answer, 401);
        let (policy, _) = standing(&answer);
        assert_eq!(policy, ("unauthenticated".into(), 2, 60));
    }
    let flooded = call(&app, None, "GET", "/api/v1/accounts", None).await;
    problem(&flooded, 429);
    assert!((1..=30).contains(&retry_after(&flooded)));
    assert_eq!(standing(&flooded).1 .0, 0);
    // From then on, until the address's allowance is back, its requests are refused before
    // their key is looked at: even a good key's.
    let blocked = call(&app, Some(&second), "GET", "/api/v1/accounts", None).await;
    problem(&blocked, 429);
    assert_eq!(standing(&blocked).0 .0, "unauthenticated");
    // Requests without a valid key are in no key's log.
    let second_log = app.say(&format!("/apikey log {}", &second[6..14])).await;
    assert_eq!(
        second_log.matches("GET /api/v1/accounts →").count(),
        1,
        "{second_log}"
    );

    // /metrics counts them by route pattern and status, and which allowance ran out.
    let text = metrics(&app).await;
    for line in [
        "pulse_http_requests_total{route=\"/api/v1/accounts/{account}/overview\",status=\"200\"} 3",
        "pulse_http_requests_total{route=\"/api/v1/accounts/{account}/overview\",status=\"429\"} 1",
        "pulse_http_requests_total{route=\"/api/v1/accounts\",status=\"401\"} 2",
        "pulse_http_requests_total{route=\"/api/v1/accounts\",status=\"429\"} 2",
        "pulse_api_limited_total{limit=\"key\"} 1",
        "pulse_api_limited_total{limit=\"address\"} 2",
    ] {
        assert!(text.contains(&format!("{line}\n")), "{line} in\n{text}");
    }

    // The daily job keeps the access log 30 days, on the app's clock: on day 29 every
    // entry is there, on day 31 none.
    let logged_at = app.clock.now();
    let mut daily = bot::scheduler::DailyJobs::new(None);
    app.clock.set(logged_at + chrono::Duration::days(29));
    let _ = daily.run_if_due(&app.state).await;
    let kept = app.say(&format!("/apikey log {id}")).await;
    assert_eq!(kept.matches(&format!("{route} → 200")).count(), 3, "{kept}");
    app.clock.set(logged_at + chrono::Duration::days(31));
    let _ = daily.run_if_due(&app.state).await;
    let purged = app.say(&format!("/apikey log {id}")).await;
    assert_eq!(purged.matches(&format!("{route} →")).count(), 0, "{purged}");
}
