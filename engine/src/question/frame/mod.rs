//! A question's frame: what is asked ([`Kind`]), about which metric, which posts, which
//! period, how many, in which order, compared with what. Every slot but the kind may be
//! empty; [`Frame::query`] fills the defaults (SPEC §5) and gives the typed [`Query`].
//!
//! The frame is also the question's text form (`top metric=saves n=1 period=30d`, the
//! grammar of `engine/corpus/README.md`): it is how a chat's previous question is kept
//! between messages, how the corpus labels questions, and what the language model's tools
//! take. [`Query::frame`] goes back, so a follow-up ("and in October?") refines the frame of
//! the previous query and asks again.

mod label;
mod question;

use super::{AccountMetric, Audience, Figure, Query, RateBasis};
use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;

pub use question::period_words;

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Posts ranked by a metric.
    Top,
    /// A metric summed over the posts published.
    PostTotal,
    /// The account's daily insights summed.
    AccountTotal,
    /// A metric's mean per post.
    PostMean,
    /// Posts published.
    PostCount,
    /// Followers now.
    Followers,
    /// The change of followers.
    Growth,
    /// The engagement rate.
    Rate,
    /// The `/stats` overview.
    Overview,
    /// When followers are online.
    Online,
    /// When to post.
    BestTime,
    /// The people who comment most.
    Fans,
    /// Comments that look like buyers.
    Leads,
    /// Post types compared.
    ByType,
    /// Hashtags compared.
    Hashtags,
    /// Parts of the day compared.
    PartsOfDay,
    /// Weekdays compared.
    Weekdays,
    /// Who the followers are.
    Demographics,
    /// The newest post's figures.
    LatestPost,
    /// The newest post's comments.
    LatestComments,
    /// Who commented on the newest post.
    LatestCommenters,
    /// Posts per week.
    Frequency,
    /// A daily figure's direction.
    Trend,
    /// What to post next.
    Recommend,
}

impl Kind {
    /// Every kind, with its name in the text form.
    pub const ALL: [(Kind, &'static str); 24] = [
        (Kind::Top, "top"),
        (Kind::PostTotal, "post_total"),
        (Kind::AccountTotal, "account_total"),
        (Kind::PostMean, "post_mean"),
        (Kind::PostCount, "post_count"),
        (Kind::Followers, "followers"),
        (Kind::Growth, "growth"),
        (Kind::Rate, "rate"),
        (Kind::Overview, "overview"),
        (Kind::Online, "online"),
        (Kind::BestTime, "best_time"),
        (Kind::Fans, "fans"),
        (Kind::Leads, "leads"),
        (Kind::ByType, "by_type"),
        (Kind::Hashtags, "hashtags"),
        (Kind::PartsOfDay, "parts_of_day"),
        (Kind::Weekdays, "weekdays"),
        (Kind::Demographics, "demographics"),
        (Kind::LatestPost, "latest_post"),
        (Kind::LatestComments, "latest_comments"),
        (Kind::LatestCommenters, "latest_commenters"),
        (Kind::Frequency, "frequency"),
        (Kind::Trend, "trend"),
        (Kind::Recommend, "recommend"),
    ];

    /// The kind's name in the text form.
    pub fn name(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("?", |(_, name)| name)
    }

    fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(kind, _)| *kind)
    }

    /// Whether the kind compares groups of the account's own posts, which needs more than
    /// 30 days of them: its period defaults to the last 90 days (SPEC §5).
    pub fn groups_posts(self) -> bool {
        matches!(
            self,
            Kind::BestTime
                | Kind::ByType
                | Kind::Hashtags
                | Kind::PartsOfDay
                | Kind::Weekdays
                | Kind::Frequency
                | Kind::Recommend
        )
    }

    /// Whether the kind takes a period.
    pub fn takes_period(self) -> bool {
        !matches!(
            self,
            Kind::Followers
                | Kind::Online
                | Kind::Demographics
                | Kind::LatestPost
                | Kind::LatestComments
                | Kind::LatestCommenters
        )
    }

    /// Whether one figure of this kind can be compared between two periods.
    pub fn comparable(self) -> bool {
        matches!(
            self,
            Kind::AccountTotal
                | Kind::PostTotal
                | Kind::PostMean
                | Kind::PostCount
                | Kind::Rate
                | Kind::Growth
        )
    }

    /// The period when the question names none.
    pub fn default_period(self) -> Period {
        if self.groups_posts() {
            Period::LastDays(90)
        } else {
            Period::DEFAULT
        }
    }
}

