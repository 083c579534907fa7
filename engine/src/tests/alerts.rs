//! Alerts of new comments through the facade: webhook events and syncs queue them once per
//! chat and comment; claims batch them per chat, outside quiet hours and the minimum
//! interval; a claim of a stopped process is dropped, never sent again.

use chrono::{DateTime, Utc};

use super::*;
use crate::pulse::DueAlerts;
use crate::records::AlertState;
use crate::reply::Block;

const ACCOUNT_USER_ID: &str = "17841400000000001";

fn event(id: &str, text: &str, at: DateTime<Utc>) -> CommentEvent {
    CommentEvent {
        account_user_id: ACCOUNT_USER_ID.into(),
        comment: Comment {
            id: id.into(),
            post_id: "p2".into(),
            parent_id: None,
            author_id: Some(format!("fan-of-{id}")),
            author_username: Some("buyer".into()),
            text: text.into(),
            published_at: at,
            like_count: None,
            hidden: false,
        },
    }
}

/// `text` in chat `a` at `at`.
async fn say_at(setup: &Setup, text: &str, at: DateTime<Utc>) -> String {
    setup
        .pulse
        .handle(&message("a", text), at)
        .await
        .unwrap()
        .to_plain_text()
}

/// A linked chat `a` with `/alerts on` half a minute after [`now`] (the comments the fake
/// serves were written at `now`: before it).
async fn alerting() -> Setup {
    let setup = setup();
    link(&setup, "a").await;
    let reply = say_at(&setup, "/alerts on", now() + chrono::Duration::seconds(30)).await;
    assert!(reply.contains("Alerts are on"), "{reply}");
    setup
}

fn minutes(n: i64) -> DateTime<Utc> {
    now() + chrono::Duration::minutes(n)
}

fn state_of(setup: &Setup, comment: &str) -> Option<AlertState> {
    Records::new(setup.store.as_ref())
        .alert(
            &ChatId::new(Platform::Console, "a"),
            &setup.account_id(),
            comment,
        )
        .unwrap()
        .map(|record| record.state)
}

fn commands(due: &DueAlerts) -> Vec<String> {
    due.reply
        .buttons
        .iter()
        .map(|button| match button {
            Button::Input { label, command, .. } | Button::Command { label, command } => {
                format!("{label}={command}")
            }
            Button::Link { label, url } => format!("{label}={url}"),
        })
        .collect()
}

#[tokio::test]
async fn a_lead_by_webhook_alerts_once_though_delivered_twice_and_synced_after() {
    let setup = alerting().await;
    let lead = event("1801", "how much is the blue one?", minutes(1));
    let arrived = setup
        .pulse
        .comment_events(vec![lead.clone(), lead.clone()], minutes(1))
        .unwrap();
    assert_eq!(
        (arrived.events, arrived.stored, arrived.alerts_queued),
        (2, 1, 1)
    );
    // Stored at once, for /leads and questions.
    let stored = Records::new(setup.store.as_ref())
        .comment(&setup.account_id(), "p2", "1801")
        .unwrap()
        .expect("the comment is stored");
    assert_eq!(stored.text, "how much is the blue one?");
    // A third delivery, later.
    let again = setup
        .pulse
        .comment_events(vec![lead.clone()], minutes(2))
        .unwrap();
    assert_eq!((again.stored, again.alerts_queued), (0, 0));

    let due = setup.pulse.claim_due_alerts(CONSOLE, minutes(2)).unwrap();
    let [message] = due.as_slice() else {
        panic!("one message: {due:?}")
    };
    assert_eq!(message.chat, ChatId::new(Platform::Console, "a"));
    assert_eq!(
        message.alerts,
        vec![(setup.account_id(), "1801".to_owned())]
    );
    let text = message.reply.to_plain_text();
    assert!(text.starts_with("New lead"), "{text}");
    assert!(
        text.contains("@buyer")
            && text.contains("how much is the blue one?")
            && text.contains("https://www.instagram.com/p/p2/")
            && text.contains("#1801"),
        "{text}"
    );
    assert!(message
        .reply
        .blocks
        .contains(&Block::Quote("how much is the blue one?".into())));
    assert_eq!(
        commands(message),
        [
            "Reply=/reply 1801",
            "DM=/dm 1801",
            "Hide=/hide 1801",
            "Done=/lead 1801 done"
        ]
    );
    setup.pulse.alerts_sent(message, minutes(2)).unwrap();
    assert!(matches!(
        state_of(&setup, "1801"),
        Some(AlertState::Sent { .. })
    ));

    // The next sync reads p2's comments, this one among them: no second alert.
    setup
        .instagram
        .more_comments
        .lock()
        .unwrap()
        .push(lead.comment.clone());
    set_comment_count(&setup.instagram, "p2", 5);
    let outcome = setup
        .pulse
        .sync_account(&setup.account_id(), now() + chrono::Duration::hours(6))
        .await
        .unwrap();
    assert!(matches!(outcome, SyncOutcome::Synced { .. }), "{outcome:?}");
    let later = now() + chrono::Duration::hours(7);
    assert!(setup
        .pulse
        .claim_due_alerts(CONSOLE, later)
        .unwrap()
        .is_empty());
    assert_eq!(setup.pulse.next_alert_at(later).unwrap(), None);
    assert_eq!(setup.store.len(Tree::Alerts).unwrap(), 1);
}

