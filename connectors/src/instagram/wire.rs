//! Private serde shapes of Instagram's responses, and the lenient readers that turn them into
//! engine types at the edge.
//!
//! Everything is optional and numbers are read from `serde_json::Value` so that one odd field
//! never fails a whole page: ids accept strings or integers, counts accept integers, floats
//! (rounded) or numeric strings. The code-exchange `user_id` is read from the raw JSON text so
//! that numbers above 2^53 (even above `u64::MAX`) stay exact.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// A list page: `{"data":[…],"paging":{"next":…}}`.
#[derive(Debug, Deserialize)]
pub(crate) struct Page {
    #[serde(default)]
    pub(crate) data: Option<Vec<Value>>,
    #[serde(default)]
    pub(crate) paging: Option<Paging>,
}

/// The `paging` object; only `next` matters.
#[derive(Debug, Deserialize)]
pub(crate) struct Paging {
    #[serde(default)]
    pub(crate) next: Option<Value>,
}

impl Page {
    /// The `paging.next` URL, if present and a non-empty string.
    pub(crate) fn next(&self) -> Option<&str> {
        match self.paging.as_ref()?.next.as_ref()? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }
}

/// The code-exchange and token responses (flat or wrapped in `data[0]`).
#[derive(Debug, Deserialize)]
pub(crate) struct TokenWire {
    #[serde(default)]
    pub(crate) access_token: Option<Value>,
    #[serde(default)]
    pub(crate) user_id: Option<Box<RawValue>>,
    #[serde(default)]
    pub(crate) permissions: Option<Value>,
    #[serde(default)]
    pub(crate) expires_in: Option<Value>,
    #[serde(default)]
    pub(crate) data: Option<Vec<TokenWire>>,
}

impl TokenWire {
    /// The object that carries the fields: `data[0]` if the envelope is there, else itself.
    pub(crate) fn fields(&self) -> &TokenWire {
        match self.data.as_deref() {
            Some([first, ..]) if self.access_token.is_none() => first,
            _ => self,
        }
    }
}

/// `GET /me`.
#[derive(Debug, Deserialize)]
pub(crate) struct ProfileWire {
    #[serde(default)]
    pub(crate) user_id: Option<Value>,
    #[serde(default)]
    pub(crate) id: Option<Value>,
    #[serde(default)]
    pub(crate) username: Option<Value>,
    #[serde(default)]
    pub(crate) name: Option<Value>,
    #[serde(default)]
    pub(crate) account_type: Option<Value>,
    #[serde(default)]
    pub(crate) followers_count: Option<Value>,
    #[serde(default)]
    pub(crate) follows_count: Option<Value>,
    #[serde(default)]
    pub(crate) media_count: Option<Value>,
}

/// One item of `/me/media`.
#[derive(Debug, Deserialize)]
pub(crate) struct MediaWire {
    #[serde(default)]
    pub(crate) id: Option<Value>,
    #[serde(default)]
    pub(crate) caption: Option<Value>,
    #[serde(default)]
    pub(crate) media_type: Option<Value>,
    #[serde(default)]
    pub(crate) media_product_type: Option<Value>,
    #[serde(default)]
    pub(crate) permalink: Option<Value>,
    #[serde(default)]
    pub(crate) timestamp: Option<Value>,
    #[serde(default)]
    pub(crate) like_count: Option<Value>,
    #[serde(default)]
    pub(crate) comments_count: Option<Value>,
    /// The `comments{…}` expansion: a [`Page`] of comments, read leniently.
    #[serde(default)]
    pub(crate) comments: Option<Value>,
}

/// A comment (top level or reply).
#[derive(Debug, Deserialize)]
pub(crate) struct CommentWire {
    #[serde(default)]
    pub(crate) id: Option<Value>,
    #[serde(default)]
    pub(crate) text: Option<Value>,
    #[serde(default)]
    pub(crate) timestamp: Option<Value>,
    #[serde(default)]
    pub(crate) username: Option<Value>,
    #[serde(default)]
    pub(crate) from: Option<FromWire>,
    #[serde(default)]
    pub(crate) like_count: Option<Value>,
    #[serde(default)]
    pub(crate) parent_id: Option<Value>,
    /// Whether the account hid it; read with [`flag_of`].
    #[serde(default)]
    pub(crate) hidden: Option<Value>,
    #[serde(default)]
    pub(crate) replies: Option<Page>,
}

