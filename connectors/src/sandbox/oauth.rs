//! The sandbox's OAuth endpoints: the authorize page (`/oauth/authorize`, with its consent
//! page and Allow/Deny links), the code exchange (`POST /oauth/access_token`, flat response
//! with the app-scoped id as a bare JSON number), the long-lived exchange (`/access_token`)
//! and the refresh (`/refresh_access_token`).

use std::time::Instant;

use html_escape::{encode_double_quoted_attribute, encode_text};
use hyper::StatusCode;
use serde_json::json;
use url::Url;

use super::server::{
    graph_error, html, json, oauth_error, param, redirect, CodeInfo, Resp, Shared, CODE_LIFETIME,
    LONG_LIVED_SECS,
};
use super::wire::{random_alnum, GraphError, OAuthCodeError};

/// The scopes Instagram Login knows today.
const KNOWN_SCOPES: [&str; 5] = [
    "instagram_business_basic",
    "instagram_business_manage_insights",
    "instagram_business_manage_comments",
    "instagram_business_content_publish",
    "instagram_business_manage_messages",
];

/// What a scope lets the app do, for the consent page.
fn scope_description(scope: &str) -> &'static str {
    match scope {
        "instagram_business_basic" => "see the profile and the posts",
        "instagram_business_manage_insights" => "read insights of the account and its posts",
        "instagram_business_manage_comments" => "read and manage comments",
        "instagram_business_content_publish" => "publish content",
        "instagram_business_manage_messages" => "read and send direct messages",
        _ => "",
    }
}

/// A validated authorize request.
struct Authorize {
    client_id: String,
    redirect_uri: Url,
    redirect_raw: String,
    scopes: Vec<String>,
    state: Option<String>,
    account: usize,
}

fn parse_authorize(shared: &Shared, query: &[(String, String)]) -> Result<Authorize, String> {
    let client_id = param(query, "client_id").unwrap_or_default();
    if client_id.is_empty() {
        return Err("Missing client_id.".to_owned());
    }
    if client_id != shared.config.app_id {
        return Err("Invalid platform app".to_owned());
    }
    let redirect_raw = param(query, "redirect_uri").unwrap_or_default();
    let redirect_uri = Url::parse(redirect_raw)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
        .ok_or_else(|| "Invalid redirect_uri: it must be an absolute http(s) URL.".to_owned())?;
    match param(query, "response_type") {
        Some("code") => {}
        Some(_) => return Err("Invalid response_type: only \"code\" is supported.".to_owned()),
        None => return Err("Missing response_type.".to_owned()),
    }
    let scopes: Vec<String> = param(query, "scope")
        .unwrap_or_default()
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let unknown: Vec<&str> = scopes
        .iter()
        .map(String::as_str)
        .filter(|s| !KNOWN_SCOPES.contains(s))
        .collect();
    if !unknown.is_empty() {
        return Err(format!("Invalid Scopes: {}", unknown.join(", ")));
    }
    if !scopes.iter().any(|s| s == "instagram_business_basic") {
        return Err("The scope instagram_business_basic is required.".to_owned());
    }
    let account = match param(query, "account") {
        Some(name) if !name.is_empty() => shared
            .account_by_username(name)
            .ok_or_else(|| format!("There is no sandbox account @{name}."))?,
        _ if shared.accounts.is_empty() => return Err("The sandbox has no accounts.".to_owned()),
        _ => 0,
    };
    Ok(Authorize {
        client_id: client_id.to_owned(),
        redirect_uri,
        redirect_raw: redirect_raw.to_owned(),
        scopes,
        state: param(query, "state").map(str::to_owned),
        account,
    })
}

/// `GET /oauth/authorize`: a consent page for browsers, an immediate approval otherwise.
pub(crate) fn authorize(shared: &Shared, query: &[(String, String)], wants_html: bool) -> Resp {
    let request = match parse_authorize(shared, query) {
        Ok(r) => r,
        Err(reason) => return error_page(&reason),
    };
    if wants_html {
        consent_page(shared, query, &request)
    } else {
        approve(shared, &request)
    }
}

