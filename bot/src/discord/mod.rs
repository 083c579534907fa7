//! The Discord front end: slash commands for a team's server, over serenity.
//!
//! A server is one Pulse chat: every member may ask about its accounts; only members with
//! Manage Server may link accounts, change settings, export or forget
//! ([`engine::Command::needs_chat_admin`], from the engine's table of commands, which also
//! hides those commands from the others). Pulse's own messages (link confirmations, digests)
//! go to the server's delivery channel, which the engine settles: an [`Invocation`] tells it
//! the channel a command was used in and the one chosen with `/digest channel:`, and the
//! reply names the channel ([`engine::Reply::delivery_channel`]), shown here as a mention.
//!
//! Interactions arrive two ways and are handled by one function, [`respond`]:
//! - **gateway** (`discord.mode = "gateway"`): serenity's client; commands are registered on
//!   `ready`;
//! - **HTTP endpoint** (`discord.mode = "endpoint"`): `POST {interactions_path}` on Pulse's
//!   server. The Ed25519 signature and a ±5-minute timestamp window are checked on the raw
//!   bytes before anything is parsed; PING is answered; anything forged gets 401.
//!
//! Answers that read data (questions, stats, exports, digests) are deferred first and then
//! edited in through the REST API; answers with links or personal data are ephemeral.
//!
//! `/post`'s attached files (`data.resolved.attachments`, in the order `file1` … `file10`)
//! are downloaded after the deferral, at most 25 MB each, and handed over with the command.
//!
//! A button that asks for text opens a form (a modal, [`forms`]) instead of reaching the
//! engine; the form sent back reaches it as the command followed by the text, as if typed.

pub mod commands;
pub mod forms;
pub mod login;
pub mod render;

use std::sync::Arc;

use async_trait::async_trait;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use engine::chat::{ChatId, Platform, UserId};
use engine::inbound::{ChatAdmin, Inbound, Input};
use engine::{Pulse, Reply};
use serenity::all::{
    ChannelId, CommandDataOptionValue, CommandInteraction, ComponentInteraction,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, EditMessage, GuildId, Http, HttpBuilder, Interaction, Member,
    MessageId, ModalInteraction,
};

use crate::app::AppState;
use crate::frontend::{ChatOutput, Received, SendError, SentMessage};
use crate::health::{Part, PartState};
use crate::metrics::{Metrics, Service};
use commands::{command_text, OptionValue};

/// How long a signed request may be old (or ahead), in seconds.
const TIMESTAMP_WINDOW_SECS: i64 = 300;

/// A serenity REST client for `token`; with `api_url` set, requests go there (tests, REST
/// proxies) and serenity's own rate limiter is off, because it ignores the proxy otherwise.
/// The rate limits serenity waits out are counted in `metrics`.
pub fn http(
    token: &str,
    api_url: Option<&str>,
    application_id: Option<u64>,
    metrics: Arc<Metrics>,
) -> Arc<Http> {
    Arc::new(http_client(token, api_url, application_id, metrics))
}

