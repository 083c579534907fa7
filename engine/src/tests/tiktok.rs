//! TikTok accounts through the [`Pulse`] facade, with an in-memory TikTok that rotates
//! refresh tokens as TikTok's documentation says (the one sent stops working once a new one
//! is issued): linking, the first sync, the day's gains from two readings, what TikTok
//! cannot answer, a crash right after a refresh, a refused refresh, revoking on `/forget`
//! and `/disconnect`, and the export. Figures are worked out by hand from the fake's data.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};

use super::{message, FakeInstagram};
use crate::account::Network;
use crate::instagram::{AccessToken, SourceError};
use crate::ports::{Ports, TikTokPorts};
use crate::pulse::{LinkOutcome, Pulse, Settings, SyncOutcome};
use crate::records::{AccountStatus, Records};
use crate::store::{MemoryStore, SealedStore, Store, Tree};
use crate::sync::SyncPolicy;
use crate::tiktok::*;
use crate::vault::{MasterKey, Vault};

fn day(d: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, hour, 0, 0).unwrap()
}

/// The fake's video `n` (1 = newest), published `n` days before 23 Nov, with counts that
/// grow by `n` views, and 1 like, per day after the 23rd.
fn video(n: u64, days_after_23: u64) -> TikTokVideo {
    TikTokVideo {
        id: format!("70776424578479944{n:02}"),
        title: Some(format!("video {n} #shop")),
        description: None,
        created_at: day(23, 8) - Duration::days(n as i64),
        duration_seconds: Some(15),
        share_url: Some(format!("https://www.tiktok.com/@shop.tt/video/{n}")),
        views: Some(1_000 * n + n * days_after_23),
        likes: Some(100 + n + days_after_23),
        comments: Some(n),
        shares: Some(2 * n),
    }
}

#[derive(Default)]
struct State {
    issued: u32,
    access: HashSet<String>,
    refresh: Option<String>,
    revoked: Vec<String>,
    /// The next revocations fail as temporary.
    revoke_failures: u32,
    /// A refresh is refused (`invalid_grant`).
    refuse_refresh: bool,
    /// Days after the 23rd the counts are at.
    days_after: u64,
    videos: u64,
    scopes: Vec<String>,
    /// Every access token a data call was made with.
    used: Vec<String>,
}

#[derive(Default)]
struct FakeTikTok {
    state: Mutex<State>,
}

impl FakeTikTok {
    fn new(videos: u64) -> Arc<Self> {
        let fake = FakeTikTok::default();
        {
            let mut state = fake.state.lock().unwrap();
            state.videos = videos;
            state.scopes = [
                "user.info.basic",
                "user.info.profile",
                "user.info.stats",
                "video.list",
            ]
            .map(String::from)
            .to_vec();
        }
        Arc::new(fake)
    }

    fn issue(state: &mut State) -> TikTokTokens {
        state.issued += 1;
        let access = format!("act.{}", state.issued);
        let refresh = format!("rft.{}", state.issued);
        state.access.insert(access.clone());
        state.refresh = Some(refresh.clone());
        TikTokTokens {
            access: AccessToken::new(access),
            expires_in: std::time::Duration::from_secs(7_200),
            refresh: RefreshToken::new(refresh),
            refresh_expires_in: std::time::Duration::from_secs(180 * 86_400),
            open_id: "open-1".into(),
            scopes: state.scopes.clone(),
        }
    }

    fn check(&self, token: &AccessToken) -> Result<std::sync::MutexGuard<'_, State>, SourceError> {
        let mut state = self.state.lock().unwrap();
        state.used.push(token.expose().to_owned());
        if state.access.contains(token.expose()) {
            Ok(state)
        } else {
            Err(SourceError::Reauth { code: 0 })
        }
    }
}

#[async_trait]
impl TikTokLogin for FakeTikTok {
    fn authorize_url(&self, state: &str) -> String {
        format!("https://tiktok.test/v2/auth/authorize/?client_key=k&state={state}")
    }

    async fn exchange_code(&self, code: &str) -> Result<TikTokTokens, SourceError> {
        if code != "good-code" {
            return Err(SourceError::BadAuthorizationCode {
                message: "invalid_grant".into(),
            });
        }
        Ok(Self::issue(&mut self.state.lock().unwrap()))
    }

    async fn refresh(&self, refresh: &RefreshToken) -> Result<TikTokTokens, SourceError> {
        let mut state = self.state.lock().unwrap();
        if state.refuse_refresh || state.refresh.as_deref() != Some(refresh.expose()) {
            return Err(SourceError::Reauth { code: 0 });
        }
        Ok(Self::issue(&mut state))
    }

