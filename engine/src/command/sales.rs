//! The arguments of the sales-assistant commands — acting on comments and leads
//! (`/comments`, `/reply`, `/dm`, `/draft`, `/send`, `/cancel`, `/hide`, `/unhide`, `/lead`,
//! `/leads`, `/templates`, `/alerts`) — as values that cannot be invalid, and their parsers.

use chrono::NaiveTime;

use super::{error, parse_period_only, Command, CommandError};
use crate::period::Period;
use crate::records::{LeadMark, QuietHours, ReplyKind};

pub(super) const USAGE_COMMENTS: &str =
    "Usage: /comments, or /comments <post link> for the newest comments of one post";
pub(super) const USAGE_REPLY: &str =
    "Usage: /reply <comment> [text], e.g. /reply 104233 Thank you! (the comment's number is in /comments and /leads)";
pub(super) const USAGE_DM: &str =
    "Usage: /dm <comment> [text], e.g. /dm 104233 Here is the link to the shop";
pub(super) const USAGE_DRAFT: &str = "Usage: /draft <comment>, e.g. /draft 104233";
pub(super) const USAGE_SEND: &str = "Usage: /send (sends the reply Pulse just showed you)";
pub(super) const USAGE_HIDE: &str = "Usage: /hide <comment> or /unhide <comment>";
pub(super) const USAGE_LEAD: &str =
    "Usage: /lead <comment> done|won|lost|open, e.g. /lead 104233 won";
pub(super) const USAGE_LEADS: &str =
    "Usage: /leads [open|replied|won|lost|done|all] [period], e.g. /leads, /leads won month";
pub(super) const USAGE_TEMPLATES: &str =
    "Usage: /templates, /templates add <name> <text>, /templates remove <name>\n\
e.g. /templates add price It is 25 € with free shipping in the EU";
pub(super) const USAGE_ALERTS: &str =
    "Usage: /alerts on|off|all|leads, /alerts quiet 22:00-08:00, /alerts quiet off";

/// The most characters of a saved reply's name.
pub const MAX_TEMPLATE_NAME_CHARS: usize = 24;

/// A comment as people name it in a command: its Instagram id, or the end of it that
/// `/comments` and `/leads` show (at least 4 digits; a leading `#` is allowed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CommentRef(String);

impl CommentRef {
    /// The reference, if `word` is one: 4 to 64 of `0-9 A-Z a-z _ -` (Instagram's ids are
    /// digits; a leading `#` is allowed).
    pub fn parse(word: &str) -> Option<Self> {
        let id = word.strip_prefix('#').unwrap_or(word);
        (4..=64)
            .contains(&id.len())
            .then_some(id)
            .filter(|id| {
                id.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            })
            .map(|id| Self(id.to_owned()))
    }

    /// A reference that names no comment (its text is not an id: ids have no `#`).
    pub(crate) fn none() -> Self {
        Self("#none".to_owned())
    }

    /// The reference as typed, without `#`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `comment_id` is the comment named: the whole id, or its end.
    pub fn names(&self, comment_id: &str) -> bool {
        comment_id.ends_with(self.0.as_str())
    }

    /// The short form Pulse shows for `comment_id`: its last 6 digits.
    pub fn short(comment_id: &str) -> String {
        let start = comment_id.len().saturating_sub(6);
        comment_id.get(start..).unwrap_or(comment_id).to_owned()
    }
}

/// Which leads `/leads` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadFilter {
    /// Not answered and not marked (the default).
    #[default]
    Open,
    /// Answered, publicly or privately, and not marked won or lost.
    Replied,
    /// Marked won.
    Won,
    /// Marked lost.
    Lost,
    /// Marked done.
    Done,
    /// All of them.
    All,
}

