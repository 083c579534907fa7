//! Who is calling: the one extractor every stats endpoint takes. `Authorization: Bearer
//! <key>` is checked by the engine (`Pulse::authenticate_api_key`); a missing or refused
//! key is a 401 problem, a key without `stats:read` a 403. The caller's chat is whose
//! accounts the request may read.
//!
//! A key minted to sign its requests must sign every one (`Pulse::verify_api_signature`):
//! a request without a body is checked here; one with a body carries its signature
//! unchecked in [`StatsReader`] until its handler hands the body to
//! [`StatsReader::check_body`] (only `POST /api/v1/questions` has one).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use engine::api_keys::{Scope, SignedParts};
use engine::pulse::ApiCaller;

use super::problem::{Problem, KEY_REFUSED, NO_KEY, SCOPE, SIGNATURE};
use crate::app::AppState;

/// A caller whose key may read the figures.
pub struct StatsReader {
    /// Who.
    pub caller: ApiCaller,
    /// A signed request's parts, to be checked with its body.
    unchecked: Option<Signature>,
}

/// What a signature covers but the body.
struct Signature {
    method: String,
    path: String,
    query: String,
    timestamp: Option<String>,
    signature: Option<String>,
}

/// The key in `Authorization: Bearer <key>` (the scheme in any case), if any.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| key.trim())
        .filter(|key| !key.is_empty())
}

impl StatsReader {
    /// Checks a signed request's signature over `body`; nothing to check otherwise.
    pub fn check_body(&mut self, state: &AppState, body: &[u8]) -> Result<(), Problem> {
        let Some(signed) = self.unchecked.take() else {
            return Ok(());
        };
        let parts = SignedParts {
            method: &signed.method,
            path: &signed.path,
            query: &signed.query,
            timestamp: signed.timestamp.as_deref(),
            signature: signed.signature.as_deref(),
            body,
        };
        state
            .pulse
            .verify_api_signature(&self.caller, &parts, (state.clock)())
            .map_err(|refusal| Problem::new(&SIGNATURE, refusal.to_string()))
    }
}

impl FromRequestParts<Arc<AppState>> for StatsReader {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let Some(key) = bearer(parts) else {
            return Err(Problem::new(
                &NO_KEY,
                "Send an API key as `Authorization: Bearer <key>`. A chat administrator makes one with /apikey new <name> stats:read.",
            ));
        };
        let caller = state
            .pulse
            .authenticate_api_key(key, (state.clock)())
            .map_err(|refusal| Problem::new(&KEY_REFUSED, refusal.to_string()))?;
        if !caller.allows(Scope::StatsRead) {
            return Err(Problem::new(
                &SCOPE,
                "This key may not read the figures: it needs the stats:read scope (/apikey new <name> stats:read).",
            ));
        }
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let unchecked = caller.signed.then(|| Signature {
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().unwrap_or_default().to_owned(),
            timestamp: header("x-pulse-timestamp"),
            signature: header("x-pulse-signature"),
        });
        let mut reader = StatsReader { caller, unchecked };
        if matches!(parts.method, Method::GET | Method::HEAD) {
            reader.check_body(state, &[])?;
        }
        Ok(reader)
    }
}
