//! Turning numbers into replies: every answer names its period as dates, the definition of
//! any rate it shows, and "data as of" the last sync; an empty period says there is no data.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::analytics::{FollowerChange, Overview, Ranking};
use crate::metric::Metric;
use crate::period::Period;
use crate::records::{AccountRecord, PostRecord};
use crate::reply::{Block, Item, Reply};

pub use prompts::{count, noun, thousands};

/// The first `shown` of `names` as handles, and how many more there are: "@ana, @bo",
/// "@ana, @bo and 15 more".
pub fn names_and_more(names: &[impl AsRef<str>], shown: usize) -> String {
    let listed: Vec<String> = names
        .iter()
        .take(shown)
        .map(|name| format!("@{}", name.as_ref()))
        .collect();
    let listed = listed.join(", ");
    match names.len().saturating_sub(shown) {
        0 => listed,
        more => format!("{listed} and {} more", thousands(more as u64)),
    }
}

/// `12` → `+12`, `-3` → `−3` (a real minus sign), `0` → `±0`.
pub fn signed(value: i64) -> String {
    match value {
        0 => "±0".into(),
        v if v > 0 => format!("+{}", thousands(v.unsigned_abs())),
        v => format!("−{}", thousands(v.unsigned_abs())),
    }
}

/// `0.04321` → `4.32%`.
pub fn percent(rate: f64) -> String {
    format!("{:.2}%", rate * 100.0)
}

/// "data as of 23 Nov 2026 14:05 (Europe/Berlin)", or "not synced yet".
pub fn data_as_of(account: &AccountRecord, timezone: Tz) -> String {
    match account.last_sync_at {
        Some(at) => format!("data as of {}", local_time(at, timezone)),
        None => "not synced yet".into(),
    }
}

/// A moment in the chat's time zone.
pub fn local_time(at: DateTime<Utc>, timezone: Tz) -> String {
    format!(
        "{} ({})",
        at.with_timezone(&timezone).format("%-d %b %Y %H:%M"),
        timezone.name()
    )
}

/// The first line of a caption, cut to `max_chars`, or a placeholder.
pub fn caption_start(caption: Option<&str>, max_chars: usize) -> String {
    let line = caption
        .and_then(|text| text.lines().map(str::trim).find(|line| !line.is_empty()))
        .unwrap_or("");
    if line.is_empty() {
        return "(no caption)".into();
    }
    let mut cut: String = line.chars().take(max_chars).collect();
    if line.chars().count() > max_chars {
        cut.push('…');
    }
    format!("“{cut}”")
}

fn metric_value(metric: Metric, value: f64) -> String {
    if metric.is_rate() {
        percent(value)
    } else {
        metric.count(value.round() as u64)
    }
}

/// "29 of 30 days have data", "1 of 7 days has data".
pub fn days_with_data(with_data: usize, days: i64) -> String {
    format!(
        "{} of {} {} data",
        thousands(with_data as u64),
        count(days.max(0) as u64, "day", "days"),
        noun(with_data as u64, "has", "have")
    )
}

fn period_heading(period: &Period, overview_range: crate::period::DateRange) -> String {
    period.heading(overview_range)
}

/// The definition line of a metric, for rates and composites.
fn definition(metric: Metric) -> Option<&'static str> {
    match metric {
        Metric::Interactions => Some("interactions = likes + comments + saves + shares"),
        Metric::EngagementRate => Some("engagement rate (by reach) of a post = interactions ÷ reach, interactions = likes + comments + saves + shares"),
        _ => None,
    }
}

