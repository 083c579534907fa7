//! Deletion asked for by Meta: when an Instagram user removes Pulse from their account
//! (deauthorize) or asks for their data to be deleted (data deletion), Meta posts a signed
//! request naming their app-scoped user id. The bot verifies the signature; this deletes
//! every account with that id — token, data, links, digest records — and keeps a status
//! record, with no personal data, under a confirmation code the person can look up.
//!
//! The same request (user id and `issued_at`) is handled once: repeats get the same code and
//! delete nothing more.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Pulse, PulseError};
use crate::chat::ChatId;
use crate::records::{decode, encode, key};
use crate::store::{Batch, Tree};

/// Where a deletion request stands, as its status page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionStatus {
    /// When Meta's request arrived.
    pub requested_at: DateTime<Utc>,
    /// When the deletion finished (it runs at once).
    pub completed_at: DateTime<Utc>,
    /// How many linked accounts were deleted (0 when Pulse held nothing for the person).
    pub accounts_deleted: usize,
    /// How many stored records went with them.
    pub records_deleted: usize,
}

/// What handling a deletion request did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionOutcome {
    /// The confirmation code for Meta and the person.
    pub code: String,
    /// The status.
    pub status: DeletionStatus,
    /// False when this request was handled before (nothing more was deleted).
    pub first_time: bool,
    /// The chats that had the deleted accounts linked, with the handle, to tell them.
    pub chats_to_tell: Vec<(ChatId, String)>,
}

fn request_key(app_scoped_user_id: &str, issued_at: i64) -> Vec<u8> {
    // Hashed: the status tree keeps no user id.
    let digest = Sha256::new()
        .chain_update(b"pulse deletion request\0")
        .chain_update(app_scoped_user_id.as_bytes())
        .chain_update(b"\0")
        .chain_update(issued_at.to_string().as_bytes())
        .finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    key(&["request", &hex])
}

fn code_key(code: &str) -> Vec<u8> {
    key(&["code", code])
}

#[derive(Serialize, Deserialize)]
struct DeletionRecord {
    code: String,
    status: DeletionStatus,
}

impl Pulse {
    /// Deletes every account whose app-scoped user id is `app_scoped_user_id`, for the
    /// verified Meta request issued at `issued_at`. Idempotent per request.
    pub fn delete_instagram_user(
        &self,
        app_scoped_user_id: &str,
        issued_at: i64,
        now: DateTime<Utc>,
    ) -> Result<DeletionOutcome, PulseError> {
        let _one_at_a_time = self
            .deletions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let request = request_key(app_scoped_user_id, issued_at);
        if let Some(bytes) = self.store.get(Tree::Deletions, &request)? {
            let record: DeletionRecord = decode("deletion", &bytes)?;
            return Ok(DeletionOutcome {
                code: record.code,
                status: record.status,
                first_time: false,
                chats_to_tell: Vec::new(),
            });
        }
        let records = self.records();
        let mut batch = Batch::new();
        let mut chats_to_tell = Vec::new();
        let (mut erased, mut records_deleted) = (Vec::new(), 0);
        for account in records.accounts()? {
            if account.app_scoped_id != app_scoped_user_id && account.user_id != app_scoped_user_id
            {
                continue;
            }
            for chat in records.account_chats(&account.id)? {
                chats_to_tell.push((chat, account.username.clone()));
            }
            self.syncs.cancel(&account.id);
            records_deleted += self.erase_account_into(&mut batch, &account.id)?;
            erased.push(account.id);
        }
        let accounts_deleted = erased.len();
        let code = format!("{:032x}", rand::random::<u128>());
        let record = DeletionRecord {
            code: code.clone(),
            status: DeletionStatus {
                requested_at: now,
                completed_at: now,
                accounts_deleted,
                records_deleted,
            },
        };
        let bytes = encode(&record);
        batch.put(Tree::Deletions, request, bytes.clone());
        batch.put(Tree::Deletions, code_key(&code), bytes);
        self.store.apply(&batch)?;
        self.store.flush()?;
        for account in &erased {
            self.shred_account(account)?;
        }
        tracing::info!(
            accounts_deleted,
            records_deleted,
            "deleted at Meta's request"
        );
        Ok(DeletionOutcome {
            code,
            status: record.status,
            first_time: true,
            chats_to_tell,
        })
    }

    /// The status of the deletion request with confirmation `code`, if there is one.
    pub fn deletion_status(&self, code: &str) -> Result<Option<DeletionStatus>, PulseError> {
        let valid = code.len() == 32 && code.bytes().all(|b| b.is_ascii_hexdigit());
        if !valid {
            return Ok(None);
        }
        Ok(self
            .store
            .get(Tree::Deletions, &code_key(code))?
            .map(|bytes| decode::<DeletionRecord>("deletion", &bytes))
            .transpose()?
            .map(|record| record.status))
    }
}