/// A question's frame: a kind and the slots it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// What is asked.
    pub kind: Kind,
    /// The metric.
    pub metric: Option<Metric>,
    /// Highest or lowest first.
    pub order: Option<Order>,
    /// How many.
    pub count: Option<usize>,
    /// Only posts of this type.
    pub media: Option<MediaKind>,
    /// The period (the later one of a comparison).
    pub period: Option<Period>,
    /// The period compared with.
    pub versus: Option<Period>,
    /// What an engagement rate is relative to.
    pub basis: Option<RateBasis>,
    /// Which demographics.
    pub audience: Option<Audience>,
    /// Show the caption.
    pub caption: bool,
}

impl Frame {
    /// A frame of `kind` with empty slots.
    pub fn new(kind: Kind) -> Frame {
        Frame {
            kind,
            metric: None,
            order: None,
            count: None,
            media: None,
            period: None,
            versus: None,
            basis: None,
            audience: None,
            caption: false,
        }
    }

    /// The typed query, with defaults filled; `None` when a slot the kind needs is missing
    /// or does not fit it (an account total of "follows").
    pub fn query(&self) -> Option<Query> {
        let period = self.period.unwrap_or(self.kind.default_period());
        if let Some(previous) = self.versus {
            let figure = match self.kind {
                Kind::AccountTotal => Figure::Account(account_metric(self.metric?)?),
                Kind::PostTotal => Figure::PostTotal {
                    metric: self.metric.filter(|m| !m.is_rate())?,
                    kind: self.media,
                },
                Kind::PostMean => Figure::PostMean {
                    metric: self.metric.filter(|m| !m.is_rate())?,
                    kind: self.media,
                },
                Kind::PostCount => Figure::Posts { kind: self.media },
                Kind::Rate => Figure::EngagementRate {
                    basis: self.basis.unwrap_or(RateBasis::Reach),
                    kind: self.media,
                },
                Kind::Growth => Figure::Growth,
                _ => return None,
            };
            return Some(Query::Compare {
                figure,
                current: period,
                previous,
            });
        }
        let metric_or = |default| self.metric.unwrap_or(default);
        Some(match self.kind {
            Kind::Top => Query::Posts {
                metric: metric_or(Metric::Interactions),
                order: self.order.unwrap_or(Order::Highest),
                count: self.count.unwrap_or(5).clamp(1, 50),
                kind: self.media,
                period,
                caption: self.caption,
            },
            // A rate is not summed or averaged per post: that is the engagement rate.
            Kind::PostTotal => Query::PostTotal {
                metric: self.metric.filter(|m| !m.is_rate())?,
                kind: self.media,
                period,
            },
            Kind::AccountTotal => Query::AccountTotal {
                metric: account_metric(self.metric?)?,
                period,
            },
            Kind::PostMean => Query::PostMean {
                metric: self.metric.filter(|m| !m.is_rate())?,
                kind: self.media,
                period,
            },
            Kind::PostCount => Query::PostCount {
                kind: self.media,
                period,
            },
            Kind::Followers => Query::Followers,
            Kind::Growth => Query::FollowerGrowth { period },
            Kind::Rate => Query::EngagementRate {
                basis: self.basis.unwrap_or(RateBasis::Reach),
                kind: self.media,
                period,
            },
            Kind::Overview => Query::Overview { period },
            Kind::Online => Query::OnlineFollowers,
            Kind::BestTime => Query::BestTime { period },
            Kind::Fans => Query::Fans {
                count: self.count.unwrap_or(5).clamp(1, 50),
                period,
            },
            Kind::Leads => Query::Leads { period },
            Kind::ByType => Query::ByMediaType {
                metric: metric_or(Metric::EngagementRate),
                period,
            },
            Kind::Hashtags => Query::Hashtags { period },
            Kind::PartsOfDay => Query::PartsOfDay {
                metric: metric_or(Metric::EngagementRate),
                period,
            },
            Kind::Weekdays => Query::Weekdays {
                metric: metric_or(Metric::EngagementRate),
                period,
            },
            Kind::Demographics => Query::Demographics(self.audience?),
            Kind::LatestPost => Query::LatestPost { kind: self.media },
            Kind::LatestComments => Query::LatestPostComments,
            Kind::LatestCommenters => Query::LatestPostCommenters,
            Kind::Frequency => Query::PostingFrequency { period },
            Kind::Trend => Query::Trend {
                metric: account_metric(metric_or(Metric::Reach))?,
                period,
            },
            Kind::Recommend => Query::Recommendation { period },
        })
    }
}

