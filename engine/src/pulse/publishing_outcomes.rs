//! What follows a post's `media_publish`: published (with its link), not published for
//! sure, or unconfirmed and settled by the container's status; failures told with Retry
//! where safe; the first-hour note; and the files served to Instagram's crawler. The job
//! itself is `publishing.rs`.

use chrono::{DateTime, Duration, Utc};

use crate::account::AccountId;
use crate::chat::ChatId;
use crate::instagram::{AccessToken, Post, SourceError};
use crate::media::{MediaKind, Placement};
use crate::publishing::poll_wait;
use crate::records::{PublicationRecord, PublicationState, Records};
use crate::reply::{Button, Reply};
use crate::store::Batch;

use super::publishing::{content_type_of, HostedFile, PublicationNews, Status};
use super::{Pulse, PulseError};

impl Pulse {
    /// After the one `media_publish` call: published, or not for sure, or unconfirmed.
    pub(super) async fn published_or_not(
        &self,
        publishing_record: &PublicationRecord,
        container: &str,
        outcome: Result<String, SourceError>,
        token: &AccessToken,
        now: DateTime<Utc>,
    ) -> Result<(PublicationRecord, Option<PublicationNews>), PulseError> {
        match outcome {
            Ok(media_id) => {
                let permalink = self
                    .ports
                    .publishing(crate::account::Network::Instagram)
                    .permalink(token, &media_id)
                    .await
                    .ok();
                let published = PublicationRecord {
                    state: PublicationState::Published {
                        media_id: Some(media_id),
                        permalink: permalink.clone(),
                        at: now,
                        first_hour_noted: false,
                        first_hour_reach: None,
                    },
                    updated_at: now,
                    ..publishing_record.clone()
                };
                self.swap(publishing_record, &published)?;
                let text = match &permalink {
                    Some(link) => format!("Published on Instagram: {link}"),
                    None => "Published on Instagram.".to_owned(),
                };
                let mut reply = Reply::text(text);
                if let Some(link) = permalink {
                    reply = reply.with_button(Button::Link {
                        label: "Open on Instagram".into(),
                        url: link,
                    });
                }
                Ok((published.clone(), Some(self.news(&published, reply))))
            }
            // Not published, for sure: over the limit (counted elsewhere, by another app
            // or by hand), or the container not ready yet. The post goes back to wait: its
            // claim reads the limit again and tells the chat if it must wait for a place.
            Err(SourceError::Permanent {
                code: 9,
                subcode: Some(2_207_042),
                ..
            })
            | Err(SourceError::Permanent {
                code: 9007,
                subcode: Some(2_207_027),
                ..
            }) => {
                let back = PublicationRecord {
                    state: PublicationState::Scheduled {
                        at: now + Duration::minutes(1),
                        told_limit: false,
                    },
                    updated_at: now,
                    ..publishing_record.clone()
                };
                if self.swap(publishing_record, &back)? {
                    self.stop_serving(&back, false)?;
                }
                Ok((back, None))
            }
            Err(error) => {
                tracing::warn!(
                    error = super::sales::error_summary(&error),
                    "media_publish did not answer clearly: the post is unconfirmed"
                );
                let unconfirmed = PublicationRecord {
                    state: PublicationState::Unconfirmed {
                        container: container.to_owned(),
                        since: now,
                        next_check: now + Duration::seconds(30),
                    },
                    updated_at: now,
                    ..publishing_record.clone()
                };
                self.swap(publishing_record, &unconfirmed)?;
                let reply = Reply::text(format!(
                    "Instagram did not confirm post {}: it may be live already. Pulse is checking with Instagram and will say here; don't post it again meanwhile.",
                    unconfirmed.id
                ));
                Ok((unconfirmed.clone(), Some(self.news(&unconfirmed, reply))))
            }
        }
    }

