//! `POST /api/v1/questions`: a question in plain words, read by the parser (no model; each
//! call stands alone, no follow-ups) and answered as the chat would answer it, with the
//! frames it was read as. The body is at most 16 KiB (a signing key's signature covers it:
//! checked before the handler, by [`super::gate`]).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use engine::views::question::QuestionView;
use serde::Deserialize;
use utoipa::ToSchema;

use super::auth::StatsReader;
use super::problem::{Problem, BAD_PARAMETER, TOO_LARGE};
use super::responses::AccountProblems;
use crate::app::AppState;

/// The most a question's body may be.
pub const MAX_BODY: usize = 16 * 1024;

/// A question.
#[derive(Debug, Deserialize, ToSchema)]
pub struct QuestionBody {
    /// The question, as a person would ask it in the chat.
    #[schema(example = "which post got the most saves last month?")]
    pub question: String,
    /// The account it is about (id or @handle); the chat's account in use when absent.
    pub account: Option<String>,
}

/// The error only a body can cause.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only described: the handler returns `Problem` itself.
pub enum BodyProblems {
    /// The body is over 16 KiB.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
}

/// Answers a question in plain words.
#[utoipa::path(
    post,
    path = "/api/v1/questions",
    operation_id = "ask_question",
    tag = "questions",
    security(("api_key" = [])),
    request_body = QuestionBody,
    responses((status = 200, description = "How it was read, and the answer", body = QuestionView), AccountProblems, BodyProblems)
)]
pub async fn ask(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<QuestionView>, Problem> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(
                &TOO_LARGE,
                format!("A question's body is at most {} KiB.", MAX_BODY / 1024),
            )
        } else {
            Problem::new(&BAD_PARAMETER, "The body could not be read.")
        }
    })?;
    let body: QuestionBody = serde_json::from_slice(&body).map_err(|_| {
        Problem::new(
            &BAD_PARAMETER,
            "Send a JSON body like {\"question\": \"which post got the most saves last month?\"}.",
        )
    })?;
    if body.question.trim().is_empty() {
        return Err(Problem::new(&BAD_PARAMETER, "The question is empty."));
    }
    let view = state.pulse.api_question(
        &reader.caller.chat,
        &body.question,
        body.account.as_deref(),
        (state.clock)(),
    )?;
    Ok(Json(view))
}
