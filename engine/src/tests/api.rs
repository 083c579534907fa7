//! The stats API's engine half, from the user's side: `/apikey` in the chat and the calls
//! the HTTP server makes (a key checked, a signed request checked, a request logged, the
//! daily purge), and `/pause` / `/resume`.

use chrono::{DateTime, Utc};
use proptest::prelude::*;

use super::*;
use crate::api_keys::{signature, ApiKeyRefusal, ApiPepper, Scope, SignatureRefusal, SignedParts};
use crate::pulse::{ApiAccessEntry, ApiCaller};
use crate::reply::Reply;

const PEPPER: &str = "a pepper of at least thirty-two characters, for tests";

/// A linked chat `a` on a Pulse with the API on.
async fn api_setup() -> Setup {
    let setup = setup();
    link(&setup, "a").await;
    with_pepper(setup)
}

fn with_pepper(setup: Setup) -> Setup {
    Setup {
        pulse: setup.pulse.with_api_pepper(ApiPepper::new(PEPPER).unwrap()),
        ..setup
    }
}

/// `text` in chat `a` at `at`: the reply.
async fn at_time(setup: &Setup, text: &str, at: DateTime<Utc>) -> Reply {
    setup.pulse.handle(&message("a", text), at).await.unwrap()
}

/// The key a `/apikey new` or `rotate` reply shows.
fn key_in(text: &str) -> String {
    text.split_whitespace()
        .find(|word| word.starts_with("pulse_") && word.len() == crate::api_keys::KEY_CHARS)
        .unwrap_or_else(|| panic!("no key in {text}"))
        .to_owned()
}

/// The signing secret a signed key's reply shows.
fn secret_in(text: &str) -> String {
    text.split_whitespace()
        .find(|word| word.starts_with("psig_"))
        .unwrap_or_else(|| panic!("no signing secret in {text}"))
        .to_owned()
}

/// `/apikey new …` at [`now`]: the key shown.
async fn mint(setup: &Setup, arguments: &str) -> String {
    let reply = at_time(setup, &format!("/apikey new {arguments}"), now()).await;
    assert!(reply.private, "a new key is shown to the asker alone");
    key_in(&reply.to_plain_text())
}

#[tokio::test]
async fn a_new_key_is_shown_once_to_the_asker_and_never_listed() {
    let setup = api_setup().await;
    let reply = at_time(&setup, "/apikey new dashboard", now()).await;
    assert!(reply.private);
    let text = reply.to_plain_text();
    let key = key_in(&text);
    assert!(
        text.contains("“dashboard”") && text.contains("stats:read"),
        "{text}"
    );
    let caller = setup.pulse.authenticate_api_key(&key, now()).unwrap();
    assert_eq!(caller.chat, ChatId::new(Platform::Console, "a"));
    assert_eq!((caller.name.as_str(), caller.signed), ("dashboard", false));
    assert_eq!(caller.scopes, vec![Scope::StatsRead]);
    // The list names it, by id, and never shows it again.
    let list = say(&setup, "a", "/apikey list").await;
    assert!(
        list.contains(&caller.key_id) && list.contains("dashboard"),
        "{list}"
    );
    assert!(
        list.contains("never used") || list.contains("last used"),
        "{list}"
    );
    assert!(!list.contains(&key[15..]), "{list}");
    assert!(!say(&setup, "a", "/apikey").await.contains(&key[15..]));
    // Two keys are two keys.
    let other = mint(&setup, "ci export:read").await;
    assert_ne!(other, key);
}

