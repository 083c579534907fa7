//! The action half of the port: `engine::instagram::InstagramActions` for [`InstagramClient`].
//!
//! | action | request | answer |
//! |---|---|---|
//! | public reply | `POST /{comment-id}/replies?message=…` (up to 500 bytes; always in a form body too) | `{"id":"<reply id>"}` |
//! | private reply | `POST /{account user_id}/messages`, JSON `{"recipient":{"comment_id"},"message":{"text"}}` | `{"recipient_id","message_id"}` |
//! | hide / show | `POST /{comment-id}?hide=true\|false` | `{"success":true}` |
//! | webhooks | `POST /me/subscribed_apps?subscribed_fields=comments` | `{"success":true}` |
//!
//! Every call goes to the configured Graph base URL under the versioned prefix, with the token
//! as `Authorization: Bearer`, through the client's request loop (pacing, classification by
//! Graph code, scrubbing) and observed as [`CallFamily::Actions`].
//!
//! # A write is never sent twice
//! The calls are made as writes (`Retries::Writes` in `transport.rs`): one is retried only
//! when it certainly did nothing — Instagram answered with a throttling code, or the
//! connection could not be opened. A timeout or a reset after sending, a 5xx, or codes 1/2
//! (the request may have been carried out) end the call at once with
//! `SourceError::Transient`: the reply may be published already, and only a person should
//! decide to send it again.
//!
//! # Refusals
//! Instagram's refusals keep the client's classification (`errors.rs`): permission codes (10,
//! 200–299) are `MissingPermission`, code 100 (a reply to a reply or to a hidden comment, a
//! second private reply — subcode 2534023 —, a text too long) is `Permanent` with its subcode
//! and scrubbed message. One exception, for private replies only: code 10 with subcode
//! 2534022 ("This message is sent outside of allowed window", the comment is older than 7
//! days) is not a missing permission, so it comes back as `Permanent { code: 10, subcode:
//! Some(2534022), … }`.

use async_trait::async_trait;
use engine::instagram::{AccessToken, InstagramActions, SourceError};
use serde_json::{json, Value};
use url::Url;

use super::client::parse_body;
use super::errors::{Failure, Retry};
use super::observe::CallFamily;
use super::transport::Call;
use super::wire::id_of;
use super::InstagramClient;

/// Graph's subcode for a private reply outside the 7-day window (with code 10).
pub(crate) const OUTSIDE_WINDOW_SUBCODE: i64 = 2_534_022;

impl InstagramClient {
    /// One write with the bearer token: a form or a JSON body, retried only when it did
    /// nothing (see the module docs). The parsed JSON answer.
    async fn write(
        &self,
        url: Url,
        token: &AccessToken,
        form: Option<Vec<(&'static str, String)>>,
        body: Option<Value>,
        what: &str,
    ) -> Result<Value, Failure> {
        let mut call = Call::bearer_write(CallFamily::Actions, url, token);
        call.form = form;
        call.json = body;
        let answer = self.transport.execute(&call).await?;
        parse_body::<Value>(&answer, what).map_err(|error| Failure::plain(error, Retry::Never))
    }

    /// Reads `{"success":true}`; anything else is a malformed answer.
    fn succeeded(answer: &Value, what: &str) -> Result<(), SourceError> {
        match answer.get("success") {
            Some(Value::Bool(true)) => Ok(()),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(()),
            _ => Err(SourceError::Malformed {
                reason: format!("{what}: the answer does not say success"),
            }),
        }
    }
}

/// A private reply's refusal: code 10 with the window subcode is not a permission.
fn private_reply_failure(failure: Failure) -> SourceError {
    match &failure.graph {
        Some(graph) if graph.code == 10 && graph.subcode == Some(OUTSIDE_WINDOW_SUBCODE) => {
            SourceError::Permanent {
                code: graph.code,
                subcode: graph.subcode,
                message: graph.message.clone(),
            }
        }
        _ => failure.error,
    }
}

/// The longest reply (in bytes) also sent in the query, as the reference writes it.
const MAX_MESSAGE_IN_QUERY: usize = 500;

#[async_trait]
impl InstagramActions for InstagramClient {
    async fn reply_to_comment(
        &self,
        token: &AccessToken,
        comment_id: &str,
        message: &str,
    ) -> Result<String, SourceError> {
        // The reference puts `message` in the query; Graph reads it from the body as well,
        // which is where a long one goes (a URL of tens of kilobytes risks a 414).
        let mut url = self.api_url(&[comment_id, "replies"]);
        if message.len() <= MAX_MESSAGE_IN_QUERY {
            url.query_pairs_mut().append_pair("message", message);
        }
        let form = vec![("message", message.to_owned())];
        let answer = self
            .write(url, token, Some(form), None, "comment reply")
            .await?;
        id_of(answer.get("id")).ok_or_else(|| SourceError::Malformed {
            reason: "comment reply: the answer has no id".to_owned(),
        })
    }

    async fn private_reply(
        &self,
        token: &AccessToken,
        account_user_id: &str,
        comment_id: &str,
        message: &str,
    ) -> Result<(), SourceError> {
        let url = self.api_url(&[account_user_id, "messages"]);
        let body = json!({
            "recipient": { "comment_id": comment_id },
            "message": { "text": message },
        });
        let answer = self
            .write(url, token, None, Some(body), "private reply")
            .await
            .map_err(private_reply_failure)?;
        if answer.is_object() {
            Ok(())
        } else {
            Err(SourceError::Malformed {
                reason: "private reply: the answer is not an object".to_owned(),
            })
        }
    }

    async fn set_comment_hidden(
        &self,
        token: &AccessToken,
        comment_id: &str,
        hidden: bool,
    ) -> Result<(), SourceError> {
        let mut url = self.api_url(&[comment_id]);
        url.query_pairs_mut()
            .append_pair("hide", if hidden { "true" } else { "false" });
        let answer = self.write(url, token, None, None, "hide comment").await?;
        Self::succeeded(&answer, "hide comment")
    }

    async fn subscribe_to_comments(&self, token: &AccessToken) -> Result<(), SourceError> {
        let mut url = self.api_url(&["me", "subscribed_apps"]);
        url.query_pairs_mut()
            .append_pair("subscribed_fields", "comments");
        let answer = self
            .write(url, token, None, None, "webhook subscription")
            .await?;
        Self::succeeded(&answer, "webhook subscription")
    }
}
