//! The publishing job: each post composed in a chat goes to Instagram once, at its time.
//!
//! A post moves through [`PublicationState`]: `Scheduled` → (claimed by compare-and-swap,
//! with this process's run id and a lease) `Processing` — its containers are made one by
//! one and each id is saved the moment Instagram gives it, then their status is read with a
//! growing wait — → `Publishing`, written and flushed *before* `media_publish` is called,
//! once → `Published` (media id, link) or, when the answer is lost, `Unconfirmed`, which is
//! settled only by reading the container (`PUBLISHED` or not), never by guessing from the
//! account's posts: `PUBLISHED` is live; still `FINISHED` two minutes after the answer was
//! lost (or the process that called died), the call did not take or never left, and the
//! same container is published — a container publishes once, so this cannot make a second
//! post. A process that stops anywhere leaves a state that tells the next one what is safe:
//! a `Processing` claim past its lease is taken over (saved containers are reused; a
//! container made but not saved is left to expire unpublished), and a `Publishing` of
//! another run past its lease is `Unconfirmed` — so no post is published twice and none is
//! lost. A claim of a run known to have departed ([`Pulse::run_departed`]: the instance
//! whose run-out scheduler's lease this one took over) is not waited for: taken over, or
//! `Unconfirmed`, at once. Should that run live on, its writes over the record fail (they
//! are compare-and-swaps over the record it read), and a container publishes once.
//!
//! Instagram's publishing limit is read before each post (`content_publishing_limit`) and
//! also counted locally from the posts Pulse published; a post over it waits and the chat
//! is told once. The files are served to Instagram's crawler only while a post is between
//! its first container and `media_publish`'s answer ([`Pulse::hosted_media`]), and deleted
//! once the post is live. An hour after, the chat gets the post's first-hour reach.

use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt as _;

use crate::chat::ChatId;
use crate::instagram::{
    AccessToken, ContainerMedia, ContainerRequest, ContainerStatusCode, SourceError,
};
use crate::media::{MediaKind, Placement};
use crate::publishing::{container_error_reason, poll_wait, LEASE, PROCESSING_LIMIT};
use crate::records::{Containers, HostedMediaRecord, PublicationRecord, PublicationState, Records};
use crate::reply::Reply;
use crate::store::Batch;

use super::{Pulse, PulseError};

/// The permission publishing needs.
pub(crate) const CONTENT_PUBLISH: &str = "instagram_business_content_publish";

/// How long a served file stays served at most (a container expires after 24 h).
const HOSTED_FOR: Duration = Duration::hours(24);

/// How many posts one round advances at once.
const AT_ONCE: usize = 16;

/// News of a post for the chat it was composed in.
#[derive(Debug, Clone)]
pub struct PublicationNews {
    /// The chat.
    pub chat: ChatId,
    /// What to tell it.
    pub reply: Reply,
}

/// A file served to Instagram's crawler.
#[derive(Clone)]
pub struct HostedFile {
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A new id for a stored file: 128 random bits in hex, the name it is served under.
pub(crate) fn new_media_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// The `Content-Type` of a stored file, from the closed set Pulse stores.
pub(crate) fn content_type_of(stored: &str) -> &'static str {
    match stored {
        "video/mp4" => "video/mp4",
        "video/quicktime" => "video/quicktime",
        _ => "image/jpeg",
    }
}

impl Pulse {
    /// When the publishing runner should next look: the earliest due post or status read,
    /// or `None` when nothing waits.
    pub fn next_publication_at(&self) -> Result<Option<DateTime<Utc>>, PulseError> {
        Ok(self
            .records()
            .all_publications()?
            .iter()
            .filter_map(|record| self.due_at(record))
            .min())
    }

