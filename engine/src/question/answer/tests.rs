//! Tests of the answers: figures, wording and notes, on small stores of records.

use super::*;
use crate::question::NotUnderstood;
use crate::records::{Backfill, KindRecord};
use chrono::{DateTime, TimeZone, Utc};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn at(d: u32, h: u32) -> DateTime<Utc> {
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
        follows_count: 1,
        media_count: 3,
        status: crate::records::AccountStatus::Active,
        linked_at: at(1, 0),
        token_issued_at: at(1, 0),
        token_expires_at: at(30, 0),
        backfill: Backfill::Done { at: at(23, 12) },
        last_sync_at: Some(at(23, 12)),
        daily_sync_at: Some(at(23, 12)),
        sync_not_before: None,
        granted_permissions: None,
        refresh_expires_at: None,
    }
}

fn post(
    id: &str,
    kind: KindRecord,
    published: DateTime<Utc>,
    likes: u64,
    reach: u64,
    caption: &str,
) -> PostRecord {
    let mut post = crate::fixtures::post_record(id, kind, published, likes, Some(reach));
    post.caption = Some(caption.into());
    post.metrics.views = Some(reach * 2);
    post
}

fn comment(
    id: &str,
    post: &str,
    author: &str,
    text: &str,
    d: u32,
    parent: Option<&str>,
) -> CommentRecord {
    CommentRecord {
        id: id.into(),
        post_id: post.into(),
        parent_id: parent.map(Into::into),
        author_id: Some(format!("id-{author}")),
        author_username: Some(author.into()),
        text: text.into(),
        published_at: at(d, 10),
        like_count: None,
        hidden: false,
    }
}

struct Fixture {
    account: AccountRecord,
    posts: Vec<PostRecord>,
    daily: Vec<DailyRecord>,
    comments: Vec<CommentRecord>,
}

fn fixture() -> Fixture {
    Fixture {
        account: account(),
        // Engagement rates (likes ÷ reach): A reel 20 %, B reel 10 %, C photo 5 %, D photo 15 %.
        posts: vec![
            post(
                "A",
                KindRecord::Reel,
                at(20, 8),
                200,
                1000,
                "morning reel #clay #studio",
            ),
            post(
                "B",
                KindRecord::Reel,
                at(21, 19),
                50,
                500,
                "evening reel #clay",
            ),
            post(
                "C",
                KindRecord::Image,
                at(22, 19),
                10,
                200,
                "photo #clay #studio",
            ),
            post(
                "D",
                KindRecord::Image,
                at(23, 9),
                30,
                200,
                "latest photo #studio",
            ),
        ],
        daily: (17..=22)
            .map(|d| DailyRecord {
                date: day(d),
                reach: Some(100 * u64::from(d - 16)),
                comments: Some(3),
                ..Default::default()
            })
            .collect(),
        comments: vec![
            comment("c1", "D", "ana", "how much?", 23, None),
            comment("c2", "D", "ben", "love it", 23, None),
            comment("c3", "D", "ana", "is this still available?", 22, None),
            comment("c4", "D", "shop", "DM'd you!", 23, Some("c3")),
            comment("c5", "C", "ana", "price pls", 10, None),
            comment("c6", "C", "cleo", "how much I love this", 22, None),
        ]
        .into_iter()
        .sorted_oldest_first(),
    }
}

trait OldestFirst {
    fn sorted_oldest_first(self) -> Vec<CommentRecord>;
}

impl<I: Iterator<Item = CommentRecord>> OldestFirst for I {
    fn sorted_oldest_first(self) -> Vec<CommentRecord> {
        let mut comments: Vec<CommentRecord> = self.collect();
        comments.sort_by_key(|c| c.published_at);
        comments
    }
}

fn ask(fixture: &Fixture, question: &str) -> String {
    ask_with(fixture, question, &[], &[], None)
}