#[tokio::test]
async fn what_is_stored_never_holds_a_key_or_its_signing_secret() {
    let setup = api_setup().await;
    let plain = mint(&setup, "plain").await;
    let reply = at_time(&setup, "/apikey new signer admin signed", now()).await;
    let text = reply.to_plain_text();
    let (signed, secret) = (key_in(&text), secret_in(&text));
    let caller = setup.pulse.authenticate_api_key(&signed, now()).unwrap();
    assert!(caller.signed);
    // Used once, so its log and usage exist too.
    record(&setup, &caller.key_id, 200, now());
    let export = at_time(&setup, "/export", now()).await;
    let exported = String::from_utf8(export.attachments[0].bytes.clone()).unwrap();
    let contains = |haystack: &[u8], needle: &str| {
        haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    };
    let mut scanned = 0;
    for tree in Tree::ALL {
        for store in [setup.raw.as_ref() as &dyn Store, setup.store.as_ref()] {
            for (key, value) in store.scan_prefix(tree, &[]).unwrap() {
                scanned += 1;
                for needle in [&plain[15..47], &signed[15..47], &secret[5..]] {
                    assert!(!contains(&key, needle), "{tree:?} key");
                    assert!(!contains(&value, needle), "{tree:?} value");
                }
            }
        }
    }
    assert!(scanned > 20);
    assert_eq!(setup.raw.len(Tree::ApiKeys).unwrap(), 2);
    for needle in [&plain[15..47], &signed[15..47], &secret[5..], "\"hash\""] {
        assert!(!exported.contains(needle), "the export holds {needle}");
    }
}

/// `key` with one edit of kind `kind` at `at` (a character `c` where one goes in).
fn mutate(key: &str, kind: u8, at: usize, c: char) -> String {
    let mut chars: Vec<char> = key.chars().collect();
    let at = at % (chars.len() + 1);
    match kind % 6 {
        0 if at < chars.len() => chars[at] = c,
        0 | 1 => chars.insert(at, c),
        2 if at < chars.len() => {
            chars.remove(at);
        }
        2 | 3 => chars.truncate(at),
        4 if at + 1 < chars.len() => chars.swap(at, at + 1),
        _ => {
            let prefixes = ["Pulse_", "pulse-", "pulsf_", "ghp_", "", "pulse__", "pulse"];
            let rest: String = chars.iter().skip(6).collect();
            return format!("{}{rest}", prefixes[at % prefixes.len()]);
        }
    }
    chars.into_iter().collect()
}

#[tokio::test]
async fn a_thousand_mutated_keys_are_refused_and_none_panics() {
    let setup = api_setup().await;
    let key = mint(&setup, "target").await;
    assert!(setup.pulse.authenticate_api_key(&key, now()).is_ok());
    // Every position: each character changed (case, digit, letter), deleted, doubled.
    let mut mutants: Vec<String> = Vec::new();
    for at in 0..key.len() {
        for c in ['0', 'a', 'Z', '_'] {
            mutants.push(mutate(&key, 0, at, c));
        }
        mutants.push(mutate(&key, 2, at, 'x'));
        mutants.push(mutate(&key, 1, at, 'k'));
        mutants.push(mutate(&key, 3, at, 'x'));
        mutants.push(mutate(&key, 4, at, 'x'));
    }
    // And a thousand random edits, one to three at a time.
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 1_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let edits = proptest::collection::vec((0u8..6, 0usize..60, any::<char>()), 1..=3);
    let random = std::cell::RefCell::new(Vec::new());
    runner
        .run(&edits, |edits| {
            let mut mutant = key.clone();
            for (kind, at, c) in edits {
                mutant = mutate(&mutant, kind, at, c);
            }
            random.borrow_mut().push(mutant);
            Ok(())
        })
        .unwrap();
    mutants.extend(random.into_inner());
    mutants.retain(|mutant| mutant.trim() != key);
    assert!(mutants.len() >= 1_000, "{}", mutants.len());
    for mutant in &mutants {
        let refused = setup.pulse.authenticate_api_key(mutant, now());
        assert!(
            matches!(
                refused,
                Err(ApiKeyRefusal::Malformed | ApiKeyRefusal::Unknown)
            ),
            "{mutant:?} gave {refused:?}"
        );
    }
    // A well-formed key with a good checksum that Pulse never made is unknown.
    let made_up = crate::api_keys::PresentedKey::generate();
    assert_eq!(
        setup.pulse.authenticate_api_key(made_up.expose(), now()),
        Err(ApiKeyRefusal::Unknown)
    );
    // So is a real key checked with another pepper (a copied database).
    let elsewhere = Pulse::new(
        setup.store.clone(),
        Vault::new(MasterKey::generate(), Vec::new()),
        crate::ports::Ports::instagram(setup.instagram.clone()),
        setup.pulse.settings().clone(),
    )
    .with_api_pepper(ApiPepper::new(&PEPPER.replace('a', "b")).unwrap());
    assert_eq!(
        elsewhere.authenticate_api_key(&key, now()),
        Err(ApiKeyRefusal::Unknown)
    );
}

