//! SPEC §5 and §6, question by question: the behaviours the issue lists, each worked out by
//! hand on a small account whose figures are chosen to make the arithmetic plain.
//!
//! Today is Wednesday 18 November 2026 (UTC). Daily insights: reach 100 and 5 likes a day
//! from 1 June to 31 August; reach 50 and 5 likes a day in October; in November reach
//! 10 × the day of the month and 5 likes, from the 1st to the 17th but for a gap on the 10th;
//! 7 likes on 4 March; nothing in September. Followers: 5,000 on 17 November. Posts: a reel
//! on 12 November (100 interactions, reach 1,000: 10 %), a photo on the 13th (50, 1,000: 5 %),
//! a carousel on the 14th (200, 1,000: 20 %), a photo on the 15th without reach, and a reel
//! this morning, not measured yet.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use super::answer::{answer, reply, AnswerData};
use super::{parse, Query};
use crate::records::{
    AccountRecord, Backfill, DailyRecord, FollowerSnapshotRecord, KindRecord, PostRecord,
};
use crate::reply::Reply;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    date(2026, 11, 18)
}

fn at(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap()
}

struct Account {
    account: AccountRecord,
    posts: Vec<PostRecord>,
    daily: Vec<DailyRecord>,
    snapshots: Vec<FollowerSnapshotRecord>,
}

use crate::fixtures::post_record as post;

fn day(date: NaiveDate, reach: Option<u64>, likes: u64) -> DailyRecord {
    DailyRecord {
        date,
        reach,
        likes: Some(likes),
        ..Default::default()
    }
}

fn account() -> Account {
    let mut daily = vec![day(date(2026, 3, 4), None, 7)];
    let mut d = date(2026, 6, 1);
    while d <= date(2026, 8, 31) {
        daily.push(day(d, Some(100), 5));
        d = d + Days::new(1);
    }
    for n in 1..=31 {
        daily.push(day(date(2026, 10, n), Some(50), 5));
    }
    for n in (1..=17).filter(|n| *n != 10) {
        daily.push(day(date(2026, 11, n), Some(10 * u64::from(n)), 5));
    }
    Account {
        account: AccountRecord {
            id: crate::account::AccountId::for_test("1"),
            network: crate::account::Network::Instagram,
            user_id: "1".into(),
            app_scoped_id: "2".into(),
            username: "shop".into(),
            name: None,
            followers_count: 5_000,
            follows_count: 10,
            media_count: 4,
            status: crate::records::AccountStatus::Active,
            linked_at: at(6, 1, 0),
            token_issued_at: at(6, 1, 0),
            token_expires_at: at(12, 30, 0),
            backfill: Backfill::Done { at: at(6, 1, 1) },
            last_sync_at: Some(at(11, 18, 8)),
            daily_sync_at: Some(at(11, 18, 8)),
            sync_not_before: None,
            granted_permissions: None,
            refresh_expires_at: None,
        },
        posts: vec![
            post("a", KindRecord::Reel, at(11, 12, 10), 100, Some(1_000)),
            post("b", KindRecord::Image, at(11, 13, 10), 50, Some(1_000)),
            post("c", KindRecord::Carousel, at(11, 14, 10), 200, Some(1_000)),
            post("d", KindRecord::Image, at(11, 15, 10), 30, None),
            post("e", KindRecord::Reel, at(11, 18, 7), 12, None),
        ],
        daily,
        snapshots: vec![FollowerSnapshotRecord {
            date: date(2026, 11, 17),
            followers: 5_000,
            taken_at: at(11, 17, 9),
        }],
    }
}

/// The reply to `question`, as Pulse gives it without a model.
fn ask(question: &str) -> String {
    let a = account();
    let data = AnswerData {
        account: &a.account,
        posts: &a.posts,
        daily: &a.daily,
        snapshots: &a.snapshots,
        online: &[],
        demographics: None,
        comments: &[],
        timezone: chrono_tz::UTC,
        today: today(),
    };
    let parsed = parse(question, None, today(), chrono_tz::UTC);
    reply(&parsed, |query: &Query| {
        Ok::<Reply, ()>(answer(query, &data))
    })
    .unwrap()
    .to_plain_text()
}

