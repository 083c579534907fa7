//! What Pulse persists: versioned records, their key layouts, and typed access over a [`Store`].
//!
//! Every value is `version byte ‖ JSON`. A reader refuses versions it does not know instead of
//! guessing, so an old binary never misreads a newer database. Keys are UTF-8 parts joined by
//! a NUL byte (`account \0 post`), so a prefix scan of `account \0` finds exactly one account's
//! records. Dates in keys are `YYYY-MM-DD`, which sorts chronologically.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::account::{AccountId, Network};
use crate::chat::ChatId;
use crate::instagram::{Comment, DailyInsights, MediaKind, Post, PostMetrics};
use crate::store::{Batch, Store, StoreError, Tree};

const VERSION: u8 = 1;

/// Joins key parts with NUL bytes.
pub fn key(parts: &[&str]) -> Vec<u8> {
    parts.join("\0").into_bytes()
}

/// The prefix of every key that starts with `part`.
pub fn prefix(part: &str) -> Vec<u8> {
    let mut bytes = part.as_bytes().to_vec();
    bytes.push(0);
    bytes
}

/// The key of a digest record: `chat \0 account \0 YYYY-MM-DD`.
fn digest_key(chat: &ChatId, account: &AccountId, date: NaiveDate) -> Vec<u8> {
    key(&[
        &chat.key(),
        account.as_str(),
        &date.format("%Y-%m-%d").to_string(),
    ])
}

pub(crate) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = vec![VERSION];
    bytes.extend(
        serde_json::to_vec(value)
            .expect("records are plain structs: JSON serialization cannot fail"),
    );
    bytes
}

pub(crate) fn decode<T: DeserializeOwned>(
    what: &'static str,
    bytes: &[u8],
) -> Result<T, StoreError> {
    match bytes.split_first() {
        Some((&VERSION, json)) => {
            serde_json::from_slice(json).map_err(|error| StoreError::Corrupt {
                what,
                reason: error.to_string(),
            })
        }
        Some((version, _)) => Err(StoreError::Corrupt {
            what,
            reason: format!("unknown record version {version}"),
        }),
        None => Err(StoreError::Corrupt {
            what,
            reason: "empty value".into(),
        }),
    }
}

/// Whether an account can be synced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// The token works.
    Active,
    /// Instagram refused the token (expired or revoked): syncs stop until `/connect`.
    NeedsReconnect,
}

/// How far the first sync of an account got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Backfill {
    /// Not started yet.
    Pending,
    /// Finished at this time.
    Done {
        /// When.
        at: DateTime<Utc>,
    },
    /// Stopped with this reason before it was ready; the scheduler tries again, and what was
    /// read is not read again.
    Failed {
        /// A plain-words reason (no secrets).
        reason: String,
    },
    /// Ready (the posts of the last 30 days, account insights and the audience are read),
    /// and the older posts are still being read; a stopped fill resumes on the next tick.
    Filling {
        /// When the account became ready.
        ready_at: DateTime<Utc>,
        /// Older posts read so far (written every few posts).
        read: u64,
        /// Of how many older posts.
        of: u64,
    },
}

impl Backfill {
    /// Whether the account can be answered from: the first sync is done, or ready and
    /// filling in older posts.
    pub fn is_ready(&self) -> bool {
        matches!(self, Backfill::Done { .. } | Backfill::Filling { .. })
    }
}

