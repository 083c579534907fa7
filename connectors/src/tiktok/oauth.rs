//! Login Kit for Web v2: the authorize URL, the code exchange, the refresh and the
//! revocation (`/v2/oauth/token/`, `/v2/oauth/revoke/`).
//!
//! The token endpoint takes a urlencoded form with the client credentials. Its answer is
//! read flat or wrapped in `{"data":{…}}`. The refresh answer carries a new refresh token
//! (they rotate): the caller must keep it and drop the one it sent.

use engine::tiktok::{AccessToken, RefreshToken, SourceError, TikTokTokens, SCOPES};
use reqwest::Method;
use secrecy::ExposeSecret;

use super::errors::Endpoint;
use super::transport::{Call, Transport};
use super::wire::tokens_of;

/// `{authorize_url}?client_key=…&scope=…&response_type=code&redirect_uri=…&state=…`, with
/// every scope of [`SCOPES`], comma-separated.
pub(crate) fn authorize_url(transport: &Transport, state: &str) -> String {
    let config = &transport.config;
    let scopes = SCOPES.map(|(scope, _)| scope).join(",");
    let mut url = config.authorize_url.clone();
    url.query_pairs_mut()
        .append_pair("client_key", &config.client_key)
        .append_pair("scope", &scopes)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &config.redirect_uri)
        .append_pair("state", state);
    url.into()
}

/// The code as TikTok wants it: trimmed and URL-decoded (a code copied from the callback URL
/// arrives percent-encoded). `+` is left alone: it is not a space in a path or a pasted code.
pub(crate) fn clean_code(code: &str) -> String {
    let code = code.trim();
    percent_decode(code).unwrap_or_else(|| code.to_owned())
}

/// Decodes `%XX` sequences; `None` if there are none, one is broken, or the result is not
/// UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `POST {api_url}/v2/oauth/token/` with `grant_type=authorization_code`.
pub(crate) async fn exchange_code(
    transport: &Transport,
    code: &str,
) -> Result<TikTokTokens, SourceError> {
    let code = clean_code(code);
    if code.is_empty() {
        return Err(SourceError::BadAuthorizationCode {
            message: "the authorization code is empty".to_owned(),
        });
    }
    let config = &transport.config;
    let form = vec![
        ("client_key", config.client_key.clone()),
        (
            "client_secret",
            config.client_secret.expose_secret().to_owned(),
        ),
        ("code", code.clone()),
        ("grant_type", "authorization_code".to_owned()),
        ("redirect_uri", config.redirect_uri.clone()),
    ];
    token_call(transport, Endpoint::Code, form, &code).await
}

/// `POST {api_url}/v2/oauth/token/` with `grant_type=refresh_token`.
pub(crate) async fn refresh(
    transport: &Transport,
    refresh: &RefreshToken,
) -> Result<TikTokTokens, SourceError> {
    if refresh.expose().trim().is_empty() {
        return Err(SourceError::Reauth { code: 0 });
    }
    let config = &transport.config;
    let form = vec![
        ("client_key", config.client_key.clone()),
        (
            "client_secret",
            config.client_secret.expose_secret().to_owned(),
        ),
        ("grant_type", "refresh_token".to_owned()),
        ("refresh_token", refresh.expose().to_owned()),
    ];
    token_call(transport, Endpoint::Refresh, form, refresh.expose()).await
}

async fn token_call(
    transport: &Transport,
    endpoint: Endpoint,
    form: Vec<(&'static str, String)>,
    secret: &str,
) -> Result<TikTokTokens, SourceError> {
    let call = Call {
        endpoint,
        method: Method::POST,
        url: transport.api_url(&["oauth", "token"]),
        bearer: None,
        form: Some(form),
        json: None,
        secrets: vec![secret],
    };
    let body = transport.execute(&call).await?;
    tokens_of(&body)
}

/// `POST {api_url}/v2/oauth/revoke/` with the access token in the form; `{}` is success.
pub(crate) async fn revoke(transport: &Transport, token: &AccessToken) -> Result<(), SourceError> {
    let config = &transport.config;
    let form = vec![
        ("client_key", config.client_key.clone()),
        (
            "client_secret",
            config.client_secret.expose_secret().to_owned(),
        ),
        ("token", token.expose().to_owned()),
    ];
    let call = Call {
        endpoint: Endpoint::Revoke,
        method: Method::POST,
        url: transport.api_url(&["oauth", "revoke"]),
        bearer: None,
        form: Some(form),
        json: None,
        secrets: vec![token.expose()],
    };
    transport.execute(&call).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_trimmed_and_url_decoded_once() {
        assert_eq!(clean_code(" abc*1!2 "), "abc*1!2");
        assert_eq!(clean_code("abc%2A1%212"), "abc*1!2");
        assert_eq!(clean_code("a+b"), "a+b");
        assert_eq!(clean_code("100%"), "100%");
        assert_eq!(clean_code("%zz"), "%zz");
    }
}
