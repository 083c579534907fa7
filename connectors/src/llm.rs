//! The language model: any OpenAI-compatible chat endpoint (OpenAI, Ollama, llama.cpp's
//! server, vLLM) driven with async-openai, as `engine::model::LanguageModel`.
//!
//! It turns Pulse's turns and tool specs into a chat-completions request and the response
//! into a final text or tool calls. A request that takes longer than the configured timeout is
//! a [`ModelError::Timeout`]; errors never carry the API key.

use std::sync::Once;
use std::time::Duration;

use async_openai::config::OpenAIConfig;
use async_openai::types::chat::{
    ChatCompletionMessageToolCall, ChatCompletionMessageToolCalls,
    ChatCompletionRequestAssistantMessageArgs, ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessageArgs, ChatCompletionRequestToolMessageArgs,
    ChatCompletionRequestUserMessageArgs, ChatCompletionTool, ChatCompletionTools,
    CreateChatCompletionRequestArgs, FunctionCall, FunctionObjectArgs,
};
use async_openai::Client;
use async_trait::async_trait;
use engine::model::{LanguageModel, ModelError, ModelReply, ToolCall, ToolSpec, Turn};
use secrecy::{ExposeSecret, SecretString};

/// Where the model is and how long to wait for it.
#[derive(Debug, Clone)]
pub struct LlmConfig {
    /// The API base, including `/v1` (e.g. `http://127.0.0.1:11434/v1` for Ollama).
    pub base_url: String,
    /// The model name.
    pub model: String,
    /// The API key (any non-empty value for local servers).
    pub api_key: SecretString,
    /// The longest wait for one answer.
    pub timeout: Duration,
}

/// A chat model over an OpenAI-compatible API.
pub struct OpenAiModel {
    client: Client<OpenAIConfig>,
    model: String,
    timeout: Duration,
}

/// async-openai is built without a TLS crypto provider of its own (to avoid a second C
/// build); the ring provider is installed once for the process.
fn install_crypto_provider() {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // Another part of the process may have installed one already: that is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl OpenAiModel {
    /// A client for `config`.
    pub fn new(config: LlmConfig) -> Self {
        install_crypto_provider();
        let api = OpenAIConfig::new()
            .with_api_base(config.base_url.trim_end_matches('/'))
            .with_api_key(config.api_key.expose_secret());
        Self {
            client: Client::with_config(api),
            model: config.model,
            timeout: config.timeout,
        }
    }
}

fn failed(error: impl std::fmt::Display) -> ModelError {
    ModelError::Failed(error.to_string())
}

fn message(turn: &Turn) -> Result<ChatCompletionRequestMessage, ModelError> {
    Ok(match turn {
        Turn::System(text) => ChatCompletionRequestSystemMessageArgs::default()
            .content(text.as_str())
            .build()
            .map_err(failed)?
            .into(),
        Turn::User(text) => ChatCompletionRequestUserMessageArgs::default()
            .content(text.as_str())
            .build()
            .map_err(failed)?
            .into(),
        Turn::Assistant(calls) => {
            let calls: Vec<ChatCompletionMessageToolCalls> = calls
                .iter()
                .map(|call| {
                    ChatCompletionMessageToolCalls::Function(ChatCompletionMessageToolCall {
                        id: call.id.clone(),
                        function: FunctionCall {
                            name: call.name.clone(),
                            arguments: call.arguments.clone(),
                        },
                    })
                })
                .collect();
            ChatCompletionRequestAssistantMessageArgs::default()
                .tool_calls(calls)
                .build()
                .map_err(failed)?
                .into()
        }
        Turn::Tool { call_id, content } => ChatCompletionRequestToolMessageArgs::default()
            .tool_call_id(call_id.as_str())
            .content(content.as_str())
            .build()
            .map_err(failed)?
            .into(),
    })
}

fn tool(spec: &ToolSpec) -> Result<ChatCompletionTools, ModelError> {
    let function = FunctionObjectArgs::default()
        .name(spec.name)
        .description(spec.description)
        .parameters(spec.parameters.clone())
        .build()
        .map_err(failed)?;
    Ok(ChatCompletionTools::Function(ChatCompletionTool {
        function,
    }))
}

#[async_trait]
impl LanguageModel for OpenAiModel {
    fn name(&self) -> &str {
        &self.model
    }

    async fn next(&self, turns: &[Turn], tools: &[ToolSpec]) -> Result<ModelReply, ModelError> {
        let messages = turns.iter().map(message).collect::<Result<Vec<_>, _>>()?;
        let tools = tools.iter().map(tool).collect::<Result<Vec<_>, _>>()?;
        let request = CreateChatCompletionRequestArgs::default()
            .model(self.model.as_str())
            .messages(messages)
            .tools(tools)
            .build()
            .map_err(failed)?;
        let response =
            match tokio::time::timeout(self.timeout, self.client.chat().create(request)).await {
                Err(_) => return Err(ModelError::Timeout),
                Ok(Err(error)) => return Err(failed(error)),
                Ok(Ok(response)) => response,
            };
        let Some(choice) = response.choices.into_iter().next() else {
            return Err(failed("the response had no choice"));
        };
        let calls: Vec<ToolCall> = choice
            .message
            .tool_calls
            .unwrap_or_default()
            .into_iter()
            .filter_map(|call| match call {
                ChatCompletionMessageToolCalls::Function(call) => Some(ToolCall {
                    id: call.id,
                    name: call.function.name,
                    arguments: call.function.arguments,
                }),
                ChatCompletionMessageToolCalls::Custom(_) => None,
            })
            .collect();
        if calls.is_empty() {
            Ok(ModelReply::Text(choice.message.content.unwrap_or_default()))
        } else {
            Ok(ModelReply::ToolCalls(calls))
        }
    }
}
