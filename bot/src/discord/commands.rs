//! Pulse's slash commands: their definitions (typed options, choices for metric and period,
//! Manage Server for settings) and the one mapping from a used command back to Pulse's
//! command text, so the engine hears `/top saves 7d 3` whatever the platform.

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption, Permissions};

/// Period choices: label and the value Pulse parses.
pub const PERIODS: &[(&str, &str)] = &[
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
pub const METRICS: &[(&str, &str)] = &[
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

/// Commands Discord shows only to members with Manage Server (`default_member_permissions`):
/// those that can change the server's settings or hand out or delete its data. Pulse checks
/// each use itself too ([`engine::Command::needs_chat_admin`]).
pub const SETTINGS: &[&str] = &[
    "connect",
    "disconnect",
    "digest",
    "timezone",
    "export",
    "forget",
    "use",
];

fn choices(mut option: CreateCommandOption, values: &[(&str, &str)]) -> CreateCommandOption {
    for (label, value) in values {
        option = option.add_string_choice(*label, *value);
    }
    option
}

fn period_option() -> CreateCommandOption {
    choices(
        CreateCommandOption::new(
            CommandOptionType::String,
            "period",
            "Which period (default: last 30 days)",
        ),
        PERIODS,
    )
}

/// Every slash command, in the order of SPEC §2.
pub fn definitions() -> Vec<CreateCommand> {
    let command = |name: &str, description: &str| {
        let command = CreateCommand::new(name).description(description);
        if SETTINGS.contains(&name) {
            command.default_member_permissions(Permissions::MANAGE_GUILD)
        } else {
            command
        }
    };
    vec![
        command("help", "What Pulse can do, and example questions"),
        command("connect", "Link an Instagram account to this server"),
        command("accounts", "The linked Instagram accounts"),
        command("use", "Choose the account questions are about").add_option(
            CreateCommandOption::new(CommandOptionType::String, "handle", "The Instagram handle")
                .required(true),
        ),
        command("disconnect", "Unlink an Instagram account").add_option(CreateCommandOption::new(
            CommandOptionType::String,
            "handle",
            "The Instagram handle (default: the one in use)",
        )),
        command(
            "stats",
            "Overview: followers, reach, views, interactions, engagement rate",
        )
        .add_option(period_option()),
        command("top", "The best posts by a metric")
            .add_option(choices(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "metric",
                    "Ranked by (default: interactions)",
                ),
                METRICS,
            ))
            .add_option(period_option())
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::Integer,
                    "count",
                    "How many posts (1–20, default 5)",
                )
                .min_int_value(1)
                .max_int_value(20),
            ),
        command("best_time", "When to post"),
        command("fans", "Who comments most").add_option(period_option()),
        command("leads", "Unanswered comments that look like buyers").add_option(period_option()),
        command("digest", "The daily digest: on, off, now, or a time")
            .add_option(choices(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "action",
                    "What to do (none: show the setting)",
                ),
                &[
                    ("turn on", "on"),
                    ("turn off", "off"),
                    ("send one now", "now"),
                    ("set the time", "time"),
                ],
            ))
            .add_option(CreateCommandOption::new(
                CommandOptionType::String,
                "time",
                "Local time like 08:30 (with \"set the time\")",
            ))
            .add_option(CreateCommandOption::new(
                CommandOptionType::Channel,
                "channel",
                "Move the digest and news of linked accounts to this channel",
            )),
        command(
            "timezone",
            "This server's time zone for periods and the digest",
        )
        .add_option(CreateCommandOption::new(
            CommandOptionType::String,
            "zone",
            "An IANA zone like Europe/Berlin (none: show the one in use)",
        )),
        command("ask", "A question in plain words").add_option(
            CreateCommandOption::new(
                CommandOptionType::String,
                "question",
                "e.g. which post got the most saves last month?",
            )
            .required(true),
        ),
        command(
            "export",
            "A JSON file of everything Pulse stores for this server",
        ),
        command("forget", "Delete everything Pulse stores for this server"),
        command("privacy", "What Pulse stores, and how to delete it"),
    ]
}

/// An option value as Discord sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    /// A string option.
    Text(String),
    /// An integer option.
    Integer(i64),
    /// A channel option (its id).
    Channel(String),
}

