//! The HTTP server: the link page, the OAuth callback, `/healthz` (see [`crate::health`]) and
//! `/metrics` (see [`crate::metrics`]).
//!
//! - `GET /connect/{token}` names the chat the account will be linked to and offers a button
//!   to continue; `GET /connect/{token}/go` redirects to Instagram's authorize page with the
//!   token as `state`.
//! - A Discord chat's link, with `discord.oauth_client_id` set, first goes through Discord's
//!   `identify` sign-in: `GET /connect/{token}` redirects to Discord's authorize page and
//!   `GET /oauth/discord/callback` comes back with who signed in ([`crate::discord::login`]);
//!   only the member who asked gets the link page, with a proof its `/go` wants.
//! - `GET /oauth/instagram/callback?code=…&state=…` completes the link, tells the chat and
//!   answers `303 See Other` to a clean result page, so the code never stays in the
//!   browser's address bar or history.
//!
//! - `POST /meta/deauthorize` and `POST /meta/data-deletion` take Meta's `signed_request`
//!   (verified with the app secret before anything is read) and delete the account it names;
//!   data deletion answers `{url, confirmation_code}`, and `GET /deletion/{code}` shows the
//!   status (no personal data).
//!
//! Pages are small, self-contained HTML (no third-party resources), sent with
//! `Cache-Control: no-store` and `Referrer-Policy: no-referrer`. Nothing here logs a token,
//! a code or a state.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use engine::links::LinkError;
use engine::pulse::{LinkOutcome, LinkRefusal};
use engine::Pulse;
use html_escape::encode_text as escape;
use serde::Deserialize;

use crate::app::AppState;
use crate::metrics::Scrape;
use crate::{errors, linking};

/// The routes.
pub fn router(state: Arc<AppState>) -> Router {
    let router = match state.scrape {
        Scrape::Off => Router::new(),
        Scrape::Open | Scrape::Bearer(_) => Router::new().route("/metrics", get(metrics)),
    };
    router
        .route("/healthz", get(healthz))
        .route("/connect/{token}", get(connect_page))
        .route("/connect/{token}/go", get(connect_go))
        .route("/oauth/instagram/callback", get(oauth_callback))
        .route("/oauth/tiktok/callback", get(oauth_callback))
        .route("/oauth/discord/callback", get(discord_callback))
        .route("/linked", get(linked_page))
        .route("/not-linked", get(not_linked_page))
        .route(
            "/meta/deauthorize",
            axum::routing::post(meta_deauthorize).layer(DefaultBodyLimit::max(META_BODY_LIMIT)),
        )
        .route(
            "/meta/data-deletion",
            axum::routing::post(meta_data_deletion).layer(DefaultBodyLimit::max(META_BODY_LIMIT)),
        )
        .route("/deletion/{code}", get(deletion_page))
        .fallback(not_found)
        .with_state(state)
}

