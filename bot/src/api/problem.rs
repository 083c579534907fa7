//! RFC 9457 problem details: every error of the stats API is `application/problem+json`
//! with a `type` (a link to its entry on `/api/docs`), a `title`, the `status` and a
//! `detail` in a plain sentence. [`PROBLEMS`] lists them all; the docs page prints it.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use engine::views::ViewError;
use serde::Serialize;
use utoipa::ToSchema;

/// A problem: what went wrong, in a plain sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Problem {
    /// A link to this kind of problem's description (`/api/docs#bad-period`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind of problem, the same for every occurrence.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong this time, and what to do.
    pub detail: String,
}

/// One kind of problem: its anchor on the docs page, status, title and when it happens.
pub struct Kind {
    /// The anchor (`bad-period`).
    pub slug: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The title.
    pub title: &'static str,
    /// When it happens, for the docs page.
    pub when: &'static str,
}

macro_rules! kinds {
    ($($name:ident = $slug:literal, $status:ident, $title:literal, $when:literal;)*) => {
        $(
            #[doc = $when]
            pub const $name: Kind = Kind {
                slug: $slug,
                status: StatusCode::$status,
                title: $title,
                when: $when,
            };
        )*
        /// Every kind of problem, for the docs page.
        pub const PROBLEMS: &[Kind] = &[$($name),*];
    };
}

kinds! {
    NO_KEY = "no-key", UNAUTHORIZED, "No API key",
        "The request has no `Authorization: Bearer <key>` header.";
    KEY_REFUSED = "key-refused", UNAUTHORIZED, "API key refused",
        "The key is not one of this Pulse's, was revoked, or has expired.";
    SIGNATURE = "signature", UNAUTHORIZED, "Signature refused",
        "The key signs its requests and this one's `X-Pulse-Timestamp` / `X-Pulse-Signature` are missing, stale, wrong or replayed.";
    SCOPE = "scope", FORBIDDEN, "Not allowed for this key",
        "The key's scopes do not include the one the endpoint needs (`stats:read` for the figures, `export:read` for the export, `admin` for pause, resume and erasure).";
    UNKNOWN_ACCOUNT = "unknown-account", NOT_FOUND, "No such account",
        "The path names no account linked to the key's chat (by id or handle).";
    NOT_FOUND = "not-found", NOT_FOUND, "No such endpoint",
        "The path is not one of the API's.";
    BAD_PERIOD = "bad-period", BAD_REQUEST, "Unknown period",
        "`period` is not one of the chat's forms (7d, 4w, 3m, last-month, this-year, 2026-01-01..2026-01-31, all).";
    BAD_PARAMETER = "bad-parameter", BAD_REQUEST, "Bad parameter",
        "A query parameter or the request body is not what the endpoint takes.";
    TOO_LARGE = "too-large", PAYLOAD_TOO_LARGE, "Request body too large",
        "The body is larger than the endpoint takes (16 KiB for a question).";
    NOT_REPORTED = "not-reported", UNPROCESSABLE_ENTITY, "Not reported by the network",
        "The account's network does not give this figure to Pulse (TikTok's reach, saves, comments).";
    PAUSED = "paused", CONFLICT, "Account paused",
        "The account's processing is paused (restricted): its figures are not served until it is resumed in the chat.";
    CONFIRMATION = "confirmation-refused", CONFLICT, "Confirmation refused",
        "The `confirm` token of an erasure is not the chat's open one (it was used, replaced by a newer one, or expired): nothing was deleted.";
    TOO_MANY = "too-many", TOO_MANY_REQUESTS, "Too many requests",
        "The key has used its allowance (`api.requests_per_hour`, at most `api.burst` at once), or the address sent too many requests without a valid key; `Retry-After` says when to try again.";
    INTERNAL = "internal", INTERNAL_SERVER_ERROR, "Something went wrong",
        "Pulse could not answer; the detail carries a reference for the operator's log.";
}

impl Problem {
    /// A problem of `kind`, with `detail`.
    pub fn new(kind: &Kind, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("/api/docs#{}", kind.slug),
            title: kind.title.to_owned(),
            status: kind.status.as_u16(),
            detail: detail.into(),
        }
    }

    /// An internal failure, logged with a reference that the detail names.
    pub fn internal(context: &str, error: &(dyn std::error::Error + 'static)) -> Self {
        let reference = crate::errors::report(context, error);
        Self::new(
            &INTERNAL,
            format!("Pulse could not answer this request. Reference: {reference}."),
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<ViewError> for Problem {
    fn from(error: ViewError) -> Self {
        match error {
            ViewError::UnknownAccount(_) => Problem::new(
                &UNKNOWN_ACCOUNT,
                format!("{error} GET /api/v1/accounts lists the ones this key reads."),
            ),
            ViewError::NotReported(sentence) => Problem::new(&NOT_REPORTED, sentence),
            ViewError::Paused(_) => Problem::new(&PAUSED, error.to_string()),
            ViewError::Pulse(error) => Problem::internal("a stats API read failed", &error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_anchor_and_an_error_status() {
        let mut slugs: Vec<&str> = PROBLEMS.iter().map(|kind| kind.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), PROBLEMS.len());
        assert!(PROBLEMS
            .iter()
            .all(|kind| kind.status.is_client_error() || kind.status.is_server_error()));
    }
}
