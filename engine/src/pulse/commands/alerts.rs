//! `/alerts [on|off|all|leads|quiet 22:00-08:00|quiet off]`: a message in this chat for each
//! new lead (or every new comment) within seconds of its arrival, batched and outside quiet
//! hours; alone, how alerts are set.

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::command::AlertsAction;
use crate::pulse::{Pulse, PulseError};
use crate::reply::Reply;

impl Pulse {
    /// Shows or changes the chat's alert settings.
    pub(super) fn alerts_command(
        &self,
        chat: &ChatId,
        action: AlertsAction,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let _ = (chat, action, now);
        Ok(Reply::text("Alerts are not ready yet."))
    }
}