/// `GET /oauth/authorize/allow` and `/deny`: the consent page's links.
pub(crate) fn decide(shared: &Shared, query: &[(String, String)], allow: bool) -> Resp {
    let request = match parse_authorize(shared, query) {
        Ok(r) => r,
        Err(reason) => return error_page(&reason),
    };
    if allow {
        approve(shared, &request)
    } else {
        let mut to = request.redirect_uri.clone();
        {
            let mut pairs = to.query_pairs_mut();
            pairs
                .append_pair("error", "access_denied")
                .append_pair("error_reason", "user_denied")
                .append_pair("error_description", "The user denied your request");
            if let Some(state) = &request.state {
                pairs.append_pair("state", state);
            }
        }
        redirect(to.as_str())
    }
}

fn approve(shared: &Shared, request: &Authorize) -> Resp {
    let code = format!("AQ{}", random_alnum(120));
    {
        let now = Instant::now();
        let mut live = shared.live();
        live.codes.retain(|_, c| !c.used && c.expires > now);
        live.all_codes.push(code.clone());
        live.codes.insert(
            code.clone(),
            CodeInfo {
                account: request.account,
                redirect_uri: request.redirect_raw.clone(),
                scopes: request.scopes.clone(),
                expires: now + CODE_LIFETIME,
                used: false,
            },
        );
    }
    let mut to = request.redirect_uri.clone();
    {
        let mut pairs = to.query_pairs_mut();
        pairs.append_pair("code", &code);
        if let Some(state) = &request.state {
            pairs.append_pair("state", state);
        }
    }
    to.set_fragment(Some("_"));
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
    let Some(account) = shared.accounts.get(request.account) else {
        return error_page("The sandbox has no accounts.");
    };
    let scopes: String = request
        .scopes
        .iter()
        .map(|s| {
            format!(
                "<li><code>{}</code> — {}</li>",
                encode_text(s),
                encode_text(scope_description(s))
            )
        })
        .collect();
    let others: String = shared
        .accounts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != request.account)
        .map(|(_, a)| {
            format!(
                r#" <a href="{}">@{}</a>"#,
                encode_double_quoted_attribute(&link(
                    "/oauth/authorize",
                    query,
                    Some(&a.profile.username)
                )),
                encode_text(&a.profile.username)
            )
        })
        .collect();
    let switch = if others.is_empty() {
        String::new()
    } else {
        format!("<p class=\"small\">Log in as another sandbox account:{others}</p>")
    };
    let page = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox Instagram</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #fafafa; color: #262626; }}