/// The Pulse command text of a used slash command; the channel option, if any, separately.
pub fn command_text(name: &str, options: &[(String, OptionValue)]) -> (String, Option<String>) {
    let text = |key: &str| {
        options.iter().find_map(|(n, v)| match v {
            OptionValue::Text(t) if n == key => Some(t.trim().to_owned()),
            OptionValue::Integer(i) if n == key => Some(i.to_string()),
            _ => None,
        })
    };
    let channel = options.iter().find_map(|(_, v)| match v {
        OptionValue::Channel(id) => Some(id.clone()),
        _ => None,
    });
    let parts: Vec<String> = match name {
        "top" => ["metric", "period", "count"]
            .iter()
            .filter_map(|k| text(k))
            .collect(),
        "digest" => match text("action").as_deref() {
            Some("time") => vec!["time".into(), text("time").unwrap_or_default()],
            Some(action) => vec![action.to_owned()],
            None => Vec::new(),
        },
        "stats" | "fans" | "leads" => text("period").into_iter().collect(),
        "use" | "disconnect" => text("handle").into_iter().collect(),
        "timezone" => text("zone").into_iter().collect(),
        "ask" => text("question").into_iter().collect(),
        _ => Vec::new(),
    };
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    let text = if parts.is_empty() {
        format!("/{name}")
    } else {
        format!("/{name} {}", parts.join(" "))
    };
    (text, channel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> OptionValue {
        OptionValue::Text(value.into())
    }

    #[test]
    fn used_commands_become_pulse_command_text() {
        type Case = (&'static str, Vec<(String, OptionValue)>, &'static str);
        let cases: Vec<Case> = vec![
            (
                "top",
                vec![
                    ("metric".into(), text("saves")),
                    ("period".into(), text("7d")),
                    ("count".into(), OptionValue::Integer(3)),
                ],
                "/top saves 7d 3",
            ),
            ("top", vec![], "/top"),
            (
                "stats",
                vec![("period".into(), text("last-month"))],
                "/stats last-month",
            ),
            (
                "digest",
                vec![
                    ("action".into(), text("time")),
                    ("time".into(), text("08:30")),
                ],
                "/digest time 08:30",
            ),
            (
                "digest",
                vec![("action".into(), text("now"))],
                "/digest now",
            ),
            (
                "ask",
                vec![("question".into(), text("  best reel last week? "))],
                "/ask best reel last week?",
            ),
            ("use", vec![("handle".into(), text("@shop"))], "/use @shop"),
            (
                "timezone",
                vec![("zone".into(), text("Europe/Berlin"))],
                "/timezone Europe/Berlin",
            ),
            ("connect", vec![], "/connect"),
            ("digest", vec![], "/digest"),
            ("timezone", vec![], "/timezone"),
        ];
        for (name, options, expected) in cases {
            assert_eq!(command_text(name, &options).0, expected);
        }
        let (_, channel) = command_text(
            "digest",
            &[
                ("action".into(), text("on")),
                ("channel".into(), OptionValue::Channel("42".into())),
            ],
        );
        assert_eq!(channel.as_deref(), Some("42"));
    }

    #[test]
    fn every_definition_is_a_pulse_command_and_settings_need_manage_server() {
        let definitions = definitions();
        assert_eq!(definitions.len(), 16);
        for definition in &definitions {
            let json = serde_json::to_value(definition).unwrap();
            let name = json["name"].as_str().unwrap();
            let parsed = engine::Command::parse(
                &command_text(
                    name,
                    &[
                        ("handle".into(), text("shop")),
                        ("zone".into(), text("UTC")),
                        ("question".into(), text("reach?")),
                        ("action".into(), text("on")),
                    ],
                )
                .0,
            );
            assert!(parsed.is_ok(), "/{name}: {parsed:?}");
            if parsed
                .as_ref()
                .is_ok_and(|command| command.needs_chat_admin())
            {
                assert!(SETTINGS.contains(&name), "/{name} is hidden from members");
            }
            let admin = json["default_member_permissions"].as_str() == Some("32");
            assert_eq!(
                admin,
                SETTINGS.contains(&name),
                "/{name} permissions: {json}"
            );
            assert!(json["description"].as_str().unwrap().len() <= 100);
        }
    }
}
