//! `/pause [@handle]` and `/resume [@handle]`: restriction of processing (GDPR Art. 18) of
//! an account (the one in use when none is named). Paused, its data is kept, but scheduled
//! syncs and digests pass it over and every answer about it — commands, questions, the
//! API — is one sentence saying it is paused; `/resume` lifts it and the next sync reads
//! what is new. The restriction is the account's (`Tree::Restrictions`), whichever chat
//! asked: every chat it is linked to sees it paused.

use chrono::{DateTime, Utc};

use crate::chat::{ChatId, Handle};
use crate::command::{Command, DigestAction};
use crate::pulse::{Pulse, PulseError};
use crate::records::{AccountRecord, RestrictionRecord};
use crate::reply::Reply;

impl Pulse {
    /// The paused sentence, when `command` shows or acts on the account in use and it is
    /// paused. Questions are checked where their account is chosen
    /// ([`Pulse::paused_answer`]), since a question may name another account.
    pub(in crate::pulse) fn paused_in_use(
        &self,
        chat: &ChatId,
        command: &Command,
    ) -> Result<Option<Reply>, PulseError> {
        let about_the_account_in_use = matches!(
            command,
            Command::Stats(_)
                | Command::Top { .. }
                | Command::BestTime
                | Command::Fans(_)
                | Command::Leads { .. }
                | Command::Comments(_)
                | Command::Reply { .. }
                | Command::DraftReply(_)
                | Command::Send(_)
                | Command::Hide { .. }
                | Command::MarkLead { .. }
                | Command::Post { .. }
                | Command::Schedule { .. }
                | Command::Publish(_)
                | Command::Digest(DigestAction::Now)
        );
        if !about_the_account_in_use {
            return Ok(None);
        }
        match self.active_account(chat)? {
            Some(account) => self.paused_answer(&account),
            None => Ok(None),
        }
    }

    /// The one sentence every answer about a paused account is, or `None`.
    pub(in crate::pulse) fn paused_answer(
        &self,
        account: &AccountRecord,
    ) -> Result<Option<Reply>, PulseError> {
        Ok(self
            .is_paused(&account.id)?
            .then(|| Reply::text(prompts::paused(&account.username))))
    }

    /// `/pause` (`pause: true`) and `/resume`.
    pub(super) fn pause_or_resume(
        &self,
        chat: &ChatId,
        handle: Option<&Handle>,
        pause: bool,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let account = match self.named_or_in_use(chat, handle)? {
            Ok(account) => account,
            Err(reply) => return Ok(reply),
        };
        let text = match (pause, self.set_paused(&account, pause, now)?) {
            (true, false) => format!(
                "@{} is already paused. /resume @{} lifts it.",
                account.username, account.username
            ),
            (false, false) => format!("@{} is not paused.", account.username),
            (true, true) => prompts::pause_done(&account.username),
            (false, true) => prompts::resume_done(&account.username),
        };
        Ok(Reply::text(text))
    }

    /// Pauses (`pause: true`) or resumes `account`, flushed; whether its state changed.
    /// Pausing stops a sync under way at once and empties the account's answer cache.
    pub(in crate::pulse) fn set_paused(
        &self,
        account: &AccountRecord,
        pause: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, PulseError> {
        let records = self.records();
        let paused = records.restriction(&account.id)?.is_some();
        let changed = match (pause, paused) {
            (true, true) | (false, false) => false,
            (true, false) => {
                // A sync under way stops at once and writes nothing more.
                self.syncs.cancel(&account.id);
                records
                    .set_restriction(&account.id, Some(&RestrictionRecord { paused_at: now }))?;
                self.answer_cache.evict(&account.id);
                tracing::info!("account paused");
                true
            }
            (false, true) => {
                records.set_restriction(&account.id, None)?;
                tracing::info!("account resumed");
                true
            }
        };
        self.store.flush()?;
        Ok(changed)
    }
}
