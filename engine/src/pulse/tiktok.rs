//! TikTok accounts: linking through Login Kit, the token pair, syncing, and revoking.
//!
//! - **Tokens.** TikTok's access token lives two hours and its refresh token rotates: each
//!   refresh returns a new one and the one sent stops working. The pair is sealed together
//!   as one value (`Tree::Tokens`, the vault field every token uses), so there is no moment
//!   when the store holds a new access token beside an old refresh token. A refresh's answer
//!   is written — tokens and expiry times in one batch, flushed — before the new access
//!   token is used for anything; `invalid_grant` marks the account *needs reconnect* and its
//!   chats are told once.
//! - **Revoking.** When a TikTok account is erased (`/disconnect` of its last chat,
//!   `/forget`), its tokens move, in the erasure's own batch, to `Tree::Revocations`, sealed
//!   under the vault's key; [`Pulse::revoke_pending`] then asks TikTok to revoke them (with
//!   the access token, refreshed first if TikTok no longer knows it) and deletes the record
//!   once TikTok confirmed or the authorization is already gone. A failure is logged and
//!   tried again later with a growing pause, for at most 30 days; it never holds up the
//!   erasure.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::account::{AccountId, Network};
use crate::instagram::{AccessToken, SourceError};
use crate::links::PendingLink;
use crate::records::{AccountRecord, AccountStatus, Backfill, Records, RevocationRecord};
use crate::store::{Batch, Tree};
use crate::sync::tiktok::{handle_of, TikTokSync};
use crate::sync::{SyncError, SyncProgress};
use crate::tiktok::{RefreshToken, TikTokTokens, REQUIRED_SCOPES};

use super::linking::{LinkOutcome, LinkRefusal, Linked};
use super::syncing::{SyncOutcome, SyncTicket};
use super::{Pulse, PulseError, TOKEN_FIELD};

/// Refresh the access token when it has less than this left: more than the scheduled
/// syncs' default interval (15 minutes), so a token is renewed by the sync before the one
/// it would expire in.
pub(super) const REFRESH_BEFORE_EXPIRY: chrono::Duration = chrono::Duration::minutes(20);

/// The longest pause between two attempts to revoke.
const LONGEST_REVOKE_PAUSE: chrono::Duration = chrono::Duration::hours(6);

/// The sealed form of a TikTok token pair.
#[derive(Serialize, Deserialize)]
struct TokenPair {
    access: String,
    refresh: String,
}

impl TokenPair {
    fn of(tokens: &TikTokTokens) -> Self {
        Self {
            access: tokens.access.expose().to_owned(),
            refresh: tokens.refresh.expose().to_owned(),
        }
    }

    fn bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("two strings always serialize")
    }

    /// A stored token's plaintext, when it is a pair (Instagram's is the bare token).
    fn read(plain: &[u8]) -> Option<Self> {
        plain
            .first()
            .filter(|b| **b == b'{')
            .and_then(|_| serde_json::from_slice(plain).ok())
    }
}

/// The access token in a stored token's plaintext: the bare token (Instagram) or the
/// pair's access token (TikTok).
pub(super) fn access_token_of(plain: &[u8]) -> AccessToken {
    match TokenPair::read(plain) {
        Some(pair) => AccessToken::new(pair.access),
        None => AccessToken::new(String::from_utf8_lossy(plain).into_owned()),
    }
}

fn duration(std: std::time::Duration, otherwise: chrono::Duration) -> chrono::Duration {
    chrono::Duration::from_std(std).unwrap_or(otherwise)
}

impl Pulse {
    /// The stored TikTok pair of an account.
    fn tiktok_tokens(
        &self,
        account_id: &AccountId,
    ) -> Result<Option<(AccessToken, RefreshToken)>, PulseError> {
        let Some(plain) = self.token_plaintext(account_id)? else {
            return Ok(None);
        };
        Ok(TokenPair::read(&plain).map(|pair| {
            (
                AccessToken::new(pair.access),
                RefreshToken::new(pair.refresh),
            )
        }))
    }

