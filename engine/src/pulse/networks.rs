//! What each network can answer. TikTok's Display API gives each video's views, likes,
//! comments and shares, and (with `user.info.stats`) the follower count — no reach, saves,
//! follows, profile visits, audience, online hours or comments' authors. A question about
//! one of those on a TikTok account is told so, by name, and given what it can ask instead:
//! never a zero, never another figure.

use crate::account::Network;
use crate::metric::Metric;
use crate::question::{AccountMetric, Figure, Query, RateBasis};
use crate::records::AccountRecord;

/// What TikTok's figures are, for the sentences below.
const TIKTOK_HAS: &str =
    "TikTok gives Pulse each video's views, likes, comments and shares (and interactions, their sum)";

/// Whether TikTok reports this metric of a video.
pub(crate) fn tiktok_reports(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::Views | Metric::Likes | Metric::Comments | Metric::Shares | Metric::Interactions
    )
}

fn tiktok_reports_daily(metric: AccountMetric) -> bool {
    !matches!(metric, AccountMetric::Reach | AccountMetric::Saves)
}

fn lacks(what: &str) -> String {
    format!("TikTok does not report {what}. {TIKTOK_HAS}: ask about one of those.")
}

fn follower_count_known(account: &AccountRecord) -> bool {
    account
        .granted_permissions
        .as_ref()
        .is_none_or(|granted| granted.iter().any(|scope| scope == "user.info.stats"))
}

/// Why `account` cannot answer `query`, in a sentence; `None` when it can.
pub(crate) fn cannot_answer(account: &AccountRecord, query: &Query) -> Option<String> {
    if account.network != Network::TikTok {
        return None;
    }
    let metric_lacking = |metric: Metric| (!tiktok_reports(metric)).then(|| lacks(metric.noun()));
    let rate_lacking = |basis: RateBasis| {
        match basis {
        RateBasis::Reach => Some(lacks(
            "reach, so there is no engagement rate by reach; the rate by followers is there when TikTok shares the follower count",
        )),
        RateBasis::Followers if !follower_count_known(account) => Some(no_followers()),
        RateBasis::Followers => None,
    }
    };
    match query {
        Query::Posts { metric, .. }
        | Query::PostTotal { metric, .. }
        | Query::PostMean { metric, .. }
        | Query::ByMediaType { metric, .. }
        | Query::PartsOfDay { metric, .. }
        | Query::Weekdays { metric, .. } => metric_lacking(*metric),
        Query::AccountTotal { metric, .. } | Query::Trend { metric, .. } => {
            (!tiktok_reports_daily(*metric)).then(|| lacks(daily_noun(*metric)))
        }
        Query::EngagementRate { basis, .. } => rate_lacking(*basis),
        Query::Compare { figure, .. } => match figure {
            Figure::EngagementRate { basis, .. } => rate_lacking(*basis),
            Figure::Account(metric) => {
                (!tiktok_reports_daily(*metric)).then(|| lacks(daily_noun(*metric)))
            }
            Figure::PostTotal { metric, .. } | Figure::PostMean { metric, .. } => {
                metric_lacking(*metric)
            }
            Figure::Growth if !follower_count_known(account) => Some(no_followers()),
            _ => None,
        },
        Query::Followers | Query::FollowerGrowth { .. } if !follower_count_known(account) => {
            Some(no_followers())
        }
        Query::OnlineFollowers => Some(lacks("when your followers are online")),
        Query::Demographics(_) => Some(lacks("where your followers are, their ages or genders")),
        Query::Fans { .. }
        | Query::Leads { .. }
        | Query::LatestPostCommenters
        | Query::LatestPostComments => Some(
            "TikTok does not share comments or who wrote them with Pulse, so fans, leads and comments are for Instagram accounts. For TikTok, ask about views, likes, comments or shares."
                .to_owned(),
        ),
        _ => None,
    }
}

fn daily_noun(metric: AccountMetric) -> &'static str {
    match metric {
        AccountMetric::Reach => "reach",
        AccountMetric::Saves => "saves",
        other => other.noun(),
    }
}

fn no_followers() -> String {
    "TikTok did not share the follower count: the permission for it (user.info.stats) was not granted when the account was linked. Send /connect tiktok and allow it to see followers.".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Period;

    fn tiktok(granted: &[&str]) -> AccountRecord {
        let at = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        AccountRecord {
            id: crate::account::AccountId::for_test("7"),
            network: Network::TikTok,
            user_id: "open-id".into(),
            app_scoped_id: "open-id".into(),
            username: "shop".into(),
            name: None,
            followers_count: 10,
            follows_count: 1,
            media_count: 3,
            status: crate::records::AccountStatus::Active,
            linked_at: at,
            token_issued_at: at,
            token_expires_at: at,
            backfill: crate::records::Backfill::Pending,
            last_sync_at: None,
            daily_sync_at: None,
            sync_not_before: None,
            granted_permissions: Some(granted.iter().map(|s| (*s).to_owned()).collect()),
            refresh_expires_at: None,
        }
    }

    #[test]
    fn what_tiktok_lacks_is_named_and_what_it_has_is_answered() {
        let account = tiktok(&["user.info.basic", "video.list", "user.info.stats"]);
        let period = Period::LastDays(7);
        let top = |metric| Query::Posts {
            metric,
            order: crate::analytics::Order::Highest,
            count: 3,
            kind: None,
            period,
            caption: false,
        };
        for metric in [
            Metric::Saves,
            Metric::Reach,
            Metric::Follows,
            Metric::ProfileVisits,
        ] {
            let said = cannot_answer(&account, &top(metric)).expect("lacking");
            assert!(said.contains(metric.noun()), "{said}");
            assert!(said.contains("views, likes, comments and shares"), "{said}");
        }
        for metric in [
            Metric::Views,
            Metric::Likes,
            Metric::Comments,
            Metric::Shares,
        ] {
            assert_eq!(cannot_answer(&account, &top(metric)), None);
        }
        assert!(cannot_answer(&account, &Query::Fans { count: 5, period }).is_some());
        assert!(cannot_answer(
            &account,
            &Query::AccountTotal {
                metric: AccountMetric::Reach,
                period
            }
        )
        .is_some());
        assert_eq!(cannot_answer(&account, &Query::Followers), None);
        let without_stats = tiktok(&["user.info.basic", "video.list"]);
        assert!(cannot_answer(&without_stats, &Query::Followers)
            .unwrap()
            .contains("user.info.stats"));
        let mut instagram = account.clone();
        instagram.network = Network::Instagram;
        assert_eq!(cannot_answer(&instagram, &top(Metric::Saves)), None);
    }
}
