//! The commands of the stats API and of restriction: `/apikey` (a chat's keys: new, list,
//! revoke, rotate, log) and `/pause`, `/resume` (an account's processing), with their
//! declarations in the table and their parsers.

use crate::api_keys::{Scope, ID_CHARS};

use super::table::{Argument, ArgumentKind, Reveals, Spec, Who};
use super::{error, handle_argument, Command, CommandError};

/// The longest name of a key.
pub const MAX_KEY_NAME_CHARS: usize = 40;
/// The longest life `/apikey new` gives a key, in days (ten years).
pub const MAX_KEY_DAYS: u32 = 3650;
/// The longest overlap `/apikey rotate` leaves the old key, in days.
pub const MAX_OVERLAP_DAYS: u32 = 90;

pub(super) const USAGE_APIKEY: &str = "Usage: /apikey new <name> [stats:read|export:read|admin] [90d] [signed], /apikey list, /apikey revoke <id>, /apikey rotate <id> [7d], /apikey log [id]\n\
e.g. /apikey new dashboard stats:read 90d";
const USAGE_PAUSE: &str = "Usage: /pause or /pause @handle";
const USAGE_RESUME: &str = "Usage: /resume or /resume @handle";

/// What `/apikey` should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiKeyAction {
    /// List the chat's keys (never the keys themselves).
    List,
    /// Make a key, shown once.
    New {
        /// Its name: one word, at most [`MAX_KEY_NAME_CHARS`].
        name: String,
        /// What it may do (at least one; `stats:read` when none was named).
        scopes: Vec<Scope>,
        /// Days until it expires (`None`: it does not by itself).
        days: Option<u32>,
        /// Whether its requests must be signed.
        signed: bool,
    },
    /// Revoke the key with this id.
    Revoke(String),
    /// A new key for the one with this id, which expires after the overlap.
    Rotate {
        /// The key replaced.
        id: String,
        /// Days the old key keeps working (`None`: 7).
        overlap_days: Option<u32>,
    },
    /// The last requests made with a key (`None`: with any of the chat's keys).
    Log(Option<String>),
}

/// `/apikey …`.
pub(super) fn parse_apikey(words: &[&str]) -> Result<Command, CommandError> {
    let Some((action, rest)) = words.split_first() else {
        return Ok(Command::ApiKey(ApiKeyAction::List));
    };
    let action = match action.to_ascii_lowercase().as_str() {
        "list" => match rest {
            [] => ApiKeyAction::List,
            _ => return Err(error("/apikey list takes nothing more.", USAGE_APIKEY)),
        },
        "new" | "create" => parse_new(rest)?,
        "revoke" | "delete" => match rest {
            [id] => ApiKeyAction::Revoke(key_id(id)?),
            _ => return Err(error("Name one key by its id.", USAGE_APIKEY)),
        },
        "rotate" | "roll" => match rest {
            [id] => ApiKeyAction::Rotate {
                id: key_id(id)?,
                overlap_days: None,
            },
            [id, days] => ApiKeyAction::Rotate {
                id: key_id(id)?,
                overlap_days: Some(days_argument(days, 0, MAX_OVERLAP_DAYS).ok_or_else(|| {
                    error(
                        format!("The old key can keep working 0 to {MAX_OVERLAP_DAYS} days, like 7d, not “{days}”."),
                        USAGE_APIKEY,
                    )
                })?),
            },
            _ => return Err(error("Name one key by its id.", USAGE_APIKEY)),
        },
        "log" | "logs" => match rest {
            [] => ApiKeyAction::Log(None),
            [id] => ApiKeyAction::Log(Some(key_id(id)?)),
            _ => return Err(error("Name at most one key.", USAGE_APIKEY)),
        },
        other => {
            return Err(error(
                format!("/apikey does not know “{other}”: it takes new, list, revoke, rotate or log."),
                USAGE_APIKEY,
            ))
        }
    };
    Ok(Command::ApiKey(action))
}

