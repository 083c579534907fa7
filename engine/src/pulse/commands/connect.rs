//! `/connect [instagram|tiktok]` (also `/link`): a private, one-time link (valid 10 minutes)
//! to the page that sends the person to the network to allow Pulse to read the account; the
//! OAuth callback (`linking.rs`) then links the account to the chat. Without a network named,
//! Instagram's link, with the choice of TikTok beside it when the operator configured TikTok
//! (a button that sends `/connect tiktok`).

use chrono::{DateTime, Utc};

use crate::account::Network;
use crate::links::LinkTokens;
use crate::pulse::{Pulse, PulseError};
use crate::reply::{Button, Reply};

impl Pulse {
    pub(super) fn connect(
        &self,
        inbound: &crate::inbound::Inbound,
        network: Option<Network>,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let offer_tiktok = network.is_none() && self.ports.links(Network::TikTok);
        let network = network.unwrap_or(Network::Instagram);
        if !self.ports.links(network) {
            return Ok(Reply::text(format!(
                "This Pulse is not set up to link {} accounts: its operator has not configured \
                 {}. Send /connect to link an Instagram account.",
                network.name(),
                network.name()
            )));
        }
        let token = LinkTokens::new(self.records()).issue(
            &inbound.chat,
            &inbound.user,
            &inbound.user_name,
            &inbound.chat_title,
            network,
            now,
        )?;
        let url = format!("{}/connect/{}", self.settings.public_url, token.expose());
        let text = match network {
            Network::Instagram => prompts::connect(&inbound.chat_title, &url),
            Network::TikTok => prompts::connect_tiktok(&inbound.chat_title, &url),
        };
        let mut reply = Reply::text(text).with_button(Button::Link {
            label: format!("Connect {}", network.name()),
            url,
        });
        if offer_tiktok {
            reply = reply.with(crate::reply::Block::Note(prompts::connect_choice()));
            // A button sends its command where the reply is shown: only in the chat itself
            // (a group's link goes to the asker's private chat, where it would link that).
            if inbound.private {
                reply = reply.with_button(Button::Command {
                    label: "TikTok instead".into(),
                    command: "/connect tiktok".into(),
                });
            }
        }
        Ok(reply.private())
    }
}
