//! Syncing a TikTok account through the Display API, which gives only lifetime counts.
//!
//! - The **first sync** reads the profile and lists every public video (`/v2/video/list/`,
//!   20 a page, following the cursor); each video becomes a post (kind *video*) whose
//!   views, likes, comments and shares are the listed counts. Reach, saves, follows and
//!   profile visits stay `None`: TikTok does not report them.
//! - **Every day**, the first sync of the day lists every video again and keeps the reading
//!   ([`VideoDayRecord`]: each video's counts and the follower count). Two readings a day
//!   apart give the day's gains, written as the day's account figures
//!   ([`DailyRecord`]: views, likes, comments, shares, interactions, new followers) — the
//!   history TikTok lacks, which every answer about a period reads. A day without a reading
//!   the day before has no figures (never zeros).
//! - **Between**, each sync lists the newest page for new videos and re-reads the counts of
//!   recent videos on Instagram's ladder (`refresh_interval`) with `/v2/video/query/`, 20 at
//!   a time.
//!
//! Cover images are never read: their URLs expire after six hours.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{insights_due, SyncControl, SyncError, SyncProgress, SyncReport};
use crate::instagram::{AccessToken, MediaKind, Post};
use crate::records::{
    AccountRecord, Backfill, DailyRecord, FollowerSnapshotRecord, MetricsRecord, PostRecord,
    Records, VideoCounts, VideoDayRecord,
};
use crate::store::Batch;
use crate::tiktok::{TikTok, TikTokProfile, TikTokVideo};

/// Videos asked at once from `/v2/video/query/` (TikTok's limit).
pub const QUERY_LIMIT: usize = 20;

/// At most this many list pages in one sync (20 videos each): a guard against a cursor that
/// never ends.
const MAX_PAGES: usize = 1_000;

/// One sync of one TikTok account.
pub struct TikTokSync<'a> {
    /// The port.
    pub tiktok: &'a dyn TikTok,
    /// Where it writes.
    pub records: Records<'a>,
    /// The unlink switch.
    pub control: &'a SyncControl,
    /// The access token, fresh.
    pub token: &'a AccessToken,
    /// The account as the sync began.
    pub account: &'a AccountRecord,
    /// The scopes granted at the latest link.
    pub granted: &'a [String],
    /// Now.
    pub now: DateTime<Utc>,
}

