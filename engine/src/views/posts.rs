//! Posts as the API shows them: one post with every metric (each read by
//! [`Metric::of`], as rankings read it), a ranking (`/top`'s), and a page of posts filtered
//! by period and media type and sorted by a metric.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::records::PostRecord;

use super::PeriodView;

/// Reads a type of post as the API takes it: `photo`, `video`, `reel`, `carousel`,
/// `story`, or their plurals (`image` for a photo too).
pub fn media_type(word: &str) -> Option<MediaKind> {
    let word = word.trim().to_ascii_lowercase();
    let word = match word.as_str() {
        "image" | "images" => "photo",
        word => word,
    };
    [
        MediaKind::Image,
        MediaKind::Video,
        MediaKind::Reel,
        MediaKind::Carousel,
        MediaKind::Story,
    ]
    .into_iter()
    .find(|kind| kind.noun() == word || kind.plural() == word)
}

/// A post's metrics; `null` where the network gave no data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostMetricsView {
    /// likes + comments + saves + shares.
    pub interactions: Option<u64>,
    /// Likes.
    pub likes: Option<u64>,
    /// Comments, replies included.
    pub comments: Option<u64>,
    /// Saves.
    pub saves: Option<u64>,
    /// Shares.
    pub shares: Option<u64>,
    /// Accounts reached.
    pub reach: Option<u64>,
    /// Views.
    pub views: Option<u64>,
    /// Follows from the post.
    pub follows: Option<u64>,
    /// Profile visits from the post.
    pub profile_visits: Option<u64>,
    /// Interactions ÷ reach (0.05 = 5 %).
    pub engagement_rate: Option<f64>,
}

/// A post.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostView {
    /// The network's id of the post.
    pub id: String,
    /// Its type.
    pub media_type: MediaKind,
    /// The caption, as written (someone's words: escape it where it is shown).
    pub caption: Option<String>,
    /// The public link.
    pub permalink: Option<String>,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Its latest metrics.
    pub metrics: PostMetricsView,
    /// When they were read; `null` = not yet.
    pub metrics_read_at: Option<DateTime<Utc>>,
}

impl PostView {
    /// The view of `post`: each metric as [`Metric::of`] reads it.
    pub fn new(post: &PostRecord) -> Self {
        let whole = |metric: Metric| metric.of(post).map(|value| value.round() as u64);
        Self {
            id: post.id.clone(),
            media_type: post.media_kind(),
            caption: post.caption.clone(),
            permalink: post.permalink.clone(),
            published_at: post.published_at,
            metrics: PostMetricsView {
                interactions: whole(Metric::Interactions),
                likes: whole(Metric::Likes),
                comments: whole(Metric::Comments),
                saves: whole(Metric::Saves),
                shares: whole(Metric::Shares),
                reach: whole(Metric::Reach),
                views: whole(Metric::Views),
                follows: whole(Metric::Follows),
                profile_visits: whole(Metric::ProfileVisits),
                engagement_rate: Metric::EngagementRate.of(post),
            },
            metrics_read_at: post.metrics_updated_at,
        }
    }
}

/// A post in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedPostView {
    /// 1 for the first.
    pub rank: usize,
    /// Its value of the metric ranked by (a rate for `engagement_rate`).
    pub value: f64,
    /// The post.
    pub post: PostView,
}

/// Posts published in a period ranked by a metric: `/top`'s ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankingView {
    /// The account's handle.
    pub account: String,
    /// Ranked by.
    pub metric: Metric,
    /// `desc`: the top posts; `asc`: the bottom ones.
    pub order: Order,
    /// The period the posts were published in.
    pub period: PeriodView,
    /// Posts published in the period.
    pub published: usize,
    /// Of those, posts without data for the metric (not ranked).
    pub without_data: usize,
    /// The posts, in order.
    pub posts: Vec<RankedPostView>,
    /// The end of the last sync.
    pub data_as_of: Option<DateTime<Utc>>,
}

/// What a page of posts is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostSort {
    /// The time of publishing.
    Published,
    /// A metric; posts without data for it come last, in either order.
    Metric(Metric),
}

