//! A query as a question in plain words that Pulse understands as this same query
//! ([`Query::question`]), with the periods, posts and metrics in words the parser reads back.

use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::{AccountMetric, Audience, Figure, Query, RateBasis};

use super::Kind;

/// How a period reads inside a question ("in the last 30 days", "on 2026-11-12"), in words
/// the parser reads back.
pub fn period_words(period: &Period) -> String {
    match period {
        Period::Today => "today".into(),
        Period::Yesterday => "yesterday".into(),
        Period::ThisWeek => "this week".into(),
        Period::LastWeek => "last week".into(),
        Period::ThisMonth => "this month".into(),
        Period::LastMonth => "last month".into(),
        Period::ThisYear => "this year".into(),
        Period::LastYear => "last year".into(),
        Period::LastDays(n) => format!("in the last {n} days"),
        Period::LastMonths(n) => format!("in the last {n} months"),
        Period::Month { month, year } => match year {
            Some(year) => format!("in {} {year}", crate::period::month_name(*month)),
            None => format!("in {}", crate::period::month_name(*month)),
        },
        Period::Year(year) => format!("in {year}"),
        Period::Since(date) => format!("since {date}"),
        Period::Between(first, last) if first == last => format!("on {first}"),
        Period::Between(first, last) => format!("between {first} and {last}"),
        Period::AllTime => "of all time".into(),
    }
}

fn posts_word(kind: Option<MediaKind>) -> String {
    kind.map_or("posts", |k| k.plural()).to_owned()
}

fn metric_words(metric: Metric) -> &'static str {
    match metric {
        Metric::EngagementRate => "engagement rate",
        Metric::Follows => "new followers",
        other => other.noun(),
    }
}

/// "the most saves", "the lowest engagement rate", "the fewest likes".
fn superlative(metric: Metric, order: Order) -> String {
    let most = match (order, metric) {
        (Order::Highest, Metric::EngagementRate) => "the highest",
        (Order::Lowest, Metric::EngagementRate) => "the lowest",
        (Order::Highest, _) => "the most",
        (Order::Lowest, Metric::Reach) => "the least",
        (Order::Lowest, _) => "the fewest",
    };
    format!("{most} {}", metric_words(metric))
}

/// " in the last 30 days", or nothing for a kind's default period.
fn unless_default(kind: Kind, period: &Period) -> String {
    if *period == kind.default_period() {
        String::new()
    } else {
        format!(" {}", period_words(period))
    }
}

/// ", based on my posts this year", or nothing for a kind's default period: the window
/// advice learns from.
fn based_on(kind: Kind, period: &Period) -> String {
    if *period == kind.default_period() {
        String::new()
    } else {
        format!(", based on my posts {}", period_words(period))
    }
}