#[tokio::test]
async fn revoked_and_expired_keys_are_refused() {
    let setup = api_setup().await;
    let lasting = mint(&setup, "month 30d").await;
    let day = chrono::Duration::days(1);
    assert!(setup
        .pulse
        .authenticate_api_key(&lasting, now() + day * 29)
        .is_ok());
    assert_eq!(
        setup.pulse.authenticate_api_key(&lasting, now() + day * 30),
        Err(ApiKeyRefusal::Expired)
    );
    let revoked = mint(&setup, "soon-gone").await;
    let id = &revoked[6..14];
    let reply = say(&setup, "a", &format!("/apikey revoke {id}")).await;
    assert!(reply.contains("Revoked the key"), "{reply}");
    assert_eq!(
        setup.pulse.authenticate_api_key(&revoked, now()),
        Err(ApiKeyRefusal::Revoked)
    );
    assert!(say(&setup, "a", "/apikey list").await.contains("revoked"));
    // Each refusal is a plain sentence.
    for refusal in [
        ApiKeyRefusal::Malformed,
        ApiKeyRefusal::Unknown,
        ApiKeyRefusal::Revoked,
        ApiKeyRefusal::Expired,
    ] {
        assert!(refusal.to_string().ends_with('.'));
    }
}

#[tokio::test]
async fn a_rotated_key_works_beside_the_new_one_for_the_overlap_then_expires() {
    let setup = api_setup().await;
    let old = mint(&setup, "feed export:read signed").await;
    let reply = at_time(&setup, &format!("/apikey rotate {}", &old[6..14]), now()).await;
    assert!(reply.private);
    let text = reply.to_plain_text();
    let new = key_in(&text);
    assert!(
        text.contains("keeps working until 2026-11-30 12:00 UTC"),
        "{text}"
    );
    secret_in(&text);
    let new_caller = setup.pulse.authenticate_api_key(&new, now()).unwrap();
    assert_eq!(new_caller.name, "feed");
    assert_eq!(new_caller.scopes, vec![Scope::ExportRead]);
    assert!(new_caller.signed);
    let days = |n: i64| now() + chrono::Duration::days(n);
    assert!(setup.pulse.authenticate_api_key(&old, days(6)).is_ok());
    assert!(setup.pulse.authenticate_api_key(&new, days(6)).is_ok());
    assert_eq!(
        setup.pulse.authenticate_api_key(&old, days(7)),
        Err(ApiKeyRefusal::Expired)
    );
    assert!(setup.pulse.authenticate_api_key(&new, days(8)).is_ok());
    // A shorter overlap when asked; a key rotated away cannot be rotated again.
    let reply = say(&setup, "a", &format!("/apikey rotate {} 0d", &new[6..14])).await;
    assert_eq!(
        setup.pulse.authenticate_api_key(&new, now()),
        Err(ApiKeyRefusal::Expired),
        "{reply}"
    );
    let again = say(&setup, "a", &format!("/apikey rotate {}", &new[6..14])).await;
    assert!(again.contains("no API key"), "{again}");
}

