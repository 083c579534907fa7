//! The sales assistant's shared machinery, used by `/comments`, `/leads`, `/reply`, `/dm`,
//! `/draft`, `/send`, `/hide`, `/lead` and the alerts:
//! - finding the comment a chat names ([`CommentRef`]) among the chat's linked accounts;
//! - a comment shown as a card: who wrote what on which post, where it stands as a lead,
//!   and its action buttons;
//! - the rules a reply must meet before anything is sent (Instagram's length, mention and
//!   hashtag limits; one private reply per comment, within 7 days; the permissions the
//!   account's link granted);
//! - acting on Instagram with the account's token, and turning what Instagram answered into
//!   a plain sentence.
//!
//! Nothing here sends anything on its own: every action starts from a person's command or
//! tap, and a reply is shown with Send and Cancel before it is sent (`/send`).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::answers::caption_start;
use crate::chat::ChatId;
use crate::command::CommentRef;
use crate::instagram::SourceError;
use crate::lead_status::{leads_with_status, wait_in_words, Lead, LeadStatus};
use crate::leads::is_own_comment;
use crate::period::InstantRange;
use crate::records::{
    chat_field, AccountRecord, CommentActionRecord, CommentRecord, DraftRecord, PostRecord,
    ReplyKind, TemplatesRecord,
};
use crate::reply::{Block, Button, Item, Reply};
use crate::store::Tree;

use super::{Pulse, PulseError};

/// The longest public reply Instagram takes, in characters.
pub(crate) const MAX_PUBLIC_REPLY_CHARS: usize = 2_200;
/// The longest private reply (a direct message) Instagram takes, in characters.
pub(crate) const MAX_PRIVATE_REPLY_CHARS: usize = 1_000;
/// The most hashtags in one comment.
pub(crate) const MAX_HASHTAGS: usize = 30;
/// The most @mentions in one comment.
pub(crate) const MAX_MENTIONS: usize = 5;
/// How long after a comment Instagram allows its private reply.
pub(crate) const PRIVATE_REPLY_WINDOW: Duration = Duration::days(7);
/// How long a reply being written waits for its text or its Send.
pub(crate) const DRAFT_LIFETIME: Duration = Duration::minutes(30);
/// The permission replying and hiding need.
pub(crate) const MANAGE_COMMENTS: &str = "instagram_business_manage_comments";
/// The permission private replies need.
pub(crate) const MANAGE_MESSAGES: &str = "instagram_business_manage_messages";

/// A comment a chat named, with its account and post.
#[derive(Debug, Clone)]
pub(crate) struct NamedComment {
    /// The account it is on.
    pub account: AccountRecord,
    /// The comment.
    pub comment: CommentRecord,
    /// Its post, when stored.
    pub post: Option<PostRecord>,
}

/// What a chat sees of a comment: its card's blocks and buttons.
pub(crate) struct Card {
    pub blocks: Vec<Block>,
    pub buttons: Vec<Button>,
}

impl Pulse {
    /// The chat's linked accounts, the one in use first.
    pub(crate) fn chat_accounts_in_use_first(
        &self,
        chat: &ChatId,
    ) -> Result<Vec<AccountRecord>, PulseError> {
        let records = self.records();
        let active = self.active_account(chat)?;
        let mut accounts: Vec<AccountRecord> = active.clone().into_iter().collect();
        for id in records.chat_accounts(chat)? {
            if active.as_ref().is_some_and(|a| a.id == id) {
                continue;
            }
            if let Some(account) = records.account(&id)? {
                accounts.push(account);
            }
        }
        Ok(accounts)
    }

    /// The comments of `account`, oldest first, from the answer cache.
    pub(crate) fn account_comments(
        &self,
        account: &AccountRecord,
    ) -> Result<std::sync::Arc<Vec<CommentRecord>>, PulseError> {
        let records = self.records();
        let cached = self.answer_cache.records_of(records, account)?;
        let comments = cached.comments(records, &account.id)?;
        self.answer_cache.shrink();
        Ok(comments)
    }