main {{ max-width: 32rem; margin: 3rem auto; background: #fff; border: 1px solid #dbdbdb; border-radius: 8px; padding: 1.5rem 2rem; }}
h1 {{ font-size: 1.4rem; }}
.buttons a {{ display: inline-block; padding: .6rem 1.4rem; margin-right: .6rem; border-radius: 6px; text-decoration: none; font-weight: 600; }}
.allow {{ background: #0095f6; color: #fff; }}
.deny {{ background: #efefef; color: #262626; }}
.small {{ font-size: .85rem; color: #737373; }}
code {{ font-size: .9em; }}
</style>
</head>
<body>
<main>
<h1>Sandbox Instagram</h1>
<p class="small">A local stand-in for Instagram's authorization page. No real account or data is involved.</p>
<p>The app <code>{client_id}</code> would like to connect to <strong>@{username}</strong> ({name}, {followers} followers).</p>
<p>It asks to:</p>
<ul>{scopes}</ul>
<p class="small">After you choose you will be sent to <code>{redirect}</code>.</p>
<p class="buttons"><a class="allow" href="{allow}">Allow</a><a class="deny" href="{deny}">Deny</a></p>
{switch}
</main>
</body>
</html>
"#,
        client_id = encode_text(&request.client_id),
        username = encode_text(&account.profile.username),
        name = encode_text(&account.profile.name),
        followers = account.profile.followers_count,
        redirect = encode_text(&request.redirect_raw),
        allow = encode_double_quoted_attribute(&link("/oauth/authorize/allow", query, None)),
        deny = encode_double_quoted_attribute(&link("/oauth/authorize/deny", query, None)),
    );
    html(StatusCode::OK, page)
}

fn error_page(reason: &str) -> Resp {
    let page = format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sandbox Instagram</title></head>
<body>
<h1>Sandbox Instagram</h1>
<p>Sorry, this page isn't available.</p>
<p>{}</p>
</body>
</html>
"#,
        encode_text(reason)
    );
    html(StatusCode::BAD_REQUEST, page)
}

/// `POST /oauth/access_token`: code → short-lived token, in the observed flat shape.
pub(crate) fn exchange_code(shared: &Shared, form: &[(String, String)]) -> Resp {
    match try_exchange_code(shared, form) {
        Ok(body) => json(StatusCode::OK, body),
        Err(e) => oauth_error(&e),
    }
}

fn try_exchange_code(shared: &Shared, form: &[(String, String)]) -> Result<String, OAuthCodeError> {
    let fail = |m: &str| OAuthCodeError(m.to_owned());
    if param(form, "client_id") != Some(shared.config.app_id.as_str()) {
        return Err(fail("Invalid platform app"));
    }
    if param(form, "client_secret") != Some(shared.config.app_secret.as_str()) {
        return Err(fail("Error validating client secret."));
    }
    match param(form, "grant_type") {
        Some("authorization_code") => {}
        _ => return Err(fail("Invalid grant_type: authorization_code is required")),
    }
    let redirect_uri = param(form, "redirect_uri")
        .filter(|r| !r.is_empty())
        .ok_or_else(|| fail("Missing redirect_uri"))?;
    let code = param(form, "code")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| fail("Missing code"))?;
    let (account, scopes) = {
        let mut live = shared.live();
        let info = live
            .codes
            .get_mut(code)
            .filter(|c| !c.used && c.expires > Instant::now())
            .ok_or_else(|| fail("Matching code was not found or was already used"))?;
        // Any presentation of a valid code consumes it.
        info.used = true;
        if info.redirect_uri != redirect_uri {
            return Err(fail(
                "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
            ));
        }
        (info.account, info.scopes.clone())
    };
    let Some(profile) = shared.accounts.get(account).map(|a| &a.profile) else {
        return Err(fail("Matching code was not found or was already used"));
    };
    let token = shared.issue_token(account, false);
    // The app-scoped id is all digits (see `SandboxProfile::id`): write it as a bare JSON
    // number, digit for digit, like Instagram does.
    let user_id = if profile.id.bytes().all(|b| b.is_ascii_digit()) && !profile.id.is_empty() {
        profile.id.clone()
    } else {
        json!(profile.id).to_string()
    };
    Ok(format!(
        r#"{{"access_token":{},"user_id":{},"permissions":{}}}"#,
        json!(token),
        user_id,
        json!(scopes)
    ))
}

/// `GET /access_token?grant_type=ig_exchange_token`: short-lived → long-lived.
pub(crate) fn long_lived(shared: &Shared, query: &[(String, String)]) -> Resp {
    if param(query, "grant_type") != Some("ig_exchange_token") {
        return graph_error(&GraphError::param(
            "(#100) Invalid grant_type: ig_exchange_token is required",
        ));
    }
    if param(query, "client_secret") != Some(shared.config.app_secret.as_str()) {
        return graph_error(&GraphError {
            code: 101,
            ..GraphError::param("Error validating client secret.")
        });
    }
    let token = param(query, "access_token").unwrap_or_default();
    match shared.check_token(token) {
        Err(e) => graph_error(&e),
        Ok((_, true)) => graph_error(&GraphError::param(
            "(#100) Only a short-lived access token can be exchanged for a long-lived one",
        )),
        Ok((account, false)) => token_response(shared, account),
    }
}

/// `GET /refresh_access_token?grant_type=ig_refresh_token`: a new long-lived token (the old
/// one keeps working until it expires).
pub(crate) fn refresh(shared: &Shared, query: &[(String, String)]) -> Resp {
    if param(query, "grant_type") != Some("ig_refresh_token") {
        return graph_error(&GraphError::param(
            "(#100) Invalid grant_type: ig_refresh_token is required",
        ));
    }
    let token = param(query, "access_token").unwrap_or_default();
    match shared.check_token(token) {
        Err(e) => graph_error(&e),
        Ok((_, false)) => graph_error(&GraphError::param(
            "(#100) Only a long-lived access token can be refreshed",
        )),
        Ok((account, true)) => token_response(shared, account),
    }
}

fn token_response(shared: &Shared, account: usize) -> Resp {
    let token = shared.issue_token(account, true);
    json(
        StatusCode::OK,
        json!({"access_token": token, "token_type": "bearer", "expires_in": LONG_LIVED_SECS})
            .to_string(),
    )
}
