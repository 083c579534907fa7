//! Sync: Pulse keeps its own history because Instagram keeps little.
//!
//! - [`backfill`] runs once when an account is linked (`first.rs`): first what the first
//!   answers need — profile (and today's follower snapshot), the media list, the insights and
//!   comments of the posts of the last `ready_days`, account insights for the last
//!   `account_history_days`, follower activity, demographics — then [`SyncProgress::Ready`],
//!   then the older posts' insights (and their comments up to `comment_history_days`) while
//!   the account is already answered from ([`Backfill::Filling`]). Calls run concurrently, at
//!   most `max_in_flight` at once. A stopped first sync resumes where it stopped: what is read
//!   is not read again.
//! - [`refresh`] runs on a schedule. Every time: the newest posts (one page, via
//!   `posts_since`), post insights on a decaying ladder ([`refresh_interval`]), and the
//!   comments of recent posts whose comment count grew since their comments were last read
//!   (the count comes free with the list and the insights, so quiet posts cost nothing). Once
//!   a day: the profile snapshot, account insights from the last stored day (at least the
//!   last three days, which Instagram revises for ~48 h) to yesterday, follower activity,
//!   demographics.
//!
//! Sync only reads from Instagram and writes to the store; it never spawns or sleeps (the
//! client paces itself, the bot's scheduler decides when to call); its concurrency is futures
//! polled by the one task that runs it. Every call passes [`Sync::call`]: it reports a pause
//! the client is taking for Instagram's rate limit ([`SyncProgress::Waiting`]) and counts
//! calls that failed as temporary in a row, stopping the sync after `outage_after` of them
//! ([`SyncError::NotAnswering`]) instead of creeping on through an outage. A cancelled sync (the
//! account was unlinked meanwhile, [`SyncControl`]) stops at once: a call to Instagram under
//! way is dropped where it is and no other is made with the token, and each write first asks
//! whether the sync was cancelled. Account records are changed with compare-and-swap on the
//! fields sync owns, so a sync never undoes a re-link or resurrects a deleted account.

mod first;
mod scheduled;
pub mod tiktok;

#[cfg(test)]
mod backfill_tests;

pub use first::backfill;
use scheduled::first_day_to_read;
pub use scheduled::refresh;

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Mutex;
use std::task::{Poll, Waker};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::account::AccountId;
use crate::instagram::{
    AccessToken, Comment, Instagram, ListedComments, Post, Profile, SourceError,
};
use crate::records::{
    AccountRecord, Backfill, CommentRecord, DailyRecord, DemographicsRecord,
    FollowerSnapshotRecord, MetricsRecord, OnlineFollowersRecord, PostRecord, Records,
};
use crate::store::{Batch, StoreError};

/// How much history sync reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncPolicy {
    /// Days of account insights the first sync reads (SPEC: 30); also how far a later sync
    /// reaches back to fill days missed while Pulse was down.
    pub account_history_days: u32,
    /// Comments are read on posts younger than this many days (SPEC: 90).
    pub comment_history_days: u32,
    /// The first sync reads the posts younger than this many days (insights and comments)
    /// before it says "Ready"; older posts are filled in afterwards (issue 14: 30).
    pub ready_days: u32,
    /// At most this many calls to Instagram at once for one account
    /// (`instagram.max_in_flight_per_account`).
    pub max_in_flight: usize,
    /// A sync stops after this many calls in a row failed as temporary (after the client's
    /// own retries): Instagram is not answering, and the next tick resumes.
    pub outage_after: u32,
}

impl Default for SyncPolicy {
    fn default() -> Self {
        Self {
            account_history_days: 30,
            comment_history_days: 90,
            ready_days: 30,
            max_in_flight: 8,
            outage_after: 5,
        }
    }
}

/// Lets whoever started a sync stop it: the call to Instagram it waits for is dropped, and
/// it writes nothing more.
#[derive(Debug, Default)]
pub struct SyncControl {
    cancelled: AtomicBool,
    /// The calls waiting in [`SyncControl::unless_cancelled`] (several run at once), by a
    /// number of their own, woken by a cancel.
    waiting: Mutex<HashMap<u64, Waker>>,
    /// The number the next waiting call gets.
    next_call: AtomicU64,
}

