//! The store: named trees of ordered byte keys and values, behind the [`Store`] trait.
//!
//! Three implementations pass one contract suite ([`contract`], public so other backends run
//! it too): [`SledStore`] on disk (sled 0.34.7), [`MemoryStore`] in memory, and
//! [`SealedStore`], which wraps either and encrypts
//! each account's data under the account's own key (crypto-shredding). Everything Pulse keeps goes through this trait, so a
//! full scan of every tree (what `/forget` promises) is a loop over [`Tree::ALL`], and swapping
//! sled for another embedded database touches one file.
//!
//! The trait is byte-level on purpose: what a record *means* lives in `records.rs`, which
//! encodes versioned values and the key layouts.

mod memory;
mod sealed;
mod sled_store;

pub mod contract;

pub use memory::MemoryStore;
pub use sealed::SealedStore;
pub use sled_store::{SledStore, WritesPaused};

/// The trees Pulse keeps. Each is one sled tree; keys inside are ordered bytewise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tree {
    /// Linked Instagram accounts, by account id.
    Accounts,
    /// Sealed access tokens, by account id.
    Tokens,
    /// Chat settings (active account, time zone, digest), by chat key.
    Chats,
    /// Which accounts a chat has linked: `chat \0 account`.
    ChatAccounts,
    /// The reverse index: `account \0 chat`.
    AccountChats,
    /// Pending `/connect` links, by SHA-256 of the link token.
    LinkTokens,
    /// Posts with their latest insights: `account \0 post`.
    Posts,
    /// Daily account insights: `account \0 YYYY-MM-DD`.
    DailyInsights,
    /// Daily follower counts read from the profile: `account \0 YYYY-MM-DD`.
    FollowerSnapshots,
    /// Followers online by hour: `account \0 YYYY-MM-DD`.
    OnlineFollowers,
    /// Follower demographics, by account id.
    Demographics,
    /// Comments and replies: `account \0 post \0 comment`.
    Comments,
    /// Scheduled digests, one per chat, account and local date: `chat \0 account \0 date`.
    Digests,
    /// Data-deletion requests from Meta: `request \0 <hash of user and time>` and
    /// `code \0 <confirmation code>`, both to the same status (no personal data).
    Deletions,
    /// Each chat's previous question as Pulse understood it, for follow-ups (kept 30
    /// minutes), by chat key.
    Conversations,
    /// What was done about each comment through Pulse (replies sent, hidden, a lead marked
    /// done, won or lost): `account \0 comment`.
    CommentActions,
    /// A chat's reply in progress (to which comment, the text, its confirmation nonce), by
    /// chat key.
    Drafts,
    /// A chat's saved replies, by chat key.
    Templates,
    /// Alerts of new comments for a chat, one per comment, with whether it was sent:
    /// `chat \0 account \0 comment`.
    Alerts,
    /// Posts composed to be published through Pulse, with where each stands:
    /// `account \0 publication`.
    Publications,
    /// The files of those posts: `account \0 media`.
    PublicationMedia,
    /// The files Instagram's crawler may fetch now, by their random media id (Pulse's
    /// bookkeeping: ids only).
    HostedMedia,
    /// A TikTok account's daily reading of every video's counts: `account \0 YYYY-MM-DD`.
    VideoSnapshots,
    /// Authorizations to revoke with TikTok after their account was erased, by a random id
    /// (the tokens sealed under the vault's key; kept until TikTok confirms).
    Revocations,
    /// A chat's keys of the stats API, by key id: the peppered hash (never the key), scopes,
    /// dates, and a signed key's signing secret sealed under the vault's key.
    ApiKeys,
    /// Each request made with a key: `key \0 time \0 nonce` (route pattern, status, bytes,
    /// the caller's network; never the key, a query or personal data). Kept 30 days.
    ApiAccessLog,
    /// Each key's requests per day: `key \0 YYYY-MM-DD`. Kept 366 days.
    ApiUsage,
    /// The accounts paused with `/pause` (restriction of processing), by account id.
    Restrictions,
    /// Roles one instance holds at a time among several sharing the database (the
    /// scheduler's leader, a chat's claim on its waiting updates), by role name: the holder
    /// and until when (Pulse's bookkeeping).
    Leases,
    /// Updates posted to the Telegram webhook, waiting to be handled, `chat \0 update id`
    /// (`inbox.rs`): the update as posted and how often it was started; removed once handled.
    Inbox,
    /// The ids of handled updates, `chat \0 update id`, with when: a repeat of one is not
    /// recorded again. Ids only; kept 25 hours (Pulse's bookkeeping).
    InboxHandled,
    /// Limits of an outside service shared by the instances of one database (Telegram's 30
    /// messages a second), by service: its next free send slot (Pulse's bookkeeping).
    Paces,
}