    /// The comment `reference` names among the chat's accounts, or the reply that says why
    /// there is none (not found, or several end with those digits).
    pub(crate) fn find_comment(
        &self,
        chat: &ChatId,
        reference: &CommentRef,
    ) -> Result<Result<NamedComment, Reply>, PulseError> {
        let accounts = self.chat_accounts_in_use_first(chat)?;
        if accounts.is_empty() {
            return Ok(Err(Reply::text(prompts::not_linked())));
        }
        let mut found: Vec<(AccountRecord, CommentRecord)> = Vec::new();
        for account in &accounts {
            let comments = self.account_comments(account)?;
            for comment in comments.iter().filter(|c| reference.names(&c.id)) {
                if comment.id == reference.as_str() {
                    // The whole id: nothing else can be meant.
                    found = vec![(account.clone(), comment.clone())];
                    break;
                }
                found.push((account.clone(), comment.clone()));
            }
            if found.iter().any(|(_, c)| c.id == reference.as_str()) {
                break;
            }
        }
        match found.len() {
            0 => Ok(Err(Reply::text(format!(
                "I can't find comment {} on the linked accounts. /comments and /leads show each comment's number.",
                reference.as_str()
            )))),
            1 => {
                let (account, comment) = found.remove(0);
                let post = self.records().post(&account.id, &comment.post_id)?;
                Ok(Ok(NamedComment {
                    account,
                    comment,
                    post,
                }))
            }
            _ => {
                let mut reply = Reply::text(format!(
                    "Several comments end in {}. Which one?",
                    reference.as_str()
                ));
                let items = found
                    .iter()
                    .take(5)
                    .map(|(_, c)| Item {
                        text: format!(
                            "{} · @{}: {}",
                            c.id,
                            c.author_username.as_deref().unwrap_or("someone"),
                            caption_start(Some(&c.text), 60)
                        ),
                        url: None,
                    })
                    .collect();
                reply = reply.with(Block::Ranking(items));
                reply.blocks.push(Block::Note(
                    "Name it with more of its digits, or all of them.".into(),
                ));
                Ok(Err(reply.private()))
            }
        }
    }

    /// What was done about each of the account's comments, by comment id.
    pub(crate) fn comment_actions_of(
        &self,
        account: &AccountRecord,
    ) -> Result<HashMap<String, CommentActionRecord>, PulseError> {
        Ok(self
            .records()
            .comment_actions(&account.id)?
            .into_iter()
            .collect())
    }