    async fn revoke(&self, token: &AccessToken) -> Result<(), SourceError> {
        let mut state = self.state.lock().unwrap();
        if state.revoke_failures > 0 {
            state.revoke_failures -= 1;
            return Err(SourceError::Transient {
                reason: "HTTP 503".into(),
            });
        }
        if !state.access.contains(token.expose()) {
            return Err(SourceError::Reauth { code: 0 });
        }
        state.revoked.push(token.expose().to_owned());
        state.access.clear();
        state.refresh = None;
        Ok(())
    }
}

#[async_trait]
impl TikTok for FakeTikTok {
    async fn profile(
        &self,
        token: &AccessToken,
        granted: &[String],
    ) -> Result<TikTokProfile, SourceError> {
        let state = self.check(token)?;
        let stats = granted.iter().any(|s| s == "user.info.stats");
        Ok(TikTokProfile {
            open_id: "open-1".into(),
            display_name: Some("Shop on TikTok".into()),
            username: Some("shop.tt".into()),
            follower_count: stats.then_some(1_200 + 10 * state.days_after),
            following_count: stats.then_some(5),
            likes_count: None,
            video_count: stats.then_some(state.videos),
        })
    }

    async fn videos(
        &self,
        token: &AccessToken,
        cursor: Option<i64>,
    ) -> Result<VideoPage, SourceError> {
        let state = self.check(token)?;
        let first = cursor.map_or(1, |c| c as u64);
        let last = (first + 19).min(state.videos);
        Ok(VideoPage {
            videos: (first..=last).map(|n| video(n, state.days_after)).collect(),
            next: (last < state.videos).then_some(last as i64 + 1),
        })
    }

    async fn query_videos(
        &self,
        token: &AccessToken,
        ids: &[String],
    ) -> Result<Vec<TikTokVideo>, SourceError> {
        let state = self.check(token)?;
        Ok((1..=state.videos)
            .map(|n| video(n, state.days_after))
            .filter(|v| ids.contains(&v.id))
            .collect())
    }
}

struct TikTokSetup {
    pulse: Pulse,
    store: Arc<SealedStore>,
    raw: Arc<MemoryStore>,
    keys: Arc<crate::data_keys::DataKeys>,
    vault: Vault,
    tiktok: Arc<FakeTikTok>,
}

fn pulse_over(store: Arc<SealedStore>, vault: Vault, tiktok: &Arc<FakeTikTok>) -> Pulse {
    let ports = Ports::instagram(Arc::new(FakeInstagram::new())).with_tiktok(TikTokPorts {
        login: tiktok.clone(),
        data: tiktok.clone(),
    });
    Pulse::new(
        store,
        vault,
        ports,
        Settings {
            public_url: "http://pulse.test".into(),
            default_timezone: chrono_tz::UTC,
            sync: SyncPolicy::default(),
            uses_language_model: false,
            comment_retention_days: Some(365),
            default_digest_time: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            alert_min_interval: chrono::Duration::seconds(60),
            webhooks_configured: false,
        },
    )
}

fn setup(videos: u64) -> TikTokSetup {
    let raw = Arc::new(MemoryStore::new());
    let keys = Arc::new(
        crate::data_keys::DataKeys::open(
            Vault::new(MasterKey::generate(), Vec::new()),
            Arc::new(crate::data_keys::MemoryKeyring::default()),
        )
        .unwrap(),
    );
    let store = Arc::new(SealedStore::new(raw.clone(), keys.clone()));
    let vault = Vault::new(MasterKey::generate(), Vec::new());
    let tiktok = FakeTikTok::new(videos);
    TikTokSetup {
        pulse: pulse_over(store.clone(), vault.clone(), &tiktok),
        store,
        raw,
        keys,
        vault,
        tiktok,
    }
}

async fn say(pulse: &Pulse, chat: &str, text: &str, now: DateTime<Utc>) -> String {
    pulse
        .handle(&message(chat, text), now)
        .await
        .unwrap()
        .to_plain_text()
}