/// `from{id,username}` of a comment.
#[derive(Debug, Deserialize)]
pub(crate) struct FromWire {
    #[serde(default)]
    pub(crate) id: Option<Value>,
    #[serde(default)]
    pub(crate) username: Option<Value>,
}

/// An insights response: `{"data":[{name, values, total_value}…]}`.
#[derive(Debug, Deserialize)]
pub(crate) struct InsightsWire {
    #[serde(default)]
    pub(crate) data: Option<Vec<InsightWire>>,
}

/// One metric of an insights response.
#[derive(Debug, Deserialize)]
pub(crate) struct InsightWire {
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) values: Option<Vec<InsightValueWire>>,
    #[serde(default)]
    pub(crate) total_value: Option<TotalValueWire>,
}

/// One entry of `values`.
#[derive(Debug, Deserialize)]
pub(crate) struct InsightValueWire {
    #[serde(default)]
    pub(crate) value: Option<Value>,
    #[serde(default)]
    pub(crate) end_time: Option<Value>,
}

/// `total_value`.
#[derive(Debug, Deserialize)]
pub(crate) struct TotalValueWire {
    #[serde(default)]
    pub(crate) value: Option<Value>,
    #[serde(default)]
    pub(crate) breakdowns: Option<Vec<BreakdownWire>>,
}

/// One breakdown of a `total_value`.
#[derive(Debug, Deserialize)]
pub(crate) struct BreakdownWire {
    #[serde(default)]
    pub(crate) results: Option<Vec<BreakdownResultWire>>,
}

/// One result of a breakdown.
#[derive(Debug, Deserialize)]
pub(crate) struct BreakdownResultWire {
    #[serde(default)]
    pub(crate) dimension_values: Option<Vec<Value>>,
    #[serde(default)]
    pub(crate) value: Option<Value>,
}

impl InsightWire {
    /// The single value of a lifetime or total metric: `total_value.value`, else
    /// `values[0].value`.
    pub(crate) fn single_value(&self) -> Option<&Value> {
        self.total_value
            .as_ref()
            .and_then(|t| t.value.as_ref())
            .filter(|v| !v.is_null())
            .or_else(|| {
                self.values
                    .as_ref()?
                    .first()?
                    .value
                    .as_ref()
                    .filter(|v| !v.is_null())
            })
    }
}

/// An id from a JSON string or integer. Floats are refused (precision already lost).
pub(crate) fn id_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        _ => None,
    }
}

/// An id from raw JSON text: a string, or an integer literal of any size, kept exactly.
pub(crate) fn id_of_raw(raw: Option<&RawValue>) -> Option<String> {
    let text = raw?.get().trim();
    if text.starts_with('"') {
        let s = serde_json::from_str::<String>(text).ok()?;
        let s = s.trim();
        return (!s.is_empty()).then(|| s.to_owned());
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| text.to_owned())
}

/// Non-empty text from a JSON string.
pub(crate) fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A non-negative count: integer, float (rounded) or numeric string.
pub(crate) fn count_of(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64().or_else(|| {
            let f = n.as_f64()?;
            // `as` saturates; the range check keeps negatives and NaN out.
            (0.0..1.8e19).contains(&f).then(|| f.round() as u64)
        }),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<u64>().ok().or_else(|| {
                let f = s.parse::<f64>().ok()?;
                (0.0..1.8e19).contains(&f).then(|| f.round() as u64)
            })
        }
        _ => None,
    }
}