fn has(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "want {part:?} in:\n{text}");
    }
}

#[test]
fn a_single_weekday_is_the_most_recent_one() {
    // Thursday before Wednesday 18 November: the 12th, reach 10 × 12.
    has(
        &ask("what was my reach on thursday?"),
        &["Thursday (12 Nov 2026)", "Reach (sum of daily reach): 120"],
    );
}

#[test]
fn a_single_date() {
    has(
        &ask("how many likes did i get on 4 march"),
        &["4 Mar 2026", "Likes: 7"],
    );
}

#[test]
fn a_season_is_its_three_months() {
    // 1 June – 31 August: 92 days of reach 100.
    has(
        &ask("what was my reach this summer"),
        &[
            "1 Jun 2026 – 31 Aug 2026",
            "Reach (sum of daily reach): 9,200",
        ],
    );
}

#[test]
fn since_the_first_of_a_month_runs_to_today_across_months() {
    // October: 31 × 50 = 1,550; November 1–17 without the 10th: 10 × (153 − 10) = 1,430.
    // 49 days from 1 October to 18 November; the 10th and today have no figures.
    has(
        &ask("reach since the first of october"),
        &[
            "1 Oct 2026 – 18 Nov 2026",
            "Reach (sum of daily reach): 2,980",
            "47 of 49 days have data",
        ],
    );
}

#[test]
fn in_total_is_everything_pulse_has() {
    // 5 likes on each of 92 + 31 + 16 days, and 7 on 4 March: 695 + 7.
    has(&ask("how many likes did i get in total"), &["Likes: 702"]);
}

#[test]
fn the_day_before_yesterday() {
    has(
        &ask("reach the day before yesterday"),
        &["16 Nov 2026", "Reach (sum of daily reach): 160"],
    );
}

#[test]
fn a_comparison_with_unequal_coverage_compares_daily_means() {
    // This week (16–18 Nov): 160 + 170 = 330 over 2 days with data (today has none yet).
    // Last week (9–15 Nov): 90 + 110 + 120 + 130 + 140 + 150 = 740 over 6 days (no 10th).
    // Per day: 165.0 vs 123.3, +33.8 %. Never 330 vs 740 as −55 %.
    let text = ask("compare my reach this week with last week");
    has(
        &text,
        &[
            "330 (2 days with data)",
            "740 (6 days with data)",
            "Per day: 165.0 vs 123.3",
            "Change per day: +33.8%",
            "compared as daily means",
        ],
    );
    assert!(!text.contains("−55"), "{text}");
}

#[test]
fn the_worst_post_has_the_lowest_engagement_rate_among_posts_with_reach() {
    // Rates: reel 10 %, photo b 5 %, carousel 20 %; photo d has no reach and is left out.
    let text = ask("what was my worst post this month");
    has(&text, &["5.00%", "/p/b/"]);
    assert!(!text.contains("/p/d/") && !text.contains("/p/e/"), "{text}");
}

#[test]
fn a_question_with_two_parts_answers_both() {
    has(
        &ask("how many followers do i have and what was my reach yesterday"),
        &[
            "@shop has 5,000 followers",
            "Reach (sum of daily reach): 170",
        ],
    );
}

#[test]
fn another_account_is_not_answered_with_this_one() {
    let text = ask("how many followers does @nike have");
    has(&text, &["I can't see @nike's figures"]);
    assert!(!text.contains("5,000"), "{text}");
}

#[test]
fn a_platform_that_is_not_linked_is_not_answered_with_instagram() {
    let text = ask("how many views did my tiktok get this week");
    has(&text, &["I can't see TikTok"]);
    assert!(!text.contains("330"), "{text}");
}

#[test]
fn today_without_data_says_so_and_shows_no_zero() {
    let text = ask("what's my reach today");
    has(&text, &["No data yet"]);
    assert!(!text.contains(": 0"), "{text}");
    // Today has a post but no daily figures yet: the overview says so for each figure.
    let overview = ask("stats for today");
    has(
        &overview,
        &[
            "Reach (sum of daily reach): no data yet",
            "Posts published: 1",
        ],
    );
    assert!(!overview.contains(": 0 ("), "{overview}");
}