/// A linked Instagram account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    /// Pulse's own id of the account: the key of its records in every tree.
    pub id: AccountId,
    /// The network the account is on. (Added with account ids: every older account is on
    /// Instagram.)
    #[serde(default)]
    pub network: Network,
    /// The network's id of the account (Instagram's professional account id, `17841…`).
    pub user_id: String,
    /// The app-scoped id.
    pub app_scoped_id: String,
    /// The handle without `@`, as last seen.
    pub username: String,
    /// The display name.
    pub name: Option<String>,
    /// Followers at the last profile read.
    pub followers_count: u64,
    /// Following at the last profile read.
    pub follows_count: u64,
    /// Media count at the last profile read.
    pub media_count: u64,
    /// Whether the token works.
    pub status: AccountStatus,
    /// When it was first linked.
    pub linked_at: DateTime<Utc>,
    /// When the stored long-lived token was issued.
    pub token_issued_at: DateTime<Utc>,
    /// When it expires.
    pub token_expires_at: DateTime<Utc>,
    /// The first sync.
    pub backfill: Backfill,
    /// The end of the last successful sync: "data as of".
    pub last_sync_at: Option<DateTime<Utc>>,
    /// When the account's daily data (profile, account insights) was last read.
    pub daily_sync_at: Option<DateTime<Utc>>,
    /// Instagram throttled the account: no call before this time. (Added within version 1:
    /// older records read as `None`.)
    #[serde(default)]
    pub sync_not_before: Option<DateTime<Utc>>,
}

/// A chat's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatRecord {
    /// The account questions are about, when the chat has several.
    pub active_account: Option<AccountId>,
    /// The chat's IANA time zone.
    pub timezone: String,
    /// When Pulse first heard from the chat.
    pub created_at: DateTime<Utc>,
    /// Whether the daily digest is on. (Added within version 1: older records read as on.)
    #[serde(default = "digest_on_by_default")]
    pub digest_enabled: bool,
    /// The local time of the daily digest; `None` = the configured default. (Added within
    /// version 1.)
    #[serde(default)]
    pub digest_time: Option<chrono::NaiveTime>,
    /// Where in the chat Pulse's own messages go (a Discord channel of the server); `None` =
    /// the chat itself. (Added within version 1.)
    #[serde(default)]
    pub delivery_channel: Option<String>,
    /// When the digest was last turned on or moved; digests due before it are not owed.
    /// `None` = since `created_at`. (Added within version 1.)
    #[serde(default)]
    pub digest_changed_at: Option<DateTime<Utc>>,
    /// The one `/forget` question the chat may still answer: its buttons carry the nonce.
    /// (Added within version 1.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forget_prompt: Option<ForgetPrompt>,
}

/// A `/forget` question waiting for its answer: only a press of its own buttons (they carry
/// `nonce`), before `expires_at` and once, deletes anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgetPrompt {
    /// Random, in the buttons' commands (`/forget confirm <nonce>`).
    pub nonce: String,
    /// When the question stops counting.
    pub expires_at: DateTime<Utc>,
}

/// A chat's previous question, as Pulse understood it: what a follow-up ("and in October?")
/// refines. Kept for [`CONVERSATION_WINDOW`]; the question's words are not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRecord {
    /// The query, in the frame's text form (`top metric=saves n=1 period=30d`); the queries
    /// of a question that asked several, joined by ` ; ` as a question of two parts is
    /// written.
    pub query: String,
    /// When it was asked.
    pub asked_at: DateTime<Utc>,
}

/// How long a chat's previous question stays something to follow up on.
pub const CONVERSATION_WINDOW: chrono::Duration = chrono::Duration::minutes(30);

fn digest_on_by_default() -> bool {
    true
}

/// Where the scheduled digest of one chat, account and local date stands: a durable job
/// ([`crate::jobs`]). Written (and flushed) as `Sending` before the digest is sent, so a
/// restart never sends it again unless the earlier send may not have happened, and then
/// only once more.
pub type DigestState = crate::jobs::JobState;

/// The scheduled digest of one chat, account and local date.
pub type DigestRecord = crate::jobs::JobRecord;

/// One chat's link to one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatLinkRecord {
    /// Who linked it (the platform's user id).
    pub linked_by: String,
    /// When.
    pub linked_at: DateTime<Utc>,
}

