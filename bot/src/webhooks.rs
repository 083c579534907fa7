//! Instagram's webhooks at `{public_url}/instagram/webhook`, on when
//! `PULSE__INSTAGRAM__WEBHOOK_VERIFY_TOKEN` is set (404 otherwise):
//!
//! - `GET` is Meta's verification handshake: `hub.mode=subscribe` and `hub.verify_token`
//!   equal (in constant time) to the configured token → 200 with `hub.challenge` as sent,
//!   as `text/plain`; anything else → 403.
//! - `POST` is a delivery: the raw body (at most [`MAX_BODY`]) is checked against
//!   `X-Hub-Signature-256` with the Instagram app secret before anything is parsed (401
//!   unsigned, 403 a signature that does not match); a signed body that is not a delivery
//!   is 400; the `comments` events go to `Pulse::comment_events` on the blocking pool, the
//!   alert runner is woken, and the answer is 200. A store failure is 500, so Instagram
//!   delivers again (a second delivery alerts nobody twice).
//!
//! Logs name outcomes and counts only: no body, comment text, id or token.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use connectors::webhook::{self, WebhookError};
use secrecy::{ExposeSecret as _, SecretString};

use crate::app::AppState;
use crate::errors;
use crate::metrics::{AlertOutcome, WebhookOutcome};

/// The path, under `http.public_url`.
pub const PATH: &str = "/instagram/webhook";
/// The largest delivery read.
pub const MAX_BODY: usize = webhook::MAX_BODY;

/// What the routes need beside the app.
#[derive(Clone)]
struct Webhooks {
    state: Arc<AppState>,
    /// `None`: webhooks are not configured, both routes answer 404.
    verify_token: Option<SecretString>,
}

/// The `GET` and `POST` routes of [`PATH`].
pub fn router(state: Arc<AppState>, verify_token: Option<SecretString>) -> Router {
    Router::new()
        .route(PATH, get(handshake).post(delivery))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(Webhooks {
            state,
            verify_token,
        })
}

/// Equal in constant time (for equal lengths; the length is not secret).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

async fn handshake(
    State(hooks): State<Webhooks>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(token) = &hooks.verify_token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let subscribe = query.get("hub.mode").map(String::as_str) == Some("subscribe");
    let matches = query
        .get("hub.verify_token")
        .is_some_and(|sent| same(sent.as_bytes(), token.expose_secret().as_bytes()));
    match query.get("hub.challenge") {
        Some(challenge) if subscribe && matches => {
            tracing::info!("instagram webhook verified");
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                challenge.clone(),
            )
                .into_response()
        }
        _ => {
            tracing::info!("an instagram webhook handshake was refused");
            StatusCode::FORBIDDEN.into_response()
        }
    }
}

async fn delivery(State(hooks): State<Webhooks>, headers: HeaderMap, body: Bytes) -> Response {
    if hooks.verify_token.is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let state = &hooks.state;
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|value| value.to_str().ok());
    let secret = state.meta_app_secret.expose_secret();
    if let Err(error) = webhook::verify_signature(&[secret], &body, signature) {
        let (outcome, status) = match error {
            WebhookError::Unsigned => (WebhookOutcome::Unsigned, StatusCode::UNAUTHORIZED),
            _ => (WebhookOutcome::BadSignature, StatusCode::FORBIDDEN),
        };
        state.metrics.webhook(outcome);
        tracing::info!(error = %error, "an instagram webhook was refused");
        return status.into_response();
    }
    let now = (state.clock)();
    let events = match webhook::comment_events(&body, now) {
        Ok(events) => events,
        Err(error) => {
            state.metrics.webhook(WebhookOutcome::Malformed);
            tracing::warn!(error = %error, bytes = body.len(), "a signed instagram webhook could not be read");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    if events.is_empty() {
        state.metrics.webhook(WebhookOutcome::Accepted);
        return StatusCode::OK.into_response();
    }
    let pulse = state.pulse.clone();
    match tokio::task::spawn_blocking(move || pulse.comment_events(events, now)).await {
        Ok(Ok(arrived)) => {
            state.metrics.webhook(WebhookOutcome::Accepted);
            state
                .metrics
                .alerts(AlertOutcome::Queued, arrived.alerts_queued);
            tracing::debug!(
                events = arrived.events,
                stored = arrived.stored,
                queued = arrived.alerts_queued,
                unknown_account = arrived.unknown_account,
                own = arrived.own,
                "instagram webhook"
            );
            if arrived.alerts_queued > 0 {
                state.alerts_wake.notify_one();
            }
            StatusCode::OK.into_response()
        }
        Ok(Err(error)) => {
            state.metrics.webhook(WebhookOutcome::Failed);
            errors::report("storing webhook comments failed", &error);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(error) => {
            state.metrics.webhook(WebhookOutcome::Failed);
            tracing::error!(error = %error, "storing webhook comments panicked");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn tokens_compare_by_every_byte() {
        assert!(same(b"verify-me", b"verify-me"));
        assert!(!same(b"verify-me", b"verify-mE"));
        assert!(!same(b"verify-me", b"verify-m"));
        assert!(!same(b"", b"x"));
    }
}