fn http_client(
    token: &str,
    api_url: Option<&str>,
    application_id: Option<u64>,
    metrics: Arc<Metrics>,
) -> Http {
    let mut builder = HttpBuilder::new(token);
    if let Some(url) = api_url.filter(|u| !u.is_empty()) {
        builder = builder
            .proxy(url.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    if let Some(id) = application_id {
        builder = builder.application_id(id.into());
    }
    let mut http = builder.build();
    // The gateway client replaces this with its event handler's `ratelimit`, which counts too.
    if let Some(ratelimiter) = http.ratelimiter.as_mut() {
        ratelimiter.set_ratelimit_callback(Box::new(move |_| {
            metrics.rate_limited(Service::Discord);
        }));
    }
    http
}

/// Counts a message sent (or edited) through Discord's REST API, and a 429 that came back
/// (serenity's rate limiter is off behind a proxy, so Discord's answer reaches Pulse).
fn count<T>(metrics: &Metrics, sent: &serenity::Result<T>) {
    metrics.message(Platform::Discord, sent.is_ok());
    if let Err(serenity::Error::Http(error)) = sent {
        if error.status_code() == Some(reqwest::StatusCode::TOO_MANY_REQUESTS) {
            metrics.rate_limited(Service::Discord);
        }
    }
}

/// Sends Pulse's own messages into a server's delivery channel.
pub struct DiscordOutput {
    http: Arc<Http>,
    pulse: Arc<Pulse>,
    metrics: Arc<Metrics>,
}

impl DiscordOutput {
    /// Output through `http`, finding channels through `pulse`, counted in `metrics`.
    pub fn new(http: Arc<Http>, pulse: Arc<Pulse>, metrics: Arc<Metrics>) -> Self {
        Self {
            http,
            pulse,
            metrics,
        }
    }

    fn channel(&self, chat: &ChatId) -> anyhow::Result<ChannelId> {
        let channel = match self.pulse.delivery_channel(chat)? {
            Some(channel) => channel,
            None => chat
                .id
                .strip_prefix("dm:")
                .map(str::to_owned)
                .ok_or_else(|| anyhow::anyhow!("this server has no delivery channel yet"))?,
        };
        Ok(ChannelId::new(channel.parse().map_err(|_| {
            anyhow::anyhow!("a channel id is a number")
        })?))
    }
}

#[async_trait]
impl ChatOutput for DiscordOutput {
    async fn send(&self, chat: &ChatId, reply: &Reply) -> Result<SentMessage, SendError> {
        let channel = self.channel(chat)?;
        let message = render::render(reply);
        let create = CreateMessage::new()
            .embeds(message.embeds)
            .components(message.components);
        let sent = self
            .http
            .send_message(channel, message.files, &create)
            .await;
        count(&self.metrics, &sent);
        let sent = sent.map_err(|error| SendError::after(false, error))?;
        Ok(SentMessage {
            id: sent.id.get().to_string(),
        })
    }

    async fn edit(
        &self,
        chat: &ChatId,
        message: &SentMessage,
        reply: &Reply,
    ) -> anyhow::Result<()> {
        let channel = self.channel(chat)?;
        let id: u64 = message
            .id
            .parse()
            .map_err(|_| anyhow::anyhow!("a message id is a number"))?;
        let rendered = render::render(reply);
        let edit = EditMessage::new()
            .embeds(rendered.embeds)
            .components(rendered.components);
        let edited = self
            .http
            .edit_message(channel, MessageId::new(id), &edit, rendered.files)
            .await;
        count(&self.metrics, &edited);
        edited?;
        Ok(())
    }
}

/// A used command or pressed button, whichever way it arrived.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// The interaction token (for the follow-up).
    pub token: String,
    /// The server, if not a DM.
    pub guild: Option<String>,
    /// The channel it was used in.
    pub channel: String,
    /// Who used it.
    pub user: String,
    /// How Discord shows them (`@ana`).
    pub user_name: String,
    /// Their server name, for the link page.
    pub guild_name: Option<String>,
    /// Whether they may change settings (Manage Server, or a DM).
    pub can_manage: bool,
    /// The Pulse command text.
    pub text: String,
    /// A channel option (`/digest channel:`).
    pub channel_option: Option<String>,
    /// Whether a button was pressed (rather than a slash command used).
    pub pressed: bool,
    /// The files attached to the command (`/post file1:` …), in the options' order.
    pub uploads: Vec<Upload>,
}

/// A file attached to a slash command, as Discord resolved it (not fetched yet).
#[derive(Clone)]
pub struct Upload {
    /// Where Discord serves it.
    pub url: String,
    /// Its name as uploaded.
    pub name: String,
    /// Its size in bytes, as Discord says.
    pub size: u64,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Upload({} bytes)", self.size)
    }
}

/// The most Pulse downloads of one file attached on Discord.
pub const MAX_UPLOAD_BYTES: u64 = 25 * crate::uploads::MB;

/// The files attached to `command`, in the order of its spec's attachment options
/// (`file1` … `file10`).
fn uploads(command: &CommandInteraction) -> Vec<Upload> {
    let Some(spec) = engine::command::find(engine::command::COMMANDS, &command.data.name) else {
        return Vec::new();
    };
    spec.arguments
        .iter()
        .filter(|argument| argument.kind == engine::command::ArgumentKind::Attachment)
        .filter_map(|argument| {
            command
                .data
                .options
                .iter()
                .find_map(|option| match &option.value {
                    CommandDataOptionValue::Attachment(id) if option.name == argument.name => {
                        command.data.resolved.attachments.get(id)
                    }
                    _ => None,
                })
        })
        .map(|attachment| Upload {
            url: attachment.url.clone(),
            name: attachment.filename.clone(),
            size: attachment.size.into(),
        })
        .collect()
}

