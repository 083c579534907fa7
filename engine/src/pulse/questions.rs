//! The answer machinery of questions in plain words: a question read with the chat's
//! previous question (a follow-up refines it), a query answered from the store, and what a
//! question reveals. `/ask` (`commands/ask.rs`) asks the parser or a language model that
//! may only use Pulse's figures; `/best_time`, `/fans` and `/leads` answer a query.
//!
//! The previous question is conversation state: the query as Pulse understood it (its
//! frame's text form, never the words typed), with the time it was asked, one record per
//! chat in [`Tree::Conversations`]. It counts for [`CONVERSATION_WINDOW`] (30 minutes), is in
//! `/export`, is deleted by `/forget`, and stale records are swept.
//!
//! [`Tree::Conversations`]: crate::store::Tree::Conversations

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Pulse, PulseError};
use crate::chat::ChatId;
use crate::command::{Command, Reveals};
use crate::inbound::Request;
use crate::question::answer;
use crate::question::{parse_in_conversation, Frame, Parsed, Query};
use crate::records::{AccountRecord, ConversationRecord, CONVERSATION_WINDOW};
use crate::reply::Reply;

impl Pulse {
    /// The network the chat's previous question named, if it named one in the last 30
    /// minutes.
    pub(super) fn previous_network(
        &self,
        chat: &ChatId,
        now: DateTime<Utc>,
    ) -> Result<Option<crate::account::Network>, PulseError> {
        Ok(self
            .records()
            .conversation(chat)?
            .filter(|record| now - record.asked_at <= CONVERSATION_WINDOW)
            .and_then(|record| record.network))
    }

