//! The daily digest of one account (SPEC §7): yesterday against the day before and against
//! the 7-day mean (followers, reach, views, interactions, engagement rate), the best post of
//! the last 7 days, new fans and open leads, one chart (followers over 30 days; on Mondays, when
//! people commented over the four weeks before, as a weekday × hour heatmap), and buttons to
//! drill down.
//!
//! Account figures come from Instagram's daily insights (days as Instagram counts them); the
//! daily engagement rate here is the account's interactions ÷ its reach that day.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate, Timelike, Weekday};

use crate::analytics::{self, daily_interactions, Order};
use crate::answers::{caption_start, data_as_of, names_and_more, percent, signed, thousands};
use crate::leads::is_own_comment;
use crate::metric::Metric;
use crate::period::{DateRange, Period};
use crate::question::answer::AnswerData;
use crate::records::{CommentRecord, DailyRecord};
use crate::reply::{Attachment, Block, Button, Item, Reply};

fn change(now: f64, then: f64) -> String {
    if then == 0.0 {
        "–".into()
    } else {
        let relative = (now - then) / then * 100.0;
        format!("{}{relative:.0}%", if relative >= 0.0 { "+" } else { "" })
    }
}

/// One figure: yesterday, the day before, and the mean of the 7 days before yesterday.
struct Row {
    yesterday: Option<f64>,
    before: Option<f64>,
    mean: Option<f64>,
}

fn row(
    days: &HashMap<NaiveDate, &DailyRecord>,
    yesterday: NaiveDate,
    value: impl Fn(&DailyRecord) -> Option<f64>,
) -> Row {
    let on = |date: NaiveDate| days.get(&date).and_then(|d| value(d));
    let week: Vec<f64> = (1..=7u64)
        .filter_map(|back| yesterday.checked_sub_days(chrono::Days::new(back)))
        .filter_map(on)
        .collect();
    Row {
        yesterday: on(yesterday),
        before: yesterday.pred_opt().and_then(on),
        mean: (!week.is_empty()).then(|| week.iter().sum::<f64>() / week.len() as f64),
    }
}

fn describe(row: &Row, show: impl Fn(f64) -> String) -> Option<String> {
    let yesterday = row.yesterday?;
    let mut text = show(yesterday);
    if let Some(before) = row.before {
        text.push_str(&format!(
            " · day before {} ({})",
            show(before),
            change(yesterday, before)
        ));
    }
    if let Some(mean) = row.mean {
        text.push_str(&format!(
            " · 7-day mean {} ({})",
            show(mean),
            change(yesterday, mean)
        ));
    }
    Some(text)
}

