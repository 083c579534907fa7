//! What a chat user can ask for: the closed [`Command`] enum and its one pure parser.
//!
//! Every front end hands the text of a message to [`Command::parse`] (Discord rebuilds the
//! same text from its slash-command options), so `/top saves 7d 3` means the same on every
//! platform. Bad input gives a [`CommandError`] that says what was wrong and shows the right
//! form; it never reaches the user as a Rust error.

use std::fmt;

use chrono::NaiveTime;
use chrono_tz::Tz;

use crate::chat::Handle;
use crate::metric::Metric;
use crate::period::Period;

/// The longest question Pulse reads.
pub const MAX_QUESTION_CHARS: usize = 500;

/// The most posts `/top` lists.
pub const MAX_TOP: usize = 20;

/// The command menu every front end offers (Telegram's `setMyCommands`, Discord's slash
/// commands): name and one-line description, in the order of SPEC §2.
pub const MENU: &[(&str, &str)] = &[
    ("start", "Greeting and what Pulse can do"),
    ("help", "Commands and how to write them"),
    ("connect", "Link an Instagram account to this chat"),
    ("accounts", "The linked accounts"),
    ("use", "Choose the account questions are about"),
    ("disconnect", "Unlink an account"),
    ("stats", "Overview of a period: /stats 7d"),
    ("top", "Best posts by a metric: /top saves 30d 5"),
    ("best_time", "When to post"),
    ("fans", "Who comments most"),
    ("leads", "Comments that look like buyers"),
    ("digest", "Daily digest: on, off, now, time 08:30"),
    ("timezone", "This chat's time zone: /timezone Europe/Berlin"),
    ("ask", "A question in plain words"),
    ("export", "Everything stored for this chat, as JSON"),
    ("forget", "Delete everything stored for this chat"),
    ("privacy", "What is stored and how to delete it"),
];

/// A user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `/start [payload]`: the greeting (Telegram deep links carry a payload).
    Start {
        /// The deep-link payload, if any.
        payload: Option<String>,
    },
    /// `/help`.
    Help,
    /// `/connect`: a one-time link to link an Instagram account to this chat.
    Connect,
    /// `/accounts`: the linked accounts.
    Accounts,
    /// `/use @handle`: choose the active account.
    Use(Handle),
    /// `/disconnect [@handle]`: unlink an account (the active one when none is named).
    Disconnect(Option<Handle>),
    /// `/stats [period]`: the overview.
    Stats(Period),
    /// `/top [metric] [period] [n]`: the best posts.
    Top {
        /// What to rank by.
        metric: Metric,
        /// Which posts (published in this period).
        period: Period,
        /// How many (1–20).
        count: usize,
    },
    /// `/best_time`.
    BestTime,
    /// `/fans [period]`.
    Fans(Period),
    /// `/leads [period]`.
    Leads(Period),
    /// `/digest [on|off|now|time HH:MM]`.
    Digest(DigestAction),
    /// `/timezone <IANA zone>` sets it; `/timezone` alone shows it.
    Timezone(Option<Tz>),
    /// A question in plain language (`/ask …`, or plain text in a private chat).
    Ask(String),
    /// `/export`.
    Export,
    /// `/forget`: asks first; the question's own `/forget confirm <nonce>` deletes;
    /// `/forget cancel` does not.
    Forget(ForgetStep),
    /// `/privacy`.
    Privacy,
}

/// Where a `/forget` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForgetStep {
    /// Say what would be deleted and ask, with buttons that carry a fresh nonce.
    Ask,
    /// Delete — when the nonce is the one of the chat's open question (a bare `/forget
    /// confirm` deletes nothing).
    Confirm(Option<String>),
    /// Do nothing, and close the question.
    Cancel(Option<String>),
}

/// Whether `word` could be a `/forget` question's nonce: 1–32 of `A-Z a-z 0-9 _ -`.
fn forget_nonce(word: &str) -> Option<String> {
    ((1..=32).contains(&word.len())
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
    .then(|| word.to_owned())
}

/// What `/digest` should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAction {
    /// Say whether it is on and when it comes (`/digest` alone).
    Show,
    /// Turn the daily digest on.
    On,
    /// Turn it off.
    Off,
    /// Send one now.
    Now,
    /// Send it at this local time.
    Time(NaiveTime),
}

/// A message that is not a valid command: what was wrong, and the right form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError {
    /// What was wrong, in plain words.
    pub problem: String,
    /// The right form, with an example.
    pub usage: &'static str,
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}", self.problem, self.usage)
    }
}