    /// The chat's previous queries (several when one question asked several things), if
    /// they were asked in the last 30 minutes.
    pub(super) fn previous_queries(
        &self,
        chat: &ChatId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Query>, PulseError> {
        Ok(self.conversation(chat, now)?.0)
    }

    /// The chat's previous queries and those of the question before them, each empty when
    /// nothing was asked in the last 30 minutes.
    fn conversation(
        &self,
        chat: &ChatId,
        now: DateTime<Utc>,
    ) -> Result<(Vec<Query>, Vec<Query>), PulseError> {
        let Some(record) = self.records().conversation(chat)? else {
            return Ok((Vec::new(), Vec::new()));
        };
        if now - record.asked_at > CONVERSATION_WINDOW {
            return Ok((Vec::new(), Vec::new()));
        }
        // Labels joined with " ; ", as a question of several parts is written.
        let queries = |labels: &str| -> Vec<Query> {
            labels
                .split(" ; ")
                .filter_map(|label| Frame::from_label(label).ok()?.query())
                .collect()
        };
        let before = record.before.as_deref().map(queries).unwrap_or_default();
        Ok((queries(&record.query), before))
    }

    /// Keeps `queries` as what the chat asked last (about the account in use).
    pub(super) fn remember(
        &self,
        chat: &ChatId,
        queries: &[Query],
        now: DateTime<Utc>,
    ) -> Result<(), PulseError> {
        self.remember_about(chat, queries, None, now)
    }

    /// Keeps `queries` as what the chat asked last, about the account of `network` when the
    /// question named one.
    pub(super) fn remember_about(
        &self,
        chat: &ChatId,
        queries: &[Query],
        network: Option<crate::account::Network>,
        now: DateTime<Utc>,
    ) -> Result<(), PulseError> {
        if queries.is_empty() {
            return Ok(());
        }
        let labels: Vec<String> = queries.iter().map(|q| q.frame().to_string()).collect();
        // The question asked before, kept one more turn when it is still in the window and
        // about the same account.
        let before = self
            .records()
            .conversation(chat)?
            .filter(|record| now - record.asked_at <= CONVERSATION_WINDOW)
            .filter(|record| record.network == network)
            .map(|record| record.query);
        let record = ConversationRecord {
            query: labels.join(" ; "),
            asked_at: now,
            network,
            before,
        };
        self.records().put_conversation(chat, &record)?;
        Ok(())
    }

    /// Deletes the previous questions of every chat that asked nothing for 30 minutes;
    /// returns how many.
    pub fn forget_stale_conversations(&self, now: DateTime<Utc>) -> Result<usize, PulseError> {
        Ok(self.records().purge_conversations(now)?)
    }

    /// What `question` reads as in `chat` now, with its previous question.
    pub(super) fn read_question(
        &self,
        chat: &ChatId,
        question: &str,
        now: DateTime<Utc>,
    ) -> Result<Parsed, PulseError> {
        let timezone = self.timezone(chat)?;
        let today = now.with_timezone(&timezone).date_naive();
        let (previous, before) = self.conversation(chat, now)?;
        Ok(parse_in_conversation(
            question, &previous, &before, today, timezone,
        ))
    }

    /// Whether the answer to `request` may carry a link or personal data (commenters'
    /// names, their words), so platforms that can show it to the asker alone should.
    /// Decided before answering, from the command and, for questions, what the question
    /// (with the chat's previous one) reads as.
    pub fn reveals_personal_data(&self, request: &Request, now: DateTime<Utc>) -> bool {
        let Ok(command) = request.command() else {
            return false;
        };
        match (command.spec().reveals, command) {
            (Reveals::Always, _) => true,
            (Reveals::WhenTheQuestionDoes, Command::Ask(question)) => matches!(
                self.read_question(&request.inbound().chat, question, now),
                Ok(Parsed::Understood { queries, .. }) if queries.iter().any(Query::reveals_people)
            ),
            (Reveals::WhenTheQuestionDoes | Reveals::Nothing, _) => false,
        }
    }

    /// The reply to what a question read as, remembering what it asked.
    pub(super) fn reply_to(
        &self,
        chat: &ChatId,
        parsed: &Parsed,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let reply = answer::reply(parsed, |query| self.answer_query(chat, query, now))?;
        let asked: &[Query] = match parsed {
            Parsed::Understood { queries, .. } => queries,
            Parsed::Outside { instead, .. } => instead.as_slice(),
            // The first reading offered back: what "reach, I meant" completes.
            Parsed::Clarify(asked_back) => &asked_back.options[..asked_back.options.len().min(1)],
            _ => &[],
        };
        self.remember(chat, asked, now)?;
        Ok(reply)
    }

    /// The reply to what a question about `account` (one the question named by its
    /// network) read as, remembering what it asked.
    pub(super) fn reply_about(
        &self,
        chat: &ChatId,
        account: &AccountRecord,
        parsed: &Parsed,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let reply = answer::reply(parsed, |query| {
            self.answer_query_for(chat, Some(account.clone()), query, now)
        })?;
        if let Parsed::Understood { queries, .. } = parsed {
            self.remember_about(chat, queries, Some(account.network), now)?;
        }
        Ok(reply)
    }

    /// Answers a query about the chat's active account, reading only what it needs.
    pub(super) fn answer_query(
        &self,
        chat: &ChatId,
        query: &Query,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        self.answer_query_for(chat, None, query, now)
    }

    /// Answers a query about `account`, or the chat's active account when `None`.
    pub(super) fn answer_query_for(
        &self,
        chat: &ChatId,
        account: Option<AccountRecord>,
        query: &Query,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let account = match account {
            Some(account) => Some(account),
            None => self.active_account(chat)?,
        };
        let Some(account) = account else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        if let Some(paused) = self.paused_answer(&account)? {
            return Ok(paused);
        }
        if let Some(cannot) = super::networks::cannot_answer(&account, query) {
            return Ok(Reply::text(cannot));
        }
        if let Query::Leads { period } = query {
            // Where each lead stands (answered through Pulse, marked) and its actions: the
            // same answer as `/leads`.
            return self.leads(chat, crate::command::LeadFilter::Open, *period, now);
        }
        let timezone = self.timezone(chat)?;
        let reply =
            self.with_answer_data(&account, timezone, query.reads_comments(), now, |data| {
                crate::question::answer::answer(query, data)
            })?;
        Ok(self.with_status(&account, reply))
    }

    /// `answer` given what answers are computed from for `account` (from the answer cache),
    /// in `timezone` now, with its comments when `comments` says they are needed.
    pub(super) fn with_answer_data<T>(
        &self,
        account: &AccountRecord,
        timezone: chrono_tz::Tz,
        comments: bool,
        now: DateTime<Utc>,
        answer: impl FnOnce(&answer::AnswerData<'_>) -> T,
    ) -> Result<T, PulseError> {
        let records = self.records();
        let cached = self.answer_cache.records_of(records, account)?;
        let comments = if comments {
            let comments = cached.comments(records, &account.id)?;
            self.answer_cache.shrink();
            comments
        } else {
            Arc::default()
        };
        let today = now.with_timezone(&timezone).date_naive();
        Ok(answer(
            &cached.answer_data(account, &comments, timezone, today),
        ))
    }
}