impl Query {
    /// The query as a question in plain words that Pulse understands as this same query:
    /// for example questions and for buttons that ask it.
    pub fn question(&self) -> String {
        let p = |period: &Period| period_words(period);
        let one = |kind: &Option<MediaKind>| kind.map_or("post", |k| k.noun());
        match self {
            Query::Posts {
                metric,
                order,
                count,
                kind,
                period,
                caption,
            } => {
                if *caption {
                    return format!(
                        "what's the caption of the {} with {} {}",
                        one(kind),
                        superlative(*metric, *order),
                        p(period)
                    );
                }
                if *count == 1 {
                    return format!(
                        "which {} had {} {}",
                        one(kind),
                        superlative(*metric, *order),
                        p(period)
                    );
                }
                let end = match order {
                    Order::Highest => "top",
                    Order::Lowest => "bottom",
                };
                format!(
                    "{end} {count} {} by {} {}",
                    posts_word(*kind),
                    metric_words(*metric),
                    p(period)
                )
            }
            Query::PostTotal {
                metric,
                kind,
                period,
            } => format!(
                "how many {} did my {} get {}",
                metric_words(*metric),
                posts_word(*kind),
                p(period)
            ),
            Query::PostMean {
                metric,
                kind,
                period,
            } => format!(
                "average {} per {} {}",
                metric_words(*metric),
                one(kind),
                p(period)
            ),
            Query::PostCount { kind, period } => {
                format!("how many {} did I post {}", posts_word(*kind), p(period))
            }
            Query::AccountTotal { metric, period } => match metric {
                AccountMetric::Reach => format!("what was my reach {}", p(period)),
                other => format!(
                    "how many {} did I get {}",
                    metric_words(other.metric()),
                    p(period)
                ),
            },
            Query::Followers => "how many followers do I have now".into(),
            Query::FollowerGrowth { period } => {
                format!("how many followers did I gain {}", p(period))
            }
            Query::EngagementRate {
                basis,
                kind,
                period,
            } => {
                let by = match basis {
                    RateBasis::Reach => "",
                    RateBasis::Followers => " by followers",
                };
                let of = kind.map_or(String::new(), |k| format!(" of my {}", k.plural()));
                format!("what's my engagement rate{by}{of} {}", p(period))
            }
            Query::Compare {
                figure,
                current,
                previous,
            } => {
                let what = match figure {
                    Figure::EngagementRate { basis, kind } => {
                        let by = match basis {
                            RateBasis::Reach => "",
                            RateBasis::Followers => " by followers",
                        };
                        let of = kind.map_or(String::new(), |k| format!(" of my {}", k.plural()));
                        format!("engagement rate{by}{of}")
                    }
                    Figure::Account(metric) => metric_words(metric.metric()).to_owned(),
                    Figure::PostTotal { metric, kind } => {
                        format!(
                            "total {} of my {}",
                            metric_words(*metric),
                            posts_word(*kind)
                        )
                    }
                    Figure::PostMean { metric, kind } => {
                        format!("average {} per {}", metric_words(*metric), one(kind))
                    }
                    Figure::Posts { kind } => format!("how many {} I posted", posts_word(*kind)),
                    Figure::Growth => "follower growth".into(),
                };
                format!("compare {what} {} vs {}", p(current), p(previous))
            }
            Query::Overview { period } => format!("give me my stats {}", p(period)),
            Query::OnlineFollowers => "when are my followers online".into(),
            Query::BestTime { period } => format!(
                "what's the best time to post{}",
                based_on(Kind::BestTime, period)
            ),
            Query::Fans { count, period } => format!(
                "top {} {}",
                prompts::count(*count as u64, "commenter", "commenters"),
                p(period)
            ),
            Query::Leads { period } => {
                format!("any potential buyers in the comments {}", p(period))
            }
            Query::ByMediaType { metric, period } => format!(
                "which post type gets {}{}",
                superlative(*metric, Order::Highest),
                unless_default(Kind::ByType, period)
            ),
            Query::Hashtags { period } => format!(
                "which hashtags work best{}",
                unless_default(Kind::Hashtags, period)
            ),
            Query::PartsOfDay { metric, period } => format!(
                "{} by time of day{}",
                metric_words(*metric),
                unless_default(Kind::PartsOfDay, period)
            ),
            Query::Weekdays { metric, period } => format!(
                "{} by day of the week{}",
                metric_words(*metric),
                unless_default(Kind::Weekdays, period)
            ),
            Query::Demographics(Audience::Places) => "where are my followers from".into(),
            Query::Demographics(Audience::Ages) => "how old are my followers".into(),
            Query::Demographics(Audience::Genders) => "gender split of my followers".into(),
            Query::LatestPost { kind } => format!("how is my latest {} doing", one(kind)),
            Query::LatestPostComments => "what are people saying on my latest post".into(),
            Query::LatestPostCommenters => "who commented on my latest post".into(),
            Query::PostingFrequency { period } => format!(
                "how often do I post{}",
                unless_default(Kind::Frequency, period)
            ),
            Query::Trend { metric, period } => format!(
                "is my {} trending up or down {}",
                metric_words(metric.metric()),
                p(period)
            ),
            Query::Recommendation { period } => format!(
                "what should I post next{}",
                based_on(Kind::Recommend, period)
            ),
        }
    }
}
