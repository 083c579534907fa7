//! What a chat user can ask for: the closed [`Command`] enum, declared once in the table of
//! `table.rs` ([`COMMANDS`]), and its one pure parser.
//!
//! Every front end hands the text of a message to [`Command::parse`] (Discord rebuilds the
//! same text from its slash-command options, by the same table), so `/top saves 7d 3` means
//! the same on every platform. Bad input gives a [`CommandError`] that says what was wrong
//! and shows the right form; it never reaches the user as a Rust error.

mod api;
mod posts;
mod sales;
mod table;

pub use api::{ApiKeyAction, MAX_KEY_DAYS, MAX_KEY_NAME_CHARS, MAX_OVERLAP_DAYS};
pub use posts::PostRef;

pub use sales::{AlertsAction, CommentRef, LeadFilter, TemplatesAction, MAX_TEMPLATE_NAME_CHARS};

pub use table::{
    find, help_lines, parse_in, Argument, ArgumentKind, Parser, Reveals, Spec, Who, COMMANDS,
    METRIC_CHOICES, PERIOD_CHOICES,
};

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
    /// `/connect [instagram|tiktok]`: a one-time link to link an account of that network to
    /// this chat (none named: Instagram, or a choice when TikTok is configured).
    Connect(Option<crate::account::Network>),
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
    /// `/leads [open|replied|won|lost|done|all] [period]`.
    Leads {
        /// Which leads.
        filter: LeadFilter,
        /// Comments written in this period.
        period: Period,
    },
    /// `/comments [post]`: the newest comments of the account, or of one post, each with
    /// its actions.
    Comments(Option<String>),
    /// `/reply <comment> [text]` and `/dm <comment> [text]`: start a public or private
    /// reply; with the text, show it for sending.
    Reply {
        /// The comment answered.
        comment: CommentRef,
        /// Public, or a direct message.
        kind: crate::records::ReplyKind,
        /// The text, when typed with the command.
        text: Option<String>,
    },
    /// `/draft <comment>`: the language model writes a reply to approve (never sent by
    /// itself).
    DraftReply(CommentRef),
    /// `/send [nonce]`: send the reply shown for approval.
    Send(Option<String>),
    /// `/cancel`: drop the reply being written.
    Cancel,
    /// `/hide <comment>` and `/unhide <comment>`.
    Hide {
        /// The comment.
        comment: CommentRef,
        /// Hide (`true`) or show again.
        hidden: bool,
    },
    /// `/lead <comment> done|won|lost|open`.
    MarkLead {
        /// The lead's comment.
        comment: CommentRef,
        /// What it became; `None` opens it again.
        mark: Option<crate::records::LeadMark>,
    },
    /// `/templates …`: the chat's saved replies.
    Templates(TemplatesAction),
    /// `/alerts …`: messages for new leads or comments as they arrive.
    Alerts(AlertsAction),
    /// `/post [caption]`: a new post from the files sent with it (a photo, an album, a
    /// video), shown with its choices: post now, at the best time, at a time, or not.
    Post {
        /// The caption typed with it.
        caption: Option<String>,
    },
    /// `/schedule [post] <when>`: publish a draft (the newest when none is named) or move a
    /// scheduled post to a time as people write it, or to the best time.
    Schedule {
        /// The post.
        post: Option<PostRef>,
        /// The time as written.
        when: String,
    },
    /// `/publish [post]`: publish it now.
    Publish(Option<PostRef>),
    /// `/caption [post] <text>`: change a post's caption until it starts publishing.
    Caption {
        /// The post (the newest draft when none is named).
        post: Option<PostRef>,
        /// The new caption.
        text: String,
    },
    /// `/queue`: the chat's drafts, scheduled posts and the latest published or failed.
    Queue,
    /// `/drop <post>`: cancel a draft or a scheduled post.
    DropPost(PostRef),
    /// `/fit <post> pad|crop`: bring its photos into the feed's shapes.
    FitPost {
        /// The post.
        post: PostRef,
        /// How.
        how: crate::media::Fit,
    },
    /// `/retry <post>`: publish again a post that failed before anything was published.
    RetryPost(PostRef),
    /// `/digest [on|off|now|time HH:MM]`.
    Digest(DigestAction),
    /// `/timezone <IANA zone>` sets it; `/timezone` alone shows it.
    Timezone(Option<Tz>),
    /// A question in plain language (`/ask …`, or plain text in a private chat).
    Ask(String),
    /// `/export`.
    Export,
    /// `/apikey …`: the chat's keys of the stats API.
    ApiKey(ApiKeyAction),
    /// `/pause [@handle]`: restrict the processing of an account (the one in use when none
    /// is named): its data is kept, nothing syncs or shows it.
    Pause(Option<Handle>),
    /// `/resume [@handle]`: lift it.
    Resume(Option<Handle>),
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
const USAGE_CONNECT: &str = "Usage: /connect, /connect instagram or /connect tiktok";
const USAGE_USE: &str = "Usage: /use @handle (see /accounts for the linked ones)";
const USAGE_DISCONNECT: &str = "Usage: /disconnect or /disconnect @handle";
const USAGE_STATS: &str = "Usage: /stats [period], e.g. /stats 7d, /stats last-month, /stats 2025";
const USAGE_TOP: &str = "Usage: /top [metric] [period] [n], e.g. /top saves 7d 3\n\
Metrics: interactions, likes, comments, saves, shares, reach, views, follows, profile-visits, er";
const USAGE_FANS: &str = "Usage: /fans [period], e.g. /fans 30d";
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

