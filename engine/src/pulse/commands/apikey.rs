//! `/apikey`: the chat's keys of the stats API. `new` makes one and shows it (and a signed
//! key's signing secret) this once, to the asker alone; `list` shows them without the keys;
//! `revoke` stops one; `rotate` makes a new key with the same name, scopes and life and lets
//! the old one work for an overlap (7 days unless said); `log` shows the last 20 requests.
//! Keys, hashing and checks are in `api_access.rs` and `crate::api_keys`.

use chrono::{DateTime, Utc};

use crate::api_keys::Scope;
use crate::chat::ChatId;
use crate::command::ApiKeyAction;
use crate::pulse::{KeyToMake, Pulse, PulseError};
use crate::records::ApiKeyRecord;
use crate::reply::{Block, Item, Reply};

/// The most keys a chat holds that still work.
pub const MAX_LIVE_KEYS: usize = 20;
/// How long an old key works after `/apikey rotate` unless another overlap is named.
pub const DEFAULT_OVERLAP_DAYS: u32 = 7;
/// Requests `/apikey log` shows.
pub const LOG_SHOWN: usize = 20;

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn scope_list(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|scope| scope.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a key stands, in words.
fn standing(record: &ApiKeyRecord, now: DateTime<Utc>) -> String {
    match (record.revoked_at, record.expires_at) {
        (Some(at), _) => format!("revoked {}", when(at)),
        (None, Some(at)) if at <= now => format!("expired {}", when(at)),
        (None, Some(at)) => format!("works until {}", when(at)),
        (None, None) => "works until revoked".to_owned(),
    }
}

impl Pulse {
    /// `/apikey …`.
    pub(super) fn apikey(
        &self,
        chat: &ChatId,
        action: ApiKeyAction,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        match action {
            ApiKeyAction::List => self.list_api_keys(chat, now),
            ApiKeyAction::New {
                name,
                scopes,
                days,
                signed,
            } => {
                if !self.api_is_on() {
                    return Ok(Reply::text(prompts::api_off()).private());
                }
                let live = self
                    .records()
                    .chat_api_keys(chat)?
                    .iter()
                    .filter(|key| key.is_live(now))
                    .count();
                if live >= MAX_LIVE_KEYS {
                    return Ok(Reply::text(format!(
                        "This chat has {MAX_LIVE_KEYS} working API keys, the most it keeps. Revoke one first with /apikey revoke <id> (/apikey list shows them)."
                    )));
                }
                let expires_at = days.map(|days| now + chrono::Duration::days(i64::from(days)));
                let asked = KeyToMake {
                    name: &name,
                    scopes,
                    expires_at,
                    signed,
                };
                Ok(self.show_new_key(chat, asked, now)?.0)
            }
            ApiKeyAction::Revoke(id) => {
                let Some(record) = self.chat_key(chat, &id)? else {
                    return Ok(unknown_key(&id));
                };
                if record.revoked_at.is_some() {
                    return Ok(Reply::text(format!(
                        "The key {id} (“{}”) was already revoked.",
                        record.name
                    )));
                }
                self.records().update_api_key(&id, |stored| {
                    let first = stored.revoked_at.is_none();
                    if first {
                        stored.revoked_at = Some(now);
                    }
                    first
                })?;
                self.store.flush()?;
                Ok(Reply::text(format!(
                    "Revoked the key {id} (“{}”): requests with it are refused from now on.",
                    record.name
                )))
            }
            ApiKeyAction::Rotate { id, overlap_days } => {
                if !self.api_is_on() {
                    return Ok(Reply::text(prompts::api_off()).private());
                }
                let Some(old) = self.chat_key(chat, &id)?.filter(|key| key.is_live(now)) else {
                    return Ok(unknown_key(&id));
                };
                // The new key gets the old one's life, counted from now.
                let expires_at = old.expires_at.map(|at| now + (at - old.created_at));
                let overlap =
                    chrono::Duration::days(i64::from(overlap_days.unwrap_or(DEFAULT_OVERLAP_DAYS)));
                let overlap_end = old
                    .expires_at
                    .map_or(now + overlap, |at| at.min(now + overlap));
                let asked = KeyToMake {
                    name: &old.name,
                    scopes: old.scopes.clone(),
                    expires_at,
                    signed: old.signing_secret.is_some(),
                };
                let (reply, new_id) = self.show_new_key(chat, asked, now)?;
                if new_id.is_none() {
                    return Ok(reply);
                }
                self.records().update_api_key(&id, |stored| {
                    stored.expires_at = Some(overlap_end);
                    stored.rotated_to = new_id.clone();
                    true
                })?;
                self.store.flush()?;
                Ok(reply.with(Block::Note(prompts::api_key_rotated(
                    &id,
                    &when(overlap_end),
                ))))
            }
            ApiKeyAction::Log(id) => self.api_key_log(chat, id.as_deref()),
        }
    }

    /// Mints a key and shows it (and its signing secret) this once, to the asker alone;
    /// with the new key's id (`None`: the API is off).
    fn show_new_key(
        &self,
        chat: &ChatId,
        asked: KeyToMake<'_>,
        now: DateTime<Utc>,
    ) -> Result<(Reply, Option<String>), PulseError> {
        let Some(minted) = self.mint_api_key(chat, asked, now)? else {
            return Ok((Reply::text(prompts::api_off()).private(), None));
        };
        let expiry = minted
            .record
            .expires_at
            .map_or_else(String::new, |at| format!(", until {}", when(at)));
        let mut reply = Reply::text(prompts::api_key_new(
            &minted.record.name,
            &minted.record.id,
            &scope_list(&minted.record.scopes),
            &expiry,
            minted.key.expose(),
        ));
        if let Some(secret) = &minted.signing_secret {
            reply = reply.with(Block::Text(prompts::api_key_signing(secret)));
        }
        Ok((reply.private(), Some(minted.record.id)))
    }

    /// The chat's key with this id, if it is the chat's.
    fn chat_key(&self, chat: &ChatId, id: &str) -> Result<Option<ApiKeyRecord>, PulseError> {
        Ok(self
            .records()
            .api_key(id)?
            .filter(|record| record.chat == chat.key()))
    }

    /// `/apikey list`: every key of the chat, never the key itself.
    fn list_api_keys(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let keys = self.records().chat_api_keys(chat)?;
        if keys.is_empty() {
            return Ok(Reply::text("This chat has no API keys.").with(Block::Text(
                "Make one with /apikey new <name> [stats:read|export:read|admin] [90d] [signed], e.g. /apikey new dashboard.".into(),
            )));
        }
        let items = keys
            .iter()
            .map(|key| {
                let used = key.last_used_at.map_or_else(
                    || "never used".to_owned(),
                    |at| format!("last used {}", when(at)),
                );
                let signed = if key.signing_secret.is_some() {
                    ", signed"
                } else {
                    ""
                };
                Item {
                    text: format!(
                        "{} “{}”: {}{signed}; made {}; {}; {used}",
                        key.id,
                        key.name,
                        scope_list(&key.scopes),
                        when(key.created_at),
                        standing(key, now)
                    ),
                    url: None,
                }
            })
            .collect();
        Ok(Reply::text("API keys of this chat (the keys themselves are shown only when made):")
            .with(Block::Ranking(items))
            .with(Block::Note(
                "/apikey revoke <id> stops a key; /apikey rotate <id> replaces it; /apikey log <id> shows its last requests.".into(),
            )))
    }

    /// `/apikey log [id]`: the last [`LOG_SHOWN`] requests with the key (or any of the
    /// chat's keys), newest first.
    fn api_key_log(&self, chat: &ChatId, id: Option<&str>) -> Result<Reply, PulseError> {
        let keys = match id {
            Some(id) => match self.chat_key(chat, id)? {
                Some(key) => vec![key],
                None => return Ok(unknown_key(id)),
            },
            None => self.records().chat_api_keys(chat)?,
        };
        let mut entries = Vec::new();
        for key in &keys {
            for (_, entry) in self.records().api_access_log(&key.id)? {
                entries.push((key.id.clone(), entry));
            }
        }
        entries.sort_by_key(|(_, entry)| std::cmp::Reverse(entry.at));
        entries.truncate(LOG_SHOWN);
        if entries.is_empty() {
            return Ok(Reply::text(match id {
                Some(id) => format!("No requests with the key {id} in the last 30 days."),
                None => "No API requests in the last 30 days.".to_owned(),
            }));
        }
        let items = entries
            .iter()
            .map(|(key, entry)| Item {
                text: format!(
                    "{} {key} {} {} → {} ({} ms, {} bytes{})",
                    when(entry.at),
                    entry.method,
                    entry.route,
                    entry.status,
                    entry.latency_ms,
                    entry.bytes,
                    entry
                        .network
                        .as_deref()
                        .map_or_else(String::new, |network| format!(", from {network}"))
                ),
                url: None,
            })
            .collect();
        Ok(Reply::text(format!(
            "The last {} API requests{}, newest first:",
            entries.len(),
            id.map_or_else(String::new, |id| format!(" with the key {id}"))
        ))
        .with(Block::Ranking(items))
        .with(Block::Note(
            "Requests are kept 30 days, with the caller's network, never its full address, the key or the query.".into(),
        )))
    }
}

/// The answer to an id that is not one of the chat's (working) keys.
fn unknown_key(id: &str) -> Reply {
    Reply::text(format!(
        "This chat has no API key {id} that still works. /apikey list shows its keys."
    ))
    .with(Block::Text(
        "Usage: /apikey revoke <id>, /apikey rotate <id> [7d], /apikey log [id]".into(),
    ))
}
