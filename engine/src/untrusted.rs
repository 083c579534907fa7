//! Property tests of every engine parser that reads what people (or strangers) send: commands
//! and their arguments, questions, handles, periods, link tokens, chat keys, API keys and
//! signed requests, stored bytes.
//! Each property is that the parser never panics and that what it accepts is well formed.
//! Bounded cases, no files: these run in CI with the rest.

use chrono::NaiveDate;
use proptest::prelude::*;

use crate::chat::{ChatId, Handle};
use crate::command::{Command, COMMANDS};
use crate::links::LinkToken;
use crate::period::Period;
use crate::records::{AccountRecord, CommentRecord, PostRecord};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that looks like a command: a slash, a menu word (or noise), then words of any kind.
fn command_like() -> impl Strategy<Value = String> {
    let names: Vec<String> = COMMANDS.iter().map(|spec| spec.name.to_owned()).collect();
    (
        prop::sample::select(names),
        prop::option::of("@[a-zA-Z_]{0,12}"),
        prop::collection::vec(
            prop_oneof![
                "\\PC{0,12}",
                "[0-9]{1,25}",
                "-?[0-9]{1,4}[dwmy]?",
                "(on|off|now|time|confirm|cancel|saves|reach|er|all|week|march)",
                "[0-9]{1,2}:[0-9]{1,2}",
                "[0-9]{4}-[0-9]{2}-[0-9]{2}(\\.\\.[0-9]{4}-[0-9]{2}-[0-9]{2})?",
                "@[a-z0-9._]{0,40}",
                "[A-Za-z]+/[A-Za-z_]+",
            ],
            0..5,
        ),
    )
        .prop_map(|(name, addressee, words)| {
            format!(
                "/{name}{} {}",
                addressee.unwrap_or_default(),
                words.join(" ")
            )
        })
}

