//! Business Login for Instagram: the authorize URL, the code exchange, the long-lived exchange
//! and the refresh (§1 of the reference).
//!
//! The code exchange is made exactly once (codes are single use); its response is accepted
//! flat or wrapped in `data[0]`, with `user_id` as a string or a number of any size (kept
//! exactly), and `permissions` as a comma-separated string or an array.

use std::time::Duration;

use engine::instagram::{AccessToken, LongLivedToken, ShortLivedToken, SourceError};
use reqwest::Method;
use secrecy::ExposeSecret;
use url::Url;

use super::errors::Failure;
use super::observe::CallFamily;
use super::transport::{Call, Retries, Transport};
use super::wire::{count_of, id_of_raw, string_list_of, text_of, TokenWire};

/// The scopes Pulse asks for.
/// `manage_comments` reads comments and answers, hides and subscribes to them;
/// `manage_messages` sends private replies; `content_publish` publishes scheduled posts.
pub(crate) const SCOPES: &str = "instagram_business_basic,instagram_business_manage_insights,instagram_business_manage_comments,instagram_business_manage_messages,instagram_business_content_publish";

/// `{authorize_url}?client_id=…&redirect_uri=…&response_type=code&scope=…&state=…`.
pub(crate) fn authorize_url(transport: &Transport, state: &str) -> String {
    let config = &transport.config;
    let mut url = config.authorize_url.clone();
    url.query_pairs_mut()
        .append_pair("client_id", &config.app_id)
        .append_pair("redirect_uri", &config.redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", SCOPES)
        .append_pair("state", state);
    url.into()
}

/// The code as pasted, without surrounding blanks and the `#_` Meta appends.
pub(crate) fn clean_code(code: &str) -> &str {
    let code = code.trim();
    code.strip_suffix("#_").unwrap_or(code).trim()
}

/// POSTs the code to the token URL, once.
pub(crate) async fn exchange_code(
    transport: &Transport,
    code: &str,
) -> Result<ShortLivedToken, SourceError> {
    let code = clean_code(code);
    if code.is_empty() {
        return Err(SourceError::BadAuthorizationCode {
            message: "the authorization code is empty".to_owned(),
        });
    }
    let config = &transport.config;
    let form = vec![
        ("client_id", config.app_id.clone()),
        (
            "client_secret",
            config.app_secret.expose_secret().to_owned(),
        ),
        ("grant_type", "authorization_code".to_owned()),
        ("redirect_uri", config.redirect_uri.clone()),
        ("code", code.to_owned()),
    ];
    let call = Call {
        family: CallFamily::Token,
        method: Method::POST,
        url: config.token_url.clone(),
        token: None,
        bearer: false,
        form: Some(form),
        json: None,
        retries: Retries::Never,
        extra_secret: Some(code),
    };
    let body = transport.execute(&call).await.map_err(code_failure)?;
    let wire = serde_json::from_slice::<TokenWire>(&body).map_err(|_| SourceError::Malformed {
        reason: "the code-exchange response is not the expected JSON object".to_owned(),
    })?;
    let fields = wire.fields();
    let token = text_of(fields.access_token.as_ref()).ok_or_else(|| SourceError::Malformed {
        reason: "the code-exchange response has no access_token".to_owned(),
    })?;
    let app_scoped_user_id = id_of_raw(fields.user_id.as_deref()).unwrap_or_else(|| {
        tracing::debug!("the code-exchange response has no readable user_id");
        String::new()
    });
    Ok(ShortLivedToken {
        token: AccessToken::new(token),
        app_scoped_user_id,
        permissions: string_list_of(fields.permissions.as_ref()),
    })
}

/// At the code endpoint a refused request means the code is unusable: `Permanent` and
/// `Reauth` answers become `BadAuthorizationCode`. Throttling and outages keep their class.
fn code_failure(failure: Failure) -> SourceError {
    match failure.error {
        SourceError::Permanent { message, .. } => SourceError::BadAuthorizationCode { message },
        SourceError::Reauth { .. } => SourceError::BadAuthorizationCode {
            message: failure
                .graph
                .map(|g| g.message)
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the authorization code was refused".to_owned()),
        },
        other => other,
    }
}

/// `GET {graph_url}/access_token?grant_type=ig_exchange_token&client_secret=…&access_token=…`.
pub(crate) async fn long_lived_token(
    transport: &Transport,
    short: &AccessToken,
) -> Result<LongLivedToken, SourceError> {
    let config = &transport.config;
    let mut url = unversioned(&config.graph_url, "access_token");
    url.query_pairs_mut()
        .append_pair("grant_type", "ig_exchange_token")
        .append_pair("client_secret", config.app_secret.expose_secret())
        .append_pair("access_token", short.expose());
    token_call(transport, url, short).await
}

/// `GET {graph_url}/refresh_access_token?grant_type=ig_refresh_token&access_token=…`.
pub(crate) async fn refresh_token(
    transport: &Transport,
    token: &AccessToken,
) -> Result<LongLivedToken, SourceError> {
    let mut url = unversioned(&transport.config.graph_url, "refresh_access_token");
    url.query_pairs_mut()
        .append_pair("grant_type", "ig_refresh_token")
        .append_pair("access_token", token.expose());
    token_call(transport, url, token).await
}

async fn token_call(
    transport: &Transport,
    url: Url,
    token: &AccessToken,
) -> Result<LongLivedToken, SourceError> {
    let call = Call {
        family: CallFamily::Token,
        method: Method::GET,
        url,
        token: Some(token),
        bearer: false,
        form: None,
        json: None,
        retries: Retries::Reads,
        extra_secret: None,
    };
    let body = transport.execute(&call).await?;
    let wire = serde_json::from_slice::<TokenWire>(&body).map_err(|_| SourceError::Malformed {
        reason: "the token response is not the expected JSON object".to_owned(),
    })?;
    let fields = wire.fields();
    let token = text_of(fields.access_token.as_ref()).ok_or_else(|| SourceError::Malformed {
        reason: "the token response has no access_token".to_owned(),
    })?;
    let expires_in =
        count_of(fields.expires_in.as_ref()).ok_or_else(|| SourceError::Malformed {
            reason: "the token response has no expires_in".to_owned(),
        })?;
    Ok(LongLivedToken {
        token: AccessToken::new(token),
        expires_in: Duration::from_secs(expires_in),
    })
}

/// `{graph_url}/{segment}` without the version.
fn unversioned(graph_url: &Url, segment: &str) -> Url {
    let mut url = graph_url.clone();
    url.set_query(None);
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().push(segment);
    }
    url
}
