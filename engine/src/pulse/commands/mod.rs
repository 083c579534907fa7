//! One module per command, each holding what its command does for the user (as
//! mini-redis's `cmd/`): [`Pulse::execute`] hands a parsed [`Command`] to its module, which
//! turns it into a [`Reply`]. The commands themselves are declared once, in
//! `crate::command::table`; what several commands or other entry points share (the OAuth
//! link flow, syncing, digest scheduling, erasure, the answer machinery) stays in the
//! services of `engine/src/pulse/`, so a command module stays thin.

mod accounts;
mod alerts;
mod apikey;
mod ask;
mod best_time;
mod cancel;
mod caption;
mod comments;
mod connect;
mod digest;
mod disconnect;
mod draft;
mod drop;
mod export;
mod fans;
mod fit;
mod forget;
mod help;
mod hide;
mod lead;
pub(super) mod leads;
mod pause;
mod post;
mod privacy;
mod queue;
mod reply;
mod retry;
mod schedule;
mod send;
mod start;
mod stats;
mod templates;
mod timezone;
mod top;
mod use_account;

pub use apikey::{DEFAULT_OVERLAP_DAYS, LOG_SHOWN, MAX_LIVE_KEYS};
pub use forget::FORGET_PROMPT_LIFETIME;

use chrono::{DateTime, Utc};

use crate::command::Command;
use crate::inbound::Inbound;
use crate::reply::Reply;

use super::{Pulse, PulseError};

impl Pulse {
    /// The reply to `command`, sent in `inbound`'s chat and allowed there: one function per
    /// command module.
    pub(super) async fn execute(
        &self,
        inbound: &Inbound,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let chat = &inbound.chat;
        if let Some(reply) = self.instagram_only(chat, &command)? {
            return Ok(reply);
        }
        if let Some(reply) = self.paused_in_use(chat, &command)? {
            return Ok(reply);
        }
        match command {
            Command::Start { .. } => Ok(self.start()),
            Command::Help => Ok(self.help()),
            Command::Privacy => Ok(self.privacy()),
            Command::Connect(network) => self.connect(inbound, network, now),
            Command::Accounts => self.accounts(chat),
            Command::Use(handle) => self.use_account(chat, &handle, now),
            Command::Disconnect(handle) => self.disconnect(chat, handle.as_ref()),
            Command::Timezone(timezone) => self.timezone_command(chat, timezone, now),
            Command::Stats(period) => self.stats(chat, period, now),
            Command::Top {
                metric,
                period,
                count,
            } => self.top(chat, metric, period, count, now),
            Command::Ask(question) => self.ask(chat, &question, now).await,
            Command::BestTime => self.best_time(chat, now),
            Command::Fans(period) => self.fans(chat, period, now),
            Command::Leads { filter, period } => self.leads(chat, filter, period, now),
            Command::Comments(post) => self.comments(chat, post.as_deref(), now),
            Command::Reply {
                comment,
                kind,
                text,
            } => self.reply(inbound, &comment, kind, text, now),
            Command::DraftReply(comment) => self.draft(inbound, &comment, now).await,
            Command::Send(nonce) => self.send(inbound, nonce.as_deref(), now).await,
            Command::Cancel => self.cancel(inbound),
            Command::Hide { comment, hidden } => self.hide(chat, &comment, hidden, now).await,
            Command::MarkLead { comment, mark } => self.mark_lead(chat, &comment, mark, now),
            Command::Templates(action) => self.templates(chat, action),
            Command::Alerts(action) => self.alerts_command(chat, action, now),
            Command::Post { caption } => self.post(inbound, caption, now),
            Command::Schedule { post, when } => self.schedule(inbound, post.as_ref(), &when, now),
            Command::Publish(post) => self.publish_now(inbound, post.as_ref(), now),
            Command::Caption { post, text } => self.caption(inbound, post.as_ref(), &text, now),
            Command::Queue => self.queue(chat, now),
            Command::DropPost(post) => self.drop_post(inbound, &post, now),
            Command::FitPost { post, how } => self.fit_post(inbound, &post, how, now),
            Command::RetryPost(post) => self.retry_post(inbound, &post, now),
            Command::Export => self.export(chat, now),
            Command::ApiKey(action) => self.apikey(chat, action, now),
            Command::Pause(handle) => self.pause_or_resume(chat, handle.as_ref(), true, now),
            Command::Resume(handle) => self.pause_or_resume(chat, handle.as_ref(), false, now),
            Command::Digest(action) => self.digest_command(chat, action, now),
            Command::Forget(step) => self.forget(inbound, step, now),
        }
    }

    /// What Pulse does on Instagram through an account — comments, replies, hiding, alerts,
    /// publishing — asked while a TikTok account is in use: said, with how to switch.
    fn instagram_only(
        &self,
        chat: &crate::chat::ChatId,
        command: &Command,
    ) -> Result<Option<Reply>, PulseError> {
        let acts_on_instagram = matches!(
            command,
            Command::Comments(_)
                | Command::Reply { .. }
                | Command::DraftReply(_)
                | Command::Hide { .. }
                | Command::MarkLead { .. }
                | Command::Alerts(_)
                | Command::Post { .. }
                | Command::Schedule { .. }
                | Command::Publish(_)
        );
        if !acts_on_instagram {
            return Ok(None);
        }
        let Some(account) = self.active_account(chat)? else {
            return Ok(None);
        };
        if account.network != crate::account::Network::TikTok {
            return Ok(None);
        }
        let switch = match self.chat_account_on(chat, crate::account::Network::Instagram)? {
            Some(instagram) => format!(" Send /use @{} to switch to it.", instagram.username),
            None => " Send /connect to link an Instagram account.".to_owned(),
        };
        Ok(Some(Reply::text(format!(
            "@{} is a TikTok account: comments, replies, alerts and publishing work with Instagram accounts (TikTok shares no comments with Pulse and Pulse does not post to TikTok).{switch}",
            account.username
        ))))
    }
}
