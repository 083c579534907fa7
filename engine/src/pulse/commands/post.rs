//! `/post [caption]`, and a photo, album or video sent in a private chat: a new post for
//! the account in use, its files read and prepared for Instagram before anything is kept
//! (`crate::media`), shown with its choices — post now, at the best time, at a time, edit
//! the caption, cancel. Also what the other publishing commands share: finding the post a
//! command names, and the post's card.

use chrono::{DateTime, Utc};

use crate::command::PostRef;
use crate::inbound::Inbound;
use crate::media::{self, MediaKind, MediaRefusal, Placement};
use crate::publishing::{caption_problem, next_best_time};
use crate::pulse::publishing::CONTENT_PUBLISH;
use crate::pulse::{Pulse, PulseError};
use crate::records::{AccountRecord, MediaItem, PublicationRecord, PublicationState, Records};
use crate::reply::{Button, Reply};
use crate::store::Batch;

/// How a chat is told to send files to post.
const HOW_TO_ATTACH: &str = "Send the photos or the video to post with /post as their caption (on Telegram in a group: reply /post to the photo; on Discord: attach them to /post). In a private chat with Pulse, just send them.";

impl Pulse {
    /// A new post from the files that came with `inbound`.
    pub(crate) fn compose(
        &self,
        inbound: &Inbound,
        caption: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let chat = &inbound.chat;
        let Some(account) = self.active_account(chat)? else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        if let Some(refusal) = publish_permission_refusal(&account) {
            return Ok(refusal);
        }
        if let Some(problem) = &inbound.media_problem {
            return Ok(Reply::text(format!("{problem} Nothing was kept.")));
        }
        if inbound.media.is_empty() {
            return Ok(Reply::text(HOW_TO_ATTACH));
        }
        let caption = caption
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if let Some(problem) = caption.as_deref().and_then(caption_problem) {
            return Ok(Reply::text(format!("{problem} Nothing was kept.")));
        }
        let files = inbound.media.len();
        if files > 10 {
            return Ok(Reply::text(format!(
                "A carousel takes 2 to 10 photos or videos; {files} came. Nothing was kept."
            )));
        }
        let carousel = files > 1;
        let mut prepared = Vec::new();
        for (index, file) in inbound.media.iter().enumerate() {
            let which = if carousel {
                format!("File {} of {files}: ", index + 1)
            } else {
                String::new()
            };
            let media = match media::prepare(&file.bytes, file.name.as_deref()) {
                Ok(media) => media,
                Err(refusal) => {
                    return Ok(Reply::text(format!("{which}{refusal} Nothing was kept.")))
                }
            };
            let placement = match (carousel, media.kind) {
                (true, _) => Placement::CarouselItem,
                (false, MediaKind::Video) => Placement::Reel,
                (false, MediaKind::Photo) => Placement::Feed,
            };
            let problem = match media::check(&media, placement) {
                Ok(()) => None,
                // A shape can be padded or cropped: kept, with the choice.
                Err(refusal @ MediaRefusal::AspectRatio { .. }) => {
                    Some(format!("{which}{refusal}"))
                }
                Err(refusal) => {
                    return Ok(Reply::text(format!("{which}{refusal} Nothing was kept.")))
                }
            };
            prepared.push((media, problem));
        }
        let id = new_post_id();
        let mut batch = Batch::new();
        let mut items = Vec::new();
        for (media, problem) in prepared {
            let media_id = crate::pulse::publishing::new_media_id();
            items.push(MediaItem {
                id: media_id.clone(),
                kind: media.kind,
                content_type: media.content_type.to_owned(),
                extension: media.extension.to_owned(),
                bytes: media.bytes.len() as u64,
                width: media.width,
                height: media.height,
                duration_ms: media.duration.map(|d| d.as_millis() as u64),
                problem,
            });
            Records::batch_publication_media(&mut batch, &account.id, &media_id, media.bytes);
        }
        let record = PublicationRecord {
            id,
            account: account.id.clone(),
            chat: chat.key(),
            author: inbound.user.key(),
            placement: match items.first().map(|item| item.kind) {
                Some(MediaKind::Video) if !carousel => Placement::Reel,
                _ => Placement::Feed,
            },
            items,
            caption,
            created_at: now,
            state: PublicationState::Draft,
            updated_at: now,
            awaiting: None,
        };
        Records::batch_publication(&mut batch, &record);
        self.store.apply(&batch)?;
        self.post_card(&account, &record, now, "New post")
    }

