//! `/accounts`: the Instagram accounts linked to the chat, with their followers, which one
//! questions are about, and which need `/connect` again.

use crate::answers::count;
use crate::chat::ChatId;
use crate::pulse::{Pulse, PulseError};
use crate::records::AccountStatus;
use crate::reply::{Block, Reply};

impl Pulse {
    pub(super) fn accounts(&self, chat: &ChatId) -> Result<Reply, PulseError> {
        let records = self.records();
        let active = self.active_account(chat)?.map(|account| account.id);
        let mut lines = Vec::new();
        for id in records.chat_accounts(chat)? {
            let Some(account) = records.account(&id)? else {
                continue;
            };
            let marker = if active.as_ref() == Some(&id) {
                " (in use)"
            } else {
                ""
            };
            let status = match account.status {
                AccountStatus::Active => String::new(),
                AccountStatus::NeedsReconnect => " · needs /connect again".into(),
            };
            lines.push(crate::reply::Item {
                text: format!(
                    "@{}{marker} · {}{status}",
                    account.username,
                    count(account.followers_count, "follower", "followers")
                ),
                url: None,
            });
        }
        if lines.is_empty() {
            return Ok(Reply::text(prompts::not_linked()));
        }
        Ok(Reply::text("Linked accounts:")
            .with(Block::Ranking(lines))
            .with(Block::Note(
                "Choose the one questions are about with /use @handle.".into(),
            )))
    }
}
