//! The post metrics a user can rank by, and how each is read from a stored post.
//!
//! **Interactions** of a post are likes + comments + saves + shares (SPEC §5); a part that
//! Instagram did not give counts as nothing, and a post with none of them has no value.
//! **Engagement rate** of a post is interactions ÷ reach.

use crate::records::PostRecord;

/// A metric of a post; serialised by its name in the stats API (`engagement_rate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// likes + comments + saves + shares.
    Interactions,
    /// Likes.
    Likes,
    /// Comments (including replies).
    Comments,
    /// Saves.
    Saves,
    /// Shares.
    Shares,
    /// Accounts reached.
    Reach,
    /// Views.
    Views,
    /// Follows attributed to the post.
    Follows,
    /// Profile visits from the post.
    ProfileVisits,
    /// Interactions ÷ reach.
    EngagementRate,
}

impl Metric {
    /// Every metric, in the order help lists them.
    pub const ALL: [Metric; 10] = [
        Metric::Interactions,
        Metric::Likes,
        Metric::Comments,
        Metric::Saves,
        Metric::Shares,
        Metric::Reach,
        Metric::Views,
        Metric::Follows,
        Metric::ProfileVisits,
        Metric::EngagementRate,
    ];

    /// Parses a metric word as people write it (`saves`, `saved`, `Likes`, `ER`, `profile-visits`).
    pub fn parse(word: &str) -> Option<Metric> {
        let word = word
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_', ' '], "");
        let metric = match word.as_str() {
            "interactions" | "interaction" | "engagement" | "engagements" => Metric::Interactions,
            "likes" | "like" | "liked" => Metric::Likes,
            "comments" | "comment" | "commented" => Metric::Comments,
            "saves" | "save" | "saved" => Metric::Saves,
            "shares" | "share" | "shared" => Metric::Shares,
            "reach" | "reached" => Metric::Reach,
            "views" | "view" | "viewed" | "plays" => Metric::Views,
            "follows" | "follow" | "newfollowers" => Metric::Follows,
            "profilevisits" | "profilevisit" | "visits" => Metric::ProfileVisits,
            "er" | "rate" | "engagementrate" => Metric::EngagementRate,
            _ => return None,
        };
        Some(metric)
    }

    /// The plural noun for answers ("saves").
    pub fn noun(self) -> &'static str {
        match self {
            Metric::Interactions => "interactions",
            Metric::Likes => "likes",
            Metric::Comments => "comments",
            Metric::Saves => "saves",
            Metric::Shares => "shares",
            Metric::Reach => "reach",
            Metric::Views => "views",
            Metric::Follows => "follows",
            Metric::ProfileVisits => "profile visits",
            Metric::EngagementRate => "engagement rate",
        }
    }

    /// The singular noun, for a count of one ("1 save").
    pub fn one(self) -> &'static str {
        match self {
            Metric::Interactions => "interaction",
            Metric::Likes => "like",
            Metric::Comments => "comment",
            Metric::Saves => "save",
            Metric::Shares => "share",
            Metric::Reach => "reach",
            Metric::Views => "view",
            Metric::Follows => "follow",
            Metric::ProfileVisits => "profile visit",
            Metric::EngagementRate => "engagement rate",
        }
    }

    /// A whole value with its noun: "1 save", "1,204 saves".
    pub fn count(self, value: u64) -> String {
        prompts::count(value, self.one(), self.noun())
    }

    /// Whether the value is a ratio (shown as a percentage).
    pub fn is_rate(self) -> bool {
        self == Metric::EngagementRate
    }

    /// The post's value, or `None` when Instagram gave no data for it.
    pub fn of(self, post: &PostRecord) -> Option<f64> {
        let m = &post.metrics;
        let as_f64 = |value: Option<u64>| value.map(|v| v as f64);
        match self {
            Metric::Interactions => interactions(post).map(|v| v as f64),
            Metric::Likes => as_f64(m.likes.or(post.like_count)),
            Metric::Comments => as_f64(m.comments.or(post.comments_count)),
            Metric::Saves => as_f64(m.saves),
            Metric::Shares => as_f64(m.shares),
            Metric::Reach => as_f64(m.reach),
            Metric::Views => as_f64(m.views),
            Metric::Follows => as_f64(m.follows),
            Metric::ProfileVisits => as_f64(m.profile_visits),
            Metric::EngagementRate => {
                let reach = m.reach.filter(|reach| *reach > 0)?;
                Some(interactions(post)? as f64 / reach as f64)
            }
        }
    }
}

/// likes + comments + saves + shares of a post; `None` if Instagram gave none of them.
pub fn interactions(post: &PostRecord) -> Option<u64> {
    let m = &post.metrics;
    let parts = [
        m.likes.or(post.like_count),
        m.comments.or(post.comments_count),
        m.saves,
        m.shares,
    ];
    parts
        .iter()
        .any(Option::is_some)
        .then(|| parts.iter().flatten().sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{KindRecord, MetricsRecord};
    use chrono::DateTime;

    fn post(metrics: MetricsRecord) -> PostRecord {
        PostRecord {
            id: "1".into(),
            kind: KindRecord::Image,
            caption: None,
            permalink: None,
            published_at: DateTime::from_timestamp(0, 0).unwrap(),
            like_count: Some(99),
            comments_count: Some(98),
            metrics,
            metrics_updated_at: None,
            metrics_attempted_at: None,
            insights_unavailable: false,
            comments_read: None,
        }
    }

    #[test]
    fn interactions_add_the_four_parts_and_skip_missing_ones() {
        let full = post(MetricsRecord {
            likes: Some(10),
            comments: Some(2),
            saves: Some(3),
            shares: Some(4),
            reach: Some(100),
            ..Default::default()
        });
        assert_eq!(interactions(&full), Some(19));
        assert_eq!(Metric::EngagementRate.of(&full), Some(0.19));
        let no_shares = post(MetricsRecord {
            likes: Some(10),
            comments: Some(2),
            saves: Some(3),
            ..Default::default()
        });
        assert_eq!(interactions(&no_shares), Some(15));
        assert_eq!(Metric::Shares.of(&no_shares), None);
        assert_eq!(
            Metric::EngagementRate.of(&no_shares),
            None,
            "no reach, no rate"
        );
        // Without insights, the listed like and comment counts still count.
        assert_eq!(interactions(&post(MetricsRecord::default())), Some(197));
    }

    #[test]
    fn metric_words() {
        assert_eq!(Metric::parse("Saved"), Some(Metric::Saves));
        assert_eq!(Metric::parse("ER"), Some(Metric::EngagementRate));
        assert_eq!(Metric::parse("profile-visits"), Some(Metric::ProfileVisits));
        assert_eq!(Metric::parse("weather"), None);
        for metric in Metric::ALL {
            assert_eq!(Metric::parse(metric.noun()), Some(metric), "{metric:?}");
        }
    }
}
