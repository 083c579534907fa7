//! `/reply <comment> [text]` and `/dm <comment> [text]`: answer a comment publicly, or
//! privately with one direct message to the commenter. Without the text, Pulse asks for it
//! (the person's next message in this chat, a saved reply's button, or a form on Discord);
//! with it, Pulse shows what will be sent and where, with Send and Cancel. Nothing reaches
//! Instagram before Send.

use chrono::{DateTime, Utc};

use crate::command::CommentRef;
use crate::inbound::Inbound;
use crate::pulse::sales::{reply_text_problem, NamedComment, DRAFT_LIFETIME};
use crate::pulse::{Pulse, PulseError};
use crate::records::{DraftRecord, ReplyKind};
use crate::reply::{Block, Button, Reply};

impl Pulse {
    /// Starts a reply to `comment`, or shows `text` for sending.
    pub(super) fn reply(
        &self,
        inbound: &Inbound,
        comment: &CommentRef,
        kind: ReplyKind,
        text: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let named = match self.find_comment(&inbound.chat, comment)? {
            Ok(named) => named,
            Err(reply) => return Ok(reply),
        };
        if let Some(refusal) = self.reply_refusal(&named, kind, now)? {
            return Ok(refusal);
        }
        let draft = DraftRecord {
            account: named.account.id.clone(),
            comment_id: named.comment.id.clone(),
            post_id: named.comment.post_id.clone(),
            kind,
            user: inbound.user.key(),
            text: None,
            nonce: new_nonce(),
            expires_at: now + DRAFT_LIFETIME,
        };
        match text {
            None => self.ask_for_reply_text(inbound, &named, draft),
            Some(text) => self.show_reply_for_sending(inbound, &named, draft, &text),
        }
    }

    /// Waits for the text: says so, with the chat's saved replies as buttons.
    fn ask_for_reply_text(
        &self,
        inbound: &Inbound,
        named: &NamedComment,
        draft: DraftRecord,
    ) -> Result<Reply, PulseError> {
        self.put_draft(&inbound.chat, &draft)?;
        let who = named
            .comment
            .author_username
            .as_deref()
            .unwrap_or("someone");
        let what = match draft.kind {
            ReplyKind::Public => format!("your public reply to @{who}"),
            ReplyKind::Private => format!("your private message to @{who}"),
        };
        let how = if inbound.private {
            "as your next message here"
        } else {
            "as a reply to this message"
        };
        let mut reply = Reply::text(format!(
            "Write {what} {how}. Pulse shows it to you before sending."
        ))
        .with(Block::Quote(named.comment.text.clone()));
        for (index, template) in self
            .templates_of(&inbound.chat)?
            .templates
            .iter()
            .enumerate()
        {
            let by = |name: &str| {
                format!(
                    "/{} {} {{{name}}}",
                    command_name(draft.kind),
                    named.comment.id
                )
            };
            // Telegram's buttons carry at most 64 bytes: a long name goes by its number.
            let mut command = by(&template.name);
            if command.len() > 64 {
                command = by(&format!("#{}", index + 1));
            }
            reply = reply.with_button(Button::Command {
                label: template.name.clone(),
                command,
            });
        }
        if self.model.is_some() && draft.kind == ReplyKind::Public {
            reply = reply.with_button(Button::Command {
                label: "Draft one for me".into(),
                command: format!("/draft {}", named.comment.id),
            });
        }
        Ok(reply
            .with_button(Button::Command {
                label: "Cancel".into(),
                command: "/cancel".into(),
            })
            .private())
    }