fn page(status: StatusCode, title: &str, body_html: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · Pulse</title><style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}\
a.button{{display:inline-block;padding:.6rem 1.2rem;background:#c13584;color:#fff;border-radius:.4rem;text-decoration:none}}</style></head>\
<body><h1>{title}</h1>{body_html}</body></html>",
        title = escape(title)
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'"),
    );
    response
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn internal_error_page(context: &str, error: &(dyn std::error::Error + 'static)) -> Response {
    let reference = errors::report(context, error);
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        &format!(
            "<p>Pulse could not finish this. Please try again from your chat with /connect.</p><p>Reference: <code>{}</code></p>",
            escape(&reference)
        ),
    )
}

fn link_error_page(error: LinkError) -> Response {
    let sentence = LinkRefusal::Link(error).explain();
    page(
        StatusCode::GONE,
        "This link does not work",
        &format!(
            "<p>This link cannot be used: {}</p><p>Send <b>/connect</b> in your chat to get a new one.</p>",
            escape(&sentence)
        ),
    )
}

/// 200 `{"status":"ok",…}` when every front end and the store work; 503 with each part's
/// state and reason otherwise (a front end still starting, or down; a store that cannot
/// write). No personal data, ids or tokens.
async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    let report = state.health.report();
    let status = if report.healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut response = (status, report.to_json()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /metrics`: the exposition in the Prometheus text format, or 401 without the bearer
/// token `PULSE__HTTP__METRICS_TOKEN` asks for.
async fn metrics(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if !state.scrape.allows(&headers) {
        let mut response = (StatusCode::UNAUTHORIZED, "a bearer token is needed\n").into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"pulse metrics\""),
        );
        return response;
    }
    let mut response = (StatusCode::OK, state.metrics.render()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::metrics::CONTENT_TYPE),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Meta's callbacks are a form with one short field.
const META_BODY_LIMIT: usize = 64 * 1024;

/// The body of Meta's callbacks.
#[derive(Deserialize)]
struct SignedRequestForm {
    signed_request: String,
}

/// Verifies a callback's `signed_request` and deletes what it names, telling the chats.
/// `Err` is the response for a refused request.
async fn handle_deletion(
    state: &Arc<AppState>,
    form: Result<axum::Form<SignedRequestForm>, axum::extract::rejection::FormRejection>,
) -> Result<engine::pulse::DeletionOutcome, Response> {
    use secrecy::ExposeSecret as _;
    let refused = |reason: &str| {
        tracing::info!(reason, "a Meta callback was refused");
        (StatusCode::BAD_REQUEST, "invalid signed_request").into_response()
    };
    let Ok(axum::Form(form)) = form else {
        return Err(refused("no signed_request form field"));
    };
    let request = connectors::meta::verify(
        state.meta_app_secret.expose_secret().as_bytes(),
        &form.signed_request,
    )
    .map_err(|error| refused(&error.to_string()))?;
    let pulse = state.pulse.clone();
    let now = (state.clock)();
    let outcome = tokio::task::spawn_blocking(move || {
        pulse.delete_instagram_user(&request.user_id, request.issued_at, now)
    })
    .await;
    let outcome = match outcome {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(error)) => {
            let reference = errors::report("a Meta deletion failed", &error);
            return Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the deletion failed (reference {reference}); please retry"),
            )
                .into_response());
        }
        Err(_) => {
            return Err((StatusCode::INTERNAL_SERVER_ERROR, "the deletion failed").into_response())
        }
    };
    let chats = outcome.chats_to_tell.clone();
    let task_state = state.clone();
    state.tasks.spawn(async move {
        for (chat, handle) in chats {
            let reply = engine::Reply::text(prompts::deleted_by_instagram(&handle));
            if let Err(error) = task_state.outbox.send(&chat, &reply).await {
                tracing::warn!(error = %error, "could not tell a chat its account was deleted");
            }
        }
    });
    Ok(outcome)
}

/// `POST /meta/deauthorize`: the person removed Pulse on Instagram.
async fn meta_deauthorize(
    State(state): State<Arc<AppState>>,
    form: Result<axum::Form<SignedRequestForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    match handle_deletion(&state, form).await {
        Ok(_) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{}",
        )
            .into_response(),
        Err(response) => response,
    }
}

/// `POST /meta/data-deletion`: the person asked for their data to be deleted. Meta wants a
/// status URL and a confirmation code back.
async fn meta_data_deletion(
    State(state): State<Arc<AppState>>,
    form: Result<axum::Form<SignedRequestForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    match handle_deletion(&state, form).await {
        Ok(outcome) => {
            let url = format!(
                "{}/deletion/{}",
                state.pulse.settings().public_url,
                outcome.code
            );
            let body = serde_json::json!({"url": url, "confirmation_code": outcome.code});
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
        Err(response) => response,
    }
}

/// `GET /deletion/{code}`: what became of a deletion request, for anyone with the code.
async fn deletion_page(State(state): State<Arc<AppState>>, Path(code): Path<String>) -> Response {
    match state.pulse.deletion_status(&code) {
        Ok(Some(status)) => page(
            StatusCode::OK,
            "Data deletion: done",
            &format!(
                "<p>Pulse received the request on {} and finished deleting on {}: {} with {}, including access tokens.</p>\
<p>Confirmation code: <code>{}</code></p>",
                status.requested_at.format("%Y-%m-%d %H:%M UTC"),
                status.completed_at.format("%Y-%m-%d %H:%M UTC"),
                prompts::count(status.accounts_deleted as u64, "linked account", "linked accounts"),
                prompts::count(status.records_deleted as u64, "stored record", "stored records"),
                escape(&code)
            ),
        ),
        Ok(None) => page(
            StatusCode::NOT_FOUND,
            "Unknown confirmation code",
            "<p>Pulse has no deletion request with this code.</p>",
        ),
        Err(error) => {
            let reference = errors::report("reading a deletion status failed", &error);
            page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                &format!("<p>Please try again later (reference {}).</p>", escape(&reference)),
            )
        }
    }
}

async fn not_found() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Not found",
        "<p>There is nothing here.</p>",
    )
}

/// The page that refuses the person who opened a link page, when they may not use the
/// link; `None` when they may. Links from Telegram are bound to who asked when
/// `telegram.login_url` is on: the query must carry Telegram's signed login of that person.
/// Links from Discord are bound when the `identify` sign-in is on: the query must carry a
/// proof that Discord named that person ([`discord_callback`]).
fn refusal_to_open(
    state: &AppState,
    token: &str,
    link: &engine::pulse::LinkPage,
    query: &BTreeMap<String, String>,
) -> Option<Response> {
    match link.chat.platform {
        engine::chat::Platform::Telegram => telegram_refusal(state, link, query),
        engine::chat::Platform::Discord => discord_refusal(state, token, link, query),
        engine::chat::Platform::Console => None,
    }
}

fn telegram_refusal(
    state: &AppState,
    link: &engine::pulse::LinkPage,
    query: &BTreeMap<String, String>,
) -> Option<Response> {
    let bot_token = state.telegram_login.as_ref()?;
    use secrecy::ExposeSecret as _;
    match crate::telegram::login::verified_user(query, bot_token.expose_secret(), (state.clock)()) {
        Some(user) if user == link.requester => None,
        Some(_) => Some(someone_elses_page(link)),
        None => Some(page(
            StatusCode::FORBIDDEN,
            "Open it from Telegram",
            "<p>This link works only from the <b>Connect Instagram</b> button in your Telegram chat, which tells Pulse who opened it. Press that button again (links work for 10 minutes), or send <b>/connect</b> for a new one.</p>",
        )),
    }
}

fn discord_refusal(
    state: &AppState,
    token: &str,
    link: &engine::pulse::LinkPage,
    query: &BTreeMap<String, String>,
) -> Option<Response> {
    use crate::discord::login::PROOF_PARAM;
    let login = state.discord_login.as_ref()?;
    let proven = query
        .get(PROOF_PARAM)
        .and_then(|proof| login.proven_user(token, proof, (state.clock)()));
    match proven {
        Some(user) if user == link.requester => None,
        Some(_) => Some(someone_elses_page(link)),
        None => Some(page(
            StatusCode::FORBIDDEN,
            "Sign in with Discord first",
            "<p>This link works only after Discord has told Pulse who opened it. Open the link from your <b>/connect</b> answer in Discord again (links work for 10 minutes), or use <b>/connect</b> for a new one.</p>",
        )),
    }
}

/// 403: the link was asked for by someone else than who opened it.
fn someone_elses_page(link: &engine::pulse::LinkPage) -> Response {
    tracing::info!("a /connect link was opened by someone other than who asked");
    page(
        StatusCode::FORBIDDEN,
        "This link is someone else's",
        &format!(
            "<p>This link was asked for by {who} in {chat}, and only {who} can use it. Nothing was linked.</p><p>To link your own account, send <b>/connect</b> in your own chat with Pulse.</p>",
            who = escape(&requester_words(link)),
            chat = escape(&link.chat_title),
        ),
    )
}

/// The query a link page passes on to its `/go` link: Telegram's login fields, or the proof
/// of Discord's sign-in.
fn onward_query(query: &BTreeMap<String, String>) -> String {
    use crate::discord::login::PROOF_PARAM;
    let mut onwards = crate::telegram::login::login_query(query);
    if let Some(proof) = query.get(PROOF_PARAM) {
        let proof = url::form_urlencoded::Serializer::new(String::new())
            .append_pair(PROOF_PARAM, proof)
            .finish();
        if !onwards.is_empty() {
            onwards.push('&');
        }
        onwards.push_str(&proof);
    }
    onwards
}

/// How the page names who asked for a link.
fn requester_words(link: &engine::pulse::LinkPage) -> String {
    if link.requester_name.is_empty() {
        "the member who sent /connect".to_owned()
    } else {
        link.requester_name.clone()
    }
}

async fn connect_page(
    State(state): State<Arc<AppState>>,
    Path(token): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let link = match state.pulse.link_page(&token, (state.clock)()) {
        Ok(Ok(link)) => link,
        Ok(Err(error)) => return link_error_page(error),
        Err(error) => return internal_error_page("link page failed", &error),
    };
    if let Some(login) = state
        .discord_login
        .as_ref()
        .filter(|_| link.chat.platform == engine::chat::Platform::Discord)
    {
        if !query.contains_key(crate::discord::login::PROOF_PARAM) {
            return see_other(&login.authorize_url(&token, (state.clock)()));
        }
    }
    if let Some(refusal) = refusal_to_open(&state, &token, &link, &query) {
        return refusal;
    }
    let onwards = onward_query(&query);
    let go = if onwards.is_empty() {
        format!("/connect/{token}/go")
    } else {
        format!("/connect/{token}/go?{onwards}")
    };
    // The chat's title is the chat's own words: shown in quotes, as what it calls itself.
    let requester = requester_words(&link);
    let who = escape(&requester);
    let chat = escape(&link.chat_title);
    let go = escape(&go);
    match link.network {
        engine::account::Network::Instagram => page(
            StatusCode::OK,
            "Link your Instagram account",
            &format!(
                "<p>This link was asked for with /connect by <b>{who}</b> in <b>{chat}</b> (the name in quotes is the one the chat gave itself, not Pulse's words).</p>\
<p>The Instagram Business or Creator account you log in with will be linked to that chat: <b>everyone in it will see the account's figures, its most engaged followers and the comments that look like buyers, and can export them</b>, until the account is disconnected there.</p>\
<p>Instagram will ask you to log in and to allow Pulse these permissions:</p>{permissions}\
<p>Pulse posts nothing on its own. A post goes live only when someone in the chat scheduled it, at the time they chose; a reply or a private message reaches Instagram only after it was shown in the chat and someone there pressed <b>Send</b>.</p>\
<p><a class=\"button\" id=\"continue\" href=\"{go}\">Continue to Instagram</a></p>\
<p>If you are not {who}, or did not ask for this, close this page.</p>",
                permissions = permissions_list(),
            ),
        ),
        engine::account::Network::TikTok => page(
            StatusCode::OK,
            "Link your TikTok account",
            &format!(
                "<p>This link was asked for with /connect tiktok by <b>{who}</b> in <b>{chat}</b> (the name in quotes is the one the chat gave itself, not Pulse's words).</p>\
<p>The TikTok account you log in with will be linked to that chat: <b>everyone in it will see its videos' figures and can export them</b>, until the account is disconnected there. Disconnecting it, or /forget, also asks TikTok to remove Pulse's access.</p>\
<p>TikTok will ask you to log in and to allow Pulse these permissions:</p>{permissions}\
<p>Pulse only reads: it never posts, comments or changes anything on TikTok.</p>\
<p><a class=\"button\" id=\"continue\" href=\"{go}\">Continue to TikTok</a></p>\
<p>If you are not {who}, or did not ask for this, close this page.</p>",
                permissions = tiktok_permissions_list(),
            ),
        ),
    }
}

/// The scopes Pulse asks TikTok for, each with why (`engine::tiktok::SCOPES`, which the
/// authorize URL asks).
fn tiktok_permissions_list() -> String {
    let items: String = engine::tiktok::SCOPES
        .iter()
        .map(|(scope, why)| format!("<li><code>{}</code>: {}</li>", escape(scope), escape(why)))
        .collect();
    format!("<ul id=\"permissions\">{items}</ul>")
}

/// The permissions Pulse asks Instagram for, each with what Instagram calls it and why
/// Pulse needs it: the link page lists them all.
const PERMISSIONS: &[(&str, &str, &str)] = &[
    (
        "Profile and media",
        "instagram_business_basic",
        "to read the account's profile and its posts",
    ),
    (
        "Insights",
        "instagram_business_manage_insights",
        "for the figures: reach, views, saves, followers and the audience",
    ),
    (
        "Manage comments",
        "instagram_business_manage_comments",
        "to read the comments, and to reply to one or hide it only when someone in the chat taps Reply or Hide",
    ),
    (
        "Manage messages",
        "instagram_business_manage_messages",
        "to send one private reply to a commenter, only when someone in the chat taps DM",
    ),
    (
        "Publish content",
        "instagram_business_content_publish",
        "to publish a post someone in the chat scheduled, only at the time they chose",
    ),
];

/// [`PERMISSIONS`] as the link page's list.
fn permissions_list() -> String {
    let items: String = PERMISSIONS
        .iter()
        .map(|(name, scope, why)| {
            format!(
                "<li><b>{}</b> (<code>{}</code>): {}</li>",
                escape(name),
                escape(scope),
                escape(why)
            )
        })
        .collect();
    format!("<ul id=\"permissions\">{items}</ul>")
}

async fn connect_go(
    State(state): State<Arc<AppState>>,
    Path(token): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    match state.pulse.link_page(&token, (state.clock)()) {
        Ok(Ok(link)) => refusal_to_open(&state, &token, &link, &query)
            .unwrap_or_else(|| see_other(&link.authorize_url)),
        Ok(Err(error)) => link_error_page(error),
        Err(error) => internal_error_page("link redirect failed", &error),
    }
}

/// The query of Instagram's redirect back to Pulse.
#[derive(Debug, Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn oauth_callback(
    State(state): State<Arc<AppState>>,
    query: Result<Query<CallbackQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return page(
            StatusCode::BAD_REQUEST,
            "Not a valid sign-in",
            "<p>This address is only for Instagram's and TikTok's sign-in.</p>",
        );
    };
    let Some(link_state) = query.state.filter(|s| !s.is_empty()) else {
        return page(
            StatusCode::BAD_REQUEST,
            "Not a valid sign-in",
            "<p>This sign-in did not come from a Pulse link. Send <b>/connect</b> in your chat to start again.</p>",
        );
    };
    let now = (state.clock)();
    let outcome = match (query.error, query.code.filter(|c| !c.is_empty())) {
        (None, Some(code)) => state.pulse.complete_link(&link_state, &code, now).await,
        _ => state.pulse.cancel_link(&link_state, now),
    };
    match outcome {
        Ok(LinkOutcome::Linked(linked)) => {
            linking::after_link(&state, linked);
            see_other("/linked")
        }
        Ok(LinkOutcome::Refused { chat, reason }) => {
            tracing::info!(reason = ?reason_kind(&reason), "link refused");
            if let Some(chat) = &chat {
                if let Err(error) = state
                    .outbox
                    .send(chat, &Pulse::refused_reply(&reason))
                    .await
                {
                    tracing::warn!(error = %error, "could not tell the chat the link failed");
                }
                let _ = state.events.send(linking::SyncEvent::Failed {
                    chat: Some(chat.clone()),
                });
            }
            see_other(&format!("/not-linked?reason={}", reason_kind(&reason)))
        }
        Err(error) => internal_error_page("oauth callback failed", &error),
    }
}

/// `GET /oauth/discord/callback?code=…&state=…`: Discord's sign-in of who opened a Discord
/// chat's link. The state must be one Pulse made for a link and not used yet; the code is
/// exchanged for who signed in; the member who asked goes on to the link page with a proof,
/// anyone else is refused. The link itself is not used up here.
async fn discord_callback(
    State(state): State<Arc<AppState>>,
    query: Result<Query<CallbackQuery>, QueryRejection>,
) -> Response {
    let Some(login) = state.discord_login.as_ref() else {
        return not_found().await;
    };
    let now = (state.clock)();
    let not_valid = || {
        page(
            StatusCode::BAD_REQUEST,
            "Not a valid sign-in",
            "<p>This sign-in did not come from a Pulse link, or was already used. Open the link from your <b>/connect</b> answer in Discord again.</p>",
        )
    };
    let Ok(Query(query)) = query else {
        return not_valid();
    };
    let Some(token) = query
        .state
        .as_deref()
        .and_then(|discord_state| login.take_state(discord_state, now))
    else {
        tracing::info!("a Discord sign-in came back with a state Pulse does not hold");
        return not_valid();
    };
    let code = match (query.error, query.code.filter(|code| !code.is_empty())) {
        (None, Some(code)) => code,
        _ => {
            return page(
                StatusCode::OK,
                "Not signed in",
                "<p>Discord did not sign you in, so Pulse cannot tell who opened the link. Nothing was linked. Open the link from your <b>/connect</b> answer again to try once more.</p>",
            )
        }
    };
    let link = match state.pulse.link_page(&token, now) {
        Ok(Ok(link)) => link,
        Ok(Err(error)) => return link_error_page(error),
        Err(error) => return internal_error_page("Discord sign-in failed", &error),
    };
    match login.identify(&code).await {
        Ok(user) if user == link.requester => {
            let proof = url::form_urlencoded::Serializer::new(String::new())
                .append_pair(
                    crate::discord::login::PROOF_PARAM,
                    &login.proof(&token, &user, now),
                )
                .finish();
            see_other(&format!("/connect/{token}?{proof}"))
        }
        Ok(_) => someone_elses_page(&link),
        Err(error) => {
            tracing::warn!(error = %error, "Discord did not say who opened a /connect link");
            page(
                StatusCode::BAD_GATEWAY,
                "Discord did not answer",
                "<p>Pulse could not learn from Discord who you are, so nothing was linked. Open the link from your <b>/connect</b> answer again in a minute (links work for 10 minutes), or use <b>/connect</b> for a new one.</p>",
            )
        }
    }
}

fn reason_kind(reason: &LinkRefusal) -> &'static str {
    match reason {
        LinkRefusal::Link(LinkError::Expired) => "expired",
        LinkRefusal::Link(LinkError::Used) => "used",
        LinkRefusal::Link(LinkError::Unknown) => "invalid",
        LinkRefusal::Cancelled => "cancelled",
        LinkRefusal::MissingPermission(_) => "permission",
        LinkRefusal::Instagram(_) => "instagram",
        LinkRefusal::TikTok(_) => "tiktok",
        LinkRefusal::NotSaved => "not-saved",
    }
}

async fn linked_page() -> Response {
    page(
        StatusCode::OK,
        "Linked",
        "<p>Your account is linked. Go back to your chat: Pulse is syncing your history and will tell you when it is ready.</p>",
    )
}

#[derive(Debug, Deserialize)]
struct NotLinkedQuery {
    reason: Option<String>,
}

async fn not_linked_page(query: Result<Query<NotLinkedQuery>, QueryRejection>) -> Response {
    let reason = query.ok().and_then(|Query(q)| q.reason);
    let sentence = match reason.as_deref() {
        Some("expired") => "The link expired (links work for 10 minutes).",
        Some("used") => "The link was already used (each link works once).",
        Some("cancelled") => "Access was not allowed on the sign-in page.",
        Some("permission") => {
            "A permission Pulse needs was not granted (reading insights on Instagram, or the videos on TikTok)."
        }
        Some("tiktok") => "TikTok did not accept the sign-in or could not be reached.",
        Some("instagram") => "Instagram did not accept the sign-in or could not be reached.",
        Some("not-saved") => {
            "Pulse could not save the account: its storage is failing (the disk may be full), so nothing was linked. Your chat has been told."
        }
        _ => "The link is not valid.",
    };
    page(
        StatusCode::OK,
        "Not linked",
        &format!(
            "<p>{}</p><p>Send <b>/connect</b> in your chat to get a new link.</p>",
            escape(sentence)
        ),
    )
}
