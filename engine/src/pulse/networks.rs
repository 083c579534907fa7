//! What each network can answer. TikTok's Display API gives each video's views, likes,
//! comments and shares, and (with `user.info.stats`) the follower count — no reach, saves,
//! follows, profile visits, audience, online hours or comments' authors. A question about
//! one of those on a TikTok account is told so, by name, and given what it can ask instead:
//! never a zero, never another figure.

use chrono::{DateTime, Utc};

use super::{Pulse, PulseError};
use crate::account::Network;
use crate::answers::count;
use crate::chat::ChatId;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::networks::{named, Named};
use crate::question::{parse_after, AccountMetric, Figure, Query, RateBasis};
use crate::records::AccountRecord;
use crate::reply::{Block, Reply};

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

/// A question that names a network the chat has an account on, answered from that account;
/// "reels vs tiktoks" compared across the two. `None`: the question names no network, or
/// one the chat has no account on (the parser then says what Pulse cannot see).
impl Pulse {
    pub(super) fn ask_by_network(
        &self,
        chat: &ChatId,
        question: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Reply>, PulseError> {
        let timezone = self.timezone(chat)?;
        let today = now.with_timezone(&timezone).date_naive();
        match named(question, today, timezone) {
            // "and last week?" after "my tiktok views this week": a follow-up (its reading
            // leans on the question before) is about the account that one named.
            Named::Neither => {
                let Some(network) = self.previous_network(chat, now)? else {
                    return Ok(None);
                };
                let in_use = self.active_account(chat)?.map(|active| active.network);
                let Some(account) = self
                    .chat_account_on(chat, network)?
                    .filter(|_| in_use != Some(network))
                else {
                    return Ok(None);
                };
                let previous = self.previous_queries(chat, now)?;
                let after = parse_after(question, &previous, today, timezone);
                if after == parse_after(question, &[], today, timezone) {
                    return Ok(None);
                }
                Ok(Some(self.reply_about(chat, &account, &after, now)?))
            }
            Named::One { network, rest } => {
                let Some(account) = self.chat_account_on(chat, network)? else {
                    return Ok(None);
                };
                // The parser reads Instagram's own words itself: a question naming
                // Instagram is rerouted only when the account in use is another.
                let in_use = self.active_account(chat)?.map(|active| active.network);
                if network == Network::Instagram && in_use == Some(Network::Instagram) {
                    return Ok(None);
                }
                let previous = self.previous_queries(chat, now)?;
                let parsed = parse_after(&rest, &previous, today, timezone);
                Ok(Some(self.reply_about(chat, &account, &parsed, now)?))
            }
            Named::Both { reels_only, period } => {
                let (Some(instagram), Some(tiktok)) = (
                    self.chat_account_on(chat, Network::Instagram)?,
                    self.chat_account_on(chat, Network::TikTok)?,
                ) else {
                    return Ok(None);
                };
                for account in [&instagram, &tiktok] {
                    if let Some(paused) = self.paused_answer(account)? {
                        return Ok(Some(paused));
                    }
                }
                let period = period.unwrap_or(Period::LastDays(90));
                let range = period.resolve(today);
                let side = |account: &AccountRecord, kind: Option<MediaKind>| {
                    self.records().posts(&account.id).map(|posts| {
                        per_post(posts.iter().filter(|post| {
                            kind.is_none_or(|kind| post.media_kind() == kind)
                                && range.contains(
                                    post.published_at.with_timezone(&timezone).date_naive(),
                                )
                        }))
                    })
                };
                let reels = side(&instagram, reels_only.then_some(MediaKind::Reel))?;
                let videos = side(&tiktok, None)?;
                let instagram_name = if reels_only {
                    format!("Instagram reels of @{}", instagram.username)
                } else {
                    format!("Instagram posts of @{}", instagram.username)
                };
                let line = |name: &str, figures: &PerPost| match figures.posts {
                    0 => format!("{name}: none published then."),
                    posts => format!(
                        "{name} ({}): {} and {} per post",
                        count(posts as u64, "post", "posts"),
                        mean_words(figures.views, "view", "views"),
                        mean_words(figures.likes, "like", "likes"),
                    ),
                };
                Ok(Some(
                    Reply::text(format!(
                        "Instagram beside TikTok, {} ({range}):",
                        period.describe()
                    ))
                    .with(Block::Text(line(&instagram_name, &reels)))
                    .with(Block::Text(line(&format!("TikTok videos of @{}", tiktok.username), &videos)))
                    .with(Block::Note(
                        "Per post: the total of the posts published in the period divided by how many there are, each network's lifetime counts as last read. Views are counted by each network its own way (Instagram counts a reel's plays, TikTok a video's views), so compare them as a guide, not to the unit.".into(),
                    )),
                ))
            }
        }
    }
}

/// Views and likes per post of some posts (`None`: no post had the figure).
struct PerPost {
    posts: usize,
    views: Option<f64>,
    likes: Option<f64>,
}

fn per_post<'a>(posts: impl Iterator<Item = &'a crate::records::PostRecord>) -> PerPost {
    let posts: Vec<_> = posts.collect();
    let mean = |metric: Metric| {
        let values: Vec<f64> = posts.iter().filter_map(|post| metric.of(post)).collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    PerPost {
        posts: posts.len(),
        views: mean(Metric::Views),
        likes: mean(Metric::Likes),
    }
}

fn mean_words(value: Option<f64>, one: &str, many: &str) -> String {
    match value {
        Some(value) => count(value.round() as u64, one, many),
        None => format!("no {many} reported"),
    }
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
