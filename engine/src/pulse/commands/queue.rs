//! `/queue`: the chat's drafts and scheduled posts (each with Cancel, Reschedule and Edit
//! caption), the ones publishing now, and those published or failed in the last 7 days.

use chrono::{DateTime, Duration, Utc};

use crate::chat::ChatId;
use crate::pulse::{Pulse, PulseError};
use crate::records::PublicationState;
use crate::reply::{Block, Button, Reply};

impl Pulse {
    /// `/queue`.
    pub(super) fn queue(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let zone = self.timezone(chat)?;
        let mut lines = Vec::new();
        let mut buttons = Vec::new();
        let mut posts = Vec::new();
        for account in self.chat_accounts_in_use_first(chat)? {
            for record in self.records().publications(&account.id)? {
                if record.chat != chat.key() {
                    continue;
                }
                let recent = now - record.updated_at < Duration::days(7);
                let shown = match &record.state {
                    PublicationState::Cancelled => false,
                    PublicationState::Published { .. } | PublicationState::Failed { .. } => recent,
                    _ => true,
                };
                if shown {
                    posts.push((account.username.clone(), record));
                }
            }
        }
        if posts.is_empty() {
            return Ok(Reply::text(
                "No posts are waiting here. Send photos or a video (with /post in a group) to make one.",
            ));
        }
        posts.sort_by_key(|(_, record)| match &record.state {
            PublicationState::Scheduled { at, .. } => (0, *at),
            PublicationState::Draft => (1, record.created_at),
            _ => (2, record.updated_at),
        });
        for (username, record) in &posts {
            let caption = crate::answers::caption_start(record.caption.as_deref(), 40);
            let status = match &record.state {
                PublicationState::Scheduled { at, .. } => {
                    format!("scheduled for {}", crate::answers::local_time(*at, zone))
                }
                PublicationState::Draft => "draft".to_owned(),
                PublicationState::Published { permalink, .. } => match permalink {
                    Some(link) => format!("published: {link}"),
                    None => "published".to_owned(),
                },
                PublicationState::Failed { reason, .. } => format!("not published: {reason}"),
                PublicationState::Unconfirmed { .. } => {
                    "waiting for Instagram to confirm it".to_owned()
                }
                _ => "publishing now".to_owned(),
            };
            lines.push(crate::reply::Item {
                text: format!(
                    "{} · @{username} · {} item(s) · {caption} · {status}",
                    record.id,
                    record.items.len()
                ),
                url: None,
            });
            if record.state.changeable() && buttons.len() < 30 {
                let id = &record.id;
                buttons.push(Button::Command {
                    label: format!("Cancel {id}"),
                    command: format!("/drop {id}"),
                });
                buttons.push(Button::Input {
                    label: format!("Reschedule {id}"),
                    command: format!("/schedule {id}"),
                    prompt: "When? e.g. tomorrow 6pm, friday 18:00, in 2 hours".into(),
                });
                buttons.push(Button::Input {
                    label: format!("Edit caption {id}"),
                    command: format!("/caption {id}"),
                    prompt: "The new caption".into(),
                });
            }
        }
        let mut reply = Reply::text("Posts through Pulse").with(Block::Ranking(lines));
        reply.buttons = buttons;
        Ok(reply)
    }
}
