//! The engine's half of the stats API, which `bot`'s HTTP endpoints call: a presented key
//! checked ([`Pulse::authenticate_api_key`]) into an [`ApiCaller`], a signed request checked
//! ([`Pulse::verify_api_signature`], with the replays of the last 600 s remembered in memory),
//! each request logged and counted ([`Pulse::record_api_request`]), the log and the usage
//! purged ([`Pulse::purge_api_records`], the bot's daily job), and whether an account is
//! paused ([`Pulse::is_paused`]). Minting, rotating and revoking, which `/apikey` does, are
//! here too. The forms of keys and signatures are `crate::api_keys`'.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::account::AccountId;
use crate::api_keys::{
    parse_signature, same_hash, signature_bytes, ApiKeyRefusal, ApiPepper, PresentedKey, Scope,
    SignatureRefusal, SignedParts, SIGNATURE_WINDOW,
};
use crate::chat::ChatId;
use crate::records::{AccessLogRecord, ApiKeyRecord};
use crate::store::{Batch, Tree};

use super::{Pulse, PulseError};

/// How long a request's log entry is kept.
pub const ACCESS_LOG_KEPT: chrono::Duration = chrono::Duration::days(30);
/// How long a key's use per day is kept (and a revoked or expired key's record).
pub const USAGE_KEPT_DAYS: i64 = 366;
/// `last_used_at` is written at most this often per key.
pub const LAST_USED_EVERY: chrono::Duration = chrono::Duration::minutes(1);
/// How long a signed request's signature is remembered against replays (twice the window
/// either way covers every timestamp Pulse takes).
pub const SIGNATURES_REMEMBERED: chrono::Duration = chrono::Duration::seconds(600);
/// The most signatures remembered: beyond it, signed requests are refused (never one
/// forgotten early, which would let a replay through).
pub const MAX_REMEMBERED_SIGNATURES: usize = 100_000;
/// The vault field a signing secret is sealed under.
const SIGNING_FIELD: &str = "api_signing_secret";

/// Who is calling the API: a key that passed [`Pulse::authenticate_api_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCaller {
    /// The key's id (safe to log).
    pub key_id: String,
    /// The chat whose accounts it reads.
    pub chat: ChatId,
    /// The key's name.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// Whether its requests must be signed ([`Pulse::verify_api_signature`]).
    pub signed: bool,
}

impl ApiCaller {
    /// Whether the key may do what `scope` allows ([`Scope::Admin`] may do everything).
    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.iter().any(|held| held.covers(scope))
    }
}

/// One request made with a key, as the HTTP server saw it, for the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiAccessEntry {
    /// The key's id.
    pub key_id: String,
    /// The method.
    pub method: String,
    /// The route's pattern (`/api/v1/accounts/{account}/posts`), never the path as sent
    /// (anything from a `?` on is dropped).
    pub route: String,
    /// The answer's status.
    pub status: u16,
    /// How long the answer took.
    pub latency_ms: u32,
    /// The answer's bytes.
    pub bytes: u64,
    /// The caller's address: only its network is kept.
    pub ip: Option<core::net::IpAddr>,
    /// When the request arrived.
    pub at: DateTime<Utc>,
}

/// What [`Pulse::purge_api_records`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgedCounts {
    /// Log entries older than 30 days (or of a key no longer stored).
    pub access_log: usize,
    /// Days of usage older than 366 days (or of a key no longer stored).
    pub usage: usize,
    /// Keys revoked or expired more than 366 days ago.
    pub keys: usize,
}

/// What a key to make is: its name, scopes, expiry and whether it signs.
#[derive(Debug, Clone)]
pub(crate) struct KeyToMake<'a> {
    pub(crate) name: &'a str,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) expires_at: Option<DateTime<Utc>>,
    pub(crate) signed: bool,
}

/// A key just made: the key and its signing secret exist only here, to be shown once.
#[derive(Debug)]
pub(crate) struct MintedKey {
    pub(crate) key: PresentedKey,
    pub(crate) signing_secret: Option<String>,
    pub(crate) record: ApiKeyRecord,
}