#[tokio::test]
async fn a_key_allows_what_its_scopes_allow() {
    let setup = api_setup().await;
    let caller = |key: &str| setup.pulse.authenticate_api_key(key, now()).unwrap();
    let stats = caller(&mint(&setup, "stats").await);
    assert!(stats.allows(Scope::StatsRead));
    assert!(!stats.allows(Scope::ExportRead) && !stats.allows(Scope::Admin));
    let export = caller(&mint(&setup, "export export:read").await);
    assert!(export.allows(Scope::ExportRead) && !export.allows(Scope::StatsRead));
    let admin = caller(&mint(&setup, "root admin").await);
    assert!(Scope::ALL.into_iter().all(|scope| admin.allows(scope)));
}

/// A signed key's caller and signing secret.
async fn signed_key(setup: &Setup) -> (ApiCaller, String) {
    let text = at_time(setup, "/apikey new signer signed", now())
        .await
        .to_plain_text();
    let caller = setup
        .pulse
        .authenticate_api_key(&key_in(&text), now())
        .unwrap();
    (caller, secret_in(&text))
}

#[tokio::test]
async fn a_signed_request_is_checked_part_by_part_and_only_once() {
    let setup = api_setup().await;
    let (caller, secret) = signed_key(&setup).await;
    let stamp = now().timestamp().to_string();
    let base = SignedParts {
        method: "GET",
        path: "/api/v1/accounts/shop/posts",
        query: "to=2026-11-23&from=2026-11-01",
        timestamp: Some(&stamp),
        signature: None,
        body: b"",
    };
    let signed = signature(&secret, &base, &stamp);
    let request = SignedParts {
        signature: Some(&signed),
        ..base
    };
    // The query's order does not matter; everything else does.
    let reordered = SignedParts {
        query: "from=2026-11-01&to=2026-11-23",
        ..request
    };
    assert_eq!(
        setup.pulse.verify_api_signature(&caller, &reordered, now()),
        Ok(())
    );
    let later = (now() + chrono::Duration::seconds(1))
        .timestamp()
        .to_string();
    let changed = [
        SignedParts {
            method: "POST",
            ..request
        },
        SignedParts {
            path: "/api/v1/accounts/other/posts",
            ..request
        },
        SignedParts {
            query: "to=2026-11-24&from=2026-11-01",
            ..request
        },
        SignedParts {
            timestamp: Some(&later),
            ..request
        },
        SignedParts {
            body: b"{}",
            ..request
        },
    ];
    for forged in &changed {
        assert_eq!(
            setup.pulse.verify_api_signature(&caller, forged, now()),
            Err(SignatureRefusal::Mismatch),
            "{forged:?}"
        );
    }
    // The same signed request again: a replay.
    assert_eq!(
        setup.pulse.verify_api_signature(&caller, &request, now()),
        Err(SignatureRefusal::Replayed)
    );
    // 301 s off either way is refused; 299 s is taken.
    for (offset, expected) in [
        (301, Err(SignatureRefusal::OutsideWindow)),
        (-301, Err(SignatureRefusal::OutsideWindow)),
        (299, Ok(())),
    ] {
        let stamp = (now() + chrono::Duration::seconds(offset))
            .timestamp()
            .to_string();
        let parts = SignedParts {
            timestamp: Some(&stamp),
            ..base
        };
        let signed = signature(&secret, &parts, &stamp);
        let parts = SignedParts {
            signature: Some(&signed),
            ..parts
        };
        assert_eq!(
            setup.pulse.verify_api_signature(&caller, &parts, now()),
            expected,
            "{offset}"
        );
    }
    // Without the headers, or with a timestamp that is no number: refused.
    let bare = SignedParts {
        timestamp: None,
        signature: None,
        ..base
    };
    assert_eq!(
        setup.pulse.verify_api_signature(&caller, &bare, now()),
        Err(SignatureRefusal::Missing)
    );
    let words = SignedParts {
        timestamp: Some("yesterday"),
        signature: Some(&signed),
        ..base
    };
    assert_eq!(
        setup.pulse.verify_api_signature(&caller, &words, now()),
        Err(SignatureRefusal::BadTimestamp)
    );
    // Another key's secret signs nothing for this key.
    let (_, other_secret) = signed_key(&setup).await;
    let stamp = now().timestamp().to_string();
    let foreign = signature(&other_secret, &base, &stamp);
    let parts = SignedParts {
        signature: Some(&foreign),
        ..base
    };
    assert_eq!(
        setup.pulse.verify_api_signature(&caller, &parts, now()),
        Err(SignatureRefusal::Mismatch)
    );
    // A key that does not sign has nothing to check.
    let unsigned = setup
        .pulse
        .authenticate_api_key(&mint(&setup, "plain").await, now())
        .unwrap();
    assert_eq!(
        setup.pulse.verify_api_signature(&unsigned, &bare, now()),
        Ok(())
    );
}