    /// When `record` needs this process next.
    fn due_at(&self, record: &PublicationRecord) -> Option<DateTime<Utc>> {
        match &record.state {
            PublicationState::Scheduled { at, .. } => Some(*at),
            PublicationState::Processing {
                run,
                lease_until,
                next_check,
                ..
            } => Some(if *run == self.run || self.departed_runs().contains(run) {
                *next_check
            } else {
                (*lease_until).max(*next_check)
            }),
            // A departed run (`Pulse::run_departed`) is not waited for: its call, made or
            // not, is settled by the container's status from now on.
            PublicationState::Publishing { run, since, .. } if *run != self.run => {
                Some(if self.departed_runs().contains(run) {
                    *since
                } else {
                    *since + LEASE
                })
            }
            PublicationState::Unconfirmed { next_check, .. } => Some(*next_check),
            PublicationState::Published {
                media_id: Some(_),
                at,
                first_hour_noted: false,
                ..
            } => Some(*at + Duration::hours(1)),
            _ => None,
        }
    }

    /// Advances every post that is due at `now` as far as it goes now, several at once;
    /// returns what to tell their chats.
    pub async fn publish_due(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<PublicationNews>, PulseError> {
        let due: Vec<PublicationRecord> = self
            .records()
            .all_publications()?
            .into_iter()
            .filter(|record| self.due_at(record).is_some_and(|at| at <= now))
            .collect();
        // Each account's posts one after another (so its publishing limit is counted with
        // the post before it claimed), the accounts at once.
        let mut by_account: Vec<Vec<PublicationRecord>> = Vec::new();
        for record in due {
            match by_account
                .iter_mut()
                .find(|posts| posts[0].account == record.account)
            {
                Some(posts) => posts.push(record),
                None => by_account.push(vec![record]),
            }
        }
        let mut news = Vec::new();
        let mut rounds = futures_util::stream::iter(by_account)
            .map(|posts| async move {
                let mut news = Vec::new();
                for record in posts {
                    news.extend(self.advance(record, now).await?);
                }
                Ok::<_, PulseError>(news)
            })
            .buffer_unordered(AT_ONCE);
        while let Some(result) = rounds.next().await {
            news.extend(result?);
        }
        Ok(news)
    }

    /// Moves one post on from where it stands, as far as it can go now.
    async fn advance(
        &self,
        mut record: PublicationRecord,
        now: DateTime<Utc>,
    ) -> Result<Vec<PublicationNews>, PulseError> {
        let mut news = Vec::new();
        let records = self.records();
        let Some(account) = records.account(&record.account)? else {
            return Ok(news);
        };
        let Some(token) = self
            .token(&account.id)?
            .filter(|_| account.status == crate::records::AccountStatus::Active)
        else {
            if record.state.changeable()
                || matches!(record.state, PublicationState::Processing { .. })
            {
                let reason = format!(
                    "@{} must be linked again before Pulse can publish to it (/connect)",
                    account.username
                );
                news.extend(self.fail(&record, &reason, now)?.map(|(_, told)| told));
            }
            return Ok(news);
        };
        let publishing = self.ports.publishing(account.network);
        // At most a few steps per round: each either waits (and returns) or moves on.
        for _ in 0..8 {
            let next = match record.state.clone() {
                PublicationState::Scheduled { told_limit, .. } => {
                    match self
                        .claim(&record, &account.user_id, &token, told_limit, now)
                        .await?
                    {
                        Claimed::Yes(claimed) => claimed,
                        Claimed::Waits(waiting, message) => {
                            self.swap(&record, &waiting)?;
                            if let Some(message) = message {
                                news.push(self.news(&record, Reply::text(message)));
                            }
                            return Ok(news);
                        }
                        Claimed::Failed(reason) => {
                            news.extend(self.fail(&record, &reason, now)?.map(|(_, told)| told));
                            return Ok(news);
                        }
                        Claimed::Lost => return Ok(news),
                    }
                }
                PublicationState::Processing { .. } => {
                    match self.process(&record, &account.user_id, &token, now).await? {
                        Step::Next(next) => next,
                        Step::Wrote(written) => {
                            let _ = written;
                            return Ok(news);
                        }
                        Step::Failed(reason) => {
                            news.extend(self.fail(&record, &reason, now)?.map(|(_, told)| told));
                            return Ok(news);
                        }
                    }
                }
                PublicationState::Publishing { run, container, .. } => {
                    if run == self.run {
                        // Written by this process right before its own call: the call is
                        // in flight elsewhere in this round; nothing to do.
                        return Ok(news);
                    }
                    // Another process stopped at media_publish (the call made or not, its
                    // answer lost): it may have gone out, or be going out still. Unconfirmed
                    // from now: the container's status settles it.
                    let unconfirmed = PublicationRecord {
                        state: PublicationState::Unconfirmed {
                            container,
                            since: now,
                            next_check: now,
                        },
                        updated_at: now,
                        ..record.clone()
                    };
                    if !self.swap(&record, &unconfirmed)? {
                        return Ok(news);
                    }
                    unconfirmed
                }
                PublicationState::Unconfirmed {
                    container, since, ..
                } => {
                    match self
                        .reconcile(&record, &container, since, (&token, &account.user_id), now)
                        .await?
                    {
                        Some((settled, message)) => {
                            if let Some(message) = message {
                                news.push(message);
                            }
                            if matches!(settled.state, PublicationState::Published { .. }) {
                                self.stop_serving(&settled, true)?;
                            }
                            return Ok(news);
                        }
                        None => return Ok(news),
                    }
                }
                PublicationState::Published {
                    media_id: Some(media_id),
                    at,
                    permalink,
                    first_hour_noted: false,
                    ..
                } => {
                    if now < at + Duration::hours(1) {
                        return Ok(news);
                    }
                    let note = self
                        .first_hour_note(&record, &media_id, at, permalink.clone(), &token)
                        .await;
                    let noted = PublicationRecord {
                        state: PublicationState::Published {
                            media_id: Some(media_id),
                            at,
                            permalink,
                            first_hour_noted: true,
                            first_hour_reach: note.as_ref().map(|(_, reach)| *reach),
                        },
                        updated_at: now,
                        ..record.clone()
                    };
                    if self.swap(&record, &noted)? {
                        if let Some((note, _)) = note {
                            news.push(self.news(&record, Reply::text(note)));
                        }
                    }
                    return Ok(news);
                }
                _ => return Ok(news),
            };
            // Publishing: the one call that must never be repeated.
            if let PublicationState::Publishing { container, .. } = &next.state {
                let container = container.clone();
                let outcome = publishing
                    .publish_container(&token, &account.user_id, &container)
                    .await;
                let (settled, message) = self
                    .published_or_not(&next, &container, outcome, &token, now)
                    .await?;
                if let Some(message) = message {
                    news.push(message);
                }
                if matches!(settled.state, PublicationState::Published { .. }) {
                    self.stop_serving(&settled, true)?;
                }
                return Ok(news);
            }
            record = next;
        }
        Ok(news)
    }

    /// Writes `next` over `current` if no one else changed it; whether it was written.
    pub(super) fn swap(
        &self,
        current: &PublicationRecord,
        next: &PublicationRecord,
    ) -> Result<bool, PulseError> {
        Ok(self.records().swap_publication(Some(current), next)?)
    }

    /// Claims a scheduled post: the limit checked, its files served, `Processing` written.
    async fn claim(
        &self,
        record: &PublicationRecord,
        user_id: &str,
        token: &AccessToken,
        told_limit: bool,
        now: DateTime<Utc>,
    ) -> Result<Claimed, PulseError> {
        let account = &record.account;
        let limit = match self
            .ports
            .publishing(crate::account::Network::Instagram)
            .publishing_limit(token, user_id)
            .await
        {
            Ok(limit) => limit,
            Err(SourceError::Transient { .. } | SourceError::Throttled { .. } | SourceError::Malformed { .. }) => {
                // Ask again in a minute; nothing was done.
                let waiting = PublicationRecord {
                    state: PublicationState::Scheduled {
                        at: now + Duration::minutes(1),
                        told_limit,
                    },
                    updated_at: now,
                    ..record.clone()
                };
                return Ok(Claimed::Waits(waiting, None));
            }
            Err(SourceError::MissingPermission { .. }) => {
                return Ok(Claimed::Failed(format!(
                    "the account's link does not allow publishing: link it again with /connect and allow “{CONTENT_PUBLISH}”"
                )))
            }
            Err(SourceError::Reauth { .. }) => {
                return Ok(Claimed::Failed(
                    "Instagram wants the account linked again (/connect)".to_owned(),
                ))
            }
            Err(error) => {
                return Ok(Claimed::Failed(format!(
                    "Instagram refused to say how many posts it allows ({})",
                    super::sales::error_summary(&error)
                )))
            }
        };
        let window = Duration::from_std(limit.window).unwrap_or(Duration::days(1));
        let others = self.records().publications(account)?;
        let published: Vec<DateTime<Utc>> = others
            .iter()
            .filter_map(|other| match &other.state {
                PublicationState::Published { at, .. } if *at > now - window => Some(*at),
                _ => None,
            })
            .collect();
        // Posts on their way count too: each will take a place when it goes out.
        let on_their_way = others
            .iter()
            .filter(|other| other.id != record.id && other.state.serves_media())
            .count() as u32;
        let used = limit.used.max(published.len() as u32) + on_their_way;
        if used >= limit.total {
            let free_at = published
                .iter()
                .min()
                .map_or(now + Duration::hours(1), |oldest| *oldest + window)
                .max(now + Duration::minutes(5));
            let waiting = PublicationRecord {
                state: PublicationState::Scheduled {
                    at: free_at,
                    told_limit: true,
                },
                updated_at: now,
                ..record.clone()
            };
            let message = (!told_limit).then(|| {
                format!(
                    "Instagram allows {} posts through apps in {} hours and this account has used them; post {} will go out when one is free, about {}.",
                    limit.total,
                    window.num_hours(),
                    record.id,
                    crate::answers::local_time(free_at, self.timezone_of_key(&record.chat))
                )
            });
            return Ok(Claimed::Waits(waiting, message));
        }
        // Served from now until media_publish answers (or a day).
        let mut batch = Batch::new();
        for item in &record.items {
            Records::batch_hosted_media(
                &mut batch,
                &item.id,
                &HostedMediaRecord {
                    account: account.clone(),
                    publication: record.id.clone(),
                    until: now + HOSTED_FOR,
                },
            );
        }
        self.store.apply(&batch)?;
        let claimed = PublicationRecord {
            state: PublicationState::Processing {
                run: self.run.clone(),
                lease_until: now + LEASE,
                containers: Containers {
                    items: vec![None; record.items.len()],
                    parent: None,
                    started_at: now,
                    remade: false,
                    polls: 0,
                },
                next_check: now,
            },
            updated_at: now,
            ..record.clone()
        };
        if !self.swap(record, &claimed)? {
            return Ok(Claimed::Lost);
        }
        self.store.flush()?;
        Ok(Claimed::Yes(claimed))
    }

    /// One pass over a post being processed: containers made where missing (each id saved
    /// at once), then their status read.
    async fn process(
        &self,
        record: &PublicationRecord,
        user_id: &str,
        token: &AccessToken,
        now: DateTime<Utc>,
    ) -> Result<Step, PulseError> {
        let PublicationState::Processing {
            run, containers, ..
        } = &record.state
        else {
            return Ok(Step::Wrote(record.clone()));
        };
        let publishing = self.ports.publishing(crate::account::Network::Instagram);
        let mut current = record.clone();
        let mut containers = containers.clone();
        if *run != self.run {
            // Taken over from a process that stopped: its saved containers are reused.
            match self.with_containers(&current, &containers, now, now)? {
                Some(taken) => current = taken,
                None => return Ok(Step::Wrote(current)),
            }
        }
        if now - containers.started_at > PROCESSING_LIMIT {
            return Ok(Step::Failed(
                "Instagram did not finish preparing the post within an hour; nothing was published"
                    .to_owned(),
            ));
        }
        let carousel = record.items.len() > 1;
        // Make the missing containers, saving each id at once.
        for (index, item) in record.items.iter().enumerate() {
            if containers.items[index].is_some() {
                continue;
            }
            let url = self.media_url(&item.id, &item.extension);
            let video = item.kind == MediaKind::Video;
            let media = match (record.placement, carousel) {
                (_, true) => ContainerMedia::CarouselItem { url, video },
                (Placement::Story, false) => ContainerMedia::Story { url, video },
                (_, false) if video => ContainerMedia::Reel { url },
                (_, false) => ContainerMedia::Image { url },
            };
            let request = ContainerRequest {
                media,
                caption: (!carousel).then(|| record.caption.clone()).flatten(),
            };
            match publishing.create_container(token, user_id, &request).await {
                Ok(id) => {
                    containers.items[index] = Some(id);
                    match self.with_containers(&current, &containers, now, now)? {
                        Some(saved) => current = saved,
                        None => return Ok(Step::Wrote(current)),
                    }
                }
                Err(error) => return self.container_trouble(&current, &containers, &error, now),
            }
        }
        // Read their status.
        let mut all_finished = true;
        for id in containers.items.iter().flatten() {
            match self.status_of(token, id).await {
                Status::Finished => {}
                Status::Waiting => all_finished = false,
                Status::Published if !carousel => {
                    return Ok(Step::Next(self.found_published(&current, now)?));
                }
                Status::Published => {}
                Status::Expired => return self.expired(&current, &containers, now),
                Status::Failed(reason) => return Ok(Step::Failed(reason)),
                Status::Trouble(error) => {
                    return self.container_trouble(&current, &containers, &error, now)
                }
            }
        }
        if !all_finished {
            return self.wait(&current, &mut containers, now);
        }
        if carousel {
            let parent = match &containers.parent {
                Some(parent) => parent.clone(),
                None => {
                    let request = ContainerRequest {
                        media: ContainerMedia::Carousel {
                            children: containers.items.iter().flatten().cloned().collect(),
                        },
                        caption: record.caption.clone(),
                    };
                    match publishing.create_container(token, user_id, &request).await {
                        Ok(id) => {
                            containers.parent = Some(id.clone());
                            match self.with_containers(&current, &containers, now, now)? {
                                Some(saved) => current = saved,
                                None => return Ok(Step::Wrote(current)),
                            }
                            id
                        }
                        Err(error) => {
                            return self.container_trouble(&current, &containers, &error, now)
                        }
                    }
                }
            };
            match self.status_of(token, &parent).await {
                Status::Finished => {}
                Status::Waiting => return self.wait(&current, &mut containers, now),
                Status::Published => return Ok(Step::Next(self.found_published(&current, now)?)),
                Status::Expired => return self.expired(&current, &containers, now),
                Status::Failed(reason) => return Ok(Step::Failed(reason)),
                Status::Trouble(error) => {
                    return self.container_trouble(&current, &containers, &error, now)
                }
            }
        }
        // Ready: the status was read just now. Publishing is written and flushed first.
        let Some(container) = containers.publishable().map(str::to_owned) else {
            return Ok(Step::Failed(
                "Pulse lost track of the post's upload".to_owned(),
            ));
        };
        let publishing_state = PublicationRecord {
            state: PublicationState::Publishing {
                run: self.run.clone(),
                container,
                since: now,
            },
            updated_at: now,
            ..current.clone()
        };
        if !self.swap(&current, &publishing_state)? {
            return Ok(Step::Wrote(current));
        }
        self.store.flush()?;
        Ok(Step::Next(publishing_state))
    }

    /// `current` with `containers` saved, its lease renewed and its next read at
    /// `next_check` (and taken over, when another run held it). `None` when someone else
    /// changed it first.
    fn with_containers(
        &self,
        current: &PublicationRecord,
        containers: &Containers,
        next_check: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<PublicationRecord>, PulseError> {
        let next = PublicationRecord {
            state: PublicationState::Processing {
                run: self.run.clone(),
                lease_until: now + LEASE,
                containers: containers.clone(),
                next_check,
            },
            updated_at: now,
            ..current.clone()
        };
        if self.swap(current, &next)? {
            self.store.flush()?;
            Ok(Some(next))
        } else {
            Ok(None)
        }
    }

    /// Waits for Instagram's processing: the next read after a growing wait.
    fn wait(
        &self,
        current: &PublicationRecord,
        containers: &mut Containers,
        now: DateTime<Utc>,
    ) -> Result<Step, PulseError> {
        let next_check = now + poll_wait(containers.polls);
        containers.polls += 1;
        Ok(Step::Wrote(
            self.with_containers(current, containers, next_check, now)?
                .unwrap_or_else(|| current.clone()),
        ))
    }

    /// Containers that expired: made again once, then given up on.
    fn expired(
        &self,
        current: &PublicationRecord,
        containers: &Containers,
        now: DateTime<Utc>,
    ) -> Result<Step, PulseError> {
        if containers.remade {
            return Ok(Step::Failed(
                "Instagram let the upload expire twice; nothing was published".to_owned(),
            ));
        }
        let fresh = Containers {
            items: vec![None; containers.items.len()],
            parent: None,
            started_at: now,
            remade: true,
            polls: 0,
        };
        Ok(Step::Wrote(
            self.with_containers(current, &fresh, now, now)?
                .unwrap_or_else(|| current.clone()),
        ))
    }

    /// A call about containers that failed: a refusal fails the post (nothing was
    /// published: containers are invisible), anything else is read again later.
    fn container_trouble(
        &self,
        current: &PublicationRecord,
        containers: &Containers,
        error: &SourceError,
        now: DateTime<Utc>,
    ) -> Result<Step, PulseError> {
        tracing::warn!(
            error = super::sales::error_summary(error),
            "a publishing call failed"
        );
        match error {
            SourceError::Transient { .. } | SourceError::Throttled { .. } | SourceError::Malformed { .. } => {
                let mut containers = containers.clone();
                self.wait(current, &mut containers, now)
            }
            SourceError::MissingPermission { .. } => Ok(Step::Failed(format!(
                "the account's link does not allow publishing: link it again with /connect and allow “{CONTENT_PUBLISH}”"
            ))),
            SourceError::Reauth { .. } => Ok(Step::Failed(
                "Instagram wants the account linked again (/connect)".to_owned(),
            )),
            SourceError::Permanent { subcode, message, .. } => {
                let detail = subcode.map(|s| s.to_string()).unwrap_or_else(|| message.clone());
                Ok(Step::Failed(container_error_reason(Some(&detail))))
            }
            SourceError::BadAuthorizationCode { .. } => {
                Ok(Step::Failed("Instagram refused the upload".to_owned()))
            }
        }
    }

    /// A container's status, as the job reads it.
    pub(super) async fn status_of(&self, token: &AccessToken, container: &str) -> Status {
        let publishing = self.ports.publishing(crate::account::Network::Instagram);
        match publishing.container_status(token, container).await {
            Ok(status) => match status.code {
                ContainerStatusCode::InProgress => Status::Waiting,
                ContainerStatusCode::Finished => Status::Finished,
                ContainerStatusCode::Published => Status::Published,
                ContainerStatusCode::Expired => Status::Expired,
                ContainerStatusCode::Error => {
                    Status::Failed(container_error_reason(status.detail.as_deref()))
                }
            },
            // Meta's fault on fresh containers: not known yet, not failed.
            Err(SourceError::Permanent {
                code: 100,
                subcode: Some(33),
                ..
            }) => Status::Waiting,
            Err(error) => Status::Trouble(error),
        }
    }

    /// A container found `PUBLISHED` before Pulse published it (a process stopped after
    /// media_publish went out): live, without a media id.
    fn found_published(
        &self,
        current: &PublicationRecord,
        now: DateTime<Utc>,
    ) -> Result<PublicationRecord, PulseError> {
        let published = PublicationRecord {
            state: PublicationState::found_published(now),
            updated_at: now,
            ..current.clone()
        };
        self.swap(current, &published)?;
        self.stop_serving(&published, true)?;
        Ok(published)
    }
}

/// What claiming a scheduled post decided.
enum Claimed {
    /// Claimed: go on.
    Yes(PublicationRecord),
    /// Not now: write this (a later time), and tell the chat this, if anything.
    Waits(PublicationRecord, Option<String>),
    /// It cannot be published: why.
    Failed(String),
    /// Another process changed it first.
    Lost,
}

/// What one pass over a post being processed did.
enum Step {
    /// Move on at once with this record.
    Next(PublicationRecord),
    /// Wrote this (or found it changed) and waits.
    Wrote(PublicationRecord),
    /// It cannot be published: why (nothing was).
    Failed(String),
}

/// A container's status as the job reads it.
pub(super) enum Status {
    Waiting,
    Finished,
    Published,
    Expired,
    Failed(String),
    Trouble(SourceError),
}
