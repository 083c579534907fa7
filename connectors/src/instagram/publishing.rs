//! The publishing half of the port: `engine::instagram::InstagramPublishing` for
//! [`InstagramClient`], Instagram's container flow (reference §11, research A.2–A.4).
//!
//! | call | request | answer |
//! |---|---|---|
//! | create a container | `POST /{account user_id}/media`, form body (below) | `{"id":"<container id>"}` |
//! | its status | `GET /{container-id}?fields=status_code,status` | `{"status_code":"FINISHED","status":"…","id":"…"}` |
//! | publish it | `POST /{account user_id}/media_publish`, form `creation_id` | `{"id":"<media id>"}` |
//! | the limit | `GET /{account user_id}/content_publishing_limit?fields=config,quota_usage` | `{"data":[{"config":{"quota_total":50,"quota_duration":86400},"quota_usage":3}]}` |
//! | a permalink | `GET /{media-id}?fields=permalink` | `{"permalink":"https://www.instagram.com/p/…/","id":"…"}` |
//!
//! The container's form: a photo `image_url`; a reel `media_type=REELS` + `video_url`; a story
//! `media_type=STORIES` + `image_url` or `video_url`; a carousel item `is_carousel_item=true` +
//! `image_url` (or `media_type=VIDEO` + `video_url`); the carousel `media_type=CAROUSEL` +
//! `children=<id>,<id>,…`; and `caption` when there is one. The token goes in the
//! `Authorization` header only, never in the URL; ids are read as strings or integers of any
//! size. Every call is observed as [`CallFamily::Publishing`].
//!
//! # How each call may be repeated
//! - Creating a container is a write (`Call::bearer_write`): retried only when it certainly
//!   did nothing (a throttling answer, a connection never opened). A container made twice
//!   costs nothing visible, but nothing here makes one twice on its own.
//! - The status, the limit and the permalink are reads, retried as reads. A fresh container
//!   may answer code 100 with subcode 33 (Meta's fault on new objects): it comes back, as
//!   `errors.rs` classifies every code 100, as `SourceError::Permanent { code: 100, subcode:
//!   Some(33), .. }` and is never retried here; the caller reads it as "not known yet".
//! - **Publishing is sent exactly once** (`Call::bearer_once`): no retry of any kind. A
//!   timeout, a reset connection, a 5xx or an unreadable answer is `SourceError::Transient`
//!   ("unconfirmed": the post may be live). So is a throttling answer, because Instagram has
//!   answered `4/2207051` to a publish that had gone live: on this call it does not prove
//!   that nothing was done. Refusals that do prove it keep their codes (`9/2207042` over the
//!   limit, `9007/2207027` not ready: `Permanent`).

use std::time::Duration;

use async_trait::async_trait;
use engine::instagram::{
    AccessToken, ContainerMedia, ContainerRequest, ContainerStatus, ContainerStatusCode,
    InstagramPublishing, PublishingLimit, SourceError,
};
use serde_json::Value;

use super::client::parse_body;
use super::errors::Failure;
use super::observe::CallFamily;
use super::transport::Call;
use super::wire::{count_of, id_of, text_of};
use super::InstagramClient;

/// The form of `POST /{user_id}/media` for a container request.
fn container_form(request: &ContainerRequest) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = Vec::with_capacity(4);
    match &request.media {
        ContainerMedia::Image { url } => form.push(("image_url", url.clone())),
        ContainerMedia::Reel { url } => {
            form.push(("media_type", "REELS".to_owned()));
            form.push(("video_url", url.clone()));
        }
        ContainerMedia::Story { url, video } => {
            form.push(("media_type", "STORIES".to_owned()));
            form.push((url_field(*video), url.clone()));
        }
        ContainerMedia::CarouselItem { url, video } => {
            form.push(("is_carousel_item", "true".to_owned()));
            if *video {
                form.push(("media_type", "VIDEO".to_owned()));
            }
            form.push((url_field(*video), url.clone()));
        }
        ContainerMedia::Carousel { children } => {
            form.push(("media_type", "CAROUSEL".to_owned()));
            form.push(("children", children.join(",")));
        }
    }
    if let Some(caption) = &request.caption {
        form.push(("caption", caption.clone()));
    }
    form
}