/// A boolean flag: `true`, or the string `"true"` (any case); anything else (absent, null,
/// `false`, another type) is `false`.
pub(crate) fn flag_of(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A signed value (for `follower_count`, which may be a delta).
pub(crate) fn signed_of(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            (f.is_finite() && f.abs() < 9.2e18).then(|| f.round() as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A comma-separated string or an array of strings.
pub(crate) fn string_list_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str())
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// A Graph timestamp: `2026-01-02T03:04:05+0000` (offset without colon), with optional
/// fractional seconds, or RFC 3339. Always converted to UTC.
pub(crate) fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    for format in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z"] {
        if let Ok(parsed) = DateTime::parse_from_str(text, format) {
            return Some(parsed.with_timezone(&Utc));
        }
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|parsed| parsed.with_timezone(&Utc))
}

/// A timestamp field.
pub(crate) fn timestamp_of(value: Option<&Value>) -> Option<DateTime<Utc>> {
    match value? {
        Value::String(s) => parse_timestamp(s),
        Value::Number(n) => DateTime::from_timestamp(n.as_i64()?, 0),
        _ => None,
    }
}

/// The day an insight value is for: the UTC date of `end_time`, minus one day (a value ending
/// `2026-05-02T07:00:00+0000` covers 2026-05-01).
pub(crate) fn day_of_end_time(value: Option<&Value>) -> Option<NaiveDate> {
    timestamp_of(value)?.date_naive().pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};
    use serde_json::json;

    #[test]
    fn timestamps_with_and_without_colon() {
        let t = parse_timestamp("2026-01-02T03:04:05+0000");
        assert_eq!(
            t.map(|t| (t.year(), t.month(), t.day(), t.hour(), t.second())),
            Some((2026, 1, 2, 3, 5))
        );
        let shifted = parse_timestamp("2026-01-02T03:04:05-0700").map(|t| t.hour());
        assert_eq!(shifted, Some(10));
        assert!(parse_timestamp("2026-01-02T03:04:05Z").is_some());
        assert!(parse_timestamp("2026-01-02T03:04:05+00:00").is_some());
        assert!(parse_timestamp("2026-01-02T03:04:05.123+0000").is_some());
        assert!(parse_timestamp("yesterday").is_none());
    }

    #[test]
    fn end_time_is_the_day_before() {
        let day = day_of_end_time(Some(&json!("2026-05-02T07:00:00+0000")));
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 5, 1));
    }

    #[test]
    fn ids_and_counts_are_lenient() {
        assert_eq!(id_of(Some(&json!("17841"))), Some("17841".into()));
        assert_eq!(id_of(Some(&json!(17841))), Some("17841".into()));
        assert_eq!(id_of(Some(&json!(1.5))), None);
        assert_eq!(count_of(Some(&json!(12))), Some(12));
        assert_eq!(count_of(Some(&json!(12.6))), Some(13));
        assert_eq!(count_of(Some(&json!("7"))), Some(7));
        assert_eq!(count_of(Some(&json!(-3))), None);
        assert_eq!(count_of(Some(&json!(null))), None);
        assert_eq!(signed_of(Some(&json!(-3))), Some(-3));
    }

    #[test]
    fn raw_ids_stay_exact() {
        let wire: TokenWire =
            serde_json::from_str(r#"{"access_token":"t","user_id":27640875392278831123}"#)
                .expect("parses");
        assert_eq!(
            id_of_raw(wire.user_id.as_deref()),
            Some("27640875392278831123".into())
        );
        let raw = serde_json::from_str::<Box<RawValue>>(r#""1020""#).ok();
        assert_eq!(id_of_raw(raw.as_deref()), Some("1020".into()));
        let raw = serde_json::from_str::<Box<RawValue>>("1.5e3").ok();
        assert_eq!(id_of_raw(raw.as_deref()), None);
    }

    #[test]
    fn permissions_string_or_array() {
        assert_eq!(
            string_list_of(Some(&json!("a, b,c"))),
            vec!["a".to_owned(), "b".into(), "c".into()]
        );
        assert_eq!(
            string_list_of(Some(&json!(["a", "b"]))),
            vec!["a".to_owned(), "b".into()]
        );
    }
}
