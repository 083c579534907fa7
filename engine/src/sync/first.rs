//! The first sync of an account ([`backfill`]), in two parts.
//!
//! 1. **Until "Ready"**: three chains run at once — the posts of the last `ready_days` (listed
//!    with `posts_since`, then each one's insights and comments, `max_in_flight - 2` posts at
//!    a time), the profile and the account insights, and the audience and the whole media
//!    list. The list is merged into the store only when the recent posts are done, so it
//!    never races their writes. The account is then [`Backfill::Filling`] (flushed) and
//!    [`SyncProgress::Ready`] is reported.
//! 2. **The older posts**, newest first, `max_in_flight` at a time, each one's insights and
//!    (within `comment_history_days`) comments, with [`SyncProgress::Older`] as each ends and
//!    the count kept on the account every [`NOTE_EVERY`] posts, so answers can say how far
//!    the fill is.
//!
//! Each post is written as soon as it is read. A stopped first sync (Instagram not answering,
//! a restart) resumes where it stopped: a `Filling` account goes straight to part 2 over its
//! stored posts, and in both parts a post already read is not asked again
//! ([`insights_due`], [`PostRecord::comments_due`]).

use futures_util::future::try_join3;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use super::{
    first_day_to_read, insights_due, Backfill, DateTime, Instagram, Post, PostRecord, Records,
    Sync, SyncControl, SyncError, SyncPolicy, SyncProgress, SyncReport, Utc,
};
use crate::account::AccountId;
use crate::instagram::AccessToken;

/// How often (in posts read) the fill's count is written on the account.
const NOTE_EVERY: usize = 25;

/// The first sync of a linked account, or the rest of one that stopped.
#[allow(clippy::too_many_arguments)]
pub async fn backfill(
    instagram: &dyn Instagram,
    records: Records<'_>,
    control: &SyncControl,
    token: &AccessToken,
    account_id: &AccountId,
    policy: SyncPolicy,
    now: DateTime<Utc>,
    on_progress: &mut (dyn FnMut(SyncProgress) + Send),
) -> Result<SyncReport, SyncError> {
    let mut sync = Sync::new(
        instagram,
        records,
        control,
        token,
        account_id,
        policy,
        now,
        on_progress,
    );
    sync.first_sync = true;
    let account = records.account(account_id)?.ok_or(SyncError::Cancelled)?;
    let mut report = SyncReport::default();
    let mut posts = match account.backfill {
        Backfill::Filling { .. } => {
            // Resumed after "Ready": the list is stored; only older posts are left to read.
            let mut stored = records.posts(account_id)?;
            stored.sort_by_key(|post| std::cmp::Reverse(post.published_at));
            stored
        }
        _ => sync.until_ready(&mut report).await?,
    };
    report.posts = posts.len();
    sync.fill(&mut posts, &mut report).await?;
    sync.finish(|account| {
        account.backfill = Backfill::Done { at: now };
        account.last_sync_at = Some(now);
        if account.daily_sync_at.is_none() {
            account.daily_sync_at = Some(now);
        }
        account.sync_not_before = None;
    })?;
    records.store().flush()?;
    sync.report(SyncProgress::Synced { report });
    Ok(report)
}