/// The digest of the account in `data` for the day before `data.today`.
pub fn digest(data: &AnswerData<'_>, open_leads: &[&CommentRecord]) -> Reply {
    let yesterday = data.today.pred_opt().unwrap_or(data.today);
    let account = data.account;
    let days: HashMap<NaiveDate, &DailyRecord> = data.daily.iter().map(|d| (d.date, d)).collect();
    let whole = |v: f64| thousands(v.round().max(0.0) as u64);
    let mut facts = Vec::new();

    let followers = analytics::follower_series(
        data.snapshots,
        data.daily,
        DateRange {
            first: yesterday,
            last: data.today,
        },
        data.timezone,
    );
    let gained = row(&days, yesterday, |d| d.follower_count.map(|c| c as f64));
    let now_count = data
        .snapshots
        .iter()
        .max_by_key(|s| s.taken_at)
        .map_or(account.followers_count, |s| s.followers);
    let mut follower_text = thousands(now_count);
    if let Some(new) = gained.yesterday {
        follower_text.push_str(&format!(" · {} new yesterday", signed(new as i64)));
        if let Some(mean) = gained.mean {
            follower_text.push_str(&format!(" (7-day mean {:+.0})", mean));
        }
    } else if let [(_, first), .., (_, last)] = followers.as_slice() {
        // A TikTok account's change needs two readings: with one, the series only carries
        // it back, and a "±0" would be made up.
        let two_readings = data
            .snapshots
            .iter()
            .filter(|s| s.date >= yesterday)
            .count()
            >= 2;
        if account.network != crate::account::Network::TikTok || two_readings {
            follower_text.push_str(&format!(" · {} since yesterday", signed(last - first)));
        }
    }
    facts.push(("Followers".to_owned(), follower_text));

    let reach = row(&days, yesterday, |d| d.reach.map(|v| v as f64));
    let views = row(&days, yesterday, |d| d.views.map(|v| v as f64));
    let interactions = row(&days, yesterday, |d| {
        daily_interactions(d).map(|v| v as f64)
    });
    let rate = row(&days, yesterday, |d| {
        let reach = d.reach.filter(|r| *r > 0)? as f64;
        Some(daily_interactions(d)? as f64 / reach)
    });
    for (label, row, show) in [
        ("Reach", &reach, &whole as &dyn Fn(f64) -> String),
        ("Views", &views, &whole),
        ("Interactions", &interactions, &whole),
        ("Engagement rate", &rate, &|v: f64| percent(v)),
    ] {
        if let Some(text) = describe(row, show) {
            facts.push((label.to_owned(), text));
        }
    }

    let title = format!(
        "@{} · daily digest for {}",
        account.username,
        yesterday.format("%a %-d %b %Y")
    );
    let tiktok = account.network == crate::account::Network::TikTok;
    let mut reply = Reply::text(title);
    if facts.len() == 1 && reach.yesterday.is_none() {
        reply = reply.with(Block::Text(if tiktok {
            "No figures for yesterday yet: TikTok gives only lifetime counts, so Pulse needs its readings of two days in a row.".into()
        } else {
            "Instagram has no account insights for yesterday yet.".into()
        }));
    }
    reply = reply.with(Block::Facts(facts));

    let week = Period::LastDays(7).resolve(data.today);
    let ranking = analytics::rank_posts(
        data.posts,
        Metric::Interactions,
        week,
        data.timezone,
        1,
        Order::Highest,
    );
    if let Some((post, value)) = ranking.posts.first() {
        reply = reply
            .with(Block::Text("Best post of the last 7 days:".into()))
            .with(Block::Ranking(vec![Item {
                text: format!(
                    "{} · {} · {}",
                    Metric::Interactions.count(value.round().max(0.0) as u64),
                    post.media_kind().noun(),
                    caption_start(post.caption.as_deref(), 50)
                ),
                url: post.permalink.clone(),
            }]));
    }

    // TikTok gives no comments' authors: no commenters or leads to count.
    if !tiktok {
        reply = reply.with(Block::Facts(new_commenters_and_leads(data, open_leads)));
    }

    // One chart: on Mondays when people commented over the four weeks before, else followers
    // over 30 days.
    let heatmap = (data.today.weekday() == Weekday::Mon)
        .then(|| comment_heatmap(data))
        .flatten();
    if let Some(attachment) = heatmap.or_else(|| follower_chart(data)) {
        reply = reply.with_attachment(attachment);
    }
    if tiktok {
        return reply
            .with(Block::Note("Account figures are what the TikTok videos gained each day, from Pulse's daily readings of their lifetime counts; TikTok reports no reach or saves, so there is no engagement rate; interactions = likes + comments + shares.".into()))
            .with(Block::Note(data_as_of(account, data.timezone)))
            .with_button(Button::Command { label: "Top videos".into(), command: "/top views 7d".into() })
            .with_button(Button::Command { label: "Stats".into(), command: "/stats 7d".into() });
    }
    reply
        .with(Block::Note("Account figures are Instagram's daily insights; engagement rate here = the account's interactions ÷ reach that day; interactions = likes + comments + saves + shares.".into()))
        .with(Block::Note(data_as_of(account, data.timezone)))
        .with_button(Button::Command { label: "Top posts".into(), command: "/top interactions 7d".into() })
        .with_button(Button::Command { label: "Leads".into(), command: "/leads 7d".into() })
        .with_button(Button::Command { label: "Stats".into(), command: "/stats 7d".into() })
}

/// New commenters (wrote yesterday and never before; replies of the account excluded) and
/// the open leads of the week, as digest facts.
fn new_commenters_and_leads(
    data: &AnswerData<'_>,
    open_leads: &[&CommentRecord],
) -> Vec<(String, String)> {
    let yesterday = data.today.pred_opt().unwrap_or(data.today);
    let account = data.account;
    let yesterday_instants = DateRange {
        first: yesterday,
        last: yesterday,
    }
    .instants(data.timezone);
    let mut seen_before: HashSet<&str> = HashSet::new();
    let mut yesterdays: Vec<(&CommentRecord, &str)> = Vec::new();
    for comment in data.comments {
        let Some(name) = comment.author_username.as_deref() else {
            continue;
        };
        if comment.published_at < yesterday_instants.start {
            seen_before.insert(name);
        } else if yesterday_instants.contains(comment.published_at) {
            yesterdays.push((comment, name));
        }
    }
    yesterdays.sort_by_key(|(comment, _)| comment.published_at);
    let mut new_fans: Vec<&str> = Vec::new();
    for (comment, name) in yesterdays {
        if !is_own_comment(comment, &account.username)
            && !seen_before.contains(name)
            && !new_fans.contains(&name)
        {
            new_fans.push(name);
        }
    }
    let mut people = Vec::new();
    people.push((
        "New commenters yesterday".to_owned(),
        if new_fans.is_empty() {
            "none".to_owned()
        } else {
            format!(
                "{} ({})",
                thousands(new_fans.len() as u64),
                names_and_more(&new_fans, 5)
            )
        },
    ));
    people.push((
        "Open leads (last 7 days, unanswered)".to_owned(),
        thousands(open_leads.len() as u64),
    ));
    people
}

