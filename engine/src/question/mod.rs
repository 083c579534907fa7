//! Questions in plain language, answered without a language model.
//!
//! [`parse`] turns a question — with the chat's previous question, if it was asked in the
//! last 30 minutes — into [`Parsed`]: one or two [`Query`]s (what is asked, about which
//! metric, which posts, which period), a question back ([`Clarification`]), a refusal of
//! what Pulse cannot see ([`Parsed::Outside`], with what it can answer instead), or
//! [`NotUnderstood`]. It never guesses: an unknown word next to what is asked makes it ask.
//!
//! - `words/` normalises words and corrects typing mistakes; `when/` reads periods;
//!   `lexicon/` and `filler.txt` are the role tables (every word Pulse knows, and what it
//!   does in a question).
//! - `reading/` gives every word its role and reads the roles as a [`Frame`]: the
//!   platform-neutral shape of a question, which `frame/` also writes as text (the corpus
//!   labels) and as plain English.
//! - `answer/` answers a query from the store; `assistant.rs` lets a language model ask
//!   the same frames as tools; `corpus.rs` measures the parser against labelled questions
//!   (`engine/corpus/`).

pub mod answer;
pub mod assistant;
#[cfg(test)]
mod behaviour;
pub mod corpus;
pub mod frame;
pub mod lexicon;
pub mod networks;
mod reading;
pub mod when;
pub mod words;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
pub use frame::{Frame, Kind};
pub use lexicon::Unseen;

/// An account-level figure from the daily insights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountMetric {
    /// Sum of daily reach.
    Reach,
    /// Views.
    Views,
    /// Likes.
    Likes,
    /// Comments.
    Comments,
    /// Shares.
    Shares,
    /// Saves.
    Saves,
    /// likes + comments + saves + shares.
    Interactions,
}

impl AccountMetric {
    /// The noun in answers.
    pub fn noun(self) -> &'static str {
        match self {
            AccountMetric::Reach => "reach (sum of daily reach)",
            AccountMetric::Views => "views",
            AccountMetric::Likes => "likes",
            AccountMetric::Comments => "comments",
            AccountMetric::Shares => "shares",
            AccountMetric::Saves => "saves",
            AccountMetric::Interactions => "interactions (likes + comments + saves + shares)",
        }
    }
}

/// What engagement rate is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateBasis {
    /// Σ interactions ÷ Σ reach.
    Reach,
    /// Mean interactions per post ÷ followers.
    Followers,
}

/// A figure that can be compared between two periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The engagement rate of the posts published.
    EngagementRate {
        /// Relative to.
        basis: RateBasis,
        /// Only this kind.
        kind: Option<MediaKind>,
    },
    /// An account total from daily insights.
    Account(AccountMetric),
    /// A metric summed over the posts published.
    PostTotal {
        /// Summed.
        metric: Metric,
        /// Only this kind.
        kind: Option<MediaKind>,
    },
    /// A metric's mean per post published.
    PostMean {
        /// Averaged.
        metric: Metric,
        /// Only this kind.
        kind: Option<MediaKind>,
    },
    /// Posts published.
    Posts {
        /// Only this kind.
        kind: Option<MediaKind>,
    },
    /// The follower change.
    Growth,
}

/// What demographics are asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Countries and cities.
    Places,
    /// Age buckets.
    Ages,
    /// Genders.
    Genders,
}

/// A question, understood.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// Posts published in the period, ranked by a metric.
    Posts {
        /// Ranked by.
        metric: Metric,
        /// Highest or lowest first.
        order: Order,
        /// How many.
        count: usize,
        /// Only this kind.
        kind: Option<MediaKind>,
        /// Published in.
        period: Period,
        /// Show the whole caption.
        caption: bool,
    },
    /// The sum of a metric over the posts published in the period.
    PostTotal {
        /// Summed.
        metric: Metric,
        /// Only this kind.
        kind: Option<MediaKind>,
        /// Published in.
        period: Period,
    },
    /// The mean of a metric per post published in the period.
    PostMean {
        /// Averaged.
        metric: Metric,
        /// Only this kind.
        kind: Option<MediaKind>,
        /// Published in.
        period: Period,
    },
    /// How many posts were published.
    PostCount {
        /// Only this kind.
        kind: Option<MediaKind>,
        /// In.
        period: Period,
    },
    /// An account total from daily insights.
    AccountTotal {
        /// Which.
        metric: AccountMetric,
        /// Over.
        period: Period,
    },
    /// The follower count now.
    Followers,
    /// The follower change over the period.
    FollowerGrowth {
        /// Over.
        period: Period,
    },
    /// The engagement rate of the posts published in the period.
    EngagementRate {
        /// Relative to.
        basis: RateBasis,
        /// Only this kind.
        kind: Option<MediaKind>,
        /// Over.
        period: Period,
    },
    /// One figure over two periods.
    Compare {
        /// What.
        figure: Figure,
        /// The period asked about.
        current: Period,
        /// The one it is compared with.
        previous: Period,
    },
    /// The `/stats` overview.
    Overview {
        /// Over.
        period: Period,
    },
    /// When followers are online.
    OnlineFollowers,
    /// When to post.
    BestTime {
        /// The posts learned from.
        period: Period,
    },
    /// The top commenters.
    Fans {
        /// How many.
        count: usize,
        /// Over.
        period: Period,
    },
    /// Comments that look like purchase intent.
    Leads {
        /// Over.
        period: Period,
    },
    /// A metric by media type (mean per post; engagement rate by reach for the rate).
    ByMediaType {
        /// Compared.
        metric: Metric,
        /// Over.
        period: Period,
    },
    /// Hashtags ranked by engagement.
    Hashtags {
        /// Over.
        period: Period,
    },
    /// A metric by the part of the day posts were published.
    PartsOfDay {
        /// Compared.
        metric: Metric,
        /// Over.
        period: Period,
    },
    /// A metric by the weekday posts were published.
    Weekdays {
        /// Compared.
        metric: Metric,
        /// Over.
        period: Period,
    },
    /// Follower demographics.
    Demographics(Audience),
    /// The newest post (of a kind) and its figures.
    LatestPost {
        /// Only this kind.
        kind: Option<MediaKind>,
    },
    /// Who commented on the newest post.
    LatestPostCommenters,
    /// The newest comments on the newest post.
    LatestPostComments,
    /// Posts per week.
    PostingFrequency {
        /// Over.
        period: Period,
    },
    /// The trend of a daily figure.
    Trend {
        /// Which.
        metric: AccountMetric,
        /// Over.
        period: Period,
    },
    /// What to post next.
    Recommendation {
        /// The posts learned from.
        period: Period,
    },
}