/// The `/stats` reply.
pub fn overview_reply(
    account: &AccountRecord,
    period: &Period,
    overview: &Overview,
    timezone: Tz,
) -> Reply {
    let heading = format!(
        "@{} · {}",
        account.username,
        period_heading(period, overview.range)
    );
    let as_of = data_as_of(account, timezone);
    let has_data = overview.reach.days + overview.views.days + overview.interactions.days > 0
        || overview.posts_published > 0;
    if !has_data {
        return Reply::text(heading)
            .with(Block::Text(
                "Pulse has no data for this period: no posts were published in it and there are no account insights for its days.".to_owned(),
            ))
            .with(Block::Note(as_of));
    }
    let days = overview.range.days();
    let tiktok = account.network == crate::account::Network::TikTok;
    let mut facts = Vec::new();
    if let Some((followers, read_at)) = overview.followers {
        let change = match overview.follower_change {
            Some(FollowerChange::Snapshots { change, .. }) => {
                format!(" ({} in the period)", signed(change))
            }
            Some(FollowerChange::Insight {
                new_followers,
                days,
            }) => format!(
                " ({} new {} reported by Instagram over {})",
                signed(new_followers),
                noun(new_followers.unsigned_abs(), "follower", "followers"),
                count(days as u64, "day", "days")
            ),
            None => String::new(),
        };
        facts.push((
            "Followers".to_owned(),
            format!(
                "{}{change}, read {}",
                thousands(followers),
                local_time(read_at, timezone)
            ),
        ));
    }
    // Missing data is never a zero: a sum over no day with data says so.
    let summed = |sum: &crate::analytics::DaySum| {
        if sum.days == 0 && tiktok {
            "no data yet (Pulse needs its readings of the videos' counts on two days in a row)"
                .to_owned()
        } else if sum.days == 0 {
            "no data yet (Instagram gives a day's figures after it ends)".to_owned()
        } else if sum.days as i64 == days {
            thousands(sum.total)
        } else {
            format!(
                "{} ({})",
                thousands(sum.total),
                days_with_data(sum.days, days)
            )
        }
    };
    if tiktok {
        facts.push(("Reach".into(), "not reported by TikTok".into()));
        facts.push(("Views gained".into(), summed(&overview.views)));
        facts.push((
            "Interactions gained (likes + comments + shares)".into(),
            summed(&overview.interactions),
        ));
    } else {
        facts.push(("Reach (sum of daily reach)".into(), summed(&overview.reach)));
        facts.push(("Views".into(), summed(&overview.views)));
        facts.push((
            "Interactions (likes + comments + saves + shares)".into(),
            summed(&overview.interactions),
        ));
    }
    facts.push((
        "Posts published".into(),
        thousands(overview.posts_published as u64),
    ));
    let mut notes = Vec::new();
    if let Some(engagement) = overview.engagement {
        facts.push((
            "Engagement rate (by reach)".into(),
            percent(engagement.rate()),
        ));
        notes.push(format!(
            "Engagement rate by reach = Σ interactions ÷ Σ reach of the {} published in the period ({} ÷ {}); interactions = likes + comments + saves + shares.",
            count(engagement.posts as u64, "post", "posts"),
            thousands(engagement.interactions),
            thousands(engagement.reach)
        ));
    }
    if let Some(by_followers) = overview.engagement_by_followers {
        facts.push((
            "Engagement rate (by followers)".into(),
            percent(by_followers.rate()),
        ));
        notes.push(format!(
            "Engagement rate by followers = mean interactions per post ({}) ÷ followers ({}).",
            thousands(by_followers.mean_interactions.round() as u64),
            thousands(by_followers.followers)
        ));
    }
    if tiktok {
        notes.push("TikTok gives only each video's lifetime counts: a day's figures are what the videos gained since Pulse's reading the day before.".into());
    } else {
        notes.push("Reach is the sum of daily reach, not unique accounts.".into());
    }
    notes.push(as_of);
    let mut reply = Reply::text(heading).with(Block::Facts(facts));
    for note in notes {
        reply = reply.with(Block::Note(note));
    }
    reply
}

fn post_line(post: &PostRecord, timezone: Tz) -> String {
    format!(
        "{} · {}",
        post.media_kind().noun(),
        post.published_at
            .with_timezone(&timezone)
            .format("%-d %b %Y")
    )
}

/// The `/top` reply (and its "least" twin).
pub fn ranking_reply(
    account: &AccountRecord,
    metric: Metric,
    period: &Period,
    range: crate::period::DateRange,
    ranking: &Ranking<'_>,
    lowest: bool,
    timezone: Tz,
) -> Reply {
    let word = if lowest { "Lowest" } else { "Top" };
    let heading = format!(
        "@{} · {word} posts by {} · {}",
        account.username,
        metric.noun(),
        period_heading(period, range)
    );
    let as_of = data_as_of(account, timezone);
    if ranking.posts.is_empty() {
        let text = if ranking.published == 0 {
            "No posts were published in this period.".to_owned()
        } else {
            format!(
                "No post published in this period has {} data yet ({} published).",
                metric.noun(),
                thousands(ranking.published as u64)
            )
        };
        return Reply::text(heading)
            .with(Block::Text(text))
            .with(Block::Note(as_of));
    }
    let items = ranking
        .posts
        .iter()
        .map(|(post, value)| Item {
            text: format!(
                "{} · {} · {}",
                metric_value(metric, *value),
                post_line(post, timezone),
                caption_start(post.caption.as_deref(), 60)
            ),
            url: post.permalink.clone(),
        })
        .collect();
    let mut reply = Reply::text(heading).with(Block::Ranking(items));
    let mut basis = if ranking.published == 1 {
        "The only post published in the period".to_owned()
    } else {
        format!(
            "Ranked among the {} published in the period",
            count(ranking.published as u64, "post", "posts")
        )
    };
    if ranking.without_data > 0 {
        basis.push_str(&format!(
            "; {} had no {} data",
            thousands(ranking.without_data as u64),
            metric.noun()
        ));
    }
    basis.push('.');
    reply = reply.with(Block::Note(basis));
    if let Some(definition) = definition(metric) {
        reply = reply.with(Block::Note(definition.to_owned()));
    }
    reply.with(Block::Note(as_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(signed(12), "+12");
        assert_eq!(signed(-1234), "−1,234");
        assert_eq!(signed(0), "±0");
        assert_eq!(percent(0.04321), "4.32%");
        assert_eq!(days_with_data(29, 30), "29 of 30 days have data");
        assert_eq!(days_with_data(1, 7), "1 of 7 days has data");
        assert_eq!(days_with_data(30, 5899), "30 of 5,899 days have data");
    }

    #[test]
    fn a_cut_list_of_names_says_how_many_more() {
        let names: Vec<String> = (1..=20).map(|i| format!("fan{i}")).collect();
        assert_eq!(
            names_and_more(&names, 5),
            "@fan1, @fan2, @fan3, @fan4, @fan5 and 15 more"
        );
        assert_eq!(names_and_more(&names[..2], 5), "@fan1, @fan2");
    }

    #[test]
    fn captions_are_cut_on_characters_not_bytes() {
        assert_eq!(
            caption_start(Some("\n  héllo wörld ✨\nsecond"), 7),
            "“héllo w…”"
        );
        assert_eq!(caption_start(Some("short"), 60), "“short”");
        assert_eq!(caption_start(None, 60), "(no caption)");
        assert_eq!(caption_start(Some("   \n "), 60), "(no caption)");
    }
}