/// The signatures of signed requests seen lately, by key: a second sighting is a replay.
/// In memory (a restart forgets them, and also every timestamp it took is then stale soon).
#[derive(Default)]
pub(super) struct SeenSignatures(Mutex<HashMap<Sighting, DateTime<Utc>>>);

/// A key's id and a signature it sent.
type Sighting = (String, [u8; 32]);

impl SeenSignatures {
    /// Remembers `signature` of `key_id` at `now`; refuses one seen before.
    fn first_sighting(
        &self,
        key_id: &str,
        signature: [u8; 32],
        now: DateTime<Utc>,
    ) -> Result<(), SignatureRefusal> {
        let mut seen = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.len() >= MAX_REMEMBERED_SIGNATURES / 2 {
            seen.retain(|_, at| now.signed_duration_since(*at) < SIGNATURES_REMEMBERED);
        }
        let entry = (key_id.to_owned(), signature);
        if let Some(at) = seen.get(&entry) {
            if now.signed_duration_since(*at) < SIGNATURES_REMEMBERED {
                return Err(SignatureRefusal::Replayed);
            }
        }
        if seen.len() >= MAX_REMEMBERED_SIGNATURES {
            return Err(SignatureRefusal::Busy);
        }
        seen.insert(entry, now);
        Ok(())
    }
}

impl Pulse {
    /// Hashes API keys with `pepper`: without one, no key can be made or checked.
    pub fn with_api_pepper(mut self, pepper: ApiPepper) -> Self {
        self.api_pepper = Some(pepper);
        self
    }

    /// Whether the API is on (a pepper is configured).
    pub fn api_is_on(&self) -> bool {
        self.api_pepper.is_some()
    }

    /// The caller a presented key (`Authorization: Bearer <key>`) stands for, or why it is
    /// refused: malformed (no store read), unknown (no such id, or the hash differs, compared
    /// in constant time), revoked, or expired at `now`. Writes the key's `last_used_at` at
    /// most once a minute. A store failure is logged and refused as unknown.
    pub fn authenticate_api_key(
        &self,
        presented: &str,
        now: DateTime<Utc>,
    ) -> Result<ApiCaller, ApiKeyRefusal> {
        let key = PresentedKey::parse(presented)?;
        let Some(pepper) = &self.api_pepper else {
            return Err(ApiKeyRefusal::Unknown);
        };
        let records = self.records();
        let record = match records.api_key(key.id()) {
            Ok(Some(record)) => record,
            Ok(None) => return Err(ApiKeyRefusal::Unknown),
            Err(error) => {
                tracing::error!(error = %error, "reading an API key failed");
                return Err(ApiKeyRefusal::Unknown);
            }
        };
        let stored = hex::decode(&record.hash).unwrap_or_default();
        if !same_hash(&pepper.hash(&key), &stored) {
            return Err(ApiKeyRefusal::Unknown);
        }
        if record.revoked_at.is_some() {
            return Err(ApiKeyRefusal::Revoked);
        }
        if !record.is_live(now) {
            return Err(ApiKeyRefusal::Expired);
        }
        let chat = ChatId::from_key(&record.chat).ok_or(ApiKeyRefusal::Unknown)?;
        let stale = |last: Option<DateTime<Utc>>| {
            last.is_none_or(|at| now.signed_duration_since(at) >= LAST_USED_EVERY)
        };
        if stale(record.last_used_at) {
            let touched = records.update_api_key(&record.id, |stored| {
                let due = stale(stored.last_used_at);
                if due {
                    stored.last_used_at = Some(now);
                }
                due
            });
            if let Err(error) = touched {
                tracing::warn!(error = %error, "noting an API key's last use failed");
            }
        }
        Ok(ApiCaller {
            key_id: record.id,
            chat,
            name: record.name,
            signed: record.signing_secret.is_some(),
            scopes: record.scopes,
        })
    }

