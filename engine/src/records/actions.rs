//! What a chat did about comments through Pulse: [`CommentActionRecord`] (replies sent, a
//! private reply, hidden, a lead marked done, won or lost; per account, sealed and masked
//! like the comments), the reply being written in a chat ([`DraftRecord`]) and a chat's
//! saved replies ([`TemplatesRecord`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{decode, encode, key, prefix, Records};
use crate::account::AccountId;
use crate::chat::ChatId;
use crate::store::{Batch, StoreError, Tree};

/// What a person marked a lead as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadMark {
    /// Nothing more to do (answered elsewhere, not a buyer after all).
    Done,
    /// It became a sale.
    Won,
    /// It did not.
    Lost,
}

/// A public reply Pulse published under a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentReply {
    /// The reply's comment id on Instagram.
    pub id: String,
    /// What it said.
    pub text: String,
    /// When it was sent.
    pub at: DateTime<Utc>,
}

/// A private reply (one direct message) Pulse sent to a commenter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentPrivateReply {
    /// What it said.
    pub text: String,
    /// When it was sent.
    pub at: DateTime<Utc>,
}

/// What was done about one comment: `account \0 comment` in [`Tree::CommentActions`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentActionRecord {
    /// The post the comment is on.
    pub post_id: String,
    /// Public replies sent through Pulse, oldest first.
    #[serde(default)]
    pub replies: Vec<SentReply>,
    /// The private reply, once sent (Instagram allows one per comment).
    #[serde(default)]
    pub private_reply: Option<SentPrivateReply>,
    /// Whether the comment is hidden, when Pulse hid or showed it.
    #[serde(default)]
    pub hidden: Option<bool>,
    /// What the lead was marked as, and when.
    #[serde(default)]
    pub mark: Option<(LeadMark, DateTime<Utc>)>,
}

impl CommentActionRecord {
    /// When the commenter was first answered through Pulse, publicly or privately.
    pub fn first_reply_at(&self) -> Option<DateTime<Utc>> {
        let public = self.replies.iter().map(|reply| reply.at).min();
        let private = self.private_reply.as_ref().map(|reply| reply.at);
        match (public, private) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Which kind of reply a draft is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyKind {
    /// A public reply under the comment.
    Public,
    /// A private reply: one direct message to the commenter.
    Private,
}

/// The reply a chat is writing, by chat key in [`Tree::Drafts`]: to which comment, by whom,
/// and — once written — its text and the nonce its Send button carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRecord {
    /// The account the comment is on.
    pub account: AccountId,
    /// The comment answered.
    pub comment_id: String,
    /// The post it is on.
    pub post_id: String,
    /// Public or private.
    pub kind: ReplyKind,
    /// Who started it (a user key): their next message is the text.
    pub user: String,
    /// The text, once written; `None` while Pulse waits for it.
    pub text: Option<String>,
    /// What the Send button carries, so an old button cannot send a newer text.
    pub nonce: String,
    /// When it lapses unsent.
    pub expires_at: DateTime<Utc>,
}

/// One saved reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Its short name (`price`), as a button shows it.
    pub name: String,
    /// The text.
    pub text: String,
}

/// A chat's saved replies, by chat key in [`Tree::Templates`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatesRecord {
    /// In the order they were added.
    pub templates: Vec<Template>,
}

/// The field a chat's sealed record in `tree` is bound to ([`Tree::Drafts`]: `draft`,
/// [`Tree::Templates`]: `templates`), so a value cannot be moved to another tree or chat.
pub fn chat_field(tree: Tree) -> &'static str {
    match tree {
        Tree::Templates => "templates",
        _ => "draft",
    }
}

impl Records<'_> {
    /// What was done about a comment, if anything.
    pub fn comment_action(
        &self,
        account: &AccountId,
        comment_id: &str,
    ) -> Result<Option<CommentActionRecord>, StoreError> {
        self.read(
            "comment action",
            Tree::CommentActions,
            &key(&[account.as_str(), comment_id]),
        )
    }

    /// Everything done about an account's comments, by comment id.
    pub fn comment_actions(
        &self,
        account: &AccountId,
    ) -> Result<Vec<(String, CommentActionRecord)>, StoreError> {
        let start = prefix(account.as_str());
        self.store()
            .scan_prefix(Tree::CommentActions, &start)?
            .into_iter()
            .map(|(key, value)| {
                let comment = String::from_utf8_lossy(&key[start.len()..]).into_owned();
                Ok((comment, decode("comment action", &value)?))
            })
            .collect()
    }

    /// Stores what was done about a comment.
    pub fn put_comment_action(
        &self,
        account: &AccountId,
        comment_id: &str,
        record: &CommentActionRecord,
    ) -> Result<(), StoreError> {
        self.store().insert(
            Tree::CommentActions,
            &key(&[account.as_str(), comment_id]),
            &encode(record),
        )?;
        Ok(())
    }

    /// The sealed bytes of a chat's record in `tree` (a draft or its saved replies: both are
    /// sealed under the master key by `Pulse`, bound to the chat and [`chat_field`]).
    pub fn chat_sealed(&self, tree: Tree, chat: &ChatId) -> Result<Option<Vec<u8>>, StoreError> {
        self.store().get(tree, chat.key().as_bytes())
    }

    /// Stores the sealed bytes of a chat's record in `tree`.
    pub fn put_chat_sealed(
        &self,
        tree: Tree,
        chat: &ChatId,
        sealed: &[u8],
    ) -> Result<(), StoreError> {
        self.store().insert(tree, chat.key().as_bytes(), sealed)?;
        Ok(())
    }

    /// Drops the reply a chat is writing; returns whether there was one.
    pub fn remove_draft(&self, chat: &ChatId) -> Result<bool, StoreError> {
        Ok(self
            .store()
            .remove(Tree::Drafts, chat.key().as_bytes())?
            .is_some())
    }

    /// Adds the removal of a chat's draft and saved replies to `batch` (its erasure);
    /// returns how many records there were.
    pub fn batch_remove_chat_replies(
        &self,
        batch: &mut Batch,
        chat: &ChatId,
    ) -> Result<usize, StoreError> {
        let mut found = 0;
        for tree in [Tree::Drafts, Tree::Templates] {
            if self.store().get(tree, chat.key().as_bytes())?.is_some() {
                found += 1;
            }
            batch.remove(tree, chat.key().into_bytes());
        }
        Ok(found)
    }
}
