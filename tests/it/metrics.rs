//! `/metrics` as Prometheus scrapes it: the text format 0.0.4, read strictly, with the
//! counts of what happened — and nothing in it that names an account, a chat or a link.

use std::collections::BTreeMap;

use connectors::sandbox::SandboxCommenter;
use pulse_tests::{spawn_app, spawn_app_with, TestApp, TestOptions};
use reqwest::StatusCode;

/// One sample: the metric name, its labels, its value.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `{a="1",b="x\"y"}` → the labels; the text must be exactly that.
fn parse_labels(text: &str) -> Result<BTreeMap<String, String>, String> {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .ok_or("labels are not in braces")?;
    let mut labels = BTreeMap::new();
    let mut rest = inner;
    while !rest.is_empty() {
        let (name, after) = rest.split_once("=\"").ok_or("a label has no =\"")?;
        if !is_label_name(name) {
            return Err(format!("bad label name {name:?}"));
        }
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, c @ ('\\' | '"'))) => value.push(c),
                    _ => return Err("a bad escape in a label value".into()),
                },
                Some((at, '"')) => break at,
                Some((_, c)) => value.push(c),
                None => return Err("an unterminated label value".into()),
            }
        };
        if labels.insert(name.to_owned(), value).is_some() {
            return Err(format!("label {name} twice"));
        }
        rest = &after[end + 1..];
        rest = match rest.strip_prefix(',') {
            Some(more) if !more.is_empty() => more,
            Some(_) => return Err("a trailing comma".into()),
            None if rest.is_empty() => rest,
            None => return Err(format!("junk after a label: {rest:?}")),
        };
    }
    Ok(labels)
}

/// Reads the exposition strictly: every line is `# HELP name text`, `# TYPE name type`, or
/// `name{labels} value` of a family typed before it; no blank or other line.
fn parse_exposition(text: &str) -> Result<Vec<Sample>, String> {
    let mut typed: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let fail = |why: &str| Err(format!("line {}: {why}: {line:?}", number + 1));
        if let Some(comment) = line.strip_prefix("# ") {
            let mut words = comment.splitn(3, ' ');
            match (words.next(), words.next(), words.next()) {
                (Some("HELP"), Some(name), Some(_)) if is_metric_name(name) => {}
                (Some("TYPE"), Some(name), Some(kind)) if is_metric_name(name) => {
                    if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind) {
                        return fail("an unknown type");
                    }
                    if typed.insert(name.to_owned(), kind.to_owned()).is_some() {
                        return fail("a family typed twice");
                    }
                }
                _ => return fail("a comment that is neither HELP nor TYPE"),
            }
            continue;
        }
        let Some((series, value)) = line.rsplit_once(' ') else {
            return fail("no value");
        };
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            number => match number.parse() {
                Ok(value) => value,
                Err(_) => return fail("a value that is not a number"),
            },
        };
        let (name, labels) = match series.find('{') {
            Some(at) => match parse_labels(&series[at..]) {
                Ok(labels) => (&series[..at], labels),
                Err(why) => return fail(&why),
            },
            None => (series, BTreeMap::new()),
        };
        if !is_metric_name(name) {
            return fail("a bad metric name");
        }
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|suffix| {
                name.strip_suffix(suffix)
                    .filter(|base| typed.get(*base).is_some_and(|t| t == "histogram"))
            })
            .unwrap_or(name);
        if !typed.contains_key(family) {
            return fail("a sample before its family's TYPE");
        }
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    Ok(samples)
}

/// The sum of the samples named `name` whose labels include `labels`.
fn total(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum()
}

#[test]
fn the_parser_is_strict() {
    let good = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\",y=\"q\\\"\"} 2\n";
    assert_eq!(parse_exposition(good).unwrap().len(), 1);
    for bad in [
        "a_total 1\n",
        "# TYPE a counter\na{x=\"1\"}\n",
        "# TYPE a counter\na{x=1} 2\n",
        "# TYPE a counter\na{x=\"1\",} 2\n",
        "# TYPE a counter\n\na 2\n",
        "# hello\n",
        "# TYPE a counter\na 2 3 4\n",
    ] {
        assert!(parse_exposition(bad).is_err(), "{bad:?}");
    }
}

