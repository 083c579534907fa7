//! A post from the chat to Instagram, end to end: an album sent to Pulse on Telegram, the
//! Best time button pressed, the clock moved to that time, and then the sandbox Instagram —
//! which fetches the files from Pulse's own `/media/` URLs like Meta's crawler — holds
//! exactly one carousel with the caption, the chat gets its link, and an hour later the
//! first-hour note (the first status read of each container answering Meta's 100/33 on
//! the way). Also: a file Instagram cannot fetch fails the post with Retry and
//! publishes nothing, and a `media_publish` whose answer is lost is confirmed, not repeated.

use std::time::Duration;

use pulse_tests::fake_telegram::{Call, FakeTelegram};
use pulse_tests::{link_through_telegram, png_photo, spawn_app_with_telegram, TestApp};

const ANA: i64 = 777_401;

fn callbacks(call: &Call) -> Vec<String> {
    call.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .filter_map(|button| button["callback_data"].as_str().map(str::to_owned))
        .collect()
}

/// Sends `photos` as one album with `caption`; the new post's card.
async fn send_album(telegram: &FakeTelegram, photos: usize, caption: &str) -> Call {
    for n in 0..photos {
        let file_id = format!("album-{n}");
        telegram.put_file(&file_id, png_photo(1080, 1350, n as u8 * 40));
        let first = (n == 0).then_some(caption);
        telegram.user_sends(
            ANA,
            ANA,
            FakeTelegram::photo_of(&[(&file_id, 1080, 30_000)], first, Some("album-1")),
        );
    }
    telegram
        .wait_for_text(ANA, "New post p")
        .await
        .unwrap_or_else(|| panic!("a new post: {:#?}", telegram.texts_to(ANA)))
}

/// Moves the app's clock to `at`, lets it run, and wakes the publishing runner.
fn move_clock_to(app: &TestApp, at: chrono::DateTime<chrono::Utc>) {
    app.clock.set(at);
    app.clock.start_running();
    app.state.publisher_wake.notify_one();
}

#[tokio::test]
async fn an_album_scheduled_at_the_best_time_is_published_once_with_its_link_and_first_hour() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    link_through_telegram(&telegram, ANA, ANA).await;
    let card = send_album(&telegram, 3, "Linen shirts are back").await;
    let text = card.body["text"].as_str().unwrap_or_default().to_owned();
    assert!(
        text.contains("a carousel of 3 photos") && text.contains("Linen shirts are back"),
        "{text}"
    );
    let best = callbacks(&card)
        .into_iter()
        .find(|data| data.ends_with(" best"))
        .unwrap_or_else(|| panic!("a Best time button: {:#?}", card.body));
    telegram.user_presses(ANA, ANA, 60, &best);
    telegram
        .wait_for_text(ANA, "Scheduled: post")
        .await
        .expect("scheduled");
    let due = app
        .state
        .pulse
        .next_publication_at()
        .unwrap()
        .expect("a post is due later");
    assert!(due > app.clock.now());
    assert!(
        app.sandbox.published().is_empty(),
        "nothing before its time"
    );

    // Meta's fault on fresh containers: the first read of each answers 100/33.
    app.sandbox.fresh_containers_unreadable(1);
    move_clock_to(&app, due);
    let published = telegram
        .wait_for(Duration::from_secs(60), |call| {
            call.chat_id() == ANA
                && call.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("Published on Instagram: "))
        })
        .await
        .unwrap_or_else(|| panic!("published: {:#?}", telegram.texts_to(ANA)));
    let posts = app.sandbox.published();
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0].children, 3);
    assert_eq!(posts[0].caption.as_deref(), Some("Linen shirts are back"));
    assert_eq!(app.sandbox.publish_calls(), 1);
    let link = published.body["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        link.contains(&posts[0].media_id) || link.contains("instagram"),
        "{link}"
    );
    // Instagram fetched each file from Pulse, as JPEG; now they are gone.
    let fetches = app.sandbox.media_fetches();
    assert_eq!(fetches.len(), 3, "{fetches:?}");
    for fetch in &fetches {
        assert!(
            fetch.url.starts_with(&format!("{}/media/", app.base_url)),
            "{}",
            fetch.url
        );
        assert_eq!(fetch.status, Some(200));
        assert_eq!(fetch.content_type.as_deref(), Some("image/jpeg"));
        let (status, _) = app.status_and_text(fetch.url.clone()).await;
        assert_eq!(status, 404, "no longer served");
    }

    // An hour later: the first-hour note.
    move_clock_to(&app, due + chrono::Duration::minutes(61));
    let note = telegram
        .wait_for(Duration::from_secs(60), |call| {
            call.chat_id() == ANA
                && call.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("in its first hour"))
        })
        .await
        .unwrap_or_else(|| panic!("a first-hour note: {:#?}", telegram.texts_to(ANA)));
    assert!(note.body["text"].as_str().unwrap().contains("reached "));
    assert_eq!(app.sandbox.published().len(), 1, "still one post");
    app.stop().await;
}

/// The card's post id (`p…`).
fn post_id(card: &Call) -> String {
    let text = card.body["text"].as_str().unwrap_or_default();
    text.split_whitespace()
        .find(|word| word.starts_with('p') && word.len() == 7)
        .unwrap_or_else(|| panic!("a post id in {text}"))
        .to_owned()
}

