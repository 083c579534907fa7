//! Questions in plain language, answered without a language model.
//!
//! [`parse`] turns a question into a [`Query`] — what is asked, about which metric, which
//! posts, which period — or refuses it. It never guesses: a question with no word about
//! Instagram, or one whose intent is unclear, is [`NotUnderstood`], and the answer says so
//! with three questions that do work. `answer.rs` answers a query from the store.
//!
//! The parser reads words, not sentences (`words.rs`): the period is found first
//! (`when.rs`) and its words set aside, then the intent is decided by ordered rules over the
//! remaining words, from the most specific ("hashtags", "morning vs evening") to the most
//! general ("which post … most …").

pub mod answer;
pub mod assistant;
pub mod when;
pub mod words;

use chrono::NaiveDate;

use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use words::{has_any, has_phrase, is_any, number, words};

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
    /// Engagement rate.
    EngagementRate(RateBasis),
    /// An account total.
    Account(AccountMetric),
    /// Posts published.
    Posts,
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
    /// The engagement rate of the period.
    EngagementRate {
        /// Relative to.
        basis: RateBasis,
        /// Over.
        period: Period,
    },
    /// One figure over two periods.
    Compare {
        /// What.
        figure: Figure,
        /// The later period.
        current: Period,
        /// The earlier one.
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
    BestTime,
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
    /// Engagement by media type.
    ByMediaType {
        /// Over.
        period: Period,
    },
    /// Hashtags ranked by engagement.
    Hashtags {
        /// Over.
        period: Period,
    },
    /// Engagement by part of the day.
    PartsOfDay {
        /// Over.
        period: Period,
    },
    /// Engagement by weekday.
    Weekdays {
        /// Over.
        period: Period,
    },
    /// Follower demographics.
    Demographics(Audience),
    /// Who commented on the newest post.
    LatestPostCommenters,
    /// The newest comments on the newest post.
    LatestPostComments,
    /// Posts per week.
    PostingFrequency,
    /// The trend of a daily figure.
    Trend {
        /// Which.
        metric: AccountMetric,
        /// Over.
        period: Period,
    },
    /// What to post next.
    Recommendation,
}

/// A question Pulse does not understand (it never guesses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUnderstood {
    /// Whether the question is about something else entirely (the weather …).
    pub off_topic: bool,
}

/// Words that show a question is about Instagram.
const ON_TOPIC: &[&str] = &[
    "engage",
    "engages",
    "growing",
    "weekend",
    "weekends",
    "weekdays",
    "followed",
    "post",
    "posts",
    "posted",
    "posting",
    "publish",
    "published",
    "reel",
    "reels",
    "carousel",
    "carousels",
    "photo",
    "photos",
    "image",
    "images",
    "video",
    "videos",
    "story",
    "stories",
    "follower",
    "followers",
    "following",
    "like",
    "likes",
    "liked",
    "comment",
    "comments",
    "commented",
    "commenter",
    "commenters",
    "save",
    "saves",
    "saved",
    "share",
    "shares",
    "shared",
    "reach",
    "reached",
    "view",
    "views",
    "viewed",
    "engagement",
    "engaging",
    "engaged",
    "er",
    "interactions",
    "interaction",
    "hashtag",
    "hashtags",
    "caption",
    "captions",
    "stats",
    "statistics",
    "insights",
    "audience",
    "fans",
    "fan",
    "buyers",
    "buyer",
    "buy",
    "leads",
    "lead",
    "customers",
    "instagram",
    "account",
    "profile",
    "grow",
    "growth",
    "gained",
    "gain",
    "lost",
    "perform",
    "performance",
    "performing",
    "summary",
    "summarize",
    "summarise",
    "overview",
    "recap",
    "online",
    "active",
    "demographics",
    "age",
    "country",
    "countries",
    "city",
    "cities",
    "content",
    "trend",
    "trending",
    "doing",
    "best",
    "worst",
    "top",
    "frequency",
    "often",
    "saying",
    "people",
    "price",
    "order",
    "orders",
    "sell",
    "sales",
    "morning",
    "evening",
    "weekday",
];