impl Query {
    /// The period the query reads, if it has one.
    pub fn period(&self) -> Option<&Period> {
        match self {
            Query::Posts { period, .. }
            | Query::PostTotal { period, .. }
            | Query::PostMean { period, .. }
            | Query::PostCount { period, .. }
            | Query::AccountTotal { period, .. }
            | Query::FollowerGrowth { period }
            | Query::EngagementRate { period, .. }
            | Query::Compare {
                current: period, ..
            }
            | Query::Overview { period }
            | Query::BestTime { period }
            | Query::Fans { period, .. }
            | Query::Leads { period }
            | Query::ByMediaType { period, .. }
            | Query::Hashtags { period }
            | Query::PartsOfDay { period, .. }
            | Query::Weekdays { period, .. }
            | Query::PostingFrequency { period }
            | Query::Trend { period, .. }
            | Query::Recommendation { period } => Some(period),
            Query::Followers
            | Query::OnlineFollowers
            | Query::Demographics(_)
            | Query::LatestPost { .. }
            | Query::LatestPostCommenters
            | Query::LatestPostComments => None,
        }
    }

    /// Whether the answer reads the account's stored comments.
    pub fn reads_comments(&self) -> bool {
        self.reveals_people()
    }

    /// Whether the answer names commenters or quotes their words.
    pub fn reveals_people(&self) -> bool {
        matches!(
            self,
            Query::Fans { .. }
                | Query::Leads { .. }
                | Query::LatestPostCommenters
                | Query::LatestPostComments
        )
    }
}

/// What Pulse read a question as.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// One query, or one for each part of a question with two parts.
    Understood {
        /// The queries, in the order asked.
        queries: Vec<Query>,
        /// A part about something Pulse cannot see, answered "I can't see that".
        set_aside: Option<Unseen>,
        /// Words that were not used (background the question did not need), to be named.
        unused: Vec<String>,
    },
    /// Pulse must ask back.
    Clarify(Clarification),
    /// About something Pulse cannot see.
    Outside {
        /// What.
        unseen: Unseen,
        /// What the question would have been about the account itself, if anything.
        instead: Option<Query>,
    },
    /// Not about the account.
    NotUnderstood(NotUnderstood),
}

/// A short question back.
#[derive(Debug, Clone, PartialEq)]
pub struct Clarification {
    /// What is missing.
    pub missing: Missing,
    /// The words Pulse did not understand, as typed.
    pub words: Vec<String>,
    /// Readings to offer (as buttons where the front end has them).
    pub options: Vec<Query>,
}

/// What a clarification asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// What some words mean.
    Meaning,
    /// Which metric.
    Metric,
    /// What a follow-up refers to (there is no previous question).
    Context,
    /// Which dates.
    Dates,
}

/// A question Pulse does not understand (it never guesses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUnderstood {
    /// Whether the question is about something else entirely (the weather …).
    pub off_topic: bool,
}

/// Understands a question, or says why not. `previous` is the chat's previous query (kept
/// for 30 minutes), which a follow-up refines; `today` and `zone` resolve periods ("on
/// Thursday", "this summer") to dates in the chat's time zone.
pub fn parse(question: &str, previous: Option<&Query>, today: NaiveDate, zone: Tz) -> Parsed {
    reading::read(
        question,
        previous.map(std::slice::from_ref).unwrap_or_default(),
        &[],
        today,
        zone,
    )
}

/// [`parse`] after a question that asked several things ("reach and views for October"):
/// a follow-up that only changes something ("same for September") changes each of them;
/// anything else follows up the last one.
pub fn parse_after(question: &str, previous: &[Query], today: NaiveDate, zone: Tz) -> Parsed {
    reading::read(question, previous, &[], today, zone)
}

/// [`parse_after`] that also knows the question asked before the previous one: "compare the
/// two" (or "which was better") after "likes last week" → "and the week before?" sets the
/// two weeks asked about side by side.
pub fn parse_in_conversation(
    question: &str,
    previous: &[Query],
    before_previous: &[Query],
    today: NaiveDate,
    zone: Tz,
) -> Parsed {
    reading::read(question, previous, before_previous, today, zone)
}

#[doc(hidden)]
pub use reading::explain;

#[cfg(test)]
mod tests;
