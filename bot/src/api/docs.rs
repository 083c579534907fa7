//! `GET /api/docs`: the API's documentation for people, one self-contained HTML page (no
//! script, no third-party resource) rendered from the served OpenAPI document: how to get
//! a key, each operation with its parameters and responses, and every kind of problem
//! under the anchor its `type` links to.

use html_escape::encode_text as escape;
use serde_json::Value;

use super::problem::PROBLEMS;

/// The page for `document` (the OpenAPI document as JSON).
pub fn page(document: &Value) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Pulse stats API</title><style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
code,pre{background:#f4f4f4;padding:.1rem .3rem;border-radius:.2rem}pre{padding:.6rem;overflow-x:auto}\
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}\
.method{font-weight:bold;text-transform:uppercase}</style></head><body><h1>Pulse stats API</h1>",
    );
    if let Some(description) = document
        .pointer("/info/description")
        .and_then(Value::as_str)
    {
        html.push_str(&format!("<p>{}</p>", escape(description)));
    }
    html.push_str(
        "<h2>Getting a key</h2><p>An administrator of the chat sends <code>/apikey new sheets stats:read</code>; \
Pulse answers with the key once. Then:</p>\
<pre>curl -H \"Authorization: Bearer $PULSE_KEY\" \"https://pulse.example.org/api/v1/accounts/@yourhandle/overview?period=7d\"</pre>\
<p>The machine-readable document is <a href=\"/api/openapi.json\">/api/openapi.json</a> (OpenAPI 3.1).</p><h2>Operations</h2>",
    );
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, operations) in paths {
            let Some(operations) = operations.as_object() else {
                continue;
            };
            for (method, operation) in operations {
                operation_html(&mut html, method, path, operation);
            }
        }
    }
    html.push_str("<h2>Problems</h2><p>Every error is <code>application/problem+json</code> (RFC 9457): <code>type</code> links here, <code>title</code>, <code>status</code>, and <code>detail</code>, a plain sentence.</p><table><tr><th>type</th><th>status</th><th>title</th><th>when</th></tr>");
    for kind in PROBLEMS {
        html.push_str(&format!(
            "<tr id=\"{slug}\"><td><code>/api/docs#{slug}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            kind.status.as_u16(),
            escape(kind.title),
            escape(kind.when),
            slug = kind.slug,
        ));
    }
    html.push_str("</table></body></html>");
    html
}

fn operation_html(html: &mut String, method: &str, path: &str, operation: &Value) {
    let text = |key: &str| operation.get(key).and_then(Value::as_str).unwrap_or("");
    html.push_str(&format!(
        "<h3><span class=\"method\">{}</span> <code>{}</code></h3>",
        escape(method),
        escape(path)
    ));
    let words = [text("summary"), text("description")]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !words.is_empty() {
        html.push_str(&format!("<p>{}</p>", escape(&words)));
    }
    if let Some(parameters) = operation.get("parameters").and_then(Value::as_array) {
        html.push_str(
            "<table><tr><th>parameter</th><th>in</th><th>required</th><th>what</th></tr>",
        );
        for parameter in parameters {
            let field = |key: &str| parameter.get(key).and_then(Value::as_str).unwrap_or("");
            let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
            html.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(field("name")),
                escape(field("in")),
                if required { "yes" } else { "no" },
                escape(field("description"))
            ));
        }
        html.push_str("</table>");
    }
    if operation.get("requestBody").is_some() {
        html.push_str("<p>Body: JSON (see the document's schema), at most 16 KiB.</p>");
    }
    if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
        let listed: Vec<String> = responses
            .iter()
            .map(|(status, response)| {
                let what = response
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                format!("<code>{}</code> {}", escape(status), escape(what))
            })
            .collect();
        html.push_str(&format!("<p>Responses: {}</p>", listed.join("; ")));
    }
}
