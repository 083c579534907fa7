//! `/caption [post] <text>`: a post's new caption, until it starts publishing (with no
//! text — the Edit caption button — Pulse asks for it).

use chrono::{DateTime, Utc};

use crate::command::PostRef;
use crate::inbound::Inbound;
use crate::publishing::caption_problem;
use crate::pulse::{Pulse, PulseError};
use crate::records::PublicationRecord;
use crate::reply::Reply;

impl Pulse {
    /// `/caption [post] <text>`.
    pub(super) fn caption(
        &self,
        inbound: &Inbound,
        post: Option<&PostRef>,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let (account, record) =
            match self.changeable_post(inbound, post, "its caption can no longer be changed")? {
                Ok(found) => found,
                Err(reply) => return Ok(reply),
            };
        let text = text.trim();
        if text.is_empty() {
            return self.ask_for_text(inbound, &record, "caption", now);
        }
        if let Some(problem) = caption_problem(text) {
            return Ok(Reply::text(format!(
                "{problem} The caption was not changed."
            )));
        }
        let changed = PublicationRecord {
            caption: Some(text.to_owned()),
            updated_at: now,
            awaiting: None,
            ..record.clone()
        };
        if !self.records().swap_publication(Some(&record), &changed)? {
            return Ok(Reply::text(
                "That post changed meanwhile; look at /queue and try again.",
            ));
        }
        self.post_card(&account, &changed, now, "Caption changed: post")
    }
}
