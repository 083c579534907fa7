//! The one declaration of every command: its name and other spellings, the form of its
//! arguments, the line that describes it, who may use it, whether its answer shows personal
//! data, whether it is slow, and how its arguments parse. Parsing, `/help`, the Telegram
//! menu, the Discord slash commands and every permission check are derived from [`COMMANDS`];
//! nothing else lists the commands.

use super::api;
use super::posts;
use super::sales::{
    one_comment, parse_alerts, parse_comments, parse_lead, parse_leads, parse_reply, parse_send,
    parse_templates, USAGE_DRAFT, USAGE_HIDE,
};
use super::{
    error, parse_digest, parse_disconnect, parse_forget, parse_period_only, parse_timezone,
    parse_top, parse_use, question, Command, CommandError, DigestAction,
};

/// Who may use a command in a group chat or a server (in a private chat: its one person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Every member.
    Everyone,
    /// The chat's administrators (Discord: Manage Server): what links or unlinks accounts,
    /// or hands out or deletes everything stored for the chat.
    ChatAdmins,
    /// Every member may see the setting; only administrators change it (`/digest`,
    /// `/timezone`).
    ChatAdminsToChange,
}

/// Whether an answer shows a private link or personal data (commenters' names, their
/// words), so platforms that can show it to the asker alone should.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveals {
    /// Never.
    Nothing,
    /// Always.
    Always,
    /// When the question is about people (decided by what it reads as).
    WhenTheQuestionDoes,
}

/// What kind of value an argument takes, for platforms with typed options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentKind {
    /// A period, one of [`PERIOD_CHOICES`] (any form `/help` names is read).
    Period,
    /// A metric, one of [`METRIC_CHOICES`].
    Metric,
    /// A whole number from 1 to `max`.
    Count {
        /// The largest.
        max: u64,
    },
    /// Free text.
    Text,
    /// One of these: label and the word Pulse reads.
    Choice(&'static [(&'static str, &'static str)]),
    /// A channel of the server, for where Pulse's own messages go (not part of the text
    /// Pulse reads; platforms without channels leave it out).
    Channel,
    /// A file sent with the command (Discord's attachment option): not part of the text
    /// Pulse reads; the front end hands the file over with the message.
    Attachment,
}

/// One argument of a command, in the order the command text takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argument {
    /// Its name (a Discord option's name).
    pub name: &'static str,
    /// What it is, in a few words.
    pub description: &'static str,
    /// What it takes.
    pub kind: ArgumentKind,
    /// Whether the command needs it.
    pub required: bool,
}

/// How a command's arguments parse: the words after its name, and the rest as typed.
pub type Parser = fn(&[&str], &str) -> Result<Command, CommandError>;

/// One command, declared once.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The name (`top`).
    pub name: &'static str,
    /// Other names it answers to (`/link` for `/connect`).
    pub aliases: &'static [&'static str],
    /// The form of its arguments in `/help` (`[metric] [period] [n]`), empty when none.
    pub form: &'static str,
    /// What it does, in one line of at most 100 characters (menus and `/help`).
    pub summary: &'static str,
    /// Its arguments, in order.
    pub arguments: &'static [Argument],
    /// Who may use it.
    pub who: Who,
    /// Whether its answer shows personal data or a private link.
    pub reveals: Reveals,
    /// Whether its answer reads the account's data and may take seconds (Discord defers it).
    pub slow: bool,
    /// Whether the platform sends it when a person first opens the chat (Telegram's Start
    /// button); platforms without such a button leave it out of their menus.
    pub opens_the_chat: bool,
    /// How its arguments parse.
    pub parse: Parser,
}

impl Spec {
    /// Whether `command` (parsed by this spec) needs a chat administrator.
    pub fn needs_chat_admin(&self, command: &Command) -> bool {
        match self.who {
            Who::Everyone => false,
            Who::ChatAdmins => true,
            Who::ChatAdminsToChange => command.changes_a_setting(),
        }
    }