    /// Checks a signed request of `caller` (nothing to check for a key that does not sign):
    /// both headers present, the timestamp within 300 s of `now`, the signature that of the
    /// request under the key's signing secret (constant time), and not seen before from the
    /// key within the last 600 s. The canonical form is in `crate::api_keys`.
    pub fn verify_api_signature(
        &self,
        caller: &ApiCaller,
        request: &SignedParts<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), SignatureRefusal> {
        if !caller.signed {
            return Ok(());
        }
        let (Some(timestamp), Some(signature)) = (request.timestamp, request.signature) else {
            return Err(SignatureRefusal::Missing);
        };
        let timestamp = timestamp.trim();
        let at = timestamp
            .parse::<i64>()
            .ok()
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
            .ok_or(SignatureRefusal::BadTimestamp)?;
        if (now - at).abs() > SIGNATURE_WINDOW {
            return Err(SignatureRefusal::OutsideWindow);
        }
        let presented = parse_signature(signature).ok_or(SignatureRefusal::Mismatch)?;
        let secret = self.signing_secret(&caller.key_id).map_err(|error| {
            tracing::error!(error = %error, "reading an API key's signing secret failed");
            SignatureRefusal::Unavailable
        })?;
        let Some(secret) = secret else {
            return Err(SignatureRefusal::Unavailable);
        };
        if !same_hash(&signature_bytes(&secret, request, timestamp), &presented) {
            return Err(SignatureRefusal::Mismatch);
        }
        self.seen_signatures
            .first_sighting(&caller.key_id, presented, now)
    }

    /// The signing secret of a key, opened.
    fn signing_secret(&self, key_id: &str) -> Result<Option<String>, PulseError> {
        let Some(sealed) = self
            .records()
            .api_key(key_id)?
            .and_then(|record| record.signing_secret)
        else {
            return Ok(None);
        };
        let sealed = hex::decode(sealed).map_err(|_| crate::vault::VaultError::DoesNotOpen)?;
        let plain = self
            .vault
            .open(&ApiKeyRecord::owner(key_id), SIGNING_FIELD, &sealed)?;
        Ok(Some(String::from_utf8_lossy(&plain).into_owned()))
    }

    /// Logs one request and counts it in its key's usage of the day. The address is kept
    /// as its network (/24, /48); a request of a key no longer stored is not kept.
    pub fn record_api_request(&self, entry: &ApiAccessEntry) -> Result<(), PulseError> {
        let records = self.records();
        if records.api_key(&entry.key_id)?.is_none() {
            return Ok(());
        }
        let route = entry.route.split('?').next().unwrap_or_default().to_owned();
        records.log_api_request(
            &entry.key_id,
            &AccessLogRecord {
                at: entry.at,
                method: entry.method.clone(),
                route,
                status: entry.status,
                latency_ms: entry.latency_ms,
                bytes: entry.bytes,
                network: entry.ip.map(crate::api_keys::truncate_ip),
            },
        )?;
        records.count_api_usage(
            &entry.key_id,
            entry.at.date_naive(),
            entry.status,
            entry.bytes,
        )?;
        Ok(())
    }