const USAGE_HELP: &str = "Send /help to see the commands.";
const USAGE_USE: &str = "Usage: /use @handle (see /accounts for the linked ones)";
const USAGE_DISCONNECT: &str = "Usage: /disconnect or /disconnect @handle";
const USAGE_STATS: &str = "Usage: /stats [period], e.g. /stats 7d, /stats last-month, /stats 2025";
const USAGE_TOP: &str = "Usage: /top [metric] [period] [n], e.g. /top saves 7d 3\n\
Metrics: interactions, likes, comments, saves, shares, reach, views, follows, profile-visits, er";
const USAGE_FANS: &str = "Usage: /fans [period], e.g. /fans 30d";
const USAGE_LEADS: &str = "Usage: /leads [period], e.g. /leads week";
const USAGE_DIGEST: &str = "Usage: /digest on, /digest off, /digest now, /digest time 08:30";
const USAGE_TIMEZONE: &str = "Usage: /timezone <IANA zone>, e.g. /timezone Europe/Berlin";
const USAGE_FORGET: &str =
    "Usage: /forget (then press “Delete everything” on the question it asks, within 5 minutes)";
const USAGE_ASK: &str =
    "Usage: /ask <question>, e.g. /ask which post got the most saves last month?";

fn error(problem: impl Into<String>, usage: &'static str) -> CommandError {
    CommandError {
        problem: problem.into(),
        usage,
    }
}

/// The period of `/stats`, `/fans`, `/leads`: one word (`7d`, `week`), or words as people
/// type them (`last week`, `all time`, read as `last-week`, `all-time`).
fn parse_period_only(arguments: &[&str], usage: &'static str) -> Result<Period, CommandError> {
    if arguments.is_empty() {
        return Ok(Period::DEFAULT);
    }
    let words = arguments.join(" ");
    Period::parse_argument(&arguments.join("-"))
        .ok_or_else(|| error(format!("I don't know the period \"{words}\"."), usage))
}

fn parse_top(arguments: &[&str]) -> Result<Command, CommandError> {
    let (mut metric, mut period, mut count) = (None, None, None);
    for argument in arguments {
        let number = argument.parse::<usize>().ok();
        if let Some(n) = number.filter(|n| (1..=MAX_TOP).contains(n) && count.is_none()) {
            count = Some(n);
        } else if let Some(p) = Period::parse_argument(argument).filter(|_| period.is_none()) {
            period = Some(p);
        } else if number.is_some() || argument.starts_with('-') {
            return Err(error(
                format!("I can list 1 to {MAX_TOP} posts."),
                USAGE_TOP,
            ));
        } else if let Some(m) = Metric::parse(argument).filter(|_| metric.is_none()) {
            metric = Some(m);
        } else {
            return Err(error(
                format!("I don't understand \"{argument}\" here."),
                USAGE_TOP,
            ));
        }
    }
    Ok(Command::Top {
        metric: metric.unwrap_or(Metric::Interactions),
        period: period.unwrap_or(Period::DEFAULT),
        count: count.unwrap_or(5),
    })
}

fn parse_digest(arguments: &[&str]) -> Result<Command, CommandError> {
    let action = match arguments {
        [] => DigestAction::Show,
        [word] if word.eq_ignore_ascii_case("on") => DigestAction::On,
        [word] if word.eq_ignore_ascii_case("off") => DigestAction::Off,
        [word] if word.eq_ignore_ascii_case("now") => DigestAction::Now,
        [word, time] if word.eq_ignore_ascii_case("time") => {
            let time = NaiveTime::parse_from_str(time, "%H:%M").map_err(|_| {
                error(
                    format!("\"{time}\" is not a time like 08:30."),
                    USAGE_DIGEST,
                )
            })?;
            DigestAction::Time(time)
        }
        _ => return Err(error("That is not a digest setting.", USAGE_DIGEST)),
    };
    Ok(Command::Digest(action))
}

impl Command {
    /// Whether, in a group chat or a server, only its administrators may use this: what
    /// links or unlinks accounts, changes the chat's settings, or hands out or deletes
    /// everything stored for it. Questions, `/stats` and the like are open to every member.
    pub fn needs_chat_admin(&self) -> bool {
        matches!(
            self,
            Command::Connect
                | Command::Use(_)
                | Command::Disconnect(_)
                | Command::Digest(DigestAction::On | DigestAction::Off | DigestAction::Time(_))
                | Command::Timezone(Some(_))
                | Command::Export
                | Command::Forget(_)
        )
    }

    /// Whether this command answers a question's buttons for good (a `/forget` question's
    /// confirm or cancel): a front end removes the buttons of the message pressed, so they
    /// cannot be pressed again.
    pub fn closes_its_prompt(&self) -> bool {
        matches!(
            self,
            Command::Forget(ForgetStep::Confirm(Some(_)) | ForgetStep::Cancel(Some(_)))
        )
    }