impl LeadFilter {
    /// Reads a filter word as `/leads` takes it (`open`, `replied`, `won`, `lost`, `done`, `all`).
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "open" | "new" | "unanswered" => LeadFilter::Open,
            "replied" | "answered" => LeadFilter::Replied,
            "won" | "sold" => LeadFilter::Won,
            "lost" => LeadFilter::Lost,
            "done" | "closed" => LeadFilter::Done,
            "all" => LeadFilter::All,
            _ => return None,
        })
    }

    /// Its word, as `/leads` takes it.
    pub fn word(self) -> &'static str {
        match self {
            LeadFilter::Open => "open",
            LeadFilter::Replied => "replied",
            LeadFilter::Won => "won",
            LeadFilter::Lost => "lost",
            LeadFilter::Done => "done",
            LeadFilter::All => "all",
        }
    }
}

/// What `/templates` should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatesAction {
    /// List the chat's saved replies.
    List,
    /// Save a reply under a name (replacing one of the same name).
    Add {
        /// Its name, one word.
        name: String,
        /// The text.
        text: String,
    },
    /// Remove the one of this name.
    Remove(String),
}

/// What `/alerts` should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertsAction {
    /// Say how alerts are set.
    Show,
    /// Alerts for new leads.
    Leads,
    /// Alerts for every new comment.
    EveryComment,
    /// No alerts.
    Off,
    /// No alerts in these local hours.
    Quiet(QuietHours),
    /// Alerts at any hour.
    QuietOff,
}

/// `/comments [post link or id]`.
pub(super) fn parse_comments(arguments: &[&str]) -> Result<Command, CommandError> {
    match arguments {
        [] => Ok(Command::Comments(None)),
        [post] if post.len() <= 200 => Ok(Command::Comments(Some((*post).to_owned()))),
        _ => Err(error("Name at most one post.", USAGE_COMMENTS)),
    }
}

/// `/reply <comment> [text]` and `/dm <comment> [text]`.
pub(super) fn parse_reply(
    arguments: &[&str],
    rest: &str,
    kind: ReplyKind,
) -> Result<Command, CommandError> {
    let usage = match kind {
        ReplyKind::Public => USAGE_REPLY,
        ReplyKind::Private => USAGE_DM,
    };
    let Some(first) = arguments.first() else {
        return Err(error("Which comment? Name it by its number.", usage));
    };
    let comment = CommentRef::parse(first)
        .ok_or_else(|| error(format!("\"{first}\" is not a comment's number."), usage))?;
    let text = rest
        .trim_start()
        .strip_prefix(first)
        .unwrap_or_default()
        .trim();
    Ok(Command::Reply {
        comment,
        kind,
        text: (!text.is_empty()).then(|| text.to_owned()),
    })
}

/// The one comment a command names.
pub(super) fn one_comment(
    arguments: &[&str],
    usage: &'static str,
) -> Result<CommentRef, CommandError> {
    match arguments {
        [word] => CommentRef::parse(word)
            .ok_or_else(|| error(format!("\"{word}\" is not a comment's number."), usage)),
        [] => Err(error("Which comment? Name it by its number.", usage)),
        _ => Err(error("Name one comment.", usage)),
    }
}

/// `/send [nonce]`.
pub(super) fn parse_send(arguments: &[&str]) -> Result<Command, CommandError> {
    match arguments {
        [] => Ok(Command::Send(None)),
        [nonce] if super::forget_nonce(nonce).is_some() => {
            Ok(Command::Send(Some((*nonce).to_owned())))
        }
        _ => Err(error("/send takes nothing after it.", USAGE_SEND)),
    }
}

/// `/lead <comment> done|won|lost|open`.
pub(super) fn parse_lead(arguments: &[&str]) -> Result<Command, CommandError> {
    let [word, mark] = arguments else {
        return Err(error("Name a comment and what it became.", USAGE_LEAD));
    };
    let comment = one_comment(&[word], USAGE_LEAD)?;
    let mark = match mark.to_ascii_lowercase().as_str() {
        "done" => Some(LeadMark::Done),
        "won" | "sold" => Some(LeadMark::Won),
        "lost" => Some(LeadMark::Lost),
        "open" | "reopen" => None,
        _ => {
            return Err(error(
                format!("\"{mark}\" is not done, won, lost or open."),
                USAGE_LEAD,
            ))
        }
    };
    Ok(Command::MarkLead { comment, mark })
}

