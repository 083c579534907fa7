//! The port to a language model: chat turns, tools and tool calls, in Pulse's own types.
//!
//! `connectors::llm` implements [`LanguageModel`] over any OpenAI-compatible endpoint with
//! async-openai; tests implement it with a script. The engine never sees HTTP.

use async_trait::async_trait;

/// A tool the model may call: a name, what it does, and its parameters as JSON Schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    /// The function name.
    pub name: &'static str,
    /// What it answers.
    pub description: &'static str,
    /// The JSON Schema of its arguments.
    pub parameters: serde_json::Value,
}

/// A call the model asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCall {
    /// The call's id (echoed with its result).
    pub id: String,
    /// The tool.
    pub name: String,
    /// The arguments, as the JSON text the model wrote.
    pub arguments: String,
}

/// One turn of the conversation sent to the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    /// Instructions.
    System(String),
    /// The person's question.
    User(String),
    /// The model's earlier turn: its tool calls.
    Assistant(Vec<ToolCall>),
    /// A tool's result.
    Tool {
        /// The call it answers.
        call_id: String,
        /// The result text.
        content: String,
    },
}

/// What the model answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelReply {
    /// A final answer.
    Text(String),
    /// It wants tools called first.
    ToolCalls(Vec<ToolCall>),
}

/// Why the model gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// It took too long.
    #[error("the language model did not answer in time")]
    Timeout,
    /// It failed or answered something unreadable.
    #[error("the language model failed: {0}")]
    Failed(String),
}

/// A chat model with tool calling.
#[async_trait]
pub trait LanguageModel: Send + Sync {
    /// The model's name, shown under its answers.
    fn name(&self) -> &str;

    /// The next turn of the model for this conversation and these tools.
    async fn next(&self, turns: &[Turn], tools: &[ToolSpec]) -> Result<ModelReply, ModelError>;
}