    /// Reads an unconfirmed post's container: `PUBLISHED` is live, `EXPIRED` or `ERROR`
    /// can never go out (safe to try again), anything else is read again later.
    ///
    /// A container still `FINISHED` two minutes after the post became unconfirmed was not
    /// published by the call (it did not take, or never left a process that died; a call
    /// still on its way to Instagram would have arrived by then): it is published now, once,
    /// `Publishing` written and flushed first as before any `media_publish`. Instagram
    /// publishes a container once, so this cannot make a second post.
    pub(super) async fn reconcile(
        &self,
        record: &PublicationRecord,
        container: &str,
        since: DateTime<Utc>,
        (token, user_id): (&AccessToken, &str),
        now: DateTime<Utc>,
    ) -> Result<Option<(PublicationRecord, Option<PublicationNews>)>, PulseError> {
        let status = self.status_of(token, container).await;
        let settled = match status {
            Status::Published => PublicationRecord {
                state: PublicationState::found_published(now),
                updated_at: now,
                ..record.clone()
            },
            // Expired or failed unpublished, or still unpublished well after the call: it
            // did not go through, and never will by itself (a container publishes only when
            // asked). Safe to try again.
            Status::Expired | Status::Failed(_) => {
                return self.settled_unpublished(record, "its upload expired unpublished", now)
            }
            Status::Finished if now - since >= Duration::minutes(2) => {
                let publishing_record = PublicationRecord {
                    state: PublicationState::Publishing {
                        run: self.run.clone(),
                        container: container.to_owned(),
                        since: now,
                    },
                    updated_at: now,
                    ..record.clone()
                };
                if !self.swap(record, &publishing_record)? {
                    return Ok(None);
                }
                self.store.flush()?;
                let outcome = self
                    .ports
                    .publishing(crate::account::Network::Instagram)
                    .publish_container(token, user_id, container)
                    .await;
                let (settled, message) = self
                    .published_or_not(&publishing_record, container, outcome, token, now)
                    .await?;
                return Ok(Some((settled, message)));
            }
            Status::Finished | Status::Waiting | Status::Trouble(_) => {
                let waited = (now - since).num_seconds().max(1) as u32;
                let polls = (waited / 30).max(1).ilog2();
                let next = PublicationRecord {
                    state: PublicationState::Unconfirmed {
                        container: container.to_owned(),
                        since,
                        next_check: now + poll_wait(polls + 4),
                    },
                    updated_at: now,
                    ..record.clone()
                };
                self.swap(record, &next)?;
                return Ok(None);
            }
        };
        if !self.swap(record, &settled)? {
            return Ok(None);
        }
        let reply = Reply::text(format!(
            "Instagram confirmed post {}: it is live on the account.",
            record.id
        ));
        Ok(Some((settled.clone(), Some(self.news(&settled, reply)))))
    }