impl crate::uploads::Fetchable for Upload {
    fn size(&self) -> u64 {
        self.size
    }

    fn name(&self) -> Option<String> {
        Some(self.name.clone())
    }
}

/// Downloads `uploads` in order with `client`, each within [`MAX_UPLOAD_BYTES`]
/// ([`crate::uploads::fetch_in_order`]).
pub async fn download(
    client: &reqwest::Client,
    uploads: &[Upload],
) -> (Vec<engine::inbound::MediaFile>, Option<String>) {
    crate::uploads::fetch_in_order("Discord", MAX_UPLOAD_BYTES, uploads, |upload| async move {
        crate::uploads::download(client, &upload.url, MAX_UPLOAD_BYTES).await
    })
    .await
}

fn can_manage(guild: Option<GuildId>, member: Option<&Member>) -> bool {
    guild.is_none()
        || member
            .and_then(|m| m.permissions)
            .is_some_and(|p| p.manage_guild() || p.administrator())
}

impl Invocation {
    /// From a slash command.
    pub fn from_command(command: &CommandInteraction) -> Self {
        let options: Vec<(String, OptionValue)> = command
            .data
            .options
            .iter()
            .filter_map(|option| {
                let value = match &option.value {
                    CommandDataOptionValue::String(text) => OptionValue::Text(text.clone()),
                    CommandDataOptionValue::Integer(n) => OptionValue::Integer(*n),
                    CommandDataOptionValue::Channel(id) => {
                        OptionValue::Channel(id.get().to_string())
                    }
                    _ => return None,
                };
                Some((option.name.clone(), value))
            })
            .collect();
        let (text, channel_option) =
            command_text(engine::command::COMMANDS, &command.data.name, &options);
        Self {
            token: command.token.clone(),
            guild: command.guild_id.map(|g| g.get().to_string()),
            channel: command.channel_id.get().to_string(),
            user: command.user.id.get().to_string(),
            user_name: format!("@{}", command.user.name),
            guild_name: None,
            can_manage: can_manage(command.guild_id, command.member.as_deref()),
            text,
            channel_option,
            pressed: false,
            uploads: uploads(command),
        }
    }

    /// From a pressed button (its custom id is the command text).
    pub fn from_component(component: &ComponentInteraction) -> Self {
        Self {
            token: component.token.clone(),
            guild: component.guild_id.map(|g| g.get().to_string()),
            channel: component.channel_id.get().to_string(),
            user: component.user.id.get().to_string(),
            user_name: format!("@{}", component.user.name),
            guild_name: None,
            can_manage: can_manage(component.guild_id, component.member.as_ref()),
            text: component.data.custom_id.clone(),
            channel_option: None,
            pressed: true,
            uploads: Vec::new(),
        }
    }

    /// From a form sent back: `text` is its command followed by the text
    /// ([`forms::submitted_text`]), heard as if typed.
    pub fn from_form(modal: &ModalInteraction, text: String) -> Self {
        Self {
            token: modal.token.clone(),
            guild: modal.guild_id.map(|g| g.get().to_string()),
            channel: modal.channel_id.get().to_string(),
            user: modal.user.id.get().to_string(),
            user_name: format!("@{}", modal.user.name),
            guild_name: None,
            can_manage: can_manage(modal.guild_id, modal.member.as_ref()),
            text,
            channel_option: None,
            pressed: false,
            uploads: Vec::new(),
        }
    }

    fn chat(&self) -> ChatId {
        match &self.guild {
            Some(guild) => ChatId::new(Platform::Discord, guild.clone()),
            None => ChatId::new(Platform::Discord, format!("dm:{}", self.channel)),
        }
    }

