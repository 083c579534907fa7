//! `/hide <comment>` and `/unhide <comment>`: hide a comment on Instagram (spam, a rude
//! remark) or show it again. Only on a person's command or tap.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::command::CommentRef;
use crate::pulse::sales::{
    action_failed, error_summary, missing_permission, permission_reply, MANAGE_COMMENTS,
};
use crate::pulse::{Pulse, PulseError};
use crate::records::{CommentActionRecord, ReplyKind};
use crate::reply::{Block, Button, Reply};

impl Pulse {
    /// Hides (`hidden`) or shows a comment.
    pub(super) async fn hide(
        &self,
        chat: &ChatId,
        comment: &CommentRef,
        hidden: bool,
        _now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let named = match self.find_comment(chat, comment)? {
            Ok(named) => named,
            Err(reply) => return Ok(reply),
        };
        let account = &named.account;
        if crate::leads::is_own_comment(&named.comment, &account.username) {
            return Ok(Reply::text(
                "That comment is the account's own, and Instagram always shows those.",
            ));
        }
        if let Some(missing) = missing_permission(account, ReplyKind::Public) {
            return Ok(permission_reply(account, missing));
        }
        let token = match self.action_token(account)? {
            Ok(token) => token,
            Err(reply) => return Ok(reply),
        };
        let what = if hidden {
            "hiding the comment"
        } else {
            "showing the comment"
        };
        if let Err(error) = self
            .ports
            .actions(account.network)
            .set_comment_hidden(&token, &named.comment.id, hidden)
            .await
        {
            tracing::warn!(
                error = error_summary(&error),
                hidden,
                "a comment was not hidden or shown"
            );
            return Ok(action_failed(account, &error, what, MANAGE_COMMENTS));
        }
        let records = self.records();
        let mut action = records
            .comment_action(&account.id, &named.comment.id)?
            .unwrap_or_else(|| CommentActionRecord {
                post_id: named.comment.post_id.clone(),
                ..Default::default()
            });
        action.hidden = Some(hidden);
        records.put_comment_action(&account.id, &named.comment.id, &action)?;
        self.store.flush()?;
        let who = named
            .comment
            .author_username
            .as_deref()
            .unwrap_or("someone");
        let (done, undo) = if hidden {
            (
                format!("Hidden on Instagram: @{who}'s comment. Instagram still shows it to @{who} and their followers."),
                Button::Command {
                    label: "Unhide".into(),
                    command: format!("/unhide {}", named.comment.id),
                },
            )
        } else {
            (
                format!("Shown again on Instagram: @{who}'s comment."),
                Button::Command {
                    label: "Hide".into(),
                    command: format!("/hide {}", named.comment.id),
                },
            )
        };
        Ok(Reply::text(done)
            .with(Block::Quote(named.comment.text.clone()))
            .with_button(undo))
    }
}