#[tokio::test]
async fn a_file_instagram_cannot_fetch_fails_the_post_with_retry_and_publishes_nothing() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    link_through_telegram(&telegram, ANA, ANA).await;
    app.clock.start_running();
    let card = send_album(&telegram, 2, "Gone before it went").await;
    let id = post_id(&card);
    // The second file goes missing on Pulse's side before Instagram fetches it.
    let records = app.state.pulse.records();
    let account = app.account_id();
    let post = records
        .publication(&account, &id)
        .unwrap()
        .expect("the draft");
    let mut batch = engine::store::Batch::new();
    engine::records::Records::batch_remove_publication_media(
        &mut batch,
        &account,
        &post.items[1].id,
    );
    records.store().apply(&batch).unwrap();

    telegram.user_says(ANA, ANA, &format!("/publish {id}"));
    let failed = telegram
        .wait_for(Duration::from_secs(60), |call| {
            call.chat_id() == ANA
                && call.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("was not published"))
        })
        .await
        .unwrap_or_else(|| panic!("a failure: {:#?}", telegram.texts_to(ANA)));
    let text = failed.body["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("could not fetch the file from Pulse"),
        "{text}"
    );
    assert_eq!(callbacks(&failed), [format!("/retry {id}")]);
    assert!(app.sandbox.published().is_empty());
    assert_eq!(app.sandbox.publish_calls(), 0, "media_publish never called");
    let statuses: Vec<Option<u16>> = app
        .sandbox
        .media_fetches()
        .iter()
        .map(|f| f.status)
        .collect();
    assert!(statuses.contains(&Some(404)), "{statuses:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_lost_media_publish_answer_is_confirmed_from_the_container_not_sent_again() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    link_through_telegram(&telegram, ANA, ANA).await;
    app.clock.start_running();
    app.sandbox.publish_times_out_after_publishing(1);
    telegram.put_file("one", png_photo(1080, 1080, 7));
    telegram.user_sends(
        ANA,
        ANA,
        FakeTelegram::photo_of(&[("one", 1080, 30_000)], Some("Just one"), None),
    );
    let card = telegram
        .wait_for_text(ANA, "New post p")
        .await
        .expect("a card");
    let id = post_id(&card);
    telegram.user_says(ANA, ANA, &format!("/publish {id}"));
    telegram
        .wait_for_text(ANA, "did not confirm")
        .await
        .expect("the chat is told it is unconfirmed");
    // Reconciled by reading the container: Pulse checks again after half a minute.
    app.clock
        .set(app.clock.now() + chrono::Duration::minutes(1));
    app.state.publisher_wake.notify_one();
    telegram
        .wait_for(Duration::from_secs(60), |call| {
            call.chat_id() == ANA
                && call.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains(&format!("confirmed post {id}")))
        })
        .await
        .unwrap_or_else(|| panic!("confirmed: {:#?}", telegram.texts_to(ANA)));
    assert_eq!(app.sandbox.published().len(), 1);
    assert_eq!(app.sandbox.publish_calls(), 1, "never sent again");
    app.stop().await;
}

#[tokio::test]
async fn a_restart_while_instagram_processes_the_post_neither_loses_it_nor_posts_it_twice() {
    use engine::inbound::{Inbound, Input, MediaFile};
    let app = pulse_tests::spawn_app_with(
        // Long enough that the app stops while the container is IN_PROGRESS.
        |sandbox| sandbox.container_processing = Duration::from_secs(3),
        pulse_tests::TestOptions::default(),
    )
    .await;
    let chat = bot::console::console_chat();
    app.link_account_in(&chat).await;
    app.clock.start_running();
    let photo = Inbound {
        private: true,
        media: vec![MediaFile {
            name: Some("shop.png".into()),
            bytes: png_photo(1080, 1350, 3),
        }],
        attachments: 1,
        ..Inbound::new(
            chat.clone(),
            engine::chat::UserId::new(engine::chat::Platform::Console, "you"),
            Input::Text("Restocked".into()),
        )
    };
    let card = bot::frontend::answer(&app.state, photo)
        .await
        .to_plain_text();
    let id = card
        .split_whitespace()
        .find(|word| word.starts_with('p') && word.len() == 7)
        .unwrap_or_else(|| panic!("a new post: {card}"))
        .to_owned();
    app.say_in(&chat, &format!("/publish {id}")).await;
    app.state.publisher_wake.notify_one();
    // Stopped once the container is made, before Instagram has finished with it.
    for _ in 0..200 {
        if !app.sandbox.media_fetches().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        app.sandbox.media_fetches().len(),
        1,
        "the container was made"
    );
    assert!(app.sandbox.published().is_empty());
    let app = app.restart().await;
    // The new process takes the post over once the old claim's lease has run out.
    app.clock
        .set(app.clock.now() + chrono::Duration::minutes(6));
    app.state.publisher_wake.notify_one();
    let account = app.account_of(&chat).expect("linked");
    let mut live = false;
    for _ in 0..600 {
        let state = app
            .state
            .pulse
            .records()
            .publication(&account, &id)
            .unwrap()
            .map(|record| record.state);
        if matches!(
            state,
            Some(engine::records::PublicationState::Published { .. })
        ) {
            live = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(live, "published after the restart");
    assert_eq!(app.sandbox.published().len(), 1, "once");
    assert_eq!(app.sandbox.publish_calls(), 1);
    assert_eq!(
        app.sandbox.media_fetches().len(),
        1,
        "the saved container was reused, not made again"
    );
    app.stop().await;
}