/// Records a request with key `key_id` at `at`, from 203.0.113.77.
fn record(setup: &Setup, key_id: &str, status: u16, at: DateTime<Utc>) {
    setup
        .pulse
        .record_api_request(&ApiAccessEntry {
            key_id: key_id.to_owned(),
            method: "GET".into(),
            route: "/api/v1/accounts/{account}/posts?token=leak".into(),
            status,
            latency_ms: 12,
            bytes: 2048,
            ip: Some("203.0.113.77".parse().unwrap()),
            at,
        })
        .unwrap();
}

#[tokio::test]
async fn requests_are_logged_without_addresses_counted_per_day_and_purged_on_time() {
    let setup = api_setup().await;
    let key = mint(&setup, "dash").await;
    let id = setup
        .pulse
        .authenticate_api_key(&key, now())
        .unwrap()
        .key_id;
    let days_ago = |n: i64| now() - chrono::Duration::days(n);
    record(&setup, &id, 200, days_ago(31));
    record(&setup, &id, 200, days_ago(29));
    record(&setup, &id, 404, now());
    record(&setup, &id, 503, now());
    let records = Records::new(setup.store.as_ref());
    let log = records.api_access_log(&id).unwrap();
    assert_eq!(log.len(), 4);
    for (_, entry) in &log {
        assert_eq!(entry.network.as_deref(), Some("203.0.113.0/24"));
        assert_eq!(entry.route, "/api/v1/accounts/{account}/posts");
    }
    let raw: Vec<u8> = setup
        .raw
        .scan_prefix(Tree::ApiAccessLog, &[])
        .unwrap()
        .into_iter()
        .flat_map(|(k, v)| k.into_iter().chain(v))
        .collect();
    for absent in ["203.0.113.77", "token=leak", &key] {
        assert!(
            !raw.windows(absent.len()).any(|w| w == absent.as_bytes()),
            "{absent}"
        );
    }
    let today = records.api_usage(&id).unwrap().pop().unwrap().1;
    assert_eq!(
        (
            today.requests,
            today.success,
            today.client_errors,
            today.server_errors,
            today.bytes
        ),
        (2, 0, 1, 1, 4096)
    );
    // `/apikey log` shows them, newest first, without the key.
    let shown = say(&setup, "a", &format!("/apikey log {id}")).await;
    assert!(
        shown.contains("/api/v1/accounts/{account}/posts → 503"),
        "{shown}"
    );
    assert!(
        shown.contains("203.0.113.0/24") && !shown.contains(&key),
        "{shown}"
    );
    // Usage of 365 days ago is kept, of 367 days ago purged; the log keeps 30 days.
    record(&setup, &id, 200, days_ago(365));
    record(&setup, &id, 200, days_ago(367));
    let purged = setup.pulse.purge_api_records(now()).unwrap();
    assert_eq!((purged.access_log, purged.usage, purged.keys), (3, 1, 0));
    let log = records.api_access_log(&id).unwrap();
    let kept: Vec<_> = log.iter().map(|(_, entry)| entry.at).collect();
    assert_eq!(kept, vec![days_ago(29), now(), now()]);
    let usage_days: Vec<_> = records
        .api_usage(&id)
        .unwrap()
        .into_iter()
        .map(|(_, day)| day.date)
        .collect();
    assert_eq!(
        usage_days,
        vec![
            days_ago(365).date_naive(),
            days_ago(31).date_naive(),
            days_ago(29).date_naive(),
            now().date_naive()
        ]
    );
    // A key revoked over a year ago goes with its records; the day's purge is idempotent.
    say(&setup, "a", &format!("/apikey revoke {id}")).await;
    assert_eq!(
        setup.pulse.purge_api_records(now()).unwrap(),
        Default::default()
    );
    let purged = setup
        .pulse
        .purge_api_records(now() + chrono::Duration::days(367))
        .unwrap();
    assert_eq!((purged.access_log, purged.usage, purged.keys), (3, 4, 1));
    assert_eq!(setup.raw.len(Tree::ApiKeys).unwrap(), 0);
    // A request of a key no longer stored is not kept.
    record(&setup, &id, 200, now());
    assert_eq!(setup.raw.len(Tree::ApiAccessLog).unwrap(), 0);
}

