//! `/ask <question>` (in a private chat, any text that is no command): a question about the
//! account in use in plain words, answered by the language model when one is configured
//! (every number checked against Pulse's figures), else by the parser. A follow-up refines
//! the chat's previous question; reading, remembering and answering are in `questions.rs`.

use chrono::{DateTime, Utc};

use crate::answers;
use crate::chat::ChatId;
use crate::pulse::{Pulse, PulseError};
use crate::question::assistant::{ask_model, ModelOutcome};
use crate::question::Parsed;
use crate::reply::{Block, Reply};

impl Pulse {
    /// The answer to a question: by the model if there is one, else by the parser.
    pub(super) async fn ask(
        &self,
        chat: &ChatId,
        question: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        // A question that names TikTok or Instagram is about that account of the chat.
        if let Some(reply) = self.ask_by_network(chat, question, now)? {
            return Ok(reply);
        }
        match &self.model {
            Some(model) => {
                self.ask_with_model(model.as_ref(), chat, question, now)
                    .await
            }
            None => self.ask_without_model(chat, question, now),
        }
    }

    /// A question in plain words, without a model: the parser's reading, answered.
    fn ask_without_model(
        &self,
        chat: &ChatId,
        question: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let parsed = self.read_question(chat, question, now)?;
        self.reply_to(chat, &parsed, now)
    }

    /// A question with a language model: what Pulse cannot see is refused as the parser
    /// refuses it, before the model is asked; otherwise the model's answer, if every number
    /// in it comes from Pulse's figures, else the parser's.
    async fn ask_with_model(
        &self,
        model: &dyn crate::model::LanguageModel,
        chat: &ChatId,
        question: &str,
        now: DateTime<Utc>,
    ) -> Result<Reply, PulseError> {
        let parsed = self.read_question(chat, question, now)?;
        if matches!(
            parsed,
            Parsed::Outside { .. }
                | Parsed::NotUnderstood(crate::question::NotUnderstood { off_topic: true })
        ) {
            return self.reply_to(chat, &parsed, now);
        }
        let Some(account) = self.active_account(chat)? else {
            return Ok(Reply::text(prompts::not_linked()));
        };
        if let Some(paused) = self.paused_answer(&account)? {
            return Ok(paused);
        }
        let timezone = self.timezone(chat)?;
        let records = self.records();
        let id = &account.id;
        let cached = self.answer_cache.records_of(records, &account)?;
        let comments = cached.comments(records, id)?;
        self.answer_cache.shrink();
        let today = now.with_timezone(&timezone).date_naive();
        let data = cached.answer_data(&account, &comments, timezone, today);
        let system = prompts::qa_system(
            &account.username,
            &today.format("%A %-d %B %Y").to_string(),
            timezone.name(),
        );
        let previous = self.previous_queries(chat, now)?;
        match ask_model(model, question, previous.last(), &system, &data).await {
            ModelOutcome::Answer { text, queries } => {
                // The model may call several tools for one answer: the last is what a
                // follow-up refines.
                let last = queries.last().map(std::slice::from_ref).unwrap_or_default();
                self.remember(chat, last, now)?;
                Ok(self.with_status(
                    &account,
                    Reply::text(text)
                        .with(Block::Note(format!("Answered by {} from Pulse's figures; every number was checked against them.", model.name())))
                        .with(Block::Note(answers::data_as_of(&account, timezone))),
                ))
            }
            ModelOutcome::Ungrounded => {
                tracing::info!(
                    "the model's answer had a number no tool gave; the parser answers instead"
                );
                self.reply_to(chat, &parsed, now)
            }
            ModelOutcome::Failed(reason) => {
                tracing::warn!(%reason, "the model did not answer; the parser answers instead");
                self.reply_to(chat, &parsed, now)
            }
        }
    }
}