#[tokio::test]
async fn metrics_count_requests_syncs_and_instagram_calls_and_name_no_one() {
    let app = spawn_app().await;
    a_post_with_more_comments_than_the_list_carries(&app);
    let link = app.link_account().await;
    let answer = app.say("which post got the most saves last month?").await;
    assert!(!answer.is_empty());
    let http = app.http();
    let get = |path: String| {
        let http = http.clone();
        async move { http.get(path).send().await.expect("the server answers") }
    };
    assert_eq!(
        get(format!("{}/healthz", app.base_url)).await.status(),
        StatusCode::OK
    );
    // The used link again: the route, not the token, is counted.
    assert_eq!(get(link.clone()).await.status(), StatusCode::GONE);
    assert_eq!(
        get(format!("{}/no/such/page", app.base_url)).await.status(),
        StatusCode::NOT_FOUND
    );

    let response = get(format!("{}/metrics", app.base_url)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4"
    );
    let text = response.text().await.unwrap();
    let samples = parse_exposition(&text).unwrap_or_else(|why| panic!("{why}\n{text}"));

    // Every family is there.
    for family in [
        "pulse_http_requests_total",
        "pulse_syncs_total",
        "pulse_sync_duration_seconds_count",
        "pulse_instagram_calls_total",
        "pulse_messages_total",
        "pulse_rate_limited_total",
        "pulse_digests_total",
        "pulse_store_errors_total",
    ] {
        assert!(samples.iter().any(|s| s.name == family), "{family}\n{text}");
    }
    // The first sync, once, ok; how long it took.
    assert_eq!(
        total(
            &samples,
            "pulse_syncs_total",
            &[("kind", "first"), ("outcome", "ok")]
        ),
        1.0,
        "{text}"
    );
    assert_eq!(total(&samples, "pulse_syncs_total", &[]), 1.0, "{text}");
    assert_eq!(
        total(
            &samples,
            "pulse_sync_duration_seconds_count",
            &[("kind", "first")]
        ),
        1.0
    );
    // Instagram calls of every family, answered; the sandbox throttles the 40th call of a
    // token once, which is a rate limit too.
    for family in ["token", "profile", "media", "insights", "comments"] {
        assert!(
            total(
                &samples,
                "pulse_instagram_calls_total",
                &[("family", family), ("outcome", "ok")]
            ) > 0.0,
            "{family}\n{text}"
        );
    }
    // Each request the sandbox served to the client is counted once.
    let served = app.sandbox.calls();
    assert_eq!(
        total(&samples, "pulse_instagram_calls_total", &[]) as u64,
        served.total - calls_of_the_browser(&served),
        "{text}"
    );
    assert_eq!(
        total(
            &samples,
            "pulse_instagram_calls_total",
            &[("outcome", "throttled")]
        ),
        served.throttled as f64
    );
    assert_eq!(
        total(
            &samples,
            "pulse_rate_limited_total",
            &[("service", "instagram")]
        ),
        served.throttled as f64
    );
    // Requests by route pattern and status.
    let requests = |route: &str, status: &str| {
        total(
            &samples,
            "pulse_http_requests_total",
            &[("route", route), ("status", status)],
        )
    };
    assert_eq!(requests("/healthz", "200"), 1.0, "{text}");
    assert_eq!(requests("/connect/{token}", "200"), 1.0, "{text}");
    assert_eq!(requests("/connect/{token}", "410"), 1.0, "{text}");
    assert_eq!(requests("/oauth/instagram/callback", "303"), 1.0, "{text}");
    assert_eq!(requests("unmatched", "404"), 1.0, "{text}");
    assert_eq!(total(&samples, "pulse_store_errors_total", &[]), 0.0);

    // Nothing that names the account, the chat or the link, nor any secret.
    let account = app.account().profile.clone();
    let link_token = link.rsplit('/').next().unwrap().to_owned();
    let mut personal = vec![
        account.username.clone(),
        account.user_id.clone(),
        account.id.clone(),
        link_token,
        app.master_key(),
        bot::console::console_chat().id,
    ];
    personal.extend(app.sandbox.issued_secrets());
    for line in text.lines() {
        for word in &personal {
            assert!(!line.contains(word.as_str()), "{line:?} contains {word:?}");
        }
    }
    app.stop().await;
}

/// How many of a post's comments the media list carries (`comments.limit(50)`); the rest
/// of a longer thread costs a call to the comments edge.
const COMMENTS_THE_LIST_CARRIES: usize = 50;

/// Gives the newest post more comments than the media list carries, so that the first sync
/// calls the comments edge whatever the day. The sandbox's data is generated for the test's
/// date, and on some dates (2026-12-03 and the Thursdays around it, for one) no recent post
/// has more than the list carries: the first sync then reads every comment without a single
/// comments call.
fn a_post_with_more_comments_than_the_list_carries(app: &TestApp) {
    let account = app.account();
    let newest = account
        .posts
        .iter()
        .max_by_key(|post| post.timestamp)
        .expect("the sandbox has posts");
    let fan = SandboxCommenter {
        id: "9000000000000051".into(),
        username: "metrics_fan".into(),
    };
    for n in 0..=COMMENTS_THE_LIST_CARRIES {
        app.sandbox
            .add_comment(
                &account.profile.user_id,
                &newest.id,
                &fan,
                &format!("lovely colours ({n})"),
            )
            .expect("the comment is added");
    }
}

/// The sandbox requests that were not the client's: the browser's visit to the authorize page
/// and its decision.
fn calls_of_the_browser(served: &connectors::sandbox::CallCounts) -> u64 {
    // The client's OAuth requests are the code exchange and the long-lived exchange.
    served.oauth - 2
}

#[tokio::test]
async fn with_a_token_set_metrics_need_it() {
    let app = spawn_app_with(
        |_| {},
        TestOptions {
            metrics_token: Some("scrape-4f9a1c".into()),
            ..TestOptions::default()
        },
    )
    .await;
    let url = format!("{}/metrics", app.base_url);
    let http = app.http();
    let without = http.get(&url).send().await.unwrap();
    assert_eq!(without.status(), StatusCode::UNAUTHORIZED);
    assert!(without.headers().contains_key("www-authenticate"));
    let wrong = http
        .get(&url)
        .bearer_auth("scrape-4f9a1")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = http
        .get(&url)
        .bearer_auth("scrape-4f9a1c")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);
    let text = right.text().await.unwrap();
    parse_exposition(&text).unwrap_or_else(|why| panic!("{why}\n{text}"));
    // The refused scrapes were counted too, by their route.
    assert!(
        text.contains("pulse_http_requests_total{route=\"/metrics\",status=\"401\"} 2\n"),
        "{text}"
    );
    app.stop().await;
}
