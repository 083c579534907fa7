//! The chat's rights over the API, each the chat's own command behind it (the engine's
//! `Pulse::api_export`, `api_erasure_confirmation` / `api_erase_chat`, `api_set_paused`):
//!
//! - `GET /api/v1/export` (`export:read`): `/export`'s `pulse-export/1` document;
//! - `DELETE /api/v1/chat` (`admin`): `/forget`, in two steps as in the chat — without
//!   `confirm`, 202 and a one-time token (the chat's `/forget` question's nonce, valid 5
//!   minutes); with `?confirm=<token>`, the erasure and its receipt (200), or 409 and nothing
//!   deleted. The chat's keys go with it, this one included;
//! - `POST /api/v1/accounts/{account}/pause` and `/resume` (`admin`): `/pause` and
//!   `/resume`, answering the account's state after.

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use engine::views::rights::{ErasureConfirmationView, ErasureView, PauseView};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::{Administrator, Exporter};
use super::params;
use super::problem::{Problem, CONFIRMATION};
use super::responses::{self, AdminAccountProblems, CallerProblems, ErasureProblems};
use crate::app::AppState;

/// The chat's export: everything Pulse stores for the key's chat, as `/export` gives it.
#[utoipa::path(
    get,
    path = "/api/v1/export",
    operation_id = "get_export",
    tag = "rights",
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The chat's `pulse-export/1` document (docs/export-format.md): no access token, API key hash or signing secret", content_type = "application/json", body = Object),
        CallerProblems,
    )
)]
pub async fn export(State(state): State<Arc<AppState>>, exporter: Exporter) -> Response {
    match state
        .pulse
        .api_export(&exporter.caller.chat, (state.clock)())
    {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => Problem::internal("the API's export failed", &error).into_response(),
    }
}

/// The query of an erasure.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfirmParams {
    /// The token a `DELETE /api/v1/chat` without it gave; absent, the erasure is only asked.
    pub confirm: Option<String>,
}

/// Erases everything Pulse stores for the key's chat, as `/forget` does: asked, then
/// confirmed with the token the first request gave.
#[utoipa::path(
    delete,
    path = "/api/v1/chat",
    operation_id = "erase_chat",
    tag = "rights",
    security(("api_key" = [])),
    params(ConfirmParams),
    responses(
        (status = 200, description = "Erased: what went, counted. The chat's keys, this one included, no longer work", body = ErasureView),
        (status = 202, description = "Nothing deleted yet: the token that confirms the erasure", body = ErasureConfirmationView),
        ErasureProblems,
    )
)]
pub async fn erase(
    State(state): State<Arc<AppState>>,
    admin: Administrator,
    query: Result<Query<ConfirmParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let chat = &admin.caller.chat;
    let now = (state.clock)();
    let Some(token) = params::query(query)?.confirm else {
        let asked = state
            .pulse
            .api_erasure_confirmation(chat, now)
            .map_err(|error| Problem::internal("asking an API erasure failed", &error))?;
        return Ok((StatusCode::ACCEPTED, Json(asked)).into_response());
    };
    let erased = state
        .pulse
        .api_erase_chat(chat, &token, now)
        .map_err(|error| Problem::internal("an API erasure failed", &error))?;
    let Some(erased) = erased else {
        return Err(Problem::new(
            &CONFIRMATION,
            "This token is not the chat's open one: it was used, replaced by a newer one, or expired. Nothing was deleted; DELETE /api/v1/chat without `confirm` gives a new one.",
        ));
    };
    tracing::info!(
        platform = chat.platform.as_str(),
        accounts = erased.accounts_erased,
        "chat erased over the API"
    );
    if erased.accounts_erased > 0 {
        // As after /forget: a TikTok account erased has its access revoked.
        state.revoker_wake.notify_one();
    }
    Ok(Json(erased).into_response())
}

/// Pauses an account of the key's chat, as `/pause @handle` does: its data is kept, syncs
/// and digests pass it over, and its figures are not served until it is resumed.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/{account}/pause",
    operation_id = "pause_account",
    tag = "rights",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle")),
    responses((status = 200, description = "The account's state after", body = PauseView), AdminAccountProblems)
)]
pub async fn pause(
    State(state): State<Arc<AppState>>,
    admin: Administrator,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<PauseView>, Problem> {
    set_paused(&state, &admin, path, true)
}

/// Resumes an account of the key's chat, as `/resume @handle` does.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/{account}/resume",
    operation_id = "resume_account",
    tag = "rights",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle")),
    responses((status = 200, description = "The account's state after", body = PauseView), AdminAccountProblems)
)]
pub async fn resume(
    State(state): State<Arc<AppState>>,
    admin: Administrator,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<PauseView>, Problem> {
    set_paused(&state, &admin, path, false)
}

fn set_paused(
    state: &AppState,
    admin: &Administrator,
    path: Result<Path<String>, PathRejection>,
    pause: bool,
) -> Result<Json<PauseView>, Problem> {
    let account = responses::account(path)?;
    let view = state
        .pulse
        .api_set_paused(&admin.caller.chat, &account, pause, (state.clock)())?;
    Ok(Json(view))
}
