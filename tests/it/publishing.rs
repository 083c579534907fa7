//! Files to post, end to end through each front end: Telegram (a private chat's photo, an
//! album, a file too big for the Bot API, `/post` replying to a photo in a group), Discord
//! (`/post` with attachments, then Post now: the sandbox holds the carousel) and the console
//! (`/attach`). The files reach the engine as they were sent — its answer is the new post's
//! card, never the text-only hint.

use std::time::Duration;

use engine::chat::{ChatId, Platform};
use pulse_tests::fake_discord::{post_interaction, FakeDiscord, Signer25519, GUILD_ID};
use pulse_tests::fake_telegram::{Call, FakeTelegram};
use pulse_tests::{link_through_telegram, spawn_app, spawn_app_with_telegram};

use crate::discord::{app_with_discord, post};

const ANA: i64 = 777_301;
const MB: u64 = 1024 * 1024;

/// What the engine answers the files it was handed: a new post.
const NEW_POST: &str = "New post";

/// A real photo (a 1080 × 1350 PNG), told apart by `seed`.
fn photo_bytes(seed: u8) -> Vec<u8> {
    pulse_tests::png_photo(1080, 1350, seed)
}

fn text(call: &Call) -> &str {
    call.body["text"].as_str().unwrap_or_default()
}

/// Waits for the engine's answer to files, in `chat`.
async fn answer_to_files(telegram: &FakeTelegram, chat: i64) -> String {
    let call = telegram
        .wait_for(Duration::from_secs(30), |c| {
            c.method == "sendmessage" && c.chat_id() == chat && text(c).contains(NEW_POST)
        })
        .await
        .unwrap_or_else(|| panic!("an answer to the files: {:#?}", telegram.texts_to(chat)));
    text(&call).to_owned()
}

#[tokio::test]
async fn a_photo_in_a_private_chat_reaches_the_engine_in_its_largest_size() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    link_through_telegram(&telegram, ANA, ANA).await;
    app.allow_publishing();
    for (file_id, seed) in [("p-small", 1), ("p-medium", 2), ("p-large", 3)] {
        telegram.put_file(file_id, photo_bytes(seed));
    }
    telegram.user_sends(
        ANA,
        ANA,
        FakeTelegram::photo_of(
            &[
                ("p-small", 90, 2_004),
                ("p-large", 1080, 2_004),
                ("p-medium", 320, 2_004),
            ],
            Some("Summer sale"),
            None,
        ),
    );
    let answer = answer_to_files(&telegram, ANA).await;
    assert!(
        !answer.contains("File 1 of"),
        "one file, not a carousel: {answer}"
    );
    assert_eq!(telegram.files_asked(), ["p-large"], "getFile, largest size");
    assert_eq!(telegram.files_downloaded(), ["p-large"]);
    assert!(
        !telegram
            .texts_to(ANA)
            .iter()
            .any(|t| t.starts_with("I only read text")),
        "{:#?}",
        telegram.texts_to(ANA)
    );
    app.stop().await;
}

