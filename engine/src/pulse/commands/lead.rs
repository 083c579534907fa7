//! `/lead <comment> done|won|lost|open`: mark where a lead ended — done (nothing more to
//! do), won (a sale), lost — or open it again. `/leads won` lists them and `/stats` counts
//! them.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::command::CommentRef;
use crate::pulse::{Pulse, PulseError};
use crate::records::{CommentActionRecord, LeadMark};
use crate::reply::{Button, Reply};

impl Pulse {
    /// Marks a lead, or opens it again (`mark` = `None`).
    pub(super) fn mark_lead(
        &self,
        chat: &ChatId,
        comment: &CommentRef,
        mark: Option<LeadMark>,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let named = match self.find_comment(chat, comment)? {
            Ok(named) => named,
            Err(reply) => return Ok(reply),
        };
        let records = self.records();
        let account = &named.account;
        let mut action = records
            .comment_action(&account.id, &named.comment.id)?
            .unwrap_or_else(|| CommentActionRecord {
                post_id: named.comment.post_id.clone(),
                ..Default::default()
            });
        action.mark = mark.map(|mark| (mark, now));
        records.put_comment_action(&account.id, &named.comment.id, &action)?;
        self.store.flush()?;
        let who = named
            .comment
            .author_username
            .as_deref()
            .unwrap_or("someone");
        let text = match mark {
            Some(LeadMark::Won) => format!("Marked won: @{who}'s comment became a sale."),
            Some(LeadMark::Lost) => format!("Marked lost: @{who}'s comment did not become a sale."),
            Some(LeadMark::Done) => format!("Marked done: @{who}'s comment leaves the open leads."),
            None => format!("@{who}'s comment is an open lead again."),
        };
        let mut reply = Reply::text(text);
        if mark.is_some() {
            reply = reply.with_button(Button::Command {
                label: "Undo".into(),
                command: format!("/lead {} open", named.comment.id),
            });
        }
        if mark != Some(LeadMark::Won) {
            reply = reply.with_button(Button::Command {
                label: "Won".into(),
                command: format!("/lead {} won", named.comment.id),
            });
        }
        if mark != Some(LeadMark::Lost) {
            reply = reply.with_button(Button::Command {
                label: "Lost".into(),
                command: format!("/lead {} lost", named.comment.id),
            });
        }
        Ok(reply)
    }
}
