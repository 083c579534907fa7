//! The first sync against an Instagram in memory that counts its calls in flight and can stop
//! answering: the bound on calls at once, what comes before "Ready", the outage stop and the
//! resumption that reads only what is left, and a cancel with several calls in flight.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{NaiveDate, TimeZone};

use super::*;
use crate::instagram::{
    Comment, CommentsCursor, DailyInsights, Demographics, ListedComments, MediaKind,
    OnlineFollowers, PostMetrics,
};
use crate::records::{AccountStatus, KindRecord};
use crate::store::{MemoryStore, Store};

const ACCOUNT: &str = "17841400000000009";

/// Pulse's id of the account [`ACCOUNT`] is on Instagram.
fn account_id() -> crate::account::AccountId {
    crate::account::AccountId::parse("00000000000000000000000000000009").unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

/// An account of `posts` posts, one a day, the newest a day old, each with one comment.
struct Slow {
    posts: Vec<Post>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    /// Post insights asked, in order: the post's age in days.
    insights_asked: Mutex<Vec<i64>>,
    /// Calls made (every kind).
    calls: AtomicUsize,
    /// Every call fails as temporary while set.
    down: AtomicBool,
    /// Goes down after this many post-insights answers.
    down_after_insights: Mutex<Option<usize>>,
    /// Post-insights calls wait here forever once set.
    hang: AtomicBool,
    /// What `paused_for` says.
    pause: Mutex<Option<Duration>>,
    /// The posts whose comments were asked with `comments`.
    comments_asked: Mutex<Vec<String>>,
    /// The posts whose comments were asked with `more_comments`, with the cursor given.
    more_asked: Mutex<Vec<(String, String)>>,
}

/// A comment `c-{tag}-{post}` on `post`.
fn comment(post_id: &str, tag: &str) -> Comment {
    Comment {
        id: format!("c-{tag}-{post_id}"),
        post_id: post_id.into(),
        parent_id: None,
        author_id: None,
        author_username: Some("fan".into()),
        text: "nice".into(),
        published_at: now() - chrono::Duration::hours(1),
        like_count: None,
        hidden: false,
    }
}

impl Slow {
    fn new(posts: usize) -> Self {
        let posts = (1..=posts as i64)
            .map(|age| Post {
                id: format!("p{age}"),
                kind: MediaKind::Image,
                caption: None,
                permalink: None,
                published_at: now() - chrono::Duration::days(age),
                like_count: Some(3),
                comments_count: Some(1),
                listed_comments: None,
            })
            .collect();
        Self {
            posts,
            in_flight: AtomicUsize::new(0),
            most_in_flight: AtomicUsize::new(0),
            insights_asked: Mutex::new(Vec::new()),
            calls: AtomicUsize::new(0),
            down: AtomicBool::new(false),
            down_after_insights: Mutex::new(None),
            hang: AtomicBool::new(false),
            pause: Mutex::new(None),
            comments_asked: Mutex::new(Vec::new()),
            more_asked: Mutex::new(Vec::new()),
        }
    }

    /// One call: counted in flight while it "travels" (a few scheduler turns and a
    /// millisecond), failing as temporary when down.
    async fn travel(&self) -> Result<(), SourceError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let now_in_flight = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_in_flight
            .fetch_max(now_in_flight, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            return Err(SourceError::Transient {
                reason: "connection refused".into(),
            });
        }
        Ok(())
    }

    fn asked(&self) -> Vec<i64> {
        self.insights_asked.lock().unwrap().clone()
    }
}

