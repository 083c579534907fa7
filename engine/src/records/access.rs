//! [`Records`]: typed reads and writes of every record over any [`Store`], with the key
//! layouts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;

use super::*;
use crate::account::{AccountId, Network};
use crate::chat::ChatId;
use crate::store::{Batch, Store, StoreError, Tree};

/// Typed reads and writes of the records above, over any [`Store`].
#[derive(Clone, Copy)]
pub struct Records<'a> {
    store: &'a dyn Store,
}

impl<'a> Records<'a> {
    /// Typed access to `store`.
    pub fn new(store: &'a dyn Store) -> Self {
        Self { store }
    }

    /// The underlying store.
    pub fn store(&self) -> &'a dyn Store {
        self.store
    }

    pub(super) fn read<T: DeserializeOwned>(
        &self,
        what: &'static str,
        tree: Tree,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        self.store
            .get(tree, key)?
            .map(|bytes| decode(what, &bytes))
            .transpose()
    }

    /// Changes the record at `key` in place when `change` says so (returns `true`),
    /// atomically against concurrent writers: read, apply, compare-and-swap, retry on
    /// conflict. `Ok(None)` when there is no record.
    pub(super) fn update<T: DeserializeOwned + Serialize>(
        &self,
        what: &'static str,
        tree: Tree,
        key: &[u8],
        mut change: impl FnMut(&mut T) -> bool,
    ) -> Result<Option<T>, StoreError> {
        loop {
            let Some(bytes) = self.store.get(tree, key)? else {
                return Ok(None);
            };
            let mut record: T = decode(what, &bytes)?;
            if !change(&mut record) {
                return Ok(Some(record));
            }
            match self
                .store
                .compare_and_swap(tree, key, Some(&bytes), Some(&encode(&record)))
            {
                Ok(()) => return Ok(Some(record)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
    }

    pub(super) fn scan<T: DeserializeOwned>(
        &self,
        what: &'static str,
        tree: Tree,
        prefix: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        self.store
            .scan_prefix(tree, prefix)?
            .iter()
            .map(|(_, value)| decode(what, value))
            .collect()
    }

    /// An account by id.
    pub fn account(&self, account: &AccountId) -> Result<Option<AccountRecord>, StoreError> {
        self.read("account", Tree::Accounts, account.as_str().as_bytes())
    }

    /// The account that is `user_id` on `network`, if it is linked: its records are filed
    /// under Pulse's own id, so this reads every account (a few hundred at most on one
    /// instance; linking and Meta's deletion requests are the only callers).
    pub fn account_on(
        &self,
        network: Network,
        user_id: &str,
    ) -> Result<Option<AccountRecord>, StoreError> {
        Ok(self
            .accounts()?
            .into_iter()
            .find(|account| account.network == network && account.user_id == user_id))
    }

    /// Every account.
    pub fn accounts(&self) -> Result<Vec<AccountRecord>, StoreError> {
        self.scan("account", Tree::Accounts, &[])
    }

    /// Writes an account.
    pub fn put_account(&self, account: &AccountRecord) -> Result<(), StoreError> {
        self.store.insert(
            Tree::Accounts,
            account.id.as_str().as_bytes(),
            &encode(account),
        )?;
        Ok(())
    }

    /// Changes an account in place, atomically against concurrent writers (a sync and a
    /// re-link may touch the same record): read, apply `change`, compare-and-swap, retry on
    /// conflict. `Ok(None)` when the account no longer exists.
    pub fn update_account(
        &self,
        account: &AccountId,
        mut change: impl FnMut(&mut AccountRecord),
    ) -> Result<Option<AccountRecord>, StoreError> {
        self.update(
            "account",
            Tree::Accounts,
            account.as_str().as_bytes(),
            |record| {
                change(record);
                true
            },
        )
    }

    /// Changes a chat's record in place, atomically against concurrent writers (an alert
    /// round and a settings command may touch the same record): read, apply `change`,
    /// compare-and-swap, retry on conflict. `Ok(None)` when the chat has no record.
    pub fn update_chat(
        &self,
        chat: &ChatId,
        mut change: impl FnMut(&mut ChatRecord),
    ) -> Result<Option<ChatRecord>, StoreError> {
        self.update("chat", Tree::Chats, chat.key().as_bytes(), |record| {
            change(record);
            true
        })
    }

    /// Adds writing an account to `batch`.
    pub fn batch_account(batch: &mut Batch, account: &AccountRecord) {
        batch.put(
            Tree::Accounts,
            account.id.as_str().as_bytes(),
            encode(account),
        );
    }

    /// A chat's settings.
    pub fn chat(&self, chat: &ChatId) -> Result<Option<ChatRecord>, StoreError> {
        self.read("chat", Tree::Chats, chat.key().as_bytes())
    }

    /// Writes a chat's settings.
    pub fn put_chat(&self, chat: &ChatId, record: &ChatRecord) -> Result<(), StoreError> {
        self.store
            .insert(Tree::Chats, chat.key().as_bytes(), &encode(record))?;
        Ok(())
    }

    /// Adds writing a chat's settings to `batch`.
    pub fn batch_chat(batch: &mut Batch, chat: &ChatId, record: &ChatRecord) {
        batch.put(Tree::Chats, chat.key().as_bytes(), encode(record));
    }

    /// A chat's previous question, if one is stored.
    pub fn conversation(&self, chat: &ChatId) -> Result<Option<ConversationRecord>, StoreError> {
        self.read("conversation", Tree::Conversations, chat.key().as_bytes())
    }

    /// Stores a chat's previous question.
    pub fn put_conversation(
        &self,
        chat: &ChatId,
        record: &ConversationRecord,
    ) -> Result<(), StoreError> {
        self.store
            .insert(Tree::Conversations, chat.key().as_bytes(), &encode(record))?;
        Ok(())
    }

    /// Forgets a chat's previous question.
    pub fn remove_conversation(&self, chat: &ChatId) -> Result<(), StoreError> {
        self.store
            .remove(Tree::Conversations, chat.key().as_bytes())?;
        Ok(())
    }

    /// Removes every stored question older than [`CONVERSATION_WINDOW`]; returns how many.
    pub fn purge_conversations(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let mut batch = Batch::new();
        for (key, value) in self.store.scan_prefix(Tree::Conversations, b"")? {
            let record: ConversationRecord = decode("conversation", &value)?;
            if now - record.asked_at > CONVERSATION_WINDOW {
                batch.remove(Tree::Conversations, key);
            }
        }
        let purged = batch.len();
        if !batch.is_empty() {
            self.store.apply(&batch)?;
        }
        Ok(purged)
    }

    /// The ids of the accounts linked to a chat, in id order.
    pub fn chat_accounts(&self, chat: &ChatId) -> Result<Vec<AccountId>, StoreError> {
        let prefix = prefix(&chat.key());
        Ok(self
            .store
            .scan_prefix(Tree::ChatAccounts, &prefix)?
            .into_iter()
            .filter_map(|(key, _)| {
                let account = std::str::from_utf8(&key[prefix.len()..]).ok()?;
                AccountId::parse(account).ok()
            })
            .collect())
    }

    /// The chats an account is linked to.
    pub fn account_chats(&self, account: &AccountId) -> Result<Vec<ChatId>, StoreError> {
        let prefix = prefix(account.as_str());
        Ok(self
            .store
            .scan_prefix(Tree::AccountChats, &prefix)?
            .into_iter()
            .filter_map(|(key, _)| ChatId::from_key(&String::from_utf8_lossy(&key[prefix.len()..])))
            .collect())
    }

    /// Every chat ↔ account link: `(chat, account, link)`, grouped by chat.
    pub fn links(&self) -> Result<Vec<(ChatId, AccountId, ChatLinkRecord)>, StoreError> {
        let mut out = Vec::new();
        for (key, value) in self.store.scan_prefix(Tree::ChatAccounts, &[])? {
            let text = String::from_utf8_lossy(&key).into_owned();
            let Some((chat, account)) = text.split_once('\0') else {
                continue;
            };
            let (Some(chat), Ok(account)) = (ChatId::from_key(chat), AccountId::parse(account))
            else {
                continue;
            };
            out.push((chat, account, decode("chat link", &value)?));
        }
        Ok(out)
    }

    /// How a chat is linked to an account, if it is.
    pub fn chat_link(
        &self,
        chat: &ChatId,
        account: &AccountId,
    ) -> Result<Option<ChatLinkRecord>, StoreError> {
        self.read(
            "chat link",
            Tree::ChatAccounts,
            &key(&[&chat.key(), account.as_str()]),
        )
    }

    /// Adds a chat ↔ account link (both directions) to `batch`.
    pub fn batch_link(
        batch: &mut Batch,
        chat: &ChatId,
        account: &AccountId,
        link: &ChatLinkRecord,
    ) {
        let chat_key = chat.key();
        batch.put(
            Tree::ChatAccounts,
            key(&[&chat_key, account.as_str()]),
            encode(link),
        );
        batch.put(
            Tree::AccountChats,
            key(&[account.as_str(), &chat_key]),
            encode(link),
        );
    }

    /// Adds removing a chat ↔ account link to `batch`.
    pub fn batch_unlink(batch: &mut Batch, chat: &ChatId, account: &AccountId) {
        let chat_key = chat.key();
        batch.remove(Tree::ChatAccounts, key(&[&chat_key, account.as_str()]));
        batch.remove(Tree::AccountChats, key(&[account.as_str(), &chat_key]));
    }

    /// A pending link by the hash of its token.
    pub fn link_token(&self, token_hash: &[u8]) -> Result<Option<LinkTokenRecord>, StoreError> {
        self.read("link token", Tree::LinkTokens, token_hash)
    }

    /// The raw stored bytes of a pending link (for compare-and-swap).
    pub fn link_token_bytes(&self, token_hash: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.store.get(Tree::LinkTokens, token_hash)
    }

    /// Encodes a pending link.
    pub fn encode_link_token(record: &LinkTokenRecord) -> Vec<u8> {
        encode(record)
    }

    /// Every post of an account, in id order.
    pub fn posts(&self, account: &AccountId) -> Result<Vec<PostRecord>, StoreError> {
        self.scan("post", Tree::Posts, &prefix(account.as_str()))
    }

    /// One post.
    pub fn post(
        &self,
        account: &AccountId,
        post_id: &str,
    ) -> Result<Option<PostRecord>, StoreError> {
        self.read("post", Tree::Posts, &key(&[account.as_str(), post_id]))
    }

    /// Adds writing a post to `batch`.
    pub fn batch_post(batch: &mut Batch, account: &AccountId, post: &PostRecord) {
        batch.put(
            Tree::Posts,
            key(&[account.as_str(), &post.id]),
            encode(post),
        );
    }

    /// Every stored day of account insights, oldest first.
    pub fn daily(&self, account: &AccountId) -> Result<Vec<DailyRecord>, StoreError> {
        self.scan(
            "daily insights",
            Tree::DailyInsights,
            &prefix(account.as_str()),
        )
    }

    /// Adds writing a day of account insights to `batch`.
    pub fn batch_daily(batch: &mut Batch, account: &AccountId, day: &DailyRecord) {
        let date = day.date.format("%Y-%m-%d").to_string();
        batch.put(
            Tree::DailyInsights,
            key(&[account.as_str(), &date]),
            encode(day),
        );
    }

    /// Every follower snapshot, oldest first.
    pub fn follower_snapshots(
        &self,
        account: &AccountId,
    ) -> Result<Vec<FollowerSnapshotRecord>, StoreError> {
        self.scan(
            "follower snapshot",
            Tree::FollowerSnapshots,
            &prefix(account.as_str()),
        )
    }

    /// Adds writing a follower snapshot to `batch` (one per day; a later one replaces it).
    pub fn batch_follower_snapshot(
        batch: &mut Batch,
        account: &AccountId,
        snapshot: &FollowerSnapshotRecord,
    ) {
        let date = snapshot.date.format("%Y-%m-%d").to_string();
        batch.put(
            Tree::FollowerSnapshots,
            key(&[account.as_str(), &date]),
            encode(snapshot),
        );
    }

    /// Every stored day of online followers, oldest first.
    pub fn online_followers(
        &self,
        account: &AccountId,
    ) -> Result<Vec<OnlineFollowersRecord>, StoreError> {
        self.scan(
            "online followers",
            Tree::OnlineFollowers,
            &prefix(account.as_str()),
        )
    }

    /// Adds writing a day of online followers to `batch`.
    pub fn batch_online_followers(
        batch: &mut Batch,
        account: &AccountId,
        day: &OnlineFollowersRecord,
    ) {
        let date = day.date.format("%Y-%m-%d").to_string();
        batch.put(
            Tree::OnlineFollowers,
            key(&[account.as_str(), &date]),
            encode(day),
        );
    }

    /// The account's demographics.
    pub fn demographics(
        &self,
        account: &AccountId,
    ) -> Result<Option<DemographicsRecord>, StoreError> {
        self.read(
            "demographics",
            Tree::Demographics,
            account.as_str().as_bytes(),
        )
    }

    /// Adds writing demographics to `batch`.
    pub fn batch_demographics(batch: &mut Batch, account: &AccountId, record: &DemographicsRecord) {
        batch.put(
            Tree::Demographics,
            account.as_str().as_bytes(),
            encode(record),
        );
    }

    /// Every stored comment of an account.
    pub fn comments(&self, account: &AccountId) -> Result<Vec<CommentRecord>, StoreError> {
        self.scan("comment", Tree::Comments, &prefix(account.as_str()))
    }

    /// The scheduled digest of a chat, account and local date.
    pub fn digest(
        &self,
        chat: &ChatId,
        account: &AccountId,
        date: NaiveDate,
    ) -> Result<Option<DigestRecord>, StoreError> {
        self.read("digest", Tree::Digests, &digest_key(chat, account, date))
    }

    /// Removes the digest records of a chat and account for local dates before `before`;
    /// returns how many.
    pub fn prune_digests(
        &self,
        chat: &ChatId,
        account: &AccountId,
        before: NaiveDate,
    ) -> Result<usize, StoreError> {
        let scan = key(&[&chat.key(), account.as_str(), ""]);
        let mut batch = Batch::new();
        for (key, _) in self.store.scan_prefix(Tree::Digests, &scan)? {
            let old = std::str::from_utf8(&key[scan.len()..])
                .ok()
                .and_then(|date| date.parse::<NaiveDate>().ok())
                .is_some_and(|date| date < before);
            if old {
                batch.remove(Tree::Digests, key);
            }
        }
        let removed = batch.len();
        if removed > 0 {
            self.store.apply(&batch)?;
        }
        Ok(removed)
    }

    /// Changes the digest record of a chat, account and date atomically: `change` sees the
    /// current record and returns the one to write, or `None` to leave it. Compare-and-swap,
    /// retried on conflict. Returns what was written.
    pub fn update_digest(
        &self,
        chat: &ChatId,
        account: &AccountId,
        date: NaiveDate,
        change: impl FnMut(Option<&DigestRecord>) -> Option<DigestRecord>,
    ) -> Result<Option<DigestRecord>, StoreError> {
        self.update_job(Tree::Digests, &digest_key(chat, account, date), change)
    }

    /// Changes the job record under `key` of a job kind's `tree` atomically: `change` sees
    /// the current record and returns the one to write, or `None` to leave it.
    /// Compare-and-swap, retried on conflict: of two processes claiming one job, one wins
    /// and the other's `change` sees the winner's claim. Returns what was written.
    pub fn update_job(
        &self,
        tree: Tree,
        key: &[u8],
        mut change: impl FnMut(Option<&crate::jobs::JobRecord>) -> Option<crate::jobs::JobRecord>,
    ) -> Result<Option<crate::jobs::JobRecord>, StoreError> {
        loop {
            let bytes = self.store.get(tree, key)?;
            let current: Option<crate::jobs::JobRecord> =
                bytes.as_deref().map(|b| decode("job", b)).transpose()?;
            let Some(next) = change(current.as_ref()) else {
                return Ok(None);
            };
            match self
                .store
                .compare_and_swap(tree, key, bytes.as_deref(), Some(&encode(&next)))
            {
                Ok(()) => return Ok(Some(next)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// Every digest record of a chat: `(account, local date, record)`, in key order.
    pub fn chat_digests(
        &self,
        chat: &ChatId,
    ) -> Result<Vec<(AccountId, NaiveDate, DigestRecord)>, StoreError> {
        let mut out = Vec::new();
        for (key, value) in self
            .store
            .scan_prefix(Tree::Digests, &prefix(&chat.key()))?
        {
            let text = String::from_utf8_lossy(&key).into_owned();
            let mut parts = text.split('\0').skip(1);
            let (Some(account), Some(date)) = (parts.next(), parts.next()) else {
                continue;
            };
            let (Ok(account), Ok(date)) = (AccountId::parse(account), date.parse::<NaiveDate>())
            else {
                continue;
            };
            out.push((account, date, decode("digest", &value)?));
        }
        Ok(out)
    }

    /// Adds removing the digest records of a chat (of one account, or all) to `batch`, and
    /// returns how many.
    pub fn batch_remove_digests(
        &self,
        batch: &mut Batch,
        chat: &ChatId,
        account: Option<&AccountId>,
    ) -> Result<usize, StoreError> {
        self.batch_remove_chat_records(batch, Tree::Digests, chat, account)
    }

    /// Adds removing the records of a chat (of one account, or all) in a tree keyed
    /// `chat \0 account \0 …` to `batch`, and returns how many.
    pub(super) fn batch_remove_chat_records(
        &self,
        batch: &mut Batch,
        tree: Tree,
        chat: &ChatId,
        account: Option<&AccountId>,
    ) -> Result<usize, StoreError> {
        let scan = match account {
            Some(account) => key(&[&chat.key(), account.as_str(), ""]),
            None => prefix(&chat.key()),
        };
        let keys = self.store.scan_prefix(tree, &scan)?;
        for (key, _) in &keys {
            batch.remove(tree, key.clone());
        }
        Ok(keys.len())
    }

    /// Every stored comment of an account, oldest first (what [`AnswerData`] expects).
    ///
    /// [`AnswerData`]: crate::question::answer::AnswerData
    pub fn comments_by_time(&self, account: &AccountId) -> Result<Vec<CommentRecord>, StoreError> {
        let mut comments = self.comments(account)?;
        comments.sort_by_key(|c| c.published_at);
        Ok(comments)
    }

    /// Adds removing a comment to `batch`.
    pub fn batch_remove_comment(batch: &mut Batch, account: &AccountId, comment: &CommentRecord) {
        batch.remove(
            Tree::Comments,
            key(&[account.as_str(), &comment.post_id, &comment.id]),
        );
    }

    /// Adds writing a comment to `batch`.
    pub fn batch_comment(batch: &mut Batch, account: &AccountId, comment: &CommentRecord) {
        batch.put(
            Tree::Comments,
            key(&[account.as_str(), &comment.post_id, &comment.id]),
            encode(comment),
        );
    }
}