    /// Its line in `/help`: `/top [metric] [period] [n]: Best posts by a metric`.
    pub fn help_line(&self) -> String {
        if self.form.is_empty() {
            format!("/{}: {}", self.name, self.summary)
        } else {
            format!("/{} {}: {}", self.name, self.form, self.summary)
        }
    }
}

/// Period choices offered where a platform shows a list: label and the word Pulse reads.
pub const PERIOD_CHOICES: &[(&str, &str)] = &[
    ("last 7 days", "7d"),
    ("last 30 days", "30d"),
    ("last 90 days", "90d"),
    ("today", "today"),
    ("yesterday", "yesterday"),
    ("this week", "week"),
    ("last week", "last-week"),
    ("this month", "month"),
    ("last month", "last-month"),
    ("this year", "year"),
    ("last year", "last-year"),
    ("all time", "all"),
];

/// Metric choices.
pub const METRIC_CHOICES: &[(&str, &str)] = &[
    ("interactions", "interactions"),
    ("likes", "likes"),
    ("comments", "comments"),
    ("saves", "saves"),
    ("shares", "shares"),
    ("reach", "reach"),
    ("views", "views"),
    ("new followers", "follows"),
    ("profile visits", "profile-visits"),
    ("engagement rate", "er"),
];

const PERIOD: Argument = Argument {
    name: "period",
    description: "Which period (default: last 30 days)",
    kind: ArgumentKind::Period,
    required: false,
};

const HANDLE: Argument = Argument {
    name: "handle",
    description: "The Instagram handle",
    kind: ArgumentKind::Text,
    required: true,
};

const COMMENT: Argument = Argument {
    name: "comment",
    description: "The comment's number, as /comments and /leads show it",
    kind: ArgumentKind::Text,
    required: true,
};

const REPLY_TEXT: Argument = Argument {
    name: "text",
    description: "The reply (none: Pulse asks for it)",
    kind: ArgumentKind::Text,
    required: false,
};