    /// An unconfirmed post found not published: failed, with Retry.
    fn settled_unpublished(
        &self,
        record: &PublicationRecord,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(PublicationRecord, Option<PublicationNews>)>, PulseError> {
        let reason = format!("Instagram did not publish it ({why})");
        Ok(self
            .fail(record, &reason, now)?
            .map(|(failed, told)| (failed, Some(told))))
    }

    /// Marks a post failed before anything was published (so trying again is safe), only
    /// over the record read; the written record and the news for its chat, with Retry.
    pub(super) fn fail(
        &self,
        record: &PublicationRecord,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(PublicationRecord, PublicationNews)>, PulseError> {
        let failed = PublicationRecord {
            state: PublicationState::Failed {
                reason: reason.to_owned(),
                retry_safe: true,
            },
            updated_at: now,
            ..record.clone()
        };
        if !self.swap(record, &failed)? {
            return Ok(None);
        }
        self.stop_serving(&failed, false)?;
        let told = self.failed_news(&failed, reason);
        Ok(Some((failed, told)))
    }

    /// Stops serving a post's files; once it is live, deletes them too.
    pub(super) fn stop_serving(
        &self,
        record: &PublicationRecord,
        delete_files: bool,
    ) -> Result<(), PulseError> {
        let mut batch = Batch::new();
        for item in &record.items {
            batch.remove(crate::store::Tree::HostedMedia, item.id.as_bytes());
            if delete_files {
                Records::batch_remove_publication_media(&mut batch, &record.account, &item.id);
            }
        }
        self.store.apply(&batch)?;
        Ok(())
    }

    /// The news that a post failed before anything went out, with Retry.
    fn failed_news(&self, record: &PublicationRecord, reason: &str) -> PublicationNews {
        let reply = Reply::text(format!("Post {} was not published: {reason}.", record.id))
            .with_button(Button::Command {
                label: "Retry".into(),
                command: format!("/retry {}", record.id),
            });
        self.news(record, reply)
    }

    pub(super) fn news(&self, record: &PublicationRecord, reply: Reply) -> PublicationNews {
        PublicationNews {
            chat: ChatId::from_key(&record.chat).unwrap_or_else(|| {
                ChatId::new(crate::chat::Platform::Console, record.chat.clone())
            }),
            reply,
        }
    }

    /// The zone of the chat whose key is `chat`.
    pub(crate) fn timezone_of_key(&self, chat: &str) -> chrono_tz::Tz {
        ChatId::from_key(chat)
            .and_then(|chat| self.timezone(&chat).ok())
            .unwrap_or(self.settings.default_timezone)
    }

    /// The address Instagram fetches a file from.
    pub(crate) fn media_url(&self, media: &str, extension: &str) -> String {
        format!(
            "{}/media/{media}.{extension}",
            self.settings.public_url.trim_end_matches('/')
        )
    }

    /// The post's reach in its first hour, against the account's earlier first hours.
    pub(super) async fn first_hour_note(
        &self,
        record: &PublicationRecord,
        media_id: &str,
        at: DateTime<Utc>,
        permalink: Option<String>,
        token: &AccessToken,
    ) -> Option<(String, u64)> {
        let kind = match (
            record.items.len(),
            record.items.first()?.kind,
            record.placement,
        ) {
            (_, _, Placement::Story) => crate::instagram::MediaKind::Story,
            (n, _, _) if n > 1 => crate::instagram::MediaKind::Carousel,
            (_, MediaKind::Video, _) => crate::instagram::MediaKind::Reel,
            _ => crate::instagram::MediaKind::Image,
        };
        let post = Post {
            id: media_id.to_owned(),
            kind,
            caption: None,
            permalink,
            published_at: at,
            like_count: None,
            comments_count: None,
            listed_comments: None,
        };
        let account = self.records().account(&record.account).ok()??;
        let metrics = self
            .ports
            .data(account.network)
            .post_insights(token, &post)
            .await
            .ok()?;
        let reach = metrics.reach?;
        let earlier = self.first_hours(&record.account, &record.id);
        let mut text = format!(
            "Post {} reached {} in its first hour",
            record.id,
            prompts::thousands(reach)
        );
        if earlier.len() >= 3 {
            let median = median(&earlier);
            if median > 0 {
                text.push_str(&format!(
                    ", {:.1}× the median first hour of your earlier posts through Pulse ({}).",
                    reach as f64 / median as f64,
                    prompts::thousands(median)
                ));
            } else {
                text.push('.');
            }
        } else {
            text.push('.');
        }
        Some((text, reach))
    }

    /// The first-hour reach of the account's earlier posts published through Pulse.
    pub(super) fn first_hours(&self, account: &AccountId, except: &str) -> Vec<u64> {
        self.records()
            .publications(account)
            .unwrap_or_default()
            .iter()
            .filter(|other| other.id != except)
            .filter_map(|other| match &other.state {
                PublicationState::Published {
                    first_hour_reach, ..
                } => *first_hour_reach,
                _ => None,
            })
            .collect()
    }

    /// The file at `/media/{name}` (`{id}.{ext}`), while Instagram may fetch it: from the
    /// post's first container until `media_publish` answered, and a day at most.
    pub fn hosted_media(
        &self,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<HostedFile>, PulseError> {
        let Some((id, extension)) = name.split_once('.') else {
            return Ok(None);
        };
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let records = self.records();
        let Some(hosted) = records.hosted_media(id)? else {
            return Ok(None);
        };
        if now >= hosted.until {
            return Ok(None);
        }
        let Some(record) = records.publication(&hosted.account, &hosted.publication)? else {
            return Ok(None);
        };
        if !record.state.serves_media() {
            return Ok(None);
        }
        let Some(item) = record.items.iter().find(|item| item.id == id) else {
            return Ok(None);
        };
        if item.extension != extension {
            return Ok(None);
        }
        Ok(records
            .publication_media(&hosted.account, id)?
            .map(|bytes| HostedFile {
                content_type: content_type_of(&item.content_type),
                bytes,
            }))
    }
}

fn median(values: &[u64]) -> u64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted[sorted.len() / 2]
}