/// A handle argument, or what is wrong with it and the command's form.
fn handle_argument(handle: &str, usage: &'static str) -> Result<Handle, CommandError> {
    Handle::parse(handle)
        .ok_or_else(|| error(format!("\"{handle}\" is not an Instagram handle."), usage))
}

/// `/use @handle`.
fn parse_use(arguments: &[&str]) -> Result<Command, CommandError> {
    match arguments {
        [handle] => handle_argument(handle, USAGE_USE).map(Command::Use),
        _ => Err(error("Name one account.", USAGE_USE)),
    }
}

/// `/connect [instagram|tiktok]`.
pub(crate) fn parse_connect(arguments: &[&str]) -> Result<Command, CommandError> {
    use crate::account::Network;
    match arguments {
        [] => Ok(Command::Connect(None)),
        [network] => match network
            .trim_start_matches('@')
            .to_ascii_lowercase()
            .as_str()
        {
            "instagram" | "ig" | "insta" => Ok(Command::Connect(Some(Network::Instagram))),
            "tiktok" | "tik-tok" | "tt" => Ok(Command::Connect(Some(Network::TikTok))),
            _ => Err(error(
                format!("Pulse links Instagram and TikTok accounts, not “{network}”."),
                USAGE_CONNECT,
            )),
        },
        _ => Err(error("Name one network.", USAGE_CONNECT)),
    }
}

/// `/disconnect [@handle]`.
fn parse_disconnect(arguments: &[&str]) -> Result<Command, CommandError> {
    match arguments {
        [] => Ok(Command::Disconnect(None)),
        [handle] => handle_argument(handle, USAGE_DISCONNECT).map(|h| Command::Disconnect(Some(h))),
        _ => Err(error("Name at most one account.", USAGE_DISCONNECT)),
    }
}

/// `/timezone [zone]`.
fn parse_timezone(arguments: &[&str]) -> Result<Command, CommandError> {
    match arguments {
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
    }
}

/// `/forget`, `/forget confirm <nonce>`, `/forget cancel <nonce>`.
fn parse_forget(arguments: &[&str]) -> Result<Command, CommandError> {
    let step = arguments.first().map(|word| word.to_ascii_lowercase());
    let nonce = match arguments.get(1..) {
        None | Some([]) => Some(None),
        Some([nonce]) => forget_nonce(nonce).map(Some),
        Some(_) => None,
    };
    match (step.as_deref(), nonce) {
        (None, _) => Ok(Command::Forget(ForgetStep::Ask)),
        (Some("confirm" | "yes"), Some(nonce)) => Ok(Command::Forget(ForgetStep::Confirm(nonce))),
        (Some("cancel" | "no"), Some(nonce)) => Ok(Command::Forget(ForgetStep::Cancel(nonce))),
        _ => Err(error("That is not a step of /forget.", USAGE_FORGET)),
    }
}