#[tokio::test]
async fn forget_erases_keys_logs_and_usage_and_export_lists_keys_without_secrets() {
    let setup = api_setup().await;
    let key = mint(&setup, "dash export:read 90d").await;
    let id = setup
        .pulse
        .authenticate_api_key(&key, now())
        .unwrap()
        .key_id;
    record(&setup, &id, 200, now());
    let export = at_time(&setup, "/export", now()).await;
    let json: serde_json::Value = serde_json::from_slice(&export.attachments[0].bytes).unwrap();
    let listed = &json["api_keys"][0];
    assert_eq!(listed["id"], id.as_str());
    assert_eq!(listed["name"], "dash");
    assert_eq!(listed["scopes"][0], "export:read");
    assert_eq!(listed["signed"], false);
    assert!(listed["expires_at"].is_string() && listed["last_used_at"].is_string());
    assert_eq!(listed["access_log"].as_array().unwrap().len(), 1);
    assert_eq!(listed["usage"][0]["requests"], 1);
    assert!(listed.get("hash").is_none() && listed.get("signing_secret").is_none());
    // Another chat's key is not in this chat's export, and survives its /forget.
    let theirs = setup
        .pulse
        .handle(&message("b", "/apikey new theirs"), now())
        .await
        .unwrap()
        .to_plain_text();
    assert_eq!(json["api_keys"].as_array().unwrap().len(), 1);
    let receipt = forget_everything(&setup, "a").await;
    assert!(
        receipt.contains("API keys, their request log and usage: 3 records"),
        "{receipt}"
    );
    assert_eq!(
        setup.pulse.authenticate_api_key(&key, now()),
        Err(ApiKeyRefusal::Unknown)
    );
    for tree in [Tree::ApiAccessLog, Tree::ApiUsage] {
        assert_eq!(setup.raw.len(tree).unwrap(), 0, "{tree:?}");
    }
    assert_eq!(setup.raw.len(Tree::ApiKeys).unwrap(), 1);
    assert!(setup
        .pulse
        .authenticate_api_key(&key_in(&theirs), now())
        .is_ok());
}