    /// What the invocation is for Pulse: a slash command is typed text, a pressed button
    /// a button. A server has channels; direct messages are the person's own.
    pub fn inbound(&self) -> Inbound {
        let input = if self.pressed {
            Input::Button(self.text.clone())
        } else {
            Input::Text(self.text.clone())
        };
        Inbound {
            user_name: self.user_name.clone(),
            chat_title: match &self.guild_name {
                Some(name) => format!("the Discord server “{name}”"),
                None if self.guild.is_some() => "this Discord server".to_owned(),
                None => "your Discord direct messages with Pulse".to_owned(),
            },
            private: self.guild.is_none(),
            chat_admin: if self.can_manage {
                ChatAdmin::Yes
            } else {
                ChatAdmin::No
            },
            channel: self.guild.as_ref().map(|_| self.channel.clone()),
            chosen_channel: self.channel_option.clone(),
            ..Inbound::new(
                self.chat(),
                UserId::new(Platform::Discord, self.user.clone()),
                input,
            )
        }
    }
}

/// The immediate answer to an interaction, and the message to answer later (if deferred).
pub struct FirstResponse {
    /// What to answer at once.
    pub now: CreateInteractionResponse,
    /// The message whose answer [`follow_up`] edits in later, when `now` defers it.
    pub deferred: Option<Received>,
}

/// A reply as Discord shows it: embeds and buttons, and after the reply's blocks the
/// sentence naming the server's delivery channel when the engine names it.
fn render(reply: &Reply) -> render::DiscordMessage {
    let delivery = reply
        .delivery_channel
        .as_deref()
        .and_then(|channel| render::naming_channel(prompts::delivery_channel, channel));
    render::render_with(reply, delivery.as_ref())
}

fn message_response(reply: &Reply, ephemeral: bool) -> CreateInteractionResponse {
    let rendered = render(reply);
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .embeds(rendered.embeds)
            .components(rendered.components)
            .ephemeral(ephemeral || reply.private),
    )
}

/// What an interaction is, before the engine hears it.
pub enum Reading {
    /// Something for the engine: [`respond`] answers it.
    Invocation(Invocation),
    /// Answered without the engine: a form to fill in, or why a form cannot be read.
    Answered(CreateInteractionResponse),
}

/// Reads a used command, a pressed button or a form sent back; `None` for any other
/// interaction (a PING is the endpoint's).
pub fn read(interaction: &Interaction) -> Option<Reading> {
    let unreadable = |problem: forms::FormProblem| {
        Reading::Answered(message_response(&Reply::text(problem.sentence()), true))
    };
    Some(match interaction {
        Interaction::Command(command) => Reading::Invocation(Invocation::from_command(command)),
        Interaction::Component(component)
            if component.data.custom_id.starts_with(forms::FORM_PREFIX) =>
        {
            match forms::asked(&component.data.custom_id) {
                Some(form) => Reading::Answered(forms::modal(&form)),
                None => unreadable(forms::FormProblem::NotPulses),
            }
        }
        Interaction::Component(component) => {
            Reading::Invocation(Invocation::from_component(component))
        }
        Interaction::Modal(modal) => match forms::submitted_text(&modal.data) {
            Ok(text) => Reading::Invocation(Invocation::from_form(modal, text)),
            Err(problem) => unreadable(problem),
        },
        _ => return None,
    })
}

/// Decides the immediate answer: a refusal at once, a deferral for a slow answer (then the
/// caller runs [`follow_up`]), else the answer — in place of the question whose button was
/// pressed when the answer closes it.
pub async fn respond(state: &Arc<AppState>, invocation: &Invocation) -> FirstResponse {
    let received = Received::new(invocation.inbound());
    if let Some(refusal) = received.refusal(state) {
        return FirstResponse {
            now: message_response(&refusal, true),
            deferred: None,
        };
    }
    let ephemeral = received.reveals_personal_data(state);
    // Attached files are downloaded after the deferral.
    if received.is_slow() || !invocation.uploads.is_empty() {
        return FirstResponse {
            now: CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new().ephemeral(ephemeral),
            ),
            deferred: Some(received),
        };
    }
    let reply = received.answer(state).await;
    if reply.closes_prompt {
        // The answer takes the question's place, without its buttons.
        let rendered = render(&reply);
        return FirstResponse {
            now: CreateInteractionResponse::UpdateMessage(
                CreateInteractionResponseMessage::new()
                    .embeds(rendered.embeds)
                    .components(Vec::new()),
            ),
            deferred: None,
        };
    }
    FirstResponse {
        now: message_response(&reply, ephemeral),
        deferred: None,
    }
}

