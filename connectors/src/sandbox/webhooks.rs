//! Instagram's comment webhooks, sent by the sandbox to a URL a test or the demo sets.
//!
//! [`Sandbox::post_comment_webhook`] POSTs the body Instagram documents for the `comments`
//! field, signed as Meta signs: `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256 of
//! the raw body, keyed with the app secret>`:
//!
//! ```json
//! {"object":"instagram","entry":[{"id":"<account user_id>","time":<unix seconds>,
//!   "changes":[{"field":"comments","value":{"id":"<comment id>",
//!     "from":{"id":"<commenter igsid>","username":"<handle>"},"text":"<text>",
//!     "media":{"id":"<media id>","media_product_type":"FEED"}}}]}]}
//! ```
//!
//! `value.parent_id` is there for replies only; `time` is when the comment was written.
//! [`Sandbox::post_raw_webhook`] sends any body with any signature, for forgery tests.

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;

use super::actions::{account_of, SandboxActionError};
use super::Sandbox;

/// How long a webhook delivery may take.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// Where webhooks go, set by [`Sandbox::set_webhook`].
#[derive(Clone)]
pub(crate) struct WebhookTarget {
    /// The callback URL.
    pub(crate) url: String,
    /// The app secret that signs the bodies.
    pub(crate) app_secret: String,
}

/// The `X-Hub-Signature-256` value of `body` under `app_secret`: `sha256=<lowercase hex>`.
pub fn sign_webhook(app_secret: &str, body: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this cannot happen.
        Err(_) => return "sha256=".to_owned(),
    };
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256=");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

impl Sandbox {
    /// Sends webhooks to `url` from now on, signed with `app_secret`.
    pub fn set_webhook(&self, url: String, app_secret: String) {
        self.shared.live().webhook = Some(WebhookTarget { url, app_secret });
    }

    /// The documented webhook body for a comment (see the module docs of `webhooks.rs`).
    pub fn comment_webhook_body(&self, comment_id: &str) -> Result<Vec<u8>, SandboxActionError> {
        let unknown = || SandboxActionError::UnknownComment(comment_id.to_owned());
        let comment = self.comment(comment_id).ok_or_else(unknown)?;
        let account = account_of(&self.shared, comment_id)
            .and_then(|a| self.shared.accounts.get(a))
            .ok_or_else(unknown)?;
        let product = account
            .post(&comment.media_id)
            .map_or("FEED", |p| p.kind.media_product_type());
        let mut value = Map::new();
        value.insert("id".into(), json!(comment.id));
        value.insert(
            "from".into(),
            json!({"id": comment.from_id, "username": comment.username}),
        );
        value.insert("text".into(), json!(comment.text));
        value.insert(
            "media".into(),
            json!({"id": comment.media_id, "media_product_type": product}),
        );
        if let Some(parent) = &comment.parent_id {
            value.insert("parent_id".into(), json!(parent));
        }
        let body = json!({
            "object": "instagram",
            "entry": [{
                "id": account.profile.user_id,
                "time": comment.timestamp.timestamp(),
                "changes": [{ "field": "comments", "value": Value::Object(value) }],
            }],
        });
        Ok(body.to_string().into_bytes())
    }

    /// POSTs the comment's webhook to the URL of [`Sandbox::set_webhook`], signed with its
    /// app secret. Returns the HTTP status the receiver answered.
    pub async fn post_comment_webhook(&self, comment_id: &str) -> Result<u16, SandboxActionError> {
        let body = self.comment_webhook_body(comment_id)?;
        let secret = self.webhook_target()?.app_secret;
        let signature = sign_webhook(&secret, &body);
        self.post_raw_webhook(body, Some(signature)).await
    }

    /// POSTs `body` to the webhook URL as Instagram would, with `X-Hub-Signature-256` set to
    /// `signature` (none when `None`): for tests of forged or unsigned deliveries. Returns
    /// the HTTP status the receiver answered.
    pub async fn post_raw_webhook(
        &self,
        body: Vec<u8>,
        signature: Option<String>,
    ) -> Result<u16, SandboxActionError> {
        let target = self.webhook_target()?;
        let http = reqwest::Client::builder()
            .timeout(DELIVERY_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("facebookexternalua")
            .build()
            .map_err(|e| SandboxActionError::Delivery(e.to_string()))?;
        let mut request = http
            .post(&target.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(signature) = signature {
            request = request.header("X-Hub-Signature-256", signature);
        }
        let response = request
            .send()
            .await
            .map_err(|e| SandboxActionError::Delivery(e.without_url().to_string()))?;
        Ok(response.status().as_u16())
    }

    fn webhook_target(&self) -> Result<WebhookTarget, SandboxActionError> {
        self.shared
            .live()
            .webhook
            .clone()
            .ok_or(SandboxActionError::NoWebhook)
    }
}

#[cfg(test)]
mod tests {
    use super::sign_webhook;

    #[test]
    fn signature_is_lowercase_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign_webhook("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
