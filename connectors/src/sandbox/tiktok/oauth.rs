//! The sandbox TikTok's Login Kit: the authorize page (`/v2/auth/authorize/`, with its
//! consent page and Allow/Deny links), the token endpoint (`/v2/oauth/token/`: codes and
//! rotating refreshes) and revocation (`/v2/oauth/revoke/`).

use html_escape::{encode_double_quoted_attribute, encode_text};
use hyper::header::CONTENT_TYPE;
use hyper::http::request::Parts;
use hyper::{Method, StatusCode};
use serde_json::json;
use url::Url;

use super::state::{self, issue_pair, now_stamp, Code, Dead};
use super::TIKTOK_SCOPES;
use crate::sandbox::server::{html, json, param, parse_query, redirect, Resp, Shared};
use crate::sandbox::wire::random_alnum;

/// What a scope lets the app do, for the consent page.
fn scope_description(scope: &str) -> &'static str {
    match scope {
        "user.info.basic" => "read your profile info (avatar, display name)",
        "user.info.profile" => "read your profile details (username, bio, verification)",
        "user.info.stats" => "read your follower, following, like and video counts",
        "video.list" => "read your public videos",
        _ => "",
    }
}

/// A validated authorize request.
struct Authorize {
    client_key: String,
    redirect_uri: Url,
    redirect_raw: String,
    scopes: Vec<String>,
    state: Option<String>,
    user: usize,
}

/// Why an authorize request fails: an error page (the app is unknown or the redirect unsafe)
/// or a redirect with `error=`.
enum Refusal {
    Page(String),
    Redirect(Box<Url>, Option<String>, &'static str, String),
}

fn parse_authorize(shared: &Shared, query: &[(String, String)]) -> Result<Authorize, Refusal> {
    let tiktok = &shared.tiktok;
    let client_key = param(query, "client_key").unwrap_or_default();
    if client_key != tiktok.config.client_key {
        return Err(Refusal::Page(format!(
            "Something went wrong: the client_key \"{client_key}\" is not a sandbox app."
        )));
    }
    let redirect_raw = param(query, "redirect_uri").unwrap_or_default();
    let redirect_uri = Url::parse(redirect_raw)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
        .ok_or_else(|| {
            Refusal::Page("redirect_uri: it must be an absolute http(s) URL.".to_owned())
        })?;
    let state = param(query, "state").map(str::to_owned);
    let refuse = |error: &'static str, description: String| {
        Refusal::Redirect(
            Box::new(redirect_uri.clone()),
            state.clone(),
            error,
            description,
        )
    };
    if param(query, "response_type") != Some("code") {
        return Err(refuse(
            "unsupported_response_type",
            "response_type must be code.".to_owned(),
        ));
    }
    let scopes: Vec<String> = param(query, "scope")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let unknown: Vec<&str> = scopes
        .iter()
        .map(String::as_str)
        .filter(|s| !TIKTOK_SCOPES.contains(s))
        .collect();
    if !unknown.is_empty() {
        return Err(refuse(
            "invalid_scope",
            format!("Unknown scope: {}.", unknown.join(",")),
        ));
    }
    if !scopes.iter().any(|s| s == "user.info.basic") {
        return Err(refuse(
            "invalid_scope",
            "The scope user.info.basic is required.".to_owned(),
        ));
    }
    let user = match param(query, "account") {
        Some(name) if !name.is_empty() => tiktok
            .user_by_username(name)
            .ok_or_else(|| Refusal::Page(format!("There is no sandbox TikTok user @{name}.")))?,
        _ if tiktok.users.is_empty() => {
            return Err(Refusal::Page("The sandbox has no TikTok users.".to_owned()))
        }
        _ => 0,
    };
    Ok(Authorize {
        client_key: client_key.to_owned(),
        redirect_uri,
        redirect_raw: redirect_raw.to_owned(),
        scopes,
        state,
        user,
    })
}