fn ask_with(
    fixture: &Fixture,
    question: &str,
    snapshots: &[FollowerSnapshotRecord],
    online: &[OnlineFollowersRecord],
    demographics: Option<&DemographicsRecord>,
) -> String {
    let data = AnswerData {
        account: &fixture.account,
        posts: &fixture.posts,
        daily: &fixture.daily,
        snapshots,
        online,
        demographics,
        comments: &fixture.comments,
        timezone: chrono_tz::UTC,
        today: day(23),
    };
    match super::super::parse(question, None, data.today, data.timezone) {
        super::super::Parsed::Understood { queries, .. } => {
            answer(&queries[0], &data).to_plain_text()
        }
        _ => not_understood(&NotUnderstood { off_topic: true }).to_plain_text(),
    }
}

#[test]
fn answers_worked_out_by_hand() {
    let f = fixture();
    // Reels: (200 + 50) / (1000 + 500) = 16.67 % over 2; photos: (10 + 30) / 400 = 10 %.
    let types = ask(&f, "do reels or photos perform better in the last 7 days?");
    assert!(
        types.contains("Reels: 16.67% (2 posts)") && types.contains("Photos: 10.00% (2 posts)"),
        "{types}"
    );
    assert!(
        types.contains("Best: Reels, at 16.67% (2 posts)"),
        "{types}"
    );
    // Sum of daily reach over 17–23 Nov: 100 + … + 600 = 2,100 over 6 of 7 days.
    let reach = ask(&f, "what was my reach in the last 7 days?");
    assert!(
        reach.contains("Reach (sum of daily reach): 2,100")
            && reach.contains("6 of 7 days have data"),
        "{reach}"
    );
    // Views of reels published this week: A 2,000 + B 1,000.
    let views = ask(&f, "how many views did my reels get in the last 7 days?");
    assert!(
        views.contains("Total views: 3,000") && views.contains("Reels published: 2"),
        "{views}"
    );
    // Hashtags in ≥3 posts: #clay (A 20 %, B 10 %, C 5 % → 11.67 %), #studio (A, C, D → 13.33 %).
    let tags = ask(&f, "which hashtags work best this month?");
    let studio = tags.find("#studio · 13.33%").expect("#studio first");
    let clay = tags.find("#clay · 11.67%").expect("#clay second");
    assert!(studio < clay, "{tags}");
    // Mornings (A, D): 230 / 1,200 = 19.17 %; evenings (B, C): 60 / 700 = 8.57 %.
    let parts = ask(
        &f,
        "does posting in the morning work better than in the evening this month?",
    );
    assert!(
        parts.contains("Morning (05–12): 19.17% (2 posts)")
            && parts.contains("Evening (17–22): 8.57% (2 posts)"),
        "{parts}"
    );
}

#[test]
fn fans_leads_and_the_latest_post() {
    let f = fixture();
    let fans = ask(&f, "who comments the most?");
    assert!(fans.contains("1. @ana · 3 comments"), "{fans}");
    assert!(
        !fans.contains(". @shop"),
        "the account's own replies are not fans: {fans}"
    );
    // Leads this week: "how much?" (c1); c3 was answered by the shop; c6 is a near miss;
    // c5 is older than the week.
    let leads = ask(&f, "any potential buyers in the comments this week?");
    assert!(
        leads.contains("@ana") && leads.contains("“how much?”"),
        "{leads}"
    );
    assert!(
        !leads.contains("available")
            && !leads.contains("love this")
            && !leads.contains("price pls"),
        "{leads}"
    );
    let saying = ask(&f, "what are people saying about my latest post?");
    assert!(
        saying.contains("> @ana: how much?") && saying.contains("> @ben: love it"),
        "{saying}"
    );
    assert!(
        !saying.contains("DM'd you"),
        "the account's own reply is not what people say"
    );
    let who = ask(&f, "who commented on my latest post?");
    assert!(
        who.contains("2 people commented (3 comments): @ana, @ben")
            || who.contains("2 people commented (3 comments): @ben, @ana"),
        "{who}"
    );
}