    /// A post as the chat sees it: what it holds, where it stands, and its buttons.
    pub(crate) fn post_card(
        &self,
        account: &AccountRecord,
        record: &PublicationRecord,
        now: DateTime<Utc>,
        heading: &str,
    ) -> Result<Reply, PulseError> {
        let zone = self.timezone_of_key(&record.chat);
        let caption = match &record.caption {
            Some(caption) => format!(
                "caption {}",
                crate::answers::caption_start(Some(caption), 60)
            ),
            None => "no caption".to_owned(),
        };
        let mut text = format!(
            "{heading} {} for @{}: {}, {caption}.",
            record.id,
            account.username,
            what_it_holds(record),
        );
        match &record.state {
            PublicationState::Scheduled { at, .. } => text.push_str(&format!(
                " Scheduled for {}.",
                crate::answers::local_time(*at, zone)
            )),
            PublicationState::Failed { reason, .. } => {
                text.push_str(&format!(" Not published: {reason}."))
            }
            PublicationState::Published { permalink, .. } => text.push_str(&match permalink {
                Some(link) => format!(" Published: {link}"),
                None => " Published.".to_owned(),
            }),
            PublicationState::Processing { .. }
            | PublicationState::Publishing { .. }
            | PublicationState::Unconfirmed { .. } => text.push_str(" Publishing now."),
            PublicationState::Draft | PublicationState::Cancelled => {}
        }
        let mut reply = Reply::text(text);
        let problems: Vec<&str> = record
            .items
            .iter()
            .filter_map(|item| item.problem.as_deref())
            .collect();
        for problem in &problems {
            reply = reply.with(crate::reply::Block::Note((*problem).to_owned()));
        }
        if !record.state.changeable() {
            return Ok(reply);
        }
        let id = &record.id;
        if !problems.is_empty() {
            return Ok(reply
                .with_button(Button::Command {
                    label: "Pad".into(),
                    command: format!("/fit {id} pad"),
                })
                .with_button(Button::Command {
                    label: "Crop".into(),
                    command: format!("/fit {id} crop"),
                })
                .with_button(Button::Command {
                    label: "Cancel".into(),
                    command: format!("/drop {id}"),
                }));
        }
        reply = reply.with_button(Button::Command {
            label: "Post now".into(),
            command: format!("/publish {id}"),
        });
        let posts = self.records().posts(&account.id)?;
        if let Some(best) = next_best_time(&posts, now, zone) {
            reply = reply.with_button(Button::Command {
                label: format!(
                    "Best time: {}",
                    best.with_timezone(&zone).format("%a %H:%M")
                ),
                command: format!("/schedule {id} best"),
            });
        }
        Ok(reply
            .with_button(Button::Input {
                label: "Schedule…".into(),
                command: format!("/schedule {id}"),
                prompt: "When? e.g. tomorrow 6pm, friday 18:00, in 2 hours".into(),
            })
            .with_button(Button::Input {
                label: "Edit caption".into(),
                command: format!("/caption {id}"),
                prompt: "The new caption".into(),
            })
            .with_button(Button::Command {
                label: "Cancel".into(),
                command: format!("/drop {id}"),
            }))
    }