impl SyncControl {
    /// A control that is not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops the sync: a call it waits for ends at once with [`SyncError::Cancelled`], and
    /// it makes no other call and no write.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        let waiting = std::mem::take(&mut *self.waiters());
        for waker in waiting.into_values() {
            waker.wake();
        }
    }

    fn waiters(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Waker>> {
        self.waiting
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `call` (one call to Instagram) unless the sync is cancelled before or while it
    /// runs; then `call` is dropped where it is (an HTTP request in flight is abandoned) and
    /// the answer is [`SyncError::Cancelled`].
    pub async fn unless_cancelled<T>(&self, call: impl Future<Output = T>) -> Result<T, SyncError> {
        let mut call = std::pin::pin!(call);
        let number = self.next_call.fetch_add(1, Ordering::Relaxed);
        // However the call ends (answered, cancelled, or dropped with its sync), its waker goes.
        let _forget = Forget {
            control: self,
            number,
        };
        std::future::poll_fn(|context| {
            if self.is_cancelled() {
                return Poll::Ready(Err(SyncError::Cancelled));
            }
            self.waiters().insert(number, context.waker().clone());
            // A cancel between the first look and the waker being stored would wake nobody.
            if self.is_cancelled() {
                return Poll::Ready(Err(SyncError::Cancelled));
            }
            call.as_mut().poll(context).map(Ok)
        })
        .await
    }

    /// Whether [`SyncControl::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    fn check(&self) -> Result<(), SyncError> {
        if self.is_cancelled() {
            Err(SyncError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Removes a finished call's waker from its [`SyncControl`].
struct Forget<'a> {
    control: &'a SyncControl,
    number: u64,
}

impl Drop for Forget<'_> {
    fn drop(&mut self) {
        self.control.waiters().remove(&self.number);
    }
}

/// Where a first sync is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProgress {
    /// The profile was read.
    Profile {
        /// Followers now.
        followers: u64,
    },
    /// Posts of the last `ready_days` read so far (insights, and comments where due).
    Recent {
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
    /// What the first answers need is read: the chat can be told "Ready". Older posts are
    /// read next.
    Ready {
        /// What was read so far.
        report: SyncReport,
        /// Posts older than `ready_days` still to read.
        older: usize,
    },
    /// Posts older than `ready_days` read so far.
    Older {
        /// Done (those read before a resumed sync included).
        done: usize,
        /// Of.
        total: usize,
    },
    /// The client is pausing this account's calls for Instagram's rate limit.
    Waiting {
        /// About how long, in seconds.
        seconds: u64,
    },
    /// Every post is read: the first sync is complete.
    Synced {
        /// What the whole first sync read.
        report: SyncReport,
    },
}

/// What a sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Posts known after the sync.
    pub posts: usize,
    /// New posts found.
    pub new_posts: usize,
    /// Post insights read.
    pub insights_read: usize,
    /// Posts whose insights could not be read this time.
    pub insights_failed: usize,
    /// Days of account insights written.
    pub days: usize,
    /// Comments written.
    pub comments: usize,
}

impl SyncReport {
    /// Adds what another part of the same sync read.
    fn absorb(&mut self, other: SyncReport) {
        self.new_posts += other.new_posts;
        self.insights_read += other.insights_read;
        self.insights_failed += other.insights_failed;
        self.days += other.days;
        self.comments += other.comments;
    }

    /// Whether the sync read anything.
    pub fn is_empty(&self) -> bool {
        self.new_posts == 0 && self.insights_read == 0 && self.days == 0 && self.comments == 0
    }
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
    /// The account was unlinked while the sync ran.
    #[error("the sync was cancelled")]
    Cancelled,
    /// This many calls in a row failed as temporary: Instagram is not answering. What was
    /// read is kept; the next sync resumes.
    #[error("instagram did not answer {0} calls in a row")]
    NotAnswering(u32),
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

/// A failure that ends the whole sync (the token or the account's quota), as opposed to one
/// that concerns a single post or an optional metric.
fn ends_the_sync(error: &SourceError) -> bool {
    matches!(
        error,
        SourceError::Reauth { .. } | SourceError::Throttled { .. }
    )
}

/// Instagram will never give insights for this post: posted before the account became a
/// professional account (100/2108006), or gone (100/33).
fn never_available(error: &SourceError) -> bool {
    matches!(
        error,
        SourceError::Permanent {
            code: 100,
            subcode: Some(2108006 | 33),
            ..
        }
    )
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

/// Whether a post's insights are due at `now`. A post whose read failed waits its ladder
/// interval from the failed attempt; a post never read at all (older than the ladder) is
/// tried weekly.
pub fn insights_due(post: &PostRecord, now: DateTime<Utc>) -> bool {
    if post.insights_unavailable {
        return false;
    }
    let interval = refresh_interval(now.signed_duration_since(post.published_at));
    let last_try = post.metrics_updated_at.max(post.metrics_attempted_at);
    match (last_try, interval, post.metrics_updated_at) {
        (None, _, _) => true,
        (Some(last), Some(interval), _) => now.signed_duration_since(last) >= interval,
        (Some(last), None, None) => now.signed_duration_since(last) >= chrono::Duration::days(7),
        (Some(_), None, Some(_)) => false,
    }
}

/// One sync of one account: what every step needs.
struct Sync<'a> {
    instagram: &'a dyn Instagram,
    records: Records<'a>,
    control: &'a SyncControl,
    token: &'a AccessToken,
    account_id: &'a AccountId,
    policy: SyncPolicy,
    now: DateTime<Utc>,
    /// A first sync (or its resumption): a post whose insights failed as temporary is left
    /// unread, so the resumed sync reads it; a scheduled sync lets it wait its ladder turn.
    first_sync: bool,
    /// Calls that failed as temporary since the last one that did not.
    failures: AtomicU32,
    /// Told where the sync is; shared by the calls in flight.
    progress: Mutex<&'a mut (dyn FnMut(SyncProgress) + Send)>,
    /// The comments the media list carried for posts whose comments are wanted, by post id,
    /// taken by [`Sync::comments`] instead of a call (or before the call for the rest).
    listed_comments: Mutex<HashMap<String, ListedComments>>,
}

impl<'a> Sync<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        instagram: &'a dyn Instagram,
        records: Records<'a>,
        control: &'a SyncControl,
        token: &'a AccessToken,
        account_id: &'a AccountId,
        policy: SyncPolicy,
        now: DateTime<Utc>,
        progress: &'a mut (dyn FnMut(SyncProgress) + Send),
    ) -> Self {
        Self {
            instagram,
            records,
            control,
            token,
            account_id,
            policy,
            now,
            first_sync: false,
            failures: AtomicU32::new(0),
            progress: Mutex::new(progress),
            listed_comments: Mutex::default(),
        }
    }

    /// Tells whoever follows the sync where it is.
    fn report(&self, progress: SyncProgress) {
        let mut tell = self
            .progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (*tell)(progress);
    }

    /// Every call to Instagram goes through here: it says so when the client pauses this
    /// account for Instagram's rate limit, stops when the sync is cancelled (the call is
    /// dropped where it is), and stops the sync once `outage_after` calls in a row failed as
    /// temporary. The inner result is the call's own, for the step to judge.
    async fn call<T>(
        &self,
        call: impl Future<Output = Result<T, SourceError>>,
    ) -> Result<Result<T, SourceError>, SyncError> {
        // A pause under a second is not worth saying.
        if let Some(wait) = self
            .instagram
            .paused_for(self.token)
            .filter(|wait| *wait >= Duration::from_secs(1))
        {
            self.report(SyncProgress::Waiting {
                seconds: wait.as_secs(),
            });
        }
        let answer = self.control.unless_cancelled(call).await?;
        if matches!(answer, Err(SourceError::Transient { .. })) {
            let failures = self.failures.fetch_add(1, Ordering::SeqCst) + 1;
            if failures >= self.policy.outage_after.max(1) {
                tracing::warn!(failures, "instagram is not answering; the sync stops");
                return Err(SyncError::NotAnswering(failures));
            }
        } else {
            self.failures.store(0, Ordering::SeqCst);
        }
        Ok(answer)
    }

    /// Every write of a sync goes through here: nothing is written once the sync was
    /// cancelled.
    fn write(&self, batch: &Batch) -> Result<(), SyncError> {
        self.control.check()?;
        self.records.store().apply(batch)?;
        Ok(())
    }

    /// Applies a fresh profile (only the profile fields) and writes today's follower
    /// snapshot. Returns the followers count.
    async fn profile(&self) -> Result<u64, SyncError> {
        let profile: Profile = self.call(self.instagram.profile(self.token)).await??;
        self.control.check()?;
        let updated = self.records.update_account(self.account_id, |account| {
            account.username = profile.username.clone();
            account.name = profile.name.clone();
            account.app_scoped_id = profile.app_scoped_id.clone();
            account.followers_count = profile.followers_count;
            account.follows_count = profile.follows_count;
            account.media_count = profile.media_count;
        })?;
        if updated.is_none() {
            return Err(SyncError::Cancelled);
        }
        let mut batch = Batch::new();
        Records::batch_follower_snapshot(
            &mut batch,
            self.account_id,
            &FollowerSnapshotRecord {
                date: self.now.date_naive(),
                followers: profile.followers_count,
                taken_at: self.now,
            },
        );
        self.write(&batch)?;
        Ok(profile.followers_count)
    }

    /// Merges listed posts into the store, keeping stored insights. Returns every stored
    /// post, newest first, and how many were new.
    fn record_posts(&self, listed: &[Post]) -> Result<(Vec<PostRecord>, usize), SyncError> {
        let mut stored: HashMap<String, PostRecord> = self
            .records
            .posts(self.account_id)?
            .into_iter()
            .map(|post| (post.id.clone(), post))
            .collect();
        let mut batch = Batch::new();
        let mut new_posts = 0;
        for post in listed {
            let merged = match stored.remove(&post.id) {
                Some(mut known) => {
                    known.caption = post.caption.clone();
                    known.permalink = post.permalink.clone();
                    known.like_count = post.like_count;
                    known.comments_count = post.comments_count;
                    known
                }
                None => {
                    new_posts += 1;
                    PostRecord::from_post(post)
                }
            };
            Records::batch_post(&mut batch, self.account_id, &merged);
            if let Some(listed) = &post.listed_comments {
                if self.comments_wanted(&merged) {
                    self.listed().insert(post.id.clone(), listed.clone());
                }
            }
            stored.insert(post.id.clone(), merged);
        }
        self.write(&batch)?;
        let mut all: Vec<PostRecord> = stored.into_values().collect();
        all.sort_by_key(|post| std::cmp::Reverse(post.published_at));
        Ok((all, new_posts))
    }

    /// Reads one post's insights and stores them. A failure that concerns only this post is
    /// counted and remembered (the post waits its turn on the ladder), not fatal; a token or
    /// throttling failure stops the sync. In a first sync a temporary failure is not
    /// remembered: the post stays unread, for the resumed sync.
    async fn post_insights(
        &self,
        post: &mut PostRecord,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        match self
            .call(
                self.instagram
                    .post_insights(self.token, &as_listed_post(post)),
            )
            .await?
        {
            Ok(metrics) => {
                post.metrics = MetricsRecord::from(&metrics);
                post.metrics_updated_at = Some(self.now);
                report.insights_read += 1;
            }
            Err(error) if ends_the_sync(&error) => return Err(error.into()),
            Err(error @ SourceError::Transient { .. }) if self.first_sync => {
                tracing::debug!(%error, "post insights not read this time; read on resuming");
                report.insights_failed += 1;
                return Ok(());
            }
            Err(error) => {
                if never_available(&error) {
                    tracing::debug!("post insights never available; not asking again");
                    post.insights_unavailable = true;
                } else {
                    tracing::debug!(%error, "post insights not read this time");
                }
                post.metrics_attempted_at = Some(self.now);
                report.insights_failed += 1;
            }
        }
        let mut batch = Batch::new();
        Records::batch_post(&mut batch, self.account_id, post);
        self.write(&batch)
    }

    /// Reads and stores account insights for `first..=yesterday`.
    async fn account_insights(&self, first: chrono::NaiveDate) -> Result<usize, SyncError> {
        let today = self.now.date_naive();
        let last = today.pred_opt().unwrap_or(today);
        if first > last {
            return Ok(0);
        }
        let insights = self
            .call(self.instagram.daily_insights(self.token, first, last))
            .await??;
        let mut batch = Batch::new();
        for day in &insights {
            Records::batch_daily(&mut batch, self.account_id, &DailyRecord::from(day));
        }
        self.write(&batch)?;
        Ok(insights.len())
    }

    /// Reads and stores follower activity and demographics. Both are optional on
    /// Instagram's side (accounts under 100 followers get none), so a refusal is not an
    /// error.
    async fn audience(&self) -> Result<(), SyncError> {
        let mut batch = Batch::new();
        match self
            .call(self.instagram.online_followers(self.token))
            .await?
        {
            Ok(days) => {
                for day in days {
                    Records::batch_online_followers(
                        &mut batch,
                        self.account_id,
                        &OnlineFollowersRecord {
                            date: day.date,
                            by_hour: day.by_hour,
                        },
                    );
                }
            }
            Err(error) if ends_the_sync(&error) => return Err(error.into()),
            Err(error) => tracing::debug!(%error, "online followers not available"),
        }
        match self.call(self.instagram.demographics(self.token)).await? {
            Ok(d) => Records::batch_demographics(
                &mut batch,
                self.account_id,
                &DemographicsRecord {
                    ages: d.ages,
                    genders: d.genders,
                    countries: d.countries,
                    cities: d.cities,
                    fetched_at: self.now,
                },
            ),
            Err(error) if ends_the_sync(&error) => return Err(error.into()),
            Err(error) => tracing::debug!(%error, "demographics not available"),
        }
        self.write(&batch)?;
        Ok(())
    }

    /// Reads and stores the comments (and replies) of one post, and remembers on the post how
    /// many Instagram reported, so they are read again only when there are more. The comments
    /// the media list carried are taken without a call (or only the rest is asked). Returns
    /// how many were written; `Ok(0)` when they could not be read this time (the post stays
    /// due).
    async fn comments(&self, post: &mut PostRecord) -> Result<usize, SyncError> {
        let listed = self.listed().remove(&post.id);
        let read = match listed {
            Some(ListedComments {
                comments,
                more: None,
            }) => Ok(comments),
            Some(ListedComments {
                mut comments,
                more: Some(after),
            }) => self
                .call(self.instagram.more_comments(self.token, &post.id, &after))
                .await?
                .map(|rest| {
                    comments.extend(rest);
                    comments
                }),
            None => {
                self.call(self.instagram.comments(self.token, &post.id))
                    .await?
            }
        };
        let comments = match read {
            Ok(comments) => each_once(comments),
            Err(error) if ends_the_sync(&error) => return Err(error.into()),
            Err(error) => {
                tracing::debug!(%error, "comments of a post not read this time");
                return Ok(0);
            }
        };
        let mut batch = Batch::new();
        for comment in &comments {
            Records::batch_comment(&mut batch, self.account_id, &CommentRecord::from(comment));
        }
        post.comments_read = Some(post.reported_comments().unwrap_or(comments.len() as u64));
        Records::batch_post(&mut batch, self.account_id, post);
        self.write(&batch)?;
        Ok(comments.len())
    }

    fn listed(&self) -> std::sync::MutexGuard<'_, HashMap<String, ListedComments>> {
        self.listed_comments
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The instant `days` days before the sync.
    fn days_ago(&self, days: u32) -> DateTime<Utc> {
        self.now
            .checked_sub_signed(chrono::Duration::days(i64::from(days)))
            .unwrap_or(self.now)
    }

    /// Whether a post's comments are read now: young enough, and due
    /// ([`PostRecord::comments_due`]).
    fn comments_wanted(&self, post: &PostRecord) -> bool {
        post.published_at >= self.days_ago(self.policy.comment_history_days) && post.comments_due()
    }

    /// Reads the comments of the posts whose comments are wanted and that `this_run` picks.
    async fn recent_comments(
        &self,
        posts: &mut [PostRecord],
        this_run: impl Fn(&PostRecord) -> bool,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        for post in posts
            .iter_mut()
            .filter(|post| self.comments_wanted(post) && this_run(post))
        {
            report.comments += self.comments(post).await?;
        }
        Ok(())
    }

    /// Records how the sync ended on the account; `Cancelled` if the account is gone.
    fn finish(&self, change: impl FnMut(&mut AccountRecord)) -> Result<(), SyncError> {
        self.control.check()?;
        match self.records.update_account(self.account_id, change)? {
            Some(_) => Ok(()),
            None => Err(SyncError::Cancelled),
        }
    }
}

