//! Structured views of an account's figures: what the stats API serves, built by the same
//! functions as the chat's replies (`Pulse::api_*` in `pulse/api_views.rs`), so a figure in
//! the API equals the one the chat prints for the same question.
//!
//! Missing data is never a zero (SPEC §5): a figure Pulse has no data for is `None`
//! (`null` in JSON), and sums over days say how many of the period's days had data.
//! With the `openapi` feature (which `bot` turns on) every view also derives
//! `utoipa::ToSchema`, so the served OpenAPI document describes these very types.

pub mod audience;
pub mod figures;
pub mod posts;
pub mod question;
pub mod rights;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::account::Network;
use crate::period::{DateRange, Period};
use crate::records::{AccountRecord, AccountStatus, Backfill};

/// Why a view cannot be given.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// No account of the chat has this id or handle (another chat's accounts included).
    #[error("No account {0} is linked to this chat.")]
    UnknownAccount(String),
    /// The account is paused (`/pause`, a restriction of processing): nothing about it is
    /// served until `/resume`.
    #[error("@{0} is paused: its figures are not served until an administrator of the chat sends /resume.")]
    Paused(String),
    /// The account's network does not report what was asked (TikTok's saves or reach).
    #[error("{0}")]
    NotReported(String),
    /// The store failed.
    #[error(transparent)]
    Pulse(#[from] crate::pulse::PulseError),
}

impl From<crate::store::StoreError> for ViewError {
    fn from(error: crate::store::StoreError) -> Self {
        ViewError::Pulse(error.into())
    }
}

/// The period a view covers: as asked and as dates in the chat's time zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodView {
    /// The period in the chat's short form (`7d`, `last-month`, `2026-01-01..2026-01-31`).
    pub label: String,
    /// The first day (local date).
    pub first: NaiveDate,
    /// The last day, included.
    pub last: NaiveDate,
    /// How many days.
    pub days: i64,
    /// The time zone the dates are in (the chat's).
    pub time_zone: String,
}

impl PeriodView {
    /// `period` resolved to `range` in `timezone`.
    pub fn new(period: &Period, range: DateRange, timezone: Tz) -> Self {
        Self {
            label: period.label(),
            first: range.first,
            last: range.last,
            days: range.days(),
            time_zone: timezone.name().to_owned(),
        }
    }
}

/// A network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NetworkName {
    /// Instagram.
    Instagram,
    /// TikTok.
    Tiktok,
}

impl From<Network> for NetworkName {
    fn from(network: Network) -> Self {
        match network {
            Network::Instagram => NetworkName::Instagram,
            Network::TikTok => NetworkName::Tiktok,
        }
    }
}

/// How far the account's first sync got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FirstSync {
    /// Not started.
    Pending,
    /// Stopped before it was ready; it is tried again.
    Failed,
    /// The last 30 days are read; older posts are being read.
    Filling,
    /// Done.
    Done,
}

impl From<&Backfill> for FirstSync {
    fn from(backfill: &Backfill) -> Self {
        match backfill {
            Backfill::Pending => FirstSync::Pending,
            Backfill::Failed { .. } => FirstSync::Failed,
            Backfill::Filling { .. } => FirstSync::Filling,
            Backfill::Done { .. } => FirstSync::Done,
        }
    }
}

/// A linked account, as `/accounts` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    /// Pulse's id of the account (32 hex digits); paths take it or the handle.
    pub id: String,
    /// The network.
    pub network: NetworkName,
    /// The handle, without `@`.
    pub handle: String,
    /// The display name.
    pub name: Option<String>,
    /// Followers at the last profile read; `null` when the network does not share them.
    pub followers: Option<u64>,
    /// Whether the chat's questions are about this account.
    pub in_use: bool,
    /// Whether the network refused the token: syncs wait for `/connect` again.
    pub needs_reconnect: bool,
    /// How far the first sync got.
    pub first_sync: FirstSync,
    /// The end of the last sync: "data as of"; `null` before the first.
    pub data_as_of: Option<DateTime<Utc>>,
}

impl AccountView {
    /// The view of `account`.
    pub fn new(account: &AccountRecord, in_use: bool) -> Self {
        Self {
            id: account.id.to_string(),
            network: account.network.into(),
            handle: account.username.clone(),
            name: account.name.clone(),
            followers: account
                .followers_shared()
                .then_some(account.followers_count),
            in_use,
            needs_reconnect: account.status == AccountStatus::NeedsReconnect,
            first_sync: (&account.backfill).into(),
            data_as_of: account.last_sync_at,
        }
    }
}

/// A sum over the days of a period: `total` is `null` when no day had data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaySumView {
    /// The sum over the days with data.
    pub total: Option<u64>,
    /// Days of the period with a value.
    pub days_with_data: usize,
    /// Days in the period.
    pub days: i64,
}

impl DaySumView {
    /// The view of `sum` over a period of `days`.
    pub fn new(sum: crate::analytics::DaySum, days: i64) -> Self {
        Self {
            total: (sum.days > 0).then_some(sum.total),
            days_with_data: sum.days,
            days,
        }
    }
}
