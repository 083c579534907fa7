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

/// Everyday wordings of the same questions: typos, slang, lower case, other periods.
fn paraphrases() -> Vec<(&'static str, Query)> {
    use Metric::*;
    use Order::*;
    let days = Period::LastDays;
    let reels = Some(MediaKind::Reel);
    let d = Period::DEFAULT;
    let one = |metric, period| posts(metric, Highest, 1, None, period);
    let growth = |period| Query::FollowerGrowth { period };
    let er = |period| Query::EngagementRate {
        basis: RateBasis::Reach,
        period,
    };
    let fans = |count, period| Query::Fans { count, period };
    let overview = |period| Query::Overview { period };
    let account = |metric, period| Query::AccountTotal { metric, period };
    vec![
        // Most saves.
        (
            "which post had the most saves last month",
            one(Saves, Period::LastMonth),
        ),
        ("most saved post in the past 30 days?", one(Saves, days(30))),
        (
            "what was my most saved post this year",
            one(Saves, Period::ThisYear),
        ),
        ("which post did people save the most?", one(Saves, d)),
        ("most bookmarked post", one(Saves, d)),
        ("wich post got the most saves", one(Saves, d)),
        ("top post by saves last 7 days", one(Saves, days(7))),
        // Top N.
        (
            "top 3 posts by likes this week",
            posts(Likes, Highest, 3, None, Period::ThisWeek),
        ),
        (
            "show me my 10 best posts by reach",
            posts(Reach, Highest, 10, None, d),
        ),
        (
            "best 5 posts by views in march",
            posts(
                Views,
                Highest,
                5,
                None,
                Period::Month {
                    month: 3,
                    year: None,
                },
            ),
        ),
        (
            "my top posts last month",
            posts(Interactions, Highest, 5, None, Period::LastMonth),
        ),
        ("top 5 reels by views", posts(Views, Highest, 5, reels, d)),
        (
            "my best performing posts past fortnight",
            posts(Interactions, Highest, 5, None, days(14)),
        ),
        (
            "which posts got the most comments in 2025",
            posts(Comments, Highest, 5, None, Period::Year(2025)),
        ),
        (
            "top 3 carousels by saves",
            posts(Saves, Highest, 3, Some(MediaKind::Carousel), d),
        ),
        ("most shared post ever", one(Shares, Period::AllTime)),
        (
            "what was my most liked photo last year",
            posts(Likes, Highest, 1, Some(MediaKind::Image), Period::LastYear),
        ),
        (
            "most viewed reel this month",
            posts(Views, Highest, 1, reels, Period::ThisMonth),
        ),
        (
            "which reel reached the most people last week",
            posts(Reach, Highest, 1, reels, Period::LastWeek),
        ),
        (
            "best reel last wk",
            posts(Interactions, Highest, 1, reels, Period::LastWeek),
        ),
        (
            "whats my best reel",
            posts(Interactions, Highest, 1, reels, d),
        ),
        (
            "my best video this year?",
            posts(
                Interactions,
                Highest,
                1,
                Some(MediaKind::Video),
                Period::ThisYear,
            ),
        ),
        (
            "highest engagement rate post in 2025",
            one(EngagementRate, Period::Year(2025)),
        ),
        (
            "which post had the best ER last month",
            one(EngagementRate, Period::LastMonth),
        ),
        (
            "post with the most comments of all time",
            one(Comments, Period::AllTime),
        ),
        ("which post brought in the most followers", one(Follows, d)),
        (
            "what post gained me the most new followers this year",
            one(Follows, Period::ThisYear),
        ),
        // Least / worst.
        (
            "worst post this month",
            posts(Interactions, Lowest, 1, None, Period::ThisMonth),
        ),
        (
            "least engaging post last month",
            posts(EngagementRate, Lowest, 1, None, Period::LastMonth),
        ),
        (
            "which post flopped this week",
            posts(Interactions, Lowest, 1, None, Period::ThisWeek),
        ),
        (
            "lowest reach post in the last 30 days",
            posts(Reach, Lowest, 1, None, days(30)),
        ),
        (
            "my 3 worst reels by views",
            posts(Views, Lowest, 3, reels, d),
        ),
        // Captions.
        (
            "caption of my most liked post",
            Query::Posts {
                metric: Likes,
                order: Highest,
                count: 1,
                kind: None,
                period: d,
                caption: true,
            },
        ),
        (
            "what did i write on my most saved post",
            Query::Posts {
                metric: Saves,
                order: Highest,
                count: 1,
                kind: None,
                period: d,
                caption: true,
            },
        ),
        // Follower growth.
        (
            "how many followers did i gain this week",
            growth(Period::ThisWeek),
        ),
        ("followers gained last 7 days", growth(days(7))),
        (
            "how many new followers this month",
            growth(Period::ThisMonth),
        ),
        ("did i lose followers yesterday?", growth(Period::Yesterday)),
        ("follower growth past fortnight", growth(days(14))),
        (
            "how did my follower count change in october",
            growth(Period::Month {
                month: 10,
                year: None,
            }),
        ),
        ("net followers last month", growth(Period::LastMonth)),
        ("am i growing this year", growth(Period::ThisYear)),
        (
            "how many folowers did I gain in the past 2 weeks",
            growth(days(14)),
        ),
        ("followers grow or drop today?", growth(Period::Today)),
        // Follower count.
        ("how many followers do i have now", Query::Followers),
        ("whats my follower count", Query::Followers),
        ("current followers?", Query::Followers),
        ("how many ppl follow me", Query::Followers),
        // Engagement rate.
        ("what's my ER this month", er(Period::ThisMonth)),
        ("engagement rate last 30 days", er(days(30))),
        ("whats my enagement rate", er(d)),
        (
            "my er in march",
            er(Period::Month {
                month: 3,
                year: None,
            }),
        ),
        (
            "engagement rate by followers this month",
            Query::EngagementRate {
                basis: RateBasis::Followers,
                period: Period::ThisMonth,
            },
        ),
        (
            "ER per follower last month",
            Query::EngagementRate {
                basis: RateBasis::Followers,
                period: Period::LastMonth,
            },
        ),
        // Comparisons.
        (
            "engagement rate this month vs last month",
            Query::Compare {
                figure: Figure::EngagementRate(RateBasis::Reach),
                current: Period::ThisMonth,
                previous: Period::LastMonth,
            },
        ),
        (
            "compare reach this week to last week",
            Query::Compare {
                figure: Figure::Account(AccountMetric::Reach),
                current: Period::ThisWeek,
                previous: Period::LastWeek,
            },
        ),
        (
            "how do my views this month compare with last month",
            Query::Compare {
                figure: Figure::Account(AccountMetric::Views),
                current: Period::ThisMonth,
                previous: Period::LastMonth,
            },
        ),
        (
            "compare my ER this year against last year",
            Query::Compare {
                figure: Figure::EngagementRate(RateBasis::Reach),
                current: Period::ThisYear,
                previous: Period::LastYear,
            },
        ),
        (
            "did my reach change this month vs last month",
            Query::Compare {
                figure: Figure::Account(AccountMetric::Reach),
                current: Period::ThisMonth,
                previous: Period::LastMonth,
            },
        ),
        (
            "compare my likes this week vs last week",
            Query::Compare {
                figure: Figure::Account(AccountMetric::Likes),
                current: Period::ThisWeek,
                previous: Period::LastWeek,
            },
        ),
        // Online / best time.
        ("when are my followers most active", Query::OnlineFollowers),
        ("what time are my followers online", Query::OnlineFollowers),
        ("when is my audience online?", Query::OnlineFollowers),
        ("best time to post?", Query::BestTime),
        ("when should i post", Query::BestTime),
        ("what's the best hour to post a reel", Query::BestTime),
        ("when to post for max engagement", Query::BestTime),
        // Fans.
        ("who comments most", fans(5, days(30))),
        ("my top commenters", fans(5, days(30))),
        ("top 10 commenters this year", fans(10, Period::ThisYear)),
        ("who are my biggest fans", fans(5, days(30))),
        (
            "who engages with me the most this month",
            fans(5, Period::ThisMonth),
        ),
        (
            "most active commenters last week",
            fans(5, Period::LastWeek),
        ),
        ("show my top 3 fans", fans(3, days(30))),
        // Leads.
        (
            "any buyers this week?",
            Query::Leads {
                period: Period::ThisWeek,
            },
        ),
        (
            "potential customers in my comments",
            Query::Leads { period: days(30) },
        ),
        (
            "who wants to buy something",
            Query::Leads { period: days(30) },
        ),
        (
            "comments asking about price",
            Query::Leads { period: days(30) },
        ),
        (
            "any leads yesterday",
            Query::Leads {
                period: Period::Yesterday,
            },
        ),
        (
            "did anyone ask how to order last month",
            Query::Leads {
                period: Period::LastMonth,
            },
        ),
        // Account totals.
        (
            "how many comments yesterday",
            account(AccountMetric::Comments, Period::Yesterday),
        ),
        (
            "comments i got today",
            account(AccountMetric::Comments, Period::Today),
        ),
        (
            "my reach yesterday",
            account(AccountMetric::Reach, Period::Yesterday),
        ),
        (
            "what was my reach last week",
            account(AccountMetric::Reach, Period::LastWeek),
        ),
        (
            "total views this month",
            account(AccountMetric::Views, Period::ThisMonth),
        ),
        (
            "how many likes did i get in the last 7 days",
            account(AccountMetric::Likes, days(7)),
        ),
        (
            "saves this week",
            account(AccountMetric::Saves, Period::ThisWeek),
        ),
        (
            "how much reach did i get in march",
            account(
                AccountMetric::Reach,
                Period::Month {
                    month: 3,
                    year: None,
                },
            ),
        ),
        // Post totals and means.
        (
            "how many views did my reels get this month",
            Query::PostTotal {
                metric: Views,
                kind: reels,
                period: Period::ThisMonth,
            },
        ),
        (
            "total shares on my posts past 2 weeks",
            Query::PostTotal {
                metric: Shares,
                kind: None,
                period: days(14),
            },
        ),
        (
            "how many likes did my carousels get last month",
            Query::PostTotal {
                metric: Likes,
                kind: Some(MediaKind::Carousel),
                period: Period::LastMonth,
            },
        ),
        (
            "average likes per post",
            Query::PostMean {
                metric: Likes,
                kind: None,
                period: d,
            },
        ),
        (
            "avg likes per post last 90 days",
            Query::PostMean {
                metric: Likes,
                kind: None,
                period: days(90),
            },
        ),
        (
            "average reach per reel this year",
            Query::PostMean {
                metric: Reach,
                kind: reels,
                period: Period::ThisYear,
            },
        ),
        (
            "how many comments do my posts usually get",
            Query::PostMean {
                metric: Comments,
                kind: None,
                period: d,
            },
        ),
        (
            "mean saves per post in 2025",
            Query::PostMean {
                metric: Saves,
                kind: None,
                period: Period::Year(2025),
            },
        ),
        // Counts.
        (
            "how many posts did i publish last month",
            Query::PostCount {
                kind: None,
                period: Period::LastMonth,
            },
        ),
        (
            "how many reels did i post this year",
            Query::PostCount {
                kind: reels,
                period: Period::ThisYear,
            },
        ),
        (
            "number of posts in october",
            Query::PostCount {
                kind: None,
                period: Period::Month {
                    month: 10,
                    year: None,
                },
            },
        ),
        (
            "how many posts did I make in 2025",
            Query::PostCount {
                kind: None,
                period: Period::Year(2025),
            },
        ),
        // Overview.
        ("summarise my last 30 days", overview(days(30))),
        ("give me a recap of last week", overview(Period::LastWeek)),
        ("stats for this month", overview(Period::ThisMonth)),
        ("how am i doing?", overview(d)),
        ("overview past fortnight", overview(days(14))),
        (
            "my instagram stats last 3 months",
            overview(Period::LastMonths(3)),
        ),
        (
            "how's my account performing this year",
            overview(Period::ThisYear),
        ),
        // Media types.
        (
            "do reels or carousels do better",
            Query::ByMediaType { period: d },
        ),
        ("reels vs photos", Query::ByMediaType { period: d }),
        (
            "which content type performs best",
            Query::ByMediaType { period: d },
        ),
        (
            "are carousels better than reels last month",
            Query::ByMediaType {
                period: Period::LastMonth,
            },
        ),
        (
            "what format works best for me",
            Query::ByMediaType { period: d },
        ),
        // Hashtags.
        ("best hashtags", Query::Hashtags { period: days(90) }),
        (
            "which hashtags get the most engagement this year",
            Query::Hashtags {
                period: Period::ThisYear,
            },
        ),
        ("top performing tags", Query::Hashtags { period: days(90) }),
        ("do my hashtags work", Query::Hashtags { period: days(90) }),
        // Parts of day, weekdays.
        (
            "morning or evening posts?",
            Query::PartsOfDay { period: days(90) },
        ),
        (
            "is it better to post at night",
            Query::PartsOfDay { period: days(90) },
        ),
        (
            "afternoon vs evening engagement last month",
            Query::PartsOfDay {
                period: Period::LastMonth,
            },
        ),
        (
            "which day of the week is best",
            Query::Weekdays { period: days(90) },
        ),
        ("best weekday to post", Query::Weekdays { period: days(90) }),
        (
            "what day gets the most likes",
            Query::Weekdays { period: days(90) },
        ),
        (
            "do weekends do better",
            Query::Weekdays { period: days(90) },
        ),
        // Demographics.
        (
            "where do my followers live",
            Query::Demographics(Audience::Places),
        ),
        (
            "which countries are my followers in",
            Query::Demographics(Audience::Places),
        ),
        (
            "top cities of my audience",
            Query::Demographics(Audience::Places),
        ),
        (
            "how old are my followers",
            Query::Demographics(Audience::Ages),
        ),
        ("age of my audience", Query::Demographics(Audience::Ages)),
        (
            "are my followers mostly women",
            Query::Demographics(Audience::Genders),
        ),
        // Latest post.
        ("who commented on my last post", Query::LatestPostCommenters),
        (
            "who left comments on my newest post",
            Query::LatestPostCommenters,
        ),
        (
            "what are ppl saying about my latest post",
            Query::LatestPostComments,
        ),
        ("show comments on my latest post", Query::LatestPostComments),
        (
            "what do people think of my newest post",
            Query::LatestPostComments,
        ),
        // Frequency, trend, advice.
        ("how often do i post", Query::PostingFrequency),
        ("my posting frequency", Query::PostingFrequency),
        ("how many posts per week do i do", Query::PostingFrequency),
        (
            "is my reach going up",
            Query::Trend {
                metric: AccountMetric::Reach,
                period: d,
            },
        ),
        (
            "views trend last 3 months",
            Query::Trend {
                metric: AccountMetric::Views,
                period: Period::LastMonths(3),
            },
        ),
        (
            "is engagement trending down",
            Query::Trend {
                metric: AccountMetric::Interactions,
                period: d,
            },
        ),
        ("what should i post next", Query::Recommendation),
        ("any tips to improve my engagement", Query::Recommendation),
        ("what content should i post", Query::Recommendation),
        ("recommend what to post", Query::Recommendation),
        ("suggestions for my next post?", Query::Recommendation),
        ("insta stats for yesterday", overview(Period::Yesterday)),
        ("followers this week?", growth(Period::ThisWeek)),
        (
            "reach since march 1",
            account(
                AccountMetric::Reach,
                Period::Since(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            ),
        ),
        (
            "best post between march 1 and march 15",
            one(
                Interactions,
                Period::Between(
                    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
                ),
            ),
        ),
        (
            "how many comments did my posts get last week",
            Query::PostTotal {
                metric: Comments,
                kind: None,
                period: Period::LastWeek,
            },
        ),
        (
            "most liked post in the last 2 months",
            one(Likes, Period::LastMonths(2)),
        ),
        ("lst wek stats", overview(Period::LastWeek)),
        // Shouting, punctuation, emoji.
        ("WHICH POST GOT THE MOST SAVES??", one(Saves, d)),
        (
            "most saves 🔥 this week",
            posts(Saves, Highest, 5, None, Period::ThisWeek),
        ),
        (
            "Top 5 posts, by reach — this month!",
            posts(Reach, Highest, 5, None, Period::ThisMonth),
        ),
    ]
}

#[test]
fn everyday_paraphrases_are_understood() {
    let table = paraphrases();
    assert!(table.len() >= 150, "{} paraphrases", table.len());
    let mut wrong = Vec::new();
    for (question, expected) in &table {
        match q(question) {
            Ok(got) if &got == expected => {}
            got => wrong.push(format!("{question}\n   got {got:?}\n  want {expected:?}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        table.len(),
        wrong.join("\n")
    );
}

#[test]
fn what_is_not_about_instagram_is_refused_not_guessed() {
    for text in [
        "what's the weather tomorrow?",
        "asdf qwer",
        "tell me a joke",
        "who won the match yesterday",
        "how do i cook pasta",
        "translate hello to french",
        "😀😀😀",
        "?",
        "1234",
        "what is the capital of france",
    ] {
        assert!(q(text).is_err(), "{text} was not refused: {:?}", q(text));
    }
}
