//! The error responses the endpoints document, shared (every one is a [`Problem`] as
//! `application/problem+json`), and the path extractor that names an account.

use axum::extract::rejection::PathRejection;
use axum::extract::Path;

use super::problem::{Problem, BAD_PARAMETER};

/// The errors of an endpoint that reads an account's figures.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only described: handlers return `Problem` itself.
pub enum AccountProblems {
    /// A parameter (the period, a count, a metric…) is not what the endpoint takes.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No key, or a key this Pulse refuses.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The key may not read the figures (no `stats:read`).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No account of the key's chat is named so.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The account's network does not report this figure.
    #[response(status = 422, content_type = "application/problem+json")]
    NotReported(Problem),
    /// The account is paused (`/pause`) until `/resume`.
    #[response(status = 409, content_type = "application/problem+json")]
    Paused(Problem),
    /// Over the key's allowance, or the address's without a valid key.
    #[response(
        status = 429,
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds until a request is let through again"))
    )]
    TooMany(Problem),
    /// Pulse failed; the detail names a reference.
    #[response(status = 500, content_type = "application/problem+json")]
    Internal(Problem),
}

/// The errors of an endpoint that reads no account by path.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only described: handlers return `Problem` itself.
pub enum CallerProblems {
    /// No key, or a key this Pulse refuses.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The key may not read the figures (no `stats:read`).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Over the key's allowance, or the address's without a valid key.
    #[response(
        status = 429,
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds until a request is let through again"))
    )]
    TooMany(Problem),
    /// Pulse failed; the detail names a reference.
    #[response(status = 500, content_type = "application/problem+json")]
    Internal(Problem),
}

/// The errors of an operation on one of the chat's accounts that `admin` may do.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only described: handlers return `Problem` itself.
pub enum AdminAccountProblems {
    /// The account in the path cannot be read.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No key, or a key this Pulse refuses.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The key may not do this (no `admin`).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No account of the key's chat is named so.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Over the key's allowance, or the address's without a valid key.
    #[response(
        status = 429,
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds until a request is let through again"))
    )]
    TooMany(Problem),
    /// Pulse failed; the detail names a reference.
    #[response(status = 500, content_type = "application/problem+json")]
    Internal(Problem),
}

/// The errors of an erasure.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only described: handlers return `Problem` itself.
pub enum ErasureProblems {
    /// The query string cannot be read.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No key, or a key this Pulse refuses (an erased chat's keys too).
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The key may not erase (no `admin`).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// The `confirm` token is wrong, used or expired: nothing was deleted.
    #[response(status = 409, content_type = "application/problem+json")]
    Refused(Problem),
    /// Over the key's allowance, or the address's without a valid key.
    #[response(
        status = 429,
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds until a request is let through again"))
    )]
    TooMany(Problem),
    /// Pulse failed; the detail names a reference.
    #[response(status = 500, content_type = "application/problem+json")]
    Internal(Problem),
}

/// The account a path names (its id, or its handle with or without `@`).
pub fn account(path: Result<Path<String>, PathRejection>) -> Result<String, Problem> {
    path.map(|Path(account)| account).map_err(|rejection| {
        Problem::new(
            &BAD_PARAMETER,
            format!(
                "The account in the path cannot be read: {}.",
                rejection.body_text()
            ),
        )
    })
}