#[async_trait]
impl Instagram for Slow {
    async fn profile(&self, _token: &AccessToken) -> Result<Profile, SourceError> {
        self.travel().await?;
        Ok(Profile {
            user_id: ACCOUNT.into(),
            app_scoped_id: "2".into(),
            username: "slow".into(),
            name: None,
            account_type: None,
            followers_count: 10,
            follows_count: 1,
            media_count: self.posts.len() as u64,
        })
    }
    async fn posts(&self, _token: &AccessToken) -> Result<Vec<Post>, SourceError> {
        self.travel().await?;
        Ok(self.posts.clone())
    }
    async fn posts_since(
        &self,
        _token: &AccessToken,
        since: DateTime<Utc>,
    ) -> Result<Vec<Post>, SourceError> {
        self.travel().await?;
        Ok(self
            .posts
            .iter()
            .filter(|post| post.published_at >= since)
            .cloned()
            .collect())
    }
    async fn post_insights(
        &self,
        _token: &AccessToken,
        post: &Post,
    ) -> Result<PostMetrics, SourceError> {
        if self.hang.load(Ordering::SeqCst) {
            self.in_flight.fetch_add(1, Ordering::SeqCst);
            std::future::pending::<()>().await;
        }
        {
            let mut asked = self.insights_asked.lock().unwrap();
            asked.push(now().signed_duration_since(post.published_at).num_days());
            if *self.down_after_insights.lock().unwrap() == Some(asked.len()) {
                self.down.store(true, Ordering::SeqCst);
            }
        }
        self.travel().await?;
        Ok(PostMetrics {
            reach: Some(10),
            comments: Some(1),
            ..PostMetrics::default()
        })
    }
    async fn daily_insights(
        &self,
        _token: &AccessToken,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<DailyInsights>, SourceError> {
        self.travel().await?;
        Ok(first
            .iter_days()
            .take_while(|day| *day <= last)
            .map(|date| DailyInsights {
                date,
                ..DailyInsights::default()
            })
            .collect())
    }
    async fn online_followers(
        &self,
        _token: &AccessToken,
    ) -> Result<Vec<OnlineFollowers>, SourceError> {
        self.travel().await?;
        Ok(Vec::new())
    }
    async fn demographics(&self, _token: &AccessToken) -> Result<Demographics, SourceError> {
        self.travel().await?;
        Ok(Demographics::default())
    }
    async fn comments(
        &self,
        _token: &AccessToken,
        post_id: &str,
    ) -> Result<Vec<Comment>, SourceError> {
        self.comments_asked.lock().unwrap().push(post_id.into());
        self.travel().await?;
        Ok(vec![comment(post_id, "asked")])
    }
    async fn more_comments(
        &self,
        _token: &AccessToken,
        post_id: &str,
        after: &CommentsCursor,
    ) -> Result<Vec<Comment>, SourceError> {
        self.more_asked
            .lock()
            .unwrap()
            .push((post_id.into(), after.as_str().into()));
        self.travel().await?;
        // The rest, overlapping the listed page by one.
        Ok(vec![comment(post_id, "first"), comment(post_id, "more")])
    }
    fn paused_for(&self, _token: &AccessToken) -> Option<Duration> {
        *self.pause.lock().unwrap()
    }
}

fn linked_store() -> MemoryStore {
    let store = MemoryStore::new();
    let mut batch = Batch::new();
    Records::batch_account(
        &mut batch,
        &AccountRecord {
            id: account_id(),
            network: crate::account::Network::Instagram,
            user_id: ACCOUNT.into(),
            app_scoped_id: "2".into(),
            username: "slow".into(),
            name: None,
            followers_count: 10,
            follows_count: 1,
            media_count: 0,
            status: AccountStatus::Active,
            linked_at: now(),
            token_issued_at: now(),
            token_expires_at: now() + chrono::Duration::days(60),
            backfill: Backfill::Pending,
            last_sync_at: None,
            daily_sync_at: None,
            sync_not_before: None,
            granted_permissions: None,
            refresh_expires_at: None,
        },
    );
    store.apply(&batch).unwrap();
    store
}

fn policy(max_in_flight: usize) -> SyncPolicy {
    SyncPolicy {
        max_in_flight,
        ..SyncPolicy::default()
    }
}

async fn run(
    instagram: &Slow,
    store: &MemoryStore,
    control: &SyncControl,
    policy: SyncPolicy,
    on_progress: &mut (dyn FnMut(SyncProgress) + Send),
) -> Result<SyncReport, SyncError> {
    let token = AccessToken::new("IGAA-test");
    backfill(
        instagram,
        Records::new(store),
        control,
        &token,
        &account_id(),
        policy,
        now(),
        on_progress,
    )
    .await
}

/// A first sync with a bound of 4 that nobody follows.
async fn run_quietly(instagram: &Slow, store: &MemoryStore) -> Result<SyncReport, SyncError> {
    run(
        instagram,
        store,
        &SyncControl::new(),
        policy(4),
        &mut |_| {},
    )
    .await
}

fn backfill_state(store: &MemoryStore) -> Backfill {
    Records::new(store)
        .account(&account_id())
        .unwrap()
        .unwrap()
        .backfill
}

#[tokio::test]
async fn the_first_sync_reads_the_last_30_days_first_says_ready_then_fills_within_its_bound() {
    let instagram = Slow::new(120);
    let store = linked_store();
    let asked_at_ready = Arc::new(Mutex::new(None));
    let progress = Arc::new(Mutex::new(Vec::new()));
    let mut on_progress = {
        let (asked_at_ready, progress) = (asked_at_ready.clone(), progress.clone());
        let asked = &instagram.insights_asked;
        move |event: SyncProgress| {
            if matches!(event, SyncProgress::Ready { .. }) {
                *asked_at_ready.lock().unwrap() = Some(asked.lock().unwrap().len());
            }
            progress.lock().unwrap().push(event);
        }
    };
    let report = run(
        &instagram,
        &store,
        &SyncControl::new(),
        policy(4),
        &mut on_progress,
    )
    .await
    .unwrap();

    let most = instagram.most_in_flight.load(Ordering::SeqCst);
    assert!(most <= 4, "{most} calls in flight, the bound is 4");
    assert!(most >= 3, "calls ran one at a time ({most} at most)");

    // Before "Ready": exactly the 30 posts of the last 30 days; after it, the 90 older ones,
    // newest first (at most 4 started out of order).
    let asked = instagram.asked();
    let at_ready = asked_at_ready.lock().unwrap().expect("Ready was reported");
    assert_eq!(at_ready, 30, "{asked:?}");
    assert!(asked[..at_ready].iter().all(|age| *age <= 30), "{asked:?}");
    let older = &asked[at_ready..];
    assert_eq!(older.len(), 90);
    for (index, age) in older.iter().enumerate() {
        assert!(
            age.abs_diff(31 + index as i64) < 4,
            "older posts are read newest first: {older:?}"
        );
    }
    let progress = progress.lock().unwrap().clone();
    let ready = progress
        .iter()
        .position(|event| matches!(event, SyncProgress::Ready { older: 90, .. }))
        .expect("Ready names the 90 older posts");
    assert!(progress[..ready].iter().any(|event| matches!(
        event,
        SyncProgress::Recent {
            done: 30,
            total: 30
        }
    )));
    assert!(progress[ready..].iter().any(|event| matches!(
        event,
        SyncProgress::Older {
            done: 90,
            total: 90
        }
    )));
    assert!(matches!(
        progress.last(),
        Some(SyncProgress::Synced { report: done }) if *done == report
    ));
    assert_eq!(report.posts, 120);
    assert_eq!(report.insights_read, 120);
    // Comments within 90 days, one each.
    assert_eq!(report.comments, 90);
    assert!(matches!(backfill_state(&store), Backfill::Done { .. }));
}

#[tokio::test]
async fn with_a_bound_of_one_the_first_sync_makes_one_call_at_a_time() {
    let instagram = Slow::new(40);
    let store = linked_store();
    run(
        &instagram,
        &store,
        &SyncControl::new(),
        policy(1),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(instagram.most_in_flight.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_pause_for_the_rate_limit_is_reported() {
    let instagram = Slow::new(5);
    *instagram.pause.lock().unwrap() = Some(Duration::from_secs(60));
    let store = linked_store();
    let mut waits = Vec::new();
    run(
        &instagram,
        &store,
        &SyncControl::new(),
        policy(4),
        &mut |event| {
            if let SyncProgress::Waiting { seconds } = event {
                waits.push(seconds);
            }
        },
    )
    .await
    .unwrap();
    assert!(!waits.is_empty() && waits.iter().all(|seconds| *seconds == 60));
}

#[tokio::test]
async fn an_outage_stops_the_sync_and_the_next_run_reads_only_what_is_left() {
    let instagram = Slow::new(120);
    // Down in the middle of the older posts.
    *instagram.down_after_insights.lock().unwrap() = Some(70);
    let store = linked_store();
    let outcome = run_quietly(&instagram, &store).await;
    assert!(
        matches!(outcome, Err(SyncError::NotAnswering(5))),
        "{outcome:?}"
    );
    // It stopped: five failures in a row, and at most the calls already in flight besides.
    let asked_while_down = instagram.asked().len() - 70;
    assert!(
        asked_while_down <= 5 + 3,
        "{asked_while_down} calls while down"
    );
    assert!(
        matches!(backfill_state(&store), Backfill::Filling { .. }),
        "it was ready before the outage and stays so: {:?}",
        backfill_state(&store)
    );
    let records = Records::new(&store);
    let unread = records
        .posts(&account_id())
        .unwrap()
        .iter()
        .filter(|post| post.metrics_updated_at.is_none())
        .count();
    assert!(unread >= 50, "{unread} posts unread");

    // Instagram is back: the next run reads the unread posts only, without listing again.
    instagram.down.store(false, Ordering::SeqCst);
    *instagram.down_after_insights.lock().unwrap() = None;
    instagram.insights_asked.lock().unwrap().clear();
    instagram.calls.store(0, Ordering::SeqCst);
    let report = run_quietly(&instagram, &store).await.unwrap();
    assert_eq!(instagram.asked().len(), unread);
    assert_eq!(report.insights_read, unread);
    assert!(matches!(backfill_state(&store), Backfill::Done { .. }));
    let everything_read = records
        .posts(&account_id())
        .unwrap()
        .iter()
        .all(|post| post.metrics_updated_at.is_some());
    assert!(everything_read);
}

#[tokio::test]
async fn an_outage_before_ready_is_resumed_too() {
    let instagram = Slow::new(60);
    instagram.down.store(true, Ordering::SeqCst);
    let store = linked_store();
    let outcome = run_quietly(&instagram, &store).await;
    // The first call to fail for good ends the sync: nothing before "Ready" can be skipped.
    assert!(
        matches!(
            outcome,
            Err(SyncError::Instagram(SourceError::Transient { .. }) | SyncError::NotAnswering(_))
        ),
        "{outcome:?}"
    );
    assert!(instagram.calls.load(Ordering::SeqCst) <= 5 + 3);
    instagram.down.store(false, Ordering::SeqCst);
    run_quietly(&instagram, &store).await.unwrap();
    assert!(matches!(backfill_state(&store), Backfill::Done { .. }));
}

#[tokio::test]
async fn a_cancel_drops_every_call_in_flight_and_writes_nothing_more() {
    let instagram = Slow::new(60);
    instagram.hang.store(true, Ordering::SeqCst);
    let store = linked_store();
    let control = SyncControl::new();
    let mut quiet = |_| {};
    let sync = run(&instagram, &store, &control, policy(4), &mut quiet);
    let cancel = async {
        while instagram.in_flight.load(Ordering::SeqCst) < 2 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        control.cancel();
    };
    let (outcome, ()) = tokio::time::timeout(Duration::from_secs(10), async {
        tokio::join!(sync, cancel)
    })
    .await
    .expect("the cancel ends the sync with its calls still hanging");
    assert!(matches!(outcome, Err(SyncError::Cancelled)), "{outcome:?}");
    let records = Records::new(&store);
    assert!(records
        .posts(&account_id())
        .unwrap()
        .iter()
        .all(|post| post.metrics_updated_at.is_none() && post.kind == KindRecord::Image));
    assert!(matches!(backfill_state(&store), Backfill::Pending));
}

#[tokio::test]
async fn comments_the_list_carried_are_stored_without_a_call_and_only_the_rest_is_asked() {
    let mut instagram = Slow::new(6);
    for post in &mut instagram.posts {
        post.comments_count = Some(2);
        post.listed_comments = match post.id.as_str() {
            // The list carried every comment (p1 a recent post, p2 too; the fill is the same).
            "p1" | "p2" => Some(ListedComments {
                comments: vec![comment(&post.id, "listed"), comment(&post.id, "listed2")],
                more: None,
            }),
            // Only the first page, and where the rest continues.
            "p3" => Some(ListedComments {
                comments: vec![comment(&post.id, "first")],
                more: Some(CommentsCursor::new("after-the-first-page")),
            }),
            // An API that ignores the expansion: nothing carried.
            _ => None,
        };
    }
    let store = linked_store();
    run_quietly(&instagram, &store).await.unwrap();

    let mut asked = instagram.comments_asked.lock().unwrap().clone();
    asked.sort();
    assert_eq!(
        asked,
        ["p4", "p5", "p6"],
        "no call for the posts whose comments came listed"
    );
    assert_eq!(
        *instagram.more_asked.lock().unwrap(),
        [("p3".to_owned(), "after-the-first-page".to_owned())]
    );
    let records = Records::new(&store);
    let mut stored: Vec<String> = records
        .comments(&account_id())
        .unwrap()
        .into_iter()
        .map(|comment| comment.id)
        .collect();
    stored.sort();
    assert_eq!(
        stored,
        [
            "c-asked-p4",
            "c-asked-p5",
            "c-asked-p6",
            "c-first-p3",
            "c-listed-p1",
            "c-listed-p2",
            "c-listed2-p1",
            "c-listed2-p2",
            "c-more-p3",
        ]
    );
    // Each post's comments count as read: a scheduled sync does not ask them again.
    assert!(records
        .posts(&account_id())
        .unwrap()
        .iter()
        .all(|post| post.comments_read.is_some() && !post.comments_due()));
}