#[tokio::test]
async fn a_comment_found_by_a_sync_alerts_when_no_webhook_brought_it() {
    let setup = alerting().await;
    let mut found = event("1802", "is it still available?", minutes(5)).comment;
    found.post_id = "p2".into();
    setup.instagram.more_comments.lock().unwrap().push(found);
    set_comment_count(&setup.instagram, "p2", 5);
    setup
        .pulse
        .sync_account(&setup.account_id(), now() + chrono::Duration::hours(6))
        .await
        .unwrap();
    let due = setup
        .pulse
        .claim_due_alerts(CONSOLE, now() + chrono::Duration::hours(6))
        .unwrap();
    // The fake's own "how much?" on p2 was written before alerts were on: only the new one.
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].alerts, vec![(setup.account_id(), "1802".to_owned())]);
}

#[tokio::test]
async fn a_chat_with_alerts_off_gets_nothing() {
    let setup = setup();
    link(&setup, "a").await;
    let lead = event("1803", "price please?", minutes(1));
    let arrived = setup.pulse.comment_events(vec![lead], minutes(1)).unwrap();
    assert_eq!((arrived.stored, arrived.alerts_queued), (1, 0));
    say_at(&setup, "/alerts on", minutes(2)).await;
    let reply = say_at(&setup, "/alerts off", minutes(3)).await;
    assert!(reply.starts_with("Alerts are off"), "{reply}");
    let arrived = setup
        .pulse
        .comment_events(vec![event("1804", "price please?", minutes(4))], minutes(4))
        .unwrap();
    assert_eq!(arrived.alerts_queued, 0);
    assert!(setup
        .pulse
        .claim_due_alerts(CONSOLE, minutes(5))
        .unwrap()
        .is_empty());
    assert_eq!(setup.store.len(Tree::Alerts).unwrap(), 0);
}

#[tokio::test]
async fn leads_only_unless_every_comment_is_asked_for_and_never_before_alerts_were_on() {
    let setup = alerting().await;
    let before = event("1805", "how much?", now());
    let chat = event("1806", "love this colour", minutes(1));
    let arrived = setup
        .pulse
        .comment_events(vec![before, chat.clone()], minutes(1))
        .unwrap();
    assert_eq!(
        arrived.alerts_queued, 0,
        "written before /alerts on; not a lead"
    );
    say_at(&setup, "/alerts all", minutes(2)).await;
    let arrived = setup
        .pulse
        .comment_events(
            vec![event("1807", "love this colour", minutes(3))],
            minutes(3),
        )
        .unwrap();
    assert_eq!(arrived.alerts_queued, 1);
    let due = setup.pulse.claim_due_alerts(CONSOLE, minutes(3)).unwrap();
    assert!(due[0].reply.to_plain_text().starts_with("New comment"));
}

#[tokio::test]
async fn quiet_hours_hold_alerts_until_they_end_then_send_one_message() {
    let setup = alerting().await;
    let reply = say_at(&setup, "/alerts quiet 22:00-08:00", minutes(1)).await;
    assert!(reply.contains("22:00 to 08:00 (UTC)"), "{reply}");
    // now() is 12:00 UTC; 23:00 and 02:00 are quiet.
    let late = now() + chrono::Duration::hours(11);
    let night = now() + chrono::Duration::hours(14);
    setup
        .pulse
        .comment_events(vec![event("1808", "how much?", late)], late)
        .unwrap();
    setup
        .pulse
        .comment_events(vec![event("1809", "do you ship to Spain?", night)], night)
        .unwrap();
    assert!(setup
        .pulse
        .claim_due_alerts(CONSOLE, night)
        .unwrap()
        .is_empty());
    let morning = now() + chrono::Duration::hours(20);
    assert_eq!(setup.pulse.next_alert_at(night).unwrap(), Some(morning));
    let just_before = morning - chrono::Duration::seconds(1);
    assert!(setup
        .pulse
        .claim_due_alerts(CONSOLE, just_before)
        .unwrap()
        .is_empty());
    let due = setup.pulse.claim_due_alerts(CONSOLE, morning).unwrap();
    let [message] = due.as_slice() else {
        panic!("one message: {due:?}")
    };
    assert_eq!(message.alerts.len(), 2);
    assert!(message.reply.to_plain_text().starts_with("2 new leads"));
}

