//! The parser against every row of `qa/questions.md` and a table of paraphrases.

use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn q(text: &str) -> Result<Query, NotUnderstood> {
    parse(text, today())
}

fn posts(
    metric: Metric,
    order: Order,
    count: usize,
    kind: Option<MediaKind>,
    period: Period,
) -> Query {
    Query::Posts {
        metric,
        order,
        count,
        kind,
        period,
        caption: false,
    }
}

/// The 42 rows of `qa/questions.md`, each with what it must be understood as.
fn rows() -> Vec<(&'static str, Result<Query, NotUnderstood>)> {
    use Metric::*;
    use Order::*;
    vec![
        (
            "Which post got the most saves in the last 30 days?",
            Ok(posts(Saves, Highest, 1, None, Period::LastDays(30))),
        ),
        (
            "Top 5 posts by reach this month",
            Ok(posts(Reach, Highest, 5, None, Period::ThisMonth)),
        ),
        (
            "What was my best reel last week?",
            Ok(posts(
                Interactions,
                Highest,
                1,
                Some(MediaKind::Reel),
                Period::LastWeek,
            )),
        ),
        (
            "How many followers did I gain in the last 7 days?",
            Ok(Query::FollowerGrowth {
                period: Period::LastDays(7),
            }),
        ),
        (
            "What's my engagement rate this month?",
            Ok(Query::EngagementRate {
                basis: RateBasis::Reach,
                period: Period::ThisMonth,
            }),
        ),
        (
            "Compare my engagement rate this month to last month",
            Ok(Query::Compare {
                figure: Figure::EngagementRate(RateBasis::Reach),
                current: Period::ThisMonth,
                previous: Period::LastMonth,
            }),
        ),
        ("When are my followers online?", Ok(Query::OnlineFollowers)),
        ("What's the best time to post?", Ok(Query::BestTime)),
        (
            "Who comments the most?",
            Ok(Query::Fans {
                count: 5,
                period: Period::LastDays(30),
            }),
        ),
        (
            "Who are my top 10 commenters this year?",
            Ok(Query::Fans {
                count: 10,
                period: Period::ThisYear,
            }),
        ),
        (
            "Any potential buyers in the comments this week?",
            Ok(Query::Leads {
                period: Period::ThisWeek,
            }),
        ),
        (
            "How many comments did I get yesterday?",
            Ok(Query::AccountTotal {
                metric: AccountMetric::Comments,
                period: Period::Yesterday,
            }),
        ),
        (
            "How did reach change this week vs last week?",
            Ok(Query::Compare {
                figure: Figure::Account(AccountMetric::Reach),
                current: Period::ThisWeek,
                previous: Period::LastWeek,
            }),
        ),
        (
            "Do reels or carousels perform better?",
            Ok(Query::ByMediaType {
                period: Period::DEFAULT,
            }),
        ),
        (
            "What's my average likes per post in the last 90 days?",
            Ok(Query::PostMean {
                metric: Likes,
                kind: None,
                period: Period::LastDays(90),
            }),
        ),
        (
            "How many posts did I publish in October?",
            Ok(Query::PostCount {
                kind: None,
                period: Period::Month {
                    month: 10,
                    year: None,
                },
            }),
        ),
        (
            "Show me my follower growth this month",
            Ok(Query::FollowerGrowth {
                period: Period::ThisMonth,
            }),
        ),
        (
            "Which post had the most comments ever?",
            Ok(posts(Comments, Highest, 1, None, Period::AllTime)),
        ),
        (
            "What's my least engaging post this month?",
            Ok(posts(EngagementRate, Lowest, 1, None, Period::ThisMonth)),
        ),
        (
            "How many views did my reels get last month?",
            Ok(Query::PostTotal {
                metric: Views,
                kind: Some(MediaKind::Reel),
                period: Period::LastMonth,
            }),
        ),
        (
            "What was my reach yesterday?",
            Ok(Query::AccountTotal {
                metric: AccountMetric::Reach,
                period: Period::Yesterday,
            }),
        ),
        (
            "Where are my followers from?",
            Ok(Query::Demographics(Audience::Places)),
        ),
        (
            "What age group are most of my followers?",
            Ok(Query::Demographics(Audience::Ages)),
        ),
        ("How many followers do I have?", Ok(Query::Followers)),
        (
            "Summarize my last 7 days",
            Ok(Query::Overview {
                period: Period::LastDays(7),
            }),
        ),
        (
            "Which hashtags work best?",
            Ok(Query::Hashtags {
                period: Period::LastDays(90),
            }),
        ),
        (
            "Does posting in the morning work better than in the evening?",
            Ok(Query::PartsOfDay {
                period: Period::LastDays(90),
            }),
        ),
        (
            "What day of the week gets the most engagement?",
            Ok(Query::Weekdays {
                period: Period::LastDays(90),
            }),
        ),
        (
            "How many shares did my posts get in the last 2 weeks?",
            Ok(Query::PostTotal {
                metric: Shares,
                kind: None,
                period: Period::LastDays(14),
            }),
        ),
        (
            "What's my engagement rate by followers?",
            Ok(Query::EngagementRate {
                basis: RateBasis::Followers,
                period: Period::DEFAULT,
            }),
        ),
        (
            "Did my followers grow or drop yesterday?",
            Ok(Query::FollowerGrowth {
                period: Period::Yesterday,
            }),
        ),
        (
            "Which post brought the most new followers?",
            Ok(posts(Follows, Highest, 1, None, Period::DEFAULT)),
        ),
        (
            "What's the caption of my most liked post?",
            Ok(Query::Posts {
                metric: Likes,
                order: Highest,
                count: 1,
                kind: None,
                period: Period::DEFAULT,
                caption: true,
            }),
        ),
        (
            "Who commented on my latest post?",
            Ok(Query::LatestPostCommenters),
        ),
        (
            "What are people saying about my latest post?",
            Ok(Query::LatestPostComments),
        ),
        ("How often do I post?", Ok(Query::PostingFrequency)),
        (
            "Is my reach trending up or down?",
            Ok(Query::Trend {
                metric: AccountMetric::Reach,
                period: Period::DEFAULT,
            }),
        ),
        ("What should I post next?", Ok(Query::Recommendation)),
        (
            "Give me my stats for the last 3 months",
            Ok(Query::Overview {
                period: Period::LastMonths(3),
            }),
        ),
        (
            "Which of my posts from 2025 had the best engagement rate?",
            Ok(posts(EngagementRate, Highest, 1, None, Period::Year(2025))),
        ),
        (
            "what's the weather tomorrow?",
            Err(NotUnderstood { off_topic: true }),
        ),
        ("asdf qwer", Err(NotUnderstood { off_topic: true })),
    ]
}

#[test]
fn every_row_of_questions_md_is_understood_as_it_should_be() {
    let rows = rows();
    assert_eq!(rows.len(), 42);
    let mut wrong = Vec::new();
    for (question, expected) in &rows {
        let got = q(question);
        if &got != expected {
            wrong.push(format!("{question}\n   got {got:?}\n  want {expected:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of 42 wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
