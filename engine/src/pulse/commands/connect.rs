//! `/connect` (also `/link`): a private, one-time link (valid 10 minutes) to the page that
//! sends the person to Instagram to allow Pulse to read the account; the OAuth callback
//! (`linking.rs`) then links the account to the chat.

use chrono::{DateTime, Utc};

use crate::links::LinkTokens;
use crate::pulse::{Pulse, PulseError};
use crate::reply::{Button, Reply};

impl Pulse {
    pub(super) fn connect(
        &self,
        inbound: &crate::inbound::Inbound,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let token = LinkTokens::new(self.records()).issue(
            &inbound.chat,
            &inbound.user,
            &inbound.user_name,
            &inbound.chat_title,
            now,
        )?;
        let url = format!("{}/connect/{}", self.settings.public_url, token.expose());
        Ok(Reply::text(prompts::connect(&inbound.chat_title, &url))
            .with_button(Button::Link {
                label: "Connect Instagram".into(),
                url,
            })
            .private())
    }
}
