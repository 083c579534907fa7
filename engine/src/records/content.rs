//! What Pulse keeps of an account's content: posts with their insights, days of account
//! insights, follower counts and online hours, demographics, and comments.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::instagram::{Comment, DailyInsights, MediaKind, Post, PostMetrics};

/// Lifetime insights of a post as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricsRecord {
    /// `views`.
    pub views: Option<u64>,
    /// `reach`.
    pub reach: Option<u64>,
    /// `likes`.
    pub likes: Option<u64>,
    /// `comments`.
    pub comments: Option<u64>,
    /// `saved`.
    pub saves: Option<u64>,
    /// `shares`.
    pub shares: Option<u64>,
    /// `total_interactions` as Instagram reports it.
    pub total_interactions: Option<u64>,
    /// `follows`.
    pub follows: Option<u64>,
    /// `profile_visits`.
    pub profile_visits: Option<u64>,
}

impl From<&PostMetrics> for MetricsRecord {
    fn from(m: &PostMetrics) -> Self {
        Self {
            views: m.views,
            reach: m.reach,
            likes: m.likes,
            comments: m.comments,
            saves: m.saves,
            shares: m.shares,
            total_interactions: m.total_interactions,
            follows: m.follows,
            profile_visits: m.profile_visits,
        }
    }
}

/// The stored form of [`MediaKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindRecord {
    /// Photo.
    Image,
    /// Feed video.
    Video,
    /// Reel.
    Reel,
    /// Carousel.
    Carousel,
    /// Story.
    Story,
}

impl From<MediaKind> for KindRecord {
    fn from(kind: MediaKind) -> Self {
        match kind {
            MediaKind::Image => KindRecord::Image,
            MediaKind::Video => KindRecord::Video,
            MediaKind::Reel => KindRecord::Reel,
            MediaKind::Carousel => KindRecord::Carousel,
            MediaKind::Story => KindRecord::Story,
        }
    }
}

impl From<KindRecord> for MediaKind {
    fn from(kind: KindRecord) -> Self {
        match kind {
            KindRecord::Image => MediaKind::Image,
            KindRecord::Video => MediaKind::Video,
            KindRecord::Reel => MediaKind::Reel,
            KindRecord::Carousel => MediaKind::Carousel,
            KindRecord::Story => MediaKind::Story,
        }
    }
}

/// A post with its latest insights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRecord {
    /// The media id.
    pub id: String,
    /// Its kind.
    pub kind: KindRecord,
    /// The caption (untrusted).
    pub caption: Option<String>,
    /// The public link.
    pub permalink: Option<String>,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Likes from the media list.
    pub like_count: Option<u64>,
    /// Comments from the media list.
    pub comments_count: Option<u64>,
    /// The latest insights.
    pub metrics: MetricsRecord,
    /// When the insights were read; `None` = never.
    pub metrics_updated_at: Option<DateTime<Utc>>,
    /// When reading them last failed, so a failing post waits its turn on the ladder like the
    /// others. (Added within version 1: older records read as `None`.)
    #[serde(default)]
    pub metrics_attempted_at: Option<DateTime<Utc>>,
    /// Instagram will never give insights for it (e.g. posted before the account converted).
    pub insights_unavailable: bool,
    /// How many comments (replies included) Instagram reported for the post when its
    /// comments were last read; `None` = never read. Sync reads them again only when
    /// Instagram reports another number ([`PostRecord::comments_due`]). (Added within
    /// version 1: older records read as `None`.)
    #[serde(default)]
    pub comments_read: Option<u64>,
}

impl PostRecord {
    /// A new record for a listed post, without insights yet.
    pub fn from_post(post: &Post) -> Self {
        Self {
            id: post.id.clone(),
            kind: post.kind.into(),
            caption: post.caption.clone(),
            permalink: post.permalink.clone(),
            published_at: post.published_at,
            like_count: post.like_count,
            comments_count: post.comments_count,
            metrics: MetricsRecord::default(),
            metrics_updated_at: None,
            metrics_attempted_at: None,
            insights_unavailable: false,
            comments_read: None,
        }
    }

