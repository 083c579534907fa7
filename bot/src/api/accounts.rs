//! `GET /api/v1/accounts`: the accounts linked to the key's chat, as `/accounts` lists them.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use engine::views::AccountView;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::StatsReader;
use super::problem::Problem;
use super::responses::CallerProblems;
use crate::app::AppState;

/// The accounts a key reads.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountsView {
    /// The accounts linked to the key's chat, in the order they were linked.
    pub accounts: Vec<AccountView>,
}

/// The accounts linked to the key's chat.
#[utoipa::path(
    get,
    path = "/api/v1/accounts",
    operation_id = "list_accounts",
    tag = "accounts",
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The accounts of the key's chat", body = AccountsView),
        CallerProblems,
    )
)]
pub async fn list(
    State(state): State<Arc<AppState>>,
    reader: StatsReader,
) -> Result<Json<AccountsView>, Problem> {
    let accounts = state
        .pulse
        .api_accounts(&reader.caller.chat)
        .map_err(|error| Problem::internal("listing the API's accounts failed", &error))?;
    Ok(Json(AccountsView { accounts }))
}