/// The open leads of the digest's week (the last 7 days to today), newest first: comments
/// that look like buyers with no answer (on Instagram or through Pulse) and no mark.
pub fn open_leads_of_the_week<'c>(
    data: &AnswerData<'c>,
    actions: &HashMap<String, crate::records::CommentActionRecord>,
) -> Vec<&'c CommentRecord> {
    let week = Period::LastDays(7)
        .resolve(data.today)
        .instants(data.timezone);
    crate::lead_status::leads_with_status(
        data.comments_from(week.start),
        &data.account.username,
        week,
        actions,
    )
    .into_iter()
    .filter(|lead| lead.status == crate::lead_status::LeadStatus::Open)
    .map(|lead| lead.comment)
    .collect()
}

/// Followers over the 30 days to today, as a line chart.
fn follower_chart(data: &AnswerData<'_>) -> Option<Attachment> {
    let month = Period::LastDays(30).resolve(data.today);
    let series = analytics::follower_series(data.snapshots, data.daily, month, data.timezone);
    let points: Vec<(NaiveDate, f64)> = series.iter().map(|(d, v)| (*d, *v as f64)).collect();
    let title = format!("Followers of @{}, {month}", data.account.username);
    let png = crate::charts::daily_line(&title, &points).ok()??;
    Some(Attachment {
        name: "followers-30-days.png".into(),
        media_type: "image/png",
        bytes: png,
    })
}

/// Other people's comments of the 28 days before today, by local weekday and hour.
pub fn comment_counts_by_weekday_and_hour(data: &AnswerData<'_>) -> (DateRange, [[u32; 24]; 7]) {
    let last = data.today.pred_opt().unwrap_or(data.today);
    let weeks = DateRange {
        first: last.checked_sub_days(Days::new(27)).unwrap_or(last),
        last,
    };
    let instants = weeks.instants(data.timezone);
    let mut counts = [[0u32; 24]; 7];
    for comment in data.comments {
        if !instants.contains(comment.published_at)
            || is_own_comment(comment, &data.account.username)
        {
            continue;
        }
        let local = comment.published_at.with_timezone(&data.timezone);
        let cell =
            &mut counts[local.weekday().num_days_from_monday() as usize][local.hour() as usize];
        *cell = cell.saturating_add(1);
    }
    (weeks, counts)
}