/// `/connect tiktok`, the callback, the first sync on the 23rd at noon.
async fn link(setup: &TikTokSetup, chat: &str) -> crate::account::AccountId {
    let now = day(23, 12);
    let reply = say(&setup.pulse, chat, "/connect tiktok", now).await;
    assert!(reply.contains("connect a TikTok account"), "{reply}");
    let token = reply
        .split("http://pulse.test/connect/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a link")
        .to_owned();
    let page = setup.pulse.link_page(&token, now).unwrap().unwrap();
    assert_eq!(page.network, Network::TikTok);
    assert!(page
        .authorize_url
        .starts_with("https://tiktok.test/v2/auth/authorize/"));
    let LinkOutcome::Linked(linked) = setup
        .pulse
        .complete_link(&token, "good-code", now)
        .await
        .unwrap()
    else {
        panic!("not linked")
    };
    assert_eq!(
        Pulse::linked_reply(&linked)
            .to_plain_text()
            .lines()
            .next()
            .unwrap(),
        "Linked TikTok @shop.tt (1,200 followers). Syncing your videos…"
    );
    let outcome = setup
        .pulse
        .backfill(&linked.account_id, now, &mut |_| {})
        .await
        .unwrap();
    let videos = setup.tiktok.state.lock().unwrap().videos as usize;
    assert!(
        matches!(outcome, SyncOutcome::Synced { first_sync: true, ref report } if report.posts == videos),
        "{outcome:?}"
    );
    linked.account_id
}

#[tokio::test]
async fn a_tiktok_account_links_syncs_and_answers_from_its_videos() {
    let setup = setup(25);
    let id = link(&setup, "a").await;
    let records = Records::new(setup.store.as_ref());
    // 25 videos over two pages, each a post with TikTok's four counts and nothing else.
    let posts = records.posts(&id).unwrap();
    assert_eq!(posts.len(), 25);
    let newest = posts.iter().find(|p| p.id.ends_with("01")).unwrap();
    assert_eq!(
        (
            newest.metrics.views,
            newest.metrics.likes,
            newest.metrics.reach,
            newest.metrics.saves
        ),
        (Some(1_000), Some(101), None, None)
    );
    // The week to the 23rd holds videos 1–6 (published the 22nd … the 17th); the most viewed
    // is video 6 (6,000 views).
    let top = say(&setup.pulse, "a", "/top views 7d 1", day(23, 13)).await;
    assert!(top.contains("video 6"), "{top}");
    assert!(top.contains("6,000"), "{top}");
    for (asked, lacking) in [
        ("/top saves", "saves"),
        ("/top reach 7d", "reach"),
        ("/ask which tiktok got the most saves this month", "saves"),
        ("/fans", "comments or who wrote them"),
        ("/leads", "comments or who wrote them"),
    ] {
        let answer = say(&setup.pulse, "a", asked, day(23, 13)).await;
        assert!(answer.starts_with("TikTok does not"), "{asked}: {answer}");
        assert!(answer.contains(lacking), "{asked}: {answer}");
        assert!(!answer.contains(" 0 "), "{asked}: {answer}");
    }
    // What Pulse does on Instagram is said to be Instagram's, with the way to link one.
    for asked in ["/comments", "/alerts on", "/post"] {
        let answer = say(&setup.pulse, "a", asked, day(23, 13)).await;
        assert!(
            answer.starts_with("@shop.tt is a TikTok account"),
            "{asked}: {answer}"
        );
        assert!(answer.contains("/connect"), "{asked}: {answer}");
    }
    let accounts = say(&setup.pulse, "a", "/accounts", day(23, 13)).await;
    assert!(
        accounts.contains("@shop.tt (TikTok) (in use) · 1,200 followers"),
        "{accounts}"
    );
}

#[tokio::test]
async fn the_next_days_reading_gives_the_days_gains_and_a_missed_day_stays_missing() {
    let setup = setup(25);
    let id = link(&setup, "a").await;
    let records = Records::new(setup.store.as_ref());
    assert!(
        records.daily(&id).unwrap().is_empty(),
        "one reading, no gains yet"
    );
    // The 24th: every video gained n views and 1 like; followers +10.
    setup.tiktok.state.lock().unwrap().days_after = 1;
    let outcome = setup.pulse.sync_account(&id, day(24, 9)).await.unwrap();
    assert!(matches!(outcome, SyncOutcome::Synced { .. }), "{outcome:?}");
    let days = records.daily(&id).unwrap();
    assert_eq!(days.len(), 1);
    let gained = &days[0];
    // Σ n for n = 1..=25 is 325 views; 25 likes; no new comments or shares.
    assert_eq!(gained.date, day(24, 0).date_naive());
    assert_eq!(
        (
            gained.views,
            gained.likes,
            gained.comments,
            gained.shares,
            gained.reach,
            gained.saves
        ),
        (Some(325), Some(25), Some(0), Some(0), None, None)
    );
    assert_eq!(gained.follower_count, Some(10));
    let views = say(
        &setup.pulse,
        "a",
        "/ask how many views did I get today",
        day(24, 10),
    )
    .await;
    assert!(views.contains("325"), "{views}");
    // No sync on the 25th; the 26th's reading is two days after the last: no per-day gains.
    setup.tiktok.state.lock().unwrap().days_after = 3;
    setup.pulse.sync_account(&id, day(26, 9)).await.unwrap();
    let dates: Vec<_> = records.daily(&id).unwrap().iter().map(|d| d.date).collect();
    assert_eq!(dates, vec![day(24, 0).date_naive()]);
    assert_eq!(records.video_days(&id).unwrap().len(), 3);
}

