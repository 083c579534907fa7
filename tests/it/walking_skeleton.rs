//! The walking skeleton, end to end: link the sandbox account through the real HTTP OAuth
//! path, let the first sync run, and check `/stats` and `/top` against figures computed here
//! from the sandbox's own data, independently of the engine's code.

use chrono::{Days, NaiveDate};
use connectors::sandbox::{SandboxAccount, SandboxPost};
use pulse_tests::{grouped, spawn_app};

fn posts_between(account: &SandboxAccount, first: NaiveDate, last: NaiveDate) -> Vec<&SandboxPost> {
    account
        .posts
        .iter()
        .filter(|post| {
            let day = post.timestamp.date_naive();
            first <= day && day <= last
        })
        .collect()
}

/// likes + comments + saves + shares from the sandbox's insights (a rejected `shares` is none).
fn interactions(post: &SandboxPost) -> u64 {
    let shares = if post.rejects_shares {
        0
    } else {
        post.insights.shares.unwrap_or(0)
    };
    post.insights.likes + post.insights.comments + post.insights.saved + shares
}

#[tokio::test]
async fn demo_account_links_syncs_and_answers_stats_and_top_from_the_store() {
    let app = spawn_app().await;
    assert!(app
        .say("/stats")
        .await
        .contains("No Instagram account is linked"));

    app.link_account().await;
    let account = app.account().clone();
    let today = app.today();
    let sent = app.output.texts().join("\n---\n");
    let linked = format!(
        "Linked @{} ({} followers). Syncing your history…",
        account.profile.username,
        grouped(account.profile.followers_count)
    );
    assert!(sent.contains(&linked), "{sent}");
    // "Ready" once the last 30 days are read (with their comments), the older posts after it.
    let thirty_days_ago = app.now - chrono::Duration::days(30);
    let recent_comments = account
        .comments
        .iter()
        .filter(|c| {
            account
                .post(&c.media_id)
                .is_some_and(|p| p.timestamp >= thirty_days_ago)
        })
        .count() as u64;
    let older = account
        .posts
        .iter()
        .filter(|p| p.timestamp < thirty_days_ago)
        .count() as u64;
    let ready = format!(
        "Ready: @{} is synced for the last 30 days ({} posts found, 30 days of account insights, {} comments). Its {} older posts are read in the background",
        account.profile.username,
        grouped(account.posts.len() as u64),
        grouped(recent_comments),
        grouped(older)
    );
    assert!(sent.contains(&ready), "expected {ready:?} in {sent}");
    let synced = format!(
        "@{} is fully synced: {} posts read.",
        account.profile.username,
        grouped(account.posts.len() as u64)
    );
    // The progress message ends "fully synced" (the Ready message of its own may come
    // before or after that last edit: a small account fills within one edit interval).
    let texts = app.output.texts();
    let last_progress = texts
        .iter()
        .rev()
        .find(|text| text.starts_with("Syncing @") || text.contains("is fully synced"));
    assert_eq!(
        last_progress.map(String::as_str),
        Some(synced.as_str()),
        "expected {synced:?} as the progress message's last state in {sent}"
    );

    // /stats: the last 30 days, today included.
    let first = today.checked_sub_days(Days::new(29)).unwrap();
    let stats = app.say("/stats").await;
    let days: Vec<_> = account
        .daily
        .iter()
        .filter(|d| first <= d.date && d.date <= today)
        .collect();
    let reach: u64 = days.iter().map(|d| d.reach).sum();
    let views: u64 = days.iter().map(|d| d.views).sum();
    let account_interactions: u64 = days
        .iter()
        .map(|d| d.likes + d.comments + d.saves + d.shares)
        .sum();
    let published = posts_between(&account, first, today);
    let post_interactions: u64 = published.iter().map(|p| interactions(p)).sum();
    let post_reach: u64 = published.iter().map(|p| p.insights.reach).sum();
    let rate = post_interactions as f64 / post_reach as f64 * 100.0;
    for expected in [
        format!("Followers: {}", grouped(account.profile.followers_count)),
        format!("Reach (sum of daily reach): {}", grouped(reach)),
        format!("Views: {}", grouped(views)),
        format!(
            "Interactions (likes + comments + saves + shares): {}",
            grouped(account_interactions)
        ),
        format!("Posts published: {}", published.len()),
        format!("Engagement rate (by reach): {rate:.2}%"),
        format!("({} ÷ {})", grouped(post_interactions), grouped(post_reach)),
        format!(
            "{} – {}",
            first.format("%-d %b %Y"),
            today.format("%-d %b %Y")
        ),
        "data as of".to_owned(),
    ] {
        assert!(
            stats.contains(&expected),
            "expected {expected:?} in:\n{stats}"
        );
    }

    // /top saves: the five posts published in the period with the most saves, newest first on ties.
    let mut by_saves = published.clone();
    by_saves.sort_by(|a, b| {
        b.insights
            .saved
            .cmp(&a.insights.saved)
            .then(b.timestamp.cmp(&a.timestamp))
    });
    let top = app.say("/top saves").await;
    let mut cursor = 0;
    for (rank, post) in by_saves.iter().take(5).enumerate() {
        let line = format!("{}. {} saves", rank + 1, grouped(post.insights.saved));
        let at = top[cursor..]
            .find(&line)
            .unwrap_or_else(|| panic!("expected {line:?} after position {cursor} in:\n{top}"));
        cursor += at;
        let link_at = top[cursor..]
            .find(&post.permalink)
            .expect("the post's link follows its line");
        assert!(
            link_at < top[cursor..].find('\n').unwrap_or(usize::MAX),
            "link on the same line"
        );
    }
    assert!(!top.contains("6. "), "five posts by default:\n{top}");

    // /top reach 7d 3: three posts by reach among the last 7 days.
    let week = posts_between(
        &account,
        today.checked_sub_days(Days::new(6)).unwrap(),
        today,
    );
    let mut by_reach = week.clone();
    by_reach.sort_by(|a, b| {
        b.insights
            .reach
            .cmp(&a.insights.reach)
            .then(b.timestamp.cmp(&a.timestamp))
    });
    let top_reach = app.say("/top reach 7d 3").await;
    for (rank, post) in by_reach.iter().take(3).enumerate() {
        let line = format!("{}. {} reach", rank + 1, grouped(post.insights.reach));
        assert!(
            top_reach.contains(&line),
            "expected {line:?} in:\n{top_reach}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn bad_commands_get_the_right_form_not_an_error() {
    let app = spawn_app().await;
    let reply = app.say("/top saves 7d 99").await;
    assert!(
        reply.contains("I can list 1 to 20 posts.") && reply.contains("/top saves 7d 3"),
        "{reply}"
    );
    let reply = app.say("/stats someday").await;
    assert!(
        reply.contains("I don't know the period \"someday\"") && reply.contains("Usage: /stats"),
        "{reply}"
    );
    let reply = app.say("/nonsense").await;
    assert!(reply.contains("/help"), "{reply}");
    app.stop().await;
}
