//! Sync: Pulse keeps its own history because Instagram keeps little.
//!
//! - [`backfill`] runs once when an account is linked: profile (and today's follower
//!   snapshot), every post, each post's insights, account insights for the last
//!   `account_history_days`, follower activity, demographics, and the comments on posts of the
//!   last `comment_history_days`. It reports [`SyncProgress`] as it goes.
//! - [`refresh`] runs on a schedule: once a day the profile snapshot, the last three days of
//!   account insights (Instagram revises them for ~48 h), follower activity and demographics;
//!   and post insights on a decaying ladder ([`refresh_interval`]).
//!
//! Sync only reads from Instagram and writes to the store; it never spawns or sleeps (the
//! client paces itself, the bot's scheduler decides when to call).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Days, Utc};

use crate::instagram::{AccessToken, Instagram, Post, Profile, SourceError};
use crate::records::{
    AccountRecord, Backfill, CommentRecord, DailyRecord, DemographicsRecord,
    FollowerSnapshotRecord, MetricsRecord, OnlineFollowersRecord, PostRecord, Records,
};
use crate::store::{Batch, StoreError};

/// How much history sync reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncPolicy {
    /// Days of account insights the first sync reads (SPEC: 30).
    pub account_history_days: u32,
    /// Comments are read on posts younger than this many days (SPEC: 90).
    pub comment_history_days: u32,
}

impl Default for SyncPolicy {
    fn default() -> Self {
        Self {
            account_history_days: 30,
            comment_history_days: 90,
        }
    }
}

/// Where a backfill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProgress {
    /// The profile was read.
    Profile {
        /// Followers now.
        followers: u64,
    },
    /// The media list was read.
    Posts {
        /// Posts found.
        found: usize,
    },
    /// Post insights read so far.
    PostInsights {
        /// Done.
        done: usize,
        /// Of.
        total: usize,
    },
    /// Account insights read.
    AccountInsights {
        /// Days with data.
        days: usize,
    },
    /// Comments read so far.
    Comments {
        /// Posts whose comments were read.
        done: usize,
        /// Of.
        total: usize,
    },
}