/// Downloads the attached `uploads`, computes a deferred answer and edits it into the
/// original response of the interaction whose token is `token`.
pub async fn follow_up(
    state: Arc<AppState>,
    http: Arc<Http>,
    token: String,
    uploads: Vec<Upload>,
    received: Received,
) {
    let received = if uploads.is_empty() {
        received
    } else {
        let (media, problem) = download(&state.downloads, &uploads).await;
        received.with_media(media, problem)
    };
    let rendered = render(&received.answer(&state).await);
    let edit = EditInteractionResponse::new()
        .embeds(rendered.embeds)
        .components(rendered.components);
    let edited = http
        .edit_original_interaction_response(&token, &edit, rendered.files)
        .await;
    count(&state.metrics, &edited);
    if let Err(error) = edited {
        tracing::warn!(error = %error, "could not edit a deferred Discord response");
    }
}

/// What the HTTP interactions endpoint needs.
pub struct Endpoint {
    /// The app.
    pub state: Arc<AppState>,
    /// REST, for follow-ups.
    pub http: Arc<Http>,
    /// The application's public key.
    pub verifier: serenity::interactions_endpoint::Verifier,
}

/// Why an interaction request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionRefusal {
    /// No valid signature, or a timestamp outside the window: 401, nothing read.
    Unauthorized,
    /// Genuinely signed, but not an interaction Pulse can read: 400.
    Unreadable,
}

/// Checks a request's Ed25519 signature (over timestamp and raw body) and its timestamp
/// (within [`TIMESTAMP_WINDOW_SECS`] of `now`) before reading the body as an interaction.
pub fn read_interaction(
    verifier: &serenity::interactions_endpoint::Verifier,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<Interaction, InteractionRefusal> {
    let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
        return Err(InteractionRefusal::Unauthorized);
    };
    let Ok(sent_at) = timestamp.parse::<i64>() else {
        return Err(InteractionRefusal::Unauthorized);
    };
    if now.saturating_sub(sent_at).saturating_abs() > TIMESTAMP_WINDOW_SECS {
        return Err(InteractionRefusal::Unauthorized);
    }
    if verifier.verify(signature, timestamp, body).is_err() {
        return Err(InteractionRefusal::Unauthorized);
    }
    serde_json::from_slice(body).map_err(|error| {
        tracing::debug!(%error, "an interaction Pulse cannot read");
        InteractionRefusal::Unreadable
    })
}

fn unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, "invalid request signature").into_response()
}

/// `POST {interactions_path}`: verified before parsed.
pub async fn interactions(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let interaction = match read_interaction(
        &endpoint.verifier,
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
        &body,
        chrono::Utc::now().timestamp(),
    ) {
        Ok(interaction) => interaction,
        Err(InteractionRefusal::Unauthorized) => return unauthorized(),
        Err(InteractionRefusal::Unreadable) => {
            return (StatusCode::BAD_REQUEST, "unreadable interaction").into_response()
        }
    };
    if !matches!(interaction, Interaction::Ping(_))
        && !endpoint
            .state
            .replays
            .first_sighting(&format!("discord:{}", interaction.id()))
    {
        // Correctly signed, but handled already: a replay runs nothing.
        return (StatusCode::CONFLICT, "interaction already handled").into_response();
    }
    if matches!(interaction, Interaction::Ping(_)) {
        return axum::Json(serde_json::json!({"type": 1})).into_response();
    }
    let invocation = match read(&interaction) {
        Some(Reading::Invocation(invocation)) => invocation,
        Some(Reading::Answered(now)) => {
            endpoint.state.metrics.message(Platform::Discord, true);
            return axum::Json(now).into_response();
        }
        None => return (StatusCode::BAD_REQUEST, "unsupported interaction").into_response(),
    };
    let response = respond(&endpoint.state, &invocation).await;
    // The answer is this response's body: Discord posts it.
    endpoint.state.metrics.message(Platform::Discord, true);
    if let Some(received) = response.deferred {
        let (state, http) = (endpoint.state.clone(), endpoint.http.clone());
        endpoint.state.tasks.spawn(follow_up(
            state,
            http,
            invocation.token,
            invocation.uploads,
            received,
        ));
    }
    axum::Json(response.now).into_response()
}

