//! The people around an account: fans (`/fans`), leads (`/leads`) and follower
//! demographics.

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use engine::command::LeadFilter;
use engine::period::Period;
use engine::views::audience::{DemographicsView, FansView, LeadsView};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::StatsReader;
use super::params;
use super::problem::{Problem, BAD_PARAMETER};
use super::responses::{self, AccountProblems};
use crate::app::AppState;

/// A period and how many fans.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FansParams {
    /// The period the comments were written in, in the chat's forms; the last 30 days when
    /// absent.
    #[param(example = "30d")]
    pub period: Option<String>,
    /// How many people, 1 to 100 (10 unless told, as `/fans` shows).
    #[param(example = "10")]
    pub n: Option<String>,
}

/// The people who commented most in a period, as `/fans` ranks them.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/fans",
    operation_id = "get_fans",
    tag = "audience",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), FansParams),
    responses((status = 200, description = "The fans", body = FansView), AccountProblems)
)]
pub async fn fans(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<FansParams>, QueryRejection>,
) -> Result<Json<FansView>, Problem> {
    let account = responses::account(path)?;
    let asked = params::query(query)?;
    let period = params::period(asked.period.as_deref(), Period::DEFAULT)?;
    let count = params::count("n", asked.n.as_deref(), 10, 100)?;
    let view = state.pulse.api_fans(
        &reader.caller.chat,
        &account,
        period,
        count,
        (state.clock)(),
    )?;
    Ok(Json(view))
}

/// A period and which leads.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadsParams {
    /// The period the comments were written in, in the chat's forms; the last 30 days when
    /// absent.
    #[param(example = "7d")]
    pub period: Option<String>,
    /// `open` (the default), `replied`, `won`, `lost`, `done` or `all`, as `/leads` takes it.
    #[param(example = "open")]
    pub status: Option<String>,
}

/// The comments of a period that look like buyers', as `/leads` shows them.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/leads",
    operation_id = "get_leads",
    tag = "audience",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), LeadsParams),
    responses((status = 200, description = "The leads", body = LeadsView), AccountProblems)
)]
pub async fn leads(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<LeadsParams>, QueryRejection>,
) -> Result<Json<LeadsView>, Problem> {
    let account = responses::account(path)?;
    let asked = params::query(query)?;
    let period = params::period(asked.period.as_deref(), Period::DEFAULT)?;
    let filter = match asked.status.as_deref() {
        None => LeadFilter::Open,
        Some(word) => LeadFilter::parse(word).ok_or_else(|| {
            Problem::new(
                &BAD_PARAMETER,
                "`status` is open, replied, won, lost, done or all.",
            )
        })?,
    };
    let view = state.pulse.api_leads(
        &reader.caller.chat,
        &account,
        filter,
        period,
        (state.clock)(),
    )?;
    Ok(Json(view))
}

/// The followers' demographics (Instagram's; none under 100 followers).
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/demographics",
    operation_id = "get_demographics",
    tag = "audience",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle")),
    responses((status = 200, description = "The demographics", body = DemographicsView), AccountProblems)
)]
pub async fn demographics(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<DemographicsView>, Problem> {
    let account = responses::account(path)?;
    let view = state
        .pulse
        .api_demographics(&reader.caller.chat, &account, (state.clock)())?;
    Ok(Json(view))
}