/// Whose data a tree holds: the one map that sealing, erasure and export follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// One account's data: sealed under the account's key, erased with the account, and in
    /// its export unless it is a secret.
    Account {
        /// How the account is found in a key.
        key: AccountKey,
        /// Whether `/export` holds it (an access token does not).
        exported: bool,
    },
    /// Between a chat and an account (the link indexes, the digests): erased with either
    /// side, exported with the chat.
    Link,
    /// A chat's own settings, last question and API keys (with their request log and
    /// usage): erased with the chat, exported with it.
    Chat,
    /// Pulse's own bookkeeping (pending links, deletion requests): no one's data to seal.
    Service,
}

/// Where the account id stands in a per-account tree's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKey {
    /// The key is the account id.
    Whole,
    /// The key starts with the account id and a zero byte (`account \0 …`).
    Prefix,
}

impl Tree {
    /// Whose data the tree holds. Every tree says it here, with no catch-all: a new tree
    /// does not compile until it is given an owner, so none is stored unsealed or left behind
    /// by `/forget` by omission.
    pub const fn owner(self) -> Owner {
        use AccountKey::{Prefix, Whole};
        match self {
            Tree::Accounts | Tree::Demographics | Tree::Restrictions => Owner::Account {
                key: Whole,
                exported: true,
            },
            Tree::Tokens => Owner::Account {
                key: Whole,
                exported: false,
            },
            Tree::Posts
            | Tree::DailyInsights
            | Tree::FollowerSnapshots
            | Tree::OnlineFollowers
            | Tree::Comments
            | Tree::CommentActions
            | Tree::Publications
            | Tree::PublicationMedia
            | Tree::VideoSnapshots => Owner::Account {
                key: Prefix,
                exported: true,
            },
            Tree::ChatAccounts | Tree::AccountChats | Tree::Digests | Tree::Alerts => Owner::Link,
            Tree::Chats
            | Tree::Conversations
            | Tree::Drafts
            | Tree::Templates
            | Tree::ApiKeys
            | Tree::ApiAccessLog
            | Tree::ApiUsage => Owner::Chat,
            Tree::LinkTokens
            | Tree::Deletions
            | Tree::HostedMedia
            | Tree::Revocations
            | Tree::Leases
            | Tree::Inbox
            | Tree::InboxHandled
            | Tree::Paces => Owner::Service,
        }
    }

    /// Where the account id stands in this tree's keys, for the per-account trees.
    pub const fn account_key(self) -> Option<AccountKey> {
        match self.owner() {
            Owner::Account { key, .. } => Some(key),
            Owner::Link | Owner::Chat | Owner::Service => None,
        }
    }

    /// The account whose data `key` is in this tree, for the per-account trees.
    pub fn account_in(self, key: &[u8]) -> Option<&str> {
        let owner = match self.account_key()? {
            AccountKey::Whole => key,
            AccountKey::Prefix => key.split(|b| *b == 0).next().unwrap_or(key),
        };
        std::str::from_utf8(owner).ok().filter(|o| !o.is_empty())
    }

    /// Whether the parts of this tree's keys after the account id are ids of the account's
    /// posts and comments, which [`SealedStore`] masks under the account's key: once the key
    /// is shredded, no leftover key on disk names a post. Dates stay as they are: they name
    /// no one, and scans rely on their order. Every tree says it here, with no catch-all.
    pub const fn masks_ids(self) -> bool {
        match self {
            Tree::Posts | Tree::Comments | Tree::CommentActions => true,
            Tree::Accounts
            | Tree::Tokens
            | Tree::Chats
            | Tree::ChatAccounts
            | Tree::AccountChats
            | Tree::LinkTokens
            | Tree::DailyInsights
            | Tree::FollowerSnapshots
            | Tree::OnlineFollowers
            | Tree::Demographics
            | Tree::Digests
            | Tree::Deletions
            | Tree::Conversations
            | Tree::Drafts
            | Tree::Templates
            | Tree::Alerts
            | Tree::Publications
            | Tree::PublicationMedia
            | Tree::HostedMedia
            | Tree::VideoSnapshots
            | Tree::Revocations
            | Tree::ApiKeys
            | Tree::ApiAccessLog
            | Tree::ApiUsage
            | Tree::Restrictions
            | Tree::Leases
            | Tree::Inbox
            | Tree::InboxHandled
            | Tree::Paces => false,
        }
    }

    /// Every per-account tree, with where the account id stands in its keys.
    pub fn of_accounts() -> impl Iterator<Item = (Tree, AccountKey)> {
        Tree::ALL
            .into_iter()
            .filter_map(|tree| Some((tree, tree.account_key()?)))
    }
}

impl Tree {
    /// Every tree, for full scans.
    pub const ALL: [Tree; 32] = [
        Tree::Accounts,
        Tree::Tokens,
        Tree::Chats,
        Tree::ChatAccounts,
        Tree::AccountChats,
        Tree::LinkTokens,
        Tree::Posts,
        Tree::DailyInsights,
        Tree::FollowerSnapshots,
        Tree::OnlineFollowers,
        Tree::Demographics,
        Tree::Comments,
        Tree::Digests,
        Tree::Deletions,
        Tree::Conversations,
        Tree::CommentActions,
        Tree::Drafts,
        Tree::Templates,
        Tree::Alerts,
        Tree::Publications,
        Tree::PublicationMedia,
        Tree::HostedMedia,
        Tree::VideoSnapshots,
        Tree::Revocations,
        Tree::ApiKeys,
        Tree::ApiAccessLog,
        Tree::ApiUsage,
        Tree::Restrictions,
        Tree::Leases,
        Tree::Inbox,
        Tree::InboxHandled,
        Tree::Paces,
    ];

