//! Records for unit tests: a post as the store keeps it, with the few figures a test sets
//! and the rest as a fully read post has them.

use chrono::{DateTime, Utc};

use crate::records::{KindRecord, MetricsRecord, PostRecord};

/// A post published at `published` with `likes` likes, no comments, saves or shares, and
/// `reach` (`None`: Instagram did not give it).
pub(crate) fn post_record(
    id: &str,
    kind: KindRecord,
    published: DateTime<Utc>,
    likes: u64,
    reach: Option<u64>,
) -> PostRecord {
    PostRecord {
        id: id.into(),
        kind,
        caption: Some(format!("post {id}")),
        permalink: Some(format!("https://www.instagram.com/p/{id}/")),
        published_at: published,
        like_count: Some(likes),
        comments_count: Some(0),
        metrics: MetricsRecord {
            likes: Some(likes),
            comments: Some(0),
            saves: Some(0),
            shares: Some(0),
            reach,
            ..Default::default()
        },
        metrics_updated_at: Some(published),
        metrics_attempted_at: None,
        insights_unavailable: false,
        comments_read: None,
    }
}