impl Sync<'_> {
    /// Everything the first answers need; ends with the account `Filling` and "Ready".
    /// Returns every stored post, newest first.
    async fn until_ready(&self, report: &mut SyncReport) -> Result<Vec<PostRecord>, SyncError> {
        let cutoff = self.days_ago(self.policy.ready_days);
        let width = self.policy.max_in_flight.max(1);
        // Three chains of one call at a time each, but the recent posts take `width - 2`.
        let (recent, days, listed) = if width >= 3 {
            try_join3(
                self.recent_posts(cutoff, width - 2),
                self.account_data(),
                self.audience_and_list(),
            )
            .await?
        } else {
            let recent = self.recent_posts(cutoff, width).await?;
            let days = self.account_data().await?;
            (recent, days, self.audience_and_list().await?)
        };
        report.absorb(recent);
        report.days = days;
        let (posts, new_posts) = self.record_posts(&listed)?;
        report.new_posts += new_posts;
        report.posts = posts.len();
        let (read, of) = self.older_count(&posts);
        let now = self.now;
        self.finish(|account| {
            account.backfill = Backfill::Filling {
                ready_at: now,
                read: read as u64,
                of: of as u64,
            };
            account.last_sync_at = Some(now);
            account.daily_sync_at = Some(now);
            account.sync_not_before = None;
        })?;
        // "Ready" is told to people: it must survive a crash.
        self.records.store().flush()?;
        self.report(SyncProgress::Ready {
            report: *report,
            older: of - read,
        });
        Ok(posts)
    }

    /// The posts of the last `ready_days`: listed, then read `width` at a time.
    async fn recent_posts(
        &self,
        cutoff: DateTime<Utc>,
        width: usize,
    ) -> Result<SyncReport, SyncError> {
        let listed = self
            .call(self.instagram.posts_since(self.token, cutoff))
            .await??;
        let (stored, new_posts) = self.record_posts(&listed)?;
        let mut recent: Vec<PostRecord> = stored
            .into_iter()
            .filter(|post| post.published_at >= cutoff)
            .collect();
        let total = recent.len();
        let mut report = SyncReport {
            new_posts,
            ..SyncReport::default()
        };
        self.report(SyncProgress::Recent { done: 0, total });
        let mut reads = self.read_posts(recent.iter_mut().collect(), width);
        let mut done = 0;
        while let Some(read) = reads.try_next().await? {
            report.absorb(read);
            done += 1;
            self.report(SyncProgress::Recent { done, total });
        }
        Ok(report)
    }

    /// The profile (and today's follower snapshot), then the account insights from the first
    /// day not stored yet. Returns the days read.
    async fn account_data(&self) -> Result<usize, SyncError> {
        let followers = self.profile().await?;
        self.report(SyncProgress::Profile { followers });
        let first = first_day_to_read(
            self.records,
            self.account_id,
            self.policy.account_history_days,
            self.now,
        )?;
        let days = self.account_insights(first).await?;
        self.report(SyncProgress::AccountInsights { days });
        Ok(days)
    }

    /// Follower activity and demographics, then the whole media list (not stored here).
    async fn audience_and_list(&self) -> Result<Vec<Post>, SyncError> {
        self.audience().await?;
        Ok(self.call(self.instagram.posts(self.token)).await??)
    }

    /// Whether a post has anything left to read: insights due, or comments wanted.
    fn wants(&self, post: &PostRecord) -> bool {
        insights_due(post, self.now) || self.comments_wanted(post)
    }

    /// Posts older than `ready_days`: how many are read, of how many.
    fn older_count(&self, posts: &[PostRecord]) -> (usize, usize) {
        let cutoff = self.days_ago(self.policy.ready_days);
        let older = posts.iter().filter(|post| post.published_at < cutoff);
        let (mut read, mut of) = (0, 0);
        for post in older {
            of += 1;
            if !self.wants(post) {
                read += 1;
            }
        }
        (read, of)
    }

    /// Reads the posts older than `ready_days` that still want reading, `max_in_flight` at a
    /// time, newest first.
    async fn fill(
        &self,
        posts: &mut [PostRecord],
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let cutoff = self.days_ago(self.policy.ready_days);
        let (read, total) = self.older_count(posts);
        let todo: Vec<&mut PostRecord> = posts
            .iter_mut()
            .filter(|post| post.published_at < cutoff && self.wants(post))
            .collect();
        let mut done = read;
        self.report(SyncProgress::Older { done, total });
        let mut reads = self.read_posts(todo, self.policy.max_in_flight);
        while let Some(read) = reads.try_next().await? {
            report.absorb(read);
            done += 1;
            self.report(SyncProgress::Older { done, total });
            if done.is_multiple_of(NOTE_EVERY) {
                self.finish(|account| {
                    if let Backfill::Filling { read, of, .. } = &mut account.backfill {
                        *read = done as u64;
                        *of = total as u64;
                    }
                })?;
            }
        }
        Ok(())
    }

    /// Reads posts `width` at a time, in order of start; each item is what one post gave.
    /// Dropping the stream drops the calls in flight.
    ///
    /// Boxed as a `Send` stream here, where every lifetime is known: left to inference at
    /// the spawn, the closure's future trips rustc's higher-ranked `Send` check.
    fn read_posts<'p>(
        &'p self,
        posts: Vec<&'p mut PostRecord>,
        width: usize,
    ) -> BoxStream<'p, Result<SyncReport, SyncError>> {
        stream::iter(posts)
            .map(move |post| self.read_post(post))
            .buffer_unordered(width.max(1))
            .boxed()
    }

    /// One post: its insights when due, then its comments when wanted (the insights may
    /// just have said there are more).
    async fn read_post(&self, post: &mut PostRecord) -> Result<SyncReport, SyncError> {
        let mut read = SyncReport::default();
        if insights_due(post, self.now) {
            self.post_insights(post, &mut read).await?;
        }
        if self.comments_wanted(post) {
            read.comments += self.comments(post).await?;
        }
        Ok(read)
    }
}
