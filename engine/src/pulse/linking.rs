//! Linking: the link page and the OAuth callback that links an account to a chat (the flow
//! `/connect` starts), and finding a chat's account by its handle (`/use`, `/disconnect`).
//! The commands themselves are in `commands/`.

use chrono::{DateTime, Utc};

use crate::account::{AccountId, Network};
use crate::chat::{ChatId, Handle};
use crate::instagram::SourceError;
use crate::links::{LinkError, LinkToken, LinkTokens};
use crate::records::{AccountRecord, AccountStatus, Backfill, ChatLinkRecord, Records};
use crate::reply::{Button, Reply};
use crate::store::{Batch, Tree};

use super::{Pulse, PulseError, TOKEN_FIELD};

/// The permissions Pulse cannot work without.
pub(super) const REQUIRED_PERMISSIONS: [&str; 2] = [
    "instagram_business_basic",
    "instagram_business_manage_insights",
];

/// What the `/connect/{token}` page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPage {
    /// The chat the account will be linked to.
    pub chat: ChatId,
    /// How to name it (with the title the chat chose for itself, in quotes).
    pub chat_title: String,
    /// Who asked for the link: their id on the chat's platform.
    pub requester: String,
    /// How the chat showed them (`@ana`); empty for links made before it was kept.
    pub requester_name: String,
    /// The network's authorize URL with the token as `state`.
    pub authorize_url: String,
    /// The network the account is linked from.
    pub network: Network,
}

/// An account that was just linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The chat it was linked to.
    pub chat: ChatId,
    /// The account id.
    pub account_id: AccountId,
    /// The handle, without `@`.
    pub handle: String,
    /// Followers now (`None`: the network did not share the count).
    pub followers: Option<u64>,
    /// The network it is on.
    pub network: Network,
    /// The first sync has not run yet for this account.
    pub needs_backfill: bool,
}

/// Why a link did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRefusal {
    /// The link token was unknown, expired or used.
    Link(LinkError),
    /// The person cancelled on Instagram's page.
    Cancelled,
    /// A permission Pulse needs was not granted.
    MissingPermission(String),
    /// Instagram refused (a bad code, or an outage).
    Instagram(SourceError),
    /// TikTok refused (a bad code, or an outage).
    TikTok(SourceError),
    /// Pulse could not save the account or its key (the store failed: a full disk).
    NotSaved,
}

impl LinkRefusal {
    /// The reason in plain words, for the page and the chat.
    pub fn explain(&self) -> String {
        match self {
            LinkRefusal::Link(LinkError::Expired) => {
                "the link expired (links work for 10 minutes).".into()
            }
            LinkRefusal::Link(LinkError::Used) => {
                "the link was already used (each link works once).".into()
            }
            LinkRefusal::Link(LinkError::Unknown) => "the link is not valid.".into(),
            LinkRefusal::Cancelled => "access was not allowed on the sign-in page.".into(),
            LinkRefusal::MissingPermission(permission) => {
                let network = if permission.starts_with("instagram") {
                    "Instagram"
                } else {
                    "TikTok"
                };
                format!("{network} did not grant the permission Pulse needs ({permission}).")
            }
            LinkRefusal::Instagram(SourceError::BadAuthorizationCode { .. }) => {
                "Instagram did not accept the sign-in (it may have been used already).".into()
            }
            LinkRefusal::TikTok(SourceError::BadAuthorizationCode { .. }) => {
                "TikTok did not accept the sign-in (it may have been used already).".into()
            }
            LinkRefusal::TikTok(_) => "TikTok could not be reached or refused the request.".into(),
            LinkRefusal::Instagram(_) => {
                "Instagram could not be reached or refused the request.".into()
            }
            LinkRefusal::NotSaved => {
                "Pulse could not save the account: its storage is failing (the disk may be full), so nothing was linked. Send /connect again once its operator has made room.".into()
            }
        }
    }
}

/// The result of an OAuth callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Linked: tell the chat and start the first sync.
    Linked(Linked),
    /// Not linked; `chat` is known when the link token was valid.
    Refused {
        /// The chat to tell, if known.
        chat: Option<ChatId>,
        /// Why.
        reason: LinkRefusal,
    },
}

impl Pulse {
    /// The account linked to `chat` under `handle` (in any case), if any.
    pub(super) fn find_linked(
        &self,
        chat: &ChatId,
        handle: &Handle,
    ) -> Result<Option<AccountRecord>, PulseError> {
        let records = self.records();
        for id in records.chat_accounts(chat)? {
            if let Some(account) = records.account(&id)? {
                if account.username.eq_ignore_ascii_case(handle.as_str()) {
                    return Ok(Some(account));
                }
            }
        }
        Ok(None)
    }