/// Every command, in the order of SPEC §2.
pub static COMMANDS: &[Spec] = &[
    Spec {
        name: "start",
        aliases: &[],
        form: "",
        summary: "Greeting and what Pulse can do",
        arguments: &[],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: true,
        parse: |words, _| {
            Ok(Command::Start {
                payload: words.first().map(|p| (*p).to_owned()),
            })
        },
    },
    Spec {
        name: "help",
        aliases: &[],
        form: "",
        summary: "Commands, and questions to ask in plain words",
        arguments: &[],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |_, _| Ok(Command::Help),
    },
    Spec {
        name: "connect",
        aliases: &["link"],
        form: "[instagram|tiktok]",
        summary: "Link an Instagram Business or Creator account, or a TikTok account, to this chat",
        arguments: &[Argument {
            name: "network",
            description: "Which network (none: Instagram, or a choice when TikTok is on)",
            kind: ArgumentKind::Choice(&[("Instagram", "instagram"), ("TikTok", "tiktok")]),
            required: false,
        }],
        who: Who::ChatAdmins,
        reveals: Reveals::Always,
        slow: false,
        opens_the_chat: false,
        parse: |words, _| super::parse_connect(words),
    },
    Spec {
        name: "accounts",
        aliases: &[],
        form: "",
        summary: "The linked accounts, and the one in use",
        arguments: &[],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |_, _| Ok(Command::Accounts),
    },
    Spec {
        name: "use",
        aliases: &[],
        form: "@handle",
        summary: "Choose the account questions are about",
        arguments: &[HANDLE],
        who: Who::ChatAdmins,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |words, _| parse_use(words),
    },
    Spec {
        name: "disconnect",
        aliases: &["unlink"],
        form: "[@handle]",
        summary: "Unlink an account (the one in use when none is named)",
        arguments: &[Argument {
            description: "The Instagram handle (default: the one in use)",
            required: false,
            ..HANDLE
        }],
        who: Who::ChatAdmins,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |words, _| parse_disconnect(words),
    },
    api::PAUSE_SPEC,
    api::RESUME_SPEC,
    Spec {
        name: "stats",
        aliases: &["overview", "summary"],
        form: "[period]",
        summary: "Followers, reach, views, interactions, engagement rate, e.g. /stats 7d",
        arguments: &[PERIOD],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| parse_period_only(words, super::USAGE_STATS).map(Command::Stats),
    },
    Spec {
        name: "top",
        aliases: &[],
        form: "[metric] [period] [n]",
        summary: "Your best posts by a metric, e.g. /top saves 7d 3",
        arguments: &[
            Argument {
                name: "metric",
                description: "Ranked by (default: interactions)",
                kind: ArgumentKind::Metric,
                required: false,
            },
            PERIOD,
            Argument {
                name: "count",
                description: "How many posts (1–20, default 5)",
                kind: ArgumentKind::Count {
                    max: super::MAX_TOP as u64,
                },
                required: false,
            },
        ],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| parse_top(words),
    },
    Spec {
        name: "best_time",
        aliases: &["besttime", "best-time"],
        form: "",
        summary: "When to post",
        arguments: &[],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: true,
        opens_the_chat: false,
        parse: |_, _| Ok(Command::BestTime),
    },
    Spec {
        name: "fans",
        aliases: &[],
        form: "[period]",
        summary: "Who comments most",
        arguments: &[PERIOD],
        who: Who::Everyone,
        reveals: Reveals::Always,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| parse_period_only(words, super::USAGE_FANS).map(Command::Fans),
    },
    Spec {
        name: "leads",
        aliases: &[],
        form: "[open|replied|won|lost|all] [period]",
        summary: "Comments that look like buyers, with Reply, DM, Hide and Done buttons",
        arguments: &[
            Argument {
                name: "which",
                description: "Which leads (default: open)",
                kind: ArgumentKind::Choice(&[
                    ("open", "open"),
                    ("replied", "replied"),
                    ("won", "won"),
                    ("lost", "lost"),
                    ("done", "done"),
                    ("all", "all"),
                ]),
                required: false,
            },
            PERIOD,
        ],
        who: Who::Everyone,
        reveals: Reveals::Always,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| parse_leads(words),
    },
    Spec {
        name: "comments",
        aliases: &["inbox"],
        form: "[post link]",
        summary: "The newest comments, with buttons to reply, hide or mark them",
        arguments: &[Argument {
            name: "post",
            description: "A post's link (default: every post)",
            kind: ArgumentKind::Text,
            required: false,
        }],
        who: Who::Everyone,
        reveals: Reveals::Always,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| parse_comments(words),
    },
    Spec {
        name: "reply",
        aliases: &[],
        form: "<comment> [text]",
        summary: "Reply publicly to a comment (Pulse shows the reply before sending it)",
        arguments: &[COMMENT, REPLY_TEXT],
        who: Who::ChatAdmins,
        reveals: Reveals::Always,
        slow: false,
        opens_the_chat: false,
        parse: |words, rest| parse_reply(words, rest, crate::records::ReplyKind::Public),
    },
    Spec {
        name: "dm",
        aliases: &["reply_privately", "private_reply"],
        form: "<comment> [text]",
        summary: "Reply privately: one direct message to the commenter, within 7 days",
        arguments: &[COMMENT, REPLY_TEXT],
        who: Who::ChatAdmins,
        reveals: Reveals::Always,
        slow: false,
        opens_the_chat: false,
        parse: |words, rest| parse_reply(words, rest, crate::records::ReplyKind::Private),
    },
    Spec {
        name: "draft",
        aliases: &[],
        form: "<comment>",
        summary: "Let the language model draft a reply for you to approve",
        arguments: &[COMMENT],
        who: Who::ChatAdmins,
        reveals: Reveals::Always,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| one_comment(words, USAGE_DRAFT).map(Command::DraftReply),
    },
    Spec {
        name: "send",
        aliases: &[],
        form: "",
        summary: "Send the reply Pulse showed you",
        arguments: &[],
        who: Who::ChatAdmins,
        reveals: Reveals::Always,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| parse_send(words),
    },
    Spec {
        name: "cancel",
        aliases: &[],
        form: "",
        summary: "Drop the reply being written",
        arguments: &[],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |_, _| Ok(Command::Cancel),
    },
    Spec {
        name: "hide",
        aliases: &[],
        form: "<comment>",
        summary: "Hide a comment on Instagram",
        arguments: &[COMMENT],
        who: Who::ChatAdmins,
        reveals: Reveals::Nothing,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| {
            one_comment(words, USAGE_HIDE).map(|comment| Command::Hide {
                comment,
                hidden: true,
            })
        },
    },
    Spec {
        name: "unhide",
        aliases: &["show"],
        form: "<comment>",
        summary: "Show a hidden comment again",
        arguments: &[COMMENT],
        who: Who::ChatAdmins,
        reveals: Reveals::Nothing,
        slow: true,
        opens_the_chat: false,
        parse: |words, _| {
            one_comment(words, USAGE_HIDE).map(|comment| Command::Hide {
                comment,
                hidden: false,
            })
        },
    },
    Spec {
        name: "lead",
        aliases: &[],
        form: "<comment> done|won|lost|open",
        summary: "Mark a lead done, won or lost (or open again)",
        arguments: &[
            COMMENT,
            Argument {
                name: "mark",
                description: "What it became",
                kind: ArgumentKind::Choice(&[
                    ("done", "done"),
                    ("won", "won"),
                    ("lost", "lost"),
                    ("open again", "open"),
                ]),
                required: true,
            },
        ],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |words, _| parse_lead(words),
    },
    Spec {
        name: "templates",
        aliases: &["template"],
        form: "[add <name> <text>|remove <name>]",
        summary: "Saved replies (price, shipping, sizes) offered when you reply",
        arguments: &[
            Argument {
                name: "action",
                description: "What to do (none: list them)",
                kind: ArgumentKind::Choice(&[("add", "add"), ("remove", "remove")]),
                required: false,
            },
            Argument {
                name: "name",
                description: "The saved reply's name, one word",
                kind: ArgumentKind::Text,
                required: false,
            },
            Argument {
                name: "text",
                description: "The reply (with add)",
                kind: ArgumentKind::Text,
                required: false,
            },
        ],
        who: Who::ChatAdminsToChange,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: parse_templates,
    },
    Spec {
        name: "alerts",
        aliases: &[],
        form: "[on|off|all|quiet 22:00-08:00]",
        summary: "A message for each new lead (or comment) as it arrives",
        arguments: &[
            Argument {
                name: "setting",
                description: "What to do (none: show the setting)",
                kind: ArgumentKind::Choice(&[
                    ("new leads", "on"),
                    ("every new comment", "all"),
                    ("off", "off"),
                    ("quiet hours", "quiet"),
                ]),
                required: false,
            },
            Argument {
                name: "hours",
                description: "Quiet hours like 22:00-08:00, or off",
                kind: ArgumentKind::Text,
                required: false,
            },
        ],
        who: Who::ChatAdminsToChange,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |words, _| parse_alerts(words),
    },
    posts::POST_SPEC,
    posts::SCHEDULE_SPEC,
    posts::PUBLISH_SPEC,
    posts::CAPTION_SPEC,
    posts::QUEUE_SPEC,
    posts::DROP_SPEC,
    posts::FIT_SPEC,
    posts::RETRY_SPEC,
    Spec {
        name: "digest",
        aliases: &[],
        form: "[on|off|now|time 08:30]",
        summary: "The daily digest: on, off, one now, or its time (alone: when it comes)",
        arguments: &[
            Argument {
                name: "action",
                description: "What to do (none: show the setting)",
                kind: ArgumentKind::Choice(&[
                    ("turn on", "on"),
                    ("turn off", "off"),
                    ("send one now", "now"),
                    ("set the time", "time"),
                ]),
                required: false,
            },
            Argument {
                name: "time",
                description: "Local time like 08:30 (with \"set the time\")",
                kind: ArgumentKind::Text,
                required: false,
            },
            Argument {
                name: "channel",
                description: "Move the digest and news of linked accounts to this channel",
                kind: ArgumentKind::Channel,
                required: false,
            },
        ],
        who: Who::ChatAdminsToChange,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |words, _| parse_digest(words),
    },
    Spec {
        name: "timezone",
        aliases: &["tz"],
        form: "[zone]",
        summary: "This chat's time zone, e.g. /timezone Europe/Berlin (alone: the one in use)",
        arguments: &[Argument {
            name: "zone",
            description: "An IANA zone like Europe/Berlin (none: show the one in use)",
            kind: ArgumentKind::Text,
            required: false,
        }],
        who: Who::ChatAdminsToChange,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |words, _| parse_timezone(words),
    },
    Spec {
        name: "ask",
        aliases: &[],
        form: "<question>",
        summary: "A question in plain words (in a private chat, just write it)",
        arguments: &[Argument {
            name: "question",
            description: "e.g. which post got the most saves last month?",
            kind: ArgumentKind::Text,
            required: true,
        }],
        who: Who::Everyone,
        reveals: Reveals::WhenTheQuestionDoes,
        slow: true,
        opens_the_chat: false,
        parse: |_, rest| question(rest),
    },
    Spec {
        name: "export",
        aliases: &[],
        form: "",
        summary: "Everything Pulse stores for this chat, as a JSON file",
        arguments: &[],
        who: Who::ChatAdmins,
        reveals: Reveals::Always,
        slow: true,
        opens_the_chat: false,
        parse: |_, _| Ok(Command::Export),
    },
    api::APIKEY_SPEC,
    Spec {
        name: "forget",
        aliases: &[],
        form: "",
        summary: "Delete everything Pulse stores for this chat",
        arguments: &[],
        who: Who::ChatAdmins,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |words, _| parse_forget(words),
    },
    Spec {
        name: "privacy",
        aliases: &[],
        form: "",
        summary: "What is stored, for how long, and how to delete it",
        arguments: &[],
        who: Who::Everyone,
        reveals: Reveals::Nothing,
        slow: false,
        opens_the_chat: false,
        parse: |_, _| Ok(Command::Privacy),
    },
];