/// Registers the slash commands: in one server when `guild` is set, else globally.
pub async fn register_commands(http: &Http, guild: Option<u64>) -> anyhow::Result<()> {
    let definitions = commands::definitions(engine::command::COMMANDS);
    match guild {
        Some(guild) => {
            GuildId::new(guild).set_commands(http, definitions).await?;
        }
        None => {
            serenity::all::Command::set_global_commands(http, definitions).await?;
        }
    }
    Ok(())
}

/// The gateway event handler: a thin adapter over [`respond`] and [`follow_up`].
struct Handler {
    state: Arc<AppState>,
    guild: Option<u64>,
}

#[async_trait]
impl serenity::all::EventHandler for Handler {
    async fn ready(&self, ctx: serenity::all::Context, _ready: serenity::all::Ready) {
        if let Err(error) = register_commands(&ctx.http, self.guild).await {
            tracing::warn!(error = %error, "could not register Discord commands");
        }
        self.state.health.running(Part::Discord);
        tracing::info!("discord front end connected");
    }

    async fn ratelimit(&self, _data: serenity::all::RatelimitInfo) {
        self.state.metrics.rate_limited(Service::Discord);
    }

    async fn interaction_create(&self, ctx: serenity::all::Context, interaction: Interaction) {
        if !self
            .state
            .replays
            .first_sighting(&format!("discord:{}", interaction.id()))
        {
            return;
        }
        let (now, deferred) = match read(&interaction) {
            Some(Reading::Invocation(invocation)) => {
                let response = respond(&self.state, &invocation).await;
                (
                    response.now,
                    response
                        .deferred
                        .map(|received| (invocation.token, invocation.uploads, received)),
                )
            }
            Some(Reading::Answered(now)) => (now, None),
            None => return,
        };
        let sent = match &interaction {
            Interaction::Command(command) => command.create_response(&ctx.http, now).await,
            Interaction::Component(component) => component.create_response(&ctx.http, now).await,
            Interaction::Modal(modal) => modal.create_response(&ctx.http, now).await,
            _ => return,
        };
        count(&self.state.metrics, &sent);
        if let Err(error) = sent {
            tracing::warn!(error = %error, "could not answer a Discord interaction");
            return;
        }
        if let Some((token, uploads, received)) = deferred {
            self.state.tasks.spawn(follow_up(
                self.state.clone(),
                ctx.http.clone(),
                token,
                uploads,
                received,
            ));
        }
    }
}

/// Connects once and runs the gateway client until it ends or `shutdown`.
async fn gateway_once(
    state: &Arc<AppState>,
    token: &str,
    guild: Option<u64>,
    api_url: Option<&str>,
    shutdown: &tokio_util::sync::CancellationToken,
) -> Result<(), serenity::Error> {
    let handler = Handler {
        state: state.clone(),
        guild,
    };
    // The same REST client as the endpoint's, so `discord.api_url` reaches the gateway too
    // (serenity asks REST where the gateway is).
    let http = http_client(token, api_url, None, state.metrics.clone());
    let mut client =
        serenity::all::ClientBuilder::new_with_http(http, serenity::all::GatewayIntents::GUILDS)
            .event_handler(handler)
            .await?;
    state.outbox.register(
        Platform::Discord,
        Arc::new(DiscordOutput::new(
            client.http.clone(),
            state.pulse.clone(),
            state.metrics.clone(),
        )),
    );
    let shards = client.shard_manager.clone();
    let started = client.start();
    tokio::pin!(started);
    tokio::select! {
        ended = &mut started => return ended,
        () = shutdown.cancelled() => {}
    }
    // serenity's `shutdown_all` does nothing while its shard is still connecting (no runner is
    // registered yet), and the runner it then starts runs on, detached, with the connection
    // open: ask again until the client has stopped.
    loop {
        shards.shutdown_all().await;
        tokio::select! {
            ended = &mut started => return ended,
            () = tokio::time::sleep(std::time::Duration::from_millis(250)) => {}
        }
    }
}

