//! The stats API over real HTTP, as a spreadsheet user meets it: a key made in the chat
//! (`/apikey new sheets stats:read`), then each endpoint against an account synced from the
//! sandbox. Its figures are the chat's for the same question (and the sandbox's own data
//! where it says them plainly); refusals are problem+json; and the served OpenAPI document
//! describes exactly the endpoints there are, each response valid against its schema.

use chrono::{Duration, NaiveDate};
use engine::chat::{ChatId, Platform};
use pulse_tests::schema::violations;
use pulse_tests::{grouped, spawn_app, TestApp};
use serde_json::{json, Value};

/// Makes a key in `chat` as its administrator would, and returns it as shown once.
pub(crate) async fn mint(app: &TestApp, chat: &ChatId, scope: &str) -> String {
    let reply = app
        .say_in(chat, &format!("/apikey new sheets {scope}"))
        .await
        .to_plain_text();
    reply
        .split_whitespace()
        .find(|word| word.starts_with("pulse_") && word.len() == 53)
        .unwrap_or_else(|| panic!("the key is in the reply: {reply}"))
        .to_owned()
}

/// A request's status, content type and body (JSON, or the text as a string).
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Value,
}

pub(crate) async fn call(
    app: &TestApp,
    key: Option<&str>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Answer {
    let url = format!("{}{path}", app.base_url);
    let mut request = app.http().request(method.parse().expect("a method"), url);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the API answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

async fn get(app: &TestApp, key: &str, path: &str) -> Value {
    let answer = call(app, Some(key), "GET", path, None).await;
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    assert_eq!(answer.content_type, "application/json", "{path}");
    answer.body
}

/// The problem of a refused request, checked to be RFC 9457 problem+json.
pub(crate) fn problem(answer: &Answer, status: u16) -> &Value {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.content_type, "application/problem+json");
    for field in ["type", "title", "detail"] {
        assert!(
            answer.body[field]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "{field} in {}",
            answer.body
        );
    }
    assert_eq!(answer.body["status"], status);
    &answer.body
}

fn count(value: &Value) -> u64 {
    value
        .as_u64()
        .unwrap_or_else(|| panic!("{value} is a count"))
}

fn date(value: &Value) -> NaiveDate {
    value.as_str().and_then(|d| d.parse().ok()).expect("a date")
}

#[tokio::test]
async fn api_figures_are_the_chats_for_the_same_question() {
    let app = spawn_app().await;
    app.link_account().await;
    let key = mint(&app, &bot::console::console_chat(), "stats:read").await;
    let handle = app.account().profile.username.clone();

    let accounts = get(&app, &key, "/api/v1/accounts").await;
    let listed = accounts["accounts"].as_array().expect("a list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["handle"], handle.as_str());
    let id = listed[0]["id"].as_str().expect("an id").to_owned();

    // The overview is what /stats 7d prints, and reach what the sandbox reported.
    let stats = app.say("/stats 7d").await;
    let overview = get(
        &app,
        &key,
        &format!("/api/v1/accounts/@{handle}/overview?period=7d"),
    )
    .await;
    let by_id = get(
        &app,
        &key,
        &format!("/api/v1/accounts/{id}/overview?period=7d"),
    )
    .await;
    assert_eq!(overview, by_id, "the id and the handle name one account");
    let (first, last) = (
        date(&overview["period"]["first"]),
        date(&overview["period"]["last"]),
    );
    assert_eq!((last, (last - first).num_days()), (app.today(), 6));
    let reach = count(&overview["reach"]["total"]);
    assert!(
        stats.contains(&format!("Reach (sum of daily reach): {}", grouped(reach))),
        "{stats}\n{overview}"
    );
    let sandbox_reach: u64 = app
        .account()
        .daily
        .iter()
        .filter(|day| (first..=last).contains(&day.date))
        .map(|day| day.reach)
        .sum();
    assert_eq!(reach, sandbox_reach);
    assert!(stats.contains(&format!(
        "Views: {}",
        grouped(count(&overview["views"]["total"]))
    )));
    let rate = &overview["engagement_rate_by_reach"];
    assert!(
        stats.contains(&format!(
            "Engagement rate (by reach): {:.2}%",
            rate["rate"].as_f64().expect("a rate") * 100.0
        )),
        "{stats}\n{rate}"
    );
    assert!(stats.contains(&format!(
        "({} ÷ {})",
        grouped(count(&rate["interactions"])),
        grouped(count(&rate["reach"]))
    )));
    assert!(stats.contains(&format!(
        "Posts published: {}",
        grouped(count(&overview["posts_published"]))
    )));
    let leads = &overview["leads"];
    assert!(stats.contains(&format!(
        "Leads: {}: {} open, {} replied, {} won, {} lost",
        leads["leads"], leads["open"], leads["replied"], leads["won"], leads["lost"]
    )));

    // The top posts are /top's, in its order, with its values: the sandbox's saves.
    let top = app.say("/top saves 30d 3").await;
    let ranking = get(
        &app,
        &key,
        &format!("/api/v1/accounts/{handle}/posts/top?metric=saves&period=30d&n=3"),
    )
    .await;
    let ranked = ranking["posts"].as_array().expect("posts");
    assert_eq!(ranked.len(), 3, "{top}");
    let lines: Vec<&str> = top
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(lines.len(), 3, "{top}");
    let mut previous = u64::MAX;
    for (index, (entry, line)) in ranked.iter().zip(&lines).enumerate() {
        let saves = entry["value"].as_f64().expect("a value") as u64;
        let permalink = entry["post"]["permalink"].as_str().expect("a link");
        assert!(
            line.starts_with(&format!("{}. {} saves", index + 1, grouped(saves))),
            "{line}"
        );
        assert!(line.ends_with(permalink), "{line} vs {permalink}");
        let post = app
            .account()
            .posts
            .iter()
            .find(|post| post.id == entry["post"]["id"].as_str().unwrap_or_default())
            .expect("a sandbox post");
        assert_eq!(post.insights.saved, saves);
        assert!(saves <= previous, "highest first");
        previous = saves;
    }
    let bottom = get(
        &app,
        &key,
        &format!("/api/v1/accounts/{handle}/posts/bottom?metric=saves&period=30d&n=3"),
    )
    .await;
    assert!(bottom["posts"][0]["value"].as_f64() <= bottom["posts"][2]["value"].as_f64());
    assert_eq!(bottom["order"], "asc");

    // A page of reels sorted by saves: every reel of the last 30 days, across pages.
    let reels_in_period = app
        .account()
        .posts
        .iter()
        .filter(|post| post.kind == connectors::sandbox::PostKind::Reel)
        .filter(|post| post.timestamp.date_naive() > app.today() - Duration::days(30))
        .count();
    let page = |n: usize| {
        format!("/api/v1/accounts/{handle}/posts?period=30d&media_type=reel&sort=saves&per_page=2&page={n}")
    };
    let first_page = get(&app, &key, &page(1)).await;
    assert_eq!(count(&first_page["total"]) as usize, reels_in_period);
    let second_page = get(&app, &key, &page(2)).await;
    let saves: Vec<u64> = [&first_page, &second_page]
        .iter()
        .flat_map(|page| page["posts"].as_array().cloned().unwrap_or_default())
        .map(|post| {
            assert_eq!(post["media_type"], "reel");
            count(&post["metrics"]["saves"])
        })
        .collect();
    assert!(saves.windows(2).all(|pair| pair[0] >= pair[1]), "{saves:?}");
    assert_eq!(saves.len(), reels_in_period.min(4));

    // Fans and leads are /fans's and /leads's.
    let fans_text = app.say("/fans 30d").await;
    let fans = get(
        &app,
        &key,
        &format!("/api/v1/accounts/{handle}/fans?period=30d"),
    )
    .await;
    let fans = fans["fans"].as_array().expect("fans");
    assert!(!fans.is_empty(), "{fans_text}");
    for fan in fans {
        let comments = count(&fan["comments"]);
        let line = format!(
            "@{} · {} comment{}",
            fan["handle"].as_str().unwrap_or_default(),
            grouped(comments),
            if comments == 1 { "" } else { "s" }
        );
        assert!(fans_text.contains(&line), "{line} in {fans_text}");
    }
    let leads_text = app.say("/leads all 30d").await;
    let all_leads = get(
        &app,
        &key,
        &format!("/api/v1/accounts/{handle}/leads?status=all&period=30d"),
    )
    .await;
    let counts = &all_leads["counts"];
    assert!(
        leads_text.contains(&format!(
            "Leads: {}: {} open",
            counts["leads"], counts["open"]
        )),
        "{leads_text}"
    );
    assert_eq!(
        all_leads["leads"].as_array().map(Vec::len),
        Some(count(&counts["leads"]) as usize)
    );

    // Daily insights, day by day: yesterday's reach is the sandbox's; today has none yet.
    let daily = get(
        &app,
        &key,
        &format!("/api/v1/accounts/{handle}/insights/daily?period=7d"),
    )
    .await;
    let days = daily["days"].as_array().expect("days");
    assert_eq!(days.len(), 7);
    let yesterday = app.today() - Duration::days(1);
    let sandbox_yesterday = app
        .account()
        .daily
        .iter()
        .find(|d| d.date == yesterday)
        .expect("a day");
    assert_eq!(days[5]["reach"], sandbox_yesterday.reach);
    assert_eq!(
        days[6]["reach"],
        Value::Null,
        "today's figures come tomorrow, never 0"
    );

    // The follower series ends at the count the overview names.
    let series = get(
        &app,
        &key,
        &format!("/api/v1/accounts/{handle}/followers?period=30d"),
    )
    .await;
    let points = series["points"].as_array().expect("points");
    assert_eq!(
        points.last().map(|p| &p["followers"]),
        Some(&overview["followers"]["count"])
    );
    assert_eq!(points.last().map(|p| &p["estimated"]), Some(&json!(false)));

    // When to post is /best_time's.
    let best_text = app.say("/best_time").await;
    let best = get(&app, &key, &format!("/api/v1/accounts/{handle}/best-time")).await;
    if let Some(weekday) = best["best_weekday"]["when"].as_str() {
        assert!(
            best_text.contains(&format!("Best weekday: {weekday} (")),
            "{best_text}"
        );
    }
    if let Some(hour) = best["followers_most_online"]["hour"].as_str() {
        assert!(
            best_text.contains(&format!("Followers most online: {hour}")),
            "{best_text}"
        );
    }

    // Demographics as the sandbox gave them.
    let demographics = get(
        &app,
        &key,
        &format!("/api/v1/accounts/{handle}/demographics"),
    )
    .await;
    let countries = demographics["countries"].as_array().expect("countries");
    assert!(!countries.is_empty());
    let shares: f64 = countries.iter().filter_map(|c| c["share"].as_f64()).sum();
    assert!(
        (shares - 1.0).abs() < 1e-9,
        "shares of the known countries add up: {shares}"
    );

    // A question in plain words: the frame, and the chat's very answer.
    let question = "which post got the most saves in the last 30 days?";
    let asked = call(
        &app,
        Some(&key),
        "POST",
        "/api/v1/questions",
        Some(json!({ "question": question })),
    )
    .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert_eq!(asked.body["reading"], "understood");
    assert_eq!(asked.body["frames"][0]["metric"], "saves");
    assert_eq!(asked.body["frames"][0]["period"], "30d");
    let in_chat = app.say(&format!("/ask {question}")).await;
    assert_eq!(asked.body["answer"].as_str(), Some(in_chat.as_str()));
    let most_saves = ranked[0]["value"].as_f64().expect("a value") as u64;
    assert!(
        in_chat.contains(&format!("{} saves", grouped(most_saves))),
        "{in_chat}"
    );
}

#[tokio::test]
async fn api_refusals_are_problems_in_plain_words() {
    let app = spawn_app().await;
    app.link_account().await;
    let key = mint(&app, &bot::console::console_chat(), "stats:read").await;
    let handle = app.account().profile.username.clone();
    let overview = format!("/api/v1/accounts/{handle}/overview");

    let without = call(&app, None, "GET", &overview, None).await;
    problem(&without, 401);
    let forged = format!("pulse_{}", &key[6..].chars().rev().collect::<String>());
    let wrong = call(&app, Some(&forged), "GET", &overview, None).await;
    problem(&wrong, 401);
    let garbage = call(&app, Some("hunter2"), "GET", "/api/v1/accounts", None).await;
    problem(&garbage, 401);

    let nobody = call(
        &app,
        Some(&key),
        "GET",
        "/api/v1/accounts/@nobody_here/overview",
        None,
    )
    .await;
    assert!(problem(&nobody, 404)["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("@nobody_here"));

    // Another chat's key does not see this account, by handle or by id.
    let other = ChatId::new(Platform::Telegram, "-100777");
    let other_key = mint(&app, &other, "stats:read").await;
    let accounts = get(&app, &key, "/api/v1/accounts").await;
    let id = accounts["accounts"][0]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    for reference in [handle.clone(), id] {
        let hidden = call(
            &app,
            Some(&other_key),
            "GET",
            &format!("/api/v1/accounts/{reference}/overview"),
            None,
        )
        .await;
        problem(&hidden, 404);
    }
    assert_eq!(
        get(&app, &other_key, "/api/v1/accounts").await["accounts"],
        json!([])
    );

    // A key that may only export may not read the figures.
    let export_key = mint(&app, &bot::console::console_chat(), "export:read").await;
    problem(
        &call(&app, Some(&export_key), "GET", &overview, None).await,
        403,
    );

    // Periods are the chat's: a fortnight is 14 days there too; "someday" is none.
    let someday = call(
        &app,
        Some(&key),
        "GET",
        &format!("{overview}?period=someday"),
        None,
    )
    .await;
    let bad = problem(&someday, 400);
    assert_eq!(bad["type"], "/api/docs#bad-period");
    assert!(bad["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("\"someday\" is not a period"));
    let fortnight = get(&app, &key, &format!("{overview}?period=fortnight")).await;
    assert_eq!(fortnight["period"]["days"], 14);
    let dates = get(
        &app,
        &key,
        &format!("{overview}?period=2026-01-01..2026-01-31"),
    )
    .await;
    assert_eq!(
        (
            dates["period"]["first"].as_str(),
            dates["period"]["days"].as_u64()
        ),
        (Some("2026-01-01"), Some(31))
    );
    problem(
        &call(
            &app,
            Some(&key),
            "GET",
            &format!("/api/v1/accounts/{handle}/posts/top?n=500"),
            None,
        )
        .await,
        400,
    );
    problem(
        &call(
            &app,
            Some(&key),
            "GET",
            &format!("/api/v1/accounts/{handle}/posts?sort=colour"),
            None,
        )
        .await,
        400,
    );

    // A question over 16 KiB is refused before it is read; one that is no JSON too.
    let long = json!({ "question": "why ".repeat(5000) });
    let too_large = call(&app, Some(&key), "POST", "/api/v1/questions", Some(long)).await;
    problem(&too_large, 413);
    let not_json = call(
        &app,
        Some(&key),
        "POST",
        "/api/v1/questions",
        Some(json!(["a list"])),
    )
    .await;
    problem(&not_json, 400);
    problem(
        &call(&app, Some(&key), "GET", "/api/v1/no-such-thing", None).await,
        404,
    );

    // A paused account's figures are not served until /resume.
    app.say(&format!("/pause @{handle}")).await;
    let paused = call(&app, Some(&key), "GET", &overview, None).await;
    let detail = problem(&paused, 409)["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        detail.contains("paused") && detail.contains("/resume"),
        "{detail}"
    );
    app.say(&format!("/resume @{handle}")).await;
    get(&app, &key, &overview).await;
}

/// `{account}` filled in, and a body for the operations that take one.
fn request_for(path: &str, method: &str, handle: &str) -> (String, Option<Value>) {
    let path = path.replace("{account}", handle);
    let body =
        (method == "post").then(|| json!({ "question": "what's my engagement rate this month?" }));
    (path, body)
}

#[tokio::test]
async fn api_openapi_document_describes_the_served_endpoints_and_their_answers() {
    let app = spawn_app().await;
    app.link_account().await;
    // An admin key may call every operation (admin covers the other scopes).
    let key = mint(&app, &bot::console::console_chat(), "admin").await;
    let handle = app.account().profile.username.clone();

    let document = call(&app, None, "GET", "/api/openapi.json", None).await;
    assert_eq!(document.status, 200);
    let document = document.body;
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().expect("paths");
    let mut operations = Vec::new();
    for (path, methods) in paths {
        for (method, operation) in methods.as_object().expect("methods") {
            operations.push((path.clone(), method.clone(), operation.clone()));
        }
    }
    let expected = [
        ("/api/v1/accounts", "get"),
        ("/api/v1/accounts/{account}/overview", "get"),
        ("/api/v1/accounts/{account}/posts", "get"),
        ("/api/v1/accounts/{account}/posts/top", "get"),
        ("/api/v1/accounts/{account}/posts/bottom", "get"),
        ("/api/v1/accounts/{account}/insights/daily", "get"),
        ("/api/v1/accounts/{account}/followers", "get"),
        ("/api/v1/accounts/{account}/fans", "get"),
        ("/api/v1/accounts/{account}/leads", "get"),
        ("/api/v1/accounts/{account}/best-time", "get"),
        ("/api/v1/accounts/{account}/demographics", "get"),
        ("/api/v1/questions", "post"),
        ("/api/v1/export", "get"),
        ("/api/v1/chat", "delete"),
        ("/api/v1/accounts/{account}/pause", "post"),
        ("/api/v1/accounts/{account}/resume", "post"),
    ];
    let mut documented: Vec<(&str, &str)> = operations
        .iter()
        .map(|(p, m, _)| (p.as_str(), m.as_str()))
        .collect();
    documented.sort_unstable();
    let mut wanted = expected.to_vec();
    wanted.sort_unstable();
    assert_eq!(
        documented, wanted,
        "the document names every endpoint of the issue, and no other"
    );

    for (path, method, operation) in &operations {
        let (url, body) = request_for(path, method, &handle);
        // Served: with the key, the documented 200 and a body its schema accepts.
        // An erasure without `confirm` only asks (202), and deletes nothing.
        let served = if path == "/api/v1/chat" { 202 } else { 200 };
        let answer = call(&app, Some(&key), &method.to_uppercase(), &url, body.clone()).await;
        assert_eq!(answer.status, served, "{method} {url}: {}", answer.body);
        if path.ends_with("/pause") {
            // The operations after it read the account's figures: resumed at once.
            let resumed = call(
                &app,
                Some(&key),
                "POST",
                &url.replace("/pause", "/resume"),
                None,
            )
            .await;
            assert_eq!(resumed.status, 200, "{}", resumed.body);
        }
        let schema = &operation["responses"][served.to_string()]["content"]
            [answer.content_type.as_str()]["schema"];
        assert!(
            !schema.is_null(),
            "{method} {path} documents {} for 200",
            answer.content_type
        );
        let wrong = violations(&document, schema, &answer.body);
        assert!(wrong.is_empty(), "{method} {path}: {wrong:#?}");
        // Without a key: the documented 401, a valid problem.
        let refused = call(&app, None, &method.to_uppercase(), &url, body).await;
        problem(&refused, 401);
        let schema =
            &operation["responses"]["401"]["content"]["application/problem+json"]["schema"];
        assert!(
            violations(&document, schema, &refused.body).is_empty(),
            "{method} {path} 401"
        );
        // A bad parameter is a documented 400 where the operation has parameters to get wrong.
        if operation["parameters"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["name"] == "period"))
        {
            let bad = call(
                &app,
                Some(&key),
                "GET",
                &format!("{url}?period=someday"),
                None,
            )
            .await;
            problem(&bad, 400);
            assert!(
                operation["responses"]["400"].is_object(),
                "{path} documents 400"
            );
        }
        // A method the document does not name for the path is not served.
        let other = if method == "get" { "DELETE" } else { "GET" };
        let unserved = call(&app, Some(&key), other, &url, None).await;
        assert_eq!(unserved.status, 405, "{other} {url} is not an operation");
        // Every parameter is documented with a description.
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            assert!(
                parameter["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty()),
                "{path}: {parameter}"
            );
        }
    }
    // A 404 for an unknown account and a 413 are documented where they happen.
    let missing = call(
        &app,
        Some(&key),
        "GET",
        "/api/v1/accounts/nobody/fans",
        None,
    )
    .await;
    let schema = &document["paths"]["/api/v1/accounts/{account}/fans"]["get"]["responses"]["404"]
        ["content"]["application/problem+json"]["schema"];
    assert!(violations(&document, schema, &problem(&missing, 404).clone()).is_empty());
    assert!(document["paths"]["/api/v1/questions"]["post"]["responses"]["413"].is_object());

    // The page for people names every operation and loads nothing from elsewhere.
    let docs = call(&app, None, "GET", "/api/docs", None).await;
    assert_eq!(docs.status, 200);
    assert!(docs.content_type.starts_with("text/html"));
    let page = docs.body.as_str().expect("HTML").to_owned();
    for (path, method) in expected {
        assert!(
            page.contains(&format!("{method}</span> <code>{path}</code>")),
            "{method} {path} on the page"
        );
    }
    assert!(
        page.contains("id=\"bad-period\""),
        "problem types are anchored"
    );
    assert!(
        !page.contains("<script") && !page.contains("src=\"http") && !page.contains("href=\"http")
    );
}

/// `X-Pulse-Signature` as a client computes it: the hex HMAC-SHA256, under the signing
/// secret, of the method, the path, the sorted query, the timestamp and the body's hash.
fn signature(
    secret: &str,
    method: &str,
    path: &str,
    query: &str,
    timestamp: &str,
    body: &[u8],
) -> String {
    use hmac::Mac;
    use sha2::Digest;
    let canonical = format!(
        "{method}\n{path}\n{query}\n{timestamp}\n{}",
        hex::encode(sha2::Sha256::digest(body))
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("a key");
    mac.update(canonical.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[tokio::test]
async fn api_keys_that_sign_are_served_only_signed_requests() {
    let app = spawn_app().await;
    app.link_account().await;
    let reply = app.say("/apikey new signer stats:read signed").await;
    let word = |prefix: &str| {
        reply
            .split_whitespace()
            .find(|word| word.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix}… in {reply}"))
            .to_owned()
    };
    let (key, secret) = (word("pulse_"), word("psig_"));
    let handle = app.account().profile.username.clone();
    let path = format!("/api/v1/accounts/{handle}/overview");

    let unsigned = call(&app, Some(&key), "GET", &format!("{path}?period=7d"), None).await;
    assert_eq!(problem(&unsigned, 401)["type"], "/api/docs#signature");

    let now = app.clock.now().timestamp().to_string();
    let send = |sig: String, body: Option<Vec<u8>>, method: &str, url: String| {
        let mut request = app
            .http()
            .request(
                method.parse().expect("a method"),
                format!("{}{url}", app.base_url),
            )
            .bearer_auth(&key)
            .header("X-Pulse-Timestamp", &now)
            .header("X-Pulse-Signature", sig);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        request.send()
    };
    // Each refusal is tried before the genuine request, so none is refused as a replay.
    let good = signature(&secret, "GET", &path, "period=7d", &now, b"");
    let tampered = send(good.clone(), None, "GET", format!("{path}?period=30d"))
        .await
        .expect("an answer");
    assert_eq!(tampered.status(), 401, "a signature covers the query");
    let signed = send(good.clone(), None, "GET", format!("{path}?period=7d"))
        .await
        .expect("an answer");
    assert_eq!(signed.status(), 200);
    let replayed = send(good, None, "GET", format!("{path}?period=7d"))
        .await
        .expect("an answer");
    assert_eq!(replayed.status(), 401, "the same signed request twice");

    let body = br#"{"question": "how many followers do I have?"}"#.to_vec();
    let question = signature(&secret, "POST", "/api/v1/questions", "", &now, &body);
    let other_body = br#"{"question": "who are my top fans?"}"#.to_vec();
    let swapped = send(
        question.clone(),
        Some(other_body),
        "POST",
        "/api/v1/questions".into(),
    )
    .await
    .expect("an answer");
    assert_eq!(swapped.status(), 401, "a signature covers the body");
    let asked = send(question, Some(body), "POST", "/api/v1/questions".into())
        .await
        .expect("an answer");
    assert_eq!(asked.status(), 200);
}