    /// The account a command names (`@handle`), or the one in use when it names none; or
    /// the answer when there is none.
    pub(super) fn named_or_in_use(
        &self,
        chat: &ChatId,
        handle: Option<&Handle>,
    ) -> Result<Result<AccountRecord, Reply>, PulseError> {
        let account = match handle {
            Some(handle) => self.find_linked(chat, handle)?,
            None => self.active_account(chat)?,
        };
        Ok(account.ok_or_else(|| {
            Reply::text(match handle {
                Some(handle) => format!("{handle} is not linked to this chat. See /accounts."),
                None => prompts::not_linked(),
            })
        }))
    }

    /// The chat's linked account on `network` (the one in use when it is on that network,
    /// else the first linked), if any.
    pub(super) fn chat_account_on(
        &self,
        chat: &ChatId,
        network: Network,
    ) -> Result<Option<AccountRecord>, PulseError> {
        if let Some(active) = self.active_account(chat)? {
            if active.network == network {
                return Ok(Some(active));
            }
        }
        let records = self.records();
        for id in records.chat_accounts(chat)? {
            if let Some(account) = records.account(&id)? {
                if account.network == network {
                    return Ok(Some(account));
                }
            }
        }
        Ok(None)
    }

    /// What the link page shows for a token, without using it.
    pub fn link_page(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<LinkPage, LinkError>, PulseError> {
        let Some(token) = LinkToken::parse(token) else {
            return Ok(Err(LinkError::Unknown));
        };
        Ok(LinkTokens::new(self.records())
            .peek(&token, now)?
            .map(|pending| LinkPage {
                authorize_url: match (pending.network, self.ports.tiktok()) {
                    (Network::TikTok, Some(tiktok)) => tiktok.login.authorize_url(token.expose()),
                    _ => self
                        .ports
                        .login(Network::Instagram)
                        .authorize_url(token.expose()),
                },
                network: pending.network,
                chat: pending.chat,
                chat_title: pending.chat_title,
                requester: pending.user,
                requester_name: pending.user_name,
            }))
    }

    /// The person cancelled on Instagram's page: the link is used up and the chat is told.
    pub fn cancel_link(&self, state: &str, now: DateTime<Utc>) -> Result<LinkOutcome, PulseError> {
        let Some(token) = LinkToken::parse(state) else {
            return Ok(LinkOutcome::Refused {
                chat: None,
                reason: LinkRefusal::Link(LinkError::Unknown),
            });
        };
        let tokens = LinkTokens::new(self.records());
        match tokens.consume(&token, now)? {
            Ok(pending) => Ok(LinkOutcome::Refused {
                chat: Some(pending.chat),
                reason: LinkRefusal::Cancelled,
            }),
            Err(error) => self.refused_link(&tokens, &token, error),
        }
    }

    /// A link token that did not work. An expired link tells its chat (the person may not
    /// know why nothing happened); a used one does not, so reloading the callback page after
    /// a successful link cannot send the chat a confusing failure.
    pub(super) fn refused_link(
        &self,
        tokens: &LinkTokens<'_>,
        token: &LinkToken,
        error: LinkError,
    ) -> Result<LinkOutcome, PulseError> {
        let chat = match error {
            LinkError::Expired => tokens.chat_of(token)?,
            LinkError::Used | LinkError::Unknown => None,
        };
        Ok(LinkOutcome::Refused {
            chat,
            reason: LinkRefusal::Link(error),
        })
    }

    /// Completes a link from the OAuth callback: checks `state`, exchanges `code` for a
    /// long-lived token, reads the profile, seals the token and links the account.
    pub async fn complete_link(
        &self,
        state: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<LinkOutcome, PulseError> {
        let Some(token) = LinkToken::parse(state) else {
            return Ok(LinkOutcome::Refused {
                chat: None,
                reason: LinkRefusal::Link(LinkError::Unknown),
            });
        };
        // Read before anything is written, so a store that fails to write (a full disk)
        // still leaves a chat to tell.
        let chat = LinkTokens::new(self.records())
            .chat_of(&token)
            .ok()
            .flatten();
        match self.complete_valid_link(&token, code, now).await {
            Err(PulseError::Store(error)) => {
                tracing::warn!(error = %error, "a link could not be saved");
                Ok(LinkOutcome::Refused {
                    chat,
                    reason: LinkRefusal::NotSaved,
                })
            }
            outcome => outcome,
        }
    }

    pub(super) async fn complete_valid_link(
        &self,
        token: &LinkToken,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<LinkOutcome, PulseError> {
        let token = token.clone();
        let tokens = LinkTokens::new(self.records());
        let pending = match tokens.consume(&token, now)? {
            Ok(pending) => pending,
            Err(error) => return self.refused_link(&tokens, &token, error),
        };
        if pending.network == Network::TikTok {
            return self.complete_tiktok_link(pending, code, now).await;
        }
        let refused = |reason| {
            Ok(LinkOutcome::Refused {
                chat: Some(pending.chat.clone()),
                reason,
            })
        };
        let short = match self
            .ports
            .login(Network::Instagram)
            .exchange_code(code)
            .await
        {
            Ok(short) => short,
            Err(error) => return refused(LinkRefusal::Instagram(error)),
        };
        if let Some(missing) = REQUIRED_PERMISSIONS
            .iter()
            .find(|needed| !short.permissions.iter().any(|granted| granted == *needed))
        {
            return refused(LinkRefusal::MissingPermission((*missing).to_owned()));
        }
        let long = match self
            .ports
            .login(Network::Instagram)
            .long_lived_token(&short.token)
            .await
        {
            Ok(long) => long,
            Err(error) => return refused(LinkRefusal::Instagram(error)),
        };
        let profile = match self
            .ports
            .data(Network::Instagram)
            .profile(&long.token)
            .await
        {
            Ok(profile) => profile,
            Err(error) => return refused(LinkRefusal::Instagram(error)),
        };
        let records = self.records();
        let expires_at =
            now + chrono::Duration::from_std(long.expires_in).unwrap_or(chrono::Duration::days(60));
        // From finding the account to filing it, one link at a time (no await in between).
        let _filing = self
            .linking
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let existing = records.account_on(Network::Instagram, &profile.user_id)?;
        // A first sync that stopped (before or after "Ready") resumes where it stopped.
        let needs_backfill = !matches!(
            existing.as_ref().map(|a| &a.backfill),
            Some(Backfill::Done { .. })
        );
        let account = AccountRecord {
            id: existing
                .as_ref()
                .map_or_else(AccountId::random, |a| a.id.clone()),
            network: Network::Instagram,
            user_id: profile.user_id.clone(),
            app_scoped_id: profile.app_scoped_id.clone(),
            username: profile.username.clone(),
            name: profile.name.clone(),
            followers_count: profile.followers_count,
            follows_count: profile.follows_count,
            media_count: profile.media_count,
            status: AccountStatus::Active,
            linked_at: existing.as_ref().map_or(now, |a| a.linked_at),
            token_issued_at: now,
            token_expires_at: expires_at,
            backfill: existing
                .as_ref()
                .map_or(Backfill::Pending, |a| a.backfill.clone()),
            last_sync_at: existing.as_ref().and_then(|a| a.last_sync_at),
            daily_sync_at: existing.as_ref().and_then(|a| a.daily_sync_at),
            sync_not_before: None,
            granted_permissions: Some(short.permissions.clone()),
            refresh_expires_at: None,
        };
        self.file_link(&pending, &account, long.token.expose().as_bytes(), now)?;
        tracing::info!(
            platform = pending.chat.platform.as_str(),
            "instagram account linked"
        );
        Ok(LinkOutcome::Linked(Linked {
            chat: pending.chat,
            account_id: account.id,
            handle: account.username,
            followers: Some(account.followers_count),
            network: Network::Instagram,
            needs_backfill,
        }))
    }

    /// Files a linked account in one batch — the account, its sealed token (`token`: the
    /// plaintext), the link both ways, and the chat's record with the account in use — and
    /// flushes it.
    pub(super) fn file_link(
        &self,
        pending: &crate::links::PendingLink,
        account: &AccountRecord,
        token: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(), PulseError> {
        let mut chat_record = self.chat_record(&pending.chat, now)?;
        chat_record.active_account = Some(account.id.clone());
        let mut batch = Batch::new();
        Records::batch_account(&mut batch, account);
        batch.put(
            Tree::Tokens,
            account.id.as_str().as_bytes(),
            self.vault.seal(account.id.as_str(), TOKEN_FIELD, token),
        );
        Records::batch_link(
            &mut batch,
            &pending.chat,
            &account.id,
            &ChatLinkRecord {
                linked_by: pending.user.clone(),
                linked_at: now,
            },
        );
        Records::batch_chat(&mut batch, &pending.chat, &chat_record);
        self.store.apply(&batch)?;
        self.store.flush()?;
        Ok(())
    }

    /// The chat message for a completed link.
    pub fn linked_reply(linked: &Linked) -> Reply {
        let text = match linked.network {
            Network::Instagram => prompts::linked(&linked.handle, linked.followers.unwrap_or(0)),
            Network::TikTok => prompts::linked_tiktok(&linked.handle, linked.followers),
        };
        Reply::text(text).with_button(Button::Command {
            label: "Undo".into(),
            command: format!("/disconnect @{}", linked.handle),
        })
    }

    /// The chat message for a refused link.
    pub fn refused_reply(reason: &LinkRefusal) -> Reply {
        let tiktok = match reason {
            LinkRefusal::TikTok(_) => true,
            LinkRefusal::MissingPermission(permission) => !permission.starts_with("instagram"),
            _ => false,
        };
        let network = if tiktok {
            Network::TikTok
        } else {
            Network::Instagram
        };
        Reply::text(prompts::link_failed(&reason.explain())).with_button(Button::Command {
            label: "New link".into(),
            command: network.connect_command().into(),
        })
    }
}