/// A pending `/connect` link, stored under the SHA-256 of its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTokenRecord {
    /// The chat it links to (`ChatId::key`).
    pub chat: String,
    /// The person who asked for it.
    pub user: String,
    /// How the chat showed them. (Added within version 1.)
    #[serde(default)]
    pub user_name: String,
    /// How the link page names the chat.
    pub chat_title: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was used (a used link is kept until it expires, to say "already used").
    pub used_at: Option<DateTime<Utc>>,
}

/// Lifetime insights of a post as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricsRecord {
    /// `views`.
    pub views: Option<u64>,
    /// `reach`.
    pub reach: Option<u64>,
    /// `likes`.
    pub likes: Option<u64>,
    /// `comments`.
    pub comments: Option<u64>,
    /// `saved`.
    pub saves: Option<u64>,
    /// `shares`.
    pub shares: Option<u64>,
    /// `total_interactions` as Instagram reports it.
    pub total_interactions: Option<u64>,
    /// `follows`.
    pub follows: Option<u64>,
    /// `profile_visits`.
    pub profile_visits: Option<u64>,
}

impl From<&PostMetrics> for MetricsRecord {
    fn from(m: &PostMetrics) -> Self {
        Self {
            views: m.views,
            reach: m.reach,
            likes: m.likes,
            comments: m.comments,
            saves: m.saves,
            shares: m.shares,
            total_interactions: m.total_interactions,
            follows: m.follows,
            profile_visits: m.profile_visits,
        }
    }
}

/// The stored form of [`MediaKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindRecord {
    /// Photo.
    Image,
    /// Feed video.
    Video,
    /// Reel.
    Reel,
    /// Carousel.
    Carousel,
    /// Story.
    Story,
}

impl From<MediaKind> for KindRecord {
    fn from(kind: MediaKind) -> Self {
        match kind {
            MediaKind::Image => KindRecord::Image,
            MediaKind::Video => KindRecord::Video,
            MediaKind::Reel => KindRecord::Reel,
            MediaKind::Carousel => KindRecord::Carousel,
            MediaKind::Story => KindRecord::Story,
        }
    }
}

impl From<KindRecord> for MediaKind {
    fn from(kind: KindRecord) -> Self {
        match kind {
            KindRecord::Image => MediaKind::Image,
            KindRecord::Video => MediaKind::Video,
            KindRecord::Reel => MediaKind::Reel,
            KindRecord::Carousel => MediaKind::Carousel,
            KindRecord::Story => MediaKind::Story,
        }
    }
}

/// A post with its latest insights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRecord {
    /// The media id.
    pub id: String,
    /// Its kind.
    pub kind: KindRecord,
    /// The caption (untrusted).
    pub caption: Option<String>,
    /// The public link.
    pub permalink: Option<String>,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Likes from the media list.
    pub like_count: Option<u64>,
    /// Comments from the media list.
    pub comments_count: Option<u64>,
    /// The latest insights.
    pub metrics: MetricsRecord,
    /// When the insights were read; `None` = never.
    pub metrics_updated_at: Option<DateTime<Utc>>,
    /// When reading them last failed, so a failing post waits its turn on the ladder like the
    /// others. (Added within version 1: older records read as `None`.)
    #[serde(default)]
    pub metrics_attempted_at: Option<DateTime<Utc>>,
    /// Instagram will never give insights for it (e.g. posted before the account converted).
    pub insights_unavailable: bool,
    /// How many comments (replies included) Instagram reported for the post when its
    /// comments were last read; `None` = never read. Sync reads them again only when
    /// Instagram reports another number ([`PostRecord::comments_due`]). (Added within
    /// version 1: older records read as `None`.)
    #[serde(default)]
    pub comments_read: Option<u64>,
}

impl PostRecord {
    /// A new record for a listed post, without insights yet.
    pub fn from_post(post: &Post) -> Self {
        Self {
            id: post.id.clone(),
            kind: post.kind.into(),
            caption: post.caption.clone(),
            permalink: post.permalink.clone(),
            published_at: post.published_at,
            like_count: post.like_count,
            comments_count: post.comments_count,
            metrics: MetricsRecord::default(),
            metrics_updated_at: None,
            metrics_attempted_at: None,
            insights_unavailable: false,
            comments_read: None,
        }
    }