const POST_WORDS: &[&str] = &[
    "post",
    "posts",
    "content",
    "upload",
    "uploads",
    "publication",
];

fn media_kind(words: &[String]) -> Option<MediaKind> {
    if has_any(words, &["reel", "reels"]) {
        Some(MediaKind::Reel)
    } else if has_any(words, &["carousel", "carousels", "album", "albums"]) {
        Some(MediaKind::Carousel)
    } else if has_any(
        words,
        &["photo", "photos", "image", "images", "picture", "pictures"],
    ) {
        Some(MediaKind::Image)
    } else if has_any(words, &["video", "videos"]) {
        Some(MediaKind::Video)
    } else {
        None
    }
}

fn kinds_mentioned(words: &[String]) -> usize {
    [
        &["reel", "reels"][..],
        &["carousel", "carousels", "album", "albums"],
        &["photo", "photos", "image", "images", "picture", "pictures"],
        &["video", "videos"],
    ]
    .iter()
    .filter(|group| has_any(words, group))
    .count()
}

/// The post metric a question names, if any.
fn post_metric(words: &[String]) -> Option<Metric> {
    if has_phrase(words, "engagement rate") || has_any(words, &["er", "engaging", "engagementrate"])
    {
        return Some(Metric::EngagementRate);
    }
    if has_any(
        words,
        &["saves", "save", "saved", "bookmarks", "bookmarked"],
    ) {
        Some(Metric::Saves)
    } else if has_any(words, &["shares", "share", "shared", "reposts", "sends"]) {
        Some(Metric::Shares)
    } else if has_any(words, &["likes", "like", "liked", "hearts"]) {
        Some(Metric::Likes)
    } else if has_any(words, &["comments", "comment", "commented"]) {
        Some(Metric::Comments)
    } else if has_any(words, &["reach", "reached"]) {
        Some(Metric::Reach)
    } else if has_any(words, &["views", "view", "viewed", "plays", "watched"]) {
        Some(Metric::Views)
    } else if has_phrase(words, "profile visits") || has_any(words, &["visits"]) {
        Some(Metric::ProfileVisits)
    } else if (has_any(words, &["followers", "follows", "follower"])
        && has_any(words, &["brought", "new", "gained", "got", "drove", "most"]))
        || has_any(words, &["follows"])
    {
        Some(Metric::Follows)
    } else if has_any(
        words,
        &["engagement", "interactions", "interaction", "engaged"],
    ) {
        Some(Metric::Interactions)
    } else {
        None
    }
}

fn account_metric(words: &[String]) -> Option<AccountMetric> {
    if has_any(words, &["reach", "reached"]) {
        Some(AccountMetric::Reach)
    } else if has_any(words, &["views", "view", "viewed", "impressions"]) {
        Some(AccountMetric::Views)
    } else if has_any(words, &["comments", "comment"]) {
        Some(AccountMetric::Comments)
    } else if has_any(words, &["likes", "like"]) {
        Some(AccountMetric::Likes)
    } else if has_any(words, &["shares", "share"]) {
        Some(AccountMetric::Shares)
    } else if has_any(words, &["saves", "save", "saved"]) {
        Some(AccountMetric::Saves)
    } else if has_any(words, &["engagement", "interactions", "interaction"]) {
        Some(AccountMetric::Interactions)
    } else {
        None
    }
}

/// A count the question asks for ("top 5", "10 commenters"), ignoring the period's words.
fn count(words: &[String], used: &[usize]) -> Option<usize> {
    words
        .iter()
        .enumerate()
        .filter(|(index, _)| !used.contains(index))
        .find_map(|(_, word)| {
            word.parse::<usize>().ok().or_else(|| {
                number(word)
                    .filter(|_| !matches!(word.as_str(), "a" | "an" | "one" | "single"))
                    .map(|n| n as usize)
            })
        })
        .filter(|n| (1..=20).contains(n))
}