#[test]
fn a_change_asked_in_a_question_points_at_the_commands_and_shows_no_figures() {
    for asked in [
        "please delete the rude comment under my last post",
        "can you reply to my comments for me",
    ] {
        let parsed = crate::question::parse(asked, None, day(23), chrono_tz::UTC);
        let told = reply(&parsed, |_| Err("a figure was answered"))
            .expect("no figure is answered")
            .to_plain_text();
        assert!(
            told.contains("/hide") && told.contains("/reply") && told.contains("Send"),
            "{asked}: {told}"
        );
    }
}

#[test]
fn the_latest_post_shows_the_followers_it_brought() {
    let mut f = fixture();
    // D, the newest post, brought 4 follows.
    f.posts[3].metrics.follows = Some(4);
    let brought = ask(&f, "how many followers did my last post bring in?");
    assert!(brought.contains("your latest photo"), "{brought}");
    assert!(
        brought.contains("Follows") && brought.contains('4'),
        "{brought}"
    );
}

#[test]
fn counts_means_comparisons_and_trends_by_hand() {
    let f = fixture();
    // Posts published 17–23 Nov: A, B (reels), C, D (photos).
    let count = ask(&f, "how many posts did i publish in the last 7 days?");
    assert!(
        count.contains("You published 4 posts (2 photos, 2 reels)."),
        "{count}"
    );
    // Mean likes: (200 + 50 + 10 + 30) / 4 = 72.5.
    let mean = ask(&f, "average likes per post in the last 7 days");
    assert!(
        mean.contains("Average likes per post: 72.5") && mean.contains("Posts counted: 4"),
        "{mean}"
    );
    // Reach 20–22 Nov (400 + 500 + 600 = 1,500) vs 17–19 Nov (100 + 200 + 300 = 600): +150 %.
    let compare = ask(
        &f,
        "compare reach between 2026-11-20 and 2026-11-22 vs between 2026-11-17 and 2026-11-19",
    );
    assert!(
        compare.contains(": 1,500 (3 days with data)")
            && compare.contains(": 600 (3 days with data)"),
        "{compare}"
    );
    assert!(compare.contains("Change: +150.0%"), "{compare}");
    // Daily reach 100, 200, …, 600 over 17–22 Nov: +100 a day; fitted change 500 over a
    // mean of 350 = +143 %.
    let trend = ask(&f, "is my reach trending up in the last 7 days?");
    assert!(
        trend
            .contains("Trending up: about +143% over the period (+100 a day), fitted over 6 days."),
        "{trend}"
    );
}