/// The spec of `name` (or one of its other spellings) in `table`.
pub fn find<'t>(table: &'t [Spec], name: &str) -> Option<&'t Spec> {
    table
        .iter()
        .find(|spec| spec.name == name || spec.aliases.contains(&name))
}

/// The commands part of `/help`: a line for each command of `table`.
pub fn help_lines(table: &[Spec]) -> String {
    table
        .iter()
        .map(Spec::help_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses one chat message against `table`: the command and the spec it matched. Text that
/// does not start with `/` is a question.
pub fn parse_in<'t>(table: &'t [Spec], text: &str) -> Result<(Command, &'t Spec), CommandError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(error("The message is empty.", super::USAGE_HELP));
    }
    let ask = || find(table, "ask").expect("the table has /ask");
    let Some(command_text) = text.strip_prefix('/') else {
        return question(text).map(|command| (command, ask()));
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
    let words: Vec<&str> = rest.split_whitespace().collect();
    let spec = find(table, &name).ok_or_else(|| {
        error(
            format!("I don't know the command /{name}."),
            super::USAGE_HELP,
        )
    })?;
    (spec.parse)(&words, rest).map(|command| (command, spec))
}

/// Whether a digest action changes the chat's settings (`on`, `off`, a time).
pub(super) fn digest_changes_a_setting(action: DigestAction) -> bool {
    matches!(
        action,
        DigestAction::On | DigestAction::Off | DigestAction::Time(_)
    )
}