/// `GET /v2/auth/authorize/` (`decision` `None`: a consent page for browsers, else the
/// sandbox's standing decision) and its `/allow` (`Some(true)`) and `/deny` links.
pub(crate) fn authorize(
    shared: &Shared,
    query: &[(String, String)],
    wants_html: bool,
    decision: Option<bool>,
) -> Resp {
    shared.tiktok.live().calls.authorize += 1;
    let request = match parse_authorize(shared, query) {
        Ok(r) => r,
        Err(Refusal::Page(reason)) => return error_page(&reason),
        Err(Refusal::Redirect(to, state, error, description)) => {
            return redirect_error(*to, state.as_deref(), error, &description)
        }
    };
    if wants_html && decision.is_none() {
        return consent_page(shared, query, &request);
    }
    let allow = decision.unwrap_or_else(|| !shared.tiktok.live().deny);
    if allow {
        approve(shared, &request)
    } else {
        redirect_error(
            request.redirect_uri,
            request.state.as_deref(),
            "access_denied",
            "The user denied the authorization request.",
        )
    }
}

fn redirect_error(mut to: Url, state: Option<&str>, error: &str, description: &str) -> Resp {
    {
        let mut pairs = to.query_pairs_mut();
        pairs
            .append_pair("error", error)
            .append_pair("error_description", description);
        if let Some(state) = state {
            pairs.append_pair("state", state);
        }
    }
    redirect(to.as_str())
}

/// The scopes granted for `asked`: all but the withheld ones (`user.info.basic` always).
fn granted(shared: &Shared, asked: &[String]) -> Vec<String> {
    let withheld = shared.tiktok.live().withheld.clone();
    asked
        .iter()
        .filter(|s| *s == "user.info.basic" || !withheld.contains(s))
        .cloned()
        .collect()
}

fn approve(shared: &Shared, request: &Authorize) -> Resp {
    let scopes = granted(shared, &request.scopes);
    // `*` and `!` as in real codes: the redirect encodes `!`, the client must decode it.
    let code = format!(
        "{}*{}!{}",
        random_alnum(40),
        random_alnum(12),
        random_alnum(20)
    );
    let issued = now_stamp(shared);
    {
        let lifetime = shared.tiktok.config.code_lifetime;
        let mut live = shared.tiktok.live();
        live.codes
            .retain(|_, c| !c.used && c.issued.age(issued) < lifetime);
        live.all_codes.push(code.clone());
        live.codes.insert(
            code.clone(),
            Code {
                user: request.user,
                redirect_uri: request.redirect_raw.clone(),
                scopes: scopes.clone(),
                issued,
                used: false,
            },
        );
    }
    let mut to = request.redirect_uri.clone();
    {
        let mut pairs = to.query_pairs_mut();
        pairs
            .append_pair("code", &code)
            .append_pair("scopes", &scopes.join(","));
        if let Some(state) = &request.state {
            pairs.append_pair("state", state);
        }
    }
    redirect(to.as_str())
}

fn link(path: &str, query: &[(String, String)], account: Option<&str>) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in query {
        if account.is_some() && k == "account" {
            continue;
        }
        s.append_pair(k, v);
    }
    if let Some(a) = account {
        s.append_pair("account", a);
    }
    format!("{path}?{}", s.finish())
}

fn consent_page(shared: &Shared, query: &[(String, String)], request: &Authorize) -> Resp {
    let tiktok = &shared.tiktok;
    let Some(user) = tiktok.users.get(request.user) else {
        return error_page("The sandbox has no TikTok users.");
    };
    let granted = granted(shared, &request.scopes);
    let scopes: String = request
        .scopes
        .iter()
        .map(|s| {
            let note = if granted.contains(s) {
                ""
            } else {
                " <em>(will be left out)</em>"
            };
            format!(
                "<li><code>{}</code> — {}{note}</li>",
                encode_text(s),
                encode_text(scope_description(s))
            )
        })
        .collect();
    let others: String = tiktok
        .users
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != request.user)
        .map(|(_, u)| {
            format!(
                r#" <a href="{}">@{}</a>"#,
                encode_double_quoted_attribute(&link(
                    "/tiktok/v2/auth/authorize/",
                    query,
                    Some(&u.spec.username)
                )),
                encode_text(&u.spec.username)
            )
        })
        .collect();
    let switch = if others.is_empty() {
        String::new()
    } else {
        format!("<p class=\"small\">Log in as another sandbox user:{others}</p>")
    };
    let page = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox TikTok</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f8f8f8; color: #161823; }}