/// `video_url` or `image_url`.
fn url_field(video: bool) -> &'static str {
    if video {
        "video_url"
    } else {
        "image_url"
    }
}

/// A `status_code` as Instagram writes it.
fn status_code_of(text: &str) -> Option<ContainerStatusCode> {
    match text.trim().to_ascii_uppercase().as_str() {
        "IN_PROGRESS" => Some(ContainerStatusCode::InProgress),
        "FINISHED" => Some(ContainerStatusCode::Finished),
        "ERROR" => Some(ContainerStatusCode::Error),
        "EXPIRED" => Some(ContainerStatusCode::Expired),
        "PUBLISHED" => Some(ContainerStatusCode::Published),
        _ => None,
    }
}

/// A publish's failure: throttling is not proof that nothing was done (see the module docs).
fn publish_failure(failure: Failure) -> SourceError {
    match failure.error {
        SourceError::Throttled { .. } => {
            let codes = failure.graph.as_ref().map_or_else(
                || "HTTP 429".to_owned(),
                |graph| match graph.subcode {
                    Some(subcode) => format!("code {}, subcode {subcode}", graph.code),
                    None => format!("code {}", graph.code),
                },
            );
            SourceError::Transient {
                reason: format!(
                    "the publish was answered with throttling ({codes}); the post may be live"
                ),
            }
        }
        error => error,
    }
}

/// An id in an answer's `id`, or `Malformed` naming `what`.
fn answer_id(answer: &Value, what: &str) -> Result<String, SourceError> {
    id_of(answer.get("id")).ok_or_else(|| SourceError::Malformed {
        reason: format!("{what}: the answer has no id"),
    })
}

/// A count that must be there and fit a `u32`.
fn required_count(value: Option<&Value>, what: &str) -> Result<u32, SourceError> {
    count_of(value)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| SourceError::Malformed {
            reason: format!("publishing limit: {what} is missing or not a count"),
        })
}

/// Reads the limit from `{"data":[{"config":{…},"quota_usage":N}]}`.
fn limit_of(answer: &Value) -> Result<PublishingLimit, SourceError> {
    let entry = answer
        .get("data")
        .and_then(Value::as_array)
        .and_then(|data| data.first())
        .ok_or_else(|| SourceError::Malformed {
            reason: "publishing limit: the answer has no data".to_owned(),
        })?;
    let config = entry
        .get("config")
        .filter(|c| c.is_object())
        .ok_or_else(|| SourceError::Malformed {
            reason: "publishing limit: the answer has no config".to_owned(),
        })?;
    let total = required_count(config.get("quota_total"), "quota_total")?;
    let window = required_count(config.get("quota_duration"), "quota_duration")?;
    let used = required_count(entry.get("quota_usage"), "quota_usage")?;
    Ok(PublishingLimit {
        used,
        total,
        window: Duration::from_secs(u64::from(window)),
    })
}

impl InstagramClient {
    /// A GET of the publishing family, parsed as JSON.
    async fn publishing_get(
        &self,
        segments: &[&str],
        fields: &str,
        token: &AccessToken,
        what: &str,
    ) -> Result<Value, SourceError> {
        let mut url = self.api_url(segments);
        url.query_pairs_mut().append_pair("fields", fields);
        self.get_json(CallFamily::Publishing, url, token, what)
            .await
    }
}