    /// The leads of `range` on `account`, newest first, with where each stands.
    pub(crate) fn leads_of<'c>(
        &self,
        account: &AccountRecord,
        comments: &'c [CommentRecord],
        range: InstantRange,
        actions: &HashMap<String, CommentActionRecord>,
    ) -> Vec<Lead<'c>> {
        leads_with_status(comments, &account.username, range, actions)
    }

    /// A comment as a card: a line naming the commenter, when and which post (with its
    /// link), the comment quoted, where it stands, and its actions (none on the account's
    /// own comments).
    pub(crate) fn comment_card(
        &self,
        named: &NamedComment,
        action: Option<&CommentActionRecord>,
        status: Option<LeadStatus>,
        timezone: Tz,
        labelled: bool,
    ) -> Card {
        let comment = &named.comment;
        let who = comment.author_username.as_deref().unwrap_or("someone");
        let short = CommentRef::short(&comment.id);
        let post = named
            .post
            .as_ref()
            .map(|p| format!(" on {}", caption_start(p.caption.as_deref(), 40)))
            .unwrap_or_default();
        let header = format!(
            "#{short} · @{who} · {}{post}",
            comment
                .published_at
                .with_timezone(&timezone)
                .format("%-d %b %H:%M")
        );
        let mut blocks = vec![
            Block::Ranking(vec![Item {
                text: header,
                url: named.post.as_ref().and_then(|p| p.permalink.clone()),
            }]),
            Block::Quote(comment.text.clone()),
        ];
        let mut notes = Vec::new();
        if let Some(status) = status {
            notes.push(match status {
                LeadStatus::Open => "Lead · open".to_owned(),
                LeadStatus::Replied { at, privately } => format!(
                    "Lead · replied {}{} later",
                    if privately { "privately " } else { "" },
                    wait_in_words(at - comment.published_at)
                ),
                LeadStatus::Marked(_) => format!("Lead · {}", status.word()),
            });
        }
        let hidden = action.and_then(|a| a.hidden).unwrap_or(false);
        if hidden {
            notes.push("hidden on Instagram".into());
        }
        if let Some(action) = action {
            if !action.replies.is_empty() {
                notes.push(format!(
                    "you replied through Pulse {}",
                    crate::answers::count(action.replies.len() as u64, "time", "times")
                ));
            }
            if action.private_reply.is_some() {
                notes.push("private reply sent".into());
            }
        }
        if !notes.is_empty() {
            blocks.push(Block::Note(notes.join(" · ")));
        }
        let own = is_own_comment(comment, &named.account.username);
        let mut buttons = Vec::new();
        if !own {
            let suffix = if labelled {
                format!(" #{short}")
            } else {
                String::new()
            };
            if comment.parent_id.is_none() && !hidden {
                buttons.push(Button::Input {
                    label: format!("Reply{suffix}"),
                    command: format!("/reply {}", comment.id),
                    prompt: format!("Your public reply to @{who}"),
                });
            }
            if action.is_none_or(|a| a.private_reply.is_none()) {
                buttons.push(Button::Input {
                    label: format!("DM{suffix}"),
                    command: format!("/dm {}", comment.id),
                    prompt: format!("Your private message to @{who}"),
                });
            }
            buttons.push(Button::Command {
                label: format!("{}{suffix}", if hidden { "Unhide" } else { "Hide" }),
                command: format!("/{} {}", if hidden { "unhide" } else { "hide" }, comment.id),
            });
            if matches!(status, Some(LeadStatus::Open | LeadStatus::Replied { .. })) {
                buttons.push(Button::Command {
                    label: format!("Done{suffix}"),
                    command: format!("/lead {} done", comment.id),
                });
            }
        }
        Card { blocks, buttons }
    }

    /// Why a reply of `kind` to `named` cannot be made, if it cannot (before any text).
    pub(crate) fn reply_refusal(
        &self,
        named: &NamedComment,
        kind: ReplyKind,
        now: DateTime<Utc>,
    ) -> Result<Option<Reply>, PulseError> {
        let comment = &named.comment;
        if is_own_comment(comment, &named.account.username) {
            return Ok(Some(Reply::text("That comment is the account's own.")));
        }
        if let Some(missing) = missing_permission(&named.account, kind) {
            return Ok(Some(permission_reply(&named.account, missing)));
        }
        let action = self
            .records()
            .comment_action(&named.account.id, &comment.id)?;
        match kind {
            ReplyKind::Public => {
                if comment.parent_id.is_some() {
                    return Ok(Some(Reply::text(
                        "Instagram takes replies only under top-level comments, and this one is itself a reply. Reply to the comment it answers, or send a private reply with /dm.",
                    )));
                }
                if action.as_ref().and_then(|a| a.hidden) == Some(true) {
                    return Ok(Some(Reply::text(format!(
                        "That comment is hidden, and Instagram takes no replies under hidden comments. Show it again with /unhide {} first.",
                        comment.id
                    ))));
                }
            }
            ReplyKind::Private => {
                if action.as_ref().is_some_and(|a| a.private_reply.is_some()) {
                    return Ok(Some(Reply::text(
                        "You already sent this commenter a private reply about this comment, and Instagram allows one per comment. They can answer you in your Instagram inbox.",
                    )));
                }
                if now - comment.published_at > PRIVATE_REPLY_WINDOW {
                    return Ok(Some(Reply::text(
                        "Instagram allows a private reply only within 7 days of the comment, and this one is older. You can still reply publicly with /reply.",
                    )));
                }
            }
        }
        Ok(None)
    }

    /// The token of `account`, or the reply that says it must be linked again.
    pub(crate) fn action_token(
        &self,
        account: &AccountRecord,
    ) -> Result<Result<crate::instagram::AccessToken, Reply>, PulseError> {
        match self.token(&account.id)? {
            Some(token) if account.status == crate::records::AccountStatus::Active => Ok(Ok(token)),
            _ => Ok(Err(Pulse::needs_reconnect_reply(
                account.network,
                &account.username,
            ))),
        }
    }
}

impl Pulse {
    /// The reply a chat is writing, if any (expired or not). Drafts hold the words of a
    /// reply: they are sealed under the master key, bound to the chat.
    pub(crate) fn draft_of(&self, chat: &ChatId) -> Result<Option<DraftRecord>, PulseError> {
        self.chat_record_sealed(Tree::Drafts, chat)
    }

    /// Stores the reply a chat is writing, sealed.
    pub(crate) fn put_draft(&self, chat: &ChatId, draft: &DraftRecord) -> Result<(), PulseError> {
        self.put_chat_record_sealed(Tree::Drafts, chat, draft)
    }