#[tokio::test]
async fn comments_within_the_minimum_interval_come_in_one_message() {
    let setup = alerting().await;
    let first = minutes(1);
    setup
        .pulse
        .comment_events(vec![event("1810", "how much?", first)], first)
        .unwrap();
    let due = setup.pulse.claim_due_alerts(CONSOLE, first).unwrap();
    setup.pulse.alerts_sent(&due[0], first).unwrap();
    let (ten, twenty) = (
        first + chrono::Duration::seconds(10),
        first + chrono::Duration::seconds(20),
    );
    setup
        .pulse
        .comment_events(vec![event("1811", "how much?", ten)], ten)
        .unwrap();
    setup
        .pulse
        .comment_events(vec![event("1812", "price?", twenty)], twenty)
        .unwrap();
    assert!(setup
        .pulse
        .claim_due_alerts(CONSOLE, twenty)
        .unwrap()
        .is_empty());
    let open = first + chrono::Duration::seconds(60);
    assert_eq!(setup.pulse.next_alert_at(twenty).unwrap(), Some(open));
    let due = setup.pulse.claim_due_alerts(CONSOLE, open).unwrap();
    let [message] = due.as_slice() else {
        panic!("one message: {due:?}")
    };
    assert_eq!(message.alerts.len(), 2);
    let buttons = commands(message);
    assert_eq!(buttons.len(), 8);
    assert!(
        buttons.contains(&"Reply #1811=/reply 1811".to_owned()),
        "{buttons:?}"
    );
    assert!(
        buttons.contains(&"Done #1812=/lead 1812 done".to_owned()),
        "{buttons:?}"
    );
}

#[tokio::test]
async fn a_message_shows_five_comments_and_counts_the_rest() {
    let setup = alerting().await;
    let events = (0..8)
        .map(|i| event(&format!("18{i:02}"), "how much?", minutes(1)))
        .collect();
    setup.pulse.comment_events(events, minutes(1)).unwrap();
    let due = setup.pulse.claim_due_alerts(CONSOLE, minutes(1)).unwrap();
    assert_eq!(due[0].alerts.len(), 8);
    assert_eq!(due[0].reply.buttons.len(), 4 * SHOWN);
    assert!(due[0].reply.to_plain_text().contains("and 3 more: /leads"));
}

const SHOWN: usize = crate::pulse::SHOWN_PER_MESSAGE;

#[tokio::test]
async fn a_claim_of_a_stopped_process_is_dropped_not_sent_again() {
    let setup = alerting().await;
    setup
        .pulse
        .comment_events(vec![event("1813", "how much?", minutes(1))], minutes(1))
        .unwrap();
    // Claimed, then the process stops before it records the outcome.
    assert_eq!(
        setup
            .pulse
            .claim_due_alerts(CONSOLE, minutes(1))
            .unwrap()
            .len(),
        1
    );
    let next = restarted(&setup);
    assert!(next
        .claim_due_alerts(CONSOLE, minutes(2))
        .unwrap()
        .is_empty());
    assert!(
        matches!(state_of(&setup, "1813"), Some(AlertState::Dropped { reason }) if reason.contains("stopped")),
        "{:?}",
        state_of(&setup, "1813")
    );
    assert!(next
        .claim_due_alerts(CONSOLE, minutes(3))
        .unwrap()
        .is_empty());
    assert_eq!(next.next_alert_at(minutes(3)).unwrap(), None);
    // Its own claim is left alone by the first process, and an outcome over another's
    // claim writes nothing.
    setup
        .pulse
        .comment_events(vec![event("1814", "how much?", minutes(4))], minutes(4))
        .unwrap();
    let due = next.claim_due_alerts(CONSOLE, minutes(4)).unwrap();
    setup.pulse.alerts_sent(&due[0], minutes(4)).unwrap();
    assert!(matches!(
        state_of(&setup, "1814"),
        Some(AlertState::Sending { .. })
    ));
    next.alerts_sent(&due[0], minutes(4)).unwrap();
    assert!(matches!(
        state_of(&setup, "1814"),
        Some(AlertState::Sent { .. })
    ));
}

