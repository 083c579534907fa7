//! `/timezone [zone]`: shows the chat's time zone, or sets it (an IANA name such as
//! `Europe/Berlin`); periods, best times and the digest's hour are counted in it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::chat::ChatId;
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// The chat's time zone (`None`), or the chat's time zone set to `timezone`.
    pub(super) fn timezone_command(
        &self,
        chat: &ChatId,
        timezone: Option<Tz>,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let Some(timezone) = timezone else {
            return Ok(Reply::text(prompts::timezone_setting(
                self.timezone(chat)?.name(),
            )));
        };
        let mut record = self.chat_record(chat, now)?;
        record.timezone = timezone.name().to_owned();
        record.digest_changed_at = Some(now);
        self.records().put_chat(chat, &record)?;
        self.store.flush()?;
        Ok(Reply::text(format!(
            "Time zone set to {}. Periods are now counted in it.",
            timezone.name()
        )))
    }
}