/// Words the question parser knows, in pieces that combine into questions.
const QUESTION_WORDS: &[&str] = &[
    "how",
    "many",
    "likes",
    "did",
    "i",
    "get",
    "last",
    "week",
    "and",
    "the",
    "before",
    "top",
    "5",
    "posts",
    "by",
    "reach",
    "this",
    "month",
    "vs",
    "compare",
    "reels",
    "carousels",
    "worst",
    "since",
    "october",
    "between",
    "1st",
    "15th",
    "on",
    "thursday",
    "summer",
    "q3",
    "in",
    "total",
    "followers",
    "gain",
    "who",
    "comments",
    "most",
    "latest",
    "post",
    "what",
    "about",
    "only",
    "same",
    "but",
    "shares",
    "tomorrow",
    "tiktok",
    "@someone",
    "?",
    ",",
    "2025",
    "yesterday",
    "day",
    "average",
    "per",
    "engagement",
    "rate",
    "hashtags",
    "morning",
    "mondays",
    "where",
    "from",
    "how",
    "old",
    "best",
    "time",
    "to",
    "should",
    "next",
    "3/4",
    "the",
    "week",
    "before",
    "last",
    "24",
    "hours",
    "ago",
    "since",
    "the",
    "start",
    "of",
    "year",
    "black",
    "friday",
    "xmas",
    "mar-may",
    "not",
    "stories",
    "WoW",
    "YoY",
    "2",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn api_keys_and_signed_parts_never_panic(
        presented in prop_oneof![
            "\\PC{0,80}",
            "pulse_[a-z0-9]{8}_[A-Za-z0-9]{38}",
            "pulse_[a-z0-9_]{0,10}_[A-Za-z0-9é]{30,40}",
        ],
        query in "[a-z=&%0-9é]{0,40}",
        signature in "\\PC{0,70}",
    ) {
        // What is accepted has the form of a key and reads back as itself.
        if let Ok(key) = crate::api_keys::PresentedKey::parse(&presented) {
            prop_assert_eq!(key.expose().len(), crate::api_keys::KEY_CHARS);
            prop_assert_eq!(crate::api_keys::PresentedKey::parse(key.expose()), Ok(key.clone()));
        }
        // The canonical query is a function of the pairs, whatever their order.
        let mut reversed: Vec<&str> = query.split('&').collect();
        reversed.reverse();
        prop_assert_eq!(
            crate::api_keys::canonical_query(&query),
            crate::api_keys::canonical_query(&reversed.join("&"))
        );
        let _ = crate::api_keys::parse_signature(&signature);
    }

    #[test]
    fn commands_never_panic(text in prop_oneof!["\\PC*", "/\\PC*", command_like()]) {
        // An accepted /top count is within bounds.
        if let Ok(Command::Top { count, .. }) = Command::parse(&text) {
            prop_assert!((1..=20).contains(&count));
        }
    }

    #[test]
    fn schedule_times_never_panic(
        text in prop_oneof![
            "\\PC{0,60}",
            "(in |next |this |at |on )?[0-9]{0,3}[:.]?[0-9]{0,3} ?(am|pm|h|min|hours|days|dec|december|fri|tomorrow|tonight)?( [0-9]{1,2}(st|nd|th)?)?",
        ],
        minutes in 0i64..1_000_000,
    ) {
        let now = chrono::DateTime::from_timestamp(1_780_000_000 + minutes * 60, 0).unwrap();
        if let Ok(crate::publishing::When::At(at)) =
            crate::publishing::parse_when(&text, now, chrono_tz::Europe::London)
        {
            // Never in the past, never beyond the 75 days.
            prop_assert!(at >= now && at <= now + crate::publishing::LONGEST_AHEAD);
        }
    }

    #[test]
    fn questions_never_panic(text in "\\PC{0,200}", day in 0u32..3000) {
        let today = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
        let _ = crate::question::parse(&text, None, today, chrono_tz::UTC);
    }

    /// Word soups of the parser's own vocabulary reach its deep paths (periods, two parts,
    /// follow-ups): never a panic, and every period read is an ordered range.
    #[test]
    fn question_word_soups_never_panic(
        picks in proptest::collection::vec(0usize..QUESTION_WORDS.len(), 0..14),
        day in 0u32..3000,
        follow_up in any::<bool>(),
    ) {
        let text: Vec<&str> = picks.iter().map(|i| QUESTION_WORDS[*i]).collect();
        let text = text.join(" ");
        let today = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
        let previous = crate::question::Query::Posts {
            metric: crate::metric::Metric::Saves,
            order: crate::analytics::Order::Highest,
            count: 3,
            kind: None,
            period: Period::LastMonth,
            caption: false,
        };
        let parsed = crate::question::parse(&text, follow_up.then_some(&previous), today, chrono_tz::Europe::Berlin);
        if let crate::question::Parsed::Understood { queries, .. } = parsed {
            for query in queries {
                if let Some(period) = query.period() {
                    let range = period.resolve(today);
                    prop_assert!(range.first <= range.last, "{text:?}: {query:?}");
                }
                let _ = query.question();
            }
        }
    }

    #[test]
    fn periods_resolve_to_ordered_ranges(text in prop_oneof!["\\PC{0,30}", "[0-9]{1,6}[dwmy]", "[0-9]{4}-[0-9]{2}-[0-9]{2}\\.\\.[0-9]{4}-[0-9]{2}-[0-9]{2}"], day in 0u32..3000) {
        let today = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
        if let Some(period) = Period::parse_argument(&text) {
            let range = period.resolve(today);
            prop_assert!(range.first <= range.last, "{text:?} gave {range:?}");
        }
    }

    #[test]
    fn handles_are_valid_once_parsed(text in "\\PC{0,40}") {
        if let Some(handle) = Handle::parse(&text) {
            let name = handle.as_str();
            prop_assert!((1..=30).contains(&name.len()));
            prop_assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_'));
        }
    }

    #[test]
    fn link_tokens_and_chat_keys_never_panic(text in "\\PC{0,60}") {
        if let Some(token) = LinkToken::parse(&text) {
            prop_assert_eq!(token.expose(), text.as_str());
        }
        if let Some(chat) = ChatId::from_key(&text) {
            prop_assert_eq!(ChatId::from_key(&chat.key()), Some(chat));
        }
    }

    #[test]
    fn stored_bytes_never_panic_the_decoder(bytes in prop::collection::vec(any::<u8>(), 0..200), json in "\\PC{0,200}") {
        let _ = crate::records::decode::<PostRecord>("post", &bytes);
        let _ = crate::records::decode::<AccountRecord>("account", &bytes);
        let mut versioned = vec![1u8];
        versioned.extend_from_slice(json.as_bytes());
        let _ = crate::records::decode::<CommentRecord>("comment", &versioned);
    }
}
