//! The stats API's views against the chat's replies on the same store: the overview's
//! figures are those `/stats` prints, the ranking lists `/top`'s posts in `/top`'s order,
//! an account is found by id or handle among the chat's own accounts only, and missing
//! data is `None`, never a zero.

use super::*;
use crate::analytics::Order;
use crate::metric::Metric;
use crate::period::Period;
use crate::views::ViewError;

fn console(chat: &str) -> ChatId {
    ChatId::new(Platform::Console, chat)
}

#[tokio::test]
async fn the_overview_and_the_ranking_are_the_figures_the_chat_prints() {
    let setup = setup();
    link(&setup, "a").await;
    let stats = say(&setup, "a", "/stats 7d").await;
    let overview = setup
        .pulse
        .api_overview(&console("a"), "@shop", Period::LastDays(7), now())
        .unwrap();
    let reach = overview.reach.total.expect("reach has data");
    assert!(
        stats.contains(&format!(
            "Reach (sum of daily reach): {reach} ({} of 7 days have data)",
            overview.reach.days_with_data
        )),
        "{stats} vs {overview:?}"
    );
    let rate = overview.engagement_rate_by_reach.expect("a rate");
    assert!(
        stats.contains(&format!(
            "Engagement rate (by reach): {:.2}%",
            rate.rate * 100.0
        )),
        "{stats}"
    );
    assert_eq!((rate.interactions, rate.reach), (226, 3000));
    assert!(stats.contains(&format!("Posts published: {}", overview.posts_published)));
    assert_eq!(overview.followers.map(|f| f.count), Some(1012));
    assert_eq!(overview.period.first.to_string(), "2026-11-17");
    assert!(overview.leads.is_some(), "Instagram accounts have leads");

    let top = say(&setup, "a", "/top saves 30d 2").await;
    let ranking = setup
        .pulse
        .api_top(
            &console("a"),
            "shop",
            (Metric::Saves, Order::Highest, 2),
            Period::LastDays(30),
            now(),
        )
        .unwrap();
    let listed: Vec<(&str, f64)> = ranking
        .posts
        .iter()
        .map(|ranked| (ranked.post.id.as_str(), ranked.value))
        .collect();
    assert_eq!(listed, [("p2", 40.0), ("p1", 30.0)]);
    let first = top.find("40 saves").expect("p2 in /top");
    let second = top.find("30 saves").expect("p1 in /top");
    assert!(first < second, "{top}");
    assert_eq!(ranking.published, 3, "{top}");
}

#[tokio::test]
async fn accounts_are_found_by_id_or_handle_in_their_own_chat_only() {
    let setup = setup();
    link(&setup, "a").await;
    let accounts = setup.pulse.api_accounts(&console("a")).unwrap();
    assert_eq!(accounts.len(), 1);
    assert!(accounts[0].in_use);
    let by_id = setup
        .pulse
        .api_demographics(&console("a"), &accounts[0].id, now())
        .unwrap();
    assert_eq!(by_id.account, "shop");
    assert!(setup.pulse.api_accounts(&console("b")).unwrap().is_empty());
    for reference in ["shop", "@SHOP", accounts[0].id.as_str()] {
        let elsewhere =
            setup
                .pulse
                .api_overview(&console("b"), reference, Period::LastDays(7), now());
        assert!(
            matches!(elsewhere, Err(ViewError::UnknownAccount(_))),
            "{reference}: {elsewhere:?}"
        );
    }
}

#[tokio::test]
async fn days_without_insights_are_none_never_zero() {
    let setup = setup();
    link(&setup, "a").await;
    // Today (23 Nov) has no daily insights yet: Instagram gives a day after it ends.
    let daily = setup
        .pulse
        .api_daily_insights(&console("a"), "shop", Period::LastDays(7), now())
        .unwrap();
    assert_eq!(daily.days.len(), 7);
    let today = daily.days.last().unwrap();
    assert_eq!(today.date.to_string(), "2026-11-23");
    assert_eq!((today.reach, today.interactions), (None, None));
    assert_eq!(daily.days_with_data, 6);
    let long_ago = setup
        .pulse
        .api_overview(&console("a"), "shop", Period::Year(2020), now())
        .unwrap();
    assert_eq!(long_ago.reach.total, None);
    assert_eq!(long_ago.engagement_rate_by_reach, None);
    assert_eq!(long_ago.posts_published, 0);
}