    /// How many comments and replies Instagram reports for the post: the `comments` insight,
    /// which the ladder keeps reading, else the media list's `comments_count` (read once a
    /// post has left the newest page, so it goes stale).
    pub fn reported_comments(&self) -> Option<u64> {
        self.metrics.comments.or(self.comments_count)
    }

    /// Whether the post's comments should be read: never read (unless Instagram says there are
    /// none), or Instagram reports another number than when they were last read (more
    /// comments, or some deleted and others written since). A post whose count is unknown and
    /// whose comments were read once is left alone.
    pub fn comments_due(&self) -> bool {
        match (self.reported_comments(), self.comments_read) {
            (Some(reported), Some(read)) => reported != read,
            (Some(reported), None) => reported > 0,
            (None, None) => true,
            (None, Some(_)) => false,
        }
    }

    /// Its kind.
    pub fn media_kind(&self) -> MediaKind {
        self.kind.into()
    }
}

/// One day of account insights as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyRecord {
    /// The day.
    pub date: NaiveDate,
    /// `reach`.
    pub reach: Option<u64>,
    /// `views`.
    pub views: Option<u64>,
    /// `accounts_engaged`.
    pub accounts_engaged: Option<u64>,
    /// `total_interactions`.
    pub total_interactions: Option<u64>,
    /// `likes`.
    pub likes: Option<u64>,
    /// `comments`.
    pub comments: Option<u64>,
    /// `shares`.
    pub shares: Option<u64>,
    /// `saves`.
    pub saves: Option<u64>,
    /// `replies`.
    pub replies: Option<u64>,
    /// The `follower_count` insight.
    pub follower_count: Option<i64>,
}

impl From<&DailyInsights> for DailyRecord {
    fn from(d: &DailyInsights) -> Self {
        Self {
            date: d.date,
            reach: d.reach,
            views: d.views,
            accounts_engaged: d.accounts_engaged,
            total_interactions: d.total_interactions,
            likes: d.likes,
            comments: d.comments,
            shares: d.shares,
            saves: d.saves,
            replies: d.replies,
            follower_count: d.follower_count,
        }
    }
}

/// The follower count read on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowerSnapshotRecord {
    /// The day (in UTC) it was read.
    pub date: NaiveDate,
    /// Followers.
    pub followers: u64,
    /// When exactly.
    pub taken_at: DateTime<Utc>,
}

/// Followers online by hour on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineFollowersRecord {
    /// The day.
    pub date: NaiveDate,
    /// `(hour, followers online)`.
    pub by_hour: Vec<(u8, u64)>,
}

/// Follower demographics as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemographicsRecord {
    /// Age buckets.
    pub ages: Vec<(String, u64)>,
    /// Genders.
    pub genders: Vec<(String, u64)>,
    /// Countries.
    pub countries: Vec<(String, u64)>,
    /// Cities.
    pub cities: Vec<(String, u64)>,
    /// When it was read.
    pub fetched_at: DateTime<Utc>,
}

/// A comment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRecord {
    /// The comment id.
    pub id: String,
    /// The post.
    pub post_id: String,
    /// The comment it replies to.
    pub parent_id: Option<String>,
    /// The commenter's scoped id.
    pub author_id: Option<String>,
    /// The commenter's handle.
    pub author_username: Option<String>,
    /// The text (untrusted).
    pub text: String,
    /// When it was written.
    pub published_at: DateTime<Utc>,
    /// Likes on it.
    pub like_count: Option<u64>,
    /// Hidden by the account on Instagram (spam, mostly). Records stored before it was read
    /// have none: `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

impl From<&Comment> for CommentRecord {
    fn from(c: &Comment) -> Self {
        Self {
            id: c.id.clone(),
            post_id: c.post_id.clone(),
            parent_id: c.parent_id.clone(),
            author_id: c.author_id.clone(),
            author_username: c.author_username.clone(),
            text: c.text.clone(),
            published_at: c.published_at,
            like_count: c.like_count,
            hidden: c.hidden,
        }
    }
}