#[tokio::test]
async fn a_crash_right_after_a_refresh_loses_nothing_the_new_pair_was_saved_before_use() {
    let setup = setup(25);
    let id = link(&setup, "a").await;
    // Two hours on, the access token is at its end: the next sync refreshes first.
    setup.tiktok.state.lock().unwrap().days_after = 1;
    let outcome = setup.pulse.sync_account(&id, day(24, 9)).await.unwrap();
    assert!(matches!(outcome, SyncOutcome::Synced { .. }), "{outcome:?}");
    {
        let state = setup.tiktok.state.lock().unwrap();
        assert_eq!(state.issued, 2, "one refresh");
        // Every data call after the refresh used the new token: none used act.1 after it.
        let after = state
            .used
            .iter()
            .skip_while(|t| *t == "act.1")
            .collect::<Vec<_>>();
        assert!(
            !after.is_empty() && after.iter().all(|t| *t == "act.2"),
            "{:?}",
            state.used
        );
    }
    // One value holds the pair: the store never has a new access token beside an old
    // refresh token.
    assert_eq!(setup.raw.scan_prefix(Tree::Tokens, &[]).unwrap().len(), 1);
    // "Crash": this Pulse is gone. A new one over the same store and keys finds the new
    // pair, and two hours later refreshes with rft.2 (rft.1 is dead at TikTok).
    let restarted_store = Arc::new(SealedStore::new(setup.raw.clone(), setup.keys.clone()));
    let restarted = pulse_over(restarted_store.clone(), setup.vault.clone(), &setup.tiktok);
    let outcome = restarted.sync_account(&id, day(24, 12)).await.unwrap();
    assert!(
        matches!(
            outcome,
            SyncOutcome::Synced { .. } | SyncOutcome::NothingDue
        ),
        "{outcome:?}"
    );
    assert_eq!(
        setup.tiktok.state.lock().unwrap().issued,
        3,
        "refreshed with rft.2"
    );
    let account = Records::new(restarted_store.as_ref())
        .account(&id)
        .unwrap()
        .unwrap();
    assert_eq!(account.status, AccountStatus::Active);
    assert_eq!(account.token_expires_at, day(24, 14));
}

#[tokio::test]
async fn a_refused_refresh_marks_the_account_and_tells_its_chats_once() {
    let setup = setup(3);
    let id = link(&setup, "a").await;
    setup.tiktok.state.lock().unwrap().refuse_refresh = true;
    let outcome = setup.pulse.sync_account(&id, day(24, 9)).await.unwrap();
    let SyncOutcome::NeedsReconnect {
        network,
        handle,
        chats,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        (network, handle.as_str(), chats.len()),
        (Network::TikTok, "shop.tt", 1)
    );
    assert_eq!(
        Pulse::needs_reconnect_reply(network, &handle).to_plain_text(),
        "TikTok no longer accepts the access for @shop.tt (it expired or was revoked), so syncing has stopped. Send /connect tiktok to link it again; your history is kept."
    );
    let again = setup.pulse.sync_account(&id, day(24, 10)).await.unwrap();
    assert_eq!(again, SyncOutcome::NothingDue);
}