fn lowest(words: &[String]) -> bool {
    has_any(
        words,
        &[
            "worst",
            "least",
            "lowest",
            "weakest",
            "poorest",
            "bottom",
            "flop",
            "flopped",
            "underperforming",
        ],
    )
}

fn superlative(words: &[String]) -> bool {
    lowest(words)
        || has_any(
            words,
            &[
                "best",
                "top",
                "most",
                "highest",
                "biggest",
                "strongest",
                "greatest",
                "popular",
                "winning",
            ],
        )
        || has_phrase(words, "did best")
        || has_phrase(words, "did well")
}

/// Two periods for a comparison: the named one and either a second named one ("this month to
/// last month") or the one just before it.
fn two_periods(words: &[String], today: NaiveDate) -> Option<(Period, Period)> {
    let first = when::find_period(words, today)?;
    let rest: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(index, word)| {
            if first.used.contains(&index) {
                String::new()
            } else {
                word.clone()
            }
        })
        .collect();
    let second = when::find_period(&rest, today).map(|f| f.period);
    let previous = match (first.period, second) {
        (current, Some(previous)) => (current, previous),
        (Period::ThisMonth, None) => (Period::ThisMonth, Period::LastMonth),
        (Period::ThisWeek, None) => (Period::ThisWeek, Period::LastWeek),
        (Period::ThisYear, None) => (Period::ThisYear, Period::LastYear),
        (current, None) => return Some((current, current)),
    };
    Some(previous)
}

