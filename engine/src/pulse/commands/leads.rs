//! `/leads [open|replied|won|lost|done|all] [period]`: the comments of a period that look
//! like buyers (asking about price, buying, shipping, sizes, availability, links or DMs; see
//! `crate::leads`), by where they stand (`crate::lead_status`), newest first, each with its
//! actions; and the period's figures (how many, replied, won, the median reply time).

use chrono::{DateTime, Utc};

use crate::chat::ChatId;
use crate::command::LeadFilter;
use crate::lead_status::{lead_counts, wait_in_words, LeadStatus};
use crate::period::Period;
use crate::pulse::sales::NamedComment;
use crate::pulse::{Pulse, PulseError};
use crate::records::LeadMark;
use crate::reply::{Block, Reply};

use super::comments::COMMENTS_SHOWN;

impl Pulse {
    /// The leads of `period` that `filter` keeps.
    pub(crate) fn leads(
        &self,
        chat: &ChatId,
        filter: LeadFilter,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let Some(account) = self.active_account(chat)? else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        if let Some(cannot) = crate::pulse::networks::cannot_answer(
            &account,
            &crate::question::Query::Leads { period },
        ) {
            return Ok(Reply::text(cannot));
        }
        let timezone = self.timezone(chat)?;
        // The account's posts and comments from the answer cache, as a question's are (not
        // a read of every post from the store on each /leads).
        let records = self.records();
        let cached = self.answer_cache.records_of(records, &account)?;
        let comments = cached.comments(records, &account.id)?;
        self.answer_cache.shrink();
        let posts = &cached.posts;
        let range = leads_range(&comments, period, timezone, now);
        let actions = self.comment_actions_of(&account)?;
        let leads = self.leads_of(&account, &comments, range.instants(timezone), &actions);
        let counts = lead_counts(&leads);
        let kept: Vec<_> = leads
            .iter()
            .filter(|lead| keeps(filter, lead.status))
            .collect();
        let label = period.heading(range);
        let mut reply = Reply::text(format!(
            "@{} · {} leads · {label}",
            account.username,
            filter.word()
        ));
        reply = reply.with(Block::Facts(summary(&counts)));
        if kept.is_empty() {
            reply = reply.with(Block::Text(match filter {
                LeadFilter::Open => {
                    "No open leads: every comment that looks like a buyer has an answer or a mark."
                        .to_owned()
                }
                _ => format!("None {} in this period.", filter.word()),
            }));
        }
        let labelled = kept.len() > 1;
        for lead in kept.iter().take(COMMENTS_SHOWN) {
            let named = NamedComment {
                account: account.clone(),
                comment: lead.comment.clone(),
                post: posts.iter().find(|p| p.id == lead.comment.post_id).cloned(),
            };
            let card = self.comment_card(
                &named,
                actions.get(&lead.comment.id),
                Some(lead.status),
                timezone,
                labelled,
            );
            reply.blocks.extend(card.blocks);
            reply.buttons.extend(card.buttons);
        }
        if kept.len() > COMMENTS_SHOWN {
            reply = reply.with(Block::Note(format!(
                "The {COMMENTS_SHOWN} newest of {}; mark the ones you are done with, or narrow the period (/leads {} 7d).",
                crate::answers::thousands(kept.len() as u64),
                filter.word()
            )));
        }
        reply = reply.with(Block::Note(
            "Leads are comments that ask about price, buying, ordering, shipping, sizes, availability, links or DMs. A reply on Instagram itself counts once Pulse has read it (comments are read every few minutes).".into(),
        ));
        Ok(self.with_status(&account, reply.private()))
    }
}

/// The dates `period` covers for leads (all time starts at the first stored comment).
pub(crate) fn leads_range(
    comments: &[crate::records::CommentRecord],
    period: Period,
    timezone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> crate::period::DateRange {
    let first_day = comments
        .first()
        .map(|c| c.published_at.with_timezone(&timezone).date_naive());
    period.resolve_from(now.with_timezone(&timezone).date_naive(), first_day)
}

/// Whether `filter` keeps a lead with `status`.
pub(crate) fn keeps(filter: LeadFilter, status: LeadStatus) -> bool {
    match filter {
        LeadFilter::All => true,
        LeadFilter::Open => status == LeadStatus::Open,
        LeadFilter::Replied => matches!(status, LeadStatus::Replied { .. }),
        LeadFilter::Won => status == LeadStatus::Marked(LeadMark::Won),
        LeadFilter::Lost => status == LeadStatus::Marked(LeadMark::Lost),
        LeadFilter::Done => status == LeadStatus::Marked(LeadMark::Done),
    }
}

/// The period's figures, as `/leads` and `/stats` show them.
pub(crate) fn summary(counts: &crate::lead_status::LeadCounts) -> Vec<(String, String)> {
    let mut facts = vec![(
        "Leads".to_owned(),
        format!(
            "{}: {} open, {} replied, {} won, {} lost",
            counts.leads, counts.open, counts.replied, counts.won, counts.lost
        ),
    )];
    if let Some(wait) = counts.median_reply_time {
        facts.push(("Median reply time".to_owned(), wait_in_words(wait)));
    }
    facts
}