    /// Deletes log entries older than 30 days, days of usage older than 366 days, and keys
    /// revoked or expired more than 366 days ago (with what is left of a key no longer
    /// stored). The bot's daily job calls it.
    pub fn purge_api_records(&self, now: DateTime<Utc>) -> Result<PurgedCounts, PulseError> {
        let records = self.records();
        let mut purged = PurgedCounts::default();
        let mut batch = Batch::new();
        let kept_since = now - chrono::Duration::days(USAGE_KEPT_DAYS);
        let mut known = std::collections::HashSet::new();
        for record in records.all_api_keys()? {
            let ended = record
                .revoked_at
                .or(record.expires_at.filter(|at| *at <= now));
            if ended.is_some_and(|at| at < kept_since) {
                batch.remove(Tree::ApiKeys, record.id.as_bytes().to_vec());
                purged.keys += 1;
            } else {
                known.insert(record.id);
            }
        }
        let key_of = |store_key: &[u8]| -> String {
            let id = store_key.split(|b| *b == 0).next().unwrap_or_default();
            String::from_utf8_lossy(id).into_owned()
        };
        for (store_key, value) in self.store.scan_prefix(Tree::ApiAccessLog, &[])? {
            let old = crate::records::decode::<AccessLogRecord>("api access", &value)
                .map_or(true, |entry| entry.at < now - ACCESS_LOG_KEPT);
            if old || !known.contains(&key_of(&store_key)) {
                batch.remove(Tree::ApiAccessLog, store_key);
                purged.access_log += 1;
            }
        }
        let first_day_kept = kept_since.date_naive();
        for (store_key, value) in self.store.scan_prefix(Tree::ApiUsage, &[])? {
            let old = crate::records::decode::<crate::records::UsageRecord>("api usage", &value)
                .map_or(true, |usage| usage.date < first_day_kept);
            if old || !known.contains(&key_of(&store_key)) {
                batch.remove(Tree::ApiUsage, store_key);
                purged.usage += 1;
            }
        }
        if !batch.is_empty() {
            self.store.apply(&batch)?;
            self.store.flush()?;
        }
        Ok(purged)
    }

    /// Whether the account is paused (`/pause`): the API refuses it (409), nothing syncs
    /// or shows it.
    pub fn is_paused(&self, account: &AccountId) -> Result<bool, PulseError> {
        Ok(self.records().restriction(account)?.is_some())
    }

    /// Makes a key for `chat`, stores its hash (and its sealed signing secret when
    /// `signed`), and hands the key out to be shown once; `None` when the API is off.
    pub(crate) fn mint_api_key(
        &self,
        chat: &ChatId,
        asked: KeyToMake<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<MintedKey>, PulseError> {
        let KeyToMake {
            name,
            scopes,
            expires_at,
            signed,
        } = asked;
        let Some(pepper) = &self.api_pepper else {
            return Ok(None);
        };
        let records = self.records();
        // A fresh id (36^8 of them: a clash is all but impossible, and never overwritten).
        let key = loop {
            let key = PresentedKey::generate();
            if records.api_key(key.id())?.is_none() {
                break key;
            }
        };
        let signing_secret = signed.then(crate::api_keys::generate_signing_secret);
        let record = ApiKeyRecord {
            id: key.id().to_owned(),
            chat: chat.key(),
            name: name.to_owned(),
            scopes,
            hash: hex::encode(pepper.hash(&key)),
            created_at: now,
            expires_at,
            revoked_at: None,
            last_used_at: None,
            signing_secret: signing_secret.as_ref().map(|secret| {
                hex::encode(self.vault.seal(
                    &ApiKeyRecord::owner(key.id()),
                    SIGNING_FIELD,
                    secret.as_bytes(),
                ))
            }),
            rotated_to: None,
        };
        records.put_api_key(&record)?;
        self.store.flush()?;
        tracing::info!(platform = chat.platform.as_str(), "api key made");
        Ok(Some(MintedKey {
            key,
            signing_secret,
            record,
        }))
    }

    /// Seals every signed key's signing secret under `to`'s current master key (opening it
    /// with `from`); those already under it are left. Part of `pulse rotate-key`.
    pub(super) fn reseal_signing_secrets(
        store: &dyn crate::store::Store,
        from: &crate::vault::Vault,
        to: &crate::vault::Vault,
        batch: &mut Batch,
    ) -> Result<(), PulseError> {
        for mut record in crate::records::Records::new(store).all_api_keys()? {
            let Some(sealed) = record
                .signing_secret
                .as_ref()
                .and_then(|s| hex::decode(s).ok())
            else {
                continue;
            };
            if to.is_current(&sealed) {
                continue;
            }
            let owner = ApiKeyRecord::owner(&record.id);
            let secret = from.open(&owner, SIGNING_FIELD, &sealed)?;
            record.signing_secret = Some(hex::encode(to.seal(&owner, SIGNING_FIELD, &secret)));
            batch.put(
                Tree::ApiKeys,
                record.id.as_bytes().to_vec(),
                crate::records::encode(&record),
            );
        }
        Ok(())
    }
}
