//! `/accounts`: the accounts linked to the chat — Instagram and TikTok —, with their
//! followers, which one questions are about, and which need `/connect` again.

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
                AccountStatus::NeedsReconnect => {
                    format!(" · needs {} again", account.network.connect_command())
                }
            };
            let followers = if account.followers_shared() {
                count(account.followers_count, "follower", "followers")
            } else {
                "followers not shared".to_owned()
            };
            lines.push(crate::reply::Item {
                text: format!(
                    "@{} ({}){marker} · {followers}{status}",
                    account.username,
                    account.network.name(),
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
                "Choose the one questions are about with /use @handle (or /use tiktok, /use instagram). A question that names TikTok or Instagram is about that account.".into(),
            )))
    }
}
