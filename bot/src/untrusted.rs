//! Property tests of what the front ends read from strangers: Discord interaction requests
//! (headers and raw bodies, then the commands in them), Telegram's webhook secret header, and
//! chat text on its way to the command parser. The property: no panic, and nothing gets
//! through that should not. Bounded cases, no files.

use ed25519_dalek::{Signer, SigningKey};
use engine::Command;
use proptest::prelude::*;
use serde_json::{json, Value};
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;

use crate::discord::commands::{command_text, OptionValue};
use crate::discord::{read_interaction, InteractionRefusal, Invocation};
use crate::telegram::{secret_matches, text_to_handle};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const NOW: i64 = 1_790_000_000;

fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

fn verifier() -> Verifier {
    Verifier::new(&hex::encode(signing_key().verifying_key().to_bytes()))
}

fn sign(timestamp: &str, body: &[u8]) -> String {
    let mut message = timestamp.as_bytes().to_vec();
    message.extend_from_slice(body);
    hex::encode(signing_key().sign(&message).to_bytes())
}

const COMMAND_NAMES: &[&str] = &[
    "start",
    "help",
    "connect",
    "accounts",
    "use",
    "disconnect",
    "stats",
    "top",
    "ask",
    "best_time",
    "fans",
    "leads",
    "digest",
    "timezone",
    "export",
    "forget",
    "privacy",
    "noise",
];
const OPTION_NAMES: &[&str] = &[
    "metric", "period", "count", "question", "handle", "action", "time", "zone", "channel",
    "confirm", "other",
];

