//! A scheduled sync of an account ([`refresh`]): the newest posts and the post-insights
//! ladder every time, the daily data (profile, account insights from the first day not
//! stored, the audience) once a day.

use std::collections::HashSet;

use chrono::{DateTime, Days, Utc};

use super::{
    insights_due, Instagram, Records, Sync, SyncControl, SyncError, SyncPolicy, SyncReport,
};
use crate::account::AccountId;
use crate::instagram::AccessToken;
use crate::records::AccountRecord;
use crate::store::StoreError;

/// The first day a scheduled sync reads: the day after the last stored one (filling days
/// missed while Pulse was down, up to `history_days` back), and at least the last three days.
pub(super) fn first_day_to_read(
    records: Records<'_>,
    account_id: &AccountId,
    history_days: u32,
    now: DateTime<Utc>,
) -> Result<chrono::NaiveDate, StoreError> {
    let today = now.date_naive();
    let back = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let revised = back(3);
    let oldest = back(u64::from(history_days.max(3)));
    let after_stored = records
        .daily(account_id)?
        .last()
        .and_then(|day| day.date.succ_opt())
        .unwrap_or(oldest);
    Ok(after_stored.clamp(oldest, revised))
}

/// A scheduled sync of an account: the newest posts and the post ladder every time, the
/// daily data once a day.
pub async fn refresh(
    instagram: &dyn Instagram,
    records: Records<'_>,
    control: &SyncControl,
    token: &AccessToken,
    account: &AccountRecord,
    policy: SyncPolicy,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let account_id = &account.id;
    let mut quiet = |_| {};
    let sync = Sync::new(
        instagram, records, control, token, account_id, policy, now, &mut quiet,
    );
    let mut report = SyncReport::default();
    let daily_due = account
        .daily_sync_at
        .is_none_or(|last| last.date_naive() < now.date_naive());
    if daily_due {
        sync.profile().await?;
        let first = first_day_to_read(records, account_id, policy.account_history_days, now)?;
        report.days = sync.account_insights(first).await?;
        sync.audience().await?;
    }

    // New posts: everything since a day before the newest known one (one page normally).
    let since = records
        .posts(account_id)?
        .iter()
        .map(|post| post.published_at)
        .max()
        .and_then(|newest| newest.checked_sub_signed(chrono::Duration::days(1)))
        .unwrap_or(now - chrono::Duration::days(1));
    let listed = sync.call(instagram.posts_since(token, since)).await??;
    let (mut posts, new_posts) = sync.record_posts(&listed)?;
    report.posts = posts.len();
    report.new_posts = new_posts;

    let mut counted: HashSet<String> = listed.iter().map(|post| post.id.clone()).collect();
    for post in posts.iter_mut().filter(|post| insights_due(post, now)) {
        sync.post_insights(post, &mut report).await?;
        counted.insert(post.id.clone());
    }
    // New comments: on the posts whose count, just read from the list or the insights,
    // changed. Only those: a post whose comments could not be read waits until its count is
    // read again (its place on the ladder), instead of costing a call every tick.
    sync.recent_comments(&mut posts, |post| counted.contains(&post.id), &mut report)
        .await?;

    sync.finish(|account| {
        account.last_sync_at = Some(now);
        if daily_due {
            account.daily_sync_at = Some(now);
        }
        account.sync_not_before = None;
    })?;
    Ok(report)
}