/// The account-level twin of a post metric, where the daily insights have one.
pub fn account_metric(metric: Metric) -> Option<AccountMetric> {
    Some(match metric {
        Metric::Reach => AccountMetric::Reach,
        Metric::Views => AccountMetric::Views,
        Metric::Likes => AccountMetric::Likes,
        Metric::Comments => AccountMetric::Comments,
        Metric::Shares => AccountMetric::Shares,
        Metric::Saves => AccountMetric::Saves,
        Metric::Interactions => AccountMetric::Interactions,
        Metric::Follows | Metric::ProfileVisits | Metric::EngagementRate => return None,
    })
}

impl AccountMetric {
    /// The post metric of the same name.
    pub fn metric(self) -> Metric {
        match self {
            AccountMetric::Reach => Metric::Reach,
            AccountMetric::Views => Metric::Views,
            AccountMetric::Likes => Metric::Likes,
            AccountMetric::Comments => Metric::Comments,
            AccountMetric::Shares => Metric::Shares,
            AccountMetric::Saves => Metric::Saves,
            AccountMetric::Interactions => Metric::Interactions,
        }
    }
}

impl Query {
    /// The query's frame, every slot filled: what a follow-up refines.
    pub fn frame(&self) -> Frame {
        let with = |kind: Kind, fill: &dyn Fn(&mut Frame)| {
            let mut frame = Frame::new(kind);
            fill(&mut frame);
            frame
        };
        match self {
            Query::Posts {
                metric,
                order,
                count,
                kind,
                period,
                caption,
            } => with(Kind::Top, &|f| {
                f.metric = Some(*metric);
                f.order = Some(*order);
                f.count = Some(*count);
                f.media = *kind;
                f.period = Some(*period);
                f.caption = *caption;
            }),
            Query::PostTotal {
                metric,
                kind,
                period,
            } => with(Kind::PostTotal, &|f| {
                f.metric = Some(*metric);
                f.media = *kind;
                f.period = Some(*period);
            }),
            Query::PostMean {
                metric,
                kind,
                period,
            } => with(Kind::PostMean, &|f| {
                f.metric = Some(*metric);
                f.media = *kind;
                f.period = Some(*period);
            }),
            Query::PostCount { kind, period } => with(Kind::PostCount, &|f| {
                f.media = *kind;
                f.period = Some(*period);
            }),
            Query::AccountTotal { metric, period } => with(Kind::AccountTotal, &|f| {
                f.metric = Some(metric.metric());
                f.period = Some(*period);
            }),
            Query::Followers => Frame::new(Kind::Followers),
            Query::FollowerGrowth { period } => with(Kind::Growth, &|f| f.period = Some(*period)),
            Query::EngagementRate {
                basis,
                kind,
                period,
            } => with(Kind::Rate, &|f| {
                f.basis = Some(*basis);
                f.media = *kind;
                f.period = Some(*period);
            }),
            Query::Compare {
                figure,
                current,
                previous,
            } => {
                let mut frame = match figure {
                    Figure::Account(metric) => {
                        with(Kind::AccountTotal, &|f| f.metric = Some(metric.metric()))
                    }
                    Figure::PostTotal { metric, kind } => with(Kind::PostTotal, &|f| {
                        f.metric = Some(*metric);
                        f.media = *kind;
                    }),
                    Figure::PostMean { metric, kind } => with(Kind::PostMean, &|f| {
                        f.metric = Some(*metric);
                        f.media = *kind;
                    }),
                    Figure::Posts { kind } => with(Kind::PostCount, &|f| f.media = *kind),
                    Figure::EngagementRate { basis, kind } => with(Kind::Rate, &|f| {
                        f.basis = Some(*basis);
                        f.media = *kind;
                    }),
                    Figure::Growth => Frame::new(Kind::Growth),
                };
                frame.period = Some(*current);
                frame.versus = Some(*previous);
                frame
            }
            Query::Overview { period } => with(Kind::Overview, &|f| f.period = Some(*period)),
            Query::OnlineFollowers => Frame::new(Kind::Online),
            Query::BestTime { period } => with(Kind::BestTime, &|f| f.period = Some(*period)),
            Query::Fans { count, period } => with(Kind::Fans, &|f| {
                f.count = Some(*count);
                f.period = Some(*period);
            }),
            Query::Leads { period } => with(Kind::Leads, &|f| f.period = Some(*period)),
            Query::ByMediaType { metric, period } => with(Kind::ByType, &|f| {
                f.metric = Some(*metric);
                f.period = Some(*period);
            }),
            Query::Hashtags { period } => with(Kind::Hashtags, &|f| f.period = Some(*period)),
            Query::PartsOfDay { metric, period } => with(Kind::PartsOfDay, &|f| {
                f.metric = Some(*metric);
                f.period = Some(*period);
            }),
            Query::Weekdays { metric, period } => with(Kind::Weekdays, &|f| {
                f.metric = Some(*metric);
                f.period = Some(*period);
            }),
            Query::Demographics(audience) => {
                with(Kind::Demographics, &|f| f.audience = Some(*audience))
            }
            Query::LatestPost { kind } => with(Kind::LatestPost, &|f| f.media = *kind),
            Query::LatestPostComments => Frame::new(Kind::LatestComments),
            Query::LatestPostCommenters => Frame::new(Kind::LatestCommenters),
            Query::PostingFrequency { period } => {
                with(Kind::Frequency, &|f| f.period = Some(*period))
            }
            Query::Trend { metric, period } => with(Kind::Trend, &|f| {
                f.metric = Some(metric.metric());
                f.period = Some(*period);
            }),
            Query::Recommendation { period } => {
                with(Kind::Recommend, &|f| f.period = Some(*period))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind, with slots in many combinations, as a question in words: the parser reads
    /// each back as the same query (buttons and examples ask exactly what they say).
    #[test]
    fn every_query_in_words_reads_back_as_itself() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let periods = [
            "30d",
            "7d",
            "90d",
            "3m",
            "week",
            "last-week",
            "month",
            "last-month",
            "year",
            "last-year",
            "all",
            "today",
            "yesterday",
            "2026-11-12",
            "2026-10-01..2026-10-31",
            "2026-06-01..2026-08-31",
            "2026-10-01..",
        ];
        let mut checked = 0;
        let mut wrong = Vec::new();
        for (kind, name) in Kind::ALL {
            let metrics: &[&str] = match kind {
                Kind::Top | Kind::PostTotal | Kind::PostMean => {
                    &["likes", "saves", "reach", "er", "follows", "comments"]
                }
                Kind::AccountTotal | Kind::Trend => &["likes", "reach", "views", "shares"],
                Kind::ByType | Kind::PartsOfDay | Kind::Weekdays => &["er", "likes", "reach"],
                _ => &[""],
            };
            let media: &[&str] = match kind {
                Kind::Top
                | Kind::PostTotal
                | Kind::PostMean
                | Kind::PostCount
                | Kind::Rate
                | Kind::LatestPost => &["", "reel", "carousel", "photo"],
                _ => &[""],
            };
            let extras: &[&str] = match kind {
                Kind::Top => &["n=1", "n=3", "order=bottom n=5", "n=1 caption=yes"],
                Kind::Rate => &["", "basis=followers"],
                Kind::Demographics => &["aspect=places", "aspect=ages", "aspect=genders"],
                Kind::Fans => &["n=5", "n=10"],
                _ => &[""],
            };
            let kind_periods: &[&str] = if kind.takes_period() { &periods } else { &[""] };
            for metric in metrics {
                for medium in media {
                    for extra in extras {
                        for period in kind_periods {
                            let mut label = name.to_owned();
                            for (key, value) in
                                [("metric", metric), ("type", medium), ("period", period)]
                            {
                                if !value.is_empty() {
                                    label.push_str(&format!(" {key}={value}"));
                                }
                            }
                            if !extra.is_empty() {
                                label.push_str(&format!(" {extra}"));
                            }
                            let Some(query) = Frame::from_label(&label).unwrap().query() else {
                                continue;
                            };
                            // Advice learns from a window of days: one day is when to post.
                            let one_day = matches!(*period, "today" | "yesterday" | "2026-11-12");
                            if one_day
                                && matches!(
                                    kind,
                                    Kind::BestTime | Kind::Frequency | Kind::Recommend
                                )
                            {
                                continue;
                            }
                            let text = query.question();
                            let read = super::super::parse(&text, None, today, chrono_tz::UTC);
                            let ok = matches!(&read, super::super::Parsed::Understood { queries, .. }
                                if queries.len() == 1 && super::super::corpus::same(&queries[0], &query, today));
                            if !ok {
                                wrong.push(format!(
                                    "{label}\n   asked {text:?}\n   read {}",
                                    super::super::corpus::describe(&read)
                                ));
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
        // Comparisons of every figure.
        for of in [
            "account_total metric=reach",
            "post_total metric=saves type=reel",
            "post_mean metric=likes",
            "post_count",
            "rate",
            "rate basis=followers",
            "growth",
        ] {
            for (period, versus) in [
                ("month", "last-month"),
                ("week", "last-week"),
                ("2026-10-01..2026-10-31", "2026-09-01..2026-09-30"),
            ] {
                let label = format!("compare of={of} period={period} vs={versus}");
                let query = Frame::from_label(&label).unwrap().query().unwrap();
                let text = query.question();
                let read = super::super::parse(&text, None, today, chrono_tz::UTC);
                let ok = matches!(&read, super::super::Parsed::Understood { queries, .. }
                    if queries.len() == 1 && super::super::corpus::same(&queries[0], &query, today));
                if !ok {
                    wrong.push(format!(
                        "{label}\n   asked {text:?}\n   read {}",
                        super::super::corpus::describe(&read)
                    ));
                }
                checked += 1;
            }
        }
        assert!(checked > 1_000, "{checked}");
        assert!(
            wrong.is_empty(),
            "{} of {checked} misread:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn the_text_form_reads_back_and_fills_defaults() {
        for text in [
            "top metric=saves n=1 period=30d",
            "compare of=account_total metric=reach period=week vs=last-week",
            "rate type=reel basis=followers period=2026-10-01..2026-10-31",
            "demographics aspect=ages",
            "top metric=er order=bottom n=3 period=2026-11-12 caption=yes",
            "growth period=2026-10-01..",
        ] {
            let frame = Frame::from_label(text).unwrap();
            assert_eq!(frame.to_string(), text);
            let query = frame.query().expect(text);
            assert_eq!(
                query.frame().query(),
                Some(query.clone()),
                "{text}: query → frame → query"
            );
        }
        assert_eq!(
            Frame::new(Kind::Hashtags).query(),
            Some(Query::Hashtags {
                period: Period::LastDays(90)
            }),
            "groups of posts default to 90 days"
        );
        assert_eq!(
            Frame::from_label("account_total metric=follows period=7d")
                .unwrap()
                .query(),
            None
        );
        assert!(Frame::from_label("top metric=weather").is_err());
        assert!(Frame::from_label("compare of=rate period=month").is_err());
    }
}
