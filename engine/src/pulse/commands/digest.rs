//! `/digest`: shows the chat's daily digest setting, turns the digest on or off, sets its
//! local time (`/digest time 08:30`), or sends the digest of every linked account now
//! (`/digest now`). The schedule itself is in `digests.rs`.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::command::DigestAction;
use crate::pulse::{Pulse, PulseError};
use crate::records::ChatRecord;
use crate::reply::Reply;

impl Pulse {
    /// `/digest on|off|time HH:MM|now`.
    pub(super) fn digest_command(
        &self,
        chat: &ChatId,
        action: DigestAction,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let mut record = self.chat_record(chat, now)?;
        let timezone = self.timezone(chat)?;
        let when = |record: &ChatRecord| {
            format!(
                "{} ({})",
                record
                    .digest_time
                    .unwrap_or(self.settings.default_digest_time)
                    .format("%H:%M"),
                timezone.name()
            )
        };
        let text = match action {
            DigestAction::Now => return self.digest_now(chat, now),
            DigestAction::Show => {
                return Ok(Reply::text(prompts::digest_setting(
                    record.digest_enabled,
                    &when(&record),
                )))
            }
            DigestAction::On => {
                record.digest_enabled = true;
                record.digest_changed_at = Some(now);
                format!(
                    "Daily digest on: every day at {}. Change the time with /digest time 08:30.",
                    when(&record)
                )
            }
            DigestAction::Off => {
                record.digest_enabled = false;
                "Daily digest off. /digest on turns it back on; /digest now sends one any time."
                    .to_owned()
            }
            DigestAction::Time(time) => {
                record.digest_time = Some(time);
                record.digest_enabled = true;
                record.digest_changed_at = Some(now);
                format!("Daily digest at {} from now on.", when(&record))
            }
        };
        self.records().put_chat(chat, &record)?;
        self.store.flush()?;
        Ok(Reply::text(text))
    }

    /// The digest of every account linked to the chat, now.
    pub fn digest_now(&self, chat: &ChatId, now: DateTime<Utc>) -> Result<Reply, PulseError> {
        let records = self.records();
        let linked = records.chat_accounts(chat)?;
        if linked.is_empty() {
            return Ok(Reply::text(prompts::not_linked()));
        }
        let timezone = self.timezone(chat)?;
        let today = now.with_timezone(&timezone).date_naive();
        let mut combined = Reply::default();
        for id in linked {
            let Some(account) = records.account(&id)? else {
                continue;
            };
            let digest = self.account_digest(&account, timezone, today)?;
            combined.blocks.extend(digest.blocks);
            combined.attachments.extend(digest.attachments);
            if combined.buttons.is_empty() {
                combined.buttons = digest.buttons;
            }
        }
        Ok(combined)
    }
}