#[tokio::test]
async fn pause_keeps_the_data_but_syncs_and_shows_nothing_until_resume() {
    let setup = api_setup().await;
    let id = setup.account_id();
    let posts_before = setup.store.len(Tree::Posts).unwrap();
    assert!(!setup.pulse.is_paused(&id).unwrap());
    let reply = say(&setup, "a", "/pause").await;
    assert!(reply.starts_with("Paused @shop"), "{reply}");
    assert!(setup.pulse.is_paused(&id).unwrap());
    let paused =
        "@shop is paused: Pulse keeps its data but does not sync or show it. /resume lifts it.";
    for text in [
        "/stats",
        "/top",
        "/best_time",
        "/fans",
        "/leads",
        "/ask what is my reach?",
        "how many likes last week?",
        "/digest now",
        "/comments",
    ] {
        assert_eq!(say(&setup, "a", text).await, paused, "{text}");
    }
    assert!(say(&setup, "a", "/pause @shop")
        .await
        .contains("already paused"));
    // Scheduled syncs pass it over, and a sync asked for anyway calls no one.
    assert!(setup.pulse.accounts_to_sync().unwrap().is_empty());
    setup.instagram.calls.lock().unwrap().clear();
    let later = now() + chrono::Duration::days(2);
    let outcome = setup.pulse.sync_account(&id, later).await.unwrap();
    assert!(matches!(outcome, SyncOutcome::NothingDue), "{outcome:?}");
    assert!(setup.instagram.calls.lock().unwrap().is_empty());
    // No digest either; the data is all still there.
    assert!(setup
        .pulse
        .claim_due_digests(later, &[Platform::Console])
        .unwrap()
        .due
        .is_empty());
    assert_eq!(setup.store.len(Tree::Posts).unwrap(), posts_before);
    // Resumed: shown, and the next scheduled sync proceeds.
    let reply = say(&setup, "a", "/resume @shop").await;
    assert!(reply.starts_with("Resumed @shop"), "{reply}");
    assert!(say(&setup, "a", "/stats").await.contains("Posts published"));
    assert_eq!(setup.pulse.accounts_to_sync().unwrap(), vec![id.clone()]);
    let outcome = setup.pulse.sync_account(&id, later).await.unwrap();
    assert!(matches!(outcome, SyncOutcome::Synced { .. }), "{outcome:?}");
    assert!(!setup.instagram.calls.lock().unwrap().is_empty());
    assert!(say(&setup, "a", "/resume").await.contains("is not paused"));
    assert!(say(&setup, "a", "/pause @nobody")
        .await
        .contains("@nobody is not linked"));
}

#[tokio::test]
async fn only_the_chats_administrators_manage_keys_and_pauses() {
    let setup = api_setup().await;
    for text in [
        "/apikey new x",
        "/apikey",
        "/apikey revoke ab12cd34",
        "/pause",
        "/resume",
    ] {
        let reply = setup
            .pulse
            .handle(&group_member(text), now())
            .await
            .unwrap();
        assert!(
            reply
                .to_plain_text()
                .starts_with("Only the group's administrators"),
            "{text}: {}",
            reply.to_plain_text()
        );
    }
    assert_eq!(setup.raw.len(Tree::ApiKeys).unwrap(), 0);
    assert_eq!(setup.raw.len(Tree::Restrictions).unwrap(), 0);
}

#[tokio::test]
async fn without_a_pepper_no_key_is_made_and_bad_input_gets_the_right_form() {
    let setup = setup();
    link(&setup, "a").await;
    let reply = setup
        .pulse
        .handle(&message("a", "/apikey new dash"), now())
        .await
        .unwrap();
    assert!(reply.private);
    assert!(
        reply.to_plain_text().contains("PULSE__API__PEPPER"),
        "{reply:?}"
    );
    assert_eq!(setup.raw.len(Tree::ApiKeys).unwrap(), 0);
    let setup = with_pepper(setup);
    for (text, expected) in [
        ("/apikey new", "Give the key a name"),
        ("/apikey new dash stats:write", "“stats:write”"),
        (
            "/apikey new a-name-that-is-much-longer-than-forty-characters",
            "at most 40",
        ),
        ("/apikey revoke zz99zz99", "no API key zz99zz99"),
        ("/apikey log zz99zz99", "no API key zz99zz99"),
    ] {
        let reply = say(&setup, "a", text).await;
        assert!(reply.contains(expected), "{text}: {reply}");
        assert!(reply.contains("Usage: /apikey"), "{text}: {reply}");
    }
    assert_eq!(setup.raw.len(Tree::ApiKeys).unwrap(), 0);
}
