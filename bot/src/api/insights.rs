//! An account's figures over a period: the overview (`/stats`), its daily insights, the
//! follower series and the best time to post (`/best_time`).

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use engine::period::Period;
use engine::views::figures::{BestTimeView, DailyInsightsView, FollowerSeriesView, OverviewView};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::StatsReader;
use super::params;
use super::problem::Problem;
use super::responses::{self, AccountProblems};
use crate::app::AppState;

/// A period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// The period, in the chat's forms: `7d`, `4w`, `3m`, `today`, `yesterday`, `week`,
    /// `last-week`, `month`, `last-month`, `year`, `last-year`, `all`, `2025`, `march`,
    /// `2026-01-01..2026-01-31`. The last 30 days (90 for the best time) when absent.
    #[param(example = "7d")]
    pub period: Option<String>,
}

/// The overview of a period, as `/stats` shows it.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/overview",
    operation_id = "get_overview",
    tag = "figures",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), PeriodParams),
    responses((status = 200, description = "The overview", body = OverviewView), AccountProblems)
)]
pub async fn overview(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<PeriodParams>, QueryRejection>,
) -> Result<Json<OverviewView>, Problem> {
    let account = responses::account(path)?;
    let period = params::period(params::query(query)?.period.as_deref(), Period::DEFAULT)?;
    let view = state
        .pulse
        .api_overview(&reader.caller.chat, &account, period, (state.clock)())?;
    Ok(Json(view))
}

/// Every day of a period with the account's daily insights (`null` where there are none).
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/insights/daily",
    operation_id = "get_daily_insights",
    tag = "figures",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), PeriodParams),
    responses((status = 200, description = "The days", body = DailyInsightsView), AccountProblems)
)]
pub async fn daily(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<PeriodParams>, QueryRejection>,
) -> Result<Json<DailyInsightsView>, Problem> {
    let account = responses::account(path)?;
    let period = params::period(params::query(query)?.period.as_deref(), Period::DEFAULT)?;
    let view =
        state
            .pulse
            .api_daily_insights(&reader.caller.chat, &account, period, (state.clock)())?;
    Ok(Json(view))
}

/// Followers per day over a period, read or estimated back from a later count.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/followers",
    operation_id = "get_follower_series",
    tag = "figures",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), PeriodParams),
    responses((status = 200, description = "The series", body = FollowerSeriesView), AccountProblems)
)]
pub async fn followers(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<PeriodParams>, QueryRejection>,
) -> Result<Json<FollowerSeriesView>, Problem> {
    let account = responses::account(path)?;
    let period = params::period(params::query(query)?.period.as_deref(), Period::DEFAULT)?;
    let view =
        state
            .pulse
            .api_follower_series(&reader.caller.chat, &account, period, (state.clock)())?;
    Ok(Json(view))
}

/// When to post, as `/best_time` says (from the posts of the last 90 days unless told).
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/best-time",
    operation_id = "get_best_time",
    tag = "figures",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), PeriodParams),
    responses((status = 200, description = "When to post", body = BestTimeView), AccountProblems)
)]
pub async fn best_time(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<PeriodParams>, QueryRejection>,
) -> Result<Json<BestTimeView>, Problem> {
    let account = responses::account(path)?;
    let period = params::period(
        params::query(query)?.period.as_deref(),
        Period::LastDays(90),
    )?;
    let view = state
        .pulse
        .api_best_time(&reader.caller.chat, &account, period, (state.clock)())?;
    Ok(Json(view))
}