    /// The post a command names in this chat (or, with none named, the chat's newest draft),
    /// with its account; or the reply saying why there is none.
    pub(crate) fn find_post(
        &self,
        inbound: &Inbound,
        post: Option<&PostRef>,
    ) -> Result<Result<(AccountRecord, PublicationRecord), Reply>, PulseError> {
        let chat = &inbound.chat;
        let records = self.records();
        let mut newest_draft: Option<(AccountRecord, PublicationRecord)> = None;
        for account in self.chat_accounts_in_use_first(chat)? {
            for record in records.publications(&account.id)? {
                if record.chat != chat.key() {
                    continue;
                }
                match post {
                    Some(post) if record.id == post.as_str() => {
                        return Ok(Ok((account, record)));
                    }
                    None if record.state == PublicationState::Draft
                        && newest_draft
                            .as_ref()
                            .is_none_or(|(_, newest)| newest.created_at < record.created_at) =>
                    {
                        newest_draft = Some((account.clone(), record));
                    }
                    _ => {}
                }
            }
        }
        match (post, newest_draft) {
            (None, Some(found)) => Ok(Ok(found)),
            (None, None) => Ok(Err(Reply::text(format!(
                "There is no draft post here. {HOW_TO_ATTACH}"
            )))),
            (Some(post), _) => Ok(Err(Reply::text(format!(
                "There is no post {post} in this chat; /queue lists them."
            )))),
        }
    }

    /// [`Pulse::find_post`], refused with "Post … is published and `tail`." when it can no
    /// longer be changed (it started publishing, or was cancelled).
    pub(crate) fn changeable_post(
        &self,
        inbound: &Inbound,
        post: Option<&PostRef>,
        tail: &str,
    ) -> Result<Result<(AccountRecord, PublicationRecord), Reply>, PulseError> {
        Ok(self
            .find_post(inbound, post)?
            .and_then(|(account, record)| {
                if record.state.changeable() {
                    Ok((account, record))
                } else {
                    Err(Reply::text(format!(
                        "Post {} is {} and {tail}.",
                        record.id,
                        record.state.name()
                    )))
                }
            }))
    }

    /// `/post [caption]`.
    pub(super) fn post(
        &self,
        inbound: &Inbound,
        caption: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        self.compose(inbound, caption, now)
    }
}

/// What Pulse says when the account's link does not allow publishing.
pub(crate) fn publish_permission_refusal(account: &AccountRecord) -> Option<Reply> {
    let granted = account.granted_permissions.as_ref()?;
    if granted.iter().any(|p| p == CONTENT_PUBLISH) {
        return None;
    }
    Some(
        Reply::text(format!(
            "To publish, Pulse needs the permission “{CONTENT_PUBLISH}”, which @{}'s link did not grant. An administrator can link the account again with /connect and allow publishing; Pulse publishes only what someone here schedules or posts.",
            account.username
        ))
        .with_button(Button::Command {
            label: "Link again".into(),
            command: "/connect".into(),
        }),
    )
}

/// "3 photos", "a photo", "a video", "2 photos and a video".
fn what_it_holds(record: &PublicationRecord) -> String {
    let photos = record
        .items
        .iter()
        .filter(|item| item.kind == MediaKind::Photo)
        .count();
    let videos = record.items.len() - photos;
    let name = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("a {one}")),
        n => Some(format!("{n} {many}")),
    };
    let parts: Vec<String> = [
        name(photos, "photo", "photos"),
        name(videos, "video", "videos"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let holds = parts.join(" and ");
    match (record.items.len(), record.placement) {
        (n, _) if n > 1 => format!("a carousel of {holds}"),
        (_, Placement::Reel) => "a reel".to_owned(),
        (_, Placement::Story) => format!("a story ({holds})"),
        _ => holds,
    }
}

/// A new post id: `p` and six lower-case letters or digits, at least one a digit.
fn new_post_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    loop {
        let id: String = (0..6)
            .map(|_| ALPHABET[rand::random::<usize>() % ALPHABET.len()] as char)
            .collect();
        if id.bytes().any(|b| b.is_ascii_digit()) {
            return format!("p{id}");
        }
    }
}