/// The Monday chart: when people commented over the four weeks before, as a heatmap.
fn comment_heatmap(data: &AnswerData<'_>) -> Option<Attachment> {
    let (weeks, counts) = comment_counts_by_weekday_and_hour(data);
    let title = format!("When people commented, {weeks} ({})", data.timezone.name());
    let png = crate::charts::weekday_hour_heatmap(&title, &counts).ok()??;
    Some(Attachment {
        name: "comments-by-weekday-and-hour.png".into(),
        media_type: "image/png",
        bytes: png,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{
        AccountRecord, AccountStatus, Backfill, CommentRecord, FollowerSnapshotRecord, KindRecord,
        MetricsRecord, PostRecord,
    };
    use chrono::{TimeZone, Utc};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn at(d: u32, h: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }

    fn account() -> AccountRecord {
        AccountRecord {
            id: crate::account::AccountId::for_test("1"),
            network: crate::account::Network::Instagram,
            user_id: "1".into(),
            app_scoped_id: "2".into(),
            username: "shop".into(),
            name: None,
            followers_count: 1000,
            follows_count: 0,
            media_count: 1,
            status: AccountStatus::Active,
            linked_at: at(1, 0),
            token_issued_at: at(1, 0),
            token_expires_at: at(30, 0),
            backfill: Backfill::Done { at: at(23, 8) },
            last_sync_at: Some(at(23, 8)),
            daily_sync_at: Some(at(23, 8)),
            sync_not_before: None,
            granted_permissions: None,
            refresh_expires_at: None,
        }
    }

    #[test]
    fn a_digest_worked_out_by_hand() {
        let account = account();
        // Reach: 15–21 Nov 100 each (mean 100); 21st (day before) 100; 22nd (yesterday) 150.
        let daily: Vec<DailyRecord> = (15..=22)
            .map(|d| DailyRecord {
                date: day(d),
                reach: Some(if d == 22 { 150 } else { 100 }),
                likes: Some(if d == 22 { 15 } else { 10 }),
                follower_count: Some(if d == 22 { 6 } else { 3 }),
                ..Default::default()
            })
            .collect();
        let post = PostRecord {
            id: "P".into(),
            kind: KindRecord::Reel,
            caption: Some("glaze test".into()),
            permalink: Some("https://www.instagram.com/reel/P/".into()),
            published_at: at(20, 18),
            like_count: Some(40),
            comments_count: Some(2),
            metrics: MetricsRecord {
                likes: Some(40),
                comments: Some(2),
                reach: Some(400),
                ..Default::default()
            },
            metrics_updated_at: Some(at(23, 8)),
            metrics_attempted_at: None,
            insights_unavailable: false,
            comments_read: None,
        };
        let comment = |id: &str, who: &str, text: &str, d: u32| CommentRecord {
            id: id.into(),
            post_id: "P".into(),
            parent_id: None,
            author_id: None,
            author_username: Some(who.into()),
            text: text.into(),
            published_at: at(d, 10),
            like_count: None,
            hidden: false,
        };
        let comments = vec![
            comment("a", "old_fan", "nice", 10),
            comment("b", "old_fan", "love", 22),
            comment("c", "newbie", "how much?", 22),
        ];
        let snapshots = [FollowerSnapshotRecord {
            date: day(23),
            followers: 1006,
            taken_at: at(23, 8),
        }];
        let posts = [post];
        let data = AnswerData {
            account: &account,
            posts: &posts,
            daily: &daily,
            snapshots: &snapshots,
            online: &[],
            demographics: None,
            comments: &comments,
            timezone: chrono_tz::UTC,
            today: day(23),
        };
        let reply = digest(&data, &open_leads_of_the_week(&data, &HashMap::new()));
        let text = reply.to_plain_text();
        assert!(text.contains("daily digest for Sun 22 Nov 2026"), "{text}");
        assert!(
            text.contains("Followers: 1,006 · +6 new yesterday (7-day mean +3)"),
            "{text}"
        );
        assert!(
            text.contains("Reach: 150 · day before 100 (+50%) · 7-day mean 100 (+50%)"),
            "{text}"
        );
        // Interactions = likes here: 15 vs 10; rate 15/150 = 10 % vs 10/100 = 10 %.
        assert!(
            text.contains("Interactions: 15 · day before 10 (+50%)"),
            "{text}"
        );
        assert!(
            text.contains("Engagement rate: 10.00% · day before 10.00% (+0%)"),
            "{text}"
        );
        assert!(
            text.contains("Best post of the last 7 days:\n\n42 interactions · reel · “glaze test”"),
            "{text}"
        );
        assert!(
            text.contains("New commenters yesterday: 1 (@newbie)"),
            "{text}"
        );
        assert!(
            text.contains("Open leads (last 7 days, unanswered): 1"),
            "{text}"
        );
        // 23 Nov 2026 is a Monday: the chart is when people commented over 4 weeks.
        let [chart] = reply.attachments.as_slice() else {
            panic!("one chart")
        };
        assert_eq!(chart.name, "comments-by-weekday-and-hour.png");
        let (weeks, counts) = comment_counts_by_weekday_and_hour(&data);
        assert_eq!(weeks.to_string(), "26 Oct 2026 – 22 Nov 2026");
        // Tue 10 Nov 10:00 (old_fan); Sun 22 Nov 10:00 (old_fan, newbie).
        assert_eq!((counts[1][10], counts[6][10]), (1, 2));
        assert_eq!(counts.iter().flatten().sum::<u32>(), 3);
        assert_eq!(reply.buttons.len(), 3);
        // On other days it is followers over 30 days.
        let tuesday = AnswerData {
            today: day(24),
            ..data
        };
        let reply = digest(&tuesday, &[]);
        assert_eq!(reply.attachments[0].name, "followers-30-days.png");
    }

    #[test]
    fn twenty_new_commenters_name_five_and_say_how_many_more() {
        let account = account();
        let comments: Vec<CommentRecord> = (1..=20)
            .map(|i| CommentRecord {
                id: format!("c{i}"),
                post_id: "P".into(),
                parent_id: None,
                author_id: None,
                author_username: Some(format!("fan{i}")),
                text: "nice".into(),
                published_at: at(22, 10) + chrono::Duration::minutes(i),
                like_count: None,
                hidden: false,
            })
            .collect();
        let data = AnswerData {
            account: &account,
            posts: &[],
            daily: &[],
            snapshots: &[],
            online: &[],
            demographics: None,
            comments: &comments,
            timezone: chrono_tz::UTC,
            today: day(23),
        };
        let text = digest(&data, &open_leads_of_the_week(&data, &HashMap::new())).to_plain_text();
        assert!(
            text.contains(
                "New commenters yesterday: 20 (@fan1, @fan2, @fan3, @fan4, @fan5 and 15 more)"
            ),
            "{text}"
        );
    }
}