    /// How many comments and replies Instagram reports for the post: the `comments` insight,
    /// which the ladder keeps reading, else the media list's `comments_count` (read once a
    /// post has left the newest page, so it goes stale).
    pub fn reported_comments(&self) -> Option<u64> {
        self.metrics.comments.or(self.comments_count)
    }

    /// Whether the post's comments should be read: never read (unless Instagram says there are
    /// none), or Instagram reports another number than when they were last read (more
    /// comments, or some deleted and others written since). A post whose count is unknown and
    /// whose comments were read once is left alone.
    pub fn comments_due(&self) -> bool {
        match (self.reported_comments(), self.comments_read) {
            (Some(reported), Some(read)) => reported != read,
            (Some(reported), None) => reported > 0,
            (None, None) => true,
            (None, Some(_)) => false,
        }
    }

    /// Its kind.
    pub fn media_kind(&self) -> MediaKind {
        self.kind.into()
    }
}

/// One day of account insights as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyRecord {
    /// The day.
    pub date: NaiveDate,
    /// `reach`.
    pub reach: Option<u64>,
    /// `views`.
    pub views: Option<u64>,
    /// `accounts_engaged`.
    pub accounts_engaged: Option<u64>,
    /// `total_interactions`.
    pub total_interactions: Option<u64>,
    /// `likes`.
    pub likes: Option<u64>,
    /// `comments`.
    pub comments: Option<u64>,
    /// `shares`.
    pub shares: Option<u64>,
    /// `saves`.
    pub saves: Option<u64>,
    /// `replies`.
    pub replies: Option<u64>,
    /// The `follower_count` insight.
    pub follower_count: Option<i64>,
}

impl From<&DailyInsights> for DailyRecord {
    fn from(d: &DailyInsights) -> Self {
        Self {
            date: d.date,
            reach: d.reach,
            views: d.views,
            accounts_engaged: d.accounts_engaged,
            total_interactions: d.total_interactions,
            likes: d.likes,
            comments: d.comments,
            shares: d.shares,
            saves: d.saves,
            replies: d.replies,
            follower_count: d.follower_count,
        }
    }
}

/// The follower count read on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowerSnapshotRecord {
    /// The day (in UTC) it was read.
    pub date: NaiveDate,
    /// Followers.
    pub followers: u64,
    /// When exactly.
    pub taken_at: DateTime<Utc>,
}

/// Followers online by hour on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineFollowersRecord {
    /// The day.
    pub date: NaiveDate,
    /// `(hour, followers online)`.
    pub by_hour: Vec<(u8, u64)>,
}

/// Follower demographics as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemographicsRecord {
    /// Age buckets.
    pub ages: Vec<(String, u64)>,
    /// Genders.
    pub genders: Vec<(String, u64)>,
    /// Countries.
    pub countries: Vec<(String, u64)>,
    /// Cities.
    pub cities: Vec<(String, u64)>,
    /// When it was read.
    pub fetched_at: DateTime<Utc>,
}

/// A comment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRecord {
    /// The comment id.
    pub id: String,
    /// The post.
    pub post_id: String,
    /// The comment it replies to.
    pub parent_id: Option<String>,
    /// The commenter's scoped id.
    pub author_id: Option<String>,
    /// The commenter's handle.
    pub author_username: Option<String>,
    /// The text (untrusted).
    pub text: String,
    /// When it was written.
    pub published_at: DateTime<Utc>,
    /// Likes on it.
    pub like_count: Option<u64>,
}

