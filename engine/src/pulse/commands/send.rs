//! `/send [nonce]`: sends the reply this chat was shown (the Send button carries its nonce,
//! so an old button cannot send a newer text), then confirms with a link. The draft is
//! taken from the store before Instagram is called, so two presses send once; if Instagram
//! refuses, the draft is put back and the reason shown.

use chrono::{DateTime, Utc};

use crate::inbound::Inbound;
use crate::pulse::sales::{
    action_failed, certainly_not_done, error_summary, MANAGE_COMMENTS, MANAGE_MESSAGES,
};
use crate::pulse::{Pulse, PulseError};
use crate::records::{
    CommentActionRecord, CommentRecord, Records, ReplyKind, SentPrivateReply, SentReply,
};
use crate::reply::{Block, Reply};
use crate::store::Tree;

use super::reply::reference_of;

impl Pulse {
    /// Sends the chat's draft.
    pub(super) async fn send(
        &self,
        inbound: &Inbound,
        nonce: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let chat = &inbound.chat;
        let records = self.records();
        let sealed = records.chat_sealed(Tree::Drafts, chat)?;
        let draft = match self.draft_of(chat)? {
            Some(draft) if draft.text.is_some() && draft.expires_at > now => draft,
            Some(draft) if draft.expires_at <= now => {
                records.remove_draft(chat)?;
                return Ok(Reply::text(
                    "That reply waited too long and was dropped; nothing was sent. Start again with Reply.",
                )
                .closing_prompt());
            }
            _ => {
                return Ok(Reply::text(
                    "There is no reply waiting to be sent here; nothing was sent.",
                )
                .closing_prompt())
            }
        };
        if draft.user != inbound.user.key() {
            return Ok(Reply::text(
                "That reply was started by someone else here; only they can send it. Nothing was sent.",
            ));
        }
        if nonce.is_some_and(|nonce| nonce != draft.nonce) {
            return Ok(Reply::text(
                "That Send button belongs to an older reply; nothing was sent. Use the newest one.",
            )
            .closing_prompt());
        }
        let named = match self.find_comment(chat, &reference_of(&draft.comment_id))? {
            Ok(named) => named,
            Err(reply) => return Ok(reply),
        };
        if let Some(refusal) = self.reply_refusal(&named, draft.kind, now)? {
            records.remove_draft(chat)?;
            return Ok(refusal.closing_prompt());
        }
        let token = match self.action_token(&named.account)? {
            Ok(token) => token,
            Err(reply) => return Ok(reply),
        };
        // Taken before sending: of two presses, one finds it.
        if self
            .store
            .compare_and_swap(Tree::Drafts, chat.key().as_bytes(), sealed.as_deref(), None)
            .is_err()
        {
            return Ok(Reply::text("That reply is already being sent.").closing_prompt());
        }
        let text = draft.text.clone().unwrap_or_default();
        let actions = self.ports.actions(named.account.network);
        let sent = match draft.kind {
            ReplyKind::Public => actions
                .reply_to_comment(&token, &named.comment.id, &text)
                .await
                .map(Some),
            ReplyKind::Private => actions
                .private_reply(&token, &named.account.user_id, &named.comment.id, &text)
                .await
                .map(|()| None),
        };
        let reply_id = match sent {
            Ok(reply_id) => reply_id,
            Err(error) => {
                tracing::warn!(error = error_summary(&error), kind = ?draft.kind, "a reply was not sent");
                if certainly_not_done(&error) {
                    // Refused for sure: the person may fix it and send again.
                    self.put_draft(chat, &draft)?;
                }
                let what = match draft.kind {
                    ReplyKind::Public => "the reply",
                    ReplyKind::Private => "the private reply",
                };
                let needed = match draft.kind {
                    ReplyKind::Public => MANAGE_COMMENTS,
                    ReplyKind::Private => MANAGE_MESSAGES,
                };
                return Ok(action_failed(&named.account, &error, what, needed));
            }
        };
        let account = &named.account;
        let mut action = records
            .comment_action(&account.id, &named.comment.id)?
            .unwrap_or_else(|| CommentActionRecord {
                post_id: named.comment.post_id.clone(),
                ..Default::default()
            });
        match &reply_id {
            Some(id) => action.replies.push(SentReply {
                id: id.clone(),
                text: text.clone(),
                at: now,
            }),
            None => {
                action.private_reply = Some(SentPrivateReply {
                    text: text.clone(),
                    at: now,
                })
            }
        }
        let mut batch = crate::store::Batch::new();
        batch.put(
            Tree::CommentActions,
            crate::records::key(&[account.id.as_str(), &named.comment.id]),
            crate::records::encode(&action),
        );
        if let Some(id) = &reply_id {
            // The reply is the account's comment now: leads, questions and digests see
            // the lead answered before the next sync reads it back.
            Records::batch_comment(
                &mut batch,
                &account.id,
                &CommentRecord {
                    id: id.clone(),
                    post_id: named.comment.post_id.clone(),
                    parent_id: Some(named.comment.id.clone()),
                    author_id: Some(account.user_id.clone()),
                    author_username: Some(account.username.clone()),
                    text: text.clone(),
                    published_at: now,
                    like_count: None,
                    hidden: false,
                },
            );
        }
        self.store.apply(&batch)?;
        self.store.flush()?;
        self.answer_cache.evict(&account.id);
        tracing::info!(kind = ?draft.kind, "a reply was sent");
        let who = named
            .comment
            .author_username
            .as_deref()
            .unwrap_or("someone");
        let confirmation = match draft.kind {
            ReplyKind::Public => format!("Sent: your reply is under @{who}'s comment."),
            ReplyKind::Private => {
                format!("Sent: @{who} got your private reply in their Instagram inbox.")
            }
        };
        let mut reply = Reply::text(confirmation).with(Block::Quote(text));
        if let Some(link) = named.post.as_ref().and_then(|p| p.permalink.clone()) {
            reply = reply.with(Block::Text(link));
        }
        Ok(reply
            .with(Block::Note(format!(
                "The lead is marked replied. Mark it won or lost later: /lead {} won",
                named.comment.id
            )))
            .closing_prompt())
    }
}