    /// Shows `text` as it will be sent, with Send and Cancel, and keeps it as the chat's
    /// draft. A saved reply named `{name}` stands for its text.
    pub(crate) fn show_reply_for_sending(
        &self,
        inbound: &Inbound,
        named: &NamedComment,
        mut draft: DraftRecord,
        text: &str,
    ) -> Result<Reply, PulseError> {
        let text = match saved_reply_name(text) {
            Some(name) => match self
                .templates_of(&inbound.chat)?
                .templates
                .into_iter()
                .enumerate()
                .find(|(index, t)| t.name == name || name == format!("#{}", index + 1))
                .map(|(_, template)| template)
            {
                Some(template) => template.text,
                None => {
                    return Ok(Reply::text(format!(
                        "There is no saved reply called “{name}”. /templates lists them."
                    )))
                }
            },
            None => text.trim().to_owned(),
        };
        if let Some(problem) = reply_text_problem(draft.kind, &text) {
            return Ok(Reply::text(format!("{problem} Nothing was sent."))
                .with(Block::Text("Write it again, shorter.".into())));
        }
        draft.text = Some(text.clone());
        self.put_draft(&inbound.chat, &draft)?;
        let who = named
            .comment
            .author_username
            .as_deref()
            .unwrap_or("someone");
        let post = named
            .post
            .as_ref()
            .and_then(|p| p.permalink.clone())
            .map(|link| format!(" ({link})"))
            .unwrap_or_default();
        let heading = match draft.kind {
            ReplyKind::Public => format!(
                "This will be posted publicly on Instagram as @{}, under @{who}'s comment{post}:",
                named.account.username
            ),
            ReplyKind::Private => format!(
                "This will be sent to @{who} as a direct message from @{} (a private reply; Instagram allows one per comment):",
                named.account.username
            ),
        };
        Ok(Reply::text(heading)
            .with(Block::Quote(text))
            .with(Block::Note(format!(
                "Answering: {}",
                crate::answers::caption_start(Some(&named.comment.text), 80)
            )))
            .with_button(Button::Command {
                label: "Send".into(),
                command: format!("/send {}", draft.nonce),
            })
            .with_button(Button::Command {
                label: "Cancel".into(),
                command: "/cancel".into(),
            })
            .private())
    }

    /// When `inbound`'s chat waits for the text of a reply from its sender, that reply shown
    /// for sending; otherwise `None` (the message is read as usual).
    pub(crate) fn reply_text_awaited(
        &self,
        inbound: &Inbound,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Reply>, PulseError> {
        let records = self.records();
        let Some(draft) = self.draft_of(&inbound.chat)? else {
            return Ok(None);
        };
        if draft.text.is_some() || draft.user != inbound.user.key() {
            return Ok(None);
        }
        if draft.expires_at <= now {
            records.remove_draft(&inbound.chat)?;
            return Ok(None);
        }
        let named = match self.find_comment(&inbound.chat, &reference_of(&draft.comment_id))? {
            Ok(named) => named,
            Err(reply) => {
                records.remove_draft(&inbound.chat)?;
                return Ok(Some(reply));
            }
        };
        self.show_reply_for_sending(inbound, &named, draft, text)
            .map(Some)
    }
}

/// The command that makes a reply of `kind`.
fn command_name(kind: ReplyKind) -> &'static str {
    match kind {
        ReplyKind::Public => "reply",
        ReplyKind::Private => "dm",
    }
}

/// The saved reply `text` names, when it is `{name}` and nothing else.
fn saved_reply_name(text: &str) -> Option<String> {
    let name = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    (!name.is_empty() && !name.contains(char::is_whitespace)).then(|| name.to_lowercase())
}

/// The reference that names exactly `comment_id` (a stored draft's comment). An id that is
/// no reference names no comment: `find_comment` then finds none, never another.
pub(crate) fn reference_of(comment_id: &str) -> CommentRef {
    CommentRef::parse(comment_id).unwrap_or_else(CommentRef::none)
}

/// A fresh nonce for a Send button: 12 random characters of `A-Z a-z 0-9 - _`.
pub(crate) fn new_nonce() -> String {
    use base64::Engine as _;
    use rand::RngCore as _;
    let mut bytes = [0u8; 9];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
