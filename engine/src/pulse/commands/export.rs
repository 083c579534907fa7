//! `/export`: everything Pulse stores for the chat as a JSON file (`pulse-export/1`, see
//! `crate::export`), with the files of posts not yet published beside it, shown to the asker
//! alone; access tokens are never included.

use chrono::{DateTime, Utc};

use crate::answers::count;
use crate::chat::ChatId;
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// `/export`: a JSON file of everything stored for the chat, secrets excluded.
    pub(super) fn export(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let export = self.export_document(chat, now)?;
        let bytes = crate::export::to_json(&export);
        let posts: usize = export.accounts.iter().map(|a| a.posts.len()).sum();
        let comments: usize = export.accounts.iter().map(|a| a.comments.len()).sum();
        let name = format!("pulse-export-{}.json", now.format("%Y-%m-%d"));
        let mut reply = Reply::text(format!(
            "Everything Pulse stores for this chat, as JSON ({}, {}, {}; format {}). Access tokens are never included.",
            count(export.accounts.len() as u64, "account", "accounts"),
            count(posts as u64, "post", "posts"),
            count(comments as u64, "comment", "comments"),
            crate::export::FORMAT
        ))
        .with_attachment(crate::reply::Attachment { name, media_type: "application/json", bytes });
        // The files of posts not yet published, each as the file the JSON names.
        let records = self.records();
        for account in &export.accounts {
            for file in &account.publication_media {
                if let Some(bytes) =
                    records.publication_media(&account.account.id, &file.media_id)?
                {
                    reply = reply.with_attachment(crate::reply::Attachment {
                        name: file.file.clone(),
                        media_type: crate::pulse::publishing::content_type_of(&file.content_type),
                        bytes,
                    });
                }
            }
        }
        Ok(reply.private())
    }

    /// The chat's export document: the records, and its sealed ones opened.
    pub(in crate::pulse) fn export_document(
        &self,
        chat: &ChatId,
        now: DateTime<Utc>,
    ) -> Result<crate::export::Export, PulseError> {
        let mut export = crate::export::export(self.records(), chat, now)?;
        export.draft = self.draft_of(chat)?;
        export.templates = self.templates_of(chat)?;
        Ok(export)
    }
}