/// Runs the gateway client until `shutdown`. While it cannot connect (or after it lost a
/// connection it could not resume) it tries again with backoff and `/healthz` reports it as
/// starting; when `start_timeout` passes without a connection, the front end has failed for
/// good: the app stops with an error.
pub async fn run_gateway(
    state: Arc<AppState>,
    token: String,
    guild: Option<u64>,
    api_url: Option<String>,
    start_timeout: std::time::Duration,
) {
    let shutdown = state.shutdown.clone();
    gateway_until(
        &state,
        &token,
        guild,
        api_url.as_deref(),
        start_timeout,
        &shutdown,
    )
    .await;
}

/// Runs the gateway client on the instance that leads, when several share the database: a
/// bot has one gateway connection, and the scheduler's lease says whose it is. The instance
/// connects when it takes the lease and disconnects when it loses it, and stands by
/// meanwhile (`/healthz` says so, and counts it healthy). Every instance sends Pulse's own
/// messages (a link's news, from any instance's OAuth callback) through REST.
pub async fn gateway_while_leading(
    state: Arc<AppState>,
    token: String,
    guild: Option<u64>,
    api_url: Option<String>,
    start_timeout: std::time::Duration,
) {
    let shutdown = state.shutdown.clone();
    state.outbox.register(
        Platform::Discord,
        Arc::new(DiscordOutput::new(
            http(&token, api_url.as_deref(), None, state.metrics.clone()),
            state.pulse.clone(),
            state.metrics.clone(),
        )),
    );
    loop {
        if !state.leadership.leads() {
            state.health.standby(
                Part::Discord,
                "the instance that leads holds the gateway connection",
            );
        }
        if !state.leadership.wait_to_lead(&shutdown).await {
            return;
        }
        tracing::info!("this instance leads: connecting to Discord's gateway");
        let stop = shutdown.child_token();
        let lost = async {
            if state.leadership.wait_to_follow(&stop).await {
                stop.cancel();
            }
        };
        let connected = async {
            gateway_until(
                &state,
                &token,
                guild,
                api_url.as_deref(),
                start_timeout,
                &stop,
            )
            .await;
            stop.cancel();
        };
        tokio::join!(connected, lost);
        if shutdown.is_cancelled() {
            return;
        }
        tracing::info!("this instance no longer leads: disconnected from Discord's gateway");
    }
}

/// Runs the gateway client until `stop` (shutdown, or the end of this instance's lead),
/// connecting again with backoff; see [`run_gateway`].
async fn gateway_until(
    state: &Arc<AppState>,
    token: &str,
    guild: Option<u64>,
    api_url: Option<&str>,
    start_timeout: std::time::Duration,
    stop: &tokio_util::sync::CancellationToken,
) {
    state
        .health
        .starting(Part::Discord, "connecting to the gateway");
    let mut deadline = tokio::time::Instant::now() + start_timeout;
    let mut attempt = 1;
    loop {
        let ended = gateway_once(state, token, guild, api_url, stop).await;
        if stop.is_cancelled() {
            return;
        }
        if state.health.state(Part::Discord) == Some(PartState::Running) {
            // It was connected: the time to come back starts now.
            deadline = tokio::time::Instant::now() + start_timeout;
            attempt = 1;
        }
        let mut reason = match ended {
            Ok(()) => "the gateway connection ended".to_owned(),
            Err(error) => format!("{error}"),
        };
        if !token.is_empty() {
            reason = reason.replace(token, "<token>");
        }
        let wait = crate::health::retry_wait(attempt);
        if tokio::time::Instant::now() + wait > deadline {
            tracing::error!(%reason, attempts = attempt, "the Discord front end could not connect; stopping Pulse");
            state.health.fail(
                Part::Discord,
                format!(
                    "could not connect within {} s ({reason})",
                    start_timeout.as_secs()
                ),
            );
            state.shutdown.cancel();
            return;
        }
        tracing::warn!(%reason, attempt, retry_in_secs = wait.as_secs(), "the Discord gateway is not connected; retrying");
        state
            .health
            .starting(Part::Discord, format!("attempt {attempt} failed: {reason}"));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = stop.cancelled() => return,
        }
        attempt += 1;
    }
}