main {{ max-width: 32rem; margin: 3rem auto; background: #fff; border: 1px solid #e3e3e4; border-radius: 8px; padding: 1.5rem 2rem; }}
h1 {{ font-size: 1.4rem; }}
.buttons a {{ display: inline-block; padding: .6rem 1.4rem; margin-right: .6rem; border-radius: 6px; text-decoration: none; font-weight: 600; }}
.allow {{ background: #fe2c55; color: #fff; }}
.deny {{ background: #efefef; color: #161823; }}
.small {{ font-size: .85rem; color: #737373; }}
code {{ font-size: .9em; }}
</style>
</head>
<body>
<main>
<h1>Sandbox TikTok</h1>
<p class="small">A local stand-in for TikTok's authorization page. No real account or data is involved.</p>
<p>The app <code>{client_key}</code> would like to access <strong>@{username}</strong> ({name}).</p>
<p>It asks to:</p>
<ul>{scopes}</ul>
<p class="small">After you choose you will be sent to <code>{redirect}</code>.</p>
<p class="buttons"><a class="allow" href="{allow}">Authorize</a><a class="deny" href="{deny}">Cancel</a></p>
{switch}
</main>
</body>
</html>
"#,
        client_key = encode_text(&request.client_key),
        username = encode_text(&user.spec.username),
        name = encode_text(&user.spec.display_name),
        redirect = encode_text(&request.redirect_raw),
        allow =
            encode_double_quoted_attribute(&link("/tiktok/v2/auth/authorize/allow", query, None)),
        deny = encode_double_quoted_attribute(&link("/tiktok/v2/auth/authorize/deny", query, None)),
    );
    html(StatusCode::OK, page)
}

fn error_page(reason: &str) -> Resp {
    let page = format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sandbox TikTok</title></head>
<body>
<h1>Sandbox TikTok</h1>
<p>Something went wrong.</p>
<p>{}</p>
</body>
</html>
"#,
        encode_text(reason)
    );
    html(StatusCode::BAD_REQUEST, page)
}

/// An OAuth error: HTTP 400 `{"error","error_description","log_id"}`.
fn oauth_error(error: &str, description: &str) -> Resp {
    json(
        StatusCode::BAD_REQUEST,
        json!({"error": error, "error_description": description, "log_id": state::log_id()})
            .to_string(),
    )
}

/// The form of a POST, or the error to answer.
fn form(parts: &Parts, body: &[u8]) -> Result<Vec<(String, String)>, Box<Resp>> {
    if parts.method != Method::POST {
        return Err(Box::new(oauth_error(
            "invalid_request",
            "Only POST is supported.",
        )));
    }
    let is_form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(Box::new(oauth_error(
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded.",
        )));
    }
    Ok(parse_query(std::str::from_utf8(body).ok()))
}

/// Checks `client_key` and `client_secret`.
fn check_client(shared: &Shared, form: &[(String, String)]) -> Result<(), Box<Resp>> {
    let config = &shared.tiktok.config;
    if param(form, "client_key") != Some(config.client_key.as_str())
        || param(form, "client_secret") != Some(config.client_secret.as_str())
    {
        return Err(Box::new(oauth_error(
            "invalid_client",
            "Client key or secret is incorrect.",
        )));
    }
    Ok(())
}

/// `POST /v2/oauth/token/`: a code or a refresh token → new tokens.
pub(crate) fn token(shared: &Shared, parts: &Parts, body: &[u8]) -> Resp {
    shared.tiktok.live().calls.token += 1;
    let form = match form(parts, body) {
        Ok(f) => f,
        Err(resp) => return *resp,
    };
    if let Err(resp) = check_client(shared, &form) {
        return *resp;
    }
    match param(&form, "grant_type") {
        Some("authorization_code") => exchange_code(shared, &form),
        Some("refresh_token") => refresh(shared, &form),
        Some(_) => oauth_error(
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token.",
        ),
        None => oauth_error("invalid_request", "Missing grant_type."),
    }
}

fn exchange_code(shared: &Shared, form: &[(String, String)]) -> Resp {
    let Some(code) = param(form, "code").filter(|c| !c.is_empty()) else {
        return oauth_error("invalid_request", "Missing code.");
    };
    let Some(redirect_uri) = param(form, "redirect_uri").filter(|r| !r.is_empty()) else {
        return oauth_error("invalid_request", "Missing redirect_uri.");
    };
    let now = now_stamp(shared);
    let lifetime = shared.tiktok.config.code_lifetime;
    let (user, scopes) = {
        let mut live = shared.tiktok.live();
        let Some(info) = live
            .codes
            .get_mut(code)
            .filter(|c| !c.used && c.issued.age(now) < lifetime)
        else {
            return oauth_error(
                "invalid_grant",
                "Authorization code is expired, already used or not found.",
            );
        };
        // Any presentation of a valid code consumes it.
        info.used = true;
        if info.redirect_uri != redirect_uri {
            return oauth_error(
                "invalid_grant",
                "redirect_uri does not match the one of the authorization request.",
            );
        }
        (info.user, info.scopes.clone())
    };
    token_response(shared, user, scopes, None)
}

fn refresh(shared: &Shared, form: &[(String, String)]) -> Resp {
    let Some(token) = param(form, "refresh_token").filter(|t| !t.is_empty()) else {
        return oauth_error("invalid_request", "Missing refresh_token.");
    };
    let now = now_stamp(shared);
    let lifetime = shared.tiktok.config.refresh_lifetime;
    let (user, scopes, started) = {
        let mut live = shared.tiktok.live();
        let Some(info) = live.refresh.get_mut(token) else {
            return oauth_error("invalid_grant", "Refresh token is invalid or not found.");
        };
        match info.dead {
            Some(Dead::Revoked) => {
                return oauth_error("invalid_grant", "Refresh token has been revoked.")
            }
            Some(Dead::Rotated) => {
                return oauth_error(
                    "invalid_grant",
                    "Refresh token is no longer valid: a newer one was issued.",
                )
            }
            Some(Dead::Expired) => {
                return oauth_error("invalid_grant", "Refresh token has expired.")
            }
            None if info.grant_started.age(now) >= lifetime => {
                return oauth_error("invalid_grant", "Refresh token has expired.")
            }
            None => {}
        }
        info.dead = Some(Dead::Rotated);
        (info.user, info.scopes.clone(), info.grant_started)
    };
    token_response(shared, user, scopes, Some(started))
}

fn token_response(
    shared: &Shared,
    user: usize,
    scopes: Vec<String>,
    grant_started: Option<state::Stamp>,
) -> Resp {
    let Some(open_id) = shared.tiktok.users.get(user).map(|u| u.open_id.clone()) else {
        return oauth_error("invalid_grant", "Unknown user.");
    };
    let config = &shared.tiktok.config;
    let scope = scopes.join(",");
    let (access, refresh, now) = issue_pair(shared, user, scopes, grant_started);
    let refresh_left = match grant_started {
        Some(started) => config.refresh_lifetime.saturating_sub(started.age(now)),
        None => config.refresh_lifetime,
    };
    json(
        StatusCode::OK,
        json!({
            "access_token": access,
            "expires_in": config.access_lifetime.as_secs(),
            "open_id": open_id,
            "refresh_expires_in": refresh_left.as_secs(),
            "refresh_token": refresh,
            "scope": scope,
            "token_type": "Bearer",
        })
        .to_string(),
    )
}

/// `POST /v2/oauth/revoke/`: every token of the token's user dies.
pub(crate) fn revoke(shared: &Shared, parts: &Parts, body: &[u8]) -> Resp {
    shared.tiktok.live().calls.revoke += 1;
    let form = match form(parts, body) {
        Ok(f) => f,
        Err(resp) => return *resp,
    };
    if let Err(resp) = check_client(shared, &form) {
        return *resp;
    }
    let Some(token) = param(&form, "token").filter(|t| !t.is_empty()) else {
        return oauth_error("invalid_request", "Missing token.");
    };
    let mut live = shared.tiktok.live();
    let user = live
        .access
        .get(token)
        .map(|t| t.user)
        .or_else(|| live.refresh.get(token).map(|t| t.user));
    let Some(user) = user else {
        return oauth_error("invalid_grant", "Token is invalid or not found.");
    };
    for t in live.access.values_mut().filter(|t| t.user == user) {
        t.dead = Some(Dead::Revoked);
    }
    for t in live.refresh.values_mut().filter(|t| t.user == user) {
        t.dead = Some(Dead::Revoked);
    }
    let open_id = shared
        .tiktok
        .users
        .get(user)
        .map(|u| u.open_id.clone())
        .unwrap_or_default();
    live.revoked.push(open_id);
    json(StatusCode::OK, "{}".to_owned())
}