    /// Parses one chat message. Text that does not start with `/` is a question.
    pub fn parse(text: &str) -> Result<Command, CommandError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(error("The message is empty.", USAGE_HELP));
        }
        let Some(command_text) = text.strip_prefix('/') else {
            return Self::question(text);
        };
        // `/ ask x` is `/ask x`; the name ends at the first white space.
        let command_text = command_text.trim_start();
        let (head, rest) = command_text
            .split_once(char::is_whitespace)
            .unwrap_or((command_text, ""));
        // Telegram groups address a bot as `/stats@pulse_bot`.
        let name = head
            .split('@')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let rest = rest.trim();
        let arguments: Vec<&str> = rest.split_whitespace().collect();
        match name.as_str() {
            "start" => Ok(Command::Start {
                payload: arguments.first().map(|p| (*p).to_owned()),
            }),
            "help" => Ok(Command::Help),
            "connect" | "link" => Ok(Command::Connect),
            "accounts" => Ok(Command::Accounts),
            "use" => match arguments.as_slice() {
                [handle] => Handle::parse(handle).map(Command::Use).ok_or_else(|| {
                    error(
                        format!("\"{handle}\" is not an Instagram handle."),
                        USAGE_USE,
                    )
                }),
                _ => Err(error("Name one account.", USAGE_USE)),
            },
            "disconnect" | "unlink" => match arguments.as_slice() {
                [] => Ok(Command::Disconnect(None)),
                [handle] => Handle::parse(handle)
                    .map(|h| Command::Disconnect(Some(h)))
                    .ok_or_else(|| {
                        error(
                            format!("\"{handle}\" is not an Instagram handle."),
                            USAGE_DISCONNECT,
                        )
                    }),
                _ => Err(error("Name at most one account.", USAGE_DISCONNECT)),
            },
            "stats" | "overview" | "summary" => {
                parse_period_only(&arguments, USAGE_STATS).map(Command::Stats)
            }
            "top" => parse_top(&arguments),
            "best_time" | "besttime" | "best-time" => Ok(Command::BestTime),
            "fans" => parse_period_only(&arguments, USAGE_FANS).map(Command::Fans),
            "leads" => parse_period_only(&arguments, USAGE_LEADS).map(Command::Leads),
            "digest" => parse_digest(&arguments),
            "timezone" | "tz" => match arguments.as_slice() {
                [] => Ok(Command::Timezone(None)),
                [zone] => zone
                    .parse::<Tz>()
                    .map(|zone| Command::Timezone(Some(zone)))
                    .map_err(|_| {
                        error(
                            format!("\"{zone}\" is not a time zone I know."),
                            USAGE_TIMEZONE,
                        )
                    }),
                _ => Err(error("Name one time zone.", USAGE_TIMEZONE)),
            },
            "ask" => Self::question(rest),
            "export" => Ok(Command::Export),
            "forget" => {
                let step = arguments.first().map(|word| word.to_ascii_lowercase());
                let nonce = match arguments.get(1..) {
                    None | Some([]) => Some(None),
                    Some([nonce]) => forget_nonce(nonce).map(Some),
                    Some(_) => None,
                };
                match (step.as_deref(), nonce) {
                    (None, _) => Ok(Command::Forget(ForgetStep::Ask)),
                    (Some("confirm" | "yes"), Some(nonce)) => {
                        Ok(Command::Forget(ForgetStep::Confirm(nonce)))
                    }
                    (Some("cancel" | "no"), Some(nonce)) => {
                        Ok(Command::Forget(ForgetStep::Cancel(nonce)))
                    }
                    _ => Err(error("That is not a step of /forget.", USAGE_FORGET)),
                }
            }
            "privacy" => Ok(Command::Privacy),
            _ => Err(error(
                format!("I don't know the command /{name}."),
                USAGE_HELP,
            )),
        }
    }

    fn question(text: &str) -> Result<Command, CommandError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(error("Ask me something.", USAGE_ASK));
        }
        if text.chars().count() > MAX_QUESTION_CHARS {
            return Err(error(
                format!("That question is too long for me (over {MAX_QUESTION_CHARS} characters)."),
                USAGE_ASK,
            ));
        }
        Ok(Command::Ask(text.to_owned()))
    }

    /// The command's name as typed (`top`), for logs and metrics. Never includes arguments.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Start { .. } => "start",
            Command::Help => "help",
            Command::Connect => "connect",
            Command::Accounts => "accounts",
            Command::Use(_) => "use",
            Command::Disconnect(_) => "disconnect",
            Command::Stats(_) => "stats",
            Command::Top { .. } => "top",
            Command::BestTime => "best_time",
            Command::Fans(_) => "fans",
            Command::Leads(_) => "leads",
            Command::Digest(_) => "digest",
            Command::Timezone(_) => "timezone",
            Command::Ask(_) => "ask",
            Command::Export => "export",
            Command::Forget(_) => "forget",
            Command::Privacy => "privacy",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Command {
        Command::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn commands_parse() {
        assert_eq!(parse("/start"), Command::Start { payload: None });
        assert_eq!(
            parse("/start abc"),
            Command::Start {
                payload: Some("abc".into())
            }
        );
        assert_eq!(parse("/HELP"), Command::Help);
        assert_eq!(
            parse("/stats@pulse_bot 7d"),
            Command::Stats(Period::LastDays(7))
        );
        assert_eq!(parse("/stats"), Command::Stats(Period::DEFAULT));
        assert_eq!(parse("/stats last week"), Command::Stats(Period::LastWeek));
        assert_eq!(parse("/fans all time"), Command::Fans(Period::AllTime));
        assert_eq!(
            parse("/leads this month"),
            Command::Leads(Period::ThisMonth)
        );
        assert!(Command::parse("/stats last fortnight ago").is_err());
        assert_eq!(
            parse("/top saves 7d 3"),
            Command::Top {
                metric: Metric::Saves,
                period: Period::LastDays(7),
                count: 3
            }
        );
        assert_eq!(
            parse("/top 3 last-month reach"),
            Command::Top {
                metric: Metric::Reach,
                period: Period::LastMonth,
                count: 3
            }
        );
        assert_eq!(
            parse("/top 2025 likes"),
            Command::Top {
                metric: Metric::Likes,
                period: Period::Year(2025),
                count: 5
            }
        );
        assert_eq!(
            parse("/top"),
            Command::Top {
                metric: Metric::Interactions,
                period: Period::DEFAULT,
                count: 5
            }
        );
        assert_eq!(
            parse("/use @Shop.Name"),
            Command::Use(Handle::parse("shop.name").unwrap())
        );
        assert_eq!(parse("/disconnect"), Command::Disconnect(None));
        assert_eq!(
            parse("/digest time 08:30"),
            Command::Digest(DigestAction::Time(
                NaiveTime::from_hms_opt(8, 30, 0).unwrap()
            ))
        );
        assert_eq!(
            parse("/timezone Europe/Berlin"),
            Command::Timezone(Some(chrono_tz::Europe::Berlin))
        );
        assert_eq!(parse("/timezone"), Command::Timezone(None));
        assert_eq!(parse("/digest"), Command::Digest(DigestAction::Show));
        assert_eq!(
            parse("/ask   how many likes? "),
            Command::Ask("how many likes?".into())
        );
        assert_eq!(
            parse("what is my reach"),
            Command::Ask("what is my reach".into())
        );
    }

    #[test]
    fn every_menu_command_is_a_command() {
        let examples = [
            ("use", " @shop"),
            ("digest", " on"),
            ("timezone", " UTC"),
            ("ask", " reach?"),
        ];
        for (name, _) in MENU {
            let arguments = examples
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, a)| *a);
            let command = Command::parse(&format!("/{name}{arguments}"))
                .unwrap_or_else(|e| panic!("/{name}: {e}"));
            assert_eq!(command.name(), *name);
        }
    }

    #[test]
    fn bad_input_says_what_is_wrong_and_shows_the_form() {
        let cases = [
            ("/top saves 7d 99", "1 to 20"),
            ("/top saves likes", "\"likes\""),
            ("/top banana", "\"banana\""),
            ("/stats forever-ago", "\"forever-ago\""),
            ("/timezone Mars/Olympus", "Mars/Olympus"),
            ("/digest time 25:00", "25:00"),
            ("/digest sometimes", "not a digest setting"),
            ("/use", "Name one account"),
            ("/use not a handle", "Name one account"),
            ("/frobnicate", "/frobnicate"),
            ("   ", "empty"),
            ("/ask", "Ask me something"),
        ];
        for (text, expected) in cases {
            let error = Command::parse(text).unwrap_err();
            assert!(error.problem.contains(expected), "{text:?} gave {error:?}");
            assert!(!error.usage.is_empty());
        }
        assert!(Command::parse(&"x".repeat(MAX_QUESTION_CHARS + 1)).is_err());
    }

    #[test]
    fn arbitrary_text_never_panics() {
        let samples = [
            "/ é",
            "/é ü",
            "/\u{00a0}ask x",
            "/",
            "//",
            "/@",
            "/top @@",
            "/\u{0}",
            "/top 0",
            "/top -1",
            "/top 18446744073709551616",
            "/timezone",
            "/timezone a b",
            "/digest time",
            "/stats 2026-01-01..",
            "/ü",
            "/top ✨ 7d",
        ];
        for text in samples {
            let _ = Command::parse(text);
        }
    }
}
