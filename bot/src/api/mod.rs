//! The stats API: `/api/v1/…`, JSON reads of the figures of a chat's accounts, over the
//! engine's views (`Pulse::api_*`), so every figure equals the chat's for the same question.
//!
//! - `GET /api/v1/accounts` ([`accounts`]);
//! - `GET /api/v1/accounts/{account}/overview`, `/insights/daily`, `/followers`,
//!   `/best-time` ([`insights`]); `/posts`, `/posts/top`, `/posts/bottom` ([`posts`]);
//!   `/fans`, `/leads`, `/demographics` ([`audience`]);
//! - `POST /api/v1/questions` ([`questions`], 16 KiB at most);
//! - `GET /api/v1/export`, `DELETE /api/v1/chat` (two steps: a `confirm` token, then the
//!   erasure), `POST /api/v1/accounts/{account}/pause` and `/resume` ([`rights`]: the
//!   chat's `/export`, `/forget`, `/pause` and `/resume`);
//! - `GET /api/openapi.json`, the OpenAPI 3.1 document built from the handlers as they are
//!   routed ([`openapi`]), and `GET /api/docs`, the same as an HTML page ([`docs`]).
//!
//! Every read passes one middleware, [`gate`]: the key, the rate limits ([`limits`]; the
//! `RateLimit` fields on every answer), a signing key's signature over the body, and the
//! key's access log. Handlers take the caller as [`auth::StatsReader`],
//! [`auth::Exporter`] or [`auth::Administrator`] (which check the scope); `{account}` is an id or @handle of one of the key's chat's accounts, and any other
//! is not found. Errors are problem+json ([`problem`]), unknown `/api/` paths too.

pub mod accounts;
pub mod audience;
pub mod auth;
pub mod docs;
pub mod gate;
pub mod insights;
pub mod limits;
pub mod openapi;
pub mod params;
pub mod posts;
pub mod problem;
pub mod questions;
pub mod responses;
pub mod rights;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use problem::Problem;

/// The API's routes, and the OpenAPI document they were built with.
pub fn routes() -> (axum::Router<Arc<AppState>>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(accounts::list))
        .routes(routes!(insights::overview))
        .routes(routes!(insights::daily))
        .routes(routes!(insights::followers))
        .routes(routes!(insights::best_time))
        .routes(routes!(posts::list))
        .routes(routes!(posts::top))
        .routes(routes!(posts::bottom))
        .routes(routes!(audience::fans))
        .routes(routes!(audience::leads))
        .routes(routes!(audience::demographics))
        .routes(routes!(questions::ask))
        .routes(routes!(rights::export))
        .routes(routes!(rights::erase))
        .routes(routes!(rights::pause))
        .routes(routes!(rights::resume))
        .split_for_parts()
}

/// The API mounted for the HTTP server: the reads, the document and the docs page.
pub fn router(state: Arc<AppState>) -> Router {
    let (reads, document) = routes();
    let json = document
        .to_json()
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    let page = serde_json::from_str(&json)
        .map(|value| docs::page(&value))
        .unwrap_or_default();
    // Every read passes the gate (key, limits, signature, access log); inside the body limit.
    let reads = reads
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            gate::gate,
        ))
        .layer(DefaultBodyLimit::max(questions::MAX_BODY));
    reads
        .route(
            "/api/openapi.json",
            get(move || async move { json_response(json.clone()) }),
        )
        .route("/api/docs", get(move || async move { Html(page.clone()) }))
        .route("/api", any(not_found))
        .route("/api/{*rest}", any(not_found))
        .with_state(state)
}

fn json_response(json: String) -> Response {
    let mut response = json.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

async fn not_found() -> Problem {
    Problem::new(
        &problem::NOT_FOUND,
        "There is no such endpoint: /api/docs lists them.",
    )
}