/// A question in plain words: not empty, not too long.
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

impl Command {
    /// Parses one chat message by the table of commands. Text that does not start with `/`
    /// is a question.
    pub fn parse(text: &str) -> Result<Command, CommandError> {
        parse_in(COMMANDS, text).map(|(command, _)| command)
    }

    /// Reads the data of a pressed button: the command Pulse wrote on it
    /// ([`crate::reply::Button::Command`]). Data that is not a command is refused, never
    /// read as a question: only a person types questions.
    pub fn from_button(data: &str) -> Result<Command, CommandError> {
        if data.trim_start().starts_with('/') {
            Command::parse(data)
        } else {
            Err(error("That button does not work any more.", USAGE_HELP))
        }
    }

    /// This command's declaration in [`COMMANDS`].
    pub fn spec(&self) -> &'static Spec {
        find(COMMANDS, self.name()).expect("every command is declared in COMMANDS")
    }

    /// Whether, in a group chat or a server, only its administrators may use this (see
    /// [`Who`]): what links or unlinks accounts, changes the chat's settings, or hands out or
    /// deletes everything stored for it. Questions, `/stats` and the like are open to every
    /// member.
    pub fn needs_chat_admin(&self) -> bool {
        self.spec().needs_chat_admin(self)
    }

    /// Whether this changes one of the chat's settings (a digest turned on or off or moved,
    /// a time zone set), rather than showing it.
    pub fn changes_a_setting(&self) -> bool {
        match self {
            Command::Digest(action) => table::digest_changes_a_setting(*action),
            Command::Timezone(zone) => zone.is_some(),
            Command::Templates(action) => *action != TemplatesAction::List,
            Command::Alerts(action) => *action != AlertsAction::Show,
            _ => self.spec().who == Who::ChatAdmins,
        }
    }

    /// Whether the answer reads the account's data and may take seconds: the table's word,
    /// and `/digest now`, which builds a digest.
    pub fn is_slow(&self) -> bool {
        self.spec().slow || matches!(self, Command::Digest(DigestAction::Now))
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

    /// The command's name as typed (`top`), for logs and metrics. Never includes arguments.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Start { .. } => "start",
            Command::Help => "help",
            Command::Connect(_) => "connect",
            Command::Accounts => "accounts",
            Command::Use(_) => "use",
            Command::Disconnect(_) => "disconnect",
            Command::Stats(_) => "stats",
            Command::Top { .. } => "top",
            Command::BestTime => "best_time",
            Command::Fans(_) => "fans",
            Command::Leads { .. } => "leads",
            Command::Comments(_) => "comments",
            Command::Reply {
                kind: crate::records::ReplyKind::Public,
                ..
            } => "reply",
            Command::Reply {
                kind: crate::records::ReplyKind::Private,
                ..
            } => "dm",
            Command::DraftReply(_) => "draft",
            Command::Send(_) => "send",
            Command::Cancel => "cancel",
            Command::Hide { hidden: true, .. } => "hide",
            Command::Hide { hidden: false, .. } => "unhide",
            Command::MarkLead { .. } => "lead",
            Command::Templates(_) => "templates",
            Command::Alerts(_) => "alerts",
            Command::Post { .. } => "post",
            Command::Schedule { .. } => "schedule",
            Command::Publish(_) => "publish",
            Command::Caption { .. } => "caption",
            Command::Queue => "queue",
            Command::DropPost(_) => "drop",
            Command::FitPost { .. } => "fit",
            Command::RetryPost(_) => "retry",
            Command::Digest(_) => "digest",
            Command::Timezone(_) => "timezone",
            Command::Ask(_) => "ask",
            Command::Export => "export",
            Command::ApiKey(_) => "apikey",
            Command::Pause(_) => "pause",
            Command::Resume(_) => "resume",
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
            Command::Leads {
                filter: LeadFilter::Open,
                period: Period::ThisMonth
            }
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
    fn a_saved_replys_text_follows_its_name_as_typed() {
        // "İ" lower-cases to two characters: the text must not lose its start.
        assert_eq!(
            parse("/templates add İNDİRİM Fiyat 25 TL"),
            Command::Templates(TemplatesAction::Add {
                name: "i̇ndi̇ri̇m".into(),
                text: "Fiyat 25 TL".into()
            })
        );
    }

    #[test]
    fn every_declared_command_parses_as_itself_under_each_of_its_names() {
        let examples = [
            ("use", " @shop"),
            ("digest", " on"),
            ("timezone", " UTC"),
            ("ask", " reach?"),
            ("reply", " 17900000000000101 thanks"),
            ("dm", " 17900000000000101"),
            ("draft", " 000101"),
            ("hide", " #000101"),
            ("unhide", " 000101"),
            ("lead", " 000101 won"),
            ("schedule", " tomorrow 6pm"),
            ("caption", " Spring is here"),
            ("drop", " p4k2x9m"),
            ("fit", " p4k2x9m pad"),
            ("retry", " p4k2x9m"),
        ];
        for spec in COMMANDS {
            let arguments = examples
                .iter()
                .find(|(n, _)| *n == spec.name)
                .map_or("", |(_, a)| *a);
            for name in std::iter::once(&spec.name).chain(spec.aliases) {
                let command = Command::parse(&format!("/{name}{arguments}"))
                    .unwrap_or_else(|e| panic!("/{name}: {e}"));
                assert_eq!(command.name(), spec.name);
                assert_eq!(command.spec().name, spec.name);
            }
            assert!(spec.summary.chars().count() <= 100, "/{}", spec.name);
            assert!(
                spec.arguments
                    .iter()
                    .all(|a| a.description.chars().count() <= 100),
                "/{}",
                spec.name
            );
        }
    }

    #[test]
    fn who_may_use_a_command_follows_its_declaration() {
        let admins_only = [
            "/connect",
            "/use @shop",
            "/disconnect",
            "/digest on",
            "/digest off",
            "/digest time 07:00",
            "/timezone UTC",
            "/export",
            "/forget",
            "/apikey",
            "/apikey new dash",
            "/pause",
            "/resume @shop",
        ];
        let everyone = [
            "/start",
            "/help",
            "/accounts",
            "/stats",
            "/top",
            "/best_time",
            "/fans",
            "/leads",
            "/digest",
            "/digest now",
            "/timezone",
            "/ask reach?",
            "/privacy",
            "reach?",
        ];
        for text in admins_only {
            assert!(parse(text).needs_chat_admin(), "{text}");
        }
        for text in everyone {
            assert!(!parse(text).needs_chat_admin(), "{text}");
        }
        assert!(parse("/digest now").is_slow() && !parse("/digest on").is_slow());
        assert!(parse("/top").is_slow() && !parse("/help").is_slow());
    }

    #[test]
    fn a_command_added_to_the_table_is_parsed_listed_and_guarded() {
        // A test build's table: every command, and one more.
        let mut table: Vec<Spec> = COMMANDS.to_vec();
        table.push(Spec {
            name: "hello",
            aliases: &["hi"],
            form: "[period]",
            summary: "Says hello",
            arguments: &[],
            who: Who::ChatAdmins,
            reveals: Reveals::Nothing,
            slow: false,
            opens_the_chat: false,
            parse: |_, _| Ok(Command::Help),
        });
        let (command, spec) = parse_in(&table, "/HI@pulse_bot").unwrap();
        assert_eq!((command, spec.name), (Command::Help, "hello"));
        assert!(spec.needs_chat_admin(&Command::Help));
        assert!(help_lines(&table).contains("/hello [period]: Says hello"));
        assert!(parse_in(COMMANDS, "/hello").is_err());
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