    /// Completes a TikTok link: the code exchanged, the scopes checked, the profile read,
    /// the pair sealed and the account linked to the chat.
    pub(super) async fn complete_tiktok_link(
        &self,
        pending: PendingLink,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<LinkOutcome, PulseError> {
        let refused = |reason| {
            Ok(LinkOutcome::Refused {
                chat: Some(pending.chat.clone()),
                reason,
            })
        };
        let Some(tiktok) = self.ports.tiktok() else {
            return refused(LinkRefusal::TikTok(SourceError::Permanent {
                code: 0,
                subcode: None,
                message: "TikTok is not configured".into(),
            }));
        };
        let tokens = match tiktok.login.exchange_code(code).await {
            Ok(tokens) => tokens,
            Err(error) => return refused(LinkRefusal::TikTok(error)),
        };
        if let Some(missing) = REQUIRED_SCOPES
            .iter()
            .find(|needed| !tokens.scopes.iter().any(|granted| granted == *needed))
        {
            return refused(LinkRefusal::MissingPermission((*missing).to_owned()));
        }
        let profile = match tiktok.data.profile(&tokens.access, &tokens.scopes).await {
            Ok(profile) => profile,
            Err(error) => return refused(LinkRefusal::TikTok(error)),
        };
        let open_id = if profile.open_id.is_empty() {
            tokens.open_id.clone()
        } else {
            profile.open_id.clone()
        };
        let records = self.records();
        let _filing = self
            .linking
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let existing = records.account_on(Network::TikTok, &open_id)?;
        let needs_backfill = !matches!(
            existing.as_ref().map(|a| &a.backfill),
            Some(Backfill::Done { .. })
        );
        let account = AccountRecord {
            id: existing
                .as_ref()
                .map_or_else(AccountId::random, |a| a.id.clone()),
            network: Network::TikTok,
            user_id: open_id.clone(),
            app_scoped_id: open_id,
            username: handle_of(&profile),
            name: profile.display_name.clone(),
            followers_count: profile.follower_count.unwrap_or(0),
            follows_count: profile.following_count.unwrap_or(0),
            media_count: profile.video_count.unwrap_or(0),
            status: AccountStatus::Active,
            linked_at: existing.as_ref().map_or(now, |a| a.linked_at),
            token_issued_at: now,
            token_expires_at: now + duration(tokens.expires_in, chrono::Duration::hours(2)),
            backfill: existing
                .as_ref()
                .map_or(Backfill::Pending, |a| a.backfill.clone()),
            last_sync_at: existing.as_ref().and_then(|a| a.last_sync_at),
            daily_sync_at: existing.as_ref().and_then(|a| a.daily_sync_at),
            sync_not_before: None,
            granted_permissions: Some(tokens.scopes.clone()),
            refresh_expires_at: Some(
                now + duration(tokens.refresh_expires_in, chrono::Duration::days(180)),
            ),
        };
        self.file_link(&pending, &account, &TokenPair::of(&tokens).bytes(), now)?;
        tracing::info!(
            platform = pending.chat.platform.as_str(),
            "tiktok account linked"
        );
        Ok(LinkOutcome::Linked(Linked {
            chat: pending.chat,
            account_id: account.id,
            handle: account.username,
            followers: profile.follower_count,
            network: Network::TikTok,
            needs_backfill,
        }))
    }

    /// The account's access token, refreshed first when it has less than 20 minutes left.
    /// The refresh's new pair is saved (one value, flushed) before the new access token is
    /// returned; if a re-link replaced the pair meanwhile, the re-link's stands.
    pub(super) async fn fresh_tiktok_token(
        &self,
        ticket: &SyncTicket<'_>,
        account: &AccountRecord,
        now: DateTime<Utc>,
    ) -> Result<Result<(AccountRecord, AccessToken), SyncError>, PulseError> {
        let Some((access, refresh)) = self.tiktok_tokens(&account.id)? else {
            return Ok(Err(SyncError::NeedsReconnect));
        };
        if account.token_expires_at - now > REFRESH_BEFORE_EXPIRY {
            return Ok(Ok((account.clone(), access)));
        }
        let Some(tiktok) = self.ports.tiktok() else {
            return Ok(Err(SyncError::Instagram(SourceError::Permanent {
                code: 0,
                subcode: None,
                message: "TikTok is not configured".into(),
            })));
        };
        let refreshed = match ticket
            .control
            .unless_cancelled(tiktok.login.refresh(&refresh))
            .await
        {
            Ok(Ok(tokens)) => tokens,
            Ok(Err(error)) => return Ok(Err(SyncError::from(error))),
            Err(cancelled) => return Ok(Err(cancelled)),
        };
        let issued_before = account.token_issued_at;
        let mut updated = account.clone();
        updated.token_issued_at = now;
        updated.token_expires_at = now + duration(refreshed.expires_in, chrono::Duration::hours(2));
        updated.refresh_expires_at =
            Some(now + duration(refreshed.refresh_expires_in, chrono::Duration::days(180)));
        // Only if no re-link replaced the pair meanwhile (nor an unlink erased it); the pair
        // and the record go in one batch.
        let key = account.id.as_str().as_bytes();
        let still_ours = self
            .records()
            .account(&account.id)?
            .is_some_and(|stored| stored.token_issued_at == issued_before);
        if !still_ours {
            // Re-linked or erased meanwhile: the new pair is not ours to keep.
            return Ok(Err(SyncError::Cancelled));
        }
        let mut batch = Batch::new();
        Records::batch_account(&mut batch, &updated);
        batch.put(
            Tree::Tokens,
            key,
            self.vault.seal(
                account.id.as_str(),
                TOKEN_FIELD,
                &TokenPair::of(&refreshed).bytes(),
            ),
        );
        self.store.apply(&batch)?;
        self.store.flush()?;
        tracing::info!("tiktok tokens refreshed");
        Ok(Ok((updated, refreshed.access)))
    }

    /// A sync of a TikTok account (first or scheduled), after its ticket was taken.
    pub(super) async fn sync_tiktok(
        &self,
        ticket: &SyncTicket<'_>,
        account: &AccountRecord,
        now: DateTime<Utc>,
        on_progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncOutcome, PulseError> {
        let first_sync = !account.backfill.is_ready();
        let (account, token) = match self.fresh_tiktok_token(ticket, account, now).await? {
            Ok(fresh) => fresh,
            Err(error) => return self.sync_failed(account, error, first_sync, now),
        };
        let Some(tiktok) = self.ports.tiktok() else {
            return Ok(SyncOutcome::NothingDue);
        };
        let granted = account.granted_permissions.clone().unwrap_or_default();
        let sync = TikTokSync {
            tiktok: tiktok.data.as_ref(),
            records: self.records(),
            control: &ticket.control,
            token: &token,
            account: &account,
            granted: &granted,
            now,
        };
        let result = if first_sync {
            sync.backfill(on_progress).await
        } else {
            sync.refresh().await
        };
        self.answer_cache.evict(&account.id);
        match result {
            Ok(_) if ticket.control.is_cancelled() => {
                self.sync_failed(&account, SyncError::Cancelled, first_sync, now)
            }
            Ok(report) if !first_sync && report.is_empty() => Ok(SyncOutcome::NothingDue),
            Ok(report) => Ok(SyncOutcome::Synced { report, first_sync }),
            Err(error) => self.sync_failed(&account, error, first_sync, now),
        }
    }

    /// Adds, to an erasure's batch, the revocation of a TikTok account's authorization.
    pub(super) fn queue_revocation_into(
        &self,
        batch: &mut Batch,
        account_id: &AccountId,
    ) -> Result<(), PulseError> {
        let Some(account) = self.records().account(account_id)? else {
            return Ok(());
        };
        if account.network != Network::TikTok {
            return Ok(());
        }
        let Some((access, refresh)) = self.tiktok_tokens(account_id)? else {
            return Ok(());
        };
        let id = AccountId::random();
        let pair = TokenPair {
            access: access.expose().to_owned(),
            refresh: refresh.expose().to_owned(),
        };
        let sealed = self.vault.seal(
            &RevocationRecord::owner(id.as_str()),
            TOKEN_FIELD,
            &pair.bytes(),
        );
        Records::batch_revocation(
            batch,
            id.as_str(),
            &RevocationRecord {
                network: Network::TikTok,
                sealed_tokens: hex::encode(sealed),
                first_attempt_at: None,
                attempts: 0,
                next_attempt_at: None,
            },
        );
        Ok(())
    }

    /// Asks TikTok to revoke every authorization whose account was erased and whose attempt
    /// is due. Returns how many are done (revoked, or already gone).
    pub async fn revoke_pending(&self, now: DateTime<Utc>) -> Result<usize, PulseError> {
        let mut done = 0;
        for (id, record) in self.records().revocations()? {
            if record.next_attempt_at.is_some_and(|at| at > now) {
                continue;
            }
            let first_attempt_at = record.first_attempt_at.unwrap_or(now);
            let finished = match self.revoke_once(&id, &record).await {
                Ok(()) => true,
                Err(error) if now - first_attempt_at > RevocationRecord::GIVE_UP_AFTER => {
                    tracing::warn!(%error, "a tiktok authorization could not be revoked in 30 days; giving up");
                    true
                }
                Err(error) => {
                    tracing::warn!(%error, attempts = record.attempts + 1, "revoking a tiktok authorization failed; will try again");
                    let pause = chrono::Duration::minutes(1 << record.attempts.min(9))
                        .min(LONGEST_REVOKE_PAUSE);
                    let mut later = record.clone();
                    later.attempts += 1;
                    later.first_attempt_at = Some(first_attempt_at);
                    later.next_attempt_at = Some(now + pause);
                    let mut batch = Batch::new();
                    Records::batch_revocation(&mut batch, &id, &later);
                    self.store.apply(&batch)?;
                    false
                }
            };
            if finished {
                self.store.remove(Tree::Revocations, id.as_bytes())?;
                self.store.flush()?;
                done += 1;
            }
        }
        Ok(done)
    }

    /// One attempt: revoke with the access token; if TikTok no longer knows it, get a new
    /// one with the refresh token and revoke that; if the refresh token is refused too,
    /// nothing is left to revoke.
    async fn revoke_once(&self, id: &str, record: &RevocationRecord) -> Result<(), SourceError> {
        let unreadable = |reason: &str| SourceError::Malformed {
            reason: reason.to_owned(),
        };
        let Some(tiktok) = self.ports.tiktok() else {
            return Err(unreadable("TikTok is not configured"));
        };
        let sealed =
            hex::decode(&record.sealed_tokens).map_err(|_| unreadable("damaged revocation"))?;
        let plain = self
            .vault
            .open(&RevocationRecord::owner(id), TOKEN_FIELD, &sealed)
            .map_err(|_| unreadable("revocation sealed under another key"))?;
        let pair = TokenPair::read(&plain).ok_or_else(|| unreadable("damaged revocation"))?;
        match tiktok.login.revoke(&AccessToken::new(pair.access)).await {
            Ok(()) => Ok(()),
            Err(SourceError::Reauth { .. }) => {
                match tiktok.login.refresh(&RefreshToken::new(pair.refresh)).await {
                    Ok(tokens) => tiktok.login.revoke(&tokens.access).await,
                    Err(SourceError::Reauth { .. }) => Ok(()),
                    Err(error) => Err(error),
                }
            }
            Err(error) => Err(error),
        }
    }
}