#[test]
fn growth_weekdays_best_time_and_audience_by_hand() {
    let f = fixture();
    let snapshot = |d: u32, followers: u64| FollowerSnapshotRecord {
        date: day(d),
        followers,
        taken_at: at(d, 9),
    };
    let snapshots = [snapshot(15, 990), snapshot(20, 1000), snapshot(23, 1012)];
    // Last 7 days (17–23): the last snapshot before the 17th is the 15th: 1,012 − 990 = +22.
    let growth = ask_with(
        &f,
        "how many followers did i gain in the last 7 days",
        &snapshots,
        &[],
        None,
    );
    assert!(
        growth.contains("Change: +22 (15 Nov → 23 Nov)") && growth.contains("Followers now: 1,012"),
        "{growth}"
    );
    // The change as a share of the count it started at: 22 / 990.
    assert!(
        growth.contains("Change in percent: +2.22% of the 990 on 15 Nov"),
        "{growth}"
    );
    // Monday 23 Nov: "this week" began today. With only today's snapshot there is no change
    // to tell, and the count now is said as a count, never as a change of 0.
    let monday = ask_with(
        &f,
        "follower growth this week",
        &[snapshot(23, 1012)],
        &[],
        None,
    );
    assert!(
        monday.contains("this period began today")
            && monday.contains("Followers now: 1,012")
            && !monday.contains("Change"),
        "{monday}"
    );
    // With yesterday's snapshot the change of the week so far is told.
    let monday = ask_with(
        &f,
        "follower growth this week",
        &[snapshot(22, 1005), snapshot(23, 1012)],
        &[],
        None,
    );
    assert!(monday.contains("Change: +7 (22 Nov → 23 Nov)"), "{monday}");
    // Weekdays: A Fri 20 %, B Sat 10 %, C Sun 5 %, D Mon 15 % → Friday best.
    let weekdays = ask(&f, "which day of the week is best this month?");
    assert!(
        weekdays.contains("Best: Friday, at 20.00% (1 post) (few posts: a weak signal)."),
        "{weekdays}"
    );
    // Online followers at 19:00 UTC: (500 + 700) / 2 = 600 on average; 08:00: 300.
    let online = [
        OnlineFollowersRecord {
            date: day(21),
            by_hour: vec![(8, 300), (19, 500)],
        },
        OnlineFollowersRecord {
            date: day(22),
            by_hour: vec![(8, 300), (19, 700)],
        },
    ];
    let when = ask_with(&f, "when are my followers online?", &[], &online, None);
    assert!(
        when.contains("1. 19:00–20:00 · 600 followers online on average"),
        "{when}"
    );
    let best = ask_with(&f, "what's the best time to post?", &[], &online, None);
    assert!(
        best.contains("Followers most online: 19:00–20:00"),
        "{best}"
    );
    // Audience: 25-34 is 500 of 1,000 with a known age = 50 %.
    let demographics = DemographicsRecord {
        ages: vec![
            ("25-34".into(), 500),
            ("18-24".into(), 300),
            ("35-44".into(), 200),
        ],
        countries: vec![("GB".into(), 600), ("US".into(), 400)],
        cities: vec![("London, England".into(), 300)],
        genders: vec![("F".into(), 700), ("M".into(), 300)],
        fetched_at: at(23, 9),
    };
    let ages = ask_with(
        &f,
        "what age group are most of my followers?",
        &[],
        &[],
        Some(&demographics),
    );
    assert!(
        ages.contains("Most of your followers are 25-34: 50.00%"),
        "{ages}"
    );
    let places = ask_with(
        &f,
        "where are my followers from?",
        &[],
        &[],
        Some(&demographics),
    );
    assert!(
        places.contains("GB: 600 (60.00%)") && places.contains("London, England: 300 (100.00%)"),
        "{places}"
    );
}

#[test]
fn recommendations_come_from_the_accounts_own_numbers() {
    let mut f = fixture();
    // Three more reels so that reels form a group of at least 3 (rates 20 %, 10 %, 30 %…).
    for (i, d) in [(1, 10), (2, 11), (3, 12)] {
        f.posts.push(post(
            &format!("R{i}"),
            KindRecord::Reel,
            at(d, 19),
            300,
            1000,
            "#clay reel",
        ));
    }
    let advice = ask(&f, "what should i post next?");
    // Reels: (200 + 50 + 900) / (1000 + 500 + 3000) = 25.56 % over 5 posts.
    assert!(
        advice.contains("A reel: reels had the best engagement rate, 25.56% over 5 posts."),
        "{advice}"
    );
    assert!(advice.contains("Learned from your 7 posts of"), "{advice}");
}

#[test]
fn no_data_is_said_and_never_made_up() {
    let f = fixture();
    for question in [
        "how many views did my reels get in 2020?",
        "what was my reach in 2020?",
        "which hashtags work best in 2020?",
    ] {
        let text = ask(&f, question);
        assert!(text.contains("Pulse has no"), "{question}: {text}");
    }
    let weather = ask(&f, "what's the weather tomorrow?");
    assert!(
        weather.contains("I answer questions about your Instagram account"),
        "{weather}"
    );
    assert!(
        weather.contains("1. Which post had the most saves last month"),
        "{weather}"
    );
}
