//! The one door of every stats read: a middleware over all of `/api/v1`, so no handler can
//! forget any of it. In order:
//!
//! 1. the key (`Authorization: Bearer`) is checked by the engine
//!    (`Pulse::authenticate_api_key`) — unless the request comes from an address that is
//!    over its allowance for requests without a valid key, which is refused (429) first;
//! 2. a request without a valid key takes one from its address's allowance (429 past it,
//!    401 otherwise); a request with one takes one from the key's (429 past it);
//! 3. for a key that signs, the body is read (at most [`MAX_BODY`], 413 past it), the
//!    signature checked over it (`Pulse::verify_api_signature`, 401), and the body passed on;
//! 4. the caller goes to the handler in the request's extensions ([`super::auth`]'s
//!    `StatsReader` takes it from there, and checks the scope);
//! 5. every answer carries `RateLimit-Policy` and `RateLimit` ([`super::limits`]), and every
//!    request made with a valid key is written to its access log (`Pulse::record_api_request`:
//!    the route's pattern, method, status, latency, bytes, the address — which the engine keeps
//!    as its /24 or /48 —, never the key, the query or the body).
//!
//! Requests without a valid key are not logged: the log is the key's, kept for its chat,
//! read with `/apikey log`, exported and erased with the chat's data; a request no key vouches
//! for belongs to no chat, and an address nobody can erase is not kept. They are counted in
//! `/metrics` with the rest (`pulse_http_requests_total`, by route pattern and status), and
//! the requests refused here for a limit in `pulse_api_limited_total{limit}`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, HttpBody as _};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use engine::api_keys::SignedParts;
use engine::pulse::{ApiAccessEntry, ApiCaller};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};

use super::limits::Standing;
use super::problem::{Problem, BAD_PARAMETER, KEY_REFUSED, NO_KEY, SIGNATURE, TOO_LARGE, TOO_MANY};
use super::questions::MAX_BODY;
use crate::app::AppState;
use crate::metrics::ApiLimit;

/// The key in `Authorization: Bearer <key>` (the scheme in any case), if any.
fn bearer(request: &Request) -> Option<&str> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, key) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| key.trim())
        .filter(|key| !key.is_empty())
}

/// The middleware: see the module's documentation.
pub async fn gate(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let at = (state.clock)();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| matched.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    let (response, caller) = admit(&state, address, request, next).await;
    if let Some(caller) = caller {
        let entry = ApiAccessEntry {
            key_id: caller.key_id,
            method,
            route: route.unwrap_or_else(|| "unmatched".into()),
            status: response.status().as_u16(),
            latency_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
            bytes: response.body().size_hint().exact().unwrap_or(0),
            ip: address,
            at,
        };
        if let Err(error) = state.pulse.record_api_request(&entry) {
            tracing::warn!(error = %error, "an API request could not be logged");
        }
    }
    response
}

/// Steps 1 to 4: the answer, and the caller when the key was valid.
async fn admit(
    state: &AppState,
    address: Option<IpAddr>,
    request: Request,
    next: Next,
) -> (Response, Option<ApiCaller>) {
    let limits = &state.api_limits;
    // Requests that reach no address (in-process callers) share one allowance.
    let bucket = address.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let refusal = match bearer(&request) {
        None => Problem::new(
            &NO_KEY,
            "Send an API key as `Authorization: Bearer <key>`. A chat administrator makes one with /apikey new <name> stats:read.",
        ),
        Some(key) => {
            if let Some(standing) = limits.address_blocked(bucket) {
                return (too_many(state, ApiLimit::Address, &standing), None);
            }
            match state.pulse.authenticate_api_key(key, (state.clock)()) {
                Ok(caller) => {
                    let response = serve(state, &caller, request, next).await;
                    return (response, Some(caller));
                }
                Err(refusal) => Problem::new(&KEY_REFUSED, refusal.to_string()),
            }
        }
    };
    let standing = limits.take_for_address(bucket);
    if !standing.allowed() {
        return (too_many(state, ApiLimit::Address, &standing), None);
    }
    (with_standing(refusal.into_response(), &standing), None)
}

/// A valid key's request: its allowance, its signature, then the handler.
async fn serve(state: &AppState, caller: &ApiCaller, request: Request, next: Next) -> Response {
    let standing = state.api_limits.take_for_key(&caller.key_id);
    if !standing.allowed() {
        return too_many(state, ApiLimit::Key, &standing);
    }
    let mut request = if caller.signed {
        match signed(state, caller, request).await {
            Ok(request) => request,
            Err(problem) => return with_standing(problem.into_response(), &standing),
        }
    } else {
        request
    };
    request.extensions_mut().insert(caller.clone());
    with_standing(next.run(request).await, &standing)
}

/// A signing key's request with its body read and its signature checked, or the problem.
async fn signed(
    state: &AppState,
    caller: &ApiCaller,
    request: Request,
) -> Result<Request, Problem> {
    let (parts, body) = request.into_parts();
    let body = Limited::new(body, MAX_BODY)
        .collect()
        .await
        .map_err(|error| {
            if error.downcast_ref::<LengthLimitError>().is_some() {
                Problem::new(
                    &TOO_LARGE,
                    format!("A request's body is at most {} KiB.", MAX_BODY / 1024),
                )
            } else {
                Problem::new(&BAD_PARAMETER, "The body could not be read.")
            }
        })?
        .to_bytes();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    let signed = SignedParts {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or_default(),
        timestamp: header("x-pulse-timestamp"),
        signature: header("x-pulse-signature"),
        body: &body,
    };
    state
        .pulse
        .verify_api_signature(caller, &signed, (state.clock)())
        .map_err(|refusal| Problem::new(&SIGNATURE, refusal.to_string()))?;
    Ok(Request::from_parts(parts, Body::from(body)))
}

/// 429, with `Retry-After` and where the caller stands; counted.
fn too_many(state: &AppState, limit: ApiLimit, standing: &Standing) -> Response {
    state.metrics.api_limited(limit);
    let wait = standing.retry_after_secs.unwrap_or(1);
    let detail = match limit {
        ApiLimit::Key => format!(
            "This key has used its allowance ({} requests an hour, a burst at most at once): try again in {wait} s.",
            standing.quota
        ),
        ApiLimit::Address => format!(
            "Too many requests without a valid key from this address ({} a minute): try again in {wait} s.",
            standing.quota
        ),
    };
    with_standing(Problem::new(&TOO_MANY, detail).into_response(), standing)
}

fn with_standing(mut response: Response, standing: &Standing) -> Response {
    standing.write(response.headers_mut());
    response
}