/// A slash-command interaction as Discord would send it, with options of any value.
fn command_interaction() -> impl Strategy<Value = Value> {
    let option = (
        prop::sample::select(OPTION_NAMES),
        prop_oneof![
            "\\PC{0,40}".prop_map(|text| (3, json!(text))),
            any::<i64>().prop_map(|n| (4, json!(n))),
            "[0-9]{1,20}".prop_map(|id| (7, json!(id))),
            any::<bool>().prop_map(|b| (5, json!(b))),
        ],
    )
        .prop_map(|(name, (kind, value))| json!({"name": name, "type": kind, "value": value}));
    (
        prop::sample::select(COMMAND_NAMES),
        prop::collection::vec(option, 0..4),
        prop::option::of("[0-9]{0,12}"),
    )
        .prop_map(|(name, options, permissions)| {
            json!({
                "id": "100000000000000001", "application_id": "200000000000000002", "type": 2,
                "data": {"id": "110000000000000001", "name": name, "type": 1, "options": options},
                "guild_id": "300000000000000003", "channel_id": "400000000000000004",
                "channel": {"id": "400000000000000004", "type": 0, "name": "general", "permissions": "0"},
                "member": {
                    "user": {"id": "720000000000000001", "username": "ana", "discriminator": "0", "global_name": "Ana", "avatar": null},
                    "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false,
                    "permissions": permissions, "flags": 0
                },
                "token": "t", "version": 1, "locale": "en-US", "guild_locale": "en-US", "app_permissions": "0",
                "entitlements": [], "authorizing_integration_owners": {}, "attachment_size_limit": 26214400, "context": 0
            })
        })
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn unsigned_interaction_requests_are_refused_unread(
        signature in prop::option::of(prop_oneof!["\\PC{0,140}", "[0-9a-f]{128}"]),
        timestamp in prop::option::of(prop_oneof!["\\PC{0,12}", "17900000[0-9]{2}"]),
        body in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        prop_assert_eq!(
            read_interaction(&verifier(), signature.as_deref(), timestamp.as_deref(), &body, NOW).err(),
            Some(InteractionRefusal::Unauthorized)
        );
    }

    #[test]
    fn a_genuine_signature_on_another_body_or_time_is_refused(
        body in prop::collection::vec(any::<u8>(), 1..200),
        at in 0usize..200,
        skew in prop_oneof![Just(0i64), 301i64..100_000, -100_000i64..-301],
    ) {
        let timestamp = (NOW + skew).to_string();
        let signature = sign(&timestamp, &body);
        let mut other = body.clone();
        let at = at % other.len();
        other[at] ^= 0x01;
        prop_assert_eq!(
            read_interaction(&verifier(), Some(&signature), Some(&timestamp), &other, NOW).err(),
            Some(InteractionRefusal::Unauthorized)
        );
        if skew != 0 {
            prop_assert_eq!(
                read_interaction(&verifier(), Some(&signature), Some(&timestamp), &body, NOW).err(),
                Some(InteractionRefusal::Unauthorized),
                "outside the 300 s window"
            );
        }
    }

    #[test]
    fn signed_bodies_of_any_kind_are_read_or_refused_without_panicking(body in prop::collection::vec(any::<u8>(), 0..300)) {
        let timestamp = NOW.to_string();
        let signature = sign(&timestamp, &body);
        let outcome = read_interaction(&verifier(), Some(&signature), Some(&timestamp), &body, NOW);
        prop_assert!(matches!(outcome, Ok(_) | Err(InteractionRefusal::Unreadable)));
    }

    #[test]
    fn signed_commands_with_any_options_become_text_the_parser_handles(interaction in command_interaction()) {
        let body = interaction.to_string().into_bytes();
        let timestamp = NOW.to_string();
        let signature = sign(&timestamp, &body);
        if let Ok(Interaction::Command(command)) =
            read_interaction(&verifier(), Some(&signature), Some(&timestamp), &body, NOW)
        {
            let invocation = Invocation::from_command(&command);
            prop_assert!(invocation.text.starts_with('/'));
            let _ = Command::parse(&invocation.text);
        }
    }

    #[test]
    fn command_text_of_any_options_parses_without_panicking(
        name in prop_oneof![prop::sample::select(COMMAND_NAMES).prop_map(str::to_owned), "\\PC{0,12}"],
        options in prop::collection::vec(
            (prop::sample::select(OPTION_NAMES).prop_map(str::to_owned), prop_oneof![
                "\\PC{0,30}".prop_map(OptionValue::Text),
                any::<i64>().prop_map(OptionValue::Integer),
                "[0-9]{1,20}".prop_map(OptionValue::Channel),
            ]),
            0..4,
        ),
    ) {
        let (text, _) = command_text(engine::command::COMMANDS, &name, &options);
        let _ = Command::parse(&text);
    }

    #[test]
    fn only_the_exact_webhook_secret_matches(given in prop::option::of(prop::collection::vec(any::<u8>(), 0..64))) {
        let secret = b"s3cr3t-webhook-token-0123456789abcdef";
        prop_assert_eq!(secret_matches(given.as_deref(), secret), given.as_deref() == Some(&secret[..]));
    }

    #[test]
    fn chat_text_reaches_the_parser_without_panicking(
        text in "\\PC{0,120}",
        private in any::<bool>(),
        replying in any::<bool>(),
        bot in "[A-Za-z0-9_]{1,20}",
    ) {
        if let Some(handled) = text_to_handle(&text, private, &bot, replying) {
            prop_assert!(!handled.is_empty());
            let _ = Command::parse(&handled);
        }
    }
}

/// The generator above makes interactions serenity reads: one of them, by hand.
#[test]
fn the_generated_interaction_shape_is_a_command_serenity_reads() {
    let interaction = json!({
        "id": "100000000000000001", "application_id": "200000000000000002", "type": 2,
        "data": {"id": "110000000000000001", "name": "top", "type": 1,
                 "options": [{"name": "metric", "type": 3, "value": "saves"}, {"name": "count", "type": 4, "value": 3}]},
        "guild_id": "300000000000000003", "channel_id": "400000000000000004",
                "channel": {"id": "400000000000000004", "type": 0, "name": "general", "permissions": "0"},
        "member": {
            "user": {"id": "720000000000000001", "username": "ana", "discriminator": "0", "global_name": "Ana", "avatar": null},
            "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false,
            "permissions": "32", "flags": 0
        },
        "token": "t", "version": 1, "locale": "en-US", "guild_locale": "en-US", "app_permissions": "0",
        "entitlements": [], "authorizing_integration_owners": {}, "attachment_size_limit": 26214400, "context": 0
    });
    let body = interaction.to_string().into_bytes();
    let timestamp = NOW.to_string();
    let read = read_interaction(
        &verifier(),
        Some(&sign(&timestamp, &body)),
        Some(&timestamp),
        &body,
        NOW,
    );
    let Ok(Interaction::Command(command)) = read else {
        panic!("not read as a command")
    };
    assert_eq!(Invocation::from_command(&command).text, "/top saves 3");
}