#[tokio::test]
async fn an_album_of_three_reaches_the_engine_as_one_message() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    link_through_telegram(&telegram, ANA, ANA).await;
    app.allow_publishing();
    let before = telegram.texts_to(ANA).len();
    for (index, file_id) in ["a-1", "a-2", "a-3"].iter().enumerate() {
        telegram.put_file(file_id, photo_bytes(index as u8));
        let caption = (index == 1).then_some("Three looks");
        telegram.user_sends(
            ANA,
            ANA,
            FakeTelegram::photo_of(&[(file_id, 1080, 2_004)], caption, Some("album-7")),
        );
    }
    let answer = answer_to_files(&telegram, ANA).await;
    assert!(
        answer.contains("a carousel of 3 photos"),
        "the three files came together: {answer}"
    );
    // Nothing more comes for the album.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let after: Vec<String> = telegram.texts_to(ANA).split_off(before);
    assert_eq!(after.len(), 1, "one answer: {after:#?}");
    assert_eq!(
        telegram.files_downloaded(),
        ["a-1", "a-2", "a-3"],
        "in order"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_file_over_20_mb_is_not_fetched_and_the_chat_is_told() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    link_through_telegram(&telegram, ANA, ANA).await;
    app.allow_publishing();
    telegram.user_sends(ANA, ANA, FakeTelegram::video("v-huge", 45 * MB, None, None));
    let told = telegram
        .wait_for_text(ANA, "This file is 45 MB")
        .await
        .expect("the chat is told");
    assert!(
        text(&told).contains(
            "This file is 45 MB; Telegram lets bots fetch at most 20 MB. Send a smaller one, or post from the console with /attach."
        ),
        "{}",
        text(&told)
    );
    assert!(telegram.files_asked().is_empty());
    assert!(telegram.files_downloaded().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn in_a_group_only_post_fetches_and_a_post_reply_takes_the_replied_photo() {
    let telegram = FakeTelegram::start().await;
    let app = spawn_app_with_telegram(&telegram).await;
    let group = -100_301;
    telegram.make_admin(group, ANA);
    link_through_telegram(&telegram, group, ANA).await;
    app.allow_publishing();
    telegram.put_file("g-chatter", photo_bytes(1));
    telegram.put_file("g-photo", photo_bytes(2));
    // A photo shared in the group is not Pulse's.
    telegram.user_sends(
        group,
        ANA,
        FakeTelegram::photo_of(&[("g-chatter", 1080, 2_004)], Some("lunch"), None),
    );
    // `/post` replying to a photo posts that photo.
    telegram.user_says_replying_to(
        group,
        ANA,
        "/post Fresh drop",
        FakeTelegram::photo_of(&[("g-photo", 1080, 2_004)], None, None),
    );
    answer_to_files(&telegram, group).await;
    assert_eq!(telegram.files_downloaded(), ["g-photo"]);
    app.stop().await;
}

#[tokio::test]
async fn discord_post_downloads_both_attachments_in_order() {
    let discord = FakeDiscord::start().await;
    let signer = Signer25519::new(7);
    let app = app_with_discord(&discord, &signer).await;
    app.link_account_in(&ChatId::new(Platform::Discord, GUILD_ID))
        .await;
    app.allow_publishing();
    let first = discord.put_attachment("one.jpg", photo_bytes(1));
    let second = discord.put_attachment("two.jpg", photo_bytes(2));
    let (status, deferred) = post(
        &app,
        &signer,
        &post_interaction(
            Some("Two looks"),
            &[("one.jpg", &first, 2_004), ("two.jpg", &second, 2_004)],
            "32",
            "token-post",
        ),
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_eq!(deferred["type"], 5, "deferred: {deferred}");
    let edited = discord
        .wait_for(|c| c.method == "PATCH" && c.path.contains("token-post"))
        .await
        .expect("the answer edited in");
    let shown = edited.body.to_string();
    assert!(
        shown.contains(NEW_POST) && shown.contains("a carousel of 2 photos"),
        "both files came: {shown}"
    );
    assert_eq!(discord.attachments_downloaded(), ["one.jpg", "two.jpg"]);
    // Post now, pressed under the card: the carousel goes to Instagram once.
    let publish = edited.body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .filter_map(|button| button["custom_id"].as_str())
        .find(|id| id.starts_with("/publish "))
        .unwrap_or_else(|| panic!("a Post now button: {shown}"))
        .to_owned();
    app.clock.start_running();
    let (status, _) = post(
        &app,
        &signer,
        &pulse_tests::fake_discord::component_interaction(&publish, "32", "token-publish"),
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let mut published = Vec::new();
    for _ in 0..300 {
        published = app.sandbox.published();
        if !published.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(published.len(), 1, "published once");
    assert_eq!(published[0].children, 2);
    assert_eq!(published[0].caption.as_deref(), Some("Two looks"));
    assert_eq!(app.sandbox.publish_calls(), 1);
    app.stop().await;
}

/// Runs the console on `input` and returns what it printed.
async fn console(app: &pulse_tests::TestApp, input: &str) -> String {
    let (writer, mut reader) = tokio::io::duplex(1024 * 1024);
    let output = std::sync::Arc::new(bot::console::ConsoleOutput::new(Box::new(writer)));
    bot::console::run(
        app.state.clone(),
        input.as_bytes(),
        output.clone(),
        bot::console::ConsoleOptions {
            echo: false,
            follow_links: false,
            sync_wait: Duration::from_secs(1),
        },
    )
    .await
    .expect("the console runs");
    drop(output);
    let mut printed = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut reader, &mut printed)
        .await
        .expect("the output reads");
    printed
}

#[tokio::test]
async fn console_attach_reads_the_file_or_says_it_is_missing() {
    let app = spawn_app().await;
    app.link_account().await;
    app.allow_publishing();
    let directory = tempfile::tempdir().expect("a directory");
    let missing = directory.path().join("missing.jpg");
    let printed = console(&app, &format!("/attach {} Sale\n", missing.display())).await;
    assert!(
        printed.contains(&format!("There is no file at {}.", missing.display())),
        "{printed}"
    );
    let photo = directory.path().join("photo.jpg");
    std::fs::write(&photo, photo_bytes(4)).expect("a file");
    let printed = console(&app, &format!("/attach {} Sale\n", photo.display())).await;
    assert!(
        printed.contains(NEW_POST) && printed.contains("a photo, caption “Sale”"),
        "{printed}"
    );
    let printed = console(&app, "/help\n").await;
    assert!(printed.contains("/attach <path> [caption]"), "{printed}");
    app.stop().await;
}