    /// A chat's saved replies (sealed like drafts).
    pub(crate) fn templates_of(&self, chat: &ChatId) -> Result<TemplatesRecord, PulseError> {
        Ok(self
            .chat_record_sealed(Tree::Templates, chat)?
            .unwrap_or_default())
    }

    /// Stores a chat's saved replies, sealed.
    pub(crate) fn put_templates(
        &self,
        chat: &ChatId,
        templates: &TemplatesRecord,
    ) -> Result<(), PulseError> {
        self.put_chat_record_sealed(Tree::Templates, chat, templates)
    }

    fn chat_record_sealed<T: serde::de::DeserializeOwned>(
        &self,
        tree: Tree,
        chat: &ChatId,
    ) -> Result<Option<T>, PulseError> {
        let Some(sealed) = self.records().chat_sealed(tree, chat)? else {
            return Ok(None);
        };
        let plain = self.vault.open(&chat.key(), chat_field(tree), &sealed)?;
        Ok(Some(crate::records::decode(chat_field(tree), &plain)?))
    }

    fn put_chat_record_sealed<T: serde::Serialize>(
        &self,
        tree: Tree,
        chat: &ChatId,
        record: &T,
    ) -> Result<(), PulseError> {
        let sealed = self.vault.seal(
            &chat.key(),
            chat_field(tree),
            &crate::records::encode(record),
        );
        Ok(self.records().put_chat_sealed(tree, chat, &sealed)?)
    }
}

/// Why `text` cannot be sent as a reply of `kind`, in plain words, if it cannot.
pub(crate) fn reply_text_problem(kind: ReplyKind, text: &str) -> Option<String> {
    let chars = text.chars().count();
    if text.trim().is_empty() {
        return Some("The reply is empty.".into());
    }
    match kind {
        ReplyKind::Public => {
            if chars > MAX_PUBLIC_REPLY_CHARS {
                return Some(format!(
                    "Instagram takes replies of up to {} characters, and this one has {}.",
                    crate::answers::thousands(MAX_PUBLIC_REPLY_CHARS as u64),
                    crate::answers::thousands(chars as u64)
                ));
            }
            let hashtags = tokens_starting_with(text, '#');
            if hashtags > MAX_HASHTAGS {
                return Some(format!(
                    "Instagram takes at most {MAX_HASHTAGS} hashtags in a comment, and this reply has {hashtags}."
                ));
            }
            let mentions = tokens_starting_with(text, '@');
            if mentions > MAX_MENTIONS {
                return Some(format!(
                    "Instagram takes at most {MAX_MENTIONS} @mentions in a comment, and this reply has {mentions}."
                ));
            }
        }
        ReplyKind::Private => {
            if chars > MAX_PRIVATE_REPLY_CHARS {
                return Some(format!(
                    "Instagram takes private replies of up to {} characters, and this one has {}.",
                    crate::answers::thousands(MAX_PRIVATE_REPLY_CHARS as u64),
                    crate::answers::thousands(chars as u64)
                ));
            }
        }
    }
    None
}

/// How many words of `text` start with `sign` followed by a letter, digit or `_`
/// (`#sale`, `@ana`), as Instagram counts hashtags and mentions.
fn tokens_starting_with(text: &str, sign: char) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(at, c)| {
            **c == sign
                && (*at == 0 || !(chars[at - 1].is_alphanumeric() || chars[at - 1] == '_'))
                && chars
                    .get(at + 1)
                    .is_some_and(|next| next.is_alphanumeric() || *next == '_')
        })
        .count()
}

/// The permission an action of `kind` needs that `account`'s link did not grant, if one.
/// An account linked by a release that kept no permissions is given the benefit of the
/// doubt: Instagram's answer tells.
pub(crate) fn missing_permission(account: &AccountRecord, kind: ReplyKind) -> Option<&'static str> {
    let needed = match kind {
        ReplyKind::Public => MANAGE_COMMENTS,
        ReplyKind::Private => MANAGE_MESSAGES,
    };
    let granted = account.granted_permissions.as_ref()?;
    (!granted.iter().any(|p| p == needed)).then_some(needed)
}