/// A page of posts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostsPage {
    /// The account's handle.
    pub account: String,
    /// The period the posts were published in.
    pub period: PeriodView,
    /// Only posts of this type, if asked.
    pub media_type: Option<MediaKind>,
    /// `published_at` or a metric's name.
    pub sort: String,
    /// Which end first.
    pub order: Order,
    /// This page, from 1.
    pub page: usize,
    /// Posts per page.
    pub per_page: usize,
    /// Posts that match, on all pages.
    pub total: usize,
    /// The posts of this page.
    pub posts: Vec<PostView>,
}

/// The posts of `posts` (already those of the period) of `kind`, sorted, page `page` (from 1)
/// of `per_page`; returns the page and how many matched.
pub fn page_of_posts(
    mut posts: Vec<&PostRecord>,
    kind: Option<MediaKind>,
    sort: PostSort,
    order: Order,
    (page, per_page): (usize, usize),
) -> (Vec<&PostRecord>, usize) {
    posts.retain(|post| kind.is_none_or(|k| post.media_kind() == k));
    match sort {
        PostSort::Published => posts.sort_by_key(|post| post.published_at),
        PostSort::Metric(metric) => posts.sort_by(|a, b| {
            match (metric.of(a), metric.of(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                // Without data last whichever the order: reversed below for `Highest`.
                (Some(_), None) => std::cmp::Ordering::Greater,
                (None, Some(_)) => std::cmp::Ordering::Less,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then(a.published_at.cmp(&b.published_at))
        }),
    }
    if order == Order::Highest {
        posts.reverse();
    } else if let PostSort::Metric(metric) = sort {
        // Ascending: the posts without data, sorted first, go to the end.
        let without = posts.iter().take_while(|p| metric.of(p).is_none()).count();
        posts.rotate_left(without);
    }
    let total = posts.len();
    let start = page.saturating_sub(1).saturating_mul(per_page);
    let shown = posts.into_iter().skip(start).take(per_page).collect();
    (shown, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{KindRecord, MetricsRecord};
    use chrono::TimeZone;

    fn post(id: &str, day: u32, kind: KindRecord, saves: Option<u64>) -> PostRecord {
        PostRecord {
            id: id.into(),
            kind,
            caption: None,
            permalink: None,
            published_at: Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap(),
            like_count: Some(1),
            comments_count: Some(0),
            metrics: MetricsRecord {
                saves,
                ..Default::default()
            },
            metrics_updated_at: None,
            metrics_attempted_at: None,
            insights_unavailable: false,
            comments_read: None,
        }
    }

    #[test]
    fn pages_sort_by_a_metric_with_the_posts_without_data_last_either_way() {
        let posts = [
            post("a", 1, KindRecord::Reel, Some(5)),
            post("b", 2, KindRecord::Reel, None),
            post("c", 3, KindRecord::Image, Some(9)),
            post("d", 4, KindRecord::Reel, Some(7)),
        ];
        let all: Vec<&PostRecord> = posts.iter().collect();
        let ids = |page: Vec<&PostRecord>| page.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        let saves = PostSort::Metric(Metric::Saves);
        let (page, total) = page_of_posts(all.clone(), None, saves, Order::Highest, (1, 10));
        assert_eq!(
            (ids(page), total),
            (vec!["c".into(), "d".into(), "a".into(), "b".into()], 4)
        );
        let (page, _) = page_of_posts(all.clone(), None, saves, Order::Lowest, (1, 10));
        assert_eq!(ids(page), ["a", "d", "c", "b"]);
        let reels = Some(MediaKind::Reel);
        let (page, total) = page_of_posts(
            all.clone(),
            reels,
            PostSort::Published,
            Order::Highest,
            (2, 2),
        );
        assert_eq!((ids(page), total), (vec!["a".to_owned()], 3));
        let (page, total) = page_of_posts(all, None, saves, Order::Highest, (9, 10));
        assert_eq!((page.len(), total), (0, 4), "a page past the end is empty");
    }

    #[test]
    fn media_types_read_as_the_api_takes_them() {
        assert_eq!(media_type("Reels"), Some(MediaKind::Reel));
        assert_eq!(media_type("photo"), Some(MediaKind::Image));
        assert_eq!(media_type("image"), Some(MediaKind::Image));
        assert_eq!(media_type("stories"), Some(MediaKind::Story));
        assert_eq!(media_type("gif"), None);
    }
}
