//! Reading multipart/form-data bodies in the fakes.

use serde_json::{json, Value};

/// The text fields of a multipart/form-data body as a JSON object (file parts are kept as
/// their byte length, and a `.json` file also as `file_text`), enough to read what teloxide sends with `setWebhook`, `sendPhoto` and
/// `sendDocument`, and Discord's `payload_json` with files.
pub fn fields(body: &[u8], boundary: &str) -> Value {
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split("name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        let field = if head.contains("filename=") {
            // A JSON file (an export) is kept as text too, so a test can read what it holds.
            if head.contains(".json\"") {
                json!({"file_bytes": value.len(), "file_text": value})
            } else {
                json!({"file_bytes": value.len()})
            }
        } else {
            serde_json::from_str::<Value>(value).unwrap_or_else(|_| Value::String(value.to_owned()))
        };
        fields.insert(name.to_owned(), field);
    }
    // Files may be sent as separate parts named by `attach://<part>`.
    let attached: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(name, value)| {
            value
                .as_str()?
                .strip_prefix("attach://")
                .map(|part| (name.clone(), part.to_owned()))
        })
        .collect();
    for (name, part) in attached {
        if let Some(file) = fields.remove(&part) {
            fields.insert(name, file);
        }
    }
    Value::Object(fields)
}