/// What to say when an account's link lacks `permission`: what it is for, and /connect.
pub(crate) fn permission_reply(account: &AccountRecord, permission: &str) -> Reply {
    let what = if permission == MANAGE_MESSAGES {
        "send private replies (direct messages) to commenters"
    } else {
        "reply to and hide comments"
    };
    Reply::text(format!(
        "To {what}, Pulse needs the permission “{permission}”, which @{}'s link did not grant. An administrator can link the account again with /connect and allow it; Pulse uses it only when someone here taps Reply, DM or Hide.",
        account.username
    ))
    .with_button(Button::Command {
        label: "Link again".into(),
        command: "/connect".into(),
    })
}

/// What to tell a chat when Instagram refused or failed an action.
pub(crate) fn action_failed(
    account: &AccountRecord,
    error: &SourceError,
    what: &str,
    needed: &str,
) -> Reply {
    let text = match error {
        SourceError::Reauth { .. } => return Reply::text(prompts::needs_reconnect(account.network.name(), &account.username, account.network.connect_command())),
        SourceError::MissingPermission { .. } => return permission_reply(account, needed),
        SourceError::Throttled { .. } => format!(
            "Instagram is limiting requests for @{} right now, so {what} was not done. Try again in a few minutes.",
            account.username
        ),
        // An answer Pulse could not read may still mean it was done.
        SourceError::Transient { .. } | SourceError::Malformed { .. } => format!(
            "Instagram did not answer, so {what} may not have been done. Check the post on Instagram before trying again."
        ),
        SourceError::Permanent { code, subcode, .. } => match (code, subcode) {
            (10, Some(2_534_022)) => "Instagram says the 7 days for a private reply to this comment are over.".to_owned(),
            (100, Some(2_534_023)) => "Instagram says this commenter already got a private reply about this comment.".to_owned(),
            _ => format!(
                "Instagram refused: {what} was not done (code {code}). The comment may have been deleted or hidden, or the post closed to comments."
            ),
        },
        SourceError::BadAuthorizationCode { .. } => format!("Instagram refused: {what} was not done."),
    };
    Reply::text(text)
}

/// Whether Instagram certainly did not do what `error` answered (it refused, or asked to
/// wait): then the same reply may be sent again. A timeout or an answer Pulse could not read
/// may hide a reply that was posted.
pub(crate) fn certainly_not_done(error: &SourceError) -> bool {
    !matches!(
        error,
        SourceError::Transient { .. } | SourceError::Malformed { .. }
    )
}

/// What a log line says of a failed action: its kind and Graph codes, never Instagram's
/// message (it may echo what was sent).
pub(crate) fn error_summary(error: &SourceError) -> String {
    match error {
        SourceError::Reauth { code } => format!("reauth {code}"),
        SourceError::Throttled { .. } => "throttled".into(),
        SourceError::Transient { .. } => "transient".into(),
        SourceError::MissingPermission { code } => format!("missing permission {code}"),
        SourceError::Permanent { code, subcode, .. } => format!("refused {code}/{subcode:?}"),
        SourceError::BadAuthorizationCode { .. } => "bad authorization code".into(),
        SourceError::Malformed { .. } => "malformed answer".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_over_instagrams_limits_are_refused_with_the_reason() {
        assert_eq!(
            reply_text_problem(ReplyKind::Public, "Thanks! 25 € #linen"),
            None
        );
        let long = "a".repeat(2_201);
        let problem = reply_text_problem(ReplyKind::Public, &long).unwrap();
        assert!(
            problem.contains("2,200") && problem.contains("2,201"),
            "{problem}"
        );
        assert!(reply_text_problem(ReplyKind::Public, &"a".repeat(2_200)).is_none());
        let mentions = "@a @b @c @d @e @f hi";
        assert!(reply_text_problem(ReplyKind::Public, mentions)
            .unwrap()
            .contains("6"));
        assert!(reply_text_problem(ReplyKind::Public, "@a @b @c @d @e hi").is_none());
        // An e-mail address is no mention, and a lone # is no hashtag.
        assert!(reply_text_problem(
            ReplyKind::Public,
            "write to shop@example.com or a@b.c d@e.f g@h.i j@k.l m@n.o # 1"
        )
        .is_none());
        let tags: String = (0..31).map(|i| format!("#t{i} ")).collect();
        assert!(reply_text_problem(ReplyKind::Public, &tags)
            .unwrap()
            .contains("31"));
        assert!(reply_text_problem(ReplyKind::Private, &"a".repeat(1_001)).is_some());
        assert!(reply_text_problem(ReplyKind::Private, &"a".repeat(1_000)).is_none());
        assert!(reply_text_problem(ReplyKind::Public, "   ").is_some());
    }
}