impl TikTokSync<'_> {
    async fn call<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, crate::instagram::SourceError>>,
    ) -> Result<T, SyncError> {
        Ok(self.control.unless_cancelled(call).await??)
    }

    async fn profile(&self) -> Result<TikTokProfile, SyncError> {
        self.call(self.tiktok.profile(self.token, self.granted))
            .await
    }

    /// Every video, newest first, following the cursor.
    async fn all_videos(
        &self,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
        total: Option<u64>,
    ) -> Result<Vec<TikTokVideo>, SyncError> {
        let mut videos: Vec<TikTokVideo> = Vec::new();
        let mut seen = HashSet::new();
        let mut cursor = None;
        for _ in 0..MAX_PAGES {
            let page = self.call(self.tiktok.videos(self.token, cursor)).await?;
            for video in page.videos {
                // A video on two pages (two created in the same second across a boundary)
                // is kept once.
                if seen.insert(video.id.clone()) {
                    videos.push(video);
                }
            }
            on_progress(SyncProgress::Recent {
                done: videos.len(),
                total: total.map_or(videos.len(), |t| (t as usize).max(videos.len())),
            });
            match page.next {
                Some(next) if cursor != Some(next) => cursor = Some(next),
                _ => break,
            }
        }
        Ok(videos)
    }

    /// The first sync: profile, every video, the first reading.
    pub async fn backfill(
        &self,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncReport, SyncError> {
        let profile = self.profile().await?;
        on_progress(SyncProgress::Profile {
            followers: profile.follower_count.unwrap_or(0),
        });
        let videos = self.all_videos(on_progress, profile.video_count).await?;
        let mut report = self.write_listing(&profile, &videos)?;
        report.posts = videos.len();
        on_progress(SyncProgress::Ready { report, older: 0 });
        self.finish(|account| {
            account.backfill = Backfill::Done { at: self.now };
            account.last_sync_at = Some(self.now);
            account.daily_sync_at = Some(self.now);
            account.sync_not_before = None;
        })?;
        Ok(report)
    }

    /// A scheduled sync: the day's reading once a day, else new videos and the ladder.
    pub async fn refresh(&self) -> Result<SyncReport, SyncError> {
        let daily_due = self
            .account
            .daily_sync_at
            .is_none_or(|last| last.date_naive() < self.now.date_naive());
        let mut report = if daily_due {
            let profile = self.profile().await?;
            let videos = self.all_videos(&mut |_| {}, profile.video_count).await?;
            let report = self.write_listing(&profile, &videos)?;
            SyncReport {
                posts: videos.len(),
                ..report
            }
        } else {
            self.newest_and_ladder().await?
        };
        if report.posts == 0 {
            report.posts = self.records.posts(&self.account.id)?.len();
        }
        self.finish(|account| {
            account.last_sync_at = Some(self.now);
            if daily_due {
                account.daily_sync_at = Some(self.now);
            }
            account.sync_not_before = None;
        })?;
        Ok(report)
    }

    /// The newest page for new videos, then the counts of the videos due on the ladder.
    async fn newest_and_ladder(&self) -> Result<SyncReport, SyncError> {
        let account_id = &self.account.id;
        let mut report = SyncReport::default();
        let page = self.call(self.tiktok.videos(self.token, None)).await?;
        let stored = self.stored_posts()?;
        let mut batch = Batch::new();
        let listed: HashSet<String> = page.videos.iter().map(|v| v.id.clone()).collect();
        for video in &page.videos {
            let post = self.post_of(video, stored.get(&video.id));
            if !stored.contains_key(&video.id) {
                report.new_posts += 1;
            }
            report.insights_read += 1;
            Records::batch_post(&mut batch, account_id, &post);
        }
        self.records.store().apply(&batch)?;
        let due: Vec<&PostRecord> = stored
            .values()
            .filter(|post| !listed.contains(&post.id) && insights_due(post, self.now))
            .collect();
        for chunk in due.chunks(QUERY_LIMIT) {
            let ids: Vec<String> = chunk.iter().map(|post| post.id.clone()).collect();
            let videos = self
                .call(self.tiktok.query_videos(self.token, &ids))
                .await?;
            let mut batch = Batch::new();
            let answered: HashSet<&str> = videos.iter().map(|v| v.id.as_str()).collect();
            for video in &videos {
                let post = self.post_of(video, stored.get(&video.id));
                Records::batch_post(&mut batch, account_id, &post);
                report.insights_read += 1;
            }
            // A video TikTok no longer returns (deleted or made private) keeps its last
            // counts and waits its turn like the others.
            for post in chunk.iter().filter(|p| !answered.contains(p.id.as_str())) {
                let mut post = (*post).clone();
                post.metrics_attempted_at = Some(self.now);
                Records::batch_post(&mut batch, account_id, &post);
                report.insights_failed += 1;
            }
            self.records.store().apply(&batch)?;
        }
        Ok(report)
    }

    /// The account's stored posts, by id.
    fn stored_posts(&self) -> Result<HashMap<String, PostRecord>, SyncError> {
        Ok(self
            .records
            .posts(&self.account.id)?
            .into_iter()
            .map(|post| (post.id.clone(), post))
            .collect())
    }

    /// A listed video as a stored post, keeping what the stored one knew.
    fn post_of(&self, video: &TikTokVideo, stored: Option<&PostRecord>) -> PostRecord {
        let caption = video
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| video.description.clone())
            .filter(|t| !t.trim().is_empty());
        let listed = Post {
            id: video.id.clone(),
            kind: MediaKind::Video,
            caption,
            permalink: video.share_url.clone(),
            published_at: video.created_at,
            like_count: video.likes,
            comments_count: video.comments,
            listed_comments: None,
        };
        let mut post = stored
            .cloned()
            .unwrap_or_else(|| PostRecord::from_post(&listed));
        post.caption = listed.caption;
        post.permalink = listed.permalink.or(post.permalink);
        post.like_count = video.likes;
        post.comments_count = video.comments;
        post.metrics = MetricsRecord {
            views: video.views,
            likes: video.likes,
            comments: video.comments,
            shares: video.shares,
            total_interactions: interactions(video),
            ..MetricsRecord::default()
        };
        post.metrics_updated_at = Some(self.now);
        post.metrics_attempted_at = None;
        // TikTok gives no comments through the Display API: nothing to read.
        post.comments_read = video.comments;
        post
    }

    /// Writes a full listing: every video as a post, the day's reading, the day's gains
    /// against yesterday's reading, the follower snapshot and the profile.
    fn write_listing(
        &self,
        profile: &TikTokProfile,
        videos: &[TikTokVideo],
    ) -> Result<SyncReport, SyncError> {
        let account_id = &self.account.id;
        let stored = self.stored_posts()?;
        let mut report = SyncReport::default();
        let mut batch = Batch::new();
        for video in videos {
            if !stored.contains_key(&video.id) {
                report.new_posts += 1;
            }
            report.insights_read += 1;
            Records::batch_post(
                &mut batch,
                account_id,
                &self.post_of(video, stored.get(&video.id)),
            );
        }
        let today = self.now.date_naive();
        let reading = VideoDayRecord {
            date: today,
            taken_at: self.now,
            followers: profile.follower_count,
            videos: videos.iter().map(counts_of).collect(),
        };
        let earlier = self
            .records
            .video_days(account_id)?
            .into_iter()
            .rfind(|day| day.date < today);
        if let Some(gains) = earlier.and_then(|before| day_gains(&before, &reading)) {
            Records::batch_daily(&mut batch, account_id, &gains);
            report.days += 1;
        }
        Records::batch_video_day(&mut batch, account_id, &reading);
        if let Some(followers) = profile.follower_count {
            Records::batch_follower_snapshot(
                &mut batch,
                account_id,
                &FollowerSnapshotRecord {
                    date: today,
                    followers,
                    taken_at: self.now,
                },
            );
        }
        self.records.store().apply(&batch)?;
        let handle = handle_of(profile);
        self.records.update_account(account_id, |account| {
            account.username.clone_from(&handle);
            account.name.clone_from(&profile.display_name);
            if let Some(followers) = profile.follower_count {
                account.followers_count = followers;
            }
            if let Some(following) = profile.following_count {
                account.follows_count = following;
            }
            account.media_count = profile
                .video_count
                .unwrap_or(videos.len() as u64)
                .max(videos.len() as u64);
        })?;
        Ok(report)
    }

    /// Saves what the sync owns on the account record, unless the sync was cancelled.
    fn finish(&self, change: impl FnMut(&mut AccountRecord)) -> Result<(), SyncError> {
        self.control.check()?;
        self.records.update_account(&self.account.id, change)?;
        self.records.store().flush()?;
        Ok(())
    }
}