#[tokio::test]
async fn forget_revokes_with_tiktok_after_the_data_is_gone_and_a_failure_is_tried_again() {
    let setup = setup(3);
    link(&setup, "a").await;
    setup.tiktok.state.lock().unwrap().revoke_failures = 1;
    let receipt = super::forget_everything_at(&setup.pulse, "a", day(23, 13)).await;
    assert!(
        receipt.contains("asking TikTok to remove its access"),
        "{receipt}"
    );
    // The data is gone before any revocation: only the sealed pair waits, under the vault.
    for tree in [
        Tree::Accounts,
        Tree::Tokens,
        Tree::Posts,
        Tree::VideoSnapshots,
    ] {
        assert_eq!(setup.raw.len(tree).unwrap(), 0, "{tree:?}");
    }
    let waiting = setup.raw.scan_prefix(Tree::Revocations, &[]).unwrap();
    assert_eq!(waiting.len(), 1);
    assert!(!String::from_utf8_lossy(&waiting[0].1).contains("act.1"));
    // TikTok fails once: kept, tried again a minute later, then done.
    assert_eq!(setup.pulse.revoke_pending(day(23, 13)).await.unwrap(), 0);
    assert_eq!(
        setup.pulse.revoke_pending(day(23, 13)).await.unwrap(),
        0,
        "not due yet"
    );
    assert_eq!(
        setup
            .pulse
            .revoke_pending(day(23, 13) + Duration::minutes(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        setup.tiktok.state.lock().unwrap().revoked,
        vec!["act.1".to_owned()]
    );
    assert_eq!(setup.raw.len(Tree::Revocations).unwrap(), 0);
}

#[tokio::test]
async fn disconnect_after_the_access_token_expired_revokes_a_fresh_one() {
    let setup = setup(3);
    link(&setup, "a").await;
    // TikTok no longer knows act.1 (expired): the revoker refreshes with rft.1, then revokes.
    setup.tiktok.state.lock().unwrap().access.clear();
    let reply = setup
        .pulse
        .handle(&message("a", "/disconnect"), day(23, 16))
        .await
        .unwrap();
    assert!(reply.wakes_revoker);
    assert!(
        reply.to_plain_text().contains("asking TikTok"),
        "{}",
        reply.to_plain_text()
    );
    assert_eq!(setup.pulse.revoke_pending(day(23, 16)).await.unwrap(), 1);
    assert_eq!(
        setup.tiktok.state.lock().unwrap().revoked,
        vec!["act.2".to_owned()]
    );
}

#[tokio::test]
async fn the_export_holds_the_tiktok_readings_and_no_token() {
    let setup = setup(3);
    link(&setup, "a").await;
    let reply = setup
        .pulse
        .handle(&message("a", "/export"), day(23, 13))
        .await
        .unwrap();
    let text = String::from_utf8(reply.attachments[0].bytes.clone()).unwrap();
    for secret in ["act.1", "rft.1"] {
        assert!(!text.contains(secret), "{secret} is in the export");
    }
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let account = &json["accounts"][0];
    assert_eq!(account["account"]["network"], "tiktok");
    assert_eq!(
        account["video_snapshots"][0]["videos"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(account["posts"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_follow_up_of_a_question_that_named_tiktok_stays_with_tiktok() {
    let setup = setup(25);
    link(&setup, "a").await;
    // Then Instagram, which becomes the account in use.
    let reply = say(&setup.pulse, "a", "/connect", day(23, 12)).await;
    let token = reply
        .split("http://pulse.test/connect/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a link")
        .to_owned();
    let LinkOutcome::Linked(instagram) = setup
        .pulse
        .complete_link(&token, "good-code", day(23, 12))
        .await
        .unwrap()
    else {
        panic!("not linked")
    };
    setup
        .pulse
        .backfill(&instagram.account_id, day(23, 12), &mut |_| {})
        .await
        .unwrap();
    let accounts = say(&setup.pulse, "a", "/accounts", day(23, 13)).await;
    assert!(
        accounts.contains("@shop (Instagram) (in use)"),
        "{accounts}"
    );
    let asked = say(
        &setup.pulse,
        "a",
        "/ask how many views did my tiktoks get this week",
        day(23, 13),
    )
    .await;
    assert!(asked.starts_with("@shop.tt"), "{asked}");
    // The follow-up leans on the question before: the TikTok account's, not the one in use.
    let follow_up = say(&setup.pulse, "a", "/ask and last week?", day(23, 13)).await;
    assert!(follow_up.starts_with("@shop.tt"), "{follow_up}");
    // What the chat keeps of it, in its export: the network too.
    let export = setup
        .pulse
        .handle(&message("a", "/export"), day(23, 13))
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.attachments[0].bytes).unwrap();
    assert_eq!(
        json["conversation"]["network"], "tiktok",
        "{}",
        json["conversation"]
    );
    // A fresh question is about the account in use again.
    let fresh = say(
        &setup.pulse,
        "a",
        "/ask how many followers do I have",
        day(23, 13),
    )
    .await;
    assert!(fresh.contains("1,012"), "{fresh}");
}
