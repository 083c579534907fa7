//! A small JSON Schema check for the OpenAPI 3.1 contract test: the keywords Pulse's
//! document uses (`$ref` into `#/components/schemas`, `type` as a name or a list with
//! `null`, `oneOf`, `allOf`, `anyOf`, `enum`, `required`, `properties`,
//! `additionalProperties: false`, `items`, `minimum`, `format: date`/`date-time`). Any other
//! keyword is reported as unsupported rather than passed over, so the document cannot
//! outgrow the check unnoticed. (The `jsonschema` crate would pull a regex engine, an HTTP
//! client for remote references and more into the test build for these few keywords.)

use serde_json::Value;

/// Keywords that describe without constraining.
const ANNOTATIONS: &[&str] = &["description", "example", "examples", "title", "deprecated"];

/// Every way `value` breaks `schema` (resolved against `document`), as `path: problem`
/// lines; empty when it conforms.
pub fn violations(document: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    check(document, schema, value, "$", &mut found);
    found
}

fn check(document: &Value, schema: &Value, value: &Value, at: &str, found: &mut Vec<String>) {
    let Some(schema) = schema.as_object() else {
        if schema != &Value::Bool(true) {
            found.push(format!("{at}: schema {schema} is not an object"));
        }
        return;
    };
    for (keyword, rule) in schema {
        match keyword.as_str() {
            "$ref" => {
                let Some(target) = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix('#'))
                    .and_then(|pointer| document.pointer(pointer))
                else {
                    found.push(format!("{at}: unresolvable $ref {rule}"));
                    continue;
                };
                check(document, target, value, at, found);
            }
            "type" => {
                let names: Vec<&str> = match rule {
                    Value::String(name) => vec![name.as_str()],
                    Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !names.iter().any(|name| is_type(value, name)) {
                    found.push(format!("{at}: {value} is not of type {rule}"));
                }
            }
            "enum" => {
                if !rule
                    .as_array()
                    .is_some_and(|options| options.contains(value))
                {
                    found.push(format!("{at}: {value} is not one of {rule}"));
                }
            }
            "oneOf" | "anyOf" => {
                let options = rule.as_array().cloned().unwrap_or_default();
                let passing = options
                    .iter()
                    .filter(|option| violations(document, option, value).is_empty())
                    .count();
                let ok = if keyword == "oneOf" {
                    passing == 1
                } else {
                    passing >= 1
                };
                if !ok {
                    found.push(format!(
                        "{at}: {passing} of the {keyword} options match {value}"
                    ));
                }
            }
            "allOf" => {
                for option in rule.as_array().into_iter().flatten() {
                    check(document, option, value, at, found);
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for name in rule
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if !object.contains_key(name) {
                            found.push(format!("{at}: required {name} is missing"));
                        }
                    }
                }
            }
            "properties" => {
                if let (Some(object), Some(properties)) = (value.as_object(), rule.as_object()) {
                    for (name, property) in properties {
                        if let Some(field) = object.get(name) {
                            check(document, property, field, &format!("{at}.{name}"), found);
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let (Some(object), Value::Bool(false)) = (value.as_object(), rule) {
                    let known = schema.get("properties").and_then(Value::as_object);
                    for name in object.keys() {
                        if !known.is_some_and(|known| known.contains_key(name)) {
                            found.push(format!("{at}: {name} is not documented"));
                        }
                    }
                } else if let (Some(object), Value::Object(_)) = (value.as_object(), rule) {
                    for (name, field) in object {
                        check(document, rule, field, &format!("{at}.{name}"), found);
                    }
                }
            }
            "items" => {
                for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                    check(document, rule, item, &format!("{at}[{index}]"), found);
                }
            }
            "minimum" => {
                if let (Some(number), Some(minimum)) = (value.as_f64(), rule.as_f64()) {
                    if number < minimum {
                        found.push(format!("{at}: {number} is below {minimum}"));
                    }
                }
            }
            "format" => {
                if let Some(text) = value.as_str() {
                    let ok = match rule.as_str() {
                        Some("date") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
                        Some("date-time") => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
                        _ => true,
                    };
                    if !ok {
                        found.push(format!("{at}: {text:?} is not a {rule}"));
                    }
                }
            }
            other if ANNOTATIONS.contains(&other) => {}
            other => found.push(format!("{at}: unsupported keyword {other}")),
        }
    }
}

fn is_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_check_catches_what_it_claims_to() {
        let document = json!({"components": {"schemas": {
            "Day": {"type": "object", "required": ["date", "reach"], "properties": {
                "date": {"type": "string", "format": "date"},
                "reach": {"type": ["integer", "null"], "minimum": 0},
                "kind": {"type": "string", "enum": ["reel", "photo"]},
                "rate": {"oneOf": [{"$ref": "#/components/schemas/Rate"}, {"type": "null"}]}
            }},
            "Rate": {"type": "object", "required": ["rate"], "properties": {"rate": {"type": "number"}}}
        }}});
        let day = json!({"$ref": "#/components/schemas/Day"});
        let good =
            json!({"date": "2026-11-30", "reach": null, "kind": "reel", "rate": {"rate": 0.5}});
        assert_eq!(violations(&document, &day, &good), Vec::<String>::new());
        let bad =
            json!({"date": "30/11/2026", "reach": -1, "kind": "gif", "rate": {"rate": "high"}});
        let found = violations(&document, &day, &bad);
        assert_eq!(found.len(), 4, "{found:?}");
        let missing = violations(&document, &day, &json!({"date": "2026-11-30"}));
        assert_eq!(missing, ["$: required reach is missing"]);
        let unknown = violations(&document, &json!({"pattern": "x"}), &json!("y"));
        assert_eq!(unknown, ["$: unsupported keyword pattern"]);
    }
}
