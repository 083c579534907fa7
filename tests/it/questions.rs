//! Questions and follow-ups end to end: Telegram (the real teloxide client against the fake
//! Bot API) asks, Pulse answers from what it synced from the sandbox, and each follow-up
//! refines the previous question. The expected figures come from the sandbox's own data.

use chrono::{Datelike, Months, NaiveDate};
use connectors::sandbox::{PostKind, SandboxAccount, SandboxPost};
use pulse_tests::fake_telegram::FakeTelegram;
use pulse_tests::{grouped, spawn_app_with_telegram, TestApp};

const BEA: i64 = 777_101;

/// The first and last day of the calendar month `back` months before `today`'s.
fn month_before(today: NaiveDate, back: u32) -> (NaiveDate, NaiveDate) {
    let first = today.with_day(1).unwrap() - Months::new(back);
    let last = first + Months::new(1) - chrono::Days::new(1);
    (first, last)
}

fn total(
    posts: &[SandboxPost],
    kind: PostKind,
    (first, last): (NaiveDate, NaiveDate),
    value: impl Fn(&SandboxPost) -> u64,
) -> (u64, usize) {
    let chosen: Vec<&SandboxPost> = posts
        .iter()
        .filter(|p| p.kind == kind && (first..=last).contains(&p.timestamp.date_naive()))
        .collect();
    (chosen.iter().map(|p| value(p)).sum(), chosen.len())
}

/// Bea's account linked through Telegram, its sandbox account, and the two months before
/// this one.
async fn bea_linked() -> (
    FakeTelegram,
    TestApp,
    SandboxAccount,
    [(NaiveDate, NaiveDate); 2],
) {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    pulse_tests::link_through_telegram(&telegram, BEA, BEA).await;
    let account = app.account().clone();
    let today = app.today();
    let months = [month_before(today, 1), month_before(today, 2)];
    (telegram, app, account, months)
}

#[tokio::test]
async fn a_question_and_three_follow_ups_are_each_answered_with_the_refined_figures() {
    let (telegram, _app, account, [last_month, month_before_that]) = bea_linked().await;
    let likes = |p: &SandboxPost| p.insights.likes;
    let saves = |p: &SandboxPost| p.insights.saved;

    // The question, then "and the month before?", "only carousels", "same but by saves".
    let steps: [(&str, &str, (u64, usize)); 4] = [
        (
            "how many likes did my reels get last month?",
            "Reels published",
            total(&account.posts, PostKind::Reel, last_month, likes),
        ),
        (
            "and the month before?",
            "Reels published",
            total(&account.posts, PostKind::Reel, month_before_that, likes),
        ),
        (
            "only carousels",
            "Carousels published",
            total(&account.posts, PostKind::Carousel, month_before_that, likes),
        ),
        (
            "same but by saves",
            "Carousels published",
            total(&account.posts, PostKind::Carousel, month_before_that, saves),
        ),
    ];
    let mut seen = 0;
    for (question, published, (sum, count)) in steps {
        assert!(count > 0, "the sandbox has posts for {question:?}");
        telegram.user_says(BEA, BEA, question);
        let answer = telegram
            .wait_for_text_after(BEA, seen, published)
            .await
            .unwrap_or_else(|| panic!("an answer to {question:?}"));
        seen = telegram.texts_to(BEA).len();
        let text = answer.body["text"].as_str().unwrap();
        let figure = if question.contains("saves") {
            "Total saves"
        } else {
            "Total likes"
        };
        assert!(
            text.contains(&format!("{figure}: <b>{}</b>", grouped(sum))),
            "{question}: want {figure} {sum}:\n{text}"
        );
        assert!(
            text.contains(&format!("{published}: <b>{count}</b>")),
            "{question}: want {count} posts:\n{text}"
        );
    }
    // The periods are named as dates.
    let texts = telegram.texts_to(BEA);
    let last = texts.last().unwrap();
    assert!(
        last.contains(&month_before_that.0.format("%-d %b %Y").to_string()),
        "{last}"
    );
}

#[tokio::test]
async fn which_of_the_two_compares_the_two_months_the_chat_just_asked_about() {
    let (telegram, _app, account, [last_month, month_before_that]) = bea_linked().await;
    let likes = |p: &SandboxPost| p.insights.likes;
    let (later, _) = total(&account.posts, PostKind::Reel, last_month, likes);
    let (sooner, _) = total(&account.posts, PostKind::Reel, month_before_that, likes);

    let mut seen = 0;
    for question in [
        "how many likes did my reels get last month?",
        "and the month before?",
    ] {
        telegram.user_says(BEA, BEA, question);
        telegram
            .wait_for_text_after(BEA, seen, "Reels published")
            .await
            .unwrap_or_else(|| panic!("an answer to {question:?}"));
        seen = telegram.texts_to(BEA).len();
    }
    // Neither month is named again: the two just asked about, the later first.
    telegram.user_says(BEA, BEA, "so which of the two was better?");
    let answer = telegram
        .wait_for_text_after(BEA, seen, "Change")
        .await
        .expect("a comparison");
    let text = answer.body["text"].as_str().unwrap();
    let day = |date: NaiveDate| date.format("%-d %b %Y").to_string();
    let (at_later, at_sooner) = (
        text.find(&day(last_month.0)),
        text.find(&day(month_before_that.0)),
    );
    assert!(
        matches!((at_later, at_sooner), (Some(a), Some(b)) if a < b),
        "last month, then the month before:\n{text}"
    );
    for sum in [later, sooner] {
        assert!(text.contains(&grouped(sum)), "want {sum}:\n{text}");
    }
}