#[tokio::test]
async fn a_failed_send_is_tried_again_then_dropped() {
    let setup = alerting().await;
    setup
        .pulse
        .comment_events(vec![event("1815", "how much?", minutes(1))], minutes(1))
        .unwrap();
    let due = setup.pulse.claim_due_alerts(CONSOLE, minutes(1)).unwrap();
    setup.pulse.alerts_failed(&due[0], minutes(1)).unwrap();
    assert_eq!(state_of(&setup, "1815"), Some(AlertState::Pending));
    let due = setup.pulse.claim_due_alerts(CONSOLE, minutes(2)).unwrap();
    setup.pulse.alerts_failed(&due[0], minutes(2)).unwrap();
    assert!(matches!(
        state_of(&setup, "1815"),
        Some(AlertState::Dropped { .. })
    ));
    assert!(setup
        .pulse
        .claim_due_alerts(CONSOLE, minutes(3))
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn the_accounts_own_comments_and_unknown_accounts_never_alert() {
    let setup = alerting().await;
    let mut by_handle = event("1816", "how much? DM us!", minutes(1));
    by_handle.comment.author_username = Some("SHOP".into());
    let mut by_id = event("1817", "price in bio?", minutes(1));
    by_id.comment.author_username = None;
    by_id.comment.author_id = Some(ACCOUNT_USER_ID.into());
    let mut elsewhere = event("1818", "how much?", minutes(1));
    elsewhere.account_user_id = "17841499999999999".into();
    let arrived = setup
        .pulse
        .comment_events(vec![by_handle.clone(), by_id, elsewhere], minutes(1))
        .unwrap();
    assert_eq!(
        (arrived.own, arrived.unknown_account, arrived.alerts_queued),
        (2, 1, 0)
    );
    // Nor when a sync reads the account's reply.
    setup
        .instagram
        .more_comments
        .lock()
        .unwrap()
        .push(by_handle.comment);
    set_comment_count(&setup.instagram, "p2", 5);
    setup
        .pulse
        .sync_account(&setup.account_id(), now() + chrono::Duration::hours(6))
        .await
        .unwrap();
    assert_eq!(setup.store.len(Tree::Alerts).unwrap(), 0);
}

#[tokio::test]
async fn alerts_are_exported_and_go_with_forget_and_disconnect() {
    let setup = alerting().await;
    setup
        .pulse
        .comment_events(vec![event("1819", "how much?", minutes(1))], minutes(1))
        .unwrap();
    let export = setup
        .pulse
        .handle(&message("a", "/export"), minutes(2))
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.attachments[0].bytes).unwrap();
    let alerts = &json["accounts"][0]["alerts"];
    assert_eq!(alerts[0]["comment_id"], "1819");
    assert_eq!(alerts[0]["state"], "pending");
    assert_eq!(json["settings"]["alerts"]["enabled"], true);
    assert!(
        !serde_json::to_string(alerts).unwrap().contains("how much"),
        "no comment text in the alert records"
    );
    let receipt = forget_everything(&setup, "a").await;
    assert!(receipt.contains("Records of alerts"), "{receipt}");
    assert_eq!(setup.store.len(Tree::Alerts).unwrap(), 0);

    let setup = alerting().await;
    setup
        .pulse
        .comment_events(vec![event("1820", "how much?", minutes(1))], minutes(1))
        .unwrap();
    say(&setup, "a", "/disconnect").await;
    assert_eq!(setup.store.len(Tree::Alerts).unwrap(), 0);
}

#[tokio::test]
async fn alerts_alone_say_how_they_are_set_and_without_webhooks_when_they_come() {
    let setup = setup();
    let shown = say(&setup, "a", "/alerts").await;
    assert!(shown.starts_with("Alerts are off"), "{shown}");
    let on = say(&setup, "a", "/alerts on").await;
    assert!(on.contains("No Instagram account is linked"), "{on}");
    assert!(!on.contains("webhooks"), "{on}");

    let mut settings = setup.pulse.settings().clone();
    settings.webhooks_configured = false;
    let without = Pulse::new(
        setup.store.clone(),
        Vault::new(MasterKey::generate(), Vec::new()),
        crate::ports::Ports::instagram(setup.instagram.clone()),
        settings,
    );
    let shown = without
        .handle(&message("a", "/alerts"), now())
        .await
        .unwrap()
        .to_plain_text();
    assert!(
        shown.contains("Alerts are on") && shown.contains("with each comments sync"),
        "{shown}"
    );
    let quiet = say(&setup, "a", "/alerts quiet off").await;
    assert!(quiet.contains("No quiet hours"), "{quiet}");
}

#[tokio::test]
async fn a_buying_question_in_a_thread_is_no_lead_to_alert() {
    let setup = alerting().await;
    let mut in_thread = event("1831", "how much is shipping?", minutes(1));
    in_thread.comment.parent_id = Some("1830".into());
    let arrived = setup
        .pulse
        .comment_events(vec![in_thread], minutes(1))
        .unwrap();
    // Stored (questions and /comments see it), but no lead: `/alerts on` is for leads.
    assert_eq!((arrived.stored, arrived.alerts_queued), (1, 0));
}
