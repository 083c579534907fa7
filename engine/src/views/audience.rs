//! The people around an account as the API shows them: fans (`/fans`), leads (`/leads`) and
//! follower demographics.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::lead_status::{Lead, LeadStatus};
use crate::records::{DemographicsRecord, LeadMark};

use super::figures::LeadCountsView;
use super::PeriodView;

/// Someone who commented, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FanView {
    /// Their handle, without `@`.
    pub handle: String,
    /// Comments they wrote in the period, replies included.
    pub comments: usize,
}

/// `/fans`: the people who commented most in a period (the account's own replies left out).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FansView {
    /// The account's handle.
    pub account: String,
    /// The period.
    pub period: PeriodView,
    /// Everyone who commented in the period, counted.
    pub commenters: usize,
    /// The first of them, most comments first.
    pub fans: Vec<FanView>,
}

/// Where a lead stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeadState {
    /// Nobody answered it yet.
    Open,
    /// Answered, on Instagram or through Pulse.
    Replied,
    /// Marked won.
    Won,
    /// Marked lost.
    Lost,
    /// Marked done.
    Done,
}

impl From<LeadStatus> for LeadState {
    fn from(status: LeadStatus) -> Self {
        match status {
            LeadStatus::Open => LeadState::Open,
            LeadStatus::Replied { .. } => LeadState::Replied,
            LeadStatus::Marked(LeadMark::Won) => LeadState::Won,
            LeadStatus::Marked(LeadMark::Lost) => LeadState::Lost,
            LeadStatus::Marked(LeadMark::Done) => LeadState::Done,
        }
    }
}

/// A comment that looks like a buyer's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadView {
    /// The comment's id.
    pub comment_id: String,
    /// The post it is on.
    pub post_id: String,
    /// The post's public link.
    pub permalink: Option<String>,
    /// The commenter's handle.
    pub handle: Option<String>,
    /// What they wrote (someone's words: escape it where it is shown).
    pub text: String,
    /// When.
    pub written_at: DateTime<Utc>,
    /// Where it stands.
    pub status: LeadState,
    /// When it was first answered, whatever it was marked afterwards.
    pub replied_at: Option<DateTime<Utc>>,
}

impl LeadView {
    /// The view of `lead`, with its post's link.
    pub fn new(lead: &Lead<'_>, permalink: Option<String>) -> Self {
        Self {
            comment_id: lead.comment.id.clone(),
            post_id: lead.comment.post_id.clone(),
            permalink,
            handle: lead.comment.author_username.clone(),
            text: lead.comment.text.clone(),
            written_at: lead.comment.published_at,
            status: lead.status.into(),
            replied_at: lead.replied_at,
        }
    }
}

/// `/leads`: a period's leads that a filter keeps, newest first, and the period's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadsView {
    /// The account's handle.
    pub account: String,
    /// The period.
    pub period: PeriodView,
    /// `open`, `replied`, `won`, `lost`, `done` or `all`.
    pub filter: String,
    /// Every lead of the period, counted.
    pub counts: LeadCountsView,
    /// The leads the filter keeps, newest first.
    pub leads: Vec<LeadView>,
}

/// A bucket of followers (an age range, a gender, a country, a city).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BucketView {
    /// Its name as the network gives it.
    pub bucket: String,
    /// Followers in it.
    pub followers: u64,
    /// Their share of the followers with a known value (0.25 = 25 %); `null` when no bucket
    /// has any.
    pub share: Option<f64>,
}

fn buckets(buckets: &[(String, u64)]) -> Vec<BucketView> {
    let total: u64 = buckets.iter().map(|(_, count)| count).sum();
    buckets
        .iter()
        .map(|(bucket, followers)| BucketView {
            bucket: bucket.clone(),
            followers: *followers,
            share: (total > 0).then(|| *followers as f64 / total as f64),
        })
        .collect()
}

/// Follower demographics (Instagram's, this month, top buckets only); every list is empty
/// and `read_at` `null` when the network gives none (under 100 followers).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemographicsView {
    /// The account's handle.
    pub account: String,
    /// When they were read.
    pub read_at: Option<DateTime<Utc>>,
    /// Age ranges.
    pub ages: Vec<BucketView>,
    /// Genders.
    pub genders: Vec<BucketView>,
    /// Countries.
    pub countries: Vec<BucketView>,
    /// Cities.
    pub cities: Vec<BucketView>,
}

impl DemographicsView {
    /// The view of `record`, if any.
    pub fn new(account: String, record: Option<&DemographicsRecord>) -> Self {
        Self {
            account,
            read_at: record.map(|d| d.fetched_at),
            ages: record.map(|d| buckets(&d.ages)).unwrap_or_default(),
            genders: record.map(|d| buckets(&d.genders)).unwrap_or_default(),
            countries: record.map(|d| buckets(&d.countries)).unwrap_or_default(),
            cities: record.map(|d| buckets(&d.cities)).unwrap_or_default(),
        }
    }
}
