//! Composing a post from the chat's side: photos sent in a private chat become a draft with
//! its choices and are stored sealed as JPEG; a photo of the wrong shape is kept with Pad
//! or Crop; what cannot be read is refused; a link without the publishing permission is
//! told; Schedule… asks for the time; `/export` carries a waiting post's files.

use super::publishing::{draft, publishing_setup, pulse_over, FakePublishing};
use super::*;

/// A PNG of `width` × `height`, as a phone might send it.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn with_files(text: &str, files: Vec<Vec<u8>>) -> Inbound {
    let mut inbound = message("a", text);
    inbound.media = files
        .into_iter()
        .map(|bytes| crate::inbound::MediaFile { name: None, bytes })
        .collect();
    inbound.attachments = inbound.media.len();
    inbound
}

#[tokio::test]
async fn photos_sent_in_a_private_chat_become_a_draft_with_its_choices() {
    let (setup, vault) = publishing_setup().await;
    let pulse = pulse_over(&setup, &vault, &FakePublishing::new());
    let reply = pulse
        .handle(
            &with_files("Linen is back", vec![png(1080, 1350), png(1080, 1080)]),
            now(),
        )
        .await
        .unwrap();
    let text = reply.to_plain_text();
    assert!(
        text.contains("New post p")
            && text.contains("for @shop: a carousel of 2 photos, caption “Linen is back”"),
        "{text}"
    );
    let labels: Vec<String> = reply
        .buttons
        .iter()
        .map(|button| match button {
            Button::Command { label, .. }
            | Button::Input { label, .. }
            | Button::Link { label, .. } => label.clone(),
        })
        .collect();
    assert_eq!(labels[0], "Post now");
    assert!(
        labels.contains(&"Schedule…".to_owned())
            && labels.contains(&"Edit caption".to_owned())
            && labels.contains(&"Cancel".to_owned()),
        "{labels:?}"
    );
    // Stored as JPEG, sealed under the account's key.
    let records = Records::new(setup.store.as_ref());
    let post = records
        .publications(&setup.account_id())
        .unwrap()
        .pop()
        .unwrap();
    assert!(post
        .items
        .iter()
        .all(|item| item.content_type == "image/jpeg"));
    let stored = records
        .publication_media(&setup.account_id(), &post.items[0].id)
        .unwrap()
        .unwrap();
    assert_eq!(&stored[..2], &[0xff, 0xd8]);
    for (_, value) in setup
        .raw
        .scan_prefix(crate::store::Tree::PublicationMedia, &[])
        .unwrap()
    {
        assert_ne!(&value[..2], &[0xff, 0xd8], "a file is stored in the clear");
    }
}

#[tokio::test]
async fn a_photo_of_the_wrong_shape_is_kept_with_pad_or_crop_and_garbage_is_refused() {
    let (setup, vault) = publishing_setup().await;
    let pulse = pulse_over(&setup, &vault, &FakePublishing::new());
    let tall = pulse
        .handle(&with_files("", vec![png(1080, 1920)]), now())
        .await
        .unwrap();
    let text = tall.to_plain_text();
    assert!(
        text.contains("9:16") && text.contains("/fit") && !text.contains("Post now"),
        "{text}"
    );
    let id = Records::new(setup.store.as_ref())
        .publications(&setup.account_id())
        .unwrap()
        .pop()
        .unwrap()
        .id;
    let refused = pulse
        .handle(&message("a", &format!("/schedule {id} in 2 hours")), now())
        .await
        .unwrap();
    assert!(
        refused.to_plain_text().contains("pad"),
        "{}",
        refused.to_plain_text()
    );
    let cropped = pulse
        .handle(&message("a", &format!("/fit {id} crop")), now())
        .await
        .unwrap();
    assert!(
        cropped.to_plain_text().contains("Post now"),
        "{}",
        cropped.to_plain_text()
    );
    let post = Records::new(setup.store.as_ref())
        .publication(&setup.account_id(), &id)
        .unwrap()
        .unwrap();
    assert_eq!((post.items[0].width, post.items[0].height), (1080, 1350));

    let garbage = pulse
        .handle(&with_files("", vec![b"not a photo".to_vec()]), now())
        .await
        .unwrap();
    let text = garbage.to_plain_text();
    assert!(
        text.contains("Nothing was kept") && !text.contains("Error"),
        "{text}"
    );
}