    /// The tree's name on disk.
    pub fn name(self) -> &'static str {
        match self {
            Tree::Accounts => "accounts",
            Tree::Tokens => "tokens",
            Tree::Chats => "chats",
            Tree::ChatAccounts => "chat_accounts",
            Tree::AccountChats => "account_chats",
            Tree::LinkTokens => "link_tokens",
            Tree::Posts => "posts",
            Tree::DailyInsights => "daily_insights",
            Tree::FollowerSnapshots => "follower_snapshots",
            Tree::OnlineFollowers => "online_followers",
            Tree::Demographics => "demographics",
            Tree::Comments => "comments",
            Tree::Digests => "digests",
            Tree::Deletions => "deletions",
            Tree::Conversations => "conversations",
            Tree::CommentActions => "comment_actions",
            Tree::Drafts => "drafts",
            Tree::Templates => "templates",
            Tree::Alerts => "alerts",
            Tree::Publications => "publications",
            Tree::PublicationMedia => "publication_media",
            Tree::HostedMedia => "hosted_media",
            Tree::VideoSnapshots => "video_snapshots",
            Tree::Revocations => "revocations",
            Tree::ApiKeys => "api_keys",
            Tree::ApiAccessLog => "api_access_log",
            Tree::ApiUsage => "api_usage",
            Tree::Restrictions => "restrictions",
            Tree::Leases => "leases",
            Tree::Inbox => "inbox",
            Tree::InboxHandled => "inbox_handled",
            Tree::Paces => "paces",
        }
    }
}

/// One change in a [`Batch`]: put a value, or remove the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Insert or overwrite.
    Put(Tree, Vec<u8>, Vec<u8>),
    /// Remove (no error if absent).
    Remove(Tree, Vec<u8>),
}

/// Changes applied all together or not at all, across trees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    changes: Vec<Change>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a put.
    pub fn put(&mut self, tree: Tree, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) {
        self.changes
            .push(Change::Put(tree, key.into(), value.into()));
    }

    /// Adds a removal.
    pub fn remove(&mut self, tree: Tree, key: impl Into<Vec<u8>>) {
        self.changes.push(Change::Remove(tree, key.into()));
    }

    /// The changes, in order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes.
    pub fn len(&self) -> usize {
        self.changes.len()
    }
}

/// A key/value pair from a scan.
pub type Entry = (Vec<u8>, Vec<u8>);

/// Why the store failed. The message never contains stored values.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an I/O error or corruption.
    #[error("the database failed: {0}")]
    Database(String),
    /// A stored value could not be decoded (an unknown record version, or damage).
    #[error("a stored {what} record could not be read: {reason}")]
    Corrupt {
        /// Which kind of record.
        what: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// A compare-and-swap found another value than expected.
    #[error("the record changed concurrently")]
    Conflict,
}

/// Ordered byte trees with atomic batches. Implemented by [`SledStore`] and [`MemoryStore`].
///
/// Synchronous on purpose: sled is synchronous and every call is short.
pub trait Store: Send + Sync {
    /// The value at `key`, if any.
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Puts `value` at `key`, returning the previous value.
    fn insert(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Removes `key`, returning the previous value. Atomic: of two concurrent removals of the
    /// same key, exactly one sees `Some`.
    fn remove(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Replaces the value at `key` with `new` only if it currently is `expected` (`None` =
    /// absent); `new = None` removes. Returns [`StoreError::Conflict`] otherwise.
    fn compare_and_swap(
        &self,
        tree: Tree,
        key: &[u8],
        expected: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<(), StoreError>;

    /// Every entry whose key starts with `prefix`, in key order.
    fn scan_prefix(&self, tree: Tree, prefix: &[u8]) -> Result<Vec<Entry>, StoreError>;

    /// Applies every change of `batch` atomically, across trees.
    fn apply(&self, batch: &Batch) -> Result<(), StoreError>;

    /// Makes every change so far durable.
    fn flush(&self) -> Result<(), StoreError>;

    /// Number of entries in `tree`.
    fn len(&self, tree: Tree) -> Result<usize, StoreError> {
        Ok(self.scan_prefix(tree, &[])?.len())
    }

    /// Makes whatever is still stored for account `owner` unreadable for good
    /// (crypto-shredding, [`SealedStore`]); a store that does not seal does nothing. Called
    /// after the account's records were removed.
    fn shred(&self, owner: &str) -> Result<(), StoreError> {
        let _ = owner;
        Ok(())
    }
}