/// What a sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Posts known after the sync.
    pub posts: usize,
    /// Post insights read.
    pub insights_read: usize,
    /// Posts whose insights could not be read this time.
    pub insights_failed: usize,
    /// Days of account insights written.
    pub days: usize,
    /// Comments written.
    pub comments: usize,
}

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Instagram refused the token: the account needs `/connect` again.
    #[error("the account must be linked again")]
    NeedsReconnect,
    /// Instagram is throttling the account.
    #[error("instagram is throttling the account; retry in {0:?}")]
    Throttled(Duration),
    /// Another Instagram failure.
    #[error("instagram failed")]
    Instagram(#[source] SourceError),
    /// The store failed.
    #[error("the store failed")]
    Store(#[from] StoreError),
}

impl From<SourceError> for SyncError {
    fn from(error: SourceError) -> Self {
        match error {
            SourceError::Reauth { .. } => SyncError::NeedsReconnect,
            SourceError::Throttled { retry_after } => SyncError::Throttled(retry_after),
            other => SyncError::Instagram(other),
        }
    }
}

/// How often a post's insights are re-read, by its age; `None` = no longer.
///
/// Under a day: hourly. 1–7 days: every 6 h. 7–30 days: daily. 30–90 days: weekly. Older:
/// never (unless asked).
pub fn refresh_interval(age: chrono::Duration) -> Option<chrono::Duration> {
    let hours = age.num_hours();
    match hours {
        h if h < 24 => Some(chrono::Duration::hours(1)),
        h if h < 7 * 24 => Some(chrono::Duration::hours(6)),
        h if h < 30 * 24 => Some(chrono::Duration::days(1)),
        h if h < 90 * 24 => Some(chrono::Duration::days(7)),
        _ => None,
    }
}

/// Whether a post's insights are due at `now`.
pub fn insights_due(post: &PostRecord, now: DateTime<Utc>) -> bool {
    if post.insights_unavailable {
        return false;
    }
    let Some(updated) = post.metrics_updated_at else {
        return true;
    };
    match refresh_interval(now.signed_duration_since(post.published_at)) {
        Some(interval) => now.signed_duration_since(updated) >= interval,
        None => false,
    }
}

/// Applies a fresh profile to the account record and writes today's follower snapshot.
fn record_profile(
    records: Records<'_>,
    account: &mut AccountRecord,
    profile: &Profile,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    account.username = profile.username.clone();
    account.name = profile.name.clone();
    account.app_scoped_id = profile.app_scoped_id.clone();
    account.followers_count = profile.followers_count;
    account.follows_count = profile.follows_count;
    account.media_count = profile.media_count;
    let mut batch = Batch::new();
    Records::batch_account(&mut batch, account);
    Records::batch_follower_snapshot(
        &mut batch,
        &account.user_id,
        &FollowerSnapshotRecord {
            date: now.date_naive(),
            followers: profile.followers_count,
            taken_at: now,
        },
    );
    records.store().apply(&batch)
}

/// Merges the listed posts into the store, keeping stored insights. Returns every post.
fn record_posts(
    records: Records<'_>,
    user_id: &str,
    listed: &[Post],
) -> Result<Vec<PostRecord>, StoreError> {
    let mut stored: HashMap<String, PostRecord> = records
        .posts(user_id)?
        .into_iter()
        .map(|post| (post.id.clone(), post))
        .collect();
    let mut batch = Batch::new();
    for post in listed {
        let merged = match stored.remove(&post.id) {
            Some(mut known) => {
                known.caption = post.caption.clone();
                known.permalink = post.permalink.clone();
                known.like_count = post.like_count;
                known.comments_count = post.comments_count;
                known
            }
            None => PostRecord::from_post(post),
        };
        Records::batch_post(&mut batch, user_id, &merged);
        stored.insert(post.id.clone(), merged);
    }
    records.store().apply(&batch)?;
    let mut all: Vec<PostRecord> = stored.into_values().collect();
    all.sort_by_key(|post| std::cmp::Reverse(post.published_at));
    Ok(all)
}

fn as_listed_post(post: &PostRecord) -> Post {
    Post {
        id: post.id.clone(),
        kind: post.media_kind(),
        caption: post.caption.clone(),
        permalink: post.permalink.clone(),
        published_at: post.published_at,
        like_count: post.like_count,
        comments_count: post.comments_count,
    }
}

/// Reads one post's insights and stores them. A failure that concerns only this post is
/// counted, not fatal; a token or throttling failure stops the sync.
async fn refresh_post(
    instagram: &dyn Instagram,
    records: Records<'_>,
    token: &AccessToken,
    user_id: &str,
    post: &mut PostRecord,
    now: DateTime<Utc>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    match instagram.post_insights(token, &as_listed_post(post)).await {
        Ok(metrics) => {
            post.metrics = MetricsRecord::from(&metrics);
            post.metrics_updated_at = Some(now);
            report.insights_read += 1;
        }
        Err(SourceError::Permanent { code, subcode, .. }) => {
            tracing::debug!(
                code,
                ?subcode,
                "post insights unavailable; not asking again"
            );
            post.insights_unavailable = true;
            report.insights_failed += 1;
        }
        Err(error @ (SourceError::Reauth { .. } | SourceError::Throttled { .. })) => {
            return Err(error.into())
        }
        Err(error) => {
            tracing::debug!(%error, "post insights not read this time");
            report.insights_failed += 1;
            return Ok(());
        }
    }
    let mut batch = Batch::new();
    Records::batch_post(&mut batch, user_id, post);
    records.store().apply(&batch)?;
    Ok(())
}

/// Reads and stores account insights from `days` days ago to yesterday.
async fn sync_account_insights(
    instagram: &dyn Instagram,
    records: Records<'_>,
    token: &AccessToken,
    user_id: &str,
    days: u32,
    now: DateTime<Utc>,
) -> Result<usize, SyncError> {
    let today = now.date_naive();
    let last = today.pred_opt().unwrap_or(today);
    let first = today
        .checked_sub_days(Days::new(u64::from(days.max(1))))
        .unwrap_or(last);
    let insights = instagram.daily_insights(token, first, last).await?;
    let mut batch = Batch::new();
    for day in &insights {
        Records::batch_daily(&mut batch, user_id, &DailyRecord::from(day));
    }
    records.store().apply(&batch)?;
    Ok(insights.len())
}

/// Reads and stores follower activity and demographics. Both are optional on Instagram's
/// side (accounts under 100 followers get none), so a permanent refusal is not an error.
async fn sync_audience(
    instagram: &dyn Instagram,
    records: Records<'_>,
    token: &AccessToken,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<(), SyncError> {
    let mut batch = Batch::new();
    match instagram.online_followers(token).await {
        Ok(days) => {
            for day in days {
                Records::batch_online_followers(
                    &mut batch,
                    user_id,
                    &OnlineFollowersRecord {
                        date: day.date,
                        by_hour: day.by_hour,
                    },
                );
            }
        }
        Err(error @ (SourceError::Reauth { .. } | SourceError::Throttled { .. })) => {
            return Err(error.into())
        }
        Err(error) => tracing::debug!(%error, "online followers not available"),
    }
    match instagram.demographics(token).await {
        Ok(d) => Records::batch_demographics(
            &mut batch,
            user_id,
            &DemographicsRecord {
                ages: d.ages,
                genders: d.genders,
                countries: d.countries,
                cities: d.cities,
                fetched_at: now,
            },
        ),
        Err(error @ (SourceError::Reauth { .. } | SourceError::Throttled { .. })) => {
            return Err(error.into())
        }
        Err(error) => tracing::debug!(%error, "demographics not available"),
    }
    records.store().apply(&batch)?;
    Ok(())
}

/// The first sync of a linked account. `account` is updated in place and written.
#[allow(clippy::too_many_arguments)]
pub async fn backfill(
    instagram: &dyn Instagram,
    records: Records<'_>,
    token: &AccessToken,
    account: &mut AccountRecord,
    policy: SyncPolicy,
    now: DateTime<Utc>,
    on_progress: &mut (dyn FnMut(SyncProgress) + Send),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let user_id = account.user_id.clone();

    let profile = instagram.profile(token).await?;
    record_profile(records, account, &profile, now)?;
    on_progress(SyncProgress::Profile {
        followers: profile.followers_count,
    });

    let listed = instagram.posts(token).await?;
    let mut posts = record_posts(records, &user_id, &listed)?;
    report.posts = posts.len();
    on_progress(SyncProgress::Posts { found: posts.len() });

    let total = posts.len();
    for (index, post) in posts.iter_mut().enumerate() {
        if insights_due(post, now) {
            refresh_post(instagram, records, token, &user_id, post, now, &mut report).await?;
        }
        let done = index + 1;
        if done % 25 == 0 || done == total {
            on_progress(SyncProgress::PostInsights { done, total });
        }
    }

    report.days = sync_account_insights(
        instagram,
        records,
        token,
        &user_id,
        policy.account_history_days,
        now,
    )
    .await?;
    on_progress(SyncProgress::AccountInsights { days: report.days });

    sync_audience(instagram, records, token, &user_id, now).await?;

    let cutoff = now - chrono::Duration::days(i64::from(policy.comment_history_days));
    let recent: Vec<&PostRecord> = posts.iter().filter(|p| p.published_at >= cutoff).collect();
    for (index, post) in recent.iter().enumerate() {
        let comments = match instagram.comments(token, &post.id).await {
            Ok(comments) => comments,
            Err(error @ (SourceError::Reauth { .. } | SourceError::Throttled { .. })) => {
                return Err(error.into())
            }
            Err(error) => {
                tracing::debug!(%error, "comments of a post not read this time");
                continue;
            }
        };
        let mut batch = Batch::new();
        for comment in &comments {
            Records::batch_comment(&mut batch, &user_id, &CommentRecord::from(comment));
        }
        records.store().apply(&batch)?;
        report.comments += comments.len();
        let done = index + 1;
        if done % 10 == 0 || done == recent.len() {
            on_progress(SyncProgress::Comments {
                done,
                total: recent.len(),
            });
        }
    }

    account.backfill = Backfill::Done { at: now };
    account.last_sync_at = Some(now);
    account.daily_sync_at = Some(now);
    records.put_account(account)?;
    records.store().flush()?;
    Ok(report)
}

/// A scheduled sync of an account: daily data once a day, and the post ladder.
pub async fn refresh(
    instagram: &dyn Instagram,
    records: Records<'_>,
    token: &AccessToken,
    account: &mut AccountRecord,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let user_id = account.user_id.clone();
    let daily_due = account
        .daily_sync_at
        .is_none_or(|last| last.date_naive() < now.date_naive());
    let mut posts = if daily_due {
        let profile = instagram.profile(token).await?;
        record_profile(records, account, &profile, now)?;
        report.days = sync_account_insights(instagram, records, token, &user_id, 3, now).await?;
        sync_audience(instagram, records, token, &user_id, now).await?;
        account.daily_sync_at = Some(now);
        let listed = instagram.posts(token).await?;
        record_posts(records, &user_id, &listed)?
    } else {
        records.posts(&user_id)?
    };
    report.posts = posts.len();
    for post in posts.iter_mut().filter(|post| insights_due(post, now)) {
        refresh_post(instagram, records, token, &user_id, post, now, &mut report).await?;
    }
    account.last_sync_at = Some(now);
    records.put_account(account)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_ladder_decays() {
        let hours = chrono::Duration::hours;
        assert_eq!(refresh_interval(hours(0)), Some(hours(1)));
        assert_eq!(refresh_interval(hours(23)), Some(hours(1)));
        assert_eq!(refresh_interval(hours(24)), Some(hours(6)));
        assert_eq!(refresh_interval(hours(7 * 24 - 1)), Some(hours(6)));
        assert_eq!(refresh_interval(hours(7 * 24)), Some(hours(24)));
        assert_eq!(refresh_interval(hours(30 * 24)), Some(hours(7 * 24)));
        assert_eq!(refresh_interval(hours(90 * 24)), None);
    }

    #[test]
    fn due_posts_follow_the_ladder() {
        let published = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        let mut post = PostRecord::from_post(&Post {
            id: "1".into(),
            kind: crate::instagram::MediaKind::Image,
            caption: None,
            permalink: None,
            published_at: published,
            like_count: None,
            comments_count: None,
        });
        let now = published + chrono::Duration::days(10); // 7–30 days: daily
        assert!(insights_due(&post, now), "never read");
        post.metrics_updated_at = Some(now - chrono::Duration::hours(23));
        assert!(!insights_due(&post, now));
        post.metrics_updated_at = Some(now - chrono::Duration::hours(24));
        assert!(insights_due(&post, now));
        post.insights_unavailable = true;
        assert!(!insights_due(&post, now));
        post.insights_unavailable = false;
        let much_later = published + chrono::Duration::days(100);
        assert!(
            !insights_due(&post, much_later),
            "older than 90 days: never"
        );
    }
}