/// The handle a TikTok account goes by: its `@username`, else its display name made into a
/// handle, else its id's start.
pub fn handle_of(profile: &TikTokProfile) -> String {
    if let Some(username) = profile
        .username
        .as_deref()
        .map(|u| u.trim().trim_start_matches('@'))
        .filter(|u| !u.is_empty())
    {
        return username.to_owned();
    }
    let from_name: String = profile
        .display_name
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '.' || c == '_' => Some(c.to_ascii_lowercase()),
            ' ' | '-' => Some('_'),
            _ => None,
        })
        .collect();
    if from_name.is_empty() {
        format!(
            "tiktok_{}",
            profile.open_id.chars().take(8).collect::<String>()
        )
    } else {
        from_name
    }
}

fn interactions(video: &TikTokVideo) -> Option<u64> {
    let parts = [video.likes, video.comments, video.shares];
    parts
        .iter()
        .any(Option::is_some)
        .then(|| parts.iter().flatten().sum())
}

fn counts_of(video: &TikTokVideo) -> VideoCounts {
    VideoCounts {
        id: video.id.clone(),
        published_at: video.created_at,
        views: video.views,
        likes: video.likes,
        comments: video.comments,
        shares: video.shares,
    }
}

/// What the account gained between two readings, as the later reading's day of account
/// figures — only when the earlier reading is from the day before (a longer gap has no
/// per-day figures). Per video: the later count minus the earlier; a video first listed in
/// the later reading and published after the earlier one counts from zero; one published
/// before it but missing then (it was private) is left out, and so is one gone since.
/// A total that went down (likes taken back) is kept at zero.
pub fn day_gains(before: &VideoDayRecord, after: &VideoDayRecord) -> Option<DailyRecord> {
    if before.date.succ_opt() != Some(after.date) {
        return None;
    }
    let earlier: HashMap<&str, &VideoCounts> =
        before.videos.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut sums = [0i64; 4];
    let mut known = [false; 4];
    for video in &after.videos {
        let was = earlier.get(video.id.as_str());
        let now_counts = [video.views, video.likes, video.comments, video.shares];
        let then_counts = was.map(|w| [w.views, w.likes, w.comments, w.shares]);
        for i in 0..4 {
            let (Some(now), then) = (now_counts[i], then_counts.map(|t| t[i])) else {
                continue;
            };
            let gained = match then {
                Some(Some(then)) => now as i64 - then as i64,
                Some(None) => continue,
                None if video.published_at > before.taken_at => now as i64,
                None => continue,
            };
            sums[i] += gained;
            known[i] = true;
        }
    }
    let value = |i: usize| known[i].then(|| sums[i].max(0) as u64);
    let (likes, comments, shares) = (value(1), value(2), value(3));
    let interactions = [likes, comments, shares]
        .iter()
        .any(Option::is_some)
        .then(|| [likes, comments, shares].iter().flatten().sum());
    Some(DailyRecord {
        date: after.date,
        views: value(0),
        likes,
        comments,
        shares,
        total_interactions: interactions,
        follower_count: match (before.followers, after.followers) {
            (Some(then), Some(now)) => Some(now as i64 - then as i64),
            _ => None,
        },
        ..DailyRecord::default()
    })
}