/// `/apikey new <name> [scopes] [Nd] [signed]`.
fn parse_new(words: &[&str]) -> Result<ApiKeyAction, CommandError> {
    let Some((name, options)) = words.split_first() else {
        return Err(error("Give the key a name.", USAGE_APIKEY));
    };
    if Scope::parse(name).is_some() || name.eq_ignore_ascii_case("signed") {
        return Err(error(
            "Give the key a name first, then its scopes.",
            USAGE_APIKEY,
        ));
    }
    if name.chars().count() > MAX_KEY_NAME_CHARS {
        return Err(error(
            format!("A key's name is at most {MAX_KEY_NAME_CHARS} characters."),
            USAGE_APIKEY,
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(error(
            "A key's name is one word of letters, digits, “-”, “_” or “.”.",
            USAGE_APIKEY,
        ));
    }
    let (mut scopes, mut days, mut signed) = (Vec::new(), None, false);
    for option in options {
        if let Some(scope) = Scope::parse(option) {
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        } else if option.eq_ignore_ascii_case("signed") {
            signed = true;
        } else if let Some(n) = days_argument(option, 1, MAX_KEY_DAYS).filter(|_| days.is_none()) {
            days = Some(n);
        } else {
            return Err(error(
                format!("I don't know “{option}” here: the scopes are stats:read, export:read and admin; a life is like 90d; signed asks for signed requests."),
                USAGE_APIKEY,
            ));
        }
    }
    if scopes.is_empty() {
        scopes.push(Scope::StatsRead);
    }
    Ok(ApiKeyAction::New {
        name: (*name).to_owned(),
        scopes,
        days,
        signed,
    })
}

/// `90d` (or `90`) within `low..=high`.
fn days_argument(word: &str, low: u32, high: u32) -> Option<u32> {
    let digits = word
        .strip_suffix("days")
        .or_else(|| word.strip_suffix(['d', 'D']))
        .unwrap_or(word);
    digits
        .parse::<u32>()
        .ok()
        .filter(|n| (low..=high).contains(n))
}

/// A key's id as `/apikey list` shows it (a whole key is taken too: its id is read).
fn key_id(word: &str) -> Result<String, CommandError> {
    let word = word.trim();
    let id = word
        .strip_prefix(crate::api_keys::KEY_PREFIX)
        .and_then(|rest| rest.get(..ID_CHARS))
        .unwrap_or(word)
        .to_ascii_lowercase();
    if id.len() == ID_CHARS && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(id)
    } else {
        Err(error(
            format!("“{word}” is not a key's id: /apikey list shows them (8 letters and digits)."),
            USAGE_APIKEY,
        ))
    }
}

/// `/pause [@handle]`.
fn parse_pause(words: &[&str]) -> Result<Command, CommandError> {
    match words {
        [] => Ok(Command::Pause(None)),
        [handle] => handle_argument(handle, USAGE_PAUSE).map(|h| Command::Pause(Some(h))),
        _ => Err(error("Name at most one account.", USAGE_PAUSE)),
    }
}

/// `/resume [@handle]`.
fn parse_resume(words: &[&str]) -> Result<Command, CommandError> {
    match words {
        [] => Ok(Command::Resume(None)),
        [handle] => handle_argument(handle, USAGE_RESUME).map(|h| Command::Resume(Some(h))),
        _ => Err(error("Name at most one account.", USAGE_RESUME)),
    }
}

const HANDLE_OR_IN_USE: Argument = Argument {
    name: "handle",
    description: "The account's handle (default: the one in use)",
    kind: ArgumentKind::Text,
    required: false,
};

/// `/pause`.
pub(super) const PAUSE_SPEC: Spec = Spec {
    name: "pause",
    aliases: &["restrict"],
    form: "[@handle]",
    summary: "Stop syncing and showing an account; its data is kept until /resume",
    arguments: &[HANDLE_OR_IN_USE],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: |words, _| parse_pause(words),
};

/// `/resume`.
pub(super) const RESUME_SPEC: Spec = Spec {
    name: "resume",
    aliases: &["unpause"],
    form: "[@handle]",
    summary: "Sync and show a paused account again",
    arguments: &[HANDLE_OR_IN_USE],
    who: Who::ChatAdmins,
    reveals: Reveals::Nothing,
    slow: false,
    opens_the_chat: false,
    parse: |words, _| parse_resume(words),
};

/// `/apikey`.
pub(super) const APIKEY_SPEC: Spec = Spec {
    name: "apikey",
    aliases: &["apikeys", "api_key"],
    form: "[new <name> [scope] [90d] [signed]|list|revoke <id>|rotate <id>|log [id]]",
    summary: "Keys to read this chat's accounts through Pulse's stats API",
    arguments: &[
        Argument {
            name: "action",
            description: "What to do (none: list the keys)",
            kind: ArgumentKind::Choice(&[
                ("list", "list"),
                ("new", "new"),
                ("revoke", "revoke"),
                ("rotate", "rotate"),
                ("log", "log"),
            ]),
            required: false,
        },
        Argument {
            name: "key",
            description: "With new: the key's name; else the key's id",
            kind: ArgumentKind::Text,
            required: false,
        },
        Argument {
            name: "options",
            description:
                "With new: scopes (stats:read, export:read, admin), a life like 90d, signed",
            kind: ArgumentKind::Text,
            required: false,
        },
    ],
    who: Who::ChatAdmins,
    reveals: Reveals::Always,
    slow: false,
    opens_the_chat: false,
    parse: |words, _| parse_apikey(words),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn apikey(text: &str) -> Result<ApiKeyAction, CommandError> {
        match Command::parse(text)? {
            Command::ApiKey(action) => Ok(action),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn apikey_reads_each_action() {
        assert_eq!(apikey("/apikey").unwrap(), ApiKeyAction::List);
        assert_eq!(apikey("/apikey list").unwrap(), ApiKeyAction::List);
        assert_eq!(
            apikey("/apikey new dashboard").unwrap(),
            ApiKeyAction::New {
                name: "dashboard".into(),
                scopes: vec![Scope::StatsRead],
                days: None,
                signed: false
            }
        );
        assert_eq!(
            apikey("/apikey new ci-export EXPORT:READ admin 90d signed").unwrap(),
            ApiKeyAction::New {
                name: "ci-export".into(),
                scopes: vec![Scope::ExportRead, Scope::Admin],
                days: Some(90),
                signed: true
            }
        );
        assert_eq!(
            apikey("/apikey revoke AB12CD34").unwrap(),
            ApiKeyAction::Revoke("ab12cd34".into())
        );
        assert_eq!(
            apikey("/apikey rotate ab12cd34 14d").unwrap(),
            ApiKeyAction::Rotate {
                id: "ab12cd34".into(),
                overlap_days: Some(14)
            }
        );
        assert_eq!(apikey("/apikey log").unwrap(), ApiKeyAction::Log(None));
    }

    #[test]
    fn bad_apikey_input_says_what_is_wrong_and_shows_the_form() {
        let cases = [
            ("/apikey new", "Give the key a name"),
            ("/apikey new stats:read", "name first"),
            (
                &format!("/apikey new {}", "n".repeat(MAX_KEY_NAME_CHARS + 1)),
                "at most 40",
            ),
            ("/apikey new dash stats:write", "“stats:write”"),
            ("/apikey new dash 0d", "“0d”"),
            ("/apikey new da$h", "one word"),
            ("/apikey revoke", "Name one key"),
            ("/apikey revoke abc", "not a key's id"),
            ("/apikey rotate ab12cd34 365d", "0 to 90"),
            ("/apikey frob", "“frob”"),
        ];
        for (text, expected) in cases {
            let error = Command::parse(text).unwrap_err();
            assert!(error.problem.contains(expected), "{text:?} gave {error:?}");
            assert!(error.usage.contains("/apikey new <name>"), "{text}");
        }
        assert!(Command::parse("/pause @a @b").is_err());
        assert!(Command::parse("/resume not/a/handle").is_err());
    }
}