impl From<&Comment> for CommentRecord {
    fn from(c: &Comment) -> Self {
        Self {
            id: c.id.clone(),
            post_id: c.post_id.clone(),
            parent_id: c.parent_id.clone(),
            author_id: c.author_id.clone(),
            author_username: c.author_username.clone(),
            text: c.text.clone(),
            published_at: c.published_at,
            like_count: c.like_count,
        }
    }
}

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

    fn read<T: DeserializeOwned>(
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

    fn scan<T: DeserializeOwned>(
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
        loop {
            let Some(bytes) = self
                .store
                .get(Tree::Accounts, account.as_str().as_bytes())?
            else {
                return Ok(None);
            };
            let mut record: AccountRecord = decode("account", &bytes)?;
            change(&mut record);
            match self.store.compare_and_swap(
                Tree::Accounts,
                account.as_str().as_bytes(),
                Some(&bytes),
                Some(&encode(&record)),
            ) {
                Ok(()) => return Ok(Some(record)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
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
        let scan = match account {
            Some(account) => key(&[&chat.key(), account.as_str(), ""]),
            None => prefix(&chat.key()),
        };
        let keys = self.store.scan_prefix(Tree::Digests, &scan)?;
        for (key, _) in &keys {
            batch.remove(Tree::Digests, key.clone());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    #[test]
    fn unknown_versions_and_damage_are_refused_not_guessed() {
        let snapshot = FollowerSnapshotRecord {
            date: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            followers: 5,
            taken_at: DateTime::from_timestamp(0, 0).unwrap(),
        };
        let mut bytes = encode(&snapshot);
        assert_eq!(
            decode::<FollowerSnapshotRecord>("s", &bytes).unwrap(),
            snapshot
        );
        bytes[0] = 2;
        assert!(matches!(
            decode::<FollowerSnapshotRecord>("s", &bytes),
            Err(StoreError::Corrupt { .. })
        ));
        assert!(decode::<FollowerSnapshotRecord>("s", &[]).is_err());
        assert!(decode::<FollowerSnapshotRecord>("s", &[1, b'{']).is_err());
    }

    #[test]
    fn a_checked_in_version_1_record_still_reads() {
        // Yesterday's format must keep opening: this is the bytes of a v1 post record.
        let stored = b"\x01{\"id\":\"1\",\"kind\":\"reel\",\"caption\":null,\"permalink\":null,\
            \"published_at\":\"2026-01-02T03:04:05Z\",\"like_count\":3,\"comments_count\":null,\
            \"metrics\":{\"views\":10,\"reach\":null,\"likes\":null,\"comments\":null,\"saves\":2,\
            \"shares\":null,\"total_interactions\":null,\"follows\":null,\"profile_visits\":null},\
            \"metrics_updated_at\":null,\"insights_unavailable\":false}";
        let post: PostRecord = decode("post", stored).unwrap();
        assert_eq!(post.media_kind(), MediaKind::Reel);
        assert_eq!(post.metrics.saves, Some(2));
    }

    #[test]
    fn links_are_indexed_both_ways() {
        let store = MemoryStore::new();
        let records = Records::new(&store);
        let chat = ChatId::new(crate::chat::Platform::Console, "local");
        let link = ChatLinkRecord {
            linked_by: "me".into(),
            linked_at: DateTime::from_timestamp(0, 0).unwrap(),
        };
        let (one, two) = (AccountId::for_test("1"), AccountId::for_test("2"));
        let mut batch = Batch::new();
        Records::batch_link(&mut batch, &chat, &one, &link);
        Records::batch_link(&mut batch, &chat, &two, &link);
        store.apply(&batch).unwrap();
        assert_eq!(
            records.chat_accounts(&chat).unwrap(),
            vec![one.clone(), two.clone()]
        );
        assert_eq!(records.account_chats(&one).unwrap(), vec![chat.clone()]);
        let mut batch = Batch::new();
        Records::batch_unlink(&mut batch, &chat, &one);
        store.apply(&batch).unwrap();
        assert_eq!(records.chat_accounts(&chat).unwrap(), vec![two]);
        assert!(records.account_chats(&one).unwrap().is_empty());
    }
}
