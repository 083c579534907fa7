//! `/export`: everything Pulse stores for the chat as a JSON file (`pulse-export/1`, see
//! `crate::export`), shown to the asker alone; access tokens are never included.

use chrono::{DateTime, Utc};

use crate::answers::count;
use crate::chat::ChatId;
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// `/export`: a JSON file of everything stored for the chat, secrets excluded.
    pub(super) fn export(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let mut export = crate::export::export(self.records(), chat, now)?;
        // The chat's sealed records, opened.
        export.draft = self.draft_of(chat)?;
        export.templates = self.templates_of(chat)?;
        let bytes = crate::export::to_json(&export);
        let posts: usize = export.accounts.iter().map(|a| a.posts.len()).sum();
        let comments: usize = export.accounts.iter().map(|a| a.comments.len()).sum();
        let name = format!("pulse-export-{}.json", now.format("%Y-%m-%d"));
        Ok(Reply::text(format!(
            "Everything Pulse stores for this chat, as JSON ({}, {}, {}; format {}). Access tokens are never included.",
            count(export.accounts.len() as u64, "account", "accounts"),
            count(posts as u64, "post", "posts"),
            count(comments as u64, "comment", "comments"),
            crate::export::FORMAT
        ))
        .with_attachment(crate::reply::Attachment { name, media_type: "application/json", bytes })
        .private())
    }
}
