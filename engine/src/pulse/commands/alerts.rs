//! `/alerts [on|off|all|leads|quiet 22:00-08:00|quiet off]`: a message in this chat for each
//! new lead (or every new comment) within seconds of its arrival, batched and outside quiet
//! hours; alone, how alerts are set. The alerts themselves are in `pulse/alerts.rs`.

use chrono::{DateTime, Utc};

use crate::answers::count;
use crate::chat::ChatId;
use crate::command::AlertsAction;
use crate::pulse::{Pulse, PulseError};
use crate::records::AlertSettings;
use crate::reply::{Block, Reply};

impl Pulse {
    /// Shows or changes the chat's alert settings.
    pub(super) fn alerts_command(
        &self,
        chat: &ChatId,
        action: AlertsAction,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let mut record = self.chat_record(chat, now)?;
        let before = record.alerts.clone();
        let alerts = &mut record.alerts;
        let turn_on = |alerts: &mut AlertSettings, every_comment: bool| {
            if !alerts.enabled {
                // Comments written before this never alert.
                alerts.since = Some(now);
            }
            alerts.enabled = true;
            alerts.every_comment = every_comment;
        };
        match action {
            AlertsAction::Show => {}
            AlertsAction::Leads => turn_on(alerts, false),
            AlertsAction::EveryComment => turn_on(alerts, true),
            AlertsAction::Off => alerts.enabled = false,
            AlertsAction::Quiet(hours) => alerts.quiet = Some(hours),
            AlertsAction::QuietOff => alerts.quiet = None,
        }
        if record.alerts != before {
            // Compare-and-swap, keeping what an alert round wrote meanwhile (its last send).
            let settings = record.alerts.clone();
            let stored = self.records().update_chat(chat, |stored| {
                let last_sent_at = stored.alerts.last_sent_at;
                stored.alerts = AlertSettings {
                    last_sent_at,
                    ..settings.clone()
                };
            })?;
            if stored.is_none() {
                self.records().put_chat(chat, &record)?;
            }
            self.store.flush()?;
        }
        let timezone = self.timezone(chat)?;
        let alerts = &record.alerts;
        let mut reply = Reply::text(if !alerts.enabled {
            "Alerts are off. /alerts on sends a message here for each new lead (a comment asking about price, buying, shipping or sizes); /alerts all, for every new comment.".to_owned()
        } else {
            let what = if alerts.every_comment {
                "each new comment"
            } else {
                "each new lead (a comment asking about price, buying, shipping or sizes)"
            };
            format!(
                "Alerts are on: a message here for {what}, with buttons to reply, send a DM, hide it or mark it done. Several within {} come in one message.",
                interval(self.settings.alert_min_interval)
            )
        });
        reply = reply.with(Block::Text(match alerts.quiet {
            Some(quiet) => format!(
                "Quiet hours: {} to {} ({}); what arrives then comes in one message at {}. /alerts quiet off for alerts at any hour.",
                quiet.from.format("%H:%M"),
                quiet.to.format("%H:%M"),
                timezone.name(),
                quiet.to.format("%H:%M")
            ),
            None => "No quiet hours: /alerts quiet 22:00-08:00 holds alerts overnight.".to_owned(),
        }));
        if alerts.enabled {
            if !self.settings.webhooks_configured {
                reply = reply.with(Block::Note(
                    "Instagram's webhooks are not set up on this Pulse, so alerts come with each comments sync, every few minutes, rather than within seconds.".into(),
                ));
            }
            if self.records().chat_accounts(chat)?.is_empty() {
                reply = reply.with(Block::Note(
                    "No Instagram account is linked to this chat yet: /connect links one.".into(),
                ));
            }
        }
        Ok(reply)
    }
}

/// "a minute", "30 seconds", "5 minutes".
fn interval(duration: chrono::Duration) -> String {
    let seconds = u64::try_from(duration.num_seconds()).unwrap_or(0);
    match seconds {
        60 => "a minute".to_owned(),
        s if s >= 60 && s % 60 == 0 => count(s / 60, "minute", "minutes"),
        s => count(s, "second", "seconds"),
    }
}