#[tokio::test]
async fn an_account_linked_without_publishing_is_told_what_it_needs() {
    let (setup, vault) = publishing_setup().await;
    let mut account = Records::new(setup.store.as_ref())
        .account(&setup.account_id())
        .unwrap()
        .unwrap();
    account.granted_permissions = Some(vec!["instagram_business_basic".into()]);
    let mut batch = crate::store::Batch::new();
    Records::batch_account(&mut batch, &account);
    setup.store.apply(&batch).unwrap();
    let pulse = pulse_over(&setup, &vault, &FakePublishing::new());
    let reply = pulse
        .handle(&with_files("", vec![png(1080, 1350)]), now())
        .await
        .unwrap();
    assert!(
        reply
            .to_plain_text()
            .contains("instagram_business_content_publish"),
        "{}",
        reply.to_plain_text()
    );
    assert!(matches!(&reply.buttons[0], Button::Command { command, .. } if command == "/connect"));
}

#[tokio::test]
async fn schedule_without_a_time_asks_and_reads_the_next_message() {
    let (setup, vault) = publishing_setup().await;
    let pulse = pulse_over(&setup, &vault, &FakePublishing::new());
    draft(&setup, 1);
    let asked = pulse
        .handle(&message("a", "/schedule p4k2x9m"), now())
        .await
        .unwrap();
    assert!(asked
        .to_plain_text()
        .contains("When should post p4k2x9m go out?"));
    let answered = pulse
        .handle(&message("a", "friday 6pm"), now())
        .await
        .unwrap();
    assert!(
        answered
            .to_plain_text()
            .contains("Scheduled for 27 Nov 2026 18:00"),
        "{}",
        answered.to_plain_text()
    );
    let queue = pulse
        .handle(&message("a", "/queue"), now())
        .await
        .unwrap()
        .to_plain_text();
    assert!(
        queue.contains("p4k2x9m") && queue.contains("scheduled for 27 Nov 2026 18:00"),
        "{queue}"
    );
    let dropped = pulse
        .handle(&message("a", "/drop p4k2x9m"), now())
        .await
        .unwrap();
    assert!(dropped.to_plain_text().contains("cancelled"));
    assert!(pulse.next_publication_at().unwrap().is_none());
}

#[tokio::test]
async fn export_carries_a_waiting_posts_files_and_forget_deletes_them() {
    let (setup, vault) = publishing_setup().await;
    let pulse = pulse_over(&setup, &vault, &FakePublishing::new());
    draft(&setup, 2);
    let export = pulse.handle(&message("a", "/export"), now()).await.unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.attachments[0].bytes).unwrap();
    let files = json["accounts"][0]["publication_media"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(
        json["accounts"][0]["publications"][0]["caption"],
        "Linen shirts are back"
    );
    let names: Vec<&str> = export.attachments[1..]
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["post-p4k2x9m-1.jpg", "post-p4k2x9m-2.jpg"]);
    assert_eq!(files[1]["file"], "post-p4k2x9m-2.jpg");
    assert_eq!(export.attachments[2].bytes, vec![0xff, 0xd8, 1]);
    assert_eq!(export.attachments[2].media_type, "image/jpeg");
    forget_everything(&setup, "a").await;
    for tree in [
        crate::store::Tree::Publications,
        crate::store::Tree::PublicationMedia,
        crate::store::Tree::HostedMedia,
    ] {
        assert!(
            setup.raw.scan_prefix(tree, &[]).unwrap().is_empty(),
            "{tree:?}"
        );
    }
}