/// Understands a question, or refuses it. `today` is only used to complete dates.
pub fn parse(question: &str, today: NaiveDate) -> Result<Query, NotUnderstood> {
    let words = words(question);
    let found = when::find_period(&words, today);
    let named_period = found.as_ref().map(|f| f.period);
    let period = named_period.unwrap_or(Period::DEFAULT);
    let used: Vec<usize> = found.map(|f| f.used).unwrap_or_default();
    let on_topic = has_any(&words, ON_TOPIC) || words.iter().any(|w| w.starts_with('#'));
    if !on_topic {
        return Err(NotUnderstood {
            off_topic: !words.is_empty() && named_period.is_none(),
        });
    }
    let kind = media_kind(&words);
    let metric = post_metric(&words);
    let asks_about_followers = has_any(&words, &["followers", "follower", "audience", "fans"]);
    let comparing = has_any(
        &words,
        &["compare", "compared", "vs", "versus", "against", "than"],
    ) || (has_any(&words, &["change", "changed", "changes", "difference"])
        && words
            .iter()
            .filter(|w| is_any(w, &["week", "month", "year"]))
            .count()
            >= 2);

    // The most specific intents first.
    if has_any(&words, &["hashtag", "hashtags", "tags"])
        || (words.iter().any(|w| w.starts_with('#')) && superlative(&words))
    {
        return Ok(Query::Hashtags {
            period: named_period.unwrap_or(Period::LastDays(90)),
        });
    }
    if has_any(
        &words,
        &[
            "morning",
            "mornings",
            "evening",
            "evenings",
            "afternoon",
            "afternoons",
            "night",
            "nights",
        ],
    ) {
        return Ok(Query::PartsOfDay {
            period: named_period.unwrap_or(Period::LastDays(90)),
        });
    }
    if has_any(&words, &["weekday", "weekdays", "weekend", "weekends"])
        || has_phrase(&words, "day of the week")
        || (has_phrase(&words, "which day") || has_phrase(&words, "what day"))
    {
        return Ok(Query::Weekdays {
            period: named_period.unwrap_or(Period::LastDays(90)),
        });
    }
    if kinds_mentioned(&words) >= 2
        || (has_any(&words, &["type", "types", "format", "formats"])
            && has_any(
                &words,
                &["perform", "performs", "better", "best", "works", "work"],
            ))
    {
        return Ok(Query::ByMediaType { period });
    }
    if (has_any(&words, &["online", "active"]) && asks_about_followers)
        || has_phrase(&words, "followers online")
    {
        return Ok(Query::OnlineFollowers);
    }
    if has_phrase(&words, "best time")
        || has_phrase(&words, "what time")
        || has_phrase(&words, "when should")
        || has_phrase(&words, "when to post")
        || has_phrase(&words, "best hour")
    {
        return Ok(Query::BestTime);
    }
    if has_any(
        &words,
        &[
            "country",
            "countries",
            "city",
            "cities",
            "location",
            "locations",
            "where",
        ],
    ) && asks_about_followers
    {
        return Ok(Query::Demographics(Audience::Places));
    }
    if has_any(&words, &["age", "ages", "old", "older", "younger", "young"]) && asks_about_followers
    {
        return Ok(Query::Demographics(Audience::Ages));
    }
    if has_any(
        &words,
        &["gender", "genders", "women", "men", "male", "female"],
    ) && asks_about_followers
    {
        return Ok(Query::Demographics(Audience::Genders));
    }
    if has_any(
        &words,
        &[
            "buyers",
            "buyer",
            "buy",
            "buying",
            "leads",
            "lead",
            "purchase",
            "purchases",
            "customers",
            "customer",
            "sales",
            "price",
            "prices",
            "order",
            "orders",
        ],
    ) {
        return Ok(Query::Leads {
            period: named_period.unwrap_or(Period::LastDays(30)),
        });
    }
    let latest =
        has_any(&words, &["latest", "newest", "recent"]) || has_phrase(&words, "last post");
    if latest
        && has_any(&words, &["who", "commenters", "people"])
        && has_any(&words, &["commented", "comment", "comments", "commenters"])
    {
        return Ok(Query::LatestPostCommenters);
    }
    if latest
        && (has_any(
            &words,
            &[
                "saying",
                "say",
                "said",
                "think",
                "thought",
                "reactions",
                "feedback",
            ],
        ) || (has_any(&words, &["comments"]) && !has_any(&words, &["many", "much", "number"])))
    {
        return Ok(Query::LatestPostComments);
    }
    if has_any(
        &words,
        &["commenters", "commenter", "fans", "fan", "superfans"],
    ) || (has_any(&words, &["who"])
        && has_any(
            &words,
            &[
                "comments",
                "comment",
                "commented",
                "engages",
                "engaged",
                "interacts",
            ],
        ))
        || has_phrase(&words, "most engaged followers")
    {
        return Ok(Query::Fans {
            count: count(&words, &used).unwrap_or(5),
            period: named_period.unwrap_or(Period::LastDays(30)),
        });
    }
    if has_phrase(&words, "how often")
        || has_any(&words, &["frequency", "cadence"])
        || has_phrase(&words, "per week")
            && has_any(&words, POST_WORDS)
            && !has_any(&words, &["likes", "views", "reach"])
    {
        return Ok(Query::PostingFrequency);
    }
    if has_any(
        &words,
        &[
            "recommend",
            "recommendation",
            "recommendations",
            "suggest",
            "suggestion",
            "suggestions",
            "advice",
            "tips",
            "tip",
            "improve",
            "strategy",
        ],
    ) || has_phrase(&words, "should i post")
        || has_phrase(&words, "what to post")
        || has_phrase(&words, "post next")
    {
        return Ok(Query::Recommendation);
    }
    if has_any(&words, &["trend", "trending", "trends", "trajectory"])
        || has_phrase(&words, "up or down")
        || has_phrase(&words, "going up")
        || has_phrase(&words, "going down")
    {
        return Ok(Query::Trend {
            metric: account_metric(&words).unwrap_or(AccountMetric::Reach),
            period,
        });
    }
    if comparing {
        let figure =
            if metric == Some(Metric::EngagementRate) || has_phrase(&words, "engagement rate") {
                Some(Figure::EngagementRate(if asks_about_followers {
                    RateBasis::Followers
                } else {
                    RateBasis::Reach
                }))
            } else if let Some(account) = account_metric(&words) {
                Some(Figure::Account(account))
            } else if has_any(&words, POST_WORDS) {
                Some(Figure::Posts)
            } else {
                None
            };
        if let (Some(figure), Some((current, previous))) = (figure, two_periods(&words, today)) {
            return Ok(Query::Compare {
                figure,
                current,
                previous,
            });
        }
    }
    if has_any(
        &words,
        &[
            "summary",
            "summarize",
            "summarise",
            "overview",
            "recap",
            "stats",
            "statistics",
            "report",
            "doing",
            "performance",
            "performing",
        ],
    ) && !superlative(&words)
    {
        return Ok(Query::Overview { period });
    }
    if (has_phrase(&words, "engagement rate") || has_any(&words, &["er"])) && !superlative(&words) {
        let basis = if has_any(&words, &["followers", "follower"]) {
            RateBasis::Followers
        } else {
            RateBasis::Reach
        };
        return Ok(Query::EngagementRate { basis, period });
    }
    if !asks_about_followers
        && metric.is_none()
        && has_any(&words, &["growing", "grow", "grew", "growth"])
    {
        return Ok(Query::FollowerGrowth { period });
    }
    if asks_about_followers && !superlative(&words) && !has_any(&words, &["commenters", "comments"])
    {
        let change = has_any(
            &words,
            &[
                "gain", "gained", "gaining", "grow", "grew", "growth", "growing", "lost", "lose",
                "losing", "drop", "dropped", "change", "changed", "new", "increase", "decrease",
                "net", "more", "fewer",
            ],
        );
        return Ok(
            if change || named_period.is_some() && !has_any(&words, &["now", "currently", "total"])
            {
                Query::FollowerGrowth { period }
            } else {
                Query::Followers
            },
        );
    }
    let how_many = has_phrase(&words, "how many")
        || has_phrase(&words, "how much")
        || has_phrase(&words, "number of")
        || has_any(&words, &["total", "count", "sum"]);
    let about_posts = has_any(&words, POST_WORDS) || kind.is_some();
    if how_many
        && about_posts
        && (metric.is_none()
            || has_any(
                &words,
                &[
                    "publish",
                    "published",
                    "post",
                    "posted",
                    "upload",
                    "uploaded",
                    "make",
                    "made",
                    "share",
                    "shared",
                    "did",
                ],
            ))
        && (metric.is_none() || has_any(&words, &["publish", "published", "posted", "uploaded"]))
    {
        return Ok(Query::PostCount { kind, period });
    }
    if has_any(
        &words,
        &["average", "mean", "typical", "typically", "usually"],
    ) || has_phrase(&words, "per post")
    {
        if let Some(metric) = metric {
            return Ok(Query::PostMean {
                metric,
                kind,
                period,
            });
        }
    }
    if superlative(&words) {
        let caption = has_any(&words, &["caption", "captions", "text", "wrote", "said"]);
        let order = if lowest(&words) {
            Order::Lowest
        } else {
            Order::Highest
        };
        let metric = metric.unwrap_or(
            if order == Order::Lowest && has_any(&words, &["engaging"]) {
                Metric::EngagementRate
            } else {
                Metric::Interactions
            },
        );
        let plural = has_any(&words, &["posts", "reels", "carousels", "photos", "videos"]);
        let single = (has_any(
            &words,
            &[
                "post", "reel", "carousel", "photo", "video", "which", "what",
            ],
        ) && !plural)
            || has_phrase(&words, "which of")
            || has_phrase(&words, "which one");
        let count = count(&words, &used).unwrap_or(if single || caption { 1 } else { 5 });
        return Ok(Query::Posts {
            metric,
            order,
            count,
            kind,
            period,
            caption,
        });
    }
    if let Some(metric) = metric {
        if about_posts && (how_many || has_any(&words, &["get", "got", "did"])) {
            return Ok(Query::PostTotal {
                metric,
                kind,
                period,
            });
        }
    }
    if let Some(account) = account_metric(&words) {
        return Ok(Query::AccountTotal {
            metric: account,
            period,
        });
    }
    Err(NotUnderstood { off_topic: false })
}

#[cfg(test)]
mod tests;