/// `/leads [filter] [period]`.
pub(super) fn parse_leads(arguments: &[&str]) -> Result<Command, CommandError> {
    let (filter, period_words) = match arguments.split_first() {
        Some((first, rest)) => match LeadFilter::parse(first) {
            Some(filter) => (filter, rest),
            None => (LeadFilter::Open, arguments),
        },
        None => (LeadFilter::Open, arguments),
    };
    let period = if period_words.is_empty() {
        // Open leads wait however old they are within the default period; marked ones are
        // counted over the same period.
        Period::DEFAULT
    } else {
        parse_period_only(period_words, USAGE_LEADS)?
    };
    Ok(Command::Leads { filter, period })
}

/// `/templates`, `/templates add <name> <text>`, `/templates remove <name>`.
pub(super) fn parse_templates(arguments: &[&str], rest: &str) -> Result<Command, CommandError> {
    let action = match arguments {
        [] => TemplatesAction::List,
        [verb, word, ..] if verb.eq_ignore_ascii_case("add") => {
            let name = template_name(word)?;
            // After the words as typed (lower case may have another length in bytes).
            let text = rest
                .trim_start()
                .get(verb.len()..)
                .unwrap_or_default()
                .trim_start()
                .get(word.len()..)
                .unwrap_or_default()
                .trim();
            if text.is_empty() {
                return Err(error("Write the reply after its name.", USAGE_TEMPLATES));
            }
            TemplatesAction::Add {
                name,
                text: text.to_owned(),
            }
        }
        [verb, name]
            if ["remove", "delete", "rm"]
                .iter()
                .any(|v| verb.eq_ignore_ascii_case(v)) =>
        {
            TemplatesAction::Remove(template_name(name)?)
        }
        _ => return Err(error("That is not a /templates action.", USAGE_TEMPLATES)),
    };
    Ok(Command::Templates(action))
}

fn template_name(word: &str) -> Result<String, CommandError> {
    let ok = !word.is_empty()
        && word.chars().count() <= MAX_TEMPLATE_NAME_CHARS
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(word.to_lowercase())
    } else {
        Err(error(
            format!("A saved reply's name is one word of at most {MAX_TEMPLATE_NAME_CHARS} letters or digits."),
            USAGE_TEMPLATES,
        ))
    }
}

/// `/alerts …`.
pub(super) fn parse_alerts(arguments: &[&str]) -> Result<Command, CommandError> {
    let lower: Vec<String> = arguments.iter().map(|w| w.to_ascii_lowercase()).collect();
    let words: Vec<&str> = lower.iter().map(String::as_str).collect();
    let action = match words.as_slice() {
        [] => AlertsAction::Show,
        ["on"] | ["leads"] => AlertsAction::Leads,
        ["all"] | ["comments"] | ["every", "comment"] => AlertsAction::EveryComment,
        ["off"] => AlertsAction::Off,
        ["quiet", "off"] | ["quiet", "none"] => AlertsAction::QuietOff,
        ["quiet", hours] => AlertsAction::Quiet(quiet_hours(hours)?),
        ["quiet", from, "-" | "to", to] => {
            AlertsAction::Quiet(quiet_hours(&format!("{from}-{to}"))?)
        }
        _ => return Err(error("That is not an alerts setting.", USAGE_ALERTS)),
    };
    Ok(Command::Alerts(action))
}

fn quiet_hours(text: &str) -> Result<QuietHours, CommandError> {
    let bad = || {
        error(
            format!("\"{text}\" is not hours like 22:00-08:00."),
            USAGE_ALERTS,
        )
    };
    let (from, to) = text.split_once('-').ok_or_else(bad)?;
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| bad());
    let (from, to) = (time(from)?, time(to)?);
    if from == to {
        return Err(error(
            "Quiet hours must start and end at different times.",
            USAGE_ALERTS,
        ));
    }
    Ok(QuietHours { from, to })
}
