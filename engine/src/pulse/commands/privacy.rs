//! `/privacy`: what Pulse stores for the chat, for how long, what leaves the machine, and
//! how to see it (`/export`) or delete it (`/disconnect`, `/forget`), from the settings and
//! the engine's own lifetimes.

use crate::pulse::{Pulse, CATCH_UP_DAYS};
use crate::reply::Reply;

impl Pulse {
    /// What Pulse keeps and for how long.
    pub(super) fn privacy(&self) -> Reply {
        Reply::text(prompts::privacy(&self.privacy_facts()))
    }

    /// What `/privacy` says: the settings and the engine's own lifetimes of what it keeps.
    fn privacy_facts(&self) -> prompts::Privacy {
        prompts::Privacy {
            uses_language_model: self.settings.uses_language_model,
            account_history_days: u64::from(self.settings.sync.account_history_days),
            comment_history_days: u64::from(self.settings.sync.comment_history_days),
            comment_retention_days: self.settings.comment_retention_days,
            conversation_minutes: crate::records::CONVERSATION_WINDOW.num_minutes().max(0) as u64,
            link_minutes: crate::links::LINK_TOKEN_LIFETIME.as_secs() / 60,
            digest_record_days: 1 + CATCH_UP_DAYS,
        }
    }
}
