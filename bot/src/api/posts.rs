//! An account's posts: a page of them (filtered by period and type, sorted by a metric),
//! and the top and bottom posts by a metric (`/top`'s ranking).

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use engine::analytics::Order;
use engine::metric::Metric;
use engine::period::Period;
use engine::pulse::PostsQuery;
use engine::views::posts::{media_type, PostSort, PostsPage, RankingView};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::StatsReader;
use super::params;
use super::problem::{Problem, BAD_PARAMETER};
use super::responses::{self, AccountProblems};
use crate::app::AppState;

/// At most this many posts a page.
const MAX_PER_PAGE: usize = 100;

/// Which posts, in what order, which page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PostsParams {
    /// The period the posts were published in, in the chat's forms (`7d`, `last-month`,
    /// `2026-01-01..2026-01-31`, `all` …); the last 30 days when absent.
    #[param(example = "30d")]
    pub period: Option<String>,
    /// Only posts of this type: `photo`, `video`, `reel`, `carousel` or `story`.
    #[param(example = "reel")]
    pub media_type: Option<String>,
    /// `published_at` (the default) or a metric: `interactions`, `likes`, `comments`,
    /// `saves`, `shares`, `reach`, `views`, `follows`, `profile_visits`, `engagement_rate`.
    /// Posts without data for the metric come last.
    #[param(example = "saves")]
    pub sort: Option<String>,
    /// `desc` (the default: highest or newest first) or `asc`.
    pub order: Option<String>,
    /// The page, from 1 (the default).
    pub page: Option<String>,
    /// Posts a page, 1 to 100 (20 unless told).
    pub per_page: Option<String>,
}

/// A page of the posts published in a period.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/posts",
    operation_id = "list_posts",
    tag = "posts",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), PostsParams),
    responses((status = 200, description = "A page of posts", body = PostsPage), AccountProblems)
)]
pub async fn list(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<PostsParams>, QueryRejection>,
) -> Result<Json<PostsPage>, Problem> {
    let account = responses::account(path)?;
    let asked = params::query(query)?;
    let kind = match asked.media_type.as_deref() {
        None => None,
        Some(word) => Some(media_type(word).ok_or_else(|| {
            Problem::new(
                &BAD_PARAMETER,
                "`media_type` is photo, video, reel, carousel or story.",
            )
        })?),
    };
    let sort = match asked.sort.as_deref() {
        None | Some("published_at") => PostSort::Published,
        Some(metric) => PostSort::Metric(params::metric(Some(metric), Metric::Interactions)?),
    };
    let posts = PostsQuery {
        period: params::period(asked.period.as_deref(), Period::DEFAULT)?,
        kind,
        sort,
        order: params::order(asked.order.as_deref(), Order::Highest)?,
        page: params::count("page", asked.page.as_deref(), 1, usize::MAX)?,
        per_page: params::count("per_page", asked.per_page.as_deref(), 20, MAX_PER_PAGE)?,
    };
    let view = state
        .pulse
        .api_posts(&reader.caller.chat, &account, posts, (state.clock)())?;
    Ok(Json(view))
}

/// A ranking's metric, period and length.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingParams {
    /// Ranked by: `interactions` (the default), `likes`, `comments`, `saves`, `shares`,
    /// `reach`, `views`, `follows`, `profile_visits` or `engagement_rate`.
    #[param(example = "saves")]
    pub metric: Option<String>,
    /// The period the posts were published in, in the chat's forms; the last 30 days when
    /// absent.
    #[param(example = "30d")]
    pub period: Option<String>,
    /// How many posts, 1 to 20 (5 unless told), as `/top` takes it.
    #[param(example = "3")]
    pub n: Option<String>,
}

fn ranking(
    state: Arc<AppState>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<RankingParams>, QueryRejection>,
    order: Order,
) -> Result<Json<RankingView>, Problem> {
    let account = responses::account(path)?;
    let asked = params::query(query)?;
    let metric = params::metric(asked.metric.as_deref(), Metric::Interactions)?;
    let period = params::period(asked.period.as_deref(), Period::DEFAULT)?;
    let count = params::count("n", asked.n.as_deref(), 5, engine::command::MAX_TOP)?;
    let view = state.pulse.api_top(
        &reader.caller.chat,
        &account,
        (metric, order, count),
        period,
        (state.clock)(),
    )?;
    Ok(Json(view))
}

/// The posts of a period with the highest value of a metric, as `/top` lists them.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/posts/top",
    operation_id = "get_top_posts",
    tag = "posts",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), RankingParams),
    responses((status = 200, description = "The top posts", body = RankingView), AccountProblems)
)]
pub async fn top(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<RankingParams>, QueryRejection>,
) -> Result<Json<RankingView>, Problem> {
    ranking(state, reader, path, query, Order::Highest)
}

/// The posts of a period with the lowest value of a metric.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{account}/posts/bottom",
    operation_id = "get_bottom_posts",
    tag = "posts",
    security(("api_key" = [])),
    params(("account" = String, Path, description = "The account's id or @handle"), RankingParams),
    responses((status = 200, description = "The bottom posts", body = RankingView), AccountProblems)
)]
pub async fn bottom(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<RankingParams>, QueryRejection>,
) -> Result<Json<RankingView>, Problem> {
    ranking(state, reader, path, query, Order::Lowest)
}