#[async_trait]
impl InstagramPublishing for InstagramClient {
    async fn create_container(
        &self,
        token: &AccessToken,
        account_user_id: &str,
        request: &ContainerRequest,
    ) -> Result<String, SourceError> {
        let url = self.api_url(&[account_user_id, "media"]);
        let mut call = Call::bearer_write(CallFamily::Publishing, url, token);
        call.form = Some(container_form(request));
        let answer = self.transport.execute(&call).await?;
        let answer: Value = parse_body(&answer, "media container")?;
        answer_id(&answer, "media container")
    }

    async fn container_status(
        &self,
        token: &AccessToken,
        container_id: &str,
    ) -> Result<ContainerStatus, SourceError> {
        let answer = self
            .publishing_get(
                &[container_id],
                "status_code,status",
                token,
                "container status",
            )
            .await?;
        let text = text_of(answer.get("status_code")).ok_or_else(|| SourceError::Malformed {
            reason: "container status: the answer has no status_code".to_owned(),
        })?;
        let code = status_code_of(&text).ok_or_else(|| SourceError::Malformed {
            reason: "container status: an unknown status_code".to_owned(),
        })?;
        Ok(ContainerStatus {
            code,
            detail: text_of(answer.get("status")),
        })
    }

    async fn publish_container(
        &self,
        token: &AccessToken,
        account_user_id: &str,
        container_id: &str,
    ) -> Result<String, SourceError> {
        let url = self.api_url(&[account_user_id, "media_publish"]);
        let mut call = Call::bearer_once(CallFamily::Publishing, url, token);
        call.form = Some(vec![("creation_id", container_id.to_owned())]);
        let answer = self
            .transport
            .execute(&call)
            .await
            .map_err(publish_failure)?;
        // Sent and answered: an answer that cannot be read leaves the post unconfirmed.
        let unconfirmed = |reason: String| SourceError::Transient {
            reason: format!("{reason}; the post may be live"),
        };
        let answer: Value = parse_body(&answer, "publish").map_err(|error| match error {
            SourceError::Malformed { reason } => unconfirmed(reason),
            other => other,
        })?;
        id_of(answer.get("id")).ok_or_else(|| unconfirmed("publish: the answer has no id".into()))
    }

    async fn publishing_limit(
        &self,
        token: &AccessToken,
        account_user_id: &str,
    ) -> Result<PublishingLimit, SourceError> {
        let answer = self
            .publishing_get(
                &[account_user_id, "content_publishing_limit"],
                "config,quota_usage",
                token,
                "publishing limit",
            )
            .await?;
        limit_of(&answer)
    }

    async fn permalink(&self, token: &AccessToken, media_id: &str) -> Result<String, SourceError> {
        let answer = self
            .publishing_get(&[media_id], "permalink", token, "permalink")
            .await?;
        text_of(answer.get("permalink")).ok_or_else(|| SourceError::Malformed {
            reason: "permalink: the answer has no permalink".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn status_codes_are_read_and_unknown_ones_refused() {
        assert_eq!(
            status_code_of("IN_PROGRESS"),
            Some(ContainerStatusCode::InProgress)
        );
        assert_eq!(
            status_code_of("published"),
            Some(ContainerStatusCode::Published)
        );
        assert_eq!(status_code_of("QUEUED"), None);
    }

    #[test]
    fn a_limit_without_config_is_never_guessed() {
        let limit = limit_of(
            &json!({"data":[{"config":{"quota_total":50,"quota_duration":86400},"quota_usage":3}]}),
        );
        assert_eq!(
            limit,
            Ok(PublishingLimit {
                used: 3,
                total: 50,
                window: Duration::from_secs(86_400)
            })
        );
        for bad in [
            json!({"data":[{"quota_usage":3}]}),
            json!({"data":[]}),
            json!({"data":[{"config":{"quota_total":"many","quota_duration":86400},"quota_usage":3}]}),
            json!({"data":[{"config":{"quota_total":50},"quota_usage":3}]}),
        ] {
            assert!(
                matches!(limit_of(&bad), Err(SourceError::Malformed { .. })),
                "{bad}"
            );
        }
    }
}