/// `comments` with each id once, the first kept (a listed first page and the rest asked
/// after it may overlap, and [`Instagram::more_comments`] may give every comment).
fn each_once(comments: Vec<Comment>) -> Vec<Comment> {
    let mut seen = HashSet::new();
    comments
        .into_iter()
        .filter(|comment| seen.insert(comment.id.clone()))
        .collect()
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
        listed_comments: None,
    }
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

    fn post(published: DateTime<Utc>) -> PostRecord {
        PostRecord::from_post(&Post {
            id: "1".into(),
            kind: crate::instagram::MediaKind::Image,
            caption: None,
            permalink: None,
            published_at: published,
            like_count: None,
            comments_count: None,
            listed_comments: None,
        })
    }

    #[test]
    fn comments_are_due_when_instagram_reports_another_count_than_when_read() {
        let published = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        let mut post = post(published);
        assert!(post.comments_due(), "never read, count unknown");
        post.comments_count = Some(0);
        assert!(!post.comments_due(), "none to read");
        post.comments_count = Some(4);
        assert!(post.comments_due());
        post.comments_read = Some(4);
        assert!(!post.comments_due());
        post.metrics.comments = Some(6);
        assert!(post.comments_due(), "the insights, read later, count more");
        post.comments_read = Some(6);
        assert!(!post.comments_due());
        post.metrics.comments = Some(5);
        assert!(post.comments_due(), "some deleted, maybe others written");
        post.comments_read = Some(5);
        post.comments_count = Some(9);
        assert!(
            !post.comments_due(),
            "the list's count goes stale; the insight decides"
        );
        post.comments_count = None;
        post.metrics.comments = None;
        assert!(!post.comments_due(), "read once, count unknown since");
    }

    #[test]
    fn due_posts_follow_the_ladder() {
        let published = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        let mut post = post(published);
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

    #[test]
    fn a_failed_read_waits_its_turn() {
        let published = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        let now = published + chrono::Duration::days(10);
        let mut post = post(published);
        post.metrics_attempted_at = Some(now - chrono::Duration::hours(2));
        assert!(!insights_due(&post, now), "failed 2 h ago, daily rung");
        assert!(insights_due(&post, now + chrono::Duration::hours(22)));
        // An old post never read: tried weekly, not every tick.
        let old = published + chrono::Duration::days(200);
        post.metrics_attempted_at = Some(old - chrono::Duration::days(1));
        assert!(!insights_due(&post, old));
        assert!(insights_due(&post, old + chrono::Duration::days(6)));
    }

    #[test]
    fn only_gone_or_pre_conversion_posts_are_given_up_on() {
        let permanent = |code, subcode| SourceError::Permanent {
            code,
            subcode,
            message: String::new(),
        };
        assert!(never_available(&permanent(100, Some(2108006))));
        assert!(never_available(&permanent(100, Some(33))));
        assert!(!never_available(&permanent(368, None)), "a temporary block");
        assert!(!never_available(&permanent(100, None)));
        assert!(!never_available(&SourceError::Transient {
            reason: String::new()
        }));
    }

    #[test]
    fn scheduled_syncs_fill_missed_days() {
        use crate::store::{MemoryStore, Store};
        let store = MemoryStore::new();
        let records = Records::new(&store);
        let account = AccountId::for_test("a");
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        // Nothing stored: the whole history window.
        assert_eq!(
            first_day_to_read(records, &account, 30, now).unwrap(),
            day(23) - chrono::Days::new(30)
        );
        // Stored up to the 12th (down for ten days): from the 13th.
        let mut batch = Batch::new();
        Records::batch_daily(
            &mut batch,
            &account,
            &DailyRecord {
                date: day(12),
                ..Default::default()
            },
        );
        store.apply(&batch).unwrap();
        assert_eq!(
            first_day_to_read(records, &account, 30, now).unwrap(),
            day(13)
        );
        // Stored up to yesterday: the last three days again (Instagram revises them).
        let mut batch = Batch::new();
        Records::batch_daily(
            &mut batch,
            &account,
            &DailyRecord {
                date: day(22),
                ..Default::default()
            },
        );
        store.apply(&batch).unwrap();
        assert_eq!(
            first_day_to_read(records, &account, 30, now).unwrap(),
            day(20)
        );
    }
}
